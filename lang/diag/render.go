package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// MaxErrors is how many diagnostics Render prints before "too many errors",
// as the Go compiler does.
const MaxErrors = 10

// Sources maps a file name to its contents, for snippets.
type Sources map[string][]byte

// Render writes the diagnostics sorted and de-duplicated, each as
//
//	file:line:col: error: message [CODE]
//	   |
//	19 |     source line
//	   |     ^^^^^
//	   = help: ...
//
// and stops after MaxErrors with a "too many errors" line.
func Render(w io.Writer, l List, src Sources) {
	l = l.Sort()
	for i, d := range l {
		if i == MaxErrors {
			fmt.Fprintf(w, "too many errors (%d more)\n", len(l)-MaxErrors)
			return
		}
		fmt.Fprintln(w, d.Error())
		snippet(w, d.Range, src)
		if d.Help != "" {
			for _, h := range strings.Split(d.Help, "\n") {
				fmt.Fprintf(w, "   = help: %s\n", h)
			}
		}
		for _, r := range d.Related {
			fmt.Fprintf(w, "   = note: %s: %s\n", r.Range.Start, r.Message)
		}
	}
}

func snippet(w io.Writer, r Range, src Sources) {
	if !r.Start.IsValid() {
		return
	}
	text, ok := src[r.Start.File]
	if !ok {
		return
	}
	line, ok := lineAt(text, r.Start.Line)
	if !ok {
		return
	}
	num := fmt.Sprint(r.Start.Line)
	pad := strings.Repeat(" ", len(num))
	fmt.Fprintf(w, "%s |\n%s | %s\n", pad, num, strings.ReplaceAll(line, "\t", " "))
	col := r.Start.Col - 1
	if col > len(line) {
		col = len(line)
	}
	width := 1
	if r.End.IsValid() && r.End.Line == r.Start.Line && r.End.Col > r.Start.Col {
		width = r.End.Col - r.Start.Col
	} else if r.End.IsValid() && r.End.Line > r.Start.Line {
		width = len(line) - col
	}
	if width < 1 {
		width = 1
	}
	fmt.Fprintf(w, "%s | %s%s\n", pad, strings.Repeat(" ", col), strings.Repeat("^", width))
}

func lineAt(text []byte, n int) (string, bool) {
	cur := 1
	start := 0
	for i := 0; i < len(text) && cur < n; i++ {
		if text[i] == '\n' {
			cur++
			start = i + 1
		}
	}
	if cur != n {
		return "", false
	}
	end := start
	for end < len(text) && text[end] != '\n' {
		end++
	}
	return strings.TrimRight(string(text[start:end]), "\r"), true
}

// RenderJSON writes the sorted, de-duplicated diagnostics as a JSON array
// (all of them, no cap: tools want every one).
func RenderJSON(w io.Writer, l List) error {
	l = l.Sort()
	if l == nil {
		l = List{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(l)
}
