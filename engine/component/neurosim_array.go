package component

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/lang/units"
)

// NeuroSim crossbar parts: row drivers, column drivers and memory cells,
// as the Accelergy NeuroSim plug-in combines NeuroSim's per-block outputs
// (neurointerface.py; component-models.md section 4.3). NeuroSim was run
// for each CiMLoop cell file at its macro's node and voltage over
// rows, cols in {16..1024} (powers of two), cols_muxed in {1..min(cols,256)}
// and sequential in {0,1}; the corner values (lo/hi = no/all cells on) are
// in stdlib/data/tables/neurosim_array_{rowcol,cell}_corners.csv.gz. The
// outputs are bilinear in (average_input_value, average_cell_value) and
// linear in read_pulse_width, so the plug-in's formulas applied to the
// corner values are exact on the grid.
//
// Off the grid (documented choice): interpolation in ln(rows), ln(cols)
// and ln(cols_muxed) of ln(value) (log-log, exact for power laws), linear
// where a corner value is not positive; cols_muxed = ceil(cols /
// cols_active_at_once) is recomputed at each bracketing column count, so
// the interpolation holds the number of columns active at once fixed.

// arrayKey indexes a grid point of one cell.
type arrayKey struct {
	cell              string
	rows, cols, muxed int
	seq               bool
}

// rowcolVals are the per-kind corner values (pJ, um^2, pW, ns).
type rowcolVals struct {
	readOffLo, readOffHi, readOnLo, readOnHi, writeLo, writeHi float64
	area, leak, minLatency, colsAtOnce                         float64
}

func (v rowcolVals) vec() []float64 {
	return []float64{v.readOffLo, v.readOffHi, v.readOnLo, v.readOnHi, v.writeLo, v.writeHi, v.area, v.leak, v.minLatency, v.colsAtOnce}
}

func rowcolFrom(x []float64) rowcolVals {
	return rowcolVals{x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9]}
}

// cellVals are the memory-cell corner values.
type cellVals struct {
	readLoTotal, readHiTotal, readLoMem, readHiMem, writeLo, writeHi float64
	area, leak, minLatency                                           float64
}

func (v cellVals) vec() []float64 {
	return []float64{v.readLoTotal, v.readHiTotal, v.readLoMem, v.readHiMem, v.writeLo, v.writeHi, v.area, v.leak, v.minLatency}
}

func cellFrom(x []float64) cellVals {
	return cellVals{x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8]}
}

// arrayPoint is everything tabulated at one grid point.
type arrayPoint struct {
	row, rowdac, col rowcolVals
	cell             cellVals
}

func (a arrayPoint) vec() []float64 {
	out := append(a.row.vec(), a.rowdac.vec()...)
	out = append(out, a.col.vec()...)
	return append(out, a.cell.vec()...)
}

func arrayFrom(x []float64) arrayPoint {
	return arrayPoint{rowcolFrom(x[0:10]), rowcolFrom(x[10:20]), rowcolFrom(x[20:30]), cellFrom(x[30:39])}
}

// cellNode is the node and voltage a cell was simulated at.
type cellNode struct {
	tech, voltage float64 // voltage 0 = NeuroSim's node default
}

type arrayData struct {
	pts   map[arrayKey]*arrayPoint
	nodes map[string]cellNode
	grid  []int // rows and cols grid (same for both)
}

func loadArray(fsys fs.FS) (*arrayData, error) {
	d := &arrayData{pts: map[arrayKey]*arrayPoint{}, nodes: map[string]cellNode{}}
	rc, err := readTable(fsys, "neurosim_array_rowcol_corners.csv.gz")
	if err != nil {
		return nil, err
	}
	kc, err := rc.cols("cell", "tech_nm", "voltage_V", "rows", "cols", "cols_muxed", "sequential", "kind")
	if err != nil {
		return nil, err
	}
	vc, err := rc.cols("read_off_lo_pJ", "read_off_hi_pJ", "read_on_lo_pJ", "read_on_hi_pJ", "write_on_lo_pJ", "write_on_hi_pJ",
		"area_um2", "leak_pW", "min_read_latency_ns", "cols_read_at_once")
	if err != nil {
		return nil, err
	}
	gridSet := map[int]bool{}
	point := func(t *table, r []string, k []int) (*arrayPoint, error) {
		var n [6]float64
		for i := 1; i <= 6; i++ {
			if n[i-1], err = t.float(r, k[i]); err != nil {
				return nil, err
			}
		}
		cell := r[k[0]]
		if _, ok := d.nodes[cell]; !ok {
			d.nodes[cell] = cellNode{n[0], n[1]}
		}
		key := arrayKey{cell, int(n[2]), int(n[3]), int(n[4]), n[5] != 0}
		gridSet[key.rows], gridSet[key.cols] = true, true
		p := d.pts[key]
		if p == nil {
			p = &arrayPoint{}
			d.pts[key] = p
		}
		return p, nil
	}
	for _, r := range rc.rows {
		p, err := point(rc, r, kc)
		if err != nil {
			return nil, err
		}
		x := make([]float64, len(vc))
		for i, j := range vc {
			if x[i], err = rc.float(r, j); err != nil {
				return nil, err
			}
		}
		switch r[kc[7]] {
		case "row":
			p.row = rowcolFrom(x)
		case "rowdac":
			p.rowdac = rowcolFrom(x)
		case "col":
			p.col = rowcolFrom(x)
		default:
			return nil, fmt.Errorf("embedded table %s: unknown kind %q", rc.name, r[kc[7]])
		}
	}
	ct, err := readTable(fsys, "neurosim_array_cell_corners.csv.gz")
	if err != nil {
		return nil, err
	}
	kc2, err := ct.cols("cell", "tech_nm", "voltage_V", "rows", "cols", "cols_muxed", "sequential")
	if err != nil {
		return nil, err
	}
	vc2, err := ct.cols("read_lo_total_pJ", "read_hi_total_pJ", "read_lo_memcell_part_pJ", "read_hi_memcell_part_pJ",
		"write_lo_total_pJ", "write_hi_total_pJ", "area_per_cell_um2", "leak_per_cell_pW", "min_read_latency_ns")
	if err != nil {
		return nil, err
	}
	rpw, ok := ct.col["read_pulse_width_s"]
	if !ok {
		return nil, fmt.Errorf("embedded table %s has no read_pulse_width_s column", ct.name)
	}
	for _, r := range ct.rows {
		if w, err := ct.float(r, rpw); err != nil || w != 1e-9 {
			return nil, fmt.Errorf("embedded table %s: expected read_pulse_width 1e-9 s in every row", ct.name)
		}
		p, err := point(ct, r, kc2)
		if err != nil {
			return nil, err
		}
		x := make([]float64, len(vc2))
		for i, j := range vc2 {
			if x[i], err = ct.float(r, j); err != nil {
				return nil, err
			}
		}
		p.cell = cellFrom(x)
	}
	for g := range gridSet {
		d.grid = append(d.grid, g)
	}
	sort.Ints(d.grid)
	return d, nil
}

// cellNames returns the tabulated cells, sorted.
func (d *arrayData) cellNames() []string {
	out := make([]string, 0, len(d.nodes))
	for n := range d.nodes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// lookup returns the (interpolated) point for a configuration.
func (d *arrayData) lookup(cell string, rows, cols, active float64, seq bool) (arrayPoint, error) {
	if _, ok := d.nodes[cell]; !ok {
		return arrayPoint{}, attrErr("cell", "tabulated cells: "+strings.Join(d.cellNames(), ", "),
			"no NeuroSim array table for cell %q", cell)
	}
	lo, hi := float64(d.grid[0]), float64(d.grid[len(d.grid)-1])
	if rows < lo || rows > hi {
		return arrayPoint{}, attrErr("rows", "", "rows must be between %v and %v (the NeuroSim table grid), found %s", lo, hi, units.FormatNumber(rows))
	}
	if cols < lo || cols > hi {
		return arrayPoint{}, attrErr("cols", "", "cols must be between %v and %v (the NeuroSim table grid), found %s", lo, hi, units.FormatNumber(cols))
	}
	if active < 1 || active > cols {
		return arrayPoint{}, attrErr("cols_active_at_once", "", "cols_active_at_once must be between 1 and cols (%s), found %s", units.FormatNumber(cols), units.FormatNumber(active))
	}
	rl, rh, rw, _ := bracketInts(d.grid, rows)
	cl, ch, cw, _ := bracketInts(d.grid, cols)
	var corners [2][]float64
	for i, c := range [2]int{cl, ch} {
		var byRow [2][]float64
		for j, r := range [2]int{rl, rh} {
			v, err := d.atMux(cell, r, c, active, seq)
			if err != nil {
				return arrayPoint{}, err
			}
			byRow[j] = v
		}
		corners[i] = logLerpVec(byRow[0], byRow[1], rw)
	}
	return arrayFrom(logLerpVec(corners[0], corners[1], cw)), nil
}

// atMux interpolates over cols_muxed at one grid (rows, cols).
func (d *arrayData) atMux(cell string, rows, cols int, active float64, seq bool) ([]float64, error) {
	muxed := math.Ceil(float64(cols) / active)
	maxMux := math.Min(float64(cols), 256)
	if muxed > maxMux {
		return nil, attrErr("cols_active_at_once", "", "cols_active_at_once %s needs %v multiplexed columns at %d columns; NeuroSim tables go up to %v",
			units.FormatNumber(active), muxed, cols, maxMux)
	}
	ml := math.Exp2(math.Floor(math.Log2(muxed)))
	mh := math.Exp2(math.Ceil(math.Log2(muxed)))
	get := func(m float64) ([]float64, error) {
		p, ok := d.pts[arrayKey{cell, rows, cols, int(m), seq}]
		if !ok {
			return nil, fmt.Errorf("NeuroSim table has no point for cell %s %dx%d muxed %v sequential %v", cell, rows, cols, m, seq)
		}
		return p.vec(), nil
	}
	a, err := get(ml)
	if err != nil {
		return nil, err
	}
	if mh == ml {
		return a, nil
	}
	b, err := get(mh)
	if err != nil {
		return nil, err
	}
	return logLerpVec(a, b, (math.Log(muxed)-math.Log(ml))/(math.Log(mh)-math.Log(ml))), nil
}

func logLerpVec(a, b []float64, w float64) []float64 {
	if w == 0 {
		return a
	}
	out := make([]float64, len(a))
	for i := range a {
		out[i] = logLerp(a[i], b[i], w)
	}
	return out
}

// cellFile holds what the models read from a cell file.
type cellFile struct {
	writeMult, leakMult float64
}

// loadCells reads every data/cells/*.cell.yaml (the NVSim-style keys are
// "-Key: value # comment" lines).
func loadCells(fsys fs.FS) (map[string]cellFile, error) {
	ents, err := fs.ReadDir(fsys, "data/cells")
	if err != nil {
		return nil, fmt.Errorf("reading embedded cells: %w", err)
	}
	out := map[string]cellFile{}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".cell.yaml") {
			continue
		}
		raw, err := fs.ReadFile(fsys, path.Join("data/cells", e.Name()))
		if err != nil {
			return nil, err
		}
		c := cellFile{writeMult: 1, leakMult: 1}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			for key, dst := range map[string]*float64{"-CellWriteEnergyMultiplier:": &c.writeMult, "-CellReadLeakEnergyMultiplier:": &c.leakMult} {
				if strings.HasPrefix(line, key) {
					f := strings.Fields(strings.TrimPrefix(line, key))
					if len(f) > 0 {
						v, err := strconv.ParseFloat(f[0], 64)
						if err != nil {
							return nil, fmt.Errorf("cell %s: %s: %w", e.Name(), key, err)
						}
						*dst = v
					}
				}
			}
		}
		out[strings.TrimSuffix(e.Name(), ".cell.yaml")] = c
	}
	return out, nil
}

// arrayAttrs are the crossbar attributes the NeuroSim plug-in takes (PIM
// parameters, with the plug-in's defaults).
func arrayAttrs() []AttrSpec {
	return []AttrSpec{
		strAttr("cell", "rram_neurosim_default", "memory cell file (stdlib data/cells/<cell>.cell.yaml); the NeuroSim tables fix its node and voltage"),
		intAttr("rows", 32, "crossbar rows, 16-1024 (NeuroSim plug-in default 32)"),
		intAttr("cols", 32, "crossbar columns, 16-1024 (NeuroSim plug-in default 32)"),
		intAttr("cols_active_at_once", 8, "columns read at once; NeuroSim cols_muxed = ceil(cols / cols_active_at_once) (plug-in default 8)"),
		boolAttr("sequential", false, "memory mode: one row at a time (CiMLoop uses it for weight programming)"),
		optNum("average_input_value", units.None, "mean input (row activation) in [0,1]; absent = the Inputs mean from the operand statistics, or 1 without statistics (plug-in default)"),
		optNum("average_cell_value", units.None, "mean cell value in [0,1]; absent = the Weights mean from the operand statistics, or 1 without statistics (plug-in default)"),
		intAttr("temporal_dac_bits", 1, "bits converted in time per read: cells are read 2^bits - 1 times"),
		intAttr("voltage_dac_bits", 1, "voltage DAC bits: adds 2^(bits-1) - 1 row-DAC copies of area and leakage"),
		boolAttr("temporal_spiking", false, "spiking inputs: row-driver read energy x (2^temporal_dac_bits - 1) (CiMLoop-era default false; hwcomponents defaults true)"),
		numAttr("read_pulse_width", units.Time, 1e-8, "read pulse width; scales the memory-cell read energy linearly (plug-in default 10 ns)"),
		optTechAttr("technology in nm; absent = the cell's table node; another node is an error unless scale_technology"),
		boolAttr("scale_technology", false, "allow a technology other than the cell's table node by Stillmaker-Baas scaling of energy, leakage and area (an approximation; NeuroSim itself would re-simulate)"),
		optNum("voltage", units.Voltage, "supply; absent = the cell's table voltage; given = energy x (V/V0)^2 and leakage x V/V0 (approximation of NeuroSim, section 2.3)"),
		cycleAttr(),
		enumAttr("leak_model", "neurosim", `"neurosim": NeuroSim's static power; "cimloop": reproduce the plug-in's row/column leakage, multiplied by the cycle twice (pW x s x s, effectively 0)`, neuroLeakModels...),
	}
}

// arrayInputs are the resolved inputs of one array evaluation.
type arrayInputs struct {
	pt              arrayPoint
	node            cellNode
	aIn, aCell      float64
	tdac, vdac      float64
	spiking         bool
	rpw             float64
	vScale, lScale  float64 // energy and leakage factors (voltage, technology)
	aScale          float64 // area factor (technology)
	cimloopLeak     bool
	cycle           float64
	rows, colsAtOnc float64
	cellFile        cellFile
}

func (s *store) arrayInputs(p params, stats *Stats, forceSeq bool) (arrayInputs, error) {
	var in arrayInputs
	d, err := s.array.get()
	if err != nil {
		return in, err
	}
	cell := p.str("cell")
	rows, err := p.positive("rows")
	if err != nil {
		return in, err
	}
	cols, err := p.positive("cols")
	if err != nil {
		return in, err
	}
	active, err := p.positive("cols_active_at_once")
	if err != nil {
		return in, err
	}
	seq := p.boolean("sequential") || forceSeq
	if in.pt, err = d.lookup(cell, rows, cols, active, seq); err != nil {
		return in, err
	}
	in.node = d.nodes[cell]
	nodeV := in.node.voltage
	if nodeV == 0 {
		nodeV = neuroVddAt(in.node.tech)
	}
	in.vScale, in.lScale, in.aScale = 1, 1, 1
	if t := p.num("technology"); p.has("technology") && t != in.node.tech {
		if !p.boolean("scale_technology") {
			return in, attrErr("technology", "use a cell tabulated at this node, or set scale_technology = true",
				"cell %q is tabulated at %v nm, not %s nm", cell, in.node.tech, units.FormatNumber(t))
		}
		es, err := EnergyScale(in.node.tech, t, Fixed)
		if err != nil {
			return in, attrErr("technology", "", "%v", err)
		}
		as, err := AreaScale(in.node.tech, t, Fixed)
		if err != nil {
			return in, attrErr("technology", "", "%v", err)
		}
		in.vScale, in.lScale, in.aScale = es, es, as
	}
	if p.has("voltage") {
		v, err := p.positive("voltage")
		if err != nil {
			return in, err
		}
		in.vScale *= (v / nodeV) * (v / nodeV)
		in.lScale *= v / nodeV
	}
	unit := func(name string, fromStats func(*Stats) float64) (float64, error) {
		if p.has(name) {
			return p.inRange(name, 0, 1, "")
		}
		if stats != nil {
			v := fromStats(stats)
			if v < 0 || v > 1 || math.IsNaN(v) {
				return 0, fmt.Errorf("operand statistics give %s = %v, outside [0,1]", name, v)
			}
			return v, nil
		}
		return 1, nil
	}
	if in.aIn, err = unit("average_input_value", func(s *Stats) float64 { return s.Inputs.MeanValue }); err != nil {
		return in, err
	}
	if in.aCell, err = unit("average_cell_value", func(s *Stats) float64 { return s.Weights.MeanValue }); err != nil {
		return in, err
	}
	td, err := p.intIn("temporal_dac_bits", 1, 16)
	if err != nil {
		return in, err
	}
	vd, err := p.intIn("voltage_dac_bits", 1, 16)
	if err != nil {
		return in, err
	}
	in.tdac, in.vdac = float64(td), float64(vd)
	in.spiking = p.boolean("temporal_spiking")
	if in.rpw, err = p.nonNeg("read_pulse_width"); err != nil {
		return in, err
	}
	lm, err := p.oneOf("leak_model", neuroLeakModels...)
	if err != nil {
		return in, err
	}
	in.cimloopLeak = lm == "cimloop"
	if in.cycle, err = p.positive("cycle_seconds"); err != nil {
		return in, err
	}
	in.rows = rows
	in.colsAtOnc = in.pt.col.colsAtOnce
	cf, err := s.cells.get()
	if err != nil {
		return in, err
	}
	in.cellFile = cellFile{writeMult: 1, leakMult: 1}
	if c, ok := cf[cell]; ok {
		in.cellFile = c
	}
	return in, nil
}

// rowcolStats is neurointerface.rowcol: read and write energy (pJ) of one
// row or column activation.
func rowcolStats(v rowcolVals, aIn, aCell float64) (read, write float64) {
	on := lerp(v.readOnLo, v.readOnHi, aCell)
	off := lerp(v.readOffLo, v.readOffHi, aCell)
	return lerp(off, on, aIn), lerp(v.writeLo, v.writeHi, aCell)
}

// leakW converts a table leakage (pW) to watts under the chosen model.
func (in *arrayInputs) leakW(pW float64) float64 {
	w := pW * 1e-12 * in.lScale
	if in.cimloopLeak {
		// The plug-in charges pW x cycle x cycle as the per-cycle energy
		// (pJ); as a power that is pW x 1e-12 x cycle.
		w *= in.cycle
	}
	return w
}

// rowDrivers is neurointerface.row_stats.
func (in *arrayInputs) rowDrivers() (read, write, area, leak float64) {
	aIn := in.aIn
	if in.spiking {
		aIn *= math.Exp2(in.tdac) - 1
	}
	read, write = rowcolStats(in.pt.row, aIn, in.aCell)
	extra := math.Exp2(in.vdac-1) - 1
	area = in.pt.row.area + in.pt.rowdac.area*extra
	leak = in.pt.row.leak + in.pt.rowdac.leak*extra
	return read * 1e-12 * in.vScale, write * 1e-12 * in.vScale, area * 1e-12 * in.aScale, in.leakW(leak)
}

// latency (hwcomponents): max(min_read_latency, rpw (2^tdac - 1)) divided
// by rows (row drivers) or columns read at once (column drivers).
func (in *arrayInputs) readTime() float64 {
	return math.Max(in.pt.row.minLatency*1e-9, in.rpw*(math.Exp2(in.tdac)-1))
}

func (s *store) rowDriversClass(name string, weight bool) *Class {
	doc := "crossbar input row drivers: word-line decoder, drivers and switch matrices (NeuroSim array_row_drivers); read = one row activation"
	if weight {
		doc = "crossbar weight-programming row drivers (CiMLoop weight_row_drivers): NeuroSim array_row_drivers in sequential mode; read = the drivers' write energy"
	}
	return newClass(name, doc, false, []string{"read"}, arrayAttrs(), func(p params, stats *Stats) (Estimate, error) {
		in, err := s.arrayInputs(p, stats, weight)
		if err != nil {
			return Estimate{}, err
		}
		read, write, area, leak := in.rowDrivers()
		e := read
		if weight {
			e = write
		}
		return Estimate{Energy: map[string]float64{"read": e}, Area: area, Leakage: leak, Latency: in.readTime() / in.rows}, nil
	})
}

func (s *store) colDriversClass() *Class {
	return newClass("column_drivers",
		"crossbar column drivers: column mux, mux decoder and switch matrix (NeuroSim array_col_drivers); read = one column read-out",
		false, []string{"read"}, arrayAttrs(), func(p params, stats *Stats) (Estimate, error) {
			in, err := s.arrayInputs(p, stats, false)
			if err != nil {
				return Estimate{}, err
			}
			// Columns always fire: a_in = 1 (neurointerface.col_stats).
			read, _ := rowcolStats(in.pt.col, 1, in.aCell)
			if in.pt.col.area < 0 {
				// NeuroSim returns a negative column area (about -3.9e9 um^2)
				// for 16-column ISAAC/RAELLA arrays; refuse it rather than
				// report nonsense.
				return Estimate{}, attrErr("cols", "use at least 32 columns for this cell",
					"NeuroSim gives no valid column-driver area for cell %q at this size", p.str("cell"))
			}
			lat := 0.0
			if in.colsAtOnc > 0 {
				lat = in.readTime() / in.colsAtOnc
			}
			return Estimate{Energy: map[string]float64{"read": read * 1e-12 * in.vScale}, Area: in.pt.col.area * 1e-12 * in.aScale,
				Leakage: in.leakW(in.pt.col.leak), Latency: lat}, nil
		})
}

// memoryCellClass is CiMLoop's `cell` compound over NeuroSim memory_cell:
// read and write x width_cells, leakage and area x width_cells x
// depth_cells.
func (s *store) memoryCellClass() *Class {
	attrs := append(arrayAttrs(),
		intAttr("width_cells", 1, "cells read or written per action (CiMLoop cell compound)"),
		intAttr("depth_cells", 1, "cells stored per instance besides width_cells (area and leakage x width_cells x depth_cells)"),
		enumAttr("write_interpolation", "cimloop", `"cimloop": write = hi + (lo - hi) x average_cell_value, as the plug-in (sic); "direct": lo + (hi - lo) x average_cell_value`, writeInterpolations...),
	)
	return newClass("memory_cell",
		"crossbar memory cell (NeuroSim memory_cell via CiMLoop's cell compound): read energy scales with input and cell values; update is empty, as in the compound",
		true, []string{"read", "write"}, attrs, func(p params, stats *Stats) (Estimate, error) {
			in, err := s.arrayInputs(p, stats, false)
			if err != nil {
				return Estimate{}, err
			}
			wc, err := p.nonNeg("width_cells")
			if err != nil {
				return Estimate{}, err
			}
			dc, err := p.nonNeg("depth_cells")
			if err != nil {
				return Estimate{}, err
			}
			wi, err := p.oneOf("write_interpolation", writeInterpolations...)
			if err != nil {
				return Estimate{}, err
			}
			c := in.pt.cell
			// memcell part scales linearly with the pulse width (tables at 1 ns)
			k := in.rpw / 1e-9
			lo := c.readLoTotal - c.readLoMem + c.readLoMem*k
			hi := c.readHiTotal - c.readHiMem + c.readHiMem*k
			read := lerp(lo, hi, in.aCell) * in.aIn * (math.Exp2(in.tdac) - 1)
			write := lerp(c.writeHi, c.writeLo, in.aCell)
			if wi == "direct" {
				write = lerp(c.writeLo, c.writeHi, in.aCell)
			}
			write *= in.cellFile.writeMult
			r := read * 1e-12 * in.vScale * wc
			w := write * 1e-12 * in.vScale * wc
			return Estimate{
				Energy:  map[string]float64{"read": r, "write": w},
				Area:    c.area * 1e-12 * wc * dc * in.aScale,
				Leakage: c.leak * 1e-12 * in.lScale * in.cellFile.leakMult * wc * dc,
			}, nil
		})
}
