/* interrupts.c - the slow path of a loop back-edge's check (pyc2c.h, Pyc2c_CheckInterrupts).
 * CPython's eval loop tests a private "eval breaker" word at every backward jump; that
 * word is not part of the API of 3.9 .. 3.13, so compiled loops count down instead and,
 * about every TARGET_NS, do what the eval breaker would have: run signal handlers
 * (PyErr_CheckSignals, only in the main thread), pending calls, and a release of the
 * GIL when a waiting thread asked for it (after the switch interval,
 * sys.setswitchinterval; gil_request.c), which hands it over. The countdown adapts so
 * that the slow path runs at that rate whatever a loop iteration costs. */
#include "pyc2c.h"
#include <time.h>

/* between two slow paths: 0.1 ms, well under the 5 ms switch interval. bench/ab_cost.py's
 * instruction counts raise it: under valgrind's slowdown the slow path would run some 50
 * times as often per instruction as at full speed. */
#ifdef PYC2C_INTERRUPT_TARGET_NS
#define TARGET_NS PYC2C_INTERRUPT_TARGET_NS
#else
#define TARGET_NS 100000
#endif
#define MAX_TICKS (1 << 24)

int pyc2c_tick_budget = 1024;
int pyc2c_entry_tick = 1024;
static int64_t last_ns;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* More ticks when the last countdown ran out quickly, fewer when it took long. */
static void adapt(int64_t elapsed)
{
    if (elapsed < TARGET_NS / 2 && pyc2c_tick_budget < MAX_TICKS) {
        pyc2c_tick_budget *= 2;
    } else if (elapsed > TARGET_NS * 2 && pyc2c_tick_budget > 1) {
        pyc2c_tick_budget /= 2;
    }
}

char Pyc2c_InterruptsSlow(PyObject **module_dict)
{
    int64_t now = now_ns();
    adapt(now - last_ns);
    last_ns = now;
    if (PyErr_CheckSignals() < 0 || Py_MakePendingCalls() < 0) {
        return 2;
    }
    /* Release the GIL only when another thread asked for it (gil_request.c): the
     * release then waits until that thread has it, as CPython's eval loop does. Another
     * thread may run compiled code of another instance of this module meanwhile: the
     * globals this code reads are its own again afterwards. */
    PyThreadState *ts = PyThreadState_Get();
    if (Pyc2c_GilDropRequested(ts)) {
        PyObject *dict = *module_dict;
        PyEval_SaveThread();
        PyEval_RestoreThread(ts);
        *module_dict = dict;
    }
    return 0;
}
