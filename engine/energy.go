package engine

import "github.com/cimc-lang/cimc/ir"

// Action is one kind of action a level performs.
type Action uint8

// Actions, with the names Timeloop's ERT uses (timeloop-semantics.md §4.1).
const (
	// Read: one vector read of a storage level (block-size words).
	Read Action = iota
	// Write: one vector fill (a write of data coming from the parent).
	Write
	// Update: one vector update (a write of partial sums from a child).
	Update
	// Leak: one cycle of leakage of one instance.
	Leak
	// Compute: one compute operation of the compute level.
	Compute
	// NumActions is the number of actions.
	NumActions
)

var actionNames = [NumActions]string{"read", "write", "update", "leak", "compute"}

func (a Action) String() string {
	if a < NumActions {
		return actionNames[a]
	}
	return "action?"
}

// LevelEnergy holds the energies and the area of one level's component:
// joules per action (Leak: joules per cycle per instance) and square
// metres per instance. Storage levels use Read, Write, Update and Leak; the
// compute level uses Compute (and Leak, if it leaks).
type LevelEnergy struct {
	Read, Write, Update, Leak, Compute float64
	AreaM2                             float64
}

// Energy returns the energy of one action a.
func (e *LevelEnergy) Energy(a Action) float64 {
	switch a {
	case Read:
		return e.Read
	case Write:
		return e.Write
	case Update:
		return e.Update
	case Leak:
		return e.Leak
	case Compute:
		return e.Compute
	}
	return 0
}

// EnergyTable holds the per-action energies and areas of every level of an
// architecture for one layer. Levels is indexed like ir.Arch.Levels. It is
// mapping-invariant: fill it once per (architecture, layer) and pass it to
// NewEvaluator.
type EnergyTable struct {
	Levels []LevelEnergy
}

// NewEnergyTable returns a zero table sized for a (every energy and area 0,
// to be filled by the caller).
func NewEnergyTable(a *ir.Arch) *EnergyTable {
	return &EnergyTable{Levels: make([]LevelEnergy, len(a.Levels))}
}
