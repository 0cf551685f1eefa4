/* methods.c - the slow path of method lookups and call sites (see methods.h), and of
 * the truth of an untyped value (objfast.h Pyc2c_ObjTruth). */
#include "pyc2c.h"

#include <string.h>

PyObject *Pyc2c_LoadMethodFill(PyObject *obj, PyObject *name, Pyc2cMethodCache *c)
{
    PyTypeObject *tp = Py_TYPE(obj);
    PyObject *m = NULL;
    int unbound = _PyObject_GetMethod(obj, name, &m);
    if (m == NULL) {
        return NULL;
    }
    if (!unbound) {
        return m;
    }
    /* Reusable only where the instance cannot shadow the method (no __dict__) and the
     * type has a valid version tag (CPython gives it one when it caches lookups). */
    if (tp->tp_dictoffset == 0 && tp->tp_getattro == PyObject_GenericGetAttr &&
        PYC2C_TYPE_TAG_VALID(tp)) {
        c->type = tp;
        c->version = tp->tp_version_tag;
        c->method = m;
    }
    return (PyObject *)((uintptr_t)m | 1);
}

typedef PyObject *(*FastMethod)(PyObject *, PyObject *const *, Py_ssize_t);
typedef PyObject *(*FastKwMethod)(PyObject *, PyObject *const *, Py_ssize_t, PyObject *);

/* What the descriptor's vectorcall does (the receiver's type checked, the recursion
 * counted, the C function called with the arguments as its flags take them) without
 * the dispatch through the vectorcall slot and its argument checks: CPython's own
 * CALL_NO_KW_METHOD_DESCRIPTOR_* specializations do the same. Other forms (METH_VARARGS,
 * METH_METHOD, a wrong argument count) go through the vectorcall and its errors. */
PyObject *Pyc2c_CallMethodDescr(PyObject *descr, PyObject **args, Py_ssize_t nargs)
{
    PyMethodDescrObject *d = (PyMethodDescrObject *)descr;
    PyMethodDef *ml = d->d_method;
    PyObject *self = args[0];
    int flags = ml->ml_flags & ~METH_COEXIST;
    int direct = (flags == METH_NOARGS && nargs == 0) || (flags == METH_O && nargs == 1) || flags == METH_FASTCALL ||
                 flags == (METH_FASTCALL | METH_KEYWORDS);
    if (!direct || !PyObject_TypeCheck(self, PyDescr_TYPE(d))) {
        return PyObject_Vectorcall(descr, args, (size_t)(nargs + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    }
    if (Py_EnterRecursiveCall(" while calling a Python object")) {
        return NULL;
    }
    PyObject *r;
    if (flags == METH_NOARGS) {
        r = ml->ml_meth(self, NULL);
    } else if (flags == METH_O) {
        r = ml->ml_meth(self, args[1]);
    } else if (flags == METH_FASTCALL) {
        r = ((FastMethod)(void (*)(void))ml->ml_meth)(self, args + 1, nargs);
    } else {
        r = ((FastKwMethod)(void (*)(void))ml->ml_meth)(self, args + 1, nargs, NULL);
    }
    Py_LeaveRecursiveCall();
    return r;
}

/* The form of C method descriptor m that a site of nargs arguments may call directly
 * on instances of tp, or 0. */
static int site_form(PyTypeObject *tp, PyObject *m, Py_ssize_t nargs)
{
    if (!Py_IS_TYPE(m, &PyMethodDescr_Type) || !PyType_IsSubtype(tp, PyDescr_TYPE(m))) {
        return 0;
    }
    int flags = ((PyMethodDescrObject *)m)->d_method->ml_flags & ~METH_COEXIST;
    if (flags == METH_FASTCALL || (flags == METH_NOARGS && nargs == 0) || (flags == METH_O && nargs == 1)) {
        return flags;
    }
    return 0;
}

PyObject *Pyc2c_CallMethodSiteSlow(PyObject *obj, PyObject *name, PyObject *arg, Py_ssize_t nargs,
                                   Pyc2cMethodSite *c)
{
    Pyc2cMethodCache mc = {NULL, 0, NULL};
    PyObject *m = Pyc2c_LoadMethod(obj, name, &mc);
    if (m == NULL) {
        return NULL;
    }
    int form = mc.type != NULL ? site_form(mc.type, mc.method, nargs) : 0;
    if (PYC2C_UNLIKELY(pyc2c_list_append == NULL) && Pyc2c_InitFastCallees() < 0) {
        Pyc2cMeth_XDECREF(m);
        return NULL;
    }
    if (form != 0) {   /* the type's own method, no instance dict to shadow it */
        c->type = mc.type;
        c->version = mc.version;
        c->flags = mc.method == pyc2c_list_append ? 0 : form;
        c->meth = ((PyMethodDescrObject *)mc.method)->d_method->ml_meth;
    }
    PyObject *args[3] = {NULL, obj, arg};
    PyObject *r = Pyc2c_CallMethod(m, args + 1, nargs, NULL);
    Pyc2cMeth_XDECREF(m);
    return r;
}

int64_t Pyc2c_TypeDefOfFill(PyObject *obj, PyObject *name, PyObject *globals, Pyc2cTypeDefCache *c)
{
    PyTypeObject *tp = Py_TYPE(obj);
    if (tp->tp_dictoffset != 0 || tp->tp_getattro != PyObject_GenericGetAttr) {
        return 0;   /* the instance may shadow the method, or lookups run Python code */
    }
    PyObject *v = _PyType_Lookup(tp, name);   /* borrowed; sets no exception */
    int64_t def = v != NULL && Pyc2cFunction_Check(v) && Pyc2cFunction_GLOBALS(v) == globals
                      ? (int64_t)(intptr_t)((Pyc2cFunction *)v)->def : 0;
    if (PYC2C_TYPE_TAG_VALID(tp)) {
        c->type = tp;
        c->version = tp->tp_version_tag;
        c->def = def;
    }
    return def;
}

PyObject *pyc2c_list_append, *pyc2c_builtin_len, *pyc2c_builtin_isinstance, *pyc2c_builtin_sum;

/* Is v the C function builtins.<name> (and not something stored under that name)? */
static int is_builtin_function(PyObject *v, const char *name)
{
    if (v == NULL || !PyCFunction_Check(v) || strcmp(((PyCFunctionObject *)v)->m_ml->ml_name, name) != 0) {
        return 0;
    }
    PyObject *owner = PyCFunction_GET_SELF(v);
    const char *modname = owner && PyModule_Check(owner) ? PyModule_GetName(owner) : NULL;
    if (modname == NULL) {
        PyErr_Clear();
    }
    return modname != NULL && strcmp(modname, "builtins") == 0;
}

int Pyc2c_InitFastCallees(void)
{
    PyObject *append = PyObject_GetAttrString((PyObject *)&PyList_Type, "append");
    if (append == NULL) {
        return -1;
    }
    PyObject *builtins = PyEval_GetBuiltins();   /* borrowed */
    PyObject *len = builtins ? PyDict_GetItemString(builtins, "len") : NULL;
    /* kept for the life of the process; Py_None when len was replaced: no fast path */
    pyc2c_builtin_len = is_builtin_function(len, "len") ? len : Py_None;
    Py_INCREF(pyc2c_builtin_len);
    PyObject *isinst = builtins ? PyDict_GetItemString(builtins, "isinstance") : NULL;
    pyc2c_builtin_isinstance = is_builtin_function(isinst, "isinstance") ? isinst : Py_None;
    Py_INCREF(pyc2c_builtin_isinstance);
    PyObject *sum = builtins ? PyDict_GetItemString(builtins, "sum") : NULL;
    pyc2c_builtin_sum = is_builtin_function(sum, "sum") ? sum : Py_None;
    Py_INCREF(pyc2c_builtin_sum);
    pyc2c_list_append = append;
    return 0;
}

int Pyc2c_ObjTruthSlow(PyObject *o)
{
    PyTypeObject *tp = Py_TYPE(o);
    PySequenceMethods *sq = tp->tp_as_sequence;
    if (sq != NULL && sq->sq_length != NULL && (tp->tp_as_number == NULL || tp->tp_as_number->nb_bool == NULL) &&
        (tp->tp_as_mapping == NULL || tp->tp_as_mapping->mp_length == NULL)) {
        Py_ssize_t n = sq->sq_length(o);
        return n > 0 ? 1 : (int)n;
    }
    return PyObject_IsTrue(o);
}
