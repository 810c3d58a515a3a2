package mapper

import (
	"context"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// benchSearch runs one search per iteration on the basic_analog ResNet18
// layer-1 mapspace (examples/basic_analog.cim) and reports evaluations per
// second of wall time and heap allocations per evaluation (setup included:
// mapspace, workers, the final engine evaluation).
func benchSearch(b *testing.B, mode Mode, budget int64, workers int) {
	p, a, tab := basicAnalog(b)
	s, dl := NewSpace(p, a, SpaceOptions{})
	require.False(b, dl.HasErrors(), "%v", dl)
	opt := Options{Mode: mode, Budget: budget, Workers: workers, Seed: 7}
	var evals int64
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	c0 := cpuNanos()
	b.ResetTimer()
	for b.Loop() {
		r, dl := MapSpace(context.Background(), s, tab, opt)
		if dl.HasErrors() || r == nil {
			b.Fatal(dl)
		}
		evals += r.Evaluated
	}
	sec := b.Elapsed().Seconds()
	cpu := float64(cpuNanos()-c0) / 1e9
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(evals)/sec, "evals/s")
	b.ReportMetric(float64(evals)/cpu, "evals/cpu-s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(evals), "allocs/eval")
}

// BenchmarkExhaustiveBasicAnalogL1 maps ResNet18 layer 1 on basic_analog
// exhaustively per iteration: 1024 factorizations, 37,944 counted
// evaluations (plus the uncounted 2,048 of the warm-up), proven optimal.
func BenchmarkExhaustiveBasicAnalogL1(b *testing.B) {
	b.Run("workers=1", func(b *testing.B) { benchSearch(b, Exhaustive, 0, 1) })
	b.Run("workers=all", func(b *testing.B) { benchSearch(b, Exhaustive, 0, 0) })
}

// BenchmarkRandomBasicAnalogL1 samples 100,000 mappings of the same
// mapspace per iteration: the steady-state evaluation rate.
func BenchmarkRandomBasicAnalogL1(b *testing.B) {
	b.Run("workers=1", func(b *testing.B) { benchSearch(b, Random, 100_000, 1) })
	b.Run("workers=all", func(b *testing.B) { benchSearch(b, Random, 100_000, 0) })
}

// BenchmarkEvaluateBasicAnalogL1 is the inner loop alone: one worker
// evaluating mappings of the mapspace (nest analysis, capacity check,
// roll-up) per op; it must not allocate. "full" cycles through 64 drawn
// factorizations, so every analysis starts from scratch; "reorder" cycles
// through the loop orders of one factorization, as the exhaustive search
// does between factorizations (the nest analysis then reuses the tiles).
func BenchmarkEvaluateBasicAnalogL1(b *testing.B) {
	p, a, tab := basicAnalog(b)
	s, dl := NewSpace(p, a, SpaceOptions{})
	require.False(b, dl.HasErrors(), "%v", dl)
	opt := Options{}
	var stop atomic.Bool
	run := func(b *testing.B, w *worker, next func(i int)) {
		b.ReportAllocs()
		c0 := cpuNanos()
		b.ResetTimer()
		i := 0
		for b.Loop() {
			next(i)
			w.evaluate(true)
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
		b.ReportMetric(float64(b.N)/(float64(cpuNanos()-c0)/1e9), "evals/cpu-s")
	}
	b.Run("full", func(b *testing.B) {
		w := newWorker(s, tab, &opt, nil, &stop)
		w.pcg.Seed(1, 2)
		var ms []ir.Mapping
		for len(ms) < 64 {
			if !w.draw() {
				continue
			}
			if _, ok := w.prepare(); ok {
				var m ir.Mapping
				for i := range w.m.Levels {
					m.Levels = append(m.Levels, ir.LevelMapping{
						Temporal: append([]ir.Loop(nil), w.m.Levels[i].Temporal...),
						Spatial:  append([]ir.Loop(nil), w.m.Levels[i].Spatial...)})
				}
				ms = append(ms, m)
			}
			w.undraw()
		}
		run(b, w, func(i int) { w.m, w.smod = ms[i%len(ms)], true })
	})
	b.Run("reorder", func(b *testing.B) {
		w := newWorker(s, tab, &opt, nil, &stop)
		w.pcg.Seed(1, 2)
		for {
			if w.draw() {
				if combos, ok := w.prepare(); ok && combos >= 16 {
					break
				}
			}
			w.undraw()
		}
		run(b, w, func(int) { w.nextOrder() })
	})
}

// cpuNanos is the process's user+system CPU time. On a loaded machine,
// evaluations per CPU-second measure the work better than wall time; with
// W busy workers the wall rate approaches W times it on idle cores.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
