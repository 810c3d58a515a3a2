package engine

import (
	"math"

	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Options tune an evaluation.
type Options struct {
	// Rule is the temporal-reuse rule of the nest analysis: nest.RuleHead
	// (default, Timeloop 2025) or nest.RulePre2025 (CiMLoop parity).
	Rule nest.Rule
}

// LevelResult is what one level (component) does and costs. Actions,
// EnergyJ and the per-action maps are totals over all utilized instances.
type LevelResult struct {
	Name      string
	Class     string
	Kind      ir.LevelKind
	Instances int

	// Actions counts actions over all instances: vector reads, fills
	// (Write), updates, leak cycles x leaking instances, computes.
	Actions [NumActions]int64
	// EnergyPerActionJ is the table's energy of one action.
	EnergyPerActionJ [NumActions]float64
	// EnergyByActionJ is the energy of each action kind.
	EnergyByActionJ [NumActions]float64
	// DataspaceEnergyJ is the access energy per dataspace (storage levels).
	DataspaceEnergyJ [nest.MaxDataspaces]float64
	// LeakageJ is the leakage energy, EnergyJ the level's total.
	LeakageJ, EnergyJ float64
	// Cycles is the level's bandwidth-limited cycle count and
	// BandwidthSlowdown its factor in (0, 1].
	Cycles            int64
	BandwidthSlowdown float64
	// AreaM2 = Instances x area per instance.
	AreaM2 float64
}

// ActionCounts returns the level's action counts by action name, for the
// JSON report: read/write/update (and leak when it leaks) for storage and
// containers, compute for the compute level.
func (l *LevelResult) ActionCounts() map[string]int64 {
	m := make(map[string]int64, 4)
	for _, a := range l.actions() {
		m[a.String()] = l.Actions[a]
	}
	return m
}

// EnergyPerAction returns the energy of one action by action name, with
// the same keys as ActionCounts.
func (l *LevelResult) EnergyPerAction() map[string]float64 {
	m := make(map[string]float64, 4)
	for _, a := range l.actions() {
		m[a.String()] = l.EnergyPerActionJ[a]
	}
	return m
}

func (l *LevelResult) actions() []Action {
	if l.Kind == ir.Compute {
		if l.EnergyPerActionJ[Leak] != 0 {
			return []Action{Compute, Leak}
		}
		return []Action{Compute}
	}
	if l.EnergyPerActionJ[Leak] != 0 {
		return []Action{Read, Write, Update, Leak}
	}
	return []Action{Read, Write, Update}
}

// Result is the evaluation of one mapping. Levels is indexed like
// ir.Arch.Levels (compute last).
type Result struct {
	Levels []LevelResult
	// Nest holds the per-level, per-dataspace counts.
	Nest *nest.Result
	// EnergyJ is the total energy; Cycles the total cycles; LatencyS =
	// Cycles x the architecture's cycle time (0 when it gives none).
	EnergyJ  float64
	Cycles   int64
	LatencyS float64
	// ComputeCycles = ceil(Computes / utilized compute instances).
	ComputeCycles int64
	// MACs counts full-precision multiply-accumulates (bit dimensions
	// excluded); Computes counts compute operations (every dimension: one
	// virtual 1b x 1b MAC per point in CiM problems, as Timeloop).
	MACs, Computes int64
	// Utilization = Computes / (compute instances x Cycles).
	Utilization float64
	// AreaM2 = sum over levels of instances x area.
	AreaM2 float64
}

// Evaluator evaluates mappings of one problem on one architecture with one
// energy table. It owns its buffers: Evaluate does not allocate on valid
// mappings, and its Result is overwritten by the next call. Not safe for
// concurrent use; give each goroutine its own.
type Evaluator struct {
	prob  *ir.Problem
	arch  *ir.Arch
	table *EnergyTable
	an    *nest.Analyzer
	res   Result
	// For the fast validity check: per level, the dimensions that index a
	// dataspace the level must reuse spatially.
	mustMask []uint64
}

// NewEvaluator prepares an Evaluator. The table must have one entry per
// architecture level. p, a and t must not change while the Evaluator is in
// use (it precomputes from them).
func NewEvaluator(p *ir.Problem, a *ir.Arch, t *EnergyTable) (*Evaluator, diag.List) {
	var l diag.List
	if t == nil || len(t.Levels) != len(a.Levels) {
		l.Errorf(a.Src, diag.Internal, "energy table does not match architecture %q", a.Name)
		return nil, l
	}
	an, err := nest.New(p, a)
	if err != nil {
		switch err {
		case nest.ErrArch:
			l.Errorf(a.Src, diag.NoCompute, "architecture %q must end with exactly one compute level", a.Name)
		default:
			l.Errorf(a.Src, diag.BadMapping, "architecture %q or problem %q: %v", a.Name, p.Name, err)
		}
		return nil, l
	}
	for d, ds := range p.Dataspaces {
		kept := false
		for i := range a.Levels {
			lv := &a.Levels[i]
			if lv.Kind == ir.Storage && d < len(lv.Policies) && lv.Policies[d].Temporal != ir.Bypass {
				kept = true
			}
		}
		if !kept {
			l.Errorf(a.Src, diag.BadMapping, "dataspace %q is kept by no level of architecture %q", ds.Name, a.Name).Help =
				"keep it in at least one storage level (usually the outermost)"
		}
	}
	if len(l) > 0 {
		return nil, l
	}
	for i := range a.Levels {
		lv := &a.Levels[i]
		for _, v := range [...]float64{lv.ReadBandwidth, lv.WriteBandwidth} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				l.Errorf(lv.Src, diag.BadValue, "level %q: bandwidth is %v, expected a finite value >= 0 (0 = unlimited)", lv.Name, v)
				return nil, l
			}
		}
	}
	if v := a.CycleSeconds; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		l.Errorf(a.Src, diag.BadValue, "architecture %q: cycle time is %v s", a.Name, v)
		return nil, l
	}
	for i := range a.Levels {
		for _, v := range [...]float64{t.Levels[i].Read, t.Levels[i].Write, t.Levels[i].Update, t.Levels[i].Leak, t.Levels[i].Compute, t.Levels[i].AreaM2} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				l.Errorf(a.Levels[i].Src, diag.BadModel, "level %q: energy or area is %v", a.Levels[i].Name, v)
				return nil, l
			}
		}
	}
	e := &Evaluator{prob: p, arch: a, table: t, an: an, mustMask: make([]uint64, len(a.Levels))}
	for i := range a.Levels {
		for d, pol := range a.Levels[i].Policies {
			if pol.Spatial != ir.MustReuse || d >= len(p.Dataspaces) {
				continue
			}
			for dim := range p.Dims {
				if p.Relevant(d, dim) {
					e.mustMask[i] |= 1 << uint(dim)
				}
			}
		}
	}
	e.res.Levels = make([]LevelResult, len(a.Levels))
	for i := range a.Levels {
		lv := &a.Levels[i]
		e.res.Levels[i] = LevelResult{Name: lv.Name, Class: lv.Class, Kind: lv.Kind, Instances: lv.Instances}
	}
	return e, nil
}

// Evaluate validates mapping m (Validate, then ValidateCapacity on the
// analysed tiles) and, when it is valid, returns its evaluation. The Result
// is owned by the Evaluator.
func (e *Evaluator) Evaluate(m *ir.Mapping, opt Options) (*Result, diag.List) {
	if !e.valid(m) {
		if l := Validate(e.prob, e.arch, m); len(l) > 0 {
			return nil, l
		}
	}
	nr, err := e.an.Analyze(m, nest.Options{Rule: opt.Rule})
	if err != nil {
		var l diag.List
		l.Errorf(m.Src, diag.BadMapping, "%v", err)
		return nil, l
	}
	if l := ValidateCapacity(e.arch, m, nr); len(l) > 0 {
		return nil, l
	}
	e.rollup(nr)
	return &e.res, nil
}

// valid is a fast, allocation-free version of Validate's checks; Evaluate
// calls Validate for the diagnostics only when it fails.
func (e *Evaluator) valid(m *ir.Mapping) bool {
	a, p := e.arch, e.prob
	if m == nil || len(m.Levels) != len(a.Levels) || len(p.Dims) > nest.MaxDims {
		return false
	}
	var prod [nest.MaxDims]int64
	for d := range p.Dims {
		prod[d] = 1
	}
	nd := len(p.Dims)
	for i := range m.Levels {
		lm := &m.Levels[i]
		for _, lp := range lm.Temporal {
			if lp.Dim < 0 || lp.Dim >= nd || lp.Bound < 1 {
				return false
			}
			prod[lp.Dim] *= int64(lp.Bound)
		}
		if len(lm.Spatial) == 0 {
			continue
		}
		x, y := int64(1), int64(1)
		for _, lp := range lm.Spatial {
			if lp.Dim < 0 || lp.Dim >= nd || lp.Bound < 1 {
				return false
			}
			if lp.Bound > 1 && e.mustMask[i]&(1<<uint(lp.Dim)) != 0 {
				return false
			}
			prod[lp.Dim] *= int64(lp.Bound)
			if lp.Axis == ir.AxisY {
				y *= int64(lp.Bound)
			} else {
				x *= int64(lp.Bound)
			}
		}
		lv := &a.Levels[i]
		if x > int64(max(lv.FanoutX, 1)) || y > int64(max(lv.FanoutY, 1)) {
			return false
		}
	}
	if lm := &m.Levels[len(m.Levels)-1]; len(lm.Temporal) > 0 || len(lm.Spatial) > 0 {
		return false
	}
	for d := range p.Dims {
		if prod[d] != int64(p.Dims[d].Size) {
			return false
		}
	}
	return true
}

// ceilDiv is ceil(a / b) for a >= 0, b > 0.
func ceilDiv(a, b int64) int64 {
	if b == 1 {
		return a
	}
	return (a + b - 1) / b
}

// BandwidthCycles is Timeloop's bandwidth limit of one level
// (testdata/timeloop/README.md): the slowdown min(1, readBW/needR,
// writeBW/needW) over the bandwidths that are given (> 0), and the level's
// cycles ceil(computeCycles / slowdown). needR and needW are the words per
// compute cycle the level must read and write. The mapper's cost function
// shares it so both compute cycles identically.
func BandwidthCycles(computeCycles int64, readBW, writeBW, needR, needW float64) (slowdown float64, cycles int64) {
	slowdown = 1.0
	if readBW > 0 && needR > 0 {
		slowdown = min(slowdown, readBW/needR)
	}
	if writeBW > 0 && needW > 0 {
		slowdown = min(slowdown, writeBW/needW)
	}
	cycles = computeCycles
	if slowdown < 1 {
		cycles = int64(math.Ceil(float64(computeCycles) / slowdown))
	}
	return slowdown, cycles
}

// rollup turns counts into energy, cycles and area (see the package doc).
func (e *Evaluator) rollup(nr *nest.Result) {
	res := &e.res
	res.Nest = nr
	a := e.arch
	nl := len(a.Levels)
	ci := nl - 1
	computes := nr.Computes
	ccycles := int64(0)
	if nr.ComputeInstances > 0 {
		ccycles = ceilDiv(computes, nr.ComputeInstances)
	}
	res.Computes = computes
	res.ComputeCycles = ccycles
	res.MACs = e.prob.MACs()
	cycles := ccycles
	var areaSum float64
	for i := 0; i < ci; i++ {
		lv := &a.Levels[i]
		lr := &res.Levels[i]
		te := &e.table.Levels[i]
		bs := int64(max(lv.BlockSize, 1))
		lr.Actions = [NumActions]int64{}
		lr.EnergyByActionJ = [NumActions]float64{}
		lr.EnergyPerActionJ = [NumActions]float64{te.Read, te.Write, te.Update, te.Leak, 0}
		var energy, needR, needW float64
		for d := 0; d < nr.NumDataspaces; d++ {
			st := &nr.Levels[i].DS[d]
			if st.Reads|st.Fills|st.Updates == 0 {
				lr.DataspaceEnergyJ[d] = 0
				continue
			}
			u := st.UtilizedInstances
			vr, vf, vu := ceilDiv(st.Reads, bs), ceilDiv(st.Fills, bs), ceilDiv(st.Updates, bs)
			de := float64(u) * (float64(vr)*te.Read + float64(vf)*te.Write + float64(vu)*te.Update)
			lr.DataspaceEnergyJ[d] = de
			energy += de
			lr.Actions[Read] += u * vr
			lr.Actions[Write] += u * vf
			lr.Actions[Update] += u * vu
			lr.EnergyByActionJ[Read] += float64(u*vr) * te.Read
			lr.EnergyByActionJ[Write] += float64(u*vf) * te.Write
			lr.EnergyByActionJ[Update] += float64(u*vu) * te.Update
			if ccycles > 0 && lv.ReadBandwidth > 0 {
				needR += float64(st.Reads) / float64(ccycles)
			}
			if ccycles > 0 && lv.WriteBandwidth > 0 {
				needW += float64(st.Fills+st.Updates) / float64(ccycles)
			}
		}
		lr.BandwidthSlowdown, lr.Cycles = BandwidthCycles(ccycles, lv.ReadBandwidth, lv.WriteBandwidth, needR, needW)
		cycles = max(cycles, lr.Cycles)
		lr.EnergyJ = energy
		lr.AreaM2 = float64(lv.Instances) * te.AreaM2
		areaSum += lr.AreaM2
	}
	// Compute level.
	cr := &res.Levels[ci]
	ct := &e.table.Levels[ci]
	cr.Actions = [NumActions]int64{}
	cr.EnergyByActionJ = [NumActions]float64{}
	cr.EnergyPerActionJ = [NumActions]float64{0, 0, 0, ct.Leak, ct.Compute}
	cr.Actions[Compute] = computes
	cr.EnergyByActionJ[Compute] = float64(computes) * ct.Compute
	cr.Cycles = ccycles
	cr.BandwidthSlowdown = 1
	cr.AreaM2 = float64(a.Levels[ci].Instances) * ct.AreaM2
	areaSum += cr.AreaM2
	// Leakage needs the total cycles.
	total := 0.0
	for i := 0; i < nl; i++ {
		lr := &res.Levels[i]
		te := &e.table.Levels[i]
		lr.LeakageJ = 0
		if te.Leak != 0 {
			leaks := int64(1)
			if i < ci {
				for d := 0; d < nr.NumDataspaces; d++ {
					leaks = max(leaks, nr.Levels[i].DS[d].UtilizedInstances)
				}
			} else {
				leaks = max(leaks, nr.ComputeInstances)
			}
			lr.Actions[Leak] = cycles * leaks
			lr.LeakageJ = te.Leak * float64(cycles) * float64(leaks)
			lr.EnergyByActionJ[Leak] = lr.LeakageJ
		}
		if i == ci {
			lr.EnergyJ = lr.EnergyByActionJ[Compute] + lr.LeakageJ
		} else {
			lr.EnergyJ += lr.LeakageJ
		}
		total += lr.EnergyJ
	}
	res.EnergyJ = total
	res.Cycles = cycles
	res.LatencyS = float64(cycles) * a.CycleSeconds
	res.Utilization = 0
	if ci >= 0 && a.Levels[ci].Instances > 0 && cycles > 0 {
		res.Utilization = float64(computes) / (float64(a.Levels[ci].Instances) * float64(cycles))
	}
	res.AreaM2 = areaSum
}

// Clone returns a deep copy of r that later evaluations do not overwrite.
func (r *Result) Clone() *Result {
	c := *r
	c.Levels = append([]LevelResult(nil), r.Levels...)
	if r.Nest != nil {
		n := *r.Nest
		c.Nest = &n
	}
	return &c
}
