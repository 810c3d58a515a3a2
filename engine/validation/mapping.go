package validation

import (
	"fmt"
	"strings"

	"github.com/cimc-lang/cimc/ir"
)

// wsOrder is the outermost-first loop order of CiMLoop's top dummy buffer
// (4_system/ws_dummy_buffer_*: permutation [X, Y, Z, Q, P, N, G, C, M, R,
// S], innermost first, "Weight-stationary"), used for leftover temporal
// loops at the outermost level.
func wsOrder() []string { return []string{"s", "r", "m", "c", "g", "n", "p", "q", "z", "y", "x"} }

// MaxUtilMapping completes pinned (which may be nil) into a full mapping
// the way CiMLoop's constraints fix the maximum-utilization mapping of a
// macro (cimloop-spec.md 5.1 and 7.2): every level's fixed factors (the
// virtualized MAC's X, Y, Z = 0, a shift-add's temporal X) are placed,
// containers with a fanout are filled greedily with their maximize groups
// (or, without groups, any dimension they may iterate over), innermost
// first, and the factors left over become temporal loops of the outermost
// level in CiMLoop's weight-stationary order. It stands in for the mapper
// (engine/mapper) on the max-utilization workloads, whose mapping those
// constraints determine; it is not a search.
func MaxUtilMapping(p *ir.Problem, a *ir.Arch, pinned *ir.Mapping) (*ir.Mapping, error) {
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, len(a.Levels))}
	rem := make([]int, len(p.Dims))
	for i, d := range p.Dims {
		rem[i] = d.Size
	}
	if pinned != nil {
		if len(pinned.Levels) != len(a.Levels) {
			return nil, fmt.Errorf("pinned mapping has %d levels, the architecture %d", len(pinned.Levels), len(a.Levels))
		}
		m.Src = pinned.Src
		for i, lm := range pinned.Levels {
			m.Levels[i].Temporal = append([]ir.Loop(nil), lm.Temporal...)
			m.Levels[i].Spatial = append([]ir.Loop(nil), lm.Spatial...)
			for _, lp := range append(append([]ir.Loop(nil), lm.Temporal...), lm.Spatial...) {
				if lp.Bound < 1 || rem[lp.Dim]%lp.Bound != 0 {
					return nil, fmt.Errorf("pinned loop %s in %d at %q does not divide the remaining size %d",
						p.Dims[lp.Dim].Name, lp.Bound, a.Levels[i].Name, rem[lp.Dim])
				}
				rem[lp.Dim] /= lp.Bound
			}
		}
	}
	pinnedLevel := func(i int) bool {
		return pinned != nil && (len(pinned.Levels[i].Spatial) > 0 || len(pinned.Levels[i].Temporal) > 0)
	}
	// take gives dimension d the largest factor <= limit that divides what
	// is left of it.
	take := func(d, limit int) int {
		for f := min(limit, rem[d]); f > 1; f-- {
			if rem[d]%f == 0 {
				rem[d] /= f
				return f
			}
		}
		return 1
	}
	for i := len(a.Levels) - 1; i >= 0; i-- {
		lv := &a.Levels[i]
		if pinnedLevel(i) {
			continue
		}
		// Fixed temporal factors (e.g. Jia's shift_add X = INPUT_BITS).
		for _, f := range lv.Constraints.Temporal.Factors {
			if f.Op != ir.FactorEq || f.Value == 1 {
				continue
			}
			want := f.Value
			if want == 0 {
				want = rem[f.Dim]
			}
			if got := take(f.Dim, want); got > 1 {
				m.Levels[i].Temporal = append(m.Levels[i].Temporal, ir.Loop{Dim: f.Dim, Bound: got})
			}
		}
		if lv.Kind != ir.Container || lv.Fanout() <= 1 {
			continue
		}
		axis, capacity := ir.AxisX, lv.FanoutX
		if lv.FanoutY > 1 {
			axis, capacity = ir.AxisY, lv.FanoutY
		}
		sc := &lv.Constraints.Spatial
		allowed := make([]bool, len(p.Dims))
		for d := range p.Dims {
			allowed[d] = !sc.FactorsOnly
			for _, ds := range sc.NoIterationOver {
				if p.Relevant(ds, d) {
					allowed[d] = false
				}
			}
			if len(sc.MustIterateOver) > 0 {
				rel := false
				for _, ds := range sc.MustIterateOver {
					rel = rel || p.Relevant(ds, d)
				}
				allowed[d] = allowed[d] && rel
			}
		}
		used := 1
		add := func(d, f int) {
			if f > 1 {
				m.Levels[i].Spatial = append(m.Levels[i].Spatial, ir.Loop{Dim: d, Bound: f, Spatial: true, Axis: axis})
				used *= f
			}
		}
		for _, f := range sc.Factors {
			switch f.Op {
			case ir.FactorEq:
				allowed[f.Dim] = false
				want := f.Value
				if want == 0 {
					want = rem[f.Dim]
				}
				if want > 1 {
					add(f.Dim, take(f.Dim, min(want, capacity/used)))
				}
			}
		}
		groups := sc.MaximizeDims
		if len(groups) == 0 {
			// No groups: CiMLoop's expand-to-fill uses C and M.
			var g []int
			for _, n := range []string{"c", "m"} {
				if d := dimNamed(p, n); d >= 0 {
					g = append(g, d)
				}
			}
			groups = [][]int{g}
		}
		for _, g := range groups {
			for _, d := range g {
				if d < 0 || d >= len(p.Dims) || !allowed[d] {
					continue
				}
				add(d, take(d, capacity/used))
				allowed[d] = false
			}
		}
	}
	// Leftovers: temporal loops at the outermost level.
	var order []int
	seen := make([]bool, len(p.Dims))
	for _, n := range wsOrder() {
		if d := dimNamed(p, n); d >= 0 && !seen[d] {
			order, seen[d] = append(order, d), true
		}
	}
	for d := range p.Dims {
		if !seen[d] {
			order = append(order, d)
		}
	}
	for _, d := range order {
		if rem[d] > 1 {
			m.Levels[0].Temporal = append(m.Levels[0].Temporal, ir.Loop{Dim: d, Bound: rem[d]})
			rem[d] = 1
		}
	}
	return m, nil
}

// dimNamed finds a dimension by name, ignoring case (the workload's
// regular dimensions are lower case, the bit dimensions X, Y, Z upper).
func dimNamed(p *ir.Problem, name string) int {
	for i, d := range p.Dims {
		if strings.EqualFold(d.Name, name) {
			return i
		}
	}
	return -1
}
