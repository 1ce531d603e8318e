package pysrc

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	"github.com/pyrefcheck/pyrefcheck/internal/golden"
)

const fakeLib = "../../testdata/fakecpython/Lib"

func indexFake(t *testing.T) (*snapshot.Tree, Stats) {
	t.Helper()
	tree := snapshot.NewTree("3.99", "3.99.0")
	st, err := Index(tree, fakeLib, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return tree, st
}

func TestGolden(t *testing.T) {
	tree, _ := indexFake(t)
	var buf bytes.Buffer
	Dump(&buf, tree)
	golden.Check(t, filepath.Join("..", "..", "testdata", "golden", "pysrc.golden"), buf.String())
}

// TestDeterministic indexes the same tree with different worker counts.
func TestDeterministic(t *testing.T) {
	var dumps []string
	for _, workers := range []int{1, 3} {
		tree := snapshot.NewTree("3.99", "")
		if _, err := Index(tree, fakeLib, Options{Workers: workers}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		Dump(&buf, tree)
		dumps = append(dumps, buf.String())
	}
	if diff := cmp.Diff(dumps[0], dumps[1]); diff != "" {
		t.Errorf("1 worker vs 3 workers:\n%s", diff)
	}
}

func TestFakeStats(t *testing.T) {
	_, st := indexFake(t)
	got := Stats{
		Files: st.Files, ParseErrors: st.ParseErrors, ParseErrorFiles: st.ParseErrorFiles,
		NewSyntaxFiles: st.NewSyntaxFiles, StarImports: st.StarImports,
		Link: LinkStats{Unresolved: st.Link.Unresolved},
	}
	want := Stats{
		Files: 17, ParseErrors: 1, ParseErrorFiles: []string{"Lib/broken.py"},
		NewSyntaxFiles: 1, StarImports: 4,
		Link: LinkStats{Unresolved: []string{"netwrap: from _netcore import *", "netwrap: _convert_(source=_netcore)"}},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Stats{}, "Links")); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}
