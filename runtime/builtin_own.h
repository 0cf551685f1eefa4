/* builtin_own.h - whether a list, dict or set subclass still has its base's own
 * operation (builtin_own.c): compiled code does the operation directly only then, so a
 * subclass's override (OrderedDict's __setitem__, a user's append) runs as in CPython.
 * Included by pyc2c.h. */
#ifndef PYC2C_BUILTIN_OWN_H
#define PYC2C_BUILTIN_OWN_H

enum {
    /* dunders (looked up on the type), then method names (the instance's first) */
    PYC2C_OWN_GETITEM, PYC2C_OWN_SETITEM, PYC2C_OWN_LEN, PYC2C_OWN_CONTAINS, PYC2C_OWN_APPEND,
    PYC2C_OWN_INSERT, PYC2C_OWN_SORT, PYC2C_OWN_REVERSE, PYC2C_OWN_GET, PYC2C_OWN_SETDEFAULT,
    PYC2C_OWN_ADD, PYC2C_OWN_COUNT
};

int Pyc2c_OwnsSlow(PyObject *o, PyTypeObject *base, int op);   /* o is a base instance */

/* 1 when o (an instance of base or of a subclass) does op as base itself does. */
static inline int Pyc2c_Owns(PyObject *o, PyTypeObject *base, int op)
{
    return PYC2C_LIKELY(Py_TYPE(o) == base) || Pyc2c_OwnsSlow(o, base, op);
}

/* o[k] and o[k] = v of a dict subclass whose slot is not dict's own (a class defining
 * __delitem__, as Counter does, gets CPython's generic slots): dict's own functions while
 * __getitem__ / __setitem__ still resolve to dict's, else the C API. */
PyObject *Pyc2c_DictSubGetItem(PyObject *o, PyObject *k);
int Pyc2c_DictSubSetItem(PyObject *o, PyObject *k, PyObject *v);

#endif
