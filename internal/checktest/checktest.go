// Package checktest holds test fixtures shared by the check and lower
// tests: a small component registry, a tiny stdlib and file loaders. It is
// imported by tests only.
package checktest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
)

// Classes is a small registry with the schemas the tests use. The
// real registry (component.New) is exercised by the integration tests.
func Classes(t testing.TB) *component.Registry {
	num := func(n string, d units.Dim, req, integer bool) component.AttrSpec {
		return component.AttrSpec{Name: n, Kind: component.Number, Dim: d, Required: req, Optional: !req, Integer: integer}
	}
	tech := num("technology", units.None, false, false)
	r, err := component.NewRegistry(
		&component.Class{Name: "sram", Storage: true, Actions: []string{"read", "write"}, Attrs: []component.AttrSpec{
			num("depth", units.None, true, true), num("width", units.None, true, true), num("datawidth", units.None, false, true), tech,
			num("read_bandwidth", units.None, false, false)}},
		&component.Class{Name: "adder", Actions: []string{"add"}, Attrs: []component.AttrSpec{num("width", units.None, true, true), tech}},
		&component.Class{Name: "dac", Actions: []string{"convert"}, Attrs: []component.AttrSpec{num("resolution", units.None, true, true), tech,
			num("width", units.None, false, true), {Name: "voltage", Kind: component.Number, Dim: units.Voltage, Default: ir.Value{Kind: ir.NumberValue, Num: units.Q(1, units.Voltage)}}}},
		&component.Class{Name: "adc", Actions: []string{"convert"}, Attrs: []component.AttrSpec{num("resolution", units.None, true, true), tech,
			num("width", units.None, false, true), {Name: "kind", Kind: component.String, Default: ir.Value{Kind: ir.StringValue, Str: "sar"},
				Choices: []string{"sar", "flash"}}}},
		&component.Class{Name: "cell", Storage: true, Actions: []string{"read", "write"}, Attrs: []component.AttrSpec{
			num("width", units.None, false, true), num("depth", units.None, false, true), tech}},
		&component.Class{Name: "dummy_storage", Storage: true, Attrs: []component.AttrSpec{
			num("width", units.None, false, true), num("depth", units.None, false, true), num("datawidth", units.None, false, true)}},
		&component.Class{Name: "mac", Actions: []string{"compute"}, Attrs: []component.AttrSpec{num("width", units.None, false, true), tech}},
	)
	require.NoError(t, err)
	return r
}

// Std is a tiny stdlib with a cells module.
func Std() fs.FS {
	return fstest.MapFS{
		"std/cells.cim": {Data: []byte(`// memory cells for tests
param v_read = 0.2 V
component rram_default(g_on: S = 1 uS, g_off: S = 0.01 uS, t_read: s = 10 ns) {
  action read { energy = mean(g_off + (g_on - g_off) * Weights.slice) * v_read^2 * t_read }
  area = 0.01 um^2
}
`)},
		"std/macros/a.cim": {Data: []byte("param rows = 32\n")},
		"std/macros/b.cim": {Data: []byte("param cols = rows\n")},
	}
}

// OSLoad reads files relative to dir (the test's loader; check itself never reads files).
func OSLoad(dir string) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) }
}

// MapLoad serves files from a map.
func MapLoad(files map[string]string) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		}
		return []byte(s), nil
	}
}
