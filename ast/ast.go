// Package ast is the syntax tree of a .cim file. Every node carries the
// source range it came from so that later stages can point at it.
//
// The tree is produced by lang.Parse and is read-only afterwards: check
// records what it learns in side tables, never in the tree. The package
// does not import the parser.
package ast

import "github.com/cimc-lang/cimc/lang/diag"

// Node is any syntax node.
type Node interface {
	Span() diag.Range
}

// Ident is a name with its range.
type Ident struct {
	Name string
	Src  diag.Range
}

// Span implements Node.
func (n *Ident) Span() diag.Range { return n.Src }

// File is one parsed .cim module.
type File struct {
	Name  string // as given to Parse
	Decls []Decl
	Src   diag.Range
}

// Span implements Node.
func (n *File) Span() diag.Range { return n.Src }

// Decl is a top-level declaration.
type Decl interface {
	Node
	declNode()
}

// ImportDecl: import "std/cells" [as cells] [(name = value, ...)].
// Args override the imported module's params.
type ImportDecl struct {
	Path    string
	PathSrc diag.Range
	Alias   *Ident // nil: the last path element
	Args    []*Arg
	Src     diag.Range
}

// ParamDecl: param voltage [: V] = 0.85 V. A top-level param can be
// overridden with -set; inside a component or workload template, a Field is
// used instead.
type ParamDecl struct {
	Name  *Ident
	Unit  *UnitExpr // optional declared unit (dimension) of the value
	Value Expr
	Doc   string // the comment lines just above, if any
	Src   diag.Range
}

// WorkloadDecl: workload NAME [(params)] { einsum ...; sizes ...; histogram ... }.
// A workload with params is a template that layers instantiate.
type WorkloadDecl struct {
	Name   *Ident
	Params []*Field
	Items  []WorkloadItem
	Src    diag.Range
}

// WorkloadItem is an item of a workload body.
type WorkloadItem interface {
	Node
	workloadItem()
}

// Einsum: einsum Outputs[m, p] += Inputs[c, p + r] * Weights[m, c, r].
type Einsum struct {
	Output *TensorRef
	Op     string // "+=" (reduction) or "=" (no reduction)
	Inputs []*TensorRef
	Src    diag.Range
}

// TensorRef is a dataspace name with affine index expressions.
type TensorRef struct {
	Name    *Ident
	Indices []Expr
	Src     diag.Range
}

// Span implements Node.
func (n *TensorRef) Span() diag.Range { return n.Src }

// SizesStmt: sizes c = 64, m = 64.
type SizesStmt struct {
	Sizes []*Assign
	Src   diag.Range
}

// HistogramStmt: histogram Inputs = [0.1, 0.8, 0.1].
type HistogramStmt struct {
	Dataspace *Ident
	Value     Expr
	Src       diag.Range
}

// NetworkDecl: network resnet18 { layer conv1 = conv2d(C = 3, ...) { ... } ... }.
type NetworkDecl struct {
	Name   *Ident
	Layers []*LayerDecl
	Src    diag.Range
}

// LayerDecl is one layer of a network: a workload (template) applied to
// arguments, with optional per-layer items such as histograms.
type LayerDecl struct {
	Name     *Ident
	Workload Expr // an identifier, selector or call
	Items    []WorkloadItem
	Src      diag.Range
}

// Span implements Node.
func (n *LayerDecl) Span() diag.Range { return n.Src }

// EncodeDecl: encode Inputs offset(8) slice 1 per dac.
// Allowed at top level and inside an arch or container.
type EncodeDecl struct {
	Dataspace *Ident
	Encoding  *Call // encoding name and arguments (bits, ...)
	Slices    []*SliceClause
	Src       diag.Range
}

// SliceClause: slice BITS per cell|dac|adc|cycle|read.
type SliceClause struct {
	Bits Expr
	Per  *Ident
	Src  diag.Range
}

// Span implements Node.
func (n *SliceClause) Span() diag.Range { return n.Src }

// ArchDecl: arch NAME { items }.
type ArchDecl struct {
	Name  *Ident
	Items []ArchItem
	Src   diag.Range
}

// ArchItem is an item of an arch, container or component instance body.
type ArchItem interface {
	Node
	archItem()
}

// Fanout: [X] along X|Y, or [X, Y] for a two-dimensional fanout.
type Fanout struct {
	X, Y Expr   // Y may be nil
	Axis *Ident // nil, "X" or "Y"; only with a single size
	Src  diag.Range
}

// Span implements Node.
func (n *Fanout) Span() diag.Range { return n.Src }

// ContainerDecl: container NAME[fanout] { items }.
type ContainerDecl struct {
	Name   *Ident
	Fanout *Fanout // nil: no fanout
	Items  []ArchItem
	Src    diag.Range
}

// ComponentInst: NAME[fanout]: class(args) { items }.
type ComponentInst struct {
	Name   *Ident
	Fanout *Fanout
	Class  Expr // an identifier or a selector (cells.rram_default)
	Args   []*Arg
	Items  []ArchItem
	Src    diag.Range
}

// Directive: keep|coalesce|pass|bypass|reuse|no reuse|must reuse|rmw_first_update DS, ...
type Directive struct {
	Kind       string // "keep", "coalesce", "pass", "bypass", "reuse", "no_reuse", "must_reuse", "rmw_first_update"
	KindSrc    diag.Range
	Dataspaces []*Ident // a single "*" identifier means every dataspace
	Src        diag.Range
}

// AttrStmt: attr NAME = value (inherited by everything below a container).
type AttrStmt struct {
	Name  *Ident
	Value Expr
	Src   diag.Range
}

// IncludeStmt: include macro.arch [(args)] splices another arch's items
// here (composition of macros into tiles, chips, systems).
type IncludeStmt struct {
	Target Expr
	Args   []*Arg
	Src    diag.Range
}

// ConstraintBlock: temporal { ... } or spatial { ... } inside a component or
// container.
type ConstraintBlock struct {
	Kind    string // "temporal" or "spatial"
	KindSrc diag.Range
	Items   []ConstraintItem
	Src     diag.Range
}

// ConstraintItem is one constraint of a block.
type ConstraintItem interface {
	Node
	constraintItem()
}

// FactorsConstraint: factors c <= 4, m = 2 [only].
type FactorsConstraint struct {
	Factors []*FactorExpr
	Only    bool // factors only: every other dimension gets 1
	Src     diag.Range
}

// FactorExpr: DIM (= | <= | >=) value.
type FactorExpr struct {
	Dim   *Ident
	Op    string
	Value Expr
	Src   diag.Range
}

// Span implements Node.
func (n *FactorExpr) Span() diag.Range { return n.Src }

// OrderConstraint: order m, c, p (outermost first).
type OrderConstraint struct {
	Dims []*Ident
	Src  diag.Range
}

// MaximizeConstraint: maximize [y], [r, s], [m, c] [capacity N].
type MaximizeConstraint struct {
	Groups   [][]*Ident
	Capacity Expr
	Src      diag.Range
}

// DataspaceConstraint: no_iteration Weights | must_iterate Weights.
type DataspaceConstraint struct {
	Kind       string // "no_iteration" or "must_iterate"
	Dataspaces []*Ident
	Src        diag.Range
}

// MappingDecl: mapping [for ARCH] { LEVEL { loops } ... } pins a mapping.
type MappingDecl struct {
	Arch   *Ident // optional
	Levels []*LevelLoops
	Src    diag.Range
}

// LevelLoops: the loops one level owns, outermost first.
type LevelLoops struct {
	Level *Ident
	Loops []*LoopStmt
	Src   diag.Range
}

// Span implements Node.
func (n *LevelLoops) Span() diag.Range { return n.Src }

// LoopStmt: for DIM in BOUND | parallel for DIM in BOUND along X|Y.
type LoopStmt struct {
	Parallel bool
	Dim      *Ident
	Bound    Expr
	Axis     *Ident // with Parallel; nil means X
	Src      diag.Range
}

// Span implements Node.
func (n *LoopStmt) Span() diag.Range { return n.Src }

// ComponentDecl: a compound component class written in .cim.
//
//	component rram_read(g_on: S, v_read: V = 0.2 V) {
//	  sub dac: dac(resolution = 1)
//	  action compute { energy = ...; latency = ... }
//	  area = 2 * dac.area
//	}
type ComponentDecl struct {
	Name   *Ident
	Params []*Field
	Items  []ComponentItem
	Src    diag.Range
}

// ComponentItem is an item of a component class body.
type ComponentItem interface {
	Node
	componentItem()
}

// SubcomponentDecl: sub NAME: class(args).
type SubcomponentDecl struct {
	Name  *Ident
	Class Expr
	Args  []*Arg
	Src   diag.Range
}

// ActionDecl: action NAME { energy = expr; latency = expr }.
type ActionDecl struct {
	Name  *Ident
	Items []*Assign
	Src   diag.Range
}

// Field is a parameter of a template: NAME [: UNIT] [= default].
type Field struct {
	Name    *Ident
	Unit    *UnitExpr
	Default Expr
	Src     diag.Range
}

// Span implements Node.
func (n *Field) Span() diag.Range { return n.Src }

// Assign: NAME = expr (sizes, action bodies, component properties).
type Assign struct {
	Name  *Ident
	Value Expr
	Src   diag.Range
}

// Arg: [NAME =] expr in a call.
type Arg struct {
	Name  *Ident // nil for a positional argument
	Value Expr
	Src   diag.Range
}

// Span implements Node.
func (n *Arg) Span() diag.Range { return n.Src }

// UnitExpr is a unit written after a number or in a declaration: "pJ",
// "um^2", "pJ/ns". Terms multiply; Div terms divide.
type UnitExpr struct {
	Terms []*UnitTerm
	Src   diag.Range
}

// Span implements Node.
func (n *UnitExpr) Span() diag.Range { return n.Src }

// UnitTerm is one unit symbol with an integer power; Div means it stands
// after a "/".
type UnitTerm struct {
	Symbol string
	Power  int
	Div    bool
	Src    diag.Range
}

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// NumberLit is a number with an optional unit: 8, 0.85 V, 1.5 pJ, 2 um^2.
type NumberLit struct {
	Text  string
	Value float64
	Unit  *UnitExpr // nil when unitless
	Src   diag.Range
}

// StringLit is a quoted string.
type StringLit struct {
	Value string
	Src   diag.Range
}

// BoolLit is true or false.
type BoolLit struct {
	Value bool
	Src   diag.Range
}

// Ref is a reference to a name.
type Ref struct {
	Name *Ident
	Src  diag.Range
}

// Selector is X.Sel (module member, subcomponent property, tensor slice).
type Selector struct {
	X   Expr
	Sel *Ident
	Src diag.Range
}

// Call is Fun(args).
type Call struct {
	Fun  Expr
	Args []*Arg
	Src  diag.Range
}

// ListLit is [a, b, c].
type ListLit struct {
	Elems []Expr
	Src   diag.Range
}

// Binary is X Op Y with Op one of + - * / ^ % == != < <= > >= && ||.
type Binary struct {
	Op    string
	OpSrc diag.Range
	X, Y  Expr
	Src   diag.Range
}

// Unary is Op X with Op one of - + !.
type Unary struct {
	Op  string
	X   Expr
	Src diag.Range
}

// Cond is: if C then A else B.
type Cond struct {
	Cond, Then, Else Expr
	Src              diag.Range
}

// Paren is (X); kept so ranges and printing are faithful.
type Paren struct {
	X   Expr
	Src diag.Range
}

func (*ImportDecl) declNode()    {}
func (*ParamDecl) declNode()     {}
func (*WorkloadDecl) declNode()  {}
func (*NetworkDecl) declNode()   {}
func (*EncodeDecl) declNode()    {}
func (*ArchDecl) declNode()      {}
func (*MappingDecl) declNode()   {}
func (*ComponentDecl) declNode() {}

func (*Einsum) workloadItem()        {}
func (*SizesStmt) workloadItem()     {}
func (*HistogramStmt) workloadItem() {}
func (*ParamDecl) workloadItem()     {}

func (*ContainerDecl) archItem()   {}
func (*ComponentInst) archItem()   {}
func (*Directive) archItem()       {}
func (*AttrStmt) archItem()        {}
func (*IncludeStmt) archItem()     {}
func (*ConstraintBlock) archItem() {}
func (*EncodeDecl) archItem()      {}
func (*ParamDecl) archItem()       {}

func (*FactorsConstraint) constraintItem()   {}
func (*OrderConstraint) constraintItem()     {}
func (*MaximizeConstraint) constraintItem()  {}
func (*DataspaceConstraint) constraintItem() {}

func (*SubcomponentDecl) componentItem() {}
func (*ActionDecl) componentItem()       {}
func (*Assign) componentItem()           {}
func (*ParamDecl) componentItem()        {}

func (*NumberLit) exprNode() {}
func (*StringLit) exprNode() {}
func (*BoolLit) exprNode()   {}
func (*Ref) exprNode()       {}
func (*Selector) exprNode()  {}
func (*Call) exprNode()      {}
func (*ListLit) exprNode()   {}
func (*Binary) exprNode()    {}
func (*Unary) exprNode()     {}
func (*Cond) exprNode()      {}
func (*Paren) exprNode()     {}

// Span implementations.
func (n *ImportDecl) Span() diag.Range          { return n.Src }
func (n *ParamDecl) Span() diag.Range           { return n.Src }
func (n *WorkloadDecl) Span() diag.Range        { return n.Src }
func (n *NetworkDecl) Span() diag.Range         { return n.Src }
func (n *EncodeDecl) Span() diag.Range          { return n.Src }
func (n *ArchDecl) Span() diag.Range            { return n.Src }
func (n *MappingDecl) Span() diag.Range         { return n.Src }
func (n *ComponentDecl) Span() diag.Range       { return n.Src }
func (n *Einsum) Span() diag.Range              { return n.Src }
func (n *SizesStmt) Span() diag.Range           { return n.Src }
func (n *HistogramStmt) Span() diag.Range       { return n.Src }
func (n *ContainerDecl) Span() diag.Range       { return n.Src }
func (n *ComponentInst) Span() diag.Range       { return n.Src }
func (n *Directive) Span() diag.Range           { return n.Src }
func (n *AttrStmt) Span() diag.Range            { return n.Src }
func (n *IncludeStmt) Span() diag.Range         { return n.Src }
func (n *ConstraintBlock) Span() diag.Range     { return n.Src }
func (n *FactorsConstraint) Span() diag.Range   { return n.Src }
func (n *OrderConstraint) Span() diag.Range     { return n.Src }
func (n *MaximizeConstraint) Span() diag.Range  { return n.Src }
func (n *DataspaceConstraint) Span() diag.Range { return n.Src }
func (n *SubcomponentDecl) Span() diag.Range    { return n.Src }
func (n *ActionDecl) Span() diag.Range          { return n.Src }
func (n *Assign) Span() diag.Range              { return n.Src }
func (n *NumberLit) Span() diag.Range           { return n.Src }
func (n *StringLit) Span() diag.Range           { return n.Src }
func (n *BoolLit) Span() diag.Range             { return n.Src }
func (n *Ref) Span() diag.Range                 { return n.Src }
func (n *Selector) Span() diag.Range            { return n.Src }
func (n *Call) Span() diag.Range                { return n.Src }
func (n *ListLit) Span() diag.Range             { return n.Src }
func (n *Binary) Span() diag.Range              { return n.Src }
func (n *Unary) Span() diag.Range               { return n.Src }
func (n *Cond) Span() diag.Range                { return n.Src }
func (n *Paren) Span() diag.Range               { return n.Src }
