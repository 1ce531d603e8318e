package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"
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

	// keys are the guard keywords (gate.go) the sentences hold.
	keys keySet
	// subjMods caches subjectModules; subjStdlib caches
	// subjectNamesStdlib (0 unknown, 1 no, 2 yes).
	subjMods   []string
	subjDone   bool
	subjStdlib int8
}

// sentence is one sentence of prose. off is the byte offset of text in
// the report text, or -1 for the report's title field.
type sentence struct {
	text  string
	off   int
	title bool // the title field, or the report's first line
	// keys are the guard keywords (gate.go) text holds.
	keys keySet
}

// codeText is one piece of code with the offset of its first byte.
type codeText struct {
	text   string
	off    int
	python bool
	block  *mdoc.Block // nil for a bare .py or .diff report
}

func newView(in *Input) *view {
	v := &view{in: in, base: max(in.Report.Line, 1), sents: make([]sentence, 0, 32)}
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
		v.code = make([]codeText, 0, len(in.Doc.Blocks))
		for i := range in.Doc.Blocks {
			b := &in.Doc.Blocks[i]
			v.code = append(v.code, codeText{text: b.Content, off: b.Offset, python: isPythonish(b), block: b})
		}
	}
	n := len(v.sents)
	v.sents = splitSentences(v.sents, v.prose, text)
	for i := n; i < len(v.sents); i++ {
		if i == 0 {
			v.sents[i].title = true // no title field: the first line is the title
		} else {
			v.words += fieldCount(v.sents[i].text)
		}
	}
	for i := range v.sents {
		s := &v.sents[i]
		s.keys = scanKeys(s.text)
		v.keys.add(s.keys)
	}
	return v
}

// mentions reports whether some sentence may hold one of the keywords
// (gate.go).
func (v *view) mentions(k keySet) bool { return v.keys.meets(k) }

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

var pyShape = lazyre.New(`(?m)^\s*(import \w|from [\w.]+ import |def \w+\(|class \w+[(:]|print\()`)

// proseOf blanks a document's code blocks and >>> sessions out of its
// text, and Markdown punctuation out of the rest.
func proseOf(d *mdoc.Document) string {
	b := []byte(d.Text)
	var starts []int              // byte offset of each line, made on first use
	blank := func(from, to int) { // lines, inclusive
		if starts == nil {
			starts = lineStarts(d.Text)
		}
		for l := from; l <= to && l <= d.LineCount() && l <= len(starts); l++ {
			start := 0 // lineSpan's answer for a line number below 1
			if l >= 1 {
				start = starts[l-1]
			}
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

// lineStarts returns the byte offset of each line of t, as lineSpan
// counts lines.
func lineStarts(t string) []int {
	out := make([]int, 1, 1+strings.Count(t, "\n"))
	for i := 0; i < len(t); i++ {
		if t[i] == '\n' {
			out = append(out, i+1)
		}
	}
	return out
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

// splitSentences appends to out the sentences of prose p, cut at ". ",
// "! ", "? " and at the end of a line that ends a paragraph, a heading, a
// list item or a table row.
func splitSentences(out []sentence, p, orig string) []sentence {
	start := 0
	emit := func(end int) {
		raw := p[start:end]
		lead := trimLeadLen(raw)
		s := strings.TrimSpace(raw)
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
	w := lastField(before)
	if w == "" {
		return false
	}
	w = strings.ToLower(w)
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

var importLine = lazyre.New(`(?m)^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+?)[ \t]*(?:#.*)?$)`)

// moduleRefs appends the names written as modules in src: a dotted
// name's root (zipfile.Path), a name in backticks, or "the X module". It
// scans for what the regular expression
//
//	\b([a-z_][a-z0-9_]*)\.[A-Za-z_]|`([a-z_][a-z0-9_]*)[`.(]|\b([a-z_][a-z0-9_]*) (?:module|package)\b
//
// finds with FindAllStringSubmatch, match for match: at each position the
// name runs as far as it can (none of the characters that may follow it
// can be part of it, so no shorter run can match), and the search goes on
// after the end of each match.
func moduleRefs(out []string, src string) []string {
	for i := 0; i < len(src); {
		c := src[i]
		if c != '`' && !isWordByte(c) {
			i++ // no match starts here
			continue
		}
		name, end := moduleRefAt(src, i)
		if end >= 0 {
			out = append(out, name)
			i = end
			continue
		}
		if c == '`' {
			i++
			continue
		}
		// No match starts inside a word either: there is no \b before
		// its second byte, and a word byte is not a backtick.
		i++
		for i < len(src) && isWordByte(src[i]) {
			i++
		}
	}
	return out
}

// moduleRefAt matches moduleRefs' pattern at src[i:]: the name and the end
// of the match, or end -1.
func moduleRefAt(src string, i int) (string, int) {
	lowerStart := func(c byte) bool { return c >= 'a' && c <= 'z' || c == '_' }
	lowerRest := func(c byte) bool { return lowerStart(c) || c >= '0' && c <= '9' }
	run := func(from int) int { // end of a [a-z_][a-z0-9_]* run at from, or -1
		if from >= len(src) || !lowerStart(src[from]) {
			return -1
		}
		j := from + 1
		for j < len(src) && lowerRest(src[j]) {
			j++
		}
		return j
	}
	if src[i] == '`' {
		if j := run(i + 1); j >= 0 && j < len(src) && (src[j] == '`' || src[j] == '.' || src[j] == '(') {
			return src[i+1 : j], j + 1
		}
		return "", -1
	}
	if i > 0 && isWordByte(src[i-1]) {
		return "", -1 // no \b before the name
	}
	j := run(i)
	if j < 0 || j >= len(src) {
		return "", -1
	}
	switch src[j] {
	case '.':
		if j+1 < len(src) && (src[j+1] >= 'A' && src[j+1] <= 'Z' || lowerStart(src[j+1])) {
			return src[i:j], j + 2
		}
	case ' ':
		for _, w := range [...]string{"module", "package"} {
			if e := j + 1 + len(w); strings.HasPrefix(src[j+1:], w) && (e == len(src) || !isWordByte(src[e])) {
				return src[i:j], e
			}
		}
	}
	return "", -1
}

// subjectModules returns the module-looking names in the subject (title
// and first two sentences), as written, roots only.
func (v *view) subjectModules() []string {
	if v.subjDone {
		return v.subjMods
	}
	var out []string
	for _, s := range v.subject() {
		src := v.in.Report.Title
		if s.off >= 0 {
			// one byte more each side: the ticks the prose view blanked
			t := v.in.Report.Text
			src = t[max(s.off-1, 0):min(s.off+len(s.text)+1, len(t))]
		}
		out = moduleRefs(out, src)
	}
	v.subjMods, v.subjDone = out, true
	return out
}
