package csrc

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

func TestClinicBlock(t *testing.T) {
	tests := []struct {
		name, block string
		wantFull    string
		wantCBase   string
		wantKind    clinicKind
		wantSig     string
	}{
		{"keyword-only after star", `
os.stat

    path : path_t(allow_fd=True)
        Path to examine.

    *
    dir_fd : dir_fd(requires='fstatat') = None
    follow_symlinks: bool = True

Perform a stat system call.
`, "os.stat", "os_stat", clinicCallable, "(path, *, dir_fd=None, follow_symlinks=True)"},
		{"as and return converter", `
os.isatty as os_isatty_fn -> bool

    fd: int
    /

Check a descriptor.
`, "os.isatty", "os_isatty_fn", clinicCallable, "(fd, /)"},
		{"new drops the last part", `
@classmethod
_bz2.BZ2Compressor.__new__

    compresslevel: int = 9
    /

Make one.
`, "_bz2.BZ2Compressor.__new__", "_bz2_BZ2Compressor", clinicClassMethod, "(compresslevel=9, /)"},
		{"self and defining_class are not parameters", `
_io.FileIO.read

    self: self(type="fileio *")
    cls: defining_class
    size: Py_ssize_t(accept={int, NoneType}) = -1
    /

Read.
`, "_io.FileIO.read", "_io_FileIO_read", clinicCallable, "(size=-1, /)"},
		{"varargs make the rest keyword-only", `
builtins.print as builtin_print

    *args: object
    sep: object(c_default="Py_None") = ' '
    end: object(c_default="Py_None") = '\n'

Print.
`, "builtins.print", "builtin_print", clinicCallable, "(*args, sep=' ', end='\\n')"},
		{"optional groups are positional-only", `
_curses.window.addch

    [
    y: int
    x: int
    ]
    ch: object
    /

Paint.
`, "_curses.window.addch", "_curses_window_addch", clinicCallable, "(y=..., x=..., ch, /)"},
		{"deprecation markers keep kinds", `
mod.f

    a: int
    * [from 3.99]
    b: int = 0

Doc.
`, "mod.f", "mod_f", clinicCallable, "(a, b=0)"},
		{"getter", `
@getter
_io.FileIO.closed
`, "_io.FileIO.closed", "_io_FileIO_closed", clinicGetter, "()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "/*[clinic input]\n" + strings.TrimPrefix(tt.block, "\n") + "[clinic start generated code]*/\n"
			ci := parseClinic([]byte(src), lineStarts([]byte(src)))
			if ci == nil || len(ci.Funcs) != 1 {
				t.Fatalf("got %+v, want one function", ci)
			}
			f := ci.Funcs[0]
			got := []any{f.FullName, f.CBase, f.Kind, snapshot.FormatParams(f.Params)}
			want := []any{tt.wantFull, tt.wantCBase, tt.wantKind, tt.wantSig}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestClinicDirectivesAndClones(t *testing.T) {
	src := `/*[clinic input]
module _io
class _io.FileIO "fileio *" "clinic_state()->PyFileIO_Type"
[clinic start generated code]*/
/*[clinic input]
_io.open

    file: object
    mode: str = "r"

Open.
[clinic start generated code]*/
/*[clinic input]
_io.open_code = _io.open

Same parameters, other doc.
[clinic start generated code]*/
/*[clinic input]
_io.unknown = _io.nothing_like_this
[clinic start generated code]*/
`
	ci := parseClinic([]byte(src), lineStarts([]byte(src)))
	if diff := cmp.Diff([]string{"_io"}, ci.Modules); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"_io.FileIO"}, ci.Classes); diff != "" {
		t.Error(diff)
	}
	var got []string
	for _, f := range ci.Funcs {
		got = append(got, f.FullName+snapshot.FormatParams(f.Params))
	}
	want := []string{`_io.open(file, mode="r")`, `_io.open_code(file, mode="r")`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFormatUnits(t *testing.T) {
	tests := []struct {
		format                  string
		units, optional, kwOnly int
	}{
		{"O|i:send", 2, 1, -1},
		{"sO|i$i:resolve", 4, 2, 3},
		{"|$O&(ii)es#:f", 3, 0, 0},
		{"y*|w*n;error text", 3, 1, -1},
		{"O!O", 2, -1, -1},
	}
	for _, tt := range tests {
		u, o, k := formatUnits(tt.format)
		if u != tt.units || o != tt.optional || k != tt.kwOnly {
			t.Errorf("formatUnits(%q) = %d, %d, %d; want %d, %d, %d", tt.format, u, o, k, tt.units, tt.optional, tt.kwOnly)
		}
	}
}

func TestStructFields(t *testing.T) {
	tests := []struct {
		name, body string
		order      []string
		want       map[string]string
	}{
		{"positional after head init without comma", `PyVarObject_HEAD_INIT(&PyType_Type, 0)
    "str", sizeof(X), 0`, typeObjectFields,
			map[string]string{"tp_name": `"str"`, "tp_basicsize": "sizeof(X)", "tp_itemsize": "0"}},
		{"designated with ob_base glued on", `.ob_base = PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "a.B", .tp_methods = m,`, typeObjectFields,
			map[string]string{"tp_name": `"a.B"`, "tp_methods": "m"}},
		{"module def positional", `PyModuleDef_HEAD_INIT, "x", doc, -1, methods`, moduleDefFields,
			map[string]string{"m_base": "PyModuleDef_HEAD_INIT", "m_name": `"x"`, "m_doc": "doc", "m_size": "-1", "m_methods": "methods"}},
		{"positional continues after designated", `.m_name = "y", doc`, moduleDefFields,
			map[string]string{"m_name": `"y"`, "m_doc": "doc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, structFields([]byte(tt.body), tt.order)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFirstBranchOnly(t *testing.T) {
	body := []byte("a,\n#ifdef X\n b,\n#else\n c,\n#endif\n d")
	got := splitTop(withoutDirectives(body, true))
	if diff := cmp.Diff([]string{"a", "b", "d"}, got); diff != "" {
		t.Errorf("first branch (-want +got):\n%s", diff)
	}
	got = splitTop(withoutDirectives(body, false))
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, got); diff != "" {
		t.Errorf("all branches (-want +got):\n%s", diff)
	}
}

func TestEvalStringsAndExpand(t *testing.T) {
	src := []byte("#ifdef MS_WINDOWS\n#define MODNAME \"nt\"\n#else\n#define MODNAME \"posix\"\n#endif\n" +
		"#define ADD(m, NAME) PyModule_AddIntConstant(m, \"X_\" #NAME, NAME)\n#define PASTE(a) _PyExc_ ## a\n")
	d := scanDirectives(src, lineStarts(src), false)
	set := macroSet{}
	set.add(d.macros)
	lookup := func(n string) []*macro { return set[n] }
	got, ok := evalStrings(`MODNAME ".DirEntry"`, lookup)
	if !ok {
		t.Fatal("evalStrings failed")
	}
	if diff := cmp.Diff([]string{"nt.DirEntry", "posix.DirEntry"}, got); diff != "" {
		t.Error(diff)
	}
	if !set["MODNAME"][0].Cond {
		t.Error("MODNAME should be conditional")
	}
	if got := expand(set["ADD"][0], []string{"m", "AF_INET"}); got != `PyModule_AddIntConstant(m, "X_" "AF_INET", AF_INET)` {
		t.Errorf("expand ADD = %s", got)
	}
	if got := expand(set["PASTE"][0], []string{"TypeError"}); got != "_PyExc_TypeError" {
		t.Errorf("expand PASTE = %s", got)
	}
}

func TestDeclaredName(t *testing.T) {
	tests := []struct {
		decl   string
		isFunc bool
		want   string
	}{
		{" PyUnicode_FromWideChar(const wchar_t *w, Py_ssize_t size);", true, "PyUnicode_FromWideChar"},
		{" _Py_NO_RETURN Py_FatalError(const char *message);", true, "Py_FatalError"},
		{" PyUnicode_Type;", false, "PyUnicode_Type"},
		{" (*PyOS_InputHook)(void);", false, "PyOS_InputHook"},
		{" const Py_hash_t _Py_HashSecret[4];", false, "_Py_HashSecret"},
	}
	for _, tt := range tests {
		if got := declaredName([]byte(tt.decl), 0, tt.isFunc); got != tt.want {
			t.Errorf("declaredName(%q) = %q, want %q", tt.decl, got, tt.want)
		}
	}
}

func TestClinicSelfConverterAndAmbiguity(t *testing.T) {
	src := `/*[python input]
class dequeobject_converter(self_converter):
    type = "dequeobject *"
[python start generated code]*/
/*[clinic input]
_collections.deque.append as deque_append

    deque: dequeobject
    item: object
    /

Add an element.
[clinic start generated code]*/
#ifdef WIDE
/*[clinic input]
mod.refresh

    [
    row: int
    ]
    /

Redraw.
[clinic start generated code]*/
#else
/*[clinic input]
mod.refresh

Redraw.
[clinic start generated code]*/
#endif
`
	ci := parseClinic([]byte(src), lineStarts([]byte(src)))
	if len(ci.Funcs) != 3 {
		t.Fatalf("got %d functions, want 3", len(ci.Funcs))
	}
	if got := snapshot.FormatParams(ci.Funcs[0].Params); got != "(item, /)" {
		t.Errorf("deque.append = %s, want (item, /): a custom self converter is not a parameter", got)
	}
	if ci.Funcs[0].Ambiguous || !ci.Funcs[1].Ambiguous || !ci.Funcs[2].Ambiguous {
		t.Errorf("ambiguity = %v %v %v, want false true true", ci.Funcs[0].Ambiguous, ci.Funcs[1].Ambiguous, ci.Funcs[2].Ambiguous)
	}
}

func TestKwlistsAcrossBranches(t *testing.T) {
	src := []byte(`#ifdef MS_WINDOWS
static PyObject *
new_map(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *keywords[] = {"fileno", "tagname", NULL};
    PyArg_ParseTupleAndKeywords(args, kw, "i|z", keywords, &a, &b);
}
#else
static PyObject *
new_map(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *keywords[] = {"fileno", "flags", NULL};
    PyArg_ParseTupleAndKeywords(args, kw, "i|i", keywords, &a, &b);
}
#endif
static PyObject *
other(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"", "flags", NULL};
    PyArg_ParseTupleAndKeywords(args, kw, "O|i", kwlist, &a, &b);
}
`)
	clean := blankComments(src)
	funcs := textFunctions(clean, lineStarts(src), scanDirectives(clean, lineStarts(src), false), nil, nil)
	sigs := scanKwlists(clean, funcs)
	if sig, ok := sigs["new_map"]; !ok || sig.OK {
		t.Errorf("new_map = %+v, want a known but ambiguous kwlist", sig)
	}
	if sig := sigs["other"]; sig.OK {
		t.Errorf("other = %+v: an unnamed positional-only entry makes the names incomplete", sig)
	}
}
