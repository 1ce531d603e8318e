package policy

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// view is what the rules read: the report's prose cut into sentences (with
// inline code kept, so `PYTHONPATH` and `pickle.loads()` count as words),
// and its code.
type view struct {
	in *Input
	// prose is the report text with code blocks and >>> sessions blanked
	// and Markdown punctuation (` * | and line-leading # > -) turned into
	// spaces: same length as the text, so offsets still match.
	prose string
	// sents are the sentences of prose, the title first.
	sents []sentence
	// code holds the report's code: blocks, sessions, commands, heredocs;
	// or, for a bare .py report, the whole text.
	code []codeText
	// words counts the words of prose outside code, the title excepted.
	words int
	base  int // file line of the text's first line
}

// sentence is one sentence of prose. off is the byte offset of text in
// the report text, or -1 for the report's title field.
type sentence struct {
	text  string
	off   int
	title bool // the title field, or the report's first line
}

// codeText is one piece of code with the offset of its first byte.
type codeText struct {
	text   string
	off    int
	python bool
	block  *mdoc.Block // nil for a bare .py or .diff report
}

func newView(in *Input) *view {
	v := &view{in: in, base: max(in.Report.Line, 1)}
	text := in.Report.Text
	if in.Report.Title != "" {
		v.sents = append(v.sents, sentence{text: in.Report.Title, off: -1, title: true})
	}
	switch in.Report.Kind {
	case report.Python:
		v.code = []codeText{{text: text, off: 0, python: true}}
		v.prose = commentProse(text)
	case report.Diff:
		v.code = []codeText{{text: text, off: 0}}
		v.prose = strings.Repeat(" ", len(text))
	default:
		v.prose = proseOf(in.Doc)
		for i := range in.Doc.Blocks {
			b := &in.Doc.Blocks[i]
			v.code = append(v.code, codeText{text: b.Content, off: b.Offset, python: isPythonish(b), block: b})
		}
	}
	first := len(v.sents) == 0
	for _, s := range splitSentences(v.prose, text) {
		if first {
			s.title = true
			first = false
		} else {
			v.words += len(strings.Fields(s.text))
		}
		v.sents = append(v.sents, s)
	}
	return v
}

// pos returns the file line and rune column of a text offset; the title
// field (off < 0) is placed at the report's first line.
func (v *view) pos(off int) (int, int) {
	if off < 0 {
		return v.base, 1
	}
	if v.in.Doc != nil {
		l, c := v.in.Doc.Pos(off)
		return l + v.base - 1, c
	}
	t := v.in.Report.Text
	off = min(off, len(t))
	line := 1 + strings.Count(t[:off], "\n")
	ls := strings.LastIndexByte(t[:off], '\n') + 1
	return line + v.base - 1, utf8.RuneCountInString(t[ls:off]) + 1
}

// subject returns the sentences that say what the report is about: the
// title and the first two sentences of the body.
func (v *view) subject() []sentence {
	n := 0
	var out []sentence
	for _, s := range v.sents {
		out = append(out, s)
		if !s.title {
			n++
		}
		if n == 2 {
			break
		}
	}
	return out
}

// isPythonish reports whether a block is Python code, or an unlabelled
// block that reads like Python.
func isPythonish(b *mdoc.Block) bool {
	if b.IsPython() {
		return true
	}
	if b.Lang != "" || b.Diff || b.HasSession {
		return false
	}
	return pyShape.MatchString(b.Content)
}

var pyShape = regexp.MustCompile(`(?m)^\s*(import \w|from [\w.]+ import |def \w+\(|class \w+[(:]|print\()`)

// proseOf blanks a document's code blocks and >>> sessions out of its
// text, and Markdown punctuation out of the rest.
func proseOf(d *mdoc.Document) string {
	b := []byte(d.Text)
	blank := func(from, to int) { // lines, inclusive
		for l := from; l <= to && l <= d.LineCount(); l++ {
			start, _ := lineSpan(d, l)
			for k := start; k < len(b) && b[k] != '\n'; k++ {
				b[k] = ' '
			}
		}
	}
	for _, r := range d.CodeLines {
		blank(r.Start, r.End)
	}
	for i := range d.Blocks {
		if bl := &d.Blocks[i]; bl.Kind == mdoc.Session && bl.Parent < 0 {
			blank(bl.Line, bl.EndLine)
		}
	}
	// Markdown punctuation: inline code ticks, emphasis stars, table bars,
	// and heading, quote and bullet marks at the start of a line.
	lineStart := true
	for k := 0; k < len(b); k++ {
		c := b[k]
		switch {
		case c == '\n':
			lineStart = true
			continue
		case c == '`' || c == '*' || c == '|':
			b[k] = ' '
		case lineStart && (c == '#' || c == '>' || c == '-' || c == '+'):
			b[k] = ' '
			continue
		case lineStart && (c == ' ' || c == '\t'):
			continue
		}
		lineStart = false
	}
	return string(b)
}

// lineSpan returns the byte range of a 1-based line of d's text.
func lineSpan(d *mdoc.Document, line int) (int, int) {
	off := 0
	t := d.Text
	for l := 1; l < line; l++ {
		i := strings.IndexByte(t[off:], '\n')
		if i < 0 {
			return len(t), len(t)
		}
		off += i + 1
	}
	end := strings.IndexByte(t[off:], '\n')
	if end < 0 {
		return off, len(t)
	}
	return off, off + end
}

// commentProse keeps the comments and docstring-ish lines of a bare .py
// report as its prose (everything else blanked), so a PoC file that says
// "# needs PYTHONSTARTUP set by the attacker" is still read.
func commentProse(t string) string {
	b := []byte(t)
	inComment := false
	for k := 0; k < len(b); k++ {
		switch {
		case b[k] == '\n':
			inComment = false
		case b[k] == '#':
			inComment = true
			b[k] = ' '
		case !inComment:
			b[k] = ' '
		}
	}
	return string(b)
}

// splitSentences cuts prose into sentences: at ". ", "! ", "? " and at
// the end of a line that ends a paragraph, a heading, a list item or a
// table row.
func splitSentences(p, orig string) []sentence {
	var out []sentence
	start := 0
	emit := func(end int) {
		s := p[start:end]
		lead := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
		s = strings.TrimSpace(s)
		if s != "" {
			out = append(out, sentence{text: s, off: start + lead})
		}
		start = end
	}
	for k := 0; k < len(p); k++ {
		c := p[k]
		switch c {
		case '.', '!', '?':
			if k+1 == len(p) || p[k+1] == ' ' || p[k+1] == '\n' || p[k+1] == '\t' || p[k+1] == '\r' {
				if c == '.' && abbreviation(p[start:k]) {
					continue
				}
				emit(k + 1)
			}
		case '\n':
			if lineEndsBlock(p, orig, k) {
				emit(k)
			}
		}
	}
	emit(len(p))
	return out
}

// abbreviation reports whether text before a '.' ends in e.g, i.e, etc,
// vs or a single letter, after which the sentence goes on.
func abbreviation(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := strings.ToLower(f[len(f)-1])
	switch w {
	case "e.g", "i.e", "etc", "vs", "cf", "approx", "no", "fig":
		return true
	}
	return len(w) == 1
}

// lineEndsBlock reports whether the newline at p[k] ends a sentence: the
// line it ends or the next line is blank (blanked code counts), the line
// it ends is a heading or table row, or the next line starts a list item,
// heading, quote, table row or HTML tag. orig is the unblanked text.
func lineEndsBlock(p, orig string, k int) bool {
	prevStart := strings.LastIndexByte(p[:k], '\n') + 1
	if strings.TrimSpace(p[prevStart:k]) == "" {
		return true
	}
	if prev := strings.TrimLeft(orig[prevStart:k], " \t"); prev != "" && (prev[0] == '#' || prev[0] == '|') {
		return true
	}
	next := p[k+1:]
	if i := strings.IndexByte(next, '\n'); i >= 0 {
		next = next[:i]
	}
	if strings.TrimSpace(next) == "" {
		return true
	}
	on := strings.TrimLeft(orig[k+1:k+1+len(next)], " \t")
	if on == "" {
		return true
	}
	switch on[0] {
	case '#', '|', '>', '-', '*', '+', '<':
		return true
	}
	i := 0
	for i < len(on) && on[i] >= '0' && on[i] <= '9' {
		i++
	}
	return i > 0 && i < len(on) && (on[i] == '.' || on[i] == ')')
}

// imports returns the top-level module names a piece of Python imports.
func imports(code string) []string {
	var out []string
	for _, m := range importLine.FindAllStringSubmatch(code, -1) {
		if m[1] != "" {
			out = append(out, strings.SplitN(m[1], ".", 2)[0])
			continue
		}
		for _, part := range strings.Split(m[2], ",") {
			f := strings.Fields(part)
			if len(f) > 0 {
				out = append(out, strings.SplitN(f[0], ".", 2)[0])
			}
		}
	}
	return out
}

var importLine = regexp.MustCompile(`(?m)^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+?)[ \t]*(?:#.*)?$)`)

// sentenceAt returns the sentence holding a text offset, or -1.
func (v *view) sentenceAt(off int) int {
	for i, s := range v.sents {
		if s.off >= 0 && off >= s.off && off < s.off+len(s.text) {
			return i
		}
	}
	return -1
}

// moduleRef finds names written as modules in the original text: a dotted
// name's root (zipfile.Path), a name in backticks, or "the X module".
var moduleRef = regexp.MustCompile("\\b([a-z_][a-z0-9_]*)\\.[A-Za-z_]|`([a-z_][a-z0-9_]*)[`.(]|\\b([a-z_][a-z0-9_]*) (?:module|package)\\b")

// subjectModules returns the module-looking names in the subject (title
// and first two sentences), as written, roots only.
func (v *view) subjectModules() []string {
	var out []string
	for _, s := range v.subject() {
		src := v.in.Report.Title
		if s.off >= 0 {
			// one byte more each side: the ticks the prose view blanked
			t := v.in.Report.Text
			src = t[max(s.off-1, 0):min(s.off+len(s.text)+1, len(t))]
		}
		for _, m := range moduleRef.FindAllStringSubmatch(src, -1) {
			for _, g := range m[1:] {
				if g != "" {
					out = append(out, g)
				}
			}
		}
	}
	return out
}
