package component

import (
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/lang/units"
)

// The library of published components: every entry of Accelergy's Library
// plug-in (accelergy-library-plug-in library/**/*.csv @ ba4e9dac, the
// version CiMLoop used: stdlib/data/tables/library_plugin_entries.csv) and
// CiMLoop's macro-local photonic tables (Albireo 7 nm, Lightning 65 nm:
// cimloop_macro_local_libraries.csv). Each component name is a class.
//
// A query is answered exactly as the plug-in does (component-models.md
// sections 5.1 and 2.2): among the entries of the class (with the action,
// for energy), each query attribute that has a column either matches (equal
// value, '*', or a scale factor of 1) or multiplies the value by the
// attribute's scaling rule; the entry with the most matches wins (the first
// on a tie). Technology scaling is Stillmaker-Baas with the legacy
// interpolation CiMLoop used (attribute tech_interpolation selects the
// fixed one).

// libEntry is one CSV row.
type libEntry struct {
	actions []string
	energy  float64 // pJ (leak rows: pJ per cycle of the entry)
	area    float64 // um^2
	attrs   []libCol
}

// libCol is one attribute column of an entry: its names (aliases) and value.
type libCol struct {
	names []string
	value string
}

type libData struct {
	entries map[string][]libEntry
	order   []string // class names, sorted
}

// loadLibrary parses both library tables; pointer aliases copy the target's
// entries after the alias's own (newton_adc has both).
func loadLibrary(fsys fs.FS) (*libData, error) {
	d := &libData{entries: map[string][]libEntry{}}
	type alias struct{ name, target string }
	var aliases []alias
	for _, name := range []string{"library_plugin_entries.csv", "cimloop_macro_local_libraries.csv"} {
		t, err := readTable(fsys, name)
		if err != nil {
			return nil, err
		}
		c, err := t.cols("component", "actions", "energy_pJ", "area_um2", "technology", "global_cycle_seconds", "attrs")
		if err != nil {
			return nil, err
		}
		aliasCol, hasAlias := t.col["alias_of"]
		for _, r := range t.rows {
			comp := strings.ToLower(r[c[0]])
			if hasAlias && aliasCol < len(r) && r[aliasCol] != "" {
				aliases = append(aliases, alias{comp, strings.ToLower(r[aliasCol])})
				continue
			}
			if strings.HasPrefix(comp, "dummy_") {
				continue // zero classes of their own (zeroClass)
			}
			e := libEntry{actions: strings.Split(strings.ToLower(r[c[1]]), "|")}
			if e.energy, err = t.float(r, c[2]); err != nil {
				return nil, err
			}
			if e.area, err = t.float(r, c[3]); err != nil {
				return nil, err
			}
			if r[c[4]] != "" {
				e.attrs = append(e.attrs, libCol{[]string{"technology"}, r[c[4]]})
			}
			e.attrs = append(e.attrs, libCol{[]string{"global_cycle_seconds"}, r[c[5]]})
			if s := r[c[6]]; s != "" {
				for _, kv := range strings.Split(s, ";") {
					k, v, ok := strings.Cut(kv, "=")
					if !ok {
						return nil, fmt.Errorf("embedded table %s: bad attribute %q", t.name, kv)
					}
					e.attrs = append(e.attrs, libCol{strings.Split(strings.ToLower(k), "|"), v})
				}
			}
			d.entries[comp] = append(d.entries[comp], e)
		}
	}
	for _, a := range aliases {
		tgt, ok := d.entries[a.target]
		if !ok {
			return nil, fmt.Errorf("library alias %s points at unknown %s", a.name, a.target)
		}
		d.entries[a.name] = append(d.entries[a.name], tgt...)
	}
	for n := range d.entries {
		d.order = append(d.order, n)
	}
	sort.Strings(d.order)
	return d, nil
}

// libTarget is what a query asks for.
type libTarget uint8

const (
	libArea libTarget = iota
	libEnergy
	libLeak
)

// parseLibFloat is the plug-in's parse_float: strip leading and trailing
// non-numeric characters ("40nm" -> 40).
func parseLibFloat(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9') && r != '.' && r != '-' && r != '+'
	})
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// libScale is scaling.py: the factor for attribute name going from the
// entry value v0 to the query value v1, or ok=false when the plug-in
// raises (entry rejected).
func libScale(name string, v0, v1 float64, target libTarget, mode Interp) (float64, bool) {
	r := v1 / v0
	switch name {
	case "width", "datawidth", "width_a", "width_b", "datawidth_a", "datawidth_b":
		return r, true
	case "depth":
		if target == libArea {
			return r, true
		}
		return math.Pow(r, 1.56/2), true // "based on CACTI"
	case "rows", "cols", "columns":
		if target == libArea {
			return r, true
		}
		return 1, true
	case "average_input_value", "average_weight_value", "average_output_value":
		if target == libArea {
			return 1, true
		}
		return r, true
	case "n_steps":
		if target == libArea {
			return 0, false
		}
		return r, true
	case "resolution":
		return math.Exp2(v1 - v0), true
	case "technology":
		var s float64
		var err error
		if target == libArea {
			s, err = AreaScale(v0, v1, mode)
		} else {
			s, err = EnergyScale(v0, v1, mode)
		}
		return s, err == nil
	case "voltage":
		if target == libEnergy {
			return r * r, true
		}
		return 1, true
	case "global_cycle_seconds":
		if target == libLeak {
			return r, true
		}
		return 1, true
	case "energy_scale", "area_scale", "n_instances", "no_scale_area", "no_scale_energy":
		return 1, true
	}
	return 0, false
}

// libQueryAttr is one query attribute: name and its string and numeric
// forms.
type libQueryAttr struct {
	name string
	str  string
	num  float64
	isNu bool
}

// query answers one energy/area/leak query for class comp.
func (d *libData) query(comp string, target libTarget, action string, q []libQueryAttr, mode Interp) (float64, error) {
	best, bestN := -1.0, -1
	var lastErr string
	for _, e := range d.entries[comp] {
		if target != libArea {
			found := false
			for _, a := range e.actions {
				if a == action || a == "*" {
					found = true
				}
			}
			if !found {
				continue
			}
		}
		val := e.energy
		if target == libArea {
			val = e.area
		}
		n := 0
		ok := true
		used := map[int]bool{}
		for _, qa := range q {
			col := -1
			for i, c := range e.attrs {
				for _, nm := range c.names {
					if nm == qa.name {
						col = i
					}
				}
			}
			if col < 0 || used[col] {
				continue
			}
			used[col] = true
			ev := e.attrs[col].value
			if ev == "*" || strings.EqualFold(ev, qa.str) {
				n++
				continue
			}
			v0, ok0 := parseLibFloat(ev)
			if !ok0 || !qa.isNu {
				ok = false
				lastErr = fmt.Sprintf("attribute %q: entry value %q cannot be scaled to %q", qa.name, ev, qa.str)
				break
			}
			s, okS := libScale(qa.name, v0, qa.num, target, mode)
			if !okS {
				ok = false
				lastErr = fmt.Sprintf("attribute %q cannot be scaled from %s to %s", qa.name, ev, qa.str)
				break
			}
			if s == 1 {
				n++
			}
			val *= s
		}
		if ok && n > bestN {
			best, bestN = val, n
		}
	}
	if bestN < 0 {
		what := map[libTarget]string{libArea: "area", libEnergy: "action " + action, libLeak: "leak"}[target]
		if lastErr != "" {
			return 0, attrErr("", "", "no library entry of %s fits the attributes for %s: %s", comp, what, lastErr)
		}
		return 0, attrErr("", "", "no library entry of %s for %s", comp, what)
	}
	return best, nil
}

// libAttrSpec returns the schema of one scaling column.
func libAttrSpec(name, example string) AttrSpec {
	doc := fmt.Sprintf("scales the library value from the entry's %s (e.g. %s); absent = the entry's value", name, example)
	switch name {
	case "voltage":
		s := optNum(name, units.Voltage, doc+"; energy x (V/V_entry)^2, leakage and area unchanged")
		s.Inherited = true
		return s
	case "scaling":
		return AttrSpec{Name: name, Kind: String, Optional: true, Doc: "photonic scaling scenario (conservative, moderate, aggressive); absent = the first entry (conservative)"}
	case "n_steps":
		return optNum(name, units.None, doc+"; energy linear, area from the n_steps=* rows")
	}
	s := optNum(name, units.None, doc)
	s.Integer = name != "n_steps"
	return s
}

// libClasses builds one class per library component.
func (s *store) libClasses(d *libData) []*Class {
	var out []*Class
	for _, comp := range d.order {
		entries := d.entries[comp]
		actSet := map[string]bool{}
		colSet := map[string]string{}
		nativeTech := ""
		for _, e := range entries {
			for _, a := range e.actions {
				if a != "leak" && a != "*" {
					actSet[a] = true
				}
			}
			for _, c := range e.attrs {
				n := c.names[0]
				if n == "technology" && nativeTech == "" {
					nativeTech = c.value
				}
				if n == "technology" || n == "global_cycle_seconds" || n == "n_instances" {
					continue
				}
				if _, ok := colSet[n]; !ok || colSet[n] == "*" {
					colSet[n] = c.value
				}
			}
		}
		actions := make([]string, 0, len(actSet))
		for a := range actSet {
			actions = append(actions, a)
		}
		sort.Strings(actions)
		cols := make([]string, 0, len(colSet))
		for c := range colSet {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		attrs := []AttrSpec{techAttr(), cycleAttr(),
			enumAttr("tech_interpolation", "legacy", `Stillmaker-Baas interpolation between table nodes: "legacy" (accelergy-library-plug-in, what CiMLoop used) or "fixed" (hwcomponents since 2026-05)`, interpNames...),
		}
		for _, c := range cols {
			attrs = append(attrs, libAttrSpec(c, colSet[c]))
		}
		comp := comp
		doc := fmt.Sprintf("published component %s from Accelergy's component library (native node %s); values scaled per the Library plug-in rules", comp, nativeTech)
		// Entries with a depth column are memories (eDRAM, SRAM, buffers):
		// storage levels.
		_, storage := colSet["depth"]
		out = append(out, newClass(comp, doc, storage, actions, attrs, func(p params, _ *Stats) (Estimate, error) {
			t, err := p.inRange("technology", 1, 1000, "give the node in nm")
			if err != nil {
				return Estimate{}, err
			}
			cyc, err := p.positive("cycle_seconds")
			if err != nil {
				return Estimate{}, err
			}
			mode, err := p.interp()
			if err != nil {
				return Estimate{}, err
			}
			q := []libQueryAttr{
				{name: "technology", str: strconv.FormatFloat(t, 'g', -1, 64), num: t, isNu: true},
				{name: "global_cycle_seconds", str: strconv.FormatFloat(cyc, 'g', -1, 64), num: cyc, isNu: true},
			}
			for _, c := range cols {
				v, ok := p.a[c]
				if !ok {
					continue
				}
				if c == "scaling" {
					q = append(q, libQueryAttr{name: c, str: v.Str})
					continue
				}
				x := v.Num.Value
				if x <= 0 && c != "average_input_value" && c != "average_weight_value" && c != "average_output_value" {
					return Estimate{}, attrErr(c, "", "attribute %q must be positive, found %s", c, units.FormatNumber(x))
				}
				q = append(q, libQueryAttr{name: c, str: strconv.FormatFloat(x, 'g', -1, 64), num: x, isNu: true})
			}
			est := Estimate{Energy: map[string]float64{}}
			for _, a := range actions {
				e, err := d.query(comp, libEnergy, a, q, mode)
				if err != nil {
					return Estimate{}, err
				}
				est.Energy[a] = e * 1e-12
			}
			if est.Area, err = d.query(comp, libArea, "", q, mode); err != nil {
				return Estimate{}, err
			}
			est.Area *= 1e-12
			leak, err := d.query(comp, libLeak, "leak", q, mode)
			if err != nil {
				return Estimate{}, err
			}
			// pJ per query cycle -> W
			est.Leakage = leak * 1e-12 / cyc
			return est, nil
		}))
	}
	return out
}

// numQuery builds library query attributes from numbers (for compounds).
func numQuery(t, cycle float64, kv ...any) []libQueryAttr {
	q := []libQueryAttr{
		{name: "technology", str: strconv.FormatFloat(t, 'g', -1, 64), num: t, isNu: true},
		{name: "global_cycle_seconds", str: strconv.FormatFloat(cycle, 'g', -1, 64), num: cycle, isNu: true},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		x := kv[i+1].(float64)
		q = append(q, libQueryAttr{name: kv[i].(string), str: strconv.FormatFloat(x, 'g', -1, 64), num: x, isNu: true})
	}
	return q
}

// libPart is a library component's read energy (J), area (m^2) and
// leakage (W) for a query.
func (d *libData) part(comp, action string, q []libQueryAttr, cycle float64, mode Interp) (neuroPart, error) {
	e, err := d.query(comp, libEnergy, action, q, mode)
	if err != nil {
		return neuroPart{}, err
	}
	a, err := d.query(comp, libArea, "", q, mode)
	if err != nil {
		return neuroPart{}, err
	}
	l, err := d.query(comp, libLeak, "leak", q, mode)
	if err != nil {
		return neuroPart{}, err
	}
	return neuroPart{e: e * 1e-12, a: a * 1e-12, l: l * 1e-12 / cycle}, nil
}

// zeroComparatorClass is CiMLoop components/zero_comparator.yaml:
// n_comparators library aladdin_comparators (datawidth = width), n_flags_store
// NeuroSim 1-bit flip-flops and an aladdin_counter of ceil(log2
// n_flags_store) bits. read = comparator.read + flip_flop.read + 0.5 x
// counter.read (if included), all x dynamic_energy_scale; leakage likewise
// x leakage_energy_scale. n_instances multiplies area and leakage only
// (Accelergy), so the comparator and flip-flop counts do not multiply the
// read energy; that is the source's model, reproduced.
func (s *store) zeroComparatorClass(d *libData) *Class {
	return newClass("zero_comparator",
		"zero detector for input skipping (CiMLoop zero_comparator: Aladdin comparators + NeuroSim flag flip-flops + Aladdin zeros counter)",
		false, []string{"read"},
		[]AttrSpec{
			reqInt("n_comparators", "comparators (n_instances of the comparator)"),
			reqInt("width", "bits compared (CiMLoop n_bits)"),
			reqInt("n_flags_store", "zero flags stored (flip-flops)"),
			boolAttr("include_n_zeros_counter", true, "include the zeros counter"),
			techAttr(),
			cycleAttr(),
			numAttr("dynamic_energy_scale", units.None, 1, "multiplies the read energy"),
			numAttr("leakage_energy_scale", units.None, 1, "multiplies the leakage"),
			enumAttr("tech_interpolation", "legacy", `Stillmaker-Baas interpolation for the Aladdin parts: "legacy" (CiMLoop) or "fixed"`, interpNames...),
		},
		func(p params, _ *Stats) (Estimate, error) {
			nc, err := p.positive("n_comparators")
			if err != nil {
				return Estimate{}, err
			}
			w, err := p.positive("width")
			if err != nil {
				return Estimate{}, err
			}
			nf, err := p.positive("n_flags_store")
			if err != nil {
				return Estimate{}, err
			}
			t, err := p.inRange("technology", 7, 130, "the NeuroSim flip-flop covers 7-130 nm")
			if err != nil {
				return Estimate{}, err
			}
			cyc, err := p.positive("cycle_seconds")
			if err != nil {
				return Estimate{}, err
			}
			mode, err := p.interp()
			if err != nil {
				return Estimate{}, err
			}
			cmp, err := d.part("aladdin_comparator", "read", numQuery(t, cyc, "datawidth", w), cyc, mode)
			if err != nil {
				return Estimate{}, err
			}
			ff, err := affineAt(&neuroFlipFlop, 1, t)
			if err != nil {
				return Estimate{}, err
			}
			inc := 0.0
			var cnt neuroPart
			if p.boolean("include_n_zeros_counter") {
				inc = 1
				if cnt, err = d.part("aladdin_counter", "read", numQuery(t, cyc, "width", math.Ceil(math.Log2(nf))), cyc, mode); err != nil {
					return Estimate{}, err
				}
			}
			dyn, leak := p.num("dynamic_energy_scale"), p.num("leakage_energy_scale")
			if dyn < 0 || leak < 0 {
				return Estimate{}, attrErr("dynamic_energy_scale", "", "energy scales must not be negative")
			}
			return Estimate{
				Energy:  map[string]float64{"read": (cmp.e + ff.e + inc*0.5*cnt.e) * dyn},
				Area:    cmp.a*nc + ff.a*nf + cnt.a*inc,
				Leakage: (cmp.l*nc + ff.l*nf + cnt.l*inc) * leak,
			}, nil
		})
}
