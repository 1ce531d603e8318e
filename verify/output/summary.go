package output

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// Summary counts a batch. Every report is in exactly one of Clean,
// WithErrors, WithWarnings and Unreadable, so they add up to Reports: a
// report with only info findings is clean, and an unreadable report is
// counted as unreadable, not as one with errors.
type Summary struct {
	Reports      int `json:"reports"`
	Clean        int `json:"clean"`
	WithErrors   int `json:"with_errors"`
	WithWarnings int `json:"with_warnings"`
	Unreadable   int `json:"unreadable"`
	// ByRule counts findings of every severity per rule id.
	ByRule map[string]int `json:"by_rule"`
}

// Add counts one result.
func (s *Summary) Add(r *report.Result) {
	s.Reports++
	switch {
	case r.Error != "":
		s.Unreadable++
	case r.Worst() == report.SeverityError:
		s.WithErrors++
	case r.Worst() == report.SeverityWarning:
		s.WithWarnings++
	default:
		s.Clean++
	}
	if s.ByRule == nil {
		s.ByRule = map[string]int{}
	}
	for _, f := range r.Findings {
		s.ByRule[f.Rule]++
	}
}

// topRuleCount is how many rules the one-line summary names.
const topRuleCount = 5

// Line is the one-line summary the text format ends with, e.g.
// "3 reports: 1 clean, 1 with errors, 1 with warnings; top rules: hallucinated-attribute (2), no-poc (1)".
func (s Summary) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s: %d clean, %d with errors, %d with warnings", s.Reports, plural(s.Reports, "report", "reports"),
		s.Clean, s.WithErrors, s.WithWarnings)
	if s.Unreadable > 0 {
		fmt.Fprintf(&b, ", %d unreadable", s.Unreadable)
	}
	top := sortedRules(s.ByRule)
	if len(top) > topRuleCount {
		top = top[:topRuleCount]
	}
	for i, id := range top {
		if i == 0 {
			b.WriteString("; top rules: ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%d)", id, s.ByRule[id])
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeTable prints the batch counts and the per-rule counts as aligned columns.
func (s Summary) writeTable(out *stickyWriter) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, row := range []struct {
		name string
		n    int
	}{{"reports", s.Reports}, {"clean", s.Clean}, {"with errors", s.WithErrors},
		{"with warnings", s.WithWarnings}, {"unreadable", s.Unreadable}} {
		fmt.Fprintf(tw, "%s\t%d\n", row.name, row.n)
	}
	tw.Flush()

	if len(s.ByRule) == 0 {
		out.print("\nno findings\n")
		return
	}
	out.print("\n")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rule\tfindings\n")
	for _, id := range sortedRules(s.ByRule) {
		fmt.Fprintf(tw, "%s\t%d\n", id, s.ByRule[id])
	}
	tw.Flush()
}

// summaryWriter prints nothing per report and the summary table at the end.
type summaryWriter struct {
	out    *stickyWriter
	closed bool
}

func (w *summaryWriter) Write(*report.Result) error {
	if w.closed {
		return errClosed
	}
	return w.out.err
}

func (w *summaryWriter) Close(sum Summary) error {
	if w.closed {
		return errClosed
	}
	w.closed = true
	sum.writeTable(w.out)
	return w.out.err
}
