package lang

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Parse parses one .cim source file. It always returns a non-nil file:
// on a syntax error the file holds the declarations that were complete,
// and the list holds the error. After a syntax error, parsing resumes at
// the next top-level declaration that starts a line, so a file can report
// several syntax errors (at most diag.MaxErrors). Lexical errors
// (E0102-E0104) are all reported; when one of them makes the token stream
// unusable the file is not parsed further. Unknown unit symbols are
// reported here (E0105) because they are a lexical matter.
//
// Parse never panics: an internal failure becomes an E0901 diagnostic.
func Parse(name string, src []byte) (f *ast.File, diags diag.List) {
	sc := newScanner(name, src)
	f = &ast.File{Name: name, Src: sc.rng(0, len(src))}
	defer func() {
		if r := recover(); r != nil {
			diags = append(diags, diag.Diagnostic{Severity: diag.Error, Code: diag.Internal,
				Range:   diag.Range{Start: sc.position(0), End: sc.position(0)},
				Message: fmt.Sprintf("internal error in the parser: %v", r), Help: "please report this bug with the input file"})
		}
	}()
	toks := sc.scan()
	if !sc.fatal && !sc.checkNesting(toks) {
		sc.fatal = true
	}
	diags = append(diags, sc.diags...)
	if sc.fatal {
		return f, diags.Sort()
	}
	toks = sc.mergeNumLists(toks)
	c := &conv{sc: sc, toks: toks}
	// Participle stops at the first syntax error. To report more than one
	// per file, parsing resumes at the next declaration that clearly
	// starts afresh (see resync), up to diag.MaxErrors syntax errors.
	for start, n := 0, 0; ; n++ {
		peek, err := lexer.Upgrade(&tokenStream{sc: sc, toks: toks[start:]})
		if err != nil {
			diags.Errorf(f.Src, diag.Internal, "internal error in the lexer: %v", err)
			return f, diags
		}
		c.segStart = start
		g, err := grammar.ParseFromLexer(peek)
		if g != nil {
			f.Decls = append(f.Decls, c.file(g)...)
		}
		if err == nil {
			break
		}
		d := c.syntaxError(err)
		diags = append(diags, d)
		next := c.resync(c.tokenAt(d.Range.Start.Offset))
		if next <= start || n+1 >= diag.MaxErrors {
			break
		}
		start = next
	}
	diags = append(diags, c.diags...)
	return f, diags.Sort()
}

// declKeywords start top-level declarations.
var declKeywords = map[string]bool{
	"import": true, "param": true, "workload": true, "network": true, "encode": true,
	"arch": true, "mapping": true, "component": true,
}

// resync returns the index of the token where parsing can resume after a
// syntax error at token errAt, or -1: the first declaration keyword at or
// after the error that stands first on its line, and either outside every
// brace or in column 1 (a declaration after one whose "}" is missing).
// Resuming anywhere else would mostly report follow-on errors.
func (c *conv) resync(errAt int) int {
	depth := 0
	for i, t := range c.toks {
		if i >= errAt && t.typ == tokKeyword && declKeywords[t.text] {
			p := c.sc.position(t.start)
			firstOnLine := strings.TrimSpace(c.sc.src[c.sc.lines[p.Line-1]:t.start]) == ""
			if firstOnLine && (depth == 0 || p.Col == 1) {
				return i
			}
		}
		if t.typ == tokPunct {
			switch t.text {
			case "{":
				depth++
			case "}":
				depth = max(0, depth-1)
			}
		}
	}
	return -1
}

// syntaxError converts a participle error into an E0101 diagnostic at the
// offending token.
func (c *conv) syntaxError(err error) diag.Diagnostic {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		return c.unexpectedToken(ute.Unexpected, ute.Message())
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		tok := c.tokenAt(perr.Position().Offset)
		return diag.Diagnostic{Severity: diag.Error, Code: diag.Syntax, Range: c.tokRange(tok), Message: perr.Message()}
	}
	return diag.Diagnostic{Severity: diag.Error, Code: diag.Syntax, Range: c.sc.rng(0, 0), Message: err.Error()}
}

// tokenAt returns the index of the token that starts at off (or the first
// after it).
func (c *conv) tokenAt(off int) int {
	for i, t := range c.toks {
		if t.start >= off {
			return i
		}
	}
	return len(c.toks) - 1
}

func (c *conv) tokRange(i int) diag.Range {
	t := c.toks[i]
	return c.sc.rng(t.start, t.end)
}
