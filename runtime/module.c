/* module.c - module globals read through the module dict, as CPython reads them, and
 * top-level statements kept as Python. */
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
        Pyc2c_RaiseNameNotDefined(name);
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
                Pyc2c_RaiseNameNotDefined(name);
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

int Pyc2c_GlobalTruthFill(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c)
{
    PyObject *v = Pyc2c_LoadGlobalFill(dict, name, c);
    if (v == NULL) {
        PyErr_Clear();
        return -1;
    }
    Py_DECREF(v);   /* the dict (or builtins) holds it while the cache is valid */
    return 0;
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

int Pyc2c_EnsureBuiltins(PyObject *globals)
{
    if (PyDict_GetItemString(globals, "__builtins__") == NULL &&
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0) {
        return -1;
    }
    return 0;
}

/* Top-level statements kept as Python: compiled and run by CPython at import, in the
 * module's namespace, under the module's own file name and line numbers. */
int Pyc2c_ExecKept(const char *source, const char *filename, PyObject *globals, int future_flags)
{
    if (Pyc2c_EnsureBuiltins(globals) < 0) {   /* kept code may look for it */
        return -1;
    }
    PyCompilerFlags flags = {future_flags, PY_MINOR_VERSION};
    PyObject *code = Py_CompileStringExFlags(source, filename, Py_file_input, &flags, -1);
    if (code == NULL) {
        return -1;
    }
    PyObject *r = PyEval_EvalCode(code, globals, globals);
    Py_DECREF(code);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    return 0;
}
