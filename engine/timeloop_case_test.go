package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// The Timeloop reference cases (testdata/timeloop/*/case.json, described in
// testdata/timeloop/README.md). Tests read them from testdata/timeloop, or
// from the directory named by the environment variable CIMC_TIMELOOP_CASES.

type tlCase struct {
	Name                          string      `json:"name"`
	TemporalExtrapolationArtifact bool        `json:"temporal_extrapolation_artifact"`
	Problem                       tlProblem   `json:"problem"`
	Levels                        []tlLevel   `json:"levels"`
	Mapping                       []tlMapping `json:"mapping"`
	Expected                      *tlExpected `json:"expected"`
	ExpectedPre2025               *tlExpected `json:"expected_pre2025"`
	ExpectedNoExtrapolation       *tlExpected `json:"expected_no_temporal_extrapolation"`
}

type tlProblem struct {
	Name       string         `json:"name"`
	Dimensions map[string]int `json:"dimensions"`
	Order      []string       `json:"dimension_order"`
	Dataspaces []struct {
		Name       string     `json:"name"`
		ReadWrite  bool       `json:"read_write"`
		Projection [][][2]any `json:"projection"`
	} `json:"dataspaces"`
}

type tlLevel struct {
	Name           string             `json:"name"`
	Class          string             `json:"class"`
	Compute        bool               `json:"compute"`
	Instances      int                `json:"instances"`
	MeshX          int                `json:"mesh_x"`
	MeshY          int                `json:"mesh_y"`
	FanoutX        int                `json:"fanout_x"`
	FanoutY        int                `json:"fanout_y"`
	Depth          *int64             `json:"depth"`
	WordBits       int                `json:"word_bits"`
	BlockSize      int                `json:"block_size"`
	Keep           []string           `json:"keep"`
	NoCoalesce     []string           `json:"no_coalesce"`
	NoTemporal     []string           `json:"no_temporal_reuse"`
	NoSpatial      []string           `json:"no_spatial_reuse"`
	RMWFirstUpdate []string           `json:"rmw_first_update"`
	ReadBandwidth  *float64           `json:"read_bandwidth"`
	WriteBandwidth *float64           `json:"write_bandwidth"`
	Energy         map[string]float64 `json:"energy_per_action_pj"`
	AreaUM2        float64            `json:"area_um2"`
}

type tlMapping struct {
	Level    string  `json:"level"`
	Temporal [][]any `json:"temporal"`
	Spatial  [][]any `json:"spatial"`
}

type tlDS struct {
	Kept              bool    `json:"kept"`
	TileSize          int64   `json:"tile_size"`
	PartitionSize     int64   `json:"partition_size"`
	UtilizedInstances int64   `json:"utilized_instances"`
	Reads             int64   `json:"reads"`
	Fills             int64   `json:"fills"`
	Updates           int64   `json:"updates"`
	TR                int64   `json:"temporal_reductions"`
	ReadsPI           int64   `json:"reads_per_instance"`
	FillsPI           int64   `json:"fills_per_instance"`
	UpdatesPI         int64   `json:"updates_per_instance"`
	TRPI              int64   `json:"temporal_reductions_per_instance"`
	EnergyPJ          float64 `json:"energy_pj"`
	NetworkFanout     int64   `json:"network_fanout"`
	MulticastFactor   int64   `json:"multicast_factor"`
	SpatialReductions int64   `json:"spatial_reductions"`
}

type tlExpected struct {
	PerLevel    map[string]map[string]tlDS `json:"per_level"`
	LevelTotals map[string]struct {
		EnergyPJ  float64 `json:"energy_pj"`
		LeakagePJ float64 `json:"leakage_energy_pj"`
		Cycles    int64   `json:"cycles"`
		Slowdown  float64 `json:"bandwidth_slowdown"`
		AreaUM2   float64 `json:"area_um2"`
	} `json:"level_totals"`
	Compute struct {
		Computes    int64   `json:"computes"`
		Algorithmic int64   `json:"algorithmic_computes"`
		Utilized    int64   `json:"utilized_instances"`
		Cycles      int64   `json:"cycles"`
		EnergyPJ    float64 `json:"energy_pj"`
		AreaUM2     float64 `json:"area_um2"`
	} `json:"compute"`
	TotalEnergyPJ float64 `json:"total_energy_pj"`
	Cycles        int64   `json:"cycles"`
	MACs          int64   `json:"macs"`
	Utilization   float64 `json:"utilization"`
	AreaUM2       float64 `json:"area_um2"`
}

// pico converts pJ and um^2 to J and m^2.
const pico = 1e-12

// casesDir returns the directory of the reference cases.
func casesDir() string {
	if d := os.Getenv("CIMC_TIMELOOP_CASES"); d != "" {
		return d
	}
	return filepath.Join("testdata", "timeloop")
}

// loadCases reads every case.json below dir, sorted by name.
func loadCases(t testing.TB) []*tlCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(casesDir(), "*", "case.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no case.json found under %s", casesDir())
	sort.Strings(files)
	var cases []*tlCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		c := new(tlCase)
		require.NoError(t, json.Unmarshal(b, c), f)
		cases = append(cases, c)
	}
	return cases
}

func num(t testing.TB, n any) int {
	t.Helper()
	v, ok := n.(float64)
	require.True(t, ok, "expected a number, found %v", n)
	return int(v)
}

func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// toIR converts a case to the IR, a mapping and an energy table.
func toIR(t testing.TB, c *tlCase) (*ir.Problem, *ir.Arch, *ir.Mapping, *EnergyTable) {
	t.Helper()
	p := &ir.Problem{Name: c.Problem.Name, Instances: 1}
	for _, name := range c.Problem.Order {
		kind := ir.DimRegular
		p.Dims = append(p.Dims, ir.Dim{Name: name, Size: c.Problem.Dimensions[name], Kind: kind})
	}
	for _, ds := range c.Problem.Dataspaces {
		d := ir.Dataspace{Name: ds.Name, ReadWrite: ds.ReadWrite}
		for _, rank := range ds.Projection {
			var r ir.Rank
			for _, term := range rank {
				dim := p.DimIndex(term[0].(string))
				require.GreaterOrEqual(t, dim, 0, "unknown dimension %s", term[0])
				r = append(r, ir.Term{Dim: dim, Coef: num(t, term[1])})
			}
			d.Ranks = append(d.Ranks, r)
		}
		p.Dataspaces = append(p.Dataspaces, d)
	}
	a := &ir.Arch{Name: c.Name}
	tab := &EnergyTable{}
	for _, l := range c.Levels {
		lv := ir.Level{Name: l.Name, Class: l.Class, Instances: l.Instances, MeshX: l.MeshX, MeshY: l.MeshY,
			FanoutX: max(l.FanoutX, 1), FanoutY: max(l.FanoutY, 1), WordBits: l.WordBits, BlockSize: max(l.BlockSize, 1)}
		te := LevelEnergy{AreaM2: l.AreaUM2 * pico}
		if l.Compute {
			lv.Kind = ir.Compute
			te.Compute = l.Energy["compute"] * pico
		} else {
			switch {
			case len(l.Keep) == 0 && len(l.Name) > 6 && l.Name[:6] == "inter_":
				lv.Kind = ir.Container // CiMLoop's inter_<container>_spatial
			default:
				lv.Kind = ir.Storage
			}
			if l.Depth != nil && *l.Depth != 4294967295 { // CiMLoop's INF
				lv.Depth = *l.Depth
			}
			if l.ReadBandwidth != nil {
				lv.ReadBandwidth = *l.ReadBandwidth
			}
			if l.WriteBandwidth != nil {
				lv.WriteBandwidth = *l.WriteBandwidth
			}
			for _, ds := range p.Dataspaces {
				var pol ir.Policy
				if in(l.Keep, ds.Name) {
					switch {
					case in(l.NoCoalesce, ds.Name):
						pol.Temporal = ir.Pass
					case in(l.NoTemporal, ds.Name):
						pol.Temporal = ir.Coalesce
					default:
						pol.Temporal = ir.Keep
					}
				}
				if in(l.NoSpatial, ds.Name) {
					pol.Spatial = ir.NoReuse
				}
				pol.RMWFirstUpdate = in(l.RMWFirstUpdate, ds.Name)
				lv.Policies = append(lv.Policies, pol)
			}
			te.Read = l.Energy["read"] * pico
			te.Write = l.Energy["write"] * pico
			te.Update = l.Energy["update"] * pico
			te.Leak = l.Energy["leak"] * pico
		}
		a.Levels = append(a.Levels, lv)
		tab.Levels = append(tab.Levels, te)
	}
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, len(a.Levels))}
	for _, lm := range c.Mapping {
		i := -1
		for j := range a.Levels {
			if a.Levels[j].Name == lm.Level {
				i = j
			}
		}
		require.GreaterOrEqual(t, i, 0, "mapping names unknown level %s", lm.Level)
		for _, lp := range lm.Temporal {
			dim := p.DimIndex(lp[0].(string))
			require.GreaterOrEqual(t, dim, 0)
			m.Levels[i].Temporal = append(m.Levels[i].Temporal, ir.Loop{Dim: dim, Bound: num(t, lp[1])})
		}
		for _, lp := range lm.Spatial {
			dim := p.DimIndex(lp[0].(string))
			require.GreaterOrEqual(t, dim, 0)
			axis := ir.AxisX
			if lp[2].(string) == "Y" {
				axis = ir.AxisY
			}
			m.Levels[i].Spatial = append(m.Levels[i].Spatial, ir.Loop{Dim: dim, Bound: num(t, lp[1]), Spatial: true, Axis: axis})
		}
	}
	return p, a, m, tab
}

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
