package workload

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/ir"
)

// BitDim is a bit-slice dimension the caller appends to a layer's einsum
// (CiMLoop's X, Y, Z), sized from the encodings and slicing of the
// architecture.
type BitDim struct {
	Name string
	Size int
	// Kind is ir.DimInputBits (projects onto Inputs), ir.DimWeightBits
	// (Weights) or ir.DimOutputBits (Outputs).
	Kind ir.DimKind
}

// ProblemOptions control Layer.Problem.
type ProblemOptions struct {
	// Batch sets N when > 0 (CiMLoop's BATCH_SIZE); otherwise N is the
	// layer's (1 in every shipped network).
	Batch int
	// BitDims are appended after the regular dimensions, in order.
	BitDims []BitDim
	// IgnoreStrides sets the stride coefficients to 1, reproducing
	// CiMLoop, whose layer files spell HStride/WStride while problem_base
	// names the coefficients Hstride/Wstride, so the strides are most
	// likely never applied (cimloop-spec.md 12.1 [bug?]). Only the Inputs
	// footprint changes; MACs do not.
	IgnoreStrides bool
	// Values gives the value model of a dataspace by name. Its Histogram,
	// when nil, is filled from the layer's histogram of that tensor; its
	// BitDim is set to the index of the BitDims entry of the matching
	// kind (-1 when none). Dataspaces not listed get no value model.
	Values map[string]ir.ValueModel
}

// Dimension names of the regular dimensions, in problem order
// (problem_base.yaml without the bit dimensions X, Y, Z).
var dimNames = []string{"C", "M", "R", "S", "N", "P", "Q", "G"}

// Problem builds the extended einsum of the layer as CiMLoop's
// problem_base.yaml (cimloop-spec.md 12.1):
//
//	Weights[C][M][R][S][Y][G]
//	Inputs [N][C][R*Wdilation + P*Wstride][S*Hdilation + Q*Hstride][X][G]
//	Outputs[N][M][Q][P][Z][G]   (read-write)
//
// with dimensions C M R S N P Q G followed by opt.BitDims; each bit
// dimension becomes a rank of its dataspace just before G (absent when no
// bit dimension of that kind is given).
func (l *Layer) Problem(opt ProblemOptions) (*ir.Problem, error) {
	s := l.Shape
	if opt.Batch < 0 {
		return nil, fmt.Errorf("%s: batch %d, want a positive number", l.Name(), opt.Batch)
	}
	if opt.Batch > 0 {
		s.N = opt.Batch
	}
	if opt.IgnoreStrides {
		s.HStride, s.WStride = 1, 1
	}
	sizes := []int{s.C, s.M, s.R, s.S, s.N, s.P, s.Q, s.G}
	p := &ir.Problem{Name: l.Name(), Instances: 1}
	for i, n := range dimNames {
		if sizes[i] < 1 {
			return nil, fmt.Errorf("%s: dimension %s has size %d", l.Name(), n, sizes[i])
		}
		p.Dims = append(p.Dims, ir.Dim{Name: n, Size: sizes[i]})
	}
	if s.HStride < 1 || s.WStride < 1 || s.HDilation < 1 || s.WDilation < 1 {
		return nil, fmt.Errorf("%s: strides and dilations must be at least 1", l.Name())
	}
	bitRank := map[ir.DimKind][]ir.Rank{}
	bitIndex := map[ir.DimKind]int{}
	for _, b := range opt.BitDims {
		if b.Kind != ir.DimInputBits && b.Kind != ir.DimWeightBits && b.Kind != ir.DimOutputBits {
			return nil, fmt.Errorf("%s: bit dimension %q is not of a bit kind", l.Name(), b.Name)
		}
		if b.Size < 1 {
			return nil, fmt.Errorf("%s: bit dimension %q has size %d", l.Name(), b.Name, b.Size)
		}
		if p.DimIndex(b.Name) >= 0 {
			return nil, fmt.Errorf("%s: bit dimension %q has the name of another dimension", l.Name(), b.Name)
		}
		idx := len(p.Dims)
		p.Dims = append(p.Dims, ir.Dim{Name: b.Name, Size: b.Size, Kind: b.Kind})
		bitRank[b.Kind] = append(bitRank[b.Kind], ir.Rank{{Dim: idx, Coef: 1}})
		if _, seen := bitIndex[b.Kind]; !seen {
			bitIndex[b.Kind] = idx
		}
	}
	d := func(name string) int { return p.DimIndex(name) }
	one := func(name string) ir.Rank { return ir.Rank{{Dim: d(name), Coef: 1}} }
	ranks := func(kind ir.DimKind, rs ...ir.Rank) []ir.Rank {
		out := append(rs, bitRank[kind]...)
		return append(out, one("G"))
	}
	p.Dataspaces = []ir.Dataspace{
		{Name: "Weights", Ranks: ranks(ir.DimWeightBits, one("C"), one("M"), one("R"), one("S"))},
		{Name: "Inputs", Ranks: ranks(ir.DimInputBits, one("N"), one("C"),
			ir.Rank{{Dim: d("R"), Coef: s.WDilation}, {Dim: d("P"), Coef: s.WStride}},
			ir.Rank{{Dim: d("S"), Coef: s.HDilation}, {Dim: d("Q"), Coef: s.HStride}})},
		{Name: "Outputs", ReadWrite: true, Ranks: ranks(ir.DimOutputBits, one("N"), one("M"), one("Q"), one("P"))},
	}
	kindOf := map[string]ir.DimKind{"Inputs": ir.DimInputBits, "Weights": ir.DimWeightBits, "Outputs": ir.DimOutputBits}
	for name := range opt.Values {
		if _, ok := kindOf[name]; !ok {
			return nil, fmt.Errorf("%s: value model for unknown dataspace %q", l.Name(), name)
		}
	}
	for i := range p.Dataspaces {
		ds := &p.Dataspaces[i]
		vm, ok := opt.Values[ds.Name]
		if !ok {
			continue
		}
		if vm.Histogram == nil {
			if h, has := l.Hist.Get(ds.Name); has {
				vm.Histogram = h.Bins()
			}
		}
		vm.BitDim = -1
		if idx, has := bitIndex[kindOf[ds.Name]]; has {
			vm.BitDim = idx
		}
		ds.Value = &vm
	}
	return p, nil
}

// Group is a set of identical layers: same shape and same histograms.
type Group struct {
	Layer   *Layer // the first layer of the group
	Indices []int  // Index of every layer in the group, ascending
}

// Multiplicity is the number of layers in the group.
func (g Group) Multiplicity() int { return len(g.Indices) }

// Problem builds the representative layer's problem with Instances set to
// the multiplicity, so the engine maps it once and weights its results.
func (g Group) Problem(opt ProblemOptions) (*ir.Problem, error) {
	p, err := g.Layer.Problem(opt)
	if err != nil {
		return nil, err
	}
	p.Instances = g.Multiplicity()
	return p, nil
}

// Unique groups identical layers (same Shape and bit-identical
// histograms; op names and notes do not matter), in order of first
// appearance. With ignoreHistograms only shapes are compared, for callers
// that model no value-dependent energy.
func Unique(layers []Layer, ignoreHistograms bool) []Group {
	var groups []Group
	index := map[string]int{}
	for i := range layers {
		k := key(&layers[i], ignoreHistograms)
		if g, ok := index[k]; ok {
			groups[g].Indices = append(groups[g].Indices, layers[i].Index)
			continue
		}
		index[k] = len(groups)
		groups = append(groups, Group{Layer: &layers[i], Indices: []int{layers[i].Index}})
	}
	return groups
}

func key(l *Layer, ignoreHistograms bool) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%v", l.Shape)
	if ignoreHistograms {
		return sb.String()
	}
	for _, name := range []string{"Inputs", "Weights", "Outputs"} {
		sb.WriteString("|" + name + ":")
		if h, ok := l.Hist.Get(name); ok {
			for _, p := range h.Bins() {
				sb.WriteString(strconv.FormatUint(math.Float64bits(p), 16))
				sb.WriteByte(',')
			}
		}
	}
	return sb.String()
}

// Problems builds one problem per layer, or with dedupe one per group of
// identical layers (Unique, histograms compared) with Instances set to the
// group's size, in order of first appearance. skipEinsum leaves out the
// attention layers (Layer.FromEinsum), as CiMLoop's DNN studies do.
func (n *Network) Problems(opt ProblemOptions, dedupe, skipEinsum bool) ([]*ir.Problem, error) {
	layers := n.Layers
	if skipEinsum {
		layers = nil
		for _, l := range n.Layers {
			if !l.FromEinsum() {
				layers = append(layers, l)
			}
		}
	}
	var out []*ir.Problem
	if dedupe {
		for _, g := range Unique(layers, false) {
			p, err := g.Problem(opt)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}
	for i := range layers {
		p, err := layers[i].Problem(opt)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
