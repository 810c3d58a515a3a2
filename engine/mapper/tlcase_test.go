package mapper

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/internal/tlcase"
	"github.com/cimc-lang/cimc/ir"
)

// The Timeloop reference cases of engine/testdata/timeloop (read in
// place; engine/testdata/timeloop/README.md describes case.json), read and
// converted by engine/internal/tlcase as the engine's own tests do.

type tlCase = tlcase.Case

// casesDir returns the directory of the reference cases.
func casesDir() string { return filepath.Join("..", "testdata", "timeloop") }

// loadCases reads every case.json below casesDir, sorted by name.
func loadCases(t testing.TB) []*tlCase {
	t.Helper()
	cases, err := tlcase.Load(os.DirFS(casesDir()))
	require.NoError(t, err)
	require.NotEmpty(t, cases, "no case.json found under %s", casesDir())
	return cases
}

// toIR converts a case to the IR, a mapping and an energy table.
func toIR(t testing.TB, c *tlCase) (*ir.Problem, *ir.Arch, *ir.Mapping, *engine.EnergyTable) {
	t.Helper()
	p, a, m, es, err := c.IR()
	require.NoError(t, err)
	tab := &engine.EnergyTable{}
	for _, e := range es {
		tab.Levels = append(tab.Levels, engine.LevelEnergy{Read: e.Read, Write: e.Write, Update: e.Update, Leak: e.Leak,
			Compute: e.Compute, AreaM2: e.AreaM2})
	}
	return p, a, m, tab
}

// pico converts J to pJ in messages.
const pico = 1e-12
