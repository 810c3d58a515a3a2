package mapper

import (
	"context"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConstraintKinds: must_iterate, temporal maximize with a capacity,
// order, >= and factors = 0 (the full dimension) shape the mapspace and
// the searched mapping as specified (cimloop-spec.md 5.1).
func TestConstraintKinds(t *testing.T) {
	p, a, _ := shrunk(t, "p01_conv1d_2level_handcheck", map[string]int{"C": 4, "M": 4, "R": 3, "P": 8})
	tab := newUnitTable(a)
	C, M, R, P := dimIdx(t, p, "C"), dimIdx(t, p, "M"), dimIdx(t, p, "R"), dimIdx(t, p, "P")
	dram, buf := levelIdx(t, a, "DRAM"), levelIdx(t, a, "Buffer")
	a.Levels[buf].Depth = 0
	// Buffer's fanout iterates only over Weights dimensions (C, M, R).
	a.Levels[buf].Constraints.Spatial = ir.LoopConstraints{MustIterateOver: []int{p.DataspaceIndex("Weights")}}
	// Buffer's temporal loops: R >= 3, and P filled greedily up to a
	// capacity of 12 divided by the factors already fixed there (>= 3
	// counts, as in timeloopfe): 4.
	a.Levels[buf].Constraints.Temporal = ir.LoopConstraints{MaximizeDims: [][]int{{P}}, MaximizeCapacity: 12,
		Factors: []ir.Factor{{Dim: R, Op: ir.FactorGE, Value: 3}}}
	// DRAM: M outermost, then C; all of C (= 0: the full dimension).
	a.Levels[dram].Constraints.Temporal = ir.LoopConstraints{Order: []int{M, C},
		Factors: []ir.Factor{{Dim: C, Op: ir.FactorEq, Value: 0}}}
	s, dl := NewSpace(p, a, SpaceOptions{})
	require.False(t, dl.HasErrors(), "%v", dl)
	b := s.bounds[buf][spatial]
	assert.Equal(t, [2]int{1, 1}, [2]int{b[P].lo, b[P].hi}, "P is not a Weights dimension")
	assert.Equal(t, 4, b[M].hi)
	bt := s.bounds[buf][temporal]
	assert.Equal(t, [2]int{4, 4}, [2]int{bt[P].lo, bt[P].hi}, "maximize P with capacity 12 / 3")
	assert.Equal(t, [2]int{3, 3}, [2]int{bt[R].lo, bt[R].hi}, "R >= 3 of 3")
	bd := s.bounds[dram][temporal]
	assert.Equal(t, [2]int{4, 4}, [2]int{bd[C].lo, bd[C].hi}, "C = 0 is all of C")
	r, dl := MapSpace(context.Background(), s, tab, Options{Mode: Exhaustive})
	require.False(t, dl.HasErrors(), "%v", dl)
	require.True(t, r.Optimal)
	tl := r.Mapping.Levels[dram].Temporal
	require.NotEmpty(t, tl)
	// M (if it iterates at DRAM) comes first, then C.
	j := 0
	if tl[0].Dim == M {
		j = 1
	}
	assert.Equal(t, C, tl[j].Dim, "order [M, C]: %s", ir.FormatMapping(p, a, r.Mapping))
	assert.Equal(t, 4, tl[j].Bound)
	for _, l := range r.Mapping.Levels[buf].Spatial {
		assert.NotEqual(t, P, l.Dim)
	}
	roundTrip(t, p, a, tab, r)
}
