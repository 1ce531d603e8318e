/* _netcore: a toy networking module written without Argument Clinic. */

#include "Python.h"
#include "netcoremodule.h"

typedef struct {
    PyObject_HEAD
    int fd;
    double timeout;
} ConnObject;

typedef struct {
    PyTypeObject *conn_type;
    PyObject *error;
    PyObject *addr_type;
} netcore_state;

static PyObject *
conn_send(ConnObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"data", "flags", NULL};
    PyObject *data;
    int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|i:send", kwlist, &data, &flags)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
conn_close(ConnObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_RETURN_NONE;
}

static PyObject *
conn_peek(ConnObject *self, PyObject *args)
{
    int n;
    if (!PyArg_ParseTuple(args, "i:peek", &n)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static int
conn_init(ConnObject *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"family", "kind", "fd", NULL};
    int family = 2, kind = 1, fd = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|ii$i:conn", keywords, &family, &kind, &fd)) {
        return -1;
    }
    self->fd = fd;
    return 0;
}

static PyObject *
conn_get_blocking(ConnObject *self, void *closure)
{
    return PyBool_FromLong(self->timeout != 0.0);
}

static PyMethodDef conn_methods[] = {
    {"send", (PyCFunction)(void(*)(void))conn_send, METH_VARARGS | METH_KEYWORDS, NULL},
    {"close", (PyCFunction)conn_close, METH_NOARGS, NULL},
    {"peek", (PyCFunction)conn_peek, METH_VARARGS, NULL},
#ifdef HAVE_SENDFILE
    {"sendfile", (PyCFunction)conn_peek, METH_VARARGS, NULL},
#endif
    {NULL, NULL}
};

static PyGetSetDef conn_getset[] = {
    {"blocking", (getter)conn_get_blocking, NULL, "True unless a timeout is set."},
    {NULL}
};

static PyMemberDef conn_members[] = {
    {"fd", Py_T_INT, offsetof(ConnObject, fd), Py_READONLY, "The descriptor."},
    {"timeout", Py_T_DOUBLE, offsetof(ConnObject, timeout), Py_READONLY, NULL},
    {NULL}
};

static PyType_Slot conn_slots[] = {
    {Py_tp_methods, conn_methods},
    {Py_tp_getset, conn_getset},
    {Py_tp_members, conn_members},
    {Py_tp_init, conn_init},
    {0, 0},
};

static PyType_Spec conn_spec = {
    NETCORE_MODULE_NAME ".conn",
    sizeof(ConnObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    conn_slots,
};

static PyStructSequence_Field addr_fields[] = {
    {"host", "the host name"},
    {"port", "the port number"},
    {NULL}
};

static PyStructSequence_Desc addr_desc = {
    "_netcore.addr",
    NULL,
    addr_fields,
    2,
};

static PyObject *
netcore_resolve(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static const char *kwlist[] = {"host", "port", "family", "flags", NULL};
    const char *host;
    PyObject *port;
    int family = 0, flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "sO|i$i:resolve", (char **)kwlist,
                                     &host, &port, &family, &flags)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
netcore_hostname(PyObject *self, PyObject *Py_UNUSED(unused))
{
    return PyUnicode_FromString("localhost");
}

static PyMethodDef netcore_methods[] = {
    {"resolve", (PyCFunction)(void(*)(void))netcore_resolve, METH_VARARGS | METH_KEYWORDS, NULL},
    {"hostname", netcore_hostname, METH_NOARGS, NULL},
    {NULL, NULL}
};

#define ADD_INT_MACRO(MOD, NAME) do {                     \
    if (PyModule_AddIntConstant(MOD, #NAME, NAME) < 0) {  \
        return -1;                                        \
    }                                                     \
} while (0)

static int
add_flag(PyObject *module, const char *name, long value)
{
    return PyModule_AddIntConstant(module, name, value);
}

static int
netcore_exec(PyObject *m)
{
    netcore_state *state = PyModule_GetState(m);
    static const char *levels[] = {"LEVEL_LOW", "LEVEL_HIGH"};

    state->conn_type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &conn_spec, NULL);
    if (PyModule_AddType(m, state->conn_type) < 0) {
        return -1;
    }
    if (PyModule_AddObjectRef(m, "ConnType", (PyObject *)state->conn_type) < 0) {
        return -1;
    }
    state->error = PyErr_NewException("_netcore.error", PyExc_OSError, NULL);
    if (PyModule_AddObjectRef(m, "error", state->error) < 0) {
        return -1;
    }
    state->addr_type = (PyObject *)PyStructSequence_NewType(&addr_desc);
    if (PyModule_AddObjectRef(m, "addr", state->addr_type) < 0) {
        return -1;
    }
    ADD_INT_MACRO(m, AF_INET);
#ifdef AF_UNIX
    ADD_INT_MACRO(m, AF_UNIX);
#endif
    if (PyModule_AddIntMacro(m, SOCK_STREAM) < 0) {
        return -1;
    }
    if (add_flag(m, "MSG_PEEK", 2) < 0) {
        return -1;
    }
    for (size_t i = 0; i < Py_ARRAY_LENGTH(levels); i++) {
        if (PyModule_AddIntConstant(m, levels[i], (long)i) < 0) {
            return -1;
        }
    }
    return PyModule_AddStringConstant(m, "version", "1.0");
}

static PyModuleDef_Slot netcore_slots[] = {
    {Py_mod_exec, netcore_exec},
    {0, NULL}
};

static struct PyModuleDef netcoremodule = {
    PyModuleDef_HEAD_INIT,
    NETCORE_MODULE_NAME,
    "Toy networking.",
    sizeof(netcore_state),
    netcore_methods,
    netcore_slots,
};

PyMODINIT_FUNC
PyInit__netcore(void)
{
    return PyModuleDef_Init(&netcoremodule);
}
