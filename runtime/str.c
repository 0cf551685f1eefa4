/* str.c - str slow paths (containers.h has the fast paths): indexing, ord(), str(),
 * the methods of methods.def, lower()/upper() of ASCII strings without a method call,
 * and the module's str constants. */
#include "pyc2c.h"
#include <string.h>

PyObject *Pyc2c_AsciiChars[128];

PyObject *Pyc2cStr_CharAtSlow(PyObject *s, Py_ssize_t k)
{
    Py_UCS4 ch = PyUnicode_READ_CHAR(s, k);
    PyObject *c = PyUnicode_FromOrdinal((int)ch);
    if (c != NULL && ch < 128 && Pyc2c_AsciiChars[ch] == NULL) {   /* CPython's singleton, kept */
        Py_INCREF(c);
        Pyc2c_AsciiChars[ch] = c;
    }
    return c;
}

static PyObject *must_be_str(PyObject *r);

PyObject *Pyc2cStr_GetSubclass(PyObject *s, Pyc2cInt i)
{
    PyObject *k = Pyc2cInt_Box(i);
    if (k == NULL) {
        return NULL;
    }
    PyObject *r = PyObject_GetItem(s, k);
    Py_DECREF(k);
    return must_be_str(r);
}

Pyc2cInt Pyc2cStr_Ord(PyObject *c)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(c);
    if (n != 1) {
        PyErr_Format(PyExc_TypeError, "ord() expected a character, but string of length %zd found", n);
        return PYC2C_INT_ERROR;
    }
    return Pyc2cInt_FromShort((int64_t)PyUnicode_READ_CHAR(c, 0));
}

static PyObject *must_be_str(PyObject *r)
{
    if (r != NULL && !PyUnicode_Check(r)) {
        Pyc2c_TypeError("str", r);
        Py_DECREF(r);
        return NULL;
    }
    return r;
}

PyObject *Pyc2cStr_Method(PyObject *s, const char *name)
{
    return must_be_str(Pyc2c_CallNamed0(s, name));
}

PyObject *Pyc2cStr_Method1(PyObject *s, const char *name, PyObject *arg)
{
    return must_be_str(Pyc2c_CallNamed1(s, name, arg));
}

PyObject *Pyc2cStr_ConcatSlow(PyObject *s, PyObject *t)
{
    return must_be_str(PyNumber_Add(s, t));
}

PyObject *Pyc2cStr_Method2(PyObject *s, const char *name, PyObject *a, PyObject *b)
{
    PyObject *args[2] = {a, b};
    return must_be_str(Pyc2c_CallNamed(s, name, args, 2));
}

/* What a str subclass's override of a bool method returned (a new reference, or NULL):
 * 0 or 1; 2 with an error, TypeError when it is not a bool, as the typed call's
 * annotation (str's own) promises. */
char Pyc2cStr_BoolResult(PyObject *r)
{
    char t = r == Py_True ? 1 : r == Py_False ? 0 : 2;
    if (r != NULL && t == 2) {
        Pyc2c_TypeError("bool", r);
    }
    Py_XDECREF(r);
    return t;
}

/* Are s and t both ready one-byte strs? (A legacy string of the old C API, before
 * 3.12, may not be ready: PyUnicode_Tailmatch readies it.) */
static inline int both_ucs1(PyObject *s, PyObject *t)
{
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s) || !PyUnicode_IS_READY(t)) {
        return 0;
    }
#endif
    return PyUnicode_KIND(s) == PyUnicode_1BYTE_KIND && PyUnicode_KIND(t) == PyUnicode_1BYTE_KIND;
}

char Pyc2cStr_Match(PyObject *s, PyObject *affix, int direction)
{
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_BoolResult(Pyc2c_CallNamed1(s, direction < 0 ? "startswith" : "endswith", affix));
    }
    if (PyUnicode_Check(affix) && both_ucs1(s, affix)) {   /* one memcmp, not Tailmatch's checks */
        Py_ssize_t len = PyUnicode_GET_LENGTH(s), n = PyUnicode_GET_LENGTH(affix);
        return n <= len && memcmp(PyUnicode_1BYTE_DATA(s) + (direction < 0 ? 0 : len - n),
                                  PyUnicode_1BYTE_DATA(affix), (size_t)n) == 0;
    }
    Py_ssize_t r = PyUnicode_Tailmatch(s, affix, 0, PY_SSIZE_T_MAX, direction);
    return r < 0 ? 2 : (char)r;
}

Pyc2cInt Pyc2cStr_Find(PyObject *s, PyObject *sub)
{
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_IntResult(Pyc2c_CallNamed1(s, "find", sub));
    }
    Py_ssize_t r = Pyc2cStr_ScanUcs1(s, sub, 0, 0);
    if (r == -3) {
        r = PyUnicode_Find(s, sub, 0, PY_SSIZE_T_MAX, 1);
    }
    return r == -2 ? PYC2C_INT_ERROR : Pyc2cInt_FromShort((int64_t)r);
}

PyObject *Pyc2c_Str(PyObject *o)
{
    if (PyFloat_CheckExact(o)) {
        return Pyc2c_FormatFloat(PyFloat_AS_DOUBLE(o));   /* float_repr's text, without dtoa when it can */
    }
    return must_be_str(PyObject_Str(o));
}

/* ---- lower() and upper() of an ASCII str: s itself when no letter changes (strs are
 * immutable; CPython copies), a short result shared through the piece table
 * (str_pieces.c: `w.lower()` in a word count then hashes each word once), else a new
 * ASCII string as CPython's own ASCII path makes; any other string goes to the method ---- */

static int is_ascii(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) < 0) {
        return -1;
    }
#endif
    return PyUnicode_IS_ASCII(s);
}

#define MOVES(c, from) ((Py_UCS1)((c) - (from)) < 26)

/* ASCII s with the letters in [from, from + 26) moved by delta. Unchanged: s itself,
 * unless it is a short str not hashed yet and the table holds its equal (a word
 * lowered to count it is then hashed once, not at each dict lookup). */
static PyObject *ascii_case(PyObject *s, Py_UCS1 from, int delta)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0;
    const Py_UCS1 *src = PyUnicode_1BYTE_DATA(s);
    while (i < n && !MOVES(src[i], from)) {
        i++;
    }
    if (i == n) {
        if (n >= 2 && n <= 8 && ((PyASCIIObject *)s)->hash == -1) {
            return Pyc2cStr_PieceBytes(src, n);
        }
        Py_INCREF(s);
        return s;
    }
    if (n == 1) {
        return PyUnicode_FromOrdinal(src[0] + delta);   /* CPython's shared one-character str */
    }
    Py_UCS1 buf[8];
    PyObject *r = n <= 8 ? NULL : PyUnicode_New(n, 127);
    if (n > 8 && r == NULL) {
        return NULL;
    }
    Py_UCS1 *dst = r ? PyUnicode_1BYTE_DATA(r) : buf;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS1 c = src[k];
        dst[k] = (Py_UCS1)(MOVES(c, from) ? c + delta : c);
    }
    return r ? r : Pyc2cStr_PieceBytes(buf, n);
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

/* ---- str constants of the module from the compiler's decoded bytes: UTF-8
 * with lone surrogates kept (surrogatepass), and \N{NAME} escapes left for the
 * interpreter's Unicode name table between 0xFF bytes (STR_NAME_MARK in ast.h) ---- */
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
