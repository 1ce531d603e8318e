package versions

import (
	"fmt"
	"time"
)

// Verdict is what the table says about a claimed version.
type Verdict string

const (
	// Released: the table (or a distribution) records the release, on or
	// before the day asked about.
	Released Verdict = "released"
	// Unverified: not in the table, but it could exist: newer than the
	// table's data and within the allowance, or scheduled and due. Never an
	// error.
	Unverified Verdict = "unverified"
	// Hallucinated: never released: a branch that does not exist, a micro
	// missing from a complete history, or a micro too far beyond the last
	// known one to have been released by that day.
	Hallucinated Verdict = "hallucinated"
	// Expected: a release the table knows, dated after the day asked about.
	Expected Verdict = "expected"
)

// Judgement is a verdict with the reason for it.
type Judgement struct {
	Verdict Verdict
	// Note says why, in a sentence fit for a message.
	Note string
	// Prerelease is set for alphas, betas, candidates and branches that had
	// no final release yet on that day.
	Prerelease bool
	// Status is the branch's status on that day.
	Status Status
}

// baseAllowance is how many micros past the last known one are accepted
// without evidence; one more is accepted per allowancePeriod months since
// the table's as-of date. Releases run ahead of schedule: the 2026-08
// schedule expected 3.14.10 in 2027-02, yet Debian shipped it in 2026-11.
const (
	baseAllowance   = 2
	allowancePeriod = 2
)

// Judge says whether version v could have been real on day on (the
// report's date, or today).
func (t *Table) Judge(v Version, on time.Time) Judgement {
	on = day(on)
	j := t.judge(v, on)
	j.Status = t.BranchStatus(v.Branch(), on)
	if v.Pre != "" {
		j.Prerelease = true
	}
	return j
}

func (t *Table) judge(v Version, on time.Time) Judgement {
	if v.Major == 0 && v.Minor == 0 && v.Raw == "" {
		return Judgement{Verdict: Unverified, Note: "no version given"}
	}
	name := v.Raw
	if name == "" {
		name = v.String()
	}
	f := t.factsFor(v.Major, v.Minor)
	if f == nil {
		return t.judgeMissingBranch(v, name, on)
	}
	b := f.branch

	if !v.HasMicro && v.Pre != "" {
		v.HasMicro = true // "2.0c1" is the 2.x spelling of 2.0.0rc1
	}
	if !v.HasMicro || v.Wildcard {
		return t.judgeBranchOnly(f, name, on)
	}
	if r := t.Lookup(v); r != nil {
		return judgeListed(r, name, on)
	}
	if v.Micro == 0 && v.Pre == "a" && v.PreN == 0 {
		return Judgement{Verdict: Unverified, Prerelease: true,
			Note: fmt.Sprintf("%s is a development build of %s, not a release", name, b.Minor)}
	}

	if later := f.laterActualStage(v); later != nil {
		return Judgement{Verdict: Hallucinated, Note: fmt.Sprintf(
			"there was no prerelease %s: the history is complete up to %s", name, later.Version.Raw)}
	}

	lastKnown := f.lastKnown(on)
	if lastKnown < 0 {
		// No final release of the branch by that day.
		if v.Micro > 0 {
			return Judgement{Verdict: Hallucinated, Note: fmt.Sprintf(
				"%s could not have been released by %s: %s.0 itself %s", name, formatDate(on), b.Minor, t.firstFinalWhen(f))}
		}
		return Judgement{Verdict: Unverified, Prerelease: true, Note: fmt.Sprintf(
			"%s is not in the %s release schedule as of %s", name, b.Minor, formatDate(t.AsOf))}
	}
	if v.Micro <= f.lastActual {
		what := "release"
		if v.Pre != "" {
			what = "prerelease"
		}
		return Judgement{Verdict: Hallucinated, Note: fmt.Sprintf(
			"there was no %s %s: the %s releases are complete up to %s.%d", what, name, b.Minor, b.Minor, f.lastActual)}
	}
	limit := lastKnown + t.allowance(b, on)
	if v.Micro <= limit {
		return Judgement{Verdict: Unverified, Note: fmt.Sprintf(
			"%s is newer than the release table knows (newest known %s.%d, table as of %s)",
			name, b.Minor, lastKnown, formatDate(t.AsOf))}
	}
	return Judgement{Verdict: Hallucinated, Note: fmt.Sprintf(
		"%s could not have been released by %s: the newest known %s release is %s.%d, and at most %s.%d could have followed",
		name, formatDate(on), b.Minor, b.Minor, lastKnown, b.Minor, limit)}
}

// judgeListed judges a version the table lists.
func judgeListed(r *Release, name string, on time.Time) Judgement {
	kind := ""
	switch r.Version.Pre {
	case "a":
		kind = " (an alpha)"
	case "b":
		kind = " (a beta)"
	case "rc":
		kind = " (a release candidate)"
	}
	note := ""
	if r.Note != "" {
		note = "; " + r.Note
	}
	switch {
	case r.State == StateSeen && (r.Date.IsZero() || !r.Date.After(on)):
		return Judgement{Verdict: Released, Note: fmt.Sprintf(
			"%s%s was seen in distribution packages (%s), newer than the release history", name, kind, r.Note)}
	case r.Date.After(on) && r.State == StateExpected:
		return Judgement{Verdict: Expected, Note: fmt.Sprintf("%s%s is scheduled for %s%s", name, kind, formatDate(r.Date), note)}
	case r.Date.After(on):
		return Judgement{Verdict: Expected, Note: fmt.Sprintf(
			"%s%s was released on %s, after %s%s", name, kind, formatDate(r.Date), formatDate(on), note)}
	case r.State == StateExpected:
		return Judgement{Verdict: Unverified, Note: fmt.Sprintf(
			"%s%s was scheduled for %s; the release table cannot confirm it happened%s", name, kind, formatDate(r.Date), note)}
	}
	return Judgement{Verdict: Released, Note: fmt.Sprintf("%s%s was released on %s%s", name, kind, formatDate(r.Date), note)}
}

// judgeBranchOnly judges "3.10" or "3.11.x": fine if the branch had a
// release by that day.
func (t *Table) judgeBranchOnly(f *facts, name string, on time.Time) Judgement {
	b := f.branch
	switch {
	case f.lastKnown(on) >= 0:
		return Judgement{Verdict: Released, Note: fmt.Sprintf("%s is a released branch", name)}
	case b.Start.IsZero() || !on.Before(b.Start):
		return Judgement{Verdict: Unverified, Prerelease: true, Note: fmt.Sprintf(
			"%s was in development on %s: %s.0 %s", name, formatDate(on), b.Minor, t.firstFinalWhen(f))}
	}
	return Judgement{Verdict: Expected, Note: fmt.Sprintf(
		"development of %s starts on %s", b.Minor, formatDate(b.Start))}
}

// judgeMissingBranch judges a version of a branch the table lacks.
func (t *Table) judgeMissingBranch(v Version, name string, on time.Time) Judgement {
	if first := t.firstBranch(); first != nil && Compare(v, Version{Major: first.major, Minor: first.minor}) < 0 {
		return Judgement{Verdict: Unverified, Note: fmt.Sprintf("%s is older than the release table (from %s)", name, first.Minor)}
	}
	if t.plausibleNextBranch(v, on) && (!v.HasMicro || v.Micro == 0) {
		return Judgement{Verdict: Unverified, Prerelease: true, Note: fmt.Sprintf(
			"branch %s is not in the release table (as of %s) but may be in development by %s",
			v.Branch(), formatDate(t.AsOf), formatDate(on))}
	}
	newest := "none"
	if n := t.Newest(); n != nil {
		newest = n.Minor
	}
	return Judgement{Verdict: Hallucinated, Note: fmt.Sprintf(
		"Python %s does not exist on %s: the newest branch is %s", v.Branch(), formatDate(on), newest)}
}

// plausibleNextBranch reports whether v's branch may have begun after the
// table was made: the branch after the newest starts at the newest's
// feature freeze, and one more follows every year.
func (t *Table) plausibleNextBranch(v Version, on time.Time) bool {
	n := t.Newest()
	if n == nil || v.Major != n.major || v.Minor <= n.minor || n.FeatureFreeze.IsZero() || on.Before(n.FeatureFreeze) {
		return false
	}
	ahead := 1 + fullMonths(n.FeatureFreeze, on)/12
	return v.Minor-n.minor <= ahead
}

func (t *Table) firstBranch() *Branch {
	if len(t.Branches) == 0 {
		return nil
	}
	return &t.Branches[0]
}

// laterActualStage returns the newest actual release of v's micro that
// comes after v (3.15.0rc1 for 3.15.0b5), or nil. The history of a micro's
// stages is complete up to it, so a prerelease missing before it never
// happened.
func (f *facts) laterActualStage(v Version) *Release {
	var later *Release
	for i := range f.releases {
		r := &f.releases[i]
		if r.State == StateActual && r.Version.Micro == v.Micro && Compare(r.Version, v) > 0 {
			later = r
		}
	}
	return later
}

// lastKnown is the highest final micro known to exist on day on: released,
// seen in a distribution, or scheduled on or before that day. -1 if none.
func (f *facts) lastKnown(on time.Time) int {
	last := -1
	for i := range f.releases {
		r := &f.releases[i]
		if r.Version.Pre == "" && (r.Date.IsZero() && r.State == StateSeen || !r.Date.IsZero() && !r.Date.After(on)) {
			last = max(last, r.Version.Micro)
		}
	}
	return last
}

// allowance is how many micros past the last known one branch b could have
// gained by day on. None for a branch that was dead before the table was
// made: its history is complete.
func (t *Table) allowance(b *Branch, on time.Time) int {
	if !b.EndOfLife.IsZero() && !b.EndOfLife.After(t.AsOf) {
		return 0
	}
	until := on
	if !b.EndOfLife.IsZero() && b.EndOfLife.Before(until) {
		until = b.EndOfLife
	}
	return baseAllowance + fullMonths(t.AsOf, until)/allowancePeriod
}

// firstFinalWhen describes when the branch's .0 release happens.
func (t *Table) firstFinalWhen(f *facts) string {
	if r := t.Lookup(Version{Major: f.branch.major, Minor: f.branch.minor, HasMicro: true}); r != nil {
		return "is scheduled for " + formatDate(r.Date)
	}
	if !f.branch.FirstRelease.IsZero() {
		return "is scheduled for " + formatDate(f.branch.FirstRelease)
	}
	return "had not been released"
}

// fullMonths counts the whole months from a to b (0 if b is before a).
func fullMonths(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(m, 0)
}
