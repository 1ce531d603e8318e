package input

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// got is an Item flattened for comparison.
type got struct {
	Source, ID, Title, Text, Date string
	Line                          int
	Kind                          report.TextKind
	Err                           string
}

func flatten(it Item) got {
	r := it.Report
	g := got{Source: r.Source, ID: r.ID, Title: r.Title, Text: r.Text, Date: r.Date, Line: r.Line, Kind: r.Kind}
	if it.Err != nil {
		g = got{Source: r.Source, Line: r.Line, Err: it.Err.Error()}
	}
	return g
}

// walkAll runs Walk and returns every item, checking the invariants every
// item must keep whatever the input.
func walkAll(t testing.TB, paths []string, opts Options) []got {
	t.Helper()
	var out []got
	err := Walk(context.Background(), paths, opts, func(it Item) error {
		checkItem(t, it)
		out = append(out, flatten(it))
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return out
}

func checkItem(t testing.TB, it Item) {
	t.Helper()
	if it.Err != nil {
		var e *Error
		if !errors.As(it.Err, &e) {
			t.Errorf("item error %v (%T) is not an *Error", it.Err, it.Err)
		}
		return
	}
	r := it.Report
	for name, s := range map[string]string{"Text": r.Text, "Title": r.Title, "ID": r.ID} {
		if !utf8.ValidString(s) {
			t.Errorf("%s of %s is not valid UTF-8: %q", name, r.Source, s)
		}
	}
	if r.Line < 1 {
		t.Errorf("%s: Line = %d, want >= 1", r.Source, r.Line)
	}
	if strings.TrimSpace(r.Text) == "" {
		t.Errorf("%s:%d: empty text yielded", r.Source, r.Line)
	}
}

// writeFiles writes name -> content under dir, making folders as needed.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWholeFileFormats(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []got
	}{
		{"markdown", "r.md", "# Title\n\nText with `tarfile`.\n", []got{
			{Source: "r.md", Text: "# Title\n\nText with `tarfile`.\n", Line: 1, Kind: report.Markdown}}},
		{"markdown long extension", "r.markdown", "hello\n", []got{
			{Source: "r.markdown", Text: "hello\n", Line: 1}}},
		{"plain text, CRLF", "r.txt", "line one\r\nline two\r\n", []got{
			{Source: "r.txt", Text: "line one\nline two\n", Line: 1}}},
		{"upper-case extension", "R.MD", "shout\n", []got{
			{Source: "R.MD", Text: "shout\n", Line: 1}}},
		{"no extension, named", "README", "plain words\n", []got{
			{Source: "README", Text: "plain words\n", Line: 1}}},
		{"unknown extension, named", "notes.rst", "some notes\n", []got{
			{Source: "notes.rst", Text: "some notes\n", Line: 1}}},
		{"python", "poc.py", "import zipfile\nzipfile.Path('a.zip')\n", []got{
			{Source: "poc.py", Text: "import zipfile\nzipfile.Path('a.zip')\n", Line: 1, Kind: report.Python}}},
		{"diff", "fix.diff", "--- a/Lib/x.py\n+++ b/Lib/x.py\n", []got{
			{Source: "fix.diff", Text: "--- a/Lib/x.py\n+++ b/Lib/x.py\n", Line: 1, Kind: report.Diff}}},
		{"patch", "fix.patch", "diff --git a/x b/x\n", []got{
			{Source: "fix.patch", Text: "diff --git a/x b/x\n", Line: 1, Kind: report.Diff}}},
		{"utf-8 BOM dropped", "bom.md", "\xEF\xBB\xBFcafé\n", []got{
			{Source: "bom.md", Text: "café\n", Line: 1}}},
		{"utf-16le with BOM", "u16.md", utf16le("naïve 🐍\r\nok\r\n"), []got{
			{Source: "u16.md", Text: "naïve 🐍\nok\n", Line: 1}}},
		{"utf-16be with BOM", "u16be.txt", utf16be("big end\n"), []got{
			{Source: "u16be.txt", Text: "big end\n", Line: 1}}},
		{"invalid utf-8 replaced", "bad.md", "ok \xff\xfe here\n", []got{
			{Source: "bad.md", Text: "ok \uFFFD here\n", Line: 1}}},
		{"latin-1 text is still text", "l1.txt", "caf\xe9 cr\xe8me \xe0 la mode\n", []got{
			{Source: "l1.txt", Text: "caf\uFFFD cr\uFFFDme \uFFFD la mode\n", Line: 1}}},
		{"terminal colours are text", "log.txt", "\x1b[31mred\x1b[0m\n", []got{
			{Source: "log.txt", Text: "\x1b[31mred\x1b[0m\n", Line: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tt.file: tt.content})
			t.Chdir(dir)
			if diff := cmp.Diff(tt.want, walkAll(t, []string{tt.file}, Options{})); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

func utf16le(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func utf16be(s string) string {
	b := []byte{0xFE, 0xFF}
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return string(b)
}

func TestErrors(t *testing.T) {
	big := strings.Repeat("a", 2000)
	tests := []struct {
		name, file, content string
		want                []got
	}{
		{"binary: NUL byte", "img.md", "PNG\x00\x01\x02", []got{
			{Source: "img.md", Err: "img.md: binary file skipped"}}},
		{"binary: mostly control bytes", "junk.txt", strings.Repeat("\x01\x02\x03\x04x", 100), []got{
			{Source: "junk.txt", Err: "junk.txt: binary file skipped"}}},
		{"oversize file", "big.md", big, []got{
			{Source: "big.md", Err: "big.md: report is 2000 bytes, over the 1000-byte limit"}}},
		{"empty file", "empty.md", " \n\n", []got{
			{Source: "empty.md", Err: "empty.md: empty report skipped"}}},
		{"bad JSON Lines line in the middle", "b.jsonl",
			`{"id": "a", "body": "first"}` + "\n" + `{"id": "b", "body": ` + "\n" + `{"id": "c", "body": "third"}` + "\n",
			[]got{
				{Source: "b.jsonl", ID: "a", Text: "first", Line: 1},
				{Source: "b.jsonl", Line: 2, Err: "b.jsonl:2: invalid JSON: unexpected end of JSON input"},
				{Source: "b.jsonl", ID: "c", Text: "third", Line: 3},
			}},
		{"missing body", "m.jsonl", `{"id": "x", "title": "no text here"}` + "\n", []got{
			{Source: "m.jsonl", Line: 1, Err: "m.jsonl:1: no body field (body, text, content, description or details)"}}},
		{"body of the wrong type", "t.jsonl", `{"body": ["a", "b"]}` + "\n", []got{
			{Source: "t.jsonl", Line: 1, Err: `t.jsonl:1: field "body" is not a string`}}},
		{"empty body", "e.jsonl", `{"body": "  "}` + "\n", []got{
			{Source: "e.jsonl", Line: 1, Err: `e.jsonl:1: field "body" is empty`}}},
		{"not an object", "n.jsonl", "[1, 2]\n42\n", []got{
			{Source: "n.jsonl", Line: 1, Err: "n.jsonl:1: expected a JSON object, found an array"},
			{Source: "n.jsonl", Line: 2, Err: "n.jsonl:2: expected a JSON object, found a number"}}},
		{"oversize JSON Lines body", "o.jsonl", `{"body": "` + big + `"}` + "\n" + `{"body": "small"}`, []got{
			{Source: "o.jsonl", Line: 1, Err: "o.jsonl:1: report is 2000 bytes, over the 1000-byte limit"},
			{Source: "o.jsonl", Text: "small", Line: 2}}},
		{"oversize JSON Lines line", "l.jsonl", `{"body": "` + strings.Repeat(big, 40) + `"}` + "\n" + `{"body": "after"}` + "\n", []got{
			{Source: "l.jsonl", Line: 1, Err: "l.jsonl:1: report is over the 1000-byte limit"},
			{Source: "l.jsonl", Text: "after", Line: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tt.file: tt.content})
			t.Chdir(dir)
			if diff := cmp.Diff(tt.want, walkAll(t, []string{tt.file}, Options{MaxSize: 1000})); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorIs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":    strings.Repeat("x", 50),
		"b.md":    "\x00",
		"c.jsonl": `{"id": 1}`,
	})
	var errs []error
	Walk(context.Background(), []string{dir}, Options{MaxSize: 10}, func(it Item) error {
		errs = append(errs, it.Err)
		return nil
	})
	for i, target := range []error{ErrTooLarge, ErrBinary, ErrNoBody} {
		if i >= len(errs) || !errors.Is(errs[i], target) {
			t.Errorf("error %d = %v, want one that is %v", i, errs, target)
		}
	}
}

func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ok.md": "fine\n", "secret.md": "hidden\n"})
	if err := os.Symlink(filepath.Join(dir, "gone.md"), filepath.Join(dir, "dangling.md")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	want := []got{
		{Source: "missing.md", Err: "missing.md: no such file or directory"},
		{Source: "dangling.md", Err: "dangling.md: no such file or directory"},
		{Source: "ok.md", Text: "fine\n", Line: 1},
		{Source: "secret.md", Text: "hidden\n", Line: 1},
	}
	if os.Geteuid() != 0 {
		// root reads anything, so only a non-root run can see this one.
		if err := os.Chmod("secret.md", 0); err != nil {
			t.Fatal(err)
		}
		want[3] = got{Source: "secret.md", Err: "secret.md: permission denied"}
	}
	items := walkAll(t, []string{"missing.md", "dangling.md", "ok.md", "secret.md"}, Options{})
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	// Inside a folder, the dangling link is reported and the rest read.
	items = walkAll(t, []string{"."}, Options{})
	if len(items) != 3 || items[0].Err != "dangling.md: no such file or directory" {
		t.Errorf("walking the folder: %+v", items)
	}
}

func TestReadErrorMidStream(t *testing.T) {
	r := io.MultiReader(strings.NewReader(`{"body": "one"}`+"\n"), iotest.ErrReader(errors.New("disk on fire")))
	items := walkAll(t, []string{"-"}, Options{Stdin: r, StdinName: "<stdin>"})
	want := []got{
		{Source: "<stdin>", Text: "one", Line: 1},
		{Source: "<stdin>", Line: 2, Err: "<stdin>:2: disk on fire"},
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// layout is a folder used by the order, exclude and skip tests.
var layout = map[string]string{
	"b.md":                "b\n",
	"a.md":                "a\n",
	"a/z.txt":             "a/z\n",
	"a/deep/y.py":         "print('y')\n",
	"c.patch":             "--- x\n+++ x\n",
	"drafts/d1.md":        "draft\n",
	"drafts/sub/d2.md":    "draft 2\n",
	".git/config.md":      "hidden folder\n",
	".hidden.md":          "hidden file\n",
	"Makefile":            "all:\n",
	"notes.rst":           "unknown extension\n",
	"image.png":           "\x89PNG\x00",
	"x.scratch.md":        "scratch\n",
	"batch/reports.jsonl": `{"id": 7, "body": "from a batch"}` + "\n",
}

func sources(items []got) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Source)
	}
	return out
}

func TestFolderOrderAndSkips(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, layout)
	t.Chdir(dir)
	want := []string{
		filepath.FromSlash("a/deep/y.py"),
		filepath.FromSlash("a/z.txt"),
		"a.md",
		"b.md",
		filepath.FromSlash("batch/reports.jsonl"),
		"c.patch",
		filepath.FromSlash("drafts/d1.md"),
		filepath.FromSlash("drafts/sub/d2.md"),
		"x.scratch.md",
	}
	first := sources(walkAll(t, []string{"."}, Options{}))
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	for i := 0; i < 3; i++ {
		if again := sources(walkAll(t, []string{"."}, Options{})); !cmp.Equal(first, again) {
			t.Fatalf("run %d gave another order: %v", i, again)
		}
	}
}

func TestPathsInGivenOrder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, layout)
	t.Chdir(dir)
	items := walkAll(t, []string{"b.md", "a", "a.md", "b.md", filepath.Join("a", "z.txt")}, Options{})
	want := []string{"b.md", filepath.FromSlash("a/deep/y.py"), filepath.FromSlash("a/z.txt"), "a.md"}
	if diff := cmp.Diff(want, sources(items)); diff != "" {
		t.Errorf("order (-want +got), a path reached twice is read once:\n%s", diff)
	}
}

func TestExclude(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, layout)
	t.Chdir(dir)
	tests := []struct {
		patterns []string
		paths    []string
		want     []string
	}{
		{[]string{"drafts/**"}, []string{"."}, []string{"a/deep/y.py", "a/z.txt", "a.md", "b.md", "batch/reports.jsonl", "c.patch", "x.scratch.md"}},
		{[]string{"*.scratch.md", "*.py"}, []string{"a", "x.scratch.md"}, []string{"a/z.txt"}},
		{[]string{"a/**", "**/sub/**"}, []string{"a", "drafts"}, []string{"drafts/d1.md"}},
		// Patterns also match the path as given, not only inside folders.
		{[]string{"drafts/**"}, []string{"drafts/d1.md", "b.md"}, []string{"b.md"}},
		{[]string{"drafts"}, []string{"."}, []string{"a/deep/y.py", "a/z.txt", "a.md", "b.md", "batch/reports.jsonl", "c.patch", "x.scratch.md"}},
		{[]string{"**/*.md"}, []string{"drafts", "a"}, []string{"a/deep/y.py", "a/z.txt"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, ","), func(t *testing.T) {
			var want []string
			for _, w := range tt.want {
				want = append(want, filepath.FromSlash(w))
			}
			got := sources(walkAll(t, tt.paths, Options{Exclude: tt.patterns}))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestBadExcludePattern(t *testing.T) {
	called := false
	err := Walk(context.Background(), []string{"."}, Options{Exclude: []string{"[unclosed"}}, func(Item) error {
		called = true
		return nil
	})
	if err == nil || called {
		t.Errorf("Walk = %v, yield called %v; want an error before any item", err, called)
	}
}

func TestStdinSniffing(t *testing.T) {
	mail := "From: a@example.org\nSubject: tarfile bug\nMessage-ID: <m1@example.org>\n\nThe body.\n"
	tests := []struct {
		name, in string
		want     []got
	}{
		{"json lines", "\n  " + `{"id": "s1", "body": "one"}` + "\n" + `{"id": "s2", "body": "two"}` + "\n", []got{
			{Source: "-", ID: "s1", Text: "one", Line: 2},
			{Source: "-", ID: "s2", Text: "two", Line: 3}}},
		{"json array", "[\n  {\"body\": \"x\"},\n  {\"body\": \"y\"}\n]\n", []got{
			{Source: "-", Text: "x", Line: 2},
			{Source: "-", Text: "y", Line: 3}}},
		{"one json object over lines", "{\n  \"title\": \"T\",\n  \"body\": \"b\"\n}\n", []got{
			{Source: "-", Title: "T", Text: "b", Line: 1}}},
		{"mbox", "From a@example.org Mon Jan  1 00:00:00 2024\n" + mail, []got{
			{Source: "-", ID: "m1@example.org", Title: "tarfile bug", Text: "The body.\n", Line: 6}}},
		{"email", mail, []got{
			{Source: "-", ID: "m1@example.org", Title: "tarfile bug", Text: "The body.\n", Line: 5}}},
		{"patch", "--- a/Lib/tarfile.py\n+++ b/Lib/tarfile.py\n@@ -1 +1 @@\n", []got{
			{Source: "-", Text: "--- a/Lib/tarfile.py\n+++ b/Lib/tarfile.py\n@@ -1 +1 @@\n", Line: 1, Kind: report.Diff}}},
		{"markdown", "# A report\n\nText.\n", []got{
			{Source: "-", Text: "# A report\n\nText.\n", Line: 1}}},
		{"markdown starting with a link", "[CVE-2024-0001](https://example.org) is bad\n", []got{
			{Source: "-", Text: "[CVE-2024-0001](https://example.org) is bad\n", Line: 1}}},
		{"markdown starting with a brace", "{placeholder} text\n", []got{
			{Source: "-", Text: "{placeholder} text\n", Line: 1}}},
		{"front matter is not mail", "Title: a report\nDate: 2024-01-01\n\nBody\n", []got{
			{Source: "-", Text: "Title: a report\nDate: 2024-01-01\n\nBody\n", Line: 1}}},
		{"binary", "\x00\x01\x02", []got{
			{Source: "-", Err: "-: binary file skipped"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := walkAll(t, []string{"-"}, Options{Stdin: strings.NewReader(tt.in)})
			if diff := cmp.Diff(tt.want, items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStdinTwice(t *testing.T) {
	items := walkAll(t, []string{"-", "-"}, Options{Stdin: strings.NewReader("text\n")})
	want := []got{
		{Source: "-", Text: "text\n", Line: 1},
		{Source: "-", Err: "-: standard input named more than once"},
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestYieldErrorStops(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.md": "a\n", "b.md": "b\n", "c.jsonl": "{\"body\":\"1\"}\n{\"body\":\"2\"}\n"})
	stop := errors.New("enough")
	n := 0
	err := Walk(context.Background(), []string{dir}, Options{}, func(Item) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Walk = %v after %d items, want %v after 1", err, n, stop)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = Walk(ctx, []string{dir}, Options{}, func(Item) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("Walk = %v after %d items, want context.Canceled after 1", err, n)
	}
}

func TestNamedLinkToFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"real/a.md": "a\n", "real/loop/keep.md": "k\n"})
	t.Chdir(dir)
	if err := os.Symlink("real", "link"); err != nil {
		t.Fatal(err)
	}
	// A link inside the walked folder back to it must not loop.
	if err := os.Symlink("..", filepath.Join("real", "loop", "up")); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join("link", "a.md"), filepath.Join("link", "loop", "keep.md")}
	if diff := cmp.Diff(want, sources(walkAll(t, []string{"link"}, Options{}))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
