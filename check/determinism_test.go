package check

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Check is deterministic: the same input gives the same diagnostics (with
// help and related notes) every time, whatever the map iteration order.
func TestDeterministic(t *testing.T) {
	files, err := filepath.Glob("testdata/*.cim")
	require.NoError(t, err)
	classes := testClasses(t)
	for _, path := range files {
		name := filepath.Base(path)
		run := func() string {
			_, ds := Check(&Config{Root: name, Load: osLoad("testdata"), Std: testStd(), Classes: classes})
			out := ""
			for _, d := range ds {
				out += d.Error() + " | " + d.Help + "\n"
				for _, r := range d.Related {
					out += "  " + r.Range.String() + " " + r.Message + "\n"
				}
			}
			return out
		}
		first := run()
		for i := 0; i < 20; i++ {
			require.Equal(t, first, run(), name)
		}
	}
}
