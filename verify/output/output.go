// Package output prints verify's results: compiler-style text for people,
// the JSON contract of DESIGN.md for tools, SARIF for code scanning, GitHub
// workflow commands for CI logs, and a batch summary. It only prints; every
// decision about what is wrong was made before a Result reaches it.
//
// All writers stream: each Result is printed when it is written and then
// forgotten, so memory does not grow with the batch. Output order is the
// order of the Write calls.
package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// The output formats New accepts.
const (
	FormatText    = "text"
	FormatJSON    = "json"
	FormatSARIF   = "sarif"
	FormatGitHub  = "github"
	FormatSummary = "summary"
)

// Formats lists the formats New accepts, the default first.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub, FormatSummary}
}

// ToolName is the tool's name in machine-readable output.
const ToolName = "pyrefcheck"

// InformationURI is where SARIF consumers send people to learn about the tool.
const InformationURI = "https://github.com/pyrefcheck/pyrefcheck"

// Options configures a Writer.
type Options struct {
	// Format is one of Formats(); "" means text.
	Format string
	// Color enables ANSI colours in the text format. The CLI decides (a
	// terminal, NO_COLOR unset); this package never looks at the terminal.
	Color bool
	// Verbose makes the text format list every reference with its status.
	Verbose bool
	// Quiet keeps only error findings, unreadable reports and the summary
	// (text and github formats).
	Quiet bool
	// ToolVersion is pyrefcheck's own version.
	ToolVersion string
	// Snapshots are the snapshot micro versions checked against, e.g. "3.9.18".
	Snapshots []string
	// Root is the directory SARIF and GitHub file locations are made
	// relative to; "" means the working directory. Relative sources are
	// used as they are.
	Root string
}

// Writer prints results one at a time. Close prints the tail (the summary,
// or the closing brackets of a JSON document) and must be called exactly once;
// it does not close the underlying io.Writer.
type Writer interface {
	Write(r *report.Result) error
	Close(sum Summary) error
}

// New returns a Writer for opts.Format that prints to w.
func New(w io.Writer, opts Options) (Writer, error) {
	if opts.Root == "" {
		if wd, err := os.Getwd(); err == nil {
			opts.Root = wd
		}
	}
	out := &stickyWriter{w: w}
	switch opts.Format {
	case "", FormatText:
		return &textWriter{out: out, opts: opts, pal: newPalette(opts.Color)}, nil
	case FormatJSON:
		return newJSONWriter(out, opts), nil
	case FormatSARIF:
		return newSARIFWriter(out, opts), nil
	case FormatGitHub:
		return &githubWriter{out: out, opts: opts}, nil
	case FormatSummary:
		return &summaryWriter{out: out}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (want one of %s)", opts.Format, strings.Join(Formats(), ", "))
}

var errClosed = errors.New("output: write after Close")

// stickyWriter remembers the first write error so that a writer can print a
// whole report with many small writes and check once at the end.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = fmt.Errorf("writing output: %w", err)
	}
	return n, s.err
}

func (s *stickyWriter) printf(format string, args ...any) {
	fmt.Fprintf(s, format, args...)
}

func (s *stickyWriter) print(text string) {
	io.WriteString(s, text)
}

// location is where a finding points, in file terms.
type location struct {
	path      string
	line, col int
}

// splitSource separates a Source of the form "batch.jsonl:12" (one report
// of a multi-report file, starting on line 12) into the file and the line.
// Any other Source is a whole file starting on line 1.
func splitSource(source string) (path string, line int) {
	i := strings.LastIndexByte(source, ':')
	if i > 0 && isDigits(source[i+1:]) {
		if n, err := strconv.Atoi(source[i+1:]); err == nil && n > 0 {
			return source[:i], n
		}
	}
	return source, 1
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// locate turns a position reported by verify into a file location. Lines
// are already file lines; a position of 0 (a finding about the whole
// report) points at the report's first line, and columns start at 1.
func locate(source string, line, col int) location {
	path, start := splitSource(source)
	if line < 1 {
		line, col = start, 1
	}
	return location{path: path, line: line, col: max(col, 1)}
}

// hint phrases a finding's suggestion for people, or returns "" when there
// is none or the message already asks "did you mean". A suggestion that is
// a single name or version becomes a question; a sentence is kept as is.
func hint(f report.Finding) string {
	s := strings.TrimSpace(f.Suggestion)
	if s == "" || strings.Contains(strings.ToLower(f.Message), "did you mean") {
		return ""
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return "did you mean " + s + "?"
}

// messageWithHint is the message and its hint as one text, for formats
// that have a single message field.
func messageWithHint(f report.Finding) string {
	h := hint(f)
	if h == "" {
		return f.Message
	}
	msg := strings.TrimRightFunc(f.Message, unicode.IsSpace)
	if msg == "" {
		return capitalize(h)
	}
	if strings.ContainsAny(msg[len(msg)-1:], ".?!") {
		return msg + " " + capitalize(h)
	}
	return msg + "; " + h
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// nonNil returns an empty list for nil so JSON shows [] and never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sortedRules returns the rules of a count map, most frequent first, ties by id.
func sortedRules(byRule map[string]int) []string {
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if byRule[a] != byRule[b] {
			return byRule[b] - byRule[a]
		}
		return strings.Compare(a, b)
	})
	return ids
}
