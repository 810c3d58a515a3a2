package mapper

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// The Timeloop reference cases of engine/testdata/timeloop (read in
// place; engine/testdata/timeloop/README.md describes case.json). The
// converter is a copy of engine/timeloop_case_test.go's toIR, trimmed to
// what the mapper tests need.

type tlCase struct {
	Name                          string      `json:"name"`
	TemporalExtrapolationArtifact bool        `json:"temporal_extrapolation_artifact"`
	Problem                       tlProblem   `json:"problem"`
	Levels                        []tlLevel   `json:"levels"`
	Mapping                       []tlMapping `json:"mapping"`
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

// pico converts pJ and um^2 to J and m^2.
const pico = 1e-12

// casesDir returns the directory of the reference cases.
func casesDir() string { return filepath.Join("..", "testdata", "timeloop") }

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
func toIR(t testing.TB, c *tlCase) (*ir.Problem, *ir.Arch, *ir.Mapping, *engine.EnergyTable) {
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
	tab := &engine.EnergyTable{}
	for _, l := range c.Levels {
		lv := ir.Level{Name: l.Name, Class: l.Class, Instances: l.Instances, MeshX: l.MeshX, MeshY: l.MeshY,
			FanoutX: max(l.FanoutX, 1), FanoutY: max(l.FanoutY, 1), WordBits: l.WordBits, BlockSize: max(l.BlockSize, 1)}
		te := engine.LevelEnergy{AreaM2: l.AreaUM2 * pico}
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
