// Package mapper searches the mapspace of one workload layer on one
// architecture for the mapping that minimizes a metric (energy, latency or
// energy-delay product), and maps whole networks layer by layer.
//
// # Mapspace
//
// NewSpace turns the constraints of every level (ir.Constraints) into
// per-level, per-dimension factor bounds and enumerates, per dimension,
// every ordered factorization of its size over the loop slots (the
// temporal loops of each level and the spatial loops of each level with a
// fanout). The constraint vocabulary is CiMLoop's (cimloop-spec.md 5,
// timeloop-semantics.md 5.1): factors = / <= / >= (0 = the full
// dimension), factors only, order, no_iteration, must_iterate, spatial
// must-reuse policies (no spatial iteration over that dataspace), and
// maximize groups, which are resolved once, before the search, into fixed
// factors with timeloopfe's greedy allocation (GreedyAllocate): spatial
// constraints bottom-up, then temporal ones bottom-up, capacity = fanout
// or the group's capacity divided by the factors already fixed at that
// level. As CiMLoop's front end does, containers own no temporal loops and
// a level whose kept dataspaces are all pass (no_coalesce) or coalesce
// (no_temporal_reuse) owns none either unless its temporal constraints say
// otherwise (defines.yaml adds factors_only: [] to those directives).
// Keep/bypass choices are fixed by the policies of the architecture.
//
// Factorizations are perfect (the engine does not model Timeloop's
// residual loops). A dimension's spatial factor at a level sits on one
// axis, as in Timeloop; the axis does not change any count, so the mapper
// only checks that an assignment fits FanoutX x FanoutY.
//
// Loop orders: loops of bound 1 do not exist, and two adjacent loops of a
// level commute exactly (the nest analysis gives identical counts) when,
// for every dataspace whose temporal reuse below that level matters, both
// loops are irrelevant to it, or both are relevant and every rank of the
// dataspace is a single dimension (no sliding window: then the fills of a
// child are its tile times the product of the loop bounds from the
// innermost relevant loop outwards, whatever the order of the relevant
// loops). The mapper enumerates one order per equivalence class: the
// lexicographically smallest word of each trace. The order above a level c
// matters for a dataspace only when some level above c keeps it (keep or
// coalesce) and c either keeps it with temporal reuse (its fills and the
// accesses of the levels up to that keeper follow the order) or passes it
// read-only (its fills are the reuse-filtered share Timeloop takes before
// the pass-through promotion); the topmost keeper is never filled.
//
// # Search
//
// Exhaustive search enumerates every factorization and every canonical
// order; work is split into a fixed list of about 256 factorization
// prefixes (the same list on any number of workers), so the best mapping
// (ties broken by a total order on mappings: the index of the
// factorization, then of the orders) is the same on any number of workers.
// Between the orders of one factorization the worker re-analyses only what
// the order changes (nest.Analyzer.AnalyzeOrders).
// It prunes soundly: partial spatial products that exceed a fanout, whole
// factorizations whose tiles exceed a capacity (tile sizes do not depend
// on loop order), and the remaining orders of a factorization whose lower
// bound already exceeds the best cost found: the energy of every count
// that does not depend on loop order, order-dependent fills at least one
// tile (minus the partition for partial sums), other order-dependent
// counts at least 0, leakage over the compute cycles; cycles at least the
// compute cycles. Every count is nondecreasing in the fills the order
// changes, so the bound holds for every order. The incumbent used for
// pruning is a short seeded warm-up's best (8 hybrid units, run on all
// workers and not counted in Result.Evaluated), then each work item's own,
// so the evaluation counts are deterministic too. For latency and EDP,
// partial factorizations are pruned too: cycles are at least the computes
// over the most compute instances the remaining spatial factors can reach,
// and energy at least the compute energy. (Energy has no partial bound
// yet.)
// Sampled search splits its budget into fixed units of 256 evaluations
// with seeds derived from Options.Seed and the unit index. Random draws a
// factorization and one canonical order per evaluation; Hybrid spends half
// the budget drawing factorizations and trying all their canonical orders
// (or 16 random ones, Timeloop's random_pruned), then the other half on a
// coordinate descent from the best units in turn: for one dimension at a
// time every other factorization of that dimension is tried, in chunks
// spread over the workers and reduced in chunk order. Both are
// deterministic for a given seed and budget whatever the number of
// workers (the descent may overrun the budget by one dimension's sweep).
//
// The package does no I/O and reads no clock except to pace the progress
// callback; a time budget is a context deadline set by the caller.
package mapper
