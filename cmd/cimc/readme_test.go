package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeCommands runs every "./cimc ..." line of README.md's code
// blocks from the repository root and requires exit status 0, so the
// README's examples stay runnable and true.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every README command")
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	t.Chdir("../..")
	var cmds []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "```") {
			in = !in
			continue
		}
		if _, after, ok := strings.Cut(line, "&& ./cimc "); in && ok {
			line = "./cimc " + after // the set-up line: build, then run
		}
		if in && strings.HasPrefix(line, "./cimc ") {
			cmds = append(cmds, line)
		}
	}
	require.NotEmpty(t, cmds)
	for _, c := range cmds {
		t.Run(c, func(t *testing.T) {
			var args []string
			for _, f := range strings.Fields(strings.TrimPrefix(c, "./cimc ")) {
				if strings.ContainsAny(f, "*?") {
					m, err := filepath.Glob(f)
					require.NoError(t, err)
					args = append(args, m...)
					continue
				}
				args = append(args, f)
			}
			var out, errb bytes.Buffer
			code := Main(args, &out, &errb)
			assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
		})
	}
}

// TestReadmeLanguageExample runs the .cim excerpt of README.md's "The
// language" section, which the README says runs as it is.
func TestReadmeLanguageExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, sec, ok := strings.Cut(string(readme), "## The language")
	require.True(t, ok)
	parts := strings.SplitN(sec, "```", 3)
	require.Len(t, parts, 3)
	f := filepath.Join(t.TempDir(), "fig5.cim")
	require.NoError(t, os.WriteFile(f, []byte(parts[1]), 0o644))
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, Main([]string{"run", f}, &out, &errb), errb.String())
	assert.Contains(t, out.String(), "layer 0 gemv: 4 MACs")
}

// TestReadmeDiagnostic checks the diagnostic README.md shows ("A diagnostic
// looks like this") against what cimc check prints for a file whose line 4
// is the line the README quotes.
func TestReadmeDiagnostic(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, sec, ok := strings.Cut(string(readme), "A diagnostic looks like this")
	require.True(t, ok)
	parts := strings.SplitN(sec, "```", 3)
	require.Len(t, parts, 3)
	want := strings.TrimPrefix(parts[1], "\n")

	dir := t.TempDir()
	src := "workload w { einsum Outputs[m] += Inputs[c] * Weights[c, m]  sizes c = 2, m = 2 }\n" +
		"arch a {\n  attr technology = 32\n" +
		"    dac_bank: dac(resolutoin = 1) { pass Inputs }\n" +
		"  mac: free_mac\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.cim"), []byte(src), 0o644))
	t.Chdir(dir)
	var out, errb bytes.Buffer
	assert.Equal(t, exitUser, Main([]string{"check", "bad.cim"}, &out, &errb))
	assert.Equal(t, want, errb.String())
}
