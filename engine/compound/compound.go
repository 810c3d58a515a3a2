package compound

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Error is a located evaluation error: a diagnostic whose range points
// into the component class's source.
type Error struct {
	Diag diag.Diagnostic
	// nonPoly marks an operand-dependent value that went through an
	// operation that is not a polynomial: mean() falls back to the value
	// distribution (component.OperandStats.Probs) for it.
	nonPoly bool
}

// Error implements error.
func (e *Error) Error() string { return e.Diag.Message }

func errorf(at diag.Range, code, format string, args ...any) *Error {
	return &Error{Diag: diag.Diagnostic{Severity: diag.Error, Code: code, Range: at, Message: fmt.Sprintf(format, args...)}}
}

// Operands maps the operand names a class's expressions may use to the
// role whose statistics they read: Inputs, Weights and Outputs always,
// plus the dataspace names of the layer (see ForLayer).
type Operands map[string]values.Role

// RoleOperands maps Inputs, Weights and Outputs to their roles.
func RoleOperands() Operands {
	return Operands{"Inputs": values.Inputs, "Weights": values.Weights, "Outputs": values.Outputs}
}

// ForLayer maps the role names and the dataspace names of p to their
// roles, as values.ForProblem assigned them (roles[r] is the index into
// p.Dataspaces of the dataspace playing role r, or -1). A dataspace name
// takes precedence over a role name it shadows.
func ForLayer(p *ir.Problem, roles [3]int) Operands {
	ops := RoleOperands()
	if p == nil {
		return ops
	}
	for r, ds := range roles {
		if ds >= 0 && ds < len(p.Dataspaces) {
			ops[p.Dataspaces[ds].Name] = values.Role(r)
		}
	}
	return ops
}

// Result is the evaluation of one compound component instance.
type Result struct {
	// Estimate holds the energy of every declared action (J), the area of
	// one instance (m^2), the leakage (W) and, as Latency, the largest
	// action latency (s).
	Estimate component.Estimate
	// Latency is the latency of each declared action (s).
	Latency map[string]float64
}

// Classes resolves class names to the builtin models of a registry and
// to the compound classes of a checked program.
type Classes struct {
	reg   *component.Registry
	comps map[string]*check.Component
}

// New returns the classes of reg and of prog's compound components (prog
// may be nil: no compound classes).
func New(reg *component.Registry, prog *check.Program) *Classes {
	c := &Classes{reg: reg, comps: map[string]*check.Component{}}
	if prog != nil {
		for n, comp := range prog.Components {
			c.comps[n] = comp
		}
	}
	return c
}

// Compound returns the compound class named name (its canonical name,
// check.Component.Name).
func (c *Classes) Compound(name string) (*check.Component, bool) {
	if c == nil {
		return nil, false
	}
	comp, ok := c.comps[name]
	return comp, ok && comp != nil && comp.Decl != nil
}

// Lookup returns, for a compound class, a component.Class whose Model
// evaluates it with the operand names Inputs, Weights and Outputs, else
// the registry class named name. A compound class of the root module
// shadows a builtin class of the same name, as in check.
func (c *Classes) Lookup(name string) (*component.Class, bool) {
	comp, ok := c.Compound(name)
	if !ok {
		if c == nil || c.reg == nil {
			return nil, false
		}
		return c.reg.Lookup(name)
	}
	cls := &component.Class{Name: comp.Name, Doc: "compound component written in .cim",
		Actions: append([]string(nil), comp.Actions...), Storage: !check.IsCompute(comp.Name)}
	for _, f := range comp.Fields {
		s := component.AttrSpec{Name: f.Name, Dim: f.Type.Dim, Required: f.Required}
		switch f.Type.Kind {
		case check.String:
			s.Kind = component.String
		case check.Bool:
			s.Kind = component.Bool
		}
		if f.Type.Kind == check.List {
			// Lists are not attribute values: the class's default applies.
			s.Required, s.Optional = false, true
		} else if f.Default != nil {
			if v, ok := f.Default.IR(); ok {
				s.Default = v
			} else {
				s.Optional = true
			}
		}
		cls.Attrs = append(cls.Attrs, s)
	}
	cls.Model = func(attrs component.Attrs, stats *component.Stats) (component.Estimate, error) {
		r, err := c.Estimate(name, attrs, stats, RoleOperands())
		if err != nil {
			return component.Estimate{}, err
		}
		return r.Estimate, nil
	}
	return cls, true
}

// Estimate evaluates the compound class name for one instance's
// attributes and a layer's operand statistics (nil: none; an expression
// that reads an operand is then an error). ops names the operands (nil:
// RoleOperands). Errors are *Error, located in the class's source.
func (c *Classes) Estimate(name string, attrs component.Attrs, stats *component.Stats, ops Operands) (*Result, error) {
	comp, ok := c.Compound(name)
	if !ok {
		return nil, errorf(diag.Range{}, diag.BadModel, "no compound component class %q", name)
	}
	if ops == nil {
		ops = RoleOperands()
	}
	fields := make(map[string]val, len(attrs))
	for n, v := range attrs {
		fields[n] = fromIR(v)
	}
	ev := &evaluator{classes: c, stats: stats, ops: ops}
	return ev.evalCompound(comp, fields, comp.Decl.Name.Src)
}

// evaluator holds the state of one evaluation: the operand statistics,
// the classes being evaluated (for cycle detection) and, while mean()
// enumerates a value distribution, the bound operand values.
type evaluator struct {
	classes *Classes
	stats   *component.Stats
	ops     Operands
	stack   []*check.Component
	bind    *[nRoles]float64
}

// instance is one compound instance under evaluation.
type instance struct {
	ev      *evaluator
	comp    *check.Component
	fields  map[string]val
	params  map[string]*ast.ParamDecl
	cache   map[string]val
	busy    map[string]bool
	subDecl map[string]*ast.SubcomponentDecl
	subs    map[string]*Result
}

func (ev *evaluator) evalCompound(comp *check.Component, given map[string]val, at diag.Range) (*Result, error) {
	for _, s := range ev.stack {
		if s == comp {
			names := []string{}
			for _, t := range ev.stack {
				names = append(names, t.Name)
			}
			return nil, errorf(at, diag.Recursion, "component class %q contains itself: %s -> %s", comp.Name, strings.Join(names, " -> "), comp.Name)
		}
	}
	ev.stack = append(ev.stack, comp)
	defer func() { ev.stack = ev.stack[:len(ev.stack)-1] }()

	in := &instance{ev: ev, comp: comp, fields: map[string]val{}, params: map[string]*ast.ParamDecl{},
		cache: map[string]val{}, busy: map[string]bool{}, subDecl: map[string]*ast.SubcomponentDecl{}, subs: map[string]*Result{}}
	for _, f := range comp.Fields {
		if v, ok := given[f.Name]; ok {
			in.fields[f.Name] = v
			continue
		}
		if f.Default != nil {
			v, err := fromCheck(*f.Default, f.Src)
			if err != nil {
				return nil, err
			}
			in.fields[f.Name] = v
			continue
		}
		return nil, errorf(at, diag.MissingAttribute, "missing attribute %q for class %q", f.Name, comp.Name)
	}
	var actions []*ast.ActionDecl
	var props []*ast.Assign
	for _, it := range comp.Decl.Items {
		switch it := it.(type) {
		case *ast.ParamDecl:
			in.params[it.Name.Name] = it
		case *ast.SubcomponentDecl:
			in.subDecl[it.Name.Name] = it
		case *ast.ActionDecl:
			actions = append(actions, it)
		case *ast.Assign:
			props = append(props, it)
		}
	}
	res := &Result{Estimate: component.Estimate{Energy: map[string]float64{}}, Latency: map[string]float64{}}
	for _, a := range actions {
		if _, dup := res.Energy()[a.Name.Name]; dup {
			continue // reported by check
		}
		res.Estimate.Energy[a.Name.Name] = 0
		res.Latency[a.Name.Name] = 0
		for _, it := range a.Items {
			v, err := in.expect(it.Value)
			if err != nil {
				return nil, err
			}
			what := fmt.Sprintf("%s of action %q", it.Name.Name, a.Name.Name)
			if err := checkResult(v, what, comp.Name, it.Value.Span()); err != nil {
				return nil, err
			}
			switch it.Name.Name {
			case "energy":
				res.Estimate.Energy[a.Name.Name] = v
			case "latency":
				res.Latency[a.Name.Name] = v
				res.Estimate.Latency = math.Max(res.Estimate.Latency, v)
			}
		}
	}
	hasArea, hasLeak := false, false
	for _, p := range props {
		var v float64
		var err error
		switch p.Name.Name {
		case "area":
			hasArea = true
			v, err = in.constNum(p.Value, "area")
		case "leakage":
			hasLeak = true
			v, err = in.expect(p.Value)
		default:
			continue // reported by check
		}
		if err != nil {
			return nil, err
		}
		if err := checkResult(v, p.Name.Name, comp.Name, p.Value.Span()); err != nil {
			return nil, err
		}
		if p.Name.Name == "area" {
			res.Estimate.Area = v
		} else {
			res.Estimate.Leakage = v
		}
	}
	if !hasArea || !hasLeak {
		// Accelergy: a compound's area and leakage default to the sums
		// over its subcomponents.
		for _, s := range comp.Decl.Items {
			sd, ok := s.(*ast.SubcomponentDecl)
			if !ok {
				continue
			}
			r, err := in.sub(sd.Name.Name, sd.Name.Src)
			if err != nil {
				return nil, err
			}
			if !hasArea {
				res.Estimate.Area += r.Estimate.Area
			}
			if !hasLeak {
				res.Estimate.Leakage += r.Estimate.Leakage
			}
		}
		for _, v := range [...]float64{res.Estimate.Area, res.Estimate.Leakage} {
			if err := checkResult(v, "area or leakage (sum over subcomponents)", comp.Name, comp.Decl.Name.Src); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// Energy returns the energy of each action (J).
func (r *Result) Energy() map[string]float64 { return r.Estimate.Energy }

func checkResult(v float64, what, class string, at diag.Range) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return errorf(at, diag.BadModel, "%s of class %q is not a finite number", what, class)
	}
	if v < 0 {
		e := errorf(at, diag.BadModel, "%s of class %q is negative (%g)", what, class, v)
		e.Diag.Help = "energies, latencies, areas and leakages must not be negative"
		return e
	}
	return nil
}

// sub evaluates (once) the subcomponent name of in.
func (in *instance) sub(name string, at diag.Range) (*Result, error) {
	if r, ok := in.subs[name]; ok {
		return r, nil
	}
	decl := in.subDecl[name]
	var sub *check.Sub
	for i := range in.comp.Subs {
		if in.comp.Subs[i].Name == name {
			sub = &in.comp.Subs[i]
		}
	}
	if decl == nil || sub == nil || (sub.Registry == nil && sub.Compound == nil) {
		return nil, errorf(at, diag.BadModel, "subcomponent %q of class %q has no class", name, in.comp.Name)
	}
	// Subcomponents cost the same whatever operand values a mean() is
	// enumerating: evaluate their arguments unbound.
	saved := in.ev.bind
	in.ev.bind = nil
	defer func() { in.ev.bind = saved }()
	type arg struct {
		name string
		v    val
		src  diag.Range
	}
	var args []arg
	for i, a := range decl.Args {
		v, err := in.eval(a.Value)
		if err != nil {
			return nil, err
		}
		if !v.isConst() {
			e := errorf(a.Value.Span(), diag.BadModel, "an argument of subcomponent %q depends on operand values", name)
			e.Diag.Help = "average it with mean(...)"
			return nil, e
		}
		n := ""
		switch {
		case a.Name != nil:
			n = a.Name.Name
		case sub.Registry != nil && i < len(sub.Registry.Attrs):
			n = sub.Registry.Attrs[i].Name
		case sub.Compound != nil && i < len(sub.Compound.Fields):
			n = sub.Compound.Fields[i].Name
		default:
			return nil, errorf(a.Src, diag.UnknownAttribute, "too many arguments for class %q", sub.Class)
		}
		args = append(args, arg{n, v, a.Src})
	}
	var res *Result
	if sub.Compound != nil {
		fields := map[string]val{}
		for _, f := range sub.Compound.Fields {
			if v, ok := in.fields[f.Name]; ok && inheritable[f.Name] {
				fields[f.Name] = v
			}
		}
		for _, a := range args {
			fields[a.name] = a.v
		}
		r, err := in.ev.evalCompound(sub.Compound, fields, decl.Name.Src)
		if err != nil {
			return nil, err
		}
		res = r
	} else {
		cls := sub.Registry
		attrs := component.Attrs{}
		for _, a := range args {
			spec, ok := cls.Attr(a.name)
			if !ok {
				return nil, errorf(a.src, diag.UnknownAttribute, "unknown attribute %q for class %q", a.name, cls.Name)
			}
			iv, ok := a.v.toIR(spec.Dim)
			if !ok {
				return nil, errorf(a.src, diag.TypeMismatch, "attribute %q of class %q cannot take a list", a.name, cls.Name)
			}
			attrs[a.name] = iv
		}
		for _, s := range cls.Attrs {
			if _, ok := attrs[s.Name]; ok {
				continue
			}
			if v, ok := in.fields[s.Name]; ok && s.Inherited {
				if iv, ok := v.toIR(s.Dim); ok {
					attrs[s.Name] = iv
					continue
				}
			}
			switch {
			case s.Required:
				return nil, errorf(decl.Name.Src, diag.MissingAttribute, "missing attribute %q for class %q", s.Name, cls.Name)
			case !s.Optional:
				attrs[s.Name] = s.Default
			}
		}
		est, err := cls.Model(attrs, in.ev.stats)
		if err != nil {
			return nil, errorf(decl.Name.Src, diag.BadModel, "subcomponent %q (%s): %v", name, cls.Name, err)
		}
		res = &Result{Estimate: est}
	}
	in.subs[name] = res
	return res, nil
}

// inheritable are the attributes a subcomponent takes from the enclosing
// class's field of the same name when its arguments do not give them: the
// ones builtin classes inherit from containers (component.AttrSpec
// Inherited).
var inheritable = map[string]bool{"technology": true, "voltage": true, "cycle_seconds": true}

// subProperty is NAME.SEL for a subcomponent NAME.
func (in *instance) subProperty(name string, sel *ast.Ident, at diag.Range) (val, error) {
	r, err := in.sub(name, at)
	if err != nil {
		return val{}, err
	}
	switch sel.Name {
	case "area":
		return num(r.Estimate.Area), nil
	case "leakage":
		return num(r.Estimate.Leakage), nil
	case "latency":
		return num(r.Estimate.Latency), nil
	}
	e, ok := r.Estimate.Energy[sel.Name]
	if !ok {
		acts := make([]string, 0, len(r.Estimate.Energy))
		for a := range r.Estimate.Energy {
			acts = append(acts, a)
		}
		sort.Strings(acts)
		d := errorf(sel.Src, diag.BadModel, "subcomponent %q has no action %q", name, sel.Name)
		d.Diag.Help = diag.DidYouMean(sel.Name, append([]string{"area", "latency", "leakage"}, acts...))
		if d.Diag.Help == "" && len(acts) > 0 {
			d.Diag.Help = "its actions are " + strings.Join(acts, ", ")
		}
		return val{}, d
	}
	return num(e), nil
}
