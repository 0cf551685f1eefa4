/* genexp.c - generator expressions whose consumer is known to take them whole, so they
 * need no generator object: list(), tuple(), set(), frozenset(), dict(), sum(), min(),
 * max(), sorted() and str.join() consume every item before they return, so the genexp
 * is built as a list comprehension (consumer 'L') and the consumer runs over the list; any() and all() stop at the first deciding item, so theirs becomes a
 * short-circuiting loop (ir/build_comp.c). Builtins are assumed not rebound, as for
 * the shims. */
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

/* The call's only positional argument, when it is a generator expression. */
static AstExpr *sole_genexp(const AstExpr *e)
{
    if (e->u.call.args.len != 1 || e->u.call.args.data[0]->kind != EXPR_GENEXP) {
        return NULL;
    }
    return e->u.call.args.data[0];
}

const Type *sema_genexp_consumer(Sema *s, AstExpr *e)
{
    AstExpr *g = sole_genexp(e);
    if (!g) {
        return NULL;
    }
    AstExpr *fn = e->u.call.func;
    static const char *const whole[] = {"list", "tuple", "set", "frozenset", "dict", "sum", NULL};
    static const char *const whole_kw[] = {"sorted", "min", "max", NULL};
    g->u.comp.consumer = 0;   /* decided again each round: a kept unit may rebind a builtin */
    if ((any_of(s, fn, whole) && e->u.call.keywords.len == 0) || any_of(s, fn, whole_kw) ||
        (fn->kind == EXPR_ATTRIBUTE && strcmp(fn->u.attribute.attr, "join") == 0 &&
         e->u.call.keywords.len == 0 && infer_expr(s, fn->u.attribute.value)->kind == TY_STR)) {
        g->u.comp.consumer = 'L';
        return NULL;   /* an ordinary call with a list argument */
    }
    if ((is_builtin(s, fn, "any") || is_builtin(s, fn, "all")) && e->u.call.keywords.len == 0) {
        g->u.comp.consumer = fn->u.name.id[1] == 'n' ? 'a' : 'l';
        infer_expr(s, g);
        e->u.call.func->type = &ty_object;
        return &ty_bool;
    }
    return NULL;
}
