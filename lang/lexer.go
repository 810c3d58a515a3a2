package lang

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cimc-lang/cimc/lang/diag"
)

// Token types produced by the lexer. Keywords have a type of their own so
// that the grammar's @Ident never matches a reserved word.
const (
	tokEOF     = lexer.EOF
	tokIdent   = lexer.TokenType(-2)
	tokKeyword = lexer.TokenType(-3)
	tokNumber  = lexer.TokenType(-4)
	tokUnit    = lexer.TokenType(-5) // a unit symbol lexed right after a number on its line
	tokString  = lexer.TokenType(-6)
	tokPunct   = lexer.TokenType(-7)
	tokNumList = lexer.TokenType(-8) // "[1, 2 V, 3]": see mergeNumLists
)

// reserved lists the words that cannot be identifiers (TEAM.md, "Reserved
// words"). It is read-only after package initialisation.
var reserved = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range Keywords() {
		m[k] = true
	}
	return m
}()

// Keywords returns the reserved words of the language, sorted as in the
// language reference.
func Keywords() []string {
	return strings.Fields(keywordList)
}

const keywordList = `import as param workload network layer einsum sizes histogram encode
slice per arch container keep coalesce pass bypass reuse no must rmw_first_update attr include temporal spatial
factors only order maximize capacity no_iteration must_iterate mapping for in parallel along component sub
action if then else true false`

// puncts are the operators and punctuation, longest first so that "+="
// wins over "+".
var puncts = []string{
	"+=", "<=", ">=", "==", "!=", "&&", "||",
	"+", "-", "*", "/", "%", "^", "<", ">", "=", "!",
	"(", ")", "[", "]", "{", "}", ",", ":", ";", ".",
}

// maxDepth bounds bracket nesting and maxPrefix the number of nested
// prefix operators, "^" and "if" (which recurse in the grammar), so that a
// pathological input cannot exhaust the stack of the recursive-descent
// parser. Both are far beyond anything a person writes.
const (
	maxDepth  = 200
	maxPrefix = 500
)

// token is a lexed token with its byte range.
type token struct {
	typ        lexer.TokenType
	text       string
	start, end int
}

// lexDef is the participle lexer definition. Parse lexes the file itself
// (to report every lexical error with its own code) and hands the tokens to
// participle through ParseFromLexer, so Lex is only used by participle's
// own tooling.
type lexDef struct{}

// Symbols implements lexer.Definition.
func (lexDef) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": tokEOF, "Ident": tokIdent, "Keyword": tokKeyword, "Number": tokNumber,
		"Unit": tokUnit, "String": tokString, "Punct": tokPunct, "NumList": tokNumList,
	}
}

// Lex implements lexer.Definition.
func (d lexDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexBytes(filename, b)
}

// LexBytes implements lexer.BytesDefinition.
func (lexDef) LexBytes(filename string, b []byte) (lexer.Lexer, error) {
	sc := newScanner(filename, b)
	toks := sc.mergeNumLists(sc.scan())
	if len(sc.diags) > 0 {
		return nil, sc.diags[0]
	}
	return &tokenStream{sc: sc, toks: toks}, nil
}

// tokenStream replays already-lexed tokens to participle, converting each
// one as it is asked for (no intermediate slice: generated workload files
// have hundreds of thousands of tokens).
type tokenStream struct {
	sc   *scanner
	toks []token
	i    int
	line int // index into sc.lines of the line of the last token
}

// Next implements lexer.Lexer. After the EOF token it keeps returning EOF.
func (s *tokenStream) Next() (lexer.Token, error) {
	t := s.toks[s.i]
	if s.i < len(s.toks)-1 {
		s.i++
	}
	// Tokens come in order, so the line only moves forward.
	for s.line+1 < len(s.sc.lines) && s.sc.lines[s.line+1] <= t.start {
		s.line++
	}
	if s.sc.lines[s.line] > t.start {
		s.line = 0
		for s.line+1 < len(s.sc.lines) && s.sc.lines[s.line+1] <= t.start {
			s.line++
		}
	}
	return lexer.Token{Type: t.typ, Value: t.text, Pos: lexer.Position{
		Filename: s.sc.file, Offset: t.start, Line: s.line + 1, Column: t.start - s.sc.lines[s.line] + 1}}, nil
}

// scanner turns source bytes into tokens and lexical diagnostics.
type scanner struct {
	file  string
	src   string
	pos   int
	lines []int // byte offset of the start of each line
	diags diag.List
	fatal bool // a lexical error that leaves the token stream unusable

	// lists maps the start offset of a NumList token to the tokens it
	// merged ("[", numbers, units, commas, "]").
	lists map[int][]token

	// docs maps a line number to the text of a "//" comment that is alone
	// on that line, for ParamDecl.Doc.
	docs map[int]string
}

func newScanner(file string, src []byte) *scanner {
	s := &scanner{file: file, src: string(src)}
	s.lines = append(s.lines, 0)
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// position converts a byte offset to a diag.Pos (1-based line, byte column).
func (s *scanner) position(off int) diag.Pos {
	lo, hi := 0, len(s.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return diag.Pos{File: s.file, Offset: off, Line: lo + 1, Col: off - s.lines[lo] + 1}
}

func (s *scanner) rng(start, end int) diag.Range {
	return diag.Range{Start: s.position(start), End: s.position(end)}
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
func isDigit(b byte) bool      { return '0' <= b && b <= '9' }

// scan lexes the whole source; the last token is EOF. Lexical errors are
// recorded in s.diags and the offending bytes skipped.
func (s *scanner) scan() []token {
	toks := make([]token, 0, len(s.src)/4+1)
	if strings.HasPrefix(s.src, "\uFEFF") { // a byte order mark, as Go allows
		s.pos = len("\uFEFF")
	}
	for {
		s.skipSpace()
		if s.pos >= len(s.src) {
			toks = append(toks, token{typ: tokEOF, start: len(s.src), end: len(s.src)})
			return toks
		}
		start := s.pos
		c := s.src[s.pos]
		r, size := utf8.DecodeRuneInString(s.src[s.pos:])
		switch {
		case isDigit(c):
			toks = s.number(toks)
		case c == '"':
			toks = append(toks, s.str())
		case isIdentStart(r) && r != utf8.RuneError:
			s.pos += size
			for s.pos < len(s.src) {
				r, size := utf8.DecodeRuneInString(s.src[s.pos:])
				if !isIdentPart(r) || r == utf8.RuneError {
					break
				}
				s.pos += size
			}
			text := s.src[start:s.pos]
			typ := tokIdent
			if reserved[text] {
				typ = tokKeyword
			}
			toks = append(toks, token{typ: typ, text: text, start: start, end: s.pos})
		default:
			p := ""
			for _, q := range puncts {
				if strings.HasPrefix(s.src[s.pos:], q) {
					p = q
					break
				}
			}
			if p == "" {
				s.pos += size
				var msg string
				switch {
				case r == utf8.RuneError && size <= 1:
					msg = "invalid UTF-8 encoding"
				case c == '\'' || c == '`':
					msg = "invalid character " + strconv.Quote(string(r)) + " (strings use double quotes)"
				default:
					msg = "invalid character " + strconv.Quote(string(r))
				}
				s.diags.Errorf(s.rng(start, s.pos), diag.BadChar, "%s", msg)
				s.fatal = true
				continue
			}
			s.pos += len(p)
			toks = append(toks, token{typ: tokPunct, text: p, start: start, end: s.pos})
		}
	}
}

// checkNesting reports (and returns false for) input that would make the
// parser recurse too deeply: more than maxDepth open brackets, or more
// than maxPrefix nested operators. Operators are counted per bracket
// level and forgotten at "," ";" and at keywords that start an item, which
// over-estimates the real nesting a little and never under-estimates it.
func (s *scanner) checkNesting(toks []token) bool {
	stack := []int{0} // nested operators per open bracket
	total := 0
	for i, t := range toks {
		top := len(stack) - 1
		switch {
		case t.typ == tokPunct && (t.text == "(" || t.text == "[" || t.text == "{"):
			if len(stack) > maxDepth {
				s.diags.Errorf(s.rng(t.start, t.end), diag.Syntax, "brackets nested too deeply (more than %d levels)", maxDepth)
				return false
			}
			stack = append(stack, 0)
		case t.typ == tokPunct && (t.text == ")" || t.text == "]" || t.text == "}"):
			if top > 0 {
				total -= stack[top]
				stack = stack[:top]
			}
		case t.typ == tokPunct && (t.text == "," || t.text == ";"),
			t.typ == tokKeyword && t.text != "if" && t.text != "then" && t.text != "else" && t.text != "true" && t.text != "false":
			total -= stack[top]
			stack[top] = 0
		case t.typ == tokPunct && (t.text == "^" || t.text == "!" || (t.text == "-" && !endsOperand(toks, i-1))),
			t.typ == tokKeyword && t.text == "if":
			stack[top]++
			total++
			if total > maxPrefix {
				s.diags.Errorf(s.rng(t.start, t.end), diag.Syntax, "expression nested too deeply (more than %d operators)", maxPrefix)
				return false
			}
		}
	}
	return true
}

// mergeNumLists replaces every list literal made only of numbers (each
// with an optional unit) by one NumList token, recording the tokens it
// stands for in s.lists. A "[" right after a name, ")" or "]" is a fanout
// or tensor index, never a list literal, and is left alone.
func (s *scanner) mergeNumLists(toks []token) []token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.typ == tokPunct && t.text == "[" && !(i > 0 && (toks[i-1].typ == tokIdent || toks[i-1].text == ")" || toks[i-1].text == "]")) {
			if j := numListEnd(toks, i); j > i {
				if s.lists == nil {
					s.lists = map[int][]token{}
				}
				s.lists[t.start] = toks[i : j+1]
				out = append(out, token{typ: tokNumList, text: s.src[t.start:toks[j].end], start: t.start, end: toks[j].end})
				i = j
				continue
			}
		}
		if out == nil {
			out = make([]token, 0, len(toks))
		}
		out = append(out, t)
	}
	return out
}

// numListEnd returns the index of the "]" closing the number-only list
// that opens at toks[i], or -1.
func numListEnd(toks []token, i int) int {
	j := i + 1
	for {
		if j >= len(toks) || toks[j].typ != tokNumber {
			return -1
		}
		j++
		if j < len(toks) && toks[j].typ == tokUnit {
			j++
		}
		if j >= len(toks) || toks[j].typ != tokPunct {
			return -1
		}
		switch toks[j].text {
		case ",":
			j++
		case "]":
			return j
		default:
			return -1
		}
	}
}

// endsOperand reports whether toks[i] can end an operand, so that a "-"
// after it is binary.
func endsOperand(toks []token, i int) bool {
	if i < 0 {
		return false
	}
	switch t := toks[i]; t.typ {
	case tokIdent, tokNumber, tokUnit, tokString:
		return true
	case tokKeyword:
		return t.text == "true" || t.text == "false"
	case tokPunct:
		return t.text == ")" || t.text == "]"
	}
	return false
}

// skipSpace skips white space and comments.
func (s *scanner) skipSpace() {
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.pos++
		case strings.HasPrefix(s.src[s.pos:], "//"):
			start := s.pos
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++
			}
			if p := s.position(start); strings.TrimSpace(s.src[s.lines[p.Line-1]:start]) == "" {
				if s.docs == nil {
					s.docs = map[int]string{}
				}
				s.docs[p.Line] = strings.TrimRight(strings.TrimPrefix(strings.TrimPrefix(s.src[start:s.pos], "//"), " "), "\r")
			}
		case strings.HasPrefix(s.src[s.pos:], "/*"):
			end := strings.Index(s.src[s.pos+2:], "*/")
			if end < 0 {
				s.diags.Errorf(s.rng(s.pos, s.pos+2), diag.Syntax, "comment not terminated")
				s.fatal = true
				s.pos = len(s.src)
				return
			}
			s.pos += 2 + end + 2
		default:
			return
		}
	}
}

// number lexes a number and, when a unit symbol follows on the same line,
// a Unit token.
func (s *scanner) number(toks []token) []token {
	start := s.pos
	digits := func() {
		for s.pos < len(s.src) && (isDigit(s.src[s.pos]) || s.src[s.pos] == '_') {
			s.pos++
		}
	}
	digits()
	if s.pos+1 < len(s.src) && s.src[s.pos] == '.' && isDigit(s.src[s.pos+1]) {
		s.pos++
		digits()
	}
	if s.pos < len(s.src) && (s.src[s.pos] == 'e' || s.src[s.pos] == 'E') {
		q := s.pos + 1
		if q < len(s.src) && (s.src[q] == '+' || s.src[q] == '-') {
			q++
		}
		if q < len(s.src) && isDigit(s.src[q]) {
			s.pos = q
			digits()
		}
	}
	text := s.src[start:s.pos]
	if _, err := strconv.ParseFloat(text, 64); err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			s.diags.Errorf(s.rng(start, s.pos), diag.BadNumber, "number %q out of range", text)
		} else {
			s.diags.Errorf(s.rng(start, s.pos), diag.BadNumber, "invalid number %q", text).Help =
				"an underscore must stand between two digits"
		}
	}
	toks = append(toks, token{typ: tokNumber, text: text, start: start, end: s.pos})
	if u, ok := s.unitAfterNumber(); ok {
		toks = append(toks, u)
	}
	return toks
}

// unitAfterNumber lexes the unit symbol that may follow a number on the
// same line: a word that is not a reserved word, with an optional
// "^INT" power written without spaces, or "%" when what follows the "%"
// cannot start an operand (so "10 % 3" is still a remainder).
func (s *scanner) unitAfterNumber() (token, bool) {
	q := s.pos
	for q < len(s.src) && (s.src[q] == ' ' || s.src[q] == '\t') {
		q++
	}
	if q >= len(s.src) {
		return token{}, false
	}
	start := q
	if s.src[q] == '%' {
		if percentIsRemainder(s.src[q+1:]) {
			return token{}, false
		}
		s.pos = q + 1
		return token{typ: tokUnit, text: "%", start: start, end: s.pos}, true
	}
	r, size := utf8.DecodeRuneInString(s.src[q:])
	if !isIdentStart(r) || r == utf8.RuneError {
		return token{}, false
	}
	q += size
	for q < len(s.src) {
		r, size := utf8.DecodeRuneInString(s.src[q:])
		if !isIdentPart(r) || r == utf8.RuneError {
			break
		}
		q += size
	}
	if reserved[s.src[start:q]] {
		return token{}, false
	}
	// Optional power: ^2, ^-1 (no spaces).
	if q < len(s.src) && s.src[q] == '^' {
		p := q + 1
		if p < len(s.src) && s.src[p] == '-' {
			p++
		}
		if p < len(s.src) && isDigit(s.src[p]) {
			for p < len(s.src) && isDigit(s.src[p]) {
				p++
			}
			q = p
		}
	}
	s.pos = q
	return token{typ: tokUnit, text: s.src[start:q], start: start, end: q}, true
}

// percentIsRemainder decides whether a "%" right after a number is the
// remainder operator rather than the percent unit, from what follows it
// (rest) on the same line: the remainder when an operand follows ("10 % 3",
// "10 % x", "10 % (x)", "10 % -x", "10 % !x"), the unit otherwise ("10 %",
// "10 % * x", "10 % - 5 %", "10 % != x", "10 %(x)" a call on 10 %). The
// printer writes binary operators with spaces and unary ones attached, so
// every tree prints back to itself.
func percentIsRemainder(rest string) bool {
	r := 0
	for r < len(rest) && (rest[r] == ' ' || rest[r] == '\t') {
		r++
	}
	spaced := r > 0
	if r >= len(rest) {
		return false
	}
	next := byte(0)
	if r+1 < len(rest) {
		next = rest[r+1]
	}
	switch c, _ := utf8.DecodeRuneInString(rest[r:]); {
	case isIdentStart(c) || unicode.IsDigit(c) || c == '"' || c == '[':
		return true
	case c == '(':
		return spaced
	case c == '!':
		return next != '='
	case c == '-':
		return next != 0 && next != ' ' && next != '\t' && next != '\n' && next != '\r'
	}
	return false
}

// str lexes a double-quoted string with Go escapes.
func (s *scanner) str() token {
	start := s.pos
	s.pos++
	for {
		if s.pos >= len(s.src) || s.src[s.pos] == '\n' {
			s.diags.Errorf(s.rng(start, s.pos), diag.BadString, "string literal not terminated")
			s.fatal = true
			return token{typ: tokString, text: `""`, start: start, end: s.pos}
		}
		c := s.src[s.pos]
		if c == '\\' {
			s.pos += 2
			if s.pos > len(s.src) {
				s.pos = len(s.src)
			}
			continue
		}
		s.pos++
		if c == '"' {
			break
		}
	}
	text := s.src[start:s.pos]
	if _, err := strconv.Unquote(text); err != nil {
		s.diags.Errorf(s.rng(start, s.pos), diag.BadString, "invalid escape sequence in string literal")
		text = `""`
	}
	return token{typ: tokString, text: text, start: start, end: s.pos}
}
