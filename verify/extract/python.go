package extract

import (
	"github.com/pyrefcheck/pyrefcheck/index/tsfast"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"

	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

var pythonLanguage = sitter.NewLanguage(tspython.Language())

// Extractor finds references in report text. It owns a tree-sitter parser
// and is not safe for concurrent use: make one per worker and Close it.
type Extractor struct {
	parser *sitter.Parser
	oracle Oracle
	// kinds caches node kind names by id: Node.Kind allocates a Go
	// string through cgo on every call, and the walker asks often.
	kinds map[uint16]string
}

// fieldIDs are the grammar's field ids, looked up once: ChildByFieldName
// converts its argument to a C string on every call.
var fieldIDs = func() map[string]uint16 {
	m := map[string]uint16{}
	for _, f := range []string{"name", "alias", "module_name", "object", "attribute", "function", "arguments", "value",
		"left", "right", "body", "alternative", "superclasses", "parameters", "definition"} {
		m[f] = pythonLanguage.FieldIdForName(f)
	}
	return m
}()

// New returns an Extractor that asks o about the standard library.
func New(o Oracle) *Extractor {
	p := sitter.NewParser()
	if err := p.SetLanguage(pythonLanguage); err != nil {
		panic("tree-sitter python grammar: " + err.Error()) // a build problem, not an input problem
	}
	return &Extractor{parser: p, oracle: o, kinds: map[uint16]string{}}
}

// Close frees the parser.
func (e *Extractor) Close() { e.parser.Close() }

// Pos places a piece of code inside the report: the line and column
// (1-based) of its first byte.
type Pos struct{ Line, Column int }

// pyWalker walks one parsed snippet.
type pyWalker struct {
	e      *Extractor
	src    []byte
	at     Pos
	origin report.Origin
	scope  *Scope
	refs   []report.Reference
}

// Python extracts references from Python source placed at `at` in the
// report, updating scope with the imports and instances it binds.
func (e *Extractor) Python(src string, at Pos, origin report.Origin, scope *Scope) []report.Reference {
	b := []byte(src)
	tree := tsfast.Parse(e.parser, b)
	if tree == nil {
		return nil
	}
	defer tree.Close()
	w := &pyWalker{e: e, src: b, at: at, origin: origin, scope: scope}
	w.block(tree.RootNode())
	return w.refs
}

func (w *pyWalker) text(n *sitter.Node) string { return n.Utf8Text(w.src) }

func (w *pyWalker) kind(n *sitter.Node) string {
	id := n.KindId()
	k, ok := w.e.kinds[id]
	if !ok {
		k = n.Kind()
		w.e.kinds[id] = k
	}
	return k
}

func (w *pyWalker) field(n *sitter.Node, name string) *sitter.Node {
	id, ok := fieldIDs[name]
	if !ok {
		return n.ChildByFieldName(name)
	}
	return n.ChildByFieldId(id)
}

func (w *pyWalker) pos(n *sitter.Node) (int, int) {
	p := n.StartPosition()
	line := w.at.Line + int(p.Row)
	col := int(p.Column) + 1
	if p.Row == 0 {
		col += w.at.Column - 1
	}
	return line, col
}

func (w *pyWalker) add(n *sitter.Node, kind report.RefKind, symbol, text, callee string) {
	line, col := w.pos(n)
	w.refs = append(w.refs, report.Reference{Symbol: symbol, Kind: kind, Text: text, Origin: w.origin,
		Line: line, Column: col, Callee: callee})
}

// block visits statements in order, so that bindings precede uses.
func (w *pyWalker) block(n *sitter.Node) {
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		w.stmt(n.NamedChild(i))
	}
}

func (w *pyWalker) stmt(n *sitter.Node) {
	if n == nil {
		return
	}
	switch w.kind(n) {
	case "import_statement":
		w.importStmt(n)
	case "import_from_statement", "future_import_statement":
		w.importFrom(n)
	case "class_definition":
		w.classDef(n, "")
	case "decorated_definition":
		for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
			c := n.NamedChild(i)
			if w.kind(c) == "decorator" {
				w.expr(c)
			} else {
				w.stmt(c)
			}
		}
	case "function_definition":
		w.funcDef(n, "")
	case "expression_statement":
		for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
			c := n.NamedChild(i)
			if w.kind(c) == "assignment" || w.kind(c) == "augmented_assignment" {
				w.assignment(c)
			} else {
				w.expr(c)
			}
		}
	case "with_statement":
		w.withStmt(n)
	case "for_statement":
		if r := w.field(n, "right"); r != nil {
			w.expr(r)
		}
		if l := w.field(n, "left"); l != nil {
			w.unbindTargets(l)
		}
		w.children(n, "body", "alternative")
	default:
		// Compound statements and anything else: visit expressions and
		// nested blocks alike.
		for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
			c := n.NamedChild(i)
			switch w.kind(c) {
			case "block", "else_clause", "elif_clause", "except_clause", "finally_clause", "case_clause", "except_group_clause":
				w.stmtOrBlock(c)
			default:
				if isStatement(w.kind(c)) {
					w.stmt(c)
				} else {
					w.expr(c)
				}
			}
		}
	}
}

func (w *pyWalker) stmtOrBlock(n *sitter.Node) {
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		c := n.NamedChild(i)
		switch {
		case w.kind(c) == "block":
			w.block(c)
		case isStatement(w.kind(c)):
			w.stmt(c)
		default:
			w.expr(c)
		}
	}
}

func (w *pyWalker) children(n *sitter.Node, fields ...string) {
	for _, f := range fields {
		if c := w.field(n, f); c != nil {
			w.stmtOrBlock(c)
		}
	}
}

func isStatement(kind string) bool {
	return strings.HasSuffix(kind, "_statement") || strings.HasSuffix(kind, "_definition") || kind == "decorated_definition"
}

func (w *pyWalker) importStmt(n *sitter.Node) {
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		c := n.NamedChild(i)
		switch w.kind(c) {
		case "dotted_name":
			mod := w.text(c)
			w.moduleRef(c, mod)
			root := rootModule(mod)
			w.scope.bind(root, root)
		case "aliased_import":
			name, alias := w.field(c, "name"), w.field(c, "alias")
			if name == nil || alias == nil {
				continue
			}
			mod := w.text(name)
			w.moduleRef(name, mod)
			w.scope.bind(w.text(alias), mod)
		}
	}
}

func (w *pyWalker) moduleRef(n *sitter.Node, mod string) {
	w.add(n, report.RefModule, mod, mod, "")
	w.scope.noteModule(mod)
}

func (w *pyWalker) importFrom(n *sitter.Node) {
	modNode := w.field(n, "module_name")
	if modNode == nil || w.kind(modNode) == "relative_import" {
		return // a relative import names the reporter's own package
	}
	mod := w.text(modNode)
	if mod == "__future__" {
		return
	}
	w.moduleRef(modNode, mod)
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		c := n.NamedChild(i)
		if c.Id() == modNode.Id() {
			continue
		}
		var nameNode, aliasNode *sitter.Node
		switch w.kind(c) {
		case "dotted_name":
			nameNode, aliasNode = c, c
		case "aliased_import":
			nameNode, aliasNode = w.field(c, "name"), w.field(c, "alias")
		default:
			continue
		}
		if nameNode == nil || aliasNode == nil {
			continue
		}
		name := w.text(nameNode)
		dotted := mod + "." + name
		w.add(nameNode, report.RefAttribute, dotted, name, "")
		w.scope.bind(w.text(aliasNode), dotted)
	}
}

// dotted returns the stdlib dotted name an expression stands for, or "".
// instance is true when the expression is a method or attribute reached
// through an instance (its class is then the dotted prefix).
func (w *pyWalker) dotted(n *sitter.Node) string {
	switch w.kind(n) {
	case "identifier":
		return w.scope.lookup(w.text(n))
	case "attribute":
		obj, attr := w.field(n, "object"), w.field(n, "attribute")
		if obj == nil || attr == nil {
			return ""
		}
		if base := w.dotted(obj); base != "" {
			return base + "." + w.text(attr)
		}
		if class := w.classOf(obj); class != "" {
			return class + "." + w.text(attr)
		}
	case "parenthesized_expression":
		if n.NamedChildCount() == 1 {
			return w.dotted(n.NamedChild(0))
		}
	}
	return ""
}

// classOf returns the class of the value an expression evaluates to, when
// it is known: an instance variable, a constructor or factory call.
func (w *pyWalker) classOf(n *sitter.Node) string {
	switch w.kind(n) {
	case "identifier":
		return w.scope.instances[w.text(n)]
	case "call":
		if f := w.field(n, "function"); f != nil {
			if d := w.dotted(f); d != "" {
				return returnClass(d, w.e.oracle)
			}
		}
	case "parenthesized_expression":
		if n.NamedChildCount() == 1 {
			return w.classOf(n.NamedChild(0))
		}
	case "await":
		if n.NamedChildCount() == 1 {
			return w.classOf(n.NamedChild(0))
		}
	}
	return ""
}

// expr visits an expression, reporting the outermost stdlib attribute
// chains and the keywords of stdlib calls.
func (w *pyWalker) expr(n *sitter.Node) {
	if n == nil {
		return
	}
	switch w.kind(n) {
	case "attribute":
		if d := w.dotted(n); d != "" {
			w.add(n, report.RefAttribute, d, w.text(n), "")
			// The object may itself contain calls with keywords.
			w.exprInside(w.field(n, "object"))
			return
		}
	case "call":
		w.call(n)
		return
	case "lambda", "function_definition", "class_definition":
		if isStatement(w.kind(n)) {
			w.stmt(n)
			return
		}
	}
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		w.expr(n.NamedChild(i))
	}
}

// exprInside visits the calls and arguments inside an attribute chain's
// object without reporting its prefixes again.
func (w *pyWalker) exprInside(n *sitter.Node) {
	if n == nil {
		return
	}
	switch w.kind(n) {
	case "call":
		w.call(n)
	case "attribute":
		w.exprInside(w.field(n, "object"))
	case "identifier":
	default:
		w.expr(n)
	}
}

func (w *pyWalker) call(n *sitter.Node) {
	f := w.field(n, "function")
	args := w.field(n, "arguments")
	callee := ""
	if f != nil {
		callee = w.dotted(f)
		w.expr(f)
	}
	if args == nil {
		return
	}
	for i, ni := uint(0), args.NamedChildCount(); i < ni; i++ {
		a := args.NamedChild(i)
		if w.kind(a) == "keyword_argument" {
			name := w.field(a, "name")
			if callee != "" && name != nil {
				kw := w.text(name)
				w.add(name, report.RefParameter, callee+"("+kw+")", kw, callee)
			}
			w.expr(w.field(a, "value"))
			continue
		}
		w.expr(a)
	}
}

func (w *pyWalker) assignment(n *sitter.Node) {
	right := w.field(n, "right")
	left := w.field(n, "left")
	if right != nil {
		if w.kind(right) == "assignment" {
			w.assignment(right)
		} else {
			w.expr(right)
		}
	}
	if left == nil {
		return
	}
	if w.kind(left) == "identifier" && w.kind(n) == "assignment" && right != nil {
		name := w.text(left)
		if class := w.classOf(right); class != "" {
			w.scope.bindInstance(name, class)
			return
		}
		if d := w.dotted(right); d != "" && w.kind(right) != "call" {
			// x = zipfile.ZipFile: an alias of a stdlib name.
			w.scope.bind(name, d)
			return
		}
		w.scope.unbind(name)
		return
	}
	if w.kind(left) == "attribute" || w.kind(left) == "subscript" {
		w.expr(left)
		return
	}
	w.unbindTargets(left)
}

func (w *pyWalker) unbindTargets(n *sitter.Node) {
	if w.kind(n) == "identifier" {
		w.scope.unbind(w.text(n))
		return
	}
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		w.unbindTargets(n.NamedChild(i))
	}
}

func (w *pyWalker) withStmt(n *sitter.Node) {
	for i, ni := uint(0), n.NamedChildCount(); i < ni; i++ {
		c := n.NamedChild(i)
		if w.kind(c) != "with_clause" {
			continue
		}
		for j, nj := uint(0), c.NamedChildCount(); j < nj; j++ {
			item := c.NamedChild(j)
			v := w.field(item, "value")
			if v == nil {
				continue
			}
			if w.kind(v) != "as_pattern" {
				w.expr(v)
				continue
			}
			if v.NamedChildCount() == 0 {
				continue
			}
			ctx := v.NamedChild(0)
			w.expr(ctx)
			alias := w.field(v, "alias")
			if alias == nil {
				continue
			}
			target := alias
			if alias.NamedChildCount() == 1 {
				target = alias.NamedChild(0)
			}
			if w.kind(target) != "identifier" {
				w.unbindTargets(target)
				continue
			}
			// Context managers of the stdlib return themselves from __enter__.
			if class := w.classOf(ctx); class != "" {
				w.scope.bindInstance(w.text(target), class)
			} else {
				w.scope.unbind(w.text(target))
			}
		}
	}
	if body := w.field(n, "body"); body != nil {
		w.block(body)
	}
}

// classDef handles a class the report defines. Subclassing a stdlib class
// makes overridden methods references to the base's methods, and typed
// callback parameters (asyncio transports) instances.
func (w *pyWalker) classDef(n *sitter.Node, _ string) {
	var bases []string
	if sup := w.field(n, "superclasses"); sup != nil {
		for i, ni := uint(0), sup.NamedChildCount(); i < ni; i++ {
			b := sup.NamedChild(i)
			if w.kind(b) == "keyword_argument" {
				w.expr(w.field(b, "value"))
				continue
			}
			w.expr(b)
			if d := w.dotted(b); d != "" {
				bases = append(bases, d)
			}
		}
	}
	if name := w.field(n, "name"); name != nil {
		w.scope.unbind(w.text(name))
	}
	body := w.field(n, "body")
	if body == nil {
		return
	}
	for i, ni := uint(0), body.NamedChildCount(); i < ni; i++ {
		c := body.NamedChild(i)
		fn := c
		if w.kind(c) == "decorated_definition" {
			fn = w.field(c, "definition")
		}
		if fn != nil && w.kind(fn) == "function_definition" && len(bases) > 0 {
			w.method(fn, bases)
			continue
		}
		w.stmt(c)
	}
}

// method visits a method of a class with stdlib bases.
func (w *pyWalker) method(fn *sitter.Node, bases []string) {
	name := w.field(fn, "name")
	if name == nil {
		w.funcDef(fn, "")
		return
	}
	mname := w.text(name)
	base := bases[0]
	if !strings.HasPrefix(mname, "__") {
		w.refs = append(w.refs, w.override(name, base+"."+mname))
	}
	typed := callbackParams[base+"."+mname]
	saved := map[string]string{}
	if params := w.field(fn, "parameters"); params != nil {
		for i, ni := uint(0), params.NamedChildCount(); i < ni; i++ {
			p := params.NamedChild(i)
			if w.kind(p) != "identifier" {
				continue
			}
			pn := w.text(p)
			if class, ok := typed[pn]; ok {
				saved[pn] = w.scope.instances[pn]
				w.scope.bindInstance(pn, class)
			}
		}
	}
	w.funcDef(fn, "")
	for pn, old := range saved {
		if old == "" {
			w.scope.unbind(pn)
		} else {
			w.scope.bindInstance(pn, old)
		}
	}
}

// override is a reference to a base-class method a report's subclass
// redefines. A subclass may add methods of its own, so such a reference
// is weak: it is listed, never reported as missing.
func (w *pyWalker) override(n *sitter.Node, symbol string) report.Reference {
	line, col := w.pos(n)
	return report.Reference{Symbol: symbol, Kind: report.RefAttribute, Text: w.text(n), Origin: w.origin,
		Line: line, Column: col, Weak: true}
}

func (w *pyWalker) funcDef(n *sitter.Node, _ string) {
	if params := w.field(n, "parameters"); params != nil {
		for i, ni := uint(0), params.NamedChildCount(); i < ni; i++ {
			p := params.NamedChild(i)
			if v := w.field(p, "value"); v != nil {
				w.expr(v)
			}
			if w.kind(p) == "identifier" {
				if _, typed := w.scope.instances[w.text(p)]; !typed {
					w.scope.unbind(w.text(p))
				}
			} else if name := w.field(p, "name"); name != nil && w.kind(name) == "identifier" {
				w.scope.unbind(w.text(name))
			}
		}
	}
	if name := w.field(n, "name"); name != nil {
		w.scope.unbind(w.text(name))
	}
	if body := w.field(n, "body"); body != nil {
		w.block(body)
	}
}
