package snapshot

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// FormatParams spells a parameter list as Python prints a signature:
// (a, /, b=1, *args, c, **kw).
func FormatParams(params []Param) string { return formatParams(params, false) }

// FormatParamNames is FormatParams with every default shown as "…", for
// comparing signatures whose defaults are spelled differently.
func FormatParamNames(params []Param) string { return formatParams(params, true) }

func formatParams(params []Param, elideDefaults bool) string {
	var parts []string
	star := false
	for i, p := range params {
		s := p.Name
		switch p.Kind {
		case ParamVarArgs:
			s, star = "*"+s, true
		case ParamVarKeywords:
			s = "**" + s
		case ParamKeywordOnly:
			if !star {
				parts, star = append(parts, "*"), true
			}
		}
		if p.Default != "" {
			if elideDefaults {
				s += "=…"
			} else {
				s += "=" + p.Default
			}
		}
		parts = append(parts, s)
		if p.Kind == ParamPositionalOnly && (i+1 == len(params) || params[i+1].Kind != ParamPositionalOnly) {
			parts = append(parts, "/")
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// String lists the flags: "open,private".
func (f Flags) String() string {
	var out []string
	for _, x := range []struct {
		bit  Flags
		name string
	}{{FlagOpen, "open"}, {FlagPrivate, "private"}, {FlagPlatformSpecific, "platform"}, {FlagDeprecated, "deprecated"}} {
		if f&x.bit != 0 {
			out = append(out, x.name)
		}
	}
	return strings.Join(out, ",")
}

// Dump writes a Tree as deterministic text for golden tests and for
// reading what an index holds: one line per name with kind, evidence,
// flags, location, alias target, bases and signature; then C symbols;
// then files with their definitions.
func Dump(w io.Writer, t *Tree) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# names\n")
	t.Walk(func(dotted string, n *Node) bool {
		fmt.Fprintf(bw, "%s %s", dotted, n.Kind)
		if n.Evidence != 0 {
			fmt.Fprintf(bw, " [%s]", n.Evidence)
		}
		if n.Flags != 0 {
			fmt.Fprintf(bw, " {%s}", n.Flags)
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
			fmt.Fprintf(bw, " %s", FormatParams(n.Params))
		}
		fmt.Fprintln(bw)
		return true
	})
	fmt.Fprintf(bw, "# c\n")
	for _, name := range sortedKeys(t.C) {
		s := t.C[name]
		vis := "private"
		if s.Public {
			vis = "public"
		}
		fmt.Fprintf(bw, "%s %s %s:%d [%s]\n", name, vis, s.File, s.Line, s.Evidence)
	}
	fmt.Fprintf(bw, "# files\n")
	for _, p := range sortedKeys(t.Files) {
		fmt.Fprintln(bw, strings.TrimSpace(p+": "+strings.Join(t.Files[p].Defs, " ")))
	}
	return bw.Flush()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
