package mapper

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Slot kinds: a level's temporal loops or its spatial (fanout) loops.
const (
	temporal = 0
	spatial  = 1
)

// maxChoicesPerDim caps the factorizations enumerated for one dimension.
const maxChoicesPerDim = 1 << 18

// bound is the allowed range of one dimension's factor in one slot.
type bound struct {
	lo, hi int
	named  bool // a constraint names the dimension here (timeloopfe's factor names)
	src    diag.Range
}

// slot is one place a factor can go: the temporal or the spatial loops of
// a level.
type slot struct {
	level int
	kind  int
}

// SpaceOptions tune mapspace construction.
type SpaceOptions struct {
	// AllowPassLoops lets levels whose kept dataspaces are all pass or
	// coalesce own temporal loops when their temporal constraints are
	// empty. By default they own none, as CiMLoop's no_coalesce and
	// no_temporal_reuse directives add factors_only: [] (defines.yaml).
	AllowPassLoops bool
}

// Space is the constrained mapspace of one problem on one architecture.
// It is immutable after NewSpace and safe for concurrent use.
type Space struct {
	prob *ir.Problem
	arch *ir.Arch
	nLev int // levels that may own loops (all but the compute level)
	nDim int
	size []int

	bounds [][2][]bound // [level][kind][dim]

	slots   []slot
	tSlot   []int     // slot index of each level's temporal loops, -1 if none
	sSlot   []int     // spatial slot index, -1 if none
	choices [][]int32 // per dim: nChoices x len(slots) factors
	nChoice []int
	free    [][]int // per dim: the slots where its factor may exceed 1
	// sufMax[level][d]: the largest product of the spatial factors of
	// dimensions d.. at level (for the cycles bound of partial mappings).
	sufMax [][]int64
	ops    int64   // compute operations (product of the sizes)
	spEmit [][]int // per level: spatial loop emission order of dims

	fanX, fanY []int

	// Loop orders.
	comm        [][]uint64 // [level][dim]: dims whose loops commute with dim's at that level
	orderPrefix [][]int    // temporal Order constraint, outermost first
	spOrder     [][]int    // spatial Order constraint

	// Lower bound: fillSens[level][ds] marks fills and accSens[level][ds]
	// reads and updates that depend on loop order.
	fillSens, accSens [][]bool
	orderMatter       bool // some level's order can change a count

	// Allocations records the maximize-dims decisions, for reports and
	// tests: per level and kind, the fixed factors by dimension.
	Allocations []Allocation
}

// Allocation is the outcome of one maximize-dims group.
type Allocation struct {
	Level   int
	Spatial bool
	Group   []int
	Factors []int // per entry of Group
	// Utilization is what GreedyAllocate reached for the group.
	Utilization float64
}

// NewSpace builds the mapspace. Contradictory or malformed constraints are
// errors E0220 at the constraint; constraints that leave a dimension no
// factorization are E0404.
func NewSpace(p *ir.Problem, a *ir.Arch, opt SpaceOptions) (*Space, diag.List) {
	var l diag.List
	n := len(a.Levels)
	if n < 2 || a.Levels[n-1].Kind != ir.Compute {
		l.Errorf(a.Src, diag.NoCompute, "architecture %q must end with exactly one compute level", a.Name)
		return nil, l
	}
	if len(p.Dims) > nest.MaxDims || n > nest.MaxLevels || len(p.Dataspaces) > nest.MaxDataspaces || len(p.Dims) > 64 {
		l.Errorf(p.Src, diag.BadMapping, "problem %q or architecture %q exceeds the engine's limits", p.Name, a.Name)
		return nil, l
	}
	s := &Space{prob: p, arch: a, nLev: n - 1, nDim: len(p.Dims)}
	for _, d := range p.Dims {
		if d.Size < 1 {
			l.Errorf(p.Src, diag.BadValue, "dimension %q has size %d", d.Name, d.Size)
			return nil, l
		}
		s.size = append(s.size, d.Size)
	}
	s.bounds = make([][2][]bound, s.nLev)
	s.fanX = make([]int, s.nLev)
	s.fanY = make([]int, s.nLev)
	for i := 0; i < s.nLev; i++ {
		lv := &a.Levels[i]
		s.fanX[i], s.fanY[i] = max(lv.FanoutX, 1), max(lv.FanoutY, 1)
		for k := 0; k < 2; k++ {
			b := make([]bound, s.nDim)
			for d := range b {
				b[d] = bound{lo: 1, hi: s.size[d]}
			}
			s.bounds[i][k] = b
		}
		if lv.Kind != ir.Storage {
			s.fixAll(i, temporal) // containers own no temporal loops (CiMLoop dummy constraints)
		} else if !opt.AllowPassLoops && passOnly(lv) && emptyCons(&lv.Constraints.Temporal) {
			s.fixAll(i, temporal)
		}
		if s.fanX[i]*s.fanY[i] == 1 {
			s.fixAll(i, spatial)
		}
	}
	for i := 0; i < s.nLev; i++ {
		lv := &a.Levels[i]
		s.applyCons(&l, i, temporal, &lv.Constraints.Temporal, lv)
		s.applyCons(&l, i, spatial, &lv.Constraints.Spatial, lv)
		// Must reuse: the fanout may not iterate over the dataspace.
		for ds, pol := range lv.Policies {
			if pol.Spatial == ir.MustReuse && ds < len(p.Dataspaces) {
				for d := 0; d < s.nDim; d++ {
					if p.Relevant(ds, d) {
						s.fix(&l, i, spatial, d, 1, lv.Src, fmt.Sprintf("must reuse %s", p.Dataspaces[ds].Name))
					}
				}
			}
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	s.maximize(&l)
	if l.HasErrors() {
		return nil, l
	}
	s.buildSlots()
	s.enumerate(&l)
	if l.HasErrors() {
		return nil, l
	}
	s.bounds4partial()
	s.orderInfo()
	return s, l
}

// passOnly reports whether a storage level keeps something and every kept
// dataspace is pass or coalesce.
func passOnly(lv *ir.Level) bool {
	kept := 0
	for _, pol := range lv.Policies {
		switch pol.Temporal {
		case ir.Keep:
			return false
		case ir.Pass, ir.Coalesce:
			kept++
		}
	}
	return kept > 0
}

func emptyCons(c *ir.LoopConstraints) bool {
	return len(c.Factors) == 0 && !c.FactorsOnly && len(c.Order) == 0 && len(c.NoIterationOver) == 0 &&
		len(c.MustIterateOver) == 0 && len(c.MaximizeDims) == 0
}

func (s *Space) fixAll(i, k int) {
	for d := range s.bounds[i][k] {
		s.bounds[i][k][d].lo, s.bounds[i][k][d].hi = 1, 1
	}
}

func kindName(k int) string {
	if k == spatial {
		return "spatial"
	}
	return "temporal"
}

// fix sets the factor of d in slot (i, k) to v, reporting a conflict.
func (s *Space) fix(l *diag.List, i, k, d, v int, src diag.Range, why string) {
	b := &s.bounds[i][k][d]
	if v < b.lo || v > b.hi {
		lv := &s.arch.Levels[i]
		e := l.Errorf(src, diag.BadConstraint, "level %q: %s factor %s = %d (%s) conflicts with the allowed range %d..%d",
			lv.Name, kindName(k), s.prob.Dims[d].Name, v, why, b.lo, b.hi)
		if b.src.IsValid() {
			e.Related = []diag.Related{{Range: b.src, Message: "the other constraint"}}
		} else if k == temporal && lv.Kind != ir.Storage {
			e.Help = "containers own no temporal loops"
		} else if k == spatial && s.fanX[i]*s.fanY[i] == 1 {
			e.Help = "the level has no fanout"
		}
		return
	}
	b.lo, b.hi, b.named = v, v, true
	if src.IsValid() {
		b.src = src
	}
}

func consSrc(c *ir.LoopConstraints, lv *ir.Level) diag.Range {
	if c.Src.IsValid() {
		return c.Src
	}
	return lv.Src
}

// applyCons folds one level's loop constraints into the bounds (the
// timeloopfe macros factors_only, no_iteration_over_dataspaces and
// must_iterate_over_dataspaces, and Timeloop's factors).
func (s *Space) applyCons(l *diag.List, i, k int, c *ir.LoopConstraints, lv *ir.Level) {
	p := s.prob
	csrc := consSrc(c, lv)
	for _, f := range c.Factors {
		src := f.Src
		if !src.IsValid() {
			src = csrc
		}
		if f.Dim < 0 || f.Dim >= s.nDim {
			l.Errorf(src, diag.UnknownDimension, "level %q: constraint names dimension #%d, the problem has %d", lv.Name, f.Dim, s.nDim)
			continue
		}
		size := s.size[f.Dim]
		name := p.Dims[f.Dim].Name
		v := f.Value
		if v < 0 {
			// CiMLoop writes D=-1 for "unconstrained" (cimloop-spec.md 5.1).
			if v == -1 {
				s.bounds[i][k][f.Dim].named = true
				continue
			}
			l.Errorf(src, diag.BadConstraint, "level %q: factor %s %s %d must not be negative", lv.Name, name, f.Op, v)
			continue
		}
		b := &s.bounds[i][k][f.Dim]
		switch f.Op {
		case ir.FactorEq:
			if v == 0 {
				v = size // 0 means the full dimension
			}
			if size%v != 0 {
				l.Errorf(src, diag.BadConstraint, "level %q: factor %s = %d does not divide the size %d of %q", lv.Name, name, v, size, name).Help =
					"imperfect factors (Timeloop's residual loops) are not supported: use a divisor of the size"
				continue
			}
			s.fix(l, i, k, f.Dim, v, src, "factors")
		case ir.FactorLE:
			if v < b.lo {
				e := l.Errorf(src, diag.BadConstraint, "level %q: factor %s <= %d conflicts with a minimum of %d", lv.Name, name, v, b.lo)
				if b.src.IsValid() {
					e.Related = []diag.Related{{Range: b.src, Message: "the other constraint"}}
				}
				continue
			}
			b.hi = min(b.hi, v)
			b.named = true
			b.src = src
		case ir.FactorGE:
			if v > b.hi {
				e := l.Errorf(src, diag.BadConstraint, "level %q: factor %s >= %d conflicts with a maximum of %d", lv.Name, name, v, b.hi)
				if b.src.IsValid() {
					e.Related = []diag.Related{{Range: b.src, Message: "the other constraint"}}
				}
				continue
			}
			b.lo = max(b.lo, v)
			b.named = true
			b.src = src
		}
	}
	if c.FactorsOnly {
		for d := 0; d < s.nDim; d++ {
			if !s.bounds[i][k][d].named {
				s.fix(l, i, k, d, 1, csrc, "factors only")
			}
		}
	}
	for _, ds := range c.NoIterationOver {
		if ds < 0 || ds >= len(p.Dataspaces) {
			l.Errorf(csrc, diag.UnknownDataspace, "level %q: no_iteration names dataspace #%d", lv.Name, ds)
			continue
		}
		for d := 0; d < s.nDim; d++ {
			if p.Relevant(ds, d) {
				s.fix(l, i, k, d, 1, csrc, "no_iteration "+p.Dataspaces[ds].Name)
			}
		}
	}
	if len(c.MustIterateOver) > 0 {
		for d := 0; d < s.nDim; d++ {
			rel := false
			for _, ds := range c.MustIterateOver {
				if ds >= 0 && ds < len(p.Dataspaces) && p.Relevant(ds, d) {
					rel = true
				}
			}
			if !rel {
				s.fix(l, i, k, d, 1, csrc, "must_iterate")
			}
		}
	}
	for _, dim := range c.Order {
		if dim < 0 || dim >= s.nDim {
			l.Errorf(csrc, diag.UnknownDimension, "level %q: order names dimension #%d", lv.Name, dim)
		}
	}
	if len(c.MaximizeDims) > 0 && k == temporal && c.MaximizeCapacity <= 0 {
		l.Errorf(csrc, diag.BadConstraint, "level %q: temporal maximize needs a capacity", lv.Name).Help =
			"write `maximize [d, ...] capacity N` (CiMLoop's maximize_dims_capacity)"
	}
	for _, g := range c.MaximizeDims {
		for _, dim := range g {
			if dim < 0 || dim >= s.nDim {
				l.Errorf(csrc, diag.UnknownDimension, "level %q: maximize names dimension #%d", lv.Name, dim)
			}
		}
	}
}

// maximize resolves every maximize group into fixed factors, as
// timeloopfe's constraint macro processor does: spatial constraints of all
// levels bottom-up, then temporal ones bottom-up; per group the capacity is
// the fanout (spatial) or the maximize capacity (temporal) divided by the
// factors already fixed (= or >=) at that level, and the group's dimensions
// are fixed to the allocation (1 when not allocated).
func (s *Space) maximize(l *diag.List) {
	unc := make([]int, s.nDim)
	copy(unc, s.size)
	for i := 0; i < s.nLev; i++ {
		for k := 0; k < 2; k++ {
			for d, b := range s.bounds[i][k] {
				if b.named && b.lo == b.hi && b.lo > 0 {
					unc[d] = ceilDivInt(unc[d], b.lo)
				}
			}
		}
	}
	for _, k := range []int{spatial, temporal} {
		for i := s.nLev - 1; i >= 0; i-- {
			lv := &s.arch.Levels[i]
			c := &lv.Constraints.Temporal
			if k == spatial {
				c = &lv.Constraints.Spatial
			}
			if len(c.MaximizeDims) == 0 {
				continue
			}
			start := c.MaximizeCapacity
			if k == spatial && start <= 0 {
				start = s.fanX[i] * s.fanY[i]
			}
			src := consSrc(c, lv)
			for _, g := range c.MaximizeDims {
				capacity := start
				for _, b := range s.bounds[i][k] {
					if b.named && b.lo > 0 {
						capacity /= b.lo
					}
				}
				sizes := make([]int, len(g))
				bad := false
				for j, dim := range g {
					b := s.bounds[i][k][dim]
					if b.named {
						e := l.Errorf(src, diag.BadConstraint, "level %q: cannot maximize %q, it is already constrained here", lv.Name, s.prob.Dims[dim].Name)
						if b.src.IsValid() {
							e.Related = []diag.Related{{Range: b.src, Message: "constrained here"}}
						}
						bad = true
					}
					sizes[j] = unc[dim]
				}
				if bad {
					continue
				}
				alloc, util := greedy(g, sizes, capacity, false)
				if imperfect(alloc) {
					names := make([]string, len(g))
					for j, dim := range g {
						names[j] = s.prob.Dims[dim].Name
					}
					pa, pu := greedy(g, sizes, capacity, true)
					l.Warnf(src, diag.BadConstraint, "level %q: maximize [%s] allocates an imperfect factor (utilization %.4g); using the best perfect allocation (utilization %.4g)",
						lv.Name, strings.Join(names, ", "), util, pu).Help =
						"CiMLoop would use Timeloop's residual loops here; the engine models perfect factorizations only"
					alloc, util = pa, pu
				}
				maxv := make([]int, len(g))
				for j := range maxv {
					maxv[j] = 1
				}
				for _, a := range alloc {
					for j, dim := range g {
						if dim == a.Dim {
							maxv[j] *= a.Hi
							break
						}
					}
				}
				for j, dim := range g {
					s.fix(l, i, k, dim, maxv[j], src, "maximize")
					unc[dim] = ceilDivInt(unc[dim], maxv[j])
				}
				s.Allocations = append(s.Allocations, Allocation{Level: i, Spatial: k == spatial, Group: append([]int(nil), g...),
					Factors: maxv, Utilization: util})
			}
		}
	}
}

// imperfect reports whether an allocation uses a factor that leaves a
// partial tile (timeloopfe's ceil split with a non-zero remainder).
func imperfect(a []Alloc) bool {
	for _, x := range a {
		if x.Lo != x.Hi && x.Lo != 0 {
			return true
		}
	}
	return false
}

// buildSlots lists the slots in which some dimension may have a factor
// above 1, outermost level first, temporal before spatial.
func (s *Space) buildSlots() {
	s.tSlot = make([]int, s.nLev)
	s.sSlot = make([]int, s.nLev)
	for i := 0; i < s.nLev; i++ {
		for k := 0; k < 2; k++ {
			idx := -1
			for _, b := range s.bounds[i][k] {
				if b.hi > 1 {
					idx = len(s.slots)
					s.slots = append(s.slots, slot{i, k})
					break
				}
			}
			if k == temporal {
				s.tSlot[i] = idx
			} else {
				s.sSlot[i] = idx
			}
		}
	}
}

// enumerate lists, per dimension, every ordered factorization of its size
// over the slots within the bounds.
func (s *Space) enumerate(l *diag.List) {
	ns := len(s.slots)
	s.choices = make([][]int32, s.nDim)
	s.nChoice = make([]int, s.nDim)
	s.free = make([][]int, s.nDim)
	cur := make([]int32, ns)
	for d := 0; d < s.nDim; d++ {
		var free []int // slots where d may exceed 1
		for j, sl := range s.slots {
			b := s.bounds[sl.level][sl.kind][d]
			if b.hi > 1 || b.lo > 1 {
				free = append(free, j)
			}
		}
		for j := range cur {
			cur[j] = 1
		}
		var out []int32
		count := 0
		over := false
		var rec func(fi, rem int)
		rec = func(fi, rem int) {
			if over {
				return
			}
			if fi == len(free) {
				if rem == 1 {
					if count >= maxChoicesPerDim {
						over = true
						return
					}
					out = append(out, cur...)
					count++
				}
				return
			}
			j := free[fi]
			b := s.bounds[s.slots[j].level][s.slots[j].kind][d]
			for f := b.lo; f <= min(b.hi, rem); f++ {
				if rem%f != 0 {
					continue
				}
				cur[j] = int32(f)
				rec(fi+1, rem/f)
			}
			cur[j] = 1
		}
		// Slots where d is fixed to 1 need no recursion; a slot of a level
		// that cannot hold d but whose bound demands > 1 was reported.
		rec(0, s.size[d])
		if over {
			l.Errorf(s.prob.Src, diag.NoValidMapping, "dimension %q has more than %d factorizations over %d loop slots", s.prob.Dims[d].Name, maxChoicesPerDim, len(free)).Help =
				"constrain the factors of this dimension at some levels"
			continue
		}
		if count == 0 {
			src := s.arch.Src
			var fixed []string
			for i := 0; i < s.nLev; i++ {
				for k := 0; k < 2; k++ {
					b := s.bounds[i][k][d]
					if b.src.IsValid() && !src.Start.IsValid() {
						src = b.src
					}
					if b.named && (b.lo > 1 || b.hi < s.size[d]) {
						if b.src.IsValid() && src == s.arch.Src {
							src = b.src
						}
						fixed = append(fixed, fmt.Sprintf("%s %s %d..%d", s.arch.Levels[i].Name, kindName(k), b.lo, b.hi))
					}
				}
			}
			e := l.Errorf(src, diag.NoValidMapping, "constraints leave no factorization of dimension %q (size %d)", s.prob.Dims[d].Name, s.size[d])
			if len(fixed) > 0 {
				e.Help = "constrained factors: " + strings.Join(fixed, ", ")
			} else {
				e.Help = "no level may hold a loop over this dimension"
			}
			continue
		}
		s.choices[d] = out
		s.nChoice[d] = count
		s.free[d] = free
	}
}

// bounds4partial computes sufMax and ops.
func (s *Space) bounds4partial() {
	s.ops = 1
	for _, n := range s.size {
		s.ops *= int64(n)
	}
	ns := len(s.slots)
	s.sufMax = make([][]int64, s.nLev)
	for i := 0; i < s.nLev; i++ {
		s.sufMax[i] = make([]int64, s.nDim+1)
		s.sufMax[i][s.nDim] = 1
		j := s.sSlot[i]
		for d := s.nDim - 1; d >= 0; d-- {
			m := int64(1)
			if j >= 0 {
				for c := 0; c < s.nChoice[d]; c++ {
					m = max(m, int64(s.choices[d][c*ns+j]))
				}
			}
			s.sufMax[i][d] = min(s.sufMax[i][d+1]*m, int64(s.fanX[i]*s.fanY[i]))
		}
	}
}

// orderInfo computes which loops commute at each level, the order
// constraints, and which energy terms depend on loop order.
func (s *Space) orderInfo() {
	p, a := s.prob, s.arch
	nds := len(p.Dataspaces)
	rel := make([]uint64, nds)
	simple := make([]bool, nds)
	for ds := range p.Dataspaces {
		simple[ds] = true
		for _, r := range p.Dataspaces[ds].Ranks {
			coef := map[int]int{}
			for _, t := range r {
				coef[t.Dim] += t.Coef
			}
			nz := 0
			for dim, c := range coef {
				if c != 0 {
					nz++
					rel[ds] |= 1 << uint(dim)
				}
			}
			if nz > 1 {
				simple[ds] = false
			}
		}
	}
	pol := func(i, ds int) ir.Temporal {
		lv := &a.Levels[i]
		if lv.Kind != ir.Storage || ds >= len(lv.Policies) {
			return ir.Bypass
		}
		return lv.Policies[ds].Temporal
	}
	reallyKept := func(i, ds int) bool { t := pol(i, ds); return t == ir.Keep || t == ir.Coalesce }
	// matters[ds] = lowest level index c > ... : D_i contains ds when some
	// reuse-sensitive keeper c of ds lies below i.
	s.fillSens = make([][]bool, s.nLev)
	s.accSens = make([][]bool, s.nLev)
	for i := range s.fillSens {
		s.fillSens[i] = make([]bool, nds)
		s.accSens[i] = make([]bool, nds)
	}
	// The fills of a child level c depend on the loop order above it. They
	// reach the counts (nest.Analyzer.dataspace) when c keeps ds with
	// temporal reuse and some level above really keeps ds (else c is the
	// topmost keeper: never filled, its parents reset): then c's fills
	// and the accesses of the levels up to that keeper depend on order; or
	// when c passes a read-only ds below such a keeper: its fills are the
	// reuse-filtered share taken before the pass-through promotion.
	deepest := make([]int, nds) // deepest order-sensitive level, -1 if none
	for ds := 0; ds < nds; ds++ {
		deepest[ds] = -1
		for c := 0; c < s.nLev; c++ {
			t := pol(c, ds)
			passRO := t == ir.Pass && !p.Dataspaces[ds].ReadWrite
			if t != ir.Keep && !passRO {
				continue
			}
			anc := -1
			for l := c - 1; l >= 0; l-- {
				if reallyKept(l, ds) {
					anc = l
					break
				}
			}
			if anc < 0 {
				continue
			}
			s.fillSens[c][ds] = true
			if !passRO {
				for l := anc; l < c; l++ {
					s.accSens[l][ds] = true
				}
			}
			deepest[ds] = c
		}
	}
	s.comm = make([][]uint64, s.nLev)
	s.orderPrefix = make([][]int, s.nLev)
	s.spOrder = make([][]int, s.nLev)
	for i := 0; i < s.nLev; i++ {
		var dmask []int
		for ds := 0; ds < nds; ds++ {
			if deepest[ds] > i {
				dmask = append(dmask, ds)
			}
		}
		s.comm[i] = make([]uint64, s.nDim)
		for x := 0; x < s.nDim; x++ {
			for y := 0; y < s.nDim; y++ {
				ok := true
				for _, ds := range dmask {
					rx, ry := rel[ds]>>uint(x)&1 == 1, rel[ds]>>uint(y)&1 == 1
					if !(!rx && !ry || simple[ds] && rx && ry) {
						ok = false
						break
					}
				}
				if ok {
					s.comm[i][x] |= 1 << uint(y)
				}
			}
		}
		if len(dmask) > 0 {
			s.orderMatter = true
		}
		s.orderPrefix[i] = dedupe(a.Levels[i].Constraints.Temporal.Order, s.nDim)
		s.spOrder[i] = dedupe(a.Levels[i].Constraints.Spatial.Order, s.nDim)
	}
	s.spEmit = make([][]int, s.nLev)
	for i := 0; i < s.nLev; i++ {
		all := make([]int, s.nDim)
		for d := range all {
			all[d] = d
		}
		s.spEmit[i] = dedupe(append(append([]int(nil), s.spOrder[i]...), all...), s.nDim)
	}
}

func dedupe(xs []int, n int) []int {
	var out []int
	var seen uint64
	for _, x := range xs {
		if x < 0 || x >= n || seen>>uint(x)&1 == 1 {
			continue
		}
		seen |= 1 << uint(x)
		out = append(out, x)
	}
	return out
}

// orderSet is the list of canonical loop orders of one level for one set
// of non-unit dimensions: count words of k dimension indices, outermost
// first.
type orderSet struct {
	k     int
	count int
	words []uint8
}

func (o *orderSet) word(j int) []uint8 { return o.words[j*o.k : (j+1)*o.k] }

// genOrders enumerates the canonical orders of level i's temporal loops
// over the dimensions in mask: the order constraint's dimensions first (as
// listed), then the lexicographically smallest word of every trace of the
// others under the level's commutation relation.
func (s *Space) genOrders(i int, mask uint64) *orderSet {
	g := orderGen{comm: s.comm[i]}
	var used uint64
	for _, d := range s.orderPrefix[i] {
		if mask>>uint(d)&1 == 1 {
			g.word[g.np] = uint8(d)
			g.np++
			used |= 1 << uint(d)
		}
	}
	for d := 0; d < s.nDim; d++ {
		if mask>>uint(d)&1 == 1 && used>>uint(d)&1 == 0 {
			g.rest[g.nr] = uint8(d)
			g.nr++
		}
	}
	g.k = g.np + g.nr
	g.o = &orderSet{k: g.k, words: make([]uint8, 0, 16*g.k)}
	g.rec(g.np)
	return g.o
}

// orderGen is genOrders' state: the word being built (positions below np
// hold the constrained prefix), the free dimensions rest, and the
// dimensions placed so far.
type orderGen struct {
	comm       []uint64
	word, rest [nest.MaxDims]uint8
	np, nr, k  int
	placed     uint64
	o          *orderSet
}

func (g *orderGen) rec(j int) {
	if j == g.k {
		g.o.words = append(g.o.words, g.word[:g.k]...)
		g.o.count++
		return
	}
next:
	for _, x := range g.rest[:g.nr] {
		if g.placed>>uint(x)&1 == 1 {
			continue
		}
		for q := j - 1; q >= g.np; q-- {
			w := g.word[q]
			if g.comm[x]>>uint(w)&1 == 0 {
				break
			}
			if w > x {
				continue next
			}
		}
		g.word[j] = x
		g.placed |= 1 << uint(x)
		g.rec(j + 1)
		g.placed &^= 1 << uint(x)
	}
}

// Size returns the number of factorizations before fanout and capacity
// pruning (the product over dimensions of their factorization counts).
func (s *Space) Size() float64 {
	n := 1.0
	for _, c := range s.nChoice {
		n *= float64(c)
	}
	return n
}

// describe is a one-line summary for errors.
func (s *Space) describe() string {
	var parts []string
	for d := 0; d < s.nDim; d++ {
		parts = append(parts, fmt.Sprintf("%s:%d", s.prob.Dims[d].Name, s.nChoice[d]))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
