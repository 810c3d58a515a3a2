package mapper

import (
	"context"
	"fmt"
	"strings"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Layer is one layer of a network to map: its problem and its energy
// table (built once per layer from its value statistics).
type Layer struct {
	Problem *ir.Problem
	Table   *engine.EnergyTable
}

// MapNetwork maps every layer of a network on architecture a. Identical
// layers (same dimensions, projections, value models and energy table) are
// mapped once and share one *Result (Result.Layer is the first of them).
// Layers are searched one after the other, each on all workers; the
// results are in layer order and do not depend on the number of workers.
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
	var done int64
	for i := range layers {
		pl := plans[i]
		if rep[i] != i || pl == nil {
			continue
		}
		var prog func(int64, int64)
		if opt.Progress != nil {
			base := done
			prog = func(ev, tot int64) { opt.Progress(base+ev, tot) }
			r, dl := pl.run(ctx, prog, 0, total-pl.total)
			l = append(l, dl...)
			out[i] = r
		} else {
			r, dl := pl.run(ctx, nil, 0, 0)
			l = append(l, dl...)
			out[i] = r
		}
		if out[i] != nil {
			out[i].Layer = i
			done += out[i].Evaluated
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
			fmt.Fprintf(&b, " %d %q %v %d %d %d", v.Bits, v.Encoding, v.Histogram, v.SliceBits, v.Slices, v.BitDim)
		}
	}
	if ly.Table != nil {
		fmt.Fprintf(&b, "|%v", ly.Table.Levels)
	}
	return b.String()
}
