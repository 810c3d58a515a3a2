package lower

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/check"
)

func TestSmokeFig5(t *testing.T) {
	src, err := os.ReadFile("../lang/testdata/fig5.cim")
	require.NoError(t, err)
	p, ds := check.Check(&check.Config{Root: "fig5.cim", Load: func(string) ([]byte, error) { return src, nil }, Std: testStd(), Classes: testClasses(t)})
	require.Empty(t, ds)
	prog, ds := Lower(p, Options{})
	require.Empty(t, ds)
	t.Log("\n" + prog.String())
}
