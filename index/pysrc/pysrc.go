// Package pysrc indexes the pure-Python part of a CPython standard library
// (a checkout's Lib/ or an installed lib/pythonX.Y) into a snapshot.Tree:
// modules and packages, module-level names, classes with their bases and
// members, function and method parameters, imports and re-exports, and the
// definitions of every repository file. Every fact carries the evidence
// snapshot.FromPythonSource.
//
// Files are parsed in parallel with tree-sitter-python; each parse is read
// in a single pass over statement-level nodes into plain Go values, and the
// values are merged into the Tree sequentially in path order, so a build is
// deterministic. A final link phase (LinkStarImports) expands
// `from M import *` and __all__, and can be re-run after other indexers have
// added the C modules that Python files star-import.
package pysrc

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	"github.com/sourcegraph/conc/pool"
	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Options tune Index and ParseOnly.
type Options struct {
	// Workers is the number of files parsed at once; 0 means GOMAXPROCS.
	Workers int
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Stats summarises an indexing run.
type Stats struct {
	Files           int      // .py files parsed
	ParseErrors     int      // files whose parse tree holds ERROR or MISSING nodes
	ParseErrorFiles []string // their repository paths, sorted
	// NewSyntaxFiles counts files whose only parse errors are syntax newer
	// than the grammar that binds no hidden name (`lazy import`, 3.15;
	// type-parameter defaults, 3.13). They are indexed as if clean.
	NewSyntaxFiles int
	Modules        int // modules and packages recorded
	Names          int // module-level names and class members recorded
	StarImports    int // `from M import *` statements seen
	Link           LinkStats
	BoundMethods   int // class attributes bound from module-level functions (BindClassFunctions)
	// Links is the state of the link phase. Pass it to LinkStarImports
	// again after another indexer has added modules (such as _socket) that
	// Python files star-import.
	Links *Links
}

// Index parses every .py file under libDir and records what it defines into t.
func Index(t *snapshot.Tree, libDir string, opts Options) (Stats, error) {
	files, err := listSources(libDir)
	if err != nil {
		return Stats{}, err
	}
	g := newGrammar()
	results := make([]*fileResult, len(files))
	err = parseAll(g, files, opts.workers(), func(i int, src []byte, tree *sitter.Tree) {
		results[i] = extract(g, &files[i], src, tree)
	})
	if err != nil {
		return Stats{}, err
	}

	st := Stats{Files: len(files), Links: newLinks()}
	m := merger{t: t, links: st.Links, stats: &st}
	m.mergeModules(results)
	for _, r := range results {
		m.mergeFile(r)
	}
	st.Link = LinkStarImports(t, st.Links)
	st.BoundMethods = BindClassFunctions(t)
	return st, nil
}

// ParseOnly parses the same files as Index and does nothing else. It is the
// baseline against which the cost of indexing is measured.
func ParseOnly(libDir string, opts Options) (Stats, error) {
	files, err := listSources(libDir)
	if err != nil {
		return Stats{}, err
	}
	var broken atomic.Int64
	err = parseAll(newGrammar(), files, opts.workers(), func(_ int, _ []byte, tree *sitter.Tree) {
		if tree.RootNode().HasError() {
			broken.Add(1)
		}
	})
	return Stats{Files: len(files), ParseErrors: int(broken.Load())}, err
}

// parseAll reads and parses files on workers goroutines, one parser each,
// and calls visit with every tree before closing it. visit must only touch
// state owned by index i.
func parseAll(g *grammar, files []sourceFile, workers int, visit func(i int, src []byte, tree *sitter.Tree)) error {
	var next atomic.Int64
	p := pool.New().WithErrors().WithMaxGoroutines(workers)
	for w := 0; w < workers; w++ {
		p.Go(func() error {
			parser, err := g.newParser()
			if err != nil {
				return fmt.Errorf("tree-sitter-python: %w", err)
			}
			defer parser.Close()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return nil
				}
				src, err := os.ReadFile(files[i].abs)
				if err != nil {
					return fmt.Errorf("reading %s: %w", files[i].abs, err)
				}
				tree := parser.Parse(src, nil)
				if tree == nil {
					return fmt.Errorf("parsing %s: tree-sitter returned no tree", files[i].abs)
				}
				visit(i, src, tree)
				tree.Close()
			}
		})
	}
	return p.Wait()
}
