/* loops.h - native `for` loops over dicts, dict views and sets (dict.c), and over
 * untyped values that turn out to be exact lists or tuples (also dict.c). A loop keeps
 * a cursor (the index + 1 of the entry it last took, 0 before the first) and the size
 * the container had when the loop started, and raises CPython's iterator errors.
 * Containers whose class may iterate otherwise (subclasses) are iterated through the
 * iterator the loop-source function returns instead. Included from pyc2c.h. */
#ifndef PYC2C_LOOPS_H
#define PYC2C_LOOPS_H

/* Py_None (a new reference) when the loop can walk d natively (an exact dict), else
 * iter(d), iter(d.keys()), iter(d.values()) or iter(d.items()) for view 0, 1, 2, 3. */
PyObject *Pyc2cDict_LoopSource(PyObject *d, int64_t view);
/* iter(s), or Py_None for an exact set or frozenset. */
PyObject *Pyc2cSet_LoopSource(PyObject *s);

PYC2C_COLD char Pyc2c_LoopSizeChanged(const char *what);
PYC2C_COLD int64_t Pyc2cDict_KeysChanged(void);

/* 0, or 2 with RuntimeError when d's size is not the one the loop started with. */
static inline char Pyc2cDict_LoopCheck(PyObject *d, int64_t n0)
{
    return PYC2C_LIKELY(PyDict_GET_SIZE(d) == n0) ? 0 : Pyc2c_LoopSizeChanged("dictionary");
}

/* The cursor of the next entry at or after pos, 0 at the end; left is how many entries
 * the loop still expects (an entry past them: the keys changed). */
static inline int64_t Pyc2cDict_LoopNext(PyObject *d, int64_t pos, int64_t left)
{
    Py_ssize_t p = (Py_ssize_t)pos;
    PyObject *k, *v;
    if (!PyDict_Next(d, &p, &k, &v)) {
        return 0;
    }
    return PYC2C_LIKELY(left > 0) ? (int64_t)p : Pyc2cDict_KeysChanged();
}

/* The key or value of the entry the cursor names (a new reference). */
static inline PyObject *Pyc2cDict_LoopKey(PyObject *d, int64_t cursor)
{
    Py_ssize_t p = (Py_ssize_t)cursor - 1;
    PyObject *k, *v;
    PyDict_Next(d, &p, &k, &v);
    Py_INCREF(k);
    return k;
}

static inline PyObject *Pyc2cDict_LoopValue(PyObject *d, int64_t cursor)
{
    Py_ssize_t p = (Py_ssize_t)cursor - 1;
    PyObject *k, *v;
    PyDict_Next(d, &p, &k, &v);
    Py_INCREF(v);
    return v;
}

static inline char Pyc2cSet_LoopCheck(PyObject *s, int64_t n0)
{
    return PYC2C_LIKELY(PySet_GET_SIZE(s) == n0) ? 0 : Pyc2c_LoopSizeChanged("Set");
}

/* The cursor of the next live entry at or after pos, 0 at the end. A deleted entry
 * keeps a dummy key with hash -1, which no live key has. */
static inline int64_t Pyc2cSet_LoopNext(PyObject *s, int64_t pos)
{
    PySetObject *so = (PySetObject *)s;
    Py_ssize_t i = (Py_ssize_t)pos;
    while (i <= so->mask && (so->table[i].key == NULL || so->table[i].hash == -1)) {
        i++;
    }
    return i > so->mask ? 0 : (int64_t)i + 1;
}

static inline PyObject *Pyc2cSet_LoopKey(PyObject *s, int64_t cursor)
{
    PyObject *k = ((PySetObject *)s)->table[cursor - 1].key;
    Py_INCREF(k);
    return k;
}

/* A loop over an untyped value: Py_None (a new reference) when it is an exact list or
 * tuple, walked by index as their iterators walk them (the length read at each step);
 * else iter(o), whose own errors it raises. */
PyObject *Pyc2c_ObjLoopSource(PyObject *o);

/* Is there an item at pos of the exact list or tuple o? */
static inline char Pyc2cSeq_LoopMore(PyObject *o, int64_t pos)
{
    return (Py_ssize_t)pos < Py_SIZE(o);   /* ob_size: both lists and tuples */
}

/* The item at pos (below Py_SIZE(o)) of the exact list or tuple o, borrowed. */
static inline PyObject *Pyc2cSeq_LoopItem(PyObject *o, int64_t pos)
{
    return Py_TYPE(o) == &PyList_Type ? PyList_GET_ITEM(o, (Py_ssize_t)pos) : PyTuple_GET_ITEM(o, (Py_ssize_t)pos);
}

#endif
