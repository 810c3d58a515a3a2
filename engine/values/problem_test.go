package values

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/ir"
)

func gemv(in, w, out *ir.ValueModel) *ir.Problem {
	return &ir.Problem{
		Name: "gemv",
		Dims: []ir.Dim{{Name: "c", Size: 2}, {Name: "m", Size: 2}},
		Dataspaces: []ir.Dataspace{
			{Name: "Inputs", Ranks: []ir.Rank{{{Dim: 0, Coef: 1}}}, Value: in},
			{Name: "Weights", Ranks: []ir.Rank{{{Dim: 0, Coef: 1}}, {{Dim: 1, Coef: 1}}}, Value: w},
			{Name: "Outputs", ReadWrite: true, Ranks: []ir.Rank{{{Dim: 1, Coef: 1}}}, Value: out},
		},
	}
}

// The fig5 example of TEAM.md: Inputs offset(8) with a 5-bin-like
// histogram sliced 1 per DAC, Weights offset(8) sliced 4 per cell. Each
// role's Stats must be exactly the Analyze result of its own spec.
func TestForProblem(t *testing.T) {
	in := &ir.ValueModel{Bits: 8, Encoding: "offset", Histogram: []float64{0, 0, 0, 3, 2, 1, 0}, SliceBits: 1, Slices: 8, BitDim: -1}
	w := &ir.ValueModel{Bits: 8, Encoding: "offset", Histogram: []float64{0, 1, 3, 4, 3, 1, 0}, SliceBits: 4, Slices: 2, BitDim: -1}
	out := &ir.ValueModel{Bits: 8, Encoding: "offset", BitDim: -1}
	l, err := ForProblem(gemv(in, w, out), Options{})
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 1, 2}, l.Role)

	wantIn := analyzeT(t, mustHist(t, 0, 0, 0, 3, 2, 1, 0), "offset", 8, 1)
	wantW := analyzeT(t, mustHist(t, 0, 1, 3, 4, 3, 1, 0), "offset", 8, 4)
	wantOut := analyzeT(t, Default(Outputs), "offset", 8, 0)
	assert.Equal(t, wantIn.Stats(), l.Stats.Inputs)
	assert.Equal(t, wantW.Stats(), l.Stats.Weights)
	assert.Equal(t, wantOut.Stats(), l.Stats.Outputs)
	assert.False(t, l.Operands[0].Defaulted)
	assert.True(t, l.Operands[2].Defaulted, "no histogram: CiMLoop default")
	// basic_analog AVERAGE_INPUT_VALUE with 1-bit DAC slices is the mean
	// of the spec's INPUT_BIT_DISTRIBUTION [.5,.5,.666667,.555556x5].
	assert.InDelta(t, (.5+.5+2./3+5*5./9)/8, l.Stats.Inputs.MeanValue, 1e-12)
	assert.Equal(t, 1, l.Stats.Inputs.Bits)
	assert.Equal(t, 4, l.Stats.Weights.Bits)

	// UniformDefault: no histogram means uniform over 2^Bits-1 values.
	l, err = ForProblem(gemv(in, w, &ir.ValueModel{Bits: 4, BitDim: -1}), Options{UniformDefault: true})
	require.NoError(t, err)
	u, _ := Uniform(4)
	assert.Equal(t, analyzeT(t, u, "offset", 4, 0).Stats(), l.Stats.Outputs)

	// No value model at all: 8-bit offset with the role defaults.
	l, err = ForProblem(gemv(nil, nil, nil), Options{})
	require.NoError(t, err)
	assert.Equal(t, analyzeT(t, Default(Weights), "offset", 8, 0).Stats(), l.Stats.Weights)
	assert.True(t, l.Operands[1].Defaulted)
}

func TestForProblemRolesByPosition(t *testing.T) {
	p := gemv(nil, &ir.ValueModel{Bits: 4, Encoding: "magnitude", Histogram: []float64{1, 1, 1}, BitDim: -1}, nil)
	p.Dataspaces[0].Name = "A"
	p.Dataspaces[1].Name = "B"
	p.Dataspaces[2].Name = "C"
	l, err := ForProblem(p, Options{})
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 1, 2}, l.Role)
	// magnitude of a signed 4-bit operand: T = 3 bits, one 3-bit slice.
	assert.Equal(t, 3, l.Operands[1].TotalBits)
	assert.Equal(t, 3, len(l.Stats.Weights.BitProb))

	// Named roles win over positions: Weights listed first.
	p = gemv(nil, nil, nil)
	p.Dataspaces[0].Name, p.Dataspaces[1].Name = "Weights", "Inputs"
	l, err = ForProblem(p, Options{})
	require.NoError(t, err)
	assert.Equal(t, [3]int{1, 0, 2}, l.Role)
}

func TestForProblemUserEncoding(t *testing.T) {
	enc, err := NewUserEncoding(UserSpec{Name: "sign_only", Width: 1, Patterns: map[int][]string{-1: {"1"}, 0: {"0"}, 1: {"0"}}})
	require.NoError(t, err)
	p := gemv(&ir.ValueModel{Bits: 1, Encoding: "sign_only", Histogram: []float64{1, 2, 1}, BitDim: -1}, nil, nil)
	l, err := ForProblem(p, Options{Encodings: map[string]Encoding{"sign_only": enc}})
	require.NoError(t, err)
	assert.InDelta(t, .25, l.Stats.Inputs.MeanValue, 1e-15)

	_, err = ForProblem(p, Options{})
	assert.EqualError(t, err, `dataspace "Inputs": unknown encoding "sign_only"`)
	_, err = ForProblem(p, Options{Encodings: map[string]Encoding{"offset": enc}})
	assert.EqualError(t, err, `user encoding "offset" has the name of a built-in encoding`)
}

func TestForProblemErrors(t *testing.T) {
	cases := []struct {
		vm  *ir.ValueModel
		msg string
	}{
		{&ir.ValueModel{Bits: 0, BitDim: -1}, `dataspace "Weights": 0 bits, want 1 to 64`},
		{&ir.ValueModel{Bits: 8, Histogram: []float64{1, 2}, BitDim: -1}, `dataspace "Weights": histogram: has 2 bins, want 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)`},
		{&ir.ValueModel{Bits: 8, Histogram: []float64{1, -2, 1}, BitDim: -1}, `dataspace "Weights": histogram bin 1: probability -2 is negative`},
		{&ir.ValueModel{Bits: 8, Encoding: "two_part_magnitude", SliceBits: 6, Slices: 2, BitDim: -1},
			`dataspace "Weights": two_part_magnitude encoding of 8 bits gives 16 encoded bits in 3 slices of 6 bits, but the value model has 2 slices`},
	}
	for _, c := range cases {
		_, err := ForProblem(gemv(nil, c.vm, nil), Options{})
		assert.EqualError(t, err, c.msg)
	}
	_, err := ForProblem(nil, Options{})
	assert.Error(t, err)
}

// FuzzEncode: for any valid histogram, encoding, width and slicing, every
// probability stays in [0, 1], nothing is NaN, slice means lie in [0, 1],
// and each slice's code distribution sums to 1 and reproduces its mean.
func FuzzEncode(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 3, 2, 1}, uint8(0), uint8(8), uint8(3))
	f.Add([]byte{0, 0, 0, 3, 2, 1, 0}, uint8(9), uint8(9), uint8(1))
	f.Add([]byte{1, 0, 1}, uint8(4), uint8(16), uint8(6))
	f.Add([]byte{255}, uint8(3), uint8(1), uint8(0))
	names := Names()
	f.Fuzz(func(t *testing.T, raw []byte, encIdx, total, slice uint8) {
		n := 0
		for 1<<(n+1)-1 <= len(raw) && n < 7 {
			n++
		}
		if n == 0 {
			return
		}
		bins := make([]float64, 1<<n-1)
		for i := range bins {
			bins[i] = float64(raw[i]) / 7
		}
		h, err := New(bins)
		if err != nil {
			return // all zero: rejected, not a valid histogram
		}
		enc, _ := Lookup(names[int(encIdx)%len(names)])
		T := int(total)%24 + 1
		o, err := Analyze(Spec{Hist: h, Encoding: enc, TotalBits: T, SliceBits: int(slice) % 9, PartialSlicesUseFullRange: encIdx&0x80 != 0})
		if err != nil {
			t.Fatalf("valid input rejected: %v", err)
		}
		in01 := func(what string, v float64) {
			if math.IsNaN(v) || v < -1e-12 || v > 1+1e-12 {
				t.Fatalf("%s = %v outside [0, 1] (enc %s, T %d)", what, v, enc.Name(), T)
			}
		}
		for _, p := range o.BitProb {
			in01("bit probability", p)
		}
		in01("mean", o.MeanValue)
		in01("mean square", o.MeanSquare)
		in01("switching", o.Switching)
		in01("rise", o.RiseProb)
		for _, s := range o.Slices {
			in01("slice mean", s.Mean)
			in01("slice mean square", s.MeanSquare)
			if s.MeanSquare > s.Mean+1e-12 {
				t.Fatalf("E[x^2] = %v > E[x] = %v for x in [0, 1]", s.MeanSquare, s.Mean)
			}
			if s.Probs == nil {
				continue
			}
			sum, mean := 0.0, 0.0
			for c, p := range s.Probs {
				in01("code probability", p)
				sum += p
				mean += float64(c) / s.Scale * p
			}
			if math.Abs(sum-1) > 1e-9 || math.Abs(mean-s.Mean) > 1e-9 {
				t.Fatalf("code distribution sums to %v with mean %v, want 1 and %v", sum, mean, s.Mean)
			}
		}
	})
}

// T comes from the problem's bit dimension when the value model names one:
// an 8-bit offset operand whose bit dimension has 7 entries drops its LSB.
func TestForProblemBitDimSetsTotal(t *testing.T) {
	w := &ir.ValueModel{Bits: 8, Encoding: "offset", Histogram: []float64{1, 1, 1}, SliceBits: 1, Slices: 7, BitDim: 2}
	p := gemv(nil, w, nil)
	p.Dims = append(p.Dims, ir.Dim{Name: "Y", Size: 7, Kind: ir.DimWeightBits})
	l, err := ForProblem(p, Options{})
	require.NoError(t, err)
	assert.Equal(t, 7, l.Operands[1].TotalBits)
	assert.Equal(t, analyzeT(t, mustHist(t, 1, 1, 1), "offset", 7, 1).Stats(), l.Stats.Weights)

	w.BitDim = 0 // "c" is a regular dimension
	_, err = ForProblem(p, Options{})
	assert.EqualError(t, err, `dataspace "Weights": value model names dimension 0, which is not a bit dimension`)
	w.BitDim = 9
	_, err = ForProblem(p, Options{})
	assert.EqualError(t, err, `dataspace "Weights": value model names dimension 9, which is not a bit dimension`)
}
