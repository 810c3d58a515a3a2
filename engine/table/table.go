// Package table builds the energy table of one (architecture, layer) pair:
// for every level, the energy of each Timeloop action and the area of one
// instance, from the level's component model and the value statistics of
// the layer's operands. It runs once per layer; the mapper reuses the
// table for every mapping it evaluates.
//
// It owns the translation from a component's own actions (convert, add,
// read, write...) to the actions Timeloop counts (read, write/fill,
// update, leak, compute): as CiMLoop's compound classes define them, a
// storage-position component is charged its "read" energy per read, its
// "write" energy per fill and its "update" energy per update; an action the
// class does not define costs nothing (cimloop-spec.md section 9: "compound
// classes define unused ones as empty"). The compute level is charged its
// "compute" action (or "mac", or "read" for classes that define only that).
// Leakage is the model's watts per instance times the cycle time.
package table

import (
	"math"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Detail is what a level's model returned, kept for reports and for
// "cimc component".
type Detail struct {
	Class    string
	Estimate component.Estimate
}

// Build evaluates every level's model for the layer and returns the table,
// with one Detail per level (containers have an empty Detail). A model
// error is a diagnostic located at the level in the source.
func Build(reg *component.Registry, a *ir.Arch, p *ir.Problem, opt values.Options) (*engine.EnergyTable, []Detail, diag.List) {
	var errs diag.List
	t := engine.NewEnergyTable(a)
	details := make([]Detail, len(a.Levels))
	vl, err := values.ForProblem(p, opt)
	if err != nil {
		errs.Errorf(p.Src, diag.BadHistogram, "layer %q: %v", p.Name, err)
		return t, details, errs
	}
	stats := &vl.Stats
	for i := range a.Levels {
		l := &a.Levels[i]
		if l.Kind == ir.Container {
			continue
		}
		cls, ok := reg.Lookup(l.Class)
		if !ok {
			errs.Errorf(l.Src, diag.BadModel, "level %q: class %q has no model (compound components written in .cim are not evaluated yet)", l.Name, l.Class)
			continue
		}
		attrs := make(component.Attrs, len(l.Attrs))
		for _, at := range l.Attrs {
			attrs[at.Name] = at.Value
		}
		est, err := cls.Model(attrs, stats)
		if err != nil {
			errs.Errorf(l.Src, diag.BadModel, "level %q (%s): %v", l.Name, l.Class, err)
			continue
		}
		details[i] = Detail{Class: l.Class, Estimate: est}
		e := &t.Levels[i]
		if l.Kind == ir.Compute {
			e.Compute = firstAction(est.Energy, "compute", "mac", "read")
		} else {
			e.Read = est.Energy["read"]
			e.Write = est.Energy["write"]
			e.Update = est.Energy["update"]
		}
		e.Leak = est.Leakage * a.CycleSeconds
		e.AreaM2 = est.Area
		for _, v := range [...]float64{e.Read, e.Write, e.Update, e.Leak, e.Compute, e.AreaM2} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				errs.Errorf(l.Src, diag.BadModel, "level %q (%s): model returned %v", l.Name, l.Class, v)
				break
			}
		}
	}
	return t, details, errs
}

func firstAction(m map[string]float64, names ...string) float64 {
	for _, n := range names {
		if v, ok := m[n]; ok {
			return v
		}
	}
	return 0
}
