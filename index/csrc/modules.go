package csrc

import (
	"bytes"
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Modules: their import names, the functions of their method tables, and
// the names their init code adds (constants, types, exceptions), including
// names added in loops over static arrays.

// platformModules exist on one platform only: posixmodule.c's MODNAME is
// "nt" on Windows, winreg and friends are Windows-only, _scproxy macOS-only.
var platformModules = map[string]bool{
	"nt": true, "winreg": true, "msvcrt": true, "_winapi": true, "winsound": true,
	"_overlapped": true, "_msi": true, "_wmi": true, "_scproxy": true,
}

// moduleName is a module a file defines.
type moduleName struct {
	Name  string
	Flags snapshot.Flags
}

// moduleNames gives the import names of a module definition: the
// PyInit_<name> functions that use it, else its m_name.
func (l *linker) moduleNames(fi *fileInfo, md *moduleDecl) []string {
	var names []string
	for _, in := range fi.Inits {
		if containsStr(in.Defs, md.Var) {
			names = append(names, in.Modules...)
		}
	}
	if len(names) == 0 {
		names = l.strs(fi, md.Fields["m_name"])
	}
	var out []string
	for _, n := range names {
		if isDottedIdent(n) {
			out = append(out, n)
		}
	}
	return dedupe(out)
}

// declareModules records every module first, shallow names before dotted
// ones, so that sys.monitoring does not turn sys into an implied package.
func (l *linker) declareModules() {
	type decl struct {
		fi   *fileInfo
		md   *moduleDecl
		name string
	}
	var all []decl
	for _, fi := range l.files {
		for _, md := range fi.Decls.modules {
			for _, name := range l.moduleNames(fi, md) {
				all = append(all, decl{fi, md, name})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		return strings.Count(all[i].name, ".") < strings.Count(all[j].name, ".")
	})
	for _, d := range all {
		mn := moduleName{Name: d.name}
		if platformModules[d.name] || strings.HasPrefix(d.fi.Path, "PC/") || d.md.Cond {
			mn.Flags |= snapshot.FlagPlatformSpecific
		}
		if !containsModule(l.fileModules[d.fi], d.name) {
			l.fileModules[d.fi] = append(l.fileModules[d.fi], mn)
		}
		l.add(d.name, snapshot.Fact{Kind: snapshot.KindModule, Flags: mn.Flags, File: d.fi.Path, Line: d.md.Line})
		l.modules[d.name] = true
	}
}

func containsModule(ms []moduleName, name string) bool {
	for _, m := range ms {
		if m.Name == name {
			return true
		}
	}
	return false
}

// defineModules records the functions of the modules a file defines.
func (l *linker) defineModules(fi *fileInfo) {
	for _, mn := range l.fileModules[fi] {
		for _, md := range fi.Decls.modules {
			if !containsStr(l.moduleNames(fi, md), mn.Name) {
				continue
			}
			methods := lastName(md.Fields["m_methods"])
			if methods == "" || methods == "NULL" {
				continue
			}
			tabs := l.lookupTables(fi, methods, tableMethods)
			if len(tabs) == 0 {
				l.logf("%s: module %s: methods table %s not found", fi.Path, mn.Name, methods)
				l.openModules([]moduleName{mn})
			}
			for _, t := range tabs {
				if l.methodEntries(fi, t, mn.Name, snapshot.KindFunction) {
					l.openModules([]moduleName{mn})
				}
			}
		}
	}
}

// moduleAdds records the names a file's init code adds to its modules.
func (l *linker) moduleAdds(fi *fileInfo) {
	for _, a := range fi.Adds {
		targets := l.fileModules[fi]
		if a.Module != "" {
			targets = []moduleName{{Name: a.Module}}
		}
		if len(targets) == 0 || a.TypeExpr != "" {
			continue
		}
		flags := snapshot.Flags(0)
		if a.Cond {
			flags |= snapshot.FlagPlatformSpecific
		}
		switch {
		case a.Functions:
			l.addFunctions(fi, a, targets)
		case a.AddType:
			l.addType(fi, a, targets, flags)
		default:
			l.addNamed(fi, a, targets, flags)
		}
	}
}

// addFunctions records PyModule_AddFunctions(m, table).
func (l *linker) addFunctions(fi *fileInfo, a moduleAdd, targets []moduleName) {
	tabs := l.lookupTables(fi, lastName(a.Value), tableMethods)
	if len(tabs) == 0 {
		l.logf("%s:%d: methods table %q not found", fi.Path, a.Line, a.Value)
		l.openModules(targets)
	}
	for _, mn := range targets {
		for _, t := range tabs {
			l.methodEntries(fi, t, mn.Name, snapshot.KindFunction)
		}
	}
}

// addType records PyModule_AddType(m, T): the type under its own short
// name (the part of tp_name after the last dot).
func (l *linker) addType(fi *fileInfo, a moduleAdd, targets []moduleName, flags snapshot.Flags) {
	short := func(names []string) string {
		if len(names) == 0 {
			return ""
		}
		return names[0][strings.LastIndexByte(names[0], '.')+1:]
	}
	ti, exc := l.resolveValue(fi, a)
	switch {
	case ti != nil && short(ti.names) != "":
		for _, mn := range targets {
			l.recordClass(mn.Name+"."+short(ti.names), ti, flags)
		}
	case exc != nil && short(l.strs(exc.fi, exc.h.Exc)) != "":
		for _, mn := range targets {
			l.recordException(mn.Name+"."+short(l.strs(exc.fi, exc.h.Exc)), exc, flags, a, fi)
		}
	default:
		// PyModule_AddType(m, type) in a loop over an array of types
		types := l.loopTypes(fi, a)
		if len(types) == 0 {
			l.logf("%s:%d: cannot resolve the type added by %q", fi.Path, a.Line, a.Value)
			l.openModules(targets)
		}
		for _, lt := range types {
			if n := short(lt.names); n != "" {
				for _, mn := range targets {
					l.recordClass(mn.Name+"."+n, lt, flags)
				}
			}
		}
	}
}

// addNamed records a name added with its own spelling: a constant, an
// object, or a type or exception under another name.
func (l *linker) addNamed(fi *fileInfo, a moduleAdd, targets []moduleName, flags snapshot.Flags) {
	var names []string
	var condNames map[string]bool
	if a.Stringify {
		if n := strings.TrimSpace(a.NameExpr); isIdent(n) {
			names = []string{n}
		}
	} else if names = l.strs(fi, a.NameExpr); len(names) == 0 {
		if l.isTypeName(fi, a) {
			// name = _PyType_Name(type); PyModule_AddObjectRef(m, name, type)
			l.addType(fi, a, targets, flags)
			return
		}
		names, condNames = l.loopNames(fi, a)
	}
	if len(names) == 0 {
		l.logf("%s:%d: cannot read the name added by %q (value %q)", fi.Path, a.Line, a.NameExpr, a.Value)
		l.openModules(targets)
		return
	}
	var ti *typeInfo
	var exc *handleRef
	if a.Value != "" {
		ti, exc = l.resolveValue(fi, a)
	}
	excAlias := builtinExcAlias(a.Value)
	for _, mn := range targets {
		for _, n := range names {
			if !isIdent(n) {
				continue
			}
			dotted, flags := mn.Name+"."+n, flags
			if condNames[n] {
				flags |= snapshot.FlagPlatformSpecific
			}
			switch {
			case ti != nil:
				l.recordClass(dotted, ti, flags)
			case exc != nil:
				l.recordException(dotted, exc, flags, a, fi)
			case excAlias != "":
				// select.error is OSError: an alias, not a class of its own.
				l.add(dotted, snapshot.Fact{Kind: snapshot.KindAlias, Target: excAlias, Flags: flags, File: fi.Path, Line: a.Line})
			default:
				l.add(dotted, snapshot.Fact{Kind: snapshot.KindAttribute, Flags: flags, File: fi.Path, Line: a.Line})
			}
		}
	}
}

// openModules marks modules whose namespace holds names we could not read.
func (l *linker) openModules(targets []moduleName) {
	for _, mn := range targets {
		l.t.Add(mn.Name, snapshot.Fact{Flags: snapshot.FlagOpen, Evidence: snapshot.FromCSource})
	}
}

// loopNames reads the names a loop adds from a static array:
// PyModule_AddIntConstant(m, names[i], ...) over {"A", "B"}, or
// constant->name / table[i].name over {{"A", A}, {"B", B}}. cond marks
// names inside an #if of the array.
func (l *linker) loopNames(fi *fileInfo, a moduleAdd) (names []string, cond map[string]bool) {
	expr := strings.TrimSpace(a.NameExpr)
	if isIdent(expr) {
		// const char *name = error_codes[i].name; ... AddIntConstant(m, name, ...)
		expr = l.localInit(fi, expr, a.Off)
	}
	var array, field string
	if i := strings.Index(expr, "->"); i > 0 {
		ptr, f := strings.TrimSpace(expr[:i]), strings.TrimSpace(expr[i+2:])
		if !isIdent(ptr) || !isIdent(f) {
			return nil, nil
		}
		array, field = l.pointerArray(fi, ptr, a.Off), f
	} else if i := strings.IndexByte(expr, '['); i > 0 {
		array = strings.TrimSpace(expr[:i])
		close := strings.IndexByte(expr, ']')
		if close < i {
			return nil, nil
		}
		rest := strings.TrimSpace(expr[close+1:])
		if rest != "" {
			if !strings.HasPrefix(rest, ".") || !isIdent(strings.TrimSpace(rest[1:])) {
				return nil, nil
			}
			field = strings.TrimSpace(rest[1:])
		}
	}
	if !isIdent(array) {
		return nil, nil
	}
	return arrayNames(fi, array, field)
}

// funcBodyAround returns the body of the function whose body holds off.
func funcBodyAround(fi *fileInfo, off int) ([]byte, bool) {
	for _, f := range fi.Funcs {
		if f.BodyStart <= off && off < f.BodyEnd {
			return fi.clean[f.BodyStart:f.BodyEnd], true
		}
	}
	return nil, false
}

// localInit returns the initialiser of "v = expr;" in the function around
// off, or "".
func (l *linker) localInit(fi *fileInfo, v string, off int) string {
	body, ok := funcBodyAround(fi, off)
	if !ok {
		return ""
	}
	init := ""
	forEachWord(body, v, func(at int) {
		i := skipSpace(body, at+len(v))
		if init != "" || i+1 >= len(body) || body[i] != '=' || body[i+1] == '=' {
			return
		}
		if end := bytes.IndexByte(body[i:], ';'); end > 0 {
			init = strings.TrimSpace(string(body[i+1 : i+end]))
		}
	})
	return init
}

// loopTypes resolves PyModule_AddType(m, type) where type walks an array
// of types: "type = types[i]" (or the value is "types[i]" itself) over
// {&A_Type, state->b_type, ...}.
func (l *linker) loopTypes(fi *fileInfo, a moduleAdd) []*typeInfo {
	expr := strings.TrimSpace(a.Value)
	if name := lastName(expr); isIdent(name) && !strings.Contains(expr, "[") {
		if init := l.localInit(fi, name, a.Off); init != "" {
			if v := addrOf(init); v != "" {
				if ti := l.lookupType(fi, v); ti != nil {
					return []*typeInfo{ti}
				}
			}
			expr = init
		}
	}
	i := strings.IndexByte(expr, '[')
	if i <= 0 {
		return nil
	}
	array := lastName(expr[:i])
	_, open, close, found := arrayInit(fi, array)
	if !found {
		return nil
	}
	out := []*typeInfo{}
	for _, e := range splitTop(withoutDirectives(fi.clean[open+1:close], false)) {
		var ti *typeInfo
		if v := addrOf(e); v != "" {
			ti = l.lookupType(fi, v)
		} else if h := l.handleFor(fi, lastName(e), a); h != nil && h.h.Target != "" {
			ti = l.lookupType(h.fi, h.h.Target)
		}
		if ti != nil {
			out = append(out, ti)
		}
	}
	return out
}

// arrayInit finds the first definition "X[...] = {...}" of an array in a
// file: the offset of its name and of its initializer's braces.
func arrayInit(fi *fileInfo, array string) (at, open, close int, found bool) {
	forEachWord(fi.clean, array, func(w int) {
		if found {
			return
		}
		i := skipSpace(fi.clean, w+len(array))
		if i >= len(fi.clean) || fi.clean[i] != '[' {
			return
		}
		_, o, ok := declAfterType(fi.clean, w)
		if !ok {
			return
		}
		if c := matchClose(fi.clean, o); c >= 0 {
			at, open, close, found = w, o, c, true
		}
	})
	return at, open, close, found
}

// pointerArray finds the array a pointer walks: "p = X" or "*p = X" in the
// function around off.
func (l *linker) pointerArray(fi *fileInfo, ptr string, off int) string {
	body, ok := funcBodyAround(fi, off)
	if !ok {
		return ""
	}
	array := ""
	forEachWord(body, ptr, func(at int) {
		i := skipSpace(body, at+len(ptr))
		if array != "" || i >= len(body) || body[i] != '=' || i+1 < len(body) && body[i+1] == '=' {
			return
		}
		i = skipSpace(body, i+1)
		if i < len(body) && body[i] == '&' {
			i++
		}
		name, j := identAt(body, i)
		if j = skipSpace(body, j); name != "" && j < len(body) && (body[j] == ';' || body[j] == ',' || body[j] == '[') {
			array = name
		}
	})
	return array
}

// arrayNames returns the string names in "X[] = {...}": plain string
// elements, or the named (else first) field of brace elements.
func arrayNames(fi *fileInfo, array, field string) (names []string, cond map[string]bool) {
	cond = map[string]bool{}
	at, open, close, found := arrayInit(fi, array)
	if !found {
		return nil, cond
	}
	base := fi.dirs.depthAt(at)
	content := withoutDirectives(fi.clean[open+1:close], false)
	names = []string{}
	for _, e := range splitTopOffsets(content) {
		for _, text := range expandElements(fi, strings.TrimSpace(string(content[e[0]:e[1]])), 0) {
			if strings.HasPrefix(text, "{") && strings.HasSuffix(text, "}") {
				text = nameField(splitTop([]byte(text[1:len(text)-1])), field)
			}
			name, ok := unquote(text)
			if !ok || !isIdent(name) {
				continue
			}
			names = append(names, name)
			if fi.dirs.depthAt(open+1+e[0]) > base {
				cond[name] = true
			}
		}
	}
	return names, cond
}

// expandElements expands the element macros at the start of an array
// element: LANGINFO(CODESET) with #define LANGINFO(X) {#X, X}, or a run of
// HANDLER_INFO(A) HANDLER_INFO(B) whose bodies carry their own commas.
func expandElements(fi *fileInfo, text string, depth int) []string {
	m, j := identAt([]byte(text), 0)
	if m == "" || j >= len(text) || text[j] != '(' || depth > 2 {
		return []string{text}
	}
	for _, def := range fi.macros[m] {
		args, end, ok := callArgs([]byte(text), j)
		if !ok || !def.FuncLike {
			continue
		}
		var out []string
		for _, part := range splitTop([]byte(expand(def, args))) {
			out = append(out, expandElements(fi, part, depth+1)...)
		}
		if rest := strings.TrimSpace(text[end:]); rest != "" {
			out = append(out, expandElements(fi, rest, depth)...)
		}
		return out
	}
	return []string{text}
}

// nameField picks the name from a struct element's fields: the designated
// field if given, else the first string literal.
func nameField(fields []string, field string) string {
	for _, f := range fields {
		if strings.HasPrefix(f, ".") {
			if n, v, ok := strings.Cut(f[1:], "="); ok && strings.TrimSpace(n) == field {
				return strings.TrimSpace(v)
			}
		}
	}
	for _, f := range fields {
		if strings.HasPrefix(f, `"`) {
			return f
		}
	}
	return ""
}

// builtinExcAlias returns builtins.X for a value that is the interpreter's
// exception object PyExc_X (possibly cast), else "".
func builtinExcAlias(value string) string {
	v := strings.TrimSpace(value)
	if v == "" || strings.ContainsAny(v, "&[-.") {
		return ""
	}
	if x, ok := strings.CutPrefix(lastName(v), "PyExc_"); ok && isIdent(x) {
		return "builtins." + x
	}
	return ""
}

// typeDictAdds records the names init code puts in a type's dict (datetime's
// timezone.min, pyexpat's handler descriptors) on every path the type was
// recorded at; it runs after all classes are recorded.
func (l *linker) typeDictAdds() {
	for _, fi := range l.files {
		for _, a := range fi.Adds {
			if a.TypeExpr == "" {
				continue
			}
			ti := l.typeOfExpr(fi, a.TypeExpr, a)
			if ti == nil || len(ti.paths) == 0 {
				continue
			}
			names := l.strs(fi, a.NameExpr)
			var cond map[string]bool
			if len(names) == 0 {
				names, cond = l.loopNames(fi, a)
			}
			if len(names) == 0 {
				l.logf("%s:%d: cannot read the name added to type %q by %q", fi.Path, a.Line, a.TypeExpr, a.NameExpr)
				for _, p := range ti.paths {
					l.t.Add(p, snapshot.Fact{Flags: snapshot.FlagOpen, Evidence: snapshot.FromCSource})
				}
				continue
			}
			kind := snapshot.KindAttribute
			if a.Property {
				kind = snapshot.KindProperty
			}
			for _, p := range ti.paths {
				for _, n := range names {
					if !isIdent(n) {
						continue
					}
					f := snapshot.Fact{Kind: kind, File: fi.Path, Line: a.Line}
					if a.Cond || cond[n] {
						f.Flags |= snapshot.FlagPlatformSpecific
					}
					l.add(p+"."+n, f)
				}
			}
		}
	}
}

// typeOfExpr resolves a type expression at an addition: &T for a static
// type, or a handle assigned from PyType_From*.
func (l *linker) typeOfExpr(fi *fileInfo, expr string, a moduleAdd) *typeInfo {
	if v := addrOf(expr); v != "" {
		if ti := l.lookupType(fi, v); ti != nil {
			return ti
		}
	}
	if h := l.handleFor(fi, lastName(expr), a); h != nil && h.h.Target != "" {
		return l.lookupType(h.fi, h.h.Target)
	}
	return nil
}

// isTypeName reports whether an addition's name is a local variable holding
// the added type's own name: "name = _PyType_Name(type)".
func (l *linker) isTypeName(fi *fileInfo, a moduleAdd) bool {
	n := strings.TrimSpace(a.NameExpr)
	if !isIdent(n) || a.Value == "" {
		return false
	}
	init := l.localInit(fi, n, a.Off)
	for _, fn := range []string{"_PyType_Name", "PyType_GetName"} {
		if rest, ok := strings.CutPrefix(init, fn); ok {
			args, _, ok := callArgs([]byte(rest), 0)
			return ok && len(args) == 1 && lastName(args[0]) == lastName(a.Value)
		}
	}
	return false
}
