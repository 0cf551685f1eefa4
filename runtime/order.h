/* order.h - a < b and a > b decided without a call where no Python code can run (exact ints of
 * one machine word, floats, strs, and tuples of them), and the heapq functions built on
 * it, and min/max of an iterable.  Included by pyc2c.h. */
#ifndef PYC2C_ORDER_H
#define PYC2C_ORDER_H

/* PyObject_RichCompareBool(a, b, op) for op Py_LT or Py_GT: 1, 0, or -1 with an
 * exception set. */
int Pyc2c_OrderBool(PyObject *a, PyObject *b, int op);
enum { PYC2C_ORDER_EQUAL = 2, PYC2C_ORDER_SLOW = 3 };

/* Two exact strs: 1 or 0 for u op v, PYC2C_ORDER_EQUAL when equal. */
int Pyc2c_StrOrder(PyObject *u, PyObject *v, int op);

/* u op v for u and v of one exact type t: one-digit ints and floats in C (1 or 0;
 * PYC2C_ORDER_EQUAL when equal, NaN never is), PYC2C_ORDER_SLOW for anything else. */
static inline int Pyc2c_NumberOrder(PyTypeObject *t, PyObject *u, PyObject *v, int op)
{
    if (t == &PyLong_Type && PYC2C_LONG_IS_COMPACT(u) && PYC2C_LONG_IS_COMPACT(v)) {
        int64_t x = PYC2C_LONG_COMPACT(u), y = PYC2C_LONG_COMPACT(v);
        return x == y ? PYC2C_ORDER_EQUAL : op == Py_LT ? x < y : x > y;
    }
    if (t == &PyFloat_Type) {
        double x = PyFloat_AS_DOUBLE(u), y = PyFloat_AS_DOUBLE(v);
        return x == y ? PYC2C_ORDER_EQUAL : op == Py_LT ? x < y : x > y;
    }
    return PYC2C_ORDER_SLOW;
}

/* u op v for items of one exact type that order without a call (one-digit ints,
 * floats, strs): 1 or 0; PYC2C_ORDER_EQUAL when they are equal (NaN is not);
 * PYC2C_ORDER_SLOW for anything else. */
static inline int Pyc2c_ScalarOrder(PyObject *u, PyObject *v, int op)
{
    PyTypeObject *t = Py_TYPE(u);
    if (t != Py_TYPE(v)) {
        return PYC2C_ORDER_SLOW;
    }
    if (t == &PyUnicode_Type) {
        return Pyc2c_StrOrder(u, v, op);
    }
    return Pyc2c_NumberOrder(t, u, v, op);
}

/* Two exact tuples from item i on, as Pyc2c_OrderQuick below (out of line: order.c). */
int Pyc2c_TupleOrderQuick(PyObject *a, PyObject *b, int op, Py_ssize_t i);

/* u op v for two items of tuples being ordered, inline: 1 or 0 for distinct one-digit
 * ints and floats of different values (a NaN differs from all: not less, as
 * tuplerichcompare finds it not equal first); PYC2C_ORDER_EQUAL for the same object
 * and equal values; PYC2C_ORDER_SLOW for anything else (strs too: out of line). */
static inline int Pyc2c_ItemOrder(PyObject *u, PyObject *v, int op)
{
    if (u == v) {
        return PYC2C_ORDER_EQUAL;
    }
    PyTypeObject *t = Py_TYPE(u);
    return t == Py_TYPE(v) ? Pyc2c_NumberOrder(t, u, v, op) : PYC2C_ORDER_SLOW;
}

/* a op b (Py_LT or Py_GT) where no Python code can run: scalars as above, and exact
 * tuples of them item by item as tuplerichcompare walks them (identity is equality,
 * as in PyObject_RichCompareBool): 1 or 0, else PYC2C_ORDER_SLOW (Pyc2c_OrderBool
 * decides). Heaps of (priority, count, payload) tuples order here, inline in the
 * sift loops, with no reference held and no size check: the first two items inline
 * (priorities tie often near the top of a heap; the count then decides), the rest
 * and strs out of line. */
static inline int Pyc2c_OrderQuick(PyObject *a, PyObject *b, int op)
{
    if (Py_IS_TYPE(a, &PyTuple_Type) && Py_IS_TYPE(b, &PyTuple_Type)) {
        Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
        Py_ssize_t i = 0;
        if (PYC2C_LIKELY(na > 0 && nb > 0)) {
            int r = Pyc2c_ItemOrder(PyTuple_GET_ITEM(a, 0), PyTuple_GET_ITEM(b, 0), op);
            if (r == PYC2C_ORDER_EQUAL && na > 1 && nb > 1) {
                i = 1;
                r = Pyc2c_ItemOrder(PyTuple_GET_ITEM(a, 1), PyTuple_GET_ITEM(b, 1), op);
            }
            if (r < PYC2C_ORDER_EQUAL) {
                return r;
            }
            i += r == PYC2C_ORDER_EQUAL;
        }
        return Pyc2c_TupleOrderQuick(a, b, op, i);
    }
    int r = Pyc2c_ScalarOrder(a, b, op);
    return r == PYC2C_ORDER_EQUAL ? 0 : r;
}

/* max(iterable) (is_max) or min(iterable): the builtin's comparisons (item > best,
 * item < best: the first extreme item wins) and its ValueError when empty. */
PyObject *Pyc2c_MinMaxOf(PyObject *iterable, int is_max);
/* NULL with the builtin's ValueError for an empty iterable (its wording per version). */
PyObject *Pyc2c_MinMaxEmpty(int is_max);

/* fn(heap, ...) where fn is what the call's name holds: heapq's heappush/heappop/
 * heapreplace/heappushpop run here with CPython's comparisons in CPython's order
 * (observable through __lt__), its errors and its checks of a heap that changes size
 * during a comparison; anything else put under the name, and a heap that is not a
 * list, is called (its own errors). heappush returns 0, or 2 with an exception set. */
char Pyc2cHeap_Push(PyObject *fn, PyObject *heap, PyObject *item);
PyObject *Pyc2cHeap_Pop(PyObject *fn, PyObject *heap);
PyObject *Pyc2cHeap_Replace(PyObject *fn, PyObject *heap, PyObject *item);
PyObject *Pyc2cHeap_PushPop(PyObject *fn, PyObject *heap, PyObject *item);
/* heapify(heap): _heapq's sifts in its order; 0, or 2 with an exception set. */
char Pyc2cHeap_Heapify(PyObject *fn, PyObject *heap);

#endif
