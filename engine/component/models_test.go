package component

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/lang/units"
)

func n0(v float64) Attrs { return Attrs{"technology": num(v, units.None)} }

func with(a Attrs, kv ...any) Attrs {
	out := Attrs{}
	for k, v := range a {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case float64:
			out[kv[i].(string)] = num(v, units.None)
		case int:
			out[kv[i].(string)] = num(float64(v), units.None)
		case string:
			out[kv[i].(string)] = StrValue(v)
		case bool:
			out[kv[i].(string)] = BoolValue(v)
		case units.Quantity:
			out[kv[i].(string)] = num(v.Value, v.Dim)
		}
	}
	return out
}

// The constants in adc.go are the ones in the embedded coefficient table.
func TestADCCoefficientsMatchTable(t *testing.T) {
	col, rows := readEmbedded(t, "adc_model_coefficients.csv")
	byKey := map[string]float64{}
	for _, r := range rows {
		byKey[r[col["group"]]+"/"+r[col["key"]]] = f64(t, r[col["value"]])
	}
	assert.Equal(t, adcFOMSIntercept, byKey["FOMS_hf_dB/intercept"])
	assert.Equal(t, adcFOMSFreqSlope, byKey["FOMS_hf_dB/frequency (Hz)"])
	assert.Equal(t, adcTechIntercept, byKey["FOMS_hf_dB/tech intercept"])
	assert.Equal(t, adcTechSlope, byKey["FOMS_hf_dB/tech slope"])
	assert.Equal(t, adcENOBSlope, byKey["FOMS_hf_dB/enob slope"])
	assert.Equal(t, adcEnergyRes, byKey["FOMS_hf_dB/energy (pJ/op) res"])
	assert.Equal(t, adcMaxLnHz, byKey["frequency/max_ln_hz"])
	assert.Equal(t, adcAreaIntercept, byKey["area_ln_um2/intercept"])
	assert.Equal(t, adcAreaTech, byKey["area_ln_um2/tech node (nm)"])
	assert.Equal(t, adcAreaFreq, byKey["area_ln_um2/frequency (Hz)"])
	assert.Equal(t, adcAreaEnergy, byKey["area_ln_um2/energy (pJ/op)"])
	for i, v := range adcMaxByENOB {
		assert.Equal(t, v, byKey["FOMS_hf_dB_max_by_enob/"+itoa(i)], i)
	}
}

func itoa(i int) string { return units.FormatNumber(float64(i)) }

// The Stillmaker-Baas constants in techscale.go are the embedded tables.
func TestStillmakerTablesMatchCSV(t *testing.T) {
	col, rows := readEmbedded(t, "tech_scaling_stillmaker_area.csv")
	require.Len(t, rows, 10)
	for i, r := range rows {
		assert.Equal(t, stillmakerNodes[i], f64(t, r[0]))
		for j := 0; j < 10; j++ {
			assert.Equal(t, stillmakerArea[i][j], f64(t, r[j+1]), "%d,%d", i, j)
		}
	}
	col, rows = readEmbedded(t, "tech_scaling_stillmaker_energy.csv")
	for i, r := range rows {
		assert.Equal(t, stillmakerNodes[i], f64(t, r[col["node_nm"]]))
		assert.Equal(t, stillmakerEnergy[i], [3]float64{f64(t, r[col["a_Vdd2"]]), f64(t, r[col["b_Vdd"]]), f64(t, r[col["c"]])})
		sameDigits(t, f64(t, r[col["F_at_0.8V"]]), stillmakerF(i, 0.8), "F(0.8) node %v", stillmakerNodes[i])
	}
}

func TestScalingHelpers(t *testing.T) {
	// Table nodes: the factor is the table entry (32 -> 65 nm area 3.3).
	a, err := ScaleArea(2, 32, 65)
	require.NoError(t, err)
	assert.InEpsilon(t, 6.6, a, 1e-12)
	// energy 32 -> 65 = F(65)/F(32) at 0.8 V = 0.8598/0.456936
	e, err := ScaleEnergy(1, 32, 65)
	require.NoError(t, err)
	assert.InEpsilon(t, (3.755*0.64-4.398*0.8+1.975)/(0.9559*0.64-0.7823*0.8+0.471), e, 1e-12)
	_, err = ScaleEnergy(1, -3, 65)
	assert.Error(t, err)
	_, err = ScaleArea(1, 32, math.NaN())
	assert.Error(t, err)
	l, err := ScaleLatency(1e-9, 32, 16)
	require.NoError(t, err)
	assert.InEpsilon(t, 0.5e-9, l, 1e-12)
	// CiMLoop's VOLTAGE_ENERGY_SCALE for Jia at 0.75 V: (0.75/0.85)^2
	v, err := ScaleVoltageEnergy(1, 0.85, 0.75)
	require.NoError(t, err)
	assert.InEpsilon(t, (0.75/0.85)*(0.75/0.85), v, 1e-12)
	s, err := VoltageScale(0.8, 0.7, 1.7) // Sinangil's exponent
	require.NoError(t, err)
	assert.InEpsilon(t, math.Pow(0.7/0.8, 1.7), s, 1e-12)
	_, err = VoltageScale(0, 1, 2)
	assert.Error(t, err)
}

func TestADCClassOptions(t *testing.T) {
	r := mustNew(t)
	base := Attrs{"resolution": num(8, units.None), "technology": num(65, units.None)}
	// Derived throughput: conversions_per_cycle / cycle x throughput_scale.
	// Jia (cimloop-spec.md 9): 8b, 65 nm, 256 ADCs, 1.35 us cycle -> 6.4945 pJ, 4887 um^2 per ADC.
	jia := eval(t, r, "adc", with(base, "n_adcs", 256, "cycle_seconds", units.Q(1.35e-6, units.Time)), nil)
	assert.InEpsilon(t, 6.4945e-12, jia.Energy["convert"], 1e-4)
	assert.InEpsilon(t, 4887e-12*256, jia.Area, 1e-3)
	// CiMLoop multiplies by ADC_ENERGY_SCALE 0.275 and ADC_AREA_SCALE 0.4: 1.786 pJ, 0.5006 mm^2
	scaled := eval(t, r, "adc", with(base, "n_adcs", 256, "cycle_seconds", units.Q(1.35e-6, units.Time), "energy_scale", 0.275, "area_scale", 0.4), nil)
	assert.InEpsilon(t, 1.786e-12, scaled.Energy["convert"], 1e-3)
	assert.InEpsilon(t, 0.5006e-6, scaled.Area, 1e-3)
	// hwcomponents split: 0.8 E per convert, 0.2 E x throughput as leakage
	thr := units.Q(1e8, units.Frequency)
	cim := eval(t, r, "adc", with(base, "throughput", thr), nil)
	hwc := eval(t, r, "adc", with(base, "throughput", thr, "leak_model", "hwcomponents"), nil)
	assert.InEpsilon(t, 0.8*cim.Energy["convert"], hwc.Energy["convert"], 1e-12)
	assert.InEpsilon(t, 0.2*cim.Energy["convert"]*1e8, hwc.Leakage, 1e-12)
}

// CACTI grid points come out exactly; the wrapper's pre-scaling and
// technology rules are applied on top (component-models.md section 7.1).
func TestSRAM(t *testing.T) {
	r := mustNew(t)
	sram := func(w, d, tech float64) Estimate {
		return eval(t, r, "sram", with(n0(tech), "width", w, "depth", d), nil)
	}
	// cacti_sram_grid.csv: 32 nm, 256 x 2048, 1 port
	e := sram(256, 2048, 32)
	assert.InEpsilon(t, 29.5577e-12, e.Energy["read"], 1e-12)
	assert.InEpsilon(t, 36.4598e-12, e.Energy["write"], 1e-12)
	assert.Equal(t, e.Energy["write"], e.Energy["update"])
	assert.InEpsilon(t, 0.00280343e-3, e.Leakage, 1e-12)
	assert.InEpsilon(t, 100644e-12, e.Area, 1e-12)
	assert.InEpsilon(t, 1.28235e-9, e.Latency, 1e-12)
	// Narrow and shallow: W' = 32, D' = 64, energy x (0.7 ws + 0.3) ds^0.78, area x ws ds
	small := sram(16, 32, 32)
	assert.InEpsilon(t, 0.350301e-12*(0.7*0.5+0.3)*math.Pow(0.5, 0.78), small.Energy["read"], 1e-12)
	assert.InEpsilon(t, 536.416e-12*0.25, small.Area, 1e-12)
	assert.InEpsilon(t, 2.25579e-5*1e-3*0.25, small.Leakage, 1e-12)
	// 40 nm: linear between 32 and 45 nm (64 x 128)
	e40 := sram(64, 128, 40)
	assert.InEpsilon(t, (0.895202+(1.66966-0.895202)*8/13)*1e-12, e40.Energy["read"], 1e-12)
	// 7 nm: 22 nm values x sqrt(7/22) (energy), x 7/22 (area), x sqrt(7/22) x 0.79 (leakage)
	e7 := sram(32, 64, 7)
	assert.InEpsilon(t, 0.14333e-12*math.Sqrt(7.0/22), e7.Energy["read"], 1e-12)
	assert.InEpsilon(t, 251.543e-12*7/22, e7.Area, 1e-12)
	assert.InEpsilon(t, 9.84114e-5*1e-3*math.Sqrt(7.0/22)*0.79, e7.Leakage, 1e-12)
	// 130 nm: 90 nm values x (130/90)^2
	e130 := sram(64, 128, 130)
	assert.InEpsilon(t, 6.1404e-12*(130.0/90)*(130.0/90), e130.Energy["read"], 1e-12)
	// Off-grid depth: log-log between 128 and 256
	a, b, mid := sram(64, 128, 32), sram(64, 256, 32), sram(64, 192, 32)
	w := math.Log(1.5) / math.Log(2)
	assert.InEpsilon(t, math.Exp(math.Log(a.Energy["read"])+(math.Log(b.Energy["read"])-math.Log(a.Energy["read"]))*w), mid.Energy["read"], 1e-12)
	// dual-port row
	dp := eval(t, r, "sram", with(n0(32), "width", 32, "depth", 1024, "n_rw_ports", 2), nil)
	assert.InEpsilon(t, 2.66456e-12, dp.Energy["read"], 1e-12)

	// smartbuffer_sram: + one NeuroSim adder of ceil(log2 depth) = 11 bits per
	// access; 2 adders of area and leakage (n_instances 2)
	sb := eval(t, r, "smartbuffer_sram", with(n0(32), "width", 256, "depth", 2048), nil)
	add, addA, addL, err := NeuroSimAdder(11, 32)
	require.NoError(t, err)
	assert.InEpsilon(t, (0.00202083*11+0.000137385)*1e-12, add, 1e-6) // affine coefficients at 32 nm
	assert.InEpsilon(t, 29.5577e-12+add, sb.Energy["read"], 1e-12)
	assert.InEpsilon(t, 36.4598e-12+add, sb.Energy["write"], 1e-12)
	assert.InEpsilon(t, 100644e-12+2*addA, sb.Area, 1e-12)
	assert.InEpsilon(t, 0.00280343e-3+2*addL, sb.Leakage, 1e-12)
}

func TestDRAM(t *testing.T) {
	r := mustNew(t)
	// cacti_plugin_dram.csv: HBM2 3.9 pJ/bit (CiMLoop era) vs 6.25 (hwcomponents)
	h := eval(t, r, "dram", Attrs{"type": StrValue("HBM2"), "width": num(128, units.None)}, nil)
	assert.InEpsilon(t, 3.9*128e-12, h.Energy["read"], 1e-12)
	assert.Zero(t, h.Area)
	hw := eval(t, r, "dram", Attrs{"type": StrValue("hbm2"), "width": num(128, units.None), "energy_source": StrValue("hwcomponents")}, nil)
	assert.InEpsilon(t, 6.25*128e-12, hw.Energy["write"], 1e-12)
	assert.InEpsilon(t, 128/2576980377.6, hw.Latency, 1e-12)
	l := eval(t, r, "dram", Attrs{"width": num(64, units.None)}, nil) // LPDDR4 default, 8 pJ/bit
	assert.InEpsilon(t, 512e-12, l.Energy["update"], 1e-12)
}

// Ladder DAC worked example (cimloop-spec.md 9.6, Wang defaults): 0.5 V,
// R = 5 kOhm, 8 bits, 22 nm, histogram [2]*7, cycle 4.6608 ns: per-value
// power 1.6666e-5 W at codes 1 and 255, 1.25e-5 W at 128; P_avg 2.8357e-5 W
// -> 0.13216 pJ; controller 0.07744 pJ.
func TestLadderDAC(t *testing.T) {
	unit := 1 / 5e3 / 2
	assert.InEpsilon(t, 1.6666e-5, LadderValueEnergy(1, 8, 0.5, unit), 1e-4)
	assert.InEpsilon(t, 1.6666e-5, LadderValueEnergy(255, 8, 0.5, unit), 1e-4)
	assert.InEpsilon(t, 1.25e-5, LadderValueEnergy(128, 8, 0.5, unit), 1e-9)
	// Textbook R-2R property (2R termination, open output): the output node
	// sits at V x code / 2^n for every code; an independent check of the solve.
	for code := 0; code < 256; code++ {
		bits := make([]bool, 8)
		for i := range bits {
			bits[i] = code>>i&1 == 1
		}
		v := LadderNodeVoltages(bits, 0.5)
		assert.InDelta(t, 0.5*float64(code)/256, v[7], 1e-12, "code %d", code)
	}
	hist := ResampleHist([]float64{2, 2, 2, 2, 2, 2, 2}, 8)
	assert.InEpsilon(t, 2/(7.0/256), hist[0], 1e-12) // 73.14, the exact-map boost
	assert.InEpsilon(t, 2/(7.0/256), hist[128], 1e-12)
	r := mustNew(t)
	attrs := Attrs{"resolution": num(8, units.None), "technology": num(22, units.None), "voltage": num(0.5, units.Voltage),
		"cycle_seconds": num(4.6608e-9, units.Time), "include_flip_flops": BoolValue(false)}
	est := eval(t, r, "dac_r2r_ladder", attrs, &Stats{Inputs: OperandStats{Probs: []float64{2, 2, 2, 2, 2, 2, 2}}})
	assert.InEpsilon(t, 0.13216e-12+0.07744e-12, est.Energy["convert"], 1e-4)
	// area 0.7e-14 m^2/Ohm x (22/22)^2 x 8 x 5000
	assert.InEpsilon(t, 0.7e-14*8*5000, est.Area, 1e-12)

	// The same DAC fed as Wang's macro feeds it: the value histogram
	// [1]*15 with statistics = "magnitudes" is hist_to_magnitude -> [2]*7,
	// the worked example again, whatever the encoded codes say.
	ones := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	allZero := make([]float64, 256)
	allZero[0] = 1 // encoded statistics that say "always code 0"
	wang := &Stats{Inputs: OperandStats{Probs: allZero, Hist: ones}}
	attrs["statistics"] = StrValue("magnitudes")
	mag := eval(t, r, "dac_r2r_ladder", attrs, wang)
	assert.InEpsilon(t, 0.13216e-12+0.07744e-12, mag.Energy["convert"], 1e-4)
	// "encoded" reads the codes: code 0 draws nothing, the controller remains.
	attrs["statistics"] = StrValue("encoded")
	enc := eval(t, r, "dac_r2r_ladder", attrs, wang)
	assert.InEpsilon(t, 0.07744e-12, enc.Energy["convert"], 1e-4)
	// "values" resamples [1]*15 itself (value 0 at code 128).
	attrs["statistics"] = StrValue("values")
	val := eval(t, r, "dac_r2r_ladder", attrs, wang)
	rs := ResampleHist(ones, 8)
	want, sum := 0.0, 0.0
	for code, p := range rs {
		want += p * LadderValueEnergy(code, 8, 0.5, unit)
		sum += p
	}
	assert.InEpsilon(t, want/sum*4.6608e-9+0.07744e-12, val.Energy["convert"], 1e-9)
	// Wang's differential pair: scale_active_energy_by = 2 doubles ladder
	// and controller alike (dac_x2x_ladder.yaml: DAC.convert, controller
	// included, x scale_x2x_energy_by x scale_active_energy_by), the
	// cimloop-spec.md 9.6 figure of 2 x (0.13216 + 0.07744) pJ per convert
	// (x 512 converts = 214.6 pJ per full array).
	attrs["statistics"] = StrValue("magnitudes")
	attrs["scale_active_energy_by"] = num(2, units.None)
	pair := eval(t, r, "dac_r2r_ladder", attrs, wang)
	assert.InEpsilon(t, 2*(0.13216e-12+0.07744e-12), pair.Energy["convert"], 1e-4)
	assert.InEpsilon(t, 214.6e-12, 512*pair.Energy["convert"], 1e-3)
	delete(attrs, "scale_active_energy_by")
	attrs["statistics"] = StrValue("histogram")
	cls, ok := r.Lookup("dac_r2r_ladder")
	require.True(t, ok)
	_, err := cls.Model(attrs, wang)
	require.ErrorContains(t, err, `"encoded", "values", "magnitudes"`)
	delete(attrs, "statistics")

	// C-2C, 1 bit, 1 pF, 1 V, 32 nm, uniform codes: node at V/2 so code 1
	// draws C V (V - V/2) = 0.5 pJ, average 0.25 pJ; controller (1 x 32)^2 x
	// 8e-17 J = 0.08192 pJ.
	c2c := eval(t, r, "dac_c2c_ladder", Attrs{"resolution": num(1, units.None), "technology": num(32, units.None), "include_flip_flops": BoolValue(false)}, nil)
	assert.InEpsilon(t, 0.25e-12+0.08192e-12, c2c.Energy["convert"], 1e-12)
	assert.InEpsilon(t, 1e-12/(2.3e-3*(22.0/32)*(22.0/32))+1e-12*(32.0/22)*(32.0/22), c2c.Area, 1e-12)
	// flip-flops: + FF(resolution bits).read x bit flip probability (0.25 without statistics)
	ff := eval(t, r, "dac_c2c_ladder", Attrs{"resolution": num(1, units.None), "technology": num(32, units.None)}, nil)
	ffE, _, _, err := NeuroSimFlipFlop(1, 32)
	require.NoError(t, err)
	assert.InEpsilon(t, c2c.Energy["convert"]+0.25*ffE, ff.Energy["convert"], 1e-12)
	// A 1-bit slice on a 2-bit DAC uses the low codes: P(0) = 0.5, P(1) = 0.5.
	// Code 1 on a 2-bit C-2C ladder (1 pF, 1 V) draws C V (V - V0) with V0 the
	// LSB node voltage: solve 4 V0 - 2 V1 = 1, 3 V1 - 2 V0 = 0 -> V0 = 3/8.
	two := eval(t, r, "dac_c2c_ladder", Attrs{"resolution": num(2, units.None), "technology": num(32, units.None), "include_flip_flops": BoolValue(false), "include_controller": BoolValue(false)},
		&Stats{Inputs: OperandStats{Probs: []float64{0.5, 0.5}}})
	assert.InEpsilon(t, 0.5*1e-12*(1-3.0/8), two.Energy["convert"], 1e-12)
	_, err = r.classes["dac"].Model(Attrs{"resolution": num(1, units.None), "technology": num(32, units.None)},
		&Stats{Inputs: OperandStats{Probs: []float64{0.25, 0.25, 0.25, 0.25}}})
	var ae *AttrError
	require.ErrorAs(t, err, &ae, "a 2-bit slice on a 1-bit DAC")
	withBits := eval(t, r, "dac_c2c_ladder", Attrs{"resolution": num(1, units.None), "technology": num(32, units.None)},
		&Stats{Inputs: OperandStats{BitProb: []float64{0.1}}})
	assert.InEpsilon(t, c2c.Energy["convert"]+0.09*ffE, withBits.Energy["convert"], 1e-12)
}

func TestCapacitorWirePassGate(t *testing.T) {
	r := mustNew(t)
	c := Attrs{"capacitance": num(1e-15, units.Capacitance), "technology": num(22, units.None)}
	e := eval(t, r, "capacitor", c, nil)
	assert.InEpsilon(t, 1e-15*0.49, e.Energy["read"], 1e-12) // C V^2 at the 0.7 V default
	// switch over two equiprobable levels from 0: E[e(v)] = 0.5 C V^2
	assert.InEpsilon(t, 0.245e-15, e.Energy["switch"], 1e-12)
	assert.InEpsilon(t, 1e-15/2.3e-3+1e-12, e.Area, 1e-12)
	// not discharged between values: only the 0 -> 1 transition, p = 1/4
	e2 := eval(t, r, "capacitor", with(c, "zero_between_values", false), nil)
	assert.InEpsilon(t, 0.1225e-15, e2.Energy["switch"], 1e-12)
	assert.InEpsilon(t, 0.1225e-15, CapacitorSwitchEnergy(1e-15, 0.7, 0.7, []float64{0.5, 0.5}, false), 1e-12)
	st := eval(t, r, "capacitor", with(c, "stacked", true), nil)
	assert.Zero(t, st.Area)
	w := eval(t, r, "wire", Attrs{"length": num(100e-6, units.Length)}, nil)
	assert.InEpsilon(t, 100e-6*2e-10*0.49, w.Energy["read"], 1e-12)
	pg := eval(t, r, "pass_gate", n0(32), nil)
	assert.InEpsilon(t, 2*100*32e-9*32e-9, pg.Area, 1e-12)
}

func TestLibrary(t *testing.T) {
	r := mustNew(t)
	// component-models.md 5.2: Jia at 0.85 V: jia_shift_add read = 2.25 (0.85/1.2)^2 = 1.129 pJ;
	// leak 1.2 pJ per 540 ns is a power of 2.222 uW whatever the cycle.
	js := eval(t, r, "jia_shift_add", with(n0(65), "voltage", units.Q(0.85, units.Voltage), "cycle_seconds", units.Q(1.35e-6, units.Time)), nil)
	assert.InEpsilon(t, 2.25e-12*(0.85/1.2)*(0.85/1.2), js.Energy["read"], 1e-12)
	assert.InEpsilon(t, 1.2e-12/540e-9, js.Leakage, 1e-12)
	assert.InEpsilon(t, 5000e-12, js.Area, 1e-12)
	// isaac_adc: the explicit 6-bit row wins (1.20 pJ, 626.91 um^2) ...
	a6 := eval(t, r, "isaac_adc", with(n0(32), "resolution", 6), nil)
	assert.InEpsilon(t, 1.20e-12, a6.Energy["convert"], 1e-12)
	assert.InEpsilon(t, 626.91e-12, a6.Area, 1e-12)
	// ... 11 bits has no row: the first 8-bit row x 2^(11-8)
	a11 := eval(t, r, "isaac_adc", with(n0(32), "resolution", 11), nil)
	assert.InEpsilon(t, 1.666666667e-12*8, a11.Energy["read"], 1e-12)
	// aladdin_adder at 32 nm, 16 bits: 0.21 pJ x 16/32 x legacy Stillmaker 40 -> 32
	// (0.834 in component-models.md 2.1)
	ad := eval(t, r, "aladdin_adder", with(n0(32), "width", 16), nil)
	assert.InEpsilon(t, 0.21e-12*0.5*0.834, ad.Energy["add"], 1e-3)
	fixed := eval(t, r, "aladdin_adder", with(n0(32), "width", 16, "tech_interpolation", "fixed"), nil)
	assert.InEpsilon(t, 0.21e-12*0.5*0.759, fixed.Energy["add"], 1e-3) // fixed 40 -> 32 = 0.759
	// Wan: n_steps scales energy linearly; area comes from the n_steps=* rows
	wi := eval(t, r, "wan_analog_integrator", with(n0(130), "n_steps", 4), nil)
	assert.InEpsilon(t, 1e-12, wi.Energy["read"], 1e-12)
	assert.InEpsilon(t, 350e-12, wi.Area, 1e-12)
	// Albireo scenario rows; leak rows at 1 s cycles are powers: 0.388e9 pJ/s = 0.388 mW
	mrr := eval(t, r, "albireo_mrr", with(n0(7), "scaling", "moderate"), nil)
	assert.InEpsilon(t, 0.388e-3, mrr.Leakage, 1e-12)
	tia := eval(t, r, "albireo_tia", with(n0(7), "scaling", "aggressive"), nil)
	assert.InEpsilon(t, 0.0375e-12, tia.Energy["convert"], 1e-12)
	// depth scales energy ^0.78 and area linearly
	ed := eval(t, r, "isaac_edram", with(n0(32), "depth", 4096), nil)
	assert.InEpsilon(t, 20.45e-12*math.Pow(2, 0.78), ed.Energy["read"], 1e-12)
	assert.InEpsilon(t, 83000e-12*2, ed.Area, 1e-12)
	// pointer aliases copy the target's entries
	al := eval(t, r, "atomlayer_dac", n0(32), nil)
	assert.InEpsilon(t, 0.41667e-12, al.Energy["drive"], 1e-12)
}

func TestAladdinTables(t *testing.T) {
	assert.Equal(t, 0.5, AladdinLatencyNS(0.3e-9, 1))
	assert.Equal(t, 2.0, AladdinLatencyNS(1.2e-9, 1))
	assert.Equal(t, 6.0, AladdinLatencyNS(7e-9, 1))
	assert.Equal(t, 6.0, AladdinLatencyNS(10e-9, 1))
	assert.Equal(t, 10.0, AladdinLatencyNS(12e-9, 1))
	r := mustNew(t)
	// counter, 16 bits, 40 nm, 1 ns row: 0.25074 pJ x 16/32, 495.5 um^2 x 16/32,
	// idle 3.213e-4 pJ per 1 ns -> 0.3213 uW x 16/32
	c := eval(t, r, "counter", with(n0(40), "width", 16), nil)
	assert.InEpsilon(t, 0.25074e-12*0.5, c.Energy["count"], 1e-12)
	assert.InEpsilon(t, 495.5e-12*0.5, c.Area, 1e-12)
	assert.InEpsilon(t, 3.213e-4*1e-12/1e-9*0.5, c.Leakage, 1e-12)
	// multiplier at a 2 ns clock: 9.55 pJ x (16/32)^2
	m := eval(t, r, "intmultiplier", with(n0(45), "width", 16, "cycle_seconds", units.Q(2e-9, units.Time)), nil)
	assert.InEpsilon(t, 9.55e-12*0.25, m.Energy["multiply"], 1e-12)
	// other nodes only with scale_technology (fixed Stillmaker from 40 nm)
	_, err := r.classes["counter"].Model(with(n0(32), "width", 16), nil)
	assert.Error(t, err)
	s := eval(t, r, "counter", with(n0(32), "width", 16, "scale_technology", true), nil)
	es, _ := EnergyScale(40, 32, Fixed)
	assert.InEpsilon(t, c.Energy["count"]*es, s.Energy["count"], 1e-12)
}

// zero_comparator at 40 nm (library entries native, no technology scaling):
// comparator 0.02947 pJ x 8/32 + NeuroSim 1-bit flip-flop at 40 nm + 0.5 x
// counter 0.25074 x 6/32 (ceil(log2 64) = 6 bits).
func TestZeroComparator(t *testing.T) {
	r := mustNew(t)
	est := eval(t, r, "zero_comparator", with(n0(40), "n_comparators", 4, "width", 8, "n_flags_store", 64), nil)
	ff := (0.004770342320106 + (0.009363590273968-0.004770342320106)*8/13) * 1e-12
	assert.InEpsilon(t, 0.02947e-12*0.25+ff+0.5*0.25074e-12*6/32, est.Energy["read"], 1e-9)
	ffA := (2.614886396539 + (5.171039968856-2.614886396539)*8/13) * 1e-12
	assert.InEpsilon(t, 4*71e-12*0.25+64*ffA+495.5e-12*6/32, est.Area, 1e-9)
}

func TestGenericClasses(t *testing.T) {
	r := mustNew(t)
	s := eval(t, r, "storage", Attrs{"read_energy": num(1e-12, units.Energy), "write_energy": num(2e-12, units.Energy),
		"area": num(1e-9, units.Area), "leak_power": num(1e-6, units.Power)}, nil)
	assert.Equal(t, map[string]float64{"read": 1e-12, "write": 2e-12, "update": 2e-12}, s.Energy) // update defaults to write
	assert.Equal(t, 1e-9, s.Area)
	assert.Equal(t, 1e-6, s.Leakage)
	u := eval(t, r, "storage", Attrs{"write_energy": num(2e-12, units.Energy), "update_energy": num(3e-12, units.Energy)}, nil)
	assert.Equal(t, 3e-12, u.Energy["update"])
	m := eval(t, r, "mac", Attrs{"compute_energy": num(0.5e-12, units.Energy), "energy_scale": num(2, units.None)}, nil)
	assert.Equal(t, 1e-12, m.Energy["compute"])
	z := eval(t, r, "free_mac", nil, nil)
	assert.Equal(t, map[string]float64{"compute": 0}, z.Energy)
	c, _ := r.Lookup("dummy")
	assert.True(t, c.Storage)
}

// C-2C multiplier, 1 bit, 1 V, 1 fF, A histogram [0.5, 0.5], B bit
// probability 0.5: switch_a = switch(3 fF, not discharged) x 1.67 = 3 fF x
// 1 V x 1 V x 1/4 x 1.67; switch_b = 3 fF x a_rms x 1 V x 0.25 with a_rms =
// sqrt(0.5) V.
func TestC2CMultiplier(t *testing.T) {
	r := mustNew(t)
	st := &Stats{Inputs: OperandStats{Probs: []float64{0.5, 0.5}}, Weights: OperandStats{BitProb: []float64{0.5}}}
	e := eval(t, r, "c2c_multiplier", Attrs{"resolution": num(1, units.None), "technology": num(22, units.None)}, st)
	assert.InEpsilon(t, 3e-15*0.25*1.67, e.Energy["switch_a"], 1e-12)
	assert.InEpsilon(t, 3e-15*math.Sqrt(0.5)*0.25, e.Energy["switch_b"], 1e-12)
	pb := eval(t, r, "c2c_mult_input_port_b", Attrs{"resolution": num(1, units.None), "technology": num(22, units.None)}, st)
	assert.Equal(t, e.Energy["switch_b"], pb.Energy["read"])
	assert.Zero(t, pb.Area)

	// Wang's ports with statistics = "values": a_hist = INPUTS_HIST =
	// [1]*15, 15 levels as given (not resampled), 8 bits, 2 fF, 1 V,
	// ref scale 1.67/8. Uniform levels 0..14: E[max(0, v1 - v0)] = sum_d
	// d (15 - d) / 225 = 560/225, so switch_a = 8 x 3 x 2 fF x (560/225/14)
	// x 1 V^2 x 1.67/8 = 1.78133 fJ; a_rms = sqrt(sum i^2 / 15) / 14 V =
	// sqrt(1015/15) / 14 V, switch_b = 48 fF x a_rms x 1 V x 0.25 (B bits
	// at 0.5).
	ones := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	wst := &Stats{Inputs: OperandStats{Probs: []float64{1, 0}, Hist: ones}, Weights: OperandStats{BitProb: []float64{0.5}}}
	wang := Attrs{"resolution": num(8, units.None), "technology": num(22, units.None), "unit_capacitance": num(2e-15, units.Capacitance),
		"statistics": StrValue("values")}
	pa := eval(t, r, "c2c_mult_input_port_a", wang, wst)
	assert.InEpsilon(t, 48e-15*(560.0/225/14)*1.67/8, pa.Energy["read"], 1e-12)
	assert.InEpsilon(t, 1.78133e-15, pa.Energy["read"], 1e-5)
	pb = eval(t, r, "c2c_mult_input_port_b", wang, wst)
	assert.InEpsilon(t, 48e-15*math.Sqrt(1015.0/15)/14*0.25, pb.Energy["read"], 1e-12)
	// The default reads the encoded codes instead (here: always code 0,
	// nothing to charge).
	wang["statistics"] = StrValue("encoded")
	pa = eval(t, r, "c2c_mult_input_port_a", wang, wst)
	assert.Zero(t, pa.Energy["read"])
}

// A crossbar part at another node than its table only with
// scale_technology, by Stillmaker-Baas (fixed) from the cell's node.
func TestArrayTechnologyScaling(t *testing.T) {
	r := mustNew(t)
	base := Attrs{"cell": StrValue("rram_isaac_isca_2016"), "rows": num(128, units.None), "cols": num(128, units.None)}
	at32 := eval(t, r, "row_drivers", base, nil)
	_, err := r.classes["row_drivers"].Model(with(base, "technology", 22), nil)
	var ae *AttrError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "technology", ae.Attr)
	at22 := eval(t, r, "row_drivers", with(base, "technology", 22, "scale_technology", true), nil)
	es, _ := EnergyScale(32, 22, Fixed)
	as, _ := AreaScale(32, 22, Fixed)
	assert.InEpsilon(t, at32.Energy["read"]*es, at22.Energy["read"], 1e-12)
	assert.InEpsilon(t, at32.Area*as, at22.Area, 1e-12)
}

// NeuroSim default supplies and DRAM energies in code equal the embedded
// tables.
func TestConstantsMatchTables(t *testing.T) {
	col, rows := readEmbedded(t, "neurosim_technology_defaults.csv")
	require.Len(t, rows, 9)
	for _, r := range rows {
		node := f64(t, r[col["tech_nm"]])
		i := -1
		for j, n := range neuroNodes {
			if n == node {
				i = j
			}
		}
		require.GreaterOrEqual(t, i, 0, node)
		assert.Equal(t, neuroVdd[i], f64(t, r[col["vdd_V"]]), node)
	}
	col, rows = readEmbedded(t, "cacti_plugin_dram.csv")
	types := dramTypes()
	for _, r := range rows {
		name := r[col["dram_type"]]
		d, ok := types[name]
		if name == "HBM" { // a malformed 1-tuple in hwcomponents-cacti: not offered
			assert.False(t, ok)
			continue
		}
		require.True(t, ok, name)
		get := func(c string) float64 {
			if r[col[c]] == "" {
				return 0
			}
			return f64(t, r[col[c]])
		}
		assert.Equal(t, get("pJ_per_bit_accelergy_cacti_plugin"), d.cimloopPJ, name)
		assert.Equal(t, get("pJ_per_bit_hwcomponents_cacti"), d.hwcPJ, name)
		assert.Equal(t, get("throughput_bits_per_s_hwcomponents_cacti"), d.bitsPerS, name)
	}
}

// Every Aladdin-table class at 40 nm against its table row (aladdin_plugin_tables.csv)
// and the plug-in's width rule (component-models.md section 8).
func TestAladdinClassesHand(t *testing.T) {
	r := mustNew(t)
	ns := units.Q(1e-9, units.Time)
	two := units.Q(2e-9, units.Time)
	cases := []struct {
		class, action string
		attrs         Attrs
		pJ, um2       float64
	}{
		// comparator 1 ns row: 0.02947 pJ, 71 um^2; x 16/32
		{"comparator", "compare", with(n0(40), "width", 16, "cycle_seconds", ns), 0.02947 * 0.5, 71 * 0.5},
		// reg 1-bit 1 ns row: 0.009 pJ, 5.98 um^2; x 8 bits
		{"register", "write", with(n0(40), "width", 8, "cycle_seconds", ns), 0.009 * 8, 5.98 * 8},
		// bitwise 1 ns: 0.0181 pJ, 50.4 um^2; x 4 bits
		{"bitwise", "compute", with(n0(40), "width", 4, "cycle_seconds", ns), 0.0181 * 4, 50.4 * 4},
		// shifter 2 ns row: 0.407 pJ, 250 um^2; 32 bits
		{"shifter", "shift", with(n0(40), "width", 32, "cycle_seconds", two), 0.407, 250},
		// fp_sp_adder 2 ns: 11.026 pJ, 3010 um^2; 16 bits -> x 16/32
		{"fpadder", "add", with(n0(40), "width", 16, "cycle_seconds", two), 11.026 * 0.5, 3010 * 0.5},
		// fp_dp_multiplier 1 ns: 113.763 pJ, 8970 um^2; 64 bits -> x (64/64)^2
		{"fpmultiplier", "multiply", with(n0(45), "width", 64, "cycle_seconds", ns), 113.763, 8970},
		// crossbar 2 ns: 0.6804 pJ, 569.5 um^2; 8 in x 8 out / 4 x 64/32 = 32
		{"crossbar", "transfer", with(n0(40), "width", 64, "n_inputs", 8, "n_outputs", 8, "cycle_seconds", two), 0.6804 * 32, 569.5 * 32},
		// intmac 1 ns: adder 0.21 x 8/32 + multiplier 12.68 x (8/32)^2
		{"intmac", "compute", with(n0(40), "width", 8, "cycle_seconds", ns), 0.21*0.25 + 12.68*0.0625, 278*0.25 + 6350*0.0625},
		// at a 1 ns clock the crossbar table has no row: the first (2 ns) row is used
		{"crossbar", "read", with(n0(40), "width", 32, "n_inputs", 1, "n_outputs", 4, "cycle_seconds", ns), 0.6804, 569.5},
	}
	for _, c := range cases {
		e := eval(t, r, c.class, c.attrs, nil)
		assert.InEpsilon(t, c.pJ*1e-12, e.Energy[c.action], 1e-12, c.class)
		assert.InEpsilon(t, c.um2*1e-12, e.Area, 1e-12, c.class)
	}
}
