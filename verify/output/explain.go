package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/rules"
)

// explainWidth is the column prose is wrapped at by Explain.
const explainWidth = 78

// Explain prints one rule's documentation, for `pyrefcheck explain RULE`.
func Explain(w io.Writer, id string) error {
	r, ok := rules.Get(id)
	if !ok {
		return fmt.Errorf("unknown rule %q; known rules: %s", id, strings.Join(ruleIDs(), ", "))
	}
	out := &stickyWriter{w: w}
	out.printf("%s: %s\n\n", r.ID, r.Title)
	out.printf("Severity: %s (%s rule)\n\n", r.Severity, r.Family)
	out.print(wrap("Fires when "+r.Trigger+".", "", explainWidth))
	out.print("\n")
	out.print(wrap(r.Doc, "", explainWidth))
	out.print("\n")
	out.print(wrap(fmt.Sprintf("From the PSRT security policy, section %q:", r.Section), "", explainWidth))
	out.print(wrap(r.Quote, "    ", explainWidth))
	return out.err
}

func ruleIDs() []string {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID)
	}
	return ids
}

// wrap fills text into lines of at most width columns (a longer word gets
// a line of its own), each starting with indent and ending in a newline.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	if line != indent {
		b.WriteString(line + "\n")
	}
	return b.String()
}

// RuleTable prints the README's Markdown table of rules: id, default
// severity, what triggers it and the policy section it enforces.
func RuleTable(w io.Writer) error {
	out := &stickyWriter{w: w}
	out.print("| Rule | Severity | Fires when | Policy section |\n")
	out.print("|---|---|---|---|\n")
	for _, r := range rules.All() {
		out.printf("| `%s` | %s | %s | %s |\n", r.ID, r.Severity, markdownText(r.Trigger), markdownText(r.Section))
	}
	return out.err
}

// markdownText escapes prose for a Markdown table cell so that it renders
// as written: no emphasis from `*` or `_` (HACL*, _Py*), no raw HTML from
// <details>, no cell break from `|`.
var markdownText = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`,
).Replace
