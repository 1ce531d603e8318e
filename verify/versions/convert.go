package versions

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// The subset of python-releases.toml (the release-management history kept
// with the PEPs) that the table needs.
type tomlReleases struct {
	Metadata map[string]tomlBranch    `toml:"metadata"`
	Release  map[string][]tomlRelease `toml:"release"`
}

type tomlBranch struct {
	PEP                int       `toml:"pep"`
	Status             string    `toml:"status"`
	StartOfDevelopment time.Time `toml:"start-of-development"`
	FeatureFreeze      time.Time `toml:"feature-freeze"`
	FirstRelease       time.Time `toml:"first-release"`
	EndOfBugfix        time.Time `toml:"end-of-bugfix"`
	EndOfLife          time.Time `toml:"end-of-life"`
}

type tomlRelease struct {
	Stage string    `toml:"stage"`
	State string    `toml:"state"`
	Date  time.Time `toml:"date"`
	Note  string    `toml:"note"`
}

// FromTOML builds a table from python-releases.toml. The as-of date is
// asOf[0] when given (the date the file was fetched), otherwise the date of
// the newest actual release in the file.
func FromTOML(data []byte, asOf ...time.Time) (*Table, error) {
	var doc tomlReleases
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("decoding release TOML: %w", err)
	}
	t := &Table{}
	for minor, m := range doc.Metadata {
		t.Branches = append(t.Branches, Branch{
			Minor: minor, PEP: m.PEP, Status: m.Status,
			Start: day(m.StartOfDevelopment), FeatureFreeze: day(m.FeatureFreeze),
			FirstRelease: day(m.FirstRelease), EndOfBugfix: day(m.EndOfBugfix), EndOfLife: day(m.EndOfLife),
		})
	}
	for minor, rels := range doc.Release {
		for _, r := range rels {
			v, err := parseStage(r.Stage)
			if err != nil {
				return nil, fmt.Errorf("release TOML, branch %s: %w", minor, err)
			}
			if v.Branch() != minor {
				return nil, fmt.Errorf("release TOML: %s is listed under branch %s", r.Stage, minor)
			}
			state := State(r.State)
			if state != StateActual && state != StateExpected {
				return nil, fmt.Errorf("release TOML: %s: unknown state %q", r.Stage, r.State)
			}
			rel := Release{Version: v, Date: day(r.Date), State: state, Note: r.Note}
			t.Releases = append(t.Releases, rel)
			if state == StateActual && rel.Date.After(t.AsOf) {
				t.AsOf = rel.Date
			}
		}
	}
	if len(asOf) > 0 && !asOf[0].IsZero() {
		t.AsOf = day(asOf[0])
	}
	if err := t.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// parseStage reads the TOML's stage names: "3.13.0 alpha 1",
// "3.13.0 candidate 2", "3.13.0 final", "3.13.1".
func parseStage(stage string) (Version, error) {
	s := strings.TrimSuffix(stage, " final")
	v, ok := Parse(s)
	if !ok || !v.HasMicro || v.Wildcard || v.Plus {
		return Version{}, fmt.Errorf("unrecognised stage %q", stage)
	}
	return normalised(v), nil
}

// normalised returns v with Raw set to its canonical spelling.
func normalised(v Version) Version {
	v.Raw = v.String()
	return v
}

// FromGitTags builds a table from the release tags of a CPython clone
// ("v3.12.4", "v3.13.0rc1"), dated by each tag's creation date. It knows
// nothing of schedules or lifecycles: merge it into a full table with
// Update. This is the same list `git -C dir tag` prints, read through
// for-each-ref to get the dates.
func FromGitTags(dir string) (*Table, error) {
	cmd := exec.Command("git", "-C", dir, "for-each-ref",
		"--format=%(refname:short) %(creatordate:short)", "refs/tags/v[0-9]*")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing tags in %s: %w", dir, err)
	}
	return fromTagList(out)
}

// fromTagList parses "<tag> <YYYY-MM-DD>" lines.
func fromTagList(out []byte) (*Table, error) {
	t := &Table{}
	branches := map[string]bool{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		tag, date, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		v, ok := Parse(tag)
		if !ok || v.Wildcard || v.Plus || !strings.HasPrefix(tag, "v") {
			continue // not a release tag
		}
		if !v.HasMicro {
			v.HasMicro = true // old tags such as "v2.7" name the .0 release
		}
		v = normalised(v)
		if seen[v.Raw] {
			continue
		}
		d, err := parseDate(date)
		if err != nil || d.IsZero() {
			return nil, fmt.Errorf("tag %s: date %q: %v", tag, date, err)
		}
		seen[v.Raw] = true
		t.Releases = append(t.Releases, Release{Version: v, Date: d, State: StateActual})
		if d.After(t.AsOf) {
			t.AsOf = d
		}
		if !branches[v.Branch()] {
			branches[v.Branch()] = true
			t.Branches = append(t.Branches, Branch{Minor: v.Branch()})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading tag list: %w", err)
	}
	// A branch's first final release dates it even without a schedule.
	for i := range t.Branches {
		b := &t.Branches[i]
		for _, r := range t.Releases {
			if r.Version.Branch() == b.Minor && r.Version.Micro == 0 && r.Version.Pre == "" {
				b.FirstRelease = r.Date
			}
		}
	}
	if err := t.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// Seen returns a table holding only versions seen in a distribution's
// packages (where says which, "Debian sid"), to be merged with Update.
func Seen(where string, versions ...string) (*Table, error) {
	t := &Table{}
	branches := map[string]bool{}
	for _, s := range versions {
		v, ok := Parse(s)
		if !ok || !v.HasMicro || v.Wildcard || v.Plus {
			return nil, fmt.Errorf("seen version %q: want a release such as 3.13.18", s)
		}
		t.Releases = append(t.Releases, Release{Version: normalised(v), State: StateSeen, Note: where})
		if !branches[v.Branch()] {
			branches[v.Branch()] = true
			t.Branches = append(t.Branches, Branch{Minor: v.Branch()})
		}
	}
	if err := t.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// Update merges newer facts into a table and returns the result; neither
// input changes. Where both know a release, the surer state wins (actual,
// then seen, then expected), and newer wins between equals; newer wins
// where both know a branch date. When newer carries
// a schedule (any expected release), it replaces the old schedule;
// otherwise (git tags, a seen list) the old schedule is kept.
func Update(table *Table, newer *Table) *Table {
	out := &Table{AsOf: table.AsOf}
	if newer.AsOf.After(out.AsOf) {
		out.AsOf = newer.AsOf
	}

	branches := map[string]int{}
	for _, b := range table.Branches {
		branches[b.Minor] = len(out.Branches)
		out.Branches = append(out.Branches, b)
	}
	for _, nb := range newer.Branches {
		i, ok := branches[nb.Minor]
		if !ok {
			branches[nb.Minor] = len(out.Branches)
			out.Branches = append(out.Branches, nb)
			continue
		}
		out.Branches[i] = mergeBranch(out.Branches[i], nb)
	}

	newerHasSchedule := false
	newerReleases := map[string]Release{}
	for _, r := range newer.Releases {
		newerReleases[r.Version.String()] = r
		newerHasSchedule = newerHasSchedule || r.State == StateExpected
	}
	for _, r := range table.Releases {
		key := r.Version.String()
		nr, inNewer := newerReleases[key]
		switch {
		case inNewer:
			if stateRank[r.State] > stateRank[nr.State] {
				nr = r
			}
			out.Releases = append(out.Releases, nr)
			delete(newerReleases, key)
		case r.State == StateExpected && newerHasSchedule:
			// dropped from the new schedule
		default:
			out.Releases = append(out.Releases, r)
		}
	}
	for _, r := range newer.Releases {
		if nr, ok := newerReleases[r.Version.String()]; ok {
			out.Releases = append(out.Releases, nr)
		}
	}
	if err := out.finish(); err != nil {
		// Both inputs passed finish, so the union can only fail on a
		// release whose branch is missing, which the branch merge rules out.
		panic(fmt.Sprintf("versions.Update: %v", err))
	}
	return out
}

// stateRank orders what is known of one release: a release history beats a
// sighting in a distribution, which beats a schedule (a sighting of a
// scheduled release means it came early). Between equals, newer wins.
var stateRank = map[State]int{StateExpected: 0, StateSeen: 1, StateActual: 2}

func mergeBranch(old, nb Branch) Branch {
	if nb.PEP != 0 {
		old.PEP = nb.PEP
	}
	if nb.Status != "" {
		old.Status = nb.Status
	}
	for _, d := range []struct{ dst, src *time.Time }{
		{&old.Start, &nb.Start}, {&old.FeatureFreeze, &nb.FeatureFreeze}, {&old.FirstRelease, &nb.FirstRelease},
		{&old.EndOfBugfix, &nb.EndOfBugfix}, {&old.EndOfLife, &nb.EndOfLife},
	} {
		if !d.src.IsZero() {
			*d.dst = *d.src
		}
	}
	return old
}

// ParseDate reads a "YYYY-MM-DD" date, for command-line flags.
func ParseDate(s string) (time.Time, error) {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	return d, nil
}
