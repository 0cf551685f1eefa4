/* memo.h - functools.cache / lru_cache on a compiled function, natively (memo.c).
 *
 * A memo object stands where functools' C `_lru_cache_wrapper` would: the same keys
 * (functools' rule: a lone exact int or str argument is its own key, else a tuple of the
 * arguments, a marker and the keyword pairs, then the types when typed), the same
 * hit/miss counting, the same LRU eviction, cache_info() as functools' own _CacheInfo,
 * cache_clear(), and a __dict__ filled by functools.update_wrapper.  The cache is one
 * chained hash table with an LRU list; entries whose key is a machine-word int are
 * marked so that compiled callers look them up without boxing (Pyc2cMemo_IntLookup).
 * Included by pyc2c.h (needs Pyc2cFuncDef, Pyc2cIntact). */
#ifndef PYC2C_MEMO_H
#define PYC2C_MEMO_H

#if PY_VERSION_HEX < 0x030A0000
static inline PyObject *Py_NewRef(PyObject *o)   /* 3.10's */
{
    Py_INCREF(o);
    return o;
}
#endif

/* Compiled calls with up to this many int arguments look the cache up unboxed. */
#define PYC2C_MEMO_INTS 4

typedef struct Pyc2cMemoEntry {
    Py_hash_t hash;
    PyObject *key;                       /* NULL when the key is nints short ints */
    PyObject *result;                    /* NULL until boxed when ires holds it */
    struct Pyc2cMemoEntry *chain;        /* next in its bucket (or in the free list) */
    struct Pyc2cMemoEntry *prev, *next;  /* LRU list: root.next is the oldest */
    int64_t ival[PYC2C_MEMO_INTS];       /* the key's values when nints > 0 */
    int64_t ires;                        /* a short int result not boxed yet */
    signed char nints;                   /* 1: the key is an exact int that fits int64_t;
                                          * 2..PYC2C_MEMO_INTS: a tuple of such ints; 0: key */
} Pyc2cMemoEntry;

typedef struct Pyc2cMemo {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *func;          /* the wrapped function, called on a miss */
    PyObject *info_type;     /* functools._CacheInfo */
    Py_ssize_t maxsize;      /* -1: unbounded; 0: nothing cached */
    int typed;
    Py_ssize_t hits, misses;
    Pyc2cMemoEntry **buckets;
    size_t mask;             /* nbuckets - 1 (a power of two) */
    Py_ssize_t count;        /* currsize */
    uint64_t mutations;      /* moves on every insert, removal and clear */
    Pyc2cMemoEntry root;     /* LRU list sentinel */
    Pyc2cMemoEntry *spare;   /* freed entries kept for reuse (chained), nspare of them */
    int nspare;
    PyObject *dict;
    PyObject *weakreflist;
} Pyc2cMemo;

extern PyTypeObject Pyc2cMemo_Type;

/* A new, empty memo over func; memo_apply.c fills its __dict__ as functools does. */
PyObject *Pyc2cMemo_New(PyObject *func, Py_ssize_t maxsize, int typed, PyObject *info_type);

/* The decorator step of `@deco def f`: when deco is functools.cache, functools.lru_cache
 * or what lru_cache(maxsize, typed) returned (recognised by identity, so a rebound or
 * shadowed name is called as usual), a memo object over func; else deco(func). */
PyObject *Pyc2cMemo_Apply(PyObject *deco, PyObject *func);
/* The index of the free variable `name` in a code object's co_freevars (its closure
 * cell), or -1. */
Py_ssize_t Pyc2c_CellIndex(PyObject *code, const char *name);

#ifdef PyHASH_BITS
#define PYC2C_HASH_BITS PyHASH_BITS     /* 3.13 */
#else
#define PYC2C_HASH_BITS _PyHASH_BITS
#endif

/* hash(v) for an int v, as CPython computes it. */
static inline Py_hash_t Pyc2cMemo_HashI64(int64_t v)
{
    uint64_t m = ((uint64_t)1 << PYC2C_HASH_BITS) - 1;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    Py_hash_t h = (Py_hash_t)(a < m ? a : a % m);   /* no division for the usual small keys */
    h = v < 0 ? -h : h;
    return h == -1 ? -2 : h;
}

/* hash((v[0], ..., v[n-1])) as CPython's tuple hash computes it (xxHash-based since
 * 3.8); n == 1: hash(v[0]).  Pyc2cMemo_TupleHashOk checks the formula once against the
 * running interpreter's own tuple hash. */
static inline Py_hash_t Pyc2cMemo_HashInts(const int64_t *v, int n)
{
    if (n == 1) {
        return Pyc2cMemo_HashI64(v[0]);
    }
    const uint64_t p1 = 11400714785074694791ULL, p2 = 14029467366897019727ULL, p5 = 2870177450012600261ULL;
    uint64_t acc = p5;
    for (int i = 0; i < n; i++) {
        acc += (uint64_t)Pyc2cMemo_HashI64(v[i]) * p2;
        acc = (acc << 31) | (acc >> 33);
        acc *= p1;
    }
    acc += (uint64_t)n ^ (p5 ^ 3527539ULL);
    return acc == (uint64_t)-1 ? 1546275796 : (Py_hash_t)acc;
}

/* 1 when Pyc2cMemo_HashInts agrees with the interpreter's tuple hash (checked once). */
int Pyc2cMemo_TupleHashCheck(void);
extern int pyc2c_memo_tuple_hash_ok;   /* -1 until checked */

/* A compiled call f(v[0], ..., v[n-1]) with n int arguments (1 <= n <= PYC2C_MEMO_INTS).
 * 1: a hit, *hit its entry (counted, moved to the recent end; its result is e->result,
 * or the short int e->ires when that is NULL); 0: a miss, counted: call the function,
 * then Pyc2cMemo_IntsStore; 2: this memo cannot take the short path (typed, or a tuple
 * hash this runtime does not know): call it as an object. */
static inline int Pyc2cMemo_IntsLookup(PyObject *self, const int64_t *v, int n, Pyc2cMemoEntry **hit)
{
    Pyc2cMemo *m = (Pyc2cMemo *)self;
    if (PYC2C_UNLIKELY(m->typed)) {
        return 2;
    }
    if (n > 1 && PYC2C_UNLIKELY(pyc2c_memo_tuple_hash_ok != 1) &&
        (pyc2c_memo_tuple_hash_ok == 0 || !Pyc2cMemo_TupleHashCheck())) {
        return 2;
    }
    if (m->maxsize != 0) {
        Py_hash_t h = Pyc2cMemo_HashInts(v, n);
        for (Pyc2cMemoEntry *e = m->buckets[(size_t)h & m->mask]; e; e = e->chain) {
            if (e->hash == h && e->nints == n && e->ival[0] == v[0] &&
                (n == 1 || memcmp(e->ival + 1, v + 1, sizeof(int64_t) * (size_t)(n - 1)) == 0)) {
                if (m->maxsize > 0) {   /* order only matters when entries are evicted */
                    e->prev->next = e->next;
                    e->next->prev = e->prev;
                    e->prev = m->root.prev;
                    e->next = &m->root;
                    m->root.prev->next = e;
                    m->root.prev = e;
                }
                m->hits++;
                *hit = e;
                return 1;
            }
        }
    }
    m->misses++;
    return 0;
}

static inline int Pyc2cMemo_IntLookup(PyObject *self, int64_t v, Pyc2cMemoEntry **hit)
{
    return Pyc2cMemo_IntsLookup(self, &v, 1, hit);
}

/* After a miss counted by Pyc2cMemo_IntsLookup: caches result (borrowed) for v as the
 * wrapper does after its call.  0, or -1 with an error set. */
int Pyc2cMemo_IntsStore(PyObject *self, const int64_t *v, int n, PyObject *result);
/* The same for a result that is a short int r, boxed only if Python code reads it. */
int Pyc2cMemo_IntsStoreShort(PyObject *self, const int64_t *v, int n, int64_t r);

/* 1 when the module dict still maps def's name to a memo object over def's function
 * defined in that module (seen->held is then that memo), else 0. */
int Pyc2c_MemoIntactLookup(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen);

static inline char Pyc2c_MemoIntact(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen)
{
    if (PYC2C_LIKELY(seen->dict == dict && seen->version == Pyc2c_DictVersion(dict))) {
        return 1;
    }
    return (char)Pyc2c_MemoIntactLookup(dict, def, seen);
}

#endif
