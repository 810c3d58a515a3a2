package values

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewValidates(t *testing.T) {
	cases := []struct {
		bins []float64
		msg  string
		bin  int
	}{
		{nil, "histogram: has 0 bins, want 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)", -1},
		{[]float64{1, 1}, "histogram: has 2 bins, want 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)", -1},
		{[]float64{1, 1, 1, 1, 1}, "histogram: has 5 bins, want 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)", -1},
		{[]float64{0.5, -0.1, 0.6}, "histogram bin 1: probability -0.1 is negative", 1},
		{[]float64{0.5, math.NaN(), 0.5}, "histogram bin 1: probability NaN is not a finite number", 1},
		{[]float64{0.5, 0, math.Inf(1)}, "histogram bin 2: probability +Inf is not a finite number", 2},
		{[]float64{0, 0, 0}, "histogram: bins sum to 0, want a positive finite total", -1},
		{[]float64{math.MaxFloat64, math.MaxFloat64, 0}, "histogram: bins sum to +Inf, want a positive finite total", -1},
	}
	for _, c := range cases {
		_, err := New(c.bins)
		require.Error(t, err)
		assert.Equal(t, c.msg, err.Error())
		var he *HistError
		require.True(t, errors.As(err, &he))
		assert.Equal(t, c.bin, he.Bin)
	}
}

func TestNewNormalizes(t *testing.T) {
	h, err := New([]float64{1, 2, 3, 4, 3, 2, 1})
	require.NoError(t, err)
	assert.Equal(t, []float64{1. / 16, 2. / 16, 3. / 16, 4. / 16, 3. / 16, 2. / 16, 1. / 16}, h.Bins())
	assert.Equal(t, 7, h.Len())
	assert.Equal(t, 3, h.Bits())
	assert.Equal(t, -3, h.Value(0))
	assert.Equal(t, 0, h.Value(3))
	assert.Equal(t, 3, h.Value(6))
	assert.True(t, h.Signed())

	_, err = NewNormalized([]float64{1, 2, 3, 4, 3, 2, 1}, SumTolerance)
	assert.EqualError(t, err, "histogram: bins sum to 16, want 1 within 0.01")
	h, err = NewNormalized([]float64{0.2, 0.5, 0.301}, SumTolerance)
	require.NoError(t, err)
	assert.InDelta(t, 0.5/1.001, h.P(1), 1e-15)
}

func TestSigned(t *testing.T) {
	// CiMLoop is_hist_signed: any mass below the centre bin.
	assert.False(t, mustHist(t, 0, 0, 0, 3, 2, 1, 0).Signed())
	assert.True(t, mustHist(t, 1e-9, 0, 0, 3, 2, 1, 0).Signed())
	assert.False(t, mustHist(t, 1).Signed())
}

func TestDefaults(t *testing.T) {
	// basic_analog iso (cimloop-macros.md): INPUTS_HIST [0,0,0,3,2,1,0],
	// WEIGHTS_HIST [1]*15, OUTPUTS_HIST = INPUTS_HIST.
	in := Default(Inputs)
	assert.Equal(t, []float64{0, 0, 0, .5, 1. / 3, 1. / 6, 0}, in.Bins())
	assert.True(t, in.Equal(Default(Outputs)))
	w := Default(Weights)
	assert.Equal(t, 15, w.Len())
	assert.InDelta(t, 1./15, w.P(7), 1e-15)
	u, err := Uniform(4)
	require.NoError(t, err)
	assert.True(t, u.Equal(w))
	_, err = Uniform(0)
	assert.EqualError(t, err, "uniform histogram: 0 bits, want 1 to 24")
	assert.Equal(t, "Weights", Weights.String())
}

func TestMagnitude(t *testing.T) {
	// hist_to_magnitude counts the zero bin twice and drops the largest
	// magnitude: [1,2,3,4,3,2,1]/16 -> [8,6,4]/16.
	m, err := mustHist(t, 1, 2, 3, 4, 3, 2, 1).Magnitude()
	require.NoError(t, err)
	assert.Equal(t, []float64{.5, .375, .25}, m)
	// Wang's DAC input: hist_to_magnitude([1]*15) = [2]*7 (cimloop-spec.md
	// 9.6 worked example), here normalized by 15.
	m, err = Default(Weights).Magnitude()
	require.NoError(t, err)
	assert.InDeltaSlice(t, rep(2./15, 7), m, 1e-15)
	_, err = mustHist(t, 1).Magnitude()
	assert.Error(t, err)
}

// The X2X ladder resampling of cimloop-spec.md 9.6: Wang's [2]*7 on an 8-bit
// DAC gives codes 0 and 128 a weight of 2/(7/256) = 73.142857 each.
func TestLadderResampleUpsample(t *testing.T) {
	out, err := LadderResample(rep(2, 7), 8)
	require.NoError(t, err)
	require.Len(t, out, 256)
	assert.InDelta(t, 2*256/7.0, out[0], 1e-12)
	assert.InDelta(t, 73.142857, out[128], 1e-6)
	// Code 1: loc = 6/256; source bin 0 was removed -> 2*(6/256).
	assert.InDelta(t, 2*6/256.0, out[1], 1e-15)
	// Code 64: loc = 1.5, between two kept bins of 2.
	assert.InDelta(t, 2, out[64], 1e-15)
	// Code 127: loc = 2.9765625, source bin 3 was removed -> 2*(1-0.9765625).
	assert.InDelta(t, 2*(1-127*6/256.0+2), out[127], 1e-12)
	assert.InDelta(t, 2, out[255], 1e-12)
}

func TestLadderResampleDownsample(t *testing.T) {
	// 31 bins onto 2 bits: ws = 31/4 = 7.75. Code 0 <- bin 0, code 2 <- bin
	// 15; code 1: loc = 7.5 -> bins [7, 15) (15 already removed);
	// code 3: loc = 22.5 -> bins [22, min(ceil(29.75), 30)) = [22, 30).
	hist := make([]float64, 31)
	for i := range hist {
		hist[i] = float64(i + 1)
	}
	out, err := LadderResample(hist, 2)
	require.NoError(t, err)
	sum := func(a, b int) float64 {
		s := 0.0
		for j := a; j < b; j++ {
			s += hist[j]
		}
		return s
	}
	assert.Equal(t, []float64{1, sum(7, 15), 16, sum(22, 30)}, out)
	_, err = LadderResample(hist, 0)
	assert.Error(t, err)
	_, err = LadderResample([]float64{1, -1, 1}, 2)
	assert.EqualError(t, err, "histogram bin 1: probability -1 is not a finite non-negative number")
}

func TestBitFunctions(t *testing.T) {
	// hist_2_bit_distribution([1,2,1]): values 0 (1/4), 1 (1/2), 2 (1/4).
	bd, err := HistToBitDistribution([]float64{1, 2, 1})
	require.NoError(t, err)
	assert.Equal(t, []float64{.25, .5}, bd)
	// bit_distribution_2_hist([.5, .25]): P(v) = prod of bit probabilities.
	h, err := BitDistributionToHist([]float64{.5, .25}, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{.375, .125, .375, .125}, h)
	// With zero_prob the source sets P(0) and rescales everything.
	z := 0.5
	h, err = BitDistributionToHist([]float64{.5, .25}, &z)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{.5 / 1.125, .125 / 1.125, .375 / 1.125, .125 / 1.125}, h, 1e-15)
	_, err = BitDistributionToHist([]float64{1.5}, nil)
	assert.EqualError(t, err, "bit 0: probability 1.5 is not in [0, 1]")
	_, err = HistToBitDistribution(nil)
	assert.Error(t, err)
}
