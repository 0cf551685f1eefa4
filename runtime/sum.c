/* sum.c - sum(xs) by the builtin sum of an exact list or tuple (issue 17, listcomp), or
 * of a dict's values view (sum(d.values()), its entries walked by PyDict_Next).
 * The items are read in place while they are exact ints whose total fits int64: the
 * builtin's own int fast path, without its iterator and a call per item. At the first
 * other item (a float, bool, subclass, big int, or a total past int64) the builtin
 * itself goes on from there, given the total so far as its start (which enters its int
 * path with the same total) and an iterator at that item, so results, errors, __radd__
 * calls and a list changed by them are CPython's. Up to 3.11 exact floats after the ints
 * are added in place too, as the builtin's float loop adds them; a list whose first item
 * is no int goes to the builtin as it is (no iterator, no start: the interpreter's call). */
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

/* The builtin goes on from item i with start (a new reference, or NULL on failure): its
 * iterator is moved past the items already added (list, tuple and dict-view
 * iterators run no code and cannot fail). */
static PyObject *sum_rest(PyObject *fn, PyObject *xs, Py_ssize_t i, PyObject *start)
{
    if (start == NULL) {
        return NULL;
    }
    PyObject *it = PyObject_GetIter(xs);
    if (it == NULL) {
        Py_DECREF(start);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < i; k++) {
        PyObject *skipped = Py_TYPE(it)->tp_iternext(it);
        Py_XDECREF(skipped);
    }
    PyObject *args[2] = {it, start};
    PyObject *r = PyObject_Vectorcall(fn, args, 2, NULL);
    Py_DECREF(it);
    Py_DECREF(start);
    return r;
}

#if PY_VERSION_HEX < 0x030C0000
/* Item i is an exact float after an int total: up to 3.11 the builtin adds int + float
 * once, then exact floats by plain double addition (3.12 compensates, so it keeps the
 * builtin). At another item the builtin goes on with the float so far as its start, which
 * enters the same float loop. */
static PyObject *sum_floats(PyObject *fn, PyObject *xs, Py_ssize_t i, int64_t total)
{
    PyObject **items = PySequence_Fast_ITEMS(xs);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(xs);
    double f = (double)total + PyFloat_AS_DOUBLE(items[i]);
    for (i++; i < n && PyFloat_CheckExact(items[i]); i++) {
        f += PyFloat_AS_DOUBLE(items[i]);
    }
    if (i == n) {
        return PyFloat_FromDouble(f);
    }
    return sum_rest(fn, xs, i, PyFloat_FromDouble(f));
}
#endif

/* One value of Pyc2c_SumDictValues's walk: 1 when added, 0 at a value the builtin must take. */
static int add_value(PyObject *v, int64_t *total)
{
    int64_t x;
    return PyLong_CheckExact(v) && exact_value(v, &x) && !__builtin_add_overflow(*total, x, total);
}

PyObject *Pyc2c_SumDictValues(PyObject *fn, PyObject *view)
{
    PyObject *d = ((Pyc2cDictView *)view)->dict, *k, *v;
    Py_ssize_t pos = 0, i = 0;
    int64_t total = 0;
#ifdef PYC2C_DICT_PROBE
    /* a combined table read in place: _PyDict_Next's kind tests cost ~50 instructions a
     * value */
    Py_ssize_t n;
    size_t stride;
    PyObject *const *e = Pyc2cDict_ValueSlots(d, &n, &stride);
    if (e != NULL) {
        for (Py_ssize_t j = 0; j < n; j++, e += stride) {
            if (*e == NULL) {
                continue;
            }
            int64_t before = total;
            if (!add_value(*e, &total)) {
                return sum_rest(fn, view, i, PyLong_FromLongLong(before));
            }
            i++;
        }
        return PyLong_FromLongLong(total);
    }
#endif
    while (PyDict_Next(d, &pos, &k, &v)) {   /* no Python code runs: the dict stays as it is */
        int64_t x, t;
        if (!PyLong_CheckExact(v) || !exact_value(v, &x) || __builtin_add_overflow(total, x, &t)) {
            return sum_rest(fn, view, i, PyLong_FromLongLong(total));
        }
        total = t;
        i++;
    }
    return PyLong_FromLongLong(total);
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
#if PY_VERSION_HEX < 0x030C0000
    if (PyFloat_CheckExact(items[i])) {
        return sum_floats(fn, xs, i, total);
    }
#endif
    if (i == 0) {   /* nothing added yet: the builtin's own call, as the interpreter makes it */
        return PyObject_CallOneArg(fn, xs);
    }
    return sum_rest(fn, xs, i, PyLong_FromLongLong(total));
}
