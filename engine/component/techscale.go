package component

import (
	"fmt"
	"math"
	"strings"
)

// Technology scaling after A. Stillmaker, B. Baas, "Scaling equations for
// the accurate prediction of CMOS device performance from 180 nm to 7 nm",
// Integration 58 (2017) 74-81, as tabulated by Accelergy's library plug-in
// (accelergy-library-plug-in scaling.py @ ba4e9dac, identical numbers in
// hwcomponents/scaling/techscaling.py @ e67d7f10; embedded copies:
// stdlib/data/tables/tech_scaling_stillmaker_{area,energy}.csv). The
// tables are small constants, so they live here as code; a test checks
// them against the embedded CSVs.

// stillmakerNodes are the table nodes in nm, index 0..9 (descending).
var stillmakerNodes = [10]float64{130, 90, 65, 45, 32, 20, 16, 14, 10, 7}

// stillmakerArea[from][to]: multiply an area at node from by this to get the
// area at node to (tech_scaling_stillmaker_area.csv).
var stillmakerArea = [10][10]float64{
	{1, 0.44, 0.23, 0.16, 0.072, 0.033, 0.03, 0.027, 0.016, 0.0092},
	{2.3, 1, 0.53, 0.35, 0.16, 0.075, 0.067, 0.061, 0.036, 0.021},
	{4.3, 1.9, 1, 0.66, 0.31, 0.14, 0.13, 0.12, 0.068, 0.039},
	{6.4, 2.8, 1.5, 1, 0.46, 0.21, 0.19, 0.17, 0.1, 0.059},
	{14, 6.1, 3.3, 2.2, 1, 0.46, 0.41, 0.38, 0.22, 0.13},
	{30, 13, 7.1, 4.7, 2.2, 1, 0.89, 0.82, 0.48, 0.28},
	{34, 15, 7.9, 5.3, 2.4, 1.1, 1, 0.91, 0.54, 0.31},
	{37, 16, 8.7, 5.8, 2.7, 1.2, 1.1, 1, 0.59, 0.34},
	{63, 28, 15, 9.8, 4.5, 2.1, 1.9, 1.7, 1, 0.58},
	{110, 48, 25, 17, 7.8, 3.6, 3.2, 2.9, 1.7, 1},
}

// stillmakerEnergy[i] = (a, b, c): the node's energy factor is
// F(V) = a V^2 + b V + c (tech_scaling_stillmaker_energy.csv).
var stillmakerEnergy = [10][3]float64{
	{7.171, -6.709, 2.904},
	{4.762, -4.781, 2.092},
	{3.755, -4.398, 1.975},
	{1.103, -0.362, 0.2767},
	{0.9559, -0.7823, 0.471},
	{0.373, -0.1582, 0.04104},
	{0.2958, -0.1241, 0.03024},
	{0.2363, -0.09675, 0.02239},
	{0.2068, -0.09311, 0.02375},
	{0.1776, -0.09097, 0.02447},
}

// StillmakerVdd is the supply voltage both sides of an energy ratio are
// evaluated at (0.8 V in both Accelergy generations).
const StillmakerVdd = 0.8

// Interp selects how a node between two table nodes is placed.
type Interp uint8

const (
	// Fixed is the correct linear placement (hwcomponents since 7c1e86b,
	// 2026-05-26, "Fix scaling going the wrong direction").
	Fixed Interp = iota
	// Legacy reproduces accelergy-library-plug-in, which CiMLoop used: the
	// fractional index is put at the wrong end between table nodes, so
	// 22 nm behaves like ~30 nm and 40 nm like ~37 nm. Nodes that are in
	// the table agree with Fixed.
	Legacy
)

// ParseInterp maps "fixed" / "legacy" to an Interp.
func ParseInterp(s string) (Interp, error) {
	switch strings.ToLower(s) {
	case "fixed":
		return Fixed, nil
	case "legacy":
		return Legacy, nil
	}
	return Fixed, fmt.Errorf("unknown technology interpolation %q (want \"fixed\" or \"legacy\")", s)
}

// constrain clamps t into [7, 130] nm and returns the overflow ratio.
func constrain(t float64) (float64, float64) {
	if t < 7 {
		return 7, t / 7
	}
	if t > 130 {
		return 130, t / 130
	}
	return t, 1
}

// stillmakerIndex returns the fractional index of t (in [7,130]) into
// stillmakerNodes.
func stillmakerIndex(t float64, mode Interp) float64 {
	big, small := -1, -1
	for i, n := range stillmakerNodes {
		if t <= n {
			big = i // last node >= t
		}
		if small < 0 && t >= n {
			small = i // first node <= t
		}
	}
	if big == small {
		return float64(big)
	}
	frac := (t - stillmakerNodes[small]) / (stillmakerNodes[big] - stillmakerNodes[small])
	if mode == Legacy {
		return float64(big) + float64(small-big)*frac
	}
	return float64(small) + float64(big-small)*frac
}

func checkNode(what string, nm float64) error {
	if !(nm > 0) || math.IsInf(nm, 0) {
		return fmt.Errorf("%s technology must be a positive number of nm, found %v", what, nm)
	}
	return nil
}

// AreaScale returns the factor that turns an area at fromNM into an area
// at toNM (Stillmaker-Baas; outside 7-130 nm area scales linearly with the
// node ratio, the ITRS/IRDS assumption the sources make).
//
// Deliberate deviation: the sources interpolate the area matrix bilinearly
// even when fromNM == toNM, which between table nodes is not 1 (40 -> 40 nm
// gives 1.156, so a 40 nm library entry queried at "40" grows 16%). Equal
// nodes return exactly 1 here.
func AreaScale(fromNM, toNM float64, mode Interp) (float64, error) {
	if err := checkNode("source", fromNM); err != nil {
		return 0, err
	}
	if err := checkNode("target", toNM); err != nil {
		return 0, err
	}
	if fromNM == toNM {
		return 1, nil
	}
	f, rx := constrain(fromNM)
	t, ry := constrain(toNM)
	x := stillmakerIndex(f, mode)
	y := stillmakerIndex(t, mode)
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	x1, y1 := math.Ceil(x), math.Ceil(y)
	a := stillmakerArea
	v := a[int(x0)][int(y0)]*(1-fx)*(1-fy) + a[int(x0)][int(y1)]*(1-fx)*fy +
		a[int(x1)][int(y0)]*fx*(1-fy) + a[int(x1)][int(y1)]*fx*fy
	return ry / rx * v, nil
}

func stillmakerF(i int, vdd float64) float64 {
	c := stillmakerEnergy[i]
	return c[0]*vdd*vdd + c[1]*vdd + c[2]
}

// EnergyScale returns the factor that turns an energy (or leakage) at
// fromNM into one at toNM, both at the same supply (StillmakerVdd). Below
// 1 nm energy stops scaling (IRDS 2022, as the sources); outside 7-130 nm
// energy scales with the square root of the node ratio.
func EnergyScale(fromNM, toNM float64, mode Interp) (float64, error) {
	if err := checkNode("source", fromNM); err != nil {
		return 0, err
	}
	if err := checkNode("target", toNM); err != nil {
		return 0, err
	}
	f, rx := constrain(math.Max(fromNM, 1))
	t, ry := constrain(math.Max(toNM, 1))
	fac := func(x float64) float64 {
		x0 := math.Floor(x)
		fr := x - x0
		return stillmakerF(int(x0), StillmakerVdd)*(1-fr) + stillmakerF(int(math.Ceil(x)), StillmakerVdd)*fr
	}
	return fac(stillmakerIndex(t, mode)) / fac(stillmakerIndex(f, mode)) * math.Sqrt(ry/rx), nil
}

// ScaleEnergy scales an energy (or leakage power) from fromNM to toNM with
// the correct (Fixed) interpolation.
func ScaleEnergy(value, fromNM, toNM float64) (float64, error) {
	s, err := EnergyScale(fromNM, toNM, Fixed)
	return value * s, err
}

// ScaleArea scales an area from fromNM to toNM with the correct (Fixed)
// interpolation.
func ScaleArea(value, fromNM, toNM float64) (float64, error) {
	s, err := AreaScale(fromNM, toNM, Fixed)
	return value * s, err
}

// ScaleLatency scales a latency from fromNM to toNM linearly with the node
// (hwcomponents' latency rule; the CiMLoop era has no latency scaling).
func ScaleLatency(value, fromNM, toNM float64) (float64, error) {
	if err := checkNode("source", fromNM); err != nil {
		return 0, err
	}
	if err := checkNode("target", toNM); err != nil {
		return 0, err
	}
	return value * toNM / fromNM, nil
}

// VoltageScale returns (toV/fromV)^exponent: the voltage idiom of CiMLoop's
// macros (VOLTAGE_ENERGY_SCALE = (V/V0)^2 for dynamic CV^2 energy, Sinangil
// uses exponent 1.7; leakage is usually linear, exponent 1). Non-positive
// voltages are an error.
func VoltageScale(fromV, toV, exponent float64) (float64, error) {
	if !(fromV > 0) || !(toV > 0) || math.IsInf(fromV, 0) || math.IsInf(toV, 0) {
		return 0, fmt.Errorf("voltages must be positive, found %v and %v", fromV, toV)
	}
	return math.Pow(toV/fromV, exponent), nil
}

// ScaleVoltageEnergy scales a dynamic energy measured at fromV to toV as
// C V^2 switching energy: value * (toV/fromV)^2.
func ScaleVoltageEnergy(value, fromV, toV float64) (float64, error) {
	s, err := VoltageScale(fromV, toV, 2)
	return value * s, err
}
