package compound

import (
	"errors"
	"math"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
	"github.com/cimc-lang/cimc/stdlib"
)

// checkSrc checks one file with the registry reg and requires no errors.
func checkSrc(t *testing.T, reg *component.Registry, src string) *check.Program {
	t.Helper()
	prog, diags := checkDiags(t, reg, src)
	require.False(t, diags.HasErrors(), "%v", diags)
	return prog
}

func checkDiags(t testing.TB, reg *component.Registry, src string) (*check.Program, diag.List) {
	t.Helper()
	files := map[string]string{"t.cim": src}
	load := func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, errors.New("no such file")
		}
		return []byte(s), nil
	}
	return check.Check(&check.Config{Root: "t.cim", Load: load, Std: fstest.MapFS{}, Classes: reg})
}

func realRegistry(t *testing.T) *component.Registry {
	t.Helper()
	reg, err := component.New()
	require.NoError(t, err)
	return reg
}

// operand returns the statistics of one operand: bins is a zero-centred
// histogram, offset-encoded into bits bits, in one slice.
func operand(t testing.TB, bins []float64, bits int) component.OperandStats {
	t.Helper()
	h, err := values.New(bins)
	require.NoError(t, err)
	enc, ok := values.Lookup("offset")
	require.True(t, ok)
	op, err := values.Analyze(values.Spec{Hist: h, Encoding: enc, TotalBits: bits, SliceBits: bits})
	require.NoError(t, err)
	return op.Stats()
}

// smallStats: Inputs h = [0.25, 0.5, 0.25] and Weights h = [0.5, 0.25,
// 0.25], offset-encoded in 2 bits (codes 0, 1, 2 with the bin
// probabilities; normalized slice value code/3).
//
//	Inputs:  E[x] = (0.5*1 + 0.25*2)/3 = 1/3,  E[x^2] = (0.5*1 + 0.25*4)/9 = 1/6
//	Weights: E[x] = (0.25*1 + 0.25*2)/3 = 1/4, E[x^2] = (0.25*1 + 0.25*4)/9 = 5/36
func smallStats(t *testing.T) *component.Stats {
	s := &component.Stats{
		Inputs:  operand(t, []float64{0.25, 0.5, 0.25}, 2),
		Weights: operand(t, []float64{0.5, 0.25, 0.25}, 2),
		Outputs: operand(t, []float64{0.25, 0.5, 0.25}, 2),
	}
	require.InDelta(t, 1.0/3, s.Inputs.MeanValue, 1e-15)
	require.InDelta(t, 1.0/6, s.Inputs.MeanSquare, 1e-15)
	require.InDelta(t, 0.25, s.Weights.MeanValue, 1e-15)
	require.InDelta(t, 5.0/36, s.Weights.MeanSquare, 1e-15)
	return s
}

func q(v float64, d units.Dim) ir.Value { return ir.Value{Kind: ir.NumberValue, Num: units.Q(v, d)} }

// rramRead is LANGUAGE.md's user-defined value-dependent component.
const rramRead = `
component rram_read(g_on: S, g_off: S, v_read: V, t_read: s) {
  action compute {
    energy = mean(g_off + (g_on - g_off) * Weights.slice) * mean((v_read * Inputs.slice)^2) * t_read
  }
}
`

func TestRRAMReadByHand(t *testing.T) {
	reg := realRegistry(t)
	cl := New(reg, checkSrc(t, reg, rramRead))
	attrs := component.Attrs{"g_on": q(100e-6, units.Conductance), "g_off": q(1e-6, units.Conductance),
		"v_read": q(0.2, units.Voltage), "t_read": q(10e-9, units.Time)}
	r, err := cl.Estimate("rram_read", attrs, smallStats(t), nil)
	require.NoError(t, err)
	// E[G] = g_off + (g_on - g_off) E[w] = 1 uS + 99 uS * 1/4 = 25.75 uS.
	// E[V^2] = v_read^2 E[x^2] = 0.04 V^2 * 1/6.
	// E = 25.75e-6 * 0.04/6 * 10e-9 = 1.716667e-15 J.
	want := 25.75e-6 * (0.04 / 6) * 10e-9
	assert.InEpsilon(t, 1.7166666666666667e-15, want, 1e-12)
	assert.InEpsilon(t, want, r.Estimate.Energy["compute"], 1e-12)
	assert.Equal(t, 0.0, r.Estimate.Area, "no area and no subcomponents")
	assert.Equal(t, 0.0, r.Latency["compute"])

	// Through the wrapped class (operands by role name) as well.
	cls, ok := cl.Lookup("rram_read")
	require.True(t, ok)
	est, err := cls.Model(attrs, smallStats(t))
	require.NoError(t, err)
	assert.InEpsilon(t, want, est.Energy["compute"], 1e-12)
	require.Len(t, cls.Attrs, 4)
	assert.Equal(t, units.Conductance, cls.Attrs[0].Dim)
	assert.True(t, cls.Attrs[0].Required)

	// Builtin classes pass through.
	adc, ok := cl.Lookup("adc")
	require.True(t, ok)
	assert.Equal(t, "adc", adc.Name)
	_, ok = (*Classes)(nil).Lookup("adc")
	assert.False(t, ok)
}

func TestExpectationRules(t *testing.T) {
	reg := realRegistry(t)
	src := `
component e(c: J = 1 pJ) {
  action lin    { energy = mean(2 + 3 * Inputs.slice) * c }        // 2 + 3/3 = 3
  action sq     { energy = mean((3 * Inputs.slice)^2) * c }        // 9/6 = 1.5
  action prod   { energy = mean(Inputs.slice * Weights.slice) * c } // 1/3 * 1/4
  action value  { energy = mean(Inputs.value) * c }                 // 3 * 1/3 = 1
  action bits   { energy = Inputs.bits * c }                        // 2
  action sw     { energy = Inputs.switching * c }                   // P(MSB) 0.25, P(LSB) 0.5: (0.375 + 0.5) / 2
  action var    { energy = var(Inputs.value) * c }                  // E[v^2] - E[v]^2 = 1.5 - 1 = 0.5
  action rms    { energy = rms(Inputs.value) * c }                  // sqrt(1.5)
  action cube   { energy = mean(Inputs.value^3) * c }               // 0.5*1 + 0.25*8 = 2.5
  action lsb    { energy = mean(Inputs.value % 2) * c }             // P(code 1) = 0.5
  action absq   { energy = mean(abs(Inputs.slice)^2) * c }          // = E[x^2] = 1/6, via the codes
  action cond   { energy = mean(if Weights.value >= 1 then 4 else 0) * c } // 4 * 0.5 = 2
  action top    { energy = Inputs.value * c }                       // implicit mean: 1
  action centered { energy = mean((Inputs.value - mean(Inputs.value))^2) * c } // = var = 0.5
}
`
	cl := New(reg, checkSrc(t, reg, src))
	r, err := cl.Estimate("e", nil, smallStats(t), nil)
	require.NoError(t, err)
	want := map[string]float64{"lin": 3, "sq": 1.5, "prod": 1.0 / 12, "value": 1, "bits": 2, "sw": 0.4375, "var": 0.5,
		"rms": math.Sqrt(1.5), "cube": 2.5, "lsb": 0.5, "absq": 1.0 / 6, "cond": 2, "top": 1, "centered": 0.5}
	for a, w := range want {
		assert.InDelta(t, w*1e-12, r.Estimate.Energy[a], 1e-12*1e-12, a)
	}
}

// fillDefaults returns attrs with a builtin class's schema defaults added,
// as a subcomponent gets them.
func fillDefaults(cls *component.Class, attrs component.Attrs) component.Attrs {
	out := component.Attrs{}
	for _, s := range cls.Attrs {
		if !s.Required && !s.Optional {
			out[s.Name] = s.Default
		}
	}
	for n, v := range attrs {
		out[n] = v
	}
	return out
}

// builtinEstimate evaluates a registry class directly.
func builtinEstimate(t *testing.T, reg *component.Registry, class string, attrs component.Attrs, s *component.Stats) component.Estimate {
	t.Helper()
	cls, ok := reg.Lookup(class)
	require.True(t, ok, class)
	est, err := cls.Model(fillDefaults(cls, attrs), s)
	require.NoError(t, err)
	return est
}

const chainSrc = `
component sense_chain(bits = 8, technology = 65) {
  sub adc: adc(resolution = bits, technology = technology)
  sub acc: adder(width = 16, technology = technology)
  action read { energy = adc.convert + acc.add; latency = adc.latency + acc.latency }
}
component readout(bits = 8, technology = 65) {
  sub sense: sense_chain(bits = bits, technology = technology)
  sub drive: dac(resolution = 2, technology = technology)
  action read  { energy = 3 * sense.read + drive.convert; latency = sense.latency }
  action write { }
  area = 2 * sense.area + drive.area
}
`

func TestBuiltinSubcomponentsSum(t *testing.T) {
	reg := realRegistry(t)
	cl := New(reg, checkSrc(t, reg, chainSrc))
	s := smallStats(t)
	r, err := cl.Estimate("sense_chain", component.Attrs{"bits": q(6, units.None)}, s, nil)
	require.NoError(t, err)
	adc := builtinEstimate(t, reg, "adc", component.Attrs{"resolution": q(6, units.None), "technology": q(65, units.None)}, s)
	add := builtinEstimate(t, reg, "adder", component.Attrs{"width": q(16, units.None), "technology": q(65, units.None)}, s)
	require.Greater(t, adc.Energy["convert"], 0.0)
	require.Greater(t, add.Energy["add"], 0.0)
	assert.InEpsilon(t, adc.Energy["convert"]+add.Energy["add"], r.Estimate.Energy["read"], 1e-12)
	// Area and leakage default to the sums over the subcomponents.
	assert.InEpsilon(t, adc.Area+add.Area, r.Estimate.Area, 1e-12)
	assert.InDelta(t, adc.Leakage+add.Leakage, r.Estimate.Leakage, 1e-30)
	assert.InEpsilon(t, adc.Latency+add.Latency, r.Latency["read"], 1e-12)
	assert.Equal(t, r.Latency["read"], r.Estimate.Latency)
}

func TestNestedCompounds(t *testing.T) {
	reg := realRegistry(t)
	cl := New(reg, checkSrc(t, reg, chainSrc))
	s := smallStats(t)
	chain, err := cl.Estimate("sense_chain", component.Attrs{"bits": q(7, units.None), "technology": q(32, units.None)}, s, nil)
	require.NoError(t, err)
	dac := builtinEstimate(t, reg, "dac", component.Attrs{"resolution": q(2, units.None), "technology": q(32, units.None)}, s)
	r, err := cl.Estimate("readout", component.Attrs{"bits": q(7, units.None), "technology": q(32, units.None)}, s, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, 3*chain.Estimate.Energy["read"]+dac.Energy["convert"], r.Estimate.Energy["read"], 1e-12)
	assert.Equal(t, 0.0, r.Estimate.Energy["write"], "an empty action costs nothing")
	assert.InEpsilon(t, 2*chain.Estimate.Area+dac.Area, r.Estimate.Area, 1e-12)
	assert.InDelta(t, chain.Estimate.Leakage+dac.Leakage, r.Estimate.Leakage, 1e-30, "leakage defaults to the sum")
	assert.Equal(t, chain.Estimate.Latency, r.Latency["read"])
	// The nested ADC really is 7 bits at 32 nm: the chain differs from the
	// default 8-bit, 65 nm one.
	def, err := cl.Estimate("sense_chain", nil, s, nil)
	require.NoError(t, err)
	assert.NotEqual(t, def.Estimate.Energy["read"], chain.Estimate.Energy["read"])
}

func TestValueDependentSubcomponent(t *testing.T) {
	// A value-dependent compound nested in another sees the same operand
	// statistics: 2 cells read = 2 x LANGUAGE.md's rram_read.
	reg := realRegistry(t)
	src := rramRead + `
component pair(g: S = 100 uS) {
  sub cell: rram_read(g_on = g, g_off = 1 uS, v_read = 0.2 V, t_read = 10 ns)
  action compute { energy = 2 * cell.compute }
}
`
	cl := New(reg, checkSrc(t, reg, src))
	r, err := cl.Estimate("pair", nil, smallStats(t), nil)
	require.NoError(t, err)
	assert.InEpsilon(t, 2*25.75e-6*(0.04/6)*10e-9, r.Estimate.Energy["compute"], 1e-12)
}

// errorOf evaluates class and returns its located error.
func errorOf(t *testing.T, cl *Classes, class string, s *component.Stats) *Error {
	t.Helper()
	_, err := cl.Estimate(class, nil, s, nil)
	require.Error(t, err)
	var ce *Error
	require.True(t, errors.As(err, &ce), "%v", err)
	require.True(t, ce.Diag.Range.IsValid(), "located: %v", ce.Diag)
	_, known := diag.Known[ce.Diag.Code]
	require.True(t, known, ce.Diag.Code)
	return ce
}

func TestCycle(t *testing.T) {
	reg := realRegistry(t)
	// Check rejects a class that contains itself.
	_, diags := checkDiags(t, reg, `
component a { sub x: b  action read { energy = x.read } }
component b { sub y: a  action read { energy = y.read } }
`)
	require.True(t, diags.HasErrors())
	assert.Equal(t, diag.Recursion, diags[0].Code)

	// The engine protects itself too: make b contain a after checking.
	prog := checkSrc(t, reg, `
component a { sub x: b  action read { energy = x.read } }
component b { sub y: dac(resolution = 1, technology = 32)  action read { energy = y.convert } }
`)
	b := prog.Components["b"]
	b.Subs[0].Registry, b.Subs[0].Compound, b.Subs[0].Class = nil, prog.Components["a"], "a"
	ce := errorOf(t, New(reg, prog), "a", smallStats(t))
	assert.Equal(t, diag.Recursion, ce.Diag.Code)
	assert.Contains(t, ce.Diag.Message, `"a" contains itself: a -> b -> a`)
}

func TestUnknownSubAction(t *testing.T) {
	// Check rejects an action the subcomponent's class does not list.
	reg := realRegistry(t)
	_, diags := checkDiags(t, reg, `component c { sub d: dac(resolution = 1, technology = 32)  action read { energy = d.conver } }`)
	require.True(t, diags.HasErrors())
	assert.Equal(t, diag.Undefined, diags[0].Code)
	assert.Contains(t, diags[0].Help, `"convert"`)

	// A class that lists an action its model does not return: the engine
	// reports it at the selector.
	fake := &component.Class{Name: "fake", Actions: []string{"read", "zap"},
		Model: func(component.Attrs, *component.Stats) (component.Estimate, error) {
			return component.Estimate{Energy: map[string]float64{"read": 1e-12}}, nil
		}}
	freg, err := component.NewRegistry(fake)
	require.NoError(t, err)
	prog := checkSrc(t, freg, "component c {\n  sub f: fake\n  action read { energy = f.zap }\n}\n")
	ce := errorOf(t, New(freg, prog), "c", smallStats(t))
	assert.Equal(t, diag.BadModel, ce.Diag.Code)
	assert.Equal(t, `subcomponent "f" has no action "zap"`, ce.Diag.Message)
	assert.Equal(t, 3, ce.Diag.Range.Start.Line)
}

func TestNoExpectation(t *testing.T) {
	reg := realRegistry(t)
	prog := checkSrc(t, reg, `
component root  { action read { energy = mean(sqrt(Inputs.slice)) * 1 pJ } }
component cube  { action read { energy = mean(Inputs.slice^3) * 1 pJ } }
component poly  { action read { energy = mean((1 + Inputs.slice)^2) * 1 pJ } }
`)
	cl := New(reg, prog)
	// A 20-bit slice: mean and mean square are known, the code
	// distribution is not (values.MaxProbBits = 16).
	wide := &component.Stats{Inputs: component.OperandStats{Bits: 20, MeanValue: 0.5, MeanSquare: 0.3}}
	ce := errorOf(t, cl, "root", wide)
	assert.Equal(t, diag.NoExpectation, ce.Diag.Code)
	assert.Contains(t, ce.Diag.Message, "function sqrt")
	assert.Equal(t, 2, ce.Diag.Range.Start.Line)
	ce = errorOf(t, cl, "cube", wide)
	assert.Equal(t, diag.NoExpectation, ce.Diag.Code)
	// A polynomial of degree 2 needs only the mean and the mean square:
	// E[(1+x)^2] = 1 + 2*0.5 + 0.3 = 2.3.
	r, err := cl.Estimate("poly", nil, wide, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, 2.3e-12, r.Estimate.Energy["read"], 1e-12)
	// With no statistics at all, an operand-dependent expression is an
	// error, not a default.
	ce = errorOf(t, cl, "poly", nil)
	assert.Equal(t, diag.BadModel, ce.Diag.Code)
}

func TestNegativeAndBadResults(t *testing.T) {
	reg := realRegistry(t)
	prog := checkSrc(t, reg, `
component neg(e0: J = -1 pJ) { action read { energy = e0 } }
component negmean { action read { energy = mean(Inputs.slice - 1) * 1 pJ } }
component area_dep { action read { energy = 1 pJ }  area = Inputs.slice * 1 um^2 }
component div(n = 0) { action read { energy = 1 pJ / n } }
component missing(x: J) { action read { energy = x } }
component noargs_value { sub d: dac(resolution = 2, technology = 32, voltage = mean(Inputs.slice) * 1 V) action read { energy = d.convert } }
component randarg { sub d: dac(resolution = 2, technology = 32, voltage = Inputs.slice * 1 V) action read { energy = d.convert } }
`)
	cl := New(reg, prog)
	s := smallStats(t)
	ce := errorOf(t, cl, "neg", s)
	assert.Equal(t, diag.BadModel, ce.Diag.Code)
	assert.Contains(t, ce.Diag.Message, "negative")
	ce = errorOf(t, cl, "negmean", s)
	assert.Contains(t, ce.Diag.Message, "negative")
	ce = errorOf(t, cl, "area_dep", s)
	assert.Contains(t, ce.Diag.Message, "area depends on operand values")
	ce = errorOf(t, cl, "div", s)
	assert.Equal(t, diag.DivideByZero, ce.Diag.Code)
	ce = errorOf(t, cl, "missing", s)
	assert.Equal(t, diag.MissingAttribute, ce.Diag.Code)
	ce = errorOf(t, cl, "randarg", s)
	assert.Contains(t, ce.Diag.Message, "depends on operand values")
	// A mean() is a constant: fine as an argument. The DAC's voltage is
	// E[x] * 1 V = 1/3 V.
	r, err := cl.Estimate("noargs_value", nil, s, nil)
	require.NoError(t, err)
	dac := builtinEstimate(t, reg, "dac", component.Attrs{"resolution": q(2, units.None), "technology": q(32, units.None), "voltage": q(1.0/3, units.Voltage)}, s)
	assert.InEpsilon(t, dac.Energy["convert"], r.Estimate.Energy["read"], 1e-12)
}

func TestModuleParamsAndDeterminism(t *testing.T) {
	reg := realRegistry(t)
	prog := checkSrc(t, reg, `
param scale = 3
param e_unit = 2 pJ
component c(k = 1) {
  param local = k * scale
  action read { energy = local * e_unit * mean(Inputs.slice + Weights.slice^2) }
}
`)
	cl := New(reg, prog)
	s := smallStats(t)
	r, err := cl.Estimate("c", component.Attrs{"k": q(2, units.None)}, s, nil)
	require.NoError(t, err)
	// 2 * 3 * 2 pJ * (1/3 + 5/36).
	assert.InEpsilon(t, 12e-12*(1.0/3+5.0/36), r.Estimate.Energy["read"], 1e-12)
	for i := 0; i < 5; i++ {
		r2, err := cl.Estimate("c", component.Attrs{"k": q(2, units.None)}, s, nil)
		require.NoError(t, err)
		assert.Equal(t, r.Estimate.Energy["read"], r2.Estimate.Energy["read"])
	}
}

func TestForLayerNames(t *testing.T) {
	p := &ir.Problem{Dataspaces: []ir.Dataspace{{Name: "Z"}, {Name: "A"}, {Name: "B"}}}
	ops := ForLayer(p, [3]int{1, 2, 0})
	assert.Equal(t, values.Inputs, ops["A"])
	assert.Equal(t, values.Weights, ops["B"])
	assert.Equal(t, values.Outputs, ops["Z"])
	assert.Equal(t, values.Inputs, ops["Inputs"])
}

func TestInheritedAttributesReachSubcomponents(t *testing.T) {
	// The class declares cycle_seconds: its builtin DAC takes it (the DAC
	// inherits cycle_seconds from containers), and so does the nested
	// compound's field of that name.
	reg := realRegistry(t)
	cl := New(reg, checkSrc(t, reg, `
component clocked(cycle_seconds: s = 10 ns) {
  sub d: dac(resolution = 2, technology = 65)
  action read { energy = d.convert }
}
component outer(cycle_seconds: s = 1 ns) {
  sub c: clocked
  action read { energy = c.read }
}
`))
	s := smallStats(t)
	at := func(cyc float64) float64 {
		return builtinEstimate(t, reg, "dac", component.Attrs{"resolution": q(2, units.None), "technology": q(65, units.None),
			"cycle_seconds": q(cyc, units.Time)}, s).Energy["convert"]
	}
	require.NotEqual(t, at(10e-9), at(20e-9), "the DAC's energy depends on its cycle time")
	r, err := cl.Estimate("clocked", component.Attrs{"cycle_seconds": q(20e-9, units.Time)}, s, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, at(20e-9), r.Estimate.Energy["read"], 1e-12)
	r, err = cl.Estimate("outer", component.Attrs{"cycle_seconds": q(20e-9, units.Time)}, s, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, at(20e-9), r.Estimate.Energy["read"], 1e-12)
}

func TestBitProbabilityIdiom(t *testing.T) {
	// P(bit i of a slice = 1) = mean(floor(X.value / 2^i) % 2), averaged
	// over the code distribution; it must equal OperandStats.BitProb
	// (least significant first). Inputs codes 0, 1, 2 with 0.25, 0.5,
	// 0.25: bit 0 is 1 for code 1 (0.5), bit 1 for code 2 (0.25).
	reg := realRegistry(t)
	cl := New(reg, checkSrc(t, reg, `
component bits {
  action b0 { energy = mean(floor(Inputs.value / 2^0) % 2) * 1 J }
  action b1 { energy = mean(floor(Inputs.value / 2^1) % 2) * 1 J }
}
`))
	s := smallStats(t)
	r, err := cl.Estimate("bits", nil, s, nil)
	require.NoError(t, err)
	assert.InDelta(t, 0.5, r.Estimate.Energy["b0"], 1e-15)
	assert.InDelta(t, 0.25, r.Estimate.Energy["b1"], 1e-15)
	assert.InDelta(t, s.Inputs.BitProb[0], r.Estimate.Energy["b0"], 1e-15)
	assert.InDelta(t, s.Inputs.BitProb[1], r.Estimate.Energy["b1"], 1e-15)
}

func BenchmarkRRAMRead8Bit(b *testing.B) {
	// The example's cell with an expression that needs the code
	// distribution (256 x 256 joint codes of two 8-bit slices) and one
	// that does not.
	reg, err := component.New()
	require.NoError(b, err)
	prog, diags := checkDiags(b, reg, rramRead+`
component enum_read(g: S = 100 uS) {
  action compute { energy = mean(if Inputs.slice > Weights.slice then g * 1 V^2 * 1 ns else 0 J) }
}
`)
	require.False(b, diags.HasErrors(), "%v", diags)
	cl := New(reg, prog)
	bins := make([]float64, 255)
	for i := range bins {
		bins[i] = float64(1 + i%7)
	}
	in, w := operand(b, bins, 8), operand(b, bins, 8)
	s := &component.Stats{Inputs: in, Weights: w, Outputs: in}
	attrs := component.Attrs{"g_on": q(100e-6, units.Conductance), "g_off": q(1e-6, units.Conductance),
		"v_read": q(0.2, units.Voltage), "t_read": q(10e-9, units.Time)}
	b.Run("polynomial", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := cl.Estimate("rram_read", attrs, s, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("enumerated", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := cl.Estimate("enum_read", nil, s, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestImportedModuleValues(t *testing.T) {
	// mod.param in a class body: the value check computed for the import
	// (std/cells: rram_example_technology = 65), and pi.
	reg := realRegistry(t)
	load := func(p string) ([]byte, error) {
		if p == "t.cim" {
			return []byte(`
import "std/cells"
component c { action read { energy = cells.rram_example_technology * 1 pJ + pi * 1 fJ } }
`), nil
		}
		return nil, errors.New("no such file")
	}
	prog, diags := check.Check(&check.Config{Root: "t.cim", Load: load, Std: stdlib.FS, Classes: reg})
	require.False(t, diags.HasErrors(), "%v", diags)
	r, err := New(reg, prog).Estimate("c", nil, nil, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, 65e-12+math.Pi*1e-15, r.Estimate.Energy["read"], 1e-12)
}

func TestSetOverrideReachesClass(t *testing.T) {
	reg := realRegistry(t)
	load := func(p string) ([]byte, error) {
		return []byte("param scale = 3\ncomponent c { action read { energy = scale * 1 pJ } }\n"), nil
	}
	prog, diags := check.Check(&check.Config{Root: "t.cim", Load: load, Std: fstest.MapFS{}, Classes: reg, Overrides: []string{"scale=5"}})
	require.False(t, diags.HasErrors(), "%v", diags)
	r, err := New(reg, prog).Estimate("c", nil, nil, nil)
	require.NoError(t, err)
	assert.InEpsilon(t, 5e-12, r.Estimate.Energy["read"], 1e-12)
}
