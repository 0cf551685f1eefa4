/* entry.h - the Python entry of a compiled function, driven by a table (entry.c).
 *
 * A module of hundreds of functions has hundreds of entries (binding, checking and
 * unboxing the arguments, boxing the result); written out in C for each function they
 * were the biggest share of a big module's C compile. Each entry is now three calls:
 * Pyc2c_EntryBegin (bind, check and unbox the arguments as the function's table says,
 * count a tick, make the function's module the running one), the native function on the
 * unboxed values, and one Pyc2c_EntryEnd* (restore the caller's module, box the
 * result, release the arguments). Functions of one signature shape (the kinds of the
 * parameters and the result) share one entry (compiler/emit/emit_shape_entry.c), which
 * finds the table and the native function in the function's Pyc2cFuncDef.
 * Included by pyc2c.h (needs Pyc2cClass, Pyc2cSig). */
#ifndef PYC2C_ENTRY_H
#define PYC2C_ENTRY_H

/* What a parameter takes: kind, as its native type ('i' int, 'f' float, 'b' bool,
 * 'n' None, 'l' i64, 'w' i32, 'o' object); for objects, check: 0 none, 's' str, 'L' list,
 * 'd' dict, 'S' set, 't' tuple, 'c' an instance of cls, 'u' a member of the union mask;
 * or_none: None passes the check too (classes). type_name: what a TypeError says. */
typedef struct Pyc2cParamSpec {
    char kind, check, or_none;
    const char *type_name;
    Pyc2cClass *cls;
    int64_t union_mask;
} Pyc2cParamSpec;

enum { PYC2C_ENTRY_MAX_PARAMS = 12 };   /* more: the emitter writes the entry out */

typedef union Pyc2cArgValue {
    Pyc2cInt i;
    double f;
    char b;
    int64_t l;
    int32_t w;
    PyObject *o;
} Pyc2cArgValue;

typedef struct Pyc2cEntry {
    PyObject *in[PYC2C_ENTRY_MAX_PARAMS];   /* bound arguments (Pyc2cFunction_BindArgs) */
    Pyc2cArgValue v[PYC2C_ENTRY_MAX_PARAMS];/* unboxed: what the native function takes */
    PyObject *defaults;                     /* kept alive for the call */
    PyObject *caller_dict;                  /* the running module's dict before the call */
    PyObject **module_dict;                 /* the module's pyc2c_module_dict */
    const Pyc2cParamSpec *spec;
    int n, owned_from;                      /* in[owned_from..n) are owned (keyword-only, *args, **kwargs) */
} Pyc2cEntry;

/* 0, with e ready for the native call; or -1 with the exception set and nothing held. */
int Pyc2c_EntryBegin(Pyc2cEntry *e, PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames,
                     const Pyc2cParamSpec *spec, int n, PyObject **module_dict);
/* After the native call returned r (its error value: the exception is set): the result
 * as a new reference, or NULL. */
PyObject *Pyc2c_EntryEndInt(Pyc2cEntry *e, Pyc2cInt r);
PyObject *Pyc2c_EntryEndFloat(Pyc2cEntry *e, double r);
PyObject *Pyc2c_EntryEndBool(Pyc2cEntry *e, char r);
PyObject *Pyc2c_EntryEndNone(Pyc2cEntry *e, char r);
PyObject *Pyc2c_EntryEndI64(Pyc2cEntry *e, int64_t r);
PyObject *Pyc2c_EntryEndI32(Pyc2cEntry *e, int32_t r);
PyObject *Pyc2c_EntryEndObj(Pyc2cEntry *e, PyObject *r);   /* r: a new reference or NULL */

#endif
