package lower

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cimc-lang/cimc/check"
)

// Encoded bit counts against the CiMLoop cases of cimloop-spec.md section
// 8.3 (ENC bits column): basic_analog offset 8 -> 8; Wan inputs magnitude
// of a signed 8-bit histogram -> 7 and weights two-part-if-signed 4 -> 8;
// Sinangil two-part-if-signed of an unsigned 4-bit histogram -> 4; Jia XNOR
// 8 -> 9; RAELLA weights two-part 8 -> 16.
func TestEncodedBits(t *testing.T) {
	signedHist := []float64{5, 5, 6, 6, 7, 7, 8, 8, 8, 7, 7, 6, 6, 5, 5} // Wan's iso histogram
	unsigned := []float64{0, 0, 0, 3, 2, 1, 0}                           // Sinangil's inputs
	cases := []struct {
		enc  string
		bits int
		hist []float64
		want int
	}{
		{"offset", 8, []float64{0, 0, 0, 3, 2, 1, 0}, 8},
		{"magnitude", 8, signedHist, 7},
		{"magnitude", 8, unsigned, 8},
		{"two_part_magnitude_if_signed", 4, signedHist, 8},
		{"differential_if_signed", 4, unsigned, 4},
		{"xnor", 8, nil, 9},
		{"zero_gated_xnor", 8, nil, 9},
		{"two_part_magnitude", 8, unsigned, 16},
		{"differential", 8, signedHist, 16},
		{"sign_magnitude", 8, signedHist, 8},
		{"twos_complement", 8, signedHist, 8},
	}
	for _, c := range cases {
		got := encodedBits(&check.Encoding{Name: c.enc, Bits: c.bits}, c.hist)
		assert.Equal(t, c.want, got, "%s(%d)", c.enc, c.bits)
	}
}

// Roles follow engine/values: names first, then the output and the
// remaining inputs in order.
func TestRoles(t *testing.T) {
	ein := func(out string, ins ...string) *check.Einsum {
		e := &check.Einsum{Output: &check.Tensor{Name: out}}
		for _, n := range ins {
			e.Inputs = append(e.Inputs, &check.Tensor{Name: n})
		}
		return e
	}
	assert.Equal(t, map[string]role{"Y": roleOutputs, "A": roleInputs, "B": roleWeights}, roles(ein("Y", "A", "B")))
	assert.Equal(t, map[string]role{"Outputs": roleOutputs, "Inputs": roleInputs, "W": roleWeights}, roles(ein("Outputs", "Inputs", "W")))
	assert.Equal(t, map[string]role{"O": roleOutputs, "Weights": roleWeights, "X1": roleInputs}, roles(ein("O", "Weights", "X1")))
	assert.Equal(t, map[string]role{"O": roleOutputs, "A": roleInputs, "B": roleWeights}, roles(ein("O", "A", "B", "C")))
}
