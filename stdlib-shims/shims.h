/* shims.h - what the compiler knows about builtins and the standard library,
 * read from shims.def (data, not special cases in the emitter). */
#ifndef PYC2C_SHIMS_H
#define PYC2C_SHIMS_H

#include "../compiler/prim/prim.h"

typedef enum ShimKind {
    SHIM_FN,          /* fixed signature: lowers to `prim` */
    SHIM_CONST,       /* a float constant such as math.pi: fval */
    SHIM_CALL,        /* rows by argument kinds: `call` (shim_call_row) */
    SHIM_MIN, SHIM_MAX, SHIM_BOOL, SHIM_PRINT, SHIM_RANGE,
    SHIM_LIST, SHIM_SET, SHIM_DICT, SHIM_SORTED, SHIM_ENUMERATE, SHIM_ZIP,
    SHIM_TYPE,        /* a name denoting a type: typing.Final, mypy_extensions.i64 ... */
    SHIM_CAST,        /* typing.cast(T, x): x typed as T */
    SHIM_MARKER,      /* a decorator that returns what it is given (typing.final, trait, mypyc_attr(...)) */
} ShimKind;

typedef struct Shim {
    const char *module;   /* "builtins", "math", "typing", "mypy_extensions" */
    const char *name;
    ShimKind kind;
    Prim prim;            /* SHIM_FN */
    double fval;          /* SHIM_CONST */
    struct {
        PyVal args[2];    /* argument kinds (maybe wildcards); args[1] VOID: one argument */
        PrimId prim;      /* NO_PRIM: the argument converted to result */
        PyVal result;
    } call;               /* SHIM_CALL: one row */
} Shim;

/* A method of a typed receiver (methods.def). */
typedef enum MethodResult { MR_NONE, MR_INT, MR_BOOL, MR_STR, MR_ELT, MR_VAL, MR_LISTSTR, MR_STR3, MR_GET,
                            MR_ITEMS, MR_KEYS, MR_VALUES } MethodResult;
typedef enum MethodArg { MA_VOID, MA_OBJ, MA_ELT, MA_KEY, MA_VAL, MA_INT, MA_STR, MA_STRS } MethodArg;
typedef struct Method {
    const char *cls;      /* "list", "dict", "set", "str" */
    const char *name;
    MethodResult result;
    int nargs;
    MethodArg args[2];
    Prim prim;            /* receiver, then the arguments */
} Method;

/* The method cls.name taking nargs positional arguments, or NULL: the first row, or
 * the first after prev (rows of one method differ in their argument kinds). */
const Method *method_find(const char *cls, const char *name, int nargs);
const Method *method_find_after(const Method *prev, const char *cls, const char *name, int nargs);

/* The shim for module.name, or NULL. */
const Shim *shim_find(const char *module, const char *name);
/* The row of SHIM_CALL sh's name that a call with nargs arguments of kinds args takes,
 * or NULL (the ordinary call). */
const Shim *shim_call_row(const Shim *sh, int nargs, const PyVal *args);
/* Is module one whose contents the compiler knows (math, typing, ...)? */
bool shim_known_module(const char *module);
/* Do module's SHIM_CALL rows follow writes to the name called (heapq: a program or a
 * test may patch heapq.heappush)? Their prims then take the function the name holds
 * first and call it when it is not the one the runtime knows. */
bool shim_follows_writes(const char *module);

#endif
