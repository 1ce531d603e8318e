package csrc

import (
	"bytes"
	"sort"
	"strings"
)

// A tiny model of the preprocessor: it records #define macros and the
// #if nesting depth of every offset, and can expand one function-like macro
// invocation textually. It never evaluates conditions: every branch counts,
// and a name defined inside any #if is marked conditional.

// macro is one #define.
type macro struct {
	Name     string
	FuncLike bool
	Params   []string // "..." for a variadic tail
	Body     string   // the replacement text, continuations joined
	Off      int      // offset of the '#'
	Line     int
	Cond     bool // defined inside #if/#ifdef (beyond a header guard)
}

// directives is the result of one scan over a file's directive lines.
type directives struct {
	macros []*macro
	// depth change points: depth[i] holds after offset off[i].
	offs   []int
	depths []int
	guard  int // 1 when the file is wrapped in an include guard
	// lines holds the [start, end) offsets of every directive's logical line.
	lines [][2]int
}

// inDirective reports whether off lies on a directive line (a #define's
// body is a template, not code).
func (d *directives) inDirective(off int) bool {
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i][0] > off }) - 1
	return i >= 0 && off < d.lines[i][1]
}

// scanDirectives reads the directive lines of clean text.
func scanDirectives(clean []byte, starts []int, header bool) *directives {
	d := &directives{}
	depth := 0
	firstIfndef := ""
	ndirective := 0
	inside := 0 // end of the previous directive's logical line
	for _, ls := range starts {
		if ls < inside {
			continue // a continuation line
		}
		i := ls
		for i < len(clean) && (clean[i] == ' ' || clean[i] == '\t') {
			i++
		}
		if i >= len(clean) || clean[i] != '#' {
			continue
		}
		hash := i
		name, j := identAt(clean, i+1)
		ndirective++
		d.lines = append(d.lines, [2]int{hash, logicalLineEnd(clean, hash)})
		inside = d.lines[len(d.lines)-1][1]
		switch name {
		case "if", "ifdef", "ifndef":
			depth++
			d.offs = append(d.offs, hash)
			d.depths = append(d.depths, depth)
			if header && ndirective == 1 && name == "ifndef" {
				firstIfndef, _ = identAt(clean, j)
			}
		case "endif":
			if depth > 0 {
				depth--
			}
			d.offs = append(d.offs, hash)
			d.depths = append(d.depths, depth)
		case "define":
			m := parseDefine(clean, j)
			if m == nil {
				continue
			}
			m.Off = hash
			m.Line = lineOf(starts, hash)
			if ndirective == 2 && firstIfndef != "" && m.Name == firstIfndef && !m.FuncLike {
				d.guard = 1
			}
			d.macros = append(d.macros, m)
		}
	}
	for _, m := range d.macros {
		m.Cond = d.depthAt(m.Off) > 0
	}
	return d
}

// depthAt returns the #if nesting depth at an offset, not counting an
// include guard.
func (d *directives) depthAt(off int) int {
	i := sort.SearchInts(d.offs, off+1) - 1
	if i < 0 {
		return 0
	}
	if v := d.depths[i] - d.guard; v > 0 {
		return v
	}
	return 0
}

// parseDefine parses what follows "#define" at clean[i].
func parseDefine(clean []byte, i int) *macro {
	name, j := identAt(clean, i)
	if name == "" {
		return nil
	}
	m := &macro{Name: name}
	if j < len(clean) && clean[j] == '(' {
		m.FuncLike = true
		close := bytes.IndexByte(clean[j:], ')')
		if close < 0 {
			return nil
		}
		for _, p := range strings.Split(string(clean[j+1:j+close]), ",") {
			p = strings.TrimSpace(strings.ReplaceAll(p, "\\\n", ""))
			if p != "" {
				m.Params = append(m.Params, p)
			}
		}
		j += close + 1
	}
	end := logicalLineEnd(clean, j)
	body := string(clean[j:end])
	if strings.Contains(body, "\\") {
		body = strings.ReplaceAll(strings.ReplaceAll(body, "\\\r\n", " "), "\\\n", " ")
	}
	m.Body = strings.TrimSpace(body)
	return m
}

// logicalLineEnd returns the end of the line at i, following backslash
// continuations.
func logicalLineEnd(b []byte, i int) int {
	for i < len(b) {
		nl := bytes.IndexByte(b[i:], '\n')
		if nl < 0 {
			return len(b)
		}
		end := i + nl
		k := end - 1
		if k >= 0 && b[k] == '\r' {
			k--
		}
		if k >= 0 && b[k] == '\\' {
			i = end + 1
			continue
		}
		return end
	}
	return len(b)
}

// macroSet looks macros up by name; a name may have several definitions
// (one per #if branch).
type macroSet map[string][]*macro

func (s macroSet) add(ms []*macro) {
	for _, m := range ms {
		s[m.Name] = append(s[m.Name], m)
	}
}

// evalStrings evaluates a name expression made of string literals and
// macros that expand to string literals ("_io." "FileIO", MODNAME ".DirEntry").
// Macros with several definitions give several results (MODNAME is "nt"
// or "posix"). ok is false if any part is not a known string.
func evalStrings(expr string, lookup func(string) []*macro) ([]string, bool) {
	return evalStringsDepth(expr, lookup, 0)
}

func evalStringsDepth(expr string, lookup func(string) []*macro, depth int) ([]string, bool) {
	if depth > 4 {
		return nil, false
	}
	results := []string{""}
	b := []byte(expr)
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')':
			i++
		case c == '"':
			end := skipLiteral(b, i)
			s, ok := unquote(expr[i:end])
			if !ok {
				return nil, false
			}
			for k := range results {
				results[k] += s
			}
			i = end
		case isIdentStart(c):
			name, j := identAt(b, i)
			var vals []string
			if lookup != nil {
				for _, m := range lookup(name) {
					if m.FuncLike {
						continue
					}
					vs, ok := evalStringsDepth(m.Body, lookup, depth+1)
					if ok {
						vals = append(vals, vs...)
					}
				}
			}
			if len(vals) == 0 {
				return nil, false
			}
			vals = dedupe(vals)
			var next []string
			for _, r := range results {
				for _, v := range vals {
					next = append(next, r+v)
				}
			}
			if len(next) > 8 {
				return nil, false
			}
			results = next
			i = j
		default:
			return nil, false
		}
	}
	if len(results) == 1 && results[0] == "" {
		return nil, false
	}
	return results, true
}

func dedupe(ss []string) []string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// expand substitutes args into a function-like macro's body, with # and ##
// handled. Arguments are not themselves expanded: callers rescan the result.
func expand(m *macro, args []string) string {
	argOf := func(name string) (string, bool) {
		for i, p := range m.Params {
			if p == name || p == "..." && name == "__VA_ARGS__" {
				if p == "..." {
					if i < len(args) {
						return strings.Join(args[i:], ", "), true
					}
					return "", true
				}
				if i < len(args) {
					return args[i], true
				}
				return "", true
			}
			if strings.HasSuffix(p, "...") && strings.TrimSuffix(p, "...") == name {
				if i < len(args) {
					return strings.Join(args[i:], ", "), true
				}
				return "", true
			}
		}
		return "", false
	}
	body := []byte(m.Body)
	var out strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '"' || c == '\'':
			end := skipLiteral(body, i)
			out.Write(body[i:end])
			i = end
		case c == '#' && i+1 < len(body) && body[i+1] == '#':
			// Token pasting: drop the spaces on both sides.
			s := strings.TrimRight(out.String(), " \t")
			out.Reset()
			out.WriteString(s)
			i = skipSpace(body, i+2)
		case c == '#':
			name, j := identAt(body, i+1)
			if arg, ok := argOf(name); ok && name != "" {
				out.WriteString(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(strings.TrimSpace(arg)) + `"`)
				i = j
				continue
			}
			out.WriteByte(c)
			i++
		case isIdentStart(c):
			name, j := identAt(body, i)
			if arg, ok := argOf(name); ok {
				out.WriteString(strings.TrimSpace(arg))
			} else {
				out.WriteString(name)
			}
			i = j
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String()
}
