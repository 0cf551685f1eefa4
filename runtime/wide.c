/* wide.c - slow paths of the 128-bit accumulators (wide.h, compiler/pass/wideacc.c).
 * Nothing here raises but Pyc2cWide_BoxSlow (MemoryError): a value that does not fit is
 * PYC2C_WIDE_BAD, and the loop goes on with tagged ints, which compute it exactly. */
#include "pyc2c.h"

#define WIDE_BYTES sizeof(Pyc2cWide)
#define WIDE_BITS PYC2C_WIDE_BITS

Pyc2cWide Pyc2cWide_OfLong(Pyc2cInt t)
{
    PyObject *o = Pyc2cInt_LongObject(t);
    size_t bits = _PyLong_NumBits(o);   /* of |v| */
    if (bits == (size_t)-1 || bits > (size_t)WIDE_BITS - 2) {   /* |v| < 2**126: held */
        PyErr_Clear();   /* _PyLong_NumBits fails only for ints of 2**64 bits */
        return PYC2C_WIDE_BAD;
    }
    unsigned char bytes[WIDE_BYTES];
#if PY_VERSION_HEX >= 0x030D0000
    int failed = _PyLong_AsByteArray((PyLongObject *)o, bytes, WIDE_BYTES, 1, 1, 0);
#else
    int failed = _PyLong_AsByteArray((PyLongObject *)o, bytes, WIDE_BYTES, 1, 1);
#endif
    if (failed) {   /* cannot happen below 2**126; keep the generic path right anyway */
        PyErr_Clear();
        return PYC2C_WIDE_BAD;
    }
    Pyc2cUWide u = 0;
    for (size_t i = WIDE_BYTES; i-- > 0;) {
        u = (u << 8) | bytes[i];
    }
    return (Pyc2cWide)u;
}

int Pyc2cWide_LongI64(Pyc2cInt t, int64_t *v)
{
    int overflow;
    long long x = PyLong_AsLongLongAndOverflow(Pyc2cInt_LongObject(t), &overflow);   /* an exact int: no error */
    *v = (int64_t)x;
    return !overflow;
}

/* w and v held: the sum cannot overflow (it is checked anyway: this path is cold). */
static Pyc2cWide add_or_sub(Pyc2cWide w, Pyc2cWide v, int neg)
{
    Pyc2cWide r;
    if (w == PYC2C_WIDE_BAD || v == PYC2C_WIDE_BAD ||
        (neg ? __builtin_sub_overflow(w, v, &r) : __builtin_add_overflow(w, v, &r))) {
        return PYC2C_WIDE_BAD;
    }
    return r;
}

Pyc2cWide Pyc2cWide_AddSlow(Pyc2cWide w, Pyc2cInt x, int neg)
{
    return add_or_sub(w, Pyc2cWide_OfInt(x), neg);
}

/* Bits of |v| (v is not PYC2C_WIDE_BAD). */
static int magnitude_bits(Pyc2cWide v)
{
    Pyc2cUWide u = v < 0 ? -(Pyc2cUWide)v : (Pyc2cUWide)v;
    int n = 0;
    while (u) {
        n++;
        u >>= 1;
    }
    return n;
}

/* A product of operands of at most WIDE_BITS - 2 bits together is below 2**126, so w
 * plus it fits 128 bits; a wider one is left to the tagged path (written without __builtin_mul_overflow on 128 bits, which clang
 * lowers to a compiler-rt call libgcc does not have). */
Pyc2cWide Pyc2cWide_MulAddSlow(Pyc2cWide w, Pyc2cInt a, Pyc2cInt b, int neg)
{
    Pyc2cWide x = Pyc2cWide_OfInt(a), y = Pyc2cWide_OfInt(b);
    if (x == PYC2C_WIDE_BAD || y == PYC2C_WIDE_BAD ||
        magnitude_bits(x) + magnitude_bits(y) > WIDE_BITS - 2) {
        return PYC2C_WIDE_BAD;
    }
    return add_or_sub(w, (Pyc2cWide)((Pyc2cUWide)x * (Pyc2cUWide)y), neg);
}

Pyc2cInt Pyc2cWide_BoxSlow(Pyc2cWide w)
{
#if PYC2C_WIDE_IS_128
    if (w < INT64_MIN || w > INT64_MAX) {
        unsigned char bytes[WIDE_BYTES];
        Pyc2cUWide u = (Pyc2cUWide)w;
        for (size_t i = 0; i < WIDE_BYTES; i++) {
            bytes[i] = (unsigned char)(u >> (8 * i));
        }
        return Pyc2cInt_FromPyLongSteal(_PyLong_FromByteArray(bytes, WIDE_BYTES, 1, 1));
    }
#endif
    return Pyc2cInt_FromI64Slow((int64_t)w);
}
