// Package stdlib embeds cimc's standard library: .cim modules under std/
// (published macros, tiles, chips, systems, memory cells, component
// classes, workloads) and data tables under data/ (each table keeps the
// line naming its source).
//
// It holds files only, no logic: check imports modules from it and the
// component models read their tables from it.
package stdlib

import "embed"

// FS holds std/ and data/.
//
//go:embed std data
var FS embed.FS
