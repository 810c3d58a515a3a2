package compound

import (
	"math"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// kind is the type of a val.
type kind uint8

const (
	kNum kind = iota
	kStr
	kBool
	kList
)

// val is a value during evaluation. A number is a polynomial in the
// operands' normalized slice values (constant for most expressions), in
// SI units; check has already verified units, so they are not tracked.
type val struct {
	k kind
	n poly
	s string
	b bool
	l []val
}

func num(x float64) val { return val{k: kNum, n: constPoly(x)} }

func (v val) isConst() bool {
	switch v.k {
	case kNum:
		return v.n.isConst()
	case kList:
		for _, e := range v.l {
			if !e.isConst() {
				return false
			}
		}
	}
	return true
}

// toIR converts a constant non-list value to an attribute value.
func (v val) toIR(d units.Dim) (ir.Value, bool) {
	switch v.k {
	case kNum:
		return ir.Value{Kind: ir.NumberValue, Num: units.Quantity{Value: v.n.value(), Dim: d}}, true
	case kStr:
		return ir.Value{Kind: ir.StringValue, Str: v.s}, true
	case kBool:
		return ir.Value{Kind: ir.BoolValue, Bool: v.b}, true
	}
	return ir.Value{}, false
}

func fromIR(v ir.Value) val {
	switch v.Kind {
	case ir.StringValue:
		return val{k: kStr, s: v.Str}
	case ir.BoolValue:
		return val{k: kBool, b: v.Bool}
	}
	return num(v.Num.Value)
}

func fromCheck(v check.Value, at diag.Range) (val, error) {
	if v.Unknown || v.Kind == check.Invalid {
		return val{}, errorf(at, diag.BadModel, "default value is not a constant")
	}
	switch v.Kind {
	case check.String:
		return val{k: kStr, s: v.Str}, nil
	case check.Bool:
		return val{k: kBool, b: v.Bool}, nil
	case check.List:
		out := val{k: kList}
		for _, e := range v.List {
			x, err := fromCheck(e, at)
			if err != nil {
				return val{}, err
			}
			out.l = append(out.l, x)
		}
		return out, nil
	}
	return num(v.Num), nil
}

// nonPoly reports an operation whose result is not a polynomial in the
// operand values.
func nonPoly(at diag.Range, what string) *Error {
	e := errorf(at, diag.NoExpectation, "%s is not a polynomial in the operand values", what)
	e.Diag.Help = "mean() of such an expression needs the distribution of slice values, known for slices of at most 16 bits; " +
		"otherwise write it with +, -, *, / by constants and ^ by constant integers, so it is averaged from the mean and mean square"
	e.nonPoly = true
	return e
}

// constNum evaluates e as a number that does not depend on operands.
func (in *instance) constNum(e ast.Expr, what string) (float64, error) {
	saved := in.ev.bind
	in.ev.bind = nil
	defer func() { in.ev.bind = saved }()
	v, err := in.eval(e)
	if err != nil {
		return 0, err
	}
	if v.k != kNum {
		return 0, errorf(e.Span(), diag.TypeMismatch, "%s must be a number", what)
	}
	if !v.n.isConst() {
		return 0, errorf(e.Span(), diag.BadModel, "%s depends on operand values", what)
	}
	return v.n.value(), nil
}

// expect returns the expectation of e over the operand values.
func (in *instance) expect(e ast.Expr) (float64, error) {
	m1, _, err := in.moments(e, false)
	return m1, err
}

// moments returns E[e] and, when second, E[e^2], over the operand values.
// A polynomial is averaged term by term from the operands' moments
// (independent operands); anything else is averaged over the joint code
// distribution of the operands it reads.
func (in *instance) moments(e ast.Expr, second bool) (float64, float64, error) {
	saved := in.ev.bind
	in.ev.bind = nil
	defer func() { in.ev.bind = saved }()
	v, err := in.eval(e)
	if err != nil {
		if ce, ok := err.(*Error); ok && ce.nonPoly {
			return in.enumerate(e, ce)
		}
		return 0, 0, err
	}
	if v.k != kNum {
		return 0, 0, errorf(e.Span(), diag.TypeMismatch, "expected a number")
	}
	m1, err := in.expectPoly(v.n, e.Span())
	if err != nil || !second {
		return m1, 0, err
	}
	sq, ok := v.n.mul(v.n)
	if !ok {
		return 0, 0, errorf(e.Span(), diag.NoExpectation, "the square of this expression has too high a power of an operand")
	}
	m2, err := in.expectPoly(sq, e.Span())
	return m1, m2, err
}

// stats returns the statistics of role r.
func (in *instance) stats(r int) *component.OperandStats {
	s := in.ev.stats
	switch r {
	case 0:
		return &s.Inputs
	case 1:
		return &s.Weights
	}
	return &s.Outputs
}

// codes reports whether the code distribution of role r is usable.
func codes(s *component.OperandStats) bool {
	return s.Bits > 0 && s.Bits <= 30 && len(s.Probs) == 1<<s.Bits
}

// moment is E[X^k] for the normalized slice value X of role r.
func (in *instance) moment(r, k int, at diag.Range) (float64, error) {
	s := in.stats(r)
	switch k {
	case 0:
		return 1, nil
	case 1:
		return s.MeanValue, nil
	case 2:
		return s.MeanSquare, nil
	}
	if !codes(s) {
		e := errorf(at, diag.NoExpectation, "the mean of %s.slice^%d cannot be computed from the statistics of %s", roleNames[r], k, roleNames[r])
		e.Diag.Help = "powers above 2 need the distribution of slice values, known only for slices of at most 16 bits"
		return 0, e
	}
	full := math.Exp2(float64(s.Bits)) - 1
	m := 0.0
	for c, p := range s.Probs {
		m += p * math.Pow(float64(c)/full, float64(k))
	}
	return m, nil
}

func (in *instance) expectPoly(p poly, at diag.Range) (float64, error) {
	if p.isConst() {
		return p.value(), nil
	}
	if in.ev.stats == nil {
		return 0, errorf(at, diag.BadModel, "this expression depends on operand values, and no operand statistics are given")
	}
	sum := 0.0
	for _, t := range p {
		v := t.c
		for r, k := range t.m {
			m, err := in.moment(r, int(k), at)
			if err != nil {
				return 0, err
			}
			v *= m
		}
		sum += v
	}
	return sum, nil
}

// maxJoint bounds the number of joint operand codes mean() enumerates.
const maxJoint = 1 << 17

// enumerate averages e over the joint code distribution of the operands
// it reads (independent operands), for an expression that is not a
// polynomial in them (cause says where).
func (in *instance) enumerate(e ast.Expr, cause *Error) (float64, float64, error) {
	if in.ev.stats == nil {
		return 0, 0, errorf(e.Span(), diag.BadModel, "this expression depends on operand values, and no operand statistics are given")
	}
	used := [nRoles]bool{}
	in.scanRoles(e, map[string]bool{}, &used)
	var roles []int
	n := 1
	for r, u := range used {
		if !u {
			continue
		}
		s := in.stats(r)
		if !codes(s) {
			d := *cause
			d.nonPoly = false
			d.Diag.Message += "; the distribution of " + roleNames[r] + " slice values is not known"
			return 0, 0, &d
		}
		n *= len(s.Probs)
		if n > maxJoint {
			d := *cause
			d.nonPoly = false
			d.Diag.Message += "; the joint distribution of the operands it reads is too large to enumerate"
			return 0, 0, &d
		}
		roles = append(roles, r)
	}
	idx := make([]int, len(roles))
	var bind [nRoles]float64
	in.ev.bind = &bind
	defer func() { in.ev.bind = nil }()
	m1, m2, wsum := 0.0, 0.0, 0.0
	for {
		w := 1.0
		for i, r := range roles {
			s := in.stats(r)
			w *= s.Probs[idx[i]]
			bind[r] = float64(idx[i]) / (math.Exp2(float64(s.Bits)) - 1)
		}
		if w > 0 {
			v, err := in.eval(e)
			if err != nil {
				return 0, 0, err
			}
			if v.k != kNum {
				return 0, 0, errorf(e.Span(), diag.TypeMismatch, "expected a number")
			}
			x := v.n.value()
			m1 += w * x
			m2 += w * x * x
			wsum += w
		}
		i := 0
		for ; i < len(roles); i++ {
			idx[i]++
			if idx[i] < len(in.stats(roles[i]).Probs) {
				break
			}
			idx[i] = 0
		}
		if i == len(roles) {
			break
		}
	}
	if !(wsum > 0) {
		return 0, 0, errorf(e.Span(), diag.BadModel, "the operand value distribution is empty")
	}
	return m1 / wsum, m2 / wsum, nil
}

// scanRoles marks the operand roles e reads, following local parameters.
func (in *instance) scanRoles(e ast.Expr, seen map[string]bool, used *[nRoles]bool) {
	switch e := e.(type) {
	case *ast.Ref:
		n := e.Name.Name
		if p, ok := in.params[n]; ok && !seen[n] {
			seen[n] = true
			in.scanRoles(p.Value, seen, used)
		}
	case *ast.Selector:
		if r, ok := e.X.(*ast.Ref); ok {
			if role, ok := in.operand(r.Name.Name); ok {
				used[role] = true
				return
			}
		}
		in.scanRoles(e.X, seen, used)
	case *ast.Paren:
		in.scanRoles(e.X, seen, used)
	case *ast.Unary:
		in.scanRoles(e.X, seen, used)
	case *ast.Binary:
		in.scanRoles(e.X, seen, used)
		in.scanRoles(e.Y, seen, used)
	case *ast.Cond:
		in.scanRoles(e.Cond, seen, used)
		in.scanRoles(e.Then, seen, used)
		in.scanRoles(e.Else, seen, used)
	case *ast.ListLit:
		for _, x := range e.Elems {
			in.scanRoles(x, seen, used)
		}
	case *ast.Call:
		// mean(x), var(x), rms(x) of one operand-dependent value are
		// constants: they do not vary with the enumerated codes.
		if r, ok := e.Fun.(*ast.Ref); ok && len(e.Args) == 1 {
			switch r.Name.Name {
			case "mean", "var", "rms":
				if _, isList := e.Args[0].Value.(*ast.ListLit); !isList {
					return
				}
			}
		}
		for _, a := range e.Args {
			in.scanRoles(a.Value, seen, used)
		}
	}
}

// operand reports whether name denotes an operand in in's class (not
// shadowed by a field, parameter or subcomponent) and its role.
func (in *instance) operand(name string) (int, bool) {
	if in.isLocal(name) {
		return 0, false
	}
	r, ok := in.ev.ops[name]
	return int(r), ok
}

func (in *instance) isLocal(name string) bool {
	if _, ok := in.fields[name]; ok {
		return true
	}
	if _, ok := in.params[name]; ok {
		return true
	}
	_, ok := in.subDecl[name]
	return ok
}

// eval evaluates e in in. Operand values are polynomials, or constants
// while mean() enumerates codes.
func (in *instance) eval(e ast.Expr) (val, error) {
	switch e := e.(type) {
	case *ast.NumberLit:
		x := e.Value
		if e.Unit != nil {
			for _, t := range e.Unit.Terms {
				s, _, ok := units.Lookup(t.Symbol)
				if !ok {
					return val{}, errorf(t.Src, diag.UnknownUnit, "unknown unit %q", t.Symbol)
				}
				p := t.Power
				if p == 0 {
					p = 1
				}
				if t.Div {
					p = -p
				}
				x *= math.Pow(s, float64(p))
			}
		}
		return num(x), nil
	case *ast.StringLit:
		return val{k: kStr, s: e.Value}, nil
	case *ast.BoolLit:
		return val{k: kBool, b: e.Value}, nil
	case *ast.Paren:
		return in.eval(e.X)
	case *ast.ListLit:
		out := val{k: kList}
		for _, x := range e.Elems {
			v, err := in.eval(x)
			if err != nil {
				return val{}, err
			}
			out.l = append(out.l, v)
		}
		return out, nil
	case *ast.Ref:
		return in.ref(e.Name)
	case *ast.Selector:
		return in.selector(e)
	case *ast.Call:
		return in.call(e)
	case *ast.Unary:
		v, err := in.eval(e.X)
		if err != nil {
			return val{}, err
		}
		switch {
		case e.Op == "!" && v.k == kBool:
			v.b = !v.b
			return v, nil
		case e.Op == "-" && v.k == kNum:
			v.n = v.n.scale(-1)
			return v, nil
		case e.Op == "+" && v.k == kNum:
			return v, nil
		}
		return val{}, errorf(e.Src, diag.TypeMismatch, "operator %s cannot apply here", e.Op)
	case *ast.Binary:
		return in.binary(e)
	case *ast.Cond:
		c, err := in.eval(e.Cond)
		if err != nil {
			return val{}, err
		}
		if c.k != kBool {
			return val{}, errorf(e.Cond.Span(), diag.TypeMismatch, "condition must be a bool")
		}
		if c.b {
			return in.eval(e.Then)
		}
		return in.eval(e.Else)
	}
	return val{}, errorf(e.Span(), diag.Internal, "unexpected expression %T", e)
}

func (in *instance) ref(id *ast.Ident) (val, error) {
	n := id.Name
	if v, ok := in.fields[n]; ok {
		return v, nil
	}
	if p, ok := in.params[n]; ok {
		return in.param(p)
	}
	if _, ok := in.subDecl[n]; ok {
		return val{}, errorf(id.Src, diag.TypeMismatch, "subcomponent %q is not a value", n)
	}
	if _, ok := in.ev.ops[n]; ok {
		e := errorf(id.Src, diag.TypeMismatch, "operand %q is not a value", n)
		e.Diag.Help = "use " + n + ".slice, " + n + ".value, " + n + ".bits or " + n + ".switching"
		return val{}, e
	}
	if v, ok := in.comp.OuterValue(n); ok {
		return fromCheck(v, id.Src)
	}
	return val{}, errorf(id.Src, diag.Undefined, "undefined name %q", n)
}

// param evaluates a local parameter: once when no codes are bound, afresh
// for every code combination mean() enumerates.
func (in *instance) param(p *ast.ParamDecl) (val, error) {
	n := p.Name.Name
	if v, ok := in.cache[n]; ok && (in.ev.bind == nil || v.isConst()) {
		return v, nil
	}
	if in.busy[n] {
		return val{}, errorf(p.Name.Src, diag.Recursion, "parameter %q is defined in terms of itself", n)
	}
	in.busy[n] = true
	v, err := in.eval(p.Value)
	delete(in.busy, n)
	if err != nil {
		return val{}, err
	}
	if in.ev.bind == nil {
		in.cache[n] = v
	}
	return v, nil
}

func (in *instance) selector(e *ast.Selector) (val, error) {
	r, ok := e.X.(*ast.Ref)
	if !ok {
		return val{}, errorf(e.Sel.Src, diag.TypeMismatch, "no field %q", e.Sel.Name)
	}
	n := r.Name.Name
	if _, ok := in.subDecl[n]; ok {
		return in.subProperty(n, e.Sel, e.Src)
	}
	if role, ok := in.operand(n); ok {
		return in.operandValue(n, role, e)
	}
	if !in.isLocal(n) && in.comp.IsOuterModule(n) {
		if v, ok := in.comp.OuterMember(n, e.Sel.Name); ok {
			return fromCheck(v, e.Src)
		}
		return val{}, errorf(e.Sel.Src, diag.Undefined, "module %q has no value %q", n, e.Sel.Name)
	}
	if _, dataspace := in.ev.ops[n]; !dataspace && !in.isLocal(n) && in.ev.stats != nil {
		// A dataspace of another workload of the program: check accepts
		// it, but this layer has no such operand.
		return val{}, errorf(r.Name.Src, diag.BadModel, "the layer has no operand %q", n)
	}
	return val{}, errorf(e.Sel.Src, diag.TypeMismatch, "%q has no field %q", n, e.Sel.Name)
}

// operandValue is NAME.slice, NAME.value, NAME.bits or NAME.switching of
// an operand.
func (in *instance) operandValue(n string, role int, e *ast.Selector) (val, error) {
	if in.ev.stats == nil {
		return val{}, errorf(e.Src, diag.BadModel, "%s.%s depends on operand values, and no operand statistics are given", n, e.Sel.Name)
	}
	s := in.stats(role)
	if s.Bits < 1 {
		return val{}, errorf(e.Src, diag.BadModel, "operand %q has no bits", n)
	}
	full := math.Exp2(float64(s.Bits)) - 1
	switch e.Sel.Name {
	case "bits":
		return num(float64(s.Bits)), nil
	case "switching":
		return num(s.Switching), nil
	case "slice", "value":
		scale := 1.0
		if e.Sel.Name == "value" {
			scale = full
		}
		if b := in.ev.bind; b != nil {
			return num(b[role] * scale), nil
		}
		return val{k: kNum, n: varPoly(role, scale)}, nil
	}
	return val{}, errorf(e.Sel.Src, diag.Undefined, "operand %q has no %q", n, e.Sel.Name)
}

func (in *instance) binary(e *ast.Binary) (val, error) {
	a, err := in.eval(e.X)
	if err != nil {
		return val{}, err
	}
	if e.Op == "&&" || e.Op == "||" {
		if a.k != kBool {
			return val{}, errorf(e.OpSrc, diag.TypeMismatch, "operator %s expects bools", e.Op)
		}
		if e.Op == "&&" && !a.b || e.Op == "||" && a.b {
			return a, nil
		}
		b, err := in.eval(e.Y)
		if err != nil {
			return val{}, err
		}
		if b.k != kBool {
			return val{}, errorf(e.OpSrc, diag.TypeMismatch, "operator %s expects bools", e.Op)
		}
		return b, nil
	}
	b, err := in.eval(e.Y)
	if err != nil {
		return val{}, err
	}
	if e.Op == "==" || e.Op == "!=" {
		if a.k != b.k || a.k == kList {
			return val{}, errorf(e.OpSrc, diag.TypeMismatch, "cannot compare these values")
		}
		var eq bool
		switch a.k {
		case kStr:
			eq = a.s == b.s
		case kBool:
			eq = a.b == b.b
		default:
			if !a.n.isConst() || !b.n.isConst() {
				return val{}, nonPoly(e.OpSrc, "a comparison of operand-dependent values")
			}
			eq = a.n.value() == b.n.value()
		}
		return val{k: kBool, b: eq == (e.Op == "==")}, nil
	}
	if a.k != kNum || b.k != kNum {
		return val{}, errorf(e.OpSrc, diag.TypeMismatch, "operator %s expects numbers", e.Op)
	}
	switch e.Op {
	case "+":
		return val{k: kNum, n: a.n.add(b.n)}, nil
	case "-":
		return val{k: kNum, n: a.n.add(b.n.scale(-1))}, nil
	case "*":
		p, ok := a.n.mul(b.n)
		if !ok {
			return val{}, errorf(e.OpSrc, diag.NoExpectation, "too high a power of an operand value")
		}
		return val{k: kNum, n: p}, nil
	case "/":
		if !b.n.isConst() {
			return val{}, nonPoly(e.OpSrc, "a division by an operand-dependent value")
		}
		if b.n.value() == 0 {
			return val{}, errorf(e.Y.Span(), diag.DivideByZero, "division by zero")
		}
		return val{k: kNum, n: a.n.scale(1 / b.n.value())}, nil
	case "^":
		if !b.n.isConst() {
			return val{}, nonPoly(e.Y.Span(), "a power with an operand-dependent exponent")
		}
		x := b.n.value()
		if a.n.isConst() {
			r := math.Pow(a.n.value(), x)
			if math.IsNaN(r) || math.IsInf(r, 0) {
				return val{}, errorf(e.Src, diag.BadValue, "%s ^ %s is not a finite number", units.FormatNumber(a.n.value()), units.FormatNumber(x))
			}
			return num(r), nil
		}
		if x != math.Trunc(x) || x < 0 || x > 16 {
			return val{}, nonPoly(e.Src, "a power of an operand-dependent value by other than an integer from 0 to 16")
		}
		p, ok := a.n.pow(int(x))
		if !ok {
			return val{}, errorf(e.Src, diag.NoExpectation, "too high a power of an operand value")
		}
		return val{k: kNum, n: p}, nil
	}
	if !a.n.isConst() || !b.n.isConst() {
		op := "a comparison of operand-dependent values"
		if e.Op == "%" {
			op = "a remainder of operand-dependent values"
		}
		return val{}, nonPoly(e.OpSrc, op)
	}
	x, y := a.n.value(), b.n.value()
	switch e.Op {
	case "%":
		if y == 0 {
			return val{}, errorf(e.Y.Span(), diag.DivideByZero, "remainder by zero")
		}
		return num(math.Mod(x, y)), nil
	case "<":
		return val{k: kBool, b: x < y}, nil
	case "<=":
		return val{k: kBool, b: x <= y}, nil
	case ">":
		return val{k: kBool, b: x > y}, nil
	case ">=":
		return val{k: kBool, b: x >= y}, nil
	}
	return val{}, errorf(e.OpSrc, diag.Internal, "unknown operator %q", e.Op)
}

// call evaluates a builtin function (check.builtin's semantics), with
// mean, var and rms of one operand-dependent value as expectations.
func (in *instance) call(e *ast.Call) (val, error) {
	r, ok := e.Fun.(*ast.Ref)
	if !ok {
		return val{}, errorf(e.Fun.Span(), diag.TypeMismatch, "cannot call this")
	}
	name := r.Name.Name
	if (name == "mean" || name == "var" || name == "rms") && len(e.Args) == 1 {
		if _, isList := e.Args[0].Value.(*ast.ListLit); !isList {
			// A statistic over the operand distribution, unless the
			// argument is a list value (a field or parameter).
			v, err := in.evalUnbound(e.Args[0].Value)
			if err == nil && v.k == kList {
				return in.listFunc(e, name, v.l)
			}
			m1, m2, err := in.moments(e.Args[0].Value, name != "mean")
			if err != nil {
				return val{}, err
			}
			switch name {
			case "var":
				return num(math.Max(m2-m1*m1, 0)), nil
			case "rms":
				return num(math.Sqrt(m2)), nil
			}
			return num(m1), nil
		}
	}
	args := make([]val, len(e.Args))
	for i, a := range e.Args {
		v, err := in.eval(a.Value)
		if err != nil {
			return val{}, err
		}
		args[i] = v
	}
	switch name {
	case "min", "max", "sum", "mean", "var", "rms":
		xs := args
		if len(args) == 1 && args[0].k == kList {
			xs = args[0].l
		}
		return in.listFunc(e, name, xs)
	case "len":
		if len(args) != 1 || args[0].k != kList {
			return val{}, errorf(e.Src, diag.TypeMismatch, "len expects a list")
		}
		return num(float64(len(args[0].l))), nil
	case "pow":
		if len(args) != 2 {
			return val{}, errorf(e.Src, diag.TypeMismatch, "pow takes 2 arguments")
		}
		return in.binary(&ast.Binary{Op: "^", OpSrc: e.Src, X: e.Args[0].Value, Y: e.Args[1].Value, Src: e.Src})
	}
	if len(args) != 1 || args[0].k != kNum {
		return val{}, errorf(e.Src, diag.TypeMismatch, "function %q expects one number", name)
	}
	if !args[0].n.isConst() {
		return val{}, nonPoly(e.Src, "function "+name+" of an operand-dependent value")
	}
	x := args[0].n.value()
	var y float64
	switch name {
	case "abs":
		y = math.Abs(x)
	case "floor":
		y = math.Floor(x)
	case "ceil":
		y = math.Ceil(x)
	case "round":
		y = math.Round(x)
	case "exp":
		y = math.Exp(x)
	case "log", "log2", "log10":
		if x <= 0 {
			return val{}, errorf(e.Args[0].Src, diag.BadValue, "%s of %s is undefined", name, units.FormatNumber(x))
		}
		y = map[string]func(float64) float64{"log": math.Log, "log2": math.Log2, "log10": math.Log10}[name](x)
	case "sqrt":
		if x < 0 {
			return val{}, errorf(e.Args[0].Src, diag.BadValue, "square root of a negative number")
		}
		y = math.Sqrt(x)
	default:
		return val{}, errorf(e.Src, diag.Undefined, "undefined function %q", name)
	}
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return val{}, errorf(e.Src, diag.BadValue, "%s(...) is not a finite number", name)
	}
	return num(y), nil
}

// evalUnbound evaluates e with no operand codes bound.
func (in *instance) evalUnbound(e ast.Expr) (val, error) {
	saved := in.ev.bind
	in.ev.bind = nil
	defer func() { in.ev.bind = saved }()
	return in.eval(e)
}

// listFunc is min, max, sum, mean, var or rms over the elements xs.
func (in *instance) listFunc(e *ast.Call, name string, xs []val) (val, error) {
	if len(xs) == 0 {
		return val{}, errorf(e.Src, diag.TypeMismatch, "function %q needs at least one number", name)
	}
	var s poly
	for _, x := range xs {
		if x.k != kNum {
			return val{}, errorf(e.Src, diag.TypeMismatch, "function %q expects numbers", name)
		}
		s = s.add(x.n)
	}
	n := float64(len(xs))
	switch name {
	case "sum":
		return val{k: kNum, n: s}, nil
	case "mean":
		return val{k: kNum, n: s.scale(1 / n)}, nil
	}
	for _, x := range xs {
		if !x.n.isConst() {
			return val{}, nonPoly(e.Src, "function "+name+" over operand-dependent values")
		}
	}
	r := xs[0].n.value()
	s1, s2 := 0.0, 0.0
	for _, x := range xs {
		v := x.n.value()
		s1 += v
		s2 += v * v
		if name == "min" {
			r = math.Min(r, v)
		}
		if name == "max" {
			r = math.Max(r, v)
		}
	}
	switch name {
	case "var":
		r = s2/n - (s1/n)*(s1/n)
	case "rms":
		r = math.Sqrt(s2 / n)
	}
	return num(r), nil
}
