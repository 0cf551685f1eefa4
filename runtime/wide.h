/* wide.h - 128-bit accumulators (compiler/pass/wideacc.c): an int local that a loop only
 * adds to (`total += i * i`) is held there as a Pyc2cWide instead of a tagged int, so a
 * total past 2**62 costs a 128-bit add, not a new PyLong per step.
 *
 * A value is held while it lies in [-2**126, 2**126): a step adds at most 2**126 (a
 * product of two short ints at most 2**124), so the sum cannot overflow 128 bits and
 * is tested once, afterwards, by its high word (two instructions, no overflow flags).
 * PYC2C_WIDE_BAD stands for "not held" (an operand that does not fit, a product too
 * wide); it lies outside the range too. The loop then boxes its totals and goes on in
 * its original, tagged form, so the result is always CPython's exact int. Where the C
 * compiler has no 128-bit integer, Pyc2cWide is an int64_t holding [-2**62, 2**62)
 * with overflow-checked steps: no faster than tagged ints, but right. */
#ifndef PYC2C_WIDE_H
#define PYC2C_WIDE_H

#if defined(__SIZEOF_INT128__)
__extension__ typedef __int128 Pyc2cWide;
__extension__ typedef unsigned __int128 Pyc2cUWide;
#define PYC2C_WIDE_IS_128 1
#else
typedef int64_t Pyc2cWide;
typedef uint64_t Pyc2cUWide;
#define PYC2C_WIDE_IS_128 0
#endif
#define PYC2C_WIDE_BITS ((int)sizeof(Pyc2cWide) * 8)
#define PYC2C_WIDE_BAD ((Pyc2cWide)((Pyc2cUWide)1 << (PYC2C_WIDE_BITS - 1)))

/* Slow paths (wide.c): a long tagged int's value, or PYC2C_WIDE_BAD when it is not in
 * the held range; w + x (w - x when neg) for any tagged x; w + a * b (w - a * b) for any
 * tagged a, b; the exact int w holds (a new reference, PYC2C_INT_ERROR on MemoryError). */
PYC2C_COLD Pyc2cWide Pyc2cWide_OfLong(Pyc2cInt t);
PYC2C_COLD Pyc2cWide Pyc2cWide_AddSlow(Pyc2cWide w, Pyc2cInt x, int neg);
PYC2C_COLD Pyc2cWide Pyc2cWide_MulAddSlow(Pyc2cWide w, Pyc2cInt a, Pyc2cInt b, int neg);
PYC2C_COLD Pyc2cInt Pyc2cWide_BoxSlow(Pyc2cWide w);

/* Is w in [-2**(B-2), 2**(B-2))? (Its top two bits agree.) */
static inline int Pyc2cWide_Ok(Pyc2cWide w)
{
#if PYC2C_WIDE_IS_128
    uint64_t hi = (uint64_t)(w >> 64);
    return PYC2C_LIKELY(hi + ((uint64_t)1 << 62) < ((uint64_t)1 << 63));
#else
    return PYC2C_LIKELY((uint64_t)w + ((uint64_t)1 << 62) < ((uint64_t)1 << 63));
#endif
}

static inline Pyc2cWide Pyc2cWide_OfInt(Pyc2cInt t)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(t))) {
        return Pyc2cInt_ShortValue(t);
    }
    return Pyc2cWide_OfLong(t);
}

/* w held, x short (|x| < 2**62): the sum fits 128 bits; Pyc2cWide_Ok tells if it is held. */
static inline Pyc2cWide Pyc2cWide_AddInt(Pyc2cWide w, Pyc2cInt x, int neg)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(x))) {
        Pyc2cWide v = Pyc2cInt_ShortValue(x);
#if PYC2C_WIDE_IS_128
        return neg ? w - v : w + v;
#else
        Pyc2cWide r;
        return (neg ? __builtin_sub_overflow(w, v, &r) : __builtin_add_overflow(w, v, &r)) ? PYC2C_WIDE_BAD : r;
#endif
    }
    return Pyc2cWide_AddSlow(w, x, neg);
}

/* w + a * b: two short ints multiply in one instruction, |a * b| <= 2**124. */
static inline Pyc2cWide Pyc2cWide_MulAdd(Pyc2cWide w, Pyc2cInt a, Pyc2cInt b, int neg)
{
    if (PYC2C_LIKELY(PYC2C_BOTH_SHORT(a, b))) {
#if PYC2C_WIDE_IS_128
        Pyc2cWide p = (Pyc2cWide)Pyc2cInt_ShortValue(a) * Pyc2cInt_ShortValue(b);
        return neg ? w - p : w + p;
#else
        Pyc2cWide p, r;
        if (__builtin_mul_overflow(Pyc2cInt_ShortValue(a), Pyc2cInt_ShortValue(b), &p) ||
            (neg ? __builtin_sub_overflow(w, p, &r) : __builtin_add_overflow(w, p, &r))) {
            return PYC2C_WIDE_BAD;
        }
        return r;
#endif
    }
    return Pyc2cWide_MulAddSlow(w, a, b, neg);
}

/* w + x (w - x), x proven short (compiler/pass/ranges.c): no tag test. In a 128-bit
 * build the sum is exact even when Pyc2cWide_Ok says it is no longer held. */
static inline Pyc2cWide Pyc2cWide_AddShort(Pyc2cWide w, Pyc2cInt x, int neg)
{
    PYC2C_ASSUME(Pyc2cInt_IsShort(x));
#if PYC2C_WIDE_IS_128
    Pyc2cWide v = Pyc2cInt_ShortValue(x);
    return neg ? w - v : w + v;
#else
    return Pyc2cWide_AddInt(w, x, neg);
#endif
}

/* w + a * b (w - a * b), a and b proven short: one multiply, exact in a 128-bit build. */
static inline Pyc2cWide Pyc2cWide_MulAddShort(Pyc2cWide w, Pyc2cInt a, Pyc2cInt b, int neg)
{
    PYC2C_ASSUME(Pyc2cInt_IsShort(a) && Pyc2cInt_IsShort(b));
#if PYC2C_WIDE_IS_128
    Pyc2cWide p = (Pyc2cWide)Pyc2cInt_ShortValue(a) * Pyc2cInt_ShortValue(b);
    return neg ? w - p : w + p;
#else
    return Pyc2cWide_MulAdd(w, a, b, neg);
#endif
}

/* A total modulo m (`t = t * y % m`, `t = (t + a * b) % m`: build_fused.c's steps),
 * held between steps as a value, never boxed: x * y + z (z - x * y when neg) modulo
 * d != 0 with Python's sign, on int64 operands, in 128 bits (|x * y| <= 2**126). The
 * remainder lies within |d| <= 2**63, inside the held range. Where the C compiler has
 * no 128-bit integer, overflow-checked int64 (not held past it). */
static inline Pyc2cWide Pyc2cWide_ModStep(int64_t x, int64_t y, int64_t z, int64_t d, int neg)
{
#if PYC2C_WIDE_IS_128
    Pyc2cWide p = (Pyc2cWide)x * y;
    p = neg ? z - p : p + z;
#else
    int64_t p;
    if (__builtin_mul_overflow(x, y, &p) || (neg ? __builtin_sub_overflow(z, p, &p) : __builtin_add_overflow(p, z, &p))) {
        return PYC2C_WIDE_BAD;
    }
    if (d == -1) {   /* INT64_MIN % -1 overflows in C */
        return 0;
    }
#endif
    int64_t r = (int64_t)(p % d);
    if (r != 0 && ((r < 0) != (d < 0))) {
        r += d;
    }
    return r;
}

/* A tagged int's value when it fits int64 (a long one: wide.c). */
PYC2C_COLD int Pyc2cWide_LongI64(Pyc2cInt t, int64_t *v);
static inline int Pyc2cWide_I64Of(Pyc2cInt t, int64_t *v)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(t))) {
        *v = Pyc2cInt_ShortValue(t);
        return 1;
    }
    return Pyc2cWide_LongI64(t, v);
}

/* (w * y + z) % m, or (z - w * y) % m: the total a factor. Not held (PYC2C_WIDE_BAD)
 * when an operand is past int64 or m is 0: the tagged loop then goes on exactly. */
static inline Pyc2cWide Pyc2cWide_MulAddMod(Pyc2cWide w, Pyc2cInt y, Pyc2cInt z, Pyc2cInt m, int neg)
{
    int64_t b, c, d;
    if ((Pyc2cWide)(int64_t)w != w || !Pyc2cWide_I64Of(y, &b) || !Pyc2cWide_I64Of(z, &c) || !Pyc2cWide_I64Of(m, &d) || d == 0) {
        return PYC2C_WIDE_BAD;
    }
    return Pyc2cWide_ModStep((int64_t)w, b, c, d, neg);
}

/* (x * y + w) % m, or (w - x * y) % m: the total the addend. */
static inline Pyc2cWide Pyc2cWide_AddMulMod(Pyc2cInt x, Pyc2cInt y, Pyc2cWide w, Pyc2cInt m, int neg)
{
    int64_t a, b, d;
    if ((Pyc2cWide)(int64_t)w != w || !Pyc2cWide_I64Of(x, &a) || !Pyc2cWide_I64Of(y, &b) || !Pyc2cWide_I64Of(m, &d) || d == 0) {
        return PYC2C_WIDE_BAD;
    }
    return Pyc2cWide_ModStep(a, b, (int64_t)w, d, neg);
}

/* The int a loop's total is when the loop leaves it: short, or a new PyLong. */
static inline Pyc2cInt Pyc2cWide_Box(Pyc2cWide w)
{
    if (PYC2C_LIKELY(w >= PYC2C_SHORT_MIN && w <= PYC2C_SHORT_MAX)) {
        return Pyc2cInt_FromShort((int64_t)w);
    }
    return Pyc2cWide_BoxSlow(w);
}

#endif
