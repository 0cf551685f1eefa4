/* builtins.c - builtin functions called from compiled code: print() and len() of an
 * object of unknown class. */
#include "pyc2c.h"

/* builtins.print is looked up on every call, so a redirected sys.stdout, a
 * replaced builtins.print and several interpreters all behave as in Python. At
 * shutdown sys.modules no longer gives the builtins module (a __del__ or a generator's
 * finally that prints then): the interpreter's builtins dict still holds print. */
int Pyc2c_Print(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *print;
    if (builtins != NULL) {
        print = PyObject_GetAttrString(builtins, "print");
        Py_DECREF(builtins);
    } else {
        PyObject *d = PyEval_GetBuiltins();   /* borrowed */
        print = d ? PyDict_GetItemString(d, "print") : NULL;
        if (print == NULL) {
            return -1;   /* the import's error */
        }
        PyErr_Clear();
        Py_INCREF(print);
    }
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
