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
