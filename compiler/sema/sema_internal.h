/* sema_internal.h - state shared by the files of the semantic stage. */
#ifndef PYC2C_SEMA_INTERNAL_H
#define PYC2C_SEMA_INTERNAL_H

#include "sema.h"
#include "../../stdlib-shims/shims.h"

/* narrow.c: a union-typed local known to hold one member here */
typedef struct Narrowed {
    const Symbol *sym;
    const Type *type;
} Narrowed;
typedef struct NarrowEnv {
    const Narrowed *v;
    int len;
} NarrowEnv;

typedef struct Sema {
    Ctx *ctx;
    SemaModule *sm;
    Scope *scope;        /* current scope */
    SemaFunc *func;      /* current function, NULL at module level */
    AstStmt *cls;        /* the class whose body is being checked, else NULL */
    const char *comp_path;   /* ".<listcomp>..." of the comprehensions being checked in
                              * the current function, else NULL (qualnames before 3.12) */
    bool report;         /* false during the first inference round */
    int loop_depth;
    AstStmt *unit;       /* the top-level statement being checked */
    const char *unit_reason;   /* first construct outside the native subset in it */
    Loc unit_loc;
    int unit_mark, unit_list_mark;   /* error count and diagnostics length when the unit began */
    int newly_kept;      /* units found to need CPython in this pass */
    int newly_widened;   /* inferred locals found to hold other types: analyse again */
    int private_changes; /* private containers' guesses changed (private_containers.c) */
    NarrowEnv narrow;    /* what is known here of the current function's union locals */
    const Symbol *spec_sym;   /* an object loop variable read as spec_type in a loop body's */
    const Type *spec_type;    /* typed copy (speculate.c) */
    const Symbol *spec_ints[4];   /* the names a tuple target binds, read as ints in the */
    int n_spec_ints;              /* loop body's copy for tuples of exact ints (speculate.c) */
    VEC(AstWidened) widen;    /* fields given a value of another type (field_types.c) */
    VEC(AstStmt *) widen_owner;   /* ... their classes */
} Sema;

/* A top-level statement is checked as one unit: one that uses something outside the
 * native subset is kept as Python (unless --strict), and its diagnostics are dropped. */
void sema_unit_begin(Sema *s, AstStmt *st);
void sema_unit_end(Sema *s);

/* Reports an error when s->report is set; returns ty_object to stop cascades. */
const Type *sema_error(Sema *s, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const Type *sema_unsupported(Sema *s, Loc loc, const char *what);
/* A def's annotations (evaluated when it runs, without `from __future__ import
 * annotations`) name only what is bound: else its unit stays Python (--strict: an error). */
void sema_check_annotation_names(Sema *s, AstStmt *def);

/* infer.c */
const Type *infer_expr(Sema *s, AstExpr *e);
/* The type an annotation denotes; *is_final set for Final / Final[T] (T may be NULL). */
const Type *sema_annotation(Sema *s, AstExpr *ann, bool *is_final);
/* The shim an expression names (print, math.sqrt, sqrt), or NULL. */
const Shim *sema_shim_of(Sema *s, const AstExpr *e);
/* The module function an expression names, or NULL. */
SemaFunc *sema_func_of(Sema *s, const AstExpr *e);

/* private_containers.c: element types of a function's private containers */
typedef struct PrivateContainer PrivateContainer;
/* The type of e, the display binding a private container (elt, key: joined from its
 * items, NULL when it has none), or NULL when e binds none. */
const Type *sema_private_display(Sema *s, AstExpr *e, const Type *elt, const Type *key);
/* base[key] = elt: false when base is a private container whose element types this
 * analysis disagrees with (the store is then generic; the next analysis makes them
 * objects). */
bool sema_private_store(Sema *s, const AstExpr *base, const Type *key, const Type *elt);
/* base.append(v) and other stores by method; unknown: argument types not known. */
void sema_private_method(Sema *s, const AstExpr *call, bool unknown);
/* heapq.heappush(h, x) (heapreplace, heappushpop) of a private list h: a store of x. */
void sema_private_heap(Sema *s, const AstExpr *call);
/* d.get(k, default) of a private dict no store has typed yet: default's type (the
 * guess that d holds such values, which the stores then confirm or refute), or NULL. */
const Type *sema_private_get_default(Sema *s, const AstExpr *call);
/* Takes what the last analysis joined for f's private containers, at an analysis's start. */
void sema_private_commit(SemaFunc *f);
/* Makes f's private containers hold objects (analyses did not settle in time). */
void sema_private_give_up(SemaFunc *f);
/* e (or e.items(), .keys(), .values()) iterates a private container of typed elements. */
bool sema_private_iterable(Sema *s, const AstExpr *e);
bool sema_is_builtin_name(const char *id);
bool sema_value_ok(Sema *s, AstExpr *e, const Type *t);
const Type *sema_as_value(Sema *s, AstExpr *e, const Type *t);
void sema_check_index(Sema *s, AstExpr *ix);

/* expect.c: e inferred where its target declares want (NULL: none): a display,
 * comprehension or [x] * n whose parts fit takes want (bidirectional checking) */
const Type *sema_infer_expect(Sema *s, AstExpr *e, const Type *want);

/* contradict.c: a top-level function kept as Python: literal returns against its return
 * annotation, a missing return (errors a checker is sure of) */
void sema_check_kept_func(Sema *s, AstStmt *def);

/* stmt.c: a call of the builtin range; range(...) a loop counts on: the counter's type,
 * else NULL (marks the call) */
bool sema_is_range_call(Sema *s, const AstExpr *e);
const Type *sema_counted_range(Sema *s, AstExpr *it);

/* speculate.c: after a for loop over objects was checked, its body's copy typed for
 * one native class, when every attribute of the target it uses is that class's */
void sema_speculate_for(Sema *s, AstStmt *st);

/* comp.c: f-strings and comprehensions */
const Type *sema_infer_fstring(Sema *s, AstExpr *e);
const Type *sema_infer_comp(Sema *s, AstExpr *e);

/* genexp.c: the type of any(genexp)/all(genexp) run as loops, else NULL (the genexp of
 * list(), tuple(), sorted(), str.join() is marked to be built as a list) */
const Type *sema_genexp_consumer(Sema *s, AstExpr *e);
/* genexp.c: Counter(genexp) of an object callee as a counting loop ('C'), its twin the
 * fallback's generator: true when so inferred */
bool sema_counter_consumer(Sema *s, AstExpr *e);

/* memo.c: is f a module function decorated by functools.cache / lru_cache only?
 * Sets f->memo.  Calls of such a function are typed and bound as direct calls. */
bool sema_memo_func(Sema *s, SemaFunc *f);

/* field_types.c: an unannotated field that the module only stores values of one type
 * in (int, a class, Optional[C], list[tuple[C, C]] ...) is typed so in the next analysis
 * (refine: how many were found; apply: the ones found before, late: those naming
 * classes, once every class is known); a field typed by what methods store that is
 * given a value of another type is an object from the next analysis on (widens: the
 * store found; commit: recorded, when nothing was refined, how many). */
void sema_field_stored(Sema *s, SemaField *f, const Type *vt, Loc at);
int sema_native_class_refine(Sema *s);
void sema_field_apply_refined(TypeTable *tt, SemaClass *c, bool late);
bool sema_field_widens(Sema *s, SemaField *f, const Type *vt, Loc at, bool through_self);
int sema_field_widen_commit(Sema *s);
const AstWidened *sema_field_widened(const AstStmt *classdef, const char *name);
/* Where values of types a and b are stored: one type (Optional[C], a common native
 * base), else NULL. */
const Type *sema_join_stored(const Type *a, const Type *b);

/* report.c: under --strict, an error for each class without a C layout */
void sema_strict_layouts(Ctx *ctx, const AstModule *mod);
void sema_strict_misfit_calls(Ctx *ctx, const SemaModule *sm);

/* typing_names.c: cast(T, x) and i64(x)-style conversions (NULL for other calls), and
 * decorators that return what they are given (final, trait, mypyc_attr(...)) */
const Shim *sema_typing_shim(Sema *s, const AstExpr *e);
const Type *sema_typing_call(Sema *s, AstExpr *e);
bool sema_marker_decorator(Sema *s, const AstExpr *d, bool *interpreted);
/* call_fit.c: keep on call e why it cannot take m's native entry (--report) */
void sema_note_misfit(Sema *s, AstExpr *e, const SemaFunc *m, const char *cls, int first);
/* native_class.c: the nearest common native base of two instance types, else object */
const Type *sema_join_classes(const Type *a, const Type *b);
void sema_note_construct_misfit(Sema *s, AstExpr *e, const SemaFunc *init, const char *cls);
/* C.X of a `X: Final = literal` class attribute: its type (final_value set), else NULL */
const Type *sema_class_final_attr(Sema *s, AstExpr *e);
/* self.X (recv an instance type) and C.X / cls.X of a class constant `X = <literal>`:
 * its type (class_const set: read through the site's class cache), else NULL */
const Type *sema_class_const_attr(Sema *s, AstExpr *e, const Type *recv);
const Type *sema_class_const_of(Sema *s, AstExpr *e);
/* instance.c: is the name the first parameter of a class method of the current class? */
bool sema_class_method_cls(Sema *s, const AstExpr *v);
/* Literal[v, ...]: the type all the values share (int, str, bool), else object */
const Type *sema_literal_annotation(const AstExpr *index);

/* calls.c */
const Type *infer_call(Sema *s, AstExpr *e);
/* a generic call: its arguments checked as values; object */
const Type *sema_infer_object_call(Sema *s, AstExpr *e);

/* containers.c */
const Type *sema_container_named(Sema *s, const char *base);
/* The type of a constant (bytes, complex and ... are objects). */
const Type *sema_const_type(const AstExpr *e);
const Type *sema_container_annotation(Sema *s, const char *base, AstExpr *index);
const Type *sema_infer_display(Sema *s, AstExpr *e);
const Type *sema_typed_subscript(Sema *s, AstExpr *e, const Type *vt);
const Type *sema_method_call(Sema *s, AstExpr *e);
const Type *sema_container_builtin(Sema *s, AstExpr *e, const Shim *sh);
const Type *sema_unpacked_type(const Type *vt, int i, int n);
/* mypy checks a function only when it has annotations; so do we (stmt.c). */
bool sema_func_is_typed(const SemaFunc *f);

/* walk.c: every expression of a statement tree, kept code included */
typedef void (*ExprVisitor)(AstExpr *e, void *arg);
void sema_walk_expr(AstExpr *e, ExprVisitor fn, void *arg);
/* splice.c: [E for t in (G for x in XS) ...] checked and built as [E for x in XS for t in [G] ...] */
void sema_splice_genexps(Ctx *ctx, AstModule *mod);
void sema_walk_stmt(AstStmt *st, ExprVisitor fn, void *arg);
/* ... only st's own expressions, not those of the statements in its blocks */
void sema_walk_own(AstStmt *st, ExprVisitor fn, void *arg);

/* function_names.c: is every binding of name in the module a def whose decorators (if
 * any) return the function? Then `name.attr = v` stores on a function object. */
bool sema_function_only_name(Sema *s, const char *name);
/* ... every binding of mod, collected once (before sema adds anything), and how many
 * statements or expressions bind name (INT_MAX: a star import, globals() or the like
 * may bind any name; name interned) */
typedef struct ModuleBindings ModuleBindings;
ModuleBindings *sema_collect_bindings(Ctx *ctx, AstModule *mod);
int sema_binding_count(const ModuleBindings *b, const char *name);
/* ... of those, how many bind name where a top-level class body would see it: at module
 * level, in a class body, or in a function declaring it global */
int sema_outer_binding_count(const ModuleBindings *b, const char *name);
const ModuleBindings *sema_bindings(Sema *s);   /* the analysed module's, collected once */
/* Is name bound by a top-level statement before unit (or in unit's class body)? */
bool sema_bound_before(Sema *s, const char *name, AstStmt *unit);
/* Does the module use globals/vars/locals/exec/eval, which may bind any name to anything? */
bool sema_module_binds_any(Sema *s);

/* native_class.c: the compiled getter of property name of c (or a native base), or NULL. */
SemaFunc *sema_property_getter(const SemaModule *sm, const SemaClass *c, const char *name);
/* ... or the abstract one (`@property` over `@abstractmethod`) that types `o.p`, or NULL. */
SemaFunc *sema_property_decl(const SemaModule *sm, const SemaClass *c, const char *name);
/* Is m decorated @abstractmethod (its overrides are what runs)? */
bool sema_is_abstract(const SemaFunc *m);
/* The @abstractmethod def (its only decorator) c finds for name, or NULL. */
SemaFunc *sema_abstract_method(const SemaModule *sm, const SemaClass *c, const char *name);
/* Are def's decorators (if any) all typing's final or override, which return it? */
bool sema_only_markers(const SemaModule *sm, const AstStmt *def);
/* The override in a subclass of c that returns bool where c's `name` returns int (its
 * calls through c are typed object), or NULL. */
const SemaFunc *sema_bool_override(const SemaModule *sm, const SemaClass *c, const char *name);
/* fn on every statement of body and of the blocks inside it (if, for, while, with, try,
 * match), in source order; not inside nested defs and classes. */
typedef void (*StmtVisitor)(AstStmt *st, void *arg);
void sema_visit_stmts(AstStmtVec *body, StmtVisitor fn, void *arg);

/* classes.c; sema_zero_arg_super: super() in a method gets its two arguments */
void sema_zero_arg_super(Sema *s, AstExpr *e);
void sema_super_attr(Sema *s, AstExpr *attr);   /* super().name: marks its __class__ (super_attr) */
bool sema_declare_class(Sema *s, AstStmt *st);
void sema_check_class(Sema *s, AstStmt *st);

/* native_class.c: the C layout of a class statement (st->u.classdef.native) */
void sema_native_class(Sema *s, AstStmt *st);
void sema_native_class_retype(Sema *s);
/* How a class statement of the module names class `name` among its bases: 0 not at all,
 * 1 as its only base, 2 beside other bases. */
int sema_named_as_base(Sema *s, const char *name);
/* named_tuple.c: a class deriving typing.NamedTuple (no layout; its reason set), and the
 * tuple type of its instances where its name is bound once, else NULL */
bool sema_named_tuple_class(Sema *s, AstStmt *st);
/* once every binding is declared: a NamedTuple whose name is bound again keeps object
 * fields, and --report says why */
void sema_named_tuple_settle(Sema *s);
const Type *sema_named_tuple_type(Sema *s, Symbol *sym);
/* class C(TypedDict): no layout, and annotations naming C mean dict[str, object] */
bool sema_typed_dict_class(Sema *s, AstStmt *st);
/* containers.c: a list, tuple, set or dict display with *x or **m among its elements */
bool sema_display_unpacks(const AstExpr *e);
const Type *sema_typed_dict_type(Sema *s, const Symbol *sym);
/* recv.m(args) on a NamedTuple-typed receiver, m a plain def of its class: typed as m's
 * result (the builder calls m's native entry while the receiver's type finds m). */
const Type *sema_named_tuple_method_call(Sema *s, AstExpr *e);
void sema_dataclass_inits(Ctx *ctx, AstModule *mod);
/* dataclass_init.c: does e name dataclasses' attr ("dataclass", "field"), bound only by
 * the dataclasses import? */
bool sema_dataclasses_name(const ModuleBindings *binds, const AstModule *mod, const AstExpr *e, const char *attr);
/* instance.c: calls of a native class and of methods on its instances, else NULL */
const Type *sema_instance_call(Sema *s, AstExpr *e);
const Type *sema_instance_attr(Sema *s, AstExpr *e, const Type *recv);

/* module.c: a function's parameters and locals; its defaults' checks */
void sema_declare_signature(Sema *s, SemaFunc *f, Scope *parent);
/* t, or Optional[t] where the default dflt is None and t does not take None */
const Type *sema_implicit_optional(Sema *s, const Type *t, const AstExpr *dflt);
void sema_check_defaults(Sema *s, SemaFunc *f);

/* nested.c: nested functions, lambdas, closures */
void sema_check_nested_def(Sema *s, AstStmt *st);
/* Orders each closure's cells as CPython's co_freevars (by name), once analysis ends. */
void sema_sort_closures(SemaModule *sm);
const Type *sema_infer_lambda(Sema *s, AstExpr *e);
SemaFunc *sema_lambda_func(Sema *s, AstExpr *e);
void sema_expect_lambda(Sema *s, AstExpr *e, const AstExpr *ann);
void sema_expect_key_lambda(Sema *s, AstExpr *call, const Type *elt);
/* What iterating e (of type t) yields, or object (always in unannotated code). */
const Type *sema_iterated(Sema *s, AstExpr *e, const Type *t);
const Type *sema_literal_type(const AstExpr *e);
void sema_check_literal_args(Sema *s, const AstExpr *call, SemaFunc *m, const char *callee);
/* generators.c: does def yield (a generator function); the type of a yield expression */
bool sema_is_generator(AstStmt *def);
const Type *sema_infer_yield(Sema *s, AstExpr *e);
/* genexp_gen.c: a genexp no consumer takes whole, as a call of a generator function */
const Type *sema_infer_genexp_call(Sema *s, AstExpr *e);
void sema_infer_genexp_func(Sema *s, AstExpr *e);   /* of a twin: the function alone */
void sema_check_nonlocal(Sema *s, AstStmt *st);
void sema_check_nested_attr(Sema *s, AstExpr *attribute);
void sema_reset_closures(SemaModule *sm);
/* The symbol a name denotes where it is used (a local of an enclosing function is
 * marked captured), or NULL. */
Symbol *sema_lookup(Sema *s, const char *id);

/* bound.c */
void sema_check_bound(Ctx *ctx, SemaFunc *f);

/* narrow.c: the member a read of sym is known to hold here, or NULL; after a store of
 * a vt to sym; the environments where a condition is true and false (base: where it is
 * evaluated); what they both know; forgetting the names a statement or an expression
 * may rebind; does control reach the end of a body? */
const Type *sema_narrowed(Sema *s, const Symbol *sym);
void sema_narrow_store(Sema *s, Symbol *sym, const Type *vt);
void sema_narrow_kill(Sema *s, const Symbol *sym);
void sema_narrow_cond(Sema *s, const AstExpr *e, NarrowEnv base, NarrowEnv *then, NarrowEnv *els);
NarrowEnv sema_narrow_meet(Sema *s, NarrowEnv a, NarrowEnv b);
void sema_narrow_kill_stores(Sema *s, AstStmt *st);
void sema_narrow_kill_expr_stores(Sema *s, AstExpr *e);
bool sema_falls_through(const AstStmtVec *body);

/* stmt.c */
void sema_check_body(Sema *s, AstStmtVec *body);
bool sema_always_returns(const AstStmtVec *body);
/* The missing-return check: may control fall off body's end (a NoReturn call ends a path)? */
bool sema_missing_return(Sema *s, const AstStmtVec *body);
void sema_check_store(Sema *s, AstExpr *target, const Type *value_type, AstExpr *value);
/* `except E as name`: the name as a store target (made once). */
AstExpr *sema_handler_name(Sema *s, AstExceptHandler *h);
/* := (stmt.c): its type; and the names a body binds with it (to declare them first) */
const Type *sema_infer_walrus(Sema *s, AstExpr *e);
void sema_walrus_targets(Sema *s, AstStmtVec *body, void (*bind)(Sema *s, AstExpr *target));
/* The name an import binds (`import a.b` binds a), as a store target. */
AstExpr *sema_alias_target(Sema *s, AstAlias *a, bool from_import);

#endif
