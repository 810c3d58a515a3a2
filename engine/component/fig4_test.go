package component_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/engine/workload"
	"github.com/cimc-lang/cimc/lang/units"
)

// The paper's Fig. 4 (CiMLoop, ISPASS 2024): DAC energy per convert under
// differential and offset input encoding, for a CNN layer (unsigned, sparse
// inputs) and a Transformer layer (signed, dense inputs), normalised to
// differential encoding on the CNN layer. Values read off the figure
// (../shared/data/validation/published-references.md section 1.3); the
// paper's DACs "A" and "B" are not identified in our references, so a
// ratio passes when it lies in the paper's [A, B] range widened by
// fig4Tolerance. "Per convert" is read as per converted input value
// (TestFig4DACEncodingEffect says why).
const (
	paperCNNOffsetA, paperCNNOffsetB = 1.52, 2.45
	paperTrDiffA, paperTrDiffB       = 2.2, 2.62
	paperTrOffsetA, paperTrOffsetB   = 1.33, 1.97
	// paperEffect is the paper's "> 2.5x" data-value effect on DAC energy.
	paperEffect = 2.5
	// fig4Tolerance is how far (relative) a ratio may sit outside the
	// paper's [A, B] range and still count as "roughly the ratio".
	fig4Tolerance = 0.25
)

// fig4Layers are the layers the test uses, chosen by the paper's
// description rather than by fitting: ResNet18 01.yaml is the first layer
// whose inputs are post-ReLU (unsigned, P(0) = 0.27; 00.yaml takes the
// normalised, signed image), GPT-2 medium 00.yaml is the first Conv1D
// (c_attn, fed by LayerNorm: signed, dense, P(0) = 0.07).
var fig4Layers = [2]struct {
	net   string
	index int
}{{"resnet18", 1}, {"gpt2_medium", 0}}

// ladderAttrs are the DAC attributes: one 8-bit conversion per value
// slice, 1 V, 22 nm, R-2R held one 1 ns cycle; the controller and the
// input flip-flops are left out so the energy is the ladder's, the part
// that depends on the values (the controller is a constant per convert).
func ladderAttrs(overhead bool) component.Attrs {
	return component.Attrs{
		"resolution":         component.NumValue(8, units.None),
		"technology":         component.NumValue(22, units.None),
		"voltage":            component.NumValue(1, units.Voltage),
		"cycle_seconds":      component.NumValue(1e-9, units.Time),
		"include_controller": component.BoolValue(overhead),
		"include_flip_flops": component.BoolValue(overhead),
	}
}

// encodedStats is what the engine hands the DAC for inputs of histogram h
// under encoding enc, converted 8 bits at a time: the statistics of one
// 8-bit slice (energy per convert is per slice; a differential value is
// two converts, one of |v| and one of 0, so the per-convert average is
// over both).
func encodedStats(t *testing.T, h values.Hist, enc string) *component.Stats {
	t.Helper()
	e, ok := values.Lookup(enc)
	require.True(t, ok, enc)
	op, err := values.Analyze(values.Spec{Hist: h, Encoding: e, TotalBits: 8, SliceBits: 8})
	require.NoError(t, err)
	require.Len(t, op.Slices, 1)
	return &component.Stats{Inputs: op.Stats()}
}

// handLadderEnergy recomputes the ladder's average energy per convert
// (in units of V^2 x unit) without engine/values: every bin's encoded
// pattern (CiMLoop offset: the 5-bit index; two-part magnitude: the 4 bits
// of |v| with p/2 and all zeros with p/2) is aligned to the 8 DAC bits,
// MSB first, and the missing low bits take the pattern's mean bit
// (cimloop-spec.md 8.3), each 1 with that probability independently.
func handLadderEnergy(h values.Hist, differential bool) float64 {
	n := h.Bits()
	type pat struct {
		bits []int
		p    float64
	}
	var pats []pat
	for i := 0; i < h.Len(); i++ {
		p := h.P(i)
		if !differential {
			pats = append(pats, pat{bitsOf(i, n), p})
			continue
		}
		v := h.Value(i)
		if v < 0 {
			v = -v
		}
		pats = append(pats, pat{bitsOf(v, n-1), p / 2}, pat{make([]int, n-1), p / 2})
	}
	total := 0.0
	for _, pt := range pats {
		ones := 0
		for _, b := range pt.bits {
			ones += b
		}
		fill := float64(ones) / float64(len(pt.bits))
		free := 8 - len(pt.bits)
		high := 0
		for _, b := range pt.bits {
			high = high<<1 | b
		}
		for low := 0; low < 1<<free; low++ {
			q := pt.p
			for j := 0; j < free; j++ {
				if low>>j&1 == 1 {
					q *= fill
				} else {
					q *= 1 - fill
				}
			}
			if q > 0 {
				total += q * component.LadderValueEnergy(high<<free|low, 8, 1, 1)
			}
		}
	}
	return total
}

func bitsOf(x, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = x >> (n - 1 - i) & 1
	}
	return out
}

type fig4Point struct{ cnnDiff, cnnOff, trDiff, trOff float64 }

func (p fig4Point) norm() fig4Point {
	b := p.cnnDiff
	return fig4Point{1, p.cnnOff / b, p.trDiff / b, p.trOff / b}
}

func fig4Inputs(t *testing.T) [2]values.Hist {
	t.Helper()
	var out [2]values.Hist
	for k, l := range fig4Layers {
		n, err := workload.Load(l.net)
		require.NoError(t, err)
		require.Greater(t, len(n.Layers), l.index)
		h := n.Layers[l.index].Hist.Inputs
		require.False(t, h.IsZero(), "%s layer %d has an Inputs histogram", l.net, l.index)
		out[k] = h
	}
	// The premise of the figure: unsigned sparse CNN inputs, signed dense
	// Transformer inputs.
	cnn, tr := out[0], out[1]
	require.False(t, cnn.Signed())
	require.Greater(t, cnn.P(cnn.Len()/2), 0.25)
	require.True(t, tr.Signed())
	require.Less(t, tr.P(tr.Len()/2), 0.1)
	return out
}

// fig4Encodings are the paper's two input encodings as CiMLoop's macros
// name them: differential is two-part magnitude for signed inputs and
// plain magnitude for unsigned ones (an unsigned input needs no negative
// DAC), offset is offset.
var fig4Encodings = [2]string{"two_part_magnitude_if_signed", "offset"}

// cimloopRoute is how a CiMLoop macro feeds a ladder DAC: a differential
// DAC gets hist_to_magnitude(INPUTS_HIST) (Wang), any other the value
// histogram itself (`hist: INPUTS_HIST`).
var cimloopRoute = [2]string{component.StatsMagnitudes, component.StatsValues}

// perValue is the DAC energy spent on one input value of histogram h
// under encoding enc (8-bit operand, 8-bit DAC, statistics route): the
// energy per conversion times the conversions per value, which the
// encoding decides (a signed two-part value is 16 encoded bits, two
// conversions; offset and unsigned magnitude are one). It also returns
// the number of conversions.
func perValue(t *testing.T, dac *component.Class, h values.Hist, enc, route string, overhead bool) (float64, int) {
	t.Helper()
	e, ok := values.Lookup(enc)
	require.True(t, ok, enc)
	op, err := values.Analyze(values.Spec{Hist: h, Encoding: e, TotalBits: e.EncodedBits(8, h.Signed()), SliceBits: 8})
	require.NoError(t, err)
	a := ladderAttrs(overhead)
	a["statistics"] = component.StrValue(route)
	est, err := dac.Evaluate(a, &component.Stats{Inputs: op.Stats()})
	require.NoError(t, err)
	return est.Energy["convert"] * float64(len(op.Slices)), len(op.Slices)
}

// TestFig4DACEncodingEffect reproduces the paper's Fig. 4 with the DAC
// fed as CiMLoop feeds it (cimloopRoute) and the energy counted per input
// value. Normalised to differential on the CNN layer, cimc gives CNN
// offset 1.525 (paper A 1.52, B 2.45), Transformer differential 2.92 (A
// 2.2, B 2.62) and Transformer offset 1.74 (A 1.33, B 1.97): every
// direction of the figure (differential wins on the CNN, offset on the
// Transformer, both cost more on the Transformer) and every ratio within
// the paper's range or 11% of it, with a 2.92x spread (paper "> 2.5x").
//
// What produces the crossover: a signed differential input is two
// conversions, each charged the magnitude distribution (CiMLoop does not
// know the idle half of the pair is at 0), while an unsigned one is a
// single conversion; offset puts value 0 at code 128, the ladder's
// cheapest non-zero code. Read per conversion instead of per value, the
// Transformer's differential bar halves (1.46) and falls below offset, so
// the paper's "energy per convert" is per converted input value.
func TestFig4DACEncodingEffect(t *testing.T) {
	hs := fig4Inputs(t)
	reg, err := component.New()
	require.NoError(t, err)
	// R-2R and C-2C share CiMLoop's node-voltage energy; only the unit
	// differs, so the normalised figure is the same for both.
	var figs [2]fig4Point
	for c, class := range []string{"dac", "dac_c2c_ladder"} {
		dac, ok := reg.Lookup(class)
		require.True(t, ok)
		// unit: R-2R 1/(2R) x 1 ns hold (energy = power x hold), C-2C the
		// unit capacitance (X2X_ladder.py defaults 5 kOhm, 1 pF).
		unit := 1 / 5e3 / 2 * 1e-9
		if class == "dac_c2c_ladder" {
			unit = 1e-12
		}
		var e [2][2]float64 // [layer][0 differential, 1 offset]
		for k, h := range hs {
			for j, enc := range fig4Encodings {
				var n int
				e[k][j], n = perValue(t, dac, h, enc, cimloopRoute[j], false)
				// conversions per value: 2 only for the signed layer's
				// differential encoding
				assert.Equal(t, map[bool]int{true: 2, false: 1}[j == 0 && h.Signed()], n, "%s %s", fig4Layers[k].net, enc)
				// hand check: the ladder energy averaged over CiMLoop's
				// resampling of the (magnitude) histogram, times n
				probs := h.Bins()
				if j == 0 {
					probs, err = h.Magnitude()
					require.NoError(t, err)
				}
				lr, err := values.LadderResample(probs, 8)
				require.NoError(t, err)
				sum, avg := 0.0, 0.0
				for code, p := range lr {
					sum += p
					avg += p * component.LadderValueEnergy(code, 8, 1, unit)
				}
				assert.InEpsilon(t, float64(n)*avg/sum, e[k][j], 1e-9, "%s %s %s", class, fig4Layers[k].net, enc)
			}
		}
		figs[c] = fig4Point{e[0][0], e[0][1], e[1][0], e[1][1]}.norm()
	}
	r, c := figs[0], figs[1]
	assert.InDelta(t, r.cnnOff, c.cnnOff, 1e-9)
	assert.InDelta(t, r.trDiff, c.trDiff, 1e-9)
	assert.InDelta(t, r.trOff, c.trOff, 1e-9)
	t.Logf("ladder DAC, CiMLoop statistics, per input value, normalised to CNN differential: CNN offset %.3f (paper A %.2f, B %.2f); Transformer differential %.3f (A %.2f, B %.2f), offset %.3f (A %.2f, B %.2f)",
		r.cnnOff, paperCNNOffsetA, paperCNNOffsetB, r.trDiff, paperTrDiffA, paperTrDiffB, r.trOff, paperTrOffsetA, paperTrOffsetB)

	// The directions of the figure.
	assert.Greater(t, r.cnnOff, 1.0, "CNN: offset costs more than differential")
	assert.Greater(t, r.trDiff, r.trOff, "Transformer: differential costs more than offset")
	assert.Greater(t, r.trDiff, 1.0, "differential costs more on dense signed inputs")
	assert.Greater(t, r.trOff, 1.0, "Transformer offset above CNN differential")
	// The ratios, within the paper's [A, B] range widened by the tolerance.
	for _, x := range []struct {
		name      string
		got, a, b float64
	}{
		{"CNN offset", r.cnnOff, paperCNNOffsetA, paperCNNOffsetB},
		{"Transformer differential", r.trDiff, paperTrDiffA, paperTrDiffB},
		{"Transformer offset", r.trOff, paperTrOffsetA, paperTrOffsetB},
	} {
		assert.GreaterOrEqual(t, x.got, x.a*(1-fig4Tolerance), x.name)
		assert.LessOrEqual(t, x.got, x.b*(1+fig4Tolerance), x.name)
	}
	// The size of the effect: the paper's > 2.5x between the extremes.
	lo := math.Min(math.Min(r.cnnDiff, r.cnnOff), math.Min(r.trDiff, r.trOff))
	hi := math.Max(math.Max(r.cnnDiff, r.cnnOff), math.Max(r.trDiff, r.trOff))
	assert.Greater(t, hi/lo, paperEffect)

	// With the controller and flip-flops (data-independent or nearly) the
	// directions stay and the ratios shrink toward 1.
	dac, _ := reg.Lookup("dac")
	var full [2][2]float64
	for k, h := range hs {
		for j, enc := range fig4Encodings {
			full[k][j], _ = perValue(t, dac, h, enc, cimloopRoute[j], true)
		}
	}
	f := fig4Point{full[0][0], full[0][1], full[1][0], full[1][1]}.norm()
	t.Logf("with controller and flip-flops: CNN offset %.3f; Transformer differential %.3f, offset %.3f", f.cnnOff, f.trDiff, f.trOff)
	assert.Greater(t, f.cnnOff, 1.0)
	assert.Less(t, f.cnnOff, r.cnnOff)
	assert.Greater(t, f.trDiff, f.trOff)
}

// TestFig4EncodedStatistics is the same figure with cimc's default
// statistics: the DAC reads the codes it receives after encoding and
// slicing. It keeps the CNN direction (offset 1.47x differential) but not
// the Transformer crossover (differential 1.21, offset 1.48): the idle
// half of a differential pair is code 0, which the ladder converts for
// free, and CiMLoop's offset encoding biases by 2^(N-1)-1, so value 0 is
// 0b01111111 (seven ladder legs on) rather than the 0b10000000 of the
// "values" route. Per conversion the encoded route is also checked against
// an enumeration that does not use engine/values.
func TestFig4EncodedStatistics(t *testing.T) {
	hs := fig4Inputs(t)
	reg, err := component.New()
	require.NoError(t, err)
	dac, _ := reg.Lookup("dac")
	unit := 1 / 5e3 / 2 * 1e-9
	var e [2][2]float64
	for k, h := range hs {
		for j, enc := range []string{"two_part_magnitude", "offset"} {
			// per conversion, one 8-bit slice: the hand enumeration
			est, err := dac.Evaluate(ladderAttrs(false), encodedStats(t, h, enc))
			require.NoError(t, err)
			assert.InEpsilon(t, handLadderEnergy(h, j == 0)*unit, est.Energy["convert"], 1e-9, "%s %s", fig4Layers[k].net, enc)
			// per value, the figure
			e[k][j], _ = perValue(t, dac, h, fig4Encodings[j], component.StatsEncoded, false)
		}
	}
	p := fig4Point{e[0][0], e[0][1], e[1][0], e[1][1]}.norm()
	t.Logf("encoded statistics, per input value: CNN offset %.3f; Transformer differential %.3f, offset %.3f", p.cnnOff, p.trDiff, p.trOff)
	assert.Greater(t, p.cnnOff, 1.0, "CNN direction as in the paper")
	assert.InEpsilon(t, paperCNNOffsetA, p.cnnOff, fig4Tolerance)
	assert.Less(t, p.trDiff, p.trOff, "Transformer: no crossover with encoded statistics")
	assert.Greater(t, p.trDiff, 1.0)
}

// TestLadderEnergyShape pins the property behind the Transformer
// discrepancy: an 8-bit X2X ladder at V = 1, unit 1 draws nothing for code
// 0, its least for code 128 (only the MSB set: V (V - V/2) = 0.5), and at
// most 2.0 for any code (01010101 draws the most), so its average energy is
// roughly P(code != 0) times a constant.
func TestLadderEnergyShape(t *testing.T) {
	assert.Equal(t, 0.0, component.LadderValueEnergy(0, 8, 1, 1))
	lo, hi, argHi := math.Inf(1), 0.0, 0
	for code := 1; code < 256; code++ {
		e := component.LadderValueEnergy(code, 8, 1, 1)
		lo = math.Min(lo, e)
		if e > hi {
			hi, argHi = e, code
		}
	}
	assert.InDelta(t, 0.5, lo, 1e-12)
	assert.InDelta(t, 0.5, component.LadderValueEnergy(128, 8, 1, 1), 1e-12)
	assert.Equal(t, 0b01010101, argHi)
	assert.Less(t, hi, 2.0)
	assert.Greater(t, hi, 1.99)
}

// TestFig4EveryLayer shows the figure does not hinge on the layers
// picked: with CiMLoop's statistics, on every ResNet18 layer with unsigned
// inputs offset costs more than differential, and on every GPT-2 medium
// layer with signed inputs (attention einsums included) differential
// costs more than offset.
func TestFig4EveryLayer(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	dac, _ := reg.Lookup("dac")
	energy := func(h values.Hist, j int) float64 {
		e, _ := perValue(t, dac, h, fig4Encodings[j], cimloopRoute[j], false)
		return e
	}
	for _, net := range []string{"resnet18", "gpt2_medium"} {
		n, err := workload.Load(net)
		require.NoError(t, err)
		checked := 0
		for _, l := range n.Layers {
			h := l.Hist.Inputs
			if h.IsZero() || (net == "resnet18") == h.Signed() {
				continue
			}
			checked++
			if net == "resnet18" {
				assert.Greater(t, energy(h, 1), energy(h, 0), "%s: offset above differential", l.Name())
			} else {
				assert.Greater(t, energy(h, 0), energy(h, 1), "%s: differential above offset", l.Name())
			}
		}
		assert.Greater(t, checked, 10, net)
	}
}
