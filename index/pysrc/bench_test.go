package pysrc

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// realLib returns the 3.13 Lib directory of the pyrefcheck cache.
func realLib(tb testing.TB) string {
	tb.Helper()
	cache := os.Getenv("PYREFCHECK_CACHE")
	if cache == "" {
		cache = "/var/cache/pyrefcheck"
	}
	dir := filepath.Join(cache, "src", "3.13", "Lib")
	if _, err := os.Stat(filepath.Join(dir, "os.py")); err != nil {
		tb.Skipf("no CPython 3.13 Lib at %s", dir)
	}
	return dir
}

// cpuTime is the process's user+system CPU time. The benchmarks report
// it per operation (cpu-s/op) besides wall time, because on a shared
// machine wall time mostly measures the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchLib(b *testing.B, run func(dir string) error) {
	dir := realLib(b)
	start := cpuTime()
	n := 0
	for b.Loop() {
		if err := run(dir); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric((cpuTime()-start).Seconds()/float64(n), "cpu-s/op")
}

func BenchmarkIndex(b *testing.B) {
	benchLib(b, func(dir string) error {
		_, err := Index(snapshot.NewTree("3.13", ""), dir, Options{})
		return err
	})
}

func BenchmarkParseOnly(b *testing.B) {
	benchLib(b, func(dir string) error {
		_, err := ParseOnly(dir, Options{})
		return err
	})
}
