/* pyc2c.h - the runtime library compiled into every generated extension.
 *
 * Table of contents (sections of this header, then the headers it includes)
 *   1. Tagged ints (Python int)          fast paths here, slow paths in int.c
 *   2. Fixed width ints (i64, i32)       all inline, errors in int.c
 *   3. Floats (double)                   fast paths here, slow paths in float.c
 *   4. math shims                        mathfn.c
 *   5. Python entries: argument parsing  args.c, suggest.c; union annotations: union.c
 *        profile.h       profilers see compiled calls      profile.c
 *        function.h      the function object               function.c, args.c
 *        rebind.h        direct calls while a name holds   function.c, rebound.c
 *        memo.h          functools.cache / lru_cache       memo.c, memo_apply.c
 *        gen.h           generator objects                 gen.c
 *   6. Errors, tracebacks, closures      errors.c, cells.c
 *   7. Builtins and statements           print, len: builtins.c; str constants: str.c;
 *                                        globals, kept statements: module.c; displays:
 *                                        build.c; stack depth: stack.c, depth.c; loop back-edges:
 *                                        interrupts.c; class statements: classes.c;
 *                                        try/with: exc.c; iteration, unpacking: iter.c
 *   8. Included last
 *        imports.h       import statements, reload         imports.c
 *        stale.h         an edited .py beside the module   stale.c
 *        exprs.h         f-strings, comprehensions         fstring.c, cells.c
 *        calls.h         f(*args, **kwargs)                callex.c
 *        methods.h       obj.name(args) without binding    methods.c
 *        attrs.h         __slots__ members                 attrs.c
 *        native_class.h  classes with a C layout           native_class.c, dataclass_native.c
 *        entry.h         Python entries from tables        entry.c
 *        objfast.h       int/float paths of generic ops    (inline)
 *          dictprobe.h   dict lookups by str/int keys      (inline; layout check: dict.c)
 *        order.h         a < b without a call; heapq       order.c, heapq.c
 *        containers.h    typed list, tuple, str, dict, set list.c, str.c, dict.c, slices.c
 *        loops.h         native loops over dicts and sets, and untyped lists  dict.c
 *
 * The .c files by Python type: int int.c; float float.c, mathfn.c; str str.c, fstring.c;
 * bytes: no native operations (the C API); list list.c, build.c; tuple build.c, iter.c;
 * dict and set dict.c; function function.c, args.c, cells.c, callex.c, suggest.c;
 * class classes.c, native_class.c, dataclass_native.c, attrs.c, methods.c; memo memo.c,
 * memo_apply.c; generator gen.c; exception errors.c, exc.c; module module.c,
 * imports.c, stale.c. Beside them: builtins.c, stack.c, interrupts.c, profile.c, union.c.
 *
 * Conventions (CPython's): a function that can fail sets a Python exception and
 * returns its type's error sentinel.  Functions returning PyObject * or Pyc2cInt
 * return new (owned) references; arguments are borrowed.
 */
#ifndef PYC2C_H
#define PYC2C_H

#include <Python.h>
#include <stdint.h>
#include <math.h>
#include <setjmp.h>

_Static_assert(sizeof(void *) == 8, "pyc2c supports 64-bit targets only");
_Static_assert(sizeof(long long) == 8, "pyc2c needs a 64-bit long long");

#if defined(__GNUC__) || defined(__clang__)
#define PYC2C_COLD __attribute__((cold))
#define PYC2C_NOINLINE __attribute__((noinline))
/* A fast path small enough to inline everywhere (the C compiler's size heuristics give
 * up on modules with many call sites) */
#define PYC2C_INLINE static inline __attribute__((always_inline))
/* Tells the C compiler a fact it cannot derive (a fast-path result is a short int),
 * so that error checks on that path fold away. */
#define PYC2C_ASSUME(cond) do { if (!(cond)) { __builtin_unreachable(); } } while (0)
/* A small compiled body outside any cycle of direct calls (compiler/pass/inline.c):
 * inlined into its direct callers. */
#define PYC2C_BODY_INLINE inline __attribute__((always_inline))
#define PYC2C_LIKELY(x) __builtin_expect(!!(x), 1)
#define PYC2C_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* x is a constant the C compiler knows (a literal, or one it folded into an inlined body) */
#define PYC2C_KNOWN(x) __builtin_constant_p(x)
/* Starts loading the memory at p into the cache (never faults): for walks over
 * objects scattered in memory, where the next addresses are known a step ahead. */
#define PYC2C_PREFETCH(p) __builtin_prefetch(p)
/* x keeps its value, but the C compiler no longer knows which: a cold path laundering
 * a loop's registers (compiler/pass/acc64.c) shares no expression with the hot one, so
 * none is hoisted between an overflow-checked op and its jump (an `imul; jo` would
 * become `imul; seto; lea; test; jne`). */
#define PYC2C_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define PYC2C_COLD
#define PYC2C_NOINLINE
#define PYC2C_INLINE static inline
#define PYC2C_ASSUME(cond) ((void)0)
#define PYC2C_BODY_INLINE inline
#define PYC2C_LIKELY(x) (x)
#define PYC2C_UNLIKELY(x) (x)
#define PYC2C_KNOWN(x) 0
#define PYC2C_OPAQUE(x) ((void)0)
#define PYC2C_PREFETCH(p) ((void)0)
#endif

/* Generated code that runs once per import (the chunks of a long module body, the
 * constants): cold, and compiled without optimization by GCC, since for such code the
 * C compiler's time and memory matter and its speed does not (emit_chunks.c). */
#if defined(__GNUC__) && !defined(__clang__)
#define PYC2C_RUN_ONCE __attribute__((cold, optimize("O0")))
#elif defined(__clang__)
#define PYC2C_RUN_ONCE __attribute__((cold, minsize))
#else
#define PYC2C_RUN_ONCE
#endif

/* A type's version tag still names what a cache recorded (recorded tags are never
 * 0). Before 3.10 a changed type only loses Py_TPFLAGS_VALID_VERSION_TAG; from 3.10
 * its tag becomes 0, and 3.13 no longer sets the flag at all. */
#if PY_VERSION_HEX >= 0x030A0000
#define PYC2C_TYPE_TAG_IS(t, tag) ((t)->tp_version_tag == (tag))
#define PYC2C_TYPE_TAG_VALID(t) ((t)->tp_version_tag != 0)
#else
#define PYC2C_TYPE_TAG_IS(t, tag) \
    ((t)->tp_version_tag == (tag) && PyType_HasFeature((t), Py_TPFLAGS_VALID_VERSION_TAG))
#define PYC2C_TYPE_TAG_VALID(t) ((t)->tp_version_tag != 0 && PyType_HasFeature((t), Py_TPFLAGS_VALID_VERSION_TAG))
#endif
#define PYC2C_NO_TAG 0xFFFFFFFFu   /* a cache's tag before it records one */

/* ======================================================================
 * 1. Tagged ints
 *
 * low bit 0: a short int, value = t >> 1, range [PYC2C_SHORT_MIN, PYC2C_SHORT_MAX].
 * low bit 1: (PyObject *)(t & ~1) is an owned reference to an exact PyLong
 *            whose value lies outside the short range (always normalized).
 * ====================================================================== */
typedef int64_t Pyc2cInt;

#define PYC2C_INT_ERROR ((Pyc2cInt)1)
#define PYC2C_SHORT_MAX ((int64_t)0x3FFFFFFFFFFFFFFFLL)   /*  2**62 - 1 */
#define PYC2C_SHORT_MIN (-PYC2C_SHORT_MAX - 1)              /* -2**62     */
#define PYC2C_EXACT_DOUBLE_MAX ((int64_t)1 << 53)           /* ints in [-2**53, 2**53] are exact doubles */

static inline int Pyc2cInt_IsShort(Pyc2cInt t)
{
    return (t & 1) == 0;
}

static inline int Pyc2cInt_IsError(Pyc2cInt t)
{
    return t == PYC2C_INT_ERROR;
}

/* Caller guarantees PYC2C_SHORT_MIN <= v <= PYC2C_SHORT_MAX. */
static inline Pyc2cInt Pyc2cInt_FromShort(int64_t v)
{
    return (Pyc2cInt)((uint64_t)v << 1);
}

static inline int64_t Pyc2cInt_ShortValue(Pyc2cInt t)
{
    return t >> 1;
}

/* Borrowed PyLong of a long tagged int. */
static inline PyObject *Pyc2cInt_LongObject(Pyc2cInt t)
{
    return (PyObject *)(uintptr_t)(t & ~(Pyc2cInt)1);
}

static inline int Pyc2cInt_FitsShort(int64_t v)
{
    return v >= PYC2C_SHORT_MIN && v <= PYC2C_SHORT_MAX;
}

/* The PyLong of a long tagged int, hidden from constant propagation: on paths where the
 * C compiler knows t (an error value, say) it would otherwise warn about the pointer
 * it derives, on code that never runs. Costs nothing. */
static inline PyObject *Pyc2cInt_OpaqueLong(Pyc2cInt t)
{
    uintptr_t p = (uintptr_t)(t & ~(Pyc2cInt)1);
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(p));
#endif
    return (PyObject *)p;
}

/* The reference counts of a long tagged int (or the error value, which owns nothing),
 * out of line: every int op of the generated code has its incref or decref, and long
 * ints are rare (and slow anyway), so inline only the test (int.c). */
PYC2C_COLD void Pyc2cInt_IncRefLong(Pyc2cInt t);
PYC2C_COLD void Pyc2cInt_DecRefLong(Pyc2cInt t);

/* Short ints and the error value own nothing. */
static inline void Pyc2cInt_INCREF(Pyc2cInt t)
{
    if (PYC2C_UNLIKELY(!Pyc2cInt_IsShort(t))) {
        Pyc2cInt_IncRefLong(t);
    }
}

static inline void Pyc2cInt_DECREF(Pyc2cInt t)
{
    if (PYC2C_UNLIKELY(!Pyc2cInt_IsShort(t))) {
        Pyc2cInt_DecRefLong(t);
    }
}

/* Pyc2cInt_DECREF out of line: error paths use it, they are many and cold (int.c). */
PYC2C_COLD void Pyc2cInt_DecRefCold(Pyc2cInt t);
/* Called first where a failed guard leaves the fast path (compiler/emit/emit.c): a call
 * of a cold function moves the path into .text.unlikely; a branch hint does not. */
PYC2C_COLD PYC2C_NOINLINE void Pyc2c_SlowPath(void);

/* Construction, boxing, unboxing (int.c). */
PYC2C_COLD Pyc2cInt Pyc2cInt_FromI64Slow(int64_t v);
Pyc2cInt Pyc2cInt_FromPyLong(PyObject *borrowed_long);
Pyc2cInt Pyc2cInt_FromPyLongSteal(PyObject *owned_long);
Pyc2cInt Pyc2cInt_FromDecimalString(const char *digits);
Pyc2cInt Pyc2cInt_FromString(const char *text, int base);
PyObject *Pyc2cInt_BoxSlow(Pyc2cInt t);
Pyc2cInt Pyc2cInt_Unbox(PyObject *o);
Pyc2cInt Pyc2cInt_Index(PyObject *o);
/* int(x) with one argument, as CPython's int() */
Pyc2cInt Pyc2cInt_OfObject(PyObject *x);
/* num_parse.c: int(s) of an exact str; float(x) (a new float, or NULL) */
Pyc2cInt Pyc2cInt_OfStr(PyObject *s);
char Pyc2cStr_IntRefuses(PyObject *x);     /* num_parse.c: an exact str int() surely refuses */
char Pyc2cStr_FloatRefuses(PyObject *x);   /* ... float() surely refuses */
PyObject *Pyc2cFloat_OfObject(PyObject *x);
double Pyc2cFloat_OfObjectD(PyObject *x);   /* the same read as a double (arithmetic) */
int Pyc2cInt_Check(PyObject *o);
PyObject *Pyc2cInt_Str(Pyc2cInt t);
PyObject *Pyc2c_I64ToStr(int64_t v);
/* v's decimal digits (and '-') at the end of buf: their start (runtime/int.c) */
#define PYC2C_I64_DIGITS 24
char *Pyc2c_I64Digits(int64_t v, char buf[PYC2C_I64_DIGITS]);

static inline Pyc2cInt Pyc2cInt_FromI64(int64_t v)
{
    if (PYC2C_LIKELY(Pyc2cInt_FitsShort(v))) {
        return Pyc2cInt_FromShort(v);
    }
    return Pyc2cInt_FromI64Slow(v);
}

/* Small ints come from a cache (containers.h). */
static inline PyObject *Pyc2cInt_BoxShort(int64_t v);

static inline PyObject *Pyc2cInt_Box(Pyc2cInt t)
{
    if (Pyc2cInt_IsShort(t)) {
        return Pyc2cInt_BoxShort(Pyc2cInt_ShortValue(t));
    }
    return Pyc2cInt_BoxSlow(t);
}

/* Arithmetic slow paths (int.c): any operand long, overflow, or an error case.
 * They delegate to CPython so results and exceptions are exactly CPython's. */
PYC2C_COLD Pyc2cInt Pyc2cInt_AddSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_SubSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_MulSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_FloorDivSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_ModSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_AndSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_OrSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_XorSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_LshiftSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_RshiftSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_PowSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD Pyc2cInt Pyc2cInt_NegSlow(Pyc2cInt a);
PYC2C_COLD Pyc2cInt Pyc2cInt_InvertSlow(Pyc2cInt a);
PYC2C_COLD Pyc2cInt Pyc2cInt_AbsSlow(Pyc2cInt a);
PYC2C_COLD double Pyc2cInt_TrueDivSlow(Pyc2cInt a, Pyc2cInt b);
PYC2C_COLD double Pyc2cInt_AsDoubleSlow(Pyc2cInt t);
PYC2C_COLD int64_t Pyc2cInt_AsI64Slow(Pyc2cInt t);
PYC2C_COLD Pyc2cInt Pyc2cInt_FromDoubleSlow(double d);
PYC2C_COLD int Pyc2cInt_CompareSlow(Pyc2cInt a, Pyc2cInt b);   /* -1, 0, 1; cannot fail */
PYC2C_COLD char Pyc2cInt_CmpFloatSlow(Pyc2cInt a, double b, int op);
/* a ** b as CPython computes it: an int for b >= 0, a float for b < 0. */
PyObject *Pyc2cInt_PowObject(Pyc2cInt a, Pyc2cInt b);

#define PYC2C_BOTH_SHORT(a, b) Pyc2cInt_IsShort((a) | (b))

/* Add, Sub, Mul, FloorDiv and Mod are their releasing forms (..R, below) releasing
 * nothing: one slow call, whatever made the fast path fail (a long operand, overflow,
 * a zero divisor). */
enum {
    PYC2C_IOP_ADD, PYC2C_IOP_SUB, PYC2C_IOP_MUL, PYC2C_IOP_FLOORDIV, PYC2C_IOP_MOD,
    PYC2C_IOP_AND, PYC2C_IOP_OR, PYC2C_IOP_XOR, PYC2C_IOP_NEG, PYC2C_IOP_ABS,
    PYC2C_IOP_EQ, PYC2C_IOP_NE, PYC2C_IOP_LT, PYC2C_IOP_LE, PYC2C_IOP_GT, PYC2C_IOP_GE
};
/* The op iop of a and b (unary: a) by the general path, then the operands rel names
 * released (bit 0: a, bit 1: b) (int.c). */
PYC2C_COLD Pyc2cInt Pyc2cInt_ArithSlowR(int iop, Pyc2cInt a, Pyc2cInt b, int rel);

static inline Pyc2cInt Pyc2cInt_AddR(Pyc2cInt a, Pyc2cInt b, int rel)
{
    Pyc2cInt r;
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && !__builtin_add_overflow(a, b, &r)) {
        PYC2C_ASSUME(Pyc2cInt_IsShort(r));
        return r;
    }
    return Pyc2cInt_ArithSlowR(PYC2C_IOP_ADD, a, b, rel);
}

static inline Pyc2cInt Pyc2cInt_SubR(Pyc2cInt a, Pyc2cInt b, int rel)
{
    Pyc2cInt r;
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && !__builtin_sub_overflow(a, b, &r)) {
        PYC2C_ASSUME(Pyc2cInt_IsShort(r));
        return r;
    }
    return Pyc2cInt_ArithSlowR(PYC2C_IOP_SUB, a, b, rel);
}

static inline Pyc2cInt Pyc2cInt_MulR(Pyc2cInt a, Pyc2cInt b, int rel)
{
    Pyc2cInt r;
    /* (a >> 1) * b == 2 * x * y: the tagged product, overflowing exactly when x*y leaves short range */
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))
        && !__builtin_mul_overflow(Pyc2cInt_ShortValue(a), b, &r)) {
        PYC2C_ASSUME(Pyc2cInt_IsShort(r));
        return r;
    }
    return Pyc2cInt_ArithSlowR(PYC2C_IOP_MUL, a, b, rel);
}

/* A divisor the C compiler sees as a constant power of two 2**k (a literal, or an inlined
 * body's): the tagged word 2*v shifted right by k, floored as Python floors, the tag bit
 * cleared; % keeps v's low k bits (Python's sign: a positive modulus). */
#define PYC2C_CONST_POW2(b) (__builtin_constant_p(b) && (b) > 0 && Pyc2cInt_IsShort(b) && ((b) & ((b) - 2)) == 0)

static inline Pyc2cInt Pyc2cInt_FloorDivR(Pyc2cInt a, Pyc2cInt b, int rel)
{
    if (PYC2C_CONST_POW2(b) && PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        return (a >> __builtin_ctzll((unsigned long long)b >> 1)) & ~(Pyc2cInt)1;
    }
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && b != 0) {
        int64_t x = Pyc2cInt_ShortValue(a);
        int64_t y = Pyc2cInt_ShortValue(b);
        int64_t q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) {
            q -= 1;
        }
        if (PYC2C_LIKELY(Pyc2cInt_FitsShort(q))) {   /* -2**62 // -1 leaves short range */
            return Pyc2cInt_FromShort(q);
        }
    }
    return Pyc2cInt_ArithSlowR(PYC2C_IOP_FLOORDIV, a, b, rel);
}

static inline Pyc2cInt Pyc2cInt_ModR(Pyc2cInt a, Pyc2cInt b, int rel)
{
    if (PYC2C_CONST_POW2(b) && PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        return a & (b - 2);
    }
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && b != 0) {
        int64_t x = Pyc2cInt_ShortValue(a);
        int64_t y = Pyc2cInt_ShortValue(b);
        int64_t r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) {
            r += y;
        }
        return Pyc2cInt_FromShort(r);
    }
    return Pyc2cInt_ArithSlowR(PYC2C_IOP_MOD, a, b, rel);
}

static inline Pyc2cInt Pyc2cInt_Add(Pyc2cInt a, Pyc2cInt b) { return Pyc2cInt_AddR(a, b, 0); }
static inline Pyc2cInt Pyc2cInt_Sub(Pyc2cInt a, Pyc2cInt b) { return Pyc2cInt_SubR(a, b, 0); }
static inline Pyc2cInt Pyc2cInt_Mul(Pyc2cInt a, Pyc2cInt b) { return Pyc2cInt_MulR(a, b, 0); }
static inline Pyc2cInt Pyc2cInt_FloorDiv(Pyc2cInt a, Pyc2cInt b) { return Pyc2cInt_FloorDivR(a, b, 0); }
static inline Pyc2cInt Pyc2cInt_Mod(Pyc2cInt a, Pyc2cInt b) { return Pyc2cInt_ModR(a, b, 0); }

/* a % b and a // b of short ints where compiler/pass/ranges.c proved b nonzero (for //,
 * positive): the results are short, nothing can fail. */
static inline Pyc2cInt Pyc2cInt_ModShort(Pyc2cInt a, Pyc2cInt b)
{
    int64_t x = Pyc2cInt_ShortValue(a), y = Pyc2cInt_ShortValue(b);
    int64_t r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) {
        r += y;
    }
    return Pyc2cInt_FromShort(r);
}

static inline Pyc2cInt Pyc2cInt_FloorDivShort(Pyc2cInt a, Pyc2cInt b)
{
    int64_t x = Pyc2cInt_ShortValue(a), y = Pyc2cInt_ShortValue(b);
    int64_t q = x / y;
    if (x % y != 0 && x < 0) {
        q -= 1;
    }
    return Pyc2cInt_FromShort(q);
}

/* (a * b + c) % m, or (c - a * b) % m when neg: short operands in 128 bits (the product
 * of two shorts and a short fit; the remainder fits an int64), else step by step. */
Pyc2cInt Pyc2cInt_MulAddModSlow(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg);
static inline Pyc2cInt Pyc2cInt_MulAddMod(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a | b | c | m)) && m != 0) {
        __int128 p = (__int128)Pyc2cInt_ShortValue(a) * Pyc2cInt_ShortValue(b);
        p = (neg ? -p : p) + Pyc2cInt_ShortValue(c);
        int64_t y = Pyc2cInt_ShortValue(m);
        /* a sum that fits 64 bits (most) takes the machine's remainder, not __modti3's
         * (but INT64_MIN % -1 traps there) */
        int64_t r = p == (int64_t)p && y != -1 ? (int64_t)p % y : (int64_t)(p % y);
        if (r != 0 && ((r < 0) != (y < 0))) {
            r += y;
        }
        return Pyc2cInt_FromShort(r);
    }
    return Pyc2cInt_MulAddModSlow(a, b, c, m, neg);
}

/* (a * b + c) & m, or (c - a * b) & m when neg (build_fused.c, the LCG step with a
 * power-of-two mask): with m >= 0 only the low bits of the sum count, and Python's & on a
 * negative int is two's complement, so the sum taken modulo 2**64 gives the result with
 * no big int; the slow path does the same for operands that fit int64. */
Pyc2cInt Pyc2cInt_MulAddAndSlow(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg);
static inline Pyc2cInt Pyc2cInt_MulAddAnd(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a | b | c | m)) && Pyc2cInt_ShortValue(m) >= 0) {
        uint64_t p = (uint64_t)Pyc2cInt_ShortValue(a) * (uint64_t)Pyc2cInt_ShortValue(b);
        uint64_t z = (uint64_t)Pyc2cInt_ShortValue(c);
        return Pyc2cInt_FromShort((int64_t)((neg ? z - p : p + z) & (uint64_t)Pyc2cInt_ShortValue(m)));
    }
    return Pyc2cInt_MulAddAndSlow(a, b, c, m, neg);
}

/* (a * k + c) & m, k, c and m int64 constants with m >= 0 (build_fused.c: literals): as
 * Pyc2cInt_MulAddAnd, with only a to read; the result, at most m, may pass the short
 * range (a 63-bit mask). */
Pyc2cInt Pyc2cInt_MulAddAndKSlow(Pyc2cInt a, int64_t k, int64_t c, int64_t m);
static inline Pyc2cInt Pyc2cInt_MulAddAndK(Pyc2cInt a, int64_t k, int64_t c, int64_t m)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        uint64_t p = (uint64_t)Pyc2cInt_ShortValue(a) * (uint64_t)k;
        return Pyc2cInt_FromI64((int64_t)((p + (uint64_t)c) & (uint64_t)m));
    }
    return Pyc2cInt_MulAddAndKSlow(a, k, c, m);
}

static inline Pyc2cInt Pyc2cInt_And(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        return a & b;
    }
    return Pyc2cInt_AndSlow(a, b);
}

static inline Pyc2cInt Pyc2cInt_Or(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        return a | b;
    }
    return Pyc2cInt_OrSlow(a, b);
}

static inline Pyc2cInt Pyc2cInt_Xor(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        return a ^ b;
    }
    return Pyc2cInt_XorSlow(a, b);
}

static inline Pyc2cInt Pyc2cInt_Lshift(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        int64_t x = Pyc2cInt_ShortValue(a);
        int64_t y = Pyc2cInt_ShortValue(b);
        int64_t r;
        if (y >= 0 && y < 62 && !__builtin_mul_overflow(x, (int64_t)1 << y, &r)
            && Pyc2cInt_FitsShort(r)) {
            return Pyc2cInt_FromShort(r);
        }
    }
    return Pyc2cInt_LshiftSlow(a, b);
}

static inline Pyc2cInt Pyc2cInt_Rshift(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && b >= 0) {
        int64_t x = Pyc2cInt_ShortValue(a);
        int64_t y = Pyc2cInt_ShortValue(b);
        if (y > 62) {
            y = 62;   /* a short shifted by 62 or more is 0 or -1 */
        }
        return Pyc2cInt_FromShort(x >> y);
    }
    return Pyc2cInt_RshiftSlow(a, b);
}

/* a ** b for b >= 0 (callers check).  b < 0 raises ValueError defensively:
 * use Pyc2cInt_PowObject when the exponent's sign is unknown. */
static inline Pyc2cInt Pyc2cInt_Pow(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && b >= 0) {
        int64_t base = Pyc2cInt_ShortValue(a);
        int64_t e = Pyc2cInt_ShortValue(b);
        int64_t r = 1;
        int ok = 1;
        while (ok) {
            if (e & 1) {
                ok = !__builtin_mul_overflow(r, base, &r);
            }
            e >>= 1;
            if (e == 0) {
                break;
            }
            ok = ok && !__builtin_mul_overflow(base, base, &base);
        }
        if (ok && Pyc2cInt_FitsShort(r)) {
            return Pyc2cInt_FromShort(r);
        }
    }
    return Pyc2cInt_PowSlow(a, b);
}

static inline Pyc2cInt Pyc2cInt_Neg(Pyc2cInt a)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        return Pyc2cInt_FromI64(-Pyc2cInt_ShortValue(a));
    }
    return Pyc2cInt_NegSlow(a);
}

static inline Pyc2cInt Pyc2cInt_Invert(Pyc2cInt a)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        return Pyc2cInt_FromShort(~Pyc2cInt_ShortValue(a));
    }
    return Pyc2cInt_InvertSlow(a);
}

static inline Pyc2cInt Pyc2cInt_Abs(Pyc2cInt a)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        int64_t x = Pyc2cInt_ShortValue(a);
        return Pyc2cInt_FromI64(x < 0 ? -x : x);
    }
    return Pyc2cInt_AbsSlow(a);
}

/* box(abs(u)) where u was unboxed from o (pass/rebox.c): o itself when abs kept the
 * value (a non-negative int), as CPython's abs returns it; else a new box of a. */
static inline PyObject *Pyc2cInt_AbsBox(Pyc2cInt a, Pyc2cInt u, PyObject *o)
{
    if (PYC2C_LIKELY(a == u && PyLong_CheckExact(o))) {
        Py_INCREF(o);
        return o;
    }
    return Pyc2cInt_Box(a);
}

/* int / int, correctly rounded like CPython.  Error: -1.0 with an exception set. */
static inline double Pyc2cInt_TrueDiv(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b)) && b != 0) {
        int64_t x = Pyc2cInt_ShortValue(a);
        int64_t y = Pyc2cInt_ShortValue(b);
        if (x >= -PYC2C_EXACT_DOUBLE_MAX && x <= PYC2C_EXACT_DOUBLE_MAX
            && y >= -PYC2C_EXACT_DOUBLE_MAX && y <= PYC2C_EXACT_DOUBLE_MAX) {
            return (double)x / (double)y;
        }
    }
    return Pyc2cInt_TrueDivSlow(a, b);
}

/* Comparisons cannot fail. */
static inline char Pyc2cInt_Eq(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a) || Pyc2cInt_IsShort(b))) {
        return a == b;   /* normalized: a short never equals a long */
    }
    return Pyc2cInt_CompareSlow(a, b) == 0;
}

static inline char Pyc2cInt_Ne(Pyc2cInt a, Pyc2cInt b)
{
    return !Pyc2cInt_Eq(a, b);
}

static inline int Pyc2cInt_Compare(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        return (a > b) - (a < b);
    }
    return Pyc2cInt_CompareSlow(a, b);
}

static inline char Pyc2cInt_Lt(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        return a < b;
    }
    return Pyc2cInt_CompareSlow(a, b) < 0;
}

static inline char Pyc2cInt_Le(Pyc2cInt a, Pyc2cInt b)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
        return a <= b;
    }
    return Pyc2cInt_CompareSlow(a, b) <= 0;
}

static inline char Pyc2cInt_Gt(Pyc2cInt a, Pyc2cInt b)
{
    return Pyc2cInt_Lt(b, a);
}

static inline char Pyc2cInt_Ge(Pyc2cInt a, Pyc2cInt b)
{
    return Pyc2cInt_Le(b, a);
}

static inline char Pyc2cInt_IsTrue(Pyc2cInt t)
{
    return t != 0;   /* a long is never zero */
}

/* Error: -1.0 with an exception set (OverflowError for huge ints). */
static inline double Pyc2cInt_AsDouble(Pyc2cInt t)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(t))) {
        return (double)Pyc2cInt_ShortValue(t);   /* correctly rounded, like CPython */
    }
    return Pyc2cInt_AsDoubleSlow(t);
}

/* Error: -1 with an exception set (OverflowError from PyLong_AsLongLong). */
static inline int64_t Pyc2cInt_AsI64(Pyc2cInt t)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(t))) {
        return Pyc2cInt_ShortValue(t);
    }
    return Pyc2cInt_AsI64Slow(t);
}

/* Releasing forms of the int ops (compiler/prim/releasing.def; Add..Mod above): the same
 * op, and the operands rel names (bit 0: a, bit 1: b) are released, as the decrefs that
 * would follow it. Short ints own nothing, so the inline path is the op's own; only the
 * slow path, with a long operand, has something to release (int.c). */
PYC2C_COLD char Pyc2cInt_CompareSlowR(int iop, Pyc2cInt a, Pyc2cInt b, int rel);
PYC2C_COLD double Pyc2cInt_TrueDivSlowR(Pyc2cInt a, Pyc2cInt b, int rel);
PYC2C_COLD double Pyc2cInt_AsDoubleSlowR(Pyc2cInt t);
PYC2C_COLD PyObject *Pyc2cInt_BoxSteal(Pyc2cInt t);

#define PYC2C_INT_RELEASING(Name, Ret, slow)                                   \
    static inline Ret Pyc2cInt_##Name##R(Pyc2cInt a, Pyc2cInt b, int rel)       \
    {                                                                           \
        if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {                             \
            return Pyc2cInt_##Name(a, b);                                       \
        }                                                                       \
        return slow;                                                            \
    }
PYC2C_INT_RELEASING(And, Pyc2cInt, Pyc2cInt_ArithSlowR(PYC2C_IOP_AND, a, b, rel))
PYC2C_INT_RELEASING(Or, Pyc2cInt, Pyc2cInt_ArithSlowR(PYC2C_IOP_OR, a, b, rel))
PYC2C_INT_RELEASING(Xor, Pyc2cInt, Pyc2cInt_ArithSlowR(PYC2C_IOP_XOR, a, b, rel))
PYC2C_INT_RELEASING(TrueDiv, double, Pyc2cInt_TrueDivSlowR(a, b, rel))
PYC2C_INT_RELEASING(Lt, char, Pyc2cInt_CompareSlowR(PYC2C_IOP_LT, a, b, rel))
PYC2C_INT_RELEASING(Le, char, Pyc2cInt_CompareSlowR(PYC2C_IOP_LE, a, b, rel))
PYC2C_INT_RELEASING(Gt, char, Pyc2cInt_CompareSlowR(PYC2C_IOP_GT, a, b, rel))
PYC2C_INT_RELEASING(Ge, char, Pyc2cInt_CompareSlowR(PYC2C_IOP_GE, a, b, rel))
#undef PYC2C_INT_RELEASING

/* == and != against a known short b (`self.direction == FORWARD`): equal words mean that a is
 * the same short (ints are normalized), so only the unequal case looks at a's tag (a long a
 * may be released). Other operands as the forms above (written as one test and the bare
 * compare of the words, GCC laid the equal case of go's find in its .cold part: fewer
 * instructions, slower). */
#define PYC2C_INT_RELEASING_EQ(Name, eq, iop)                                   \
    static inline char Pyc2cInt_##Name##R(Pyc2cInt a, Pyc2cInt b, int rel)      \
    {                                                                           \
        if (PYC2C_KNOWN(b) && Pyc2cInt_IsShort(b)) {                            \
            if (a == b) {                                                       \
                return eq;                                                      \
            }                                                                   \
            if (PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {                            \
                return !eq;                                                     \
            }                                                                   \
        } else if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {                      \
            return Pyc2cInt_Eq(a, b) == eq;                                     \
        }                                                                       \
        return Pyc2cInt_CompareSlowR(iop, a, b, rel);                           \
    }
PYC2C_INT_RELEASING_EQ(Eq, 1, PYC2C_IOP_EQ)
PYC2C_INT_RELEASING_EQ(Ne, 0, PYC2C_IOP_NE)
#undef PYC2C_INT_RELEASING_EQ

static inline Pyc2cInt Pyc2cInt_NegR(Pyc2cInt a)
{
    return PYC2C_LIKELY(Pyc2cInt_IsShort(a)) ? Pyc2cInt_Neg(a) : Pyc2cInt_ArithSlowR(PYC2C_IOP_NEG, a, a, 1);
}

static inline Pyc2cInt Pyc2cInt_AbsR(Pyc2cInt a)
{
    return PYC2C_LIKELY(Pyc2cInt_IsShort(a)) ? Pyc2cInt_Abs(a) : Pyc2cInt_ArithSlowR(PYC2C_IOP_ABS, a, a, 1);
}

static inline double Pyc2cInt_AsDoubleR(Pyc2cInt a)
{
    return PYC2C_LIKELY(Pyc2cInt_IsShort(a)) ? Pyc2cInt_AsDouble(a) : Pyc2cInt_AsDoubleSlowR(a);
}

/* box(a) taking over a's reference: a long's own PyLong. */
static inline PyObject *Pyc2cInt_BoxR(Pyc2cInt a)
{
    return PYC2C_LIKELY(Pyc2cInt_IsShort(a)) ? Pyc2cInt_Box(a) : Pyc2cInt_BoxSteal(a);
}

/* int(d): truncation; ValueError for nan, OverflowError for infinities. */
static inline Pyc2cInt Pyc2cInt_FromDouble(double d)
{
    if (PYC2C_LIKELY(d > -4611686018427387904.0 && d < 4611686018427387904.0)) {
        return Pyc2cInt_FromShort((int64_t)d);
    }
    return Pyc2cInt_FromDoubleSlow(d);
}

/* Exact int-vs-float comparison; op is Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT or Py_GE. */
static inline char Pyc2cInt_CmpFloat(Pyc2cInt a, double b, int op)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(a))) {
        int64_t x = Pyc2cInt_ShortValue(a);
        if (x >= -PYC2C_EXACT_DOUBLE_MAX && x <= PYC2C_EXACT_DOUBLE_MAX) {
            double d = (double)x;
            switch (op) {
            case Py_LT: return d < b;
            case Py_LE: return d <= b;
            case Py_EQ: return d == b;
            case Py_NE: return d != b;
            case Py_GT: return d > b;
            default: return d >= b;
            }
        }
    }
    return Pyc2cInt_CmpFloatSlow(a, b, op);
}

/* ======================================================================
 * 2. Fixed width ints (mypy_extensions.i64 / i32): raw C integers.
 * Error sentinel -113, check PyErr_Occurred().  Overflow raises
 * OverflowError("integer overflow"); // and % use floor semantics.
 * ====================================================================== */
#define PYC2C_I64_ERROR ((int64_t)-113)
#define PYC2C_I32_ERROR ((int32_t)-113)

void Pyc2c_RaiseIntegerOverflow(void);
void Pyc2c_RaiseIntegerZeroDivision(void);
void Pyc2c_RaiseIntegerModuloZero(void);
int64_t Pyc2cI64_Unbox(PyObject *o);   /* not an int: -113, no exception set */
int32_t Pyc2cI32_Unbox(PyObject *o);   /* not an int: -113, no exception set */
/* The same where the type is not known: not an int raises TypeError (a value of -113 is
 * no error: the sentinel alone does not tell). */
int64_t Pyc2cI64_UnboxChecked(PyObject *o);
int32_t Pyc2cI32_UnboxChecked(PyObject *o);

static inline int Pyc2cI64_IsError(int64_t v)
{
    return v == PYC2C_I64_ERROR && PyErr_Occurred() != NULL;
}

static inline int Pyc2cI32_IsError(int32_t v)
{
    return v == PYC2C_I32_ERROR && PyErr_Occurred() != NULL;
}

static inline PyObject *Pyc2cI64_Box(int64_t v)
{
    return PyLong_FromLongLong(v);
}

static inline PyObject *Pyc2cI32_Box(int32_t v)
{
    return PyLong_FromLong(v);
}

#define PYC2C_DEFINE_FIXED_ARITH(P, T, MIN)                                  \
    static inline T P##_Add(T a, T b)                                        \
    {                                                                        \
        T r;                                                                 \
        if (PYC2C_UNLIKELY(__builtin_add_overflow(a, b, &r))) {              \
            Pyc2c_RaiseIntegerOverflow();                                    \
            return (T)-113;                                                  \
        }                                                                    \
        return r;                                                            \
    }                                                                        \
    static inline T P##_Sub(T a, T b)                                        \
    {                                                                        \
        T r;                                                                 \
        if (PYC2C_UNLIKELY(__builtin_sub_overflow(a, b, &r))) {              \
            Pyc2c_RaiseIntegerOverflow();                                    \
            return (T)-113;                                                  \
        }                                                                    \
        return r;                                                            \
    }                                                                        \
    static inline T P##_Mul(T a, T b)                                        \
    {                                                                        \
        T r;                                                                 \
        if (PYC2C_UNLIKELY(__builtin_mul_overflow(a, b, &r))) {              \
            Pyc2c_RaiseIntegerOverflow();                                    \
            return (T)-113;                                                  \
        }                                                                    \
        return r;                                                            \
    }                                                                        \
    static inline T P##_FloorDiv(T a, T b)                                   \
    {                                                                        \
        T q;                                                                 \
        if (PYC2C_UNLIKELY(b == 0)) {                                        \
            Pyc2c_RaiseIntegerZeroDivision();                                \
            return (T)-113;                                                  \
        }                                                                    \
        if (PYC2C_UNLIKELY(a == (MIN) && b == -1)) {                         \
            Pyc2c_RaiseIntegerOverflow();                                    \
            return (T)-113;                                                  \
        }                                                                    \
        q = a / b;                                                           \
        if ((a % b != 0) && ((a < 0) != (b < 0))) {                          \
            q -= 1;                                                          \
        }                                                                    \
        return q;                                                            \
    }                                                                        \
    static inline T P##_Mod(T a, T b)                                        \
    {                                                                        \
        T r;                                                                 \
        if (PYC2C_UNLIKELY(b == 0)) {                                        \
            Pyc2c_RaiseIntegerModuloZero();                                 \
            return (T)-113;                                                  \
        }                                                                    \
        if (PYC2C_UNLIKELY(b == -1)) {                                       \
            return 0;   /* avoids MIN % -1, undefined in C */                \
        }                                                                    \
        r = a % b;                                                           \
        if (r != 0 && ((r < 0) != (b < 0))) {                                \
            r += b;                                                          \
        }                                                                    \
        return r;                                                            \
    }

PYC2C_DEFINE_FIXED_ARITH(Pyc2cI64, int64_t, INT64_MIN)
PYC2C_DEFINE_FIXED_ARITH(Pyc2cI32, int32_t, INT32_MIN)

/* ======================================================================
 * 3. Floats (double).  Error sentinel -113.0, check PyErr_Occurred().
 * ====================================================================== */
#define PYC2C_FLOAT_ERROR (-113.0)

static inline int Pyc2cFloat_IsError(double d)
{
    return d == PYC2C_FLOAT_ERROR && PyErr_Occurred() != NULL;
}

/* The double of r, a new reference to a number the C API made (NULL: an error),
 * released: PYC2C_FLOAT_ERROR with the exception set on failure. */
static inline double Pyc2cFloat_OfNewRef(PyObject *r)
{
    if (r == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    double d = PyFloat_AsDouble(r);
    Py_DECREF(r);
    return d == -1.0 && PyErr_Occurred() ? PYC2C_FLOAT_ERROR : d;
}

/* Raise the exception CPython raises for `a OP b` on floats (op: '/', 'f' for //,
 * '%', '*' for **) and return PYC2C_FLOAT_ERROR; if CPython does not raise,
 * return its float result. */
double Pyc2cFloat_Delegate(double a, double b, char op);
double Pyc2cFloat_FloorDivSlow(double a, double b);
double Pyc2cFloat_ModSlow(double a, double b);
double Pyc2cFloat_Pow(double a, double b);
double Pyc2cFloat_Unbox(PyObject *o);   /* not a number: -113.0, no exception set */
double Pyc2cFloat_UnboxChecked(PyObject *o);   /* not a number: TypeError (-113.0 is a value) */

/* float_unbox: an exact float read inline, anything else out of line. */
static inline double Pyc2cFloat_UnboxFast(PyObject *o)
{
    if (PYC2C_LIKELY(PyFloat_CheckExact(o))) {
        return PyFloat_AS_DOUBLE(o);
    }
    return Pyc2cFloat_UnboxChecked(o);
}
/* Pyc2cFloat_UnboxFast's value through *v: 0, or 2 with TypeError (pass/floatout.c) */
/* Pyc2cFloat_UnboxO past its exact-float test, its error test included (float.c). */
PYC2C_COLD char Pyc2cFloat_UnboxOSlow(PyObject *o, double *v);
static inline char Pyc2cFloat_UnboxO(PyObject *o, double *v)
{
    if (PYC2C_LIKELY(PyFloat_CheckExact(o))) {
        *v = PyFloat_AS_DOUBLE(o);
        return 0;
    }
    return Pyc2cFloat_UnboxOSlow(o, v);
}
char Pyc2cFloat_Check(PyObject *o);
PyObject *Pyc2cFloat_Str(double d);

static inline PyObject *Pyc2cFloat_Box(double d)
{
    return PyFloat_FromDouble(d);
}

/* d unboxed from o, boxed again: o itself when it is an exact float (pass/rebox.c). */
static inline PyObject *Pyc2cFloat_Rebox(double d, PyObject *o)
{
    if (PyFloat_CheckExact(o)) {
        Py_INCREF(o);
        return o;
    }
    return PyFloat_FromDouble(d);
}

static inline double Pyc2cFloat_Div(double a, double b)
{
    if (PYC2C_UNLIKELY(b == 0.0)) {
        return Pyc2cFloat_Delegate(a, b, '/');
    }
    return a / b;
}

/* a / b through *r: 0, or 2 with the exception set (pass/floatout.c: the C compiler sees
 * the fast path return 0 and drops the caller's error test there). */
static inline char Pyc2cFloat_DivO(double a, double b, double *r)
{
    if (PYC2C_UNLIKELY(b == 0.0)) {
        *r = Pyc2cFloat_Delegate(a, b, '/');
        return *r == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? 2 : 0;
    }
    *r = a / b;
    return 0;
}

static inline double Pyc2cFloat_FloorDiv(double a, double b)
{
    if (PYC2C_UNLIKELY(b == 0.0)) {
        return Pyc2cFloat_Delegate(a, b, 'f');
    }
    return Pyc2cFloat_FloorDivSlow(a, b);
}

static inline double Pyc2cFloat_Mod(double a, double b)
{
    if (PYC2C_UNLIKELY(b == 0.0)) {
        return Pyc2cFloat_Delegate(a, b, '%');
    }
    return Pyc2cFloat_ModSlow(a, b);
}

static inline double Pyc2cFloat_Abs(double d)
{
    return fabs(d);
}

/* ======================================================================
 * 4. math shims: results and exceptions of CPython's math module.
 * double results: PYC2C_FLOAT_ERROR with an exception set on error.
 * ====================================================================== */
double Pyc2cMath_Sqrt(double x);
/* The root of x >= 0 (or -0.0, or inf): the instruction alone. C's sqrt keeps a test of
 * its own for errno below zero (GCC 12 knows no float ranges), which the caller's test
 * already made: two instructions a call. */
static inline double Pyc2cMath_SqrtNonneg(double x)
{
#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
    __asm__("sqrtsd %0, %0" : "+x"(x));
    return x;
#else
    return sqrt(x);
#endif
}

/* math.sqrt(x) through *r, inline for x >= 0: 0, or 2 with the exception set (floatout.c) */
static inline char Pyc2cMath_SqrtO(double x, double *r)
{
    if (PYC2C_LIKELY(x >= 0.0)) {
        *r = Pyc2cMath_SqrtNonneg(x);   /* sqrt(-0.0) is -0.0 and sqrt(inf) inf, as in CPython */
        return 0;
    }
    *r = Pyc2cMath_Sqrt(x);
    return *r == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? 2 : 0;
}
double Pyc2cMath_Sin(double x);
double Pyc2cMath_Cos(double x);
double Pyc2cMath_Tan(double x);
double Pyc2cMath_Exp(double x);
double Pyc2cMath_Log(double x);
double Pyc2cMath_Log2Arg(double x, double base);
double Pyc2cMath_LogObject(PyObject *x, PyObject *base);   /* base may be NULL */
double Pyc2cMath_LogInt(Pyc2cInt x);
double Pyc2cMath_Atan2(double y, double x);
double Pyc2cMath_Pow(double x, double y);
double Pyc2cMath_Fabs(double x);
double Pyc2cMath_Hypot(double x, double y);
Pyc2cInt Pyc2cMath_Floor(double x);
Pyc2cInt Pyc2cMath_Ceil(double x);
char Pyc2cMath_Isnan(double x);
char Pyc2cMath_Isinf(double x);

/* ======================================================================
 * 5. Python entries (METH_FASTCALL | METH_KEYWORDS): argument parsing.
 * ====================================================================== */
/* params lists the names as CPython's co_varnames does: the positional parameters
 * (positional-only first), the keyword-only ones, then *args, then **kwargs. */
typedef struct Pyc2cSig {
    const char *name;          /* __qualname__ for messages, e.g. "fib", "C.m" */
    int nparams;               /* positional parameters (positional-only included) */
    int nrequired;             /* leading params without defaults */
    const char *const *params; /* parameter names */
    int nposonly;              /* leading positional-only parameters */
    int nkwonly;               /* keyword-only parameters: params[nparams..] */
    char varargs, varkw;       /* has *args, has **kwargs */
} Pyc2cSig;

/* The qualified name of a function defined in a comprehension: before 3.12 (PEP 709)
 * the comprehension was a function of its own and is part of it. */
#if PY_VERSION_HEX >= 0x030C0000
#define PYC2C_QUALNAME(inlined, pre312) inlined
#else
#define PYC2C_QUALNAME(inlined, pre312) pre312
#endif

/* Every parameter slot: nparams + nkwonly + varargs + varkw. */
#define PYC2C_SIG_NSLOTS(sig) ((sig)->nparams + (sig)->nkwonly + (sig)->varargs + (sig)->varkw)

/* Binds a call as CPython does.  out[0..nparams+nkwonly) get BORROWED references,
 * NULL where a defaulted parameter was not given (keyword-only defaults are looked
 * up in kwdefaults, a dict or NULL; a missing one without a default is an error);
 * the *args tuple and **kwargs dict slots get NEW references.  Returns 0, or -1
 * with CPython's TypeError and no reference held. */
int Pyc2c_ParseArgsEx(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                      const Pyc2cSig *sig, PyObject *kwdefaults, PyObject **out);
/* Pyc2c_ParseArgsEx without keyword-only defaults. */
int Pyc2c_ParseArgs(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                    const Pyc2cSig *sig, PyObject **out);
/* "f() argument 'x' must be int, not str" */
/* The candidate closest to name, as CPython 3.13's suggestions pick it, or NULL. */
const char *Pyc2c_SuggestName(const char *name, const char *const *candidates, int n);
void Pyc2c_ArgTypeError(const Pyc2cSig *sig, int index, const char *expected, PyObject *got);
/* "expected int, got str" */
void Pyc2c_TypeError(const char *expected, PyObject *got);
/* union.c: is o of one of the classes of mask (bits of union_members.def)? The cast
 * returns a new reference, or NULL with "expected int | None, got str". */
int Pyc2c_UnionCheck(PyObject *o, int64_t mask);
PyObject *Pyc2c_CastUnion(PyObject *o, int64_t mask);
#include "profile.h"    /* compiled functions seen by profilers */
#include "function.h"   /* the function object of compiled functions */
#include "rebind.h"     /* direct calls only while the name still holds the function */
#include "memo.h"       /* functools.cache / lru_cache as a native cache */
#include "gen.h"        /* generator objects of compiled generator functions */

/* ======================================================================
 * 6. Errors, tracebacks and closures
 * ====================================================================== */
/* Adds `File "<filename>", line N, in funcname` to the current exception's
 * traceback.  globals: the module's dict (lets linecache find the source).
 * Cold: every error exit of a compiled function calls it, so the C compiler predicts
 * the branches into them as never taken. Without it GCC took each error test for a
 * 10% exit (__builtin_expect's probability), judged the code after a few dozen of them
 * unlikely and left the helpers there (Py_DECREF, Pyc2cInt_Add) as calls (hexiom's
 * Puzzle.consistent: 86 -> 74 M instructions, bench/typed_oo/results.md). */
/* where: the line in the low 32 bits; above them, when known, the range of the failed
 * expression (ir_traceback_where: rows << 24 | col << 12 | end_col, 1-based columns in
 * bytes), which 3.11+ shows as carets under the source line. */
PYC2C_COLD void Pyc2c_AddTraceback(const char *funcname, const char *filename, int64_t where, PyObject *globals);
void Pyc2c_RaiseUnboundLocal(const char *name);
void Pyc2c_RaiseUnboundGlobal(const char *name);   /* NameError: a Final read before its binding */
void Pyc2c_RaiseNameNotDefined(PyObject *name);    /* NameError: name 'x' is not defined (with .name) */
void Pyc2c_NameErrorSetName(PyObject *name);       /* the current NameError's .name (3.10+) */

/* ---- closures (cells.c): a cell's value as a new reference, or NULL with
 * UnboundLocalError (free == 0: read by its owner), NameError (free == 1), or the
 * error of a comprehension's read of its function's variable (free == 2) ---- */
PyObject *Pyc2c_CellGet(PyObject *cell, PyObject *name, int free);
PyObject *Pyc2c_CellGetSuper(PyObject *cell, int64_t attr);   /* RuntimeError: empty __class__ cell */
char Pyc2c_CellSet(PyObject *cell, PyObject *value);              /* always 0 */
char Pyc2c_CellDel(PyObject *cell, PyObject *name, int free);     /* 0, or 2 when empty */
PyObject *Pyc2c_ClosureCell(PyObject *closure, int64_t i);        /* new reference to closure[i] */
/* raise exc [from cause]; cause may be NULL. Always returns 2, the error value of None. */
char Pyc2c_Raise(PyObject *exc, PyObject *cause);

/* ======================================================================
 * 7. Builtins and statements
 * ====================================================================== */
/* builtins.print(*args, **kwnames) as a vectorcall; returns 0 or -1. */
int Pyc2c_Print(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames);

/* ---- str constants (str.c) ---- */
/* A str from the compiler's decoded bytes (surrogates kept, \N{NAME} resolved). */
PyObject *Pyc2c_StrFromSource(const char *s, Py_ssize_t len);

/* ---- module globals (module.c) ---- */
/* New reference to the global `name` of a module dict (then builtins), or NULL with NameError. */
PyObject *Pyc2c_LoadGlobal(PyObject *dict, PyObject *name);
/* A read site's memory of its last lookup, as CPython's LOAD_GLOBAL inline cache: the
 * value (borrowed) stays right while neither dict it was looked up in has changed, which
 * their version tags tell (every write moves them). */
typedef struct Pyc2cGlobalCache {
    PyObject *dict, *builtins;  /* builtins: NULL when the value came from dict */
    uint64_t dict_version, builtins_version;
    PyObject *value;
} Pyc2cGlobalCache;
PYC2C_COLD PyObject *Pyc2c_LoadGlobalFill(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c);
static inline PyObject *Pyc2c_LoadGlobalCached(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c)
{
    if (PYC2C_LIKELY(c->dict == dict && c->dict_version == Pyc2c_DictVersion(dict) &&
                     (c->builtins == NULL || c->builtins_version == Pyc2c_DictVersion(c->builtins)))) {
        Py_INCREF(c->value);
        return c->value;
    }
    return Pyc2c_LoadGlobalFill(dict, name, c);
}
/* `if name:` on a global (compiler/pass/globaltruth.c): 0 or 1, the truth of the value
 * the site's cache holds when it is True, False or None; 2 for anything else (the caller
 * then reads and tests it in full). No reference taken, no Python code run: a missed
 * cache is filled by a lookup in the dict and builtins, its error (NameError) dropped. */
int Pyc2c_GlobalTruthFill(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c);
static inline int64_t Pyc2c_GlobalTruthFast(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c)
{
    if (PYC2C_UNLIKELY(!(c->dict == dict && c->dict_version == Pyc2c_DictVersion(dict) &&
                         (c->builtins == NULL || c->builtins_version == Pyc2c_DictVersion(c->builtins))))) {
        if (Pyc2c_GlobalTruthFill(dict, name, c) < 0) {
            return 2;
        }
    }
    PyObject *v = c->value;
    return v == Py_True ? 1 : v == Py_False || v == Py_None ? 0 : 2;
}
/* Whether the global `name` is the object want (an exception class a handler names,
 * compiler/ir/build_try.c): read as Pyc2c_GlobalTruthFast reads, never failing (a name
 * bound nowhere is not want). */
static inline char Pyc2c_GlobalIs(PyObject *dict, PyObject *name, Pyc2cGlobalCache *c, PyObject *want)
{
    if (PYC2C_UNLIKELY(!(c->dict == dict && c->dict_version == Pyc2c_DictVersion(dict) &&
                         (c->builtins == NULL || c->builtins_version == Pyc2c_DictVersion(c->builtins))))) {
        if (Pyc2c_GlobalTruthFill(dict, name, c) < 0) {
            return 0;
        }
    }
    return c->value == want;
}
/* SETUP_ANNOTATIONS: the module's __annotations__ dict unless it has one; 0, or 2 on error. */
char Pyc2c_SetupAnnotations(PyObject *dict);

/* ---- statements kept as Python (module.c) ---- */
/* Compiles source (padded to its line numbers) under filename and runs it in globals. */
int Pyc2c_ExecKept(const char *source, const char *filename, PyObject *globals, int future_flags);
/* A Python module's globals always hold __builtins__ (exec() adds it too): adds it when
 * missing; 0, or -1 with an exception set. */
int Pyc2c_EnsureBuiltins(PyObject *globals);

/* ---- the runtime's calls of a method by literal name (named_calls.c) ---- */
/* self.name(*args), at most 3 arguments; name a C literal (interned once, by address). */
PyObject *Pyc2c_CallNamed(PyObject *self, const char *name, PyObject *const *args, size_t nargs);
PyObject *Pyc2c_CallNamed0(PyObject *self, const char *name);
PyObject *Pyc2c_CallNamed1(PyObject *self, const char *name, PyObject *arg);

/* A call made for its effect (list.append by name, ...): its result dropped; 0, or 2
 * when it raised. */
static inline char Pyc2c_DropResult(PyObject *r)
{
    Py_XDECREF(r);
    return r ? 0 : 2;
}

/* ---- displays (build.c): new references over borrowed items ---- */
PyObject *Pyc2c_BuildList(Py_ssize_t n, PyObject *const *items);
PyObject *Pyc2c_BuildTuple(Py_ssize_t n, PyObject *const *items);
PyObject *Pyc2c_BuildSet(Py_ssize_t n, PyObject *const *items);
PyObject *Pyc2c_BuildDict(Py_ssize_t n, PyObject *const *items);   /* n / 2 key, value pairs */
PyObject *Pyc2c_DictFromHeld(PyObject *held);   /* held: a list of key, value, key, ... */
PyObject *Pyc2c_SetFromHeld(PyObject *held);
/* [*x], {*x}, {**x} in a display: x's items added to the new list, set or dict (0, or 2
 * with CPython's error set) */
char Pyc2cList_ExtendStar(PyObject *list, PyObject *x);
char Pyc2cSet_UpdateStar(PyObject *set, PyObject *x);
char Pyc2cDict_UpdateStar(PyObject *dict, PyObject *x);
/* The tuple of n new references, stolen; NULL (all released) if any of them is NULL. */
PyObject *Pyc2c_TupleSteal(Py_ssize_t n, PyObject **items);
PyObject *Pyc2c_TupleOfBoxed(int n, ...);   /* n (at most 8) new references, stolen */

/* ---- stack depth (stack.c): 0, or 2 with RecursionError near the end of the C stack ---- */
extern uintptr_t pyc2c_stack_safe_lo, pyc2c_stack_safe_span;
PYC2C_COLD char Pyc2c_StackCheckSlow(uintptr_t here);
/* Where the stack is: the stack pointer itself where GCC's asm can read it (a frame
 * address would make every function inlining this keep a frame pointer, and a volatile
 * local's address gives a frameless fast clone (emit_fast.c) a frame and turns its
 * handovers from tail jumps into calls: go's find +7 instructions a call). */
static inline uintptr_t Pyc2c_StackHere(void)
{
#if defined(__GNUC__) && defined(__x86_64__)
    uintptr_t sp;
    __asm__("mov %%rsp, %0" : "=r"(sp));
    return sp;
#elif defined(__GNUC__) && defined(__aarch64__)
    uintptr_t sp;
    __asm__("mov %0, sp" : "=r"(sp));
    return sp;
#else
    volatile char probe = 0;
    return (uintptr_t)&probe;
#endif
}

static inline char Pyc2c_StackCheck(void)
{
    uintptr_t here = Pyc2c_StackHere();
    if (PYC2C_LIKELY(here - pyc2c_stack_safe_lo < pyc2c_stack_safe_span)) {
        return 0;
    }
    return Pyc2c_StackCheckSlow(here);
}
#include "depth.h"   /* recursion depth of compiled frames, in the thread state */
#include "wide.h"    /* 128-bit accumulators of int loops (pass/wideacc.c) */
#include "intchain.h"   /* // and % on int64 for int chains (pass/intchain.c) */

/* ---- loop back-edges (interrupts.c): what CPython's eval loop does at a backward jump.
 * Each function with loops counts down in a local (a register: no memory dependency
 * between iterations) from pyc2c_tick_budget, which the slow path adapts so that it runs
 * about every 100 us: signal handlers, pending calls, and a GIL release when a waiting
 * thread asked for it. 0 when the countdown went on, 1 when the slow path ran (handlers
 * may have run Python code: pass/classchecks.c checks classes again only then), or 2 with
 * the handler's exception (KeyboardInterrupt). ---- */
extern int pyc2c_tick_budget;
extern int pyc2c_entry_tick;   /* the countdown of calls from Python into native code */
PYC2C_COLD char Pyc2c_InterruptsSlow(PyObject **module_dict);
int Pyc2c_GilDropRequested(PyThreadState *ts);   /* gil_request.c */
PYC2C_INLINE char Pyc2c_CheckInterrupts(int *tick, PyObject **module_dict)
{
#ifdef PYC2C_NO_INTERRUPT_CHECKS   /* bench/interrupt_cost.py measures the checks' cost */
    (void)tick;
    (void)module_dict;
    return 0;
#endif
    if (PYC2C_LIKELY(--*tick != 0)) {   /* the tick is >= 1 between checks: dec, jne */
        return 0;
    }
    char r = Pyc2c_InterruptsSlow(module_dict);
    *tick = pyc2c_tick_budget;
    return r != 0 ? r : 1;
}

/* n ticks counted off the countdown; where it runs out, the slow path: fr 0,
 * Pyc2c_InterruptsSlow; else the float-rows copy fr's, which writes its values back
 * around it (frows.h, Pyc2cFrows_CheckN). Then the budget the slow path adapted refills
 * the countdown. */
char Pyc2cFrows_Slow(int64_t fr, PyObject **module_dict);
PYC2C_INLINE char Pyc2c_CountTicks(int *tick, int64_t n, int64_t fr, PyObject **module_dict)
{
#ifdef PYC2C_NO_INTERRUPT_CHECKS
    (void)tick;
    (void)n;
    (void)fr;
    (void)module_dict;
    return 0;
#endif
    if (PYC2C_LIKELY((*tick -= (int)n) > 0)) {
        return 0;
    }
    char r = fr != 0 ? Pyc2cFrows_Slow(fr, module_dict) : Pyc2c_InterruptsSlow(module_dict);
    *tick = pyc2c_tick_budget;
    return r != 0 ? r : 1;
}

/* range() loops over small ints run in strips (build_stmt.c, lower_for): the loop test
 * compares the counter with the strip's end, so no back-edge counts; reaching the end of a
 * strip of n iterations counts n ticks at once. */
PYC2C_INLINE char Pyc2c_CheckInterruptsN(int *tick, int64_t n, PyObject **module_dict)
{
    return Pyc2c_CountTicks(tick, n, 0, module_dict);
}
#include "frows.h"   /* float rows held as doubles for a loop (pass/floatrows.c) */

/* The end of the next strip of `ticks` iterations, clamped to stop. All are tagged words
 * below 2**62 in magnitude (int_is_small), so on overflow the strip simply runs to stop.
 * A module in parts calls it out of line (Pyc2c_RangeStripEndCall, iter.c; pyc2c_parts.h):
 * inlined at every range() loop it was ~3% of a part's C compile, and the call, once per
 * strip and per loop entry, costs short inner loops ~1% (nbody). */
PYC2C_INLINE int64_t Pyc2c_RangeStripEnd(Pyc2cInt counter, Pyc2cInt stop, Pyc2cInt step, int ticks)
{
    int64_t span, end;
#ifdef PYC2C_NO_INTERRUPT_CHECKS
    return stop;
#endif
    if (__builtin_mul_overflow(step, (int64_t)ticks, &span) || __builtin_add_overflow(counter, span, &end)) {
        return stop;
    }
    return step > 0 ? (end < stop ? end : stop) : (end > stop ? end : stop);
}
int64_t Pyc2c_RangeStripEndCall(Pyc2cInt counter, Pyc2cInt stop, Pyc2cInt step, int ticks);
/* The same for a literal step within 2**20 (compiler/ir/build_range.c): the counter is
 * short (below 2**62) and step * ticks below 2**52, so the sum cannot overflow. A few
 * instructions, inline in every module. */
static inline int64_t Pyc2c_RangeStripEndUp(Pyc2cInt counter, Pyc2cInt stop, Pyc2cInt step, int ticks)
{
#ifdef PYC2C_NO_INTERRUPT_CHECKS
    return stop;
#endif
    int64_t end = counter + step * (int64_t)ticks;
    return end < stop ? end : stop;
}
static inline int64_t Pyc2c_RangeStripEndDown(Pyc2cInt counter, Pyc2cInt stop, Pyc2cInt step, int ticks)
{
#ifdef PYC2C_NO_INTERRUPT_CHECKS
    return stop;
#endif
    int64_t end = counter + step * (int64_t)ticks;
    return end > stop ? end : stop;
}

/* A range() counter that starts at a small literal and steps by a small literal runs on
 * short ints (compiler/ir/build_range.c, bounded_counter): its stop is clamped to the
 * small ints (a stop beyond them: the end of the small ints that way), and a loop that
 * reaches such a clamp, after 2**51 iterations or more, raises OverflowError (iter.c). */
#define PYC2C_RANGE_CLAMP_MAX (((int64_t)1 << 62) - 2)   /* tagged 2**61 - 1 */
PYC2C_COLD Pyc2cInt Pyc2c_RangeClampSlow(Pyc2cInt stop);
PYC2C_COLD char Pyc2c_RangeClampReached(void);
static inline Pyc2cInt Pyc2c_RangeClamp(Pyc2cInt stop)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(stop) && stop <= PYC2C_RANGE_CLAMP_MAX && stop >= -PYC2C_RANGE_CLAMP_MAX)) {
        return stop;
    }
    return Pyc2c_RangeClampSlow(stop);
}
/* 0, or 2 with OverflowError when the loop ended at a clamp (dir 1: counting up). */
static inline char Pyc2c_RangeClampExit(Pyc2cInt stop, int dir)
{
    if (PYC2C_LIKELY(Pyc2c_RangeClamp(stop) == stop)) {
        return 0;
    }
    return (dir > 0) == (Pyc2c_RangeClamp(stop) > 0) ? Pyc2c_RangeClampReached() : 0;
}

/* ---- class statements (classes.c) ---- */
/* (meta, bases, ns, orig_bases, kwds or None, name): __build_class__ up to the body */
PyObject *Pyc2c_ClassPrepare(PyObject *name, PyObject *bases, PyObject *kwds);
PyObject *Pyc2c_ClassCreate(PyObject *prep);   /* meta(name, bases, ns, **kwds) */
PyObject *Pyc2c_ClassLoadName(PyObject *ns, PyObject *module_dict, PyObject *name);
/* del name in a class body: NameError when the namespace lacks it. */
char Pyc2c_ClassDelName(PyObject *ns, PyObject *name);
/* 3.13+: __firstlineno__ now, or __static_attributes__ when line < 0; a no-op before */
char Pyc2c_ClassSet313(PyObject *ns, int64_t line, PyObject *attrs);

/* ---- try/except/finally and with (exc.c) ---- */
PyObject *Pyc2c_Catch(void);                /* takes the raised exception (new reference) */
char Pyc2c_Reraise(PyObject *exc);          /* raises exc again as it was; returns 2 */
PyObject *Pyc2c_HandledGet(void);         /* sys.exc_info()[1] as a new reference, or NULL */
void Pyc2c_HandledSet(PyObject *exc);      /* exc (None or NULL: none) becomes the handled exception */
PyObject *Pyc2c_ExcEnter(PyObject *exc);    /* exc becomes the handled exception; returns the previous (None if none) */
void Pyc2c_ExcExit(PyObject *prev);         /* the handled exception is prev again */
char Pyc2c_ReraiseHandled(void);            /* bare `raise`; returns 2 */
char Pyc2c_ExcMatch(PyObject *exc, PyObject *type);   /* except type: 0/1, 2 on error */
PyObject *Pyc2c_WithExit(PyObject *mgr);    /* checks the protocol; the bound __exit__ */
PyObject *Pyc2c_WithEnter(PyObject *mgr);   /* mgr.__enter__() */
PyObject *Pyc2c_WithExitCall(PyObject *exit, PyObject *exc);   /* exit(type, exc, tb); exc NULL: three Nones */

/* ---- iteration, unpacking, del (iter.c) ---- */
/* The next item of an iterator, or NULL at the end or on error (then Pyc2c_IterEndCheck). */
static inline PyObject *Pyc2c_IterNext(PyObject *it)
{
    return Py_TYPE(it)->tp_iternext(it);
}
/* After Pyc2c_IterNext returned NULL: 0 at a clean end (StopIteration cleared), 2 on error. */
char Pyc2c_IterEndCheck(void);
/* A tuple of exactly n items of v, or NULL with CPython's unpacking errors. */
PyObject *Pyc2c_Unpack(PyObject *v, int64_t n);
/* The same, inline for an exact tuple of the right length (the common case). */
static inline PyObject *Pyc2c_UnpackFast(PyObject *v, int64_t n)
{
    if (PYC2C_LIKELY(PyTuple_CheckExact(v) && PyTuple_GET_SIZE(v) == n)) {
        Py_INCREF(v);
        return v;
    }
    return Pyc2c_Unpack(v, n);
}
/* a, *b, c = v: a tuple of before items, a list, after items. */
PyObject *Pyc2c_UnpackStar(PyObject *v, int64_t before, int64_t after);
static inline PyObject *Pyc2c_TupleItem(PyObject *t, int64_t i)
{
    PyObject *x = PyTuple_GET_ITEM(t, (Py_ssize_t)i);
    Py_INCREF(x);
    return x;
}
/* del name at module level: 0, or 2 with NameError. */
char Pyc2c_DelGlobal(PyObject *dict, PyObject *name);

/* `a is b` (a function, so that `x is x` is no self-comparison warning). */
static inline char Pyc2c_Is(PyObject *a, PyObject *b)
{
    return a == b;
}

/* An exact list or tuple: walked by index, its size read at each step, with no
   iterator (subclasses may override __iter__ and keep the generic path). */
static inline int Pyc2c_PlainSeq(PyObject *o)
{
    return PyList_CheckExact(o) || PyTuple_CheckExact(o);
}

/* ======================================================================
 * 8. Included last
 * ====================================================================== */
#include "imports.h"   /* import statements, reload */
#include "stale.h"     /* warn when the .py beside the extension changed */
#include "exprs.h"     /* f-strings, comprehensions */
#include "calls.h"     /* calls with *args / **kwargs unpacking */
#include "methods.h"   /* obj.name(args) without bound method objects */
#include "isinstance_named.h"   /* isinstance(x, dict) while the names hold the builtins */
#include "attrs.h"     /* __slots__ members read and written at their offset */
#include "native_class.h"   /* classes with a C layout */
#include "entry.h"     /* Python entries from parameter tables */
#include "builtin_own.h"   /* subclasses of list, dict, set that keep the base's operations */
#include "objfast.h"   /* int/float fast paths of generic operators */
#include "order.h"     /* a < b without a call, heapq */
#include "containers.h"   /* typed list, tuple, str, dict, set */
#include "loops.h"        /* native loops over dicts and sets */
#include "fold.h"         /* sum/min/max of a generator expression as a loop */

#endif /* PYC2C_H */
