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

	byVersion map[string]int    // normalised spelling -> index in Releases
	byBranch  map[string]*facts // "3.12" -> what Judge needs about the branch
}

// facts are the per-branch numbers Judge and BranchStatus look up.
type facts struct {
	branch   *Branch
	releases []*Release // this branch's releases, in order
	// lastActual is the highest final micro with state Actual, or -1: below
	// it the history is complete, so a missing micro was never released.
	lastActual int
}

const dateLayout = "2006-01-02"

// The file format: one object with "as_of", "branches" (one object per
// line) and "releases" (one array per line: version, date, state and an
// optional note). Arrays keep the file small and quick to decode.
type fileTable struct {
	AsOf     string       `json:"as_of"`
	Branches []fileBranch `json:"branches"`
	Releases [][]string   `json:"releases"`
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
	var f fileTable
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("decoding release table: %w", err)
	}
	t := &Table{}
	var err error
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
	t.Releases = make([]Release, 0, len(f.Releases))
	for _, row := range f.Releases {
		if len(row) < 3 || len(row) > 4 {
			return nil, fmt.Errorf("release table: row %q: want [version, date, state, note?]", row)
		}
		v, ok := Parse(row[0])
		if !ok || !v.HasMicro {
			return nil, fmt.Errorf("release table: bad version %q", row[0])
		}
		date, err := parseDate(row[1])
		if err != nil {
			return nil, fmt.Errorf("release table: %s: %w", row[0], err)
		}
		r := Release{Version: v, Date: date, State: State(row[2])}
		if len(row) == 4 {
			r.Note = row[3]
		}
		t.Releases = append(t.Releases, r)
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
	slices.SortFunc(t.Releases, func(a, b Release) int { return Compare(a.Version, b.Version) })

	t.byVersion = make(map[string]int, len(t.Releases))
	t.byBranch = make(map[string]*facts, len(t.Branches))
	for i := range t.Branches {
		b := &t.Branches[i]
		if _, dup := t.byBranch[b.Minor]; dup {
			return fmt.Errorf("release table: branch %s listed twice", b.Minor)
		}
		t.byBranch[b.Minor] = &facts{branch: b, lastActual: -1}
	}
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
		key := r.Version.String()
		if _, dup := t.byVersion[key]; dup {
			return fmt.Errorf("release table: %s listed twice", key)
		}
		t.byVersion[key] = i
		f := t.byBranch[r.Version.Branch()]
		if f == nil {
			return fmt.Errorf("release table: %s belongs to no branch", key)
		}
		f.releases = append(f.releases, r)
		if r.State == StateActual && r.Version.Pre == "" {
			f.lastActual = max(f.lastActual, r.Version.Micro)
		}
	}
	return nil
}

// Branch returns the branch "3.12", or nil when the table has none.
func (t *Table) Branch(minor string) *Branch {
	if f := t.byBranch[minor]; f != nil {
		return f.branch
	}
	return nil
}

// Lookup returns the release with this exact version, or nil.
func (t *Table) Lookup(v Version) *Release {
	if v.Wildcard {
		return nil
	}
	key := Version{Major: v.Major, Minor: v.Minor, Micro: v.Micro, HasMicro: true, Pre: v.Pre, PreN: v.PreN}.String()
	if i, ok := t.byVersion[key]; ok {
		return &t.Releases[i]
	}
	return nil
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
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q: %w", s, err)
	}
	return d, nil
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
