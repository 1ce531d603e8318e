package runtime

import (
	"sort"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Stats counts what Index recorded.
type Stats struct {
	Modules      int // modules recorded
	NotFound     int // modules this interpreter does not have (skipped)
	ImportErrors int // modules that exist but failed to import
	Names        int // module-level names recorded
	Aliases      int // of which re-exports recorded as KindAlias
	Members      int // class members recorded
	ParamsKnown  int // callables recorded with a signature
}

// Index records a dump in t with FromRuntime evidence. It runs after the
// source indexers: Merge keeps their locations, bases and signatures, and a
// name the source already knows as an alias stays one.
//
//   - Every module the interpreter has becomes KindModule, or KindPackage
//     when it has __path__. A module that failed to import and that no
//     other source knows is FlagOpen: its names were not seen.
//   - A module-level name whose value is another module is an alias to that
//     module (os.path -> posixpath, tarfile.os -> os); a class or function
//     reached under another name (os.stat is posix.stat) is an alias to
//     where it is defined, when that place is in the dump; anything else is
//     a plain fact: a class with its bases and constructor signature, a
//     function with its signature, other values as attributes.
//   - A module with a module-level __getattr__ and a class with a
//     __getattr__ are FlagOpen: they answer names dir() does not list.
//   - A class's own members are recorded with their kind and signature.
//     Inherited members are left to the resolver, which follows Bases,
//     unless the class defining them is not in the dump (it could not
//     follow that base); then they are recorded on the subclass.
func Index(t *snapshot.Tree, d *Dump) Stats {
	var st Stats
	mods := append([]Module(nil), d.Modules...)
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })

	// Every dotted name the dump knows, so that an alias is only made to
	// a place that exists.
	x := &dumpIndex{modules: map[string]bool{}, exists: map[string]bool{}, bases: map[string][]string{}, alias: map[string]string{}}
	for _, m := range mods {
		if m.NotFound {
			continue
		}
		x.modules[m.Name] = true
		x.exists[m.Name] = true
		for _, n := range m.Names {
			p := m.Name + "." + n.Name
			x.exists[p] = true
			if n.Kind == "class" {
				x.bases[p] = n.Bases
				if n.DefinedIn != "" {
					x.alias[p] = n.DefinedIn
				}
			}
			for _, mem := range n.Members {
				if mem.Own {
					x.exists[p+"."+mem.Name] = true
				}
			}
		}
	}

	// A re-export is an alias only when its definition is in the dump;
	// otherwise Index records it as a class of its own, with its bases.
	for p, target := range x.alias {
		if x.exists[target] {
			delete(x.bases, p)
		} else {
			delete(x.alias, p)
		}
	}

	for _, m := range mods {
		if m.NotFound {
			st.NotFound++
			continue
		}
		f := snapshot.Fact{Kind: snapshot.KindModule, Evidence: snapshot.FromRuntime, File: m.File}
		if m.Package {
			f.Kind = snapshot.KindPackage
		}
		for _, n := range m.Names {
			if n.Name == "__getattr__" && n.Kind == "function" {
				f.Flags |= snapshot.FlagOpen // PEP 562: names served on demand
			}
		}
		if !m.Imported() {
			st.ImportErrors++
			if n := t.Lookup(t.Canonical(m.Name)); n == nil || n.Evidence&^(snapshot.FromRuntime|snapshot.FromDocs|snapshot.FromNeighbour) == 0 {
				f.Flags |= snapshot.FlagOpen
			}
		}
		add(t, m.Name, f)
		st.Modules++
		for _, n := range m.Names {
			indexName(t, &st, m, n, x)
		}
	}
	return st
}

func indexName(t *snapshot.Tree, st *Stats, m Module, n Name, x *dumpIndex) {
	path := m.Name + "." + n.Name
	st.Names++
	rt := snapshot.FromRuntime
	switch n.Kind {
	case "module":
		switch {
		case n.Target == path:
			add(t, path, snapshot.Fact{Kind: snapshot.KindModule, Evidence: rt})
		case x.modules[n.Target]:
			add(t, path, snapshot.Fact{Kind: snapshot.KindAlias, Target: n.Target, Evidence: rt})
			st.Aliases++
		default:
			add(t, path, snapshot.Fact{Kind: snapshot.KindAttribute, Evidence: rt})
		}
		return
	case "class", "function":
		if n.DefinedIn != "" && n.DefinedIn != path && x.exists[n.DefinedIn] && !aliasesBack(t, n.DefinedIn, path) {
			if n.Kind == "class" {
				dropFallbackFunction(t, path)
			}
			add(t, path, snapshot.Fact{Kind: snapshot.KindAlias, Target: n.DefinedIn, Evidence: rt})
			st.Aliases++
			return
		}
	default:
		add(t, path, snapshot.Fact{Kind: snapshot.KindAttribute, Evidence: rt})
		return
	}

	f := snapshot.Fact{Evidence: rt, File: n.File, Line: n.Line, Params: toParams(n.Params), ParamsKnown: n.ParamsKnown, PreferParams: true}
	if n.ParamsKnown {
		st.ParamsKnown++
	}
	if n.Kind == "function" {
		f.Kind = snapshot.KindFunction
		add(t, path, f)
		return
	}
	f.Kind = snapshot.KindClass
	for _, mem := range n.Members {
		if mem.Name == "__getattr__" {
			f.Flags |= snapshot.FlagOpen // instances answer any attribute
		}
	}
	for _, b := range n.Bases {
		if b != path { // see dumpIndex.inherits: a same-named base cannot be told apart
			f.Bases = append(f.Bases, b)
		}
	}
	add(t, path, f)
	for _, mem := range n.Members {
		if !mem.Own && mem.From != "" && x.inherits(path, mem.From) {
			continue // the resolver finds it through Bases
		}
		mf := snapshot.Fact{Kind: memberKind(mem.Kind), Evidence: rt}
		if mem.Own {
			mf.File, mf.Line = mem.File, mem.Line
			mf.Params, mf.ParamsKnown, mf.PreferParams = toParams(mem.Params), mem.ParamsKnown, true
			if mem.ParamsKnown {
				st.ParamsKnown++
			}
		}
		add(t, path+"."+mem.Name, mf)
		st.Members++
	}
}

// dropFallbackFunction forgets a function the source defines under a name
// the interpreter has as a class: the function is the except-ImportError
// branch (threading.ExceptHookArgs when _thread lacks _ExceptHookArgs), and
// the class's members would otherwise be out of reach.
func dropFallbackFunction(t *snapshot.Tree, path string) {
	if n := t.Lookup(t.Canonical(path)); n != nil && n.Kind == snapshot.KindFunction {
		n.Kind, n.Params, n.ParamsKnown = snapshot.KindUnknown, nil, false
	}
}

// dumpIndex is what Index needs to know about the whole dump.
type dumpIndex struct {
	modules map[string]bool     // modules the interpreter has
	exists  map[string]bool     // every module, module-level name and own class member
	bases   map[string][]string // classes defined where they are reached: their bases
	alias   map[string]string   // classes reached under another name: where they are defined
}

// inherits reports whether owner is reachable from class cls through
// bases the dump knows, so that a resolver following Bases finds the
// members owner defines.
func (x *dumpIndex) inherits(cls, owner string) bool {
	seen := map[string]bool{}
	var walk func(c string) bool
	walk = func(c string) bool {
		for hops := 0; hops < 8 && x.alias[c] != ""; hops++ {
			c = x.alias[c]
		}
		bs, ok := x.bases[c]
		if !ok || seen[c] {
			return false // not a class the dump defines: Bases stop here
		}
		seen[c] = true
		if c == owner {
			return true
		}
		for _, b := range bs {
			if walk(b) {
				return true
			}
		}
		return false
	}
	// Start from the bases: a member of cls's own path is not inherited,
	// and a base spelled like cls itself (ssl._ASN1Object derives from a
	// namedtuple of the same module and name) is a different class the
	// tree cannot hold.
	seen[cls] = true
	for _, b := range x.bases[cls] {
		if walk(b) {
			return true
		}
	}
	return false
}

// aliasesBack reports whether the tree already makes target a re-export of
// path: defaultdict's __module__ says collections while collections
// imports it from _collections, and aliasing both ways would leave the
// class nowhere.
func aliasesBack(t *snapshot.Tree, target, path string) bool {
	for hops := 0; hops < 8; hops++ {
		n := t.Lookup(target)
		if n == nil || n.Kind != snapshot.KindAlias {
			return false
		}
		if n.Target == path {
			return true
		}
		target = n.Target
	}
	return false
}

// add is AddThroughAliases that leaves another source's alias alone: the
// runtime sees the object, not how the source spelled the re-export, and a
// plain fact would turn that alias into a second definition.
func add(t *snapshot.Tree, dotted string, f snapshot.Fact) {
	c := t.Canonical(dotted)
	if n := t.Lookup(c); n != nil && n.Kind == snapshot.KindAlias && n.Evidence&^snapshot.FromRuntime != 0 {
		if f.Kind == snapshot.KindAlias && f.Target != "" && f.Target != n.Target && !aliasesBack(t, f.Target, c) {
			// The source chose between platform branches by its first one
			// (asyncio.EventLoop is ProactorEventLoop on Windows); the
			// interpreter says which object the name really is here.
			n.Target = f.Target
		}
		n.Merge(snapshot.Fact{Evidence: f.Evidence})
		return
	}
	t.Add(c, f)
}

func memberKind(k string) snapshot.Kind {
	switch k {
	case "method", "classmethod", "staticmethod":
		return snapshot.KindMethod
	case "property":
		return snapshot.KindProperty
	case "class":
		return snapshot.KindClass
	}
	return snapshot.KindAttribute
}

func toParams(ps []Param) []snapshot.Param {
	if ps == nil {
		return nil
	}
	out := make([]snapshot.Param, len(ps))
	for i, p := range ps {
		out[i] = snapshot.Param{Name: p.Name, Kind: snapshot.ParamKind(p.Kind), Default: p.Default}
	}
	return out
}
