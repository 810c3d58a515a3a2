package mapper

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/table"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lower"
	"github.com/stretchr/testify/require"
)

// lowerFile checks and lowers a .cim file of the repository (path relative
// to the repository root) and builds the energy table of its first layer.
func lowerFile(t testing.TB, rel string, sets ...string) (*ir.Program, *component.Registry) {
	t.Helper()
	root := filepath.Join("..", "..")
	reg, err := component.New()
	require.NoError(t, err)
	load := func(path string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(path))) }
	prog, dl := check.Check(&check.Config{Root: rel, Load: load, Overrides: sets, Classes: reg})
	require.False(t, dl.HasErrors(), "%v", dl)
	p, dl := lower.Lower(prog, lower.Options{})
	require.False(t, dl.HasErrors(), "%v", dl)
	require.NotEmpty(t, p.Layers)
	return p, reg
}

// tableFor builds the energy table of one layer from the component models.
func tableFor(t testing.TB, reg *component.Registry, a *ir.Arch, p *ir.Problem) *engine.EnergyTable {
	t.Helper()
	tab, _, dl := table.Build(reg, a, p, values.Options{})
	require.False(t, dl.HasErrors(), "%v", dl)
	return tab
}

// basicAnalog lowers examples/basic_analog.cim (ResNet18 layer 1 on the
// 32x32 basic_analog macro).
func basicAnalog(t testing.TB) (*ir.Problem, *ir.Arch, *engine.EnergyTable) {
	t.Helper()
	prog, reg := lowerFile(t, "examples/basic_analog.cim")
	p := prog.Layers[0]
	return p, prog.Arch, tableFor(t, reg, prog.Arch, p)
}

func dimIdx(t testing.TB, p *ir.Problem, name string) int {
	t.Helper()
	d := p.DimIndex(name)
	require.GreaterOrEqual(t, d, 0, "no dimension %s", name)
	return d
}

func levelIdx(t testing.TB, a *ir.Arch, name string) int {
	t.Helper()
	for i := range a.Levels {
		if a.Levels[i].Name == name {
			return i
		}
	}
	t.Fatalf("no level %s", name)
	return -1
}

// spatialFactor returns the product of level i's spatial bounds of dim d.
func spatialFactor(m *ir.Mapping, i, d int) int {
	f := 1
	for _, l := range m.Levels[i].Spatial {
		if l.Dim == d {
			f *= l.Bound
		}
	}
	return f
}

// newUnitTable returns an energy table with 1 pJ for every action.
func newUnitTable(a *ir.Arch) *engine.EnergyTable {
	t := engine.NewEnergyTable(a)
	for i := range t.Levels {
		t.Levels[i] = engine.LevelEnergy{Read: 1e-12, Write: 1e-12, Update: 1e-12, Compute: 1e-12}
	}
	return t
}
