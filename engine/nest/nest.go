package nest

import (
	"errors"
	"math/bits"
	"slices"

	"github.com/cimc-lang/cimc/ir"
)

// Fixed limits of the analyzer's arrays. Timeloop itself allows 5
// dataspaces (MAX_DATA_SPACES); CiMLoop hierarchies have about a dozen
// levels and eleven dimensions.
const (
	MaxLevels     = 32 // levels of an architecture, compute included
	MaxDims       = 24 // problem dimensions
	MaxDataspaces = 8  // dataspaces of a problem
	MaxRanks      = 8  // ranks of one dataspace
	MaxLoops      = 192
)

// Errors returned by New and Analyze. They describe input the caller should
// have rejected with a located diagnostic (see engine.Validate); the
// analyzer never panics on them.
var (
	ErrLimits  = errors.New("nest: problem or architecture exceeds the analyzer's fixed limits")
	ErrArch    = errors.New("nest: the architecture needs at least one storage level and exactly one compute level, last")
	ErrMapping = errors.New("nest: mapping does not match the architecture and problem (level count, dimension, bound or factor product)")
)

// Rule selects the temporal-reuse rule for sliding windows.
type Rule uint8

// Temporal-reuse rules (timeloop-semantics.md §3.2).
const (
	// RuleHead is Timeloop's rule since commit a12fff5 ("Translation fix
	// #297", 2025-01-21): stationary steps do not disturb the sliding-window
	// history. The default.
	RuleHead Rule = iota
	// RulePre2025 is the rule of the 2024 Timeloop that CiMLoop used: a
	// stationary streak counts as a stride change, so halo reuse survives
	// only when the sliding loop is the innermost non-unit loop above the
	// level. Use it for CiMLoop parity.
	RulePre2025
)

func (r Rule) String() string {
	if r == RulePre2025 {
		return "pre2025"
	}
	return "head"
}

// Options tune an analysis.
type Options struct {
	Rule Rule
}

// Stats is what one level does for one dataspace. Counts are per instance
// (Timeloop's "per-instance" scalar counts); multiply by UtilizedInstances
// for totals.
type Stats struct {
	// Kept: the level stores the dataspace (Keep, Coalesce or Pass).
	Kept bool
	// TileSize is the words of the dataspace one instance holds (Timeloop's
	// utilized capacity); PartitionSize the share of the tensor one
	// instance ever holds. Both 0 when the dataspace is not kept.
	TileSize, PartitionSize int64
	// UtilizedInstances is the product of the spatial factors above the
	// level.
	UtilizedInstances int64
	// Reads, Fills, Updates, TemporalReductions: scalar accesses per
	// instance.
	Reads, Fills, Updates, TemporalReductions int64
	// NetworkFanout is the number of children one instance feeds (the
	// product of the level's own spatial factors), MulticastFactor the
	// largest group of children served by one access, SpatialReductions
	// (read-write dataspace only) the sum over groups of (size-1) x
	// accesses, per instance. All 0 when the network carries nothing of
	// this dataspace (the level and every level above bypass it).
	NetworkFanout, MulticastFactor, SpatialReductions int64
}

// LevelStats holds a level's Stats per dataspace.
type LevelStats struct {
	DS [MaxDataspaces]Stats
	// SpatialFactor is the product of the level's spatial loop bounds.
	SpatialFactor int64
	// SpatialX, SpatialY are the products of its X and Y spatial bounds.
	SpatialX, SpatialY int64
}

// Result is the outcome of one analysis. Levels is indexed like
// ir.Arch.Levels; the compute level's entry is unused.
type Result struct {
	Levels        [MaxLevels]LevelStats
	NumLevels     int // len(Arch.Levels), compute included
	NumDataspaces int
	// Computes is the number of compute operations (every dimension, bit
	// dimensions included); ComputeInstances the utilized compute units;
	// TemporalIterations the computes per unit (the product of all
	// temporal bounds).
	Computes, ComputeInstances, TemporalIterations int64
}

type term struct {
	dim  int
	coef int64 // absolute value
}

type tloop struct {
	dim    int
	end    int64
	stride int64
}

type sloop struct {
	dim    int
	end    int64
	stride int64
}

// Analyzer analyzes mappings of one problem on one architecture. Build it
// once with New; Analyze reuses its arrays. An Analyzer is not safe for
// concurrent use: give each goroutine its own.
type Analyzer struct {
	nLev, nDim, nDS int // nLev = storage levels; compute is index nLev
	dimSize         [MaxDims]int64

	nRanks [MaxDataspaces]int
	coef   [MaxDataspaces][MaxDims][MaxRanks]int64 // coefficient of each dimension in each rank
	terms  [MaxDataspaces][MaxRanks][MaxDims]term
	nTerms [MaxDataspaces][MaxRanks]int
	rw     [MaxDataspaces]bool
	// relMask: dimensions that index the dataspace; mixed: per rank with
	// several dimensions, their mask (0 for single-dimension ranks).
	relMask [MaxDataspaces]uint64
	mixed   [MaxDataspaces][MaxRanks]uint64
	// rankMask: the dimensions of each rank; dimRanks: the ranks (bits)
	// each dimension indexes.
	rankMask [MaxDataspaces][MaxRanks]uint64
	dimRanks [MaxDataspaces][MaxDims]uint64

	kept, noCoalesce, noTR, noSR, rmw [MaxLevels][MaxDataspaces]bool
	// masked: levels (bits) that hand accesses to their parent (bypass or
	// no-coalesce); firstKept: the outermost level that keeps the
	// dataspace without no-coalesce (nLev when none).
	masked    [MaxDataspaces]uint64
	firstKept [MaxDataspaces]int
	// orderSens: the deepest level c whose delta sum dataspace computes
	// (kept, below firstKept); -1 when none. The counts of d depend on the
	// order of level l's loops only when l < orderSens[d].
	orderSens [MaxDataspaces]int

	// per-mapping scratch
	tl         [MaxLoops]tloop
	nT         int
	sl         [MaxLoops]sloop
	spStart    [MaxLevels]int
	spEnd      [MaxLevels]int
	aboveStart [MaxLevels]int   // first temporal loop (in tl) of the levels above
	prodAbove  [MaxLevels]int64 // product of the temporal bounds above
	prefix     [MaxLoops + 1]int64
	suf        [MaxLoops + 1]int64 // product of the bounds of tl[k:]
	spMask     [MaxLevels]uint64   // dimensions of each level's spatial loops
	tMask      [MaxLevels]uint64   // dimensions of each level's temporal loops
	sum        stepSummary         // summary of the loops above the current level
	sumStart   int                 // aboveStart the summary was computed for (-1: none)
	esp, et    [MaxLevels][MaxDims]int64
	rep        [MaxLevels + 1]int64
	pfan       [MaxLevels]int64

	f    [MaxLevels]int64 // words one child receives (its delta sum), before masking
	base [MaxLevels]int64 // accesses per multicast group
	cont [MaxLevels]int64

	// Order-independent per-dataspace data (tiles, multicast groups) of
	// the last mapping built from scratch.
	dc [MaxDataspaces]dsTiles

	// Incremental analysis: when a mapping differs from the last one only
	// in the order of some levels' temporal loops, Analyze rewrites those
	// loops in tl and keeps the rest (see reorder). tStart: first temporal
	// loop (in tl) of each level; tBound, tStride: bound and stride of the
	// level's temporal loop over each dimension in tMask; tDup: the level
	// has several temporal loops over one dimension (strides then depend
	// on their order: no incremental path); slAxis: axis of each spatial
	// loop; warm: the state describes the last successful analysis.
	warm    bool
	rule    Rule // of the last analysis
	tStart  [MaxLevels]int
	tBound  [MaxLevels][MaxDims]int64
	tStride [MaxLevels][MaxDims]int64
	tDup    [MaxLevels]bool
	slAxis  [MaxLoops]ir.Axis

	offs [][MaxRanks]int64 // scratch of enumerate

	res Result
}

// dsTiles is what the analysis of one dataspace needs from the tiles and
// the spatial loops alone, which do not depend on temporal loop order.
type dsTiles struct {
	ext   [MaxLevels][MaxRanks]int64 // tile extents, stored where they change
	extOf [MaxLevels]int             // the level whose ext holds level i's extents
	size  [MaxLevels]int64
	union [MaxLevels]int64
	ncls  [MaxLevels]int64 // multicast groups of the level's fanout
	maxm  [MaxLevels]int64 // largest group
	part  [MaxLevels]int64 // partition size
}

// New prepares an Analyzer for problem p on architecture a. The
// architecture's last level must be its only Compute level. Policies
// missing for a dataspace mean Bypass; Container levels keep nothing.
func New(p *ir.Problem, a *ir.Arch) (*Analyzer, error) {
	n := len(a.Levels)
	if n < 2 || n > MaxLevels {
		if n > MaxLevels {
			return nil, ErrLimits
		}
		return nil, ErrArch
	}
	for i := range a.Levels {
		if (a.Levels[i].Kind == ir.Compute) != (i == n-1) {
			return nil, ErrArch
		}
	}
	if len(p.Dims) > MaxDims || len(p.Dataspaces) > MaxDataspaces || len(p.Dataspaces) == 0 {
		return nil, ErrLimits
	}
	z := &Analyzer{nLev: n - 1, nDim: len(p.Dims), nDS: len(p.Dataspaces)}
	for d, dim := range p.Dims {
		if dim.Size < 1 {
			return nil, ErrLimits
		}
		z.dimSize[d] = int64(dim.Size)
	}
	for d, ds := range p.Dataspaces {
		if len(ds.Ranks) > MaxRanks {
			return nil, ErrLimits
		}
		z.nRanks[d] = len(ds.Ranks)
		z.rw[d] = ds.ReadWrite
		for r, rank := range ds.Ranks {
			for _, t := range rank {
				if t.Dim < 0 || t.Dim >= len(p.Dims) {
					return nil, ErrLimits
				}
				z.coef[d][t.Dim][r] += int64(t.Coef)
			}
			var rmask uint64
			for dim := 0; dim < z.nDim; dim++ {
				c := z.coef[d][dim][r]
				if c < 0 {
					c = -c
				}
				if c != 0 {
					z.terms[d][r][z.nTerms[d][r]] = term{dim, c}
					z.nTerms[d][r]++
					rmask |= 1 << uint(dim)
				}
			}
			z.relMask[d] |= rmask
			z.rankMask[d][r] = rmask
			for dim := 0; dim < z.nDim; dim++ {
				if rmask&(1<<uint(dim)) != 0 {
					z.dimRanks[d][dim] |= 1 << uint(r)
				}
			}
			if z.nTerms[d][r] > 1 {
				z.mixed[d][r] = rmask
			}
		}
	}
	for i := 0; i < z.nLev; i++ {
		l := &a.Levels[i]
		for d := 0; d < z.nDS; d++ {
			var pol ir.Policy
			if d < len(l.Policies) {
				pol = l.Policies[d]
			}
			z.noSR[i][d] = pol.Spatial == ir.NoReuse
			if l.Kind == ir.Container {
				continue // keeps nothing: CiMLoop's inter_*_spatial dummy
			}
			switch pol.Temporal {
			case ir.Keep:
				z.kept[i][d] = true
			case ir.Coalesce:
				z.kept[i][d] = true
				z.noTR[i][d] = true
			case ir.Pass:
				z.kept[i][d] = true
				z.noCoalesce[i][d] = true
			}
			z.rmw[i][d] = pol.RMWFirstUpdate
		}
	}
	for d := 0; d < z.nDS; d++ {
		z.firstKept[d] = z.nLev
		for i := z.nLev - 1; i >= 0; i-- {
			if !z.kept[i][d] || z.noCoalesce[i][d] {
				z.masked[d] |= 1 << uint(i)
			} else {
				z.firstKept[d] = i
			}
		}
	}
	for d := 0; d < z.nDS; d++ {
		for i := 0; i < z.nLev; i++ {
			z.res.Levels[i].DS[d].Kept = z.kept[i][d] // the other fixed fields are 0
		}
		z.orderSens[d] = -1
		for c := z.firstKept[d] + 1; c < z.nLev; c++ {
			if z.kept[c][d] {
				z.orderSens[d] = c
			}
		}
	}
	z.offs = make([][MaxRanks]int64, 0, 256)
	return z, nil
}

// Analyze counts the actions of mapping m. The returned Result is owned by
// the Analyzer and overwritten by the next call. Analyze does not check
// fanout limits or capacities (engine.Validate does); it returns ErrMapping
// when m does not fit the problem's dimensions exactly.
func (z *Analyzer) Analyze(m *ir.Mapping, opt Options) (*Result, error) {
	ok, moved := z.reorder(m)
	return z.analyze(m, ok, moved, opt)
}

// AnalyzeOrders is Analyze for a mapping m that differs from the last
// mapping this Analyzer analysed successfully at most in the loops of the
// levels in the bit set changed (bit i for level i); the loops of the
// other levels are not read again and must be unchanged. When the changed
// levels only reorder their temporal loops (each dimension at most once
// per level), the analysis reuses the tiles, multicast groups and
// partition sizes of the last one (the mapper's inner loop over the orders
// of a factorization); otherwise it is Analyze. The counts are Analyze's.
func (z *Analyzer) AnalyzeOrders(m *ir.Mapping, changed uint64, opt Options) (*Result, error) {
	if ok, moved := z.reorderLevels(m, changed); ok {
		return z.analyze(m, true, moved, opt)
	}
	return z.Analyze(m, opt)
}

// analyze finishes Analyze: from scratch unless reordered (reorder or
// reorderLevels succeeded), in which case only the dataspaces whose
// counts can depend on the order of the moved levels are recounted.
func (z *Analyzer) analyze(m *ir.Mapping, reordered bool, moved uint64, opt Options) (*Result, error) {
	if !reordered {
		z.warm = false
		if err := z.build(m); err != nil {
			return nil, err
		}
		for d := 0; d < z.nDS; d++ {
			z.prepare(d)
		}
		z.warm = true
	}
	res := &z.res
	res.NumLevels = z.nLev + 1
	res.NumDataspaces = z.nDS
	tt := z.prefix[z.nT]
	res.TemporalIterations = tt
	res.ComputeInstances = z.rep[z.nLev]
	res.Computes = tt * z.rep[z.nLev]
	for i := 0; i < z.nLev; i++ {
		lv := &res.Levels[i]
		lv.SpatialFactor = z.pfan[i]
	}
	// Only delta sums (fseq) of children at or below orderSens[d] read loop
	// orders (those of the levels above the child), and the rule.
	keep := reordered && opt.Rule == z.rule
	z.rule = opt.Rule
	for d := 0; d < z.nDS; d++ {
		if keep && bits.TrailingZeros64(moved) >= z.orderSens[d] {
			continue
		}
		z.dataspace(d, opt.Rule)
	}
	return res, nil
}

// build lays out the loop nest of m: loops innermost first, strides, the
// per-level cumulative bounds and instance counts.
func (z *Analyzer) build(m *ir.Mapping) error {
	if m == nil || len(m.Levels) != z.nLev+1 {
		return ErrMapping
	}
	if len(m.Levels[z.nLev].Temporal) != 0 || len(m.Levels[z.nLev].Spatial) != 0 {
		return ErrMapping
	}
	var cum [MaxDims]int64
	for d := 0; d < z.nDim; d++ {
		cum[d] = 1
	}
	nT, nS := 0, 0
	res := &z.res
	for i := z.nLev - 1; i >= 0; i-- {
		lm := &m.Levels[i]
		z.spStart[i] = nS
		px, py := int64(1), int64(1)
		for j := len(lm.Spatial) - 1; j >= 0; j-- {
			l := lm.Spatial[j]
			if l.Dim < 0 || l.Dim >= z.nDim || l.Bound < 1 {
				return ErrMapping
			}
			if l.Axis == ir.AxisY {
				py *= int64(l.Bound)
			} else {
				px *= int64(l.Bound)
			}
			if l.Bound == 1 {
				continue
			}
			if nS == MaxLoops {
				return ErrLimits
			}
			z.sl[nS] = sloop{l.Dim, int64(l.Bound), cum[l.Dim]}
			z.slAxis[nS] = l.Axis
			cum[l.Dim] *= int64(l.Bound)
			nS++
		}
		z.spEnd[i] = nS
		var mask uint64
		for k := z.spStart[i]; k < nS; k++ {
			mask |= 1 << uint(z.sl[k].dim)
		}
		z.spMask[i] = mask
		z.pfan[i] = px * py
		res.Levels[i].SpatialX, res.Levels[i].SpatialY = px, py
		if mask != 0 { // only levels with spatial loops retile from esp
			copy(z.esp[i][:z.nDim], cum[:z.nDim])
		}
		var tmask uint64
		z.tStart[i] = nT
		z.tDup[i] = false
		for j := len(lm.Temporal) - 1; j >= 0; j-- {
			l := lm.Temporal[j]
			if l.Dim < 0 || l.Dim >= z.nDim || l.Bound < 1 {
				return ErrMapping
			}
			if l.Bound == 1 {
				continue
			}
			if nT == MaxLoops {
				return ErrLimits
			}
			z.tl[nT] = tloop{l.Dim, int64(l.Bound), cum[l.Dim]}
			if tmask&(1<<uint(l.Dim)) != 0 {
				z.tDup[i] = true
			}
			z.tBound[i][l.Dim], z.tStride[i][l.Dim] = int64(l.Bound), cum[l.Dim]
			cum[l.Dim] *= int64(l.Bound)
			tmask |= 1 << uint(l.Dim)
			nT++
		}
		z.tMask[i] = tmask
		if tmask != 0 {
			copy(z.et[i][:z.nDim], cum[:z.nDim])
		}
		z.aboveStart[i] = nT
	}
	for d := 0; d < z.nDim; d++ {
		if cum[d] != z.dimSize[d] {
			return ErrMapping
		}
	}
	z.nT = nT
	z.products()
	for i := 0; i < z.nLev; i++ {
		z.prodAbove[i] = z.suf[z.aboveStart[i]]
	}
	z.rep[0] = 1
	for i := 0; i < z.nLev; i++ {
		z.rep[i+1] = z.rep[i] * z.pfan[i]
	}
	return nil
}

// products computes the prefix and suffix products of the temporal bounds.
func (z *Analyzer) products() {
	nT := z.nT
	z.prefix[0] = 1
	for k := 0; k < nT; k++ {
		z.prefix[k+1] = z.prefix[k] * z.tl[k].end
	}
	z.suf[nT] = 1
	for k := nT - 1; k >= 0; k-- {
		z.suf[k] = z.suf[k+1] * z.tl[k].end
	}
}

// reorder is the incremental path of Analyze: when the last analysis
// succeeded and m has the same spatial loops at every level and, at every
// level, the same temporal loops up to their order (each dimension at most
// once per level), it rewrites the temporal loops in tl and their
// products and reports true. Everything else build and prepare compute
// depends only on the bounds (cumulative products per level and
// dimension, spatial loops), not on the order within a level: the stride
// of a level's loop over a dimension is the product of that dimension's
// bounds below it, which is the same in every order when the dimension
// has one loop at the level. On false the state may be partly rewritten
// and the caller rebuilds it.
func (z *Analyzer) reorder(m *ir.Mapping) (bool, uint64) {
	return z.reorderLevels(m, 1<<uint(z.nLev)-1)
}

// reorderLevels is reorder checking only the levels in the bit set
// levels; the others must be unchanged since the last analysis. It also
// returns the levels whose loop order did change.
func (z *Analyzer) reorderLevels(m *ir.Mapping, levels uint64) (ok bool, moved uint64) {
	if !z.warm || m == nil || len(m.Levels) != z.nLev+1 || levels>>uint(z.nLev) != 0 {
		return false, 0
	}
	if lm := &m.Levels[z.nLev]; len(lm.Temporal) != 0 || len(lm.Spatial) != 0 {
		return false, 0
	}
	for ; levels != 0; levels &= levels - 1 {
		i := bits.TrailingZeros64(levels)
		ok, mv := z.reorderLevel(&m.Levels[i], i)
		if !ok {
			return false, 0
		}
		if mv {
			moved |= 1 << uint(i)
		}
	}
	return true, moved
}

// reorderLevel checks level i's loops for reorder and rewrites its
// temporal loops in tl and, when their order changed (moved), the prefix
// and suffix products over them: the products at the level's ends cover
// whole levels, which reorders do not change.
func (z *Analyzer) reorderLevel(lm *ir.LevelMapping, i int) (ok, moved bool) {
	nd := z.nDim
	k, end := z.spStart[i], z.spEnd[i]
	for j := len(lm.Spatial) - 1; j >= 0; j-- {
		l := &lm.Spatial[j]
		if l.Dim < 0 || l.Dim >= nd || l.Bound < 1 {
			return false, false
		}
		if l.Bound == 1 {
			continue
		}
		if k == end || z.sl[k].dim != l.Dim || z.sl[k].end != int64(l.Bound) || z.slAxis[k] != l.Axis {
			return false, false
		}
		k++
	}
	if k != end || z.tDup[i] {
		return false, false
	}
	k = z.tStart[i]
	var seen uint64
	tm := z.tMask[i]
	for j := len(lm.Temporal) - 1; j >= 0; j-- {
		l := &lm.Temporal[j]
		if l.Dim < 0 || l.Dim >= nd || l.Bound < 1 {
			return false, false
		}
		if l.Bound == 1 {
			continue
		}
		bit := uint64(1) << uint(l.Dim)
		if seen&bit != 0 || tm&bit == 0 || z.tBound[i][l.Dim] != int64(l.Bound) {
			return false, false
		}
		seen |= bit
		if z.tl[k].dim != l.Dim {
			moved = true
			z.tl[k] = tloop{l.Dim, int64(l.Bound), z.tStride[i][l.Dim]}
		}
		k++
	}
	if seen != tm {
		return false, false
	}
	if moved {
		for k := z.tStart[i]; k < z.aboveStart[i]; k++ {
			z.prefix[k+1] = z.prefix[k] * z.tl[k].end
		}
		for k := z.aboveStart[i] - 1; k >= z.tStart[i]; k-- {
			z.suf[k] = z.suf[k+1] * z.tl[k].end
		}
	}
	return true, moved
}

// prepare computes the order-independent data of dataspace d: its tiles
// and the multicast groups of every level's fanout.
func (z *Analyzer) prepare(d int) {
	z.tiles(d)
	dc := &z.dc[d]
	for i := 0; i < z.nLev; i++ {
		if z.pfan[i] == 1 {
			dc.ncls[i], dc.maxm[i] = 1, 1
		} else {
			z.groups(i, d)
		}
	}
	z.stats(d)
}

// tiles computes every level's tile of dataspace d (size, extents, and the
// union tile of its spatial run), innermost first, updating only the ranks
// the level's loops index (the compute level's tile is one point).
func (z *Analyzer) tiles(d int) {
	nl := z.nLev
	var ext [MaxRanks]int64
	nr := z.nRanks[d]
	for r := 0; r < nr; r++ {
		ext[r] = 1
	}
	sz := int64(1)
	rel := z.relMask[d]
	last := -1 // the level whose stored extents are the current ones
	dc := &z.dc[d]
	for i := nl - 1; i >= 0; i-- {
		changed := false
		if m := z.spMask[i] & rel; m != 0 {
			sz = z.retile(d, m, &z.esp[i], &ext)
			changed = true
		}
		dc.union[i] = sz
		if m := z.tMask[i] & rel; m != 0 {
			sz = z.retile(d, m, &z.et[i], &ext)
			changed = true
		}
		dc.size[i] = sz
		if changed || last < 0 {
			copy(dc.ext[i][:nr], ext[:nr])
			last = i
		}
		dc.extOf[i] = last
	}
}

// retile recomputes the extents of the ranks of dataspace d that index a
// dimension in mask, from the cumulative bounds cum, and returns the tile
// volume.
func (z *Analyzer) retile(d int, mask uint64, cum *[MaxDims]int64, ext *[MaxRanks]int64) int64 {
	v := int64(1)
	for r := 0; r < z.nRanks[d]; r++ {
		if z.rankMask[d][r]&mask != 0 {
			e := int64(1)
			for k := 0; k < z.nTerms[d][r]; k++ {
				t := z.terms[d][r][k]
				e += t.coef * (cum[t.dim] - 1)
			}
			ext[r] = e
		}
		v *= ext[r]
	}
	return v
}

// dataspace runs the order-dependent part of the analysis of one
// dataspace over all levels (prepare did the rest).
func (z *Analyzer) dataspace(d int, rule Rule) {
	nl := z.nLev
	z.sumStart = -1
	dc := &z.dc[d]
	first := z.firstKept[d]
	// Pass 1, inner to outer. f[i]: the words one child of level i receives
	// over the run (its delta sum F), before masking. base[i]: accesses
	// per multicast group at level i after MaskTiles: a bypassed or
	// no-coalesce child hands its own children's accesses up, so its
	// parent serves each group as often as the child was accessed. Pass 2
	// reads these for the levels from first down only.
	masked := z.masked[d]
	const unknown = -1
	var fc, contc int64 // f[c] and cont[c] of the child c = i+1
	for i := nl - 1; i >= first; i-- {
		c := i + 1
		var f int64
		switch {
		case i == nl-1:
			f = z.prefix[z.nT] // one word per compute
		case !z.kept[c][d]:
			f = unknown // bypassed child: F is never used
		case c < nl-1 && z.spMask[c]|z.tMask[c] == 0 && z.noTR[c][d] == z.noTR[c+1][d] && fc != unknown:
			f = fc // c owns no loops: same tile, same loops above
		default:
			f = z.fseq(c, d, rule)
		}
		base := f
		if c < nl && masked&(1<<uint(c)) != 0 {
			base = contc
		}
		fc, contc = f, base*dc.ncls[i]
		z.f[i], z.base[i], z.cont[i] = f, base, contc
	}
	// Pass 2: ComputeReadUpdateReductionAccesses_Legacy on the levels from
	// the first that really keeps the dataspace (the fields that do not
	// depend on loop order, and the zeros above first, are prepare's).
	for i := first; i < nl; i++ {
		st := &z.res.Levels[i].DS[d]
		if z.rw[d] {
			st.SpatialReductions = z.base[i] * (z.pfan[i] - dc.ncls[i])
		}
		if !z.kept[i][d] {
			continue
		}
		part := dc.part[i]
		c, a := z.cont[i], int64(0)
		if i > first {
			a = z.f[i-1]
		}
		if z.rw[d] {
			st.Updates = c
			switch {
			case z.noCoalesce[i][d]:
				st.Reads, st.Fills = c, c
			case z.rmw[i][d]:
				st.Reads, st.Fills = c, a
			default:
				st.Reads = c - part
				if i == first {
					st.Fills = a
				} else {
					st.Fills = a - part
				}
			}
			st.TemporalReductions = st.Reads
		} else {
			st.Reads, st.Fills, st.Updates, st.TemporalReductions = c, a, 0, 0
		}
	}
}

// stats sets the Stats fields of dataspace d that do not depend on loop
// order but on the factorization: partition sizes (from the unmasked
// tiles), instances, and, from the first level that really keeps the
// dataspace down (ProcessOuterMaskedLevels: the levels above carry nothing,
// not even network traffic; that level is never filled), network fanout,
// multicast and the kept tiles. Kept, and the fields that are always 0
// for (level, dataspace) because of the policies alone, New set once;
// dataspace writes the counts.
func (z *Analyzer) stats(d int) {
	nl := z.nLev
	dc := &z.dc[d]
	first := z.firstKept[d]
	part := dc.size[0]
	for i := 0; i < nl; i++ {
		if i > 0 {
			den := dc.size[i]
			if z.spEnd[i-1] > z.spStart[i-1] {
				den = dc.union[i-1]
			}
			if den != dc.size[i] {
				part = part * dc.size[i] / den
			}
		}
		dc.part[i] = part
		st := &z.res.Levels[i].DS[d]
		st.UtilizedInstances = z.rep[i]
		if i < first {
			continue
		}
		st.NetworkFanout = z.pfan[i]
		st.MulticastFactor = dc.maxm[i]
		if z.kept[i][d] {
			st.TileSize, st.PartitionSize = dc.size[i], part
		}
	}
}

// groups sets the multicast groups of level i's fanout for dataspace d:
// the number of groups and the largest group. Children whose tiles have the
// same data-space offset receive identical deltas and form one group.
func (z *Analyzer) groups(i, d int) {
	p := z.pfan[i]
	dc := &z.dc[d]
	switch {
	case p == 1:
		dc.ncls[i], dc.maxm[i] = 1, 1
		return
	case z.noSR[i][d]:
		dc.ncls[i], dc.maxm[i] = p, 1
		return
	}
	rel := int64(1)
	relMask := z.relMask[d]
	for k := z.spStart[i]; k < z.spEnd[i]; k++ {
		if relMask&(1<<uint(z.sl[k].dim)) != 0 {
			rel *= z.sl[k].end
		}
	}
	irr := p / rel
	// Fast path: in every rank the spatial loops index at most one
	// dimension, so distinct relevant indices give distinct offsets.
	sp := z.spMask[i]
	for r := 0; r < z.nRanks[d]; r++ {
		if m := z.mixed[d][r] & sp; m&(m-1) != 0 {
			z.enumerate(i, d, irr)
			return
		}
	}
	dc.ncls[i], dc.maxm[i] = rel, irr
}

func (z *Analyzer) relevantLoop(d, dim int) bool {
	return z.relMask[d]&(1<<uint(dim)) != 0
}

// enumerate groups the relevant spatial index combinations of level i by
// their data-space offset (slow path for ranks that mix dimensions, such as
// a sliding window spread over both P and R).
func (z *Analyzer) enumerate(i, d int, irr int64) {
	s0, s1 := z.spStart[i], z.spEnd[i]
	nr := z.nRanks[d]
	z.offs = z.offs[:0]
	var idx [MaxLoops]int64
	for {
		var off [MaxRanks]int64
		for r := 0; r < nr; r++ {
			for k := s0; k < s1; k++ {
				off[r] += z.coef[d][z.sl[k].dim][r] * z.sl[k].stride * idx[k-s0]
			}
		}
		z.offs = append(z.offs, off)
		// odometer over the relevant loops
		k := s0
		for ; k < s1; k++ {
			if !z.relevantLoop(d, z.sl[k].dim) {
				continue
			}
			idx[k-s0]++
			if idx[k-s0] < z.sl[k].end {
				break
			}
			idx[k-s0] = 0
		}
		if k == s1 {
			break
		}
	}
	slices.SortFunc(z.offs, func(a, b [MaxRanks]int64) int {
		for r := range a {
			if a[r] != b[r] {
				if a[r] < b[r] {
					return -1
				}
				return 1
			}
		}
		return 0
	})
	ncls, maxRun, run := int64(0), int64(0), int64(0)
	for j := range z.offs {
		if j == 0 || z.offs[j] != z.offs[j-1] {
			ncls++
			run = 0
		}
		run++
		maxRun = max(maxRun, run)
	}
	z.dc[d].ncls[i], z.dc[d].maxm[i] = ncls, maxRun*irr
}

// stepSummary condenses the temporal loops above a level for one
// dataspace (see the package doc): whether some step moves the tile (found),
// whether the first moving loop is the innermost loop above (mFirst), its
// translation ta, and the step counts by class: steps translating by ta
// (nA, the first moving loop's steps included), other moving steps
// (nOther) and stationary steps after the first move (nZero).
type stepSummary struct {
	found, mFirst     bool
	ta                [MaxRanks]int64
	nA, nOther, nZero int64
}

// summarize computes the step summary of the loops tl[k0:] for dataspace d.
func (z *Analyzer) summarize(k0, d int) {
	nr := z.nRanks[d]
	coef := &z.coef[d]
	dimRanks := &z.dimRanks[d]
	// w accumulates sum (e_i-1) v_i over the loops inside; t is the step's
	// translation. Only the ranks in wMask (w != 0) or indexed by the
	// loop's dimension can be non-zero; tMask marks the non-zero ones of t
	// (exactly: t is 0 outside it), taMask those of ta. Ranks are below
	// MaxRanks, so the index masks only drop bounds checks.
	var w, t, ta [MaxRanks]int64
	var wMask, tMask, taMask uint64
	found, mFirst := false, false
	var nA, nOther, nZero int64
	for k := k0; k < z.nT; k++ {
		lp := &z.tl[k]
		e := lp.end
		n := (e - 1) * z.suf[k+1]
		cf := &coef[lp.dim]
		act := dimRanks[lp.dim] | wMask
		for m := tMask &^ act; m != 0; m &= m - 1 {
			t[bits.TrailingZeros64(m)&(MaxRanks-1)] = 0
		}
		tMask = 0
		for m := act; m != 0; m &= m - 1 {
			r := bits.TrailingZeros64(m) & (MaxRanks - 1)
			v := cf[r] * lp.stride
			tr, wr := v-w[r], w[r]+(e-1)*v
			t[r], w[r] = tr, wr
			if tr != 0 {
				tMask |= 1 << uint(r)
			}
			if wr != 0 {
				wMask |= 1 << uint(r)
			} else {
				wMask &^= 1 << uint(r)
			}
		}
		switch {
		case !found:
			if tMask == 0 {
				continue
			}
			found, mFirst, ta, taMask, nA = true, k == k0, t, tMask, n
		case tMask == 0:
			nZero += n
		case tMask == taMask && sameVec(&t, &ta, nr):
			nA += n
		default:
			nOther += n
		}
	}
	z.sum = stepSummary{found: found, mFirst: mFirst, ta: ta, nA: nA, nOther: nOther, nZero: nZero}
}

// fseq returns the words level c receives from its parent over the whole
// run, per instance: the sum of its temporal deltas (see the package doc).
func (z *Analyzer) fseq(c, d int, rule Rule) int64 {
	dc := &z.dc[d]
	T := dc.size[c]
	if z.noTR[c][d] {
		return T * z.prodAbove[c]
	}
	k0 := z.aboveStart[c]
	if k0 == z.nT {
		return T
	}
	if z.sumStart != k0 {
		z.summarize(k0, d)
		z.sumStart = k0
	}
	sm := &z.sum
	if !sm.found {
		return T
	}
	if rule == RulePre2025 {
		if !sm.mFirst {
			return T + (sm.nA+sm.nOther)*T
		}
		return T + sm.nA*delta(T, &dc.ext[dc.extOf[c]], &sm.ta, z.nRanks[d]) + (sm.nOther+sm.nZero)*T
	}
	return T + sm.nA*delta(T, &dc.ext[dc.extOf[c]], &sm.ta, z.nRanks[d]) + sm.nOther*T
}

func sameVec(a, b *[MaxRanks]int64, n int) bool {
	for r := 0; r < n; r++ {
		if a[r] != b[r] {
			return false
		}
	}
	return true
}

// delta is |T \ (T - t)| for a box T of extents ext: the words a tile
// translated by t does not share with its previous position.
func delta(T int64, ext, t *[MaxRanks]int64, nr int) int64 {
	ov := int64(1)
	for r := 0; r < nr; r++ {
		a := t[r]
		if a < 0 {
			a = -a
		}
		x := ext[r] - a
		if x <= 0 {
			return T
		}
		ov *= x
	}
	return T - ov
}
