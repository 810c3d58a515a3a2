package lang

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// conv turns the participle tree into the ast tree, computing full ranges
// and checking unit symbols.
type conv struct {
	sc       *scanner
	toks     []token // including the final EOF token
	segStart int     // index of the token where the current parse started
	diags    diag.List
}

// endBefore returns the end of the last token that starts before off: a
// participle EndPos is the start of the next token, and a node's range must
// stop at the end of its own last token, not include the space after it.
func (c *conv) endBefore(off int) diag.Pos {
	i := sort.Search(len(c.toks), func(i int) bool { return c.toks[i].start >= off })
	if i == 0 {
		return c.sc.position(off)
	}
	return c.sc.position(c.toks[i-1].end)
}

func (c *conv) rng(start, end lexer.Position) diag.Range {
	return diag.Range{Start: c.sc.position(start.Offset), End: c.endBefore(end.Offset)}
}

// span returns the range from the start of a to the end of b.
func span(a, b diag.Range) diag.Range { return diag.Range{Start: a.Start, End: b.End} }

func (c *conv) bytesAt(p lexer.Position, n int) diag.Range {
	return c.sc.rng(p.Offset, p.Offset+n)
}

func (c *conv) ident(g *gIdent) *ast.Ident {
	if g == nil {
		return nil
	}
	return &ast.Ident{Name: g.Name, Src: c.rng(g.Pos, g.EndPos)}
}

func (c *conv) idents(gs []*gIdent) []*ast.Ident {
	out := make([]*ast.Ident, 0, len(gs))
	for _, g := range gs {
		out = append(out, c.ident(g))
	}
	return out
}

func (c *conv) file(g *gFile) []ast.Decl {
	var out []ast.Decl
	for _, d := range g.Decls {
		if d == nil || d.EndPos.Line == 0 {
			continue // the declaration a syntax error interrupted
		}
		if x := c.decl(d); x != nil {
			out = append(out, x)
		}
	}
	return out
}

func (c *conv) decl(d *gDecl) ast.Decl {
	switch {
	case d.Import != nil:
		g := d.Import
		n := &ast.ImportDecl{PathSrc: c.rng(g.Path.Pos, g.Path.EndPos), Alias: c.ident(g.Alias), Src: c.rng(g.Pos, g.EndPos)}
		n.Path = c.str(g.Path)
		if g.Args != nil {
			n.Args = c.args(g.Args)
		}
		return n
	case d.Param != nil:
		return c.param(d.Param)
	case d.Workload != nil:
		g := d.Workload
		n := &ast.WorkloadDecl{Name: c.ident(g.Name), Src: c.rng(g.Pos, g.EndPos)}
		if g.Params != nil {
			n.Params = c.fields(g.Params.Fields)
		}
		n.Items = c.witems(g.Items)
		return n
	case d.Network != nil:
		g := d.Network
		n := &ast.NetworkDecl{Name: c.ident(g.Name), Src: c.rng(g.Pos, g.EndPos)}
		for _, l := range g.Layers {
			n.Layers = append(n.Layers, &ast.LayerDecl{
				Name: c.ident(l.Name), Workload: c.expr(l.Workload), Items: c.witems(l.Items), Src: c.rng(l.Pos, l.EndPos)})
		}
		return n
	case d.Encode != nil:
		return c.encode(d.Encode)
	case d.Arch != nil:
		g := d.Arch
		return &ast.ArchDecl{Name: c.ident(g.Name), Items: c.aitems(g.Items), Src: c.rng(g.Pos, g.EndPos)}
	case d.Mapping != nil:
		g := d.Mapping
		n := &ast.MappingDecl{Arch: c.ident(g.Arch), Src: c.rng(g.Pos, g.EndPos)}
		for _, l := range g.Levels {
			ll := &ast.LevelLoops{Level: c.ident(l.Level), Src: c.rng(l.Pos, l.EndPos)}
			for _, lp := range l.Loops {
				switch {
				case lp.Par != nil:
					p := lp.Par
					ll.Loops = append(ll.Loops, &ast.LoopStmt{Parallel: true, Dim: c.ident(p.Dim), Bound: c.expr(p.Bound),
						Axis: c.xy(p.Axis), Src: c.rng(p.Pos, p.EndPos)})
				case lp.Seq != nil:
					p := lp.Seq
					ll.Loops = append(ll.Loops, &ast.LoopStmt{Dim: c.ident(p.Dim), Bound: c.expr(p.Bound), Src: c.rng(p.Pos, p.EndPos)})
				}
			}
			n.Levels = append(n.Levels, ll)
		}
		return n
	case d.Component != nil:
		g := d.Component
		n := &ast.ComponentDecl{Name: c.ident(g.Name), Src: c.rng(g.Pos, g.EndPos)}
		if g.Params != nil {
			n.Params = c.fields(g.Params.Fields)
		}
		for _, it := range g.Items {
			switch {
			case it.Sub != nil:
				s := it.Sub
				sub := &ast.SubcomponentDecl{Name: c.ident(s.Name), Class: c.classRef(s.Class), Src: c.rng(s.Pos, s.EndPos)}
				if s.Args != nil {
					sub.Args = c.args(s.Args)
				}
				n.Items = append(n.Items, sub)
			case it.Action != nil:
				a := it.Action
				n.Items = append(n.Items, &ast.ActionDecl{Name: c.ident(a.Name), Items: c.assigns(a.Items), Src: c.rng(a.Pos, a.EndPos)})
			case it.Param != nil:
				n.Items = append(n.Items, c.param(it.Param))
			case it.Assign != nil:
				n.Items = append(n.Items, c.assign(it.Assign))
			}
		}
		return n
	}
	return nil
}

func (c *conv) str(g *gStr) string {
	s, err := strconv.Unquote(g.Value)
	if err != nil {
		return "" // reported by the lexer
	}
	return s
}

func (c *conv) param(g *gParam) *ast.ParamDecl {
	n := &ast.ParamDecl{Name: c.ident(g.Name), Unit: c.unitExpr(g.Unit), Value: c.expr(g.Value), Src: c.rng(g.Pos, g.EndPos)}
	// Doc: the run of whole-line "//" comments just above the declaration.
	var doc []string
	lineStart := c.sc.lines[g.Pos.Line-1]
	first := strings.TrimSpace(c.sc.src[lineStart:g.Pos.Offset]) == "" // the param starts its line
	for l := g.Pos.Line - 1; first && l > 0; l-- {
		t, ok := c.sc.docs[l]
		if !ok {
			break
		}
		doc = append(doc, t)
	}
	for i, j := 0, len(doc)-1; i < j; i, j = i+1, j-1 {
		doc[i], doc[j] = doc[j], doc[i]
	}
	n.Doc = strings.Join(doc, "\n")
	return n
}

func (c *conv) fields(gs []*gField) []*ast.Field {
	out := make([]*ast.Field, 0, len(gs))
	for _, g := range gs {
		out = append(out, &ast.Field{Name: c.ident(g.Name), Unit: c.unitExpr(g.Unit), Default: c.expr(g.Default), Src: c.rng(g.Pos, g.EndPos)})
	}
	return out
}

func (c *conv) assign(g *gAssign) *ast.Assign {
	return &ast.Assign{Name: c.ident(g.Name), Value: c.expr(g.Value), Src: c.rng(g.Pos, g.EndPos)}
}

func (c *conv) assigns(gs []*gAssign) []*ast.Assign {
	out := make([]*ast.Assign, 0, len(gs))
	for _, g := range gs {
		out = append(out, c.assign(g))
	}
	return out
}

func (c *conv) args(g *gArgList) []*ast.Arg {
	out := make([]*ast.Arg, 0, len(g.Args))
	for _, a := range g.Args {
		out = append(out, &ast.Arg{Name: c.ident(a.Name), Value: c.expr(a.Value), Src: c.rng(a.Pos, a.EndPos)})
	}
	return out
}

func (c *conv) witems(gs []*gWItem) []ast.WorkloadItem {
	var out []ast.WorkloadItem
	for _, it := range gs {
		switch {
		case it.Einsum != nil:
			g := it.Einsum
			n := &ast.Einsum{Output: c.tensor(g.Output), Op: g.Op, Src: c.rng(g.Pos, g.EndPos)}
			for _, t := range g.Inputs {
				n.Inputs = append(n.Inputs, c.tensor(t))
			}
			out = append(out, n)
		case it.Sizes != nil:
			out = append(out, &ast.SizesStmt{Sizes: c.assigns(it.Sizes.Sizes), Src: c.rng(it.Sizes.Pos, it.Sizes.EndPos)})
		case it.Histogram != nil:
			g := it.Histogram
			out = append(out, &ast.HistogramStmt{Dataspace: c.ident(g.DS), Value: c.expr(g.Value), Src: c.rng(g.Pos, g.EndPos)})
		case it.Param != nil:
			out = append(out, c.param(it.Param))
		}
	}
	return out
}

func (c *conv) tensor(g *gTensor) *ast.TensorRef {
	n := &ast.TensorRef{Name: c.ident(g.Name), Src: c.rng(g.Pos, g.EndPos)}
	for _, e := range g.Indices {
		n.Indices = append(n.Indices, c.expr(e))
	}
	return n
}

func (c *conv) encode(g *gEncode) *ast.EncodeDecl {
	fun := &ast.Ref{Name: c.ident(g.Encoding)}
	fun.Src = fun.Name.Src
	call := &ast.Call{Fun: fun, Src: fun.Src}
	if g.Args != nil {
		call.Args = c.args(g.Args)
		call.Src = span(fun.Src, c.rng(g.Args.Pos, g.Args.EndPos))
	}
	n := &ast.EncodeDecl{Dataspace: c.ident(g.DS), Encoding: call, Src: c.rng(g.Pos, g.EndPos)}
	for _, s := range g.Slices {
		n.Slices = append(n.Slices, &ast.SliceClause{Bits: c.expr(s.Bits), Per: c.ident(s.Per), Src: c.rng(s.Pos, s.EndPos)})
	}
	return n
}

func (c *conv) xy(g *gXY) *ast.Ident {
	if g == nil {
		return nil
	}
	return &ast.Ident{Name: g.Name, Src: c.rng(g.Pos, g.EndPos)}
}

func (c *conv) fanout(g *gFanout) *ast.Fanout {
	if g == nil {
		return nil
	}
	return &ast.Fanout{X: c.expr(g.X), Y: c.expr(g.Y), Axis: c.xy(g.Axis), Src: c.rng(g.Pos, g.EndPos)}
}

func (c *conv) classRef(g *gClassRef) ast.Expr {
	var x ast.Expr
	for i, p := range g.Parts {
		id := c.ident(p)
		if i == 0 {
			x = &ast.Ref{Name: id, Src: id.Src}
			continue
		}
		x = &ast.Selector{X: x, Sel: id, Src: span(x.Span(), id.Src)}
	}
	return x
}

func (c *conv) dslist(g *gDSList) []*ast.Ident {
	if g.Star != nil {
		return []*ast.Ident{{Name: "*", Src: c.rng(g.Star.Pos, g.Star.EndPos)}}
	}
	return c.idents(g.Names)
}

func (c *conv) aitems(gs []*gAItem) []ast.ArchItem {
	var out []ast.ArchItem
	for _, it := range gs {
		switch {
		case it.Container != nil:
			g := it.Container
			out = append(out, &ast.ContainerDecl{Name: c.ident(g.Name), Fanout: c.fanout(g.Fanout), Items: c.aitems(g.Items), Src: c.rng(g.Pos, g.EndPos)})
		case it.Directive != nil:
			g := it.Directive
			out = append(out, &ast.Directive{Kind: strings.Join(g.Kind.Words, "_"), KindSrc: c.rng(g.Kind.Pos, g.Kind.EndPos),
				Dataspaces: c.dslist(g.DS), Src: c.rng(g.Pos, g.EndPos)})
		case it.Attr != nil:
			g := it.Attr
			out = append(out, &ast.AttrStmt{Name: c.ident(g.Name), Value: c.expr(g.Value), Src: c.rng(g.Pos, g.EndPos)})
		case it.Include != nil:
			g := it.Include
			n := &ast.IncludeStmt{Target: c.expr(g.Target), Src: c.rng(g.Pos, g.EndPos)}
			// "include m.arch(x = 1)": the arguments are the include's, not a call.
			if call, ok := n.Target.(*ast.Call); ok {
				n.Target, n.Args = call.Fun, call.Args
			}
			out = append(out, n)
		case it.Constraint != nil:
			g := it.Constraint
			n := &ast.ConstraintBlock{Kind: g.Kind.Kind, KindSrc: c.rng(g.Kind.Pos, g.Kind.EndPos), Src: c.rng(g.Pos, g.EndPos)}
			for _, ci := range g.Items {
				n.Items = append(n.Items, c.citem(ci))
			}
			out = append(out, n)
		case it.Encode != nil:
			out = append(out, c.encode(it.Encode))
		case it.Param != nil:
			out = append(out, c.param(it.Param))
		case it.Inst != nil:
			g := it.Inst
			n := &ast.ComponentInst{Name: c.ident(g.Name), Fanout: c.fanout(g.Fanout), Class: c.classRef(g.Class),
				Items: c.aitems(g.Items), Src: c.rng(g.Pos, g.EndPos)}
			if g.Args != nil {
				n.Args = c.args(g.Args)
			}
			out = append(out, n)
		}
	}
	return out
}

func (c *conv) citem(g *gCItem) ast.ConstraintItem {
	switch {
	case g.Factors != nil:
		f := g.Factors
		n := &ast.FactorsConstraint{Only: f.Only, Src: c.rng(f.Pos, f.EndPos)}
		for _, x := range f.Factors {
			n.Factors = append(n.Factors, &ast.FactorExpr{Dim: c.ident(x.Dim), Op: x.Op, Value: c.expr(x.Value), Src: c.rng(x.Pos, x.EndPos)})
		}
		return n
	case g.Order != nil:
		return &ast.OrderConstraint{Dims: c.idents(g.Order.Dims), Src: c.rng(g.Order.Pos, g.Order.EndPos)}
	case g.Maximize != nil:
		m := g.Maximize
		n := &ast.MaximizeConstraint{Capacity: c.expr(m.Capacity), Src: c.rng(m.Pos, m.EndPos)}
		for _, gr := range m.Groups {
			n.Groups = append(n.Groups, c.idents(gr.Dims))
		}
		return n
	default:
		d := g.DSCons
		return &ast.DataspaceConstraint{Kind: d.Kind, Dataspaces: c.dslist(d.DS), Src: c.rng(d.Pos, d.EndPos)}
	}
}

// Expressions.

func (c *conv) expr(g *gExpr) ast.Expr {
	if g == nil {
		return nil
	}
	if g.Cond != nil {
		x := g.Cond
		return &ast.Cond{Cond: c.expr(x.Cond), Then: c.expr(x.Then), Else: c.expr(x.Else), Src: c.rng(x.Pos, x.EndPos)}
	}
	return c.or(g.Or)
}

func (c *conv) binary(x ast.Expr, op string, opPos lexer.Position, y ast.Expr) ast.Expr {
	return &ast.Binary{Op: op, OpSrc: c.bytesAt(opPos, len(op)), X: x, Y: y, Src: span(x.Span(), y.Span())}
}

// or converts a run of binary operators into a tree by precedence
// climbing: all these operators are left-associative, so an operator on
// the stack is reduced before one of lower or equal precedence is pushed.
func (c *conv) or(g *gBin) ast.Expr {
	x := c.unary(g.X)
	if len(g.Rest) == 0 {
		return x
	}
	operands := []ast.Expr{x}
	var ops []*gBinOp
	reduce := func() {
		op := ops[len(ops)-1]
		ops = ops[:len(ops)-1]
		n := len(operands)
		operands = append(operands[:n-2], c.binary(operands[n-2], op.Op, op.Pos, operands[n-1]))
	}
	for _, r := range g.Rest {
		for len(ops) > 0 && binaryPrec(ops[len(ops)-1].Op) >= binaryPrec(r.Op) {
			reduce()
		}
		ops = append(ops, r)
		operands = append(operands, c.unary(r.Y))
	}
	for len(ops) > 0 {
		reduce()
	}
	return operands[0]
}

func (c *conv) unary(g *gUnary) ast.Expr {
	if g.Op != "" {
		return &ast.Unary{Op: g.Op, X: c.unary(g.X), Src: c.rng(g.Pos, g.EndPos)}
	}
	p := g.Pow
	x := c.postfix(p.X)
	if p.OpPos != nil {
		x = c.binary(x, "^", p.OpPos.Pos, c.unary(p.Y))
	}
	return x
}

func (c *conv) postfix(g *gPostfix) ast.Expr {
	x := c.primary(g.X)
	for _, op := range g.Ops {
		if op.Call != nil {
			x = &ast.Call{Fun: x, Args: c.args(op.Call), Src: span(x.Span(), c.rng(op.Call.Pos, op.Call.EndPos))}
			continue
		}
		sel := &ast.Ident{Name: op.Sel.Name, Src: c.rng(op.Sel.Pos, op.Sel.EndPos)}
		x = &ast.Selector{X: x, Sel: sel, Src: span(x.Span(), sel.Src)}
	}
	return x
}

func (c *conv) primary(g *gPrimary) ast.Expr {
	switch {
	case g.Number != nil:
		return c.number(g.Number)
	case g.String != nil:
		return &ast.StringLit{Value: c.str(g.String), Src: c.rng(g.String.Pos, g.String.EndPos)}
	case g.Bool != nil:
		return &ast.BoolLit{Value: g.Bool.Value == "true", Src: c.rng(g.Bool.Pos, g.Bool.EndPos)}
	case g.Ident != nil:
		id := c.ident(g.Ident)
		return &ast.Ref{Name: id, Src: id.Src}
	case g.Paren != nil:
		return &ast.Paren{X: c.expr(g.Paren.X), Src: c.rng(g.Paren.Pos, g.Paren.EndPos)}
	case g.NumList != nil:
		inner := c.sc.lists[g.NumList.Pos.Offset]
		n := &ast.ListLit{Src: c.rng(g.NumList.Pos, g.NumList.EndPos)}
		count := 0
		for _, t := range inner {
			if t.typ == tokNumber {
				count++
			}
		}
		// One allocation for all the literals of a (histogram) list.
		lits := make([]ast.NumberLit, 0, count)
		n.Elems = make([]ast.Expr, 0, count)
		for k := 1; k < len(inner); k++ {
			if inner[k].typ != tokNumber {
				continue
			}
			num := lexer.Token{Value: inner[k].text, Pos: lexer.Position{Offset: inner[k].start}}
			var unit *lexer.Token
			if inner[k+1].typ == tokUnit {
				unit = &lexer.Token{Value: inner[k+1].text, Pos: lexer.Position{Offset: inner[k+1].start}}
			}
			lits = lits[:len(lits)+1]
			c.fillNumber(&lits[len(lits)-1], num, unit)
			n.Elems = append(n.Elems, &lits[len(lits)-1])
		}
		return n
	default:
		n := &ast.ListLit{Src: c.rng(g.List.Pos, g.List.EndPos)}
		for _, e := range g.List.Elems {
			n.Elems = append(n.Elems, c.expr(e))
		}
		return n
	}
}

func (c *conv) number(g *gNumber) *ast.NumberLit {
	var unit *lexer.Token
	if g.Unit != nil {
		unit = &lexer.Token{Value: g.Unit.Text, Pos: g.Unit.Pos}
	}
	return c.numberTok(lexer.Token{Value: g.Text, Pos: g.Pos}, unit)
}

// numberTok converts a number token and its optional unit token.
func (c *conv) numberTok(num lexer.Token, unit *lexer.Token) *ast.NumberLit {
	n := &ast.NumberLit{}
	c.fillNumber(n, num, unit)
	return n
}

// fillNumber sets n from a number token and its optional unit token.
func (c *conv) fillNumber(n *ast.NumberLit, num lexer.Token, unit *lexer.Token) {
	end := num.Pos.Offset + len(num.Value)
	if unit != nil {
		end = unit.Pos.Offset + len(unit.Value)
	}
	*n = ast.NumberLit{Text: num.Value, Src: c.sc.rng(num.Pos.Offset, end)}
	n.Value, _ = strconv.ParseFloat(num.Value, 64) // validated by the lexer
	if unit != nil {
		r := c.bytesAt(unit.Pos, len(unit.Value))
		sym, pow := unit.Value, 1
		if i := strings.IndexByte(sym, '^'); i >= 0 {
			pow = c.power(sym[i+1:], r)
			sym = sym[:i]
		}
		c.checkUnit(sym, c.bytesAt(unit.Pos, len(sym)))
		n.Unit = &ast.UnitExpr{Terms: []*ast.UnitTerm{{Symbol: sym, Power: pow, Src: r}}, Src: r}
	}
}

// power parses a unit power; |p| is bounded because dimensions are small
// integers.
func (c *conv) power(s string, r diag.Range) int {
	p, err := strconv.Atoi(s)
	if err != nil || p > 64 || p < -64 {
		c.diags.Errorf(r, diag.BadNumber, "invalid unit power %q", s).Help = "a unit power is an integer between -64 and 64"
		return 1
	}
	return p
}

func (c *conv) unitExpr(g *gUnitExpr) *ast.UnitExpr {
	if g == nil {
		return nil
	}
	n := &ast.UnitExpr{Src: c.rng(g.Pos, g.EndPos)}
	n.Terms = append(n.Terms, c.unitTerm(g.First, false))
	for _, r := range g.Rest {
		n.Terms = append(n.Terms, c.unitTerm(r.Term, r.Op == "/"))
	}
	return n
}

func (c *conv) unitTerm(g *gUnitTerm, div bool) *ast.UnitTerm {
	r := c.rng(g.Pos, g.EndPos)
	t := &ast.UnitTerm{Symbol: g.Sym, Power: 1, Div: div, Src: r}
	c.checkUnit(g.Sym, c.bytesAt(g.Pos, len(g.Sym)))
	if g.Power != "" {
		s := g.Power
		if g.Neg {
			s = "-" + s
		}
		t.Power = c.power(s, r)
	}
	return t
}

// unitPrefixes mirrors the SI prefixes lang/units accepts (units.Lookup);
// a test checks that every suggestion built from them resolves.
var unitPrefixes = []string{"a", "f", "p", "n", "u", "m", "k", "M", "G", "T"}

// unitCandidates returns the symbols a did-you-mean may offer: every base
// symbol, then every prefixed one.
func unitCandidates() []string {
	base := units.Symbols()
	out := append([]string(nil), base...)
	for _, p := range unitPrefixes {
		for _, b := range base {
			if b == "%" {
				continue
			}
			// "as" (attosecond) is the reserved word "as", so it can never
			// follow a number.
			if _, _, ok := units.Lookup(p + b); ok && !reserved[p+b] {
				out = append(out, p+b)
			}
		}
	}
	return out
}

// checkUnit reports E0105 for a symbol units.Lookup does not know. The
// check lives in the parser because it is purely lexical: it needs no
// scope, and every later stage can rely on known symbols.
func (c *conv) checkUnit(sym string, r diag.Range) {
	if _, _, ok := units.Lookup(sym); ok {
		return
	}
	d := c.diags.Errorf(r, diag.UnknownUnit, "unknown unit %q", sym)
	cands := unitCandidates()
	for _, k := range cands {
		if strings.EqualFold(k, sym) { // "pj", "MHZ": only the case is wrong
			d.Help = fmt.Sprintf("did you mean %q?", k)
			return
		}
	}
	if h := diag.DidYouMean(sym, cands); h != "" {
		d.Help = h
	} else {
		d.Help = "a number may be followed by a unit symbol on the same line, such as pJ, ns, V, um^2 or %"
	}
}
