package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/index/csrc"
	"github.com/pyrefcheck/pyrefcheck/index/pysrc"
)

// sourceTree is a full CPython source tree for the index benchmarks:
// $PYREFCHECK_CACHE/src/3.13 (the 3.13.5 release tarball, unpacked by
// stdlib-snapshots/fetch-sources.sh).
func sourceTree(tb testing.TB) string {
	cache := os.Getenv("PYREFCHECK_CACHE")
	if cache == "" {
		cache = "/var/cache/pyrefcheck"
	}
	dir := filepath.Join(cache, "src", "3.13")
	if _, err := os.Stat(filepath.Join(dir, "Modules")); err != nil {
		tb.Skip("no CPython source tree at " + dir)
	}
	return dir
}

// BenchmarkIndexSourceTree indexes a whole CPython tree (Lib with
// tree-sitter-python, the C sources with tree-sitter-c) into a snapshot;
// BenchmarkParseSourceTree only parses the same files. Their ratio is the
// cost of indexing beyond parsing (target: at most 1.5).
func BenchmarkIndexSourceTree(b *testing.B) {
	dir := sourceTree(b)
	var peak uint64
	for b.Loop() {
		t, _, err := Build(context.Background(), Inputs{Version: "3.13", Micro: "3.13.5", SourceTree: dir})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := t.Encode(); err != nil {
			b.Fatal(err)
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapSys)
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-heap-sys")
}

func BenchmarkParseSourceTree(b *testing.B) {
	dir := sourceTree(b)
	for b.Loop() {
		if _, err := pysrc.ParseOnly(filepath.Join(dir, "Lib"), pysrc.Options{}); err != nil {
			b.Fatal(err)
		}
		if err := csrc.ParseOnly(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBuildDeterministic: two builds of the same input are byte-identical.
func TestBuildDeterministic(t *testing.T) {
	dir := filepath.Join("..", "testdata", "fakecpython")
	var first []byte
	for i := 0; i < 2; i++ {
		tr, _, err := Build(context.Background(), Inputs{Version: "3.99", Micro: "3.99.0", SourceTree: dir})
		if err != nil {
			t.Fatal(err)
		}
		data, err := tr.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = data
		} else if !bytes.Equal(first, data) {
			t.Fatal("two builds of the same tree differ")
		}
	}
}
