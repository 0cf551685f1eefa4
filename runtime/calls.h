/* calls.h - calls with *args and **kwargs unpacking (callex.c): f(a, *xs, b, **kw, c=1)
 * as CPython's CALL_FUNCTION_EX and the LIST_EXTEND/DICT_MERGE before it run it, with
 * their TypeError messages.  Included by pyc2c.h.  0 / new reference on success,
 * -1 / NULL with an exception set. */
#ifndef PYC2C_CALLS_H
#define PYC2C_CALLS_H

/* list.extend(iterable) for a positional *iterable: "Value after * must be an
 * iterable, not int". */
int Pyc2c_CallArgsExtend(PyObject *list, PyObject *iterable);
/* Adds the items of mapping to kwargs (a dict): "mod.f() argument after ** must be a
 * mapping, not int", "mod.f() got multiple values for keyword argument 'x'". */
int Pyc2c_CallKwMerge(PyObject *func, PyObject *kwargs, PyObject *mapping);
/* func(*args, **kwargs): args a tuple, or (the sole *iterable of the call) any
 * iterable: "mod.f() argument after * must be an iterable, not int". */
PyObject *Pyc2c_CallEx(PyObject *func, PyObject *args, PyObject *kwargs);

/* A call site of a NamedTuple class (named_tuple.c): the class last seen there, its
 * version tag then, its generated __new__ and that function's code and varnames (held). */
typedef struct Pyc2cTupleNew {
    PyTypeObject *type;
    unsigned int version;
    PyObject *func, *code, *names;
    Py_ssize_t nfields;
} Pyc2cTupleNew;
/* callable(*args, **kwnames) as PyObject_Vectorcall, where callable is a NamedTuple class
 * whose __new__ is namedtuple()'s: the instance is made from the bound arguments. */
PyObject *Pyc2c_NamedTupleCall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames,
                               Pyc2cTupleNew *c);

#endif
