package compound

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/stdlib"
)

// TestEveryCheckedClass evaluates every compound class of the check
// corpus (files with deliberate errors included: check returns partial
// programs) and of the examples, with and without operand statistics: no
// panic, and every error is located with a documented code.
func TestEveryCheckedClass(t *testing.T) {
	reg := realRegistry(t)
	var files []string
	for _, pat := range []string{"../../check/testdata/*.cim", "../../examples/*.cim"} {
		m, err := filepath.Glob(pat)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		dir, base := filepath.Split(f)
		load := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) }
		prog, _ := check.Check(&check.Config{Root: base, Load: load, Std: stdlib.FS, Classes: reg})
		if prog == nil {
			continue
		}
		cl := New(reg, prog)
		names := make([]string, 0, len(prog.Components))
		for name := range prog.Components {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, s := range []*component.Stats{smallStats(t), nil} {
				n++
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s: class %s: panic: %v", f, name, r)
						}
					}()
					_, err := cl.Estimate(name, nil, s, nil)
					if err == nil {
						return
					}
					var ce *Error
					if assert.True(t, errors.As(err, &ce), "%s: %s: %v", f, name, err) {
						_, known := diag.Known[ce.Diag.Code]
						assert.True(t, known, "%s: %s: code %q", f, name, ce.Diag.Code)
					}
				}()
			}
		}
	}
	assert.Greater(t, n, 10, "the corpus has compound classes")
}
