package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cimc-lang/cimc/engine/validation"
)

// cmdValidate runs the published-reference experiments of the stdlib
// macros (all of them when none is named) and prints modeled vs reference
// with the error of each point and the average per category. It exits 1
// when a point without a caveat exceeds its tolerance.
func cmdValidate(macros []string, o *options, stdout, stderr io.Writer) int {
	reg, err := registry()
	if err != nil {
		fmt.Fprintf(stderr, "cimc: %v\n", err)
		return exitInternal
	}
	specs, err := validation.Specs()
	if err != nil {
		fmt.Fprintf(stderr, "cimc: internal error, please report: reading validation references: %v\n", err)
		return exitInternal
	}
	for i, m := range macros {
		macros[i] = strings.TrimPrefix(strings.TrimSuffix(m, ".cim"), "std/macros/")
	}
	rep, err := validation.Validate(reg, specs, macros)
	if err != nil {
		fmt.Fprintf(stderr, "cimc validate: %v\n", err)
		return exitUsage
	}
	if o.json {
		if code := writeAnyJSON(stdout, stderr, rep); code != exitOK {
			return code
		}
	} else {
		printValidation(stdout, rep)
	}
	if !rep.Pass {
		return exitUser
	}
	return exitOK
}

func printValidation(w io.Writer, rep *validation.Report) {
	for _, m := range rep.Macros {
		status := "ok"
		if !m.Pass {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s  %s\n  source: %s\n", m.Macro, status, m.Source)
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  point\tmetric\tmodel\treference\terror\t")
		for _, p := range m.Points {
			mark := ""
			switch {
			case p.Err != "":
				mark = "  error: " + p.Err
			case !p.Pass && p.Caveat != "":
				mark = "  (caveat: " + p.Caveat + ")"
			case !p.Pass:
				mark = "  EXCEEDS TOLERANCE"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%.4g\t%.4g %s\t%+.1f%%\t%s\n", p.ID, p.Metric, p.Model, p.Reference, p.Unit, 100*p.Error, mark)
		}
		tw.Flush()
		for _, c := range m.Categories {
			tgt := ""
			if c.Target > 0 {
				tgt = fmt.Sprintf(" (CiMLoop: %.0f%%)", 100*c.Target)
			}
			fmt.Fprintf(w, "  average |error| %s: %.1f%% over %d points%s\n", c.Name, 100*c.MeanAbs, c.Points, tgt)
		}
		fmt.Fprintln(w)
	}
	if len(rep.Categories) > 0 {
		fmt.Fprintln(w, "all macros:")
		for _, c := range rep.Categories {
			tgt := ""
			if c.Target > 0 {
				verdict := "meets"
				if !c.MeetsTgt {
					verdict = "misses"
				}
				tgt = fmt.Sprintf(" (CiMLoop: %.0f%%; %s it)", 100*c.Target, verdict)
			}
			fmt.Fprintf(w, "  average |error| %s: %.1f%% over %d points%s\n", c.Name, 100*c.MeanAbs, c.Points, tgt)
		}
		fmt.Fprintln(w)
	}
	if rep.Pass {
		fmt.Fprintln(w, "validation passed")
	} else {
		fmt.Fprintln(w, "validation FAILED")
	}
}
