/* body_frame.c - the module body runs inside one Python frame whose globals are the
 * module's dict, as a .py module's body does. Compiled code pushes no frames of its own,
 * so without this frame, library code that names its caller's module from a call in the
 * body (collections.namedtuple, typing's TypeVar/NewType/NamedTuple/TypedDict, enum's
 * functional API, warnings) would find the importer (importlib._bootstrap) instead, and
 * the classes it makes could not be pickled. The frame runs `__pyc2c_body__()` with the
 * body as a local; its own traceback entry is taken off an exception the body raises. */
#include "pyc2c.h"

typedef struct {
    char (*body)(void);
} BodyHolder;

static PyObject *call_body(PyObject *capsule, PyObject *unused)
{
    BodyHolder *h = PyCapsule_GetPointer(capsule, NULL);
    if (h == NULL || h->body() != 0) {
        return NULL;
    }
    Py_INCREF(Py_None);
    return Py_None;
}

static PyMethodDef body_def = {"__pyc2c_body__", call_body, METH_NOARGS, NULL};

/* The body's traceback starts with the frame's own entry: the exception leaves as if
 * the body had run at top level (its entries come from Pyc2c_AddTraceback). */
static void drop_frame_entry(PyCodeObject *code)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyFrameObject *frame = tb != NULL && PyTraceBack_Check(tb) ? ((PyTracebackObject *)tb)->tb_frame : NULL;
    PyCodeObject *at = frame != NULL ? PyFrame_GetCode(frame) : NULL;
    if (at == code) {
        PyObject *next = (PyObject *)((PyTracebackObject *)tb)->tb_next;
        Py_XINCREF(next);
        Py_DECREF(tb);
        tb = next;
        if (value != NULL && PyExceptionInstance_Check(value)) {
            PyException_SetTraceback(value, tb != NULL ? tb : Py_None);
        }
    }
    Py_XDECREF(at);
    PyErr_Restore(type, value, tb);
}

int Pyc2c_RunModuleBody(PyObject *globals, const char *srcpath, char (*body)(void))
{
    if (Pyc2c_EnsureBuiltins(globals) < 0) {
        return -1;
    }
    BodyHolder holder = {body};
    PyObject *capsule = PyCapsule_New(&holder, NULL, NULL);
    PyObject *fn = capsule ? PyCFunction_New(&body_def, capsule) : NULL;
    PyObject *locals = fn ? PyDict_New() : NULL;
    PyObject *code = locals && PyDict_SetItemString(locals, "__pyc2c_body__", fn) == 0
                         ? Py_CompileString("__pyc2c_body__()", srcpath, Py_eval_input)
                         : NULL;
    PyObject *r = code ? PyEval_EvalCode(code, globals, locals) : NULL;
    if (r == NULL && code != NULL && PyErr_Occurred()) {
        drop_frame_entry((PyCodeObject *)code);
    }
    if (capsule != NULL) {
        /* holder lives on this stack: a later call through an escaped reference to the
         * function fails on the name instead of reading it */
        PyCapsule_SetName(capsule, "pyc2c module body (returned)");
    }
    Py_XDECREF(r);
    Py_XDECREF(code);
    Py_XDECREF(locals);
    Py_XDECREF(fn);
    Py_XDECREF(capsule);
    return r != NULL ? 0 : -1;
}
