// Package mdoc gives the Markdown structure of one report text: its code
// blocks (fenced, indented, >>> sessions, python -c commands and heredocs),
// inline code spans, prose, headings, tables, <details> sections and diffs,
// each with a 1-based line and column inside the text.
//
// Columns count runes (an invalid UTF-8 byte counts as one rune), so that
// a position printed for a report matches what an editor shows.
//
// Parsing is goldmark (CommonMark + GFM tables) on a lightly prepared copy
// of the text: lines holding only <details>/<summary> tags are blanked
// (same length, so every byte offset still matches the original), because
// CommonMark would otherwise swallow a fenced PoC that directly follows
// "<details>" into one raw HTML block.
package mdoc

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

// BlockKind says where a block of code came from.
type BlockKind uint8

const (
	// Fenced is a ``` or ~~~ code block.
	Fenced BlockKind = iota
	// Indented is a code block indented by four spaces.
	Indented
	// Session is the Python code of a ">>>" interactive session (prompts
	// stripped, output lines dropped), found in a code block or in prose.
	Session
	// Command is the code argument of a `python -c '...'` command.
	Command
	// Heredoc is the body of `python3 - <<EOF ... EOF` in a shell block.
	Heredoc
)

func (k BlockKind) String() string {
	switch k {
	case Fenced:
		return "fenced"
	case Indented:
		return "indented"
	case Session:
		return "session"
	case Command:
		return "command"
	case Heredoc:
		return "heredoc"
	}
	return "unknown"
}

// Block is a piece of code in the report.
type Block struct {
	Kind BlockKind
	// Info is a fenced block's whole info string; Lang its first word,
	// lower-cased ("python", "pycon", "diff", ""). Session, Command and
	// Heredoc blocks have Lang "python".
	Info, Lang string
	// Content is the code. For Fenced and Indented blocks it is the raw
	// content lines (without the fences or the indentation), each ending
	// in "\n".
	Content string
	// Line and Column are where Content starts in the text (1-based;
	// Column in runes). EndLine is the line of the content's last line.
	Line, Column, EndLine int
	// Offset is the byte offset of Content's start in the text.
	Offset int
	// InDetails is set when the block lies inside a <details> section.
	InDetails bool
	// Diff marks a block in language diff/patch, or one whose lines look
	// like a unified diff (---/+++ headers or @@ hunks).
	Diff bool
	// HasSession marks a Fenced/Indented block whose content is (or holds)
	// a >>> session: its code is in the Session blocks naming it as Parent,
	// and the block itself is mostly prompts and output.
	HasSession bool
	// Parent is the index in Document.Blocks of the code block a Session,
	// Command or Heredoc block was found in, or -1 (prose, inline code).
	Parent int

	segs []seg
	idx  *lineIndex
}

// Pos returns the text position of byte i of Content.
func (b *Block) Pos(i int) (line, col int) {
	return b.idx.pos(mapOffset(b.segs, i, b.Offset))
}

// TextOffset returns the byte offset in the text of byte i of Content.
func (b *Block) TextOffset(i int) int { return mapOffset(b.segs, i, b.Offset) }

// Lines returns the number of non-blank lines of Content.
func (b *Block) Lines() int {
	n := 0
	for _, l := range splitLines(b.Content) {
		if !isBlank(l) {
			n++
		}
	}
	return n
}

// IsPython reports whether the block is Python code by its language, or
// is a session, command or heredoc. An unlabelled block is not Python
// here; callers may sniff its content.
func (b *Block) IsPython() bool {
	switch b.Kind {
	case Session, Command, Heredoc:
		return true
	}
	if b.HasSession || b.Diff {
		return false
	}
	switch b.Lang {
	case "python", "py", "python3", "py3", "python2", "ipython", "ipython3", "sage":
		return true
	}
	return false
}

// IsShell reports whether a block's language is a shell or console.
func (b *Block) IsShell() bool {
	switch b.Lang {
	case "sh", "bash", "shell", "console", "shell-session", "shellsession", "zsh", "terminal", "ps", "powershell", "pwsh", "bat", "cmd", "doscon":
		return true
	}
	return false
}

// SpanKind says what kind of Markdown element a span of text came from.
type SpanKind uint8

const (
	Paragraph SpanKind = iota
	HeadingText
	ListItem  // a paragraph inside a list item
	Quote     // a paragraph inside a block quote
	TableCell // one cell of a GFM table
	InlineCode
)

func (k SpanKind) String() string {
	switch k {
	case Paragraph:
		return "paragraph"
	case HeadingText:
		return "heading"
	case ListItem:
		return "list-item"
	case Quote:
		return "quote"
	case TableCell:
		return "table-cell"
	case InlineCode:
		return "inline-code"
	}
	return "unknown"
}

// Span is a run of text: one prose block (inline code left out, replaced
// by a single space so that words do not run together) or one inline code
// span (its content, without the backticks).
type Span struct {
	Kind SpanKind
	Text string
	// Line and Column are the text position of Text[0].
	Line, Column int
	// Offset is the byte offset of Text[0] in the text.
	Offset int
	// InDetails is set when the span lies inside a <details> section.
	InDetails bool

	segs []seg
	idx  *lineIndex
}

// Pos returns the text position of byte i of Text.
func (s *Span) Pos(i int) (line, col int) {
	return s.idx.pos(mapOffset(s.segs, i, s.Offset))
}

// TextOffset returns the byte offset in the text of byte i of Text.
func (s *Span) TextOffset(i int) int { return mapOffset(s.segs, i, s.Offset) }

// Heading is a Markdown heading, ATX (# Title) or setext (underlined).
type Heading struct {
	Level int
	Text  string
	Line  int
}

// LineRange is an inclusive range of 1-based lines.
type LineRange struct{ Start, End int }

// Contains reports whether line is in the range.
func (r LineRange) Contains(line int) bool { return line >= r.Start && line <= r.End }

// Document is the structure of one report text.
type Document struct {
	// Text is the text that was parsed.
	Text string
	// Blocks holds every code block, session, command and heredoc, in
	// text order (a block found inside another follows it).
	Blocks []Block
	// Inline holds the inline code spans.
	Inline []Span
	// Prose holds the text of paragraphs, list items, headings, quotes and
	// table cells, outside code.
	Prose    []Span
	Headings []Heading
	// Tables is the number of GFM tables; TableLines their first lines.
	Tables     int
	TableLines []int
	// Details are the <details> ... </details> sections (an unclosed one
	// runs to the end of the text).
	Details []LineRange
	// CodeLines are the line ranges of fenced and indented code blocks,
	// fences included.
	CodeLines []LineRange

	idx *lineIndex
}

// Pos returns the 1-based line and rune column of a byte offset.
func (d *Document) Pos(off int) (line, col int) { return d.idx.pos(off) }

// LineCount returns the number of lines in the text.
func (d *Document) LineCount() int { return len(d.idx.starts) }

// LineText returns the text of a 1-based line, without its newline.
func (d *Document) LineText(line int) string {
	if line < 1 || line > len(d.idx.starts) {
		return ""
	}
	start := d.idx.starts[line-1]
	end := len(d.Text)
	if line < len(d.idx.starts) {
		end = d.idx.starts[line] - 1
	}
	if end > start && d.Text[end-1] == '\r' {
		end--
	}
	return d.Text[start:end]
}

// InCode reports whether a line lies in a fenced or indented code block.
func (d *Document) InCode(line int) bool { return inRanges(d.CodeLines, line) }

// InDetails reports whether a line lies inside a <details> section.
func (d *Document) InDetails(line int) bool { return inRanges(d.Details, line) }

func inRanges(rs []LineRange, line int) bool {
	for _, r := range rs {
		if r.Contains(line) {
			return true
		}
	}
	return false
}

// md is goldmark with no extensions. GFM tables are found by findTables
// instead: goldmark's extension package compiles its autolink patterns at
// start-up, 3 to 4 ms of every process, and a table's text reads just as
// well as a paragraph.
var md = goldmark.New()

// Parse returns the structure of a report text. It never fails: any byte
// string is some Markdown document.
func Parse(src string) *Document {
	d := &Document{Text: src, idx: newLineIndex(src)}
	prepared, details := prepare(src, d.idx)
	d.Details = details
	srcb := []byte(prepared)
	root := md.Parser().Parse(text.NewReader(srcb))
	w := walker{d: d, src: prepared, srcb: srcb}
	w.walk(root, ctxNone)
	w.finish()
	d.TableLines = findTables(d)
	d.Tables = len(d.TableLines)
	return d
}

// findTables returns the first line of every GFM table outside code: a
// row with a pipe followed by a delimiter row (| --- | :---: |).
func findTables(d *Document) []int {
	var out []int
	n := d.LineCount()
	for l := 1; l < n; l++ {
		head := d.LineText(l)
		if !strings.Contains(head, "|") || strings.TrimSpace(head) == "" || d.InCode(l) || d.InCode(l+1) {
			continue
		}
		if isDelimiterRow(d.LineText(l + 1)) {
			out = append(out, l)
			for l+1 < n && strings.Contains(d.LineText(l+1), "|") {
				l++ // the rest of this table
			}
		}
	}
	return out
}

// isDelimiterRow reports whether a line is a table's delimiter row.
func isDelimiterRow(line string) bool {
	t := strings.TrimSpace(line)
	if !strings.Contains(t, "|") || !strings.Contains(t, "-") {
		return false
	}
	t = strings.Trim(t, "|")
	for _, cell := range strings.Split(t, "|") {
		c := strings.TrimSpace(cell)
		c = strings.TrimSuffix(strings.TrimPrefix(c, ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// lineIndex maps byte offsets to 1-based line and rune column.
type lineIndex struct {
	text   string
	starts []int // byte offset of each line's start
}

func newLineIndex(s string) *lineIndex {
	starts := make([]int, 1, 64)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: s, starts: starts}
}

func (x *lineIndex) line(off int) int {
	if off < 0 {
		off = 0
	}
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
}

func (x *lineIndex) pos(off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(x.text) {
		off = len(x.text)
	}
	l := x.line(off)
	return l, utf8.RuneCountInString(x.text[x.starts[l-1]:off]) + 1
}

// seg maps a run of a derived string (code or prose) back to the text:
// bytes [from, from+n) of the derived string are text bytes [at, at+n).
type seg struct{ from, at, n int }

// mapOffset returns the text offset of byte i of a derived string. A byte
// the derived string added (a separator, an unescaped quote) maps to the
// end of the nearest run before it.
func mapOffset(segs []seg, i, def int) int {
	if len(segs) == 0 {
		return def
	}
	k := sort.Search(len(segs), func(j int) bool { return segs[j].from > i }) - 1
	if k < 0 {
		return segs[0].at
	}
	s := segs[k]
	if d := i - s.from; d < s.n {
		return s.at + d
	}
	return s.at + s.n
}
