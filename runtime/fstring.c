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
        Pyc2cFmt_Copy(out, PyUnicode_1BYTE_DATA(items[i]), l);
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

/* ---- f-strings joined from their pieces (emit_op.c emit_format) ----
 *
 * The generated code writes an f-string whose values are all ASCII strs, short ints and
 * floats with short digits straight into one ASCII str (exprs.h Pyc2cFmt_*); any other
 * takes Pyc2c_Format. */

const uint64_t Pyc2c_Pow10[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL};

const char Pyc2c_DigitPairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void Pyc2cFmt_Pad(Py_UCS1 *from, Py_UCS1 *to, int zero, int neg)
{
    if (zero) {
        if (neg) {
            *from++ = '-';
        }
        memset(from, '0', (size_t)(to - from));
        return;
    }
    if (neg) {
        *--to = '-';
    }
    memset(from, ' ', (size_t)(to - from));
}

/* Each number made a str (fstr_int, fstr_int_width, fstr_float and fstr_float_fixed's
 * own functions: a big int's str honours the int digit limit, a float's repr may have
 * an exponent), then every piece written at the result's kind. */
PyObject *Pyc2c_Format(const Pyc2cFmtPart *parts, int n, const Pyc2cFmtValue *vals)
{
    PyObject *small[32], **strs = n <= 32 ? small : PyMem_Malloc(sizeof(PyObject *) * (size_t)n);
    if (strs == NULL) {
        return PyErr_NoMemory();
    }
    int made = 0;
    size_t len = 0;
    Py_UCS4 maxchar = 127;
    PyObject *r = NULL;
    for (; made < n; made++) {
        const Pyc2cFmtPart *p = &parts[made];
        PyObject *s = NULL;
        if (p->text) {
            strs[made] = NULL;
            len += (size_t)p->len;
            continue;
        }
        const Pyc2cFmtValue *v = vals++;
        switch (p->len) {
        case PYC2C_FMT_STR: s = v->o; Py_INCREF(s); break;
        case PYC2C_FMT_INT: s = Pyc2c_FormatInt(v->i); break;
        case PYC2C_FMT_INT_SPEC: s = Pyc2c_FormatIntWidth(v->i, vals++->spec); break;
        case PYC2C_FMT_FLOAT: s = Pyc2c_FormatFloat(v->d); break;
        default: s = Pyc2c_FormatFloatFixed(v->d, vals++->spec); break;
        }
        strs[made] = s;
        if (s == NULL) {
            goto done;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(s) < 0) {
            made++;
            goto done;
        }
#endif
        len += (size_t)PyUnicode_GET_LENGTH(s);
        maxchar = PyUnicode_MAX_CHAR_VALUE(s) > maxchar ? PyUnicode_MAX_CHAR_VALUE(s) : maxchar;
    }
    if (len > (size_t)PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "join() result is too long for a Python string");
        goto done;
    }
    r = PyUnicode_New((Py_ssize_t)len, maxchar);
    if (r == NULL) {
        goto done;
    }
    int kind = PyUnicode_KIND(r);
    void *data = PyUnicode_DATA(r);
    Py_ssize_t pos = 0;
    for (int i = 0; i < n; i++) {
        PyObject *s = strs[i];
        if (s == NULL) {
            for (int32_t k = 0; k < parts[i].len; k++) {
                PyUnicode_WRITE(kind, data, pos + k, (Py_UCS1)parts[i].text[k]);
            }
            pos += parts[i].len;
            continue;
        }
        Py_ssize_t l = PyUnicode_GET_LENGTH(s);
        if (PyUnicode_KIND(s) == kind) {
            memcpy((char *)data + pos * kind, PyUnicode_DATA(s), (size_t)(l * kind));
        } else if (PyUnicode_CopyCharacters(r, pos, s, 0, l) < 0) {
            Py_CLEAR(r);
            goto done;
        }
        pos += l;
    }
done:
    for (int i = 0; i < made; i++) {
        Py_XDECREF(strs[i]);
    }
    if (strs != small) {
        PyMem_Free(strs);
    }
    return r;
}

PyObject *Pyc2c_JoinHeld(PyObject *held)
{
    return Pyc2c_JoinStrs(PyList_GET_SIZE(held), ((PyListObject *)held)->ob_item);
}
