/* builtins.c - builtin functions called from compiled code: print() and len() of an
 * object of unknown class. */
#include "pyc2c.h"

/* builtins.print is looked up on every call, so a redirected sys.stdout, a
 * replaced builtins.print and several interpreters all behave as in Python. The module
 * is read from sys.modules (no __import__: a caller's exec may give its code builtins
 * without one); at shutdown, when sys.modules no longer holds it (a __del__ or a
 * generator's finally that prints then), the interpreter's builtins dict still does. */
static PyObject *builtin_print(void)
{
    PyObject *name = PyUnicode_FromString("builtins");
    PyObject *mod = name ? PyImport_GetModule(name) : NULL;
    Py_XDECREF(name);
    if (mod != NULL && PyModule_Check(mod)) {
        PyObject *print = PyObject_GetAttrString(mod, "print");
        Py_DECREF(mod);
        return print;
    }
    Py_XDECREF(mod);
    if (PyErr_Occurred()) {
        return NULL;
    }
    PyObject *d = PyEval_GetBuiltins();   /* borrowed */
    PyObject *print = d ? PyDict_GetItemString(d, "print") : NULL;
    if (print == NULL) {
        PyErr_SetString(PyExc_NameError, "name 'print' is not defined");
        return NULL;
    }
    Py_INCREF(print);
    return print;
}

int Pyc2c_Print(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *print = builtin_print();
    if (print == NULL) {
        return -1;
    }
    PyObject *r = PyObject_Vectorcall(print, args, (size_t)nargs, kwnames);
    Py_DECREF(print);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    return 0;
}

Pyc2cInt Pyc2c_Len(PyObject *o)
{
    Py_ssize_t n = PyObject_Size(o);
    return n < 0 ? PYC2C_INT_ERROR : Pyc2cInt_FromI64((int64_t)n);   /* __len__ may give up to sys.maxsize */
}
