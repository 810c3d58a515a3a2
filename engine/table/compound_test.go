package table

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

func checked(t *testing.T, reg *component.Registry, src string) *check.Program {
	t.Helper()
	load := func(p string) ([]byte, error) {
		if p == "t.cim" {
			return []byte(src), nil
		}
		return nil, errors.New("no such file")
	}
	prog, diags := check.Check(&check.Config{Root: "t.cim", Load: load, Std: fstest.MapFS{}, Classes: reg})
	require.False(t, diags.HasErrors(), "%v", diags)
	return prog
}

const cells = `
// A storage-position cell: 2 pJ per read plus 1 pJ times the mean input
// slice; 5 pJ per write; no update action.
component cell(e_read: J = 2 pJ) {
  action read  { energy = e_read + mean(Inputs.slice) * 1 pJ }
  action write { energy = 5 pJ }
  area    = 3 um^2
  leakage = 1 mW
}
// A compute unit written in .cim.
component my_mac { action compute { energy = 0.5 pJ } }
// Defines only an action no level is charged.
component misnamed { action sense { energy = 1 pJ } }
component broken { action read { energy = -1 pJ } }
component leaky { action read { energy = 1 pJ }  action leak { energy = 1 pJ } }
`

func TestBuildCompoundLevels(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	prog := checked(t, reg, cells)
	a := &ir.Arch{Name: "a", CycleSeconds: 2e-9, Levels: []ir.Level{
		{Name: "c", Kind: ir.Storage, Class: "cell", Attrs: []ir.Attr{{Name: "e_read", Value: num(4e-12, units.Energy)}}},
		{Name: "mac", Kind: ir.Compute, Class: "my_mac"},
	}}
	p := gemv()
	tb, det, errs := Build(WithCompounds(reg, prog), a, p, values.Options{})
	require.Empty(t, errs)
	vl, err := values.ForProblem(p, values.Options{})
	require.NoError(t, err)
	c := tb.Levels[0]
	// read = 4 pJ (the instance's e_read) + E[input slice] * 1 pJ.
	assert.InEpsilon(t, 4e-12+vl.Stats.Inputs.MeanValue*1e-12, c.Read, 1e-12)
	assert.Equal(t, 5e-12, c.Write)
	assert.Equal(t, 0.0, c.Update, "an action the class does not define costs nothing")
	assert.InEpsilon(t, 1e-3*2e-9, c.Leak, 1e-12)
	assert.InEpsilon(t, 3e-12, c.AreaM2, 1e-12)
	assert.Equal(t, "cell", det[0].Class)
	assert.Equal(t, 0.5e-12, tb.Levels[1].Compute)

	// Without the compound classes the level has no model.
	_, _, errs = Build(reg, a, p, values.Options{})
	require.True(t, errs.HasErrors())
	assert.Contains(t, errs[0].Message, `class "cell" has no model`)
}

func TestBuildCompoundErrors(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	prog := checked(t, reg, cells)
	src := diag.Range{Start: diag.Pos{File: "t.cim", Line: 40, Col: 3}, End: diag.Pos{File: "t.cim", Line: 40, Col: 9}}
	a := &ir.Arch{Name: "a", CycleSeconds: 2e-9, Levels: []ir.Level{
		{Name: "m", Kind: ir.Storage, Class: "misnamed", Src: src},
		{Name: "b", Kind: ir.Storage, Class: "broken", Src: src},
		{Name: "l", Kind: ir.Storage, Class: "leaky", Src: src},
		{Name: "mac", Kind: ir.Compute, Class: "my_mac"},
	}}
	_, _, errs := Build(WithCompounds(reg, prog), a, gemv(), values.Options{})
	require.Len(t, errs, 3)
	assert.Contains(t, errs[2].Message, `class "leaky" defines an action "leak", which is never charged`)
	assert.Equal(t, diag.BadModel, errs[0].Code)
	assert.Contains(t, errs[0].Message, `class "misnamed" defines none of the actions a storage level is charged (read, write, update)`)
	assert.Equal(t, src, errs[0].Range)
	// The negative energy is located in the class, with the level related.
	assert.Equal(t, diag.BadModel, errs[1].Code)
	assert.Contains(t, errs[1].Message, "negative")
	assert.Equal(t, 14, errs[1].Range.Start.Line)
	require.Len(t, errs[1].Related, 1)
	assert.Equal(t, src, errs[1].Related[0].Range)
}
