package workload

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/ir"
)

func TestProblemResnet18Layer0(t *testing.T) {
	l := load(t, "resnet18").Layers[0]
	p, err := l.Problem(ProblemOptions{
		BitDims: []BitDim{{"X", 8, ir.DimInputBits}, {"Y", 4, ir.DimWeightBits}, {"Z", 2, ir.DimOutputBits}},
		Values:  map[string]ir.ValueModel{"Inputs": {Bits: 8, Encoding: "offset", SliceBits: 1, Slices: 8}},
	})
	require.NoError(t, err)
	assert.Equal(t, "resnet18/00", p.Name)
	names := make([]string, len(p.Dims))
	for i, d := range p.Dims {
		names[i] = d.Name
	}
	assert.Equal(t, []string{"C", "M", "R", "S", "N", "P", "Q", "G", "X", "Y", "Z"}, names)
	macs := int64(3 * 64 * 7 * 7 * 112 * 112)
	assert.Equal(t, macs, p.MACs())
	assert.Equal(t, macs*8*4*2, p.Operations())

	in := p.DataspaceIndex("Inputs")
	w := p.DataspaceIndex("Weights")
	out := p.DataspaceIndex("Outputs")
	assert.Equal(t, out, p.Output())
	// Inputs[N][C][R + 2P][S + 2Q][X][G]: stride 2 from the JSON.
	assert.Equal(t, []ir.Rank{
		{{Dim: 4, Coef: 1}}, {{Dim: 0, Coef: 1}},
		{{Dim: 2, Coef: 1}, {Dim: 5, Coef: 2}},
		{{Dim: 3, Coef: 1}, {Dim: 6, Coef: 2}},
		{{Dim: 8, Coef: 1}}, {{Dim: 7, Coef: 1}},
	}, p.Dataspaces[in].Ranks)
	// Relevance: weights do not see N, P, Q or any bits but Y.
	for _, d := range []string{"N", "P", "Q", "X", "Z"} {
		assert.False(t, p.Relevant(w, p.DimIndex(d)), "Weights/%s", d)
	}
	for _, d := range []string{"C", "M", "R", "S", "G", "Y"} {
		assert.True(t, p.Relevant(w, p.DimIndex(d)), "Weights/%s", d)
	}
	for _, d := range []string{"C", "R", "S", "M", "Y", "Z"} {
		assert.Equal(t, d == "C" || d == "R" || d == "S", p.Relevant(in, p.DimIndex(d)), "Inputs/%s", d)
	}
	for _, d := range []string{"C", "R", "S", "X", "Y"} {
		assert.False(t, p.Relevant(out, p.DimIndex(d)), "Outputs/%s", d)
	}
	assert.True(t, p.Relevant(out, p.DimIndex("Z")))

	vm := p.Dataspaces[in].Value
	require.NotNil(t, vm)
	assert.Equal(t, 8, vm.BitDim)
	assert.Equal(t, l.Hist.Inputs.Bins(), vm.Histogram)
	assert.Nil(t, p.Dataspaces[w].Value)
}

func TestProblemOptions(t *testing.T) {
	l := load(t, "resnet18").Layers[0]
	p, err := l.Problem(ProblemOptions{IgnoreStrides: true, Batch: 4})
	require.NoError(t, err)
	in := p.Dataspaces[p.DataspaceIndex("Inputs")]
	assert.Equal(t, ir.Rank{{Dim: 2, Coef: 1}, {Dim: 5, Coef: 1}}, in.Ranks[2])
	assert.Equal(t, 4, p.Dims[p.DimIndex("N")].Size)
	assert.Equal(t, 4*l.MACs(), p.MACs())
	assert.Len(t, in.Ranks, 5, "no bit rank without bit dimensions")

	bad := []struct {
		opt ProblemOptions
		msg string
	}{
		{ProblemOptions{Batch: -1}, "resnet18/00: batch -1, want a positive number"},
		{ProblemOptions{BitDims: []BitDim{{"X", 8, ir.DimRegular}}}, `resnet18/00: bit dimension "X" is not of a bit kind`},
		{ProblemOptions{BitDims: []BitDim{{"X", 0, ir.DimInputBits}}}, `resnet18/00: bit dimension "X" has size 0`},
		{ProblemOptions{BitDims: []BitDim{{"C", 8, ir.DimInputBits}}}, `resnet18/00: bit dimension "C" has the name of another dimension`},
		{ProblemOptions{Values: map[string]ir.ValueModel{"Psums": {}}}, `resnet18/00: value model for unknown dataspace "Psums"`},
	}
	for _, b := range bad {
		_, err := l.Problem(b.opt)
		assert.EqualError(t, err, b.msg)
	}
}

func TestProblemDepthwise(t *testing.T) {
	// Depthwise: every dataspace carries G, so a group only sees its own
	// channel.
	l := load(t, "mobilenet_v3").Layers[1]
	p, err := l.Problem(ProblemOptions{})
	require.NoError(t, err)
	g := p.DimIndex("G")
	for i := range p.Dataspaces {
		assert.True(t, p.Relevant(i, g), p.Dataspaces[i].Name)
	}
	assert.Equal(t, l.MACs(), p.MACs())
}

func TestUnique(t *testing.T) {
	n := load(t, "resnet18")
	// Every resnet18 layer has its own histograms: no two are identical.
	assert.Len(t, Unique(n.Layers, false), 21)
	// By shape only: the repeated 3x3 convolutions of each stage group.
	groups := Unique(n.Layers, true)
	require.Len(t, groups, 12)
	var repeated [][]int
	for _, g := range groups {
		if g.Multiplicity() > 1 {
			repeated = append(repeated, g.Indices)
		}
	}
	assert.Equal(t, [][]int{{1, 2, 3, 4}, {6, 8, 9}, {11, 13, 14}, {16, 18, 19}}, repeated)

	// Identical shape and histograms group; Problem carries the count.
	layers := []Layer{n.Layers[1], n.Layers[1], n.Layers[2], n.Layers[1]}
	for i := range layers {
		layers[i].Index = i
	}
	groups = Unique(layers, false)
	require.Len(t, groups, 2)
	assert.Equal(t, []int{0, 1, 3}, groups[0].Indices)
	assert.Equal(t, []int{2}, groups[1].Indices)
	p, err := groups[0].Problem(ProblemOptions{})
	require.NoError(t, err)
	assert.Equal(t, 3, p.Instances)
}

func TestNetworkProblems(t *testing.T) {
	n := load(t, "gpt2_medium")
	all, err := n.Problems(ProblemOptions{}, false, false)
	require.NoError(t, err)
	assert.Len(t, all, 145)
	// cimloop-spec.md 12.2: 48 of the 145 gpt2_medium layers are attention
	// einsums.
	noAttn, err := n.Problems(ProblemOptions{}, false, true)
	require.NoError(t, err)
	assert.Len(t, noAttn, 97)
	var macs, attn int64
	for _, p := range all {
		macs += p.MACs() * int64(p.Instances)
	}
	for _, p := range noAttn {
		attn += p.MACs()
	}
	assert.Equal(t, n.MACs(), macs)
	assert.Less(t, attn, macs)

	// Deduplicated problems keep the total MACs through Instances.
	layers := []Layer{n.Layers[0], n.Layers[0], n.Layers[1]}
	for i := range layers {
		layers[i].Index = i
	}
	dup := &Network{Name: "dup", Layers: layers}
	ps, err := dup.Problems(ProblemOptions{}, true, false)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, 2, ps[0].Instances)
	assert.Equal(t, dup.MACs(), ps[0].MACs()*2+ps[1].MACs())
	_, err = dup.Problems(ProblemOptions{Batch: -1}, true, false)
	assert.Error(t, err)
}
