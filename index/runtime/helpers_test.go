package runtime

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// pyenvPython returns the interpreter of a pyenv version or skips the test.
func pyenvPython(t *testing.T, version string) string {
	t.Helper()
	pyenv, err := exec.LookPath("pyenv")
	if err != nil {
		t.Skip("pyenv not installed")
	}
	out, err := exec.Command(pyenv, "prefix", version).Output()
	if err != nil {
		t.Skipf("pyenv has no %s", version)
	}
	py := filepath.Join(strings.TrimSpace(string(out)), "bin", "python")
	if _, err := os.Stat(py); err != nil {
		t.Skipf("no interpreter at %s", py)
	}
	return py
}

// treeResolve is a stand-in for (*snapshot.Snapshot).Resolve over a Tree:
// it follows aliases and, for members of a class, its Bases. A name below
// an open namespace that is not found is unknown, otherwise missing.
func treeResolve(t *snapshot.Tree) func(string) snapshot.Resolution {
	var find func(dotted string, depth int) (*snapshot.Node, bool)
	find = func(dotted string, depth int) (n *snapshot.Node, open bool) {
		if depth > 16 {
			return nil, false
		}
		parts := strings.Split(dotted, ".")
		n = t.Root
		for i, p := range parts {
			c := n.Child(p)
			if c == nil && n.Kind == snapshot.KindClass {
				for _, b := range n.Bases {
					if bn, bo := find(b+"."+strings.Join(parts[i:], "."), depth+1); bn != nil {
						return bn, bo
					}
				}
			}
			if c == nil {
				return nil, open || n.Flags&snapshot.FlagOpen != 0
			}
			open = open || n.Flags&snapshot.FlagOpen != 0
			if c.Kind == snapshot.KindAlias && c.Target != "" {
				rest := append([]string{c.Target}, parts[i+1:]...)
				return find(strings.Join(rest, "."), depth+1)
			}
			n = c
		}
		return n, open
	}
	return func(dotted string) snapshot.Resolution {
		n, open := find(dotted, 0)
		switch {
		case n != nil:
			return snapshot.Resolution{Status: snapshot.StatusOK, Name: dotted, Kind: n.Kind, Evidence: n.Evidence,
				Flags: n.Flags, File: n.File, Line: n.Line, Params: n.Params, ParamsKnown: n.ParamsKnown}
		case open:
			return snapshot.Resolution{Status: snapshot.StatusUnknown, Name: dotted}
		}
		return snapshot.Resolution{Status: snapshot.StatusMissing, Name: dotted}
	}
}

func paramNames(ps []snapshot.Param) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func findName(d *Dump, module, name string) *Name {
	for i := range d.Modules {
		if d.Modules[i].Name != module {
			continue
		}
		for j := range d.Modules[i].Names {
			if d.Modules[i].Names[j].Name == name {
				return &d.Modules[i].Names[j]
			}
		}
	}
	return nil
}
