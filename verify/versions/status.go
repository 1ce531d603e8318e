package versions

import "time"

// Status is a branch's place in its lifecycle, in the words of the PSRT
// policy: only "bugfix" and "security" branches accept reports.
type Status string

const (
	StatusFeature    Status = "feature"     // main: in development, before the first beta
	StatusPrerelease Status = "prerelease"  // betas and release candidates
	StatusBugfix     Status = "bugfix"      // released, regular bugfix releases
	StatusSecurity   Status = "security"    // security fixes only
	StatusEndOfLife  Status = "end-of-life" // no more releases
	StatusUnknown    Status = "unknown"     // no such branch (yet)
)

// Supported reports whether the PSRT accepts reports for a branch in this
// status.
func (s Status) Supported() bool { return s == StatusBugfix || s == StatusSecurity }

// BranchStatus returns the status of branch minor ("3.12"; "3.12.4" also
// works) on the given day, from the branch's dates rather than the status
// recorded on the table's as-of date, so that a report is judged by the
// day it was written. A branch whose development had not started is
// unknown.
func (t *Table) BranchStatus(minor string, on time.Time) Status {
	v, ok := Parse(minor)
	if !ok {
		return StatusUnknown
	}
	f := t.factsFor(v.Major, v.Minor)
	if f == nil {
		return StatusUnknown
	}
	b := f.branch
	on = day(on)
	reached := func(d time.Time) bool { return !d.IsZero() && !on.Before(d) }
	switch {
	case reached(b.EndOfLife):
		return StatusEndOfLife
	case reached(b.EndOfBugfix):
		return StatusSecurity
	case reached(b.FirstRelease):
		return StatusBugfix
	case reached(b.FeatureFreeze):
		return StatusPrerelease
	case reached(b.Start):
		return StatusFeature
	case b.Start.IsZero() && b.FirstRelease.IsZero():
		// A branch known only from tags or distribution packages.
		if t.factsFor(v.Major, v.Minor).hasFinalBy(on) {
			return StatusBugfix
		}
		return StatusUnknown
	}
	return StatusUnknown
}

// hasFinalBy reports whether the branch had a final release by day on.
func (f *facts) hasFinalBy(on time.Time) bool {
	for i := range f.releases {
		r := &f.releases[i]
		if r.Version.Pre == "" && r.State != StateExpected && !r.Date.After(on) {
			return true
		}
	}
	return false
}
