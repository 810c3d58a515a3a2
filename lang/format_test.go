package lang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/ast"
)

func ref(name string) ast.Expr { return &ast.Ref{Name: &ast.Ident{Name: name}} }
func num(text string) ast.Expr { return &ast.NumberLit{Text: text} }
func bin(op string, x, y ast.Expr) ast.Expr {
	return &ast.Binary{Op: op, X: x, Y: y}
}

// TestFormatHandBuilt checks that Format adds the parentheses precedence
// requires for trees that did not come from the parser (which records
// parentheses as Paren nodes).
func TestFormatHandBuilt(t *testing.T) {
	tests := []struct {
		e    ast.Expr
		want string
	}{
		{bin("*", bin("+", ref("a"), ref("b")), ref("c")), "(a + b) * c"},
		{bin("+", ref("a"), bin("*", ref("b"), ref("c"))), "a + b * c"},
		{bin("-", ref("a"), bin("-", ref("b"), ref("c"))), "a - (b - c)"},
		{bin("-", bin("-", ref("a"), ref("b")), ref("c")), "a - b - c"},
		{bin("^", bin("^", ref("a"), ref("b")), ref("c")), "(a ^ b) ^ c"},
		{bin("^", ref("a"), bin("^", ref("b"), ref("c"))), "a ^ b ^ c"},
		{bin("^", &ast.Unary{Op: "-", X: ref("a")}, num("2")), "(-a) ^ 2"},
		{&ast.Unary{Op: "-", X: bin("^", ref("a"), num("2"))}, "-a ^ 2"},
		{&ast.Unary{Op: "-", X: bin("+", ref("a"), ref("b"))}, "-(a + b)"},
		{bin("+", &ast.Cond{Cond: ref("c"), Then: ref("a"), Else: ref("b")}, num("1")), "(if c then a else b) + 1"},
		{&ast.Selector{X: bin("+", ref("a"), ref("b")), Sel: &ast.Ident{Name: "x"}}, "(a + b).x"},
		{&ast.Call{Fun: &ast.Selector{X: ref("m"), Sel: &ast.Ident{Name: "f"}}, Args: []*ast.Arg{
			{Value: num("1")}, {Name: &ast.Ident{Name: "k"}, Value: &ast.StringLit{Value: "a\"b"}}}}, `m.f(1, k = "a\"b")`},
		{bin("||", bin("&&", ref("a"), ref("b")), bin("==", ref("c"), &ast.BoolLit{Value: true})), "a && b || c == true"},
		{bin("&&", bin("||", ref("a"), ref("b")), ref("c")), "(a || b) && c"},
		{&ast.NumberLit{Value: 0.5}, "0.5"},
		{&ast.NumberLit{Text: "2", Unit: &ast.UnitExpr{Terms: []*ast.UnitTerm{{Symbol: "um", Power: 2}}}}, "2 um^2"},
		{&ast.ListLit{Elems: []ast.Expr{num("1"), ref("x")}}, "[1, x]"},
	}
	for _, tt := range tests {
		got := FormatExpr(tt.e)
		assert.Equal(t, tt.want, got)
		// What Format prints parses back to the same tree, once the
		// parentheses it added are ignored.
		f, diags := Parse("t.cim", []byte("param x = "+got))
		require.Empty(t, diags, got)
		assert.Equal(t, dump(tt.e), dump(stripParens(f.Decls[0].(*ast.ParamDecl).Value)), got)
	}
}

// stripParens removes Paren nodes from an expression tree.
func stripParens(e ast.Expr) ast.Expr {
	switch n := e.(type) {
	case *ast.Paren:
		return stripParens(n.X)
	case *ast.Binary:
		n.X, n.Y = stripParens(n.X), stripParens(n.Y)
	case *ast.Unary:
		n.X = stripParens(n.X)
	case *ast.Selector:
		n.X = stripParens(n.X)
	case *ast.Call:
		n.Fun = stripParens(n.Fun)
		for _, a := range n.Args {
			a.Value = stripParens(a.Value)
		}
	case *ast.Cond:
		n.Cond, n.Then, n.Else = stripParens(n.Cond), stripParens(n.Then), stripParens(n.Else)
	case *ast.ListLit:
		for i := range n.Elems {
			n.Elems[i] = stripParens(n.Elems[i])
		}
	}
	return e
}

// TestFormatCanonical checks the canonical layout on a small file, written
// out by hand.
func TestFormatCanonical(t *testing.T) {
	src := `import "std/cells" as c(n=2) ; import "x"
// Doc line.
param a:pJ/ns=2 pJ/(1 ns)   param b = -a^2
encode W offset(8) slice 4 per cell
arch t { attr k = 1; container m[2,3] { } x[4] along Y : c.rram(g=1 uS) {no reuse *; spatial{factors m=2 only} } }
mapping { x { parallel for m in 2 along X; for c in 1 } }
component k(g: S, v: V = 1 V) { sub d: dac action read { energy = 1 pJ } area = 0 }`
	want := `import "std/cells" as c(n = 2)
import "x"

// Doc line.
param a: pJ/ns = 2 pJ / (1 ns)
param b = -a ^ 2

encode W offset(8) slice 4 per cell

arch t {
  attr k = 1
  container m[2, 3] {}
  x[4] along Y: c.rram(g = 1 uS) {
    no reuse *
    spatial {
      factors m = 2 only
    }
  }
}

mapping {
  x {
    parallel for m in 2 along X
    for c in 1
  }
}

component k(g: S, v: V = 1 V) {
  sub d: dac
  action read {
    energy = 1 pJ
  }
  area = 0
}
`
	f := parseOK(t, src)
	assert.Equal(t, want, string(Format(f)))
	g := parseOK(t, want)
	assert.Equal(t, want, string(Format(g)), "Format is idempotent")
}
