package diag

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"size", "size", 0},
		{"siez", "size", 1}, // adjacent swap counts as one edit (STYLE.md)
		{"resolutoin", "resolution", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment, not full Damerau
	} {
		assert.Equal(t, tc.want, Distance(tc.a, tc.b), "%q vs %q", tc.a, tc.b)
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"resolution", "width", "depth", "voltage"}
	assert.Equal(t, "resolution", Suggest("resolutoin", cands))
	assert.Equal(t, "depth", Suggest("dpeth", cands))
	assert.Equal(t, "", Suggest("frobnicate", cands))
	assert.Equal(t, `did you mean "width"?`, DidYouMean("widht", cands))
	assert.Equal(t, "", DidYouMean("width", []string{"width"}), "an exact match is no suggestion")
}

func rng(file string, off, line, col, n int) Range {
	return Range{Pos{file, off, line, col}, Pos{file, off + n, line, col + n}}
}

func TestRender(t *testing.T) {
	src := Sources{"fig5.cim": []byte("arch a {\n    dac_bank: dac(resolutoin = 1)\n}\n")}
	var l List
	l.Errorf(rng("fig5.cim", 23, 2, 19, 10), UnknownAttribute, "unknown attribute %q for class %q", "resolutoin", "dac").Help = `did you mean "resolution"?`
	var b bytes.Buffer
	Render(&b, l, src)
	want := `fig5.cim:2:19: error: unknown attribute "resolutoin" for class "dac" [E0204]
  |
2 |     dac_bank: dac(resolutoin = 1)
  |                   ^^^^^^^^^^
   = help: did you mean "resolution"?
`
	assert.Equal(t, want, b.String())
}

func TestSortDedupCap(t *testing.T) {
	var l List
	for i := 12; i >= 0; i-- {
		l.Errorf(rng("a.cim", i*10, i+1, 1, 1), Undefined, "undefined name %q", "x")
	}
	l.Errorf(rng("a.cim", 0, 1, 1, 1), Undefined, "undefined name %q", "x") // duplicate of the first
	s := l.Sort()
	require.Len(t, s, 13)
	for i := 1; i < len(s); i++ {
		assert.Less(t, s[i-1].Range.Start.Offset, s[i].Range.Start.Offset)
	}
	var b bytes.Buffer
	Render(&b, l, nil)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, MaxErrors+1)
	assert.Equal(t, "too many errors (3 more)", lines[MaxErrors])
}

func TestRenderJSON(t *testing.T) {
	var l List
	l.Errorf(rng("a.cim", 4, 1, 5, 3), UnitMismatch, "cannot add %s and %s", "time", "energy")
	var b bytes.Buffer
	require.NoError(t, RenderJSON(&b, l))
	var got []map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	require.Len(t, got, 1)
	assert.Equal(t, "error", got[0]["severity"])
	assert.Equal(t, "E0207", got[0]["code"])
	start := got[0]["range"].(map[string]any)["start"].(map[string]any)
	assert.Equal(t, float64(5), start["col"])
	b.Reset()
	require.NoError(t, RenderJSON(&b, nil))
	assert.Equal(t, "[]\n", b.String(), "no diagnostics is an empty array, not null")
}

func TestCodesDocumented(t *testing.T) {
	seen := map[string]bool{}
	for code := range Known {
		assert.Regexp(t, `^E0\d{3}$`, code)
		assert.False(t, seen[code])
		seen[code] = true
	}
	assert.Contains(t, Known, UnknownAttribute)
}

func TestErr(t *testing.T) {
	var l List
	assert.NoError(t, l.Err())
	l.Warnf(rng("a.cim", 0, 1, 1, 1), Undefined, "only a warning")
	assert.NoError(t, l.Err(), "warnings are not errors")
	l.Errorf(rng("a.cim", 9, 2, 1, 1), UnitMismatch, "second")
	l.Errorf(rng("a.cim", 5, 1, 6, 1), Undefined, "first")
	err := l.Err()
	require.Error(t, err)
	var d Diagnostic
	require.True(t, errors.As(err, &d))
	assert.Equal(t, "E0201", d.Code, "errors.As finds the first diagnostic in source order")
	assert.Contains(t, err.Error(), "a.cim:1:6: error: first [E0201]\na.cim:2:1: error: second [E0207]")
}
