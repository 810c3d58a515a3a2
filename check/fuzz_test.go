package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cimc-lang/cimc/lang/diag"
)

// FuzzCheck checks arbitrary sources: no panic, and every diagnostic has
// a known code and a location. Seeds are the test corpus.
func FuzzCheck(f *testing.F) {
	for _, pat := range []string{"testdata/*.cim", "testdata/*/*.cim"} {
		files, _ := filepath.Glob(pat)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err == nil {
				f.Add(b)
			}
		}
	}
	classes := testClasses(f)
	std := testStd()
	f.Fuzz(func(t *testing.T, src []byte) {
		p, ds := Check(&Config{Root: "f.cim", Load: mapLoad(map[string]string{"f.cim": string(src)}), Std: std, Classes: classes,
			Overrides: []string{"x=1"}})
		if p == nil {
			t.Fatal("nil program")
		}
		verify := func(ds diag.List) {
			for _, d := range ds {
				if _, ok := diag.Known[d.Code]; !ok {
					t.Fatalf("diagnostic without a known code: %s", d.Error())
				}
				if d.Code == diag.Internal {
					t.Fatalf("internal error: %s", d.Error())
				}
				if d.Range.Start.File != "-set" && !d.Range.Start.IsValid() {
					t.Fatalf("diagnostic without a location: %s", d.Error())
				}
			}
		}
		verify(ds)
	})
}
