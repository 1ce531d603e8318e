package policy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rules' regular expressions are costly to run over every sentence
// (big case-insensitive alternations, \b on both sides, lazy quantifiers),
// and nearly every sentence of a report cannot match them. So each regex
// is guarded by keywords it cannot match without: one pass over a
// sentence finds which of all the rules' keywords it holds (its keySet),
// and a regex runs only on sentences holding one of its own. The guards
// only ever skip work — whenever a regex could match, it still decides —
// so the rules behave exactly as they would on every sentence.
//
// Keywords are lowercase ASCII and matched ignoring ASCII case. Under (?i)
// Go's regexp also folds two non-ASCII runes onto ASCII letters: the
// Kelvin sign K (k) and the long s ſ (s). A text holding either is
// "exotic" and holds every keyword as far as the guards are concerned.

// keySet is a set of keywords, by their index in keywords.
type keySet [2]uint64

// meets reports whether the sets share a keyword.
func (a keySet) meets(b keySet) bool { return a[0]&b[0] != 0 || a[1]&b[1] != 0 }

func (a *keySet) add(b keySet) { a[0] |= b[0]; a[1] |= b[1] }

// allKeys is the key set of an exotic text.
var allKeys = keySet{^uint64(0), ^uint64(0)}

// keywords are every rule's keywords; keys registers them.
var keywords []string

// keys returns the set of the given keywords, registering new ones. It is
// called only while the package's variables are initialised.
func keys(words ...string) keySet {
	var s keySet
	for _, w := range words {
		if len(w) < 2 || w != strings.ToLower(w) {
			panic(fmt.Sprintf("policy: keyword %q: want lowercase ASCII, two bytes or more", w))
		}
		id := -1
		for i, k := range keywords {
			if k == w {
				id = i
			}
		}
		if id < 0 {
			id = len(keywords)
			keywords = append(keywords, w)
		}
		if id >= 128 {
			panic("policy: more than 128 keywords")
		}
		s[id/64] |= 1 << (id % 64)
	}
	return s
}

// The scanner's tables, built by init once every keyword is registered:
// pairs[c0] has bit c1 set when a keyword starts with c0 c1, and byFirst
// lists the keywords starting with each byte.
var (
	pairs   [256][4]uint64
	byFirst [256][]uint8
)

func init() {
	for id, k := range keywords {
		c0, c1 := k[0], k[1]
		pairs[c0][c1/64] |= 1 << (c1 % 64)
		byFirst[c0] = append(byFirst[c0], uint8(id))
	}
}

// lower is ASCII lowercasing of one byte.
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// scanKeys returns the keywords s holds, ignoring ASCII case; an exotic
// s holds them all.
func scanKeys(s string) keySet {
	var out keySet
	for i := 0; i+1 < len(s); i++ {
		c0 := lower(s[i])
		if c0 >= utf8.RuneSelf {
			if exoticAt(s, i) {
				return allKeys
			}
			continue
		}
		c1 := lower(s[i+1])
		if pairs[c0][c1/64]&(1<<(c1%64)) == 0 {
			continue
		}
		for _, id := range byFirst[c0] {
			k := keywords[id]
			if k[1] == c1 && i+len(k) <= len(s) && equalLowerASCII(s[i+2:i+len(k)], k[2:]) {
				out[id/64] |= 1 << (id % 64)
			}
		}
	}
	return out
}

// exoticAt reports whether s[i:] starts with K or ſ, which (?i) matches
// as k and s.
func exoticAt(s string, i int) bool {
	return strings.HasPrefix(s[i:], "\u212a") || strings.HasPrefix(s[i:], "\u017f")
}

// exotic reports whether s holds K or ſ anywhere.
func exotic(s string) bool {
	return strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f")
}

// equalLowerASCII reports whether s lowercased (ASCII) equals low.
func equalLowerASCII(s, low string) bool {
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != low[i] {
			return false
		}
	}
	return true
}

// hasWord reports whether s may hold one of the lowercase words of set as
// a whole ASCII word, in any case: a maximal run of [0-9A-Za-z_], as \b
// sees words. maxLen is the longest word of the set.
func hasWord(s string, set map[string]bool, maxLen int) bool {
	if exotic(s) {
		return true
	}
	var buf [32]byte
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if n := j - i; n <= maxLen && n <= len(buf) {
			for k := 0; k < n; k++ {
				buf[k] = lower(s[i+k])
			}
			if set[string(buf[:n])] {
				return true
			}
		}
		i = j
	}
	return false
}

// wordSet makes a set of lowercase words, and returns its longest word's
// length.
func wordSet(words ...[]string) (map[string]bool, int) {
	m := map[string]bool{}
	n := 0
	for _, ws := range words {
		for _, w := range ws {
			m[strings.ToLower(w)] = true
			n = max(n, len(w))
		}
	}
	return m, n
}

// trimLeadLen is len(s) - len(strings.TrimLeft(s, " \t\r\n")).
func trimLeadLen(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

// fieldCount is len(strings.Fields(s)) without building the fields.
func fieldCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		var sp bool
		if c < utf8.RuneSelf {
			sp = asciiSpace(c)
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
			i += size
		}
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// lastField is the last element of strings.Fields(s), or "" when s has
// no field.
func lastField(s string) string {
	// Fast path: the last field and what follows it are ASCII, and an
	// ASCII space (or the start) precedes it. No multi-byte rune, valid or
	// not, can take in an ASCII byte, so Fields would cut s there too.
	end := len(s)
	for end > 0 && s[end-1] < utf8.RuneSelf && asciiSpace(s[end-1]) {
		end--
	}
	j := end
	for j > 0 && s[j-1] < utf8.RuneSelf && !asciiSpace(s[j-1]) {
		j--
	}
	if j == 0 || s[j-1] < utf8.RuneSelf {
		return s[j:end]
	}
	return lastFieldSlow(s)
}

func lastFieldSlow(s string) string {
	end := -1 // end of the last field seen
	start := 0
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		var sp bool
		size := 1
		if c < utf8.RuneSelf {
			sp = asciiSpace(c)
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
		}
		if !sp {
			if !in {
				start = i
			}
			end = i + size
		}
		in = !sp
		i += size
	}
	if end < 0 {
		return ""
	}
	return s[start:end]
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
