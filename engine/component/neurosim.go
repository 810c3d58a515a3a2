package component

import (
	"fmt"
	"io/fs"
	"math"
	"sort"

	"github.com/cimc-lang/cimc/lang/units"
)

// NeuroSim peripheral components (adder, flip-flop, shift-add, adder tree,
// mux, max-pool, gates), as the Accelergy NeuroSim plug-in reports them:
// DNN_NeuroSim_V1.3 @ 388f421 with the hwcomponents-neurosim @ 44bf21d
// drop-ins, run for every node at the node's default Vdd
// (stdlib/data/tables/neurosim_misc_components.csv.gz, generated).
//
// Adders and flip-flops are exactly affine in the word width at each node,
// and shift-add and adder trees are exact sums of them, so those four are
// closed forms below. Mux, max-pool and gate areas are not affine and are
// looked up in the table.

// neuroNodes are NeuroSim's native technology nodes (nm). Other nodes are
// linearly interpolated (every output) between the bracketing natives, as
// the plug-in does; outside 7-130 nm is an error.
var neuroNodes = [9]float64{7, 10, 14, 22, 32, 45, 65, 90, 130}

// neuroVdd is NeuroSim's default supply per native node (Technology.cpp,
// LP/LSTP branch; neurosim_technology_defaults.csv).
var neuroVdd = [9]float64{0.7, 0.75, 0.8, 0.85, 0.9, 1.0, 1.1, 1.2, 1.3}

// affine is a per-node closed form: energy = e1*n + e0 (pJ), area = a1*n
// (um^2), leakage = l1*n (pW).
type affine struct{ e1, e0, a1, l1 float64 }

// neuroAdder and neuroFlipFlop are least-squares fits (weighted for
// relative error, intercepts of area/leak/flip-flop energy fixed at 0) to
// every adder / flip-flop row of neurosim_misc_components.csv (n_bits
// 1..32); the largest relative deviation from any row is 4.3e-7 (the table
// prints 7 significant digits). They agree with
// neurosim_adder_flipflop_affine.csv to its printed precision; the test
// TestNeuroSimAffineMatchesTable checks every row.
var neuroAdder = [9]affine{
	{0.0002908269203126, 2.060437688853e-05, 0.1963331984296, 67.16241053934},
	{0.0005089018186277, 3.576262437166e-05, 0.40068, 117.3210667547},
	{0.0007297333634658, 4.993367188783e-05, 0.7853328031533, 116.0017583569},
	{0.001063398357437, 7.124849950307e-05, 1.39043518563, 134.22},
	{0.002020830491953, 0.0001373854700149, 2.941747205243, 223.1477407395},
	{0.00401971731835, 0.0002760376343241, 5.817420032784, 370.1794340506},
	{0.008509914848896, 0.0005901028329197, 12.13758003055, 589.7883171787},
	{0.007597013804038, 0.0004652448438728, 23.26968015704, 906.9320340674}, // 90 nm is genuinely below 65 nm in NeuroSim's data
	{0.03152521008131, 0.00219159827413, 48.55032081072, 1527.141404402},
}

var neuroFlipFlop = [9]affine{
	{0.0008352977903301, 0, 0.1745183987994, 123.7874183215},
	{0.00135460908632, 0, 0.35616, 162.2277695917},
	{0.002192299067421, 0, 0.6980735889458, 212.1450404409},
	{0.002552135691682, 0, 1.235942385662, 156.332},
	{0.004770342320106, 0, 2.614886396539, 241.0087709979},
	{0.009363590273968, 0, 5.171039968856, 376.670323369},
	{0.01948005528819, 0, 10.78896006178, 598.9354748863},
	{0.01908455186259, 0, 20.68416012006, 904.5960515278},
	{0.071206, 0, 43.15584032762, 1415.665698472},
}

// flipFlopLatency is NeuroSim's flip-flop latency, 500 ps at every node
// (neurosim_adder_flipflop_affine.csv header).
const flipFlopLatency = 500e-12

// nodeBracket returns the native-node indexes around t and the weight of
// the upper one.
func nodeBracket(t float64) (lo, hi int, w float64, err error) {
	if !(t >= neuroNodes[0] && t <= neuroNodes[len(neuroNodes)-1]) {
		return 0, 0, 0, attrErr("technology", "NeuroSim models cover 7-130 nm", "technology %s nm is outside NeuroSim's 7-130 nm range", units.FormatNumber(t))
	}
	for i := 0; i < len(neuroNodes)-1; i++ {
		if t <= neuroNodes[i+1] {
			if t == neuroNodes[i] {
				return i, i, 0, nil
			}
			if t == neuroNodes[i+1] {
				return i + 1, i + 1, 0, nil
			}
			return i, i + 1, (t - neuroNodes[i]) / (neuroNodes[i+1] - neuroNodes[i]), nil
		}
	}
	return len(neuroNodes) - 1, len(neuroNodes) - 1, 0, nil
}

// neuroPart is a peripheral's per-action energy (J), area (m^2), leakage
// (W) and latency (s).
type neuroPart struct{ e, a, l, lat float64 }

func (x neuroPart) add(y neuroPart) neuroPart {
	return neuroPart{x.e + y.e, x.a + y.a, x.l + y.l, math.Max(x.lat, y.lat)}
}

func (x neuroPart) times(k float64) neuroPart {
	return neuroPart{x.e * k, x.a * k, x.l * k, x.lat}
}

func lerp(a, b, w float64) float64 { return a + (b-a)*w }

// affineAt evaluates a closed form at n bits and node t (nm), linearly
// interpolating every output between native nodes.
func affineAt(tab *[9]affine, n, t float64) (neuroPart, error) {
	lo, hi, w, err := nodeBracket(t)
	if err != nil {
		return neuroPart{}, err
	}
	at := func(i int) neuroPart {
		c := tab[i]
		return neuroPart{(c.e1*n + c.e0) * 1e-12, c.a1 * n * 1e-12, c.l1 * n * 1e-12, 0}
	}
	a, b := at(lo), at(hi)
	return neuroPart{lerp(a.e, b.e, w), lerp(a.a, b.a, w), lerp(a.l, b.l, w), 0}, nil
}

// NeuroSimAdder returns the energy per add (J), area (m^2) and leakage (W)
// of an n-bit NeuroSim adder at node t nm and the node's default Vdd.
func NeuroSimAdder(n, t float64) (energy, area, leak float64, err error) {
	p, err := affineAt(&neuroAdder, n, t)
	return p.e, p.a, p.l, err
}

// NeuroSimFlipFlop returns the energy per clocked read (J), area (m^2) and
// leakage (W) of n NeuroSim flip-flops at node t nm.
func NeuroSimFlipFlop(n, t float64) (energy, area, leak float64, err error) {
	p, err := affineAt(&neuroFlipFlop, n, t)
	return p.e, p.a, p.l, err
}

// neuroVddAt is the default supply at node t (interpolated like every
// other NeuroSim output).
func neuroVddAt(t float64) float64 {
	lo, hi, w, err := nodeBracket(t)
	if err != nil {
		return 0
	}
	return lerp(neuroVdd[lo], neuroVdd[hi], w)
}

// miscKey indexes the table rows of the non-affine parts.
type miscKey struct {
	comp  string
	node  int // index into neuroNodes
	bits  int
	param int
}

// miscData holds the non-affine rows of neurosim_misc_components.csv.gz.
type miscData struct {
	rows map[miscKey]neuroPart
	// params lists, per component, the tabulated parameter values (sorted).
	params map[string][]int
}

func loadMisc(fsys fs.FS) (*miscData, error) {
	t, err := readTable(fsys, "neurosim_misc_components.csv.gz")
	if err != nil {
		return nil, err
	}
	c, err := t.cols("tech_nm", "n_bits", "param_value", "component", "energy_pJ", "area_um2", "leakage_pW", "latency_ps")
	if err != nil {
		return nil, err
	}
	d := &miscData{rows: map[miscKey]neuroPart{}, params: map[string][]int{}}
	seen := map[string]map[int]bool{}
	for _, r := range t.rows {
		comp := r[c[3]]
		switch comp {
		case "peripheral mux", "maxpool", "not gate", "nand gate", "nor gate", "adder":
		default:
			continue // shift add and adder tree: exact closed forms above
		}
		var v [6]float64
		for i, j := range []int{c[0], c[1], c[4], c[5], c[6], c[7]} {
			if v[i], err = t.float(r, j); err != nil {
				return nil, err
			}
		}
		node := sort.SearchFloat64s(neuroNodes[:], v[0])
		if node >= len(neuroNodes) || neuroNodes[node] != v[0] {
			return nil, fmt.Errorf("embedded table %s: unexpected node %v", t.name, v[0])
		}
		param := 0
		if s := r[c[2]]; s != "" {
			f, err := t.float(r, c[2])
			if err != nil {
				return nil, err
			}
			param = int(f)
		}
		d.rows[miscKey{comp, node, int(v[1]), param}] = neuroPart{v[2] * 1e-12, v[3] * 1e-12, v[4] * 1e-12, v[5] * 1e-12}
		if seen[comp] == nil {
			seen[comp] = map[int]bool{}
		}
		if !seen[comp][param] {
			seen[comp][param] = true
			d.params[comp] = append(d.params[comp], param)
		}
	}
	for k := range d.params {
		sort.Ints(d.params[k])
	}
	return d, nil
}

// lookup interpolates a tabulated part: linear in the node, exact in bits
// (1..32), and linear in the parameter (in log2 for mux inputs) between
// tabulated values.
func (d *miscData) lookup(comp string, t float64, bits int, param float64, log2Param bool) (neuroPart, error) {
	lo, hi, w, err := nodeBracket(t)
	if err != nil {
		return neuroPart{}, err
	}
	ps := d.params[comp]
	if len(ps) == 0 {
		return neuroPart{}, fmt.Errorf("no NeuroSim table rows for %q", comp)
	}
	// bracket the parameter
	pl, ph, pw := ps[0], ps[0], 0.0
	if len(ps) > 1 || ps[0] != 0 {
		if param < float64(ps[0]) || param > float64(ps[len(ps)-1]) {
			return neuroPart{}, attrErr("", "", "%s parameter %s is outside the tabulated %d..%d", comp, units.FormatNumber(param), ps[0], ps[len(ps)-1])
		}
		for i := 0; i < len(ps); i++ {
			if float64(ps[i]) >= param {
				ph = ps[i]
				pl = ps[i]
				if float64(ps[i]) > param && i > 0 {
					pl = ps[i-1]
					x, x0, x1 := param, float64(pl), float64(ph)
					if log2Param {
						x, x0, x1 = math.Log2(x), math.Log2(x0), math.Log2(x1)
					}
					pw = (x - x0) / (x1 - x0)
				}
				break
			}
		}
	}
	get := func(node, p int) (neuroPart, error) {
		v, ok := d.rows[miscKey{comp, node, bits, p}]
		if !ok {
			return neuroPart{}, attrErr("width", "NeuroSim tables cover 1-32 bits", "no NeuroSim %s data for %d bits", comp, bits)
		}
		return v, nil
	}
	var out [2]neuroPart
	for i, node := range [2]int{lo, hi} {
		a, err := get(node, pl)
		if err != nil {
			return neuroPart{}, err
		}
		b, err := get(node, ph)
		if err != nil {
			return neuroPart{}, err
		}
		out[i] = neuroPart{lerp(a.e, b.e, pw), lerp(a.a, b.a, pw), lerp(a.l, b.l, pw), lerp(a.lat, b.lat, pw)}
	}
	a, b := out[0], out[1]
	return neuroPart{lerp(a.e, b.e, w), lerp(a.a, b.a, w), lerp(a.l, b.l, w), lerp(a.lat, b.lat, w)}, nil
}

// adderLatency is the tabulated adder latency (not affine), clamped to 32
// bits beyond the table.
func (d *miscData) adderLatency(t float64, bits float64) float64 {
	b := int(math.Min(math.Max(math.Round(bits), 1), 32))
	p, err := d.lookup("adder", t, b, 0, false)
	if err != nil {
		return 0
	}
	return p.lat
}

// neuroVoltage applies the optional supply override (vdd_override) to a NeuroSim part.
// CiMLoop passes voltage = 0 (node default) to every misc class, so the
// default leaves the part unchanged. A given voltage scales energy by
// (V/Vdd)^2 and leakage by V/Vdd: an approximation measured on NeuroSim at
// 32 nm, 0.9 -> 0.7 V (energy x0.608 vs 0.605, leakage x0.778 = 0.7/0.9;
// component-models.md section 2.3).
func neuroVoltage(p params, part neuroPart, t float64) (neuroPart, error) {
	if !p.has("vdd_override") {
		return part, nil
	}
	v, err := p.positive("vdd_override")
	if err != nil {
		return neuroPart{}, err
	}
	r := v / neuroVddAt(t)
	part.e *= r * r
	part.l *= r
	return part, nil
}

func neuroVoltageAttr() AttrSpec {
	// Deliberately not named "voltage": check inherits container attributes
	// by name, and an inherited macro voltage would scale these parts,
	// which CiMLoop's NeuroSim plug-in never does (macros apply
	// VOLTAGE_ENERGY_SCALE through energy_scale instead).
	return optNum("vdd_override", units.Voltage, "supply override; absent = the node's NeuroSim default Vdd (CiMLoop: the misc classes ignore the macro voltage); given = energy x (V/Vdd)^2, leakage x V/Vdd (approximation)")
}

func widthAttr() AttrSpec {
	return reqInt("width", "word width in bits (NeuroSim n_bits)")
}

func (s *store) neuroClass(name, doc string, actions []string, extra []AttrSpec,
	f func(p params, t float64, bits float64) (neuroPart, error)) *Class {
	attrs := append([]AttrSpec{widthAttr(), techAttr(), neuroVoltageAttr()}, extra...)
	return newClass(name, doc, false, actions, attrs, func(p params, _ *Stats) (Estimate, error) {
		bits, err := p.intInF("width", 1, 4096)
		if err != nil {
			return Estimate{}, err
		}
		t := p.num("technology")
		part, err := f(p, t, bits)
		if err != nil {
			return Estimate{}, err
		}
		part, err = neuroVoltage(p, part, t)
		if err != nil {
			return Estimate{}, err
		}
		return Estimate{Energy: energies(part.e, actions...), Area: part.a, Leakage: part.l, Latency: part.lat}, nil
	})
}

// intInF is intIn returning a float.
func (p params) intInF(name string, lo, hi int) (float64, error) {
	v, err := p.intIn(name, lo, hi)
	return float64(v), err
}

func (s *store) adderClass(name string) *Class {
	return s.neuroClass(name, "integer adder (NeuroSim, closed form exact to its table)", []string{"add", "read"}, nil,
		func(p params, t, bits float64) (neuroPart, error) {
			part, err := affineAt(&neuroAdder, bits, t)
			if err != nil {
				return part, err
			}
			m, err := s.misc.get()
			if err != nil {
				return part, err
			}
			part.lat = m.adderLatency(t, bits)
			return part, nil
		})
}

func (s *store) flipFlopClass() *Class {
	return s.neuroClass("flip_flop", "width D flip-flops clocked once per read (NeuroSim DFF, closed form); latency 500 ps", []string{"read"}, nil,
		func(p params, t, bits float64) (neuroPart, error) {
			part, err := affineAt(&neuroFlipFlop, bits, t)
			part.lat = flipFlopLatency
			return part, err
		})
}

// shiftAdd is NeuroSim's ShiftAdd = Adder(n) + DFF(n + sr) (verified exact
// against the table, component-models.md section 4.4).
func shiftAdd(t, n, sr float64) (neuroPart, error) {
	a, err := affineAt(&neuroAdder, n, t)
	if err != nil {
		return a, err
	}
	f, err := affineAt(&neuroFlipFlop, n+sr, t)
	if err != nil {
		return a, err
	}
	return a.add(f), nil
}

func (s *store) shiftAddClass() *Class {
	return s.neuroClass("shift_add", "shift-and-add accumulator: adder(width) + flip-flops(width + shift_register_width) (NeuroSim, closed form)",
		[]string{"shift_add", "read", "add"},
		[]AttrSpec{reqInt("shift_register_width", "shift register bits (NeuroSim shift_register_n_bits)")},
		func(p params, t, bits float64) (neuroPart, error) {
			sr, err := p.intInF("shift_register_width", 0, 4096)
			if err != nil {
				return neuroPart{}, err
			}
			part, err := shiftAdd(t, bits, sr)
			if err != nil {
				return part, err
			}
			if m, err := s.misc.get(); err == nil {
				part.lat = math.Max(m.adderLatency(t, bits), flipFlopLatency)
			}
			return part, nil
		})
}

// adderTree is NeuroSim's tree: sum over levels l = 1.. of N_l adders of
// n + l bits, N_0 = inputs, N_l = floor(N_{l-1}/2), while N_l >= 1 (exact
// against the table).
func adderTree(t, n float64, inputs int) (neuroPart, error) {
	var sum neuroPart
	nl := inputs
	for l := 1; ; l++ {
		nl /= 2
		if nl < 1 {
			break
		}
		a, err := affineAt(&neuroAdder, n+float64(l), t)
		if err != nil {
			return sum, err
		}
		sum = sum.add(a.times(float64(nl)))
	}
	return sum, nil
}

func (s *store) adderTreeClass(name string) *Class {
	return s.neuroClass(name, "adder tree reducing `inputs` words of width bits (NeuroSim, closed form)", []string{"add", "read"},
		[]AttrSpec{reqInt("inputs", "number of words summed (NeuroSim n_adder_tree_inputs)")},
		func(p params, t, bits float64) (neuroPart, error) {
			in, err := p.intIn("inputs", 2, 1<<20)
			if err != nil {
				return neuroPart{}, err
			}
			return adderTree(t, bits, in)
		})
}

func (s *store) muxClass() *Class {
	return s.neuroClass("mux", "width-bit multiplexer of `inputs` inputs with its decoder (NeuroSim peripheral mux, table; log2-linear between power-of-two input counts)",
		[]string{"read"}, []AttrSpec{reqInt("inputs", "number of inputs, 2-2048 (NeuroSim n_mux_inputs)")},
		func(p params, t, bits float64) (neuroPart, error) {
			if bits > 32 {
				return neuroPart{}, attrErr("width", "", "NeuroSim mux table covers 1-32 bits, found %s", units.FormatNumber(bits))
			}
			in, err := p.inRange("inputs", 2, 2048, "")
			if err != nil {
				return neuroPart{}, err
			}
			m, err := s.misc.get()
			if err != nil {
				return neuroPart{}, err
			}
			return m.lookup("peripheral mux", t, int(bits), in, true)
		})
}

func (s *store) maxPoolClass() *Class {
	return s.neuroClass("max_pool", "max-pooling unit over pool_window words (NeuroSim maxpool, table)",
		[]string{"read", "compute"}, []AttrSpec{reqInt("pool_window", "pooling window, 2-16")},
		func(p params, t, bits float64) (neuroPart, error) {
			if bits > 32 {
				return neuroPart{}, attrErr("width", "", "NeuroSim max-pool table covers 1-32 bits, found %s", units.FormatNumber(bits))
			}
			pw, err := p.inRange("pool_window", 2, 16, "")
			if err != nil {
				return neuroPart{}, err
			}
			m, err := s.misc.get()
			if err != nil {
				return neuroPart{}, err
			}
			return m.lookup("maxpool", t, int(bits), pw, false)
		})
}

// gateClass: NeuroSim gives the logic gates area only (energy 0).
func (s *store) gateClass(name, comp string) *Class {
	return newClass(name, "one "+comp+" (NeuroSim; area only, energy 0 as in the plug-in)", false, []string{"read"},
		[]AttrSpec{techAttr()},
		func(p params, _ *Stats) (Estimate, error) {
			m, err := s.misc.get()
			if err != nil {
				return Estimate{}, err
			}
			part, err := m.lookup(comp, p.num("technology"), 1, 0, false)
			if err != nil {
				return Estimate{}, err
			}
			return Estimate{Energy: energies(0, "read"), Area: part.a}, nil
		})
}
