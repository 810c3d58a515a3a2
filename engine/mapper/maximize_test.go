package mapper

import (
	"context"
	"testing"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGreedyAllocate compares GreedyAllocate with timeloopfe's
// greedy_allocate (timeloopfe v4, processors/constraint_macro.py, the
// maximize_dims macro CiMLoop uses): the expected allocations and
// utilizations are what that Python function returns for these inputs
// (run on them, values copied here). They include imperfect splits (s = 4
// of 7, m = 63 of 250, c = 3 of 11, r = 2 of 3) and ties decided by the
// visiting order.
func TestGreedyAllocate(t *testing.T) {
	type e = Alloc
	cases := []struct {
		sizes []int
		cap   int
		want  []Alloc
		util  float64
	}{
		// dims are numbered 0, 1, 2 in group order
		{[]int{64, 3, 3}, 32, []e{{0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}}, 32},
		{[]int{3, 7, 7}, 32, []e{{1, 7, 7}, {2, 3, 4}}, 24.5},
		{[]int{1, 64}, 32, []e{{1, 2, 2}, {1, 2, 2}, {1, 2, 2}, {1, 2, 2}, {1, 2, 2}}, 32},
		{[]int{64, 1, 1}, 512, []e{{0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}}, 64},
		{[]int{1, 128}, 64, []e{{1, 2, 2}, {1, 2, 2}, {1, 2, 2}, {1, 2, 2}, {1, 2, 2}, {1, 2, 2}}, 64},
		{[]int{3, 11, 11}, 128, []e{{1, 11, 11}, {2, 11, 11}}, 121},
		{[]int{1000}, 256, []e{{0, 2, 2}, {0, 2, 2}, {0, 61, 63}}, 250},
		{[]int{55, 5}, 16, []e{{1, 5, 5}, {0, 1, 3}}, 14.473684210526317},
		{[]int{16, 3, 3}, 32, []e{{0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {1, 1, 2}}, 24},
		{[]int{10, 7}, 12, []e{{0, 2, 2}, {0, 5, 5}}, 10},
	}
	for _, c := range cases {
		dims := make([]int, len(c.sizes))
		for i := range dims {
			dims[i] = i
		}
		got, util := GreedyAllocate(dims, c.sizes, c.cap)
		assert.Equal(t, c.want, got, "%v cap %d", c.sizes, c.cap)
		assert.InDelta(t, c.util, util, 1e-12, "%v cap %d", c.sizes, c.cap)
	}
}

// TestPySetOrder checks the CPython set iteration order that decides ties
// (values printed by CPython 3 for list(set(xs))).
func TestPySetOrder(t *testing.T) {
	assert.Equal(t, []int{11, 5}, pySetOrder([]int{5, 11}))
	assert.Equal(t, []int{11, 7}, pySetOrder([]int{7, 11}))
	assert.Equal(t, []int{11, 2, 3}, pySetOrder([]int{2, 3, 11}))
	assert.Equal(t, []int{3, 13}, pySetOrder([]int{3, 13}))
	assert.Equal(t, []int{2, 11, 5}, pySetOrder([]int{2, 5, 11}))
	assert.Equal(t, []int{2, 3, 5, 7}, pySetOrder([]int{2, 2, 3, 5, 7}))
}

// resize sets the sizes of named dimensions (others keep theirs).
func resize(p *ir.Problem, sizes map[string]int) {
	for i := range p.Dims {
		if v, ok := sizes[p.Dims[i].Name]; ok {
			p.Dims[i].Size = v
		}
	}
}

// maximized returns the spatial factors the maximize groups fixed at the
// column and row containers of a lowered basic_analog macro.
func maximized(t *testing.T, s *Space, p *ir.Problem, a *ir.Arch) (colM, colY, rowC, rowR, rowS int) {
	t.Helper()
	col, row := levelIdx(t, a, "column"), levelIdx(t, a, "row")
	fixed := func(i int, d string) int {
		b := s.bounds[i][spatial][dimIdx(t, p, d)]
		require.Equal(t, b.lo, b.hi, "%s not fixed", d)
		return b.lo
	}
	return fixed(col, "m"), fixed(col, "Y"), fixed(row, "c"), fixed(row, "r"), fixed(row, "s")
}

// TestMaximizeBasicAnalog: the maximize groups of examples/basic_analog.cim
// (columns maximize [Y, m], rows maximize [c, r, s], after the virtualized
// MAC's X = Y = Z = 8) reproduce the mappings CiMLoop chose where they are
// recorded:
//
//   - published-references.md 3.1 (CiMLoop tutorial 1), 16x16 array,
//     max-utilization layer (C = 16, M = 16, X = Y = Z = 8 as
//     cimloop-spec.md 7.2 synthesizes it): 256 MACs, every row and column
//     used: rows c = 16, columns m = 16, one cycle at utilization 1;
//   - published-references.md 3.1, ResNet18 on 64 columns x 512 rows, the
//     highest-energy layer (C = 64, M = 128, P = Q = 28, R = S = 1):
//     "inter_column_spatial M[0:64)", "inter_row_spatial C[0:64)
//     (Spatial-Y) (only 64 of 512 rows used)";
//   - cimloop-spec.md 7.2: basic_analog 32x32 runs C = 32 on the rows and
//     M = 32 on the columns (here for ResNet18 layer 1, C = M = 64).
func TestMaximizeBasicAnalog(t *testing.T) {
	t.Run("16x16 max utilization", func(t *testing.T) {
		prog, reg := lowerFile(t, "examples/basic_analog.cim", "array_rows=16", "array_cols=16")
		p, a := prog.Layers[0], prog.Arch
		resize(p, map[string]int{"c": 16, "m": 16, "p": 1, "q": 1, "r": 1, "s": 1, "n": 1})
		s, dl := NewSpace(p, a, SpaceOptions{})
		require.False(t, dl.HasErrors(), "%v", dl)
		m, y, c, r, sz := maximized(t, s, p, a)
		assert.Equal(t, [5]int{16, 1, 16, 1, 1}, [5]int{m, y, c, r, sz})
		res, dl := MapSpace(context.Background(), s, tableFor(t, reg, a, p), Options{})
		require.False(t, dl.HasErrors(), "%v", dl)
		assert.Equal(t, int64(256), res.Eval.MACs)
		assert.Equal(t, int64(1), res.Eval.Cycles)
		assert.Equal(t, 1.0, res.Eval.Utilization)
		assert.True(t, res.Optimal)
		t.Logf("16x16 max-utilization: %.5g pJ (CiMLoop tutorial 1 prints 128.49 pJ)", res.Eval.EnergyJ*1e12)
	})
	t.Run("64x512 resnet18 C64 M128", func(t *testing.T) {
		prog, _ := lowerFile(t, "examples/basic_analog.cim", "array_rows=512", "array_cols=64")
		p, a := prog.Layers[0], prog.Arch
		resize(p, map[string]int{"c": 64, "m": 128, "p": 28, "q": 28, "r": 1, "s": 1})
		s, dl := NewSpace(p, a, SpaceOptions{})
		require.False(t, dl.HasErrors(), "%v", dl)
		m, y, c, r, sz := maximized(t, s, p, a)
		assert.Equal(t, [5]int{64, 1, 64, 1, 1}, [5]int{m, y, c, r, sz})
	})
	t.Run("32x32 resnet18 layer 1", func(t *testing.T) {
		p, a, _ := basicAnalog(t)
		s, dl := NewSpace(p, a, SpaceOptions{})
		require.False(t, dl.HasErrors(), "%v", dl)
		m, y, c, r, sz := maximized(t, s, p, a)
		assert.Equal(t, [5]int{32, 1, 32, 1, 1}, [5]int{m, y, c, r, sz})
	})
	t.Run("32x32 resnet18 layer 0 imperfect", func(t *testing.T) {
		// C = 3, R = S = 7: CiMLoop's greedy allocation is r = 7 and an
		// imperfect s = 4 of 7 (TestGreedyAllocate); the engine needs
		// perfect factors, so the mapper warns and uses the best perfect
		// allocation, c = 3 and r = 7 (21 of 32 rows; 7 x 7 = 49 does not
		// fit).
		p, a, _ := basicAnalog(t)
		resize(p, map[string]int{"c": 3, "m": 64, "p": 112, "q": 112, "r": 7, "s": 7})
		s, dl := NewSpace(p, a, SpaceOptions{})
		require.False(t, dl.HasErrors(), "%v", dl)
		require.Len(t, dl, 1)
		assert.Equal(t, diag.Warning, dl[0].Severity)
		assert.Equal(t, diag.BadConstraint, dl[0].Code)
		m, y, c, r, sz := maximized(t, s, p, a)
		assert.Equal(t, [5]int{32, 1, 3, 7, 1}, [5]int{m, y, c, r, sz})
	})
}
