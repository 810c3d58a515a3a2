package check

import (
	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Program is a checked program: the modules it loaded and the elaborated
// declarations of the root module, with every value evaluated. It is
// partial when Check reports errors (declarations with errors are left out
// or carry Invalid values).
type Program struct {
	// Root is the module of Config.Root; Modules lists every loaded module
	// once, in the order loading finished (imports before importers).
	Root    *Module
	Modules []*Module

	// Params are the root module's top-level parameters after overrides,
	// in source order.
	Params []Param
	// Archs, Workloads, Networks, Encodings and Mappings are the root
	// module's declarations, elaborated, in source order. Workloads holds
	// only workloads without required parameters (templates are checked
	// but are instantiated by network layers).
	Archs     []*Arch
	Workloads []*Workload
	Networks  []*Network
	Encodings []*Encoding
	Mappings  []*Mapping
	// Components are the compound component classes declared in .cim by
	// every loaded module, by canonical name (see Component.Name).
	Components map[string]*Component

	// Values records the value (or type) of every expression evaluated in
	// a module's default instance: the side table of STYLE.md.
	Values map[ast.Expr]Value
	// Classes is the registry used for the check.
	Classes *component.Registry
}

// Module is one loaded module: one file, or every file of a stdlib
// directory.
type Module struct {
	// Path is the import key: "std/cells" for the stdlib, the slash-
	// separated file name (as passed to Load) for user files.
	Path  string
	Files []*ast.File
	Std   bool

	dir   string // directory imports resolve against
	scope *scope
	// params lists top-level params in source order.
	params []*ast.ParamDecl
	env    *env // default instance
}

// Param is an evaluated top-level parameter.
type Param struct {
	Name  string
	Value Value
	Src   diag.Range
}

// Arch is an elaborated architecture: its container hierarchy with
// includes spliced in and every value evaluated.
type Arch struct {
	Name  string
	Nodes []Node
	// Attrs are the arch's own attr statements (inherited by every
	// instance; cycle_seconds also sets the clock).
	Attrs []Attr
	// Encodings declared inside the arch or its containers (they override
	// top-level encodings of the same dataspace).
	Encodings []*Encoding
	Decl      *ast.ArchDecl
	Src       diag.Range
}

// Node is a *Container or an *Instance.
type Node interface{ node() }

// Fanout is an evaluated spatial fanout.
type Fanout struct {
	X, Y int
	Src  diag.Range
}

// Container is a container of the hierarchy.
type Container struct {
	Name    string
	NameSrc diag.Range
	Fanout  *Fanout // nil: no fanout (the container only scopes attributes)
	// Attrs are the container's own attr statements; they are already
	// merged into every Instance below.
	Attrs      []Attr
	Directives []Directive // spatial directives (reuse, no_reuse, must_reuse)
	Spatial    *Constraints
	Children   []Node
	Src        diag.Range
}

// Instance is a component instance.
type Instance struct {
	Name    string
	NameSrc diag.Range
	Fanout  *Fanout // nil: none (NAME[n] ... is sugar for a container)
	// Class is the canonical class name: a registry class name, or the
	// Name of a compound Component.
	Class    string
	Registry *component.Class // the registry class, or nil
	Compound *Component       // the .cim class, or nil
	Attrs    []Attr           // own, inherited and default attributes, sorted by name
	// Geometry holds the storage attributes Timeloop reads (depth, width,
	// datawidth, block_size, read_bandwidth, write_bandwidth) that the
	// class's model does not take; those it takes are in Attrs.
	Geometry  []Attr
	Temporal  []Directive // keep, coalesce, pass, bypass, rmw_first_update
	Spatial   []Directive // reuse, no_reuse, must_reuse (only with a fanout)
	TempCons  *Constraints
	SpaceCons *Constraints
	Src       diag.Range
}

func (*Container) node() {}
func (*Instance) node()  {}

// Attr is an evaluated attribute.
type Attr struct {
	Name  string
	Value Value
	Src   diag.Range
}

// Directive is a reuse directive. Star means every dataspace.
type Directive struct {
	Kind       string // keep coalesce pass bypass rmw_first_update reuse no_reuse must_reuse
	Dataspaces []Name
	Star       bool
	Src        diag.Range
}

// Name is a name with the range it was written at.
type Name struct {
	Name string
	Src  diag.Range
}

// Constraints is one temporal or spatial constraint block.
type Constraints struct {
	Factors     []Factor
	FactorsOnly bool
	Order       []Name
	Maximize    [][]Name
	Capacity    int
	NoIteration []Name
	MustIterate []Name
	Src         diag.Range
}

// Factor is an evaluated factor constraint (Value 0 = the full dimension).
type Factor struct {
	Dim   Name
	Op    ir.FactorOp
	Value int
	Src   diag.Range
}

// Workload is an elaborated workload (or network layer): one einsum with
// sizes and histograms.
type Workload struct {
	Name   string
	Einsum *Einsum
	// Sizes by dimension, in order of first appearance in the einsum.
	Sizes      []DimSize
	Histograms []Histogram
	Decl       *ast.WorkloadDecl
	Src        diag.Range
}

// DimSize is the size of one dimension.
type DimSize struct {
	Name string
	Size int
	Src  diag.Range
}

// Histogram is a per-dataspace value histogram (2^N-1 zero-centred bins,
// not yet normalised).
type Histogram struct {
	Dataspace string
	Bins      []float64
	Src       diag.Range
}

// Einsum is a checked einsum: the output, the inputs in order, and every
// index as an affine form of dimensions.
type Einsum struct {
	Output *Tensor
	Inputs []*Tensor
	Reduce bool     // "+=": the output accumulates
	Dims   []string // in order of first appearance
	Src    diag.Range

	dsSrc  map[string]diag.Range // where each dataspace is written
	dimSrc map[string]diag.Range // first use of each dimension
}

// Tensor is one dataspace of an einsum.
type Tensor struct {
	Name  string
	Ranks [][]Term
	Src   diag.Range
}

// Term is Coef * Dim in an affine index.
type Term struct {
	Dim  string
	Coef int
}

// Network is an ordered list of layers.
type Network struct {
	Name   string
	Layers []*Workload // each named after its layer
	Src    diag.Range
}

// Encoding is an evaluated "encode" declaration.
type Encoding struct {
	Dataspace Name
	Name      string // offset, twos_complement, sign_magnitude, magnitude, differential, xnor, ... (see encodingNames)
	Bits      int
	Slices    []Slice
	Src       diag.Range
}

// Slice is "slice BITS per KIND".
type Slice struct {
	Bits int
	Per  string // cell, dac, adc, cycle, read
	Src  diag.Range
}

// Mapping is a pinned mapping (levels and dimensions are resolved by lower).
type Mapping struct {
	Arch   *Name // nil: any
	Levels []MappingLevel
	Src    diag.Range
}

// MappingLevel is the loops one named level owns, outermost first.
type MappingLevel struct {
	Level Name
	Loops []MappingLoop
	Src   diag.Range
}

// MappingLoop is one evaluated loop.
type MappingLoop struct {
	Dim      Name
	Bound    int
	Parallel bool
	Axis     ir.Axis
	Src      diag.Range
}

// Component is a compound component class written in .cim.
type Component struct {
	// Name is canonical: the declared name in the root module, or
	// "<module path without .cim>.<name>" for imported modules
	// ("std/cells.rram", "lib/macros.adder").
	Name   string
	Fields []FieldSpec
	Subs   []Sub
	// Actions lists the action names in source order.
	Actions []string
	Decl    *ast.ComponentDecl
	Module  *Module
}

// FieldSpec is a parameter of a compound component class.
type FieldSpec struct {
	Name     string
	Type     Value // Kind and Dim; Unknown
	Default  *Value
	Required bool
	Src      diag.Range
}

// Sub is a subcomponent of a compound class.
type Sub struct {
	Name     string
	Class    string
	Registry *component.Class
	Compound *Component
}
