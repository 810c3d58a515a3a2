package check

// This file exposes to the engine (engine/compound) the names a compound
// component class's expressions reach outside the class. Check type-checks
// a class's bodies with its fields unknown; the engine evaluates them for
// an instance's attribute values and a layer's operand statistics, and
// needs the values Check computed for the module-level names they use.

// OuterValue returns the value of name as the expressions of comp see it
// from outside the class: a parameter of comp's module (its default
// instance, after -set overrides, as Check evaluated the class) or a
// builtin constant (pi). ok is false when name denotes something else (a
// workload, a module, a builtin function...) or a parameter Check did not
// evaluate.
func (comp *Component) OuterValue(name string) (Value, bool) {
	if comp == nil || comp.Module == nil || comp.Module.scope == nil {
		return invalid, false
	}
	o := comp.Module.scope.peek(name)
	if o == nil {
		return invalid, false
	}
	switch o.kind {
	case objConst:
		return o.constVal, true
	case objParam:
		if o.local || comp.Module.env == nil {
			return invalid, false
		}
		return cachedParam(comp.Module.env, o)
	}
	return invalid, false
}

// OuterMember returns the value of mod.name in the expressions of comp,
// where mod is a module imported by comp's module: a parameter of that
// module in the instance the import created (its arguments applied). ok
// is false when mod is not an import, name is not one of its parameters,
// or Check did not evaluate it.
func (comp *Component) OuterMember(mod, name string) (Value, bool) {
	if comp == nil || comp.Module == nil || comp.Module.scope == nil || comp.Module.env == nil {
		return invalid, false
	}
	o := comp.Module.scope.peek(mod)
	if o == nil || o.kind != objModule || o.target == nil || o.target.scope == nil {
		return invalid, false
	}
	mo := o.target.scope.names[name]
	if mo == nil {
		return invalid, false
	}
	if mo.kind == objConst {
		return mo.constVal, true
	}
	if mo.kind != objParam {
		return invalid, false
	}
	e := o.target.env
	if o.imp != nil && len(o.imp.Args) > 0 {
		e = comp.Module.env.imports[o.imp]
	}
	if e == nil {
		return invalid, false
	}
	return cachedParam(e, mo)
}

// IsOuterModule reports whether name, seen from the expressions of comp
// outside the class, is an imported module.
func (comp *Component) IsOuterModule(name string) bool {
	if comp == nil || comp.Module == nil || comp.Module.scope == nil {
		return false
	}
	o := comp.Module.scope.peek(name)
	return o != nil && o.kind == objModule
}

func cachedParam(e *env, o *object) (Value, bool) {
	st, ok := e.cache[o.param]
	if !ok || st.busy || st.v.Kind == Invalid {
		return invalid, false
	}
	return st.v, true
}
