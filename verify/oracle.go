package verify

import (
	"sort"
	"strings"
	"sync"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Snapshots is the set of snapshots verify checks against, one per minor
// version, oldest first. It answers questions across versions.
type Snapshots struct {
	list    []*snapshot.Snapshot
	byMinor map[string]*snapshot.Snapshot

	modules    sync.Map // dotted name -> bool, answers so far
	cNamesOnce sync.Once
	cNames     []string
}

// NewSnapshots orders snapshots by version. A later snapshot of the same
// minor replaces an earlier one (a user's own build beside the embedded).
func NewSnapshots(snaps ...*snapshot.Snapshot) *Snapshots {
	s := &Snapshots{byMinor: map[string]*snapshot.Snapshot{}}
	for _, sn := range snaps {
		s.byMinor[sn.Version()] = sn
	}
	for _, sn := range s.byMinor {
		s.list = append(s.list, sn)
	}
	sort.Slice(s.list, func(i, j int) bool { return minorLess(s.list[i].Version(), s.list[j].Version()) })
	return s
}

// List returns the snapshots oldest first.
func (s *Snapshots) List() []*snapshot.Snapshot { return s.list }

// Get returns the snapshot of a minor version, or nil.
func (s *Snapshots) Get(minor string) *snapshot.Snapshot { return s.byMinor[minor] }

// Minors lists the minor versions, oldest first.
func (s *Snapshots) Minors() []string {
	out := make([]string, len(s.list))
	for i, sn := range s.list {
		out[i] = sn.Version()
	}
	return out
}

// IsModule reports whether dotted is a stdlib module in any version.
// Answers are remembered: a batch asks about the same few names again and
// again, and building the full module set up front would cost every
// process several milliseconds.
func (s *Snapshots) IsModule(dotted string) bool {
	if v, ok := s.modules.Load(dotted); ok {
		return v.(bool)
	}
	found := false
	for i := len(s.list) - 1; i >= 0 && !found; i-- {
		st, kind, _ := s.list[i].Status(dotted)
		found = st != snapshot.StatusMissing && kind.IsModule()
	}
	s.modules.Store(dotted, found)
	return found
}

// IsClass reports whether dotted is a class in any version.
func (s *Snapshots) IsClass(dotted string) bool {
	if !s.IsModule(rootOf(dotted)) {
		return false
	}
	for i := len(s.list) - 1; i >= 0; i-- {
		if st, kind, _ := s.list[i].Status(dotted); st == snapshot.StatusOK && kind == snapshot.KindClass {
			return true
		}
	}
	return false
}

// cSymbolNames is the union of C names, for suggestions.
func (s *Snapshots) cSymbolNames() []string {
	s.cNamesOnce.Do(func() {
		seen := map[string]bool{}
		for _, sn := range s.list {
			for _, n := range sn.CSymbolNames() {
				if !seen[n] {
					seen[n] = true
					s.cNames = append(s.cNames, n)
				}
			}
		}
		sort.Strings(s.cNames)
	})
	return s.cNames
}

func rootOf(dotted string) string {
	root, _, _ := strings.Cut(dotted, ".")
	return root
}

// minorLess orders "3.9" before "3.10".
func minorLess(a, b string) bool {
	am, an := splitMinor(a)
	bm, bn := splitMinor(b)
	if am != bm {
		return am < bm
	}
	return an < bn
}

func splitMinor(v string) (int, int) {
	maj, min, _ := strings.Cut(v, ".")
	return atoi(maj), atoi(min)
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
