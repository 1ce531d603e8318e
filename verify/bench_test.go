package verify_test

import (
	"os"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	snapshots "github.com/pyrefcheck/pyrefcheck/stdlib-snapshots"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// BenchmarkCheckReport is one 3 KB report with a 20-line PoC, snapshots
// loaded: the per-report cost of a batch.
func BenchmarkCheckReport(b *testing.B) {
	c := embeddedChecker(b)
	text, err := os.ReadFile("../testdata/bench/report-3k.md")
	if err != nil {
		b.Fatal(err)
	}
	ex := c.NewExtractor()
	defer ex.Close()
	r := report.Report{Source: "report-3k.md", Text: string(text), Line: 1}
	c.Check(ex, &r) // warm the module set
	b.ReportAllocs()
	for b.Loop() {
		c.Check(ex, &r)
	}
}

// BenchmarkLoadSnapshots loads every embedded snapshot.
func BenchmarkLoadSnapshots(b *testing.B) {
	_, data := snapshots.Snapshots()
	if len(data) == 0 {
		b.Skip("no snapshots")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range data {
			if _, err := snapshot.Load(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// lookupNames are typical names: a method, one through an alias, one
// through inheritance, and a missing one.
var lookupNames = []string{"tarfile.TarFile.extractall", "os.path.join", "http.cookies.SimpleCookie.load", "tarfile.TarFile.safe_extractall"}

func lastSnapshot(b *testing.B) *snapshot.Snapshot {
	_, data := snapshots.Snapshots()
	if len(data) == 0 {
		b.Skip("no snapshots")
	}
	s, err := snapshot.Load(data[len(data)-1])
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLookup resolves a name with every detail Resolve gives.
func BenchmarkLookup(b *testing.B) {
	s := lastSnapshot(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Resolve(lookupNames[i%len(lookupNames)])
	}
}

// BenchmarkStatus is the existence question verify asks for every
// reference and version.
func BenchmarkStatus(b *testing.B) {
	s := lastSnapshot(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Status(lookupNames[i%len(lookupNames)])
	}
}
