package policy

import (
	"github.com/pyrefcheck/pyrefcheck/verify/lazyre"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// severity-included: a CVSS vector or score, or a severity rating
// ("Severity: High", "| Severity | HIGH |", "a critical-severity bug").
// CVE ids are fine: the policy asks only that severity be left to the PSRT.
var severityIncluded = rule{id: "severity-included", check: checkSeverity}

var severityText = lazyre.New(`(?i)\bCVSS(?::\d(?:\.\d)?/|\s*(?:v?\d(?:\.\d)?)?\s*(?:base\s*)?(?:score|vector|rating)?\s*[:=]?\s*(?:\d{1,2}\.\d\b|\(?\d{1,2}(?:\.\d)?\s*/\s*10\b|AV:))|\bAV:[NALP]/AC:[LH]/|\bseverity(?:\s+rating|\s+level)?\s*[:=-]?\s*(?:critical|high|medium|moderate|low|important)\b|\b(?:critical|high|medium|moderate|low)[- ]severity\b|\bseverity\s+(?:of|is)\s+(?:critical|high|medium|moderate|low)\b|\brisk(?:\s+(?:rating|level))?\s*[:=]\s*(?:critical|high|medium|moderate|low)\b`)

// severityKeys guard severityText (gate.go): each alternative holds one.
var severityKeys = keys("cvss", "av:", "severity", "risk")

func checkSeverity(in *Input) []report.Finding {
	v := in.prepare()
	if !v.mentions(severityKeys) {
		return nil
	}
	for _, s := range v.sents {
		if !s.keys.meets(severityKeys) {
			continue
		}
		if loc := severityText.FindStringIndex(s.text); loc != nil {
			return []report.Finding{in.finding("severity-included", at(s, loc[0]),
				"remove the CVSS score or severity rating; the PSRT determines severity")}
		}
	}
	return nil
}
