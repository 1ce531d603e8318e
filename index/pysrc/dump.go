package pysrc

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Dump writes a Tree as text, one line per node in sorted order, then one
// line per file and per C symbol. It is deterministic, for golden tests
// and for reading what an index holds:
//
//	tarfile.TarFile.extractall method [] python-source Lib/tarfile.py:2245 (path='.', members=None, *, numeric_owner=False, filter=None)
//	asyncio.StreamWriter alias [] python-source Lib/asyncio/__init__.py:14 -> asyncio.streams.StreamWriter
func Dump(w io.Writer, t *snapshot.Tree) {
	t.Walk(func(dotted string, n *snapshot.Node) bool {
		fmt.Fprintln(w, dotted+" "+describeNode(n, true))
		return true
	})
	paths := make([]string, 0, len(t.Files))
	for p := range t.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintln(w, strings.TrimSpace("file "+p+": "+strings.Join(t.Files[p].Defs, " ")))
	}
	names := make([]string, 0, len(t.C))
	for n := range t.C {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := t.C[n]
		fmt.Fprintf(w, "c %s %s:%d public=%v %s\n", c.Name, c.File, c.Line, c.Public, c.Evidence)
	}
}

// describeNode is a node's dump line after its dotted name; the location
// and evidence are left out when withSource is false (for tests that do
// not care on which line a name is).
func describeNode(n *snapshot.Node, withSource bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s]", n.Kind, flagNames(n.Flags))
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
		fmt.Fprintf(&b, " %s", FormatParams(n.Params))
	}
	return b.String()
}

func flagNames(f snapshot.Flags) string {
	var out []string
	for _, fl := range []struct {
		bit  snapshot.Flags
		name string
	}{
		{snapshot.FlagOpen, "open"},
		{snapshot.FlagPrivate, "private"},
		{snapshot.FlagPlatformSpecific, "platform"},
		{snapshot.FlagDeprecated, "deprecated"},
	} {
		if f&fl.bit != 0 {
			out = append(out, fl.name)
		}
	}
	return strings.Join(out, ",")
}

// FormatParams spells a parameter list as Python would: (a, /, b=1, *args, c, **kw).
func FormatParams(params []snapshot.Param) string {
	var parts []string
	sawStar := false
	for i, p := range params {
		switch p.Kind {
		case snapshot.ParamVarArgs:
			sawStar = true
			parts = append(parts, "*"+p.Name)
		case snapshot.ParamVarKeywords:
			parts = append(parts, "**"+p.Name)
		case snapshot.ParamKeywordOnly:
			if !sawStar {
				parts = append(parts, "*")
				sawStar = true
			}
			parts = append(parts, withDefault(p))
		default:
			parts = append(parts, withDefault(p))
		}
		if p.Kind == snapshot.ParamPositionalOnly && (i+1 == len(params) || params[i+1].Kind != snapshot.ParamPositionalOnly) {
			parts = append(parts, "/")
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func withDefault(p snapshot.Param) string {
	if p.Default == "" {
		return p.Name
	}
	return p.Name + "=" + p.Default
}
