package mapper

import (
	"github.com/cimc-lang/cimc/engine"
	"github.com/cimc-lang/cimc/engine/nest"
	"github.com/cimc-lang/cimc/ir"
)

// costModel turns a nest analysis into the totals the search compares:
// the energy and cycles of engine.Evaluator's roll-up (engine/doc.go),
// computed with the same operations in the same order so the values are
// the engine's, and a lower bound over all loop orders of the same
// factorization. It skips the validation the engine repeats on every
// mapping: the mapper builds only mappings that fit the problem and the
// fanouts, and it checks capacities itself (fits).
type costModel struct {
	arch     *ir.Arch
	table    *engine.EnergyTable
	nds      int
	fillSens [][]bool
	accSens  [][]bool
	words    []int64 // Depth x BlockSize per level, 0 = unlimited
	rw       []bool  // read-write dataspaces
	// active: the level has a non-zero access energy or a bandwidth limit
	// (an inactive level adds exactly 0 energy and no cycles).
	active []bool
	// lv: what eval reads of each level, packed (the same values as in
	// arch and table).
	lv []costLevel
}

// costLevel is one level's block size, bandwidths and energies per action.
type costLevel struct {
	bs                                 int64
	readBW, writeBW                    float64
	read, write, update, leak, compute float64
}

func newCostModel(s *Space, t *engine.EnergyTable) *costModel {
	c := &costModel{arch: s.arch, table: t, nds: len(s.prob.Dataspaces), fillSens: s.fillSens, accSens: s.accSens}
	for _, ds := range s.prob.Dataspaces {
		c.rw = append(c.rw, ds.ReadWrite)
	}
	c.words = make([]int64, len(s.arch.Levels))
	c.active = make([]bool, len(s.arch.Levels))
	c.lv = make([]costLevel, len(s.arch.Levels))
	for i := range s.arch.Levels {
		lv := &s.arch.Levels[i]
		te := &t.Levels[i]
		c.lv[i] = costLevel{bs: int64(max(lv.BlockSize, 1)), readBW: lv.ReadBandwidth, writeBW: lv.WriteBandwidth,
			read: te.Read, write: te.Write, update: te.Update, leak: te.Leak, compute: te.Compute}
		c.active[i] = te.Read != 0 || te.Write != 0 || te.Update != 0 || lv.ReadBandwidth > 0 || lv.WriteBandwidth > 0
		if lv.Kind == ir.Storage && lv.Depth > 0 {
			c.words[i] = lv.Depth * int64(max(lv.BlockSize, 1))
		}
	}
	return c
}

// fits is engine.ValidateCapacity without diagnostics: the kept tiles of
// every storage level fit Depth x BlockSize words.
func (c *costModel) fits(r *nest.Result) bool {
	for i, w := range c.words {
		if w == 0 {
			continue
		}
		var need int64
		for d := 0; d < r.NumDataspaces; d++ {
			if st := &r.Levels[i].DS[d]; st.Kept {
				need += st.TileSize
			}
		}
		if need > w {
			return false
		}
	}
	return true
}

func ceilDiv(a, b int64) int64 {
	if b == 1 {
		return a
	}
	return (a + b - 1) / b
}

// eval returns the energy (J) and cycles of the analysed mapping, and,
// when wantLB, lbEnergy: the energy of the terms that do not depend on loop
// order, order-dependent fills bounded below by the tile, plus the leakage
// over the compute cycles, a lower bound on the energy of every order of
// the same factorization.
func (c *costModel) eval(nr *nest.Result, wantLB bool) (energy float64, cycles int64, lbEnergy float64) {
	nl := len(c.lv)
	ci := nl - 1
	computes := nr.Computes
	ccycles := int64(0)
	if nr.ComputeInstances > 0 {
		ccycles = ceilDiv(computes, nr.ComputeInstances)
	}
	cycles = ccycles
	var levelE [nest.MaxLevels]float64
	var lb float64
	for i := 0; i < ci; i++ {
		if !c.active[i] {
			levelE[i] = 0
			continue
		}
		te := &c.lv[i]
		bs := te.bs
		var e, needR, needW float64
		fs, as := c.fillSens[i], c.accSens[i]
		for d := 0; d < nr.NumDataspaces; d++ {
			st := &nr.Levels[i].DS[d]
			if st.Reads|st.Fills|st.Updates == 0 {
				continue // adds 0: the same sum as the engine's
			}
			u := st.UtilizedInstances
			vr, vf, vu := ceilDiv(st.Reads, bs), ceilDiv(st.Fills, bs), ceilDiv(st.Updates, bs)
			de := float64(u) * (float64(vr)*te.read + float64(vf)*te.write + float64(vu)*te.update)
			e += de
			switch {
			case !wantLB:
			case !fs[d] && !as[d]:
				lb += de
			default:
				// Order-dependent fills are at least the tile (minus the
				// partition for partial sums: the first fill is elided);
				// order-dependent reads and updates at least 0.
				var lr, lf, lu int64
				if !as[d] {
					lr, lu = vr, vu
				}
				if !fs[d] {
					lf = vf
				} else if f := st.TileSize - st.PartitionSize; nr.Levels[i].DS[d].Kept {
					if !c.rw[d] {
						f = st.TileSize
					}
					lf = ceilDiv(max(f, 0), bs)
				}
				lb += float64(u) * (float64(lr)*te.read + float64(lf)*te.write + float64(lu)*te.update)
			}
			if ccycles > 0 && te.readBW > 0 {
				needR += float64(st.Reads) / float64(ccycles)
			}
			if ccycles > 0 && te.writeBW > 0 {
				needW += float64(st.Fills+st.Updates) / float64(ccycles)
			}
		}
		_, lc := engine.BandwidthCycles(ccycles, te.readBW, te.writeBW, needR, needW)
		cycles = max(cycles, lc)
		levelE[i] = e
	}
	computeE := float64(computes) * c.lv[ci].compute
	lb += computeE
	total := 0.0
	for i := 0; i < nl; i++ {
		leak := c.lv[i].leak
		leakJ := 0.0
		if leak != 0 {
			leaks := int64(1)
			if i < ci {
				for d := 0; d < nr.NumDataspaces; d++ {
					leaks = max(leaks, nr.Levels[i].DS[d].UtilizedInstances)
				}
			} else {
				leaks = max(leaks, nr.ComputeInstances)
			}
			leakJ = leak * float64(cycles) * float64(leaks)
			if wantLB {
				lb += leak * float64(ccycles) * float64(leaks)
			}
		}
		if i == ci {
			total += computeE + leakJ
		} else {
			total += levelE[i] + leakJ
		}
	}
	return total, cycles, lb
}
