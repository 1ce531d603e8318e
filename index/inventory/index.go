package inventory

import (
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Stats counts what Index did with an inventory's entries.
type Stats struct {
	Entries     int // all entries in the inventory
	Python      int // py:* entries recorded in the tree
	Modules     int // of which py:module
	OpenModules int // modules known only from the docs, marked FlagOpen
	Stubs       int // docs-only modules with no documented member, skipped (see Index)
	Builtins    int // module-less names recorded under builtins
	Pseudo      int // module-less names skipped: not a builtin (docs prose types such as "generator.send")
	C           int // c:* names recorded with AddC
	Ignored     int // std:*, other domains and roles that name no Python or C object
}

// pyKinds maps the Python domain's roles to the kind of node they document.
var pyKinds = map[string]snapshot.Kind{
	"module":          snapshot.KindModule,
	"function":        snapshot.KindFunction,
	"class":           snapshot.KindClass,
	"exception":       snapshot.KindClass,
	"method":          snapshot.KindMethod,
	"classmethod":     snapshot.KindMethod,
	"staticmethod":    snapshot.KindMethod,
	"attribute":       snapshot.KindAttribute,
	"property":        snapshot.KindProperty,
	"data":            snapshot.KindAttribute,
	"type":            snapshot.KindAttribute, // a type alias (Sphinx 7.4+ py:type)
	"decorator":       snapshot.KindFunction,
	"decoratormethod": snapshot.KindMethod,
}

// cRoles are the C domain roles that name a symbol a report could cite.
// c:functionParam (a parameter of a documented function) is not one.
var cRoles = map[string]bool{
	"function": true, "macro": true, "type": true, "member": true, "var": true,
	"struct": true, "union": true, "enum": true, "enumerator": true,
}

// Index records the documented Python and C names of inv in t with FromDocs
// evidence. It must run after the source and runtime indexers: whether a
// documented module is "docs-only" (and so FlagOpen, because the docs never
// list every member) is decided from the evidence the tree already holds.
//
// The docs name builtins without a module ("print", "str.encode",
// "ValueError"); a name whose first component is not a known module (a
// py:module of the inventory or a module already in the tree) is recorded
// under "builtins". The docs also describe protocol types that exist in no
// namespace ("iterator.__next__", "generator.send", "frame.f_locals"); once
// the tree knows builtins from another source, a dotted module-less name
// whose first component is not a builtin is one of these and is skipped.
func Index(t *snapshot.Tree, inv *Inventory) Stats {
	st := Stats{Entries: len(inv.Entries)}

	// Pass 1: the module set and, from the tree as it was, which documented
	// modules have no other evidence.
	modules := map[string]bool{}  // full dotted module names from the docs
	topLevel := map[string]bool{} // first components of known modules
	for _, c := range t.Root.Children {
		if c.Kind.IsModule() {
			topLevel[c.Name] = true
		}
	}
	open := map[string]bool{}
	treeHasEvidence := false // has any other source filled the tree?
	for _, c := range t.Root.Children {
		if c.Evidence&^(snapshot.FromDocs|snapshot.FromNeighbour) != 0 {
			treeHasEvidence = true
			break
		}
	}
	for _, e := range inv.Entries {
		if e.Domain != "py" || e.Role != "module" {
			continue
		}
		modules[e.Name] = true
		first, _, _ := strings.Cut(e.Name, ".")
		topLevel[first] = true
		n := t.Lookup(t.Canonical(e.Name))
		if n == nil || n.Evidence&^(snapshot.FromDocs|snapshot.FromNeighbour) == 0 {
			open[e.Name] = true
		}
	}
	// A module only the docs know and whose page documents nothing is,
	// next to real sources, a stub: the pages that say a module was
	// removed (cgi, spwd, ... in 3.13) still declare it, and sitecustomize
	// is a hook, not a module. Recording those would make "import cgi" on
	// 3.13 look fine.
	stub := map[string]bool{}
	if treeHasEvidence {
		documented := map[string]bool{}
		for _, e := range inv.Entries {
			if e.Domain == "py" && e.Role != "module" {
				for name := e.Name; strings.Contains(name, "."); {
					name = name[:strings.LastIndex(name, ".")]
					documented[name] = true
				}
			}
		}
		for m := range open {
			if !documented[m] && !isPackageOf(m, modules) {
				stub[m] = true
			}
		}
	}
	builtinsKnown := false
	if b := t.Root.Child("builtins"); b != nil {
		for _, c := range b.Children {
			if c.Evidence&^(snapshot.FromDocs|snapshot.FromNeighbour) != 0 {
				builtinsKnown = true
				break
			}
		}
	}

	// Pass 2: modules first, so that members land below a module node.
	for _, e := range inv.Entries {
		if e.Domain != "py" || e.Role != "module" {
			continue
		}
		if stub[e.Name] {
			st.Stubs++
			continue
		}
		f := snapshot.Fact{Kind: snapshot.KindModule, Evidence: snapshot.FromDocs}
		if isPackageOf(e.Name, modules) {
			f.Kind = snapshot.KindPackage
		}
		if open[e.Name] {
			f.Flags |= snapshot.FlagOpen
			st.OpenModules++
		}
		add(t, e.Name, f)
		st.Python++
		st.Modules++
	}

	// Pass 3: everything else.
	for _, e := range inv.Entries {
		switch e.Domain {
		case "py":
			if e.Role == "module" {
				continue
			}
			kind, ok := pyKinds[e.Role]
			if !ok {
				st.Ignored++
				continue
			}
			name := e.Name
			first, _, dotted := strings.Cut(name, ".")
			if !topLevel[first] {
				if builtinsKnown && dotted && t.Lookup("builtins."+first) == nil {
					st.Pseudo++
					continue
				}
				name = "builtins." + name
				st.Builtins++
			}
			add(t, name, snapshot.Fact{Kind: kind, Evidence: snapshot.FromDocs})
			st.Python++
		case "c":
			if !cRoles[e.Role] {
				st.Ignored++
				continue
			}
			t.AddC(snapshot.CSymbol{Name: e.Name, Public: true, Evidence: snapshot.FromDocs})
			st.C++
		default:
			st.Ignored++
		}
	}
	return st
}

// isPackageOf reports whether a documented module has documented
// submodules, which makes it a package.
func isPackageOf(mod string, modules map[string]bool) bool {
	for m := range modules {
		if strings.HasPrefix(m, mod+".") {
			return true
		}
	}
	return false
}

// add is AddThroughAliases that leaves an alias alone: the docs declare
// os.path a module, but the source and runtime know it is posixpath
// under another name, and a module fact would replace that alias with an
// empty module. The docs' word is still recorded as evidence.
//
// A class that no other source defines as one (types.CodeType is
// type(_f.__code__), unittest.IsolatedAsyncioTestCase is served by a
// module __getattr__) is open: the docs do not list inherited members.
func add(t *snapshot.Tree, dotted string, f snapshot.Fact) {
	c := t.Canonical(dotted)
	n := t.Lookup(c)
	if n != nil && n.Kind == snapshot.KindAlias && f.Kind != snapshot.KindAlias {
		n.Merge(snapshot.Fact{Evidence: f.Evidence})
		return
	}
	if f.Kind == snapshot.KindClass && (n == nil || n.Kind != snapshot.KindClass) {
		f.Flags |= snapshot.FlagOpen
	}
	t.Add(c, f)
}
