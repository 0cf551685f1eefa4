/* sum.c - sum(xs) by the builtin sum of an exact list or tuple (issue 17, listcomp).
 * The items are read in place while they are exact ints whose total fits int64: the
 * builtin's own int fast path, without its iterator and a call per item. At the first
 * other item (a float, bool, subclass, big int, or a total past int64) the builtin
 * itself goes on from there, given the total so far as its start (which enters its int
 * path with the same total) and an iterator at that item, so results, errors, __radd__
 * calls and a list changed by them are CPython's. */
#include "pyc2c.h"

/* An exact int's value when it fits int64. */
static int exact_value(PyObject *x, int64_t *v)
{
    if (PYC2C_LIKELY(PYC2C_LONG_IS_COMPACT(x))) {
        *v = PYC2C_LONG_COMPACT(x);
        return 1;
    }
    int overflow;
    long long r = PyLong_AsLongLongAndOverflow(x, &overflow);   /* cannot fail on an int */
    *v = (int64_t)r;
    return overflow == 0;
}

PyObject *Pyc2c_SumItems(PyObject *fn, PyObject *xs)
{
    PyObject **items = PySequence_Fast_ITEMS(xs);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(xs), i = 0;
    int64_t total = 0;
    for (; i < n; i++) {   /* no Python code runs: the list keeps its items */
        int64_t v, t;
        if (!PyLong_CheckExact(items[i]) || !exact_value(items[i], &v) || __builtin_add_overflow(total, v, &t)) {
            break;
        }
        total = t;
    }
    if (i == n) {
        return PyLong_FromLongLong(total);
    }
    PyObject *it = PyObject_GetIter(xs);
    if (it == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = 0; k < i; k++) {   /* a list or tuple iterator: no code, no failure */
        PyObject *skipped = Py_TYPE(it)->tp_iternext(it);
        Py_XDECREF(skipped);
    }
    PyObject *start = PyLong_FromLongLong(total);
    if (start == NULL) {
        Py_DECREF(it);
        return NULL;
    }
    PyObject *args[2] = {it, start};
    PyObject *r = PyObject_Vectorcall(fn, args, 2, NULL);
    Py_DECREF(it);
    Py_DECREF(start);
    return r;
}
