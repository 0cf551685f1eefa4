/* order.c - a < b without PyObject_RichCompare where the answer needs no Python code.
 * Exact ints of one digit, exact floats and exact strs compare here; exact tuples walk
 * their items as tuplerichcompare does (the first pair not equal decides, else the
 * lengths). Everything else, and anything nested deeper, is PyObject_RichCompareBool. */
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

static int less(PyObject *a, PyObject *b, int depth);

/* Two exact tuples: the first items that differ decide, else the shorter is less. */
static int tuple_less(PyObject *a, PyObject *b, int depth)
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
            return less(u, v, depth + 1);
        }
    }
    return na < nb;
}

static int less(PyObject *a, PyObject *b, int depth)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        return x < y;
    }
    if (Pyc2c_BothFloats(a, b)) {
        return PyFloat_AS_DOUBLE(a) < PyFloat_AS_DOUBLE(b);
    }
    if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        return PyUnicode_Compare(a, b) < 0;   /* two strs: cannot fail */
    }
    if (depth < TUPLE_DEPTH && PyTuple_CheckExact(a) && PyTuple_CheckExact(b)) {
        return tuple_less(a, b, depth);   /* tuples keep their items alive */
    }
    return PyObject_RichCompareBool(a, b, Py_LT);
}

int Pyc2c_LessBool(PyObject *a, PyObject *b)
{
    return less(a, b, 0);
}
