package mapper

import (
	"testing"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// TestOrderEquivalenceExact checks the loop-order reduction directly: for
// every factorization of small problems and every permutation of every
// level's loops, exactly one canonical order of the mapspace is equivalent
// to it (same relative order of every pair of loops that do not commute)
// and the engine gives both the same energy and cycles, under both reuse
// rules. Problems: sliding windows with dilation over three levels that
// all keep every dataspace (p03, capacities dropped), a 2-D fanout with
// strides (p02) and four levels with bypass (p06).
func TestOrderEquivalenceExact(t *testing.T) {
	cases := []struct {
		name  string
		sizes map[string]int
	}{
		{"p03_conv2d_dilation2_rules_differ", map[string]int{"C": 2, "M": 2, "R": 3, "P": 4, "S": 2}},
		{"p02_conv2d_stride2_3level", map[string]int{"C": 2, "M": 2, "R": 3, "Q": 2, "S": 2}},
		{"p06_matmul_4level_underutilized", map[string]int{"M": 2, "K": 4, "N": 2}},
		// CiM hierarchies: pass (no_coalesce) levels below a keeper, with
		// loops allowed everywhere.
		{"p12_cim_input_buffer_rules_differ", map[string]int{"C": 2, "P": 2, "R": 2, "M": 2}},
		{"p08_cim_basic_analog_bits_spatial", map[string]int{"C": 2, "P": 2, "Q": 2}},
		{"p10_cim_shift_add_two_arrays", map[string]int{"C": 2, "X": 2, "P": 2}},
		{"p11_cim_fetch_weights_stride2", map[string]int{"M": 2, "R": 3, "P": 2}},
	}
	for _, c := range cases {
		for _, rule := range []nest.Rule{nest.RuleHead, nest.RulePre2025} {
			p, a, tab := shrunk(t, c.name, c.sizes)
			for i := range a.Levels {
				a.Levels[i].Depth = 0
			}
			s, dl := NewSpace(p, a, SpaceOptions{AllowPassLoops: true})
			require.False(t, dl.HasErrors(), "%v", dl)
			ev, dl := engine.NewEvaluator(p, a, tab)
			require.Empty(t, dl)
			opt := Options{Rule: rule}
			w := newWorker(s, tab, &opt, nil, nil)
			checked, classes := 0, 0
			var rec func(d int)
			rec = func(d int) {
				if d < s.nDim {
					for ch := 0; ch < s.nChoice[d]; ch++ {
						if w.apply(d, ch) {
							rec(d + 1)
						}
						w.unapply(d)
					}
					return
				}
				if _, ok := w.prepare(); !ok {
					return
				}
				// For each level in turn, permute its loops with the other
				// levels in their first canonical order.
				for i := 0; i < s.nLev; i++ {
					o := w.sets[i]
					if o == nil || o.k < 2 {
						continue
					}
					classes += o.count
					cost := make([][2]float64, o.count)
					for j := 0; j < o.count; j++ {
						w.ord[i] = int32(j)
						w.buildTemporal(i)
						r, dl := ev.Evaluate(&w.m, engine.Options{Rule: rule})
						require.Empty(t, dl)
						cost[j] = [2]float64{r.EnergyJ, float64(r.Cycles)}
					}
					dims := make([]int, o.k)
					for j, x := range o.word(0) {
						dims[j] = int(x)
					}
					permute(dims, func(perm []int) {
						match := -1
						for j := 0; j < o.count; j++ {
							if equivalent(perm, o.word(j), s.comm[i]) {
								require.Equal(t, -1, match, "two canonical orders match %v", perm)
								match = j
							}
						}
						require.GreaterOrEqual(t, match, 0, "no canonical order for %v", perm)
						m := &w.m
						saved := m.Levels[i].Temporal
						m.Levels[i].Temporal = nil
						for _, x := range perm {
							m.Levels[i].Temporal = append(m.Levels[i].Temporal, ir.Loop{Dim: x, Bound: int(w.tf[i][x])})
						}
						r, dl := ev.Evaluate(m, engine.Options{Rule: rule})
						require.Empty(t, dl)
						require.Equal(t, cost[match], [2]float64{r.EnergyJ, float64(r.Cycles)}, "order %v vs canonical %v", perm, o.word(match))
						m.Levels[i].Temporal = saved
						checked++
					})
					w.ord[i] = 0
					w.buildTemporal(i)
				}
			}
			rec(0)
			require.Positive(t, checked)
			t.Logf("%s %s: %d permutations checked against %d canonical orders", c.name, rule, checked, classes)
		}
	}
}

// equivalent reports whether permutations x and y order every pair of
// non-commuting dimensions alike (trace equivalence for words without
// repeated letters).
func equivalent(x []int, y []uint8, comm []uint64) bool {
	pos := map[int]int{}
	for j, d := range y {
		pos[int(d)] = j
	}
	for i := 0; i < len(x); i++ {
		for j := i + 1; j < len(x); j++ {
			a, b := x[i], x[j]
			if comm[a]>>uint(b)&1 == 1 {
				continue
			}
			if pos[a] > pos[b] {
				return false
			}
		}
	}
	return true
}

// TestLowerBoundSound: the bound that prunes the remaining orders of a
// factorization never exceeds the cost of any of its orders, for every
// metric (checked on every factorization and order of small problems whose
// hierarchies make several energy terms order-dependent).
func TestLowerBoundSound(t *testing.T) {
	for _, name := range []string{"p03_conv2d_dilation2_rules_differ", "p06_matmul_4level_underutilized", "p07_gemv_bandwidth_leakage",
		"p12_cim_input_buffer_rules_differ"} {
		sizes := map[string]int{"C": 2, "M": 4, "R": 3, "P": 4, "K": 4, "N": 2}
		if name == "p12_cim_input_buffer_rules_differ" {
			sizes = map[string]int{"C": 2, "P": 4, "R": 3}
		}
		p, a, tab := shrunk(t, name, sizes)
		for i := range a.Levels {
			a.Levels[i].Depth = 0
		}
		s, dl := NewSpace(p, a, SpaceOptions{AllowPassLoops: name == "p12_cim_input_buffer_rules_differ"})
		require.False(t, dl.HasErrors(), "%v", dl)
		for _, mt := range []Metric{Energy, Latency, EDP} {
			opt := Options{Metric: mt}
			w := newWorker(s, tab, &opt, nil, nil)
			n, tight := 0, 0
			var rec func(d int)
			rec = func(d int) {
				if d < s.nDim {
					for ch := 0; ch < s.nChoice[d]; ch++ {
						if w.apply(d, ch) {
							rec(d + 1)
						}
						w.unapply(d)
					}
					return
				}
				combos, ok := w.prepare()
				if !ok {
					return
				}
				_, lb, ok := w.evaluate(true)
				require.True(t, ok)
				min := -1.0
				for k := int64(0); k < combos; k++ {
					if k > 0 {
						w.nextOrder()
					}
					cost, _, ok := w.evaluate(false)
					require.True(t, ok)
					require.LessOrEqual(t, lb, cost*(1+1e-12), "%s %s", name, mt)
					if min < 0 || cost < min {
						min = cost
					}
					n++
				}
				if lb >= min*(1-1e-12) {
					tight++
				}
			}
			rec(0)
			require.Positive(t, n)
			t.Logf("%s %s: %d mappings, bound tight on %d factorizations", name, mt, n, tight)
		}
	}
}
