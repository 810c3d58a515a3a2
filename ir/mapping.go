package ir

import "github.com/cimc-lang/cimc/lang/diag"

// Axis of a spatial loop.
type Axis uint8

// Axes.
const (
	AxisX Axis = iota
	AxisY
)

func (a Axis) String() string {
	if a == AxisY {
		return "Y"
	}
	return "X"
}

// Loop is one loop of a mapping.
type Loop struct {
	Dim   int
	Bound int
	// Spatial loops distribute the level's tile over its children along Axis.
	Spatial bool
	Axis    Axis
}

// LevelMapping holds the loops a level owns.
type LevelMapping struct {
	// Temporal loops, outermost first; bounds of 1 may be omitted.
	Temporal []Loop
	// Spatial loops, outermost first (Y loops before X loops).
	Spatial []Loop
}

// Mapping assigns loops to levels; Levels is indexed like Arch.Levels (the
// compute level's entry is empty).
type Mapping struct {
	Levels []LevelMapping
	Src    diag.Range
}
