package snapshot

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
