package compound

import (
	"math"
	"sort"
)

// nRoles is the number of operand roles (Inputs, Weights, Outputs): the
// random variables an expression may depend on.
const nRoles = 3

// roleNames are the operand names of the roles, in role order.
var roleNames = [nRoles]string{"Inputs", "Weights", "Outputs"}

// maxDegree bounds the exponent of one operand in a polynomial (the
// largest power check accepts on a quantity is 16).
const maxDegree = 32

// mono is a monomial: the power of each role's normalized slice value.
type mono [nRoles]uint8

func (m mono) less(n mono) bool {
	for i := range m {
		if m[i] != n[i] {
			return m[i] < n[i]
		}
	}
	return false
}

func (m mono) isConst() bool { return m == mono{} }

// term is c * m.
type term struct {
	m mono
	c float64
}

// poly is a polynomial in the normalized slice values of the operand
// roles, with terms sorted by monomial, no two with the same monomial and
// no zero coefficients. The zero polynomial is empty. Sorting keeps every
// sum in a fixed order, so results are bit-for-bit deterministic.
type poly []term

func constPoly(c float64) poly {
	if c == 0 {
		return nil
	}
	return poly{{c: c}}
}

// varPoly is scale * X_role.
func varPoly(role int, scale float64) poly {
	var m mono
	m[role] = 1
	if scale == 0 {
		return nil
	}
	return poly{{m: m, c: scale}}
}

// isConst reports whether p does not depend on any operand.
func (p poly) isConst() bool {
	return len(p) == 0 || len(p) == 1 && p[0].m.isConst()
}

// value is the constant value of a constant polynomial.
func (p poly) value() float64 {
	if len(p) == 0 {
		return 0
	}
	return p[0].c
}

func normalize(ts []term) poly {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].m.less(ts[j].m) })
	out := ts[:0]
	for _, t := range ts {
		if n := len(out); n > 0 && out[n-1].m == t.m {
			out[n-1].c += t.c
			continue
		}
		out = append(out, t)
	}
	res := out[:0]
	for _, t := range out {
		if t.c != 0 {
			res = append(res, t)
		}
	}
	return poly(res)
}

func (p poly) add(q poly) poly {
	ts := make([]term, 0, len(p)+len(q))
	ts = append(ts, p...)
	ts = append(ts, q...)
	return normalize(ts)
}

func (p poly) scale(c float64) poly {
	if c == 0 {
		return nil
	}
	out := make(poly, len(p))
	for i, t := range p {
		out[i] = term{t.m, t.c * c}
	}
	return out
}

// mul multiplies two polynomials; ok is false when a power would exceed
// maxDegree.
func (p poly) mul(q poly) (poly, bool) {
	ts := make([]term, 0, len(p)*len(q))
	for _, a := range p {
		for _, b := range q {
			var m mono
			for i := range m {
				e := int(a.m[i]) + int(b.m[i])
				if e > maxDegree {
					return nil, false
				}
				m[i] = uint8(e)
			}
			ts = append(ts, term{m, a.c * b.c})
		}
	}
	return normalize(ts), true
}

// pow raises p to a non-negative integer power.
func (p poly) pow(n int) (poly, bool) {
	r := constPoly(1)
	for i := 0; i < n; i++ {
		var ok bool
		if r, ok = r.mul(p); !ok {
			return nil, false
		}
	}
	return r, true
}

// subst evaluates p with the role values x.
func (p poly) subst(x *[nRoles]float64) float64 {
	s := 0.0
	for _, t := range p {
		v := t.c
		for i, e := range t.m {
			if e > 0 {
				v *= math.Pow(x[i], float64(e))
			}
		}
		s += v
	}
	return s
}

// roles reports which roles p depends on.
func (p poly) roles() [nRoles]bool {
	var r [nRoles]bool
	for _, t := range p {
		for i, e := range t.m {
			if e > 0 {
				r[i] = true
			}
		}
	}
	return r
}
