/* exprs.h - f-strings (fstring.c): FORMAT_VALUE with CPython's order of conversion
 * and spec evaluation, typed fast paths, BUILD_STRING; comprehensions (cells.c).
 * Included by pyc2c.h. Functions return new references, or NULL with an exception. */
#ifndef PYC2C_EXPRS_H
#define PYC2C_EXPRS_H

/* f"{v!c}" (conv 0, 'r', 's' or 'a'): the converted value formatted with no spec. */
PyObject *Pyc2c_FormatSimple(PyObject *v, int conv);
/* The same releasing v (a value that dies at its f-string piece). */
PyObject *Pyc2c_FormatSimpleR(PyObject *v, int conv);
/* f"{v!c:spec}": 3.13 converts before the spec is evaluated, 3.9-3.12 after. The IR
 * calls FmtEarly before evaluating the spec and FmtLate after it. */
PyObject *Pyc2c_FmtEarly(PyObject *v, int conv);
PyObject *Pyc2c_FmtLate(PyObject *v, int conv, PyObject *spec);
/* format(n, "") of a tagged int and of a double (the float's repr). */
PyObject *Pyc2c_FormatInt(Pyc2cInt n);
PyObject *Pyc2c_FormatFloat(double d);
/* float_repr.c: repr(d) and format(d, ".{prec}f") written into buf (48 bytes) without
 * dtoa where a few decimals say it exactly: the length, or 0 when dtoa must. */
int Pyc2c_FloatReprDigits(double d, char *buf);
int Pyc2c_FloatFixedDigits(double d, int prec, char *buf);
/* format(n, spec) and format(d, spec) for the specs build_fstring.c's simple_spec packs */
PyObject *Pyc2c_FormatIntWidth(Pyc2cInt n, int64_t packed);
PyObject *Pyc2c_FormatFloatFixed(double d, int64_t packed);
/* The concatenation of n str objects (BUILD_STRING). */
PyObject *Pyc2c_JoinStrs(Py_ssize_t n, PyObject *const *items);
/* An f-string joined from its pieces (fstring.c), any pieces: parts[0..n) are its ASCII
 * literals (text, length) and its values (text NULL, len a PYC2C_FMT_* kind), the values
 * read from vals in turn: a str; a tagged int's digits; a double's repr; an int or
 * double formatted by the packed spec (build_fstring.c simple_spec) in the value after
 * it. The generated code takes it when its inline form (below) does not apply. */
typedef struct Pyc2cFmtPart {
    const char *text;
    int32_t len;
} Pyc2cFmtPart;
enum { PYC2C_FMT_STR, PYC2C_FMT_INT, PYC2C_FMT_INT_SPEC, PYC2C_FMT_FLOAT, PYC2C_FMT_FLOAT_SPEC };
typedef union Pyc2cFmtValue {
    PyObject *o;
    Pyc2cInt i;
    double d;
    int64_t spec;
} Pyc2cFmtValue;
PyObject *Pyc2c_Format(const Pyc2cFmtPart *parts, int n, const Pyc2cFmtValue *vals);

/* The inline form (emit_op.c emit_format): when every str value is ASCII, every int
 * short and every float's digits are written by float_repr.c, the lengths are summed,
 * one ASCII str allocated and each piece written at its place: literals by memcpy, ints
 * two digits at a time from the end. spec: build_fstring.c's packed [0]width (0: none),
 * a float's precision above bit 12 (-1: a float's repr). The strs' lengths need no
 * overflow test: objects in memory sum to less than PY_SSIZE_T_MAX. */
extern const uint64_t Pyc2c_Pow10[20];
extern const char Pyc2c_DigitPairs[201];
/* The sign and padding of a number written at to..., from from: zeros after the sign,
 * or spaces before it. */
void Pyc2cFmt_Pad(Py_UCS1 *from, Py_UCS1 *to, int zero, int neg);

static inline int Pyc2cFmt_Ascii(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s)) {
        return 0;
    }
#endif
    return PyUnicode_IS_ASCII(s);
}

/* The count of u's decimal digits (1 for 0): log10 from the bit length (bits * 1233 >>
 * 12 is floor(log10(2**bits)) up to 2**64), one comparison to correct it; u | 1 is
 * below a power of ten (all even but 1) exactly when u is, and counts 0 as 1. */
static inline int Pyc2cFmt_Digits(uint64_t u)
{
    int bits = 64 - __builtin_clzll(u | 1);
    int d = (bits * 1233) >> 12;
    return d + ((u | 1) >= Pyc2c_Pow10[d]);
}

static inline uint64_t Pyc2cFmt_Magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* The length of short int t's text under spec. */
static inline Py_ssize_t Pyc2cFmt_IntLen(Pyc2cInt t, int64_t spec)
{
    int64_t v = Pyc2cInt_ShortValue(t);
    Py_ssize_t len = Pyc2cFmt_Digits(Pyc2cFmt_Magnitude(v)) + (v < 0), width = (Py_ssize_t)((spec & 4095) >> 1);
    return width > len ? width : len;
}

/* u's decimal digits written backwards from end, two at a time: where they start. */
static inline unsigned char *Pyc2cFmt_DigitsBack(unsigned char *end, uint64_t u)
{
    unsigned char *p = end;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        p -= 2;
        memcpy(p, Pyc2c_DigitPairs + 2 * r, 2);
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, Pyc2c_DigitPairs + 2 * u, 2);
    } else {
        *--p = (unsigned char)('0' + u);
    }
    return p;
}

/* Short int t's text (len characters: Pyc2cFmt_IntLen) at o: where it ends. */
static inline Py_UCS1 *Pyc2cFmt_PutInt(Py_UCS1 *o, Pyc2cInt t, Py_ssize_t len, int64_t spec)
{
    int64_t v = Pyc2cInt_ShortValue(t);
    Py_UCS1 *end = o + len, *p = Pyc2cFmt_DigitsBack(end, Pyc2cFmt_Magnitude(v));
    if (PYC2C_UNLIKELY(p != o)) {
        Pyc2cFmt_Pad(o, p, (int)(spec & 1), v < 0);
    }
    return end;
}

/* Up to 16 bytes and beyond copied without a libc call for the short ones. */
static inline Py_UCS1 *Pyc2cFmt_Copy(Py_UCS1 *o, const void *src, Py_ssize_t n)
{
    const unsigned char *s = src;
    if (n > 16) {
        memcpy(o, s, (size_t)n);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(o, &a, 8);
        memcpy(o + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(o, &a, 4);
        memcpy(o + n - 4, &b, 4);
    } else {
        for (Py_ssize_t k = 0; k < n; k++) {
            o[k] = s[k];
        }
    }
    return o + n;
}

static inline Py_UCS1 *Pyc2cFmt_PutStr(Py_UCS1 *o, PyObject *s, Py_ssize_t len)
{
    return Pyc2cFmt_Copy(o, PyUnicode_1BYTE_DATA(s), len);
}

/* The length of a float's n digits under spec. */
static inline Py_ssize_t Pyc2cFmt_FloatLen(int n, int64_t spec)
{
    Py_ssize_t width = spec < 0 ? 0 : (Py_ssize_t)((spec & 4095) >> 1);
    return width > n ? width : n;
}

/* A float's n digits (buf: '-' first when negative), len characters in all, at o. */
static inline Py_UCS1 *Pyc2cFmt_PutFloat(Py_UCS1 *o, const char *buf, int n, Py_ssize_t len, int64_t spec)
{
    if (PYC2C_UNLIKELY(len > n)) {
        int neg = buf[0] == '-';
        Pyc2cFmt_Pad(o, o + len - n + neg, (int)(spec & 1), neg);
        return Pyc2cFmt_Copy(o + len - n + neg, buf + neg, n - neg);
    }
    return Pyc2cFmt_Copy(o, buf, n);
}

/* The same of the strs gathered in the private list held (a long f-string). */
PyObject *Pyc2c_JoinHeld(PyObject *held);

/* An unbound local of the enclosing function read inside a comprehension: before 3.12
 * the comprehension was a function of its own and the local a free variable of it. */
void Pyc2c_RaiseUnboundFree(const char *name);

#endif
