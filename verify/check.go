// Package verify checks reports: it extracts every stdlib reference,
// resolves each in every Python version the report claims, and raises the
// hallucination and policy findings.
package verify

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/extract"
	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// Options tune a Checker.
type Options struct {
	// Today is the date reports are judged on when they carry none.
	Today time.Time
	// DefaultVersions are the minors checked when a report names none;
	// empty means every branch in bugfix or security status on the date.
	DefaultVersions []string
	// Disabled rules raise nothing.
	Disabled map[string]bool
	// Severity overrides a rule's default severity.
	Severity map[string]report.Severity
}

// Checker checks reports against a set of snapshots. It is safe for
// concurrent use; each goroutine needs its own extract.Extractor.
type Checker struct {
	snaps *Snapshots
	table *versions.Table
	opts  Options

	suggestions     sync.Map // "symbol\x00minors" -> did-you-mean
	suggestionCount atomic.Int64
}

// NewChecker returns a Checker.
func NewChecker(snaps *Snapshots, table *versions.Table, opts Options) *Checker {
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	return &Checker{snaps: snaps, table: table, opts: opts}
}

// Oracle is what extraction asks about the standard library.
func (c *Checker) Oracle() extract.Oracle { return c.snaps }

// NewExtractor returns an extractor for one worker.
func (c *Checker) NewExtractor() *extract.Extractor { return extract.New(c.snaps) }

// Check verifies one report.
func (c *Checker) Check(ex *extract.Extractor, r *report.Report) *report.Result {
	res := &report.Result{Source: r.Source, Title: r.Title, ClaimedVersions: []string{}, CheckedVersions: []string{},
		References: []report.Reference{}, Findings: []report.Finding{}}
	if r.ID != "" {
		id := r.ID
		res.ID = &id
	}
	doc := mdoc.Parse(r.Text)
	on := c.reportDate(r)
	claims := versions.FindVersions(r.Text)
	checked, claimedMicro := c.checkedVersions(res, claims, on)
	res.CheckedVersions = checked

	refs := ex.Report(r, doc)
	markClaimedStdlib(refs)
	// Judge in text order, so that a symbol's one finding sits where the
	// report first names it.
	sort.SliceStable(refs, func(i, j int) bool {
		if refs[i].Line != refs[j].Line {
			return refs[i].Line < refs[j].Line
		}
		return refs[i].Column < refs[j].Column
	})
	var findings []report.Finding
	seen := map[string]bool{}
	memo := map[string]*perVersion{}
	for i := range refs {
		ref := &refs[i]
		f := c.judge(ref, checked, len(res.ClaimedVersions) > 0, claimedMicro, memo)
		if f != nil && !seen[f.Rule+"\x00"+f.Symbol] {
			seen[f.Rule+"\x00"+f.Symbol] = true
			findings = append(findings, *f)
		}
	}
	refs = append(refs, c.versionRefs(claims, on, &findings)...)
	findings = append(findings, c.policy(r, doc, claims, on)...)

	res.References = dedupeRefs(refs)
	res.Findings = c.finish(findings, doc)
	place := func(line, col *int) {
		if r.Flat {
			*line, *col = r.Line, 1
			return
		}
		*line += r.Line - 1
	}
	for i := range res.References {
		place(&res.References[i].Line, &res.References[i].Column)
	}
	for i := range res.Findings {
		place(&res.Findings[i].Line, &res.Findings[i].Column)
	}
	return res
}

// reportDate is the day a report is judged on.
func (c *Checker) reportDate(r *report.Report) time.Time {
	if r.Date != "" {
		if d, err := time.Parse("2006-01-02", r.Date); err == nil {
			return d
		}
	}
	return c.opts.Today
}

// checkedVersions turns version claims into the minors to check.
func (c *Checker) checkedVersions(res *report.Result, claims []versions.Claim, on time.Time) ([]string, map[string]versions.Version) {
	micro := map[string]versions.Version{}
	minors := map[string]bool{}
	for _, cl := range claims {
		if !cl.Tested {
			continue
		}
		if !cl.Expanded && cl.Text != "" {
			res.ClaimedVersions = appendUnique(res.ClaimedVersions, cl.Text)
		}
		if cl.Main && cl.Version.Major == 0 {
			if l := c.snaps.List(); len(l) > 0 {
				minors[l[len(l)-1].Version()] = true
			}
			continue
		}
		minor := cl.Version.Branch()
		if c.snaps.Get(minor) == nil {
			continue
		}
		minors[minor] = true
		if old, ok := micro[minor]; !ok || cl.Version.Micro > old.Micro {
			micro[minor] = cl.Version
		}
	}
	if len(res.ClaimedVersions) == 0 {
		for _, m := range c.defaultVersions(on) {
			minors[m] = true
		}
	}
	var out []string
	for _, m := range c.snaps.Minors() {
		if minors[m] {
			out = append(out, m)
		}
	}
	return out, micro
}

// defaultVersions are the branches checked for a report that claims none.
func (c *Checker) defaultVersions(on time.Time) []string {
	if len(c.opts.DefaultVersions) > 0 {
		return c.opts.DefaultVersions
	}
	var out []string
	for _, m := range c.snaps.Minors() {
		switch c.table.BranchStatus(m, on) {
		case versions.StatusBugfix, versions.StatusSecurity:
			out = append(out, m)
		}
	}
	return out
}

// versionRefs lists every version written in the report and raises
// unknown-version for those never released.
func (c *Checker) versionRefs(claims []versions.Claim, on time.Time, findings *[]report.Finding) []report.Reference {
	var refs []report.Reference
	flagged := map[string]bool{}
	for _, cl := range claims {
		if cl.Expanded || cl.Version.Major == 0 {
			continue
		}
		ref := report.Reference{Symbol: cl.Text, Kind: report.RefVersion, Text: cl.Text, Origin: report.OriginProse,
			Line: cl.Line, Column: cl.Column, Status: report.StatusOK, PresentIn: []string{}, MissingIn: []string{}}
		j := c.table.Judge(cl.Version, on)
		switch j.Verdict {
		case versions.Hallucinated:
			ref.Status, ref.Note = report.StatusMissing, j.Note
			if flagged[cl.Text] {
				break
			}
			flagged[cl.Text] = true
			*findings = append(*findings, report.Finding{Rule: "unknown-version", Severity: report.SeverityError, Symbol: cl.Text,
				Line: cl.Line, Column: cl.Column, Message: fmt.Sprintf("Python %s was never released: %s", cl.Text, j.Note)})
		case versions.Unverified, versions.Expected:
			ref.Status, ref.Note = report.StatusUnknown, j.Note
		}
		refs = append(refs, ref)
	}
	return refs
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// dedupeRefs drops repeats of the same reference at the same place.
func dedupeRefs(refs []report.Reference) []report.Reference {
	seen := map[string]bool{}
	out := refs[:0]
	for _, r := range refs {
		key := fmt.Sprintf("%s\x00%s\x00%d\x00%d", r.Kind, r.Symbol, r.Line, r.Column)
		if seen[key] {
			continue
		}
		seen[key] = true
		if r.PresentIn == nil {
			r.PresentIn = []string{}
		}
		if r.MissingIn == nil {
			r.MissingIn = []string{}
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

var suppression = regexp.MustCompile(`<!--\s*pyrefcheck:\s*ignore(?:\[([a-z0-9,\s-]+)\])?\s*-->`)

// finish applies configuration and inline suppressions, fills in rule
// metadata and sorts.
func (c *Checker) finish(findings []report.Finding, doc *mdoc.Document) []report.Finding {
	out := []report.Finding{}
	for _, f := range findings {
		if c.opts.Disabled[f.Rule] || suppressed(doc, f) {
			continue
		}
		if sev, ok := c.opts.Severity[f.Rule]; ok {
			f.Severity = sev
		}
		if r, ok := rules.Get(f.Rule); ok && f.Section == "" && r.Family == rules.Policy {
			f.Section = r.Section
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		if out[i].Column != out[j].Column {
			return out[i].Column < out[j].Column
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// suppressed reports whether a `<!-- pyrefcheck: ignore[rule] -->` comment
// on the finding's line or the line before it silences it. A comment on
// the first line of a report silences the rule for the whole report.
func suppressed(doc *mdoc.Document, f report.Finding) bool {
	for _, line := range []int{f.Line, f.Line - 1, 1} {
		m := suppression.FindStringSubmatch(doc.LineText(line))
		if m == nil {
			continue
		}
		if line == 1 && f.Line > 2 && m[1] == "" {
			continue // a bare ignore on line 1 is for line 1's findings only
		}
		if m[1] == "" {
			return true
		}
		for _, id := range strings.Split(m[1], ",") {
			if strings.TrimSpace(id) == f.Rule {
				return true
			}
		}
	}
	return false
}

// markClaimedStdlib spreads "the report calls this module part of the
// standard library" from the one place it says so to every reference
// rooted in that module.
func markClaimedStdlib(refs []report.Reference) {
	claimed := map[string]bool{}
	for _, r := range refs {
		if r.ClaimedStdlib {
			claimed[rootOf(r.Symbol)] = true
		}
	}
	if len(claimed) == 0 {
		return
	}
	for i := range refs {
		sym := refs[i].Symbol
		if refs[i].Kind == report.RefParameter {
			sym = refs[i].Callee
		}
		if claimed[rootOf(sym)] {
			refs[i].ClaimedStdlib = true
		}
	}
}

// Snapshots returns the snapshots the checker uses.
func (c *Checker) Snapshots() *Snapshots { return c.snaps }
