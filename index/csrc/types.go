package csrc

import (
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Types: a type object, spec or struct-sequence description resolved to
// its tables, recorded as a class where a module exposes it (or, failing
// that, under its own dotted name), with its methods, properties and
// constructor signature.

// memberNamesToSkip are PyMemberDef entries that configure a heap type
// and never become attributes.
var memberNamesToSkip = map[string]bool{
	"__weaklistoffset__": true, "__dictoffset__": true, "__vectorcalloffset__": true,
}

// typeInfo is a type with its tables resolved.
type typeInfo struct {
	fi      *fileInfo
	decl    *typeDecl
	names   []string // dotted names from tp_name / spec name / desc name
	methods []*table
	getset  []*table
	members []*table
	fields  []*table
	init    string // C functions of tp_init / tp_new
	new     string
	bases   []baseExpr // tp_base, Py_tp_base(s), or the base given at creation
	open    bool       // some table could not be found
	// runtimeBase: bases come from the code that creates the type, not
	// from its declaration.
	runtimeBase bool
	exposed     bool
	paths       []string // where the class was recorded
}

// resolveType resolves a type declaration's name and tables (once).
func (l *linker) resolveType(fi *fileInfo, d *typeDecl) *typeInfo {
	if ti := l.types[d]; ti != nil {
		return ti
	}
	ti := &typeInfo{fi: fi, decl: d}
	l.types[d] = ti
	ref := func(expr string, kind tableKind, into *[]*table) {
		name := lastName(expr)
		if name == "" || name == "NULL" || expr == "0" {
			return
		}
		ts := l.lookupTables(fi, name, kind)
		if len(ts) == 0 {
			l.logf("%s:%d: type %s: table %s not found", fi.Path, d.Line, d.Var, name)
			ti.open = true
			return
		}
		*into = append(*into, ts...)
	}
	switch d.Source {
	case typeStatic:
		ti.names = l.strs(fi, d.Fields["tp_name"])
		ref(d.Fields["tp_methods"], tableMethods, &ti.methods)
		ref(d.Fields["tp_getset"], tableGetSet, &ti.getset)
		ref(d.Fields["tp_members"], tableMembers, &ti.members)
		ti.init, ti.new = lastName(d.Fields["tp_init"]), lastName(d.Fields["tp_new"])
		if b := d.Fields["tp_base"]; !isNullExpr(b) {
			ti.bases = []baseExpr{{fi: fi, expr: b, off: -1}}
		}
	case typeSpec:
		ti.names = l.strs(fi, d.Fields["name"])
		slotsVar := lastName(d.Fields["slots"])
		slots := l.lookupTables(fi, slotsVar, tableSlots)
		if len(slots) == 0 && slotsVar != "" {
			l.logf("%s:%d: type %s: slots %s not found", fi.Path, d.Line, d.Var, slotsVar)
			ti.open = true
		}
		for _, st := range slots {
			for _, e := range st.Entries {
				v := e.Fields["pfunc"]
				switch strings.TrimSpace(e.Fields["slot"]) {
				case "Py_tp_methods":
					ref(v, tableMethods, &ti.methods)
				case "Py_tp_getset":
					ref(v, tableGetSet, &ti.getset)
				case "Py_tp_members":
					ref(v, tableMembers, &ti.members)
				case "Py_tp_init":
					ti.init = lastName(v)
				case "Py_tp_new":
					ti.new = lastName(v)
				case "Py_tp_base", "Py_tp_bases":
					if !isNullExpr(v) {
						ti.bases = append(ti.bases, baseExpr{fi: fi, expr: v, off: -1})
					}
				}
			}
		}
	case typeStructSeq:
		ti.names = l.strs(fi, d.Fields["name"])
		ref(d.Fields["fields"], tableFields, &ti.fields)
	}
	return ti
}

// resolveValue finds what an added value is: a type object (&T for a
// static type, or a handle assigned from PyType_From*(..., &spec, ...)) or
// an exception class made by PyErr_NewException.
func (l *linker) resolveValue(fi *fileInfo, a moduleAdd) (*typeInfo, *handleRef) {
	name := addrOf(a.Value)
	if name != "" {
		if ti := l.lookupType(fi, name); ti != nil {
			return ti, nil
		}
	} else {
		name = lastName(a.Value)
	}
	h := l.handleFor(fi, name, a)
	if h == nil {
		return nil, nil
	}
	if h.h.Exc != "" {
		return nil, h
	}
	return l.lookupType(h.fi, h.h.Target), nil
}

// handleFor finds the assignment that gave a handle its value: the latest
// one before the use in the same file, else the only one anywhere (types
// created in one file of a module and added in another).
func (l *linker) handleFor(fi *fileInfo, name string, a moduleAdd) *handleRef {
	if name == "" {
		return nil
	}
	var best, first *handle
	for i := range fi.Handles {
		h := &fi.Handles[i]
		if h.Name != name {
			continue
		}
		if first == nil {
			first = h
		}
		before := h.Off < a.Off || h.Off == a.Off && h.Sub <= a.Sub
		if before && (best == nil || h.Off > best.Off || h.Off == best.Off && h.Sub > best.Sub) {
			best = h
		}
	}
	if best == nil {
		best = first
	}
	if best != nil {
		return &handleRef{fi, best}
	}
	refs := l.handles[name]
	if len(refs) == 0 {
		return nil
	}
	for _, r := range refs[1:] {
		if r.h.Target != refs[0].h.Target || r.h.Exc != refs[0].h.Exc {
			return nil
		}
	}
	return &refs[0]
}

// recordException writes an exception class made by PyErr_NewException.
func (l *linker) recordException(dotted string, h *handleRef, flags snapshot.Flags, a moduleAdd, fi *fileInfo) {
	f := snapshot.Fact{Kind: snapshot.KindClass, Flags: flags, File: fi.Path, Line: a.Line}
	if l.excPaths[h.h] == "" {
		l.excPaths[h.h] = dotted
	}
	l.add(dotted, f)
	l.pending = append(l.pending, pendingBases{dotted: dotted, exception: true,
		bases: []baseExpr{{fi: h.fi, expr: h.h.Base, off: h.h.Off, sub: h.h.Sub}}})
}

// recordClass writes a class and its members at dotted.
func (l *linker) recordClass(dotted string, ti *typeInfo, flags snapshot.Flags) {
	ti.exposed = true
	for _, p := range ti.paths {
		if p == dotted {
			return
		}
	}
	ti.paths = append(ti.paths, dotted)
	fi := ti.fi
	if ti.decl.Cond {
		flags |= snapshot.FlagPlatformSpecific
	}
	fact := snapshot.Fact{Kind: snapshot.KindClass, Flags: flags, File: fi.Path, Line: ti.decl.Line}
	if ti.open {
		fact.Flags |= snapshot.FlagOpen
	}
	if ti.decl.Source == typeStructSeq {
		// A struct sequence is a tuple with a few counts as class attributes.
		fact.Bases = []string{"builtins.tuple"}
	} else if len(ti.bases) > 0 {
		l.pending = append(l.pending, pendingBases{dotted: dotted, bases: ti.bases})
	}
	l.add(dotted, fact)
	if ti.decl.Source == typeStructSeq {
		for _, n := range structSeqAttrs {
			l.add(dotted+"."+n, snapshot.Fact{Kind: snapshot.KindAttribute, File: fi.Path, Line: ti.decl.Line})
		}
	}
	open := false
	for _, t := range ti.methods {
		if l.methodEntries(fi, t, dotted, snapshot.KindMethod) {
			open = true
		}
	}
	for _, group := range [][]*table{ti.getset, ti.members, ti.fields} {
		for _, t := range group {
			es, o := l.entries(fi, t)
			open = open || o
			for _, e := range es {
				names := l.strs(fi, e.fields["name"])
				if len(names) != 1 || !isIdent(names[0]) || memberNamesToSkip[names[0]] {
					continue
				}
				f := snapshot.Fact{Kind: snapshot.KindProperty, File: fi.Path, Line: t.Line}
				if e.cond {
					f.Flags |= snapshot.FlagPlatformSpecific
				}
				l.add(dotted+"."+names[0], f)
			}
		}
	}
	for _, ctor := range []struct{ name, cfunc string }{{"__init__", ti.init}, {"__new__", ti.new}} {
		if ctor.cfunc == "" {
			continue
		}
		params, known := l.signature(fi, ctor.cfunc, "")
		if !known {
			continue
		}
		f := snapshot.Fact{Kind: snapshot.KindMethod, File: fi.Path, Line: ti.decl.Line, Params: params, ParamsKnown: true}
		l.locate(fi, ctor.cfunc, &f)
		l.add(dotted+"."+ctor.name, f)
	}
	if open {
		l.t.Add(dotted, snapshot.Fact{Flags: snapshot.FlagOpen})
	}
}

// classPath is where a type is (or will be) recorded, for Bases.
func (l *linker) classPath(ti *typeInfo) string {
	if len(ti.paths) > 0 {
		return ti.paths[0]
	}
	if len(ti.names) == 1 {
		if n := ti.names[0]; strings.Contains(n, ".") {
			return n
		}
	}
	return ""
}

// unexposedTypes records types that no module addition was traced to,
// under their own dotted name (tp_name "re.Match" -> re.Match). Types
// without a module in their name are builtins only when bltinmodule.c adds
// them, which the module-add pass already handled.
func (l *linker) unexposedTypes() {
	for _, fi := range l.files {
		for _, d := range fi.Decls.types {
			ti := l.resolveType(fi, d)
			if ti.exposed {
				continue
			}
			for _, n := range ti.names {
				dot := strings.LastIndexByte(n, '.')
				if dot < 0 || !isDottedIdent(n) {
					continue
				}
				// Only under a module the tree knows, a Python module an
				// earlier indexer recorded (re.Match, but not contextvars'
				// "Token.MISSING"), or a C module whose additions we could
				// not all read: a fully read C module that never adds the
				// type does not have it as an attribute (_io._BytesIOBuffer).
				parent := l.t.Lookup(n[:dot])
				if parent == nil || !parent.Kind.IsModule() || l.modules[n[:dot]] && parent.Flags&snapshot.FlagOpen == 0 {
					continue
				}
				l.recordClass(n, ti, 0)
			}
		}
	}
}
