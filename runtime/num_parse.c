/* num_parse.c - int(s) and float(s) of an exact str.  ASCII text CPython refuses is
 * refused here with CPython's ValueError and message, built directly: PyErr_Format's
 * generic formatter costs thousands of instructions a message, which made try/except
 * parsing loops (`try: int(tok) except ValueError: ...`) spend most of their time
 * formatting messages nobody reads.  int() text of up to 18 digits, and float() text
 * whose value one double operation gives exactly, are parsed here; everything else is
 * CPython's (non-ASCII digits and spaces, underscores in floats, long ints and their
 * digit limit, inf and nan, floats of many digits or large exponents). */
#include "pyc2c.h"

/* The spaces int() and float() strip from ASCII text (Py_ISSPACE: not \x1c-\x1f,
 * which str.isspace() counts). */
static int ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* ValueError(prefix + repr(s)[:limit]) for an ASCII s (its repr is ASCII too). */
static void raise_invalid(const char *prefix, PyObject *s, Py_ssize_t limit)
{
    PyObject *r = PyObject_Repr(s);
    if (r == NULL) {
        return;
    }
    Py_ssize_t plen = (Py_ssize_t)strlen(prefix), rlen = PyUnicode_GET_LENGTH(r);
    rlen = limit > 0 && rlen > limit ? limit : rlen;
    PyObject *msg = PyUnicode_New(plen + rlen, 127);
    if (msg != NULL) {
        memcpy(PyUnicode_1BYTE_DATA(msg), prefix, (size_t)plen);
        memcpy(PyUnicode_1BYTE_DATA(msg) + plen, PyUnicode_1BYTE_DATA(r), (size_t)rlen);
        PyErr_SetObject(PyExc_ValueError, msg);
        Py_DECREF(msg);
    }
    Py_DECREF(r);
}

/* Base-10 int() text: 1 with *v its value (at most 18 digits), 0 when int() refuses it,
 * -1 when it is valid but longer (CPython parses it, under its digit limit). */
static int parse_int10(const unsigned char *p, Py_ssize_t n, int64_t *v)
{
    /* the usual text first: an optional '-', then only digits (1 to 18 of them) */
    Py_ssize_t neg1 = n > 1 && p[0] == '-';
    if (n > neg1 && n - neg1 <= 18) {
        uint64_t acc = 0;
        Py_ssize_t j = neg1;
        for (; j < n; j++) {
            unsigned d = (unsigned)p[j] - '0';
            if (d > 9) {
                break;
            }
            acc = acc * 10 + d;
        }
        if (j == n) {
            *v = neg1 ? -(int64_t)acc : (int64_t)acc;
            return 1;
        }
    }
    Py_ssize_t i = 0;
    while (i < n && ascii_space(p[i])) {
        i++;
    }
    int neg = i < n && p[i] == '-';
    i += i < n && (p[i] == '-' || p[i] == '+');
    if (i >= n || !ascii_digit(p[i])) {
        return 0;
    }
    uint64_t acc = 0;
    int digits = 0;
    while (i < n) {
        if (ascii_digit(p[i])) {
            acc = digits < 18 ? acc * 10 + (uint64_t)(p[i] - '0') : acc;
            digits++;
            i++;
        } else if (p[i] == '_' && i + 1 < n && ascii_digit(p[i + 1])) {
            i++;   /* one underscore between digits */
        } else {
            break;
        }
    }
    while (i < n && ascii_space(p[i])) {
        i++;
    }
    if (i != n) {
        return 0;
    }
    if (digits > 18) {
        return -1;
    }
    *v = neg ? -(int64_t)acc : (int64_t)acc;
    return 1;
}

/* An exact str whose characters are ASCII (a legacy string of the old C API is made
 * ready first; on failure the caller's CPython path raises). */
static int ascii_text(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s)) {
        return 0;
    }
#endif
    return PyUnicode_IS_ASCII(s);
}

Pyc2cInt Pyc2cInt_OfStr(PyObject *s)
{
    if (ascii_text(s)) {
        int64_t v;
        int k = parse_int10(PyUnicode_1BYTE_DATA(s), PyUnicode_GET_LENGTH(s), &v);
        if (k > 0) {
            return Pyc2cInt_FromI64(v);
        }
        if (k == 0) {
            raise_invalid("invalid literal for int() with base 10: ", s, 200);
            return PYC2C_INT_ERROR;
        }
    }
    return Pyc2cInt_FromPyLongSteal(PyNumber_Long(s));
}

/* 1 when x is an exact str that int() surely refuses with ValueError (ASCII text that is
 * no base-10 int literal), else 0: it takes it, or only CPython's parser can judge. */
char Pyc2cStr_IntRefuses(PyObject *x)
{
    int64_t v;
    return PyUnicode_CheckExact(x) && ascii_text(x) &&
           parse_int10(PyUnicode_1BYTE_DATA(x), PyUnicode_GET_LENGTH(x), &v) == 0;
}

/* int(s[a:b]) of an exact ASCII str s, 0 <= a <= b <= len(s), when int() takes the text
 * and it has at most 18 digits: 1 with *v its value, else 0 (the caller then makes the
 * slice and takes CPython's path, its ValueError naming the slice's text). */
int Pyc2cInt_ParseRange(PyObject *s, Py_ssize_t a, Py_ssize_t b, int64_t *v)
{
    return ascii_text(s) && parse_int10(PyUnicode_1BYTE_DATA(s) + a, b - a, v) > 0;
}

/* Could float() accept this ASCII text?  Only its characters are checked: digits, signs,
 * points, exponents, underscores, spaces and the letters of inf/infinity/nan.  0 means
 * surely not; 1 leaves the answer to CPython. */
static int float_chars(const unsigned char *p, Py_ssize_t n)
{
    static const char letters[] = "eEiInNfFtTyYaA";
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (!ascii_digit(c) && !ascii_space(c) && c != '.' && c != '+' && c != '-' && c != '_' &&
            (c == 0 || strchr(letters, c) == NULL)) {
            return 0;
        }
    }
    return 1;
}

/* Clinger's fast path: a decimal of at most 19 significant digits m and exponent e,
 * m <= 2**53 and |e| <= 22, is m * 10**e or m / 10**-e in one correctly rounded double
 * operation on two exact doubles: the value strtod gives. */
static const double exact_pow10[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Digits from p[*i] into *m (at most 19 significant ones: else 0), *scale lowered by
 * each one when they follow the point. A digit is significant from the first nonzero
 * one on (counted by the digits, not by *m: a 20th digit can wrap *m to 0, as 2**64's
 * do). */
static int float_digits(const unsigned char *p, Py_ssize_t n, Py_ssize_t *i, uint64_t *m, int *sig,
                        int *scale, int after_point)
{
    for (; *i < n && ascii_digit(p[*i]); (*i)++) {
        *m = *m * 10 + (uint64_t)(p[*i] - '0');
        *sig += *sig > 0 || p[*i] != '0';
        *scale -= after_point;
        if (*sig > 19) {
            return 0;
        }
    }
    return 1;
}

/* The usual text first: [-]digits[.digits], at most 19 digits, in locals (the general
 * scan below goes through pointers a char may alias: reloads at every digit). 1 with
 * *v, or 0: the general scan decides. */
static int parse_float_plain(const unsigned char *p, Py_ssize_t n, double *v)
{
    Py_ssize_t i = n > 0 && p[0] == '-', point = -1;
    if (n - i < 1 || n - i > 20) {
        return 0;
    }
    int neg = (int)i;
    uint64_t m = 0;
    for (; i < n; i++) {
        unsigned d = (unsigned)p[i] - '0';
        if (d <= 9) {
            m = m * 10 + d;
        } else if (p[i] == '.' && point < 0) {
            point = i;
        } else {
            return 0;
        }
    }
    Py_ssize_t frac = point < 0 ? 0 : n - point - 1, digits = n - neg - (point >= 0);
    if (digits == 0 || digits > 19 || frac > 22 || m > ((uint64_t)1 << 53)) {
        return 0;
    }
    double d = (double)m / exact_pow10[frac];
    *v = neg ? -d : d;
    return 1;
}

/* float() text [spaces][sign]digits[.digits][e[sign]digits][spaces] (no underscores,
 * inf or nan) whose value the fast path gives exactly: 1 with *v, else 0 (the caller
 * asks CPython, which also gives every error). */
static int parse_float10(const unsigned char *p, Py_ssize_t n, double *v)
{
    if (parse_float_plain(p, n, v)) {
        return 1;
    }
    Py_ssize_t i = 0, start;
    while (i < n && ascii_space(p[i])) {
        i++;
    }
    int neg = i < n && p[i] == '-', sig = 0, scale = 0, exp = 0;
    i += i < n && (p[i] == '-' || p[i] == '+');
    uint64_t m = 0;
    start = i;
    if (!float_digits(p, n, &i, &m, &sig, &scale, 0)) {
        return 0;
    }
    Py_ssize_t point = i < n && p[i] == '.' ? ++i : -1;
    if ((point >= 0 && !float_digits(p, n, &i, &m, &sig, &scale, 1)) || i - start - (point >= 0) == 0) {
        return 0;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        int eneg = i < n && p[i] == '-';
        i += i < n && (p[i] == '-' || p[i] == '+');
        if (i >= n || !ascii_digit(p[i])) {
            return 0;
        }
        for (; i < n && ascii_digit(p[i]); i++) {
            exp = exp < 100000 ? exp * 10 + (p[i] - '0') : exp;
        }
        exp = eneg ? -exp : exp;
    }
    while (i < n && ascii_space(p[i])) {
        i++;
    }
    int e = scale + exp;
    if (i != n || (m != 0 && (m > ((uint64_t)1 << 53) || e < -22 || e > 22))) {
        return 0;
    }
    double d = m == 0 ? 0.0 : e >= 0 ? (double)m * exact_pow10[e] : (double)m / exact_pow10[-e];
    *v = neg ? -d : d;
    return 1;
}

/* float(s[a:b]) of an exact str s, 0 <= a <= b <= len(s), when the fast path takes the
 * text: 1 with *v, else 0 (the caller makes the slice and asks CPython). */
int Pyc2cFloat_ParseRange(PyObject *s, Py_ssize_t a, Py_ssize_t b, double *v)
{
    return ascii_text(s) && parse_float10(PyUnicode_1BYTE_DATA(s) + a, b - a, v);
}

/* 1 when x is an exact str that float() surely refuses (ASCII text with a character no
 * float literal has), else 0. */
char Pyc2cStr_FloatRefuses(PyObject *x)
{
    return PyUnicode_CheckExact(x) && ascii_text(x) && !float_chars(PyUnicode_1BYTE_DATA(x), PyUnicode_GET_LENGTH(x));
}

PyObject *Pyc2cFloat_OfObject(PyObject *x)
{
    if (PyFloat_CheckExact(x)) {
        Py_INCREF(x);
        return x;
    }
    if (PyUnicode_CheckExact(x)) {
        double v;
        if (Pyc2cFloat_ParseRange(x, 0, PyUnicode_GET_LENGTH(x), &v)) {
            return PyFloat_FromDouble(v);
        }
        if (ascii_text(x) && !float_chars(PyUnicode_1BYTE_DATA(x), PyUnicode_GET_LENGTH(x))) {
            raise_invalid("could not convert string to float: ", x, 0);
            return NULL;
        }
        return PyFloat_FromString(x);
    }
    return PyNumber_Float(x);
}

/* float(x) read as a double where it is an operand of arithmetic: no float object made
 * for an exact str the fast path takes; PYC2C_FLOAT_ERROR with an exception set. */
double Pyc2cFloat_OfObjectD(PyObject *x)
{
    double v;
    if (PyFloat_CheckExact(x)) {
        return PyFloat_AS_DOUBLE(x);
    }
    if (PyUnicode_CheckExact(x) && Pyc2cFloat_ParseRange(x, 0, PyUnicode_GET_LENGTH(x), &v)) {
        return v;
    }
    PyObject *f = Pyc2cFloat_OfObject(x);
    if (f == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    v = PyFloat_AS_DOUBLE(f);
    Py_DECREF(f);
    return v;
}
