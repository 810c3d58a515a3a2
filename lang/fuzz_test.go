package lang

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cimc-lang/cimc/lang/diag"
)

// FuzzParse checks that Parse never panics or reports an internal error,
// that every diagnostic has a known code and a consistent position inside
// the file, that every node of a clean parse has a valid range, and that a
// clean parse round-trips through Format.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.cim", "../examples/*.cim", "../stdlib/std/*.cim", "../stdlib/std/*/*.cim"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			// Small files only: the generated workloads (up to 1.3 MB)
			// would slow every mutation down without adding syntax.
			if src, err := os.ReadFile(name); err == nil && len(src) < 20000 {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("param x = 10 % 3 %\nparam y = -2^-2 um^2"))
	f.Add([]byte("arch a { x[2, 3]: c.d(e = [1, 2]) { no reuse * } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "fuzz.cim"
		file, diags := Parse(name, src)
		if file == nil {
			t.Fatal("nil file")
		}
		for _, d := range diags {
			if d.Code == diag.Internal {
				t.Fatalf("internal error: %v", d)
			}
			if _, ok := diag.Known[d.Code]; !ok {
				t.Errorf("unknown code in %v", d)
			}
			if d.Message == "" || !posOK(name, src, d.Range.Start) || !posOK(name, src, d.Range.End) ||
				d.Range.End.Offset < d.Range.Start.Offset {
				t.Errorf("bad diagnostic %+v", d)
			}
		}
		if len(diags) > 0 {
			return
		}
		checkRanges(t, name, src, file)
		out := Format(file)
		again, diags := Parse(name, out)
		if len(diags) > 0 {
			t.Fatalf("Format output does not parse:\n%s\n%s\ninput:\n%q", out, diagLines(diags), src)
		}
		if !sameTree(file, again) {
			t.Fatalf("round trip changed the tree:\ninput %q\nformatted:\n%s", src, out)
		}
	})
}
