package lower

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/lang/diag"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/*.txtar")

// TestGolden lowers the input.cim of every testdata/*.txtar (other .cim
// sections are importable files) and compares the IR dump with the "ir"
// section, or the first lines of the diagnostics with the "errors"
// section. The archive comment may hold "arch: NAME", "workload: NAME"
// and "set: NAME=VALUE" lines. -update rewrites the sections; every golden
// is reviewed by hand (see the comment of each archive).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			require.NoError(t, err)
			srcs := map[string][]byte{}
			for _, f := range ar.Files {
				if strings.HasSuffix(f.Name, ".cim") {
					srcs[f.Name] = f.Data
				}
			}
			require.Contains(t, srcs, "input.cim")
			var opts Options
			var sets []string
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				k, v, ok := strings.Cut(line, ":")
				v = strings.TrimSpace(v)
				switch {
				case !ok:
				case k == "arch":
					opts.Arch = v
				case k == "workload":
					opts.Workload = v
				case k == "set":
					sets = append(sets, v)
				}
			}
			load := func(p string) ([]byte, error) {
				if b, ok := srcs[p]; ok {
					return b, nil
				}
				return nil, os.ErrNotExist
			}
			p, ds := check.Check(&check.Config{Root: "input.cim", Load: load, Std: testStd(), Classes: testClasses(t), Overrides: sets})
			var out bytes.Buffer
			section := "ir"
			if !ds.HasErrors() {
				prog, lds := Lower(p, opts)
				ds = append(ds, lds...)
				if !lds.HasErrors() {
					out.WriteString(prog.String())
				}
			}
			if ds.HasErrors() {
				section = "errors"
				out.Reset()
				for _, d := range ds.Sort() {
					out.WriteString(d.Error() + "\n")
					if _, ok := diag.Known[d.Code]; !ok {
						t.Errorf("diagnostic without a known code: %s", d.Error())
					}
				}
			}
			idx := -1
			for i, f := range ar.Files {
				if f.Name == section {
					idx = i
				}
			}
			if *update {
				if idx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: section})
					idx = len(ar.Files) - 1
				}
				ar.Files[idx].Data = out.Bytes()
				require.NoError(t, os.WriteFile(path, txtar.Format(ar), 0o644))
				return
			}
			require.GreaterOrEqual(t, idx, 0, "no %q section; output:\n%s", section, out.String())
			assert.Equal(t, string(ar.Files[idx].Data), out.String())
		})
	}
}
