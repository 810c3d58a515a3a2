package validation

import (
	"io/fs"
	"testing"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"strings"
)

// TestLevelModulesCheck: every tile, chip and system module checks alone.
func TestLevelModulesCheck(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	lv, err := Options()
	require.NoError(t, err)
	for _, g := range []struct {
		dir   string
		names []string
	}{{"std/tiles", lv.Tiles}, {"std/chips", lv.Chips}, {"std/systems", lv.Systems}} {
		for _, n := range g.names {
			_, d := check.Check(&check.Config{Root: g.dir + "/" + n + ".cim", Classes: reg,
				Load: func(p string) ([]byte, error) { return fs.ReadFile(stdlib.FS, p) }})
			assert.False(t, d.HasErrors(), "%s/%s: %v", g.dir, n, d)
		}
	}
	assert.Len(t, lv.Tiles, 6)
	assert.Len(t, lv.Chips, 5)
	assert.Len(t, lv.Systems, 8)
}

// sensible reports whether a composition has a level that keeps inputs
// and outputs above the macro (CiMLoop's fetch_weights systems and the
// "none" system rely on an on-chip buffer).
func sensible(tile, chip, system string) bool {
	switch system {
	case "none", "fetch_weights_lpddr4", "fetch_weights_hbm2":
		switch chip {
		case "small_glb", "large_glb", "large_router_glb":
			return true
		}
		return tile == "isaac" || tile == "raella"
	}
	return true
}

// TestCompositionMatrix composes every macro with every tile, chip and
// system option that makes sense for it, and checks, lowers and evaluates
// each on the macro's maximum-utilization workload.
func TestCompositionMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("composes every macro with every level option")
	}
	reg, err := component.New()
	require.NoError(t, err)
	lv, err := Options()
	require.NoError(t, err)
	ents, err := fs.ReadDir(stdlib.FS, "std/macros")
	require.NoError(t, err)
	n := 0
	for _, e := range ents {
		macro, ok := strings.CutSuffix(e.Name(), ".cim")
		if !ok {
			continue
		}
		// Every option of each level with the others at CiMLoop's
		// defaults (no tile or chip, system ws_dummy_buffer_one_macro;
		// systems are varied over the small_glb chip, which gives the
		// fetch_weights and none systems an on-chip buffer).
		type combo struct{ tile, chip, sys string }
		var combos []combo
		for _, tile := range lv.Tiles {
			combos = append(combos, combo{tile, "none", "ws_dummy_buffer_one_macro"})
		}
		for _, chip := range lv.Chips {
			combos = append(combos, combo{"none", chip, "ws_dummy_buffer_one_macro"})
		}
		for _, sys := range lv.Systems {
			combos = append(combos, combo{"input_output_bufs", "small_glb", sys})
		}
		for _, cb := range combos {
			tile, chip, sys := cb.tile, cb.chip, cb.sys
			{
				{
					if !sensible(tile, chip, sys) {
						t.Errorf("combination %v makes no sense", cb)
						continue
					}
					src, err := Compose(nil, macro, tile, chip, sys)
					require.NoError(t, err)
					n++
					r, d := Evaluate(reg, Source{Root: "composed.cim", Load: func(p string) ([]byte, error) {
						if p == "composed.cim" {
							return src, nil
						}
						return nil, fs.ErrNotExist
					}})
					if !assert.False(t, d.HasErrors(), "%s/%s/%s/%s: %v", macro, tile, chip, sys, d) {
						continue
					}
					assert.Positive(t, r.EnergyJ)
				}
			}
		}
	}
	t.Logf("%d compositions", n)
}

// TestComposeNesting checks the text Compose builds for one composition:
// the system's dummy_top replaces the macro's, the tile's buffer is inside
// the chip's tile_in_chip container, the macro's components are inside the
// tile's macro_in_tile container, and the tile's defaults for params the
// macro declares are not copied.
func TestComposeNesting(t *testing.T) {
	src, err := Compose(nil, "wang_vlsi_2022", "input_output_bufs", "small_glb", "fetch_all_lpddr4")
	require.NoError(t, err)
	text := string(src)
	assert.Equal(t, 0, strings.Count(text, "dummy_top:"), "fetch_all has no dummy_top and the macro's is replaced")
	assert.Equal(t, 0, strings.Count(text, "inner_placeholder"))
	idx := func(s string) int {
		i := strings.Index(text, s)
		require.GreaterOrEqual(t, i, 0, "%q missing", s)
		return i
	}
	assert.Less(t, idx("main_memory: dram"), idx("glb: smartbuffer_sram"))
	assert.Less(t, idx("container tile_in_chip"), idx("tile_input_buffer:"))
	assert.Less(t, idx("container macro_in_tile"), idx("dac: dac("))
	assert.Equal(t, 1, strings.Count(text, "param array_parallel_inputs"), "the macro's own declaration only")
	assert.Equal(t, 1, strings.Count(text, "param n_macros = 8"), "tile params the macro lacks are added")

	_, err = Compose(nil, "no_such_macro", "", "", "")
	assert.Error(t, err)
	_, err = Compose(nil, "wang_vlsi_2022", "no_such_tile", "", "")
	assert.Error(t, err)
}

// TestWithNetworkDropsDuplicateParams: the network's batch_size is dropped
// when the root declares it, kept otherwise.
func TestWithNetworkDropsDuplicateParams(t *testing.T) {
	out, err := WithNetwork(nil, []byte("param batch_size = 4\n"), "alexnet")
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(out), "param batch_size"))
	assert.Contains(t, string(out), "network alexnet {")
	out, err = WithNetwork(nil, []byte("// empty root\n"), "alexnet")
	require.NoError(t, err)
	assert.Contains(t, string(out), "param batch_size = 1")
	_, err = WithNetwork(nil, nil, "no_such_net")
	assert.Error(t, err)
}
