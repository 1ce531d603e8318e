package tsalloc_test

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"

	_ "github.com/pyrefcheck/pyrefcheck/index/tsalloc"
)

// Parsing, walking and freeing trees must work with libc's allocator.
func TestParseWithLibcAllocator(t *testing.T) {
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(tspython.Language())); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		tree := p.Parse([]byte("import os\nprint(os.path.join('a', 'b'))\n"), nil)
		root := tree.RootNode()
		if root.Kind() != "module" || root.NamedChildCount() != 2 {
			t.Fatalf("parse: %s", root.ToSexp())
		}
		c := root.Walk()
		c.GotoFirstChild()
		c.Close()
		tree.Close()
	}
}

func BenchmarkParse(b *testing.B) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(sitter.NewLanguage(tspython.Language()))
	src := []byte("import tarfile\nwith tarfile.open('x.tar') as tf:\n    tf.extractall('/tmp', filter='data')\n")
	for b.Loop() {
		p.Parse(src, nil).Close()
	}
}
