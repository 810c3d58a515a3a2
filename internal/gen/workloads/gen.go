// Package main generates stdlib/std/workloads/<net>.cim, one .cim network
// module per embedded network file (stdlib/data/workloads/<net>.json,
// CiMLoop's models/workloads converted to JSON). Each layer becomes a
// `layer` of a `network` that instantiates the conv2d or matmul template
// of std/workloads/templates.cim with the layer's shape and histograms.
//
// Run it with `go generate ./internal/gen/workloads` from the module root.
// Output is deterministic: layers in file order, histogram bins written
// with the literal text of the JSON number (so no rounding is added), and
// a test (gen_test.go) fails when the committed modules differ from what
// Generate returns.
//
//go:generate go run . -out ../../../stdlib/std/workloads
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "stdlib/std/workloads", "directory to write <net>.cim into")
	flag.Parse()
	files, err := Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen/workloads:", err)
		os.Exit(1)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Text, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen/workloads:", err)
			os.Exit(1)
		}
	}
}
