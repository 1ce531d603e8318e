// Package policy lints one vulnerability report against the PSRT security
// policy. Each rule is a small unit: an id (documented in verify/rules)
// and a check that looks at the report's text, its Markdown structure and
// its version claims, and returns findings.
//
// The rules are tuned for precision: a genuine, well-formed report must
// raise nothing. Content rules (documented-behavior, launch-conditions,
// dependency-vuln, not-cpython, experimental-feature) therefore look for
// the attack depending on the thing, not for a mention of it: a word seen
// in passing never fires on its own.
package policy

import (
	"sort"
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// Input is everything the policy rules look at for one report.
type Input struct {
	Report report.Report
	// Doc is the report's Markdown structure; Check parses Report.Text
	// when it is nil.
	Doc *mdoc.Document
	// Claims are the Python versions written in the report (versions.
	// FindVersions over Report.Text); Check finds them when nil.
	Claims []versions.Claim
	// Table is the release table; the version-status rules are skipped
	// when it is nil.
	Table *versions.Table
	// Today is the day used when the report carries no date; zero means
	// the current day.
	Today time.Time
	// Modules reports whether a name is a stdlib module in any indexed
	// version. It may be nil.
	Modules func(name string) bool

	v *view // derived once, shared by the rules
}

// rule is one policy rule: its id (documented in verify/rules) and check.
type rule struct {
	id    string
	check func(*Input) []report.Finding
}

// all lists the rules; Check runs every one and sorts the findings.
var all = []rule{
	documentedBehavior,
	launchConditions,
	dependencyVuln,
	unsupportedVersion,
	prereleaseOnly,
	noVersions,
	experimentalFeature,
	severityIncluded,
	excessiveStructure,
	pocNotCollapsed,
	noPoC,
	notCPython,
}

// IDs returns the ids of the policy rules this package implements.
func IDs() []string {
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = r.id
	}
	sort.Strings(out)
	return out
}

// Check runs every policy rule on a report. Findings are ordered by line,
// then column, then rule id.
func Check(in *Input) []report.Finding {
	in.prepare()
	var out []report.Finding
	for _, r := range all {
		out = append(out, r.check(in)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Column < b.Column
	})
	return out
}

// prepare fills the parts of the input a caller may leave out, and the
// derived view the rules share.
func (in *Input) prepare() *view {
	if in.v != nil {
		return in.v
	}
	if in.Doc == nil && in.Report.Kind == report.Markdown {
		in.Doc = mdoc.Parse(in.Report.Text)
	}
	if in.Claims == nil {
		in.Claims = versions.FindVersions(in.Report.Text)
	}
	in.v = newView(in)
	return in.v
}

// day returns the day the report is judged on: its own date, else Today,
// else now.
func (in *Input) day() time.Time {
	if in.Report.Date != "" {
		if d, err := time.Parse("2006-01-02", in.Report.Date); err == nil {
			return d
		}
	}
	if !in.Today.IsZero() {
		return in.Today
	}
	return time.Now()
}

// finding builds a finding for rule id at a byte offset of the report
// text (off < 0: the title field), with the rule's severity and section.
func (in *Input) finding(id string, off int, msg string) report.Finding {
	v := in.prepare()
	line, col := v.pos(off)
	f := report.Finding{Rule: id, Line: line, Column: col, Message: msg}
	if r, ok := rules.Get(id); ok {
		f.Severity, f.Section = r.Severity, r.Section
	} else {
		f.Severity = report.SeverityWarning
	}
	return f
}
