package lang

import (
	"os"
	"testing"
)

// BenchmarkParse parses testdata/tile.cim (about 100 lines using every
// construct).
func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("testdata/tile.cim")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Parse("tile.cim", src); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}

// BenchmarkFormat prints the parsed tile.cim.
func BenchmarkFormat(b *testing.B) {
	src, err := os.ReadFile("testdata/tile.cim")
	if err != nil {
		b.Fatal(err)
	}
	f, diags := Parse("tile.cim", src)
	if len(diags) > 0 {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		Format(f)
	}
}
