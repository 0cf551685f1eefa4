/* str_args.c - str methods with arguments as direct C calls (stdlib-shims/methods.def):
 * strip() and strip(chars), split(sep, maxsplit), startswith(tuple), rfind(sub). A str subclass
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

/* Is c one of the n one-byte characters of set? (A few, as strip's arguments are.) */
static inline int in_ucs1(Py_UCS1 c, const Py_UCS1 *set, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++) {
        if (set[k] == c) {
            return 1;
        }
    }
    return 0;
}

/* strip(chars) where s and chars are both one-byte strs: the loops of in_chars without
 * reading each character through its kind. */
static PyObject *strip_ucs1(PyObject *s, const Py_UCS1 *data, Py_ssize_t len, const Py_UCS1 *set,
                            Py_ssize_t n, int how)
{
    Py_ssize_t i = 0, j = len;
    if (how & 1) {
        while (i < len && in_ucs1(data[i], set, n)) {
            i++;
        }
    }
    if (how & 2) {
        while (j > i && in_ucs1(data[j - 1], set, n)) {
            j--;
        }
    }
    return Pyc2cStr_Piece(s, i, j);
}

/* 0, or -1 with the error when a legacy string of the old C API (before 3.12) cannot be
 * made ready: its kind, data and length are read directly below. */
static int ready(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    return PyUnicode_READY(s);
#else
    (void)s;
    return 0;
#endif
}

/* s.strip(chars) (how 3), lstrip (1), rstrip (2): the same str when nothing goes. */
PyObject *Pyc2cStr_StripChars(PyObject *s, PyObject *chars, int how)
{
    static const char *const names[] = {NULL, "lstrip", "rstrip", "strip"};
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_Method1(s, names[how], chars);
    }
    if (ready(s) < 0 || ready(chars) < 0) {
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), n = PyUnicode_GET_LENGTH(chars), i = 0, j = len;
    int kind = PyUnicode_KIND(s), ckind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(s), *cdata = PyUnicode_DATA(chars);
    if (kind == PyUnicode_1BYTE_KIND && ckind == PyUnicode_1BYTE_KIND) {
        return strip_ucs1(s, data, len, cdata, n, how);
    }
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
    return Pyc2cStr_Piece(s, i, j);
}

/* s.strip() (how 3), lstrip() (1), rstrip() (2): whitespace as str.isspace() sees it
 * (Py_UNICODE_ISSPACE, as CPython's own strip); the same str when nothing goes. */
PyObject *Pyc2cStr_StripSpace(PyObject *s, int how)
{
    static const char *const names[] = {NULL, "lstrip", "rstrip", "strip"};
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_Method(s, names[how]);
    }
    if (ready(s) < 0) {
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), i = 0, j = len;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (how & 1) {
        while (i < len && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            i++;
        }
    }
    if (how & 2) {
        while (j > i && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1))) {
            j--;
        }
    }
    return Pyc2cStr_Piece(s, i, j);
}

/* The object a str method called by name returned, checked to be of the kind its row
 * promises (a list, a 3-tuple of strs), as a typed read is. */
static PyObject *checked(PyObject *r, int want_list)
{
    int ok = r == NULL || (want_list ? PyList_Check(r) : PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 3);
    for (Py_ssize_t i = 0; ok && r != NULL && !want_list && i < 3; i++) {
        ok = PyUnicode_Check(PyTuple_GET_ITEM(r, i));
    }
    if (!ok) {
        Pyc2c_TypeError(want_list ? "list" : "tuple[str, str, str]", r);
        Py_DECREF(r);
        return NULL;
    }
    return r;
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
        return checked(r, 1);
    }
    Py_ssize_t ms = m < 0 ? -1 : (Py_ssize_t)m;
    return right ? PyUnicode_RSplit(s, sep, ms) : PyUnicode_Split(s, sep, ms);
}

/* s.startswith(prefixes) (direction -1), s.endswith(suffixes) (1): a tuple of strs. */
char Pyc2cStr_MatchAny(PyObject *s, PyObject *affixes, int direction)
{
    if (!PyUnicode_CheckExact(s) || !PyTuple_CheckExact(affixes)) {
        return Pyc2cStr_BoolResult(Pyc2c_CallNamed1(s, direction < 0 ? "startswith" : "endswith", affixes));
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

/* ---- methods whose exact-str form is one C API call; a subclass's goes by name ---- */

/* s.split() (sep NULL) or s.split(sep) (right: rsplit) */
PyObject *Pyc2cStr_Split(PyObject *s, PyObject *sep, int right)
{
    if (!PyUnicode_CheckExact(s)) {
        const char *name = right ? "rsplit" : "split";
        return checked(sep ? Pyc2c_CallNamed1(s, name, sep) : Pyc2c_CallNamed0(s, name), 1);
    }
    if (Pyc2cStr_SplitsAscii(s, sep)) {
        return Pyc2cStr_SplitAscii(s, sep);   /* rsplit without maxsplit cuts the same */
    }
    return right ? PyUnicode_RSplit(s, sep, -1) : PyUnicode_Split(s, sep, -1);
}

/* s.join(items) */
PyObject *Pyc2cStr_Join(PyObject *s, PyObject *items)
{
    return PyUnicode_CheckExact(s) ? PyUnicode_Join(s, items) : Pyc2cStr_Method1(s, "join", items);
}

/* s.replace(old, new) */
/* s.replace(c, d) of one-byte c and d in ASCII s: s itself when c is absent (as
 * CPython's exact str), else a copy with each c made d, without replace()'s general
 * machinery; NULL with no exception when the case is not that. */
static PyObject *replace_char(PyObject *s, PyObject *old, PyObject *new_)
{
    if (!PyUnicode_Check(old) || !PyUnicode_Check(new_) || ready(s) < 0 || ready(old) < 0 || ready(new_) < 0) {
        PyErr_Clear();
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(s) || PyUnicode_GET_LENGTH(old) != 1 || PyUnicode_GET_LENGTH(new_) != 1 ||
        !PyUnicode_IS_ASCII(old) || !PyUnicode_IS_ASCII(new_)) {
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    Py_UCS1 c = PyUnicode_1BYTE_DATA(old)[0], d = PyUnicode_1BYTE_DATA(new_)[0];
    const Py_UCS1 *hit = memchr(data, c, (size_t)len);
    if (hit == NULL) {
        Py_INCREF(s);
        return s;
    }
    PyObject *r = PyUnicode_New(len, 127);
    if (r == NULL) {
        return NULL;
    }
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(r);
    memcpy(out, data, (size_t)len);
    for (Py_ssize_t i = hit - data; i < len; i++) {
        out[i] = out[i] == c ? d : out[i];
    }
    return r;
}

PyObject *Pyc2cStr_Replace(PyObject *s, PyObject *old, PyObject *new_)
{
    if (PyUnicode_CheckExact(s)) {
        PyObject *r = replace_char(s, old, new_);
        if (r != NULL || PyErr_Occurred()) {
            return r;
        }
    }
    return PyUnicode_CheckExact(s) ? PyUnicode_Replace(s, old, new_, -1) : Pyc2cStr_Method2(s, "replace", old, new_);
}

/* s.splitlines() */
PyObject *Pyc2cStr_Splitlines(PyObject *s)
{
    if (!PyUnicode_CheckExact(s)) {
        return checked(Pyc2c_CallNamed0(s, "splitlines"), 1);
    }
    if (ready(s) < 0) {
        return NULL;
    }
    return PyUnicode_IS_ASCII(s) ? Pyc2cStr_SplitlinesAscii(s) : PyUnicode_Splitlines(s, 0);
}

/* s.partition(sep) (right 0), s.rpartition(sep) (1) */
PyObject *Pyc2cStr_Partition(PyObject *s, PyObject *sep, int right)
{
    if (!PyUnicode_CheckExact(s)) {
        return checked(Pyc2c_CallNamed1(s, right ? "rpartition" : "partition", sep), 0);
    }
    return right ? PyUnicode_RPartition(s, sep) : PyUnicode_Partition(s, sep);
}

/* `head, sep, tail = s.partition(sep)` taken apart without the tuple (ir/build_idioms.c):
 * where sep is in s (an exact str) its index, -1 when it is absent, -2 when s is not an
 * exact str (its own method is called by name instead); PYC2C_I64_ERROR with
 * CPython's ValueError for an empty separator. right: rpartition, the last one. */
int64_t Pyc2cStr_PartitionAt(PyObject *s, PyObject *sep, int right)
{
    if (!PyUnicode_CheckExact(s)) {
        return -2;
    }
    if (ready(s) < 0 || ready(sep) < 0) {
        return PYC2C_I64_ERROR;
    }
    if (PyUnicode_GET_LENGTH(sep) == 0) {
        PyErr_SetString(PyExc_ValueError, "empty separator");
        return PYC2C_I64_ERROR;
    }
    if (PyUnicode_GET_LENGTH(sep) == 1 && PyUnicode_IS_ASCII(s) && PyUnicode_IS_ASCII(sep)) {
        /* one ASCII character in ASCII text (`key=value`, a space): a byte search */
        const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
        Py_UCS1 c = PyUnicode_1BYTE_DATA(sep)[0];
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        if (right) {
            while (len > 0 && data[len - 1] != c) {
                len--;
            }
            return len - 1;
        }
        const Py_UCS1 *hit = memchr(data, c, (size_t)len);
        return hit ? (int64_t)(hit - data) : -1;
    }
    Py_ssize_t r = PyUnicode_Find(s, sep, 0, PY_SSIZE_T_MAX, right ? -1 : 1);
    return r == -2 ? PYC2C_I64_ERROR : (int64_t)r;
}

/* Part `how % 3` (head, sep, tail) of that partition (how / 3: rpartition) as CPython's
 * tuple holds it: the separator object itself, s itself where nothing was cut off. */
PyObject *Pyc2cStr_PartitionPart(PyObject *s, PyObject *sep, int64_t at, int64_t how)
{
    int part = (int)(how % 3), right = how >= 3;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (at < 0) {
        PyObject *r = part != 1 && (part == 0) != right ? s : NULL;
        return r ? (Py_INCREF(r), r) : PyUnicode_FromStringAndSize(NULL, 0);
    }
    if (part == 1) {
        Py_INCREF(sep);
        return sep;
    }
    return part == 0 ? Pyc2cStr_Piece(s, 0, (Py_ssize_t)at)
                     : Pyc2cStr_Piece(s, (Py_ssize_t)at + PyUnicode_GET_LENGTH(sep), len);
}

/* s.removeprefix(affix) (direction -1), s.removesuffix(affix) (1): s itself when it
 * does not start (end) with affix, as CPython returns an exact str unchanged. */
PyObject *Pyc2cStr_RemoveAffix(PyObject *s, PyObject *affix, int direction)
{
    if (!PyUnicode_CheckExact(s) || !PyUnicode_Check(affix)) {
        return Pyc2cStr_Method1(s, direction < 0 ? "removeprefix" : "removesuffix", affix);
    }
    Py_ssize_t m = PyUnicode_Tailmatch(s, affix, 0, PY_SSIZE_T_MAX, direction);
    if (m < 0) {
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), n = PyUnicode_GET_LENGTH(affix);
    if (m == 0 || n == 0) {
        Py_INCREF(s);
        return s;
    }
    return direction < 0 ? Pyc2cStr_Piece(s, n, len) : Pyc2cStr_Piece(s, 0, len - n);
}

/* s.index(sub) (direction 1), s.rindex(sub) (-1): ValueError when it is not there. */
Pyc2cInt Pyc2cStr_Index(PyObject *s, PyObject *sub, int direction)
{
    if (!PyUnicode_CheckExact(s)) {
        return Pyc2cStr_IntResult(Pyc2c_CallNamed1(s, direction > 0 ? "index" : "rindex", sub));
    }
    Py_ssize_t r = PyUnicode_Find(s, sub, 0, PY_SSIZE_T_MAX, direction);
    if (r == -1) {
        PyErr_SetString(PyExc_ValueError, "substring not found");
    }
    return r < 0 ? PYC2C_INT_ERROR : Pyc2cInt_FromShort((int64_t)r);
}

/* s.zfill(width), s.ljust(width), s.rjust(width), s.center(width): the method called
 * with the width boxed (the padding is the method's own work). */
PyObject *Pyc2cStr_MethodWidth(PyObject *s, const char *name, Pyc2cInt width)
{
    PyObject *w = Pyc2cInt_Box(width);
    if (w == NULL) {
        return NULL;
    }
    PyObject *r = Pyc2cStr_Method1(s, name, w);
    Py_DECREF(w);
    return r;
}

/* ---- find(sub, start) and count(sub) of a non-empty sub in a one-byte str: memchr for
 * sub's first character, memcmp for the rest (the general search's setup costs ~150
 * instructions, more than a short line's whole scan) ---- */

/* The first index >= i of sub (n >= 1 bytes) in d[0:len], or -1. */
static Py_ssize_t scan_from(const Py_UCS1 *d, Py_ssize_t len, const Py_UCS1 *sub, Py_ssize_t n, Py_ssize_t i)
{
    while (i <= len - n) {
        const Py_UCS1 *p = memchr(d + i, sub[0], (size_t)(len - n + 1 - i));
        if (p == NULL) {
            return -1;
        }
        if (memcmp(p + 1, sub + 1, (size_t)(n - 1)) == 0) {
            return p - d;
        }
        i = p - d + 1;
    }
    return -1;
}

/* s.find(sub, start) (count 0) or s.count(sub) (count 1) of an exact str s; -3 when s or
 * sub is not a ready one-byte str or sub is empty (the caller asks CPython). */
Py_ssize_t Pyc2cStr_ScanUcs1(PyObject *s, PyObject *sub, Py_ssize_t start, int count)
{
    if (!PyUnicode_Check(sub)) {
        return -3;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s) || !PyUnicode_IS_READY(sub)) {
        return -3;
    }
#endif
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), n = PyUnicode_GET_LENGTH(sub);
    if (n == 0 || PyUnicode_KIND(s) != PyUnicode_1BYTE_KIND || PyUnicode_KIND(sub) != PyUnicode_1BYTE_KIND) {
        return -3;
    }
    const Py_UCS1 *d = PyUnicode_1BYTE_DATA(s), *t = PyUnicode_1BYTE_DATA(sub);
    if (!count) {
        start = start < 0 ? (start + len < 0 ? 0 : start + len) : start;   /* as a slice's start */
        return start > len ? -1 : scan_from(d, len, t, n, start);
    }
    Py_ssize_t found = 0;
    for (Py_ssize_t i = scan_from(d, len, t, n, 0); i >= 0; i = scan_from(d, len, t, n, i + n)) {
        found++;
    }
    return found;
}

/* PyUnicode_Find of sep in s[start:end] (direction 1: the first, -1: the last); a
 * one-character sep directly (memchr on one-byte strings: ~30 instructions where
 * the general search's setup takes ~190), or by PyUnicode_FindChar. */
static Py_ssize_t find_in(PyObject *s, PyObject *sep, Py_ssize_t start, Py_ssize_t end, int direction)
{
    if (PyUnicode_GET_LENGTH(sep) == 1 && PyUnicode_KIND(s) == PyUnicode_1BYTE_KIND &&
        PyUnicode_KIND(sep) == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = PyUnicode_1BYTE_DATA(s), c = PyUnicode_1BYTE_DATA(sep)[0];
        if (direction > 0) {
            const Py_UCS1 *p = start < end ? memchr(d + start, c, (size_t)(end - start)) : NULL;
            return p ? p - d : -1;
        }
        for (Py_ssize_t i = end - 1; i >= start; i--) {
            if (d[i] == c) {
                return i;
            }
        }
        return -1;
    }
    if (PyUnicode_GET_LENGTH(sep) == 1) {
        return PyUnicode_FindChar(s, PyUnicode_READ_CHAR(sep, 0), start, end, direction);
    }
    return PyUnicode_Find(s, sep, start, end, direction);
}

/* `a, b = s.split(sep)` taken apart without the list (ir/build_split_pair.c). how: 0
 * split(sep), 1 split(sep, 1), 2 rsplit(sep), 3 rsplit(sep, 1). Where s (an exact str)
 * is cut: the index of the separator that makes exactly two parts. -2 (the call and
 * CPython's unpacking instead, with their errors) when s or sep is not an exact str,
 * sep is empty, or s does not split in exactly two. Without maxsplit the other side of
 * the cut must hold no separator (counted from the left for split, from the right for
 * rsplit, as CPython's non-overlapping scan counts). */
int64_t Pyc2cStr_SplitAt(PyObject *s, PyObject *sep, int how)
{
    if (!PyUnicode_CheckExact(s) || !PyUnicode_CheckExact(sep)) {
        return -2;
    }
    if (ready(s) < 0 || ready(sep) < 0) {
        return PYC2C_I64_ERROR;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), n = PyUnicode_GET_LENGTH(sep);
    if (n == 0) {
        return -2;
    }
    int right = how >= 2, one = how & 1;
    Py_ssize_t at = find_in(s, sep, 0, len, right ? -1 : 1);
    if (at < 0 || one) {
        return at == -1 ? -2 : at == -2 ? PYC2C_I64_ERROR : (int64_t)at;
    }
    Py_ssize_t more = right ? find_in(s, sep, 0, at, 1) : find_in(s, sep, at + n, len, 1);
    return more == -1 ? (int64_t)at : more == -2 ? PYC2C_I64_ERROR : -2;
}

/* Part `part` (0: before the cut, 1: after it) of that split, as CPython's list holds it:
 * a piece (str_pieces.c). */
PyObject *Pyc2cStr_SplitPart(PyObject *s, PyObject *sep, int64_t at, int64_t part)
{
    if (part == 0) {
        return Pyc2cStr_Piece(s, 0, (Py_ssize_t)at);
    }
    return Pyc2cStr_Piece(s, (Py_ssize_t)at + PyUnicode_GET_LENGTH(sep), PyUnicode_GET_LENGTH(s));
}
