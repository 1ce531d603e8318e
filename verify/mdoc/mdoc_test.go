package mdoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// blockSummary is what the table tests compare for a block.
type blockSummary struct {
	Kind      BlockKind
	Lang      string
	Line, Col int
	InDetails bool
	Diff      bool
	Content   string
}

func summarize(d *Document) []blockSummary {
	var out []blockSummary
	for _, b := range d.Blocks {
		out = append(out, blockSummary{b.Kind, b.Lang, b.Line, b.Column, b.InDetails, b.Diff, b.Content})
	}
	return out
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []blockSummary
	}{
		{
			name: "fenced with language",
			in:   "Intro line.\n\n```Python title\nimport os\nos.getcwd()\n```\n",
			want: []blockSummary{{Fenced, "python", 4, 1, false, false, "import os\nos.getcwd()\n"}},
		},
		{
			name: "fence right after details tags is still code",
			in:   "Text.\n<details><summary>Script</summary>\n```python\nx = 1\n```\n</details>\n",
			want: []blockSummary{{Fenced, "python", 4, 1, true, false, "x = 1\n"}},
		},
		{
			name: "details tags inside a fence do not count",
			in:   "```html\n<details>\n```\n\n```py\ny = 2\n```\n",
			want: []blockSummary{
				{Fenced, "html", 2, 1, false, false, "<details>\n"},
				{Fenced, "py", 6, 1, false, false, "y = 2\n"},
			},
		},
		{
			name: "indented block",
			in:   "Para.\n\n    a = 1\n    b = 2\n\nMore.\n",
			want: []blockSummary{{Indented, "", 3, 5, false, false, "a = 1\nb = 2\n"}},
		},
		{
			name: "fenced inside a list item keeps its column",
			in:   "- step:\n\n  ```python\n  z = 3\n  ```\n",
			want: []blockSummary{{Fenced, "python", 4, 3, false, false, "z = 3\n"}},
		},
		{
			name: "diff by language",
			in:   "```diff\n-a\n+b\n```\n",
			want: []blockSummary{{Fenced, "diff", 2, 1, false, true, "-a\n+b\n"}},
		},
		{
			name: "diff by shape",
			in:   "```\n--- a/Lib/x.py\n+++ b/Lib/x.py\n@@ -1,2 +1,2 @@ def f():\n-    pass\n+    return\n```\n",
			want: []blockSummary{{Fenced, "", 2, 1, false, true, "--- a/Lib/x.py\n+++ b/Lib/x.py\n@@ -1,2 +1,2 @@ def f():\n-    pass\n+    return\n"}},
		},
		{
			name: "pycon session",
			in:   "```pycon\n>>> import json\n>>> json.loads('[1]')\n[1]\n>>> for i in range(2):\n...     print(i)\n...\n0\n1\n```\n",
			want: []blockSummary{
				{Fenced, "pycon", 2, 1, false, false, ">>> import json\n>>> json.loads('[1]')\n[1]\n>>> for i in range(2):\n...     print(i)\n...\n0\n1\n"},
				{Session, "python", 2, 5, false, false, "import json\njson.loads('[1]')\nfor i in range(2):\n    print(i)\n\n"},
			},
		},
		{
			name: "session in prose",
			in:   "Try this:\n\n>>> import re\n>>> re.compile('a')\nre.compile('a')\n\nDone.\n",
			want: []blockSummary{{Session, "python", 3, 5, false, false, "import re\nre.compile('a')\n"}},
		},
		{
			name: "python -c in a shell block",
			in:   "```sh\n$ python3.12 -I -c 'import sys; print(sys.path)'\n```\n",
			want: []blockSummary{
				{Fenced, "sh", 2, 1, false, false, "$ python3.12 -I -c 'import sys; print(sys.path)'\n"},
				{Command, "python", 2, 21, false, false, "import sys; print(sys.path)"},
			},
		},
		{
			name: "python -c in prose with double quotes and escapes",
			in:   "Run `python -c \"print(\\\"hi\\\")\"` to see it.\n",
			want: []blockSummary{{Command, "python", 1, 17, false, false, "print(\"hi\")"}},
		},
		{
			name: "python -m is not a command",
			in:   "Run `python -m http.server` now.\n",
			want: nil,
		},
		{
			name: "heredoc",
			in:   "```bash\npython3 - <<'EOF'\nimport os\nprint(os.sep)\nEOF\n```\n",
			want: []blockSummary{
				{Fenced, "bash", 2, 1, false, false, "python3 - <<'EOF'\nimport os\nprint(os.sep)\nEOF\n"},
				{Heredoc, "python", 3, 1, false, false, "import os\nprint(os.sep)\n"},
			},
		},
		{
			name: "unclosed fence runs to the end",
			in:   "```python\nq = 1\n",
			want: []blockSummary{{Fenced, "python", 2, 1, false, false, "q = 1\n"}},
		},
		{
			name: "crlf line endings",
			in:   "Hi.\r\n\r\n```python\r\nw = 1\r\n```\r\n",
			want: []blockSummary{{Fenced, "python", 4, 1, false, false, "w = 1\r\n"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(Parse(tt.in))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d blocks %+v, want %d %+v", len(got), got, len(tt.want), tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("block %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParentIndex(t *testing.T) {
	d := Parse("```python\na = 1\n```\n\n```console\n$ python -c 'b = 2'\n```\n")
	if len(d.Blocks) != 3 {
		t.Fatalf("got %d blocks", len(d.Blocks))
	}
	if d.Blocks[2].Kind != Command || d.Blocks[2].Parent != 1 {
		t.Errorf("command block = %+v, want parent 1", d.Blocks[2])
	}
}

func TestInlineAndProse(t *testing.T) {
	in := "# Título `x`\n\nThe café calls `tarfile.open()` and\nthen `os.path.join`.\n"
	d := Parse(in)
	type pos struct {
		Text      string
		Line, Col int
	}
	var got []pos
	for _, s := range d.Inline {
		got = append(got, pos{s.Text, s.Line, s.Column})
	}
	want := []pos{{"x", 1, 11}, {"tarfile.open()", 3, 17}, {"os.path.join", 4, 7}}
	if len(got) != len(want) {
		t.Fatalf("inline = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("inline %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// a word found in prose maps back to its real position
	var para *Span
	for i := range d.Prose {
		if d.Prose[i].Kind == Paragraph {
			para = &d.Prose[i]
		}
	}
	if para == nil {
		t.Fatal("no paragraph")
	}
	i := strings.Index(para.Text, "then")
	if l, c := para.Pos(i); l != 4 || c != 1 {
		t.Errorf("'then' at %d:%d, want 4:1", l, c)
	}
	i = strings.Index(para.Text, "calls")
	if l, c := para.Pos(i); l != 3 || c != 10 {
		t.Errorf("'calls' at %d:%d, want 3:10", l, c)
	}
	if len(d.Headings) != 1 || d.Headings[0].Level != 1 || d.Headings[0].Line != 1 {
		t.Errorf("headings = %+v", d.Headings)
	}
}

func TestHeadingsTablesDetails(t *testing.T) {
	in := strings.Join([]string{
		"Title here",             // 1
		"==========",             // 2
		"",                       // 3
		"## Impact",              // 4
		"",                       // 5
		"| a | b |",              // 6
		"|---|---|",              // 7
		"| 1 | 2 |",              // 8
		"",                       // 9
		"<details>",              // 10
		"<summary>PoC</summary>", // 11
		"",                       // 12
		"```python",              // 13
		"print(1)",               // 14
		"```",                    // 15
		"</details>",             // 16
		"",                       // 17
		"<details open>",         // 18
		"trailing",               // 19
	}, "\n")
	d := Parse(in)
	if len(d.Headings) != 2 || d.Headings[0].Level != 1 || d.Headings[0].Line != 1 || d.Headings[1].Level != 2 || d.Headings[1].Line != 4 {
		t.Errorf("headings = %+v", d.Headings)
	}
	if d.Tables != 1 || len(d.TableLines) != 1 || d.TableLines[0] != 6 {
		t.Errorf("tables = %d %v", d.Tables, d.TableLines)
	}
	want := []LineRange{{10, 16}, {18, 19}}
	if len(d.Details) != 2 || d.Details[0] != want[0] || d.Details[1] != want[1] {
		t.Errorf("details = %v, want %v", d.Details, want)
	}
	if len(d.Blocks) != 1 || !d.Blocks[0].InDetails || d.Blocks[0].Line != 14 {
		t.Errorf("blocks = %+v", summarize(d))
	}
	if !d.InCode(13) || !d.InCode(15) || d.InCode(16) {
		t.Errorf("code lines = %v", d.CodeLines)
	}
}

// checkInvariants verifies that every position Parse reports is inside
// the text; the fuzz target and the odd-input test share it.
func checkInvariants(t *testing.T, in string, d *Document) {
	t.Helper()
	lines := strings.Count(in, "\n") + 1
	ok := func(what string, l, c int) {
		if l < 1 || l > lines || c < 1 {
			t.Fatalf("%s at %d:%d outside the text (%d lines)", what, l, c, lines)
		}
	}
	for _, b := range d.Blocks {
		ok("block", b.Line, max(b.Column, 1))
		for i := 0; i < len(b.Content); i += 7 {
			l, c := b.Pos(i)
			ok("block byte", l, c)
		}
		if b.Parent >= len(d.Blocks) {
			t.Fatalf("parent %d out of range", b.Parent)
		}
	}
	for _, s := range append(append([]Span(nil), d.Inline...), d.Prose...) {
		for i := 0; i <= len(s.Text); i += 5 {
			l, c := s.Pos(i)
			ok("span byte", l, c)
		}
	}
	for _, r := range d.Details {
		ok("details", r.Start, 1)
		ok("details end", r.End, 1)
	}
}

func TestOddInputs(t *testing.T) {
	for _, in := range []string{
		"", "\n", "```", "~~~~\n", "\xff\xfe`\xff`", "<details>", "</details></details>",
		">>>", ">>> ", "...", "python -c", "python -c '", "python -c \"\\", "python3 - <<", "```sh\npython - <<'E\n```",
		"| a |\n|-|\n", "#", "#\n#", "    ", "\t\tcode", strings.Repeat(">", 500), "`" + strings.Repeat("\n", 3) + "`",
		"<details><summary>x\n```py\n" + string([]byte{0xc3}) + "\n```",
	} {
		d := Parse(in)
		checkInvariants(t, in, d)
	}
}

func TestRuneColumns(t *testing.T) {
	d := Parse("äöü `x` \xff `y`\n")
	if len(d.Inline) != 2 || d.Inline[0].Column != 6 || d.Inline[1].Column != 12 {
		t.Errorf("inline = %+v", d.Inline)
	}
	if !utf8.ValidString(d.Inline[0].Text) {
		t.Error("text mangled")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"# T\n\nText `code` here.\n\n```python\nimport os\n```\n",
		"<details>\n<summary>PoC</summary>\n\n```py\nx\n```\n</details>\n",
		">>> a = 1\n... b\nout\n",
		"```sh\npython3 -X dev -c \"print('x')\"\npython - <<EOF\ny\nEOF\n```\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"```diff\n--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n```\n",
		"\xff\xfe\x00`\x80`",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d := Parse(in)
		checkInvariants(t, in, d)
	})
}

// benchReport is a typical 3 KB report: a title, prose, a PoC and a patch.
var benchReport = func() string {
	var b strings.Builder
	b.WriteString("# tarfile: extraction filter bypass with crafted links\n\n")
	for i := 0; i < 6; i++ {
		b.WriteString("The `tarfile.TarFile.extractall()` method with `filter='data'` follows a symlink that points\n" +
			"outside the destination when the member name contains `..` segments after normalisation.\n\n")
	}
	b.WriteString("Tested on: Python 3.12.4, 3.13.0\n\n<details><summary>PoC</summary>\n\n```python\n")
	for i := 0; i < 30; i++ {
		b.WriteString("info = tarfile.TarInfo(name='a/../../x')  # build a member\n")
	}
	b.WriteString("```\n</details>\n\n```diff\n--- a/Lib/tarfile.py\n+++ b/Lib/tarfile.py\n@@ -1,3 +1,3 @@ def data_filter(member, dest_path):\n-    x\n+    y\n```\n")
	return b.String()
}()

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(benchReport)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(benchReport)
	}
}
