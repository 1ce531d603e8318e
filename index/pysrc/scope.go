package pysrc

import "github.com/pyrefcheck/pyrefcheck/index/snapshot"

// fileResult is everything one file contributes, as plain Go values, so
// that files can be read in parallel and merged in a fixed order.
type fileResult struct {
	file       *sourceFile
	parseError bool
	newSyntax  bool     // the only errors are syntax newer than the grammar, understood as such
	defs       []string // function, class and method names, in source order
	module     *scope   // module-level names; nil in modeFileOnly
	open       bool     // the module namespace holds names the source does not show
	// dynamicGlobals: globals are written under computed names. The
	// module is open unless a literal __all__ declares its public names.
	dynamicGlobals bool
	all            allSpec
	stars          []starImport
	registered     []registration // sys.modules['a.b'] = value
}

// starImport is one `from M import *`, M resolved to an absolute name,
// or, when filter is set, the names of M an enum _convert_(source=M)
// copies into the module.
type starImport struct {
	from   string
	line   int
	filter *NameFilter
}

// registration is `sys.modules[name] = value` at module level: a module
// name that exists only at run time.
type registration struct {
	name    string
	valueOf string
	line    int
}

// allSpec is what the module's __all__ statements say.
type allSpec struct {
	defined bool
	partial bool     // some part is computed (a call, a comprehension)
	names   []string // literal entries
	from    []string // modules whose __all__ is concatenated in (asyncio)
	line    int      // first assignment
}

func (a *allSpec) add(name string) {
	if !isIdentifier(name) {
		return
	}
	for _, n := range a.names {
		if n == name {
			return
		}
	}
	a.names = append(a.names, name)
}

func (a *allSpec) has(name string) bool {
	for _, n := range a.names {
		if n == name {
			return true
		}
	}
	return false
}

// importKind separates import aliases whose privacy depends on context.
type importKind uint8

const (
	notImport         importKind = iota
	importPlain                  // import a.b / import a.b as c / from outside the package
	importFromPackage            // from .x import y, or from pkg.x import y inside pkg
)

// platKey marks a binding made in one branch of a platform conditional.
type platKey struct{ ifID, branch int }

// binding is one name bound in a module or class body.
type binding struct {
	name        string
	kind        snapshot.Kind
	line        int
	target      string // KindAlias: absolute dotted name
	params      []snapshot.Param
	paramsKnown bool
	weak        bool       // an @overload stub: a later real definition replaces its signature
	bases       []baseExpr // KindClass
	open        bool
	members     *scope   // KindClass
	strs        []string // the value is a tuple or list of string literals
	imp         importKind
	uncond      bool      // bound at least once outside platform conditionals
	plats       []platKey // platform conditional branches that bind it
	// shadowed is the target of an import this definition replaced, so
	// that `from x import Foo; class Foo(Foo)` still finds x.Foo.
	shadowed string
	// valueOf is the dotted name a plain assignment copies (`abc =
	// _collections_abc`, `__str__ = __repr__`); the merge turns the
	// attribute into an alias when the name resolves to a module, class
	// or function.
	valueOf string
}

// baseExpr is one base class as written; dotted is empty when the base is
// not a dotted name (a call such as namedtuple(...), *bases).
type baseExpr struct{ dotted string }

// rank orders what a name is bound to when a body binds it more than once:
// a definition says more than an import, an import more than a value
// (`try: from _json import x except ImportError: x = None` stays an alias).
func rank(k snapshot.Kind) int {
	switch k {
	case snapshot.KindAlias:
		return 1
	case snapshot.KindAttribute:
		return 0
	}
	return 2
}

// scope is the ordered set of names bound in one body.
type scope struct {
	order []*binding
	names map[string]*binding
}

func newScope() *scope { return &scope{names: map[string]*binding{}} }

func (s *scope) get(name string) *binding { return s.names[name] }

// bind records nb, combining it with an earlier binding of the same name.
func (s *scope) bind(nb *binding) *binding {
	old := s.names[nb.name]
	if old == nil {
		s.names[nb.name] = nb
		s.order = append(s.order, nb)
		return nb
	}
	old.uncond = old.uncond || nb.uncond
	old.plats = append(old.plats, nb.plats...)
	old.open = old.open || nb.open
	switch {
	case rank(nb.kind) > rank(old.kind):
		if old.kind == snapshot.KindAlias {
			old.shadowed = old.target
		}
		old.kind, old.line, old.target = nb.kind, nb.line, nb.target
		old.params, old.paramsKnown, old.weak = nb.params, nb.paramsKnown, nb.weak
		old.bases, old.members, old.strs, old.imp = nb.bases, nb.members, nb.strs, nb.imp
		old.valueOf = nb.valueOf
	case old.weak && !nb.weak && rank(nb.kind) == rank(old.kind):
		old.params, old.paramsKnown, old.weak = nb.params, nb.paramsKnown, false
	case old.kind == snapshot.KindClass && nb.kind == snapshot.KindClass:
		// Alternative definitions of one class (platform branches): the
		// class has the members of both.
		if old.members != nil && nb.members != nil {
			for _, m := range nb.members.order {
				if nb.members.names[m.name] == m {
					old.members.bind(m)
				}
			}
		}
	}
	return old
}

// remove forgets a name (`del x` at the top of a body).
func (s *scope) remove(name string) { delete(s.names, name) }

// live returns the bindings still bound, in binding order.
func (s *scope) live() []*binding {
	out := make([]*binding, 0, len(s.names))
	for _, b := range s.order {
		if s.names[b.name] == b {
			out = append(out, b)
		}
	}
	return out
}
