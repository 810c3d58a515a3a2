package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/engine/table"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lower"
)

// lowerExample checks and lowers examples/NAME and builds the energy table
// of its first layer, as cimc run does.
func lowerExample(tb testing.TB, name string) (*ir.Program, *engine.EnergyTable) {
	tb.Helper()
	reg, err := component.New()
	require.NoError(tb, err)
	dir := filepath.Join("..", "examples")
	load := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) }
	cp, dl := check.Check(&check.Config{Root: name, Load: load, Classes: reg})
	require.False(tb, dl.HasErrors(), "%v", dl)
	prog, dl := lower.Lower(cp, lower.Options{})
	require.False(tb, dl.HasErrors(), "%v", dl)
	tab, _, dl := table.Build(reg, prog.Arch, prog.Layers[0], values.Options{})
	require.False(tb, dl.HasErrors(), "%v", dl)
	return prog, tab
}

// benchExample measures one evaluation (validation, nest analysis and
// roll-up) of the example's mapping: its pinned mapping, or the mapper's
// best one. This is the mapper's inner loop: it must not allocate.
func benchExample(b *testing.B, name string) {
	prog, tab := lowerExample(b, name)
	p := prog.Layers[0]
	m := prog.Pinned
	if m == nil {
		r, dl := mapper.Map(context.Background(), p, prog.Arch, tab, mapper.Options{})
		require.False(b, dl.HasErrors(), "%v", dl)
		m = r.Mapping
	}
	ev, dl := engine.NewEvaluator(p, prog.Arch, tab)
	require.False(b, dl.HasErrors(), "%v", dl)
	r, dl := ev.Evaluate(m, engine.Options{})
	require.False(b, dl.HasErrors(), "%v", dl)
	require.Positive(b, r.EnergyJ)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev.Evaluate(m, engine.Options{})
	}
}

// BenchmarkExampleBasicAnalog: examples/basic_analog.cim, ResNet18 layer 1
// (C=M=64, P=Q=56, R=S=3, 8-bit X/Y/Z) on the 32x32 macro.
func BenchmarkExampleBasicAnalog(b *testing.B) { benchExample(b, "basic_analog.cim") }

// BenchmarkExampleWeightStationary: examples/weight_stationary.cim with its
// pinned mapping.
func BenchmarkExampleWeightStationary(b *testing.B) { benchExample(b, "weight_stationary.cim") }

// TestExampleEvaluateAllocs asserts the inner loop's zero allocations on
// the lowered examples (an allocation count, not a time).
func TestExampleEvaluateAllocs(t *testing.T) {
	for _, name := range []string{"basic_analog.cim", "weight_stationary.cim"} {
		prog, tab := lowerExample(t, name)
		p := prog.Layers[0]
		m := prog.Pinned
		if m == nil {
			r, dl := mapper.Map(context.Background(), p, prog.Arch, tab, mapper.Options{})
			require.False(t, dl.HasErrors(), "%v", dl)
			m = r.Mapping
		}
		ev, dl := engine.NewEvaluator(p, prog.Arch, tab)
		require.False(t, dl.HasErrors(), "%v", dl)
		allocs := testing.AllocsPerRun(100, func() { ev.Evaluate(m, engine.Options{}) })
		require.Zero(t, allocs, name)
	}
}
