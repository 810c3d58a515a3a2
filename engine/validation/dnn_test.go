package validation

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/engine/workload"
	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryMacroRunsResNet18 runs ResNet18 (all 21 layers, from
// stdlib/data/workloads/resnet18.json) end to end on every macro in
// CiMLoop's default DNN system ws_dummy_buffer_many_macro, with the
// mapper (a small sampled budget per layer: this checks that every layer
// maps and evaluates, not that the mapping is optimal), and checks the MAC count against the network data
// (1,814,073,344 MACs per image, cimloop-spec.md 12.2, times the macro's
// batch_size).
func TestEveryMacroRunsResNet18(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ResNet18 on every macro")
	}
	reg, err := component.New()
	require.NoError(t, err)
	net, err := workload.Load("resnet18")
	require.NoError(t, err)
	require.Equal(t, int64(1814073344), net.MACs())
	ents, err := fs.ReadDir(stdlib.FS, "std/macros")
	require.NoError(t, err)
	for _, e := range ents {
		macro, ok := strings.CutSuffix(e.Name(), ".cim")
		if !ok {
			continue
		}
		src, err := Compose(nil, macro, "", "", "ws_dummy_buffer_many_macro")
		require.NoError(t, err)
		src, err = WithNetwork(nil, src, "resnet18")
		require.NoError(t, err)
		r, d := Evaluate(reg, Source{Root: "resnet18_on_" + macro + ".cim", Workload: "resnet18",
			Load:   func(string) ([]byte, error) { return src, nil },
			Search: &mapper.Options{Rule: nest.RulePre2025, Mode: mapper.Hybrid, Budget: 2000, Seed: 1}})
		if !assert.False(t, d.HasErrors(), "%s: %v", macro, d) {
			continue
		}
		batch := int64(r.Params["batch_size"].Num.Value) // Albireo's iso BATCH_SIZE is 64
		assert.Equal(t, net.MACs()*batch, r.MACs, macro)
		assert.Positive(t, r.EnergyJ, macro)
		t.Logf("%-22s %8.1f fJ/MAC  %.4g TOPS  %.4g TOPS/W", macro, r.EnergyJ/float64(r.MACs)*1e15, r.TOPS(), r.TOPSPerW())
	}
}
