// Command cimc compiles and evaluates .cim descriptions of compute-in-memory
// accelerators.
//
//	cimc check FILE...          check files; print diagnostics
//	cimc ir FILE                print the lowered loop-nest IR
//	cimc run FILE               map and evaluate; print the report
//	cimc component CLASS k=v... energy, area and latency of one component
//	                            (-workload NET -layer N: with that layer's operand statistics)
//	cimc validate [MACRO...]    compare stdlib macros with published values
//	cimc version                print the version
//
// Exit status: 0 ok, 1 user errors in the input, 2 usage or I/O errors,
// 3 internal errors (a compiler bug).
//
// This package is the only one that touches files, flags, the environment,
// the terminal and exit codes.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"
)

// Version of cimc, printed by "cimc version" and in reports.
const Version = "0.1.0"

// Exit codes.
const (
	exitOK       = 0
	exitUser     = 1
	exitUsage    = 2
	exitInternal = 3
)

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage: cimc <command> [flags] [args]

commands:
  check FILE...            check .cim files and print diagnostics
  ir FILE                  print the lowered loop-nest IR of a .cim file
  run FILE                 map and evaluate a .cim file; print the report
  component CLASS [k=v...] energy per action, area and latency of one component;
      [-workload NET -layer N] with the operand statistics of layer N (from 0) of a
      stdlib network (8-bit operands, offset, unsliced), changed per operand by
      [-encoding Inputs=two_part_magnitude] [-slice Inputs=1]; [-file F.cim] makes the
      compound classes declared in F.cim available; these flags go after CLASS
  validate [MACRO...]      compare stdlib macros with their published values
  version                  print the version

flags (before the file arguments):
  -json                    machine-readable output (diagnostics or report)
  -set name=value          override a parameter (repeatable), e.g. -set voltage=1.2V;
                           several values (-set voltage=0.8V,1V,1.2V) sweep the design space
  -csv                     sweep output as CSV (one row per design point)
  -tile T -chip C -system S   compose a stdlib macro (std/macros/NAME) into
                           std/tiles/T, std/chips/C and std/systems/S, as CiMLoop's top level
  -arch NAME               the architecture to use when a file declares several
  -workload NAME           the workload or network to use
  -metric energy|latency|edp   what the mapper minimizes (default energy)
  -search auto|exhaustive|hybrid|random   mapper algorithm (default auto)
  -seed N, -budget N, -timeout D   sampled-search seed, evaluations, time limit
  -pre2025                 Timeloop's pre-2025 temporal-reuse rule (CiMLoop parity)
`

// setFlags collects repeated -set flags in order.
type setFlags []string

func (s *setFlags) String() string { return strings.Join(*s, ",") }

// Set implements flag.Value.
func (s *setFlags) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("-set wants name=value, got %q", v)
	}
	*s = append(*s, v)
	return nil
}

// options are the flags shared by the commands.
type options struct {
	json     bool
	sets     setFlags
	arch     string
	workload string
	metric   string
	seed     int64
	pre2025  bool
	mode     string
	budget   int64
	timeout  time.Duration
	csv      bool
	tile     string
	chip     string
	system   string
	// noProgress: no progress bar (sweep points run in parallel).
	noProgress bool
}

func newFlagSet(name string, stderr io.Writer, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.json, "json", false, "machine-readable output")
	fs.BoolVar(&o.csv, "csv", false, "sweep output as CSV, one row per design point")
	fs.StringVar(&o.tile, "tile", "", "compose a stdlib macro into std/tiles/NAME")
	fs.StringVar(&o.chip, "chip", "", "compose a stdlib macro into std/chips/NAME")
	fs.StringVar(&o.system, "system", "", "compose a stdlib macro into std/systems/NAME")
	fs.Var(&o.sets, "set", "override a parameter: name=value (repeatable)")
	fs.StringVar(&o.arch, "arch", "", "architecture to use")
	fs.StringVar(&o.workload, "workload", "", "workload or network to use")
	fs.StringVar(&o.metric, "metric", "energy", "mapper metric: energy, latency or edp")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the sampled mapper search")
	fs.StringVar(&o.mode, "search", "auto", "mapper search: auto, exhaustive, hybrid or random")
	fs.Int64Var(&o.budget, "budget", 0, "evaluations per layer of a sampled search (0 = default)")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop the search after this long and report the best so far (0 = none)")
	fs.BoolVar(&o.pre2025, "pre2025", false, "use Timeloop's pre-2025 temporal-reuse rule (CiMLoop parity)")
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

// Main runs cimc with args and returns the exit status. It recovers from
// panics: a panic is a compiler bug, reported as an internal error.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "cimc: internal error, please report: %v\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var o options
	fs := newFlagSet(cmd, stderr, &o)
	switch cmd {
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "cimc %s\n", Version)
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "check", "ir", "run", "component", "validate":
	default:
		fmt.Fprintf(stderr, "cimc: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	if err := fs.Parse(rest); err != nil {
		return exitUsage
	}
	files := fs.Args()
	switch cmd {
	case "check":
		if len(files) == 0 {
			fmt.Fprintln(stderr, "cimc check: no files given")
			return exitUsage
		}
		return cmdCheck(files, &o, stdout, stderr)
	case "ir":
		if len(files) != 1 {
			fmt.Fprintln(stderr, "cimc ir: want exactly one file")
			return exitUsage
		}
		return cmdIR(files[0], &o, stdout, stderr)
	case "run":
		if len(files) != 1 {
			fmt.Fprintln(stderr, "cimc run: want exactly one file")
			return exitUsage
		}
		return cmdRun(files[0], &o, stdout, stderr)
	case "validate":
		return cmdValidate(files, &o, stdout, stderr)
	case "component":
		if len(files) == 0 {
			fmt.Fprintln(stderr, "cimc component: want a class name")
			return exitUsage
		}
		return cmdComponent(files[0], files[1:], &o, stdout, stderr)
	}
	return exitUsage
}
