package validation

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryMacroRuns checks, lowers and evaluates every std/macros module
// on its maximum-utilization workload (cimloop-spec.md 7.2).
func TestEveryMacroRuns(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	ents, err := fs.ReadDir(stdlib.FS, "std/macros")
	require.NoError(t, err)
	n := 0
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".cim") {
			continue
		}
		n++
		r, d := Evaluate(reg, Source{Root: "std/macros/" + e.Name()})
		if !assert.False(t, d.HasErrors(), "%s: %v", e.Name(), d) {
			continue
		}
		assert.Positive(t, r.MACs, e.Name())
		assert.Positive(t, r.EnergyJ, e.Name())
		assert.Positive(t, r.AreaM2, e.Name())
	}
	assert.Equal(t, 11, n, "the eleven CiMLoop macros")
}
