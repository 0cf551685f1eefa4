/* order.c - a < b and a > b without PyObject_RichCompare where the answer needs no
 * Python code. Exact ints of one digit, exact floats and exact strs compare here; exact
 * tuples walk their items as tuplerichcompare does (the first pair not equal decides,
 * else the lengths). Everything else, and anything nested deeper, is
 * PyObject_RichCompareBool with the same operands in the same order. */
#include "pyc2c.h"

enum { NOT_DECIDED = 2, TUPLE_DEPTH = 2 };

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

static int compare(PyObject *a, PyObject *b, int op, int depth);

/* Two exact tuples: the first items that differ decide, else the lengths. */
static int tuple_compare(PyObject *a, PyObject *b, int op, int depth)
{
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    Py_ssize_t n = na < nb ? na : nb;
    for (Py_ssize_t i = 0; i < n; i++) {
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
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        return op == Py_LT ? x < y : x > y;
    }
    if (Pyc2c_BothFloats(a, b)) {
        double u = PyFloat_AS_DOUBLE(a), v = PyFloat_AS_DOUBLE(b);
        return op == Py_LT ? u < v : u > v;
    }
    if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        int c = PyUnicode_Compare(a, b);   /* two strs: cannot fail */
        return op == Py_LT ? c < 0 : c > 0;
    }
    if (depth < TUPLE_DEPTH && PyTuple_CheckExact(a) && PyTuple_CheckExact(b)) {
        return tuple_compare(a, b, op, depth);
    }
    return PyObject_RichCompareBool(a, b, op);
}

int Pyc2c_OrderBool(PyObject *a, PyObject *b, int op)
{
    return compare(a, b, op, 0);
}

PyObject *Pyc2c_MinMaxOf(PyObject *iterable, int is_max)
{
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) {
        return NULL;
    }
    int op = is_max ? Py_GT : Py_LT;
    PyObject *best = NULL, *item;
    while ((item = PyIter_Next(it)) != NULL) {
        if (best == NULL) {
            best = item;
            continue;
        }
        int better = compare(item, best, op, 0);
        if (better < 0) {
            Py_DECREF(item);
            Py_CLEAR(best);
            break;
        }
        if (better) {
            Py_SETREF(best, item);
        } else {
            Py_DECREF(item);
        }
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
