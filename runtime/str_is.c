/* str_is.c - str.isdigit(), .isalpha() and the other character-class tests as direct C
 * calls (stdlib-shims/methods.def): each character by the Py_UNICODE_IS* tests CPython's
 * own methods use, with their rules for the empty string and for cased characters.  A
 * receiver of a str subclass calls its method by name (it may be overridden; a result
 * other than a bool is a TypeError, as other typed str methods check theirs). */
#include "pyc2c.h"

static const char *const method_names[] = {
    [PYC2C_IS_SPACE] = "isspace", [PYC2C_IS_DIGIT] = "isdigit", [PYC2C_IS_ALPHA] = "isalpha",
    [PYC2C_IS_ALNUM] = "isalnum", [PYC2C_IS_DECIMAL] = "isdecimal", [PYC2C_IS_NUMERIC] = "isnumeric",
    [PYC2C_IS_LOWER] = "islower", [PYC2C_IS_UPPER] = "isupper",
};

#define ASCII_CLASS(c) ((((c) >= 9 && (c) <= 13) || ((c) >= 28 && (c) <= 32) ? 1 : 0) \
                         | ((c) >= '0' && (c) <= '9' ? 2 : 0) \
                         | (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') ? 4 : 0))
#define ASCII_CLASS4(c) ASCII_CLASS(c), ASCII_CLASS((c) + 1), ASCII_CLASS((c) + 2), ASCII_CLASS((c) + 3)
#define ASCII_CLASS16(c) ASCII_CLASS4(c), ASCII_CLASS4((c) + 4), ASCII_CLASS4((c) + 8), ASCII_CLASS4((c) + 12)
const unsigned char Pyc2c_AsciiClass[128] = {
    ASCII_CLASS16(0), ASCII_CLASS16(16), ASCII_CLASS16(32), ASCII_CLASS16(48),
    ASCII_CLASS16(64), ASCII_CLASS16(80), ASCII_CLASS16(96), ASCII_CLASS16(112),
};

static int char_is(int what, Py_UCS4 c)
{
    switch (what) {
    case PYC2C_IS_SPACE: return Py_UNICODE_ISSPACE(c);
    case PYC2C_IS_DIGIT: return Py_UNICODE_ISDIGIT(c);
    case PYC2C_IS_ALPHA: return Py_UNICODE_ISALPHA(c);
    case PYC2C_IS_ALNUM: return Py_UNICODE_ISALNUM(c);
    case PYC2C_IS_DECIMAL: return Py_UNICODE_ISDECIMAL(c);
    default: return Py_UNICODE_ISNUMERIC(c);
    }
}

/* islower/isupper: no character of the other case or titlecase, and at least one of its own. */
static char cased_is(int what, PyObject *s, Py_ssize_t n)
{
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    char cased = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int other = what == PYC2C_IS_LOWER ? Py_UNICODE_ISUPPER(c) : Py_UNICODE_ISLOWER(c);
        if (other || Py_UNICODE_ISTITLE(c)) {
            return 0;
        }
        cased |= what == PYC2C_IS_LOWER ? Py_UNICODE_ISLOWER(c) : Py_UNICODE_ISUPPER(c);
    }
    return cased;
}

char Pyc2cStr_IsSlow(PyObject *s, int what)
{
    if (!PyUnicode_CheckExact(s)) {   /* typed str: an override must return a bool, as str's does */
        return Pyc2cStr_BoolResult(Pyc2c_CallNamed0(s, method_names[what]));
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) < 0) {   /* a legacy string from the old C API */
        return 2;
    }
#endif
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (what == PYC2C_IS_LOWER || what == PYC2C_IS_UPPER) {
        return cased_is(what, s, n);
    }
    if (PyUnicode_IS_ASCII(s)) {   /* a word, a number: one table load a character */
        const unsigned char *p = PyUnicode_1BYTE_DATA(s);
        int mask = Pyc2c_AsciiClassMask(what);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (!(Pyc2c_AsciiClass[p[i]] & mask)) {
                return 0;
            }
        }
        return n > 0;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!char_is(what, PyUnicode_READ(kind, data, i))) {
            return 0;
        }
    }
    return n > 0;
}
