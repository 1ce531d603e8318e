package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// dependency-vuln: the flaw is in a library CPython uses (zlib, OpenSSL,
// expat, libffi, Tcl/Tk, SQLite, libmpdec, bzip2, xz, HACL*), and the
// report shows no misuse of it by CPython.
//
// It fires when a sentence makes the library the one at fault: the library
// (with an optional version bound) is the subject of a flaw ("libexpat
// before 2.4.9 has a use-after-free", "zlib 1.2.11 allows memory
// corruption"), or the flaw is said to be in it ("a heap overflow in the
// bundled expat"). Naming the library in passing ("linked against OpenSSL
// 3.0.13") does not fire, and neither does a report that says how CPython
// misuses the library ("does not check the return value of ...").
var dependencyVuln = rule{id: "dependency-vuln", check: checkDependency}

// depName matches the dependencies; SQLite without the 3 (sqlite3 is the
// stdlib module), Tcl/Tk as a pair or Tcl alone.
const depName = `(?:lib)?expat|zlib|open ?ssl|libssl|libcrypto|libffi|tcl(?:/tk)?|sqlite(?: library)?|libsqlite3?|libmpdec|mpdecimal|bzip2|libbz2|xz(?:-utils)?|liblzma|hacl\*?`

var (
	depSubject = lazyre.New(`(?i)\b(?:the )?(?:bundled |system |vendored |upstream |linked |old |older |outdated |vulnerable )*(` + depName + `)(?:\s+(?:before|through|prior to|older than|up to|<=?|versions? before))?(?:\s+v?\d+(?:\.\d+)+\w*)?(?:\s+and (?:older|earlier))?((?:\s+[\w-]+){0,4}?),?\s+(?:itself\s+)?(?:has|had|contains|contained|is vulnerable|was vulnerable|is affected|suffers|suffered|allows|allowed|permits|leaks|mishandles|is buggy)\b`)
	depFlawIn  = lazyre.New(`(?i)\b(?:use[- ]after[- ]free|overflow|out[- ]of[- ]bounds (?:read|write)|over-?read|double[- ]free|memory corruption|null pointer dereference|vulnerabilit(?:y|ies)|bug|flaw|crash|CVE-\d{4}-\d+)\s+(?:\S+\s+){0,4}?(?:in|inside|within|of)\s+(?:the\s+)?(?:bundled |system |vendored |upstream |linked |old |older |outdated |vulnerable )*(` + depName + `)\b`)
	depOwned   = lazyre.New(`(?i)\b(` + depName + `)(?:'s|’s)\s+(?:\S+\s+){0,2}?(?:use[- ]after[- ]free|overflow|over-?read|out[- ]of[- ]bounds|double[- ]free|bug|flaw|vulnerabilit(?:y|ies)|crash)`)
	// cpythonSide are words after a library's name that make it CPython's
	// own wrapper of the library.
	cpythonSide = lazyre.New(`(?i)\b(?:module|wrapper|bindings?|extension|support|integration)\b`)
	// cpythonMisuse says CPython uses the library wrongly: then the bug is
	// CPython's after all.
	cpythonMisuse = lazyre.New(`(?i)\b(?:c?python's (?:use|handling|wrapper) of|misus\w*|incorrect(?:ly)? (?:us|call|pass)\w*|wrong (?:size|length|argument|buffer|flags?)|(?:does not|doesn't|fails? to|never) (?:check|validate|verify|disallow|reject|initiali[sz]e)\w*|invalid value for the underlying|without (?:checking|validating|validation)|unchecked|ignores the return|\b(?:pass|passes|passed|hands?|forwards?)\b[^.]{0,40}?\b(?:straight|directly|as[- ]is|unchanged) to)`)
)

// Keyword guards (gate.go): no regex above can match a sentence that
// holds none of its keys.
var (
	// depKeys: every match of depSubject, depFlawIn and depOwned holds
	// one of the depName spellings, and each holds one of these.
	depKeys = keys("expat", "zlib", "ssl", "libcrypto", "libffi", "tcl", "sqlite", "libmpdec", "mpdecimal",
		"bzip2", "libbz2", "xz", "liblzma", "hacl")
	// misuseKeys: one per alternative of cpythonMisuse.
	misuseKeys = keys("python's", "misus", "incorrect", "wrong", "does not", "doesn't", "fail", "never",
		"invalid value", "without", "unchecked", "ignores the return", "straight", "directly", "as is", "as-is", "unchanged")
	depRes = []*lazyre.Regexp{depSubject, depFlawIn, depOwned}
)

func checkDependency(in *Input) []report.Finding {
	v := in.prepare()
	if !v.mentions(depKeys) {
		return nil
	}
	if v.mentions(misuseKeys) {
		for _, s := range v.sents {
			if s.keys.meets(misuseKeys) && cpythonMisuse.MatchString(s.text) {
				return nil
			}
		}
	}
	for _, s := range v.sents {
		if !s.keys.meets(depKeys) {
			continue
		}
		for _, re := range depRes {
			for _, m := range re.FindAllStringSubmatchIndex(s.text, -1) {
				if m[2] > 0 && s.text[m[2]-1] == '.' {
					continue // xml.parsers.expat: the stdlib module
				}
				if re == depSubject && m[4] >= 0 && cpythonSide.MatchString(s.text[m[4]:m[5]]) {
					continue // "the zlib module has": CPython's wrapper
				}
				return []report.Finding{in.finding("dependency-vuln", at(s, m[2]),
					"the flaw is in a library CPython depends on, not in CPython; report it to that project, unless CPython's use of the library is at fault (then show how)")}
			}
		}
	}
	return nil
}
