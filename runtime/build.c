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

#ifdef PYC2C_DICT_PROBE
/* A dict display of 2 to 8 distinct interned exact str keys (the source's literal keys,
 * `{"id": i, "city": c}` in a loop), 3.11 and later: a copy of a template dict of the same
 * keys (values None, built by the same inserts, so the same table and size) whose {key,
 * value} entries (dictprobe.h's checked layout) then get the values in display order. No
 * one has seen the new dict, so writing its entries is making it with those values: one
 * table clone instead of an insert per key (~230 instructions each). Templates live in a
 * small table keyed by the key objects, which the template holds, so an identity match
 * is a match. */
#define DICT_TEMPLATES 64   /* two ways a hash: two sites of one loop rarely evict each other */
#define DICT_TEMPLATE_KEYS 8
typedef struct {
    Py_ssize_t n;                          /* items: 2 * keys; 0: empty */
    PyObject *keys[DICT_TEMPLATE_KEYS];    /* borrowed from dict, which holds them */
    PyObject *dict;
} DictTemplate;
static DictTemplate dict_templates[DICT_TEMPLATES];

/* The table of d when it is combined, all exact str keys, with n / 2 entries in use. */
static Pyc2cDictKeys *str_table(PyObject *d, Py_ssize_t n)
{
    PyDictObject *mp = (PyDictObject *)d;
    Pyc2cDictKeys *dk = (Pyc2cDictKeys *)mp->ma_keys;
    if (mp->ma_values != NULL || dk->kind != 1 || dk->nentries != n / 2 || mp->ma_used != n / 2) {
        return NULL;
    }
    return dk;
}

/* The first of the two template slots for these keys (the other: index ^ 1), or NULL
 * when a key is no interned exact str. */
static DictTemplate *template_slot(Py_ssize_t n, PyObject *const *items)
{
    uintptr_t h = (uintptr_t)n;
    for (Py_ssize_t i = 0; i < n; i += 2) {
        PyObject *k = items[i];
        if (!PyUnicode_CheckExact(k) || !PyUnicode_CHECK_INTERNED(k)) {
            return NULL;
        }
        h = h * 31 + ((uintptr_t)k >> 4);
    }
    return &dict_templates[h % DICT_TEMPLATES];
}

static int template_matches(const DictTemplate *t, Py_ssize_t n, PyObject *const *items)
{
    int same = t->n == n;
    for (Py_ssize_t i = 0; same && i < n; i += 2) {
        same = t->keys[i / 2] == items[i];
    }
    return same;
}

/* Makes t the template of these keys; a failure or a table not as expected (a repeated
 * key) leaves the slot empty. */
static void template_fill(DictTemplate *t, Py_ssize_t n, PyObject *const *items)
{
    Py_CLEAR(t->dict);
    t->n = 0;
    PyObject *d = PyDict_New();
    for (Py_ssize_t i = 0; d != NULL && i < n; i += 2) {
        if (PyDict_SetItem(d, items[i], Py_None) < 0) {
            Py_CLEAR(d);
        }
    }
    if (d == NULL || str_table(d, n) == NULL) {
        PyErr_Clear();
        Py_XDECREF(d);
        return;
    }
    for (Py_ssize_t i = 0; i < n; i += 2) {
        t->keys[i / 2] = items[i];
    }
    t->dict = d;
    t->n = n;
}

/* The new dict, or NULL with an exception set, or NULL with none: the copy's table is
 * not the template's (the caller builds the dict as usual). */
static PyObject *from_template(const DictTemplate *t, Py_ssize_t n, PyObject *const *items)
{
    PyObject *d = PyDict_Copy(t->dict);
    if (d == NULL) {
        return NULL;
    }
    Pyc2cDictKeys *dk = str_table(d, n);
    if (dk == NULL || dk->log2_size != ((Pyc2cDictKeys *)((PyDictObject *)t->dict)->ma_keys)->log2_size) {
        Py_DECREF(d);
        return NULL;
    }
    PyObject **e = (PyObject **)Pyc2cDict_Entries(dk);   /* {key, value}, in insertion order */
    int track = 0;
    for (Py_ssize_t i = 0; i < n; i += 2, e += 2) {
        PyObject *v = items[i + 1], *old = e[1];
        Py_INCREF(v);
        e[1] = v;
        Py_DECREF(old);   /* None */
        track |= PyObject_IS_GC(v) && (!PyTuple_CheckExact(v) || PyObject_GC_IsTracked(v));
    }
    if (track && !PyObject_GC_IsTracked(d)) {   /* as insertdict's MAINTAIN_TRACKING */
        PyObject_GC_Track(d);
    }
    return d;
}

static PyObject *build_from_template(Py_ssize_t n, PyObject *const *items)
{
    if (n < 4 || n > 2 * DICT_TEMPLATE_KEYS ||
        !(pyc2c_dict_probe_ok > 0 || (pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit()))) {
        return NULL;
    }
    DictTemplate *t = template_slot(n, items);
    if (t == NULL) {
        return NULL;
    }
    DictTemplate *u = &dict_templates[(size_t)(t - dict_templates) ^ 1];
    if (!template_matches(t, n, items)) {
        if (!template_matches(u, n, items)) {
            static unsigned victim;
            template_fill(t->n == 0 ? t : u->n == 0 ? u : (victim++ & 1) ? u : t, n, items);
            return NULL;
        }
        t = u;
    }
    return from_template(t, n, items);
}
#endif

/* items holds n / 2 key, value pairs, in display order (later keys win). */
PyObject *Pyc2c_BuildDict(Py_ssize_t n, PyObject *const *items)
{
#ifdef PYC2C_DICT_PROBE
    PyObject *t = build_from_template(n, items);
    if (t != NULL || PyErr_Occurred()) {
        return t;
    }
#endif
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

/* Each item of the iterator it (stolen) given to add(target, item): 0, or 2 with an
 * exception set. */
static char add_each(PyObject *target, PyObject *it, int (*add)(PyObject *, PyObject *))
{
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = add(target, item);
        Py_DECREF(item);
        if (rc < 0) {
            Py_DECREF(it);
            return 2;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? 2 : 0;
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
    return add_each(list, it, PyList_Append);
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
    return add_each(set, it, PySet_Add);
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
