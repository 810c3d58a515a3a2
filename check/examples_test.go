package check_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lower"
)

// TestExamples checks and lowers every examples/*.cim with the real class
// registry and the embedded stdlib.
func TestExamples(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	files, _ := filepath.Glob("../examples/*.cim")
	if len(files) == 0 {
		t.Skip("no examples yet")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, ds := check.Check(&check.Config{Root: filepath.Base(f), Classes: reg,
				Load: func(p string) ([]byte, error) {
					return os.ReadFile(filepath.Join("../examples", filepath.FromSlash(p)))
				}})
			src, _ := os.ReadFile(f)
			if ds.HasErrors() {
				for _, d := range ds {
					t.Errorf("%s (%s)", d.Error(), d.Help)
				}
				diag.Render(os.Stderr, ds, diag.Sources{filepath.Base(f): src})
				return
			}
			prog, lds := lower.Lower(p, lower.Options{})
			for _, d := range lds {
				t.Errorf("%s (%s)", d.Error(), d.Help)
			}
			if !lds.HasErrors() {
				require.NotNil(t, prog.Arch)
				require.NotEmpty(t, prog.Layers)
			}
		})
	}
}
