package component

import (
	"compress/gzip"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cimc-lang/cimc/lang/units"
	"github.com/cimc-lang/cimc/stdlib"
)

// readEmbedded reads an embedded table independently of the package's
// loader: header map and rows.
func readEmbedded(t testing.TB, name string) (map[string]int, [][]string) {
	t.Helper()
	f, err := stdlib.FS.Open("data/tables/" + name)
	require.NoError(t, err)
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		require.NoError(t, err)
		r = zr
	}
	raw, err := io.ReadAll(r)
	require.NoError(t, err)
	return parseCSV(t, raw)
}

func f64(t testing.TB, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

// Every adder and flip-flop row of neurosim_misc_components.csv agrees with
// the closed forms within 1e-6 relative (energy, area, leakage), and so do
// every shift-add and adder-tree row with their exact compositions.
func TestNeuroSimAffineMatchesTable(t *testing.T) {
	col, rows := readEmbedded(t, "neurosim_misc_components.csv.gz")
	counts := map[string]int{}
	worst := 0.0
	for _, r := range rows {
		tech, n := f64(t, r[col["tech_nm"]]), f64(t, r[col["n_bits"]])
		var p neuroPart
		var err error
		switch comp := r[col["component"]]; comp {
		case "adder":
			p, err = affineAt(&neuroAdder, n, tech)
		case "flip flop":
			p, err = affineAt(&neuroFlipFlop, n, tech)
		case "shift add":
			p, err = shiftAdd(tech, n, f64(t, r[col["param_value"]]))
		case "adder tree":
			p, err = adderTree(tech, n, int(f64(t, r[col["param_value"]])))
		default:
			continue
		}
		require.NoError(t, err)
		counts[r[col["component"]]]++
		for _, c := range []struct {
			name string
			got  float64
		}{{"energy_pJ", p.e * 1e12}, {"area_um2", p.a * 1e12}, {"leakage_pW", p.l * 1e12}} {
			want := f64(t, r[col[c.name]])
			rel := math.Abs(c.got-want) / want
			worst = math.Max(worst, rel)
			if rel > 1e-6 {
				t.Errorf("%v: %s want %g got %g (rel %.2g)", r, c.name, want, c.got, rel)
			}
		}
	}
	// 9 nodes x 32 widths; shift add and adder tree x 11 parameters
	assert.Equal(t, map[string]int{"adder": 288, "flip flop": 288, "shift add": 3168, "adder tree": 3168}, counts)
	t.Logf("largest relative deviation %.2g", worst)
}

// The coefficients also agree with the derived affine table shipped next to
// the raw one (to its 7 printed digits).
func TestNeuroSimAffineMatchesDerivedCSV(t *testing.T) {
	col, rows := readCSV(t, "neurosim_adder_flipflop_affine.csv")
	for _, r := range rows {
		tech := f64(t, r[col["tech_nm"]])
		i := -1
		for j, n := range neuroNodes {
			if n == tech {
				i = j
			}
		}
		require.GreaterOrEqual(t, i, 0)
		c := neuroAdder[i]
		if r[col["component"]] == "flip_flop" {
			c = neuroFlipFlop[i]
		}
		assert.InEpsilon(t, f64(t, r[col["energy_pJ_per_bit"]]), c.e1, 2e-6, r)
		assert.InEpsilon(t, f64(t, r[col["area_um2_per_bit"]]), c.a1, 2e-6, r)
		assert.InEpsilon(t, f64(t, r[col["leak_pW_per_bit"]]), c.l1, 2e-6, r)
		if want := f64(t, r[col["energy_pJ_intercept"]]); want == 0 {
			assert.Zero(t, c.e0, r)
		} else {
			assert.InEpsilon(t, want, c.e0, 5e-5, r) // printed to 5 digits: half a unit in the last place
		}
		assert.InDelta(t, f64(t, r[col["default_vdd_V"]]), neuroVdd[i], 0, r)
	}
}

// Worked examples of component-models.md section 4.4 (32 nm, 1 GHz).
func TestNeuroSimWorkedExamples(t *testing.T) {
	r := mustNew(t)
	add := eval(t, r, "adder", Attrs{"width": num(8, units.None), "technology": num(32, units.None)}, nil)
	sameDigits(t, 0.016304e-12, add.Energy["add"], "8-bit adder energy")
	assert.InEpsilon(t, 23.534e-12, add.Area, 1e-4)
	assert.InEpsilon(t, 1785e-12, add.Leakage, 1e-3)
	// ISAAC shift-add (n = 16, sr = 32): 0.0325 + 0.2290 = 0.2615 pJ, 47.07 + 125.5 = 172.6 um^2
	sa := eval(t, r, "shift_add", Attrs{"width": num(16, units.None), "shift_register_width": num(32, units.None), "technology": num(32, units.None)}, nil)
	assert.InEpsilon(t, 0.2615e-12, sa.Energy["shift_add"], 5e-4)
	assert.InEpsilon(t, 172.6e-12, sa.Area, 5e-4)
	// Between nodes every output is linear in nm: 40 nm = 32 + 8/13 (45 - 32)
	a40 := eval(t, r, "adder", Attrs{"width": num(8, units.None), "technology": num(40, units.None)}, nil)
	a45 := eval(t, r, "adder", Attrs{"width": num(8, units.None), "technology": num(45, units.None)}, nil)
	assert.InEpsilon(t, add.Energy["add"]+(a45.Energy["add"]-add.Energy["add"])*8/13, a40.Energy["add"], 1e-12)
	// voltage override: (V/Vdd)^2 on energy, V/Vdd on leakage (0.9 V default at 32 nm)
	lowV := eval(t, r, "adder", Attrs{"width": num(8, units.None), "technology": num(32, units.None), "vdd_override": num(0.7, units.Voltage)}, nil)
	assert.InEpsilon(t, add.Energy["add"]*(0.7/0.9)*(0.7/0.9), lowV.Energy["add"], 1e-12)
	assert.InEpsilon(t, add.Leakage*0.7/0.9, lowV.Leakage, 1e-12)
	ff := eval(t, r, "flip_flop", Attrs{"width": num(8, units.None), "technology": num(32, units.None)}, nil)
	assert.Equal(t, 500e-12, ff.Latency)
}

// Mux and max-pool come straight from the table at grid points and are
// interpolated in log2(inputs) between them.
func TestNeuroSimMuxTable(t *testing.T) {
	r := mustNew(t)
	// neurosim_misc_components.csv: 32 nm, 8 bits, 8 and 16 inputs
	m8 := eval(t, r, "mux", Attrs{"width": num(8, units.None), "inputs": num(8, units.None), "technology": num(32, units.None)}, nil)
	assert.InEpsilon(t, 0.004363246, m8.Energy["read"]*1e12, 1e-12)
	assert.InEpsilon(t, 30.87401e-12, m8.Area, 1e-12)
	m12 := eval(t, r, "mux", Attrs{"width": num(8, units.None), "inputs": num(12, units.None), "technology": num(32, units.None)}, nil)
	w := math.Log2(12) - 3
	assert.InEpsilon(t, (0.004363246+(0.004694993-0.004363246)*w)*1e-12, m12.Energy["read"], 1e-12)
	mp := eval(t, r, "max_pool", Attrs{"width": num(8, units.None), "pool_window": num(3, units.None), "technology": num(32, units.None)}, nil)
	assert.InEpsilon(t, 0.005810551, mp.Energy["read"]*1e12, 1e-12)
	g := eval(t, r, "not_gate", Attrs{"technology": num(32, units.None)}, nil)
	assert.InEpsilon(t, 0.2179072e-12, g.Area, 1e-12)
}

// arrayAttrsFor builds crossbar attributes for one grid point.
func arrayAttrsFor(cell string, rows, cols, muxed float64, seq bool) Attrs {
	return Attrs{
		"cell": StrValue(cell), "rows": num(rows, units.None), "cols": num(cols, units.None),
		"cols_active_at_once": num(cols/muxed, units.None), "sequential": BoolValue(seq),
		"average_input_value": num(0.3, units.None), "average_cell_value": num(0.6, units.None),
		"temporal_dac_bits": num(2, units.None), "voltage_dac_bits": num(2, units.None),
		"read_pulse_width": num(2e-9, units.Time),
	}
}

// At every corner of the shipped NeuroSim tables the models give exactly
// the plug-in's formulas (neurointerface.row_stats / col_stats /
// cell_stats, component-models.md section 4.3) applied to the table row.
func TestNeuroSimArrayCornersExact(t *testing.T) {
	r := mustNew(t)
	rowC, _ := r.Lookup("row_drivers")
	wRowC, _ := r.Lookup("weight_row_drivers")
	colC, _ := r.Lookup("column_drivers")
	cellC, _ := r.Lookup("memory_cell")
	col, rows := readEmbedded(t, "neurosim_array_rowcol_corners.csv.gz")
	const aIn, aCell = 0.3, 0.6
	type key struct {
		cell    string
		r, c, m float64
		seq     bool
		kind    string
	}
	vals := map[key][]float64{}
	names := []string{"read_off_lo_pJ", "read_off_hi_pJ", "read_on_lo_pJ", "read_on_hi_pJ", "write_on_lo_pJ", "write_on_hi_pJ", "area_um2", "leak_pW"}
	for _, row := range rows {
		k := key{row[col["cell"]], f64(t, row[col["rows"]]), f64(t, row[col["cols"]]), f64(t, row[col["cols_muxed"]]), row[col["sequential"]] == "1", row[col["kind"]]}
		v := make([]float64, len(names))
		for i, n := range names {
			v[i] = f64(t, row[col[n]])
		}
		vals[k] = v
	}
	stats := func(v []float64, a float64) (read, write float64) {
		on := v[2] + (v[3]-v[2])*aCell
		off := v[0] + (v[1]-v[0])*aCell
		return off + (on-off)*a, v[4] + (v[5]-v[4])*aCell
	}
	n := 0
	for k, v := range vals {
		if k.kind != "row" {
			continue
		}
		attrs := arrayAttrsFor(k.cell, k.r, k.c, k.m, k.seq)
		dac := vals[key{k.cell, k.r, k.c, k.m, k.seq, "rowdac"}]
		cv := vals[key{k.cell, k.r, k.c, k.m, k.seq, "col"}]
		require.NotNil(t, dac)
		require.NotNil(t, cv)
		read, write := stats(v, aIn) // temporal_spiking false: a_in unscaled
		est, err := rowC.Model(attrs, nil)
		require.NoError(t, err)
		relClose(t, read*1e-12, est.Energy["read"], 1e-12, "row read %v", k)
		relClose(t, (v[6]+dac[6]*1)*1e-12, est.Area, 1e-12, "row area %v", k) // 2^(vdac-1) - 1 = 1 DAC copy
		relClose(t, (v[7]+dac[7])*1e-12, est.Leakage, 1e-12, "row leak %v", k)
		if k.seq { // weight row drivers run the sequential table and read = write energy
			est, err = wRowC.Model(attrs, nil)
			require.NoError(t, err)
			relClose(t, write*1e-12, est.Energy["read"], 1e-12, "weight row %v", k)
		}
		cr, _ := stats(cv, 1)
		est, err = colC.Model(attrs, nil)
		if cv[6] < 0 {
			var ae *AttrError
			require.ErrorAs(t, err, &ae, "negative NeuroSim column area must be refused %v", k)
		} else {
			require.NoError(t, err)
			relClose(t, cr*1e-12, est.Energy["read"], 1e-12, "col read %v", k)
			relClose(t, cv[6]*1e-12, est.Area, 1e-12, "col area %v", k)
		}
		n++
	}
	// 10 cells x 2 modes x 7 row counts x (5+6+7+8+9+9+9) (cols, cols_muxed) pairs
	assert.Equal(t, 10*2*7*53, n, "grid points")

	// memory cells: READ = (lo + (hi-lo) a_cell) a_in (2^tdac - 1) with
	// lo/hi = total - memcell + memcell x rpw/1 ns; WRITE = (hi + (lo-hi)
	// a_cell) x CellWriteEnergyMultiplier; LEAK x CellReadLeakEnergyMultiplier.
	leakMult := map[string]float64{"sram_colonnade_jssc_2021": 4.5} // the cell files; every other multiplier is 1
	col, rows = readEmbedded(t, "neurosim_array_cell_corners.csv.gz")
	n = 0
	for _, row := range rows {
		g := func(name string) float64 { return f64(t, row[col[name]]) }
		cell := row[col["cell"]]
		attrs := arrayAttrsFor(cell, g("rows"), g("cols"), g("cols_muxed"), row[col["sequential"]] == "1")
		attrs["width_cells"] = num(4, units.None)
		attrs["depth_cells"] = num(2, units.None)
		est, err := cellC.Model(attrs, nil)
		require.NoError(t, err)
		const rpw = 2 // read_pulse_width / 1 ns
		lo := g("read_lo_total_pJ") - g("read_lo_memcell_part_pJ") + g("read_lo_memcell_part_pJ")*rpw
		hi := g("read_hi_total_pJ") - g("read_hi_memcell_part_pJ") + g("read_hi_memcell_part_pJ")*rpw
		read := (lo + (hi-lo)*aCell) * aIn * 3 * 4 // 2^2 - 1 reads, 4 cells wide
		write := (g("write_hi_total_pJ") + (g("write_lo_total_pJ")-g("write_hi_total_pJ"))*aCell) * 4
		lm := leakMult[cell]
		if lm == 0 {
			lm = 1
		}
		relClose(t, read*1e-12, est.Energy["read"], 1e-12, "cell read %v", row)
		relClose(t, write*1e-12, est.Energy["write"], 1e-12, "cell write %v", row)
		relClose(t, g("area_per_cell_um2")*8e-12, est.Area, 1e-12, "cell area %v", row)
		relClose(t, g("leak_per_cell_pW")*lm*8e-12, est.Leakage, 1e-12, "cell leak %v", row)
		n++
	}
	assert.Equal(t, 10*2*7*53, n, "cell grid points")
}

// Worked example of component-models.md section 4.5 (ISAAC cell, 32 nm,
// 1.0 V, 128x128, cols_muxed 8, parallel, a_in 0.3, a_cell 0.6): row read
// 0.02451 pJ, row write 2.118 pJ, row-driver area 1370.7 um^2, col read
// 0.01675 pJ, col-driver area 1206.7 um^2, cell read 0.004072 pJ (rpw 1 ns),
// cell area 0.016384 um^2.
func TestNeuroSimISAACExample(t *testing.T) {
	r := mustNew(t)
	attrs := Attrs{
		"cell": StrValue("rram_isaac_isca_2016"), "rows": num(128, units.None), "cols": num(128, units.None),
		"cols_active_at_once": num(16, units.None),
		"average_input_value": num(0.3, units.None), "average_cell_value": num(0.6, units.None),
		"read_pulse_width": num(1e-9, units.Time),
	}
	row := eval(t, r, "row_drivers", attrs, nil)
	assert.InEpsilon(t, 0.02451e-12, row.Energy["read"], 5e-4)
	assert.InEpsilon(t, 1370.7e-12, row.Area, 1e-4)
	col := eval(t, r, "column_drivers", attrs, nil)
	assert.InEpsilon(t, 0.01675e-12, col.Energy["read"], 5e-4)
	assert.InEpsilon(t, 1206.7e-12, col.Area, 1e-4)
	cell := eval(t, r, "memory_cell", attrs, nil)
	assert.InEpsilon(t, 0.004072e-12, cell.Energy["read"], 5e-4)
	assert.InEpsilon(t, 0.016384e-12, cell.Area, 1e-6)

	// Statistics drive the averages when the attributes are absent.
	delete(attrs, "average_input_value")
	delete(attrs, "average_cell_value")
	viaStats := eval(t, r, "memory_cell", attrs, &Stats{Inputs: OperandStats{MeanValue: 0.3}, Weights: OperandStats{MeanValue: 0.6}})
	assert.InEpsilon(t, cell.Energy["read"], viaStats.Energy["read"], 1e-12)
	// ... and default to 1 (the plug-in's default) without statistics.
	full := eval(t, r, "memory_cell", attrs, nil)
	assert.Greater(t, full.Energy["read"], cell.Energy["read"])

	// Off the grid: log-log interpolation lies between the neighbours and is
	// exact for a power law (cell area is per cell: constant).
	attrs["rows"] = num(96, units.None)
	mid := eval(t, r, "row_drivers", attrs, nil)
	attrs["rows"] = num(64, units.None)
	lo := eval(t, r, "row_drivers", attrs, nil)
	assert.True(t, mid.Area > lo.Area && mid.Area < row.Area, "interpolated area %g between %g and %g", mid.Area, lo.Area, row.Area)
	w := (math.Log(96) - math.Log(64)) / (math.Log(128) - math.Log(64))
	assert.InEpsilon(t, math.Exp(math.Log(lo.Area)+(math.Log(row.Area)-math.Log(lo.Area))*w), mid.Area, 1e-9)
}
