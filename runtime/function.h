/* function.h - the object a compiled function is bound to in its module (function.c).
 *
 * It behaves like a Python function where code can tell: writable __name__,
 * __qualname__, __doc__, __module__; __defaults__, __kwdefaults__, __annotations__
 * (built at first access), __dict__ (so __wrapped__ and any attribute), binding as a
 * method, repr, weak references, pickling by qualified name, inspect.signature.
 * It has no __code__: the compiler keeps functions whose code reads it (or
 * __globals__, read-only here for typing.get_type_hints) as Python.  A nested function's __closure__ is its tuple of cells.  Included by pyc2c.h (needs Pyc2cSig). */
#ifndef PYC2C_FUNCTION_H
#define PYC2C_FUNCTION_H

/* A method's entry as compiled code calls it through a class's vtable (native_class.h
 * Pyc2c_VCallEntry): fn takes (thread state, the receiver's class check, the receiver,
 * the other parameters). key: the module static of its signature (parameter and result
 * types after self): a call site lowered its arguments for one signature and calls fn
 * only when the keys are the same address, so a def of another module, or of another
 * signature, never matches. fn takes the check as one of class cls's family (NULL:
 * any); a class that finds the def without deriving from cls (`A.m = B.m`) calls
 * narrowing's fn instead, which narrows the check to cls's family first. */
typedef void (*Pyc2cVFn)(void);
typedef struct Pyc2cVCall {
    const char *key;
    Pyc2cVFn fn;
    struct Pyc2cClass *cls;
    const struct Pyc2cVCall *narrowing;
} Pyc2cVCall;

/* What the generated code knows of one function: static, one per function. */
typedef struct Pyc2cFuncDef {
    const char *name;                 /* __name__ */
    const char *qualname;             /* __qualname__ (C.m for a method); NULL: the name */
    const char *doc;                  /* the docstring, or NULL */
    vectorcallfunc entry;             /* the Python entry: (func, args, nargsf, kwnames) */
    const Pyc2cSig *sig;              /* parameter names */
    /* the annotations as written in the source, one per parameter slot (sig order) then the
     * return annotation; NULL where there is none */
    const char *const *annotations;
    int future_annotations;           /* from __future__ import annotations: keep them as strings */
    struct Pyc2cProfileSite *profile; /* --profile builds: the native entry reports its calls */
    int line;                         /* of the def: __code__.co_firstlineno */
    /* A module split into parts: entry is the shared entry of the function's signature
     * shape (entry.h), which finds the parameter table and the native function here;
     * NULL otherwise. */
    const struct Pyc2cParamSpec *spec;
    void (*native)(void);
    const Pyc2cVCall *vcall;          /* a method callable through vtables, else NULL */
    const char *filename;             /* the source file tracebacks name: co_filename (NULL: __file__) */
    const char *const *freevars;      /* a closure's cell names, NULL-terminated: co_freevars */
} Pyc2cFuncDef;

typedef struct Pyc2cFunction {
    PyObject_HEAD
    vectorcallfunc vectorcall;        /* def->entry: calls skip tp_call */
    const Pyc2cFuncDef *def;
    PyObject *globals;                /* the module's dict, the native code's globals while it runs */
    PyObject *name, *qualname, *doc, *module;
    PyObject *defaults;               /* tuple or NULL (None) */
    PyObject *kwdefaults;             /* dict or NULL (None) */
    PyObject *annotations;            /* dict, or NULL until first read */
    int annotations_built;            /* NULL annotations read as a new empty dict */
    PyObject *dict;
    PyObject *weakreflist;
    PyObject *closure;                /* a nested function's tuple of cells, or NULL */
    PyObject *profile_stand_in;       /* what profilers are shown for it (profile.c), or NULL */
    PyObject *code;                   /* __code__, made at first read, or NULL */
} Pyc2cFunction;

/* A new function object for def, defined in the module whose dict is globals.
 * defaults[0..ndefaults) are new references, stolen (all released if one is NULL,
 * which then means an error is set); they become __defaults__ (None if none). */
PyObject *Pyc2cFunction_New(const Pyc2cFuncDef *def, PyObject *globals, Py_ssize_t ndefaults,
                            PyObject **defaults);

/* Sets func's __kwdefaults__ to {names[i]: values[i]} (n > 0).  Steals func and the
 * values; returns func, or NULL (all released) if any of them is NULL or on error. */
PyObject *Pyc2cFunction_SetKwDefaults(PyObject *func, int n, const char *const *names, PyObject **values);

/* Binds a call's arguments for func's Python entry: in[0..nparams) get borrowed
 * references, parameters not given get their value from func.__defaults__ (as read now,
 * so that assigning __defaults__ works as in Python).  *keep receives a new reference
 * to that tuple (or NULL), to release after the call: the call may replace __defaults__.
 * The other slots (keyword-only parameters, from __kwdefaults__ where not given, then
 * *args and **kwargs) get new references, to release after the call.
 * Returns 0, or -1 with CPython's TypeError and nothing to release. */
int Pyc2cFunction_BindArgs(PyObject *func, PyObject *const *args, size_t nargsf, PyObject *kwnames,
                           PyObject **in, PyObject **keep);

/* 1 when v is a function object of def defined in the module whose dict is globals. */
int Pyc2cFunction_IsOf(PyObject *v, const Pyc2cFuncDef *def, PyObject *globals);
int Pyc2cFunction_Check(PyObject *v);   /* a compiled function object */
/* Gives the new function object f (stolen; NULL passes through) the tuple of cells
 * closure (borrowed): its __closure__, passed to its native entry. */
PyObject *Pyc2cFunction_SetClosure(PyObject *f, PyObject *closure);
#define Pyc2cFunction_CLOSURE(func) (((Pyc2cFunction *)(func))->closure)

#define Pyc2cFunction_GLOBALS(func) (((Pyc2cFunction *)(func))->globals)

#endif
