/* list.c - list slow paths (containers.h has the fast paths): the methods past their
 * common case, and the IndexError of a list, tuple or str index, with CPython's messages. */
#include "pyc2c.h"

Py_ssize_t Pyc2c_IndexFail(Pyc2cInt i, Py_ssize_t n, const char *msg)
{
    (void)n;
    if (i == PYC2C_INT_ERROR) {
        return -1;
    }
    if (!Pyc2cInt_IsShort(i)) {
        /* a long int that still fits Py_ssize_t is just out of range */
        Py_ssize_t v = PyLong_AsSsize_t(Pyc2cInt_LongObject(i));
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            PyErr_Format(PyExc_IndexError, "cannot fit 'int' into an index-sized integer");
            return -1;
        }
    }
    PyErr_SetString(PyExc_IndexError, msg);
    return -1;
}

PyObject *Pyc2cList_Repeat(PyObject *l, Pyc2cInt n)
{
    if (PyList_CheckExact(l) && Pyc2cInt_IsShort(n)) {
        int64_t k = Pyc2cInt_ShortValue(n);
        return PySequence_Repeat(l, k < 0 ? 0 : (Py_ssize_t)k);
    }
    PyObject *b = Pyc2cInt_Box(n);
    if (b == NULL) {
        return NULL;
    }
    PyObject *r = PyNumber_Multiply(l, b);
    Py_DECREF(b);
    return r;
}

PyObject *Pyc2cList_RepeatItem(PyObject *x, Pyc2cInt n)
{
    /* a bound far below where list's own repetition reports MemoryError: past it that
     * path gives the same error as CPython's */
    if (Pyc2cInt_IsShort(n) && Pyc2cInt_ShortValue(n) < ((int64_t)1 << 24)) {
        int64_t k = Pyc2cInt_ShortValue(n);
        PyObject *l = PyList_New(k < 0 ? 0 : (Py_ssize_t)k);
        for (int64_t i = 0; l != NULL && i < k; i++) {
            Py_INCREF(x);
            PyList_SET_ITEM(l, (Py_ssize_t)i, x);
        }
        return l;
    }
    PyObject *one = PyList_New(1);
    if (one == NULL) {
        return NULL;
    }
    Py_INCREF(x);
    PyList_SET_ITEM(one, 0, x);
    PyObject *r = Pyc2cList_Repeat(one, n);
    Py_DECREF(one);
    return r;
}

/* l.pop() and l.pop(i) past containers.h's fast path: an exact list and an index in
 * range (a shrink) by list.pop's own slice removal; the list method itself raises for
 * the rest (or runs a subclass's override). */
PyObject *Pyc2cList_PopSlow(PyObject *l, Pyc2cInt i, int has_index)
{
    Py_ssize_t n = PyList_GET_SIZE(l);
    if (PyList_CheckExact(l) && (!has_index || Pyc2cInt_IsShort(i))) {
        int64_t k = has_index ? Pyc2cInt_ShortValue(i) : (int64_t)n - 1;
        k += k < 0 ? (int64_t)n : 0;
        if (k >= 0 && k < (int64_t)n) {
            PyObject *x = PyList_GET_ITEM(l, (Py_ssize_t)k);
            Py_INCREF(x);
            if (PyList_SetSlice(l, (Py_ssize_t)k, (Py_ssize_t)k + 1, NULL) < 0) {
                Py_DECREF(x);
                return NULL;
            }
            return x;
        }
    }
    if (!has_index) {
        return Pyc2c_CallNamed0(l, "pop");
    }
    PyObject *ix = Pyc2cInt_Box(i);
    if (ix == NULL) {
        return NULL;
    }
    PyObject *r = Pyc2c_CallNamed1(l, "pop", ix);
    Py_DECREF(ix);
    return r;
}

/* l.append(v) of a list subclass: list's own, or the class's override by name. */
char Pyc2cList_AppendSlow(PyObject *l, PyObject *v)
{
    if (Pyc2c_OwnsSlow(l, &PyList_Type, PYC2C_OWN_APPEND)) {
        return PyList_Append(l, v) < 0 ? 2 : 0;
    }
    return Pyc2c_DropResult(Pyc2c_CallNamed1(l, "append", v));
}

/* l.sort() and l.reverse() without arguments; a subclass's override by name. */
static char list_method0(PyObject *l, int op, const char *name, int (*own)(PyObject *))
{
    if (Pyc2c_Owns(l, &PyList_Type, op)) {
        return own(l) < 0 ? 2 : 0;
    }
    return Pyc2c_DropResult(Pyc2c_CallNamed0(l, name));
}

char Pyc2cList_Sort(PyObject *l)
{
    return list_method0(l, PYC2C_OWN_SORT, "sort", PyList_Sort);
}

char Pyc2cList_Reverse(PyObject *l)
{
    return list_method0(l, PYC2C_OWN_REVERSE, "reverse", PyList_Reverse);
}

char Pyc2cList_Insert(PyObject *l, Pyc2cInt i, PyObject *v)
{
    if (Pyc2cInt_IsShort(i) && Pyc2c_Owns(l, &PyList_Type, PYC2C_OWN_INSERT)) {
        int64_t k = Pyc2cInt_ShortValue(i);
        Py_ssize_t n = PyList_GET_SIZE(l);
        k = k < -(int64_t)n ? 0 : k > (int64_t)n ? (int64_t)n : k;   /* list.insert clamps */
        return PyList_Insert(l, (Py_ssize_t)(k < 0 ? k + n : k), v) < 0 ? 2 : 0;
    }
    PyObject *ix = Pyc2cInt_Box(i);
    if (ix == NULL) {
        return 2;
    }
    PyObject *args[2] = {ix, v};
    PyObject *r = Pyc2c_CallNamed(l, "insert", args, 2);
    Py_DECREF(ix);
    return Pyc2c_DropResult(r);
}

char Pyc2cList_Extend(PyObject *l, PyObject *iterable)
{
    if (PyList_CheckExact(l) && Pyc2c_PlainSeq(iterable)) {
        /* what list.extend does for these: l[n:n] = iterable (a copy first when l is iterable) */
        Py_ssize_t n = PyList_GET_SIZE(l);
        return PyList_SetSlice(l, n, n, iterable) < 0 ? 2 : 0;
    }
    return Pyc2c_DropResult(Pyc2c_CallNamed1(l, "extend", iterable));
}

PyObject *Pyc2cList_FromIterable(PyObject *o)
{
    return PySequence_List(o);
}

/* Room for n items in l, a new and still empty exact list (a comprehension over a list or
 * tuple, compiler/ir/build_comp.c): its appends then never grow it. Room is invisible
 * but to sys.getsizeof; a failed allocation (no error set) or n within what l has leaves
 * l as it is, to grow as it would. The free-threaded build's item array carries a header
 * of its own: left to grow there. */
char Pyc2cList_Reserve(PyObject *l, int64_t n)
{
#ifndef Py_GIL_DISABLED
    PyListObject *o = (PyListObject *)l;
    if (n > o->allocated && Py_SIZE(o) == 0 && (uint64_t)n <= (uint64_t)PY_SSIZE_T_MAX / sizeof(PyObject *)) {
        PyObject **items = PyMem_Realloc(o->ob_item, (size_t)n * sizeof(PyObject *));
        if (items != NULL) {
            o->ob_item = items;
            o->allocated = (Py_ssize_t)n;
        }
    }
#else
    (void)l;
    (void)n;
#endif
    return 0;
}

char Pyc2cList_AppendSlowR(PyObject *l, PyObject *v)
{
    int r = PyList_Append(l, v);
    Py_DECREF(v);
    return r < 0 ? 2 : 0;
}
