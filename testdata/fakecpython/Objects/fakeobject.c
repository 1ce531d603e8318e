/* The fakeobj builtin type: a static type object with positional fields. */

#include "Python.h"

/*[clinic input]
class fakeobj "PyObject *" "&PyFake_Type"
[clinic start generated code]*/

/*[clinic input]
fakeobj.twist as fake_twist

    turns: int = 1
    *
    clockwise: bool = True

Twist the fake.
[clinic start generated code]*/

static PyObject *
fake_twist_impl(PyObject *self, int turns, int clockwise)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}

#define FAKE_TWIST_METHODDEF    \
    {"twist", _PyCFunction_CAST(fake_twist), METH_FASTCALL|METH_KEYWORDS, NULL},

static PyObject *
fake_size(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(0);
}

static PyMethodDef fake_methods[] = {
    FAKE_TWIST_METHODDEF
    {"size", fake_size, METH_NOARGS, NULL},
    {NULL, NULL}
};

PyTypeObject PyFake_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    "fakeobj",                      /* tp_name */
    sizeof(PyObject),               /* tp_basicsize */
    0,                              /* tp_itemsize */
    0,                              /* tp_dealloc */
    0,                              /* tp_vectorcall_offset */
    0,                              /* tp_getattr */
    0,                              /* tp_setattr */
    0,                              /* tp_as_async */
    0,                              /* tp_repr */
    0,                              /* tp_as_number */
    0,                              /* tp_as_sequence */
    0,                              /* tp_as_mapping */
    0,                              /* tp_hash */
    0,                              /* tp_call */
    0,                              /* tp_str */
    0,                              /* tp_getattro */
    0,                              /* tp_setattro */
    0,                              /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,             /* tp_flags */
    "A fake builtin.",              /* tp_doc */
#ifdef Py_GIL_DISABLED
    0,                              /* tp_traverse */
#else
    0,                              /* tp_traverse */
#endif
    0,                              /* tp_clear */
    0,                              /* tp_richcompare */
    0,                              /* tp_weaklistoffset */
    0,                              /* tp_iter */
    0,                              /* tp_iternext */
    fake_methods,                   /* tp_methods */
    0,                              /* tp_members */
    0,                              /* tp_getset */
    0,                              /* tp_base */
};

/* A type that only the interpreter sees: never a builtins name. */
PyTypeObject PyFakeIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "fakeobj_iterator",
    .tp_methods = fake_methods,
};
