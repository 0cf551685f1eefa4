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

static PyObject *call_global(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames,
                             const char *kinds, va_list *ap)
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
    if (argv == NULL) {
        PyErr_NoMemory();
    } else {
        for (; made < n; made++) {
            if ((argv[made + 1] = box_next(kinds[made], ap)) == NULL) {
                break;
            }
        }
    }
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

PyObject *Pyc2c_CallGlobal(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames,
                           const char *kinds, ...)
{
    va_list ap;
    va_start(ap, kinds);
    PyObject *res = call_global(globals, def, kwnames, kinds, &ap);
    va_end(ap);
    return res;
}

/* The same call with its result unboxed to the callee's declared return type, checked
 * as the unbox prims check an object entering typed code (compiler/prim/prims.def):
 * the caller's rare path is then one call and one error test. */
#define CALL_GLOBAL_AS(fn, ctype, err, unbox)                                              \
    ctype fn(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames, const char *kinds, ...) \
    {                                                                                      \
        va_list ap;                                                                        \
        va_start(ap, kinds);                                                               \
        PyObject *o = call_global(globals, def, kwnames, kinds, &ap);                      \
        va_end(ap);                                                                        \
        if (o == NULL) {                                                                   \
            return err;                                                                    \
        }                                                                                  \
        ctype r;                                                                           \
        unbox;                                                                             \
        Py_DECREF(o);                                                                      \
        return r;                                                                          \
    }

CALL_GLOBAL_AS(Pyc2c_CallGlobalInt, Pyc2cInt, PYC2C_INT_ERROR,
               r = Pyc2cInt_UnboxFast(o); if (r == PYC2C_INT_ERROR) { Pyc2c_TypeError("int", o); })
CALL_GLOBAL_AS(Pyc2c_CallGlobalFloat, double, PYC2C_FLOAT_ERROR,
               r = Pyc2cFloat_UnboxChecked(o))
CALL_GLOBAL_AS(Pyc2c_CallGlobalBool, char, 2,
               if (PyBool_Check(o)) { r = o == Py_True; } else { Pyc2c_TypeError("bool", o); r = 2; })
CALL_GLOBAL_AS(Pyc2c_CallGlobalI64, int64_t, PYC2C_I64_ERROR,
               r = Pyc2cI64_UnboxChecked(o))
CALL_GLOBAL_AS(Pyc2c_CallGlobalI32, int32_t, PYC2C_I32_ERROR,
               r = Pyc2cI32_UnboxChecked(o))
