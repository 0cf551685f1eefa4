/* gil_request.c - has another thread asked this one for the GIL?
 * A thread that waits longer than the switch interval for the GIL sets a "drop request"
 * that CPython's eval loop reads at its next check; the holder then releases the GIL and
 * waits until the other thread has taken it. Compiled loops must release only then: a
 * release without a request wakes the waiter, which loses the race for the GIL to the
 * releasing thread and starts a new switch interval, so releasing every 0.1 ms starved
 * waiting threads (one tick per ~40 ms instead of 5 ms). The request is private state:
 * this file alone is built as core code, against the target's internal headers. */
#include "patchlevel.h"
#if PY_VERSION_HEX >= 0x03090000 && PY_VERSION_HEX < 0x030E0000
#define Py_BUILD_CORE 1
#define PYC2C_KNOWN_GIL_STATE 1
#endif
#include "Python.h"
#if PY_VERSION_HEX >= 0x030D0000 && defined(PYC2C_KNOWN_GIL_STATE)
#include "internal/pycore_ceval.h"
#elif defined(PYC2C_KNOWN_GIL_STATE)
#include "internal/pycore_interp.h"
#endif

int Pyc2c_GilDropRequested(PyThreadState *ts);

int Pyc2c_GilDropRequested(PyThreadState *ts)
{
#if !defined(PYC2C_KNOWN_GIL_STATE)
    (void)ts;
    return 1;   /* an interpreter whose internals this was not written for: always offer */
#elif PY_VERSION_HEX >= 0x030D0000
    /* 3.13: the request is a bit of the holder's own eval breaker word */
    return (_Py_atomic_load_uintptr_relaxed(&ts->eval_breaker) & _PY_GIL_DROP_REQUEST_BIT) != 0;
#else
    return _Py_atomic_load_relaxed(&ts->interp->ceval.gil_drop_request) != 0;
#endif
}
