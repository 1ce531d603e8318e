package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/verify/output"
)

// The README's generated sections sit between these marker comments.
const (
	ruleTableStart   = "<!-- rule-table:start (generated: go test ./cmd/pyrefcheck -run TestREADME -update) -->"
	ruleTableEnd     = "<!-- rule-table:end -->"
	exampleTextStart = "<!-- example-text:start (generated: go test ./cmd/pyrefcheck -run TestREADME -update) -->"
	exampleTextEnd   = "<!-- example-text:end -->"
	exampleJSONStart = "<!-- example-json:start (generated: go test ./cmd/pyrefcheck -run TestREADME -update) -->"
	exampleJSONEnd   = "<!-- example-json:end -->"
)

// The README's two set-up commands; .ci/run must run the same test command.
const (
	readmeRunCommand  = "go run ./cmd/pyrefcheck verify --fail-on never testdata/examples/"
	readmeTestCommand = "go test -race ./..."
)

// TestREADME keeps README.md honest: its rule table is exactly what
// output.RuleTable prints, its set-up commands are the ones CI runs, and
// with -update its example output is regenerated from a real run over
// testdata/examples (the output changes with every snapshot added, so it
// is only rewritten, never compared).
func TestREADME(t *testing.T) {
	root := repoRoot(t)
	path := filepath.Join(root, "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)

	var table bytes.Buffer
	if err := output.RuleTable(&table); err != nil {
		t.Fatal(err)
	}
	if *update {
		text, js := exampleOutputs(t, root)
		readme = replaceBetween(t, readme, exampleTextStart, exampleTextEnd, "```console\n$ "+readmeRunCommand+"\n"+text+"```\n")
		readme = replaceBetween(t, readme, exampleJSONStart, exampleJSONEnd, "```json\n"+js+"```\n")
		readme = replaceBetween(t, readme, ruleTableStart, ruleTableEnd, table.String())
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := between(t, readme, ruleTableStart, ruleTableEnd); got != table.String() {
		t.Errorf("README.md's rule table differs from output.RuleTable; run go test ./cmd/pyrefcheck -run TestREADME -update\n--- README\n%s\n--- RuleTable\n%s", got, table.String())
	}
	for _, m := range [][2]string{{exampleTextStart, exampleTextEnd}, {exampleJSONStart, exampleJSONEnd}} {
		if strings.TrimSpace(between(t, readme, m[0], m[1])) == "" {
			t.Errorf("README.md: the section after %s is empty; run with -update", m[0])
		}
	}

	for _, cmd := range []string{readmeRunCommand, readmeTestCommand} {
		if !strings.Contains(readme, "\n"+cmd+"\n") {
			t.Errorf("README.md does not give the command %q on a line of its own", cmd)
		}
	}
	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), "\n"+readmeTestCommand+"\n") {
		t.Errorf(".ci/run does not run the README's test command %q", readmeTestCommand)
	}
}

// exampleOutputs runs the README's first command the way a user would (from
// the repository root, relative path) and a JSON excerpt of one report.
func exampleOutputs(t *testing.T, root string) (text, js string) {
	t.Helper()
	t.Chdir(root)
	args := strings.Fields(strings.TrimPrefix(readmeRunCommand, "go run ./cmd/pyrefcheck "))
	var out, errb bytes.Buffer
	if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("%s: exit %d: %s", readmeRunCommand, code, errb.String())
	}
	text = out.String()

	out.Reset()
	run([]string{"verify", "--format", "json", "testdata/examples/tarfile-hallucinated.md"}, strings.NewReader(""), &out, &errb)
	dec := json.NewDecoder(&out)
	dec.UseNumber()
	doc, err := decodeOrdered(dec)
	if err != nil {
		t.Fatalf("verify --format json: %v", err)
	}
	// An excerpt: the first references and findings of the one report.
	reports, _ := doc.(object).get("reports").([]any)
	if len(reports) != 1 {
		t.Fatalf("want one report, got %d", len(reports))
	}
	rep := reports[0].(object)
	for _, cut := range []struct {
		key string
		n   int
	}{{"references", 3}, {"findings", 2}} {
		if list, _ := rep.get(cut.key).([]any); len(list) > cut.n {
			rep.set(cut.key, list[:cut.n])
		}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return text, string(b) + "\n"
}

// object is a JSON object that keeps its keys in order, so that the
// README's excerpt reads in the order of the contract.
type object []member

type member struct {
	key   string
	value any
}

func (o object) get(key string) any {
	for _, m := range o {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

func (o object) set(key string, v any) {
	for i := range o {
		if o[i].key == key {
			o[i].value = v
		}
	}
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// decodeOrdered reads one JSON value, objects as object.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var o object
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			o = append(o, member{k.(string), v})
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		list := []any{}
		for dec.More() {
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		_, err := dec.Token()
		return list, err
	}
	return tok, nil
}

func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q ... %q", start, end)
	}
	return strings.TrimPrefix(s[i+len(start):j], "\n")
}

func replaceBetween(t *testing.T, s, start, end, body string) string {
	t.Helper()
	i := strings.Index(s, start)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q ... %q", start, end)
	}
	return fmt.Sprint(s[:i+len(start)], "\n", body, s[j:])
}
