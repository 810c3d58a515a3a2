package lang

import (
	"errors"
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Parse parses one .cim source file. It always returns a non-nil file:
// on a syntax error the file holds the declarations that were complete
// before the error, and the list holds the error (participle stops at the
// first syntax error, so there is at most one per file). Lexical errors
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
	peek, err := lexer.Upgrade(&tokenStream{sc: sc, toks: toks})
	if err != nil {
		diags.Errorf(f.Src, diag.Internal, "internal error in the lexer: %v", err)
		return f, diags
	}
	g, err := grammar.ParseFromLexer(peek)
	c := &conv{sc: sc, toks: toks}
	if err != nil {
		diags = append(diags, c.syntaxError(err))
	}
	if g != nil {
		f.Decls = c.file(g)
	}
	diags = append(diags, c.diags...)
	return f, diags.Sort()
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
