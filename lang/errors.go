package lang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// Syntax errors. Participle reports an unexpected token together with the
// EBNF of the rest of the production it was in the middle of; expected()
// turns that EBNF into the set of things that could have come next (its
// FIRST set), naming grammar productions in words ("expression", "arch
// item") and keeping literal tokens quoted.

// productionNames names the grammar types in messages. A production not
// listed here is described by its FIRST set.
var productionNames = map[string]string{
	"GIdent": "name", "GStr": "string", "GNumber": "number", "GUnitWord": "unit",
	"GExpr": "expression", "GCond": "expression", "GBin": "expression", "GBinOp": "operator",
	"GUnary": "expression",
	"GPow":   "expression", "GPostfix": "expression", "GPrimary": "expression",
	"GUnitExpr": "unit", "GUnitTerm": "unit", "GUnitRest": `"*" or "/"`,
	"GArgList": `"("`, "GArg": "argument", "GField": "parameter", "GFieldList": `"("`,
	"GDSList": `dataspace name or "*"`, "GStar": `"*"`, "GFanout": `"["`, "GClassRef": "component class",
	"GXY": `"X" or "Y"`, "GTensor": "tensor", "GAssign": "name", "GSel": "name",
	"GDecl": "declaration", "GAItem": "arch item", "GWItem": "workload item", "GCItem": "constraint",
	"GCompItem": "component item", "GLayer": `"layer"`, "GLevel": "level name", "GLoop": `"for" or "parallel"`,
	"GSlice": `"slice"`, "GFactor": "dimension name", "GGroup": `"["`, "GParam": `"param"`,
	"GKind": `"temporal" or "spatial"`, "GNumList": `"["`, "GList": `"["`, "GParen": `"("`, "GWord": "directive", "GCaret": `"^"`,
}

// tokenKinds names participle's <type> references in EBNF.
var tokenKinds = map[string]string{
	"<ident>": "name", "<keyword>": "keyword", "<number>": "number", "<unit>": "unit",
	"<string>": "string", "<punct>": "operator", "<numlist>": "list",
}

// firstSet computes the FIRST set of an EBNF fragment as participle prints
// it: a sequence of "literal", Production, <token> and groups (...) with
// ?, * or + suffixes and | alternatives. Lookahead groups (?= ...) match
// nothing.
type firstSet struct {
	toks []string
	i    int
}

func ebnfTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			out = append(out, s[i:j])
			i = j
		case c == '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				j = len(s) - i - 1
			}
			out = append(out, s[i:i+j+1])
			i += j + 1
		case c == '(' && strings.HasPrefix(s[i:], "(?="), c == '(' && strings.HasPrefix(s[i:], "(?!"):
			out = append(out, s[i:i+3])
			i += 3
		case strings.ContainsRune("()|?*+!", rune(c)):
			out = append(out, s[i:i+1])
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(` "()|?*+<`, rune(s[j])) {
				j++
			}
			if j == i {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

func (f *firstSet) peek() string {
	if f.i < len(f.toks) {
		return f.toks[f.i]
	}
	return ""
}

// alts parses alternatives up to ")" or the end.
func (f *firstSet) alts() (first []string, nullable bool) {
	for {
		fs, n := f.seq()
		first = append(first, fs...)
		nullable = nullable || n
		if f.peek() != "|" {
			return first, nullable
		}
		f.i++
	}
}

func (f *firstSet) seq() (first []string, nullable bool) {
	nullable = true
	for {
		switch f.peek() {
		case "", "|", ")":
			return first, nullable
		}
		if t := f.peek(); t == "(?=" || t == "(?!" {
			// A guarded alternative: what it guards is reported by the
			// production that follows (an argument name is an expression).
			for f.peek() != "" && f.peek() != "|" && f.peek() != ")" {
				f.elem()
			}
			return first, true
		}
		fs, n := f.elem()
		if nullable {
			first = append(first, fs...)
			nullable = n
		}
	}
}

func (f *firstSet) elem() (first []string, nullable bool) {
	t := f.peek()
	f.i++
	switch {
	case t == "(?=" || t == "(?!":
		f.alts()
		if f.peek() == ")" {
			f.i++
		}
		return nil, true
	case t == "(":
		first, nullable = f.alts()
		if f.peek() == ")" {
			f.i++
		}
	case t == "!":
		f.elem()
		return nil, false
	case strings.HasPrefix(t, `"`):
		first = []string{t}
	case strings.HasPrefix(t, "<"):
		if k, ok := tokenKinds[t]; ok {
			first = []string{k}
		} else {
			first = []string{strings.Trim(t, "<>")}
		}
	default:
		if n, ok := productionNames[t]; ok {
			first = []string{n}
		} else {
			first = []string{t}
		}
	}
	switch f.peek() {
	case "?", "*":
		f.i++
		nullable = true
	case "+":
		f.i++
	}
	return first, nullable
}

// expected returns "A", "A or B" or "A, B or C" for an EBNF fragment.
func expected(ebnf string) string {
	f := &firstSet{toks: ebnfTokens(ebnf)}
	first, _ := f.alts()
	var uniq []string
	seen := map[string]bool{}
	for _, s := range first {
		for _, part := range strings.Split(s, " or ") {
			if !seen[part] {
				seen[part] = true
				uniq = append(uniq, part)
			}
		}
	}
	return orList(uniq)
}

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// describe names a token in a message: `"}"`, `"foo"`, `end of file`.
func describe(t token) string {
	switch t.typ {
	case tokEOF:
		return "end of file"
	case tokString:
		return "string " + t.text
	case tokNumber:
		return "number " + strconv.Quote(t.text)
	case tokNumList:
		return "list"
	}
	return strconv.Quote(t.text)
}

// blockKind names what a "{" opens, for "expected arch item or "}"": it
// scans back from the brace, over balanced brackets, to the keyword (or the
// ":" of a component instance) that introduced the block. parent is the
// kind of the enclosing block.
func (c *conv) blockKind(open int, parent string) string {
	depth := 0
	for i := open - 1; i >= 0; i-- {
		t := c.toks[i]
		switch t.text {
		case ")", "]":
			depth++
			continue
		case "(", "[":
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		switch t.text {
		case "arch", "container", ":":
			if t.typ == tokPunct || t.typ == tokKeyword {
				return "arch item"
			}
		case "workload", "layer":
			return "workload item"
		case "network":
			return `"layer"`
		case "component":
			return "component item"
		case "action":
			return "assignment"
		case "temporal", "spatial":
			return "constraint"
		case "mapping":
			return "level name"
		case "{", "}", ";":
			if parent == "level name" {
				return `"for" or "parallel"`
			}
			return ""
		}
	}
	return ""
}

// openBlock returns what the innermost "{" open before token i contains,
// or "" at top level.
func (c *conv) openBlock(i int) string {
	var stack []string
	for j := c.segStart; j < i && j < len(c.toks); j++ {
		switch c.toks[j].text {
		case "{":
			if c.toks[j].typ != tokPunct {
				continue
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, c.blockKind(j, parent))
		case "}":
			if c.toks[j].typ == tokPunct && len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return "declaration"
	}
	return stack[len(stack)-1]
}

// unexpectedToken builds the E0101 diagnostic for an unexpected token,
// given participle's message (which carries the EBNF of what was
// expected, if anything).
func (c *conv) unexpectedToken(tok lexer.Token, msg string) diag.Diagnostic {
	i := c.tokenAt(tok.Pos.Offset)
	t := c.toks[i]
	want := ""
	if k := strings.Index(msg, " (expected "); k >= 0 && strings.HasSuffix(msg, ")") {
		want = expected(msg[k+len(" (expected ") : len(msg)-1])
	}
	// A list of items that stopped at something that is not an item: say
	// what the list may hold, not only that it may end.
	if want == `"}"` || want == "" {
		if kind := c.openBlock(i); kind != "" {
			if want == "" {
				want = kind
			} else {
				want = kind + " or " + want
			}
		}
	}
	d := diag.Diagnostic{Severity: diag.Error, Code: diag.Syntax, Range: c.tokRange(i)}
	if want == "" {
		d.Message = "unexpected " + describe(t)
	} else {
		d.Message = "expected " + want + ", found " + describe(t)
	}
	if t.typ == tokKeyword && strings.Contains(want, "name") {
		d.Help = strconv.Quote(t.text) + " is a reserved word and cannot be used as a name"
	}
	// "depth = 1024 width = 64": a word right after a number on its line is
	// read as the number's unit, so a missing comma shows up one token
	// later. Say so when that word is no unit.
	if i > 1 && c.toks[i-1].typ == tokUnit && c.toks[i-2].typ == tokNumber {
		sym, _, _ := strings.Cut(c.toks[i-1].text, "^")
		if _, _, ok := units.Lookup(sym); !ok && sym != "%" {
			d.Help = fmt.Sprintf("%q after %s is read as a unit; is a comma missing before it?", sym, c.toks[i-2].text)
		}
	}
	return d
}
