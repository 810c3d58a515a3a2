package check_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lower"
)

// benchExamples runs f on every example, with the sources read once.
func benchExamples(b *testing.B, f func(b *testing.B, cfg *check.Config)) {
	reg, err := component.New()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob("../examples/*.cim")
	if len(files) == 0 {
		b.Skip("no examples")
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Base(path)
		cfg := &check.Config{Root: name, Classes: reg, Load: func(p string) ([]byte, error) {
			if p == name {
				return src, nil
			}
			return os.ReadFile(filepath.Join("../examples", filepath.FromSlash(p)))
		}}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			f(b, cfg)
		})
	}
}

// BenchmarkCheck parses and checks each example (imports included).
func BenchmarkCheck(b *testing.B) {
	benchExamples(b, func(b *testing.B, cfg *check.Config) {
		for b.Loop() {
			if _, ds := check.Check(cfg); ds.HasErrors() {
				b.Fatal(ds)
			}
		}
	})
}

// BenchmarkLower lowers each checked example.
func BenchmarkLower(b *testing.B) {
	benchExamples(b, func(b *testing.B, cfg *check.Config) {
		p, ds := check.Check(cfg)
		if ds.HasErrors() {
			b.Fatal(ds)
		}
		for b.Loop() {
			if _, ds := lower.Lower(p, lower.Options{}); ds.HasErrors() {
				b.Fatal(ds)
			}
		}
	})
}
