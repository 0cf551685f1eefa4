/* containers.c - slow paths of the typed container operations (containers.h): the
 * errors, with CPython's messages, and the operations too big to inline. */
#include "pyc2c.h"

PyObject *pyc2c_small_ints[PYC2C_SMALL_MAX - PYC2C_SMALL_MIN + 1];

/* The first box of a small int fills its cache slot (CPython returns its own cached
 * object; the slot keeps one reference for the life of the process). */
PyObject *Pyc2cInt_BoxSmallSlow(int64_t v)
{
    PyObject *o = PyLong_FromLongLong(v);
    if (o != NULL) {
        Py_INCREF(o);
        pyc2c_small_ints[v - PYC2C_SMALL_MIN] = o;
    }
    return o;
}

PyObject *Pyc2c_CastFail(const char *expected, PyObject *o)
{
    Pyc2c_TypeError(expected, o);
    return NULL;
}

Pyc2cInt Pyc2cInt_UnboxItemFail(PyObject *o)
{
    if (!PyErr_Occurred()) {
        Pyc2c_TypeError("int", o);
    }
    return PYC2C_INT_ERROR;
}

Py_ssize_t Pyc2c_IndexFail(Pyc2cInt i, Py_ssize_t n, const char *msg)
{
    (void)n;
    if (i == PYC2C_INT_ERROR) {
        return -1;
    }
    if (!Pyc2cInt_IsShort(i)) {
        /* a long int that still fits Py_ssize_t is just out of range */
        Py_ssize_t v = PyLong_AsSsize_t(Pyc2cInt_LongObject(i));
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            PyErr_Format(PyExc_IndexError, "cannot fit 'int' into an index-sized integer");
            return -1;
        }
    }
    PyErr_SetString(PyExc_IndexError, msg);
    return -1;
}

/* l.pop() and l.pop(i): the list method itself past the common case. */
PyObject *Pyc2cList_Pop(PyObject *l, Pyc2cInt i, int has_index)
{
    Py_ssize_t n = PyList_GET_SIZE(l);
    if (!has_index && n > 0 && PyList_CheckExact(l)) {
        PyObject *x = PyList_GET_ITEM(l, n - 1);
        Py_INCREF(x);
        if (PyList_SetSlice(l, n - 1, n, NULL) < 0) {
            Py_DECREF(x);
            return NULL;
        }
        return x;
    }
    if (!has_index) {
        return PyObject_CallMethod(l, "pop", NULL);
    }
    PyObject *ix = Pyc2cInt_Box(i);
    if (ix == NULL) {
        return NULL;
    }
    PyObject *r = PyObject_CallMethod(l, "pop", "O", ix);
    Py_DECREF(ix);
    return r;
}

char Pyc2cList_Insert(PyObject *l, Pyc2cInt i, PyObject *v)
{
    if (Pyc2cInt_IsShort(i)) {
        int64_t k = Pyc2cInt_ShortValue(i);
        Py_ssize_t n = PyList_GET_SIZE(l);
        k = k < -(int64_t)n ? 0 : k > (int64_t)n ? (int64_t)n : k;   /* list.insert clamps */
        return PyList_Insert(l, (Py_ssize_t)(k < 0 ? k + n : k), v) < 0 ? 2 : 0;
    }
    PyObject *ix = Pyc2cInt_Box(i);
    if (ix == NULL) {
        return 2;
    }
    PyObject *r = PyObject_CallMethod(l, "insert", "OO", ix, v);
    Py_DECREF(ix);
    Py_XDECREF(r);
    return r ? 0 : 2;
}

char Pyc2cList_Extend(PyObject *l, PyObject *iterable)
{
    PyObject *r = PyObject_CallMethod(l, "extend", "O", iterable);
    Py_XDECREF(r);
    return r ? 0 : 2;
}

PyObject *Pyc2cList_FromIterable(PyObject *o)
{
    return PySequence_List(o);
}

static PyObject *char_at(PyObject *s, Py_ssize_t k)
{
    return PyUnicode_FromOrdinal((int)PyUnicode_READ_CHAR(s, k));
}

PyObject *Pyc2cStr_Get(PyObject *s, Pyc2cInt i)
{
    Py_ssize_t k = Pyc2c_Index(i, PyUnicode_GET_LENGTH(s), "string index out of range");
    return k < 0 ? NULL : char_at(s, k);
}

PyObject *Pyc2cStr_GetUnchecked(PyObject *s, int64_t i)
{
    return char_at(s, (Py_ssize_t)i);
}

Pyc2cInt Pyc2cStr_Ord(PyObject *c)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(c);
    if (n != 1) {
        PyErr_Format(PyExc_TypeError, "ord() expected a character, but string of length %zd found", n);
        return PYC2C_INT_ERROR;
    }
    return Pyc2cInt_FromShort((int64_t)PyUnicode_READ_CHAR(c, 0));
}

static PyObject *must_be_str(PyObject *r)
{
    if (r != NULL && !PyUnicode_Check(r)) {
        Pyc2c_TypeError("str", r);
        Py_DECREF(r);
        return NULL;
    }
    return r;
}

/* Interned method names by the address of their C literal: no bound method and no
 * name object made per call. NULL when the small table is full. */
static PyObject *method_name(const char *name)
{
    static const char *keys[32];
    static PyObject *names[32];
    for (int i = 0; i < 32; i++) {
        if (keys[i] == name) {
            return names[i];
        }
        if (keys[i] == NULL) {
            names[i] = PyUnicode_InternFromString(name);
            keys[i] = names[i] ? name : NULL;
            return names[i];
        }
    }
    return NULL;
}

PyObject *Pyc2cStr_Method(PyObject *s, const char *name)
{
    PyObject *n = method_name(name);
    if (n == NULL) {
        return must_be_str(PyObject_CallMethod(s, name, NULL));
    }
    PyObject *args[1] = {s};
    return must_be_str(PyObject_VectorcallMethod(n, args, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL));
}

PyObject *Pyc2cStr_Method1(PyObject *s, const char *name, PyObject *arg)
{
    return must_be_str(PyObject_CallMethod(s, name, "O", arg));
}

char Pyc2cStr_Match(PyObject *s, PyObject *affix, int direction)
{
    Py_ssize_t r = PyUnicode_Tailmatch(s, affix, 0, PY_SSIZE_T_MAX, direction);
    return r < 0 ? 2 : (char)r;
}

Pyc2cInt Pyc2cStr_Find(PyObject *s, PyObject *sub)
{
    Py_ssize_t r = PyUnicode_Find(s, sub, 0, PY_SSIZE_T_MAX, 1);
    return r == -2 ? PYC2C_INT_ERROR : Pyc2cInt_FromShort((int64_t)r);
}

PyObject *Pyc2c_Str(PyObject *o)
{
    return must_be_str(PyObject_Str(o));
}

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
        return PyObject_GetItem(d, k);   /* __missing__ */
    }
    return found_or_key_error(PyDict_GetItemWithError(d, k), k);
}

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

PyObject *Pyc2cDict_GetDefault(PyObject *d, PyObject *k, PyObject *dflt)
{
    PyObject *v = PyDict_GetItemWithError(d, k);
    if (v == NULL && PyErr_Occurred()) {
        return NULL;
    }
    v = v ? v : dflt;
    Py_INCREF(v);
    return v;
}

PyObject *Pyc2cDict_SetDefault(PyObject *d, PyObject *k, PyObject *dflt)
{
    PyObject *v = PyDict_SetDefault(d, k, dflt);
    Py_XINCREF(v);
    return v;
}

Pyc2cInt Pyc2c_Len(PyObject *o)
{
    Py_ssize_t n = PyObject_Size(o);
    return n < 0 ? PYC2C_INT_ERROR : Pyc2cInt_FromI64((int64_t)n);   /* __len__ may give up to sys.maxsize */
}
