/* fstring.c - f-strings as CPython's FORMAT_VALUE / CONVERT_VALUE / BUILD_STRING run them. */
#include "pyc2c.h"

static PyObject *convert(PyObject *v, int conv)
{
    switch (conv) {
    case 'r': return PyObject_Repr(v);
    case 's': return PyObject_Str(v);
    case 'a': return PyObject_ASCII(v);
    default: Py_INCREF(v); return v;
    }
}

PyObject *Pyc2c_FormatSimple(PyObject *v, int conv)
{
    PyObject *c = convert(v, conv);
    if (c == NULL || PyUnicode_CheckExact(c)) {
        return c;
    }
    PyObject *r = PyObject_Format(c, NULL);
    Py_DECREF(c);
    return r;
}

#if PY_VERSION_HEX >= 0x030D0000
#define CONVERT_EARLY 1   /* CONVERT_VALUE runs before the spec is built */
#else
#define CONVERT_EARLY 0   /* FORMAT_VALUE converts after it */
#endif

PyObject *Pyc2c_FmtEarly(PyObject *v, int conv)
{
    return convert(v, CONVERT_EARLY ? conv : 0);
}

PyObject *Pyc2c_FmtLate(PyObject *v, int conv, PyObject *spec)
{
    PyObject *c = convert(v, CONVERT_EARLY ? 0 : conv);
    if (c == NULL) {
        return NULL;
    }
    PyObject *r = PyObject_Format(c, spec);
    Py_DECREF(c);
    return r;
}

PyObject *Pyc2c_FormatInt(Pyc2cInt n)
{
    if (!Pyc2cInt_IsShort(n)) {
        return PyObject_Str(Pyc2cInt_LongObject(n));
    }
    return Pyc2c_I64ToStr(Pyc2cInt_ShortValue(n));
}

PyObject *Pyc2c_FormatFloat(double d)
{
    /* float_repr's own call: shortest round-tripping digits, ".0" added */
    char *s = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (s == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *r = PyUnicode_FromString(s);
    PyMem_Free(s);
    return r;
}

PyObject *Pyc2c_JoinStrs(Py_ssize_t n, PyObject *const *items)
{
    Py_ssize_t len = 0;
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(items[i]) < 0) {
            return NULL;
        }
#endif
        Py_ssize_t l = PyUnicode_GET_LENGTH(items[i]);
        if (l > PY_SSIZE_T_MAX - len) {
            return PyErr_NoMemory();
        }
        len += l;
        Py_UCS4 m = PyUnicode_MAX_CHAR_VALUE(items[i]);
        maxchar = m > maxchar ? m : maxchar;
    }
    PyObject *r = PyUnicode_New(len, maxchar);
    Py_ssize_t pos = 0;
    for (Py_ssize_t i = 0; r != NULL && i < n; i++) {
        Py_ssize_t l = PyUnicode_GET_LENGTH(items[i]);
        if (l > 0 && PyUnicode_CopyCharacters(r, pos, items[i], 0, l) < 0) {
            Py_CLEAR(r);
        }
        pos += l;
    }
    return r;
}

PyObject *Pyc2c_JoinHeld(PyObject *held)
{
    return Pyc2c_JoinStrs(PyList_GET_SIZE(held), ((PyListObject *)held)->ob_item);
}
