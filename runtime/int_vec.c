/* int_vec.c - int vectors: a function's private list of ints (ir/build_int_vec.c says
 * which), held as an array of tagged ints instead of a list of int objects. Such a list
 * is made by one list comprehension of int arithmetic and only iterated by
 * comprehensions, summed or measured with len(), so no code but the function's own ever
 * sees it and no int object need be made per element.
 *
 * One escape is left: sum(v) where the name sum no longer holds the builtin. The vector
 * then becomes a real list (Pyc2cIntVec_AsList: "list mode"), handed to the callee, and
 * every later read of the vector reads that list, so what the callee did to it is seen
 * as it would be with the list itself. */
#include "pyc2c.h"

static void ivec_dealloc(PyObject *self)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)self;
    for (Py_ssize_t i = 0; v->nlong > 0 && i < v->len; i++) {
        Pyc2cInt_DECREF(v->items[i]);
    }
    PyMem_Free(v->items);
    Py_XDECREF(v->list);
    PyObject_Free(self);
}

PyTypeObject Pyc2cIntVec_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pyc2c.int_vector",
    .tp_basicsize = sizeof(Pyc2cIntVec),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = ivec_dealloc,
};

PyObject *Pyc2cIntVec_New(void)
{
    if (!(Pyc2cIntVec_Type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&Pyc2cIntVec_Type) < 0) {
        return NULL;
    }
    Pyc2cIntVec *v = PyObject_New(Pyc2cIntVec, &Pyc2cIntVec_Type);
    if (v == NULL) {
        return NULL;
    }
    v->len = v->cap = v->nlong = 0;
    v->items = NULL;
    v->list = NULL;
    return (PyObject *)v;
}

/* Append when the array is full (or, never in generated code, in list mode). */
char Pyc2cIntVec_AppendSlow(PyObject *self, Pyc2cInt t)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)self;
    if (v->list != NULL) {
        PyObject *o = Pyc2cInt_Box(t);
        int r = o == NULL ? -1 : PyList_Append(v->list, o);
        Py_XDECREF(o);
        return r < 0 ? 2 : 0;
    }
    Py_ssize_t cap = v->cap < 8 ? 8 : v->cap + (v->cap >> 1);   /* list's growth, about */
    if ((size_t)cap > PY_SSIZE_T_MAX / sizeof(Pyc2cInt)) {
        PyErr_NoMemory();
        return 2;
    }
    Pyc2cInt *items = PyMem_Realloc(v->items, (size_t)cap * sizeof(Pyc2cInt));
    if (items == NULL) {
        PyErr_NoMemory();
        return 2;
    }
    v->items = items;
    v->cap = cap;
    if (!Pyc2cInt_IsShort(t)) {
        Pyc2cInt_IncRefLong(t);
        v->nlong++;
    }
    v->items[v->len++] = t;
    return 0;
}

/* List mode: the i-th item of the list, unboxed (TypeError for anything but an int,
 * as the list's own typed read gives). */
Pyc2cInt Pyc2cIntVec_ItemSlow(PyObject *self, int64_t i)
{
    PyObject *o = PyList_GET_ITEM(((Pyc2cIntVec *)self)->list, (Py_ssize_t)i);
    Pyc2cInt t = Pyc2cInt_UnboxFast(o);
    if (t == PYC2C_INT_ERROR) {
        Pyc2c_TypeError("int", o);
    }
    return t;
}

/* The vector as a list, made once (borrowed; NULL with MemoryError). */
PyObject *Pyc2cIntVec_AsList(PyObject *self)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)self;
    if (v->list != NULL) {
        return v->list;
    }
    PyObject *l = PyList_New(v->len);
    if (l == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < v->len; i++) {
        PyObject *o = Pyc2cInt_Box(v->items[i]);
        if (o == NULL) {
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, i, o);
    }
    for (Py_ssize_t i = 0; i < v->len; i++) {
        Pyc2cInt_DECREF(v->items[i]);
    }
    PyMem_Free(v->items);
    v->items = NULL;
    v->len = v->cap = v->nlong = 0;
    v->list = l;
    return l;
}

/* hi * 2**64 + lo as an int object. */
static PyObject *from_wide(__int128 w)
{
    if (w >= INT64_MIN && w <= INT64_MAX) {
        return PyLong_FromLongLong((long long)w);
    }
    PyObject *hi = PyLong_FromLongLong((long long)(w >> 64)), *sh = PyLong_FromLong(64);
    PyObject *lo = PyLong_FromUnsignedLongLong((unsigned long long)(w & UINT64_MAX));
    PyObject *up = hi && sh ? PyNumber_Lshift(hi, sh) : NULL;
    PyObject *r = up && lo ? PyNumber_Add(up, lo) : NULL;
    Py_XDECREF(hi);
    Py_XDECREF(sh);
    Py_XDECREF(lo);
    Py_XDECREF(up);
    return r;
}

/* sum(v) by the builtin: the exact sum of the ints. Short items (|t| < 2**62) add up in
 * 128 bits (no overflow below 2**65 items); long ones (exact PyLongs) as objects. */
static PyObject *ivec_sum(Pyc2cIntVec *v)
{
    __int128 acc = 0;
    PyObject *big = NULL;
    if (v->nlong == 0) {   /* tagged shorts are 2 * value: add them as they are */
        for (Py_ssize_t i = 0; i < v->len; i++) {
            acc += v->items[i];
        }
        return from_wide(acc >> 1);
    }
    for (Py_ssize_t i = 0; i < v->len; i++) {
        Pyc2cInt t = v->items[i];
        if (PYC2C_LIKELY(Pyc2cInt_IsShort(t))) {
            acc += Pyc2cInt_ShortValue(t);
            continue;
        }
        PyObject *x = Pyc2cInt_LongObject(t);
        PyObject *s = big ? PyNumber_Add(big, x) : (Py_INCREF(x), x);
        Py_XDECREF(big);
        if (s == NULL) {
            return NULL;
        }
        big = s;
    }
    PyObject *r = from_wide(acc);
    if (r == NULL || big == NULL) {
        Py_XDECREF(big);
        return r;
    }
    PyObject *s = PyNumber_Add(r, big);
    Py_DECREF(r);
    Py_DECREF(big);
    return s;
}

/* sum(v) where the name sum holds fn: in place by the builtin, else fn(list). */
PyObject *Pyc2cIntVec_CallSum(PyObject *fn, PyObject *self)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)self;
    if (fn == pyc2c_builtin_sum && v->list == NULL) {
        return ivec_sum(v);
    }
    PyObject *l = Pyc2cIntVec_AsList(self);
    return l == NULL ? NULL : Pyc2c_CallSum(fn, l);
}
