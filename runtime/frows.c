/* frows.c - float rows held as doubles for a loop (compiler/pass/floatrows.c, frows.h).
 * A load checks that every row of the list is an exact list of at least w items, no row
 * twice, each item at an index the loop uses an exact float or int (its double, as a
 * typed read gives it); a written item that is not a float only the list holds gets a
 * fresh float now, so that writing back allocates nothing and cannot fail. */
#include "pyc2c.h"

enum { FROWS_MAX_VALUES = 1 << 24 };   /* doubles held at most (128 MB) */

static int value_of(PyObject *x, double *v)
{
    if (PyFloat_CheckExact(x)) {
        *v = PyFloat_AS_DOUBLE(x);
        return 1;
    }
    if (PyLong_CheckExact(x)) {
        *v = PyLong_AsDouble(x);
        if (*v == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();   /* the loop's own read raises it: the original loop runs */
            return 0;
        }
        return 1;
    }
    return 0;
}

static int is_private_float(PyObject *x)
{
    return PyFloat_CheckExact(x) && Py_REFCNT(x) == 1;
}

static void drop_fresh(Pyc2cFrows *s)
{
    for (Py_ssize_t i = 0; i < s->nfresh; i++) {
        Py_XDECREF(s->fresh[i]);
    }
    PyMem_Free(s->fresh);
    s->fresh = NULL;
    s->nfresh = 0;
}

static int distinct_rows(PyObject *list, Py_ssize_t n)
{
    if (n <= 32) {
        for (Py_ssize_t i = 0; i < n; i++) {
            for (Py_ssize_t j = 0; j < i; j++) {
                if (PyList_GET_ITEM(list, i) == PyList_GET_ITEM(list, j)) {
                    return 0;
                }
            }
        }
        return 1;
    }
    /* a set of the rows' addresses: as many entries as rows means no row twice */
    PyObject *seen = PySet_New(NULL);
    int ok = seen != NULL;
    for (Py_ssize_t i = 0; ok && i < n; i++) {
        PyObject *key = PyLong_FromVoidPtr(PyList_GET_ITEM(list, i));
        ok = key != NULL && PySet_Add(seen, key) == 0;
        Py_XDECREF(key);
    }
    ok = ok && PySet_GET_SIZE(seen) == n;
    Py_XDECREF(seen);
    if (!ok) {
        PyErr_Clear();
    }
    return ok;
}

/* The rows' values into s->data (masks 0) and a fresh float for each written item that
 * needs one: 1, or 0 when a row or item does not fit (nothing held). */
static int fill(Pyc2cFrows *s)
{
    Py_ssize_t need = 0;
    if (PyList_GET_SIZE(s->list) != s->n || !distinct_rows(s->list, s->n)) {
        return 0;
    }
    for (Py_ssize_t r = 0; r < s->n; r++) {
        PyObject *row = PyList_GET_ITEM(s->list, r);
        double *d = s->data + r * (s->w + 1);
        if (!PyList_CheckExact(row) || PyList_GET_SIZE(row) < s->w) {
            return 0;
        }
        memset(d, 0, sizeof *d);
        for (int k = 0; k < s->w; k++) {
            PyObject *x = PyList_GET_ITEM(row, k);
            if (((s->cols >> k) & 1) && !value_of(x, d + 1 + k)) {
                return 0;
            }
            need += ((s->wcols >> k) & 1) && !is_private_float(x);
        }
    }
    drop_fresh(s);
    if (need > 0) {
        s->fresh = PyMem_Calloc((size_t)need, sizeof(PyObject *));
        if (s->fresh == NULL) {
            return 0;
        }
        s->nfresh = need;
        for (Py_ssize_t i = 0; i < need; i++) {
            s->fresh[i] = PyFloat_FromDouble(0.0);
            if (s->fresh[i] == NULL) {
                PyErr_Clear();
                return 0;
            }
        }
    }
    return 1;
}

int64_t Pyc2cFrows_Load(PyObject *list, int64_t w, int64_t cols, int64_t wcols)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n > FROWS_MAX_VALUES / (w + 1)) {
        return 0;
    }
    Pyc2cFrows *s = PyMem_Calloc(1, sizeof *s);
    if (s == NULL) {
        return 0;
    }
    s->list = list;
    s->n = n;
    s->w = (int)w;
    s->cols = (uint64_t)cols;
    s->wcols = (uint64_t)wcols;
    s->data = PyMem_Malloc(sizeof(double) * (size_t)(n * (w + 1) + 1));
    if (s->data != NULL && fill(s)) {
        s->held = 1;
        return (int64_t)(intptr_t)s;
    }
    Pyc2cFrows_Release((int64_t)(intptr_t)s);
    return 0;
}

/* The written values into their lists: in place where the list alone holds a float,
 * else one of the fresh floats (the old item released: a float or int, no code runs). */
static void put_back(Pyc2cFrows *s)
{
    Py_ssize_t next = 0;
    for (Py_ssize_t r = 0; s->held && r < s->n; r++) {
        PyObject *row = PyList_GET_ITEM(s->list, r);
        double *d = s->data + r * (s->w + 1);
        uint64_t mask;
        memcpy(&mask, d, sizeof mask);
        for (int k = 0; mask != 0 && k < s->w; k++) {
            PyObject *x = PyList_GET_ITEM(row, k);
            if (!((mask >> k) & 1)) {
                continue;
            }
            if (is_private_float(x)) {
                ((PyFloatObject *)x)->ob_fval = d[1 + k];
            } else if (next < s->nfresh) {
                PyObject *f = s->fresh[next];
                s->fresh[next++] = NULL;
                ((PyFloatObject *)f)->ob_fval = d[1 + k];
                PyList_SET_ITEM(row, k, f);
                Py_DECREF(x);
            }
        }
        memset(d, 0, sizeof *d);
    }
    s->held = 0;
}

void Pyc2cFrows_Release(int64_t fr)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    if (s == NULL) {
        return;
    }
    put_back(s);
    drop_fresh(s);
    PyMem_Free(s->data);
    PyMem_Free(s);
}

char Pyc2cFrows_Slow(int64_t fr, PyObject **module_dict)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    put_back(s);
    if (Pyc2c_InterruptsSlow(module_dict) != 0) {
        return 2;
    }
    s->held = fill(s);
    return 1;
}

/* The row pointer of row (an item of the list), or 0 for NULL; a row the list does not
 * hold leaves nothing held (the original loop runs). */
int64_t Pyc2cFrows_Find(int64_t fr, PyObject *row)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    if (s == NULL || row == NULL) {
        return 0;
    }
    for (Py_ssize_t r = 0; r < s->n; r++) {
        if (PyList_GET_ITEM(s->list, r) == row) {
            return Pyc2cFrows_Row(fr, r);
        }
    }
    put_back(s);
    return 0;
}

/* After a reload: does row register row (NULL, or the row whose values p points at)
 * still name that row of the list? */
char Pyc2cFrows_RowIs(int64_t fr, PyObject *row, int64_t p)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    if (!s->held || row == NULL) {
        return s->held;
    }
    Py_ssize_t r = (Py_ssize_t)(((double *)(intptr_t)p - 1 - s->data) / (s->w + 1));
    return p != 0 && r >= 0 && r < s->n && PyList_GET_ITEM(s->list, r) == row;
}
