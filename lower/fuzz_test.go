package lower

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/lang/diag"
)

// FuzzLower checks and lowers arbitrary sources: no panic, and every
// diagnostic of either stage has a known code and a location. Seeds are
// the golden inputs and the check corpus.
func FuzzLower(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, p := range files {
		if ar, err := txtar.ParseFile(p); err == nil {
			for _, fl := range ar.Files {
				if fl.Name == "input.cim" {
					f.Add(fl.Data)
				}
			}
		}
	}
	more, _ := filepath.Glob("../check/testdata/*.cim")
	more = append(more, "testdata/p08.cim")
	for _, p := range more {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	classes := testClasses(f)
	std := testStd()
	f.Fuzz(func(t *testing.T, src []byte) {
		p, ds := check.Check(&check.Config{Root: "f.cim", Load: func(string) ([]byte, error) { return src, nil }, Std: std, Classes: classes})
		prog, lds := Lower(p, Options{})
		if prog == nil {
			t.Fatal("nil program")
		}
		for _, d := range append(ds, lds...) {
			if _, ok := diag.Known[d.Code]; !ok || d.Code == diag.Internal {
				t.Fatalf("bad code: %s", d.Error())
			}
			if !d.Range.Start.IsValid() {
				t.Fatalf("diagnostic without a location: %s", d.Error())
			}
		}
		if !ds.HasErrors() && !lds.HasErrors() {
			_ = prog.String()
		}
	})
}
