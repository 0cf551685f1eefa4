/* comp.c - f-strings, and list/set/dict comprehensions. A comprehension has its own
 * scope of loop variables (hidden from the enclosing code, as in CPython); its first
 * iterable is evaluated in the enclosing scope. */
#include "sema_internal.h"

/* f"...{v!c:spec}...": any value that can be boxed; the spec is an f-string itself. */
const Type *sema_infer_fstring(Sema *s, AstExpr *e)
{
    for (int i = 0; i < e->u.fstring.parts.len; i++) {
        AstFStringPart *p = &e->u.fstring.parts.data[i];
        if (p->value) {
            sema_value_ok(s, p->value, infer_expr(s, p->value));
        }
        if (p->format_spec) {
            infer_expr(s, p->format_spec);
        }
        if (p->spec_kept) {
            sema_unsupported(s, p->loc, "a replacement field in an f-string format spec that "
                                        "begins with '=' (f\"{x:={w}}\")");
        }
    }
    return &ty_str;
}

/* The names a comprehension target binds, as loop variables of scope cs. */
static bool declare_target(Sema *s, Scope *cs, AstExpr *t)
{
    switch (t->kind) {
    case EXPR_NAME:
        if (!scope_lookup_local(cs, t->u.name.id)) {
            Symbol *v = scope_add(s->ctx, cs, t->u.name.id, SYM_LOCAL, t->loc);
            v->type = &ty_object;
            v->comp_var = true;
        }
        return true;
    case EXPR_STARRED:
        return declare_target(s, cs, t->u.starred.value);
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            if (!declare_target(s, cs, t->u.seq.elts.data[i])) {
                return false;
            }
        }
        return true;
    default:
        sema_unsupported(s, t->loc, "this comprehension target");
        return false;
    }
}

static bool target_binds(const AstExpr *t, const char *id)
{
    switch (t->kind) {
    case EXPR_NAME: return t->u.name.id == id;
    case EXPR_STARRED: return target_binds(t->u.starred.value, id);
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            if (target_binds(t->u.seq.elts.data[i], id)) {
                return true;
            }
        }
        return false;
    default: return false;
    }
}

typedef struct EarlyRead {
    AstCompVec *gens;
    int bound;        /* targets of generators [0, bound) are assigned */
    AstExpr *found;
} EarlyRead;

/* A read of a loop variable that a later `for` clause binds (UnboundLocalError). */
static void find_early_read(AstExpr *e, void *arg)
{
    EarlyRead *er = arg;
    if (er->found || e->kind != EXPR_NAME || e->u.name.ctx != CTX_LOAD) {
        return;
    }
    bool later = false;
    for (int i = 0; i < er->gens->len; i++) {
        if (target_binds(er->gens->data[i].target, e->u.name.id)) {
            if (i < er->bound) {
                return;
            }
            later = true;
        }
    }
    if (later) {
        er->found = e;
    }
}

static bool reads_early(Sema *s, AstCompVec *gens, int bound, AstExpr *e)
{
    EarlyRead er = {gens, bound, NULL};
    sema_walk_expr(e, find_early_read, &er);
    if (er.found) {
        sema_unsupported(s, er.found->loc, "a comprehension variable read before its for clause");
    }
    return er.found != NULL;
}

/* How many for clauses bind id. */
static int binders(const AstCompVec *g, const char *id)
{
    int n = 0;
    for (int k = 0; k < g->len; k++) {
        n += target_binds(g->data[k].target, id);
    }
    return n;
}

/* In typed code, a loop variable only its own clause binds takes the type of what the
 * iterable yields (checked as each element is read, as a typed for loop does), so
 * `[x * 3 for x in xs]` and `[a - b for a, b in zip(xs, ys)]` compute natively. */
static void type_target(Scope *cs, const AstCompVec *g, AstExpr *t, const Type *item)
{
    if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        AstExprVec *elts = &t->u.seq.elts;
        if (item->kind == TY_TUPLE && !item->varlen && item->nargs == elts->len) {
            for (int i = 0; i < elts->len; i++) {
                type_target(cs, g, elts->data[i], item->args[i]);
            }
        }
        return;
    }
    bool loop_type = type_is_numeric(item) || item->kind == TY_STR || type_is_checked_obj(item) ||
                     item->kind == TY_INSTANCE || item->kind == TY_UNION;   /* a union: narrowed by the ifs */
    Symbol *v = t->kind == EXPR_NAME ? scope_lookup_local(cs, t->u.name.id) : NULL;
    if (v && v->comp_var && loop_type && binders(g, t->u.name.id) == 1) {
        v->type = item;
    }
}

static bool check_iterable(Sema *s, AstExpr *it)
{
    const Type *t = infer_expr(s, it);
    if (!type_iterable(t)) {
        sema_unsupported(s, it->loc, arena_printf(&s->ctx->arena, "comprehension over %s", type_name(t)));
        return false;
    }
    return true;
}

static void check_clauses(Sema *s, AstExpr *e, Scope *outer, Scope *cs)
{
    AstCompVec *g = &e->u.comp.generators;
    for (int k = 0; k < g->len; k++) {
        AstComprehension *c = &g->data[k];
        s->scope = k == 0 ? outer : cs;
        if (k > 0 && reads_early(s, g, k, c->iter)) {
            return;
        }
        const Type *counter = sema_counted_range(s, c->iter);   /* ints, typed or not */
        if (!counter && !check_iterable(s, c->iter)) {
            return;
        }
        s->scope = cs;
        const Type *item = counter ? counter : type_item(c->iter->type);   /* elements checked as they are read */
        AstExpr *one = k > 0 && (c->iter->kind == EXPR_LIST || c->iter->kind == EXPR_TUPLE) &&
                               c->iter->u.seq.elts.len == 1 ? c->iter->u.seq.elts.data[0] : NULL;
        if (one && one->union_type) {
            item = one->union_type;   /* `for t in [f(x)]` binds t = f(x) (build_comp.c): f's Optional result */
        }
        if (item && (counter || sema_func_is_typed(s->func))) {
            type_target(cs, g, c->target, item);
        }
        sema_check_store(s, c->target, item ? item : &ty_object, c->iter);
        for (int i = 0; i < c->ifs.len; i++) {
            AstExpr *cond = c->ifs.data[i];
            if (reads_early(s, g, k + 1, cond)) {
                return;
            }
            sema_value_ok(s, cond, infer_expr(s, cond));
            NarrowEnv then, els;
            sema_narrow_cond(s, cond, s->narrow, &then, &els);
            s->narrow = then;   /* what the condition tells holds for the clauses after it */
        }
    }
    AstExpr *parts[2] = {e->u.comp.elt, e->u.comp.value};
    for (int i = 0; i < 2; i++) {
        if (parts[i]) {
            sema_value_ok(s, parts[i], infer_expr(s, parts[i]));
        }
    }
}

/* [elt for ...], {elt for ...}, {key: value for ...}: a new object. */
const Type *sema_infer_comp(Sema *s, AstExpr *e)
{
    if (e->kind == EXPR_GENEXP && !e->u.comp.consumer) {
        return sema_infer_genexp_call(s, e);
    }
    AstCompVec *g = &e->u.comp.generators;
    Scope *outer = s->scope;
    Scope *cs = scope_new(s->ctx, outer);
    cs->kind = SCOPE_COMP;
    cs->owner = s->func;
    for (int k = 0; k < g->len; k++) {
        if (g->data[k].is_async) {
            return sema_unsupported(s, e->loc, "async comprehension");
        }
        if (!declare_target(s, cs, g->data[k].target)) {
            return &ty_object;
        }
    }
    const char *comp_path = s->comp_path;
    static const char *const names[] = {".<listcomp>", ".<setcomp>", ".<dictcomp>"};
    int which = e->kind == EXPR_LISTCOMP ? 0 : e->kind == EXPR_SETCOMP ? 1 : 2;
    s->comp_path = arena_printf(&s->ctx->arena, "%s%s", comp_path ? comp_path : "", names[which]);
    NarrowEnv narrow = s->narrow;
    check_clauses(s, e, outer, cs);
    s->narrow = narrow;
    s->comp_path = comp_path;
    s->scope = outer;
    const Type *elt = e->u.comp.elt ? e->u.comp.elt->type : NULL;
    bool boxed_elt = elt && (type_is_numeric(elt) || elt->kind == TY_OBJECT || type_is_checked_obj(elt));
    /* a list comprehension bound to a private local of unannotated code: its elements'
     * type while the function stores nothing else into it (sema/private_containers.c) */
    const Type *private_type = e->kind == EXPR_LISTCOMP && boxed_elt ? sema_private_display(s, e, elt, NULL) : NULL;
    if (private_type) {
        return private_type;
    }
    return e->kind == EXPR_LISTCOMP && boxed_elt && sema_func_is_typed(s->func) ? type_list(s->sm->types, elt) : &ty_object;   /* [i * i for ...]: list[int] */
}
