package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/engine/table"
	"github.com/cimc-lang/cimc/engine/values"
	"github.com/cimc-lang/cimc/engine/workload"
	"github.com/cimc-lang/cimc/ir"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// parseQuantity reads "8", "0.85V", "1.2 V", "65nm", "100ns" into SI.
func parseQuantity(s string) (units.Quantity, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (unicode.IsDigit(rune(s[i])) || strings.ContainsRune(".eE+-_", rune(s[i]))) {
		// an 'e' followed by a letter other than a digit/sign starts a unit
		if (s[i] == 'e' || s[i] == 'E') && (i+1 >= len(s) || !strings.ContainsRune("0123456789+-", rune(s[i+1]))) {
			break
		}
		i++
	}
	num, unit := strings.ReplaceAll(s[:i], "_", ""), strings.TrimSpace(s[i:])
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return units.Quantity{}, fmt.Errorf("%q is not a number", s)
	}
	if unit == "" {
		return units.Q(v, units.None), nil
	}
	sc, d, ok := units.Lookup(unit)
	if !ok {
		return units.Quantity{}, fmt.Errorf("unknown unit %q in %q", unit, s)
	}
	return units.Q(v*sc, d), nil
}

// cmdComponent prints the energy per action, area and latency of one
// component class for attributes given as name=value arguments, with the
// operand statistics of a workload layer when -workload and -layer are
// given (flags may also follow the class, mixed with the attributes).
func cmdComponent(class string, args []string, o *options, stdout, stderr io.Writer) int {
	args, cf, code := parseComponentArgs(args, o, stderr)
	if code != exitOK {
		return code
	}
	layer, code := layerStats(o, cf, stderr)
	if code != exitOK {
		return code
	}
	reg, err := registry()
	if err != nil {
		fmt.Fprintf(stderr, "cimc: %v\n", err)
		return exitInternal
	}
	var classes table.Classes = reg
	names := reg.Names()
	if cf.file != "" {
		// Compound classes written in .cim (engine/compound).
		res, err := compile(cf.file, &options{}, false)
		if err != nil {
			return compileFailed(stderr, err)
		}
		if isIOError(res.diags) {
			diag.Render(stderr, res.diags, res.sources)
			return exitUsage
		}
		if res.diags.HasErrors() {
			return printDiags(stderr, res.diags, res.sources, false)
		}
		classes = table.WithCompounds(reg, res.prog)
		for n := range res.prog.Components {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	cls, ok := classes.Lookup(class)
	if !ok {
		fmt.Fprintf(stderr, "cimc component: unknown class %q [%s]\n", class, diag.UnknownClass)
		if h := diag.DidYouMean(class, names); h != "" {
			fmt.Fprintf(stderr, "   = help: %s\n", h)
		}
		return exitUser
	}
	attrs := component.Attrs{}
	for _, a := range args {
		name, val, ok := strings.Cut(a, "=")
		if !ok {
			fmt.Fprintf(stderr, "cimc component: want name=value, got %q\n", a)
			return exitUsage
		}
		spec, ok := cls.Attr(name)
		if !ok {
			fmt.Fprintf(stderr, "cimc component: unknown attribute %q for class %q [%s]\n", name, class, diag.UnknownAttribute)
			if h := diag.DidYouMean(name, cls.AttrNames()); h != "" {
				fmt.Fprintf(stderr, "   = help: %s\n", h)
			}
			return exitUser
		}
		switch spec.Kind {
		case component.String:
			attrs[name] = ir.Value{Kind: ir.StringValue, Str: strings.Trim(val, `"`)}
		case component.Bool:
			b, err := strconv.ParseBool(val)
			if err != nil {
				fmt.Fprintf(stderr, "cimc component: attribute %q wants true or false, got %q [%s]\n", name, val, diag.TypeMismatch)
				return exitUser
			}
			attrs[name] = ir.Value{Kind: ir.BoolValue, Bool: b}
		default:
			q, err := parseQuantity(val)
			if err != nil {
				fmt.Fprintf(stderr, "cimc component: attribute %q: %v [%s]\n", name, err, diag.TypeMismatch)
				return exitUser
			}
			if q.Dim != spec.Dim {
				fmt.Fprintf(stderr, "cimc component: attribute %q wants %s, got %s [%s]\n", name, spec.Dim.Name(), q.Dim.Name(), diag.TypeMismatch)
				return exitUser
			}
			attrs[name] = ir.Value{Kind: ir.NumberValue, Num: q}
		}
	}
	var missing []string
	for _, s := range cls.Attrs {
		if _, ok := attrs[s.Name]; ok {
			continue
		}
		switch {
		case s.Required:
			missing = append(missing, s.Name)
		case !s.Optional:
			attrs[s.Name] = s.Default
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "cimc component: class %q needs %s [%s]\n", class, strings.Join(missing, ", "), diag.MissingAttribute)
		return exitUser
	}
	var st *component.Stats
	if layer != nil {
		st = &layer.stats
	}
	est, err := cls.Model(attrs, st)
	if err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, class+": ") {
			msg = class + ": " + msg
		}
		fmt.Fprintf(stderr, "cimc component: %s [%s]\n", msg, diag.BadModel)
		return exitUser
	}
	actions := make([]string, 0, len(est.Energy))
	for a := range est.Energy {
		actions = append(actions, a)
	}
	sort.Strings(actions)
	if o.json {
		type out struct {
			Class            string             `json:"class"`
			EnergyPerActionJ map[string]float64 `json:"energy_per_action_j"`
			AreaM2           float64            `json:"area_m2"`
			LatencyS         float64            `json:"latency_s"`
			LeakageW         float64            `json:"leakage_w"`
			Layer            string             `json:"layer,omitempty"`
			Operands         []operandSummary   `json:"operands,omitempty"`
		}
		v := out{Class: class, EnergyPerActionJ: est.Energy, AreaM2: est.Area, LatencyS: est.Latency, LeakageW: est.Leakage}
		if layer != nil {
			v.Layer, v.Operands = layer.name, layer.operands
		}
		return writeAnyJSON(stdout, stderr, v)
	}
	fmt.Fprintf(stdout, "%s\n", class)
	if layer != nil {
		fmt.Fprintf(stdout, "  %-12s %s\n", "layer", layer.name)
		for _, op := range layer.operands {
			fmt.Fprintf(stdout, "  %-12s %s, %d encoded bits in %d-bit slices (%d per value), mean slice value %.6g\n",
				op.Dataspace, op.Encoding, op.EncodedBits, op.SliceBits, op.Slices, op.MeanValue)
		}
	}
	for _, a := range actions {
		fmt.Fprintf(stdout, "  %-12s %s\n", a, eng(est.Energy[a], "J"))
	}
	fmt.Fprintf(stdout, "  %-12s %.6g um^2\n", "area", est.Area*1e12)
	fmt.Fprintf(stdout, "  %-12s %s\n", "latency", eng(est.Latency, "s"))
	fmt.Fprintf(stdout, "  %-12s %s\n", "leakage", eng(est.Leakage, "W"))
	return exitOK
}

// componentFlags are the flags only "cimc component" takes.
type componentFlags struct {
	layer     int
	encodings kvFlags // DATASPACE=ENCODING
	slices    kvFlags // DATASPACE=BITS
	file      string  // a .cim file with compound classes
}

// kvFlags collects repeated name=value flags in order.
type kvFlags []string

func (k *kvFlags) String() string { return strings.Join(*k, ",") }

// Set implements flag.Value.
func (k *kvFlags) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want DATASPACE=VALUE, got %q", v)
	}
	*k = append(*k, v)
	return nil
}

// parseComponentArgs splits the arguments after the class into name=value
// attributes and flags (-workload, -layer, -encoding, -slice, -json), which
// may be mixed in any order.
func parseComponentArgs(args []string, o *options, stderr io.Writer) ([]string, componentFlags, int) {
	cf := componentFlags{layer: -1}
	fs := flag.NewFlagSet("component", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.json, "json", o.json, "machine-readable output")
	fs.StringVar(&o.workload, "workload", o.workload, "network whose layer statistics drive the model")
	fs.IntVar(&cf.layer, "layer", -1, "layer index in the network (from 0)")
	fs.Var(&cf.encodings, "encoding", "DATASPACE=ENCODING (default offset)")
	fs.Var(&cf.slices, "slice", "DATASPACE=BITS per slice (default unsliced)")
	fs.StringVar(&cf.file, "file", "", "a .cim file whose compound component classes may be named")
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	var attrs []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, cf, exitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		attrs = append(attrs, rest[0])
		args = rest[1:]
	}
	if (o.workload == "") != (cf.layer < 0) {
		fmt.Fprintln(stderr, "cimc component: -workload and -layer go together")
		return nil, cf, exitUsage
	}
	if o.workload == "" && (len(cf.encodings) > 0 || len(cf.slices) > 0) {
		fmt.Fprintln(stderr, "cimc component: -encoding and -slice need -workload and -layer")
		return nil, cf, exitUsage
	}
	return attrs, cf, exitOK
}

// operandSummary describes the statistics of one operand given to the model.
type operandSummary struct {
	Dataspace   string  `json:"dataspace"`
	Encoding    string  `json:"encoding"`
	EncodedBits int     `json:"encoded_bits"`
	SliceBits   int     `json:"slice_bits"`
	Slices      int     `json:"slices"`
	MeanValue   float64 `json:"mean_slice_value"`
	Defaulted   bool    `json:"default_histogram,omitempty"`
}

// layerInfo is a layer's operand statistics as the model receives them.
type layerInfo struct {
	name     string
	stats    component.Stats
	operands []operandSummary
}

// layerStats computes the operand statistics of -workload NET -layer N as
// the engine does for a layer (engine/values.ForProblem): every operand
// values.DefaultBits wide, offset-encoded unless -encoding says otherwise,
// unsliced unless -slice says otherwise, with the layer's histograms. It
// returns nil without -workload.
func layerStats(o *options, cf componentFlags, stderr io.Writer) (*layerInfo, int) {
	if o.workload == "" {
		return nil, exitOK
	}
	net, err := workload.Load(o.workload)
	if err != nil {
		names, _ := workload.Names()
		fmt.Fprintf(stderr, "cimc component: unknown workload %q [%s]\n", o.workload, diag.Undefined)
		if h := diag.DidYouMean(o.workload, names); h != "" {
			fmt.Fprintf(stderr, "   = help: %s\n", h)
		}
		return nil, exitUser
	}
	if cf.layer >= len(net.Layers) {
		fmt.Fprintf(stderr, "cimc component: %s has layers 0 to %d, not %d [%s]\n", net.Name, len(net.Layers)-1, cf.layer, diag.BadValue)
		return nil, exitUser
	}
	l := &net.Layers[cf.layer]
	names := []string{"Inputs", "Weights", "Outputs"}
	vms := map[string]ir.ValueModel{}
	for _, n := range names {
		vms[n] = ir.ValueModel{Bits: values.DefaultBits, Encoding: values.DefaultEncoding}
	}
	dataspace := func(flagName, kv string) (string, string, bool) {
		ds, v, _ := strings.Cut(kv, "=")
		if _, ok := vms[ds]; !ok {
			fmt.Fprintf(stderr, "cimc component: -%s: unknown dataspace %q [%s]\n", flagName, ds, diag.UnknownDataspace)
			if h := diag.DidYouMean(ds, names); h != "" {
				fmt.Fprintf(stderr, "   = help: %s\n", h)
			}
			return "", "", false
		}
		return ds, v, true
	}
	for _, kv := range cf.encodings {
		ds, enc, ok := dataspace("encoding", kv)
		if !ok {
			return nil, exitUser
		}
		if _, ok := values.Lookup(enc); !ok {
			fmt.Fprintf(stderr, "cimc component: -encoding: unknown encoding %q [%s]\n", enc, diag.BadEncoding)
			if h := diag.DidYouMean(enc, values.Names()); h != "" {
				fmt.Fprintf(stderr, "   = help: %s\n", h)
			}
			return nil, exitUser
		}
		vm := vms[ds]
		vm.Encoding = enc
		vms[ds] = vm
	}
	for _, kv := range cf.slices {
		ds, bits, ok := dataspace("slice", kv)
		if !ok {
			return nil, exitUser
		}
		n, err := strconv.Atoi(bits)
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "cimc component: -slice %s: want a positive number of bits, got %q [%s]\n", ds, bits, diag.BadEncoding)
			return nil, exitUser
		}
		vm := vms[ds]
		vm.SliceBits = n
		vms[ds] = vm
	}
	p, err := l.Problem(workload.ProblemOptions{Values: vms})
	if err != nil {
		fmt.Fprintf(stderr, "cimc component: %v [%s]\n", err, diag.BadValue)
		return nil, exitUser
	}
	vl, err := values.ForProblem(p, values.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "cimc component: %s: %v [%s]\n", l.Name(), err, diag.BadEncoding)
		return nil, exitUser
	}
	info := &layerInfo{name: l.Name(), stats: vl.Stats}
	for r, ds := range vl.Role {
		if ds < 0 {
			continue
		}
		op := vl.Operands[ds]
		info.operands = append(info.operands, operandSummary{Dataspace: names[r], Encoding: op.Encoding,
			EncodedBits: op.TotalBits, SliceBits: op.Slices[0].Bits, Slices: len(op.Slices), MeanValue: op.MeanValue, Defaulted: op.Defaulted})
	}
	return info, exitOK
}
