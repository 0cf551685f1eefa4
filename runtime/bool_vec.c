/* bool_vec.c - a private list[bool] held as bytes (compiler/pass/boolvec.c). The vector
 * is a bytearray no Python code ever sees: made by `[b] * n`, read and written by index
 * with the list's IndexError, and made a real list where it leaves the function. */
#include "pyc2c.h"

/* Past this many items the list's own allocation is tried first: a list needs eight
 * bytes an item where the vector needs one, and `[True] * n` must raise MemoryError
 * where the interpreter's would. */
#define PYC2C_BOOLVEC_PROBE ((int64_t)1 << 24)

PyObject *Pyc2cBoolVec_Repeat(char v, Pyc2cInt n)
{
    if (!Pyc2cInt_IsShort(n) || Pyc2cInt_ShortValue(n) > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(PyObject *)) {
        PyObject *one = PyList_New(1);   /* the list's own error (OverflowError, MemoryError) */
        if (one == NULL) {
            return NULL;
        }
        PyObject *item = v ? Py_True : Py_False;
        Py_INCREF(item);
        PyList_SET_ITEM(one, 0, item);
        PyObject *r = Pyc2cList_Repeat(one, n);
        Py_DECREF(one);
        if (r == NULL) {
            return NULL;
        }
        Py_ssize_t len = PyList_GET_SIZE(r);   /* 0 for n <= -2**62 */
        Py_DECREF(r);
        n = Pyc2cInt_FromShort(len);
    }
    int64_t k = Pyc2cInt_ShortValue(n);
    k = k < 0 ? 0 : k;
    if (k > PYC2C_BOOLVEC_PROBE) {
        void *probe = PyMem_Malloc((size_t)k * sizeof(PyObject *));
        if (probe == NULL) {
            return PyErr_NoMemory();
        }
        PyMem_Free(probe);
    }
    PyObject *b = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)k);
    if (b != NULL && k > 0) {
        memset(((PyByteArrayObject *)b)->ob_start, v ? 1 : 0, (size_t)k);
    }
    return b;
}

PyObject *Pyc2cBoolVec_ToList(PyObject *b)
{
    Py_ssize_t n = PyByteArray_GET_SIZE(b);
    PyObject *l = PyList_New(n);
    if (l == NULL) {
        return NULL;
    }
    const char *bytes = ((PyByteArrayObject *)b)->ob_start;
    Py_ssize_t trues = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        trues += bytes[i];
        PyList_SET_ITEM(l, i, bytes[i] ? Py_True : Py_False);
    }
#if PY_VERSION_HEX < 0x030C0000   /* the items' references, taken at once (immortal since) */
    Py_SET_REFCNT(Py_True, Py_REFCNT(Py_True) + trues);
    Py_SET_REFCNT(Py_False, Py_REFCNT(Py_False) + (n - trues));
#endif
    return l;
}
