package ir

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mtProblem() *Problem {
	return &Problem{Name: "conv", Dims: []Dim{{Name: "C", Size: 4}, {Name: "M", Size: 8}, {Name: "P", Size: 6}}}
}

func mtArch() *Arch {
	return &Arch{Name: "chip", Levels: []Level{
		{Name: "DRAM", Kind: Storage},
		{Name: "GLB", Kind: Storage, FanoutX: 4, FanoutY: 2},
		{Name: "inter_pe_spatial", Kind: Container},
		{Name: "PE", Kind: Storage},
		{Name: "MAC", Kind: Compute},
	}}
}

func mtMapping() *Mapping {
	return &Mapping{Levels: []LevelMapping{
		{Temporal: []Loop{{Dim: 2, Bound: 2}}},
		{Temporal: []Loop{{Dim: 1, Bound: 2}, {Dim: 2, Bound: 3}},
			Spatial: []Loop{{Dim: 0, Bound: 2, Spatial: true, Axis: AxisY}, {Dim: 1, Bound: 4, Spatial: true, Axis: AxisX}}},
		{},
		{Temporal: []Loop{{Dim: 0, Bound: 2}, {Dim: 1, Bound: 1}}},
		{},
	}}
}

const mtText = `mapping for chip {
  DRAM {
    for P in 2
  }
  GLB {
    for M in 2
    for P in 3
    parallel for C in 2 along Y
    parallel for M in 4 along X
  }
  PE {
    for C in 2
    for M in 1
  }
}
`

func TestFormatMapping(t *testing.T) {
	assert.Equal(t, mtText, FormatMapping(mtProblem(), mtArch(), mtMapping()))
}

func TestMappingRoundTrip(t *testing.T) {
	p, a := mtProblem(), mtArch()
	m, dl := ParseMapping("m.cim", mtText, p, a)
	require.Empty(t, dl)
	want := mtMapping()
	require.Len(t, m.Levels, len(want.Levels))
	for i := range want.Levels {
		assert.Equal(t, len(want.Levels[i].Temporal), len(m.Levels[i].Temporal), "level %d", i)
		assert.Equal(t, len(want.Levels[i].Spatial), len(m.Levels[i].Spatial), "level %d", i)
		for j := range want.Levels[i].Temporal {
			assert.Equal(t, want.Levels[i].Temporal[j], m.Levels[i].Temporal[j])
		}
		for j := range want.Levels[i].Spatial {
			assert.Equal(t, want.Levels[i].Spatial[j], m.Levels[i].Spatial[j])
		}
	}
	assert.Equal(t, 1, m.Src.Start.Line)
	assert.Equal(t, mtText, FormatMapping(p, a, m))
	// Free layout: one line, semicolons, a comment, default axis X.
	m2, dl := ParseMapping("m.cim", "mapping { GLB { parallel for M in 4; for P in 6 } // x\n DRAM{for C in 4} PE { for M in 2 } }", p, a)
	require.Empty(t, dl)
	assert.Equal(t, []Loop{{Dim: 1, Bound: 4, Spatial: true, Axis: AxisX}}, m2.Levels[1].Spatial)
	assert.Equal(t, []Loop{{Dim: 2, Bound: 6}}, m2.Levels[1].Temporal)
	assert.Equal(t, []Loop{{Dim: 0, Bound: 4}}, m2.Levels[0].Temporal)
}

func TestParseMappingErrors(t *testing.T) {
	for _, tc := range []struct {
		src, code, pos, msg string
	}{
		{"mapping for chip { GLB { for Q in 2 } }", "E0401", "m:1:30", `unknown dimension "Q"`},
		{"mapping for chip { GBL { for P in 2 } }", "E0401", "m:1:20", `unknown level "GBL"`},
		{"mapping for chip {\n  GLB { for P in x }\n}", "E0401", "m:2:18", `positive integer, found "x"`},
		{"mapping for chip { GLB { for P 2 } }", "E0101", "m:1:32", `expected "in", found "2"`},
		{"mapping for chip { GLB { parallel for P in 2 along Z } }", "E0101", "m:1:52", `expected X or Y`},
		{"mapping for chip { GLB { for P in 2 }", "E0101", "m:1:38", `found end of input`},
		{"mapping for other { }", "E0401", "m:1:13", `for architecture "other"`},
		{"mapping for chip { } extra", "E0101", "m:1:22", `expected end of input`},
	} {
		_, dl := ParseMapping("m", tc.src, mtProblem(), mtArch())
		require.NotEmpty(t, dl, tc.src)
		assert.Equal(t, tc.code, dl[0].Code, tc.src)
		assert.Equal(t, tc.pos, dl[0].Range.Start.String(), tc.src)
		assert.Contains(t, dl[0].Message, tc.msg, tc.src)
	}
	_, dl := ParseMapping("m", "mapping for chip { GBL { } }", mtProblem(), mtArch())
	require.NotEmpty(t, dl)
	assert.Equal(t, `did you mean "GLB"?`, dl[0].Help)
}
