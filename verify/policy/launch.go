package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// launch-conditions: the attack needs control of how Python is started —
// PYTHON* environment variables, -X/-W or other command-line arguments —
// or changes to files on the target (.pth files, sitecustomize, the
// installed stdlib).
//
// A mention is not enough ("tested with PYTHON_JIT=1", "if TMP points at a
// shared folder"): the sentence must give the attacker control of the
// launch condition — an attacker word followed within a few words by a
// control verb and the condition ("an attacker who can place a file in a
// directory listed in PYTHONPATH"), the condition described as attacker-
// controlled ("a malicious .pth file", "PYTHONSTARTUP set by an attacker").
// A PoC that sets a code-loading PYTHON* variable and writes the file it
// loads is the attack itself.
var launchConditions = rule{id: "launch-conditions", check: checkLaunch}

var (
	// launchTerm is a launch condition named in prose.
	launchTerm = lazyre.New(`\bPYTHON[A-Z0-9_]+\b|(?i:\benvironment variables?\b|\benv vars?\b|\bcommand[- ]line (?:arguments?|options?|flags?|switch(?:es)?|parameters?)|\bargv\b|(?:^|\s)-[XW](?:\s|$)|\.pth\b|\b(?:site|user)customize\b|\bsite-packages\b|\b(?:installed|system) (?:standard library|stdlib)\b|\bLib/ directory\b|\bthe interpreter's (?:arguments|options|flags)\b)`)
	// attackerWord is someone hostile.
	attackerWord = lazyre.New(`(?i)\b(?:attackers?|adversar(?:y|ies)|malicious(?: user| local user| process)?|hostile|untrusted (?:user|party|local user))\b`)
	// controlVerb is the attacker acting on the condition.
	controlVerb = lazyre.New(`(?i)\b(?:set|sets|setting|control|controls|controlling|place|places|placing|plant|plants|planting|write|writes|writing|modify|modifies|modifying|inject|injects|injecting|pass|passes|passing|supply|supplies|supplying|drop|drops|dropping|add|adds|adding|put|puts|export|exports|exporting|point|points|pointing|influence|influences|tamper|tampers|override|overrides|change|changes|changing|create|creates|creating|prepend|prepends|append|appends|edit|edits)\b`)
	// controlledTerm is the condition described as hostile directly.
	controlledTerm = lazyre.New(`(?i)\b(?:malicious|attacker[- ]controlled|attacker[- ]supplied|poisoned|rogue|planted|tampered)\s+(?:\S+\s+){0,2}?(?:PYTHON[A-Z0-9_]+|environment variables?|\.pth|(?:site|user)customize|command[- ]line (?:arguments?|options?)|site-packages)|(?:PYTHON[A-Z0-9_]+|environment variables?|\.pth files?|(?:site|user)customize(?:\.py)?|command[- ]line (?:arguments?|options?))\s*,?\s+(?:(?:which|that)\s+)?(?:is |are |was |were |can be |may be )?(?:set|controlled|written|modified|planted|supplied|chosen) by (?:an? |the )?attackers?\b`)
	// loaderVar is a variable that makes Python load code from a path.
	loaderVar = lazyre.New(`\bPYTHON(?:PATH|STARTUP|HOME|USERBASE|PLATLIBDIR|EXECUTABLE)\b\s*["']?\s*[=:,]|environ\[\s*["']PYTHON(?:PATH|STARTUP|HOME|USERBASE)["']\s*\]\s*=`)
	// writesFile is code writing a file.
	writesFile = lazyre.New(`(?m)open\(.*["'][wax]b?\+?["']\s*\)|\.write_text\(|\.write_bytes\(`)
	// writesHook is code writing a .pth file or sitecustomize.
	writesHook = lazyre.New(`(?i)["'][^"'\n]*(?:\.pth|sitecustomize\.py|usercustomize\.py)["']`)
)

// launchWindow is how many words an attacker word may precede the launch
// condition it controls.
const launchWindow = 16

// Keyword guards (gate.go).
var (
	// controlledKeys: each alternative of controlledTerm holds one.
	controlledKeys = keys("malicious", "attacker", "poisoned", "rogue", "planted", "tampered")
	// attackerKeys: every attackerWord match holds one. A launch term
	// counts only with an attacker word in its sentence (attackerControls
	// looks before it, setToHostile after it).
	attackerKeys = keys("attacker", "adversar", "malicious", "hostile", "untrusted")
	// hookKeys: every writesHook match holds one.
	hookKeys = keys(".pth", "customize.py")
)

func checkLaunch(in *Input) []report.Finding {
	v := in.prepare()
	if v.mentions(controlledKeys) || v.mentions(attackerKeys) {
		for _, s := range v.sents {
			if s.keys.meets(controlledKeys) {
				if loc := controlledTerm.FindStringIndex(s.text); loc != nil {
					return []report.Finding{launchFinding(in, at(s, loc[0]))}
				}
			}
			if !s.keys.meets(attackerKeys) {
				continue
			}
			for _, t := range launchTerm.FindAllStringIndex(s.text, -1) {
				if attackerControls(s.text, t[0]) || setToHostile(s.text, t[0], t[1]) {
					return []report.Finding{launchFinding(in, at(s, t[0]))}
				}
			}
		}
	}
	for _, c := range v.code {
		if !c.python {
			continue
		}
		if strings.Contains(c.text, "PYTHON") { // loaderVar is case-sensitive
			if loc := loaderVar.FindStringIndex(c.text); loc != nil && writesFile.MatchString(c.text) {
				return []report.Finding{launchFinding(in, codeOffset(c, loc[0]))}
			}
		}
		if scanKeys(c.text).meets(hookKeys) {
			if loc := writesHook.FindStringIndex(c.text); loc != nil && writesFile.MatchString(c.text) {
				return []report.Finding{launchFinding(in, codeOffset(c, loc[0]))}
			}
		}
	}
	return nil
}

func launchFinding(in *Input, off int) report.Finding {
	return in.finding("launch-conditions", off,
		"the attack needs control of Python's launch conditions (environment variables, command-line options or files such as .pth/sitecustomize); the policy assumes those are as the user intended — show an attack that does not need them")
}

// attackerControls reports whether, before the launch condition at term
// in sentence s, an attacker word is followed by a control verb within
// launchWindow words of the condition.
func attackerControls(s string, term int) bool {
	before := s[:term]
	locs := attackerWord.FindAllStringIndex(before, -1)
	if len(locs) == 0 {
		return false
	}
	a := locs[len(locs)-1]
	between := before[a[1]:]
	if countWords(between) > launchWindow {
		return false
	}
	return controlVerb.MatchString(between)
}

// setToHostile reports whether the launch condition at [from, to) is set
// ("Setting PYTHONPATH to a directory with a malicious json.py"): a
// control verb at most three words before it and an attacker word at most
// twelve words after it.
func setToHostile(s string, from, to int) bool {
	before := lastWords(s[:from], 3)
	if !controlVerb.MatchString(before) {
		return false
	}
	after := s[to:]
	loc := attackerWord.FindStringIndex(after)
	return loc != nil && countWords(after[:loc[0]]) <= 12
}

// lastWords returns the last n words of s.
func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// codeOffset maps byte i of a piece of code to a text offset.
func codeOffset(c codeText, i int) int {
	if c.block != nil {
		return c.block.TextOffset(i)
	}
	return c.off + i
}
