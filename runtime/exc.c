/* exc.c - try/except/finally and with: taking the raised exception, the "handled"
 * exception that sys.exc_info() reports and that new exceptions chain to, re-raising,
 * except-clause matching and the context manager protocol, with CPython's messages. */
#include "pyc2c.h"

PyObject *Pyc2c_Catch(void)
{
#if PY_VERSION_HEX >= 0x030C0000
    PyObject *exc = PyErr_GetRaisedException();
#else
    PyObject *type, *exc, *tb;
    PyErr_Fetch(&type, &exc, &tb);
    PyErr_NormalizeException(&type, &exc, &tb);
    if (exc != NULL && tb != NULL) {
        PyException_SetTraceback(exc, tb);
    }
    Py_XDECREF(type);
    Py_XDECREF(tb);
#endif
    if (exc == NULL) {   /* an error path without an exception: a bug, not a crash */
        PyErr_SetString(PyExc_SystemError, "pyc2c: error return without exception set");
        return Pyc2c_Catch();
    }
    return exc;
}

char Pyc2c_Reraise(PyObject *exc)
{
    Py_INCREF(exc);
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_SetRaisedException(exc);
#else
    Py_INCREF(Py_TYPE(exc));
    PyErr_Restore((PyObject *)Py_TYPE(exc), exc, PyException_GetTraceback(exc));
#endif
    return 2;
}

/* The exception being handled (sys.exc_info()[1]), a new reference, or NULL. */
PyObject *Pyc2c_HandledGet(void)
{
#if PY_VERSION_HEX >= 0x030B0000
    return PyErr_GetHandledException();
#else
    PyObject *type, *exc, *tb;
    PyErr_GetExcInfo(&type, &exc, &tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return exc;
#endif
}

void Pyc2c_HandledSet(PyObject *exc)
{
    if (exc == Py_None) {
        exc = NULL;
    }
#if PY_VERSION_HEX >= 0x030B0000
    PyErr_SetHandledException(exc);
#else
    if (exc == NULL) {
        PyErr_SetExcInfo(NULL, NULL, NULL);
        return;
    }
    Py_INCREF(Py_TYPE(exc));
    Py_INCREF(exc);
    PyErr_SetExcInfo((PyObject *)Py_TYPE(exc), exc, PyException_GetTraceback(exc));
#endif
}

/* The handled exception of the running frame's own slot (the thread's top one), a new
 * reference or NULL: what an except block saves and gives back when it ends, as
 * CPython's PUSH_EXC_INFO does. sys.exc_info() looks further down when it is empty
 * (a generator's slot, say, whose caller handles something). */
static PyObject *handled_top(void)
{
    _PyErr_StackItem *top = PyThreadState_GET()->exc_info;
    PyObject *exc = top->exc_value;
    Py_XINCREF(exc);
    return exc;
}

PyObject *Pyc2c_ExcEnter(PyObject *exc)
{
    PyObject *prev = handled_top();
    Pyc2c_HandledSet(exc);
    if (prev == NULL) {
        Py_INCREF(Py_None);
        prev = Py_None;
    }
    return prev;
}

void Pyc2c_ExcExit(PyObject *prev)
{
    Pyc2c_HandledSet(prev);
}

char Pyc2c_ReraiseHandled(void)
{
    PyObject *exc = Pyc2c_HandledGet();
    if (exc == NULL || exc == Py_None) {
        Py_XDECREF(exc);
        PyErr_SetString(PyExc_RuntimeError, "No active exception to reraise");
        return 2;
    }
    Pyc2c_Reraise(exc);
    Py_DECREF(exc);
    return 2;
}

static int is_exception_class(PyObject *t)
{
    return PyType_Check(t) && PyType_IsSubtype((PyTypeObject *)t, (PyTypeObject *)PyExc_BaseException);
}

char Pyc2c_ExcMatch(PyObject *exc, PyObject *type)
{
    int valid = 1;
    if (PyTuple_Check(type)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(type); i++) {
            valid &= is_exception_class(PyTuple_GET_ITEM(type, i));
        }
    } else {
        valid = is_exception_class(type);
    }
    if (!valid) {
        PyErr_SetString(PyExc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
        return 2;
    }
    return (char)PyErr_GivenExceptionMatches(exc, type);
}

/* type(mgr).name bound to mgr, as the interpreter looks special methods up; NULL
 * without an exception when the type has none. */
static PyObject *lookup_special(PyObject *mgr, const char *name)
{
    PyObject *key = PyUnicode_InternFromString(name);
    if (key == NULL) {
        return NULL;
    }
    PyObject *meth = _PyType_Lookup(Py_TYPE(mgr), key);
    Py_DECREF(key);
    if (meth == NULL) {
        return NULL;
    }
    descrgetfunc get = Py_TYPE(meth)->tp_descr_get;
    if (get != NULL) {
        return get(meth, mgr, (PyObject *)Py_TYPE(mgr));
    }
    Py_INCREF(meth);
    return meth;
}

static PyObject *missing_protocol(PyObject *mgr, const char *name)
{
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_Format(PyExc_TypeError, "'%.200s' object does not support the context manager protocol%s",
                 Py_TYPE(mgr)->tp_name, name[2] == 'e' && name[3] == 'x' ? " (missed __exit__ method)" : "");
#elif PY_VERSION_HEX >= 0x030B0000
    PyErr_Format(PyExc_TypeError, "'%.200s' object does not support the context manager protocol",
                 Py_TYPE(mgr)->tp_name);
#else
    PyErr_SetString(PyExc_AttributeError, name);
#endif
    return NULL;
}

PyObject *Pyc2c_WithExit(PyObject *mgr)
{
    PyObject *enter = lookup_special(mgr, "__enter__");
    if (enter == NULL) {
        return PyErr_Occurred() ? NULL : missing_protocol(mgr, "__enter__");
    }
    Py_DECREF(enter);
    PyObject *exit = lookup_special(mgr, "__exit__");
    if (exit == NULL && !PyErr_Occurred()) {
        return missing_protocol(mgr, "__exit__");
    }
    return exit;
}

PyObject *Pyc2c_WithEnter(PyObject *mgr)
{
    PyObject *enter = lookup_special(mgr, "__enter__");
    if (enter == NULL) {
        return PyErr_Occurred() ? NULL : missing_protocol(mgr, "__enter__");
    }
    PyObject *res = PyObject_CallNoArgs(enter);
    Py_DECREF(enter);
    return res;
}

PyObject *Pyc2c_WithExitCall(PyObject *exit, PyObject *exc)
{
    if (exc == NULL) {
        PyObject *args[3] = {Py_None, Py_None, Py_None};
        return PyObject_Vectorcall(exit, args, 3, NULL);
    }
    PyObject *tb = PyException_GetTraceback(exc);
    PyObject *args[3] = {(PyObject *)Py_TYPE(exc), exc, tb ? tb : Py_None};
    PyObject *res = PyObject_Vectorcall(exit, args, 3, NULL);
    Py_XDECREF(tb);
    return res;
}
