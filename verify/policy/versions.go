package policy

import (
	"fmt"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// unsupported-version, prerelease-only and no-versions judge the versions
// the report says it tested: the claims marked Tested, or every claim when
// none is (a report that writes "3.9.7 crashes when ..." tested 3.9.7).
// Status is the branch's on the report's date (Report.Date, else Today).
var (
	unsupportedVersion = rule{id: "unsupported-version", check: checkUnsupported}
	prereleaseOnly     = rule{id: "prerelease-only", check: checkPrerelease}
	noVersions         = rule{id: "no-versions", check: checkNoVersions}
)

// tested returns the claims the version rules judge.
// The result is shared; callers must not modify it.
func (in *Input) tested() []versions.Claim {
	n := 0
	for _, c := range in.Claims {
		if c.Tested {
			n++
		}
	}
	if n == 0 {
		return in.Claims
	}
	tested := make([]versions.Claim, 0, n)
	for _, c := range in.Claims {
		if c.Tested {
			tested = append(tested, c)
		}
	}
	return tested
}

// claimStatus is a claim's branch status, with the main branch and
// prerelease spellings counted as prerelease.
func (in *Input) claimStatus(c versions.Claim) versions.Status {
	if c.Main && c.Version.Major == 0 {
		return versions.StatusFeature
	}
	st := in.Table.BranchStatus(c.Version.Branch(), in.day())
	if c.Version.IsPrerelease() && st != versions.StatusUnknown && st != versions.StatusEndOfLife {
		return versions.StatusPrerelease
	}
	if c.Main && st != versions.StatusEndOfLife {
		return versions.StatusFeature
	}
	return st
}

func checkUnsupported(in *Input) []report.Finding {
	tested := in.tested()
	if in.Table == nil || len(tested) == 0 {
		return nil
	}
	eol := 0
	var names []string
	for _, c := range tested {
		switch in.claimStatus(c) {
		case versions.StatusEndOfLife:
			eol++
			names = appendUnique(names, c.Version.Branch())
		case versions.StatusFeature, versions.StatusPrerelease:
			// unsupported too, but only when mixed with end-of-life ones
		default:
			return nil // a supported (or unknown) version was tested
		}
	}
	if eol == 0 {
		return nil
	}
	return []report.Finding{in.finding("unsupported-version", tested[0].Offset,
		fmt.Sprintf("every tested version is end-of-life (%s) on %s; reproduce on a supported branch (bugfix or security status) and list it",
			strings.Join(names, ", "), in.day().Format("2006-01-02")))}
}

func checkPrerelease(in *Input) []report.Finding {
	tested := in.tested()
	if in.Table == nil || len(tested) == 0 {
		return nil
	}
	for _, c := range tested {
		switch in.claimStatus(c) {
		case versions.StatusFeature, versions.StatusPrerelease:
		default:
			return nil
		}
	}
	return []report.Finding{in.finding("prerelease-only", tested[0].Offset,
		"only prerelease versions or the main branch were tested; a bug only there is a regular bug — open a public issue, or reproduce on a released supported version")}
}

func checkNoVersions(in *Input) []report.Finding {
	for _, c := range in.Claims {
		// a tested claim, the main branch, or a full micro release written
		// anywhere counts as saying what was run
		if c.Tested || c.Main || c.Version.HasMicro {
			return nil
		}
	}
	return []report.Finding{in.finding("no-versions", 0,
		"no tested Python version is given; say which versions you ran the PoC on and which were vulnerable")}
}

func appendUnique(s []string, x string) []string {
	for _, y := range s {
		if y == x {
			return s
		}
	}
	return append(s, x)
}
