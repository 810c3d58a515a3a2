package check

import (
	"github.com/cimc-lang/cimc/ast"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// A loader that serves a file for every path (a directory linked into
// itself) must not recurse forever.
func TestImportDepthBound(t *testing.T) {
	src := []byte("import \"lib/m.cim\"\nparam x = 1\n")
	_, ds := Check(&Config{Root: "m.cim", Load: func(string) ([]byte, error) { return src, nil }, Std: testStd(), Classes: testClasses(t)})
	require.Len(t, ds, 1)
	assert.Equal(t, diag.ImportCycle, ds[0].Code)
	assert.Contains(t, ds[0].Message, "nested more than 64 deep")
}

// Values are evaluated in SI units with their dimension; -set overrides
// apply in order and are re-type-checked.
func TestParamValues(t *testing.T) {
	src := `param v = 0.85 V
param t = 2 ns
param p = 2 pJ / 1 ns
param e = p * t
param n = 2 ^ 10
param r = max(3, 7) - min([4, 2])
param s = sqrt(16 um^2)
param k = if v > 1 V then 1 else 2
`
	p, ds := Check(&Config{Root: "a.cim", Load: mapLoad(map[string]string{"a.cim": src}), Std: testStd(), Classes: testClasses(t),
		Overrides: []string{"t = 4 ns", "v=1.2 V"}})
	require.Empty(t, ds)
	got := map[string]Value{}
	for _, prm := range p.Params {
		got[prm.Name] = prm.Value
	}
	near := func(name string, want float64, dim units.Dim) {
		t.Helper()
		v := got[name]
		assert.Equal(t, Number, v.Kind, name)
		assert.Equal(t, dim, v.Dim, name)
		assert.InEpsilon(t, want, v.Num, 1e-12, name)
	}
	near("v", 1.2, units.Voltage)                                                      // overridden
	near("t", 4e-9, units.Time)                                                        // overridden
	near("p", 2e-12/1e-9, units.Power)                                                 // 2 mW
	near("e", 2e-3*4e-9, units.Energy)                                                 // 8 pJ with the overridden t
	near("n", 1024, units.None)                                                        //
	near("r", 7-2, units.None)                                                         //
	near("s", 4e-6, units.Length)                                                      // sqrt(16e-12 m^2)
	near("k", 1, units.None)                                                           // 1.2 V > 1 V
	assert.Equal(t, []string{"v", "t", "p", "e", "n", "r", "s", "k"}, names(p.Params)) // source order
	// The side table holds the value of every evaluated expression.
	for _, d := range p.Root.Files[0].Decls {
		prm := d.(*ast.ParamDecl)
		v, ok := p.Values[prm.Value]
		require.True(t, ok, prm.Name.Name)
		if prm.Name.Name == "p" {
			assert.InEpsilon(t, 2e-3, v.Num, 1e-12)
		}
	}
}

func names(ps []Param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// -set replaces a parameter everywhere it is used, including import
// arguments and component field defaults evaluated early.
func TestSetBeforeUse(t *testing.T) {
	files := map[string]string{
		"a.cim": `import "lib.cim" (rows = n)
param n = 4
component c(r = n) { area = 1 um^2 }
param total = lib.cells
`,
		"lib.cim": "param rows = 32\nparam cells = rows * 2\n",
	}
	p, ds := Check(&Config{Root: "a.cim", Load: mapLoad(files), Std: testStd(), Classes: testClasses(t), Overrides: []string{"n=16"}})
	require.Empty(t, ds)
	for _, prm := range p.Params {
		switch prm.Name {
		case "n":
			assert.Equal(t, 16.0, prm.Value.Num)
		case "total":
			assert.Equal(t, 32.0, prm.Value.Num) // rows = n = 16, cells = 2*16
		}
	}
	require.Equal(t, 16.0, p.Components["c"].Fields[0].Default.Num)
}

// -set MODULE.NAME sets a parameter of an imported module, also over the
// import's own arguments.
func TestSetModuleParam(t *testing.T) {
	files := map[string]string{
		"a.cim":   "import \"lib.cim\"\nimport \"lib.cim\" as l2 (rows = 8)\nparam t1 = lib.cells\nparam t2 = l2.cells\n",
		"lib.cim": "param rows = 32\nparam cells = rows * 2\n",
	}
	run := func(sets ...string) (map[string]float64, []string) {
		p, ds := Check(&Config{Root: "a.cim", Load: mapLoad(files), Std: testStd(), Classes: testClasses(t), Overrides: sets})
		out := map[string]float64{}
		for _, prm := range p.Params {
			out[prm.Name] = prm.Value.Num
		}
		var msgs []string
		for _, d := range ds {
			msgs = append(msgs, d.Message+" ["+d.Code+"] "+d.Help)
		}
		return out, msgs
	}
	v, msgs := run()
	require.Empty(t, msgs)
	assert.Equal(t, map[string]float64{"t1": 64, "t2": 16}, v)
	v, msgs = run("lib.rows=10")
	require.Empty(t, msgs)
	assert.Equal(t, map[string]float64{"t1": 20, "t2": 16}, v) // l2 is its own instance
	v, msgs = run("l2.rows=5")
	require.Empty(t, msgs)
	assert.Equal(t, map[string]float64{"t1": 64, "t2": 10}, v) // beats the argument rows = 8
	_, msgs = run("lbi.rows=5", "lib.rosw=1", "lib.rows=1 ns")
	assert.ElementsMatch(t, []string{
		`-set names unknown module "lbi" [E0215] did you mean "lib"?`,
		`-set names unknown parameter "rosw" of module "lib" [E0215] did you mean "rows"?`,
		`-set lib.rows: parameter "rows" is a dimensionless number, found time [E0206] `,
	}, msgs)
}
