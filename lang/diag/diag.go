// Package diag holds source positions, ranges and diagnostics for every cimc
// stage, and renders them for people (file:line:col, the source line with
// carets, help) and for tools (JSON).
//
// Stages return a List; only cmd/cimc prints it. The package knows nothing of
// the language itself.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/go-multierror"
)

// Pos is a position in a source file: a byte offset plus the 1-based line
// and column (column counted in bytes) derived from it.
type Pos struct {
	File   string `json:"file,omitempty"`
	Offset int    `json:"offset"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
}

// IsValid reports whether p points into a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String is "file:line:col".
func (p Pos) String() string {
	if !p.IsValid() {
		if p.File != "" {
			return p.File
		}
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Range is a half-open byte range [Start, End) in one file.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// IsValid reports whether r has a valid start.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// String is the start position.
func (r Range) String() string { return r.Start.String() }

// Severity of a diagnostic.
type Severity int

// Severities.
const (
	Error Severity = iota
	Warning
	Note
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// MarshalText makes severities print as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Related is a secondary location that explains a diagnostic ("previous
// declaration here").
type Related struct {
	Range   Range  `json:"range"`
	Message string `json:"message"`
}

// Diagnostic is one message about the source.
type Diagnostic struct {
	Severity Severity  `json:"severity"`
	Code     string    `json:"code"` // stable code such as "E0204"; see codes.go
	Range    Range     `json:"range"`
	Message  string    `json:"message"`        // lower case, no final period
	Help     string    `json:"help,omitempty"` // explanation or suggestion
	Related  []Related `json:"related,omitempty"`
}

// Error renders the first line of the diagnostic, so a Diagnostic is an error.
func (d Diagnostic) Error() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Range.Start, d.Severity, d.Message, d.Code)
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Errorf appends an error diagnostic and returns a pointer to it so callers
// can attach help or related locations.
func (l *List) Errorf(r Range, code, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Error, Code: code, Range: r, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// Warnf appends a warning.
func (l *List) Warnf(r Range, code, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Severity: Warning, Code: code, Range: r, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// Add appends diagnostics.
func (l *List) Add(ds ...Diagnostic) { *l = append(*l, ds...) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns nil when l has no error, else the sorted diagnostics as one
// error for callers outside the stages (a *multierror.Error whose
// elements are Diagnostic values, so errors.As finds the first one).
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	var me *multierror.Error
	for _, d := range l.Sort() {
		me = multierror.Append(me, d)
	}
	me.ErrorFormat = func(es []error) string {
		s := make([]string, len(es))
		for i, e := range es {
			s[i] = e.Error()
		}
		return strings.Join(s, "\n")
	}
	return me
}

// Error joins the first lines of the diagnostics.
func (l List) Error() string {
	s := make([]string, len(l))
	for i, d := range l {
		s[i] = d.Error()
	}
	return strings.Join(s, "\n")
}

// Sort orders diagnostics by file, offset, code and message, and removes
// exact duplicates (same range, code and message), so a stage that reports
// the same problem twice shows it once.
func (l List) Sort() List {
	out := append(List(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Range.Start.File != b.Range.Start.File {
			return a.Range.Start.File < b.Range.Start.File
		}
		if a.Range.Start.Offset != b.Range.Start.Offset {
			return a.Range.Start.Offset < b.Range.Start.Offset
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
	w := 0
	for i, d := range out {
		if i > 0 {
			p := out[w-1]
			if p.Range == d.Range && p.Code == d.Code && p.Message == d.Message {
				continue
			}
		}
		out[w] = d
		w++
	}
	return out[:w]
}
