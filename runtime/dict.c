/* dict.c - dict slow paths (containers.h has the fast paths): KeyError with CPython's
 * key, lookups with a known hash, get/setdefault; and native loops over dicts, dict
 * views and sets (loops.h). */
#include "pyc2c.h"

static void key_error(PyObject *k)
{
    PyObject *t = PyTuple_Pack(1, k);   /* a tuple key must not become the args */
    if (t != NULL) {
        PyErr_SetObject(PyExc_KeyError, t);
        Py_DECREF(t);
    }
}

/* A dict lookup's borrowed v for k as a new reference; NULL with KeyError(k) when k
 * was absent (v NULL and no error set). */
static PyObject *found_or_key_error(PyObject *v, PyObject *k)
{
    if (v == NULL) {
        if (!PyErr_Occurred()) {
            key_error(k);
        }
        return NULL;
    }
    Py_INCREF(v);
    return v;
}

PyObject *Pyc2cDict_Get(PyObject *d, PyObject *k)
{
    if (!PyDict_CheckExact(d)) {
        return Pyc2c_DictSubGetItem(d, k);   /* __missing__, an override */
    }
    return found_or_key_error(Pyc2cDict_FindItem(d, k), k);
}

/* objfast.h: o[k], d[k] by a str constant k when the site's remembered entry missed */
PyObject *Pyc2c_ObjGetItemStrSlow(PyObject *o, PyObject *k, Py_ssize_t *at)
{
    if (!PyDict_CheckExact(o) || !PyUnicode_CheckExact(k)) {
        return Pyc2c_ObjGetItem(o, k);
    }
    PyObject *v = Pyc2cDict_FindStrAt(o, k, at);
    if (v != NULL) {
        Py_INCREF(v);
        return v;
    }
    return PyErr_Occurred() ? NULL : PyObject_GetItem(o, k);   /* CPython's KeyError */
}

PyObject *Pyc2cDict_GetStrSlow(PyObject *d, PyObject *k, Py_ssize_t *at)
{
    if (!PyDict_CheckExact(d) || !PyUnicode_CheckExact(k)) {
        return Pyc2cDict_Get(d, k);
    }
    return found_or_key_error(Pyc2cDict_FindStrAt(d, k, at), k);
}

PyObject *Pyc2cDict_FindOther(PyObject *d, PyObject *k)
{
    return Pyc2cDict_FindOtherInline(d, k);
}

#ifdef PYC2C_DICT_PROBE
int pyc2c_dict_probe_ok;

int Pyc2cDict_StrWalkOut(const Pyc2cDictKeys *dk, PyObject *k, Py_hash_t h, PyObject **value, Py_ssize_t *at)
{
    return Pyc2cDict_StrWalk(dk, k, h, value, at);
}

int Pyc2cDict_ProbeStrOut(PyObject *d, PyObject *k, Py_hash_t h, PyObject **value, Py_ssize_t *at)
{
    return Pyc2cDict_ProbeAt(d, k, h, 1, value, at);
}

int Pyc2cDict_IntWalkOut(const Pyc2cDictKeys *dk, PyObject *k, int64_t kv, Py_hash_t h, PyObject **value)
{
    return Pyc2cDict_IntWalk(dk, k, kv, h, value);
}

/* Is k found (as v) and is absent found absent in d by Pyc2cDict_Probe? */
static int probe_agrees(PyObject *d, PyObject *k, PyObject *v, PyObject *absent, Py_hash_t hk, Py_hash_t ha)
{
    PyObject *got = NULL, *got_int = NULL;
    int is_int = PyLong_CheckExact(k);   /* one-digit ints: Pyc2cDict_ProbeInt too */
    return Pyc2cDict_Probe(d, k, hk, PyUnicode_CheckExact(k), &got) == PYC2C_PROBE_FOUND && got == v &&
           Pyc2cDict_Probe(d, absent, ha, PyUnicode_CheckExact(absent), &got) == PYC2C_PROBE_ABSENT &&
           (!is_int || (Pyc2cDict_ProbeInt(d, k, PYC2C_LONG_COMPACT(k), hk, &got_int) == PYC2C_PROBE_FOUND &&
                        got_int == v &&
                        Pyc2cDict_ProbeInt(d, absent, PYC2C_LONG_COMPACT(absent), ha, &got_int) == PYC2C_PROBE_ABSENT));
}

/* Checks dictprobe.h's reading of the table on a str-keyed and an int-keyed dict of
 * this interpreter (several sizes, so every index width up to 16 bits and a deleted
 * entry are met): 1 if it reads them right, else 0, and the probe is never used. */
int Pyc2cDict_ProbeInit(void)
{
    int ok = 1;
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    PyObject *ds = PyDict_New(), *di = PyDict_New();
    for (long n = 0; ok && ds && di && n < 300; n++) {
        PyObject *s = PyUnicode_FromFormat("pyc2c-probe-%ld", n), *i = PyLong_FromLong(n * 7919);
        ok = s && i && PyDict_SetItem(ds, s, i) == 0 && PyDict_SetItem(di, i, s) == 0;
        if (ok && n == 5) {
            ok = PyDict_DelItem(ds, s) == 0 && PyDict_SetItem(ds, s, i) == 0;   /* a dummy slot */
        }
        if (ok && (n < 20 || n % 37 == 0)) {
            PyObject *s2 = PyUnicode_FromFormat("pyc2c-probe-%ld", n), *no = PyUnicode_FromString("pyc2c-absent");
            PyObject *i2 = PyLong_FromLong(n * 7919), *ino = PyLong_FromLong(-3);
            ok = s2 && no && i2 && ino && PyObject_Hash(s2) != -1 && PyObject_Hash(no) != -1 &&
                 probe_agrees(ds, s2, i, no, PyObject_Hash(s2), PyObject_Hash(no)) &&
                 probe_agrees(di, i2, s, ino, PyObject_Hash(i2), PyObject_Hash(ino));
            Py_XDECREF(s2);
            Py_XDECREF(no);
            Py_XDECREF(i2);
            Py_XDECREF(ino);
        }
        Py_XDECREF(s);
        Py_XDECREF(i);
    }
    /* di had no deletion: its entries count is its size (Pyc2cDict_AtSite reads it) */
    ok = ok && ds && di && ((Pyc2cDictKeys *)((PyDictObject *)di)->ma_keys)->nentries == PyDict_GET_SIZE(di);
    Py_XDECREF(ds);
    Py_XDECREF(di);
    PyErr_Restore(et, ev, etb);
    pyc2c_dict_probe_ok = ok ? 1 : -1;
    return ok;
}
#endif

int64_t Pyc2cDict_Hash(PyObject *k)
{
    Py_hash_t h = PyObject_Hash(k);
    return h == -1 ? PYC2C_I64_ERROR : (int64_t)h;
}

/* 3.13 keeps the known-hash calls internal: there the lookups hash again (str keys
 * cache their hash anyway). */
PyObject *Pyc2cDict_GetHashed(PyObject *d, PyObject *k, int64_t hash)
{
#if PY_VERSION_HEX < 0x030D0000
    if (PyDict_CheckExact(d)) {
        return found_or_key_error(_PyDict_GetItem_KnownHash(d, k, (Py_hash_t)hash), k);
    }
#else
    (void)hash;
#endif
    return Pyc2cDict_Get(d, k);
}

char Pyc2cDict_SetHashed(PyObject *d, PyObject *k, PyObject *v, int64_t hash)
{
#if PY_VERSION_HEX < 0x030D0000
    if (PyDict_CheckExact(d)) {
        return _PyDict_SetItem_KnownHash(d, k, v, (Py_hash_t)hash) < 0 ? 2 : 0;
    }
#else
    (void)hash;
#endif
    return Pyc2cDict_Set(d, k, v);
}

static PyObject *get_own(PyObject *d, PyObject *k, PyObject *dflt)
{
    PyObject *v = PyDict_CheckExact(d) ? Pyc2cDict_FindItem(d, k) : PyDict_GetItemWithError(d, k);
    if (v == NULL && PyErr_Occurred()) {
        return NULL;
    }
    v = v ? v : dflt ? dflt : Py_None;
    Py_INCREF(v);
    return v;
}

static PyObject *setdefault_own(PyObject *d, PyObject *k, PyObject *dflt)
{
    PyObject *v = PyDict_SetDefault(d, k, dflt);
    Py_XINCREF(v);
    return v;
}

/* d.get / d.setdefault of a subclass: dict's own unless the class overrides it, then
 * the override by name (with the arguments as written: dflt NULL for d.get(k)). Out of
 * line, so that an exact dict's path saves no registers for it. */
static PYC2C_NOINLINE PyObject *sub_method(PyObject *d, int op, PyObject *k, PyObject *dflt)
{
    const char *name = op == PYC2C_OWN_GET ? "get" : "setdefault";
    if (Pyc2c_OwnsSlow(d, &PyDict_Type, op)) {
        return op == PYC2C_OWN_GET ? get_own(d, k, dflt) : setdefault_own(d, k, dflt);
    }
    return dflt ? Pyc2c_CallNamed(d, name, (PyObject *[]){k, dflt}, 2) : Pyc2c_CallNamed1(d, name, k);
}

/* d.get(k) (dflt NULL) or d.get(k, dflt) */
PyObject *Pyc2cDict_GetDefault(PyObject *d, PyObject *k, PyObject *dflt)
{
    return PYC2C_LIKELY(PyDict_CheckExact(d)) ? get_own(d, k, dflt) : sub_method(d, PYC2C_OWN_GET, k, dflt);
}

PyObject *Pyc2cDict_SetDefault(PyObject *d, PyObject *k, PyObject *dflt)
{
    return PYC2C_LIKELY(PyDict_CheckExact(d)) ? setdefault_own(d, k, dflt)
                                                : sub_method(d, PYC2C_OWN_SETDEFAULT, k, dflt);
}

/* A new empty list (kind 0) or dict (kind 1), as [] and {} make them. */
static PyObject *new_empty(int kind)
{
    return kind ? PyDict_New() : PyList_New(0);
}

/* `d.setdefault(k, [])` made a list and freed it again on every call that found k
 * (groups.setdefault(key, []).append(x) in a loop). Here the default waits in a spare
 * until a call inserts it; a call that finds k leaves the spare for the next one. The
 * spare is untracked by the GC while it waits (a new empty dict is untracked anyway),
 * so nothing can reach it: it is taken out of its slot during the call (a key's
 * __eq__ may run a nested setdefault, or another thread) and tracked once inserted. */
PyObject *Pyc2cDict_SetDefaultNew(PyObject *d, PyObject *k, int kind)
{
    static PyObject *spare[2];
    if (!PyDict_CheckExact(d)) {
        PyObject *dflt = new_empty(kind);
        PyObject *v = dflt ? Pyc2cDict_SetDefault(d, k, dflt) : NULL;
        Py_XDECREF(dflt);
        return v;
    }
#ifdef PYC2C_DICT_PROBE
    /* a str key there already (grouping: most calls) is found by the inline probe, which
     * runs no Python code (exact strs hash and compare natively): nothing can observe
     * a lookup before setdefault's own */
    if (PyUnicode_CheckExact(k) && ((PyASCIIObject *)k)->hash != -1 &&
        (pyc2c_dict_probe_ok > 0 || (pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit()))) {
        PyObject *v = NULL;
        if (Pyc2cDict_ProbeStr(d, k, ((PyASCIIObject *)k)->hash, &v) == PYC2C_PROBE_FOUND) {
            Py_INCREF(v);
            return v;
        }
    }
#endif
    PyObject *fresh = spare[kind];
    spare[kind] = NULL;
    if (fresh == NULL) {
        fresh = new_empty(kind);
        if (fresh == NULL) {
            return NULL;
        }
        if (kind == 0) {
            PyObject_GC_UnTrack(fresh);
        }
    }
    PyObject *v = PyDict_SetDefault(d, k, fresh);   /* borrowed */
    if (v == fresh) {
        if (kind == 0) {
            PyObject_GC_Track(fresh);
        }
        return fresh;   /* our reference becomes the caller's; the dict holds its own */
    }
    if (spare[kind] == NULL) {
        spare[kind] = fresh;
    } else {
        Py_DECREF(fresh);
    }
    Py_XINCREF(v);
    return v;
}

/* ---- native loops over dicts, views and sets (loops.h) ---- */

PyObject *Pyc2cDict_LoopSource(PyObject *d, int64_t view)
{
    static const char *const views[] = {NULL, "keys", "values", "items"};
    if (PyDict_CheckExact(d)) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    if (view == 0) {
        return PyObject_GetIter(d);
    }
    PyObject *v = Pyc2c_CallNamed0(d, views[view]);
    if (v == NULL) {
        return NULL;
    }
    PyObject *it = PyObject_GetIter(v);
    Py_DECREF(v);
    return it;
}

PyObject *Pyc2c_ObjLoopSource(PyObject *o)
{
    if (Pyc2c_PlainSeq(o)) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    return PyObject_GetIter(o);
}

PyObject *Pyc2cSet_LoopSource(PyObject *s)
{
    if (Py_TYPE(s) == &PySet_Type || Py_TYPE(s) == &PyFrozenSet_Type) {   /* PySet_CheckExact is 3.10+ */
        Py_INCREF(Py_None);
        return Py_None;
    }
    return PyObject_GetIter(s);
}

char Pyc2c_LoopSizeChanged(const char *what)
{
    PyErr_Format(PyExc_RuntimeError, "%s changed size during iteration", what);
    return 2;
}

int64_t Pyc2cDict_KeysChanged(void)
{
    PyErr_SetString(PyExc_RuntimeError, "dictionary keys changed during iteration");
    return PYC2C_I64_ERROR;
}

/* ---- dict(zip(keys, values)) (ir/build_idioms.c): while the names hold the builtins
 * and both operands are exact lists or tuples, the pairs go into a new dict without the
 * zip object and its tuples. Item by item as zip's list iterators and dict()'s update
 * take them: sizes read again at each step (a key's __hash__ or __eq__ may change a
 * list), a key read before its value, and the shorter operand ends it. ---- */

/* o[i] as a new reference, or NULL when o (a list that may have shrunk) has no item i. */
static PyObject *seq_item_or_end(PyObject *o, Py_ssize_t i)
{
    if (PyList_CheckExact(o)) {
        return i < PyList_GET_SIZE(o) ? Py_NewRef(PyList_GET_ITEM(o, i)) : NULL;
    }
    return i < PyTuple_GET_SIZE(o) ? Py_NewRef(PyTuple_GET_ITEM(o, i)) : NULL;
}

static PyObject *dict_of_pairs(PyObject *keys, PyObject *values)
{
    PyObject *d = PyDict_New();
    for (Py_ssize_t i = 0; d != NULL; i++) {
        PyObject *k = seq_item_or_end(keys, i);
        PyObject *v = k != NULL ? seq_item_or_end(values, i) : NULL;
        int r = v != NULL ? PyDict_SetItem(d, k, v) : 1;
        Py_XDECREF(k);
        Py_XDECREF(v);
        if (r != 0) {
            if (r < 0) {
                Py_CLEAR(d);
            }
            break;
        }
    }
    return d;
}

PyObject *Pyc2c_DictOfZip(PyObject *dict_fn, PyObject *zip_fn, PyObject *keys, PyObject *values)
{
    if (dict_fn == (PyObject *)&PyDict_Type && zip_fn == (PyObject *)&PyZip_Type && Pyc2c_PlainSeq(keys) &&
        Pyc2c_PlainSeq(values)) {
        return dict_of_pairs(keys, values);
    }
    PyObject *args[3] = {NULL, keys, values};
    PyObject *z = PyObject_Vectorcall(zip_fn, args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (z == NULL) {
        return NULL;
    }
    args[1] = z;
    PyObject *r = PyObject_Vectorcall(dict_fn, args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(z);
    return r;
}

#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
/* Does the dict (or subclass instance) o read and store items as dict does? A subclass
 * (Counter, defaultdict) that does is remembered with its version tag: any change to the
 * class or its bases gives it a new tag. One type at a time: a site counts into one kind
 * of dict. */
static int owns_item_ops(PyObject *o)
{
    static PyTypeObject *type;
    static unsigned int version = PYC2C_NO_TAG;
    PyTypeObject *t = Py_TYPE(o);
    if (PYC2C_LIKELY(t == &PyDict_Type) || (t == type && PYC2C_TYPE_TAG_IS(t, version))) {
        return 1;
    }
    if (!Pyc2c_OwnsSlow(o, &PyDict_Type, PYC2C_OWN_GETITEM) || !Pyc2c_OwnsSlow(o, &PyDict_Type, PYC2C_OWN_SETITEM)) {
        return 0;
    }
    if (PYC2C_TYPE_TAG_VALID(t)) {
        type = t;
        version = t->tp_version_tag;
    }
    return 1;
}

/* The value object o holds for k (borrowed) when o is a dict whose type reads and stores
 * as dict does and k an exact str (hashed) or one-digit int found in it; else NULL. Its
 * probe runs no Python code (exact keys). */
static PyObject *probe_value(PyObject *o, PyObject *k)
{
    if (!owns_item_ops(o) || (pyc2c_dict_probe_ok <= 0 && !(pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit()))) {
        return NULL;
    }
    PyObject *ev = NULL;
    int r = PYC2C_PROBE_UNKNOWN;
    if (PyUnicode_CheckExact(k)) {
        Py_hash_t h = ((PyASCIIObject *)k)->hash;
        r = h != -1 ? Pyc2cDict_ProbeStr(o, k, h, &ev) : r;
    } else if (PyLong_CheckExact(k) && PYC2C_LONG_IS_COMPACT(k)) {
        int64_t kv = PYC2C_LONG_COMPACT(k);
        r = Pyc2cDict_ProbeInt(o, k, kv, kv == -1 ? -2 : (Py_hash_t)kv, &ev);
    }
    return r == PYC2C_PROBE_FOUND ? ev : NULL;
}

/* The bump of Pyc2c_ObjSubscrIAdd: 1 when done. o's value for k (probe_value) an exact
 * positive one-digit int above the small ints (never a shared cached one) held by the
 * dict and, where x is not NULL, by the caller's x alone (then it must be x: what o[k]
 * read), and v an exact positive one-digit int: then no one can tell the value changed
 * in place from an equal new int stored. */
static int bump_in_place(PyObject *o, PyObject *k, PyObject *v, PyObject *x)
{
    if (!PyDict_Check(o) || !PyLong_CheckExact(v) || Py_SIZE(v) != 1 ||
        (x != NULL && (!PyLong_CheckExact(x) || Py_REFCNT(x) != 2))) {
        return 0;
    }
    PyObject *ev = probe_value(o, k);
    if (ev == NULL || (x != NULL ? ev != x : !PyLong_CheckExact(ev) || Py_REFCNT(ev) != 1) || Py_SIZE(ev) != 1) {
        return 0;
    }
    digit *d = ((PyLongObject *)ev)->ob_digit, add = ((PyLongObject *)v)->ob_digit[0];
    if (d[0] <= 256 || d[0] + add > PyLong_MASK) {
        return 0;
    }
    d[0] += add;
    return 1;
}

/* The same for a float: x (what o[k] read) an exact float that only the dict, still
 * holding it for k, and the caller hold. */
static int fadd_in_place(PyObject *o, PyObject *k, PyObject *x, double v)
{
    if (!PyDict_Check(o) || !PyFloat_CheckExact(x) || Py_REFCNT(x) != 2 || probe_value(o, k) != x) {
        return 0;
    }
    ((PyFloatObject *)x)->ob_fval += v;
    return 1;
}
#endif

/* o[k] += v for an untyped o and a positive int literal v (compiler/ir/build_idioms.c
 * build_subscript_iadd): o[k], then +=, then the store, as the three generic ops; on
 * 3.11 a dict's unshared int value is bumped in place (from 3.12 a store into a dict can
 * be watched: dict watchers). 0, or -1 with an exception set. */
int Pyc2c_ObjSubscrIAdd(PyObject *o, PyObject *k, PyObject *v)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    if (bump_in_place(o, k, v, NULL)) {
        return 0;
    }
#endif
    PyObject *x = Pyc2c_ObjGetItem(o, k);
    if (x == NULL) {
        return -1;
    }
    PyObject *y = Pyc2c_ObjIAdd(x, v);
    Py_DECREF(x);
    if (y == NULL) {
        return -1;
    }
    int r = Pyc2c_ObjSetItem(o, k, y);
    Py_DECREF(y);
    return r;
}

/* o[k] += v where o[k] could not be read last (v is not a literal: CPython reads o[k],
 * then computes v, then adds and stores; compiler/ir/build_idioms.c): x is what o[k]
 * read. On 3.11 a dict's unshared int or float value that the dict still holds for k
 * is changed in place (none other than the dict and x hold it: the equal new value
 * stored would look the same); else x += v and the store, as the generic ops. */
static int iadd_store(PyObject *o, PyObject *k, PyObject *y)
{
    if (y == NULL) {
        return -1;
    }
    int r = Pyc2c_ObjSetItem(o, k, y);
    Py_DECREF(y);
    return r;
}

int Pyc2c_ObjSubscrIAddSet(PyObject *o, PyObject *k, PyObject *x, PyObject *v)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    if (PyFloat_CheckExact(v) ? fadd_in_place(o, k, x, PyFloat_AS_DOUBLE(v)) : bump_in_place(o, k, v, x)) {
        return 0;
    }
#endif
    return iadd_store(o, k, Pyc2c_ObjIAdd(x, v));
}

/* The same with v a float computed unboxed (no float made for it on the fast paths). */
int Pyc2c_ObjSubscrIAddSetF(PyObject *o, PyObject *k, PyObject *x, double v)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    if (fadd_in_place(o, k, x, v)) {
        return 0;
    }
#endif
    if (PyFloat_CheckExact(x)) {
        return iadd_store(o, k, PyFloat_FromDouble(PyFloat_AS_DOUBLE(x) + v));
    }
    PyObject *b = PyFloat_FromDouble(v);
    if (b == NULL) {
        return -1;
    }
    PyObject *y = Pyc2c_ObjIAdd(x, b);
    Py_DECREF(b);
    return iadd_store(o, k, y);
}
