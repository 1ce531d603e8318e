package csrc

import (
	"bytes"
	"strings"
)

// This file holds the small, C-aware text helpers the extractors share.
// They work on "clean" text: the file with comments blanked out (same
// length, newlines kept), so byte offsets and line numbers stay valid and
// no scanner has to think about comments again.

// blankComments returns a copy of src with every comment replaced by spaces
// (newlines are kept so offsets and line numbers do not move). String and
// character literals are left alone and skipped over correctly.
func blankComments(src []byte) []byte {
	out := make([]byte, len(src))
	copy(out, src)
	for i := 0; i < len(out); {
		switch c := out[i]; {
		case c == '"' || c == '\'':
			i = skipLiteral(out, i)
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			end := bytes.Index(out[i+2:], []byte("*/"))
			stop := len(out)
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			blank(out[i:stop])
			i = stop
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			stop := i
			for stop < len(out) && out[stop] != '\n' {
				// A backslash-newline continues a // comment in C.
				if out[stop] == '\\' && stop+1 < len(out) && out[stop+1] == '\n' {
					stop += 2
					continue
				}
				stop++
			}
			blank(out[i:stop])
			i = stop
		default:
			i++
		}
	}
	return out
}

func blank(b []byte) {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
}

// skipLiteral returns the offset just past the string or character literal
// that starts at b[i]. An unterminated literal ends at the end of its line.
func skipLiteral(b []byte, i int) int {
	q := b[i]
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(b)
}

// matchClose returns the offset of the bracket that closes the one at
// b[open] ('(', '[' or '{'), or -1. b must be clean text.
func matchClose(b []byte, open int) int {
	depth := 0
	for i := open; i < len(b); i++ {
		switch b[i] {
		case '"', '\'':
			i = skipLiteral(b, i) - 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits b at commas that are not nested in brackets or literals.
// Empty trailing pieces (after a final comma) are dropped.
func splitTop(b []byte) []string {
	offsets := splitTopOffsets(b)
	parts := make([]string, len(offsets))
	for i, o := range offsets {
		parts[i] = strings.TrimSpace(string(b[o[0]:o[1]]))
	}
	return parts
}

// splitTopOffsets returns the [start, end) offsets of splitTop's pieces.
func splitTopOffsets(b []byte) [][2]int {
	var parts [][2]int
	depth, start := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"', '\'':
			i = skipLiteral(b, i) - 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, [2]int{start, i})
				start = i + 1
			}
		}
	}
	if strings.TrimSpace(string(b[start:])) != "" {
		parts = append(parts, [2]int{start, len(b)})
	}
	return parts
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

// isIdent reports whether s is a C identifier.
func isIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentByte(s[i]) {
			return false
		}
	}
	return true
}

// isDottedIdent reports whether s is a dotted Python name such as os.stat.
func isDottedIdent(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if !isIdent(part) {
			return false
		}
	}
	return true
}

// wordAt reports whether the identifier w occurs at b[i] as a whole word.
func wordAt(b []byte, i int, w string) bool {
	if i > 0 && isIdentByte(b[i-1]) {
		return false
	}
	if !bytes.HasPrefix(b[i:], []byte(w)) {
		return false
	}
	end := i + len(w)
	return end >= len(b) || !isIdentByte(b[end])
}

// forEachWord calls fn with the offset of every whole-word occurrence of w.
func forEachWord(b []byte, w string, fn func(at int)) {
	needle := []byte(w)
	for off := 0; ; {
		j := bytes.Index(b[off:], needle)
		if j < 0 {
			return
		}
		at := off + j
		if wordAt(b, at, w) {
			fn(at)
		}
		off = at + len(w)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f' || b[i] == '\v' || b[i] == '\\') {
		i++
	}
	return i
}

// identAt returns the identifier starting at b[i] (after spaces) and the
// offset after it; "" when there is none.
func identAt(b []byte, i int) (string, int) {
	i = skipSpace(b, i)
	if i >= len(b) || !isIdentStart(b[i]) {
		return "", i
	}
	j := i
	for j < len(b) && isIdentByte(b[j]) {
		j++
	}
	return string(b[i:j]), j
}

// callArgs parses the argument list of a call whose name ends at b[i]:
// it expects optional spaces and '(' and returns the top-level arguments
// and the offset after ')'. ok is false when there is no argument list.
func callArgs(b []byte, i int) (args []string, end int, ok bool) {
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '(' {
		return nil, i, false
	}
	close := matchClose(b, i)
	if close < 0 {
		return nil, i, false
	}
	return splitTop(b[i+1 : close]), close + 1, true
}

// identifiers returns the identifiers of an expression, in order, skipping
// literals.
func identifiers(expr string) []string {
	var out []string
	b := []byte(expr)
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '"' || c == '\'':
			i = skipLiteral(b, i)
		case isIdentStart(c):
			j := i
			for j < len(b) && isIdentByte(b[j]) {
				j++
			}
			out = append(out, expr[i:j])
			i = j
		case c >= '0' && c <= '9':
			for i < len(b) && isIdentByte(b[i]) {
				i++
			}
		default:
			i++
		}
	}
	return out
}

// castWords are identifiers that appear in casts and wrappers around the
// interesting name of an initializer value, e.g.
// (PyCFunction)(void(*)(void))sock_recv or _PyCFunction_CAST(os_stat).
var castWords = map[string]bool{
	"PyCFunction": true, "PyCFunctionWithKeywords": true, "PyCFunctionFast": true,
	"PyCFunctionFastWithKeywords": true, "PyCMethod": true, "_PyCFunction_CAST": true,
	"_PyCFunctionWithKeywords_CAST": true, "void": true, "const": true, "struct": true,
	"getter": true, "setter": true, "PyObject": true, "PyTypeObject": true, "Py_NewRef": true,
	"Py_XNewRef": true, "Py_INCREF": true, "PyMethodDef": true, "PyGetSetDef": true,
	"PyMemberDef": true, "destructor": true, "newfunc": true, "initproc": true, "char": true,
}

// lastName returns the last identifier of an initializer value that is not
// part of a cast, e.g. "sock_recv" for (PyCFunction)(void(*)(void))sock_recv,
// "deque_type" for (PyObject *)state->deque_type.
func lastName(expr string) string {
	ids := identifiers(expr)
	for i := len(ids) - 1; i >= 0; i-- {
		if !castWords[ids[i]] {
			return ids[i]
		}
	}
	return ""
}

// addrOf returns X for a value of the form &X (possibly cast), else "".
func addrOf(expr string) string {
	i := strings.LastIndexByte(expr, '&')
	if i < 0 {
		return ""
	}
	name, _ := identAt([]byte(expr), i+1)
	return name
}

// lineStarts returns the offsets where lines begin, for offset->line lookups.
func lineStarts(b []byte) []int {
	starts := make([]int, 1, len(b)/30+1)
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 1-based line of an offset.
func lineOf(starts []int, off int) int {
	lo, hi := 0, len(starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// unquote returns the contents of a C string literal (without prefix
// handling beyond the quotes; names never need escapes).
func unquote(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", false
	}
	s := lit[1 : len(lit)-1]
	if strings.IndexByte(s, '\\') >= 0 {
		s = strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\n`, "\n", `\t`, "\t").Replace(s)
	}
	return s, true
}
