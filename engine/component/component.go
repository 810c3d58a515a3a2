package component

import (
	"fmt"
	"sort"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
)

// AttrKind is the type of an attribute.
type AttrKind uint8

// Attribute kinds.
const (
	Number AttrKind = iota // a quantity of dimension Dim
	String
	Bool
)

// AttrSpec describes one attribute a class takes.
type AttrSpec struct {
	Name     string
	Kind     AttrKind
	Dim      units.Dim // for Number
	Required bool
	// Default is used when the attribute is not given and not Required.
	Default ir.Value
	// Integer: the number must be a whole number (bits, rows, depth).
	Integer bool
	Doc     string
	// Optional (added by the model library): when true and the attribute
	// is not given, it is left out of Attrs and Default is unused; the
	// attribute's Doc says what its absence means (for example "from the
	// operand statistics").
	Optional bool
	// Choices (added by the model library), for a String attribute: the
	// values it may take, compared case-insensitively; empty means any
	// string. check rejects another value where it is written.
	Choices []string
	// Inherited (added by the model library): the value may come from an
	// enclosing container's or the architecture's `attr` of the same name
	// (technology, voltage, cycle_seconds). Required then means "required
	// after inheritance".
	Inherited bool
}

// Attrs are the evaluated attributes of one component instance, by name.
type Attrs map[string]ir.Value

// Num returns a number attribute in SI units.
func (a Attrs) Num(name string) (float64, bool) {
	v, ok := a[name]
	if !ok || v.Kind != ir.NumberValue {
		return 0, false
	}
	return v.Num.Value, true
}

// Str returns a string attribute.
func (a Attrs) Str(name string) (string, bool) {
	v, ok := a[name]
	if !ok || v.Kind != ir.StringValue {
		return "", false
	}
	return v.Str, true
}

// OperandStats summarizes the values of one tensor slice as a component
// sees them after encoding and slicing (computed once per layer by
// engine/values).
type OperandStats struct {
	Bits       int       // bits of one slice
	MeanValue  float64   // mean of the slice value, normalized to [0, 1] of full scale
	MeanSquare float64   // mean of the square of the normalized slice value
	BitProb    []float64 // probability that bit i (LSB first) is 1
	Switching  float64   // probability that a bit toggles between consecutive values
	// Probs (added by the model library) is the probability of each slice
	// value 0..2^Bits-1, when known; value-dependent models that need the
	// whole distribution (ladder DACs, capacitor switching) use it and fall
	// back to a uniform distribution when it is empty.
	Probs []float64
	// Hist is the operand's value histogram before encoding and slicing
	// (2^N-1 zero-centred bins, bin i holding value i-(len-1)/2), when
	// known. Models that can read the values as CiMLoop's macros hand them
	// over (a ladder DAC's `hist`, statistics = "values" or "magnitudes")
	// use it.
	Hist []float64
}

// Stats are the operand statistics a component propagates, by role. A nil
// *Stats means "no value information": models use their data-independent
// defaults (CiMLoop's average values).
type Stats struct {
	Inputs, Weights, Outputs OperandStats
}

// Estimate is what a model returns for one component.
type Estimate struct {
	Energy  map[string]float64 // joules per action, by action name
	Area    float64            // m^2 per instance
	Latency float64            // seconds per action (0 when the model gives none)
	Leakage float64            // watts per instance
}

// Class is a component class: its schema and its model.
type Class struct {
	Name    string
	Doc     string
	Attrs   []AttrSpec
	Actions []string
	// Storage reports whether the class is a buffer level (keeps data) as
	// opposed to a compute unit.
	Storage bool
	// Model evaluates the class. attrs holds every attribute of the schema
	// (defaults filled in).
	Model func(attrs Attrs, stats *Stats) (Estimate, error)
}

// Attr returns the spec of the attribute named name.
func (c *Class) Attr(name string) (*AttrSpec, bool) {
	for i := range c.Attrs {
		if c.Attrs[i].Name == name {
			return &c.Attrs[i], true
		}
	}
	return nil, false
}

// AttrNames returns the attribute names in schema order (for suggestions).
func (c *Class) AttrNames() []string {
	out := make([]string, len(c.Attrs))
	for i, a := range c.Attrs {
		out[i] = a.Name
	}
	return out
}

// Registry is the set of known classes.
type Registry struct {
	classes map[string]*Class
}

// NewRegistry returns a registry of the given classes.
func NewRegistry(classes ...*Class) (*Registry, error) {
	r := &Registry{classes: make(map[string]*Class, len(classes))}
	for _, c := range classes {
		if _, dup := r.classes[c.Name]; dup {
			return nil, fmt.Errorf("component class %q registered twice", c.Name)
		}
		r.classes[c.Name] = c
	}
	return r, nil
}

// Lookup returns the class named name.
func (r *Registry) Lookup(name string) (*Class, bool) {
	c, ok := r.classes[name]
	return c, ok
}

// Names returns the sorted class names.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.classes))
	for n := range r.classes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
