package units

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		sym   string
		scale float64
		dim   Dim
	}{
		{"V", 1, Voltage},
		{"pJ", 1e-12, Energy},
		{"ns", 1e-9, Time},
		{"m", 1, Length}, // the metre, not the milli prefix
		{"ms", 1e-3, Time},
		{"mm", 1e-3, Length},
		{"um", 1e-6, Length},
		{"µm", 1e-6, Length},
		{"GHz", 1e9, Frequency},
		{"fF", 1e-15, Capacitance},
		{"uS", 1e-6, Conductance},
		{"kOhm", 1e3, Resistance},
		{"bits", 1, None},
		{"B", 8, None},
		{"%", 0.01, None},
	} {
		s, d, ok := Lookup(tc.sym)
		if assert.True(t, ok, tc.sym) {
			assert.InEpsilon(t, tc.scale, s, 1e-12, tc.sym)
			assert.Equal(t, tc.dim, d, tc.sym)
		}
	}
	for _, bad := range []string{"", "pX", "k%", "Jj", "nss"} {
		_, _, ok := Lookup(bad)
		assert.False(t, ok, bad)
	}
}

func TestAlgebra(t *testing.T) {
	// 2 pJ / 1 ns is a power (LANGUAGE.md).
	assert.Equal(t, Power, Energy.Div(Time))
	assert.Equal(t, "power", Energy.Div(Time).Name())
	// V^2 * F = J (the CV^2 energy of a capacitor).
	assert.Equal(t, Energy, Voltage.Pow(2).Mul(Capacitance))
	// V * A = W; 1/S = Ohm.
	assert.Equal(t, Power, Voltage.Mul(Current))
	assert.Equal(t, Resistance, None.Div(Conductance))
	assert.Equal(t, Area, Length.Pow(2))
	assert.Equal(t, "kg*m^2/s^2/A", Energy.Div(Current).Symbol())
}

func TestQuantityString(t *testing.T) {
	assert.Equal(t, "1.5 pJ", Q(1.5e-12, Energy).String())
	assert.Equal(t, "8", Q(8, None).String())
	assert.Equal(t, "100 ns", Q(1e-7, Time).String())
	assert.Equal(t, "1 m^2", Q(1, Area).String())
}
