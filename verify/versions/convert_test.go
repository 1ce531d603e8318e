package versions

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A made-up history in the layout of python-releases.toml: one finished
// branch, one in prerelease with a schedule.
const sampleTOML = `
[metadata."3.40"]
pep = 9001
status = "bugfix"
branch = "3.40"
release-manager = "Nobody"
start-of-development = 2040-05-01
feature-freeze = 2041-05-01
first-release = 2041-10-01
end-of-bugfix = 2043-10-01
end-of-life = 2046-10-01

[[release."3.40"]]
stage = "3.40.0 beta 1"
state = "actual"
date = 2041-05-01

[[release."3.40"]]
stage = "3.40.0 candidate 1"
state = "actual"
date = 2041-08-01

[[release."3.40"]]
stage = "3.40.0 final"
state = "actual"
date = 2041-10-01

[[release."3.40"]]
stage = "3.40.1"
state = "actual"
date = 2041-12-01
note = "recalled"

[[release."3.40"]]
stage = "3.40.2"
state = "expected"
date = 2042-02-01

[metadata."3.41"]
pep = 9002
status = "feature"
branch = "main"
release-manager = "Nobody"
start-of-development = 2041-05-01
feature-freeze = 2042-05-01
first-release = 2042-10-01
end-of-bugfix = 2044-10-01
end-of-life = 2047-10-01

[[release."3.41"]]
stage = "3.41.0 alpha 1"
state = "expected"
date = 2041-10-15
`

func TestFromTOML(t *testing.T) {
	table, err := FromTOML([]byte(sampleTOML))
	if err != nil {
		t.Fatal(err)
	}
	if got := formatDate(table.AsOf); got != "2041-12-01" {
		t.Errorf("as-of defaults to the newest actual release: got %s", got)
	}
	var got []string
	for _, r := range table.Releases {
		got = append(got, r.Version.Raw+" "+formatDate(r.Date)+" "+string(r.State)+" "+r.Note)
	}
	want := []string{
		"3.40.0b1 2041-05-01 actual ", "3.40.0rc1 2041-08-01 actual ", "3.40.0 2041-10-01 actual ",
		"3.40.1 2041-12-01 actual recalled", "3.40.2 2042-02-01 expected ", "3.41.0a1 2041-10-15 expected ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("releases (-want +got):\n%s", diff)
	}
	b := table.Branch("3.41")
	if b == nil || b.PEP != 9002 || formatDate(b.FeatureFreeze) != "2042-05-01" || b.Status != "feature" {
		t.Errorf("branch 3.41 = %+v", b)
	}

	table, err = FromTOML([]byte(sampleTOML), date("2042-01-15"))
	if err != nil {
		t.Fatal(err)
	}
	if got := formatDate(table.AsOf); got != "2042-01-15" {
		t.Errorf("explicit as-of: got %s", got)
	}

	for _, bad := range []string{
		"[[release.\"3.40\"]]\nstage = \"3.40.0 gamma 1\"\nstate = \"actual\"\ndate = 2041-01-01\n",
		"[[release.\"3.40\"]]\nstage = \"3.39.0\"\nstate = \"actual\"\ndate = 2041-01-01\n",
		"[[release.\"3.40\"]]\nstage = \"3.40.0\"\nstate = \"rumoured\"\ndate = 2041-01-01\n",
		"not toml = = =",
	} {
		if _, err := FromTOML([]byte(sampleTOML + bad)); err == nil {
			t.Errorf("FromTOML accepted %q", bad)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	table, err := FromTOML([]byte(sampleTOML))
	if err != nil {
		t.Fatal(err)
	}
	seen, err := Seen("Distro unstable", "3.40.3", "3.40.2")
	if err != nil {
		t.Fatal(err)
	}
	table = Update(table, seen)
	data, err := table.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(data)
	if err != nil {
		t.Fatalf("Load(Marshal()): %v\n%s", err, data)
	}
	again, err := back.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("Marshal is not stable:\n%s\n---\n%s", data, again)
	}
	// A sighting of a scheduled release replaces the schedule entry.
	if !strings.Contains(string(data), `["3.40.2","","seen","Distro unstable"]`) {
		t.Errorf("seen release missing:\n%s", data)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, bad := range []string{
		``,
		`{"as_of": "2026-13-01", "branches": [], "releases": []}`,
		`{"as_of": "2026-01-01", "branches": [{"minor": "3.x"}], "releases": []}`,
		`{"as_of": "2026-01-01", "branches": [], "releases": [["3.12.4","2024-06-06","actual"]]}`,
		`{"as_of": "2026-01-01", "branches": [{"minor":"3.12"}], "releases": [["3.12.4","2024-06-06","rumoured"]]}`,
		`{"as_of": "2026-01-01", "branches": [{"minor":"3.12"}], "releases": [["3.12.4","","actual"]]}`,
		`{"as_of": "2026-01-01", "branches": [{"minor":"3.12"}], "releases": [["3.12","2024-06-06","actual"]]}`,
		`{"as_of": "2026-01-01", "branches": [{"minor":"3.12"}], "releases": [["3.12.4","2024-06-06","actual"],["3.12.4","2024-06-06","actual"]]}`,
		`{"as_of": "2026-01-01", "branches": [{"minor":"3.12"}], "releases": [["3.12.4","2024-06-06"]]}`,
		`{"as_of": "2026-01-01", "branches": [], "releases": []} trailing`,
		`{"as_of": "2026-01-01", "branches": [], "releases": [`,
	} {
		if _, err := Load([]byte(bad)); err == nil {
			t.Errorf("Load accepted %q", bad)
		}
	}
	// Unknown fields and escaped strings are fine.
	ok := `{"as_of": "2026-01-01", "future": {"x": [1, 2.5, true, null]},
	  "branches": [{"minor":"3.12", "pep": 693, "colour": "blue"}],
	  "releases": [["3.12.4","2024-06-06","actual","a \"quoted\" note"]]}`
	table, err := Load([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if r := table.Releases[0]; r.Note != `a "quoted" note` || table.Branches[0].PEP != 693 {
		t.Errorf("got %+v", table)
	}
}

func TestUpdate(t *testing.T) {
	old, err := FromTOML([]byte(sampleTOML))
	if err != nil {
		t.Fatal(err)
	}
	seen, _ := Seen("Distro unstable", "3.40.3")
	old = Update(old, seen)

	// A newer history: 3.40.2 and 3.40.3 happened, the schedule moved on.
	newer, err := FromTOML([]byte(strings.Replace(sampleTOML,
		"stage = \"3.40.2\"\nstate = \"expected\"", "stage = \"3.40.2\"\nstate = \"actual\"", 1) + `
[[release."3.40"]]
stage = "3.40.3"
state = "actual"
date = 2042-04-01

[[release."3.40"]]
stage = "3.40.4"
state = "expected"
date = 2042-06-01
`))
	if err != nil {
		t.Fatal(err)
	}
	merged := Update(old, newer)
	var got []string
	for _, r := range merged.Releases {
		got = append(got, r.Version.Raw+" "+string(r.State))
	}
	want := []string{"3.40.0b1 actual", "3.40.0rc1 actual", "3.40.0 actual", "3.40.1 actual", "3.40.2 actual",
		"3.40.3 actual", "3.40.4 expected", "3.41.0a1 expected"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	if formatDate(merged.AsOf) != "2042-04-01" {
		t.Errorf("as-of %s", formatDate(merged.AsOf))
	}

	// Tags carry no schedule: the old schedule stays.
	tags, err := fromTagList([]byte("v3.40.0 2041-10-01\nv3.40.1 2041-12-01\nv3.42.0a1 2042-10-20\nlegacy-trunk 2001-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	merged = Update(old, tags)
	if merged.Lookup(mustParse(t, "3.40.2")) == nil || merged.Lookup(mustParse(t, "3.42.0a1")) == nil {
		t.Errorf("merge with tags lost the schedule or the new tag: %v", merged.Releases)
	}
	if b := merged.Branch("3.40"); b.PEP != 9001 {
		t.Errorf("merge with tags lost branch metadata: %+v", b)
	}
}

func mustParse(t *testing.T, s string) Version {
	t.Helper()
	v, ok := Parse(s)
	if !ok {
		t.Fatalf("Parse(%q) failed", s)
	}
	return v
}

func TestFromGitTags(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(env []string, args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		cmd.Env = append(cmd.Env, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(nil, "init", "-q")
	if err := os.WriteFile(filepath.Join(dir, "README"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(nil, "add", "README")
	git(nil, "commit", "-q", "-m", "x")
	for _, tag := range []struct{ name, date string }{
		{"v3.12.0rc1", "2023-08-06T12:00:00Z"}, {"v3.12.0", "2023-10-02T12:00:00Z"},
		{"v3.12.4", "2024-06-06T12:00:00Z"}, {"v2.7", "2010-07-03T12:00:00Z"}, {"not-a-release", "2020-01-01T12:00:00Z"},
	} {
		git([]string{"GIT_COMMITTER_DATE=" + tag.date}, "tag", "-a", "-m", tag.name, tag.name)
	}
	table, err := FromGitTags(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range table.Releases {
		got = append(got, r.Version.Raw+" "+formatDate(r.Date))
	}
	want := []string{"2.7.0 2010-07-03", "3.12.0rc1 2023-08-06", "3.12.0 2023-10-02", "3.12.4 2024-06-06"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if b := table.Branch("3.12"); b == nil || formatDate(b.FirstRelease) != "2023-10-02" {
		t.Errorf("branch 3.12 = %+v", b)
	}
	if _, err := FromGitTags(filepath.Join(dir, "missing")); err == nil {
		t.Error("FromGitTags on a missing directory succeeded")
	}
}

// TestCommittedTable checks that the committed releases.json is what
// cmd/genreleases makes from the shared release history and the Debian
// sightings, when that history is available.
func TestCommittedTable(t *testing.T) {
	data, err := os.ReadFile("/work/shared/data/python-releases.toml")
	if err != nil {
		t.Skipf("release history not available: %v", err)
	}
	table, err := FromTOML(data, date("2026-08-22"))
	if err != nil {
		t.Fatal(err)
	}
	seen, err := Seen("Debian sid", "3.13.18", "3.14.10", "3.15.2")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Update(table, seen).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(releasesPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: regenerate it with cmd/genreleases", releasesPath)
	}
}
