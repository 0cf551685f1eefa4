/* slices.c - xs[a:b] and xs[a:b:c] of a typed list, tuple or str with int bounds
 * (any may be missing): the bounds clamped as CPython's slice indices are, no slice
 * object made. A subclass, and a str with a step, go through their own __getitem__
 * with a real slice. */
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

/* o[lo:hi:step] through o's own __getitem__ (bit 0 of have: lo given, bit 1: hi
 * given, bit 2: step given). */
static PyObject *slice_generic(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, Pyc2cInt step, int have)
{
    PyObject *a = bound_object(lo, have & 1), *b = a ? bound_object(hi, have & 2) : NULL;
    PyObject *c = b ? bound_object(step, have & 4) : NULL;
    PyObject *s = c ? PySlice_New(a, b, c) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    if (s == NULL) {
        return NULL;
    }
    PyObject *r = PyObject_GetItem(o, s);
    Py_DECREF(s);
    return r;
}

PyObject *Pyc2cSeq_SliceSlow(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    Py_ssize_t n;
    if (PyList_CheckExact(o)) {
        n = PyList_GET_SIZE(o);
    } else if (PyTuple_CheckExact(o)) {
        n = PyTuple_GET_SIZE(o);
    } else if (PyUnicode_CheckExact(o)) {
        n = PyUnicode_GET_LENGTH(o);
    } else {
        return slice_generic(o, lo, hi, 0, have & 3);
    }
    Py_ssize_t a = have & 1 ? clamp(lo, n) : 0, b = have & 2 ? clamp(hi, n) : n;
    b = b < a ? a : b;
    if (PyList_CheckExact(o)) {
        return PyList_GetSlice(o, a, b);
    }
    if (PyTuple_CheckExact(o)) {
        return PyTuple_GetSlice(o, a, b);
    }
    return Pyc2cStr_Piece(o, a, b);
}

/* int(o[lo:hi]) (have as above): an exact str's digits read where they are, with no
 * str made for them; anything else, or text int() refuses, through the slice. */
Pyc2cInt Pyc2cInt_OfSlice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    if (PyUnicode_CheckExact(o)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(o);
        Py_ssize_t a = have & 1 ? clamp(lo, n) : 0, b = have & 2 ? clamp(hi, n) : n;
        int64_t v;
        if (a < b && Pyc2cInt_ParseRange(o, a, b, &v)) {
            return Pyc2cInt_FromI64(v);
        }
    }
    PyObject *piece = Pyc2cSeq_Slice(o, lo, hi, have);
    if (piece == NULL) {
        return PYC2C_INT_ERROR;
    }
    Pyc2cInt r = Pyc2cInt_OfObject(piece);
    Py_DECREF(piece);
    return r;
}

/* float(o[lo:hi]) (have as above): an exact str's text parsed in place when the fast
 * path takes it (num_parse.c), else the slice made and float() of it, whose ValueError
 * names the slice's text. 1 with *v, 0 with *f the float object (or NULL: an error). */
static int float_of_slice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have, double *v, PyObject **f)
{
    if (PyUnicode_CheckExact(o)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(o);
        Py_ssize_t a = have & 1 ? clamp(lo, n) : 0, b = have & 2 ? clamp(hi, n) : n;
        if (a < b && Pyc2cFloat_ParseRange(o, a, b, v)) {
            return 1;
        }
    }
    PyObject *piece = Pyc2cSeq_Slice(o, lo, hi, have);
    *f = piece != NULL ? Pyc2cFloat_OfObject(piece) : NULL;
    Py_XDECREF(piece);
    return 0;
}

PyObject *Pyc2cFloat_OfSlice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    double v;
    PyObject *f;
    return float_of_slice(o, lo, hi, have, &v, &f) ? PyFloat_FromDouble(v) : f;
}

/* The same read as a double (an operand of arithmetic): PYC2C_FLOAT_ERROR with an
 * exception set. */
double Pyc2cFloat_OfSliceD(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    double v;
    PyObject *f;
    return float_of_slice(o, lo, hi, have, &v, &f) ? v : Pyc2cFloat_OfNewRef(f);
}

/* A bound or step as _PyEval_SliceIndex reads it: clamped to Py_ssize_t. */
static Py_ssize_t ssize_of(Pyc2cInt i)
{
    if (Pyc2cInt_IsShort(i)) {
        return (Py_ssize_t)Pyc2cInt_ShortValue(i);   /* 62 bits fit a 64-bit Py_ssize_t */
    }
    return _PyLong_Sign(Pyc2cInt_LongObject(i)) < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
}

/* o[lo:hi:step] (have: bit 0 lo, bit 1 hi given): exact lists and tuples copied
 * directly, anything else through its own __getitem__. */
PyObject *Pyc2cSeq_SliceStep(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, Pyc2cInt step, int have)
{
    int list = PyList_CheckExact(o);
    if (!list && !PyTuple_CheckExact(o)) {
        return slice_generic(o, lo, hi, step, have | 4);
    }
    /* PySlice_Unpack's rules: a zero step is an error, missing bounds follow the step */
    Py_ssize_t st = ssize_of(step);
    if (st == 0) {
        PyErr_SetString(PyExc_ValueError, "slice step cannot be zero");
        return NULL;
    }
    st = st < -PY_SSIZE_T_MAX ? -PY_SSIZE_T_MAX : st;
    Py_ssize_t start = have & 1 ? ssize_of(lo) : st < 0 ? PY_SSIZE_T_MAX : 0;
    Py_ssize_t stop = have & 2 ? ssize_of(hi) : st < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
    Py_ssize_t n = list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
    Py_ssize_t len = PySlice_AdjustIndices(n, &start, &stop, st);
    PyObject *r = list ? PyList_New(len) : PyTuple_New(len);
    if (r == NULL) {
        return NULL;
    }
    PyObject **src = list ? ((PyListObject *)o)->ob_item : ((PyTupleObject *)o)->ob_item;
    PyObject **dst = list ? ((PyListObject *)r)->ob_item : ((PyTupleObject *)r)->ob_item;
    for (Py_ssize_t i = 0, k = start; i < len; i++, k += st) {
        Py_INCREF(src[k]);
        dst[i] = src[k];
    }
    return r;
}
