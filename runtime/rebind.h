/* rebind.h - is a module function still the one compiled code calls directly?
 *
 * Compiled callers of a module-level function call its C entry, but Python code may
 * rebind the name (`m.f = ...`, `globals()["f"] = ...`, `del m.f`, mock.patch): then
 * CPython's call would look the name up and reach the new object.  The direct call
 * is taken only while the module dict still maps the name to a function object made
 * from this definition; the check costs a compare of the dict's version tag, which
 * changes on every write to that dict, and a lookup after a write.  Included by pyc2c.h. */
#ifndef PYC2C_REBIND_H
#define PYC2C_REBIND_H

/* One per directly called function: the dict and version last seen intact. */
typedef struct Pyc2cIntact {
    PyObject *dict;
    uint64_t version;
    PyObject *name;    /* def->name, interned at the first lookup */
    PyObject *held;    /* what the name held then (borrowed: the dict keeps it) */
} Pyc2cIntact;

/* ma_version_tag is deprecated from 3.12 (PEP 699) but still moves on every write. */
static inline uint64_t Pyc2c_DictVersion(PyObject *dict)
{
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    return ((PyDictObject *)dict)->ma_version_tag;
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

/* The slow path: looks def's name up in dict and refreshes *seen when it is still def's. */
int Pyc2c_FuncIntactLookup(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen);

/* 1 when a direct call of def is what calling its name would call in dict's module, else 0. */
static inline char Pyc2c_FuncIntact(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen)
{
    if (PYC2C_LIKELY(seen->dict == dict && seen->version == Pyc2c_DictVersion(dict))) {
        return 1;
    }
    return (char)Pyc2c_FuncIntactLookup(dict, def, seen);
}

/* A call of whatever def's name holds in globals now, with the arguments as written
 * (rebound.c): kinds has one letter per variadic argument, boxed as i a Pyc2cInt,
 * f a double, b a bool, n None, q an int64_t, w an int32_t, o a PyObject * (borrowed);
 * the last len(kwnames) by keyword. A new reference, or NULL with an exception set. */
PyObject *Pyc2c_CallGlobal(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames,
                           const char *kinds, ...);
/* The same with the result unboxed to the callee's declared return type (its error
 * value, with an exception set, when the call fails or returns another type). */
Pyc2cInt Pyc2c_CallGlobalInt(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames, const char *kinds, ...);
double Pyc2c_CallGlobalFloat(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames, const char *kinds, ...);
char Pyc2c_CallGlobalBool(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames, const char *kinds, ...);
int64_t Pyc2c_CallGlobalI64(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames, const char *kinds, ...);
int32_t Pyc2c_CallGlobalI32(PyObject *globals, const Pyc2cFuncDef *def, PyObject *kwnames, const char *kinds, ...);

#endif
