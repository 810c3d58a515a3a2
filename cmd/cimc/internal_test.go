package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cimc-lang/cimc/lang/diag"
)

// A compiler bug is reported (exit 3) only when the input has no error of
// its own; with a user error present, the user error is what is shown.
func TestInternalErrorsOnlyAlone(t *testing.T) {
	r := diag.Range{Start: diag.Pos{File: "a.cim", Line: 1, Col: 1}}
	var bug diag.List
	bug.Errorf(r, diag.Internal, "parser panic: boom")
	var b bytes.Buffer
	assert.Equal(t, exitInternal, printDiags(&b, bug, nil, false))
	assert.Contains(t, b.String(), "internal error, please report")

	both := append(diag.List(nil), bug...)
	both.Errorf(r, diag.Undefined, "undefined name %q", "x")
	b.Reset()
	assert.Equal(t, exitUser, printDiags(&b, both, nil, false))
	assert.Contains(t, b.String(), "E0201")
	assert.NotContains(t, b.String(), "E0901")
}
