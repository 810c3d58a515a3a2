// Package lang owns the concrete syntax of .cim files: the lexer (numbers
// with same-line unit suffixes, comments, strings, operators), the
// participle grammar, the conversion of the grammar tree into the ast tree
// with a full source range on every node, syntax and lexical diagnostics
// (E0101-E0105), and the canonical printer Format.
//
// It does not resolve names, evaluate expressions or check types: that is
// the job of package check. It reads no files; callers pass the source.
// The language reference is README.md in this directory.
package lang
