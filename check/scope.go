package check

import (
	"sort"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/lang/units"
)

// objKind is what a name denotes.
type objKind uint8

const (
	objParam     objKind = iota // a param (module, arch, container, workload or component)
	objField                    // a template field (workload or component parameter)
	objWorkload                 // a workload declaration
	objNetwork                  // a network declaration
	objArch                     // an arch declaration
	objComponent                // a compound component class
	objModule                   // an imported module
	objBuiltin                  // a builtin function
	objConst                    // a builtin constant
	objDim                      // an einsum dimension
	objOperand                  // Inputs, Weights, Outputs inside a component class
	objSub                      // a subcomponent inside a component class
)

// String names the kind in messages ("parameter", "workload", ...).
func (k objKind) String() string {
	return [...]string{"parameter", "parameter", "workload", "network", "architecture", "component",
		"module", "function", "constant", "dimension", "operand", "subcomponent"}[k]
}

// object is a named entity.
type object struct {
	kind objKind
	name string
	src  diag.Range // where declared (zero for builtins)
	mod  *Module    // declaring module

	param      *ast.ParamDecl
	paramScope *scope // where the param's value is evaluated
	local      bool   // param of a template: cached per frame

	field *ast.Field

	workload *ast.WorkloadDecl
	network  *ast.NetworkDecl
	arch     *ast.ArchDecl
	archEnv  *scope
	comp     *ast.ComponentDecl
	imp      *ast.ImportDecl
	target   *Module // objModule
	sub      *Sub
	constVal Value
	used     bool // found by a lookup: referenced somewhere
}

// scope is a lexical scope.
type scope struct {
	parent *scope
	names  map[string]*object
	order  []string
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, names: map[string]*object{}}
}

// declare adds obj, reporting a duplicate in the same scope.
func (s *scope) declare(c *checker, obj *object) bool {
	if prev, ok := s.names[obj.name]; ok {
		d := c.errs.Errorf(obj.src, diag.Duplicate, "%q is already declared in this scope", obj.name)
		if prev.src.IsValid() {
			d.Related = append(d.Related, diag.Related{Range: prev.src, Message: "previous declaration here"})
		}
		return false
	}
	s.names[obj.name] = obj
	s.order = append(s.order, obj.name)
	return true
}

// lookup finds a name and marks it used.
func (s *scope) lookup(name string) *object {
	o := s.peek(name)
	if o != nil {
		o.used = true
	}
	return o
}

// peek finds a name without marking it used.
func (s *scope) peek(name string) *object {
	for ; s != nil; s = s.parent {
		if o, ok := s.names[name]; ok {
			return o
		}
	}
	return nil
}

// candidates lists every name visible from s, for did-you-mean, sorted.
func (s *scope) candidates(keep func(*object) bool) []string {
	seen := map[string]bool{}
	var out []string
	for ; s != nil; s = s.parent {
		for _, n := range s.order {
			if !seen[n] && (keep == nil || keep(s.names[n])) {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// builtinNames lists the builtin functions (see the package comment).
var builtinNames = []string{"abs", "ceil", "exp", "floor", "len", "log", "log10", "log2", "max", "mean",
	"min", "pow", "rms", "round", "sqrt", "sum", "var"}

// universe returns the outermost scope: builtins and constants.
func universe() *scope {
	s := newScope(nil)
	for _, n := range builtinNames {
		s.names[n] = &object{kind: objBuiltin, name: n}
		s.order = append(s.order, n)
	}
	s.names["pi"] = &object{kind: objConst, name: "pi", constVal: Num(3.141592653589793, units.None)}
	s.order = append(s.order, "pi")
	return s
}
