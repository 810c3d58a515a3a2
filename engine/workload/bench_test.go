package workload

import (
	"testing"

	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
)

// BenchmarkLayerStats measures the once-per-layer value statistics of a
// ResNet18 layer: ISAAC-like 16-bit offset operands, 1-bit DAC slices for
// the inputs, 2-bit cells for the weights, unsliced 16-bit outputs (the
// widest code distribution computed, 2^16 codes).
func BenchmarkLayerStats(b *testing.B) {
	n, err := Load("resnet18")
	if err != nil {
		b.Fatal(err)
	}
	p, err := n.Layers[1].Problem(ProblemOptions{
		BitDims: []BitDim{{"X", 16, ir.DimInputBits}, {"Y", 16, ir.DimWeightBits}, {"Z", 16, ir.DimOutputBits}},
		Values: map[string]ir.ValueModel{
			"Inputs":  {Bits: 16, Encoding: "offset", SliceBits: 1, Slices: 16},
			"Weights": {Bits: 16, Encoding: "offset", SliceBits: 2, Slices: 8},
			"Outputs": {Bits: 16, Encoding: "offset"},
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := values.ForProblem(p, values.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadNetworks parses every embedded network.
func BenchmarkLoadNetworks(b *testing.B) {
	names, err := Names()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, name := range names {
			if _, err := Load(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}
