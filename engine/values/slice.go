package values

import (
	"fmt"
	"math"

	"github.com/cimc-lang/cimc/engine/component"
)

// MaxTotalBits bounds the encoded width of one operand.
const MaxTotalBits = 64

// Resample aligns every encoded pattern to total bits exactly as CiMLoop's
// encoded_hist_to_avg_slice reads them (cimloop-spec.md 8.3, "Resampling
// rule"): the pattern's bits are the most significant bits; when total is
// larger the missing low bits are filled with the pattern's mean bit
// (sum(bits)/len(bits); 0 for an empty pattern) and when it is smaller the
// extra low bits are dropped.
func Resample(enc Encoded, total int) Encoded {
	out := make(Encoded, len(enc))
	for k, e := range enc {
		fill := 0.0
		if len(e.Bits) > 0 {
			for _, b := range e.Bits {
				fill += b
			}
			fill /= float64(len(e.Bits))
		}
		bits := make([]float64, total)
		for i := range bits {
			if i < len(e.Bits) {
				bits[i] = e.Bits[i]
			} else {
				bits[i] = fill
			}
		}
		out[k] = Entry{bits, e.P}
	}
	return out
}

// SliceWidths splits total encoded bits into slices of perSlice bits,
// most significant first, with a final partial slice when perSlice does
// not divide total (CiMLoop: 16 bits by 6 -> [6 6 4]). perSlice <= 0 or
// >= total gives one slice of total bits.
func SliceWidths(total, perSlice int) ([]int, error) {
	if total < 1 || total > MaxTotalBits {
		return nil, fmt.Errorf("%d encoded bits, want 1 to %d", total, MaxTotalBits)
	}
	if perSlice <= 0 || perSlice >= total {
		return []int{total}, nil
	}
	out := make([]int, 0, total/perSlice+1)
	for i := 0; i < total/perSlice; i++ {
		out = append(out, perSlice)
	}
	if r := total % perSlice; r != 0 {
		out = append(out, r)
	}
	return out, nil
}

// Spec is everything that determines the statistics of one operand.
type Spec struct {
	Hist     Hist
	Encoding Encoding
	// TotalBits is T, the encoded width (CiMLoop ENCODED_*_BITS; usually
	// Encoding.EncodedBits of the operand bits).
	TotalBits int
	// SliceBits is the number of bits per slice: bits per cell for
	// weights, per DAC conversion for inputs, per ADC read for outputs.
	// 0 means one slice of TotalBits.
	SliceBits int
	// PartialSlicesUseFullRange normalizes a partial slice by its own
	// range 2^b-1 instead of the range of a full slice (CiMLoop's
	// partial_slices_use_full_range; its default, false, is the zero value).
	PartialSlicesUseFullRange bool
}

// Slice holds the statistics of one slice. A slice of b bits holds the
// value x = sum_j bit_j * 2^(b-1-j) / Scale (j = 0 is the slice's MSB), so
// x is in [0, 1] and equals 1 only for an all-ones full slice.
type Slice struct {
	Bits int
	// Scale is the full-scale value: 2^B-1 for the widest slice width B, or
	// 2^b-1 with PartialSlicesUseFullRange (CiMLoop max_val / m).
	Scale float64
	// Mean is E[x]: CiMLoop's per-slice avg_slice_values entry.
	Mean float64
	// MeanSquare is E[x^2] over the encoded patterns (mean-filled low bits
	// count with their mean value, as in Mean).
	MeanSquare float64
	// BitProb is P(bit = 1) for each bit of the slice, MSB first.
	BitProb []float64
	// Switching is the mean over the slice's bits of 2p(1-p).
	Switching float64
	// Probs is the probability of each integer code 0..2^Bits-1 of the
	// slice (the normalized value is code/Scale). A mean-filled low bit
	// (Resample) counts as an independent bit that is 1 with its fill
	// value, so Probs agrees with Mean and BitProb. Nil when Bits >
	// MaxProbBits.
	Probs []float64
}

// MaxProbBits is the widest slice whose code distribution (Slice.Probs,
// component.OperandStats.Probs) is computed: 2^16 codes.
const MaxProbBits = 16

// Operand is the statistics of one operand after encoding and slicing.
//
// Switching activity is defined as the probability that one bit differs
// between two consecutive values drawn independently from the encoded
// distribution, averaged over the bits: mean_i 2 p_i (1 - p_i), with p_i
// the probability that bit i is 1. CiMLoop's component formulas use half
// of it, mean_i p_i (1 - p_i) (dac_x2x_ladder bit_flip_probability,
// c2c_multiplier b_lo2hi_probability: the probability of a 0->1
// transition); that is RiseProb.
type Operand struct {
	Encoding  string
	TotalBits int
	Slices    []Slice // most significant slice first
	// BitProb is P(bit = 1) for each of the TotalBits bits, MSB first
	// (CiMLoop INPUT_BIT_DISTRIBUTION / WEIGHT_BIT_DISTRIBUTION).
	BitProb []float64
	// MeanValue is the mean over slices of Slice.Mean (CiMLoop
	// AVERAGE_INPUT_VALUE / AVERAGE_WEIGHT_VALUE); MeanSquare likewise.
	MeanValue, MeanSquare float64
	Switching             float64 // mean over all bits of 2p(1-p)
	RiseProb              float64 // mean over all bits of p(1-p)
	Hist                  Hist    // the value distribution (for models that need it)
	// Defaulted is set by ForProblem when the dataspace had no value
	// model or no histogram and a default was used.
	Defaulted bool
}

// Analyze encodes s.Hist, aligns the patterns to s.TotalBits (Resample)
// and computes per-slice and per-bit statistics. With every option at its
// zero value, Slices[i].Mean is exactly CiMLoop's
// encoded_hist_to_avg_slice(enc, T, B, return_per_slice=True)[i] and
// MeanValue is its return_per_slice=False result.
func Analyze(s Spec) (*Operand, error) {
	if s.Hist.IsZero() {
		return nil, fmt.Errorf("no histogram")
	}
	if s.Encoding == nil {
		return nil, fmt.Errorf("no encoding")
	}
	if s.SliceBits < 0 {
		return nil, fmt.Errorf("%d bits per slice, want a positive number", s.SliceBits)
	}
	widths, err := SliceWidths(s.TotalBits, s.SliceBits)
	if err != nil {
		return nil, err
	}
	enc, err := s.Encoding.Encode(s.Hist)
	if err != nil {
		return nil, err
	}
	if err := checkEncoded(s.Encoding.Name(), enc); err != nil {
		return nil, err
	}
	return analyze(s.Encoding.Name(), Resample(enc, s.TotalBits), widths, s.PartialSlicesUseFullRange, s.Hist), nil
}

func checkEncoded(name string, enc Encoded) error {
	sum := 0.0
	for k, e := range enc {
		if math.IsNaN(e.P) || math.IsInf(e.P, 0) || e.P < 0 {
			return fmt.Errorf("encoding %q: pattern %d has probability %v", name, k, e.P)
		}
		for _, b := range e.Bits {
			if !(b >= 0 && b <= 1) {
				return fmt.Errorf("encoding %q: pattern %d has bit %v outside [0, 1]", name, k, b)
			}
		}
		sum += e.P
	}
	if math.Abs(sum-1) > 1e-9 {
		return fmt.Errorf("encoding %q: pattern probabilities sum to %g, want 1", name, sum)
	}
	return nil
}

// analyze assumes enc is aligned to sum(widths) bits.
func analyze(name string, enc Encoded, widths []int, fullRange bool, h Hist) *Operand {
	total := 0
	maxW := 0
	for _, w := range widths {
		total += w
		maxW = max(maxW, w)
	}
	maxVal := math.Max(math.Exp2(float64(maxW))-1, 1)
	o := &Operand{Encoding: name, TotalBits: total, BitProb: make([]float64, total), Hist: h}
	for _, e := range enc {
		for i, b := range e.Bits {
			o.BitProb[i] += b * e.P
		}
	}
	start := 0
	for _, w := range widths {
		m := maxVal
		if fullRange {
			m = math.Max(math.Exp2(float64(w))-1, 1)
		}
		sl := Slice{Bits: w, Scale: m, BitProb: append([]float64(nil), o.BitProb[start:start+w]...)}
		for _, e := range enc {
			x := 0.0
			for j := 0; j < w; j++ {
				x += e.Bits[start+j] * math.Exp2(float64(w-j-1)) / m
			}
			sl.Mean += x * e.P
			sl.MeanSquare += x * x * e.P
		}
		if w <= MaxProbBits {
			sl.Probs = codeProbs(enc, start, w)
		}
		for _, p := range sl.BitProb {
			sl.Switching += 2 * p * (1 - p)
		}
		sl.Switching /= float64(w)
		o.Slices = append(o.Slices, sl)
		o.MeanValue += sl.Mean
		o.MeanSquare += sl.MeanSquare
		start += w
	}
	o.MeanValue /= float64(len(widths))
	o.MeanSquare /= float64(len(widths))
	for _, p := range o.BitProb {
		o.RiseProb += p * (1 - p)
	}
	o.RiseProb /= float64(total)
	o.Switching = 2 * o.RiseProb
	return o
}

// codeProbs returns the distribution of the integer code held by bits
// [start, start+w) of the patterns.
func codeProbs(enc Encoded, start, w int) []float64 {
	out := make([]float64, 1<<w)
	type term struct {
		code int
		p    float64
	}
	var cur, next []term
	for _, e := range enc {
		if e.P == 0 {
			continue
		}
		cur = append(cur[:0], term{0, e.P})
		for j := 0; j < w; j++ {
			b := e.Bits[start+j]
			next = next[:0]
			for _, t := range cur {
				if b > 0 {
					next = append(next, term{t.code<<1 | 1, t.p * b})
				}
				if b < 1 {
					next = append(next, term{t.code << 1, t.p * (1 - b)})
				}
			}
			cur, next = next, cur
		}
		for _, t := range cur {
			out[t.code] += t.p
		}
	}
	return out
}

// AvgSlice is CiMLoop's encoded_hist_to_avg_slice with return_per_slice =
// true for an explicit list of slice widths (most significant first): the
// mean normalized value of every slice. enc is aligned to sum(widths) bits
// first (Resample).
func AvgSlice(enc Encoded, widths []int, partialSlicesUseFullRange bool) ([]float64, error) {
	total := 0
	for _, w := range widths {
		if w < 1 {
			return nil, fmt.Errorf("slice of %d bits", w)
		}
		total += w
	}
	if total < 1 || total > MaxTotalBits {
		return nil, fmt.Errorf("%d encoded bits, want 1 to %d", total, MaxTotalBits)
	}
	if err := checkEncoded("", enc); err != nil {
		return nil, err
	}
	o := analyze("", Resample(enc, total), widths, partialSlicesUseFullRange, Hist{})
	out := make([]float64, len(o.Slices))
	for i, s := range o.Slices {
		out[i] = s.Mean
	}
	return out, nil
}

// Stats returns the operand as a component model sees it. Bits is the
// width of a full slice; BitProb covers all TotalBits encoded bits, least
// significant first (as component.OperandStats documents); MeanValue,
// MeanSquare and Switching are the operand-level values above; Probs is
// the code distribution of one slice averaged over the slices (a partial
// slice's codes are the low codes of the full width), nil when a slice is
// wider than MaxProbBits.
func (o *Operand) Stats() component.OperandStats {
	w := 0
	for _, s := range o.Slices {
		w = max(w, s.Bits)
	}
	lsb := make([]float64, len(o.BitProb))
	for i, p := range o.BitProb {
		lsb[len(lsb)-1-i] = p
	}
	var probs []float64
	if w <= MaxProbBits {
		probs = make([]float64, 1<<w)
		for _, s := range o.Slices {
			for c, p := range s.Probs {
				probs[c] += p / float64(len(o.Slices))
			}
		}
	}
	return component.OperandStats{
		Bits:       w,
		MeanValue:  o.MeanValue,
		MeanSquare: o.MeanSquare,
		BitProb:    lsb,
		Switching:  o.Switching,
		Probs:      probs,
		Hist:       o.Hist.Bins(),
	}
}
