package component

import (
	"fmt"
	"math"
	"strings"

	"github.com/cimc-lang/cimc/lang/units"
)

// CiMLoop's own analog models (workspace/models/components/accelergy_plug_ins
// misc.py and X2X_ladder.py; cimloop-spec.md sections 9.6 and 9.8): ladder
// DACs, capacitors, wires and pass gates, all C V^2 physics.

// LadderNodeVoltages solves the node voltages of an R-2R / C-2C ladder
// driven by the code's bits (LSB first, node i <-> bit i, the MSB node is
// the output) with each set bit's input at v: the tridiagonal system of
// X2X_ladder.py (diagonal 4 at the LSB end, 5 inside, 3 at the open
// output; off-diagonals -2; right-hand side bit_i * v). A 1-bit ladder is
// the single node 2 V0 = bit * v.
func LadderNodeVoltages(bits []bool, v float64) []float64 {
	n := len(bits)
	diag := make([]float64, n)
	rhs := make([]float64, n)
	for i := range bits {
		d := 1.0 // the 2R (2C) input branch
		if i == 0 {
			d++ // 2R termination to ground at the LSB end
		} else {
			d += 2 // series R to the previous node
		}
		if i < n-1 {
			d += 2 // series R to the next node
		}
		diag[i] = d
		if bits[i] {
			rhs[i] = v
		}
	}
	// Thomas algorithm; both off-diagonals are -2.
	const off = -2.0
	cp := make([]float64, n)
	x := make([]float64, n)
	for i := 0; i < n; i++ {
		m := diag[i]
		if i > 0 {
			m -= off * cp[i-1]
			rhs[i] -= off * rhs[i-1]
		}
		cp[i] = off / m
		rhs[i] /= m
	}
	for i := n - 1; i >= 0; i-- {
		x[i] = rhs[i]
		if i < n-1 {
			x[i] -= cp[i] * x[i+1]
		}
	}
	return x
}

// LadderValueEnergy is X2X_ladder.input_value_to_analog_energy: the energy
// (C-2C, unit = C in F) or power (R-2R, unit = 1/(2R) in S) drawn from the
// inputs to hold code value on a resolution-bit ladder at voltage v.
func LadderValueEnergy(value, resolution int, v, unit float64) float64 {
	bits := make([]bool, resolution)
	for i := range bits {
		bits[i] = value>>i&1 == 1
	}
	nodes := LadderNodeVoltages(bits, v)
	sum := 0.0
	for i, b := range bits {
		if b {
			sum += v - nodes[i]
		}
	}
	return v * unit * sum
}

// ResampleHist is CiMLoop's literal histogram resampling to 2^bits bins
// (X2X_ladder.py; cimloop-spec.md section 9.6), quirks included: bins 0
// and len/2 are mapped exactly (boosted when downsampling) and the others
// are summed or linearly interpolated. It is meant for zero-centred
// histograms; with a magnitude histogram bin 0 and the middle bin both get
// the boost.
func ResampleHist(hist []float64, bits int) []float64 {
	n := 1 << bits
	out := make([]float64, n)
	h := append([]float64{}, hist...)
	if len(h) == 0 {
		return out
	}
	idx0, newIdx0 := len(h)/2, n/2
	ws := float64(len(h)) / float64(n)
	done := map[int]bool{}
	for _, m := range [][2]int{{0, 0}, {idx0, newIdx0}} {
		out[m[1]] = h[m[0]] / math.Min(ws, 1)
		done[m[1]] = true
	}
	h[0], h[idx0] = 0, 0
	for i := 0; i < n; i++ {
		if done[i] {
			continue
		}
		loc := float64(i) / float64(n) * float64(len(h)-1)
		if ws > 1 {
			lo := int(math.Floor(loc))
			hi := int(math.Min(math.Ceil(float64(lo)+ws), float64(len(h)-1)))
			s := 0.0
			for j := lo; j < hi; j++ {
				s += h[j]
			}
			out[i] = s
		} else {
			f := loc - math.Floor(loc)
			out[i] = h[int(math.Floor(loc))]*(1-f) + h[int(math.Ceil(loc))]*f
		}
	}
	return out
}

// operandStats picks the statistics of the named operand ("" = nil).
func operandStats(stats *Stats, name string) (*OperandStats, error) {
	if stats == nil {
		return nil, nil
	}
	switch strings.ToLower(name) {
	case "inputs":
		return &stats.Inputs, nil
	case "weights":
		return &stats.Weights, nil
	case "outputs":
		return &stats.Outputs, nil
	}
	return nil, attrErr("operand", `one of "Inputs", "Weights", "Outputs"`, "unknown operand %q", name)
}

// codeProbs returns the distribution over the 2^bits codes:
//   - the operand's Probs when it has 2^bits entries;
//   - Probs of 2^b entries, b < bits: a narrower slice's codes are the low
//     codes of the converter (engine/values' convention), zero-padded;
//   - Probs of another length (a CiMLoop 2^N-1-bin histogram): CiMLoop's
//     literal ResampleHist;
//   - uniform without statistics.
//
// A slice wider than the converter is an error.
func codeProbs(op *OperandStats, bits int) ([]float64, error) {
	n := 1 << bits
	var p []float64
	switch {
	case op == nil || len(op.Probs) == 0:
		p = make([]float64, n)
		for i := range p {
			p[i] = 1
		}
	case len(op.Probs)&(len(op.Probs)-1) == 0: // a power of two: 2^b codes
		if len(op.Probs) > n {
			return nil, attrErr("resolution", "slice the operand to at most resolution bits per conversion",
				"operand slices have %d codes, more than the %d of a %d-bit converter", len(op.Probs), n, bits)
		}
		p = make([]float64, n)
		copy(p, op.Probs)
	default:
		p = ResampleHist(op.Probs, bits)
	}
	return normalizeCodes(p)
}

// normalizeCodes scales a code distribution to sum 1 (uniform when it is
// all zero) after checking every entry is a finite non-negative number.
func normalizeCodes(p []float64) ([]float64, error) {
	n := len(p)
	sum := 0.0
	for _, x := range p {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("operand statistics hold an invalid probability %v", x)
		}
		sum += x
	}
	if sum <= 0 {
		for i := range p {
			p[i] = 1 / float64(n)
		}
		return p, nil
	}
	for i := range p {
		p[i] /= sum
	}
	return p, nil
}

// The statistics routes of the value-dependent converters (attribute
// "statistics"): which distribution of the operand a model reads.
//   - "encoded": the code distribution of the slices the converter
//     receives, after encoding and slicing (OperandStats.Probs). The
//     default: it is the bit pattern the hardware sees.
//   - "values": CiMLoop's `hist: INPUTS_HIST`, the value histogram
//     resampled to the converter's codes with value 0 at mid-code 2^R/2
//     (ResampleHist), whatever the encoding.
//   - "magnitudes": CiMLoop's `hist: hist_to_magnitude(INPUTS_HIST)`
//     (Wang's differential DAC): the magnitude histogram resampled the same
//     way, so magnitude 0 is code 0. Every conversion is charged the
//     magnitude distribution, including the zero half of a differential
//     pair, as CiMLoop charges it.
//
// The routes differ in two ways (engine/component/fig4_test.go measures
// both): CiMLoop's offset encoding puts value 0 at code 2^(N-1)-1
// (0b0111..., many ladder bits on) while "values" puts it at 2^(N-1)
// (0b1000..., one bit on); and a differential pair's idle half is code 0
// under "encoded" but a magnitude under "magnitudes".
const (
	StatsEncoded    = "encoded"
	StatsValues     = "values"
	StatsMagnitudes = "magnitudes"
)

// statisticsAttr is the schema entry of the statistics route; values
// describes what "values" means for the class.
func statisticsAttr(values string) AttrSpec {
	return enumAttr("statistics", StatsEncoded,
		`distribution the energy is averaged over: "encoded" (codes after encoding and slicing), "values" (`+values+`) or "magnitudes" (the same for hist_to_magnitude of it)`,
		statsRoutes...)
}

// routeProbs returns the distribution over the 2^bits codes of a
// converter reading op by route (see StatsEncoded). Without a value
// histogram (no workload statistics) every route is codeProbs's.
func routeProbs(op *OperandStats, route string, bits int) ([]float64, error) {
	if route == StatsEncoded || op == nil || len(op.Hist) == 0 {
		return codeProbs(op, bits)
	}
	h, err := valueHist(op, route)
	if err != nil {
		return nil, err
	}
	return normalizeCodes(ResampleHist(h, bits))
}

// valueHist is CiMLoop's hist attribute for route "values" (the value
// histogram) or "magnitudes" (hist_to_magnitude of it); op.Hist must not
// be empty. The result is a fresh slice, not normalized.
func valueHist(op *OperandStats, route string) ([]float64, error) {
	h := op.Hist
	if route == StatsMagnitudes {
		if len(h) < 3 {
			return nil, attrErr("statistics", `use "encoded" or "values" for a 1-bin histogram`,
				"hist_to_magnitude needs at least 3 bins, the histogram has %d", len(h))
		}
		return HistToMagnitude(h), nil
	}
	return append([]float64(nil), h...), nil
}

// HistToMagnitude is CiMLoop's hist_to_magnitude: new[i] = h[c+i] +
// h[c-i] for i < len/2, c = len/2. As in CiMLoop the zero bin is counted
// twice (new[0] = 2 P(0)) and the largest magnitude is dropped, so the
// result has len/2 bins and is not normalized. h must have at least one
// bin.
func HistToMagnitude(h []float64) []float64 {
	c := len(h) / 2
	out := make([]float64, len(h)/2)
	for i := range out {
		out[i] = h[c+i] + h[c-i]
	}
	return out
}

// bitFlipProbability is the dac_x2x compound's Σ p(1-p) / bits over the
// operand's per-bit probabilities (0.25 per bit without statistics).
func bitFlipProbability(op *OperandStats, bits int) float64 {
	if op == nil || len(op.BitProb) == 0 {
		return 0.25
	}
	s := 0.0
	for _, p := range op.BitProb {
		s += p * (1 - p)
	}
	return s / float64(len(op.BitProb))
}

// controllerEnergy is X2X_ladder.get_controller_energy: (V t_nm)^2 x bits x
// 8e-17 J, "0.08 pJ/bit at 32 nm, 1.0 V" as the source comments; the
// hwcomponents port uses t in metres (1e6 x smaller), contradicting that
// comment, so the CiMLoop form is used (scale with controller_energy_scale).
func controllerEnergy(v, techNM, bits float64) float64 {
	return (v * techNM) * (v * techNM) * bits * 8e-17
}

func (s *store) ladderDACClass(name string, c2c bool) *Class {
	kind := "R-2R"
	unitAttr := numAttr("unit_resistance", units.Resistance, 5e3, "unit resistance R (X2X_ladder default 5 kOhm)")
	if c2c {
		kind = "C-2C"
		unitAttr = numAttr("unit_capacitance", units.Capacitance, 1e-12, "unit capacitance C (X2X_ladder default 1 pF)")
	}
	return newClass(name,
		kind+" ladder DAC with input flip-flops (CiMLoop dac_x2x_ladder compound): energy averaged over the operand's code distribution",
		false, []string{"convert", "read"},
		[]AttrSpec{
			reqInt("resolution", "bits per conversion"),
			voltageAttr(1, "ladder reference voltage"),
			unitAttr,
			techAttr(),
			cycleAttr(),
			numAttr("action_latency_cycles", units.None, 1, "cycles a conversion is held (R-2R energy = power x this x cycle_seconds)"),
			numAttr("controller_energy_scale", units.None, 1, "multiplies the digital controller energy (V t_nm)^2 x resolution x 8e-17 J"),
			numAttr("scale_x2x_energy_by", units.None, 1, "multiplies the ladder energy"),
			numAttr("scale_active_energy_by", units.None, 1, "multiplies ladder and flip-flop energy (e.g. 2 for differential inputs)"),
			boolAttr("include_flip_flops", true, "add NeuroSim flip-flops (resolution bits) charged per bit flip"),
			boolAttr("include_controller", true, "add the controller energy"),
			enumAttr("operand", "Inputs", "operand whose value distribution drives the DAC", operandNames...),
			statisticsAttr("CiMLoop hist: the value histogram resampled to the codes, 0 at mid-code"),
		},
		func(p params, stats *Stats) (Estimate, error) {
			res, err := p.intIn("resolution", 1, 16)
			if err != nil {
				return Estimate{}, err
			}
			v, err := p.positive("voltage")
			if err != nil {
				return Estimate{}, err
			}
			t, err := p.inRange("technology", 1, 1000, "")
			if err != nil {
				return Estimate{}, err
			}
			op, err := operandStats(stats, p.str("operand"))
			if err != nil {
				return Estimate{}, err
			}
			var unit, hold float64
			var area float64
			if c2c {
				cap, err := p.positive("unit_capacitance")
				if err != nil {
					return Estimate{}, err
				}
				unit, hold = cap, 1
				// C-2C area = capacitor area x resolution (X2X_ladder.py;
				// its constructor passes capacitance twice and never ran).
				area = capacitorArea(cap, 2.3e-3*(22/t)*(22/t), 1e-12*(t/22)*(t/22)) * float64(res)
			} else {
				r, err := p.positive("unit_resistance")
				if err != nil {
					return Estimate{}, err
				}
				unit = 1 / r / 2
				cyc, err := p.positive("cycle_seconds")
				if err != nil {
					return Estimate{}, err
				}
				alc, err := p.positive("action_latency_cycles")
				if err != nil {
					return Estimate{}, err
				}
				hold = cyc * alc
				// 0.7e-14 m^2 per ohm at 22 nm (X2X_ladder.py R-2R area)
				area = 0.7e-14 * (t / 22) * (t / 22) * float64(res) * r
			}
			route, err := p.oneOf("statistics", statsRoutes...)
			if err != nil {
				return Estimate{}, err
			}
			probs, err := routeProbs(op, route, res)
			if err != nil {
				return Estimate{}, err
			}
			avg := 0.0
			for code, pr := range probs {
				if pr > 0 {
					avg += pr * LadderValueEnergy(code, res, v, unit)
				}
			}
			// dac_x2x_ladder.yaml: convert = DAC.convert x (scale_x2x_energy_by
			// x scale_active_energy_by) + flip_flops.read x (bit flip
			// probability x scale_active_energy_by), where the plug-in's
			// DAC.convert already holds the controller energy; so the
			// scales multiply the controller too (Wang's two ladders, two
			// controllers).
			act := p.num("scale_active_energy_by")
			e := avg * hold
			if p.boolean("include_controller") {
				e += controllerEnergy(v, t, float64(res)) * p.num("controller_energy_scale")
			}
			e *= p.num("scale_x2x_energy_by") * act
			est := Estimate{Area: area}
			if !c2c {
				est.Latency = hold
			}
			if p.boolean("include_flip_flops") {
				ff, err := affineAt(&neuroFlipFlop, float64(res), t)
				if err != nil {
					return Estimate{}, err
				}
				e += ff.e * bitFlipProbability(op, res) * act
				est.Area += ff.a
				est.Leakage += ff.l
			}
			est.Energy = energies(e, "convert", "read")
			return est, nil
		})
}

// capacitorArea is misc.py Capacitor.get_area (unstacked): C / density +
// border.
func capacitorArea(c, fPerM2, border float64) float64 {
	return c/fPerM2 + border
}

func capacitorClass() *Class {
	return newClass("capacitor",
		"capacitor (CiMLoop misc.py): read = C V^2; switch = expected charging energy over the operand's value distribution",
		false, []string{"read", "switch"},
		[]AttrSpec{
			reqNum("capacitance", units.Capacitance, "capacitance"),
			techAttr(),
			voltageAttr(0.7, "voltage (misc.py default 0.7 V)"),
			boolAttr("stacked", false, "stacked over other circuits: no area"),
			optNum("cap_f_per_m2", units.Capacitance.Div(units.Area), "capacitance density (F/m^2); default 2.3e-3 x (22/technology)^2"),
			optNum("border_area", units.Area, "border area; default 1 um^2 x (technology/22)^2"),
			boolAttr("zero_between_values", true, "the capacitor is discharged between values (switch charges from 0)"),
			enumAttr("operand", "Inputs", "operand whose value distribution drives switch", operandNames...),
		},
		func(p params, stats *Stats) (Estimate, error) {
			c, err := p.positive("capacitance")
			if err != nil {
				return Estimate{}, err
			}
			t, err := p.inRange("technology", 1, 1000, "")
			if err != nil {
				return Estimate{}, err
			}
			v, err := p.nonNeg("voltage")
			if err != nil {
				return Estimate{}, err
			}
			dens := 2.3e-3 * (22 / t) * (22 / t)
			if p.has("cap_f_per_m2") {
				if dens, err = p.positive("cap_f_per_m2"); err != nil {
					return Estimate{}, err
				}
			}
			border := 1e-12 * (t / 22) * (t / 22)
			if p.has("border_area") {
				if border, err = p.nonNeg("border_area"); err != nil {
					return Estimate{}, err
				}
			}
			op, err := operandStats(stats, p.str("operand"))
			if err != nil {
				return Estimate{}, err
			}
			var probs []float64
			if op != nil && len(op.Probs) > 1 {
				probs = normalize(op.Probs)
			} else {
				probs = []float64{0.5, 0.5}
			}
			sw := CapacitorSwitchEnergy(c, v, v, probs, p.boolean("zero_between_values"))
			area := 0.0
			if !p.boolean("stacked") {
				area = capacitorArea(c, dens, border)
			}
			return Estimate{Energy: map[string]float64{"read": c * v * v, "switch": sw}, Area: area}, nil
		})
}

func normalize(p []float64) []float64 {
	s := 0.0
	for _, x := range p {
		s += x
	}
	out := make([]float64, len(p))
	for i, x := range p {
		if s > 0 {
			out[i] = x / s
		}
	}
	return out
}

// CapacitorSwitchEnergy is misc.py Capacitor.switch: the expected energy of
// moving between consecutive values drawn from probs (n levels spanning 0..v),
// charging only on upward transitions: Σ_{v0} Σ_{v1 >= v0'} (e(v1) - e(v0'))
// p0 p1 with v0' = 0 if zeroBetween else v0 and e(x) = C (x/(n-1) v) supply.
func CapacitorSwitchEnergy(c, v, supply float64, probs []float64, zeroBetween bool) float64 {
	n := len(probs)
	if n < 2 {
		return 0
	}
	e := func(x int) float64 { return c * (float64(x) / float64(n-1) * v) * supply }
	sum := 0.0
	for v0, p0 := range probs {
		from := v0
		if zeroBetween {
			from = 0
		}
		for v1 := from; v1 < n; v1++ {
			sum += (e(v1) - e(from)) * p0 * probs[v1]
		}
	}
	return sum
}

func wireClass() *Class {
	return newClass("wire",
		"wire (CiMLoop misc.py): read = length x capacitance_per_m x V^2; no area",
		false, []string{"read", "transfer"},
		[]AttrSpec{
			reqNum("length", units.Length, "wire length"),
			numAttr("capacitance_per_m", units.Capacitance.Div(units.Length), 2e-10, "capacitance per metre (F/m; NeuroSim's 0.2 fF/um)"),
			voltageAttr(0.7, "swing voltage (misc.py default 0.7 V; misc.py passes it into technology by mistake, which does not affect energy)"),
		},
		func(p params, _ *Stats) (Estimate, error) {
			l, err := p.nonNeg("length")
			if err != nil {
				return Estimate{}, err
			}
			cpm, err := p.nonNeg("capacitance_per_m")
			if err != nil {
				return Estimate{}, err
			}
			v, err := p.nonNeg("voltage")
			if err != nil {
				return Estimate{}, err
			}
			return Estimate{Energy: energies(l*cpm*v*v, "read", "transfer")}, nil
		})
}

func passGateClass() *Class {
	return newClass("pass_gate",
		"pass gate (CiMLoop misc.py): no energy; area = 2 transistors x transistor_area_f2 x F^2",
		false, []string{"read"},
		[]AttrSpec{techAttr(), numAttr("transistor_area_f2", units.None, 100, "area of one transistor in F^2")},
		func(p params, _ *Stats) (Estimate, error) {
			t, err := p.inRange("technology", 1, 1000, "")
			if err != nil {
				return Estimate{}, err
			}
			a, err := p.nonNeg("transistor_area_f2")
			if err != nil {
				return Estimate{}, err
			}
			f := t * 1e-9
			return Estimate{Energy: energies(0, "read"), Area: 2 * a * f * f}, nil
		})
}

// c2cMultiplier is CiMLoop components/c2c_multiplier.yaml (Wang VLSI'22):
// per bit a unit capacitor C and a 2C capacitor, two pass gates and two
// NeuroSim inverters. "Energy is consumed when: 1. A increases, and all the
// B capacitors are charged 2. Any B bit goes 0->1, and the corresponding
// capacitor is charged."
//
//	switch_a = resolution x switch(C + 2C, a_hist, not discharged) x ref_scale
//	switch_b = resolution x (C + 2C) x a_rms x V x b_lo2hi_probability
//
// with a_rms = sqrt(Σ i^2 p_i) V/(n-1) over the A histogram and
// b_lo2hi_probability = Σ p(1-p)/bits over B's bit probabilities.
// Port classes c2c_mult_input_port_a (read = write = switch_a) and
// c2c_mult_input_port_b (read = switch_b, no area) are what Wang's
// architecture instantiates; in it the port keeping Weights uses port_a,
// driven by the Inputs histogram, so each action is tied to the other
// operand's statistics (cimloop-spec.md 9.7): reproduced by the defaults
// a_operand = "Inputs", b_operand = "Weights".
func (s *store) c2cClass(name string, actions []string, areaOn bool, defaultRef string) *Class {
	return newClass(name,
		"C-2C analog x digital multiplier (CiMLoop c2c_multiplier, Wang VLSI'22): capacitor charging from the operand statistics",
		false, actions,
		[]AttrSpec{
			reqInt("resolution", "bits of the digital operand B (capacitor pairs)"),
			voltageAttr(1, "supply voltage"),
			numAttr("unit_capacitance", units.Capacitance, 1e-15, "unit capacitance C (c2c_multiplier.yaml default 1 fF)"),
			techAttr(),
			boolAttr("capacitors_are_stacked", false, "capacitors stacked over logic: no capacitor area"),
			optNum("ref_node_equivalent_capacitance_scale", units.None, "multiplies switch_a; default "+defaultRef),
			enumAttr("a_operand", "Inputs", "operand whose value histogram drives switch_a and a_rms", operandNames...),
			enumAttr("b_operand", "Weights", "operand whose bit probabilities drive switch_b", operandNames...),
			statisticsAttr("CiMLoop a_hist: the value histogram's bins as levels, not resampled"),
		},
		func(p params, stats *Stats) (Estimate, error) {
			res, err := p.intIn("resolution", 1, 16)
			if err != nil {
				return Estimate{}, err
			}
			v, err := p.nonNeg("voltage")
			if err != nil {
				return Estimate{}, err
			}
			c, err := p.positive("unit_capacitance")
			if err != nil {
				return Estimate{}, err
			}
			t, err := p.inRange("technology", 7, 130, "the NeuroSim inverter covers 7-130 nm")
			if err != nil {
				return Estimate{}, err
			}
			ref := 1.67 / float64(res)
			if defaultRef == "1.67/8" {
				ref = 1.67 / 8
			}
			if p.has("ref_node_equivalent_capacitance_scale") {
				if ref, err = p.nonNeg("ref_node_equivalent_capacitance_scale"); err != nil {
					return Estimate{}, err
				}
			}
			a, err := operandStats(stats, p.str("a_operand"))
			if err != nil {
				return Estimate{}, err
			}
			b, err := operandStats(stats, p.str("b_operand"))
			if err != nil {
				return Estimate{}, err
			}
			route, err := p.oneOf("statistics", statsRoutes...)
			if err != nil {
				return Estimate{}, err
			}
			// a_hist: the encoded codes of a's slices, or (CiMLoop's
			// a_hist = INPUTS_HIST) the value histogram's bins as levels,
			// not resampled.
			var hist []float64
			switch {
			case a != nil && route != StatsEncoded && len(a.Hist) > 0:
				h, err := valueHist(a, route)
				if err != nil {
					return Estimate{}, err
				}
				if hist, err = normalizeCodes(h); err != nil {
					return Estimate{}, err
				}
			case a != nil && len(a.Probs) > 1:
				hist = normalize(a.Probs)
			default:
				hist, _ = codeProbs(nil, res)
			}
			n := float64(len(hist) - 1)
			ms := 0.0
			for i, pr := range hist {
				ms += float64(i) * float64(i) * pr
			}
			aRMS := math.Sqrt(ms) * v / n
			k := float64(res) * 3 * c // C + 2C per bit
			switchA := CapacitorSwitchEnergy(k, v, v, hist, false) * ref
			switchB := k * aRMS * v * bitFlipProbability(b, res)
			e := map[string]float64{}
			for _, act := range actions {
				switch act {
				case "switch_a", "write":
					e[act] = switchA
				case "switch_b":
					e[act] = switchB
				case "read":
					if name == "c2c_mult_input_port_b" {
						e[act] = switchB
					} else {
						e[act] = switchA
					}
				}
			}
			est := Estimate{Energy: e}
			if areaOn {
				if !p.boolean("capacitors_are_stacked") {
					dens, border := 2.3e-3*(22/t)*(22/t), 1e-12*(t/22)*(t/22)
					est.Area += float64(res) * (capacitorArea(c, dens, border) + capacitorArea(2*c, dens, border))
				}
				f := t * 1e-9
				est.Area += float64(res) * 2 * (2 * 100 * f * f) // 2 pass gates of 2 x 100 F^2
				m, err := s.misc.get()
				if err != nil {
					return Estimate{}, err
				}
				inv, err := m.lookup("not gate", t, 1, 0, false)
				if err != nil {
					return Estimate{}, err
				}
				est.Area += float64(res) * 2 * inv.a
			}
			return est, nil
		})
}
