package check

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/lang/diag"
)

// TestRenderResolutoin reproduces the diagnostic shown in LANGUAGE.md for
// a misspelled attribute. The document's header says 19:28, but its own
// caret line puts the range at column 19 (18 spaces after "| "), which is
// where "resolutoin" starts on that line; the caret is what we match.
func TestRenderResolutoin(t *testing.T) {
	src, err := os.ReadFile("testdata/render/fig5.cim")
	require.NoError(t, err)
	_, ds := Check(&Config{Root: "fig5.cim", Load: mapLoad(map[string]string{"fig5.cim": string(src)}), Std: testStd(), Classes: testClasses(t)})
	var b bytes.Buffer
	diag.Render(&b, ds, diag.Sources{"fig5.cim": src})
	want := `fig5.cim:19:19: error: unknown attribute "resolutoin" for class "dac" [E0204]
   |
19 |     dac_bank: dac(resolutoin = 1)            { pass Inputs }
   |                   ^^^^^^^^^^
   = help: did you mean "resolution"?
`
	assert.Equal(t, want, b.String())
}
