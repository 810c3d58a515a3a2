package engine

import (
	"fmt"

	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
)

// Evaluate one pinned mapping: build the energy table once per
// (architecture, layer), then evaluate any number of mappings with one
// Evaluator. The numbers are timeloop-semantics.md §8's tiny_handcheck.
func ExampleEvaluator() {
	p := tinyProblem()
	a, _ := tinyArch()

	// One entry per architecture level, joules per action and m^2 per
	// instance (here Timeloop's ERT of the test, in pJ).
	tab := NewEnergyTable(a)
	tab.Levels[0] = LevelEnergy{Read: 100e-12, Write: 200e-12, Update: 300e-12} // DRAM
	tab.Levels[1] = LevelEnergy{Read: 1e-12, Write: 2e-12, Update: 3e-12}       // Buffer
	tab.Levels[2] = LevelEnergy{Compute: 0.5e-12}                               // MAC

	m, dl := ir.ParseMapping("pinned.cim", `mapping for tiny {
  Buffer {
    for P in 4
    for R in 3
    parallel for K in 2 along X
    parallel for C in 2 along X
  }
}`, p, a)
	if len(dl) > 0 {
		fmt.Println(dl)
		return
	}
	ev, dl := NewEvaluator(p, a, tab)
	if len(dl) > 0 {
		fmt.Println(dl)
		return
	}
	r, dl := ev.Evaluate(m, Options{Rule: nest.RuleHead})
	if len(dl) > 0 {
		fmt.Println(dl)
		return
	}
	fmt.Printf("energy %.0f pJ, %d cycles, utilization %.2f\n", r.EnergyJ*1e12, r.Cycles, r.Utilization)
	buf := &r.Levels[1]
	fmt.Println(buf.Name, buf.ActionCounts(), fmt.Sprintf("%.0f pJ", buf.EnergyJ*1e12))
	fmt.Print(ir.FormatMapping(p, a, m))
	// Output:
	// energy 1432 pJ, 12 cycles, utilization 1.00
	// Buffer map[read:88 update:24 write:24] 208 pJ
	// mapping for tiny {
	//   Buffer {
	//     for P in 4
	//     for R in 3
	//     parallel for K in 2 along X
	//     parallel for C in 2 along X
	//   }
	// }
}
