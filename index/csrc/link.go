package csrc

// The link phase joins the per-file facts: module definitions to their
// method tables, type objects and specs to their slot, method, getset and
// member tables, table entries to clinic signatures and kwlists, and
// PyModule_Add* calls to the modules of their file. It runs sequentially
// over files in path order, so the Tree it writes is deterministic.

import (
	"path"
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

type linker struct {
	t      *snapshot.Tree
	files  []*fileInfo
	byPath map[string]*fileInfo
	scopes map[*fileInfo][]*fileInfo

	// global indexes, name -> definitions in path order
	tablesByVar map[string][]tableRef
	typesByVar  map[string][]typeRef
	macrosByNm  map[string][]*fileInfo
	clinicByC   map[string][]clinicRef
	handles     map[string][]handleRef

	types       map[*typeDecl]*typeInfo
	consumed    map[clinicRef]bool
	fileModules map[*fileInfo][]moduleName
	added       map[string]bool // dotted names this indexer wrote
	modules     map[string]bool
	logf        func(format string, args ...any)
	excPaths    map[*handle]string // where an exception class was recorded
	pending     []pendingBases     // classes whose bases are resolved last
}

type tableRef struct {
	fi *fileInfo
	t  *table
}

type typeRef struct {
	fi *fileInfo
	t  *typeDecl
}

type handleRef struct {
	fi *fileInfo
	h  *handle
}

type clinicRef struct {
	fi *fileInfo
	i  int
}

func newLinker(t *snapshot.Tree, files []*fileInfo, logf func(string, ...any)) *linker {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	l := &linker{
		logf: logf, t: t, files: files, byPath: map[string]*fileInfo{}, scopes: map[*fileInfo][]*fileInfo{},
		tablesByVar: map[string][]tableRef{}, typesByVar: map[string][]typeRef{},
		macrosByNm: map[string][]*fileInfo{}, clinicByC: map[string][]clinicRef{},
		handles: map[string][]handleRef{}, types: map[*typeDecl]*typeInfo{},
		consumed: map[clinicRef]bool{}, fileModules: map[*fileInfo][]moduleName{},
		added: map[string]bool{}, modules: map[string]bool{}, excPaths: map[*handle]string{},
	}
	for _, fi := range files {
		l.byPath[fi.Path] = fi
	}
	for _, fi := range files {
		l.indexFile(fi)
	}
	return l
}

func (l *linker) indexFile(fi *fileInfo) {
	for _, t := range fi.Decls.tables {
		l.tablesByVar[t.Var] = append(l.tablesByVar[t.Var], tableRef{fi, t})
	}
	for _, t := range fi.Decls.types {
		l.typesByVar[t.Var] = append(l.typesByVar[t.Var], typeRef{fi, t})
	}
	for name := range fi.macros {
		l.macrosByNm[name] = append(l.macrosByNm[name], fi)
	}
	if fi.Clinic != nil {
		for i, f := range fi.Clinic.Funcs {
			l.clinicByC[f.CBase] = append(l.clinicByC[f.CBase], clinicRef{fi, i})
		}
	}
	for i := range fi.Handles {
		h := &fi.Handles[i]
		l.handles[h.Name] = append(l.handles[h.Name], handleRef{fi, h})
	}
}

// scope returns the file and the files it includes (transitively), which
// is where its names are looked up first.
func (l *linker) scope(fi *fileInfo) []*fileInfo {
	if s, ok := l.scopes[fi]; ok {
		return s
	}
	seen := map[*fileInfo]bool{fi: true}
	out := []*fileInfo{fi}
	for i := 0; i < len(out) && i < 64; i++ {
		cur := out[i]
		for _, inc := range cur.Includes {
			for _, cand := range []string{path.Join(path.Dir(cur.Path), inc), path.Join(path.Dir(fi.Path), inc),
				"Include/" + inc, "Include/internal/" + inc, "Include/cpython/" + inc} {
				if g := l.byPath[cand]; g != nil {
					if !seen[g] {
						seen[g] = true
						out = append(out, g)
					}
					break
				}
			}
		}
	}
	l.scopes[fi] = out
	return out
}

// inScope picks, among the files that define something, the first one in
// fi's scope; failing that, the only one anywhere. Ambiguous names resolve
// to nothing: a wrong link is worse than a missing one.
func inScope[T any](l *linker, fi *fileInfo, defs []T, fileOf func(T) *fileInfo) (T, bool) {
	var zero T
	if len(defs) == 0 {
		return zero, false
	}
	for _, s := range l.scope(fi) {
		for _, d := range defs {
			if fileOf(d) == s {
				return d, true
			}
		}
	}
	first := fileOf(defs[0])
	for _, d := range defs[1:] {
		if fileOf(d) != first {
			return zero, false
		}
	}
	return defs[0], true
}

func (l *linker) lookupMacro(fi *fileInfo, name string) []*macro {
	g, ok := inScope(l, fi, l.macrosByNm[name], func(f *fileInfo) *fileInfo { return f })
	if !ok {
		return nil
	}
	return g.macros[name]
}

func (l *linker) macroLookup(fi *fileInfo) func(string) []*macro {
	return func(name string) []*macro { return l.lookupMacro(fi, name) }
}

// lookupTables returns every definition of a table variable in the chosen
// file (a table defined in two #if branches has two).
func (l *linker) lookupTables(fi *fileInfo, name string, kind tableKind) []*table {
	var defs []tableRef
	for _, r := range l.tablesByVar[name] {
		if r.t.Kind == kind {
			defs = append(defs, r)
		}
	}
	chosen, ok := inScope(l, fi, defs, func(r tableRef) *fileInfo { return r.fi })
	if !ok {
		return nil
	}
	var out []*table
	for _, r := range defs {
		if r.fi == chosen.fi {
			out = append(out, r.t)
		}
	}
	return out
}

func (l *linker) lookupType(fi *fileInfo, name string) *typeInfo {
	r, ok := inScope(l, fi, l.typesByVar[name], func(r typeRef) *fileInfo { return r.fi })
	if !ok {
		return nil
	}
	return l.resolveType(r.fi, r.t)
}

// lookupClinic and lookupKw only look in fi's scope: a signature must come
// from the file that defines the function, never from a same-named one
// elsewhere.
func (l *linker) lookupClinic(fi *fileInfo, cbase string) (clinicRef, *clinicFunc) {
	for _, s := range l.scope(fi) {
		for _, r := range l.clinicByC[cbase] {
			if r.fi == s {
				return r, &r.fi.Clinic.Funcs[r.i]
			}
		}
	}
	return clinicRef{}, nil
}

func (l *linker) lookupKw(fi *fileInfo, fn string) (kwSig, bool) {
	for _, s := range l.scope(fi) {
		if sig, ok := s.Kw[fn]; ok {
			return sig, true
		}
	}
	return kwSig{}, false
}

// strings evaluates a name expression in fi's scope.
func (l *linker) strs(fi *fileInfo, expr string) []string {
	if name, ok := pyID(expr); ok {
		return []string{name}
	}
	vals, ok := evalStrings(expr, l.macroLookup(fi))
	if !ok {
		return nil
	}
	return vals
}

// pyID reads the interpreter's static strings, &_Py_ID(stderr) for "stderr".
func pyID(expr string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(strings.TrimSpace(expr), "&"), "_Py_ID")
	if !ok {
		return "", false
	}
	args, _, ok := callArgs([]byte(rest), 0)
	if !ok || len(args) != 1 || !isIdent(args[0]) {
		return "", false
	}
	return args[0], true
}

// link writes everything into the tree.
func (l *linker) link() {
	for _, fi := range l.files {
		l.expandIncludedDeclMacros(fi)
	}
	l.declareModules()
	for _, fi := range l.files {
		l.defineModules(fi)
	}
	l.attachRuntimeBases()
	for _, fi := range l.files {
		l.moduleAdds(fi)
	}
	l.unexposedTypes()
	l.typeDictAdds()
	l.resolveBases()
	l.clinicFallback()
}

// expandIncludedDeclMacros expands declaring macros that fi takes from the
// headers it includes (the file's own were expanded during extraction).
func (l *linker) expandIncludedDeclMacros(fi *fileInfo) {
	var ms []*macro
	for _, g := range l.scope(fi)[1:] {
		ms = append(ms, g.Macros...)
	}
	if direct, _ := declMacros(ms); len(direct) == 0 {
		return
	}
	before := len(fi.Decls.tables) + len(fi.Decls.types) + len(fi.Decls.modules)
	tables, types := len(fi.Decls.tables), len(fi.Decls.types)
	fi.expandDeclMacros(ms)
	if len(fi.Decls.tables)+len(fi.Decls.types)+len(fi.Decls.modules) == before {
		return
	}
	for _, t := range fi.Decls.tables[tables:] {
		l.tablesByVar[t.Var] = append(l.tablesByVar[t.Var], tableRef{fi, t})
	}
	for _, t := range fi.Decls.types[types:] {
		l.typesByVar[t.Var] = append(l.typesByVar[t.Var], typeRef{fi, t})
	}
}

func privateFlag(name string) snapshot.Flags {
	if strings.HasPrefix(name, "_") && !(strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")) {
		return snapshot.FlagPrivate
	}
	return 0
}

func (l *linker) add(dotted string, f snapshot.Fact) {
	f.Evidence |= snapshot.FromCSource
	f.Flags |= privateFlag(dotted[strings.LastIndexByte(dotted, '.')+1:])
	l.t.Add(dotted, f)
	l.added[dotted] = true
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// sortedFiles orders file infos by path.
func sortedFiles(fs []*fileInfo) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
}
