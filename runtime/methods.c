/* methods.c - the slow path of method lookups (see methods.h). */
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

PyObject *pyc2c_list_append, *pyc2c_builtin_len, *pyc2c_builtin_isinstance;

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
    pyc2c_list_append = append;
    return 0;
}
