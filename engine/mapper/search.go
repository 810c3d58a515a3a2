package mapper

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Metric is what the search minimizes.
type Metric uint8

// Metrics.
const (
	// Energy minimizes the total energy (J).
	Energy Metric = iota
	// Latency minimizes the cycles (latency = cycles x cycle time).
	Latency
	// EDP minimizes energy x cycles.
	EDP
)

func (m Metric) String() string {
	switch m {
	case Latency:
		return "latency"
	case EDP:
		return "edp"
	}
	return "energy"
}

// ParseMetric reads "energy", "latency" (or "delay", "cycles") and "edp".
func ParseMetric(s string) (Metric, bool) {
	switch s {
	case "energy":
		return Energy, true
	case "latency", "delay", "cycles":
		return Latency, true
	case "edp":
		return EDP, true
	}
	return Energy, false
}

// Mode is the search algorithm.
type Mode uint8

// Modes.
const (
	// Auto searches exhaustively when the estimated number of canonical
	// mappings is at most Options.ExhaustiveLimit, else Hybrid.
	Auto Mode = iota
	// Exhaustive evaluates every canonical mapping (with sound pruning)
	// and proves the result optimal within the mapspace.
	Exhaustive
	// Random draws factorizations and loop orders at random.
	Random
	// Hybrid draws factorizations at random and evaluates all of their
	// canonical orders, or HybridOrders random ones when there are more.
	Hybrid
)

func (m Mode) String() string {
	switch m {
	case Exhaustive:
		return "exhaustive"
	case Random:
		return "random"
	case Hybrid:
		return "hybrid"
	}
	return "auto"
}

// ParseMode reads "auto", "exhaustive", "random" and "hybrid".
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "auto":
		return Auto, true
	case "exhaustive":
		return Exhaustive, true
	case "random":
		return Random, true
	case "hybrid":
		return Hybrid, true
	}
	return Auto, false
}

// Defaults of Options.
const (
	// DefaultBudget is the sampled search's budget in evaluations.
	DefaultBudget = 200_000
	// DefaultExhaustiveLimit is Auto's threshold in estimated evaluations.
	DefaultExhaustiveLimit = 5_000_000
	// HybridOrders is the number of orders Hybrid tries per factorization
	// when it has more canonical orders (Timeloop's
	// max_permutations_per_if_visit default).
	HybridOrders = 16
	// unitEvals is the evaluations of one unit of sampled work.
	unitEvals = 256
)

// Options tune a search.
type Options struct {
	Metric Metric
	Mode   Mode
	// Seed seeds the sampled searches (and Auto's size estimate).
	Seed uint64
	// Budget is the number of evaluations of a sampled search (0 =
	// DefaultBudget). A time budget is a deadline on the context.
	Budget int64
	// ExhaustiveLimit is Auto's threshold (0 = DefaultExhaustiveLimit).
	ExhaustiveLimit float64
	// Workers is the number of goroutines (0 = GOMAXPROCS). The result
	// does not depend on it.
	Workers int
	// Rule is the nest analysis' temporal-reuse rule.
	Rule nest.Rule
	// Space tunes mapspace construction.
	Space SpaceOptions
	// Progress, when set, is called from one goroutine at most every
	// 100 ms, and once at the end, with the evaluations so far and the
	// expected total (for exhaustive search an estimate, which the count
	// may pass: clamp the bar).
	Progress func(evaluated, total int64)
}

// Result is the outcome of a search.
type Result struct {
	// Mapping is the best mapping; ir.FormatMapping prints it and
	// ir.ParseMapping reads it back.
	Mapping *ir.Mapping
	// Eval is the engine's evaluation of Mapping (a copy owned by the
	// caller).
	Eval *engine.Result
	// Cost is the metric of Mapping: joules, cycles, or joules x cycles.
	Cost float64
	// Optimal is true when an exhaustive search finished: no mapping of
	// the mapspace is better.
	Optimal bool
	// Mode is the algorithm that ran (Auto resolved).
	Mode Mode
	// Evaluated counts nest analyses, Valid those whose tiles fit.
	Evaluated, Valid int64
	// SpaceSize estimates the canonical mappings of the mapspace.
	SpaceSize float64
	// Layer is, in MapNetwork, the index of the layer the search ran for
	// (identical layers share one Result).
	Layer int
	// Allocations are the factors the maximize groups fixed, in the order
	// they were resolved.
	Allocations []Allocation
}

// Map searches the best mapping of problem p on architecture a with energy
// table t. Errors are located diagnostics; when the context is cancelled
// the best mapping found so far is returned with Optimal false.
func Map(ctx context.Context, p *ir.Problem, a *ir.Arch, t *engine.EnergyTable, opt Options) (*Result, diag.List) {
	s, l := NewSpace(p, a, opt.Space)
	if l.HasErrors() {
		return nil, l
	}
	r, l2 := MapSpace(ctx, s, t, opt)
	return r, append(l, l2...)
}

// MapSpace searches a mapspace built by NewSpace.
func MapSpace(ctx context.Context, s *Space, t *engine.EnergyTable, opt Options) (*Result, diag.List) {
	pl, l := plan(s, t, opt)
	if l.HasErrors() {
		return nil, l
	}
	var counter atomic.Int64
	return pl.run(ctx, &counter, opt.Progress)
}

// key identifies a mapping of a space: the factorization index of every
// dimension, then the order index of every level. Keys are compared
// lexicographically to break ties.
type key struct {
	fac [nest.MaxDims]int32
	ord [nest.MaxLevels]int32
}

func keyLess(a, b *key) bool {
	for i := range a.fac {
		if a.fac[i] != b.fac[i] {
			return a.fac[i] < b.fac[i]
		}
	}
	for i := range a.ord {
		if a.ord[i] != b.ord[i] {
			return a.ord[i] < b.ord[i]
		}
	}
	return false
}

// cand is a candidate mapping and its cost.
type cand struct {
	ok   bool
	cost float64
	key  key
}

// better reports whether a is better than b (lower cost, then lower key).
func better(a, b *cand) bool {
	if !a.ok {
		return false
	}
	if !b.ok {
		return true
	}
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	return keyLess(&a.key, &b.key)
}

// planned is a search ready to run.
type planned struct {
	s       *Space
	t       *engine.EnergyTable
	opt     Options
	mode    Mode
	total   int64
	size    float64
	workers int
	orders  *orderCache // shared by the plan's workers (and copies of the plan)
}

// orderCache memoizes Space.genOrders for all the workers of a search, so
// each order set is built once rather than once per worker. Workers keep
// their own map in front of it; it is locked only on their misses.
type orderCache struct {
	mu sync.Mutex
	m  map[uint64]*orderSet
}

// get returns the order set of level i over the dimensions in mask.
func (c *orderCache) get(s *Space, i int, mask uint64) *orderSet {
	k := uint64(i)<<58 | mask
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.m[k]
	if !ok {
		o = s.genOrders(i, mask)
		c.m[k] = o
	}
	return o
}

// worker returns a new worker sharing the plan's order cache.
func (pl *planned) worker(counter *atomic.Int64, stop *atomic.Bool) *worker {
	w := newWorker(pl.s, pl.t, &pl.opt, counter, stop)
	w.shared = pl.orders
	return w
}

func plan(s *Space, t *engine.EnergyTable, opt Options) (*planned, diag.List) {
	var l diag.List
	if t == nil || len(t.Levels) != len(s.arch.Levels) {
		l.Errorf(s.arch.Src, diag.Internal, "energy table does not match architecture %q", s.arch.Name)
		return nil, l
	}
	if _, dl := engine.NewEvaluator(s.prob, s.arch, t); dl.HasErrors() {
		return nil, dl
	}
	pl := &planned{s: s, t: t, opt: opt, mode: opt.Mode, orders: &orderCache{m: map[uint64]*orderSet{}}}
	pl.workers = opt.Workers
	if pl.workers <= 0 {
		pl.workers = runtime.GOMAXPROCS(0)
	}
	if opt.Budget <= 0 {
		pl.opt.Budget = DefaultBudget
	}
	if opt.ExhaustiveLimit <= 0 {
		pl.opt.ExhaustiveLimit = DefaultExhaustiveLimit
	}
	w := pl.worker(nil, nil)
	pl.size = w.estimate()
	if pl.mode == Auto {
		pl.mode = Hybrid
		if pl.size <= pl.opt.ExhaustiveLimit {
			pl.mode = Exhaustive
		}
	}
	if pl.mode == Exhaustive {
		pl.total = int64(math.Min(pl.size, math.MaxInt64/2))
	} else {
		pl.total = pl.opt.Budget
	}
	return pl, l
}

// run executes the plan, adding its evaluations to counter as it goes;
// when progress is set it reports counter against the plan's total.
func (pl *planned) run(ctx context.Context, counter *atomic.Int64, progress func(int64, int64)) (*Result, diag.List) {
	var l diag.List
	s := pl.s
	var stop atomic.Bool
	done := make(chan struct{})
	var bg sync.WaitGroup
	bg.Add(1)
	go func() { // cancellation and progress
		defer bg.Done()
		var tick <-chan time.Time
		if progress != nil {
			tk := time.NewTicker(100 * time.Millisecond)
			defer tk.Stop()
			tick = tk.C
		}
		for {
			select {
			case <-ctx.Done():
				stop.Store(true)
				ctx = context.Background() // report once; keep pacing progress
			case <-tick:
				progress(counter.Load(), pl.total)
			case <-done:
				if progress != nil {
					progress(counter.Load(), pl.total)
				}
				return
			}
		}
	}()
	var best cand
	var evals, valid int64
	complete := false
	switch pl.mode {
	case Exhaustive:
		best, evals, valid, complete = pl.exhaustive(counter, &stop)
	default:
		best, evals, valid = pl.sampled(counter, &stop)
	}
	close(done)
	bg.Wait()
	if !best.ok {
		msg := "no valid mapping: every factorization exceeds a fanout or a capacity"
		if stop.Load() {
			msg = "search stopped before finding a valid mapping"
		}
		e := l.Errorf(s.arch.Src, diag.NoValidMapping, "%s (layer %q)", msg, s.prob.Name)
		e.Help = fmt.Sprintf("factorizations per dimension: %s", s.describe())
		return nil, l
	}
	w := pl.worker(nil, nil)
	m := w.decode(&best.key)
	ev, dl := engine.NewEvaluator(s.prob, s.arch, pl.t)
	if dl.HasErrors() {
		return nil, dl
	}
	r, dl := ev.Evaluate(m, engine.Options{Rule: pl.opt.Rule})
	if dl.HasErrors() {
		for i := range dl {
			dl[i].Code = diag.Internal
			dl[i].Message = "mapper built an invalid mapping: " + dl[i].Message
		}
		return nil, dl
	}
	return &Result{Mapping: m, Eval: r.Clone(), Cost: best.cost, Optimal: complete && pl.mode == Exhaustive && !stop.Load(),
		Mode: pl.mode, Evaluated: evals, Valid: valid, SpaceSize: pl.size, Allocations: s.Allocations}, l
}

// warmUnits is the number of sampled units whose best is the exhaustive
// search's initial incumbent.
const warmUnits = 8

// exhaustive runs the exhaustive search over a fixed list of
// factorization prefixes. Pruning uses a deterministic incumbent (a short
// seeded warm-up, then each item's own best), so the counts as well as the
// result do not depend on the schedule. Both phases run on all workers;
// the warm-up's evaluations are not counted (they are not part of the
// mapspace's enumeration).
func (pl *planned) exhaustive(counter *atomic.Int64, stop *atomic.Bool) (cand, int64, int64, bool) {
	s := pl.s
	wks := make([]*worker, pl.workers)
	for i := range wks {
		wks[i] = pl.worker(counter, stop)
	}
	warm := math.Inf(1)
	if s.orderMatter || pl.opt.Metric != Energy {
		units := make([]cand, warmUnits)
		parallel(wks, warmUnits, stop, func(wk *worker, u int) {
			e, v, t := wk.evals, wk.valid, wk.sinceTick
			wk.counter = nil
			wk.unit(u, unitEvals, &units[u], Hybrid)
			wk.counter = counter
			wk.evals, wk.valid, wk.sinceTick = e, v, t
		})
		var c cand
		for u := range units {
			if better(&units[u], &c) {
				c = units[u]
			}
		}
		if c.ok {
			warm = c.cost
		}
	}
	items, depth := pl.prefixes(wks[0])
	n := 1
	if depth > 0 {
		n = len(items) / depth
	}
	res := make([]cand, n)
	parallel(wks, n, stop, func(wk *worker, it int) {
		wk.best = cand{}
		wk.warm = warm
		for d := 0; d < depth; d++ {
			wk.apply(d, int(items[it*depth+d]))
		}
		wk.dfs(depth)
		for d := depth - 1; d >= 0; d-- {
			wk.unapply(d)
		}
		res[it] = wk.best
	})
	var best cand
	for i := range res {
		if better(&res[i], &best) {
			best = res[i]
		}
	}
	var evals, valid int64
	for _, wk := range wks {
		wk.flush()
		evals += wk.evals
		valid += wk.valid
	}
	return best, evals, valid, !stop.Load()
}

// parallel runs f(worker, j) for j = 0..n-1 on the workers, each taking
// the next j when it is done, until all are done or stop is set.
func parallel(wks []*worker, n int, stop *atomic.Bool, f func(wk *worker, j int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, wk := range wks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(next.Add(1) - 1)
				if j >= n || stop.Load() {
					return
				}
				f(wk, j)
			}
		}()
	}
	wg.Wait()
}

// prefixItems is the number of work items prefixes aims at. It does not
// depend on the number of workers: each item prunes with its own best, so
// the items, and with them the evaluation counts, must be the same on any
// number of workers.
const prefixItems = 256

// prefixes splits the factorizations into work items: the choices of the
// first dimensions that pass the partial fanout check, depth choices per
// item, flat.
func (pl *planned) prefixes(w *worker) ([]int32, int) {
	s := pl.s
	items := []int32{}
	n, depth := 1, 0
	for d := 0; d < s.nDim && n < prefixItems; d++ {
		if n*s.nChoice[d] > 1<<20 {
			break
		}
		next := make([]int32, 0, n*s.nChoice[d]*(d+1))
		for j := 0; j < n; j++ {
			it := items[j*d : (j+1)*d]
			for x := 0; x < d; x++ {
				w.apply(x, int(it[x]))
			}
			for c := 0; c < s.nChoice[d]; c++ {
				if w.apply(d, c) {
					next = append(append(next, it...), int32(c))
				}
				w.unapply(d)
			}
			for x := d - 1; x >= 0; x-- {
				w.unapply(x)
			}
		}
		items = next
		depth = d + 1
		n = len(items) / depth
	}
	return items, depth
}

// sampled runs Random or Hybrid over fixed units of work.
func (pl *planned) sampled(counter *atomic.Int64, stop *atomic.Bool) (cand, int64, int64) {
	budget := pl.opt.Budget
	if pl.mode == Hybrid {
		budget -= budget / 2 // the other half goes to the descent
	}
	units := int((budget + unitEvals - 1) / unitEvals)
	res := make([]cand, units)
	var next atomic.Int64
	var evals, valid atomic.Int64
	var wg sync.WaitGroup
	for wi := 0; wi < pl.workers; wi++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := pl.worker(counter, stop)
			for {
				u := int(next.Add(1) - 1)
				if u >= units || stop.Load() {
					break
				}
				n := min(int64(unitEvals), budget-int64(u)*unitEvals)
				var c cand
				wk.unit(u, n, &c, pl.mode)
				res[u] = c
			}
			wk.flush()
			evals.Add(wk.evals)
			valid.Add(wk.valid)
		}()
	}
	wg.Wait()
	var best cand
	for i := range res {
		if better(&res[i], &best) {
			best = res[i]
		}
	}
	ev, va := evals.Load(), valid.Load()
	if pl.mode != Hybrid || !best.ok {
		return best, ev, va
	}
	// Descend from the best unit results in turn (restarts) while the
	// budget lasts.
	starts := make([]cand, 0, len(res))
	for _, c := range res {
		if c.ok {
			starts = append(starts, c)
		}
	}
	sort.Slice(starts, func(i, j int) bool { return better(&starts[i], &starts[j]) })
	for _, st := range starts {
		left := pl.opt.Budget - ev
		if left <= 0 || stop.Load() {
			break
		}
		b, e, v := pl.descend(st, left, counter, stop)
		ev, va = ev+e, va+v
		if better(&b, &best) {
			best = b
		}
	}
	return best, ev, va
}

// descentChunk is the number of choices of one dimension a worker tries
// as one unit of the descent.
const descentChunk = 32

// descend improves best by coordinate descent over the factorization: for
// one dimension at a time, every other factorization of that dimension is
// tried (with tryOrders) and the best kept; sweeps repeat until nothing
// improves or the budget is spent. Chunks of choices are spread over the
// workers and reduced in chunk order, and the budget is checked between
// dimensions, so the result is deterministic.
func (pl *planned) descend(best cand, budget int64, counter *atomic.Int64, stop *atomic.Bool) (cand, int64, int64) {
	s := pl.s
	var evals, valid int64
	workers := make([]*worker, pl.workers)
	for i := range workers {
		workers[i] = pl.worker(counter, stop)
	}
	for sweep := 0; evals < budget && !stop.Load(); sweep++ {
		improved := false
		for d := 0; d < s.nDim && evals < budget && !stop.Load(); d++ {
			n := s.nChoice[d]
			if n == 1 {
				continue
			}
			chunks := (n + descentChunk - 1) / descentChunk
			res := make([]cand, chunks)
			used := make([]int64, chunks)
			var next atomic.Int64
			var wg sync.WaitGroup
			base := best
			for _, wk := range workers {
				wg.Add(1)
				go func(wk *worker) {
					defer wg.Done()
					for d2 := 0; d2 < s.nDim; d2++ {
						wk.apply(d2, int(base.key.fac[d2]))
					}
					for {
						ch := int(next.Add(1) - 1)
						if ch >= chunks || stop.Load() {
							break
						}
						wk.best = cand{}
						e0 := wk.evals
						for c := ch * descentChunk; c < min(n, (ch+1)*descentChunk); c++ {
							if c == int(base.key.fac[d]) {
								continue
							}
							wk.unapply(d)
							if !wk.apply(d, c) {
								continue
							}
							combos, ok := wk.prepare()
							if !ok {
								continue
							}
							wk.pcg.Seed(pl.opt.Seed^uint64(sweep)<<40, uint64(d)<<32|uint64(c))
							wk.cur.key.fac = wk.fac
							wk.tryOrders(combos, HybridOrders)
						}
						res[ch] = wk.best
						used[ch] = wk.evals - e0
					}
					wk.undraw()
				}(wk)
			}
			wg.Wait()
			for ch := range res {
				evals += used[ch]
				if better(&res[ch], &best) {
					best = res[ch]
					improved = true
				}
			}
		}
		if !improved {
			break
		}
	}
	for _, wk := range workers {
		wk.flush()
		valid += wk.valid
	}
	return best, evals, valid
}

// worker holds one goroutine's buffers: the analyzer, the cost model, the
// mapping being built and the current factorization.
type worker struct {
	s    *Space
	cm   *costModel
	an   *nest.Analyzer
	opt  *Options
	nopt nest.Options
	m    ir.Mapping

	fac  [nest.MaxDims]int32
	tf   [nest.MaxLevels][nest.MaxDims]int32
	sf   [nest.MaxLevels][nest.MaxDims]int32
	sp   [nest.MaxLevels]int64 // product of spatial factors per level
	yMsk [nest.MaxLevels]uint64
	sets [nest.MaxLevels]*orderSet
	ord  [nest.MaxLevels]int32
	// sdirty, tdirty: the level's spatial or temporal factors (or axes)
	// changed since its loops were last written.
	sdirty, tdirty [nest.MaxLevels]bool
	// tmod: the levels whose temporal loops were rewritten since the last
	// analysis; smod: some spatial loops were (see evaluate).
	tmod uint64
	smod bool

	cache  map[uint64]*orderSet
	shared *orderCache // nil: build order sets locally

	best     cand
	cur      cand
	warm     float64
	computeE float64 // energy of the computes: a lower bound on the energy

	evals, valid int64
	sinceTick    int64
	counter      *atomic.Int64
	stop         *atomic.Bool

	pcg rand.PCG
	rng *rand.Rand
}

func newWorker(s *Space, t *engine.EnergyTable, opt *Options, counter *atomic.Int64, stop *atomic.Bool) *worker {
	an, err := nest.New(s.prob, s.arch)
	if err != nil {
		panic("mapper: nest.New failed after NewEvaluator accepted the inputs: " + err.Error())
	}
	w := &worker{s: s, cm: newCostModel(s, t), an: an, opt: opt, nopt: nest.Options{Rule: opt.Rule},
		cache: map[uint64]*orderSet{}, counter: counter, stop: stop, warm: math.Inf(1)}
	w.rng = rand.New(&w.pcg)
	w.computeE = float64(s.ops) * t.Levels[len(t.Levels)-1].Compute
	w.m.Levels = make([]ir.LevelMapping, len(s.arch.Levels))
	for i := 0; i < s.nLev; i++ {
		w.m.Levels[i].Temporal = make([]ir.Loop, 0, s.nDim)
		w.m.Levels[i].Spatial = make([]ir.Loop, 0, s.nDim)
		for d := 0; d < s.nDim; d++ {
			w.tf[i][d], w.sf[i][d] = 1, 1
		}
		w.sp[i] = 1
		w.sdirty[i], w.tdirty[i] = true, true
	}
	return w
}

// apply sets dimension d's factorization to choice c and reports whether
// every level's spatial product still fits its fanout.
func (w *worker) apply(d, c int) bool {
	s := w.s
	w.fac[d] = int32(c)
	ns := len(s.slots)
	row := s.choices[d][c*ns : (c+1)*ns]
	ok := true
	for _, j := range s.free[d] {
		f := row[j]
		sl := s.slots[j]
		if sl.kind == temporal {
			if w.tf[sl.level][d] != f {
				w.tf[sl.level][d] = f
				w.tdirty[sl.level] = true
			}
		} else {
			if w.sf[sl.level][d] != f {
				w.sf[sl.level][d] = f
				w.sdirty[sl.level] = true
			}
			w.sp[sl.level] *= int64(f)
			if w.sp[sl.level] > int64(s.fanX[sl.level]*s.fanY[sl.level]) {
				ok = false
			}
		}
	}
	return ok
}

// unapply undoes apply(d, ·).
func (w *worker) unapply(d int) {
	s := w.s
	for _, j := range s.free[d] {
		sl := s.slots[j]
		if sl.kind == spatial {
			if f := w.sf[sl.level][d]; f != 1 {
				w.sp[sl.level] /= int64(f)
				w.sf[sl.level][d] = 1
				w.sdirty[sl.level] = true
			}
		} else if w.tf[sl.level][d] != 1 {
			w.tf[sl.level][d] = 1
			w.tdirty[sl.level] = true
		}
	}
}

// dfs enumerates the factorizations of dimensions d.. and evaluates them.
func (w *worker) dfs(d int) {
	s := w.s
	if d == s.nDim {
		w.factorization()
		return
	}
	for c := 0; c < s.nChoice[d]; c++ {
		if w.stop.Load() {
			return
		}
		if w.apply(d, c) && !w.prunePartial(d+1) {
			w.dfs(d + 1)
		}
		w.unapply(d)
	}
}

// prunePartial reports whether no completion of the dimensions assigned so
// far (0..next-1) can beat the incumbent on latency or EDP: cycles are at
// least the computes over the largest number of compute instances the
// spatial factors can still reach, and energy at least the compute energy.
func (w *worker) prunePartial(next int) bool {
	if w.opt.Metric == Energy {
		return false
	}
	s := w.s
	inst := int64(1)
	for i := 0; i < s.nLev; i++ {
		if s.sSlot[i] >= 0 {
			inst *= min(w.sp[i]*s.sufMax[i][next], int64(s.fanX[i]*s.fanY[i]))
		}
	}
	lb := float64(ceilDiv(s.ops, inst))
	if w.opt.Metric == EDP {
		lb *= w.computeE
	}
	return lb > min(w.warm, w.bestCost())
}

// axes assigns every level's spatial dimensions to X or Y so the products
// fit the fanout; false when no assignment fits.
func (w *worker) axes() bool {
	s := w.s
	for i := 0; i < s.nLev; i++ {
		old := w.yMsk[i]
		ok := w.axesOf(i)
		if w.yMsk[i] != old {
			w.sdirty[i] = true
		}
		if !ok {
			return false
		}
	}
	return true
}

// axesOf assigns level i's spatial dimensions to axes (see axes).
func (w *worker) axesOf(i int) bool {
	s := w.s
	w.yMsk[i] = 0
	if s.sSlot[i] < 0 || w.sp[i] == 1 {
		return true
	}
	fx, fy := int64(s.fanX[i]), int64(s.fanY[i])
	switch {
	case fy == 1:
		if w.sp[i] > fx {
			return false
		}
	case fx == 1:
		if w.sp[i] > fy {
			return false
		}
		for d := 0; d < s.nDim; d++ {
			if w.sf[i][d] > 1 {
				w.yMsk[i] |= 1 << uint(d)
			}
		}
	default:
		var dims [nest.MaxDims]int
		k := 0
		for d := 0; d < s.nDim; d++ {
			if w.sf[i][d] > 1 {
				dims[k] = d
				k++
			}
		}
		found := false
		for ym := uint64(0); ym < 1<<uint(k); ym++ { // fewest on Y first
			x, y := int64(1), int64(1)
			var msk uint64
			for j := 0; j < k; j++ {
				if ym>>uint(j)&1 == 1 {
					y *= int64(w.sf[i][dims[j]])
					msk |= 1 << uint(dims[j])
				} else {
					x *= int64(w.sf[i][dims[j]])
				}
			}
			if x <= fx && y <= fy {
				w.yMsk[i] = msk
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// orders looks up (or builds, once per worker) the canonical orders of
// level i for the current temporal factors.
func (w *worker) orders(i int) *orderSet {
	var mask uint64
	for d := 0; d < w.s.nDim; d++ {
		if w.tf[i][d] > 1 {
			mask |= 1 << uint(d)
		}
	}
	k := uint64(i)<<58 | mask
	o, ok := w.cache[k]
	if !ok {
		if w.shared != nil {
			o = w.shared.get(w.s, i, mask)
		} else {
			o = w.s.genOrders(i, mask)
		}
		w.cache[k] = o
	}
	return o
}

// buildSpatial writes the spatial loops of every level: Y loops, then X
// loops, each in spatial order-constraint order, then by dimension.
func (w *worker) buildSpatial() {
	s := w.s
	for i := 0; i < s.nLev; i++ {
		if !w.sdirty[i] {
			continue
		}
		w.sdirty[i] = false
		w.smod = true
		sl := w.m.Levels[i].Spatial[:0]
		if s.sSlot[i] >= 0 && w.sp[i] > 1 {
			for pass := 0; pass < 2; pass++ {
				axis := ir.AxisY
				if pass == 1 {
					axis = ir.AxisX
				}
				for _, d := range s.spEmit[i] {
					if w.sf[i][d] > 1 && (w.yMsk[i]>>uint(d)&1 == 1) == (axis == ir.AxisY) {
						sl = append(sl, ir.Loop{Dim: d, Bound: int(w.sf[i][d]), Spatial: true, Axis: axis})
					}
				}
			}
		}
		w.m.Levels[i].Spatial = sl
	}
}

// buildTemporal writes level i's temporal loops in order word j.
func (w *worker) buildTemporal(i int) {
	w.tmod |= 1 << uint(i)
	tl := w.m.Levels[i].Temporal[:0]
	if o := w.sets[i]; o != nil && o.k > 0 {
		for _, d := range o.word(int(w.ord[i])) {
			tl = append(tl, ir.Loop{Dim: int(d), Bound: int(w.tf[i][d])})
		}
	}
	w.m.Levels[i].Temporal = tl
}

// evaluate analyses the mapping in w.m; ok is false when its tiles do not
// fit (only checked when checkCap).
func (w *worker) evaluate(checkCap bool) (cost, lb float64, ok bool) {
	w.evals++
	w.sinceTick++
	if w.sinceTick == 64 && w.counter != nil {
		w.counter.Add(64)
		w.sinceTick = 0
	}
	// w.m changed since the last analysis only where buildSpatial and
	// buildTemporal wrote it: AnalyzeOrders reuses the rest when those
	// changes are loop orders only.
	var nr *nest.Result
	var err error
	if w.smod {
		nr, err = w.an.Analyze(&w.m, w.nopt)
	} else {
		nr, err = w.an.AnalyzeOrders(&w.m, w.tmod, w.nopt)
	}
	w.tmod, w.smod = 0, false
	if err != nil {
		return 0, 0, false
	}
	if checkCap && !w.cm.fits(nr) {
		return 0, 0, false
	}
	w.valid++
	e, cyc, lbE := w.cm.eval(nr, checkCap)
	ccyc := float64(0)
	if nr.ComputeInstances > 0 {
		ccyc = float64(ceilDiv(nr.Computes, nr.ComputeInstances))
	}
	switch w.opt.Metric {
	case Latency:
		return float64(cyc), ccyc, true
	case EDP:
		return e * float64(cyc), lbE * ccyc, true
	}
	return e, lbE, true
}

// prepare sets the axes, spatial loops and order sets of the current
// factorization; false when the spatial factors cannot be placed.
func (w *worker) prepare() (combos int64, ok bool) {
	s := w.s
	if !w.axes() {
		return 0, false
	}
	w.buildSpatial()
	combos = 1
	for i := 0; i < s.nLev; i++ {
		if s.tSlot[i] < 0 {
			continue
		}
		if w.tdirty[i] {
			w.tdirty[i] = false
			w.sets[i] = w.orders(i)
			w.ord[i] = 0
			w.buildTemporal(i)
		} else if w.ord[i] != 0 {
			w.ord[i] = 0
			w.buildTemporal(i)
		}
		combos *= int64(max(w.sets[i].count, 1))
	}
	return combos, true
}

// factorization evaluates every canonical order of the current
// factorization (exhaustive search), skipping the rest when the first
// order's bound shows none can win.
func (w *worker) factorization() {
	combos, ok := w.prepare()
	if !ok {
		return
	}
	w.cur.key.fac = w.fac
	cost, lb, ok := w.evaluate(true)
	if !ok {
		return // tiles do not depend on order: no order fits
	}
	w.consider(cost)
	if combos == 1 {
		return
	}
	inc := min(w.warm, w.bestCost())
	if lb > inc {
		return // no order of this factorization can win
	}
	s := w.s
	for {
		// odometer: the innermost level varies fastest
		i := s.nLev - 1
		for ; i >= 0; i-- {
			if w.sets[i] == nil || w.sets[i].count <= 1 {
				continue
			}
			w.ord[i]++
			if int(w.ord[i]) < w.sets[i].count {
				w.buildTemporal(i)
				break
			}
			w.ord[i] = 0
			w.buildTemporal(i)
		}
		if i < 0 {
			return
		}
		if w.evals&63 == 0 && w.stop.Load() {
			return
		}
		if cost, _, ok := w.evaluate(false); ok {
			w.consider(cost)
		}
	}
}

// flush adds the evaluations not yet counted to the shared counter.
func (w *worker) flush() {
	if w.counter != nil {
		w.counter.Add(w.sinceTick)
		w.sinceTick = 0
	}
}

func (w *worker) bestCost() float64 {
	if w.best.ok {
		return w.best.cost
	}
	return math.Inf(1)
}

// consider compares the mapping just evaluated with the best; the key is
// built only when the cost does not lose outright.
func (w *worker) consider(cost float64) {
	if w.best.ok && cost > w.best.cost {
		return
	}
	w.cur.ok = true
	w.cur.cost = cost
	w.cur.key.ord = w.ord
	if better(&w.cur, &w.best) {
		w.best = w.cur
	}
}

// draw sets a random factorization (each dimension's choice drawn
// uniformly, then the first choice from there that keeps the fanouts);
// false when it dead-ends.
func (w *worker) draw() bool {
	s := w.s
	for d := 0; d < s.nDim; d++ {
		n := s.nChoice[d]
		start := w.rng.IntN(n)
		placed := false
		for j := 0; j < n; j++ {
			c := (start + j) % n
			if w.apply(d, c) {
				placed = true
				break
			}
			w.unapply(d)
		}
		if !placed {
			for x := d - 1; x >= 0; x-- {
				w.unapply(x)
			}
			return false
		}
	}
	return true
}

func (w *worker) undraw() {
	for d := w.s.nDim - 1; d >= 0; d-- {
		w.unapply(d)
	}
}

// unit runs one unit of sampled search with n evaluations, seeded by the
// options' seed and the unit index, and folds its best into c.
func (w *worker) unit(u int, n int64, c *cand, mode Mode) {
	w.pcg.Seed(w.opt.Seed, splitmix(uint64(u)+0x9e3779b97f4a7c15))
	w.best = cand{}
	start := w.evals
	fails := 0
	for w.evals-start < n && fails < 1000 {
		if w.stop.Load() {
			break
		}
		if !w.draw() {
			fails++
			continue
		}
		combos, ok := w.prepare()
		if !ok {
			w.undraw()
			fails++
			continue
		}
		fails = 0
		w.cur.key.fac = w.fac
		if mode == Random {
			w.randomOrder()
			if cost, _, ok := w.evaluate(true); ok {
				w.consider(cost)
			}
			w.undraw()
			continue
		}
		w.tryOrders(combos, n-(w.evals-start))
		w.undraw()
	}
	if better(&w.best, c) {
		*c = w.best
	}
}

// tryOrders evaluates the prepared factorization: all its canonical orders
// when there are at most HybridOrders, else HybridOrders random ones
// (Timeloop's random_pruned), within n evaluations.
func (w *worker) tryOrders(combos, n int64) {
	if n <= 0 {
		return
	}
	start := w.evals
	cost, _, ok := w.evaluate(true)
	if !ok {
		return
	}
	w.consider(cost)
	if combos <= HybridOrders {
		for k := int64(1); k < combos && w.evals-start < n; k++ {
			w.nextOrder()
			if cost, _, ok := w.evaluate(false); ok {
				w.consider(cost)
			}
		}
		return
	}
	for k := 1; k < HybridOrders && w.evals-start < n; k++ {
		w.randomOrder()
		if cost, _, ok := w.evaluate(false); ok {
			w.consider(cost)
		}
	}
}

func (w *worker) randomOrder() {
	for i := 0; i < w.s.nLev; i++ {
		if o := w.sets[i]; o != nil && o.count > 1 {
			w.ord[i] = int32(w.rng.IntN(o.count))
			w.buildTemporal(i)
		}
	}
}

func (w *worker) nextOrder() {
	for i := w.s.nLev - 1; i >= 0; i-- {
		o := w.sets[i]
		if o == nil || o.count <= 1 {
			continue
		}
		w.ord[i]++
		if int(w.ord[i]) < o.count {
			w.buildTemporal(i)
			return
		}
		w.ord[i] = 0
		w.buildTemporal(i)
	}
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// decode rebuilds the mapping of a key into a fresh ir.Mapping.
func (w *worker) decode(k *key) *ir.Mapping {
	s := w.s
	for d := 0; d < s.nDim; d++ {
		w.apply(d, int(k.fac[d]))
	}
	w.prepare()
	for i := 0; i < s.nLev; i++ {
		w.ord[i] = k.ord[i]
		w.buildTemporal(i)
	}
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, len(w.m.Levels))}
	for i := range w.m.Levels {
		m.Levels[i].Temporal = append([]ir.Loop(nil), w.m.Levels[i].Temporal...)
		m.Levels[i].Spatial = append([]ir.Loop(nil), w.m.Levels[i].Spatial...)
	}
	w.undraw()
	return m
}

// estimate returns the expected number of evaluations of an exhaustive
// search: the factorizations that pass the fanout checks (counted when
// there are few, else estimated from a seeded sample) times their mean
// number of canonical orders.
func (w *worker) estimate() float64 {
	s := w.s
	total := s.Size()
	w.pcg.Seed(w.opt.Seed, 0x5eed)
	const samples = 512
	hits := 0
	var orders float64
	for k := 0; k < samples; k++ {
		ok := true
		for d := 0; d < s.nDim; d++ {
			if !w.apply(d, w.rng.IntN(s.nChoice[d])) {
				ok = false
			}
		}
		if ok {
			if !s.orderMatter {
				if w.axes() {
					hits++
					orders++
				}
			} else if combos, pok := w.prepare(); pok {
				hits++
				orders += float64(combos)
			}
		}
		w.undraw()
	}
	if hits == 0 {
		return total // cannot tell: assume every factorization
	}
	return total * float64(hits) / samples * orders / float64(hits)
}
