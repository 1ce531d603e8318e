// Package index builds a snapshot of one Python version's standard
// library from whatever evidence is at hand: a CPython source tree, an
// installed stdlib tree, a docs inventory and a trusted interpreter.
package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/inventory"
	"github.com/pyrefcheck/pyrefcheck/index/pysrc"
	"github.com/pyrefcheck/pyrefcheck/index/runtime"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Inputs name the evidence for one version. Any combination works; the
// richer, the fewer names end up unknown.
type Inputs struct {
	Version string // minor, "3.13"
	Micro   string // the newest micro among the evidence, "3.13.18"
	// SourceTree is a CPython checkout or release tarball (Lib/, Modules/, ...).
	SourceTree string
	// LibDir is an installed stdlib (lib/pythonX.Y). When both are given,
	// LibDir provides the Python sources (it is usually the newer micro)
	// and SourceTree the C sources.
	LibDir string
	// Inventory is a Sphinx objects.inv of that version.
	Inventory string
	// Python is a trusted interpreter of that version, introspected now.
	Python string
	// Neighbours are snapshots of nearby versions built with C sources:
	// their platform-specific modules (winreg, nt, msvcrt), which this
	// version's evidence may not show, are copied in as inferred.
	Neighbours []*snapshot.Snapshot
	// Labels describe each source in the snapshot's provenance ("3.13.5").
	SourceLabel, LibLabel, InventoryLabel, PythonLabel string
}

// Report says what a build used and found.
type Report struct {
	Python    pysrc.Stats
	C         CStats
	Runtime   runtime.Stats
	Inventory inventory.Stats
}

// Build indexes every given source into a Tree. Sources are applied in
// order of trust, Python source first, so that locations and signatures
// come from the source wherever it has them.
func Build(ctx context.Context, in Inputs) (*snapshot.Tree, Report, error) {
	var rep Report
	t := snapshot.NewTree(in.Version, in.Micro)
	lib := in.LibDir
	if lib == "" && in.SourceTree != "" {
		lib = filepath.Join(in.SourceTree, "Lib")
	}
	var links *pysrc.Links
	if lib != "" {
		st, err := pysrc.Index(t, lib, pysrc.Options{})
		if err != nil {
			return nil, rep, fmt.Errorf("indexing Python sources in %s: %w", lib, err)
		}
		rep.Python, links = st, st.Links
		t.Sources = append(t.Sources, "python-source:"+label(in.LibLabel, in.Micro, lib))
	}
	if in.SourceTree != "" {
		if _, err := os.Stat(filepath.Join(in.SourceTree, "Modules")); err == nil {
			st, err := indexC(t, in.SourceTree)
			if err != nil {
				return nil, rep, fmt.Errorf("indexing C sources in %s: %w", in.SourceTree, err)
			}
			rep.C = st
			t.Sources = append(t.Sources, "c-source:"+label(in.SourceLabel, patchlevel(in.SourceTree), in.SourceTree))
		}
	}
	if in.Python != "" {
		d, err := runtime.Run(ctx, in.Python)
		if err != nil {
			return nil, rep, fmt.Errorf("introspecting %s: %w", in.Python, err)
		}
		rep.Runtime = runtime.Index(t, d)
		closeSeenModules(t, d)
		t.Sources = append(t.Sources, "runtime:"+label(in.PythonLabel, d.Version, in.Python))
	}
	for _, nb := range in.Neighbours {
		t.Sources = append(t.Sources, "neighbour:"+nb.Micro())
		for _, m := range nb.PlatformModules() {
			if t.Root.Child(m) == nil {
				nb.CopyInto(t, m)
			}
		}
	}
	if links != nil {
		// Again, now that C modules, runtime names and neighbours' modules
		// can fill the star imports the Python sources left pending.
		pysrc.LinkStarImports(t, links)
	}
	pruneTests(t)
	if in.Inventory != "" {
		f, err := os.Open(in.Inventory)
		if err != nil {
			return nil, rep, err
		}
		inv, err := inventory.Parse(f)
		f.Close()
		if err != nil {
			return nil, rep, fmt.Errorf("reading %s: %w", in.Inventory, err)
		}
		rep.Inventory = inventory.Index(t, inv)
		t.Sources = append(t.Sources, "docs:"+label(in.InventoryLabel, inv.Version, in.Inventory))
	}
	return t, rep, nil
}

// patchlevel reads PY_VERSION from a source tree's Include/patchlevel.h.
func patchlevel(tree string) string {
	b, err := os.ReadFile(filepath.Join(tree, "Include", "patchlevel.h"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "#define" && f[1] == "PY_VERSION" {
			return strings.Trim(f[2], `"`)
		}
	}
	return ""
}

func label(preferred, fallback, path string) string {
	if preferred != "" {
		return preferred
	}
	if fallback != "" {
		return fallback
	}
	return filepath.Base(path)
}

// pruneTests keeps test.support and drops the rest of the test package's
// namespace (its files stay, for diff checks): regression-test modules are
// a seventh of the stdlib's names and reports do not import them. The
// package is marked open so that a name under it answers unknown.
func pruneTests(t *snapshot.Tree) {
	test := t.Root.Child("test")
	if test == nil {
		return
	}
	for name := range test.Children {
		if name != "support" && name != "__main__" {
			delete(test.Children, name)
		}
	}
	test.Flags |= snapshot.FlagOpen
	for path, f := range t.Files {
		if strings.HasPrefix(path, "Lib/test/") && !strings.HasPrefix(path, "Lib/test/support/") {
			f.Defs = nil
		}
	}
}

// closeSeenModules: a module the interpreter imported and listed in full
// has no names the index cannot see, whatever tricks its source plays
// (re's globals().update(RegexFlag.__members__)), unless it defines a
// module __getattr__. Its FlagOpen from the source indexer is lifted.
func closeSeenModules(t *snapshot.Tree, d *runtime.Dump) {
	for i := range d.Modules {
		m := &d.Modules[i]
		if !m.Imported() {
			continue
		}
		n := t.Lookup(m.Name)
		if n == nil || !n.Kind.IsModule() {
			continue
		}
		dynamic := false
		for _, name := range m.Names {
			if name.Name == "__getattr__" {
				dynamic = true
				break
			}
		}
		if !dynamic {
			n.Flags &^= snapshot.FlagOpen
		}
	}
}
