package component

import (
	"github.com/cimc-lang/cimc/lang/units"
)

// Generic classes: a level whose per-action energies and area are given
// directly, so a user can describe any level without model code, and the
// zero-cost classes CiMLoop uses for bookkeeping levels
// (components/misc.yaml: free_mac, dummy_storage; library dummy_compute).

func storageClass(name string) *Class {
	return newClass(name,
		"generic storage level with explicit per-action energies, leakage and area (no model behind it)",
		true, []string{"read", "write", "update"},
		[]AttrSpec{
			intAttr("depth", 0, "entries per instance; 0 = unlimited"),
			intAttr("width", 0, "bits per entry; 0 = not given"),
			numAttr("read_energy", units.Energy, 0, "energy per read"),
			numAttr("write_energy", units.Energy, 0, "energy per write (fill)"),
			optNum("update_energy", units.Energy, "energy per update (read-modify-write of a partial sum); default write_energy"),
			numAttr("leak_power", units.Power, 0, "static power per instance"),
			numAttr("area", units.Area, 0, "area per instance"),
			numAttr("latency", units.Time, 0, "latency per access"),
		},
		func(p params, _ *Stats) (Estimate, error) {
			for _, n := range []string{"depth", "width", "read_energy", "write_energy", "update_energy", "leak_power", "area", "latency"} {
				if _, err := p.nonNeg(n); err != nil {
					return Estimate{}, err
				}
			}
			w := p.num("write_energy")
			u := w
			if p.has("update_energy") {
				u = p.num("update_energy")
			}
			return Estimate{
				Energy:  map[string]float64{"read": p.num("read_energy"), "write": w, "update": u},
				Area:    p.num("area"),
				Latency: p.num("latency"),
				Leakage: p.num("leak_power"),
			}, nil
		})
}

func computeClass(name string) *Class {
	return newClass(name,
		"generic compute unit with an explicit energy per operation, leakage and area (no model behind it)",
		false, []string{"compute"},
		[]AttrSpec{
			numAttr("compute_energy", units.Energy, 0, "energy per compute action (one MAC)"),
			numAttr("leak_power", units.Power, 0, "static power per instance"),
			numAttr("area", units.Area, 0, "area per instance"),
			numAttr("latency", units.Time, 0, "latency per operation"),
		},
		func(p params, _ *Stats) (Estimate, error) {
			for _, n := range []string{"compute_energy", "leak_power", "area", "latency"} {
				if _, err := p.nonNeg(n); err != nil {
					return Estimate{}, err
				}
			}
			return Estimate{
				Energy:  map[string]float64{"compute": p.num("compute_energy")},
				Area:    p.num("area"),
				Latency: p.num("latency"),
				Leakage: p.num("leak_power"),
			}, nil
		})
}

// zeroClass costs nothing: CiMLoop's free_mac / dummy_storage /
// dummy_compute (components/misc.yaml and the library's dummy entries).
func zeroClass(name string, storage bool) *Class {
	actions := []string{"compute"}
	attrs := []AttrSpec{}
	if storage {
		actions = []string{"read", "write", "update"}
		attrs = append(attrs,
			intAttr("depth", 0, "entries per instance; 0 = unlimited"),
			intAttr("width", 0, "bits per entry; 0 = not given"))
	}
	return newClass(name, "zero-energy, zero-area placeholder (CiMLoop components/misc.yaml)", storage, actions, attrs,
		func(p params, _ *Stats) (Estimate, error) {
			return Estimate{Energy: energies(0, actions...)}, nil
		})
}
