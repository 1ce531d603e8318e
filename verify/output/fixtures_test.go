package output

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/pyrefcheck/pyrefcheck/internal/golden"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// goldenDir holds the expected output of every format, at the repository's
// top-level testdata like the other golden outputs.
const goldenDir = "../../testdata/golden/output"

// testOptions are fixed so that golden files do not depend on the machine.
func testOptions(format string) Options {
	return Options{
		Format:      format,
		ToolVersion: "0.0.0-test",
		Snapshots:   []string{"3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"},
		Root:        "/batches/2026-11",
	}
}

func ptr(s string) *string { return &s }

// sampleResults is a hand-made batch covering every shape a Result takes.
func sampleResults() []*report.Result {
	return []*report.Result{
		{ // A clean report.
			Source:          "reports/001-zipfile-ok.md",
			ClaimedVersions: []string{"3.12.3", "3.13.1"},
			CheckedVersions: []string{"3.12", "3.13"},
			References: []report.Reference{
				{Symbol: "3.12.3", Kind: report.RefVersion, Text: "Python 3.12.3", Origin: report.OriginProse, Line: 2, Column: 14,
					Status: report.StatusOK, PresentIn: []string{"3.12"}},
				{Symbol: "Lib/zipfile/_path/__init__.py", Kind: report.RefPath, Text: "Lib/zipfile/_path/__init__.py", Origin: report.OriginInline,
					Line: 3, Column: 12, Status: report.StatusOK, PresentIn: []string{"3.12", "3.13"}},
				{Symbol: "zipfile.ZipFile", Kind: report.RefAttribute, Text: "zipfile.ZipFile", Origin: report.OriginCode, Line: 8, Column: 6,
					Status: report.StatusOK, PresentIn: []string{"3.12", "3.13"}},
				{Symbol: "zipfile.ZipFile(strict_timestamps)", Kind: report.RefParameter, Text: "strict_timestamps=False", Origin: report.OriginCode,
					Line: 8, Column: 30, Status: report.StatusOK, PresentIn: []string{"3.12", "3.13"}, Callee: "zipfile.ZipFile.__init__"},
			},
		},
		{ // Hallucinated references, with and without suggestions.
			Source:          "reports/002-tarfile.md",
			ClaimedVersions: []string{"3.9.18", "3.12.27"},
			CheckedVersions: []string{"3.9", "3.12"},
			References: []report.Reference{
				{Symbol: "3.12.27", Kind: report.RefVersion, Text: "3.12.27", Origin: report.OriginProse, Line: 2, Column: 30,
					Status: report.StatusMissing, MissingIn: []string{"3.12"}, Note: "3.12 has not reached micro release 27"},
				{Symbol: "typing.override", Kind: report.RefAttribute, Text: "override", Origin: report.OriginCode, Line: 10, Column: 20,
					Status: report.StatusVersionMismatch, PresentIn: []string{"3.12"}, MissingIn: []string{"3.9"}, Note: "added in 3.12"},
				{Symbol: "tarfile.TarFile.extractall", Kind: report.RefAttribute, Text: "tf.extractall", Origin: report.OriginCode, Line: 12, Column: 5,
					Status: report.StatusOK, PresentIn: []string{"3.9", "3.12"}},
				{Symbol: "tarfile.TarFile.extractall(filters)", Kind: report.RefParameter, Text: "filters=None", Origin: report.OriginCode,
					Line: 12, Column: 19, Status: report.StatusMissing, MissingIn: []string{"3.9", "3.12"}, Callee: "tarfile.TarFile.extractall"},
				{Symbol: "tarfile.TarFile.safe_extractall", Kind: report.RefAttribute, Text: "tf.safe_extractall", Origin: report.OriginCode,
					Line: 14, Column: 1, Status: report.StatusMissing, MissingIn: []string{"3.9", "3.12"}},
			},
			Findings: []report.Finding{
				{Rule: "unknown-version", Severity: report.SeverityError, Symbol: "3.12.27", Line: 2, Column: 30,
					Message: "Python 3.12.27 was never released: 3.12 had not reached micro release 27 by the report's date"},
				{Rule: "missing-in-version", Severity: report.SeverityError, Symbol: "typing.override", Line: 10, Column: 20,
					Message: "typing.override was added in 3.12; it does not exist in 3.9, which the report claims to have tested"},
				{Rule: "hallucinated-parameter", Severity: report.SeverityError, Symbol: "tarfile.TarFile.extractall(filters)", Line: 12, Column: 19,
					Message: "tarfile.TarFile.extractall() takes no keyword argument filters in 3.9 or 3.12", Suggestion: "filter"},
				{Rule: "hallucinated-attribute", Severity: report.SeverityError, Symbol: "tarfile.TarFile.safe_extractall", Line: 14, Column: 1,
					Message: "tarfile.TarFile.safe_extractall does not exist in 3.9 or 3.12.", Suggestion: "tarfile.TarFile.extractall"},
			},
		},
		{ // Policy warnings only; the file name needs escaping in URIs and GitHub properties.
			Source:          "reports/003 policy, draft.md",
			CheckedVersions: []string{"3.12", "3.13"},
			References: []report.Reference{
				{Symbol: "pickle.loads", Kind: report.RefAttribute, Text: "pickle.loads", Origin: report.OriginInline, Line: 6, Column: 24,
					Status: report.StatusOK, PresentIn: []string{"3.12", "3.13"}},
			},
			Findings: []report.Finding{
				{Rule: "no-versions", Severity: report.SeverityWarning, Message: "the report names no Python version it was tested on",
					Section: "What to include and how to structure a vulnerability report?"},
				{Rule: "severity-included", Severity: report.SeverityWarning, Line: 3, Column: 1,
					Message: "includes a CVSS vector: CVSS:3.1/AV:N/AC:L", Suggestion: "leave severity to the PSRT",
					Section: "What to include and how to structure a vulnerability report?"},
				{Rule: "documented-behavior", Severity: report.SeverityWarning, Symbol: "pickle.loads", Line: 6, Column: 24,
					Message: "untrusted data reaching pickle.loads is 100% documented behaviour, not a vulnerability",
					Section: "What types of bugs are vulnerabilities?"},
				{Rule: "poc-not-collapsed", Severity: report.SeverityWarning, Line: 9, Column: 1,
					Message: "the proof of concept has 41 lines outside <details>", Suggestion: "wrap it in <details><summary>PoC</summary> ... </details>",
					Section: "What to include and how to structure a vulnerability report?"},
			},
		},
		{ // A report that could not be read.
			Source: "reports/004-broken.eml",
			Error:  "reading reports/004-broken.eml: malformed MIME header line: \"Subject\"",
		},
		{ // One line of a JSON Lines batch, with an id; positions are file lines.
			Source:          "batch.jsonl:7",
			ID:              ptr("PSRT-2026-0042"),
			Title:           "Path traversal in shutil.unpack_archive",
			ClaimedVersions: []string{"3.13.0"},
			CheckedVersions: []string{"3.13"},
			References: []report.Reference{
				{Symbol: "shutil.unpack_archive", Kind: report.RefAttribute, Text: "shutil.unpack_archive", Origin: report.OriginTitle, Line: 7, Column: 40,
					Status: report.StatusOK, PresentIn: []string{"3.13"}},
				{Symbol: "securezip", Kind: report.RefModule, Text: "import securezip", Origin: report.OriginCode, Line: 7, Column: 140,
					Status: report.StatusMissing, MissingIn: []string{"3.13"}},
				{Symbol: "PyZip_SafeOpen", Kind: report.RefCSymbol, Text: "PyZip_SafeOpen()", Origin: report.OriginProse, Line: 7, Column: 210,
					Status: report.StatusMissing, MissingIn: []string{"3.13"}},
				{Symbol: "xml.etree.ElementTree.XMLParser.feed", Kind: report.RefAttribute, Text: "p.feed", Origin: report.OriginCode, Line: 7, Column: 260,
					Status: report.StatusUnknown, Note: "the class of p is not known"},
			},
			Findings: []report.Finding{
				{Rule: "hallucinated-module", Severity: report.SeverityError, Symbol: "securezip", Line: 7, Column: 140,
					Message: "securezip is not a standard library module in any version from 3.9 to 3.15; did you mean zipfile?", Suggestion: "zipfile"},
				{Rule: "hallucinated-c-symbol", Severity: report.SeverityError, Symbol: "PyZip_SafeOpen", Line: 7, Column: 210,
					Message: "PyZip_SafeOpen is defined in no indexed C source\n(checked Modules/, Objects/, Python/ and Include/ of 3.13)"},
				{Rule: "no-poc", Severity: report.SeverityWarning, Message: "the report has no proof of concept"},
			},
		},
	}
}

// render writes results through a new Writer and closes it with their summary.
func render(t *testing.T, opts Options, results []*report.Result) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := New(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	var sum Summary
	for _, r := range results {
		sum.Add(r)
		if err := w.Write(r); err != nil {
			t.Fatalf("Write(%s): %v", r.Source, err)
		}
	}
	if err := w.Close(sum); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.String()
}

// checkGolden compares got with testdata/golden/output/<name>.golden, or
// rewrites the file under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join(goldenDir, name+".golden"), got)
}
