package validation

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/stdlib"
)

// Levels lists the composition options of each level, as CiMLoop's
// arch/2_tile, 3_chip and 4_system directories (cimloop-spec.md 11).
type Levels struct {
	Tiles, Chips, Systems []string
}

// Options returns the tile, chip and system modules of the stdlib.
func Options() (Levels, error) { return OptionsFrom(stdlib.FS) }

// OptionsFrom lists std/tiles, std/chips and std/systems in fsys.
func OptionsFrom(fsys fs.FS) (Levels, error) {
	var l Levels
	for _, d := range []struct {
		dir string
		out *[]string
	}{{"std/tiles", &l.Tiles}, {"std/chips", &l.Chips}, {"std/systems", &l.Systems}} {
		ents, err := fs.ReadDir(fsys, d.dir)
		if err != nil {
			return l, err
		}
		for _, e := range ents {
			if n, ok := strings.CutSuffix(e.Name(), ".cim"); ok && !e.IsDir() {
				*d.out = append(*d.out, n)
			}
		}
		sort.Strings(*d.out)
	}
	return l, nil
}

var (
	paramLine = regexp.MustCompile(`^param\s+([A-Za-z_][A-Za-z0-9_]*)\b`)
	topLine   = regexp.MustCompile(`^\s*dummy_top:\s*dummy\s*\{[^}]*\}\s*$`)
	itemLine  = regexp.MustCompile(`^\s+(container\s|[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\s*:)`)
	innerLine = regexp.MustCompile(`^\s*inner_placeholder:\s*dummy\s*//\s*@inner\s*$`)
)

// Compose returns the source of a root module that runs a stdlib macro
// inside a system, a chip and a tile, as CiMLoop's top.yaml.jinja2 nests
// the four levels (cimloop-spec.md 11.4): the macro module's text, with
// its own top buffer (the default system ws_dummy_buffer_one_macro's
// dummy_top) replaced by the system, chip and tile archs nested through
// their @inner lines, and the level modules' parameters that the macro
// does not declare added. An empty level name means "none".
//
// The composition is textual because the language cannot yet pass an
// architecture to another (an arch parameter or slot); the level modules
// are ordinary, separately checked .cim files whose @inner placeholder
// line marks the slot. Tile components are prefixed tile_ where a macro
// uses the same CiMLoop name (ISAAC's input_buffer, example_traditional's
// output_quantize).
func Compose(fsys fs.FS, macro, tile, chip, system string) ([]byte, error) {
	if fsys == nil {
		fsys = stdlib.FS
	}
	src, err := fs.ReadFile(fsys, "std/macros/"+macro+".cim")
	if err != nil {
		return nil, fmt.Errorf("no macro %q", macro)
	}
	lines := strings.Split(string(src), "\n")
	declared := map[string]bool{}
	for _, ln := range lines {
		if m := paramLine.FindStringSubmatch(ln); m != nil {
			declared[m[1]] = true
		}
	}
	top := -1
	for i, ln := range lines {
		if topLine.MatchString(ln) {
			if top >= 0 {
				return nil, fmt.Errorf("macro %q has several dummy_top lines", macro)
			}
			top = i
		}
	}
	skip := 1 // the dummy_top line is replaced
	if top < 0 {
		// A macro without a top buffer (example_traditional, a whole
		// accelerator with its own DRAM): the levels go before the arch's
		// first component or container.
		skip = 0
		inArch := false
		for i, ln := range lines {
			if strings.HasPrefix(ln, "arch ") {
				inArch = true
				continue
			}
			if inArch && itemLine.MatchString(ln) {
				top = i
				break
			}
		}
		if top < 0 {
			return nil, fmt.Errorf("macro %q: cannot find its arch's first component", macro)
		}
	}
	// Find where the macro's arch ends: the first line that is exactly "}"
	// after the dummy_top line.
	end := -1
	for i := top; i < len(lines); i++ {
		if lines[i] == "}" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, fmt.Errorf("macro %q: cannot find the end of its arch", macro)
	}
	var params []string
	var opens, closes []string
	for _, lv := range []struct{ dir, name string }{{"std/systems", system}, {"std/chips", chip}, {"std/tiles", tile}} {
		name := lv.name
		if name == "" {
			name = "none"
		}
		text, err := fs.ReadFile(fsys, lv.dir+"/"+name+".cim")
		if err != nil {
			return nil, fmt.Errorf("no module %s/%s", lv.dir, name)
		}
		p, open, closing, err := slot(string(text))
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %v", lv.dir, name, err)
		}
		for _, ln := range p {
			m := paramLine.FindStringSubmatch(ln)
			if !declared[m[1]] {
				declared[m[1]] = true
				params = append(params, ln)
			}
		}
		opens = append(opens, open...)
		closes = append(closing, closes...)
	}
	var out []string
	out = append(out, fmt.Sprintf("// Composed by engine/validation.Compose: macro %s, tile %s, chip %s, system %s.",
		macro, or(tile), or(chip), or(system)))
	out = append(out, params...)
	out = append(out, lines[:top]...)
	out = append(out, opens...)
	out = append(out, lines[top+skip:end]...)
	out = append(out, closes...)
	out = append(out, lines[end:]...)
	return []byte(strings.Join(out, "\n")), nil
}

func or(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// slot splits a level module into its params, the arch body lines before
// the @inner line and those after it (without the arch's own braces).
func slot(text string) (params, open, closing []string, err error) {
	lines := strings.Split(text, "\n")
	start, inner, end := -1, -1, -1
	for i, ln := range lines {
		switch {
		case paramLine.MatchString(ln):
			params = append(params, ln)
		case start < 0 && strings.HasPrefix(ln, "arch "):
			start = i
		case innerLine.MatchString(ln):
			inner = i
		case ln == "}" && start >= 0 && end < 0:
			end = i
		}
	}
	if start < 0 || inner < 0 || end < 0 || !(start < inner && inner < end) {
		return nil, nil, nil, fmt.Errorf("expected one arch with an @inner line")
	}
	return params, lines[start+1 : inner], lines[inner+1 : end], nil
}

// WithNetwork appends the network module std/workloads/<net> to a root
// module's source, so that `net` (and, for networks with attention
// layers, `net`_no_attention) can be chosen as its workload: lowering
// only sees the root module's networks (see the package's report on
// gaps), so the network text is spliced rather than imported. The
// network's own batch_size parameter is dropped when the root declares
// one (every stdlib macro does: CiMLoop's BATCH_SIZE).
func WithNetwork(fsys fs.FS, root []byte, net string) ([]byte, error) {
	if fsys == nil {
		fsys = stdlib.FS
	}
	text, err := fs.ReadFile(fsys, "std/workloads/"+net+".cim")
	if err != nil {
		return nil, fmt.Errorf("no network %q in std/workloads", net)
	}
	declared := map[string]bool{}
	for _, ln := range strings.Split(string(root), "\n") {
		if m := paramLine.FindStringSubmatch(ln); m != nil {
			declared[m[1]] = true
		}
	}
	var out []string
	for _, ln := range strings.Split(string(text), "\n") {
		if m := paramLine.FindStringSubmatch(ln); m != nil && declared[m[1]] {
			continue
		}
		out = append(out, ln)
	}
	return append(append(append([]byte(nil), root...), '\n'), strings.Join(out, "\n")...), nil
}
