package pysrc

import (
	"slices"
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Links is the state of the link phase: the `from M import *` statements,
// the __all__ of every module that has one, and classes whose bases name
// something only a star import binds. Index fills it, links once, and
// returns it in Stats.Links; after another indexer has added modules that
// Python files star-import (_socket, posix, _signal...), call
// LinkStarImports(t, links) again to expand those too.
type Links struct {
	Modules map[string]*ModuleLinks // by dotted module name
	// setOpen holds the nodes whose FlagOpen the link phase set, so a
	// later run can withdraw it once the missing module has appeared.
	setOpen map[string]bool
}

// ModuleLinks is what the link phase knows of one Python module.
type ModuleLinks struct {
	Name       string
	File       string
	Stars      []StarImport
	AllDefined bool     // the module assigns __all__
	AllPartial bool     // part of __all__ is computed
	All        []string // literal __all__ entries
	AllFrom    []string // modules whose __all__ is added to this one
	AllLine    int
	Classes    []PendingClass
}

// StarImport is `from From import *` at Line. With a Filter it is the
// copy an enum `_convert_(..., source=From)` makes of the matching names.
type StarImport struct {
	From   string
	Line   int
	Filter *NameFilter
}

// NameFilter selects names by prefix or exactly, as read from the filter
// of an enum _convert_ call (`lambda name: name.startswith('OP_')`).
// Negative conditions are not read, so it may select a few names too many
// (names the module then also has), never too few.
type NameFilter struct {
	Prefixes []string
	Names    []string
}

// Match reports whether the filter selects name.
func (f *NameFilter) Match(name string) bool {
	for _, p := range f.Prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return slices.Contains(f.Names, name)
}

// PendingClass is a class with a base the link phase resolves.
type PendingClass struct {
	Name  string // dotted name of the class
	Bases []PendingBase
}

// PendingBase is one base: Resolved, or Local, a dotted name as written
// that is looked up in the module after star imports are expanded.
type PendingBase struct {
	Resolved string
	Local    string
}

func newLinks() *Links {
	return &Links{Modules: map[string]*ModuleLinks{}, setOpen: map[string]bool{}}
}

// module records what a module's star imports and __all__ say. Every
// module gets a record: a star import's source needs its __all__ even
// when the source has nothing to link itself.
func (l *Links) module(name, file string, r *fileResult) *ModuleLinks {
	ml := &ModuleLinks{Name: name, File: file}
	for _, s := range r.stars {
		ml.Stars = append(ml.Stars, StarImport{From: s.from, Line: s.line, Filter: s.filter})
	}
	if a := r.all; a.defined {
		ml.AllDefined, ml.AllPartial, ml.AllLine = true, a.partial, a.line
		ml.All = append([]string(nil), a.names...)
		ml.AllFrom = append([]string(nil), a.from...)
	}
	l.Modules[name] = ml
	return ml
}

// LinkStats reports what one link run did.
type LinkStats struct {
	Aliases      int      // alias nodes added for star-imported names
	Placeholders int      // __all__ names the module does not visibly define, added as attributes
	Unresolved   []string // "socket: from _socket import *" whose module is not in the tree
}

// LinkStarImports expands star imports into alias nodes, adds __all__
// names no source defines, resolves pending bases, and sets FlagOpen on
// modules (and classes) that depend on a module the tree does not have.
// It is idempotent: a second run adds only what newly added modules make
// possible, and withdraws the FlagOpen it set when the module appeared.
func LinkStarImports(t *snapshot.Tree, l *Links) LinkStats {
	lk := &linker{t: t, l: l, memo: map[string]*exportSet{}, busy: map[string]bool{}}
	var st LinkStats
	names := make([]string, 0, len(l.Modules))
	for name := range l.Modules {
		names = append(names, name)
	}
	sort.Strings(names)

	for _, name := range names {
		ml := l.Modules[name]
		mod := t.Lookup(name)
		if mod == nil {
			continue
		}
		allSet := lk.allSet(name)
		for _, s := range ml.Stars {
			ex := lk.exports(s.From)
			if !ex.found {
				what := "from " + s.From + " import *"
				if s.Filter != nil {
					what = "_convert_(source=" + s.From + ")"
				}
				st.Unresolved = append(st.Unresolved, name+": "+what)
				continue
			}
			for _, n := range ex.names {
				if mod.Child(n) != nil || (s.Filter != nil && !s.Filter.Match(n)) {
					continue
				}
				var flags snapshot.Flags
				if isPrivateName(n) || (allSet != nil && !allSet[n]) {
					flags = snapshot.FlagPrivate
				}
				t.Add(name+"."+n, snapshot.Fact{Kind: snapshot.KindAlias, Evidence: evidence, Flags: flags,
					File: ml.File, Line: s.Line, Target: ex.canonical + "." + n})
				st.Aliases++
			}
		}
	}

	for _, name := range names {
		ml := l.Modules[name]
		mod := t.Lookup(name)
		if mod == nil || !ml.AllDefined || lk.exports(name).missing {
			// With a star source missing, the name may be the missing
			// module's: leave it for the run after that module appears.
			continue
		}
		for _, n := range lk.allNames(name) {
			if isIdentifier(n) && mod.Child(n) == nil {
				t.Add(name+"."+n, snapshot.Fact{Kind: snapshot.KindAttribute, Evidence: evidence,
					File: ml.File, Line: ml.AllLine})
				st.Placeholders++
			}
		}
	}

	for _, name := range names {
		ml := l.Modules[name]
		if mod := t.Lookup(name); mod != nil && len(ml.Stars) > 0 {
			lk.setOpen(name, mod, lk.exports(name).starOpen)
		}
		for _, pc := range ml.Classes {
			if cls := t.Lookup(pc.Name); cls != nil {
				open := lk.resolvePending(name, cls, pc)
				lk.setOpen(pc.Name, cls, open)
			}
		}
	}
	return st
}

type linker struct {
	t    *snapshot.Tree
	l    *Links
	memo map[string]*exportSet
	busy map[string]bool
}

// exportSet is what `from M import *` binds.
type exportSet struct {
	found     bool
	canonical string // M with aliases followed (os.path -> posixpath)
	names     []string
	open      bool // M's namespace is open, for its own reasons or through its star imports
	starOpen  bool // M star-imports a missing or open module
	missing   bool // M star-imports a module the tree does not have
}

func (lk *linker) exports(m string) *exportSet {
	if e, ok := lk.memo[m]; ok {
		return e
	}
	if lk.busy[m] {
		// An import cycle contributes nothing beyond what is already known.
		return &exportSet{found: true, canonical: m}
	}
	lk.busy[m] = true
	defer delete(lk.busy, m)

	e := &exportSet{canonical: m}
	n := lk.t.Lookup(m)
	if n != nil && n.Kind == snapshot.KindAlias && n.Target != "" {
		inner := lk.exports(n.Target)
		lk.memo[m] = inner
		return inner
	}
	if n == nil {
		lk.memo[m] = e
		return e
	}
	e.found = true
	ml := lk.l.Modules[m]
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			e.names = append(e.names, name)
		}
	}
	if ml != nil {
		for _, s := range ml.Stars {
			sub := lk.exports(s.From)
			if !sub.found {
				e.starOpen, e.missing = true, true
			} else if sub.open {
				e.starOpen = true
			}
			e.missing = e.missing || sub.missing
		}
	}
	if ml != nil && ml.AllDefined && !ml.AllPartial {
		for _, name := range lk.allNames(m) {
			add(name)
		}
	} else {
		for _, c := range n.SortedChildren() {
			if !strings.HasPrefix(c.Name, "_") && !c.Kind.IsModule() {
				add(c.Name)
			}
		}
		if ml != nil {
			for _, s := range ml.Stars {
				for _, name := range lk.exports(s.From).names {
					if !strings.HasPrefix(name, "_") && (s.Filter == nil || s.Filter.Match(name)) {
						add(name)
					}
				}
			}
			for _, name := range ml.All {
				add(name)
			}
		}
	}
	sort.Strings(e.names)
	e.open = (n.Flags&snapshot.FlagOpen != 0 && !lk.l.setOpen[m]) || e.starOpen
	lk.memo[m] = e
	return e
}

// allNames is a module's __all__ with concatenated __all__s expanded.
func (lk *linker) allNames(m string) []string {
	ml := lk.l.Modules[m]
	if ml == nil || !ml.AllDefined {
		return nil
	}
	out := append([]string(nil), ml.All...)
	for _, from := range ml.AllFrom {
		if from != m {
			out = append(out, lk.exports(from).names...)
		}
	}
	return out
}

// allSet is the set of names a complete __all__ exports, nil when the
// module has no __all__ or it is partly computed.
func (lk *linker) allSet(m string) map[string]bool {
	ml := lk.l.Modules[m]
	if ml == nil || !ml.AllDefined || ml.AllPartial {
		return nil
	}
	set := map[string]bool{}
	for _, n := range lk.allNames(m) {
		set[n] = true
	}
	return set
}

// resolvePending recomputes a class's bases now that star imports are
// expanded; it reports whether a base is still unknown.
func (lk *linker) resolvePending(module string, cls *snapshot.Node, pc PendingClass) (open bool) {
	bases := make([]string, 0, len(pc.Bases))
	for _, pb := range pc.Bases {
		if pb.Resolved != "" {
			bases = append(bases, pb.Resolved)
			continue
		}
		first, rest, _ := strings.Cut(pb.Local, ".")
		if rest != "" {
			rest = "." + rest
		}
		switch n := lk.t.Lookup(module + "." + first); {
		case n == nil:
			open = true
		case n.Kind == snapshot.KindAlias && n.Target != "":
			bases = append(bases, realBase(n.Target+rest))
		default:
			bases = append(bases, module+"."+first+rest)
			open = open || n.Kind == snapshot.KindAttribute
		}
	}
	cls.Bases = bases
	return open
}

// setOpen sets or withdraws the FlagOpen the link phase is responsible
// for; a FlagOpen that another source set is left alone.
func (lk *linker) setOpen(name string, n *snapshot.Node, open bool) {
	switch {
	case open && n.Flags&snapshot.FlagOpen == 0:
		n.Flags |= snapshot.FlagOpen
		lk.l.setOpen[name] = true
	case !open && lk.l.setOpen[name]:
		n.Flags &^= snapshot.FlagOpen
		delete(lk.l.setOpen, name)
	}
}
