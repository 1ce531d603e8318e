package extract

import (
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
}

// New returns an Extractor that asks o about the standard library.
func New(o Oracle) *Extractor {
	p := sitter.NewParser()
	if err := p.SetLanguage(pythonLanguage); err != nil {
		panic("tree-sitter python grammar: " + err.Error()) // a build problem, not an input problem
	}
	return &Extractor{parser: p, oracle: o}
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
	tree := e.parser.Parse(b, nil)
	if tree == nil {
		return nil
	}
	defer tree.Close()
	w := &pyWalker{e: e, src: b, at: at, origin: origin, scope: scope}
	w.block(tree.RootNode())
	return w.refs
}

func (w *pyWalker) text(n *sitter.Node) string { return n.Utf8Text(w.src) }

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
	for i := uint(0); i < n.NamedChildCount(); i++ {
		w.stmt(n.NamedChild(i))
	}
}

func (w *pyWalker) stmt(n *sitter.Node) {
	if n == nil {
		return
	}
	switch n.Kind() {
	case "import_statement":
		w.importStmt(n)
	case "import_from_statement", "future_import_statement":
		w.importFrom(n)
	case "class_definition":
		w.classDef(n, "")
	case "decorated_definition":
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			if c.Kind() == "decorator" {
				w.expr(c)
			} else {
				w.stmt(c)
			}
		}
	case "function_definition":
		w.funcDef(n, "")
	case "expression_statement":
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			if c.Kind() == "assignment" || c.Kind() == "augmented_assignment" {
				w.assignment(c)
			} else {
				w.expr(c)
			}
		}
	case "with_statement":
		w.withStmt(n)
	case "for_statement":
		if r := n.ChildByFieldName("right"); r != nil {
			w.expr(r)
		}
		if l := n.ChildByFieldName("left"); l != nil {
			w.unbindTargets(l)
		}
		w.children(n, "body", "alternative")
	default:
		// Compound statements and anything else: visit expressions and
		// nested blocks alike.
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			switch c.Kind() {
			case "block", "else_clause", "elif_clause", "except_clause", "finally_clause", "case_clause", "except_group_clause":
				w.stmtOrBlock(c)
			default:
				if isStatement(c.Kind()) {
					w.stmt(c)
				} else {
					w.expr(c)
				}
			}
		}
	}
}

func (w *pyWalker) stmtOrBlock(n *sitter.Node) {
	for i := uint(0); i < n.NamedChildCount(); i++ {
		c := n.NamedChild(i)
		switch {
		case c.Kind() == "block":
			w.block(c)
		case isStatement(c.Kind()):
			w.stmt(c)
		default:
			w.expr(c)
		}
	}
}

func (w *pyWalker) children(n *sitter.Node, fields ...string) {
	for _, f := range fields {
		if c := n.ChildByFieldName(f); c != nil {
			w.stmtOrBlock(c)
		}
	}
}

func isStatement(kind string) bool {
	return strings.HasSuffix(kind, "_statement") || strings.HasSuffix(kind, "_definition") || kind == "decorated_definition"
}

func (w *pyWalker) importStmt(n *sitter.Node) {
	for i := uint(0); i < n.NamedChildCount(); i++ {
		c := n.NamedChild(i)
		switch c.Kind() {
		case "dotted_name":
			mod := w.text(c)
			w.moduleRef(c, mod)
			root := rootModule(mod)
			w.scope.bind(root, root)
		case "aliased_import":
			name, alias := c.ChildByFieldName("name"), c.ChildByFieldName("alias")
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
	modNode := n.ChildByFieldName("module_name")
	if modNode == nil || modNode.Kind() == "relative_import" {
		return // a relative import names the reporter's own package
	}
	mod := w.text(modNode)
	if mod == "__future__" {
		return
	}
	w.moduleRef(modNode, mod)
	for i := uint(0); i < n.NamedChildCount(); i++ {
		c := n.NamedChild(i)
		if c.Id() == modNode.Id() {
			continue
		}
		var nameNode, aliasNode *sitter.Node
		switch c.Kind() {
		case "dotted_name":
			nameNode, aliasNode = c, c
		case "aliased_import":
			nameNode, aliasNode = c.ChildByFieldName("name"), c.ChildByFieldName("alias")
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
	switch n.Kind() {
	case "identifier":
		return w.scope.lookup(w.text(n))
	case "attribute":
		obj, attr := n.ChildByFieldName("object"), n.ChildByFieldName("attribute")
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
	switch n.Kind() {
	case "identifier":
		return w.scope.instances[w.text(n)]
	case "call":
		if f := n.ChildByFieldName("function"); f != nil {
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
	switch n.Kind() {
	case "attribute":
		if d := w.dotted(n); d != "" {
			w.add(n, report.RefAttribute, d, w.text(n), "")
			// The object may itself contain calls with keywords.
			w.exprInside(n.ChildByFieldName("object"))
			return
		}
	case "call":
		w.call(n)
		return
	case "lambda", "function_definition", "class_definition":
		if isStatement(n.Kind()) {
			w.stmt(n)
			return
		}
	}
	for i := uint(0); i < n.NamedChildCount(); i++ {
		w.expr(n.NamedChild(i))
	}
}

// exprInside visits the calls and arguments inside an attribute chain's
// object without reporting its prefixes again.
func (w *pyWalker) exprInside(n *sitter.Node) {
	if n == nil {
		return
	}
	switch n.Kind() {
	case "call":
		w.call(n)
	case "attribute":
		w.exprInside(n.ChildByFieldName("object"))
	case "identifier":
	default:
		w.expr(n)
	}
}

func (w *pyWalker) call(n *sitter.Node) {
	f := n.ChildByFieldName("function")
	args := n.ChildByFieldName("arguments")
	callee := ""
	if f != nil {
		callee = w.dotted(f)
		w.expr(f)
	}
	if args == nil {
		return
	}
	for i := uint(0); i < args.NamedChildCount(); i++ {
		a := args.NamedChild(i)
		if a.Kind() == "keyword_argument" {
			name := a.ChildByFieldName("name")
			if callee != "" && name != nil {
				kw := w.text(name)
				w.add(name, report.RefParameter, callee+"("+kw+")", kw, callee)
			}
			w.expr(a.ChildByFieldName("value"))
			continue
		}
		w.expr(a)
	}
}

func (w *pyWalker) assignment(n *sitter.Node) {
	right := n.ChildByFieldName("right")
	left := n.ChildByFieldName("left")
	if right != nil {
		if right.Kind() == "assignment" {
			w.assignment(right)
		} else {
			w.expr(right)
		}
	}
	if left == nil {
		return
	}
	if left.Kind() == "identifier" && n.Kind() == "assignment" && right != nil {
		name := w.text(left)
		if class := w.classOf(right); class != "" {
			w.scope.bindInstance(name, class)
			return
		}
		if d := w.dotted(right); d != "" && right.Kind() != "call" {
			// x = zipfile.ZipFile: an alias of a stdlib name.
			w.scope.bind(name, d)
			return
		}
		w.scope.unbind(name)
		return
	}
	if left.Kind() == "attribute" || left.Kind() == "subscript" {
		w.expr(left)
		return
	}
	w.unbindTargets(left)
}

func (w *pyWalker) unbindTargets(n *sitter.Node) {
	if n.Kind() == "identifier" {
		w.scope.unbind(w.text(n))
		return
	}
	for i := uint(0); i < n.NamedChildCount(); i++ {
		w.unbindTargets(n.NamedChild(i))
	}
}

func (w *pyWalker) withStmt(n *sitter.Node) {
	for i := uint(0); i < n.NamedChildCount(); i++ {
		c := n.NamedChild(i)
		if c.Kind() != "with_clause" {
			continue
		}
		for j := uint(0); j < c.NamedChildCount(); j++ {
			item := c.NamedChild(j)
			v := item.ChildByFieldName("value")
			if v == nil {
				continue
			}
			if v.Kind() != "as_pattern" {
				w.expr(v)
				continue
			}
			if v.NamedChildCount() == 0 {
				continue
			}
			ctx := v.NamedChild(0)
			w.expr(ctx)
			alias := v.ChildByFieldName("alias")
			if alias == nil {
				continue
			}
			target := alias
			if alias.NamedChildCount() == 1 {
				target = alias.NamedChild(0)
			}
			if target.Kind() != "identifier" {
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
	if body := n.ChildByFieldName("body"); body != nil {
		w.block(body)
	}
}

// classDef handles a class the report defines. Subclassing a stdlib class
// makes overridden methods references to the base's methods, and typed
// callback parameters (asyncio transports) instances.
func (w *pyWalker) classDef(n *sitter.Node, _ string) {
	var bases []string
	if sup := n.ChildByFieldName("superclasses"); sup != nil {
		for i := uint(0); i < sup.NamedChildCount(); i++ {
			b := sup.NamedChild(i)
			if b.Kind() == "keyword_argument" {
				w.expr(b.ChildByFieldName("value"))
				continue
			}
			w.expr(b)
			if d := w.dotted(b); d != "" {
				bases = append(bases, d)
			}
		}
	}
	if name := n.ChildByFieldName("name"); name != nil {
		w.scope.unbind(w.text(name))
	}
	body := n.ChildByFieldName("body")
	if body == nil {
		return
	}
	for i := uint(0); i < body.NamedChildCount(); i++ {
		c := body.NamedChild(i)
		fn := c
		if c.Kind() == "decorated_definition" {
			fn = c.ChildByFieldName("definition")
		}
		if fn != nil && fn.Kind() == "function_definition" && len(bases) > 0 {
			w.method(fn, bases)
			continue
		}
		w.stmt(c)
	}
}

// method visits a method of a class with stdlib bases.
func (w *pyWalker) method(fn *sitter.Node, bases []string) {
	name := fn.ChildByFieldName("name")
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
	if params := fn.ChildByFieldName("parameters"); params != nil {
		for i := uint(0); i < params.NamedChildCount(); i++ {
			p := params.NamedChild(i)
			if p.Kind() != "identifier" {
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
	if params := n.ChildByFieldName("parameters"); params != nil {
		for i := uint(0); i < params.NamedChildCount(); i++ {
			p := params.NamedChild(i)
			if v := p.ChildByFieldName("value"); v != nil {
				w.expr(v)
			}
			if p.Kind() == "identifier" {
				if _, typed := w.scope.instances[w.text(p)]; !typed {
					w.scope.unbind(w.text(p))
				}
			} else if name := p.ChildByFieldName("name"); name != nil && name.Kind() == "identifier" {
				w.scope.unbind(w.text(name))
			}
		}
	}
	if name := n.ChildByFieldName("name"); name != nil {
		w.scope.unbind(w.text(name))
	}
	if body := n.ChildByFieldName("body"); body != nil {
		w.block(body)
	}
}
