package output

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/pyrefcheck/pyrefcheck/verify/rules"
)

func TestExplain(t *testing.T) {
	for _, id := range []string{"hallucinated-attribute", "poc-not-collapsed"} {
		var buf bytes.Buffer
		if err := Explain(&buf, id); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "explain-"+id, buf.String())
	}
	// Every rule explains, within the wrap width except for words longer than it.
	for _, r := range rules.All() {
		var buf bytes.Buffer
		if err := Explain(&buf, r.ID); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(buf.String(), "\n") {
			if len(line) > explainWidth && strings.Contains(strings.TrimSpace(line), " ") && !strings.HasPrefix(line, r.ID) {
				t.Errorf("%s: line too long: %q", r.ID, line)
			}
		}
	}
	err := Explain(&bytes.Buffer{}, "hallucinated-atribute")
	if err == nil || !strings.Contains(err.Error(), "hallucinated-attribute") {
		t.Errorf("unknown rule: %v", err)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aa bb cc dddddddddd e", "  ", 8)
	want := "  aa bb\n  cc\n  dddddddddd\n  e\n"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	if wrap("  ", "> ", 10) != "" {
		t.Error("wrap of blank text is not empty")
	}
}

// TestRuleTable checks the table against its golden file, and that it
// renders as a Markdown table whose cells read exactly as the rule docs.
func TestRuleTable(t *testing.T) {
	var buf bytes.Buffer
	if err := RuleTable(&buf); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "rule-table", buf.String())

	var rendered bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	if err := md.Convert(buf.Bytes(), &rendered); err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?s)<tr>\s*(.*?)</tr>`).FindAllStringSubmatch(rendered.String(), -1)
	all := rules.All()
	if len(rows) != len(all)+1 {
		t.Fatalf("%d table rows, want %d header and rules:\n%s", len(rows), len(all)+1, rendered.String())
	}
	cell := regexp.MustCompile(`(?s)<td>(.*?)</td>`)
	for i, r := range all {
		cells := cell.FindAllStringSubmatch(rows[i+1][1], -1)
		if len(cells) != 4 {
			t.Fatalf("%s: %d cells", r.ID, len(cells))
		}
		want := []string{"<code>" + r.ID + "</code>", string(r.Severity), html.EscapeString(r.Trigger), html.EscapeString(r.Section)}
		for j := range want {
			if got := cells[j][1]; html.UnescapeString(got) != html.UnescapeString(want[j]) {
				t.Errorf("%s: cell %d renders as %q, want %q", r.ID, j, got, want[j])
			}
		}
	}
}
