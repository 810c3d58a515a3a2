package validation

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMapperAgreesOnMaxUtilization: on every macro's maximum-utilization
// workload the mapper (minimizing energy) finds a mapping no worse than
// the one MaxUtilMapping builds from CiMLoop's constraints, with the same
// MACs and cycles where the constraints force the mapping.
func TestMapperAgreesOnMaxUtilization(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	ents, err := fs.ReadDir(stdlib.FS, "std/macros")
	require.NoError(t, err)
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".cim") {
			continue
		}
		root := "std/macros/" + e.Name()
		pinned, d := Evaluate(reg, Source{Root: root})
		require.False(t, d.HasErrors(), "%s: %v", e.Name(), d)
		searched, d := Evaluate(reg, Source{Root: root, Search: &mapper.Options{Rule: nest.RulePre2025, Budget: 20000}})
		if !assert.False(t, d.HasErrors(), "%s: %v", e.Name(), d) {
			continue
		}
		assert.Equal(t, pinned.MACs, searched.MACs, e.Name())
		assert.LessOrEqual(t, searched.EnergyJ, pinned.EnergyJ*(1+1e-9), "%s: the mapper found a worse mapping", e.Name())
		t.Logf("%-24s energy pinned %.5g searched %.5g pJ; cycles %d / %d", e.Name(), pinned.EnergyJ*1e12, searched.EnergyJ*1e12, pinned.Cycles, searched.Cycles)
	}
}
