package input

import "testing"

func TestMatchAny(t *testing.T) {
	tests := []struct {
		pattern, full, rel string
		want               bool
	}{
		{"drafts/**", "reports/drafts/a.md", "drafts/a.md", true},
		{"drafts/**", "reports/drafts", "drafts", true},
		{"drafts/**", "reports/final/a.md", "final/a.md", false},
		{"drafts/**", "drafts/x/y/z.md", "", true},
		{"reports/drafts/*", "reports/drafts/a.md", "drafts/a.md", true},
		{"reports/drafts/*", "reports/drafts/sub/a.md", "drafts/sub/a.md", false},
		{"**/old/*.md", "r/x/old/a.md", "x/old/a.md", true},
		{"**/old/*.md", "r/old.md", "old.md", false},
		{"*.tmp.md", "r/deep/a.tmp.md", "deep/a.tmp.md", true},
		{"*.tmp.md", "r/deep/a.md", "deep/a.md", false},
		{"secret", "r/secret", "secret", true},
		{"secret", "r/secrets", "secrets", false},
		{"./drafts/**", "./drafts/a.md", "", true},
		{"/abs/**", "/abs/a.md", "", true},
		{"/abs/**", "abs/a.md", "", false},
		{"a/**/b", "a/b", "", true},
		{"a/**/b", "a/x/y/b", "", true},
		{"a/**/b", "a/x/y/c", "", false},
		{"a/?.md", "a/1.md", "", true},
		{"a/[0-9].md", "a/x.md", "", false},
	}
	for _, tt := range tests {
		pats, err := compilePatterns([]string{tt.pattern})
		if err != nil {
			t.Fatalf("%q: %v", tt.pattern, err)
		}
		if got := matchAny(pats, tt.full, tt.rel); got != tt.want {
			t.Errorf("%q on (%q, %q) = %v, want %v", tt.pattern, tt.full, tt.rel, got, tt.want)
		}
	}
}

func TestCompilePatternsRejects(t *testing.T) {
	for _, p := range []string{"", ".", "a/[b", "\\"} {
		if _, err := compilePatterns([]string{p}); err == nil {
			t.Errorf("compilePatterns(%q) accepted a bad pattern", p)
		}
	}
}
