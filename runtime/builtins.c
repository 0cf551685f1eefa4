/* builtins.c - builtin functions called from compiled code: print() and len() of an
 * object of unknown class. */
#include "pyc2c.h"

/* builtins.print is looked up on every call, so a redirected sys.stdout, a
 * replaced builtins.print and several interpreters all behave as in Python. Read from
 * the builtins dict as a frame reads it, not by importing the module: at shutdown
 * sys.modules no longer gives it, and a __del__ that prints must still print. */
int Pyc2c_Print(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *builtins = PyEval_GetBuiltins();   /* borrowed */
    PyObject *print = builtins ? PyDict_GetItemString(builtins, "print") : NULL;
    if (print == NULL) {
        PyErr_SetString(PyExc_NameError, "name 'print' is not defined");
        return -1;
    }
    Py_INCREF(print);
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
