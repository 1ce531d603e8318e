package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"

	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// not-cpython: the report targets pip, python.org, PyPI, a third-party
// package or another project rather than CPython.
//
// It reads the subject — the title and the first two sentences — where a
// report says what is vulnerable. It fires when the subject names a well-
// known third-party project whose name is unambiguous (urllib3, Django),
// names an ambiguous one in a way only a project is named ("requests
// 2.31.0", "pip's resolver", "pip install"), or is about python.org or PyPI
// as a site. Anywhere in the report, "<name> <version> installed from PyPI"
// (or "pip install <name>") for a non-stdlib name that the subject also
// names fires too. Projects named in passing later ("unlike requests, ...")
// do not count.
var notCPython = rule{id: "not-cpython", check: checkNotCPython}

// thirdParty are well-known projects whose names are not English words.
var thirdParty = strings.Fields(`urllib3 setuptools virtualenv pipenv django flask jinja2 werkzeug numpy scipy pandas
	pillow pyyaml lxml aiohttp tornado paramiko certifi boto3 botocore sqlalchemy pydantic fastapi starlette
	uvicorn gunicorn celery pymongo psycopg2 httpx httplib2 scrapy pygments docutils pyinstaller pyopenssl
	cffi cython pytest twine hatchling pdm conda anaconda ipython jupyter matplotlib tensorflow pytorch
	gevent eventlet markupsafe itsdangerous sanic zope plone ansible saltstack mypy pylint pypy micropython
	jython ironpython graalpy pyodide`)

// ambiguousThirdParty are project names that are also common words; they
// count only with a version, "pip install", a possessive or "library".
var ambiguousThirdParty = strings.Fields(`pip requests wheel black attrs six idna chardet redis cryptography markdown
	click rich trio anyio sphinx pyramid packaging twisted flask celery bottle poetry tox nox ruff uv
	torch transformers notebook salt bleach mako waitress flit`)

var (
	thirdPartyRe      = lazyre.New(`(?i)\b(` + strings.Join(thirdParty, "|") + `)\b`)
	ambiguousRe       = lazyre.New(`(?i)\b(` + strings.Join(ambiguousThirdParty, "|") + `)(?:\s+v?\d+\.\d+(?:\.\d+)?\b|(?:'s|’s)\s|\s+(?:library|package|project|module from PyPI|maintainers?)\b)|\bpip\s+(?:install|download|wheel|uninstall|config|cache|resolver)\b|\b(?:in|of|via|with|by)\s+pip\b|\bpip's\b`)
	siteRe            = lazyre.New(`(?i)\b(?:www\.)?python\.org\s+(?:website|site|web site|login|account|page|server|cdn|mailing list)|\bwww\.python\.org\b|\bpypi(?:\.org)?\s+(?:website|site|web site|account|login|upload|server|api|token)s?\b|\bon pypi\.org\b|\b(?:pypi(?:\.org)?|(?:www\.)?python\.org)\s+(?:allows|accepts|lets|does not|doesn't|fails|serves|exposes|leaks|has|is vulnerable)\b`)
	thirdPartyGeneric = lazyre.New(`(?i)\bthird[- ]party (?:package|library|module|project|dependency|wheel)\b`)
	installedFrom     = lazyre.New(`(?i)\b([a-z][a-z0-9_.-]*)\s+v?\d+\.\d+(?:\.\d+)?\w*\s+(?:\(?\s*)?(?:installed |downloaded |fetched )?(?:from|via|off|on) PyPI\b|\bpip3?\s+install\s+(?:-U\s+|--upgrade\s+|--user\s+)*([a-z][a-z0-9_.-]*)`)
)

// Guards (gate.go) for the regexes above.
var (
	// siteKeys: each siteRe alternative holds one.
	siteKeys = keys("python.org", "pypi")
	// thirdPartyWords: a thirdPartyRe match is one of them as a whole
	// word. ambiguousWords: so is every ambiguousRe match's project name,
	// and its other alternatives all hold pip as a whole word.
	thirdPartyWords, thirdPartyLen = wordSet(thirdParty)
	ambiguousWords, ambiguousLen   = wordSet([]string{"pip"}, ambiguousThirdParty)
	genericKeys                    = keys("third")
	// installedKeys: each installedFrom alternative holds one.
	installedKeys = keys("pypi", "pip")
)

// pkgRe is one of checkNotCPython's project patterns with its guard.
type pkgRe struct {
	re    *lazyre.Regexp
	maybe func(sentence) bool
}

var (
	sitePkg       = pkgRe{siteRe, func(s sentence) bool { return s.keys.meets(siteKeys) }}
	thirdPartyPkg = pkgRe{thirdPartyRe, func(s sentence) bool { return hasWord(s.text, thirdPartyWords, thirdPartyLen) }}
	ambiguousPkg  = pkgRe{ambiguousRe, func(s sentence) bool { return hasWord(s.text, ambiguousWords, ambiguousLen) }}
)

func checkNotCPython(in *Input) []report.Finding {
	v := in.prepare()
	subj := v.subject()
	// A subject that names a stdlib module is about CPython, even when it
	// says which framework the reporter found the bug in.
	pkgs := []pkgRe{sitePkg}
	if !v.subjectNamesStdlib() {
		pkgs = append(pkgs, thirdPartyPkg, ambiguousPkg)
	}
	for _, s := range subj {
		for _, p := range pkgs {
			if !p.maybe(s) {
				continue
			}
			if m := p.re.FindStringSubmatchIndex(s.text); m != nil {
				name := ""
				if len(m) > 3 && m[2] >= 0 {
					name = strings.ToLower(s.text[m[2]:m[3]])
				}
				if name != "" && in.isStdlib(name) {
					continue
				}
				return []report.Finding{notCPythonFinding(in, at(s, m[0]))}
			}
		}
		if len(pkgs) > 1 && s.keys.meets(genericKeys) {
			if loc := thirdPartyGeneric.FindStringIndex(s.text); loc != nil {
				return []report.Finding{notCPythonFinding(in, at(s, loc[0]))}
			}
		}
	}
	// "<name> 1.2.3 installed from PyPI" anywhere, for a name the subject
	// also uses.
	if v.subjectNamesStdlib() || !v.mentions(installedKeys) {
		return nil
	}
	for _, s := range v.sents {
		if !s.keys.meets(installedKeys) {
			continue
		}
		for _, m := range installedFrom.FindAllStringSubmatchIndex(s.text, -1) {
			name := ""
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] >= 0 {
					name = strings.ToLower(s.text[m[g]:m[g+1]])
				}
			}
			if name == "" || name == "python" || name == "python3" || in.isStdlib(name) || name == "-r" {
				continue
			}
			for _, t := range subj {
				if containsWord(strings.ToLower(t.text), name) {
					return []report.Finding{notCPythonFinding(in, at(s, m[0]))}
				}
			}
		}
	}
	return nil
}

func notCPythonFinding(in *Input, off int) report.Finding {
	return in.finding("not-cpython", off,
		"this is about pip, python.org, PyPI or a third-party project, not CPython; report it to that project (for pip and python.org, security@python.org)")
}

// containsWord reports whether w occurs in s as a whole word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		a, b := i+k, i+k+len(w)
		if (a == 0 || !isWordByte(s[a-1])) && (b == len(s) || !isWordByte(s[b])) {
			return true
		}
		i = a + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// subjectNamesStdlib reports whether the subject names a stdlib module.
func (v *view) subjectNamesStdlib() bool {
	if v.subjStdlib == 0 {
		v.subjStdlib = 1
		for _, m := range v.subjectModules() {
			if v.in.isStdlib(m) {
				v.subjStdlib = 2
				break
			}
		}
	}
	return v.subjStdlib == 2
}
