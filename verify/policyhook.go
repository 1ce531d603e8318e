package verify

import (
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/policy"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// policy runs the PSRT policy rules on a report.
func (c *Checker) policy(r *report.Report, doc *mdoc.Document, claims []versions.Claim, on time.Time) []report.Finding {
	// Positions stay relative to the text here; Check moves every finding
	// to the source file at the end.
	rep := *r
	rep.Line = 1
	return policy.Check(&policy.Input{Report: rep, Doc: doc, Claims: claims, Table: c.table, Today: on, Modules: c.snaps.IsModule})
}
