/* named_tuple.c - P(a, b) of a typing.NamedTuple (or collections.namedtuple) class made
 * without running its __new__ (see calls.h).
 *
 * Such a class's __new__ is the function namedtuple() generates,
 * `lambda _cls, a, b=d: _tuple_new(_cls, (a, b))` with tuple.__new__ as _tuple_new, and
 * its __init__ is object's: calling the class binds the arguments to the fields (the
 * function's defaults filling the last ones) and makes a tuple of the class with them,
 * which is what the fast path does. The class is remembered with its version tag (any
 * change to its or its bases' attributes changes it); the function's defaults and code
 * are read again at every call, since they can be reassigned without touching the
 * class. Anything else (another callable, a call that does not bind: too many or
 * unknown arguments) is the ordinary call, with its TypeError. */
#include "pyc2c.h"

#include <string.h>

/* Is f the __new__ namedtuple() made (its globals: _tuple_new, __name__ namedtuple_X)? */
static int generated_new(PyObject *f)
{
    if (!PyFunction_Check(f)) {
        return 0;
    }
    PyObject *g = PyFunction_GET_GLOBALS(f);
    PyObject *tn = PyDict_GetItemString(g, "_tuple_new");   /* borrowed; no error raised */
    PyObject *name = PyDict_GetItemString(g, "__name__");
    static PyObject *tuple_new;   /* tuple.__new__ (3.12+ keeps a builtin type's dict elsewhere) */
    if (tuple_new == NULL && (tuple_new = PyObject_GetAttrString((PyObject *)&PyTuple_Type, "__new__")) == NULL) {
        PyErr_Clear();
        return 0;
    }
    if (tn == NULL || tn != tuple_new || name == NULL || !PyUnicode_Check(name)) {
        return 0;
    }
    const char *s = PyUnicode_AsUTF8(name);
    if (s == NULL) {
        PyErr_Clear();
        return 0;
    }
    PyCodeObject *co = (PyCodeObject *)PyFunction_GET_CODE(f);
    return strncmp(s, "namedtuple_", 11) == 0 && co->co_argcount >= 1 && co->co_kwonlyargcount == 0 &&
           co->co_posonlyargcount == 0 && (co->co_flags & (CO_VARARGS | CO_VARKEYWORDS)) == 0;
}

/* Remembers callable in c when it is such a class; 1 if it is. */
static int fill(PyObject *callable, Pyc2cTupleNew *c)
{
    if (!Py_IS_TYPE(callable, &PyType_Type)) {
        return 0;
    }
    PyTypeObject *tp = (PyTypeObject *)callable;
    static PyObject *s_new, *s_init;
    if (s_new == NULL && ((s_new = PyUnicode_InternFromString("__new__")) == NULL ||
                          (s_init = PyUnicode_InternFromString("__init__")) == NULL)) {
        PyErr_Clear();
        return 0;
    }
    if (!PyType_IsSubtype(tp, &PyTuple_Type)) {
        return 0;
    }
    PyObject *sm = _PyType_Lookup(tp, s_new);   /* borrowed; gives tp a version tag */
    PyObject *init = _PyType_Lookup(tp, s_init);
    if (sm == NULL || !Py_IS_TYPE(sm, &PyStaticMethod_Type)) {
        return 0;   /* a class body's __new__ is made a staticmethod */
    }
    PyObject *f = PyObject_GetAttrString(sm, "__func__");
    Py_XDECREF(f);   /* the staticmethod, held by the class, holds it */
    if (f == NULL) {
        PyErr_Clear();
        return 0;
    }
    if (init == NULL || init != _PyType_Lookup(&PyBaseObject_Type, s_init) ||
        tp->tp_init != PyBaseObject_Type.tp_init || !generated_new(f) || !PYC2C_TYPE_TAG_VALID(tp)) {
        return 0;
    }
    PyObject *code = PyFunction_GET_CODE(f);
    PyObject *names = PyObject_GetAttrString(code, "co_varnames");   /* _cls, then the fields */
    if (names == NULL || !PyTuple_Check(names) || PyTuple_GET_SIZE(names) < ((PyCodeObject *)code)->co_argcount) {
        Py_XDECREF(names);
        PyErr_Clear();
        return 0;
    }
    Py_INCREF(f);
    Py_INCREF(code);
    Py_XSETREF(c->func, f);
    Py_XSETREF(c->code, code);
    Py_XSETREF(c->names, names);
    c->type = tp;
    c->version = tp->tp_version_tag;
    c->nfields = ((PyCodeObject *)code)->co_argcount - 1;
    return 1;
}

/* The index of field `name` (a keyword of the call), or -1. */
static Py_ssize_t field_index(const Pyc2cTupleNew *c, PyObject *name)
{
    for (Py_ssize_t i = 0; i < c->nfields; i++) {
        PyObject *v = PyTuple_GET_ITEM(c->names, i + 1);
        if (v == name || (PyUnicode_Check(v) && PyUnicode_Compare(v, name) == 0)) {
            return i;
        }
    }
    return -1;
}

/* An instance of tuple subclass tp holding items[0..n) (borrowed), as tuple.__new__(tp,
 * items) makes it: no __new__ or __init__ of tp runs. */
static PyObject *instance_of(PyTypeObject *tp, PyObject **items, Py_ssize_t n)
{
    PyObject *r = tp->tp_alloc(tp, n);
    if (r == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(items[i]);
        PyTuple_SET_ITEM(r, i, items[i]);
    }
    if (!PyObject_GC_IsTracked(r)) {
        PyObject_GC_Track(r);
    }
    return r;
}

/* The instance, or NULL without an exception when the call does not bind that way. */
static PyObject *make(Pyc2cTupleNew *c, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    Py_ssize_t n = c->nfields, nkw = kwnames != NULL ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *f = c->func;
    if (nargs + nkw > n || n > 64 || PyFunction_GET_CODE(f) != c->code) {
        return NULL;
    }
    PyObject *items[64];
    for (Py_ssize_t i = 0; i < n; i++) {
        items[i] = i < nargs ? args[i] : NULL;
    }
    for (Py_ssize_t k = 0; k < nkw; k++) {
        Py_ssize_t i = field_index(c, PyTuple_GET_ITEM(kwnames, k));
        if (i < 0 || items[i] != NULL) {
            return NULL;
        }
        items[i] = args[nargs + k];
    }
    PyObject *defaults = PyFunction_GET_DEFAULTS(f);
    Py_ssize_t ndef = defaults != NULL && PyTuple_Check(defaults) ? PyTuple_GET_SIZE(defaults) : 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (items[i] == NULL) {
            if (i < n - ndef) {
                return NULL;   /* a required field not given: the call's TypeError */
            }
            items[i] = PyTuple_GET_ITEM(defaults, i - (n - ndef));
        }
    }
    return instance_of(c->type, items, n);
}

PyObject *Pyc2c_NamedTupleCall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames,
                               Pyc2cTupleNew *c)
{
    if ((callable == (PyObject *)c->type && PYC2C_TYPE_TAG_IS(c->type, c->version)) || fill(callable, c)) {
        PyObject *r = make(c, args, PyVectorcall_NARGS(nargsf), kwnames);
        if (r != NULL || PyErr_Occurred()) {
            return r;
        }
    }
    return PyObject_Vectorcall(callable, args, nargsf, kwnames);
}

/* ---- x._replace(k=v, ...) ----
 *
 * namedtuple()'s _replace is `self._make(_map(kwds.pop, field_names, self))` (a ValueError,
 * or TypeError from 3.13, for a keyword left over) and its _make a classmethod calling
 * tuple.__new__(cls, iterable), which allocates the class's instance without running
 * __new__ or __init__. Every namedtuple class's functions share the code objects of the
 * namedtuple() that made them, found once from a class made here; the closures hold the
 * rest (field_names, _map, tuple_new, num_fields, _len), checked when a type is first seen. */

static PyObject *replace_code, *make_code;   /* Py_None: not found, no fast path */

static int find_codes(void)
{
    PyObject *nt = NULL, *f = NULL, *cm = NULL, *mf = NULL;
    PyObject *coll = PyImport_ImportModule("collections");
    if (coll != NULL) {
        nt = PyObject_CallMethod(coll, "namedtuple", "ss", "_pyc2c_reference", "a");
    }
    if (nt != NULL) {
        f = PyObject_GetAttrString(nt, "_replace");
        cm = PyObject_GetAttrString(nt, "_make");
    }
    if (cm != NULL) {
        mf = PyObject_GetAttrString(cm, "__func__");
    }
    int ok = f != NULL && mf != NULL && PyFunction_Check(f) && PyFunction_Check(mf);
    replace_code = ok ? PyFunction_GET_CODE(f) : Py_None;
    make_code = ok ? PyFunction_GET_CODE(mf) : Py_None;
    Py_INCREF(replace_code);   /* kept for the process */
    Py_INCREF(make_code);
    PyErr_Clear();
    Py_XDECREF(coll);
    Py_XDECREF(nt);
    Py_XDECREF(f);
    Py_XDECREF(cm);
    Py_XDECREF(mf);
    return ok;
}

/* The contents of f's closure cell for free variable `name`, borrowed, or NULL. */
static PyObject *free_var(PyObject *f, const char *name)
{
    PyObject *names = PyObject_GetAttrString(PyFunction_GET_CODE(f), "co_freevars");
    PyObject *closure = PyFunction_GET_CLOSURE(f);
    PyObject *v = NULL;
    for (Py_ssize_t i = 0; names != NULL && PyTuple_Check(names) && closure != NULL && PyTuple_Check(closure) &&
                           i < PyTuple_GET_SIZE(names) && i < PyTuple_GET_SIZE(closure); i++) {
        PyObject *n = PyTuple_GET_ITEM(names, i);
        if (PyUnicode_Check(n) && PyUnicode_CompareWithASCIIString(n, name) == 0) {
            v = PyCell_GET(PyTuple_GET_ITEM(closure, i));
            break;
        }
    }
    Py_XDECREF(names);
    PyErr_Clear();
    return v;
}

static PyObject *builtin_named(const char *name)
{
    PyObject *b = PyEval_GetBuiltins();   /* borrowed */
    return b != NULL ? PyDict_GetItemString(b, name) : NULL;
}

/* Remembers tp and the _replace it found when both are namedtuple()'s; 1 if they are. */
static int replace_fill(PyTypeObject *tp, PyObject *f, Pyc2cReplaceSite *c)
{
    if ((replace_code == NULL && !find_codes()) || replace_code == Py_None) {
        return 0;
    }
    static PyObject *s_make, *tuple_new;
    if (s_make == NULL && (s_make = PyUnicode_InternFromString("_make")) == NULL) {
        PyErr_Clear();
        return 0;
    }
    if (tuple_new == NULL && (tuple_new = PyObject_GetAttrString((PyObject *)&PyTuple_Type, "__new__")) == NULL) {
        PyErr_Clear();
        return 0;
    }
    /* self._make must be the class's: no instance dict, no custom attribute lookup */
    if (!PyFunction_Check(f) || PyFunction_GET_CODE(f) != replace_code || !PyType_IsSubtype(tp, &PyTuple_Type) ||
        tp->tp_dictoffset != 0 || tp->tp_getattro != PyObject_GenericGetAttr) {
        return 0;
    }
    PyObject *cm = _PyType_Lookup(tp, s_make);   /* borrowed */
    if (cm == NULL || !Py_IS_TYPE(cm, &PyClassMethod_Type)) {
        return 0;
    }
    PyObject *mf = PyObject_GetAttrString(cm, "__func__");
    Py_XDECREF(mf);   /* the classmethod, held by the class, holds it */
    if (mf == NULL || !PyFunction_Check(mf) || PyFunction_GET_CODE(mf) != make_code) {
        PyErr_Clear();
        return 0;
    }
    PyObject *fields = free_var(f, "field_names"), *num = free_var(mf, "num_fields");
    if (fields == NULL || !PyTuple_Check(fields) || free_var(f, "_map") != (PyObject *)&PyMap_Type ||
        free_var(mf, "tuple_new") != tuple_new || free_var(mf, "_len") != builtin_named("len") || num == NULL ||
        !PyLong_Check(num) || PyLong_AsSsize_t(num) != PyTuple_GET_SIZE(fields) || !PYC2C_TYPE_TAG_VALID(tp)) {
        PyErr_Clear();
        return 0;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(fields); i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(fields, i))) {
            return 0;
        }
    }
    Py_INCREF(fields);
    Py_XSETREF(c->fields, fields);
    c->type = tp;
    c->version = tp->tp_version_tag;
    c->replace = f;
    return 1;
}

/* The index of `name` in fields (interned: identity first), or -1. */
static Py_ssize_t field_of(PyObject *fields, PyObject *name)
{
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyTuple_GET_ITEM(fields, i) == name) {
            return i;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_Compare(PyTuple_GET_ITEM(fields, i), name) == 0) {
            return i;
        }
    }
    return -1;
}

/* The new instance, or NULL without an exception when the call is not that simple (a
 * keyword naming no field, an instance of another length): the call then raises. */
static PyObject *replace(Pyc2cReplaceSite *c, PyObject *x, PyObject **values, Py_ssize_t nkw, PyObject *kwnames)
{
    PyObject *fields = c->fields;
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    if (PyTuple_GET_SIZE(x) != n || n > 64) {
        return NULL;
    }
    PyObject *items[64];
    for (Py_ssize_t i = 0; i < n; i++) {
        items[i] = PyTuple_GET_ITEM(x, i);
    }
    for (Py_ssize_t k = 0; k < nkw; k++) {
        Py_ssize_t i = field_of(fields, PyTuple_GET_ITEM(kwnames, k));
        if (i < 0) {
            return NULL;
        }
        items[i] = values[k];
    }
    return instance_of(c->type, items, n);
}

PyObject *Pyc2c_CallReplace(PyObject *m, PyObject **args, Py_ssize_t nkw, PyObject *kwnames, Pyc2cReplaceSite *c)
{
    PyObject *x = args[0];
    PyTypeObject *tp = Py_TYPE(x);
    if (Pyc2cMeth_IsUnbound(m) &&
        ((tp == c->type && PYC2C_TYPE_TAG_IS(tp, c->version) && Pyc2cMeth_Object(m) == c->replace) ||
         replace_fill(tp, Pyc2cMeth_Object(m), c))) {
        PyObject *r = replace(c, x, args + 1, nkw, kwnames);
        if (r != NULL || PyErr_Occurred()) {
            return r;
        }
    }
    return Pyc2c_CallMethod(m, args, 0, kwnames);   /* keywords only */
}
