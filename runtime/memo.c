/* memo.c - the memo object (memo.h): its cache table, calls, and the methods
 * functools' _lru_cache_wrapper has.  memo_apply.c makes memo objects. */
#include <stddef.h>
#include <string.h>
#include "pyc2c.h"

/* ---- the table: chained buckets plus an LRU list ---- */

static void list_unlink(Pyc2cMemoEntry *e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
}

static void list_append(Pyc2cMemo *m, Pyc2cMemoEntry *e)
{
    e->prev = m->root.prev;
    e->next = &m->root;
    m->root.prev->next = e;
    m->root.prev = e;
}

/* A hit moves its entry to the recent end; unbounded caches never evict, so skip it. */
static void touch(Pyc2cMemo *m, Pyc2cMemoEntry *e)
{
    if (m->maxsize > 0) {
        list_unlink(e);
        list_append(m, e);
    }
}

/* Releases what e holds and keeps it for reuse (up to a bound). */
static void free_entry(Pyc2cMemo *m, Pyc2cMemoEntry *e)
{
    PyObject *key = e->key, *result = e->result;
    if (m->nspare < 4096) {
        e->chain = m->spare;
        m->spare = e;
        m->nspare++;
    } else {
        PyMem_Free(e);
    }
    Py_XDECREF(key);
    Py_XDECREF(result);
}

static void free_spares(Pyc2cMemo *m)
{
    while (m->spare != NULL) {
        Pyc2cMemoEntry *e = m->spare;
        m->spare = e->chain;
        PyMem_Free(e);
    }
    m->nspare = 0;
}

/* Doubles the bucket array; on failure the table keeps its longer chains. */
static void grow(Pyc2cMemo *m)
{
    size_t n = (m->mask + 1) * 2;
    Pyc2cMemoEntry **b = PyMem_Calloc(n, sizeof *b);
    if (b == NULL) {
        return;
    }
    for (Pyc2cMemoEntry *e = m->root.next; e != &m->root; e = e->next) {
        size_t i = (size_t)e->hash & (n - 1);
        e->chain = b[i];
        b[i] = e;
    }
    PyMem_Free(m->buckets);
    m->buckets = b;
    m->mask = n - 1;
}

int pyc2c_memo_tuple_hash_ok = -1;

/* The values of a key compiled callers can look up unboxed: an exact int that fits
 * int64_t (1), or a tuple of 2..PYC2C_MEMO_INTS such ints (its length); else 0. */
static int key_ints(PyObject *key, int64_t *v)
{
    int overflow;
    if (PyLong_CheckExact(key)) {
        v[0] = PyLong_AsLongLongAndOverflow(key, &overflow);
        return !overflow;
    }
    if (!PyTuple_CheckExact(key) || PyTuple_GET_SIZE(key) < 2 || PyTuple_GET_SIZE(key) > PYC2C_MEMO_INTS ||
        (pyc2c_memo_tuple_hash_ok != 1 && (pyc2c_memo_tuple_hash_ok == 0 || !Pyc2cMemo_TupleHashCheck()))) {
        return 0;
    }
    int n = (int)PyTuple_GET_SIZE(key);
    for (int i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(key, i);
        if (!PyLong_CheckExact(item)) {
            return 0;
        }
        v[i] = PyLong_AsLongLongAndOverflow(item, &overflow);
        if (overflow) {
            return 0;
        }
    }
    return n;
}

int Pyc2cMemo_TupleHashCheck(void)
{
    static const int64_t probe[3] = {-7, 1000003, (int64_t)1 << 62};
    PyObject *t = Py_BuildValue("(LLL)", (long long)probe[0], (long long)probe[1], (long long)probe[2]);
    Py_hash_t h = t ? PyObject_Hash(t) : -1;
    Py_XDECREF(t);
    if (h == -1) {
        PyErr_Clear();   /* no memory: ints keys stay objects */
        pyc2c_memo_tuple_hash_ok = 0;
        return 0;
    }
    pyc2c_memo_tuple_hash_ok = h == Pyc2cMemo_HashInts(probe, 3);
    return pyc2c_memo_tuple_hash_ok;
}

/* Adds the most recent entry: key (stolen; NULL for the n ints v) -> result (stolen;
 * NULL for the short int r). */
static int insert(Pyc2cMemo *m, PyObject *key, const int64_t *v, int n, Py_hash_t h, PyObject *result, int64_t r)
{
    Pyc2cMemoEntry *e = m->spare;
    if (e != NULL) {
        m->spare = e->chain;
        m->nspare--;
    } else if ((e = PyMem_Malloc(sizeof *e)) == NULL) {
        Py_XDECREF(key);
        Py_XDECREF(result);
        PyErr_NoMemory();
        return -1;
    }
    if (key != NULL && (n = key_ints(key, e->ival)) > 0) {
        Py_CLEAR(key);   /* the values are the key: no object to keep */
    } else if (key == NULL) {
        memcpy(e->ival, v, sizeof(int64_t) * (size_t)n);
    }
    e->hash = h;
    e->key = key;
    e->nints = (signed char)(key == NULL ? n : 0);
    e->result = result;
    e->ires = r;
    size_t i = (size_t)h & m->mask;
    e->chain = m->buckets[i];
    m->buckets[i] = e;
    list_append(m, e);
    m->count++;
    m->mutations++;
    if ((size_t)m->count > m->mask + 1) {
        grow(m);
    }
    return 0;
}

static void unlink_entry(Pyc2cMemo *m, Pyc2cMemoEntry *e)
{
    Pyc2cMemoEntry **p = &m->buckets[(size_t)e->hash & m->mask];
    while (*p != e) {
        p = &(*p)->chain;
    }
    *p = e->chain;
    list_unlink(e);
    m->count--;
    m->mutations++;
}

/* Whether the entry e of ints equals key, a tuple of as many items that are not all
 * short ints ((1.0, 2) == (1, 2), (True, 2) too, as for the tuple functools would keep):
 * 1, 0, or -1 with an error set. */
static int ints_equal_tuple(const Pyc2cMemoEntry *e, PyObject *key)
{
    int n = e->nints;
    if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != n) {
        return 0;
    }
    int64_t ival[PYC2C_MEMO_INTS];
    memcpy(ival, e->ival, sizeof ival);   /* an __eq__ may free e */
    for (int i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(key, i), *v = PyLong_FromLongLong(ival[i]);
        if (v == NULL) {
            return -1;
        }
        Py_INCREF(item);
        int eq = PyObject_RichCompareBool(v, item, Py_EQ);
        Py_DECREF(item);
        Py_DECREF(v);
        if (eq <= 0) {
            return eq;
        }
    }
    return 1;
}

/* The entry whose key equals key (a dict's rule: same hash, then identity or ==,
 * the stored key compared first).  An entry of one int equals only an exact int of its
 * value (every other key is a str or a tuple); an entry of several ints, a tuple that
 * compares equal item by item.  An __eq__ that changes the cache restarts the search,
 * as a dict lookup does.  0 (*out NULL when absent), or -1. */
static int find(Pyc2cMemo *m, PyObject *key, Py_hash_t h, Pyc2cMemoEntry **out)
{
    int64_t v[PYC2C_MEMO_INTS];
    int n = key_ints(key, v);
restart:
    for (Pyc2cMemoEntry *e = m->buckets[(size_t)h & m->mask]; e; e = e->chain) {
        if (e->hash != h) {
            continue;
        }
        if (e->nints > 0 && n > 0) {
            if (e->nints == n && memcmp(e->ival, v, sizeof(int64_t) * (size_t)n) == 0) {
                *out = e;
                return 0;
            }
            continue;
        }
        if (e->key == key) {
            *out = e;
            return 0;
        }
        if (e->nints == 1) {
            continue;
        }
        uint64_t seen = m->mutations;
        int eq;
        if (e->nints > 1) {
            eq = ints_equal_tuple(e, key);
        } else {
            PyObject *k = e->key;
            Py_INCREF(k);
            eq = PyObject_RichCompareBool(k, key, Py_EQ);
            Py_DECREF(k);
        }
        if (eq < 0) {
            return -1;
        }
        if (m->mutations != seen) {
            goto restart;
        }
        if (eq) {
            *out = e;
            return 0;
        }
    }
    *out = NULL;
    return 0;
}

static Pyc2cMemoEntry *find_ints(Pyc2cMemo *m, const int64_t *v, int n, Py_hash_t h)
{
    for (Pyc2cMemoEntry *e = m->buckets[(size_t)h & m->mask]; e; e = e->chain) {
        if (e->hash == h && e->nints == n && memcmp(e->ival, v, sizeof(int64_t) * (size_t)n) == 0) {
            return e;
        }
    }
    return NULL;
}

/* An entry's result as an object (boxing a short int result once). */
static PyObject *result_of(Pyc2cMemoEntry *e)
{
    if (e->result == NULL) {
        e->result = PyLong_FromLongLong(e->ires);
    }
    return e->result;
}

/* After the call of a miss: an unbounded cache stores (replacing what the call itself
 * may have stored for key), a bounded one keeps an entry the call added, else adds
 * one, evicting the oldest when full.  key NULL: the n ints v.  result NULL: the
 * short int r. */
static int store(Pyc2cMemo *m, PyObject *key, const int64_t *v, int n, Py_hash_t h, PyObject *result, int64_t r)
{
    Pyc2cMemoEntry *e;
    if (key == NULL) {
        e = find_ints(m, v, n, h);
    } else if (find(m, key, h, &e) < 0) {
        return -1;
    }
    if (e != NULL) {
        if (m->maxsize < 0) {
            PyObject *old = e->result;
            Py_XINCREF(result);
            e->result = result;
            e->ires = r;
            Py_XDECREF(old);
        }
        return 0;
    }
    Py_XINCREF(key);
    Pyc2cMemoEntry *victim = NULL;
    if (m->maxsize > 0 && m->count >= m->maxsize && m->root.next != &m->root) {
        victim = m->root.next;
        unlink_entry(m, victim);
    }
    Py_XINCREF(result);
    int rc = insert(m, key, v, n, h, result, r);
    if (victim != NULL) {
        free_entry(m, victim);   /* now: its __del__ sees a consistent cache */
    }
    return rc;
}

int Pyc2cMemo_IntsStore(PyObject *self, const int64_t *v, int n, PyObject *result)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    return m->maxsize == 0 ? 0 : store(m, NULL, v, n, Pyc2cMemo_HashInts(v, n), result, 0);
}

int Pyc2cMemo_IntsStoreShort(PyObject *self, const int64_t *v, int n, int64_t r)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    return m->maxsize == 0 ? 0 : store(m, NULL, v, n, Pyc2cMemo_HashInts(v, n), NULL, r);
}

/* ---- calls ---- */

static PyObject *kwd_mark;   /* separates arguments from keyword pairs in keys */

/* functools' key: a lone exact int or str is its own key; else the arguments, then
 * (marker, name, value...) for keywords, then every argument's type when typed. */
static PyObject *make_key(Pyc2cMemo *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (!m->typed && nkw == 0 && nargs == 1 && (PyLong_CheckExact(args[0]) || PyUnicode_CheckExact(args[0]))) {
        Py_INCREF(args[0]);
        return args[0];
    }
    if (nkw > 0 && kwd_mark == NULL && (kwd_mark = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)) == NULL) {
        return NULL;
    }
    Py_ssize_t n = nargs + (nkw ? 1 + 2 * nkw : 0) + (m->typed ? nargs + nkw : 0), k = 0;
    PyObject *key = PyTuple_New(n);
    if (key == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyTuple_SET_ITEM(key, k++, Py_NewRef(args[i]));
    }
    if (nkw > 0) {
        PyTuple_SET_ITEM(key, k++, Py_NewRef(kwd_mark));
        for (Py_ssize_t i = 0; i < nkw; i++) {
            PyTuple_SET_ITEM(key, k++, Py_NewRef(PyTuple_GET_ITEM(kwnames, i)));
            PyTuple_SET_ITEM(key, k++, Py_NewRef(args[nargs + i]));
        }
    }
    for (Py_ssize_t i = 0; m->typed && i < nargs + nkw; i++) {
        PyTuple_SET_ITEM(key, k++, Py_NewRef((PyObject *)Py_TYPE(args[i])));
    }
    return key;
}

/* A miss: the wrapped function, counted as CPython counts its call from the wrapper. */
static PyObject *call_func(Pyc2cMemo *m, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyThreadState *ts = PYC2C_TSTATE();
    PyObject *r = Pyc2c_MemoMissEnter(ts) ? NULL : PyObject_Vectorcall(m->func, args, nargsf, kwnames);
    Pyc2c_MemoMissLeave(ts);
    return r;
}

static PyObject *memo_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    if (m->maxsize == 0) {   /* no key at all: unhashable arguments are fine */
        m->misses++;
        return call_func(m, args, nargsf, kwnames);
    }
    PyObject *key = make_key(m, args, PyVectorcall_NARGS(nargsf), kwnames), *result = NULL;
    if (key == NULL) {
        return NULL;
    }
    Py_hash_t h = PyObject_Hash(key);
    Pyc2cMemoEntry *e;
    if (h == -1 || find(m, key, h, &e) < 0) {
        Py_DECREF(key);
        return NULL;
    }
    if (e != NULL) {
        touch(m, e);
        m->hits++;
        result = result_of(e);
        Py_XINCREF(result);
    } else {
        m->misses++;
        result = call_func(m, args, nargsf, kwnames);
        if (result != NULL && store(m, key, NULL, 0, h, result, 0) < 0) {
            Py_CLEAR(result);
        }
    }
    Py_DECREF(key);
    return result;
}

/* Counted in the recursion depth as CPython counts the call of its lru_cache wrapper
 * (a tp_call): a memoized recursion stops at the depth it stops at interpreted. */
static PyObject *memo_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyThreadState *ts = PYC2C_TSTATE();
    PyObject *r = Pyc2c_CallEnter(ts) ? NULL : memo_call(self, args, nargsf, kwnames);
    Pyc2c_CallLeave(ts);
    return r;
}

/* ---- methods ---- */

static PyObject *memo_cache_info(PyObject *self, PyObject *unused)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    if (m->maxsize < 0) {
        return PyObject_CallFunction(m->info_type, "nnOn", m->hits, m->misses, Py_None, m->count);
    }
    /* the C wrapper reports its Py_ssize_t maxsize: lru_cache(True) shows 1 */
    return PyObject_CallFunction(m->info_type, "nnnn", m->hits, m->misses, m->maxsize, m->count);
}

/* Empties the table first, then releases: a key's __del__ sees an empty cache. */
static void clear_entries(Pyc2cMemo *m)
{
    Pyc2cMemoEntry *e = m->root.next;
    m->root.next = m->root.prev = &m->root;
    if (m->buckets != NULL) {
        memset(m->buckets, 0, (m->mask + 1) * sizeof *m->buckets);
    }
    m->count = 0;
    m->mutations++;
    while (e != &m->root) {
        Pyc2cMemoEntry *next = e->next;
        free_entry(m, e);
        e = next;
    }
}

static PyObject *memo_cache_clear(PyObject *self, PyObject *unused)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    m->hits = m->misses = 0;
    clear_entries(m);
    Py_RETURN_NONE;
}

static PyObject *memo_reduce(PyObject *self, PyObject *unused)
{
    return PyObject_GetAttrString(self, "__qualname__");   /* pickled by reference */
}

static PyObject *memo_self(PyObject *self, PyObject *unused)
{
    return Py_NewRef(self);
}

static PyObject *memo_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    if (obj == NULL || obj == Py_None) {
        return Py_NewRef(self);
    }
    return PyMethod_New(self, obj);
}

static int memo_traverse(PyObject *self, visitproc visit, void *arg)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    for (Pyc2cMemoEntry *e = m->root.next; e != NULL && e != &m->root; e = e->next) {
        Py_VISIT(e->key);   /* NULL for small keys and unboxed results */
        Py_VISIT(e->result);
    }
    Py_VISIT(m->func);
    Py_VISIT(m->info_type);
    Py_VISIT(m->dict);
    return 0;
}

static int memo_clear(PyObject *self)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    clear_entries(m);
    Py_CLEAR(m->func);
    Py_CLEAR(m->info_type);
    Py_CLEAR(m->dict);
    return 0;
}

static void memo_dealloc(PyObject *self)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    PyObject_GC_UnTrack(self);
    if (m->weakreflist != NULL) {
        PyObject_ClearWeakRefs(self);
    }
    memo_clear(self);
    free_spares(m);
    PyMem_Free(m->buckets);
    PyObject_GC_Del(self);
}

static PyMethodDef memo_methods[] = {
    {"cache_info", memo_cache_info, METH_NOARGS, "Report cache statistics"},
    {"cache_clear", memo_cache_clear, METH_NOARGS, "Clear the cache and cache statistics"},
    {"__reduce__", memo_reduce, METH_NOARGS, NULL},
    {"__copy__", memo_self, METH_NOARGS, NULL},
    {"__deepcopy__", memo_self, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef memo_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject Pyc2cMemo_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "functools._lru_cache_wrapper",   /* as CPython's: messages name the type */
    .tp_basicsize = sizeof(Pyc2cMemo),
    .tp_dealloc = memo_dealloc,
    .tp_vectorcall_offset = offsetof(Pyc2cMemo, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_doc = "A compiled function's functools cache.",
    .tp_traverse = memo_traverse,
    .tp_clear = memo_clear,
    .tp_weaklistoffset = offsetof(Pyc2cMemo, weakreflist),
    .tp_methods = memo_methods,
    .tp_getset = memo_getset,
    .tp_descr_get = memo_descr_get,
    .tp_dictoffset = offsetof(Pyc2cMemo, dict),
};

/* A new, empty memo over func (the caller fills __dict__). */
PyObject *Pyc2cMemo_New(PyObject *func, Py_ssize_t maxsize, int typed, PyObject *info_type)
{
    if (!(Pyc2cMemo_Type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&Pyc2cMemo_Type) < 0) {
        return NULL;
    }
    Pyc2cMemo *m = PyObject_GC_New(Pyc2cMemo, &Pyc2cMemo_Type);
    if (m == NULL) {
        return NULL;
    }
    m->vectorcall = memo_vectorcall;
    m->func = Py_NewRef(func);
    m->info_type = Py_NewRef(info_type);
    m->maxsize = maxsize;
    m->typed = typed;
    m->hits = m->misses = 0;
    m->count = 0;
    m->mutations = 0;
    m->root.prev = m->root.next = &m->root;
    m->spare = NULL;
    m->nspare = 0;
    m->dict = NULL;
    m->weakreflist = NULL;
    m->mask = 7;
    m->buckets = PyMem_Calloc(m->mask + 1, sizeof *m->buckets);
    if (m->buckets == NULL) {
        m->mask = 0;
        Py_DECREF(m);
        return PyErr_NoMemory();
    }
    PyObject_GC_Track(m);
    return (PyObject *)m;
}
