/* isinstance_named.c - the slow path of isinstance_named.h: the site's names read as
 * CPython reads them (isinstance, then each type name in source order, the module dict
 * then builtins, NameError as LOAD_GLOBAL's), the site filled when each holds its
 * builtin, and the call made as written otherwise. */
#include "pyc2c.h"

static const char *const isa_names[] = {NULL, "int", "str", "float", "list", "dict", "tuple",
                                        "bool", "set", "bytes", "frozenset", "object"};

static PyTypeObject *isa_type(int code)
{
    static PyTypeObject *const types[] = {NULL, &PyLong_Type, &PyUnicode_Type, &PyFloat_Type, &PyList_Type,
                                          &PyDict_Type, &PyTuple_Type, &PyBool_Type, &PySet_Type,
                                          &PyBytes_Type, &PyFrozenSet_Type, &PyBaseObject_Type};
    return types[code];
}

/* The interned name of code (0: "isinstance"), kept for the life of the process. */
static PyObject *isa_name(int code)
{
    static PyObject *names[PYC2C_ISA_OBJECT + 1];
    if (names[code] == NULL) {
        names[code] = PyUnicode_InternFromString(code ? isa_names[code] : "isinstance");
    }
    return names[code];
}

/* isinstance(x, each builtin type of seq in turn), as the builtin takes a tuple. */
static char isa_builtin(PyObject *x, int64_t seq)
{
    for (int i = 0; i < 8; i++) {
        int code = (int)((seq >> (4 * i)) & 15);
        if (code == 0) {
            break;
        }
        int r = PyObject_IsInstance(x, (PyObject *)isa_type(code));
        if (r != 0) {
            return r < 0 ? 2 : 1;
        }
    }
    return 0;
}

/* What isinstance holds called with x and the types read (a tuple when written so). */
static char isa_call(PyObject *fn, PyObject *x, PyObject **types, int n, int tuple)
{
    PyObject *t = types[0];
    if (tuple) {
        t = PyTuple_New(n);
        if (t == NULL) {
            return 2;
        }
        for (int i = 0; i < n; i++) {
            Py_INCREF(types[i]);
            PyTuple_SET_ITEM(t, i, types[i]);
        }
    }
    PyObject *args[3] = {NULL, x, t};
    PyObject *v = PyObject_Vectorcall(fn, args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (tuple) {
        Py_DECREF(t);
    }
    int r = v != NULL ? PyObject_IsTrue(v) : -1;
    Py_XDECREF(v);
    return r < 0 ? 2 : (char)r;
}

char Pyc2c_IsInstanceNamedSlow(PyObject *x, int64_t seq, int64_t mask, PyObject *dict, Pyc2cIsaSite *c)
{
    (void)mask;
    if (c->dict == dict && c->dict_version == Pyc2c_DictVersion(dict) &&
        c->builtins_version == Pyc2c_DictVersion(c->builtins)) {
        return isa_builtin(x, seq);   /* the names hold the builtins: x of another type */
    }
    if (PYC2C_UNLIKELY(pyc2c_builtin_isinstance == NULL) && Pyc2c_InitFastCallees() < 0) {
        return 2;
    }
    Pyc2cGlobalCache tmp;
    PyObject *name = isa_name(0);
    PyObject *fn = name ? Pyc2c_LoadGlobalFill(dict, name, &tmp) : NULL;
    if (fn == NULL) {
        return 2;
    }
    PyObject *types[8];
    int n = 0, builtin = fn == pyc2c_builtin_isinstance;
    char r = 2;
    for (; n < 8 && ((seq >> (4 * n)) & 15) != 0; n++) {
        int code = (int)((seq >> (4 * n)) & 15);
        name = isa_name(code);
        types[n] = name ? Pyc2c_LoadGlobalFill(dict, name, &tmp) : NULL;
        if (types[n] == NULL) {
            goto done;
        }
        builtin = builtin && types[n] == (PyObject *)isa_type(code);
    }
    if (builtin) {
        PyObject *builtins = PyEval_GetBuiltins();
        if (builtins != NULL) {
            c->builtins = builtins;
            c->builtins_version = Pyc2c_DictVersion(builtins);
            c->dict_version = Pyc2c_DictVersion(dict);
            c->dict = dict;
        }
        r = isa_builtin(x, seq);
    } else {
        r = isa_call(fn, x, types, n, (seq & PYC2C_ISA_TUPLE) != 0);
    }
done:
    for (int i = 0; i < n; i++) {
        Py_DECREF(types[i]);
    }
    Py_DECREF(fn);
    return r;
}
