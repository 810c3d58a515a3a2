package values

import (
	"fmt"
	"math"

	"github.com/cimc-lang/cimc/engine/component"
)

// SumTolerance is the tolerance NewNormalized callers use for histograms
// that claim to be normalized (workload files). The shipped workload
// histograms are rounded to three significant figures; their largest
// |sum-1| is 1.72e-3 (vision_transformer.json), so 1e-2 accepts them with
// margin while still catching a missing or duplicated bin.
const SumTolerance = 1e-2

// HistError reports an invalid histogram. Bin is the index of the
// offending bin, or -1 when the error is about the histogram as a whole
// (its length or its sum), so the caller can point at the list element.
type HistError struct {
	Bin int
	Msg string
}

// Error implements error: "histogram bin I: MSG" or "histogram: MSG".
func (e *HistError) Error() string {
	if e.Bin >= 0 {
		return fmt.Sprintf("histogram bin %d: %s", e.Bin, e.Msg)
	}
	return "histogram: " + e.Msg
}

// Hist is the value distribution of one operand in CiMLoop's format
// (cimloop-spec.md 8.1): 2^N-1 bins, zero-centred, bin i holding the
// probability of the signed integer value i-(len-1)/2, so the centre bin is
// P(0). A Hist is normalized (sums to 1) and immutable; build one with New,
// NewNormalized, Uniform or Default.
type Hist struct {
	p []float64
}

// New validates bins and returns them as a normalized histogram. Bins may
// be unnormalized weights (CiMLoop's iso defaults are, e.g. [1]*15): they
// must number 2^N-1 for some N >= 1, be finite and non-negative, and not
// all be zero.
func New(bins []float64) (Hist, error) {
	sum, err := check(bins)
	if err != nil {
		return Hist{}, err
	}
	p := make([]float64, len(bins))
	for i, b := range bins {
		p[i] = b / sum
	}
	return Hist{p: p}, nil
}

// NewNormalized is New for histograms that claim to be probabilities: it
// also requires |sum-1| <= tol (the result is renormalized exactly).
func NewNormalized(bins []float64, tol float64) (Hist, error) {
	sum, err := check(bins)
	if err != nil {
		return Hist{}, err
	}
	if math.Abs(sum-1) > tol {
		return Hist{}, &HistError{Bin: -1, Msg: fmt.Sprintf("bins sum to %.6g, want 1 within %g", sum, tol)}
	}
	return New(bins)
}

func check(bins []float64) (float64, error) {
	if _, ok := numBits(len(bins)); !ok {
		return 0, &HistError{Bin: -1, Msg: fmt.Sprintf("has %d bins, want 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)", len(bins))}
	}
	sum := 0.0
	for i, b := range bins {
		switch {
		case math.IsNaN(b) || math.IsInf(b, 0):
			return 0, &HistError{Bin: i, Msg: fmt.Sprintf("probability %v is not a finite number", b)}
		case b < 0:
			return 0, &HistError{Bin: i, Msg: fmt.Sprintf("probability %g is negative", b)}
		}
		sum += b
	}
	if sum <= 0 || math.IsInf(sum, 0) {
		return 0, &HistError{Bin: -1, Msg: fmt.Sprintf("bins sum to %g, want a positive finite total", sum)}
	}
	return sum, nil
}

// numBits returns N with 2^N = length+1 (CiMLoop get_num_bits).
func numBits(length int) (int, bool) {
	if length < 1 {
		return 0, false
	}
	n := 0
	for 1<<n < length+1 {
		n++
		if n > 62 {
			return 0, false
		}
	}
	return n, 1<<n == length+1
}

// Uniform returns the uniform histogram of 2^bits-1 bins.
func Uniform(bits int) (Hist, error) {
	if bits < 1 || bits > 24 {
		return Hist{}, fmt.Errorf("uniform histogram: %d bits, want 1 to 24", bits)
	}
	bins := make([]float64, 1<<bits-1)
	for i := range bins {
		bins[i] = 1
	}
	return New(bins)
}

// Role is the part an operand plays in a MAC.
type Role uint8

// Operand roles.
const (
	Inputs Role = iota
	Weights
	Outputs
)

// String returns the dataspace name of the role (Inputs, Weights, Outputs).
func (r Role) String() string {
	switch r {
	case Inputs:
		return "Inputs"
	case Weights:
		return "Weights"
	case Outputs:
		return "Outputs"
	}
	return fmt.Sprintf("Role(%d)", r)
}

// Default returns the histogram CiMLoop uses for role when the workload
// gives none: the iso defaults of the basic_analog and example macros
// (cimloop-macros.md, basic_analog "Variables — iso"): INPUTS_HIST =
// [0,0,0,3,2,1,0] (non-negative, skewed to small values), WEIGHTS_HIST =
// [1]*15 (uniform signed 4-bit), OUTPUTS_HIST = INPUTS_HIST. Each published
// macro has its own iso defaults (e.g. Jia [0,0,0,8,4,2,1]); those belong
// to the macro's .cim module, not here.
func Default(r Role) Hist {
	var bins []float64
	switch r {
	case Weights:
		bins = make([]float64, 15)
		for i := range bins {
			bins[i] = 1
		}
	default:
		bins = []float64{0, 0, 0, 3, 2, 1, 0}
	}
	h, err := New(bins)
	if err != nil { // unreachable: the bins above are valid
		return Hist{p: []float64{1}}
	}
	return h
}

// Len is the number of bins, 2^N-1.
func (h Hist) Len() int { return len(h.p) }

// Bits is N, the native resolution of the histogram (2^N-1 bins): the
// number of bits CiMLoop's offset encoding produces for it.
func (h Hist) Bits() int {
	n, _ := numBits(len(h.p))
	return n
}

// Bins returns a copy of the normalized probabilities.
func (h Hist) Bins() []float64 { return append([]float64(nil), h.p...) }

// P returns the probability of bin i.
func (h Hist) P(i int) float64 { return h.p[i] }

// Value returns the signed value of bin i: i-(len-1)/2.
func (h Hist) Value(i int) int { return i - (len(h.p)-1)/2 }

// Signed reports whether any mass lies on negative values (CiMLoop
// is_hist_signed: sum(h[:len//2]) != 0).
func (h Hist) Signed() bool {
	for _, p := range h.p[:len(h.p)/2] {
		if p != 0 {
			return true
		}
	}
	return false
}

// IsZero reports whether h is the zero Hist (not built by a constructor).
func (h Hist) IsZero() bool { return len(h.p) == 0 }

// Equal reports whether two histograms have identical bins.
func (h Hist) Equal(o Hist) bool {
	if len(h.p) != len(o.p) {
		return false
	}
	for i := range h.p {
		if h.p[i] != o.p[i] {
			return false
		}
	}
	return true
}

// Magnitude folds the histogram onto magnitudes exactly as CiMLoop's
// hist_to_magnitude: new[i] = h[c+i] + h[c-i] for i < len/2, c = len/2.
// As in CiMLoop the zero bin is counted twice (new[0] = 2*P(0)) and the
// largest magnitude is dropped (new has len/2 = 2^(N-1)-1 bins), so the
// result is not normalized; it is used, e.g., by Wang's DAC
// (cimloop-macros.md, wang_vlsi_2022 dac: hist_to_magnitude(INPUTS_HIST)).
func (h Hist) Magnitude() ([]float64, error) {
	if len(h.p) < 3 {
		return nil, fmt.Errorf("hist_to_magnitude needs at least 3 bins, have %d", len(h.p))
	}
	return component.HistToMagnitude(h.p), nil
}

// LadderResample resizes a value histogram to the 2^resolution codes of an
// X2X-ladder DAC exactly as CiMLoop's DigitalAnalogConverterX2XLadder.convert
// (components/accelergy_plug_ins/X2X_ladder.py; cimloop-spec.md 9.6): with
// ws = len(hist)/2^R, bins 0 and len/2 map exactly to codes 0 and 2^R/2
// (divided by min(ws,1)) and are removed from the source; every other code
// i takes, at loc = i/2^R*(len-1), the sum of source bins
// [floor(loc), min(ceil(floor(loc)+ws), len-1)) when ws > 1, else the
// linear interpolation between floor(loc) and ceil(loc). The result is not
// normalized (convert divides by its sum). hist may be any non-empty list
// of non-negative weights (CiMLoop passes zero-centred and magnitude
// histograms alike).
func LadderResample(hist []float64, resolution int) ([]float64, error) {
	if resolution < 1 || resolution > 24 {
		return nil, fmt.Errorf("ladder resample: resolution %d, want 1 to 24", resolution)
	}
	if len(hist) == 0 {
		return nil, fmt.Errorf("ladder resample: empty histogram")
	}
	for i, v := range hist {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, &HistError{Bin: i, Msg: fmt.Sprintf("probability %v is not a finite non-negative number", v)}
		}
	}
	return component.ResampleHist(hist, resolution), nil
}

// HistToBitDistribution is CiMLoop's hist_2_bit_distribution
// (utils/bit_functions.py): normalize, then for ceil(log2(len)) bits
// (MSB first) of the bin index read as an unsigned number, P(bit = 1).
func HistToBitDistribution(hist []float64) ([]float64, error) {
	if len(hist) == 0 {
		return nil, fmt.Errorf("bit distribution of an empty histogram")
	}
	sum := 0.0
	for i, v := range hist {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, &HistError{Bin: i, Msg: fmt.Sprintf("probability %v is not a finite non-negative number", v)}
		}
		sum += v
	}
	if sum <= 0 {
		return nil, &HistError{Bin: -1, Msg: "bins sum to 0"}
	}
	nb := 0
	for 1<<nb < len(hist) {
		nb++
	}
	out := make([]float64, nb)
	for v, p := range hist {
		for i := 0; i < nb; i++ {
			if v>>(nb-1-i)&1 == 1 {
				out[i] += p / sum
			}
		}
	}
	return out, nil
}

// BitDistributionToHist is CiMLoop's bit_distribution_2_hist: the
// distribution of the 2^len unsigned values whose bits (MSB first) are
// independent with P(bit i = 1) = bits[i]. With zeroProb non-nil CiMLoop
// sets P(0) = *zeroProb and then rescales the whole list to sum 1 (the
// intermediate "rescale the others" result is discarded in the source), so
// P(0) ends up *zeroProb / (sum of the list); this reproduces that.
func BitDistributionToHist(bits []float64, zeroProb *float64) ([]float64, error) {
	if len(bits) > 24 {
		return nil, fmt.Errorf("bit distribution of %d bits is too wide", len(bits))
	}
	for i, p := range bits {
		if !(p >= 0 && p <= 1) {
			return nil, fmt.Errorf("bit %d: probability %v is not in [0, 1]", i, p)
		}
	}
	if zeroProb != nil && !(*zeroProb >= 0 && *zeroProb <= 1) {
		return nil, fmt.Errorf("zero probability %v is not in [0, 1]", *zeroProb)
	}
	n := len(bits)
	out := make([]float64, 1<<n)
	for v := range out {
		q := 1.0
		for i, p := range bits {
			if v>>(n-1-i)&1 == 1 {
				q *= p
			} else {
				q *= 1 - p
			}
		}
		out[v] = q
	}
	if zeroProb != nil {
		out[0] = *zeroProb
	}
	sum := 0.0
	for _, q := range out {
		sum += q
	}
	if sum <= 0 {
		return nil, fmt.Errorf("bit distribution gives a histogram that sums to 0")
	}
	for i := range out {
		out[i] /= sum
	}
	return out, nil
}
