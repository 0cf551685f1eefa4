/* named_calls.c - the runtime's own calls of a method by a C literal name (list.extend
 * of a non-list, str methods on str subclasses, dict views of dict subclasses, a
 * generator's send): the name is interned once, keyed by the literal's address, and
 * the method called without a bound method (PyObject_VectorcallMethod).
 * PyObject_CallMethod made a name object and a bound method on every call, and under
 * a debug interpreter left allocator blocks behind that run_leaks.py took for a leak. */
#include "pyc2c.h"

#define NAME_SLOTS 64

/* The interned name of a literal; a new str each call (the caller releases it) only
 * when the table is full. */
static PyObject *name_of(const char *literal, int *owned)
{
    static const char *keys[NAME_SLOTS];
    static PyObject *names[NAME_SLOTS];
    *owned = 0;
    for (int i = 0; i < NAME_SLOTS; i++) {
        if (keys[i] == literal) {
            return names[i];
        }
        if (keys[i] == NULL) {
            names[i] = PyUnicode_InternFromString(literal);
            keys[i] = names[i] ? literal : NULL;
            return names[i];
        }
    }
    *owned = 1;
    return PyUnicode_InternFromString(literal);
}

PyObject *Pyc2c_CallNamed(PyObject *self, const char *name, PyObject *const *args, size_t nargs)
{
    PyObject *stack[5];   /* stack[0] free for PY_VECTORCALL_ARGUMENTS_OFFSET */
    if (nargs > 3) {
        PyErr_SetString(PyExc_SystemError, "Pyc2c_CallNamed: more than 3 arguments");
        return NULL;
    }
    int owned;
    PyObject *n = name_of(name, &owned);
    if (n == NULL) {
        return NULL;
    }
    stack[1] = self;
    for (size_t i = 0; i < nargs; i++) {
        stack[i + 2] = args[i];
    }
    PyObject *r = PyObject_VectorcallMethod(n, stack + 1, (nargs + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (owned) {
        Py_DECREF(n);
    }
    return r;
}

PyObject *Pyc2c_CallNamed0(PyObject *self, const char *name)
{
    return Pyc2c_CallNamed(self, name, NULL, 0);
}

PyObject *Pyc2c_CallNamed1(PyObject *self, const char *name, PyObject *arg)
{
    return Pyc2c_CallNamed(self, name, &arg, 1);
}
