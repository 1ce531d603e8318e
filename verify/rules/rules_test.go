package rules

import "testing"

func TestEveryRuleDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Trigger == "" || r.Doc == "" || r.Section == "" || r.Quote == "" || r.Severity == "" {
			t.Errorf("rule %s lacks documentation: %+v", r.ID, r)
		}
	}
	// The ids DESIGN.md fixes.
	for _, id := range []string{"hallucinated-module", "hallucinated-attribute", "hallucinated-parameter", "hallucinated-path",
		"hallucinated-c-symbol", "missing-in-version", "unknown-version", "documented-behavior", "launch-conditions",
		"dependency-vuln", "unsupported-version", "prerelease-only", "no-versions", "severity-included", "excessive-structure",
		"poc-not-collapsed", "no-poc", "experimental-feature", "not-cpython"} {
		if !seen[id] {
			t.Errorf("rule %s missing", id)
		}
	}
}
