package values

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustHist(t testing.TB, bins ...float64) Hist {
	t.Helper()
	h, err := New(bins)
	require.NoError(t, err)
	return h
}

func mustEnc(t testing.TB, name string) Encoding {
	t.Helper()
	e, ok := Lookup(name)
	require.True(t, ok, name)
	return e
}

// patterns renders encoded bits as "011:0.25" strings.
func patterns(enc Encoded) []string {
	out := make([]string, len(enc))
	for k, e := range enc {
		var sb strings.Builder
		for _, b := range e.Bits {
			fmt.Fprintf(&sb, "%g", b)
		}
		out[k] = fmt.Sprintf("%s:%g", sb.String(), e.P)
	}
	return out
}

func encode(t *testing.T, name string, h Hist) []string {
	t.Helper()
	enc, err := mustEnc(t, name).Encode(h)
	require.NoError(t, err)
	return patterns(enc)
}

// The 7-bin example of cimloop-spec.md 8.2 ("Example (h = [1,2,3,4,3,2,1],
// computed with the repo code)"): bin probabilities are 1/16, 2/16, ...
func TestSpecExample7Bins(t *testing.T) {
	h := mustHist(t, 1, 2, 3, 4, 3, 2, 1)
	assert.Equal(t, []string{"000:0.0625", "001:0.125", "010:0.1875", "011:0.25", "100:0.1875", "101:0.125", "110:0.0625"},
		encode(t, "offset", h))
	assert.Equal(t, []string{"11:0.0625", "10:0.125", "01:0.1875", "00:0.25", "01:0.1875", "10:0.125", "11:0.0625"},
		encode(t, "magnitude", h))
	assert.Equal(t, []string{"01001:0.0625", "01011:0.125", "01101:0.1875", "01111:0.25", "10001:0.1875", "10011:0.125", "10101:0.0625"},
		encode(t, "xnor", h))
	gated := encode(t, "zero_gated_xnor", h)
	assert.Equal(t, "00000:0.25", gated[3])
	assert.Equal(t, "10101:0.0625", gated[6])
}

// Hand-written encodings of the 7-bin example for the encodings CiMLoop
// does not have (values -3..3).
func TestSignedEncodings7Bins(t *testing.T) {
	h := mustHist(t, 1, 2, 3, 4, 3, 2, 1)
	// two's complement: -3 = 101, -2 = 110, -1 = 111.
	assert.Equal(t, []string{"101:0.0625", "110:0.125", "111:0.1875", "000:0.25", "001:0.1875", "010:0.125", "011:0.0625"},
		encode(t, "twos_complement", h))
	// sign-magnitude: sign bit, then |v| in two bits.
	assert.Equal(t, []string{"111:0.0625", "110:0.125", "101:0.1875", "000:0.25", "001:0.1875", "010:0.125", "011:0.0625"},
		encode(t, "sign_magnitude", h))
	// two-part magnitude: every magnitude pattern with p/2, then zeros with p/2.
	assert.Equal(t, []string{"11:0.03125", "00:0.03125", "10:0.0625", "00:0.0625", "01:0.09375", "00:0.09375",
		"00:0.125", "00:0.125", "01:0.09375", "00:0.09375", "10:0.0625", "00:0.0625", "11:0.03125", "00:0.03125"},
		encode(t, "two_part_magnitude", h))
	assert.Equal(t, encode(t, "two_part_magnitude", h), encode(t, "differential", h))
}

// XNOR bits are +-2^j digits: sum (2b_j - 1) 2^j over j = N-1..0, -1, -1
// must give back the value for every bin (CiMLoop asserts the residual is
// 0) at every supported histogram width.
func TestXnorDecodes(t *testing.T) {
	for n := 1; n <= 8; n++ {
		bins := make([]float64, 1<<n-1)
		for i := range bins {
			bins[i] = 1
		}
		h := mustHist(t, bins...)
		enc, err := mustEnc(t, "xnor").Encode(h)
		require.NoError(t, err)
		for i, e := range enc {
			require.Len(t, e.Bits, n+2)
			v := 0.0
			for k, b := range e.Bits {
				j := n - 1 - k
				if k >= n {
					j = -1
				}
				w := 0.5
				if j >= 0 {
					w = float64(int(1) << j)
				}
				v += (2*b - 1) * w
			}
			assert.Equal(t, float64(h.Value(i)), v, "n=%d bin %d", n, i)
		}
	}
}

func TestSmall3BinEncodings(t *testing.T) {
	h := mustHist(t, 1, 2, 1) // values -1, 0, 1 with 1/4, 1/2, 1/4
	assert.Equal(t, []string{"00:0.25", "01:0.5", "10:0.25"}, encode(t, "offset", h))
	assert.Equal(t, []string{"11:0.25", "00:0.5", "01:0.25"}, encode(t, "twos_complement", h))
	assert.Equal(t, []string{"11:0.25", "00:0.5", "01:0.25"}, encode(t, "sign_magnitude", h))
	assert.Equal(t, []string{"1:0.25", "0:0.5", "1:0.25"}, encode(t, "magnitude", h))
	assert.Equal(t, []string{"1:0.125", "0:0.125", "0:0.25", "0:0.25", "1:0.125", "0:0.125"}, encode(t, "two_part_magnitude", h))
	// -1: 0,1,0,1 = -2+1-0.5+0.5; 0: 0,1,1,1 = -2+1+0.5+0.5; 1: 1,0,0,1 = 2-1-0.5+0.5.
	assert.Equal(t, []string{"0101:0.25", "0111:0.5", "1001:0.25"}, encode(t, "xnor", h))
	assert.Equal(t, []string{"0101:0.25", "0000:0.5", "1001:0.25"}, encode(t, "zero_gated_xnor", h))
	// signed -> offset / two-part; unsigned -> magnitude.
	assert.Equal(t, encode(t, "offset", h), encode(t, "offset_if_signed", h))
	assert.Equal(t, encode(t, "two_part_magnitude", h), encode(t, "two_part_magnitude_if_signed", h))
	u := mustHist(t, 0, 1, 1)
	assert.Equal(t, []string{"1:0", "0:0.5", "1:0.5"}, encode(t, "offset_if_signed", u))
	assert.Equal(t, encode(t, "magnitude", u), encode(t, "two_part_magnitude_if_signed", u))
	assert.Equal(t, encode(t, "magnitude", u), encode(t, "differential_if_signed", u))
}

func TestEncodedBitsRules(t *testing.T) {
	// Each rule is a CiMLoop macro's ENCODED_*_BITS (cimloop-macros.md).
	cases := []struct {
		enc    string
		bits   int
		signed bool
		want   int
	}{
		{"offset", 8, true, 8},                        // every macro: ENCODED = BITS
		{"magnitude", 8, true, 7},                     // Wan: max(1, INPUT_BITS - is_hist_signed)
		{"magnitude", 8, false, 8},                    // Wan, unsigned inputs
		{"magnitude", 1, true, 1},                     // Wan: max(1, ...)
		{"two_part_magnitude", 8, false, 16},          // RAELLA: WEIGHT_BITS*2
		{"two_part_magnitude_if_signed", 4, true, 8},  // Sinangil/Wan weights: BITS*2 if signed
		{"two_part_magnitude_if_signed", 4, false, 4}, // Sinangil: unsigned
		{"offset_if_signed", 8, false, 8},             // Jia: INPUT_BITS + XNOR_ENCODE(0)
		{"xnor", 8, true, 9},                          // Jia: INPUT_BITS + XNOR_ENCODE(1)
		{"zero_gated_xnor", 8, true, 9},
		{"twos_complement", 8, true, 8},
		{"sign_magnitude", 8, true, 8},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, mustEnc(t, c.enc).EncodedBits(c.bits, c.signed), "%s %d %v", c.enc, c.bits, c.signed)
	}
}

func TestLookupNames(t *testing.T) {
	names := Names()
	assert.Contains(t, names, "offset")
	assert.Contains(t, names, "differential")
	for _, n := range names {
		e, ok := Lookup(n)
		require.True(t, ok)
		assert.Equal(t, n, e.Name())
	}
	_, ok := Lookup("ofset")
	assert.False(t, ok)
}

func TestUserEncoding(t *testing.T) {
	// A user table equal to two-part magnitude on 7 bins gives the same
	// patterns and probabilities as the built-in.
	tp, err := NewUserEncoding(UserSpec{Name: "mine", Width: 2, Scale: 2, Patterns: map[int][]string{
		-3: {"11", "00"}, -2: {"10", "00"}, -1: {"01", "00"}, 0: {"00", "00"}, 1: {"01", "00"}, 2: {"10", "00"}, 3: {"11", "00"},
	}})
	require.NoError(t, err)
	h := mustHist(t, 1, 2, 3, 4, 3, 2, 1)
	enc, err := tp.Encode(h)
	require.NoError(t, err)
	assert.Equal(t, encode(t, "two_part_magnitude", h), patterns(enc))
	assert.Equal(t, 16, tp.EncodedBits(8, true))
	assert.Equal(t, "mine", tp.Name())

	// Values with zero probability need no pattern; others do.
	partial, err := NewUserEncoding(UserSpec{Name: "pos", Width: 1, Patterns: map[int][]string{0: {"0"}, 1: {"1"}}})
	require.NoError(t, err)
	enc, err = partial.Encode(mustHist(t, 0, 1, 3))
	require.NoError(t, err)
	assert.Equal(t, []string{"0:0.25", "1:0.75"}, patterns(enc))
	assert.Equal(t, 8, partial.EncodedBits(8, false))
	_, err = partial.Encode(mustHist(t, 1, 1, 1))
	assert.EqualError(t, err, `encoding "pos" has no pattern for value -1 (probability 0.3333)`)

	bad := []struct {
		spec UserSpec
		msg  string
	}{
		{UserSpec{Width: 1, Patterns: map[int][]string{0: {"0"}}}, "user encoding has no name"},
		{UserSpec{Name: "x", Width: 0, Patterns: map[int][]string{0: {"0"}}}, `encoding "x": width 0, want 1 to 64`},
		{UserSpec{Name: "x", Width: 2}, `encoding "x": no patterns`},
		{UserSpec{Name: "x", Width: 2, Patterns: map[int][]string{0: {"0"}}}, `encoding "x": value 0: pattern "0" has 1 bits, want 2`},
		{UserSpec{Name: "x", Width: 2, Patterns: map[int][]string{0: {"0a"}}}, `encoding "x": value 0: pattern "0a": 'a' is not a bit`},
		{UserSpec{Name: "x", Width: 2, Patterns: map[int][]string{0: {}}}, `encoding "x": value 0 has no pattern`},
		{UserSpec{Name: "x", Width: 2, Scale: -1, Patterns: map[int][]string{0: {"00"}}}, `encoding "x": negative bit scale -1`},
	}
	for _, b := range bad {
		_, err := NewUserEncoding(b.spec)
		assert.EqualError(t, err, b.msg)
	}
}
