package pysrc

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
	sitter "github.com/tree-sitter/go-tree-sitter"
)

// extractor reads one parse tree in a single pass over statement-level
// nodes. Expressions are only looked at where a statement needs them
// (targets, values of __all__, base classes, parameters).
type extractor struct {
	g       *grammar
	src     []byte
	file    *sourceFile
	res     *fileResult
	cur     *sitter.TreeCursor
	topOnly bool // modeTopLevel: record top-level def and class names only
	nextIf  int
	// globalsNames are module-level names bound to globals().
	globalsNames []string
	// setattrFuncs are module-level functions that call setattr: a class
	// passed to one at import time can gain members (turtle's
	// __forwardmethods(ScrolledCanvas, TK.Canvas, '_canvas')).
	setattrFuncs map[string]bool
	// setattrMethods are names of methods that call setattr(cls, ...): a
	// call Klass.register('Pool', ...) at import time, on a class of this
	// module, adds Klass.Pool (register is usually inherited, so any class
	// of the module defining it will do).
	setattrMethods map[string]bool
}

// ctx is where a statement sits.
type ctx struct {
	depth int                 // nesting in conditionals and loops; `del` counts only at 0
	plat  platKey             // innermost platform conditional branch, zero when none
	loops map[string][]string // loop variables iterating over string literals
	class *binding            // the class whose body this is, nil at module level
}

func (c ctx) nested() ctx { c.depth++; return c }

func extract(g *grammar, f *sourceFile, src []byte, tree *sitter.Tree) *fileResult {
	root := tree.RootNode()
	cur := root.Walk()
	defer cur.Close()
	res := &fileResult{file: f}
	x := &extractor{g: g, src: src, file: f, res: res, cur: cur, topOnly: f.mode == modeTopLevel,
		setattrFuncs: map[string]bool{}, setattrMethods: map[string]bool{}}
	if root.HasError() {
		res.parseError = x.hasRealError(root)
		res.newSyntax = !res.parseError
	}
	if f.mode == modeFileOnly {
		x.scanDefs(root, nil, nil)
		return res
	}
	res.module = newScope()
	x.walkBlock(root, res.module, ctx{})
	if res.parseError || f.mode == modeTopLevel {
		res.open = true
	}
	return res
}

// hasRealError looks for ERROR and MISSING nodes below n, descending only
// where HasError says one is, and tolerates syntax newer than the
// grammar that changes no name: the `lazy` soft keyword before an import
// (3.15) and type-parameter defaults (`class A[T = int]`, 3.13).
func (x *extractor) hasRealError(n *sitter.Node) bool {
	x.cur.Reset(*n)
	if !x.cur.GotoFirstChild() {
		return n.IsError() || n.IsMissing()
	}
	var children []sitter.Node
	for {
		children = append(children, *x.cur.Node())
		if !x.cur.GotoNextSibling() {
			break
		}
	}
	for i := range children {
		c := &children[i]
		switch {
		case c.IsMissing():
			return true
		case c.IsError():
			if !x.toleratedError(n, c, children[i+1:]) {
				return true
			}
		case c.HasError():
			if x.hasRealError(c) {
				return true
			}
		}
	}
	return false
}

func (x *extractor) toleratedError(parent, e *sitter.Node, next []sitter.Node) bool {
	if parent.KindId() == x.g.typeParameter {
		return true
	}
	if string(x.bytes(e)) != "lazy" || len(next) == 0 {
		return false
	}
	stmt := &next[0]
	if stmt.KindId() == x.g.block {
		// In an indented block the error precedes the block that starts
		// with the import.
		inner := x.namedChildren(stmt)
		if len(inner) == 0 {
			return false
		}
		stmt = &inner[0]
	}
	k := stmt.KindId()
	return (k == x.g.importStatement || k == x.g.importFromStatement) && !stmt.HasError()
}

// namedChildren returns n's named children other than comments and ERROR
// nodes. The slice is a copy, so callers may recurse with the same cursor.
func (x *extractor) namedChildren(n *sitter.Node) []sitter.Node {
	x.cur.Reset(*n)
	if !x.cur.GotoFirstChild() {
		return nil
	}
	var out []sitter.Node
	for {
		c := x.cur.Node()
		if c.IsNamed() {
			if k := c.KindId(); k != x.g.comment && k != x.g.errorKind {
				out = append(out, *c)
			}
		}
		if !x.cur.GotoNextSibling() {
			return out
		}
	}
}

func (x *extractor) bytes(n *sitter.Node) []byte { return x.src[n.StartByte():n.EndByte()] }
func (x *extractor) text(n *sitter.Node) string  { return string(x.bytes(n)) }
func line(n *sitter.Node) int                    { return int(n.StartPosition().Row) + 1 }

// bind records b in sc with its platform context. Binding __getattr__
// (by def or by assignment) opens the namespace it is bound in.
func (x *extractor) bind(sc *scope, b *binding, c ctx) *binding {
	switch {
	case b.name == "__getattr__" && sc == x.res.module:
		x.res.open = true
	case (b.name == "__getattr__" || b.name == "__getattribute__") && c.class != nil && sc == c.class.members:
		c.class.open = true
	}
	if c.plat.ifID == 0 {
		b.uncond = true
	} else {
		b.plats = []platKey{c.plat}
	}
	return sc.bind(b)
}

func (x *extractor) walkBlock(n *sitter.Node, sc *scope, c ctx) {
	for _, s := range x.namedChildren(n) {
		x.statement(&s, sc, c)
	}
}

func (x *extractor) statement(s *sitter.Node, sc *scope, c ctx) {
	g := x.g
	switch s.KindId() {
	case g.functionDefinition:
		x.function(s, nil, sc, c)
	case g.classDefinition:
		x.class(s, nil, sc, c)
	case g.decoratedDefinition:
		x.decorated(s, sc, c)
	case g.expressionStatement:
		if !x.topOnly {
			for _, e := range x.namedChildren(s) {
				x.expression(&e, sc, c)
			}
		}
	case g.importStatement:
		if !x.topOnly {
			x.importStatement(s, sc, c)
		}
	case g.importFromStatement:
		if !x.topOnly {
			x.importFrom(s, sc, c)
		}
	case g.futureImportStatement:
		if !x.topOnly {
			x.futureImport(s, sc, c)
		}
	case g.ifStatement:
		x.ifStatement(s, sc, c)
	case g.forStatement:
		x.forStatement(s, sc, c)
	case g.tryStatement, g.withStatement, g.whileStatement, g.matchStatement, g.caseClause,
		g.exceptClause, g.exceptGroupClause, g.elseClause, g.finallyClause:
		x.branches(s, sc, c.nested())
	case g.block:
		x.walkBlock(s, sc, c)
	case g.deleteStatement:
		if c.depth == 0 && !x.topOnly {
			x.deleteNames(s, sc)
		}
	case g.typeAliasStatement:
		if !x.topOnly {
			if left := s.ChildByFieldId(g.fLeft); left != nil {
				name, _, _ := strings.Cut(x.text(left), "[")
				if name = strings.TrimSpace(name); isIdentifier(name) {
					x.bind(sc, &binding{name: name, kind: snapshot.KindAttribute, line: line(s)}, c)
				}
			}
		}
	}
}

// branches walks the blocks and clauses of a compound statement; its
// conditions and other expressions are not statements and are skipped.
func (x *extractor) branches(s *sitter.Node, sc *scope, c ctx) {
	for _, ch := range x.namedChildren(s) {
		x.statement(&ch, sc, c)
	}
}

func (x *extractor) ifStatement(s *sitter.Node, sc *scope, c ctx) {
	g := x.g
	children := x.namedChildren(s)
	if len(children) == 0 {
		return
	}
	cond := x.bytes(&children[0])
	// Names bound only for type checkers or when run as a script do not
	// exist on import; their definitions still belong to the file.
	skipConsequence := isTypeChecking(cond) || isMainGuard(cond)
	nc := c.nested()
	platID := 0
	if isPlatformCondition(cond) {
		x.nextIf++
		platID = x.nextIf
	}
	branch := 0
	for i := 1; i < len(children); i++ {
		ch := &children[i]
		bc := nc
		if platID != 0 {
			bc.plat = platKey{platID, branch}
		}
		switch ch.KindId() {
		case g.block:
			if skipConsequence {
				x.scanDefs(ch, nil, nil)
			} else {
				x.walkBlock(ch, sc, bc)
			}
		case g.elifClause, g.elseClause:
			for _, b := range x.namedChildren(ch) {
				if b.KindId() == g.block {
					x.walkBlock(&b, sc, bc)
				}
			}
		}
		branch++
	}
}

func isTypeChecking(cond []byte) bool {
	return bytes.HasSuffix(bytes.TrimSpace(cond), []byte("TYPE_CHECKING"))
}

func isMainGuard(cond []byte) bool {
	return bytes.Contains(cond, []byte("__name__")) && bytes.Contains(cond, []byte("__main__"))
}

// isPlatformCondition recognises the usual spellings of a platform test:
// sys.platform, os.name, platform.system(), _mswindows, MS_WINDOWS.
func isPlatformCondition(cond []byte) bool {
	low := bytes.ToLower(cond)
	for _, w := range []string{"platform", "os.name", "windows", "win32", "darwin"} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

func (x *extractor) forStatement(s *sitter.Node, sc *scope, c ctx) {
	g := x.g
	nc := c.nested()
	left, right := s.ChildByFieldId(g.fLeft), s.ChildByFieldId(g.fRight)
	if left != nil && !x.topOnly {
		// The loop variable outlives the loop (unless deleted later).
		x.target(left, nil, line(s), sc, nc)
		if right != nil && left.KindId() == g.identifier {
			strs := x.stringList(right)
			if strs == nil && right.KindId() == g.identifier {
				if b := sc.get(x.text(right)); b != nil {
					strs = b.strs
				}
			}
			if strs != nil {
				loops := map[string][]string{x.text(left): strs}
				for k, v := range c.loops {
					if _, ok := loops[k]; !ok {
						loops[k] = v
					}
				}
				nc.loops = loops
			}
		}
	}
	if body := s.ChildByFieldId(g.fBody); body != nil {
		x.walkBlock(body, sc, nc)
	}
	if alt := s.ChildByFieldId(g.fAlternative); alt != nil {
		x.statement(alt, sc, nc)
	}
}

func (x *extractor) deleteNames(s *sitter.Node, sc *scope) {
	for _, t := range x.namedChildren(s) {
		switch t.KindId() {
		case x.g.identifier:
			sc.remove(x.text(&t))
		case x.g.expressionList:
			for _, e := range x.namedChildren(&t) {
				if e.KindId() == x.g.identifier {
					sc.remove(x.text(&e))
				}
			}
		}
	}
}

func (x *extractor) decorated(s *sitter.Node, sc *scope, c ctx) {
	var decos []string
	var def *sitter.Node
	for _, ch := range x.namedChildren(s) {
		switch ch.KindId() {
		case x.g.decorator:
			decos = append(decos, strings.TrimSpace(strings.TrimPrefix(x.text(&ch), "@")))
		case x.g.functionDefinition, x.g.classDefinition:
			def = &ch
		}
	}
	if def == nil {
		return
	}
	if def.KindId() == x.g.functionDefinition {
		x.function(def, decos, sc, c)
	} else {
		x.class(def, decos, sc, c)
	}
}

// decorators summarises what a function's or class's decorators do to it.
type decorators struct {
	property, static, overload, opaque bool
	// globalEnum: @enum.global_enum copies a class's members into its
	// module (re.T is re.RegexFlag.T), whether or not __all__ lists them.
	globalEnum bool
	// enumBase is X of @_simple_enum(X), which replaces the class by a new
	// enum class deriving from X (re.RegexFlag, http.HTTPStatus).
	enumBase string
}

func classifyDecorators(decos []string) decorators {
	var d decorators
	for _, text := range decos {
		name, args, call := strings.Cut(text, "(")
		name = strings.Join(strings.Fields(name), "")
		last := name[strings.LastIndexByte(name, '.')+1:]
		switch {
		case last == "global_enum":
			d.globalEnum = true
		case last == "_simple_enum" && call:
			first, _, _ := strings.Cut(args, ")")
			first, _, _ = strings.Cut(first, ",")
			d.enumBase, _ = dottedName([]byte(first))
		case last == "property" || last == "cached_property" || last == "abstractproperty" ||
			last == "DynamicClassAttribute" || last == "setter" || last == "getter" || last == "deleter":
			d.property = true
		case last == "staticmethod" || last == "abstractstaticmethod":
			d.static = true
		case last == "classmethod" || last == "abstractclassmethod":
			// Drops its first parameter, as a method does.
		case last == "overload":
			d.overload = true
		case !call && isClassName(last):
			// @_SpecialForm def Any(self, parameters): the name is bound to
			// an instance of the decorator class, not to this function.
			d.opaque = true
		}
	}
	return d
}

func isClassName(s string) bool {
	s = strings.TrimLeft(s, "_")
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

func (x *extractor) function(s *sitter.Node, decos []string, sc *scope, c ctx) {
	g := x.g
	nameNode := s.ChildByFieldId(g.fName)
	if nameNode == nil {
		return
	}
	name := x.text(nameNode)
	x.res.defs = append(x.res.defs, name)
	body := s.ChildByFieldId(g.fBody)
	if x.topOnly {
		if c.class == nil {
			x.bind(sc, &binding{name: name, kind: snapshot.KindFunction, line: line(s)}, c)
		}
		if body != nil {
			x.scanDefs(body, nil, nil)
		}
		return
	}
	if body != nil {
		src := x.bytes(body)
		switch {
		case c.class != nil:
			if bytes.Contains(src, []byte("setattr(cls,")) {
				x.setattrMethods[name] = true
			}
		default:
			x.globalsWrites(src)
			if bytes.Contains(src, []byte("setattr(")) {
				x.setattrFuncs[name] = true
			}
		}
	}
	d := classifyDecorators(decos)
	var params []snapshot.Param
	if pn := s.ChildByFieldId(g.fParameters); pn != nil {
		params = x.params(pn)
	}
	b := &binding{name: name, line: line(s), weak: d.overload}
	var selfName []byte
	if c.class == nil {
		b.kind = snapshot.KindFunction
	} else {
		b.kind = snapshot.KindMethod
		if !d.static && len(params) > 0 && params[0].Kind <= snapshot.ParamNormal {
			selfName = []byte(params[0].Name)
			params = params[1:]
		}
	}
	switch {
	case d.property && c.class != nil:
		b.kind = snapshot.KindProperty
	case d.opaque:
		b.kind = snapshot.KindAttribute
	default:
		b.params, b.paramsKnown = params, true
	}
	x.bind(sc, b, c)
	if body != nil {
		x.scanDefs(body, selfName, c.class)
	}
}

func (x *extractor) class(s *sitter.Node, decos []string, sc *scope, c ctx) {
	g := x.g
	nameNode := s.ChildByFieldId(g.fName)
	if nameNode == nil {
		return
	}
	b := &binding{name: x.text(nameNode), kind: snapshot.KindClass, line: line(s)}
	x.res.defs = append(x.res.defs, b.name)
	body := s.ChildByFieldId(g.fBody)
	if x.topOnly {
		// Members are not recorded, so none can be called missing.
		b.open = true
		if c.class == nil {
			x.bind(sc, b, c)
		}
		if body != nil {
			x.scanDefs(body, nil, nil)
		}
		return
	}
	if supers := s.ChildByFieldId(g.fSuperclasses); supers != nil {
		b.bases = x.bases(supers)
	}
	d := classifyDecorators(decos)
	if d.enumBase != "" {
		b.bases = []baseExpr{{d.enumBase}}
	}
	b.members = newScope()
	if bound := x.bind(sc, b, c); bound.members != nil {
		// A second definition of the class adds to the first one's members.
		b = bound
	}
	if body != nil {
		x.walkBlock(body, b.members, ctx{class: b})
	}
	if d.globalEnum && c.class == nil && x.file.module != "" {
		for _, m := range b.members.live() {
			if m.kind == snapshot.KindAttribute && !strings.HasPrefix(m.name, "_") && sc.get(m.name) == nil {
				x.bind(sc, &binding{name: m.name, kind: snapshot.KindAlias, line: m.line,
					target: x.file.module + "." + b.name + "." + m.name}, c)
			}
		}
	}
}

// bases reads a class's superclass list; keyword arguments (metaclass=)
// are not bases.
func (x *extractor) bases(n *sitter.Node) []baseExpr {
	g := x.g
	var out []baseExpr
	for _, a := range x.namedChildren(n) {
		switch a.KindId() {
		case g.keywordArgument:
		case g.identifier, g.attribute:
			d, _ := dottedName(x.bytes(&a))
			out = append(out, baseExpr{d})
		case g.subscript:
			// Generic[T], Protocol[T]: the base is the subscripted class.
			d := ""
			if v := a.ChildByFieldId(g.fValue); v != nil {
				d, _ = dottedName(x.bytes(v))
			}
			out = append(out, baseExpr{d})
		default:
			out = append(out, baseExpr{})
		}
	}
	return out
}

// dottedName normalises `a . b` to "a.b" and reports whether b is a
// dotted name at all.
func dottedName(b []byte) (string, bool) {
	s := string(bytes.Join(bytes.Fields(b), nil))
	for _, part := range strings.Split(s, ".") {
		if !isIdentifier(part) {
			return "", false
		}
	}
	return s, true
}

// params reads a parameter list. The bound first parameter is dropped by
// the caller, which knows whether the function is a method.
func (x *extractor) params(n *sitter.Node) []snapshot.Param {
	g := x.g
	var out []snapshot.Param
	kind := snapshot.ParamNormal
	for _, p := range x.namedChildren(n) {
		switch p.KindId() {
		case g.identifier, g.tuplePattern:
			out = append(out, snapshot.Param{Name: x.text(&p), Kind: kind})
		case g.defaultParameter, g.typedDefaultParameter:
			name, value := p.ChildByFieldId(g.fName), p.ChildByFieldId(g.fValue)
			if name == nil {
				continue
			}
			prm := snapshot.Param{Name: x.text(name), Kind: kind}
			if value != nil {
				prm.Default = defaultText(x.bytes(value))
			}
			out = append(out, prm)
		case g.typedParameter:
			inner := x.namedChildren(&p)
			if len(inner) == 0 {
				continue
			}
			switch inner[0].KindId() {
			case g.listSplatPattern:
				out = append(out, snapshot.Param{Name: splatName(x.bytes(&inner[0])), Kind: snapshot.ParamVarArgs})
				kind = snapshot.ParamKeywordOnly
			case g.dictionarySplatPattern:
				out = append(out, snapshot.Param{Name: splatName(x.bytes(&inner[0])), Kind: snapshot.ParamVarKeywords})
			default:
				out = append(out, snapshot.Param{Name: x.text(&inner[0]), Kind: kind})
			}
		case g.listSplatPattern:
			out = append(out, snapshot.Param{Name: splatName(x.bytes(&p)), Kind: snapshot.ParamVarArgs})
			kind = snapshot.ParamKeywordOnly
		case g.dictionarySplatPattern:
			out = append(out, snapshot.Param{Name: splatName(x.bytes(&p)), Kind: snapshot.ParamVarKeywords})
		case g.keywordSeparator:
			kind = snapshot.ParamKeywordOnly
		case g.positionalSeparator:
			for i := range out {
				if out[i].Kind == snapshot.ParamNormal {
					out[i].Kind = snapshot.ParamPositionalOnly
				}
			}
		}
	}
	return out
}

func splatName(b []byte) string { return strings.TrimSpace(strings.TrimLeft(string(b), "* \t")) }

// defaultText keeps a default's source on one line, in valid UTF-8 (a few
// stdlib files are Latin-1).
func defaultText(b []byte) string {
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func (x *extractor) expression(e *sitter.Node, sc *scope, c ctx) {
	g := x.g
	switch e.KindId() {
	case g.assignment:
		x.assignment(e, sc, c)
	case g.augmentedAssignment:
		left, right := e.ChildByFieldId(g.fLeft), e.ChildByFieldId(g.fRight)
		if left == nil || left.KindId() != g.identifier {
			return
		}
		if name := x.text(left); name == "__all__" && c.class == nil {
			x.allValue(right, line(e))
		} else {
			x.bind(sc, &binding{name: name, kind: snapshot.KindAttribute, line: line(e)}, c)
		}
	case g.call:
		x.call(e, sc, c)
	}
}

func (x *extractor) assignment(e *sitter.Node, sc *scope, c ctx) {
	g := x.g
	left, right := e.ChildByFieldId(g.fLeft), e.ChildByFieldId(g.fRight)
	if left == nil {
		return
	}
	if right != nil && right.KindId() == g.assignment {
		// a = b = value: every target is bound.
		x.assignment(right, sc, c)
		right = right.ChildByFieldId(g.fRight)
	} else if right == nil && c.class == nil {
		// A bare annotation binds nothing at module level; in a class
		// body it declares a field (dataclasses, NamedTuple, TypedDict).
		return
	}
	x.target(left, right, line(e), sc, c)
}

// target binds the names of an assignment target; value is nil when the
// target is one element of a tuple or the variable of a loop.
func (x *extractor) target(n, value *sitter.Node, ln int, sc *scope, c ctx) {
	g := x.g
	switch n.KindId() {
	case g.identifier:
		name := x.text(n)
		b := &binding{name: name, kind: snapshot.KindAttribute, line: ln}
		if value != nil {
			switch {
			case name == "__all__" && c.class == nil:
				x.allValue(value, ln)
			case name == "__slots__" && c.class != nil:
				x.slots(value, ln, sc, c)
			case name == "_fields_" && c.class != nil:
				x.ctypesFields(value, ln, sc, c)
			}
			b.strs = x.stringList(value)
			if k := value.KindId(); k == g.identifier || k == g.attribute {
				b.valueOf, _ = dottedName(x.bytes(value))
			}
			if c.class == nil && x.namespaceCall(value) == "globals()" {
				// mod_dict = globals(); mod_dict["CO_" + v] = k
				x.globalsNames = append(x.globalsNames, name)
			}
		}
		x.bind(sc, b, c)
	case g.patternList, g.tuplePattern, g.listPattern, g.listSplatPattern:
		for _, t := range x.namedChildren(n) {
			x.target(&t, nil, ln, sc, c)
		}
	case g.subscript:
		x.globalsItem(n, value, ln, c)
	case g.attribute:
		// Klass.attr = value after the class body still adds a member.
		obj := n.ChildByFieldId(g.fObject)
		attr := n.ChildByFieldId(g.fAttribute)
		if obj == nil || attr == nil || obj.KindId() != g.identifier || c.class != nil {
			return
		}
		if cls := sc.get(x.text(obj)); cls != nil && cls.members != nil {
			x.bind(cls.members, &binding{name: x.text(attr), kind: snapshot.KindAttribute, line: ln}, ctx{})
		}
	}
}

// globalsItem handles `globals()[key] = value`: a literal key or a loop
// variable over literals names the new globals; anything else makes the
// module namespace open.
func (x *extractor) globalsItem(n, assigned *sitter.Node, ln int, c ctx) {
	g := x.g
	value, key := n.ChildByFieldId(g.fValue), n.ChildByFieldId(g.fSubscript)
	if value == nil || key == nil {
		return
	}
	ns := x.namespaceCall(value)
	if value.KindId() == g.identifier && slices.Contains(x.globalsNames, x.text(value)) {
		ns = "globals()"
	}
	var sc *scope
	switch {
	case ns == "globals()":
		sc = x.res.module
	case (ns == "locals()" || ns == "vars()") && c.class != nil:
		sc = c.class.members
	default:
		x.sysModulesItem(value, key, assigned, ln, c)
		return
	}
	if s, ok := x.stringLit(key); ok && isIdentifier(s) {
		x.bind(sc, &binding{name: s, kind: snapshot.KindAttribute, line: ln}, c)
		return
	}
	if key.KindId() == g.identifier {
		if names, ok := c.loops[x.text(key)]; ok {
			for _, s := range names {
				if isIdentifier(s) {
					x.bind(sc, &binding{name: s, kind: snapshot.KindAttribute, line: ln}, c)
				}
			}
			return
		}
	}
	if sc == x.res.module {
		x.res.dynamicGlobals = true
	} else {
		c.class.open = true
	}
}

// sysModulesItem records `sys.modules['collections.abc'] = name`.
func (x *extractor) sysModulesItem(value, key, assigned *sitter.Node, ln int, c ctx) {
	if c.class != nil || assigned == nil || !bytes.HasSuffix(x.bytes(value), []byte("sys.modules")) {
		return
	}
	name, ok := x.stringLit(key)
	if !ok {
		return
	}
	if _, ok := dottedName([]byte(name)); !ok {
		return
	}
	if k := assigned.KindId(); k == x.g.identifier || k == x.g.attribute {
		if v, ok := dottedName(x.bytes(assigned)); ok {
			x.res.registered = append(x.res.registered, registration{name: name, valueOf: v, line: ln})
		}
	}
}

var (
	globalsUpdateRE = regexp.MustCompile(`globals\(\)\s*\.\s*(update|setdefault)\s*\(`)
	globalsItemRE   = regexp.MustCompile(`globals\(\)\s*\[[^\]\n]*\]\s*=[^=]`)
	execGlobalsRE   = regexp.MustCompile(`\bexec\s*\([^\n]*globals\(\)`)
)

// globalsWrites looks at the source of a module-level function for
// writes to the module's globals, which add names when it is called at
// import time (turtle makes its functions with exec(..., globals())).
func (x *extractor) globalsWrites(body []byte) {
	if !bytes.Contains(body, []byte("globals()")) {
		return
	}
	switch {
	case globalsUpdateRE.Match(body):
		x.res.open = true
	case globalsItemRE.Match(body), execGlobalsRE.Match(body):
		x.res.dynamicGlobals = true
	}
}

// namespaceCall returns "globals()", "locals()" or "vars()" when n is that
// call, else "".
func (x *extractor) namespaceCall(n *sitter.Node) string {
	if n.KindId() != x.g.call {
		return ""
	}
	switch t := string(bytes.Join(bytes.Fields(x.bytes(n)), nil)); t {
	case "globals()", "locals()", "vars()":
		return t
	}
	return ""
}

func (x *extractor) call(e *sitter.Node, sc *scope, c ctx) {
	g := x.g
	fn, args := e.ChildByFieldId(g.fFunction), e.ChildByFieldId(g.fArguments)
	if fn != nil && args != nil && fn.KindId() == g.identifier && c.class == nil && x.setattrFuncs[x.text(fn)] {
		for _, a := range x.namedChildren(args) {
			if a.KindId() != g.identifier {
				continue
			}
			if cls := sc.get(x.text(&a)); cls != nil && cls.members != nil {
				cls.open = true
			}
		}
		return
	}
	if fn == nil || args == nil || fn.KindId() != g.attribute {
		return
	}
	obj, attrNode := fn.ChildByFieldId(g.fObject), fn.ChildByFieldId(g.fAttribute)
	if obj == nil || attrNode == nil {
		return
	}
	argv := x.namedChildren(args)
	attr := x.text(attrNode)
	if x.setattrMethods[attr] && c.class == nil && obj.KindId() == g.identifier && len(argv) > 0 {
		if cls := sc.get(x.text(obj)); cls != nil && cls.members != nil {
			if name, ok := x.stringLit(&argv[0]); ok && isIdentifier(name) {
				x.bind(cls.members, &binding{name: name, kind: snapshot.KindAttribute, line: line(e)}, ctx{})
				return
			}
		}
	}
	switch attr {
	case "extend", "append":
		if c.class == nil && x.text(obj) == "__all__" && len(argv) > 0 {
			if attr == "append" {
				if s, ok := x.stringLit(&argv[0]); ok {
					x.allValue(nil, line(e))
					x.res.all.add(s)
					return
				}
			}
			x.allValue(&argv[0], line(e))
		}
	case "update":
		// globals().update(...) / vars().update(...): names we cannot see.
		switch ns := x.namespaceCall(obj); {
		case ns == "":
		case c.class != nil && ns != "globals()":
			c.class.open = true
		default:
			x.res.open = true
		}
	case "_convert_", "_convert":
		// IntEnum._convert_('AddressFamily', __name__, ...) creates the
		// enum class at import time from constants of the module.
		if len(argv) == 0 || c.class != nil {
			return
		}
		name, ok := x.stringLit(&argv[0])
		if !ok || !isIdentifier(name) {
			return
		}
		base, _ := dottedName(x.bytes(obj))
		x.bind(sc, &binding{name: name, kind: snapshot.KindClass, line: line(e),
			bases: []baseExpr{{base}}, open: true, members: newScope()}, c)
		x.convertSource(argv, line(e))
	}
}

// convertSource handles the source= argument of an enum _convert_ call:
// the enum's members are copied into the module from that other module
// (ssl's from _ssl), so the module gains the names the filter selects.
// Without source= the members come from the module's own globals.
func (x *extractor) convertSource(argv []sitter.Node, ln int) {
	g := x.g
	var source string
	var filter *sitter.Node
	for i := range argv {
		a := &argv[i]
		if a.KindId() != g.keywordArgument {
			if i == 2 {
				filter = a
			}
			continue
		}
		name, value := a.ChildByFieldId(g.fName), a.ChildByFieldId(g.fValue)
		if name == nil || value == nil {
			continue
		}
		switch x.text(name) {
		case "source":
			if d, ok := dottedName(x.bytes(value)); ok {
				source = x.moduleOfName(d)
			}
		case "filter":
			filter = value
		}
	}
	if source == "" {
		return
	}
	var f NameFilter
	if filter != nil {
		f = readNameFilter(x.bytes(filter))
	}
	if len(f.Prefixes) == 0 && len(f.Names) == 0 {
		x.res.open = true
		return
	}
	x.res.stars = append(x.res.stars, starImport{from: source, line: ln, filter: &f})
}

var (
	startswithRE = regexp.MustCompile(`startswith\(\s*['"](\w+)['"]\s*\)`)
	equalsRE     = regexp.MustCompile(`==\s*['"](\w+)['"]`)
	inTupleRE    = regexp.MustCompile(`\bin\s*[(\[{]([^)\]}]*)[)\]}]`)
	quotedRE     = regexp.MustCompile(`['"](\w+)['"]`)
)

// readNameFilter reads the name tests of a filter function's source.
func readNameFilter(src []byte) NameFilter {
	var f NameFilter
	for _, m := range startswithRE.FindAllSubmatch(src, -1) {
		f.Prefixes = append(f.Prefixes, string(m[1]))
	}
	for _, m := range equalsRE.FindAllSubmatch(src, -1) {
		f.Names = append(f.Names, string(m[1]))
	}
	for _, m := range inTupleRE.FindAllSubmatch(src, -1) {
		for _, q := range quotedRE.FindAllSubmatch(m[1], -1) {
			f.Names = append(f.Names, string(q[1]))
		}
	}
	return f
}

// allValue reads an __all__ value or an addition to it.
func (x *extractor) allValue(n *sitter.Node, ln int) {
	all := &x.res.all
	if !all.defined {
		all.defined, all.line = true, ln
	}
	if n == nil {
		return
	}
	g := x.g
	switch n.KindId() {
	case g.list, g.tuple, g.set:
		for _, e := range x.namedChildren(n) {
			if s, ok := x.stringLit(&e); ok {
				all.add(s)
			} else if e.KindId() == g.listSplat {
				for _, in := range x.namedChildren(&e) {
					x.allValue(&in, ln)
				}
			} else {
				all.partial = true
			}
		}
	case g.parenthesizedExpression:
		for _, e := range x.namedChildren(n) {
			x.allValue(&e, ln)
		}
	case g.binaryOperator:
		op := n.ChildByFieldId(g.fOperator)
		if op == nil || x.text(op) != "+" {
			all.partial = true
			return
		}
		x.allValue(n.ChildByFieldId(g.fLeft), ln)
		x.allValue(n.ChildByFieldId(g.fRight), ln)
	case g.attribute:
		obj, attr := n.ChildByFieldId(g.fObject), n.ChildByFieldId(g.fAttribute)
		if obj == nil || attr == nil || x.text(attr) != "__all__" {
			all.partial = true
			return
		}
		d, ok := dottedName(x.bytes(obj))
		if !ok {
			all.partial = true
			return
		}
		all.from = append(all.from, x.moduleOfName(d))
	case g.identifier:
		// __all__ = _tg_classes + _tg_screen_functions + ... (turtle)
		switch b := x.res.module.get(x.text(n)); {
		case b != nil && b.strs != nil:
			for _, s := range b.strs {
				all.add(s)
			}
		case x.text(n) != "__all__":
			all.partial = true
		}
	default:
		all.partial = true
	}
}

// moduleOfName resolves a name used as a module in this file, as in
// `base_events.__all__` inside asyncio/__init__.py.
func (x *extractor) moduleOfName(d string) string {
	first, rest, _ := strings.Cut(d, ".")
	if b := x.res.module.get(first); b != nil && b.kind == snapshot.KindAlias {
		if rest != "" {
			return b.target + "." + rest
		}
		return b.target
	}
	if x.file.isPackage {
		return x.file.module + "." + d
	}
	return d
}

// slots binds the names listed in __slots__.
func (x *extractor) slots(n *sitter.Node, ln int, sc *scope, c ctx) {
	var names []string
	if s, ok := x.stringLit(n); ok {
		names = []string{s}
	} else if n.KindId() == x.g.dictionary {
		for _, p := range x.namedChildren(n) {
			if p.KindId() == x.g.pair {
				if k := p.ChildByFieldId(x.g.fKey); k != nil {
					if s, ok := x.stringLit(k); ok {
						names = append(names, s)
					}
				}
			}
		}
	} else {
		names = x.stringList(n)
	}
	for _, s := range names {
		if isIdentifier(s) {
			x.bind(sc, &binding{name: s, kind: snapshot.KindAttribute, line: ln}, c)
		}
	}
}

// ctypesFields reads a ctypes Structure's _fields_ = [("name", TYPE), ...]:
// each field is a descriptor on the class.
func (x *extractor) ctypesFields(n *sitter.Node, ln int, sc *scope, c ctx) {
	g := x.g
	if k := n.KindId(); k != g.list && k != g.tuple {
		return
	}
	for _, e := range x.namedChildren(n) {
		if e.KindId() != g.tuple {
			continue
		}
		parts := x.namedChildren(&e)
		if len(parts) == 0 {
			continue
		}
		if s, ok := x.stringLit(&parts[0]); ok && isIdentifier(s) {
			x.bind(sc, &binding{name: s, kind: snapshot.KindProperty, line: ln}, c)
		}
	}
}

// stringList returns the strings of a tuple, list or set made only of
// string literals, or nil.
func (x *extractor) stringList(n *sitter.Node) []string {
	g := x.g
	switch n.KindId() {
	case g.parenthesizedExpression:
		inner := x.namedChildren(n)
		if len(inner) == 1 {
			return x.stringList(&inner[0])
		}
		return nil
	case g.list, g.tuple, g.set, g.expressionList:
	default:
		return nil
	}
	elems := x.namedChildren(n)
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		s, ok := x.stringLit(&e)
		if !ok {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// stringLit returns the value of a plain string literal (no f-string, no
// escapes, no implicit concatenation).
func (x *extractor) stringLit(n *sitter.Node) (string, bool) {
	if n.KindId() != x.g.str {
		return "", false
	}
	t := x.text(n)
	i := 0
	for i < len(t) && t[i] != '"' && t[i] != '\'' {
		switch t[i] {
		case 'r', 'R', 'u', 'U':
		default:
			return "", false
		}
		i++
	}
	t = t[i:]
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(t) >= 2*len(q) && strings.HasPrefix(t, q) && strings.HasSuffix(t, q) {
			s := t[len(q) : len(t)-len(q)]
			if strings.ContainsAny(s, "\\\n") {
				return "", false
			}
			return s, true
		}
	}
	return "", false
}

func (x *extractor) importStatement(s *sitter.Node, sc *scope, c ctx) {
	g := x.g
	ln := line(s)
	for _, n := range x.namedChildren(s) {
		switch n.KindId() {
		case g.dottedName:
			// import a.b binds a.
			d, ok := dottedName(x.bytes(&n))
			if !ok {
				continue
			}
			first, _, _ := strings.Cut(d, ".")
			x.bindImport(sc, first, first, importPlain, ln, c)
		case g.aliasedImport:
			name, alias := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fAlias)
			if name == nil || alias == nil {
				continue
			}
			if d, ok := dottedName(x.bytes(name)); ok {
				x.bindImport(sc, x.text(alias), d, importPlain, ln, c)
			}
		}
	}
}

// futureImport binds the names of `from __future__ import annotations`:
// they are module attributes like any other import.
func (x *extractor) futureImport(s *sitter.Node, sc *scope, c ctx) {
	g := x.g
	for _, n := range x.namedChildren(s) {
		name, as := &n, &n
		if n.KindId() == g.aliasedImport {
			name, as = n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fAlias)
			if name == nil || as == nil {
				continue
			}
		} else if n.KindId() != g.dottedName {
			continue
		}
		if d, ok := dottedName(x.bytes(name)); ok && d != "__future__" {
			x.bindImport(sc, x.text(as), "__future__."+d, importPlain, line(s), c)
		}
	}
}

func (x *extractor) importFrom(s *sitter.Node, sc *scope, c ctx) {
	g := x.g
	modNode := s.ChildByFieldId(g.fModuleName)
	if modNode == nil {
		return
	}
	from, relative := x.absoluteModule(modNode)
	if from == "" {
		return
	}
	kind := importPlain
	if pkg := x.packageName(); relative || (pkg != "" && (from == pkg || strings.HasPrefix(from, pkg+"."))) {
		kind = importFromPackage
	}
	ln := line(s)
	modStart := modNode.StartByte()
	for _, n := range x.namedChildren(s) {
		switch n.KindId() {
		case g.wildcardImport:
			if c.class == nil {
				x.res.stars = append(x.res.stars, starImport{from: from, line: ln})
			}
		case g.dottedName:
			if n.StartByte() == modStart {
				continue
			}
			if d, ok := dottedName(x.bytes(&n)); ok {
				x.bindImport(sc, d, from+"."+d, kind, ln, c)
			}
		case g.aliasedImport:
			name, alias := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fAlias)
			if name == nil || alias == nil {
				continue
			}
			if d, ok := dottedName(x.bytes(name)); ok {
				x.bindImport(sc, x.text(alias), from+"."+d, kind, ln, c)
			}
		}
	}
}

func (x *extractor) bindImport(sc *scope, name, target string, kind importKind, ln int, c ctx) {
	// `from . import sub` inside pkg/__init__.py names pkg.sub itself.
	if c.class == nil && target == x.file.module+"."+name {
		return
	}
	if target == x.file.module {
		return
	}
	x.bind(sc, &binding{name: name, kind: snapshot.KindAlias, target: target, imp: kind, line: ln}, c)
}

// packageName is the package a relative import starts from.
func (x *extractor) packageName() string {
	if x.file.isPackage {
		return x.file.module
	}
	if i := strings.LastIndexByte(x.file.module, '.'); i >= 0 {
		return x.file.module[:i]
	}
	return ""
}

// absoluteModule resolves the module of a from-import; "" when a relative
// import climbs above the top-level package.
func (x *extractor) absoluteModule(n *sitter.Node) (string, bool) {
	g := x.g
	if n.KindId() == g.dottedName {
		d, _ := dottedName(x.bytes(n))
		return d, false
	}
	if n.KindId() != g.relativeImport {
		return "", false
	}
	dots, rest := 0, ""
	for _, ch := range x.namedChildren(n) {
		switch ch.KindId() {
		case g.importPrefix:
			dots = bytes.Count(x.bytes(&ch), []byte("."))
		case g.dottedName:
			rest, _ = dottedName(x.bytes(&ch))
		}
	}
	base := x.packageName()
	for i := 1; i < dots; i++ {
		j := strings.LastIndexByte(base, '.')
		if j < 0 {
			base = ""
			break
		}
		base = base[:j]
	}
	switch {
	case base == "":
		return "", true
	case rest == "":
		return base, true
	}
	return base + "." + rest, true
}

// scanDefs walks statements below n for the names of every function and
// class (the file's definitions) and, inside a method, for instance
// attributes assigned as self.NAME.
func (x *extractor) scanDefs(n *sitter.Node, selfName []byte, cls *binding) {
	g := x.g
	for _, s := range x.namedChildren(n) {
		switch s.KindId() {
		case g.functionDefinition, g.classDefinition, g.decoratedDefinition:
			x.scanDefinition(&s, selfName, cls)
		case g.expressionStatement:
			if selfName != nil {
				for _, e := range x.namedChildren(&s) {
					if e.KindId() == g.assignment {
						x.selfAssignment(&e, selfName, cls)
					}
				}
			}
		case g.block, g.ifStatement, g.elifClause, g.elseClause, g.forStatement, g.whileStatement,
			g.tryStatement, g.exceptClause, g.exceptGroupClause, g.finallyClause,
			g.withStatement, g.matchStatement, g.caseClause:
			x.scanDefs(&s, selfName, cls)
		}
	}
}

func (x *extractor) scanDefinition(s *sitter.Node, selfName []byte, cls *binding) {
	g := x.g
	if s.KindId() == g.decoratedDefinition {
		if def := s.ChildByFieldId(g.fDefinition); def != nil {
			x.scanDefinition(def, selfName, cls)
		}
		return
	}
	if name := s.ChildByFieldId(g.fName); name != nil {
		x.res.defs = append(x.res.defs, x.text(name))
	}
	body := s.ChildByFieldId(g.fBody)
	if body == nil {
		return
	}
	if s.KindId() == g.classDefinition {
		// A class nested in a function has its own self.
		x.scanDefs(body, nil, nil)
	} else {
		// A closure inside a method shares the method's self.
		x.scanDefs(body, selfName, cls)
	}
}

// selfAssignment records self.NAME targets of an assignment as instance
// attributes of cls.
func (x *extractor) selfAssignment(e *sitter.Node, selfName []byte, cls *binding) {
	g := x.g
	left, right := e.ChildByFieldId(g.fLeft), e.ChildByFieldId(g.fRight)
	if right != nil && right.KindId() == g.assignment {
		x.selfAssignment(right, selfName, cls)
	}
	if left != nil && bytes.Contains(x.bytes(left), selfName) {
		x.selfTarget(left, selfName, cls, line(e))
	}
}

func (x *extractor) selfTarget(n *sitter.Node, selfName []byte, cls *binding, ln int) {
	g := x.g
	switch n.KindId() {
	case g.attribute:
		obj, attr := n.ChildByFieldId(g.fObject), n.ChildByFieldId(g.fAttribute)
		if obj != nil && attr != nil && obj.KindId() == g.identifier && bytes.Equal(x.bytes(obj), selfName) {
			x.bind(cls.members, &binding{name: x.text(attr), kind: snapshot.KindAttribute, line: ln}, ctx{})
		}
	case g.patternList, g.tuplePattern, g.listPattern, g.listSplatPattern:
		for _, t := range x.namedChildren(n) {
			x.selfTarget(&t, selfName, cls, ln)
		}
	}
}
