/* ast.h - our Python AST, modeled on CPython's ast module (Python 3.12 grammar).
 * Every statement and expression kind has a node, even those later stages do not
 * compile yet. Nodes live in the compilation arena. Names are interned. */
#ifndef PYC2C_AST_H
#define PYC2C_AST_H

#include "../base/base.h"
#include "../prim/prim.h"

typedef enum AstStmtKind {
#define STMT(k, name) STMT_##k,
#include "ast_kinds.def"
#undef STMT
    STMT_COUNT
} AstStmtKind;

typedef enum AstExprKind {
#define EXPR(k, name) EXPR_##k,
#include "ast_kinds.def"
#undef EXPR
    EXPR_COUNT
} AstExprKind;

/* Python's operators are defined below the AST (prim/pyops.def) */
typedef PyBinOp AstBinOp;
typedef PyCmpOp AstCmpOp;

typedef enum AstPatternKind {
#define PATTERN(k, name) PATTERN_##k,
#include "ast_kinds.def"
#undef PATTERN
    PATTERN_COUNT
} AstPatternKind;

typedef PyUnaryOp AstUnaryOp;
typedef enum AstBoolOp { BOOL_AND, BOOL_OR } AstBoolOp;
typedef enum AstCtx { CTX_LOAD, CTX_STORE, CTX_DEL } AstCtx;

typedef enum AstConstKind {
    CONST_NONE, CONST_TRUE, CONST_FALSE, CONST_ELLIPSIS,
    CONST_INT,      /* text: decimal digits, normalized (no '_', no base prefix) */
    CONST_FLOAT,    /* fval; text keeps the source spelling */
    CONST_IMAG,     /* fval is the imaginary part */
    CONST_STR,      /* bytes/len: UTF-8 after escape processing */
    CONST_BYTES,    /* bytes/len: raw bytes after escape processing */
    CONST_DC_FACTORY, /* dataclasses' "<factory>" marker: only a default of an __init__
                       * made by sema (dataclass_init.c), never from source */
} AstConstKind;

typedef struct AstExpr AstExpr;
typedef struct AstStmt AstStmt;
typedef struct AstPattern AstPattern;
typedef VEC(AstExpr *) AstExprVec;
typedef VEC(AstStmt *) AstStmtVec;
typedef VEC(AstPattern *) AstPatternVec;
typedef VEC(struct PrivateContainer *) AstPrivateVec;   /* sema/private_containers.c */
typedef VEC(const char *) AstNameVec;

/* Forward declarations for the annotations later stages attach. */
struct Type;
struct Symbol;
struct Scope;
struct SemaFunc;

/* An unannotated field of a class and the type sema found for it (its classes, if it
 * names any, those of the analysis that found it: read through their statements). */
typedef struct AstRefined {
    const char *field;
    const struct Type *type;
} AstRefined;

/* A field of a class that holds objects because of a store (sema/field_types.c). */
typedef struct AstWidened {
    const char *field;
    const char *why;
    int line;
} AstWidened;

typedef struct AstKeyword {
    const char *name;        /* NULL for **expr */
    AstExpr *value;
    Loc loc;
} AstKeyword;
typedef VEC(AstKeyword) AstKeywordVec;

typedef struct AstComprehension {
    AstExpr *target, *iter;
    AstExprVec ifs;
    bool is_async;
} AstComprehension;
typedef VEC(AstComprehension) AstCompVec;

/* One part of an f-string: literal text or {value!conv:spec}. */
typedef struct AstFStringPart {
    const char *text;        /* literal text (UTF-8), when value == NULL */
    size_t text_len;
    AstExpr *value;
    char conversion;         /* 0, 'r', 's' or 'a' */
    AstExpr *format_spec;    /* an EXPR_FSTRING or NULL */
    const char *debug_text;  /* "x=" for f"{x=}", else NULL */
    Loc loc;                 /* the field's {...} (3.12+ tracebacks point at it) */
    bool spec_kept;          /* f"{x:={w}}": a spec after ':=' holding a field, which
                              * tree-sitter did not parse as one: the unit stays Python */
} AstFStringPart;
typedef VEC(AstFStringPart) AstFStringPartVec;

struct AstExpr {
    AstExprKind kind;
    Loc loc;
    const struct Type *type; /* set by sema */
    const struct Type *union_type; /* sema: the union an object-typed value is (a local it
                                    * is stored in takes it and is narrowed) */
    union {
        struct { AstBoolOp op; AstExprVec values; } boolop;
        struct { AstExpr *target, *value; } namedexpr;
        struct { AstBinOp op; AstExpr *left, *right; bool inplace;   /* inplace: of x op= y */
                 const PrimOp *row; } binop;   /* set by sema: the operator row on unboxed operands */
        struct { AstUnaryOp op; AstExpr *operand; } unaryop;
        struct { struct AstArguments *args; AstExpr *body;
                 struct AstStmt *def; /* sema: the lambda as a one-return def */ } lambda;
        struct { AstExpr *test, *body, *orelse; } ifexp;
        struct { AstExprVec keys; AstExprVec values; } dict;     /* key NULL for **d */
        struct { AstExprVec elts; } set;
        /* value: dictcomp; consumer: a genexp built as a list ('L', for list(), tuple(),
         * sorted(), str.join()) or run as a loop by any() ('a') or all() ('l') */
        struct { AstExpr *elt, *value; AstCompVec generators; char consumer;
                 AstExpr *as_call; /* sema: a genexp with no consumer that takes it whole,
                                    * as a call of its generator function (genexp_gen.c) */
                 AstExpr *twin;    /* the sole argument of a call spelled Counter(...) or
                                    * x.update(...), lowered
                                    * again (lower_expr.c): the generator the loop falls back
                                    * to (sema/genexp.c). No walker visits it. */ } comp;
        struct { AstExpr *value; } await_;
        struct { AstExpr *value; } yield;                          /* value may be NULL */
        struct { AstExpr *left; VEC(AstCmpOp) ops; AstExprVec comparators; } compare;
        /* typing: set by sema for typing.cast(T, x) ('c'), i64(x)-style fixed-width
         * conversions ('w') and globals() ('g'), lowered without calling the run-time helper.
         * via_class: sema, for X.m(...) where X names a class statement's class or a subclass
         * (via 'n': its name, 'c': a class method's cls, 't': type(x)) or is super() in a
         * method of it ('s'; 'e': super(C, x) spelled out), that statement; 'k': the call
         * is cls(...) in a class method of that class (an instance of it or a subclass);
         * 'x': min/max(xs, key=...), an element of xs (checked where it comes back) */
        struct { AstExpr *func; AstExprVec args; AstKeywordVec keywords; char typing;
                 char via; struct AstStmt *via_class;
                 const char *misfit;   /* a compiled method's call that cannot take its native
                                        * entry: why (sema/call_fit.c, --report) */
                 const char *misfit_name; } call;
        struct { AstFStringPartVec parts; } fstring;
        struct {
            AstConstKind kind;
            const char *text;      /* CONST_INT digits; CONST_FLOAT spelling */
            double fval;
            const char *bytes;     /* CONST_STR / CONST_BYTES */
            size_t len;
        } constant;
        /* final_value: C.X of a Final class attribute, read as this literal (sema/class_final.c);
         * getter: o.p of a native instance, p a compiled property's getter or its abstract
         * declaration (sema/instance.c); class_const: a class constant read through the
         * site's class cache, 'i' on an instance, 'c' on a class (sema/class_final.c) */
        struct { AstExpr *value; const char *attr; AstCtx ctx; AstExpr *final_value;
                 struct SemaFunc *getter; char class_const; } attribute;
        struct { AstExpr *value, *index; AstCtx ctx; } subscript;
        struct { AstExpr *value; AstCtx ctx; } starred;
        struct { const char *id; AstCtx ctx; struct Symbol *sym;
                 bool maybe_unbound; /* sema: a local read that may precede its assignment */
                 bool frame_free; /* sema: a frame builtin called so that it needs no frame: super(C, obj), vars(x), dir(x);
                                   * on __class__: the first argument sema gave super() */
                 bool super_attr; /* sema: that __class__ of super().name, which 3.12+ reads as a free
                                   * variable first (LOAD_SUPER_ATTR: NameError when empty) */ } name;
        struct { AstExprVec elts; AstCtx ctx; bool parenthesized;
                 bool of_tuple; /* sema: a target unpacking a fixed tuple of its length */ } seq;  /* list, tuple */
        struct { AstExpr *lower, *upper, *step; } slice;
    } u;
};

typedef struct AstArg {
    const char *name;
    AstExpr *annotation;     /* NULL if none */
    AstExpr *default_;       /* NULL if none */
    Loc loc;
    struct Symbol *sym;      /* set by sema */
} AstArg;
typedef VEC(AstArg) AstArgVec;

typedef struct AstArguments {
    AstArgVec posonly;       /* before '/' */
    AstArgVec args;          /* positional-or-keyword */
    AstArg *vararg;          /* *args or NULL */
    AstArgVec kwonly;        /* after '*' or '*args' */
    AstArg *kwarg;           /* **kwargs or NULL */
} AstArguments;

/* The parameters in CPython's co_varnames order: positional-only, positional-or-keyword,
 * keyword-only, *args, **kwargs. */
static inline int ast_param_count(const AstArguments *a)
{
    return a->posonly.len + a->args.len + a->kwonly.len + (a->vararg != NULL) + (a->kwarg != NULL);
}

static inline AstArg *ast_param_at(AstArguments *a, int i)
{
    AstArgVec *lists[3] = {&a->posonly, &a->args, &a->kwonly};
    for (int l = 0; l < 3; l++) {
        if (i < lists[l]->len) {
            return &lists[l]->data[i];
        }
        i -= lists[l]->len;
    }
    return i == 0 && a->vararg ? a->vararg : a->kwarg;
}

typedef struct AstWithItem {
    AstExpr *context, *target;   /* target may be NULL */
} AstWithItem;
typedef VEC(AstWithItem) AstWithItemVec;

typedef struct AstExceptHandler {
    AstExpr *type;           /* NULL for bare except */
    const char *name;        /* 'as' name or NULL */
    AstExpr *name_expr;      /* the 'as' name as a store target, made by sema */
    AstStmtVec body;
    Loc loc;
} AstExceptHandler;
typedef VEC(AstExceptHandler) AstHandlerVec;

/* In decoded str constants, \N{NAME} is kept as STR_NAME_MARK NAME STR_NAME_MARK (a
 * byte UTF-8 never holds): the interpreter's name table resolves it at run time. */
#define STR_NAME_MARK 0xFF

typedef struct AstAlias {
    const char *name;        /* dotted name, e.g. "os.path"; "*" for star import */
    const char *asname;      /* NULL if none */
    Loc loc;
    struct AstExpr *target;  /* sema: the name it binds, when that is a local or class name */
} AstAlias;
typedef VEC(AstAlias) AstAliasVec;

struct AstPattern {
    AstPatternKind kind;
    Loc loc;
    union {
        AstExpr *value;                                        /* VALUE */
        AstConstKind singleton;                                /* SINGLETON: None/True/False */
        AstPatternVec patterns;                                /* SEQUENCE, OR */
        struct { AstExprVec keys; AstPatternVec patterns; const char *rest; } mapping;
        struct { AstExpr *cls; AstPatternVec patterns; AstNameVec kwd_attrs;
                 AstPatternVec kwd_patterns; } cls;
        const char *star_name;                                 /* STAR: NULL for *_ */
        struct { AstPattern *pattern; const char *name; } as;  /* AS: both may be NULL (_) */
    } u;
};

typedef struct AstMatchCase {
    AstPattern *pattern;
    AstExpr *guard;
    AstStmtVec body;
} AstMatchCase;
typedef VEC(AstMatchCase) AstCaseVec;

struct AstStmt {
    AstStmtKind kind;
    Loc loc;
    const char *keep_reason; /* set by sema on a top-level statement run by CPython at import */
    Loc keep_loc;            /* where the construct that keeps it is */
    union {
        struct {
            const char *name;
            AstArguments *args;
            AstStmtVec body;
            AstExprVec decorators;
            AstExpr *returns;          /* NULL if not annotated */
            bool is_async;
            bool has_type_params;
            bool synthetic;            /* made by sema (dataclass_init.c), not in the source */
            struct Scope *scope;       /* set by sema */
            Loc name_loc;
            VEC(const char *) object_locals;   /* sema: inferred locals widened to object */
            AstPrivateVec privates;    /* sema: locals bound once to a display that stays private */
            bool privates_scanned;
            AstExpr *name_expr;        /* sema: a nested def's name as a store target */
            struct SemaFunc *func;     /* sema: a nested def's function (of the current analysis) */
            struct AstStmt *spec;      /* a module-level def lowered again: a copy sema may check
                                        * with some parameters typed (sema/speculate_params.c) */
            struct AstStmt *spec_of;   /* on such a copy: the def it copies */
            const char *spec_kinds;    /* sema: per parameter, 'i'/'f'/'s' typed in the copy, '-' not */
        } funcdef;
        struct {
            const char *name;
            AstExprVec bases;
            AstKeywordVec keywords;
            AstStmtVec body;
            AstExprVec decorators;
            bool has_type_params;
            struct Scope *scope;       /* set by sema: names bound in the body */
            struct Scope *cell_scope;  /* sema: holds __class__, between the module and methods */
            AstExpr *name_expr;        /* set by sema: the class name as a store target */
            struct SemaClass *native;  /* sema: its C layout, or NULL (a plain class) */
            const char *no_layout;     /* sema: why it has none (for --report), or NULL */
            Loc no_layout_loc;
            const char *no_native_init; /* sema: why a dataclass's __init__ stays the one dataclasses
                                         * writes (dataclass_init.c), or NULL */
            /* sema: unannotated fields typed by what the module stores in them, kept
             * from one analysis to the next (sema_native_class_refine) */
            struct AstRefined *refined;
            int nrefined;
            /* sema: fields first typed by what a method stores (not annotated) that some
             * store gives another type: objects from the next analysis on (--report) */
            VEC(struct AstWidened) widened;
            bool no_layout_by_design;  /* a plain class as written (foreign or several bases,
                                        * a metaclass, nothing declared): not a --strict error */
        } classdef;
        struct { AstExpr *value; } ret;                         /* value may be NULL */
        struct { AstExprVec targets; } delete_;
        struct { AstExprVec targets; AstExpr *value; } assign;  /* a = b = value */
        struct { AstExpr *target; AstBinOp op; AstExpr *value;
                 AstExpr *as_binop; /* set by sema: target op value */ } augassign;
        struct { AstExpr *target, *annotation, *value; bool simple; } annassign;
        struct { AstExpr *target, *iter; AstStmtVec body, orelse; bool is_async;
                 AstStmtVec spec;            /* the body lowered again (sema/speculate.c) */
                 const struct Type *spec_type; /* sema: spec runs when the target is one */
                 unsigned char spec_ints; /* sema, spec_type ty_int: the target's names read as ints (bit k: name k) */ } for_;
        struct { AstExpr *test; AstStmtVec body, orelse; } while_;
        struct { AstExpr *test; AstStmtVec body, orelse; } if_;    /* elif: orelse holds one IF */
        struct { AstWithItemVec items; AstStmtVec body; bool is_async; } with;
        struct { AstExpr *subject; AstCaseVec cases; } match;
        struct { AstExpr *exc, *cause; } raise;                 /* both may be NULL */
        struct { AstStmtVec body; AstHandlerVec handlers; AstStmtVec orelse, finalbody;
                 bool is_star; } try_;
        struct { AstExpr *test, *msg; } assert_;
        struct { AstAliasVec names; } import;
        struct { const char *module; AstAliasVec names; int level; } importfrom;  /* module may be NULL */
        struct { AstNameVec names; } global;                    /* global and nonlocal */
        struct { AstExpr *value; } expr;
        struct { AstExpr *name, *value; } typealias;
    } u;
};

typedef struct AstModule {
    const SourceFile *file;
    AstStmtVec body;
    const char *docstring;     /* NULL if none */
} AstModule;

const char *ast_stmt_name(AstStmtKind k);
const char *ast_expr_name(AstExprKind k);
const char *ast_binop_token(AstBinOp op);
const char *ast_cmpop_token(AstCmpOp op);

/* Prints the AST in an S-expression form, stable for tests. */
void ast_dump(const AstModule *m, FILE *out);

#endif
