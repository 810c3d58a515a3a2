package check

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/cimc-lang/cimc/ast"
	"github.com/cimc-lang/cimc/engine/component"
	"github.com/cimc-lang/cimc/lang"
	"github.com/cimc-lang/cimc/lang/diag"
	"github.com/cimc-lang/cimc/stdlib"
)

// Config is the input of Check.
type Config struct {
	// Root is the file name of the root module, as Load understands it.
	Root string
	// Load reads a user file (the root and its relative imports). Check
	// never reads files itself. An error satisfying errors.Is(err,
	// fs.ErrNotExist) is reported as a missing import (E0002).
	Load func(path string) ([]byte, error)
	// Std is the standard library file system (std/... inside); nil means
	// stdlib.FS.
	Std fs.FS
	// Overrides are "-set" strings "name=value" for the root module's
	// top-level params, or "module.name=value" for the params of a module
	// the root imports (the import's name); applied in order, later ones
	// winning. The value is an expression (units allowed) evaluated in the
	// root module and must have the parameter's type.
	Overrides []string
	// Classes are the builtin component classes; nil means none.
	Classes *component.Registry
	// Workloads are stdlib module paths ("std/workloads/resnet18") loaded
	// beside the root, whose networks and plain workloads are offered to
	// lower after the root's own (so `cimc run -workload resnet18` needs
	// no import; a declaration of the same name in the root wins).
	Workloads []string
}

// maxImportDepth bounds chains of distinct imports (a loader that serves
// a directory inside itself, e.g. through a symbolic link, would never end).
const maxImportDepth = 64

// checker holds the state of one Check call.
type checker struct {
	cfg     *Config
	std     fs.FS
	errs    diag.List
	prog    *Program
	mods    map[string]*Module
	loading map[string]bool
	chain   []string // modules being loaded, for cycle messages
	rootDir string
	uni     *scope
	stack   []*ast.ParamDecl // params being evaluated

	nearMisses []nearMiss
	setOver    map[*ast.ImportDecl]map[*ast.ParamDecl]override // -set MODULE.NAME for imports with arguments
	dsDecl     map[string]diag.Range                           // first use of each dataspace in an einsum
	dsUsed     map[string]bool                                 // dataspaces named by a directive, encoding, histogram or constraint
	levelUsed  map[string]bool                                 // level names a mapping refers to
	comps      map[*ast.ComponentDecl]*Component
	compBusy   map[*ast.ComponentDecl]bool
	dataspaces map[string]bool
	dims       map[string]bool
	including  map[*ast.ArchDecl]bool
	extra      map[*Module]bool // Config.Workloads modules
}

// Check loads, resolves, type-checks and evaluates the program rooted at
// cfg.Root. It always returns a non-nil Program (partial on errors) and
// the sorted, de-duplicated diagnostics.
func Check(cfg *Config) (*Program, diag.List) {
	c := &checker{cfg: cfg, std: cfg.Std, mods: map[string]*Module{}, loading: map[string]bool{},
		uni: universe(), comps: map[*ast.ComponentDecl]*Component{}, compBusy: map[*ast.ComponentDecl]bool{},
		dataspaces: map[string]bool{}, dims: map[string]bool{}, including: map[*ast.ArchDecl]bool{},
		dsDecl: map[string]diag.Range{}, dsUsed: map[string]bool{}, levelUsed: map[string]bool{},
		setOver: map[*ast.ImportDecl]map[*ast.ParamDecl]override{}}
	if c.std == nil {
		c.std = stdlib.FS
	}
	c.prog = &Program{Components: map[string]*Component{}, Values: map[ast.Expr]Value{}, Classes: cfg.Classes}
	if cfg.Classes == nil {
		c.prog.Classes, _ = component.NewRegistry()
	}
	root := path.Clean(strings.ReplaceAll(cfg.Root, "\\", "/"))
	c.rootDir = path.Dir(root)
	if cfg.Load == nil {
		c.errs.Errorf(diag.Range{Start: diag.Pos{File: cfg.Root}}, diag.ReadFile, "no loader for %q", cfg.Root)
		return c.prog, c.errs.Sort()
	}
	src, err := cfg.Load(root)
	if err != nil {
		c.errs.Errorf(diag.Range{Start: diag.Pos{File: cfg.Root}}, diag.ReadFile, "cannot read %q: %v", cfg.Root, err)
		return c.prog, c.errs.Sort()
	}
	m := c.loadModule(root, false, []string{root}, [][]byte{src})
	c.prog.Root = m
	// After a syntax error the parser keeps only the declarations before
	// it, so names declared later would look undefined: like the Go
	// compiler, report syntax errors alone.
	for _, d := range c.errs {
		if strings.HasPrefix(d.Code, "E01") && d.Severity == diag.Error {
			return c.prog, c.errs.Sort()
		}
	}
	c.extra = map[*Module]bool{}
	for _, w := range cfg.Workloads {
		at := diag.Range{Start: diag.Pos{File: root, Line: 1, Col: 1}, End: diag.Pos{File: root, Line: 1, Col: 1}}
		imp := &ast.ImportDecl{Path: w, PathSrc: at, Src: at}
		key, std, files, srcs, ok := c.resolveImport(m, imp)
		if !ok || !std {
			continue
		}
		em, done := c.mods[key]
		if !done {
			em = c.loadModule(key, true, files, srcs)
		}
		c.extra[em] = true
		// Name the module in the root's scope (unless the root uses the
		// name) so that -set resnet18.batch_size=8 reaches its params.
		if alias := path.Base(key); isIdent(alias) && m.scope.names[alias] == nil {
			m.scope.names[alias] = &object{kind: objModule, name: alias, src: at, mod: m, imp: imp, target: em}
		}
	}
	c.check()
	c.reportNearMisses()
	return c.prog, c.errs.Sort()
}

// nearMiss pairs a name that was used but not declared with the declared
// name it resembles. When the declared one is never used and the
// undeclared one is used several times, the declaration is probably the
// misspelling: a warning there puts the first diagnostic on the line the
// user damaged.
type nearMiss struct {
	what  string // "parameter", "dataspace", "level", ...
	name  string
	decl  diag.Range
	used  func() bool
	use   string
	useAt diag.Range
}

func (c *checker) reportNearMisses() {
	// With one failing use the use is as likely misspelled as the
	// declaration: the error at the use says it all. With several uses
	// of the same undeclared name, the declaration is the odd one out.
	uses := map[string]map[diag.Range]bool{}
	key := func(n nearMiss) string {
		return n.what + "\x00" + n.name + "\x00" + n.use + "\x00" + n.decl.Start.String()
	}
	for _, n := range c.nearMisses {
		if uses[key(n)] == nil {
			uses[key(n)] = map[diag.Range]bool{}
		}
		uses[key(n)][n.useAt] = true
	}
	done := map[string]bool{}
	for _, n := range c.nearMisses {
		if n.used() || !n.decl.IsValid() || len(uses[key(n)]) < 2 || done[key(n)] {
			continue
		}
		done[key(n)] = true
		d := c.errs.Warnf(n.decl, diag.Undefined, "%s %q is declared but never used", n.what, n.name)
		d.Help = fmt.Sprintf("%q is used %d times but not declared: is the declaration misspelled?", n.use, len(uses[key(n)]))
		d.Related = append(d.Related, diag.Related{Range: n.useAt, Message: q(n.use) + " is used here"})
	}
}

// loadModule parses files into a module, declares its names and loads its
// imports (depth first).
func (c *checker) loadModule(key string, std bool, files []string, srcs [][]byte) *Module {
	m := &Module{Path: key, Std: std, scope: newScope(c.uni)}
	if std {
		m.dir = key
		if len(files) == 1 {
			m.dir = path.Dir(key)
		}
	} else {
		m.dir = path.Dir(key)
	}
	c.mods[key] = m
	c.loading[key] = true
	c.chain = append(c.chain, key)
	for i, name := range files {
		f, ds := lang.Parse(name, srcs[i])
		c.errs.Add(ds...)
		if f != nil {
			m.Files = append(m.Files, f)
		}
	}
	m.env = newEnv(m, true)
	c.declareModule(m)
	for _, f := range m.Files {
		for _, d := range f.Decls {
			if imp, ok := d.(*ast.ImportDecl); ok {
				c.declareImport(m, imp)
			}
		}
	}
	c.chain = c.chain[:len(c.chain)-1]
	c.loading[key] = false
	c.prog.Modules = append(c.prog.Modules, m)
	return m
}

func (c *checker) declareModule(m *Module) {
	for _, f := range m.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.ParamDecl:
				if m.scope.declare(c, &object{kind: objParam, name: d.Name.Name, src: d.Name.Src, mod: m, param: d, paramScope: m.scope}) {
					m.params = append(m.params, d)
				}
			case *ast.WorkloadDecl:
				m.scope.declare(c, &object{kind: objWorkload, name: d.Name.Name, src: d.Name.Src, mod: m, workload: d})
			case *ast.NetworkDecl:
				m.scope.declare(c, &object{kind: objNetwork, name: d.Name.Name, src: d.Name.Src, mod: m, network: d})
			case *ast.ArchDecl:
				m.scope.declare(c, &object{kind: objArch, name: d.Name.Name, src: d.Name.Src, mod: m, arch: d})
			case *ast.ComponentDecl:
				m.scope.declare(c, &object{kind: objComponent, name: d.Name.Name, src: d.Name.Src, mod: m, comp: d})
			}
		}
	}
}

// declareImport resolves, loads and declares one import.
func (c *checker) declareImport(m *Module, imp *ast.ImportDecl) {
	key, std, files, srcs, ok := c.resolveImport(m, imp)
	var target *Module
	if ok {
		if c.loading[key] {
			i := 0
			for j, k := range c.chain {
				if k == key {
					i = j
				}
			}
			cycle := append(append([]string(nil), c.chain[i:]...), key)
			c.errs.Errorf(imp.PathSrc, diag.ImportCycle, "import cycle: %s", strings.Join(cycle, " -> "))
			target = c.mods[key]
		} else if t, done := c.mods[key]; done {
			target = t
		} else if len(c.chain) >= maxImportDepth {
			c.errs.Errorf(imp.PathSrc, diag.ImportCycle, "imports are nested more than %d deep (via %s)", maxImportDepth, key).Help =
				"a symbolic link may make a directory contain itself"
		} else {
			target = c.loadModule(key, std, files, srcs)
		}
	}
	alias := ""
	src := imp.PathSrc
	if imp.Alias != nil {
		alias, src = imp.Alias.Name, imp.Alias.Src
	} else {
		alias = strings.TrimSuffix(path.Base(imp.Path), ".cim")
		if !isIdent(alias) {
			c.errs.Errorf(imp.PathSrc, diag.BadValue, "import path %q does not end in a name", imp.Path).Help =
				`give the module a name with "as NAME"`
			return
		}
	}
	m.scope.declare(c, &object{kind: objModule, name: alias, src: src, mod: m, imp: imp, target: target})
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// resolveImport applies the import rule of the package comment.
func (c *checker) resolveImport(m *Module, imp *ast.ImportDecl) (key string, std bool, files []string, srcs [][]byte, ok bool) {
	p := imp.Path
	switch {
	case p == "":
		c.errs.Errorf(imp.PathSrc, diag.ImportMissing, "empty import path")
		return
	case strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.Contains(p, ":"):
		c.errs.Errorf(imp.PathSrc, diag.ImportEscape, "import path %q must be relative or start with \"std/\"", p)
		return
	case p == "std" || strings.HasPrefix(p, "std/"):
		std = true
		key = path.Clean(strings.TrimSuffix(p, ".cim"))
	case m.Std:
		std = true
		key = path.Clean(path.Join(m.dir, strings.TrimSuffix(p, ".cim")))
	default:
		if !strings.HasSuffix(p, ".cim") {
			p += ".cim"
		}
		key = path.Clean(path.Join(m.dir, p))
		if !within(key, c.rootDir) {
			c.errs.Errorf(imp.PathSrc, diag.ImportEscape, "import %q leaves the directory of %s", imp.Path, c.cfg.Root).Help =
				"imports may only name files in or below the root file's directory, or std/..."
			return
		}
		if _, done := c.mods[key]; done || c.loading[key] {
			return key, false, nil, nil, true
		}
		src, err := c.cfg.Load(key)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				c.errs.Errorf(imp.PathSrc, diag.ImportMissing, "cannot find module %q (looked for %s)", imp.Path, key)
			} else {
				c.errs.Errorf(imp.PathSrc, diag.ReadFile, "cannot read %s: %v", key, err)
			}
			return
		}
		return key, false, []string{key}, [][]byte{src}, true
	}
	if !within(key, "std") || key == "std" {
		c.errs.Errorf(imp.PathSrc, diag.ImportEscape, "import %q leaves the standard library", imp.Path)
		return
	}
	if _, done := c.mods[key]; done || c.loading[key] {
		return key, true, nil, nil, true
	}
	if src, err := fs.ReadFile(c.std, key+".cim"); err == nil {
		return key, true, []string{key + ".cim"}, [][]byte{src}, true
	}
	ents, err := fs.ReadDir(c.std, key)
	if err == nil {
		for _, e := range ents {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".cim") {
				name := key + "/" + e.Name()
				src, err := fs.ReadFile(c.std, name)
				if err != nil {
					continue
				}
				files, srcs = append(files, name), append(srcs, src)
			}
		}
	}
	if len(files) == 0 {
		d := c.errs.Errorf(imp.PathSrc, diag.ImportMissing, "no module %q in the standard library", imp.Path)
		d.Help = diag.DidYouMean(key, c.stdModules())
		return
	}
	return key, true, files, srcs, true
}

// stdModules lists the stdlib module paths (for suggestions).
func (c *checker) stdModules() []string {
	var out []string
	_ = fs.WalkDir(c.std, "std", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".cim") {
			out = append(out, strings.TrimSuffix(p, ".cim"), path.Dir(p))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func within(p, dir string) bool {
	if dir == "." {
		return p != ".." && !strings.HasPrefix(p, "../") && !path.IsAbs(p)
	}
	if dir == "/" {
		return strings.HasPrefix(p, "/")
	}
	return strings.HasPrefix(p, dir+"/")
}

// check runs the checking phases over every module.
func (c *checker) check() {
	c.prescan()
	// Overrides first: nothing may evaluate a parameter before -set
	// replaces it (values are cached per module instance).
	c.applyOverrides()
	c.linkBatchSize()
	for _, m := range c.prog.Modules {
		c.checkImports(m)
		for _, f := range m.Files {
			for _, d := range f.Decls {
				if d, ok := d.(*ast.ComponentDecl); ok {
					c.component(m, d)
				}
			}
		}
	}
	for _, m := range c.prog.Modules {
		x := ctx{env: m.env, sc: m.scope}
		root := m == c.prog.Root
		offered := root || c.extra[m] // its workloads and networks go to lower
		for _, p := range m.params {
			v := c.paramValue(x, m.scope.names[p.Name.Name])
			if root {
				c.prog.Params = append(c.prog.Params, Param{Name: p.Name.Name, Value: v, Src: p.Src})
			}
		}
		seenEnc := map[string]*Encoding{}
		for _, f := range m.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.WorkloadDecl:
					if w := c.workloadDecl(x, d); w != nil && offered {
						c.prog.Workloads = append(c.prog.Workloads, w)
					}
				case *ast.NetworkDecl:
					if n := c.network(x, d); n != nil && offered {
						c.prog.Networks = append(c.prog.Networks, n)
					}
				case *ast.EncodeDecl:
					if e := c.encoding(x, d, seenEnc); e != nil && root {
						c.prog.Encodings = append(c.prog.Encodings, e)
					}
				}
			}
		}
	}
	for _, m := range c.prog.Modules {
		x := ctx{env: m.env, sc: m.scope}
		root := m == c.prog.Root
		// Level names of this module's archs, for pinned mappings.
		archLevels := map[string][]Name{}
		for _, f := range m.Files {
			for _, d := range f.Decls {
				if a, ok := d.(*ast.ArchDecl); ok {
					arch := c.arch(x, a)
					archLevels[a.Name.Name] = levelNames(arch.Nodes, nil)
					if root {
						c.prog.Archs = append(c.prog.Archs, arch)
					}
				}
			}
		}
		for _, f := range m.Files {
			for _, d := range f.Decls {
				if d, ok := d.(*ast.MappingDecl); ok {
					if mp := c.mapping(x, d, archLevels); mp != nil && root {
						c.prog.Mappings = append(c.prog.Mappings, mp)
					}
				}
			}
		}
	}
}

// prescan collects dataspace and dimension names from every einsum, for
// checking directives and constraints in architectures (which are written
// independently of any one workload).
func (c *checker) prescan() {
	encoded := false
	var walkArch func(items []ast.ArchItem)
	walkArch = func(items []ast.ArchItem) {
		for _, it := range items {
			switch it := it.(type) {
			case *ast.EncodeDecl:
				encoded = true
			case *ast.ContainerDecl:
				walkArch(it.Items)
			case *ast.ComponentInst:
				walkArch(it.Items)
			}
		}
	}
	for _, m := range c.prog.Modules {
		for _, f := range m.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.WorkloadDecl:
					for _, it := range d.Items {
						if e, ok := it.(*ast.Einsum); ok {
							for _, t := range append([]*ast.TensorRef{e.Output}, e.Inputs...) {
								if t == nil || t.Name == nil {
									continue
								}
								c.dataspaces[t.Name.Name] = true
								if _, seen := c.dsDecl[t.Name.Name]; !seen {
									c.dsDecl[t.Name.Name] = t.Name.Src
								}
								for _, ix := range t.Indices {
									collectRefs(ix, c.dims)
								}
							}
						}
					}
				case *ast.EncodeDecl:
					encoded = true
				case *ast.ArchDecl:
					walkArch(d.Items)
				}
			}
		}
	}
	if len(c.dataspaces) == 0 {
		for _, n := range []string{"Inputs", "Weights", "Outputs"} {
			c.dataspaces[n] = true
		}
	}
	if encoded {
		for _, n := range []string{"X", "Y", "Z"} {
			c.dims[n] = true
		}
	}
}

func collectRefs(e ast.Expr, out map[string]bool) {
	switch e := e.(type) {
	case *ast.Ref:
		out[e.Name.Name] = true
	case *ast.Binary:
		collectRefs(e.X, out)
		collectRefs(e.Y, out)
	case *ast.Unary:
		collectRefs(e.X, out)
	case *ast.Paren:
		collectRefs(e.X, out)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkImports validates import arguments (module parameter overrides).
func (c *checker) checkImports(m *Module) {
	for _, f := range m.Files {
		for _, d := range f.Decls {
			imp, ok := d.(*ast.ImportDecl)
			if !ok || len(imp.Args) == 0 {
				continue
			}
			var target *Module
			for _, o := range m.scope.names {
				if o.kind == objModule && o.imp == imp {
					target = o.target
				}
			}
			if target == nil {
				continue
			}
			x := ctx{env: m.env, sc: m.scope}
			c.overrideArgs(x, imp.Args, target, nil, "module "+target.Path)
			// Evaluate the instance once so that errors in the arguments show.
			ie := c.importEnvFor(x, imp, target)
			for _, p := range target.params {
				c.paramValue(ctx{env: ie, sc: target.scope}, target.scope.names[p.Name.Name])
			}
		}
	}
}

// overrideArgs checks named arguments against the params of a module (and
// extra, e.g. arch-local params) and returns them by decl.
func (c *checker) overrideArgs(x ctx, args []*ast.Arg, m *Module, extra []*ast.ParamDecl, what string) map[*ast.ParamDecl]*ast.Arg {
	out := map[*ast.ParamDecl]*ast.Arg{}
	byName := map[string]*ast.ParamDecl{}
	var names []string
	for _, p := range append(append([]*ast.ParamDecl(nil), m.params...), extra...) {
		byName[p.Name.Name] = p
		names = append(names, p.Name.Name)
	}
	seen := map[string]*ast.Arg{}
	for _, a := range args {
		if a.Name == nil {
			c.errs.Errorf(a.Src, diag.TypeMismatch, "arguments of %s must be named (NAME = value)", what)
			continue
		}
		if prev, dup := seen[a.Name.Name]; dup {
			d := c.errs.Errorf(a.Name.Src, diag.Duplicate, "parameter %q is set twice", a.Name.Name)
			d.Related = append(d.Related, diag.Related{Range: prev.Name.Src, Message: "previous setting here"})
			continue
		}
		seen[a.Name.Name] = a
		p, ok := byName[a.Name.Name]
		if !ok {
			d := c.errs.Errorf(a.Name.Src, diag.UnknownParam, "%s has no parameter %q", what, a.Name.Name)
			d.Help = diag.DidYouMean(a.Name.Name, names)
			continue
		}
		out[p] = a
	}
	return out
}

// importEnv returns the module instance an import alias denotes.
func (c *checker) importEnv(x ctx, o *object) *env {
	if o.imp == nil || len(o.imp.Args) == 0 || o.target == nil {
		if o.target == nil {
			return nil
		}
		return o.target.env
	}
	return c.importEnvFor(ctx{env: x.env, sc: o.mod.scope}, o.imp, o.target)
}

func (c *checker) importEnvFor(x ctx, imp *ast.ImportDecl, target *Module) *env {
	if e, ok := x.env.imports[imp]; ok {
		return e
	}
	e := newEnv(target, false)
	x.env.imports[imp] = e
	defer func() {
		for p, ov := range c.setOver[imp] {
			e.over[p] = ov // -set MODULE.NAME beats the import's argument
		}
	}()
	byName := map[string]*ast.ParamDecl{}
	for _, p := range target.params {
		byName[p.Name.Name] = p
	}
	for _, a := range imp.Args {
		if a.Name == nil {
			continue
		}
		if p, ok := byName[a.Name.Name]; ok {
			e.over[p] = c.argOverride(x, a)
		}
	}
	return e
}

// argOverride is the override a named argument (of an import or an
// include) installs on a parameter: the argument's value, evaluated in x
// once, when the parameter is first read.
func (c *checker) argOverride(x ctx, a *ast.Arg) override {
	var cached *Value
	return override{at: a.Value.Span(), what: "argument " + a.Name.Name, eval: func() Value {
		if cached == nil {
			v := c.eval(x, a.Value)
			cached = &v
		}
		return *cached
	}}
}

// applyOverrides installs the -set overrides on the root module.
func (c *checker) applyOverrides() {
	root := c.prog.Root
	if root == nil {
		return
	}
	var names []string
	for _, p := range root.params {
		names = append(names, p.Name.Name)
	}
	for _, s := range c.cfg.Overrides {
		file := "-set"
		name, val, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		pos := diag.Range{Start: diag.Pos{File: file, Line: 1, Col: 1}, End: diag.Pos{File: file, Offset: len(s), Line: 1, Col: len(s) + 1}}
		alias, pname, dotted := strings.Cut(name, ".")
		if !ok || !isIdent(alias) || dotted && !isIdent(pname) {
			c.errs.Errorf(pos, diag.UnknownParam, "-set expects NAME=VALUE or MODULE.NAME=VALUE, found %q", s)
			continue
		}
		var target *Module // the module whose parameter is set
		var imp *ast.ImportDecl
		var decl *ast.ParamDecl
		if dotted {
			mo, found := root.scope.names[alias]
			if !found || mo.kind != objModule {
				d := c.errs.Errorf(pos, diag.UnknownParam, "-set names unknown module %q", alias)
				d.Help = diag.DidYouMean(alias, root.scope.candidates(func(o *object) bool { return o.kind == objModule }))
				continue
			}
			if mo.target == nil {
				continue // the import failed: already reported
			}
			target, imp = mo.target, mo.imp
			var tnames []string
			for _, p := range target.params {
				tnames = append(tnames, p.Name.Name)
				if p.Name.Name == pname {
					decl = p
				}
			}
			if decl == nil {
				d := c.errs.Errorf(pos, diag.UnknownParam, "-set names unknown parameter %q of module %q", pname, alias)
				d.Help = diag.DidYouMean(pname, tnames)
				continue
			}
		} else {
			o, found := root.scope.names[name]
			if !found || o.kind != objParam {
				d := c.errs.Errorf(pos, diag.UnknownParam, "-set names unknown parameter %q", name)
				d.Help = diag.DidYouMean(name, names)
				continue
			}
			decl, pname = o.param, name
		}
		f, ds := lang.Parse(file, []byte("param "+pname+" = "+val+"\n"))
		if ds.HasErrors() {
			// Positions are in "param NAME = VALUE": shift them back onto
			// the -set string "NAME=VALUE" as written, when they fall in VALUE.
			shift := len("param "+pname+" = ") - (strings.Index(s, "=") + 1)
			fix := func(p diag.Pos) diag.Pos {
				p.File = file
				p.Line = 1
				p.Offset = max(0, p.Offset-shift)
				p.Col = p.Offset + 1
				return p
			}
			for _, d := range ds {
				d.Range = diag.Range{Start: fix(d.Range.Start), End: fix(d.Range.End)}
				d.Message = "in -set " + name + ": " + d.Message
				c.errs.Add(d)
			}
			continue
		}
		var expr ast.Expr
		for _, d := range f.Decls {
			if p, ok := d.(*ast.ParamDecl); ok && expr == nil {
				expr = p.Value
			}
		}
		if expr == nil || len(f.Decls) != 1 {
			c.errs.Errorf(pos, diag.Syntax, "-set %s: the value must be one expression", name)
			continue
		}
		x := ctx{env: root.env, sc: root.scope}
		ov := override{at: pos, what: "-set " + name, eval: func() Value { return c.eval(x, expr) }}
		switch {
		case target == nil:
			root.env.over[decl] = ov
		case len(imp.Args) > 0:
			// That import is its own module instance: the override joins
			// (and beats) its arguments when the instance is made.
			if c.setOver[imp] == nil {
				c.setOver[imp] = map[*ast.ParamDecl]override{}
			}
			c.setOver[imp][decl] = ov
		default:
			target.env.over[decl] = ov
		}
	}
}

// linkBatchSize gives each network loaded for Config.Workloads (cimc run
// -workload NET) the root's batch_size when both declare one: CiMLoop's
// BATCH_SIZE is one variable for the macro and its workload, so
// `cimc run -workload resnet18 std/macros/albireo_isca_2021` runs ResNet18
// at Albireo's batch of 64, and -set batch_size=8 reaches the network too.
// A -set NET.batch_size=... still wins.
func (c *checker) linkBatchSize() {
	root := c.prog.Root
	if root == nil {
		return
	}
	var rootDecl *ast.ParamDecl
	for _, p := range root.params {
		if p.Name.Name == "batch_size" {
			rootDecl = p
		}
	}
	if rootDecl == nil {
		return
	}
	x := ctx{env: root.env, sc: root.scope}
	id := &ast.Ref{Name: &ast.Ident{Name: rootDecl.Name.Name, Src: rootDecl.Name.Src}, Src: rootDecl.Name.Src}
	for _, m := range c.prog.Modules {
		if !c.extra[m] || m == root {
			continue
		}
		for _, p := range m.params {
			if p.Name.Name != "batch_size" {
				continue
			}
			if _, set := m.env.over[p]; set {
				continue
			}
			m.env.over[p] = override{at: rootDecl.Name.Src, what: "batch_size of " + root.Path,
				eval: func() Value { return c.eval(x, id) }}
		}
	}
}

// levelNames lists the names of every container and instance, plus the
// levels lowering adds (the virtualized MAC), for mapping checks.
func levelNames(nodes []Node, out []Name) []Name {
	for _, n := range nodes {
		switch n := n.(type) {
		case *Container:
			out = append(out, Name{n.Name, n.NameSrc})
			out = levelNames(n.Children, out)
		case *Instance:
			out = append(out, Name{n.Name, n.NameSrc})
		}
	}
	return out
}

// dataspaceRef checks a dataspace name written in an arch, encoding or
// constraint: it must be declared by some einsum.
func (c *checker) dataspaceRef(id *ast.Ident) bool {
	if c.dataspaces[id.Name] {
		c.dsUsed[id.Name] = true
		return true
	}
	e := c.errs.Errorf(id.Src, diag.UnknownDataspace, "no workload declares a dataspace %q", id.Name)
	cands := sortedKeys(c.dataspaces)
	e.Help = diag.DidYouMean(id.Name, cands)
	if s := diag.Suggest(id.Name, cands); s != "" {
		c.nearMisses = append(c.nearMisses, nearMiss{what: "dataspace", name: s, decl: c.dsDecl[s],
			used: func() bool { return c.dsUsed[s] }, use: id.Name, useAt: id.Src})
	}
	return false
}
