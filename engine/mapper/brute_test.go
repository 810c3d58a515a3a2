package mapper

import (
	"context"
	"math"
	"testing"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bruteMin enumerates every mapping of p on a independently of the
// mapper: every ordered factorization of every dimension over the temporal
// loops of the storage levels and the spatial loops of the levels with a
// fanout, every assignment of each level's spatial dimensions to X or Y,
// and every permutation of every level's temporal loops of bound > 1. The
// engine validates each (fanouts, capacities) and evaluates the valid
// ones; keep (when not nil) filters mappings by the constraints under
// test. It returns the minimum of each metric and the number of valid
// mappings.
func bruteMin(t *testing.T, p *ir.Problem, a *ir.Arch, tab *engine.EnergyTable, rule nest.Rule, keep func(*ir.Mapping) bool) (minE, minC, minEDP float64, valid int) {
	t.Helper()
	ev, dl := engine.NewEvaluator(p, a, tab)
	require.Empty(t, dl)
	type slotRef struct{ level, kind int }
	var slots []slotRef
	for i := 0; i < len(a.Levels)-1; i++ {
		if a.Levels[i].Kind == ir.Storage {
			slots = append(slots, slotRef{i, 0})
		}
		if a.Levels[i].FanoutX*a.Levels[i].FanoutY > 1 {
			slots = append(slots, slotRef{i, 1})
		}
	}
	nd := len(p.Dims)
	// factorizations per dimension
	facts := make([][][]int, nd)
	for d := 0; d < nd; d++ {
		var rec func(j, rem int, cur []int)
		rec = func(j, rem int, cur []int) {
			if j == len(slots)-1 {
				facts[d] = append(facts[d], append(append([]int(nil), cur...), rem))
				return
			}
			for f := 1; f <= rem; f++ {
				if rem%f == 0 {
					rec(j+1, rem/f, append(cur, f))
				}
			}
		}
		rec(0, p.Dims[d].Size, nil)
	}
	minE, minC, minEDP = math.Inf(1), math.Inf(1), math.Inf(1)
	idx := make([]int, nd)
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, len(a.Levels))}
	for {
		// the factorization
		tf := make([][]int, len(a.Levels))
		sf := make([][]int, len(a.Levels))
		for i := range tf {
			tf[i] = make([]int, nd)
			sf[i] = make([]int, nd)
		}
		for d := 0; d < nd; d++ {
			for j, s := range slots {
				if s.kind == 0 {
					tf[s.level][d] = facts[d][idx[d]][j]
				} else {
					sf[s.level][d] = facts[d][idx[d]][j]
				}
			}
		}
		// spatial axis assignments: one bit per (level, dim) with factor > 1
		type sp struct{ level, dim, bound int }
		var sps []sp
		for i := range sf {
			for d := 0; d < nd; d++ {
				if sf[i][d] > 1 {
					sps = append(sps, sp{i, d, sf[i][d]})
				}
			}
		}
		for ax := 0; ax < 1<<len(sps); ax++ {
			for i := range m.Levels {
				m.Levels[i].Spatial = nil
			}
			for j, s := range sps {
				axis := ir.AxisX
				if ax>>j&1 == 1 {
					axis = ir.AxisY
				}
				m.Levels[s.level].Spatial = append(m.Levels[s.level].Spatial, ir.Loop{Dim: s.dim, Bound: s.bound, Spatial: true, Axis: axis})
			}
			fits := true
			for i := range m.Levels {
				x, y := 1, 1
				for _, l := range m.Levels[i].Spatial {
					if l.Axis == ir.AxisY {
						y *= l.Bound
					} else {
						x *= l.Bound
					}
				}
				fits = fits && x <= max(a.Levels[i].FanoutX, 1) && y <= max(a.Levels[i].FanoutY, 1)
			}
			if !fits {
				continue // the engine would report E0402
			}
			// every permutation of every level's temporal loops
			var perms func(i int)
			perms = func(i int) {
				if i == len(a.Levels) {
					if keep != nil && !keep(m) {
						return
					}
					r, dl := ev.Evaluate(m, engine.Options{Rule: rule})
					if len(dl) > 0 {
						return
					}
					valid++
					minE = math.Min(minE, r.EnergyJ)
					minC = math.Min(minC, float64(r.Cycles))
					minEDP = math.Min(minEDP, r.EnergyJ*float64(r.Cycles))
					return
				}
				var dims []int
				for d := 0; d < nd; d++ {
					if tf[i][d] > 1 {
						dims = append(dims, d)
					}
				}
				permute(dims, func(order []int) {
					m.Levels[i].Temporal = m.Levels[i].Temporal[:0]
					for _, d := range order {
						m.Levels[i].Temporal = append(m.Levels[i].Temporal, ir.Loop{Dim: d, Bound: tf[i][d]})
					}
					perms(i + 1)
				})
				m.Levels[i].Temporal = nil
			}
			perms(0)
		}
		// next factorization
		d := 0
		for ; d < nd; d++ {
			idx[d]++
			if idx[d] < len(facts[d]) {
				break
			}
			idx[d] = 0
		}
		if d == nd {
			break
		}
	}
	return minE, minC, minEDP, valid
}

// permute calls f with every permutation of xs (Heap's algorithm).
func permute(xs []int, f func([]int)) {
	a := append([]int(nil), xs...)
	var rec func(k int)
	rec = func(k int) {
		if k <= 1 {
			f(a)
			return
		}
		for i := 0; i < k-1; i++ {
			rec(k - 1)
			if k%2 == 0 {
				a[i], a[k-1] = a[k-1], a[i]
			} else {
				a[0], a[k-1] = a[k-1], a[0]
			}
		}
		rec(k - 1)
	}
	rec(len(a))
}

// shrunk loads a reference case and resizes its dimensions.
func shrunk(t *testing.T, name string, sizes map[string]int) (*ir.Problem, *ir.Arch, *engine.EnergyTable) {
	t.Helper()
	for _, c := range loadCases(t) {
		if c.Name != name {
			continue
		}
		p, a, _, tab := toIR(t, c)
		for i := range p.Dims {
			if v, ok := sizes[p.Dims[i].Name]; ok {
				p.Dims[i].Size = v
			} else {
				p.Dims[i].Size = 1
			}
		}
		return p, a, tab
	}
	t.Fatalf("no case %s", name)
	return nil, nil, nil
}

// TestExhaustiveEqualsBruteForce: on small mapspaces the exhaustive search
// (with its order equivalences and pruning) finds the same optimum as
// brute force over every valid mapping, for every metric and both reuse
// rules: 2, 3 and 4 storage levels, sliding windows with dilation, a 2-D
// fanout, bypass and custom dataspace names.
func TestExhaustiveEqualsBruteForce(t *testing.T) {
	cases := []struct {
		name      string
		sizes     map[string]int
		unbounded bool // drop capacities (more valid mappings, more orders)
	}{
		{"p03_conv2d_dilation2_rules_differ", map[string]int{"C": 2, "M": 2, "R": 3, "P": 4, "S": 2}, true},
		{"p02_conv2d_stride2_3level", map[string]int{"C": 2, "M": 2, "R": 3, "Q": 2}, true},
		{"p01_conv1d_2level_handcheck", map[string]int{"C": 2, "M": 2, "R": 3, "P": 4}, false},
		{"p12_cim_input_buffer_rules_differ", map[string]int{"C": 2, "P": 2, "R": 2}, false},
		{"p08_cim_basic_analog_bits_spatial", map[string]int{"C": 2, "P": 2, "Q": 2}, false},
		{"p03_conv2d_dilation2_rules_differ", map[string]int{"C": 2, "R": 3, "P": 4, "S": 2}, false},
		{"p03_conv2d_dilation2_rules_differ", map[string]int{"M": 2, "R": 3, "P": 2, "Q": 2}, false},
		{"p02_conv2d_stride2_3level", map[string]int{"C": 2, "M": 2, "P": 2, "R": 3}, false},
		{"p06_matmul_4level_underutilized", map[string]int{"M": 2, "K": 4, "N": 2}, false},
		{"p04_pointwise_batch4_bypass", map[string]int{"C": 4, "M": 2, "P": 2, "N": 2}, false},
		{"p05_depthwise_conv3x3", map[string]int{"G": 2, "R": 3, "P": 2, "Q": 2}, false},
	}
	for _, c := range cases {
		for _, rule := range []nest.Rule{nest.RuleHead, nest.RulePre2025} {
			t.Run(c.name+"/"+rule.String(), func(t *testing.T) {
				p, a, tab := shrunk(t, c.name, c.sizes)
				if c.unbounded {
					for i := range a.Levels {
						a.Levels[i].Depth = 0
					}
				}
				bE, bC, bEDP, n := bruteMin(t, p, a, tab, rule, nil)
				require.Positive(t, n)
				for _, mt := range []Metric{Energy, Latency, EDP} {
					r, dl := Map(context.Background(), p, a, tab, Options{Metric: mt, Mode: Exhaustive, Rule: rule, Workers: 2,
						Space: SpaceOptions{AllowPassLoops: true}})
					require.False(t, dl.HasErrors(), "%v", dl)
					require.True(t, r.Optimal)
					want := map[Metric]float64{Energy: bE, Latency: bC, EDP: bEDP}[mt]
					got := map[Metric]float64{Energy: r.Eval.EnergyJ, Latency: float64(r.Eval.Cycles), EDP: r.Eval.EnergyJ * float64(r.Eval.Cycles)}[mt]
					assert.InEpsilon(t, want, got, 1e-12, "%s", mt)
					t.Logf("%s: brute force %d valid mappings, exhaustive search %d evaluations; best %s %.6g", mt, n, r.Evaluated, mt, got)
				}
			})
		}
	}
}

// TestExhaustiveEqualsBruteForceConstrained: the same with constraints,
// which the brute force applies as a filter on complete mappings: p01's
// Buffer may only iterate temporally over R and P (factors only, R = 3),
// its fanout may not iterate over Inputs (no_iteration), and DRAM's
// loops put P outermost (order).
func TestExhaustiveEqualsBruteForceConstrained(t *testing.T) {
	p, a, tab := shrunk(t, "p01_conv1d_2level_handcheck", map[string]int{"C": 2, "M": 4, "R": 3, "P": 4})
	C, M, R, P := dimIdx(t, p, "C"), dimIdx(t, p, "M"), dimIdx(t, p, "R"), dimIdx(t, p, "P")
	dram, buf := levelIdx(t, a, "DRAM"), levelIdx(t, a, "Buffer")
	a.Levels[buf].Constraints.Temporal = ir.LoopConstraints{FactorsOnly: true,
		Factors: []ir.Factor{{Dim: R, Op: ir.FactorEq, Value: 3}, {Dim: P, Op: ir.FactorLE, Value: 4}}}
	a.Levels[buf].Constraints.Spatial = ir.LoopConstraints{NoIterationOver: []int{p.DataspaceIndex("Inputs")}}
	a.Levels[dram].Constraints.Temporal = ir.LoopConstraints{Order: []int{P}}
	keep := func(m *ir.Mapping) bool {
		for _, l := range m.Levels[buf].Temporal {
			if l.Dim != R && l.Dim != P {
				return false
			}
			if l.Dim == R && l.Bound != 3 {
				return false
			}
		}
		r := false
		for _, l := range m.Levels[buf].Temporal {
			r = r || l.Dim == R
		}
		if !r {
			return false
		}
		for _, l := range m.Levels[buf].Spatial {
			if l.Dim == C || l.Dim == R || l.Dim == P {
				return false
			}
		}
		tl := m.Levels[dram].Temporal
		for j, l := range tl {
			if l.Dim == P && j != 0 {
				return false
			}
		}
		_ = M
		return true
	}
	bE, bC, bEDP, n := bruteMin(t, p, a, tab, nest.RuleHead, keep)
	require.Positive(t, n)
	for _, mt := range []Metric{Energy, Latency, EDP} {
		r, dl := Map(context.Background(), p, a, tab, Options{Metric: mt, Mode: Exhaustive})
		require.False(t, dl.HasErrors(), "%v", dl)
		require.True(t, keep(r.Mapping), "result violates the constraints:\n%s", ir.FormatMapping(p, a, r.Mapping))
		want := map[Metric]float64{Energy: bE, Latency: bC, EDP: bEDP}[mt]
		got := map[Metric]float64{Energy: r.Eval.EnergyJ, Latency: float64(r.Eval.Cycles), EDP: r.Eval.EnergyJ * float64(r.Eval.Cycles)}[mt]
		assert.InEpsilon(t, want, got, 1e-12, "%s", mt)
	}
}
