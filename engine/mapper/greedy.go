package mapper

import "math"

// Alloc is one entry of a maximize-dims allocation: dimension Dim gets
// factor Hi (Lo is the size of the last, partial tile when the allocation
// is imperfect, else Hi).
type Alloc struct {
	Dim    int
	Lo, Hi int
}

// GreedyAllocate reproduces timeloopfe's greedy_allocate
// (timeloopfe/v4/processors/constraint_macro.py, the maximize_dims macro
// CiMLoop uses; cimloop-spec.md 5.1): given the still unconstrained sizes
// of a group of dimensions (in group order) and a capacity, it returns the
// allocation that maximizes utilization, searching recursively over the
// prime factors of every dimension and, for a dimension larger than the
// capacity, the imperfect split ceil(v / ceil(v / capacity)). Comparisons
// are strict, so among equal utilizations the first one found wins; the
// primes of a size are visited in the iteration order of a CPython set of
// small integers (pySetOrder), as in the original.
//
// sizes[i] is the unconstrained size of dims[i]. The result lists the
// allocation entries in the order the recursion chose them, and the
// utilization reached.
func GreedyAllocate(dims, sizes []int, capacity int) ([]Alloc, float64) {
	return greedy(dims, sizes, capacity, false)
}

// greedy is GreedyAllocate; perfectOnly skips the imperfect split, leaving
// the best allocation of prime factors.
func greedy(dims, sizes []int, capacity int, perfectOnly bool) ([]Alloc, float64) {
	f := make([]int, len(sizes))
	copy(f, sizes)
	return greedyRec(dims, f, capacity, perfectOnly)
}

func greedyRec(dims, f []int, capacity int, perfectOnly bool) ([]Alloc, float64) {
	var best []Alloc
	bestUtil := 1.0
	if capacity <= 1 {
		return best, bestUtil
	}
	for k, v := range f {
		if v > capacity && !perfectOnly {
			remaining := ceilDivInt(v, capacity)
			alloc := ceilDivInt(v, remaining)
			remainder := v % alloc
			util := float64(alloc*(remaining-1)+remainder) / float64(remaining)
			if util > bestUtil {
				bestUtil = util
				best = []Alloc{{Dim: dims[k], Lo: remainder, Hi: alloc}}
			}
		}
		for _, p := range pySetOrder(primeFactors(v)) {
			if p > capacity {
				continue
			}
			nf := make([]int, len(f))
			copy(nf, f)
			nf[k] /= p
			sub, util := greedyRec(dims, nf, capacity/p, perfectOnly)
			util *= float64(p)
			if util > bestUtil {
				bestUtil = util
				best = append([]Alloc{{Dim: dims[k], Lo: p, Hi: p}}, sub...)
			}
		}
	}
	return best, bestUtil
}

// ceilDivInt is math.ceil(a / b) for positive ints, as Python computes it
// for the small values used here.
func ceilDivInt(a, b int) int { return int(math.Ceil(float64(a) / float64(b))) }

// primeFactors lists the prime factors of x with multiplicity, ascending
// (timeloopfe's num2list_of_prime_factors).
func primeFactors(x int) []int {
	var out []int
	for p := 2; x > 1; {
		if x%p == 0 {
			out = append(out, p)
			x /= p
			continue
		}
		p++
		if p*p > x && x > 1 {
			out = append(out, x)
			break
		}
	}
	return out
}

// pySetOrder returns the distinct values of xs (small positive ints, whose
// CPython hash is the value) in the order CPython iterates set(xs): open
// addressing in a table of 8 slots, growing to 4x the used count when 5/8
// full, with linear probes of 9 when they fit and perturbed probing
// otherwise (Objects/setobject.c, set_add_entry / set_table_resize). The
// order only matters for ties between equal utilizations.
func pySetOrder(xs []int) []int {
	const linearProbes, perturbShift = 9, 5
	mask := 7
	table := make([]int, mask+1) // 0 = empty (values are >= 2)
	used := 0
	insert := func(tab []int, mask, h int) {
		i := h & mask
		perturb := h
		for {
			probes := 0
			if i+linearProbes <= mask {
				probes = linearProbes
			}
			for j := 0; j <= probes; j++ {
				if tab[i+j] == 0 {
					tab[i+j] = h
					return
				}
			}
			perturb >>= perturbShift
			i = (i*5 + 1 + perturb) & mask
		}
	}
	for _, x := range xs {
		found := false
		for _, v := range table {
			if v == x {
				found = true
				break
			}
		}
		if found {
			continue
		}
		insert(table, mask, x)
		used++
		if used*5 >= mask*3 {
			n := 8
			for n <= used*4 {
				n <<= 1
			}
			nt := make([]int, n)
			for _, v := range table {
				if v != 0 {
					insert(nt, n-1, v)
				}
			}
			table, mask = nt, n-1
		}
	}
	out := make([]int, 0, used)
	for _, v := range table {
		if v != 0 {
			out = append(out, v)
		}
	}
	return out
}
