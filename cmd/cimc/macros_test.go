package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resnet18MACs is the MAC count of ResNet-18 on one 224x224 image:
// 1.8e9 "FLOPs" (multiply-adds) in He et al., "Deep Residual Learning for
// Image Recognition", CVPR 2016, Table 1; exactly 1,814,073,344, the sum of
// N·C·M·P·Q·R·S over the 21 layers of CiMLoop's workloads/resnet18 (the
// shapes of std/workloads/resnet18; cimloop-spec.md 12.2 gives 1.814e9).
const resnet18MACs = 1814073344

// resnet18Layers is the number of layers of CiMLoop's workloads/resnet18
// (20 convolutions, 1 fully connected; cimloop-spec.md 12.2).
const resnet18Layers = 21

// quickSearch lists the macros whose default (auto) search of ResNet-18
// takes long because their mapspaces are large (example_traditional's
// Eyeriss-like hierarchy: ~25 s on 2 cores, mostly layers the auto mode
// maps exhaustively; lightning ~11 s; albireo ~5 s). They run with a small
// hybrid budget instead; on 2026-11-26 the totals (energy, latency) of all
// three were identical to those of the default search.
var quickSearch = map[string][]string{
	"example_traditional": {"-search", "hybrid", "-budget", "20000"},
	"lightning_sigc_2023": {"-search", "hybrid", "-budget", "20000"},
	"albireo_isca_2021":   {"-search", "hybrid", "-budget", "20000"},
}

// TestEveryMacroRunsResNet18CLI is issue 6's matrix: every stdlib macro
// (listed from the embedded stdlib, std/macros/*.cim) runs ResNet-18 end
// to end through the command line (`cimc run -json -workload resnet18
// std/macros/<name>`), with every layer mapped, and reports finite,
// positive totals over the network's 1,814,073,344 MACs times the macro's
// batch_size (which the network takes, as CiMLoop's BATCH_SIZE).
func TestEveryMacroRunsResNet18CLI(t *testing.T) {
	if testing.Short() {
		t.Skip("maps all 21 ResNet-18 layers on every stdlib macro")
	}
	ents, err := fs.ReadDir(stdlib.FS, "std/macros")
	require.NoError(t, err)
	var macros []string
	for _, e := range ents {
		if m, ok := strings.CutSuffix(e.Name(), ".cim"); ok && !e.IsDir() {
			macros = append(macros, m)
		}
	}
	require.NotEmpty(t, macros)
	for _, m := range macros {
		t.Run(m, func(t *testing.T) {
			args := append([]string{"run", "-json", "-workload", "resnet18"}, quickSearch[m]...)
			args = append(args, "std/macros/"+m)
			var out, errb bytes.Buffer
			start := time.Now()
			code := Main(args, &out, &errb)
			t.Logf("cimc %s: %.1f s", strings.Join(args, " "), time.Since(start).Seconds())
			require.Equal(t, exitOK, code, errb.String())

			var generic any
			require.NoError(t, json.Unmarshal(out.Bytes(), &generic))
			assertFinite(t, "report", generic)

			var r report
			require.NoError(t, json.Unmarshal(out.Bytes(), &r))
			assert.Equal(t, "resnet18", r.Workload)
			require.Len(t, r.Layers, resnet18Layers)
			// The network runs at the macro's batch_size (Albireo's 64).
			batch, err := strconv.ParseInt(r.Parameters["batch_size"], 10, 64)
			require.NoError(t, err, "batch_size %q", r.Parameters["batch_size"])
			assert.Equal(t, int64(resnet18MACs)*batch, r.Totals.MACs)
			var macs int64
			for _, l := range r.Layers {
				macs += l.MACs
				assert.Positive(t, l.MACs, l.Name)
				assert.Positive(t, l.EnergyJ, l.Name)
				assert.Positive(t, l.LatencyS, l.Name)
				assert.NotEmpty(t, l.Mapping, l.Name)
			}
			assert.Equal(t, r.Totals.MACs, macs, "layer MACs add up to the total")
			assert.Positive(t, r.Totals.EnergyJ)
			assert.Positive(t, r.Totals.LatencyS)
			assert.Positive(t, r.Totals.AreaM2)
			t.Logf("%-22s %8.1f fJ/MAC  %.4g TOPS  %.4g TOPS/W", m,
				r.Totals.EnergyJ/float64(r.Totals.MACs)*1e15, r.Totals.TOPS, r.Totals.TOPSPerW)
		})
	}
}

// assertFinite fails for any number in a decoded JSON value that is NaN or
// infinite, and for any string spelling one ("NaN", "+Inf", ...), which is
// how a non-finite value could hide in a report's text fields.
func assertFinite(t *testing.T, path string, v any) {
	t.Helper()
	switch x := v.(type) {
	case float64:
		assert.False(t, math.IsNaN(x) || math.IsInf(x, 0), "%s = %v", path, x)
	case string:
		for _, f := range strings.Fields(x) {
			f = strings.Trim(f, "+-")
			assert.False(t, strings.EqualFold(f, "nan") || strings.EqualFold(f, "inf"), "%s = %q", path, x)
		}
	case []any:
		for i, e := range x {
			assertFinite(t, path+"["+strconv.Itoa(i)+"]", e)
		}
	case map[string]any:
		for k, e := range x {
			assertFinite(t, path+"."+k, e)
		}
	}
}
