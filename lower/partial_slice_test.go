package lower

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
)

// RAELLA's weights (cimloop-spec.md 8.3, raella row): two-part magnitude
// of an 8-bit value is 16 encoded bits; 2 cells x 3 bits per slice cut them
// [6, 6, 4]. The weight bit dimension is padded to 3 whole slices (18
// points) so the virtual MAC's Y = 6 divides it, while the statistics
// come from the 16 real bits: CiMLoop's AVERAGE_WEIGHT_VALUE 0.117284 and
// AVERAGE_INPUT_VALUE 0.125 (the spec's table; ISAAC's histograms).
const raellaSlices = `
workload w {
  einsum Outputs[m] += Inputs[c] * Weights[c, m]
  sizes c = 4, m = 2
  histogram Inputs  = [0, 0, 0, 3, 1, 0, 0]
  histogram Weights = [0, 1, 3, 4, 3, 1, 0]
}
encode Inputs  two_part_magnitude_if_signed(8) slice 1 per dac
encode Weights two_part_magnitude(8) slice 6 per cell
encode Outputs offset(8)
arch a {
  attr technology = 32
  attr cycle_seconds = 1 ns
  buf: sram(depth = 64, width = 8) { keep Inputs, Outputs }
  cim_unit: sram(depth = 2, width = 6) { keep Weights }
}
`

func TestPartialLastSlice(t *testing.T) {
	p, ds := check.Check(&check.Config{Root: "raella.cim", Load: func(string) ([]byte, error) { return []byte(raellaSlices), nil },
		Std: testStd(), Classes: testClasses(t)})
	require.Empty(t, ds)
	prog, ds := Lower(p, Options{})
	require.Empty(t, ds)
	layer := prog.Layers[0]
	w := layer.Dataspaces[layer.DataspaceIndex("Weights")].Value
	require.NotNil(t, w)
	assert.Equal(t, 16, w.EncodedBits)
	assert.Equal(t, 6, w.SliceBits)
	assert.Equal(t, 3, w.Slices)
	assert.Equal(t, 18, layer.Dims[w.BitDim].Size, "padded to whole slices")
	assert.Equal(t, 16, w.TotalBits(layer))
	// Inputs are whole 1-bit slices: no padding, EncodedBits unset.
	in := layer.Dataspaces[layer.DataspaceIndex("Inputs")].Value
	assert.Equal(t, 0, in.EncodedBits)
	assert.Equal(t, 8, layer.Dims[in.BitDim].Size)
	// The virtual MAC takes one 6-bit weight slice: Y = 6 divides 18.
	mac := prog.Arch.Levels[len(prog.Arch.Levels)-3]
	require.Equal(t, VirtualMACContainer, mac.Name)
	assert.Contains(t, mac.Constraints.Spatial.Factors, ir.Factor{Dim: w.BitDim, Op: ir.FactorEq, Value: 6})

	l, err := values.ForProblem(layer, values.Options{})
	require.NoError(t, err)
	wop := l.Operands[layer.DataspaceIndex("Weights")]
	require.Len(t, wop.Slices, 3)
	assert.Equal(t, []int{6, 6, 4}, []int{wop.Slices[0].Bits, wop.Slices[1].Bits, wop.Slices[2].Bits})
	assert.InDelta(t, 0.117284, l.Stats.Weights.MeanValue, 5e-7)
	assert.InDelta(t, 0.125, l.Stats.Inputs.MeanValue, 5e-7)
}
