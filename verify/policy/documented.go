package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"
	"slices"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// documented-behavior: the report's vulnerability is pickle, marshal,
// shelve, eval(), exec() or ctypes doing what their documentation says.
//
// It fires when a sentence puts one of those sinks together with data of
// untrusted origin ("unpickling attacker-supplied data"), or ctypes together
// with access to arbitrary memory; or when the PoC uses nothing of the
// stdlib but those sinks (and plumbing such as os, io, base64). It does not
// fire when the same sentence describes a memory-safety bug in the sink's C
// code (an overflow is a real bug), nor when the report is about a
// restriction mechanism failing (Unpickler.find_class).
var documentedBehavior = rule{id: "documented-behavior", check: checkDocumented}

var (
	// sinkWord finds a sink named in prose: pickle and its forms, marshal,
	// shelve, and eval/exec as builtins (not os.exec*, not literal_eval).
	sinkWord = lazyre.New(`(?i)\b(?:c?pickl\w*|unpickl\w*|marshal(?:\.\w+)?|shelve)\b|(?:^|[^\w.])(?:eval|exec)\b`)
	// untrustedData is data of an attacker's making.
	untrustedData = lazyre.New(`(?i)\b(?:untrusted|attacker[- ]?(?:controlled|supplied|provided|crafted)|attacker|malicious(?:ly)?|crafted|user[- ](?:supplied|controlled|provided)|user input|untrusted input|from the network|over the network|remote (?:input|data|peer|client)|(?:downloaded|received|fetched|read|loaded) from (?:the |a |an )?(?:internet|network|socket|client|clients|users?|remote \w+|web|request|upload\w*)|query (?:string|parameters?)|form (?:data|input|fields?)|request (?:data|body|parameters?))\b`)
	ctypesWord    = lazyre.New(`(?i)\bctypes\b`)
	// memoryAccess is what ctypes is documented to allow.
	memoryAccess = lazyre.New(`(?i)\b(?:any|arbitrary) (?:address(?:es)?|memory|location|pointer)|\b(?:read|write|modify|overwrite|corrupt)\w* (?:to |from )?(?:any|arbitrary) (?:address|memory|location)|\bmemmove\b|\bctypes\.cast\b|\bstring_at\b|\bfrom_address\b`)
	// memoryBug marks a real bug in the sink's own C code.
	memoryBug = lazyre.New(`(?i)\b(?:buffer overflow|overflow\w*|out[- ]of[- ]bounds|use[- ]after[- ]free|double[- ]free|over-?read|under-?flow|null pointer)\b`)
	// mechanismBypass marks a report about a restriction failing.
	mechanismBypass = lazyre.New(`(?i)\bfind_class\b|restricted unpickl\w*|\bsafe_(?:load|loads)\b`)
	// sinkCall finds a sink used in code.
	sinkCall = lazyre.New(`\b(?:c?[pP]ickle|_pickle|marshal)\.(?:loads?|Unpickler)\b|\bshelve\.open\b|\bctypes\.\w+|(?:^|[^\w.])(?:eval|exec)\s*\(`)
)

// sinkModules are the modules whose documented behaviour is the hazard;
// plumbingModules are what a PoC needs around them to build a payload.
var (
	sinkModules     = []string{"pickle", "_pickle", "cPickle", "marshal", "shelve", "ctypes"}
	plumbingModules = []string{"os", "sys", "io", "base64", "binascii", "codecs", "struct", "subprocess", "builtins", "time", "types", "tempfile", "pathlib"}
)

// Keyword guards (gate.go), one per alternative of the regex they guard.
var (
	sinkKeys      = keys("pickl", "marshal", "shelve", "eval", "exec")
	ctypesKeys    = keys("ctypes")
	memoryBugKeys = keys("overflow", "bounds", "after free", "after-free", "double free", "double-free",
		"overread", "over-read", "underflow", "under-flow", "null pointer")
)

func checkDocumented(in *Input) []report.Finding {
	v := in.prepare()
	if (mayBypass(in.Report.Text) && mechanismBypass.MatchString(in.Report.Text)) ||
		(mayBypass(in.Report.Title) && mechanismBypass.MatchString(in.Report.Title)) {
		return nil
	}
	// The sink must be what the report is about: a report whose subject
	// names another stdlib module (multiprocessing handing pickles to the
	// wrong user) is about that module.
	for _, m := range v.subjectModules() {
		if in.isStdlib(m) && !slices.Contains(sinkModules, m) && !slices.Contains(plumbingModules, m) {
			return nil
		}
	}
	memBug := v.mentions(memoryBugKeys)
	if v.mentions(ctypesKeys) || v.mentions(sinkKeys) {
		for _, s := range v.sents {
			// ctypes crashing on a bad address is what it is documented to
			// do, so memory-bug words do not excuse it here.
			if s.keys.meets(ctypesKeys) {
				if loc := ctypesWord.FindStringIndex(s.text); loc != nil && memoryAccess.MatchString(s.text) {
					return []report.Finding{in.finding("documented-behavior", at(s, loc[0]),
						"ctypes is documented to read and write arbitrary memory; a PoC that corrupts memory through it is not a vulnerability in CPython")}
				}
			}
			if memBug && s.keys.meets(memoryBugKeys) && memoryBug.MatchString(s.text) {
				continue
			}
			if s.keys.meets(sinkKeys) {
				if loc := sinkWord.FindStringIndex(s.text); loc != nil && untrustedData.MatchString(s.text) {
					return []report.Finding{in.finding("documented-behavior", at(s, loc[0]),
						"the vulnerability is that a documented code-execution API (pickle, marshal, shelve, eval, exec) runs untrusted input; that is its documented behaviour — show a flaw in CPython itself, or drop the report")}
				}
			}
		}
	}
	// A memory-safety bug reached through a sink is a bug in its C code.
	if memBug {
		for _, s := range v.sents {
			if s.keys.meets(memoryBugKeys) && memoryBug.MatchString(s.text) {
				return nil
			}
		}
	}
	if c, ok := sinkOnlyPoC(v); ok {
		return []report.Finding{in.finding("documented-behavior", c.off,
			"the PoC uses only pickle/marshal/shelve/ctypes (or eval/exec), which are documented to execute code or touch memory; show the flaw in another part of CPython")}
	}
	return nil
}

// sinkOnlyPoC returns the first Python block that uses a sink when all
// the report's Python code together imports nothing but sinks and
// plumbing, at least one sink among them.
func sinkOnlyPoC(v *view) (codeText, bool) {
	sinks := 0
	var first *codeText
	for i := range v.code {
		c := &v.code[i]
		if !c.python {
			continue
		}
		for _, m := range imports(c.text) {
			switch {
			case slices.Contains(sinkModules, m):
				sinks++
			case slices.Contains(plumbingModules, m):
			default:
				return codeText{}, false // another module is involved
			}
		}
		if first == nil && mayCallSink(c.text) && sinkCall.MatchString(c.text) {
			first = c
		}
	}
	if sinks == 0 || first == nil {
		return codeText{}, false
	}
	return *first, true
}

// mayBypass reports whether s may hold find_class, safe_load or
// "restricted unpickl" in any case, which every mechanismBypass match
// holds. It looks only around the underscores and k's of s, not at every
// byte: it runs over the whole report text, code included.
func mayBypass(s string) bool {
	if exotic(s) {
		return true
	}
	near := func(i int, key string, at int) bool { // key[at] is s[i]
		return i >= at && i-at+len(key) <= len(s) && equalLowerASCII(s[i-at:i-at+len(key)], key)
	}
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], '_')
		if k < 0 {
			break
		}
		i += k
		if near(i, "find_class", 4) || near(i, "safe_load", 4) {
			return true
		}
	}
	for _, c := range [...]byte{'k', 'K'} {
		for i := 0; ; i++ {
			k := strings.IndexByte(s[i:], c)
			if k < 0 {
				break
			}
			i += k
			if near(i, "restricted unpickl", 16) {
				return true
			}
		}
	}
	return false
}

// mayCallSink reports whether code holds a literal every sinkCall match
// holds (sinkCall is case-sensitive).
func mayCallSink(code string) bool {
	for _, k := range [...]string{"ickle.", "marshal.", "shelve.open", "ctypes.", "eval", "exec"} {
		if strings.Contains(code, k) {
			return true
		}
	}
	return false
}

// at returns the text offset of byte i of a sentence (the title field
// stays at -1).
func at(s sentence, i int) int {
	if s.off < 0 {
		return -1
	}
	return s.off + i
}
