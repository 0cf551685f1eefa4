/* iter.c - iteration, unpacking and deletion for generic objects, with CPython's
 * error messages (ceval.c's unpack_iterable and DELETE_GLOBAL). */
#include "pyc2c.h"

char Pyc2c_IterEndCheck(void)
{
    if (PyErr_Occurred() == NULL) {
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_StopIteration)) {
        PyErr_Clear();   /* a tp_iternext may end by raising StopIteration itself */
        return 0;
    }
    return 2;
}

static PyObject *iter_for_unpack(PyObject *v)
{
    PyObject *it = PyObject_GetIter(v);
    if (it == NULL && PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(v)->tp_iter == NULL &&
        !PySequence_Check(v)) {
        PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %.200s object", Py_TYPE(v)->tp_name);
    }
    return it;
}

/* Fills t[0..n) from it; false (error set) when it ends early or fails. */
static int fill_from(PyObject *it, PyObject *t, Py_ssize_t n, Py_ssize_t expected, int at_least)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyIter_Next(it);
        if (w == NULL) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected %s%zd, got %zd)",
                             at_least ? "at least " : "", expected, i);
            }
            return 0;
        }
        PyTuple_SET_ITEM(t, i, w);
    }
    return 1;
}

PyObject *Pyc2c_Unpack(PyObject *v, int64_t n)
{
    if (PyTuple_CheckExact(v) && PyTuple_GET_SIZE(v) == n) {
        Py_INCREF(v);
        return v;
    }
    if (PyList_CheckExact(v) && PyList_GET_SIZE(v) == n) {
        return PyList_AsTuple(v);
    }
    PyObject *it = iter_for_unpack(v);
    if (it == NULL) {
        return NULL;
    }
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    if (t == NULL || !fill_from(it, t, (Py_ssize_t)n, (Py_ssize_t)n, 0)) {
        goto error;
    }
    PyObject *extra = PyIter_Next(it);
    if (extra != NULL) {
        Py_DECREF(extra);
        PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %zd)", (Py_ssize_t)n);
        goto error;
    }
    if (PyErr_Occurred()) {
        goto error;
    }
    Py_DECREF(it);
    return t;
error:
    Py_XDECREF(t);
    Py_DECREF(it);
    return NULL;
}

PyObject *Pyc2c_UnpackStar(PyObject *v, int64_t before, int64_t after)
{
    PyObject *it = iter_for_unpack(v), *rest = NULL;
    if (it == NULL) {
        return NULL;
    }
    Py_ssize_t nb = (Py_ssize_t)before, na = (Py_ssize_t)after;
    PyObject *t = PyTuple_New(nb + 1 + na);
    if (t == NULL || !fill_from(it, t, nb, nb + na, 1)) {
        goto error;
    }
    rest = PySequence_List(it);
    if (rest == NULL) {
        goto error;
    }
    Py_ssize_t nr = PyList_GET_SIZE(rest);
    if (nr < na) {
        PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected at least %zd, got %zd)",
                     nb + na, nb + nr);
        goto error;
    }
    for (Py_ssize_t i = 0; i < na; i++) {
        PyObject *w = PyList_GET_ITEM(rest, nr - na + i);
        Py_INCREF(w);
        PyTuple_SET_ITEM(t, nb + 1 + i, w);
    }
    if (PyList_SetSlice(rest, nr - na, nr, NULL) < 0) {
        goto error;
    }
    PyTuple_SET_ITEM(t, nb, rest);
    Py_DECREF(it);
    return t;
error:
    Py_XDECREF(rest);
    Py_XDECREF(t);
    Py_DECREF(it);
    return NULL;
}

char Pyc2c_DelGlobal(PyObject *dict, PyObject *name)
{
    if (PyDict_DelItem(dict, name) == 0) {
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_KeyError)) {
        Pyc2c_RaiseNameNotDefined(name);
    }
    return 2;
}

/* The strip end out of line, for the modules in parts (pyc2c_parts.h). */
int64_t Pyc2c_RangeStripEndCall(Pyc2cInt counter, Pyc2cInt stop, Pyc2cInt step, int ticks)
{
    return Pyc2c_RangeStripEnd(counter, stop, step, ticks);
}

/* The end of the small ints on stop's side (pyc2c.h, Pyc2c_RangeClamp). Cannot fail. */
Pyc2cInt Pyc2c_RangeClampSlow(Pyc2cInt stop)
{
    int positive = Pyc2cInt_IsShort(stop) ? stop > 0 : _PyLong_Sign(Pyc2cInt_LongObject(stop)) > 0;
    return positive ? PYC2C_RANGE_CLAMP_MAX : -PYC2C_RANGE_CLAMP_MAX;
}

char Pyc2c_RangeClampReached(void)
{
    PyErr_SetString(PyExc_OverflowError,
                    "range() loop counter left the short int range (2**61) of compiled loops");
    return 2;
}
