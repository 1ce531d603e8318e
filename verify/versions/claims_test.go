package versions

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// label writes a claim compactly for comparison: the version as written
// (or "main" text), then flags t(ested) r(ange) e(xpanded) m(ain).
func label(c Claim) string {
	s := c.Version.Raw
	if s == "" {
		s = c.Text
	}
	flags := ""
	for _, f := range []struct {
		on bool
		ch string
	}{{c.Tested, "t"}, {c.Range, "r"}, {c.Expanded, "e"}, {c.Main, "m"}} {
		if f.on {
			flags += f.ch
		}
	}
	if flags != "" {
		s += " " + flags
	}
	return s
}

func labels(claims []Claim) []string {
	out := []string{}
	for _, c := range claims {
		out = append(out, label(c))
	}
	return out
}

func TestFindVersions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		// Tested-on lines in their many spellings.
		{"tested and", "Tested on Python 3.12.4 and 3.13.0", []string{"3.12.4 t", "3.13.0 t"}},
		{"tested colon list", "Tested on: Python 3.12.5, 3.11.9", []string{"3.12.5 t", "3.11.9 t"}},
		{"reproduced", "Reproduced on 3.12.1 with a crafted archive.", []string{"3.12.1 t"}},
		{"python versions label", "Python versions: 3.11.7, 3.12.1", []string{"3.11.7 t", "3.12.1 t"}},
		{"versions label", "**Versions:** 3.10.13 / 3.11.2", []string{"3.10.13 t", "3.11.2 t"}},
		{"confirmed against", "I confirmed the hang against 3.13.0 (Linux).", []string{"3.13.0 t"}},
		{"tried with beta", "Only tried with the 3.15.0b1 beta.", []string{"3.15.0b1 t"}},
		{"affected after", "Both 3.12.4 and 3.13.0 are affected.", []string{"3.12.4 t", "3.13.0 t"}},
		{"vulnerable table row", "| 3.12.5 | vulnerable |", []string{"3.12.5 t"}},
		{"not affected", "3.13.1 is not affected.", []string{"3.13.1"}},
		{"affecting versions", "the module affecting versions 3.12.1, 3.11.7 and prior", []string{"3.12.1 t", "3.11.7 t"}},
		{"label block", "Tested on:\n\n- 3.12.3 (Windows)\n- 3.11.9\n\nFixed in 3.12.6.", []string{"3.12.3 t", "3.11.9 t", "3.12.6"}},
		{"heading block", "## Affected versions\n\n* CPython 3.12.4\n* CPython 3.13.0\n\n## PoC\nruns on 3.12.4", []string{"3.12.4 t", "3.13.0 t", "3.12.4"}},

		{"label with fix", "Versions: 3.12.5 (fixed in 3.12.6)", []string{"3.12.5 t", "3.12.6"}},
		{"table", "| Version | Result |\n|---|---|\n| 3.12.5 | vulnerable |\n| 3.13.0 | not affected |", []string{"3.12.5 t", "3.13.0"}},
		{"tested with libraries", "Tested on Python 3.12.4 with OpenSSL 3.0.13 and expat 2.6.0.", []string{"3.12.4 t"}},
		{"test noun", "Python 3.12.4 runs the test suite", []string{"3.12.4"}},
		{"seen on", "Seen on Python 3.12.1 and 3.13.0.", []string{"3.12.1 t", "3.13.0 t"}},

		// Versions that are claims but not tested ones.
		{"fixed in", "This was fixed in 3.12.6.", []string{"3.12.6"}},
		{"since fix", "Tested on 3.12.0 only, since 3.12.1 contains the fix.", []string{"3.12.0 t", "3.12.1"}},
		{"since minor", "Since 3.11, normpath is written in C.", []string{"3.11"}},
		{"before minor", "Before 3.11 the NUL was kept.", []string{"3.11"}},
		{"cpython minor", "CPython 3.12 changed this.", []string{"3.12"}},
		{"python attached", "run python3.12 -m venv env", []string{"3.12"}},
		{"poc code", "subprocess.run([\"python3.13\", \"-c\", code])", []string{"3.13"}},
		{"title on minor", "Shell injection in spawn on 3.12", []string{"3.12"}},

		// Spellings of one version.
		{"wildcard", "any 3.11.x release", []string{"3.11.x"}},
		{"prerelease", "Python 3.13.0rc1 and 3.14.0b2 and 3.15.0a1", []string{"3.13.0rc1", "3.14.0b2", "3.15.0a1"}},
		{"long prerelease", "CPython v3.12.0 alpha 7 was affected", []string{"v3.12.0 alpha 7 t"}},
		{"v prefix", "tags v3.11.2 and v2.7.18rc1", []string{"v3.11.2", "v2.7.18rc1"}},
		{"plus", "Tested on 3.12.4+ (a local build)", []string{"3.12.4+ t"}},
		{"python 2", "Python 2.7.18 and Python 2.7", []string{"2.7.18", "2.7"}},
		{"python 2.x family", "urllib in Python 2.x through 2.7.16 and 3.x through 3.7.3", []string{"2.7.16", "3.7.3"}},
		{"python 3 through", "In Python 3 through 3.9.0 the test suite", []string{"3.9.0"}},
		{"hallucinated micro", "Tested on 3.12.22 and 3.17.0", []string{"3.12.22 t", "3.17.0 t"}},
		{"python with big minor", "Python 3.45.1 was used", []string{"3.45.1"}},
		{"sentence end", "Tested on 3.12.3. Windows 11 too.", []string{"3.12.3 t"}},
		{"tarball", "unpacked Python-3.12.4.tar.xz", []string{"3.12.4"}},

		// Ranges.
		{"en dash range", "Tested on 3.10–3.13", []string{"3.10 tr", "3.11 tre", "3.12 tre", "3.13 tr"}},
		{"hyphen range", "affects 3.10-3.12", []string{"3.10 tr", "3.11 tre", "3.12 tr"}},
		{"through range", "from 3.10 through 3.12.", []string{"3.10 r", "3.11 re", "3.12 r"}},
		{"micro range", "3.6 through 3.6.10", []string{"3.6 r", "3.6.10 r"}},
		{"until range", "From 3.2 until 3.4.1 on Windows", []string{"3.2 r", "3.3 re", "3.4.1 r"}},
		{"not a range", "on 3.13 and 3.12", []string{"3.13", "3.12"}},
		{"bare pair", "3.13 and 3.12", nil},
		{"pair affected", "3.11 and 3.12 are affected", []string{"3.11 t", "3.12 t"}},
		{"listed before micro", "3.11, 3.12.4", []string{"3.11", "3.12.4"}},

		// main.
		{"main branch", "Also reproduced on the main branch.", []string{"main branch tm"}},
		{"main version", "Tested on main (3.15.0a0) and 3.14.0", []string{"3.15.0a0 tm", "3.14.0 t"}},
		{"on main", "It still fails on main.", []string{"main m"}},
		{"cpython main", "Confirmed with CPython main, 3.13.1", []string{"main tm", "3.13.1 t"}},
		{"main function", "def main():\n    main()\nif __name__ == '__main__': main()", nil},
		{"main reason", "The main reason is speed.", nil},
		{"main.py", "run it in main.py", nil},

		// Other software: look at the words before the number.
		{"openssl", "Python 3.12.4 linked against OpenSSL 3.0.13", []string{"3.12.4"}},
		{"openssl list", "OpenSSL 1.1.1w and 3.0.13 both", nil},
		{"openssl version word", "OpenSSL version 3.0.13", nil},
		{"pip", "pip 24.0 on 3.12.1", []string{"3.12.1"}},
		{"expat", "Tested on 3.11.9 and 3.12.3 linked against expat 2.4.7.", []string{"3.11.9 t", "3.12.3 t"}},
		{"libexpat before", "libexpat before 2.6.0 has a bug", nil},
		{"libexpat parens", "bundled libexpat (2.6.0)", nil},
		{"zlib", "zlib 1.3.1 and zlib-ng 2.2.1", nil},
		{"zlib module on", "the zlib module on 3.12.4 crashes", []string{"3.12.4"}},
		{"sqlite", "SQLite 3.45.1 is bundled", nil},
		{"sqlite3", "sqlite3 3.40.0", nil},
		{"glibc", "glibc 2.35", nil},
		{"urllib3 list", "urllib3 1.26.16 and 2.0.7", nil},
		{"requests", "requests 2.31.0", nil},
		{"tls", "TLS 1.3 and TLSv1.2 over HTTP/1.1 and HTTP/2.0", nil},
		{"cvss", "CVSS:3.1/AV:N/AC:L and CVSS v3.1 base score 7.5", nil},
		{"utf-8", "decode as UTF-8", nil},
		{"linux", "Linux 3.10.0 kernel", nil},
		{"package name", "bzip2 2.0.1", nil},

		// Numbers that are no version at all.
		{"ip", "connect to 127.0.0.1 or 2.2.2.2 or 3.3.3.3:80", nil},
		{"dates", "on 2024-06-06, 25.3.2024 and 3.1.2024", nil},
		{"cve", "CVE-2024-6232 and CVE-2023-41105", nil},
		{"hunk header", "@@ -50,7 +50,7 @@ def _ancestry(path):\n@@ -3,6 +3,6 @@", nil},
		{"measurement", "it takes 3.5 seconds and uses 2.5 GB, 2.5x slower, 3.2% more", nil},
		{"score", "a score of 3.1 out of 10", nil},
		{"decimal", "multiplied by 2.5 each time", nil},
		{"commit hash", "since commit d537ab0ff9767ef0 affecting versions 2.7, 3.5", []string{"2.7 t", "3.5 t"}},
		{"four parts", "build 3.12.4.1", nil},
		{"semver other", "Node 3.2.1 and Django 3.2.25", nil},
		{"version of protocol", "SOCKS version 4 and 5", nil},
		{"code tuple", "if sys.version_info >= (3, 12):", nil},
		{"identifier", "x3.12 and abc3.12.1", nil},
		{"empty", "", nil},
		{"version banner", "Python 3.12.4 (main, Jun  6 2024, 18:26:12) [GCC 11.4.0] on linux", []string{"3.12.4"}},
		{"docs url", "see https://docs.python.org/3.12/library/tarfile.html", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := labels(FindVersions(tt.text))
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("FindVersions(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestFindVersionsPositions(t *testing.T) {
	text := "Title\nTested on: Python 3.12.5, 3.11.9\nFixed in 3.12.6.\n"
	claims := FindVersions(text)
	if len(claims) != 3 {
		t.Fatalf("got %d claims, want 3: %v", len(claims), labels(claims))
	}
	for _, c := range claims {
		if text[c.Offset:c.Offset+len(c.Text)] != c.Text {
			t.Errorf("%q: offset %d points at %q", c.Text, c.Offset, text[c.Offset:])
		}
		lines := strings.Split(text, "\n")
		if got := lines[c.Line-1][c.Column-1:]; !strings.HasPrefix(got, c.Text) {
			t.Errorf("%q: line %d column %d points at %q", c.Text, c.Line, c.Column, got)
		}
	}
	if c := claims[1]; c.Line != 2 || c.Column != 27 {
		t.Errorf("3.11.9 at %d:%d, want 2:27", c.Line, c.Column)
	}
	// An expanded range member points at its range.
	r := FindVersions("see 3.10–3.12")
	if len(r) != 3 || r[1].Offset != 4 || r[1].Text != "3.10–3.12" || r[1].Version.Raw != "3.11" {
		t.Errorf("range expansion: %+v", r)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Version
		ok   bool
	}{
		{"3.12", Version{Major: 3, Minor: 12, Raw: "3.12"}, true},
		{"3.12.4", Version{Major: 3, Minor: 12, Micro: 4, HasMicro: true, Raw: "3.12.4"}, true},
		{"3.12.x", Version{Major: 3, Minor: 12, Wildcard: true, Raw: "3.12.x"}, true},
		{"3.12.*", Version{Major: 3, Minor: 12, Wildcard: true, Raw: "3.12.*"}, true},
		{"3.14.0b2", Version{Major: 3, Minor: 14, HasMicro: true, Pre: "b", PreN: 2, Raw: "3.14.0b2"}, true},
		{"3.15.0a1", Version{Major: 3, Minor: 15, HasMicro: true, Pre: "a", PreN: 1, Raw: "3.15.0a1"}, true},
		{"3.13.0rc1", Version{Major: 3, Minor: 13, HasMicro: true, Pre: "rc", PreN: 1, Raw: "3.13.0rc1"}, true},
		{"2.0c1", Version{Major: 2, Minor: 0, Pre: "rc", PreN: 1, Raw: "2.0c1"}, true},
		{"3.12.0 alpha 7", Version{Major: 3, Minor: 12, HasMicro: true, Pre: "a", PreN: 7, Raw: "3.12.0 alpha 7"}, true},
		{"3.13.0 candidate 2", Version{Major: 3, Minor: 13, HasMicro: true, Pre: "rc", PreN: 2, Raw: "3.13.0 candidate 2"}, true},
		{"3.12.4+", Version{Major: 3, Minor: 12, Micro: 4, HasMicro: true, Plus: true, Raw: "3.12.4+"}, true},
		{"v3.11.2", Version{Major: 3, Minor: 11, Micro: 2, HasMicro: true, Raw: "v3.11.2"}, true},
		{" 3.9.18 ", Version{Major: 3, Minor: 9, Micro: 18, HasMicro: true, Raw: "3.9.18"}, true},
		{"3", Version{}, false},
		{"3.", Version{}, false},
		{"3.x", Version{}, false},
		{"3.12.4.1", Version{}, false},
		{"3.12.4-1", Version{}, false},
		{"3.12abc", Version{}, false},
		{"python 3.12", Version{}, false},
		{"", Version{}, false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestVersionString(t *testing.T) {
	for in, want := range map[string]string{
		"3.12": "3.12", "v3.12.4": "3.12.4", "3.11.*": "3.11.x", "3.12.0 alpha 7": "3.12.0a7",
		"3.13.0 candidate 1": "3.13.0rc1", "3.12.4+": "3.12.4+",
	} {
		v, _ := Parse(in)
		if got := v.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
		}
	}
	v, _ := Parse("3.14.0b2")
	if v.Branch() != "3.14" {
		t.Errorf("Branch() = %q", v.Branch())
	}
}

func TestCompare(t *testing.T) {
	order := []string{"2.7.18", "3.12.0a1", "3.12.0a7", "3.12.0b1", "3.12.0rc1", "3.12.0", "3.12.1", "3.12.10", "3.13.0a1"}
	for i := range order {
		for j := range order {
			a, _ := Parse(order[i])
			b, _ := Parse(order[j])
			if got, want := Compare(a, b), sign(i-j); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
}
