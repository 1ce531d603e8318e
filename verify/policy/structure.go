package policy

import (
	"fmt"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// The format rules: excessive-structure, poc-not-collapsed, no-poc.
var (
	excessiveStructure = rule{id: "excessive-structure", check: checkStructure}
	pocNotCollapsed    = rule{id: "poc-not-collapsed", check: checkCollapsed}
	noPoC              = rule{id: "no-poc", check: checkNoPoC}
)

// Thresholds; keep verify/rules' Trigger texts in step.
const (
	// maxSectionHeadings is how many headings besides a title line are
	// tolerated ("avoid ... excessive structure (such as headers ...)").
	maxSectionHeadings = 1
	// maxProseWords and maxSentences bound "a few sentences": the genuine
	// reports seen run to about 110 words and 6 sentences.
	maxProseWords = 250
	maxSentences  = 15
	// maxPoCLines is the longest PoC (non-blank lines) that may stay
	// outside <details>; genuine reports' PoCs run to about 15 lines.
	maxPoCLines = 20
)

func checkStructure(in *Input) []report.Finding {
	d := in.Doc
	if d == nil || in.Report.Kind != report.Markdown {
		return nil
	}
	v := in.prepare()
	sections := d.Headings
	if len(sections) > 0 && isTitleLine(d, sections[0].Line) {
		sections = sections[1:]
	}
	var why []string
	off := -2 // not yet placed
	place := func(o int) {
		if off == -2 {
			off = o
		}
	}
	if len(sections) > maxSectionHeadings {
		why = append(why, fmt.Sprintf("%d section headers", len(sections)))
		place(lineOffset(d, sections[0].Line))
	}
	if d.Tables > 0 {
		why = append(why, fmt.Sprintf("%d table(s)", d.Tables))
		place(lineOffset(d, d.TableLines[0]))
	}
	if v.words > maxProseWords {
		why = append(why, fmt.Sprintf("%d words of prose", v.words))
	}
	if n := len(v.sents) - 1; n > maxSentences { // the title is not a sentence of the body
		why = append(why, fmt.Sprintf("%d sentences", n))
	}
	if len(why) == 0 {
		return nil
	}
	place(0)
	return []report.Finding{in.finding("excessive-structure", off,
		fmt.Sprintf("the report has %s; write a few plain sentences and a PoC, without headers or tables", strings.Join(why, ", ")))}
}

// isTitleLine reports whether a heading's line is the first non-blank
// line of the text.
func isTitleLine(d *mdoc.Document, line int) bool {
	for l := 1; l <= d.LineCount(); l++ {
		if !blank(d.LineText(l)) {
			return l == line
		}
	}
	return false
}

func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' && s[i] != '\r' {
			return false
		}
	}
	return true
}

// lineOffset returns the byte offset of a 1-based line.
func lineOffset(d *mdoc.Document, line int) int {
	start, _ := lineSpan(d, line)
	return start
}

// scriptLike reports whether a code block could be a PoC script: not a
// patch, not data or program output.
func scriptLike(b *mdoc.Block) bool {
	if b.Diff {
		return false
	}
	switch b.Lang {
	case "text", "txt", "plain", "plaintext", "output", "log", "json", "xml", "html", "toml", "yaml", "yml", "ini",
		"csv", "pytb", "traceback", "c", "cpp", "h", "rst", "markdown", "md", "http":
		return false
	}
	return true
}

func checkCollapsed(in *Input) []report.Finding {
	d := in.Doc
	if d == nil || in.Report.Kind != report.Markdown {
		return nil
	}
	var out []report.Finding
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Kind != mdoc.Fenced && b.Kind != mdoc.Indented || b.InDetails || !scriptLike(b) {
			continue
		}
		if n := b.Lines(); n > maxPoCLines {
			out = append(out, in.finding("poc-not-collapsed", b.Offset,
				fmt.Sprintf("this %d-line PoC should be wrapped in <details><summary>PoC</summary> ... </details>", n)))
		}
	}
	return out
}

func checkNoPoC(in *Input) []report.Finding {
	if in.Report.Kind != report.Markdown {
		return nil // a bare .py or .diff is the PoC
	}
	if in.Doc != nil && len(in.Doc.Blocks) > 0 {
		return nil
	}
	return []report.Finding{in.finding("no-poc", 0,
		"there is no proof of concept; add a short script that shows the issue (ideally exiting 1 when vulnerable, 0 when not)")}
}
