package engine

import (
	"syscall"
	"testing"

	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/require"
)

// caseByName loads one reference case and converts it.
func caseByName(b *testing.B, name string) (*ir.Problem, *ir.Arch, *ir.Mapping, *EnergyTable) {
	b.Helper()
	for _, c := range loadCases(b) {
		if c.Name == name {
			return toIR(b, c)
		}
	}
	b.Fatalf("no case %s", name)
	return nil, nil, nil, nil
}

// resnet18L1CiM is ResNet18's first 3x3 layer size (C=M=64, P=Q=56,
// R=S=3) with 8-bit inputs, weights and outputs (X=Y=Z=8) on p08's
// basic_analog-like macro (32x32 array, 512 virtual 1b x 1b MACs per cell):
// columns M32 along X, rows C32 along Y, bits spatial, the rest temporal at
// dummy_top (weight-stationary order, P and Q innermost).
func resnet18L1CiM(b *testing.B) (*ir.Problem, *ir.Arch, *ir.Mapping, *EnergyTable) {
	p, a, _, tab := caseByName(b, "p08_cim_basic_analog_bits_spatial")
	sizes := map[string]int{"C": 64, "M": 64, "R": 3, "S": 3, "N": 1, "P": 56, "Q": 56, "X": 8, "Y": 8, "Z": 8, "G": 1}
	for i := range p.Dims {
		p.Dims[i].Size = sizes[p.Dims[i].Name]
	}
	dim := func(n string) int { return p.DimIndex(n) }
	m := &ir.Mapping{Levels: make([]ir.LevelMapping, len(a.Levels))}
	for i, lv := range a.Levels {
		switch lv.Name {
		case "dummy_top":
			m.Levels[i].Temporal = []ir.Loop{{Dim: dim("M"), Bound: 2}, {Dim: dim("C"), Bound: 2}, {Dim: dim("R"), Bound: 3},
				{Dim: dim("S"), Bound: 3}, {Dim: dim("P"), Bound: 56}, {Dim: dim("Q"), Bound: 56}}
		case "inter_column_spatial":
			m.Levels[i].Spatial = []ir.Loop{{Dim: dim("M"), Bound: 32, Spatial: true, Axis: ir.AxisX}}
		case "inter_row_spatial":
			m.Levels[i].Spatial = []ir.Loop{{Dim: dim("C"), Bound: 32, Spatial: true, Axis: ir.AxisY}}
		case "inter_1bit_x_1bit_mac_spatial":
			m.Levels[i].Spatial = []ir.Loop{{Dim: dim("Z"), Bound: 8, Spatial: true}, {Dim: dim("Y"), Bound: 8, Spatial: true},
				{Dim: dim("X"), Bound: 8, Spatial: true}}
		}
	}
	return p, a, m, tab
}

func benchEvaluate(b *testing.B, p *ir.Problem, a *ir.Arch, m *ir.Mapping, tab *EnergyTable) {
	ev, dl := NewEvaluator(p, a, tab)
	require.Empty(b, dl)
	r, dl := ev.Evaluate(m, Options{})
	require.Empty(b, dl)
	require.Positive(b, r.EnergyJ)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNanos()
	for b.Loop() {
		ev.Evaluate(m, Options{})
	}
	b.ReportMetric(float64(cpuNanos()-c0)/float64(b.N), "cpu-ns/op")
}

// cpuNanos is the process's user+system CPU time: on a loaded machine it
// measures the work of an evaluation better than wall time (ns/op).
func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func benchNest(b *testing.B, p *ir.Problem, a *ir.Arch, m *ir.Mapping) {
	an, err := nest.New(p, a)
	require.NoError(b, err)
	_, err = an.Analyze(m, nest.Options{})
	require.NoError(b, err)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNanos()
	for b.Loop() {
		an.Analyze(m, nest.Options{})
	}
	b.ReportMetric(float64(cpuNanos()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkEvaluateP08: validation + nest analysis + roll-up of the
// basic_analog-like CiM case p08 (9 storage levels).
func BenchmarkEvaluateP08(b *testing.B) {
	p, a, m, t := caseByName(b, "p08_cim_basic_analog_bits_spatial")
	benchEvaluate(b, p, a, m, t)
}

// BenchmarkEvaluateP02: a weight-stationary 3-level digital case.
func BenchmarkEvaluateP02(b *testing.B) {
	p, a, m, t := caseByName(b, "p02_conv2d_stride2_3level")
	benchEvaluate(b, p, a, m, t)
}

// BenchmarkEvaluateResNet18L1CiM: ResNet18 layer-1-sized problem on the
// p08 macro.
func BenchmarkEvaluateResNet18L1CiM(b *testing.B) {
	p, a, m, t := resnet18L1CiM(b)
	benchEvaluate(b, p, a, m, t)
}

// BenchmarkNestResNet18L1CiM: the nest analysis alone.
func BenchmarkNestResNet18L1CiM(b *testing.B) {
	p, a, m, _ := resnet18L1CiM(b)
	benchNest(b, p, a, m)
}
