package mapper

import (
	"context"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// at is a source range on line n of "arch.cim".
func at(n int) diag.Range {
	p := diag.Pos{File: "arch.cim", Line: n, Col: 3, Offset: 10 * n}
	return diag.Range{Start: p, End: diag.Pos{File: "arch.cim", Line: n, Col: 9, Offset: 10*n + 6}}
}

// TestConstraintDiagnostics: contradictory or malformed constraints are
// located errors with a code (E0220 at the constraint, E0404 when the
// constraints together leave a dimension no factorization), never a panic
// or an empty search.
func TestConstraintDiagnostics(t *testing.T) {
	base := func(t *testing.T) (*ir.Problem, *ir.Arch, int, int, map[string]int) {
		p, a, _ := shrunk(t, "p01_conv1d_2level_handcheck", map[string]int{"C": 2, "M": 2, "R": 3, "P": 4})
		d := map[string]int{}
		for i, x := range p.Dims {
			d[x.Name] = i
		}
		return p, a, levelIdx(t, a, "DRAM"), levelIdx(t, a, "Buffer"), d
	}
	cases := []struct {
		name string
		set  func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int)
		code string
		line int
	}{
		{"factor does not divide", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[buf].Constraints.Temporal.Factors = []ir.Factor{{Dim: d["P"], Op: ir.FactorEq, Value: 3, Src: at(2)}}
		}, diag.BadConstraint, 2},
		{"= conflicts with <=", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[buf].Constraints.Temporal.Factors = []ir.Factor{
				{Dim: d["P"], Op: ir.FactorLE, Value: 2, Src: at(3)}, {Dim: d["P"], Op: ir.FactorEq, Value: 4, Src: at(4)}}
		}, diag.BadConstraint, 4},
		{">= conflicts with <=", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[dram].Constraints.Temporal.Factors = []ir.Factor{
				{Dim: d["R"], Op: ir.FactorGE, Value: 3, Src: at(5)}, {Dim: d["R"], Op: ir.FactorLE, Value: 2, Src: at(6)}}
		}, diag.BadConstraint, 6},
		{"fixed factors over levels do not multiply to the size", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[dram].Constraints.Temporal.Factors = []ir.Factor{{Dim: d["P"], Op: ir.FactorEq, Value: 4, Src: at(7)}}
			a.Levels[buf].Constraints.Temporal.Factors = []ir.Factor{{Dim: d["P"], Op: ir.FactorEq, Value: 2, Src: at(8)}}
		}, diag.NoValidMapping, 7},
		{"temporal maximize without capacity", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[buf].Constraints.Temporal = ir.LoopConstraints{MaximizeDims: [][]int{{d["P"]}}, Src: at(9)}
		}, diag.BadConstraint, 9},
		{"maximize a dimension no_iteration fixes", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[buf].Constraints.Spatial = ir.LoopConstraints{NoIterationOver: []int{p.DataspaceIndex("Inputs")},
				MaximizeDims: [][]int{{d["C"]}}, Src: at(10)}
		}, diag.BadConstraint, 10},
		{"factor on a level without fanout", func(p *ir.Problem, a *ir.Arch, dram, buf int, d map[string]int) {
			a.Levels[dram].Constraints.Spatial.Factors = []ir.Factor{{Dim: d["M"], Op: ir.FactorEq, Value: 2, Src: at(11)}}
		}, diag.BadConstraint, 11},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, a, dram, buf, d := base(t)
			c.set(p, a, dram, buf, d)
			tab := newUnitTable(a)
			r, dl := Map(context.Background(), p, a, tab, Options{})
			assert.Nil(t, r)
			require.True(t, dl.HasErrors())
			assert.Equal(t, c.code, dl[0].Code, "%v", dl)
			assert.Equal(t, c.line, dl[0].Range.Start.Line, "%v", dl)
			t.Log(dl[0].Error(), " help: ", dl[0].Help)
		})
	}
}
