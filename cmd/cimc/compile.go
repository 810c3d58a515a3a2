package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/validation"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lower"
	"github.com/cimc-lang/cimc/stdlib"
)

// loader reads user files for check and remembers their text for
// diagnostics snippets. Only cmd/cimc touches the file system.
type loader struct {
	src diag.Sources
}

func newLoader() *loader { return &loader{src: diag.Sources{}} }

func (l *loader) load(path string) ([]byte, error) {
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		return nil, err
	}
	l.src[path] = b
	return b, nil
}

// stdSource returns the text of a stdlib file for snippets.
func (l *loader) sources() diag.Sources {
	out := diag.Sources{}
	for k, v := range l.src {
		out[k] = v
	}
	return out
}

// compileResult is what check + lower produced for one file.
type compileResult struct {
	prog    *check.Program
	ir      *ir.Program
	diags   diag.List
	sources diag.Sources
}

// registry builds the component class table once per process.
func registry() (*component.Registry, error) { return component.New() }

// compile checks a file and, when lowerToo, lowers it. A file name that
// starts with "std/" names a stdlib module and is read from the embedded
// stdlib (so "cimc run std/macros/basic_analog" needs no file of the user's).
func compile(file string, o *options, lowerToo bool) (*compileResult, error) {
	reg, err := registry()
	if err != nil {
		return nil, internalError{fmt.Errorf("building component classes: %w", err)}
	}
	ld := newLoader()
	root := filepath.ToSlash(file)
	load := ld.load
	if strings.HasPrefix(root, "std/") && !fileExists(file) {
		// A stdlib module run directly: read it from the embedded FS.
		p := root
		if !strings.HasSuffix(p, ".cim") {
			p += ".cim"
		}
		read := func() ([]byte, error) { return stdlib.FS.ReadFile(p) }
		if o.tile != "" || o.chip != "" || o.system != "" {
			// CiMLoop's top-level composition: system > chip > tile > macro.
			macro, ok := strings.CutPrefix(strings.TrimSuffix(p, ".cim"), "std/macros/")
			if !ok {
				return nil, fmt.Errorf("-tile, -chip and -system compose a stdlib macro (std/macros/NAME), not %s", file)
			}
			read = func() ([]byte, error) { return validation.Compose(stdlib.FS, macro, o.tile, o.chip, o.system) }
		}
		load = func(path string) ([]byte, error) {
			if path == p {
				b, err := read()
				if err == nil {
					ld.src[path] = b
				}
				return b, err
			}
			return ld.load(path)
		}
		root = p
	} else if o.tile != "" || o.chip != "" || o.system != "" {
		return nil, fmt.Errorf("-tile, -chip and -system compose a stdlib macro (std/macros/NAME), not %s", file)
	}
	cfg := &check.Config{Root: root, Load: load, Overrides: o.sets, Classes: reg}
	if o.workload != "" {
		// -workload resnet18 finds the stdlib network without an import.
		if _, err := fs.Stat(stdlib.FS, "std/workloads/"+o.workload+".cim"); err == nil {
			cfg.Workloads = []string{"std/workloads/" + o.workload}
		}
	}
	prog, diags := check.Check(cfg)
	res := &compileResult{prog: prog, diags: diags}
	if lowerToo && !diags.HasErrors() {
		p, ld := lower.Lower(prog, lower.Options{Arch: o.arch, Workload: o.workload})
		res.ir = p
		res.diags = append(res.diags, ld...).Sort()
	}
	res.sources = ld.sources()
	return res, nil
}

// internalError marks a compile failure that is a bug of cimc (exit 3);
// every other error of compile is a usage error (exit 2).
type internalError struct{ error }

// compileFailed prints a compile error and returns its exit code.
func compileFailed(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "cimc: %v\n", err)
	var ie internalError
	if errors.As(err, &ie) {
		return exitInternal
	}
	return exitUsage
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// printDiags writes diagnostics as text or JSON and returns the exit code
// they imply.
func printDiags(w io.Writer, l diag.List, src diag.Sources, asJSON bool) int {
	// A compiler bug (E09xx) is reported only when the input has no error
	// of its own: a user's mistake can provoke a follow-on bug, and the
	// user's error is what to fix first (STYLE.md).
	internal, user := false, false
	for _, d := range l {
		if d.Severity != diag.Error {
			continue
		}
		if strings.HasPrefix(d.Code, "E09") {
			internal = true
		} else {
			user = true
		}
	}
	if internal && user {
		kept := l[:0:0]
		for _, d := range l {
			if !strings.HasPrefix(d.Code, "E09") {
				kept = append(kept, d)
			}
		}
		l = kept
	}
	if asJSON {
		if err := diag.RenderJSON(w, l); err != nil {
			return exitInternal
		}
	} else {
		diag.Render(w, l, src)
	}
	switch {
	case internal && !user:
		fmt.Fprintln(w, "cimc: internal error, please report it with the input that caused it")
		return exitInternal
	case l.HasErrors():
		return exitUser
	}
	return exitOK
}

func cmdCheck(files []string, o *options, stdout, stderr io.Writer) int {
	var all diag.List
	src := diag.Sources{}
	for _, f := range files {
		res, err := compile(f, o, true)
		if err != nil {
			return compileFailed(stderr, err)
		}
		if isIOError(res.diags) {
			diag.Render(stderr, res.diags, res.sources)
			return exitUsage
		}
		all = append(all, res.diags...)
		for k, v := range res.sources {
			src[k] = v
		}
	}
	if o.json {
		return printDiags(stdout, all, src, true)
	}
	return printDiags(stderr, all, src, false)
}

// isIOError reports whether the only problem is that the root file could
// not be read: a usage/I-O error (exit 2), not a user error in a file.
func isIOError(l diag.List) bool {
	return len(l) == 1 && l[0].Code == diag.ReadFile
}

func cmdIR(file string, o *options, stdout, stderr io.Writer) int {
	res, err := compile(file, o, true)
	if err != nil {
		return compileFailed(stderr, err)
	}
	if isIOError(res.diags) {
		diag.Render(stderr, res.diags, res.sources)
		return exitUsage
	}
	if res.diags.HasErrors() {
		return printDiags(stderr, res.diags, res.sources, o.json)
	}
	printDiags(stderr, res.diags, res.sources, false) // warnings
	ir.Fprint(stdout, res.ir)
	return exitOK
}
