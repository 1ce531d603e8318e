package mdoc

import "strings"

// codeBuilder assembles derived code (a session, a command's argument)
// from runs of the text, remembering where each run came from.
type codeBuilder struct {
	sb   strings.Builder
	segs []seg
}

// add appends s, which starts at text offset at.
func (c *codeBuilder) add(s string, at int) {
	if s == "" {
		return
	}
	if n := len(c.segs); n > 0 {
		last := &c.segs[n-1]
		if last.from+last.n == c.sb.Len() && last.at+last.n == at {
			last.n += len(s)
			c.sb.WriteString(s)
			return
		}
	}
	c.segs = append(c.segs, seg{from: c.sb.Len(), at: at, n: len(s)})
	c.sb.WriteString(s)
}

// addByte appends one byte that has no place of its own in the text.
func (c *codeBuilder) addByte(b byte) { c.sb.WriteByte(b) }

func (c *codeBuilder) block(d *Document, kind BlockKind, parent int, endLine int) Block {
	b := Block{Kind: kind, Lang: "python", Content: c.sb.String(), Parent: parent, segs: c.segs, idx: d.idx}
	if len(c.segs) > 0 {
		b.Offset = c.segs[0].at - c.segs[0].from
		if b.Offset < 0 {
			b.Offset = c.segs[0].at
		}
	}
	b.Line, b.Column = b.Pos(0)
	b.EndLine = endLine
	if b.EndLine < b.Line {
		b.EndLine = b.Line
	}
	b.InDetails = d.InDetails(b.Line)
	return b
}

// promptCode returns the code of a session line: what follows ">>> " or,
// when cont is set, "... ". skip is the number of bytes before the code.
func promptCode(line string, cont bool) (code string, skip int, ok bool) {
	t := strings.TrimLeft(line, " \t")
	lead := len(line) - len(t)
	var p string
	switch {
	case strings.HasPrefix(t, ">>>"):
		p = ">>>"
	case cont && strings.HasPrefix(t, "..."):
		p = "..."
	default:
		return "", 0, false
	}
	rest := t[len(p):]
	if strings.HasPrefix(rest, ">") || strings.HasPrefix(rest, ".") {
		return "", 0, false // ">>>>" or "...." is not a prompt
	}
	n := lead + len(p)
	if strings.HasPrefix(rest, " ") {
		rest, n = rest[1:], n+1
	}
	return strings.TrimRight(rest, "\r"), n, true
}

// sessionIn extracts the code of a >>> session inside code block b (at
// index i of the code blocks).
func sessionIn(b *Block, i int) (Block, bool) {
	if !strings.Contains(b.Content, ">>>") {
		return Block{}, false
	}
	var c codeBuilder
	cont, found, endLine := false, false, 0
	off := 0
	for _, line := range strings.SplitAfter(b.Content, "\n") {
		start := off
		off += len(line)
		line = strings.TrimSuffix(line, "\n")
		code, skip, ok := promptCode(line, cont)
		if !ok {
			cont = false
			continue
		}
		found, cont = true, true
		c.add(code, b.TextOffset(start+skip))
		c.addByte('\n')
		endLine = b.idx.line(b.TextOffset(start))
	}
	if !found || strings.TrimSpace(c.sb.String()) == "" {
		return Block{}, false
	}
	s := Block{Kind: Session, Lang: "python", Content: c.sb.String(), Parent: i, segs: c.segs, idx: b.idx}
	s.Offset = c.segs[0].at
	s.Line, s.Column = s.Pos(0)
	s.EndLine = endLine
	s.InDetails = b.InDetails
	return s, true
}

// proseSessions finds >>> sessions written outside code blocks: from a
// ">>>" line to the next blank line.
func (w *walker) proseSessions() []Block {
	d := w.d
	if !strings.Contains(d.Text, ">>>") {
		return nil
	}
	var out []Block
	n := len(d.idx.starts)
	for ln := 1; ln <= n; ln++ {
		if d.InCode(ln) {
			continue
		}
		if _, _, ok := promptCode(d.LineText(ln), false); !ok {
			continue
		}
		var c codeBuilder
		cont, end := false, ln
		for ; ln <= n && !d.InCode(ln); ln++ {
			line := d.LineText(ln)
			if isBlank(line) {
				break
			}
			end = ln
			code, skip, ok := promptCode(line, cont)
			if !ok {
				cont = false
				continue
			}
			cont = true
			c.add(code, d.idx.starts[ln-1]+skip)
			c.addByte('\n')
		}
		if strings.TrimSpace(c.sb.String()) != "" {
			out = append(out, c.block(d, Session, -1, end))
		}
	}
	return out
}

// heredocsIn extracts `python3 - <<EOF` (or `cat > poc.py <<EOF`) bodies
// from a shell-ish block b at index i.
func heredocsIn(b *Block, i int) []Block {
	if !strings.Contains(b.Content, "<<") {
		return nil
	}
	var out []Block
	lines := strings.SplitAfter(b.Content, "\n")
	offs := make([]int, len(lines))
	for k, off := 0, 0; k < len(lines); k++ {
		offs[k] = off
		off += len(lines[k])
	}
	for k := 0; k < len(lines); k++ {
		line := lines[k]
		at := strings.Index(line, "<<")
		if at < 0 || strings.HasPrefix(line[at:], "<<<") {
			continue
		}
		if !strings.Contains(line, "python") && !strings.Contains(line, ".py") {
			continue
		}
		word := heredocWord(line[at+2:])
		if word == "" {
			continue
		}
		var c codeBuilder
		endLine := 0
		k++
		for ; k < len(lines); k++ {
			body := strings.TrimSuffix(lines[k], "\n")
			if strings.TrimSpace(body) == word {
				break
			}
			c.add(strings.TrimSuffix(body, "\r"), b.TextOffset(offs[k]))
			c.addByte('\n')
			endLine = b.idx.line(b.TextOffset(offs[k]))
		}
		if len(c.segs) == 0 {
			continue
		}
		h := Block{Kind: Heredoc, Lang: "python", Content: c.sb.String(), Parent: i, segs: c.segs, idx: b.idx}
		h.Offset = c.segs[0].at
		h.Line, h.Column = h.Pos(0)
		h.EndLine = endLine
		h.InDetails = b.InDetails
		out = append(out, h)
	}
	return out
}

// heredocWord reads the delimiter after "<<": "-"? spaces, optional
// quotes, then a word.
func heredocWord(s string) string {
	s = strings.TrimPrefix(s, "-")
	s = strings.TrimLeft(s, " \t")
	q := byte(0)
	if s != "" && (s[0] == '\'' || s[0] == '"') {
		q, s = s[0], s[1:]
	}
	n := 0
	for n < len(s) && (isWordByte(s[n])) {
		n++
	}
	if n == 0 || (q != 0 && (n >= len(s) || s[n] != q)) {
		return ""
	}
	return s[:n]
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// commands finds `python -c '...'` commands anywhere outside Python code
// blocks (prose, inline code, shell blocks) and returns their code.
func (w *walker) commands(code []Block) []Block {
	d := w.d
	t := d.Text
	if !strings.Contains(t, "-c") {
		return nil
	}
	var out []Block
	for from := 0; from < len(t); {
		k := strings.Index(t[from:], "python")
		if k < 0 {
			break
		}
		p := from + k
		from = p + len("python")
		if p > 0 && (isWordByte(t[p-1]) || t[p-1] == '.' || t[p-1] == '-') {
			continue
		}
		q := p + len("python")
		for q < len(t) && (isDigit(t[q]) || t[q] == '.') {
			if t[q] == '.' && strings.HasPrefix(t[q:], ".exe") {
				break
			}
			q++
		}
		q = skipSuffix(t, q, ".exe")
		parent := -1
		line := d.idx.line(p)
		for bi := range code {
			if code[bi].Line <= line && line <= code[bi].EndLine {
				parent = bi
			}
		}
		if parent >= 0 && (code[parent].IsPython() || code[parent].HasSession || code[parent].Diff) {
			continue
		}
		qi := commandArg(t, q)
		if qi < 0 {
			continue
		}
		var c codeBuilder
		end := shellWord(t, qi, &c)
		if end < 0 || strings.TrimSpace(c.sb.String()) == "" {
			continue
		}
		from = end
		out = append(out, c.block(d, Command, parent, d.idx.line(end-1)))
	}
	return out
}

func skipSuffix(t string, q int, suf string) int {
	if strings.HasPrefix(t[q:], suf) {
		return q + len(suf)
	}
	return q
}

// commandArg reads the options after a python executable name at t[q:]
// and returns the offset of the quote that starts the -c argument, or -1.
func commandArg(t string, q int) int {
	for tokens := 0; tokens < 8; tokens++ {
		start := q
		q = skipShellSpace(t, q)
		if q == start || q >= len(t) {
			return -1
		}
		e := q
		for e < len(t) && !isShellSpace(t[e]) && t[e] != '\n' {
			if t[e] == '\'' || t[e] == '"' {
				break
			}
			e++
		}
		tok := t[q:e]
		switch {
		case tok == "-c":
			q = skipShellSpace(t, e)
			if q < len(t) && (t[q] == '\'' || t[q] == '"') {
				return q
			}
			return -1
		case tok == "-X" || tok == "-W":
			q = skipShellSpace(t, e)
			for q < len(t) && !isShellSpace(t[q]) && t[q] != '\n' {
				q++
			}
		case strings.HasPrefix(tok, "-") && len(tok) > 1 && tok != "-m":
			// -I, -S, -E, -u, -B, -O, -Wd ... (options before -c)
			if strings.HasSuffix(tok, "c") && !strings.HasPrefix(tok, "--") {
				// grouped flags ending in c, as in -Ic
				q = skipShellSpace(t, e)
				if q < len(t) && (t[q] == '\'' || t[q] == '"') {
					return q
				}
				return -1
			}
			q = e
		default:
			return -1
		}
	}
	return -1
}

func isShellSpace(c byte) bool { return c == ' ' || c == '\t' }

// skipShellSpace skips blanks and backslash-newline continuations.
func skipShellSpace(t string, q int) int {
	for q < len(t) {
		switch {
		case isShellSpace(t[q]):
			q++
		case t[q] == '\\' && strings.HasPrefix(t[q+1:], "\n"):
			q += 2
		case t[q] == '\\' && strings.HasPrefix(t[q+1:], "\r\n"):
			q += 3
		default:
			return q
		}
	}
	return q
}

// maxCommand bounds how far a quoted -c argument may run.
const maxCommand = 1 << 16

// shellWord reads a shell word made of quoted pieces ('...' and "...",
// adjacent pieces concatenated) starting at the quote t[q], writing its
// unquoted value to c. It returns the offset after the word, or -1 when a
// quote is not closed.
func shellWord(t string, q int, c *codeBuilder) int {
	limit := min(len(t), q+maxCommand)
	for q < limit && (t[q] == '\'' || t[q] == '"') {
		quote := t[q]
		q++
		if quote == '\'' {
			e := strings.IndexByte(t[q:limit], '\'')
			if e < 0 {
				return -1
			}
			c.add(t[q:q+e], q)
			q += e + 1
			continue
		}
		closed := false
		for q < limit {
			ch := t[q]
			if ch == '"' {
				q++
				closed = true
				break
			}
			if ch == '\\' && q+1 < limit {
				switch n := t[q+1]; n {
				case '"', '\\', '$', '`':
					c.add(t[q+1:q+2], q+1)
					q += 2
					continue
				case '\n':
					q += 2
					continue
				}
			}
			// copy a run of ordinary bytes at once
			e := q + 1
			for e < limit && t[e] != '"' && t[e] != '\\' {
				e++
			}
			c.add(t[q:e], q)
			q = e
		}
		if !closed {
			return -1
		}
	}
	return q
}
