/* errors.c - traceback entries for compiled code.
 *
 * A compiled function has no Python frame, so when an exception passes through
 * it we make a small code object (filename, function name, first line = the
 * raising line) and a frame for it, and add that frame to the traceback with
 * PyTraceBack_Here.  Only public API is used.  On 3.9/3.10 the line is set on
 * the frame; on 3.11+ a fresh frame reports its code's first line. */
#include "pyc2c.h"
#include <frameobject.h>

/* Saving and restoring the exception being propagated. */
#if PY_VERSION_HEX >= 0x030C0000
typedef struct SavedError {
    PyObject *exc;
} SavedError;

static void save_error(SavedError *s)
{
    s->exc = PyErr_GetRaisedException();
}

static void restore_error(SavedError *s)
{
    PyErr_SetRaisedException(s->exc);
}
#else
typedef struct SavedError {
    PyObject *type;
    PyObject *value;
    PyObject *tb;
} SavedError;

static void save_error(SavedError *s)
{
    PyErr_Fetch(&s->type, &s->value, &s->tb);
}

static void restore_error(SavedError *s)
{
    PyErr_Restore(s->type, s->value, s->tb);
}
#endif

/* Traceback entries by (function, file, line): the code object (making one costs more
 * than the rest of an exception), and the last frame made for it, reused once nothing
 * but this table holds it (the traceback that showed it is gone): a loop that raises
 * and catches from the same lines makes neither again.  Direct-mapped; the names are
 * the generated module's static strings, so their addresses identify them. */
#define TRACEBACK_SITES 256
typedef struct TracebackSite {
    const char *funcname, *filename;
    int lineno;
    PyCodeObject *code;
    PyFrameObject *frame;     /* or NULL */
    PyObject *globals;        /* the frame's globals (alive while the frame is) */
} TracebackSite;
static TracebackSite traceback_sites[TRACEBACK_SITES];

static TracebackSite *traceback_site(const char *funcname, const char *filename, int lineno)
{
    size_t h = (((uintptr_t)funcname >> 3) ^ ((uintptr_t)filename >> 5) ^ (size_t)lineno * 2654435761u) %
               TRACEBACK_SITES;
    TracebackSite *site = &traceback_sites[h];
    if (site->code && site->funcname == funcname && site->filename == filename && site->lineno == lineno) {
        return site;
    }
    PyCodeObject *code = PyCode_NewEmpty(filename, funcname, lineno);
    if (code == NULL) {
        return NULL;
    }
    Py_XDECREF(site->code);
    Py_CLEAR(site->frame);
    site->funcname = funcname;
    site->filename = filename;
    site->lineno = lineno;
    site->code = code;
    return site;
}

static PyFrameObject *new_frame(const char *funcname, const char *filename, int lineno,
                                PyObject *globals)
{
    TracebackSite *site = traceback_site(funcname, filename, lineno);
    if (site == NULL) {
        return NULL;
    }
    if (site->frame != NULL && Py_REFCNT(site->frame) == 1 && site->globals == globals) {
        Py_INCREF(site->frame);
        return site->frame;
    }
    PyFrameObject *frame = PyFrame_New(PyThreadState_Get(), site->code, globals, NULL);
    if (frame == NULL) {
        return NULL;
    }
#if PY_VERSION_HEX < 0x030B0000
    frame->f_lineno = lineno;   /* 3.11+: the line comes from co_firstlineno */
#endif
    Py_XSETREF(site->frame, frame);
    Py_INCREF(frame);
    site->globals = globals;
    return frame;
}

void Pyc2c_AddTraceback(const char *funcname, const char *filename, int lineno,
                        PyObject *globals)
{
    SavedError saved;
    PyObject *own_globals = NULL;
    PyFrameObject *frame;
    save_error(&saved);
    if (globals == NULL || !PyDict_Check(globals)) {
        globals = own_globals = PyDict_New();
    }
    frame = globals == NULL ? NULL : new_frame(funcname, filename, lineno, globals);
    Py_XDECREF(own_globals);
    if (frame == NULL) {
        PyErr_Clear();   /* keep the original exception, without this entry */
        restore_error(&saved);
        return;
    }
    restore_error(&saved);
    PyTraceBack_Here(frame);
    Py_DECREF(frame);
}

/* UnboundLocalError with the running version's wording (it changed in 3.11). */
void Pyc2c_RaiseUnboundLocal(const char *name)
{
#if PY_VERSION_HEX >= 0x030B0000
    PyErr_Format(PyExc_UnboundLocalError,
                 "cannot access local variable '%s' where it is not associated with a value", name);
#else
    PyErr_Format(PyExc_UnboundLocalError, "local variable '%s' referenced before assignment", name);
#endif
}

/* 3.10+ sets NameError.name (traceback's "Did you mean" reads it), as for any
 * NameError the interpreter raises; the NameError is the current exception. */
void Pyc2c_NameErrorSetName(PyObject *name)
{
#if PY_VERSION_HEX >= 0x030A0000
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value != NULL && PyObject_SetAttrString(value, "name", name) < 0) {
        PyErr_Clear();
    }
    PyErr_Restore(type, value, tb);
#else
    (void)name;
#endif
}

/* NameError: name 'x' is not defined (LOAD_NAME, LOAD_GLOBAL, DELETE_NAME). */
void Pyc2c_RaiseNameNotDefined(PyObject *name)
{
    PyErr_Format(PyExc_NameError, "name '%U' is not defined", name);
    Pyc2c_NameErrorSetName(name);
}

/* A module global read before the module body bound it, as CPython's LOAD_GLOBAL says. */
void Pyc2c_RaiseUnboundGlobal(const char *name)
{
    PyObject *s = PyUnicode_FromString(name);
    if (s != NULL) {
        Pyc2c_RaiseNameNotDefined(s);
        Py_DECREF(s);
    }
}

/* raise EXC [from CAUSE], as CPython's RAISE_VARARGS does it: a class is instantiated,
 * anything else must be an exception instance. Always returns 2 (the error value). */
char Pyc2c_Raise(PyObject *exc, PyObject *cause)
{
    PyObject *value = NULL;
    if (PyExceptionClass_Check(exc)) {
        value = PyObject_CallNoArgs(exc);
        if (value == NULL) {
            return 2;
        }
        if (!PyExceptionInstance_Check(value)) {
            PyErr_Format(PyExc_TypeError, "calling %R should have returned an instance of BaseException, not %s",
                         exc, Py_TYPE(value)->tp_name);
            Py_DECREF(value);
            return 2;
        }
    } else if (PyExceptionInstance_Check(exc)) {
        value = exc;
        Py_INCREF(value);
    } else {
        PyErr_SetString(PyExc_TypeError, "exceptions must derive from BaseException");
        return 2;
    }
    if (cause != NULL) {
        PyObject *c = NULL;
        if (PyExceptionClass_Check(cause)) {
            c = PyObject_CallNoArgs(cause);
            if (c == NULL) {
                Py_DECREF(value);
                return 2;
            }
        } else if (PyExceptionInstance_Check(cause)) {
            c = cause;
            Py_INCREF(c);
        } else if (cause == Py_None) {
            c = NULL;
        } else {
            PyErr_SetString(PyExc_TypeError, "exception causes must derive from BaseException");
            Py_DECREF(value);
            return 2;
        }
        PyException_SetCause(value, c);   /* steals c; also sets __suppress_context__ */
    }
    PyErr_SetObject((PyObject *)Py_TYPE(value), value);
    Py_DECREF(value);
    return 2;
}
