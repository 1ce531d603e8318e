package output

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/rules"
)

// sarifBatches are the inputs both SARIF tests check: the sample batch, an
// empty batch, and a finding of a rule verify/rules does not document.
func sarifBatches() map[string][]*report.Result {
	return map[string][]*report.Result{
		"sample": sampleResults(),
		"empty":  nil,
		"undocumented rule": {{Source: "/batches/2026-11/x.md", Findings: []report.Finding{
			{Rule: "future-rule", Severity: report.SeverityInfo, Message: "m"},
			{Rule: "no-poc", Message: "no severity set"},
			{Rule: "future-rule", Severity: report.SeverityInfo, Message: "again"},
		}}},
	}
}

// TestSARIFStructure checks what SARIF 2.1.0 and GitHub code scanning
// require of a log, by hand, independently of the schema.
func TestSARIFStructure(t *testing.T) {
	for name, batch := range sarifBatches() {
		t.Run(name, func(t *testing.T) {
			var log struct {
				Schema  string `json:"$schema"`
				Version string `json:"version"`
				Runs    []struct {
					Tool *struct {
						Driver struct {
							Name  string `json:"name"`
							Rules []struct {
								ID                   string          `json:"id"`
								Name                 string          `json:"name"`
								ShortDescription     *sarifMessage   `json:"shortDescription"`
								FullDescription      *sarifMessage   `json:"fullDescription"`
								Help                 *sarifMessage   `json:"help"`
								DefaultConfiguration json.RawMessage `json:"defaultConfiguration"`
							} `json:"rules"`
						} `json:"driver"`
					} `json:"tool"`
					Results *[]struct {
						RuleID              string            `json:"ruleId"`
						RuleIndex           *int              `json:"ruleIndex"`
						Level               string            `json:"level"`
						Message             *sarifMessage     `json:"message"`
						Locations           []sarifLocation   `json:"locations"`
						PartialFingerprints map[string]string `json:"partialFingerprints"`
					} `json:"results"`
				} `json:"runs"`
			}
			out := render(t, testOptions(FormatSARIF), batch)
			if err := json.Unmarshal([]byte(out), &log); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if log.Version != "2.1.0" || log.Schema != sarifSchema {
				t.Errorf("version %q, $schema %q", log.Version, log.Schema)
			}
			if len(log.Runs) != 1 {
				t.Fatalf("%d runs, want 1", len(log.Runs))
			}
			run := log.Runs[0]
			if run.Tool == nil || run.Tool.Driver.Name != "pyrefcheck" {
				t.Fatalf("tool.driver.name missing: %+v", run.Tool)
			}
			if run.Results == nil {
				t.Fatal("run.results missing")
			}
			driverRules := run.Tool.Driver.Rules
			if len(driverRules) < len(rules.All()) {
				t.Errorf("%d driver rules, want at least %d", len(driverRules), len(rules.All()))
			}
			ids := map[string]bool{}
			for _, r := range driverRules {
				if r.ID == "" || r.Name == "" || r.ShortDescription == nil || r.FullDescription == nil || r.Help == nil ||
					r.DefaultConfiguration == nil || ids[r.ID] {
					t.Errorf("rule descriptor incomplete or duplicate: %+v", r)
				}
				ids[r.ID] = true
			}
			for i, res := range *run.Results {
				if res.Message == nil || res.Message.Text == "" {
					t.Errorf("results[%d].message.text empty", i)
				}
				if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(driverRules) || driverRules[*res.RuleIndex].ID != res.RuleID {
					t.Errorf("results[%d]: ruleId %q and ruleIndex %v disagree with tool.driver.rules", i, res.RuleID, res.RuleIndex)
				}
				switch res.Level {
				case "none", "note", "warning", "error":
				default:
					t.Errorf("results[%d].level %q not in the enum", i, res.Level)
				}
				if len(res.Locations) != 1 {
					t.Fatalf("results[%d] has %d locations", i, len(res.Locations))
				}
				phys := res.Locations[0].PhysicalLocation
				uri := phys.ArtifactLocation.URI
				if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "://") || strings.Contains(uri, `\`) {
					t.Errorf("results[%d] uri %q is not a relative slash path", i, uri)
				}
				if phys.ArtifactLocation.URIBaseID != srcRoot {
					t.Errorf("results[%d] uriBaseId %q", i, phys.ArtifactLocation.URIBaseID)
				}
				if phys.Region == nil || phys.Region.StartLine < 1 || phys.Region.StartColumn < 1 {
					t.Errorf("results[%d] region %+v", i, phys.Region)
				}
				if len(res.PartialFingerprints[fingerprintKey]) != 32 {
					t.Errorf("results[%d] fingerprints %v", i, res.PartialFingerprints)
				}
			}
		})
	}
}

// TestSARIFSchema validates the output against the official SARIF 2.1.0
// JSON schema, kept in testdata (see testdata/README.md).
func TestSARIFSchema(t *testing.T) {
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	for name, batch := range sarifBatches() {
		out := render(t, testOptions(FormatSARIF), batch)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: SARIF output does not match the 2.1.0 schema: %v", name, err)
		}
	}
}

func TestFingerprintStable(t *testing.T) {
	// The recipe is part of the output contract: code scanning matches
	// alerts across runs by it, so changing it must bump fingerprintKey.
	if got, want := fingerprint("hallucinated-attribute", "reports/a.md", "os.foo"), "59eaf6480dd09be2364aad5d28183177"; got != want {
		t.Errorf("fingerprint recipe changed: got %s, want %s", got, want)
	}
	a := fingerprint("hallucinated-attribute", "reports/a.md", "os.foo")
	for _, other := range []string{
		fingerprint("hallucinated-module", "reports/a.md", "os.foo"),
		fingerprint("hallucinated-attribute", "reports/b.md", "os.foo"),
		fingerprint("hallucinated-attribute", "reports/a.md", "os.bar"),
		fingerprint("hallucinated-attribute", "reports/a.m", "dos.foo"),
	} {
		if other == a {
			t.Errorf("fingerprints collide: %s", a)
		}
	}
	id := "R-1"
	withID := &report.Result{Source: "b.jsonl:3", ID: &id}
	moved := &report.Result{Source: "b.jsonl:9", ID: &id}
	if reportIdentity(withID, "b.jsonl") != reportIdentity(moved, "b.jsonl") {
		t.Error("a report's identity changes when it moves in its batch")
	}
	if reportIdentity(&report.Result{Source: "b.jsonl:3"}, "b.jsonl") == reportIdentity(&report.Result{Source: "b.jsonl:9"}, "b.jsonl") {
		t.Error("two reports without ids in one batch share an identity")
	}
}

func TestCamelCase(t *testing.T) {
	for id, want := range map[string]string{"hallucinated-c-symbol": "HallucinatedCSymbol", "no-poc": "NoPoc", "x": "X"} {
		if got := camelCase(id); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", id, got, want)
		}
	}
}
