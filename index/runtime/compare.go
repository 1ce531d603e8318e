package runtime

import (
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Coverage measures how much of what an interpreter has a snapshot
// resolves: the proof a maintainer runs (pyrefcheck crosscheck) before
// trusting a snapshot built without runtime evidence.
//
// What is counted:
//
//   - Modules: every module the interpreter imports (those it does not
//     have, such as Windows-only ones on Linux, are skipped; those that
//     exist but fail to import are counted). Private C modules (a
//     component starting with "_" and no Lib/ file: _socket, _testcapi)
//     are skipped entirely; their public faces are checked instead.
//     Private Python modules (asyncio.base_events is public,
//     concurrent.futures._base is not) count as names but their members
//     do not.
//   - ModuleNames: every module-level name not starting with "_" of every
//     public module that imported, whatever its value: a user can write
//     any of them. That includes imported modules (tarfile.os) and
//     re-exports (os.stat): a snapshot answers them as aliases.
//   - ClassMembers: members not starting with "_" (so no dunders) of the
//     public classes of public modules, inherited ones included
//     (http.cookies.SimpleCookie.load). A class reachable under several
//     public names is counted once, under the first in sorted order.
//   - Params: pure-Python functions and methods only (code in Lib/*.py,
//     public names plus __init__) whose signature the interpreter gave;
//     matched when the resolved parameters agree in names, kinds and
//     whether each has a default. C signatures come from Argument Clinic
//     text and are not compared here.
type Coverage struct {
	Modules, ModulesOK, ModulesMissing, ModulesUnknown                     int
	ModuleNames, ModuleNamesOK, ModuleNamesMissing, ModuleNamesUnknown     int
	ClassMembers, ClassMembersOK, ClassMembersMissing, ClassMembersUnknown int
	ParamsChecked, ParamsMatched                                           int
	// Misses lists every name that did not resolve ok and every signature
	// that did not match, sorted by symbol.
	Misses []Miss
}

// Miss is one shortfall of the snapshot.
type Miss struct {
	Symbol string
	// Status is the resolution status ("missing", "unknown"), or for a
	// signature "params-differ" or "params-unknown".
	Status string
	Kind   string // module, name, member, params
	Detail string // for params: what the interpreter and the snapshot say
}

// Compare resolves everything public that d holds through resolve (the
// snapshot's Resolve) and counts the answers.
func Compare(d *Dump, resolve func(dotted string) snapshot.Resolution) Coverage {
	var c Coverage
	mods := append([]Module(nil), d.Modules...)
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })

	count := func(kind, dotted string, total, ok, missing, unknown *int) snapshot.Resolution {
		r := resolve(dotted)
		*total++
		switch r.Status {
		case snapshot.StatusOK:
			*ok++
		case snapshot.StatusMissing:
			*missing++
			c.Misses = append(c.Misses, Miss{Symbol: dotted, Status: r.Status.String(), Kind: kind})
		default:
			*unknown++
			c.Misses = append(c.Misses, Miss{Symbol: dotted, Status: r.Status.String(), Kind: kind})
		}
		return r
	}
	checkParams := func(dotted, file string, known bool, params []Param) {
		if !known || !strings.HasPrefix(file, "Lib/") || !strings.HasSuffix(file, ".py") {
			return
		}
		r := resolve(dotted)
		if r.Status != snapshot.StatusOK {
			return // already a miss of its own
		}
		c.ParamsChecked++
		want := toParams(params)
		switch {
		case !r.ParamsKnown:
			c.Misses = append(c.Misses, Miss{Symbol: dotted, Status: "params-unknown", Kind: "params",
				Detail: "interpreter: " + snapshot.FormatParamNames(want)})
		case !sameParams(want, r.Params):
			c.Misses = append(c.Misses, Miss{Symbol: dotted, Status: "params-differ", Kind: "params",
				Detail: "interpreter: " + snapshot.FormatParamNames(want) + "; snapshot: " + snapshot.FormatParamNames(r.Params)})
		default:
			c.ParamsMatched++
		}
	}

	seenClass := map[string]bool{}
	for _, m := range mods {
		if m.NotFound {
			continue
		}
		private := isPrivatePath(m.Name)
		if private && m.File == "" {
			continue // a private C module
		}
		count("module", m.Name, &c.Modules, &c.ModulesOK, &c.ModulesMissing, &c.ModulesUnknown)
		if private || !m.Imported() {
			continue
		}
		for _, n := range m.Names {
			if strings.HasPrefix(n.Name, "_") {
				continue
			}
			path := m.Name + "." + n.Name
			count("name", path, &c.ModuleNames, &c.ModuleNamesOK, &c.ModuleNamesMissing, &c.ModuleNamesUnknown)
			switch n.Kind {
			case "function":
				if n.DefinedIn == "" {
					checkParams(path, n.File, n.ParamsKnown, n.Params)
				}
			case "class":
				key := n.DefinedIn
				if key == "" {
					key = path
				}
				if seenClass[key] {
					continue
				}
				seenClass[key] = true
				for _, mem := range n.Members {
					mp := path + "." + mem.Name
					if mem.Own && mem.Name == "__init__" {
						checkParams(mp, mem.File, mem.ParamsKnown, mem.Params)
					}
					if strings.HasPrefix(mem.Name, "_") {
						continue
					}
					count("member", mp, &c.ClassMembers, &c.ClassMembersOK, &c.ClassMembersMissing, &c.ClassMembersUnknown)
					if mem.Own {
						checkParams(mp, mem.File, mem.ParamsKnown, mem.Params)
					}
				}
			}
		}
	}
	sort.SliceStable(c.Misses, func(i, j int) bool {
		if c.Misses[i].Symbol != c.Misses[j].Symbol {
			return c.Misses[i].Symbol < c.Misses[j].Symbol
		}
		return c.Misses[i].Kind < c.Misses[j].Kind
	})
	return c
}

// isPrivatePath reports whether any component of a dotted module name
// starts with an underscore (dunder names such as __future__ are public).
func isPrivatePath(dotted string) bool {
	for _, p := range strings.Split(dotted, ".") {
		if strings.HasPrefix(p, "_") && !(strings.HasPrefix(p, "__") && strings.HasSuffix(p, "__")) {
			return true
		}
	}
	return false
}

// sameParams compares names, kinds and the presence of defaults: default
// text differs between source ("_DEFAULT") and runtime ("...").
func sameParams(a, b []snapshot.Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Kind != b[i].Kind || (a[i].Default == "") != (b[i].Default == "") {
			return false
		}
	}
	return true
}
