package csrc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pyrefcheck/pyrefcheck/index/snapshot"
)

// indexFiles indexes a small source tree given as path -> C text.
func indexFiles(t *testing.T, files map[string]string) *snapshot.Tree {
	t.Helper()
	root := t.TempDir()
	for p, text := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(strings.TrimPrefix(text, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tree := snapshot.NewTree("3.99", "3.99.0")
	if _, err := Index(tree, root, Options{Workers: 2, Logf: t.Logf}); err != nil {
		t.Fatal(err)
	}
	return tree
}

// A builtins module in a few lines, adding names through SETBUILTIN.
func builtinsModule(adds string) string {
	return `
#include "Python.h"
static PyMethodDef builtin_methods[] = {
    {NULL, NULL},
};
static struct PyModuleDef builtinsmodule = {
    PyModuleDef_HEAD_INIT, "builtins", NULL, -1, builtin_methods,
};
PyObject *
_PyBuiltin_Init(PyInterpreterState *interp)
{
    PyObject *mod = PyModule_Create(&builtinsmodule);
    PyObject *dict = PyModule_GetDict(mod);
#define SETBUILTIN(NAME, OBJECT) \
    if (PyDict_SetItemString(dict, NAME, (PyObject *)OBJECT) < 0) \
        return NULL;
` + adds + `
    return mod;
}
`
}

// A module "name" whose exec function holds body.
func extModule(name, decls, body string) string {
	return `
#include "Python.h"
` + decls + `
static int
` + name + `_exec(PyObject *m)
{
` + body + `
    return 0;
}
static PyModuleDef_Slot ` + name + `_slots[] = {
    {Py_mod_exec, ` + name + `_exec},
    {0, NULL},
};
static struct PyModuleDef ` + name + `module = {
    PyModuleDef_HEAD_INIT, "` + name + `", NULL, 0, NULL, ` + name + `_slots,
};
PyMODINIT_FUNC
PyInit_` + name + `(void)
{
    return PyModuleDef_Init(&` + name + `module);
}
`
}

// wantClass is a class's expected bases and whether it must be open.
type wantClass struct {
	name  string
	bases []string
	open  bool
}

func checkClasses(t *testing.T, tree *snapshot.Tree, wants []wantClass) {
	t.Helper()
	for _, w := range wants {
		n := tree.Lookup(w.name)
		if n == nil {
			t.Errorf("%s: missing", w.name)
			continue
		}
		if n.Kind != snapshot.KindClass {
			t.Errorf("%s: kind %s, want class", w.name, n.Kind)
		}
		if diff := cmp.Diff(w.bases, n.Bases); diff != "" {
			t.Errorf("%s: bases (-want +got):\n%s", w.name, diff)
		}
		if open := n.Flags&snapshot.FlagOpen != 0; open != w.open {
			t.Errorf("%s: open = %v, want %v", w.name, open, w.open)
		}
	}
}

const fakeExceptions = `
#include "Python.h"
static PyTypeObject _PyExc_BaseException = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "BaseException",
};
PyObject *PyExc_BaseException = (PyObject *)&_PyExc_BaseException;

#define SimpleExtendsException(EXCBASE, EXCNAME, EXCDOC) \
static PyTypeObject _PyExc_ ## EXCNAME = { \
    PyVarObject_HEAD_INIT(NULL, 0) \
    # EXCNAME, \
    .tp_doc = PyDoc_STR(EXCDOC), .tp_base = &_ ## EXCBASE, \
}; \
PyObject *PyExc_ ## EXCNAME = (PyObject *)&_PyExc_ ## EXCNAME

#define MiddlingExtendsExceptionEx(EXCBASE, EXCNAME, PYEXCNAME, EXCSTORE, EXCDOC) \
PyTypeObject _PyExc_ ## EXCNAME = { \
    PyVarObject_HEAD_INIT(NULL, 0) \
    # PYEXCNAME, \
    .tp_members = EXCSTORE ## _members, .tp_base = &_ ## EXCBASE, \
};

#define MiddlingExtendsException(EXCBASE, EXCNAME, EXCSTORE, EXCDOC) \
    static MiddlingExtendsExceptionEx( \
        EXCBASE, EXCNAME, EXCNAME, EXCSTORE, EXCDOC); \
    PyObject *PyExc_ ## EXCNAME = (PyObject *)&_PyExc_ ## EXCNAME

SimpleExtendsException(PyExc_BaseException, Exception, "Common base.");
static PyMemberDef OSError_members[] = {
    {"errno", Py_T_OBJECT, 0, 0, NULL},
    {NULL}
};
SimpleExtendsException(PyExc_Exception, OSError, "I/O.");
MiddlingExtendsException(PyExc_OSError, FileExistsError, OSError, "Exists.");
MiddlingExtendsExceptionEx(PyExc_OSError, HiddenError, _HiddenError, OSError, "Hidden.");

static PyObject *
create_group_class(void)
{
    PyObject *bases = PyTuple_Pack(2, PyExc_OSError, PyExc_Exception);
    state->PyExc_GroupError = PyErr_NewException("builtins.GroupError", bases, NULL);
    return state->PyExc_GroupError;
}

struct static_exception { PyTypeObject *exc; const char *name; };
static struct static_exception static_exceptions[] = {
#define ITEM(NAME) {&_PyExc_##NAME, #NAME}
    ITEM(BaseException),
    ITEM(Exception),
    ITEM(FileExistsError),
    ITEM(OSError),
#undef ITEM
    {&_PyExc_HiddenError, "_HiddenError"},
};

int
_PyBuiltins_AddExceptions(PyObject *bltinmod)
{
    PyObject *mod_dict = PyModule_GetDict(bltinmod);
    for (size_t i = 0; i < Py_ARRAY_LENGTH(static_exceptions); i++) {
        struct static_exception item = static_exceptions[i];
        if (PyDict_SetItemString(mod_dict, item.name, (PyObject *)item.exc)) {
            return -1;
        }
    }
    PyObject *PyExc_GroupError = create_group_class();
    if (PyDict_SetItemString(mod_dict, "GroupError", PyExc_GroupError)) {
        return -1;
    }
#define INIT_ALIAS(NAME, TYPE) \
    do { \
        if (PyDict_SetItemString(mod_dict, # NAME, PyExc_ ## TYPE)) { \
            return -1; \
        } \
    } while (0)
    INIT_ALIAS(EnvironmentError, OSError);
    return 0;
}
`

func TestExceptionMacrosAndBuiltinAdds(t *testing.T) {
	tree := indexFiles(t, map[string]string{
		"Objects/exceptions.c":   fakeExceptions,
		"Python/bltinmodule.c":   builtinsModule(""),
		"Include/fakeheader.h":   "#define NOTHING 1\n",
		"Modules/selectmodule.c": extModule("select", "", `    PyModule_AddObjectRef(m, "error", PyExc_OSError);`),
	})
	checkClasses(t, tree, []wantClass{
		{"builtins.Exception", []string{"builtins.BaseException"}, false},
		{"builtins.OSError", []string{"builtins.Exception"}, false},
		// MiddlingExtendsException only invokes the macro that declares.
		{"builtins.FileExistsError", []string{"builtins.OSError"}, false},
		// A table element spelled out, under a name of its own.
		{"builtins._HiddenError", []string{"builtins.OSError"}, false},
		// PyErr_NewException with a tuple of bases made by PyTuple_Pack.
		{"builtins.GroupError", []string{"builtins.OSError", "builtins.Exception"}, false},
	})
	checkNames(t, tree, []wantName{
		{"builtins.FileExistsError.errno", snapshot.KindProperty, "", 0},
	})
	for name, target := range map[string]string{
		"builtins.EnvironmentError": "builtins.OSError",
		"select.error":              "builtins.OSError",
	} {
		if n := tree.Lookup(name); n == nil || n.Kind != snapshot.KindAlias || n.Target != target {
			t.Errorf("%s = %+v, want an alias of %s", name, n, target)
		}
	}
	if b := tree.Lookup("builtins"); b == nil || b.Flags&snapshot.FlagOpen != 0 {
		t.Errorf("builtins = %+v: the loop over the table must not open it", b)
	}
}

func TestBases(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []wantClass
	}{
		{
			name: "static tp_base in another file, recorded later",
			files: map[string]string{
				"Objects/boolobject.c": `
PyTypeObject PyBool_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    "bool",
    .tp_base = &PyLong_Type,
};
`,
				"Objects/longobject.c": `
static PyMethodDef long_methods[] = {
    {"bit_length", (PyCFunction)long_bit_length, METH_NOARGS, NULL},
    {NULL, NULL},
};
PyTypeObject PyLong_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    "int",
    .tp_methods = long_methods,
};
`,
				"Python/bltinmodule.c": builtinsModule(`    SETBUILTIN("bool", &PyBool_Type);
    SETBUILTIN("int", &PyLong_Type);`),
			},
			want: []wantClass{{"builtins.bool", []string{"builtins.int"}, false}},
		},
		{
			name: "base argument of PyType_FromModuleAndSpec, through a macro and a handle",
			files: map[string]string{
				"Objects/unicodeobject.c": `
PyTypeObject PyUnicode_Type = { PyVarObject_HEAD_INIT(&PyType_Type, 0) "str", };
`,
				"Python/bltinmodule.c": builtinsModule(`    SETBUILTIN("str", &PyUnicode_Type);`),
				"Modules/spam.c": extModule("spam", `
static PyType_Slot Base_slots[] = { {0, NULL} };
static PyType_Spec Base_spec = { "spam.Base", 0, 0, 0, Base_slots };
static PyType_Slot Derived_slots[] = { {0, NULL} };
static PyType_Spec Derived_spec = { "spam.Derived", 0, 0, 0, Derived_slots };
static PyType_Slot Str_slots[] = { {0, NULL} };
static PyType_Spec Str_spec = { "spam.Str", 0, 0, 0, Str_slots };
static PyType_Slot Plain_slots[] = { {0, NULL} };
static PyType_Spec Plain_spec = { "spam.Plain", 0, 0, 0, Plain_slots };
#define ADD_TYPE(module, type, spec, base) \
do { \
    type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, (PyObject *)base); \
    if (PyModule_AddType(module, type) < 0) { return -1; } \
} while (0)
`, `    ADD_TYPE(m, state->Base_Type, &Base_spec, NULL);
    ADD_TYPE(m, state->Derived_Type, &Derived_spec, state->Base_Type);
    ADD_TYPE(m, state->Plain_Type, &Plain_spec, NULL);
    PyObject *s = PyType_FromModuleAndSpec(m, &Str_spec, (PyObject *)&PyUnicode_Type);
    PyModule_AddType(m, (PyTypeObject *)s);`),
			},
			want: []wantClass{
				{"spam.Derived", []string{"spam.Base"}, false},
				{"spam.Str", []string{"builtins.str"}, false},
				{"spam.Plain", nil, false}, // (PyObject *)NULL is no base at all
			},
		},
		{
			name: "tp_base and slot assignments in init code",
			files: map[string]string{
				"Objects/dictobject.c": `
PyTypeObject PyDict_Type = { PyVarObject_HEAD_INIT(&PyType_Type, 0) "dict", };
`,
				"Python/bltinmodule.c": builtinsModule(`    SETBUILTIN("dict", &PyDict_Type);`),
				"Modules/eggs.c": extModule("eggs", `
static PyTypeObject eggdict_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "eggs.eggdict",
    .tp_base = 0,
};
static PyType_Slot Str_slots[] = {
    {Py_tp_base, NULL},
    {0, NULL},
};
static PyType_Spec Str_spec = { "eggs.Str", 0, 0, 0, Str_slots };
`, `    eggdict_type.tp_base = &PyDict_Type;
    PyModule_AddType(m, &eggdict_type);
    Str_slots[0].pfunc = &PyDict_Type;
    PyObject *o = PyType_FromSpec(&Str_spec);
    PyModule_AddObject(m, "Str", o);`),
			},
			want: []wantClass{
				{"eggs.eggdict", []string{"builtins.dict"}, false},
				{"eggs.Str", []string{"builtins.dict"}, false},
			},
		},
		{
			name: "exception bases: a builtin, a spec type, a tuple, and one that cannot be read",
			files: map[string]string{
				"Modules/tls.c": extModule("tls", `
static PyType_Slot err_slots[] = { {0, NULL} };
static PyType_Spec err_spec = { "tls.TLSError", 0, 0, 0, err_slots };
#define add_exception(exc, name, base) \
do { \
    (exc) = PyErr_NewExceptionWithDoc("tls." name, NULL, (base), NULL); \
    if (PyModule_AddObjectRef(m, name, exc) < 0) goto error; \
} while (0)
`, `    PyObject *bases = NULL;
    state->TLSError = PyType_FromSpecWithBases(&err_spec, PyExc_OSError);
    PyModule_AddObjectRef(m, "TLSError", state->TLSError);
    bases = PyTuple_Pack(2, state->TLSError, PyExc_ValueError);
    add_exception(state->CertError, "CertError", bases);
    add_exception(state->WantRead, "WantRead", state->TLSError);
    state->Odd = PyErr_NewException("tls.Odd", make_base(), NULL);
    PyModule_AddObjectRef(m, "Odd", state->Odd);
error:`),
			},
			want: []wantClass{
				{"tls.TLSError", []string{"builtins.OSError"}, false},
				{"tls.CertError", []string{"tls.TLSError", "builtins.ValueError"}, false},
				{"tls.WantRead", []string{"tls.TLSError"}, false},
				{"tls.Odd", nil, true}, // a base we cannot name: unknown, not missing
			},
		},
		{
			name: "a class made by calling type",
			files: map[string]string{
				"Modules/iox.c": extModule("iox", "", `    state->unsupported = PyObject_CallFunction(
        (PyObject *)&PyType_Type, "s(OO){}",
        "Unsupported", PyExc_OSError, PyExc_ValueError);
    PyModule_AddObjectRef(m, "Unsupported", state->unsupported);`),
			},
			want: []wantClass{{"iox.Unsupported", []string{"builtins.OSError", "builtins.ValueError"}, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkClasses(t, indexFiles(t, tt.files), tt.want)
		})
	}
}

func TestStructSequenceAndTypeDicts(t *testing.T) {
	tree := indexFiles(t, map[string]string{
		"Modules/clock.c": extModule("clock", `
static PyStructSequence_Field tick_fields[] = {
    {"hour", NULL},
    {"minute", NULL},
    {0}
};
static PyStructSequence_Desc tick_desc = { "clock.tick", NULL, tick_fields, 2 };

static PyTypeObject Zone_Type = { PyVarObject_HEAD_INIT(NULL, 0) "clock.Zone", };
static PyTypeObject Day_Type = { PyVarObject_HEAD_INIT(NULL, 0) "clock.Day", };
static PyTypeObject * const clock_types[] = { &Zone_Type, &Day_Type };

static PyType_Slot Parser_slots[] = { {0, NULL} };
static PyType_Spec Parser_spec = { "clock.Parser", 0, 0, 0, Parser_slots };

struct HandlerInfo { const char *name; void *handler; PyGetSetDef getset; };
static struct HandlerInfo handler_info[64];

#define ADD_VALUE(dict, c, value_expr) \
    do { \
        PyObject *value = (value_expr); \
        if (PyDict_SetItemString(dict, c, value) < 0) { goto error; } \
    } while (0)

static int
init_handlers(clock_state *state)
{
    for (int i = 0; handler_info[i].name != NULL; i++) {
        struct HandlerInfo *hi = &handler_info[i];
        PyObject *descr = PyDescr_NewGetSet(state->parser_type, &hi->getset);
        PyDict_SetDefaultRef(state->parser_type->tp_dict, PyDescr_NAME(descr), descr, NULL);
    }
    return 0;
}
`, `    clock_state *state = get_state(m);
    PyTypeObject *tick = PyStructSequence_NewType(&tick_desc);
    PyModule_AddType(m, tick);
    for (size_t i = 0; i < Py_ARRAY_LENGTH(clock_types); i++) {
        PyTypeObject *type = clock_types[i];
        const char *name = _PyType_Name(type);
        if (PyModule_AddObjectRef(m, name, (PyObject *)type) < 0) {
            goto error;
        }
    }
    PyObject *d = _PyType_GetDict(&Zone_Type);
    ADD_VALUE(d, "utc", new_zone(0));
    d = _PyType_GetDict(&Day_Type);
    ADD_VALUE(d, "first", new_day(1));
    state->parser_type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Parser_spec, NULL);
    PyModule_AddType(m, state->parser_type);
    init_handlers(state);
error:`) + `
static struct HandlerInfo handler_info[] = {
#define HANDLER_INFO(name) \
    {#name, (void *)my_##name},
    HANDLER_INFO(StartHandler)
    HANDLER_INFO(EndHandler)
#undef HANDLER_INFO
    {NULL, NULL}
};
`,
	})
	checkClasses(t, tree, []wantClass{{"clock.tick", []string{"builtins.tuple"}, false}})
	checkNames(t, tree, []wantName{
		{"clock.tick.hour", snapshot.KindProperty, "", 0},
		{"clock.tick.n_fields", snapshot.KindAttribute, "", 0},
		{"clock.tick.n_sequence_fields", snapshot.KindAttribute, "", 0},
		{"clock.tick.n_unnamed_fields", snapshot.KindAttribute, "", 0},
		{"clock.Zone", snapshot.KindClass, "", 0},
		{"clock.Day", snapshot.KindClass, "", 0},
		{"clock.Zone.utc", snapshot.KindAttribute, "", 0},
		{"clock.Day.first", snapshot.KindAttribute, "", 0},
		{"clock.Parser.StartHandler", snapshot.KindProperty, "", 0},
		{"clock.Parser.EndHandler", snapshot.KindProperty, "", 0},
	})
	checkAbsent(t, tree, []string{"clock.Zone.first", "clock.Day.utc", "clock.name"})
	if c := tree.Lookup("clock"); c == nil || c.Flags&snapshot.FlagOpen != 0 {
		t.Errorf("clock = %+v: every addition was read, it should not be open", c)
	}
}

func TestStripCasts(t *testing.T) {
	for in, want := range map[string]string{
		"(PyObject *)NULL":         "NULL",
		"((PyObject *)&T)":         "&T",
		"(PyObject *)state->Base":  "state->Base",
		"(a + b) * c":              "(a + b) * c",
		"PyTuple_Pack(2, a, b)":    "PyTuple_Pack(2, a, b)",
		" (struct _typeobject *)0": "0",
	} {
		if got := stripCasts(in); got != want {
			t.Errorf("stripCasts(%q) = %q, want %q", in, got, want)
		}
	}
}
