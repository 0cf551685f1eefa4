/* objfast.h - generic operators with the fast paths CPython's specializing interpreter
 * takes inline: both operands exact ints that fit one machine word, or both exact
 * floats, are computed here; anything else goes through the C API, so results (and
 * every error) are CPython's.  Included by pyc2c.h. */
#ifndef PYC2C_OBJFAST_H
#define PYC2C_OBJFAST_H

#if PY_VERSION_HEX >= 0x030C0000
#define PYC2C_LONG_IS_COMPACT(o) PyUnstable_Long_IsCompact((PyLongObject *)(o))
#define PYC2C_LONG_COMPACT(o) ((int64_t)PyUnstable_Long_CompactValue((PyLongObject *)(o)))
#else
#if PY_VERSION_HEX < 0x030B0000
#include <longintrepr.h>
#endif
/* at most one 30-bit digit; zero has none, and ob_digit[0] is then multiplied by 0 */
#define PYC2C_LONG_IS_COMPACT(o) (Py_SIZE(o) >= -1 && Py_SIZE(o) <= 1)
#define PYC2C_LONG_COMPACT(o) ((int64_t)Py_SIZE(o) * (int64_t)((PyLongObject *)(o))->ob_digit[0])
#endif

/* Both exact ints of one digit: their values (|v| < 2**30, so +, - and * fit 64 bits). */
static inline int Pyc2c_BothSmallInts(PyObject *a, PyObject *b, int64_t *x, int64_t *y)
{
    if (PyLong_CheckExact(a) && PyLong_CheckExact(b) && PYC2C_LONG_IS_COMPACT(a) && PYC2C_LONG_IS_COMPACT(b)) {
        *x = PYC2C_LONG_COMPACT(a);
        *y = PYC2C_LONG_COMPACT(b);
        return 1;
    }
    return 0;
}

static inline int Pyc2c_BothFloats(PyObject *a, PyObject *b)
{
    return PyFloat_CheckExact(a) && PyFloat_CheckExact(b);
}

/* a + b (sign 1) or a - b (sign -1) when both are one-digit ints or both floats:
 * 1 with *out set (NULL on a memory error), else 0. */
static inline int Pyc2c_FastAddSub(PyObject *a, PyObject *b, int sign, PyObject **out)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        *out = Pyc2cInt_BoxShort(sign > 0 ? x + y : x - y);
        return 1;
    }
    if (Pyc2c_BothFloats(a, b)) {   /* a - b, not a + -b: a NaN keeps its sign */
        double u = PyFloat_AS_DOUBLE(a), v = PyFloat_AS_DOUBLE(b);
        *out = PyFloat_FromDouble(sign > 0 ? u + v : u - v);
        return 1;
    }
    return 0;
}

static inline PyObject *Pyc2c_ObjAdd(PyObject *a, PyObject *b)
{
    PyObject *r;
    return Pyc2c_FastAddSub(a, b, 1, &r) ? r : PyNumber_Add(a, b);
}

static inline PyObject *Pyc2c_ObjSub(PyObject *a, PyObject *b)
{
    PyObject *r;
    return Pyc2c_FastAddSub(a, b, -1, &r) ? r : PyNumber_Subtract(a, b);
}

/* ints and floats are immutable: x += y is x + y for them */
static inline PyObject *Pyc2c_ObjIAdd(PyObject *a, PyObject *b)
{
    PyObject *r;
    return Pyc2c_FastAddSub(a, b, 1, &r) ? r : PyNumber_InPlaceAdd(a, b);
}

static inline PyObject *Pyc2c_ObjISub(PyObject *a, PyObject *b)
{
    PyObject *r;
    return Pyc2c_FastAddSub(a, b, -1, &r) ? r : PyNumber_InPlaceSubtract(a, b);
}

static inline PyObject *Pyc2c_ObjMul(PyObject *a, PyObject *b)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        return Pyc2cInt_BoxShort(x * y);
    }
    if (Pyc2c_BothFloats(a, b)) {
        return PyFloat_FromDouble(PyFloat_AS_DOUBLE(a) * PyFloat_AS_DOUBLE(b));
    }
    return PyNumber_Multiply(a, b);
}

/* x + a * b (inplace: x += a * b), fused where people accumulate products of values
 * nobody typed (`acc += x * y`, `orow[j] += aik * bk[j]`): three one-digit ints make one
 * int (|x + a*b| < 2**61), three floats one float (the product rounded first, as
 * CPython does); anything else is a * b, then + or += with it, through the C API. */
static inline PyObject *Pyc2c_ObjMulAdd(PyObject *x, PyObject *a, PyObject *b, int inplace)
{
    int64_t u, v;
    if (Pyc2c_BothSmallInts(a, b, &u, &v) && PyLong_CheckExact(x) && PYC2C_LONG_IS_COMPACT(x)) {
        return Pyc2cInt_BoxShort(PYC2C_LONG_COMPACT(x) + u * v);
    }
    if (Pyc2c_BothFloats(a, b) && PyFloat_CheckExact(x)) {
        volatile double p = PyFloat_AS_DOUBLE(a) * PyFloat_AS_DOUBLE(b);   /* never contracted to an fma */
        return PyFloat_FromDouble(PyFloat_AS_DOUBLE(x) + p);
    }
    PyObject *p = Pyc2c_ObjMul(a, b);
    if (p == NULL) {
        return NULL;
    }
    PyObject *r = inplace ? Pyc2c_ObjIAdd(x, p) : Pyc2c_ObjAdd(x, p);
    Py_DECREF(p);
    return r;
}

/* Python's floor division and modulo of one-digit ints (y != 0): C truncates. */
static inline int64_t Pyc2c_FloorDivI64(int64_t x, int64_t y)
{
    int64_t q = x / y;
    return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
}

static inline int64_t Pyc2c_ModI64(int64_t x, int64_t y)
{
    int64_t r = x % y;
    return (r != 0 && (r < 0) != (y < 0)) ? r + y : r;
}

/* a // b of one-digit ints (b != 0: the error is CPython's): 1 with *out set, else 0. */
static inline int Pyc2c_FastFloorDiv(PyObject *a, PyObject *b, PyObject **out)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y) && y != 0) {
        *out = Pyc2cInt_BoxShort(Pyc2c_FloorDivI64(x, y));
        return 1;
    }
    return 0;
}

static inline PyObject *Pyc2c_ObjFloorDiv(PyObject *a, PyObject *b)
{
    PyObject *r;
    return Pyc2c_FastFloorDiv(a, b, &r) ? r : PyNumber_FloorDivide(a, b);
}

static inline PyObject *Pyc2c_ObjMod(PyObject *a, PyObject *b)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y) && y != 0) {
        return Pyc2cInt_BoxShort(Pyc2c_ModI64(x, y));
    }
    return PyNumber_Remainder(a, b);
}

PyObject *Pyc2c_PowNumbers(PyObject *a, PyObject *b);   /* float.c */

/* a ** b: exact ints and floats out of line (float.c), the rest through the C API */
static inline PyObject *Pyc2c_ObjPow(PyObject *a, PyObject *b)
{
    if ((PyFloat_CheckExact(a) || PyLong_CheckExact(a)) && (PyFloat_CheckExact(b) || PyLong_CheckExact(b))) {
        return Pyc2c_PowNumbers(a, b);
    }
    return PyNumber_Power(a, b, Py_None);
}

/* ints and floats are immutable: x **= y is x ** y for them */
static inline PyObject *Pyc2c_ObjIPow(PyObject *a, PyObject *b)
{
    if ((PyFloat_CheckExact(a) || PyLong_CheckExact(a)) && (PyFloat_CheckExact(b) || PyLong_CheckExact(b))) {
        return Pyc2c_PowNumbers(a, b);
    }
    return PyNumber_InPlacePower(a, b, Py_None);
}

static inline PyObject *Pyc2c_ObjIFloorDiv(PyObject *a, PyObject *b)
{
    PyObject *r;
    return Pyc2c_FastFloorDiv(a, b, &r) ? r : PyNumber_InPlaceFloorDivide(a, b);
}

static inline int Pyc2c_CmpI64(int64_t x, int64_t y, int op)
{
    switch (op) {
    case Py_LT: return x < y;
    case Py_LE: return x <= y;
    case Py_EQ: return x == y;
    case Py_NE: return x != y;
    case Py_GT: return x > y;
    default: return x >= y;
    }
}

static inline int Pyc2c_CmpDouble(double x, double y, int op)
{
    switch (op) {
    case Py_LT: return x < y;
    case Py_LE: return x <= y;
    case Py_EQ: return x == y;
    case Py_NE: return x != y;
    case Py_GT: return x > y;
    default: return x >= y;
    }
}

/* a == b of two exact strs (canonical: equal strs have one kind and the same units). */
static inline int Pyc2c_ExactStrEqual(PyObject *a, PyObject *b)
{
    if (a == b) {
        return 1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PYC2C_UNLIKELY(!PyUnicode_IS_READY(a) || !PyUnicode_IS_READY(b))) {
        return PyUnicode_Compare(a, b) == 0;   /* a legacy string: cannot fail on two strs */
    }
#endif
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    return n == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b) &&
           memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * PyUnicode_KIND(a)) == 0;
}

#include "dictprobe.h"   /* dict lookups by str and int keys without a call */

/* Neither a's nor b's class compares but by object's own rich comparison (no __eq__ or
 * __ne__ defined or patched in along the way: setting one replaces tp_richcompare): a == b
 * and a != b are then identity tests, whichever side CPython asks first (deltablue's
 * `c != determining` on constraints, or on None). */
static inline int Pyc2c_DefaultEquality(PyObject *a, PyObject *b)
{
    richcmpfunc object_cmp = PyBaseObject_Type.tp_richcompare;
    return Py_TYPE(a)->tp_richcompare == object_cmp && Py_TYPE(b)->tp_richcompare == object_cmp;
}

/* a op b as PyObject_RichCompare (no identity shortcut, which is only for `in`, but where
 * both classes compare as object does, which is identity for == and !=). */
static inline PyObject *Pyc2c_ObjCompare(PyObject *a, PyObject *b, int op)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        return PyBool_FromLong(Pyc2c_CmpI64(x, y, op));
    }
    if (Pyc2c_BothFloats(a, b)) {
        return PyBool_FromLong(Pyc2c_CmpDouble(PyFloat_AS_DOUBLE(a), PyFloat_AS_DOUBLE(b), op));
    }
    if ((op == Py_EQ || op == Py_NE) && PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        return PyBool_FromLong(Pyc2c_ExactStrEqual(a, b) == (op == Py_EQ));
    }
    if ((op == Py_EQ || op == Py_NE) && Pyc2c_DefaultEquality(a, b)) {
        return PyBool_FromLong((a == b) == (op == Py_EQ));
    }
    return PyObject_RichCompare(a, b, op);
}

/* x in o for an untyped o (`if k not in seen`): an exact dict is probed as a typed one
 * is (dictprobe.h: an equal int or str key compared without a rich comparison), anything
 * else through PySequence_Contains; 1, 0, or -1 with an exception set. */
static inline int Pyc2c_ObjContains(PyObject *o, PyObject *x)
{
    if (Py_TYPE(o) == &PyDict_Type) {
        return Pyc2cDict_FindItem(o, x) != NULL ? 1 : PyErr_Occurred() ? -1 : 0;
    }
    return PySequence_Contains(o, x);
}

/* PyObject_IsTrue(o); a container by its sequence length slot when nb_bool and
 * mp_length, which PyObject_IsTrue asks first, are absent (`while q:` of a deque). */
int Pyc2c_ObjTruthSlow(PyObject *o);

static inline int Pyc2c_ObjTruth(PyObject *o)
{
    if (o == Py_True) {
        return 1;
    }
    if (o == Py_False || o == Py_None) {
        return 0;
    }
    return Pyc2c_ObjTruthSlow(o);
}

/* The truth of Pyc2c_ObjCompare(a, b, op) (a branch's test): 1, 0, or -1 with an
 * exception set; the fast cases make no bool object. */
static inline int Pyc2c_ObjCompareTruth(PyObject *a, PyObject *b, int op)
{
    int64_t x, y;
    if (Pyc2c_BothSmallInts(a, b, &x, &y)) {
        return Pyc2c_CmpI64(x, y, op);
    }
    if (Pyc2c_BothFloats(a, b)) {
        return Pyc2c_CmpDouble(PyFloat_AS_DOUBLE(a), PyFloat_AS_DOUBLE(b), op);
    }
    if ((op == Py_EQ || op == Py_NE) && PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        return Pyc2c_ExactStrEqual(a, b) == (op == Py_EQ);
    }
    if ((op == Py_EQ || op == Py_NE) && Pyc2c_DefaultEquality(a, b)) {
        return (a == b) == (op == Py_EQ);
    }
    PyObject *r = PyObject_RichCompare(a, b, op);
    if (r == NULL) {
        return -1;
    }
    int t = Pyc2c_ObjTruth(r);
    Py_DECREF(r);
    return t;
}

/* a == b (op Py_EQ) or a != b (Py_NE) of two values typed str: exact strs compared
 * here, a subclass by its own __eq__ (whose result need not be a bool). */
static inline PyObject *Pyc2c_StrCompare(PyObject *a, PyObject *b, int op)
{
    if (PYC2C_LIKELY(PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b))) {
        return PyBool_FromLong(Pyc2c_ExactStrEqual(a, b) == (op == Py_EQ));
    }
    return PyObject_RichCompare(a, b, op);
}

/* The truth of Pyc2c_StrCompare(a, b, op): 1, 0, or -1 with an exception set. */
static inline int Pyc2c_StrCompareTruth(PyObject *a, PyObject *b, int op)
{
    if (PYC2C_LIKELY(PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b))) {
        return Pyc2c_ExactStrEqual(a, b) == (op == Py_EQ);
    }
    PyObject *r = PyObject_RichCompare(a, b, op);
    if (r == NULL) {
        return -1;
    }
    int t = PyObject_IsTrue(r);
    Py_DECREF(r);
    return t;
}

/* A one-digit int index into a sequence of n items (negative from the end): the
 * position, or -1 when it is out of range or not such an int (the C API decides). */
static inline Py_ssize_t Pyc2c_FastIndex(PyObject *k, Py_ssize_t n)
{
    if (!PyLong_CheckExact(k) || !PYC2C_LONG_IS_COMPACT(k)) {
        return -1;
    }
    Py_ssize_t i = (Py_ssize_t)PYC2C_LONG_COMPACT(k);
    i += i < 0 ? n : 0;
    return i >= 0 && i < n ? i : -1;
}

/* o[k] with CPython's specialized cases inline (list or tuple by a small int, dict by
 * a str or int key, whose hash and equality run no Python code); a dict miss, and
 * everything else, is PyObject_GetItem, so errors and __missing__ are CPython's. */
static inline PyObject *Pyc2c_ObjGetItem(PyObject *o, PyObject *k)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t == &PyList_Type || t == &PyTuple_Type) {
        Py_ssize_t i = Pyc2c_FastIndex(k, PySequence_Fast_GET_SIZE(o));
        if (i >= 0) {
            PyObject *r = PySequence_Fast_ITEMS(o)[i];
            Py_INCREF(r);
            return r;
        }
    } else if (t == &PyDict_Type && (PyUnicode_CheckExact(k) || PyLong_CheckExact(k))) {
        PyObject *r = Pyc2cDict_FindItem(o, k);
        if (r != NULL) {
            Py_INCREF(r);
            return r;
        }
        if (PyErr_Occurred()) {
            return NULL;
        }
    } else if (t != &PyDict_Type && PyDict_Check(o)) {
        return Pyc2c_DictSubGetItem(o, k);   /* a Counter's generic slot skipped */
    }
    return PyObject_GetItem(o, k);
}

/* o[k] and, for a typed dict, d[k] by a str constant k: the site remembers where its
 * key was found last (dictprobe.h, Pyc2cDict_AtSite), and a dict made like the last one
 * is read with one identity test inline; anything else goes out of line (dict.c) to
 * Pyc2c_ObjGetItem / Pyc2cDict_Get's paths, which then remember the new index. */
PyObject *Pyc2c_ObjGetItemStrSlow(PyObject *o, PyObject *k, Py_ssize_t *at);
PyObject *Pyc2cDict_GetStrSlow(PyObject *d, PyObject *k, Py_ssize_t *at);

/* Both reads by site: a dict of exactly dict's type probed at the remembered index,
 * else slow (the reader's own out-of-line path), which reports where it found k. */
PYC2C_INLINE PyObject *Pyc2c_StrSiteGet(PyObject *o, PyObject *k, Pyc2cDictSite *site,
                                        PyObject *(*slow)(PyObject *, PyObject *, Py_ssize_t *))
{
    Py_ssize_t at = site->at;
#ifdef PYC2C_DICT_PROBE
    if (Py_TYPE(o) == &PyDict_Type) {
        PyObject *r = Pyc2cDict_AtSite(o, k, site);
        if (PYC2C_LIKELY(r != NULL)) {
            Py_INCREF(r);
            return r;
        }
    }
#endif
    /* the site is written here, in the module's own code: GCC 12 (ipa-reference-addressable)
     * took a static cache written only by the out-of-line call for read-only */
    PyObject *r = slow(o, k, &at);
    if (PYC2C_LIKELY(r != NULL)) {
        site->at = at;
    }
    return r;
}

static inline PyObject *Pyc2c_ObjGetItemStr(PyObject *o, PyObject *k, Pyc2cDictSite *site)
{
    return Pyc2c_StrSiteGet(o, k, site, Pyc2c_ObjGetItemStrSlow);
}

static inline PyObject *Pyc2cDict_GetStr(PyObject *d, PyObject *k, Pyc2cDictSite *site)
{
    return Pyc2c_StrSiteGet(d, k, site, Pyc2cDict_GetStrSlow);
}

/* o[k] += v for an untyped o and a positive int literal v (dict.c). */
int Pyc2c_ObjSubscrIAdd(PyObject *o, PyObject *k, PyObject *v);
/* o[k] += v with x what o[k] read before v was computed (dict.c); F: v unboxed */
int Pyc2c_ObjSubscrIAddSet(PyObject *o, PyObject *k, PyObject *x, PyObject *v);
int Pyc2c_ObjSubscrIAddSetF(PyObject *o, PyObject *k, PyObject *x, double v);

/* o[k] = v: a list item by a small int, a dict item, inline. */
static inline int Pyc2c_ObjSetItem(PyObject *o, PyObject *k, PyObject *v)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t == &PyList_Type) {
        Py_ssize_t i = Pyc2c_FastIndex(k, PyList_GET_SIZE(o));
        if (i >= 0) {
            PyObject *old = PyList_GET_ITEM(o, i);
            Py_INCREF(v);
            PyList_SET_ITEM(o, i, v);
            Py_DECREF(old);
            return 0;
        }
    } else if (t == &PyDict_Type) {
        return PyDict_SetItem(o, k, v);
    } else if (PyDict_Check(o)) {
        return Pyc2c_DictSubSetItem(o, k, v);
    }
    return PyObject_SetItem(o, k, v);
}

/* The truth of an object: True, False and None without a call, as CPython's jumps. */
/* The truth of a value typed str, list, tuple, dict or set: an exact one's size; a
 * subclass's __bool__ or __len__ through the C API. */
static inline int Pyc2c_SizedTruth(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t == &PyUnicode_Type) {
        return PyUnicode_GET_LENGTH(o) != 0;
    }
    if (t == &PyList_Type || t == &PyTuple_Type) {
        return Py_SIZE(o) != 0;
    }
    if (t == &PyDict_Type) {
        return PyDict_GET_SIZE(o) != 0;
    }
    return PyObject_IsTrue(o);
}

#endif
