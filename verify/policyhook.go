package verify

import (
	"time"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

func (c *Checker) policy(r *report.Report, doc *mdoc.Document, claims []versions.Claim, on time.Time) []report.Finding {
	return nil
}
