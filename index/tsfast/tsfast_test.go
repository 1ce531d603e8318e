package tsfast_test

import (
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"

	"github.com/pyrefcheck/pyrefcheck/index/tsfast"
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

func TestParseMatchesBinding(t *testing.T) {
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(tspython.Language())); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		"",
		"import os\nprint(os.path.join('a', 'b'))\n",
		"class A(B):\n    def f(self, *, x=1):\n        return t'{x}'\n",
		"def broken(:\n  pass\nx = [1, 2\n",
		"\xff\xfe invalid utf-8 \x00 nul",
	} {
		want := p.Parse([]byte(src), nil)
		got := tsfast.Parse(p, []byte(src))
		if got.RootNode().ToSexp() != want.RootNode().ToSexp() {
			t.Errorf("Parse(%q):\n got %s\nwant %s", src, got.RootNode().ToSexp(), want.RootNode().ToSexp())
		}
		got.Close()
		want.Close()
	}
}

func BenchmarkParseString(b *testing.B) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(sitter.NewLanguage(tspython.Language()))
	src := []byte(strings.Repeat("import tarfile\nwith tarfile.open('x.tar') as tf:\n    tf.extractall('/tmp', filter='data')\n", 8))
	b.Run("binding", func(b *testing.B) {
		for b.Loop() {
			p.Parse(src, nil).Close()
		}
	})
	b.Run("in-place", func(b *testing.B) {
		for b.Loop() {
			tsfast.Parse(p, src).Close()
		}
	})
}
