/* build.c - list, tuple, set and dict displays over borrowed items. */
#include <stdarg.h>
#include "pyc2c.h"

PyObject *Pyc2c_BuildList(Py_ssize_t n, PyObject *const *items)
{
    PyObject *list = PyList_New(n);
    if (list == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(items[i]);
        PyList_SET_ITEM(list, i, items[i]);
    }
    return list;
}

PyObject *Pyc2c_BuildTuple(Py_ssize_t n, PyObject *const *items)
{
    PyObject *t = PyTuple_New(n);
    if (t == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(items[i]);
        PyTuple_SET_ITEM(t, i, items[i]);
    }
    return t;
}

PyObject *Pyc2c_TupleSteal(Py_ssize_t n, PyObject **items)
{
    int ok = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        ok = ok && items[i] != NULL;
    }
    PyObject *t = ok ? PyTuple_New(n) : NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (t != NULL) {
            PyTuple_SET_ITEM(t, i, items[i]);
        } else {
            Py_XDECREF(items[i]);
        }
    }
    return t;
}

/* A split return's boxed elements (compiler/ir/build_split.c) as its tuple. */
PyObject *Pyc2c_TupleOfBoxed(int n, ...)
{
    PyObject *items[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        items[i] = va_arg(ap, PyObject *);
    }
    va_end(ap);
    return Pyc2c_TupleSteal(n, items);
}

PyObject *Pyc2c_BuildSet(Py_ssize_t n, PyObject *const *items)
{
    PyObject *set = PySet_New(NULL);
    for (Py_ssize_t i = 0; set != NULL && i < n; i++) {
        if (PySet_Add(set, items[i]) < 0) {
            Py_CLEAR(set);
        }
    }
    return set;
}

/* items holds n / 2 key, value pairs, in display order (later keys win). */
PyObject *Pyc2c_BuildDict(Py_ssize_t n, PyObject *const *items)
{
    PyObject *dict = PyDict_New();
    for (Py_ssize_t i = 0; dict != NULL && i + 1 < n; i += 2) {
        if (PyDict_SetItem(dict, items[i], items[i + 1]) < 0) {
            Py_CLEAR(dict);
        }
    }
    return dict;
}

/* A 3.9 dict or set display of many computed elements (compiler/ir/build_expr.c
 * hold_display): made into the private list held in display order, inserted now as
 * 3.9's BUILD_MAP and BUILD_SET insert them. No other code sees held, so its items
 * stay in place while keys are hashed and compared. */
PyObject *Pyc2c_DictFromHeld(PyObject *held)
{
    return Pyc2c_BuildDict(PyList_GET_SIZE(held), ((PyListObject *)held)->ob_item);
}

PyObject *Pyc2c_SetFromHeld(PyObject *held)
{
    return Pyc2c_BuildSet(PyList_GET_SIZE(held), ((PyListObject *)held)->ob_item);
}

/* [*x], (*x,): LIST_EXTEND's error for an x that is no iterable (other errors, from an
 * __iter__ that raises, pass as they are). 0, or 2 with an exception set. */
char Pyc2cList_ExtendStar(PyObject *list, PyObject *x)
{
    if (PyList_CheckExact(x) || PyTuple_CheckExact(x)) {   /* copied at once, as list.extend does */
        Py_ssize_t n = PyList_GET_SIZE(list);
        return PyList_SetSlice(list, n, n, x) < 0 ? 2 : 0;
    }
    PyObject *it = PyObject_GetIter(x);
    if (it == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(x)->tp_iter == NULL && !PySequence_Check(x)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "Value after * must be an iterable, not %.200s", Py_TYPE(x)->tp_name);
        }
        return 2;
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = PyList_Append(list, item);
        Py_DECREF(item);
        if (rc < 0) {
            Py_DECREF(it);
            return 2;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? 2 : 0;
}

/* {*x}: SET_UPDATE, each item of x added. */
char Pyc2cSet_UpdateStar(PyObject *set, PyObject *x)
{
    if (PyAnySet_Check(x)) {   /* merged by set |= x, as set.update merges a set */
        PyObject *r = PyNumber_InPlaceOr(set, x);
        Py_XDECREF(r);
        return r ? 0 : 2;
    }
    PyObject *it = PyObject_GetIter(x);
    if (it == NULL) {
        return 2;
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = PySet_Add(set, item);
        Py_DECREF(item);
        if (rc < 0) {
            Py_DECREF(it);
            return 2;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? 2 : 0;
}

/* {**x}: DICT_UPDATE; an x without keys() is "not a mapping". */
char Pyc2cDict_UpdateStar(PyObject *dict, PyObject *x)
{
    if (PyDict_Update(dict, x) == 0) {
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "'%.200s' object is not a mapping", Py_TYPE(x)->tp_name);
    }
    return 2;
}
