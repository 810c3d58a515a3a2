package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
)

// splitValues splits the value of a -set at top-level commas, so that
// "voltage=0.8V,1V,1.2V" gives three values while a list "[1, 2, 3]" or a
// call "min(a, b)" stays whole.
func splitValues(v string) []string {
	var out []string
	depth, start := 0, 0
	inStr := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"' && (i == 0 || v[i-1] != '\\'):
			inStr = !inStr
		case inStr:
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(v[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(v[start:]))
}

// sweepPoint is one design point: the -set strings that define it and the
// swept names with their values, in flag order.
type sweepPoint struct {
	sets  []string
	swept [][2]string
}

// expandSweep turns the -set flags into design points: the cartesian
// product of every multi-valued -set, in flag order (the last flag varies
// fastest). Without a multi-valued -set there is one point.
func expandSweep(sets []string) []sweepPoint {
	points := []sweepPoint{{}}
	for _, s := range sets {
		name, val, _ := strings.Cut(s, "=")
		vals := splitValues(val)
		next := make([]sweepPoint, 0, len(points)*len(vals))
		for _, p := range points {
			for _, v := range vals {
				q := sweepPoint{sets: append(append([]string(nil), p.sets...), name+"="+v),
					swept: append([][2]string(nil), p.swept...)}
				if len(vals) > 1 {
					q.swept = append(q.swept, [2]string{name, v})
				}
				next = append(next, q)
			}
		}
		points = next
	}
	return points
}

// sweepRow is one line of a sweep's output.
type sweepRow struct {
	Point      int               `json:"point"`
	Swept      map[string]string `json:"swept"`
	Parameters map[string]string `json:"parameters"`
	Search     reportSearch      `json:"search"`
	Totals     reportTotals      `json:"totals"`
}

// cmdRun runs one design point, or a sweep when a -set has several values:
// the points run in parallel and print one row each, in point order.
func cmdRun(file string, o *options, stdout, stderr io.Writer) int {
	points := expandSweep(o.sets)
	if len(points) == 1 && !o.csv {
		out, code := runOnce(file, o, stderr)
		if code != exitOK {
			return code
		}
		rep := buildReport(file, out.prog, out.runs, o)
		if o.json {
			if err := writeJSON(stdout, rep); err != nil {
				fmt.Fprintf(stderr, "cimc: internal error, please report: %v\n", err)
				return exitInternal
			}
			return exitOK
		}
		printHuman(stdout, rep, out.prog, out.runs)
		return exitOK
	}
	rows := make([]sweepRow, len(points))
	codes := make([]int, len(points))
	errTexts := make([]strings.Builder, len(points))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, p := range points {
		wg.Add(1)
		go func(i int, p sweepPoint) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			po := *o
			po.sets = p.sets
			po.noProgress = true
			out, code := runOnce(file, &po, &errTexts[i])
			codes[i] = code
			if code != exitOK {
				return
			}
			rep := buildReport(file, out.prog, out.runs, &po)
			row := sweepRow{Point: i, Swept: map[string]string{}, Parameters: rep.Parameters, Search: rep.Search, Totals: rep.Totals}
			for _, kv := range p.swept {
				row.Swept[kv[0]] = kv[1]
			}
			rows[i] = row
		}(i, p)
	}
	wg.Wait()
	worst := exitOK
	for i := range points {
		if codes[i] != exitOK {
			fmt.Fprintf(stderr, "point %d (%s):\n%s", i, strings.Join(points[i].sets, " "), errTexts[i].String())
			worst = max(worst, codes[i])
		}
	}
	if worst != exitOK {
		return worst
	}
	var names []string
	for _, kv := range points[0].swept {
		names = append(names, kv[0])
	}
	switch {
	case o.json:
		return writeAnyJSON(stdout, stderr, struct {
			Schema      int        `json:"schema"`
			CimcVersion string     `json:"cimc_version"`
			Source      string     `json:"source"`
			Swept       []string   `json:"swept"`
			Points      []sweepRow `json:"points"`
		}{1, Version, file, names, rows})
	case o.csv:
		w := csv.NewWriter(stdout)
		head := append(append([]string{"point"}, names...), "macs", "energy_j", "latency_s", "area_m2",
			"energy_per_mac_j", "tops", "tops_per_w", "tops_per_mm2", "optimal")
		w.Write(head)
		for _, r := range rows {
			rec := []string{strconv.Itoa(r.Point)}
			for _, n := range names {
				rec = append(rec, r.Swept[n])
			}
			t := r.Totals
			f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
			rec = append(rec, strconv.FormatInt(t.MACs, 10), f(t.EnergyJ), f(t.LatencyS), f(t.AreaM2), f(t.EnergyPerMAC),
				f(t.TOPS), f(t.TOPSPerW), f(t.TOPSPerMM2), strconv.FormatBool(r.Search.Optimal))
			w.Write(rec)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			fmt.Fprintf(stderr, "cimc: %v\n", err)
			return exitUsage
		}
	default:
		fmt.Fprintf(stdout, "%s: %d design points\n", file, len(rows))
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		defer tw.Flush()
		cols := append(append([]string(nil), names...), "energy", "latency", "area", "TOPS/W", "TOPS/mm^2")
		fmt.Fprintf(tw, "  %s\n", strings.Join(cols, "\t"))
		for _, r := range rows {
			var vals []string
			for _, n := range names {
				vals = append(vals, r.Swept[n])
			}
			t := r.Totals
			vals = append(vals, eng(t.EnergyJ, "J"), eng(t.LatencyS, "s"), fmt.Sprintf("%.4g mm^2", t.AreaM2*1e6),
				fmt.Sprintf("%.4g", t.TOPSPerW), fmt.Sprintf("%.4g", t.TOPSPerMM2))
			fmt.Fprintf(tw, "  %s\n", strings.Join(vals, "\t"))
		}
	}
	return exitOK
}
