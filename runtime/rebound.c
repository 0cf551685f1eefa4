/* rebound.c - the call compiled code makes of a module function whose name no longer
 * holds it (rebind.h): whatever the name holds now, called with the arguments as the
 * call wrote them. One call from the generated code instead of the lookup, the boxing,
 * the vectorcall and their error paths inline at every call site: the path is rare. */
#include <stdarg.h>
#include "pyc2c.h"

/* The next variadic argument, boxed as its kind says (the emitter's kinds string). */
static PyObject *box_next(char kind, va_list *ap)
{
    switch (kind) {
    case 'i': return Pyc2cInt_Box((Pyc2cInt)va_arg(*ap, int64_t));
    case 'f': return PyFloat_FromDouble(va_arg(*ap, double));
    case 'b': return PyBool_FromLong(va_arg(*ap, int));
    case 'n': (void)va_arg(*ap, int); Py_INCREF(Py_None); return Py_None;
    case 'q': return Pyc2cI64_Box(va_arg(*ap, int64_t));
    case 'w': return Pyc2cI32_Box((int32_t)va_arg(*ap, int));
    default: {
        PyObject *o = va_arg(*ap, PyObject *);
        Py_INCREF(o);
        return o;
    }
    }
}

PyObject *Pyc2c_CallGlobal(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames,
                           const char *kinds, ...)
{
    PyObject *name = PyUnicode_InternFromString(def->name);
    PyObject *func = name ? Pyc2c_LoadGlobal(globals, name) : NULL;
    Py_XDECREF(name);
    if (func == NULL) {
        return NULL;
    }
    size_t n = strlen(kinds), made = 0;
    PyObject *small[8], **argv = n < 8 ? small : PyMem_Malloc(sizeof(PyObject *) * (n + 1));
    PyObject *res = NULL;
    va_list ap;
    va_start(ap, kinds);
    if (argv == NULL) {
        PyErr_NoMemory();
    } else {
        for (; made < n; made++) {
            if ((argv[made + 1] = box_next(kinds[made], &ap)) == NULL) {
                break;
            }
        }
    }
    va_end(ap);
    if (argv != NULL && made == n) {
        size_t nkw = kwnames ? (size_t)PyTuple_GET_SIZE(kwnames) : 0;
        res = PyObject_Vectorcall(func, argv + 1, (n - nkw) | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
    }
    for (size_t i = 0; i < made; i++) {
        Py_DECREF(argv[i + 1]);
    }
    if (argv != small) {
        PyMem_Free(argv);
    }
    Py_DECREF(func);
    return res;
}
