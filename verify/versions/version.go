// Package versions knows which CPython versions exist: it holds the project's
// release table (every release with its date, every branch's lifecycle),
// judges whether a version a report claims could have been real on the
// report's date, and finds the Python version strings written in a report.
//
// The package embeds nothing: the caller passes the bytes of releases.json
// to Load, so the data can live beside the other committed snapshots.
package versions

import (
	"strconv"
	"strings"
)

// Version is one Python version as written, for example "3.12.4",
// "3.14.0b2", "3.11.x" or "3.10".
type Version struct {
	Major, Minor, Micro int
	// Pre is the prerelease stage: "a", "b", "rc", or "" for a final release.
	Pre  string
	PreN int
	// Raw is the text the version was parsed from, unchanged.
	Raw string
	// HasMicro is false for a branch-only spelling such as "3.10".
	HasMicro bool
	// Wildcard is set for "3.11.x" and "3.11.*": any micro of the branch.
	Wildcard bool
	// Plus is set for "3.12.4+": a build after 3.12.4 (or "3.12.4 and
	// later" in prose). It is judged as 3.12.4.
	Plus bool
}

// Parse reads one version: "3.12", "3.12.4", "3.12.x", "3.14.0b2",
// "3.13.0rc1", "3.12.0 alpha 7", "3.12.4+", "v3.11.2". Surrounding spaces
// are ignored; anything else around the version makes it fail.
func Parse(s string) (Version, bool) {
	trimmed := strings.TrimSpace(s)
	v, n := parseAt(trimmed, 0)
	if n == 0 || n != len(trimmed) {
		return Version{}, false
	}
	v.Raw = trimmed
	return v, true
}

// parseAt parses a version starting exactly at s[i] and returns it with the
// number of bytes consumed (0 when there is no version there). It does not
// look at what precedes s[i] nor check what follows the version: callers
// that scan prose decide that themselves.
func parseAt(s string, i int) (Version, int) {
	start := i
	if i < len(s) && (s[i] == 'v' || s[i] == 'V') {
		i++
	}
	major, j := digits(s, i, 2)
	if j == i || j >= len(s) || s[j] != '.' {
		return Version{}, 0
	}
	i = j + 1
	minor, j := digits(s, i, 2)
	if j == i {
		return Version{}, 0
	}
	v := Version{Major: major, Minor: minor}
	i = j
	if i+1 < len(s) && s[i] == '.' {
		switch c := s[i+1]; {
		case c == 'x' || c == 'X' || c == '*':
			if !(i+2 < len(s) && isAlnum(s[i+2])) {
				v.Wildcard = true
				i += 2
			}
		case isDigit(c):
			micro, k := digits(s, i+1, 3)
			if k < len(s) && isDigit(s[k]) {
				return Version{}, 0 // a four-digit micro is not a version
			}
			v.Micro, v.HasMicro = micro, true
			i = k
		}
	}
	if !v.Wildcard {
		if pre, n, k := parsePre(s, i); k > i {
			v.Pre, v.PreN, i = pre, n, k
		}
	}
	if i < len(s) && s[i] == '+' && !(i+1 < len(s) && (isAlnum(s[i+1]) || s[i+1] == '+')) {
		v.Plus = true
		i++
	}
	v.Raw = s[start:i]
	return v, i - start
}

// preWords maps the spellings of a prerelease stage to the normalised one.
// The long forms come from release announcements ("3.12.0 alpha 7"); "c" is
// the 2.x spelling of a release candidate ("2.0c1").
var preWords = []struct{ word, norm string }{
	{"release candidate ", "rc"},
	{"candidate ", "rc"},
	{"alpha ", "a"},
	{"beta ", "b"},
	{"rc", "rc"},
	{"a", "a"},
	{"b", "b"},
	{"c", "rc"},
}

// parsePre reads a prerelease suffix at s[i]: "b2", "rc1", " rc1",
// " alpha 7". It returns the end position k == i when there is none.
func parsePre(s string, i int) (pre string, n, k int) {
	for _, spaced := range []bool{false, true} {
		at := i
		if spaced {
			if at >= len(s) || s[at] != ' ' {
				return "", 0, i
			}
			at++
		}
		rest := s[at:]
		for _, w := range preWords {
			long := strings.HasSuffix(w.word, " ")
			if !spaced && long {
				continue // "3.12.0alpha 7" is not a spelling anyone uses
			}
			if len(rest) < len(w.word) || !strings.EqualFold(rest[:len(w.word)], w.word) {
				continue
			}
			num, end := digits(s, at+len(w.word), 2)
			if end == at+len(w.word) || (end < len(s) && isAlnum(s[end])) {
				continue
			}
			return w.norm, num, end
		}
	}
	return "", 0, i
}

// digits reads up to max decimal digits at s[i].
func digits(s string, i, max int) (int, int) {
	j := i
	for j < len(s) && j-i < max && isDigit(s[j]) {
		j++
	}
	if j == i {
		return 0, i
	}
	n, _ := strconv.Atoi(s[i:j])
	return n, j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) || c == '_' }

// Branch returns the branch ("minor version") the version belongs to, such
// as "3.12". (It cannot be called Minor: that is the field.)
func (v Version) Branch() string {
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
}

// String returns the normalised spelling: "3.12.4", "3.14.0b2", "3.11.x",
// "3.10", "3.12.4+".
func (v Version) String() string {
	b := make([]byte, 0, 16)
	b = strconv.AppendInt(b, int64(v.Major), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(v.Minor), 10)
	switch {
	case v.Wildcard:
		b = append(b, ".x"...)
	case v.HasMicro:
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(v.Micro), 10)
	}
	if v.Pre != "" {
		b = append(b, v.Pre...)
		b = strconv.AppendInt(b, int64(v.PreN), 10)
	}
	if v.Plus {
		b = append(b, '+')
	}
	return string(b)
}

// IsPrerelease reports whether the version names an alpha, beta or release
// candidate.
func (v Version) IsPrerelease() bool { return v.Pre != "" }

// preRank orders stages: alphas before betas before candidates before the
// final release.
func preRank(pre string) int {
	switch pre {
	case "a":
		return 0
	case "b":
		return 1
	case "rc":
		return 2
	}
	return 3
}

// Compare orders versions by release order: 3.12.0a1 < 3.12.0rc1 < 3.12.0 <
// 3.12.1. A branch-only or wildcard version sorts as its micro 0 final.
func Compare(a, b Version) int {
	for _, d := range [...]int{a.Major - b.Major, a.Minor - b.Minor, a.Micro - b.Micro,
		preRank(a.Pre) - preRank(b.Pre), a.PreN - b.PreN} {
		if d != 0 {
			return sign(d)
		}
	}
	return 0
}

func sign(d int) int {
	if d < 0 {
		return -1
	}
	if d > 0 {
		return 1
	}
	return 0
}
