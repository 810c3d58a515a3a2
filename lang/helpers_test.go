package lang

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
)

var rangeType = reflect.TypeOf(diag.Range{})

// dump prints a syntax tree compactly, without ranges, so that table tests
// can state the expected shape by hand: expressions fully parenthesised
// ("(a + (b * c))"), other nodes as Type{Field:value ...} with zero fields
// left out.
func dump(v any) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(v))
	return b.String()
}

func dumpValue(b *strings.Builder, v reflect.Value) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		b.WriteString("nil")
		return
	}
	switch n := v.Interface().(type) {
	case *ast.Ident:
		b.WriteString(n.Name)
		return
	case *ast.Ref:
		b.WriteString(n.Name.Name)
		return
	case *ast.NumberLit:
		if n.Text == "" {
			b.WriteString(strconv.FormatFloat(n.Value, 'g', -1, 64))
		}
		b.WriteString(n.Text)
		if n.Unit != nil {
			b.WriteString(" " + unitString(n.Unit))
		}
		return
	case *ast.StringLit:
		b.WriteString(strconv.Quote(n.Value))
		return
	case *ast.BoolLit:
		b.WriteString(strconv.FormatBool(n.Value))
		return
	case *ast.UnitExpr:
		b.WriteString(unitString(n))
		return
	case *ast.Binary:
		b.WriteString("(")
		dumpValue(b, reflect.ValueOf(n.X))
		b.WriteString(" " + n.Op + " ")
		dumpValue(b, reflect.ValueOf(n.Y))
		b.WriteString(")")
		return
	case *ast.Unary:
		b.WriteString("(" + n.Op)
		dumpValue(b, reflect.ValueOf(n.X))
		b.WriteString(")")
		return
	case *ast.Paren:
		b.WriteString("paren(")
		dumpValue(b, reflect.ValueOf(n.X))
		b.WriteString(")")
		return
	case *ast.Selector:
		dumpValue(b, reflect.ValueOf(n.X))
		b.WriteString("." + n.Sel.Name)
		return
	case *ast.Call:
		dumpValue(b, reflect.ValueOf(n.Fun))
		b.WriteString("(")
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			dumpValue(b, reflect.ValueOf(a))
		}
		b.WriteString(")")
		return
	case *ast.Arg:
		if n.Name != nil {
			b.WriteString(n.Name.Name + "=")
		}
		dumpValue(b, reflect.ValueOf(n.Value))
		return
	case *ast.ListLit:
		b.WriteString("[")
		for i, e := range n.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			dumpValue(b, reflect.ValueOf(e))
		}
		b.WriteString("]")
		return
	case *ast.Cond:
		b.WriteString("if(")
		dumpValue(b, reflect.ValueOf(n.Cond))
		b.WriteString(", ")
		dumpValue(b, reflect.ValueOf(n.Then))
		b.WriteString(", ")
		dumpValue(b, reflect.ValueOf(n.Else))
		b.WriteString(")")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		dumpValue(b, v.Elem())
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{")
		first := true
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.Type() == rangeType || f.IsZero() || (f.Kind() == reflect.Slice && f.Len() == 0) {
				continue
			}
			if !first {
				b.WriteString(" ")
			}
			first = false
			b.WriteString(v.Type().Field(i).Name + ":")
			dumpValue(b, f)
		}
		b.WriteString("}")
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			dumpValue(b, v.Index(i))
		}
		b.WriteString("]")
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	default:
		fmt.Fprint(b, v.Interface())
	}
}

// walkRanges calls fn for every diag.Range field in the tree, with a path
// naming where it is.
func walkRanges(v reflect.Value, path string, fn func(path string, r diag.Range)) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			walkRanges(v.Elem(), path, fn)
		}
	case reflect.Struct:
		if v.Type() == rangeType {
			fn(path, v.Interface().(diag.Range))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			walkRanges(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkRanges(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

// posOK reports whether p is a consistent position in src: the line and
// column match the offset.
func posOK(name string, src []byte, p diag.Pos) bool {
	return newLineIndex(src).ok(name, p)
}

// lineIndex finds the line and column of an offset in O(log n).
type lineIndex struct {
	src    []byte
	starts []int
}

func newLineIndex(src []byte) lineIndex {
	ix := lineIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

func (ix lineIndex) ok(name string, p diag.Pos) bool {
	if p.File != name || p.Offset < 0 || p.Offset > len(ix.src) {
		return false
	}
	line := sort.SearchInts(ix.starts, p.Offset+1) // starts[line-1] <= offset
	return p.Line == line && p.Col == p.Offset-ix.starts[line-1]+1
}

// checkRanges fails unless every range in the tree is a valid, ordered
// pair of consistent positions inside src.
func checkRanges(t testing.TB, name string, src []byte, f *ast.File) {
	t.Helper()
	ix := newLineIndex(src)
	walkRanges(reflect.ValueOf(f), "File", func(path string, r diag.Range) {
		if !ix.ok(name, r.Start) || !ix.ok(name, r.End) || r.End.Offset < r.Start.Offset {
			t.Errorf("%s: bad range %+v", path, r)
		}
	})
}

// normalize clears every range and turns empty slices into nil, so that
// trees can be compared structurally with reflect.DeepEqual.
func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == rangeType {
			v.Set(reflect.Zero(rangeType))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			normalize(v.Field(i))
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			normalize(v.Index(i))
		}
	}
}

// sameTree reports whether a and b have the same structure (ranges and
// the file name aside).
func sameTree(a, b *ast.File) bool {
	normalize(reflect.ValueOf(a))
	normalize(reflect.ValueOf(b))
	a.Name, b.Name = "", ""
	return reflect.DeepEqual(a, b)
}

// diagLines renders diagnostics as "line:col: message [code]" lines.
func diagLines(l diag.List) string {
	var s []string
	for _, d := range l {
		s = append(s, fmt.Sprintf("%d:%d: %s [%s]", d.Range.Start.Line, d.Range.Start.Col, d.Message, d.Code))
	}
	return strings.Join(s, "\n")
}
