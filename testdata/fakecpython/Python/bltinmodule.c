/* The builtins module, reduced to one function and one type. */

#include "Python.h"

/*[clinic input]
module builtins
[clinic start generated code]*/

/*[clinic input]
builtins.shout

    text: object
    /
    *
    loud: bool = False

Print text, loudly.
[clinic start generated code]*/

static PyObject *
builtin_shout_impl(PyObject *module, PyObject *text, int loud)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}

#define BUILTIN_SHOUT_METHODDEF    \
    {"shout", _PyCFunction_CAST(builtin_shout), METH_FASTCALL|METH_KEYWORDS, NULL},

static PyMethodDef builtin_methods[] = {
    BUILTIN_SHOUT_METHODDEF
    {NULL, NULL},
};

static struct PyModuleDef builtinsmodule = {
    PyModuleDef_HEAD_INIT,
    "builtins",
    NULL,
    -1,
    builtin_methods,
};

PyObject *
_PyBuiltin_Init(PyInterpreterState *interp)
{
    PyObject *mod = PyModule_Create(&builtinsmodule);
    PyObject *dict = PyModule_GetDict(mod);

#define SETBUILTIN(NAME, OBJECT) \
    if (PyDict_SetItemString(dict, NAME, (PyObject *)OBJECT) < 0)       \
        return NULL;

    SETBUILTIN("None", Py_None);
    SETBUILTIN("fakeobj", &PyFake_Type);
    return mod;
#undef SETBUILTIN
}
