package workload

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxDepth bounds the nesting of a parsed literal.
const maxDepth = 16

// parsePy parses the subset of Python literals histograms are written in:
// dicts with string keys, lists and tuples, numbers and quoted strings
// (no escapes other than a backslash before the quote). It returns
// map[string]any, []any, float64 or string. Anything else is an error
// naming the byte offset. It never evaluates code.
func parsePy(src string) (any, error) {
	p := &pyParser{src: src}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, p.errorf("unexpected %q after the value", p.src[p.pos:min(len(p.src), p.pos+10)])
	}
	return v, nil
}

type pyParser struct {
	src string
	pos int
}

func (p *pyParser) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *pyParser) space() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *pyParser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested too deeply")
	}
	p.space()
	if p.pos >= len(p.src) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.dict(depth)
	case c == '[':
		return p.list(depth, ']')
	case c == '(':
		return p.list(depth, ')')
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.errorf("unexpected %q", c)
	}
}

func (p *pyParser) dict(depth int) (any, error) {
	p.pos++ // {
	out := map[string]any{}
	for {
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return out, nil
		}
		if p.pos >= len(p.src) || (p.src[p.pos] != '\'' && p.src[p.pos] != '"') {
			return nil, p.errorf("expected a quoted key or '}'")
		}
		kpos := p.pos
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		if _, dup := out[k]; dup {
			p.pos = kpos
			return nil, p.errorf("duplicate key %q", k)
		}
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.errorf("expected ':' after key %q", k)
		}
		p.pos++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out[k] = v
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return out, nil
		}
		return nil, p.errorf("expected ',' or '}'")
	}
}

func (p *pyParser) list(depth int, end byte) (any, error) {
	p.pos++ // [ or (
	out := []any{}
	for {
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == end {
			p.pos++
			return out, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == end {
			p.pos++
			return out, nil
		}
		return nil, p.errorf("expected ',' or %q", end)
	}
}

func (p *pyParser) str() (string, error) {
	q := p.src[p.pos]
	start := p.pos
	p.pos++
	var sb strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == q:
			p.pos++
			return sb.String(), nil
		case c == '\\' && p.pos+1 < len(p.src) && (p.src[p.pos+1] == q || p.src[p.pos+1] == '\\'):
			sb.WriteByte(p.src[p.pos+1])
			p.pos += 2
		case c == '\n':
			p.pos = start
			return "", p.errorf("unterminated string")
		default:
			sb.WriteByte(c)
			p.pos++
		}
	}
	p.pos = start
	return "", p.errorf("unterminated string")
}

func (p *pyParser) number() (any, error) {
	start := p.pos
	for p.pos < len(p.src) && strings.IndexByte("+-.0123456789eE", p.src[p.pos]) >= 0 {
		p.pos++
	}
	text := p.src[start:p.pos]
	f, err := parseNumber(text)
	if err != nil {
		p.pos = start
		return nil, p.errorf("%v", err)
	}
	return f, nil
}

// parseNumber parses a finite decimal number ("7e-05", "0.25", "3").
func parseNumber(text string) (float64, error) {
	t := strings.TrimSpace(text)
	if t == "" || strings.ContainsAny(t, "xXpP") {
		return 0, fmt.Errorf("%q is not a finite number", text)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%q is not a finite number", text)
	}
	return f, nil
}
