package check

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSmokeFig5(t *testing.T) {
	src, err := os.ReadFile("../lang/testdata/fig5.cim")
	require.NoError(t, err)
	p, ds := Check(&Config{Root: "fig5.cim", Load: mapLoad(map[string]string{"fig5.cim": string(src)}), Std: testStd(), Classes: testClasses(t)})
	for _, d := range ds {
		t.Log(d.Error(), d.Help)
	}
	require.Empty(t, ds)
	t.Logf("%+v", p.Params)
}
