/* Interpreter-internal parts of the fake API. */
#ifndef Py_INTERNAL_FAKE_H
#define Py_INTERNAL_FAKE_H

PyAPI_FUNC(int) _PyFake_Reset(PyObject *op);
#define _PyFake_SLOTS 3

#endif
