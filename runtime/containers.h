/* containers.h - typed list/tuple/str/dict/set fast paths (list.c, str.c, dict.c have the slow
 * paths). Receivers are known by their static type to be of the class named; indices
 * are tagged ints. Included from pyc2c.h. */
#ifndef PYC2C_CONTAINERS_H
#define PYC2C_CONTAINERS_H
#if PY_VERSION_HEX < 0x030B0000
#include <longintrepr.h>   /* ob_digit: Python.h includes it itself from 3.11 */
#endif

/* ---- small ints: boxing -5..256 without a call (CPython caches these objects) ---- */
#define PYC2C_SMALL_MIN (-5)
#define PYC2C_SMALL_MAX 256
extern PyObject *pyc2c_small_ints[PYC2C_SMALL_MAX - PYC2C_SMALL_MIN + 1];
PyObject *Pyc2cInt_BoxSmallSlow(int64_t v);

static inline PyObject *Pyc2cInt_BoxShort(int64_t v)
{
    if ((uint64_t)(v - PYC2C_SMALL_MIN) <= (uint64_t)(PYC2C_SMALL_MAX - PYC2C_SMALL_MIN)) {
        PyObject *o = pyc2c_small_ints[v - PYC2C_SMALL_MIN];
        if (PYC2C_LIKELY(o != NULL)) {
            Py_INCREF(o);
            return o;
        }
        return Pyc2cInt_BoxSmallSlow(v);
    }
    return PyLong_FromLongLong(v);
}

static inline PyObject *Pyc2c_BoolBox(char v)
{
    PyObject *o = v ? Py_True : Py_False;
    Py_INCREF(o);
    return o;
}

/* A PyLong whose value fits one digit, read without a call; else the general unbox. */
static inline Pyc2cInt Pyc2cInt_UnboxFast(PyObject *o)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (PYC2C_LIKELY(PyLong_CheckExact(o) && _PyLong_IsCompact((PyLongObject *)o))) {
        return Pyc2cInt_FromShort((int64_t)_PyLong_CompactValue((PyLongObject *)o));
    }
#else
    if (PYC2C_LIKELY(PyLong_CheckExact(o))) {
        Py_ssize_t size = Py_SIZE(o);
        if (size == 0) {
            return Pyc2cInt_FromShort(0);
        }
        if (size == 1 || size == -1) {
            int64_t d = (int64_t)((PyLongObject *)o)->ob_digit[0];
            return Pyc2cInt_FromShort(size < 0 ? -d : d);
        }
    }
#endif
    return Pyc2cInt_Unbox(o);
}

/* The value of o, known to be an exact int (a loop body's copy for exact ints,
 * ir/build_stmt.c): a one-digit value inline at every site, cannot fail. */
PYC2C_INLINE Pyc2cInt Pyc2cInt_UnboxExact(PyObject *o)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (PYC2C_LIKELY(_PyLong_IsCompact((PyLongObject *)o))) {
        return Pyc2cInt_FromShort((int64_t)_PyLong_CompactValue((PyLongObject *)o));
    }
#else
    Py_ssize_t size = Py_SIZE(o);
    if (PYC2C_LIKELY(size == 1 || size == -1)) {
        return Pyc2cInt_FromShort((int64_t)size * (int64_t)((PyLongObject *)o)->ob_digit[0]);
    }
    if (size == 0) {
        return Pyc2cInt_FromShort(0);
    }
#endif
    return Pyc2cInt_Unbox(o);
}

/* ---- checked casts: a new reference, or NULL with TypeError ---- */
PyObject *Pyc2c_CastFail(const char *expected, PyObject *o);
/* The same releasing o: the release out of line, off every cast site. */
PYC2C_COLD PyObject *Pyc2c_CastFailSteal(const char *expected, PyObject *o);

static inline PyObject *Pyc2c_Cast(PyObject *o, int ok, const char *expected)
{
    if (PYC2C_LIKELY(ok)) {
        Py_INCREF(o);
        return o;
    }
    return Pyc2c_CastFail(expected, o);
}

/* Pyc2c_Cast taking over o's reference: o itself, or NULL with TypeError and o released. */
static inline PyObject *Pyc2c_CastSteal(PyObject *o, int ok, const char *expected)
{
    if (PYC2C_LIKELY(ok)) {
        return o;
    }
    return Pyc2c_CastFailSteal(expected, o);
}

/* An element read where an int is wanted: the unbox, or TypeError. */
PYC2C_COLD Pyc2cInt Pyc2cInt_UnboxItemFail(PyObject *o);
/* ---- indices: a tagged int made into [0, n), or -1 with IndexError (msg) ---- */
PYC2C_COLD Py_ssize_t Pyc2c_IndexFail(Pyc2cInt i, Py_ssize_t n, const char *msg);

static inline Py_ssize_t Pyc2c_Index(Pyc2cInt i, Py_ssize_t n, const char *msg)
{
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(i))) {
        int64_t v = Pyc2cInt_ShortValue(i);
        if (v < 0) {
            v += n;
        }
        if (PYC2C_LIKELY((uint64_t)v < (uint64_t)n)) {
            return (Py_ssize_t)v;
        }
    }
    return Pyc2c_IndexFail(i, n, msg);
}

/* An index proven a short int in [0, 2**62) (compiler/pass/ranges.c), said to the C
 * compiler: Pyc2c_Index keeps only the comparison with the current size. */
static inline Pyc2cInt Pyc2cInt_AssumeIndex(Pyc2cInt i)
{
    PYC2C_ASSUME(i >= 0 && Pyc2cInt_IsShort(i));
    return i;
}

/* ---- list ---- */
/* The position of l[i]. The K forms take `known`: compiler/pass/bounds.c proved
 * 0 <= i < len(l) while it is 1, so no compare with the size is made. */
static inline Py_ssize_t Pyc2c_ListIndexK(PyObject *l, Pyc2cInt i, char known, const char *msg)
{
    if (PYC2C_LIKELY(known)) {
        return (Py_ssize_t)Pyc2cInt_ShortValue(i);
    }
    return Pyc2c_Index(i, PyList_GET_SIZE(l), msg);
}

/* A store's release of the old item: one whose finalizer could run Python code (and
 * shrink a list) ends what *known promised. The store forms take known (or NULL) and
 * proven: the index is in bounds while *known holds (else it is only cleared). */
static inline void Pyc2c_ListReleaseK(PyObject *old, char *known)
{
    if (known && Py_REFCNT(old) == 1 && !PyLong_CheckExact(old) && !PyFloat_CheckExact(old)) {
        *known = 0;
    }
    Py_DECREF(old);
}

PYC2C_INLINE PyObject *Pyc2cList_GetK(PyObject *l, Pyc2cInt i, char known)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, known, "list index out of range");
    if (k < 0) {
        return NULL;
    }
    PyObject *x = PyList_GET_ITEM(l, k);
    Py_INCREF(x);
    return x;
}

/* l[i] where an int is wanted: no reference taken, the element unboxed. */
static inline Pyc2cInt Pyc2cList_GetIntK(PyObject *l, Pyc2cInt i, char known)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, known, "list index out of range");
    if (k < 0) {
        return PYC2C_INT_ERROR;
    }
    Pyc2cInt v = Pyc2cInt_UnboxFast(PyList_GET_ITEM(l, k));
    if (PYC2C_UNLIKELY(v == PYC2C_INT_ERROR)) {
        return Pyc2cInt_UnboxItemFail(PyList_GET_ITEM(l, k));
    }
    return v;
}

/* l[i] where a bool is wanted: 0/1, or 2 with TypeError. */
static inline char Pyc2cList_GetBoolK(PyObject *l, Pyc2cInt i, char known)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, known, "list index out of range");
    if (k < 0) {
        return 2;
    }
    PyObject *x = PyList_GET_ITEM(l, k);
    if (PYC2C_LIKELY(x == Py_True || x == Py_False)) {
        return x == Py_True;
    }
    Pyc2c_TypeError("bool", x);
    return 2;
}

/* l[i] where a float is wanted (pass/floatload.c): no reference taken, an exact float's
 * double read in place; a float subclass or an int unboxed, anything else TypeError (none
 * runs Python code, so the item stays alive while read). */
static inline double Pyc2cList_GetFloatK(PyObject *l, Pyc2cInt i, char known)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, known, "list index out of range");
    if (k < 0) {
        return PYC2C_FLOAT_ERROR;
    }
    return Pyc2cFloat_UnboxFast(PyList_GET_ITEM(l, k));
}

/* Pyc2cList_GetFloatK's value through *v: 0, or 2 with the exception set. The C compiler
 * sees the fast path return 0, so the caller's error test folds away there (the double
 * itself, -113.0 on failure, needs a compare and an exception test after every read). */
static inline char Pyc2cList_GetFloatKO(PyObject *l, Pyc2cInt i, char known, double *v)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, known, "list index out of range");
    if (k < 0) {
        return 2;
    }
    PyObject *x = PyList_GET_ITEM(l, k);
    if (PYC2C_LIKELY(PyFloat_CheckExact(x))) {
        *v = PyFloat_AS_DOUBLE(x);
        return 0;
    }
    *v = Pyc2cFloat_UnboxChecked(x);
    return *v == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? 2 : 0;
}

/* l[i] = v (v borrowed): 0, or 2 with IndexError. */
static inline char Pyc2cList_SetK(PyObject *l, Pyc2cInt i, PyObject *v, char *known, char proven)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, proven && *known, "list assignment index out of range");
    if (k < 0) {
        return 2;
    }
    PyObject *old = PyList_GET_ITEM(l, k);
    if (old != v) {   /* storing the object already there changes nothing */
        Py_INCREF(v);
        PyList_SET_ITEM(l, k, v);
        Pyc2c_ListReleaseK(old, known);
    }
    return 0;
}

static inline char Pyc2cList_SetBoolK(PyObject *l, Pyc2cInt i, char v, char *known, char proven)
{
    return Pyc2cList_SetK(l, i, v ? Py_True : Py_False, known, proven);
}

/* l[i] = v for a float v: an exact float there that only the list holds is overwritten
 * in place (no allocation; nothing else can see the object), else a new float is stored. */
static inline char Pyc2cList_SetFloatK(PyObject *l, Pyc2cInt i, double v, char *known, char proven)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, proven && *known, "list assignment index out of range");
    if (k < 0) {
        return 2;
    }
    PyObject *old = PyList_GET_ITEM(l, k);
    if (PyFloat_CheckExact(old) && Py_REFCNT(old) == 1) {
        ((PyFloatObject *)old)->ob_fval = v;
        return 0;
    }
    PyObject *box = PyFloat_FromDouble(v);
    if (box == NULL) {
        return 2;
    }
    PyList_SET_ITEM(l, k, box);
    Pyc2c_ListReleaseK(old, known);
    return 0;
}

static inline char Pyc2cList_SetIntK(PyObject *l, Pyc2cInt i, Pyc2cInt v, char *known, char proven)
{
    Py_ssize_t k = Pyc2c_ListIndexK(l, i, proven && *known, "list assignment index out of range");
    if (k < 0) {
        return 2;
    }
    PyObject *old = PyList_GET_ITEM(l, k);
    if (Pyc2cInt_IsShort(v)) {
        int64_t s = Pyc2cInt_ShortValue(v);
        if ((uint64_t)(s - PYC2C_SMALL_MIN) <= (uint64_t)(PYC2C_SMALL_MAX - PYC2C_SMALL_MIN) &&
            old == pyc2c_small_ints[s - PYC2C_SMALL_MIN]) {
            return 0;   /* the cached small int is already there */
        }
    }
    PyObject *box = Pyc2cInt_Box(v);
    if (box == NULL) {
        return 2;
    }
    PyList_SET_ITEM(l, k, box);
    Pyc2c_ListReleaseK(old, known);
    return 0;
}

/* l[i] read, then m[j] read or stored (msg_j): both indices, or 2 with IndexError of the
 * first that is out of range. */
static inline char Pyc2c_TwoIndices(PyObject *l, Pyc2cInt i, PyObject *m, Pyc2cInt j, const char *msg_j,
                                    Py_ssize_t *a, Py_ssize_t *b)
{
    *a = Pyc2c_Index(i, PyList_GET_SIZE(l), "list index out of range");
    if (*a < 0) {
        return 2;
    }
    *b = Pyc2c_Index(j, PyList_GET_SIZE(m), msg_j);
    return *b < 0 ? 2 : 0;
}

/* `t = l[i]; l[i] = l[j]; l[j] = t` of a list[int] (pass/itemmove.c): IndexError of the
 * read of l[i], then of l[j]; then the two items change places. No count changes and no
 * object is released (the interpreter's t holds the one it moves), so no code runs. */
static inline char Pyc2cList_Swap(PyObject *l, Pyc2cInt i, Pyc2cInt j)
{
    Py_ssize_t a, b;
    if (Pyc2c_TwoIndices(l, i, l, j, "list index out of range", &a, &b)) {
        return 2;
    }
    PyObject *x = PyList_GET_ITEM(l, a);
    PyList_SET_ITEM(l, a, PyList_GET_ITEM(l, b));
    PyList_SET_ITEM(l, b, x);
    return 0;
}

/* dst[j] = src[i] of list[int] items (pass/itemmove.c): IndexError of the read, then of
 * the store; the item itself is stored, the old one released, as interpreted. */
static inline char Pyc2cList_MoveItem(PyObject *src, Pyc2cInt i, PyObject *dst, Pyc2cInt j)
{
    Py_ssize_t a, b;
    if (Pyc2c_TwoIndices(src, i, dst, j, "list assignment index out of range", &a, &b)) {
        return 2;
    }
    PyObject *x = PyList_GET_ITEM(src, a), *old = PyList_GET_ITEM(dst, b);
    if (x != old) {
        Py_INCREF(x);
        PyList_SET_ITEM(dst, b, x);
        Py_DECREF(old);
    }
    return 0;
}

/* The checked forms: the size compared on every access. */
PYC2C_INLINE PyObject *Pyc2cList_Get(PyObject *l, Pyc2cInt i) { return Pyc2cList_GetK(l, i, 0); }
static inline Pyc2cInt Pyc2cList_GetInt(PyObject *l, Pyc2cInt i) { return Pyc2cList_GetIntK(l, i, 0); }
static inline char Pyc2cList_GetBool(PyObject *l, Pyc2cInt i) { return Pyc2cList_GetBoolK(l, i, 0); }
static inline double Pyc2cList_GetFloat(PyObject *l, Pyc2cInt i) { return Pyc2cList_GetFloatK(l, i, 0); }
static inline char Pyc2cList_Set(PyObject *l, Pyc2cInt i, PyObject *v) { return Pyc2cList_SetK(l, i, v, NULL, 0); }
static inline char Pyc2cList_SetBool(PyObject *l, Pyc2cInt i, char v) { return Pyc2cList_SetBoolK(l, i, v, NULL, 0); }
static inline char Pyc2cList_SetFloat(PyObject *l, Pyc2cInt i, double v) { return Pyc2cList_SetFloatK(l, i, v, NULL, 0); }
static inline char Pyc2cList_SetInt(PyObject *l, Pyc2cInt i, Pyc2cInt v) { return Pyc2cList_SetIntK(l, i, v, NULL, 0); }

/* A list's or tuple's item (borrowed) unboxed where a loop reads it: TypeError for a
 * non-int, as int_unbox gives. */
static inline Pyc2cInt Pyc2cSeq_ItemInt(PyObject *o)
{
    Pyc2cInt t = Pyc2cInt_UnboxFast(o);
    if (PYC2C_UNLIKELY(t == PYC2C_INT_ERROR)) {
        Pyc2c_TypeError("int", o);
    }
    return t;
}

/* the i-th item of a loop over a list, i in range (checked by the loop) */
static inline PyObject *Pyc2cList_GetUnchecked(PyObject *l, int64_t i)
{
    PyObject *x = PyList_GET_ITEM(l, (Py_ssize_t)i);
    Py_INCREF(x);
    return x;
}

/* l.append(v) for a list l (v borrowed), as PyList_Append: a list with room takes v in place, no call
 * (what CPython's LIST_APPEND does inline); a full one grows through PyList_Append. */
static inline char Pyc2cList_Append(PyObject *l, PyObject *v)
{
    PyListObject *o = (PyListObject *)l;
    Py_ssize_t n = Py_SIZE(o);
    if (PYC2C_LIKELY(o->allocated > n)) {
        Py_INCREF(v);
        o->ob_item[n] = v;
        Py_SET_SIZE(o, n + 1);
        return 0;
    }
    return PyList_Append(l, v) < 0 ? 2 : 0;
}

/* The same taking over v's reference (an item that dies at the append): no incref, and
 * no release after it at the call site. */
char Pyc2cList_Reserve(PyObject *l, int64_t n);   /* list.c: a comprehension's room */
char Pyc2cList_AppendSlowR(PyObject *l, PyObject *v);   /* growth: not cold in a loop */
static inline char Pyc2cList_AppendR(PyObject *l, PyObject *v)
{
    PyListObject *o = (PyListObject *)l;
    Py_ssize_t n = Py_SIZE(o);
    if (PYC2C_LIKELY(o->allocated > n)) {
        o->ob_item[n] = v;
        Py_SET_SIZE(o, n + 1);
        return 0;
    }
    return Pyc2cList_AppendSlowR(l, v);
}

/* l.append(v) of a value typed list: a subclass's own append, if it has one, is called
 * (displays and comprehensions append to their new list with Pyc2cList_Append). */
char Pyc2cList_AppendSlow(PyObject *l, PyObject *v);   /* list.c */

static inline char Pyc2cList_AppendMethod(PyObject *l, PyObject *v)
{
    if (PYC2C_UNLIKELY(Py_TYPE(l) != &PyList_Type)) {
        return Pyc2cList_AppendSlow(l, v);
    }
    return Pyc2cList_Append(l, v);
}

/* l.pop() and l.pop(i). An exact list whose array would not shrink (list_resize keeps
 * it while the new size is at least half of what is allocated) loses the item here, as
 * list.pop does it: the list's reference becomes the caller's, later items move down.
 * Everything else (a shrink, an index out of range or big, a subclass) is list.c's. */
PyObject *Pyc2cList_PopSlow(PyObject *l, Pyc2cInt i, int has_index);

static inline PyObject *Pyc2cList_Pop(PyObject *l, Pyc2cInt i, int has_index)
{
    PyListObject *o = (PyListObject *)l;
    Py_ssize_t n = Py_SIZE(o);
    int64_t k = has_index && Pyc2cInt_IsShort(i) ? Pyc2cInt_ShortValue(i) : (int64_t)n - 1;
    k += k < 0 ? (int64_t)n : 0;
    if (PYC2C_LIKELY(PyList_CheckExact(l) && (!has_index || Pyc2cInt_IsShort(i)) && (uint64_t)k < (uint64_t)n &&
                     n - 1 >= (o->allocated >> 1))) {
        PyObject *x = o->ob_item[k];
        if (k < (int64_t)n - 1) {
            memmove(&o->ob_item[k], &o->ob_item[k + 1], sizeof(PyObject *) * (size_t)(n - 1 - k));
        }
        Py_SET_SIZE(o, n - 1);
        return x;
    }
    return Pyc2cList_PopSlow(l, i, has_index);
}
/* l * n (and n * l) of an object typed list: a new list (list's own repetition for an
 * exact list and a short n, else the number protocol: subclasses, huge n). */
PyObject *Pyc2cList_Repeat(PyObject *l, Pyc2cInt n);
/* [x] * n (compiler/pass/listrepeat.c): the list of n references to x, made at once for a
 * short n; any other n as [x] * n of the number protocol (a big int: OverflowError). */
PyObject *Pyc2cList_RepeatItem(PyObject *x, Pyc2cInt n);

/* ---- bool vectors (bool_vec.c, compiler/pass/boolvec.c): a private list[bool] made by
 * `[b] * n` held as a bytearray, one byte an item, that only the function holds; it
 * becomes a real list where it leaves the function (a return). ---- */
PyObject *Pyc2cBoolVec_Repeat(char v, Pyc2cInt n);   /* [v] * n, errors as the list's */
PyObject *Pyc2cBoolVec_ToList(PyObject *b);          /* a new list of its items */

static inline char Pyc2cBoolVec_Get(PyObject *b, Pyc2cInt i)
{
    Py_ssize_t k = Pyc2c_Index(i, PyByteArray_GET_SIZE(b), "list index out of range");
    if (k < 0) {
        return 2;
    }
    return (char)((PyByteArrayObject *)b)->ob_start[k];
}

static inline char Pyc2cBoolVec_Set(PyObject *b, Pyc2cInt i, char v)
{
    Py_ssize_t k = Pyc2c_Index(i, PyByteArray_GET_SIZE(b), "list assignment index out of range");
    if (k < 0) {
        return 2;
    }
    ((PyByteArrayObject *)b)->ob_start[k] = v;
    return 0;
}

/* The D forms: the register holds a vector or a real list (what a rebound function gave). */
static inline char Pyc2cBoolVec_GetD(PyObject *b, Pyc2cInt i)
{
    return PYC2C_LIKELY(PyByteArray_CheckExact(b)) ? Pyc2cBoolVec_Get(b, i) : Pyc2cList_GetBool(b, i);
}

static inline char Pyc2cBoolVec_SetD(PyObject *b, Pyc2cInt i, char v)
{
    return PYC2C_LIKELY(PyByteArray_CheckExact(b)) ? Pyc2cBoolVec_Set(b, i, v) : Pyc2cList_SetBool(b, i, v);
}

static inline int64_t Pyc2cBoolVec_LenD(PyObject *b)
{
    return PYC2C_LIKELY(PyByteArray_CheckExact(b)) ? (int64_t)PyByteArray_GET_SIZE(b) : (int64_t)PyList_GET_SIZE(b);
}

static inline PyObject *Pyc2cBoolVec_ToListD(PyObject *b)
{
    if (PyByteArray_CheckExact(b)) {
        return Pyc2cBoolVec_ToList(b);
    }
    Py_INCREF(b);   /* the list itself, as the function would return it */
    return b;
}
char Pyc2cList_Insert(PyObject *l, Pyc2cInt i, PyObject *v);
char Pyc2cList_Sort(PyObject *l);
char Pyc2cList_Reverse(PyObject *l);
char Pyc2cList_Extend(PyObject *l, PyObject *iterable);
PyObject *Pyc2cList_FromIterable(PyObject *o);   /* list(x) */

/* ---- slices (slices.c): xs[lo:hi] of a list, tuple or str; bit 0 of have: lo
 * given, bit 1: hi given ---- */
PyObject *Pyc2cSeq_SliceSlow(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have);
/* xs[:] of an exact list copied here (have is a constant at every site): the call, the
 * type tests and the clamps of the general form cost more than a short list's copy. */
PYC2C_INLINE PyObject *Pyc2cSeq_Slice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have)
{
    if (have == 0 && PyList_CheckExact(o)) {
        return PyList_GetSlice(o, 0, PyList_GET_SIZE(o));
    }
    return Pyc2cSeq_SliceSlow(o, lo, hi, have);
}
/* int(o[lo:hi]) (have as above): an exact str's digits parsed in place (slices.c,
 * num_parse.c Pyc2cInt_ParseRange) */
Pyc2cInt Pyc2cInt_OfSlice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have);
int Pyc2cInt_ParseRange(PyObject *s, Py_ssize_t a, Py_ssize_t b, int64_t *v);
/* float(o[lo:hi]) (have as above): an exact str's text parsed in place when one double
 * operation gives its value (slices.c, num_parse.c Pyc2cFloat_ParseRange); D: as a double */
PyObject *Pyc2cFloat_OfSlice(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have);
double Pyc2cFloat_OfSliceD(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, int have);
int Pyc2cFloat_ParseRange(PyObject *s, Py_ssize_t a, Py_ssize_t b, double *v);
/* o[lo:hi:step] (have as above) */
PyObject *Pyc2cSeq_SliceStep(PyObject *o, Pyc2cInt lo, Pyc2cInt hi, Pyc2cInt step, int have);

/* ---- tuple ---- */
static inline PyObject *Pyc2cTuple_Get(PyObject *t, Pyc2cInt i)
{
    Py_ssize_t k = Pyc2c_Index(i, PyTuple_GET_SIZE(t), "tuple index out of range");
    if (k < 0) {
        return NULL;
    }
    PyObject *x = PyTuple_GET_ITEM(t, k);
    Py_INCREF(x);
    return x;
}

/* ---- str ---- */
/* s[i] of a str: the character's str, CPython's own one-character object.  The ASCII
 * ones are kept in Pyc2c_AsciiChars as str.c's char_at first fetched them (from
 * PyUnicode_FromOrdinal, so `s[i] is t[j]` stays as CPython has it): a character read
 * is one load then, instead of three calls into libpython. */
extern PyObject *Pyc2c_AsciiChars[128];
PyObject *Pyc2cStr_CharAtSlow(PyObject *s, Py_ssize_t k);
static inline PyObject *Pyc2cStr_CharAt(PyObject *s, Py_ssize_t k)
{
    if (PyUnicode_IS_COMPACT_ASCII(s)) {
        PyObject *c = Pyc2c_AsciiChars[((const unsigned char *)((PyASCIIObject *)s + 1))[k]];
        if (PYC2C_LIKELY(c != NULL)) {
            Py_INCREF(c);
            return c;
        }
    }
    return Pyc2cStr_CharAtSlow(s, k);
}
PyObject *Pyc2cStr_GetSubclass(PyObject *s, Pyc2cInt i);   /* its own __getitem__; a str result */
static inline PyObject *Pyc2cStr_Get(PyObject *s, Pyc2cInt i)
{
    if (PYC2C_UNLIKELY(!PyUnicode_CheckExact(s))) {
        return Pyc2cStr_GetSubclass(s, i);
    }
    Py_ssize_t k = Pyc2c_Index(i, PyUnicode_GET_LENGTH(s), "string index out of range");
    return k < 0 ? NULL : Pyc2cStr_CharAt(s, k);
}
static inline PyObject *Pyc2cStr_GetUnchecked(PyObject *s, int64_t i)   /* a loop's i-th character */
{
    return Pyc2cStr_CharAt(s, (Py_ssize_t)i);
}
Pyc2cInt Pyc2cStr_Ord(PyObject *c);
PyObject *Pyc2cStr_Method(PyObject *s, const char *name);      /* s.lower() ...: a str */
PyObject *Pyc2cStr_Lower(PyObject *s);   /* str.c: ASCII without a method call */
PyObject *Pyc2cStr_Upper(PyObject *s);
PyObject *Pyc2cStr_Method1(PyObject *s, const char *name, PyObject *arg);
PyObject *Pyc2cStr_Method2(PyObject *s, const char *name, PyObject *a, PyObject *b);
char Pyc2cStr_BoolResult(PyObject *r);   /* an override's result (stolen): 0, 1, 2 (TypeError if no bool) */
/* str_args.c: split/rsplit without maxsplit, join, replace; a subclass's by name */
PyObject *Pyc2cStr_Split(PyObject *s, PyObject *sep, int right);
PyObject *Pyc2cStr_Join(PyObject *s, PyObject *items);
PyObject *Pyc2cStr_Replace(PyObject *s, PyObject *old, PyObject *new_);
char Pyc2cStr_Match(PyObject *s, PyObject *affix, int direction);   /* startswith/endswith */
Pyc2cInt Pyc2cStr_Find(PyObject *s, PyObject *sub);
/* str_args.c: strip(chars) (how: 1 left, 2 right, 3 both), split/rsplit(sep, maxsplit),
 * startswith/endswith(tuple of strs), rfind(sub) */
PyObject *Pyc2cStr_StripChars(PyObject *s, PyObject *chars, int how);
PyObject *Pyc2cStr_StripSpace(PyObject *s, int how);   /* s.strip(): 3, lstrip 1, rstrip 2 */
int64_t Pyc2cStr_PartitionAt(PyObject *s, PyObject *sep, int right);   /* str_args.c */
PyObject *Pyc2cStr_PartitionPart(PyObject *s, PyObject *sep, int64_t at, int64_t how);
/* s[start:end] of an exact str (0 <= start <= end <= len): a short ASCII piece shared
 * with the last equal one made (str_pieces.c), else PyUnicode_Substring's. */
PyObject *Pyc2cStr_Piece(PyObject *s, Py_ssize_t start, Py_ssize_t end);
PyObject *Pyc2cStr_PieceBytes(const Py_UCS1 *p, Py_ssize_t len);   /* ASCII, 2 <= len <= 8 */
void Pyc2cStr_PieceSeed(PyObject *s);   /* a module's interned str constant */
/* s.split() / s.split(sep) of an exact str made of such pieces: when s is ASCII and sep
 * NULL (whitespace) or one ASCII character (Pyc2cStr_SplitsAscii true). */
int Pyc2cStr_SplitsAscii(PyObject *s, PyObject *sep);
PyObject *Pyc2cStr_SplitAscii(PyObject *s, PyObject *sep);
PyObject *Pyc2cStr_SplitlinesAscii(PyObject *s);
/* `a, b, c = s.split()` / s.split(sep) (sep NULL: whitespace) without the list
 * (str_pieces.c): 0 when s's parts can be cut by the cursor below, else -2; the span
 * (start | end << 32) of the part at or after cursor at, -1 when there is none (last: or
 * when another part follows it); the part; the unpacking's ValueError (always 2) */
int64_t Pyc2cStr_SplitBegin(PyObject *s, PyObject *sep);
int64_t Pyc2cStr_SplitSpan(PyObject *s, PyObject *sep, int64_t at, int last);
int64_t Pyc2cStr_SplitSpanWs(PyObject *s, int64_t at, int last);
PyObject *Pyc2cStr_SpanPiece(PyObject *s, int64_t span);
char Pyc2cStr_SplitRaise(PyObject *s, PyObject *sep, int64_t n);
int64_t Pyc2cStr_SplitAt(PyObject *s, PyObject *sep, int how);   /* str_args.c: `a, b = s.split(sep)` */
PyObject *Pyc2cStr_SplitPart(PyObject *s, PyObject *sep, int64_t at, int64_t part);
PyObject *Pyc2cStr_SplitMax(PyObject *s, PyObject *sep, Pyc2cInt maxsplit, int right);
char Pyc2cStr_MatchAny(PyObject *s, PyObject *affixes, int direction);
/* str_args.c: splitlines(), partition/rpartition(sep), removeprefix/removesuffix(affix),
 * index/rindex(sub), zfill/ljust/rjust/center(width); a subclass's go by name */
PyObject *Pyc2cStr_Splitlines(PyObject *s);
PyObject *Pyc2cStr_Partition(PyObject *s, PyObject *sep, int right);
PyObject *Pyc2cStr_RemoveAffix(PyObject *s, PyObject *affix, int direction);
Pyc2cInt Pyc2cStr_Index(PyObject *s, PyObject *sub, int direction);
PyObject *Pyc2cStr_MethodWidth(PyObject *s, const char *name, Pyc2cInt width);
/* str_is.c: s.isspace(), s.isdigit() ...: 0, 1, or 2 with an error set (a subclass's method) */
enum { PYC2C_IS_SPACE, PYC2C_IS_DIGIT, PYC2C_IS_ALPHA, PYC2C_IS_ALNUM, PYC2C_IS_DECIMAL, PYC2C_IS_NUMERIC,
       PYC2C_IS_LOWER, PYC2C_IS_UPPER };
char Pyc2cStr_IsSlow(PyObject *s, int what);
/* The ASCII classes of str.isspace/isdigit/isalpha, as CPython's Py_UNICODE_IS* answer
 * them (whitespace \t..\r, \x1c..\x1f and ' '; the decimal, digit and numeric
 * characters of ASCII are 0-9; the letters A-Z a-z): bit 1 space, 2 digit, 4 alpha.
 * tests/cases/str_is_ascii.test checks every ASCII character against CPython. */
extern const unsigned char Pyc2c_AsciiClass[128];
static inline int Pyc2c_AsciiClassMask(int what)
{
    return what == PYC2C_IS_SPACE ? 1 : what == PYC2C_IS_ALPHA ? 4 : what == PYC2C_IS_ALNUM ? 6 : 2;
}
/* A one-character ASCII str (src[i], a loop's character) is one table load; any other
 * receiver goes out of line. */
static inline char Pyc2cStr_Is(PyObject *s, int what)
{
    if (Py_IS_TYPE(s, &PyUnicode_Type) && PyUnicode_IS_COMPACT_ASCII(s) && PyUnicode_GET_LENGTH(s) == 1
        && what <= PYC2C_IS_NUMERIC) {
        return (Pyc2c_AsciiClass[((const unsigned char *)((PyASCIIObject *)s + 1))[0]]
                & Pyc2c_AsciiClassMask(what)) != 0;
    }
    return Pyc2cStr_IsSlow(s, what);
}

/* The int a str method called through Python returned (a new reference, or NULL): it
 * must be an int, as the annotation of the call's value says. */
static inline Pyc2cInt Pyc2cStr_IntResult(PyObject *r)
{
    if (r == NULL) {
        return PYC2C_INT_ERROR;
    }
    Pyc2cInt v = Pyc2cInt_UnboxFast(r);
    if (v == PYC2C_INT_ERROR) {
        v = Pyc2cInt_UnboxItemFail(r);
    }
    Py_DECREF(r);
    return v;
}

/* str_args.c: find(sub, start) (count 0) / count(sub) (1) of one-byte strs; -3: not such */
Py_ssize_t Pyc2cStr_ScanUcs1(PyObject *s, PyObject *sub, Py_ssize_t start, int count);
/* s.count(sub): non-overlapping occurrences; a str subclass's own count() is called. */
static inline Pyc2cInt Pyc2cStr_Count(PyObject *s, PyObject *sub)
{
    if (PYC2C_LIKELY(PyUnicode_CheckExact(s))) {
        Py_ssize_t n = Pyc2cStr_ScanUcs1(s, sub, 0, 1);
        if (n == -3) {
            n = PyUnicode_Count(s, sub, 0, PyUnicode_GET_LENGTH(s));
        }
        return n < 0 ? PYC2C_INT_ERROR : Pyc2cInt_FromShort((int64_t)n);
    }
    return Pyc2cStr_IntResult(PyObject_CallMethod(s, "count", "(O)", sub));
}
/* s.find(sub, start): the first index of sub at or after start (a negative start counts
 * from the end, as in a slice), or -1; a str subclass's own find(), and a start past a
 * short int, go through the method. */
static inline Pyc2cInt Pyc2cStr_FindFrom(PyObject *s, PyObject *sub, Pyc2cInt start)
{
    if (PYC2C_LIKELY(PyUnicode_CheckExact(s) && Pyc2cInt_IsShort(start))) {
        Py_ssize_t r = Pyc2cStr_ScanUcs1(s, sub, (Py_ssize_t)Pyc2cInt_ShortValue(start), 0);
        if (r == -3) {
            r = PyUnicode_Find(s, sub, (Py_ssize_t)Pyc2cInt_ShortValue(start), PyUnicode_GET_LENGTH(s), 1);
        }
        return r == -2 ? PYC2C_INT_ERROR : Pyc2cInt_FromShort((int64_t)r);
    }
    PyObject *boxed = Pyc2cInt_Box(start);
    if (boxed == NULL) {
        return PYC2C_INT_ERROR;
    }
    PyObject *r = PyObject_CallMethod(s, "find", "OO", sub, boxed);
    Py_DECREF(boxed);
    return Pyc2cStr_IntResult(r);
}
PyObject *Pyc2c_Str(PyObject *o);   /* str(x): exactly a str */
Pyc2cInt Pyc2cStr_RFind(PyObject *s, PyObject *sub);   /* str_args.c */

/* len(s) of a value typed str: a subclass's __len__ override is called. */
static inline int64_t Pyc2cStr_Len(PyObject *s)
{
    if (PYC2C_LIKELY(PyUnicode_CheckExact(s))) {
        return (int64_t)PyUnicode_GET_LENGTH(s);
    }
    Py_ssize_t n = PyObject_Size(s);
    return n < 0 ? PYC2C_I64_ERROR : (int64_t)n;
}

/* s + t of values typed str: a subclass's __add__ or __radd__ through the protocol,
 * its result a str as the annotation says. */
PyObject *Pyc2cStr_ConcatSlow(PyObject *s, PyObject *t);   /* str.c */

static inline PyObject *Pyc2cStr_Concat(PyObject *s, PyObject *t)
{
    if (PYC2C_LIKELY(PyUnicode_CheckExact(s) && PyUnicode_CheckExact(t))) {
        return PyUnicode_Concat(s, t);
    }
    return Pyc2cStr_ConcatSlow(s, t);
}

static inline char Pyc2cStr_Contains(PyObject *s, PyObject *sub)
{
    int r = PYC2C_LIKELY(PyUnicode_CheckExact(s)) ? PyUnicode_Contains(s, sub) : PySequence_Contains(s, sub);
    return r < 0 ? 2 : (char)r;
}

/* ---- dict, set ---- */
PyObject *Pyc2cDict_Get(PyObject *d, PyObject *k);   /* d[k]: KeyError as CPython */
PyObject *Pyc2cDict_GetDefault(PyObject *d, PyObject *k, PyObject *dflt);   /* d.get(k, dflt) */
PyObject *Pyc2cDict_SetDefault(PyObject *d, PyObject *k, PyObject *dflt);
/* d.setdefault(k, []) (kind 0) or d.setdefault(k, {}) (kind 1): a new empty list or dict
 * is made only when k goes in (dict.c) */
PyObject *Pyc2cDict_SetDefaultNew(PyObject *d, PyObject *k, int kind);
/* dict(zip(keys, values)) given what the names dict and zip hold (dict.c) */
PyObject *Pyc2c_CallCounter(PyObject *f, PyObject *x);   /* counter.c */
/* Counter(genexp) as a loop (counter.c): is f collections' own Counter, counting a
 * generator as _count_elements does (1; 0: call it; 2: an exception set)? Then a new
 * empty one, and each item counted into it (0, or -1 with an exception set). */
char Pyc2c_CounterFusable(PyObject *f);
PyObject *Pyc2c_CounterNew(PyObject *f);
int Pyc2c_CounterAdd(PyObject *counts, PyObject *k);
/* x.update(genexp) as a loop: is m (what x.update read) collections' Counter.update
 * bound to x, an exact Counter, counting a generator as _count_elements does? */
char Pyc2c_CounterUpdateFusable(PyObject *x, PyObject *m);
PyObject *Pyc2c_DictOfZip(PyObject *dict_fn, PyObject *zip_fn, PyObject *keys, PyObject *values);
/* d[k] op= v hashes k once: the hash (PYC2C_I64_ERROR with an exception: unhashable),
 * then d[k] and d[k] = v with it (an exact dict; a subclass as Pyc2cDict_Get/Set). */
int64_t Pyc2cDict_Hash(PyObject *k);
PyObject *Pyc2cDict_GetHashed(PyObject *d, PyObject *k, int64_t hash);
char Pyc2cDict_SetHashed(PyObject *d, PyObject *k, PyObject *v, int64_t hash);

/* A subclass (OrderedDict, Counter, a user's) that overrides the operation runs its own,
 * through the C API or by name, as the interpreter would (builtin_own.h). */
static inline char Pyc2cDict_Set(PyObject *d, PyObject *k, PyObject *v)
{
    if (PYC2C_UNLIKELY(!Pyc2c_Owns(d, &PyDict_Type, PYC2C_OWN_SETITEM))) {
        return PyObject_SetItem(d, k, v) < 0 ? 2 : 0;
    }
#if PY_VERSION_HEX < 0x030D0000
    /* a one-digit int key's hash is its value (long_hash: -1 hashes as -2), given here
     * rather than asked of PyObject_Hash through the type (3.13 keeps the call internal) */
    if (PyLong_CheckExact(k) && PYC2C_LONG_IS_COMPACT(k)) {
        int64_t kv = PYC2C_LONG_COMPACT(k);
        return _PyDict_SetItem_KnownHash(d, k, v, kv == -1 ? -2 : (Py_hash_t)kv) < 0 ? 2 : 0;
    }
#endif
    return PyDict_SetItem(d, k, v) < 0 ? 2 : 0;
}

static inline char Pyc2cDict_Contains(PyObject *d, PyObject *k)
{
    if (PYC2C_LIKELY(Py_TYPE(d) == &PyDict_Type)) {
        return Pyc2cDict_FindItem(d, k) != NULL ? 1 : PyErr_Occurred() ? 2 : 0;
    }
    int r = Pyc2c_Owns(d, &PyDict_Type, PYC2C_OWN_CONTAINS) ? PyDict_Contains(d, k) : PySequence_Contains(d, k);
    return r < 0 ? 2 : (char)r;
}

/* len() of a value typed dict or set: an override of __len__ is called (and may fail). */
int64_t Pyc2c_SizedLenSlow(PyObject *o);   /* builtin_own.c */

static inline int64_t Pyc2cDict_Len(PyObject *d)
{
    if (PYC2C_LIKELY(Py_TYPE(d) == &PyDict_Type)) {
        return (int64_t)PyDict_GET_SIZE(d);
    }
    return Pyc2c_SizedLenSlow(d);
}

static inline int64_t Pyc2cSet_Len(PyObject *s)
{
    if (PYC2C_LIKELY(Py_TYPE(s) == &PySet_Type || Py_TYPE(s) == &PyFrozenSet_Type)) {
        return (int64_t)PySet_GET_SIZE(s);
    }
    return Pyc2c_SizedLenSlow(s);
}

static inline PyTypeObject *Pyc2cSet_Base(PyObject *s)
{
    return PyFrozenSet_Check(s) ? &PyFrozenSet_Type : &PySet_Type;
}

static inline char Pyc2cSet_Contains(PyObject *s, PyObject *k)
{
    int r = Pyc2c_Owns(s, Pyc2cSet_Base(s), PYC2C_OWN_CONTAINS) ? PySet_Contains(s, k) : PySequence_Contains(s, k);
    return r < 0 ? 2 : (char)r;
}

char Pyc2cSet_AddSlow(PyObject *s, PyObject *k);   /* builtin_own.c */

static inline char Pyc2cSet_Add(PyObject *s, PyObject *k)
{
    if (PYC2C_UNLIKELY(Py_TYPE(s) != &PySet_Type)) {
        return Pyc2cSet_AddSlow(s, k);
    }
    return PySet_Add(s, k) < 0 ? 2 : 0;
}

/* len(x) of any object: PyObject_Size's errors */
Pyc2cInt Pyc2c_Len(PyObject *o);   /* builtins.c: len() of any object */

#endif
