package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/engine/table"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// layerRun is the evaluation of one layer with its chosen mapping.
type layerRun struct {
	prob    *ir.Problem
	mapping *ir.Mapping
	res     *engine.Result
	search  reportSearch
}

// runOutput is the evaluation of one program: its IR and one run per layer.
type runOutput struct {
	prog *ir.Program
	runs []layerRun
}

// runOnce checks, lowers, maps and evaluates file with o's overrides. It
// prints diagnostics to stderr itself and returns the exit code.
func runOnce(file string, o *options, stderr io.Writer) (*runOutput, int) {
	res, err := compile(file, o, true)
	if err != nil {
		return nil, compileFailed(stderr, err)
	}
	if isIOError(res.diags) {
		diag.Render(stderr, res.diags, res.sources)
		return nil, exitUsage
	}
	if res.diags.HasErrors() {
		return nil, printDiags(stderr, res.diags, res.sources, o.json)
	}
	prog := res.ir
	reg, err := registry()
	if err != nil {
		fmt.Fprintf(stderr, "cimc: %v\n", err)
		return nil, exitInternal
	}
	opt := engine.Options{Rule: nest.RuleHead}
	if o.pre2025 {
		opt.Rule = nest.RulePre2025
	}
	var runs []layerRun
	var errs diag.List
	if !(prog.Arch.CycleSeconds > 0) {
		// Latency and throughput cannot be computed without a clock: an
		// error, never a report with zero or infinite TOPS (REPORT.md).
		errs.Errorf(prog.Arch.Src, diag.BadValue, "architecture %q has no clock period", prog.Arch.Name).Help =
			"set one with `attr cycle_seconds = 10 ns` in the arch"
		return nil, printDiags(stderr, errs, res.sources, o.json)
	}
	var layers []mapper.Layer
	for _, p := range prog.Layers {
		t, _, d := table.Build(table.WithCompounds(reg, res.prog), prog.Arch, p, values.Options{})
		errs = append(errs, d...)
		if d.HasErrors() {
			continue
		}
		layers = append(layers, mapper.Layer{Problem: p, Table: t})
	}
	if errs.HasErrors() {
		return nil, printDiags(stderr, errs, res.sources, false)
	}
	if prog.Pinned != nil {
		for _, ly := range layers {
			ev, d := engine.NewEvaluator(ly.Problem, prog.Arch, ly.Table)
			errs = append(errs, d...)
			if d.HasErrors() {
				continue
			}
			r, d := ev.Evaluate(prog.Pinned, opt)
			errs = append(errs, d...)
			if d.HasErrors() {
				continue
			}
			// Copy: the evaluator owns r and overwrites it on the next call.
			rc := *r
			rc.Levels = append([]engine.LevelResult(nil), r.Levels...)
			runs = append(runs, layerRun{prob: ly.Problem, mapping: prog.Pinned, res: &rc,
				search: reportSearch{Metric: o.metric, MappingsEvaluated: 1, MappingsValid: 1, Seed: o.seed, Pinned: true}})
		}
	} else {
		var code int
		runs, errs, code = search(prog, layers, o, opt, stderr)
		if code != exitOK {
			return nil, code
		}
	}
	if errs.HasErrors() {
		return nil, printDiags(stderr, errs, res.sources, false)
	}
	return &runOutput{prog: prog, runs: runs}, exitOK
}

func buildReport(file string, prog *ir.Program, runs []layerRun, o *options) *report {
	rep := &report{Schema: 1, CimcVersion: Version, Source: file, Architecture: prog.Arch.Name,
		Parameters: map[string]string{}, Layers: []reportLayer{}}
	for _, p := range prog.Params {
		rep.Parameters[p.Name] = p.Value.String()
	}
	var names []string
	for _, p := range prog.Layers {
		names = append(names, p.Name)
	}
	rep.Workload = workloadName(o, names)
	rep.Search = reportSearch{Metric: o.metric, Seed: o.seed, Optimal: true}
	var area float64
	for i, r := range runs {
		inst := max(r.prob.Instances, 1)
		l := reportLayer{Index: i, Name: r.prob.Name, Instances: inst, MACs: r.res.MACs, EnergyJ: r.res.EnergyJ,
			LatencyS: r.res.LatencyS, Cycles: r.res.Cycles, Utilization: r.res.Utilization,
			Mapping: ir.FormatMapping(r.prob, prog.Arch, r.mapping), Search: r.search, Components: []reportComponent{}}
		for _, lv := range r.res.Levels {
			if lv.Kind == ir.Container {
				continue
			}
			l.Components = append(l.Components, reportComponent{Name: lv.Name, Class: lv.Class, Instances: lv.Instances,
				AreaM2: lv.AreaM2, EnergyJ: lv.EnergyJ, Actions: lv.ActionCounts(), EnergyPerActionJ: lv.EnergyPerAction()})
		}
		rep.Layers = append(rep.Layers, l)
		rep.Search.MappingsEvaluated += r.search.MappingsEvaluated
		rep.Search.MappingsValid += r.search.MappingsValid
		rep.Search.Optimal = rep.Search.Optimal && r.search.Optimal
		rep.Search.Pinned = r.search.Pinned
		rep.Totals.MACs += r.res.MACs * int64(inst)
		rep.Totals.EnergyJ += r.res.EnergyJ * float64(inst)
		rep.Totals.LatencyS += r.res.LatencyS * float64(inst)
		area = r.res.AreaM2
	}
	if rep.Search.Pinned {
		rep.Search.Optimal = false // a pinned mapping is not a searched optimum
	}
	rep.Totals.AreaM2 = area
	rep.Totals.finish()
	return rep
}

func workloadName(o *options, layers []string) string {
	if o.workload != "" {
		return o.workload
	}
	if len(layers) == 1 {
		return layers[0]
	}
	return strings.Join(layers, ",")
}

// eng prints a quantity with an engineering prefix.
func eng(v float64, unit string) string {
	m, p := units.Engineering(v)
	return fmt.Sprintf("%.4g %s%s", m, p, unit)
}

func printHuman(w io.Writer, rep *report, prog *ir.Program, runs []layerRun) {
	fmt.Fprintf(w, "%s: architecture %s, workload %s\n", rep.Source, rep.Architecture, rep.Workload)
	if len(rep.Parameters) > 0 {
		keys := make([]string, 0, len(rep.Parameters))
		for k := range rep.Parameters {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+"="+rep.Parameters[k])
		}
		fmt.Fprintf(w, "parameters: %s\n", strings.Join(kv, ", "))
	}
	for i, l := range rep.Layers {
		fmt.Fprintf(w, "\nlayer %d %s: %d MACs, energy %s, latency %s (%d cycles), utilization %.1f%%\n",
			l.Index, l.Name, l.MACs, eng(l.EnergyJ, "J"), eng(l.LatencyS, "s"), l.Cycles, 100*l.Utilization)
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  component\tclass\tinstances\tenergy\tshare\tarea\tactions\t")
		for _, c := range l.Components {
			share := 0.0
			if l.EnergyJ > 0 {
				share = 100 * c.EnergyJ / l.EnergyJ
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%.1f%%\t%s\t%s\t\n", c.Name, c.Class, c.Instances, eng(c.EnergyJ, "J"), share,
				fmt.Sprintf("%.4g mm^2", c.AreaM2*1e6), actionsText(c.Actions))
		}
		tw.Flush()
		fmt.Fprintf(w, "  mapping:\n")
		for _, line := range strings.Split(strings.TrimRight(runs[i].mapping2text(prog), "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	t := rep.Totals
	fmt.Fprintf(w, "\ntotal: %d MACs, energy %s (%s/MAC), latency %s, area %.4g mm^2\n",
		t.MACs, eng(t.EnergyJ, "J"), eng(t.EnergyPerMAC, "J"), eng(t.LatencyS, "s"), t.AreaM2*1e6)
	fmt.Fprintf(w, "       %.4g TOPS, %.4g TOPS/W, %.4g TOPS/mm^2\n", t.TOPS, t.TOPSPerW, t.TOPSPerMM2)
}

func (r layerRun) mapping2text(prog *ir.Program) string {
	return ir.FormatMapping(r.prob, prog.Arch, r.mapping)
}

func actionsText(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		if m[k] != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	return strings.Join(parts, ", ")
}
