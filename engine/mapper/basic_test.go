package mapper

import (
	"context"
	"testing"
	"time"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBasicAnalogLayer1 maps ResNet18 layer 1 on examples/basic_analog.cim
// exhaustively: the search must finish with optimal = true, the maximize
// groups must give CiMLoop's allocation (columns m = 32, rows c = 32; see
// TestMaximizeBasicAnalog), and the mapping must round-trip through the
// text form with the same evaluation.
func TestBasicAnalogLayer1(t *testing.T) {
	p, a, tab := basicAnalog(t)
	start := time.Now()
	r, dl := Map(context.Background(), p, a, tab, Options{Metric: Energy})
	wall := time.Since(start)
	require.False(t, dl.HasErrors(), "%v", dl)
	require.NotNil(t, r)
	t.Logf("basic_analog resnet18 layer 1: mode %s, %d evaluated (%d valid), space %.0f, optimal %v, energy %.6g J, cycles %d, wall %v",
		r.Mode, r.Evaluated, r.Valid, r.SpaceSize, r.Optimal, r.Eval.EnergyJ, r.Eval.Cycles, wall)
	t.Logf("mapping:\n%s", ir.FormatMapping(p, a, r.Mapping))
	assert.Equal(t, Exhaustive, r.Mode)
	assert.True(t, r.Optimal)
	assert.Equal(t, r.Cost, r.Eval.EnergyJ, "the search's cost is the engine's energy")
	col, row := levelIdx(t, a, "column"), levelIdx(t, a, "row")
	assert.Equal(t, 32, spatialFactor(r.Mapping, col, dimIdx(t, p, "m")))
	assert.Equal(t, 32, spatialFactor(r.Mapping, row, dimIdx(t, p, "c")))
	roundTrip(t, p, a, tab, r)
}

// renameDigitLevels returns a copy of a whose level names that are not
// identifiers (lower's virtualized MAC container "1bit_x_1bit_mac" starts
// with a digit, which ir.ParseMapping rejects) get a "v" prefix, so the
// round trip can be tested; the mapping itself is unchanged.
func renameDigitLevels(a *ir.Arch) *ir.Arch {
	c := *a
	c.Levels = append([]ir.Level(nil), a.Levels...)
	for i := range c.Levels {
		if n := c.Levels[i].Name; n != "" && n[0] >= '0' && n[0] <= '9' {
			c.Levels[i].Name = "v" + n
		}
	}
	return &c
}

// roundTrip prints the result's mapping, parses it back and checks the
// engine gives the same energy and cycles.
func roundTrip(t *testing.T, p *ir.Problem, a *ir.Arch, tab *engine.EnergyTable, r *Result) {
	t.Helper()
	a = renameDigitLevels(a)
	text := ir.FormatMapping(p, a, r.Mapping)
	m2, dl := ir.ParseMapping("best.cim", text, p, a)
	require.Empty(t, dl, "%s", text)
	require.Equal(t, text, ir.FormatMapping(p, a, m2))
	ev, dl := engine.NewEvaluator(p, a, tab)
	require.Empty(t, dl)
	res, dl := ev.Evaluate(m2, engine.Options{})
	require.Empty(t, dl)
	assert.Equal(t, r.Eval.EnergyJ, res.EnergyJ)
	assert.Equal(t, r.Eval.Cycles, res.Cycles)
}
