// Package nest owns the nest analysis: given a problem, an architecture and
// one mapping, it counts what every level does for every dataspace (tile and
// partition sizes, utilized instances, reads, fills, updates, temporal and
// spatial reductions, multicast and network fanout) exactly as Timeloop's
// classic model does, with CiMLoop's reuse directives.
//
// It must not know about energy, parse, print, or allocate on the hot path:
// an Analyzer is built once per (problem, architecture) and then analyzes
// mappings into fixed arrays it owns, so the mapper can call it millions of
// times.
//
// # Semantics
//
// The model follows ../shared/reference/timeloop-semantics.md sections 1-3
// (Timeloop 4cf6d4c, the classic non-ISL path). Levels are ir.Arch levels,
// outermost first; every non-compute level is a Timeloop storage level
// (containers are CiMLoop's keep-nothing inter_*_spatial dummies). A level's
// spatial loops distribute its tile over its children and belong to its
// block; tiles are bounding boxes of the affine projections (halos and
// stride holes included).
//
// Temporal reuse is computed in closed form but counts the TRUE sequence of
// tiles (every iteration), not Timeloop's two-iteration extrapolation. For a
// child level c and its temporal loops above u1 (innermost) .. uK with ends
// e_k, the step of loop k (with all inner loops wrapping) translates c's
// tile by t_k = v_k - sum_{i<k} (e_i-1) v_i, where v_i is the data-space
// step of loop i. It happens N_k = (e_k-1) * prod_{i>k} e_i times. Let m* be
// the innermost loop whose translation is non-zero and a = t_{m*}. With
// delta(t) = |T| - |T intersect (T+t)|:
//
//   - Rule Head (Timeloop since a12fff5, 2025): stationary steps leave the
//     history alone, so
//     F = |T| + N_{m*} delta(a) + sum_{k>m*} N_k * (0 if t_k = 0,
//     delta(t_k) if t_k = a, |T| otherwise).
//   - Rule Pre2025 (the 2024 Timeloop CiMLoop used): a stationary streak is
//     a stride change. If m* is the innermost loop above c the formula is
//     Head's except that t_k = 0 costs |T|; otherwise every non-zero step
//     refetches the whole tile: F = |T| + sum_{k>=m*, t_k != 0} N_k |T|.
//
// Both follow from Timeloop's OperationSpace::SaveAndSubtractIfSameStride
// state machine applied to the odometer sequence (the derivation is in
// DESIGN.md next to this file). Temporal no-reuse (ir.Coalesce) makes
// F = |T| * prod e_k.
//
// Multicast groups are children whose deltas are identical, i.e. whose
// tiles have the same data-space offset; no-spatial-reuse makes every child
// its own group. Bypass and no-coalesce (ir.Pass) then promote accesses to
// the parent as Timeloop's MaskTiles does, and reads/fills/updates follow
// ComputeReadUpdateReductionAccesses_Legacy (first-read elision of partial
// sums unless rmw_first_update).
package nest
