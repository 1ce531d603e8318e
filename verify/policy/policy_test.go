package policy

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
)

// ruleCase is one must-fire or must-not-fire example for one rule.
type ruleCase struct {
	name  string
	title string // a title field, as a JSON batch has
	text  string
	kind  report.TextKind
	date  string
	fire  bool
}

// fence wraps code in a python fence; used to keep the cases readable.
func fence(code string) string { return "```python\n" + code + "\n```\n" }

func runRule(t *testing.T, id string, cases []ruleCase) {
	t.Helper()
	table := loadTable(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := &Input{Report: report.Report{Source: "t.md", Title: c.title, Text: c.text, Line: 1, Kind: c.kind, Date: c.date},
				Table: table, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
			got := Check(in)
			fired := slices.ContainsFunc(got, func(f report.Finding) bool { return f.Rule == id })
			if fired != c.fire {
				t.Errorf("%s fired=%v, want %v; findings %+v", id, fired, c.fire, got)
			}
		})
	}
}

const tested = "\n\nTested on 3.12.4 and 3.13.1.\n\n"

func TestDocumentedBehavior(t *testing.T) {
	runRule(t, "documented-behavior", []ruleCase{
		{name: "unpickling untrusted data", fire: true,
			text: "Remote code execution in pickle\n\n`pickle.loads()` runs arbitrary code when it is given untrusted data from a socket." + tested +
				fence("import pickle, os\nclass P:\n    def __reduce__(self):\n        return (os.system, ('id',))\npickle.loads(pickle.dumps(P()))")},
		{name: "eval of user input", fire: true,
			text: "A calculator service passes user input to eval(), so a visitor can run shell commands." + tested + fence("print(eval(input()))")},
		{name: "marshal crafted data", fire: true,
			text: "marshal.loads() on a crafted blob from an attacker makes the interpreter misbehave." + tested + fence("import marshal\nmarshal.loads(b'\\xe3junk')")},
		{name: "ctypes writes memory", fire: true,
			text: "ctypes lets a script overwrite arbitrary memory of the interpreter." + tested + fence("import ctypes\nctypes.memset(id(1), 0, 8)")},
		{name: "PoC only uses shelve", fire: true,
			text: "Opening a shelf from a shared folder runs code." + tested + fence("import shelve\nwith shelve.open('/shared/db') as db:\n    print(db['k'])")},
		{name: "pickle from the network", fire: true,
			text: "A job queue service calls `pickle.loads` on bytes received from a socket, so any peer can run code." + tested + fence("import pickle\npickle.loads(blob)")},
		{name: "ctypes null pointer", fire: true,
			text: "`ctypes.string_at(0)` dereferences a null pointer and kills the interpreter." + tested + fence("import ctypes\nctypes.string_at(0)")},
		{name: "pickle in passing", fire: false,
			text: "`zipfile.Path` hangs on a crafted archive; I noticed it while pickling results of a scan." + tested +
				fence("import zipfile, pickle\nroot = zipfile.Path(zipfile.ZipFile('a.zip'))\npickle.dumps(list(root.iterdir()))")},
		{name: "overflow inside the C unpickler", fire: false,
			text: "A crafted pickle triggers a heap buffer overflow in `_pickle.c` load_counted_long." + tested + fence("import pickle\npickle.loads(b'\\x8a\\xff\\xff\\xff\\x7f')")},
		{name: "find_class restriction bypassed", fire: false,
			text: "A restricted Unpickler overriding find_class can be bypassed with attacker-chosen data." + tested +
				fence("import pickle, io\nclass R(pickle.Unpickler):\n    def find_class(self, m, n):\n        raise pickle.UnpicklingError\nR(io.BytesIO(b'...')).load()")},
		{name: "multiprocessing lets pickles in", fire: false,
			text: "`multiprocessing` forkserver accepts connections from any local user.\n\nA malicious local user can send pickles to the server socket and run code as its owner." + tested +
				fence("import multiprocessing.connection as c\nc.Client('\\0listener-123').send(b'x')")},
		{name: "os.exec and literal_eval are not sinks", fire: false,
			text: "After `os.execv()` the child keeps root's groups; an attacker-controlled config is parsed with `ast.literal_eval`." + tested + fence("import os, subprocess\nsubprocess.run(['id'])")},
	})
}

func TestLaunchConditions(t *testing.T) {
	runRule(t, "launch-conditions", []ruleCase{
		{name: "attacker sets PYTHONSTARTUP", fire: true,
			text: "If an attacker can set `PYTHONSTARTUP` for the victim, the interactive shell runs their file first." + tested + fence("import code\ncode.interact()")},
		{name: "malicious pth file", fire: true,
			text: "A malicious .pth file dropped into site-packages runs at every start-up." + tested + fence("import site\nsite.main()")},
		{name: "PYTHONPATH variable controlled by attacker", fire: true,
			text: "The module search path comes from PYTHONPATH, which is controlled by an attacker in this scenario." + tested + fence("import json")},
		{name: "attacker passes -X options", fire: true,
			text: "An attacker who can pass command-line options such as -X importtime to the interpreter can fill the log." + tested + fence("import sys\nprint(sys.flags)")},
		{name: "PoC plants a shadowing module on PYTHONPATH", fire: true,
			text: "Imports can be redirected." + tested +
				fence("import os, subprocess, sys, tempfile\nd = tempfile.mkdtemp()\nopen(os.path.join(d, 'random.py'), 'w').write('print(1)')\nsubprocess.run([sys.executable, '-c', 'import random'], env={'PYTHONPATH': d})")},
		{name: "setting the variable to a hostile directory", fire: true,
			text: "Setting PYTHONPATH to a folder that holds a malicious `json.py` makes every script import it." + tested + fence("import json")},
		{name: "env var in passing", fire: false,
			text: "The interpreter crashes in `json.loads` (tested with `PYTHONDEVMODE=1` to get a traceback)." + tested + fence("import json\njson.loads('[' * 10**6)")},
		{name: "TMP pointing at a shared folder", fire: false,
			text: "When TMP points at a shared folder, `tempfile.mkdtemp()` leaves the directory readable by other users." + tested + fence("import tempfile\nprint(tempfile.mkdtemp())")},
		{name: "CLI with an attacker archive", fire: false,
			text: "The tarfile command-line option -e extracts an attacker-supplied archive outside the target directory." + tested + fence("import tarfile\ntarfile.main()")},
		{name: "subprocess env for a child", fire: false,
			text: "`subprocess.run(env=...)` leaks the parent's groups to the child." + tested + fence("import subprocess\nsubprocess.run(['id'], env={'LANG': 'C'}, extra_groups=[])")},
	})
}

func TestDependencyVuln(t *testing.T) {
	runRule(t, "dependency-vuln", []ruleCase{
		{name: "zlib bound", fire: true,
			text: "zlib before 1.3.1 has an out-of-bounds write when inflating, so `zlib.decompress` on crafted data corrupts memory." + tested + fence("import zlib\nzlib.decompress(b'x\\x9c...')")},
		{name: "flaw in the bundled SQLite", fire: true,
			text: "A heap overflow in the bundled SQLite is reachable from `sqlite3.connect(':memory:').execute()`." + tested + fence("import sqlite3\nsqlite3.connect(':memory:').execute('select 1')")},
		{name: "OpenSSL's bug", fire: true,
			text: "OpenSSL's buffer over-read in X.509 name checks is reachable via `ssl.SSLContext.wrap_socket`." + tested + fence("import ssl\nssl.create_default_context()")},
		{name: "bundled library is vulnerable", fire: true,
			text: "The libexpat 2.5.0 bundled with Windows installers is vulnerable to a known CVE." + tested + fence("import xml.parsers.expat")},
		{name: "stdlib wrapper module", fire: false,
			text: "The zlib module has a reference leak in `decompressobj().flush()` on a crafted stream." + tested + fence("import zlib")},
		{name: "pyexpat module path", fire: false,
			text: "xml.parsers.expat has a bug in how `SetReparseDeferralEnabled` is exposed." + tested + fence("import xml.parsers.expat")},
		{name: "library named in passing", fire: false,
			text: "`ssl.SSLSocket.recv` returns data before the handshake when the peer closes early (linked against OpenSSL 3.0.13)." + tested + fence("import ssl\nssl.create_default_context()")},
		{name: "CPython misuses the library", fire: false,
			text: "`_ssl.c` does not check the return value of an OpenSSL call, and OpenSSL 3.0 has a crash path that then becomes reachable." + tested + fence("import ssl\nssl.create_default_context()")},
		{name: "sqlite3 module bug", fire: false,
			text: "`sqlite3.Connection.iterdump` has a bug that writes unescaped table names." + tested + fence("import sqlite3\nprint(list(sqlite3.connect(':memory:').iterdump()))")},
	})
}

func TestVersionRules(t *testing.T) {
	poc := fence("import zipfile\nzipfile.Path('a.zip')")
	runRule(t, "unsupported-version", []ruleCase{
		{name: "only EOL", fire: true, text: "Bug in zipfile.\n\nTested on 3.8.10 and 3.9.2.\n\n" + poc},
		{name: "EOL plus supported", fire: false, text: "Bug in zipfile.\n\nTested on 3.9.2 and 3.12.4.\n\n" + poc},
		{name: "report date before EOL", fire: false, date: "2025-06-01", text: "Bug in zipfile.\n\nTested on 3.9.2.\n\n" + poc},
		{name: "EOL and a fixed-in mention", fire: true, text: "Bug in zipfile. Tested on 3.8.18; fixed in 3.12.6.\n\n" + poc},
	})
	runRule(t, "prerelease-only", []ruleCase{
		{name: "beta only", fire: true, text: "Bug in zipfile.\n\nTested on 3.16.0a2.\n\n" + poc},
		{name: "main branch only", fire: true, text: "Bug in zipfile.\n\nTested on the main branch.\n\n" + poc},
		{name: "beta and stable", fire: false, text: "Bug in zipfile.\n\nTested on 3.16.0a2 and 3.14.1.\n\n" + poc},
	})
	runRule(t, "no-versions", []ruleCase{
		{name: "none", fire: true, text: "Bug in zipfile; I do not remember which Python I used.\n\n" + poc},
		{name: "given", fire: false, text: "Bug in zipfile.\n\nReproduced with Python 3.13.2.\n\n" + poc},
	})
}

func TestExperimentalFeature(t *testing.T) {
	runRule(t, "experimental-feature", []ruleCase{
		{name: "free-threaded build", fire: true, text: "A data race in `dict` corrupts memory on the free-threaded build." + tested + fence("import threading")},
		{name: "configure flag", fire: true, text: "Configure with --disable-gil and run the script: `list.sort` crashes." + tested + fence("import threading")},
		{name: "t interpreter", fire: true, text: "Crash seen with python3.14t only." + tested + fence("import threading")},
		{name: "experimental module", fire: true, text: "The experimental `_interpreters` module frees a shared buffer twice." + tested + fence("import _interpreters")},
		{name: "default build too", fire: false, text: "The race also happens on the default build, not only with the free-threaded build." + tested + fence("import threading")},
		{name: "unrelated experimental word", fire: false, text: "`zipfile.Path` hangs; my experiments show it needs a member named //x." + tested + fence("import zipfile")},
	})
}

func TestSeverityIncluded(t *testing.T) {
	runRule(t, "severity-included", []ruleCase{
		{name: "vector", fire: true, text: "Bug in tarfile. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" + tested + fence("import tarfile")},
		{name: "score", fire: true, text: "Bug in tarfile (CVSS 9.1)." + tested + fence("import tarfile")},
		{name: "severity line", fire: true, text: "Bug in tarfile.\n\nSeverity: Critical" + tested + fence("import tarfile")},
		{name: "adjective", fire: true, text: "This high-severity bug in tarfile lets archives escape." + tested + fence("import tarfile")},
		{name: "cvss with version and label", fire: true, text: "Bug in tarfile.\n\nCVSS 3.1 base score: 7.5 (High)" + tested + fence("import tarfile")},
		{name: "cve only", fire: false, text: "This is CVE-2025-4517 in tarfile; see the advisory." + tested + fence("import tarfile")},
	})
}

func TestStructure(t *testing.T) {
	long := strings.Repeat("x = 1\n", 24)
	runRule(t, "excessive-structure", []ruleCase{
		{name: "sections", fire: true, text: "# Title\n\n## Summary\n\nBug.\n\n## Impact\n\nBad." + tested + fence("import os")},
		{name: "table", fire: true, text: "Bug.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n" + tested + fence("import os")},
		{name: "too long", fire: true, text: strings.Repeat("This sentence adds words to the report without saying much at all. ", 30) + tested + fence("import os")},
		{name: "title only", fire: false, text: "# A short title\n\nA sentence or two about the bug." + tested + fence("import os")},
	})
	runRule(t, "poc-not-collapsed", []ruleCase{
		{name: "long open", fire: true, text: "Bug." + tested + fence(long)},
		{name: "long collapsed", fire: false, text: "Bug." + tested + "<details><summary>PoC</summary>\n\n" + fence(long) + "</details>\n"},
		{name: "long collapsed, no blank line", fire: false, text: "Bug." + tested + "<details>\n<summary>PoC</summary>\n" + fence(long) + "</details>\n"},
		{name: "long patch", fire: false, text: "Bug." + tested + "```diff\n" + strings.Repeat("+x\n", 30) + "```\n" + fence("import os")},
		{name: "short", fire: false, text: "Bug." + tested + fence("x = 1\ny = 2")},
	})
	runRule(t, "no-poc", []ruleCase{
		{name: "prose only", fire: true, text: "Bug in tarfile, I have no reproducer." + tested},
		{name: "python -c counts", fire: false, text: "Run `python3 -c 'import tarfile'`." + tested},
		{name: "bare py", fire: false, kind: report.Python, text: "import tarfile\n"},
	})
}

func TestNotCPython(t *testing.T) {
	runRule(t, "not-cpython", []ruleCase{
		{name: "third-party package title", fire: true, title: "requests 2.31.0 leaks Proxy-Authorization",
			text: "The header survives a redirect." + tested + fence("import http.client")},
		{name: "pip", fire: true, text: "pip install of a crafted sdist runs code from setup.py before the user confirms." + tested + fence("import subprocess")},
		{name: "python.org", fire: true, text: "Stored XSS on the python.org website in the job board." + tested + fence("import urllib.request")},
		{name: "setuptools", fire: true, text: "setuptools fetches package indexes over plain HTTP." + tested + fence("import urllib.request")},
		{name: "PyPI as a site", fire: true, text: "PyPI accepts uploads whose wheel metadata disagrees with the sdist." + tested + fence("import zipfile")},
		{name: "framework as context", fire: false, text: "A Django app that validates URLs with `urllib.parse.urlsplit` can be bypassed with bracketed hosts." + tested + fence("from urllib.parse import urlsplit")},
		{name: "requests as a noun", fire: false, text: "`http.server` handles requests with long headers slowly." + tested + fence("import http.server")},
		{name: "ensurepip", fire: false, text: "`ensurepip` installs the bundled pip wheel without checking its hash." + tested + fence("import ensurepip")},
	})
}

// TestFindingsCarryDocs checks that every finding names its rule's
// severity and policy section, and positions in the source file.
func TestFindingsCarryDocs(t *testing.T) {
	in := &Input{Report: report.Report{Text: "line one\n\n## A\n\n## B\n\nSeverity: High\n", Line: 10}, Table: loadTable(t)}
	got := Check(in)
	if len(got) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range got {
		r, ok := rules.Get(f.Rule)
		if !ok || r.Family != rules.Policy {
			t.Errorf("%s is not a documented policy rule", f.Rule)
		}
		if f.Severity != r.Severity || f.Section != r.Section || f.Message == "" {
			t.Errorf("%+v lacks the rule's docs", f)
		}
		if f.Line < 10 {
			t.Errorf("%s at line %d: not offset by Report.Line", f.Rule, f.Line)
		}
		if f.Rule == "severity-included" && (f.Line != 16 || f.Column != 1) {
			t.Errorf("severity at %d:%d, want 16:1", f.Line, f.Column)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].Line > got[i].Line {
			t.Errorf("findings out of order: %+v", got)
		}
	}
}

// TestEveryRuleDocumented keeps this package and verify/rules in step.
func TestEveryRuleDocumented(t *testing.T) {
	var want []string
	for _, r := range rules.All() {
		if r.Family == rules.Policy {
			want = append(want, r.ID)
		}
	}
	if got := IDs(); !slices.Equal(got, want) {
		t.Errorf("implemented %v, documented %v", got, want)
	}
}

// FuzzCheck: no input may make a rule panic or place a finding outside
// the text.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"# T\n\n## A\n\n| a |\n|---|\n| 1 |\n\nSeverity: High. Tested on 3.9.1.\n",
		"`pickle.loads` on untrusted data.\n\n```python\nimport pickle\npickle.loads(b'')\n```\n",
		"If an attacker can set PYTHONPATH ...\n>>> import os\n",
		"libexpat before 2.4.9 has a bug. urllib3 1.26 from PyPI.\n\xff\xfe",
		"<details>\n```py\nx\n```",
	} {
		f.Add(s, "title", uint8(0))
	}
	table := loadTable(f)
	f.Fuzz(func(t *testing.T, text, title string, kind uint8) {
		in := &Input{Report: report.Report{Text: text, Title: title, Line: 1, Kind: report.TextKind(kind % 3)}, Table: table,
			Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
		lines := strings.Count(text, "\n") + 1
		for _, fd := range Check(in) {
			if fd.Line < 1 || fd.Line > lines || fd.Column < 1 {
				t.Fatalf("%s at %d:%d outside a %d-line text", fd.Rule, fd.Line, fd.Column, lines)
			}
		}
	})
}

// TestWellFormedReportsStayQuiet: short, well-formed reports of real kinds
// of CPython bugs, written for this test, raise no policy finding at all.
func TestWellFormedReportsStayQuiet(t *testing.T) {
	long := "<details><summary>PoC</summary>\n\n" + fence(strings.Repeat("print('step')\n", 30)) + "</details>\n"
	reports := []string{
		"# tarfile data filter lets a symlink escape the destination\n\nWith `filter=\"data\"`, `tarfile.TarFile.extractall()` still creates a link whose target leaves the destination when an untrusted archive nests `..` inside a longer path.\n\nTested on 3.12.10 and 3.13.3; 3.9.22 behaves the same.\n\n" +
			fence("import tarfile\nwith tarfile.open('evil.tar') as tf:\n    tf.extractall('out', filter='data')"),
		"Header injection in email.generator\n\nAn attacker-controlled display name containing a newline is written verbatim by `email.generator.BytesGenerator`, so a web form can add a Bcc header.\n\nReproduced on Python 3.12.5 (Linux).\n\n" +
			fence("from email.message import EmailMessage\nm = EmailMessage()\nm['To'] = 'x\\nBcc: victim@example.org'\nprint(m.as_bytes())"),
		"ssl: empty NPN protocol list reaches the library unchecked\n\n`ssl.SSLContext.set_npn_protocols([])` passes the empty list straight to OpenSSL, whose callback then reads past the buffer (CVE-2024-5535 in OpenSSL).\n\nTested on 3.9.18 and 3.11.7.\n\n" +
			fence("import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\nctx.set_npn_protocols([])"),
		"socket.socketpair fallback can be raced by a local peer\n\nOn Windows the pure-Python `socket.socketpair()` does not verify who connected, so a malicious local process can connect first. The race exists on both the default and the free-threaded build.\n\nTested on 3.12.4 (Windows 11).\n\n" +
			fence("import socket\na, b = socket.socketpair()\nprint(a.getpeername(), b.getsockname())"),
		"Quadratic time in http.cookies with many backslashes (tested on 3.11.9 and 3.12.4). A cookie header from a client is enough; `SimpleCookie.load` takes minutes.\n\n" +
			fence("from http.cookies import SimpleCookie\nSimpleCookie().load('a=\"' + '\\\\' * 50000 + '\"')"),
		"zipfile overlapping entries\n\nA zip bomb built from overlapping entries is not rejected by `zipfile.ZipFile`; decompressing a 50 KB file from an untrusted upload produces gigabytes. The check for overlaps is missing in `_EndRecData`-based parsing.\n\nTested on: 3.12.1, 3.11.7\n\n" + long,
		"`ipaddress.IPv4Address('192.0.0.8').is_private` is False although the range is reserved, so SSRF filters that rely on it let the request through. Python 3.12.3 and 3.11.9 tested; an attacker only needs to supply the URL.\n\n" +
			fence("import ipaddress\nprint(ipaddress.ip_address('192.0.0.8').is_private)"),
		"Use-after-free in `_asyncio` task switching\n\nWhen a task's coroutine is garbage-collected during `asyncio.Task.__step`, `_asyncio` touches freed memory; running with PYTHONMALLOC=debug shows it. Tested on 3.13.1.\n\n" +
			fence("import asyncio, gc\nasync def f():\n    gc.collect()\nasyncio.run(f())"),
	}
	table := loadTable(t)
	for i, text := range reports {
		in := &Input{Report: report.Report{Text: text, Line: 1}, Table: table, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
		if got := Check(in); len(got) != 0 {
			t.Errorf("report %d: unexpected findings %+v", i, got)
		}
	}
}
