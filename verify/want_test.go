package verify_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// want matches an expectation written on the line that must be flagged:
// `<!-- want: RULE SYMBOL -->` in Markdown, `# want: RULE SYMBOL` in code.
var want = regexp.MustCompile(`(?:<!--|#)\s*want:\s*([a-z-]+)\s+(\S+?)\s*(?:-->|$)`)

// TestReportsWant runs every report under testdata/reports: each
// hallucination finding must be announced by a want comment on its line,
// and each want comment must be met. Adding a case is adding a file.
func TestReportsWant(t *testing.T) {
	c := embeddedChecker(t)
	files, _ := filepath.Glob("../testdata/reports/*.md")
	if len(files) == 0 {
		t.Fatal("no test reports")
	}
	ex := c.NewExtractor()
	defer ex.Close()
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := report.Report{Source: f, Text: string(b), Line: 1}
			wanted := map[string]bool{}
			for i, line := range strings.Split(r.Text, "\n") {
				for _, m := range want.FindAllStringSubmatch(line, -1) {
					wanted[fmt.Sprintf("%d %s %s", i+1, m[1], m[2])] = true
				}
			}
			var got []string
			for _, fd := range c.Check(ex, &r).Findings {
				if !isHallucinationRule(fd.Rule) {
					continue
				}
				key := fmt.Sprintf("%d %s %s", fd.Line, fd.Rule, fd.Symbol)
				if !wanted[key] {
					got = append(got, "unexpected: "+key+": "+fd.Message)
				}
				delete(wanted, key)
			}
			for k := range wanted {
				got = append(got, "missing: "+k)
			}
			sort.Strings(got)
			for _, g := range got {
				t.Error(g)
			}
		})
	}
}
