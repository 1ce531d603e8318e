/* winfake: a Windows-only module. */

#include "Python.h"

static PyObject *
winfake_beep(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    Py_RETURN_NONE;
}

static PyMethodDef winfake_functions[] = {
    {"beep", winfake_beep, METH_NOARGS, NULL},
    {NULL, NULL}
};

static struct PyModuleDef winfakemodule = {
    PyModuleDef_HEAD_INIT, "winfake", NULL, -1, winfake_functions
};

PyMODINIT_FUNC
PyInit_winfake(void)
{
    PyObject *m = PyModule_Create(&winfakemodule);
    if (m != NULL) {
        PyModule_AddIntConstant(m, "MB_OK", 0);
    }
    return m;
}
