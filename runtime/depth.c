/* depth.c - the slow path of Pyc2c_FrameEnter (depth.h): the C stack check, and a
 * frame past the recursion limit as the fast path reads it.  3.9 .. 3.11 ask the interpreter's own
 * check (it re-reads a limit changed since, keeps the headroom that lets a
 * RecursionError be built, and formats the message); 3.12+ do what ceval does for a
 * Python frame, with the same message, minus the fatal error: past the headroom
 * the frame gets a RecursionError too. */
#include "pyc2c.h"

PyAPI_FUNC(int) _Py_CheckRecursiveCall(PyThreadState *tstate, const char *where);

/* The interpreter's check undoes the count when it raises: put it back, since the
 * caller's exit path leaves the frame. */
static char interpreter_check(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (ts->recursion_headroom && ts->py_recursion_remaining >= -50) {
        return 0;
    }
    ts->recursion_headroom++;
    PyErr_SetString(PyExc_RecursionError, "maximum recursion depth exceeded");
    ts->recursion_headroom--;
    return 2;
#elif PY_VERSION_HEX >= 0x030B0000
    int depth = ts->recursion_limit - ts->recursion_remaining;
    int failed = _Py_CheckRecursiveCall(ts, "") < 0;
    ts->recursion_remaining = ts->recursion_limit - depth;
    return failed ? 2 : 0;
#else
    int depth = ts->recursion_depth;
    if (depth > PYC2C_RECURSION_LIMIT(ts) + 50) {
        PyErr_SetString(PyExc_RecursionError, "maximum recursion depth exceeded");
        return 2;   /* where the interpreter would stop with a fatal error */
    }
    int failed = _Py_CheckRecursiveCall(ts, "") < 0;
    ts->recursion_depth = depth;
    return failed ? 2 : 0;
#endif
}

static int past_limit(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    return ts->py_recursion_remaining < 0;
#elif PY_VERSION_HEX >= 0x030B0000
    return ts->recursion_remaining < 0;
#else
    return ts->recursion_depth > PYC2C_RECURSION_LIMIT(ts);
#endif
}

char Pyc2c_FrameEnterSlow(PyThreadState *ts)
{
    if (past_limit(ts) && interpreter_check(ts)) {
        return 2;
    }
    return Pyc2c_StackCheck();
}

/* The thread state is made to hold the chain's depth for the interpreter's check, then
 * its own count again, moved by what the check moved it (3.11 re-bases the count on a
 * limit raised since: the chain's budget moves alike). */
#if PY_VERSION_HEX >= 0x030C0000
#define REMAINING(ts) ((ts)->py_recursion_remaining)
#elif PY_VERSION_HEX >= 0x030B0000
#define REMAINING(ts) ((ts)->recursion_remaining)
#endif

char Pyc2c_ChainEnterSlow(PyThreadState *ts, int *left)
{
#if PY_VERSION_HEX >= 0x030B0000
    int saved = REMAINING(ts);
    REMAINING(ts) = *left;
    char r = Pyc2c_FrameEnterSlow(ts);
    int moved = REMAINING(ts) - *left;
    REMAINING(ts) = saved + moved;
#else
    int saved = ts->recursion_depth;
    ts->recursion_depth = PYC2C_RECURSION_LIMIT(ts) - *left;
    char r = Pyc2c_FrameEnterSlow(ts);
    int moved = (PYC2C_RECURSION_LIMIT(ts) - ts->recursion_depth) - *left;
    ts->recursion_depth = saved;
#endif
    *left += moved;
    return r;
}

/* The interpreter's check for a C call (3.12+: of the C recursion count) that took
 * units of it, the count kept when it raises as in interpreter_check. */
char Pyc2c_CallEnterSlow(PyThreadState *ts, int units, const char *where)
{
#if PY_VERSION_HEX >= 0x030C0000
    int left = ts->c_recursion_remaining;
    ts->c_recursion_remaining = left + units - 1;   /* the interpreter's check takes one */
    int failed = _Py_CheckRecursiveCall(ts, where) < 0;
    ts->c_recursion_remaining = left;
#elif PY_VERSION_HEX >= 0x030B0000
    (void)units;
    int depth = ts->recursion_limit - ts->recursion_remaining;
    int failed = _Py_CheckRecursiveCall(ts, where) < 0;
    ts->recursion_remaining = ts->recursion_limit - depth;
#else
    (void)units;
    int depth = ts->recursion_depth;
    if (depth > PYC2C_RECURSION_LIMIT(ts) + 50) {
        PyErr_Format(PyExc_RecursionError, "maximum recursion depth exceeded%s", where);
        return 2;
    }
    int failed = _Py_CheckRecursiveCall(ts, where) < 0;
    ts->recursion_depth = depth;
#endif
    return failed ? 2 : 0;
}

/* The innermost int64 copy's entry of this thread (depth.h, compiler/pass/i64copy.c). */
_Thread_local Pyc2cBail *pyc2c_bail_to;

void Pyc2c_I64Bail(void)
{
    longjmp(pyc2c_bail_to->jb, 1);
}
