package component

import (
	"bufio"
	"compress/gzip"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
	"github.com/cimc-lang/cimc/stdlib"
)

// sampleRequired gives a value for every required attribute name used by
// any class, so each model can be evaluated at its defaults.
var sampleRequired = map[string]ir.Value{
	"resolution":           NumValue(8, units.None),
	"technology":           NumValue(32, units.None),
	"width":                NumValue(16, units.None),
	"depth":                NumValue(1024, units.None),
	"capacitance":          NumValue(1e-15, units.Capacitance),
	"length":               NumValue(100e-6, units.Length),
	"shift_register_width": NumValue(16, units.None),
	"inputs":               NumValue(8, units.None),
	"pool_window":          NumValue(4, units.None),
	"n_comparators":        NumValue(4, units.None),
	"n_flags_store":        NumValue(64, units.None),
	"n_inputs":             NumValue(4, units.None),
	"n_outputs":            NumValue(4, units.None),
}

func TestSchemasWellFormed(t *testing.T) {
	r := mustNew(t)
	require.NotEmpty(t, r.Names())
	for _, name := range r.Names() {
		c, _ := r.Lookup(name)
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, name, c.Name)
			assert.NotEmpty(t, c.Doc)
			assert.NotEmpty(t, c.Actions)
			require.NotNil(t, c.Model)
			seen := map[string]bool{}
			for _, a := range c.Attrs {
				assert.False(t, seen[a.Name], "duplicate attribute %q", a.Name)
				seen[a.Name] = true
				assert.NotEmpty(t, a.Doc, a.Name)
				assert.False(t, a.Required && a.Optional, "%q both required and optional", a.Name)
				if len(a.Choices) > 0 {
					assert.Equal(t, String, a.Kind, "%q: choices on a non-string attribute", a.Name)
					if !a.Required && !a.Optional {
						assert.True(t, slices.ContainsFunc(a.Choices, func(c string) bool { return strings.EqualFold(c, a.Default.Str) }),
							"%q: default %q is not among its choices %v", a.Name, a.Default.Str, a.Choices)
					}
				}
				if a.Required || a.Optional {
					continue
				}
				// defaults of the right kind and dimension, finite, whole
				// where an integer is required
				switch a.Kind {
				case Number:
					require.Equal(t, ir.NumberValue, a.Default.Kind, a.Name)
					assert.Equal(t, a.Dim, a.Default.Num.Dim, a.Name)
					v := a.Default.Num.Value
					assert.False(t, math.IsNaN(v) || math.IsInf(v, 0), a.Name)
					if a.Integer {
						assert.Equal(t, math.Trunc(v), v, a.Name)
					}
				case String:
					assert.Equal(t, ir.StringValue, a.Default.Kind, a.Name)
				case Bool:
					assert.Equal(t, ir.BoolValue, a.Default.Kind, a.Name)
				}
			}
			assert.True(t, seen["energy_scale"] && seen["area_scale"], "common scale attributes")
		})
	}
}

// Every model returns finite, non-negative energies, area, latency and
// leakage at its defaults (required attributes from sampleRequired), with
// and without operand statistics.
func TestDefaultsEvaluate(t *testing.T) {
	r := mustNew(t)
	stats := &Stats{
		Inputs:  OperandStats{Bits: 8, MeanValue: 0.3, MeanSquare: 0.15, BitProb: []float64{0.5, 0.4, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1}},
		Weights: OperandStats{Bits: 4, MeanValue: 0.5, MeanSquare: 0.33},
	}
	for _, name := range r.Names() {
		c, _ := r.Lookup(name)
		t.Run(name, func(t *testing.T) {
			attrs := Attrs{}
			for _, a := range c.Attrs {
				if a.Required {
					v, ok := sampleRequired[a.Name]
					require.True(t, ok, "no sample for required attribute %q", a.Name)
					attrs[a.Name] = v
				}
			}
			_, scalable := c.Attr("scale_technology")
			if _, array := c.Attr("cell"); scalable && !array {
				attrs["technology"] = NumValue(40, units.None) // the Aladdin tables' node
			}
			for _, st := range []*Stats{nil, stats} {
				est, err := c.Model(attrs, st)
				require.NoError(t, err)
				require.NotEmpty(t, est.Energy)
				for _, act := range c.Actions {
					e, ok := est.Energy[act]
					assert.True(t, ok, "action %q has no energy", act)
					assert.True(t, e >= 0 && !math.IsInf(e, 0), "action %q energy %v", act, e)
				}
				assert.True(t, est.Area >= 0 && !math.IsInf(est.Area, 0))
				assert.True(t, est.Leakage >= 0 && !math.IsInf(est.Leakage, 0))
				assert.True(t, est.Latency >= 0 && !math.IsInf(est.Latency, 0))
			}
		})
	}
}

// Every choice check accepts for an enumerated attribute is one the model
// accepts too (the schema and the model's oneOf share their list), at the
// class's defaults; the only exceptions are combinations the model
// refuses with another attribute's advice (a DRAM type the default energy
// source has no energy for).
func TestChoicesAccepted(t *testing.T) {
	r := mustNew(t)
	checked := 0
	for _, name := range r.Names() {
		c, _ := r.Lookup(name)
		for _, a := range c.Attrs {
			for _, choice := range a.Choices {
				attrs := Attrs{}
				for _, b := range c.Attrs {
					if b.Required {
						attrs[b.Name] = sampleRequired[b.Name]
					}
				}
				if _, array := c.Attr("cell"); !array {
					if _, scalable := c.Attr("scale_technology"); scalable {
						attrs["technology"] = NumValue(40, units.None)
					}
				}
				attrs[a.Name] = StrValue(choice)
				_, err := c.Model(attrs, nil)
				if name == "dram" && a.Name == "type" && err != nil {
					assert.ErrorContains(t, err, "set energy_source to the other source", choice)
					continue
				}
				assert.NoError(t, err, "%s %s = %q", name, a.Name, choice)
				checked++
			}
		}
	}
	assert.Greater(t, checked, 20)
}

// Bad attributes give *AttrError naming the attribute, never a panic, NaN
// or silent default.
func TestBadAttributes(t *testing.T) {
	r := mustNew(t)
	cases := []struct {
		class string
		attrs Attrs
		attr  string
	}{
		{"adc", Attrs{"resolution": NumValue(-3, units.None), "technology": NumValue(32, units.None)}, "resolution"},
		{"adc", Attrs{"resolution": NumValue(3, units.None), "technology": NumValue(32, units.None)}, "resolution"},
		{"adc", Attrs{"resolution": NumValue(8.5, units.None), "technology": NumValue(32, units.None)}, "resolution"},
		{"adc", Attrs{"resolution": NumValue(8, units.None), "technology": NumValue(-1, units.None)}, "technology"},
		{"adc", Attrs{"resolution": NumValue(8, units.None)}, "technology"},
		{"adc", Attrs{"resolutoin": NumValue(8, units.None), "technology": NumValue(32, units.None)}, "resolutoin"},
		{"adc", Attrs{"resolution": NumValue(8, units.Time), "technology": NumValue(32, units.None)}, "resolution"},
		{"adc", Attrs{"resolution": NumValue(math.NaN(), units.None), "technology": NumValue(32, units.None)}, "resolution"},
		{"adc", Attrs{"resolution": StrValue("8"), "technology": NumValue(32, units.None)}, "resolution"},
		{"adder", Attrs{"width": NumValue(8, units.None), "technology": NumValue(5, units.None)}, "technology"},
		{"adder", Attrs{"width": NumValue(0, units.None), "technology": NumValue(32, units.None)}, "width"},
		{"adder", Attrs{"width": NumValue(8, units.None), "technology": NumValue(200, units.None)}, "technology"},
		{"sram", Attrs{"width": NumValue(64, units.None), "depth": NumValue(1024, units.None), "technology": NumValue(500, units.None)}, "technology"},
		{"sram", Attrs{"width": NumValue(4096, units.None), "depth": NumValue(1024, units.None), "technology": NumValue(32, units.None)}, "width"},
		{"sram", Attrs{"width": NumValue(64, units.None), "depth": NumValue(-4, units.None), "technology": NumValue(32, units.None)}, "depth"},
		{"dram", Attrs{"width": NumValue(64, units.None), "type": StrValue("DDR9")}, "type"},
		{"dram", Attrs{"width": NumValue(64, units.None), "type": StrValue("HBM3")}, "type"},
		{"dac", Attrs{"resolution": NumValue(-1, units.None), "technology": NumValue(32, units.None)}, "resolution"},
		{"row_drivers", Attrs{"rows": NumValue(8, units.None)}, "rows"},
		{"row_drivers", Attrs{"cell": StrValue("no_such_cell")}, "cell"},
		{"memory_cell", Attrs{"cell": StrValue("rram_isaac_isca_2016"), "technology": NumValue(65, units.None)}, "technology"},
		{"memory_cell", Attrs{"average_cell_value": NumValue(1.5, units.None)}, "average_cell_value"},
		{"storage", Attrs{"read_energy": NumValue(-1e-12, units.Energy)}, "read_energy"},
		{"storage", Attrs{"energy_scale": NumValue(-2, units.None)}, "energy_scale"},
		{"isaac_adc", Attrs{"technology": NumValue(32, units.None), "resolution": NumValue(-8, units.None)}, "resolution"},
		{"isaac_adc", Attrs{"technology": NumValue(32, units.None), "tech_interpolation": StrValue("linear")}, "tech_interpolation"},
		{"counter", Attrs{"technology": NumValue(32, units.None), "width": NumValue(8, units.None)}, "technology"},
		{"mux", Attrs{"technology": NumValue(32, units.None), "width": NumValue(8, units.None), "inputs": NumValue(4096, units.None)}, "inputs"},
		{"capacitor", Attrs{"capacitance": NumValue(-1e-15, units.Capacitance), "technology": NumValue(32, units.None)}, "capacitance"},
	}
	for _, c := range cases {
		cl, ok := r.Lookup(c.class)
		require.True(t, ok)
		est, err := cl.Model(c.attrs, nil)
		require.Error(t, err, "%s %v", c.class, c.attrs)
		var ae *AttrError
		require.ErrorAs(t, err, &ae, "%s: %v", c.class, err)
		assert.Equal(t, c.attr, ae.Attr, "%s: %v", c.class, err)
		assert.Equal(t, c.class, ae.Class)
		assert.Nil(t, est.Energy)
	}
}

// Extreme values for every numeric attribute of every class give either an
// error or a finite non-negative estimate: never a panic (which the wrapper
// would report as an internal model error) or NaN.
func TestExtremeAttributes(t *testing.T) {
	r := mustNew(t)
	extremes := []float64{-1, 0, 1e-30, 0.5, 3, 1e30}
	for _, name := range r.Names() {
		c, _ := r.Lookup(name)
		base := Attrs{}
		for _, a := range c.Attrs {
			if a.Required {
				base[a.Name] = sampleRequired[a.Name]
			}
		}
		for _, a := range c.Attrs {
			if a.Kind != Number {
				continue
			}
			for _, x := range extremes {
				if a.Integer && x != math.Trunc(x) {
					continue
				}
				attrs := Attrs{}
				for k, v := range base {
					attrs[k] = v
				}
				attrs[a.Name] = NumValue(x, a.Dim)
				est, err := c.Model(attrs, nil)
				if err != nil {
					assert.NotContains(t, err.Error(), "internal model error", "%s %s=%g", name, a.Name, x)
					continue
				}
				require.NoError(t, est.validate(name), "%s %s=%g", name, a.Name, x)
			}
		}
	}
}

// Every embedded table and cell file keeps the line naming its source.
func TestEmbeddedDataNamesSource(t *testing.T) {
	for _, dir := range []string{"data/tables", "data/cells"} {
		ents, err := fs.ReadDir(stdlib.FS, dir)
		require.NoError(t, err)
		require.NotEmpty(t, ents)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			f, err := stdlib.FS.Open(dir + "/" + e.Name())
			require.NoError(t, err)
			var r io.Reader = f
			if strings.HasSuffix(e.Name(), ".gz") {
				zr, err := gzip.NewReader(f)
				require.NoError(t, err)
				r = zr
			}
			first, err := bufio.NewReader(r).ReadString('\n')
			require.NoError(t, err)
			f.Close()
			assert.Regexp(t, `^# (Source|GENERATED|Computed)`, first, e.Name())
		}
	}
}
