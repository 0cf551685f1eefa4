/* order.c - a < b and a > b without PyObject_RichCompare where the answer needs no
 * Python code. Exact ints of one digit, exact floats and exact strs compare here; exact
 * tuples walk their items as tuplerichcompare does (the first pair not equal decides,
 * else the lengths). Everything else, and anything nested deeper, is
 * PyObject_RichCompareBool with the same operands in the same order. The common cases
 * (scalars, flat tuples of them) are order.h's inline Pyc2c_OrderQuick. */
#include "pyc2c.h"

enum { NOT_DECIDED = PYC2C_ORDER_EQUAL, TUPLE_DEPTH = 2 };

/* a == b as PyObject_RichCompareBool(a, b, Py_EQ) (identity first), or NOT_DECIDED. */
static int fast_equal(PyObject *a, PyObject *b)
{
    int64_t x, y;
    if (a == b) {
        return 1;
    }
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        return x == y;
    }
    if (Pyc2c_BothFloats(a, b)) {
        return PyFloat_AS_DOUBLE(a) == PyFloat_AS_DOUBLE(b);
    }
    if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        return Pyc2c_ExactStrEqual(a, b);
    }
    return NOT_DECIDED;
}

static PYC2C_NOINLINE int compare(PyObject *a, PyObject *b, int op, int depth);

int Pyc2c_StrOrder(PyObject *u, PyObject *v, int op)
{
    if (Pyc2c_ExactStrEqual(u, v)) {
        return PYC2C_ORDER_EQUAL;
    }
    int c = PyUnicode_Compare(u, v);   /* two strs: cannot fail */
    return op == Py_LT ? c < 0 : c > 0;
}

int Pyc2c_TupleOrderQuick(PyObject *a, PyObject *b, int op, Py_ssize_t i)
{
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    Py_ssize_t n = na < nb ? na : nb;
    for (; i < n; i++) {
        PyObject *u = PyTuple_GET_ITEM(a, i), *v = PyTuple_GET_ITEM(b, i);
        int r = u == v ? PYC2C_ORDER_EQUAL : Pyc2c_ScalarOrder(u, v, op);
        if (r != PYC2C_ORDER_EQUAL) {
            return r;
        }
    }
    return op == Py_LT ? na < nb : na > nb;
}

/* Two exact tuples from item i on: the first items that differ decide, else the lengths
 * (out of line: the fast path's callers then save no registers for it). */
static PYC2C_NOINLINE int tuple_compare(PyObject *a, PyObject *b, int op, int depth, Py_ssize_t i)
{
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    Py_ssize_t n = na < nb ? na : nb;
    for (; i < n; i++) {
        PyObject *u = PyTuple_GET_ITEM(a, i), *v = PyTuple_GET_ITEM(b, i);
        int eq = fast_equal(u, v);
        if (eq == NOT_DECIDED) {
            eq = PyObject_RichCompareBool(u, v, Py_EQ);
        }
        if (eq < 0) {
            return -1;
        }
        if (!eq) {
            return compare(u, v, op, depth + 1);   /* the tuples keep u and v alive */
        }
    }
    return op == Py_LT ? na < nb : na > nb;
}

/* a op b for op Py_LT or Py_GT. */
static int compare(PyObject *a, PyObject *b, int op, int depth)
{
    PyTypeObject *t = Py_TYPE(a);
    if (t == Py_TYPE(b)) {
        if (t == &PyTuple_Type && depth < TUPLE_DEPTH) {
            return tuple_compare(a, b, op, depth, 0);
        }
        if (t == &PyLong_Type && PYC2C_LONG_IS_COMPACT(a) && PYC2C_LONG_IS_COMPACT(b)) {
            int64_t x = PYC2C_LONG_COMPACT(a), y = PYC2C_LONG_COMPACT(b);
            return op == Py_LT ? x < y : x > y;
        }
        if (t == &PyFloat_Type) {
            double u = PyFloat_AS_DOUBLE(a), v = PyFloat_AS_DOUBLE(b);
            return op == Py_LT ? u < v : u > v;
        }
        if (t == &PyUnicode_Type) {
            int c = PyUnicode_Compare(a, b);   /* two strs: cannot fail */
            return op == Py_LT ? c < 0 : c > 0;
        }
    }
    return PyObject_RichCompareBool(a, b, op);
}

int Pyc2c_OrderBool(PyObject *a, PyObject *b, int op)
{
    int r = Pyc2c_OrderQuick(a, b, op);
    return r != PYC2C_ORDER_SLOW ? r : compare(a, b, op, 0);
}

/* The best of n slots (every stride-th from items; a NULL slot, a deleted dict entry,
 * skipped) while each is an exact int of one digit: a new reference, or NULL when a slot
 * holds anything else or none is filled. Nothing can run Python code here (no item is
 * compared but by value, the container is not changed), so the caller's generic loop may
 * start over. Strictly better replaces, as the builtin: the first of equal items wins. */
static PyObject *minmax_small_ints(PyObject *const *items, Py_ssize_t n, size_t stride, int is_max)
{
    PyObject *best = NULL;
    int64_t bv = 0;
    for (Py_ssize_t j = 0; j < n; j++, items += stride) {
        PyObject *x = *items;
        if (x == NULL) {
            continue;
        }
        if (!PyLong_CheckExact(x) || !PYC2C_LONG_IS_COMPACT(x)) {
            return NULL;
        }
        int64_t v = PYC2C_LONG_COMPACT(x);
        if (best == NULL || (is_max ? v > bv : v < bv)) {
            best = x;
            bv = v;
        }
    }
    Py_XINCREF(best);
    return best;
}

/* min/max of an exact list or tuple, or of a dict's values view (its combined table read
 * in place, dictprobe.h's layout), when every item is a one-digit exact int; else NULL. */
static PyObject *minmax_in_place(PyObject *xs, int is_max)
{
    PyTypeObject *t = Py_TYPE(xs);
    if (t == &PyList_Type || t == &PyTuple_Type) {
        return minmax_small_ints(PySequence_Fast_ITEMS(xs), PySequence_Fast_GET_SIZE(xs), 1, is_max);
    }
#ifdef PYC2C_DICT_PROBE
    if (t == &PyDictValues_Type) {
        Py_ssize_t n;
        size_t stride;
        PyObject *const *values = Pyc2cDict_ValueSlots(((Pyc2cDictView *)xs)->dict, &n, &stride);
        return values != NULL ? minmax_small_ints(values, n, stride, is_max) : NULL;
    }
#endif
    return NULL;
}

PyObject *Pyc2c_MinMaxOf(PyObject *iterable, int is_max)
{
    PyObject *quick = minmax_in_place(iterable, is_max);
    if (quick != NULL) {
        return quick;
    }
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) {
        return NULL;
    }
    int op = is_max ? Py_GT : Py_LT;
    PyObject *best = NULL, *item;
    int failed = 0;
    iternextfunc next = Py_TYPE(it)->tp_iternext;   /* an iterator's: PyObject_GetIter checked */
    while ((item = next(it)) != NULL) {
        if (best == NULL) {
            best = item;
            continue;
        }
        int better = Pyc2c_OrderQuick(item, best, op);   /* inline: ints, floats, strs */
        better = better != PYC2C_ORDER_SLOW ? better : Pyc2c_OrderBool(item, best, op);
        if (better < 0) {
            Py_DECREF(item);
            Py_CLEAR(best);
            failed = 1;
            break;
        }
        if (better) {
            Py_SETREF(best, item);
        } else {
            Py_DECREF(item);
        }
    }
    if (!failed && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_StopIteration)) {
        PyErr_Clear();   /* as PyIter_Next: the end of the iteration */
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_XDECREF(best);
        return NULL;
    }
    return best != NULL ? best : Pyc2c_MinMaxEmpty(is_max);
}

PyObject *Pyc2c_MinMaxEmpty(int is_max)
{
    const char *name = is_max ? "max" : "min";
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_Format(PyExc_ValueError, "%s() iterable argument is empty", name);
#else
    PyErr_Format(PyExc_ValueError, "%s() arg is an empty sequence", name);
#endif
    return NULL;
}
