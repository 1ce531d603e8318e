package versions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// State says how sure the table is that a release happened.
type State string

const (
	// StateActual: the release happened on its date.
	StateActual State = "actual"
	// StateExpected: the release is scheduled for its date.
	StateExpected State = "expected"
	// StateSeen: the release was seen in a distribution's packages but is newer
	// than the release history the table was built from. Its date may be
	// empty.
	StateSeen State = "seen"
)

// Release is one CPython release.
type Release struct {
	Version Version // Version.Raw is the normalised spelling, "3.14.0b2"
	Date    time.Time
	State   State
	// Note is free text: "recalled due to bpo-45235", "Debian sid".
	Note string
}

// Branch is one minor version's lifecycle. Zero dates are unknown.
type Branch struct {
	Minor         string // "3.12"
	PEP           int
	Status        string // the status the source recorded on the table's as-of date
	Start         time.Time
	FeatureFreeze time.Time // first beta: the branch stops being "feature"
	FirstRelease  time.Time
	EndOfBugfix   time.Time
	EndOfLife     time.Time

	major, minor int
}

// Table is the release table: every release and every branch, sorted.
type Table struct {
	// AsOf is the date the source data was current: releases after it are
	// only known as schedule or from distributions.
	AsOf     time.Time
	Branches []Branch  // sorted by version
	Releases []Release // sorted by Compare

	byBranch map[branchKey]*facts // what Judge needs about each branch
	facts    []facts
}

type branchKey struct{ major, minor int }

// facts are the per-branch numbers Judge and BranchStatus look up.
type facts struct {
	branch   *Branch
	releases []Release // this branch's releases, in order: a window on Table.Releases
	// lastActual is the highest final micro with state actual, or -1: below
	// it the history is complete, so a missing micro was never released.
	lastActual int
}

const dateLayout = "2006-01-02"

// The file format: one object with "as_of", "branches" (one object per
// line) and "releases" (one array per line: version, date, state and an
// optional note). Arrays keep the file small and quick to decode.
type fileTable struct {
	AsOf     string
	Branches []fileBranch
}

type fileBranch struct {
	Minor         string `json:"minor"`
	PEP           int    `json:"pep,omitempty"`
	Status        string `json:"status,omitempty"`
	Start         string `json:"start,omitempty"`
	FeatureFreeze string `json:"feature_freeze,omitempty"`
	FirstRelease  string `json:"first_release,omitempty"`
	EndOfBugfix   string `json:"end_of_bugfix,omitempty"`
	EndOfLife     string `json:"end_of_life,omitempty"`
}

// Load decodes releases.json.
func Load(data []byte) (*Table, error) {
	t := &Table{Releases: make([]Release, 0, bytes.Count(data, []byte("\n[")))}
	f, err := readFile(data, func(row []string) error {
		if len(row) < 3 {
			return fmt.Errorf("release row %q: want [version, date, state, note?]", row)
		}
		v, ok := Parse(row[0])
		if !ok || !v.HasMicro {
			return fmt.Errorf("bad version %q", row[0])
		}
		date, err := parseDate(row[1])
		if err != nil {
			return fmt.Errorf("%s: %w", row[0], err)
		}
		r := Release{Version: v, Date: date, State: State(row[2])}
		if len(row) == 4 {
			r.Note = row[3]
		}
		t.Releases = append(t.Releases, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("decoding release table: %w", err)
	}
	if t.AsOf, err = parseDate(f.AsOf); err != nil {
		return nil, fmt.Errorf("release table as_of: %w", err)
	}
	t.Branches = make([]Branch, 0, len(f.Branches))
	for _, fb := range f.Branches {
		b := Branch{Minor: fb.Minor, PEP: fb.PEP, Status: fb.Status}
		for _, d := range []struct {
			dst *time.Time
			src string
		}{{&b.Start, fb.Start}, {&b.FeatureFreeze, fb.FeatureFreeze}, {&b.FirstRelease, fb.FirstRelease},
			{&b.EndOfBugfix, fb.EndOfBugfix}, {&b.EndOfLife, fb.EndOfLife}} {
			if *d.dst, err = parseDate(d.src); err != nil {
				return nil, fmt.Errorf("release table branch %s: %w", fb.Minor, err)
			}
		}
		t.Branches = append(t.Branches, b)
	}
	if err := t.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// finish sorts the table, checks it and builds the lookup maps. Every
// constructor ends with it.
func (t *Table) finish() error {
	for i := range t.Branches {
		v, ok := Parse(t.Branches[i].Minor)
		if !ok || v.HasMicro || v.Pre != "" || v.Wildcard {
			return fmt.Errorf("release table: bad branch %q", t.Branches[i].Minor)
		}
		t.Branches[i].major, t.Branches[i].minor = v.Major, v.Minor
	}
	slices.SortFunc(t.Branches, func(a, b Branch) int {
		return Compare(Version{Major: a.major, Minor: a.minor}, Version{Major: b.major, Minor: b.minor})
	})
	byVersion := func(a, b Release) int { return Compare(a.Version, b.Version) }
	if !slices.IsSortedFunc(t.Releases, byVersion) {
		slices.SortFunc(t.Releases, byVersion)
	}

	t.byBranch = make(map[branchKey]*facts, len(t.Branches))
	t.facts = make([]facts, len(t.Branches))
	for i := range t.Branches {
		b := &t.Branches[i]
		key := branchKey{b.major, b.minor}
		if _, dup := t.byBranch[key]; dup {
			return fmt.Errorf("release table: branch %s listed twice", b.Minor)
		}
		t.facts[i] = facts{branch: b, lastActual: -1}
		t.byBranch[key] = &t.facts[i]
	}
	// Sorted releases put each branch's releases side by side.
	var f *facts
	first := 0
	for i := range t.Releases {
		r := &t.Releases[i]
		switch r.State {
		case StateActual, StateExpected, StateSeen:
		default:
			return fmt.Errorf("release table: %s: unknown state %q", r.Version.Raw, r.State)
		}
		if r.Date.IsZero() && r.State != StateSeen {
			return fmt.Errorf("release table: %s: %s release without a date", r.Version.Raw, r.State)
		}
		if i > 0 && Compare(t.Releases[i-1].Version, r.Version) == 0 {
			return fmt.Errorf("release table: %s listed twice", r.Version.String())
		}
		if f == nil || f.branch.major != r.Version.Major || f.branch.minor != r.Version.Minor {
			if f != nil {
				f.releases = t.Releases[first:i]
			}
			if f = t.byBranch[branchKey{r.Version.Major, r.Version.Minor}]; f == nil {
				return fmt.Errorf("release table: %s belongs to no branch", r.Version.String())
			}
			first = i
		}
		if r.State == StateActual && r.Version.Pre == "" {
			f.lastActual = max(f.lastActual, r.Version.Micro)
		}
	}
	if f != nil {
		f.releases = t.Releases[first:]
	}
	return nil
}

// factsFor returns the branch major.minor's facts, or nil.
func (t *Table) factsFor(major, minor int) *facts {
	return t.byBranch[branchKey{major, minor}]
}

// Branch returns the branch "3.12", or nil when the table has none.
func (t *Table) Branch(minor string) *Branch {
	v, ok := Parse(minor)
	if !ok {
		return nil
	}
	if f := t.factsFor(v.Major, v.Minor); f != nil {
		return f.branch
	}
	return nil
}

// Lookup returns the release with this exact version, or nil.
func (t *Table) Lookup(v Version) *Release {
	if v.Wildcard {
		return nil
	}
	f := t.factsFor(v.Major, v.Minor)
	if f == nil {
		return nil
	}
	want := Version{Major: v.Major, Minor: v.Minor, Micro: v.Micro, Pre: v.Pre, PreN: v.PreN}
	i, found := slices.BinarySearchFunc(f.releases, want, func(r Release, v Version) int { return Compare(r.Version, v) })
	if !found {
		return nil
	}
	return &f.releases[i]
}

// Newest returns the newest branch in the table ("3.16"), or nil.
func (t *Table) Newest() *Branch {
	if len(t.Branches) == 0 {
		return nil
	}
	return &t.Branches[len(t.Branches)-1]
}

// Marshal encodes the table as releases.json: deterministic, sorted, one
// branch or release per line so that a refresh shows as a readable diff.
func (t *Table) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	asOf, _ := json.Marshal(formatDate(t.AsOf))
	fmt.Fprintf(&buf, "{\"as_of\": %s,\n\"branches\": [\n", asOf)
	for i, b := range t.Branches {
		line, err := json.Marshal(fileBranch{
			Minor: b.Minor, PEP: b.PEP, Status: b.Status,
			Start: formatDate(b.Start), FeatureFreeze: formatDate(b.FeatureFreeze),
			FirstRelease: formatDate(b.FirstRelease), EndOfBugfix: formatDate(b.EndOfBugfix),
			EndOfLife: formatDate(b.EndOfLife),
		})
		if err != nil {
			return nil, fmt.Errorf("encoding branch %s: %w", b.Minor, err)
		}
		buf.Write(line)
		buf.WriteString(separator(i, len(t.Branches)))
	}
	buf.WriteString("],\n\"releases\": [\n")
	for i, r := range t.Releases {
		row := []string{r.Version.String(), formatDate(r.Date), string(r.State)}
		if r.Note != "" {
			row = append(row, r.Note)
		}
		line, err := json.Marshal(row)
		if err != nil {
			return nil, fmt.Errorf("encoding release %s: %w", r.Version.Raw, err)
		}
		buf.Write(line)
		buf.WriteString(separator(i, len(t.Releases)))
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

func separator(i, n int) string {
	if i == n-1 {
		return "\n"
	}
	return ",\n"
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	// The common, valid case without time.Parse's generality.
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, okY := atoiDigits(s[0:4])
		m, okM := atoiDigits(s[5:7])
		d, okD := atoiDigits(s[8:10])
		if okY && okM && okD && m >= 1 && m <= 12 && d >= 1 && d <= 28 {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q: %w", s, err)
	}
	return d, nil
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func formatDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// day drops the time of day and the zone: the table's dates are calendar
// days, and a report dated "2026-11-25T23:00-05:00" was written on the 25th.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
