/* frows.c - float rows held as doubles for a loop (compiler/pass/floatrows.c, frows.h).
 * A load checks that every row of the list is an exact list of at least w items, no row
 * twice, each item at an index the loop reads an exact float or int (its double, as a
 * typed read gives it), each item at an index it writes an exact float only its row
 * holds: writing such a float's value in place cannot be seen, so writing back
 * allocates nothing, releases nothing and cannot fail. (The original loop's stores
 * leave such floats behind: pass/floatstore.c.) */
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

static int fill_row(const Pyc2cFrows *s, PyObject *row, double *d)
{
    if (!PyList_CheckExact(row) || PyList_GET_SIZE(row) < s->w) {
        return 0;
    }
    for (int k = 0; k < s->w; k++) {
        PyObject *x = PyList_GET_ITEM(row, k);
        if ((s->wcols >> k) & 1) {
            if (!PyFloat_CheckExact(x) || Py_REFCNT(x) != 1) {
                return 0;
            }
            d[k] = PyFloat_AS_DOUBLE(x);
        } else if (((s->cols >> k) & 1) && !value_of(x, d + k)) {
            return 0;
        }
    }
    return 1;
}

/* The rows' values into s->data: 1, or 0 when a row or item does not fit. The first
 * time the rows are taken (and kept), later (after handlers ran) they must be the same. */
static int fill(Pyc2cFrows *s)
{
    if (PyList_GET_SIZE(s->list) != s->n) {
        return 0;
    }
    if (s->rows == NULL) {
        if (!distinct_rows(s->list, s->n)) {
            return 0;
        }
        s->rows = PyMem_Calloc((size_t)s->n + 1, sizeof(PyObject *));
        if (s->rows == NULL) {
            return 0;
        }
        for (Py_ssize_t r = 0; r < s->n; r++) {
            s->rows[r] = Py_NewRef(PyList_GET_ITEM(s->list, r));
        }
    }
    for (Py_ssize_t r = 0; r < s->n; r++) {
        if (PyList_GET_ITEM(s->list, r) != s->rows[r] || !fill_row(s, s->rows[r], s->data + r * s->w)) {
            return 0;
        }
    }
    return 1;
}

int64_t Pyc2cFrows_Load(PyObject *list, int64_t w, int64_t cols, int64_t wcols)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n > FROWS_MAX_VALUES / w) {
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
    s->data = PyMem_Malloc(sizeof(double) * (size_t)(n * w + 1));
    if (s->data != NULL && fill(s)) {
        s->held = 1;
        return (int64_t)(intptr_t)s;
    }
    Pyc2cFrows_Release((int64_t)(intptr_t)s);
    return 0;
}

/* The written values into their floats, in place (each only its row holds). A row is
 * what the copy left it unless a finalizer run by a garbage collection inside the copy
 * changed it (before 3.12, where an exception's creation can collect): an item that
 * is no longer a float only its row holds is left as that code made it. */
static void put_back(Pyc2cFrows *s)
{
    for (Py_ssize_t r = 0; s->held && r < s->n; r++) {
        PyObject *row = s->rows[r];
        const double *d = s->data + r * s->w;
        for (int k = 0; k < s->w && k < PyList_GET_SIZE(row); k++) {
            PyObject *x = PyList_GET_ITEM(row, k);
            if (((s->wcols >> k) & 1) && PyFloat_CheckExact(x) && Py_REFCNT(x) == 1) {
                ((PyFloatObject *)x)->ob_fval = d[k];
            }
        }
    }
    s->held = 0;
}

void Pyc2cFrows_PutBack(int64_t fr)
{
    if (fr != 0) {
        put_back(PYC2C_FROWS(fr));
    }
}

void Pyc2cFrows_Release(int64_t fr)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    if (s == NULL) {
        return;
    }
    put_back(s);
    for (Py_ssize_t r = 0; s->rows != NULL && r < s->n; r++) {
        Py_XDECREF(s->rows[r]);
    }
    PyMem_Free(s->rows);
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
        if (s->rows[r] == row) {
            return Pyc2cFrows_Row(fr, r);
        }
    }
    put_back(s);
    return 0;
}

/* A row register's object where the copy leaves: the row its values p are of, or (p 0:
 * the register was not written in the copy) the object it held (new references). */
PyObject *Pyc2cFrows_Obj(int64_t fr, int64_t p, PyObject *row)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    if (p != 0) {
        row = s->rows[((double *)(intptr_t)p - s->data) / s->w];
    }
    Py_XINCREF(row);
    return row;
}

char Pyc2cFrows_AtSlow(int64_t data, int64_t n, Pyc2cInt i, int64_t w, int64_t *p)
{
    int64_t k = Pyc2cInt_ShortValue(i);
    if (Pyc2cInt_IsShort(i) && k < 0 && k + n >= 0) {
        *p = data + (k + n) * w * (int64_t)sizeof(double);
        return 0;
    }
    PyErr_SetString(PyExc_IndexError, "list index out of range");
    return 2;
}
