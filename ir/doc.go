// Package ir holds the loop-nest intermediate representation: the contract
// between lower (which builds it from a checked .cim program) and engine
// (which maps and evaluates it).
//
// A Program is an architecture (ordered levels, outermost first) and a list
// of layers (each a Problem: dimensions, dataspaces with affine projections,
// and value models). A Mapping assigns temporal and spatial loops to levels.
//
// The package holds plain data and printers only: no search, no evaluation.
// Every slice is indexed by small integers (level, dimension, dataspace) so
// the engine can work on fixed arrays without maps or allocation.
package ir
