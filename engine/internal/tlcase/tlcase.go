// Package tlcase reads the Timeloop reference cases (engine/testdata/timeloop,
// a copy of shared/data/timeloop; the format is in its README.md) and
// converts them to the IR, for the tests of engine and engine/mapper. It is
// test support: nothing in the product imports it.
package tlcase

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/cimc-lang/cimc/ir"
)

// Case is one reference case (case.json).
type Case struct {
	Name                          string    `json:"name"`
	TemporalExtrapolationArtifact bool      `json:"temporal_extrapolation_artifact"`
	Problem                       Problem   `json:"problem"`
	Levels                        []Level   `json:"levels"`
	Mapping                       []Mapping `json:"mapping"`
	Expected                      *Expected `json:"expected"`
	ExpectedPre2025               *Expected `json:"expected_pre2025"`
	ExpectedNoExtrapolation       *Expected `json:"expected_no_temporal_extrapolation"`
}

// Problem is the workload of a case.
type Problem struct {
	Name       string         `json:"name"`
	Dimensions map[string]int `json:"dimensions"`
	Order      []string       `json:"dimension_order"`
	Dataspaces []struct {
		Name       string     `json:"name"`
		ReadWrite  bool       `json:"read_write"`
		Projection [][][2]any `json:"projection"`
	} `json:"dataspaces"`
}

// Level is one architecture level of a case, outermost first.
type Level struct {
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

// Mapping is one storage level's loops in a case.
type Mapping struct {
	Level    string  `json:"level"`
	Temporal [][]any `json:"temporal"`
	Spatial  [][]any `json:"spatial"`
}

// DS is what Timeloop reports for one dataspace at one level.
type DS struct {
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

// Expected is one block of expected results.
type Expected struct {
	PerLevel    map[string]map[string]DS `json:"per_level"`
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

// Load reads every */case.json of fsys, sorted by case directory.
func Load(fsys fs.FS) ([]*Case, error) {
	files, err := fs.Glob(fsys, path.Join("*", "case.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var cases []*Case
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		c := new(Case)
		if err := json.Unmarshal(b, c); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// Energy is a level's per-action energies (J) and area per instance (m^2),
// from the case's ERT and ART (given in pJ and um^2).
type Energy struct {
	Read, Write, Update, Leak, Compute, AreaM2 float64
}

// pico converts pJ and um^2 to J and m^2.
const pico = 1e-12

func num(n any) (int, error) {
	v, ok := n.(float64)
	if !ok {
		return 0, fmt.Errorf("expected a number, found %v", n)
	}
	return int(v), nil
}

func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IR converts the case to a problem, an architecture, its hand-written
// mapping and one Energy per level. Policies follow the README: keep with
// no_coalesce is ir.Pass, keep with no_temporal_reuse ir.Coalesce, keep
// ir.Keep; CiMLoop's keep-nothing inter_<container>_spatial levels are
// ir.Container; depth 4294967295 (CiMLoop's INF) is unlimited.
func (c *Case) IR() (*ir.Problem, *ir.Arch, *ir.Mapping, []Energy, error) {
	p := &ir.Problem{Name: c.Problem.Name, Instances: 1}
	for _, name := range c.Problem.Order {
		p.Dims = append(p.Dims, ir.Dim{Name: name, Size: c.Problem.Dimensions[name], Kind: ir.DimRegular})
	}
	for _, ds := range c.Problem.Dataspaces {
		d := ir.Dataspace{Name: ds.Name, ReadWrite: ds.ReadWrite}
		for _, rank := range ds.Projection {
			var r ir.Rank
			for _, term := range rank {
				name, _ := term[0].(string)
				dim := p.DimIndex(name)
				if dim < 0 {
					return nil, nil, nil, nil, fmt.Errorf("%s: unknown dimension %v", c.Name, term[0])
				}
				coef, err := num(term[1])
				if err != nil {
					return nil, nil, nil, nil, err
				}
				r = append(r, ir.Term{Dim: dim, Coef: coef})
			}
			d.Ranks = append(d.Ranks, r)
		}
		p.Dataspaces = append(p.Dataspaces, d)
	}
	a := &ir.Arch{Name: c.Name}
	var energies []Energy
	for _, l := range c.Levels {
		lv := ir.Level{Name: l.Name, Class: l.Class, Instances: l.Instances, MeshX: l.MeshX, MeshY: l.MeshY,
			FanoutX: max(l.FanoutX, 1), FanoutY: max(l.FanoutY, 1), WordBits: l.WordBits, BlockSize: max(l.BlockSize, 1)}
		te := Energy{AreaM2: l.AreaUM2 * pico}
		if l.Compute {
			lv.Kind = ir.Compute
			te.Compute = l.Energy["compute"] * pico
		} else {
			lv.Kind = ir.Storage
			if len(l.Keep) == 0 && len(l.Name) > 6 && l.Name[:6] == "inter_" {
				lv.Kind = ir.Container
			}
			if l.Depth != nil && *l.Depth != 4294967295 {
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
		energies = append(energies, te)
	}
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, len(a.Levels))}
	for _, lm := range c.Mapping {
		i := -1
		for j := range a.Levels {
			if a.Levels[j].Name == lm.Level {
				i = j
			}
		}
		if i < 0 {
			return nil, nil, nil, nil, fmt.Errorf("%s: mapping names unknown level %s", c.Name, lm.Level)
		}
		for _, lp := range lm.Temporal {
			name, _ := lp[0].(string)
			dim := p.DimIndex(name)
			bound, err := num(lp[1])
			if dim < 0 || err != nil {
				return nil, nil, nil, nil, fmt.Errorf("%s: bad temporal loop %v", c.Name, lp)
			}
			m.Levels[i].Temporal = append(m.Levels[i].Temporal, ir.Loop{Dim: dim, Bound: bound})
		}
		for _, lp := range lm.Spatial {
			name, _ := lp[0].(string)
			dim := p.DimIndex(name)
			bound, err := num(lp[1])
			if dim < 0 || err != nil || len(lp) < 3 {
				return nil, nil, nil, nil, fmt.Errorf("%s: bad spatial loop %v", c.Name, lp)
			}
			axis := ir.AxisX
			if s, _ := lp[2].(string); s == "Y" {
				axis = ir.AxisY
			}
			m.Levels[i].Spatial = append(m.Levels[i].Spatial, ir.Loop{Dim: dim, Bound: bound, Spatial: true, Axis: axis})
		}
	}
	return p, a, m, energies, nil
}
