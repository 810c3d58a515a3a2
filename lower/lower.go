package lower

import (
	"math"
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/check"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// Options choose what to lower when the program declares several.
type Options struct {
	// Arch names the architecture; "" means the only one.
	Arch string
	// Workload names a workload or network; "" means the only one.
	Workload string
}

// Names of the levels of CiMLoop's virtualized MAC (defines.yaml).
const (
	VirtualMACContainer = "mac_1bit_x_1bit" // CiMLoop: 1bit_x_1bit_mac, renamed to be an identifier a pinned mapping can name
	VirtualMACDummy     = "here_to_fix_a_bug"
	VirtualMAC          = "virtual_bitwise_mac"
)

type lowerer struct {
	p    *check.Program
	errs diag.List
	out  *ir.Program
	dims []ir.Dim // the union of every layer's dimensions
	ds   []string // dataspace names, in problem order
	src  diag.Range
}

// Lower lowers the chosen architecture and workload of p. It returns a
// partial program and diagnostics on errors (never nil).
func Lower(p *check.Program, opts Options) (*ir.Program, diag.List) {
	l := &lowerer{p: p, out: &ir.Program{}}
	if p == nil {
		l.errs.Errorf(diag.Range{}, diag.Internal, "nil program")
		return l.out, l.errs
	}
	// "No architecture" and friends point at the end of the root file,
	// where the missing declaration would go (and where a truncated file
	// was damaged).
	if p.Root != nil && len(p.Root.Files) > 0 {
		end := p.Root.Files[0].Src.End
		if !end.IsValid() {
			end = p.Root.Files[0].Src.Start
		}
		l.src = diag.Range{Start: end, End: end}
	}
	for _, prm := range p.Params {
		if v, ok := prm.Value.IR(); ok {
			l.out.Params = append(l.out.Params, ir.Param{Name: prm.Name, Value: v})
		}
	}
	sort.SliceStable(l.out.Params, func(i, j int) bool { return l.out.Params[i].Name < l.out.Params[j].Name })
	arch := l.pickArch(opts.Arch)
	layers := l.pickWorkload(opts.Workload)
	if arch == nil || layers == nil || l.errs.HasErrors() {
		return l.out, l.errs.Sort()
	}
	encs := map[string]*check.Encoding{}
	for _, e := range p.Encodings {
		encs[e.Dataspace.Name] = e
	}
	for _, e := range arch.Encodings {
		encs[e.Dataspace.Name] = e
	}
	l.problems(layers, encs)
	if l.errs.HasErrors() {
		return l.out, l.errs.Sort()
	}
	l.out.Arch = l.arch(arch)
	if l.errs.HasErrors() {
		return l.out, l.errs.Sort()
	}
	l.pinned(arch)
	return l.out, l.errs.Sort()
}

func (l *lowerer) pickArch(name string) *check.Arch {
	archs := l.p.Archs
	var names []string
	for _, a := range archs {
		names = append(names, a.Name)
	}
	if name != "" {
		for _, a := range archs {
			if a.Name == name {
				return a
			}
		}
		d := l.errs.Errorf(l.src, diag.NoArch, "no architecture named %q", name)
		d.Help = diag.DidYouMean(name, names)
		if d.Help == "" && len(names) > 0 {
			d.Help = "architectures: " + strings.Join(names, ", ")
		}
		return nil
	}
	switch len(archs) {
	case 0:
		l.errs.Errorf(l.src, diag.NoArch, "the program declares no architecture").Help = "add an arch NAME { ... } declaration"
		return nil
	case 1:
		return archs[0]
	}
	d := l.errs.Errorf(archs[1].Src, diag.Ambiguous, "the program declares %d architectures", len(archs))
	d.Help = "choose one of: " + strings.Join(names, ", ")
	d.Related = append(d.Related, diag.Related{Range: archs[0].Src, Message: "first architecture here"})
	return nil
}

// pickWorkload returns the layers of the chosen workload or network.
func (l *lowerer) pickWorkload(name string) []*check.Workload {
	type cand struct {
		name   string
		layers []*check.Workload
		src    diag.Range
	}
	var cands []cand
	for _, w := range l.p.Workloads {
		cands = append(cands, cand{w.Name, []*check.Workload{w}, w.Src})
	}
	for _, n := range l.p.Networks {
		cands = append(cands, cand{n.Name, n.Layers, n.Src})
	}
	var names []string
	for _, c := range cands {
		names = append(names, c.name)
	}
	if name != "" {
		for _, c := range cands {
			if c.name == name {
				return c.layers
			}
		}
		d := l.errs.Errorf(l.src, diag.NoWorkload, "no workload or network named %q", name)
		d.Help = diag.DidYouMean(name, names)
		if d.Help == "" && len(names) > 0 {
			d.Help = "workloads: " + strings.Join(names, ", ")
		}
		return nil
	}
	switch len(cands) {
	case 0:
		l.errs.Errorf(l.src, diag.NoWorkload, "the program declares no workload or network").Help =
			"add a workload NAME { einsum ... } declaration (templates with required parameters need a network layer)"
		return nil
	case 1:
		if len(cands[0].layers) == 0 {
			l.errs.Errorf(l.src, diag.NoWorkload, "network %q has no layers", cands[0].name)
			return nil
		}
		return cands[0].layers
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].src.Start.Offset < cands[j].src.Start.Offset })
	d := l.errs.Errorf(cands[1].src, diag.Ambiguous, "the program declares %d workloads and networks", len(cands))
	d.Help = "choose one of: " + strings.Join(names, ", ")
	d.Related = append(d.Related, diag.Related{Range: cands[0].src, Message: "first one here"})
	return nil
}

// role of a dataspace.
type role uint8

const (
	roleNone role = iota
	roleInputs
	roleWeights
	roleOutputs
)

// roles assigns roles as engine/values does: the dataspaces named Inputs,
// Weights and Outputs take their role; the output takes the outputs role
// if no dataspace is named Outputs; the remaining inputs fill the inputs
// then the weights role, in einsum order.
func roles(e *check.Einsum) map[string]role {
	out := map[string]role{}
	taken := map[role]bool{}
	all := append(append([]*check.Tensor(nil), e.Inputs...), e.Output)
	for _, t := range all {
		r := map[string]role{"Inputs": roleInputs, "Weights": roleWeights, "Outputs": roleOutputs}[t.Name]
		if r != roleNone {
			out[t.Name] = r
			taken[r] = true
		}
	}
	if !taken[roleOutputs] && out[e.Output.Name] == roleNone {
		out[e.Output.Name] = roleOutputs
		taken[roleOutputs] = true
	}
	for _, r := range []role{roleInputs, roleWeights} {
		if taken[r] {
			continue
		}
		for _, t := range e.Inputs {
			if _, has := out[t.Name]; !has {
				out[t.Name] = r
				taken[r] = true
				break
			}
		}
	}
	return out
}

var bitDimName = map[role]string{roleInputs: "X", roleWeights: "Y", roleOutputs: "Z"}
var bitDimKind = map[role]ir.DimKind{roleInputs: ir.DimInputBits, roleWeights: ir.DimWeightBits, roleOutputs: ir.DimOutputBits}

// encodedBits is the size of the bit dimension of an encoding, by the
// rules of the CiMLoop macros that use each encoding (cimloop-macros.md,
// ENCODED_*_BITS), the same as engine/values' built-ins: offset,
// twos_complement, sign_magnitude and offset_if_signed keep n bits;
// magnitude has n-1 when the histogram is signed (Wan: max(1, INPUT_BITS -
// is_hist_signed)); differential and two_part_magnitude have 2n (RAELLA:
// WEIGHT_BITS*2), their _if_signed forms 2n only when signed (Sinangil);
// xnor and zero_gated_xnor have n+1 (Jia: INPUT_BITS + XNOR_ENCODE). A
// dataspace without a histogram counts as signed.
func encodedBits(e *check.Encoding, hist []float64) int {
	n := e.Bits
	sgn := hist == nil || signed(hist)
	switch e.Name {
	case "magnitude":
		if sgn {
			return max(1, n-1)
		}
	case "differential", "two_part_magnitude":
		return 2 * n
	case "differential_if_signed", "two_part_magnitude_if_signed":
		if sgn {
			return 2 * n
		}
	case "xnor", "zero_gated_xnor":
		return n + 1
	}
	return n
}

// signed is CiMLoop's is_hist_signed: any mass below the centre bin.
func signed(h []float64) bool {
	s := 0.0
	for _, v := range h[:len(h)/2] {
		s += v
	}
	return s != 0
}

// sliceBits picks the slice clause for a role: per dac (else per cycle)
// for inputs, per cell for weights, per adc (else per read) for outputs,
// else the first clause; 0 when unsliced.
func sliceBits(e *check.Encoding, r role) int {
	pref := map[role][]string{roleInputs: {"dac", "cycle"}, roleWeights: {"cell"}, roleOutputs: {"adc", "read"}}[r]
	for _, p := range pref {
		for _, s := range e.Slices {
			if s.Per == p {
				return s.Bits
			}
		}
	}
	if len(e.Slices) > 0 {
		return e.Slices[0].Bits
	}
	return 0
}

// problems builds one ir.Problem per layer over a shared dimension list.
func (l *lowerer) problems(layers []*check.Workload, encs map[string]*check.Encoding) {
	// Shared dataspace order: the first layer's (inputs in order, then output).
	first := layers[0].Einsum
	for _, t := range first.Inputs {
		l.ds = append(l.ds, t.Name)
	}
	l.ds = append(l.ds, first.Output.Name)
	dimIndex := map[string]int{}
	addDim := func(d ir.Dim) int {
		if i, ok := dimIndex[d.Name]; ok {
			return i
		}
		dimIndex[d.Name] = len(l.dims)
		l.dims = append(l.dims, d)
		return len(l.dims) - 1
	}
	for _, w := range layers {
		for _, s := range w.Sizes {
			addDim(ir.Dim{Name: s.Name, Size: 1})
		}
	}
	type bitInfo struct {
		enc     *check.Encoding
		slice   int
		encBits int
	}
	for _, w := range layers {
		e := w.Einsum
		names := map[string]bool{}
		for _, t := range append(append([]*check.Tensor(nil), e.Inputs...), e.Output) {
			names[t.Name] = true
		}
		same := len(names) == len(l.ds)
		for _, n := range l.ds {
			same = same && names[n]
		}
		if !same {
			l.errs.Errorf(w.Src, diag.BadEinsum, "layer %q has dataspaces %s, but the first layer has %s", w.Name,
				strings.Join(sortedNames(names), ", "), strings.Join(l.ds, ", "))
		}
	}
	if l.errs.HasErrors() {
		return
	}
	for _, w := range layers {
		e := w.Einsum
		rs := roles(e)
		hist := map[string][]float64{}
		for _, h := range w.Histograms {
			hist[h.Dataspace] = normalize(h.Bins)
		}
		prob := &ir.Problem{Name: w.Name, Instances: 1, Src: w.Src}
		sizes := map[string]int{}
		for _, s := range w.Sizes {
			sizes[s.Name] = s.Size
		}
		bits := map[string]bitInfo{}
		for _, ds := range l.ds {
			enc := encs[ds]
			r := rs[ds]
			if enc == nil {
				continue
			}
			if r == roleNone {
				l.errs.Errorf(enc.Src, diag.BadEncoding, "dataspace %q is neither the inputs, the weights nor the outputs of %q; it cannot be encoded", ds, w.Name)
				continue
			}
			bn := bitDimName[r]
			if _, clash := sizes[bn]; clash {
				l.errs.Errorf(w.Src, diag.BadEinsum, "dimension %q of %q clashes with the bit dimension of encoded %s", bn, w.Name, ds).Help =
					"rename the einsum index (X, Y and Z are the input, weight and output bit dimensions)"
				continue
			}
			eb := encodedBits(enc, hist[ds])
			sb := sliceBits(enc, r)
			if sb > eb {
				sb = eb // CiMLoop: INPUT_BITS_PER_SLICE = min(DAC_RESOLUTION, bits)
			}
			bits[ds] = bitInfo{enc: enc, slice: sb, encBits: eb}
			i := addDim(ir.Dim{Name: bn, Size: 1, Kind: bitDimKind[r]})
			l.dims[i].Kind = bitDimKind[r]
			sizes[bn] = eb
			if sb > 0 && eb%sb != 0 && r != roleOutputs {
				// A partial last input or weight slice takes a whole slice
				// of the iteration space (ir.ValueModel.EncodedBits): the
				// virtual MAC iterates over whole slices. Output bits are
				// not split by slices (the MAC produces all of them).
				sizes[bn] = (eb + sb - 1) / sb * sb
			}
		}
		for _, d := range l.dims {
			s, ok := sizes[d.Name]
			if !ok {
				s = 1
			}
			prob.Dims = append(prob.Dims, ir.Dim{Name: d.Name, Size: s, Kind: d.Kind})
		}
		tensors := map[string]*check.Tensor{e.Output.Name: e.Output}
		for _, t := range e.Inputs {
			tensors[t.Name] = t
		}
		for _, ds := range l.ds {
			t := tensors[ds]
			d := ir.Dataspace{Name: ds, ReadWrite: t == e.Output, Src: t.Src}
			for _, rk := range t.Ranks {
				var rank ir.Rank
				for _, tm := range rk {
					rank = append(rank, ir.Term{Dim: dimIndex[tm.Dim], Coef: tm.Coef})
				}
				d.Ranks = append(d.Ranks, rank)
			}
			if bi, ok := bits[ds]; ok {
				bd := dimIndex[bitDimName[rs[ds]]]
				d.Ranks = append(d.Ranks, ir.Rank{{Dim: bd, Coef: 1}})
				slices := 1
				if bi.slice > 0 {
					slices = (bi.encBits + bi.slice - 1) / bi.slice
				}
				d.Value = &ir.ValueModel{Bits: bi.enc.Bits, Encoding: bi.enc.Name, Histogram: hist[ds], SliceBits: bi.slice,
					Slices: slices, BitDim: bd}
				if sizes[bitDimName[rs[ds]]] != bi.encBits {
					d.Value.EncodedBits = bi.encBits
				}
			} else if h, ok := hist[ds]; ok {
				d.Value = &ir.ValueModel{Bits: histBits(len(h)), Histogram: h, Slices: 1, BitDim: -1}
			}
			prob.Dataspaces = append(prob.Dataspaces, d)
		}
		l.out.Layers = append(l.out.Layers, prob)
	}
	// Dimensions added by later layers: extend earlier layers with size 1.
	for _, prob := range l.out.Layers {
		for len(prob.Dims) < len(l.dims) {
			d := l.dims[len(prob.Dims)]
			prob.Dims = append(prob.Dims, ir.Dim{Name: d.Name, Size: 1, Kind: d.Kind})
		}
	}
	// Layers that repeat (same dimensions, projections and values) are
	// kept: Instances counts only copies the source declares.
}

// histBits is CiMLoop's get_num_bits: n with 2^n = bins+1 (rounded up for
// other odd lengths).
func histBits(bins int) int {
	return int(math.Ceil(math.Log2(float64(bins + 1))))
}

func normalize(b []float64) []float64 {
	s := 0.0
	for _, v := range b {
		s += v
	}
	out := make([]float64, len(b))
	for i, v := range b {
		out[i] = v / s
	}
	return out
}

func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (l *lowerer) dimIndex(name string) int {
	for i, d := range l.dims {
		if d.Name == name {
			return i
		}
	}
	return -1
}

func (l *lowerer) dsIndex(name string) int {
	for i, d := range l.ds {
		if d == name {
			return i
		}
	}
	return -1
}

// isCompute is check.IsCompute.
func isCompute(class string) bool { return check.IsCompute(class) }

// arch builds the levels.
func (l *lowerer) arch(a *check.Arch) *ir.Arch {
	out := &ir.Arch{Name: a.Name, Src: a.Src}
	for _, at := range a.Attrs {
		if at.Name == "cycle_seconds" && at.Value.Kind == check.Number && at.Value.Dim == units.Time {
			out.CycleSeconds = at.Value.Num
		}
	}
	var last *check.Instance
	var walk func(nodes []check.Node, mx, my int)
	walk = func(nodes []check.Node, mx, my int) {
		for _, n := range nodes {
			switch n := n.(type) {
			case *check.Container:
				if n.Fanout != nil {
					out.Levels = append(out.Levels, l.containerLevel(n.Name, n.Fanout, n.Directives, n.Spatial, mx, my, n.Src))
					walk(n.Children, mx*n.Fanout.X, my*n.Fanout.Y)
				} else {
					walk(n.Children, mx, my)
				}
			case *check.Instance:
				if last != nil && isCompute(last.Class) {
					l.errs.Errorf(n.NameSrc, diag.NoCompute, "%q is below the compute component %q", n.Name, last.Name).Help =
						"the compute component must be the innermost one"
				}
				if n.Fanout != nil {
					out.Levels = append(out.Levels, l.containerLevel(n.Name, n.Fanout, n.Spatial, n.SpaceCons, mx, my, n.Src))
					mx, my = mx*n.Fanout.X, my*n.Fanout.Y
				}
				out.Levels = append(out.Levels, l.componentLevel(n, mx, my))
				last = n
			}
		}
	}
	walk(a.Nodes, 1, 1)
	if last == nil {
		l.errs.Errorf(a.Src, diag.NoCompute, "architecture %q has no components", a.Name)
		return out
	}
	if !isCompute(last.Class) {
		l.virtualMAC(out, last.Src)
	}
	return out
}

func (l *lowerer) containerLevel(name string, f *check.Fanout, dirs []check.Directive, cons *check.Constraints, mx, my int, src diag.Range) ir.Level {
	lv := ir.Level{Name: name, Kind: ir.Container, Instances: mx * my, MeshX: mx, MeshY: my, FanoutX: f.X, FanoutY: f.Y,
		Depth: 1, WordBits: 1, BlockSize: 1, Src: src}
	lv.Policies = make([]ir.Policy, len(l.ds))
	for _, d := range dirs {
		sp := map[string]ir.Spatial{"reuse": ir.Reuse, "no_reuse": ir.NoReuse, "must_reuse": ir.MustReuse}[d.Kind]
		for _, i := range l.dirTargets(d) {
			lv.Policies[i].Spatial = sp
		}
	}
	lv.Constraints.Spatial = l.constraints(cons)
	return lv
}

// dirTargets returns the dataspace indices a directive names (dataspaces
// the chosen workload lacks are ignored: the directive is for another).
func (l *lowerer) dirTargets(d check.Directive) []int {
	if d.Star {
		out := make([]int, len(l.ds))
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for _, n := range d.Dataspaces {
		if i := l.dsIndex(n.Name); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

func (l *lowerer) componentLevel(n *check.Instance, mx, my int) ir.Level {
	lv := ir.Level{Name: n.Name, Kind: ir.Storage, Class: n.Class, Instances: mx * my, MeshX: mx, MeshY: my,
		FanoutX: 1, FanoutY: 1, WordBits: 1, BlockSize: 1, Src: n.Src}
	if isCompute(n.Class) {
		lv.Kind = ir.Compute
	}
	attrs := map[string]check.Value{}
	for _, a := range n.Attrs {
		v, ok := a.Value.IR()
		if !ok {
			continue
		}
		attrs[a.Name] = a.Value
		lv.Attrs = append(lv.Attrs, ir.Attr{Name: a.Name, Value: v, Src: a.Src})
	}
	for _, a := range n.Geometry { // storage geometry the model does not take
		attrs[a.Name] = a.Value
	}
	lv.Policies = make([]ir.Policy, len(l.ds))
	keeps := false
	for _, d := range n.Temporal {
		for _, i := range l.dirTargets(d) {
			switch d.Kind {
			case "keep":
				lv.Policies[i].Temporal = ir.Keep
				keeps = true
			case "coalesce":
				lv.Policies[i].Temporal = ir.Coalesce
			case "pass":
				lv.Policies[i].Temporal = ir.Pass
			case "bypass":
				lv.Policies[i].Temporal = ir.Bypass
			case "rmw_first_update":
				lv.Policies[i].RMWFirstUpdate = true
			}
		}
	}
	intAttr := func(name string) (int64, bool) {
		v, ok := attrs[name]
		if !ok || v.Kind != check.Number || !v.Dim.IsNone() || v.Num != math.Trunc(v.Num) || v.Num < 0 || v.Num > math.MaxInt32 {
			return 0, false
		}
		return int64(v.Num), true
	}
	if w, ok := intAttr("datawidth"); ok && w > 0 {
		lv.WordBits = int(w)
	}
	if b, ok := intAttr("block_size"); ok && b > 0 {
		lv.BlockSize = int(b)
	} else if w, ok := intAttr("width"); ok && w > 0 {
		lv.BlockSize = max(1, int(w)/lv.WordBits)
	}
	// Depth 0 is unlimited: CiMLoop sets depth INF on pass/coalesce
	// components, and a level without a depth attribute is unbounded.
	if d, ok := intAttr("depth"); ok && keeps {
		lv.Depth = d
	}
	if v, ok := attrs["read_bandwidth"]; ok && v.Kind == check.Number && v.Num > 0 {
		lv.ReadBandwidth = v.Num
	}
	if v, ok := attrs["write_bandwidth"]; ok && v.Kind == check.Number && v.Num > 0 {
		lv.WriteBandwidth = v.Num
	}
	lv.Constraints.Temporal = l.constraints(n.TempCons)
	return lv
}

// virtualMAC appends CiMLoop's virtualized MAC (defines.yaml
// &virtualized_mac): each real MAC's (input slice x weight slice x all
// output bits) becomes one spatial 1b x 1b MAC.
// The synthesized levels point at the innermost component (src), the one
// they virtualize.
func (l *lowerer) virtualMAC(a *ir.Arch, src diag.Range) {
	mx, my := 1, 1
	if n := len(a.Levels); n > 0 {
		last := a.Levels[n-1]
		mx, my = last.MeshX*last.FanoutX, last.MeshY*last.FanoutY
	}
	prob := l.out.Layers[0]
	perSlice := func(kind ir.DimKind) (int, int) { // bits per slice, dim index
		for i, d := range prob.Dims {
			if d.Kind != kind {
				continue
			}
			for _, ds := range prob.Dataspaces {
				if ds.Value != nil && ds.Value.BitDim == i {
					if ds.Value.SliceBits > 0 && kind != ir.DimOutputBits {
						return ds.Value.SliceBits, i
					}
					return d.Size, i
				}
			}
			return d.Size, i
		}
		return 1, -1
	}
	inS, xi := perSlice(ir.DimInputBits)
	wS, yi := perSlice(ir.DimWeightBits)
	outB, zi := perSlice(ir.DimOutputBits)
	n := inS * wS * outB
	c := ir.Level{Name: VirtualMACContainer, Kind: ir.Container, Instances: mx * my, MeshX: mx, MeshY: my,
		FanoutX: n, FanoutY: 1, Depth: 1, WordBits: 1, BlockSize: 1, Policies: make([]ir.Policy, len(l.ds)), Src: src}
	c.Constraints.Spatial.FactorsOnly = true
	if xi >= 0 {
		c.Constraints.Spatial.Factors = append(c.Constraints.Spatial.Factors, ir.Factor{Dim: xi, Op: ir.FactorEq, Value: inS})
	}
	if yi >= 0 {
		c.Constraints.Spatial.Factors = append(c.Constraints.Spatial.Factors, ir.Factor{Dim: yi, Op: ir.FactorEq, Value: wS})
	}
	if zi >= 0 {
		c.Constraints.Spatial.Factors = append(c.Constraints.Spatial.Factors, ir.Factor{Dim: zi, Op: ir.FactorEq, Value: 0})
	}
	mx *= n
	dummy := ir.Level{Name: VirtualMACDummy, Kind: ir.Storage, Class: "dummy_storage", Instances: mx * my, MeshX: mx, MeshY: my,
		FanoutX: 1, FanoutY: 1, Depth: 1, WordBits: 1, BlockSize: 1, Policies: make([]ir.Policy, len(l.ds)), Src: src}
	for i := range dummy.Policies {
		dummy.Policies[i].RMWFirstUpdate = true // component_defaults: rmw_first_update ['*']
	}
	dummy.Constraints.Temporal.FactorsOnly = true // &no_temporal_iteration
	mac := ir.Level{Name: VirtualMAC, Kind: ir.Compute, Class: "free_mac", Instances: mx * my, MeshX: mx, MeshY: my,
		FanoutX: 1, FanoutY: 1, WordBits: 1, BlockSize: 1, Policies: make([]ir.Policy, len(l.ds)), Src: src}
	a.Levels = append(a.Levels, c, dummy, mac)
}

// constraints resolves names to indices.
func (l *lowerer) constraints(c *check.Constraints) ir.LoopConstraints {
	var out ir.LoopConstraints
	if c == nil {
		return out
	}
	out.Src = c.Src
	out.FactorsOnly = c.FactorsOnly
	dim := func(n check.Name) int {
		i := l.dimIndex(n.Name)
		if i < 0 {
			d := l.errs.Errorf(n.Src, diag.UnknownDimension, "the workload has no dimension %q", n.Name)
			d.Help = diag.DidYouMean(n.Name, l.dimNames())
		}
		return i
	}
	for _, f := range c.Factors {
		if i := dim(f.Dim); i >= 0 {
			out.Factors = append(out.Factors, ir.Factor{Dim: i, Op: f.Op, Value: f.Value, Src: f.Src})
		}
	}
	for _, n := range c.Order {
		if i := dim(n); i >= 0 {
			out.Order = append(out.Order, i)
		}
	}
	for _, g := range c.Maximize {
		var grp []int
		for _, n := range g {
			if i := dim(n); i >= 0 {
				grp = append(grp, i)
			}
		}
		if len(grp) > 0 {
			out.MaximizeDims = append(out.MaximizeDims, grp)
		}
	}
	out.MaximizeCapacity = c.Capacity
	for _, n := range c.NoIteration {
		if i := l.dsIndex(n.Name); i >= 0 {
			out.NoIterationOver = append(out.NoIterationOver, i)
		}
	}
	for _, n := range c.MustIterate {
		if i := l.dsIndex(n.Name); i >= 0 {
			out.MustIterateOver = append(out.MustIterateOver, i)
		}
	}
	return out
}

func (l *lowerer) dimNames() []string {
	out := make([]string, len(l.dims))
	for i, d := range l.dims {
		out[i] = d.Name
	}
	return out
}

// pinned lowers the mapping for the chosen architecture, if any.
func (l *lowerer) pinned(a *check.Arch) {
	var m *check.Mapping
	for _, c := range l.p.Mappings {
		if c.Arch != nil && c.Arch.Name != a.Name {
			continue
		}
		if m != nil {
			d := l.errs.Errorf(c.Src, diag.Ambiguous, "more than one mapping applies to architecture %q", a.Name)
			d.Related = append(d.Related, diag.Related{Range: m.Src, Message: "first mapping here"})
			return
		}
		m = c
	}
	if m == nil {
		return
	}
	levels := l.out.Arch.Levels
	out := &ir.Mapping{Levels: make([]ir.LevelMapping, len(levels)), Src: m.Src}
	var names []string
	for _, lv := range levels {
		names = append(names, lv.Name)
	}
	at := make([]diag.Range, len(levels))
	for _, ml := range m.Levels {
		for _, lp := range ml.Loops {
			idx := -1
			for i, lv := range levels {
				if lv.Name != ml.Level.Name {
					continue
				}
				// "parallel for" goes to the level that owns the fanout
				// (a container, or the container half of NAME[n]: class);
				// "for" to the component level.
				if lp.Parallel == (lv.Kind == ir.Container) {
					idx = i
				}
			}
			found := false
			for _, lv := range levels {
				found = found || lv.Name == ml.Level.Name
			}
			if !found {
				d := l.errs.Errorf(ml.Level.Src, diag.BadMapping, "the architecture has no level %q", ml.Level.Name)
				d.Help = diag.DidYouMean(ml.Level.Name, names)
				break
			}
			if idx < 0 {
				if lp.Parallel {
					l.errs.Errorf(lp.Src, diag.BadMapping, "level %q has no fanout for a parallel loop", ml.Level.Name)
				} else {
					l.errs.Errorf(lp.Src, diag.BadMapping, "level %q is a container: it owns only parallel loops", ml.Level.Name)
				}
				continue
			}
			di := l.dimIndex(lp.Dim.Name)
			if di < 0 {
				d := l.errs.Errorf(lp.Dim.Src, diag.BadMapping, "the workload has no dimension %q", lp.Dim.Name)
				d.Help = diag.DidYouMean(lp.Dim.Name, l.dimNames())
				continue
			}
			loop := ir.Loop{Dim: di, Bound: lp.Bound, Spatial: lp.Parallel, Axis: lp.Axis}
			at[idx] = ml.Src
			if lp.Parallel {
				out.Levels[idx].Spatial = append(out.Levels[idx].Spatial, loop)
			} else {
				out.Levels[idx].Temporal = append(out.Levels[idx].Temporal, loop)
			}
		}
	}
	for i := range out.Levels {
		sp := out.Levels[i].Spatial
		sort.SliceStable(sp, func(a, b int) bool { return sp[a].Axis == ir.AxisY && sp[b].Axis == ir.AxisX })
		px, py := 1, 1
		for _, lp := range sp {
			if lp.Axis == ir.AxisY {
				py *= lp.Bound
			} else {
				px *= lp.Bound
			}
		}
		if px > levels[i].FanoutX || py > levels[i].FanoutY {
			l.errs.Errorf(at[i], diag.FanoutExceeded, "parallel loops of %q use %dx%d instances, but its fanout is %dx%d",
				levels[i].Name, px, py, levels[i].FanoutX, levels[i].FanoutY)
		}
	}
	l.out.Pinned = out
}
