/* slices.c - xs[a:b] of a typed list, tuple or str with int bounds (either may be
 * missing): the bounds clamped as CPython's slice indices are, no slice object made.
 * A subclass goes through its own __getitem__ with a real slice. */
#include "pyc2c.h"

/* A bound made into [0, n] (negative counts from the end). */
static Py_ssize_t clamp(Pyc2cInt i, Py_ssize_t n)
{
    int64_t v;
    if (Pyc2cInt_IsShort(i)) {
        v = Pyc2cInt_ShortValue(i);
    } else {
        v = _PyLong_Sign(Pyc2cInt_LongObject(i)) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    }
    if (v < 0) {
        v += n;
        return v < 0 ? 0 : (Py_ssize_t)v;
    }
    return v > n ? n : (Py_ssize_t)v;
}

static PyObject *bound_object(Pyc2cInt i, int present)
{
    if (!present) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    return Pyc2cInt_Box(i);
}

/* o[lo:hi] through o's own __getitem__ (bit 0 of have: lo given, bit 1: hi given). */
static PyObject *slice_generic(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    PyObject *a = bound_object(lo, have & 1), *b = a ? bound_object(hi, have & 2) : NULL;
    PyObject *s = b ? PySlice_New(a, b, NULL) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    if (s == NULL) {
        return NULL;
    }
    PyObject *r = PyObject_GetItem(o, s);
    Py_DECREF(s);
    return r;
}

PyObject *Pyc2cSeq_Slice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    Py_ssize_t n;
    if (PyList_CheckExact(o)) {
        n = PyList_GET_SIZE(o);
    } else if (PyTuple_CheckExact(o)) {
        n = PyTuple_GET_SIZE(o);
    } else if (PyUnicode_CheckExact(o)) {
        n = PyUnicode_GET_LENGTH(o);
    } else {
        return slice_generic(o, lo, hi, have);
    }
    Py_ssize_t a = have & 1 ? clamp(lo, n) : 0, b = have & 2 ? clamp(hi, n) : n;
    b = b < a ? a : b;
    if (PyList_CheckExact(o)) {
        return PyList_GetSlice(o, a, b);
    }
    if (PyTuple_CheckExact(o)) {
        return PyTuple_GetSlice(o, a, b);
    }
    return PyUnicode_Substring(o, a, b);
}
