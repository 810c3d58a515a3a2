package component

import (
	"sort"
	"strings"
)

// dramType is one row of stdlib/data/tables/cacti_plugin_dram.csv.
type dramType struct {
	cimloopPJ float64 // pJ/bit, accelergy-cacti-plug-in cacti_wrapper.py @ 291018b (0 = absent)
	hwcPJ     float64 // pJ/bit, hwcomponents-cacti @ de2520f (0 = absent)
	bitsPerS  float64 // throughput, hwcomponents-cacti only (0 = absent)
}

// dramTypes holds the DRAM energy per bit by type (cacti_plugin_dram.csv;
// the LPDDR 40 pJ/bit figure is Malladi ISCA'12, DDR3 70 pJ/bit Chatterjee
// MICRO'17, as cited by the plug-in).
func dramTypes() map[string]dramType {
	return map[string]dramType{
		"LPDDR4": {8, 8, 52428800},
		"LPDDR":  {40, 40, 6553600},
		"DDR3":   {70, 70, 34917580.8},
		"GDDR5":  {14, 0, 0},
		"HBM2":   {3.9, 6.25, 2576980377.6},
		"HBM3":   {0, 4.05, 54975581388.8},
		"HBM4":   {0, 3.2, 68719476736},
		"HMC":    {4.2, 0, 0},
	}
}

func dramClass() *Class {
	types := dramTypes()
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	return newClass("dram",
		"off-chip DRAM: energy = pJ/bit x width per access (Accelergy CACTI plug-in DRAM table); no area, no leakage",
		true, []string{"read", "write", "update"},
		[]AttrSpec{
			enumAttr("type", "LPDDR4", "DRAM type: "+strings.Join(names, ", "), names...),
			reqInt("width", "bits per access"),
			intAttr("depth", 0, "entries; 0 = unlimited (main memory)"),
			enumAttr("energy_source", "cimloop", `"cimloop": accelergy-cacti-plug-in energies (HBM2 3.9 pJ/bit, as CiMLoop's system levels used); "hwcomponents": hwcomponents-cacti (HBM2 6.25 pJ/bit, adds HBM3/HBM4 and a throughput-based latency)`, dramEnergySources...),
		},
		func(p params, _ *Stats) (Estimate, error) {
			w, err := p.positive("width")
			if err != nil {
				return Estimate{}, err
			}
			if _, err := p.nonNeg("depth"); err != nil {
				return Estimate{}, err
			}
			src, err := p.oneOf("energy_source", dramEnergySources...)
			if err != nil {
				return Estimate{}, err
			}
			name := strings.ToUpper(p.str("type"))
			t, ok := types[name]
			if !ok {
				return Estimate{}, attrErr("type", "one of "+strings.Join(names, ", "), "unknown DRAM type %q", p.str("type"))
			}
			pj := t.cimloopPJ
			if src == "hwcomponents" {
				pj = t.hwcPJ
			}
			if pj == 0 {
				return Estimate{}, attrErr("type", "set energy_source to the other source", "DRAM type %q has no energy in the %s source", name, src)
			}
			est := Estimate{Energy: energies(pj*w*1e-12, "read", "write", "update")}
			if src == "hwcomponents" && t.bitsPerS > 0 {
				est.Latency = w / t.bitsPerS
			}
			return est, nil
		})
}
