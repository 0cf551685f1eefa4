/* depth.h - the recursion depth of compiled frames, counted in the interpreter's own
 * thread state (depth.c): a compiled function entered counts as one Python frame,
 * against sys.getrecursionlimit(), and raises RecursionError where CPython would.
 * The count lives in the thread state, so it follows thread switches; the C stack
 * check (stack.c) still guards a raised limit or a small thread stack.
 *
 * The C stack is looked at every 8th level only: the margin stack.c keeps covers
 * the levels between. That look is inline (a subtraction and a compare), not the
 * slow path's call: a hot function whose depth is always a multiple of 8 (richards'
 * find_tcb) would otherwise take the call on every entry.
 *
 * Pyc2c_FrameEnter always counts the frame, even when it fails (0, or 2 with
 * RecursionError): every exit of the function, the error return included, calls
 * Pyc2c_FrameLeave once with the same thread state.  Included by pyc2c.h. */
#ifndef PYC2C_DEPTH_H
#define PYC2C_DEPTH_H

#if PY_VERSION_HEX >= 0x030D0000
#define PYC2C_TSTATE() PyThreadState_GetUnchecked()
#else
#define PYC2C_TSTATE() _PyThreadState_UncheckedGet()
#endif

#if PY_VERSION_HEX < 0x030B0000
/* 3.9, 3.10: the limit is PyInterpreterState.ceval.recursion_limit, an internal struct:
 * its offset comes from depth_limit.c, compiled with the internal headers. */
extern const size_t pyc2c_interp_limit_offset;
#define PYC2C_RECURSION_LIMIT(ts) (*(const int *)((const char *)(ts)->interp + pyc2c_interp_limit_offset))
#endif

/* PyErr_Occurred() of ts, the running thread's state, read inline. */
static inline int Pyc2c_ErrOccurredIn(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    return ts->current_exception != NULL;
#else
    return ts->curexc_type != NULL;
#endif
}

/* Past the limit, or a depth where the C stack is looked at (every 8th). */
PYC2C_COLD char Pyc2c_FrameEnterSlow(PyThreadState *ts);

/* ts: the running thread's state (PYC2C_TSTATE(), passed down by direct calls). */
PYC2C_INLINE char Pyc2c_FrameEnter(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    int left = --ts->py_recursion_remaining;
    if (PYC2C_UNLIKELY((left & (INT_MIN | 7)) <= 0)) {   /* left < 0, or a multiple of 8 */
        return left >= 0 ? Pyc2c_StackCheck() : Pyc2c_FrameEnterSlow(ts);
    }
#elif PY_VERSION_HEX >= 0x030B0000
    int left = --ts->recursion_remaining;
    if (PYC2C_UNLIKELY((left & (INT_MIN | 7)) <= 0)) {   /* left < 0, or a multiple of 8 */
        return left >= 0 ? Pyc2c_StackCheck() : Pyc2c_FrameEnterSlow(ts);
    }
#else
    int depth = ++ts->recursion_depth;
    if (PYC2C_UNLIKELY(depth > PYC2C_RECURSION_LIMIT(ts))) {
        return Pyc2c_FrameEnterSlow(ts);
    }
    if (PYC2C_UNLIKELY((depth & 7) == 0)) {
        return Pyc2c_StackCheck();
    }
#endif
    return 0;
}

PYC2C_INLINE void Pyc2c_FrameLeave(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    ts->py_recursion_remaining++;
#elif PY_VERSION_HEX >= 0x030B0000
    ts->recursion_remaining++;
#else
    ts->recursion_depth--;
#endif
}

/* Would Pyc2c_FrameEnter take this frame without raising (room below the limit, and at a
 * depth where the C stack is looked at, the inline look finds room)? A fast clone
 * (compiler/emit/emit_fast.c) then runs it uncounted and, handing over, counts it with
 * Pyc2c_FrameResume, which cannot fail then. The look is made here rather than left to
 * the full body: a clone entered at every 8th level (a recursion such as go's
 * Square.find, or a method called at a fixed depth that is a multiple of 8) handed over
 * at its entry each time, 18% of go's find calls. The stack range's first lookup (or
 * its end) still goes to the full body, whose FrameEnter makes the slow check, and so
 * does the last level below the limit: the quick leaves a clone calls (emit_quick.c)
 * count no frame of their own and rely on one more level of room. */
static inline int Pyc2c_StackRoom(void)
{
    return Pyc2c_StackHere() - pyc2c_stack_safe_lo < pyc2c_stack_safe_span;
}

PYC2C_INLINE int Pyc2c_FrameFree(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    int left = ts->py_recursion_remaining - 1;
#elif PY_VERSION_HEX >= 0x030B0000
    int left = ts->recursion_remaining - 1;
#else
    int depth = ts->recursion_depth + 1;
    if (PYC2C_LIKELY(depth <= PYC2C_RECURSION_LIMIT(ts) && (depth & 7) != 0)) {
        return 1;
    }
    return depth < PYC2C_RECURSION_LIMIT(ts) && Pyc2c_StackRoom();
#endif
#if PY_VERSION_HEX >= 0x030B0000
    if (PYC2C_LIKELY((left & (INT_MIN | 7)) > 0)) {
        return 1;
    }
    return left > 0 && Pyc2c_StackRoom();
#endif
}

PYC2C_INLINE void Pyc2c_FrameResume(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    ts->py_recursion_remaining--;
#elif PY_VERSION_HEX >= 0x030B0000
    ts->recursion_remaining--;
#else
    ts->recursion_depth++;
#endif
}

/* A leaf body inlined at its call (compiler/pass/leafinline.c) counts no frame: it makes
 * its entry's limit test instead (0, or 2 with RecursionError, as Pyc2c_FrameEnter). It
 * calls nothing and uses no C stack of its own, so the C stack look is not made. */
PYC2C_INLINE char Pyc2c_FrameProbe(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    int room = ts->py_recursion_remaining > 0;
#elif PY_VERSION_HEX >= 0x030B0000
    int room = ts->recursion_remaining > 0;
#else
    int room = ts->recursion_depth < PYC2C_RECURSION_LIMIT(ts);
#endif
    if (PYC2C_LIKELY(room)) {
        return 0;
    }
    char r = Pyc2c_FrameEnter(ts);
    Pyc2c_FrameLeave(ts);
    return r;
}

/* Pyc2c_LeafRoom for a leaf called from a fast clone, whose own frame is not counted. */
PYC2C_INLINE int Pyc2c_ClonedLeafRoom(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    return ts->py_recursion_remaining > 2;
#elif PY_VERSION_HEX >= 0x030B0000
    return ts->recursion_remaining > 2;
#else
    return ts->recursion_depth + 3 <= PYC2C_RECURSION_LIMIT(ts);
#endif
}

/* Two frames of room below the limit: a frameless leaf (compiler/emit/emit_leaf.c)
 * runs without counting its own, since neither its entry nor one level of
 * Py_EnterRecursiveCall inside it could then reach the limit. */
PYC2C_INLINE int Pyc2c_LeafRoom(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    return ts->py_recursion_remaining > 1;
#elif PY_VERSION_HEX >= 0x030B0000
    return ts->recursion_remaining > 1;
#else
    return ts->recursion_depth + 2 <= PYC2C_RECURSION_LIMIT(ts);
#endif
}

/* A chain of frames counted in a register (pass/chaindepth.c): a recursive copy that runs
 * no Python code gets, instead of the thread state's count, the levels it may still
 * enter (pyc2c_left, from Pyc2c_DepthBudget at the chain's entry) and passes them down;
 * the thread state's count is not touched while the chain runs, since nothing in it can
 * read the count. Past the limit (or at every 8th level, for the C stack) the slow path
 * shows the interpreter the chain's true depth, so RecursionError comes at the same
 * level and with the same message as Pyc2c_FrameEnter's. */
static inline int Pyc2c_DepthBudget(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    return ts->py_recursion_remaining;
#elif PY_VERSION_HEX >= 0x030B0000
    return ts->recursion_remaining;
#else
    return PYC2C_RECURSION_LIMIT(ts) - ts->recursion_depth;
#endif
}

/* Past the limit: the interpreter's check at the chain's depth. 0 or 2, as FrameEnter. */
char Pyc2c_ChainEnterSlow(PyThreadState *ts, int *left);

/* One more level of a chain: 0, or 2 with RecursionError. Nothing to undo on exit. */
PYC2C_INLINE char Pyc2c_ChainEnter(PyThreadState *ts, int *left)
{
    int l = --*left;
    if (PYC2C_UNLIKELY((l & (INT_MIN | 7)) <= 0)) {   /* l < 0, or a multiple of 8 */
        return l >= 0 ? Pyc2c_StackCheck() : Pyc2c_ChainEnterSlow(ts, left);
    }
    return 0;
}

/* An int function's int64 copy (compiler/pass/i64copy.c) never fails: a step that
 * overflows, or a level past its budget, leaves it by longjmp to its entry (the copy
 * holds no reference and runs no Python code: nothing to undo), which returns
 * PYC2C_I64_ERROR with no exception; the caller then recomputes with exact ints. */
typedef struct Pyc2cBail {
    jmp_buf jb;
    struct Pyc2cBail *outer;   /* the entry this one is inside, or NULL */
} Pyc2cBail;
extern _Thread_local Pyc2cBail *pyc2c_bail_to;
_Noreturn void Pyc2c_I64Bail(void);

static inline int64_t Pyc2c_BailDone(Pyc2cBail *b, int64_t r)
{
    pyc2c_bail_to = b->outer;
    return r;
}

/* The levels the copy may enter: the recursion budget, capped by the C stack left at
 * PYC2C_I64_FRAME_BOUND bytes a level, so that no level tests the stack (past the cap
 * the exact copy, which does, takes over). Where the stack is not known (this thread's
 * range not found), the recursion limit alone, as for the exact copy. */
#define PYC2C_I64_FRAME_BOUND 4096
static inline int Pyc2c_I64Budget(PyThreadState *ts)
{
    volatile char probe = 0;
    uintptr_t here = (uintptr_t)&probe;
    int budget = Pyc2c_DepthBudget(ts);
    if (budget <= 0) {
        return 0;
    }
    if (PYC2C_UNLIKELY(here - pyc2c_stack_safe_lo >= pyc2c_stack_safe_span)) {
        if (Pyc2c_StackCheckSlow(here) != 0) {   /* near the end: the exact copy raises */
            PyErr_Clear();
            return 0;
        }
        if (here - pyc2c_stack_safe_lo >= pyc2c_stack_safe_span) {
            return budget;
        }
    }
    uintptr_t levels = (here - pyc2c_stack_safe_lo) / PYC2C_I64_FRAME_BOUND;
    return (uintptr_t)budget > levels ? (int)levels : budget;
}

/* One more level of the copy, or out. */
PYC2C_INLINE char Pyc2c_ChainBail(int *left)
{
    if (PYC2C_UNLIKELY(--*left < 0)) {
        Pyc2c_I64Bail();
    }
    return 0;
}

static inline int64_t Pyc2cI64_AddOrBail(int64_t a, int64_t b)
{
    int64_t r;
    if (PYC2C_UNLIKELY(__builtin_add_overflow(a, b, &r))) {
        Pyc2c_I64Bail();
    }
    return r;
}

static inline int64_t Pyc2cI64_SubOrBail(int64_t a, int64_t b)
{
    int64_t r;
    if (PYC2C_UNLIKELY(__builtin_sub_overflow(a, b, &r))) {
        Pyc2c_I64Bail();
    }
    return r;
}

static inline int64_t Pyc2cI64_MulOrBail(int64_t a, int64_t b)
{
    int64_t r;
    if (PYC2C_UNLIKELY(__builtin_mul_overflow(a, b, &r))) {
        Pyc2c_I64Bail();
    }
    return r;
}

/* A call of a C-level callable that CPython counts before it runs (a tp_call such as
 * functools' lru_cache wrapper): the memo's own call and its misses.  0, or 2 with
 * "maximum recursion depth exceeded while calling a Python object"; counted either
 * way, Pyc2c_CallLeave undoes it.  3.12+ count it against the C recursion limit. */
char Pyc2c_CallEnterSlow(PyThreadState *ts, int units, const char *where);

PYC2C_INLINE char Pyc2c_CallEnter(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (PYC2C_UNLIKELY(--ts->c_recursion_remaining < 0)) {
        return Pyc2c_CallEnterSlow(ts, 1, " while calling a Python object");
    }
#elif PY_VERSION_HEX >= 0x030B0000
    if (PYC2C_UNLIKELY(--ts->recursion_remaining < 0)) {
        return Pyc2c_CallEnterSlow(ts, 1, " while calling a Python object");
    }
#else
    if (PYC2C_UNLIKELY(++ts->recursion_depth > PYC2C_RECURSION_LIMIT(ts))) {
        return Pyc2c_CallEnterSlow(ts, 1, " while calling a Python object");
    }
#endif
    return 0;
}

PYC2C_INLINE void Pyc2c_CallLeave(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    ts->c_recursion_remaining++;
#else
    Pyc2c_FrameLeave(ts);
#endif
}

/* A memo's miss: what CPython 3.12+ count between the lru_cache wrapper and the frame of
 * the function it calls (two of the C recursion count: a memoized recursion there stops
 * at about a third of the C limit, as interpreted); nothing before 3.12.  0, or 2 with
 * RecursionError; counted either way, Pyc2c_MemoMissLeave undoes it. */
PYC2C_INLINE char Pyc2c_MemoMissEnter(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (PYC2C_UNLIKELY((ts->c_recursion_remaining -= 2) < 0)) {
        return Pyc2c_CallEnterSlow(ts, 2, "");
    }
#endif
    (void)ts;
    return 0;
}

PYC2C_INLINE void Pyc2c_MemoMissLeave(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    ts->c_recursion_remaining += 2;
#endif
    (void)ts;
}

#endif
