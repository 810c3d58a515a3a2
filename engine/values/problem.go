package values

import (
	"fmt"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/ir"
)

// DefaultBits and DefaultEncoding describe an operand that has no value
// model: CiMLoop's default macro (basic_analog iso/free variables,
// cimloop-macros.md) uses 8-bit operands with offset encoding, one 8-bit
// DAC conversion per input and 8-bit cells, i.e. one unsliced 8-bit slice.
const (
	DefaultBits     = 8
	DefaultEncoding = "offset"
)

// Options control ForProblem.
type Options struct {
	// Encodings holds user-defined encodings by name. A name that is also a
	// built-in encoding is an error.
	Encodings map[string]Encoding
	// UniformDefault makes a value model without a histogram use the
	// uniform histogram of 2^Bits-1 bins instead of CiMLoop's defaults
	// (Default).
	UniformDefault bool
	// PartialSlicesUseFullRange is passed to every Spec.
	PartialSlicesUseFullRange bool
}

// Layer is the value statistics of one problem, computed once per layer
// and shared by every mapping the engine evaluates.
type Layer struct {
	// Stats are the operand statistics by role, for component models.
	Stats component.Stats
	// Operands holds one entry per dataspace of the problem, in
	// Problem.Dataspaces order.
	Operands []*Operand
	// Role[r] is the index into Operands of the dataspace playing role r,
	// or -1 when no dataspace plays it (its Stats come from the defaults).
	Role [3]int
}

// ForProblem computes the statistics of every dataspace of p from its
// ValueModel:
//
//   - the histogram is ValueModel.Histogram (validated; unnormalized
//     weights are renormalized); when nil, Default of the dataspace's role
//     (or Uniform(Bits) with Options.UniformDefault);
//   - the encoding is looked up by name among Options.Encodings and the
//     built-ins; "" means DefaultEncoding;
//   - T is the size of the value model's bit dimension (BitDim >= 0: the
//     IR decides, as CiMLoop's X/Y/Z instance sizes do), else
//     Encoding.EncodedBits(Bits, Hist.Signed()); T is sliced by SliceBits
//     and, when ValueModel.Slices > 0, must give that many slices;
//   - a dataspace with no ValueModel gets DefaultBits, DefaultEncoding and
//     the role's default histogram, unsliced (Operand.Defaulted is set).
//
// Roles: the dataspaces named Inputs, Weights and Outputs; otherwise the
// read-write dataspace is Outputs and the remaining read-only dataspaces
// fill Inputs then Weights in order. Errors name the dataspace.
func ForProblem(p *ir.Problem, opt Options) (*Layer, error) {
	if p == nil {
		return nil, fmt.Errorf("no problem")
	}
	for name := range opt.Encodings {
		if _, ok := builtins[name]; ok {
			return nil, fmt.Errorf("user encoding %q has the name of a built-in encoding", name)
		}
	}
	roles := assignRoles(p)
	l := &Layer{Operands: make([]*Operand, len(p.Dataspaces)), Role: roles}
	roleOf := make([]Role, len(p.Dataspaces))
	for i := range roleOf {
		roleOf[i] = Inputs
	}
	for r, ds := range roles {
		if ds >= 0 {
			roleOf[ds] = Role(r)
		}
	}
	for i := range p.Dataspaces {
		ds := &p.Dataspaces[i]
		total := 0
		if vm := ds.Value; vm != nil && vm.BitDim >= 0 {
			if vm.BitDim >= len(p.Dims) || p.Dims[vm.BitDim].Kind == ir.DimRegular {
				return nil, fmt.Errorf("dataspace %q: value model names dimension %d, which is not a bit dimension", ds.Name, vm.BitDim)
			}
			total = vm.TotalBits(p)
		}
		op, err := operand(ds.Value, roleOf[i], total, opt)
		if err != nil {
			return nil, fmt.Errorf("dataspace %q: %w", ds.Name, err)
		}
		l.Operands[i] = op
	}
	for r, ds := range roles {
		var op *Operand
		if ds >= 0 {
			op = l.Operands[ds]
		} else {
			var err error
			if op, err = operand(nil, Role(r), 0, opt); err != nil {
				return nil, err
			}
		}
		st := op.Stats()
		switch Role(r) {
		case Inputs:
			l.Stats.Inputs = st
		case Weights:
			l.Stats.Weights = st
		case Outputs:
			l.Stats.Outputs = st
		}
	}
	return l, nil
}

func assignRoles(p *ir.Problem) [3]int {
	roles := [3]int{-1, -1, -1}
	taken := make([]bool, len(p.Dataspaces))
	for r := Inputs; r <= Outputs; r++ {
		if i := p.DataspaceIndex(r.String()); i >= 0 {
			roles[r] = i
			taken[i] = true
		}
	}
	if roles[Outputs] < 0 {
		if i := p.Output(); i >= 0 && !taken[i] {
			roles[Outputs] = i
			taken[i] = true
		}
	}
	for _, r := range []Role{Inputs, Weights} {
		if roles[r] >= 0 {
			continue
		}
		for i, ds := range p.Dataspaces {
			if !taken[i] && !ds.ReadWrite {
				roles[r] = i
				taken[i] = true
				break
			}
		}
	}
	return roles
}

// operand analyzes one value model; total > 0 is T as the problem's bit
// dimension sizes it, else T comes from the encoding's rule.
func operand(vm *ir.ValueModel, role Role, total int, opt Options) (*Operand, error) {
	if vm == nil {
		h := Default(role)
		enc := builtins[DefaultEncoding]
		op, err := Analyze(Spec{Hist: h, Encoding: enc, TotalBits: enc.EncodedBits(DefaultBits, h.Signed()),
			PartialSlicesUseFullRange: opt.PartialSlicesUseFullRange})
		if err != nil {
			return nil, err
		}
		op.Defaulted = true
		return op, nil
	}
	if vm.Bits < 1 || vm.Bits > MaxTotalBits {
		return nil, fmt.Errorf("%d bits, want 1 to %d", vm.Bits, MaxTotalBits)
	}
	name := vm.Encoding
	if name == "" {
		name = DefaultEncoding
	}
	enc, ok := opt.Encodings[name]
	if !ok {
		if b, isB := builtins[name]; isB {
			enc, ok = b, true
		}
	}
	if !ok {
		return nil, fmt.Errorf("unknown encoding %q", name)
	}
	var (
		h         Hist
		err       error
		defaulted bool
	)
	switch {
	case vm.Histogram != nil:
		h, err = New(vm.Histogram)
	case opt.UniformDefault:
		h, err = Uniform(min(vm.Bits, 24))
		defaulted = true
	default:
		h, defaulted = Default(role), true
	}
	if err != nil {
		return nil, err
	}
	if total <= 0 {
		total = enc.EncodedBits(vm.Bits, h.Signed())
	}
	op, err := Analyze(Spec{Hist: h, Encoding: enc, TotalBits: total, SliceBits: vm.SliceBits,
		PartialSlicesUseFullRange: opt.PartialSlicesUseFullRange})
	if err != nil {
		return nil, err
	}
	if vm.Slices > 0 && vm.Slices != len(op.Slices) {
		return nil, fmt.Errorf("%s encoding of %d bits gives %d encoded bits in %d slices of %d bits, but the value model has %d slices",
			name, vm.Bits, total, len(op.Slices), op.Slices[0].Bits, vm.Slices)
	}
	op.Defaulted = defaulted
	return op, nil
}
