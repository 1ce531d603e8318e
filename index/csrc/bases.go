package csrc

import (
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Base classes. A C type names its base in many ways: tp_base in a static
// type (often a type of another file, &PyLong_Type for bool), a Py_tp_base
// slot, the base argument of PyType_FromSpecWithBases and friends, an
// assignment "X_Type.tp_base = &PyDict_Type;" in init code, the base of
// PyErr_NewException, or a tuple of bases built with PyTuple_Pack. The
// base is often recorded after the class that derives from it (bool comes
// before int in bltinmodule.c), so bases are resolved once everything is
// recorded. A base that exists but cannot be named makes the class open: a
// missing inherited member must answer "unknown", not "missing".

// baseExpr is a base as written in C, with where it was written: names in
// it are looked up from there (a handle assigned before off, a tuple built
// in the function around off). off < 0 when the place does not matter.
type baseExpr struct {
	fi       *fileInfo
	expr     string
	off, sub int
}

// pendingBases is a recorded class whose bases are resolved at the end.
type pendingBases struct {
	dotted    string
	bases     []baseExpr
	exception bool // PyErr_NewException: no base means Exception
}

// structSeqAttrs are the class attributes every struct sequence has.
var structSeqAttrs = []string{"n_fields", "n_sequence_fields", "n_unnamed_fields"}

// baseAssign is "X.tp_base = expr;" in init code, or "X[i].pfunc = expr;"
// filling in the Py_tp_base slot of a slot table (Slot >= 0).
type baseAssign struct {
	Var, Expr string
	Slot      int
	Off       int
}

func isNullExpr(expr string) bool {
	expr = stripCasts(expr)
	return expr == "" || expr == "NULL" || expr == "0"
}

// stripCasts removes the casts and parentheses around an expression:
// "(PyObject *)NULL" is NULL, "((PyObject *)&T)" is &T.
func stripCasts(e string) string {
	for range 8 {
		e = strings.TrimSpace(e)
		if !strings.HasPrefix(e, "(") {
			break
		}
		close := matchClose([]byte(e), 0)
		switch {
		case close == len(e)-1:
			e = e[1:close]
		case close > 0 && strings.Trim(e[1:close], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ *") == "":
			e = e[close+1:]
		default:
			return e
		}
	}
	return e
}

// baseAssignments finds "X.tp_base = expr;" and "X[i].pfunc = expr;"
// outside directives.
func baseAssignments(clean []byte, dirs *directives) []baseAssign {
	var out []baseAssign
	for _, field := range []string{"tp_base", "pfunc"} {
		forEachWord(clean, field, func(at int) {
			if dirs.inDirective(at) {
				return
			}
			j := at - 1
			for j >= 0 && (clean[j] == ' ' || clean[j] == '\t') {
				j--
			}
			if j < 0 || clean[j] != '.' {
				return
			}
			j--
			slot := -1
			if field == "pfunc" {
				// X[i]: a slot table's element
				if j < 0 || clean[j] != ']' {
					return
				}
				k := j - 1
				for k >= 0 && clean[k] >= '0' && clean[k] <= '9' {
					k--
				}
				if k < 0 || clean[k] != '[' || k == j-1 {
					return
				}
				slot = 0
				for _, c := range clean[k+1 : j] {
					slot = slot*10 + int(c-'0')
				}
				j = k - 1
			}
			for j >= 0 && (clean[j] == ' ' || clean[j] == '\t') {
				j--
			}
			k := j
			for k >= 0 && isIdentByte(clean[k]) {
				k--
			}
			v := string(clean[k+1 : j+1])
			i := skipSpace(clean, at+len(field))
			if !isIdent(v) || i+1 >= len(clean) || clean[i] != '=' || clean[i+1] == '=' {
				return
			}
			end := i + 1
			for end < len(clean) && clean[end] != ';' && clean[end] != '\n' {
				end++
			}
			if e := strings.TrimSpace(string(clean[i+1 : end])); e != "" {
				out = append(out, baseAssign{Var: v, Expr: e, Slot: slot, Off: at})
			}
		})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Off < out[b].Off })
	return out
}

// attachRuntimeBases gives types the bases their init code passes when it
// creates them (PyType_FromModuleAndSpec(m, &spec, base)) or assigns to
// tp_base. They replace the static ones, as they do at run time.
func (l *linker) attachRuntimeBases() {
	for _, fi := range l.files {
		for i := range fi.Handles {
			h := &fi.Handles[i]
			if h.Target == "" || h.Exc != "" || isNullExpr(h.Base) {
				continue
			}
			if ti := l.lookupType(fi, h.Target); ti != nil && !ti.runtimeBase {
				ti.bases = []baseExpr{{fi: fi, expr: h.Base, off: h.Off, sub: h.Sub}}
				ti.runtimeBase = true
			}
		}
		for _, a := range fi.BaseAssigns {
			if isNullExpr(a.Expr) {
				continue
			}
			for _, ti := range l.assignedTypes(fi, a) {
				if !ti.runtimeBase {
					ti.bases = []baseExpr{{fi: fi, expr: a.Expr, off: a.Off}}
					ti.runtimeBase = true
				}
			}
		}
	}
}

// assignedTypes are the types whose base an assignment sets: the static
// type X of "X.tp_base = ...", or the specs of the file whose slot table
// X has Py_tp_base (or Py_tp_bases) at the index "X[i].pfunc = ..." sets.
func (l *linker) assignedTypes(fi *fileInfo, a baseAssign) []*typeInfo {
	if a.Slot < 0 {
		if ti := l.lookupType(fi, a.Var); ti != nil {
			return []*typeInfo{ti}
		}
		return nil
	}
	isBaseSlot := false
	for _, t := range l.lookupTables(fi, a.Var, tableSlots) {
		if a.Slot < len(t.Entries) {
			switch strings.TrimSpace(t.Entries[a.Slot].Fields["slot"]) {
			case "Py_tp_base", "Py_tp_bases":
				isBaseSlot = true
			}
		}
	}
	if !isBaseSlot {
		return nil
	}
	var out []*typeInfo
	for _, d := range fi.Decls.types {
		if d.Source == typeSpec && lastName(d.Fields["slots"]) == a.Var {
			out = append(out, l.resolveType(fi, d))
		}
	}
	return out
}

// resolveBases writes the bases of every recorded class.
func (l *linker) resolveBases() {
	for _, p := range l.pending {
		var names []string
		open := false
		for _, b := range p.bases {
			ns, ok := l.baseNames(b, 0)
			if !ok {
				l.logf("%s: class %s: base %q not resolved", b.fi.Path, p.dotted, b.expr)
				open = true
			}
			names = append(names, ns...)
		}
		if len(names) == 0 && !open && p.exception {
			names = []string{"builtins.Exception"}
		}
		f := snapshot.Fact{Bases: names, Evidence: snapshot.FromCSource}
		if open {
			f.Flags |= snapshot.FlagOpen
		}
		l.t.Add(p.dotted, f)
	}
}

// baseNames resolves a base expression to dotted class names; ok is false
// when some base could not be named.
func (l *linker) baseNames(b baseExpr, depth int) (names []string, ok bool) {
	e := strings.TrimSpace(b.expr)
	if isNullExpr(e) {
		return nil, true
	}
	if items, isTuple := l.tupleItems(b, e); isTuple {
		if depth > 0 {
			return nil, false
		}
		ok = true
		for _, it := range items {
			ns, itemOK := l.baseNames(baseExpr{fi: b.fi, expr: it, off: b.off, sub: b.sub}, depth+1)
			names = append(names, ns...)
			ok = ok && itemOK
		}
		return names, ok
	}
	if v := addrOf(e); v != "" {
		if ti := l.lookupType(b.fi, v); ti != nil {
			if p := l.classPath(ti); p != "" {
				return []string{p}, true
			}
			return nil, false
		}
		if x, isExc := strings.CutPrefix(v, "_PyExc_"); isExc && isIdent(x) {
			return []string{"builtins." + x}, true
		}
		return nil, false
	}
	name := lastName(e)
	if x, isExc := strings.CutPrefix(name, "PyExc_"); isExc && isIdent(x) {
		// The interpreter's exception objects are the builtin exceptions.
		return []string{"builtins." + x}, true
	}
	if name == "" || b.off < 0 {
		return nil, false
	}
	h := l.handleFor(b.fi, name, moduleAdd{Off: b.off, Sub: b.sub})
	if h == nil {
		return nil, false
	}
	if h.h.Exc != "" {
		if p := l.excPaths[h.h]; p != "" {
			return []string{p}, true
		}
		return nil, false
	}
	if ti := l.lookupType(h.fi, h.h.Target); ti != nil {
		if p := l.classPath(ti); p != "" {
			return []string{p}, true
		}
	}
	return nil, false
}

// tupleItems reads a tuple of bases: PyTuple_Pack(n, a, b) itself, or a
// variable assigned one (the latest assignment before the use, in the same
// function).
func (l *linker) tupleItems(b baseExpr, e string) ([]string, bool) {
	pack := func(text string) ([]string, bool) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(text), "PyTuple_Pack")
		if !ok {
			return nil, false
		}
		args, _, ok := callArgs([]byte(rest), 0)
		if !ok || len(args) < 2 {
			return nil, false
		}
		return args[1:], true
	}
	if items, ok := pack(e); ok {
		return items, true
	}
	if !isIdent(e) && strings.HasPrefix(e, "(") {
		e = lastName(e) // (PyObject *)bases
	}
	if !isIdent(e) || b.off < 0 {
		return nil, false
	}
	var body []byte
	start := 0
	for _, f := range b.fi.Funcs {
		if f.BodyStart <= b.off && b.off < f.BodyEnd {
			body, start = b.fi.clean[f.BodyStart:f.BodyEnd], f.BodyStart
			break
		}
	}
	var items []string
	found := false
	forEachWord(body, e, func(at int) {
		if start+at >= b.off {
			return
		}
		i := skipSpace(body, at+len(e))
		if i+1 >= len(body) || body[i] != '=' || body[i+1] == '=' {
			return
		}
		j := skipSpace(body, i+1)
		if it, ok := pack(string(body[j:min(len(body), j+400)])); ok {
			items, found = it, true
		}
	})
	return items, found
}
