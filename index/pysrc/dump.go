package pysrc

import (
	"fmt"
	"io"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Dump writes a Tree as text; see snapshot.Dump.
func Dump(w io.Writer, t *snapshot.Tree) { _ = snapshot.Dump(w, t) }

// describeNode is a node's dump line after its dotted name; the location
// and evidence are left out when withSource is false (for tests that do
// not care on which line a name is).
func describeNode(n *snapshot.Node, withSource bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s]", n.Kind, n.Flags)
	if withSource {
		fmt.Fprintf(&b, " %s", n.Evidence)
		if n.File != "" {
			fmt.Fprintf(&b, " %s:%d", n.File, n.Line)
		}
	}
	if len(n.Bases) > 0 {
		fmt.Fprintf(&b, " bases=%s", strings.Join(n.Bases, ","))
	}
	if n.Target != "" {
		fmt.Fprintf(&b, " -> %s", n.Target)
	}
	if n.ParamsKnown {
		fmt.Fprintf(&b, " %s", snapshot.FormatParams(n.Params))
	}
	return b.String()
}
