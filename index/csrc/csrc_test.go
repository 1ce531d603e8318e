package csrc

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	"github.com/pyrefcheck/pyrefcheck/internal/golden"
)

const fakeRoot = "../../testdata/fakecpython"

func indexFake(t *testing.T) (*snapshot.Tree, Stats) {
	t.Helper()
	tree := snapshot.NewTree("3.99", "3.99.0")
	st, err := Index(tree, fakeRoot, Options{Workers: 2, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	return tree, st
}

func TestGolden(t *testing.T) {
	tree, _ := indexFake(t)
	var buf bytes.Buffer
	if err := snapshot.Dump(&buf, tree); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "golden", "csrc.golden"), buf.String())
}

// realTree returns a CPython source tree of a version from the cache, or
// skips the test.
func realTree(tb testing.TB, version string) string {
	tb.Helper()
	cache := os.Getenv("PYREFCHECK_CACHE")
	if cache == "" {
		cache = "/var/cache/pyrefcheck"
	}
	root := filepath.Join(cache, "src", version)
	if _, err := os.Stat(filepath.Join(root, "Modules", "posixmodule.c")); err != nil {
		tb.Skipf("no CPython %s source tree at %s", version, root)
	}
	return root
}

func BenchmarkIndex(b *testing.B) {
	root := realTree(b, "3.13")
	for i := 0; i < b.N; i++ {
		if _, err := Index(snapshot.NewTree("3.13", "3.13"), root, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseOnly(b *testing.B) {
	root := realTree(b, "3.13")
	for i := 0; i < b.N; i++ {
		if err := ParseOnly(root); err != nil {
			b.Fatal(err)
		}
	}
}
