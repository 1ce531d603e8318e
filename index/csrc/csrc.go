// Package csrc indexes the C side of a CPython source tree with
// tree-sitter-c: the repository's files and the functions they define, the
// C API's symbols (functions, PyAPI declarations, macros, types), and the
// Python-visible names implemented in C — modules, their functions and
// constants, types with their methods, properties and members, and
// signatures from Argument Clinic and kwlist arrays.
//
// Each C file is parsed once; a single walk over its top-level items plus
// a few linear scans of its text (clinic comments, table initialisers,
// PyModule_Add* calls) collect its facts in parallel. A sequential link
// phase then joins tables, types and modules across files and writes the
// Tree in path order, so the same tree always gives the same result.
package csrc

import (
	_ "github.com/pyrefcheck/pyrefcheck/index/tsfast" // libc allocation: a third off every parse

	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/sourcegraph/conc/pool"
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Options tune Index.
type Options struct {
	// Workers is the number of files parsed at once; 0 means GOMAXPROCS.
	Workers int
	// Logf, when set, receives what the linker could not resolve (a table
	// that is not found, a name added through an expression it cannot
	// read): each one is a reason a module or class is marked open.
	Logf func(format string, args ...any)
}

// Stats counts what Index recorded.
type Stats struct {
	Files       int // repository files recorded with AddFile
	CFiles      int // .c/.h files parsed (all of them, for their definitions)
	ParseErrors int // parsed files whose syntax tree has error nodes
	Modules     int // modules defined by a PyModuleDef
	Names       int // Python-visible dotted names written (modules included)
	CSymbols    int // C symbols written
}

// cDirs are the top-level directories whose .c/.h files are parsed.
var cDirs = []string{"Include", "Modules", "Objects", "PC", "Parser", "Programs", "Python"}

// Index records the C side of the CPython source tree at srcRoot in t.
// Run it after the Python-source indexer: a C type named after a Python
// module that no C module exposes (tp_name "re.Match") is recorded only
// when that module is already in t.
func Index(t *snapshot.Tree, srcRoot string, opts Options) (Stats, error) {
	var st Stats
	all, cfiles, err := listFiles(srcRoot)
	if err != nil {
		return st, err
	}
	infos := make([]*fileInfo, len(cfiles))
	err = forEachParsed(srcRoot, cfiles, opts.Workers, func(g *grammar, p *sitter.Parser, i int) error {
		fi, err := extractFile(g, p, srcRoot, cfiles[i])
		infos[i] = fi
		return err
	})
	if err != nil {
		return st, err
	}
	sortedFiles(infos)
	st.CFiles = len(infos)
	var indexed []*fileInfo
	for _, fi := range infos {
		if fi.HasErrors {
			st.ParseErrors++
		}
		if inCDirs(fi.Path) {
			indexed = append(indexed, fi)
		}
	}

	l := newLinker(t, indexed, opts.Logf)
	l.link()
	st.Names = len(l.added)
	st.Modules = len(l.modules)

	st.CSymbols = addCSymbols(t, indexed)
	byPath := map[string]*fileInfo{}
	for _, fi := range infos {
		byPath[fi.Path] = fi
	}
	for _, p := range all {
		var defs []string
		if fi := byPath[p]; fi != nil {
			defs = fileDefs(fi)
		}
		t.AddFile(p, defs)
	}
	st.Files = len(all)
	return st, nil
}

// ParseOnly parses the same files as Index and does nothing else: the
// baseline Index's own work is measured against.
func ParseOnly(srcRoot string) error {
	_, cfiles, err := listFiles(srcRoot)
	if err != nil {
		return err
	}
	return forEachParsed(srcRoot, cfiles, 0, func(g *grammar, p *sitter.Parser, i int) error {
		src, err := os.ReadFile(filepath.Join(srcRoot, cfiles[i]))
		if err != nil {
			return fmt.Errorf("reading %s: %w", cfiles[i], err)
		}
		tree := p.Parse(src, nil)
		if tree == nil {
			return fmt.Errorf("parsing %s: tree-sitter returned no tree", cfiles[i])
		}
		tree.Close()
		return nil
	})
}

// forEachParsed runs fn for every file index on a pool of workers, each
// with its own parser.
func forEachParsed(srcRoot string, files []string, workers int, fn func(*grammar, *sitter.Parser, int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g := newGrammar()
	parsers := make(chan *sitter.Parser, workers)
	for i := 0; i < workers; i++ {
		p := sitter.NewParser()
		defer p.Close()
		if err := p.SetLanguage(g.lang); err != nil {
			return fmt.Errorf("loading tree-sitter-c: %w", err)
		}
		parsers <- p
	}
	// Biggest files first, so one huge generated file does not finish last.
	order := make([]int, len(files))
	sizes := make([]int64, len(files))
	for i, f := range files {
		order[i] = i
		if info, err := os.Stat(filepath.Join(srcRoot, f)); err == nil {
			sizes[i] = info.Size()
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return sizes[order[a]] > sizes[order[b]] })
	p := pool.New().WithErrors().WithMaxGoroutines(workers)
	for _, i := range order {
		p.Go(func() error {
			parser := <-parsers
			defer func() { parsers <- parser }()
			return fn(g, parser, i)
		})
	}
	return p.Wait()
}

// listFiles returns every repository file outside Lib/ and .git (slash
// paths, sorted) and the subset of C files to parse.
func listFiles(srcRoot string) (all, cfiles []string, err error) {
	err = filepath.WalkDir(srcRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(srcRoot, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "Lib" || d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		all = append(all, rel)
		if isCFile(rel) {
			cfiles = append(cfiles, rel)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listing %s: %w", srcRoot, err)
	}
	n := 0
	for _, f := range cfiles {
		if inCDirs(f) {
			n++
		}
	}
	if n == 0 {
		return nil, nil, fmt.Errorf("%s: no C sources under %s", srcRoot, strings.Join(cDirs, ", "))
	}
	sort.Strings(all)
	sort.Strings(cfiles)
	return all, cfiles, nil
}

// isCFile reports whether a file is C source: it is parsed for the
// functions it defines, whatever its directory.
func isCFile(rel string) bool {
	return strings.HasSuffix(rel, ".c") || strings.HasSuffix(rel, ".h")
}

// inCDirs reports whether a C file belongs to the interpreter and its
// modules, whose symbols and Python-visible names are indexed (Doc/includes
// and Tools/ hold examples and helpers whose module names are not real).
func inCDirs(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	for _, d := range cDirs {
		if top == d {
			return true
		}
	}
	return false
}

// publicHeader reports whether a path is part of the public C API:
// Include/*.h and Include/cpython/*.h, not Include/internal/.
func publicHeader(p string) bool {
	if !strings.HasPrefix(p, "Include/") || !strings.HasSuffix(p, ".h") {
		return false
	}
	rest := strings.TrimPrefix(p, "Include/")
	return !strings.Contains(rest, "/") || strings.HasPrefix(rest, "cpython/") && strings.Count(rest, "/") == 1
}

// addCSymbols writes the C symbols: definitions first (so a function's
// location is where it is defined, not declared), then declarations,
// macros and type names.
func addCSymbols(t *snapshot.Tree, infos []*fileInfo) int {
	before := len(t.C)
	add := func(name, file string, line int, public bool) {
		t.AddC(snapshot.CSymbol{Name: name, File: file, Line: line, Public: public, Evidence: snapshot.FromCSource})
	}
	for _, fi := range infos {
		pub := publicHeader(fi.Path)
		for _, f := range fi.Funcs {
			add(f.Name, fi.Path, f.Line, pub)
		}
	}
	for _, fi := range infos {
		pub := publicHeader(fi.Path)
		inInclude := strings.HasPrefix(fi.Path, "Include/")
		for _, d := range fi.API {
			add(d.Name, fi.Path, d.Line, pub)
		}
		for _, m := range fi.Macros {
			add(m.Name, fi.Path, m.Line, pub)
		}
		if inInclude {
			for _, n := range fi.TypeNames {
				add(n.Name, fi.Path, n.Line, pub)
			}
		}
	}
	return len(t.C) - before
}

// fileDefs lists the functions and types a C file defines, sorted.
func fileDefs(fi *fileInfo) []string {
	seen := map[string]bool{}
	var defs []string
	for _, f := range fi.Funcs {
		if !seen[f.Name] {
			seen[f.Name] = true
			defs = append(defs, f.Name)
		}
	}
	for _, n := range fi.TypeNames {
		if !seen[n.Name] {
			seen[n.Name] = true
			defs = append(defs, n.Name)
		}
	}
	sort.Strings(defs)
	return defs
}
