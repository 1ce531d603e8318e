/* Unstable but public parts of the fake API. */
PyAPI_FUNC(PyObject *) PyFake_FromInfo(PyFakeInfo *info);
#define PyFake_MAXSIZE 64
