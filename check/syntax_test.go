package check

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/lang/diag"
)

// With a syntax error, the declarations after it are missing from the
// tree; check reports the syntax error alone instead of "undefined b".
func TestSyntaxErrorsAlone(t *testing.T) {
	src := "param a = b + 1\nparam x = = 2\nparam b = 3\n"
	_, ds := Check(&Config{Root: "a.cim", Load: mapLoad(map[string]string{"a.cim": src}), Std: testStd(), Classes: testClasses(t)})
	require.NotEmpty(t, ds)
	for _, d := range ds {
		assert.Equal(t, diag.Syntax, d.Code, d.Error())
		assert.Equal(t, 2, d.Range.Start.Line, d.Error())
	}
}
