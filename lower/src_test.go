package lower

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
)

// Levels, constraints, problems and the pinned mapping keep the source
// range they came from, so engine errors can point into the file.
func TestSourceRanges(t *testing.T) {
	src, err := os.ReadFile("testdata/p08.cim")
	require.NoError(t, err)
	p, ds := check.Check(&check.Config{Root: "p08.cim", Load: func(string) ([]byte, error) { return src, nil }, Std: testStd(), Classes: testClasses(t)})
	require.Empty(t, ds)
	prog, ds := Lower(p, Options{})
	require.Empty(t, ds)
	// Lines of testdata/p08.cim: dummy_top 13, adc 15, column_drivers 16,
	// row_drivers 17, column 18, row 21, cim_unit 24; the virtual MAC
	// levels point at cim_unit.
	want := map[string]int{"dummy_top": 13, "adc": 15, "column_drivers": 16, "row_drivers": 17, "column": 18, "row": 21,
		"cim_unit": 24, VirtualMACContainer: 24, VirtualMACDummy: 24, VirtualMAC: 24}
	for _, l := range prog.Arch.Levels {
		assert.Equal(t, "p08.cim", l.Src.Start.File, l.Name)
		assert.Equal(t, want[l.Name], l.Src.Start.Line, l.Name)
	}
	col := prog.Arch.Levels[4]
	assert.Equal(t, 20, col.Constraints.Spatial.Src.Start.Line) // the spatial { ... } block
	assert.Equal(t, 5, prog.Layers[0].Src.Start.Line)           // workload conv
	assert.Equal(t, 6, prog.Layers[0].Dataspaces[0].Src.Start.Line)
	require.NotNil(t, prog.Pinned)
	assert.Equal(t, 29, prog.Pinned.Src.Start.Line)
}
