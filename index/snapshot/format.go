package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// The snapshot file is a header followed by fixed-width little-endian
// tables that are read in place: loading a snapshot allocates a handful of
// slice headers and never decodes its records, so all versions load in
// microseconds and a lookup is a few binary searches.
//
//	magic "PYRS" | format u16 | reserved u16 | section count u32 | sections {off u32, len u32}
//	meta     JSON (version, micro, sources, counts)
//	stroff   u32 per string + 1: offsets into strdata; strings are unique and sorted
//	strdata  the bytes of all strings
//	nodes    nodeSize bytes each; node 0 is the root; children are contiguous and sorted by name
//	         name u32 | bits u16 (kind 4, evidence 5, flags 5, params known 1) | children u16 |
//	         first child u32 | line u16 | file u16 (index+1 into nodefiles) |
//	         params u32 (start<<8 | count) | extra u32 (alias target string, or bases start<<8 | count)
//	nodefiles u32 string ids: the distinct files nodes are defined in
//	params   paramSize bytes each
//	refs     u32 string ids (class bases)
//	csyms    csymSize bytes each, sorted by name
//	files    fileSize bytes each, sorted by path
//	defs     u32 string ids (names defined in files)
const (
	magic = "PYRS"
	// FormatVersion is bumped whenever the layout changes. A binary refuses a
	// file with a newer format rather than misreading it.
	FormatVersion = 2
)

const (
	secMeta = iota
	secStrOff
	secStrData
	secNodes
	secParams
	secRefs
	secCSyms
	secFiles
	secDefs
	secNodeFiles
	numSections
)

const (
	nodeSize  = 24
	paramSize = 12
	csymSize  = 16
	fileSize  = 12
	headerLen = 12 + numSections*8
	noString  = ^uint32(0)
	// flagParamsKnown is a bit of Resolution-internal state stored beside
	// the public Flags.
	flagParamsKnown Flags = 1 << 15
	maxLine               = 1<<16 - 1
)

// Meta describes a snapshot file.
type Meta struct {
	Format   int      `json:"format"`
	Version  string   `json:"version"`
	Micro    string   `json:"micro"`
	Sources  []string `json:"sources"`
	Modules  int      `json:"modules"`
	Names    int      `json:"names"`
	CSymbols int      `json:"c_symbols"`
	Files    int      `json:"files"`
}

// Encode writes the Tree in the snapshot format. The output depends only
// on the Tree's contents: two builds of the same input are byte-identical.
func (t *Tree) Encode() ([]byte, error) {
	e := newEncoder()
	e.collectStrings(t)
	if err := e.layoutNodes(t.Root); err != nil {
		return nil, err
	}
	e.encodeC(t)
	e.encodeFiles(t)

	meta := Meta{Format: FormatVersion, Version: t.Version, Micro: t.Micro, Sources: t.Sources,
		Names: len(e.order) - 1, CSymbols: len(t.C), Files: len(t.Files)}
	for _, n := range e.order {
		if n.Kind.IsModule() {
			meta.Modules++
		}
	}
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	sections := [numSections][]byte{
		secMeta: metaJSON, secStrOff: e.strOff.Bytes(), secStrData: e.strData.Bytes(),
		secNodes: e.nodes.Bytes(), secParams: e.params.Bytes(), secRefs: e.refs.Bytes(),
		secCSyms: e.csyms.Bytes(), secFiles: e.files.Bytes(), secDefs: e.defs.Bytes(), secNodeFiles: e.nodeFiles.Bytes(),
	}
	var out bytes.Buffer
	out.WriteString(magic)
	le := binary.LittleEndian
	out.Write(le.AppendUint16(nil, FormatVersion))
	out.Write(le.AppendUint16(nil, 0))
	out.Write(le.AppendUint32(nil, numSections))
	off := uint32(headerLen)
	for _, s := range sections {
		// Keep every section 4-byte aligned.
		pad := (4 - off%4) % 4
		off += pad
		out.Write(le.AppendUint32(nil, off))
		out.Write(le.AppendUint32(nil, uint32(len(s))))
		off += uint32(len(s))
	}
	for _, s := range sections {
		for out.Len()%4 != 0 {
			out.WriteByte(0)
		}
		out.Write(s)
	}
	return out.Bytes(), nil
}

type encoder struct {
	ids                                                      map[string]uint32
	order                                                    []*Node
	index                                                    map[*Node]uint32
	strOff, strData, nodes, params, refs, csyms, files, defs bytes.Buffer
	nodeFiles                                                bytes.Buffer
}

func newEncoder() *encoder {
	return &encoder{ids: map[string]uint32{}, index: map[*Node]uint32{}}
}

func (e *encoder) collectStrings(t *Tree) {
	set := map[string]bool{"": true}
	var visit func(n *Node)
	visit = func(n *Node) {
		set[n.Name] = true
		set[n.File] = true
		set[n.Target] = true
		for _, b := range n.Bases {
			set[b] = true
		}
		for _, p := range n.Params {
			set[p.Name] = true
			set[p.Default] = true
		}
		for _, c := range n.Children {
			visit(c)
		}
	}
	visit(t.Root)
	for _, c := range t.C {
		set[c.Name] = true
		set[c.File] = true
	}
	for _, f := range t.Files {
		set[f.Path] = true
		for _, d := range f.Defs {
			set[d] = true
		}
	}
	all := make([]string, 0, len(set))
	for s := range set {
		all = append(all, s)
	}
	sort.Strings(all)
	le := binary.LittleEndian
	for i, s := range all {
		e.ids[s] = uint32(i)
		e.strOff.Write(le.AppendUint32(nil, uint32(e.strData.Len())))
		e.strData.WriteString(s)
	}
	e.strOff.Write(le.AppendUint32(nil, uint32(e.strData.Len())))
}

// layoutNodes numbers nodes breadth-first so that each node's children are
// contiguous, then writes the records.
func (e *encoder) layoutNodes(root *Node) error {
	e.order = []*Node{root}
	children := map[*Node][]*Node{}
	fileSet := map[string]bool{}
	for i := 0; i < len(e.order); i++ {
		n := e.order[i]
		kids := n.SortedChildren()
		children[n] = kids
		e.order = append(e.order, kids...)
		if n.File != "" {
			fileSet[n.File] = true
		}
	}
	fileIndex := map[string]uint16{}
	for _, f := range uniqueSorted(keys(fileSet)) {
		if len(fileIndex) >= maxLine-1 {
			return fmt.Errorf("snapshot: more than %d distinct definition files", maxLine-1)
		}
		fileIndex[f] = uint16(len(fileIndex) + 1)
		e.nodeFiles.Write(le.AppendUint32(nil, e.ids[f]))
	}
	for i, n := range e.order {
		e.index[n] = uint32(i)
	}
	var rec [nodeSize]byte
	for _, n := range e.order {
		kids := children[n]
		if len(kids) > maxLine {
			return fmt.Errorf("snapshot: %s has %d members, more than the format holds", n.Name, len(kids))
		}
		if len(n.Params) > 255 || len(n.Bases) > 255 {
			return fmt.Errorf("snapshot: %s has too many parameters or bases", n.Name)
		}
		first := uint32(0)
		if len(kids) > 0 {
			first = e.index[kids[0]]
		}
		extra := noString
		if n.Kind == KindAlias {
			extra = e.ids[n.Target]
		} else if len(n.Bases) > 0 {
			extra = uint32(e.refs.Len()/4)<<8 | uint32(len(n.Bases))
			for _, b := range n.Bases {
				e.refs.Write(le.AppendUint32(nil, e.ids[b]))
			}
		}
		params := uint32(e.params.Len()/paramSize)<<8 | uint32(len(n.Params))
		for _, p := range n.Params {
			var pr [paramSize]byte
			le.PutUint32(pr[0:], e.ids[p.Name])
			le.PutUint32(pr[4:], e.ids[p.Default])
			pr[8] = byte(p.Kind)
			e.params.Write(pr[:])
		}
		bits := uint16(n.Kind)&0xf | uint16(n.Evidence&0x1f)<<4 | uint16(n.Flags&0x1f)<<9
		if n.ParamsKnown {
			bits |= 1 << 14
		}
		line := n.Line
		if line > maxLine {
			line = 0
		}
		le.PutUint32(rec[0:], e.ids[n.Name])
		le.PutUint16(rec[4:], bits)
		le.PutUint16(rec[6:], uint16(len(kids)))
		le.PutUint32(rec[8:], first)
		le.PutUint16(rec[12:], uint16(line))
		le.PutUint16(rec[14:], fileIndex[n.File])
		le.PutUint32(rec[16:], params)
		le.PutUint32(rec[20:], extra)
		e.nodes.Write(rec[:])
	}
	return nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (e *encoder) encodeC(t *Tree) {
	names := make([]string, 0, len(t.C))
	for n := range t.C {
		names = append(names, n)
	}
	sort.Strings(names)
	le := binary.LittleEndian
	for _, n := range names {
		c := t.C[n]
		var rec [csymSize]byte
		le.PutUint32(rec[0:], e.ids[c.Name])
		le.PutUint32(rec[4:], e.ids[c.File])
		le.PutUint32(rec[8:], uint32(c.Line))
		rec[12] = byte(c.Evidence)
		if c.Public {
			rec[13] = 1
		}
		e.csyms.Write(rec[:])
	}
}

func (e *encoder) encodeFiles(t *Tree) {
	paths := make([]string, 0, len(t.Files))
	for p := range t.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	le := binary.LittleEndian
	for _, p := range paths {
		defs := uniqueSorted(t.Files[p].Defs)
		var rec [fileSize]byte
		le.PutUint32(rec[0:], e.ids[p])
		le.PutUint32(rec[4:], uint32(e.defs.Len()/4))
		le.PutUint32(rec[8:], uint32(len(defs)))
		for _, d := range defs {
			e.defs.Write(le.AppendUint32(nil, e.ids[d]))
		}
		e.files.Write(rec[:])
	}
}

// uniqueSorted returns a sorted copy of names without repeats.
func uniqueSorted(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(names)))
}

// ErrNewerFormat is returned for a file written by a newer pyrefcheck.
var ErrNewerFormat = errors.New("snapshot written by a newer pyrefcheck")

// Load reads a snapshot in place: data must not be modified afterwards
// (embedded files and whole-file reads are fine).
func Load(data []byte) (*Snapshot, error) {
	if len(data) < headerLen || string(data[:4]) != magic {
		return nil, errors.New("not a pyrefcheck snapshot (bad magic)")
	}
	le := binary.LittleEndian
	if f := le.Uint16(data[4:]); f > FormatVersion {
		return nil, fmt.Errorf("%w: file format %d, this binary reads up to %d; upgrade pyrefcheck or rebuild the snapshot", ErrNewerFormat, f, FormatVersion)
	} else if f < FormatVersion {
		return nil, fmt.Errorf("snapshot format %d is older than this binary's %d; rebuild it with `pyrefcheck index`", f, FormatVersion)
	}
	if n := le.Uint32(data[8:]); n != numSections {
		return nil, fmt.Errorf("snapshot has %d sections, want %d", n, numSections)
	}
	s := &Snapshot{raw: data}
	var secs [numSections][]byte
	for i := range secs {
		off := le.Uint32(data[12+8*i:])
		n := le.Uint32(data[16+8*i:])
		if uint64(off)+uint64(n) > uint64(len(data)) {
			return nil, fmt.Errorf("snapshot section %d out of range", i)
		}
		secs[i] = data[off : off+n]
	}
	if err := json.Unmarshal(secs[secMeta], &s.meta); err != nil {
		return nil, fmt.Errorf("snapshot metadata: %w", err)
	}
	s.strOff, s.strData = secs[secStrOff], secs[secStrData]
	s.nodes, s.params, s.refs = secs[secNodes], secs[secParams], secs[secRefs]
	s.csyms, s.files, s.defs = secs[secCSyms], secs[secFiles], secs[secDefs]
	s.nodeFiles = secs[secNodeFiles]
	if len(s.nodes) < nodeSize || len(s.strOff) < 4 {
		return nil, errors.New("snapshot is empty")
	}
	return s, nil
}
