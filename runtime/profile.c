/* profile.c - compiled functions seen by profilers (profile.h).
 *
 * Events go straight to the thread's profile function (tstate->c_profilefunc), which
 * sys.setprofile and, before 3.12, cProfile install; from 3.12 cProfile listens to
 * sys.monitoring instead, which has no C API for foreign calls before 3.13, so there
 * only sys.setprofile tools see compiled functions. */
#include "pyc2c.h"

#include <frameobject.h>   /* PyFrame_New */

/* Runs the profile function as ceval's call_trace does: not recursively, and with
 * tracing off while it runs (so the Python code it runs is not itself profiled). */
static int fire(PyThreadState *ts, PyFrameObject *frame, int what, PyObject *arg)
{
#if PY_VERSION_HEX >= 0x030B0000
    PyThreadState_EnterTracing(ts);
#else
    ts->tracing++;
#endif
    int r = ts->c_profilefunc(ts->c_profileobj, frame, what, arg);
#if PY_VERSION_HEX >= 0x030B0000
    PyThreadState_LeaveTracing(ts);
#else
    ts->tracing--;
#endif
    return r;
}

/* ---- default builds: c_call events for calls through the function object ---- */

static PyObject *stand_in_call(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    PyErr_SetString(PyExc_TypeError, "a profiler's stand-in for a compiled function is not callable");
    return NULL;
}

/* The builtin function profilers are shown for f: named by its qualname, with its module
 * as m_module, so cProfile labels it "<module.qualname>" (pstats: {module.qualname}).
 * Profilers key their entries by its PyMethodDef and keep the object, so both live as
 * long as the process (one per function object that was ever profiled). */
static PyObject *stand_in(Pyc2cFunction *f)
{
    if (f->profile_stand_in == NULL) {
        PyMethodDef *md = PyMem_RawCalloc(1, sizeof *md);
        const char *qual = f->def->qualname ? f->def->qualname : f->def->name;
        char *name = PyMem_RawMalloc(strlen(qual) + 1);
        if (md == NULL || name == NULL) {
            PyMem_RawFree(md);
            PyMem_RawFree(name);
            return NULL;
        }
        strcpy(name, qual);
        md->ml_name = name;
        md->ml_meth = stand_in_call;
        md->ml_flags = METH_VARARGS;
        f->profile_stand_in = PyCFunction_NewEx(md, NULL, f->module);
        if (f->profile_stand_in == NULL) {
            return NULL;
        }
        Py_INCREF(f->profile_stand_in);   /* the process's reference: profilers may outlive f */
    }
    return f->profile_stand_in;
}

static PyObject *profiled_call(Pyc2cFunction *f, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyThreadState *ts = PyThreadState_Get();
    PyFrameObject *caller = PyEval_GetFrame();   /* borrowed; sys.setprofile's trampoline needs one */
    PyObject *cf = caller ? stand_in(f) : NULL;
    if (cf == NULL) {
        PyErr_Clear();
        return f->def->entry((PyObject *)f, args, nargsf, kwnames);
    }
    if (fire(ts, caller, PyTrace_C_CALL, cf) < 0) {
        return NULL;
    }
    PyObject *res = f->def->entry((PyObject *)f, args, nargsf, kwnames);
    if (ts->c_profilefunc == NULL) {
        return res;   /* the call turned profiling off */
    }
    if (res != NULL) {
        if (fire(ts, caller, PyTrace_C_RETURN, cf) < 0) {
            Py_CLEAR(res);
        }
        return res;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (fire(ts, caller, PyTrace_C_EXCEPTION, cf) < 0) {
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return NULL;
    }
    PyErr_Restore(type, value, tb);
    return NULL;
}

PyObject *Pyc2cProfile_Vectorcall(PyObject *func, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Pyc2cFunction *f = (Pyc2cFunction *)func;
    if (f->def->profile != NULL || !Pyc2c_Profiling()) {   /* --profile builds report from the native entry */
        return f->def->entry(func, args, nargsf, kwnames);
    }
    return profiled_call(f, args, nargsf, kwnames);
}

/* ---- --profile builds: call/return events of native entries ---- */

PyObject *Pyc2cProfile_Enter(Pyc2cProfileSite *site, PyObject *globals)
{
    if (!Pyc2c_Profiling()) {
        return NULL;
    }
    if (site->code == NULL) {
        site->code = (PyObject *)PyCode_NewEmpty(site->file, site->name, site->line);
        if (site->code == NULL) {
            return (PyObject *)-1;
        }
    }
    PyThreadState *ts = PyThreadState_Get();
    PyFrameObject *frame = PyFrame_New(ts, (PyCodeObject *)site->code, globals, NULL);
    if (frame == NULL) {
        return (PyObject *)-1;
    }
    if (fire(ts, frame, PyTrace_CALL, Py_None) < 0) {
        Py_DECREF(frame);
        return (PyObject *)-1;
    }
    return (PyObject *)frame;
}

void Pyc2cProfile_Leave(PyObject *frame)
{
    if (frame == NULL) {
        return;
    }
    PyThreadState *ts = PyThreadState_Get();
    if (ts->c_profilefunc != NULL && !ts->tracing) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        if (fire(ts, (PyFrameObject *)frame, PyTrace_RETURN, Py_None) < 0) {
            PyErr_WriteUnraisable(frame);   /* a failing profile function was already unset */
        }
        PyErr_Restore(type, value, tb);
    }
    Py_DECREF(frame);
}
