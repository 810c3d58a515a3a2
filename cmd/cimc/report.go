package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// The JSON report of design/REPORT.md. Keys are a contract: add freely,
// never rename or remove without bumping schema.

type report struct {
	Schema       int               `json:"schema"`
	CimcVersion  string            `json:"cimc_version"`
	Source       string            `json:"source"`
	Architecture string            `json:"architecture"`
	Workload     string            `json:"workload"`
	Parameters   map[string]string `json:"parameters"`
	Search       reportSearch      `json:"search"`
	Layers       []reportLayer     `json:"layers"`
	Totals       reportTotals      `json:"totals"`
}

type reportSearch struct {
	Metric            string `json:"metric"`
	MappingsEvaluated int64  `json:"mappings_evaluated"`
	MappingsValid     int64  `json:"mappings_valid"`
	Optimal           bool   `json:"optimal"`
	Seed              int64  `json:"seed"`
	Pinned            bool   `json:"pinned"`
}

type reportLayer struct {
	Index       int     `json:"index"`
	Name        string  `json:"name"`
	Instances   int     `json:"instances"`
	MACs        int64   `json:"macs"`
	EnergyJ     float64 `json:"energy_j"`
	LatencyS    float64 `json:"latency_s"`
	Cycles      int64   `json:"cycles"`
	Utilization float64 `json:"utilization"`
	Mapping     string  `json:"mapping"`
	// Search is this layer's own search (a layer identical to an earlier
	// one shares its mapping and reports 0 evaluations).
	Search     reportSearch      `json:"search"`
	Components []reportComponent `json:"components"`
}

type reportComponent struct {
	Name             string             `json:"name"`
	Class            string             `json:"class"`
	Instances        int                `json:"instances"`
	AreaM2           float64            `json:"area_m2"`
	EnergyJ          float64            `json:"energy_j"`
	Actions          map[string]int64   `json:"actions"`
	EnergyPerActionJ map[string]float64 `json:"energy_per_action_j"`
}

type reportTotals struct {
	MACs         int64   `json:"macs"`
	EnergyJ      float64 `json:"energy_j"`
	LatencyS     float64 `json:"latency_s"`
	AreaM2       float64 `json:"area_m2"`
	EnergyPerMAC float64 `json:"energy_per_mac_j"`
	TOPS         float64 `json:"tops"`
	TOPSPerW     float64 `json:"tops_per_w"`
	TOPSPerMM2   float64 `json:"tops_per_mm2"`
}

// finishTotals derives the ratio metrics of the totals as CiMLoop defines
// them (REPORT.md): TOPS = 2*MACs/latency/1e12, TOPS/W = 2*MACs/energy/1e12,
// TOPS/mm^2 = TOPS / (area in mm^2). A ratio whose denominator is zero is
// reported as 0, never as infinity.
func (t *reportTotals) finish() {
	t.EnergyPerMAC = safeDiv(t.EnergyJ, float64(t.MACs))
	t.TOPS = safeDiv(2*float64(t.MACs), t.LatencyS) / 1e12
	t.TOPSPerW = safeDiv(2*float64(t.MACs), t.EnergyJ) / 1e12
	t.TOPSPerMM2 = safeDiv(t.TOPS, t.AreaM2*1e6)
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// writeJSON encodes v after checking that no float in it is NaN or
// infinite: the contract forbids them, so finding one is a bug.
func writeJSON(w io.Writer, r *report) error {
	if err := checkFinite(r); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func checkFinite(r *report) error {
	bad := func(where string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("non-finite value %v in %s", v, where)
		}
		return nil
	}
	t := r.Totals
	for _, x := range []struct {
		n string
		v float64
	}{{"totals.energy_j", t.EnergyJ}, {"totals.latency_s", t.LatencyS}, {"totals.area_m2", t.AreaM2},
		{"totals.energy_per_mac_j", t.EnergyPerMAC}, {"totals.tops", t.TOPS}, {"totals.tops_per_w", t.TOPSPerW},
		{"totals.tops_per_mm2", t.TOPSPerMM2}} {
		if err := bad(x.n, x.v); err != nil {
			return err
		}
	}
	for _, l := range r.Layers {
		for _, v := range []float64{l.EnergyJ, l.LatencyS, l.Utilization} {
			if err := bad("layer "+l.Name, v); err != nil {
				return err
			}
		}
		for _, c := range l.Components {
			if err := bad("component "+c.Name, c.EnergyJ); err != nil {
				return err
			}
			if err := bad("component "+c.Name, c.AreaM2); err != nil {
				return err
			}
			for a, e := range c.EnergyPerActionJ {
				if err := bad("component "+c.Name+" action "+a, e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// writeAnyJSON encodes v indented; a NaN or infinity is an internal error.
func writeAnyJSON(stdout, stderr io.Writer, v any) int {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "cimc: internal error, please report: %v\n", err)
		return exitInternal
	}
	fmt.Fprintf(stdout, "%s\n", b)
	return exitOK
}
