package csrc

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Dump writes a Tree as deterministic text, one fact per line, for golden
// tests: names with kind, evidence, flags, location and signature, then C
// symbols, then files with their definitions.
func Dump(w io.Writer, t *snapshot.Tree) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# names\n")
	t.Walk(func(dotted string, n *snapshot.Node) bool {
		fmt.Fprintf(bw, "%s %s", dotted, n.Kind)
		if n.Evidence != 0 {
			fmt.Fprintf(bw, " [%s]", n.Evidence)
		}
		if f := flagNames(n.Flags); f != "" {
			fmt.Fprintf(bw, " {%s}", f)
		}
		if n.File != "" {
			fmt.Fprintf(bw, " %s:%d", n.File, n.Line)
		}
		if n.Target != "" {
			fmt.Fprintf(bw, " -> %s", n.Target)
		}
		if len(n.Bases) > 0 {
			fmt.Fprintf(bw, " bases=%s", strings.Join(n.Bases, ","))
		}
		if n.ParamsKnown {
			fmt.Fprintf(bw, " %s", Signature(n.Params))
		}
		fmt.Fprintln(bw)
		return true
	})
	fmt.Fprintf(bw, "# c\n")
	names := make([]string, 0, len(t.C))
	for name := range t.C {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s := t.C[name]
		vis := "private"
		if s.Public {
			vis = "public"
		}
		fmt.Fprintf(bw, "%s %s %s:%d\n", name, vis, s.File, s.Line)
	}
	fmt.Fprintf(bw, "# files\n")
	paths := make([]string, 0, len(t.Files))
	for p := range t.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := t.Files[p]
		if len(f.Defs) == 0 {
			fmt.Fprintln(bw, p)
			continue
		}
		fmt.Fprintf(bw, "%s: %s\n", p, strings.Join(f.Defs, " "))
	}
	return bw.Flush()
}

func flagNames(f snapshot.Flags) string {
	var out []string
	for _, x := range []struct {
		f    snapshot.Flags
		name string
	}{{snapshot.FlagOpen, "open"}, {snapshot.FlagPrivate, "private"},
		{snapshot.FlagPlatformSpecific, "platform"}, {snapshot.FlagDeprecated, "deprecated"}} {
		if f&x.f != 0 {
			out = append(out, x.name)
		}
	}
	return strings.Join(out, ",")
}

// Signature renders parameters the way Python prints a signature:
// (a, /, b=1, *args, c, **kw).
func Signature(params []snapshot.Param) string {
	var parts []string
	sawKwOnlyMarker := false
	for i, p := range params {
		switch p.Kind {
		case snapshot.ParamVarArgs:
			parts = append(parts, "*"+p.Name)
			sawKwOnlyMarker = true
		case snapshot.ParamVarKeywords:
			parts = append(parts, "**"+p.Name)
		case snapshot.ParamKeywordOnly:
			if !sawKwOnlyMarker {
				parts = append(parts, "*")
				sawKwOnlyMarker = true
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
	if p.Default != "" {
		return p.Name + "=" + p.Default
	}
	return p.Name
}
