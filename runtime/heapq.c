/* heapq.c - heapq's push and pop on a list, comparing with Pyc2c_OrderBool. The sift
 * loops make CPython's comparisons in CPython's order and swap items as it does, so a
 * class's __lt__ sees the same calls and the same list; each comparison that may have
 * run Python code is followed by CPython's check that the list kept its size. Each
 * call is given the object its name holds now, so a program (or a test's mock) that
 * patches heapq.heappush gets its own function called. */
#include "pyc2c.h"

enum { HEAP_PUSH, HEAP_POP, HEAP_REPLACE, HEAP_PUSHPOP, HEAP_FNS };

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
        static const char *const names[HEAP_FNS] = {"heappush", "heappop", "heapreplace", "heappushpop"};
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

/* a < b with both held, as heapq holds them while a comparison may run Python code;
 * then the size check. */
static int held_less(PyObject *heap, Py_ssize_t size, PyObject *a, PyObject *b)
{
    int quick = Pyc2c_OrderQuick(a, b, Py_LT);   /* no Python code run: nothing to hold or check */
    if (PYC2C_LIKELY(quick != PYC2C_ORDER_SLOW)) {
        return quick;
    }
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
        int lt = held_less(heap, size, items[pos], items[parentpos]);
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

/* The items one of which the walk down from pos compares next (pos's grandchildren)
 * start loading while pos's children are compared. Items of a large heap lie scattered
 * in memory: without this, each level waits on two cache misses in turn (heap_schedule
 * of bench/user: 1.23x -> 1.64x CPython's CPU time with no instruction saved). Inlined:
 * GCC takes a function doing nothing but prefetches for pure and drops its calls. */
PYC2C_INLINE void prefetch_grandchildren(PyObject *heap, Py_ssize_t pos, Py_ssize_t endpos)
{
    if (4 * pos + 6 < endpos) {
        PyObject **g = ((PyListObject *)heap)->ob_item + 4 * pos + 3;
        PYC2C_PREFETCH(g[0]);
        PYC2C_PREFETCH(g[1]);
        PYC2C_PREFETCH(g[2]);
        PYC2C_PREFETCH(g[3]);
    }
}

/* Two levels ahead: the great-grandchildren's items start loading, and the first items of
 * the grandchildren (loading since the level above: a tuple's first field is what the
 * comparisons read, a (priority, ...) tuple's int lies elsewhere in memory), so that a
 * level's comparison waits on no miss that an earlier level could have started. */
PYC2C_INLINE void prefetch_fields(PyObject *heap, Py_ssize_t pos, Py_ssize_t endpos)
{
    PyObject **items = ((PyListObject *)heap)->ob_item;
    if (8 * pos + 14 < endpos) {
        for (Py_ssize_t i = 8 * pos + 7; i <= 8 * pos + 14; i++) {
            PYC2C_PREFETCH(items[i]);
        }
    }
    if (4 * pos + 6 < endpos) {
        for (Py_ssize_t i = 4 * pos + 3; i <= 4 * pos + 6; i++) {
            PyObject *g = items[i];
            if (PyTuple_CheckExact(g) && PyTuple_GET_SIZE(g) > 0) {
                PYC2C_PREFETCH(PyTuple_GET_ITEM(g, 0));
            }
        }
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
    while (pos < limit) {
        Py_ssize_t child = 2 * pos + 1;
        if (far) {
            prefetch_grandchildren(heap, pos, endpos);
            prefetch_fields(heap, pos, endpos);
        }
        if (child + 1 < endpos) {
            PyObject **items = ((PyListObject *)heap)->ob_item;
            int lt = held_less(heap, endpos, items[child], items[child + 1]);
            if (lt < 0) {
                return -1;
            }
            child += !lt;
        }
        PyObject **items = ((PyListObject *)heap)->ob_item;
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
