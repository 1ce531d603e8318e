/* _fasthash: a toy hashing module whose signatures come from Argument Clinic. */

#include "Python.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t rounds;
} HasherObject;

/*[clinic input]
module _fasthash
class _fasthash.Hasher "HasherObject *" "&Hasher_Type"
[clinic start generated code]*/

/*[clinic input]
_fasthash.digest

    data: Py_buffer
        The bytes to hash.
    /
    *
    length: Py_ssize_t = 32
        How many bytes of output.

Hash data in one call.
[clinic start generated code]*/

static PyObject *
_fasthash_digest_impl(PyObject *module, Py_buffer *data, Py_ssize_t length)
/*[clinic end generated code: output=0 input=0]*/
{
    return PyBytes_FromStringAndSize(NULL, length);
}

/*[clinic input]
_fasthash.hexdigest = _fasthash.digest

Like digest(), as hex text.
[clinic start generated code]*/

static PyObject *
_fasthash_hexdigest_impl(PyObject *module, Py_buffer *data, Py_ssize_t length)
/*[clinic end generated code: output=0 input=0]*/
{
    return PyUnicode_FromString("");
}

/*[clinic input]
_fasthash.spread as fasthash_spread

    *args: object
    seed: int = 0

Combine several values.
[clinic start generated code]*/

static PyObject *
fasthash_spread_impl(PyObject *module, PyObject *args, int seed)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}

#ifdef HAVE_FAST_CPU
/*[clinic input]
_fasthash.turbo

    block: object
    [
    lanes: int
    ]
    /

Use the vector unit.
[clinic start generated code]*/

static PyObject *
_fasthash_turbo_impl(PyObject *module, PyObject *block, int group_right_1, int lanes)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}
#endif

/*[clinic input]
_fasthash.Hasher.__init__

    self: self(type="HasherObject *")
    key: object = None
    rounds: Py_ssize_t = 8

Build a hasher.
[clinic start generated code]*/

static int
_fasthash_Hasher___init___impl(HasherObject *self, PyObject *key, Py_ssize_t rounds)
/*[clinic end generated code: output=0 input=0]*/
{
    self->rounds = rounds;
    return 0;
}

/*[clinic input]
_fasthash.Hasher.update

    cls: defining_class
    data: object
    /

Feed more bytes.
[clinic start generated code]*/

static PyObject *
_fasthash_Hasher_update_impl(HasherObject *self, PyTypeObject *cls, PyObject *data)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}

/*[clinic input]
@classmethod
_fasthash.Hasher.from_key

    key: str
    *
    rounds: Py_ssize_t = 8

Make a hasher from a text key.
[clinic start generated code]*/

static PyObject *
_fasthash_Hasher_from_key_impl(PyTypeObject *type, PyObject *key, Py_ssize_t rounds)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}

/*[clinic input]
@getter
_fasthash.Hasher.name
[clinic start generated code]*/

static PyObject *
_fasthash_Hasher_name_get_impl(HasherObject *self)
/*[clinic end generated code: output=0 input=0]*/
{
    return PyUnicode_FromString("fast");
}

#include "clinic/fasthashmodule.c.h"

static PyMethodDef Hasher_methods[] = {
    _FASTHASH_HASHER_UPDATE_METHODDEF
    _FASTHASH_HASHER_FROM_KEY_METHODDEF
    {NULL, NULL}
};

static PyGetSetDef Hasher_getset[] = {
    _FASTHASH_HASHER_NAME_GETSETDEF
    {NULL}
};

static PyMemberDef Hasher_members[] = {
    {"rounds", Py_T_PYSSIZET, offsetof(HasherObject, rounds), Py_READONLY},
    {"__weaklistoffset__", Py_T_PYSSIZET, 0, Py_READONLY},
    {NULL}
};

static PyType_Slot Hasher_slots[] = {
    {Py_tp_methods, Hasher_methods},
    {Py_tp_getset, Hasher_getset},
    {Py_tp_members, Hasher_members},
    {Py_tp_init, _fasthash_Hasher___init__},
    {0, NULL}
};

static PyType_Spec Hasher_spec = {
    .name = "_fasthash.Hasher",
    .basicsize = sizeof(HasherObject),
    .slots = Hasher_slots,
};

static PyMethodDef fasthash_methods[] = {
    _FASTHASH_DIGEST_METHODDEF
    _FASTHASH_HEXDIGEST_METHODDEF
    FASTHASH_SPREAD_METHODDEF
    _FASTHASH_TURBO_METHODDEF
    {NULL, NULL}
};

static int
fasthash_exec(PyObject *m)
{
    PyObject *hasher = PyType_FromModuleAndSpec(m, &Hasher_spec, NULL);
    if (PyModule_AddType(m, (PyTypeObject *)hasher) < 0) {
        return -1;
    }
    return PyModule_AddStringConstant(m, "backend", "toy");
}

static PyModuleDef_Slot fasthash_slots[] = {
    {Py_mod_exec, fasthash_exec},
    {0, NULL}
};

static struct PyModuleDef fasthashmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_fasthash",
    .m_methods = fasthash_methods,
    .m_slots = fasthash_slots,
};

PyMODINIT_FUNC
PyInit__fasthash(void)
{
    return PyModuleDef_Init(&fasthashmodule);
}
