package extract

import (
	"regexp"
	"strings"

	"github.com/pyrefcheck/pyrefcheck/verify/mdoc"
	"github.com/pyrefcheck/pyrefcheck/verify/report"
)

// Report extracts every reference of a report except version claims:
// code blocks first (they bind the names that inline code and prose use),
// then inline code, then prose.
func (e *Extractor) Report(r *report.Report, doc *mdoc.Document) []report.Reference {
	scope := NewScope()
	scope.oracle = e.oracle
	var refs []report.Reference
	switch r.Kind {
	case report.Python:
		return e.Python(r.Text, Pos{1, 1}, report.OriginCode, scope)
	case report.Diff:
		return e.diff(r.Text, func(i int) (int, int) { return doc.Pos(i) }, scope)
	}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		switch {
		case b.Diff:
			refs = append(refs, e.diff(b.Content, b.Pos, scope)...)
		case b.IsPython() || (b.Lang == "" && !b.HasSession && looksLikePython(b.Content)):
			line, col := b.Pos(0)
			refs = append(refs, e.Python(b.Content, Pos{line, col}, report.OriginCode, scope)...)
		case b.Lang == "c" || b.Lang == "h" || b.Lang == "cpp":
			refs = append(refs, cSymbolsIn(b.Content, b.Pos, report.OriginCode)...)
		}
	}
	scope.implicit = true
	for i := range doc.Inline {
		refs = append(refs, e.inline(&doc.Inline[i], doc, scope)...)
	}
	for i := range doc.Prose {
		refs = append(refs, e.prose(&doc.Prose[i], scope)...)
	}
	return refs
}

var pythonish = regexp.MustCompile(`(?m)^\s*(import \w|from [\w.]+ import |def \w+\(|class \w+[:(]|with .* as \w+:|print\()`)

func looksLikePython(code string) bool { return pythonish.MatchString(code) }

var (
	// repoPath matches a CPython repository path. The top folder is
	// matched case-insensitively: advisories write lib/http/server.py.
	repoPath = regexp.MustCompile(`(?i)\b(Lib|Modules|Objects|Python|Include|PC|PCbuild|Parser|Programs|Tools|Misc)/[\w.+/-]*\w\.(py|c|h|pyi|txt|rst|asdl|in)\b`)
	// cAPIName matches C API style names: PyUnicode_AsUTF8AndSize, _Py_normpath, Py_DECREF.
	cAPIName = regexp.MustCompile(`\b_{0,2}Py[A-Z]?[A-Za-z0-9]*_[A-Za-z0-9_]+\b|\b_?Py[A-Z][a-z]+[A-Z][A-Za-z0-9]*\b`)
	fileName = regexp.MustCompile(`^[\w./-]+\.(py|pyi|c|h|txt|md|json|toml|cfg|ini|pth|so|dll|zip|tar|gz)$`)
	// cContext says a sentence is about C code.
	cContext = regexp.MustCompile(`\.[ch]\b|\bC (function|helper|code|implementation|level|accelerator|routine|API)\b|\bin C\b|\bC-level\b`)
)

// fileSuffixes are endings that make a dotted word a file name, not an attribute.
var fileSuffixes = map[string]bool{"py": true, "c": true, "h": true, "txt": true, "md": true, "json": true, "zip": true,
	"tar": true, "gz": true, "xz": true, "bz2": true, "pyc": true, "pth": true, "so": true, "dll": true, "exe": true,
	"html": true, "xml": true, "cfg": true, "toml": true, "ini": true, "toml_": true, "rst": true, "org": true, "com": true,
	"net": true, "io": true, "example": true, "pem": true, "crt": true, "key": true, "csv": true, "log": true, "sh": true, "whl": true}

// inline handles one inline code span.
func (e *Extractor) inline(s *mdoc.Span, doc *mdoc.Document, scope *Scope) []report.Reference {
	text := strings.TrimSpace(s.Text)
	if text == "" {
		return nil
	}
	// Cheap byte tests decide which of the costlier regexps can apply.
	hasSlash, hasDot := strings.Contains(text, "/"), strings.Contains(text, ".")
	if hasSlash && repoPath.MatchString(text) {
		return pathRefs(text, s.Pos, report.OriginInline)
	}
	if hasDot && fileName.MatchString(text) {
		return nil // json.py, _json.c: a file named without its folder
	}
	line, col := s.Pos(0)
	bare := strings.TrimSuffix(text, "()")
	if isIdent(bare) {
		switch {
		case strings.Contains(bare, "Py") && cAPIName.FindString(bare) == bare:
			return []report.Reference{{Symbol: bare, Kind: report.RefCSymbol, Text: text, Origin: report.OriginInline, Line: line, Column: col}}
		case strings.Contains(bare, "_") && strings.ToLower(bare) == bare && cContext.MatchString(doc.LineText(line)) && !e.oracle.IsModule(bare):
			// A snake_case name in a sentence about C code: a C function.
			return []report.Reference{{Symbol: bare, Kind: report.RefCSymbol, Text: text, Origin: report.OriginInline, Line: line, Column: col}}
		case bare == text && calledModule(doc.LineText(line), bare):
			ref := report.Reference{Symbol: bare, Kind: report.RefModule, Text: text, Origin: report.OriginInline, Line: line, Column: col,
				ClaimedStdlib: claimsStdlib(doc.LineText(line), bare)}
			if !e.oracle.IsModule(bare) && !ref.ClaimedStdlib {
				return nil
			}
			scope.noteModule(bare)
			return []report.Reference{ref}
		}
		return nil
	}
	if isDotted(bare) {
		// The common case, `tarfile.TarFile.extractall()`, needs no parser.
		return e.dottedRef(strings.TrimSuffix(text, "()"), text, line, col, report.OriginInline, scope)
	}
	if !strings.Contains(text, ".") && !strings.Contains(text, "import") {
		return nil // no attribute and no import: nothing to reference
	}
	return e.Python(text, Pos{line, col}, report.OriginInline, scope)
}

func isIdentStart(c byte) bool { return c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' }
func isIdentByte(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// identEnd returns the end of the identifier starting at i, or i.
func identEnd(s string, i int) int {
	if i >= len(s) || !isIdentStart(s[i]) {
		return i
	}
	j := i + 1
	for j < len(s) && isIdentByte(s[j]) {
		j++
	}
	return j
}

// isIdent reports whether s is one ASCII identifier.
func isIdent(s string) bool { return s != "" && identEnd(s, 0) == len(s) }

// isDotted reports whether s is two or more identifiers joined by dots.
func isDotted(s string) bool {
	spans := dottedSpans(s)
	return len(spans) == 1 && spans[0][0] == 0 && spans[0][1] == len(s)
}

// dottedSpans finds dotted names (a.b, a.b.c) in text, as the regexp
// \b[A-Za-z_]\w*(\.[A-Za-z_]\w*)+ would, without its cost.
func dottedSpans(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		if !isIdentStart(text[i]) || i > 0 && isIdentByte(text[i-1]) {
			i++
			continue
		}
		end := identEnd(text, i)
		dots := 0
		for end+1 < len(text) && text[end] == '.' && isIdentStart(text[end+1]) {
			end = identEnd(text, end+1)
			dots++
		}
		if dots > 0 {
			out = append(out, [2]int{i, end})
		}
		i = end
	}
	return out
}

// dottedRef resolves a written dotted name through the scope: its root
// may be a module, an alias or an instance.
func (e *Extractor) dottedRef(word, text string, line, col int, origin report.Origin, scope *Scope) []report.Reference {
	root, rest, _ := strings.Cut(word, ".")
	symbol := scope.lookup(root)
	if symbol == "" {
		symbol = scope.instances[root]
	}
	if symbol == "" {
		return nil
	}
	symbol += "." + rest
	kind := report.RefAttribute
	if e.oracle.IsModule(symbol) {
		kind = report.RefModule
	}
	return []report.Reference{{Symbol: symbol, Kind: kind, Text: text, Origin: origin, Line: line, Column: col}}
}

// calledModule reports whether a line calls name a module ("the X
// module", "module X", "stdlib X").
func calledModule(line, name string) bool {
	l := strings.ToLower(line)
	n := strings.ToLower(name)
	for _, pat := range []string{n + "` module", n + " module", "module `" + n, "stdlib `" + n, "standard library `" + n, n + "` wrapper", n + "` package"} {
		if strings.Contains(l, pat) {
			return true
		}
	}
	return false
}

// claimsStdlib reports whether a line presents name as part of the
// standard library: "stdlib `x`", "the standard library's x module",
// "`x` (stdlib)", and not when the sentence calls it third-party.
func claimsStdlib(line, name string) bool {
	l := strings.ToLower(line)
	n := strings.ToLower(name)
	if strings.Contains(l, "third-party") || strings.Contains(l, "third party") || strings.Contains(l, "pypi") {
		return false
	}
	i := strings.Index(l, n)
	if i < 0 {
		return false
	}
	before := l[max(0, i-30):i]
	after := l[i+len(n) : min(len(l), i+len(n)+40)]
	for _, w := range []string{"stdlib", "standard library", "standard-library", "built-in", "builtin"} {
		if strings.Contains(before, w) || strings.Contains(after, "module of the "+w) || strings.Contains(after, "("+w) ||
			strings.Contains(after, w+" module") || strings.Contains(after, "in the "+w) {
			return true
		}
	}
	return strings.Contains(l, "lib/"+n+".py") || strings.Contains(l, "lib/"+n+"/")
}

// prose scans a prose span for paths, C API names and dotted names rooted
// in a stdlib module.
func (e *Extractor) prose(s *mdoc.Span, scope *Scope) []report.Reference {
	refs := pathRefs(s.Text, s.Pos, report.OriginProse)
	refs = append(refs, cSymbolsIn(s.Text, s.Pos, report.OriginProse)...)
	if !strings.Contains(s.Text, ".") {
		return refs
	}
	for _, m := range dottedSpans(s.Text) {
		word := s.Text[m[0]:m[1]]
		if m[0] > 0 && strings.ContainsRune("/\\-@", rune(s.Text[m[0]-1])) {
			continue
		}
		if m[1] < len(s.Text) && strings.ContainsRune("/\\@", rune(s.Text[m[1]])) {
			continue
		}
		parts := strings.Split(word, ".")
		if fileSuffixes[strings.ToLower(parts[len(parts)-1])] {
			continue
		}
		line, col := s.Pos(m[0])
		refs = append(refs, e.dottedRef(word, word, line, col, report.OriginProse, scope)...)
	}
	return refs
}

func pathRefs(text string, pos func(int) (int, int), origin report.Origin) []report.Reference {
	if !strings.Contains(text, "/") {
		return nil // the regexp is costly and a path has a slash
	}
	var refs []report.Reference
	for _, m := range repoPath.FindAllStringIndex(text, -1) {
		if m[0] > 0 && (text[m[0]-1] == '/' || text[m[0]-1] == '.') {
			continue // part of a longer path: /usr/lib/python3.12/...
		}
		written := text[m[0]:m[1]]
		line, col := pos(m[0])
		refs = append(refs, report.Reference{Symbol: NormalizePath(written), Kind: report.RefPath, Text: written, Origin: origin, Line: line, Column: col})
	}
	return refs
}

// NormalizePath spells a repository path's top folder as CPython does.
func NormalizePath(p string) string {
	top, rest, _ := strings.Cut(p, "/")
	for _, t := range []string{"Lib", "Modules", "Objects", "Python", "Include", "PC", "PCbuild", "Parser", "Programs", "Tools", "Misc"} {
		if strings.EqualFold(top, t) {
			return t + "/" + rest
		}
	}
	return p
}

func cSymbolsIn(text string, pos func(int) (int, int), origin report.Origin) []report.Reference {
	if !strings.Contains(text, "Py") {
		return nil
	}
	var refs []report.Reference
	for _, m := range cAPIName.FindAllStringIndex(text, -1) {
		name := text[m[0]:m[1]]
		if m[0] > 0 && (text[m[0]-1] == '.' || text[m[0]-1] == '/') {
			continue
		}
		line, col := pos(m[0])
		refs = append(refs, report.Reference{Symbol: name, Kind: report.RefCSymbol, Text: name, Origin: origin, Line: line, Column: col})
	}
	return refs
}

var (
	diffFile = regexp.MustCompile(`^(?:---|\+\+\+) (?:[ab]/)?(\S+)`)
	hunk     = regexp.MustCompile(`^@@ [^@]* @@ ?(.*)$`)
	pyDef    = regexp.MustCompile(`\b(?:def|class)\s+([A-Za-z_]\w*)`)
	cFunc    = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)
)

// diff checks a unified diff's file paths and the functions its hunk
// headers name.
func (e *Extractor) diff(text string, pos func(int) (int, int), scope *Scope) []report.Reference {
	var refs []report.Reference
	file := ""
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		start := off
		off += len(line)
		line = strings.TrimRight(line, "\r\n")
		if m := diffFile.FindStringSubmatchIndex(line); m != nil {
			p := line[m[2]:m[3]]
			if p == "/dev/null" {
				continue
			}
			if repoPath.MatchString(p) && repoPath.FindString(p) == p {
				file = NormalizePath(p)
				if strings.HasPrefix(line, "+++") {
					continue // the same path as the --- line
				}
				l, c := pos(start + m[2])
				refs = append(refs, report.Reference{Symbol: file, Kind: report.RefPath, Text: p, Origin: report.OriginDiff, Line: l, Column: c})
			}
			continue
		}
		m := hunk.FindStringSubmatchIndex(line)
		if m == nil || file == "" || m[2] == m[3] {
			continue
		}
		ctx := line[m[2]:m[3]]
		l, c := pos(start + m[2])
		switch {
		case strings.HasSuffix(file, ".py"):
			if d := pyDef.FindStringSubmatch(ctx); d != nil {
				if mod := ModuleOfPath(file); mod != "" {
					refs = append(refs, report.Reference{Symbol: mod + "." + d[1], Kind: report.RefAttribute, Text: d[1], Origin: report.OriginDiff,
						Line: l, Column: c, DefinedIn: file})
				}
			}
		case strings.HasSuffix(file, ".c") || strings.HasSuffix(file, ".h"):
			if d := cFunc.FindStringSubmatch(ctx); d != nil && !cKeywords[d[1]] {
				refs = append(refs, report.Reference{Symbol: d[1], Kind: report.RefCSymbol, Text: d[1], Origin: report.OriginDiff, Line: l, Column: c})
			}
		}
	}
	_ = scope
	return refs
}

var cKeywords = map[string]bool{"if": true, "for": true, "while": true, "switch": true, "return": true, "sizeof": true}

// ModuleOfPath turns Lib/zipfile/_path/__init__.py into zipfile._path.
func ModuleOfPath(p string) string {
	rest, ok := strings.CutPrefix(p, "Lib/")
	if !ok || !strings.HasSuffix(rest, ".py") {
		return ""
	}
	rest = strings.TrimSuffix(rest, ".py")
	rest = strings.TrimSuffix(rest, "/__init__")
	return strings.ReplaceAll(rest, "/", ".")
}
