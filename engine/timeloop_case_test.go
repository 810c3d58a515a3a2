package engine

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/cimc-lang/cimc/engine/internal/tlcase"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// The Timeloop reference cases (testdata/timeloop/*/case.json, described in
// testdata/timeloop/README.md). Tests read them from testdata/timeloop, or
// from the directory named by the environment variable CIMC_TIMELOOP_CASES.

// The case types and the conversion to the IR live in engine/internal/tlcase
// (shared with the mapper's tests).
type (
	tlCase     = tlcase.Case
	tlDS       = tlcase.DS
	tlExpected = tlcase.Expected
)

// casesDir returns the directory of the reference cases.
func casesDir() string {
	if d := os.Getenv("CIMC_TIMELOOP_CASES"); d != "" {
		return d
	}
	return filepath.Join("testdata", "timeloop")
}

// loadCases reads every case.json below casesDir, sorted by name.
func loadCases(t testing.TB) []*tlCase {
	t.Helper()
	cases, err := tlcase.Load(os.DirFS(casesDir()))
	require.NoError(t, err)
	require.NotEmpty(t, cases, "no case.json found under %s", casesDir())
	return cases
}

// toIR converts a case to the IR, a mapping and an energy table.
func toIR(t testing.TB, c *tlCase) (*ir.Problem, *ir.Arch, *ir.Mapping, *EnergyTable) {
	t.Helper()
	p, a, m, es, err := c.IR()
	require.NoError(t, err)
	tab := &EnergyTable{}
	for _, e := range es {
		tab.Levels = append(tab.Levels, LevelEnergy{Read: e.Read, Write: e.Write, Update: e.Update, Leak: e.Leak,
			Compute: e.Compute, AreaM2: e.AreaM2})
	}
	return p, a, m, tab
}

// pico converts pJ and um^2 to J and m^2.
const pico = 1e-12

// checker compares values and counts them.
type checker struct {
	t      *testing.T
	values int
	fails  int
}

func (c *checker) int(what string, got, want int64) {
	c.t.Helper()
	c.values++
	if got != want {
		c.fails++
		c.t.Errorf("%s: got %d, want %d", what, got, want)
	}
}

func (c *checker) bool(what string, got, want bool) {
	c.t.Helper()
	c.values++
	if got != want {
		c.fails++
		c.t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func (c *checker) float(what string, got, want float64) {
	c.t.Helper()
	c.values++
	if math.IsNaN(got) || math.IsInf(got, 0) || math.Abs(got-want) > 1e-9*math.Max(math.Abs(got), math.Abs(want)) {
		c.fails++
		c.t.Errorf("%s: got %.12g, want %.12g", what, got, want)
	}
}

// compare checks a Result against one expected block of a case.
func compare(ck *checker, c *tlCase, a *ir.Arch, p *ir.Problem, r *Result, exp *tlExpected) {
	for i, lv := range a.Levels {
		if lv.Kind == ir.Compute {
			continue
		}
		pl, ok := exp.PerLevel[lv.Name]
		if !ok {
			ck.t.Errorf("%s: no expected stats for level %s", c.Name, lv.Name)
			continue
		}
		for d, ds := range p.Dataspaces {
			e, ok := pl[ds.Name]
			if !ok {
				ck.t.Errorf("%s: no expected stats for %s/%s", c.Name, lv.Name, ds.Name)
				continue
			}
			g := r.Nest.Levels[i].DS[d]
			w := func(f string) string { return fmt.Sprintf("%s %s/%s %s", c.Name, lv.Name, ds.Name, f) }
			u := g.UtilizedInstances
			ck.bool(w("kept"), g.Kept, e.Kept)
			ck.int(w("tile_size"), g.TileSize, e.TileSize)
			ck.int(w("partition_size"), g.PartitionSize, e.PartitionSize)
			ck.int(w("utilized_instances"), u, e.UtilizedInstances)
			ck.int(w("reads"), g.Reads*u, e.Reads)
			ck.int(w("fills"), g.Fills*u, e.Fills)
			ck.int(w("updates"), g.Updates*u, e.Updates)
			ck.int(w("temporal_reductions"), g.TemporalReductions*u, e.TR)
			ck.int(w("reads_per_instance"), g.Reads, e.ReadsPI)
			ck.int(w("fills_per_instance"), g.Fills, e.FillsPI)
			ck.int(w("updates_per_instance"), g.Updates, e.UpdatesPI)
			ck.int(w("temporal_reductions_per_instance"), g.TemporalReductions, e.TRPI)
			ck.float(w("energy_pj"), r.Levels[i].DataspaceEnergyJ[d]/pico, e.EnergyPJ)
			ck.int(w("network_fanout"), g.NetworkFanout, e.NetworkFanout)
			ck.int(w("multicast_factor"), g.MulticastFactor, e.MulticastFactor)
			ck.int(w("spatial_reductions"), g.SpatialReductions, e.SpatialReductions)
		}
		lt, ok := exp.LevelTotals[lv.Name]
		if !ok {
			ck.t.Errorf("%s: no expected totals for level %s", c.Name, lv.Name)
			continue
		}
		w := func(f string) string { return fmt.Sprintf("%s %s %s", c.Name, lv.Name, f) }
		lr := &r.Levels[i]
		ck.float(w("energy_pj"), lr.EnergyJ/pico, lt.EnergyPJ)
		ck.float(w("leakage_energy_pj"), lr.LeakageJ/pico, lt.LeakagePJ)
		ck.int(w("cycles"), lr.Cycles, lt.Cycles)
		ck.float(w("bandwidth_slowdown"), lr.BandwidthSlowdown, lt.Slowdown)
		ck.float(w("area_um2"), lr.AreaM2/pico, lt.AreaUM2)
	}
	ci := len(a.Levels) - 1
	w := func(f string) string { return fmt.Sprintf("%s compute %s", c.Name, f) }
	ck.int(w("computes"), r.Computes, exp.Compute.Computes)
	ck.int(w("algorithmic_computes"), r.Nest.TemporalIterations*r.Nest.ComputeInstances, exp.Compute.Algorithmic)
	ck.int(w("utilized_instances"), r.Nest.ComputeInstances, exp.Compute.Utilized)
	ck.int(w("cycles"), r.ComputeCycles, exp.Compute.Cycles)
	ck.float(w("energy_pj"), r.Levels[ci].EnergyJ/pico, exp.Compute.EnergyPJ)
	ck.float(w("area_um2"), r.Levels[ci].AreaM2/pico, exp.Compute.AreaUM2)
	w = func(f string) string { return fmt.Sprintf("%s %s", c.Name, f) }
	ck.float(w("total_energy_pj"), r.EnergyJ/pico, exp.TotalEnergyPJ)
	ck.int(w("cycles"), r.Cycles, exp.Cycles)
	ck.int(w("macs"), r.Computes, exp.MACs)
	ck.float(w("utilization"), r.Utilization, exp.Utilization)
	ck.float(w("area_um2"), r.AreaM2/pico, exp.AreaUM2)
}

// TestTimeloopCases evaluates every Timeloop reference case and compares
// every count exactly and every energy to 1e-9 relative: under the default
// (2025) rule against expected_no_temporal_extrapolation where present and
// expected otherwise; under the pre-2025 rule against expected_pre2025 on
// every case not flagged temporal_extrapolation_artifact.
func TestTimeloopCases(t *testing.T) {
	cases := loadCases(t)
	for _, mode := range []nest.Rule{nest.RuleHead, nest.RulePre2025} {
		t.Run(mode.String(), func(t *testing.T) {
			ck := &checker{t: t}
			n := 0
			for _, c := range cases {
				exp := c.Expected
				if mode == nest.RuleHead && c.ExpectedNoExtrapolation != nil {
					exp = c.ExpectedNoExtrapolation
				}
				if mode == nest.RulePre2025 {
					if c.TemporalExtrapolationArtifact {
						continue
					}
					exp = c.ExpectedPre2025
				}
				require.NotNil(t, exp, c.Name)
				p, a, m, tab := toIR(t, c)
				ev, dl := NewEvaluator(p, a, tab)
				require.Empty(t, dl, c.Name)
				r, dl := ev.Evaluate(m, Options{Rule: mode})
				require.Empty(t, dl, "%s: %v", c.Name, dl)
				compare(ck, c, a, p, r, exp)
				n++
			}
			require.Positive(t, n, "no case checked")
			t.Logf("checked %d cases, %d values", n, ck.values)
		})
	}
}

// TestCaseMappingsRoundTrip prints every reference mapping in the .cim
// text form, parses it back and checks the evaluation is unchanged.
func TestCaseMappingsRoundTrip(t *testing.T) {
	for _, c := range loadCases(t) {
		p, a, m, tab := toIR(t, c)
		text := ir.FormatMapping(p, a, m)
		m2, dl := ir.ParseMapping(c.Name, text, p, a)
		require.Empty(t, dl, "%s:\n%s", c.Name, text)
		require.Equal(t, text, ir.FormatMapping(p, a, m2))
		ev, dl := NewEvaluator(p, a, tab)
		require.Empty(t, dl)
		r1, dl := ev.Evaluate(m, Options{})
		require.Empty(t, dl)
		e1, c1 := r1.EnergyJ, r1.Cycles
		r2, dl := ev.Evaluate(m2, Options{})
		require.Empty(t, dl)
		require.Equal(t, e1, r2.EnergyJ, c.Name)
		require.Equal(t, c1, r2.Cycles, c.Name)
	}
}
