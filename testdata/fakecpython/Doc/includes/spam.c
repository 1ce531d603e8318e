/* An embedding example from the docs: its module is not part of the stdlib. */
#include <Python.h>

static PyObject *
spam_eat(PyObject *self, PyObject *args)
{
    Py_RETURN_NONE;
}

static PyMethodDef spam_methods[] = {
    {"eat", spam_eat, METH_VARARGS, NULL},
    {NULL, NULL}
};

static struct PyModuleDef spammodule = {
    PyModuleDef_HEAD_INIT, "spam", NULL, -1, spam_methods
};
