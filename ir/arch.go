package ir

import (
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// LevelKind is what a level is in the nest.
type LevelKind uint8

// Level kinds.
const (
	// Storage is a component that may keep data (a buffer, a DAC, an ADC,
	// a memory cell...): Timeloop's buffer level.
	Storage LevelKind = iota
	// Container is a level that exists only to own a spatial fanout; it
	// keeps nothing (CiMLoop's inter_<name>_spatial dummy level).
	Container
	// Compute is the innermost level, the MAC.
	Compute
)

func (k LevelKind) String() string {
	switch k {
	case Container:
		return "container"
	case Compute:
		return "compute"
	}
	return "storage"
}

// Temporal is a level's temporal policy for one dataspace.
type Temporal uint8

// Temporal policies, from CiMLoop's reuse directives.
const (
	// Bypass: the dataspace skips the level.
	Bypass Temporal = iota
	// Keep: stored across time steps (temporal reuse) and coalesced.
	Keep
	// Coalesce: no reuse across loops above the level (Timeloop
	// no_temporal_reuse) but merges the accesses of loops below it.
	Coalesce
	// Pass: no reuse at all (Timeloop no_coalesce): the parent serves every
	// child access and the level is charged for each one (DACs, ADCs).
	Pass
)

func (t Temporal) String() string {
	switch t {
	case Keep:
		return "keep"
	case Coalesce:
		return "coalesce"
	case Pass:
		return "pass"
	}
	return "bypass"
}

// Spatial is the spatial policy of a fanout for one dataspace.
type Spatial uint8

// Spatial policies.
const (
	// Reuse: multicast read-only tiles, reduce partial sums among instances
	// (the default of CiMLoop containers).
	Reuse Spatial = iota
	// NoReuse: unicast; every instance's access is separate.
	NoReuse
	// MustReuse: spatial loops here may not index this dataspace (so every
	// instance shares it).
	MustReuse
)

func (s Spatial) String() string {
	switch s {
	case NoReuse:
		return "no-reuse"
	case MustReuse:
		return "must-reuse"
	}
	return "reuse"
}

// Policy is a level's treatment of one dataspace.
type Policy struct {
	Temporal Temporal
	Spatial  Spatial // on this level's fanout (the loops it owns)
	// RMWFirstUpdate: the first update of a partial sum is a
	// read-modify-write (no first-read elision).
	RMWFirstUpdate bool
}

// Value is an attribute value: a quantity, a string or a boolean.
type Value struct {
	Kind ValueKind
	Num  units.Quantity
	Str  string
	Bool bool
}

// ValueKind tags a Value.
type ValueKind uint8

// Value kinds.
const (
	NumberValue ValueKind = iota
	StringValue
	BoolValue
)

// Attr is one named attribute of a component.
type Attr struct {
	Name  string
	Value Value
	Src   diag.Range
}

// Level is one level of the architecture, outermost first in Arch.Levels.
type Level struct {
	Name  string
	Kind  LevelKind
	Class string // component class (model) name; "" for containers
	Attrs []Attr // sorted by name

	// Instances = MeshX*MeshY = product of the fanouts of the levels above.
	Instances    int
	MeshX, MeshY int
	// FanoutX, FanoutY: fanout from this level to the next level down.
	FanoutX, FanoutY int

	// Storage geometry. Depth 0 means unlimited (CiMLoop's INF).
	Depth     int64
	WordBits  int
	BlockSize int
	// Bandwidths in words per cycle per instance; 0 means unlimited.
	ReadBandwidth, WriteBandwidth float64

	// Policies is indexed by dataspace.
	Policies []Policy

	Constraints Constraints
	Src         diag.Range
}

// Fanout returns FanoutX*FanoutY.
func (l *Level) Fanout() int { return l.FanoutX * l.FanoutY }

// Attr returns the attribute named name.
func (l *Level) Attr(name string) (Value, bool) {
	for _, a := range l.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return Value{}, false
}

// Arch is an architecture: ordered levels, the last of which is Compute.
type Arch struct {
	Name   string
	Levels []Level
	// CycleSeconds is the clock period; 0 when the architecture gives none.
	CycleSeconds float64
	Src          diag.Range
}

// Program is a lowered .cim program.
type Program struct {
	Arch   *Arch
	Layers []*Problem
	// Params are the top-level parameters after overrides, sorted by name,
	// printed in the report.
	Params []Param
	// Pinned is a mapping given in the source, or nil.
	Pinned *Mapping
}

// Param is a resolved parameter.
type Param struct {
	Name  string
	Value Value
}
