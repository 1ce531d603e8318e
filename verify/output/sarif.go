package output

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
)

// SARIF 2.1.0, one run, shaped for GitHub code scanning.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// srcRoot is the uriBaseId of every relative location: the directory
	// the batch was checked from (GitHub maps it to the checkout).
	srcRoot = "%SRCROOT%"
	// fingerprintKey names pyrefcheck's partial fingerprint; the version
	// suffix lets the recipe change without matching old alerts wrongly.
	fingerprintKey = "pyrefcheckFinding/v1"
)

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags          []string `json:"tags"`
	PolicySection string   `json:"policy-section,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Source     string `json:"source"`
	ReportID   string `json:"reportId,omitempty"`
	Symbol     string `json:"symbol,omitempty"`
	Suggestion string `json:"suggestion,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

// sarifWriter streams one run. The run's results come first and its tool
// last: JSON members are unordered, and waiting until Close to write
// tool.driver.rules lets a finding of a rule that verify/rules does not
// document (a bug, but one that should not break an upload) still get a
// descriptor for its ruleIndex. Unreadable reports become tool execution
// notifications, the one thing kept until Close; results never are.
type sarifWriter struct {
	out       *stickyWriter
	opts      Options
	ruleIndex map[string]int
	extra     []sarifRule // undocumented rules met so far, indexed after rules.All()
	notes     []sarifNotification
	results   int
	closed    bool
}

func newSARIFWriter(out *stickyWriter, opts Options) *sarifWriter {
	w := &sarifWriter{out: out, opts: opts, ruleIndex: map[string]int{}}
	for i, r := range rules.All() {
		w.ruleIndex[r.ID] = i
	}
	out.print("{\n  \"$schema\": \"" + sarifSchema + "\",\n  \"version\": \"" + sarifVersion + "\",\n  \"runs\": [\n    {\n")
	out.print("      \"properties\": ")
	out.writeJSON(map[string][]string{"snapshots": nonNil(opts.Snapshots)}, "      ")
	out.print(",\n      \"results\": [")
	return w
}

func (w *sarifWriter) Write(r *report.Result) error {
	if w.closed {
		return errClosed
	}
	if r.Error != "" {
		w.notes = append(w.notes, sarifNotification{
			Level:     "error",
			Message:   sarifMessage{Text: r.Source + ": " + r.Error},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: w.artifact(r.Source)}}},
		})
	}
	for _, f := range r.Findings {
		if w.results > 0 {
			w.out.print(",")
		}
		w.results++
		w.out.print("\n        ")
		w.out.writeJSON(w.result(r, f), "        ")
	}
	return w.out.err
}

func (w *sarifWriter) result(r *report.Result, f report.Finding) sarifResult {
	loc := locate(r.Source, f.Line, f.Column)
	artifact := w.artifact(r.Source)
	props := sarifResultProps{Source: r.Source, Symbol: f.Symbol, Suggestion: f.Suggestion}
	if id := reportID(r); id != nil {
		props.ReportID = *id
	}
	return sarifResult{
		RuleID:    f.Rule,
		RuleIndex: w.indexOf(f),
		Level:     sarifLevel(f.Severity, f.Rule),
		Message:   sarifMessage{Text: messageWithHint(f)},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: artifact,
			Region:           &sarifRegion{StartLine: loc.line, StartColumn: loc.col},
		}}},
		PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f.Rule, reportIdentity(r, artifact.URI), f.Symbol)},
		Properties:          props,
	}
}

// indexOf returns the finding's rule's index in tool.driver.rules, adding
// a minimal descriptor for a rule verify/rules does not know.
func (w *sarifWriter) indexOf(f report.Finding) int {
	if i, ok := w.ruleIndex[f.Rule]; ok {
		return i
	}
	i := len(w.ruleIndex)
	w.ruleIndex[f.Rule] = i
	w.extra = append(w.extra, sarifRule{
		ID:                   f.Rule,
		Name:                 camelCase(f.Rule),
		ShortDescription:     sarifMessage{Text: f.Rule},
		FullDescription:      sarifMessage{Text: f.Rule},
		Help:                 sarifMessage{Text: f.Rule},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(f.Severity, "")},
		Properties:           sarifRuleProps{Tags: []string{}},
	})
	return i
}

func (w *sarifWriter) Close(Summary) error {
	if w.closed {
		return errClosed
	}
	w.closed = true
	if w.results > 0 {
		w.out.print("\n      ")
	}
	w.out.print("],\n      \"invocations\": ")
	w.out.writeJSON([]sarifInvocation{{ExecutionSuccessful: true, Notifications: w.notes}}, "      ")
	w.out.print(",\n      \"tool\": ")
	w.out.writeJSON(sarifTool{Driver: sarifDriver{
		Name:           ToolName,
		Version:        w.opts.ToolVersion,
		InformationURI: InformationURI,
		Rules:          append(sarifRules(), w.extra...),
	}}, "      ")
	w.out.print("\n    }\n  ]\n}\n")
	return w.out.err
}

// sarifRules describes every documented rule, in rules.All() order.
func sarifRules() []sarifRule {
	var out []sarifRule
	for _, r := range rules.All() {
		out = append(out, sarifRule{
			ID:               r.ID,
			Name:             camelCase(r.ID),
			ShortDescription: sarifMessage{Text: r.Title},
			FullDescription:  sarifMessage{Text: "Fires when " + r.Trigger + "."},
			Help: sarifMessage{
				Text: r.Doc + "\n\nPSRT security policy, section \"" + r.Section + "\":\n" + r.Quote,
				Markdown: "**Fires when** " + markdownText(r.Trigger) + ".\n\n" + markdownText(r.Doc) +
					"\n\nPSRT security policy, section *" + markdownText(r.Section) + "*:\n\n> " + markdownText(r.Quote),
			},
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity, "")},
			Properties:           sarifRuleProps{Tags: []string{string(r.Family)}, PolicySection: r.Section},
		})
	}
	return out
}

// sarifLevel maps a severity to SARIF's level enum; a finding without one
// takes its rule's default.
func sarifLevel(s report.Severity, rule string) string {
	switch s {
	case report.SeverityError:
		return "error"
	case report.SeverityWarning:
		return "warning"
	case report.SeverityInfo:
		return "note"
	}
	if r, ok := rules.Get(rule); ok && r.Severity != "" {
		return sarifLevel(r.Severity, "")
	}
	return "warning"
}

// camelCase turns a rule id into SARIF's rule name: hallucinated-c-symbol -> HallucinatedCSymbol.
func camelCase(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		b.WriteString(capitalize(part))
	}
	return b.String()
}

// artifact returns the location of a report's file: a relative,
// percent-escaped slash path under %SRCROOT% when the file is inside
// Options.Root (or given relative), an absolute file URI otherwise.
func (w *sarifWriter) artifact(source string) sarifArtifactLocation {
	path, _ := splitSource(source)
	rel, ok := relativePath(path, w.opts.Root)
	if !ok {
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()}
	}
	return sarifArtifactLocation{URI: (&url.URL{Path: rel}).String(), URIBaseID: srcRoot}
}

// relativePath returns path as a slash path relative to root. Standard
// input ("-") is reported as "stdin". ok is false for an absolute path
// outside root.
func relativePath(path, root string) (string, bool) {
	if path == "-" || path == "" {
		return "stdin", true
	}
	if filepath.IsAbs(path) {
		if root == "" {
			return "", false
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", false
		}
		path = rel
	}
	return filepath.ToSlash(filepath.Clean(path)), true
}

// reportIdentity names a report stably across runs: its file and its id
// when it has one (a report's line in a batch file moves when the batch
// is edited; its id does not), else its Source line.
func reportIdentity(r *report.Result, uri string) string {
	if id := reportID(r); id != nil {
		return uri + "#" + *id
	}
	path, _ := splitSource(r.Source)
	return uri + r.Source[len(path):] // the ":12" of "batch.jsonl:12", if any
}

// fingerprint is a stable hash of what a finding is about, so code
// scanning recognises the same finding in the next run even if lines move.
func fingerprint(rule, report, symbol string) string {
	sum := sha256.Sum256([]byte(rule + "\x00" + report + "\x00" + symbol))
	return hex.EncodeToString(sum[:16])
}
