package validation

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lang/units"
	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStdCellsNameRealCells: every cell named by std/cells is a cell file
// of stdlib/data/cells, and each memory_cell built from it evaluates at
// the node std/cells gives for it (the NeuroSim tables' node).
func TestStdCellsNameRealCells(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	prog, d := check.Check(&check.Config{Root: "std/cells.cim", Classes: reg,
		Load: func(p string) ([]byte, error) { return fs.ReadFile(stdlib.FS, p) }})
	require.False(t, d.HasErrors(), "%v", d)
	nodes := map[string]float64{}
	for _, p := range prog.Params {
		if n, ok := strings.CutSuffix(p.Name, "_technology"); ok {
			nodes[n] = p.Value.Num
		}
	}
	n := 0
	for _, p := range prog.Params {
		if strings.HasSuffix(p.Name, "_technology") {
			continue
		}
		n++
		v := p.Value.Str
		assert.Equal(t, p.Name, v)
		_, err := fs.Stat(stdlib.FS, "data/cells/"+v+".cell.yaml")
		assert.NoError(t, err, "cell %q", v)
		cls, ok := reg.Lookup("memory_cell")
		require.True(t, ok)
		_, err = cls.Model(component.Attrs{"cell": component.StrValue(v), "technology": component.NumValue(nodes[v], units.None)}, nil)
		assert.NoError(t, err, "cell %q at %v nm", v, nodes[v])
	}
	assert.Equal(t, 10, n)
}
