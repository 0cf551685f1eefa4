/* profile.h - compiled functions seen by profilers (profile.c).
 *
 * Default builds: a call through a compiled function object while a profile function
 * is set (sys.setprofile, cProfile before 3.12) reports c_call/c_return/c_exception
 * with a builtin-function stand-in named module.qualname, as CPython reports a call of
 * a C function.  `pyc2c build --profile` builds: every native entry (direct calls
 * between compiled functions too) reports call/return with a frame whose code names
 * the source file, the def's line and the function, as for interpreted code.
 * Included by pyc2c.h. */
#ifndef PYC2C_PROFILE_H
#define PYC2C_PROFILE_H

/* One compiled function of a --profile build: static, one per function. */
typedef struct Pyc2cProfileSite {
    const char *file;     /* the source file, absolute */
    const char *name;     /* the function's __name__ (profilers show co_name) */
    int line;             /* of the def */
    PyObject *code;       /* an empty code object naming them, made at first use */
} Pyc2cProfileSite;

/* True while a profile function is set and not itself running. */
static inline int Pyc2c_Profiling(void)
{
    PyThreadState *ts = PyThreadState_Get();
    return ts->c_profilefunc != NULL && !ts->tracing;
}

/* Reports a call of site's function (globals: its module's dict) when profiling.
 * Returns the frame to pass to Pyc2cProfile_Leave (NULL when nothing was reported),
 * or (PyObject *)-1 with an exception set when the profile function failed. */
PyObject *Pyc2cProfile_Enter(Pyc2cProfileSite *site, PyObject *globals);
/* Reports the return from the call Pyc2cProfile_Enter gave frame for (stolen; NULL:
 * nothing to report). The pending exception, if any, is kept. */
void Pyc2cProfile_Leave(PyObject *frame);

/* The vectorcall of compiled function objects: their Python entry, bracketed by
 * c_call/c_return events while profiling (function.c). */
PyObject *Pyc2cProfile_Vectorcall(PyObject *func, PyObject *const *args, size_t nargsf, PyObject *kwnames);

#endif
