// Package engine evaluates one mapping of one workload layer on one
// architecture: it checks the mapping (factors, fanouts, capacities), runs
// the nest analysis (package engine/nest) and rolls the action counts up
// into energy, cycles, latency, utilization and area with an EnergyTable
// that holds the per-action energies and per-instance areas of every level.
//
// The roll-up is Timeloop's (timeloop-semantics.md §4 and the formulas of
// data/timeloop/README.md):
//
//   - energy(level, dataspace) = utilized instances x sum over actions of
//     ceil(per-instance count / block size) x energy per action (read,
//     write = fill, update);
//   - leakage(level) = leak x total cycles x max(1, max utilized instances);
//   - compute energy = computes x energy per compute;
//   - compute cycles = ceil(computes / utilized compute instances); a level
//     with read/write bandwidths B slows to ceil(compute cycles / s) with
//     s = min(1, B_read / need_read, B_write / need_write), needs in words
//     per cycle per instance; total cycles = the maximum;
//   - utilization = computes / (compute instances x cycles);
//   - area = sum over levels of instances x area per instance.
//
// An EnergyTable is filled once per (architecture, layer) — by component
// models from value statistics, or directly (tests use Timeloop ERT/ART
// values) — and then reused for every mapping the mapper evaluates. An
// Evaluator owns all its buffers, so Evaluate does not allocate on valid
// mappings.
//
// Use: tab := NewEnergyTable(arch) and fill tab.Levels[i] (joules per
// action, m^2 per instance); ev, dl := NewEvaluator(problem, arch, tab);
// then r, dl := ev.Evaluate(mapping, Options{Rule: nest.RulePre2025}) for
// each mapping (the default rule is Timeloop's 2025 one). r.Levels holds
// per-component actions and energies (ActionCounts and EnergyPerAction give
// the report's maps), r.Nest the per-level, per-dataspace counts. Validate
// and ValidateCapacity give the located diagnostics (E0401 factors, E0402
// fanout, E0403 capacity) on their own.
//
// The package must not parse, print or read files; cmd/cimc renders the
// Result.
package engine
