// Package check turns parsed .cim modules into a checked program: it loads
// imports (the embedded stdlib and files below the root file's directory),
// resolves names in nested scopes, type-checks expressions with physical
// units, evaluates parameters as constants (with -set overrides and cycle
// detection), validates component attributes against their class schemas,
// and elaborates architectures, workloads, networks, encodings and pinned
// mappings into plain values that lower turns into the loop-nest IR.
//
// Check never mutates the AST (what it learns goes into side tables such as
// Program.Values) and never touches the file system: the caller passes a
// Load function for user files; the standard library comes from an fs.FS
// (stdlib.FS by default).
//
// # Import resolution
//
// An import path that starts with "std/" names a stdlib module: "std/x" is
// the file std/x.cim of the stdlib FS or, when that file does not exist,
// every std/x/*.cim file (in name order) forming one module. Any other path
// is relative to the directory of the importing file (".cim" is appended
// when missing); absolute paths and paths that leave the root file's
// directory (for stdlib modules: the std/ tree) are rejected with E0003. A
// module is loaded and checked once however often it is imported; import
// cycles are E0004 and name the whole cycle. The import's name is the "as"
// alias or the last path element without ".cim".
//
// # Builtin functions
//
// Expressions may call: min, max (numbers of one dimension, or one list),
// abs, floor, ceil, round (the last three dimensionless), sqrt (halves even
// unit exponents), exp, log, log2, log10 (dimensionless), pow(x, n), sum,
// len, and the value-dependent statistics mean, var (variance) and rms
// which, inside component classes, take expressions over operand values
// (Inputs.slice, Weights.value, ...) and are evaluated by the engine; on a
// constant list they are computed here. The constant pi is predeclared.
// A declaration with the same name shadows a builtin.
//
// # Scopes and names
//
// A module scope holds params, workloads, networks, archs, component
// classes and import names; a workload adds its fields, params and (in
// index expressions) its dimensions; an arch or container body adds its
// params for the items after and below it; a component class adds its
// fields, params, subcomponents and the operands Inputs, Weights and
// Outputs (with .slice, .value, .bits and .switching). Params are evaluated lazily in
// any order, once per module instance (an import or include with
// arguments is a new instance). Architectures are written apart from
// workloads, so directive, encoding and constraint names are checked
// against every einsum of the program (and X, Y, Z, the bit dimensions,
// when something is encoded); lower checks them against the chosen one.
//
// # Diagnostics
//
// Every diagnostic has a code of lang/diag (E00xx imports, E02xx names,
// types and values, E0401 for pinned mapping level names). An invalid
// value silences the errors that would follow from it. Two warnings help
// find misspellings: an attr statement no component below takes, and a
// declaration nothing uses whose near-miss is used (and undefined) several
// times.
package check
