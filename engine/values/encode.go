package values

import (
	"fmt"
	"sort"
)

// Entry is one encoded value: its bits, most significant first, and its
// probability. The built-in encodings produce bits that are exactly 0 or
// 1; Resample fills missing low bits with fractional mean bits.
type Entry struct {
	Bits []float64
	P    float64
}

// Encoded is the distribution of encoded bit patterns of one operand
// (CiMLoop's list of ProbableBits). Probabilities sum to 1.
type Encoded []Entry

// Encoding turns a value histogram into encoded bit patterns.
type Encoding interface {
	// Name is the name the language uses for the encoding.
	Name() string
	// Encode returns the encoded patterns of every bin of h, at the
	// histogram's native resolution.
	Encode(h Hist) (Encoded, error)
	// EncodedBits is T, the number of encoded bits of an operand of `bits`
	// bits (CiMLoop's ENCODED_*_BITS): the size of the operand's bit
	// dimension before slicing. signed is Hist.Signed of the operand.
	EncodedBits(bits int, signed bool) int
}

type builtin struct {
	name  string
	enc   func(Hist) Encoded
	total func(bits int, signed bool) int
}

func (b *builtin) Name() string { return b.name }

func (b *builtin) Encode(h Hist) (Encoded, error) {
	if h.IsZero() {
		return nil, fmt.Errorf("encoding %q: empty histogram", b.name)
	}
	return b.enc(h), nil
}

func (b *builtin) EncodedBits(bits int, signed bool) int { return b.total(bits, signed) }

func same(bits int, _ bool) int   { return bits }
func double(bits int, _ bool) int { return 2 * bits }

// The built-in encodings, by name. The EncodedBits rules are those of the
// CiMLoop macros that use each encoding (cimloop-macros.md, the
// ENCODED_*_BITS variables): offset -> bits (every macro); magnitude ->
// bits-1 when signed, at least 1 (Wan: max(1, INPUT_BITS - is_hist_signed));
// two-part magnitude -> 2*bits (RAELLA: WEIGHT_BITS*2); two-part if signed
// -> 2*bits when signed (Sinangil: BITS*(2 if signed else 1)); XNOR ->
// bits+1 (Jia: INPUT_BITS + XNOR_ENCODE). Two's complement and
// sign-magnitude do not exist in CiMLoop; they keep the operand width.
var builtins = func() map[string]*builtin {
	twoPartIf := func(h Hist) Encoded {
		if h.Signed() {
			return twoPart(h)
		}
		return magnitude(h)
	}
	offsetIf := func(h Hist) Encoded {
		if h.Signed() {
			return offset(h)
		}
		return magnitude(h)
	}
	magBits := func(bits int, signed bool) int {
		if signed {
			return max(1, bits-1)
		}
		return bits
	}
	twoPartIfBits := func(bits int, signed bool) int {
		if signed {
			return 2 * bits
		}
		return bits
	}
	xnorBits := func(bits int, _ bool) int { return bits + 1 }
	list := []*builtin{
		{"offset", offset, same},
		{"twos_complement", twosComplement, same},
		{"sign_magnitude", signMagnitude, same},
		{"magnitude", magnitude, magBits},
		{"two_part_magnitude", twoPart, double},
		{"differential", twoPart, double},
		{"offset_if_signed", offsetIf, same},
		{"two_part_magnitude_if_signed", twoPartIf, twoPartIfBits},
		{"differential_if_signed", twoPartIf, twoPartIfBits},
		{"xnor", xnor, xnorBits},
		{"zero_gated_xnor", zeroGatedXnor, xnorBits},
	}
	m := make(map[string]*builtin, len(list))
	for _, b := range list {
		m[b.name] = b
	}
	return m
}()

// Lookup returns the built-in encoding named name.
//
//   - offset: CiMLoop offset_encode_hist. Bin i is encoded as the N-bit
//     unsigned number i, i.e. value v with a bias of (len-1)/2 = 2^(N-1)-1.
//     (Textbook offset binary uses a bias of 2^(N-1); CiMLoop's bias is one
//     less, so this is two's complement with the MSB inverted, minus one.)
//   - twos_complement: the N-bit two's complement of v (v mod 2^N). Not in
//     CiMLoop, which models two's-complement hardware with offset.
//   - sign_magnitude: a sign bit (1 for v < 0) and the N-1 bits of |v|.
//   - magnitude: CiMLoop magnitude_encode_hist: the N-1 bits of |v|, the
//     sign being handled by signed hardware (paper: "magnitude-only", FORMS).
//   - two_part_magnitude, differential: CiMLoop two_part_magnitude_encode_hist
//     (paper: "differential", RAELLA): each value occupies two devices or
//     time steps, one holding |v| and the other 0, so every entry becomes
//     (bits of |v|, p/2) and (zeros, p/2). A differential pair holding
//     (max(v,0), max(-v,0)) has exactly this per-device distribution.
//   - offset_if_signed, two_part_magnitude_if_signed (alias
//     differential_if_signed): the first encoding when Hist.Signed, else
//     magnitude (CiMLoop *_if_signed_hist).
//   - xnor: CiMLoop xnor_encode_hist (Jia): N+2 bits b_j with
//     v = sum (2 b_j - 1) 2^j over j = N-1..0, -1, -1.
//   - zero_gated_xnor: xnor with the zero value's bits all 0 (gated input).
func Lookup(name string) (Encoding, bool) {
	b, ok := builtins[name]
	if !ok {
		return nil, false
	}
	return b, true
}

// Names returns the sorted names of the built-in encodings (for
// did-you-mean suggestions).
func Names() []string {
	out := make([]string, 0, len(builtins))
	for n := range builtins {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// unsignedBits returns the n-bit binary of x, MSB first (CiMLoop
// to_bits_unsigned on an integer; 0 <= x < 2^n holds for every caller).
func unsignedBits(x, n int) []float64 {
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		out[i] = float64(x >> (n - 1 - i) & 1)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func offset(h Hist) Encoded {
	n := h.Bits()
	out := make(Encoded, h.Len())
	for i := range out {
		out[i] = Entry{unsignedBits(i, n), h.p[i]}
	}
	return out
}

func twosComplement(h Hist) Encoded {
	n := h.Bits()
	out := make(Encoded, h.Len())
	for i := range out {
		v := h.Value(i)
		out[i] = Entry{unsignedBits(v&(1<<n-1), n), h.p[i]}
	}
	return out
}

func signMagnitude(h Hist) Encoded {
	n := h.Bits()
	out := make(Encoded, h.Len())
	for i := range out {
		v := h.Value(i)
		bits := unsignedBits(abs(v), n)
		bits[0] = 0
		if v < 0 {
			bits[0] = 1
		}
		out[i] = Entry{bits, h.p[i]}
	}
	return out
}

func magnitude(h Hist) Encoded {
	n := h.Bits()
	out := make(Encoded, h.Len())
	for i := range out {
		out[i] = Entry{unsignedBits(abs(h.Value(i)), n)[1:], h.p[i]}
	}
	return out
}

func twoPart(h Hist) Encoded {
	m := magnitude(h)
	out := make(Encoded, 0, 2*len(m))
	for _, e := range m {
		out = append(out, Entry{e.Bits, e.P / 2}, Entry{make([]float64, len(e.Bits)), e.P / 2})
	}
	return out
}

func xnor(h Hist) Encoded {
	n := h.Bits()
	out := make(Encoded, h.Len())
	for i := range out {
		// Work in halves so the two trailing 2^-1 terms stay integral.
		v2 := 2 * h.Value(i)
		bits := make([]float64, 0, n+2)
		for _, j := range append(descending(n), -1, -1) {
			b := 0
			if v2 > 0 {
				b = 1
			}
			bits = append(bits, float64(b))
			step := 1 << (j + 1) // 2 * 2^j
			v2 -= step * (2*b - 1)
		}
		// v2 == 0 here for every value in [-(2^(N-1)-1), 2^(N-1)-1]
		// (CiMLoop asserts it; TestXnorDecodes checks it).
		out[i] = Entry{bits, h.p[i]}
	}
	return out
}

func descending(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = n - 1 - i
	}
	return out
}

func zeroGatedXnor(h Hist) Encoded {
	out := xnor(h)
	c := len(out) / 2
	out[c] = Entry{make([]float64, len(out[c].Bits)), out[c].P}
	return out
}

// UserSpec defines an encoding by table: the bit pattern(s) of every
// signed value.
type UserSpec struct {
	Name  string
	Width int // bits of every pattern
	// Patterns maps a signed value to one or more patterns written MSB
	// first with '0' and '1' (e.g. "0101"). A value with k patterns is
	// split over k devices or time steps, each pattern with probability
	// p/k (two-part magnitude is the table v -> {|v|, 0}).
	Patterns map[int][]string
	// T = Scale*bits + Offset is EncodedBits of an operand of `bits` bits;
	// Scale 0 means 1 (so the zero value keeps the operand width).
	Scale, Offset int
}

type user struct {
	name          string
	width         int
	patterns      map[int][][]float64
	scale, offset int
}

// NewUserEncoding validates s and returns it as an Encoding. A value of
// the histogram with nonzero probability and no pattern is an Encode
// error.
func NewUserEncoding(s UserSpec) (Encoding, error) {
	if s.Name == "" {
		return nil, fmt.Errorf("user encoding has no name")
	}
	if s.Width < 1 || s.Width > 64 {
		return nil, fmt.Errorf("encoding %q: width %d, want 1 to 64", s.Name, s.Width)
	}
	if len(s.Patterns) == 0 {
		return nil, fmt.Errorf("encoding %q: no patterns", s.Name)
	}
	if s.Scale < 0 {
		return nil, fmt.Errorf("encoding %q: negative bit scale %d", s.Name, s.Scale)
	}
	u := &user{name: s.Name, width: s.Width, patterns: make(map[int][][]float64, len(s.Patterns)), scale: s.Scale, offset: s.Offset}
	if u.scale == 0 {
		u.scale = 1
	}
	for v, ps := range s.Patterns {
		if len(ps) == 0 {
			return nil, fmt.Errorf("encoding %q: value %d has no pattern", s.Name, v)
		}
		for _, p := range ps {
			if len(p) != s.Width {
				return nil, fmt.Errorf("encoding %q: value %d: pattern %q has %d bits, want %d", s.Name, v, p, len(p), s.Width)
			}
			bits := make([]float64, len(p))
			for i, c := range p {
				switch c {
				case '0':
				case '1':
					bits[i] = 1
				default:
					return nil, fmt.Errorf("encoding %q: value %d: pattern %q: %q is not a bit", s.Name, v, p, c)
				}
			}
			u.patterns[v] = append(u.patterns[v], bits)
		}
	}
	return u, nil
}

func (u *user) Name() string { return u.name }

func (u *user) EncodedBits(bits int, _ bool) int { return max(1, u.scale*bits+u.offset) }

func (u *user) Encode(h Hist) (Encoded, error) {
	if h.IsZero() {
		return nil, fmt.Errorf("encoding %q: empty histogram", u.name)
	}
	var out Encoded
	for i, p := range h.p {
		if p == 0 {
			continue
		}
		v := h.Value(i)
		ps, ok := u.patterns[v]
		if !ok {
			return nil, fmt.Errorf("encoding %q has no pattern for value %d (probability %.4g)", u.name, v, p)
		}
		for _, bits := range ps {
			out = append(out, Entry{append([]float64(nil), bits...), p / float64(len(ps))})
		}
	}
	return out, nil
}
