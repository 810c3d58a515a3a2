package component

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
)

// AttrError is an attribute problem found by Fill or by a model: an unknown
// or missing attribute, a value of the wrong kind or dimension, or a value
// out of the range the model's source supports. Attr names the attribute
// ("" when the problem is not tied to one), so check can point at it.
type AttrError struct {
	Class string
	Attr  string
	Msg   string // lower case, no final period
	Help  string // optional: what to do instead
}

func (e *AttrError) Error() string {
	s := e.Msg
	if e.Class != "" {
		s = fmt.Sprintf("%s: %s", e.Class, e.Msg)
	}
	if e.Help != "" {
		s += " (" + e.Help + ")"
	}
	return s
}

// attrErr builds an *AttrError; the class name is filled in by the wrapper.
func attrErr(attr, help, format string, args ...any) *AttrError {
	return &AttrError{Attr: attr, Msg: fmt.Sprintf(format, args...), Help: help}
}

// NumValue returns a number attribute value with the given dimension.
func NumValue(v float64, d units.Dim) ir.Value {
	return ir.Value{Kind: ir.NumberValue, Num: units.Q(v, d)}
}

// StrValue returns a string attribute value.
func StrValue(s string) ir.Value { return ir.Value{Kind: ir.StringValue, Str: s} }

// BoolValue returns a boolean attribute value.
func BoolValue(b bool) ir.Value { return ir.Value{Kind: ir.BoolValue, Bool: b} }

// Fill checks attrs against the class schema and returns a new Attrs with
// every defaulted attribute filled in. Errors (all *AttrError: unknown
// names first, sorted, then the others in schema order) report unknown attributes, missing required ones, wrong
// kinds or dimensions, non-finite numbers and non-integers where an integer
// is required. Optional attributes that are not given stay absent.
func (c *Class) Fill(attrs Attrs) (Attrs, []*AttrError) {
	out := make(Attrs, len(c.Attrs))
	var errs []*AttrError
	known := 0
	for i := range c.Attrs {
		s := &c.Attrs[i]
		v, given := attrs[s.Name]
		switch {
		case given:
			known++
			if e := s.check(v); e != nil {
				e.Class = c.Name
				errs = append(errs, e)
				continue
			}
			out[s.Name] = v
		case s.Required:
			errs = append(errs, &AttrError{Class: c.Name, Attr: s.Name,
				Msg: fmt.Sprintf("missing required attribute %q for class %q", s.Name, c.Name)})
		case s.Optional:
		default:
			out[s.Name] = s.Default
		}
	}
	if known < len(attrs) {
		// Unknown names first (sorted): a misspelling also shows up as a
		// missing required attribute, and the misspelling is the cause.
		var unknown []*AttrError
		for n := range attrs {
			if _, ok := c.Attr(n); !ok {
				unknown = append(unknown, &AttrError{Class: c.Name, Attr: n,
					Msg: fmt.Sprintf("unknown attribute %q for class %q", n, c.Name)})
			}
		}
		sort.Slice(unknown, func(i, j int) bool { return unknown[i].Attr < unknown[j].Attr })
		errs = append(unknown, errs...)
	}
	return out, errs
}

// check reports whether v fits the spec.
func (s *AttrSpec) check(v ir.Value) *AttrError {
	switch s.Kind {
	case Number:
		if v.Kind != ir.NumberValue {
			return &AttrError{Attr: s.Name, Msg: fmt.Sprintf("attribute %q expects a number, found %s", s.Name, kindName(v.Kind))}
		}
		if v.Num.Dim != s.Dim {
			return &AttrError{Attr: s.Name, Msg: fmt.Sprintf("attribute %q expects %s, found %s", s.Name, dimWord(s.Dim), dimWord(v.Num.Dim))}
		}
		x := v.Num.Value
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return &AttrError{Attr: s.Name, Msg: fmt.Sprintf("attribute %q is not a finite number", s.Name)}
		}
		if s.Integer && x != math.Trunc(x) {
			return &AttrError{Attr: s.Name, Msg: fmt.Sprintf("attribute %q expects a whole number, found %s", s.Name, units.FormatNumber(x))}
		}
	case String:
		if v.Kind != ir.StringValue {
			return &AttrError{Attr: s.Name, Msg: fmt.Sprintf("attribute %q expects a string, found %s", s.Name, kindName(v.Kind))}
		}
	case Bool:
		if v.Kind != ir.BoolValue {
			return &AttrError{Attr: s.Name, Msg: fmt.Sprintf("attribute %q expects true or false, found %s", s.Name, kindName(v.Kind))}
		}
	}
	return nil
}

func kindName(k ir.ValueKind) string {
	switch k {
	case ir.StringValue:
		return "a string"
	case ir.BoolValue:
		return "a boolean"
	}
	return "a number"
}

func dimWord(d units.Dim) string {
	if d.IsNone() {
		return "a plain number"
	}
	return fmt.Sprintf("%s (%s)", d.Name(), d.Symbol())
}

// Evaluate fills attrs (Fill), runs the model, applies the common
// energy_scale and area_scale attributes, and checks that every energy,
// the area, latency and leakage are finite and non-negative. It is what
// Model does for every class New builds; it never panics on bad input.
func (c *Class) Evaluate(attrs Attrs, stats *Stats) (Estimate, error) {
	if c.Model == nil {
		return Estimate{}, fmt.Errorf("component class %q has no model", c.Name)
	}
	return c.Model(attrs, stats)
}

// modelFunc is the inner model: attributes already filled and checked.
type modelFunc func(p params, stats *Stats) (Estimate, error)

// wrap turns an inner model into a Class.Model that validates attributes,
// applies energy_scale/area_scale and checks the result.
func wrap(c *Class, f modelFunc) func(Attrs, *Stats) (Estimate, error) {
	return func(attrs Attrs, stats *Stats) (est Estimate, err error) {
		defer func() {
			if r := recover(); r != nil {
				// A panic here is a model bug; report it as an error so
				// one bad component does not bring the compiler down.
				est, err = Estimate{}, fmt.Errorf("%s: internal model error: %v", c.Name, r)
			}
		}()
		full, errs := c.Fill(attrs)
		if len(errs) > 0 {
			return Estimate{}, errs[0]
		}
		p := params{class: c.Name, a: full}
		for _, n := range [...]string{"energy_scale", "area_scale"} {
			if _, err := p.nonNeg(n); err != nil {
				err.(*AttrError).Class = c.Name
				return Estimate{}, err
			}
		}
		est, err = f(p, stats)
		if err != nil {
			if ae, ok := err.(*AttrError); ok && ae.Class == "" {
				ae.Class = c.Name
			}
			return Estimate{}, err
		}
		if _, ok := c.Attr("energy_scale"); ok {
			es := p.num("energy_scale")
			as := p.num("area_scale")
			for k, v := range est.Energy {
				est.Energy[k] = v * es
			}
			est.Leakage *= es
			est.Area *= as
		}
		if err := est.validate(c.Name); err != nil {
			return Estimate{}, err
		}
		return est, nil
	}
}

// validate rejects NaN, infinite and negative results.
func (e *Estimate) validate(class string) error {
	bad := func(what string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("%s: model produced an invalid %s (%v) for these attributes", class, what, v)
		}
		return nil
	}
	keys := make([]string, 0, len(e.Energy))
	for k := range e.Energy {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := bad("energy for action "+k, e.Energy[k]); err != nil {
			return err
		}
	}
	if err := bad("area", e.Area); err != nil {
		return err
	}
	if err := bad("latency", e.Latency); err != nil {
		return err
	}
	return bad("leakage", e.Leakage)
}

// params reads filled attributes inside a model.
type params struct {
	class string
	a     Attrs
}

// num returns a number attribute (0 when absent: the schema guarantees
// presence of non-optional attributes).
func (p params) num(name string) float64 {
	v, _ := p.a.Num(name)
	return v
}

// has reports whether an (optional) attribute was given.
func (p params) has(name string) bool {
	_, ok := p.a[name]
	return ok
}

func (p params) str(name string) string {
	v, _ := p.a.Str(name)
	return v
}

func (p params) boolean(name string) bool {
	v, ok := p.a[name]
	return ok && v.Kind == ir.BoolValue && v.Bool
}

// positive returns a number attribute that must be > 0.
func (p params) positive(name string) (float64, error) {
	v := p.num(name)
	if !(v > 0) {
		return 0, attrErr(name, "", "attribute %q must be positive, found %s", name, units.FormatNumber(v))
	}
	return v, nil
}

// nonNeg returns a number attribute that must be >= 0.
func (p params) nonNeg(name string) (float64, error) {
	v := p.num(name)
	if v < 0 {
		return 0, attrErr(name, "", "attribute %q must not be negative, found %s", name, units.FormatNumber(v))
	}
	return v, nil
}

// intIn returns an integer attribute that must lie in [lo, hi].
func (p params) intIn(name string, lo, hi int) (int, error) {
	v := p.num(name)
	if v < float64(lo) || v > float64(hi) {
		return 0, attrErr(name, "", "attribute %q must be between %d and %d, found %s", name, lo, hi, units.FormatNumber(v))
	}
	return int(v), nil
}

// inRange returns a number attribute that must lie in [lo, hi].
func (p params) inRange(name string, lo, hi float64, help string) (float64, error) {
	v := p.num(name)
	if v < lo || v > hi {
		return 0, attrErr(name, help, "attribute %q must be between %s and %s, found %s", name,
			units.FormatNumber(lo), units.FormatNumber(hi), units.FormatNumber(v))
	}
	return v, nil
}

// interp returns the tech_interpolation attribute (library and Aladdin
// classes) as an Interp.
func (p params) interp() (Interp, error) {
	mode, err := ParseInterp(p.str("tech_interpolation"))
	if err != nil {
		return mode, attrErr("tech_interpolation", `"legacy" or "fixed"`, "%v", err)
	}
	return mode, nil
}

// oneOf returns a string attribute that must be one of choices.
func (p params) oneOf(name string, choices ...string) (string, error) {
	v := p.str(name)
	for _, c := range choices {
		if strings.EqualFold(v, c) {
			return c, nil
		}
	}
	return "", attrErr(name, "one of "+strings.Join(quoteAll(choices), ", "),
		"attribute %q has unknown value %q", name, v)
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// ---- schema builders ----

func numAttr(name string, d units.Dim, def float64, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: Number, Dim: d, Default: NumValue(def, d), Doc: doc}
}

func intAttr(name string, def float64, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: Number, Dim: units.None, Default: NumValue(def, units.None), Integer: true, Doc: doc}
}

func reqNum(name string, d units.Dim, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: Number, Dim: d, Required: true, Doc: doc}
}

func reqInt(name, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: Number, Dim: units.None, Required: true, Integer: true, Doc: doc}
}

func optNum(name string, d units.Dim, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: Number, Dim: d, Optional: true, Doc: doc}
}

// The choices of the enumerated attributes, shared by their schema entry
// (check rejects other values where they are written) and their model.
var (
	adcLeakModels       = []string{"cimloop", "hwcomponents"}
	dramEnergySources   = []string{"cimloop", "hwcomponents"}
	interpNames         = []string{"legacy", "fixed"}
	neuroLeakModels     = []string{"neurosim", "cimloop"}
	writeInterpolations = []string{"cimloop", "direct"}
	statsRoutes         = []string{StatsEncoded, StatsValues, StatsMagnitudes}
	operandNames        = []string{"Inputs", "Weights", "Outputs"}
)

// enumAttr is a string attribute that takes one of choices (def among
// them); the model reads it with params.oneOf(name, choices...).
func enumAttr(name, def, doc string, choices ...string) AttrSpec {
	if len(choices) == 0 {
		panic("component: enumAttr " + name + " without choices") // a schema bug, caught by every test that builds the registry
	}
	a := strAttr(name, def, doc)
	a.Choices = choices
	return a
}

func strAttr(name, def, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: String, Default: StrValue(def), Doc: doc}
}

func boolAttr(name string, def bool, doc string) AttrSpec {
	return AttrSpec{Name: name, Kind: Bool, Default: BoolValue(def), Doc: doc}
}

// techAttr is the technology node in nm (a plain number, as CiMLoop
// writes it: `attr technology = 32`), inherited from the architecture.
func techAttr() AttrSpec {
	return AttrSpec{Name: "technology", Kind: Number, Dim: units.None, Required: true, Inherited: true,
		Doc: "technology node in nm (a plain number, e.g. 32); usually inherited from the architecture's `attr technology`"}
}

// optTechAttr is a technology node that defaults to the model's own node.
func optTechAttr(doc string) AttrSpec {
	return AttrSpec{Name: "technology", Kind: Number, Dim: units.None, Optional: true, Inherited: true, Doc: doc}
}

// cycleAttr is the clock period (CiMLoop's global_cycle_seconds).
func cycleAttr() AttrSpec {
	return AttrSpec{Name: "cycle_seconds", Kind: Number, Dim: units.Time, Default: NumValue(1e-9, units.Time), Inherited: true,
		Doc: "clock period (CiMLoop global_cycle_seconds); default 1 ns; inherited from the architecture"}
}

func voltageAttr(def float64, doc string) AttrSpec {
	return AttrSpec{Name: "voltage", Kind: Number, Dim: units.Voltage, Default: NumValue(def, units.Voltage), Inherited: true, Doc: doc}
}

// scaleAttrs are on every model class: multipliers applied to every action
// energy and leakage (energy_scale) and to the area (area_scale), as
// Accelergy's component-level energy_scale / area_scale.
func scaleAttrs() []AttrSpec {
	return []AttrSpec{
		numAttr("energy_scale", units.None, 1, "multiplies every action energy and the leakage (Accelergy energy_scale)"),
		numAttr("area_scale", units.None, 1, "multiplies the area (Accelergy area_scale)"),
	}
}

// newClass builds a class with the common scale attributes appended and
// the model wrapped.
func newClass(name, doc string, storage bool, actions []string, attrs []AttrSpec, f modelFunc) *Class {
	c := &Class{Name: name, Doc: doc, Storage: storage, Actions: actions}
	c.Attrs = append(append([]AttrSpec{}, attrs...), scaleAttrs()...)
	c.Model = wrap(c, f)
	return c
}

// energies builds an energy map with the same value for several actions.
func energies(e float64, actions ...string) map[string]float64 {
	m := make(map[string]float64, len(actions))
	for _, a := range actions {
		m[a] = e
	}
	return m
}

// Propagated returns the attribute names that lowering should inherit from
// enclosing containers and the architecture when an instance does not set
// them (AttrSpec.Inherited marks them in each schema).
func Propagated() []string {
	return []string{"cycle_seconds", "technology", "voltage"}
}
