package values

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func analyzeT(t *testing.T, h Hist, enc string, total, slice int) *Operand {
	t.Helper()
	o, err := Analyze(Spec{Hist: h, Encoding: mustEnc(t, enc), TotalBits: total, SliceBits: slice})
	require.NoError(t, err)
	return o
}

func rep(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func cat(parts ...[]float64) []float64 {
	var out []float64
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func ones(n int) []float64 { return rep(1, n) }

// The test vectors of cimloop-spec.md section 8.3 ("Test vectors (computed
// with the repo's functions; defaults of each macro's iso files)"). The
// spec prints six decimals, so values are compared to 5e-7.
func TestSpecVectors(t *testing.T) {
	const tol = 5e-7
	isaacIn := []float64{0, 0, 0, 3, 1, 0, 0}                     // ISAAC/RAELLA iso INPUTS_HIST
	isaacW := []float64{0, 1, 3, 4, 3, 1, 0}                      // ISAAC/RAELLA iso WEIGHTS_HIST
	basicIn := []float64{0, 0, 0, 3, 2, 1, 0}                     // basic_analog / Sinangil iso INPUTS_HIST
	jiaIn := []float64{0, 0, 0, 8, 4, 2, 1}                       // Jia iso INPUTS_HIST
	wan := []float64{5, 5, 6, 6, 7, 7, 8, 8, 8, 7, 7, 6, 6, 5, 5} // Wan iso, both operands
	cases := []struct {
		name    string
		hist    []float64
		enc     string
		total   int
		slice   int
		slices  int
		avg     float64
		bitDist []float64 // MSB first; nil when the spec gives none
	}{
		{"basic_analog in", basicIn, "offset", 8, 8, 1, 0.527669, cat([]float64{.5, .5, .666667}, rep(.555556, 5))},
		{"basic_analog w", ones(15), "offset", 8, 8, 1, 0.466667, rep(.466667, 8)},
		{"jia in", jiaIn, "offset_if_signed", 8, 1, 8, 0.266667, cat([]float64{.2, .333333}, rep(.266667, 6))},
		{"jia w", ones(15), "offset", 8, 1, 8, 0.466667, rep(.466667, 8)},
		{"jia xnor in", jiaIn, "zero_gated_xnor", 9, 1, 9, 0.226667, cat([]float64{.466667, 0, .066667, .133333, .466667}, rep(.226667, 4))},
		{"sinangil in", basicIn, "two_part_magnitude_if_signed", 4, 4, 1, 0.227778, []float64{.166667, .333333, .25, .25}},
		{"sinangil w", cat(rep(0, 7), ones(8)), "two_part_magnitude_if_signed", 4, 4, 1, 0.5, rep(.5, 4)},
		{"wang", ones(15), "offset", 8, 8, 1, 0.466667, rep(.466667, 8)},
		{"colonnade in", ones(7), "offset", 1, 1, 1, 0.428571, []float64{.428571}},
		{"colonnade w", ones(7), "offset", 8, 1, 8, 0.428571, rep(.428571, 8)},
		{"isaac in", isaacIn, "offset", 16, 1, 16, 0.583333, cat([]float64{.25, .75, .75}, rep(.583333, 13))},
		{"isaac w", isaacW, "offset", 16, 2, 8, 0.467593, cat([]float64{.333333, .583333, .5}, rep(.472222, 13))},
		{"raella in", isaacIn, "two_part_magnitude_if_signed", 8, 1, 8, 0.125, cat([]float64{0, .25}, rep(.125, 6))},
		{"raella w", isaacW, "two_part_magnitude", 16, 6, 3, 0.117284, cat([]float64{.083333, .25}, rep(.166667, 14))},
		{"wan in", wan, "magnitude", 7, 1, 7, 0.5, cat([]float64{.458333, .5, .541667}, rep(.5, 4))},
		{"wan w", wan, "two_part_magnitude_if_signed", 8, 4, 2, 0.245833, cat([]float64{.229167, .25, .270833}, rep(.25, 5))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := analyzeT(t, mustHist(t, c.hist...), c.enc, c.total, c.slice)
			assert.Len(t, o.Slices, c.slices)
			assert.InDelta(t, c.avg, o.MeanValue, tol, "AVERAGE_*_VALUE")
			require.Len(t, o.BitProb, len(c.bitDist))
			for i := range c.bitDist {
				assert.InDelta(t, c.bitDist[i], o.BitProb[i], tol, "bit %d", i)
			}
			// The bit distribution is CiMLoop's 1-bit-slice avg_slice.
			enc, err := mustEnc(t, c.enc).Encode(mustHist(t, c.hist...))
			require.NoError(t, err)
			widths := make([]int, c.total)
			for i := range widths {
				widths[i] = 1
			}
			perBit, err := AvgSlice(enc, widths, false)
			require.NoError(t, err)
			assert.InDeltaSlice(t, o.BitProb, perBit, 1e-15)
		})
	}
}

func TestSliceWidths(t *testing.T) {
	w, err := SliceWidths(16, 6)
	require.NoError(t, err)
	assert.Equal(t, []int{6, 6, 4}, w) // cimloop-spec.md 8.3 step 1
	w, _ = SliceWidths(8, 0)
	assert.Equal(t, []int{8}, w)
	w, _ = SliceWidths(4, 8)
	assert.Equal(t, []int{4}, w)
	w, _ = SliceWidths(8, 2)
	assert.Equal(t, []int{2, 2, 2, 2}, w)
	_, err = SliceWidths(0, 1)
	assert.EqualError(t, err, "0 encoded bits, want 1 to 64")
}

// Hand-computed statistics on the 3-bin histogram [1,2,1] (values -1, 0,
// 1 with probabilities 1/4, 1/2, 1/4), one unsliced 2-bit slice (scale 3).
func TestStats3Bins(t *testing.T) {
	h := mustHist(t, 1, 2, 1)
	const d = 1e-12

	// offset: codes 0, 1, 2 -> mean (0.5 + 2*0.25)/3, mean square (0.5 + 4*0.25)/9.
	o := analyzeT(t, h, "offset", 2, 0)
	assert.InDelta(t, 1.0/3, o.MeanValue, d)
	assert.InDelta(t, 1.5/9, o.MeanSquare, d)
	assert.InDeltaSlice(t, []float64{.25, .5}, o.BitProb, d)
	// switching: mean of 2p(1-p) = (0.375 + 0.5)/2; rise: half of it.
	assert.InDelta(t, 0.4375, o.Switching, d)
	assert.InDelta(t, 0.21875, o.RiseProb, d)
	assert.InDeltaSlice(t, []float64{.25, .5, .25, 0}, o.Slices[0].Probs, d)

	// two's complement: codes 3, 0, 1.
	o = analyzeT(t, h, "twos_complement", 2, 0)
	assert.InDelta(t, (3*.25+.25)/3, o.MeanValue, d)
	assert.InDelta(t, (9*.25+.25)/9, o.MeanSquare, d)
	assert.InDeltaSlice(t, []float64{.5, .25, 0, .25}, o.Slices[0].Probs, d)

	// magnitude: 1 bit, |v| = 1 with probability 1/2.
	o = analyzeT(t, h, "magnitude", 1, 0)
	assert.InDelta(t, .5, o.MeanValue, d)
	assert.InDelta(t, .5, o.MeanSquare, d)
	assert.InDelta(t, .5, o.Switching, d)

	// two-part magnitude: |v| = 1 on one of two devices -> P(1) = 1/4.
	o = analyzeT(t, h, "two_part_magnitude", 1, 0)
	assert.InDelta(t, .25, o.MeanValue, d)
	assert.InDelta(t, .375, o.Switching, d)

	// xnor, 4 bits 0101 / 0111 / 1001 unsliced (scale 15):
	// mean (5*.25 + 7*.5 + 9*.25)/15 = 7/15.
	o = analyzeT(t, h, "xnor", 4, 0)
	assert.InDelta(t, 7.0/15, o.MeanValue, d)
	assert.InDelta(t, (25*.25+49*.5+81*.25)/225, o.MeanSquare, d)
	assert.InDeltaSlice(t, []float64{.25, .75, .5, 1}, o.BitProb, d)
	// zero-gated: 0111 becomes 0000.
	o = analyzeT(t, h, "zero_gated_xnor", 4, 1)
	assert.InDeltaSlice(t, []float64{.25, .25, 0, .5}, o.BitProb, d)
	assert.InDelta(t, 0.25, o.MeanValue, d) // 1-bit slices: mean of the bit probabilities
}

// Sign-magnitude on [1,2,3,4,3,2,1]/16: codes 7, 6, 5, 0, 1, 2, 3 with
// weights 1, 2, 3, 4, 3, 2, 1; one 3-bit slice (scale 7).
func TestStatsSignMagnitude7Bins(t *testing.T) {
	o := analyzeT(t, mustHist(t, 1, 2, 3, 4, 3, 2, 1), "sign_magnitude", 3, 3)
	assert.InDelta(t, 44.0/112, o.MeanValue, 1e-12)
	assert.InDelta(t, 216.0/784, o.MeanSquare, 1e-12)
	assert.InDeltaSlice(t, []float64{.375, .375, .5}, o.BitProb, 1e-12)
}

// Partial slices: offset of [1,2,3,4,3,2,1] in 3 bits sliced by 2 -> [2, 1].
// Top slice: codes 0..3 with 3/16, 7/16, 5/16, 1/16 -> mean 1.25/3,
// mean square 2.25/9. Bottom (partial) slice: LSB = 1 with 1/2; normalized
// by the full slice's 3 (CiMLoop default) or by its own 1.
func TestPartialSlices(t *testing.T) {
	h := mustHist(t, 1, 2, 3, 4, 3, 2, 1)
	o := analyzeT(t, h, "offset", 3, 2)
	require.Len(t, o.Slices, 2)
	assert.Equal(t, 2, o.Slices[0].Bits)
	assert.Equal(t, 1, o.Slices[1].Bits)
	assert.InDelta(t, 1.25/3, o.Slices[0].Mean, 1e-12)
	assert.InDelta(t, 2.25/9, o.Slices[0].MeanSquare, 1e-12)
	assert.InDelta(t, 0.5/3, o.Slices[1].Mean, 1e-12)
	assert.InDelta(t, 0.5/9, o.Slices[1].MeanSquare, 1e-12)
	assert.InDelta(t, (1.25/3+0.5/3)/2, o.MeanValue, 1e-12)
	assert.Equal(t, 3.0, o.Slices[1].Scale)
	assert.InDeltaSlice(t, []float64{3.0 / 16, 7.0 / 16, 5.0 / 16, 1.0 / 16}, o.Slices[0].Probs, 1e-12)

	full, err := Analyze(Spec{Hist: h, Encoding: mustEnc(t, "offset"), TotalBits: 3, SliceBits: 2, PartialSlicesUseFullRange: true})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, full.Slices[1].Mean, 1e-12)
	assert.Equal(t, 1.0, full.Slices[1].Scale)
	assert.InDelta(t, (1.25/3+0.5)/2, full.MeanValue, 1e-12)

	// The same through AvgSlice with explicit widths.
	enc, _ := mustEnc(t, "offset").Encode(h)
	avg, err := AvgSlice(enc, []int{2, 1}, false)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{1.25 / 3, 0.5 / 3}, avg, 1e-12)
}

// Resampling (cimloop-spec.md 8.3): bits align to the MSBs; missing low
// bits take the pattern's mean bit, extra low bits are dropped.
func TestResample(t *testing.T) {
	h := mustHist(t, 1, 2, 1) // offset 00 (1/4), 01 (1/2), 10 (1/4)
	enc, _ := mustEnc(t, "offset").Encode(h)
	up := Resample(enc, 4)
	assert.Equal(t, []string{"0000:0.25", "010.50.5:0.5", "100.50.5:0.25"}, patterns(up))
	// Unsliced 4 bits, scale 15: 0101.. = 4 + 1 + 0.5 = 5.5; 10.. = 8 + 1.5 = 9.5.
	o := analyzeT(t, h, "offset", 4, 0)
	assert.InDelta(t, (5.5*.5+9.5*.25)/15, o.MeanValue, 1e-12)
	// A fill bit is an independent bit that is 1 with probability 1/2.
	want := make([]float64, 16)
	want[0] = .25
	for c := 4; c < 8; c++ {
		want[c] = .5 / 4
	}
	for c := 8; c < 12; c++ {
		want[c] = .25 / 4
	}
	assert.InDeltaSlice(t, want, o.Slices[0].Probs, 1e-12)

	down := Resample(enc, 1)
	assert.Equal(t, []string{"0:0.25", "0:0.5", "1:0.25"}, patterns(down))
	h7 := mustHist(t, 1, 2, 3, 4, 3, 2, 1)
	o = analyzeT(t, h7, "offset", 2, 0)
	assert.InDeltaSlice(t, []float64{.375, .5}, o.BitProb, 1e-12)
}

func TestStatsForComponents(t *testing.T) {
	o := analyzeT(t, mustHist(t, 0, 0, 0, 3, 1, 0, 0), "offset", 16, 2) // ISAAC inputs, 2-bit slices
	st := o.Stats()
	assert.Equal(t, 2, st.Bits)
	require.Len(t, st.BitProb, 16)
	assert.Equal(t, o.BitProb[0], st.BitProb[15], "LSB first")
	assert.Equal(t, o.BitProb[15], st.BitProb[0])
	assert.Equal(t, o.MeanValue, st.MeanValue)
	require.Len(t, st.Probs, 4)
	mean, sum := 0.0, 0.0
	for c, p := range st.Probs {
		mean += float64(c) / 3 * p
		sum += p
	}
	assert.InDelta(t, 1, sum, 1e-12)
	assert.InDelta(t, st.MeanValue, mean, 1e-12)
}

func TestAnalyzeErrors(t *testing.T) {
	h := mustHist(t, 1, 2, 1)
	off := mustEnc(t, "offset")
	_, err := Analyze(Spec{Encoding: off, TotalBits: 8})
	assert.EqualError(t, err, "no histogram")
	_, err = Analyze(Spec{Hist: h, TotalBits: 8})
	assert.EqualError(t, err, "no encoding")
	_, err = Analyze(Spec{Hist: h, Encoding: off, TotalBits: 65})
	assert.EqualError(t, err, "65 encoded bits, want 1 to 64")
	_, err = Analyze(Spec{Hist: h, Encoding: off, TotalBits: 8, SliceBits: -1})
	assert.EqualError(t, err, "-1 bits per slice, want a positive number")
	_, err = AvgSlice(Encoded{{Bits: []float64{2}, P: 1}}, []int{1}, false)
	assert.EqualError(t, err, `encoding "": pattern 0 has bit 2 outside [0, 1]`)
	_, err = AvgSlice(Encoded{{Bits: []float64{1}, P: 1}}, []int{0}, false)
	assert.EqualError(t, err, "slice of 0 bits")
}

func TestNoNaNOnDegenerate(t *testing.T) {
	// One bin (only zero), magnitude has 0 native bits: filled with 0.
	o := analyzeT(t, mustHist(t, 5), "magnitude", 4, 2)
	assert.Equal(t, 0.0, o.MeanValue)
	o = analyzeT(t, mustHist(t, 5), "offset", 1, 0)
	assert.Equal(t, 0.0, o.MeanValue)
	assert.False(t, math.IsNaN(o.Switching))
}
