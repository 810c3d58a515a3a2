package validation

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/mapper"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/stdlib"
)

// Dir is the directory of the reference files inside stdlib.FS.
const Dir = "data/validation"

// Spec is one macro's reference file (stdlib/data/validation/<macro>.json).
type Spec struct {
	// Macro names the module std/macros/<Macro>.
	Macro string `json:"macro"`
	// Source says where the references come from.
	Source string `json:"source"`
	// Points are the experiments, each one modeled value vs one reference.
	Points []Point `json:"points"`
}

// Point is one experiment point.
type Point struct {
	// ID names the point uniquely within its macro.
	ID string `json:"id"`
	// Category groups points for the averages: "energy_efficiency",
	// "throughput", "component_energy", "area", "energy" or "other".
	Category string `json:"category"`
	// Metric is one of: tops, tops_1b, tops_per_w, tops_per_w_1b,
	// tops_per_mm2, tops_per_mm2_1b, energy_pj, area_um2, energy_per_mac_fj,
	// latency_us. TOPS = 2 MACs / latency / 1e12; "_1b" multiplies by
	// input_bits x weight_bits (CiMLoop's 1-bit-equivalent figures).
	Metric string `json:"metric"`
	// Sets are parameter overrides ("voltage=1.2 V"), as -set takes them.
	Sets []string `json:"sets,omitempty"`
	// Tile, Chip and System, when any is set, compose the macro with those
	// std/tiles, std/chips and std/systems modules (Compose; empty = none,
	// and the system defaults to ws_dummy_buffer_one_macro).
	Tile   string `json:"tile,omitempty"`
	Chip   string `json:"chip,omitempty"`
	System string `json:"system,omitempty"`
	// Network, when set, runs that std/workloads network (e.g.
	// "resnet18_no_attention") instead of the maximum-utilization
	// workload, in the system ws_dummy_buffer_many_macro unless System
	// says otherwise (CiMLoop's run_layer default), mapped with
	// DNNSearchOptions.
	Network string `json:"network,omitempty"`
	// Components restricts energy/area metrics (and the energy of
	// tops_per_w*) to these components; empty means all.
	Components []string `json:"components,omitempty"`
	// Scale multiplies the modeled value (e.g. 48 cores for Wan's chip).
	Scale float64 `json:"scale,omitempty"`
	// Reference is the published value in Unit; Source cites it.
	Reference float64 `json:"reference"`
	Unit      string  `json:"unit"`
	Source    string  `json:"source"`
	// CiMLoop is CiMLoop's own modeled value, when published (0: none).
	CiMLoop float64 `json:"cimloop,omitempty"`
	// Tolerance is the allowed relative error (0: 0.15).
	Tolerance float64 `json:"tolerance,omitempty"`
	// Caveat, when set, names why the point cannot meet its tolerance
	// (CiMLoop's model differs from the chip by design, or cimc lacks a
	// feature); the point is reported but does not fail validation.
	Caveat string `json:"caveat,omitempty"`
}

// DefaultTolerance is the per-point tolerance of issue 6.
const DefaultTolerance = 0.15

// CategoryTarget is the average error CiMLoop reported for a category,
// or 0 when it reported none (the CiMLoop paper, section 1.3 of
// published-references.md: energy efficiency 7 %, throughput 5 %,
// component energy 4 %, area 8 %).
func CategoryTarget(category string) float64 {
	switch category {
	case "energy_efficiency":
		return 0.07
	case "throughput":
		return 0.05
	case "component_energy":
		return 0.04
	case "area":
		return 0.08
	}
	return 0
}

// PointResult is a point with its modeled value.
type PointResult struct {
	Point
	Model float64 `json:"model"`
	// Error is (model - reference) / reference.
	Error float64 `json:"error"`
	// Pass: |Error| <= tolerance. A point with a Caveat may fail without
	// failing the macro.
	Pass bool `json:"pass"`
	// Err reports a point that could not be evaluated.
	Err string `json:"err,omitempty"`
}

// Category is the average absolute error of a macro's points of one
// category (points with a caveat or an evaluation error left out).
type Category struct {
	Name     string  `json:"name"`
	Points   int     `json:"points"`
	MeanAbs  float64 `json:"mean_abs_error"`
	Target   float64 `json:"target,omitempty"`
	MeetsTgt bool    `json:"meets_target"`
}

// MacroResult is the validation of one macro.
type MacroResult struct {
	Macro      string        `json:"macro"`
	Source     string        `json:"source"`
	Points     []PointResult `json:"points"`
	Categories []Category    `json:"categories"`
	// Pass: every point without a caveat is within its tolerance.
	Pass bool `json:"pass"`
}

// Report is the validation of several macros.
type Report struct {
	Macros []MacroResult `json:"macros"`
	// Categories averages every macro's points of each category (the
	// figures CiMLoop's paper reports across its macros).
	Categories []Category `json:"categories"`
	Pass       bool       `json:"pass"`
}

// Specs returns the embedded reference files, sorted by macro.
func Specs() ([]Spec, error) { return SpecsFrom(stdlib.FS) }

// SpecsFrom reads every <macro>.json of Dir in fsys.
func SpecsFrom(fsys fs.FS) ([]Spec, error) {
	ents, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		return nil, err
	}
	var out []Spec
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(Dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var s Spec
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%s: %v", e.Name(), err)
		}
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("%s: %v", e.Name(), err)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Macro < out[j].Macro })
	return out, nil
}

// knownMetric reports whether m is a metric of Point.Metric.
func knownMetric(m string) bool {
	switch m {
	case "tops", "tops_1b", "tops_per_w", "tops_per_w_1b", "tops_per_mm2", "tops_per_mm2_1b",
		"energy_pj", "area_um2", "energy_per_mac_fj", "latency_us":
		return true
	}
	return false
}

func (s *Spec) validate() error {
	if s.Macro == "" {
		return fmt.Errorf("no macro")
	}
	ids := map[string]bool{}
	for _, p := range s.Points {
		switch {
		case p.ID == "" || ids[p.ID]:
			return fmt.Errorf("point %q: missing or duplicate id", p.ID)
		case !knownMetric(p.Metric):
			return fmt.Errorf("point %q: unknown metric %q", p.ID, p.Metric)
		case p.Source == "":
			return fmt.Errorf("point %q: no source", p.ID)
		case !(p.Reference > 0) || math.IsInf(p.Reference, 0):
			return fmt.Errorf("point %q: reference must be positive", p.ID)
		}
		ids[p.ID] = true
	}
	return nil
}

// Validate runs the points of the given macros (all when macros is
// empty). Runs with the same overrides are evaluated once.
func Validate(reg *component.Registry, specs []Spec, macros []string) (*Report, error) {
	want := map[string]bool{}
	for _, m := range macros {
		want[m] = true
	}
	rep := &Report{Pass: true}
	found := map[string]bool{}
	var todo []Spec
	for _, s := range specs {
		if len(want) > 0 && !want[s.Macro] {
			continue
		}
		found[s.Macro] = true
		todo = append(todo, s)
	}
	// Macros run concurrently (GOMAXPROCS at a time); results keep the
	// order of specs, so the report does not depend on scheduling.
	results := make([]MacroResult, len(todo))
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = ValidateMacro(reg, todo[i])
		}(i)
	}
	wg.Wait()
	for _, mr := range results {
		rep.Pass = rep.Pass && mr.Pass
		rep.Macros = append(rep.Macros, mr)
	}
	for _, m := range macros {
		if !found[m] {
			return nil, fmt.Errorf("no validation references for macro %q", m)
		}
	}
	var all []PointResult
	for _, m := range rep.Macros {
		all = append(all, m.Points...)
	}
	rep.Categories = categories(all)
	return rep, nil
}

// SearchOptions are the mapper settings of the validation runs: energy,
// Timeloop's pre-2025 temporal-reuse rule (CiMLoop parity), a fixed seed
// and budget (the maximum-utilization mapspaces are small: Auto searches
// them exhaustively).
func SearchOptions() *mapper.Options {
	return &mapper.Options{Metric: mapper.Energy, Rule: nest.RulePre2025, Budget: 20000}
}

// DNNSearchOptions are the mapper settings of the network points: a
// fixed-seed hybrid search with a small budget per layer (CiMLoop's own
// DNN runs are sampled searches too), energy, the pre-2025 rule.
func DNNSearchOptions() *mapper.Options {
	return &mapper.Options{Metric: mapper.Energy, Rule: nest.RulePre2025, Mode: mapper.Hybrid, Budget: 2000, Seed: 1}
}

// ValidateMacro runs one macro's points, mapping each configuration with
// the mapper (SearchOptions), as `cimc run` does.
func ValidateMacro(reg *component.Registry, s Spec) MacroResult {
	mr := MacroResult{Macro: s.Macro, Source: s.Source, Pass: true}
	cache := map[string]*Run{}
	errs := map[string]string{}
	for _, p := range s.Points {
		key := strings.Join(append([]string{p.Tile, p.Chip, p.System, p.Network}, p.Sets...), "\x00")
		run, ok := cache[key]
		if !ok && errs[key] == "" {
			r, err := runPoint(reg, s.Macro, p)
			if err != "" {
				errs[key] = err
			} else {
				cache[key], run = r, r
			}
		}
		pr := PointResult{Point: p}
		if run == nil {
			pr.Err = errs[key]
		} else if v, err := metric(run, p); err != nil {
			pr.Err = err.Error()
		} else {
			pr.Model = v
			pr.Error = (v - p.Reference) / p.Reference
			tol := p.Tolerance
			if tol == 0 {
				tol = DefaultTolerance
			}
			pr.Pass = math.Abs(pr.Error) <= tol
		}
		if !pr.Pass && p.Caveat == "" {
			mr.Pass = false
		}
		mr.Points = append(mr.Points, pr)
	}
	mr.Categories = categories(mr.Points)
	return mr
}

// runPoint evaluates the configuration of a point: the macro module with
// the point's overrides, composed with its tile, chip and system if any.
func runPoint(reg *component.Registry, macro string, p Point) (*Run, string) {
	src := Source{Root: "std/macros/" + macro + ".cim", Overrides: p.Sets, Search: SearchOptions()}
	if p.Tile != "" || p.Chip != "" || p.System != "" || p.Network != "" {
		sys := p.System
		switch {
		case sys != "":
		case p.Network != "":
			sys = "ws_dummy_buffer_many_macro"
		default:
			sys = "ws_dummy_buffer_one_macro"
		}
		text, err := Compose(nil, macro, p.Tile, p.Chip, sys)
		if err != nil {
			return nil, err.Error()
		}
		if p.Network != "" {
			net := strings.TrimSuffix(p.Network, "_no_attention")
			if text, err = WithNetwork(nil, text, net); err != nil {
				return nil, err.Error()
			}
			src.Workload = p.Network
			src.Search = DNNSearchOptions()
		}
		src.Root = "composed/" + macro + "+" + or(p.Tile) + "+" + or(p.Chip) + "+" + sys + "+" + or(p.Network) + ".cim"
		src.Load = func(string) ([]byte, error) { return text, nil }
	}
	r, d := Evaluate(reg, src)
	if d.HasErrors() || r == nil {
		return nil, fmt.Sprint(d)
	}
	return r, ""
}

func categories(ps []PointResult) []Category {
	sum := map[string]float64{}
	n := map[string]int{}
	for _, p := range ps {
		if p.Err != "" || p.Caveat != "" {
			continue
		}
		sum[p.Category] += math.Abs(p.Error)
		n[p.Category]++
	}
	var out []Category
	for c, k := range n {
		cat := Category{Name: c, Points: k, MeanAbs: sum[c] / float64(k), Target: CategoryTarget(c)}
		cat.MeetsTgt = cat.Target == 0 || cat.MeanAbs <= cat.Target
		out = append(out, cat)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// metric computes a point's modeled value from a run.
func metric(r *Run, p Point) (float64, error) {
	num := func(name string) (float64, error) {
		v, ok := r.Params[name]
		if !ok {
			return 0, fmt.Errorf("macro has no parameter %q", name)
		}
		return v.Num.Value, nil
	}
	energy, missing := r.EnergyOf(p.Components)
	area, missA := r.AreaOf(p.Components)
	missing = append(missing, missA...)
	if len(missing) > 0 {
		return 0, fmt.Errorf("no component(s) %s", strings.Join(uniq(missing), ", "))
	}
	bits1b := func() (float64, error) {
		i, err := num("input_bits")
		if err != nil {
			return 0, err
		}
		w, err := num("weight_bits")
		return i * w, err
	}
	var v float64
	switch p.Metric {
	case "tops":
		v = r.TOPS()
	case "tops_1b":
		b, err := bits1b()
		if err != nil {
			return 0, err
		}
		v = r.TOPS() * b
	case "tops_per_w", "tops_per_w_1b":
		v = safe(2*float64(r.MACs), energy) / 1e12
		if p.Metric == "tops_per_w_1b" {
			b, err := bits1b()
			if err != nil {
				return 0, err
			}
			v *= b
		}
	case "tops_per_mm2":
		v = safe(r.TOPS(), area*1e6)
	case "tops_per_mm2_1b":
		b, err := bits1b()
		if err != nil {
			return 0, err
		}
		v = safe(r.TOPS()*b, area*1e6)
	case "energy_pj":
		v = energy * 1e12
	case "area_um2":
		v = area * 1e12
	case "energy_per_mac_fj":
		v = safe(energy, float64(r.MACs)) * 1e15
	case "latency_us":
		v = r.LatencyS * 1e6
	default:
		return 0, fmt.Errorf("unknown metric %q", p.Metric)
	}
	if p.Scale != 0 {
		v *= p.Scale
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("metric %s is not finite", p.Metric)
	}
	return v, nil
}

func uniq(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
