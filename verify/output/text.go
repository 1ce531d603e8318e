package output

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// palette holds ANSI escapes; all empty when colour is off, so printing
// code never branches on it.
type palette struct {
	bold, red, yellow, cyan, green, reset string
}

func newPalette(color bool) palette {
	if !color {
		return palette{}
	}
	return palette{bold: "\x1b[1m", red: "\x1b[31m", yellow: "\x1b[33m", cyan: "\x1b[36m", green: "\x1b[32m", reset: "\x1b[0m"}
}

func (p palette) paint(code, s string) string {
	if code == "" || s == "" {
		return s
	}
	return code + s + p.reset
}

func (p palette) severity(s report.Severity) string {
	switch s {
	case report.SeverityError:
		return p.red
	case report.SeverityWarning:
		return p.yellow
	}
	return p.cyan
}

func (p palette) status(status string) string {
	switch status {
	case report.StatusOK:
		return p.green
	case report.StatusMissing:
		return p.red
	case report.StatusVersionMismatch:
		return p.yellow
	}
	return p.cyan
}

// textWriter prints compiler-style lines, one per finding:
//
//	reports/002-tarfile.md:14:5: error[hallucinated-attribute] tarfile.TarFile.safe_extractall does not exist
//	    did you mean tarfile.TarFile.extractall?
//
// A report from a multi-report file (Source "batch.jsonl:7") is located in
// that file: the finding's line is already a file line, and the report's id
// follows the rule as "(id PSRT-42)" so it can be found in the batch. An
// unreadable report prints "source: error: why". Clean reports print
// nothing unless Verbose.
type textWriter struct {
	out    *stickyWriter
	opts   Options
	pal    palette
	closed bool
}

func (w *textWriter) Write(r *report.Result) error {
	if w.closed {
		return errClosed
	}
	if r.Error != "" {
		w.out.printf("%s: %s %s\n", w.pal.paint(w.pal.bold, r.Source), w.pal.paint(w.pal.red, "error:"), idTag(r)+indentLines(r.Error))
		return w.out.err
	}
	for _, f := range r.Findings {
		if w.opts.Quiet && f.Severity != report.SeverityError {
			continue
		}
		w.writeFinding(r, f)
	}
	if w.opts.Verbose && !w.opts.Quiet {
		w.writeReferences(r)
	}
	return w.out.err
}

func (w *textWriter) writeFinding(r *report.Result, f report.Finding) {
	loc := locate(r.Source, f.Line, f.Column)
	pos := fmt.Sprintf("%s:%d:%d:", loc.path, loc.line, loc.col)
	label := fmt.Sprintf("%s[%s]", f.Severity, f.Rule)
	w.out.printf("%s %s %s\n", w.pal.paint(w.pal.bold, pos), w.pal.paint(w.pal.severity(f.Severity), label), idTag(r)+indentLines(f.Message))
	if h := hint(f); h != "" {
		w.out.printf("    %s\n", w.pal.paint(w.pal.green, h))
	}
}

// idTag names the report inside its batch file, e.g. "(id PSRT-42) ".
func idTag(r *report.Result) string {
	if r.ID == nil || *r.ID == "" {
		return ""
	}
	return "(id " + *r.ID + ") "
}

// indentLines keeps a multi-line message under its first line.
func indentLines(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// writeReferences prints a header naming the versions checked, then one
// aligned line per reference: position, status, kind, canonical symbol,
// the text as written and where it was found.
func (w *textWriter) writeReferences(r *report.Result) {
	header := fmt.Sprintf("%d %s", len(r.References), plural(len(r.References), "reference", "references"))
	if len(r.CheckedVersions) > 0 {
		header += " checked against " + strings.Join(r.CheckedVersions, ", ")
	}
	if len(r.ClaimedVersions) > 0 {
		header += " (claimed " + strings.Join(r.ClaimedVersions, ", ") + ")"
	}
	w.out.printf("%s: %s%s\n", w.pal.paint(w.pal.bold, r.Source), idTag(r), header)

	rows := make([][4]string, len(r.References))
	var width [4]int
	for i, ref := range r.References {
		rows[i] = [4]string{fmt.Sprintf("%d:%d", ref.Line, ref.Column), ref.Status, string(ref.Kind), ref.Symbol}
		for c, cell := range rows[i] {
			width[c] = max(width[c], utf8.RuneCountInString(cell))
		}
	}
	for i, ref := range r.References {
		row := rows[i]
		var b strings.Builder
		b.WriteString("    ")
		b.WriteString(pad(row[0], width[0]))
		b.WriteString("  ")
		b.WriteString(w.pal.paint(w.pal.status(ref.Status), row[1]))
		b.WriteString(strings.Repeat(" ", width[1]-utf8.RuneCountInString(row[1])))
		b.WriteString("  ")
		b.WriteString(pad(row[2], width[2]))
		b.WriteString("  ")
		b.WriteString(pad(row[3], width[3]))
		fmt.Fprintf(&b, "  %q (%s)", ref.Text, ref.Origin)
		if len(ref.MissingIn) > 0 && len(ref.PresentIn) > 0 {
			fmt.Fprintf(&b, " missing in %s", strings.Join(ref.MissingIn, ", "))
		}
		if ref.Note != "" {
			b.WriteString(": " + ref.Note)
		}
		w.out.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", width-utf8.RuneCountInString(s))
}

func (w *textWriter) Close(sum Summary) error {
	if w.closed {
		return errClosed
	}
	w.closed = true
	w.out.printf("%s\n", w.pal.paint(w.pal.bold, sum.Line()))
	return w.out.err
}
