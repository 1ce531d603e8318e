package mdoc

import (
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// ctx flags say what a prose block is nested in.
type ctx uint8

const (
	ctxNone  ctx = 0
	ctxList  ctx = 1 << 0
	ctxQuote ctx = 1 << 1
)

type walker struct {
	d    *Document
	src  string // the prepared text (same offsets as d.Text)
	srcb []byte // src as given to goldmark
	buf  strings.Builder
}

func (w *walker) walk(n ast.Node, c ctx) {
	switch n := n.(type) {
	case *ast.FencedCodeBlock:
		w.codeBlock(n, Fenced, n.Info)
		return
	case *ast.CodeBlock:
		w.codeBlock(n, Indented, nil)
		return
	case *ast.Heading:
		sp := w.inlineSpan(n, HeadingText)
		line := 0
		if p := n.Pos(); p >= 0 {
			line = w.d.idx.line(p)
		} else if sp.Text != "" {
			line = sp.Line
		}
		w.d.Headings = append(w.d.Headings, Heading{Level: n.Level, Text: strings.TrimSpace(sp.Text), Line: line})
		w.addProse(sp)
		return
	case *ast.Paragraph, *ast.TextBlock:
		kind := Paragraph
		switch {
		case c&ctxQuote != 0:
			kind = Quote
		case c&ctxList != 0:
			kind = ListItem
		}
		w.addProse(w.inlineSpan(n, kind))
		return
	case *ast.HTMLBlock:
		return
	case *ast.ListItem:
		c |= ctxList
	case *ast.Blockquote:
		c |= ctxQuote
	}
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		w.walk(ch, c)
	}
}

func (w *walker) addProse(sp Span) {
	if strings.TrimSpace(sp.Text) == "" {
		return
	}
	w.d.Prose = append(w.d.Prose, sp)
}

// inlineSpan collects the prose text of a block's inline children; inline
// code spans go to Document.Inline and leave one space behind.
func (w *walker) inlineSpan(n ast.Node, kind SpanKind) Span {
	w.buf.Reset()
	var segs []seg
	w.inlines(n, &segs)
	sp := Span{Kind: kind, Text: w.buf.String(), segs: segs, idx: w.d.idx}
	w.place(&sp)
	return sp
}

// place fills a span's Offset, Line, Column and InDetails from its segments.
func (w *walker) place(sp *Span) {
	if len(sp.segs) > 0 {
		sp.Offset = sp.segs[0].at - sp.segs[0].from
		if sp.Offset < 0 {
			sp.Offset = sp.segs[0].at
		}
	}
	sp.Line, sp.Column = sp.Pos(0)
	sp.InDetails = w.d.InDetails(sp.Line)
}

func (w *walker) inlines(n ast.Node, segs *[]seg) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch t := ch.(type) {
		case *ast.Text:
			s := t.Segment
			if s.Start < 0 || s.Stop > len(w.src) || s.Start > s.Stop {
				continue
			}
			*segs = append(*segs, seg{from: w.buf.Len(), at: s.Start, n: s.Stop - s.Start})
			w.buf.WriteString(w.d.Text[s.Start:s.Stop])
			if t.SoftLineBreak() || t.HardLineBreak() {
				w.buf.WriteByte('\n')
			}
		case *ast.String:
			w.buf.Write(t.Value)
		case *ast.CodeSpan:
			w.codeSpan(t)
			w.buf.WriteByte(' ')
		case *ast.RawHTML:
			w.buf.WriteByte(' ')
		case *ast.AutoLink:
			label := t.Label(w.srcb)
			if p := t.Pos(); p >= 0 && p < len(w.src) {
				at := p
				if w.src[p] == '<' {
					at++
				}
				*segs = append(*segs, seg{from: w.buf.Len(), at: at, n: len(label)})
			}
			w.buf.Write(label)
		default:
			w.inlines(ch, segs)
		}
	}
}

// codeSpan records one inline code span with its content's position.
func (w *walker) codeSpan(n *ast.CodeSpan) {
	var b strings.Builder
	var segs []seg
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch t := ch.(type) {
		case *ast.Text:
			s := t.Segment
			if s.Start < 0 || s.Stop > len(w.src) || s.Start > s.Stop {
				continue
			}
			segs = append(segs, seg{from: b.Len(), at: s.Start, n: s.Stop - s.Start})
			v := w.d.Text[s.Start:s.Stop]
			// a line ending inside a code span renders as a space
			b.WriteString(strings.ReplaceAll(v, "\n", " "))
		case *ast.String:
			b.Write(t.Value)
		}
	}
	sp := Span{Kind: InlineCode, Text: b.String(), segs: segs, idx: w.d.idx}
	if len(segs) == 0 {
		if p := n.Pos(); p >= 0 {
			sp.Offset = p
		}
	}
	w.place(&sp)
	w.d.Inline = append(w.d.Inline, sp)
}

// codeBlock records a fenced or indented code block.
func (w *walker) codeBlock(n ast.Node, kind BlockKind, info *ast.Text) {
	b := Block{Kind: kind, Parent: -1, idx: w.d.idx}
	if info != nil {
		s := info.Segment
		if s.Start >= 0 && s.Stop <= len(w.src) && s.Start <= s.Stop {
			b.Info = strings.TrimSpace(w.d.Text[s.Start:s.Stop])
		}
		b.Lang = langOf(b.Info)
	}
	lines := n.Lines()
	var sb strings.Builder
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		if s.Start < 0 || s.Stop > len(w.src) || s.Start > s.Stop {
			continue
		}
		for k := 0; k < s.Padding; k++ {
			sb.WriteByte(' ')
		}
		b.segs = append(b.segs, seg{from: sb.Len(), at: s.Start, n: s.Stop - s.Start})
		sb.WriteString(w.d.Text[s.Start:s.Stop])
	}
	if sb.Len() > 0 && !strings.HasSuffix(sb.String(), "\n") {
		sb.WriteByte('\n')
	}
	b.Content = sb.String()
	fenceLine := 0
	if p := n.Pos(); p >= 0 {
		fenceLine = w.d.idx.line(p)
	}
	if len(b.segs) > 0 {
		b.Offset = b.segs[0].at
		b.Line, b.Column = b.Pos(0)
		last := b.segs[len(b.segs)-1]
		end := last.at + last.n - 1
		if end < last.at {
			end = last.at
		}
		b.EndLine = w.d.idx.line(end)
	} else {
		// an empty block: place it on the line after its opening fence
		b.Line, b.Column, b.EndLine = fenceLine+1, 1, fenceLine
		if fenceLine == 0 {
			b.Line = 1
		}
		b.Line = min(b.Line, len(w.d.idx.starts))
		if b.Line <= len(w.d.idx.starts) {
			b.Offset = w.d.idx.starts[b.Line-1]
		} else {
			b.Offset = len(w.d.Text)
		}
	}
	b.InDetails = w.d.InDetails(b.Line)
	b.Diff = b.Lang == "diff" || b.Lang == "patch" || b.Lang == "udiff" || looksLikeDiff(b.Content)
	r := LineRange{b.Line, b.EndLine}
	if kind == Fenced {
		if fenceLine > 0 {
			r.Start = fenceLine
		}
		if r.End+1 <= len(w.d.idx.starts) && isClosingFence(w.d.LineText(r.End+1)) {
			r.End++
		}
	}
	if r.End < r.Start {
		r.End = r.Start
	}
	w.d.CodeLines = append(w.d.CodeLines, r)
	w.d.Blocks = append(w.d.Blocks, b)
}

func isClosingFence(line string) bool {
	t := strings.TrimSpace(line)
	return len(t) >= 3 && (fenceRun(t, '`') == len(t) || fenceRun(t, '~') == len(t))
}

// langOf returns the lower-cased first word of an info string, without
// the {.lang} or language- decorations some writers use.
func langOf(info string) string {
	f := strings.Fields(info)
	if len(f) == 0 {
		return ""
	}
	l := strings.ToLower(f[0])
	l = strings.TrimLeft(l, "{.")
	l = strings.TrimRight(l, "}")
	l = strings.TrimPrefix(l, "language-")
	if i := strings.IndexAny(l, ",{"); i >= 0 {
		l = l[:i]
	}
	return l
}

// looksLikeDiff reports whether content has unified-diff file headers
// (--- then +++) or a hunk header "@@ -n,m +n,m @@".
func looksLikeDiff(content string) bool {
	if !strings.Contains(content, "@@") && !strings.Contains(content, "+++") {
		return false
	}
	lines := splitLines(content)
	for i, l := range lines {
		if strings.HasPrefix(l, "--- ") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "+++ ") {
			return true
		}
		if isHunkHeader(l) {
			return true
		}
	}
	return false
}

// isHunkHeader reports whether a line is "@@ -a[,b] +c[,d] @@...".
func isHunkHeader(l string) bool {
	if !strings.HasPrefix(l, "@@ -") {
		return false
	}
	rest := l[4:]
	i := 0
	for i < len(rest) && (isDigit(rest[i]) || rest[i] == ',') {
		i++
	}
	if i == 0 || !strings.HasPrefix(rest[i:], " +") {
		return false
	}
	rest = rest[i+2:]
	i = 0
	for i < len(rest) && (isDigit(rest[i]) || rest[i] == ',') {
		i++
	}
	return i > 0 && strings.HasPrefix(rest[i:], " @@")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// finish finds sessions, commands and heredocs, drops prose that is
// really a session, and orders the blocks.
func (w *walker) finish() {
	d := w.d
	code := d.Blocks
	var derived []Block
	for i := range code {
		b := &code[i]
		if s, ok := sessionIn(b, i); ok {
			b.HasSession = true
			derived = append(derived, s)
		}
		if !b.IsPython() && !b.Diff {
			derived = append(derived, heredocsIn(b, i)...)
		}
	}
	// sessions written in prose: goldmark reads ">>>" as nested quotes
	sessions := w.proseSessions()
	if len(sessions) > 0 {
		derived = append(derived, sessions...)
		kept := d.Prose[:0]
		for _, sp := range d.Prose {
			drop := false
			for _, s := range sessions {
				if sp.Line >= s.Line && sp.Line <= s.EndLine {
					drop = true
				}
			}
			if !drop {
				kept = append(kept, sp)
			}
		}
		d.Prose = kept
	}
	derived = append(derived, w.commands(code)...)
	if len(derived) == 0 {
		return
	}
	// Merge by offset (a derived block starts inside its parent, so after
	// it; on a tie the parent goes first), and remap
	// Parent from an index into code to an index into the result.
	type item struct {
		b      Block
		origin int // index in code, or -1 for derived
	}
	items := make([]item, 0, len(code)+len(derived))
	for i, b := range code {
		items = append(items, item{b, i})
	}
	for _, b := range derived {
		items = append(items, item{b, -1})
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := &items[i], &items[j]
		if a.b.Offset != b.b.Offset {
			return a.b.Offset < b.b.Offset
		}
		return a.origin >= 0 && b.origin < 0
	})
	where := make([]int, len(code))
	for k, it := range items {
		if it.origin >= 0 {
			where[it.origin] = k
		}
	}
	out := make([]Block, len(items))
	for k, it := range items {
		b := it.b
		if it.origin < 0 && b.Parent >= 0 {
			b.Parent = where[b.Parent]
		}
		out[k] = b
	}
	d.Blocks = out
}
