package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"

	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// genMatch appends to b a random string that re's syntax tree describes
// (anchors and \b ignored, so the caller checks the result matches).
// Folded literals come in random case; a class picks ASCII members mostly,
// sometimes others (such as K and ſ, which (?i) classes include).
func genMatch(r *rand.Rand, re *syntax.Regexp, b *strings.Builder) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				switch x := r.IntN(40); {
				case x == 0 && (c == 'k' || c == 'K'):
					c = '\u212a'
				case x == 0 && (c == 's' || c == 'S'):
					c = '\u017f'
				case x < 20 && c < utf8.RuneSelf:
					c = rune(strings.ToUpper(string(c))[0])
				case c < utf8.RuneSelf:
					c = rune(strings.ToLower(string(c))[0])
				}
			}
			b.WriteRune(c)
		}
	case syntax.OpCharClass:
		b.WriteRune(classRune(r, re.Rune))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte("abc xyz.-_'0"[r.IntN(12)])
	case syntax.OpCapture:
		genMatch(r, re.Sub[0], b)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 3
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 || hi > lo+3 {
				hi = lo + 3
			}
		}
		for n := lo + r.IntN(hi-lo+1); n > 0; n-- {
			genMatch(r, re.Sub[0], b)
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			genMatch(r, s, b)
		}
	case syntax.OpAlternate:
		genMatch(r, re.Sub[r.IntN(len(re.Sub))], b)
	}
}

// classRune picks a member of a class given as rune ranges.
func classRune(r *rand.Rand, ranges []rune) rune {
	var ascii []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := ranges[i]; c <= ranges[i+1] && c < utf8.RuneSelf; c++ {
			if c >= ' ' || c == '\t' || c == '\n' {
				ascii = append(ascii, c)
			}
		}
	}
	if len(ascii) > 0 && r.IntN(20) > 0 {
		return ascii[r.IntN(len(ascii))]
	}
	i := 2 * r.IntN(len(ranges)/2)
	lo, hi := ranges[i], ranges[i+1]
	return lo + rune(r.IntN(int(min(hi-lo, 200))+1))
}

// contexts surround generated matches: the guards must hold whatever is
// around them.
var contexts = []string{"", " ", "The ", "x ", "`", "(", " and then ", ". ", "\n", "é ", "A ", "1 "}

// TestGuardsNeverHideAMatch checks, on random strings each guarded regex
// matches, that its guard lets the string through: the guards may only
// skip text a regex cannot match.
func TestGuardsNeverHideAMatch(t *testing.T) {
	keyed := func(k keySet) func(string) bool {
		return func(s string) bool { return scanKeys(s).meets(k) }
	}
	guards := []struct {
		name  string
		re    *lazyre.Regexp
		guard func(string) bool
	}{
		{"depSubject", depSubject, keyed(depKeys)},
		{"depFlawIn", depFlawIn, keyed(depKeys)},
		{"depOwned", depOwned, keyed(depKeys)},
		{"cpythonMisuse", cpythonMisuse, keyed(misuseKeys)},
		{"sinkWord", sinkWord, keyed(sinkKeys)},
		{"ctypesWord", ctypesWord, keyed(ctypesKeys)},
		{"memoryBug", memoryBug, keyed(memoryBugKeys)},
		{"mechanismBypass", mechanismBypass, mayBypass},
		{"sinkCall", sinkCall, mayCallSink},
		{"controlledTerm", controlledTerm, keyed(controlledKeys)},
		{"attackerWord", attackerWord, keyed(attackerKeys)},
		{"loaderVar", loaderVar, func(s string) bool { return strings.Contains(s, "PYTHON") }},
		{"writesHook", writesHook, keyed(hookKeys)},
		{"experimentalTerm", experimentalTerm, func(s string) bool {
			k := scanKeys(s)
			return k.meets(experimentalKeys) || k.meets(threeKeys) && tVersion(s)
		}},
		{"severityText", severityText, keyed(severityKeys)},
		{"siteRe", siteRe, keyed(siteKeys)},
		{"thirdPartyRe", thirdPartyRe, func(s string) bool { return hasWord(s, thirdPartyWords, thirdPartyLen) }},
		{"ambiguousRe", ambiguousRe, func(s string) bool { return hasWord(s, ambiguousWords, ambiguousLen) }},
		{"thirdPartyGeneric", thirdPartyGeneric, keyed(genericKeys)},
		{"installedFrom", installedFrom, keyed(installedKeys)},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, g := range guards {
		tree, err := syntax.Parse(g.re.String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		matched := 0
		for range 4000 {
			var b strings.Builder
			b.WriteString(contexts[r.IntN(len(contexts))])
			genMatch(r, tree, &b)
			b.WriteString(contexts[r.IntN(len(contexts))])
			s := b.String()
			if !g.re.MatchString(s) {
				continue
			}
			matched++
			if !g.guard(s) {
				t.Errorf("%s matches %q, but its guard skips it", g.name, s)
			}
		}
		if matched < 1000 {
			t.Errorf("%s: only %d of the generated strings match; the test proves little", g.name, matched)
		}
	}
}

// moduleRef is the regular expression moduleRefs stands in for.
var moduleRef = regexp.MustCompile("\\b([a-z_][a-z0-9_]*)\\.[A-Za-z_]|`([a-z_][a-z0-9_]*)[`.(]|\\b([a-z_][a-z0-9_]*) (?:module|package)\\b")

func TestModuleRefsAsRegexp(t *testing.T) {
	pieces := []string{"a", "zip", "file", "_", "0", "9", "Z", "Path", ".", "`", "(", " ", "module", "package", "modules", "\n", "é", "\xff", "-", "x.y", "the "}
	r := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var b strings.Builder
		for n := r.IntN(12); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		var want []string
		for _, m := range moduleRef.FindAllStringSubmatch(s, -1) {
			for _, g := range m[1:] {
				if g != "" {
					want = append(want, g)
				}
			}
		}
		if got := moduleRefs(nil, s); !slices.Equal(got, want) {
			t.Fatalf("moduleRefs(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFieldHelpers checks the allocation-free stand-ins for strings.Fields
// and strings.TrimLeft against the real ones, Unicode spaces and broken
// UTF-8 included.
func TestFieldHelpers(t *testing.T) {
	pieces := []string{"a", "bc", " ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u3000", "\u2028", "é", "\xff", "\xe3\x80", "\xc2", ".", "e.g"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		var b strings.Builder
		for n := r.IntN(8); n >= 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		f := strings.Fields(s)
		if got := fieldCount(s); got != len(f) {
			t.Fatalf("fieldCount(%q) = %d, want %d", s, got, len(f))
		}
		last := ""
		if len(f) > 0 {
			last = f[len(f)-1]
		}
		if got := lastField(s); got != last {
			t.Fatalf("lastField(%q) = %q, want %q", s, got, last)
		}
		if got, want := trimLeadLen(s), len(s)-len(strings.TrimLeft(s, " \t\r\n")); got != want {
			t.Fatalf("trimLeadLen(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestScanKeys checks the keyword scanner against strings.Contains on a
// lowercase copy, and that K and ſ open every guard.
func TestScanKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var b strings.Builder
		for n := r.IntN(6); n >= 0; n-- {
			k := keywords[r.IntN(len(keywords))]
			if r.IntN(2) == 0 {
				k = strings.ToUpper(k)
			}
			if r.IntN(3) == 0 && len(k) > 2 {
				k = k[:r.IntN(len(k))] // a broken keyword
			}
			b.WriteString(k)
			b.WriteString([]string{"", " ", "x", "é"}[r.IntN(4)])
		}
		s := b.String()
		low := strings.ToLower(s)
		var want keySet
		for id, k := range keywords {
			if strings.Contains(low, k) {
				want[id/64] |= 1 << (id % 64)
			}
		}
		if got := scanKeys(s); got != want {
			t.Fatalf("scanKeys(%q) = %x, want %x", s, got, want)
		}
	}
	for _, s := range []string{"\u212a", "x \u017f y"} {
		if scanKeys(s) != allKeys || !hasWord(s, thirdPartyWords, thirdPartyLen) || !mayBypass(s) {
			t.Errorf("%q does not open every guard", s)
		}
	}
}
