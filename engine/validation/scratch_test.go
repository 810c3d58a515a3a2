package validation

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/ir"
)

func TestScratch(t *testing.T) {
	m := os.Getenv("MACRO")
	if m == "" {
		t.Skip()
	}
	reg, _ := component.New()
	var sets []string
	if s := os.Getenv("SETS"); s != "" {
		sets = splitSets(s)
	}
	r, d := Evaluate(reg, Source{Root: "std/macros/" + m + ".cim", Overrides: sets, Workload: os.Getenv("WL")})
	if d.HasErrors() || r == nil {
		t.Fatal(d)
	}
	fmt.Printf("MACs %d energy %.5g pJ latency %.5g s cycles %d area %.6g um2 TOPS %.5g TOPS/W %.5g\n", r.MACs, r.EnergyJ*1e12, r.LatencyS, r.Cycles, r.AreaM2*1e12, r.TOPS(), r.TOPSPerW())
	var names []string
	for k := range r.Components {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		c := r.Components[k]
		fmt.Printf("  %-30s %-22s %12.5g pJ %12.6g um2\n", k, c.Class, c.EnergyJ*1e12, c.AreaM2*1e12)
	}
	_ = ir.AxisX
}
