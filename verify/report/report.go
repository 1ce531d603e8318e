// Package report holds the plain data that flows between verify's stages:
// a Report read from a batch, the References found in it, and the
// Findings that rules raise. No stage reaches into another's internals;
// they meet here.
package report

// Report is one vulnerability report taken from a batch.
type Report struct {
	// Source names where the report came from: a file path, or "-" for
	// stdin. For a file of many reports, Line says where this one starts.
	Source string
	// ID is the report's own id (a JSON "id" field, an email Message-ID), or "".
	ID string
	// Title is a title field or email subject, when the format has one.
	Title string
	// Text is the report's body, Markdown or plain text.
	Text string
	// Line is the line in Source where Text starts (1 for a whole file), so
	// that positions inside Text can be reported as file positions.
	Line int
	// Kind is how Text should be read: markdown (also plain text), python
	// (a bare PoC) or diff (a bare patch).
	Kind TextKind
	// Flat marks a text that is one string of a JSON record: its lines
	// are not lines of Source, so every position in it is reported at the
	// record's line (Line), column 1.
	Flat bool
	// Date is the report's date when the format carries one (email), as
	// YYYY-MM-DD, else "".
	Date string
}

// TextKind says how to read a report's text.
type TextKind uint8

const (
	Markdown TextKind = iota
	Python
	Diff
)

// RefKind is the kind of a reference, as spelled in the JSON contract.
type RefKind string

const (
	RefModule    RefKind = "module"
	RefAttribute RefKind = "attribute"
	RefParameter RefKind = "parameter"
	RefPath      RefKind = "path"
	RefCSymbol   RefKind = "c-symbol"
	RefVersion   RefKind = "version"
)

// Origin says where in the report a reference was found.
type Origin string

const (
	OriginCode   Origin = "code"   // a code block, >>> session or python -c
	OriginInline Origin = "inline" // inline code in prose
	OriginProse  Origin = "prose"  // plain prose
	OriginDiff   Origin = "diff"   // a diff's paths and hunk headers
	OriginTitle  Origin = "title"
)

// Status values of a checked reference.
const (
	StatusOK              = "ok"
	StatusMissing         = "missing"
	StatusVersionMismatch = "version-mismatch"
	StatusUnknown         = "unknown"
)

// Reference is one stdlib reference found in a report.
type Reference struct {
	Symbol string  `json:"symbol"` // canonical spelling (DESIGN.md)
	Kind   RefKind `json:"kind"`
	Text   string  `json:"text"` // as written
	Origin Origin  `json:"origin"`
	Line   int     `json:"line"` // 1-based, in the source file
	Column int     `json:"column"`
	Status string  `json:"status"`
	// PresentIn and MissingIn list the minor versions checked.
	PresentIn []string `json:"present_in"`
	MissingIn []string `json:"missing_in"`
	// Callee is, for a parameter, the callable whose signature decides it.
	Callee string `json:"callee,omitempty"`
	// Resolved is the defining name after aliases and inheritance.
	Resolved string `json:"resolved,omitempty"`
	// DefinedIn is, for a diff's hunk-header function, the file whose
	// definitions decide it.
	DefinedIn string `json:"-"`
	// Weak marks a reference guessed from prose, which is reported only
	// when it is clearly about the stdlib.
	Weak bool `json:"-"`
	// ClaimedStdlib marks a module the report calls part of the standard library.
	ClaimedStdlib bool `json:"-"`
	// Note explains an unknown or mismatch status.
	Note string `json:"note,omitempty"`
}

// Severity of a finding.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities: info < warning < error.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// Finding is one problem a rule raised on a report.
type Finding struct {
	Rule       string   `json:"rule"`
	Severity   Severity `json:"severity"`
	Symbol     string   `json:"symbol,omitempty"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion,omitempty"`
	// Section is the PSRT policy section a policy finding enforces.
	Section string `json:"section,omitempty"`
}

// Result is everything verify found about one report.
type Result struct {
	Source          string      `json:"source"`
	ID              *string     `json:"id"`
	Title           string      `json:"title,omitempty"`
	ClaimedVersions []string    `json:"claimed_versions"`
	CheckedVersions []string    `json:"checked_versions"`
	References      []Reference `json:"references"`
	Findings        []Finding   `json:"findings"`
	// Error is set when the report could not be read or parsed at all.
	Error string `json:"error,omitempty"`
}

// Worst returns the highest severity among the findings ("" when none).
func (r *Result) Worst() Severity {
	var worst Severity
	for _, f := range r.Findings {
		if f.Severity.Rank() > worst.Rank() {
			worst = f.Severity
		}
	}
	return worst
}
