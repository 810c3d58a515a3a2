package component

import (
	"fmt"
	"testing"

	"github.com/cimc-lang/cimc/lang/units"
)

// typicalSet is the class set of an analog CiM macro behind a buffer and
// DRAM (basic_analog-like): what the engine evaluates once per layer.
func typicalSet() []struct {
	class string
	attrs Attrs
} {
	tech := num(32, units.None)
	array := func(a Attrs) Attrs {
		a["cell"] = StrValue("rram_isaac_isca_2016")
		a["rows"] = num(128, units.None)
		a["cols"] = num(128, units.None)
		a["cols_active_at_once"] = num(16, units.None)
		return a
	}
	return []struct {
		class string
		attrs Attrs
	}{
		{"dram", Attrs{"type": StrValue("LPDDR4"), "width": num(64, units.None)}},
		{"sram", Attrs{"width": num(64, units.None), "depth": num(2048, units.None), "technology": tech}},
		{"smartbuffer_sram", Attrs{"width": num(256, units.None), "depth": num(2048, units.None), "technology": tech}},
		{"shift_add", Attrs{"width": num(16, units.None), "shift_register_width": num(32, units.None), "technology": tech}},
		{"adder", Attrs{"width": num(16, units.None), "technology": tech}},
		{"adc", Attrs{"resolution": num(8, units.None), "technology": tech, "n_adcs": num(8, units.None)}},
		{"dac", Attrs{"resolution": num(1, units.None), "technology": tech}},
		{"row_drivers", array(Attrs{})},
		{"column_drivers", array(Attrs{})},
		{"memory_cell", array(Attrs{})},
		{"isaac_edram", Attrs{"technology": tech}},
		{"mac", Attrs{"compute_energy": num(1e-13, units.Energy)}},
	}
}

// BenchmarkEnergyTable evaluates the typical class set once, as the engine
// does per (architecture, layer). Tables are loaded before the timer.
func BenchmarkEnergyTable(b *testing.B) {
	r, err := New()
	if err != nil {
		b.Fatal(err)
	}
	set := typicalSet()
	classes := make([]*Class, len(set))
	for i, s := range set {
		c, ok := r.Lookup(s.class)
		if !ok {
			b.Fatal(s.class)
		}
		classes[i] = c
		if _, err := c.Model(s.attrs, nil); err != nil { // warm the lazy tables
			b.Fatal(s.class, err)
		}
	}
	stats := &Stats{Inputs: OperandStats{Bits: 1, MeanValue: 0.4, BitProb: []float64{0.4}, Probs: []float64{0.6, 0.4}},
		Weights: OperandStats{Bits: 2, MeanValue: 0.5}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, c := range classes {
			if _, err := c.Model(set[j].attrs, stats); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkNew measures building the registry (schemas only; tables load
// lazily), which check does once per run.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// One Registry is shared by concurrent evaluations (the engine may build
// energy tables for several layers at once); lazily loaded tables must be
// safe. Run with -race.
func TestConcurrentEvaluate(t *testing.T) {
	r := mustNew(t)
	set := typicalSet()
	want := make([]Estimate, len(set))
	for i, s := range set {
		c, _ := r.Lookup(s.class)
		e, err := c.Model(s.attrs, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = e
	}
	fresh := mustNew(t) // tables not loaded yet: the goroutines race to load them
	done := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for i, s := range set {
				c, _ := fresh.Lookup(s.class)
				e, err := c.Model(s.attrs, nil)
				if err != nil {
					done <- err
					return
				}
				for k, v := range want[i].Energy {
					if e.Energy[k] != v {
						done <- fmt.Errorf("%s %s: %g != %g", s.class, k, e.Energy[k], v)
						return
					}
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
