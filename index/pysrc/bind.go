package pysrc

import (
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// BindClassFunctions turns a class attribute that re-exports a module-level
// Python function into a method of that class. Python binds any function
// stored in a class body, however it got there:
//
//	class Message:
//	    from email.iterators import walk   # msg.walk() takes no argument
//	class PathEntryFinder:
//	    find_module = _bootstrap_external._find_module_shim
//
// As an alias the member would show the function's own signature, self
// included. C functions (builtins) are not descriptors and stay aliases.
// It returns the number of members rebound.
func BindClassFunctions(t *snapshot.Tree) int {
	bound := 0
	t.Walk(func(_ string, n *snapshot.Node) bool {
		if n.Kind != snapshot.KindClass {
			return true
		}
		for _, m := range n.SortedChildren() {
			if m.Kind != snapshot.KindAlias || m.Evidence&snapshot.FromPythonSource == 0 {
				continue
			}
			f := aliasTarget(t, m.Target)
			if f == nil || f.Kind != snapshot.KindFunction || !f.ParamsKnown || !strings.HasSuffix(f.File, ".py") {
				continue
			}
			params := f.Params
			if len(params) > 0 && params[0].Kind <= snapshot.ParamNormal {
				params = params[1:]
			}
			m.Kind, m.Target = snapshot.KindMethod, ""
			m.File, m.Line = f.File, f.Line
			m.Params, m.ParamsKnown = append([]snapshot.Param(nil), params...), true
			bound++
		}
		return true
	})
	return bound
}

// aliasTarget follows a chain of aliases from dotted to the node it ends
// on, or nil when a link is missing or the chain does not end.
func aliasTarget(t *snapshot.Tree, dotted string) *snapshot.Node {
	for hops := 0; hops < 8; hops++ {
		n := t.Lookup(t.Canonical(dotted))
		if n == nil || n.Kind != snapshot.KindAlias {
			return n
		}
		dotted = n.Target
	}
	return nil
}
