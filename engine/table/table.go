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
//
// Levels whose class is a compound component written in .cim are
// evaluated by engine/compound when Build is given the classes of
// WithCompounds; such a class must define an action its level is charged.
package table

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/compound"
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

// Classes resolves a level's class name to its model: a
// *component.Registry (builtin classes only) or the *compound.Classes that
// WithCompounds returns (builtin and .cim compound classes).
type Classes interface {
	Lookup(name string) (*component.Class, bool)
}

// WithCompounds returns the classes of reg and the compound component
// classes of prog (see package engine/compound).
func WithCompounds(reg *component.Registry, prog *check.Program) Classes {
	return compound.New(reg, prog)
}

// Build evaluates every level's model for the layer and returns the table,
// with one Detail per level (containers have an empty Detail). A model
// error is a diagnostic located at the level in the source; an error in a
// compound class's expression is located at the expression, with the
// level as related information.
func Build(classes Classes, a *ir.Arch, p *ir.Problem, opt values.Options) (*engine.EnergyTable, []Detail, diag.List) {
	var errs diag.List
	t := engine.NewEnergyTable(a)
	details := make([]Detail, len(a.Levels))
	vl, err := values.ForProblem(p, opt)
	if err != nil {
		errs.Errorf(p.Src, diag.BadHistogram, "layer %q: %v", p.Name, err)
		return t, details, errs
	}
	stats := &vl.Stats
	cc, _ := classes.(*compound.Classes)
	ops := compound.ForLayer(p, vl.Role)
	for i := range a.Levels {
		l := &a.Levels[i]
		if l.Kind == ir.Container {
			continue
		}
		attrs := make(component.Attrs, len(l.Attrs))
		for _, at := range l.Attrs {
			attrs[at.Name] = at.Value
		}
		var est component.Estimate
		if comp, ok := cc.Compound(l.Class); cc != nil && ok {
			res, err := cc.Estimate(l.Class, attrs, stats, ops)
			if err != nil {
				compoundError(&errs, err, l)
				continue
			}
			est = res.Estimate
			if _, ok := est.Energy["leak"]; ok {
				d := errs.Errorf(l.Src, diag.BadModel, "level %q: class %q defines an action \"leak\", which is never charged", l.Name, l.Class)
				d.Help = "write the leakage power as the property `leakage = ...` (W); it is charged per cycle per instance"
				continue
			}
			if !chargesAny(l.Kind, est.Energy) {
				d := errs.Errorf(l.Src, diag.BadModel, "level %q: class %q defines none of the actions a %s level is charged (%s)",
					l.Name, l.Class, kindWord(l.Kind), strings.Join(charged(l.Kind), ", "))
				d.Help = "rename its action (" + strings.Join(comp.Actions, ", ") + ") or add one"
				continue
			}
		} else {
			cls, ok := classes.Lookup(l.Class)
			if !ok {
				errs.Errorf(l.Src, diag.BadModel, "level %q: class %q has no model", l.Name, l.Class)
				continue
			}
			var err error
			est, err = cls.Model(attrs, stats)
			if err != nil {
				errs.Errorf(l.Src, diag.BadModel, "level %q (%s): %v", l.Name, l.Class, err)
				continue
			}
		}
		details[i] = Detail{Class: l.Class, Estimate: est}
		e := &t.Levels[i]
		if l.Kind == ir.Compute {
			e.Compute = firstAction(est.Energy, charged(ir.Compute)...)
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

// charged lists the actions a level of kind k is charged, in order of
// preference for a compute level.
func charged(k ir.LevelKind) []string {
	if k == ir.Compute {
		return []string{"compute", "mac", "read"}
	}
	return []string{"read", "write", "update"}
}

func kindWord(k ir.LevelKind) string {
	if k == ir.Compute {
		return "compute"
	}
	return "storage"
}

// chargesAny reports whether energy defines an action a level of kind k
// is charged.
func chargesAny(k ir.LevelKind, energy map[string]float64) bool {
	for _, a := range charged(k) {
		if _, ok := energy[a]; ok {
			return true
		}
	}
	return false
}

// compoundError reports an error of a compound class evaluated for level
// l: located in the class when it is a *compound.Error.
func compoundError(errs *diag.List, err error, l *ir.Level) {
	var ce *compound.Error
	if errors.As(err, &ce) && ce.Diag.Range.IsValid() {
		d := ce.Diag
		d.Related = append(d.Related, diag.Related{Range: l.Src, Message: fmt.Sprintf("evaluating level %q (class %s)", l.Name, l.Class)})
		errs.Add(d)
		return
	}
	errs.Errorf(l.Src, diag.BadModel, "level %q (%s): %v", l.Name, l.Class, err)
}

func firstAction(m map[string]float64, names ...string) float64 {
	for _, n := range names {
		if v, ok := m[n]; ok {
			return v
		}
	}
	return 0
}
