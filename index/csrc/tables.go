package csrc

import (
	"strings"
)

// Static initialisers of the C API's description structs: method, getset,
// member and slot tables, type objects, type specs, struct-sequence
// descriptions and module definitions. They are read from the clean text,
// not the syntax tree, because #ifdef lines inside an initialiser make
// tree-sitter give up on the whole declaration.

type tableKind uint8

const (
	tableMethods tableKind = iota // PyMethodDef[]
	tableGetSet                   // PyGetSetDef[]
	tableMembers                  // PyMemberDef[]
	tableSlots                    // PyType_Slot[]
	tableFields                   // PyStructSequence_Field[]
)

// entry is one element of a table: either a brace group whose fields are
// kept by name, or a macro that expands to one (OS_STAT_METHODDEF).
type entry struct {
	Fields map[string]string // field name -> value text
	Macro  string
	Args   []string // when the macro is function-like
	Cond   bool     // inside an #if that the table itself is not in
}

type table struct {
	Kind    tableKind
	Var     string
	Entries []entry
	Line    int
}

type typeSource uint8

const (
	typeStatic    typeSource = iota // static PyTypeObject X = {...}
	typeSpec                        // PyType_Spec
	typeStructSeq                   // PyStructSequence_Desc
)

// typeDecl is a type object, type spec or struct-sequence description.
type typeDecl struct {
	Source typeSource
	Var    string
	Fields map[string]string
	Line   int
	Cond   bool
}

// moduleDecl is a PyModuleDef.
type moduleDecl struct {
	Var    string
	Fields map[string]string
	Line   int
	Cond   bool
}

// Field orders for positional initialisers.
var (
	typeObjectFields = []string{"ob_base", "tp_name", "tp_basicsize", "tp_itemsize", "tp_dealloc",
		"tp_vectorcall_offset", "tp_getattr", "tp_setattr", "tp_as_async", "tp_repr", "tp_as_number",
		"tp_as_sequence", "tp_as_mapping", "tp_hash", "tp_call", "tp_str", "tp_getattro", "tp_setattro",
		"tp_as_buffer", "tp_flags", "tp_doc", "tp_traverse", "tp_clear", "tp_richcompare",
		"tp_weaklistoffset", "tp_iter", "tp_iternext", "tp_methods", "tp_members", "tp_getset", "tp_base",
		"tp_dict", "tp_descr_get", "tp_descr_set", "tp_dictoffset", "tp_init", "tp_alloc", "tp_new"}
	typeSpecFields     = []string{"name", "basicsize", "itemsize", "flags", "slots"}
	structSeqFields    = []string{"name", "doc", "fields", "n_in_sequence"}
	moduleDefFields    = []string{"m_base", "m_name", "m_doc", "m_size", "m_methods", "m_slots", "m_traverse", "m_clear", "m_free"}
	methodDefFields    = []string{"ml_name", "ml_meth", "ml_flags", "ml_doc"}
	getSetDefFields    = []string{"name", "get", "set", "doc", "closure"}
	memberDefFields    = []string{"name", "type", "offset", "flags", "doc"}
	typeSlotFields     = []string{"slot", "pfunc"}
	structFieldsFields = []string{"name", "doc"}
)

var tableTypes = map[string]struct {
	kind   tableKind
	fields []string
}{
	"PyMethodDef":            {tableMethods, methodDefFields},
	"PyGetSetDef":            {tableGetSet, getSetDefFields},
	"PyMemberDef":            {tableMembers, memberDefFields},
	"PyType_Slot":            {tableSlots, typeSlotFields},
	"PyStructSequence_Field": {tableFields, structFieldsFields},
}

// fieldsOfTable gives the field order of a table kind.
func fieldsOfTable(k tableKind) []string {
	for _, t := range tableTypes {
		if t.kind == k {
			return t.fields
		}
	}
	return nil
}

// declKeywords are the struct type names whose initialisers are read.
var declKeywords = []string{"PyMethodDef", "PyGetSetDef", "PyMemberDef", "PyType_Slot",
	"PyStructSequence_Field", "PyTypeObject", "PyType_Spec", "PyStructSequence_Desc", "PyModuleDef"}

func isDeclKeyword(name string) bool {
	for _, kw := range declKeywords {
		if kw == name {
			return true
		}
	}
	return false
}

// declSink receives what scanDecls finds.
type declSink struct {
	tables  []*table
	types   []*typeDecl
	modules []*moduleDecl
}

// scanDecls finds the initialised declarations in clean text. lineAt maps
// an offset in text to a line; depthAt to an #if depth (both may describe
// a macro expansion, where every offset maps to the invocation).
func scanDecls(text []byte, lineAt func(int) int, depthAt func(int) int, sink *declSink) {
	for _, kw := range declKeywords {
		forEachWord(text, kw, func(at int) {
			name, open, ok := declAfterType(text, at+len(kw))
			if !ok {
				return
			}
			close := matchClose(text, open)
			if close < 0 {
				return
			}
			base := depthAt(at)
			_, isTable := tableTypes[kw]
			content := withoutDirectives(text[open+1:close], !isTable)
			condAt := func(off int) bool { return depthAt(open+1+off) > base }
			line := lineAt(at)
			if t, isTable := tableTypes[kw]; isTable {
				sink.tables = append(sink.tables, &table{Kind: t.kind, Var: name, Line: line,
					Entries: tableEntries(content, t.fields, condAt)})
				return
			}
			cond := base > 0
			switch kw {
			case "PyTypeObject":
				sink.types = append(sink.types, &typeDecl{Source: typeStatic, Var: name, Line: line, Cond: cond,
					Fields: structFields(content, typeObjectFields)})
			case "PyType_Spec":
				sink.types = append(sink.types, &typeDecl{Source: typeSpec, Var: name, Line: line, Cond: cond,
					Fields: structFields(content, typeSpecFields)})
			case "PyStructSequence_Desc":
				sink.types = append(sink.types, &typeDecl{Source: typeStructSeq, Var: name, Line: line, Cond: cond,
					Fields: structFields(content, structSeqFields)})
			case "PyModuleDef":
				sink.modules = append(sink.modules, &moduleDecl{Var: name, Line: line, Cond: cond,
					Fields: structFields(content, moduleDefFields)})
			}
		})
	}
}

// declAfterType reads "[const] name [ [...] ] = {" after a type name and
// returns the variable name and the offset of '{'.
func declAfterType(b []byte, i int) (name string, open int, ok bool) {
	name, i = identAt(b, i)
	if name == "const" {
		name, i = identAt(b, i)
	}
	if name == "" {
		return "", 0, false
	}
	i = skipSpace(b, i)
	if i < len(b) && b[i] == '[' {
		close := matchClose(b, i)
		if close < 0 {
			return "", 0, false
		}
		i = skipSpace(b, close+1)
	}
	if i >= len(b) || b[i] != '=' {
		return "", 0, false
	}
	i = skipSpace(b, i+1)
	if i >= len(b) || b[i] != '{' {
		return "", 0, false
	}
	return name, i, true
}

// withoutDirectives blanks the preprocessor lines of an initialiser body.
// For a table every branch's elements count; for a positional struct
// initialiser only the first branch of each #if inside it is kept, since
// the branches are alternatives for the same fields.
func withoutDirectives(b []byte, firstBranch bool) []byte {
	var out []byte
	depth, skipFrom := 0, 0 // skipFrom > 0: dropping lines until depth < skipFrom
	for i := 0; i < len(b); {
		lineEnd := logicalLineEnd(b, i)
		j := i
		for j < lineEnd && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		isDirective := j < lineEnd && b[j] == '#'
		drop := isDirective || skipFrom > 0
		if isDirective && firstBranch {
			switch name, _ := identAt(b, j+1); name {
			case "if", "ifdef", "ifndef":
				depth++
			case "else", "elif", "elifdef", "elifndef":
				if skipFrom == 0 {
					skipFrom = depth
				}
			case "endif":
				if skipFrom == depth {
					skipFrom = 0
				}
				depth--
			}
		}
		if drop {
			if out == nil {
				out = append([]byte(nil), b...)
			}
			blank(out[i:min(lineEnd, len(out))])
		}
		i = lineEnd + 1
	}
	if out == nil {
		return b
	}
	return out
}

// tableEntries reads the elements of a table initialiser: brace groups and
// bare macro names (which carry their own trailing comma).
func tableEntries(b []byte, order []string, condAt func(int) bool) []entry {
	var out []entry
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '{':
			close := matchClose(b, i)
			if close < 0 {
				return out
			}
			out = append(out, entry{Fields: structFields(b[i+1:close], order), Cond: condAt(i)})
			i = close + 1
		case isIdentStart(c):
			name, j := identAt(b, i)
			if name == "NULL" || name == "struct" || name == "const" || isDeclKeyword(name) {
				i = j // a sentinel, or the type of a compound literal
				continue
			}
			e := entry{Macro: name, Cond: condAt(i)}
			if args, end, ok := callArgs(b, j); ok {
				e.Args, j = args, end
			}
			out = append(out, e)
			i = j
		case c == '"' || c == '\'':
			i = skipLiteral(b, i)
		default:
			i++
		}
	}
	return out
}

// structFields maps the values of a struct initialiser to field names,
// positional or designated (".tp_name = ..."), the C way: a positional
// value after a designated one goes to the next field.
func structFields(b []byte, order []string) map[string]string {
	fields := map[string]string{}
	pos := 0
	for k, elem := range splitTop(b) {
		if k == 0 {
			// PyVarObject_HEAD_INIT(...) fills ob_base and has no comma
			// after it, so the first real field may be glued to it, also
			// in the designated form ".ob_base = PyVarObject_HEAD_INIT(...)".
			head := elem
			if strings.HasPrefix(head, ".") {
				if name, rest, ok := strings.Cut(head[1:], "="); ok && strings.TrimSpace(name) == "ob_base" {
					head = strings.TrimSpace(rest)
				}
			}
			if rest, had := stripHeadInit(head); had {
				pos = 1
				if rest == "" {
					continue
				}
				elem = rest
			}
		}
		if strings.HasPrefix(elem, ".") {
			name, rest, ok := strings.Cut(elem[1:], "=")
			name = strings.TrimSpace(name)
			if !ok || !isIdent(name) {
				continue
			}
			fields[name] = strings.TrimSpace(rest)
			pos = indexOf(order, name) + 1
			continue
		}
		if f := fieldAt(order, pos); f != "" {
			fields[f] = elem
		}
		pos++
	}
	return fields
}

// stripHeadInit removes a leading PyVarObject_HEAD_INIT(...) or
// PyObject_HEAD_INIT(...) call and returns what follows it.
func stripHeadInit(elem string) (rest string, had bool) {
	for _, m := range []string{"PyVarObject_HEAD_INIT", "PyObject_HEAD_INIT", "_PyVarObject_HEAD_INIT"} {
		if strings.HasPrefix(elem, m) {
			_, end, ok := callArgs([]byte(elem), len(m))
			if !ok {
				return elem, false
			}
			return strings.TrimSpace(elem[end:]), true
		}
	}
	return elem, false
}

func fieldAt(order []string, i int) string {
	if i >= 0 && i < len(order) {
		return order[i]
	}
	return ""
}

func indexOf(order []string, name string) int {
	for i, f := range order {
		if f == name {
			return i
		}
	}
	return len(order)
}
