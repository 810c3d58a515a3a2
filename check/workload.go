package check

import (
	"math"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// fieldType returns the declared type of a template field: its unit, else
// the type of its default, else a dimensionless number.
func (c *checker) fieldType(x ctx, f *ast.Field) (Value, *Value) {
	t := Value{Kind: Number, Unknown: true}
	var def *Value
	if f.Default != nil {
		v := c.eval(x, f.Default)
		if v.Kind != Invalid {
			def = &v
			t = v
			t.Unknown = true
		}
	}
	if f.Unit != nil {
		if _, dim, ok := c.unitOf(f.Unit); ok {
			if def != nil && (def.Kind != Number || def.Dim != dim) {
				c.errs.Errorf(f.Default.Span(), diag.TypeMismatch, "default of %q must be %s, found %s", f.Name.Name, dimWords(dim), def.typeName())
				def = nil
			}
			t = Value{Kind: Number, Dim: dim, Unknown: true}
		}
	}
	return t, def
}

// bindArgs binds call arguments to template fields (positional in order,
// then named), reporting unknown, duplicate, missing and ill-typed ones.
// With args == nil and allowMissing, missing fields stay unknown.
func (c *checker) bindArgs(x, argx ctx, what string, fields []*ast.Field, args []*ast.Arg, fr *frame, blame diag.Range, allowMissing bool) bool {
	ok := true
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name.Name
	}
	given := map[*ast.Field]*ast.Arg{}
	for i, a := range args {
		var f *ast.Field
		if a.Name == nil {
			if i >= len(fields) {
				c.errs.Errorf(a.Src, diag.TypeMismatch, "too many arguments for %s (it takes %d)", what, len(fields))
				ok = false
				continue
			}
			f = fields[i]
		} else {
			for _, g := range fields {
				if g.Name.Name == a.Name.Name {
					f = g
				}
			}
			if f == nil {
				d := c.errs.Errorf(a.Name.Src, diag.UnknownAttribute, "unknown parameter %q for %s", a.Name.Name, what)
				d.Help = diag.DidYouMean(a.Name.Name, names)
				ok = false
				continue
			}
		}
		if prev, dup := given[f]; dup {
			d := c.errs.Errorf(a.Src, diag.Duplicate, "parameter %q is given twice", f.Name.Name)
			d.Related = append(d.Related, diag.Related{Range: prev.Src, Message: "previous value here"})
			ok = false
			continue
		}
		given[f] = a
	}
	for _, f := range fields {
		t, def := c.fieldType(x, f)
		a, has := given[f]
		switch {
		case has:
			v := c.eval(argx, a.Value)
			if v.Kind == Invalid {
				ok = false
				continue
			}
			if v.Kind != t.Kind || (v.Kind == Number && v.Dim != t.Dim) {
				c.errs.Errorf(a.Value.Span(), diag.TypeMismatch, "parameter %q of %s expects %s, found %s", f.Name.Name, what, t.typeName(), v.typeName())
				ok = false
				continue
			}
			fr.fields[f] = v
		case def != nil:
			fr.fields[f] = *def
		case allowMissing:
			fr.fields[f] = t
		default:
			c.errs.Errorf(blame, diag.MissingAttribute, "missing parameter %q for %s", f.Name.Name, what)
			ok = false
		}
	}
	return ok
}

func requiredFields(fs []*ast.Field) bool {
	for _, f := range fs {
		if f.Default == nil {
			return true
		}
	}
	return false
}

// workloadDecl checks a workload declaration; it returns the elaborated
// workload when the declaration needs no arguments.
func (c *checker) workloadDecl(x ctx, w *ast.WorkloadDecl) *Workload {
	template := requiredFields(w.Params)
	fr := newFrame()
	c.bindArgs(x, x, "workload "+q(w.Name.Name), w.Params, nil, fr, w.Name.Src, true)
	wl := c.instantiate(x, w, fr, nil, w.Name.Name, w.Src)
	if template {
		return nil
	}
	return wl
}

func q(s string) string { return `"` + s + `"` }

// instantiate elaborates a workload with bound fields; extra are per-layer
// items that override sizes and histograms of the template.
func (c *checker) instantiate(x ctx, w *ast.WorkloadDecl, fr *frame, extra []ast.WorkloadItem, name string, src diag.Range) *Workload {
	ws := newScope(x.sc)
	for _, f := range w.Params {
		ws.declare(c, &object{kind: objField, name: f.Name.Name, src: f.Name.Src, field: f})
	}
	items := append(append([]ast.WorkloadItem(nil), w.Items...), extra...)
	for _, it := range items {
		if p, ok := it.(*ast.ParamDecl); ok {
			ws.declare(c, &object{kind: objParam, name: p.Name.Name, src: p.Name.Src, param: p, paramScope: ws, local: true})
		}
	}
	wx := ctx{env: x.env, fr: fr, sc: ws}
	out := &Workload{Name: name, Decl: w, Src: src}
	ok := true
	var ein *ast.Einsum
	for _, it := range w.Items {
		if e, isE := it.(*ast.Einsum); isE {
			if ein != nil {
				d := c.errs.Errorf(e.Src, diag.BadEinsum, "workload %q has more than one einsum", w.Name.Name)
				d.Related = append(d.Related, diag.Related{Range: ein.Src, Message: "first einsum here"})
				ok = false
				continue
			}
			ein = e
		}
	}
	for _, it := range extra {
		if e, isE := it.(*ast.Einsum); isE {
			c.errs.Errorf(e.Src, diag.BadEinsum, "a layer cannot redefine the einsum of its workload")
		}
	}
	if ein == nil {
		c.errs.Errorf(w.Name.Src, diag.BadEinsum, "workload %q has no einsum", w.Name.Name)
		return nil
	}
	out.Einsum = c.einsum(wx, ein)
	if out.Einsum == nil {
		ok = false
	}
	for _, it := range items {
		if p, isP := it.(*ast.ParamDecl); isP {
			c.paramValue(wx, ws.names[p.Name.Name])
		}
	}
	dims := map[string]bool{}
	if out.Einsum != nil {
		for _, d := range out.Einsum.Dims {
			dims[d] = true
		}
	}
	dsNames := map[string]bool{}
	if out.Einsum != nil {
		dsNames[out.Einsum.Output.Name] = true
		for _, t := range out.Einsum.Inputs {
			dsNames[t.Name] = true
		}
	}
	sizes := map[string]int{}
	sizeSrc := map[string]diag.Range{}
	var misspelt []string
	hists := map[string]int{}
	unknownSize := false
	for _, it := range items {
		switch it := it.(type) {
		case *ast.SizesStmt:
			for _, a := range it.Sizes {
				n := a.Name.Name
				if out.Einsum != nil && !dims[n] {
					d := c.errs.Errorf(a.Name.Src, diag.UnknownDimension, "%q is not a dimension of the einsum", n)
					d.Help = diag.DidYouMean(n, out.Einsum.Dims)
					misspelt = append(misspelt, n) // no "no size" error for what it misspells
					ok = false
					continue
				}
				v := c.eval(wx, a.Value)
				if v.Kind == Invalid {
					ok = false
					sizeSrc[n] = a.Src
					sizes[n] = 1
					continue
				}
				if v.Unknown && v.Kind == Number && v.Dim.IsNone() {
					unknownSize = true
					sizes[n] = 1
					continue
				}
				if v.Kind != Number || !v.Dim.IsNone() || !v.IsInt() || v.Num < 1 || v.Num > math.MaxInt32 {
					at := a.Value.Span()
					if src != w.Src {
						at = src // a layer: blame the instantiation
					}
					d := c.errs.Errorf(at, diag.BadValue, "size of %q must be a positive integer, found %s", n, v.String())
					if src != w.Src {
						d.Related = append(d.Related, diag.Related{Range: a.Src, Message: "size defined here"})
					}
					ok = false
					sizeSrc[n] = a.Src
					sizes[n] = 1
					continue
				}
				if _, dup := sizeSrc[n]; dup && !isExtra(extra, it) {
					d := c.errs.Errorf(a.Name.Src, diag.Duplicate, "size of %q is given twice", n)
					d.Related = append(d.Related, diag.Related{Range: sizeSrc[n], Message: "previous size here"})
				}
				sizes[n] = int(v.Num)
				sizeSrc[n] = a.Src
			}
		case *ast.HistogramStmt:
			n := it.Dataspace.Name
			if out.Einsum != nil && !dsNames[n] {
				d := c.errs.Errorf(it.Dataspace.Src, diag.UnknownDataspace, "the einsum has no dataspace %q", n)
				cands := sortedKeys(dsNames)
				d.Help = diag.DidYouMean(n, cands)
				if s := diag.Suggest(n, cands); s != "" {
					c.nearMisses = append(c.nearMisses, nearMiss{what: "dataspace", name: s, decl: out.Einsum.dsSrc[s],
						used: func() bool { return c.dsUsed[s] }, use: n, useAt: it.Dataspace.Src})
				}
				ok = false
				continue
			}
			c.dsUsed[n] = true
			bins, good := c.histogram(wx, it)
			if !good {
				ok = false
				continue
			}
			h := Histogram{Dataspace: n, Bins: bins, Src: it.Src}
			if i, dup := hists[n]; dup {
				if !isExtra(extra, it) {
					d := c.errs.Errorf(it.Dataspace.Src, diag.Duplicate, "histogram of %q is given twice", n)
					d.Related = append(d.Related, diag.Related{Range: out.Histograms[i].Src, Message: "previous histogram here"})
				}
				out.Histograms[i] = h
				continue
			}
			hists[n] = len(out.Histograms)
			out.Histograms = append(out.Histograms, h)
		}
	}
	if out.Einsum != nil {
		for _, d := range out.Einsum.Dims {
			s, has := sizes[d]
			if !has {
				if !unknownSize && !nearAny(d, misspelt) {
					at := out.Einsum.dimSrc[d]
					if src != w.Src {
						at = src
					}
					c.errs.Errorf(at, diag.UnknownDimension, "no size for dimension %q of workload %q", d, w.Name.Name).Help =
						"add it to the sizes line: sizes " + d + " = ..."
				}
				ok = false
				continue
			}
			out.Sizes = append(out.Sizes, DimSize{Name: d, Size: s, Src: sizeSrc[d]})
		}
	}
	if !ok || unknownSize {
		return nil
	}
	return out
}

func isExtra(extra []ast.WorkloadItem, it ast.WorkloadItem) bool {
	for _, e := range extra {
		if e == it {
			return true
		}
	}
	return false
}

// histogram checks a histogram: 2^N-1 non-negative, zero-centred bins (the
// format of CiMLoop's workload files, which engine/values resamples to any
// bit width) with positive mass.
func (c *checker) histogram(x ctx, h *ast.HistogramStmt) ([]float64, bool) {
	v := c.eval(x, h.Value)
	if v.Kind == Invalid {
		return nil, false
	}
	if v.Kind != List {
		c.errs.Errorf(h.Value.Span(), diag.BadHistogram, "histogram must be a list of bin probabilities, found %s", v.typeName())
		return nil, false
	}
	if v.Unknown {
		return nil, false
	}
	n := len(v.List)
	if n&(n+1) != 0 || n < 1 {
		d := c.errs.Errorf(h.Value.Span(), diag.BadHistogram, "histogram has %d bins; it needs 2^N-1 bins (1, 3, 7, 15, 31, 63, ...)", n)
		d.Help = "bins are zero-centred: the middle bin is the probability of the value 0, bin i of the value i-(n-1)/2"
		return nil, false
	}
	bins := make([]float64, n)
	sum := 0.0
	for i, e := range v.List {
		if e.Kind != Number || !e.Dim.IsNone() {
			c.errs.Errorf(h.Value.Span(), diag.BadHistogram, "histogram bin %d is %s, not a dimensionless number", i, e.typeName())
			return nil, false
		}
		if e.Num < 0 || math.IsNaN(e.Num) || math.IsInf(e.Num, 0) {
			c.errs.Errorf(h.Value.Span(), diag.BadHistogram, "histogram bin %d is %s; bins must be non-negative", i, units.FormatNumber(e.Num))
			return nil, false
		}
		bins[i] = e.Num
		sum += e.Num
	}
	if sum <= 0 {
		c.errs.Errorf(h.Value.Span(), diag.BadHistogram, "histogram has no mass (every bin is 0)")
		return nil, false
	}
	return bins, true
}

// einsum checks an einsum and turns its indices into affine forms.
func (c *checker) einsum(x ctx, e *ast.Einsum) *Einsum {
	out := &Einsum{Reduce: e.Op == "+=", Src: e.Src, dsSrc: map[string]diag.Range{}, dimSrc: map[string]diag.Range{}}
	ok := true
	seen := map[string]diag.Range{}
	dimSeen := map[string]bool{}
	conv := func(t *ast.TensorRef) *Tensor {
		if t == nil || t.Name == nil {
			ok = false
			return nil
		}
		if prev, dup := seen[t.Name.Name]; dup {
			d := c.errs.Errorf(t.Name.Src, diag.BadEinsum, "dataspace %q appears twice in the einsum", t.Name.Name)
			d.Related = append(d.Related, diag.Related{Range: prev, Message: "first use here"})
			ok = false
		}
		seen[t.Name.Name] = t.Name.Src
		out.dsSrc[t.Name.Name] = t.Name.Src
		tt := &Tensor{Name: t.Name.Name, Src: t.Src}
		for _, ix := range t.Indices {
			terms, good := c.affine(x, ix)
			if !good {
				ok = false
				continue
			}
			refs := map[string]diag.Range{}
			collectRefRanges(ix, refs)
			for _, tm := range terms {
				if !dimSeen[tm.Dim] {
					dimSeen[tm.Dim] = true
					out.Dims = append(out.Dims, tm.Dim)
					out.dimSrc[tm.Dim] = ix.Span()
					if r, ok := refs[tm.Dim]; ok {
						out.dimSrc[tm.Dim] = r
					}
				}
			}
			tt.Ranks = append(tt.Ranks, terms)
		}
		return tt
	}
	out.Output = conv(e.Output)
	for _, t := range e.Inputs {
		out.Inputs = append(out.Inputs, conv(t))
	}
	if e.Op != "+=" && e.Op != "=" {
		c.errs.Errorf(e.Src, diag.BadEinsum, "einsum operator must be += or =, found %q", e.Op)
		ok = false
	}
	if len(e.Inputs) == 0 {
		c.errs.Errorf(e.Src, diag.BadEinsum, "einsum has no input tensors")
		ok = false
	}
	if ok && !out.Reduce {
		inOut := map[string]bool{}
		for _, r := range out.Output.Ranks {
			for _, tm := range r {
				inOut[tm.Dim] = true
			}
		}
		for _, d := range out.Dims {
			if !inOut[d] {
				c.errs.Errorf(out.dimSrc[d], diag.BadEinsum, "einsum with \"=\" sums over %q, which the output does not index", d).Help =
					"write += for a reduction"
				ok = false
				break
			}
		}
	}
	if !ok {
		return nil
	}
	return out
}

// lin is an affine form under construction: a constant plus terms.
type lin struct {
	k     float64
	terms []Term
	coef  map[string]float64
	known bool // every coefficient is known (not an unknown template field)
}

// affine converts an index expression into integer terms (no constant).
func (c *checker) affine(x ctx, e ast.Expr) ([]Term, bool) {
	l, ok := c.lin(x, e)
	if !ok {
		return nil, false
	}
	if l.k != 0 {
		c.errs.Errorf(e.Span(), diag.BadEinsum, "index %s has a constant offset; padding and offsets are not supported", "expression")
		return nil, false
	}
	var out []Term
	for _, t := range l.terms {
		cf := l.coef[t.Dim]
		if cf == 0 {
			continue
		}
		if cf != math.Trunc(cf) || math.Abs(cf) > 1<<30 {
			c.errs.Errorf(e.Span(), diag.BadEinsum, "coefficient of %q must be an integer, found %s", t.Dim, units.FormatNumber(cf))
			return nil, false
		}
		out = append(out, Term{Dim: t.Dim, Coef: int(cf)})
	}
	if len(out) == 0 {
		c.errs.Errorf(e.Span(), diag.BadEinsum, "index must use at least one dimension")
		return nil, false
	}
	return out, true
}

func (c *checker) lin(x ctx, e ast.Expr) (lin, bool) {
	constant := func(v Value, at ast.Expr) (lin, bool) {
		if v.Kind == Invalid {
			return lin{}, false
		}
		if v.Kind != Number || !v.Dim.IsNone() {
			c.errs.Errorf(at.Span(), diag.BadEinsum, "index terms must be dimensionless numbers, found %s", v.typeName())
			return lin{}, false
		}
		if v.Unknown {
			return lin{k: 1, coef: map[string]float64{}}, true // template field: any value
		}
		return lin{k: v.Num, coef: map[string]float64{}, known: true}, true
	}
	switch e := e.(type) {
	case *ast.Paren:
		return c.lin(x, e.X)
	case *ast.NumberLit:
		return constant(c.eval(x, e), e)
	case *ast.Ref:
		if o := x.sc.lookup(e.Name.Name); o != nil && o.kind != objBuiltin && o.kind != objWorkload && o.kind != objArch &&
			o.kind != objNetwork && o.kind != objComponent && o.kind != objModule {
			return constant(c.eval(x, e), e)
		}
		return lin{coef: map[string]float64{e.Name.Name: 1}, terms: []Term{{Dim: e.Name.Name, Coef: 1}}, known: true}, true
	case *ast.Unary:
		l, ok := c.lin(x, e.X)
		if !ok {
			return l, false
		}
		if e.Op == "-" {
			return l.scale(-1), true
		}
		if e.Op == "+" {
			return l, true
		}
	case *ast.Binary:
		switch e.Op {
		case "+", "-":
			a, ok1 := c.lin(x, e.X)
			b, ok2 := c.lin(x, e.Y)
			if !ok1 || !ok2 {
				return lin{}, false
			}
			if e.Op == "-" {
				b = b.scale(-1)
			}
			return a.add(b), true
		case "*":
			a, ok1 := c.lin(x, e.X)
			b, ok2 := c.lin(x, e.Y)
			if !ok1 || !ok2 {
				return lin{}, false
			}
			switch {
			case len(a.terms) == 0:
				return b.scale(a.k), true
			case len(b.terms) == 0:
				return a.scale(b.k), true
			}
			c.errs.Errorf(e.Src, diag.BadEinsum, "index is not affine: it multiplies two dimensions")
			return lin{}, false
		}
	case *ast.Call, *ast.Selector:
		return constant(c.eval(x, e), e)
	}
	c.errs.Errorf(e.Span(), diag.BadEinsum, "index is not affine: use sums of integer multiples of dimensions")
	return lin{}, false
}

func (l lin) scale(f float64) lin {
	out := lin{k: l.k * f, coef: map[string]float64{}, terms: l.terms, known: l.known}
	for d, v := range l.coef {
		out.coef[d] = v * f
	}
	return out
}

func (l lin) add(m lin) lin {
	out := lin{k: l.k + m.k, coef: map[string]float64{}, known: l.known && m.known}
	out.terms = append(out.terms, l.terms...)
	for d, v := range l.coef {
		out.coef[d] = v
	}
	for _, t := range m.terms {
		if _, has := out.coef[t.Dim]; !has {
			out.terms = append(out.terms, t)
		}
		out.coef[t.Dim] += m.coef[t.Dim]
	}
	return out
}

// network elaborates a network's layers.
func (c *checker) network(x ctx, n *ast.NetworkDecl) *Network {
	out := &Network{Name: n.Name.Name, Src: n.Src}
	ok := true
	seen := map[string]diag.Range{}
	for _, l := range n.Layers {
		if prev, dup := seen[l.Name.Name]; dup {
			d := c.errs.Errorf(l.Name.Src, diag.Duplicate, "layer %q is already declared in this network", l.Name.Name)
			d.Related = append(d.Related, diag.Related{Range: prev, Message: "previous declaration here"})
			ok = false
			continue
		}
		seen[l.Name.Name] = l.Name.Src
		target := l.Workload
		var args []*ast.Arg
		if call, isCall := target.(*ast.Call); isCall {
			target, args = call.Fun, call.Args
		}
		wx, w := c.resolveDecl(x, target, objWorkload, "workload")
		if w == nil {
			ok = false
			continue
		}
		fr := newFrame()
		if !c.bindArgs(wx, x, "workload "+q(w.workload.Name.Name), w.workload.Params, args, fr, l.Workload.Span(), false) {
			ok = false
			continue
		}
		wl := c.instantiate(wx, w.workload, fr, l.Items, l.Name.Name, l.Src)
		if wl == nil {
			ok = false
			continue
		}
		out.Layers = append(out.Layers, wl)
	}
	if !ok {
		return nil
	}
	return out
}

// resolveDecl resolves NAME or MODULE.NAME to a declaration of kind k and
// the context (module instance) it lives in.
func (c *checker) resolveDecl(x ctx, e ast.Expr, k objKind, what string) (ctx, *object) {
	keep := func(o *object) bool { return o.kind == k || o.kind == objModule }
	switch e := e.(type) {
	case *ast.Ref:
		o := x.sc.lookup(e.Name.Name)
		if o == nil {
			c.undefined(x, e.Name, keep)
			return x, nil
		}
		if o.kind != k {
			c.errs.Errorf(e.Name.Src, diag.TypeMismatch, "%s %q is not a %s", o.kind, e.Name.Name, what)
			return x, nil
		}
		mx := x
		if o.mod != nil && o.mod != x.env.mod {
			mx = ctx{env: o.mod.env, sc: o.mod.scope}
		} else if o.mod != nil {
			mx = ctx{env: x.env, sc: o.mod.scope}
		}
		return mx, o
	case *ast.Selector:
		r, isRef := e.X.(*ast.Ref)
		if !isRef {
			break
		}
		o := x.sc.lookup(r.Name.Name)
		if o == nil {
			c.undefined(x, r.Name, keep)
			return x, nil
		}
		if o.kind != objModule {
			c.errs.Errorf(r.Name.Src, diag.TypeMismatch, "%s %q is not a module", o.kind, r.Name.Name)
			return x, nil
		}
		if o.target == nil {
			return x, nil
		}
		mo := o.target.scope.names[e.Sel.Name]
		if mo != nil {
			mo.used = true
		}
		if mo == nil || mo.kind != k {
			var cands []string
			for _, n := range o.target.scope.order {
				if o.target.scope.names[n].kind == k {
					cands = append(cands, n)
				}
			}
			d := c.errs.Errorf(e.Sel.Src, diag.Undefined, "module %q has no %s %q", r.Name.Name, what, e.Sel.Name)
			d.Help = diag.DidYouMean(e.Sel.Name, cands)
			return x, nil
		}
		return ctx{env: c.importEnv(x, o), sc: o.target.scope}, mo
	}
	c.errs.Errorf(e.Span(), diag.TypeMismatch, "expected a %s name", what)
	return x, nil
}

func collectRefRanges(e ast.Expr, out map[string]diag.Range) {
	switch e := e.(type) {
	case *ast.Ref:
		if _, ok := out[e.Name.Name]; !ok {
			out[e.Name.Name] = e.Name.Src
		}
	case *ast.Binary:
		collectRefRanges(e.X, out)
		collectRefRanges(e.Y, out)
	case *ast.Unary:
		collectRefRanges(e.X, out)
	case *ast.Paren:
		collectRefRanges(e.X, out)
	}
}

// nearAny reports whether name is within typo distance of any of names.
func nearAny(name string, names []string) bool {
	for _, n := range names {
		if diag.Distance(name, n) <= max(1, (len(n)+1)/3) {
			return true
		}
	}
	return false
}
