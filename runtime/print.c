/* print.c - print() from compiled code.
 *
 * builtins.print is looked up on every call, so a redirected sys.stdout, a
 * replaced builtins.print and several interpreters all behave as in Python. */
#include "pyc2c.h"

int Pyc2c_Print(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *print;
    PyObject *r;
    if (builtins == NULL) {
        return -1;
    }
    print = PyObject_GetAttrString(builtins, "print");
    Py_DECREF(builtins);
    if (print == NULL) {
        return -1;
    }
    r = PyObject_Vectorcall(print, args, (size_t)nargs, kwnames);
    Py_DECREF(print);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    return 0;
}
