// Package component holds the component classes cimc knows: for each class
// its attribute schema (used by check for errors with suggestions) and its
// model (used by engine to turn attributes and operand statistics into
// energy per action, area, latency and leakage).
//
// The set of classes is a Registry value built once by New and passed to
// the stages that need it; there is no global registry. Models read their
// data tables from the stdlib embed, never from disk.
//
// It owns the model library (README.md is the catalogue): the ADC
// regression, ladder DACs and CiMLoop's analog primitives, the NeuroSim
// periphery (closed forms) and crossbar parts (embedded corner tables), the
// CACTI SRAM grid, DRAM, the library of published components, the Aladdin
// tables, Stillmaker-Baas technology scaling and voltage scaling helpers,
// and generic explicit-energy and zero-cost classes.
//
// It must not parse .cim source, count actions (that is engine's nest
// analysis), read files other than the stdlib embed, or keep mutable
// package-level state (the data tables below are read-only constants;
// lazily parsed tables belong to a Registry).
package component
