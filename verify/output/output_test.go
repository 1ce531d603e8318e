package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*Options)
	}{
		{name: "text"},
		{name: "text-color", modify: func(o *Options) { o.Format = FormatText; o.Color = true }},
		{name: "text-verbose", modify: func(o *Options) { o.Format = FormatText; o.Verbose = true }},
		{name: "text-quiet", modify: func(o *Options) { o.Format = FormatText; o.Quiet = true }},
		{name: "json"},
		{name: "sarif"},
		{name: "github"},
		{name: "github-quiet", modify: func(o *Options) { o.Format = FormatGitHub; o.Quiet = true }},
		{name: "summary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions(tc.name)
			if tc.modify != nil {
				tc.modify(&opts)
			}
			checkGolden(t, tc.name, render(t, opts, sampleResults()))
		})
	}
}

// TestJSONContract checks every field DESIGN.md's "Machine-readable output"
// names, and its type, on a decoded document.
func TestJSONContract(t *testing.T) {
	var doc map[string]any
	out := render(t, testOptions(FormatJSON), sampleResults())
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}

	tool := field[map[string]any](t, doc, "tool")
	if field[string](t, tool, "name") != "pyrefcheck" {
		t.Errorf("tool.name = %v", tool["name"])
	}
	field[string](t, tool, "version")
	for _, v := range field[[]any](t, doc, "snapshots") {
		if _, ok := v.(string); !ok {
			t.Errorf("snapshots holds %T", v)
		}
	}

	reports := field[[]any](t, doc, "reports")
	if len(reports) != len(sampleResults()) {
		t.Fatalf("%d reports, want %d", len(reports), len(sampleResults()))
	}
	for i, item := range reports {
		rep, ok := item.(map[string]any)
		if !ok {
			t.Fatalf("reports[%d] is %T", i, item)
		}
		field[string](t, rep, "source")
		if id, ok := rep["id"]; !ok {
			t.Errorf("reports[%d] has no id", i)
		} else if _, isString := id.(string); id != nil && !isString {
			t.Errorf("reports[%d].id is %T, want string or null", i, id)
		}
		checkStrings(t, field[[]any](t, rep, "claimed_versions"))
		checkStrings(t, field[[]any](t, rep, "checked_versions"))
		for _, r := range field[[]any](t, rep, "references") {
			ref := r.(map[string]any)
			for _, k := range []string{"symbol", "kind", "text", "origin", "status"} {
				field[string](t, ref, k)
			}
			field[float64](t, ref, "line")
			field[float64](t, ref, "column")
			checkStrings(t, field[[]any](t, ref, "present_in"))
			checkStrings(t, field[[]any](t, ref, "missing_in"))
			switch ref["status"] {
			case "ok", "missing", "version-mismatch", "unknown":
			default:
				t.Errorf("status %v is not in the contract", ref["status"])
			}
		}
		for _, f := range field[[]any](t, rep, "findings") {
			finding := f.(map[string]any)
			for _, k := range []string{"rule", "severity", "symbol", "message", "suggestion"} {
				field[string](t, finding, k)
			}
			field[float64](t, finding, "line")
			field[float64](t, finding, "column")
		}
	}
	if reports[4].(map[string]any)["id"] != "PSRT-2026-0042" || reports[0].(map[string]any)["id"] != nil {
		t.Errorf("ids are %v and %v", reports[4].(map[string]any)["id"], reports[0].(map[string]any)["id"])
	}

	summary := field[map[string]any](t, doc, "summary")
	for _, k := range []string{"reports", "clean", "with_errors"} {
		field[float64](t, summary, k)
	}
	for rule, n := range field[map[string]any](t, summary, "by_rule") {
		if _, ok := n.(float64); !ok {
			t.Errorf("by_rule[%s] is %T", rule, n)
		}
	}
}

// field returns doc[key] as a T, failing the test when it is absent or of another type.
func field[T any](t *testing.T, doc map[string]any, key string) T {
	t.Helper()
	v, ok := doc[key]
	if !ok {
		t.Errorf("missing field %q in %v", key, doc)
		var zero T
		return zero
	}
	typed, ok := v.(T)
	if !ok {
		t.Errorf("field %q is %T (%v)", key, v, v)
	}
	return typed
}

func checkStrings(t *testing.T, list []any) {
	t.Helper()
	for _, v := range list {
		if _, ok := v.(string); !ok {
			t.Errorf("list holds %T, want strings", v)
		}
	}
}

// TestJSONEmpty checks that absent lists are [] and absent maps {} even
// when nothing was set, and that an empty batch is still a valid document.
func TestJSONEmpty(t *testing.T) {
	opts := Options{Format: FormatJSON}
	got := render(t, opts, nil)
	want := `{
  "tool": {
    "name": "pyrefcheck",
    "version": ""
  },
  "snapshots": [],
  "reports": [],
  "summary": {
    "reports": 0,
    "clean": 0,
    "with_errors": 0,
    "with_warnings": 0,
    "unreadable": 0,
    "by_rule": {}
  }
}
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("empty batch (-want +got):\n%s", diff)
	}

	got = render(t, opts, []*report.Result{{Source: "a.md", References: []report.Reference{{Symbol: "os"}}, Findings: []report.Finding{{Rule: "no-poc"}}}})
	for _, null := range []string{`"claimed_versions": null`, `"present_in": null`, `"missing_in": null`, `"references": null`} {
		if strings.Contains(got, null) {
			t.Errorf("output has %s:\n%s", null, got)
		}
	}
	for _, present := range []string{`"id": null`, `"suggestion": ""`, `"symbol": ""`} {
		if !strings.Contains(got, present) {
			t.Errorf("output lacks %s:\n%s", present, got)
		}
	}
}

// TestStreaming checks that each format prints a report when it is
// written, not at Close, so memory does not grow with the batch.
func TestStreaming(t *testing.T) {
	results := sampleResults()
	for _, format := range []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := New(&buf, testOptions(format))
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(results[1]); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "safe_extractall") {
				t.Errorf("nothing of the first report printed before Close:\n%s", buf.String())
			}
			before := buf.Len()
			if err := w.Write(results[4]); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String()[before:], "securezip") {
				t.Errorf("second report not printed on Write:\n%s", buf.String()[before:])
			}
		})
	}
}

// TestOrder checks that reports come out in the order they were written.
func TestOrder(t *testing.T) {
	results := sampleResults()
	reversed := []*report.Result{results[4], results[2], results[1]}
	for _, format := range []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub} {
		out := render(t, testOptions(format), reversed)
		a, b, c := strings.Index(out, "securezip"), strings.Index(out, "pickle.loads"), strings.Index(out, "safe_extractall")
		if a < 0 || b < a || c < b {
			t.Errorf("%s: reports out of order (%d, %d, %d)", format, a, b, c)
		}
	}
}

func TestWriterErrors(t *testing.T) {
	if _, err := New(&bytes.Buffer{}, Options{Format: "xml"}); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("New with an unknown format: %v", err)
	}
	for _, format := range Formats() {
		w, err := New(&bytes.Buffer{}, Options{Format: format})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(Summary{}); err != nil {
			t.Fatalf("%s: Close: %v", format, err)
		}
		if err := w.Write(sampleResults()[0]); !errors.Is(err, errClosed) {
			t.Errorf("%s: Write after Close = %v", format, err)
		}
		if err := w.Close(Summary{}); !errors.Is(err, errClosed) {
			t.Errorf("%s: second Close = %v", format, err)
		}
	}

	broken := errors.New("disk full")
	for _, format := range []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub} {
		w, _ := New(failingWriter{broken}, Options{Format: format})
		err := w.Write(sampleResults()[1])
		if err == nil {
			err = w.Close(Summary{})
		}
		if !errors.Is(err, broken) {
			t.Errorf("%s: write error lost: %v", format, err)
		}
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

func TestSummary(t *testing.T) {
	var sum Summary
	for _, r := range sampleResults() {
		sum.Add(r)
	}
	want := Summary{Reports: 5, Clean: 1, WithErrors: 2, WithWarnings: 1, Unreadable: 1, ByRule: map[string]int{
		"unknown-version": 1, "missing-in-version": 1, "hallucinated-parameter": 1, "hallucinated-attribute": 1,
		"no-versions": 1, "severity-included": 1, "documented-behavior": 1, "poc-not-collapsed": 1,
		"hallucinated-module": 1, "hallucinated-c-symbol": 1, "no-poc": 1,
	}}
	if diff := cmp.Diff(want, sum); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	sum.Add(&report.Result{Findings: []report.Finding{{Rule: "no-poc", Severity: report.SeverityInfo}}})
	if sum.Clean != 2 {
		t.Errorf("a report with only info findings is not clean: %+v", sum)
	}
	line := Summary{Reports: 1, Clean: 1}.Line()
	if line != "1 report: 1 clean, 0 with errors, 0 with warnings" {
		t.Errorf("Line() = %q", line)
	}
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		source    string
		line, col int
		want      location
	}{
		{"reports/a.md", 14, 5, location{"reports/a.md", 14, 5}},
		{"reports/a.md", 0, 0, location{"reports/a.md", 1, 1}},
		{"reports/a.md", 3, 0, location{"reports/a.md", 3, 1}},
		{"batch.jsonl:7", 7, 40, location{"batch.jsonl", 7, 40}},
		{"batch.jsonl:7", 0, 0, location{"batch.jsonl", 7, 1}},
		{"inbox.mbox:120", 131, 2, location{"inbox.mbox", 131, 2}},
		{"odd:name.md", 2, 2, location{"odd:name.md", 2, 2}},
		{"trailing:", 2, 2, location{"trailing:", 2, 2}},
		{"signed:+3", 0, 0, location{"signed:+3", 1, 1}},
		{"-", 4, 1, location{"-", 4, 1}},
	} {
		if got := locate(tc.source, tc.line, tc.col); got != tc.want {
			t.Errorf("locate(%q, %d, %d) = %+v, want %+v", tc.source, tc.line, tc.col, got, tc.want)
		}
	}
}

func TestHint(t *testing.T) {
	for _, tc := range []struct {
		message, suggestion string
		hint, combined      string
	}{
		{"x does not exist", "", "", "x does not exist"},
		{"x does not exist", "os.path.join", "did you mean os.path.join?", "x does not exist; did you mean os.path.join?"},
		{"x does not exist.", "os.path.join", "did you mean os.path.join?", "x does not exist. Did you mean os.path.join?"},
		{"x is gone; did you mean y?", "y", "", "x is gone; did you mean y?"},
		{"long PoC", "wrap it in <details>", "wrap it in <details>", "long PoC; wrap it in <details>"},
		{"", "y", "did you mean y?", "Did you mean y?"},
	} {
		f := report.Finding{Message: tc.message, Suggestion: tc.suggestion}
		if got := hint(f); got != tc.hint {
			t.Errorf("hint(%q, %q) = %q, want %q", tc.message, tc.suggestion, got, tc.hint)
		}
		if got := messageWithHint(f); got != tc.combined {
			t.Errorf("messageWithHint(%q, %q) = %q, want %q", tc.message, tc.suggestion, got, tc.combined)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := escapeProperty("a,b:c%d\r\ne"), "a%2Cb%3Ac%25d%0D%0Ae"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	if got, want := escapeData("a,b:c%d\r\ne"), "a,b:c%25d%0D%0Ae"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
}

func TestRelativePath(t *testing.T) {
	for _, tc := range []struct {
		path, root string
		want       string
		ok         bool
	}{
		{"reports/a.md", "/root", "reports/a.md", true},
		{"./reports//a.md", "/root", "reports/a.md", true},
		{"/root/reports/a.md", "/root", "reports/a.md", true},
		{"/elsewhere/a.md", "/root", "", false},
		{"/rooted/a.md", "/root", "", false},
		{"/root/..x/a.md", "/root", "..x/a.md", true},
		{"-", "/root", "stdin", true},
	} {
		got, ok := relativePath(tc.path, tc.root)
		if got != tc.want || ok != tc.ok {
			t.Errorf("relativePath(%q, %q) = %q, %v; want %q, %v", tc.path, tc.root, got, ok, tc.want, tc.ok)
		}
	}
}
