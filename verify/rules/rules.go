// Package rules documents every rule pyrefcheck raises. Each rule's id,
// title, rationale, default severity and the PSRT policy section it
// enforces are written once here; `pyrefcheck explain`, SARIF's rule
// metadata and the README's rule table are all generated from them.
package rules

import (
	"sort"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// Family groups rules.
type Family string

const (
	Hallucination Family = "hallucination"
	Policy        Family = "policy"
)

// Policy sections, named as in the PSRT security policy.
const (
	SectionBugs      = "What types of bugs are vulnerabilities?"
	SectionVersions  = "What versions of Python accept reports?"
	SectionStructure = "What to include and how to structure a vulnerability report?"
	SectionSubmit    = "How to submit a vulnerability report?"
)

// Rule is one rule's documentation.
type Rule struct {
	ID       string
	Family   Family
	Title    string
	Severity report.Severity
	// Section is the policy section the rule enforces; Quote is the
	// policy's own sentence.
	Section string
	Quote   string
	// Trigger says what makes the rule fire, in one sentence.
	Trigger string
	// Doc is the rationale, a paragraph or two.
	Doc string
}

const verifyQuote = "When reporting large numbers or \"batches\" of vulnerabilities or searching for potential vulnerabilities using an LLM, you as a reporter must verify the factual validity (such as whether APIs have been hallucinated) of the content in all reports prior to submission to the PSRT."

var all = []Rule{
	{ID: "hallucinated-module", Family: Hallucination, Severity: report.SeverityError, Section: SectionStructure, Quote: verifyQuote,
		Title:   "Module does not exist in the standard library",
		Trigger: "a module the report presents as part of the standard library exists in no CPython version from 3.9 to 3.15",
		Doc: "The report imports or names a module as a stdlib module, but no indexed CPython version has it. " +
			"A module that is in no stdlib version and that the report does not call part of the standard library is " +
			"treated as third-party and reported as info only."},
	{ID: "hallucinated-attribute", Family: Hallucination, Severity: report.SeverityError, Section: SectionStructure, Quote: verifyQuote,
		Title:   "Function, class, method or attribute does not exist",
		Trigger: "a dotted name rooted in a stdlib module (directly, through an import alias or an instance of a known class) exists in no indexed version",
		Doc: "Names are resolved the way Python would: through import aliases, re-exports (asyncio.StreamWriter is " +
			"asyncio.streams.StreamWriter), inheritance (SimpleCookie.load is BaseCookie.load) and the class of an instance " +
			"(tf.extractall on a tarfile.TarFile). Where the index cannot be sure (a namespace with dynamic attributes, a " +
			"value of unknown type, a module known only from documentation) the reference is unknown, never an error."},
	{ID: "hallucinated-parameter", Family: Hallucination, Severity: report.SeverityError, Section: SectionStructure, Quote: verifyQuote,
		Title:   "Keyword argument not accepted by the callable",
		Trigger: "a call passes a keyword that the callee's signature does not have, and the callee takes no **kwargs",
		Doc: "Signatures come from the Python sources, Argument Clinic blocks of the C sources and, at snapshot build time, " +
			"the interpreter's own inspect.signature. A constructor's parameters are checked on the class " +
			"(zipfile.ZipFile(strict_timestamps)). A callee without a known signature makes the parameter unknown."},
	{ID: "hallucinated-path", Family: Hallucination, Severity: report.SeverityError, Section: SectionStructure, Quote: verifyQuote,
		Title:   "CPython source path does not exist",
		Trigger: "a Lib/, Modules/, Objects/, Python/, Include/, PC/ or Parser/ path, or a diff's file or hunk-header function, is in no indexed source tree",
		Doc: "Paths are checked against the repository layout of each version (Lib/zipfile/_path/__init__.py exists from 3.12). " +
			"A version whose snapshot was built without C sources cannot refute a C path; that answer is unknown."},
	{ID: "hallucinated-c-symbol", Family: Hallucination, Severity: report.SeverityError, Section: SectionStructure, Quote: verifyQuote,
		Title:   "C function or macro does not exist",
		Trigger: "a C API name (Py*, _Py*) or a function said to live in a .c file is defined or declared in no indexed source tree",
		Doc: "Every function defined in Modules/, Objects/, Python/ and Parser/, and every function, macro and type declared in " +
			"Include/, is indexed for the versions whose C sources are available."},
	{ID: "missing-in-version", Family: Hallucination, Severity: report.SeverityError, Section: SectionStructure, Quote: verifyQuote,
		Title:   "Exists, but not in a version the report claims",
		Trigger: "a reference exists in some indexed version but not in one the report says it tested",
		Doc: "typing.override was added in 3.12 and telnetlib removed in 3.13: a report that uses them on the other side of " +
			"that line did not run what it shows. The message says when the name was added or removed. A claim of a later " +
			"micro release than the snapshot's is not refuted when a newer minor has the name (security fixes are backported)."},
	{ID: "unknown-version", Family: Hallucination, Severity: report.SeverityError, Section: SectionVersions,
		Quote:   "Always include the versions of Python that were tested, and indicate which were found to be vulnerable.",
		Title:   "Python version was never released",
		Trigger: "a claimed version names a branch that does not exist, or a micro release beyond what could have been released by the report's date",
		Doc: "Versions are judged against CPython's release history as of the table's date, plus an allowance of two micro " +
			"releases and one more for every two months since then, because releases run ahead of schedule. Inside the " +
			"allowance a version is unverified (info), never an error."},
	{ID: "third-party-module", Family: Hallucination, Severity: report.SeverityInfo, Section: SectionSubmit,
		Quote:   "For all other projects (such as pip, python.org and tools) or if you're not sure where to send your report, send an email to security@python.org.",
		Title:   "Module is not in the standard library (third-party)",
		Trigger: "a module that is in no standard library version and that the report does not present as part of the standard library",
		Doc: "Such a module is most likely a third-party package. It is not checked further; if the report is about that " +
			"package, it belongs to the package's maintainers, not the PSRT."},

	{ID: "documented-behavior", Family: Policy, Severity: report.SeverityWarning, Section: SectionBugs,
		Quote:   "Documented functionality is not considered a vulnerability. For example, pickle, marshal, shelve, eval(), and exec() are documented to execute arbitrary Python code that is supplied as data. The ctypes module is documented to enable modifying arbitrary locations in memory.",
		Title:   "Reports documented behaviour (pickle, marshal, shelve, eval, exec, ctypes)",
		Trigger: "a sentence says untrusted data reaches pickle/marshal/shelve/eval/exec or ctypes reaches arbitrary memory, or the PoC imports only those (plus os, io, base64 and such), and the report neither names another stdlib module in its subject nor describes a memory-safety bug in their C code or a find_class bypass",
		Doc:     "Loading untrusted pickle data or evaluating untrusted input executing code is the documented contract of those APIs, not a flaw in CPython."},
	{ID: "launch-conditions", Family: Policy, Severity: report.SeverityWarning, Section: SectionBugs,
		Quote:   "Vulnerabilities must not depend on malicious control of Python's launch conditions, including (but not limited to) command line arguments, environment variables, or modifications to files on the target system.",
		Title:   "Needs control of Python's launch conditions",
		Trigger: "a sentence gives an attacker control of PYTHON* or other environment variables, -X/-W or other command-line options, .pth files, sitecustomize/usercustomize, site-packages or the installed stdlib, or the PoC sets PYTHONPATH/PYTHONSTARTUP/PYTHONHOME and writes the file it loads",
		Doc:     "Python assumes its environment is what the legitimate user intended; an attacker who controls it already controls the process."},
	{ID: "dependency-vuln", Family: Policy, Severity: report.SeverityWarning, Section: SectionBugs,
		Quote:   "Vulnerabilities in dependencies of Python (such as zlib, Tcl/Tk, or OpenSSL) are not vulnerabilities in Python unless Python's use of the dependency interferes with secure use of the dependency.",
		Title:   "Bug is in a dependency, not in CPython",
		Trigger: "a sentence makes zlib, OpenSSL, expat, libffi, Tcl/Tk, SQLite, libmpdec, bzip2, xz or HACL* the one at fault (\"libexpat before 2.4.9 has a use-after-free\", \"an overflow in the bundled zlib\") and no sentence says CPython misuses it",
		Doc:     "Report such bugs to the dependency; the PSRT handles them only when CPython's use of the library is at fault."},
	{ID: "unsupported-version", Family: Policy, Severity: report.SeverityWarning, Section: SectionVersions,
		Quote:   "Python accepts vulnerability reports and will assign CVE IDs for supported Python versions that have a status of \"bugfix\" or \"security\".",
		Title:   "Every tested version is end-of-life",
		Trigger: "every version the report tested (or, when none is marked tested, every version it names) is end-of-life on the report's date: its own date, else today",
		Doc:     "Test on a supported branch (bugfix or security status); a flaw only in end-of-life versions gets no CVE."},
	{ID: "prerelease-only", Family: Policy, Severity: report.SeverityWarning, Section: SectionVersions,
		Quote:   "If the vulnerability only exists in prerelease versions (alphas, betas, release candidates), then the issue should be reported as a regular bug.",
		Title:   "Only prerelease versions or the main branch tested",
		Trigger: "every tested version is an alpha, beta or release candidate, an unreleased branch, or the main branch",
		Doc:     "Bugs found only in prereleases are regular bugs, reported in public."},
	{ID: "no-versions", Family: Policy, Severity: report.SeverityWarning, Section: SectionStructure,
		Quote:   "Always include the versions of Python that were tested, and indicate which were found to be vulnerable.",
		Title:   "No tested Python version given",
		Trigger: "the report names no tested version, no main branch and no full micro release such as 3.12.4",
		Doc:     "Without versions the PSRT cannot tell whether the report applies to a supported branch. pyrefcheck then checks references against every supported branch."},
	{ID: "experimental-feature", Family: Policy, Severity: report.SeverityWarning, Section: SectionVersions,
		Quote:   "Sometimes features may be marked as \"experimental\" in Python, even in a stable Python version. These features are not eligible for security vulnerabilities.",
		Title:   "Targets an experimental feature",
		Trigger: "the report relies on the free-threaded build (--disable-gil, 3.13t, PYTHON_GIL=0), the JIT (--enable-experimental-jit, PYTHON_JIT=1) or a feature it calls experimental, in a sentence that does not say the bug also happens without it",
		Doc:     "Open a public GitHub issue instead."},
	{ID: "severity-included", Family: Policy, Severity: report.SeverityWarning, Section: SectionStructure,
		Quote:   "Do not include severity or CVSS information in your initial report, this information will be determined by the PSRT.",
		Title:   "Includes a CVSS score or severity rating",
		Trigger: "a CVSS vector or score, or a severity or risk rating such as \"Severity: High\" or \"high-severity\"",
		Doc:     "The PSRT assigns severity; leave it out."},
	{ID: "excessive-structure", Family: Policy, Severity: report.SeverityWarning, Section: SectionStructure,
		Quote:   "For the initial report and follow-up communications, avoid overly long, verbose, or excessive structure (such as headers or tables). Reports should be a few sentences describing the vulnerability.",
		Title:   "Headers, tables or far more than a few sentences",
		Trigger: "two or more Markdown section headers besides a one-line title, any table, or more than 250 words or 15 sentences of prose outside code",
		Doc:     "A report should be a few sentences and a PoC. A single title line is fine."},
	{ID: "poc-not-collapsed", Family: Policy, Severity: report.SeverityWarning, Section: SectionStructure,
		Quote:   "Proof-of-concept scripts longer than a few lines should be wrapped with a collapsed section using <details></details> for better readability.",
		Title:   "Long proof of concept not in <details>",
		Trigger: "a code block (not a patch, data or program output) of more than 20 non-blank lines outside a <details> section",
		Doc:     "Wrap long scripts in <details><summary>PoC</summary> ... </details>."},
	{ID: "no-poc", Family: Policy, Severity: report.SeverityWarning, Section: SectionStructure,
		Quote:   "Ideally include a proof-of-concept script that reproduces the issue and provides a clear indication of whether the vulnerability is still present.",
		Title:   "No proof of concept",
		Trigger: "a Markdown report has no code block of any kind, no >>> session and no python -c command (a bare .py or .diff report is its own PoC)",
		Doc:     "A short script that exits 1 when vulnerable and 0 when not saves the PSRT a round trip."},
	{ID: "not-cpython", Family: Policy, Severity: report.SeverityWarning, Section: SectionSubmit,
		Quote:   "For all other projects (such as pip, python.org and tools) or if you're not sure where to send your report, send an email to security@python.org.",
		Title:   "Targets pip, python.org or a third-party project",
		Trigger: "the title or first two sentences name pip, PyPI or python.org as the target, or a third-party project (urllib3, setuptools, \"requests 2.31.0\"), without naming a stdlib module",
		Doc:     "Those projects have their own channels; CPython's tracker is the wrong place."},
}

// All returns every rule, hallucination rules first, each family sorted by id.
func All() []Rule {
	out := append([]Rule(nil), all...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Family != out[j].Family {
			return out[i].Family == Hallucination
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Get returns the rule with an id.
func Get(id string) (Rule, bool) {
	for _, r := range all {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
