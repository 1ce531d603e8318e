package input

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// lineSource makes n JSON Lines of the same length on demand, so that a
// batch larger than any bound the test sets never exists in memory, and
// counts how much of it has been read.
type lineSource struct {
	n, next int
	pending []byte
	read    int64
}

// lineLen is the length of every line lineSource makes, newline included.
const lineLen = 400

func (s *lineSource) line(i int) []byte {
	head := fmt.Sprintf(`{"id": "r%07d", "title": "report %d", "body": "`, i, i)
	tail := "\"}\n"
	return []byte(head + strings.Repeat("x", lineLen-len(head)-len(tail)) + tail)
}

func (s *lineSource) Read(p []byte) (int, error) {
	if len(s.pending) == 0 {
		if s.next == s.n {
			return 0, io.EOF
		}
		s.pending = s.line(s.next)
		s.next++
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	s.read += int64(n)
	return n, nil
}

// TestJSONLinesStream shows that a JSON Lines batch is streamed: each
// report is yielded when little more than its own line has been read, and
// the live heap stays far below the batch's size.
func TestJSONLinesStream(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	src := &lineSource{n: n}
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	var peak uint64
	count := 0
	err := Walk(context.Background(), []string{"-"}, Options{Stdin: src}, func(it Item) error {
		if it.Err != nil {
			t.Fatalf("item %d: %v", count, it.Err)
		}
		count++
		if it.Report.Line != count || it.Report.ID != fmt.Sprintf("r%07d", count-1) {
			t.Fatalf("item %d: line %d id %q", count, it.Report.Line, it.Report.ID)
		}
		// The reader may run ahead of the yielded line by one buffer.
		if ahead := src.read - int64(count*lineLen); ahead > bufSize+lineLen {
			t.Fatalf("after %d reports, %d bytes were read past them", count, ahead)
		}
		if count%(n/5) == 0 {
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("got %d reports, want %d", count, n)
	}
	grown := int64(peak) - int64(base.HeapAlloc)
	t.Logf("%d reports, %d MB read, live heap grew by at most %d KB", n, src.read>>20, grown>>10)
	if limit := int64(4 << 20); grown > limit {
		t.Errorf("live heap grew by %d bytes while reading %d bytes; want under %d", grown, src.read, limit)
	}
}

func BenchmarkJSONLines(b *testing.B) {
	const n = 10_000
	b.SetBytes(n * lineLen)
	b.ReportAllocs()
	for b.Loop() {
		err := Walk(context.Background(), []string{"-"}, Options{Stdin: &lineSource{n: n}}, func(Item) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}
