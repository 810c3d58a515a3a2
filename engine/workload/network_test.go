package workload

import (
	"encoding/json"
	"io/fs"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/stdlib"
)

func load(t *testing.T, name string) *Network {
	t.Helper()
	n, err := Load(name)
	require.NoError(t, err)
	return n
}

func TestNames(t *testing.T) {
	names, err := Names()
	require.NoError(t, err)
	assert.Equal(t, []string{"alexnet", "densenet201", "dpt_large", "gpt2_medium", "mobilebert", "mobilenet_v3",
		"msft_phi_1_5", "resnet18", "vgg16", "vision_transformer"}, names)
	_, err = Load("resnet19")
	assert.ErrorContains(t, err, `no embedded network "resnet19" (have alexnet, densenet201,`)
}

func TestResnet18(t *testing.T) {
	n := load(t, "resnet18")
	assert.Equal(t, "resnet18", n.Name)
	assert.Contains(t, n.Source, "mit-emze/cimloop")
	// 17 3x3/7x7 convolutions + 3 1x1 downsample convolutions + the FC layer
	// (He et al., CVPR 2016, Table 1, 18-layer column), as cimloop-spec.md
	// 12.2 lists: 21 layer files, Conv2d 20, Linear 1.
	require.Len(t, n.Layers, 21)
	l0 := n.Layers[0]
	// cimloop-spec.md 12.2: resnet18/00.yaml = {C:3, M:64, P:112, Q:112,
	// R:7, S:7, HStride:2, WStride:2}.
	want := Ones()
	want.C, want.M, want.P, want.Q, want.R, want.S, want.HStride, want.WStride = 3, 64, 112, 112, 7, 7, 2, 2
	assert.Equal(t, want, l0.Shape)
	assert.Equal(t, "Conv2d", l0.Op)
	assert.Equal(t, "resnet18/00", l0.Name())
	assert.False(t, l0.FromEinsum())
	for _, name := range []string{"Inputs", "Weights", "Outputs"} {
		h, ok := l0.Hist.Get(name)
		require.True(t, ok, name)
		assert.Equal(t, 31, h.Len())
	}
	// First Inputs bin of 00.yaml is 0.00406; the 31 bins sum to 0.99996
	// (summed from the file with Python), so the normalized bin is
	// 0.00406/0.99996.
	assert.InDelta(t, 0.00406/0.99996, l0.Hist.Inputs.P(0), 1e-9)
	assert.True(t, l0.Hist.Inputs.Signed())
	assert.Equal(t, "Linear", n.Layers[20].Op)
	assert.Equal(t, 512, n.Layers[20].Shape.C)
	assert.Equal(t, 1000, n.Layers[20].Shape.M)
}

// ResNet-18 MACs by hand from the architecture (He et al., CVPR 2016,
// Table 1: conv1 7x7/2 to 112x112; conv2_x..conv5_x two 3x3 convs per
// block, two blocks per stage at 56, 28, 14, 7; 1x1/2 projection
// shortcuts at the first block of stages 3-5; 1000-way FC), batch 1. The
// paper rounds the total to "1.8x10^9 FLOPs" (multiply-adds); cimloop-spec
// 12.2 lists 1.814e9.
func TestResnet18MACs(t *testing.T) {
	conv := func(c, m, k, out int64) int64 { return c * m * k * k * out * out }
	var want int64
	want += conv(3, 64, 7, 112) // conv1
	for i := 0; i < 4; i++ {    // conv2_x: 4 convs 64->64 at 56
		want += conv(64, 64, 3, 56)
	}
	for _, st := range []struct{ c, m, out int64 }{{64, 128, 28}, {128, 256, 14}, {256, 512, 7}} {
		want += conv(st.c, st.m, 3, st.out)     // first conv of the stage (stride 2)
		want += conv(st.c, st.m, 1, st.out)     // 1x1 projection shortcut
		want += 3 * conv(st.m, st.m, 3, st.out) // the other three 3x3 convs
	}
	want += 512 * 1000 // fc
	require.Equal(t, int64(1_814_073_344), want, "hand sum")
	assert.Equal(t, want, load(t, "resnet18").MACs())
	assert.Equal(t, conv(3, 64, 7, 112), load(t, "resnet18").Layers[0].MACs())
}

// Every network loads; layer counts, histogram widths and total MACs match
// cimloop-spec.md 12.2 (its MAC column has four significant digits).
func TestAllNetworks(t *testing.T) {
	table := []struct {
		name   string
		layers int
		bins   int
		macs   float64
		attn   int // layers with notes "From einsum"
	}{
		{"alexnet", 8, 63, 7.142e8, 0},
		{"densenet201", 201, 31, 4.291e9, 0},
		{"dpt_large", 227, 31, 2.408e11, 48},
		{"gpt2_medium", 145, 31, 9.052e10, 48},
		{"mobilebert", 409, 63, 2.817e9, 48},
		{"mobilenet_v3", 64, 31, 2.166e8, 0},
		{"msft_phi_1_5", 145, 31, 1.447e12, 48},
		{"resnet18", 21, 31, 1.814e9, 0},
		{"vgg16", 16, 63, 1.547e10, 0},
		{"vision_transformer", 98, 31, 1.686e10, 24},
	}
	for _, c := range table {
		t.Run(c.name, func(t *testing.T) {
			n := load(t, c.name)
			require.Len(t, n.Layers, c.layers)
			attn := 0
			for i := range n.Layers {
				l := &n.Layers[i]
				assert.Equal(t, i, l.Index)
				if l.FromEinsum() {
					attn++
				}
				for _, name := range []string{"Inputs", "Weights", "Outputs"} {
					h, ok := l.Hist.Get(name)
					require.True(t, ok, "layer %d %s", i, name)
					assert.Equal(t, c.bins, h.Len())
					sum := 0.0
					for _, p := range h.Bins() {
						sum += p
					}
					assert.InDelta(t, 1, sum, 1e-12)
				}
				_, err := l.Problem(ProblemOptions{})
				require.NoError(t, err, "layer %d", i)
			}
			assert.Equal(t, c.attn, attn)
			assert.InDelta(t, 1, float64(n.MACs())/c.macs, 5e-4)
		})
	}
}

// The raw histograms of the embedded files are probabilities rounded to
// three significant figures: each sums to 1 within 2e-3 (checked on the
// file contents, independently of the parser).
func TestEmbeddedHistogramSums(t *testing.T) {
	names, err := Names()
	require.NoError(t, err)
	for _, name := range names {
		data, err := fs.ReadFile(stdlib.FS, Dir+"/"+name+".json")
		require.NoError(t, err)
		var raw struct {
			Layers []struct {
				Histograms map[string][]json.Number `json:"histograms"`
			} `json:"layers"`
		}
		require.NoError(t, json.Unmarshal(data, &raw), name)
		for i, l := range raw.Layers {
			for k, bins := range l.Histograms {
				sum := 0.0
				for _, b := range bins {
					f, err := b.Float64()
					require.NoError(t, err)
					sum += f
				}
				assert.LessOrEqual(t, math.Abs(sum-1), 2e-3, "%s layer %d %s", name, i, k)
			}
		}
	}
}

func TestStringNumberInData(t *testing.T) {
	// alexnet layer 3 Outputs bin 55 is the string "7e-05" in the file.
	l := load(t, "alexnet").Layers[3]
	h, ok := l.Hist.Get("Outputs")
	require.True(t, ok)
	sum := 0.0 // normalization divides every bin by the same raw sum
	data, err := fs.ReadFile(stdlib.FS, Dir+"/alexnet.json")
	require.NoError(t, err)
	var raw struct {
		Layers []struct {
			Histograms map[string][]json.Number `json:"histograms"`
		} `json:"layers"`
	}
	require.NoError(t, json.Unmarshal(data, &raw))
	for _, b := range raw.Layers[3].Histograms["Outputs"] {
		f, _ := b.Float64()
		sum += f
	}
	assert.Equal(t, json.Number("7e-05"), raw.Layers[3].Histograms["Outputs"][55])
	assert.InDelta(t, 7e-05/sum, h.P(55), 1e-15)
}

func TestDepthwiseAndAttention(t *testing.T) {
	// mobilenet_v3 layer 1: depthwise 3x3 on 16 channels at 112x112.
	l := load(t, "mobilenet_v3").Layers[1]
	assert.Equal(t, 16, l.Shape.G)
	assert.Equal(t, 1, l.Shape.C)
	assert.Equal(t, 1, l.Shape.M)
	assert.Equal(t, int64(16*112*112*9), l.MACs())
	// msft_phi_1_5 layer 1: attention with 32 heads as G.
	a := load(t, "msft_phi_1_5").Layers[1]
	assert.True(t, a.FromEinsum())
	assert.Equal(t, 32, a.Shape.G)
	assert.Equal(t, int64(1024*64*32*1024), a.MACs())
	// gpt2_medium layer 0: a matmul (Conv1D) with P tokens.
	g := load(t, "gpt2_medium").Layers[0]
	assert.Equal(t, "Conv1D", g.Op)
	assert.Equal(t, int64(1024*3072*256), g.MACs())
}
