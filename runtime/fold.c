/* fold.c - sum(), min() and max() of a generator expression run as a loop in the
 * consuming function (ir/build_fold.c): the loop feeds each element to an
 * accumulator object that takes the steps the builtin takes per item, so results,
 * types and errors are the builtin's.
 *
 * sum: an exact int total while the items are ints and bools (any order of exact int
 * additions gives the same int); a float total while they are floats or ints that fit
 * a C long (3.12 on: Neumaier's compensated sum, the compensation added when the
 * total is boxed, unless it is 0 or not finite); past that, PyNumber_Add (never the
 * in-place add) on the boxed total, as the builtin's generic loop.
 * min/max: the first element is the best so far; a later one replaces it when
 * `key(later) < key(best)` (min) or `>` (max) by PyObject_RichCompareBool, so ties
 * keep the first, as the builtin does. */
#include "pyc2c.h"

typedef struct {
    PyObject_HEAD
    char phase;          /* 'i' C total, 'f' double total, 'o' object total */
    long long i;
    double f, c;         /* 'f': the total and its compensation */
    PyObject *o;         /* 'o': the total */
} SumAcc;

typedef struct {
    PyObject_HEAD
    PyObject *key;       /* NULL: the items themselves */
    PyObject *best, *best_key;
    int op;              /* Py_LT (min) or Py_GT (max) */
} MinMaxAcc;

/* A few released accumulators kept for the next sums (a recursive walk nests them):
 * no allocation per sum(genexp) call. PyObject_Init makes one a new object again. */
#define SPARE_SUMS 8
static SumAcc *spare_sums[SPARE_SUMS];
static int nspare_sums;

static void sum_dealloc(PyObject *self)
{
    Py_XDECREF(((SumAcc *)self)->o);
#ifndef Py_GIL_DISABLED
    if (nspare_sums < SPARE_SUMS) {
        spare_sums[nspare_sums++] = (SumAcc *)self;
        return;
    }
#endif
    PyObject_Free(self);
}

static void minmax_dealloc(PyObject *self)
{
    MinMaxAcc *m = (MinMaxAcc *)self;
    Py_XDECREF(m->key);
    Py_XDECREF(m->best);
    Py_XDECREF(m->best_key);
    PyObject_Free(self);
}

static PyTypeObject SumAcc_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pyc2c.sum_accumulator",
    .tp_basicsize = sizeof(SumAcc),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = sum_dealloc,
};

static PyTypeObject MinMaxAcc_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pyc2c.minmax_accumulator",
    .tp_basicsize = sizeof(MinMaxAcc),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = minmax_dealloc,
};

/* The accumulator of sum(genexp, start) (start NULL: 0); the builtin's checks of start. */
PyObject *Pyc2cSum_New(PyObject *start)
{
    static const struct { PyTypeObject *t; const char *msg; } refused[] = {
        {&PyUnicode_Type, "sum() can't sum strings [use ''.join(seq) instead]"},
        {&PyBytes_Type, "sum() can't sum bytes [use b''.join(seq) instead]"},
        {&PyByteArray_Type, "sum() can't sum bytearray [use b''.join(seq) instead]"},
    };
    for (size_t k = 0; start != NULL && k < sizeof refused / sizeof refused[0]; k++) {
        if (PyObject_TypeCheck(start, refused[k].t)) {
            PyErr_SetString(PyExc_TypeError, refused[k].msg);
            return NULL;
        }
    }
    SumAcc *a;
    if (nspare_sums > 0) {
        a = spare_sums[--nspare_sums];
        PyObject_Init((PyObject *)a, &SumAcc_Type);
    } else {
        if (PyType_Ready(&SumAcc_Type) < 0) {
            return NULL;
        }
        a = PyObject_New(SumAcc, &SumAcc_Type);
        if (a == NULL) {
            return NULL;
        }
    }
    a->phase = 'i';
    a->i = 0;
    a->f = a->c = 0.0;
    a->o = NULL;
    if (start != NULL) {
        int overflow = 0;
        long long v = PyLong_CheckExact(start) ? PyLong_AsLongLongAndOverflow(start, &overflow) : 0;
        if (PyLong_CheckExact(start) && !overflow) {
            a->i = v;
        } else if (PyFloat_CheckExact(start)) {
            a->phase = 'f';
            a->f = PyFloat_AS_DOUBLE(start);
        } else {
            a->phase = 'o';
            Py_INCREF(start);
            a->o = start;
        }
    }
    return (PyObject *)a;
}

static void float_add(SumAcc *a, double x)
{
#if PY_VERSION_HEX >= 0x030C0000
    double t = a->f + x;
    a->c += fabs(a->f) >= fabs(x) ? (a->f - t) + x : (x - t) + a->f;
    a->f = t;
#else
    a->f += x;
#endif
}

static double float_total(const SumAcc *a)
{
#if PY_VERSION_HEX >= 0x030C0000
    return a->c != 0.0 && isfinite(a->c) ? a->f + a->c : a->f;
#else
    return a->f;
#endif
}

/* The total boxed; the accumulator then adds objects. */
static int to_object(SumAcc *a)
{
    a->o = a->phase == 'i' ? PyLong_FromLongLong(a->i) : PyFloat_FromDouble(float_total(a));
    a->phase = 'o';
    return a->o == NULL ? -1 : 0;
}

/* Adds item (borrowed); -1 with an exception set. */
int Pyc2cSum_Add(PyObject *self, PyObject *item)
{
    SumAcc *a = (SumAcc *)self;
    long long t0;
    if (a->phase == 'i' && PyLong_CheckExact(item) && PYC2C_LONG_IS_COMPACT(item) &&
        !__builtin_add_overflow(a->i, (long long)PYC2C_LONG_COMPACT(item), &t0)) {
        a->i = t0;   /* a one-digit int, read without PyLong_AsLongLongAndOverflow */
        return 0;
    }
    if (a->phase == 'i' && (PyLong_CheckExact(item) || PyBool_Check(item))) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(item, &overflow), t;
        if (!overflow && !__builtin_add_overflow(a->i, v, &t)) {
            a->i = t;
            return 0;
        }
    } else if (a->phase == 'f' && PyFloat_CheckExact(item)) {
        float_add(a, PyFloat_AS_DOUBLE(item));
        return 0;
    } else if (a->phase == 'f' && PyLong_Check(item)) {
        int overflow = 0;
        long v = PyLong_AsLongAndOverflow(item, &overflow);
        if (!overflow) {
            a->f += (double)v;   /* the builtin adds a C long without compensation */
            return 0;
        }
        if (v == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    int was_int = a->phase == 'i';
    if (a->phase != 'o' && to_object(a) < 0) {
        return -1;
    }
    PyObject *t = PyNumber_Add(a->o, item);
    Py_SETREF(a->o, t);
    if (t == NULL) {
        return -1;
    }
    if (was_int && PyFloat_CheckExact(t)) {   /* the builtin's float loop takes over */
        a->phase = 'f';
        a->f = PyFloat_AS_DOUBLE(t);
        a->c = 0.0;
        Py_CLEAR(a->o);
    }
    return 0;
}

/* The unboxed fast paths' fallback: b (a new reference, or NULL after a failed box)
 * added as an object. */
static int add_boxed(PyObject *self, PyObject *b)
{
    if (b == NULL) {
        return -1;
    }
    int r = Pyc2cSum_Add(self, b);
    Py_DECREF(b);
    return r;
}

int Pyc2cSum_AddInt(PyObject *self, Pyc2cInt v)
{
    SumAcc *a = (SumAcc *)self;
    long long t;
    if (a->phase == 'i' && Pyc2cInt_IsShort(v) && !__builtin_add_overflow(a->i, Pyc2cInt_ShortValue(v), &t)) {
        a->i = t;
        return 0;
    }
    return add_boxed(self, Pyc2cInt_Box(v));
}

int Pyc2cSum_AddFloat(PyObject *self, double x)
{
    SumAcc *a = (SumAcc *)self;
    if (a->phase == 'f') {
        float_add(a, x);
        return 0;
    }
    return add_boxed(self, PyFloat_FromDouble(x));
}

/* The total: a new reference. */
PyObject *Pyc2cSum_Result(PyObject *self)
{
    SumAcc *a = (SumAcc *)self;
    if (a->phase == 'i') {
        return PyLong_FromLongLong(a->i);
    }
    if (a->phase == 'f') {
        return PyFloat_FromDouble(float_total(a));
    }
    Py_INCREF(a->o);
    return a->o;
}

/* The accumulator of min/max(genexp, key=key): key None or NULL compares the items. */
PyObject *Pyc2cMinMax_New(PyObject *key, int is_max)
{
    if (PyType_Ready(&MinMaxAcc_Type) < 0) {
        return NULL;
    }
    MinMaxAcc *m = PyObject_New(MinMaxAcc, &MinMaxAcc_Type);
    if (m == NULL) {
        return NULL;
    }
    m->key = key != NULL && key != Py_None ? Py_NewRef(key) : NULL;
    m->best = m->best_key = NULL;
    m->op = is_max ? Py_GT : Py_LT;
    return (PyObject *)m;
}

int Pyc2cMinMax_Add(PyObject *self, PyObject *item)
{
    MinMaxAcc *m = (MinMaxAcc *)self;
    if (m->key == NULL && m->best != NULL) {   /* best_key is best: floats and ints inline */
        /* two exact floats or one-digit ints: strictly better replaces (equal, or a NaN
         * on either side, does not), as their rich comparison */
        int better = Py_TYPE(item) == Py_TYPE(m->best) ? Pyc2c_NumberOrder(Py_TYPE(item), item, m->best, m->op)
                                                       : PYC2C_ORDER_SLOW;
        if (better == 0 || better == PYC2C_ORDER_EQUAL) {
            return 0;
        }
        if (better == 1) {
            Py_INCREF(item);
            Py_INCREF(item);
            Py_SETREF(m->best_key, item);
            Py_SETREF(m->best, item);
            return 0;
        }
    }
    PyObject *k = m->key != NULL ? PyObject_CallOneArg(m->key, item) : Py_NewRef(item);
    if (k == NULL) {
        return -1;
    }
    if (m->best != NULL) {
        int better = Pyc2c_OrderBool(k, m->best_key, m->op);
        if (better <= 0) {
            Py_DECREF(k);
            return better;
        }
    }
    Py_XSETREF(m->best_key, k);
    Py_INCREF(item);
    Py_XSETREF(m->best, item);
    return 0;
}

/* The best item, else dflt (NULL: none given: ValueError with the builtin's message). */
PyObject *Pyc2cMinMax_Result(PyObject *self, PyObject *dflt)
{
    MinMaxAcc *m = (MinMaxAcc *)self;
    if (m->best != NULL) {
        return Py_NewRef(m->best);
    }
    if (dflt != NULL) {
        return Py_NewRef(dflt);
    }
    return Pyc2c_MinMaxEmpty(m->op == Py_GT);
}
