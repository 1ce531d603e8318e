package csrc

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// Argument Clinic input blocks are comments, so they are read from the raw
// text with a line-oriented parser that follows the DSL's rules
// (Tools/clinic: directives, decorators, "name as c_basename", cloning
// with "=", parameter lines at one indent with deeper docstrings).

type clinicKind uint8

const (
	clinicCallable clinicKind = iota
	clinicClassMethod
	clinicStaticMethod
	clinicGetter
	clinicSetter
)

// clinicFunc is one function declared in a clinic input block.
type clinicFunc struct {
	FullName string // os.stat, _io.FileIO.read, str.encode
	CBase    string // the C base name: os_stat, unicode_encode
	Kind     clinicKind
	Params   []snapshot.Param
	Line     int
	// Ambiguous: another function of the file has the same C base name
	// and other parameters (two #ifdef variants): the signature is unknown.
	Ambiguous bool
}

// clinicInput is everything the clinic blocks of one file declare.
type clinicInput struct {
	Modules []string
	Classes []string
	Funcs   []clinicFunc
}

var (
	clinicStart = []byte("/*[clinic input]")
	clinicEnd   = []byte("[clinic start generated code]*/")
)

// optionalDefault stands for the default of an optional parameter whose
// default has no source text (a clinic optional group, a "|" in a
// PyArg_ParseTupleAndKeywords format).
const optionalDefault = "..."

var (
	pythonStart = []byte("/*[python input]")
	pythonEnd   = []byte("[python start generated code]*/")
	// class dequeobject_converter(self_converter): a custom converter for
	// the bound argument, declared in a [python input] block.
	selfConverterClass = regexp.MustCompile(`class\s+(\w+)_converter\s*\(\s*self_converter\s*\)`)
)

func parseClinic(src []byte, starts []int) *clinicInput {
	if !bytes.Contains(src, clinicStart) {
		return nil
	}
	ci := &clinicInput{}
	selfConverters := map[string]bool{"self": true, "defining_class": true}
	for off := 0; ; {
		i := bytes.Index(src[off:], pythonStart)
		if i < 0 {
			break
		}
		j := bytes.Index(src[off+i:], pythonEnd)
		if j < 0 {
			break
		}
		for _, m := range selfConverterClass.FindAllSubmatch(src[off+i:off+i+j], -1) {
			selfConverters[string(m[1])] = true
		}
		off += i + j
	}
	byName := map[string][]snapshot.Param{}
	for off := 0; ; {
		i := bytes.Index(src[off:], clinicStart)
		if i < 0 {
			break
		}
		begin := off + i + len(clinicStart)
		j := bytes.Index(src[begin:], clinicEnd)
		if j < 0 {
			break
		}
		end := begin + j
		off = end + len(clinicEnd)
		// The block starts on the line after the marker.
		nl := bytes.IndexByte(src[begin:end], '\n')
		if nl < 0 {
			continue
		}
		firstLine := lineOf(starts, begin+nl+1)
		ci.parseBlock(string(src[begin+nl+1:end]), firstLine, byName, selfConverters)
	}
	ci.markAmbiguous()
	return ci
}

// markAmbiguous flags functions that share a C base name with a function
// of other parameters (getter/setter pairs share one and are fine).
func (ci *clinicInput) markAmbiguous() {
	sigs := map[string]string{}
	for _, f := range ci.Funcs {
		if f.Kind == clinicSetter {
			continue
		}
		sig := snapshot.FormatParams(f.Params)
		if old, ok := sigs[f.CBase]; ok && old != sig {
			sigs[f.CBase] = "\x00ambiguous"
		} else if !ok {
			sigs[f.CBase] = sig
		}
	}
	for i := range ci.Funcs {
		if sigs[ci.Funcs[i].CBase] == "\x00ambiguous" {
			ci.Funcs[i].Ambiguous = true
		}
	}
}

func (ci *clinicInput) parseBlock(block string, firstLine int, byName map[string][]snapshot.Param, selfConverters map[string]bool) {
	lines := strings.Split(block, "\n")
	kind := clinicCallable
	for k := 0; k < len(lines); k++ {
		line := strings.TrimRight(lines[k], " \t\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		word, rest, _ := strings.Cut(trimmed, " ")
		switch word {
		case "module":
			if name := strings.TrimSpace(rest); isDottedIdent(name) {
				ci.Modules = append(ci.Modules, name)
			}
			continue
		case "class":
			if name, _, _ := strings.Cut(strings.TrimSpace(rest), " "); isDottedIdent(name) {
				ci.Classes = append(ci.Classes, name)
			}
			continue
		case "set", "destination", "output", "dump", "printout", "preserve":
			continue
		}
		if strings.HasPrefix(word, "@") {
			switch word {
			case "@classmethod":
				kind = clinicClassMethod
			case "@staticmethod":
				kind = clinicStaticMethod
			case "@getter":
				kind = clinicGetter
			case "@setter":
				kind = clinicSetter
			}
			continue
		}
		// A function header: everything after it belongs to this function.
		f, cloneOf := parseClinicHeader(trimmed)
		if f == nil {
			return
		}
		f.Kind = kind
		f.Line = firstLine + k
		if cloneOf != "" {
			orig, ok := byName[cloneOf]
			if !ok {
				return // cloning something we could not read: no signature
			}
			f.Params = orig
		} else {
			f.Params = parseClinicParams(lines[k+1:], indentOf(line), selfConverters)
		}
		ci.Funcs = append(ci.Funcs, *f)
		byName[f.FullName] = f.Params
		return
	}
}

// parseClinicHeader reads "full.name [as c_basename] [-> conv]" or
// "full.name [as c_basename] = existing.name".
func parseClinicHeader(line string) (f *clinicFunc, cloneOf string) {
	if before, existing, ok := cutLast(line, "="); ok {
		existing = strings.TrimSpace(existing)
		if isDottedIdent(existing) {
			line, cloneOf = before, existing
		}
	}
	line, _, _ = strings.Cut(line, "->")
	full, cbase, _ := strings.Cut(line, " as ")
	full, cbase = strings.TrimSpace(full), strings.TrimSpace(cbase)
	if !isDottedIdent(full) || cbase != "" && !isIdent(cbase) {
		return nil, ""
	}
	if cbase == "" {
		fields := strings.Split(full, ".")
		if fields[len(fields)-1] == "__new__" {
			fields = fields[:len(fields)-1]
		}
		cbase = strings.Join(fields, "_")
	}
	return &clinicFunc{FullName: full, CBase: cbase}, cloneOf
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func indentOf(line string) int {
	n := 0
	for _, c := range line {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 8 - n%8
		default:
			return n
		}
	}
	return n
}

// parseClinicParams reads the parameter section that follows a function
// header indented by fnIndent. It stops at the function docstring (the
// first line back at the header's indent).
func parseClinicParams(lines []string, fnIndent int, selfConverters map[string]bool) []snapshot.Param {
	params := []snapshot.Param{}
	paramIndent := -1
	keywordOnly, inGroup := false, false
	for _, raw := range lines {
		line := strings.TrimRight(raw, " \t\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		ind := indentOf(line)
		if ind <= fnIndent {
			break
		}
		if paramIndent < 0 {
			paramIndent = ind
		}
		if ind > paramIndent {
			continue // a parameter's docstring
		}
		text := strings.TrimSpace(line)
		switch {
		case text == "/":
			for i := range params {
				if params[i].Kind == snapshot.ParamNormal {
					params[i].Kind = snapshot.ParamPositionalOnly
				}
			}
			continue
		case text == "*":
			keywordOnly = true
			continue
		case strings.HasPrefix(text, "/ [from") || strings.HasPrefix(text, "* [from"):
			// Deprecation markers: the parameters keep their current kind.
			continue
		case text == "[":
			inGroup = true
			continue
		case text == "]":
			inGroup = false
			continue
		}
		p, ok := parseClinicParam(text, selfConverters)
		if !ok {
			continue
		}
		switch {
		case p.Kind == snapshot.ParamVarArgs:
			keywordOnly = true
		case p.Kind == snapshot.ParamVarKeywords:
		case inGroup:
			p.Kind = snapshot.ParamPositionalOnly
			if p.Default == "" {
				p.Default = optionalDefault
			}
		case keywordOnly:
			p.Kind = snapshot.ParamKeywordOnly
		}
		params = append(params, p)
	}
	return params
}

// parseClinicParam reads "name [as c_name]: converter [= default]". The
// self and defining_class converters (and custom self converters) are the
// bound argument, not a parameter: ok is false for them.
func parseClinicParam(text string, selfConverters map[string]bool) (snapshot.Param, bool) {
	name, conv, found := strings.Cut(text, ":")
	if !found {
		return snapshot.Param{}, false
	}
	name, _, _ = strings.Cut(strings.TrimSpace(name), " as ")
	name = strings.TrimSpace(name)
	p := snapshot.Param{Kind: snapshot.ParamNormal}
	switch {
	case strings.HasPrefix(name, "**"):
		p.Kind, name = snapshot.ParamVarKeywords, name[2:]
	case strings.HasPrefix(name, "*"):
		p.Kind, name = snapshot.ParamVarArgs, name[1:]
	}
	if !isIdent(name) {
		return snapshot.Param{}, false
	}
	p.Name = name
	conv = strings.TrimSpace(conv)
	if convName, _ := identAt([]byte(conv), 0); selfConverters[convName] {
		return snapshot.Param{}, false
	}
	if eq := topLevelEquals(conv); eq >= 0 {
		p.Default = strings.TrimSpace(conv[eq+1:])
	}
	return p, true
}

// topLevelEquals finds the '=' that starts a default, outside the
// converter's brackets and quotes.
func topLevelEquals(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = skipLiteral([]byte(s), i) - 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '=':
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
