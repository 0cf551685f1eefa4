/* sema.h - scopes, types, inference and type checks over the AST. */
#ifndef PYC2C_SEMA_H
#define PYC2C_SEMA_H

#include "../front/ast.h"
#include "types.h"
#include "scope.h"

/* Resolves names, computes types and reports type errors as diagnostics.
 * Returns the module's semantic model, or NULL when errors were reported. */
SemaModule *sema_run(Ctx *ctx, AstModule *mod);

/* webs.c: a local's webs after the first are renamed "name#k" before sema runs;
 * the name as the source spells it, for messages (id itself when not renamed). */
void sema_split_webs(Ctx *ctx, AstModule *mod);
/* speculate_params.c: which module functions get a copy typed for some of their
 * untyped parameters (AstStmt.u.funcdef.spec, spec_kinds); before the webs */
void sema_speculate_params(Ctx *ctx, AstModule *mod);
/* The type a copy's parameter kind stands for: 'i' int, 'f' float, 's' str. */
const char *sema_spec_kind_type(char kind);
const char *sema_web_name(Ctx *ctx, const char *id, int k);
const char *sema_source_name(Ctx *ctx, const char *id);

/* Does the call unpack arguments (f(*xs), f(**kw))? Such calls go through CPython's
 * call protocol, whatever the callee. */
bool sema_call_unpacks(const AstExpr *call);
/* The SHIM_CALL row (stdlib-shims/shims.def) the typed call e of sh takes, or NULL. */
const struct Shim *sema_shim_row(const AstExpr *e, const struct Shim *sh);
/* The index in f->params of the parameter a keyword argument `name` binds, or -1. */
int sema_keyword_param(const SemaFunc *f, const char *name);

/* Typed containers (containers.c), shared with the IR builder: is x[i] lowered with a
 * typed primitive; the typed method a call lowers to, or NULL; its argument i's type. */
bool sema_is_typed_index(const AstExpr *subscript);
struct Method;
const struct Method *sema_typed_method(const AstExpr *call);
AstExpr *sema_enumerate_start(const AstExpr *call);   /* enumerate(xs, start): start, or NULL */
const Type *sema_method_arg_type(const struct Method *m, int i, const Type *recv);

/* Native classes (native_class.c): a field of c or of its native bases, by name; the
 * method a plain def of c (or of a native base) defines, else NULL. */
SemaField *sema_class_field(const SemaClass *c, const char *name);
/* The value of keyword argument name of call e, or NULL (sema/genexp.c). */
AstExpr *sema_call_keyword(const AstExpr *e, const char *name);
SemaFunc *sema_class_method(const SemaModule *sm, const SemaClass *c, const char *name);
/* ... the def c.name finds, a plain one (*kind 'f'), a @staticmethod ('s') or a
 * @classmethod ('c'); NULL for anything else. */
SemaFunc *sema_class_member(const SemaModule *sm, const SemaClass *c, const char *name, char *kind);
/* The getters `o.p` (typed type) may call natively on an instance typed c: c's own (not
 * abstract), then the overrides of its subclasses in the module, each returning type;
 * at most max. */
int sema_property_targets(const SemaModule *sm, const SemaClass *c, const char *name, const Type *type, SemaFunc **out,
                          int max);
/* Why callers of method m cannot take its native entry (--report), or NULL. */
const char *sema_method_generic_reason(const SemaModule *sm, const SemaFunc *m);
/* The plain def of NamedTuple type t's class that t.name(...) calls, or NULL. */
SemaFunc *sema_named_tuple_method(const SemaModule *sm, const Type *t, const char *name);
bool sema_reads_class_cell(const SemaFunc *f);   /* a method whose only cell is its class's __class__ */
int sema_closure_cells(const SemaFunc *f);       /* the cells its native entry takes */
/* X.m(...) where X is a native class C or a subclass (its name, a class method's cls,
 * type(x) of an instance of C: call->u.call.via says which): C; super().m(...) in a
 * method of C, C with a native base: C ('s', or 'e' for super(C, x)); else NULL. */
SemaClass *sema_qualified_class(const AstExpr *call);
/* call_fit.c: why call e cannot take m's native entry (its parameters from first on),
 * or NULL when it can; a NULL arena gives "" for the reasons that name an argument */
/* call_fit.c: the same for C(args) of a native class whose __init__ is init (its
 * arguments evaluated once, before the class is checked), and the parameters it binds */
#define SEMA_MAX_INIT_PARAMS 64
const char *sema_construct_misfit(Arena *a, const SemaFunc *init, const AstExpr *e);
bool sema_plain_arg(const AstExpr *a);
bool sema_same_class(const Type *param, const Type *arg);
bool sema_arg_checked(const Type *param, const Type *arg);
bool sema_str_tuple_display(const AstExpr *e);
const char *sema_call_misfit(Arena *a, const SemaFunc *m, const AstExpr *e, int first);
/* The native class a call constructs (C(...) of a class name bound once), or NULL. */
SemaClass *sema_constructed_class(const AstExpr *call);

/* What a later stage adds under each native function and method of the report (the
 * generic operations left in it, ir/report_generic.c), given the lines of its def.
 * text: `header` is NULL when the function's own line is printed, else the line to
 * print first if there is anything to say; json: the value of its "generic" key. */
typedef struct SemaReportHook {
    void (*text)(void *data, const char *header, int line, int end_line, FILE *out);
    void (*json)(void *data, int line, int end_line, FILE *out);
    void *data;
} SemaReportHook;

/* Prints, for every top-level function and class, native or kept as Python and why
 * (hook: may be NULL). */
void sema_report(const SemaModule *sm, const SemaReportHook *hook, FILE *out);
/* The same for tools: a JSON array with one object per function and method. */
void sema_report_json(const SemaModule *sm, const SemaReportHook *hook, FILE *out);

/* generators.c: does def return anything but None (a `return v` in its own code)? */
bool sema_returns_value(const AstStmt *def);

#endif
