package pysrc

import (
	"slices"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

const evidence = snapshot.FromPythonSource

// merger writes fileResults into a Tree, in the caller's (sorted) order.
type merger struct {
	t     *snapshot.Tree
	links *Links
	stats *Stats
}

// scopeRef is a body that base-class names are looked up in.
type scopeRef struct {
	prefix string // dotted name of the module or class
	sc     *scope
}

// moduleCtx is what name privacy and base resolution need of a module.
type moduleCtx struct {
	r    *fileResult
	path string
}

// mergeModules records every module node first, so that a package's
// binding which shares a submodule's name never decides that submodule's
// kind or flags, whatever the merge order of the two files.
func (m *merger) mergeModules(results []*fileResult) {
	for _, r := range results {
		f := r.file
		if f.module == "" {
			continue
		}
		kind := snapshot.KindModule
		if f.isPackage {
			kind = snapshot.KindPackage
		}
		var flags snapshot.Flags
		if r.dynamicGlobals && !(r.all.defined && !r.all.partial) {
			r.open = true
		}
		if r.open {
			flags |= snapshot.FlagOpen
		}
		for _, part := range strings.Split(f.module, ".") {
			if isPrivateName(part) {
				flags |= snapshot.FlagPrivate
			}
		}
		m.t.Add(f.module, snapshot.Fact{Kind: kind, Evidence: evidence, Flags: flags, File: f.repoPath(), Line: 1})
		m.stats.Modules++
	}
}

func (m *merger) mergeFile(r *fileResult) {
	f := r.file
	path := f.repoPath()
	m.t.AddFile(path, uniqueSorted(r.defs))
	if r.newSyntax {
		m.stats.NewSyntaxFiles++
	}
	if r.parseError {
		m.stats.ParseErrors++
		m.stats.ParseErrorFiles = append(m.stats.ParseErrorFiles, path)
	}
	if f.module == "" || r.module == nil {
		return
	}
	for _, s := range r.stars {
		if s.filter == nil {
			m.stats.StarImports++
		}
	}
	mc := &moduleCtx{r: r, path: path}
	ml := m.links.module(f.module, path, r)
	scopes := []scopeRef{{f.module, r.module}}
	for _, b := range r.module.live() {
		m.addBinding(mc, ml, f.module, b, scopes, true)
	}
	for _, reg := range r.registered {
		m.register(mc, reg, scopes)
	}
}

// register records a module name made by assigning to sys.modules as an
// alias of the module it is bound to; being importable, it is public.
func (m *merger) register(mc *moduleCtx, reg registration, scopes []scopeRef) {
	target, ok := resolveValue(reg.valueOf, scopes)
	if !ok || target == reg.name {
		return
	}
	if old := m.t.Lookup(reg.name); old != nil {
		if old.Kind == snapshot.KindAlias {
			old.Flags &^= snapshot.FlagPrivate
		}
		return
	}
	m.t.Add(reg.name, snapshot.Fact{Kind: snapshot.KindAlias, Evidence: evidence, File: mc.path, Line: reg.line, Target: target})
	m.stats.Names++
}

// resolveValue resolves a dotted name used as a value to what it names,
// when that is a module, class, function or method (not a plain value).
func resolveValue(dotted string, scopes []scopeRef) (string, bool) {
	first, rest, _ := strings.Cut(dotted, ".")
	full, isValue, ok := lookupName(first, scopes)
	if !ok || isValue {
		return "", false
	}
	if rest != "" {
		full += "." + rest
	}
	return full, true
}

func (m *merger) addBinding(mc *moduleCtx, ml *ModuleLinks, prefix string, b *binding, scopes []scopeRef, moduleLevel bool) {
	dotted := prefix + "." + b.name
	if old := m.t.Lookup(dotted); old != nil && old.Kind.IsModule() {
		// A submodule wins over a package-level name of the same spelling.
		return
	}
	fact := snapshot.Fact{
		Kind: b.kind, Evidence: evidence, File: mc.path, Line: b.line,
		Target: b.target, Params: b.params, ParamsKnown: b.paramsKnown,
	}
	if b.kind == snapshot.KindAttribute && b.valueOf != "" {
		if target, ok := resolveValue(b.valueOf, scopes); ok && target != dotted {
			fact.Kind, fact.Target = snapshot.KindAlias, target
		}
	}
	if b.open {
		fact.Flags |= snapshot.FlagOpen
	}
	if m.private(mc, b, moduleLevel) {
		fact.Flags |= snapshot.FlagPrivate
	}
	if platformSpecific(b) {
		fact.Flags |= snapshot.FlagPlatformSpecific
	}
	if b.kind == snapshot.KindClass {
		bases, open, pending := resolveBases(b, dotted, scopes, len(mc.r.stars) > 0)
		for _, pb := range bases {
			if pb.Resolved != "" {
				fact.Bases = append(fact.Bases, pb.Resolved)
			}
		}
		if open {
			fact.Flags |= snapshot.FlagOpen
		}
		if pending {
			ml.Classes = append(ml.Classes, PendingClass{Name: dotted, Bases: bases})
		}
	}
	m.t.Add(dotted, fact)
	m.stats.Names++
	if b.members == nil {
		return
	}
	inner := append([]scopeRef{{dotted, b.members}}, scopes...)
	for _, mb := range b.members.live() {
		m.addBinding(mc, ml, dotted, mb, inner, false)
	}
}

// private decides FlagPrivate: an underscore name, or an import alias
// that only serves the module itself: left out of the module's __all__,
// or, without __all__, anything but what a package __init__ imports from
// its own submodules. A definition left out of __all__ stays public: many
// documented names (tarfile.REGTYPE) are not in __all__.
func (m *merger) private(mc *moduleCtx, b *binding, moduleLevel bool) bool {
	if isPrivateName(b.name) {
		return true
	}
	if !moduleLevel || b.imp == notImport || isDunder(b.name) {
		return false
	}
	all := &mc.r.all
	switch {
	case all.defined && all.has(b.name):
		return false
	case all.defined && !all.partial && len(all.from) == 0:
		return true
	}
	return !(mc.r.file.isPackage && b.imp == importFromPackage)
}

// isPrivateName: a leading underscore, dunder names excepted.
func isPrivateName(name string) bool {
	if !strings.HasPrefix(name, "_") {
		return false
	}
	return !isDunder(name)
}

func isDunder(name string) bool {
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

// platformSpecific: every binding of the name sits in a platform
// conditional, and no two branches of one conditional both bind it (that
// would be a per-platform implementation of a name every platform has).
func platformSpecific(b *binding) bool {
	if b.uncond || len(b.plats) == 0 {
		return false
	}
	first := map[int]int{}
	for _, p := range b.plats {
		if br, ok := first[p.ifID]; ok && br != p.branch {
			return false
		}
		first[p.ifID] = p.branch
	}
	return true
}

// resolveBases turns the bases as written into canonical dotted names
// through the bindings of the enclosing bodies. A base that is not a
// dotted name, or names a plain value, makes the class open; a name bound
// nowhere is pending when the module star-imports (the link phase finds
// it), otherwise it also makes the class open.
func resolveBases(b *binding, self string, scopes []scopeRef, hasStars bool) (bases []PendingBase, open, pending bool) {
	for _, be := range b.bases {
		if be.dotted == "" {
			open = true
			continue
		}
		first, rest, _ := strings.Cut(be.dotted, ".")
		if rest != "" {
			rest = "." + rest
		}
		if full, isValue, ok := lookupName(first, scopes); ok {
			if full == self && b.shadowed != "" {
				full = b.shadowed
			}
			if isValue || full == self {
				open = true
			}
			if rest == "" && builtinClasses[first] && onlyOnSomePlatforms(first, scopes) {
				// `if sys.platform[:4] == "java": from java.lang import
				// Exception` leaves the builtin in force everywhere else.
				bases = append(bases, PendingBase{Resolved: "builtins." + first})
			}
			bases = append(bases, PendingBase{Resolved: realBase(full + rest)})
			continue
		}
		switch {
		case builtinClasses[first]:
			bases = append(bases, PendingBase{Resolved: "builtins." + be.dotted})
		case hasStars:
			bases = append(bases, PendingBase{Local: be.dotted})
			pending = true
		default:
			open = true
		}
	}
	return bases, open, pending
}

// realBase maps the typing constructs whose __mro_entries__ replace them
// in the class they create: a NamedTuple class derives from tuple, a
// TypedDict class from dict.
func realBase(dotted string) string {
	switch dotted {
	case "typing.NamedTuple":
		return "builtins.tuple"
	case "typing.TypedDict":
		return "builtins.dict"
	}
	return dotted
}

// onlyOnSomePlatforms reports whether the innermost binding of name is
// made only inside platform conditionals.
func onlyOnSomePlatforms(name string, scopes []scopeRef) bool {
	for _, s := range scopes {
		if b := s.sc.get(name); b != nil {
			return !b.uncond && len(b.plats) > 0
		}
	}
	return false
}

// lookupName finds the binding of name in the innermost body that binds
// it; isValue reports a plain value (its members are unknown).
func lookupName(name string, scopes []scopeRef) (full string, isValue, ok bool) {
	for _, s := range scopes {
		b := s.sc.get(name)
		if b == nil {
			continue
		}
		switch b.kind {
		case snapshot.KindAlias:
			return b.target, false, true
		case snapshot.KindAttribute:
			return s.prefix + "." + name, true, true
		}
		return s.prefix + "." + name, false, true
	}
	return "", false, false
}

// uniqueSorted returns a sorted copy of names without repeats.
func uniqueSorted(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(names)))
}
