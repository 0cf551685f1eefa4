/* stack.c - C stack overflow becomes RecursionError instead of a crash.
 * Compiled functions call each other natively, so unbounded recursion uses the C
 * stack, not CPython's frame counter. Each native entry compares its stack address
 * with the safe range of the running thread's stack: one subtraction and compare.
 * The range is global, not thread-local (static TLS is scarce when many extension
 * modules are loaded); native code runs with the GIL held, and a thread that finds
 * the range belongs to another thread installs its own (cached per thread). */
#include "pyc2c.h"
#include <pthread.h>

/* Room left for CPython to raise and unwind, and for C code called from the error path:
 * 256 KB, or a quarter of a small stack (threading.stack_size(512 * 1024) is common). */
#define SAFETY_MARGIN (256 * 1024)
#define MIN_STACK (64 * 1024)

static uintptr_t margin_for(size_t size)
{
    return size >= 4 * SAFETY_MARGIN ? SAFETY_MARGIN : size / 4;
}

uintptr_t pyc2c_stack_safe_lo = 1, pyc2c_stack_safe_span = 0;   /* empty: the first call looks */

typedef struct StackRange {
    pthread_t thread;
    uintptr_t lo, hi;
} StackRange;

static StackRange cache[16];
static int cache_len, cache_next;

static int find_range(uintptr_t here, uintptr_t *lo, uintptr_t *hi)
{
    pthread_t self = pthread_self();
    for (int i = 0; i < cache_len; i++) {
        if (pthread_equal(cache[i].thread, self) && here >= cache[i].lo && here < cache[i].hi) {
            *lo = cache[i].lo;
            *hi = cache[i].hi;
            return 1;
        }
    }
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(self, &attr) != 0) {
        return 0;
    }
    int ok = pthread_attr_getstack(&attr, &addr, &size) == 0;
    pthread_attr_destroy(&attr);
    if (!ok || size < MIN_STACK) {
        return 0;
    }
    *lo = (uintptr_t)addr;
    *hi = (uintptr_t)addr + size;
    StackRange r = {self, *lo, *hi};
    cache[cache_next] = r;
    cache_next = (cache_next + 1) % 16;
    cache_len += cache_len < 16;
    return 1;
}

char Pyc2c_StackCheckSlow(uintptr_t here)
{
    uintptr_t lo, hi;
    if (!find_range(here, &lo, &hi)) {
        return 0;   /* unknown stack: no check rather than a false alarm */
    }
    uintptr_t margin = margin_for(hi - lo);
    if (here < lo + margin) {
        PyErr_SetString(PyExc_RecursionError, "maximum recursion depth exceeded");
        return 2;
    }
    pyc2c_stack_safe_lo = lo + margin;
    pyc2c_stack_safe_span = hi - pyc2c_stack_safe_lo;
    return 0;
}
