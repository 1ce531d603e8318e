/*[clinic input]
preserve
[clinic start generated code]*/

/* Generated glue, cut down by hand for the test tree. */

#define _FASTHASH_DIGEST_METHODDEF    \
    {"digest", _PyCFunction_CAST(_fasthash_digest), METH_FASTCALL|METH_KEYWORDS, NULL},

#define _FASTHASH_HEXDIGEST_METHODDEF    \
    {"hexdigest", _PyCFunction_CAST(_fasthash_hexdigest), METH_FASTCALL|METH_KEYWORDS, NULL},

#define FASTHASH_SPREAD_METHODDEF    \
    {"spread", _PyCFunction_CAST(fasthash_spread), METH_FASTCALL|METH_KEYWORDS, NULL},

#if defined(HAVE_FAST_CPU)

#define _FASTHASH_TURBO_METHODDEF    \
    {"turbo", (PyCFunction)_fasthash_turbo, METH_VARARGS, NULL},

#endif /* defined(HAVE_FAST_CPU) */

#define _FASTHASH_HASHER_UPDATE_METHODDEF    \
    {"update", _PyCFunction_CAST(_fasthash_Hasher_update), METH_METHOD|METH_FASTCALL|METH_KEYWORDS, NULL},

#define _FASTHASH_HASHER_FROM_KEY_METHODDEF    \
    {"from_key", _PyCFunction_CAST(_fasthash_Hasher_from_key), METH_FASTCALL|METH_KEYWORDS|METH_CLASS, NULL},

#define _FASTHASH_HASHER_NAME_GETSETDEF    \
    {"name", (getter)_fasthash_Hasher_name_get, NULL, NULL},

static PyObject *
_fasthash_digest(PyObject *module, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char * const _keywords[] = {"", "length", NULL};
    return NULL;
}

#ifndef _FASTHASH_TURBO_METHODDEF
    #define _FASTHASH_TURBO_METHODDEF
#endif /* !defined(_FASTHASH_TURBO_METHODDEF) */
