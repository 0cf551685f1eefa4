/* build.h - state of the AST -> IR lowering, shared by build*.c and bld_coerce.c. */
#ifndef PYC2C_BUILD_H
#define PYC2C_BUILD_H

#include "ir.h"
#include "../sema/sema.h"
#include "../../stdlib-shims/shims.h"

typedef struct LoopTargets {
    IrBlock *break_to, *continue_to;
    int exits_len;           /* exit actions outside the loop: break/continue run the rest */
} LoopTargets;

/* What leaving a try, except or with block by return/break/continue must do first. */
typedef enum ExitKind { EXIT_FINALLY, EXIT_HANDLED, EXIT_WITH } ExitKind;
typedef struct ExitAction {
    ExitKind kind;
    AstStmtVec *finalbody;   /* EXIT_FINALLY: run it */
    IrReg reg;               /* EXIT_HANDLED: the previous handled exception; EXIT_WITH: __exit__ */
    IrBlock *unwind;         /* where errors in that code go */
    int line;
} ExitAction;

typedef struct Builder {
    Ctx *ctx;
    IrModule *m;
    SemaModule *sm;
    IrFunc *f;
    const Type *ret_type;   /* declared return type of f */
    IrBlock *cur;
    VEC(LoopTargets) loops;
    IrBlock *unwind;        /* the innermost handler of errors, NULL: leave the function */
    VEC(ExitAction) exits;
    IrReg class_ns;         /* in a class body: the namespace names are stored in, else -1 */
    /* x.a += v, x[i] += v evaluate x and i once: their registers, by expression */
    AstExpr *once_expr[2];
    IrReg once_reg[2];
    IrReg once_hash;        /* d[k] op= v on a typed dict: the key's hash (DICT_HASH), else -1 */
    int comp_depth;         /* inside a comprehension's own scope (build_comp.c) */
    IrFunc *frame;          /* a fused genexp's <genexpr> frame, which each op built gets as
                             * IrOp.inl (its failure's traceback entry), on frame_line */
    int frame_line;
    Loc pos;                /* the expression being built (build_expr): the range bld_op gives
                             * its ops (IrOp.col), as CPython's instruction for it has */
    SemaFunc *sf;           /* the function being built; NULL for the module body */
    IrReg *free_regs;       /* its closure's cells, in the order of sf->freevars */
    /* The module body reuses the temporaries of one top-level statement in the next (all
     * are dead between them), so its registers, and the refcount pass's work per block,
     * stay those of its largest statement: linear in the module, not quadratic. */
    bool recycle_temps;
    struct { IrReg *data; int len, cap, next; } temps[RT_COUNT];
} Builder;


/* Emission helpers (build.c) */
IrOp *bld_op(Builder *b, IrOpKind kind, int line, IrReg dst, int nargs);
IrReg bld_prim(Builder *b, PrimId id, int line, IrReg a0, IrReg a1);
IrReg bld_prim_p(Builder *b, const Prim *p, int line, const IrReg *args);
IrReg bld_build(Builder *b, IrBuildKind kind, const IrReg *vals, int n, int line);
IrReg bld_none(Builder *b, int line);   /* an unboxed None (RT_NONE) */
void bld_move(Builder *b, IrReg dst, IrReg src, int line);
void bld_goto(Builder *b, IrBlock *to, int line);
void bld_branch(Builder *b, IrReg cond, IrBlock *then, IrBlock *els, int line);
IrReg bld_temp(Builder *b, RType rt);
IrBlock *bld_block(Builder *b);
void bld_switch(Builder *b, IrBlock *blk);

/* bld_coerce.c: the one place that converts between representations */
IrReg bld_coerce(Builder *b, IrReg r, const Type *from, const Type *to, int line);

/* build_expr.c */
IrReg build_expr(Builder *b, AstExpr *e);
IrReg build_expr_as(Builder *b, AstExpr *e, const Type *want);
void build_branch(Builder *b, AstExpr *e, IrBlock *then, IrBlock *els);
IrReg build_truth(Builder *b, IrReg r, const Type *t, int line);
IrReg build_const(Builder *b, AstExpr *e, const Type *want);
IrReg build_compare_pair(Builder *b, AstCmpOp op, IrReg l, const Type *lt, IrReg r, const Type *rt, int line);

IrReg build_str_const(Builder *b, const char *s, int line);
/* A list or tuple display of constants (short ints, floats, bools, None, tuples of
 * them) as one tuple constant made at import, or NULL: `for x in [(1, 0), (0, 1)]`
 * walks it as CPython walks the constant tuple its compiler makes of that list. */
IrConst *build_const_tuple(Builder *b, AstExpr *display);
IrReg build_pooled_const(Builder *b, IrConst *k, int line);
IrReg build_i64_const(Builder *b, long v);
IrReg build_load_name(Builder *b, const char *name, int line);
IrReg build_index(Builder *b, AstExpr *ix);
/* After a store to sym: its other webs (sema/webs.c) let go of their objects. */
void build_release_sibling_webs(Builder *b, const Symbol *sym, int line);
/* UnboundLocalError unless the local named by name (maybe unbound per sema) is bound. */
void build_check_bound(Builder *b, AstExpr *name, int line);

/* build_typed.c: typed containers and str */
IrReg build_typed_index(Builder *b, AstExpr *subscript);
IrReg build_typed_get(Builder *b, AstExpr *subscript, IrReg o, IrReg ix);
void build_typed_set(Builder *b, AstExpr *target, IrReg o, IrReg ix, IrReg v, int line);
/* A typed builtin (sh) or typed method call; -1 when e is neither. */
IrReg build_typed_call(Builder *b, AstExpr *e, const Shim *sh);
IrReg build_int_of_slice(Builder *b, AstExpr *call);   /* build_typed.c: int(s[a:b]) */
IrReg build_float_of(Builder *b, AstExpr *call, bool unboxed);   /* build_typed.c: float(s[a:b]), float(x) as a double */
IrReg build_typed_slice(Builder *b, AstExpr *subscript, IrReg o);   /* xs[a:b]; -1: generic */
const Shim *build_shim_of(const AstExpr *callee);   /* build_call.c */
/* build_loops.c: for over lists, tuples, str, dicts, views, sets, enumerate, zip */
bool build_typed_loop(Builder *b, AstStmt *st, void (*body)(Builder *, AstStmt *, IrBlock *, IrBlock *));
/* A comprehension clause `for target in it` walked the same way: its start evaluates
 * `it` (NULL, nothing built, when it is left to the iterator protocol); its loop runs
 * body(b, ctx, next) for each item bound to target (next: on to the following item),
 * and at the end control goes to exit. */
typedef void (*RangeBody)(Builder *b, void *ctx, IrBlock *next);
typedef struct TypedLoop TypedLoop;
TypedLoop *build_typed_clause_start(Builder *b, AstExpr *it, int line);
void build_typed_clause_loop(Builder *b, TypedLoop *l, AstExpr *target, RangeBody body, void *ctx, IrBlock *exit,
                             int line);
IrReg build_typed_clause_count(Builder *b, TypedLoop *l, int line);
/* x[i] op= v: the registers of x and i when already evaluated, else -1 */
IrReg build_once(const Builder *b, const AstExpr *e);

/* build_range.c: counted loops over range() (a call sema_counted_range marked): its
 * bounds, evaluated and converted once; the loop's counter and blocks; then the loop,
 * storing each value into target and running body, which ends its block going to next;
 * control leaves for els */
/* bounded: start and step are small constants (|step| <= RANGE_BOUNDED_STEP_MAX), so the
 * counter stays a short int for far more iterations than any run makes (build_range.c) */
/* literal_step: the step is a literal within RANGE_LITERAL_STEP_MAX (or the default 1) */
typedef struct RangeBounds { IrReg start, stop, step; int sign; bool bounded, literal_step; const Type *ct; } RangeBounds;
typedef struct RangeLoop { RangeBounds r; IrReg counter; IrBlock *head, *loop, *next; } RangeLoop;
bool build_counted_range(const AstExpr *it);
RangeBounds build_range_bounds(Builder *b, AstExpr *call);
RangeLoop build_range_start(Builder *b, const RangeBounds *r, int line);
void build_range_loop(Builder *b, const RangeLoop *l, AstExpr *target, RangeBody body, void *ctx,
                      IrBlock *els, int line);

/* build_fused.c: (x * k + c) % m on ints in one step; -1: not that shape */
IrReg build_fused_mod(Builder *b, AstExpr *e);
bool build_plain_local(const AstExpr *x);   /* build_idioms.c: a bound local's read, no code run */
/* build_idioms.c: dict(zip(a, b)) in one runtime step; -1: not that shape */
IrReg build_dict_of_zip(Builder *b, AstExpr *e);
/* build_counter.c: Counter(iterable) counted without Counter's Python code; -1: not that call */
IrReg build_counter_call(Builder *b, AstExpr *e);
IrReg build_counter_loop(Builder *b, AstExpr *e);   /* Counter(genexp), consumer 'C' */
void build_count_loops(Builder *b, AstExpr *call, IrReg it, IrReg counts);   /* build_comp.c */
/* ... and the truth of isinstance(x, t) for a branch; -1: not that call */
IrReg build_isinstance_truth(Builder *b, AstExpr *e);
/* ... and `a, b, c = s.partition(sep)` as three parts, no tuple; false: not that call */
bool build_partition_parts(Builder *b, AstExpr *value, IrReg *parts);
bool build_split_pair_assign(Builder *b, AstStmt *st);   /* build_split_pair.c */
AstExpr *build_split_receiver(AstExpr *call, const Type **pt, const Method **m);   /* build_split_pair.c */
void build_split_slow(Builder *b, AstExpr *call, const Method *m, IrReg recv, IrReg sep, const Type *pt, IrReg *parts,
                      int n);
bool build_split_n_assign(Builder *b, AstStmt *st);   /* build_split_n.c */
/* ... and `o[k] += n` (untyped o, int literal n) in one runtime step; false: not that */
bool build_subscript_iadd(Builder *b, AstStmt *st);
/* ... and s.partition(sep)[k] as that one part; -1: not that subscript */
IrReg build_partition_item(Builder *b, AstExpr *e);

/* build_call.c */
IrReg build_call(Builder *b, AstExpr *e);
/* A call of a split function as its elements (build_split.c); false: not one. */
bool build_split_call(Builder *b, AstExpr *e, IrReg *parts);
/* build_split.c: tuple returns split into unboxed elements (IrFunc.split) */
int build_split_rtypes(const SemaFunc *sf, RType *out);
IrReg build_split_box(Builder *b, const IrReg *parts, const Type *t, int line);
void build_split_unpack(Builder *b, IrReg obj, const Type *t, IrReg *parts, int line);
void build_split_return_values(Builder *b, AstExpr *value, IrReg *parts);
bool build_split_assign(Builder *b, AstStmt *st);
/* build_unpack_call.c: f(*xs, **kw), and calls of more than MANY_VALUES computed
 * arguments, whose arguments are gathered as they are made */
bool build_many_args(const AstExpr *e);
IrReg build_unpacking_call(Builder *b, AstExpr *e);

/* build_fstring.c, build_comp.c */
IrReg build_fstring(Builder *b, AstExpr *e);
IrReg build_percent_format(Builder *b, AstExpr *e);   /* -1: not a literal of only %s */
IrReg build_comp(Builder *b, AstExpr *e);
IrReg build_any_all(Builder *b, AstExpr *call);
IrReg build_fold(Builder *b, AstExpr *call);
/* build_gen.c: yield and yield from in a generator's body */
IrReg build_yield(Builder *b, AstExpr *e);

/* build_try.c */
void build_try(Builder *b, AstStmt *st);
void build_with(Builder *b, AstStmt *st);
void build_bare_raise(Builder *b, int line);
/* Runs the exit actions above depth (innermost first) before a jump out of them. */
void build_run_exits(Builder *b, int depth, int line);

/* The source text of an annotation (NULL for none): what __annotations__ holds under
 * `from __future__ import annotations` (build.c). */
const char *build_annotation_text(Builder *b, const AstExpr *e);
bool build_is_str_const(const AstExpr *e);   /* a str literal: its subscripts cache (build.c) */

/* build_call.c, for the calls of build_qualified.c: may e's arguments (for m's
 * parameters from first on) take m's native entry; that call (lead: the receiver, or
 * -1); the generic call of e (done: its receiver or callee when already evaluated)
 * into result, then the join block */
bool build_args_fit(const SemaFunc *m, const AstExpr *e, int first);
IrReg build_call_member(Builder *b, AstExpr *e, SemaFunc *m, IrReg lead);
void build_member_args(Builder *b, AstExpr *e, SemaFunc *m, int first, IrReg *slots);
IrReg build_generic_call_joined(Builder *b, AstExpr *e, IrReg done, IrReg result, IrBlock *join);
/* build_call.c, for build_method_spec.c: the native entries recv.m(args) may take on an
 * instance of c's family; the dispatch among them (result, then join; the current block
 * is left where the vtable found none of them) */
int build_method_targets(Builder *b, AstExpr *e, const SemaClass *c, SemaFunc **out, int max);
void build_method_dispatch(Builder *b, AstExpr *e, const SemaClass *c, IrReg recv, SemaFunc **targets,
                           int ntargets, IrReg result, IrBlock *join);
/* build_spec_entry.c: the entry's test and call of the function's typed copy, if it has one */
void build_spec_entry(Builder *b, SemaFunc *sf);
/* build_method_spec.c: recv.m(args) of an untyped receiver, the native entry of a module
 * class's method while the receiver is of that class; -1 when the site does not qualify */
IrReg build_method_speculated_call(Builder *b, AstExpr *e);
/* build_str_spec.c: recv.m(args) of an untyped receiver, a str method's C function
 * while the receiver is an exact str; -1 (nothing built) when the site does not qualify */
IrReg build_str_speculated_call(Builder *b, AstExpr *e);
/* the same for dict's get and setdefault while the receiver is an exact dict */
IrReg build_dict_speculated_call(Builder *b, AstExpr *e);
bool build_untyped_receiver(const AstExpr *recv);   /* and for build_method_spec.c */
/* build_qualified.c: C.m(...) and super().m(...) of native classes; -1: not one */
IrReg build_qualified_call(Builder *b, AstExpr *e);

/* build_instance.c: native classes: their tables, fields, casts */
void build_declare_classes(Builder *b);
IrReg build_field_get(Builder *b, AstExpr *attribute);   /* -1: not a field */
/* o.p of a compiled property's getter (sema_property_getter): its native entry while
 * o's class finds it, else the attribute protocol; -1: not one */
IrReg build_property_get(Builder *b, AstExpr *attribute);
IrReg build_call_self_only(Builder *b, SemaFunc *m, IrReg self, int line);   /* build_call.c */
bool build_field_set(Builder *b, AstExpr *target, IrReg value, int line);
IrReg build_cast_instance(Builder *b, IrReg r, const Type *to, int line);
IrReg build_method_def(Builder *b, const SemaClass *c, const char *name, IrReg recv, int line);
IrReg build_method_intact(Builder *b, IrReg def, IrFunc *m, int line);
/* The method slot of `name` in every class's vtable (IrModule.method_slots). */
int build_method_slot(Builder *b, const char *name);
/* build_vtable.c: recv (of c's family) calls the entry its class's vtable holds for the
 * targets' shared signature, its result into result, then join; false (nothing built)
 * when the targets are too few or differ in signature. The current block is left where
 * none was found. */
bool build_vtable_dispatch(Builder *b, AstExpr *e, const SemaClass *c, IrReg recv, SemaFunc **targets,
                           int ntargets, IrReg result, IrBlock *join);
IrReg build_layout_is(Builder *b, const SemaClass *c, IrReg o, int line);
/* what X.name (cls: X, a class of c's family) and super(d, self).name (named: what the
 * name d holds when spelled out, else -1) find: the def as build_method_def gives it,
 * bits 1 for a staticmethod, 2 for a classmethod, 3 for a property's getter
 * (runtime/native_class.h); the check (kind 's', 'c', 'p' or 'f') */
IrReg build_class_slot_def(Builder *b, const SemaClass *c, const char *name, IrReg cls, int line);
IrReg build_super_def(Builder *b, const SemaClass *d, const char *name, IrReg self, IrReg named, int line);
IrReg build_member_intact(Builder *b, IrReg def, IrFunc *m, char kind, int line);
IrReg build_init_intact(Builder *b, const SemaClass *c, IrReg cls, IrFunc *init, int line);
IrReg build_new_instance(Builder *b, const SemaClass *c, int line);
/* the class statement's metaclass call, and its end after the decorators */
IrReg build_native_class_create(Builder *b, AstStmt *st, IrReg prep, int line);
void build_native_class_decorators(Builder *b, AstStmt *st, IrReg *decos, int line);
IrReg build_native_class_finish(Builder *b, AstStmt *st, IrReg cls, int line);

/* build_class.c */
void build_class(Builder *b, AstStmt *st);
/* Decorator expressions evaluated in order (first to last), and applied to value
 * bottom to top. */
IrReg *build_eval_all(Builder *b, AstExprVec *v);
IrReg build_decorate(Builder *b, IrReg *decos, int n, IrReg value, int line);
IrReg build_decorate_func(Builder *b, const IrReg *decos, int n, IrReg value, int line);
/* def f(...) at module level or in a class body: its defaults, stored for the function. */
void build_defaults(Builder *b, AstStmt *def, IrFunc *f);

/* build_func.c: nested defs, lambdas, captured variables (Symbol.captured) */
void build_closure_entry(Builder *b, SemaFunc *sf);
void build_new_cell(Builder *b, Symbol *sym, int line);
IrReg build_load_cell(Builder *b, Symbol *sym, int line);
IrReg build_load_cell_register(Builder *b, Symbol *sym);
void build_store_cell(Builder *b, Symbol *sym, IrReg value, int line);
void build_del_cell(Builder *b, Symbol *sym, bool quiet, int line);
void build_nested_def(Builder *b, AstStmt *st);
IrReg build_lambda(Builder *b, AstExpr *e);

/* build_stmt.c */
void build_body(Builder *b, AstStmtVec *body);
void build_store(Builder *b, AstExpr *target, IrReg value, int line);
/* The name is unbound again (del, the end of an except clause's `as` name). */
void build_unbind(Builder *b, AstExpr *name, int line);

#endif
