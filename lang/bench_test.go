package lang

import (
	"fmt"
	"os"
	"strings"
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

// BenchmarkParseGenerated parses a generated network the shape of the
// stdlib workload files (400 layers, two 63-bin histograms each, about
// 350 KB): list literals of numbers dominate such files.
func BenchmarkParseGenerated(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("import \"std/workloads/templates\"\nnetwork big {\n")
	for i := range 400 {
		fmt.Fprintf(&sb, "  layer l%03d = templates.matmul(N = 1, C = %d, M = 512, P = 139) {\n", i, 64+i)
		for _, ds := range []string{"Inputs", "Weights"} {
			sb.WriteString("    histogram " + ds + " = [")
			for j := range 63 {
				if j > 0 {
					sb.WriteString(", ")
				}
				fmt.Fprintf(&sb, "%.3g", float64((i*63+j)%97+1)/1000)
			}
			sb.WriteString("]\n")
		}
		sb.WriteString("  }\n")
	}
	sb.WriteString("}\n")
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Parse("big.cim", src); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}
