/* dictprobe.h - a lookup in an exact dict by an exact str or one-digit int key, walking
 * the dict's own table as CPython's lookup does, inline (3.11 and later: the layout of
 * PyDictKeysObject is the same in 3.11, 3.12 and 3.13 without free threading, and is
 * checked once at first use by dict.c). CPython's lookup compares a key that is equal
 * but not identical (an int made by arithmetic, a str read from a file) through
 * PyObject_RichCompare: ~120 instructions a lookup. Here only what runs no Python code
 * is compared (identity, exact strs by content, exact ints by value); meeting any other
 * key with the same hash gives up, and CPython's lookup decides. Included by objfast.h. */
#ifndef PYC2C_DICTPROBE_H
#define PYC2C_DICTPROBE_H

/* A subscript site's memory of the entry where it last found its str key (AtSite below). */
typedef struct Pyc2cDictSite {
    Py_ssize_t at;   /* 1 + the entry index, 0: none yet */
} Pyc2cDictSite;

/* A dict view: dictobject.c's _PyDictViewObject (not in 3.13's public headers). */
typedef struct {
    PyObject_HEAD
    PyObject *dict;
} Pyc2cDictView;

#if PY_VERSION_HEX >= 0x030B0000 && !defined(Py_GIL_DISABLED)
#define PYC2C_DICT_PROBE 1

/* CPython's struct _dictkeysobject (Include/internal/pycore_dict.h) */
typedef struct Pyc2cDictKeys {
    Py_ssize_t refcnt;
    uint8_t log2_size, log2_index_bytes, kind;   /* kind: 0 general, 1 str keys, 2 split */
    uint32_t version;
    Py_ssize_t usable, nentries;
    char indices[];   /* 1 << log2_size indices, then the entries */
} Pyc2cDictKeys;

enum { PYC2C_PROBE_ABSENT, PYC2C_PROBE_FOUND, PYC2C_PROBE_UNKNOWN };

/* 1: the layout above was checked, -1: it does not hold (never probe), 0: not yet. */
extern int pyc2c_dict_probe_ok;
int Pyc2cDict_ProbeInit(void);

static inline Py_ssize_t Pyc2cDict_IndexAt(const Pyc2cDictKeys *dk, size_t i)
{
    uint8_t s = dk->log2_size;
    if (s < 8) {
        return ((const int8_t *)dk->indices)[i];
    }
    if (s < 16) {
        return ((const int16_t *)dk->indices)[i];
    }
    return s < 32 ? ((const int32_t *)dk->indices)[i] : ((const int64_t *)dk->indices)[i];
}

/* ek == k where k is an exact str (is_str) or one-digit int and ek has k's hash: 1 or
 * 0, or 2 when deciding could run Python code (ek of another type). */
static inline int Pyc2cDict_KeyEq(PyObject *ek, PyObject *k, int is_str)
{
    if (is_str) {
        return PyUnicode_CheckExact(ek) ? Pyc2c_ExactStrEqual(ek, k) : 2;
    }
    if (!PyLong_CheckExact(ek)) {
        return 2;
    }
    return PYC2C_LONG_IS_COMPACT(ek) && PYC2C_LONG_COMPACT(ek) == PYC2C_LONG_COMPACT(k);
}

/* The entries of a combined table (after its 1 << log2_size indices). */
static inline PyObject *const *Pyc2cDict_Entries(const Pyc2cDictKeys *dk)
{
    return (PyObject *const *)(dk->indices + ((size_t)1 << dk->log2_index_bytes));
}

/* The values of d's combined table read in place, in entry order: the first one's slot
 * (a deleted entry's holds NULL), *n entries *stride slots apart; NULL for a split
 * table (an instance's __dict__) or where the layout check failed. */
static inline PyObject *const *Pyc2cDict_ValueSlots(PyObject *d, Py_ssize_t *n, size_t *stride)
{
    const Pyc2cDictKeys *dk = (const Pyc2cDictKeys *)((PyDictObject *)d)->ma_keys;
    if (((PyDictObject *)d)->ma_values != NULL || dk->kind > 1 ||
        !(pyc2c_dict_probe_ok > 0 || (pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit()))) {
        return NULL;
    }
    *stride = dk->kind == 1 ? 2 : 3;   /* {key, value} or {hash, key, value} */
    *n = dk->nentries;
    return Pyc2cDict_Entries(dk) + *stride - 1;
}

/* The probe sequence of a str-keys table (kind 1: {key, value} entries, every key an
 * exact str) for an exact str k of hash h, the index width chosen once, not at every
 * step (PYC2C_STR_WALK below). *value borrowed and *at its entry's index when FOUND. */
#define PYC2C_STR_WALK(T)                                                                   \
    for (;;) {                                                                              \
        Py_ssize_t ix = ((const T *)dk->indices)[i];                                        \
        if (ix >= 0) {                                                                      \
            PyObject *const *e = entries + 2 * (size_t)ix;                                  \
            PyObject *ek = e[0];                                                            \
            if (ek == k || (((PyASCIIObject *)ek)->hash == h && Pyc2c_ExactStrEqual(ek, k))) { \
                *value = e[1];                                                              \
                *at = ix;                                                                   \
                return PYC2C_PROBE_FOUND;                                                   \
            }                                                                               \
        } else if (ix == -1) {                                                              \
            return PYC2C_PROBE_ABSENT;                                                      \
        }                                                                                   \
        perturb >>= 5;                                                                      \
        i = (i * 5 + perturb + 1) & mask;                                                   \
    }

static inline int Pyc2cDict_StrWalk(const Pyc2cDictKeys *dk, PyObject *k, Py_hash_t h, PyObject **value,
                                    Py_ssize_t *at)
{
    PyObject *const *entries = Pyc2cDict_Entries(dk);
    size_t mask = ((size_t)1 << dk->log2_size) - 1, perturb = (size_t)h, i = (size_t)h & mask;
    if (dk->log2_size < 8) {
        PYC2C_STR_WALK(int8_t)
    }
    if (dk->log2_size < 16) {
        PYC2C_STR_WALK(int16_t)
    }
    if (dk->log2_size < 32) {
        PYC2C_STR_WALK(int32_t)
    }
    PYC2C_STR_WALK(int64_t)
}
#undef PYC2C_STR_WALK

/* CPython's probe sequence over d's table for k of hash h; *value borrowed and *at its
 * entry's index when FOUND. */
static inline int Pyc2cDict_ProbeAt(PyObject *d, PyObject *k, Py_hash_t h, int is_str, PyObject **value,
                                    Py_ssize_t *at)
{
    PyDictObject *mp = (PyDictObject *)d;
    const Pyc2cDictKeys *dk = (const Pyc2cDictKeys *)mp->ma_keys;
    if (mp->ma_values != NULL || dk->kind > 1) {
        return PYC2C_PROBE_UNKNOWN;   /* a split table (an instance's __dict__) */
    }
    if (is_str && dk->kind == 1) {
        return Pyc2cDict_StrWalk(dk, k, h, value, at);
    }
    const char *entries = (const char *)Pyc2cDict_Entries(dk);
    size_t mask = ((size_t)1 << dk->log2_size) - 1, perturb = (size_t)h, i = (size_t)h & mask;
    for (;;) {
        Py_ssize_t ix = Pyc2cDict_IndexAt(dk, i);
        if (ix >= 0) {
            PyObject *ek, *ev;
            int eq;
            if (dk->kind == 1) {   /* {key, value}: every key an exact str */
                PyObject *const *e = (PyObject *const *)(entries + 2 * sizeof(PyObject *) * (size_t)ix);
                ek = e[0];
                ev = e[1];
                eq = ek == k ? 1 : is_str && ((PyASCIIObject *)ek)->hash == h ? Pyc2c_ExactStrEqual(ek, k) : 0;
            } else {               /* {hash, key, value} */
                PyObject *const *e = (PyObject *const *)(entries + 3 * sizeof(PyObject *) * (size_t)ix);
                ek = e[1];
                ev = e[2];
                eq = ek == k ? 1 : (Py_hash_t)(intptr_t)e[0] == h ? Pyc2cDict_KeyEq(ek, k, is_str) : 0;
            }
            if (eq != 0) {
                *value = ev;
                *at = ix;
                return eq == 1 ? PYC2C_PROBE_FOUND : PYC2C_PROBE_UNKNOWN;
            }
        } else if (ix == -1) {   /* DKIX_EMPTY; DKIX_DUMMY (-2) goes on */
            return PYC2C_PROBE_ABSENT;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static inline int Pyc2cDict_Probe(PyObject *d, PyObject *k, Py_hash_t h, int is_str, PyObject **value)
{
    Py_ssize_t at;
    return Pyc2cDict_ProbeAt(d, k, h, is_str, value, &at);
}

/* Pyc2cDict_StrWalk and Pyc2cDict_ProbeAt out of line (dict.c). */
int Pyc2cDict_StrWalkOut(const Pyc2cDictKeys *dk, PyObject *k, Py_hash_t h, PyObject **value, Py_ssize_t *at);
int Pyc2cDict_ProbeStrOut(PyObject *d, PyObject *k, Py_hash_t h, PyObject **value, Py_ssize_t *at);

/* Pyc2cDict_ProbeAt for an exact str k. A str-keys table's first slot is read inline:
 * most lookups end there, k itself (an interned name, a key read from the same table)
 * or an empty slot, deciding without saving registers; the rest walks out of line. */
PYC2C_INLINE int Pyc2cDict_ProbeStrAt(PyObject *d, PyObject *k, Py_hash_t h, PyObject **value, Py_ssize_t *at)
{
    PyDictObject *mp = (PyDictObject *)d;
    const Pyc2cDictKeys *dk = (const Pyc2cDictKeys *)mp->ma_keys;
    if (PYC2C_UNLIKELY(mp->ma_values != NULL || dk->kind != 1)) {
        return Pyc2cDict_ProbeStrOut(d, k, h, value, at);
    }
    Py_ssize_t ix = Pyc2cDict_IndexAt(dk, (size_t)h & (((size_t)1 << dk->log2_size) - 1));
    if (ix == -1) {
        return PYC2C_PROBE_ABSENT;
    }
    if (ix >= 0) {
        PyObject *const *e = Pyc2cDict_Entries(dk) + 2 * (size_t)ix;   /* {key, value} */
        if (e[0] == k) {
            *value = e[1];
            *at = ix;
            return PYC2C_PROBE_FOUND;
        }
    }
    return Pyc2cDict_StrWalkOut(dk, k, h, value, at);
}

PYC2C_INLINE int Pyc2cDict_ProbeStr(PyObject *d, PyObject *k, Py_hash_t h, PyObject **value)
{
    Py_ssize_t at;
    return Pyc2cDict_ProbeStrAt(d, k, h, value, &at);
}

/* Pyc2cDict_ProbeAt for a one-digit int k (value kv, hash h) in a general table (int
 * keys make one, {hash, key, value} entries): the same walk with only identity and int
 * comparisons, so that it needs few registers and inlines (~30 instructions a hit, against ~70). */
static inline int Pyc2cDict_IntWalk(const Pyc2cDictKeys *dk, PyObject *k, int64_t kv, Py_hash_t h,
                                    PyObject **value)
{
    PyObject *const *entries = Pyc2cDict_Entries(dk);
    size_t mask = ((size_t)1 << dk->log2_size) - 1, perturb = (size_t)h, i = (size_t)h & mask;
    for (;;) {
        Py_ssize_t ix = Pyc2cDict_IndexAt(dk, i);
        if (ix >= 0) {
            PyObject *const *e = entries + 3 * (size_t)ix;   /* {hash, key, value} */
            if (e[1] == k) {
                *value = e[2];
                return PYC2C_PROBE_FOUND;
            }
            if ((Py_hash_t)(intptr_t)e[0] == h) {
                PyObject *ek = e[1];
                if (!PyLong_CheckExact(ek)) {
                    return PYC2C_PROBE_UNKNOWN;   /* a float, bool or user key: its __eq__ */
                }
                if (PYC2C_LONG_IS_COMPACT(ek) && PYC2C_LONG_COMPACT(ek) == kv) {
                    *value = e[2];
                    return PYC2C_PROBE_FOUND;
                }
            }
        } else if (ix == -1) {
            return PYC2C_PROBE_ABSENT;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Pyc2cDict_IntWalk out of line (dict.c), for the rare walk past the first slot. */
int Pyc2cDict_IntWalkOut(const Pyc2cDictKeys *dk, PyObject *k, int64_t kv, Py_hash_t h, PyObject **value);

static inline int Pyc2cDict_ProbeInt(PyObject *d, PyObject *k, int64_t kv, Py_hash_t h, PyObject **value)
{
    PyDictObject *mp = (PyDictObject *)d;
    const Pyc2cDictKeys *dk = (const Pyc2cDictKeys *)mp->ma_keys;
    if (mp->ma_values != NULL || dk->kind != 0) {
        Py_ssize_t at;
        return Pyc2cDict_ProbeAt(d, k, h, 0, value, &at);
    }
    return Pyc2cDict_IntWalk(dk, k, kv, h, value);
}

/* The {key, value} entry at a site's remembered index (Pyc2cDictSite: 1 + the index, 0:
 * none, so never before the probe was checked) in d's table when that table holds only
 * exact str keys (kind 1), else NULL. Two equal exact strs cannot both be keys there,
 * and no key's __eq__ can be Python code, so the entry holding k (or a str equal to k)
 * is what any lookup of k finds; a deleted entry's key is NULL. */
static inline PyObject *const *Pyc2cDict_SiteEntry(PyObject *d, Py_ssize_t at)
{
    PyDictObject *mp = (PyDictObject *)d;
    const Pyc2cDictKeys *dk = (const Pyc2cDictKeys *)mp->ma_keys;
    size_t ix = (size_t)at - 1;   /* 0 (never found) wraps to SIZE_MAX */
    if (ix >= (size_t)dk->nentries || mp->ma_values != NULL || dk->kind != 1) {
        return NULL;
    }
    return Pyc2cDict_Entries(dk) + 2 * ix;
}

/* d[k] for an exact dict d and an exact str k at a site that remembers where it last
 * found its key: dicts made alike (records built by one dict display, json objects)
 * hold a key at the same index, so one load and an identity test replace the probe.
 * The value borrowed, or NULL: not found there (the caller looks up as usual, equal
 * keys first: Pyc2cDict_FindStrAt). */
static inline PyObject *Pyc2cDict_AtSite(PyObject *d, PyObject *k, const Pyc2cDictSite *site)
{
    PyObject *const *e = Pyc2cDict_SiteEntry(d, site->at);
    return e != NULL && e[0] == k ? e[1] : NULL;
}
#endif

#ifdef PYC2C_DICT_PROBE
/* Pyc2cDict_ProbeInt's walk alone, for a general table only (PYC2C_PROBE_UNKNOWN for
 * any other): few enough registers to run inline at the site. */
static inline int Pyc2cDict_ProbeIntLean(PyObject *d, PyObject *k, int64_t kv, PyObject **value)
{
    PyDictObject *mp = (PyDictObject *)d;
    const Pyc2cDictKeys *dk = (const Pyc2cDictKeys *)mp->ma_keys;
    if (mp->ma_values != NULL || dk->kind != 0) {
        return PYC2C_PROBE_UNKNOWN;
    }
    Py_hash_t h = kv == -1 ? -2 : (Py_hash_t)kv;   /* long_hash */
    /* the first slot here (most lookups end there: int keys spread by their value), so
     * that a hit or a miss saves no registers; a collision walks out of line */
    size_t i = (size_t)h & (((size_t)1 << dk->log2_size) - 1);
    Py_ssize_t ix = Pyc2cDict_IndexAt(dk, i);
    if (ix == -1) {
        return PYC2C_PROBE_ABSENT;
    }
    if (ix >= 0) {
        PyObject *const *e = Pyc2cDict_Entries(dk) + 3 * (size_t)ix;   /* {hash, key, value} */
        PyObject *ek = e[1];
        if (ek == k || ((Py_hash_t)(intptr_t)e[0] == h && PyLong_CheckExact(ek) && PYC2C_LONG_IS_COMPACT(ek) &&
                        PYC2C_LONG_COMPACT(ek) == kv)) {
            *value = e[2];
            return PYC2C_PROBE_FOUND;
        }
    }
    return Pyc2cDict_IntWalkOut(dk, k, kv, h, value);
}
#endif

PyObject *Pyc2cDict_FindOther(PyObject *d, PyObject *k);   /* dict.c: Pyc2cDict_FindItem past one-digit ints */

/* PyDict_GetItemWithError(d, k) for an exact dict d: the value borrowed, NULL when k is
 * absent (no exception) or with an exception set. A one-digit int key is probed inline. */
static inline PyObject *Pyc2cDict_FindItem(PyObject *d, PyObject *k)
{
#ifdef PYC2C_DICT_PROBE
    if (PyLong_CheckExact(k) && PYC2C_LONG_IS_COMPACT(k) && PYC2C_LIKELY(pyc2c_dict_probe_ok > 0)) {
        PyObject *v = NULL;
        int r = Pyc2cDict_ProbeIntLean(d, k, PYC2C_LONG_COMPACT(k), &v);
        if (r != PYC2C_PROBE_UNKNOWN) {
            return r == PYC2C_PROBE_FOUND ? v : NULL;
        }
    }
#endif
    return Pyc2cDict_FindOther(d, k);
}

/* Pyc2cDict_FindItem's out-of-line part: str keys probed, ints when the probe is not
 * checked yet, the rest CPython's lookup. */
static inline PyObject *Pyc2cDict_FindOtherInline(PyObject *d, PyObject *k)
{
#ifdef PYC2C_DICT_PROBE
    if (PYC2C_LIKELY(pyc2c_dict_probe_ok > 0) || (pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit())) {
        PyObject *v = NULL;
        int r = PYC2C_PROBE_UNKNOWN;
        if (PyUnicode_CheckExact(k)) {
            Py_hash_t h = ((PyASCIIObject *)k)->hash;   /* -1: not computed yet; CPython's lookup will */
            r = h != -1 ? Pyc2cDict_ProbeStr(d, k, h, &v) : r;
        } else if (PyLong_CheckExact(k) && PYC2C_LONG_IS_COMPACT(k)) {
            int64_t kv = PYC2C_LONG_COMPACT(k);
            r = Pyc2cDict_ProbeInt(d, k, kv, kv == -1 ? -2 : (Py_hash_t)kv, &v);   /* long_hash */
        }
        if (r != PYC2C_PROBE_UNKNOWN) {
            return r == PYC2C_PROBE_FOUND ? v : NULL;
        }
    }
#endif
    return PyDict_GetItemWithError(d, k);
}

/* Pyc2cDict_FindItem(d, k) for an exact str k at a site remembering where its key was
 * (*at_io, as Pyc2cDictSite.at): tried there first, else probed and *at_io updated. */
static inline PyObject *Pyc2cDict_FindStrAt(PyObject *d, PyObject *k, Py_ssize_t *at_io)
{
#ifdef PYC2C_DICT_PROBE
    PyObject *const *e = Pyc2cDict_SiteEntry(d, *at_io);
    Py_hash_t h = ((PyASCIIObject *)k)->hash;
    /* a key equal to k but another object (split from a header line, read from a file) */
    if (e != NULL && e[0] != NULL && (e[0] == k || (((PyASCIIObject *)e[0])->hash == h && Pyc2c_ExactStrEqual(e[0], k)))) {
        return e[1];
    }
    PyObject *v = NULL;
    if (h != -1 && (PYC2C_LIKELY(pyc2c_dict_probe_ok > 0) || (pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit()))) {
        Py_ssize_t at = -1;
        int r = Pyc2cDict_ProbeStrAt(d, k, h, &v, &at);
        if (r == PYC2C_PROBE_FOUND) {
            *at_io = at + 1;
            return v;
        }
        if (r == PYC2C_PROBE_ABSENT) {
            return NULL;
        }
    }
#else
    (void)at_io;
#endif
    return PyDict_GetItemWithError(d, k);
}

#endif
