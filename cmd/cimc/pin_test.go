package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPinBack checks issue 4's promise: the mapping the mapper chose,
// printed in the report, pasted back into the .cim file reproduces the
// result exactly.
func TestPinBack(t *testing.T) {
	for _, ex := range []string{"fig5.cim", "basic_analog.cim"} {
		t.Run(ex, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("../../examples", ex))
			require.NoError(t, err)
			dir := t.TempDir()
			free := filepath.Join(dir, "free.cim")
			require.NoError(t, os.WriteFile(free, src, 0o644))
			first := runJSON(t, free)
			require.Len(t, first.Layers, 1)
			assert.True(t, first.Search.Optimal)
			pinned := filepath.Join(dir, "pinned.cim")
			require.NoError(t, os.WriteFile(pinned, append(append(src, '\n'), first.Layers[0].Mapping...), 0o644))
			second := runJSON(t, pinned)
			require.Len(t, second.Layers, 1)
			assert.True(t, second.Search.Pinned)
			assert.Equal(t, first.Layers[0].EnergyJ, second.Layers[0].EnergyJ)
			assert.Equal(t, first.Layers[0].Cycles, second.Layers[0].Cycles)
			assert.Equal(t, first.Layers[0].Mapping, second.Layers[0].Mapping)
		})
	}
}

func runJSON(t *testing.T, file string) *report {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main([]string{"run", "-json", file}, &out, &errb)
	require.Equal(t, exitOK, code, errb.String())
	var r report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	return &r
}
