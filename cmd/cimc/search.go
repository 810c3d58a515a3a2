package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// search maps every layer with the mapper. Ctrl-C stops the search
// promptly; the best mappings so far are reported with search.optimal
// false. A progress bar is drawn on stderr when it is a terminal and the
// output is not JSON.
func search(prog *ir.Program, layers []mapper.Layer, o *options, eopt engine.Options, stderr io.Writer) ([]layerRun, diag.List, int) {
	metric, ok := mapper.ParseMetric(o.metric)
	if !ok {
		fmt.Fprintf(stderr, "cimc run: unknown metric %q (want energy, latency or edp)\n", o.metric)
		return nil, nil, exitUsage
	}
	mode, ok := mapper.ParseMode(o.mode)
	if !ok {
		fmt.Fprintf(stderr, "cimc run: unknown search mode %q (want auto, exhaustive, hybrid or random)\n", o.mode)
		return nil, nil, exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
		defer cancel()
	}
	mopt := mapper.Options{Metric: metric, Mode: mode, Seed: uint64(o.seed), Budget: o.budget, Rule: eopt.Rule}
	var bar *progressBar
	if !o.json && !o.noProgress && isTerminal(stderr) {
		bar = &progressBar{w: stderr, start: time.Now()}
		mopt.Progress = bar.update
	}
	results, errs := mapper.MapNetwork(ctx, prog.Arch, layers, mopt)
	if bar != nil {
		bar.done()
	}
	if ctx.Err() != nil {
		// Stopped (Ctrl-C or -timeout): layers the search never reached get
		// a short seeded hybrid search, uninterruptible and bounded, so the
		// report still covers every layer; none of them is marked optimal.
		var kept diag.List
		for _, d := range errs {
			if d.Code != diag.NoValidMapping {
				kept = append(kept, d)
			}
		}
		errs = kept
		quick := mopt
		quick.Mode, quick.Budget, quick.Progress = mapper.Hybrid, stopBudget, nil
		for i := range results {
			if results[i] != nil {
				continue
			}
			r, d := mapper.Map(context.Background(), layers[i].Problem, prog.Arch, layers[i].Table, quick)
			errs = append(errs, d...)
			if r != nil {
				r.Optimal = false
				r.Layer = i
				results[i] = r
			}
		}
	}
	if errs.HasErrors() {
		return nil, errs, exitOK
	}
	runs := make([]layerRun, 0, len(layers))
	for i, r := range results {
		if r == nil {
			errs.Errorf(layers[i].Problem.Src, diag.NoValidMapping, "no valid mapping found for layer %q", layers[i].Problem.Name)
			continue
		}
		ev, valid := r.Evaluated, r.Valid
		if r.Layer != i {
			ev, valid = 0, 0 // mapped once with an identical earlier layer
		}
		runs = append(runs, layerRun{prob: layers[i].Problem, mapping: r.Mapping, res: r.Eval,
			search: reportSearch{Metric: metric.String(), MappingsEvaluated: ev, MappingsValid: valid,
				Optimal: r.Optimal, Seed: o.seed}})
	}
	if ctx.Err() != nil && !o.json {
		fmt.Fprintln(stderr, "cimc run: search stopped early; reporting the best mappings found so far (not proven optimal)")
	}
	return runs, errs, exitOK
}

// stopBudget is the evaluations of the quick search given, after a stop,
// to each layer the interrupted search never reached.
const stopBudget = 2000

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[#####     ] 52% 1.2M evals 3.4s" on one line.
type progressBar struct {
	w     io.Writer
	start time.Time
	drawn bool
}

func (b *progressBar) update(done, total int64) {
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%% %d evals %.1fs", strings.Repeat("#", n), strings.Repeat(" ", width-n),
		100*frac, done, time.Since(b.start).Seconds())
	b.drawn = true
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
	}
}
