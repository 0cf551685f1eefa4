/* str_args.c - str methods with arguments as direct C calls (stdlib-shims/methods.def):
 * strip(chars), split(sep, maxsplit), startswith(tuple), rfind(sub). A str subclass
 * receiver calls its own method, as CPython would. */
#include "pyc2c.h"

/* Is c one of the characters of chars? */
static int in_chars(Py_UCS4 c, int kind, const void *data, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_READ(kind, data, i) == c) {
            return 1;
        }
    }
    return 0;
}

/* s.strip(chars) (how 3), lstrip (1), rstrip (2): the same str when nothing goes. */
PyObject *Pyc2cStr_StripChars(PyObject *s, PyObject *chars, int how)
{
    static const char *const names[] = {NULL, "lstrip", "rstrip", "strip"};
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_Method1(s, names[how], chars);
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), n = PyUnicode_GET_LENGTH(chars), i = 0, j = len;
    int kind = PyUnicode_KIND(s), ckind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(s), *cdata = PyUnicode_DATA(chars);
    if (how & 1) {
        while (i < len && in_chars(PyUnicode_READ(kind, data, i), ckind, cdata, n)) {
            i++;
        }
    }
    if (how & 2) {
        while (j > i && in_chars(PyUnicode_READ(kind, data, j - 1), ckind, cdata, n)) {
            j--;
        }
    }
    return PyUnicode_Substring(s, i, j);
}

/* s.split(sep, maxsplit) (right: rsplit). */
PyObject *Pyc2cStr_SplitMax(PyObject *s, PyObject *sep, Pyc2cInt maxsplit, int right)
{
    int64_t m = Pyc2cInt_AsI64(maxsplit);
    if (m == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (!PyUnicode_CheckExact(s)) {
        PyObject *args[2] = {sep, Pyc2cInt_Box(maxsplit)};
        PyObject *r = args[1] ? Pyc2c_CallNamed(s, right ? "rsplit" : "split", args, 2) : NULL;
        Py_XDECREF(args[1]);
        return r;
    }
    Py_ssize_t ms = m < 0 ? -1 : (Py_ssize_t)m;
    return right ? PyUnicode_RSplit(s, sep, ms) : PyUnicode_Split(s, sep, ms);
}

/* s.startswith(prefixes) (direction -1), s.endswith(suffixes) (1): a tuple of strs. */
char Pyc2cStr_MatchAny(PyObject *s, PyObject *affixes, int direction)
{
    if (!PyUnicode_CheckExact(s) || !PyTuple_CheckExact(affixes)) {
        PyObject *r = Pyc2c_CallNamed1(s, direction < 0 ? "startswith" : "endswith", affixes);
        int t = r == NULL ? -1 : PyObject_IsTrue(r);
        Py_XDECREF(r);
        return t < 0 ? 2 : (char)t;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(affixes); i++) {
        char r = Pyc2cStr_Match(s, PyTuple_GET_ITEM(affixes, i), direction);
        if (r != 0) {
            return r;   /* 1: found; 2: an error */
        }
    }
    return 0;
}

/* s.rfind(sub): the last index of sub, or -1. */
Pyc2cInt Pyc2cStr_RFind(PyObject *s, PyObject *sub)
{
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_IntResult(Pyc2c_CallNamed1(s, "rfind", sub));
    }
    Py_ssize_t r = PyUnicode_Find(s, sub, 0, PY_SSIZE_T_MAX, -1);
    return r == -2 ? PYC2C_INT_ERROR : Pyc2cInt_FromShort((int64_t)r);
}
