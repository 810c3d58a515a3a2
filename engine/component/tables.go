package component

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/cimc-lang/cimc/stdlib"
)

// table is a parsed CSV data table: header names and string rows. Comment
// lines (starting with '#', where every table names its source) are
// skipped.
type table struct {
	name   string
	header []string
	col    map[string]int
	rows   [][]string
}

// readTable reads data/tables/<name> from fsys; a name ending in .gz is
// decompressed (the large NeuroSim tables are stored gzip-compressed,
// byte-identical to the shared CSVs once decompressed).
func readTable(fsys fs.FS, name string) (*table, error) {
	raw, err := fs.ReadFile(fsys, "data/tables/"+name)
	if err != nil {
		return nil, fmt.Errorf("reading embedded table %s: %w", name, err)
	}
	var r io.Reader = bytes.NewReader(raw)
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("reading embedded table %s: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	// Drop comment lines before handing the rest to encoding/csv.
	var body bytes.Buffer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		body.Write(line)
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading embedded table %s: %w", name, err)
	}
	cr := csv.NewReader(&body)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parsing embedded table %s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("embedded table %s is empty", name)
	}
	t := &table{name: name, header: recs[0], col: map[string]int{}, rows: recs[1:]}
	for i, h := range t.header {
		t.col[h] = i
	}
	return t, nil
}

// cols returns the column indexes of names, or an error naming a missing
// one.
func (t *table) cols(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		j, ok := t.col[n]
		if !ok {
			return nil, fmt.Errorf("embedded table %s has no column %q", t.name, n)
		}
		out[i] = j
	}
	return out, nil
}

// float parses a numeric cell.
func (t *table) float(row []string, j int) (float64, error) {
	if j >= len(row) {
		return 0, fmt.Errorf("embedded table %s: short row %v", t.name, row)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(row[j]), 64)
	if err != nil {
		return 0, fmt.Errorf("embedded table %s: %w", t.name, err)
	}
	return v, nil
}

// lazy holds a value loaded on first use (the heavy tables are only parsed
// when a model needs them, so building a Registry for schemas is cheap).
// It belongs to one Registry: no package-level state.
type lazy[T any] struct {
	once sync.Once
	load func() (T, error)
	v    T
	err  error
}

func (l *lazy[T]) get() (T, error) {
	l.once.Do(func() { l.v, l.err = l.load() })
	return l.v, l.err
}

// store owns the data tables of one Registry.
type store struct {
	fsys    fs.FS
	misc    lazy[*miscData]
	array   lazy[*arrayData]
	sram    lazy[*sramData]
	cells   lazy[map[string]cellFile]
	aladdin lazy[*aladdinData]
}

func newStore(fsys fs.FS) *store {
	s := &store{fsys: fsys}
	s.misc.load = func() (*miscData, error) { return loadMisc(fsys) }
	s.array.load = func() (*arrayData, error) { return loadArray(fsys) }
	s.sram.load = func() (*sramData, error) { return loadSRAM(fsys) }
	s.cells.load = func() (map[string]cellFile, error) { return loadCells(fsys) }
	s.aladdin.load = func() (*aladdinData, error) { return loadAladdin(fsys) }
	return s
}

// defaultFS is the embedded standard library.
func defaultFS() fs.FS { return stdlib.FS }
