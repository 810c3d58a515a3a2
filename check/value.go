package check

import (
	"fmt"
	"strings"

	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/units"
)

// Kind is the type of a Value.
type Kind uint8

// Value kinds. Invalid marks a value whose computation already produced a
// diagnostic: operations on it yield Invalid silently, so one mistake gives
// one error.
const (
	Invalid Kind = iota
	Number
	String
	Bool
	List
)

// String names the kind in messages.
func (k Kind) String() string {
	switch k {
	case Number:
		return "number"
	case String:
		return "string"
	case Bool:
		return "bool"
	case List:
		return "list"
	}
	return "invalid"
}

// Value is the type and, when known, the value of an expression. Numbers
// are held in SI units with their dimension. Unknown values (component
// template fields, operand statistics) have a type but no value: they are
// checked now and evaluated by the engine.
type Value struct {
	Kind    Kind
	Num     float64
	Dim     units.Dim
	Str     string
	Bool    bool
	List    []Value
	Unknown bool
}

// Num returns a known dimensionless or dimensioned number.
func Num(v float64, d units.Dim) Value { return Value{Kind: Number, Num: v, Dim: d} }

// IsInt reports whether v is a known whole number.
func (v Value) IsInt() bool {
	return v.Kind == Number && !v.Unknown && v.Num == float64(int64(v.Num))
}

// typeName describes the type of v for messages: "energy", "string", ...
func (v Value) typeName() string {
	if v.Kind == Number {
		if v.Dim.IsNone() {
			return "a dimensionless number"
		}
		return v.Dim.Name()
	}
	return v.Kind.String()
}

// String prints v for the IR dump and messages.
func (v Value) String() string {
	if v.Unknown {
		return "<" + v.typeName() + ">"
	}
	switch v.Kind {
	case Number:
		return units.Quantity{Value: v.Num, Dim: v.Dim}.String()
	case String:
		return fmt.Sprintf("%q", v.Str)
	case Bool:
		return fmt.Sprint(v.Bool)
	case List:
		s := make([]string, len(v.List))
		for i, e := range v.List {
			s[i] = e.String()
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	return "<invalid>"
}

// IR converts a known number, string or bool to an ir.Value.
func (v Value) IR() (ir.Value, bool) {
	if v.Unknown {
		return ir.Value{}, false
	}
	switch v.Kind {
	case Number:
		return ir.Value{Kind: ir.NumberValue, Num: units.Quantity{Value: v.Num, Dim: v.Dim}}, true
	case String:
		return ir.Value{Kind: ir.StringValue, Str: v.Str}, true
	case Bool:
		return ir.Value{Kind: ir.BoolValue, Bool: v.Bool}, true
	}
	return ir.Value{}, false
}

// fromIR converts an ir.Value (a schema default) to a Value.
func fromIR(v ir.Value) Value {
	switch v.Kind {
	case ir.StringValue:
		return Value{Kind: String, Str: v.Str}
	case ir.BoolValue:
		return Value{Kind: Bool, Bool: v.Bool}
	}
	return Num(v.Num.Value, v.Num.Dim)
}
