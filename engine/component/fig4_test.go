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
// paper's DACs "A" and "B" are not identified in our references.
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

// TestFig4DACEncodingEffect computes the paper's Fig. 4 with cimc's
// pipeline (values.Analyze -> OperandStats -> ladder DAC model) and
// compares it with the paper.
//
// What cimc reproduces: on the CNN layer offset costs more than
// differential (2.93x, within 20% of the paper's DAC B, 2.45x), and the
// spread over the four points exceeds the paper's 2.5x (2.97x).
//
// What it does not: on the Transformer layer the paper has differential
// above offset (2.62 vs 1.97 for B, 2.2 vs 1.33 for A); cimc has the
// opposite (1.27 vs 2.97). This is a property of CiMLoop's X2X ladder
// model, not of the layer or of the encoding statistics: the ladder draws
// nothing for code 0 and between 0.5 and 2.0 V^2/(2R) for every other code
// (TestLadderEnergyShape), so its energy per convert follows P(code != 0).
// Two-part (differential) encoding puts at least half of the converts on
// code 0, offset encoding almost none, so differential is cheaper on every
// GPT-2 layer (TestFig4EveryLayer). Feeding the DAC CiMLoop's `hist`
// instead of encoded statistics does not reverse it either
// (TestFig4CiMLoopHistRoute), nor (checked while writing this test, not
// kept) does any energy of the form (code / 255)^k, k = 0.5 to 3: offset
// codes sit near mid-scale while two-part codes are 0 half the time. The
// paper's DACs A and B are not identified in our references; its
// Transformer bars need a DAC, layer or histogram we cannot reconstruct.
func TestFig4DACEncodingEffect(t *testing.T) {
	hs := fig4Inputs(t)
	reg, err := component.New()
	require.NoError(t, err)

	raw := map[string]fig4Point{}
	for _, class := range []string{"dac", "dac_c2c_ladder"} {
		cls, ok := reg.Lookup(class)
		require.True(t, ok)
		// unit: R-2R 1/(2R) x 1 ns hold (energy = power x hold), C-2C the
		// unit capacitance (X2X_ladder.py defaults 5 kOhm, 1 pF).
		unit := 1 / 5e3 / 2 * 1e-9
		if class == "dac_c2c_ladder" {
			unit = 1e-12
		}
		var e [2][2]float64 // [layer][0 differential, 1 offset]
		for k, h := range hs {
			for j, enc := range []string{"two_part_magnitude", "offset"} {
				est, err := cls.Evaluate(ladderAttrs(false), encodedStats(t, h, enc))
				require.NoError(t, err)
				e[k][j] = est.Energy["convert"]
				// the engine's number equals the hand enumeration
				assert.InEpsilon(t, handLadderEnergy(h, j == 0)*unit, e[k][j], 1e-9, "%s %s %s", class, fig4Layers[k].net, enc)
			}
		}
		raw[class] = fig4Point{e[0][0], e[0][1], e[1][0], e[1][1]}
	}
	// R-2R and C-2C share CiMLoop's node-voltage energy; only the unit
	// differs, so the normalised figure is the same for both.
	r, c := raw["dac"].norm(), raw["dac_c2c_ladder"].norm()
	assert.InDelta(t, r.cnnOff, c.cnnOff, 1e-9)
	assert.InDelta(t, r.trDiff, c.trDiff, 1e-9)
	assert.InDelta(t, r.trOff, c.trOff, 1e-9)
	t.Logf("cimc ladder DAC (R-2R = C-2C), normalised to CNN differential: CNN offset %.3f (paper A %.2f, B %.2f); Transformer differential %.3f (A %.2f, B %.2f), offset %.3f (A %.2f, B %.2f)",
		r.cnnOff, paperCNNOffsetA, paperCNNOffsetB, r.trDiff, paperTrDiffA, paperTrDiffB, r.trOff, paperTrOffsetA, paperTrOffsetB)

	// CNN: the paper's direction and, roughly, its ratio.
	assert.Greater(t, r.cnnOff, 1.0, "CNN: offset costs more than differential")
	assert.GreaterOrEqual(t, r.cnnOff, paperCNNOffsetA*(1-fig4Tolerance))
	assert.LessOrEqual(t, r.cnnOff, paperCNNOffsetB*(1+fig4Tolerance))
	// The size of the effect: the paper's > 2.5x between the extremes.
	lo := math.Min(math.Min(r.cnnDiff, r.cnnOff), math.Min(r.trDiff, r.trOff))
	hi := math.Max(math.Max(r.cnnDiff, r.cnnOff), math.Max(r.trDiff, r.trOff))
	assert.Greater(t, hi/lo, paperEffect)
	// Transformer: documented discrepancy. The paper has differential above
	// offset; CiMLoop's ladder model (and so cimc) has it below.
	assert.Less(t, r.trDiff, r.trOff, "Transformer: with the ladder model differential is cheaper than offset (the paper has the opposite)")
	// Differential still costs more on dense than on sparse inputs, as in
	// the paper (2.2 / 2.62), though by less.
	assert.Greater(t, r.trDiff, 1.0)

	// With the controller and flip-flops (data-independent or nearly), the
	// directions stay and the ratios shrink.
	dac, _ := reg.Lookup("dac")
	var full [2][2]float64
	for k, h := range hs {
		for j, enc := range []string{"two_part_magnitude", "offset"} {
			est, err := dac.Evaluate(ladderAttrs(true), encodedStats(t, h, enc))
			require.NoError(t, err)
			full[k][j] = est.Energy["convert"]
		}
	}
	f := fig4Point{full[0][0], full[0][1], full[1][0], full[1][1]}.norm()
	t.Logf("with controller and flip-flops: CNN offset %.3f; Transformer differential %.3f, offset %.3f", f.cnnOff, f.trDiff, f.trOff)
	assert.Greater(t, f.cnnOff, 1.0)
	assert.Less(t, f.cnnOff, r.cnnOff)
	assert.Less(t, f.trDiff, f.trOff)
}

// TestFig4CiMLoopHistRoute feeds the DAC what a CiMLoop architecture
// passes as its `hist` attribute instead of encoded statistics: the
// zero-centred value histogram (LadderResample maps value 0 to code 2^7,
// offset binary) for offset, and hist_to_magnitude of it (what Wang's
// differential R-2R DAC gets) for differential. The CNN ratio lands on
// the paper's DAC A (1.52); the Transformer is reversed here too.
func TestFig4CiMLoopHistRoute(t *testing.T) {
	hs := fig4Inputs(t)
	reg, err := component.New()
	require.NoError(t, err)
	dac, _ := reg.Lookup("dac")
	var e [2][2]float64
	for k, h := range hs {
		mag, err := h.Magnitude()
		require.NoError(t, err)
		for j, probs := range [][]float64{mag, h.Bins()} {
			// The class resamples a 2^N-1-bin list with CiMLoop's
			// literal resampling; the two ports of it agree.
			lr, err := values.LadderResample(probs, 8)
			require.NoError(t, err)
			assert.Equal(t, lr, component.ResampleHist(probs, 8))
			est, err := dac.Evaluate(ladderAttrs(false), &component.Stats{Inputs: component.OperandStats{Probs: probs}})
			require.NoError(t, err)
			e[k][j] = est.Energy["convert"]
			sum, avg := 0.0, 0.0
			for code, p := range lr {
				sum += p
				avg += p * component.LadderValueEnergy(code, 8, 1, 1/5e3/2)
			}
			assert.InEpsilon(t, avg/sum*1e-9, e[k][j], 1e-9)
		}
	}
	p := fig4Point{e[0][0], e[0][1], e[1][0], e[1][1]}.norm()
	t.Logf("CiMLoop hist route: CNN offset %.3f; Transformer differential %.3f, offset %.3f", p.cnnOff, p.trDiff, p.trOff)
	assert.Greater(t, p.cnnOff, 1.0)
	assert.InEpsilon(t, paperCNNOffsetA, p.cnnOff, fig4Tolerance)
	assert.Less(t, p.trDiff, p.trOff, "reversed w.r.t. the paper, as with encoded statistics")
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

// TestFig4EveryLayer shows the result does not hinge on the layers picked:
// on every ResNet18 layer with unsigned inputs offset costs more than
// differential, and on every GPT-2 medium layer with signed inputs
// (attention einsums included) differential is still the cheaper one.
func TestFig4EveryLayer(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	dac, _ := reg.Lookup("dac")
	energy := func(h values.Hist, enc string) float64 {
		est, err := dac.Evaluate(ladderAttrs(false), encodedStats(t, h, enc))
		require.NoError(t, err)
		return est.Energy["convert"]
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
			assert.Greater(t, energy(h, "offset"), energy(h, "two_part_magnitude"), "%s", l.Name())
		}
		assert.Greater(t, checked, 10, net)
	}
}
