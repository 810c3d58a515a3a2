package nest

import (
	"fmt"
	"math"
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
	T := z.dc[d].size[c]
	ext := z.dc[d].ext[z.dc[d].extOf[c]]
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
			if rng.IntN(4) == 0 {
				pol.Spatial = ir.NoReuse
			}
			pol.RMWFirstUpdate = rng.IntN(3) == 0
			lv.Policies = append(lv.Policies, pol)
		}
		a.Levels = append(a.Levels, lv)
	}
	for d := 0; d < 3; d++ { // Timeloop requires every dataspace kept somewhere
		a.Levels[rng.IntN(nl)].Policies[d].Temporal = ir.Keep
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
				require.Equal(t, nc, z.dc[d].ncls[i], "case %d ds %d level %d groups", n, d, i)
				require.Equal(t, mx*1, z.dc[d].maxm[i]*1, "case %d ds %d level %d max group", n, d, i)
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

// refTile is one storage level's DataMovementInfo in Timeloop's tiling.cpp
// (index 0 = innermost).
type refTile struct {
	size, partition, content, pas float64
	stats                         map[int64]float64 // multicast -> accesses
	fanout                        float64
	rf                            int64 // replication factor
	denom                         float64
}

// refCollapse runs Timeloop's CollapseDataMovementNest steps literally
// (ComputePartitionSizes, ComputeParentAccessShare, MaskTiles,
// ProcessOuterMaskedLevels, ComputeReadUpdateReductionAccesses_Legacy) on
// the per-level data of dataspace d, with float access stats as Timeloop
// keeps them, and returns the Stats per ir level.
func refCollapse(z *Analyzer, d int, rule Rule) []Stats {
	nl := z.nLev
	tl := make([]refTile, nl) // tl[k] is ir level nl-1-k
	for k := 0; k < nl; k++ {
		i := nl - 1 - k
		t := &tl[k]
		t.size = float64(z.dc[d].size[i])
		var F int64
		if i == nl-1 {
			F = z.prefix[z.nT]
		} else {
			F = bruteF(z, i+1, d, rule)
		}
		nc, mx := bruteGroups(z, i, d)
		t.stats = map[int64]float64{}
		if z.noSR[i][d] || z.pfan[i] == 1 {
			t.stats[1] = float64(F * z.pfan[i])
		} else {
			// group sizes: mx for all groups when uniform; recompute exactly
			loops := z.sl[z.spStart[i]:z.spEnd[i]]
			idx := make([]int64, len(loops))
			count := map[string]int64{}
			for {
				var off [MaxRanks]int64
				for r := 0; r < z.nRanks[d]; r++ {
					for q, l := range loops {
						off[r] += z.coef[d][l.dim][r] * l.stride * idx[q]
					}
				}
				count[fmt.Sprint(off)]++
				q := 0
				for ; q < len(loops); q++ {
					idx[q]++
					if idx[q] < loops[q].end {
						break
					}
					idx[q] = 0
				}
				if q == len(loops) {
					break
				}
			}
			for _, m := range count {
				t.stats[m] += float64(F)
			}
			_ = nc
			_ = mx
		}
		t.fanout = float64(z.pfan[i])
		t.rf = z.rep[i]
		for _, a := range t.stats {
			t.content += a
		}
	}
	// partition_fraction_denominator of each inner tile
	for k := 0; k+1 < nl; k++ {
		o := nl - 1 - (k + 1) // ir index of the outer level
		if z.spEnd[o] > z.spStart[o] {
			tl[k].denom = float64(z.dc[d].union[o])
		} else {
			tl[k].denom = tl[k].size
		}
	}
	// ComputePartitionSizes
	ps := tl[nl-1].size
	tl[nl-1].partition = ps
	for k := nl - 2; k >= 0; k-- {
		ps = float64(int64(ps) * int64(tl[k].size) / int64(tl[k].denom))
		tl[k].partition = ps
	}
	// ComputeParentAccessShare
	for k := 0; k+1 < nl; k++ {
		for m, a := range tl[k+1].stats {
			tl[k].pas += a * float64(m) / tl[k+1].fanout
		}
	}
	mask := func(k int) bool { i := nl - 1 - k; return z.kept[i][d] }
	nc := func(k int) bool { i := nl - 1 - k; return z.noCoalesce[i][d] }
	// MaskTiles
	for k := 0; k < nl; k++ {
		if tl[k].size == 0 || (mask(k) && !nc(k)) {
			continue
		}
		o := k + 1
		for o < nl && tl[o].size == 0 {
			o++
		}
		if o == nl {
			if !mask(k) {
				tl[k].size, tl[k].partition, tl[k].content, tl[k].pas = 0, 0, 0, 0
			}
			break
		}
		weighted := 0.0
		for m, a := range tl[o].stats {
			weighted += a * float64(m)
		}
		factor := tl[k].content * tl[o].fanout / weighted
		tl[o].content = 0
		for m := range tl[o].stats {
			tl[o].stats[m] *= factor
			tl[o].content += tl[o].stats[m]
		}
		if !mask(k) {
			tl[k].size, tl[k].partition, tl[k].content, tl[k].pas = 0, 0, 0, 0
		}
	}
	// ProcessOuterMaskedLevels
	reset := make([]bool, nl)
	for k := nl - 1; k >= 0; k-- {
		if !mask(k) || nc(k) {
			tl[k].size, tl[k].partition, tl[k].content, tl[k].pas = 0, 0, 0, 0
			tl[k].stats, tl[k].fanout = nil, 0
			reset[k] = true
			continue
		}
		tl[k].pas = 0
		break
	}
	out := make([]Stats, nl)
	for k := 0; k < nl; k++ {
		i := nl - 1 - k
		t := &tl[k]
		st := &out[i]
		st.Kept = z.kept[i][d]
		st.UtilizedInstances = t.rf
		st.NetworkFanout = int64(t.fanout)
		for m, a := range t.stats {
			st.MulticastFactor = max(st.MulticastFactor, m)
			if z.rw[d] {
				st.SpatialReductions += int64(math.Round(float64(m-1) * a))
			}
		}
		if t.size == 0 {
			continue
		}
		st.TileSize, st.PartitionSize = int64(t.size), int64(t.partition)
		outermost := true
		for q := k + 1; q < nl; q++ {
			if tl[q].size > 0 {
				outermost = false
			}
		}
		C, A, P := t.content, t.pas, t.partition
		if z.rw[d] {
			st.Updates = int64(math.Round(C))
			switch {
			case nc(k):
				st.Reads, st.Fills = int64(math.Round(C)), int64(math.Round(C))
			case z.rmw[i][d]:
				st.Reads, st.Fills = int64(math.Round(C)), int64(math.Round(A))
			default:
				st.Reads = int64(math.Round(C - P))
				if outermost {
					st.Fills = int64(math.Round(A))
				} else {
					st.Fills = int64(math.Round(A - P))
				}
			}
			st.TemporalReductions = st.Reads
		} else {
			st.Reads, st.Fills = int64(math.Round(C)), int64(A)
		}
	}
	return out
}

// TestAnalyzeMatchesTimeloopCollapse runs Analyze on random conv mappings
// with random policies (keep, coalesce, pass, bypass, spatial no-reuse,
// rmw_first_update) and compares every Stats field with the literal
// Timeloop collapse procedure fed by the replayed delta sums.
func TestAnalyzeMatchesTimeloopCollapse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 300; n++ {
		p, a, m := randomCase(rng)
		z, err := New(p, a)
		require.NoError(t, err)
		for _, rule := range []Rule{RuleHead, RulePre2025} {
			res, err := z.Analyze(m, Options{Rule: rule})
			require.NoError(t, err)
			got := *res
			for d := 0; d < z.nDS; d++ {
				z.tiles(d) // refCollapse reads the tiles
				want := refCollapse(z, d, rule)
				for i := 0; i < z.nLev; i++ {
					require.Equal(t, want[i], got.Levels[i].DS[d], "case %d rule %v level %d ds %d\n%v", n, rule, i, d, ir.FormatMapping(p, a, m))
				}
			}
		}
	}
}
