/* int.c - tagged int slow paths and fixed width int helpers.
 *
 * Every slow path boxes its operands and lets CPython compute, so big-int
 * results and every exception (type and message) are exactly CPython's. */
#include "pyc2c.h"

/* ---- construction and boxing ---- */

Pyc2cInt Pyc2cInt_FromI64Slow(int64_t v)
{
    if (Pyc2cInt_FitsShort(v)) {
        return Pyc2cInt_FromShort(v);
    }
    return Pyc2cInt_FromPyLongSteal(PyLong_FromLongLong(v));
}

/* An exact int read from its digits (3.11's layout, 30-bit digits): 1 when it is short
 * (*v set), 0 when it is past the short range, -1 when only the conversion can tell.
 * Big ints that stay big (a 64-bit random generator's state) skip the conversion, and
 * three digits (2**60 up to 2**90) are told apart by the top one: the short range ends
 * at 2**62, four units of it (go's randrange: PyLong_AsLongLongAndOverflow was 2.2 M of
 * its 89 M instructions). */
static int classify_exact(PyObject *o, long long *v)
{
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000 && PyLong_SHIFT == 30
    if (!PyLong_CheckExact(o)) {
        return -1;
    }
    Py_ssize_t n = Py_SIZE(o);
    const digit *d = ((PyLongObject *)o)->ob_digit;
    if (n > 3 || n < -3) {
        return 0;   /* at least 2**90 */
    }
    if (n >= -2 && n <= 2) {
        long long m = n == 0 ? 0 : (long long)d[0] | (n == 2 || n == -2 ? (long long)d[1] << 30 : 0);
        *v = n < 0 ? -m : m;
        return 1;   /* below 2**60 */
    }
    if (d[2] > 4 || (d[2] == 4 && (n > 0 || d[0] != 0 || d[1] != 0))) {
        return 0;   /* past 2**62 (-2**62 itself is short) */
    }
    long long m = (long long)d[0] | (long long)d[1] << 30 | (long long)d[2] << 60;
    *v = n < 0 ? -m : m;
    return 1;
#else
    (void)o;
    (void)v;
    return -1;
#endif
}

/* Takes ownership of an exact int (or NULL with an exception set). */
Pyc2cInt Pyc2cInt_FromPyLongSteal(PyObject *owned_long)
{
    int overflow = 0;
    long long v;
    if (owned_long == NULL) {
        return PYC2C_INT_ERROR;
    }
    int known = classify_exact(owned_long, &v);
    if (known == 1) {
        Py_DECREF(owned_long);
        return Pyc2cInt_FromShort(v);
    }
    if (known == 0) {
        return (Pyc2cInt)((uintptr_t)owned_long | 1);
    }
    v = PyLong_AsLongLongAndOverflow(owned_long, &overflow);
    if (overflow == 0 && Pyc2cInt_FitsShort(v)) {
        Py_DECREF(owned_long);
        return Pyc2cInt_FromShort(v);
    }
    if (overflow == 0 && v == -1 && PyErr_Occurred()) {
        Py_DECREF(owned_long);
        return PYC2C_INT_ERROR;
    }
    if (!PyLong_CheckExact(owned_long)) {
        /* int.__int__ of a subclass instance returns an exact copy */
        PyObject *exact = PyLong_Type.tp_as_number->nb_int(owned_long);
        Py_DECREF(owned_long);
        if (exact == NULL) {
            return PYC2C_INT_ERROR;
        }
        owned_long = exact;
    }
    return (Pyc2cInt)((uintptr_t)owned_long | 1);
}

Pyc2cInt Pyc2cInt_FromPyLong(PyObject *borrowed_long)
{
    Py_INCREF(borrowed_long);
    return Pyc2cInt_FromPyLongSteal(borrowed_long);
}

Pyc2cInt Pyc2cInt_FromString(const char *text, int base)
{
    return Pyc2cInt_FromPyLongSteal(PyLong_FromString(text, NULL, base));
}

Pyc2cInt Pyc2cInt_FromDecimalString(const char *digits)
{
    return Pyc2cInt_FromString(digits, 10);
}

void Pyc2cInt_IncRefLong(Pyc2cInt t)
{
    if (t != PYC2C_INT_ERROR) {
        Py_INCREF(Pyc2cInt_OpaqueLong(t));
    }
}

void Pyc2cInt_DecRefLong(Pyc2cInt t)
{
    if (t != PYC2C_INT_ERROR) {
        Py_DECREF(Pyc2cInt_OpaqueLong(t));
    }
}

void Pyc2c_SlowPath(void)
{
    __asm__ volatile("");   /* a call the C compiler keeps: it marks the caller's path cold */
}

void Pyc2cInt_DecRefCold(Pyc2cInt t)
{
    Pyc2cInt_DECREF(t);
}

PyObject *Pyc2cInt_BoxSlow(Pyc2cInt t)
{
    PyObject *o;
    if (Pyc2cInt_IsShort(t)) {
        return PyLong_FromLongLong(Pyc2cInt_ShortValue(t));
    }
    o = Pyc2cInt_LongObject(t);
    Py_INCREF(o);
    return o;
}

int Pyc2cInt_Check(PyObject *o)
{
    return PyLong_Check(o);
}

/* Not an int: PYC2C_INT_ERROR and no exception (the caller raises). */
Pyc2cInt Pyc2cInt_Unbox(PyObject *o)
{
    int overflow = 0;
    long long v;
    if (!PyLong_Check(o)) {
        return PYC2C_INT_ERROR;
    }
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (PYC2C_LIKELY(overflow == 0 && Pyc2cInt_FitsShort(v))) {
        return Pyc2cInt_FromShort(v);
    }
    return Pyc2cInt_FromPyLong(o);
}

/* range()'s view of an argument: an int, or what its __index__ returns; PYC2C_INT_ERROR
 * with CPython's TypeError ("'float' object cannot be interpreted as an integer"). */
Pyc2cInt Pyc2cInt_Index(PyObject *o)
{
    if (PyLong_Check(o)) {
        return Pyc2cInt_Unbox(o);
    }
    return Pyc2cInt_FromPyLongSteal(PyNumber_Index(o));
}

/* int(x): CPython's int_new with one argument is PyNumber_Long, whose result is an
 * exact int (__int__ returning a subclass is converted, with its DeprecationWarning). */
Pyc2cInt Pyc2cInt_OfObject(PyObject *x)
{
    if (PyLong_CheckExact(x)) {
        return Pyc2cInt_UnboxFast(x);
    }
    if (PyUnicode_CheckExact(x)) {
        return Pyc2cInt_OfStr(x);   /* num_parse.c */
    }
    return Pyc2cInt_FromPyLongSteal(PyNumber_Long(x));
}

/* The decimal digits of v (with its '-') written backwards from buf's end: their start. */
char *Pyc2c_I64Digits(int64_t v, char buf[PYC2C_I64_DIGITS])
{
    char *p = (char *)Pyc2cFmt_DigitsBack((unsigned char *)buf + PYC2C_I64_DIGITS, Pyc2cFmt_Magnitude(v));
    if (v < 0) {
        *--p = '-';
    }
    return p;
}

/* str() of 0..1023, made once and shared: f-string fields and str() of small counts
 * and indices are most of a formatting loop's allocations. Strs are immutable (an
 * in-place append needs a reference count of 1), CPython shares its one-character
 * strs the same way, and the module is not loaded in several interpreters. */
#define SMALL_STRS 1024
static PyObject *small_strs[SMALL_STRS];

/* str() of a C integer: its digits written straight into a new ASCII string
 * (snprintf and a UTF-8 decode cost twice CPython's own int.__str__). */
PyObject *Pyc2c_I64ToStr(int64_t v)
{
    if ((uint64_t)v < SMALL_STRS && small_strs[v] != NULL) {
        Py_INCREF(small_strs[v]);
        return small_strs[v];
    }
    char buf[PYC2C_I64_DIGITS];
    char *p = Pyc2c_I64Digits(v, buf), *end = buf + sizeof buf;
    PyObject *s = PyUnicode_New(end - p, 127);
    if (s != NULL) {
        memcpy(PyUnicode_1BYTE_DATA(s), p, (size_t)(end - p));
        if ((uint64_t)v < SMALL_STRS) {
            Py_INCREF(s);
            small_strs[v] = s;
        }
    }
    return s;
}

PyObject *Pyc2cInt_Str(Pyc2cInt t)
{
    PyObject *boxed;
    PyObject *s;
    if (Pyc2cInt_IsShort(t)) {
        return Pyc2c_I64ToStr(Pyc2cInt_ShortValue(t));
    }
    boxed = Pyc2cInt_Box(t);
    if (boxed == NULL) {
        return NULL;
    }
    s = PyObject_Str(boxed);   /* honours sys.set_int_max_str_digits */
    Py_DECREF(boxed);
    return s;
}

/* ---- arithmetic slow paths ---- */

typedef PyObject *(*BinaryFunc)(PyObject *, PyObject *);

/* The int type's own slot for an op: what PyNumber_<Op> of two ints ends in. Boxed
 * tagged ints are exact ints, so the slot never returns NotImplemented and raises what
 * the PyNumber call would; binary_op1's dispatch is skipped (go's randrange: five slow
 * ops a call). */
#define INT_SLOT(name) (PyLong_Type.tp_as_number->name)

static PyObject *box_binary(Pyc2cInt a, Pyc2cInt b, BinaryFunc f)
{
    PyObject *x = Pyc2cInt_Box(a);
    PyObject *y;
    PyObject *r;
    if (x == NULL) {
        return NULL;
    }
    y = Pyc2cInt_Box(b);
    if (y == NULL) {
        Py_DECREF(x);
        return NULL;
    }
    r = f(x, y);
    Py_DECREF(x);
    Py_DECREF(y);
    return r;
}

/* An operand of binary_slow's op, boxed. A short one past the small ints comes from a
 * small cache by value, not a new PyLong each time (go's randrange adds the short
 * constant 1442695040888963407 to its 64-bit state on every call): the op only reads
 * it, and a result that is the operand itself (x >> 0) has a short value, so
 * Pyc2cInt_FromPyLongSteal unboxes it and the cached object never escapes. */
static PyObject *box_operand(Pyc2cInt t)
{
    static struct {
        int64_t v;
        PyObject *o;
    } cache[16];
    if (!Pyc2cInt_IsShort(t)) {
        return Pyc2cInt_BoxSlow(t);
    }
    int64_t v = Pyc2cInt_ShortValue(t);
    if (v >= PYC2C_SMALL_MIN && v <= PYC2C_SMALL_MAX) {
        return Pyc2cInt_BoxShort(v);
    }
    size_t h = (size_t)(((uint64_t)v * UINT64_C(0x9E3779B97F4A7C15)) >> 60);
    if (cache[h].o != NULL && cache[h].v == v) {
        Py_INCREF(cache[h].o);
        return cache[h].o;
    }
    PyObject *o = PyLong_FromLongLong(v);
    if (o != NULL) {
        Py_INCREF(o);
        Py_XSETREF(cache[h].o, o);
        cache[h].v = v;
    }
    return o;
}

static Pyc2cInt binary_slow(Pyc2cInt a, Pyc2cInt b, BinaryFunc f)
{
    PyObject *x = box_operand(a);
    PyObject *y = x != NULL ? box_operand(b) : NULL;
    PyObject *r = y != NULL ? f(x, y) : NULL;
    Py_XDECREF(x);
    Py_XDECREF(y);
    return Pyc2cInt_FromPyLongSteal(r);
}

Pyc2cInt Pyc2cInt_AddSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_add));
}

Pyc2cInt Pyc2cInt_SubSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_subtract));
}

Pyc2cInt Pyc2cInt_MulSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_multiply));
}

Pyc2cInt Pyc2cInt_FloorDivSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_floor_divide));
}

/* An exact int's value when it fits int64: 1 (*v set) or 0. On 3.11 read from its
 * 30-bit digits (three reach 2**90: the top one of them tells), as classify_exact does;
 * else the conversion (go's LCG step: PyLong_AsLongLongAndOverflow was 2.6 M of its
 * 61 M instructions, for the multiplier, the mask and the state). */
static int long_i64(PyObject *o, int64_t *v)
{
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000 && PyLong_SHIFT == 30
    if (PyLong_CheckExact(o)) {
        Py_ssize_t n = Py_SIZE(o), k = n < 0 ? -n : n;
        const digit *d = ((PyLongObject *)o)->ob_digit;
        if (k > 3 || (k == 3 && d[2] > 8)) {
            return 0;
        }
        uint64_t m = (k > 0 ? (uint64_t)d[0] : 0) | (k > 1 ? (uint64_t)d[1] << 30 : 0) |
                     (k > 2 ? (uint64_t)d[2] << 60 : 0);
        if (m > (uint64_t)INT64_MAX + (n < 0)) {
            return 0;
        }
        *v = n < 0 ? -(int64_t)(m - 1) - 1 : (int64_t)m;   /* m = 2**63: INT64_MIN, no overflow */
        return 1;
    }
#endif
    int overflow;
    long long x = PyLong_AsLongLongAndOverflow(o, &overflow);   /* an exact int: no error */
    *v = (int64_t)x;
    return !overflow;
}

/* t's value when it fits int64: a short int, or a PyLong in [2**62, 2**63) or below -2**62. */
static int value_i64(Pyc2cInt t, int64_t *v)
{
    if (Pyc2cInt_IsShort(t)) {
        *v = Pyc2cInt_ShortValue(t);
        return 1;
    }
    return long_i64(Pyc2cInt_LongObject(t), v);
}

/* (c -/+ a * b) op m on general ints, step by step: the fused slow paths' last resort. */
static Pyc2cInt mul_add_then(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg,
                             Pyc2cInt (*op)(Pyc2cInt, Pyc2cInt))
{
    Pyc2cInt p = Pyc2cInt_Mul(a, b);
    if (p == PYC2C_INT_ERROR) {
        return p;
    }
    Pyc2cInt s = neg ? Pyc2cInt_Sub(c, p) : Pyc2cInt_Add(p, c);
    Pyc2cInt_DECREF(p);
    if (s == PYC2C_INT_ERROR) {
        return s;
    }
    Pyc2cInt r = op(s, m);
    Pyc2cInt_DECREF(s);
    return r;
}

/* Past the short range but within int64 (a 63-bit LCG's state and multiplier): the low
 * 64 bits of the product and sum give the masked result, boxing only the result. */
Pyc2cInt Pyc2cInt_MulAddAndSlow(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg)
{
    int64_t x, y, z, d;
    if (value_i64(m, &d) && d >= 0 && value_i64(a, &x) && value_i64(b, &y) && value_i64(c, &z)) {
        uint64_t p = (uint64_t)x * (uint64_t)y;
        return Pyc2cInt_FromI64((int64_t)((neg ? (uint64_t)z - p : p + (uint64_t)z) & (uint64_t)d));
    }
    return mul_add_then(a, b, c, m, neg, Pyc2cInt_And);
}

/* a past the short range: within int64 the same low 64 bits; else (a big int, an int
 * subclass's value) the steps of the general form, the constants boxed for them. */
Pyc2cInt Pyc2cInt_MulAddAndKSlow(Pyc2cInt a, int64_t k, int64_t c, int64_t m)
{
    int64_t x;
    if (value_i64(a, &x)) {
        uint64_t p = (uint64_t)x * (uint64_t)k;
        return Pyc2cInt_FromI64((int64_t)((p + (uint64_t)c) & (uint64_t)m));
    }
    Pyc2cInt kb = Pyc2cInt_FromI64(k), cb = Pyc2cInt_FromI64(c), mb = Pyc2cInt_FromI64(m);
    Pyc2cInt r = PYC2C_INT_ERROR;
    if (kb != PYC2C_INT_ERROR && cb != PYC2C_INT_ERROR && mb != PYC2C_INT_ERROR) {
        r = mul_add_then(a, kb, cb, mb, 0, Pyc2cInt_And);
    }
    if (kb != PYC2C_INT_ERROR) {
        Pyc2cInt_DECREF(kb);
    }
    if (cb != PYC2C_INT_ERROR) {
        Pyc2cInt_DECREF(cb);
    }
    if (mb != PYC2C_INT_ERROR) {
        Pyc2cInt_DECREF(mb);
    }
    return r;
}

/* Past the short range but within int64 (an LCG's or a hash's state modulo a 63-bit m):
 * the product of two int64 plus one fits 128 bits, so the step stays one multiply and
 * one division, boxing only its result. */
Pyc2cInt Pyc2cInt_MulAddModSlow(Pyc2cInt a, Pyc2cInt b, Pyc2cInt c, Pyc2cInt m, int neg)
{
#ifdef __SIZEOF_INT128__
    int64_t x, y, z, d;
    if (value_i64(m, &d) && d != 0 && value_i64(a, &x) && value_i64(b, &y) && value_i64(c, &z)) {
        __int128 p = (__int128)x * y;   /* |p| <= 2**126 */
        p = (neg ? -p : p) + z;
        int64_t r = (int64_t)(p % d);
        if (r != 0 && ((r < 0) != (d < 0))) {   /* Python's sign: the divisor's */
            r += d;
        }
        return Pyc2cInt_FromI64(r);
    }
#endif
    return mul_add_then(a, b, c, m, neg, Pyc2cInt_Mod);
}

Pyc2cInt Pyc2cInt_ModSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_remainder));
}

Pyc2cInt Pyc2cInt_AndSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_and));
}

Pyc2cInt Pyc2cInt_OrSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_or));
}

Pyc2cInt Pyc2cInt_XorSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_xor));
}

Pyc2cInt Pyc2cInt_LshiftSlow(Pyc2cInt a, Pyc2cInt b)
{
    return binary_slow(a, b, INT_SLOT(nb_lshift));
}

/* A big a that fits int64 (an LCG's state past 2**62) shifted in C: ~x >> s for a
 * negative x is floor division by 2**s, as Python's >>. */
Pyc2cInt Pyc2cInt_RshiftSlow(Pyc2cInt a, Pyc2cInt b)
{
    int64_t x;
    if (Pyc2cInt_IsShort(b) && Pyc2cInt_ShortValue(b) >= 0 && value_i64(a, &x)) {
        int64_t s = Pyc2cInt_ShortValue(b) > 63 ? 63 : Pyc2cInt_ShortValue(b);
        return Pyc2cInt_FromI64(x < 0 ? ~(~x >> s) : x >> s);
    }
    return binary_slow(a, b, INT_SLOT(nb_rshift));
}

static PyObject *number_power(PyObject *x, PyObject *y)
{
    return PyNumber_Power(x, y, Py_None);
}

PyObject *Pyc2cInt_PowObject(Pyc2cInt a, Pyc2cInt b)
{
    return box_binary(a, b, number_power);
}

Pyc2cInt Pyc2cInt_PowSlow(Pyc2cInt a, Pyc2cInt b)
{
    if (Pyc2cInt_Lt(b, 0)) {
        PyErr_SetString(PyExc_ValueError, "pyc2c: negative exponent");
        return PYC2C_INT_ERROR;
    }
    return binary_slow(a, b, number_power);
}

typedef PyObject *(*UnaryFunc)(PyObject *);

static Pyc2cInt unary_slow(Pyc2cInt a, UnaryFunc f)
{
    PyObject *x = Pyc2cInt_Box(a);
    PyObject *r;
    if (x == NULL) {
        return PYC2C_INT_ERROR;
    }
    r = f(x);
    Py_DECREF(x);
    return Pyc2cInt_FromPyLongSteal(r);
}

Pyc2cInt Pyc2cInt_NegSlow(Pyc2cInt a)
{
    return unary_slow(a, PyNumber_Negative);
}

Pyc2cInt Pyc2cInt_InvertSlow(Pyc2cInt a)
{
    return unary_slow(a, PyNumber_Invert);
}

Pyc2cInt Pyc2cInt_AbsSlow(Pyc2cInt a)
{
    return unary_slow(a, PyNumber_Absolute);
}

/* ---- conversions to and from double ---- */

double Pyc2cInt_TrueDivSlow(Pyc2cInt a, Pyc2cInt b)
{
    return Pyc2cFloat_OfNewRef(box_binary(a, b, PyNumber_TrueDivide));
}

double Pyc2cInt_AsDoubleSlow(Pyc2cInt t)
{
    if (Pyc2cInt_IsShort(t)) {
        return (double)Pyc2cInt_ShortValue(t);
    }
    double d = PyLong_AsDouble(Pyc2cInt_LongObject(t));
    return d == -1.0 && PyErr_Occurred() ? PYC2C_FLOAT_ERROR : d;
}

int64_t Pyc2cInt_AsI64Slow(Pyc2cInt t)
{
    if (Pyc2cInt_IsShort(t)) {
        return Pyc2cInt_ShortValue(t);
    }
    return PyLong_AsLongLong(Pyc2cInt_LongObject(t));
}

Pyc2cInt Pyc2cInt_FromDoubleSlow(double d)
{
    return Pyc2cInt_FromPyLongSteal(PyLong_FromDouble(d));
}

/* ---- comparisons ---- */

/* Sign of a long tagged int (never zero). */
static int long_sign(Pyc2cInt t)
{
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(Pyc2cInt_LongObject(t), &overflow);
    if (overflow != 0) {
        return overflow;
    }
    return v < 0 ? -1 : 1;
}

/* x < y, two exact ints, by int's own comparison: it cannot fail, where
 * PyObject_RichCompareBool could at the recursion limit (its Py_EnterRecursiveCall)
 * and compiled comparisons have no error exit (they count no recursion level). */
static int long_less(PyObject *x, PyObject *y)
{
    PyObject *r = PyLong_Type.tp_richcompare(x, y, Py_LT);
    int less = r == Py_True;
    Py_DECREF(r);
    return less;
}

int Pyc2cInt_CompareSlow(Pyc2cInt a, Pyc2cInt b)
{
    PyObject *x;
    PyObject *y;
    if (Pyc2cInt_IsShort(a) && Pyc2cInt_IsShort(b)) {
        return (a > b) - (a < b);
    }
    if (Pyc2cInt_IsShort(a)) {
        return -long_sign(b);   /* |b| is beyond every short */
    }
    if (Pyc2cInt_IsShort(b)) {
        return long_sign(a);
    }
    x = Pyc2cInt_LongObject(a);
    y = Pyc2cInt_LongObject(b);
    return long_less(x, y) ? -1 : long_less(y, x);
}

char Pyc2cInt_CmpFloatSlow(Pyc2cInt a, double b, int op)
{
    PyObject *x = Pyc2cInt_Box(a);
    PyObject *y = PyFloat_FromDouble(b);
    int r = -1;
    if (x != NULL && y != NULL) {
        r = PyObject_RichCompareBool(x, y, op);   /* exact for int vs float */
    }
    Py_XDECREF(x);
    Py_XDECREF(y);
    if (r < 0) {
        PyErr_Clear();   /* comparisons cannot fail; only MemoryError is possible */
        r = 0;
    }
    return (char)r;
}

/* ---- fixed width ints ---- */

void Pyc2c_RaiseIntegerOverflow(void)
{
    PyErr_SetString(PyExc_OverflowError, "integer overflow");
}

void Pyc2c_RaiseIntegerZeroDivision(void)
{
    PyErr_SetString(PyExc_ZeroDivisionError, "integer division or modulo by zero");
}

/* The running CPython's own message for int % 0 (it changed in 3.12). */
void Pyc2c_RaiseIntegerModuloZero(void)
{
    PyObject *one = PyLong_FromLong(1), *zero = PyLong_FromLong(0);
    if (one && zero) {
        PyObject *r = PyNumber_Remainder(one, zero);
        Py_XDECREF(r);
    }
    Py_XDECREF(one);
    Py_XDECREF(zero);
}

int64_t Pyc2cI64_Unbox(PyObject *o)
{
    int overflow = 0;
    long long v;
    if (!PyLong_Check(o)) {
        return PYC2C_I64_ERROR;
    }
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) {
        PyErr_SetString(PyExc_OverflowError, "int too large to convert to i64");
        return PYC2C_I64_ERROR;
    }
    return v;
}

int64_t Pyc2cI64_UnboxChecked(PyObject *o)
{
    if (!PyLong_Check(o)) {
        Pyc2c_TypeError("i64", o);
        return PYC2C_I64_ERROR;
    }
    return Pyc2cI64_Unbox(o);
}

int32_t Pyc2cI32_UnboxChecked(PyObject *o)
{
    if (!PyLong_Check(o)) {
        Pyc2c_TypeError("i32", o);
        return PYC2C_I32_ERROR;
    }
    return Pyc2cI32_Unbox(o);
}

int32_t Pyc2cI32_Unbox(PyObject *o)
{
    int overflow = 0;
    long long v;
    if (!PyLong_Check(o)) {
        return PYC2C_I32_ERROR;
    }
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0 || v < INT32_MIN || v > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "int too large to convert to i32");
        return PYC2C_I32_ERROR;
    }
    return (int32_t)v;
}

/* ---- small int boxes and element unboxing (containers.h) ---- */

PyObject *pyc2c_small_ints[PYC2C_SMALL_MAX - PYC2C_SMALL_MIN + 1];

/* The first box of a small int fills its cache slot (CPython returns its own cached
 * object; the slot keeps one reference for the life of the process). */
PyObject *Pyc2cInt_BoxSmallSlow(int64_t v)
{
    PyObject *o = PyLong_FromLongLong(v);
    if (o != NULL) {
        Py_INCREF(o);
        pyc2c_small_ints[v - PYC2C_SMALL_MIN] = o;
    }
    return o;
}

Pyc2cInt Pyc2cInt_UnboxItemFail(PyObject *o)
{
    if (!PyErr_Occurred()) {
        Py_INCREF(o);   /* o may be borrowed from a list only a field holds (pass/borrow.c) */
        Pyc2c_TypeError("int", o);
        Py_DECREF(o);
    }
    return PYC2C_INT_ERROR;
}

/* ---- the releasing forms' slow paths (pyc2c.h PYC2C_INT_RELEASING): the op, then the
 * operands rel names are released, as the decrefs that would follow the op ---- */
static void release_operands(Pyc2cInt a, Pyc2cInt b, int rel)
{
    if (rel & 1) {
        Pyc2cInt_DECREF(a);
    }
    if (rel & 2) {
        Pyc2cInt_DECREF(b);
    }
}

/* The general path of each op (never the inline forms: Add..Mod are ArithSlowR's callers). */
static Pyc2cInt arith(int iop, Pyc2cInt a, Pyc2cInt b)
{
    switch (iop) {
    case PYC2C_IOP_ADD: return Pyc2cInt_AddSlow(a, b);
    case PYC2C_IOP_SUB: return Pyc2cInt_SubSlow(a, b);
    case PYC2C_IOP_MUL: return Pyc2cInt_MulSlow(a, b);
    case PYC2C_IOP_FLOORDIV: return Pyc2cInt_FloorDivSlow(a, b);
    case PYC2C_IOP_MOD: return Pyc2cInt_ModSlow(a, b);
    case PYC2C_IOP_AND: return Pyc2cInt_AndSlow(a, b);
    case PYC2C_IOP_OR: return Pyc2cInt_OrSlow(a, b);
    case PYC2C_IOP_XOR: return Pyc2cInt_XorSlow(a, b);
    case PYC2C_IOP_NEG: return Pyc2cInt_NegSlow(a);
    default: return Pyc2cInt_AbsSlow(a);
    }
}

Pyc2cInt Pyc2cInt_ArithSlowR(int iop, Pyc2cInt a, Pyc2cInt b, int rel)
{
    Pyc2cInt r = arith(iop, a, b);
    release_operands(a, b, rel);
    return r;
}

char Pyc2cInt_CompareSlowR(int iop, Pyc2cInt a, Pyc2cInt b, int rel)
{
    int c = Pyc2cInt_CompareSlow(a, b);
    release_operands(a, b, rel);
    switch (iop) {
    case PYC2C_IOP_EQ: return c == 0;
    case PYC2C_IOP_NE: return c != 0;
    case PYC2C_IOP_LT: return c < 0;
    case PYC2C_IOP_LE: return c <= 0;
    case PYC2C_IOP_GT: return c > 0;
    default: return c >= 0;
    }
}

double Pyc2cInt_TrueDivSlowR(Pyc2cInt a, Pyc2cInt b, int rel)
{
    double r = Pyc2cInt_TrueDiv(a, b);
    release_operands(a, b, rel);
    return r;
}

double Pyc2cInt_AsDoubleSlowR(Pyc2cInt t)
{
    double r = Pyc2cInt_AsDouble(t);
    Pyc2cInt_DECREF(t);
    return r;
}

/* box(t) of a long t whose reference the box takes: its own PyLong. */
PyObject *Pyc2cInt_BoxSteal(Pyc2cInt t)
{
    return Pyc2cInt_LongObject(t);
}
