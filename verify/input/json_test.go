package input

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJSONLinesFields(t *testing.T) {
	tests := []struct {
		name, line string
		want       got
	}{
		{"corpus shape", `{"id": "r-1", "title": "A title", "body": "Body **text**."}`,
			got{ID: "r-1", Title: "A title", Text: "Body **text**."}},
		{"numeric id kept as written", `{"id": 12, "text": "t"}`, got{ID: "12", Text: "t"}},
		{"decimal id kept as written", `{"id": 1.50, "text": "t"}`, got{ID: "1.50", Text: "t"}},
		{"null id", `{"id": null, "content": "c"}`, got{Text: "c"}},
		{"odd id type ignored", `{"id": true, "content": "c"}`, got{Text: "c"}},
		{"osv advisory shape", `{"id": "PSF-1", "summary": "Short", "details": "Long text", "published": "2024-06-01T10:00:00Z"}`,
			got{ID: "PSF-1", Title: "Short", Text: "Long text", Date: "2024-06-01"}},
		{"body wins over later fields", `{"details": "d", "body": "b", "text": "t"}`, got{Text: "b"}},
		{"empty body falls through", `{"body": "", "description": "desc"}`, got{Text: "desc"}},
		{"null body falls through", `{"body": null, "description": "desc"}`, got{Text: "desc"}},
		{"keys ignore case", `{"ID": "up", "Title": "T", "Body": "B"}`, got{ID: "up", Title: "T", Text: "B"}},
		{"title falls back to summary", `{"title": " ", "summary": " S ", "body": "b"}`, got{Title: "S", Text: "b"}},
		{"bad date ignored", `{"date": "yesterday", "body": "b"}`, got{Text: "b"}},
		{"CRLF in body", `{"body": "a\r\nb"}`, got{Text: "a\nb"}},
		{"invalid UTF-8 in body", "{\"body\": \"bad \xff byte\"}", got{Text: "bad \uFFFD byte"}},
		{"unicode escapes", `{"body": "caf\u00e9 \ud83d\udc0d"}`, got{Text: "café 🐍"}},
		{"extra fields ignored", `{"body": "b", "labels": ["x"], "meta": {"k": 1}}`, got{Text: "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := walkAll(t, []string{"-"}, Options{Stdin: strings.NewReader(tt.line + "\n")})
			tt.want.Source, tt.want.Line = "-", 1
			if diff := cmp.Diff([]got{tt.want}, items); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONLinesLines(t *testing.T) {
	in := "\n" + `{"body": "on line 2"}` + "\r\n\r\n   \n" + `{"body": "on line 5"}` // no final newline
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"x.ndjson": in})
	t.Chdir(dir)
	want := []got{
		{Source: "x.ndjson", Text: "on line 2", Line: 2},
		{Source: "x.ndjson", Text: "on line 5", Line: 5},
	}
	if diff := cmp.Diff(want, walkAll(t, []string{"x.ndjson"}, Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestJSONFile(t *testing.T) {
	tests := []struct {
		name, content string
		want          []got
	}{
		{"array, one object per line", "[\n" +
			`  {"id": "a", "body": "first"},` + "\n" +
			`  {"id": "b", "body": "second"}` + "\n]\n",
			[]got{{ID: "a", Text: "first", Line: 2}, {ID: "b", Text: "second", Line: 3}}},
		{"array, pretty-printed objects", "[\n  {\n    \"body\": \"x\"\n  },\n\n  {\n    \"body\": \"y\\nz\"\n  }\n]",
			[]got{{Text: "x", Line: 2}, {Text: "y\nz", Line: 6}}},
		{"array on one line", `[{"body": "p"}, {"body": "q"}]`,
			[]got{{Text: "p", Line: 1}, {Text: "q", Line: 1}}},
		{"one object", "\n\n{\n  \"title\": \"T\",\n  \"body\": \"only\"\n}\n",
			[]got{{Title: "T", Text: "only", Line: 3}}},
		{"container", "{\n  \"generated\": \"today\",\n  \"reports\": [\n    {\"body\": \"r1\"},\n    {\"body\": \"r2\"}\n  ],\n  \"count\": 2\n}\n",
			[]got{{Text: "r1", Line: 4}, {Text: "r2", Line: 5}}},
		{"empty array", "[]", nil},
		{"several values in a row", `{"body": "v1"}` + "\n" + `[{"body": "v2"}]` + "\n" + `{"body": "v3"}`,
			[]got{{Text: "v1", Line: 1}, {Text: "v2", Line: 2}, {Text: "v3", Line: 3}}},
		{"bad element skipped", "[\n  {\"body\": \"ok\"},\n  \"a string\",\n  {\"title\": \"no body\"},\n  {\"body\": \"still read\"}\n]",
			[]got{
				{Text: "ok", Line: 2},
				{Line: 3, Err: "r.json:3: expected a JSON object, found a string"},
				{Line: 4, Err: "r.json:4: no body field (body, text, content, description or details)"},
				{Text: "still read", Line: 5},
			}},
		{"syntax error ends the file", "[\n  {\"body\": \"ok\"},\n  {\"body\": oops},\n  {\"body\": \"never\"}\n]",
			[]got{
				{Text: "ok", Line: 2},
				{Line: 3, Err: "r.json:3: invalid JSON: invalid character 'o' looking for beginning of value"},
			}},
		{"truncated", "[\n  {\"body\": \"ok\"},\n  {\"body\": \"cut",
			[]got{
				{Text: "ok", Line: 2},
				{Line: 3, Err: "r.json:3: invalid JSON: unexpected end of file"},
			}},
		{"top-level number", "42", []got{{Line: 1, Err: "r.json:1: expected a JSON object or array, found 42"}}},
		{"oversize body, rest read", "[\n{\"body\": \"" + strings.Repeat("b", 600) + "\"},\n{\"body\": \"small\"}\n]",
			[]got{
				{Line: 2, Err: "r.json:2: report is 600 bytes, over the 500-byte limit"},
				{Text: "small", Line: 3},
			}},
		{"object too large to hold ends the file", "[\n{\"body\": \"ok\"},\n{\"body\": \"" + strings.Repeat("b", 200<<10) + "\"},\n{\"body\": \"never\"}\n]",
			[]got{
				{Text: "ok", Line: 2},
				{Line: 3, Err: "r.json:3: report is over the 500-byte limit"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"r.json": tt.content})
			t.Chdir(dir)
			for i := range tt.want {
				tt.want[i].Source = "r.json"
			}
			if diff := cmp.Diff(tt.want, walkAll(t, []string{"r.json"}, Options{MaxSize: 500})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestJSONArrayManyLines checks line numbers far into a large array, past
// the points where the tracker drops what it has counted.
func TestJSONArrayManyLines(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[\n")
	const n = 5000
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`{"body": "report ` + strings.Repeat("z", i%300) + `"}`)
	}
	sb.WriteString("\n]\n")
	items := walkAll(t, []string{"-"}, Options{Stdin: strings.NewReader(sb.String())})
	if len(items) != n {
		t.Fatalf("got %d items, want %d", len(items), n)
	}
	for i, it := range items {
		if it.Line != i+2 || it.Err != "" {
			t.Fatalf("item %d: line %d err %q, want line %d", i, it.Line, it.Err, i+2)
		}
	}
}

func TestJSONInFolderThatIsNoBatch(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"manifest.json": `{"reports": [{"file": "a.md", "kind": "genuine"}, {"file": "b.md"}]}`,
		"config.json":   `{"version": 2}`,
		"list.json":     `[{"body": "a report"}, {"title": "then one without body"}]`,
	})
	t.Chdir(dir)
	want := []got{
		{Source: "list.json", Text: "a report", Line: 1},
		{Source: "list.json", Line: 1, Err: "list.json:1: no body field (body, text, content, description or details)"},
	}
	if diff := cmp.Diff(want, walkAll(t, []string{"."}, Options{})); diff != "" {
		t.Errorf("in a folder (-want +got):\n%s", diff)
	}
	// Named, the same file is taken as meant to hold reports.
	want = []got{
		{Source: "manifest.json", Line: 1, Err: "manifest.json:1: no body field (body, text, content, description or details)"},
		{Source: "manifest.json", Line: 1, Err: "manifest.json:1: no body field (body, text, content, description or details)"},
	}
	if diff := cmp.Diff(want, walkAll(t, []string{"manifest.json"}, Options{})); diff != "" {
		t.Errorf("named (-want +got):\n%s", diff)
	}
}
