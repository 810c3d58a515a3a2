package table

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lower"
)

// lowerBasicAnalog checks and lowers examples/basic_analog.cim (CiMLoop's
// basic_analog macro on ResNet18 layer 1: C=M=64, P=Q=56, R=S=3, 8-bit
// offset operands with their histograms) as engine/examples_bench_test.go
// and cimc run do.
func lowerBasicAnalog(tb testing.TB, reg *component.Registry) *ir.Program {
	tb.Helper()
	dir := filepath.Join("..", "..", "examples")
	load := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) }
	cp, dl := check.Check(&check.Config{Root: "basic_analog.cim", Load: load, Classes: reg})
	require.False(tb, dl.HasErrors(), "%v", dl)
	prog, dl := lower.Lower(cp, lower.Options{})
	require.False(tb, dl.HasErrors(), "%v", dl)
	require.NotEmpty(tb, prog.Layers)
	return prog
}

// BenchmarkBuildBasicAnalog measures building the energy table of
// basic_analog for its ResNet18 layer (operand statistics of the three
// dataspaces, then every level's model), what cimc does once per
// (architecture, layer) before mapping. The registry is shared across
// iterations, as across the layers of a network, so its lazily parsed
// tables (NeuroSim crossbar corners, ...) are loaded before the timer.
func BenchmarkBuildBasicAnalog(b *testing.B) {
	reg, err := component.New()
	require.NoError(b, err)
	prog := lowerBasicAnalog(b, reg)
	p := prog.Layers[0]
	tab, details, dl := Build(reg, prog.Arch, p, values.Options{})
	require.False(b, dl.HasErrors(), "%v", dl)
	require.NotNil(b, tab)
	priced := 0
	for _, d := range details {
		if d.Class != "" {
			priced++
		}
	}
	require.Positive(b, priced)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Build(reg, prog.Arch, p, values.Options{})
	}
}

// BenchmarkBuildBasicAnalogCold is the first layer's cost: a fresh
// registry each time, so the lazily parsed model tables are loaded inside
// the timed region.
func BenchmarkBuildBasicAnalogCold(b *testing.B) {
	reg, err := component.New()
	require.NoError(b, err)
	prog := lowerBasicAnalog(b, reg)
	p := prog.Layers[0]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := component.New()
		if err != nil {
			b.Fatal(err)
		}
		if _, _, dl := Build(r, prog.Arch, p, values.Options{}); dl.HasErrors() {
			b.Fatal(dl)
		}
	}
}
