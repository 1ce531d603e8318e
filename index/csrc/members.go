package csrc

import (
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Table entries and signatures: XXX_METHODDEF macros resolved to their
// entries, and each C function's parameters from Argument Clinic, a kwlist
// checked against its format string, or METH_NOARGS.

// resolvedEntry is a table entry after macro expansion.
type resolvedEntry struct {
	fields map[string]string
	cond   bool
}

// entries resolves a table's entries, expanding XXX_METHODDEF-style macros
// through their definitions in scope. open reports entries that could not
// be read.
func (l *linker) entries(fi *fileInfo, t *table) (out []resolvedEntry, open bool) {
	order := fieldsOfTable(t.Kind)
	for _, e := range t.Entries {
		if e.Fields != nil {
			out = append(out, resolvedEntry{e.Fields, e.Cond})
			continue
		}
		defs := l.lookupMacro(fi, e.Macro)
		if len(defs) == 0 {
			l.logf("%s:%d: table %s: entry macro %s not found", fi.Path, t.Line, t.Var, e.Macro)
			open = true
			continue
		}
		cond := e.Cond
		var got []map[string]string
		for _, m := range defs {
			body := m.Body
			if m.FuncLike {
				body = expand(m, e.Args)
			}
			body = strings.TrimSpace(body)
			if body == "" {
				cond = true // "#define X_METHODDEF" when the function is compiled out
				continue
			}
			if m.Cond {
				cond = true
			}
			b := []byte(body)
			if b[0] != '{' {
				continue
			}
			close := matchClose(b, 0)
			if close < 0 {
				continue
			}
			got = append(got, structFields(b[1:close], order))
		}
		if len(got) == 0 && !cond {
			l.logf("%s:%d: table %s: cannot read entry macro %s", fi.Path, t.Line, t.Var, e.Macro)
			open = true
		}
		for _, f := range got {
			out = append(out, resolvedEntry{f, cond})
		}
	}
	return out, open
}

// methodEntries records a PyMethodDef table's entries under parent.
func (l *linker) methodEntries(fi *fileInfo, t *table, parent string, kind snapshot.Kind) (open bool) {
	es, open := l.entries(fi, t)
	for _, e := range es {
		names := l.strs(fi, e.fields["ml_name"])
		if len(names) != 1 || !isIdent(names[0]) {
			continue
		}
		f := snapshot.Fact{Kind: kind, File: fi.Path, Line: t.Line}
		if e.cond {
			f.Flags |= snapshot.FlagPlatformSpecific
		}
		cfunc := lastName(e.fields["ml_meth"])
		f.Params, f.ParamsKnown = l.signature(fi, cfunc, e.fields["ml_flags"])
		l.locate(fi, cfunc, &f)
		l.add(parent+"."+names[0], f)
	}
	return open
}

// locate points a fact at the clinic input of the C function behind it,
// else at the function's definition; the table's line stays otherwise.
func (l *linker) locate(fi *fileInfo, cfunc string, f *snapshot.Fact) {
	if ref, cf := l.lookupClinic(fi, cfunc); cf != nil {
		l.consumed[ref] = true
		f.File, f.Line = ref.fi.Path, cf.Line
		return
	}
	for _, s := range l.scope(fi) {
		if line, ok := s.funcLines()[cfunc]; ok {
			f.File, f.Line = s.Path, line
			return
		}
	}
}

// signature finds the parameters of the C function behind a method:
// clinic first, then a kwlist checked against its format string, then
// METH_NOARGS. Anything else stays unknown.
func (l *linker) signature(fi *fileInfo, cfunc, flags string) ([]snapshot.Param, bool) {
	if cfunc == "" {
		return nil, false
	}
	if _, cf := l.lookupClinic(fi, cfunc); cf != nil {
		return cf.Params, !cf.Ambiguous
	}
	hasFlag := func(f string) bool { return containsStr(identifiers(flags), f) }
	if hasFlag("METH_KEYWORDS") || flags == "" {
		if kw, ok := l.lookupKw(fi, cfunc); ok && kw.OK {
			return kwParams(kw), true
		}
	}
	if hasFlag("METH_NOARGS") {
		return []snapshot.Param{}, true
	}
	return nil, false
}

func kwParams(kw kwSig) []snapshot.Param {
	params := make([]snapshot.Param, 0, len(kw.Names))
	for i, n := range kw.Names {
		p := snapshot.Param{Name: n, Kind: snapshot.ParamNormal}
		if i >= kw.KwOnly {
			p.Kind = snapshot.ParamKeywordOnly
		}
		if i >= kw.Optional {
			p.Default = optionalDefault
		}
		params = append(params, p)
	}
	return params
}

// clinicFallback records clinic functions that no table led to, where the
// clinic name itself is known to be right: a function of a module this
// file defines, or a method of a class already recorded at that path
// (clinic "class str" means builtins.str).
func (l *linker) clinicFallback() {
	for _, fi := range l.files {
		if fi.Clinic == nil {
			continue
		}
		mods := map[string]bool{}
		for _, mn := range l.fileModules[fi] {
			mods[mn.Name] = true
		}
		classes := map[string]bool{}
		for _, c := range fi.Clinic.Classes {
			classes[c] = true
		}
		for i, cf := range fi.Clinic.Funcs {
			if l.consumed[clinicRef{fi, i}] {
				continue
			}
			dot := strings.LastIndexByte(cf.FullName, '.')
			if dot < 0 {
				continue
			}
			parent, name := cf.FullName[:dot], cf.FullName[dot+1:]
			f := snapshot.Fact{File: fi.Path, Line: cf.Line, Params: cf.Params, ParamsKnown: !cf.Ambiguous}
			switch {
			case classes[parent]:
				target := parent
				if n := l.t.Lookup(target); n == nil || n.Kind != snapshot.KindClass || !l.added[target] {
					target = "builtins." + parent
					if n := l.t.Lookup(target); n == nil || n.Kind != snapshot.KindClass || !l.added[target] {
						continue
					}
				}
				f.Kind = snapshot.KindMethod
				if cf.Kind == clinicGetter || cf.Kind == clinicSetter {
					f.Kind, f.Params, f.ParamsKnown = snapshot.KindProperty, nil, false
				}
				l.add(target+"."+name, f)
			case mods[parent]:
				f.Kind = snapshot.KindFunction
				l.add(parent+"."+name, f)
			}
		}
	}
}
