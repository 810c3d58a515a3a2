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
	// Bottom-up, as timeloopfe: rows [c, r, s] first, then columns [Y, m].
	require.Len(t, r.Allocations, 2)
	assert.Equal(t, row, r.Allocations[0].Level)
	assert.Equal(t, []int{32, 1, 1}, r.Allocations[0].Factors)
	assert.Equal(t, col, r.Allocations[1].Level)
	assert.Equal(t, []int{1, 32}, r.Allocations[1].Factors)
	roundTrip(t, p, a, tab, r)
}

// roundTrip prints the result's mapping, parses it back and checks the
// engine gives the same energy and cycles.
func roundTrip(t *testing.T, p *ir.Problem, a *ir.Arch, tab *engine.EnergyTable, r *Result) {
	t.Helper()
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

// TestBasicAnalogCapacity: with CiMLoop's cim_unit geometry (depth
// CIM_UNIT_DEPTH_CELLS = 1, width WEIGHT_BITS_PER_SLICE = 8 one-bit words:
// cimloop-macros.md section 1, "CIM_UNIT_WIDTH_CELLS 1, DEPTH 1,
// BITS_PER_CELL 8") a cell holds the 8 bits of one weight, so capacity
// pruning leaves no temporal loop over weights at cim_unit: every
// temporal loop goes to dummy_top, as in CiMLoop's recorded mappings
// (published-references.md 3.1: "cim_unit [Weights:8]").
func TestBasicAnalogCapacity(t *testing.T) {
	p, a, tab := basicAnalog(t)
	cu := levelIdx(t, a, "cim_unit")
	a.Levels[cu].Depth, a.Levels[cu].BlockSize = 1, 8
	r, dl := Map(context.Background(), p, a, tab, Options{Metric: Energy})
	require.False(t, dl.HasErrors(), "%v", dl)
	assert.True(t, r.Optimal)
	assert.Less(t, r.Valid, r.Evaluated, "capacity pruned some factorizations")
	for _, l := range r.Mapping.Levels[cu].Temporal {
		assert.False(t, p.Relevant(p.DataspaceIndex("Weights"), l.Dim), "weights loop at cim_unit: %s", ir.FormatMapping(p, a, r.Mapping))
	}
	assert.Equal(t, int64(8), r.Eval.Nest.Levels[cu].DS[p.DataspaceIndex("Weights")].TileSize)
	t.Logf("%d evaluated, %d valid, energy %.6g J\n%s", r.Evaluated, r.Valid, r.Eval.EnergyJ, ir.FormatMapping(p, a, r.Mapping))
}
