/* intchain.h - Python's floor division and modulo on int64 values for the int64 tier of
 * straight-line int chains (compiler/pass/intchain.c). The caller has ruled out a zero
 * divisor and INT64_MIN // -1; a divisor the C compiler sees as a constant power of two
 * is a shift or a mask (an arithmetic shift floors, as Python does). */
#ifndef PYC2C_INTCHAIN_H
#define PYC2C_INTCHAIN_H

#define PYC2C_I64_CONST_POW2(d) (__builtin_constant_p(d) && (d) > 0 && ((d) & ((d) - 1)) == 0)

static inline int64_t Pyc2cI64_FloorDivPy(int64_t a, int64_t d)
{
    if (PYC2C_I64_CONST_POW2(d)) {
        return a >> __builtin_ctzll((unsigned long long)d);
    }
    int64_t q = a / d, r = a % d;
    if (r != 0 && (r ^ d) < 0) {
        q -= 1;
    }
    return q;
}

static inline int64_t Pyc2cI64_ModPy(int64_t a, int64_t d)
{
    if (PYC2C_I64_CONST_POW2(d)) {
        return a & (d - 1);
    }
    int64_t r = a % d;
    if (r != 0 && (r ^ d) < 0) {
        r += d;
    }
    return r;
}
#endif
