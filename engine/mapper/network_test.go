package mapper

import (
	"context"
	"testing"
	"time"

	"github.com/cimc-lang/cimc/engine/workload"
	"github.com/cimc-lang/cimc/ir"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resnet18Layers builds every ResNet18 layer (the embedded network data)
// as a problem of examples/basic_analog.cim's lowered einsum: the sizes
// and histograms of each layer in the lowered layer 1's dimension order,
// strides 1 as CiMLoop effectively runs them (cimloop-spec.md 12.1: its
// layer files' HStride/WStride keys do not reach problem_base's
// coefficients), with each layer's energy table from the component models.
func resnet18Layers(t testing.TB) ([]Layer, *ir.Arch) {
	t.Helper()
	prog, reg := lowerFile(t, "examples/basic_analog.cim")
	base, a := prog.Layers[0], prog.Arch
	net, err := workload.Load("resnet18")
	require.NoError(t, err)
	var out []Layer
	for _, ly := range net.Layers {
		p := *base
		p.Name = ly.Name()
		p.Dims = append([]ir.Dim(nil), base.Dims...)
		s := ly.Shape
		resize(&p, map[string]int{"n": s.N, "c": s.C, "m": s.M, "p": s.P, "q": s.Q, "r": s.R, "s": s.S})
		p.Dataspaces = append([]ir.Dataspace(nil), base.Dataspaces...)
		for i := range p.Dataspaces {
			if v := p.Dataspaces[i].Value; v != nil {
				vc := *v
				if h, ok := ly.Hist.Get(p.Dataspaces[i].Name); ok {
					vc.Histogram = h.Bins()
				}
				p.Dataspaces[i].Value = &vc
			}
		}
		out = append(out, Layer{Problem: &p, Table: tableFor(t, reg, a, &p)})
	}
	return out, a
}

// TestNetworkResNet18: every ResNet18 layer on basic_analog is mapped
// exhaustively (optimal), identical layers share one result, results come
// back in layer order, and each equals mapping the layer alone.
func TestNetworkResNet18(t *testing.T) {
	if testing.Short() {
		t.Skip("maps a whole network")
	}
	layers, a := resnet18Layers(t)
	// Every ResNet18 layer has its own recorded histograms, so no two are
	// identical; append a copy of layer 1 (a new problem with the same
	// content) to check that identical layers are mapped once.
	dup := *layers[1].Problem
	layers = append(layers, Layer{Problem: &dup, Table: layers[1].Table})
	var last [2]int64
	start := time.Now()
	res, dl := MapNetwork(context.Background(), a, layers, Options{Metric: Energy, Progress: func(ev, tot int64) { last = [2]int64{ev, tot} }})
	wall := time.Since(start)
	for _, d := range dl {
		t.Log(d.Error())
	}
	require.False(t, dl.HasErrors())
	require.Len(t, res, len(layers))
	distinct := map[*Result]bool{}
	var evals int64
	for i, r := range res {
		require.NotNil(t, r, "layer %d", i)
		assert.True(t, r.Optimal, "layer %d", i)
		assert.LessOrEqual(t, r.Layer, i)
		assert.Equal(t, layerKey(layers[i]), layerKey(layers[r.Layer]))
		if !distinct[r] {
			evals += r.Evaluated
		}
		distinct[r] = true
		t.Logf("layer %2d %-12s C%-3d M%-3d P%-3d R%d: %s, %6d evaluations, %.4g J, %d cycles (shared with layer %d)",
			i, layers[i].Problem.Name, layers[i].Problem.Dims[dimIdx(t, layers[i].Problem, "c")].Size,
			layers[i].Problem.Dims[dimIdx(t, layers[i].Problem, "m")].Size, layers[i].Problem.Dims[dimIdx(t, layers[i].Problem, "p")].Size,
			layers[i].Problem.Dims[dimIdx(t, layers[i].Problem, "r")].Size, r.Mode, r.Evaluated, r.Eval.EnergyJ, r.Eval.Cycles, r.Layer)
	}
	assert.Len(t, distinct, len(layers)-1)
	assert.Same(t, res[1], res[len(res)-1])
	assert.Equal(t, evals, last[0], "progress covers the network")
	t.Logf("resnet18 on basic_analog: %d layers, %d distinct searches, %d evaluations, wall %v", len(layers), len(distinct), evals, wall)
	// One worker gives the same mappings.
	res1, dl := MapNetwork(context.Background(), a, layers, Options{Metric: Energy, Workers: 1})
	require.False(t, dl.HasErrors())
	for i := range res {
		assert.Equal(t, ir.FormatMapping(layers[i].Problem, a, res[i].Mapping), ir.FormatMapping(layers[i].Problem, a, res1[i].Mapping), "layer %d", i)
		assert.Equal(t, res[i].Evaluated, res1[i].Evaluated)
	}
	// Each layer alone gives the same mapping.
	for _, i := range []int{0, len(layers) / 2, len(layers) - 1} {
		r, dl := Map(context.Background(), layers[i].Problem, a, layers[i].Table, Options{Metric: Energy})
		require.False(t, dl.HasErrors())
		assert.Equal(t, ir.FormatMapping(layers[i].Problem, a, r.Mapping), ir.FormatMapping(layers[i].Problem, a, res[i].Mapping))
	}
}
