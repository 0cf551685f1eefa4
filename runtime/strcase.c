/* strcase.c - str.lower() and str.upper() of ASCII strings without a method call: the
 * result is a new ASCII string, as CPython's own ASCII path makes; any other string
 * goes to the str method. */
#include "pyc2c.h"

static int is_ascii(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) < 0) {
        return -1;
    }
#endif
    return PyUnicode_IS_ASCII(s);
}

/* A copy of ASCII s with the letters in [from, from + 26) moved by delta. */
static PyObject *ascii_case(PyObject *s, Py_UCS1 from, int delta)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    PyObject *r = PyUnicode_New(n, 127);
    if (r == NULL) {
        return NULL;
    }
    const Py_UCS1 *src = PyUnicode_1BYTE_DATA(s);
    Py_UCS1 *dst = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS1 c = src[i];
        dst[i] = (Py_UCS1)((Py_UCS1)(c - from) < 26 ? c + delta : c);
    }
    return r;
}

PyObject *Pyc2cStr_Lower(PyObject *s)
{
    int a = is_ascii(s);
    if (a < 0) {
        return NULL;
    }
    return a && PyUnicode_CheckExact(s) ? ascii_case(s, 'A', 'a' - 'A') : Pyc2cStr_Method(s, "lower");
}

PyObject *Pyc2cStr_Upper(PyObject *s)
{
    int a = is_ascii(s);
    if (a < 0) {
        return NULL;
    }
    return a && PyUnicode_CheckExact(s) ? ascii_case(s, 'a', 'A' - 'a') : Pyc2cStr_Method(s, "upper");
}
