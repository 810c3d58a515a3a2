package mapper

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// smallSearch is the number of evaluations below which MapNetwork runs a
// layer's search on one worker, side by side with other small ones.
const smallSearch = 200_000

// Layer is one layer of a network to map: its problem and its energy
// table (built once per layer from its value statistics).
type Layer struct {
	Problem *ir.Problem
	Table   *engine.EnergyTable
}

// MapNetwork maps every layer of a network on architecture a. Identical
// layers (same dimensions, projections, value models and energy table) are
// mapped once and share one *Result (Result.Layer is the first of them).
// Layers whose searches are small (at most 200,000 expected evaluations)
// are searched side by side, one worker each; larger ones one after the
// other on all workers. The results are in layer order and do not depend
// on the number of workers.
// A sampled search of layer i uses the seed opt.Seed mixed with i.
// Progress, when set, covers the whole network. A layer whose mapspace or
// search fails has a nil result and its diagnostics in the list.
func MapNetwork(ctx context.Context, a *ir.Arch, layers []Layer, opt Options) ([]*Result, diag.List) {
	var l diag.List
	out := make([]*Result, len(layers))
	first := map[string]int{}
	rep := make([]int, len(layers))
	plans := make([]*planned, len(layers))
	var total int64
	for i, ly := range layers {
		k := layerKey(ly)
		if j, ok := first[k]; ok {
			rep[i] = j
			continue
		}
		first[k] = i
		rep[i] = i
		s, dl := NewSpace(ly.Problem, a, opt.Space)
		l = append(l, dl...)
		if dl.HasErrors() {
			continue
		}
		o := opt
		o.Seed = splitmix(opt.Seed ^ uint64(i)*0x9e3779b97f4a7c15)
		pl, dl := plan(s, ly.Table, o)
		l = append(l, dl...)
		if dl.HasErrors() {
			continue
		}
		plans[i] = pl
		total += pl.total
	}
	// Small searches run side by side on one worker each, large ones one
	// after the other on all workers; results do not depend on either.
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var counter atomic.Int64
	done := make(chan struct{})
	var bg sync.WaitGroup
	if opt.Progress != nil {
		bg.Add(1)
		go func() {
			defer bg.Done()
			tk := time.NewTicker(100 * time.Millisecond)
			defer tk.Stop()
			for {
				select {
				case <-tk.C:
					opt.Progress(counter.Load(), total)
				case <-done:
					opt.Progress(counter.Load(), total)
					return
				}
			}
		}()
	}
	diags := make([]diag.List, len(layers))
	var small []int
	for i, pl := range plans {
		if pl == nil {
			continue
		}
		if pl.total <= smallSearch && workers > 1 {
			small = append(small, i)
			continue
		}
		out[i], diags[i] = pl.run(ctx, &counter, nil)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(small)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(small) {
					return
				}
				i := small[k]
				one := *plans[i]
				one.workers = 1
				out[i], diags[i] = one.run(ctx, &counter, nil)
			}
		}()
	}
	wg.Wait()
	close(done)
	bg.Wait()
	for i := range layers {
		l = append(l, diags[i]...)
		if out[i] != nil {
			out[i].Layer = i
		}
	}
	for i := range layers {
		out[i] = out[rep[i]]
	}
	return out, l
}

// layerKey identifies a layer for sharing: its dimensions, dataspaces with
// projections and value models, and its energy table.
func layerKey(ly Layer) string {
	var b strings.Builder
	p := ly.Problem
	for _, d := range p.Dims {
		fmt.Fprintf(&b, "%s:%d:%d;", d.Name, d.Size, d.Kind)
	}
	for _, ds := range p.Dataspaces {
		fmt.Fprintf(&b, "|%s %v %v", ds.Name, ds.ReadWrite, ds.Ranks)
		if v := ds.Value; v != nil {
			fmt.Fprintf(&b, " %d %q %v %d %d %d %d", v.Bits, v.Encoding, v.Histogram, v.SliceBits, v.Slices, v.BitDim, v.EncodedBits)
		}
	}
	if ly.Table != nil {
		fmt.Fprintf(&b, "|%v", ly.Table.Levels)
	}
	return b.String()
}
