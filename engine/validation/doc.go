// Package validation runs the stdlib macros' validation experiments: for
// each published reference value (stdlib/data/validation/<macro>.json,
// each point citing its source), it evaluates the macro module through
// the same pipeline as `cimc run` (check, lower, engine/table.Build,
// engine.Evaluator) at the experiment's parameter overrides, computes the
// metric (TOPS, TOPS/W, energy or area of a group of components, ...),
// and compares it with the reference: the error of every point against
// its tolerance (15% unless the point says otherwise), and the average
// absolute error per category (energy efficiency, throughput, component
// energy, area) against CiMLoop's reported averages.
//
// Where CiMLoop's model differs from the chip by design, the point keeps
// its reference and carries the reason (Caveat); such a point is reported
// but does not fail validation.
//
// Validation maps each configuration with engine/mapper (SearchOptions:
// energy, Timeloop's pre-2025 reuse rule for CiMLoop parity), as `cimc
// run` does. MaxUtilMapping, which builds the mapping CiMLoop's
// constraints force on a maximum-utilization workload without a search,
// is kept as an independent cross-check (the mapper must do no worse).
//
// Compose nests a macro inside a system, chip and tile (std/systems,
// std/chips, std/tiles) and WithNetwork adds a std/workloads network to a
// root module, both textually (see their docs for why).
//
// The package reads only the embedded stdlib (or an fs.FS given by the
// caller); it prints nothing.
package validation
