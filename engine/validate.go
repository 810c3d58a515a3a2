package engine

import (
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
)

// Validate checks that mapping m fits problem p and architecture a: one
// entry per level and none for the compute level, known dimensions and
// positive bounds, factors of every dimension multiplying to its size
// (E0401), no spatial loop indexing a dataspace a level must reuse
// (ir.MustReuse, E0401), and each level's spatial factors within its fanout
// along X and Y (E0402). Capacities need tile sizes and are checked by
// ValidateCapacity after the nest analysis. It allocates only when it
// reports something.
func Validate(p *ir.Problem, a *ir.Arch, m *ir.Mapping) diag.List {
	var l diag.List
	if m == nil {
		l.Errorf(a.Src, diag.BadMapping, "no mapping for architecture %q", a.Name)
		return l
	}
	if len(m.Levels) != len(a.Levels) {
		l.Errorf(m.Src, diag.BadMapping, "mapping has %d levels, architecture %q has %d", len(m.Levels), a.Name, len(a.Levels))
		return l
	}
	if len(p.Dims) > nest.MaxDims {
		l.Errorf(p.Src, diag.BadMapping, "problem %q has %d dimensions, at most %d are supported", p.Name, len(p.Dims), nest.MaxDims)
		return l
	}
	var prod [nest.MaxDims]int64
	for d := range p.Dims {
		prod[d] = 1
	}
	bad := false
	for i := range m.Levels {
		lm := &m.Levels[i]
		lv := &a.Levels[i]
		if lv.Kind == ir.Compute && (len(lm.Temporal) > 0 || len(lm.Spatial) > 0) {
			l.Errorf(m.Src, diag.BadMapping, "compute level %q cannot own loops", lv.Name).Related =
				[]diag.Related{{Range: lv.Src, Message: "compute level declared here"}}
			bad = true
			continue
		}
		x, y := int64(1), int64(1)
		for pass := 0; pass < 2; pass++ {
			loops := lm.Temporal
			if pass == 1 {
				loops = lm.Spatial
			}
			for _, lp := range loops {
				if lp.Dim < 0 || lp.Dim >= len(p.Dims) {
					l.Errorf(m.Src, diag.BadMapping, "level %q has a loop over dimension #%d, problem %q has %d dimensions", lv.Name, lp.Dim, p.Name, len(p.Dims))
					bad = true
					continue
				}
				if lp.Bound < 1 {
					l.Errorf(m.Src, diag.BadMapping, "level %q: loop bound of %q must be at least 1, found %d", lv.Name, p.Dims[lp.Dim].Name, lp.Bound)
					bad = true
					continue
				}
				prod[lp.Dim] *= int64(lp.Bound)
				if pass == 1 {
					if lp.Axis == ir.AxisY {
						y *= int64(lp.Bound)
					} else {
						x *= int64(lp.Bound)
					}
				}
			}
		}
		for d := range lv.Policies {
			if lv.Policies[d].Spatial != ir.MustReuse || d >= len(p.Dataspaces) {
				continue
			}
			for _, lp := range lm.Spatial {
				if lp.Bound > 1 && lp.Dim >= 0 && lp.Dim < len(p.Dims) && p.Relevant(d, lp.Dim) {
					l.Errorf(m.Src, diag.BadMapping, "level %q: spatial loop over %q indexes %q, which must be reused across its instances",
						lv.Name, p.Dims[lp.Dim].Name, p.Dataspaces[d].Name).Related = []diag.Related{{Range: lv.Src, Message: "must reuse declared here"}}
				}
			}
		}
		if x > int64(max(lv.FanoutX, 1)) || y > int64(max(lv.FanoutY, 1)) {
			d := l.Errorf(m.Src, diag.FanoutExceeded, "level %q: spatial factors %d along X and %d along Y exceed its fanout %d x %d",
				lv.Name, x, y, lv.FanoutX, lv.FanoutY)
			d.Related = []diag.Related{{Range: lv.Src, Message: "fanout declared here"}}
			d.Help = "X and Y are not interchangeable: move factors to the other axis or to a temporal loop"
		}
	}
	if bad {
		return l
	}
	for d, dim := range p.Dims {
		if prod[d] != int64(dim.Size) {
			l.Errorf(m.Src, diag.BadMapping, "factors of dimension %q multiply to %d, expected %d", dim.Name, prod[d], dim.Size).Help =
				"the product of a dimension's loop bounds over all levels must equal its size"
		}
	}
	return l
}

// ValidateCapacity checks that the tiles every storage level keeps fit in
// it: the sum over kept dataspaces of the tile size must not exceed
// Depth x BlockSize words per instance when Depth > 0 (E0403).
func ValidateCapacity(a *ir.Arch, m *ir.Mapping, r *nest.Result) diag.List {
	var l diag.List
	for i := range a.Levels {
		lv := &a.Levels[i]
		if lv.Kind != ir.Storage || lv.Depth <= 0 {
			continue
		}
		words := lv.Depth * int64(max(lv.BlockSize, 1))
		var need int64
		for d := 0; d < r.NumDataspaces; d++ {
			if st := &r.Levels[i].DS[d]; st.Kept {
				need += st.TileSize
			}
		}
		if need > words {
			var src = lv.Src
			d := l.Errorf(src, diag.CapacityExceeded, "level %q: kept tiles need %d words, it holds %d", lv.Name, need, words)
			if m != nil {
				d.Related = []diag.Related{{Range: m.Src, Message: "in this mapping"}}
			}
			d.Help = "move loops from this level to an outer level to shrink its tiles"
		}
	}
	return l
}
