// Package units holds physical dimensions and quantities for cimc: the unit
// symbols a .cim file may write (V, s, Hz, J, W, m, F, S, A, Ohm, bit, B with
// SI prefixes), their scale to SI, and the dimension algebra the checker uses
// to reject "1 ns + 2 pJ" and accept "2 pJ / 1 ns" as a power.
//
// It owns no parsing of source text beyond a unit symbol and knows nothing
// about energy models.
package units

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Base indexes the base dimensions of a Dim.
type Base int

// The base dimensions. Bits are counted as dimensionless (a resolution of
// "8 bits" is the number 8), so they have no base here.
const (
	Kilogram Base = iota
	Metre
	Second
	Ampere
	numBase
)

var baseSymbol = [numBase]string{"kg", "m", "s", "A"}

// Dim is a physical dimension: integer exponents of the base dimensions.
// The zero Dim is dimensionless.
type Dim [numBase]int8

// Common dimensions.
var (
	None        = Dim{}
	Length      = Dim{Metre: 1}
	Area        = Dim{Metre: 2}
	Time        = Dim{Second: 1}
	Frequency   = Dim{Second: -1}
	Energy      = Dim{Kilogram: 1, Metre: 2, Second: -2}
	Power       = Dim{Kilogram: 1, Metre: 2, Second: -3}
	Voltage     = Dim{Kilogram: 1, Metre: 2, Second: -3, Ampere: -1}
	Current     = Dim{Ampere: 1}
	Charge      = Dim{Second: 1, Ampere: 1}
	Capacitance = Dim{Kilogram: -1, Metre: -2, Second: 4, Ampere: 2}
	Conductance = Dim{Kilogram: -1, Metre: -2, Second: 3, Ampere: 2}
	Resistance  = Dim{Kilogram: 1, Metre: 2, Second: -3, Ampere: -2}
)

// Mul returns the dimension of a product.
func (d Dim) Mul(e Dim) Dim {
	var r Dim
	for i := range d {
		r[i] = d[i] + e[i]
	}
	return r
}

// Div returns the dimension of a quotient.
func (d Dim) Div(e Dim) Dim {
	var r Dim
	for i := range d {
		r[i] = d[i] - e[i]
	}
	return r
}

// Pow returns the dimension raised to an integer power.
func (d Dim) Pow(n int) Dim {
	var r Dim
	for i := range d {
		r[i] = d[i] * int8(n)
	}
	return r
}

// IsNone reports whether d is dimensionless.
func (d Dim) IsNone() bool { return d == None }

// named lists the dimensions that have a name of their own, in the order
// String tries them.
var named = []struct {
	d    Dim
	name string
	sym  string
}{
	{None, "dimensionless", ""},
	{Energy, "energy", "J"},
	{Power, "power", "W"},
	{Time, "time", "s"},
	{Frequency, "frequency", "Hz"},
	{Length, "length", "m"},
	{Area, "area", "m^2"},
	{Voltage, "voltage", "V"},
	{Current, "current", "A"},
	{Charge, "charge", "C"},
	{Capacitance, "capacitance", "F"},
	{Conductance, "conductance", "S"},
	{Resistance, "resistance", "Ohm"},
}

// Name returns a word for the dimension ("energy", "time") or its symbol
// form when it has no name.
func (d Dim) Name() string {
	for _, n := range named {
		if n.d == d {
			return n.name
		}
	}
	return d.Symbol()
}

// Symbol returns the SI symbol of the dimension ("J", "W", "kg*m^2/s^3"...).
func (d Dim) Symbol() string {
	for _, n := range named {
		if n.d == d {
			return n.sym
		}
	}
	var num, den []string
	for i, e := range d {
		switch {
		case e == 1:
			num = append(num, baseSymbol[i])
		case e > 1:
			num = append(num, fmt.Sprintf("%s^%d", baseSymbol[i], e))
		case e == -1:
			den = append(den, baseSymbol[i])
		case e < -1:
			den = append(den, fmt.Sprintf("%s^%d", baseSymbol[i], -e))
		}
	}
	s := strings.Join(num, "*")
	if s == "" {
		s = "1"
	}
	if len(den) > 0 {
		s += "/" + strings.Join(den, "/")
	}
	return s
}

// String is Name.
func (d Dim) String() string { return d.Name() }

// unit is one unit symbol without prefix.
type unit struct {
	scale float64 // multiply a value in this unit by scale to get SI
	dim   Dim
}

var baseUnits = map[string]unit{
	"V":    {1, Voltage},
	"s":    {1, Time},
	"Hz":   {1, Frequency},
	"J":    {1, Energy},
	"W":    {1, Power},
	"m":    {1, Length},
	"F":    {1, Capacitance},
	"S":    {1, Conductance},
	"A":    {1, Current},
	"C":    {1, Charge},
	"Ohm":  {1, Resistance},
	"ohm":  {1, Resistance},
	"Ω":    {1, Resistance},
	"bit":  {1, None},
	"bits": {1, None},
	"B":    {8, None}, // byte = 8 bits
	"%":    {0.01, None},
}

var prefixes = map[string]float64{
	"a": 1e-18, "f": 1e-15, "p": 1e-12, "n": 1e-9, "u": 1e-6, "µ": 1e-6, "μ": 1e-6,
	"m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
}

// Lookup resolves a unit symbol such as "pJ", "ns", "um", "GHz", "MOhm" to
// its scale (to SI) and dimension. An exact unit name wins over a prefixed
// reading ("m" is the metre, "ms" the millisecond, "mm" the millimetre).
func Lookup(sym string) (scale float64, dim Dim, ok bool) {
	if u, ok := baseUnits[sym]; ok {
		return u.scale, u.dim, true
	}
	for p, f := range prefixes {
		if strings.HasPrefix(sym, p) {
			if u, ok := baseUnits[sym[len(p):]]; ok && sym[len(p):] != "%" {
				return f * u.scale, u.dim, true
			}
		}
	}
	return 0, None, false
}

// Symbols returns every unit symbol without prefix, sorted: the names a
// did-you-mean suggestion may offer.
func Symbols() []string {
	out := make([]string, 0, len(baseUnits))
	for s := range baseUnits {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Quantity is a value in SI units with its dimension.
type Quantity struct {
	Value float64
	Dim   Dim
}

// Q returns a quantity.
func Q(v float64, d Dim) Quantity { return Quantity{v, d} }

// String prints the quantity with an engineering prefix: "1.5 pJ", "8",
// "2.5e-10 kg*m^2/s^3".
func (q Quantity) String() string {
	sym := q.Dim.Symbol()
	if sym == "" {
		return FormatNumber(q.Value)
	}
	if strings.ContainsAny(sym, "*/^") {
		return FormatNumber(q.Value) + " " + sym
	}
	v, p := Engineering(q.Value)
	return FormatNumber(v) + " " + p + sym
}

// Engineering splits v into a mantissa in [1, 1000) and an SI prefix.
func Engineering(v float64) (float64, string) {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v, ""
	}
	steps := []struct {
		f float64
		p string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}, {1e-3, "m"}, {1e-6, "u"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}, {1e-18, "a"}}
	a := math.Abs(v)
	for _, s := range steps {
		if a >= s.f*(1-1e-12) {
			return v / s.f, s.p
		}
	}
	return v / 1e-18, "a"
}

// FormatNumber prints a float with up to 6 significant digits and no
// trailing zeros: 8, 0.85, 1.23457e-07.
func FormatNumber(v float64) string {
	return strings.TrimSpace(fmt.Sprintf("%.6g", v))
}
