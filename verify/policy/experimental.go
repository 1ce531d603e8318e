package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// experimental-feature: the report needs the free-threaded build, the JIT,
// or another feature the documentation calls experimental.
//
// It fires on the build or switch that turns such a feature on
// (--enable-experimental-jit, --disable-gil, PYTHON_JIT=1, PYTHON_GIL=0, a
// 3.13t interpreter), on "the free-threaded build"/"the JIT", and on
// "experimental" qualifying a feature — in a sentence that does not say the
// bug also happens without it ("also on the default build", "not specific
// to the free-threaded build").
var experimentalFeature = rule{id: "experimental-feature", check: checkExperimental}

var (
	experimentalTerm = lazyre.New(`(?i)--enable-experimental-jit\b|--disable-gil\b|\bPYTHON_JIT\s*=\s*1\b|\bPYTHON_GIL\s*=\s*0\b|\bexperimental[-\s]+(?:\S+\s+){0,2}?(?:jit|free[- ]thread\w*|feature|build|mode|api|module|option|support|interpreters?|backend|compiler|tier)\b|\bPy_GIL_DISABLED\b|\bfree[- ]threaded (?:build|mode|interpreter|python|cpython)\b|\bfree[- ]threading\b|\bno-?gil (?:build|python|interpreter)\b|\bjit[- ](?:build|enabled|compiler|mode)\b|\bthe jit\b|\bpython3\.\d+t\b|\b3\.1\d+t\b|\b(?:is|are|marked(?: as)?|documented as|considered) experimental\b`)
	// withoutIt says the bug does not need the experimental feature.
	withoutIt = lazyre.New(`(?i)\b(?:also|both|regardless|not (?:specific|limited|only|restricted)|default build|regular build|standard build|normal build|gil-enabled|with or without|with and without|unlike|even without|unrelated|not related)\b`)
)

// experimentalKeys guard experimentalTerm (gate.go): each alternative
// holds one of them but python3\.\d+t and 3\.1\d+t, which hold "3." and
// are checked further by tVersion.
var (
	experimentalKeys = keys("experimental", "gil", "jit", "free-thread", "free thread")
	threeKeys        = keys("3.")
)

func checkExperimental(in *Input) []report.Finding {
	v := in.prepare()
	if !v.mentions(experimentalKeys) && !v.mentions(threeKeys) {
		return nil
	}
	for _, s := range v.sents {
		if !s.keys.meets(experimentalKeys) && !(s.keys.meets(threeKeys) && tVersion(s.text)) {
			continue
		}
		loc := experimentalTerm.FindStringIndex(s.text)
		if loc == nil || withoutIt.MatchString(s.text) {
			continue
		}
		return []report.Finding{in.finding("experimental-feature", at(s, loc[0]),
			"the report needs an experimental feature (free-threaded build, JIT, ...), which is not eligible for security handling; open a public GitHub issue instead")}
	}
	return nil
}

// tVersion reports whether s may hold "3." and digits then "t" (in any
// case), which both python3\.\d+t and 3\.1\d+t need.
func tVersion(s string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], "3.")
		if k < 0 {
			return false
		}
		j := i + k + 2
		d := j
		for d < len(s) && s[d] >= '0' && s[d] <= '9' {
			d++
		}
		if d > j && d < len(s) && lower(s[d]) == 't' {
			return true
		}
		i = j
	}
}
