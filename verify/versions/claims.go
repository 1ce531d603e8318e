package versions

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Claim is one Python version written in a report.
type Claim struct {
	// Text is the span as written: "3.12.4", "v3.11.2", "3.12.0 alpha 7",
	// or "main branch" for a Main claim without a version.
	Text    string
	Version Version // zero for a Main claim without a version
	// Offset is the byte offset of Text; Line and Column (in bytes) are
	// 1-based. An expanded range member points at the range's start.
	Offset, Line, Column int
	// Tested is set when the version appears where the report says what it
	// was tested, reproduced or confirmed on, or what is affected or
	// vulnerable ("Tested on 3.12.4", "Python versions: ...",
	// "| 3.12.5 | vulnerable |"), and not for "fixed in 3.12.6".
	Tested bool
	// Range is set for both written ends of "3.10–3.13" and for the minors
	// expanded between them.
	Range bool
	// Expanded marks a minor that is not written but lies inside a range
	// (3.11 and 3.12 in "3.10–3.13"); Text is then the whole range.
	Expanded bool
	// Main is set for "the main branch", "on main", "main (3.15.0a0)".
	Main bool
}

// FindVersions returns every Python version written in text, in order of
// position, with range members expanded after their range's start. Python
// versions are 2.x and 3.x; versions of other software (OpenSSL 3.0.13,
// expat 2.6.0, SQLite 3.45.1), IP addresses, dates, CVE ids, diff hunk
// headers and measurements (2.5 seconds) are left out by looking at the
// words around each number.
func FindVersions(text string) []Claim {
	s := newScanner(text)
	s.findCandidates()
	s.acceptBackwards()
	s.findMain()
	sort.SliceStable(s.claims, func(i, j int) bool { return s.claims[i].Offset < s.claims[j].Offset })
	for i := range s.claims {
		s.claims[i].Tested = s.tested(&s.claims[i])
	}
	return s.expandRanges()
}

// scanner holds one text and the claims found so far.
type scanner struct {
	text       string
	lineStarts []int
	labelled   []bool // per line: inside a "Tested on:" block
	// candidates are every dotted number looked at, accepted or not: a
	// version next to a rejected one ("OpenSSL 1.1.1 and 3.0.13") shares
	// its fate.
	candidates []candidate
	claims     []Claim
}

type candidate struct {
	start, end int
	verdict    candidateVerdict
}

type candidateVerdict int

const (
	accepted candidateVerdict = iota
	// foreign: another product's version, or not a version at all.
	foreign
	// unconvincing: maybe a version, but nothing around "3.5" said so.
	unconvincing
)

func newScanner(text string) *scanner {
	s := &scanner{text: text, lineStarts: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	s.labelled = s.labelledLines()
	return s
}

// line returns the 0-based line index of offset.
func (s *scanner) line(offset int) int {
	return sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > offset }) - 1
}

func (s *scanner) lineBounds(l int) (int, int) {
	end := len(s.text)
	if l+1 < len(s.lineStarts) {
		end = s.lineStarts[l+1] - 1
	}
	return s.lineStarts[l], end
}

func (s *scanner) newClaim(text string, v Version, offset int) Claim {
	l := s.line(offset)
	return Claim{Text: text, Version: v, Offset: offset, Line: l + 1, Column: offset - s.lineStarts[l] + 1}
}

// findCandidates looks at every dotted number that starts a token.
func (s *scanner) findCandidates() {
	t := s.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !isDigit(c) && !((c == 'v' || c == 'V') && i+1 < len(t) && isDigit(t[i+1])) {
			continue
		}
		if !s.tokenStart(i) {
			i = skipRun(t, i)
			continue
		}
		if s.inHunkHeader(i) {
			i = skipRun(t, i)
			continue
		}
		v, n := parseAt(t, i)
		if n == 0 {
			i = skipRun(t, i)
			continue
		}
		end := i + n
		cand := candidate{start: i, end: end, verdict: s.judgeCandidate(v, i, end)}
		s.candidates = append(s.candidates, cand)
		if cand.verdict == accepted {
			s.addVersionClaim(v, i, end)
		}
		i = max(i, skipRun(t, i), end-1)
	}
}

func (s *scanner) addVersionClaim(v Version, start, end int) {
	v.Raw = s.text[start:end]
	cl := s.newClaim(v.Raw, v, start)
	cl.Main = mainParenBefore.MatchString(s.text[max(0, start-12):start])
	s.claims = append(s.claims, cl)
}

// skipRun returns the index of the last byte of the dotted number at i, so
// that "127.0.0.1" is looked at once and not again from "0.0.1".
func skipRun(t string, i int) int {
	j := i
	for j+1 < len(t) && (isAlnum(t[j+1]) || t[j+1] == '.' && j+2 < len(t) && isAlnum(t[j+2])) {
		j++
	}
	return j
}

func (s *scanner) inHunkHeader(i int) bool {
	start, _ := s.lineBounds(s.line(i))
	return strings.HasPrefix(s.text[start:], "@@")
}

var mainParenBefore = lazyre.New("(?i)\\bmain`?\\s*\\($")

// judgeCandidate decides whether the version v at t[start:end] is a
// Python version, from its shape and the words around it.
func (s *scanner) judgeCandidate(v Version, start, end int) candidateVerdict {
	t := s.text
	if v.Major != 2 && v.Major != 3 {
		return foreign
	}
	if end < len(t) {
		next := t[end]
		if isAlnum(next) || next == '%' || next == '.' && end+1 < len(t) && isDigit(t[end+1]) {
			return foreign // "3.12abc", "2.5x", "50%", "3.3.3.3"
		}
	}
	ctx := s.lookBack(start)
	if ctx.product {
		return foreign
	}
	plausibleMinor := v.Major == 3 && v.Minor <= 29 || v.Major == 2 && v.Minor <= 7
	if !plausibleMinor && !ctx.python {
		return foreign // SQLite 3.45.1, a score of 2.9
	}
	distinctive := v.HasMicro || v.Wildcard || v.Pre != "" || v.Plus
	if distinctive {
		return accepted
	}
	// "3.5" alone is as likely a measurement as a version.
	if unitAfter.MatchString(t[end:min(len(t), end+12)]) {
		return foreign
	}
	convincing := ctx.python || ctx.chained || ctx.strongWord
	if v.Major == 3 {
		// "on 3.12", "since 3.11", "3.10 to 3.13"
		convincing = convincing || ctx.versionWord || s.rangeAfter(end)
	}
	if convincing || testedAfter(s.sentenceAfter(end)) {
		return accepted // "3.11 and 3.12 are affected"
	}
	return unconvincing
}

// tokenStart reports whether a version may start at t[i]: not inside a
// number or an identifier ("x3.12", "1.3.12"), except right after a Python
// word ("python3.12", "Python-3.12.4") or in a range ("3.10-3.13").
func (s *scanner) tokenStart(i int) bool {
	t := s.text
	if i == 0 {
		return true
	}
	prev := t[i-1]
	switch {
	case isDigit(prev) || prev == '.':
		return false
	case t[i] == 'v' || t[i] == 'V':
		return !isAlnum(prev)
	case isAlpha(prev) || prev == '_':
		return pythonWords[strings.ToLower(wordBefore(t, i))]
	case prev == '-' && i >= 2 && (isAlpha(t[i-2]) || t[i-2] == '_'):
		return pythonWords[strings.ToLower(wordBefore(t, i-1))]
	}
	return true
}

// wordBefore returns the letters and digits that end at t[i].
func wordBefore(t string, i int) string {
	j := i
	for j > 0 && isAlnum(t[j-1]) {
		j--
	}
	return t[j:i]
}

// sentenceAfter returns the rest of the sentence after offset end.
func (s *scanner) sentenceAfter(end int) string {
	lineStart, lineEnd := s.lineBounds(s.line(end))
	_, sentEnd := sentenceBounds(s.text, lineStart, lineEnd, end)
	return s.text[end:max(end, sentEnd)]
}

// acceptBackwards accepts an unconvincing number listed right before an
// accepted one: "3.11, 3.12.4".
func (s *scanner) acceptBackwards() {
	for k := len(s.candidates) - 2; k >= 0; k-- {
		c, next := &s.candidates[k], s.candidates[k+1]
		if c.verdict == unconvincing && next.verdict == accepted && listSep.MatchString(s.text[c.end:next.start]) {
			c.verdict = accepted
			v, _ := parseAt(s.text, c.start)
			s.addVersionClaim(v, c.start, c.end)
		}
	}
}

var listSep = lazyre.New(`(?i)^(\s*(,|/|&|and|or)\s*)+$`)

// rangeAfter reports whether t[end:] continues "– 3.13" or " to 3.13",
// making the number before it the start of a range of versions.
func (s *scanner) rangeAfter(end int) bool {
	rest := s.text[end:min(len(s.text), end+16)]
	m := rangeStart.FindStringIndex(rest)
	return m != nil
}

var (
	unitAfter  = lazyre.New(`(?i)^\s*(seconds?|secs?|s|ms|µs|us|ns|minutes?|mins?|hours?|h|days?|percent|times|x|[kmgt]i?b|bytes?|[kmg]hz|px|pt|em|points?|stars?|million|billion|thousand|kloc)\b`)
	rangeStart = lazyre.New(`(?i)^\s*(-|–|—|\.\.|to|through|thru|until|till)\s*v?[23]\.\d`)
	rangeSep   = lazyre.New(`(?i)^\s*(-|–|—|\.\.|to|through|thru|until|till|up to)\s*$`)
)

// context is what the words before a number say about it.
type context struct {
	python      bool // "Python 3.12", "CPython 3.12", "python3.12"
	product     bool // "OpenSSL 3.0.13", "expat 2.6.0", or in a list with one
	chained     bool // follows an accepted version: "3.12.4, 3.11"
	versionWord bool // "on 3.12", "since 3.11", "versions 3.10"
	strongWord  bool // "versions 2.7", "tested 2.7": enough even for a 2.x
}

// lookBack walks back over the words before start, within the line and
// the sentence, until something decides: a Python word, another product's
// name, a version, or an unknown word.
func (s *scanner) lookBack(start int) context {
	t := s.text
	lineStart, _ := s.lineBounds(s.line(start))
	var ctx context
	i := start
	for words := 0; words < 5; {
		// Separators between words.
		for i > lineStart {
			r, size := utf8.DecodeLastRuneInString(t[lineStart:i])
			if r == '.' || r == '!' || r == '?' || r == ';' {
				if i-size > lineStart && isDigit(t[i-size-1]) && i < len(t) && isDigit(t[i]) {
					break // inside a number
				}
				return ctx // end of the previous sentence
			}
			if !strings.ContainsRune(" \t(:*`\"',/|-–—&=[]<>#+~", r) {
				break
			}
			i -= size
		}
		if i <= lineStart {
			return ctx
		}
		if c, ok := s.candidateEndingAt(i); ok {
			switch c.verdict {
			case accepted:
				ctx.chained = true
				return ctx
			case foreign:
				ctx.product = true
				return ctx
			}
			// An unconvincing number shares the context of the words
			// before it: walk on.
			i = c.start
			words++
			continue
		}
		j := i
		for j > lineStart && (isAlnum(t[j-1]) || t[j-1] == '-' || t[j-1] == '.') {
			j--
		}
		if j == i {
			return ctx // some other symbol
		}
		word := strings.ToLower(strings.Trim(t[j:i], "-."))
		i = j
		switch {
		case word == "":
		case versionFamily.MatchString(word):
			ctx.chained = true // "Python 3.x through 3.7.3"
			return ctx
		case isDigit(word[0]) && strings.Contains(word, "."):
			ctx.product = true // another, non-Python, number: "urllib3 1.26 and 2.0.7"
			return ctx
		case isNumber(word):
			words++ // "Python 3 through 3.9.0", "Windows 11"
		case pythonWords[word]:
			ctx.python = true
			return ctx
		case productWords[word] || packageName.MatchString(word):
			ctx.product = true
			return ctx
		case placeWords[word]:
			// "zlib on 3.12.4": what comes before "on" is not the
			// product whose version this is.
			ctx.versionWord = true
			return ctx
		case versionWords[word]:
			ctx.versionWord = true
			ctx.strongWord = ctx.strongWord || strongVersionWords[word]
			words++
		case fillerWords[word]:
			words++
		default:
			return ctx // an unknown word decides nothing
		}
	}
	return ctx
}

// candidateEndingAt finds a looked-at number ending at offset end.
func (s *scanner) candidateEndingAt(end int) (candidate, bool) {
	k := sort.Search(len(s.candidates), func(k int) bool { return s.candidates[k].end >= end })
	if k < len(s.candidates) && s.candidates[k].end == end {
		return s.candidates[k], true
	}
	// A number that was skipped as a whole (major 1, an IP address).
	t := s.text
	j := end
	for j > 0 && (isDigit(t[j-1]) || t[j-1] == '.') {
		j--
	}
	if j < end && strings.Contains(t[j:end], ".") {
		return candidate{start: j, end: end}, true
	}
	return candidate{}, false
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) && w[i] != '.' {
			return false
		}
	}
	return true
}

var (
	// packageName is a library name ending in digits: urllib3, libxml2,
	// bzip2. (Not a commit hash, which is longer.)
	packageName = lazyre.New(`^[a-z][a-z_-]{1,12}[0-9]{1,2}$`)
	// versionFamily is "3.x" or "2.7.x" written as a word.
	versionFamily = lazyre.New(`^[23](\.[0-9]+)?\.[x*]$`)
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	pythonWords = set("python", "cpython", "py", "libpython", "python-version", "pythons", "pyenv",
		"python2", "python3") // "python3 3.12" is odd but unambiguous
	// versionWords introduce a version: they make a bare "3.12" one.
	versionWords = set("on", "in", "since", "before", "after", "from", "to", "through", "thru", "until", "till",
		"prior", "version", "versions", "ver", "release", "releases", "tested", "reproduced", "confirmed",
		"verified", "tried", "affected", "affects", "affecting", "vulnerable", "fixed", "patched", "branch",
		"branches", "against", "with", "using", "under", "upgrade", "upgraded", "backport", "backported",
		"backports", "earlier", "later", "newer", "older", "than", "between", "targets", "target",
		"requires", "require", "supports", "support", "drop", "dropped", "deprecated", "removed", "added", "new")
	// placeWords say where something ran: the number after them is the
	// Python it ran on.
	placeWords         = set("on", "in", "with", "against", "under", "using", "for")
	strongVersionWords = set("version", "versions", "release", "releases", "tested", "reproduced", "confirmed",
		"verified", "affected", "affects", "affecting", "vulnerable", "branch", "branches")
	// fillerWords are passed over without deciding anything.
	fillerWords = set("the", "a", "an", "only", "both", "also", "is", "are", "was", "were", "be", "been", "at",
		"least", "latest", "of", "vs", "versus", "including", "except", "like", "as", "all", "any", "series",
		"line", "interpreter", "runtime", "default", "stock", "official", "upstream", "via", "by", "still",
		"even", "not", "up", "e.g", "i.e", "eg", "ie", "v", "builds", "build", "binary", "binaries", "x86-64",
		"and", "or", "debug", "free-threaded", "installed", "installs", "install", "it", "its",
		"just", "every", "each", "current", "stable", "final", "nor", "then", "but", "which", "that", "this")
	// productWords name other software whose versions look like Python's.
	productWords = set("openssl", "libressl", "boringssl", "sslv", "tls", "tlsv", "http", "https",
		"zlib", "zlib-ng", "expat", "libexpat", "pip", "pipx", "setuptools", "wheel", "sqlite", "sqlite3",
		"tcl", "tk", "tcl-tk", "tix", "libffi", "bzip2", "xz", "liblzma", "lzma", "mpdecimal", "libmpdec",
		"hacl", "ncurses", "readline", "libedit", "gdbm", "libuuid", "glibc", "musl", "libc", "gcc", "clang",
		"llvm", "msvc", "cmake", "autoconf", "ubuntu", "debian", "fedora", "rhel", "centos", "alpine", "kernel",
		"linux", "freebsd", "openbsd", "netbsd", "node", "nodejs", "npm", "java", "jdk", "go", "golang", "rust", "rustc",
		"ruby", "perl", "php", "lua", "urllib3", "requests", "django", "flask", "numpy", "pandas", "scipy",
		"docker", "nginx", "apache", "curl", "libcurl", "git", "bash", "zsh", "unicode", "utf", "cvss", "cvssv",
		"pypy", "jython", "ironpython", "micropython", "pyodide", "emscripten", "wasi", "wasmtime", "sphinx",
		"pytest", "tox", "nox", "certifi", "cryptography", "pyopenssl", "lxml", "libxml2", "libxslt", "pyyaml",
		"yaml", "jinja2", "jinja", "werkzeug", "aiohttp", "twisted", "tornado", "idna", "chardet", "six",
		"pillow", "mypy", "black", "ruff", "conda", "anaconda", "poetry", "pipenv", "virtualenv", "uv", "hatch",
		"pdm", "gunicorn", "uvicorn", "fastapi", "starlette", "pydantic", "boto3", "botocore", "paramiko",
		"redis", "postgres", "postgresql", "mysql", "mariadb", "mongodb", "libssh", "openssh", "ssh", "smtp",
		"imap", "pop", "sasl", "oauth", "jwt", "rfc", "iso", "ieee", "ecma",
		"ecmascript", "javascript", "typescript", "vim", "emacs", "vscode", "chrome", "firefox", "safari",
		"edge", "qt", "gtk", "mingw", "cygwin", "msys", "wine", "cuda", "openblas", "blas", "lapack",
		"score", "cvss-score", "severity", "libtommath", "tk-tcl", "vulnerability-score", "wordpress", "android", "ios", "ipados", "watchos",
		"tvos", "win", "arm", "aarch", "amd", "intel")
)

// findMain finds "the main branch", "on main" and "CPython main": main
// named as a version. "main (3.15.0a0)" is marked on its version instead.
func (s *scanner) findMain() {
	t := s.text
	if !containsMain(t) {
		return // the case-insensitive regexp is costly; most reports never say main
	}
	for _, m := range mainWord.FindAllStringIndex(t, -1) {
		start, end := m[0], m[1]
		after := t[end:]
		if mainVersionAfter.MatchString(after) {
			continue
		}
		text := "main"
		if b := branchAfter.FindString(after); b != "" {
			text = t[start : end+len(b)]
		} else {
			lineStart, _ := s.lineBounds(s.line(start))
			if !mainPreposition.MatchString(t[lineStart:start]) || !mainEnd.MatchString(after) {
				continue // main(), main.py, "the main reason"
			}
		}
		cl := s.newClaim(text, Version{}, start)
		cl.Main = true
		s.claims = append(s.claims, cl)
	}
}

var (
	mainWord         = lazyre.New(`(?i)\bmain\b`)
	branchAfter      = lazyre.New(`^[ \t]+branch\b`)
	mainPreposition  = lazyre.New("(?i)\\b(on|against|with|of|from|in|cpython|python)\\s+(the\\s+)?`?$")
	mainEnd          = lazyre.New("^`?([ \t]*$|[ \t]*[,;:)]|\\.(\\s|$)|[ \t]+(and|or|as|at|too|\\()\\b)")
	mainVersionAfter = lazyre.New(`^\x60?\s*\(\s*v?[23]\.\d`)
)

// tested decides whether a claim sits where the report says what it tested
// or what is affected: after such a word in its sentence with no
// "fixed"/"since"/"but" in between, before "is affected" or "| vulnerable",
// or in a "Tested on:" / "Python versions:" block.
func (s *scanner) tested(c *Claim) bool {
	t := s.text
	l := s.line(c.Offset)
	lineStart, lineEnd := s.lineBounds(l)
	start, end := sentenceBounds(t, lineStart, lineEnd, c.Offset)
	before := t[start:c.Offset]
	after := t[min(c.Offset+len(c.Text), end):end]
	if s.labelled[l] || labelLine.MatchString(t[lineStart:c.Offset]) {
		// A label reaches over sentences to the end of its line, unless
		// the line turns to a fix: "Versions: 3.12.5 (fixed in 3.12.6)".
		return !breaker.MatchString(stripVersions(t[lineStart:c.Offset]))
	}
	if locs := testedWord.FindAllStringIndex(before, -1); locs != nil {
		last := locs[len(locs)-1]
		if !negated(before[:last[0]]) && !breaker.MatchString(stripVersions(before[last[1]:])) {
			return true
		}
	}
	return testedAfter(after)
}

// testedAfter reports whether the text after a version says it is
// affected: "and 3.13.0 are affected", " | vulnerable |".
func testedAfter(after string) bool {
	if loc := testedWord.FindStringIndex(after); loc != nil {
		between := stripVersions(after[:loc[0]])
		return afterFiller.MatchString(between) && !negation.MatchString(between)
	}
	return false
}

// sentenceBounds returns the sentence around offset within the line. A
// Markdown table row is one sentence.
func sentenceBounds(t string, lineStart, lineEnd, offset int) (int, int) {
	start, end := lineStart, lineEnd
	for _, m := range sentenceEnd.FindAllStringIndex(t[lineStart:lineEnd], -1) {
		at := lineStart + m[0]
		if at < offset {
			start = lineStart + m[1]
		} else if at > offset {
			end = at
			break
		}
	}
	return start, end
}

// stripVersions blanks version-like numbers so that "3.12.0" in "Tested on
// 3.12.0, 3.11.4" reads as a list, not as words.
func stripVersions(s string) string { return versionLike.ReplaceAllString(s, " V ") }

func negated(before string) bool { return negationBefore.MatchString(before) }

var (
	versionLike = lazyre.New(`v?\d+(\.[0-9x*]+)+(\s?(a|b|rc|alpha|beta|candidate)\s?\d+)?\+?`)
	testedWord  = lazyre.New(`(?i)\b(tested|testing|re-?tested|reproduc(ed|es|ible|e|tion)|repro|confirmed|verified|tried|ran|affect(ed|s|ing)?|vulnerable|exploitable|observed|seen|impacted|impacts)\b`)
	// breaker words end the reach of a "tested" word: what follows is
	// about a fix, a history or a contrast.
	breaker = lazyre.New(`(?i)\b(fix(ed|es)?|patch(ed|es)?|since|before|prior|until|till|after|but|except|however|although|whereas|while|unaffected|not|never|introduced|added|removed|deprecated|backport(ed|s)?|released|upgrade|upgrading|contains|includes|changed|new|earlier|later|older|newer)\b|n't\b`)
	// afterFiller is what may stand between a version and a following
	// "affected": "3.12.4 and 3.13.0 are affected", "| 3.12.5 | vulnerable".
	afterFiller    = lazyre.New(`(?i)^[\s,;:|/()*\x60V&-]*((is|are|was|were|also|both|all|still|and|or|the|versions?|python|cpython|builds?|each|equally|likely|probably|be|to|appears?|seems?|remains?|has|have|been|successfully)[\s,;:|/()*\x60V&-]*)*$`)
	negation       = lazyre.New(`(?i)\b(not|never|un)\b|n't\b`)
	negationBefore = lazyre.New(`(?i)(\b(not|never)|n't)\s*$`)
	sentenceEnd    = lazyre.New(`[.!?;](\s|$)`)
	// labelLine is a "Tested on:" style label ending before the claim.
	labelLine    = lazyre.New(`(?i)^[\s>#*_\-+|]*(tested( on| with| against)?|python versions?( tested| affected)?|cpython versions?|versions?( tested| affected)?|affected( versions| releases)?|vulnerable versions?|environment|reproduced( on| with)?|confirmed( on)?|platforms?)[*_\s]*:`)
	headingLabel = lazyre.New(`(?i)^\s*(#{1,6}\s+|\*\*)[^:]*\b(tested|affected|vulnerable|versions?|environment|reproduced)\b`)
)

// labelledLines marks the lines inside a block opened by a label with
// nothing after it ("Tested on:", "## Affected versions"), up to the next
// blank line after some content, or the next heading.
func (s *scanner) labelledLines() []bool {
	marks := make([]bool, len(s.lineStarts))
	open, content := false, false
	for l := range s.lineStarts {
		start, end := s.lineBounds(l)
		line := s.text[start:end]
		trimmed := strings.TrimSpace(line)
		isHeading := strings.HasPrefix(trimmed, "#")
		switch {
		// The byte tests spare most lines the case-insensitive regexps.
		case strings.IndexByte(line, ':') >= 0 && labelLine.MatchString(line) && strings.TrimSpace(labelLine.ReplaceAllString(line, "")) == "",
			(isHeading || strings.HasPrefix(trimmed, "**")) && headingLabel.MatchString(line) && !strings.ContainsAny(trimmed, "0123456789"):
			open, content = true, false
			continue
		case trimmed == "":
			if content {
				open = false
			}
			continue
		case isHeading:
			open = false
		}
		if open {
			marks[l] = true
			content = true
		}
	}
	return marks
}

// expandRanges marks "3.10–3.13" and "3.10 through 3.13": both ends become
// Range claims, and the minors between are added as Expanded claims.
func (s *scanner) expandRanges() []Claim {
	claims := s.claims
	out := make([]Claim, 0, len(claims))
	for i := range claims {
		a := &claims[i]
		out = append(out, *a)
		if i+1 >= len(claims) || a.Version.Raw == "" || claims[i+1].Version.Raw == "" {
			continue
		}
		b := &claims[i+1]
		between := s.text[a.Offset+len(a.Text) : b.Offset]
		if !rangeSep.MatchString(between) || a.Version.Major != b.Version.Major || Compare(a.Version, b.Version) >= 0 {
			continue
		}
		out[len(out)-1].Range = true
		b.Range = true
		tested := a.Tested || b.Tested
		out[len(out)-1].Tested, b.Tested = tested, tested
		if b.Version.Minor-a.Version.Minor > 12 {
			continue // not a range anyone means
		}
		whole := s.text[a.Offset : b.Offset+len(b.Text)]
		for m := a.Version.Minor + 1; m < b.Version.Minor; m++ {
			v := Version{Major: a.Version.Major, Minor: m}
			v.Raw = v.String()
			cl := s.newClaim(whole, v, a.Offset)
			cl.Range, cl.Expanded, cl.Tested = true, true, tested
			out = append(out, cl)
		}
	}
	return slices.Clip(out)
}

// containsMain reports whether t holds "main" in any letter case.
func containsMain(t string) bool {
	for i := 0; i+4 <= len(t); i++ {
		if t[i]|0x20 == 'm' && t[i+1]|0x20 == 'a' && t[i+2]|0x20 == 'i' && t[i+3]|0x20 == 'n' {
			return true
		}
	}
	return false
}
