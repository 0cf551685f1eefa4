/* genexp.c - generator expressions whose consumer is known to take them whole, so they
 * need no generator object: list(), tuple(), sorted() and str.join() build a list from
 * the iterable first (CPython's own first step), so the genexp is built as a list
 * comprehension (consumer 'L'); any() and all() stop at the first deciding item, so
 * theirs becomes a short-circuiting loop; sum() ('s'), min() ('m'), max() ('M'), set()
 * ('S') and dict() of (k, v) displays ('D') run as loops feeding an accumulator
 * (runtime/fold.c), a set or a dict (ir/build_comp.c). Their other arguments (start=,
 * key=, default=) must be constants, names, lambdas or name.attr: they are evaluated
 * before the loop instead of after the first iterable, which nothing can tell apart.
 * Builtins are assumed not rebound, as for the shims. */
#include <string.h>
#include "sema_internal.h"

static bool is_builtin(Sema *s, const AstExpr *fn, const char *name)
{
    /* scopes compare interned names: look up the call's own spelling */
    return fn->kind == EXPR_NAME && strcmp(fn->u.name.id, name) == 0 && !scope_lookup(s->scope, fn->u.name.id);
}

static bool any_of(Sema *s, const AstExpr *fn, const char *const *names)
{
    for (; *names; names++) {
        if (is_builtin(s, fn, *names)) {
            return true;
        }
    }
    return false;
}

/* The call's first positional argument, when it is a generator expression and at most
 * extra positional arguments follow. */
static AstExpr *first_genexp(const AstExpr *e, int extra)
{
    if (e->u.call.args.len < 1 || e->u.call.args.len > 1 + extra || e->u.call.args.data[0]->kind != EXPR_GENEXP) {
        return NULL;
    }
    return e->u.call.args.data[0];
}

static AstExpr *sole_genexp(const AstExpr *e)
{
    return first_genexp(e, 0);
}

/* An argument evaluated before the loop instead of after the genexp's first iterable:
 * nothing it does can be seen in between (a constant, a name, a lambda, name.attr). */
static bool order_free(const AstExpr *a)
{
    return a->kind == EXPR_CONST || a->kind == EXPR_NAME || a->kind == EXPR_LAMBDA ||
           (a->kind == EXPR_ATTRIBUTE && a->u.attribute.value->kind == EXPR_NAME);
}

/* The keywords are among allowed (each once, no **), each order-free. */
static bool keywords_ok(const AstExpr *e, const char *const *allowed)
{
    const AstKeywordVec *kw = &e->u.call.keywords;
    for (int i = 0; i < kw->len; i++) {
        bool known = false;
        for (const char *const *a = allowed; *a && kw->data[i].name; a++) {
            known |= strcmp(*a, kw->data[i].name) == 0;
        }
        for (int j = 0; j < i && known; j++) {
            known = strcmp(kw->data[j].name, kw->data[i].name) != 0;
        }
        if (!known || !order_free(kw->data[i].value)) {
            return false;
        }
    }
    return true;
}

AstExpr *sema_call_keyword(const AstExpr *e, const char *name)
{
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        if (e->u.call.keywords.data[i].name && strcmp(e->u.call.keywords.data[i].name, name) == 0) {
            return e->u.call.keywords.data[i].value;
        }
    }
    return NULL;
}

/* sum(genexp[, start]), min/max(genexp[, key=][, default=]), set(genexp), and
 * dict(genexp of (k, v) displays): the consumer's letter, or 0. */
static char fold_consumer(Sema *s, const AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    static const char *const sum_kw[] = {"start", NULL}, *const minmax_kw[] = {"key", "default", NULL};
    if (is_builtin(s, fn, "sum") && first_genexp(e, 1) && keywords_ok(e, sum_kw) &&
        e->u.call.args.len + e->u.call.keywords.len <= 2 &&
        (e->u.call.args.len == 1 || order_free(e->u.call.args.data[1]))) {
        return 's';
    }
    if ((is_builtin(s, fn, "min") || is_builtin(s, fn, "max")) && sole_genexp(e) && keywords_ok(e, minmax_kw)) {
        return fn->u.name.id[1] == 'i' ? 'm' : 'M';
    }
    if (e->u.call.keywords.len || !sole_genexp(e)) {
        return 0;
    }
    if (is_builtin(s, fn, "set")) {
        return 'S';
    }
    AstExpr *elt = e->u.call.args.data[0]->u.comp.elt;
    if (is_builtin(s, fn, "dict") && elt->kind == EXPR_TUPLE && elt->u.seq.elts.len == 2 &&
        elt->u.seq.elts.data[0]->kind != EXPR_STARRED && elt->u.seq.elts.data[1]->kind != EXPR_STARRED) {
        return 'D';
    }
    return 0;
}

/* The type of a fold: sum of ints from an int start is an int; min/max without a
 * default give an element (boxed as it was); the rest objects. */
static const Type *fold_type(Sema *s, AstExpr *e, char c)
{
    AstExpr *g = e->u.call.args.data[0];
    for (int i = 1; i < e->u.call.args.len; i++) {
        infer_expr(s, e->u.call.args.data[i]);
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        infer_expr(s, e->u.call.keywords.data[i].value);
    }
    infer_expr(s, g);
    e->u.call.func->type = &ty_object;
    const Type *elt = g->u.comp.elt->type;
    if (c == 's') {
        AstExpr *start = e->u.call.args.len > 1 ? e->u.call.args.data[1] : sema_call_keyword(e, "start");
        bool int_start = !start || type_is_intlike(start->type);
        return elt && type_is_intlike(elt) && int_start ? &ty_int : &ty_object;
    }
    if ((c == 'm' || c == 'M') && !sema_call_keyword(e, "default") && elt &&
        (elt == &ty_int || elt == &ty_float || elt == &ty_str)) {
        return elt;
    }
    return &ty_object;
}

const Type *sema_genexp_consumer(Sema *s, AstExpr *e)
{
    AstExpr *g = first_genexp(e, 1);
    if (!g) {
        return NULL;
    }
    g->u.comp.consumer = 0;
    if (e->u.call.args.len > 1) {
        char fold = fold_consumer(s, e);
        g->u.comp.consumer = fold;
        return fold ? fold_type(s, e, fold) : NULL;
    }
    AstExpr *fn = e->u.call.func;
    static const char *const whole[] = {"list", "tuple", NULL};
    static const char *const whole_kw[] = {"sorted", NULL};
    g->u.comp.consumer = 0;   /* decided again each round: a kept unit may rebind a builtin */
    if ((any_of(s, fn, whole) && e->u.call.keywords.len == 0) || any_of(s, fn, whole_kw) ||
        (fn->kind == EXPR_ATTRIBUTE && strcmp(fn->u.attribute.attr, "join") == 0 &&
         e->u.call.keywords.len == 0 && infer_expr(s, fn->u.attribute.value)->kind == TY_STR)) {
        g->u.comp.consumer = 'L';
        return NULL;   /* an ordinary call with a list argument */
    }
    char fold = fold_consumer(s, e);
    if (fold) {
        e->u.call.args.data[0]->u.comp.consumer = fold;
        return fold_type(s, e, fold);
    }
    if ((is_builtin(s, fn, "any") || is_builtin(s, fn, "all")) && e->u.call.keywords.len == 0) {
        g->u.comp.consumer = fn->u.name.id[1] == 'n' ? 'a' : 'l';
        infer_expr(s, g);
        e->u.call.func->type = &ty_object;
        return &ty_bool;
    }
    return NULL;
}

/* Counter(genexp) whose genexp was lowered twice (front/lower_expr.c), its callee an
 * object (already inferred; the module's own class or function named Counter was
 * taken before): the genexp runs as a loop counting its items into a new Counter
 * (consumer 'C', ir/build_counter.c) while the callee is collections' own; its twin is
 * the generator the call is made with otherwise, of the iterator the loop would walk.
 * x.update(genexp) of an object x (consumer 'U') counts into x while x.update is
 * collections' Counter.update of an exact Counter. */
bool sema_counter_consumer(Sema *s, AstExpr *e)
{
    AstExpr *g = sole_genexp(e);
    if (!g || !g->u.comp.twin || e->u.call.keywords.len || sema_call_unpacks(e)) {
        return false;
    }
    AstExpr *fn = e->u.call.func;
    bool update = fn->kind == EXPR_ATTRIBUTE && strcmp(fn->u.attribute.attr, "update") == 0;
    const Type *rt = update ? fn->u.attribute.value->type : NULL;
    if (update && (!rt || rt->kind != TY_OBJECT)) {
        return false;   /* a typed receiver's update is its own */
    }
    g->u.comp.consumer = update ? 'U' : 'C';
    int errors = s->ctx->diags.errors;
    infer_expr(s, g);
    if (s->ctx->diags.errors == errors) {   /* (an error is not reported twice) */
        /* the first iterable is an object the loop and the fallback share (range(n) is
         * not counted: the loop walks its iterator) */
        infer_expr(s, g->u.comp.generators.data[0].iter);
        sema_infer_genexp_func(s, g->u.comp.twin);
    }
    return true;
}
