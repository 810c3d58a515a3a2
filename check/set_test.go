package check

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A syntax error in a -set value is reported on the -set string itself,
// at the column where it occurs in "NAME=VALUE".
func TestSetSyntaxPosition(t *testing.T) {
	_, ds := Check(&Config{Root: "a.cim", Load: mapLoad(map[string]string{"a.cim": "param v = 1 V\n"}), Std: testStd(),
		Classes: testClasses(t), Overrides: []string{"v=1 V )"}})
	require.Len(t, ds, 1)
	assert.Equal(t, "-set", ds[0].Range.Start.File)
	assert.Equal(t, 1, ds[0].Range.Start.Line)
	// "v=1 V )": the stray ")" is at byte 6, column 7.
	assert.Equal(t, 7, ds[0].Range.Start.Col, ds[0].Error())
}
