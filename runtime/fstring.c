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
    if (PyFloat_CheckExact(v)) {   /* str, repr, ascii and format() of a float: its repr */
        return Pyc2c_FormatFloat(PyFloat_AS_DOUBLE(v));
    }
    PyObject *c = convert(v, conv);
    if (c == NULL || PyUnicode_CheckExact(c)) {
        return c;
    }
    PyObject *r = PyObject_Format(c, NULL);
    Py_DECREF(c);
    return r;
}

PyObject *Pyc2c_FormatSimpleR(PyObject *v, int conv)
{
    PyObject *r = Pyc2c_FormatSimple(v, conv);
    Py_DECREF(v);
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
    char buf[48];
    int n = Pyc2c_FloatReprDigits(d, buf);
    if (n > 0) {
        PyObject *r = PyUnicode_New(n, 127);
        if (r != NULL) {
            memcpy(PyUnicode_1BYTE_DATA(r), buf, (size_t)n);
        }
        return r;
    }
    /* float_repr's own call: shortest round-tripping digits, ".0" added */
    char *s = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (s == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *r = PyUnicode_FromString(s);
    PyMem_Free(s);
    return r;
}

/* s (ASCII, len bytes) right-aligned in width: padded with spaces, or with zeros after
 * the sign (format()'s '0' flag: '=' alignment with fill '0'). */
static PyObject *padded_ascii(const char *s, Py_ssize_t len, Py_ssize_t width, int zero)
{
    Py_ssize_t total = len < width ? width : len, pad = total - len;
    PyObject *r = PyUnicode_New(total, 127);
    if (r == NULL) {
        return NULL;
    }
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(r);
    if (zero) {
        Py_ssize_t sign = len > 0 && s[0] == '-';
        memcpy(out, s, (size_t)sign);
        memset(out + sign, '0', (size_t)pad);
        memcpy(out + sign + pad, s + sign, (size_t)(len - sign));
    } else {
        memset(out, ' ', (size_t)pad);
        memcpy(out + pad, s, (size_t)len);
    }
    return r;
}

PyObject *Pyc2c_FormatIntWidth(Pyc2cInt n, int64_t packed)
{
    int zero = (int)(packed & 1);
    Py_ssize_t width = (Py_ssize_t)(packed >> 1);
    if (!Pyc2cInt_IsShort(n)) {
        PyObject *spec = PyUnicode_FromFormat("%s%zdd", zero ? "0" : "", width);
        PyObject *r = spec ? PyObject_Format(Pyc2cInt_LongObject(n), spec) : NULL;
        Py_XDECREF(spec);
        return r;
    }
    char buf[PYC2C_I64_DIGITS];
    char *p = Pyc2c_I64Digits(Pyc2cInt_ShortValue(n), buf);
    return padded_ascii(p, buf + sizeof buf - p, width, zero);
}

PyObject *Pyc2c_FormatFloatFixed(double d, int64_t packed)
{
    char buf[48];
    int n = Pyc2c_FloatFixedDigits(d, (int)(packed >> 12), buf);
    if (n > 0) {
        return padded_ascii(buf, n, (Py_ssize_t)((packed & 4095) >> 1), (int)(packed & 1));
    }
    /* format_float_internal's call for type 'f' without '#', sign or locale */
    char *s = PyOS_double_to_string(d, 'f', (int)(packed >> 12), 0, NULL);
    if (s == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *r = padded_ascii(s, (Py_ssize_t)strlen(s), (Py_ssize_t)((packed & 4095) >> 1), (int)(packed & 1));
    PyMem_Free(s);
    return r;
}

/* Copies l bytes: most f-string pieces are a few characters, where a libc memcpy call
 * costs more than the bytes. */
static inline void copy_short(Py_UCS1 *out, const Py_UCS1 *src, Py_ssize_t l)
{
    if (l > 16) {
        memcpy(out, src, (size_t)l);
    } else if (l >= 8) {   /* two overlapping words */
        uint64_t a, b;
        memcpy(&a, src, 8);
        memcpy(&b, src + l - 8, 8);
        memcpy(out, &a, 8);
        memcpy(out + l - 8, &b, 8);
    } else if (l >= 4) {
        uint32_t a, b;
        memcpy(&a, src, 4);
        memcpy(&b, src + l - 4, 4);
        memcpy(out, &a, 4);
        memcpy(out + l - 4, &b, 4);
    } else {
        for (Py_ssize_t k = 0; k < l; k++) {
            out[k] = src[k];
        }
    }
}

/* All pieces ASCII (the usual f-string, log line or key): one pass for the length, one
 * for the bytes, no max-char or kind dispatch per piece. NULL without an exception when
 * some piece is not (or not ready, before 3.12): the general join then runs. */
static PyObject *join_ascii(Py_ssize_t n, PyObject *const *items)
{
    size_t len = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
#if PY_VERSION_HEX < 0x030C0000
        if (!PyUnicode_IS_READY(items[i])) {
            return NULL;
        }
#endif
        if (!PyUnicode_IS_ASCII(items[i])) {
            return NULL;
        }
        len += (size_t)PyUnicode_GET_LENGTH(items[i]);
    }
    if (len > (size_t)PY_SSIZE_T_MAX) {
        return NULL;   /* the general join raises MemoryError */
    }
    PyObject *r = PyUnicode_New((Py_ssize_t)len, 127);
    if (r == NULL) {
        return NULL;
    }
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t l = PyUnicode_GET_LENGTH(items[i]);
        copy_short(out, PyUnicode_1BYTE_DATA(items[i]), l);
        out += l;
    }
    return r;
}

PyObject *Pyc2c_JoinStrs(Py_ssize_t n, PyObject *const *items)
{
    PyObject *ascii = join_ascii(n, items);
    if (ascii != NULL || PyErr_Occurred()) {
        return ascii;
    }
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
    if (r == NULL) {
        return NULL;
    }
    int kind = PyUnicode_KIND(r);
    char *out = PyUnicode_DATA(r);
    Py_ssize_t pos = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t l = PyUnicode_GET_LENGTH(items[i]);
        if (l == 0) {
            continue;
        }
        /* pieces of the result's width are copied as bytes (PyUnicode_CopyCharacters
         * checks and dispatches on every call: most of a short f-string's cost) */
        if (PyUnicode_KIND(items[i]) == kind) {
            memcpy(out + pos * kind, PyUnicode_DATA(items[i]), (size_t)(l * kind));
        } else if (PyUnicode_CopyCharacters(r, pos, items[i], 0, l) < 0) {
            Py_DECREF(r);
            return NULL;
        }
        pos += l;
    }
    return r;
}

/* The general join of pieces where items[i] is NULL for an int piece ints[i]: those
 * made strs first (a big int, a non-ASCII piece or many int pieces). */
static PyObject *join_made(Py_ssize_t n, PyObject *const *items, const Pyc2cInt *ints)
{
    PyObject *small[32] = {NULL}, **all = n <= 32 ? small : PyMem_Malloc(sizeof(PyObject *) * (size_t)n);
    if (all == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t made = 0;
    PyObject *r = NULL;
    for (; made < n; made++) {
        all[made] = items[made] ? (Py_INCREF(items[made]), items[made]) : Pyc2c_FormatInt(ints[made]);
        if (all[made] == NULL) {
            goto done;
        }
    }
    r = Pyc2c_JoinStrs(n, all);
done:
    for (Py_ssize_t i = 0; i < made; i++) {
        Py_DECREF(all[i]);
    }
    if (all != small) {
        PyMem_Free(all);
    }
    return r;
}

/* An f-string's pieces where an int field (items[i] NULL) is written into the result
 * as its decimal digits, with no str made for it (f"key{i}={v}"): ~150 instructions
 * less per int field past the shared small strs. All-ASCII pieces, up to 16 of them;
 * else (or for a big int) the int pieces are made strs and joined as usual. */
PyObject *Pyc2c_JoinInts(Py_ssize_t n, PyObject *const *items, const Pyc2cInt *ints)
{
    char buf[16][PYC2C_I64_DIGITS];
    const char *src[16];
    Py_ssize_t lens[16];
    size_t len = 0;
    if (n > 16) {
        return join_made(n, items, ints);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = items[i];
        if (o == NULL) {
            if (!Pyc2cInt_IsShort(ints[i])) {
                return join_made(n, items, ints);
            }
            src[i] = Pyc2c_I64Text(Pyc2cInt_ShortValue(ints[i]), buf[i], &lens[i]);
        } else {
#if PY_VERSION_HEX < 0x030C0000
            if (!PyUnicode_IS_READY(o)) {
                return join_made(n, items, ints);
            }
#endif
            if (!PyUnicode_IS_ASCII(o)) {
                return join_made(n, items, ints);
            }
            src[i] = (const char *)PyUnicode_1BYTE_DATA(o);
            lens[i] = PyUnicode_GET_LENGTH(o);
        }
        len += (size_t)lens[i];
    }
    if (len > (size_t)PY_SSIZE_T_MAX) {
        return join_made(n, items, ints);   /* its MemoryError */
    }
    PyObject *r = PyUnicode_New((Py_ssize_t)len, 127);
    if (r == NULL) {
        return NULL;
    }
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t i = 0; i < n; i++) {
        copy_short(out, (const Py_UCS1 *)src[i], lens[i]);
        out += lens[i];
    }
    return r;
}

PyObject *Pyc2c_JoinHeld(PyObject *held)
{
    return Pyc2c_JoinStrs(PyList_GET_SIZE(held), ((PyListObject *)held)->ob_item);
}
