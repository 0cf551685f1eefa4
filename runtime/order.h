/* order.h - a < b and a > b decided without a call where no Python code can run (exact ints of
 * one machine word, floats, strs, and tuples of them), and the heapq functions built on
 * it, and min/max of an iterable.  Included by pyc2c.h. */
#ifndef PYC2C_ORDER_H
#define PYC2C_ORDER_H

/* PyObject_RichCompareBool(a, b, op) for op Py_LT or Py_GT: 1, 0, or -1 with an
 * exception set. */
int Pyc2c_OrderBool(PyObject *a, PyObject *b, int op);
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

#endif
