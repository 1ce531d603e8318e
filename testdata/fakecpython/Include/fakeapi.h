/* Public API of the fake tree. */
#ifndef Py_FAKEAPI_H
#define Py_FAKEAPI_H

typedef struct _fakeinfo {
    int size;
} PyFakeInfo;

PyAPI_DATA(PyTypeObject) PyFake_Type;

PyAPI_FUNC(PyObject *) PyFake_New(Py_ssize_t size);
PyAPI_FUNC(int) PyFake_Check(PyObject *op);
PyAPI_FUNC(void) _Py_NO_RETURN PyFake_Abort(const char *why);

#define PyFake_CheckExact(op) Py_IS_TYPE((op), &PyFake_Type)

static inline Py_ssize_t PyFake_GET_SIZE(PyObject *op) {
    return ((PyFakeInfo *)op)->size;
}

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_FAKEAPI_H
#  include "cpython/fakeapi.h"
#  undef Py_CPYTHON_FAKEAPI_H
#endif

#endif /* !Py_FAKEAPI_H */
