package nest

import (
	"math/rand/v2"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// cloneMapping deep-copies m's loops.
func cloneMapping(m *ir.Mapping) *ir.Mapping {
	c := &ir.Mapping{Levels: make([]ir.LevelMapping, len(m.Levels))}
	for i := range m.Levels {
		c.Levels[i].Temporal = append([]ir.Loop(nil), m.Levels[i].Temporal...)
		c.Levels[i].Spatial = append([]ir.Loop(nil), m.Levels[i].Spatial...)
	}
	return c
}

// TestIncrementalMatchesFresh: an Analyzer that analysed other mappings
// before (so that Analyze may take its incremental path when only the
// order of temporal loops changed), through Analyze or AnalyzeOrders,
// returns exactly what a fresh Analyzer returns, on random conv mappings whose levels are reordered, given
// duplicate dimensions, changed bounds, spatial axes swapped, or made
// invalid between calls.
func TestIncrementalMatchesFresh(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	reordered, unmoved := 0, 0
	for n := 0; n < 300; n++ {
		p, a, m := randomCase(rng)
		var warms [2]*Analyzer // one per rule, so that consecutive calls share it
		for r := range warms {
			z, err := New(p, a)
			require.NoError(t, err)
			warms[r] = z
		}
		for step := 0; step < 12; step++ {
			m2 := cloneMapping(m)
			var changed uint64 // the levels whose loops may differ from m's
			switch rng.IntN(8) {
			case 0: // split a temporal loop in two (duplicate dimension at one level)
				for i := range m2.Levels {
					tl := m2.Levels[i].Temporal
					for j, l := range tl {
						if l.Bound%2 == 0 && l.Bound > 2 {
							tl[j].Bound /= 2
							m2.Levels[i].Temporal = append(tl, ir.Loop{Dim: l.Dim, Bound: 2})
							break
						}
					}
				}
			case 1: // swap a spatial loop's axis
				for i := range m2.Levels {
					if sl := m2.Levels[i].Spatial; len(sl) > 0 {
						sl[0].Axis = 1 - sl[0].Axis
						break
					}
				}
			case 2: // an invalid bound
				if tl := m2.Levels[0].Temporal; len(tl) > 0 {
					tl[0].Bound = 0
				}
			case 3: // a unit loop somewhere (ignored by the analysis)
				i := rng.IntN(len(m2.Levels) - 1)
				m2.Levels[i].Temporal = append(m2.Levels[i].Temporal, ir.Loop{Dim: rng.IntN(len(p.Dims)), Bound: 1})
			default: // permute the temporal loops of random levels
				for i := range m2.Levels {
					if rng.IntN(2) == 0 {
						tl := m2.Levels[i].Temporal
						rng.Shuffle(len(tl), func(x, y int) { tl[x], tl[y] = tl[y], tl[x] })
						changed |= 1 << uint(i)
					}
				}
			}
			if changed == 0 || rng.IntN(4) == 0 {
				changed = 1<<uint(len(m2.Levels)-1) - 1 // every level may have changed
			}
			for _, rule := range []Rule{RuleHead, RulePre2025} {
				fresh, err := New(p, a)
				require.NoError(t, err)
				want, werr := fresh.Analyze(m2, Options{Rule: rule})
				warm := warms[rule]
				probe := *warm // what the call below will do, without its side effects
				var got *Result
				var gerr error
				if step%2 == 0 {
					if ok, moved := probe.reorder(m2); ok {
						reordered++
						if moved == 0 {
							unmoved++
						}
					}
					got, gerr = warm.Analyze(m2, Options{Rule: rule})
				} else {
					if ok, moved := probe.reorderLevels(m2, changed); ok {
						reordered++
						if moved == 0 {
							unmoved++
						}
					}
					got, gerr = warm.AnalyzeOrders(m2, changed, Options{Rule: rule})
				}
				require.Equal(t, werr, gerr, "case %d step %d", n, step)
				if werr != nil {
					continue
				}
				require.Equal(t, *want, *got, "case %d step %d rule %v\n%v", n, step, rule, ir.FormatMapping(p, a, m2))
			}
			if warms[0].warm && warms[1].warm {
				m = m2 // AnalyzeOrders' changed levels are relative to the last analysed mapping
			}
		}
	}
	require.Greater(t, reordered, 1000, "the incremental path must be exercised")
	require.Greater(t, reordered-unmoved, 400, "reorders that move loops must be exercised")
	t.Logf("%d incremental analyses, %d with the same orders", reordered, unmoved)
}
