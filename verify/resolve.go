package verify

import (
	"fmt"
	"path"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
	"github.com/pyrefcheck/pyrefcheck/verify/versions"
)

// perVersion is one reference's status in every snapshot.
type perVersion struct {
	minors []string
	status []snapshot.Status
	why    []string
}

func (p *perVersion) in(minor string) (snapshot.Status, bool) {
	for i, m := range p.minors {
		if m == minor {
			return p.status[i], true
		}
	}
	return snapshot.StatusUnknown, false
}

func (p *perVersion) where(st snapshot.Status) []string {
	var out []string
	for i, s := range p.status {
		if s == st {
			out = append(out, p.minors[i])
		}
	}
	return out
}

// statusIn decides one reference in one snapshot.
func statusIn(s *snapshot.Snapshot, ref *report.Reference) (snapshot.Status, string) {
	switch ref.Kind {
	case report.RefModule, report.RefAttribute:
		if ref.DefinedIn != "" {
			return definedIn(s, ref)
		}
		st, _, why := s.Status(ref.Symbol)
		return st, why
	case report.RefParameter:
		if st, _, _ := s.Status(ref.Callee); st != snapshot.StatusOK {
			return st, calleeAbsent
		}
		params, known, _ := s.CallParams(ref.Callee)
		if !known {
			return snapshot.StatusUnknown, "the signature of " + ref.Callee + " is not known"
		}
		if snapshot.AcceptsKeyword(params, paramName(ref.Symbol)) {
			return snapshot.StatusOK, ""
		}
		return snapshot.StatusMissing, ""
	case report.RefPath:
		if _, ok := s.File(ref.Symbol); ok {
			return snapshot.StatusOK, ""
		}
		top, _, _ := strings.Cut(ref.Symbol, "/")
		if s.HasFiles(top + "/") {
			return snapshot.StatusMissing, ""
		}
		return snapshot.StatusUnknown, "the " + s.Version() + " snapshot has no " + top + "/ sources"
	case report.RefCSymbol:
		if s.HasCSymbol(ref.Symbol) {
			return snapshot.StatusOK, ""
		}
		if hasCSources(s) {
			return snapshot.StatusMissing, ""
		}
		return snapshot.StatusUnknown, "the " + s.Version() + " snapshot was built without C sources"
	}
	return snapshot.StatusUnknown, ""
}

// definedIn decides a hunk header's function by the file's definitions,
// which include methods and nested functions that are no module attribute.
func definedIn(s *snapshot.Snapshot, ref *report.Reference) (snapshot.Status, string) {
	defs, ok := s.File(ref.DefinedIn)
	if !ok {
		return snapshot.StatusMissing, ref.DefinedIn + " does not exist"
	}
	if len(defs) == 0 {
		return snapshot.StatusUnknown, "the definitions of " + ref.DefinedIn + " are not indexed"
	}
	if s.FileDefines(ref.DefinedIn, ref.Text) {
		return snapshot.StatusOK, ""
	}
	return snapshot.StatusMissing, ""
}

func calleeNowhere(p *perVersion) bool {
	for _, w := range p.why {
		if w != calleeAbsent {
			return false
		}
	}
	return true
}

// calleeAbsent marks a parameter whose callable does not exist in a version.
const calleeAbsent = "callee absent"

// hasCSources reports whether a snapshot indexed a C source tree, so that a
// C name's absence means something.
func hasCSources(s *snapshot.Snapshot) bool {
	for _, src := range s.Meta().Sources {
		if strings.HasPrefix(src, "c-source") {
			return true
		}
	}
	return false
}

// paramName takes "f(x)" to "x".
func paramName(symbol string) string {
	i := strings.LastIndexByte(symbol, '(')
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(symbol[i+1:], ")")
}

// okIn reports whether ref resolves ok in every one of minors.
func (c *Checker) okIn(ref *report.Reference, minors []string) bool {
	if ref.Kind == report.RefVersion {
		return false
	}
	for _, m := range minors {
		s := c.snaps.Get(m)
		if s == nil {
			return false
		}
		if st, _ := statusIn(s, ref); st != snapshot.StatusOK {
			return false
		}
	}
	return true
}

func (c *Checker) resolveAll(ref *report.Reference) *perVersion {
	p := &perVersion{}
	for _, s := range c.snaps.List() {
		st, why := statusIn(s, ref)
		p.minors = append(p.minors, s.Version())
		p.status = append(p.status, st)
		p.why = append(p.why, why)
	}
	return p
}

// judge sets a reference's status and returns the finding it deserves,
// if any. checked are the minors the report claims (with snapshots);
// claimedMicro maps a minor to the newest micro claimed for it.
func (c *Checker) judge(ref *report.Reference, checked []string, claimed bool, claimedMicro map[string]versions.Version, memo map[string]*perVersion) *report.Finding {
	ref.PresentIn, ref.MissingIn = []string{}, []string{}
	if ref.Kind == report.RefVersion {
		return nil
	}
	// A report names the same thing many times; resolve it once.
	key := string(ref.Kind) + "\x00" + ref.Symbol + "\x00" + ref.Callee + "\x00" + ref.DefinedIn
	p := memo[key]
	if p == nil && len(checked) > 0 && !ref.Weak {
		// Most references are fine in the claimed versions: decide those
		// first and look at the other versions only when needed.
		if c.okIn(ref, checked) {
			ref.Status, ref.PresentIn = report.StatusOK, checked
			return nil
		}
	}
	if p == nil {
		p = c.resolveAll(ref)
		if ref.Kind == report.RefParameter {
			c.onlyThroughKwargs(ref, p)
		}
		if memo != nil {
			memo[key] = p
		}
	}
	ok, missing := p.where(snapshot.StatusOK), p.where(snapshot.StatusMissing)
	if len(ok) > 0 && ref.Kind == report.RefAttribute {
		// from xml.etree import ElementTree names a module.
		if c.snaps.IsModule(ref.Symbol) {
			ref.Kind = report.RefModule
		}
	}
	scope := checked
	if len(scope) == 0 {
		scope = p.minors
	}
	var present, absent, unknown []string
	for _, m := range scope {
		st, _ := p.in(m)
		switch st {
		case snapshot.StatusOK:
			present = append(present, m)
		case snapshot.StatusMissing:
			absent = append(absent, m)
		default:
			unknown = append(unknown, m)
		}
	}
	ref.PresentIn, ref.MissingIn = present, absent
	switch {
	case len(absent) == 0 && len(unknown) == 0:
		ref.Status = report.StatusOK
		return nil
	case len(absent) == 0:
		ref.Status = report.StatusUnknown
		ref.Note = firstWhy(p, unknown)
		if len(present) > 0 {
			ref.Status = report.StatusOK
		}
		return nil
	}
	if ref.Weak {
		ref.Status = report.StatusUnknown
		ref.Note = "a method the report's own subclass defines"
		return nil
	}
	if note, isPy2 := python2Name(ref); isPy2 && !claimed {
		ref.Status, ref.Note = report.StatusUnknown, note
		return nil
	}
	if len(ok) == 0 {
		return c.neverExisted(ref, p, missing, unknown)
	}
	if !claimed {
		// The versions checked were not the report's choice: a name that
		// exists in some version is not wrong.
		ref.Status = report.StatusVersionMismatch
		ref.Note = history(p)
		return nil
	}
	// Exists somewhere, not in every claimed version.
	if ref.Kind == report.RefParameter {
		absent = c.dropBackportable(ref, absent, ok, claimedMicro)
		if len(absent) == 0 {
			ref.Status = report.StatusUnknown
			ref.Note = "a later micro release than the snapshot's may have this parameter (backported fix)"
			return nil
		}
	}
	ref.Status = report.StatusVersionMismatch
	ref.MissingIn = absent
	return c.missingInVersion(ref, p, ok, absent)
}

func firstWhy(p *perVersion, minors []string) string {
	for _, m := range minors {
		for i, pm := range p.minors {
			if pm == m && p.why[i] != "" {
				return p.why[i]
			}
		}
	}
	return ""
}

// neverExisted handles a reference present in no indexed version.
func (c *Checker) neverExisted(ref *report.Reference, p *perVersion, missing, unknown []string) *report.Finding {
	if (ref.Kind == report.RefModule || ref.Kind == report.RefAttribute || ref.Kind == report.RefParameter) &&
		!c.snaps.IsModule(rootOf(ref.Symbol)) && !ref.ClaimedStdlib {
		ref.Status = report.StatusUnknown
		ref.Note = "not a standard library module: third-party?"
		if ref.Kind != report.RefModule {
			return nil
		}
		return &report.Finding{Rule: "third-party-module", Severity: report.SeverityInfo, Symbol: ref.Symbol,
			Line: ref.Line, Column: ref.Column,
			Message: fmt.Sprintf("`%s` is in no standard library version from %s to %s; treated as a third-party module", ref.Symbol, first(p.minors), last(p.minors))}
	}
	if (ref.Kind == report.RefModule || ref.Kind == report.RefAttribute) && len(unknown) > 0 && len(missing) < len(p.minors)/2 {
		ref.Status = report.StatusUnknown
		ref.Note = firstWhy(p, unknown)
		return nil
	}
	if ref.Kind == report.RefParameter && calleeNowhere(p) {
		// The callable itself exists in no version: its own finding says
		// so, and a second one for each keyword would only repeat it.
		ref.Status, ref.Note = report.StatusMissing, ref.Callee+" does not exist"
		return nil
	}
	ref.Status = report.StatusMissing
	ref.MissingIn = ref.MissingIn[:0]
	ref.MissingIn = append(ref.MissingIn, missingScope(ref, p)...)
	f := &report.Finding{Severity: report.SeverityError, Symbol: ref.Symbol, Line: ref.Line, Column: ref.Column}
	where := "any version from " + first(missing) + " to " + last(missing)
	if len(missing) == 1 {
		where = missing[0]
	}
	switch ref.Kind {
	case report.RefModule:
		f.Rule = "hallucinated-module"
		f.Message = fmt.Sprintf("`%s` is not a standard library module in %s", ref.Symbol, where)
		f.Suggestion = c.suggest(ref.Symbol)
	case report.RefAttribute:
		f.Rule = "hallucinated-attribute"
		f.Message = fmt.Sprintf("`%s` does not exist in %s", ref.Symbol, where)
		if r := c.newest().Resolve(ref.Symbol); r.Missing != "" && r.Missing != ref.Symbol {
			f.Message += fmt.Sprintf(" (`%s` does not)", r.Missing)
		}
		f.Suggestion = c.suggest(ref.Symbol)
	case report.RefParameter:
		f.Rule = "hallucinated-parameter"
		f.Message = fmt.Sprintf("`%s()` takes no parameter `%s` in %s", ref.Callee, paramName(ref.Symbol), where)
		f.Suggestion = c.suggestParam(ref)
	case report.RefPath:
		f.Rule = "hallucinated-path"
		f.Message = fmt.Sprintf("`%s` is not a file of the CPython source tree in %s", ref.Symbol, where)
		f.Suggestion = c.suggestPath(ref.Symbol)
	case report.RefCSymbol:
		f.Rule = "hallucinated-c-symbol"
		f.Message = fmt.Sprintf("C name `%s` is defined or declared in no CPython source indexed (%s)", ref.Symbol, strings.Join(missing, ", "))
		f.Suggestion = c.suggestC(ref.Symbol)
	}
	return f
}

func missingScope(ref *report.Reference, p *perVersion) []string {
	return p.where(snapshot.StatusMissing)
}

// dropBackportable keeps only the versions whose absence is conclusive: a
// claim of a later micro than the snapshot's, for a parameter a newer
// minor has, may be a backported security fix.
func (c *Checker) dropBackportable(ref *report.Reference, absent, ok []string, claimedMicro map[string]versions.Version) []string {
	var out []string
	for _, m := range absent {
		v, claimed := claimedMicro[m]
		s := c.snaps.Get(m)
		if claimed && s != nil && laterMicro(v, s.Micro()) && anyNewer(ok, m) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func laterMicro(claimed versions.Version, snapMicro string) bool {
	sv, ok := versions.Parse(snapMicro)
	if !ok || !claimed.HasMicro {
		return false
	}
	return claimed.Micro > sv.Micro && claimed.Pre == ""
}

func anyNewer(list []string, than string) bool {
	for _, m := range list {
		if minorLess(than, m) {
			return true
		}
	}
	return false
}

// missingInVersion words the finding for a name that exists in some
// versions but not in a claimed one.
func (c *Checker) missingInVersion(ref *report.Reference, p *perVersion, ok, absent []string) *report.Finding {
	f := &report.Finding{Rule: "missing-in-version", Severity: report.SeverityError, Symbol: ref.Symbol, Line: ref.Line, Column: ref.Column}
	name := "`" + ref.Symbol + "`"
	if ref.Kind == report.RefParameter {
		name = fmt.Sprintf("parameter `%s` of `%s()`", paramName(ref.Symbol), ref.Callee)
	}
	f.Message = fmt.Sprintf("%s does not exist in %s, which the report claims: %s", name, strings.Join(absent, ", "), history(p))
	if ref.Kind != report.RefParameter {
		f.Suggestion = c.suggestIn(ref.Symbol, absent)
	}
	return f
}

// history says when a name was added or removed, from the statuses in
// every version: "added in 3.12", "removed in 3.13", "present in 3.11, 3.12".
func history(p *perVersion) string {
	firstOK, lastOK := -1, -1
	for i, s := range p.status {
		if s == snapshot.StatusOK {
			if firstOK < 0 {
				firstOK = i
			}
			lastOK = i
		}
	}
	var parts []string
	if firstOK > 0 && p.status[firstOK-1] == snapshot.StatusMissing {
		parts = append(parts, "added in "+p.minors[firstOK])
	}
	if lastOK >= 0 && lastOK < len(p.status)-1 && p.status[lastOK+1] == snapshot.StatusMissing {
		parts = append(parts, "removed in "+p.minors[lastOK+1])
	}
	if len(parts) == 0 {
		return "present in " + strings.Join(p.where(snapshot.StatusOK), ", ")
	}
	return strings.Join(parts, ", ")
}

func (c *Checker) newest() *snapshot.Snapshot { l := c.snaps.List(); return l[len(l)-1] }

func (c *Checker) suggest(symbol string) string {
	return c.suggestIn(symbol, c.snaps.Minors())
}

// suggestIn looks for a close real name in the given versions, newest
// first. Batches repeat the same invented names, so answers are cached.
func (c *Checker) suggestIn(symbol string, minors []string) string {
	key := symbol + "\x00" + strings.Join(minors, ",")
	if v, ok := c.suggestions.Load(key); ok {
		return v.(string)
	}
	got := c.suggestUncached(symbol, minors)
	if c.suggestionCount.Add(1) < maxCachedSuggestions {
		c.suggestions.Store(key, got)
	}
	return got
}

// maxCachedSuggestions bounds the cache over a batch of unrelated reports.
const maxCachedSuggestions = 1 << 16

func (c *Checker) suggestUncached(symbol string, minors []string) string {
	for i := len(minors) - 1; i >= 0; i-- {
		s := c.snaps.Get(minors[i])
		if s == nil {
			continue
		}
		r := s.Resolve(symbol)
		target := symbol
		if r.Missing != "" {
			target = r.Missing
		}
		if got := s.Suggest(target, 1); len(got) > 0 {
			return got[0]
		}
	}
	return ""
}

func (c *Checker) suggestParam(ref *report.Reference) string {
	for i := len(c.snaps.List()) - 1; i >= 0; i-- {
		params, known, _ := c.snaps.List()[i].CallParams(ref.Callee)
		if !known {
			continue
		}
		var names []string
		for _, p := range params {
			if p.Kind == snapshot.ParamNormal || p.Kind == snapshot.ParamKeywordOnly {
				names = append(names, p.Name)
			}
		}
		if got := snapshot.Rank(paramName(ref.Symbol), names, 1); len(got) > 0 {
			return ref.Callee + "(" + got[0] + ")"
		}
		return ""
	}
	return ""
}

func (c *Checker) suggestPath(p string) string {
	dir := path.Dir(p)
	for i := len(c.snaps.List()) - 1; i >= 0; i-- {
		var same []string
		for _, f := range c.snaps.List()[i].FilePaths() {
			if path.Dir(f) == dir || path.Base(f) == path.Base(p) {
				same = append(same, f)
			}
		}
		if got := snapshot.Rank(p, same, 1); len(got) > 0 {
			return got[0]
		}
	}
	return ""
}

func (c *Checker) suggestC(name string) string {
	if got := snapshot.Rank(name, c.snaps.cSymbolNames(), 1); len(got) > 0 {
		return got[0]
	}
	return ""
}

func first(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}

func last(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

// onlyThroughKwargs: where a callee is absent, its keyword is missing too,
// unless the versions that have the callee accept that keyword only
// through **kwargs (copy.replace(obj, /, **changes) takes any field
// name): then the keyword is not an API name and absence says nothing.
func (c *Checker) onlyThroughKwargs(ref *report.Reference, p *perVersion) {
	name := paramName(ref.Symbol)
	byKwargs := false
	for i, s := range c.snaps.List() {
		if p.status[i] != snapshot.StatusOK {
			continue
		}
		params, _, _ := s.CallParams(ref.Callee)
		named := false
		for _, pr := range params {
			if pr.Name == name && pr.Kind != snapshot.ParamPositionalOnly {
				named = true
			}
		}
		if !named {
			byKwargs = true
		}
	}
	if !byKwargs {
		return
	}
	for i := range p.status {
		if p.why[i] == calleeAbsent {
			p.status[i] = snapshot.StatusUnknown
			p.why[i] = "accepted through **kwargs where " + ref.Callee + " exists"
		}
	}
}
