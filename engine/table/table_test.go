package table

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
)

func num(v float64, d units.Dim) ir.Value {
	return ir.Value{Kind: ir.NumberValue, Num: units.Q(v, d)}
}

// gemv builds Outputs[m] += Inputs[c] * Weights[c, m] with no value models
// (the statistics default to CiMLoop's).
func gemv() *ir.Problem {
	return &ir.Problem{Name: "gemv", Dims: []ir.Dim{{Name: "c", Size: 4}, {Name: "m", Size: 4}},
		Dataspaces: []ir.Dataspace{
			{Name: "Inputs", Ranks: []ir.Rank{{{Dim: 0, Coef: 1}}}},
			{Name: "Weights", Ranks: []ir.Rank{{{Dim: 0, Coef: 1}}, {{Dim: 1, Coef: 1}}}},
			{Name: "Outputs", ReadWrite: true, Ranks: []ir.Rank{{{Dim: 1, Coef: 1}}}},
		}}
}

func TestBuildMapsActions(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	a := &ir.Arch{Name: "a", CycleSeconds: 2e-9, Levels: []ir.Level{
		{Name: "buf", Kind: ir.Storage, Class: "storage", Attrs: []ir.Attr{
			{Name: "read_energy", Value: num(1e-12, units.Energy)},
			{Name: "write_energy", Value: num(3e-12, units.Energy)},
			{Name: "leak_power", Value: num(1e-3, units.Power)},
			{Name: "area", Value: num(5e-9, units.Area)},
		}},
		{Name: "col", Kind: ir.Container, FanoutX: 4, FanoutY: 1},
		{Name: "adc", Kind: ir.Storage, Class: "adc", Attrs: []ir.Attr{
			{Name: "resolution", Value: num(8, units.None)},
			{Name: "technology", Value: num(65, units.None)},
			{Name: "n_adcs", Value: num(256, units.None)},
			{Name: "cycle_seconds", Value: num(1.35e-6, units.Time)},
		}},
		{Name: "mac", Kind: ir.Compute, Class: "mac", Attrs: []ir.Attr{
			{Name: "compute_energy", Value: num(0.5e-12, units.Energy)},
		}},
	}}
	tb, det, errs := Build(reg, a, gemv(), values.Options{})
	require.Empty(t, errs)
	require.Len(t, tb.Levels, 4)

	buf := tb.Levels[0]
	assert.Equal(t, 1e-12, buf.Read)
	assert.Equal(t, 3e-12, buf.Write)
	assert.Equal(t, 3e-12, buf.Update, "the storage class defaults update to write")
	// Leakage per cycle = 1 mW x 2 ns = 2 pJ.
	assert.InEpsilon(t, 2e-12, buf.Leak, 1e-12)
	assert.Equal(t, 5e-9, buf.AreaM2)

	assert.Equal(t, 0.0, tb.Levels[1].Read+tb.Levels[1].AreaM2, "containers cost nothing")

	// The ADC is charged its conversion per read and nothing per fill or
	// update (CiMLoop's adc compound: read -> adc.read, write/update
	// empty). 8 b, 65 nm, 256 ADCs, 1.35 us: 6.4945 pJ before CiMLoop's
	// adc_energy_scale (cimloop-spec.md section 9.1, Jia JSSC'20).
	adc := tb.Levels[2]
	assert.InEpsilon(t, 6.4945e-12, adc.Read, 1e-4)
	assert.Equal(t, 0.0, adc.Write)
	assert.Equal(t, 0.0, adc.Update)
	assert.Equal(t, "adc", det[2].Class)

	assert.Equal(t, 0.5e-12, tb.Levels[3].Compute)
}

func TestBuildErrorsAreLocated(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	a := &ir.Arch{Name: "a", CycleSeconds: 1e-9, Levels: []ir.Level{
		{Name: "x", Kind: ir.Storage, Class: "no_such_class"},
		{Name: "adc", Kind: ir.Storage, Class: "adc", Attrs: []ir.Attr{
			{Name: "resolution", Value: num(2, units.None)}, // the regression needs >= 4 bits
			{Name: "technology", Value: num(65, units.None)},
		}},
		{Name: "mac", Kind: ir.Compute, Class: "free_mac"},
	}}
	_, _, errs := Build(reg, a, gemv(), values.Options{})
	require.Len(t, errs, 2)
	assert.Contains(t, errs[0].Message, `class "no_such_class" has no model`)
	assert.Equal(t, "E0501", errs[1].Code)
	assert.Contains(t, errs[1].Message, `level "adc"`)
}
