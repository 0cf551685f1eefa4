/* strconst.c - str constants of the module from the compiler's decoded bytes: UTF-8
 * with lone surrogates kept (surrogatepass), and \N{NAME} escapes left for the
 * interpreter's Unicode name table between 0xFF bytes (STR_NAME_MARK in ast.h). */
#include "pyc2c.h"
#include <string.h>

/* One \N{NAME}: CPython's own decoder, so names, aliases and errors are its. */
static PyObject *named_char(const char *name, Py_ssize_t n)
{
    char *esc = PyMem_Malloc((size_t)n + 4);
    if (esc == NULL) {
        return PyErr_NoMemory();
    }
    memcpy(esc, "\\N{", 3);
    memcpy(esc + 3, name, (size_t)n);
    esc[n + 3] = '}';
    PyObject *s = PyUnicode_DecodeUnicodeEscape(esc, n + 4, NULL);
    PyMem_Free(esc);
    return s;
}

PyObject *Pyc2c_StrFromSource(const char *s, Py_ssize_t len)
{
    const char *mark = memchr(s, 0xFF, (size_t)len);
    if (mark == NULL) {
        return PyUnicode_DecodeUTF8(s, len, "surrogatepass");
    }
    PyObject *parts = PyList_New(0);
    const char *p = s, *end = s + len;
    while (parts != NULL && p < end) {
        mark = memchr(p, 0xFF, (size_t)(end - p));
        const char *close = mark ? memchr(mark + 1, 0xFF, (size_t)(end - mark - 1)) : NULL;
        if (mark == NULL || close == NULL) {
            mark = close = end;
        }
        PyObject *text = PyUnicode_DecodeUTF8(p, mark - p, "surrogatepass");
        PyObject *named = close > mark ? named_char(mark + 1, close - mark - 1) : NULL;
        if (text == NULL || PyList_Append(parts, text) < 0 ||
            (close > mark && (named == NULL || PyList_Append(parts, named) < 0))) {
            Py_CLEAR(parts);
        }
        Py_XDECREF(text);
        Py_XDECREF(named);
        p = close < end ? close + 1 : end;
    }
    if (parts == NULL) {
        return NULL;
    }
    PyObject *empty = PyUnicode_FromStringAndSize(NULL, 0);
    PyObject *r = empty ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(parts);
    return r;
}
