package snapshot

import "strings"

// Status is the answer to "does this name exist in this version?".
type Status uint8

const (
	StatusOK      Status = iota // the name exists
	StatusMissing               // the index is sure it does not exist
	StatusUnknown               // the index cannot decide (dynamic namespace, inferred data, unindexed C module)
)

func (s Status) String() string {
	switch s {
	case StatusOK:
		return "ok"
	case StatusMissing:
		return "missing"
	}
	return "unknown"
}

// Resolution is what a Snapshot knows about one dotted name.
type Resolution struct {
	Status      Status
	Name        string // the name asked for
	Target      string // the defining name after aliases and inheritance, e.g. http.cookies.BaseCookie.load
	Kind        Kind
	Evidence    Evidence
	Flags       Flags
	File        string
	Line        int
	Params      []Param
	ParamsKnown bool
	// Why explains an unknown or missing answer: which part was not found
	// and why absence is (or is not) conclusive.
	Why string
	// Missing is the first component that does not exist, as a dotted
	// prefix of Name (for "did you mean" on the right level).
	Missing string
}

// maxHops bounds alias and inheritance chains, which a broken index could
// make cyclic.
const maxHops = 12

// failure says why a walk stopped.
type failure struct {
	missing string // dotted prefix that was not found
	status  Status
	why     string
}

// Resolve answers whether dotted exists in this version, following
// re-exports (aliases) and inheritance.
func (s *Snapshot) Resolve(dotted string) Resolution {
	r := Resolution{Name: dotted}
	n, canon, fail := s.lookup(dotted, 0)
	if fail != nil {
		r.Status, r.Why, r.Missing = fail.status, fail.why, fail.missing
		return r
	}
	r.Status = StatusOK
	r.Target = canon
	s.fill(&r, n)
	if r.Evidence.Inferred() {
		r.Status, r.Why = StatusUnknown, "known only by inference from another version"
	}
	return r
}

func (s *Snapshot) fill(r *Resolution, n node) {
	r.Kind = s.kind(n)
	r.Evidence = s.evidence(n)
	r.Flags = s.flags(n)
	r.File, r.Line = s.fileOf(n)
	r.Params, r.ParamsKnown = s.paramList(n)
}

// Status answers only whether dotted exists, without the details Resolve
// decodes: the cheap question verify asks many times per report.
func (s *Snapshot) Status(dotted string) (Status, Kind, string) {
	n, _, fail := s.lookup(dotted, 0)
	if fail != nil {
		return fail.status, KindUnknown, fail.why
	}
	if s.evidence(n).Inferred() {
		return StatusUnknown, s.kind(n), "known only by inference from another version"
	}
	return StatusOK, s.kind(n), ""
}

// find is lookup for callers that only want the node.
func (s *Snapshot) find(dotted string) (node, string, bool) {
	n, canon, fail := s.lookup(dotted, 0)
	return n, canon, fail == nil
}

func (s *Snapshot) lookup(dotted string, hops int) (node, string, *failure) {
	if hops > maxHops {
		return noNode, "", &failure{missing: dotted, status: StatusUnknown, why: "alias or inheritance chain too long"}
	}
	cur := node(0)
	// The canonical name of cur is dotted[:end] until an alias or a base
	// class rebases it; then it is base + dotted[baseEnd:end]. Keeping it
	// as slices of dotted makes the common lookup allocation-free.
	base, baseEnd := "", -1
	canonAt := func(end int) string {
		if baseEnd < 0 {
			return dotted[:end]
		}
		return base + dotted[baseEnd:end]
	}
	pos, prevEnd := 0, 0
	for pos <= len(dotted) && dotted != "" {
		end := strings.IndexByte(dotted[pos:], '.')
		if end < 0 {
			end = len(dotted)
		} else {
			end += pos
		}
		part := dotted[pos:end]
		next, inherited, unresolvedBase := s.member(cur, canonAt(prevEnd), part, hops)
		if next == noNode {
			return noNode, "", s.absence(cur, dotted[:end], unresolvedBase)
		}
		cur = next
		if inherited != "" {
			base, baseEnd = inherited, end
		}
		if s.kind(cur) == KindAlias {
			target := s.target(cur)
			tn, tcanon, tfail := s.lookup(target, hops+1)
			if tfail != nil {
				if end == len(dotted) {
					// The name exists, as a re-export of something the
					// index does not hold: the name itself is fine.
					return cur, target, nil
				}
				return noNode, "", &failure{missing: dotted, status: StatusUnknown,
					why: dotted[:end] + " re-exports " + target + ", which the index does not hold"}
			}
			if end == len(dotted) && s.evidence(tn).Inferred() && !s.evidence(cur).Inferred() {
				// shutil.nt: the name is attested here, though the module
				// it stands for is known only from another version.
				return cur, target, nil
			}
			cur = tn
			base, baseEnd = tcanon, end
		}
		prevEnd = end
		pos = end + 1
	}
	return cur, canonAt(len(dotted)), nil
}

// member finds name in n's namespace: its own children, then for a class
// its bases in order (a depth-first approximation of the MRO, which is
// enough to decide existence). inherited is the member's canonical name
// when it was found on a base class, else "". unresolvedBase reports a
// base the index could not find, which makes absence inconclusive.
func (s *Snapshot) member(n node, canon, name string, hops int) (found node, inherited string, unresolvedBase bool) {
	if c := s.child(n, name); c != noNode {
		return c, "", false
	}
	if s.kind(n) != KindClass || hops > maxHops {
		return noNode, "", false
	}
	for _, b := range s.bases(n) {
		bn, bcanon, fail := s.lookup(b, hops+1)
		if fail != nil {
			unresolvedBase = true
			continue
		}
		if s.kind(bn) != KindClass {
			// A base the index knows only as a value (a class made at
			// run time): its members are beyond the index.
			unresolvedBase = true
			continue
		}
		m, minh, u := s.member(bn, bcanon, name, hops+1)
		if m != noNode {
			if minh == "" {
				minh = bcanon + "." + name
			}
			return m, minh, false
		}
		// An open base (a namedtuple(...) base, a class with
		// __getattr__) can hold the name where the index cannot see it.
		unresolvedBase = unresolvedBase || u || s.flags(bn)&FlagOpen != 0
	}
	return noNode, "", unresolvedBase
}

// absence decides whether a name missing from parent is missing for sure.
func (s *Snapshot) absence(parent node, missing string, unresolvedBase bool) *failure {
	f := &failure{missing: missing, status: StatusUnknown}
	pname := missing[:max(0, strings.LastIndexByte(missing, '.'))]
	switch {
	case parent == 0:
		f.status = StatusMissing
		f.why = "no such module"
	case s.kind(parent) == KindAlias:
		f.why = pname + " is a re-export the index cannot follow"
	case !s.kind(parent).IsModule() && s.kind(parent) != KindClass:
		f.why = pname + " is a " + s.kind(parent).String() + "; the index does not know the type of its value"
	case s.flags(parent)&FlagOpen != 0:
		f.why = pname + " can hold names the index cannot see (dynamic attributes, or evidence from documentation only)"
	case s.evidence(parent).Inferred():
		f.why = pname + " is known only by inference from another version"
	case unresolvedBase:
		f.why = pname + " inherits from a class the index does not hold or cannot see into"
	default:
		f.status = StatusMissing
		f.why = "not defined in " + pname
	}
	return f
}

// CallParams returns the parameters a call of dotted accepts: a
// function's own, or for a class its constructor's. callee names where
// they came from. known is false when no evidence gives a signature.
func (s *Snapshot) CallParams(dotted string) (params []Param, known bool, callee string) {
	n, canon, ok := s.find(dotted)
	if !ok {
		return nil, false, ""
	}
	if s.kind(n) != KindClass {
		p, k := s.paramList(n)
		return p, k, canon
	}
	if p, k := s.paramList(n); k {
		return p, true, canon
	}
	for _, special := range []string{"__init__", "__new__"} {
		m, inherited, _ := s.member(n, canon, special, 0)
		mcanon := inherited
		if mcanon == "" {
			mcanon = canon + "." + special
		}
		if m == noNode || strings.HasPrefix(mcanon, "builtins.object.") {
			continue
		}
		if p, k := s.paramList(m); k {
			return p, true, mcanon
		}
	}
	return nil, false, canon
}
