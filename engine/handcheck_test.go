package engine

import (
	"testing"

	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-checked vectors of timeloop-semantics.md §8: Timeloop's
// tiny_handcheck (conv1d R=3, P=4, C=2, K=2, 48 MACs) on DRAM (block 4) ->
// Buffer (64 words) -> 4 MACs, spatial K2 x C2 along X under Buffer, ERT
// DRAM read/write/update = 100/200/300 pJ, Buffer 1/2/3 pJ, MAC 0.5 pJ;
// values from Timeloop with TIMELOOP_DISABLE_LINK_TRANSFERS=1.

const (
	tC = iota
	tK
	tR
	tP
)

const (
	tW = iota // Weights[C][K][R]
	tI        // Inputs[C][R+P]
	tO        // Outputs[K][P]
)

func tinyProblem() *ir.Problem {
	return &ir.Problem{
		Name: "tiny",
		Dims: []ir.Dim{{Name: "C", Size: 2}, {Name: "K", Size: 2}, {Name: "R", Size: 3}, {Name: "P", Size: 4}},
		Dataspaces: []ir.Dataspace{
			{Name: "Weights", Ranks: []ir.Rank{{{Dim: tC, Coef: 1}}, {{Dim: tK, Coef: 1}}, {{Dim: tR, Coef: 1}}}},
			{Name: "Inputs", Ranks: []ir.Rank{{{Dim: tC, Coef: 1}}, {{Dim: tR, Coef: 1}, {Dim: tP, Coef: 1}}}},
			{Name: "Outputs", ReadWrite: true, Ranks: []ir.Rank{{{Dim: tK, Coef: 1}}, {{Dim: tP, Coef: 1}}}},
		},
		Instances: 1,
	}
}

func keepAll() []ir.Policy {
	return []ir.Policy{{Temporal: ir.Keep}, {Temporal: ir.Keep}, {Temporal: ir.Keep}}
}

func tinyArch() (*ir.Arch, *EnergyTable) {
	a := &ir.Arch{Name: "tiny", Levels: []ir.Level{
		{Name: "DRAM", Kind: ir.Storage, Instances: 1, MeshX: 1, MeshY: 1, FanoutX: 1, FanoutY: 1, WordBits: 16, BlockSize: 4, Policies: keepAll()},
		{Name: "Buffer", Kind: ir.Storage, Instances: 1, MeshX: 1, MeshY: 1, FanoutX: 4, FanoutY: 1, WordBits: 16, BlockSize: 1, Depth: 64, Policies: keepAll()},
		{Name: "MAC", Kind: ir.Compute, Instances: 4, MeshX: 4, MeshY: 1, FanoutX: 1, FanoutY: 1},
	}}
	t := &EnergyTable{Levels: []LevelEnergy{
		{Read: 100e-12, Write: 200e-12, Update: 300e-12},
		{Read: 1e-12, Write: 2e-12, Update: 3e-12},
		{Compute: 0.5e-12},
	}}
	return a, t
}

func tinyMapping(pAtDRAM bool) *ir.Mapping {
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, 3)}
	m.Levels[1].Spatial = []ir.Loop{{Dim: tK, Bound: 2, Spatial: true}, {Dim: tC, Bound: 2, Spatial: true}}
	if pAtDRAM {
		m.Levels[0].Temporal = []ir.Loop{{Dim: tP, Bound: 4}}
		m.Levels[1].Temporal = []ir.Loop{{Dim: tR, Bound: 3}}
	} else {
		m.Levels[1].Temporal = []ir.Loop{{Dim: tP, Bound: 4}, {Dim: tR, Bound: 3}} // R innermost
	}
	return m
}

func evalTiny(t *testing.T, a *ir.Arch, tab *EnergyTable, m *ir.Mapping) *Result {
	t.Helper()
	ev, dl := NewEvaluator(tinyProblem(), a, tab)
	require.Empty(t, dl)
	r, dl := ev.Evaluate(m, Options{})
	require.Empty(t, dl)
	return r
}

// rfu is a per-instance reads/fills/updates triple.
type rfu [3]int64

func got(r *Result, level, ds int) rfu {
	s := r.Nest.Levels[level].DS[ds]
	return rfu{s.Reads, s.Fills, s.Updates}
}

func TestTinyHandcheck(t *testing.T) {
	a, tab := tinyArch()
	r := evalTiny(t, a, tab, tinyMapping(false))
	// Buffer: Weights 4 unicast reads/step x 12 steps, Inputs 2 multicast-2
	// groups x 12, Outputs 2 reduction groups x 12 updates, reads 24-8.
	assert.Equal(t, rfu{48, 12, 0}, got(r, 1, tW))
	assert.Equal(t, rfu{24, 12, 0}, got(r, 1, tI))
	assert.Equal(t, rfu{16, 0, 24}, got(r, 1, tO))
	assert.Equal(t, int64(2), r.Nest.Levels[1].DS[tI].MulticastFactor)
	assert.Equal(t, int64(24), r.Nest.Levels[1].DS[tO].SpatialReductions)
	assert.InDelta(t, 208.0, r.Levels[1].EnergyJ*1e12, 1e-9)
	// DRAM: W 12, I 12, O 8 updates; vector accesses 3, 3, 2.
	assert.Equal(t, rfu{12, 0, 0}, got(r, 0, tW))
	assert.Equal(t, rfu{12, 0, 0}, got(r, 0, tI))
	assert.Equal(t, rfu{0, 0, 8}, got(r, 0, tO))
	assert.InDelta(t, 1200.0, r.Levels[0].EnergyJ*1e12, 1e-9)
	assert.InDelta(t, 24.0, r.Levels[2].EnergyJ*1e12, 1e-9)
	assert.Equal(t, int64(12), r.Cycles)
	assert.Equal(t, 1.0, r.Utilization)
	assert.InDelta(t, 1432.0, r.EnergyJ*1e12, 1e-9)
	assert.InDelta(t, 29833.33, r.EnergyJ*1e15/float64(r.Computes), 0.01) // fJ/compute
}

// TestTinyDirectiveVariants checks the CiMLoop-directive vectors (P moved to
// DRAM: DRAM P4, Buffer R3, spatial K2 x C2).
func TestTinyDirectiveVariants(t *testing.T) {
	type want struct{ bufW, bufI, bufO, dramW, dramI, dramO rfu }
	base := want{rfu{48, 12, 0}, rfu{24, 12, 0}, rfu{16, 0, 24}, rfu{12, 0, 0}, rfu{12, 0, 0}, rfu{0, 0, 8}}
	for _, tc := range []struct {
		name  string
		apply func(buf *ir.Level)
		want  want
	}{
		{"base", func(*ir.Level) {}, base},
		{"temporal no_reuse Weights", func(b *ir.Level) { b.Policies[tW].Temporal = ir.Coalesce },
			want{rfu{48, 48, 0}, base.bufI, base.bufO, rfu{48, 0, 0}, base.dramI, base.dramO}},
		{"no_coalesce Weights", func(b *ir.Level) { b.Policies[tW].Temporal = ir.Pass },
			want{base.bufW, base.bufI, base.bufO, rfu{48, 0, 0}, base.dramI, base.dramO}},
		{"no_coalesce Outputs", func(b *ir.Level) { b.Policies[tO].Temporal = ir.Pass },
			want{base.bufW, base.bufI, rfu{24, 24, 24}, base.dramW, base.dramI, rfu{16, 0, 24}}},
		{"rmw_first_update Outputs", func(b *ir.Level) { b.Policies[tO].RMWFirstUpdate = true },
			want{base.bufW, base.bufI, rfu{24, 8, 24}, base.dramW, base.dramI, base.dramO}},
		{"spatial no_reuse Inputs Outputs", func(b *ir.Level) {
			b.Policies[tI].Spatial = ir.NoReuse
			b.Policies[tO].Spatial = ir.NoReuse
		}, want{base.bufW, rfu{48, 12, 0}, rfu{40, 0, 48}, base.dramW, base.dramI, base.dramO}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, tab := tinyArch()
			tc.apply(&a.Levels[1])
			r := evalTiny(t, a, tab, tinyMapping(true))
			assert.Equal(t, tc.want.bufW, got(r, 1, tW), "Buffer Weights")
			assert.Equal(t, tc.want.bufI, got(r, 1, tI), "Buffer Inputs")
			assert.Equal(t, tc.want.bufO, got(r, 1, tO), "Buffer Outputs")
			assert.Equal(t, tc.want.dramW, got(r, 0, tW), "DRAM Weights")
			assert.Equal(t, tc.want.dramI, got(r, 0, tI), "DRAM Inputs")
			assert.Equal(t, tc.want.dramO, got(r, 0, tO), "DRAM Outputs")
		})
	}
}

// TestTinyPre2025Halo: with P at DRAM the sliding loop P is the innermost
// loop above Buffer, so both rules keep the halo reuse (12 fills); with an
// irrelevant loop K moved between them, only the 2025 rule does.
func TestTinyPre2025Halo(t *testing.T) {
	a, tab := tinyArch()
	ev, dl := NewEvaluator(tinyProblem(), a, tab)
	require.Empty(t, dl)
	m := tinyMapping(true)
	for _, rule := range []nest.Rule{nest.RuleHead, nest.RulePre2025} {
		r, dl := ev.Evaluate(m, Options{Rule: rule})
		require.Empty(t, dl)
		assert.Equal(t, int64(12), r.Nest.Levels[1].DS[tI].Fills, rule.String())
	}
	// DRAM: P4 outer, K2 inner (irrelevant to Inputs); Buffer keeps R3 and
	// spatial C2 only. Inputs tile at Buffer: C2 x W3 = 6 words.
	m = &ir.Mapping{Levels: make([]ir.LevelMapping, 3)}
	m.Levels[0].Temporal = []ir.Loop{{Dim: tP, Bound: 4}, {Dim: tK, Bound: 2}}
	m.Levels[1].Temporal = []ir.Loop{{Dim: tR, Bound: 3}}
	m.Levels[1].Spatial = []ir.Loop{{Dim: tC, Bound: 2, Spatial: true}}
	// HEAD: 6 + 3 slides x 2 words = 12. Pre-2025: the K streak makes each P
	// step a stride change: 6 + 3 x 6 = 24.
	for rule, want := range map[nest.Rule]int64{nest.RuleHead: 12, nest.RulePre2025: 24} {
		r, dl := ev.Evaluate(m, Options{Rule: rule})
		require.Empty(t, dl)
		assert.Equal(t, want, r.Nest.Levels[1].DS[tI].Fills, rule.String())
	}
}

func TestDataspaceKeptNowhere(t *testing.T) {
	a, tab := tinyArch()
	a.Levels[0].Policies[tW].Temporal = ir.Bypass
	a.Levels[1].Policies[tW].Temporal = ir.Bypass
	_, dl := NewEvaluator(tinyProblem(), a, tab)
	require.Len(t, dl, 1)
	assert.Equal(t, "E0401", dl[0].Code)
	assert.Equal(t, `dataspace "Weights" is kept by no level of architecture "tiny"`, dl[0].Message)
}

func TestValidateDiagnostics(t *testing.T) {
	a, tab := tinyArch()
	p := tinyProblem()
	ev, dl := NewEvaluator(p, a, tab)
	require.Empty(t, dl)

	m := tinyMapping(false)
	m.Levels[1].Temporal[0].Bound = 2 // P factors multiply to 2, not 4
	_, dl = ev.Evaluate(m, Options{})
	require.Len(t, dl, 1)
	assert.Equal(t, "E0401", dl[0].Code)
	assert.Contains(t, dl[0].Message, `"P" multiply to 2, expected 4`)

	m = tinyMapping(false)
	m.Levels[1].Spatial[0].Axis = ir.AxisY // fanout is 4 x 1
	_, dl = ev.Evaluate(m, Options{})
	require.Len(t, dl, 1)
	assert.Equal(t, "E0402", dl[0].Code)

	a.Levels[1].Policies[tO].Spatial = ir.MustReuse // but K indexes Outputs
	ev, dl = NewEvaluator(p, a, tab)
	require.Empty(t, dl)
	_, dl = ev.Evaluate(tinyMapping(false), Options{})
	require.Len(t, dl, 1)
	assert.Equal(t, "E0401", dl[0].Code)
	assert.Contains(t, dl[0].Message, `spatial loop over "K" indexes "Outputs"`)
	a.Levels[1].Policies[tO].Spatial = ir.Reuse

	a.Levels[1].Depth = 20 // W 12 + I 12 + O 8 = 32 words > 20
	ev, dl = NewEvaluator(p, a, tab)
	require.Empty(t, dl)
	_, dl = ev.Evaluate(tinyMapping(false), Options{})
	require.Len(t, dl, 1)
	assert.Equal(t, "E0403", dl[0].Code)
	assert.Contains(t, dl[0].Message, "need 32 words, it holds 20")
}

func TestResultClone(t *testing.T) {
	a, tab := tinyArch()
	ev, dl := NewEvaluator(tinyProblem(), a, tab)
	require.Empty(t, dl)
	r, dl := ev.Evaluate(tinyMapping(false), Options{})
	require.Empty(t, dl)
	keep := r.Clone()
	_, dl = ev.Evaluate(tinyMapping(true), Options{}) // overwrites r
	require.Empty(t, dl)
	assert.InDelta(t, 1432.0, keep.EnergyJ*1e12, 1e-9)
	assert.Equal(t, int64(24), keep.Nest.Levels[1].DS[tI].Reads)
	assert.Equal(t, "Buffer", keep.Levels[1].Name)
}
