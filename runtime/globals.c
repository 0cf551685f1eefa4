/* globals.c - module globals read through the module dict, as CPython reads them. */
#include "pyc2c.h"

PyObject *Pyc2c_LoadGlobal(PyObject *dict, PyObject *name)
{
    PyObject *v = PyDict_GetItemWithError(dict, name);
    if (v) {
        Py_INCREF(v);
        return v;
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    PyObject *builtins = PyEval_GetBuiltins();
    v = builtins ? PyDict_GetItemWithError(builtins, name) : NULL;
    if (v) {
        Py_INCREF(v);
        return v;
    }
    if (!PyErr_Occurred()) {
        PyErr_Format(PyExc_NameError, "name '%U' is not defined", name);
    }
    return NULL;
}

PyObject *Pyc2c_LoadGlobalFill(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c)
{
    c->dict = NULL;   /* unusable until filled below */
    PyObject *v = PyDict_GetItemWithError(dict, name);
    if (v) {
        c->builtins = NULL;
    } else if (!PyErr_Occurred()) {
        PyObject *builtins = PyEval_GetBuiltins();
        v = builtins ? PyDict_GetItemWithError(builtins, name) : NULL;
        if (v == NULL) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_NameError, "name '%U' is not defined", name);
            }
            return NULL;
        }
        c->builtins = builtins;
        c->builtins_version = Pyc2c_DictVersion(builtins);
    } else {
        return NULL;
    }
    c->dict = dict;
    c->dict_version = Pyc2c_DictVersion(dict);
    c->value = v;
    Py_INCREF(v);
    return v;
}

char Pyc2c_SetupAnnotations(PyObject *dict)
{
    PyObject *key = PyUnicode_InternFromString("__annotations__");
    if (key == NULL) {
        return 2;
    }
    int has = PyDict_Contains(dict, key);
    PyObject *anns = has == 0 ? PyDict_New() : NULL;
    int rc = has < 0 || (has == 0 && (anns == NULL || PyDict_SetItem(dict, key, anns) < 0)) ? 2 : 0;
    Py_XDECREF(anns);
    Py_DECREF(key);
    return (char)rc;
}
