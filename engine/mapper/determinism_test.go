package mapper

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeterministicAcrossWorkers: the same seed gives the same best
// mapping, cost and evaluation count on 1, 2, 3 and 8 workers and with
// GOMAXPROCS 1, for exhaustive, hybrid and random search.
func TestDeterministicAcrossWorkers(t *testing.T) {
	cases := []struct {
		name  string
		mode  Mode
		sizes map[string]int // nil: the case's own sizes
	}{
		{"p03_conv2d_dilation2_rules_differ", Exhaustive, map[string]int{"C": 2, "M": 2, "R": 3, "P": 4, "S": 3}},
		{"p02_conv2d_stride2_3level", Hybrid, nil},
		{"p04_pointwise_batch4_bypass", Random, nil},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			var p *ir.Problem
			var a *ir.Arch
			for _, tc := range loadCases(t) {
				if tc.Name == c.name {
					p, a, _, _ = toIR(t, tc)
				}
			}
			require.NotNil(t, p)
			if c.sizes != nil {
				resize(p, c.sizes)
				for i := range p.Dims {
					if _, ok := c.sizes[p.Dims[i].Name]; !ok {
						p.Dims[i].Size = 1
					}
				}
			}
			tab := newUnitTable(a)
			for i := range tab.Levels { // distinct energies per level so ties are rare but possible
				tab.Levels[i].Read *= float64(i + 1)
			}
			run := func(workers int) (string, float64, int64) {
				r, dl := Map(context.Background(), p, a, tab, Options{Metric: EDP, Mode: c.mode, Seed: 42, Budget: 20_000, Workers: workers})
				require.False(t, dl.HasErrors(), "%v", dl)
				return ir.FormatMapping(p, a, r.Mapping), r.Cost, r.Evaluated
			}
			m1, c1, e1 := run(1)
			for _, w := range []int{2, 3, 8} {
				m, cst, e := run(w)
				assert.Equal(t, m1, m, "workers %d", w)
				assert.Equal(t, c1, cst, "workers %d", w)
				assert.Equal(t, e1, e, "workers %d", w)
			}
			prev := runtime.GOMAXPROCS(1)
			m, cst, e := run(0)
			runtime.GOMAXPROCS(prev)
			assert.Equal(t, m1, m, "GOMAXPROCS 1")
			assert.Equal(t, c1, cst)
			assert.Equal(t, e1, e)
			t.Logf("%s: %d evaluations, best EDP %.6g", c.mode, e1, c1)
		})
	}
}

// TestCancelAndProgress: cancelling the context (here from the progress
// callback, after the first report) stops the search with the best
// mapping so far, marked not optimal; progress calls come from one
// goroutine with nondecreasing counts, and the last one reports every
// evaluation.
func TestCancelAndProgress(t *testing.T) {
	var p *ir.Problem
	var a *ir.Arch
	for _, tc := range loadCases(t) {
		if tc.Name == "p02_conv2d_stride2_3level" {
			p, a, _, _ = toIR(t, tc)
		}
	}
	tab := newUnitTable(a)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var calls [][2]int64
	progress := func(ev, total int64) {
		mu.Lock()
		calls = append(calls, [2]int64{ev, total})
		mu.Unlock()
		if ev > 0 {
			cancel()
		}
	}
	r, dl := Map(ctx, p, a, tab, Options{Mode: Exhaustive, Progress: progress})
	require.False(t, dl.HasErrors(), "%v", dl)
	require.NotNil(t, r)
	assert.False(t, r.Optimal)
	assert.Less(t, float64(r.Evaluated), r.SpaceSize, "stopped early")
	require.NotEmpty(t, calls)
	for i := 1; i < len(calls); i++ {
		assert.LessOrEqual(t, calls[i-1][0], calls[i][0])
	}
	assert.Equal(t, r.Evaluated, calls[len(calls)-1][0])
	roundTrip(t, p, a, tab, r)

	// Uncancelled: the last report equals the evaluations.
	calls = nil
	r, dl = Map(context.Background(), p, a, tab, Options{Mode: Hybrid, Budget: 5000, Progress: func(ev, total int64) {
		mu.Lock()
		calls = append(calls, [2]int64{ev, total})
		mu.Unlock()
	}})
	require.False(t, dl.HasErrors())
	require.NotEmpty(t, calls)
	assert.Equal(t, r.Evaluated, calls[len(calls)-1][0])
	assert.Equal(t, int64(5000), calls[len(calls)-1][1])
}
