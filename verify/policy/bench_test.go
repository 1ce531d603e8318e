package policy

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// BenchmarkCheck is policy.Check on the ~3 KB benchmark report, given the
// parsed document and version claims as verify passes them: the policy
// rules' own per-report cost.
func BenchmarkCheck(b *testing.B) {
	text, err := os.ReadFile(filepath.Join("..", "..", "testdata", "bench", "report-3k.md"))
	if err != nil {
		b.Fatal(err)
	}
	table := loadTable(b)
	rep := report.Report{Source: "report-3k.md", Text: string(text), Line: 1}
	doc := mdoc.Parse(rep.Text)
	claims := versions.FindVersions(rep.Text)
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		Check(&Input{Report: rep, Doc: doc, Claims: claims, Table: table, Today: day})
	}
}
