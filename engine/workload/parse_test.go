package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// net wraps one layer's JSON in a network file.
func net(layer string) []byte {
	return []byte(`{"network": "t", "source": "test", "layers": [` + layer + `]}`)
}

func TestParseHistogramForms(t *testing.T) {
	// A JSON list with a string number, a Python list string, and the whole
	// field as a Python dict string give the same histograms.
	forms := []string{
		`{"index": 0, "shape": {"C": 2}, "histograms": {"Inputs": [0.25, "5e-1", 0.25], "Weights": [1]}}`,
		`{"index": 0, "shape": {"C": 2}, "histograms": {"Inputs": "[0.25, 0.5, 0.25]", "Weights": "(1,)"}}`,
		`{"index": 0, "shape": {"C": 2}, "histograms": "{'Inputs': [0.25, 0.5, .25], \"Weights\": [1.0]}"}`,
		`{"index": 0, "shape": {"C": 2}, "histograms": " { 'Inputs' : [ 2.5e-1 , 5E-1 , 0.25 , ] , 'Weights' : [ 1 ] } "}`,
	}
	for _, f := range forms {
		n, err := Parse("t.json", net(f))
		require.NoError(t, err, f)
		l := n.Layers[0]
		assert.Equal(t, []float64{.25, .5, .25}, l.Hist.Inputs.Bins(), f)
		assert.Equal(t, []float64{1}, l.Hist.Weights.Bins(), f)
		_, ok := l.Hist.Get("Outputs")
		assert.False(t, ok, "absent tensor has no histogram")
		assert.Equal(t, 2, l.Shape.C)
		assert.Equal(t, 1, l.Shape.M)
	}
	// No histograms at all.
	n, err := Parse("t.json", net(`{"index": 0, "shape": {}}`))
	require.NoError(t, err)
	assert.True(t, n.Layers[0].Hist.Inputs.IsZero())
	// problem_base spellings of the coefficients.
	n, err = Parse("t.json", net(`{"index": 0, "shape": {"Hstride": 2, "Wdilation": 3}}`))
	require.NoError(t, err)
	assert.Equal(t, 2, n.Layers[0].Shape.HStride)
	assert.Equal(t, 3, n.Layers[0].Shape.WDilation)
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		src, msg string
	}{
		{`{"network": "t", "layers": [`, "t.json: unexpected EOF"},
		{`{"network": "t", "layers": [], "extra": 1}`, `t.json: json: unknown field "extra"`},
		{`{"layers": [{"index": 0}]}`, `t.json: no "network" name`},
		{`{"network": "t", "layers": []}`, "t.json: no layers"},
		{string(net(`{"shape": {}}`)), `t.json: layer 0: no "index"`},
		{string(net(`{"index": 1}`)), "t.json: layer 0: index 1 at position 0"},
		{string(net(`{"index": 0, "shape": {"K": 3}}`)), `t.json: layer 0: shape: unknown dimension "K" (want C, M, R, S, N, P, Q, G, HStride, WStride, HDilation, WDilation)`},
		{string(net(`{"index": 0, "shape": {"C": 0}}`)), "t.json: layer 0: shape: C: 0 is not a positive integer"},
		{string(net(`{"index": 0, "shape": {"C": 2.5}}`)), "t.json: layer 0: shape: C: 2.5 is not a positive integer"},
		{string(net(`{"index": 0, "shape": {"C": [1]}}`)), "t.json: layer 0: shape: C: [1] is not a number"},
		{string(net(`{"index": 0, "histograms": {"Inputs": [0.5, 0.5]}}`)),
			"t.json: layer 0: histograms: Inputs: histogram: has 2 bins, want 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)"},
		{string(net(`{"index": 0, "histograms": {"Inputs": [0.5, -0.5, 1]}}`)),
			"t.json: layer 0: histograms: Inputs: histogram bin 1: probability -0.5 is negative"},
		{string(net(`{"index": 0, "histograms": {"Inputs": [1, 2, 1]}}`)),
			"t.json: layer 0: histograms: Inputs: histogram: bins sum to 4, want 1 within 0.01"},
		{string(net(`{"index": 0, "histograms": {"Inputs": [0.5, "abc", 0.5]}}`)),
			`t.json: layer 0: histograms: Inputs: bin 1: "abc" is not a finite number`},
		{string(net(`{"index": 0, "histograms": {"Inputs": [0.5, "nan", 0.5]}}`)),
			`t.json: layer 0: histograms: Inputs: bin 1: "nan" is not a finite number`},
		{string(net(`{"index": 0, "histograms": {"Inputs": [0.5, true, 0.5]}}`)),
			"t.json: layer 0: histograms: Inputs: bin 1: want a number, found a boolean"},
		{string(net(`{"index": 0, "histograms": {"Psums": [1]}}`)),
			`t.json: layer 0: histograms: unknown tensor "Psums" (want Inputs, Weights or Outputs)`},
		{string(net(`{"index": 0, "histograms": [1]}`)),
			"t.json: layer 0: histograms: want an object of tensor histograms, found [1]"},
		{string(net(`{"index": 0, "histograms": {"Inputs": {"a": 1}}}`)),
			`t.json: layer 0: histograms: Inputs: want a list of numbers, found {"a": 1}`},
		{string(net(`{"index": 0, "histograms": "{'Inputs': [1], 'Inputs': [1]}"}`)),
			`t.json: layer 0: histograms: offset 16: duplicate key "Inputs"`},
		{string(net(`{"index": 0, "histograms": "{'Inputs': [1] 'Weights': [1]}"}`)),
			"t.json: layer 0: histograms: offset 15: expected ',' or '}'"},
		{string(net(`{"index": 0, "histograms": "{'Inputs': [0.5, __import__('os'), 0.5]}"}`)),
			`t.json: layer 0: histograms: offset 17: unexpected '_'`},
		{string(net(`{"index": 0, "histograms": "{'Inputs': [1]"}`)),
			"t.json: layer 0: histograms: offset 14: expected ',' or '}'"},
		{string(net(`{"index": 0, "histograms": "{'Inputs: [1]}"}`)),
			"t.json: layer 0: histograms: offset 1: unterminated string"},
		{string(net(`{"index": 0, "histograms": "[1]"}`)),
			"t.json: layer 0: histograms: want a dict of tensor histograms, found a list"},
		{string(net(`{"index": 0, "histograms": "{'Inputs': 1}"}`)),
			"t.json: layer 0: histograms: Inputs: want a list, found a number"},
		{string(net(`{"index": 0, "histograms": {"Inputs": "{}"}}`)),
			"t.json: layer 0: histograms: Inputs: want a list, found a dict"},
		{string(net(`{"index": 0, "histograms": "{'Inputs': [1]} x"}`)),
			`t.json: layer 0: histograms: offset 16: unexpected "x" after the value`},
		{string(net(`{"index": 0, "histograms": "{'Inputs': [1-]}"}`)),
			`t.json: layer 0: histograms: offset 12: "1-" is not a finite number`},
		{string(net(`{"index": 0, "histograms": "` + strings.Repeat("[", 40) + `"}`)),
			"t.json: layer 0: histograms: offset 17: nested too deeply"},
	}
	for _, c := range cases {
		_, err := Parse("t.json", []byte(c.src))
		if assert.Error(t, err, c.src) {
			assert.Equal(t, c.msg, err.Error(), c.src)
		}
	}
}

func FuzzParsePy(f *testing.F) {
	for _, s := range []string{"{'Inputs': [0.25, 0.5, 0.25]}", "[1, 2, (3,)]", "'a\\'b'", "{", "-1e-5", "[[[[]]]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parsePy(s) // must not panic
		if err == nil && v == nil {
			t.Fatalf("nil value without error for %q", s)
		}
	})
}
