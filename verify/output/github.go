package output

import (
	"fmt"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// githubWriter prints GitHub Actions workflow commands, which the runner
// turns into annotations on the files of a pull request:
//
//	::error file=reports/002-tarfile.md,line=14,col=5,title=hallucinated-attribute::tarfile.TarFile.safe_extractall does not exist; did you mean tarfile.TarFile.extractall?
//
// Warnings become ::warning and info findings ::notice. An unreadable
// report is an ::error titled "unreadable report". The summary line is
// printed as plain log text.
type githubWriter struct {
	out    *stickyWriter
	opts   Options
	closed bool
}

func (w *githubWriter) Write(r *report.Result) error {
	if w.closed {
		return errClosed
	}
	if r.Error != "" {
		path, line := splitSource(r.Source)
		w.command("error", w.fileProperties(path, line, 0), "unreadable report", idTag(r)+r.Error)
	}
	for _, f := range r.Findings {
		if w.opts.Quiet && f.Severity != report.SeverityError {
			continue
		}
		loc := locate(r.Source, f.Line, f.Column)
		w.command(githubCommand(f.Severity), w.fileProperties(loc.path, loc.line, loc.col), f.Rule, idTag(r)+messageWithHint(f))
	}
	return w.out.err
}

func (w *githubWriter) Close(sum Summary) error {
	if w.closed {
		return errClosed
	}
	w.closed = true
	w.out.printf("%s\n", sum.Line())
	return w.out.err
}

func githubCommand(s report.Severity) string {
	switch s {
	case report.SeverityError:
		return "error"
	case report.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// fileProperties returns the file, line and col properties; a report read
// from standard input has no file to annotate.
func (w *githubWriter) fileProperties(path string, line, col int) []string {
	if path == "-" || path == "" {
		return nil
	}
	if rel, ok := relativePath(path, w.opts.Root); ok {
		path = rel
	}
	props := []string{"file=" + escapeProperty(path), fmt.Sprintf("line=%d", line)}
	if col > 0 {
		props = append(props, fmt.Sprintf("col=%d", col))
	}
	return props
}

func (w *githubWriter) command(name string, props []string, title, message string) {
	props = append(props, "title="+escapeProperty(title))
	w.out.printf("::%s %s::%s\n", name, strings.Join(props, ","), escapeData(message))
}

// escapeData and escapeProperty follow @actions/core: data escapes %, CR
// and LF; property values also escape the ':' and ',' that separate them.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
