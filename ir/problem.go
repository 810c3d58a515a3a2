package ir

import "github.com/cimc-lang/cimc/lang/diag"

// DimKind says what a problem dimension stands for.
type DimKind uint8

// Dimension kinds. Bit dimensions are created by lowering from the
// encodings and slicing of each dataspace (CiMLoop's problem_base X, Y, Z).
const (
	DimRegular    DimKind = iota
	DimInputBits          // X: input bit slices
	DimWeightBits         // Y: weight bit slices
	DimOutputBits         // Z: output bits
)

// Dim is one dimension of the iteration space.
type Dim struct {
	Name string
	Size int
	Kind DimKind
}

// Term is one summand of an affine index: Coef * dimension Dim.
type Term struct {
	Dim  int // index into Problem.Dims
	Coef int
}

// Rank is one coordinate of a dataspace: a sum of terms (W = 1*R + 2*P).
// There is no constant offset: padding is not modelled (as Timeloop).
type Rank []Term

// Dataspace is a tensor of the einsum and how the iteration space projects
// onto it.
type Dataspace struct {
	Name      string
	ReadWrite bool // the output (partial sums); exactly one per problem
	Ranks     []Rank
	Value     *ValueModel // nil when the program gives no value information
	Src       diag.Range
}

// Problem is one workload layer as an extended einsum.
type Problem struct {
	Name       string
	Dims       []Dim
	Dataspaces []Dataspace
	// Instances counts identical copies of this layer in a network (a layer
	// that repeats is mapped once and weighted).
	Instances int
	Src       diag.Range
}

// DimIndex returns the index of the dimension named name, or -1.
func (p *Problem) DimIndex(name string) int {
	for i, d := range p.Dims {
		if d.Name == name {
			return i
		}
	}
	return -1
}

// DataspaceIndex returns the index of the dataspace named name, or -1.
func (p *Problem) DataspaceIndex(name string) int {
	for i, d := range p.Dataspaces {
		if d.Name == name {
			return i
		}
	}
	return -1
}

// Output returns the index of the read-write dataspace, or -1.
func (p *Problem) Output() int {
	for i, d := range p.Dataspaces {
		if d.ReadWrite {
			return i
		}
	}
	return -1
}

// Operations is the number of points of the iteration space (every
// dimension, bit dimensions included): Timeloop's compute count.
func (p *Problem) Operations() int64 {
	n := int64(1)
	for _, d := range p.Dims {
		n *= int64(d.Size)
	}
	return n
}

// MACs is the number of full-precision multiply-accumulates: the product
// of the regular (non-bit) dimensions.
func (p *Problem) MACs() int64 {
	n := int64(1)
	for _, d := range p.Dims {
		if d.Kind == DimRegular {
			n *= int64(d.Size)
		}
	}
	return n
}

// Relevant reports whether dimension d indexes dataspace ds.
func (p *Problem) Relevant(ds, d int) bool {
	for _, r := range p.Dataspaces[ds].Ranks {
		for _, t := range r {
			if t.Dim == d && t.Coef != 0 {
				return true
			}
		}
	}
	return false
}

// ValueModel describes how a dataspace's values are represented: the
// distribution of the values, their encoding, and how encoded bits are
// sliced across cells, DAC conversions and ADC reads.
type ValueModel struct {
	Bits     int    // total bits of one value before encoding
	Encoding string // "offset", "twos_complement", "magnitude", "differential", "xnor", or a user encoding
	// Histogram holds 2^N-1 zero-centred bins of probability (sums to 1);
	// nil means CiMLoop's default distribution for the dataspace's role
	// (engine/values.Default; values.Options.UniformDefault gives uniform).
	Histogram []float64
	// SliceBits is the number of bits in one slice (bits per cell for
	// weights, per DAC conversion for inputs, per ADC read for outputs);
	// 0 means unsliced.
	SliceBits int
	// Slices is ceil(encoded bits / SliceBits), the number of slices. As
	// in CiMLoop, the bit dimension itself has one point per encoded bit
	// (its size is the encoded width, but see EncodedBits); slices group
	// its points.
	Slices int
	BitDim int // index of the bit dimension in Problem.Dims, or -1
	// EncodedBits is the encoded width T the value statistics use when it
	// differs from the bit dimension's size: a partial last slice (16 bits
	// in slices of 6: [6 6 4]) is padded in the iteration space to a whole
	// slice (the dimension has Slices x SliceBits = 18 points), so the
	// partial slice is one full access of every per-slice component (a
	// cell read, a DAC conversion), as CiMLoop intends ("we want reads to
	// count fully even if underutilized"), while its statistics are those
	// of its real bits. 0 means the bit dimension's size.
	EncodedBits int
}

// TotalBits is the encoded width of the values: EncodedBits, or the size
// of the bit dimension.
func (v *ValueModel) TotalBits(p *Problem) int {
	if v.EncodedBits > 0 {
		return v.EncodedBits
	}
	if v.BitDim >= 0 && v.BitDim < len(p.Dims) {
		return p.Dims[v.BitDim].Size
	}
	return 0
}
