package csrc

import (
	sitter "github.com/tree-sitter/go-tree-sitter"
	tsc "github.com/tree-sitter/tree-sitter-c/bindings/go"
)

// The tree-sitter part of the extraction: one walk over the top-level
// items of a translation unit (descending into #if branches, extern "C"
// blocks and error-recovery nodes, never into function bodies), collecting
// function definitions and struct/typedef names.

// grammar caches the node kind and field ids the walk compares against, so
// the walk never converts a kind to a Go string.
type grammar struct {
	lang                                    *sitter.Language
	funcDef, decl, typeDef                  uint16
	structSpec, unionSpec, enumSpec         uint16
	funcDeclarator                          uint16
	containers                              map[uint16]bool
	fieldDeclarator, fieldType, fieldParams uint16
	fieldName, fieldBody                    uint16
}

func newGrammar() *grammar {
	lang := sitter.NewLanguage(tsc.Language())
	id := func(kind string) uint16 { return lang.IdForNodeKind(kind, true) }
	g := &grammar{
		lang:            lang,
		funcDef:         id("function_definition"),
		decl:            id("declaration"),
		typeDef:         id("type_definition"),
		structSpec:      id("struct_specifier"),
		unionSpec:       id("union_specifier"),
		enumSpec:        id("enum_specifier"),
		funcDeclarator:  id("function_declarator"),
		fieldDeclarator: lang.FieldIdForName("declarator"),
		fieldType:       lang.FieldIdForName("type"),
		fieldParams:     lang.FieldIdForName("parameters"),
		fieldName:       lang.FieldIdForName("name"),
		fieldBody:       lang.FieldIdForName("body"),
		containers:      map[uint16]bool{},
	}
	for _, k := range []string{"preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
		"preproc_elifdef", "ERROR", "linkage_specification", "declaration_list"} {
		g.containers[id(k)] = true
	}
	return g
}

// cFunc is one function definition.
type cFunc struct {
	Name       string
	Line       int
	BodyStart  int // offsets of the body, braces included
	BodyEnd    int
	ParamsText string // the parameter list, kept only for possible wrappers
}

// named is a name defined at a line.
type named struct {
	Name string
	Line int
}

type syntaxResult struct {
	funcs     []cFunc
	typeNames []named // typedef, struct, union and enum tags with bodies
	hasErrors bool
}

// walkSyntax collects definitions from a parsed tree.
func walkSyntax(g *grammar, tree *sitter.Tree, src []byte, keepParams func(body []byte) bool) syntaxResult {
	var res syntaxResult
	root := tree.RootNode()
	res.hasErrors = root.HasError()
	cur := root.Walk()
	defer cur.Close()
	var walk func()
	walk = func() {
		if !cur.GotoFirstChild() {
			return
		}
		for {
			n := cur.Node()
			kid := n.KindId()
			switch {
			case kid == g.funcDef:
				if f, ok := g.function(n, src, keepParams); ok {
					res.funcs = append(res.funcs, f)
				}
			case kid == g.typeDef:
				g.typeNames(n, src, &res.typeNames, true)
			case kid == g.decl:
				g.typeNames(n, src, &res.typeNames, false)
			case kid == g.structSpec || kid == g.unionSpec || kid == g.enumSpec:
				g.tagName(n, src, &res.typeNames)
			case g.containers[kid]:
				walk()
			}
			if !cur.GotoNextSibling() {
				break
			}
		}
		cur.GotoParent()
	}
	walk()
	return res
}

func (g *grammar) function(n *sitter.Node, src []byte, keepParams func([]byte) bool) (cFunc, bool) {
	d := n.ChildByFieldId(g.fieldDeclarator)
	body := n.ChildByFieldId(g.fieldBody)
	if d == nil || body == nil {
		return cFunc{}, false
	}
	var fd *sitter.Node
	name := ""
	for d != nil {
		if d.KindId() == g.funcDeclarator && fd == nil {
			fd = d
		}
		next := d.ChildByFieldId(g.fieldDeclarator)
		if next == nil {
			if d.NamedChildCount() == 1 && d.ChildCount() > 1 {
				// parenthesized_declarator: ( declarator )
				next = d.NamedChild(0)
			} else {
				name = string(src[d.StartByte():d.EndByte()])
				break
			}
		}
		d = next
	}
	if !isIdent(name) || fd == nil {
		return cFunc{}, false
	}
	f := cFunc{
		Name:      name,
		Line:      int(n.StartPosition().Row) + 1,
		BodyStart: int(body.StartByte()),
		BodyEnd:   int(body.EndByte()),
	}
	if keepParams != nil && keepParams(src[f.BodyStart:f.BodyEnd]) {
		if p := fd.ChildByFieldId(g.fieldParams); p != nil {
			f.ParamsText = string(src[p.StartByte():p.EndByte()])
		}
	}
	return f, true
}

// typeNames records the names a typedef introduces and the tag of a
// struct/union/enum with a body used in a typedef or declaration.
func (g *grammar) typeNames(n *sitter.Node, src []byte, out *[]named, isTypedef bool) {
	if t := n.ChildByFieldId(g.fieldType); t != nil {
		k := t.KindId()
		if k == g.structSpec || k == g.unionSpec || k == g.enumSpec {
			g.tagName(t, src, out)
		}
	}
	if !isTypedef {
		return
	}
	d := n.ChildByFieldId(g.fieldDeclarator)
	for d != nil {
		next := d.ChildByFieldId(g.fieldDeclarator)
		if next == nil {
			if d.NamedChildCount() == 1 && d.ChildCount() > 1 {
				next = d.NamedChild(0)
			} else {
				name := string(src[d.StartByte():d.EndByte()])
				if isIdent(name) {
					*out = append(*out, named{name, int(d.StartPosition().Row) + 1})
				}
				return
			}
		}
		d = next
	}
}

func (g *grammar) tagName(n *sitter.Node, src []byte, out *[]named) {
	if n.ChildByFieldId(g.fieldBody) == nil {
		return // a use of the tag, not its definition
	}
	if nm := n.ChildByFieldId(g.fieldName); nm != nil {
		name := string(src[nm.StartByte():nm.EndByte()])
		if isIdent(name) {
			*out = append(*out, named{name, int(nm.StartPosition().Row) + 1})
		}
	}
}
