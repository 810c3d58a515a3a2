package component

import (
	"fmt"
	"io/fs"
	"math"
	"sort"

	"github.com/cimc-lang/cimc/lang/units"
)

// SRAM from CACTI, as Accelergy's CACTI plug-in computes it
// (accelergy-cacti-plug-in @ 291018b, same settings as hwcomponents-cacti
// @ de2520f): raw CACTI 1ffd8df outputs on a grid
// (stdlib/data/tables/cacti_sram_grid.csv: tech {22,32,45,65,90} nm x width
// {32..1024} x depth {64..32768} x ports {1,2}), then the wrapper's
// pre-scaling for narrow/shallow arrays and its technology rules.
//
// Interpolation (documented choice; the plug-in runs CACTI at the exact
// size instead): between grid widths and depths, every output is
// interpolated log-log (bilinear in ln width, ln depth of ln value); at grid
// points the value is the table's exactly. Between native nodes, linear in
// nm, as the plug-in.

var cactiNodes = [5]float64{22, 32, 45, 65, 90}

// sramPoint is one CACTI output: energies pJ, leak mW, area um^2, times ns.
type sramPoint struct{ read, write, leak, area, cycle, access float64 }

func (a sramPoint) vec() [6]float64 {
	return [6]float64{a.read, a.write, a.leak, a.area, a.cycle, a.access}
}

func fromVec(v [6]float64) sramPoint { return sramPoint{v[0], v[1], v[2], v[3], v[4], v[5]} }

type sramKey struct{ node, width, depth, ports int }

type sramData struct {
	pts            map[sramKey]sramPoint
	widths, depths []int
}

func loadSRAM(fsys fs.FS) (*sramData, error) {
	t, err := readTable(fsys, "cacti_sram_grid.csv")
	if err != nil {
		return nil, err
	}
	c, err := t.cols("tech_nm", "width_bits", "depth", "n_rw_ports", "n_banks", "read_energy_pJ", "write_energy_pJ",
		"leak_power_mW_total", "area_um2", "random_cycle_ns", "access_ns")
	if err != nil {
		return nil, err
	}
	d := &sramData{pts: map[sramKey]sramPoint{}}
	ws, ds := map[int]bool{}, map[int]bool{}
	for _, r := range t.rows {
		var v [11]float64
		for i, j := range c {
			if v[i], err = t.float(r, j); err != nil {
				return nil, err
			}
		}
		node := -1
		for i, n := range cactiNodes {
			if n == v[0] {
				node = i
			}
		}
		if node < 0 || v[4] != 1 {
			return nil, fmt.Errorf("embedded table %s: unexpected row %v", t.name, r)
		}
		k := sramKey{node, int(v[1]), int(v[2]), int(v[3])}
		d.pts[k] = sramPoint{v[5], v[6], v[7], v[8], v[9], v[10]}
		ws[k.width], ds[k.depth] = true, true
	}
	for w := range ws {
		d.widths = append(d.widths, w)
	}
	for x := range ds {
		d.depths = append(d.depths, x)
	}
	sort.Ints(d.widths)
	sort.Ints(d.depths)
	return d, nil
}

// bracketInts returns the grid values around x and the log-space weight of
// the upper one.
func bracketInts(grid []int, x float64) (lo, hi int, w float64, ok bool) {
	if x < float64(grid[0]) || x > float64(grid[len(grid)-1]) {
		return 0, 0, 0, false
	}
	for i, g := range grid {
		if float64(g) >= x {
			if float64(g) == x || i == 0 {
				return g, g, 0, true
			}
			lo, hi = grid[i-1], g
			return lo, hi, (math.Log(x) - math.Log(float64(lo))) / (math.Log(float64(hi)) - math.Log(float64(lo))), true
		}
	}
	return 0, 0, 0, false
}

// logLerp interpolates in log space when both ends are positive, else
// linearly.
func logLerp(a, b, w float64) float64 {
	if w == 0 {
		return a
	}
	if w == 1 {
		return b
	}
	if a > 0 && b > 0 {
		return math.Exp(lerp(math.Log(a), math.Log(b), w))
	}
	return lerp(a, b, w)
}

// at returns the raw CACTI point for (W', D', ports) at native node i.
func (d *sramData) at(node int, w, depth float64, ports int) (sramPoint, error) {
	wl, wh, ww, ok := bracketInts(d.widths, w)
	if !ok {
		return sramPoint{}, attrErr("width", "split the buffer into several sram instances", "sram width %s is above the CACTI grid's %d bits", units.FormatNumber(w), d.widths[len(d.widths)-1])
	}
	dl, dh, dw, ok := bracketInts(d.depths, depth)
	if !ok {
		return sramPoint{}, attrErr("depth", "split the buffer into several sram instances", "sram depth %s is above the CACTI grid's %d entries", units.FormatNumber(depth), d.depths[len(d.depths)-1])
	}
	get := func(wi, di int) (sramPoint, error) {
		p, ok := d.pts[sramKey{node, wi, di, ports}]
		if !ok {
			return p, attrErr("n_rw_ports", "dual-port SRAM is tabulated up to 256 bits wide", "no CACTI data for a %d-port sram of width %d", ports, wi)
		}
		return p, nil
	}
	var corner [2][2][6]float64
	for i, wi := range [2]int{wl, wh} {
		for j, di := range [2]int{dl, dh} {
			p, err := get(wi, di)
			if err != nil {
				return sramPoint{}, err
			}
			corner[i][j] = p.vec()
		}
	}
	var out [6]float64
	for k := range out {
		a := logLerp(corner[0][0][k], corner[0][1][k], dw)
		b := logLerp(corner[1][0][k], corner[1][1][k], dw)
		out[k] = logLerp(a, b, ww)
	}
	return fromVec(out), nil
}

// SRAMEstimate is the CACTI-plug-in result for one SRAM.
type SRAMEstimate struct {
	ReadEnergy, WriteEnergy float64 // J per width-bit access
	Leakage                 float64 // W
	Area                    float64 // m^2
	Cycle, Access           float64 // s
}

// sram evaluates width x depth x ports at node t nm.
func (d *sramData) sram(width, depth float64, ports int, t float64) (SRAMEstimate, error) {
	// Pre-scaling (cacti_wrapper._interp_size): CACTI is run on at least
	// 32 bits x 64 entries and the result scaled down.
	wp := math.Max(math.Ceil(width/8)*8, 32)
	dp := math.Max(depth, 64)
	ws, ds := width/wp, depth/dp
	var p sramPoint
	switch {
	case t >= 22 && t <= 90:
		lo, hi := 0, 0
		for i := range cactiNodes {
			if cactiNodes[i] <= t {
				lo = i
			}
		}
		hi = lo
		if cactiNodes[lo] < t {
			hi = lo + 1
		}
		a, err := d.at(lo, wp, dp, ports)
		if err != nil {
			return SRAMEstimate{}, err
		}
		b, err := d.at(hi, wp, dp, ports)
		if err != nil {
			return SRAMEstimate{}, err
		}
		w := 0.0
		if hi != lo {
			w = (t - cactiNodes[lo]) / (cactiNodes[hi] - cactiNodes[lo])
		}
		va, vb := a.vec(), b.vec()
		var v [6]float64
		for k := range v {
			v[k] = lerp(va[k], vb[k], w)
		}
		p = fromVec(v)
	case t < 22:
		// Below 22 nm (wrapper rule): energies x s^0.5, area x s, leakage
		// x s^0.5 x 0.79 ("FinFET ~21% less leakage"), s = t/22. Times
		// are kept (CiMLoop era).
		a, err := d.at(0, wp, dp, ports)
		if err != nil {
			return SRAMEstimate{}, err
		}
		s := t / 22
		p = a
		p.read *= math.Sqrt(s)
		p.write *= math.Sqrt(s)
		p.area *= s
		p.leak *= math.Sqrt(s) * 0.79
	default:
		// Above 90 nm (CiMLoop-era wrapper): every value x (t/90)^2. The
		// hwcomponents branch for this case is unreachable (a bug), so the
		// CiMLoop rule is the only one.
		a, err := d.at(len(cactiNodes)-1, wp, dp, ports)
		if err != nil {
			return SRAMEstimate{}, err
		}
		k := (t / 90) * (t / 90)
		v := a.vec()
		for i := range v {
			v[i] *= k
		}
		p = fromVec(v)
	}
	f := (0.7*ws + 0.3) * math.Pow(ds, 0.78)
	return SRAMEstimate{
		ReadEnergy:  p.read * f * 1e-12,
		WriteEnergy: p.write * f * 1e-12,
		Leakage:     p.leak * ws * ds * 1e-3,
		Area:        p.area * ws * ds * 1e-12,
		Cycle:       p.cycle * 1e-9,
		Access:      p.access * 1e-9,
	}, nil
}

func sramAttrs() []AttrSpec {
	return []AttrSpec{
		reqInt("width", "bits per access (entry width)"),
		reqInt("depth", "entries"),
		intAttr("n_rw_ports", 1, "read-write ports: 1 or 2 (2 tabulated up to 256 bits wide)"),
		techAttr(),
	}
}

func (s *store) sramParams(p params) (SRAMEstimate, error) {
	w, err := p.intInF("width", 1, 1024)
	if err != nil {
		return SRAMEstimate{}, err
	}
	depth, err := p.intInF("depth", 1, 32768)
	if err != nil {
		return SRAMEstimate{}, err
	}
	ports, err := p.intIn("n_rw_ports", 1, 2)
	if err != nil {
		return SRAMEstimate{}, err
	}
	t, err := p.inRange("technology", 5, 180, "CACTI data cover 22-90 nm, extrapolated with the plug-in's rules to 5-180 nm")
	if err != nil {
		return SRAMEstimate{}, err
	}
	d, err := s.sram.get()
	if err != nil {
		return SRAMEstimate{}, err
	}
	return d.sram(w, depth, ports, t)
}

func (s *store) sramClass() *Class {
	return newClass("sram",
		"SRAM buffer from CACTI (Accelergy CACTI plug-in: itrs-lstp, leakage-optimized); energy per width-bit access",
		true, []string{"read", "write", "update"}, sramAttrs(),
		func(p params, _ *Stats) (Estimate, error) {
			e, err := s.sramParams(p)
			if err != nil {
				return Estimate{}, err
			}
			return Estimate{
				Energy:  map[string]float64{"read": e.ReadEnergy, "write": e.WriteEnergy, "update": e.WriteEnergy},
				Area:    e.Area,
				Latency: e.Access,
				Leakage: e.Leakage,
			}, nil
		})
}

// smartbuffer_sram (CiMLoop components/smartbuffer_SRAM.yaml): the SRAM plus
// an address generator, a NeuroSim intadder of max(1, ceil(log2 depth)) bits
// with n_instances 2 (Accelergy: n_instances multiplies area and leakage,
// not action energy). read = sram.read + adder.add; write = update =
// sram.write + adder.add.
func (s *store) smartbufferClass() *Class {
	return newClass("smartbuffer_sram",
		"SRAM buffer with an address-generating adder (CiMLoop smartbuffer_sram: CACTI SRAM + 2 NeuroSim adders)",
		true, []string{"read", "write", "update"}, sramAttrs(),
		func(p params, _ *Stats) (Estimate, error) {
			e, err := s.sramParams(p)
			if err != nil {
				return Estimate{}, err
			}
			bits := math.Max(1, math.Ceil(math.Log2(p.num("depth"))))
			add, err := affineAt(&neuroAdder, bits, p.num("technology"))
			if err != nil {
				return Estimate{}, err
			}
			return Estimate{
				Energy:  map[string]float64{"read": e.ReadEnergy + add.e, "write": e.WriteEnergy + add.e, "update": e.WriteEnergy + add.e},
				Area:    e.Area + 2*add.a,
				Latency: e.Access,
				Leakage: e.Leakage + 2*add.l,
			}, nil
		})
}
