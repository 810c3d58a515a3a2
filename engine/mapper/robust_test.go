package mapper

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/stretchr/testify/require"
)

// TestRandomConstraintsRobust: random constraint sets (factors of every
// kind and value, factors only, orders, no_iteration, must_iterate,
// maximize groups with and without capacity, must-reuse policies) never
// panic; each search either returns a mapping the engine accepts and that
// respects the fixed factors, or only diagnostics with known codes.
func TestRandomConstraintsRobust(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	names := []string{"p01_conv1d_2level_handcheck", "p02_conv2d_stride2_3level", "p06_matmul_4level_underutilized", "p12_cim_input_buffer_rules_differ"}
	var cases []*tlCase
	for _, c := range loadCases(t) {
		for _, n := range names {
			if c.Name == n {
				cases = append(cases, c)
			}
		}
	}
	ok, errs := 0, 0
	for it := 0; it < 300; it++ {
		c := cases[it%len(cases)]
		p, a, _, tab := toIR(t, c)
		nd, nds := len(p.Dims), len(p.Dataspaces)
		randCons := func() ir.LoopConstraints {
			var lc ir.LoopConstraints
			for k := rng.IntN(2); k > 0; k-- {
				lc.Factors = append(lc.Factors, ir.Factor{Dim: rng.IntN(nd), Op: ir.FactorOp(rng.IntN(3)), Value: rng.IntN(10) - 1})
			}
			lc.FactorsOnly = rng.IntN(5) == 0
			if rng.IntN(4) == 0 {
				lc.Order = rng.Perm(nd)[:rng.IntN(nd)+1]
			}
			if rng.IntN(5) == 0 {
				lc.NoIterationOver = []int{rng.IntN(nds)}
			}
			if rng.IntN(6) == 0 {
				lc.MustIterateOver = []int{rng.IntN(nds)}
			}
			if rng.IntN(4) == 0 {
				lc.MaximizeDims = [][]int{rng.Perm(nd)[:rng.IntN(3)+1]}
				lc.MaximizeCapacity = rng.IntN(3) * 8
			}
			return lc
		}
		for i := 0; i < len(a.Levels)-1; i++ {
			if rng.IntN(3) == 0 {
				a.Levels[i].Constraints.Temporal = randCons()
			}
			if rng.IntN(3) == 0 {
				a.Levels[i].Constraints.Spatial = randCons()
			}
			if rng.IntN(6) == 0 && len(a.Levels[i].Policies) > 0 {
				a.Levels[i].Policies[rng.IntN(nds)].Spatial = ir.MustReuse
			}
		}
		r, dl := Map(context.Background(), p, a, tab, Options{Metric: Metric(rng.IntN(3)), Budget: 2000, ExhaustiveLimit: 20000, Seed: uint64(it)})
		for _, d := range dl {
			_, known := diag.Known[d.Code]
			require.True(t, known, "unknown code in %v", d)
			require.NotEmpty(t, d.Message)
		}
		if dl.HasErrors() {
			require.Nil(t, r)
			errs++
			continue
		}
		require.NotNil(t, r)
		require.Empty(t, engine.Validate(p, a, r.Mapping))
		s, _ := NewSpace(p, a, SpaceOptions{})
		require.True(t, inSpace(s, r.Mapping), "%s", ir.FormatMapping(p, a, r.Mapping))
		ok++
	}
	t.Logf("%d searches succeeded, %d reported errors", ok, errs)
	require.Positive(t, ok)
	require.Positive(t, errs)
}
