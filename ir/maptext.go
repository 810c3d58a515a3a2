package ir

import (
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/lang/diag"
)

// FormatMapping prints m in the .cim mapping syntax, one loop per line:
//
//	mapping for ARCH {
//	  LEVEL {
//	    for d in N
//	    parallel for d in N along X
//	  }
//	}
//
// Within a level the temporal loops come first (outermost first), then the
// spatial loops, which sit inside them in the nest. Levels that own no
// loops are omitted. ParseMapping reads the text back.
func FormatMapping(p *Problem, a *Arch, m *Mapping) string {
	var b strings.Builder
	b.WriteString("mapping for ")
	b.WriteString(a.Name)
	b.WriteString(" {\n")
	for i := 0; i < len(m.Levels); i++ {
		name := "?"
		if i < len(a.Levels) {
			name = a.Levels[i].Name
		}
		// A component with a fanout (NAME[n]: class) lowers to a container
		// level and a component level of the same name: print them as one
		// block, the container's spatial loops first (they are outside the
		// component's loops in the nest). ParseMapping splits them again.
		group := []int{i}
		for i+1 < len(m.Levels) && i+1 < len(a.Levels) && a.Levels[i+1].Name == name {
			i++
			group = append(group, i)
		}
		empty := true
		for _, j := range group {
			if len(m.Levels[j].Temporal)+len(m.Levels[j].Spatial) > 0 {
				empty = false
			}
		}
		if empty {
			continue
		}
		b.WriteString("  ")
		b.WriteString(name)
		b.WriteString(" {\n")
		for _, j := range group {
			lm := &m.Levels[j]
			for _, l := range lm.Temporal {
				b.WriteString("    for ")
				b.WriteString(dimName(p, l.Dim))
				b.WriteString(" in ")
				b.WriteString(strconv.Itoa(l.Bound))
				b.WriteByte('\n')
			}
			for _, l := range lm.Spatial {
				b.WriteString("    parallel for ")
				b.WriteString(dimName(p, l.Dim))
				b.WriteString(" in ")
				b.WriteString(strconv.Itoa(l.Bound))
				b.WriteString(" along ")
				b.WriteString(l.Axis.String())
				b.WriteByte('\n')
			}
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func dimName(p *Problem, d int) string {
	if d >= 0 && d < len(p.Dims) {
		return p.Dims[d].Name
	}
	return "?" + strconv.Itoa(d)
}

// mtok is a token of the mapping text: a word, a number, or one of { } ;.
type mtok struct {
	text string
	pos  diag.Pos
	end  diag.Pos
}

func mapTokens(file, src string) ([]mtok, diag.Pos) {
	var toks []mtok
	line, col := 1, 1
	pos := func(off int) diag.Pos { return diag.Pos{File: file, Offset: off, Line: line, Col: col} }
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			i++
			line, col = line+1, 1
		case c == ' ' || c == '\t' || c == '\r' || c == ';':
			i++
			col++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
				col++
			}
		case c == '{' || c == '}':
			p := pos(i)
			i++
			col++
			toks = append(toks, mtok{string(c), p, pos(i)})
		default:
			p := pos(i)
			j := i
			for j < len(src) && !strings.ContainsRune(" \t\r\n{};", rune(src[j])) && !(src[j] == '/' && j+1 < len(src) && src[j+1] == '/') {
				j++
			}
			if j == i { // a lone '/'
				j = i + 1
			}
			col += j - i
			toks = append(toks, mtok{src[i:j], p, pos(j)})
			i = j
		}
	}
	return toks, pos(len(src))
}

// ParseMapping reads the text FormatMapping prints (file names the source
// in diagnostics) into a Mapping for problem p on architecture a. Loop
// bounds are integer literals; "along" defaults to X. Errors are located
// diagnostics: E0101 for syntax, E0401 for unknown levels or dimensions and
// bad bounds.
func ParseMapping(file, src string, p *Problem, a *Arch) (*Mapping, diag.List) {
	var l diag.List
	toks, eof := mapTokens(file, src)
	k := 0
	peek := func() *mtok {
		if k < len(toks) {
			return &toks[k]
		}
		return nil
	}
	rng := func(t *mtok) diag.Range {
		if t == nil {
			return diag.Range{Start: eof, End: eof}
		}
		return diag.Range{Start: t.pos, End: t.end}
	}
	found := func(t *mtok) string {
		if t == nil {
			return "end of input"
		}
		return strconv.Quote(t.text)
	}
	expect := func(want string) bool {
		t := peek()
		if t == nil || t.text != want {
			l.Errorf(rng(t), diag.Syntax, "expected %q, found %s", want, found(t))
			return false
		}
		k++
		return true
	}
	ident := func(what string) (*mtok, bool) {
		t := peek()
		if t == nil || !isIdent(t.text) {
			l.Errorf(rng(t), diag.Syntax, "expected %s, found %s", what, found(t))
			return t, false
		}
		k++
		return t, true
	}
	m := &Mapping{Levels: make([]LevelMapping, len(a.Levels))}
	start := peek()
	if !expect("mapping") {
		return nil, l
	}
	if t := peek(); t != nil && t.text == "for" {
		k++
		name, ok := ident("an architecture name")
		if !ok {
			return nil, l
		}
		if name.text != a.Name {
			l.Errorf(rng(name), diag.BadMapping, "mapping is for architecture %q, expected %q", name.text, a.Name)
		}
	}
	if !expect("{") {
		return nil, l
	}
	levelNames := make([]string, len(a.Levels))
	for i := range a.Levels {
		levelNames[i] = a.Levels[i].Name
	}
	dimNames := make([]string, len(p.Dims))
	for i := range p.Dims {
		dimNames[i] = p.Dims[i].Name
	}
	for {
		t := peek()
		if t == nil {
			l.Errorf(rng(t), diag.Syntax, "expected a level name or \"}\", found end of input")
			return nil, l
		}
		if t.text == "}" {
			k++
			break
		}
		name, ok := ident("a level name")
		if !ok {
			return nil, l
		}
		// Temporal loops go to the last level of that name, spatial loops
		// to the first one of that name that owns a fanout (see
		// FormatMapping: a component with a fanout is two levels).
		li, lf := -1, -1
		for i, n := range levelNames {
			if n == name.text {
				li = i
				if lf < 0 && a.Levels[i].Fanout() > 1 {
					lf = i
				}
			}
		}
		if lf < 0 {
			lf = li
		}
		if li < 0 {
			l.Errorf(rng(name), diag.BadMapping, "unknown level %q in architecture %q", name.text, a.Name).Help =
				diag.DidYouMean(name.text, levelNames)
		}
		if !expect("{") {
			return nil, l
		}
		for {
			t := peek()
			if t == nil {
				l.Errorf(rng(t), diag.Syntax, "expected a loop or \"}\", found end of input")
				return nil, l
			}
			if t.text == "}" {
				k++
				break
			}
			spatial := false
			if t.text == "parallel" {
				spatial = true
				k++
			}
			if !expect("for") {
				return nil, l
			}
			dn, ok := ident("a dimension name")
			if !ok {
				return nil, l
			}
			dim := p.DimIndex(dn.text)
			if dim < 0 {
				l.Errorf(rng(dn), diag.BadMapping, "unknown dimension %q in problem %q", dn.text, p.Name).Help =
					diag.DidYouMean(dn.text, dimNames)
			}
			if !expect("in") {
				return nil, l
			}
			bt := peek()
			if bt == nil {
				l.Errorf(rng(bt), diag.Syntax, "expected a loop bound, found end of input")
				return nil, l
			}
			k++
			bound, err := strconv.Atoi(strings.ReplaceAll(bt.text, "_", ""))
			if err != nil || bound < 1 {
				l.Errorf(rng(bt), diag.BadMapping, "loop bound must be a positive integer, found %q", bt.text)
			}
			loop := Loop{Dim: dim, Bound: bound, Spatial: spatial}
			if t := peek(); spatial && t != nil && t.text == "along" {
				k++
				at := peek()
				switch {
				case at != nil && at.text == "X":
					loop.Axis = AxisX
				case at != nil && at.text == "Y":
					loop.Axis = AxisY
				default:
					l.Errorf(rng(at), diag.Syntax, "expected X or Y, found %s", found(at))
					return nil, l
				}
				k++
			}
			if li >= 0 && dim >= 0 {
				if spatial {
					m.Levels[lf].Spatial = append(m.Levels[lf].Spatial, loop)
				} else {
					m.Levels[li].Temporal = append(m.Levels[li].Temporal, loop)
				}
			}
		}
	}
	if t := peek(); t != nil {
		l.Errorf(rng(t), diag.Syntax, "expected end of input, found %s", found(t))
	}
	if start != nil {
		last := toks[len(toks)-1]
		m.Src = diag.Range{Start: start.pos, End: last.end}
	}
	if l.HasErrors() {
		return nil, l
	}
	return m, l
}

func isIdent(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
