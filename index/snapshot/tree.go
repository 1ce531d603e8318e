// Package snapshot holds what pyrefcheck knows about one Python version's
// standard library: a mutable Tree that indexers fill in, and the compact,
// read-only Snapshot that is written to disk, embedded and queried.
package snapshot

import (
	"sort"
	"strings"
)

// Kind says what a name is.
type Kind uint8

const (
	KindUnknown   Kind = iota
	KindPackage        // a package (directory with __init__.py, or a C package)
	KindModule         // a module
	KindClass          // a class or C type
	KindFunction       // a module-level function
	KindMethod         // a function defined in a class body
	KindProperty       // a property, getset descriptor or member descriptor
	KindAttribute      // any other value: constants, instance attributes, data
	KindAlias          // a re-export: the name stands for Target
)

var kindNames = [...]string{"unknown", "package", "module", "class", "function", "method", "property", "attribute", "alias"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) Kind {
	for i, n := range kindNames {
		if n == s {
			return Kind(i)
		}
	}
	return KindUnknown
}

// IsModule reports whether k names an importable module or package.
func (k Kind) IsModule() bool { return k == KindPackage || k == KindModule }

// specificity orders kinds so that, when two evidence sources disagree,
// the more informative one wins (a module beats an attribute of that name).
func (k Kind) specificity() int {
	switch k {
	case KindPackage:
		return 7
	case KindModule:
		return 6
	case KindClass:
		return 5
	case KindMethod, KindFunction:
		return 4
	case KindProperty:
		return 3
	case KindAlias:
		// An alias says which object a name is; "some value" says less.
		return 2
	case KindAttribute:
		return 1
	}
	return 0
}

// Evidence is a set of sources that attest a fact.
type Evidence uint8

const (
	FromPythonSource Evidence = 1 << iota // parsed from Lib/**/*.py
	FromCSource                           // parsed from Modules/, Objects/, Python/, PC/, Include/
	FromDocs                              // listed in the version's objects.inv
	FromRuntime                           // seen by introspecting an interpreter of this version at build time
	FromNeighbour                         // inferred from another version: never enough to call a name missing
)

var evidenceNames = []string{"python-source", "c-source", "docs", "runtime", "neighbour"}

// Names lists the sources in a stable order.
func (e Evidence) Names() []string {
	var out []string
	for i, n := range evidenceNames {
		if e&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

func (e Evidence) String() string { return strings.Join(e.Names(), ",") }

// Inferred reports whether the only evidence is inference from another version.
func (e Evidence) Inferred() bool { return e != 0 && e&^FromNeighbour == 0 }

// Flags carry facts that change how absence is judged.
type Flags uint16

const (
	// Open: the namespace can hold names the index cannot see (a module-level
	// __getattr__, a class with __getattr__, globals() tricks, an unparsed
	// file, a C module known only from docs). A missing child is unknown.
	FlagOpen Flags = 1 << iota
	// Private: the name starts with an underscore or is not exported.
	FlagPrivate
	// PlatformSpecific: defined only on some platforms (Windows-only module,
	// a name under `if sys.platform == ...`).
	FlagPlatformSpecific
	// FlagDeprecated: the docs or source mark the name deprecated.
	FlagDeprecated
)

// ParamKind is the kind of a parameter, as in inspect.Parameter.kind.
type ParamKind uint8

const (
	ParamPositionalOnly ParamKind = iota
	ParamNormal                   // positional or keyword
	ParamVarArgs                  // *args
	ParamKeywordOnly
	ParamVarKeywords // **kwargs
)

var paramKindNames = [...]string{"positional-only", "positional-or-keyword", "var-positional", "keyword-only", "var-keyword"}

func (k ParamKind) String() string {
	if int(k) < len(paramKindNames) {
		return paramKindNames[k]
	}
	return "?"
}

// Param is one parameter of a callable.
type Param struct {
	Name    string
	Kind    ParamKind
	Default string // source text of the default; empty when there is none
}

// AcceptsKeyword reports whether params accept name as a keyword argument.
func AcceptsKeyword(params []Param, name string) bool {
	for _, p := range params {
		switch {
		case p.Kind == ParamVarKeywords:
			return true
		case p.Name == name && (p.Kind == ParamNormal || p.Kind == ParamKeywordOnly):
			return true
		}
	}
	return false
}

// Node is one name in the Tree. Children are members: submodules and
// module-level names of a module, members of a class.
type Node struct {
	Name     string // the last component of the dotted name
	Kind     Kind
	Evidence Evidence
	Flags    Flags
	File     string // repository path where it is defined, e.g. Lib/tarfile.py
	Line     int    // 1-based line in File, 0 when unknown
	Target   string // for KindAlias: the dotted name it re-exports
	Bases    []string
	// Params is meaningful when ParamsKnown; a callable whose signature no
	// evidence gives has ParamsKnown false and its keywords are unknown.
	Params      []Param
	ParamsKnown bool
	Children    map[string]*Node
}

// Child returns the named child or nil.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	return n.Children[name]
}

// SortedChildren returns the children ordered by name.
func (n *Node) SortedChildren() []*Node {
	out := make([]*Node, 0, len(n.Children))
	for _, c := range n.Children {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Fact is one observation an indexer adds to a Tree. Zero fields add nothing.
type Fact struct {
	Kind        Kind
	Evidence    Evidence
	Flags       Flags
	File        string
	Line        int
	Target      string
	Bases       []string
	Params      []Param
	ParamsKnown bool
	// PreferParams makes this fact's signature replace one already
	// recorded: an interpreter's inspect.signature is what the version
	// really accepts, where the source shows several platform branches
	// or a decorator rewrites the signature.
	PreferParams bool
}

// Merge records f on n. Facts from several sources accumulate: evidence and
// flags are unioned, the most specific kind wins, and the first source to
// give a location, bases or a signature keeps it (indexers run in order of
// trust: Python source, C source, runtime, docs).
func (n *Node) Merge(f Fact) {
	n.Evidence |= f.Evidence
	n.Flags |= f.Flags
	if f.Kind.specificity() > n.Kind.specificity() {
		// A real definition replaces an alias of the same name.
		if n.Kind == KindAlias && f.Kind != KindAlias {
			n.Target = ""
		}
		n.Kind = f.Kind
	}
	if n.File == "" && f.File != "" {
		n.File, n.Line = f.File, f.Line
	}
	if n.Kind == KindAlias && n.Target == "" {
		n.Target = f.Target
	}
	if len(n.Bases) == 0 && len(f.Bases) > 0 {
		n.Bases = append([]string(nil), f.Bases...)
	}
	if f.ParamsKnown && (!n.ParamsKnown || f.PreferParams) {
		n.Params = append([]Param(nil), f.Params...)
		n.ParamsKnown = true
	}
}

// CSymbol is a C-level name: a function, macro, type or variable.
type CSymbol struct {
	Name     string
	File     string
	Line     int
	Public   bool // declared with PyAPI_FUNC/PyAPI_DATA or as a macro in a public header
	Evidence Evidence
}

// File is one repository file and the functions and classes it defines,
// used to check the paths and hunk headers of a diff.
type File struct {
	Path string
	Defs []string // function, class and method names defined in the file
}

// Tree is the mutable form of a snapshot. It is not safe for concurrent use:
// indexers that work in parallel collect their results and merge them in a
// fixed order, so that two builds give byte-identical files.
type Tree struct {
	Version string // minor version, "3.13"
	Micro   string // full version of the newest evidence, "3.13.5"
	Sources []string
	Root    *Node
	C       map[string]*CSymbol
	Files   map[string]*File
}

// NewTree returns an empty Tree for a version.
func NewTree(version, micro string) *Tree {
	return &Tree{
		Version: version,
		Micro:   micro,
		Root:    &Node{Children: map[string]*Node{}},
		C:       map[string]*CSymbol{},
		Files:   map[string]*File{},
	}
}

// Lookup returns the node at a dotted path, or nil. It does not follow
// aliases or bases; see Snapshot.Resolve for that.
func (t *Tree) Lookup(dotted string) *Node {
	n := t.Root
	for _, part := range strings.Split(dotted, ".") {
		n = n.Child(part)
		if n == nil {
			return nil
		}
	}
	return n
}

// Add records a fact about the name at a dotted path, creating missing
// parents as modules (for dotted module names) or attributes.
func (t *Tree) Add(dotted string, f Fact) *Node {
	n := t.Root
	parts := strings.Split(dotted, ".")
	for i, part := range parts {
		c := n.Children[part]
		if c == nil {
			c = &Node{Name: part, Children: map[string]*Node{}}
			if n.Children == nil {
				n.Children = map[string]*Node{}
			}
			n.Children[part] = c
			if i < len(parts)-1 {
				// An implied parent: give it the kind the fact implies.
				c.Evidence = f.Evidence
				if f.Kind.IsModule() {
					c.Kind = KindPackage
				}
			}
		}
		n = c
	}
	n.Merge(f)
	return n
}

// AddC records a C symbol; the first location wins, evidence accumulates.
func (t *Tree) AddC(s CSymbol) {
	if old, ok := t.C[s.Name]; ok {
		old.Evidence |= s.Evidence
		old.Public = old.Public || s.Public
		if old.File == "" {
			old.File, old.Line = s.File, s.Line
		}
		return
	}
	c := s
	t.C[s.Name] = &c
}

// AddFile records a repository file and the names it defines.
func (t *Tree) AddFile(path string, defs []string) {
	f := t.Files[path]
	if f == nil {
		f = &File{Path: path}
		t.Files[path] = f
	}
	f.Defs = append(f.Defs, defs...)
}

// Walk calls fn for every node below the root with its dotted name, in
// sorted order. Returning false from fn skips the node's children.
func (t *Tree) Walk(fn func(dotted string, n *Node) bool) {
	var walk func(prefix string, n *Node)
	walk = func(prefix string, n *Node) {
		for _, c := range n.SortedChildren() {
			name := c.Name
			if prefix != "" {
				name = prefix + "." + c.Name
			}
			if fn(name, c) {
				walk(name, c)
			}
		}
	}
	walk("", t.Root)
}

// AddThroughAliases is Add for sources that name things by their public
// path (the docs, the runtime): when a prefix of dotted is an alias
// (asyncio.StreamWriter -> asyncio.streams.StreamWriter), the fact lands on
// the alias's target, so a name is never defined twice under two spellings.
func (t *Tree) AddThroughAliases(dotted string, f Fact) *Node {
	return t.Add(t.Canonical(dotted), f)
}

// Canonical rewrites every alias prefix of dotted (other than dotted itself)
// to its target. Cycles stop after a few hops.
func (t *Tree) Canonical(dotted string) string {
	for hops := 0; hops < 8; hops++ {
		parts := strings.Split(dotted, ".")
		n := t.Root
		rewritten := false
		for i := 0; i < len(parts)-1; i++ {
			n = n.Child(parts[i])
			if n == nil {
				return dotted
			}
			if n.Kind == KindAlias && n.Target != "" {
				dotted = n.Target + "." + strings.Join(parts[i+1:], ".")
				rewritten = true
				break
			}
		}
		if !rewritten {
			return dotted
		}
	}
	return dotted
}
