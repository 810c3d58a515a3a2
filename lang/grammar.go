package lang

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. These types are private to the package: Parse
// converts them into the ast tree, which does not depend on participle.
// Every node that can be blamed captures Pos and EndPos; EndPos is the
// start of the next token, which Parse maps back to the end of the node's
// last token.

type gFile struct {
	Pos    lexer.Position
	Decls  []*gDecl `parser:"( ';' | @@ )*"`
	EndPos lexer.Position
}

type gDecl struct {
	Import    *gImport    `parser:"  @@"`
	Param     *gParam     `parser:"| @@"`
	Workload  *gWorkload  `parser:"| @@"`
	Network   *gNetwork   `parser:"| @@"`
	Encode    *gEncode    `parser:"| @@"`
	Arch      *gArch      `parser:"| @@"`
	Mapping   *gMapping   `parser:"| @@"`
	Component *gComponent `parser:"| @@"`
	EndPos    lexer.Position
}

type gIdent struct {
	Pos    lexer.Position
	Name   string `parser:"@Ident"`
	EndPos lexer.Position
}

type gStr struct {
	Pos    lexer.Position
	Value  string `parser:"@String"`
	EndPos lexer.Position
}

type gArgList struct {
	Pos    lexer.Position
	Args   []*gArg `parser:"'(' ( @@ ( ',' @@ )* )? ')'"`
	EndPos lexer.Position
}

type gArg struct {
	Pos    lexer.Position
	Name   *gIdent `parser:"( (?= Ident '=' ) @@ '=' )?"`
	Value  *gExpr  `parser:"@@"`
	EndPos lexer.Position
}

type gField struct {
	Pos     lexer.Position
	Name    *gIdent    `parser:"@@"`
	Unit    *gUnitExpr `parser:"( ':' @@ )?"`
	Default *gExpr     `parser:"( '=' @@ )?"`
	EndPos  lexer.Position
}

type gFieldList struct {
	Fields []*gField `parser:"'(' ( @@ ( ',' @@ )* )? ')'"`
}

type gImport struct {
	Pos    lexer.Position
	Path   *gStr     `parser:"'import' @@"`
	Alias  *gIdent   `parser:"( 'as' @@ )?"`
	Args   *gArgList `parser:"@@?"`
	EndPos lexer.Position
}

type gParam struct {
	Pos    lexer.Position
	Name   *gIdent    `parser:"'param' @@"`
	Unit   *gUnitExpr `parser:"( ':' @@ )?"`
	Value  *gExpr     `parser:"'=' @@"`
	EndPos lexer.Position
}

type gUnitExpr struct {
	Pos    lexer.Position
	First  *gUnitTerm   `parser:"@@"`
	Rest   []*gUnitRest `parser:"@@*"`
	EndPos lexer.Position
}

type gUnitRest struct {
	Op   string     `parser:"@( '*' | '/' )"`
	Term *gUnitTerm `parser:"@@"`
}

type gUnitTerm struct {
	Pos    lexer.Position
	Sym    string `parser:"( @Ident | @'%' )"`
	Neg    bool   `parser:"( '^' @'-'?"`
	Power  string `parser:"  @Number )?"`
	EndPos lexer.Position
}

type gWorkload struct {
	Pos    lexer.Position
	Name   *gIdent     `parser:"'workload' @@"`
	Params *gFieldList `parser:"( '{' | @@ '{' )"`
	Items  []*gWItem   `parser:"( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gWItem struct {
	Einsum    *gEinsum    `parser:"  @@"`
	Sizes     *gSizes     `parser:"| @@"`
	Histogram *gHistogram `parser:"| @@"`
	Param     *gParam     `parser:"| @@"`
}

type gEinsum struct {
	Pos    lexer.Position
	Output *gTensor   `parser:"'einsum' @@"`
	Op     string     `parser:"@( '+=' | '=' )"`
	Inputs []*gTensor `parser:"@@ ( '*' @@ )*"`
	EndPos lexer.Position
}

type gTensor struct {
	Pos     lexer.Position
	Name    *gIdent  `parser:"@@"`
	Indices []*gExpr `parser:"'[' ( @@ ( ',' @@ )* )? ']'"`
	EndPos  lexer.Position
}

type gAssign struct {
	Pos    lexer.Position
	Name   *gIdent `parser:"@@"`
	Value  *gExpr  `parser:"'=' @@"`
	EndPos lexer.Position
}

type gSizes struct {
	Pos    lexer.Position
	Sizes  []*gAssign `parser:"'sizes' @@ ( ',' @@ )*"`
	EndPos lexer.Position
}

type gHistogram struct {
	Pos    lexer.Position
	DS     *gIdent `parser:"'histogram' @@"`
	Value  *gExpr  `parser:"'=' @@"`
	EndPos lexer.Position
}

type gNetwork struct {
	Pos    lexer.Position
	Name   *gIdent   `parser:"'network' @@"`
	Layers []*gLayer `parser:"'{' ( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gLayer struct {
	Pos      lexer.Position
	Name     *gIdent   `parser:"'layer' @@"`
	Workload *gExpr    `parser:"'=' @@"`
	Items    []*gWItem `parser:"( '{' ( ';' | @@ )* '}' )?"`
	EndPos   lexer.Position
}

type gEncode struct {
	Pos      lexer.Position
	DS       *gIdent   `parser:"'encode' @@"`
	Encoding *gIdent   `parser:"@@"`
	Args     *gArgList `parser:"@@?"`
	Slices   []*gSlice `parser:"@@*"`
	EndPos   lexer.Position
}

type gSlice struct {
	Pos    lexer.Position
	Bits   *gExpr  `parser:"'slice' @@"`
	Per    *gIdent `parser:"'per' @@"`
	EndPos lexer.Position
}

type gArch struct {
	Pos    lexer.Position
	Name   *gIdent   `parser:"'arch' @@"`
	Items  []*gAItem `parser:"'{' ( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gAItem struct {
	Container  *gContainer  `parser:"  @@"`
	Directive  *gDirective  `parser:"| @@"`
	Attr       *gAttr       `parser:"| @@"`
	Include    *gInclude    `parser:"| @@"`
	Constraint *gConstraint `parser:"| @@"`
	Encode     *gEncode     `parser:"| @@"`
	Param      *gParam      `parser:"| @@"`
	Inst       *gInst       `parser:"| @@"`
}

type gContainer struct {
	Pos    lexer.Position
	Name   *gIdent   `parser:"'container' @@"`
	Fanout *gFanout  `parser:"( '{' | @@ '{' )"`
	Items  []*gAItem `parser:"( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gInst struct {
	Pos    lexer.Position
	Name   *gIdent    `parser:"@@"`
	Fanout *gFanout   `parser:"( ':' | @@ ':' )"`
	Class  *gClassRef `parser:"@@"`
	Args   *gArgList  `parser:"@@?"`
	Items  []*gAItem  `parser:"( '{' ( ';' | @@ )* '}' )?"`
	EndPos lexer.Position
}

type gClassRef struct {
	Pos    lexer.Position
	Parts  []*gIdent `parser:"@@ ( '.' @@ )*"`
	EndPos lexer.Position
}

type gFanout struct {
	Pos    lexer.Position
	X      *gExpr `parser:"'[' @@"`
	Y      *gExpr `parser:"( ',' @@ ']'"`
	Axis   *gXY   `parser:"| ']' ( 'along' @@ )? )"`
	EndPos lexer.Position
}

type gXY struct {
	Pos    lexer.Position
	Name   string `parser:"@( 'X' | 'Y' )"`
	EndPos lexer.Position
}

type gWord struct {
	Pos    lexer.Position
	Words  []string `parser:"( @( 'keep' | 'coalesce' | 'pass' | 'bypass' | 'reuse' | 'rmw_first_update' ) | @'no' @'reuse' | @'must' @'reuse' )"`
	EndPos lexer.Position
}

type gDirective struct {
	Pos    lexer.Position
	Kind   *gWord   `parser:"@@"`
	DS     *gDSList `parser:"@@"`
	EndPos lexer.Position
}

type gDSList struct {
	Star  *gStar    `parser:"  @@"`
	Names []*gIdent `parser:"| @@ ( ',' @@ )*"`
}

type gStar struct {
	Pos    lexer.Position
	Star   string `parser:"@'*'"`
	EndPos lexer.Position
}

type gAttr struct {
	Pos    lexer.Position
	Name   *gIdent `parser:"'attr' @@"`
	Value  *gExpr  `parser:"'=' @@"`
	EndPos lexer.Position
}

type gInclude struct {
	Pos    lexer.Position
	Target *gExpr `parser:"'include' @@"`
	EndPos lexer.Position
}

type gKind struct {
	Pos    lexer.Position
	Kind   string `parser:"@( 'temporal' | 'spatial' )"`
	EndPos lexer.Position
}

type gConstraint struct {
	Pos    lexer.Position
	Kind   *gKind    `parser:"@@"`
	Items  []*gCItem `parser:"'{' ( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gCItem struct {
	Factors  *gFactors  `parser:"  @@"`
	Order    *gOrder    `parser:"| @@"`
	Maximize *gMaximize `parser:"| @@"`
	DSCons   *gDSCons   `parser:"| @@"`
}

type gFactors struct {
	Pos     lexer.Position
	Factors []*gFactor `parser:"'factors' @@ ( ',' @@ )*"`
	Only    bool       `parser:"@'only'?"`
	EndPos  lexer.Position
}

type gFactor struct {
	Pos    lexer.Position
	Dim    *gIdent `parser:"@@"`
	Op     string  `parser:"@( '=' | '<=' | '>=' )"`
	Value  *gExpr  `parser:"@@"`
	EndPos lexer.Position
}

type gOrder struct {
	Pos    lexer.Position
	Dims   []*gIdent `parser:"'order' @@ ( ',' @@ )*"`
	EndPos lexer.Position
}

type gMaximize struct {
	Pos      lexer.Position
	Groups   []*gGroup `parser:"'maximize' @@ ( ',' @@ )*"`
	Capacity *gExpr    `parser:"( 'capacity' @@ )?"`
	EndPos   lexer.Position
}

type gGroup struct {
	Dims []*gIdent `parser:"'[' @@ ( ',' @@ )* ']'"`
}

type gDSCons struct {
	Pos    lexer.Position
	Kind   string   `parser:"@( 'no_iteration' | 'must_iterate' )"`
	DS     *gDSList `parser:"@@"`
	EndPos lexer.Position
}

type gMapping struct {
	Pos    lexer.Position
	Arch   *gIdent   `parser:"'mapping' ( 'for' @@ )?"`
	Levels []*gLevel `parser:"'{' ( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gLevel struct {
	Pos    lexer.Position
	Level  *gIdent  `parser:"@@"`
	Loops  []*gLoop `parser:"'{' ( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gLoop struct {
	Par *gParLoop `parser:"  @@"`
	Seq *gSeqLoop `parser:"| @@"`
}

type gSeqLoop struct {
	Pos    lexer.Position
	Dim    *gIdent `parser:"'for' @@"`
	Bound  *gExpr  `parser:"'in' @@"`
	EndPos lexer.Position
}

type gParLoop struct {
	Pos    lexer.Position
	Dim    *gIdent `parser:"'parallel' 'for' @@"`
	Bound  *gExpr  `parser:"'in' @@"`
	Axis   *gXY    `parser:"( 'along' @@ )?"`
	EndPos lexer.Position
}

type gComponent struct {
	Pos    lexer.Position
	Name   *gIdent      `parser:"'component' @@"`
	Params *gFieldList  `parser:"( '{' | @@ '{' )"`
	Items  []*gCompItem `parser:"( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

type gCompItem struct {
	Sub    *gSub    `parser:"  @@"`
	Action *gAction `parser:"| @@"`
	Param  *gParam  `parser:"| @@"`
	Assign *gAssign `parser:"| @@"`
}

type gSub struct {
	Pos    lexer.Position
	Name   *gIdent    `parser:"'sub' @@"`
	Class  *gClassRef `parser:"':' @@"`
	Args   *gArgList  `parser:"@@?"`
	EndPos lexer.Position
}

type gAction struct {
	Pos    lexer.Position
	Name   *gIdent    `parser:"'action' @@"`
	Items  []*gAssign `parser:"'{' ( ';' | @@ )* '}'"`
	EndPos lexer.Position
}

// Expressions, lowest precedence first.

type gExpr struct {
	Cond *gCond `parser:"  @@"`
	Or   *gBin  `parser:"| @@"`
}

type gCond struct {
	Pos    lexer.Position
	Cond   *gExpr `parser:"'if' @@"`
	Then   *gExpr `parser:"'then' @@"`
	Else   *gExpr `parser:"'else' @@"`
	EndPos lexer.Position
}

// gBin is a flat run of operands joined by left-associative binary
// operators. Precedence is applied when the tree is converted (precedence
// climbing in convert.go), which keeps the participle grammar shallow: one
// level per operand instead of one per precedence level.
type gBin struct {
	Pos    lexer.Position
	X      *gUnary   `parser:"@@"`
	Rest   []*gBinOp `parser:"@@*"`
	EndPos lexer.Position
}

type gBinOp struct {
	Pos lexer.Position
	Op  string  `parser:"@( '||' | '&&' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '+' | '-' | '*' | '/' | '%' )"`
	Y   *gUnary `parser:"@@"`
}

type gUnary struct {
	Pos    lexer.Position
	Op     string  `parser:"( @( '-' | '!' )"`
	X      *gUnary `parser:"  @@"`
	Pow    *gPow   `parser:"| @@ )"`
	EndPos lexer.Position
}

type gPow struct {
	Pos    lexer.Position
	X      *gPostfix `parser:"@@"`
	OpPos  *gCaret   `parser:"( @@"`
	Y      *gUnary   `parser:"  @@ )?"`
	EndPos lexer.Position
}

type gCaret struct {
	Pos lexer.Position
	Op  string `parser:"@'^'"`
}

type gPostfix struct {
	Pos    lexer.Position
	X      *gPrimary  `parser:"@@"`
	Ops    []*gPostOp `parser:"@@*"`
	EndPos lexer.Position
}

type gPostOp struct {
	Call   *gArgList `parser:"  @@"`
	Sel    *gSel     `parser:"| '.' @@"`
	EndPos lexer.Position
}

type gSel struct {
	Pos    lexer.Position
	Name   string `parser:"@( Ident | Keyword )"`
	EndPos lexer.Position
}

type gPrimary struct {
	Ident   *gIdent   `parser:"  @@"`
	Number  *gNumber  `parser:"| @@"`
	Paren   *gParen   `parser:"| @@"`
	NumList *gNumList `parser:"| @@"`
	List    *gList    `parser:"| @@"`
	String  *gStr     `parser:"| @@"`
	Bool    *gBool    `parser:"| @@"`
}

type gNumber struct {
	Pos    lexer.Position
	Text   string     `parser:"@Number"`
	Unit   *gUnitWord `parser:"@@?"`
	EndPos lexer.Position
}

type gUnitWord struct {
	Pos    lexer.Position
	Text   string `parser:"@Unit"`
	EndPos lexer.Position
}

type gBool struct {
	Pos    lexer.Position
	Value  string `parser:"@( 'true' | 'false' )"`
	EndPos lexer.Position
}

type gParen struct {
	Pos    lexer.Position
	X      *gExpr `parser:"'(' @@ ')'"`
	EndPos lexer.Position
}

// gNumList is a list literal whose elements are all numbers (with
// optional units), which the scanner merges into one NumList token (see
// mergeNumLists): the operand histograms that make up most of the bytes of
// generated workload files would otherwise cost a dozen grammar nodes and
// participle tokens per element.
type gNumList struct {
	Pos    lexer.Position
	Text   string `parser:"@NumList"`
	EndPos lexer.Position
}

type gList struct {
	Pos    lexer.Position
	Elems  []*gExpr `parser:"'[' ( @@ ( ',' @@ )* )? ']'"`
	EndPos lexer.Position
}

// Optional parts followed by a required token are written "( T | @@ T )"
// rather than "@@? T": the error for a missing T then lists both what the
// optional part and T may start with ("expected ":" or "[", found ...").

// grammar is the parser, built once at package initialisation and never
// modified: participle parsers are safe for concurrent use.
var grammar = participle.MustBuild[gFile](
	participle.Lexer(lexDef{}),
	// Lookahead 0: an alternative that has consumed a token is committed
	// to, so an error is reported at the token that breaks it (not at the
	// start of the item, as backtracking would). The grammar is LL(1)
	// except for named arguments, which use an explicit (?= ...) group.
	participle.UseLookahead(0),
)
