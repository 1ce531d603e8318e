package output

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// The JSON document of DESIGN.md ("Machine-readable output"). These types
// mirror report.Result rather than reuse it so the contract holds whatever
// report's struct tags say: every contract field is always present, lists
// are [] and never null, a missing id is null and a missing symbol or
// suggestion is "". Fields beyond the contract are marked "extra".

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonReport struct {
	Source          string          `json:"source"`
	ID              *string         `json:"id"`
	Title           string          `json:"title,omitempty"` // extra
	ClaimedVersions []string        `json:"claimed_versions"`
	CheckedVersions []string        `json:"checked_versions"`
	References      []jsonReference `json:"references"`
	Findings        []jsonFinding   `json:"findings"`
	Error           string          `json:"error,omitempty"` // extra: why the report could not be read
}

type jsonReference struct {
	Symbol    string   `json:"symbol"`
	Kind      string   `json:"kind"`
	Text      string   `json:"text"`
	Origin    string   `json:"origin"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	Status    string   `json:"status"`
	PresentIn []string `json:"present_in"`
	MissingIn []string `json:"missing_in"`
	Callee    string   `json:"callee,omitempty"`   // extra
	Resolved  string   `json:"resolved,omitempty"` // extra
	Note      string   `json:"note,omitempty"`     // extra
}

type jsonFinding struct {
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	Symbol     string `json:"symbol"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion"`
	Section    string `json:"section,omitempty"` // extra: the policy section a policy rule enforces
}

func toJSONReport(r *report.Result) jsonReport {
	out := jsonReport{
		Source:          r.Source,
		ID:              reportID(r),
		Title:           r.Title,
		ClaimedVersions: nonNil(r.ClaimedVersions),
		CheckedVersions: nonNil(r.CheckedVersions),
		References:      make([]jsonReference, 0, len(r.References)),
		Findings:        make([]jsonFinding, 0, len(r.Findings)),
		Error:           r.Error,
	}
	for _, ref := range r.References {
		out.References = append(out.References, jsonReference{
			Symbol: ref.Symbol, Kind: string(ref.Kind), Text: ref.Text, Origin: string(ref.Origin),
			Line: ref.Line, Column: ref.Column, Status: ref.Status,
			PresentIn: nonNil(ref.PresentIn), MissingIn: nonNil(ref.MissingIn),
			Callee: ref.Callee, Resolved: ref.Resolved, Note: ref.Note,
		})
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Severity: string(f.Severity), Symbol: f.Symbol, Line: f.Line, Column: f.Column,
			Message: f.Message, Suggestion: f.Suggestion, Section: f.Section,
		})
	}
	return out
}

// reportID is the report's id, nil when it has none (an empty id counts as none).
func reportID(r *report.Result) *string {
	if r.ID == nil || *r.ID == "" {
		return nil
	}
	return r.ID
}

// jsonWriter streams the document: the head when created, each report as
// it is written, the summary and closing brackets on Close.
type jsonWriter struct {
	out     *stickyWriter
	reports int
	closed  bool
}

func newJSONWriter(out *stickyWriter, opts Options) *jsonWriter {
	w := &jsonWriter{out: out}
	out.print("{\n  \"tool\": ")
	out.writeJSON(jsonTool{Name: ToolName, Version: opts.ToolVersion}, "  ")
	out.print(",\n  \"snapshots\": ")
	out.writeJSON(nonNil(opts.Snapshots), "  ")
	out.print(",\n  \"reports\": [")
	return w
}

func (w *jsonWriter) Write(r *report.Result) error {
	if w.closed {
		return errClosed
	}
	if w.reports > 0 {
		w.out.print(",")
	}
	w.reports++
	w.out.print("\n    ")
	w.out.writeJSON(toJSONReport(r), "    ")
	return w.out.err
}

func (w *jsonWriter) Close(sum Summary) error {
	if w.closed {
		return errClosed
	}
	w.closed = true
	if w.reports > 0 {
		w.out.print("\n  ")
	}
	sum.ByRule = nonNilMap(sum.ByRule)
	w.out.print("],\n  \"summary\": ")
	w.out.writeJSON(sum, "  ")
	w.out.print("\n}\n")
	return w.out.err
}

func nonNilMap(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

// writeJSON encodes v indented to sit at prefix, without escaping <, > and &
// (reports quote HTML such as <details>, and people read this output too).
// Maps encode with sorted keys, so the output is deterministic.
func (s *stickyWriter) writeJSON(v any, prefix string) {
	if s.err != nil {
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		s.err = fmt.Errorf("encoding JSON: %w", err)
		return
	}
	s.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
