package ir

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/cimc-lang/cimc/lang/units"
)

// String is the readable dump of Fprint.
func (p *Program) String() string {
	var b bytes.Buffer
	Fprint(&b, p)
	return b.String()
}

// Fprint writes a readable dump of a lowered program (what `cimc ir`
// prints): parameters; the architecture's levels outermost first with
// kind, class, instances, mesh, fanout, storage geometry, the temporal and
// spatial policy of every dataspace and the constraints; every layer's
// dimensions (bit dimensions marked), projections and value models; and
// the pinned mapping in loop-nest form.
func Fprint(w io.Writer, p *Program) {
	pr := &printer{w: w}
	var ds []string
	var dims []Dim
	if len(p.Layers) > 0 {
		for _, d := range p.Layers[0].Dataspaces {
			ds = append(ds, d.Name)
		}
		dims = p.Layers[0].Dims
	}
	if len(p.Params) > 0 {
		pr.f("params\n")
		for _, prm := range p.Params {
			pr.f("  %s = %s\n", prm.Name, prm.Value)
		}
	}
	if p.Arch != nil {
		pr.f("arch %s", p.Arch.Name)
		if p.Arch.CycleSeconds > 0 {
			pr.f(" (cycle %s)", units.Q(p.Arch.CycleSeconds, units.Time))
		}
		pr.f("\n")
		for i := range p.Arch.Levels {
			pr.level(i, &p.Arch.Levels[i], ds, dims)
		}
	}
	for _, l := range p.Layers {
		pr.problem(l)
	}
	if p.Pinned != nil && p.Arch != nil && len(p.Layers) > 0 {
		pr.f("pinned %s", FormatMapping(p.Layers[0], p.Arch, p.Pinned))
	}
}

type printer struct{ w io.Writer }

func (p *printer) f(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }

// String prints a value: a quantity with its unit, a quoted string or a bool.
func (v Value) String() string {
	switch v.Kind {
	case StringValue:
		return fmt.Sprintf("%q", v.Str)
	case BoolValue:
		return fmt.Sprint(v.Bool)
	}
	return v.Num.String()
}

func (p *printer) level(i int, l *Level, ds []string, dims []Dim) {
	p.f("  %d %s: %s", i, l.Name, l.Kind)
	if l.Class != "" {
		p.f(" %s", l.Class)
	}
	p.f("\n    instances %d (mesh %dx%d)", l.Instances, l.MeshX, l.MeshY)
	if l.FanoutX*l.FanoutY != 1 {
		p.f(", fanout %dx%d", l.FanoutX, l.FanoutY)
	}
	if l.Kind == Storage {
		depth := "unlimited"
		if l.Depth > 0 {
			depth = fmt.Sprint(l.Depth)
		}
		p.f(", depth %s, word %d bit%s, block %d", depth, l.WordBits, plural(l.WordBits), l.BlockSize)
		if l.ReadBandwidth > 0 {
			p.f(", read bandwidth %s", units.FormatNumber(l.ReadBandwidth))
		}
		if l.WriteBandwidth > 0 {
			p.f(", write bandwidth %s", units.FormatNumber(l.WriteBandwidth))
		}
	}
	p.f("\n")
	if len(l.Policies) > 0 {
		var parts []string
		for j, pol := range l.Policies {
			name := fmt.Sprintf("#%d", j)
			if j < len(ds) {
				name = ds[j]
			}
			s := name + " "
			switch l.Kind {
			case Container:
				s += pol.Spatial.String()
			default:
				s += pol.Temporal.String()
			}
			if pol.RMWFirstUpdate {
				s += " rmw"
			}
			parts = append(parts, s)
		}
		label := "temporal"
		if l.Kind == Container {
			label = "spatial"
		}
		p.f("    %s: %s\n", label, strings.Join(parts, ", "))
	}
	p.constraints("temporal constraints", &l.Constraints.Temporal, ds, dims)
	p.constraints("spatial constraints", &l.Constraints.Spatial, ds, dims)
	if len(l.Attrs) > 0 {
		var parts []string
		for _, a := range l.Attrs {
			parts = append(parts, a.Name+"="+a.Value.String())
		}
		p.f("    attrs: %s\n", strings.Join(parts, " "))
	}
}

func pdimName(dims []Dim, i int) string {
	if i >= 0 && i < len(dims) {
		return dims[i].Name
	}
	return fmt.Sprintf("#%d", i)
}

func dsName(ds []string, i int) string {
	if i >= 0 && i < len(ds) {
		return ds[i]
	}
	return fmt.Sprintf("#%d", i)
}

func (p *printer) constraints(label string, c *LoopConstraints, ds []string, dims []Dim) {
	var parts []string
	if len(c.Factors) > 0 || c.FactorsOnly {
		var fs []string
		for _, f := range c.Factors {
			fs = append(fs, fmt.Sprintf("%s%s%d", pdimName(dims, f.Dim), f.Op, f.Value))
		}
		s := "factors " + strings.Join(fs, " ")
		if c.FactorsOnly {
			s = strings.TrimSpace(s) + " only"
		}
		parts = append(parts, s)
	}
	if len(c.Order) > 0 {
		var os []string
		for _, d := range c.Order {
			os = append(os, pdimName(dims, d))
		}
		parts = append(parts, "order "+strings.Join(os, " "))
	}
	if len(c.MaximizeDims) > 0 {
		var gs []string
		for _, g := range c.MaximizeDims {
			var ns []string
			for _, d := range g {
				ns = append(ns, pdimName(dims, d))
			}
			gs = append(gs, "["+strings.Join(ns, " ")+"]")
		}
		s := "maximize " + strings.Join(gs, " ")
		if c.MaximizeCapacity > 0 {
			s += fmt.Sprintf(" capacity %d", c.MaximizeCapacity)
		}
		parts = append(parts, s)
	}
	if len(c.NoIterationOver) > 0 {
		var ns []string
		for _, d := range c.NoIterationOver {
			ns = append(ns, dsName(ds, d))
		}
		parts = append(parts, "no_iteration "+strings.Join(ns, " "))
	}
	if len(c.MustIterateOver) > 0 {
		var ns []string
		for _, d := range c.MustIterateOver {
			ns = append(ns, dsName(ds, d))
		}
		parts = append(parts, "must_iterate "+strings.Join(ns, " "))
	}
	if len(parts) > 0 {
		p.f("    %s: %s\n", label, strings.Join(parts, "; "))
	}
}

var dimKindName = map[DimKind]string{DimInputBits: "input bits", DimWeightBits: "weight bits", DimOutputBits: "output bits"}

func (p *printer) problem(l *Problem) {
	p.f("layer %s", l.Name)
	if l.Instances > 1 {
		p.f(" x%d", l.Instances)
	}
	p.f("\n  dims:")
	for _, d := range l.Dims {
		p.f(" %s=%d", d.Name, d.Size)
		if k, ok := dimKindName[d.Kind]; ok {
			p.f(" (%s)", k)
		}
	}
	p.f("\n")
	for _, ds := range l.Dataspaces {
		p.f("  %s", ds.Name)
		for _, r := range ds.Ranks {
			var ts []string
			for _, t := range r {
				switch t.Coef {
				case 1:
					ts = append(ts, pdimName(l.Dims, t.Dim))
				case -1:
					ts = append(ts, "-"+pdimName(l.Dims, t.Dim))
				default:
					ts = append(ts, fmt.Sprintf("%d*%s", t.Coef, pdimName(l.Dims, t.Dim)))
				}
			}
			p.f("[%s]", strings.Replace(strings.Join(ts, " + "), "+ -", "- ", -1))
		}
		if ds.ReadWrite {
			p.f(" read-write")
		}
		p.f("\n")
		if v := ds.Value; v != nil {
			p.f("    value:")
			if v.Encoding != "" {
				p.f(" %s", v.Encoding)
			}
			p.f(" %d bits", v.Bits)
			if v.BitDim >= 0 {
				if v.EncodedBits > 0 {
					p.f(", %d encoded bits in dim %s (padded to %d: the last slice is partial)",
						v.EncodedBits, pdimName(l.Dims, v.BitDim), dimSize(l.Dims, v.BitDim))
				} else {
					p.f(", %d encoded bits in dim %s", dimSize(l.Dims, v.BitDim), pdimName(l.Dims, v.BitDim))
				}
			}
			if v.SliceBits > 0 {
				p.f(", slices of %d bit%s", v.SliceBits, plural(v.SliceBits))
			}
			p.f(", %d slice%s", v.Slices, plural(v.Slices))
			if v.Histogram != nil {
				var hs []string
				for _, h := range v.Histogram {
					hs = append(hs, units.FormatNumber(h))
				}
				p.f(", histogram [%s]", strings.Join(hs, " "))
			}
			p.f("\n")
		}
	}
}

func dimSize(dims []Dim, i int) int {
	if i >= 0 && i < len(dims) {
		return dims[i].Size
	}
	return 0
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
