package check_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/stdlib"
)

// TestStdlibModules imports every module of the embedded stdlib (one
// test each) with the real class registry: each must check without
// errors.
func TestStdlibModules(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	var mods []string
	require.NoError(t, fs.WalkDir(stdlib.FS, "std", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".cim") {
			mods = append(mods, strings.TrimSuffix(p, ".cim"))
		}
		return nil
	}))
	if len(mods) == 0 {
		t.Skip("empty stdlib")
	}
	for _, m := range mods {
		t.Run(m, func(t *testing.T) {
			root := "import \"" + m + "\" as mod\n"
			p, ds := check.Check(&check.Config{Root: "root.cim", Classes: reg, Load: func(string) ([]byte, error) { return []byte(root), nil }})
			for _, d := range ds {
				if d.Severity == diag.Error {
					t.Errorf("%s (%s)", d.Error(), d.Help)
				}
			}
			require.NotNil(t, p.Root)
		})
	}
}
