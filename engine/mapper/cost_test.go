package mapper

import (
	"testing"

	"github.com/cimc-lang/cimc/engine"
	"github.com/stretchr/testify/require"
)

// TestCostMatchesEngine: the search's own roll-up (no re-validation) gives
// exactly the engine's energy and cycles, bit for bit, on random mappings
// of every Timeloop reference case (bandwidth limits, leakage, block sizes,
// bypass, CiM pass levels) and under CiMLoop's cim_unit capacity.
func TestCostMatchesEngine(t *testing.T) {
	for _, c := range loadCases(t) {
		p, a, _, tab := toIR(t, c)
		s, dl := NewSpace(p, a, SpaceOptions{AllowPassLoops: true})
		require.False(t, dl.HasErrors(), "%v", dl)
		ev, dl := engine.NewEvaluator(p, a, tab)
		require.Empty(t, dl)
		opt := Options{}
		w := newWorker(s, tab, &opt, nil, nil)
		w.pcg.Seed(11, 12)
		n := 0
		for tries := 0; tries < 20000 && n < 300; tries++ {
			if !w.draw() {
				continue
			}
			if _, ok := w.prepare(); ok {
				w.randomOrder()
				nr, err := w.an.Analyze(&w.m, w.nopt)
				require.NoError(t, err)
				r, dl := ev.Evaluate(&w.m, engine.Options{})
				if w.cm.fits(nr) {
					require.Empty(t, dl)
					e, cyc, _ := w.cm.eval(nr, true)
					require.Equal(t, r.EnergyJ, e, c.Name)
					require.Equal(t, r.Cycles, cyc, c.Name)
					n++
				} else {
					require.NotEmpty(t, dl, "engine accepts a mapping the capacity check rejects")
				}
			}
			w.undraw()
		}
		require.Positive(t, n, c.Name)
	}
}
