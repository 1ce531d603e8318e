package csrc

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// fileInfo is everything one C file contributes, before linking. It is
// built in parallel (one per file) and only read afterwards.
type fileInfo struct {
	Path      string // repository path, e.g. Modules/socketmodule.c
	Funcs     []cFunc
	TypeNames []named
	API       []named // PyAPI_FUNC / PyAPI_DATA declarations
	Macros    []*macro
	Includes  []string // quoted #include targets as written
	Clinic    *clinicInput
	Decls     declSink
	Adds      []moduleAdd
	Handles   []handle
	Kw        map[string]kwSig
	Inits     []initFunc
	// BaseAssigns are "X.tp_base = expr;" statements.
	BaseAssigns []baseAssign
	HasErrors   bool

	// Kept for the link phase, which expands macros defined in included
	// headers (cjkcodecs' I_AM_A_MODULE_FOR) over this file's text.
	clean  []byte
	starts []int
	dirs   *directives
	macros macroSet
	lines  map[string]int // function name -> line, built on first use
}

// funcLines maps the file's function names to their lines.
func (fi *fileInfo) funcLines() map[string]int {
	if fi.lines == nil {
		fi.lines = make(map[string]int, len(fi.Funcs))
		for _, f := range fi.Funcs {
			if _, dup := fi.lines[f.Name]; !dup {
				fi.lines[f.Name] = f.Line
			}
		}
	}
	return fi.lines
}

// initFunc is a module init function, PyInit_<name>, and the module
// definitions its body refers to: the import name of an extension module
// comes from here, not from m_name ("_io" has m_name "io").
type initFunc struct {
	Modules []string
	Defs    []string
}

// extractFile parses one C file and collects its facts.
func extractFile(g *grammar, parser *sitter.Parser, srcRoot, rel string) (*fileInfo, error) {
	src, err := os.ReadFile(path.Join(srcRoot, rel))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	tree := parser.Parse(src, nil)
	if tree == nil {
		return nil, fmt.Errorf("parsing %s: tree-sitter returned no tree", rel)
	}
	defer tree.Close()

	fi := &fileInfo{Path: rel}
	fi.clean = blankComments(src)
	fi.starts = lineStarts(src)
	fi.dirs = scanDirectives(fi.clean, fi.starts, strings.HasSuffix(rel, ".h"))
	fi.Macros = fi.dirs.macros
	fi.macros = macroSet{}
	fi.macros.add(fi.Macros)

	mayWrap := func(body []byte) bool {
		return bytes.Contains(body, []byte("PyModule_")) || bytes.Contains(body, []byte("PyDict_SetItem")) ||
			bytes.Contains(body, []byte("PyType_From")) || bytes.Contains(body, []byte("PyStructSequence_"))
	}
	syn := walkSyntax(g, tree, src, mayWrap)
	fi.HasErrors = syn.hasErrors
	fi.TypeNames = syn.typeNames
	for i := range syn.funcs {
		syn.funcs[i].BodyEnd = trimBody(fi.clean, fi.dirs, syn.funcs[i].BodyStart, syn.funcs[i].BodyEnd)
	}
	funcs := append(syn.funcs, textFunctions(fi.clean, fi.starts, fi.dirs, syn.funcs, mayWrap)...)
	sort.SliceStable(funcs, func(i, j int) bool { return funcs[i].BodyStart < funcs[j].BodyStart })

	fi.Clinic = parseClinic(src, fi.starts)
	lineAt := func(off int) int { return lineOf(fi.starts, off) }
	scanDecls(fi.clean, lineAt, fi.dirs.depthAt, &fi.Decls)
	fi.expandDeclMacros(fi.Macros)

	calls := scanCalls(fi.clean, fi.starts, fi.dirs, funcs)
	fi.Adds, fi.Handles = calls.adds, calls.handles
	fi.Kw = scanKwlists(fi.clean, funcs)
	fi.Inits = initFuncs(fi, funcs)
	fi.BaseAssigns = baseAssignments(fi.clean, fi.dirs)
	if rel == "Objects/exceptions.c" {
		fi.Adds = append(builtinsDictAdds(fi.Adds), builtinExceptions(fi)...)
	}
	fi.Includes = includes(fi.clean, fi.dirs)
	if strings.HasPrefix(rel, "Include/") {
		fi.API = apiDecls(fi.clean, fi.starts, fi.dirs)
	}
	// Bodies and parameter lists were only needed for the scans above.
	for i := range funcs {
		funcs[i].ParamsText = ""
	}
	fi.Funcs = funcs
	return fi, nil
}

// cKeywords start statements and declarations, never a function name.
var cKeywords = map[string]bool{
	"if": true, "for": true, "while": true, "switch": true, "return": true, "sizeof": true,
	"else": true, "do": true, "case": true, "default": true, "goto": true, "typedef": true,
	"struct": true, "enum": true, "union": true, "static": true, "extern": true,
}

// trimBody ends a function body at the first '}' in column 0, CPython's
// layout for the end of a function. Error recovery (an #ifdef that opens a
// brace in each branch) can otherwise stretch a body over the tables and
// functions after it.
func trimBody(clean []byte, dirs *directives, start, end int) int {
	for from := start + 1; from < end-1; {
		i := bytes.Index(clean[from:end-1], []byte("\n}"))
		if i < 0 {
			break
		}
		at := from + i + 1
		if !dirs.inDirective(at) { // not the "} while (0)" of a #define
			return at + 1
		}
		from = at
	}
	return end
}

// textFunctions finds, in CPython's own layout (the function name at the
// start of a line, the body's brace after the parameter list), the
// function definitions tree-sitter lost to error recovery: a table with
// #ifdef lines in posixmodule.c can swallow the functions after it.
func textFunctions(clean []byte, starts []int, dirs *directives, known []cFunc, keepParams func([]byte) bool) []cFunc {
	seen := map[int]bool{}
	var spans [][2]int
	for _, f := range known {
		seen[f.BodyStart] = true
		spans = append(spans, [2]int{f.BodyStart, f.BodyEnd})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	inside := func(off int) bool {
		i := sort.Search(len(spans), func(i int) bool { return spans[i][0] > off }) - 1
		return i >= 0 && off < spans[i][1]
	}
	var out []cFunc
	for _, ls := range starts {
		if ls >= len(clean) || !isIdentStart(clean[ls]) {
			continue
		}
		name, j := identAt(clean, ls)
		if cKeywords[name] || j >= len(clean) || clean[j] != '(' || dirs.inDirective(ls) || inside(ls) {
			continue
		}
		close := matchClose(clean, j)
		if close < 0 {
			continue
		}
		k := skipSpace(clean, close+1)
		if k >= len(clean) || clean[k] != '{' || seen[k] {
			continue
		}
		end := matchClose(clean, k)
		if end < 0 {
			end = len(clean) - 1
		}
		end = trimBody(clean, dirs, k, end+1) - 1
		f := cFunc{Name: name, Line: lineOf(starts, ls), BodyStart: k, BodyEnd: end + 1}
		if keepParams != nil && keepParams(clean[k:end+1]) {
			f.ParamsText = string(clean[j : close+1])
		}
		seen[k] = true
		spans = append(spans, [2]int{k, end + 1})
		sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
		out = append(out, f)
	}
	return out
}

// expandDeclMacros expands the invocations, in this file, of function-like
// macros that define type objects or module definitions (exceptions.c's
// SimpleExtendsException, cjkcodecs' I_AM_A_MODULE_FOR), and scans the
// expansions as declarations at the invocation's line. A macro that only
// invokes such a macro (MiddlingExtendsException is "static
// MiddlingExtendsExceptionEx(...)") is expanded too, and its expansion
// rescanned.
func (fi *fileInfo) expandDeclMacros(candidates []*macro) {
	direct, wrappers := declMacros(candidates)
	all := append(append([]*macro(nil), direct...), wrappers...)
	for _, m := range all {
		forEachWord(fi.clean, m.Name, func(at int) {
			if fi.dirs.inDirective(at) {
				return
			}
			args, _, ok := callArgs(fi.clean, at+len(m.Name))
			if !ok {
				return
			}
			line, depth := lineOf(fi.starts, at), fi.dirs.depthAt(at)
			fi.scanExpansion(m, args, all, line, depth, 0)
		})
	}
}

// scanExpansion scans one macro invocation's expansion for declarations,
// then the expansions of the declaring macros it invokes in turn.
func (fi *fileInfo) scanExpansion(m *macro, args []string, ms []*macro, line, depth, level int) {
	exp := []byte(expand(m, args))
	scanDecls(exp, func(int) int { return line }, func(int) int { return depth }, &fi.Decls)
	if level >= 3 {
		return
	}
	for _, inner := range ms {
		if inner == m {
			continue
		}
		forEachWord(exp, inner.Name, func(at int) {
			if args, _, ok := callArgs(exp, at+len(inner.Name)); ok {
				fi.scanExpansion(inner, args, ms, line, depth, level+1)
			}
		})
	}
}

// declMacros picks, among macros, the function-like ones whose bodies
// declare something, and those that invoke one of them (up to a few levels
// of wrapping).
func declMacros(ms []*macro) (direct, wrappers []*macro) {
	names := map[string]bool{}
	for _, m := range ms {
		if m.FuncLike && strings.Contains(m.Body, "{") && declaresSomething(m.Body) {
			direct = append(direct, m)
			names[m.Name] = true
		}
	}
	if len(direct) == 0 {
		return nil, nil
	}
	picked := map[*macro]bool{}
	for _, m := range direct {
		picked[m] = true
	}
	for round := 0; round < 3; round++ {
		changed := false
		for _, m := range ms {
			if !m.FuncLike || picked[m] || !mentionsAny(m.Body, names) {
				continue
			}
			wrappers = append(wrappers, m)
			picked[m] = true
			names[m.Name] = true
			changed = true
		}
		if !changed {
			break
		}
	}
	return direct, wrappers
}

// mentionsAny reports whether body holds one of names as a word.
func mentionsAny(body string, names map[string]bool) bool {
	b := []byte(body)
	for i := 0; i < len(b); {
		if !isIdentStart(b[i]) || i > 0 && isIdentByte(b[i-1]) {
			i++
			continue
		}
		name, j := identAt(b, i)
		if names[name] {
			return true
		}
		i = j
	}
	return false
}

func declaresSomething(body string) bool {
	for _, kw := range declKeywords {
		if strings.Contains(body, kw) {
			return true
		}
	}
	return false
}

// initFuncs finds PyInit_* functions (also through a macro, as in
// posixmodule.c's "PyMODINIT_FUNC INITFUNC(void)") and the PyModuleDef
// variables they use.
func initFuncs(fi *fileInfo, funcs []cFunc) []initFunc {
	var out []initFunc
	for _, f := range funcs {
		var mods []string
		if strings.HasPrefix(f.Name, "PyInit_") {
			mods = append(mods, strings.TrimPrefix(f.Name, "PyInit_"))
		}
		for _, m := range fi.macros[f.Name] {
			if !m.FuncLike && strings.HasPrefix(m.Body, "PyInit_") && isIdent(m.Body) {
				mods = append(mods, strings.TrimPrefix(m.Body, "PyInit_"))
			}
		}
		if len(mods) == 0 {
			continue
		}
		body := fi.clean[f.BodyStart:f.BodyEnd]
		init := initFunc{Modules: mods}
		for _, md := range fi.Decls.modules {
			if containsWord(string(body), md.Var) {
				init.Defs = append(init.Defs, md.Var)
			}
		}
		out = append(out, init)
	}
	return out
}

// builtinExceptions reads Objects/exceptions.c's table of builtin
// exceptions, ITEM(TypeError) for {&_PyExc_TypeError, "TypeError"} (or
// that spelled out): the builtins module gets them in a loop no generic
// scan can follow.
func builtinExceptions(fi *fileInfo) []moduleAdd {
	var out []moduleAdd
	add := func(name string, value string, at int) {
		out = append(out, moduleAdd{NameExpr: `"` + name + `"`, Value: value,
			Module: "builtins", Off: at, Line: lineOf(fi.starts, at)})
	}
	if _, open, close, found := arrayInit(fi, "static_exceptions"); found {
		content := withoutDirectives(fi.clean[open+1:close], false)
		for _, e := range splitTopOffsets(content) {
			text := strings.TrimSpace(string(content[e[0]:e[1]]))
			at := open + 1 + e[0]
			if rest, ok := strings.CutPrefix(text, "ITEM"); ok {
				if args, _, ok := callArgs([]byte(rest), 0); ok && len(args) == 1 && isIdent(args[0]) {
					add(args[0], "&_PyExc_"+args[0], at)
				}
				continue
			}
			if strings.HasPrefix(text, "{") && strings.HasSuffix(text, "}") {
				fields := splitTop([]byte(text[1 : len(text)-1]))
				if len(fields) != 2 || addrOf(fields[0]) == "" {
					continue
				}
				if name, ok := unquote(fields[1]); ok && isIdent(name) {
					add(name, fields[0], at)
				}
			}
		}
		return out
	}
	forEachWord(fi.clean, "ITEM", func(at int) {
		if fi.dirs.inDirective(at) {
			return
		}
		args, _, ok := callArgs(fi.clean, at+len("ITEM"))
		if !ok || len(args) != 1 || !isIdent(args[0]) {
			return
		}
		add(args[0], "&_PyExc_"+args[0], at)
	})
	return out
}

// builtinsDictAdds keeps, of exceptions.c's own additions, those with a
// literal name (ExceptionGroup, the EnvironmentError alias), which go to
// the builtins module; the loop over the table is read by
// builtinExceptions.
func builtinsDictAdds(adds []moduleAdd) []moduleAdd {
	var out []moduleAdd
	for _, a := range adds {
		if name, ok := unquote(strings.TrimSpace(a.NameExpr)); ok && isIdent(name) && !a.AddType && !a.Functions {
			a.Module = "builtins"
			out = append(out, a)
		}
	}
	return out
}

// includes returns the quoted #include targets.
func includes(clean []byte, dirs *directives) []string {
	var out []string
	for _, r := range dirs.lines {
		line := clean[r[0]:r[1]]
		name, j := identAt(line, 1)
		if name != "include" {
			continue
		}
		j = skipSpace(line, j)
		if j < len(line) && line[j] == '"' {
			end := skipLiteral(line, j)
			if s, ok := unquote(string(line[j:end])); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// apiDecls finds PyAPI_FUNC(type) name(...) and PyAPI_DATA(type) name;
// declarations.
func apiDecls(clean []byte, starts []int, dirs *directives) []named {
	var out []named
	for _, kw := range []string{"PyAPI_FUNC", "PyAPI_DATA"} {
		forEachWord(clean, kw, func(at int) {
			if dirs.inDirective(at) {
				return
			}
			_, i, ok := callArgs(clean, at+len(kw))
			if !ok {
				return
			}
			if name := declaredName(clean, i, kw == "PyAPI_FUNC"); name != "" {
				out = append(out, named{name, lineOf(starts, at)})
			}
		})
	}
	return out
}

// declaredName reads the declarator after a PyAPI_* return type: for a
// function the identifier just before its parameter list (skipping
// attribute macros such as _Py_NO_RETURN), for data the last identifier
// before ';', '[' or '='; "(*name)" for pointers to functions.
func declaredName(b []byte, i int, isFunc bool) string {
	last := ""
	for i < len(b) {
		i = skipSpace(b, i)
		if i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '(':
			j := skipSpace(b, i+1)
			if j < len(b) && b[j] == '*' {
				name, _ := identAt(b, j+1)
				return name
			}
			if last != "" && isFunc {
				return last
			}
			if close := matchClose(b, i); close > 0 && last != "" {
				// an attribute macro with arguments, e.g. Py_GCC_ATTRIBUTE((...))
				i = close + 1
				last = ""
				continue
			}
			return ""
		case c == ';' || c == '[' || c == '=' || c == ',':
			if isFunc {
				return ""
			}
			return last
		case c == '*':
			i++
		case isIdentStart(c):
			last, i = identAt(b, i)
		default:
			return ""
		}
	}
	return ""
}
