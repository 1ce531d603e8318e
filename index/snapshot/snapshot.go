package snapshot

import (
	"bytes"
	"encoding/binary"
	"sort"
	"strings"
	"unsafe"
)

// Snapshot is the read-only, in-place view of a snapshot file.
type Snapshot struct {
	raw                                         []byte
	meta                                        Meta
	strOff, strData, nodes, params, refs, csyms []byte
	files, defs, nodeFiles                      []byte
}

var le = binary.LittleEndian

// Meta returns the snapshot's description.
func (s *Snapshot) Meta() Meta { return s.meta }

// Version is the minor version, "3.13".
func (s *Snapshot) Version() string { return s.meta.Version }

// Micro is the full version the snapshot was built from, "3.13.5".
func (s *Snapshot) Micro() string { return s.meta.Micro }

// Size is the file's size in bytes.
func (s *Snapshot) Size() int { return len(s.raw) }

// str returns string id as a string that shares the snapshot's memory.
func (s *Snapshot) str(id uint32) string {
	if id == noString {
		return ""
	}
	a, b := le.Uint32(s.strOff[4*id:]), le.Uint32(s.strOff[4*id+4:])
	if a == b {
		return ""
	}
	return unsafe.String(&s.strData[a], int(b-a))
}

func (s *Snapshot) strBytes(id uint32) []byte {
	a, b := le.Uint32(s.strOff[4*id:]), le.Uint32(s.strOff[4*id+4:])
	return s.strData[a:b]
}

// node is an index into the node table; 0 is the root.
type node uint32

const noNode = ^node(0)

func (s *Snapshot) rec(n node) []byte { return s.nodes[int(n)*nodeSize : int(n+1)*nodeSize] }

func (s *Snapshot) name(n node) string       { return s.str(le.Uint32(s.rec(n))) }
func (s *Snapshot) bits(n node) uint16       { return le.Uint16(s.rec(n)[4:]) }
func (s *Snapshot) kind(n node) Kind         { return Kind(s.bits(n) & 0xf) }
func (s *Snapshot) evidence(n node) Evidence { return Evidence(s.bits(n) >> 4 & 0x1f) }
func (s *Snapshot) flags(n node) Flags       { return Flags(s.bits(n) >> 9 & 0x1f) }
func (s *Snapshot) paramsKnown(n node) bool  { return s.bits(n)&(1<<14) != 0 }

// fileOf returns the file a node is defined in and its line.
func (s *Snapshot) fileOf(n node) (string, int) {
	r := s.rec(n)
	i := int(le.Uint16(r[14:]))
	if i == 0 {
		return "", 0
	}
	return s.str(le.Uint32(s.nodeFiles[4*(i-1):])), int(le.Uint16(r[12:]))
}

func (s *Snapshot) children(n node) (first, count uint32) {
	r := s.rec(n)
	return le.Uint32(r[8:]), uint32(le.Uint16(r[6:]))
}

func (s *Snapshot) target(n node) string {
	if s.kind(n) != KindAlias {
		return ""
	}
	return s.str(le.Uint32(s.rec(n)[20:]))
}

func (s *Snapshot) bases(n node) []string {
	if s.kind(n) == KindAlias {
		return nil
	}
	extra := le.Uint32(s.rec(n)[20:])
	if extra == noString {
		return nil
	}
	nb, start := int(extra&0xff), extra>>8
	if nb == 0 {
		return nil
	}
	out := make([]string, nb)
	for i := range out {
		out[i] = s.str(le.Uint32(s.refs[4*(int(start)+i):]))
	}
	return out
}

func (s *Snapshot) paramList(n node) ([]Param, bool) {
	known := s.paramsKnown(n)
	packed := le.Uint32(s.rec(n)[16:])
	np, start := int(packed&0xff), int(packed>>8)
	if np == 0 {
		return nil, known
	}
	out := make([]Param, np)
	for i := range out {
		p := s.params[(start+i)*paramSize:]
		out[i] = Param{Name: s.str(le.Uint32(p)), Default: s.str(le.Uint32(p[4:])), Kind: ParamKind(p[8])}
	}
	return out, known
}

// child finds a direct child by name with a binary search.
func (s *Snapshot) child(n node, name string) node {
	first, count := s.children(n)
	i := sort.Search(int(count), func(i int) bool {
		return s.name(node(first)+node(i)) >= name
	})
	if i < int(count) && s.name(node(first)+node(i)) == name {
		return node(first) + node(i)
	}
	return noNode
}

// walk follows a dotted path of direct children from the root.
func (s *Snapshot) walk(dotted string) node {
	n := node(0)
	for dotted != "" {
		part, rest, _ := strings.Cut(dotted, ".")
		n = s.child(n, part)
		if n == noNode {
			return noNode
		}
		dotted = rest
	}
	return n
}

// Children lists the names of the members of a dotted name (after
// aliases), inherited members not included.
func (s *Snapshot) Children(dotted string) []string {
	n := node(0)
	if dotted != "" {
		var ok bool
		n, _, ok = s.find(dotted)
		if !ok {
			return nil
		}
	}
	first, count := s.children(n)
	out := make([]string, count)
	for i := range out {
		out[i] = s.name(node(first) + node(i))
	}
	return out
}

// Modules lists every module and package, dotted, sorted.
func (s *Snapshot) Modules() []string {
	var out []string
	var visit func(n node, prefix string)
	visit = func(n node, prefix string) {
		first, count := s.children(n)
		for i := uint32(0); i < count; i++ {
			c := node(first + i)
			if !s.kind(c).IsModule() {
				continue
			}
			name := s.name(c)
			if prefix != "" {
				name = prefix + "." + name
			}
			out = append(out, name)
			visit(c, name)
		}
	}
	visit(0, "")
	sort.Strings(out)
	return out
}

// HasCSymbol reports whether a C name is defined or declared.
func (s *Snapshot) HasCSymbol(name string) bool { _, ok := s.CSymbol(name); return ok }

// CSymbol returns a C symbol's record.
func (s *Snapshot) CSymbol(name string) (CSymbol, bool) {
	n := len(s.csyms) / csymSize
	key := []byte(name)
	i := sort.Search(n, func(i int) bool {
		return bytes.Compare(s.strBytes(le.Uint32(s.csyms[i*csymSize:])), key) >= 0
	})
	if i == n {
		return CSymbol{}, false
	}
	r := s.csyms[i*csymSize:]
	if s.str(le.Uint32(r)) != name {
		return CSymbol{}, false
	}
	return CSymbol{Name: name, File: s.str(le.Uint32(r[4:])), Line: int(le.Uint32(r[8:])),
		Evidence: Evidence(r[12]), Public: r[13] == 1}, true
}

// CSymbolCount is the number of C symbols.
func (s *Snapshot) CSymbolCount() int { return len(s.csyms) / csymSize }

// CSymbolNames returns every C name (for suggestions).
func (s *Snapshot) CSymbolNames() []string {
	out := make([]string, len(s.csyms)/csymSize)
	for i := range out {
		out[i] = s.str(le.Uint32(s.csyms[i*csymSize:]))
	}
	return out
}

// HasFiles reports whether the snapshot knows repository files at all
// under the given top folder (Lib/, Modules/, ...): a version built without
// C sources cannot refute a Modules/ path.
func (s *Snapshot) HasFiles(prefix string) bool {
	n := len(s.files) / fileSize
	key := []byte(prefix)
	i := sort.Search(n, func(i int) bool {
		return bytes.Compare(s.strBytes(le.Uint32(s.files[i*fileSize:])), key) >= 0
	})
	return i < n && strings.HasPrefix(s.str(le.Uint32(s.files[i*fileSize:])), prefix)
}

// File returns the names defined in a repository file, and whether the
// file exists.
func (s *Snapshot) File(path string) ([]string, bool) {
	n := len(s.files) / fileSize
	key := []byte(path)
	i := sort.Search(n, func(i int) bool {
		return bytes.Compare(s.strBytes(le.Uint32(s.files[i*fileSize:])), key) >= 0
	})
	if i == n || s.str(le.Uint32(s.files[i*fileSize:])) != path {
		return nil, false
	}
	r := s.files[i*fileSize:]
	start, count := le.Uint32(r[4:]), le.Uint32(r[8:])
	out := make([]string, count)
	for j := range out {
		out[j] = s.str(le.Uint32(s.defs[4*(int(start)+j):]))
	}
	return out, true
}

// FileDefines reports whether a file defines a function or class name.
func (s *Snapshot) FileDefines(path, name string) bool {
	defs, ok := s.File(path)
	if !ok {
		return false
	}
	i := sort.SearchStrings(defs, name)
	return i < len(defs) && defs[i] == name
}

// FilePaths lists every repository path (for suggestions).
func (s *Snapshot) FilePaths() []string {
	out := make([]string, len(s.files)/fileSize)
	for i := range out {
		out[i] = s.str(le.Uint32(s.files[i*fileSize:]))
	}
	return out
}

// PlatformModules lists the top-level modules flagged platform-specific
// (Windows-only modules such as winreg, nt, msvcrt).
func (s *Snapshot) PlatformModules() []string {
	var out []string
	first, count := s.children(0)
	for i := uint32(0); i < count; i++ {
		c := node(first + i)
		if s.kind(c).IsModule() && s.flags(c)&FlagPlatformSpecific != 0 {
			out = append(out, s.name(c))
		}
	}
	return out
}

// CopyInto adds the subtree at dotted to t as inferred knowledge: every
// copied fact carries only FromNeighbour evidence, so that a version
// without sources for a Windows-only module still knows it exists
// without claiming to know it for sure.
func (s *Snapshot) CopyInto(t *Tree, dotted string) {
	n := s.walk(dotted)
	if n == noNode {
		return
	}
	var copyNode func(n node, name string)
	copyNode = func(n node, name string) {
		file, line := s.fileOf(n)
		params, known := s.paramList(n)
		t.Add(name, Fact{Kind: s.kind(n), Evidence: FromNeighbour, Flags: s.flags(n) | FlagOpen, File: file, Line: line,
			Target: s.target(n), Bases: s.bases(n), Params: params, ParamsKnown: known})
		first, count := s.children(n)
		for i := uint32(0); i < count; i++ {
			c := node(first + i)
			copyNode(c, name+"."+s.name(c))
		}
	}
	copyNode(n, dotted)
}
