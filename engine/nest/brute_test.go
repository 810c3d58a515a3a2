package nest

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// bruteF replays Timeloop's OperationSpace::SaveAndSubtractIfSameStride
// state machine (HEAD body as in timeloop-semantics.md §3.2, and the
// pre-2025 body described there) over every iteration of the temporal
// loops above level c, for one instance, and sums the delta sizes. It is
// the literal definition the closed form in fseq must reproduce.
func bruteF(z *Analyzer, c, d int, rule Rule) int64 {
	T := z.size[c]
	ext := z.ext[c]
	nr := z.nRanks[d]
	loops := z.tl[z.aboveStart[c]:z.nT]
	idx := make([]int64, len(loops))
	var prev [MaxRanks]int64
	var prevT [MaxRanks]int64
	havePrev, prevTNull := false, true
	var F int64
	for {
		var cur [MaxRanks]int64
		for r := 0; r < nr; r++ {
			for k, l := range loops {
				cur[r] += z.coef[d][l.dim][r] * l.stride * idx[k]
			}
		}
		var delta int64
		switch {
		case z.noTR[c][d]:
			delta = T
		case !havePrev:
			delta = T // cur \ empty; the translation is null
		default:
			var t [MaxRanks]int64
			zero := true
			for r := 0; r < nr; r++ {
				t[r] = cur[r] - prev[r]
				if t[r] != 0 {
					zero = false
				}
			}
			sub := func() int64 { return deltaBrute(T, ext, t, nr) }
			same := !prevTNull && t == prevT
			if rule == RuleHead {
				switch {
				case zero:
					delta = 0
				case prevTNull:
					delta, prevT, prevTNull = sub(), t, false
				case same:
					delta = sub()
				default:
					delta, prevTNull = T, true
				}
			} else {
				switch {
				case prevTNull:
					delta, prevT, prevTNull = sub(), t, false
				case same:
					delta = sub()
				default:
					delta, prevTNull = T, true
				}
			}
		}
		F += delta
		prev, havePrev = cur, true
		k := 0
		for ; k < len(loops); k++ {
			idx[k]++
			if idx[k] < loops[k].end {
				break
			}
			idx[k] = 0
		}
		if k == len(loops) {
			return F
		}
	}
}

func deltaBrute(T int64, ext, t [MaxRanks]int64, nr int) int64 {
	ov := int64(1)
	for r := 0; r < nr; r++ {
		a := t[r]
		if a < 0 {
			a = -a
		}
		ov *= max(0, ext[r]-a)
	}
	return T - ov
}

// bruteGroups enumerates every child of level i and groups them by tile
// offset: the number of groups and the largest group.
func bruteGroups(z *Analyzer, i, d int) (int64, int64) {
	if z.noSR[i][d] {
		return z.pfan[i], 1
	}
	loops := z.sl[z.spStart[i]:z.spEnd[i]]
	idx := make([]int64, len(loops))
	count := map[string]int64{}
	for {
		var off [MaxRanks]int64
		for r := 0; r < z.nRanks[d]; r++ {
			for k, l := range loops {
				off[r] += z.coef[d][l.dim][r] * l.stride * idx[k]
			}
		}
		count[fmt.Sprint(off)]++
		k := 0
		for ; k < len(loops); k++ {
			idx[k]++
			if idx[k] < loops[k].end {
				break
			}
			idx[k] = 0
		}
		if k == len(loops) {
			break
		}
	}
	mx := int64(0)
	for _, v := range count {
		mx = max(mx, v)
	}
	return int64(len(count)), mx
}

// randomCase builds a conv-like problem (sliding windows with random
// strides and dilations, a rank mixing two dimensions), a 4-level
// architecture and a random perfect mapping.
func randomCase(rng *rand.Rand) (*ir.Problem, *ir.Arch, *ir.Mapping) {
	sizes := []int{2, 3, 4, 6, 8}
	pick := func() int { return sizes[rng.IntN(len(sizes))] }
	p := &ir.Problem{Name: "rand", Dims: []ir.Dim{
		{Name: "C", Size: pick()}, {Name: "M", Size: pick()}, {Name: "R", Size: 1 + rng.IntN(3)},
		{Name: "S", Size: 1 + rng.IntN(3)}, {Name: "P", Size: pick()}, {Name: "Q", Size: pick()},
	}}
	ws, wd := 1+rng.IntN(3), 1+rng.IntN(2)
	hs, hd := 1+rng.IntN(2), 1+rng.IntN(3)
	p.Dataspaces = []ir.Dataspace{
		{Name: "Weights", Ranks: []ir.Rank{{{Dim: 0, Coef: 1}}, {{Dim: 1, Coef: 1}}, {{Dim: 2, Coef: 1}}, {{Dim: 3, Coef: 1}}}},
		{Name: "Inputs", Ranks: []ir.Rank{{{Dim: 0, Coef: 1}}, {{Dim: 2, Coef: wd}, {Dim: 4, Coef: ws}}, {{Dim: 3, Coef: hd}, {Dim: 5, Coef: hs}}}},
		{Name: "Outputs", ReadWrite: true, Ranks: []ir.Rank{{{Dim: 1, Coef: 1}}, {{Dim: 4, Coef: 1}}, {{Dim: 5, Coef: 1}}}},
	}
	nl := 4
	a := &ir.Arch{Name: "rand"}
	for i := 0; i < nl; i++ {
		lv := ir.Level{Name: fmt.Sprint("L", i), Kind: ir.Storage, FanoutX: 64, FanoutY: 64}
		for d := 0; d < 3; d++ {
			pol := ir.Policy{Temporal: ir.Temporal(rng.IntN(4))}
			if i == 0 {
				pol.Temporal = ir.Keep
			}
			if rng.IntN(4) == 0 {
				pol.Spatial = ir.NoReuse
			}
			pol.RMWFirstUpdate = rng.IntN(3) == 0
			lv.Policies = append(lv.Policies, pol)
		}
		a.Levels = append(a.Levels, lv)
	}
	a.Levels = append(a.Levels, ir.Level{Name: "MAC", Kind: ir.Compute})
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, nl+1)}
	for d, dim := range p.Dims {
		rest := dim.Size
		for rest > 1 {
			f := 1
			for f2 := 2; f2 <= rest; f2++ {
				if rest%f2 == 0 {
					f = f2
					break
				}
			}
			lvl := rng.IntN(nl)
			loop := ir.Loop{Dim: d, Bound: f}
			if rng.IntN(3) == 0 {
				loop.Spatial = true
				loop.Axis = ir.Axis(rng.IntN(2))
				m.Levels[lvl].Spatial = append(m.Levels[lvl].Spatial, loop)
			} else {
				tl := m.Levels[lvl].Temporal
				at := rng.IntN(len(tl) + 1)
				tl = append(tl[:at], append([]ir.Loop{loop}, tl[at:]...)...)
				m.Levels[lvl].Temporal = tl
			}
			rest /= f
		}
	}
	return p, a, m
}

// TestClosedFormMatchesReplay checks fseq and groups against the literal
// replay on random conv mappings, under both rules.
func TestClosedFormMatchesReplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for n := 0; n < 400; n++ {
		p, a, m := randomCase(rng)
		z, err := New(p, a)
		require.NoError(t, err)
		require.NoError(t, z.build(m))
		for d := 0; d < z.nDS; d++ {
			z.sumStart = -1 // the step summary is per dataspace
			z.tiles(d)
			for i := 0; i < z.nLev; i++ {
				z.groups(i, d)
				nc, mx := bruteGroups(z, i, d)
				require.Equal(t, nc, z.ncls[i], "case %d ds %d level %d groups", n, d, i)
				require.Equal(t, mx*1, z.maxm[i]*1, "case %d ds %d level %d max group", n, d, i)
				for _, rule := range []Rule{RuleHead, RulePre2025} {
					want := bruteF(z, i, d, rule)
					require.Equal(t, want, z.fseq(i, d, rule), "case %d ds %d level %d rule %v\n%v", n, d, i, rule, ir.FormatMapping(p, a, m))
					checked++
				}
			}
		}
	}
	t.Logf("checked %d (level, dataspace, rule) sequences", checked)
}
