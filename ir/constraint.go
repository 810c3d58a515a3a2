package ir

import "github.com/cimc-lang/cimc/lang/diag"

// FactorOp is the relation of a factor constraint.
type FactorOp uint8

// Factor relations.
const (
	FactorEq FactorOp = iota // D = n (n = 0 means the full dimension)
	FactorLE                 // D <= n
	FactorGE                 // D >= n
)

func (o FactorOp) String() string {
	switch o {
	case FactorLE:
		return "<="
	case FactorGE:
		return ">="
	}
	return "="
}

// Factor constrains the loop bound of one dimension at one level.
type Factor struct {
	Dim   int
	Op    FactorOp
	Value int
	Src   diag.Range
}

// LoopConstraints restricts the temporal or the spatial loops of a level.
type LoopConstraints struct {
	Factors []Factor
	// FactorsOnly: dimensions without a Factor get bound 1.
	FactorsOnly bool
	// Order lists dimensions outermost first; nil means free. Dimensions
	// not listed are free to go anywhere inside the listed ones.
	Order []int
	// NoIterationOver lists dataspaces whose dimensions get bound 1 here.
	NoIterationOver []int
	// MustIterateOver lists dataspaces; dimensions that index none of them
	// get bound 1 here.
	MustIterateOver []int
	// MaximizeDims are groups of dimensions filled greedily in order
	// (CiMLoop maximize_dims), spatially up to the fanout, temporally up to
	// MaximizeCapacity.
	MaximizeDims     [][]int
	MaximizeCapacity int
	Src              diag.Range
}

// Constraints of one level.
type Constraints struct {
	Temporal LoopConstraints
	Spatial  LoopConstraints
}
