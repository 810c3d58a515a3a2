package component

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
)

// readCSV reads a testdata CSV, skipping '#' comment lines.
func readCSV(t *testing.T, name string) (map[string]int, [][]string) {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return parseCSV(t, raw)
}

// parseCSV parses a table with a header row, skipping '#' comment lines
// (the tables' source lines): the column index by name, and the rows.
func parseCSV(t testing.TB, raw []byte) (map[string]int, [][]string) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(strings.Join(lines, "\n"))).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	return col, recs[1:]
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

func relClose(t *testing.T, want, got, tol float64, msg string, args ...any) {
	t.Helper()
	if want == 0 {
		assert.InDelta(t, 0, got, tol, append([]any{msg}, args...)...)
		return
	}
	assert.InDelta(t, 0, (got-want)/want, tol, append([]any{msg + " (want %g, got %g)"}, append(args, want, got)...)...)
}

// sameDigits asserts that got, printed to the 6 significant digits of the
// reference CSVs, equals want: agreement to every printed digit (a relative
// difference of at most ~5e-6 of rounding, far below any model effect).
func sameDigits(t *testing.T, want, got float64, msg string, args ...any) {
	t.Helper()
	r, err := strconv.ParseFloat(strconv.FormatFloat(got, 'g', 6, 64), 64)
	require.NoError(t, err)
	assert.Equal(t, want, r, append([]any{msg + " (unrounded %.10g)"}, append(args, got)...)...)
}

func num(v float64, d units.Dim) ir.Value { return NumValue(v, d) }

func mustNew(t testing.TB) *Registry {
	t.Helper()
	r, err := New()
	require.NoError(t, err)
	return r
}

func eval(t *testing.T, r *Registry, class string, attrs Attrs, stats *Stats) Estimate {
	t.Helper()
	c, ok := r.Lookup(class)
	require.True(t, ok, class)
	est, err := c.Model(attrs, stats)
	require.NoError(t, err, class)
	return est
}

// The sanity values were computed by an independent re-implementation and
// cross-checked against accelergy-adc-plug-in (testdata/adc_model_sanity_values.csv).
func TestADCSanityValues(t *testing.T) {
	col, rows := readCSV(t, "adc_model_sanity_values.csv")
	require.Len(t, rows, 11)
	r := mustNew(t)
	for _, row := range rows {
		bits, tech := atof(t, row[col["bits"]]), atof(t, row[col["tech_nm"]])
		thr, n := atof(t, row[col["throughput_Hz"]]), atof(t, row[col["n_adcs"]])
		wantE, wantA := atof(t, row[col["energy_pJ_per_convert"]]), atof(t, row[col["area_um2_total"]])
		e, a := ADCEnergyArea(bits, tech, thr, n)
		// the CSV prints 6 significant digits
		sameDigits(t, wantE, e, "energy %v", row)
		sameDigits(t, wantA, a, "area %v", row)
		est := eval(t, r, "adc", Attrs{
			"resolution": num(bits, units.None), "technology": num(tech, units.None),
			"throughput": num(thr, units.Frequency), "n_adcs": num(n, units.None),
		}, nil)
		relClose(t, wantE*1e-12, est.Energy["convert"], 1e-5, "class energy %v", row)
		relClose(t, wantA*1e-12, est.Area, 1e-5, "class area %v", row)
		assert.Zero(t, est.Leakage)
	}
}

func TestTechScalingSanityValues(t *testing.T) {
	col, rows := readCSV(t, "tech_scaling_sanity_values.csv")
	require.Len(t, rows, 12)
	for _, row := range rows {
		from, to := atof(t, row[col["from_nm"]]), atof(t, row[col["to_nm"]])
		for _, c := range []struct {
			name string
			mode Interp
			f    func(a, b float64, m Interp) (float64, error)
		}{
			{"area_scale_fixed", Fixed, AreaScale},
			{"energy_scale_fixed_vdd0.8", Fixed, EnergyScale},
			{"area_scale_legacy", Legacy, AreaScale},
			{"energy_scale_legacy_vdd0.8", Legacy, EnergyScale},
		} {
			got, err := c.f(from, to, c.mode)
			require.NoError(t, err)
			sameDigits(t, atof(t, row[col[c.name]]), got, "%s %v->%v", c.name, from, to)
		}
	}
}
