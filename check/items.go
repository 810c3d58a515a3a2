package check

import (
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

var temporalKinds = map[string]string{"keep": "kept", "coalesce": "coalesced", "pass": "passed", "bypass": "bypassed"}
var spatialKinds = map[string]string{"reuse": "reused", "no_reuse": "not reused", "must_reuse": "must-reused"}

// kindWord spells a directive as written ("no reuse", "rmw_first_update").
func kindWord(k string) string {
	if k == "no_reuse" || k == "must_reuse" {
		return strings.ReplaceAll(k, "_", " ")
	}
	return k
}

// directive checks one reuse directive and records it on its owner.
func (c *checker) directive(x ctx, d *ast.Directive, kind blockKind, own *blockOwner, tseen, sseen map[string]*Directive) {
	_, temporal := temporalKinds[d.Kind]
	_, spatial := spatialKinds[d.Kind]
	rmw := d.Kind == "rmw_first_update"
	where := "the architecture"
	if own != nil {
		where = q(own.name)
	}
	switch {
	case (temporal || rmw) && kind != blockInstance:
		c.errs.Errorf(d.KindSrc, diag.Misplaced, "%s applies to components, not to %s", kindWord(d.Kind), where).Help =
			"put it in the body of the component that stores or converts the data"
		return
	case spatial && (kind == blockArch || own == nil || !own.hasFanout):
		c.errs.Errorf(d.KindSrc, diag.Misplaced, "%s needs a fanout, and %s has none", kindWord(d.Kind), where).Help =
			"spatial reuse directives describe how the instances of a fanout share data"
		return
	case !temporal && !spatial && !rmw:
		c.errs.Errorf(d.KindSrc, diag.Internal, "unknown directive %q", d.Kind)
		return
	}
	out := Directive{Kind: d.Kind, Src: d.Src}
	for _, id := range d.Dataspaces {
		if id.Name == "*" {
			out.Star = true
			continue
		}
		if !c.dataspaceRef(id) {
			continue
		}
		out.Dataspaces = append(out.Dataspaces, Name{id.Name, id.Src})
	}
	seen := tseen
	if spatial {
		seen = sseen
	}
	if rmw {
		seen = map[string]*Directive{}
	}
	mark := func(ds string, at diag.Range) {
		prev, dup := seen[ds]
		if !dup {
			seen[ds] = &out
			return
		}
		what := q(ds)
		if ds == "*" {
			what = "every dataspace"
		}
		var e *diag.Diagnostic
		if prev.Kind == out.Kind {
			e = c.errs.Errorf(at, diag.ConflictingDirective, "%s is listed twice in %s", what, kindWord(d.Kind))
		} else {
			e = c.errs.Errorf(at, diag.ConflictingDirective, "conflicting directives for %s: %s and %s", what, kindWord(prev.Kind), kindWord(out.Kind))
		}
		e.Related = append(e.Related, diag.Related{Range: prev.Src, Message: "previous directive here"})
	}
	if out.Star {
		keys := make([]string, 0, len(seen))
		for ds := range seen {
			keys = append(keys, ds)
		}
		sort.Strings(keys) // deterministic: report the first name
		for _, ds := range keys {
			if seen[ds].Kind != out.Kind {
				mark(ds, d.Src)
				break
			}
		}
		mark("*", d.Src)
	}
	for _, ds := range out.Dataspaces {
		if star, has := seen["*"]; has && star != &out && star.Kind != out.Kind {
			mark("*", ds.Src)
		}
		mark(ds.Name, ds.Src)
	}
	if spatial {
		*own.dirs = append(*own.dirs, out)
	} else {
		*own.temporal = append(*own.temporal, out)
	}
}

// constraintBlock checks a temporal or spatial constraint block.
func (c *checker) constraintBlock(x ctx, b *ast.ConstraintBlock, kind blockKind, own *blockOwner) {
	where := "the architecture"
	if own != nil {
		where = q(own.name)
	}
	var dst **Constraints
	switch {
	case b.Kind == "temporal" && kind != blockInstance:
		c.errs.Errorf(b.KindSrc, diag.Misplaced, "temporal constraints apply to components, not to %s", where).Help =
			"containers own only spatial loops (CiMLoop drops their temporal constraints)"
		return
	case b.Kind == "temporal":
		dst = own.tcons
	case kind == blockArch || own == nil || !own.hasFanout:
		c.errs.Errorf(b.KindSrc, diag.Misplaced, "spatial constraints need a fanout, and %s has none", where)
		return
	default:
		dst = own.scons
	}
	if *dst == nil {
		*dst = &Constraints{Src: b.Src}
	}
	cs := *dst
	factorAt := map[string]Factor{}
	for _, f := range cs.Factors {
		factorAt[f.Dim.Name] = f
	}
	for _, it := range b.Items {
		switch it := it.(type) {
		case *ast.FactorsConstraint:
			if it.Only {
				cs.FactorsOnly = true
			}
			for _, f := range it.Factors {
				if !c.dimOK(f.Dim) {
					continue
				}
				n, ok := c.constInt(x, f.Value, "factor", diag.BadConstraint)
				if !ok {
					continue
				}
				if n < 0 {
					c.errs.Errorf(f.Value.Span(), diag.BadConstraint, "factor must be 0 (the full dimension) or positive, found %d", n)
					continue
				}
				op := ir.FactorEq
				switch f.Op {
				case "<=":
					op = ir.FactorLE
				case ">=":
					op = ir.FactorGE
				}
				nf := Factor{Dim: Name{f.Dim.Name, f.Dim.Src}, Op: op, Value: n, Src: f.Src}
				if prev, dup := factorAt[f.Dim.Name]; dup {
					compatible := prev.Op != ir.FactorEq && op != ir.FactorEq && prev.Op != op
					if !compatible {
						e := c.errs.Errorf(f.Src, diag.BadConstraint, "conflicting factors for %q: %s %s %d and %s %s %d",
							f.Dim.Name, f.Dim.Name, prev.Op, prev.Value, f.Dim.Name, op, n)
						e.Related = append(e.Related, diag.Related{Range: prev.Src, Message: "previous factor here"})
						continue
					}
				}
				factorAt[f.Dim.Name] = nf
				cs.Factors = append(cs.Factors, nf)
			}
		case *ast.OrderConstraint:
			if cs.Order != nil {
				c.errs.Errorf(it.Src, diag.BadConstraint, "the loop order is given twice")
				continue
			}
			seen := map[string]bool{}
			for _, d := range it.Dims {
				if !c.dimOK(d) {
					continue
				}
				if seen[d.Name] {
					c.errs.Errorf(d.Src, diag.BadConstraint, "%q appears twice in the loop order", d.Name)
					continue
				}
				seen[d.Name] = true
				cs.Order = append(cs.Order, Name{d.Name, d.Src})
			}
		case *ast.MaximizeConstraint:
			seen := map[string]bool{}
			for _, g := range it.Groups {
				var grp []Name
				for _, d := range g {
					if !c.dimOK(d) {
						continue
					}
					if seen[d.Name] {
						c.errs.Errorf(d.Src, diag.BadConstraint, "%q appears twice in maximize", d.Name)
						continue
					}
					seen[d.Name] = true
					grp = append(grp, Name{d.Name, d.Src})
				}
				if len(grp) > 0 {
					cs.Maximize = append(cs.Maximize, grp)
				}
			}
			if it.Capacity != nil {
				n, ok := c.constInt(x, it.Capacity, "capacity", diag.BadConstraint)
				if ok && n < 1 {
					c.errs.Errorf(it.Capacity.Span(), diag.BadConstraint, "capacity must be positive, found %d", n)
				} else if ok {
					cs.Capacity = n
				}
			} else if b.Kind == "temporal" {
				c.errs.Errorf(it.Src, diag.BadConstraint, "temporal maximize needs a capacity").Help =
					"write: maximize [c, m] capacity 64 (how many values the level holds)"
			}
		case *ast.DataspaceConstraint:
			for _, id := range it.Dataspaces {
				var names []Name
				if id.Name == "*" {
					for _, ds := range sortedKeys(c.dataspaces) {
						names = append(names, Name{ds, id.Src})
					}
				} else if !c.dataspaceRef(id) {
					continue
				} else {
					names = []Name{{id.Name, id.Src}}
				}
				if it.Kind == "no_iteration" {
					cs.NoIteration = append(cs.NoIteration, names...)
				} else {
					cs.MustIterate = append(cs.MustIterate, names...)
				}
			}
		}
	}
}

// dimOK reports whether a constraint names a known dimension.
func (c *checker) dimOK(id *ast.Ident) bool {
	if c.dims[id.Name] {
		return true
	}
	e := c.errs.Errorf(id.Src, diag.UnknownDimension, "no einsum has a dimension %q", id.Name)
	e.Help = diag.DidYouMean(id.Name, sortedKeys(c.dims))
	return false
}

// include splices another architecture's items.
func (c *checker) include(x ctx, b *archBuilder, in *ast.IncludeStmt, inherited []Attr) []Node {
	mx, o := c.resolveDecl(x, in.Target, objArch, "architecture")
	if o == nil {
		return nil
	}
	if c.including[o.arch] {
		c.errs.Errorf(in.Target.Span(), diag.Recursion, "architecture %q includes itself", o.arch.Name.Name)
		return nil
	}
	e := mx.env
	if len(in.Args) > 0 {
		var local []*ast.ParamDecl
		for _, it := range o.arch.Items {
			if p, ok := it.(*ast.ParamDecl); ok {
				local = append(local, p)
			}
		}
		args := c.overrideArgs(x, in.Args, o.mod, local, "architecture "+q(o.arch.Name.Name))
		e = newEnv(o.mod, false)
		for p, a := range args {
			e.over[p] = c.argOverride(x, a)
		}
	}
	c.including[o.arch] = true
	nodes := c.block(ctx{env: e, sc: o.mod.scope}, b, o.arch.Items, inherited, blockArch, nil)
	delete(c.including, o.arch)
	return nodes
}

// component checks a compound component class (once).
func (c *checker) component(m *Module, d *ast.ComponentDecl) *Component {
	if comp, ok := c.comps[d]; ok {
		return comp
	}
	if c.compBusy[d] {
		c.errs.Errorf(d.Name.Src, diag.Recursion, "component class %q contains itself", d.Name.Name)
		return nil
	}
	c.compBusy[d] = true
	defer delete(c.compBusy, d)
	name := d.Name.Name
	if m != c.prog.Root {
		name = strings.TrimSuffix(m.Path, ".cim") + "." + name
	}
	comp := &Component{Name: name, Decl: d, Module: m}
	mx := ctx{env: m.env, sc: m.scope}
	ops := newScope(m.scope)
	for _, ds := range append([]string{"Inputs", "Weights", "Outputs"}, sortedKeys(c.dataspaces)...) {
		if ops.names[ds] == nil {
			ops.declare(c, &object{kind: objOperand, name: ds})
		}
	}
	cs := newScope(ops)
	fr := newFrame()
	for _, f := range d.Params {
		t, def := c.fieldType(mx, f)
		comp.Fields = append(comp.Fields, FieldSpec{Name: f.Name.Name, Type: t, Default: def, Required: f.Default == nil, Src: f.Src})
		if cs.declare(c, &object{kind: objField, name: f.Name.Name, src: f.Name.Src, field: f}) {
			fr.fields[f] = t
		}
	}
	for _, it := range d.Items {
		switch it := it.(type) {
		case *ast.ParamDecl:
			cs.declare(c, &object{kind: objParam, name: it.Name.Name, src: it.Name.Src, param: it, paramScope: cs, local: true})
		case *ast.ActionDecl:
			dup := false
			for _, a := range comp.Actions {
				dup = dup || a == it.Name.Name
			}
			if dup {
				c.errs.Errorf(it.Name.Src, diag.Duplicate, "action %q is already declared in this component", it.Name.Name)
				continue
			}
			comp.Actions = append(comp.Actions, it.Name.Name)
		}
	}
	c.comps[d] = comp
	c.prog.Components[name] = comp
	cx := ctx{env: m.env, fr: fr, sc: cs}
	for _, it := range d.Items {
		if s, ok := it.(*ast.SubcomponentDecl); ok {
			sub := &Sub{Name: s.Name.Name}
			if !cs.declare(c, &object{kind: objSub, name: s.Name.Name, src: s.Name.Src, sub: sub}) {
				continue
			}
			cls, reg, cc := c.resolveClass(cx, s.Class)
			if cls == "" {
				continue
			}
			sub.Class, sub.Registry, sub.Compound = cls, reg, cc
			c.classAttrs(cx, cls, reg, cc, s.Args, nil, nil, s.Name.Src, nil)
			comp.Subs = append(comp.Subs, *sub)
		}
	}
	props := map[string]units.Dim{"area": units.Area, "leakage": units.Power}
	acts := map[string]units.Dim{"energy": units.Energy, "latency": units.Time}
	assign := func(a *ast.Assign, allowed map[string]units.Dim, seen map[string]diag.Range, what string) {
		dim, ok := allowed[a.Name.Name]
		if !ok {
			e := c.errs.Errorf(a.Name.Src, diag.UnknownAttribute, "unknown %s %q", what, a.Name.Name)
			e.Help = diag.DidYouMean(a.Name.Name, sortedKeys(map[string]bool{"area": what == "property", "leakage": what == "property",
				"energy": what != "property", "latency": what != "property"}))
			c.eval(cx, a.Value)
			return
		}
		if prev, dup := seen[a.Name.Name]; dup {
			e := c.errs.Errorf(a.Name.Src, diag.Duplicate, "%q is already set", a.Name.Name)
			e.Related = append(e.Related, diag.Related{Range: prev, Message: "previous setting here"})
			return
		}
		seen[a.Name.Name] = a.Name.Src
		v := c.eval(cx, a.Value)
		if v.Kind == Invalid {
			return
		}
		if v.Kind != Number || v.Dim != dim {
			c.errs.Errorf(a.Value.Span(), diag.TypeMismatch, "%s must be %s, found %s", a.Name.Name, dim.Name(), v.typeName())
		}
	}
	propSeen := map[string]diag.Range{}
	for _, it := range d.Items {
		switch it := it.(type) {
		case *ast.ParamDecl:
			c.paramValue(cx, cs.names[it.Name.Name])
		case *ast.Assign:
			assign(it, props, propSeen, "property")
		case *ast.ActionDecl:
			seen := map[string]diag.Range{}
			for _, a := range it.Items {
				assign(a, acts, seen, "action item")
			}
		}
	}
	return comp
}

// mapping checks a pinned mapping.
func (c *checker) mapping(x ctx, d *ast.MappingDecl, archLevels map[string][]Name) *Mapping {
	out := &Mapping{Src: d.Src}
	ok := true
	if d.Arch != nil {
		o := x.sc.lookup(d.Arch.Name)
		if o == nil || o.kind != objArch {
			e := c.errs.Errorf(d.Arch.Src, diag.Undefined, "undefined architecture %q", d.Arch.Name)
			e.Help = diag.DidYouMean(d.Arch.Name, x.sc.candidates(func(o *object) bool { return o.kind == objArch }))
			ok = false
		}
		out.Arch = &Name{d.Arch.Name, d.Arch.Src}
	}
	seen := map[string]diag.Range{}
	for _, l := range d.Levels {
		if prev, dup := seen[l.Level.Name]; dup {
			e := c.errs.Errorf(l.Level.Src, diag.Duplicate, "level %q appears twice in the mapping", l.Level.Name)
			e.Related = append(e.Related, diag.Related{Range: prev, Message: "previous loops here"})
			ok = false
			continue
		}
		seen[l.Level.Name] = l.Level.Src
		var names []string
		decl := map[string]diag.Range{}
		archNames := make([]string, 0, len(archLevels))
		for a := range archLevels {
			archNames = append(archNames, a)
		}
		sort.Strings(archNames) // deterministic choice of the declaration a warning points at
		for _, a := range archNames {
			ls := archLevels[a]
			if d.Arch == nil || d.Arch.Name == a {
				for _, n := range ls {
					names = append(names, n.Name)
					if _, seen := decl[n.Name]; !seen {
						decl[n.Name] = n.Src
					}
				}
			}
		}
		// The levels of CiMLoop's virtualized MAC are added by lower
		// below the innermost component of a CiM architecture (see
		// lower.VirtualMACContainer); a mapping printed by cimc names them.
		known := implicitLevel(l.Level.Name)
		for _, n := range names {
			known = known || n == l.Level.Name
		}
		if !known && len(names) > 0 {
			sort.Strings(names)
			e := c.errs.Errorf(l.Level.Src, diag.BadMapping, "no level %q in the architecture", l.Level.Name)
			e.Help = diag.DidYouMean(l.Level.Name, names)
			if s := diag.Suggest(l.Level.Name, names); s != "" {
				c.nearMisses = append(c.nearMisses, nearMiss{what: "level", name: s, decl: decl[s],
					used: func() bool { return c.levelUsed[s] }, use: l.Level.Name, useAt: l.Level.Src})
			}
			ok = false
			continue
		}
		c.levelUsed[l.Level.Name] = true
		ml := MappingLevel{Level: Name{l.Level.Name, l.Level.Src}, Src: l.Src}
		for _, lp := range l.Loops {
			good := c.dimOK(lp.Dim)
			n, okb := c.constInt(x, lp.Bound, "loop bound", diag.BadValue)
			if okb && n < 1 {
				c.errs.Errorf(lp.Bound.Span(), diag.BadValue, "loop bound must be positive, found %d", n)
				okb = false
			}
			axis := ir.AxisX
			if lp.Axis != nil {
				switch lp.Axis.Name {
				case "X":
				case "Y":
					axis = ir.AxisY
				default:
					c.errs.Errorf(lp.Axis.Src, diag.BadValue, "axis must be X or Y, found %q", lp.Axis.Name)
					good = false
				}
			}
			if !good || !okb {
				ok = false
				continue
			}
			ml.Loops = append(ml.Loops, MappingLoop{Dim: Name{lp.Dim.Name, lp.Dim.Src}, Bound: n, Parallel: lp.Parallel, Axis: axis, Src: lp.Src})
		}
		out.Levels = append(out.Levels, ml)
	}
	if !ok {
		return nil
	}
	return out
}

// implicitLevel reports whether name is one of the levels lower adds to CiM
// architectures (lower.VirtualMACContainer, VirtualMACDummy, VirtualMAC).
func implicitLevel(name string) bool {
	switch name {
	case "mac_1bit_x_1bit", "here_to_fix_a_bug", "virtual_bitwise_mac":
		return true
	}
	return false
}
