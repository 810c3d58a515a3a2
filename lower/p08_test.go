package lower

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/ir"
)

// p08Level is one level of Timeloop's reference case p08 (see
// testdata/p08_levels.json for the source).
type p08Level struct {
	Name           string   `json:"name"`
	Compute        bool     `json:"compute"`
	Instances      int      `json:"instances"`
	MeshX          int      `json:"mesh_x"`
	MeshY          int      `json:"mesh_y"`
	FanoutX        int      `json:"fanout_x"`
	FanoutY        int      `json:"fanout_y"`
	Depth          int64    `json:"depth"`
	WordBits       int      `json:"word_bits"`
	BlockSize      int      `json:"block_size"`
	Keep           []string `json:"keep"`
	NoCoalesce     []string `json:"no_coalesce"`
	NoTemporal     []string `json:"no_temporal_reuse"`
	NoSpatialReuse []string `json:"no_spatial_reuse"`
	RMW            []string `json:"rmw_first_update"`
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestP08Levels lowers a basic_analog-like 32x32 macro written in .cim and
// compares its level list with the levels timeloopfe produced for CiMLoop's
// basic_analog in the Timeloop reference case p08: names (cimc drops the
// inter_..._spatial decoration), kinds, instances, meshes, fanouts, storage
// geometry and every dataspace's temporal and spatial policy.
func TestP08Levels(t *testing.T) {
	raw, err := os.ReadFile("testdata/p08_levels.json")
	require.NoError(t, err)
	var ref struct {
		Levels []p08Level `json:"levels"`
	}
	require.NoError(t, json.Unmarshal(raw, &ref))
	src, err := os.ReadFile("testdata/p08.cim")
	require.NoError(t, err)
	p, ds := check.Check(&check.Config{Root: "p08.cim", Load: func(string) ([]byte, error) { return src, nil }, Std: testStd(), Classes: testClasses(t)})
	require.Empty(t, ds)
	prog, ds := Lower(p, Options{})
	require.Empty(t, ds)
	levels := prog.Arch.Levels
	require.Len(t, levels, len(ref.Levels))
	dsNames := map[string]int{}
	for i, d := range prog.Layers[0].Dataspaces {
		dsNames[d.Name] = i
	}
	for i, want := range ref.Levels {
		got := levels[i]
		name := strings.TrimSuffix(strings.TrimPrefix(want.Name, "inter_"), "_spatial")
		if name == "1bit_x_1bit_mac" {
			name = VirtualMACContainer // renamed so a pinned mapping can name it
		}
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, name, got.Name)
			kind := ir.Storage
			switch {
			case want.Compute:
				kind = ir.Compute
			case strings.HasPrefix(want.Name, "inter_"):
				kind = ir.Container
			}
			assert.Equal(t, kind, got.Kind)
			assert.Equal(t, want.Instances, got.Instances, "instances")
			assert.Equal(t, want.MeshX, got.MeshX, "mesh x")
			assert.Equal(t, want.MeshY, got.MeshY, "mesh y")
			if !want.Compute {
				assert.Equal(t, want.FanoutX, got.FanoutX, "fanout x")
				assert.Equal(t, want.FanoutY, got.FanoutY, "fanout y")
				depth := want.Depth
				if depth == 4294967295 { // CiMLoop's INF
					depth = 0
				}
				assert.Equal(t, depth, got.Depth, "depth")
				assert.Equal(t, want.BlockSize, got.BlockSize, "block size")
			}
			assert.Equal(t, want.WordBits, got.WordBits, "word bits")
			for dsName, di := range dsNames {
				pol := got.Policies[di]
				temporal := ir.Bypass
				if has(want.Keep, dsName) {
					switch {
					case has(want.NoCoalesce, dsName):
						temporal = ir.Pass
					case has(want.NoTemporal, dsName):
						temporal = ir.Coalesce
					default:
						temporal = ir.Keep
					}
				}
				assert.Equal(t, temporal, pol.Temporal, "temporal policy of %s", dsName)
				spatial := ir.Reuse
				if has(want.NoSpatialReuse, dsName) {
					spatial = ir.NoReuse
				}
				assert.Equal(t, spatial, pol.Spatial, "spatial policy of %s", dsName)
				assert.Equal(t, has(want.RMW, dsName), pol.RMWFirstUpdate, "rmw_first_update of %s", dsName)
			}
		})
	}
	// The virtual MAC's spatial factors: X = 8 input bits per slice, Y = 8
	// weight bits per slice, Z = 0 (all 8 output bits), factors only (p08
	// map.yaml: X=8 Y=8 Z=8 at inter_1bit_x_1bit_mac_spatial).
	vm := levels[len(levels)-3]
	require.Equal(t, VirtualMACContainer, vm.Name)
	fs := map[string]ir.Factor{}
	for _, f := range vm.Constraints.Spatial.Factors {
		fs[prog.Layers[0].Dims[f.Dim].Name] = f
	}
	assert.True(t, vm.Constraints.Spatial.FactorsOnly)
	assert.Equal(t, 8, fs["X"].Value)
	assert.Equal(t, 8, fs["Y"].Value)
	assert.Equal(t, 0, fs["Z"].Value)
	// Problem: p08 dims C32 M32 R1 S1 N1 P4 Q4 X8 Y8 Z8 (no G); cimc adds no G.
	sizes := map[string]int{}
	var names []string
	for _, d := range prog.Layers[0].Dims {
		sizes[d.Name] = d.Size
		names = append(names, d.Name)
	}
	sort.Strings(names)
	assert.Equal(t, map[string]int{"c": 32, "m": 32, "r": 1, "s": 1, "n": 1, "p": 4, "q": 4, "X": 8, "Y": 8, "Z": 8}, sizes)
	assert.Equal(t, int64(32*32*4*4), prog.Layers[0].MACs())
	assert.Equal(t, int64(32*32*4*4*8*8*8), prog.Layers[0].Operations())
	// Pinned mapping: p08 map.yaml puts P4 Q4 at dummy_top, M32 on X at the
	// column container and C32 on Y at the row container.
	require.NotNil(t, prog.Pinned)
	assert.Len(t, prog.Pinned.Levels[0].Temporal, 2)
	assert.Equal(t, []ir.Loop{{Dim: prog.Layers[0].DimIndex("m"), Bound: 32, Spatial: true, Axis: ir.AxisX}}, prog.Pinned.Levels[4].Spatial)
	assert.Equal(t, []ir.Loop{{Dim: prog.Layers[0].DimIndex("c"), Bound: 32, Spatial: true, Axis: ir.AxisY}}, prog.Pinned.Levels[5].Spatial)
	// and Z8 Y8 X8 along X at inter_1bit_x_1bit_mac_spatial.
	dim := prog.Layers[0].DimIndex
	assert.Equal(t, []ir.Loop{{Dim: dim("Z"), Bound: 8, Spatial: true}, {Dim: dim("Y"), Bound: 8, Spatial: true}, {Dim: dim("X"), Bound: 8, Spatial: true}},
		prog.Pinned.Levels[7].Spatial)
}
