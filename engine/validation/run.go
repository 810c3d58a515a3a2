package validation

import (
	"context"
	"io/fs"
	"sort"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/engine/table"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lower"
	"github.com/cimc-lang/cimc/stdlib"
)

// Run is one evaluated configuration of a macro: the totals over the
// layers of its workload and the energy and area of every component.
type Run struct {
	// MACs counts full-precision MACs, Computes virtual 1b x 1b MACs.
	MACs, Computes int64
	// EnergyJ and LatencyS sum the layers; AreaM2 is the architecture's.
	EnergyJ, LatencyS, AreaM2 float64
	// Cycles sums the layers' cycles; CycleSeconds is the clock.
	Cycles       int64
	CycleSeconds float64
	// Components holds energy (summed over layers) and area by component
	// name; containers are left out.
	Components map[string]Component
	// Params are the module's parameters after overrides, by name.
	Params map[string]ir.Value
	// Mappings are the mappings used, one per layer.
	Mappings []*ir.Mapping
}

// Component is the energy and area of one component of a Run.
type Component struct {
	Class   string
	EnergyJ float64
	AreaM2  float64
}

// TOPS is 2 x MACs / latency / 1e12 (CiMLoop MacroOutputStats).
func (r *Run) TOPS() float64 { return safe(2*float64(r.MACs), r.LatencyS) / 1e12 }

// TOPSPerW is 2 x MACs / energy / 1e12.
func (r *Run) TOPSPerW() float64 { return safe(2*float64(r.MACs), r.EnergyJ) / 1e12 }

// TOPSPerMM2 is TOPS / (area in mm^2).
func (r *Run) TOPSPerMM2() float64 { return safe(r.TOPS(), r.AreaM2*1e6) }

// EnergyOf sums the energy of the named components (all when names is
// empty); unknown names are reported in missing.
func (r *Run) EnergyOf(names []string) (j float64, missing []string) {
	return r.sum(names, func(c Component) float64 { return c.EnergyJ })
}

// AreaOf sums the area of the named components (all when names is empty).
func (r *Run) AreaOf(names []string) (m2 float64, missing []string) {
	return r.sum(names, func(c Component) float64 { return c.AreaM2 })
}

func (r *Run) sum(names []string, f func(Component) float64) (float64, []string) {
	var s float64
	var missing []string
	if len(names) == 0 {
		keys := make([]string, 0, len(r.Components))
		for k := range r.Components {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s += f(r.Components[k])
		}
		return s, nil
	}
	for _, n := range names {
		c, ok := r.Components[n]
		if !ok {
			missing = append(missing, n)
			continue
		}
		s += f(c)
	}
	return s, missing
}

func safe(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Source is a program to evaluate: a root module and how to read it.
type Source struct {
	// Root is the root file name; "std/..." names are read from Std.
	Root string
	// Load reads user files (nil: only stdlib modules can be loaded).
	Load func(path string) ([]byte, error)
	// Std is the standard library (nil: stdlib.FS).
	Std fs.FS
	// Overrides are "-set" strings applied to the root module's params.
	Overrides []string
	// Workload names the workload or network ("" = the only one).
	Workload string
	// Search, when set, maps every layer with engine/mapper (its Rule is
	// used for the evaluation too); nil completes the pinned mapping with
	// MaxUtilMapping, the mapping CiMLoop's constraints force on the
	// maximum-utilization workloads, with Timeloop's pre-2025 reuse rule
	// (CiMLoop parity).
	Search *mapper.Options
}

// Evaluate runs a program through the pipeline of `cimc run` (check,
// lower, engine/table.Build, engine.Evaluator) with, for each layer, the
// pinned mapping completed by MaxUtilMapping. reg may be shared between
// calls (it caches its tables).
func Evaluate(reg *component.Registry, src Source) (*Run, diag.List) {
	std := src.Std
	if std == nil {
		std = stdlib.FS
	}
	load := func(p string) ([]byte, error) {
		if len(p) > 4 && p[:4] == "std/" {
			return fs.ReadFile(std, p)
		}
		if src.Load == nil {
			return nil, fs.ErrNotExist
		}
		return src.Load(p)
	}
	prog, diags := check.Check(&check.Config{Root: src.Root, Load: load, Std: std, Overrides: src.Overrides, Classes: reg})
	if diags.HasErrors() {
		return nil, diags
	}
	p, ld := lower.Lower(prog, lower.Options{Workload: src.Workload})
	diags = append(diags, ld...)
	if ld.HasErrors() {
		return nil, diags.Sort()
	}
	run := &Run{Components: map[string]Component{}, Params: map[string]ir.Value{}, CycleSeconds: p.Arch.CycleSeconds}
	for _, pr := range p.Params {
		run.Params[pr.Name] = pr.Value
	}
	for _, layer := range p.Layers {
		t, _, d := table.Build(table.WithCompounds(reg, prog), p.Arch, layer, values.Options{})
		diags = append(diags, d...)
		if d.HasErrors() {
			return nil, diags.Sort()
		}
		ev, d := engine.NewEvaluator(layer, p.Arch, t)
		diags = append(diags, d...)
		if d.HasErrors() {
			return nil, diags.Sort()
		}
		var m *ir.Mapping
		var r *engine.Result
		if src.Search != nil {
			res, d := mapper.Map(context.Background(), layer, p.Arch, t, *src.Search)
			diags = append(diags, d...)
			if d.HasErrors() {
				return nil, diags.Sort()
			}
			if res == nil || res.Mapping == nil {
				diags.Errorf(layer.Src, diag.NoValidMapping, "no valid mapping found for layer %q", layer.Name)
				return nil, diags.Sort()
			}
			m, r = res.Mapping, res.Eval
		} else {
			var err error
			m, err = MaxUtilMapping(layer, p.Arch, p.Pinned)
			if err != nil {
				diags.Errorf(layer.Src, diag.BadMapping, "layer %q: %v", layer.Name, err)
				return nil, diags.Sort()
			}
			var d diag.List
			r, d = ev.Evaluate(m, engine.Options{Rule: nest.RulePre2025})
			diags = append(diags, d...)
			if d.HasErrors() {
				return nil, diags.Sort()
			}
		}
		inst := int64(max(layer.Instances, 1))
		run.Mappings = append(run.Mappings, m)
		run.MACs += r.MACs * inst
		run.Computes += r.Computes * inst
		run.EnergyJ += r.EnergyJ * float64(inst)
		run.LatencyS += r.LatencyS * float64(inst)
		run.Cycles += r.Cycles * inst
		run.AreaM2 = r.AreaM2
		for _, lv := range r.Levels {
			if lv.Kind == ir.Container {
				continue
			}
			c := run.Components[lv.Name]
			c.Class = lv.Class
			c.EnergyJ += lv.EnergyJ * float64(inst)
			c.AreaM2 = lv.AreaM2
			run.Components[lv.Name] = c
		}
	}
	return run, diags.Sort()
}
