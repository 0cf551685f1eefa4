/* scope.h - symbols and scopes: the module scope and one scope per function. */
#ifndef PYC2C_SCOPE_H
#define PYC2C_SCOPE_H

#include "../front/ast.h"
#include "types.h"

struct Shim;

typedef enum SymKind {
    SYM_LOCAL,     /* a function's local variable */
    SYM_PARAM,     /* a function's parameter */
    SYM_GLOBAL,    /* a module-level variable assigned once (a constant) */
    SYM_FUNC,      /* a module-level function */
    SYM_MODULE,    /* an imported module (import math) */
    SYM_SHIM,      /* a builtin or imported function/constant known to stdlib-shims */
    SYM_TYPE,      /* a name denoting a type: int, float, Final, i64 ... */
    SYM_CLASSVAR,  /* a name bound in a class body: read from the class namespace */
} SymKind;

typedef struct SemaFunc SemaFunc;

/* A field of a native class (sema/native_class.c): 'o' an object slot, 'f' a double,
 * 'b' a bool; offsets in the instance, and the word and bit saying it is set. */
typedef struct SemaField {
    const char *name;
    const Type *type;
    char kind;                   /* 'o' object, 'f' double, 'b' bool, 'i' int (tagged), 'q' i64, 'w' i32 */
    int offset, bitmap;
    unsigned bit;
    bool untyped;                /* named by __slots__ only, so far */
    int index;                   /* in its class's own fields */
    struct SemaClass *owner;
    AstExpr *ann;                /* the one annotation that typed it, or NULL: read again once
                                  * every class is known (a forward reference "C") */
    const Type *stored;          /* an unannotated object field: what the module stores in it
                                  * (sema_field_stored), joined; NULL before the first store */
    bool stored_mixed;           /* ... values of no one object type */
    bool tentative;              /* so far only stored values inference types (not a
                                  * literal or parameter): object unless refined */
    const char *object_why;      /* why a field that could be typed holds objects (--report) */
    int object_line;
    bool none_stored;            /* a method stores None in it (none_line: the first) */
    int none_line;
    bool declared;               /* typed by an annotation of the field itself (class level
                                  * or `self.x: T = v`): stores are checked, never widen it */
    bool class_default;          /* the class body binds it too (`n = 0`, `n: int = 0`): an
                                  * unset field reads that class attribute (runtime unset_read) */
} SemaField;

/* A class constant read through the class as an object, and why (sema/class_final.c). */
typedef struct SemaConstNote {
    const char *name, *why;
    int line;
} SemaConstNote;

/* A module-level class compiled with a C layout (a native type at run time when its
 * class statement finds what it was compiled for: runtime/native_class.c). */
typedef struct SemaClass {
    AstStmt *def;
    const char *name;
    int index;                   /* in SemaModule.classes */
    struct SemaClass *base;      /* a native base class, or NULL (object) */
    VEC(SemaField *) fields;     /* its own fields */
    const Type *type;            /* TY_INSTANCE of it */
    const Type *opt_type;        /* Optional[C]: TY_INSTANCE, nullable */
    int base_size, slots_size, basicsize;
    bool dataclass;
    bool dataclass_slots;        /* @dataclass(slots=True) (runtime/native_class.c) */
    bool source_slots;           /* the source declares __slots__ (or dataclass(slots=True)) */
    bool weakref;                /* a __weakref__ slot after the object fields: a root class
                                  * without __slots__, as CPython gives every plain class one */
    bool abc_root;               /* its base is abc.ABC (empty __slots__, metaclass ABCMeta) */
    VEC(SemaConstNote) const_notes;  /* class constants its reads leave objects (--report) */
} SemaClass;

typedef struct Symbol {
    const char *name;
    SymKind kind;
    const Type *type;        /* value type (locals, params, globals) */
    Loc loc;                 /* first definition */
    SemaFunc *func;          /* SYM_FUNC */
    const struct Shim *shim; /* SYM_SHIM, SYM_TYPE from a module */
    const char *module;      /* SYM_MODULE: dotted module name */
    const char *typing_name; /* SYM_TYPE imported from typing (or typing_extensions): its name there;
                              * "Callable" on a global bound by from collections.abc import Callable,
                              * "abc.ABC" on one bound by from abc import ABC */
    int assignments;         /* SYM_GLOBAL: number of module-level bindings */
    bool is_final;           /* SYM_GLOBAL declared Final: read natively from a static */
    struct AstExpr *final_value;   /* is_final, bound once to a number or bool literal (or its
                              * negation) of the declared type: reads lower that literal */
    int slot;                /* scratch for the IR builder: register or global index */
    bool needs_bound_flag;   /* SYM_LOCAL read somewhere before it is surely assigned */
    bool inferred;           /* SYM_LOCAL typed by its first assignment, not an annotation */
    int bound_slot;          /* scratch for the IR builder: the flag's register */
    bool captured;           /* SYM_LOCAL/SYM_PARAM read or written by a nested function: lives in a cell */
    bool holds_nested;       /* a local bound to a nested def or lambda (no __code__ natively) */
    bool comp_var;           /* a comprehension's loop variable */
    bool walrus_bound;       /* SYM_LOCAL/SYM_PARAM bound by some `:=`: a read is copied, as a
                              * later := of the same expression must not change it */
    SemaClass *cls;          /* SYM_GLOBAL bound once by a native class statement */
    struct AstStmt *named_tuple_def;   /* SYM_GLOBAL bound by a class statement deriving
                              * typing.NamedTuple whose fields read as typed items */
    const Type *named_tuple; /* ... its tuple type, once made (sema/named_tuple.c) */
    bool typed_dict;         /* SYM_GLOBAL bound by a class statement deriving TypedDict:
                              * annotations naming it mean dict[str, object] */
    struct Symbol *web_base; /* scratch for the IR builder: the symbol of its source name
                              * when the name has webs (sema/webs.c), the base itself too;
                              * else NULL */
    int web_held_slot;       /* scratch, on a web_base: the one register all of the name's
                              * frame-held object webs share, or -1 */
} Symbol;

/* Names of function and comprehension scopes are locals of a function (or of the
 * module body, owner NULL); module and class scopes hold globals and class variables. */
typedef enum ScopeKind { SCOPE_FUNC, SCOPE_COMP, SCOPE_CLASS, SCOPE_MODULE } ScopeKind;

typedef struct Scope {
    struct Scope *parent;    /* the enclosing scope (class scopes skipped); NULL for the module */
    ScopeKind kind;
    SemaFunc *owner;         /* SCOPE_FUNC, SCOPE_COMP: the function whose locals they are */
    VEC(Symbol *) syms;
    Symbol **index;          /* past SCOPE_INDEX_MIN names: syms by name (open addressing,
                              * the first of a name), so a 50,000-name module looks up in
                              * constant time, not by a walk of every name (scope.c) */
    int index_cap;
    VEC(const char *) global_decls;   /* names declared `global` in a function */
    VEC(const char *) nonlocal_decls; /* names declared `nonlocal` */
} Scope;

struct SemaFunc {
    AstStmt *def;
    Scope *scope;
    Symbol *sym;
    const Type *ret;
    VEC(Symbol *) params;    /* every parameter, in ast_param_at order */
    AstStmt *cls;            /* the class statement of a method, or NULL */
    int nrequired;           /* leading params without defaults */
    int npos, nposonly;      /* positional params (params[0..npos)), the positional-only among them */
    int nkwonly;             /* keyword-only params: params[npos..npos+nkwonly) */
    bool varargs, varkw;     /* *args, then **kwargs: the last params */
    /* nested functions and lambdas (sema/nested.c) */
    SemaFunc *parent;        /* the enclosing function; NULL at module level or in a class body */
    bool nested;             /* a def inside a function, or a lambda */
    AstStmt *unit;           /* the top-level statement it belongs to */
    const char *qualname;    /* __qualname__ (NULL: the name) */
    const char *qualname_pre312;   /* before 3.12 when it differs: comprehensions were
                                    * functions (f.<locals>.<listcomp>.<lambda>), else NULL */
    VEC(Symbol *) freevars;  /* enclosing functions' variables it (or a function inside it) uses */
    const struct SemaModule *sm;   /* the analysis that made it */
    bool memo;               /* decorated by functools' cache or lru_cache (sema/memo.c) */
    bool generator;          /* its body yields (sema/generators.c): calls return its generator */
    SemaFunc *spec;          /* its copy typed for some untyped parameters (speculate_params.c) */
    SemaFunc *spec_of;       /* on such a copy: the function it copies (not bound to a name) */
};

typedef struct SemaModule {
    AstModule *ast;
    Scope *scope;
    VEC(SemaFunc *) funcs;
    VEC(SemaClass *) classes;   /* native classes, in source order */
    int kept;    /* top-level statements kept as Python (stmt->keep_reason) */
    bool star_import;   /* `from m import *`: names the compiler cannot see */
    bool future_annotations;   /* `from __future__ import annotations`: annotations stay strings */
    TypeTable *types;          /* the compilation's interned container and union types */
    VEC(AstExpr *) misfit_calls;   /* calls of compiled methods that were found not to fit
                                    * their native entry (e->u.call.misfit: the last analysis's) */
    bool fn_names_done;            /* fn_only computed (sema/function_names.c) */
    bool binds_any;                /* globals/vars/locals/exec/eval: any name may be bound */
    VEC(const char *) fn_only;     /* names the module binds only by plain defs */
    struct ModuleBindings *bindings;   /* every binding of the module, once asked for */
} SemaModule;

Scope *scope_new(Ctx *ctx, Scope *parent);
Symbol *scope_lookup_local(const Scope *s, const char *name);
Symbol *scope_lookup(const Scope *s, const char *name);   /* local, then enclosing */
Symbol *scope_add(Ctx *ctx, Scope *s, const char *name, SymKind kind, Loc loc);
bool scope_declared_global(const Scope *s, const char *name);
bool scope_declared_nonlocal(const Scope *s, const char *name);

#endif
