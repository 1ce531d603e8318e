package policy

import (
	"regexp"

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
	experimentalTerm = regexp.MustCompile(`(?i)--enable-experimental-jit\b|--disable-gil\b|\bPYTHON_JIT\s*=\s*1\b|\bPYTHON_GIL\s*=\s*0\b|\bexperimental[-\s]+(?:\S+\s+){0,2}?(?:jit|free[- ]thread\w*|feature|build|mode|api|module|option|support|interpreters?|backend|compiler|tier)\b|\bPy_GIL_DISABLED\b|\bfree[- ]threaded (?:build|mode|interpreter|python|cpython)\b|\bfree[- ]threading\b|\bno-?gil (?:build|python|interpreter)\b|\bjit[- ](?:build|enabled|compiler|mode)\b|\bthe jit\b|\bpython3\.\d+t\b|\b3\.1\d+t\b|\b(?:is|are|marked(?: as)?|documented as|considered) experimental\b`)
	// withoutIt says the bug does not need the experimental feature.
	withoutIt = regexp.MustCompile(`(?i)\b(?:also|both|regardless|not (?:specific|limited|only|restricted)|default build|regular build|standard build|normal build|gil-enabled|with or without|with and without|unlike|even without|unrelated|not related)\b`)
)

func checkExperimental(in *Input) []report.Finding {
	v := in.prepare()
	for _, s := range v.sents {
		loc := experimentalTerm.FindStringIndex(s.text)
		if loc == nil || withoutIt.MatchString(s.text) {
			continue
		}
		return []report.Finding{in.finding("experimental-feature", at(s, loc[0]),
			"the report needs an experimental feature (free-threaded build, JIT, ...), which is not eligible for security handling; open a public GitHub issue instead")}
	}
	return nil
}
