package diag

// Diagnostic codes are stable: tests and editors depend on them. Each stage
// owns a range; every code is listed here with what it means, and a test
// fails on a diagnostic without a known code.
//
//	E00xx  I/O and usage seen by the compiler (files, imports)
//	E01xx  syntax (lang)
//	E02xx  names, types, units and attributes (check)
//	E03xx  lowering (lower)
//	E04xx  mappings and constraints (engine, mapper)
//	E05xx  evaluation (engine)
//	E09xx  internal errors
const (
	// I/O and imports.
	ReadFile      = "E0001" // a file could not be read
	ImportMissing = "E0002" // an import names no module in the stdlib or the user's tree
	ImportEscape  = "E0003" // an import path leaves the importing file's tree
	ImportCycle   = "E0004" // modules import each other in a cycle

	// Syntax.
	Syntax          = "E0101" // unexpected token: expected X, found Y
	BadNumber       = "E0102" // a number literal that does not parse
	BadString       = "E0103" // an unterminated or invalid string literal
	BadChar         = "E0104" // a character the language does not use
	UnknownUnit     = "E0105" // a unit symbol that is not known
	DuplicateClause = "E0106" // the same clause twice where one is allowed

	// Names, types, units, attributes.
	Undefined            = "E0201" // a name that is not declared
	Duplicate            = "E0202" // a name declared twice in one scope
	UnknownClass         = "E0203" // a component class that does not exist
	UnknownAttribute     = "E0204" // an attribute the class does not take
	MissingAttribute     = "E0205" // a required attribute is not given
	TypeMismatch         = "E0206" // a value of the wrong type or unit, or not among an attribute's choices
	UnitMismatch         = "E0207" // adding or comparing quantities of different dimensions
	BadFanout            = "E0208" // a fanout that is not a positive integer
	UnknownDataspace     = "E0209" // a directive names a dataspace the workload lacks
	ConflictingDirective = "E0210" // two directives for one dataspace that exclude each other
	DivideByZero         = "E0211" // a constant expression divides by zero
	BadValue             = "E0212" // a value out of its domain (negative size, NaN, ...)
	UnknownDimension     = "E0213" // an index or constraint names a dimension the einsum lacks
	BadEinsum            = "E0214" // an einsum that is malformed (no output, output not +=, ...)
	UnknownParam         = "E0215" // -set names a parameter the program does not declare
	BadHistogram         = "E0216" // a histogram with the wrong number of bins or negative mass
	BadEncoding          = "E0217" // an encoding or slicing that does not fit the bits
	NotConstant          = "E0218" // an expression that must be constant is not
	Recursion            = "E0219" // a parameter defined in terms of itself
	BadConstraint        = "E0220" // a mapping constraint that is malformed or contradictory
	Misplaced            = "E0221" // an item where it has no meaning (keep in a container, reuse without a fanout, ...)

	// Lowering.
	NoArch     = "E0301" // the program declares no architecture to lower
	NoWorkload = "E0302" // the program declares no workload to lower
	NoCompute  = "E0303" // the architecture has no compute level
	Ambiguous  = "E0304" // more than one architecture or workload and none chosen

	// Mappings and constraints.
	BadMapping       = "E0401" // a pinned mapping that does not cover the problem
	FanoutExceeded   = "E0402" // spatial factors exceed a level's fanout
	CapacityExceeded = "E0403" // tiles do not fit a level's capacity
	NoValidMapping   = "E0404" // the constraints leave no valid mapping

	// Evaluation.
	BadModel      = "E0501" // a component model cannot evaluate its attributes
	NoExpectation = "E0502" // the expectation of an operand-dependent expression cannot be computed from the statistics

	// Internal.
	Internal = "E0901" // a compiler bug
)

// Known lists every code above with its one-line meaning (used by tests
// that require each diagnostic to carry a documented code).
var Known = map[string]string{
	ReadFile: "file could not be read", ImportMissing: "import not found", ImportEscape: "import escapes tree",
	ImportCycle: "import cycle", Syntax: "syntax error", BadNumber: "bad number", BadString: "bad string",
	BadChar: "bad character", UnknownUnit: "unknown unit", DuplicateClause: "duplicate clause",
	Undefined: "undefined name", Duplicate: "duplicate name", UnknownClass: "unknown class",
	UnknownAttribute: "unknown attribute", MissingAttribute: "missing attribute", TypeMismatch: "type mismatch",
	UnitMismatch: "unit mismatch", BadFanout: "bad fanout", UnknownDataspace: "unknown dataspace",
	ConflictingDirective: "conflicting directives", DivideByZero: "division by zero", BadValue: "bad value",
	UnknownDimension: "unknown dimension", BadEinsum: "bad einsum", UnknownParam: "unknown parameter",
	BadHistogram: "bad histogram", BadEncoding: "bad encoding", NotConstant: "not constant", Recursion: "recursive definition",
	BadConstraint: "bad constraint", Misplaced: "misplaced item", NoArch: "no architecture", NoWorkload: "no workload", NoCompute: "no compute level",
	Ambiguous: "ambiguous selection", BadMapping: "bad mapping", FanoutExceeded: "fanout exceeded",
	CapacityExceeded: "capacity exceeded", NoValidMapping: "no valid mapping", BadModel: "bad model",
	NoExpectation: "expectation not computable", Internal: "internal error",
}
