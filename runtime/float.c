/* float.c - Python float semantics on C doubles.
 *
 * Edge cases (division by zero, pow special values) are handed to CPython so
 * the exceptions and messages are those of the running interpreter. */
#include "pyc2c.h"

static PyObject *number_power(PyObject *x, PyObject *y)
{
    return PyNumber_Power(x, y, Py_None);
}

double Pyc2cFloat_Delegate(double a, double b, char op)
{
    PyObject *x = PyFloat_FromDouble(a);
    PyObject *y = PyFloat_FromDouble(b);
    PyObject *r = NULL;
    double d = PYC2C_FLOAT_ERROR;
    if (x != NULL && y != NULL) {
        switch (op) {
        case '/': r = PyNumber_TrueDivide(x, y); break;
        case 'f': r = PyNumber_FloorDivide(x, y); break;
        case '%': r = PyNumber_Remainder(x, y); break;
        default: r = number_power(x, y); break;
        }
    }
    Py_XDECREF(x);
    Py_XDECREF(y);
    if (r == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    if (PyFloat_Check(r)) {
        d = PyFloat_AS_DOUBLE(r);
    } else {
        PyErr_SetString(PyExc_ValueError, "pyc2c: complex result of float power not supported");
    }
    Py_DECREF(r);
    return d;
}

/* Python's a % b for b != 0: the result takes the sign of b. */
double Pyc2cFloat_ModSlow(double a, double b)
{
    double mod = fmod(a, b);
    if (mod != 0.0) {
        if ((b < 0.0) != (mod < 0.0)) {
            mod += b;
        }
    } else {
        mod = copysign(0.0, b);
    }
    return mod;
}

/* Python's a // b for b != 0: floor of the exact quotient, computed from
 * (a - fmod(a, b)) / b and nudged to the nearest integer. */
double Pyc2cFloat_FloorDivSlow(double a, double b)
{
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    double floordiv;
    if (mod != 0.0 && (b < 0.0) != (mod < 0.0)) {
        div -= 1.0;
    }
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5) {
            floordiv += 1.0;
        }
    } else {
        floordiv = copysign(0.0, a / b);
    }
    return floordiv;
}

/* x * x where that is, bit for bit, the platform's pow(|x|, 2.0), which CPython's
 * float ** 2 calls. The product rounded once is the double nearest the exact square;
 * fma gives its rounding error exactly. When the square lies within 7/16 of an ulp of
 * the product, every other double is at least 9/16 of an ulp away from it, so a pow
 * whose error is below that returns the product too: glibc's pow is within 0.54 ulp
 * (its e_pow.c: "Worst-case error: 0.54 ULP"). A product that is a power of two (its
 * lower neighbour half an ulp nearer), one near the ends of the range, and every other
 * libm keep the call. 1 with *out set, else 0. */
static int square_is_pow(double x, double *out)
{
#if defined(__GLIBC__)
    double r = x * x;
    if (r >= 0x1p-900 && r <= 0x1p1000) {
        double err = fma(x, x, -r), ulp;
        uint64_t bits, ulp_bits;
        memcpy(&bits, &r, sizeof bits);
        ulp_bits = (bits & 0x7FF0000000000000ULL) - (52ULL << 52);   /* 2 ** (exponent - 52) */
        memcpy(&ulp, &ulp_bits, sizeof ulp);
        if (fabs(err) <= ulp * 0.4375 && (bits & 0xFFFFFFFFFFFFFULL) != 0) {
            *out = r;
            return 1;
        }
    }
#else
    (void)x;
    (void)out;
#endif
    return 0;
}

/* pow(x, e) for finite x > 0, x != 1, finite e != 0, as CPython's float_pow calls it:
 * 1 with *out set, else 0 when it overflows or sets errno (CPython then decides). */
static int pow_positive(double x, double e, double *out)
{
    if (e == 2.0 && square_is_pow(x, out)) {
        return 1;
    }
    errno = 0;
    double r = pow(x, e);
    if (errno != 0 || !isfinite(r)) {
        return 0;
    }
    *out = r;
    return 1;
}

/* An integral double is odd: only below 2 ** 53 can it be. */
static int is_odd_integer(double e)
{
    return fabs(e) < 0x1p53 && ((int64_t)e & 1) != 0;
}

/* x ** e as CPython's float_pow computes its ordinary cases (finite x != 0, finite e !=
 * 0, a negative x only to an integral e): 1 with *out set; 0 where CPython must decide
 * (special values, a complex result, overflow, errno). */
static int pow_ordinary(double x, double e, double *out)
{
    int negate = 0;
    if (!isfinite(x) || !isfinite(e) || x == 0.0 || e == 0.0) {
        return 0;
    }
    if (x < 0.0) {
        if (e != floor(e)) {
            return 0;   /* a complex result */
        }
        x = -x;
        negate = is_odd_integer(e);
    }
    if (x == 1.0) {
        *out = 1.0;
    } else if (!pow_positive(x, e, out)) {
        return 0;
    }
    if (negate) {
        *out = -*out;
    }
    return 1;
}

/* a ** b of value x ** e, a an exact float or a one-digit int (exact as a double) and b
 * an exact int or float, at least one of them a float: float_pow's ordinary cases
 * computed here, every special value, complex result and error by PyNumber_Power on the
 * same objects. */
static PyObject *float_pow_obj(PyObject *a, PyObject *b, double x, double e)
{
    double r;
    return pow_ordinary(x, e, &r) ? PyFloat_FromDouble(r) : PyNumber_Power(a, b, Py_None);
}

/* x ** n of one-digit ints, n >= 0: the exact int when it fits 62 bits, else 0. */
static int int_pow_small(int64_t x, int64_t n, int64_t *out)
{
    int64_t r = 1;
    while (n > 0) {
        if (__builtin_mul_overflow(r, x, &r) || r > ((int64_t)1 << 62) || r < -((int64_t)1 << 62)) {
            return 0;
        }
        n--;
    }
    *out = r;
    return 1;
}

/* a ** b of an exact int or float a and an exact int or float b (objfast.h's
 * Pyc2c_ObjPow): one-digit ints to a small non-negative power, floats to an int's or a
 * float's power and one-digit ints to a float's power here, the rest through PyNumber_Power. */
PyObject *Pyc2c_PowNumbers(PyObject *a, PyObject *b)
{
    int64_t x, y, r;
    if (PyFloat_CheckExact(a)) {
        if (PyFloat_CheckExact(b)) {
            return float_pow_obj(a, b, PyFloat_AS_DOUBLE(a), PyFloat_AS_DOUBLE(b));
        }
        if (PYC2C_LONG_IS_COMPACT(b)) {
            return float_pow_obj(a, b, PyFloat_AS_DOUBLE(a), (double)PYC2C_LONG_COMPACT(b));
        }
    } else if (PyFloat_CheckExact(b)) {   /* int ** float: int's pow declines, float's runs */
        if (PYC2C_LONG_IS_COMPACT(a)) {
            return float_pow_obj(a, b, (double)PYC2C_LONG_COMPACT(a), PyFloat_AS_DOUBLE(b));
        }
    } else if (Pyc2c_BothSmallInts(a, b, &x, &y) && y >= 0 && y <= 64 && int_pow_small(x, y, &r)) {
        return PyLong_FromLongLong(r);
    }
    return PyNumber_Power(a, b, Py_None);
}

/* a ** b.  Finite positive bases and negative bases with integral exponents
 * are computed here; every special value goes through CPython. */
double Pyc2cFloat_Pow(double a, double b)
{
    double r;
    if (b == 0.0) {
        return 1.0;   /* even for a nan base */
    }
    return pow_ordinary(a, b, &r) ? r : Pyc2cFloat_Delegate(a, b, '*');
}

char Pyc2cFloat_Check(PyObject *o)
{
    return PyFloat_Check(o) || PyLong_Check(o);
}

/* float or int (converted like float(int)); anything else: -113.0, no exception. */
double Pyc2cFloat_Unbox(PyObject *o)
{
    if (PYC2C_LIKELY(PyFloat_Check(o))) {
        return PyFloat_AS_DOUBLE(o);
    }
    if (PyLong_Check(o)) {
        double d = PyLong_AsDouble(o);
        if (d == -1.0 && PyErr_Occurred()) {
            return PYC2C_FLOAT_ERROR;
        }
        return d;
    }
    return PYC2C_FLOAT_ERROR;
}

char Pyc2cFloat_UnboxOSlow(PyObject *o, double *v)
{
    *v = Pyc2cFloat_UnboxChecked(o);
    return *v == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? 2 : 0;
}

double Pyc2cFloat_UnboxChecked(PyObject *o)
{
    if (PYC2C_LIKELY(PyFloat_Check(o))) {
        return PyFloat_AS_DOUBLE(o);
    }
    if (PyLong_Check(o)) {
        return Pyc2cFloat_Unbox(o);
    }
    Pyc2c_TypeError("float", o);
    return PYC2C_FLOAT_ERROR;
}

PyObject *Pyc2cFloat_Str(double d)
{
    PyObject *boxed = PyFloat_FromDouble(d);
    PyObject *s;
    if (boxed == NULL) {
        return NULL;
    }
    s = PyObject_Str(boxed);
    Py_DECREF(boxed);
    return s;
}
