package csrc

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Calls that put names into a module at init time (PyModule_Add* and the
// module dict), the assignments that create types from specs (so that
// PyModule_AddType(m, state->X) can be traced back to X's spec), and the
// local helper macros and functions that wrap either. Wrappers are found,
// not listed: a macro or static function whose body passes one of its own
// parameters as the name (or type) of such a call is expanded at each call
// site, so ADD_INT_MACRO(m, AF_INET), INS(x), add_errcode("EPERM", ...) and
// setup_confname_table(..., "pathconf_names", m) all resolve.

// adder describes a C API call that adds a name to a module.
type adder struct {
	nameArg   int  // argument holding the name (-1: the type's own name)
	valueArg  int  // argument holding the value (-1: none worth reading)
	stringify bool // the name argument is a macro whose spelling is the name
	dict      bool // PyDict_SetItem[String]: only counts on a module's dict
	objName   bool // the name is a str object, traced to PyUnicode_FromString(name)
	functions bool // PyModule_AddFunctions: the value is a method table
}

var adders = map[string]adder{
	"PyModule_AddIntConstant":    {nameArg: 1, valueArg: -1},
	"PyModule_AddStringConstant": {nameArg: 1, valueArg: -1},
	"PyModule_AddObject":         {nameArg: 1, valueArg: 2},
	"PyModule_AddObjectRef":      {nameArg: 1, valueArg: 2},
	"PyModule_Add":               {nameArg: 1, valueArg: 2},
	"PyModule_AddIntMacro":       {nameArg: 1, valueArg: -1, stringify: true},
	"PyModule_AddStringMacro":    {nameArg: 1, valueArg: -1, stringify: true},
	"PyModule_AddType":           {nameArg: -1, valueArg: 1},
	"PyModule_AddFunctions":      {nameArg: -1, valueArg: 1, functions: true},
	"PyDict_SetItemString":       {nameArg: 1, valueArg: 2, dict: true},
	"PyDict_SetItem":             {nameArg: 1, valueArg: 2, dict: true, objName: true},
}

// strFromC returns X when name was assigned PyUnicode_FromString(X) (or
// the interning variant) in text before at.
func strFromC(text []byte, name string, at int) string {
	found := ""
	forEachWord(text[:at], name, func(p int) {
		i := skipSpace(text, p+len(name))
		if i >= len(text) || text[i] != '=' {
			return
		}
		fn, j := identAt(text, i+1)
		if fn != "PyUnicode_FromString" && fn != "PyUnicode_InternFromString" {
			return
		}
		if args, _, ok := callArgs(text, j); ok && len(args) == 1 {
			found = args[0]
		}
	})
	return found
}

// creators make type objects; the handle they are assigned to is recorded.
var creators = map[string]bool{
	"PyType_FromSpec": true, "PyType_FromSpecWithBases": true, "PyType_FromModuleAndSpec": true,
	"PyType_FromMetaclass": true, "PyStructSequence_NewType": true,
	"PyStructSequence_InitType": true, "PyStructSequence_InitType2": true,
	"_PyStructSequence_InitBuiltin": true, "_PyStructSequence_InitBuiltinWithFlags": true,
}

// moduleAdd is one name added to a module.
type moduleAdd struct {
	NameExpr  string // the name argument (a string expression), or the macro for stringify
	Stringify bool
	Value     string // value expression, for type resolution
	AddType   bool   // PyModule_AddType: the name is the type's own
	Functions bool   // PyModule_AddFunctions(m, table)
	Module    string // a fixed target module; "" means the file's modules
	// TypeExpr, when set, is the type whose dict gets the name instead of
	// a module ("d = _PyType_GetDict(&T); PyDict_SetItemString(d, ...)",
	// or a getset descriptor made with PyDescr_NewGetSet(T, ...)).
	TypeExpr string
	Property bool // a descriptor, not a plain value
	Off, Sub int  // call site (and offset inside a macro expansion)
	Line     int
	Cond     bool
}

// handle records "X = PyType_From...(..., &spec, base)": X names the type
// built from spec (or from a struct-sequence description), or
// "X = PyErr_NewException("mod.error", base, NULL)": X is an exception
// class with that name.
type handle struct {
	Name, Target string
	Exc          string // exception name expression
	Base         string // base (or tuple of bases) expression given at run time
	Off, Sub     int
}

// specCreators are the PyType_From* functions: the arguments holding the
// spec and the base (or tuple of bases); -1 when there is none.
var specCreators = map[string][2]int{
	"PyType_FromSpec":          {0, -1},
	"PyType_FromSpecWithBases": {0, 1},
	"PyType_FromModuleAndSpec": {1, 2},
	"PyType_FromMetaclass":     {2, 3},
}

// exceptionCreators make exception classes: the argument index of the
// name and of the base.
var exceptionCreators = map[string][2]int{
	"PyErr_NewException":        {0, 1},
	"PyErr_NewExceptionWithDoc": {0, 2},
}

// descrMakers make descriptors that init code puts in a type's dict.
var descrMakers = map[string]bool{"PyDescr_NewGetSet": true}

// callable is a macro or a wrapper function that can be expanded.
type callable struct {
	m      *macro
	isFunc bool
	start  int // body range of a wrapper function, to skip its own calls
	end    int
}

type callScanner struct {
	clean    []byte
	starts   []int
	dirs     *directives
	funcs    []cFunc // sorted by BodyStart
	wrappers map[string]*callable
	dictVars map[int]map[string]bool // function index -> vars holding PyModule_GetDict(...)
	adds     []moduleAdd
	handles  []handle
}

var interesting = func() []string {
	var out []string
	for n := range adders {
		out = append(out, n)
	}
	for n := range creators {
		out = append(out, n)
	}
	for n := range exceptionCreators {
		out = append(out, n)
	}
	for n := range descrMakers {
		out = append(out, n)
	}
	out = append(out, "PyObject_CallFunction")
	sort.Strings(out)
	return out
}()

// scanCalls finds module additions and type handles in one file.
func scanCalls(clean []byte, starts []int, dirs *directives, funcs []cFunc) *callScanner {
	s := &callScanner{clean: clean, starts: starts, dirs: dirs, funcs: funcs,
		wrappers: map[string]*callable{}, dictVars: map[int]map[string]bool{}}
	if !bytes.Contains(clean, []byte("PyModule_")) && !bytes.Contains(clean, []byte("PyDict_SetItem")) &&
		!bytes.Contains(clean, []byte("PyType_From")) && !bytes.Contains(clean, []byte("PyStructSequence_")) {
		return s
	}
	s.findWrappers()
	names := append([]string(nil), interesting...)
	for n := range s.wrappers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		forEachWord(clean, name, func(at int) {
			if s.inDefinition(at) {
				return
			}
			s.call(name, clean, at, at, 0)
		})
	}
	return s
}

// findWrappers collects the file's macros and static functions whose bodies
// call an adder or creator (or another wrapper) with their own parameters.
func (s *callScanner) findWrappers() {
	known := func(body string) bool {
		for _, n := range interesting {
			if strings.Contains(body, n) {
				return true
			}
		}
		for n := range s.wrappers {
			if containsWord(body, n) {
				return true
			}
		}
		return false
	}
	var funcWrappers []*callable
	for _, f := range s.funcs {
		if f.ParamsText == "" {
			continue
		}
		params := paramNames(f.ParamsText)
		if len(params) == 0 {
			continue
		}
		funcWrappers = append(funcWrappers, &callable{
			m:      &macro{Name: f.Name, FuncLike: true, Params: params, Body: string(s.clean[f.BodyStart:f.BodyEnd])},
			isFunc: true, start: f.BodyStart, end: f.BodyEnd,
		})
	}
	for round := 0; round < 4; round++ {
		changed := false
		for _, m := range s.dirs.macros {
			if m.FuncLike && s.wrappers[m.Name] == nil && known(m.Body) {
				s.wrappers[m.Name] = &callable{m: m}
				changed = true
			}
		}
		for _, w := range funcWrappers {
			if s.wrappers[w.m.Name] == nil && known(w.m.Body) && usesParamAsName(w.m) {
				s.wrappers[w.m.Name] = w
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// usesParamAsName reports whether a function passes one of its parameters
// as the name or value of an adder: only then is it worth expanding.
func usesParamAsName(m *macro) bool {
	body := []byte(m.Body)
	for name, a := range adders {
		found := false
		forEachWord(body, name, func(at int) {
			args, _, ok := callArgs(body, at+len(name))
			if !ok {
				return
			}
			for _, idx := range []int{a.nameArg, a.valueArg} {
				if idx < 0 || idx >= len(args) {
					continue
				}
				arg := args[idx]
				if a.objName && idx == a.nameArg && isIdent(arg) {
					arg = strFromC(body, arg, at)
				}
				for _, p := range m.Params {
					if arg == p {
						found = true
					}
				}
			}
		})
		if found {
			return true
		}
	}
	return false
}

func containsWord(s, w string) bool {
	found := false
	forEachWord([]byte(s), w, func(int) { found = true })
	return found
}

// paramNames returns the parameter names of a C parameter list.
func paramNames(text string) []string {
	text = strings.TrimSpace(text)
	text = strings.TrimSuffix(strings.TrimPrefix(text, "("), ")")
	var out []string
	for _, p := range splitTop([]byte(text)) {
		if p == "void" || p == "..." {
			continue
		}
		// Drop array suffixes and function-pointer parameter lists.
		if i := strings.IndexByte(p, '['); i >= 0 {
			p = p[:i]
		}
		ids := identifiers(p)
		if len(ids) == 0 {
			return nil
		}
		out = append(out, ids[len(ids)-1])
	}
	return out
}

// inDefinition reports whether an offset lies in a #define line or in the
// body of a wrapper function: calls there are templates, not additions.
func (s *callScanner) inDefinition(at int) bool {
	if s.dirs.inDirective(at) {
		return true
	}
	for _, w := range s.wrappers {
		if w.isFunc && w.start <= at && at < w.end {
			return true
		}
	}
	return false
}

// call handles one call of name at text[at]; site is the offset in the
// file of the outermost call (the text may be a macro expansion).
func (s *callScanner) call(name string, text []byte, at, site, depth int) {
	args, end, ok := callArgs(text, at+len(name))
	if !ok {
		return
	}
	sub := 0
	if depth > 0 {
		sub = at + 1
	}
	if a, ok := adders[name]; ok {
		if a.objName && a.nameArg < len(args) && isIdent(args[a.nameArg]) {
			str := strFromC(text, args[a.nameArg], at)
			if str == "" {
				return // a key built some other way: not a module constant we can read
			}
			args = append([]string(nil), args...)
			args[a.nameArg] = str
		}
		if !isDeclarationSite(text, at, end) {
			s.addCall(a, args, site, sub)
		}
		return
	}
	if isDeclarationSite(text, at, end) {
		return // the wrapper's own definition or prototype
	}
	if descrMakers[name] {
		if len(args) == 2 {
			s.descrCall(args, site, sub)
		}
		return
	}
	if creators[name] {
		s.creatorCall(name, text, at, end, args, site, sub)
		return
	}
	if name == "PyObject_CallFunction" {
		if h, ok := typeCall(args); ok {
			if h.Name = assignedName(text, at); h.Name != "" {
				h.Off, h.Sub = site, sub
				s.handles = append(s.handles, h)
				s.aliases(h, text, end, site, sub)
			}
		}
		return
	}
	if idx, ok := exceptionCreators[name]; ok {
		if lhs := assignedName(text, at); lhs != "" && idx[0] < len(args) {
			h := handle{Name: lhs, Exc: args[idx[0]], Off: site, Sub: sub}
			if idx[1] < len(args) {
				h.Base = args[idx[1]]
			}
			s.handles = append(s.handles, h)
			s.aliases(h, text, end, site, sub)
		}
		return
	}
	w := s.wrappers[name]
	if w == nil || depth >= 4 {
		return
	}
	exp := []byte(expand(w.m, args))
	for _, h := range addrAssignments(exp) {
		h.Off, h.Sub = site, h.Sub+1
		s.handles = append(s.handles, h)
	}
	names := append([]string(nil), interesting...)
	for n := range s.wrappers {
		if n != name {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	type hit struct {
		at   int
		name string
	}
	var hits []hit
	for _, n := range names {
		forEachWord(exp, n, func(p int) { hits = append(hits, hit{p, n}) })
	}
	// Keep the expansion's own order so a handle assigned in it is seen
	// before the PyModule_AddType that uses it.
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	for _, h := range hits {
		s.call(h.name, exp, h.at, site, depth+1)
	}
}

func (s *callScanner) addCall(a adder, args []string, site, sub int) {
	add := moduleAdd{
		Stringify: a.stringify, AddType: a.nameArg < 0 && !a.functions, Functions: a.functions,
		Off: site, Sub: sub, Line: lineOf(s.starts, site),
		Cond: s.dirs.depthAt(site) > s.dirs.depthAt(s.funcStart(site)),
	}
	if a.dict {
		if len(args) < 1 {
			return
		}
		if !s.isModuleDict(args[0], site) {
			if add.TypeExpr = s.typeDictOf(args[0], site); add.TypeExpr == "" {
				return
			}
		}
	}
	if a.nameArg >= 0 {
		if a.nameArg >= len(args) {
			return
		}
		add.NameExpr = args[a.nameArg]
	}
	if a.valueArg >= 0 && a.valueArg < len(args) {
		add.Value = args[a.valueArg]
	}
	s.adds = append(s.adds, add)
}

var moduleDictName = regexp.MustCompile(`(?i)^(mod\w*dict|sysdict|module_?dict|bdict|builtins?_?dict)$`)

// isModuleDict reports whether expr names a module's dict at site: a
// variable assigned from PyModule_GetDict in the same function, or one
// conventionally named so.
func (s *callScanner) isModuleDict(expr string, site int) bool {
	expr = strings.TrimSpace(expr)
	if !isIdent(expr) {
		return strings.Contains(expr, "PyModule_GetDict")
	}
	if moduleDictName.MatchString(expr) {
		return true
	}
	fi := s.funcAt(site)
	if fi < 0 {
		return false
	}
	vars, ok := s.dictVars[fi]
	if !ok {
		vars = map[string]bool{}
		f := s.funcs[fi]
		body := s.clean[f.BodyStart:f.BodyEnd]
		forEachWord(body, "PyModule_GetDict", func(at int) {
			if lhs := assignedName(body, at); lhs != "" {
				vars[lhs] = true
			}
		})
		s.dictVars[fi] = vars
	}
	return vars[expr]
}

func (s *callScanner) funcAt(off int) int {
	i := sort.Search(len(s.funcs), func(i int) bool { return s.funcs[i].BodyStart > off }) - 1
	if i >= 0 && off < s.funcs[i].BodyEnd {
		return i
	}
	return -1
}

func (s *callScanner) funcStart(off int) int {
	if i := s.funcAt(off); i >= 0 {
		return s.funcs[i].BodyStart
	}
	return 0
}

// isDeclarationSite reports whether the call-shaped text at [at, end) is
// really a function's definition or prototype: "static int\nname(...) {"
// or "int name(...);". A call follows '=', '(', ',', an operator or return.
func isDeclarationSite(text []byte, at, end int) bool {
	j := at - 1
	for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
		j--
	}
	if j < 0 {
		return false
	}
	// A directive line ("#ifdef AF_UNIX") before the call ends nothing.
	ls := bytes.LastIndexByte(text[:j+1], '\n') + 1
	if k := skipSpace(text[:j+1], ls); k <= j && text[k] == '#' {
		return false
	}
	if text[j] == '*' {
		return true
	}
	if !isIdentByte(text[j]) {
		return false
	}
	k := j
	for k >= 0 && isIdentByte(text[k]) {
		k--
	}
	switch string(text[k+1 : j+1]) {
	case "return", "else", "case", "do":
		return false
	}
	return true
}

// aliases records "Y = (cast)X;" after X was assigned a type, as in
// CREATE_TYPE macros that build into a local and then store it.
func (s *callScanner) aliases(h handle, text []byte, from, site, sub int) {
	limit := min(len(text), from+4000)
	region := text[from:limit]
	forEachWord(region, h.Name, func(at int) {
		after := skipSpace(region, at+len(h.Name))
		if after >= len(region) || region[after] != ';' {
			return
		}
		if lhs := assignedName(region, at); lhs != "" && lhs != h.Name {
			alias := h
			alias.Name = lhs
			if sub > 0 {
				alias.Sub = from + at + 1 // later in the same expansion
			} else {
				alias.Off = from + at // later in the file
			}
			s.handles = append(s.handles, alias)
		}
	})
}

func (s *callScanner) creatorCall(name string, text []byte, at, end int, args []string, site, sub int) {
	if strings.HasPrefix(name, "PyStructSequence_Init") || strings.HasPrefix(name, "_PyStructSequence_Init") {
		// PyStructSequence_InitType2(&T, &desc), _PyStructSequence_InitBuiltin(interp, &T, &desc)
		var refs []string
		for _, a := range args {
			if r := addrOf(a); r != "" {
				refs = append(refs, r)
			}
		}
		if len(refs) >= 2 {
			s.handles = append(s.handles, handle{Name: refs[0], Target: refs[1], Off: site, Sub: sub})
		}
		return
	}
	target, base := "", ""
	if idx, ok := specCreators[name]; ok && idx[0] < len(args) {
		target = addrOf(args[idx[0]])
		if idx[1] >= 0 && idx[1] < len(args) {
			base = args[idx[1]]
		}
	}
	if target == "" {
		for _, a := range args {
			if r := addrOf(a); r != "" {
				target = r
				break
			}
		}
	}
	lhs := assignedName(text, at)
	if target != "" && lhs != "" {
		h := handle{Name: lhs, Target: target, Base: base, Off: site, Sub: sub}
		s.handles = append(s.handles, h)
		s.aliases(h, text, end, site, sub)
	}
}

// addrAssignments finds "X = (cast)&T;" in a macro expansion, as in
// "PyTypeObject *type = (TYPE_EXPR);" with TYPE_EXPR = &Struct_Type: X
// then stands for the static type T. Sub holds the offset of the '='.
func addrAssignments(text []byte) []handle {
	var out []handle
	for i := 0; i < len(text); i++ {
		if text[i] != '=' || i+1 < len(text) && text[i+1] == '=' || i > 0 && strings.IndexByte("=!<>+-*/%&|^", text[i-1]) >= 0 {
			continue
		}
		end := bytes.IndexByte(text[i:], ';')
		if end < 0 {
			break
		}
		rhs := strings.TrimSpace(string(text[i+1 : i+end]))
		target := addrOf(rhs)
		if target == "" || strings.Count(rhs, "&") != 1 || strings.ContainsAny(rhs, ",") {
			continue
		}
		j := i - 1
		for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n') {
			j--
		}
		k := j
		for k >= 0 && isIdentByte(text[k]) {
			k--
		}
		if name := string(text[k+1 : j+1]); isIdent(name) {
			out = append(out, handle{Name: name, Target: target, Sub: i})
		}
	}
	return out
}

// assignedName returns X for "X = (cast)call(" where the call starts at at.
func assignedName(text []byte, at int) string {
	j := at - 1
	back := func() {
		for j >= 0 && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
			j--
		}
	}
	back()
	for j >= 0 && text[j] == ')' {
		// a cast such as (PyTypeObject *)
		depth := 0
		for ; j >= 0; j-- {
			if text[j] == ')' {
				depth++
			} else if text[j] == '(' {
				depth--
				if depth == 0 {
					j--
					break
				}
			}
		}
		back()
	}
	if j < 0 || text[j] != '=' || j > 0 && strings.IndexByte("=!<>+-*/%&|^", text[j-1]) >= 0 {
		return ""
	}
	j--
	back()
	if j >= 0 && text[j] == ')' {
		// a parenthesised left side, as in a macro: "(exc) = call(...)"
		j--
		back()
	}
	end := j + 1
	for j >= 0 && isIdentByte(text[j]) {
		j--
	}
	name := string(text[j+1 : end])
	if !isIdent(name) {
		return ""
	}
	return name
}

// kwSig is what a kwlist and its format string say about a function.
type kwSig struct {
	Names    []string
	Optional int // index of the first optional parameter (len when none)
	KwOnly   int // index of the first keyword-only parameter (len when none)
	OK       bool
}

var kwFormatCalls = []string{"PyArg_ParseTupleAndKeywords", "PyArg_VaParseTupleAndKeywords"}

// scanKwlists reads, for each function that calls
// PyArg_ParseTupleAndKeywords, its keyword list and format string.
func scanKwlists(clean []byte, funcs []cFunc) map[string]kwSig {
	if !bytes.Contains(clean, []byte("AndKeywords")) {
		return nil
	}
	out := map[string]kwSig{}
	for _, f := range funcs {
		body := clean[f.BodyStart:f.BodyEnd]
		if !bytes.Contains(body, []byte("AndKeywords")) {
			continue
		}
		var sigs []kwSig
		for _, callName := range kwFormatCalls {
			forEachWord(body, callName, func(at int) {
				args, _, ok := callArgs(body, at+len(callName))
				if !ok || len(args) < 4 {
					return
				}
				sigs = append(sigs, kwSigOf(args[2], lastName(args[3]), body, clean))
			})
		}
		if len(sigs) == 0 {
			continue
		}
		sig := sigs[0]
		for _, other := range sigs[1:] {
			if !sameSig(sig, other) {
				sig.OK = false
			}
		}
		// The same function defined in two #ifdef branches with different
		// keywords (mmap's constructor on Windows and POSIX): unknown.
		if prev, ok := out[f.Name]; ok && !sameSig(prev, sig) {
			sig.OK = false
		}
		out[f.Name] = sig
	}
	return out
}

func sameSig(a, b kwSig) bool {
	return a.OK == b.OK && a.Optional == b.Optional && a.KwOnly == b.KwOnly &&
		strings.Join(a.Names, ",") == strings.Join(b.Names, ",")
}

// kwSigOf reads the keyword array named list (in the function body, else
// at file level) and checks it against the format string.
func kwSigOf(format, list string, body, file []byte) kwSig {
	var names []string
	var found bool
	for _, scope := range [][]byte{body, file} {
		if names, found = kwlistNames(scope, list); found {
			break
		}
	}
	if !found {
		return kwSig{}
	}
	fmtStr, ok := evalStrings(format, nil)
	if !ok || len(fmtStr) != 1 {
		return kwSig{Names: names}
	}
	units, optional, kwOnly := formatUnits(fmtStr[0])
	sig := kwSig{Names: names, Optional: optional, KwOnly: kwOnly, OK: units == len(names)}
	if sig.Optional < 0 {
		sig.Optional = len(names)
	}
	if sig.KwOnly < 0 {
		sig.KwOnly = len(names)
	}
	for _, n := range names {
		if !isIdent(n) {
			sig.OK = false // unnamed positional-only parameters
		}
	}
	return sig
}

// kwlistNames finds "list[] = { "a", "b", NULL }" in scope.
func kwlistNames(scope []byte, list string) ([]string, bool) {
	if list == "" {
		return nil, false
	}
	var names []string
	found := false
	forEachWord(scope, list, func(at int) {
		if found {
			return
		}
		i := skipSpace(scope, at+len(list))
		if i >= len(scope) || scope[i] != '[' {
			return
		}
		_, open, ok := declAfterType(scope, at)
		if !ok {
			return
		}
		close := matchClose(scope, open)
		if close < 0 {
			return
		}
		found = true
		for _, e := range splitTop(scope[open+1 : close]) {
			if e == "NULL" || e == "0" {
				break
			}
			s, ok := unquote(e)
			if !ok {
				names = append(names, "?")
				continue
			}
			names = append(names, s)
		}
	})
	return names, found
}

// formatUnits counts the format units of a PyArg_Parse format string and
// where "|" (optional) and "$" (keyword-only) start; -1 when absent.
func formatUnits(f string) (units, optional, kwOnly int) {
	optional, kwOnly = -1, -1
	for i := 0; i < len(f); i++ {
		switch c := f[i]; c {
		case ':', ';':
			return
		case '|':
			optional = units
		case '$':
			kwOnly = units
			if optional < 0 {
				optional = units
			}
		case '(':
			depth := 0
			for ; i < len(f); i++ {
				if f[i] == '(' {
					depth++
				} else if f[i] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			units++
		case '#', '&', '!', '*':
			// modifiers of the previous unit
		case 'e':
			// es, et, es#, et#: one unit
			i++
			units++
		default:
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				units++
			}
		}
	}
	return
}

// typeDictOf returns T when a dict expression is a type's dict: T->tp_dict,
// _PyType_GetDict(T), or a variable last assigned one of those before site
// in the same function.
func (s *callScanner) typeDictOf(expr string, site int) string {
	expr = strings.TrimSpace(expr)
	if t := typeOfDictExpr(expr); t != "" || !isIdent(expr) {
		return t
	}
	fi := s.funcAt(site)
	if fi < 0 {
		return ""
	}
	body := s.clean[s.funcs[fi].BodyStart:site]
	rhs := ""
	forEachWord(body, expr, func(at int) {
		i := skipSpace(body, at+len(expr))
		if i+1 < len(body) && body[i] == '=' && body[i+1] != '=' {
			if end := bytes.IndexByte(body[i:], ';'); end > 0 {
				rhs = strings.TrimSpace(string(body[i+1 : i+end]))
			}
		}
	})
	return typeOfDictExpr(rhs)
}

func typeOfDictExpr(e string) string {
	for _, fn := range []string{"_PyType_GetDict", "PyType_GetDict"} {
		if rest, ok := strings.CutPrefix(e, fn); ok {
			if args, _, ok := callArgs([]byte(rest), 0); ok && len(args) == 1 {
				return args[0]
			}
		}
	}
	for _, sep := range []string{"->tp_dict", ".tp_dict"} {
		if t, ok := strings.CutSuffix(e, sep); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}

// descrCall records PyDescr_NewGetSet(T, &p->getset): the descriptor's
// name is p->name, read later from the array p walks (pyexpat's handlers).
func (s *callScanner) descrCall(args []string, site, sub int) {
	g := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(args[1]), "&"))
	i := max(strings.LastIndex(g, "->"), strings.LastIndexByte(g, '.'))
	if i <= 0 {
		return
	}
	prefix := g[:i]
	sep := "."
	if strings.HasPrefix(g[i:], "->") {
		sep = "->"
	}
	s.adds = append(s.adds, moduleAdd{NameExpr: prefix + sep + "name", TypeExpr: args[0], Property: true,
		Off: site, Sub: sub, Line: lineOf(s.starts, site),
		Cond: s.dirs.depthAt(site) > s.dirs.depthAt(s.funcStart(site))})
}

// typeCall reads a class made by calling type:
// PyObject_CallFunction((PyObject *)&PyType_Type, "s(OO){}", "Name", A, B)
// makes class Name(A, B) (_io's UnsupportedOperation). It is recorded like
// an exception class, whose name and bases it has.
func typeCall(args []string) (handle, bool) {
	if len(args) < 3 || addrOf(args[0]) != "PyType_Type" {
		return handle{}, false
	}
	f, ok := unquote(strings.TrimSpace(args[1]))
	if !ok || !strings.HasPrefix(f, "s(") || !strings.HasSuffix(f, "){}") {
		return handle{}, false
	}
	bases := args[3:]
	if len(bases) != len(f)-len("s(){}") || len(bases) == 0 {
		return handle{}, false
	}
	return handle{Exc: args[2], Base: fmt.Sprintf("PyTuple_Pack(%d, %s)", len(bases), strings.Join(bases, ", "))}, true
}
