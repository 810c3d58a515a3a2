package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/cimc-lang/cimc/engine/component"
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
// component class for attributes given as name=value arguments.
func cmdComponent(class string, args []string, o *options, stdout, stderr io.Writer) int {
	reg, err := registry()
	if err != nil {
		fmt.Fprintf(stderr, "cimc: %v\n", err)
		return exitInternal
	}
	cls, ok := reg.Lookup(class)
	if !ok {
		fmt.Fprintf(stderr, "cimc component: unknown class %q [%s]\n", class, diag.UnknownClass)
		if h := diag.DidYouMean(class, reg.Names()); h != "" {
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
	est, err := cls.Model(attrs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "cimc component: %s: %v [%s]\n", class, err, diag.BadModel)
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
		}
		return writeAnyJSON(stdout, stderr, out{class, est.Energy, est.Area, est.Latency, est.Leakage})
	}
	fmt.Fprintf(stdout, "%s\n", class)
	for _, a := range actions {
		fmt.Fprintf(stdout, "  %-12s %s\n", a, eng(est.Energy[a], "J"))
	}
	fmt.Fprintf(stdout, "  %-12s %.6g um^2\n", "area", est.Area*1e12)
	fmt.Fprintf(stdout, "  %-12s %s\n", "latency", eng(est.Latency, "s"))
	fmt.Fprintf(stdout, "  %-12s %s\n", "leakage", eng(est.Leakage, "W"))
	return exitOK
}
