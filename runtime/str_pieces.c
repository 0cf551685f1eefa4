/* str_pieces.c - short ASCII pieces cut out of strs (partition parts, split fields,
 * removeprefix) shared through a small direct-mapped table: the last piece made for
 * each slot of (length, bytes). Text that repeats - a log line's field names, a CSV
 * column's few values - is then one object whose hash is computed once, not a new str
 * to allocate, hash and free every time. A str's identity is not the language's (CPython
 * shares its own one-character and interned strs); the table holds at most SLOTS strs
 * of up to 8 characters. Not in free-threaded builds; an extension module loads in one
 * interpreter (from 3.12 it says so: Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED). */
#include "pyc2c.h"

/* 4096 slots of 16 bytes: a log's recurring values (a few thousand) mostly keep their
 * slot between uses (log_summary: 221K misses of 700K pieces at 1024 slots, 142K here,
 * 22M instructions less for 0.45M more L1 misses, all L2 hits). */
#define SLOTS 4096

typedef struct {
    uint64_t word;    /* the piece's bytes (key_of below) */
    PyObject *s;      /* a reference of the table's, or NULL; its length tells the rest */
} Slot;

static Slot table[SLOTS];

/* Module constants (Pyc2cStr_PieceSeed), one per 4 slots of the table, never replaced:
 * a miss takes the constant of its bytes when there is one. */
static Slot seeds[SLOTS / 4];

/* The bytes of a piece of 2 to 8 characters as one word: its first and last two (four)
 * bytes, overlapping, which with the length tell the piece. */
static inline uint64_t key_of(const Py_UCS1 *p, Py_ssize_t len)
{
    if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + len - 4, 4);
        return a | (uint64_t)b << 32;
    }
    uint16_t a, b;
    memcpy(&a, p, 2);
    memcpy(&b, p + len - 2, 2);
    return a | (uint64_t)b << 16;
}

static inline Slot *slot_of(uint64_t w, Py_ssize_t len)
{
    return &table[((w + (uint64_t)len) * 0x9E3779B97F4A7C15ULL) >> 52];   /* 12 bits */
}

static inline Slot *seed_of(const Slot *slot)
{
    return &seeds[(slot - table) >> 2];
}

static inline void store(Py_UCS1 *out, const Py_UCS1 *p, Py_ssize_t len)
{
    if (len >= 4) {
        memcpy(out, p, 4);
        memcpy(out + len - 4, p + len - 4, 4);
    } else {
        memcpy(out, p, 2);
        memcpy(out + len - 2, p + len - 2, 2);
    }
}

/* A miss: the module's constant of these bytes (seeds below) or a new str takes the
 * slot. Out of line, so that a hit saves and restores no registers. */
static PYC2C_NOINLINE PyObject *piece_miss(Slot *slot, const Py_UCS1 *p, Py_ssize_t len, uint64_t w)
{
    Slot *seed = seed_of(slot);
    PyObject *r = seed->s;
    if (r != NULL && seed->word == w && PyUnicode_GET_LENGTH(r) == len) {
        Py_INCREF(r);
    } else {
        r = PyUnicode_New(len, 127);
        if (r == NULL) {
            return NULL;
        }
        store(PyUnicode_1BYTE_DATA(r), p, len);
    }
    Py_INCREF(r);
    PyObject *old = slot->s;
    slot->s = r;
    slot->word = w;
    Py_XDECREF(old);   /* an exact str: freeing it runs no code */
    return r;
}

/* The shared str of ASCII bytes p[0:len], 2 <= len <= 8: the table's when its slot
 * holds these bytes, else a new one that takes the slot. */
static inline PyObject *piece_of(const Py_UCS1 *p, Py_ssize_t len)
{
    uint64_t w = key_of(p, len);
    Slot *slot = slot_of(w, len);
    PyObject *s = slot->s;
    if (PYC2C_LIKELY(s != NULL && slot->word == w && PyUnicode_GET_LENGTH(s) == len)) {
        Py_INCREF(s);
        return s;
    }
    return piece_miss(slot, p, len, w);
}

/* A module's str constant s (interned) of 2 to 8 ASCII characters becomes its seed slot's
 * unless another constant has it: a piece cut out of text (`key` of `key=value`, a split
 * field) equal to it is then s itself when its slot misses, whose hash is known and which
 * a dict keyed by the constant finds by identity. CPython gives an equal str, not always
 * this one; which of equal strs a piece is, is CPython's choice too (its one-character
 * strs and interned names are shared). */
void Pyc2cStr_PieceSeed(PyObject *s)
{
#ifndef Py_GIL_DISABLED
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s)) {
        return;
    }
#endif
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (!PyUnicode_CheckExact(s) || !PyUnicode_IS_ASCII(s) || len < 2 || len > 8) {
        return;
    }
    const Py_UCS1 *p = PyUnicode_1BYTE_DATA(s);
    uint64_t w = key_of(p, len);
    Slot *seed = seed_of(slot_of(w, len));
    if (seed->s == NULL) {
        Py_INCREF(s);
        seed->s = s;
        seed->word = w;
    }
#else
    (void)s;
#endif
}

PyObject *Pyc2cStr_PieceBytes(const Py_UCS1 *p, Py_ssize_t len)
{
#ifdef Py_GIL_DISABLED
    return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, p, len);
#endif
    return piece_of(p, len);
}

/* A new str of ASCII p[0:len]: ~60 instructions less than PyUnicode_Substring's checks.
 * Out of line, as piece_miss. */
static PYC2C_NOINLINE PyObject *copy_ascii(const Py_UCS1 *p, Py_ssize_t len)
{
    PyObject *r = PyUnicode_New(len, 127);
    if (r != NULL) {
        memcpy(PyUnicode_1BYTE_DATA(r), p, (size_t)len);
    }
    return r;
}

PyObject *Pyc2cStr_Piece(PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t len = end - start;
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s)) {
        return PyUnicode_Substring(s, start, end);
    }
#endif
#ifdef Py_GIL_DISABLED
    return PyUnicode_Substring(s, start, end);
#endif
    if (len == PyUnicode_GET_LENGTH(s) && PyUnicode_CheckExact(s)) {
        Py_INCREF(s);   /* s itself, as PyUnicode_Substring gives it */
        return s;
    }
    if (len < 2 || !PyUnicode_IS_ASCII(s) || len == PyUnicode_GET_LENGTH(s)) {
        return PyUnicode_Substring(s, start, end);   /* "", one character, a subclass's copy: CPython's own */
    }
    if (len > 8) {
        return copy_ascii(PyUnicode_1BYTE_DATA(s) + start, len);
    }
    return piece_of(PyUnicode_1BYTE_DATA(s) + start, len);
}

/* ---- s.split(), s.split(c) of an ASCII s (c one ASCII character): its pieces as above.
 * rsplit without maxsplit cuts the same pieces. Counted first, so the list is made at
 * its size; a piece that is all of s is s itself, as CPython's split gives. ---- */

/* str.isspace() of the ASCII characters: \t \n \v \f \r, \x1c to \x1f, space. */
static const unsigned char SPACE[128] = {
    [9] = 1, [10] = 1, [11] = 1, [12] = 1, [13] = 1, [28] = 1, [29] = 1, [30] = 1, [31] = 1, [32] = 1,
};

#define FEW 32   /* pieces remembered in one pass; more: counted first */

#define WORD_ONES 0x0101010101010101ULL

/* The index of the first whitespace character in the ASCII data[j:len], or len. Eight
 * bytes at a time: in a word of ASCII bytes, (x - 0x21..) & ~x & 0x80.. flags the bytes
 * below 0x21, exactly at the lowest flag (a borrow only reaches the bytes above it), so
 * on a little-endian machine the first candidate is found without a byte loop; a
 * candidate that is no whitespace (\x00 to \x08, \x0e to \x1b) goes on after it. */
static inline Py_ssize_t space_from(const Py_UCS1 *data, Py_ssize_t j, Py_ssize_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (j + 8 <= len) {
        uint64_t x;
        memcpy(&x, data + j, 8);
        uint64_t low = (x - 0x21 * WORD_ONES) & ~x & (0x80 * WORD_ONES);
        if (low == 0) {
            j += 8;
            continue;
        }
        j += __builtin_ctzll(low) >> 3;
        if (SPACE[data[j]]) {
            return j;
        }
        j++;
    }
#endif
    while (j < len && !SPACE[data[j]]) {
        j++;
    }
    return j;
}

/* The next piece of data[*i:len] (sep: the character, -1: runs of whitespace): 1 with
 * [*start, *end) set and *i past it, 0 when there is none. *i is len + 1 after the last. */
static inline int next_piece(const Py_UCS1 *data, Py_ssize_t len, int sep, Py_ssize_t *i,
                             Py_ssize_t *start, Py_ssize_t *end)
{
    Py_ssize_t k = *i;
    if (sep < 0) {
        while (k < len && SPACE[data[k]]) {
            k++;
        }
        if (k >= len) {
            return 0;
        }
        Py_ssize_t j = space_from(data, k + 1, len);
        *start = k;
        *end = j;
        *i = j;
        return 1;
    }
    if (k > len) {
        return 0;
    }
    const Py_UCS1 *hit = memchr(data + k, sep, (size_t)(len - k));
    Py_ssize_t j = hit ? hit - data : len;
    *start = k;
    *end = j;
    *i = j + 1;
    return 1;
}

static PyObject *fill(PyObject *list, PyObject *s, const Py_UCS1 *data, Py_ssize_t len, int sep)
{
    Py_ssize_t i = 0, a, b;
    for (Py_ssize_t n = 0; next_piece(data, len, sep, &i, &a, &b); n++) {
        PyObject *piece = Pyc2cStr_Piece(s, a, b);
        if (piece == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, n, piece);
    }
    return list;
}

int Pyc2cStr_SplitsAscii(PyObject *s, PyObject *sep)
{
#if PY_VERSION_HEX < 0x030C0000
    if (!PyUnicode_IS_READY(s) || (sep != NULL && !PyUnicode_IS_READY(sep))) {
        return 0;
    }
#endif
    return PyUnicode_IS_ASCII(s) &&
           (sep == NULL || (PyUnicode_CheckExact(sep) && PyUnicode_IS_ASCII(sep) && PyUnicode_GET_LENGTH(sep) == 1));
}

PyObject *Pyc2cStr_SplitAscii(PyObject *s, PyObject *sep)
{
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), i = 0, n = 0, a, b;
    int c = sep != NULL ? PyUnicode_1BYTE_DATA(sep)[0] : -1;
    Py_ssize_t at[FEW][2];
    while (n < FEW && next_piece(data, len, c, &i, &a, &b)) {
        at[n][0] = a;
        at[n++][1] = b;
    }
    if (n == FEW && next_piece(data, len, c, &i, &a, &b)) {
        for (n = FEW + 1; next_piece(data, len, c, &i, &a, &b);) {
            n++;
        }
        PyObject *list = PyList_New(n);
        return list ? fill(list, s, data, len, c) : NULL;
    }
    PyObject *list = PyList_New(n);
    for (Py_ssize_t k = 0; list != NULL && k < n; k++) {
        PyObject *piece = Pyc2cStr_Piece(s, at[k][0], at[k][1]);
        if (piece == NULL) {
            Py_CLEAR(list);
        } else {
            PyList_SET_ITEM(list, k, piece);
        }
    }
    return list;
}

/* ---- `a, b, c = s.split()` / `s.split(sep)` without the list (ir/build_split_n.c): a
 * cursor walks the parts of an exact ASCII s (sep NULL for whitespace, else one ASCII
 * character), each part cut where it is found, the count checked on the way: the part
 * the cursor finds, -1 when there is none (too few parts), and the last part also -1
 * when another follows (too many). Then the generated code takes Pyc2cStr_SplitRaise,
 * the parts made so far released: nothing but the unpacking's error was to be seen.
 * Spans pack start | end << 32: Pyc2cStr_SplitBegin refuses longer strs. ---- */

int64_t Pyc2cStr_SplitBegin(PyObject *s, PyObject *sep)
{
    if (!PyUnicode_CheckExact(s) || !Pyc2cStr_SplitsAscii(s, sep) || PyUnicode_GET_LENGTH(s) > INT32_MAX) {
        return -2;
    }
    return 0;
}

static inline int64_t span_of(Py_ssize_t start, Py_ssize_t end)
{
    return (int64_t)start | (int64_t)end << 32;
}

int64_t Pyc2cStr_SplitSpan(PyObject *s, PyObject *sep, int64_t at, int last)
{
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), k = (Py_ssize_t)at;
    if (k > len) {
        return -1;   /* the part before ended s */
    }
    const Py_UCS1 *hit = k < len ? memchr(data + k, PyUnicode_1BYTE_DATA(sep)[0], (size_t)(len - k)) : NULL;
    if (hit && last) {
        return -1;
    }
    return span_of(k, hit ? hit - data : len);
}

int64_t Pyc2cStr_SplitSpanWs(PyObject *s, int64_t at, int last)
{
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), k = (Py_ssize_t)at;
    while (k < len && SPACE[data[k]]) {
        k++;
    }
    if (k >= len) {
        return -1;
    }
    Py_ssize_t j = space_from(data, k + 1, len);
    if (last) {
        Py_ssize_t t = j;
        while (t < len && SPACE[data[t]]) {
            t++;
        }
        if (t < len) {
            return -1;
        }
    }
    return span_of(k, j);
}

PyObject *Pyc2cStr_SpanPiece(PyObject *s, int64_t span)
{
    Py_ssize_t start = (Py_ssize_t)(span & 0xFFFFFFFF), len = (Py_ssize_t)(span >> 32) - start;
#ifndef Py_GIL_DISABLED
    if (len >= 2 && len <= 8) {
        return piece_of(PyUnicode_1BYTE_DATA(s) + start, len);   /* s is ASCII */
    }
#endif
    return Pyc2cStr_Piece(s, start, start + len);
}

char Pyc2cStr_SplitRaise(PyObject *s, PyObject *sep, int64_t n)
{
    PyObject *parts = PyUnicode_Split(s, sep, -1);
    PyObject *t = parts ? Pyc2c_Unpack(parts, n) : NULL;
    Py_XDECREF(parts);
    if (t != NULL) {
        Py_DECREF(t);
        PyErr_SetString(PyExc_SystemError, "pyc2c: split counted its parts wrong");
    }
    return 2;
}

/* ---- s.splitlines() of an ASCII s: CPython's line breaks among the ASCII characters
 * are \n, \r (\r\n one break), \v, \f and \x1c to \x1e, all below 0x1f, so eight bytes
 * at a time are tested for any byte below 0x1f and only such words byte by byte.
 * Lines of 2-8 characters are pieces as above; a line that is all of s is s itself. ---- */

static const unsigned char LINEBREAK[32] = {
    [10] = 1, [11] = 1, [12] = 1, [13] = 1, [28] = 1, [29] = 1, [30] = 1,
};

#define ONES 0x0101010101010101ULL

/* The index of the first line break in data[i:len], or len. */
static Py_ssize_t next_break(const Py_UCS1 *data, Py_ssize_t i, Py_ssize_t len)
{
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, data + i, 8);
        if ((x - 0x1F * ONES) & ~x & (0x80 * ONES)) {   /* some byte < 0x1f (all < 0x80) */
            break;
        }
    }
    for (; i < len; i++) {
        if (data[i] < 32 && LINEBREAK[data[i]]) {
            return i;
        }
    }
    return len;
}

PyObject *Pyc2cStr_SplitlinesAscii(PyObject *s)
{
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), i = 0;
    PyObject *list = PyList_New(0);
    while (list != NULL && i < len) {
        Py_ssize_t j = next_break(data, i, len);
        PyObject *line = j == len && i == 0 ? (Py_INCREF(s), s) : Pyc2cStr_Piece(s, i, j);
        if (line == NULL || PyList_Append(list, line) < 0) {
            Py_CLEAR(list);
        }
        Py_XDECREF(line);
        i = j + 1 + (j + 1 < len && data[j] == '\r' && data[j + 1] == '\n');
    }
    return list;
}
