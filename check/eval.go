package check

import (
	"math"
	"strings"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// env is one instance of a module: its parameter overrides (from -set or
// import/include arguments) and the values computed under them.
type env struct {
	mod     *Module
	over    map[*ast.ParamDecl]override
	cache   map[*ast.ParamDecl]*pstate
	imports map[*ast.ImportDecl]*env
	record  bool // the module's default instance records Program.Values
}

func newEnv(m *Module, record bool) *env {
	return &env{mod: m, over: map[*ast.ParamDecl]override{}, cache: map[*ast.ParamDecl]*pstate{},
		imports: map[*ast.ImportDecl]*env{}, record: record}
}

// frame holds the bindings of one template instantiation (a workload
// called with arguments, or a component class checked with unknown fields).
type frame struct {
	fields map[*ast.Field]Value
	cache  map[*ast.ParamDecl]*pstate
}

func newFrame() *frame {
	return &frame{fields: map[*ast.Field]Value{}, cache: map[*ast.ParamDecl]*pstate{}}
}

// override replaces a parameter's value in one instance (from -set or
// import/include arguments); at is where the new value is written.
type override struct {
	eval func() Value
	at   diag.Range
	what string // "-set voltage", "argument rows", for messages
}

type pstate struct {
	busy bool
	v    Value
}

// ctx is where an expression is evaluated.
type ctx struct {
	env *env
	fr  *frame
	sc  *scope
}

func (x ctx) with(sc *scope) ctx { x.sc = sc; return x }

var invalid = Value{}

// eval computes the value (or type) of e.
func (c *checker) eval(x ctx, e ast.Expr) Value {
	v := c.eval1(x, e)
	if x.env != nil && x.env.record && x.fr == nil {
		if _, ok := c.prog.Values[e]; !ok {
			c.prog.Values[e] = v
		}
	}
	return v
}

func (c *checker) eval1(x ctx, e ast.Expr) Value {
	switch e := e.(type) {
	case nil:
		return invalid
	case *ast.NumberLit:
		scale, dim, ok := c.unitOf(e.Unit)
		if !ok {
			return invalid
		}
		return Num(e.Value*scale, dim)
	case *ast.StringLit:
		return Value{Kind: String, Str: e.Value}
	case *ast.BoolLit:
		return Value{Kind: Bool, Bool: e.Value}
	case *ast.Paren:
		return c.eval(x, e.X)
	case *ast.ListLit:
		v := Value{Kind: List, List: make([]Value, len(e.Elems))}
		for i, el := range e.Elems {
			v.List[i] = c.eval(x, el)
			if v.List[i].Kind == Invalid {
				return invalid
			}
			if v.List[i].Unknown {
				v.Unknown = true
			}
		}
		return v
	case *ast.Ref:
		return c.evalRef(x, e)
	case *ast.Selector:
		return c.evalSelector(x, e)
	case *ast.Call:
		return c.evalCall(x, e)
	case *ast.Unary:
		v := c.eval(x, e.X)
		switch {
		case v.Kind == Invalid:
			return invalid
		case e.Op == "!":
			if v.Kind != Bool {
				c.errs.Errorf(e.X.Span(), diag.TypeMismatch, "operator ! expects a bool, found %s", v.typeName())
				return invalid
			}
			v.Bool = !v.Bool
			return v
		default:
			if v.Kind != Number {
				c.errs.Errorf(e.X.Span(), diag.TypeMismatch, "operator %s expects a number, found %s", e.Op, v.typeName())
				return invalid
			}
			if e.Op == "-" {
				v.Num = -v.Num
			}
			return v
		}
	case *ast.Binary:
		return c.evalBinary(x, e)
	case *ast.Cond:
		cv := c.eval(x, e.Cond)
		a, b := c.eval(x, e.Then), c.eval(x, e.Else)
		if cv.Kind == Invalid || a.Kind == Invalid || b.Kind == Invalid {
			return invalid
		}
		if cv.Kind != Bool {
			c.errs.Errorf(e.Cond.Span(), diag.TypeMismatch, "condition must be a bool, found %s", cv.typeName())
			return invalid
		}
		if a.Kind != b.Kind {
			c.errs.Errorf(e.Else.Span(), diag.TypeMismatch, "branches of if have different types: %s and %s", a.typeName(), b.typeName())
			return invalid
		}
		if a.Kind == Number && a.Dim != b.Dim {
			c.errs.Errorf(e.Else.Span(), diag.UnitMismatch, "branches of if have different units: %s and %s", a.Dim.Name(), b.Dim.Name())
			return invalid
		}
		if cv.Unknown {
			a.Unknown = true
			return a
		}
		if cv.Bool {
			return a
		}
		return b
	}
	c.errs.Errorf(e.Span(), diag.Internal, "unexpected expression %T", e)
	return invalid
}

// unitOf returns the SI scale and dimension of a unit expression (nil: 1).
func (c *checker) unitOf(u *ast.UnitExpr) (float64, units.Dim, bool) {
	scale, dim := 1.0, units.None
	if u == nil {
		return scale, dim, true
	}
	for _, t := range u.Terms {
		s, d, ok := units.Lookup(t.Symbol)
		if !ok {
			d := c.errs.Errorf(t.Src, diag.UnknownUnit, "unknown unit %q", t.Symbol)
			d.Help = diag.DidYouMean(t.Symbol, units.Symbols())
			return 0, units.None, false
		}
		p := t.Power
		if p == 0 {
			p = 1
		}
		if t.Div {
			p = -p
		}
		scale *= math.Pow(s, float64(p))
		dim = dim.Mul(d.Pow(p))
	}
	return scale, dim, true
}

func (c *checker) undefined(x ctx, id *ast.Ident, keep func(*object) bool) {
	d := c.errs.Errorf(id.Src, diag.Undefined, "undefined name %q", id.Name)
	cands := x.sc.candidates(keep)
	d.Help = diag.DidYouMean(id.Name, cands)
	// Point at the near miss: a misspelled declaration is often the
	// mistake, not the use.
	if s := diag.Suggest(id.Name, cands); s != "" {
		if o := x.sc.peek(s); o != nil && o.src.IsValid() {
			d.Related = append(d.Related, diag.Related{Range: o.src, Message: q(s) + " is declared here"})
			c.nearMisses = append(c.nearMisses, nearMiss{what: o.kind.String(), name: s, decl: o.src, used: func() bool { return o.used }, use: id.Name, useAt: id.Src})
		}
	}
}

func isValueObj(o *object) bool {
	switch o.kind {
	case objParam, objField, objConst, objOperand, objBuiltin, objModule, objSub:
		return true
	}
	return false
}

func (c *checker) evalRef(x ctx, e *ast.Ref) Value {
	o := x.sc.lookup(e.Name.Name)
	if o == nil {
		c.undefined(x, e.Name, isValueObj)
		return invalid
	}
	return c.objValue(x, o, e.Name)
}

func (c *checker) objValue(x ctx, o *object, id *ast.Ident) Value {
	switch o.kind {
	case objParam:
		return c.paramValue(x, o)
	case objField:
		if x.fr == nil {
			return invalid
		}
		v, ok := x.fr.fields[o.field]
		if !ok {
			return invalid
		}
		return v
	case objConst:
		return o.constVal
	case objOperand:
		return Value{Kind: Number, Unknown: true}
	case objBuiltin:
		c.errs.Errorf(id.Src, diag.TypeMismatch, "function %q must be called", id.Name)
	case objDim:
		c.errs.Errorf(id.Src, diag.TypeMismatch, "dimension %q is not a value here", id.Name)
	default:
		c.errs.Errorf(id.Src, diag.TypeMismatch, "%s %q is not a value", o.kind, id.Name)
	}
	return invalid
}

// paramValue evaluates a parameter once per instance, diagnosing cycles.
func (c *checker) paramValue(x ctx, o *object) Value {
	p := o.param
	cache := x.env.cache
	if o.local {
		if x.fr == nil {
			return invalid
		}
		cache = x.fr.cache
	}
	if st, ok := cache[p]; ok {
		if st.busy {
			// A cycle: name it from where it starts.
			start := 0
			for i, q := range c.stack {
				if q == p {
					start = i
				}
			}
			names := []string{}
			for _, q := range c.stack[start:] {
				names = append(names, q.Name.Name)
			}
			names = append(names, p.Name.Name)
			c.errs.Errorf(p.Name.Src, diag.Recursion, "parameter %q is defined in terms of itself: %s",
				p.Name.Name, strings.Join(names, " -> "))
			return invalid
		}
		return st.v
	}
	st := &pstate{busy: true}
	cache[p] = st
	c.stack = append(c.stack, p)
	var v Value
	px := ctx{env: x.env, fr: x.fr, sc: o.paramScope}
	if ov, ok := x.env.over[p]; ok {
		v = ov.eval()
		// The new value must have the parameter's type: its declared unit,
		// else the type of the value it replaces.
		want := Value{Kind: Invalid}
		if p.Unit != nil {
			if _, dim, ok := c.unitOf(p.Unit); ok {
				want = Value{Kind: Number, Dim: dim}
			}
		} else {
			want = c.eval(px, p.Value)
		}
		if v.Kind != Invalid && want.Kind != Invalid && (v.Kind != want.Kind || v.Kind == Number && v.Dim != want.Dim) {
			c.errs.Errorf(ov.at, diag.TypeMismatch, "%s: parameter %q is %s, found %s", ov.what, p.Name.Name, want.typeName(), v.typeName())
			v = invalid
		}
	} else {
		v = c.eval(px, p.Value)
		if p.Unit != nil && v.Kind != Invalid {
			if _, dim, ok := c.unitOf(p.Unit); ok && (v.Kind != Number || v.Dim != dim) {
				c.errs.Errorf(p.Value.Span(), diag.TypeMismatch, "parameter %q is declared %s, found %s", p.Name.Name, dimWords(dim), v.typeName())
				v = invalid
			}
		}
	}
	c.stack = c.stack[:len(c.stack)-1]
	st.busy = false
	st.v = v
	return v
}

func dimWords(d units.Dim) string {
	if d.IsNone() {
		return "a dimensionless number"
	}
	return d.Name()
}

func (c *checker) evalSelector(x ctx, e *ast.Selector) Value {
	if r, ok := e.X.(*ast.Ref); ok {
		o := x.sc.lookup(r.Name.Name)
		if o == nil {
			c.undefined(x, r.Name, isValueObj)
			return invalid
		}
		switch o.kind {
		case objModule:
			m := o.target
			if m == nil {
				return invalid
			}
			mo := m.scope.names[e.Sel.Name]
			if mo != nil {
				mo.used = true
			}
			if mo == nil {
				d := c.errs.Errorf(e.Sel.Src, diag.Undefined, "module %q has no %q", r.Name.Name, e.Sel.Name)
				d.Help = diag.DidYouMean(e.Sel.Name, m.scope.order)
				return invalid
			}
			ie := c.importEnv(x, o)
			return c.objValue(ctx{env: ie, sc: m.scope}, mo, e.Sel)
		case objOperand:
			switch e.Sel.Name {
			case "slice", "value", "bits", "switching":
				return Value{Kind: Number, Unknown: true}
			}
			d := c.errs.Errorf(e.Sel.Src, diag.Undefined, "operand %q has no %q", r.Name.Name, e.Sel.Name)
			d.Help = diag.DidYouMean(e.Sel.Name, []string{"bits", "slice", "switching", "value"})
			return invalid
		case objSub:
			return c.subProperty(o.sub, r.Name.Name, e.Sel)
		}
	}
	v := c.eval(x, e.X)
	if v.Kind == Invalid {
		return invalid
	}
	c.errs.Errorf(e.Sel.Src, diag.TypeMismatch, "%s has no field %q", v.typeName(), e.Sel.Name)
	return invalid
}

func (c *checker) subProperty(s *Sub, name string, sel *ast.Ident) Value {
	unknown := func(d units.Dim) Value { return Value{Kind: Number, Dim: d, Unknown: true} }
	switch sel.Name {
	case "area":
		return unknown(units.Area)
	case "leakage":
		return unknown(units.Power)
	case "latency":
		return unknown(units.Time)
	}
	var actions []string
	if s != nil && s.Registry != nil {
		actions = s.Registry.Actions
	} else if s != nil && s.Compound != nil {
		actions = s.Compound.Actions
	}
	for _, a := range actions {
		if a == sel.Name {
			return unknown(units.Energy)
		}
	}
	if s == nil || (s.Registry == nil && s.Compound == nil) {
		return invalid
	}
	d := c.errs.Errorf(sel.Src, diag.Undefined, "subcomponent %q has no action or property %q", name, sel.Name)
	d.Help = diag.DidYouMean(sel.Name, append([]string{"area", "latency", "leakage"}, actions...))
	return invalid
}

func (c *checker) evalBinary(x ctx, e *ast.Binary) Value {
	a, b := c.eval(x, e.X), c.eval(x, e.Y)
	if a.Kind == Invalid || b.Kind == Invalid {
		return invalid
	}
	unknown := a.Unknown || b.Unknown
	switch e.Op {
	case "&&", "||":
		if a.Kind != Bool || b.Kind != Bool {
			c.errs.Errorf(e.OpSrc, diag.TypeMismatch, "operator %s expects bools, found %s and %s", e.Op, a.typeName(), b.typeName())
			return invalid
		}
		r := Value{Kind: Bool, Unknown: unknown}
		if e.Op == "&&" {
			r.Bool = a.Bool && b.Bool
		} else {
			r.Bool = a.Bool || b.Bool
		}
		return r
	case "==", "!=":
		if a.Kind != b.Kind || a.Kind == List {
			c.errs.Errorf(e.OpSrc, diag.TypeMismatch, "cannot compare %s and %s", a.typeName(), b.typeName())
			return invalid
		}
		if a.Kind == Number && a.Dim != b.Dim {
			c.errs.Errorf(e.OpSrc, diag.UnitMismatch, "cannot compare %s and %s", a.Dim.Name(), b.Dim.Name())
			return invalid
		}
		eq := a.Num == b.Num && a.Str == b.Str && a.Bool == b.Bool
		return Value{Kind: Bool, Bool: eq == (e.Op == "=="), Unknown: unknown}
	}
	if a.Kind != Number || b.Kind != Number {
		c.errs.Errorf(e.OpSrc, diag.TypeMismatch, "operator %s expects numbers, found %s and %s", e.Op, a.typeName(), b.typeName())
		return invalid
	}
	r := Value{Kind: Number, Unknown: unknown}
	switch e.Op {
	case "+", "-", "<", "<=", ">", ">=", "%":
		if a.Dim != b.Dim {
			switch e.Op {
			case "+":
				c.errs.Errorf(e.OpSrc, diag.UnitMismatch, "cannot add %s and %s", a.Dim.Name(), b.Dim.Name())
			case "-":
				c.errs.Errorf(e.OpSrc, diag.UnitMismatch, "cannot subtract %s from %s", b.Dim.Name(), a.Dim.Name())
			case "%":
				c.errs.Errorf(e.OpSrc, diag.UnitMismatch, "cannot take the remainder of %s by %s", a.Dim.Name(), b.Dim.Name())
			default:
				c.errs.Errorf(e.OpSrc, diag.UnitMismatch, "cannot compare %s and %s", a.Dim.Name(), b.Dim.Name())
			}
			return invalid
		}
		r.Dim = a.Dim
		switch e.Op {
		case "+":
			r.Num = a.Num + b.Num
		case "-":
			r.Num = a.Num - b.Num
		case "%":
			if !b.Unknown && b.Num == 0 {
				c.errs.Errorf(e.Y.Span(), diag.DivideByZero, "remainder by zero")
				return invalid
			}
			r.Num = math.Mod(a.Num, b.Num)
		default:
			r = Value{Kind: Bool, Unknown: unknown}
			switch e.Op {
			case "<":
				r.Bool = a.Num < b.Num
			case "<=":
				r.Bool = a.Num <= b.Num
			case ">":
				r.Bool = a.Num > b.Num
			case ">=":
				r.Bool = a.Num >= b.Num
			}
		}
		return r
	case "*":
		r.Dim = a.Dim.Mul(b.Dim)
		r.Num = a.Num * b.Num
		return r
	case "/":
		if !b.Unknown && b.Num == 0 {
			c.errs.Errorf(e.Y.Span(), diag.DivideByZero, "division by zero")
			return invalid
		}
		r.Dim = a.Dim.Div(b.Dim)
		r.Num = a.Num / b.Num
		return r
	case "^":
		if !b.Dim.IsNone() {
			c.errs.Errorf(e.Y.Span(), diag.UnitMismatch, "exponent must be dimensionless, found %s", b.Dim.Name())
			return invalid
		}
		if a.Dim.IsNone() {
			r.Num = math.Pow(a.Num, b.Num)
			if !unknown && (math.IsNaN(r.Num) || math.IsInf(r.Num, 0)) {
				c.errs.Errorf(e.Src, diag.BadValue, "%s ^ %s is not a finite number", units.FormatNumber(a.Num), units.FormatNumber(b.Num))
				return invalid
			}
			return r
		}
		if b.Unknown {
			c.errs.Errorf(e.Y.Span(), diag.NotConstant, "the exponent of a quantity with a unit must be a constant integer")
			return invalid
		}
		if !b.IsInt() || math.Abs(b.Num) > 16 {
			c.errs.Errorf(e.Y.Span(), diag.TypeMismatch, "the exponent of %s must be a small integer, found %s", a.Dim.Name(), units.FormatNumber(b.Num))
			return invalid
		}
		r.Dim = a.Dim.Pow(int(b.Num))
		r.Num = math.Pow(a.Num, b.Num)
		return r
	}
	c.errs.Errorf(e.OpSrc, diag.Internal, "unknown operator %q", e.Op)
	return invalid
}

// evalCall evaluates a builtin function call.
func (c *checker) evalCall(x ctx, e *ast.Call) Value {
	r, ok := e.Fun.(*ast.Ref)
	if !ok {
		v := c.eval(x, e.Fun)
		if v.Kind != Invalid {
			c.errs.Errorf(e.Fun.Span(), diag.TypeMismatch, "cannot call %s", v.typeName())
		}
		return invalid
	}
	name := r.Name.Name
	o := x.sc.lookup(name)
	if o == nil {
		d := c.errs.Errorf(r.Name.Src, diag.Undefined, "undefined function %q", name)
		d.Help = diag.DidYouMean(name, builtinNames)
		return invalid
	}
	if o.kind != objBuiltin {
		c.errs.Errorf(r.Name.Src, diag.TypeMismatch, "%s %q is not a function", o.kind, name)
		return invalid
	}
	args := make([]Value, 0, len(e.Args))
	for _, a := range e.Args {
		if a.Name != nil {
			c.errs.Errorf(a.Name.Src, diag.TypeMismatch, "function %q takes no named arguments", name)
			return invalid
		}
		v := c.eval(x, a.Value)
		if v.Kind == Invalid {
			return invalid
		}
		args = append(args, v)
	}
	return c.builtin(e, name, args)
}

func (c *checker) builtin(e *ast.Call, name string, args []Value) Value {
	want := func(n int) bool {
		if len(args) != n {
			c.errs.Errorf(e.Src, diag.TypeMismatch, "function %q takes %d argument%s, found %d", name, n, plural(n), len(args))
			return false
		}
		return true
	}
	num := func(i int) bool {
		if args[i].Kind != Number {
			c.errs.Errorf(e.Args[i].Src, diag.TypeMismatch, "function %q expects a number, found %s", name, args[i].typeName())
			return false
		}
		return true
	}
	plain := func(i int) bool {
		if !num(i) {
			return false
		}
		if !args[i].Dim.IsNone() {
			c.errs.Errorf(e.Args[i].Src, diag.UnitMismatch, "function %q expects a dimensionless number, found %s", name, args[i].Dim.Name())
			return false
		}
		return true
	}
	finite := func(v Value) Value {
		if v.Kind == Number && !v.Unknown && (math.IsNaN(v.Num) || math.IsInf(v.Num, 0)) {
			c.errs.Errorf(e.Src, diag.BadValue, "%s(...) is not a finite number", name)
			return invalid
		}
		return v
	}
	// list returns the numbers a list-or-varargs function works on.
	list := func() ([]Value, bool) {
		xs := args
		if len(args) == 1 && args[0].Kind == List {
			xs = args[0].List
		}
		if len(xs) == 0 {
			c.errs.Errorf(e.Src, diag.TypeMismatch, "function %q needs at least one number", name)
			return nil, false
		}
		for _, v := range xs {
			if v.Kind != Number {
				c.errs.Errorf(e.Src, diag.TypeMismatch, "function %q expects numbers, found %s", name, v.typeName())
				return nil, false
			}
			if v.Dim != xs[0].Dim {
				c.errs.Errorf(e.Src, diag.UnitMismatch, "function %q mixes %s and %s", name, xs[0].Dim.Name(), v.Dim.Name())
				return nil, false
			}
		}
		return xs, true
	}
	switch name {
	case "min", "max", "sum", "mean", "var", "rms":
		xs, ok := list()
		if !ok {
			return invalid
		}
		r := Value{Kind: Number, Dim: xs[0].Dim}
		for _, v := range xs {
			r.Unknown = r.Unknown || v.Unknown
		}
		if name == "var" {
			r.Dim = r.Dim.Mul(r.Dim)
		}
		// mean, var and rms of one value are statistics over the operand
		// distribution: value-dependent, evaluated by the engine.
		if len(xs) == 1 && (name == "mean" || name == "var" || name == "rms") && (xs[0].Unknown || len(args) == 1 && args[0].Kind != List) {
			if !xs[0].Unknown {
				switch name {
				case "var":
					return Num(0, r.Dim)
				case "rms":
					return Num(math.Abs(xs[0].Num), r.Dim)
				}
				return xs[0]
			}
			r.Unknown = true
			return r
		}
		if r.Unknown {
			return r
		}
		s, s2 := 0.0, 0.0
		r.Num = xs[0].Num
		for _, v := range xs {
			s += v.Num
			s2 += v.Num * v.Num
			if name == "min" {
				r.Num = math.Min(r.Num, v.Num)
			}
			if name == "max" {
				r.Num = math.Max(r.Num, v.Num)
			}
		}
		n := float64(len(xs))
		switch name {
		case "sum":
			r.Num = s
		case "mean":
			r.Num = s / n
		case "var":
			r.Num = s2/n - (s/n)*(s/n)
		case "rms":
			r.Num = math.Sqrt(s2 / n)
		}
		return r
	case "len":
		if !want(1) {
			return invalid
		}
		if args[0].Kind != List {
			c.errs.Errorf(e.Args[0].Src, diag.TypeMismatch, "function \"len\" expects a list, found %s", args[0].typeName())
			return invalid
		}
		return Num(float64(len(args[0].List)), units.None)
	case "abs":
		if !want(1) || !num(0) {
			return invalid
		}
		r := args[0]
		r.Num = math.Abs(r.Num)
		return r
	case "floor", "ceil", "round", "exp", "log", "log2", "log10":
		if !want(1) || !plain(0) {
			return invalid
		}
		r := args[0]
		f := map[string]func(float64) float64{"floor": math.Floor, "ceil": math.Ceil, "round": math.Round,
			"exp": math.Exp, "log": math.Log, "log2": math.Log2, "log10": math.Log10}[name]
		if r.Unknown {
			return r
		}
		if strings.HasPrefix(name, "log") && r.Num <= 0 {
			c.errs.Errorf(e.Args[0].Src, diag.BadValue, "%s of %s is undefined", name, units.FormatNumber(r.Num))
			return invalid
		}
		r.Num = f(r.Num)
		return finite(r)
	case "sqrt":
		if !want(1) || !num(0) {
			return invalid
		}
		r := args[0]
		for _, p := range r.Dim {
			if p%2 != 0 {
				c.errs.Errorf(e.Args[0].Src, diag.UnitMismatch, "cannot take the square root of %s", r.Dim.Name())
				return invalid
			}
		}
		for i := range r.Dim {
			r.Dim[i] /= 2
		}
		if !r.Unknown && r.Num < 0 {
			c.errs.Errorf(e.Args[0].Src, diag.BadValue, "square root of a negative number")
			return invalid
		}
		r.Num = math.Sqrt(r.Num)
		return r
	case "pow":
		if !want(2) || !num(0) || !plain(1) {
			return invalid
		}
		a, b := args[0], args[1]
		r := Value{Kind: Number, Unknown: a.Unknown || b.Unknown}
		if !a.Dim.IsNone() {
			if b.Unknown || !b.IsInt() {
				c.errs.Errorf(e.Args[1].Src, diag.TypeMismatch, "the exponent of %s must be a constant integer", a.Dim.Name())
				return invalid
			}
			r.Dim = a.Dim.Pow(int(b.Num))
		}
		r.Num = math.Pow(a.Num, b.Num)
		return finite(r)
	}
	c.errs.Errorf(e.Src, diag.Internal, "builtin %q not implemented", name)
	return invalid
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// constInt evaluates e as a known integer; what names the use in messages.
func (c *checker) constInt(x ctx, e ast.Expr, what string, code string) (int, bool) {
	v := c.eval(x, e)
	switch {
	case v.Kind == Invalid:
		return 0, false
	case v.Kind != Number:
		c.errs.Errorf(e.Span(), code, "%s must be an integer, found %s", what, v.typeName())
		return 0, false
	case !v.Dim.IsNone():
		c.errs.Errorf(e.Span(), code, "%s must be a dimensionless integer, found %s", what, v.Dim.Name())
		return 0, false
	case v.Unknown:
		c.errs.Errorf(e.Span(), diag.NotConstant, "%s must be a constant", what)
		return 0, false
	case !v.IsInt() || math.Abs(v.Num) > 1<<53:
		c.errs.Errorf(e.Span(), code, "%s must be an integer, found %s", what, units.FormatNumber(v.Num))
		return 0, false
	}
	return int(v.Num), true
}
