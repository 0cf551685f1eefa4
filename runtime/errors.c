/* errors.c - traceback entries for compiled code.
 *
 * A compiled function has no Python frame, so when an exception passes through
 * it we make a small code object (filename, function name, first line = the
 * raising line) and a frame for it, and add that frame to the traceback with
 * PyTraceBack_Here.  Only public API is used.  On 3.9/3.10 the line is set on
 * the frame; on 3.11+ a fresh frame reports its code's first line, and a code object
 * whose position table gives its first instruction the failed expression's range, with
 * the entry pointing at that instruction (tb_lasti 0), makes the traceback show the
 * carets CPython shows under the line. */
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
    int64_t where;
    PyCodeObject *code;
    PyFrameObject *frame;     /* or NULL */
    PyObject *globals;        /* the frame's globals (alive while the frame is) */
} TracebackSite;
static TracebackSite traceback_sites[TRACEBACK_SITES];

#if PY_VERSION_HEX >= 0x030B0000
/* The 3.11+ location table's varints (Objects/locations.md): 6 bits a byte, low first,
 * 0x40 when more follow. */
static char *put_varint(char *p, unsigned v)
{
    while (v >= 64) {
        *p++ = (char)(0x40 | (v & 63));
        v >>= 6;
    }
    *p++ = (char)v;
    return p;
}

/* A position table giving all n code units of code the range of where: long-form
 * entries (code 14) of up to 8 units: line delta 0 from co_firstlineno, the end line's
 * delta, column + 1 and end column + 1 (0-based, bytes). */
static PyObject *position_table(Py_ssize_t n, uint64_t range)
{
    unsigned rows = (unsigned)(range >> 24) & 0x7f, col = (unsigned)(range >> 12) & 0xfff,
             end_col = (unsigned)range & 0xfff;
    PyObject *table = PyBytes_FromStringAndSize(NULL, (n / 8 + 1) * 8);
    if (table == NULL) {
        return NULL;
    }
    char *start = PyBytes_AS_STRING(table), *p = start;
    for (Py_ssize_t left = n; left > 0; left -= 8) {
        *p++ = (char)(0x80 | 14 << 3 | ((left > 8 ? 8 : left) - 1));
        *p++ = 0;   /* the line: co_firstlineno's */
        p = put_varint(p, rows);
        p = put_varint(p, col);
        p = put_varint(p, end_col);
    }
    _PyBytes_Resize(&table, p - start);
    return table;
}

/* code with the position table of where's range; code itself when there is none (or
 * making it failed: the entry then shows the line alone). Steals code. */
static PyCodeObject *with_positions(PyCodeObject *code, int64_t where)
{
    uint64_t range = (uint64_t)where >> 32;
    PyObject *bytecode = range ? PyObject_GetAttrString((PyObject *)code, "co_code") : NULL;
    PyObject *table = bytecode && PyBytes_Check(bytecode) ? position_table(PyBytes_GET_SIZE(bytecode) / 2, range) : NULL;
    PyObject *kw = table ? Py_BuildValue("{s:O}", "co_linetable", table) : NULL;
    PyObject *replace = kw ? PyObject_GetAttrString((PyObject *)code, "replace") : NULL;
    PyObject *args = replace ? PyTuple_New(0) : NULL;
    /* the call counts a recursion level (3.11: with Python frames): an entry made at the
     * limit takes the headroom CPython's own error handling takes */
    PyThreadState *ts = PyThreadState_Get();
    ts->recursion_headroom++;
    PyObject *made = args ? PyObject_Call(replace, args, kw) : NULL;
    ts->recursion_headroom--;
    Py_XDECREF(bytecode);
    Py_XDECREF(table);
    Py_XDECREF(kw);
    Py_XDECREF(replace);
    Py_XDECREF(args);
    if (made == NULL || !PyCode_Check(made)) {
        Py_XDECREF(made);
        PyErr_Clear();
        return code;
    }
    Py_DECREF(code);
    return (PyCodeObject *)made;
}
#endif

static TracebackSite *traceback_site(const char *funcname, const char *filename, int64_t where)
{
    size_t h = (((uintptr_t)funcname >> 3) ^ ((uintptr_t)filename >> 5) ^ (size_t)where * 2654435761u) %
               TRACEBACK_SITES;
    TracebackSite *site = &traceback_sites[h];
    if (site->code && site->funcname == funcname && site->filename == filename && site->where == where) {
        return site;
    }
    PyCodeObject *code = PyCode_NewEmpty(filename, funcname, (int)(where & 0xffffffff));
#if PY_VERSION_HEX >= 0x030B0000
    if (code != NULL && where >> 32) {
        code = with_positions(code, where);
    }
#endif
    if (code == NULL) {
        return NULL;
    }
    Py_XDECREF(site->code);
    Py_CLEAR(site->frame);
    site->funcname = funcname;
    site->filename = filename;
    site->where = where;
    site->code = code;
    return site;
}

static PyFrameObject *new_frame(const char *funcname, const char *filename, int64_t where,
                                PyObject *globals)
{
    TracebackSite *site = traceback_site(funcname, filename, where);
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
    frame->f_lineno = (int)(where & 0xffffffff);   /* 3.11+: the line comes from co_firstlineno */
#endif
    Py_XSETREF(site->frame, frame);
    Py_INCREF(frame);
    site->globals = globals;
    return frame;
}

#if PY_VERSION_HEX >= 0x030B0000
/* The entry just added points at its code's first instruction, whose position is the
 * failed expression's (a fresh frame's own instruction is "none yet", -1). */
static void point_at_range(PyObject *tb)
{
    if (tb != NULL && PyTraceBack_Check(tb)) {
        ((PyTracebackObject *)tb)->tb_lasti = 0;
    }
}
#endif

void Pyc2c_AddTraceback(const char *funcname, const char *filename, int64_t where,
                        PyObject *globals)
{
    SavedError saved;
    PyObject *own_globals = NULL;
    PyFrameObject *frame;
    save_error(&saved);
    if (globals == NULL || !PyDict_Check(globals)) {
        globals = own_globals = PyDict_New();
    }
    frame = globals == NULL ? NULL : new_frame(funcname, filename, where, globals);
    Py_XDECREF(own_globals);
    if (frame == NULL) {
        PyErr_Clear();   /* keep the original exception, without this entry */
        restore_error(&saved);
        return;
    }
    restore_error(&saved);
    PyTraceBack_Here(frame);
    Py_DECREF(frame);
#if PY_VERSION_HEX >= 0x030B0000
    if (where >> 32) {
        save_error(&saved);
#if PY_VERSION_HEX >= 0x030C0000
        PyObject *tb = saved.exc ? PyException_GetTraceback(saved.exc) : NULL;
        point_at_range(tb);
        Py_XDECREF(tb);
#else
        point_at_range(saved.tb);
#endif
        restore_error(&saved);
    }
#endif
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
