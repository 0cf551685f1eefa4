/* num_parse.c - int(s) and float(s) of an exact str.  ASCII text CPython refuses is
 * refused here with CPython's ValueError and message, built directly: PyErr_Format's
 * generic formatter costs thousands of instructions a message, which made try/except
 * parsing loops (`try: int(tok) except ValueError: ...`) spend most of their time
 * formatting messages nobody reads.  int() text of up to 18 digits is parsed here;
 * everything else is CPython's (non-ASCII digits and spaces, long ints and their digit
 * limit, every valid float). */
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

PyObject *Pyc2cFloat_OfObject(PyObject *x)
{
    if (PyFloat_CheckExact(x)) {
        Py_INCREF(x);
        return x;
    }
    if (PyUnicode_CheckExact(x)) {
        if (ascii_text(x) && !float_chars(PyUnicode_1BYTE_DATA(x), PyUnicode_GET_LENGTH(x))) {
            raise_invalid("could not convert string to float: ", x, 0);
            return NULL;
        }
        return PyFloat_FromString(x);
    }
    return PyNumber_Float(x);
}
