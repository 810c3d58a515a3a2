package lang

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
)

func parseOK(t *testing.T, src string) *ast.File {
	t.Helper()
	f, diags := Parse("t.cim", []byte(src))
	require.Empty(t, diags, "source:\n%s\ndiagnostics:\n%s", src, diagLines(diags))
	require.NotNil(t, f)
	checkRanges(t, "t.cim", []byte(src), f)
	return f
}

// TestExprPrecedence checks the precedence and associativity of TEAM.md:
// || < && < comparisons < + - < * / % < unary - ! < ^ (right) < postfix.
// The expected trees are written by hand.
func TestExprPrecedence(t *testing.T) {
	tests := []struct{ src, want string }{
		{`1 + 2 * 3`, `(1 + (2 * 3))`},
		{`1 * 2 + 3`, `((1 * 2) + 3)`},
		{`1 - 2 - 3`, `((1 - 2) - 3)`},
		{`a / b * c`, `((a / b) * c)`},
		{`a + b % c`, `(a + (b % c))`},
		{`2 ^ 3 ^ 2`, `(2 ^ (3 ^ 2))`},
		{`-x ^ 2`, `(-(x ^ 2))`},
		{`-2^2`, `(-(2 ^ 2))`},
		{`x ^ -1`, `(x ^ (-1))`},
		{`2 * -3`, `(2 * (-3))`},
		{`!a && b`, `((!a) && b)`},
		{`a || b && c`, `(a || (b && c))`},
		{`a && b || c`, `((a && b) || c)`},
		{`a && b == c`, `(a && (b == c))`},
		{`a == b < c`, `((a == b) < c)`},
		{`a >= b != c <= d`, `(((a >= b) != c) <= d)`},
		{`a < b + c`, `(a < (b + c))`},
		{`a > b - c`, `(a > (b - c))`},
		{`-a.b(c)`, `(-a.b(c))`},
		{`f(x)(y).z`, `f(x)(y).z`},
		{`f()`, `f()`},
		{`g(1, k = 2)`, `g(1, k=2)`},
		{`(a + b) * c`, `(paren((a + b)) * c)`},
		{`if a then b else c + 1`, `if(a, b, (c + 1))`},
		{`if a > 1 then if b then 1 else 2 else 3`, `if((a > 1), if(b, 1, 2), 3)`},
		{`[1, 2 V, "s", true, false]`, `[1, 2 V, "s", true, false]`},
		{`[]`, `[]`},
		{`2 pJ / 1 ns`, `(2 pJ / 1 ns)`},
		{`10 % 3`, `(10 % 3)`},
		{`10 % x`, `(10 % x)`},
		{`10 %`, `10 %`},
		{`10 % * 2`, `(10 % * 2)`},
		{`10 % (x)`, `(10 % paren(x))`},
		{`10 %(x)`, `10 %(x)`},
		{`10 % -3`, `(10 % (-3))`},
		{`10 % - 3`, `(10 % - 3)`},
		{`10 % - 5 %`, `(10 % - 5 %)`},
		{`10 % !x`, `(10 % (!x))`},
		{`10 % != x`, `(10 % != x)`},
		{`10 % + 5`, `(10 % + 5)`},
		{"10 %\n+ 5", "(10 % + 5)"},
		{`10 % [1]`, `(10 % [1])`},
		{`2 um^2`, `2 um^2`},
		{`2 m ^ 2`, `(2 m ^ 2)`},
		{`1 s^-1`, `1 s^-1`},
		{`1_000`, `1_000`},
		{`1e-3 V`, `1e-3 V`},
		{`0.85V`, `0.85 V`},
		{`Weights.slice * mean(x)`, `(Weights.slice * mean(x))`},
		{`(v * Inputs.slice)^2`, `(paren((v * Inputs.slice)) ^ 2)`},
		{`"a\tb"`, `"a\tb"`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f := parseOK(t, "param x = "+tt.src)
			require.Len(t, f.Decls, 1)
			p := f.Decls[0].(*ast.ParamDecl)
			assert.Equal(t, tt.want, dump(p.Value))
		})
	}
}

func TestNumberValues(t *testing.T) {
	tests := []struct {
		src  string
		want float64
		unit string
	}{
		{"8", 8, ""}, {"0.85 V", 0.85, "V"}, {"1e-3", 1e-3, ""}, {"1_000", 1000, ""},
		{"1.5 pJ", 1.5, "pJ"}, {"2E3 MHz", 2000, "MHz"}, {"10 %", 10, "%"}, {"8 bits", 8, "bits"},
		{"3 Ω", 3, "Ω"}, {"2 µm", 2, "µm"},
	}
	for _, tt := range tests {
		f := parseOK(t, "param x = "+tt.src)
		n := f.Decls[0].(*ast.ParamDecl).Value.(*ast.NumberLit)
		assert.Equal(t, tt.want, n.Value, tt.src)
		if tt.unit == "" {
			assert.Nil(t, n.Unit, tt.src)
		} else if assert.NotNil(t, n.Unit, tt.src) {
			assert.Equal(t, tt.unit, n.Unit.Terms[0].Symbol, tt.src)
		}
	}
}

// TestConstructs parses one example of every construct of the TEAM.md
// grammar and compares the tree (ranges aside) with a hand-written dump.
func TestConstructs(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"import", `import "std/cells"`,
			`[ImportDecl{Path:"std/cells"}]`},
		{"import as args", `import "std/cells" as c (vdd = 0.8 V, 4)`,
			`[ImportDecl{Path:"std/cells" Alias:c Args:[vdd=0.8 V 4]}]`},
		{"param", `param voltage = 1 V`,
			`[ParamDecl{Name:voltage Value:1 V}]`},
		{"param unit", `param t: pJ/ns*s^2 = 1 ns`,
			`[ParamDecl{Name:t Unit:pJ/ns*s^2 Value:1 ns}]`},
		{"param doc", "// The supply.\n// In volts.\nparam vdd = 1 V",
			`[ParamDecl{Name:vdd Value:1 V Doc:"The supply.\nIn volts."}]`},
		{"param not doc", "// unrelated\n\nparam vdd = 1 V",
			`[ParamDecl{Name:vdd Value:1 V}]`},
		{"semicolons", `;param a = 1; param b = 2;;`,
			`[ParamDecl{Name:a Value:1} ParamDecl{Name:b Value:2}]`},
		{"workload", `workload gemv {
  einsum Outputs[m] += Inputs[c] * Weights[c, m]
  sizes  c = 2, m = 2
  histogram Inputs = [0.1, 0.8, 0.1]
  param bits = 8
}`, `[WorkloadDecl{Name:gemv Items:[Einsum{Output:TensorRef{Name:Outputs Indices:[m]} Op:"+=" Inputs:[TensorRef{Name:Inputs Indices:[c]} TensorRef{Name:Weights Indices:[c m]}]} SizesStmt{Sizes:[Assign{Name:c Value:2} Assign{Name:m Value:2}]} HistogramStmt{Dataspace:Inputs Value:[0.1, 0.8, 0.1]} ParamDecl{Name:bits Value:8}]}]`},
		{"workload template", `workload conv(C: bits, P = 3) { einsum O[m, p] = I[c, p + r] * W[m, c, r]; einsum S[] += O[m, p] }`,
			`[WorkloadDecl{Name:conv Params:[Field{Name:C Unit:bits} Field{Name:P Default:3}] Items:[Einsum{Output:TensorRef{Name:O Indices:[m p]} Op:"=" Inputs:[TensorRef{Name:I Indices:[c (p + r)]} TensorRef{Name:W Indices:[m c r]}]} Einsum{Output:TensorRef{Name:S} Op:"+=" Inputs:[TensorRef{Name:O Indices:[m p]}]}]}]`},
		{"network", `network net {
  layer l1 = conv(C = 3) { histogram I = [1] }
  layer l2 = gemv
  layer l3 = m.fc
}`, `[NetworkDecl{Name:net Layers:[LayerDecl{Name:l1 Workload:conv(C=3) Items:[HistogramStmt{Dataspace:I Value:[1]}]} LayerDecl{Name:l2 Workload:gemv} LayerDecl{Name:l3 Workload:m.fc}]}]`},
		{"encode", `encode Inputs offset(8) slice 1 per dac slice 2 per cycle`,
			`[EncodeDecl{Dataspace:Inputs Encoding:offset(8) Slices:[SliceClause{Bits:1 Per:dac} SliceClause{Bits:2 Per:cycle}]}]`},
		{"encode bare", `encode Outputs unsigned`,
			`[EncodeDecl{Dataspace:Outputs Encoding:unsigned()}]`},
		{"arch", `arch a {
  attr technology = 32 nm
  buffer: sram(depth = 1024) { keep Inputs, Outputs }
  bank[4, 8]: std.cells.sram
  container macro[2] along Y {
    reuse Inputs
    no reuse Weights
    must reuse Outputs
    bypass *
    coalesce O; pass I; rmw_first_update O
    include tile.arch(n = 2)
    include other
    encode W offset(8) slice 4 per cell
    param k = 2
    cell[k] along X: rram {}
  }
  container empty {}
}`, `[ArchDecl{Name:a Items:[AttrStmt{Name:technology Value:32 nm} ComponentInst{Name:buffer Class:sram Args:[depth=1024] Items:[Directive{Kind:"keep" Dataspaces:[Inputs Outputs]}]} ComponentInst{Name:bank Fanout:Fanout{X:4 Y:8} Class:std.cells.sram} ContainerDecl{Name:macro Fanout:Fanout{X:2 Axis:Y} Items:[Directive{Kind:"reuse" Dataspaces:[Inputs]} Directive{Kind:"no_reuse" Dataspaces:[Weights]} Directive{Kind:"must_reuse" Dataspaces:[Outputs]} Directive{Kind:"bypass" Dataspaces:[*]} Directive{Kind:"coalesce" Dataspaces:[O]} Directive{Kind:"pass" Dataspaces:[I]} Directive{Kind:"rmw_first_update" Dataspaces:[O]} IncludeStmt{Target:tile.arch Args:[n=2]} IncludeStmt{Target:other} EncodeDecl{Dataspace:W Encoding:offset(8) Slices:[SliceClause{Bits:4 Per:cell}]} ParamDecl{Name:k Value:2} ComponentInst{Name:cell Fanout:Fanout{X:k Axis:X} Class:rram}]} ContainerDecl{Name:empty}]}]`},
		{"constraints", `arch a {
  temporal {
    factors c <= 4, m = 2, p >= 1 only
    order m, c, p
    maximize [y], [r, s] capacity 64
    no_iteration Weights
    must_iterate Inputs, Outputs
  }
  spatial { factors m = 8 }
}`, `[ArchDecl{Name:a Items:[ConstraintBlock{Kind:"temporal" Items:[FactorsConstraint{Factors:[FactorExpr{Dim:c Op:"<=" Value:4} FactorExpr{Dim:m Op:"=" Value:2} FactorExpr{Dim:p Op:">=" Value:1}] Only:true} OrderConstraint{Dims:[m c p]} MaximizeConstraint{Groups:[[y] [r s]] Capacity:64} DataspaceConstraint{Kind:"no_iteration" Dataspaces:[Weights]} DataspaceConstraint{Kind:"must_iterate" Dataspaces:[Inputs Outputs]}]} ConstraintBlock{Kind:"spatial" Items:[FactorsConstraint{Factors:[FactorExpr{Dim:m Op:"=" Value:8}]}]}]}]`},
		{"mapping", `mapping for fig5 {
  buffer { for c in 1; for m in 2 }
  column { parallel for m in 2 along X parallel for c in 4 }
  empty {}
}`, `[MappingDecl{Arch:fig5 Levels:[LevelLoops{Level:buffer Loops:[LoopStmt{Dim:c Bound:1} LoopStmt{Dim:m Bound:2}]} LevelLoops{Level:column Loops:[LoopStmt{Parallel:true Dim:m Bound:2 Axis:X} LoopStmt{Parallel:true Dim:c Bound:4}]} LevelLoops{Level:empty}]}]`},
		{"mapping no arch", `mapping { b { for c in n / 2 } }`,
			`[MappingDecl{Levels:[LevelLoops{Level:b Loops:[LoopStmt{Dim:c Bound:(n / 2)}]}]}]`},
		{"component", `component rram_read(g_on: S, v_read: V = 0.2 V, n) {
  sub dac: std.dac(resolution = 1)
  sub adc: adc
  param k = 2
  action compute {
    energy = g_on * v_read^2 * 1 ns
    latency = 1 ns
  }
  action idle {}
  area = 2 * dac.area
  leakage = 0 W
}`, `[ComponentDecl{Name:rram_read Params:[Field{Name:g_on Unit:S} Field{Name:v_read Unit:V Default:0.2 V} Field{Name:n}] Items:[SubcomponentDecl{Name:dac Class:std.dac Args:[resolution=1]} SubcomponentDecl{Name:adc Class:adc} ParamDecl{Name:k Value:2} ActionDecl{Name:compute Items:[Assign{Name:energy Value:((g_on * (v_read ^ 2)) * 1 ns)} Assign{Name:latency Value:1 ns}]} ActionDecl{Name:idle} Assign{Name:area Value:(2 * dac.area)} Assign{Name:leakage Value:0 W}]}]`},
		{"newline ends a unit", "component c {\n  action a {\n    energy = 2\n    latency = 1 ns\n  }\n}",
			`[ComponentDecl{Name:c Items:[ActionDecl{Name:a Items:[Assign{Name:energy Value:2} Assign{Name:latency Value:1 ns}]}]}]`},
		{"byte order mark and CRLF", "\uFEFFparam a = 10 %\r\nparam b = 1\r\n",
			`[ParamDecl{Name:a Value:10 %} ParamDecl{Name:b Value:1}]`},
		{"comments", "/* block\n comment */ param a = 1 // trailing\n// line\nparam b = /* inline */ 2",
			`[ParamDecl{Name:a Value:1} ParamDecl{Name:b Value:2 Doc:"line"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseOK(t, tt.src)
			assert.Equal(t, tt.want, dump(f.Decls))
		})
	}
}

// TestRanges checks the ranges of a few nodes against positions counted by
// hand in the source below.
func TestRanges(t *testing.T) {
	src := "param v = 0.85 V\n" + // line 1
		"arch a {\n" + // line 2
		"  no reuse W\n" + // line 3: "no reuse" at cols 3-10, W at 12
		"  mem[2] along Y: cells.rram {}\n" + // line 4
		"}\n" +
		"param e = a + b * c\n" // line 6
	f := parseOK(t, src)
	rc := func(r diag.Range) [4]int { return [4]int{r.Start.Line, r.Start.Col, r.End.Line, r.End.Col} }

	p := f.Decls[0].(*ast.ParamDecl)
	assert.Equal(t, [4]int{1, 1, 1, 17}, rc(p.Src))
	assert.Equal(t, [4]int{1, 7, 1, 8}, rc(p.Name.Src))
	num := p.Value.(*ast.NumberLit)
	assert.Equal(t, [4]int{1, 11, 1, 17}, rc(num.Src))
	assert.Equal(t, [4]int{1, 16, 1, 17}, rc(num.Unit.Src))
	assert.Equal(t, [4]int{1, 16, 1, 17}, rc(num.Unit.Terms[0].Src))
	assert.Equal(t, 10, num.Src.Start.Offset)
	assert.Equal(t, "t.cim", num.Src.Start.File)

	arch := f.Decls[1].(*ast.ArchDecl)
	assert.Equal(t, [4]int{2, 1, 5, 2}, rc(arch.Src))
	dir := arch.Items[0].(*ast.Directive)
	assert.Equal(t, [4]int{3, 3, 3, 13}, rc(dir.Src))
	assert.Equal(t, [4]int{3, 3, 3, 11}, rc(dir.KindSrc))
	inst := arch.Items[1].(*ast.ComponentInst)
	assert.Equal(t, [4]int{4, 3, 4, 32}, rc(inst.Src))
	assert.Equal(t, [4]int{4, 6, 4, 17}, rc(inst.Fanout.Src))
	assert.Equal(t, [4]int{4, 16, 4, 17}, rc(inst.Fanout.Axis.Src))
	assert.Equal(t, [4]int{4, 19, 4, 29}, rc(inst.Class.Span()))

	e := f.Decls[2].(*ast.ParamDecl).Value.(*ast.Binary)
	assert.Equal(t, "+", e.Op)
	assert.Equal(t, [4]int{6, 11, 6, 20}, rc(e.Src))
	assert.Equal(t, [4]int{6, 13, 6, 14}, rc(e.OpSrc))
	assert.Equal(t, [4]int{6, 15, 6, 20}, rc(e.Y.Span()))

	assert.Equal(t, [4]int{1, 1, 7, 1}, rc(f.Src))
}

func TestUnknownUnit(t *testing.T) {
	tests := []struct{ src, want, help string }{
		{"param x = 3 pj", `1:13: unknown unit "pj" [E0105]`, `did you mean "pJ"?`},
		{"param x = 3 nss", `1:13: unknown unit "nss" [E0105]`, `did you mean "ns"?`},
		{"param x = 2 qqqqq", `1:13: unknown unit "qqqqq" [E0105]`, ""},
		{"param x = 2 umm^2", `1:13: unknown unit "umm" [E0105]`, `did you mean "um"?`},
		{"param x: Vv = 1", `1:10: unknown unit "Vv" [E0105]`, `did you mean "V"?`},
	}
	for _, tt := range tests {
		f, diags := Parse("t.cim", []byte(tt.src))
		require.Len(t, diags, 1, tt.src)
		assert.Equal(t, tt.want, diagLines(diags), tt.src)
		if tt.help != "" {
			assert.Equal(t, tt.help, diags[0].Help, tt.src)
		}
		assert.Len(t, f.Decls, 1, "the declaration is kept: %s", tt.src)
	}
}

// TestUnitCandidates checks that every suggestion offered for an unknown
// unit is itself a known unit (the prefix list mirrors lang/units).
func TestUnitCandidates(t *testing.T) {
	c := unitCandidates()
	assert.Contains(t, c, "pJ")
	assert.Contains(t, c, "GHz")
	for _, s := range c {
		_, diags := Parse("t.cim", []byte("param x = 1 "+s))
		assert.Empty(t, diags, s)
	}
}

func TestKeywordsAreReserved(t *testing.T) {
	for _, k := range Keywords() {
		_, diags := Parse("t.cim", []byte("param "+k+" = 1"))
		require.Len(t, diags, 1, k)
		assert.Equal(t, diag.Syntax, diags[0].Code, k)
		assert.Equal(t, 1, diags[0].Range.Start.Line)
		assert.Equal(t, 7, diags[0].Range.Start.Col, k)
	}
	assert.Len(t, Keywords(), 46) // counted in TEAM.md
}

func TestFilesParseAndRoundTrip(t *testing.T) {
	// Also every example and stdlib module in the repository: they are
	// written in this syntax by the rest of the team.
	var files []string
	for _, pattern := range []string{"testdata/*.cim", "../examples/*.cim", "../stdlib/std/*.cim", "../stdlib/std/*/*.cim"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	for _, name := range files {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, diags := Parse(name, src)
		require.Empty(t, diags, "%s:\n%s", name, diagLines(diags))
		checkRanges(t, name, src, f)
		g, diags := Parse(name, Format(f))
		require.Empty(t, diags, "%s reformatted:\n%s", name, diagLines(diags))
		assert.True(t, sameTree(f, g), "%s does not round-trip through Format:\n%s", name, Format(f))
	}
}

func TestFig5(t *testing.T) {
	src, err := os.ReadFile("testdata/fig5.cim")
	require.NoError(t, err)
	f, diags := Parse("fig5.cim", src)
	require.Empty(t, diags)
	kinds := make([]string, len(f.Decls))
	for i, d := range f.Decls {
		kinds[i] = dump(d)[:4]
	}
	assert.Equal(t, []string{"Impo", "Para", "Para", "Work", "Enco", "Enco", "Enco", "Arch", "Mapp", "Comp"}, kinds)
	arch := f.Decls[7].(*ast.ArchDecl)
	macro := arch.Items[2].(*ast.ContainerDecl)
	column := macro.Items[2].(*ast.ContainerDecl)
	assert.Equal(t, "column", column.Name.Name)
	cell := column.Items[3].(*ast.ComponentInst)
	assert.Equal(t, "memory_cell", cell.Name.Name)
	assert.Equal(t, "cells.rram_default", dump(cell.Class))
	assert.Equal(t, "Y", cell.Fanout.Axis.Name)
	comp := f.Decls[9].(*ast.ComponentDecl)
	energy := comp.Items[0].(*ast.ActionDecl).Items[0]
	assert.Equal(t, "((mean((g_off + (paren((g_on - g_off)) * Weights.slice))) * mean((paren((v_read * Inputs.slice)) ^ 2))) * t_read)",
		dump(energy.Value))
}

// TestNumListMerge checks the number-list fast path against the general
// list grammar: same tree, same ranges, and "[" after a name stays a
// fanout or tensor index.
func TestNumListMerge(t *testing.T) {
	f := parseOK(t, "param h = [0.1, 2 V, 3e-2 %, 4 um^2]")
	l := f.Decls[0].(*ast.ParamDecl).Value.(*ast.ListLit)
	assert.Equal(t, `[0.1, 2 V, 3e-2 %, 4 um^2]`, dump(l))
	assert.Equal(t, 10, l.Src.Start.Offset)
	assert.Equal(t, 36, l.Src.End.Offset)
	e := l.Elems[2].(*ast.NumberLit)
	assert.Equal(t, 0.03, e.Value)
	assert.Equal(t, [2]int{21, 27}, [2]int{e.Src.Start.Offset, e.Src.End.Offset})
	assert.Equal(t, [2]int{26, 27}, [2]int{e.Unit.Src.Start.Offset, e.Unit.Src.End.Offset})

	// The general path (a non-number element) gives the same shape.
	g := parseOK(t, "param h = [0.1, 2 V, 3e-2 %, 4 um^2, x]")
	assert.Equal(t, `[0.1, 2 V, 3e-2 %, 4 um^2, x]`, dump(g.Decls[0].(*ast.ParamDecl).Value))

	f = parseOK(t, "param n = [[1, 2], [3]]\narch a { x[2, 3]: c; y[4]: d }\nworkload w { einsum A[1] = B[2, 3] }")
	assert.Equal(t, `[[1, 2], [3]]`, dump(f.Decls[0].(*ast.ParamDecl).Value))
	assert.Equal(t, `Fanout{X:2 Y:3}`, dump(f.Decls[1].(*ast.ArchDecl).Items[0].(*ast.ComponentInst).Fanout))
	assert.Equal(t, `[TensorRef{Name:B Indices:[2 3]}]`, dump(f.Decls[2].(*ast.WorkloadDecl).Items[0].(*ast.Einsum).Inputs))

	_, diags := Parse("t.cim", []byte("arch a { temporal { maximize [1, 2] } }"))
	assert.Equal(t, `1:30: expected "[", found list [E0101]`, diagLines(diags))
}
