package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestJSONContract runs `verify --format json` through run() and checks
// every field DESIGN.md names as a contract, with its JSON type. Fields may
// be added; none of these may be renamed, dropped or change type.
func TestJSONContract(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // no .pyrefcheck.toml above the module may change the result
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("report.md", "Tested on Python 3.12.1.\n\n```python\nimport tarfile\nwith tarfile.open('evil.tar') as tf:\n    tf.safe_extractall('out')\n    tf.extractall('out', filter='data')\n```\n")
	write("batch.jsonl", `{"id": "r-7", "body": "Tested on Python 3.12.1. The helper `+"`shlex.quote_all`"+` is broken."}`+"\n")

	var stdout, stderr bytes.Buffer
	code := run([]string{"verify", "--format", "json", "report.md", "batch.jsonl"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("exit status %d, want %d; stderr: %s", code, exitFindings, stderr.String())
	}
	var doc map[string]any
	dec := json.NewDecoder(&stdout)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("output is not one JSON document: %v", err)
	}

	c := contract{t: t}
	tool := c.object(doc, "tool", "$")
	if c.str(tool, "name", "tool") != "pyrefcheck" {
		t.Errorf("tool.name = %v, want pyrefcheck", tool["name"])
	}
	c.str(tool, "version", "tool")
	snaps := c.strings(doc, "snapshots", "$")
	if len(snaps) == 0 {
		t.Errorf("snapshots is empty")
	}

	reports := c.array(doc, "reports", "$")
	if len(reports) != 2 {
		t.Fatalf("%d reports, want 2", len(reports))
	}
	byName := map[string]map[string]any{}
	for i, r := range reports {
		where := "reports[" + strconv.Itoa(i) + "]"
		rep, ok := r.(map[string]any)
		if !ok {
			t.Fatalf("%s is %T, want an object", where, r)
		}
		src := c.str(rep, "source", where)
		byName[src] = rep
		if _, ok := rep["id"]; !ok {
			t.Errorf("%s: no id field (null when the report has none)", where)
		}
		if claimed := c.strings(rep, "claimed_versions", where); !slices.Contains(claimed, "3.12.1") {
			t.Errorf("%s.claimed_versions = %v, want 3.12.1 among them", where, claimed)
		}
		if checked := c.strings(rep, "checked_versions", where); !slices.Contains(checked, "3.12") {
			t.Errorf("%s.checked_versions = %v, want 3.12 among them", where, checked)
		}
		for j, ref := range c.array(rep, "references", where) {
			c.reference(ref, where+".references["+strconv.Itoa(j)+"]")
		}
		for j, f := range c.array(rep, "findings", where) {
			c.finding(f, where+".findings["+strconv.Itoa(j)+"]")
		}
	}

	md := byName["report.md"]
	if md == nil {
		t.Fatalf("no report with source report.md; sources: %v", keys(byName))
	}
	if md["id"] != nil {
		t.Errorf("report.md: id = %v, want null", md["id"])
	}
	wantRef(t, md, "tarfile.TarFile.safe_extractall", "attribute", "tf.safe_extractall", "code", "missing")
	wantRef(t, md, "tarfile.TarFile.extractall", "attribute", "tf.extractall", "code", "ok")
	wantRef(t, md, "tarfile.TarFile.extractall(filter)", "parameter", "", "code", "ok")
	wantRef(t, md, "tarfile", "module", "tarfile", "code", "ok")
	f := findFinding(md, "hallucinated-attribute", "tarfile.TarFile.safe_extractall")
	if f == nil {
		t.Fatalf("report.md: no hallucinated-attribute finding for tarfile.TarFile.safe_extractall: %v", md["findings"])
	}
	if f["severity"] != "error" || f["suggestion"] != "tarfile.TarFile.extractall" {
		t.Errorf("finding = %v, want severity error and suggestion tarfile.TarFile.extractall", f)
	}

	jl := byName["batch.jsonl"]
	if jl == nil {
		t.Fatalf("no report with source batch.jsonl; sources: %v", keys(byName))
	}
	if jl["id"] != "r-7" {
		t.Errorf("batch.jsonl: id = %v, want \"r-7\"", jl["id"])
	}
	if findFinding(jl, "hallucinated-attribute", "shlex.quote_all") == nil {
		t.Errorf("batch.jsonl: no hallucinated-attribute finding for shlex.quote_all: %v", jl["findings"])
	}

	sum := c.object(doc, "summary", "$")
	if n := c.number(sum, "reports", "summary"); n != 2 {
		t.Errorf("summary.reports = %d, want 2", n)
	}
	clean := c.number(sum, "clean", "summary")
	if n := c.number(sum, "with_errors", "summary"); n != 2 || clean != 0 {
		t.Errorf("summary.with_errors = %d, clean = %d; want 2 and 0", n, clean)
	}
	byRule := c.object(sum, "by_rule", "summary")
	if n := c.number(byRule, "hallucinated-attribute", "summary.by_rule"); n != 2 {
		t.Errorf("summary.by_rule[hallucinated-attribute] = %d, want 2", n)
	}
	for rule := range byRule {
		c.number(byRule, rule, "summary.by_rule")
	}
}

// contract checks field types, reporting the path of any that is wrong.
type contract struct{ t *testing.T }

func (c contract) get(o map[string]any, key, where string) any {
	c.t.Helper()
	v, ok := o[key]
	if !ok {
		c.t.Errorf("%s: missing field %q", where, key)
	}
	return v
}

func (c contract) str(o map[string]any, key, where string) string {
	c.t.Helper()
	v := c.get(o, key, where)
	s, ok := v.(string)
	if !ok && v != nil {
		c.t.Errorf("%s.%s is %T (%v), want a string", where, key, v, v)
	}
	if v == nil {
		c.t.Errorf("%s.%s is null, want a string", where, key)
	}
	return s
}

func (c contract) number(o map[string]any, key, where string) int64 {
	c.t.Helper()
	v := c.get(o, key, where)
	n, ok := v.(json.Number)
	if !ok {
		c.t.Errorf("%s.%s is %T (%v), want a number", where, key, v, v)
		return -1
	}
	i, err := n.Int64()
	if err != nil {
		c.t.Errorf("%s.%s = %s, want an integer", where, key, n)
	}
	return i
}

func (c contract) object(o map[string]any, key, where string) map[string]any {
	c.t.Helper()
	v := c.get(o, key, where)
	m, ok := v.(map[string]any)
	if !ok {
		c.t.Fatalf("%s.%s is %T (%v), want an object", where, key, v, v)
	}
	return m
}

// array insists on a JSON array: an empty list is [], never null.
func (c contract) array(o map[string]any, key, where string) []any {
	c.t.Helper()
	v := c.get(o, key, where)
	a, ok := v.([]any)
	if !ok {
		c.t.Errorf("%s.%s is %T (%v), want an array", where, key, v, v)
	}
	return a
}

func (c contract) strings(o map[string]any, key, where string) []string {
	c.t.Helper()
	var out []string
	for i, v := range c.array(o, key, where) {
		s, ok := v.(string)
		if !ok {
			c.t.Errorf("%s.%s[%d] is %T, want a string", where, key, i, v)
		}
		out = append(out, s)
	}
	return out
}

var (
	refKinds   = []string{"module", "attribute", "parameter", "path", "c-symbol", "version"}
	refStatus  = []string{"ok", "missing", "version-mismatch", "unknown"}
	severities = []string{"error", "warning", "info"}
)

func (c contract) reference(v any, where string) {
	c.t.Helper()
	ref, ok := v.(map[string]any)
	if !ok {
		c.t.Errorf("%s is %T, want an object", where, v)
		return
	}
	c.str(ref, "symbol", where)
	if k := c.str(ref, "kind", where); !slices.Contains(refKinds, k) {
		c.t.Errorf("%s.kind = %q, want one of %v", where, k, refKinds)
	}
	c.str(ref, "text", where)
	c.str(ref, "origin", where)
	if c.number(ref, "line", where) < 1 {
		c.t.Errorf("%s.line < 1", where)
	}
	if c.number(ref, "column", where) < 1 {
		c.t.Errorf("%s.column < 1", where)
	}
	if s := c.str(ref, "status", where); !slices.Contains(refStatus, s) {
		c.t.Errorf("%s.status = %q, want one of %v", where, s, refStatus)
	}
	c.strings(ref, "present_in", where)
	c.strings(ref, "missing_in", where)
}

func (c contract) finding(v any, where string) {
	c.t.Helper()
	f, ok := v.(map[string]any)
	if !ok {
		c.t.Errorf("%s is %T, want an object", where, v)
		return
	}
	c.str(f, "rule", where)
	if s := c.str(f, "severity", where); !slices.Contains(severities, s) {
		c.t.Errorf("%s.severity = %q, want one of %v", where, s, severities)
	}
	// symbol and suggestion are strings; a policy finding may leave them empty.
	for _, key := range []string{"symbol", "suggestion"} {
		if v, ok := f[key]; ok {
			if _, isStr := v.(string); !isStr {
				c.t.Errorf("%s.%s is %T, want a string", where, key, v)
			}
		} else if key == "symbol" {
			c.t.Errorf("%s: missing field %q", where, key)
		}
	}
	c.number(f, "line", where)
	c.number(f, "column", where)
	if c.str(f, "message", where) == "" {
		c.t.Errorf("%s.message is empty", where)
	}
}

// wantRef checks that a report has a reference with these fields ("" text
// matches any).
func wantRef(t *testing.T, rep map[string]any, symbol, kind, text, origin, status string) {
	t.Helper()
	refs, _ := rep["references"].([]any)
	for _, r := range refs {
		ref, _ := r.(map[string]any)
		if ref["symbol"] == symbol && ref["kind"] == kind && ref["origin"] == origin && (text == "" || ref["text"] == text) {
			if ref["status"] != status {
				t.Errorf("%s: reference %s has status %v, want %s", rep["source"], symbol, ref["status"], status)
			}
			return
		}
	}
	t.Errorf("%s: no %s reference %s (text %q, origin %s) among %d references", rep["source"], kind, symbol, text, origin, len(refs))
}

func findFinding(rep map[string]any, rule, symbol string) map[string]any {
	fs, _ := rep["findings"].([]any)
	for _, v := range fs {
		if f, _ := v.(map[string]any); f["rule"] == rule && f["symbol"] == symbol {
			return f
		}
	}
	return nil
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
