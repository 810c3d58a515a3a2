package main

import (
	"io/fs"
	"testing"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/workload"
	"github.com/cimc-lang/cimc/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommittedModulesMatch fails when stdlib/std/workloads/<net>.cim is
// not what the generator writes (run `go generate ./internal/gen/workloads`).
func TestCommittedModulesMatch(t *testing.T) {
	files, err := Generate()
	require.NoError(t, err)
	names, err := workload.Names()
	require.NoError(t, err)
	require.Len(t, files, len(names), "one module per embedded network")
	for _, f := range files {
		got, err := fs.ReadFile(stdlib.FS, "std/workloads/"+f.Name)
		if !assert.NoError(t, err, "%s is not committed", f.Name) {
			continue
		}
		assert.True(t, string(got) == string(f.Text), "std/workloads/%s differs from the generator output; run go generate ./internal/gen/workloads", f.Name)
	}
	// Deterministic: a second run gives the same bytes.
	again, err := Generate()
	require.NoError(t, err)
	for i := range files {
		assert.Equal(t, string(files[i].Text), string(again[i].Text))
	}
}

// TestResNet18Checks checks std/workloads/resnet18 as a root module and
// compares its layers with the JSON data (21 layers; layer 0 is
// {C:3, M:64, P:112, Q:112, R:7, S:7} with stride 2, from
// mit-emze/cimloop models/workloads/resnet18/00.yaml).
func TestResNet18Checks(t *testing.T) {
	reg, err := component.New()
	require.NoError(t, err)
	const root = "std/workloads/resnet18.cim"
	prog, diags := check.Check(&check.Config{Root: root, Classes: reg, Load: func(p string) ([]byte, error) {
		return fs.ReadFile(stdlib.FS, p)
	}})
	require.False(t, diags.HasErrors(), "%v", diags)
	require.Len(t, prog.Networks, 1)
	net := prog.Networks[0]
	assert.Equal(t, "resnet18", net.Name)
	data, err := workload.Load("resnet18")
	require.NoError(t, err)
	require.Len(t, net.Layers, len(data.Layers))
	assert.Len(t, net.Layers, 21)
}

// TestStringBinsKeepTheirText: vision_transformer keeps some bins as JSON
// strings ("7e-05"); the module writes the number itself.
func TestStringBinsKeepTheirText(t *testing.T) {
	got, err := number([]byte(`"7e-05"`))
	require.NoError(t, err)
	assert.Equal(t, "7e-05", got)
	got, err = number([]byte(`0.0153`))
	require.NoError(t, err)
	assert.Equal(t, "0.0153", got)
	_, err = number([]byte(`"x"`))
	assert.Error(t, err)
	_, err = number([]byte(`-1`))
	assert.Error(t, err)
}
