package lang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/ast"
)

// Format prints a file in canonical source form: one item per line, blocks
// indented by two spaces, a blank line between declarations, single spaces
// around binary operators. Parse(Format(f)) yields a tree with the same
// structure as f (ranges aside). Comments other than parameter docs are
// not kept. Parentheses are printed where the tree has a Paren node and
// wherever precedence requires them, so a tree built by hand prints
// correctly too.
func Format(f *ast.File) []byte {
	p := &printer{}
	for i, d := range f.Decls {
		// Runs of one-line declarations of one kind (imports, params,
		// encodings) stay together; everything else is set apart.
		if i > 0 && !(oneLine(d) && fmt.Sprintf("%T", d) == fmt.Sprintf("%T", f.Decls[i-1])) {
			p.b.WriteString("\n")
		}
		p.decl(d)
	}
	return []byte(p.b.String())
}

func oneLine(d ast.Decl) bool {
	switch d.(type) {
	case *ast.ImportDecl, *ast.ParamDecl, *ast.EncodeDecl:
		return true
	}
	return false
}

// FormatExpr prints one expression in canonical form.
func FormatExpr(e ast.Expr) string {
	p := &printer{}
	p.expr(e, precLowest)
	return p.b.String()
}

type printer struct {
	b      strings.Builder
	indent int
}

func (p *printer) line(parts ...string) {
	p.b.WriteString(strings.Repeat("  ", p.indent))
	for _, s := range parts {
		p.b.WriteString(s)
	}
	p.b.WriteString("\n")
}

// open writes "head {" and indents; close undoes it.
func (p *printer) open(head string) {
	p.line(head, " {")
	p.indent++
}

func (p *printer) close() {
	p.indent--
	p.line("}")
}

func (p *printer) decl(d ast.Decl) {
	switch n := d.(type) {
	case *ast.ImportDecl:
		s := "import " + strconv.Quote(n.Path)
		if n.Alias != nil {
			s += " as " + n.Alias.Name
		}
		if n.Args != nil {
			s += "(" + p.args(n.Args) + ")"
		}
		p.line(s)
	case *ast.ParamDecl:
		p.param(n)
	case *ast.WorkloadDecl:
		head := "workload " + n.Name.Name
		if n.Params != nil {
			head += "(" + p.fields(n.Params) + ")"
		}
		p.open(head)
		p.witems(n.Items)
		p.close()
	case *ast.NetworkDecl:
		p.open("network " + n.Name.Name)
		for _, l := range n.Layers {
			head := "layer " + l.Name.Name + " = " + p.exprString(l.Workload)
			if l.Items == nil {
				p.line(head)
				continue
			}
			p.open(head)
			p.witems(l.Items)
			p.close()
		}
		p.close()
	case *ast.EncodeDecl:
		p.line(p.encode(n))
	case *ast.ArchDecl:
		p.open("arch " + n.Name.Name)
		p.aitems(n.Items)
		p.close()
	case *ast.MappingDecl:
		head := "mapping"
		if n.Arch != nil {
			head += " for " + n.Arch.Name
		}
		p.open(head)
		for _, l := range n.Levels {
			p.open(l.Level.Name)
			for _, lp := range l.Loops {
				s := "for " + lp.Dim.Name + " in " + p.exprString(lp.Bound)
				if lp.Parallel {
					s = "parallel " + s
					if lp.Axis != nil {
						s += " along " + lp.Axis.Name
					}
				}
				p.line(s)
			}
			p.close()
		}
		p.close()
	case *ast.ComponentDecl:
		head := "component " + n.Name.Name
		if n.Params != nil {
			head += "(" + p.fields(n.Params) + ")"
		}
		p.open(head)
		for _, it := range n.Items {
			switch x := it.(type) {
			case *ast.SubcomponentDecl:
				s := "sub " + x.Name.Name + ": " + p.exprString(x.Class)
				if x.Args != nil {
					s += "(" + p.args(x.Args) + ")"
				}
				p.line(s)
			case *ast.ActionDecl:
				p.open("action " + x.Name.Name)
				for _, a := range x.Items {
					p.line(a.Name.Name, " = ", p.exprString(a.Value))
				}
				p.close()
			case *ast.Assign:
				p.line(x.Name.Name, " = ", p.exprString(x.Value))
			case *ast.ParamDecl:
				p.param(x)
			}
		}
		p.close()
	}
}

func (p *printer) param(n *ast.ParamDecl) {
	if n.Doc != "" {
		for _, l := range strings.Split(n.Doc, "\n") {
			if l == "" {
				p.line("//")
			} else {
				p.line("// ", l)
			}
		}
	}
	s := "param " + n.Name.Name
	if n.Unit != nil {
		s += ": " + unitString(n.Unit)
	}
	p.line(s, " = ", p.exprString(n.Value))
}

func (p *printer) witems(items []ast.WorkloadItem) {
	for _, it := range items {
		switch n := it.(type) {
		case *ast.Einsum:
			s := "einsum " + p.tensor(n.Output) + " " + n.Op + " "
			for i, t := range n.Inputs {
				if i > 0 {
					s += " * "
				}
				s += p.tensor(t)
			}
			p.line(s)
		case *ast.SizesStmt:
			parts := make([]string, len(n.Sizes))
			for i, a := range n.Sizes {
				parts[i] = a.Name.Name + " = " + p.exprString(a.Value)
			}
			p.line("sizes ", strings.Join(parts, ", "))
		case *ast.HistogramStmt:
			p.line("histogram ", n.Dataspace.Name, " = ", p.exprString(n.Value))
		case *ast.ParamDecl:
			p.param(n)
		}
	}
}

func (p *printer) tensor(t *ast.TensorRef) string {
	parts := make([]string, len(t.Indices))
	for i, e := range t.Indices {
		parts[i] = p.exprString(e)
	}
	return t.Name.Name + "[" + strings.Join(parts, ", ") + "]"
}

func (p *printer) encode(n *ast.EncodeDecl) string {
	s := "encode " + n.Dataspace.Name + " " + p.exprString(n.Encoding.Fun)
	if n.Encoding.Args != nil {
		s += "(" + p.args(n.Encoding.Args) + ")"
	}
	for _, sl := range n.Slices {
		s += " slice " + p.exprString(sl.Bits) + " per " + sl.Per.Name
	}
	return s
}

func (p *printer) fanout(f *ast.Fanout) string {
	if f == nil {
		return ""
	}
	if f.Y != nil {
		return "[" + p.exprString(f.X) + ", " + p.exprString(f.Y) + "]"
	}
	s := "[" + p.exprString(f.X) + "]"
	if f.Axis != nil {
		s += " along " + f.Axis.Name
	}
	return s
}

func dslist(ids []*ast.Ident) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id.Name
	}
	return strings.Join(parts, ", ")
}

func (p *printer) aitems(items []ast.ArchItem) {
	for _, it := range items {
		switch n := it.(type) {
		case *ast.ContainerDecl:
			head := "container " + n.Name.Name + p.fanout(n.Fanout)
			if len(n.Items) == 0 {
				p.line(head, " {}")
				continue
			}
			p.open(head)
			p.aitems(n.Items)
			p.close()
		case *ast.ComponentInst:
			head := n.Name.Name + p.fanout(n.Fanout) + ": " + p.exprString(n.Class)
			if n.Args != nil {
				head += "(" + p.args(n.Args) + ")"
			}
			if len(n.Items) == 0 {
				p.line(head)
				continue
			}
			p.open(head)
			p.aitems(n.Items)
			p.close()
		case *ast.Directive:
			kind := n.Kind
			switch kind {
			case "no_reuse":
				kind = "no reuse"
			case "must_reuse":
				kind = "must reuse"
			}
			p.line(kind, " ", dslist(n.Dataspaces))
		case *ast.AttrStmt:
			p.line("attr ", n.Name.Name, " = ", p.exprString(n.Value))
		case *ast.IncludeStmt:
			s := "include " + p.exprString(n.Target)
			if n.Args != nil {
				s += "(" + p.args(n.Args) + ")"
			}
			p.line(s)
		case *ast.ConstraintBlock:
			if len(n.Items) == 0 {
				p.line(n.Kind, " {}")
				continue
			}
			p.open(n.Kind)
			for _, ci := range n.Items {
				p.citem(ci)
			}
			p.close()
		case *ast.EncodeDecl:
			p.line(p.encode(n))
		case *ast.ParamDecl:
			p.param(n)
		}
	}
}

func (p *printer) citem(ci ast.ConstraintItem) {
	switch n := ci.(type) {
	case *ast.FactorsConstraint:
		parts := make([]string, len(n.Factors))
		for i, f := range n.Factors {
			parts[i] = f.Dim.Name + " " + f.Op + " " + p.exprString(f.Value)
		}
		s := "factors " + strings.Join(parts, ", ")
		if n.Only {
			s += " only"
		}
		p.line(s)
	case *ast.OrderConstraint:
		p.line("order ", dslist(n.Dims))
	case *ast.MaximizeConstraint:
		parts := make([]string, len(n.Groups))
		for i, g := range n.Groups {
			parts[i] = "[" + dslist(g) + "]"
		}
		s := "maximize " + strings.Join(parts, ", ")
		if n.Capacity != nil {
			s += " capacity " + p.exprString(n.Capacity)
		}
		p.line(s)
	case *ast.DataspaceConstraint:
		p.line(n.Kind, " ", dslist(n.Dataspaces))
	}
}

func (p *printer) fields(fs []*ast.Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		s := f.Name.Name
		if f.Unit != nil {
			s += ": " + unitString(f.Unit)
		}
		if f.Default != nil {
			s += " = " + p.exprString(f.Default)
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}

func (p *printer) args(as []*ast.Arg) string {
	parts := make([]string, len(as))
	for i, a := range as {
		if a.Name != nil {
			parts[i] = a.Name.Name + " = " + p.exprString(a.Value)
		} else {
			parts[i] = p.exprString(a.Value)
		}
	}
	return strings.Join(parts, ", ")
}

// unitString prints a unit expression: "pJ", "um^2", "pJ/ns".
func unitString(u *ast.UnitExpr) string {
	var b strings.Builder
	for i, t := range u.Terms {
		if i > 0 {
			if t.Div {
				b.WriteString("/")
			} else {
				b.WriteString("*")
			}
		}
		b.WriteString(t.Symbol)
		if t.Power != 1 {
			b.WriteString("^" + strconv.Itoa(t.Power))
		}
	}
	return b.String()
}

// Precedence levels, low to high (TEAM.md).
const (
	precLowest  = iota
	precOr      // ||
	precAnd     // &&
	precCmp     // == != < <= > >=
	precAdd     // + -
	precMul     // * / %
	precUnary   // - !
	precPow     // ^
	precPostfix // calls, selectors, primaries
)

func binaryPrec(op string) int {
	switch op {
	case "||":
		return precOr
	case "&&":
		return precAnd
	case "==", "!=", "<", "<=", ">", ">=":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	case "^":
		return precPow
	}
	return precLowest
}

func exprPrec(e ast.Expr) int {
	switch n := e.(type) {
	case *ast.Cond:
		return precLowest
	case *ast.Binary:
		return binaryPrec(n.Op)
	case *ast.Unary:
		return precUnary
	}
	return precPostfix
}

func (p *printer) exprString(e ast.Expr) string {
	q := &printer{}
	q.expr(e, precLowest)
	return q.b.String()
}

// expr prints e in a context that needs at least precedence min.
func (p *printer) expr(e ast.Expr, min int) {
	if e == nil {
		return
	}
	if exprPrec(e) < min {
		p.b.WriteString("(")
		p.expr(e, precLowest)
		p.b.WriteString(")")
		return
	}
	switch n := e.(type) {
	case *ast.NumberLit:
		text := n.Text
		if text == "" {
			text = strconv.FormatFloat(n.Value, 'g', -1, 64)
		}
		p.b.WriteString(text)
		if n.Unit != nil {
			p.b.WriteString(" " + unitString(n.Unit))
		}
	case *ast.StringLit:
		p.b.WriteString(strconv.Quote(n.Value))
	case *ast.BoolLit:
		p.b.WriteString(strconv.FormatBool(n.Value))
	case *ast.Ref:
		p.b.WriteString(n.Name.Name)
	case *ast.Selector:
		p.expr(n.X, precPostfix)
		p.b.WriteString("." + n.Sel.Name)
	case *ast.Call:
		p.expr(n.Fun, precPostfix)
		p.b.WriteString("(" + p.args(n.Args) + ")")
	case *ast.ListLit:
		p.b.WriteString("[")
		for i, x := range n.Elems {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.expr(x, precLowest)
		}
		p.b.WriteString("]")
	case *ast.Paren:
		p.b.WriteString("(")
		p.expr(n.X, precLowest)
		p.b.WriteString(")")
	case *ast.Unary:
		p.b.WriteString(n.Op)
		p.expr(n.X, precUnary)
	case *ast.Cond:
		p.b.WriteString("if ")
		p.expr(n.Cond, precLowest)
		p.b.WriteString(" then ")
		p.expr(n.Then, precLowest)
		p.b.WriteString(" else ")
		p.expr(n.Else, precLowest)
	case *ast.Binary:
		prec := binaryPrec(n.Op)
		if n.Op == "^" {
			// Right-associative; the left operand binds tighter than unary.
			p.expr(n.X, precPostfix)
			p.b.WriteString(" ^ ")
			p.expr(n.Y, precUnary)
			return
		}
		p.expr(n.X, prec)
		p.b.WriteString(" " + n.Op + " ")
		p.expr(n.Y, prec+1)
	}
}
