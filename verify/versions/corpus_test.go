package versions

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The shared dev corpus lives outside the repository; these tests measure
// FindVersions against its labels when it is there.
const corpusDir = "/work/shared/corpus"

type corpusReport struct {
	File            string   `json:"file"`
	ID              *string  `json:"id"`
	ClaimedVersions []string `json:"claimed_versions"`
	Expect          []struct {
		Symbol  string `json:"symbol"`
		Kind    string `json:"kind"`
		Verdict string `json:"verdict"`
	} `json:"expect"`
}

// loadCorpus returns each labelled report with its text.
func loadCorpus(t *testing.T) ([]corpusReport, map[string]string) {
	t.Helper()
	dir := filepath.Join(corpusDir, "reports")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Skipf("dev corpus not available: %v", err)
	}
	var manifest struct{ Reports []corpusReport }
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "batch.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ ID, Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		texts["batch.jsonl#"+r.ID] = r.Body
	}
	for _, r := range manifest.Reports {
		if r.ID != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, r.File))
		if err != nil {
			t.Fatal(err)
		}
		texts[r.File] = string(b)
	}
	return manifest.Reports, texts
}

func (r corpusReport) key() string {
	if r.ID != nil {
		return r.File + "#" + *r.ID
	}
	return r.File
}

// TestCorpusVersions checks that every claimed version is found as Tested,
// and measures precision and recall against the "version" labels, which
// list every written version with a micro ("3.11.0", not "3.11").
func TestCorpusVersions(t *testing.T) {
	reports, texts := loadCorpus(t)
	var tp, fp, fn, claimed, claimedTested, testedExtra, branchOnly int
	for _, r := range reports {
		claims := FindVersions(texts[r.key()])
		found := map[string]bool{}
		tested := map[string]bool{}
		for _, c := range claims {
			if c.Version.Raw != "" && !c.Expanded && !c.Version.HasMicro {
				branchOnly++ // "Since 3.12": real claims the labels leave out
			}
			if c.Version.Raw == "" || c.Expanded || !c.Version.HasMicro {
				continue
			}
			found[c.Text] = true
			if c.Tested {
				tested[c.Text] = true
			}
		}
		want := map[string]bool{}
		for _, e := range r.Expect {
			if e.Kind == "version" {
				want[e.Symbol] = true
			}
		}
		for v := range found {
			if want[v] {
				tp++
			} else {
				fp++
				t.Errorf("%s: found %s, not labelled", r.key(), v)
			}
		}
		for v := range want {
			if !found[v] {
				fn++
				t.Errorf("%s: missed %s", r.key(), v)
			}
		}
		for _, v := range r.ClaimedVersions {
			claimed++
			if tested[v] {
				claimedTested++
			} else {
				t.Errorf("%s: claimed version %s not found as tested", r.key(), v)
			}
		}
		for v := range tested {
			if !slices.Contains(r.ClaimedVersions, v) {
				testedExtra++
				t.Logf("%s: %s marked tested but not a claimed version", r.key(), v)
			}
		}
	}
	t.Logf("versions: %d reports, precision %d/%d, recall %d/%d (plus %d branch-only versions, unlabelled)",
		len(reports), tp, tp+fp, tp, tp+fn, branchOnly)
	t.Logf("tested: %d/%d claimed versions found as tested, %d tested beyond the claimed", claimedTested, claimed, testedExtra)
}

// TestCorpusJudgements judges every labelled version on the corpus's day:
// "hallucinated" ones must be, and no real one may be.
func TestCorpusJudgements(t *testing.T) {
	reports, _ := loadCorpus(t)
	table := loadTestTable(t)
	var checked int
	for _, r := range reports {
		for _, e := range r.Expect {
			if e.Kind != "version" {
				continue
			}
			v, ok := Parse(e.Symbol)
			if !ok {
				t.Errorf("%s: cannot parse %q", r.key(), e.Symbol)
				continue
			}
			checked++
			j := table.Judge(v, corpusDay)
			if (j.Verdict == Hallucinated) != (e.Verdict == "hallucinated") {
				t.Errorf("%s: %s judged %s (%s), labelled %s", r.key(), e.Symbol, j.Verdict, j.Note, e.Verdict)
			}
		}
	}
	t.Logf("judged %d labelled versions", checked)
}

// TestAdvisoryVersions runs FindVersions over the PSRT's own advisories:
// every version it finds there must be a real CPython version string, and
// none may come from another product's version.
func TestAdvisoryVersions(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "psf-advisories", "*.json"))
	if len(files) == 0 {
		t.Skip("advisories not available")
	}
	table := loadTestTable(t)
	var total, tested int
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var adv struct{ ID, Summary, Details string }
		if err := json.Unmarshal(data, &adv); err != nil {
			t.Fatal(err)
		}
		for _, c := range FindVersions(adv.Summary + "\n\n" + adv.Details) {
			if c.Version.Raw == "" {
				continue
			}
			total++
			if c.Tested {
				tested++
			}
			ctx := strings.ToLower(adv.Summary + adv.Details)
			for _, product := range []string{"zlib ", "bzip2 ", "expat ", "openssl "} {
				if strings.Contains(ctx, product+c.Text) {
					t.Errorf("%s: took %s %s as a Python version", adv.ID, product, c.Text)
				}
			}
			if j := table.Judge(c.Version, table.AsOf); j.Verdict == Hallucinated {
				t.Errorf("%s: %q judged hallucinated: %s", adv.ID, c.Text, j.Note)
			}
		}
	}
	t.Logf("advisories: %d files, %d versions found, %d in a tested/affected context", len(files), total, tested)
}
