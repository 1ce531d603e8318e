/* A cut-down stand-in for the os module's C half: one file, two names. */

#include "Python.h"

#ifdef MS_WINDOWS
#  define INITFUNC PyInit_nt
#  define MODNAME "nt"
#else
#  define INITFUNC PyInit_posix
#  define MODNAME "posix"
#endif

/*[clinic input]
module os
[clinic start generated code]*/

/*[clinic input]
os.chmod

    path: object
    mode: int
    *
    dir_fd: object = None
    follow_symlinks: bool = True

Change the mode of path.
[clinic start generated code]*/

static PyObject *
os_chmod_impl(PyObject *module, PyObject *path, int mode, PyObject *dir_fd, int follow_symlinks)
/*[clinic end generated code: output=0 input=0]*/
{
    Py_RETURN_NONE;
}

#define OS_CHMOD_METHODDEF    \
    {"chmod", _PyCFunction_CAST(os_chmod), METH_FASTCALL|METH_KEYWORDS, NULL},

static PyMethodDef posix_methods[] = {
    OS_CHMOD_METHODDEF
    {NULL, NULL}
};

static struct PyModuleDef posixmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = MODNAME,
    .m_methods = posix_methods,
};

PyMODINIT_FUNC
INITFUNC(void)
{
    return PyModuleDef_Init(&posixmodule);
}
