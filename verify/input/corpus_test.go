package input

import (
	"os"
	"path/filepath"
	"testing"
)

const corpusDir = "/work/shared/corpus/reports"

// TestCorpusBatch reads the shared dev corpus's JSON Lines batch.
func TestCorpusBatch(t *testing.T) {
	path := filepath.Join(corpusDir, "batch.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	items := walkAll(t, []string{path}, Options{})
	if len(items) != 8 {
		t.Fatalf("got %d items, want 8", len(items))
	}
	for i, it := range items {
		if it.Err != "" {
			t.Errorf("item %d: %s", i, it.Err)
			continue
		}
		if it.Line != i+1 || it.ID == "" || it.Title == "" || it.Source != path {
			t.Errorf("item %d: source %q line %d id %q title %q", i, it.Source, it.Line, it.ID, it.Title)
		}
	}
}

// TestCorpusFolder reads the whole dev corpus folder: every Markdown report
// and the batch, and not the manifest of labels beside them.
func TestCorpusFolder(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	md, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	items := walkAll(t, []string{corpusDir}, Options{})
	if want := len(md) + 8; len(items) != want {
		t.Errorf("got %d items, want %d", len(items), want)
	}
	for _, it := range items {
		if it.Err != "" {
			t.Errorf("%s", it.Err)
		}
	}
}
