package verify

import (
	"runtime"

	"github.com/sourcegraph/conc/stream"

	"github.com/pyrefcheck/pyrefcheck/verify/extract"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// Batch checks reports concurrently and hands results to a callback in
// the order the reports were submitted, whatever the concurrency: output
// is identical with one worker or many. Memory stays bounded because at
// most a few reports per worker are in flight.
type Batch struct {
	checker    *Checker
	stream     *stream.Stream
	extractors chan *extract.Extractor
	all        []*extract.Extractor
}

// NewBatch starts a batch with n workers (0: GOMAXPROCS).
func (c *Checker) NewBatch(n int) *Batch {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	b := &Batch{checker: c, stream: stream.New().WithMaxGoroutines(n), extractors: make(chan *extract.Extractor, n)}
	for i := 0; i < n; i++ {
		ex := c.NewExtractor()
		b.all = append(b.all, ex)
		b.extractors <- ex
	}
	return b
}

// Submit queues a report; done is called with its result, in order. A
// report that could not be read is passed as readErr and yields a Result
// carrying the error.
func (b *Batch) Submit(r report.Report, readErr error, done func(*report.Result)) {
	b.stream.Go(func() stream.Callback {
		if readErr != nil {
			res := &report.Result{Source: r.Source, ClaimedVersions: []string{}, CheckedVersions: []string{},
				References: []report.Reference{}, Findings: []report.Finding{}, Error: readErr.Error()}
			return func() { done(res) }
		}
		ex := <-b.extractors
		res := b.checker.Check(ex, &r)
		b.extractors <- ex
		return func() { done(res) }
	})
}

// Wait waits for every submitted report and frees the workers' parsers.
func (b *Batch) Wait() {
	b.stream.Wait()
	for _, ex := range b.all {
		ex.Close()
	}
}
