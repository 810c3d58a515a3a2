package component

import (
	"fmt"
	"io/fs"
	"math"

	"github.com/cimc-lang/cimc/lang/units"
)

// Aladdin 40/45 nm digital tables (accelergy-aladdin-plug-in data/*.csv @
// 5e2e126: stdlib/data/tables/aladdin_plugin_tables.csv), with the plug-in's
// row selection by clock period and its width rules (component-models.md
// section 8). The plug-in serves 40/45 nm only; scale_technology = true
// scales other nodes from 40 nm with Stillmaker-Baas (fixed interpolation),
// an extension the plug-in does not have.
//
// CiMLoop's macros reach Aladdin numbers through the Library entries
// aladdin_adder, aladdin_multiplier, ... (library.go), not through these
// classes; these serve hand-written digital datapaths (counters,
// comparators, multipliers, registers, crossbars, floating point).

type aladdinRow struct {
	latencyNS, energyPJ, idlePJ, areaUM2 float64
}

type aladdinData struct {
	tables map[string][]aladdinRow
}

func loadAladdin(fsys fs.FS) (*aladdinData, error) {
	t, err := readTable(fsys, "aladdin_plugin_tables.csv")
	if err != nil {
		return nil, err
	}
	c, err := t.cols("table", "latency_ns", "dynamic_energy_pJ", "idle_energy_pJ", "area_um2")
	if err != nil {
		return nil, err
	}
	d := &aladdinData{tables: map[string][]aladdinRow{}}
	for _, r := range t.rows {
		var v [4]float64
		for i, j := range c[1:] {
			if v[i], err = t.float(r, j); err != nil {
				return nil, err
			}
		}
		d.tables[r[c[0]]] = append(d.tables[r[c[0]]], aladdinRow{v[0], v[1], v[2], v[3]})
	}
	return d, nil
}

// AladdinLatencyNS is the plug-in's clock rounding: L = cycle x
// action_latency_cycles in ns; rounded up to whole ns above 0.75 ns, else
// 0.5 ns; then values above 10 become 10 and values in (6, 10] become 6.
func AladdinLatencyNS(cycleSeconds, latencyCycles float64) float64 {
	l := cycleSeconds * latencyCycles * 1e9
	if l > 0.75 {
		l = math.Ceil(l)
	} else {
		l = 0.5
	}
	if l > 10 {
		l = 10
	} else if l > 6 {
		l = 6
	}
	return l
}

// row picks the row whose latency equals L, else the table's first row.
func (d *aladdinData) row(table string, l float64) (aladdinRow, error) {
	rows, ok := d.tables[table]
	if !ok || len(rows) == 0 {
		return aladdinRow{}, fmt.Errorf("no Aladdin table %q", table)
	}
	for _, r := range rows {
		if r.latencyNS == l {
			return r, nil
		}
	}
	return rows[0], nil
}

// aladdinSpec says how a class uses the tables.
type aladdinSpec struct {
	name, doc string
	actions   []string
	// parts returns (table, multiplier) pairs whose rows are summed.
	parts func(p params) ([]aladdinTerm, error)
	extra []AttrSpec
}

type aladdinTerm struct {
	table string
	k     float64 // multiplies energy, area and leakage
}

func (s *store) aladdinClass(spec aladdinSpec) *Class {
	attrs := append([]AttrSpec{
		techAttr(),
		cycleAttr(),
		numAttr("action_latency_cycles", units.None, 1, "cycles per action; with cycle_seconds selects the Aladdin row"),
		boolAttr("scale_technology", false, "allow nodes other than 40/45 nm by Stillmaker-Baas scaling from 40 nm (the plug-in refuses them)"),
	}, spec.extra...)
	return newClass(spec.name, spec.doc, false, spec.actions, attrs, func(p params, _ *Stats) (Estimate, error) {
		t, err := p.positive("technology")
		if err != nil {
			return Estimate{}, err
		}
		es, as := 1.0, 1.0
		if t != 40 && t != 45 {
			if !p.boolean("scale_technology") {
				return Estimate{}, attrErr("technology", "set scale_technology = true to scale from 40 nm",
					"Aladdin tables are for 40/45 nm, found %s nm", units.FormatNumber(t))
			}
			if es, err = EnergyScale(40, t, Fixed); err != nil {
				return Estimate{}, attrErr("technology", "", "%v", err)
			}
			if as, err = AreaScale(40, t, Fixed); err != nil {
				return Estimate{}, attrErr("technology", "", "%v", err)
			}
		}
		cyc, err := p.positive("cycle_seconds")
		if err != nil {
			return Estimate{}, err
		}
		alc, err := p.positive("action_latency_cycles")
		if err != nil {
			return Estimate{}, err
		}
		terms, err := spec.parts(p)
		if err != nil {
			return Estimate{}, err
		}
		d, err := s.aladdin.get()
		if err != nil {
			return Estimate{}, err
		}
		l := AladdinLatencyNS(cyc, alc)
		var e, a, leak float64
		for _, tm := range terms {
			r, err := d.row(tm.table, l)
			if err != nil {
				return Estimate{}, err
			}
			e += r.energyPJ * tm.k
			a += r.areaUM2 * tm.k
			// leak = idle energy x cycle / L per cycle, i.e. idle / L as a power
			leak += r.idlePJ / (l * 1e-9) * tm.k
		}
		return Estimate{Energy: energies(e*1e-12*es, spec.actions...), Area: a * 1e-12 * as, Leakage: leak * 1e-12 * es, Latency: l * 1e-9}, nil
	})
}

func (s *store) aladdinClasses() []*Class {
	width := reqInt("width", "bits")
	wk := func(ref float64, pow float64, table string) func(p params) ([]aladdinTerm, error) {
		return func(p params) ([]aladdinTerm, error) {
			w, err := p.positive("width")
			if err != nil {
				return nil, err
			}
			return []aladdinTerm{{table, math.Pow(w/ref, pow)}}, nil
		}
	}
	fp := func(mult bool) func(p params) ([]aladdinTerm, error) {
		return func(p params) ([]aladdinTerm, error) {
			w, err := p.positive("width")
			if err != nil {
				return nil, err
			}
			table, ref := "fp_sp_adder", 32.0
			if mult {
				table = "fp_sp_multiplier"
			}
			if w > 32 {
				table, ref = "fp_dp_adder", 64
				if mult {
					table = "fp_dp_multiplier"
				}
			}
			pow := 1.0
			if mult {
				pow = 2
			}
			return []aladdinTerm{{table, math.Pow(w/ref, pow)}}, nil
		}
	}
	specs := []aladdinSpec{
		{name: "intmultiplier", doc: "integer multiplier (Aladdin 40/45 nm, energy and area x (width/32)^2)", actions: []string{"multiply", "read"}, extra: []AttrSpec{width}, parts: wk(32, 2, "multiplier")},
		{name: "intmac", doc: "integer multiply-accumulate: Aladdin adder (x width/32) + multiplier (x (width/32)^2)", actions: []string{"compute", "mac", "read"}, extra: []AttrSpec{width},
			parts: func(p params) ([]aladdinTerm, error) {
				w, err := p.positive("width")
				if err != nil {
					return nil, err
				}
				return []aladdinTerm{{"adder", w / 32}, {"multiplier", (w / 32) * (w / 32)}}, nil
			}},
		{name: "counter", doc: "counter (Aladdin 40/45 nm, x width/32)", actions: []string{"count", "read"}, extra: []AttrSpec{width}, parts: wk(32, 1, "counter")},
		{name: "comparator", doc: "comparator (Aladdin 40/45 nm, x width/32)", actions: []string{"compare", "read"}, extra: []AttrSpec{width}, parts: wk(32, 1, "comparator")},
		{name: "register", doc: "register of width bits (Aladdin 1-bit reg x width)", actions: []string{"read", "write"}, extra: []AttrSpec{width}, parts: wk(1, 1, "reg")},
		{name: "bitwise", doc: "bitwise logic of width bits (Aladdin 1-bit x width)", actions: []string{"read", "compute"}, extra: []AttrSpec{width}, parts: wk(1, 1, "bitwise")},
		{name: "shifter", doc: "32-bit shifter (Aladdin table, x width/32)", actions: []string{"shift", "read"}, extra: []AttrSpec{width}, parts: wk(32, 1, "shifter")},
		{name: "fpadder", doc: "floating-point adder: Aladdin fp_sp (<= 32 bits, x width/32) or fp_dp (x width/64)", actions: []string{"add", "read"}, extra: []AttrSpec{width}, parts: fp(false)},
		{name: "fpmultiplier", doc: "floating-point multiplier: Aladdin fp_sp / fp_dp, x (width/ref)^2", actions: []string{"multiply", "read"}, extra: []AttrSpec{width}, parts: fp(true)},
		{name: "crossbar", doc: "on-chip crossbar (Aladdin 1->4 32-bit NoC x n_inputs x n_outputs/4 x width/32)", actions: []string{"transfer", "read"},
			extra: []AttrSpec{width, reqInt("n_inputs", "crossbar inputs"), reqInt("n_outputs", "crossbar outputs")},
			parts: func(p params) ([]aladdinTerm, error) {
				w, err := p.positive("width")
				if err != nil {
					return nil, err
				}
				ni, err := p.positive("n_inputs")
				if err != nil {
					return nil, err
				}
				no, err := p.positive("n_outputs")
				if err != nil {
					return nil, err
				}
				return []aladdinTerm{{"crossbar", ni * no / 4 * w / 32}}, nil
			}},
	}
	out := make([]*Class, len(specs))
	for i, sp := range specs {
		out[i] = s.aladdinClass(sp)
	}
	return out
}
