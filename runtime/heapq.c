/* heapq.c - heapq's push and pop on a list, comparing with Pyc2c_OrderBool. The sift
 * loops make CPython's comparisons in CPython's order and swap items as it does, so a
 * class's __lt__ sees the same calls and the same list; each comparison that may have
 * run Python code is followed by CPython's check that the list kept its size. Each
 * call is given the object its name holds now, so a program (or a test's mock) that
 * patches heapq.heappush gets its own function called. */
#include "pyc2c.h"

enum { HEAP_PUSH, HEAP_POP, HEAP_REPLACE, HEAP_PUSHPOP, HEAP_HEAPIFY, HEAP_FNS };

/* Is fn _heapq's function `which` (heapq re-exports them)? The functions are looked up
 * once and held, so an address seen once cannot be reused by another object. */
static int heapq_own(PyObject *fn, int which)
{
    static PyObject *own[HEAP_FNS];
    static int looked;
    if (PYC2C_LIKELY(fn == own[which])) {
        return 1;
    }
    if (!looked) {
        static const char *const names[HEAP_FNS] = {"heappush", "heappop", "heapreplace", "heappushpop", "heapify"};
        looked = 1;
        PyObject *mod = PyImport_ImportModule("_heapq");
        for (int i = 0; mod != NULL && i < HEAP_FNS; i++) {
            own[i] = PyObject_GetAttrString(mod, names[i]);
        }
        Py_XDECREF(mod);
        PyErr_Clear();   /* no _heapq (another implementation): every call is fn's own */
        return fn == own[which];
    }
    return 0;
}

/* fn(heap[, item]) through the call protocol. */
static PyObject *call(PyObject *fn, PyObject *heap, PyObject *item)
{
    PyObject *args[2] = {heap, item};
    return PyObject_Vectorcall(fn, args, item ? 2 : 1, NULL);
}

static int index_error(void)
{
    PyErr_SetString(PyExc_IndexError, "index out of range");
    return -1;
}

/* a < b through the call protocol, both held as heapq holds them while a comparison
 * may run Python code; then CPython's check that the list kept its size. */
static PYC2C_NOINLINE int held_less(PyObject *heap, Py_ssize_t size, PyObject *a, PyObject *b)
{
    Py_INCREF(a);
    Py_INCREF(b);
    int lt = Pyc2c_OrderBool(a, b, Py_LT);
    Py_DECREF(a);
    Py_DECREF(b);
    if (lt >= 0 && size != PyList_GET_SIZE(heap)) {
        PyErr_SetString(PyExc_RuntimeError, "list changed size during iteration");
        return -1;
    }
    return lt;
}

/* a < b: inline where no Python code runs (nothing to hold, the list cannot change),
 * else held_less. */
PYC2C_INLINE int heap_less(PyObject *heap, Py_ssize_t size, PyObject *a, PyObject *b)
{
    int quick = Pyc2c_OrderQuick(a, b, Py_LT);
    return PYC2C_LIKELY(quick != PYC2C_ORDER_SLOW) ? quick : held_less(heap, size, a, b);
}

/* The item at pos moves towards startpos while it is less than its parent. */
static int sift_down(PyObject *heap, Py_ssize_t startpos, Py_ssize_t pos)
{
    Py_ssize_t size = PyList_GET_SIZE(heap);
    if (pos >= size) {
        return index_error();
    }
    while (pos > startpos) {
        Py_ssize_t parentpos = (pos - 1) >> 1;
        PyObject **items = ((PyListObject *)heap)->ob_item;
        int lt = heap_less(heap, size, items[pos], items[parentpos]);
        if (lt <= 0) {
            return lt;
        }
        items = ((PyListObject *)heap)->ob_item;   /* a comparison may have moved them */
        PyObject *parent = items[parentpos];
        items[parentpos] = items[pos];
        items[pos] = parent;
        pos = parentpos;
    }
    return 0;
}

/* A tuple's first item: both ends of it, as an int of one digit lies across two cache
 * lines half the time (32-byte blocks after pymalloc's 48-byte pool header), its type
 * in one and its size and digit in the next (heap_schedule: 3% less CPU time). */
PYC2C_INLINE void prefetch_first(PyObject *t)
{
    if (Py_IS_TYPE(t, &PyTuple_Type) && PyTuple_GET_SIZE(t) > 0) {
        PYC2C_PREFETCH(PyTuple_GET_ITEM(t, 0));
        PYC2C_PREFETCH((char *)PyTuple_GET_ITEM(t, 0) + 24);
    }
}

/* The walk down a large heap loads ahead what the levels below compare. Items of a
 * large heap lie scattered in memory, and a (priority, ...) tuple's first item lies
 * elsewhere again: without this, each level waits on two cache misses in turn (session
 * 18: heap_schedule of bench/user 1.23x -> 1.90x CPython's CPU time). At pos, the
 * great-grandchildren (two levels down) start loading, and the first items of the
 * grandchildren (one level down), whose tuples started loading a level earlier.
 * Inlined: GCC takes a function doing nothing but prefetches for pure and drops its
 * calls. The bounds: lim8 and lim4 are the first pos whose great-grandchildren or
 * grandchildren are not all in the heap (0 for a heap small enough to stay in the
 * cache). */
PYC2C_INLINE void prefetch_below(PyObject **items, Py_ssize_t pos, Py_ssize_t lim8, Py_ssize_t lim4)
{
    if (pos < lim8) {
        PyObject **g = items + 8 * pos + 7;
        PYC2C_PREFETCH(g[0]);
        PYC2C_PREFETCH(g[1]);
        PYC2C_PREFETCH(g[2]);
        PYC2C_PREFETCH(g[3]);
        PYC2C_PREFETCH(g[4]);
        PYC2C_PREFETCH(g[5]);
        PYC2C_PREFETCH(g[6]);
        PYC2C_PREFETCH(g[7]);
    }
    if (pos < lim4) {
        PyObject **g = items + 4 * pos + 3;
        prefetch_first(g[0]);
        prefetch_first(g[1]);
        prefetch_first(g[2]);
        prefetch_first(g[3]);
    }
}

/* The smaller child moves up from pos to a leaf; the item that was at pos then sifts
 * down from there. */
static int sift_up(PyObject *heap, Py_ssize_t pos)
{
    Py_ssize_t endpos = PyList_GET_SIZE(heap), startpos = pos;
    if (pos >= endpos) {
        return index_error();
    }
    Py_ssize_t limit = endpos >> 1;
    int far = endpos >= 256;   /* a smaller heap stays in the cache */
    Py_ssize_t lim8 = far ? (endpos - 15) / 8 + 1 : 0, lim4 = far ? (endpos - 7) / 4 + 1 : 0;
    PyObject **items = ((PyListObject *)heap)->ob_item;
    while (pos < limit) {
        Py_ssize_t child = 2 * pos + 1;
        prefetch_below(items, pos, lim8, lim4);
        if (child + 1 < endpos) {
            PyObject *a = items[child], *b = items[child + 1];
            int lt = Pyc2c_OrderQuick(a, b, Py_LT);
            if (PYC2C_UNLIKELY(lt == PYC2C_ORDER_SLOW)) {
                lt = held_less(heap, endpos, a, b);
                if (lt < 0) {
                    return -1;
                }
                items = ((PyListObject *)heap)->ob_item;   /* a comparison may have moved them */
            }
            child += !lt;
        }
        PyObject *up = items[child];
        items[child] = items[pos];
        items[pos] = up;
        pos = child;
    }
    return sift_down(heap, startpos, pos);
}

char Pyc2cHeap_Push(PyObject *fn, PyObject *heap, PyObject *item)
{
    if (!heapq_own(fn, HEAP_PUSH) || !PyList_Check(heap)) {
        return Pyc2c_DropResult(call(fn, heap, item));
    }
    if (PyList_Append(heap, item) < 0) {
        return 2;
    }
    return sift_down(heap, 0, PyList_GET_SIZE(heap) - 1) < 0 ? 2 : 0;
}

/* The first item, replaced by item (a new reference the heap takes), then sifted. */
static PyObject *replace_top(PyObject *heap, PyObject *item)
{
    PyObject **items = ((PyListObject *)heap)->ob_item;
    PyObject *top = items[0];
    items[0] = item;
    if (sift_up(heap, 0) < 0) {
        Py_DECREF(top);
        return NULL;
    }
    return top;
}

PyObject *Pyc2cHeap_Pop(PyObject *fn, PyObject *heap)
{
    if (!heapq_own(fn, HEAP_POP) || !PyList_Check(heap)) {
        return call(fn, heap, NULL);
    }
    Py_ssize_t n = PyList_GET_SIZE(heap);
    if (n == 0) {
        index_error();
        return NULL;
    }
    PyObject *last = PyList_GET_ITEM(heap, n - 1);
    if (n - 1 >= ((PyListObject *)heap)->allocated >> 1) {
        Py_SET_SIZE(heap, n - 1);   /* all list_resize would do: the list's reference is ours */
    } else {
        Py_INCREF(last);
        if (PyList_SetSlice(heap, n - 1, n, NULL) < 0) {   /* shrinks the allocation */
            Py_DECREF(last);
            return NULL;
        }
    }
    if (n == 1) {
        return last;
    }
    return replace_top(heap, last);
}

PyObject *Pyc2cHeap_Replace(PyObject *fn, PyObject *heap, PyObject *item)
{
    if (!heapq_own(fn, HEAP_REPLACE) || !PyList_Check(heap)) {
        return call(fn, heap, item);
    }
    if (PyList_GET_SIZE(heap) == 0) {
        index_error();
        return NULL;
    }
    Py_INCREF(item);
    return replace_top(heap, item);
}

PyObject *Pyc2cHeap_PushPop(PyObject *fn, PyObject *heap, PyObject *item)
{
    if (!heapq_own(fn, HEAP_PUSHPOP) || !PyList_Check(heap)) {
        return call(fn, heap, item);
    }
    if (PyList_GET_SIZE(heap) == 0) {
        return Py_NewRef(item);
    }
    PyObject *top = PyList_GET_ITEM(heap, 0);
    Py_INCREF(top);
    int lt = Pyc2c_OrderBool(top, item, Py_LT);
    Py_DECREF(top);
    if (lt <= 0) {
        return lt < 0 ? NULL : Py_NewRef(item);
    }
    if (PyList_GET_SIZE(heap) == 0) {   /* the comparison emptied it */
        index_error();
        return NULL;
    }
    Py_INCREF(item);
    return replace_top(heap, item);
}

/* sift_up at i, then at its parent while i is a left child: a subtree's root sifts right
 * after both its children's subtrees are heaps. */
static int sift_run(PyObject *heap, Py_ssize_t i)
{
    for (;;) {
        if (sift_up(heap, i) < 0) {
            return -1;
        }
        if (!(i & 1)) {
            return 0;
        }
        i >>= 1;
    }
}

/* heapify's order of sifts, so that a __lt__ sees CPython's comparisons in its order:
 * from the last parent back to the root for up to 2500 items, else a subtree at a time
 * (_heapq's cache-friendly walk: the row of the first childless node's parent back to
 * the first childless node's row start, each sift followed by its parents'). The size
 * is read once: a comparison that changes it fails a later sift as in _heapq. */
char Pyc2cHeap_Heapify(PyObject *fn, PyObject *heap)
{
    if (!heapq_own(fn, HEAP_HEAPIFY) || !PyList_Check(heap)) {
        return Pyc2c_DropResult(call(fn, heap, NULL));
    }
    Py_ssize_t n = PyList_GET_SIZE(heap);
    if (n <= 2500) {
        for (Py_ssize_t i = (n >> 1) - 1; i >= 0; i--) {
            if (sift_up(heap, i) < 0) {
                return 2;
            }
        }
        return 0;
    }
    Py_ssize_t m = n >> 1, top = 1, mhalf = m >> 1;   /* m: the first childless node */
    while (top <= (m + 1) >> 1) {
        top <<= 1;                                     /* the highest bit of m + 1 */
    }
    Py_ssize_t leftmost = top - 1;                     /* the first node of m's row */
    for (Py_ssize_t i = leftmost - 1; i >= mhalf; i--) {
        if (sift_run(heap, i) < 0) {
            return 2;
        }
    }
    for (Py_ssize_t i = m - 1; i >= leftmost; i--) {
        if (sift_run(heap, i) < 0) {
            return 2;
        }
    }
    return 0;
}
