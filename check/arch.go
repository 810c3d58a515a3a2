package check

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// Encodings cimc knows: the built-ins of engine/values (see lower for the
// encoded bit counts).
var encodingNames = []string{"differential", "differential_if_signed", "magnitude", "offset", "offset_if_signed",
	"sign_magnitude", "twos_complement", "two_part_magnitude", "two_part_magnitude_if_signed", "xnor", "zero_gated_xnor"}

// slicePers are the words allowed after "per".
var slicePers = []string{"adc", "cell", "cycle", "dac", "read"}

// encoding checks an encode declaration; seen detects duplicates in one scope.
func (c *checker) encoding(x ctx, e *ast.EncodeDecl, seen map[string]*Encoding) *Encoding {
	ok := true
	ds := e.Dataspace.Name
	if !c.dataspaceRef(e.Dataspace) {
		ok = false
	}
	out := &Encoding{Dataspace: Name{ds, e.Dataspace.Src}, Src: e.Src}
	if e.Encoding == nil {
		return nil
	}
	fn, isRef := e.Encoding.Fun.(*ast.Ref)
	if !isRef {
		c.errs.Errorf(e.Encoding.Fun.Span(), diag.BadEncoding, "expected an encoding name")
		return nil
	}
	out.Name = fn.Name.Name
	known := false
	for _, n := range encodingNames {
		known = known || n == out.Name
	}
	if !known {
		d := c.errs.Errorf(fn.Name.Src, diag.BadEncoding, "unknown encoding %q", out.Name)
		d.Help = diag.DidYouMean(out.Name, encodingNames)
		ok = false
	}
	switch {
	case len(e.Encoding.Args) != 1 || (e.Encoding.Args[0].Name != nil && e.Encoding.Args[0].Name.Name != "bits"):
		c.errs.Errorf(e.Encoding.Src, diag.BadEncoding, "encoding %q takes one argument, the number of bits: %s(8)", out.Name, out.Name)
		ok = false
	default:
		n, good := c.constInt(x, e.Encoding.Args[0].Value, "the number of bits", diag.BadEncoding)
		if good && (n < 1 || n > 64) {
			c.errs.Errorf(e.Encoding.Args[0].Value.Span(), diag.BadEncoding, "the number of bits must be between 1 and 64, found %d", n)
			good = false
		}
		ok = ok && good
		out.Bits = n
	}
	pers := map[string]bool{}
	for _, s := range e.Slices {
		per := s.Per.Name
		valid := false
		for _, p := range slicePers {
			valid = valid || p == per
		}
		if !valid {
			d := c.errs.Errorf(s.Per.Src, diag.BadEncoding, "unknown slice kind %q", per)
			d.Help = diag.DidYouMean(per, slicePers)
			if d.Help == "" {
				d.Help = "slices are per cell, dac, adc, cycle or read"
			}
			ok = false
			continue
		}
		if pers[per] {
			c.errs.Errorf(s.Per.Src, diag.BadEncoding, "slice per %s is given twice", per)
			ok = false
			continue
		}
		pers[per] = true
		n, good := c.constInt(x, s.Bits, "slice size", diag.BadEncoding)
		if good && n < 1 {
			c.errs.Errorf(s.Bits.Span(), diag.BadEncoding, "slice size must be at least 1 bit, found %d", n)
			good = false
		}
		if !good {
			ok = false
			continue
		}
		out.Slices = append(out.Slices, Slice{Bits: n, Per: per, Src: s.Src})
	}
	if prev, dup := seen[ds]; dup && prev != nil {
		d := c.errs.Errorf(e.Dataspace.Src, diag.Duplicate, "dataspace %q is already encoded in this scope", ds)
		d.Related = append(d.Related, diag.Related{Range: prev.Src, Message: "previous encoding here"})
		return nil
	}
	seen[ds] = out
	if !ok {
		return nil
	}
	return out
}

// archBuilder carries the state of one arch elaboration.
type archBuilder struct {
	arch    *Arch
	encSeen map[string]*Encoding
	names   map[string]diag.Range // level names: unique in an architecture
}

// declareLevel reports a container or instance name used twice in one
// architecture (levels are addressed by name in mappings).
func (c *checker) declareLevel(b *archBuilder, id *ast.Ident) {
	if prev, dup := b.names[id.Name]; dup {
		d := c.errs.Errorf(id.Src, diag.Duplicate, "%q is already declared in this architecture", id.Name)
		d.Related = append(d.Related, diag.Related{Range: prev, Message: "previous declaration here"})
		return
	}
	b.names[id.Name] = id.Src
}

// arch elaborates an architecture declaration.
func (c *checker) arch(x ctx, a *ast.ArchDecl) *Arch {
	b := &archBuilder{arch: &Arch{Name: a.Name.Name, Decl: a, Src: a.Src}, encSeen: map[string]*Encoding{}, names: map[string]diag.Range{}}
	c.including[a] = true
	b.arch.Nodes = c.block(x, b, a.Items, nil, blockArch, &blockOwner{name: a.Name.Name, attrs: &b.arch.Attrs})
	delete(c.including, a)
	return b.arch
}

type blockKind uint8

const (
	blockArch blockKind = iota
	blockContainer
	blockInstance
)

// blockOwner describes the container or instance whose body is checked.
type blockOwner struct {
	name      string
	hasFanout bool
	dirs      *[]Directive // spatial (container) directives
	temporal  *[]Directive
	tcons     **Constraints
	scons     **Constraints
	attrs     *[]Attr
}

// block elaborates the items of an arch, container or instance body.
// inherited are the attributes of the enclosing containers.
func (c *checker) block(x ctx, b *archBuilder, items []ast.ArchItem, inherited []Attr, kind blockKind, own *blockOwner) []Node {
	sc := newScope(x.sc)
	bx := x.with(sc)
	for _, it := range items {
		if p, ok := it.(*ast.ParamDecl); ok {
			sc.declare(c, &object{kind: objParam, name: p.Name.Name, src: p.Name.Src, param: p, paramScope: sc})
		}
	}
	// Attributes first: they apply to everything in the block.
	attrs := append([]Attr(nil), inherited...)
	attrSeen := map[string]diag.Range{}
	for _, it := range items {
		at, ok := it.(*ast.AttrStmt)
		if !ok {
			continue
		}
		if prev, dup := attrSeen[at.Name.Name]; dup {
			d := c.errs.Errorf(at.Name.Src, diag.Duplicate, "attribute %q is already set in this block", at.Name.Name)
			d.Related = append(d.Related, diag.Related{Range: prev, Message: "previous setting here"})
			continue
		}
		attrSeen[at.Name.Name] = at.Name.Src
		v := c.eval(bx, at.Value)
		if v.Kind == Invalid {
			continue
		}
		if _, isIR := v.IR(); !isIR {
			c.errs.Errorf(at.Value.Span(), diag.TypeMismatch, "attribute %q must be a number, string or bool, found %s", at.Name.Name, v.typeName())
			continue
		}
		na := Attr{Name: at.Name.Name, Value: v, Src: at.Src}
		attrs = setAttr(attrs, na)
		if own != nil && own.attrs != nil {
			*own.attrs = append(*own.attrs, na)
		}
	}
	var ownAttrStmts []Attr
	for _, a := range attrs[len(inherited):] {
		ownAttrStmts = append(ownAttrStmts, a)
	}
	for i := range inherited {
		if attrs[i].Src != inherited[i].Src {
			ownAttrStmts = append(ownAttrStmts, attrs[i]) // overrides an inherited one
		}
	}
	var nodes []Node
	var lastFan diag.Range // a node holding a fanout must be the last node of its block
	lastFanName := ""
	tempSeen := map[string]*Directive{}
	spatSeen := map[string]*Directive{}
	for _, it := range items {
		if lastFan.IsValid() {
			switch it.(type) {
			case *ast.ContainerDecl, *ast.ComponentInst, *ast.IncludeStmt:
				d := c.errs.Errorf(it.Span(), diag.Misplaced, "this would be beneath the fanout of %q but outside it", lastFanName)
				d.Help = "move it inside " + q(lastFanName) + " or before it: levels form one chain, outermost first"
				d.Related = append(d.Related, diag.Related{Range: lastFan, Message: "the fanout is here"})
				lastFan = diag.Range{}
			}
		}
		switch it := it.(type) {
		case *ast.ParamDecl:
			c.paramValue(bx, sc.names[it.Name.Name])
		case *ast.AttrStmt:
		case *ast.EncodeDecl:
			if e := c.encoding(bx, it, b.encSeen); e != nil {
				b.arch.Encodings = append(b.arch.Encodings, e)
			}
		case *ast.ContainerDecl:
			n := c.container(bx, b, it, attrs)
			if n != nil {
				nodes = append(nodes, n)
				if holdsFanout(n) {
					lastFan, lastFanName = it.Name.Src, it.Name.Name
				}
			}
		case *ast.ComponentInst:
			n := c.instance(bx, b, it, attrs)
			if n != nil {
				nodes = append(nodes, n)
				if holdsFanout(n) {
					lastFan, lastFanName = it.Name.Src, it.Name.Name
				}
			}
		case *ast.IncludeStmt:
			ns := c.include(bx, b, it, attrs)
			nodes = append(nodes, ns...)
			for _, n := range ns {
				if holdsFanout(n) {
					lastFan, lastFanName = it.Src, "the included architecture"
				}
			}
		case *ast.Directive:
			c.directive(bx, it, kind, own, tempSeen, spatSeen)
		case *ast.ConstraintBlock:
			c.constraintBlock(bx, it, kind, own)
		default:
			c.errs.Errorf(it.Span(), diag.Internal, "unexpected arch item %T", it)
		}
	}
	if kind != blockInstance {
		c.unusedAttrs(ownAttrStmts, nodes, kind == blockArch)
	}
	return nodes
}

// unusedAttrs warns about attr statements that no component below takes
// (CiMLoop silently ignores them; here a misspelling shows).
func (c *checker) unusedAttrs(stmts []Attr, nodes []Node, arch bool) {
	if len(stmts) == 0 {
		return
	}
	used := map[diag.Range]bool{}
	var names []string
	var walk func([]Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			switch n := n.(type) {
			case *Container:
				walk(n.Children)
			case *Instance:
				for _, a := range append(append([]Attr(nil), n.Attrs...), n.Geometry...) {
					used[a.Src] = true
				}
				if n.Registry != nil {
					names = append(names, n.Registry.AttrNames()...)
				}
				if n.Compound != nil {
					for _, f := range n.Compound.Fields {
						names = append(names, f.Name)
					}
				}
			}
		}
	}
	walk(nodes)
	sort.Strings(names)
	for _, a := range stmts {
		if used[a.Src] || arch && a.Name == "cycle_seconds" {
			continue
		}
		d := c.errs.Warnf(a.Src, diag.UnknownAttribute, "no component below takes attribute %q", a.Name)
		d.Help = diag.DidYouMean(a.Name, names)
	}
}

func setAttr(attrs []Attr, a Attr) []Attr {
	for i := range attrs {
		if attrs[i].Name == a.Name {
			out := append([]Attr(nil), attrs...)
			out[i] = a
			return out
		}
	}
	return append(append([]Attr(nil), attrs...), a)
}

func holdsInstance(nodes []Node) bool {
	for _, n := range nodes {
		switch n := n.(type) {
		case *Instance:
			return true
		case *Container:
			if holdsInstance(n.Children) {
				return true
			}
		}
	}
	return false
}

func holdsFanout(n Node) bool {
	switch n := n.(type) {
	case *Container:
		if n.Fanout != nil {
			return true
		}
		for _, ch := range n.Children {
			if holdsFanout(ch) {
				return true
			}
		}
	case *Instance:
		return n.Fanout != nil
	}
	return false
}

// fanout evaluates a fanout: positive integers.
func (c *checker) fanout(x ctx, f *ast.Fanout) *Fanout {
	if f == nil {
		return nil
	}
	out := &Fanout{X: 1, Y: 1, Src: f.Src}
	get := func(e ast.Expr) (int, bool) {
		v := c.eval(x, e)
		switch {
		case v.Kind == Invalid:
			return 0, false
		case v.Kind != Number || !v.Dim.IsNone():
			c.errs.Errorf(e.Span(), diag.BadFanout, "fanout must be a positive integer, found %s", v.typeName())
		case v.Unknown:
			c.errs.Errorf(e.Span(), diag.NotConstant, "fanout must be a constant")
		case !v.IsInt() || v.Num < 1:
			c.errs.Errorf(e.Span(), diag.BadFanout, "fanout must be a positive integer, found %s", units.FormatNumber(v.Num))
		case v.Num > 1<<24:
			c.errs.Errorf(e.Span(), diag.BadFanout, "fanout %s is too large", units.FormatNumber(v.Num))
		default:
			return int(v.Num), true
		}
		return 0, false
	}
	fx, ok1 := get(f.X)
	if f.Y != nil {
		fy, ok2 := get(f.Y)
		if !ok1 || !ok2 {
			return nil
		}
		out.X, out.Y = fx, fy
		return out
	}
	if !ok1 {
		return nil
	}
	if f.Axis != nil && f.Axis.Name == "Y" {
		out.Y = fx
	} else {
		if f.Axis != nil && f.Axis.Name != "X" {
			c.errs.Errorf(f.Axis.Src, diag.BadFanout, "axis must be X or Y, found %q", f.Axis.Name)
			return nil
		}
		out.X = fx
	}
	return out
}

func (c *checker) container(x ctx, b *archBuilder, d *ast.ContainerDecl, inherited []Attr) Node {
	n := &Container{Name: d.Name.Name, NameSrc: d.Name.Src, Src: d.Src}
	c.declareLevel(b, d.Name)
	n.Fanout = c.fanout(x, d.Fanout)
	own := &blockOwner{name: d.Name.Name, hasFanout: d.Fanout != nil, dirs: &n.Directives, scons: &n.Spatial, attrs: &n.Attrs}
	n.Children = c.block(x, b, d.Items, inherited, blockContainer, own)
	if n.Fanout != nil && !holdsInstance(n.Children) {
		c.errs.Errorf(d.Name.Src, diag.Misplaced, "container %q has a fanout but holds no components", d.Name.Name).Help =
			"a fanout replicates the components inside the container"
	}
	return n
}

func (c *checker) instance(x ctx, b *archBuilder, d *ast.ComponentInst, inherited []Attr) Node {
	n := &Instance{Name: d.Name.Name, NameSrc: d.Name.Src, Src: d.Src}
	c.declareLevel(b, d.Name)
	n.Fanout = c.fanout(x, d.Fanout)
	var ownAttrs []Attr
	own := &blockOwner{name: d.Name.Name, hasFanout: d.Fanout != nil, dirs: &n.Spatial, temporal: &n.Temporal,
		tcons: &n.TempCons, scons: &n.SpaceCons, attrs: &ownAttrs}
	c.block(x, b, d.Items, nil, blockInstance, own)
	cls, reg, comp := c.resolveClass(x, d.Class)
	if cls == "" {
		return n
	}
	n.Class, n.Registry, n.Compound = cls, reg, comp
	if IsCompute(cls) {
		for _, d := range n.Temporal {
			if d.Kind != "rmw_first_update" {
				c.errs.Errorf(d.Src, diag.Misplaced, "%q (class %s) is a compute unit: it cannot %s data", n.Name, cls, d.Kind).Help =
					"compute units keep nothing; put the directive on a buffer above it"
				break
			}
		}
	}
	attrs, _ := c.classAttrs(x, cls, reg, comp, d.Args, ownAttrs, inherited, d.Name.Src, &n.Geometry)
	n.Attrs = attrs
	sort.Slice(n.Geometry, func(i, j int) bool { return n.Geometry[i].Name < n.Geometry[j].Name })
	return n
}

// IsCompute reports whether a component of this class is a compute unit
// (the innermost level, which keeps nothing) rather than a storage level:
// timeloopfe's component_factory rule, a class name containing "mac" or
// "compute" (mac, intmac, free_mac, compute, dummy_compute).
func IsCompute(class string) bool {
	c := strings.ToLower(class)
	return strings.Contains(c, "mac") || strings.Contains(c, "compute")
}

// resolveClass resolves a class reference to a registry class or a
// compound component.
func (c *checker) resolveClass(x ctx, e ast.Expr) (string, *component.Class, *Component) {
	names := func() []string {
		out := c.prog.Classes.Names()
		out = append(out, x.sc.candidates(func(o *object) bool { return o.kind == objComponent })...)
		sort.Strings(out)
		return out
	}
	switch e := e.(type) {
	case *ast.Ref:
		if o := x.sc.lookup(e.Name.Name); o != nil && o.kind == objComponent {
			if c.compBusy[o.comp] {
				c.errs.Errorf(e.Name.Src, diag.Recursion, "component class %q contains itself", e.Name.Name)
				return "", nil, nil
			}
			comp := c.component(o.mod, o.comp)
			if comp == nil {
				return "", nil, nil
			}
			return comp.Name, nil, comp
		}
		if cl, ok := c.prog.Classes.Lookup(e.Name.Name); ok {
			return cl.Name, cl, nil
		}
		d := c.errs.Errorf(e.Name.Src, diag.UnknownClass, "unknown component class %q", e.Name.Name)
		d.Help = diag.DidYouMean(e.Name.Name, names())
		return "", nil, nil
	case *ast.Selector:
		mx, o := c.resolveDecl(x, e, objComponent, "component class")
		_ = mx
		if o == nil {
			return "", nil, nil
		}
		comp := c.component(o.mod, o.comp)
		if comp == nil {
			return "", nil, nil
		}
		return comp.Name, nil, comp
	}
	c.errs.Errorf(e.Span(), diag.UnknownClass, "expected a component class name")
	return "", nil, nil
}

// classAttrs validates the arguments of an instance (or subcomponent)
// against its class and returns every attribute, sorted by name: given
// arguments and attr statements, inherited container attributes the class
// takes, and schema defaults.
func (c *checker) classAttrs(x ctx, cls string, reg *component.Class, comp *Component, args []*ast.Arg, own, inherited []Attr, blame diag.Range, geometry *[]Attr) ([]Attr, bool) {
	var specs []attrType
	if reg != nil {
		for _, a := range reg.Attrs {
			s := attrType{name: a.Name, dim: a.Dim, integer: a.Integer, required: a.Required, choices: a.Choices}
			switch a.Kind {
			case component.Number:
				s.kind = Number
			case component.String:
				s.kind = String
			case component.Bool:
				s.kind = Bool
			}
			if !a.Required && !a.Optional {
				v := fromIR(a.Default)
				s.def = &v
			}
			specs = append(specs, s)
		}
	} else if comp != nil {
		for _, f := range comp.Fields {
			specs = append(specs, attrType{name: f.Name, kind: f.Type.Kind, dim: f.Type.Dim, required: f.Required, def: f.Default})
		}
	}
	// The storage geometry Timeloop reads is architectural: every class
	// takes it, whether or not its model does (it stays out of the
	// model's attributes then).
	if geometry != nil {
		for _, g := range levelAttrs {
			found := false
			for _, s := range specs {
				found = found || s.name == g.name
			}
			if !found {
				g := g
				g.level = true
				specs = append(specs, g)
			}
		}
	}
	names := make([]string, len(specs))
	byName := map[string]*attrType{}
	for i := range specs {
		names[i] = specs[i].name
		byName[specs[i].name] = &specs[i]
	}
	ok := true
	got := map[string]Attr{}
	gotSrc := map[string]diag.Range{}
	suggested := map[string]bool{} // a misspelling's fix: no "missing" error for it
	put := func(name string, nameSrc diag.Range, v Value, src diag.Range, valSrc diag.Range) {
		s := byName[name]
		if s == nil {
			d := c.errs.Errorf(nameSrc, diag.UnknownAttribute, "unknown attribute %q for class %q", name, cls)
			d.Help = diag.DidYouMean(name, names)
			suggested[diag.Suggest(name, names)] = true
			ok = false
			return
		}
		if prev, dup := gotSrc[name]; dup {
			d := c.errs.Errorf(nameSrc, diag.Duplicate, "attribute %q is given twice", name)
			d.Related = append(d.Related, diag.Related{Range: prev, Message: "previous value here"})
			ok = false
			return
		}
		gotSrc[name] = nameSrc
		if v.Kind == Invalid {
			ok = false
			return
		}
		if !c.fits(*s, v, name, cls, valSrc) {
			ok = false
			return
		}
		got[name] = Attr{Name: name, Value: v, Src: src}
	}
	for i, a := range args {
		v := c.eval(x, a.Value)
		if a.Name == nil {
			if i >= len(specs) || specs[i].level {
				c.errs.Errorf(a.Src, diag.UnknownAttribute, "too many arguments for class %q", cls)
				ok = false
				continue
			}
			put(specs[i].name, a.Src, v, a.Src, a.Value.Span())
			continue
		}
		put(a.Name.Name, a.Name.Src, v, a.Src, a.Value.Span())
	}
	for _, a := range own {
		put(a.Name, a.Src, a.Value, a.Src, a.Src)
	}
	out := make([]Attr, 0, len(specs))
	for _, s := range specs {
		if a, has := got[s.name]; has {
			if s.level {
				*geometry = append(*geometry, a)
			} else {
				out = append(out, a)
			}
			continue
		}
		if s.level {
			continue
		}
		if _, given := gotSrc[s.name]; given || suggested[s.name] {
			continue // given with an error, or misspelled: already reported
		}
		var inh *Attr
		for i := range inherited {
			if inherited[i].Name == s.name {
				inh = &inherited[i]
			}
		}
		if inh != nil && inh.Value.Kind == s.kind && (s.kind != Number || inh.Value.Dim == s.dim) {
			out = append(out, *inh)
			continue
		}
		if inh != nil {
			if c.fits(s, inh.Value, s.name, cls, inh.Src) {
				out = append(out, *inh)
			}
			continue
		}
		switch {
		case s.def != nil:
			out = append(out, Attr{Name: s.name, Value: *s.def})
		case s.required:
			c.errs.Errorf(blame, diag.MissingAttribute, "missing attribute %q for class %q", s.name, cls)
			ok = false
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, ok
}

// levelAttrs are the storage attributes Timeloop reads (cimloop-spec.md
// section 3.1): accepted on every component instance.
var levelAttrs = []attrType{
	{name: "depth", kind: Number, integer: true},
	{name: "width", kind: Number, integer: true},
	{name: "datawidth", kind: Number, integer: true},
	{name: "block_size", kind: Number, integer: true},
	{name: "read_bandwidth", kind: Number},
	{name: "write_bandwidth", kind: Number},
}

type attrType struct {
	level    bool // a levelAttrs entry the class itself does not take
	name     string
	kind     Kind
	dim      units.Dim
	integer  bool
	required bool
	def      *Value
	choices  []string // a String attribute's allowed values (case-insensitive)
}

// fits reports whether v has the type an attribute expects.
func (c *checker) fits(s attrType, v Value, name, cls string, at diag.Range) bool {
	kind, dim, integer := s.kind, s.dim, s.integer
	if v.Kind != kind {
		want := kind.String()
		if kind == Number {
			want = dimWords(dim)
		}
		c.errs.Errorf(at, diag.TypeMismatch, "attribute %q of class %q expects %s, found %s", name, cls, want, v.typeName())
		return false
	}
	if kind == Number && v.Dim != dim {
		c.errs.Errorf(at, diag.TypeMismatch, "attribute %q of class %q expects %s, found %s", name, cls, dimWords(dim), v.typeName())
		return false
	}
	if kind == Number && integer && !v.Unknown && !v.IsInt() {
		c.errs.Errorf(at, diag.TypeMismatch, "attribute %q of class %q must be a whole number, found %s", name, cls, units.FormatNumber(v.Num))
		return false
	}
	if kind == String && len(s.choices) > 0 && !v.Unknown {
		for _, ch := range s.choices {
			if strings.EqualFold(v.Str, ch) {
				return true
			}
		}
		q := make([]string, len(s.choices))
		for i, ch := range s.choices {
			q[i] = strconv.Quote(ch)
		}
		d := c.errs.Errorf(at, diag.TypeMismatch, "attribute %q of class %q is one of %s, found %q", name, cls, strings.Join(q, ", "), v.Str)
		d.Help = diag.DidYouMean(v.Str, s.choices)
		return false
	}
	return true
}
