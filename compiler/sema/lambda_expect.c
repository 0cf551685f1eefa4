/* lambda_expect.c - a lambda whose target declares `Callable[[A, B], R]` (an annotated
 * variable, a parameter, a default, a return) takes A and B as its parameter types, as
 * mypy types `f: Callable[[int], int] = lambda x: x + 1`: the body is checked and
 * compiled with them, and a call with other types raises TypeError as it does for a
 * def annotated so. R is not imposed (the body's type is what is returned), and the
 * lambda's __annotations__ stay empty, as in CPython. */
#include <string.h>
#include "sema_internal.h"

/* The typing name ("Callable", "Optional" ...) a subscripted annotation's base denotes:
 * a name imported from typing or typing_extensions, or typing.NAME. */
static const char *typing_base(Sema *s, const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, e->u.name.id);
        if (sym && sym->kind == SYM_TYPE) {
            return sym->shim ? sym->shim->name : sym->typing_name;
        }
        if (sym && sym->kind == SYM_GLOBAL && sym->typing_name && sym->assignments == 1) {
            return sym->typing_name;   /* collections.abc.Callable, bound once */
        }
        return NULL;
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, e->u.attribute.value->u.name.id);
        if (mod && mod->kind == SYM_MODULE &&
            (strcmp(mod->module, "typing") == 0 || strcmp(mod->module, "typing_extensions") == 0)) {
            return e->u.attribute.attr;
        }
    }
    if (e->kind == EXPR_ATTRIBUTE && strcmp(e->u.attribute.attr, "Callable") == 0) {
        /* collections.abc.Callable after `import collections.abc` */
        const AstExpr *abc = e->u.attribute.value;
        if (abc->kind == EXPR_ATTRIBUTE && strcmp(abc->u.attribute.attr, "abc") == 0 &&
            abc->u.attribute.value->kind == EXPR_NAME) {
            Symbol *mod = scope_lookup(s->scope, abc->u.attribute.value->u.name.id);
            if (mod && mod->kind == SYM_MODULE && strcmp(mod->module, "collections") == 0) {
                return "Callable";
            }
        }
    }
    return NULL;
}

/* The parameter list [A, B] of Callable[[A, B], R] (Optional[...] of one too), or NULL. */
static const AstExprVec *callable_params(Sema *s, const AstExpr *ann)
{
    if (!ann || ann->kind != EXPR_SUBSCRIPT) {
        return NULL;
    }
    const char *base = typing_base(s, ann->u.subscript.value);
    const AstExpr *index = ann->u.subscript.index;
    if (base && strcmp(base, "Optional") == 0) {
        return callable_params(s, index);
    }
    if (!base || strcmp(base, "Callable") != 0 || index->kind != EXPR_TUPLE || index->u.seq.elts.len != 2) {
        return NULL;
    }
    const AstExpr *params = index->u.seq.elts.data[0];
    return params->kind == EXPR_LIST ? &params->u.seq.elts : NULL;
}

/* Does lambda e take exactly n positional parameters (no *args, keyword-only, **kw)? */
static bool takes(const AstExpr *e, int n)
{
    const AstArguments *args = e->u.lambda.args;
    return !args->posonly.len && !args->vararg && !args->kwonly.len && !args->kwarg && args->args.len == n;
}

/* Lambda e's parameters, where it leaves them objects, take types[0..n). */
static void expect_types(Sema *s, AstExpr *e, const Type *const *types, int n)
{
    const AstArguments *args = e->u.lambda.args;
    SemaFunc *f = sema_lambda_func(s, e);
    for (int i = 0; i < n && i < f->params.len; i++) {
        const Type *t = types[i];
        Symbol *p = f->params.data[i];
        if (t && t->kind != TY_OBJECT && t->kind != TY_NONE && t->kind != TY_TYPEREF && !args->args.data[i].default_ &&
            p->type->kind == TY_OBJECT) {
            p->type = t;
        }
    }
}

void sema_expect_lambda(Sema *s, AstExpr *e, const AstExpr *ann)
{
    if (!e || e->kind != EXPR_LAMBDA || !ann) {
        return;
    }
    const AstExprVec *params = callable_params(s, ann);
    if (!params || !takes(e, params->len)) {
        return;   /* a lambda that does not take the Callable's arguments: left to Python */
    }
    bool report = s->report;
    s->report = false;   /* the annotation's parts are CPython's to judge, not ours */
    const Type *types[16];
    int n = params->len < 16 ? params->len : 0;
    for (int i = 0; i < n; i++) {
        types[i] = sema_annotation(s, params->data[i], NULL);
    }
    s->report = report;
    expect_types(s, e, types, n);
}

/* sorted(xs, key=lambda p: ...), min(xs, key=...), max(...), xs.sort(key=...): a
 * one-parameter key lambda takes xs's element type elt, as mypy infers it from the
 * call (the call passes it nothing else). */
void sema_expect_key_lambda(Sema *s, AstExpr *call, const Type *elt)
{
    for (int i = 0; elt && elt->kind != TY_OBJECT && i < call->u.call.keywords.len; i++) {
        AstKeyword *kw = &call->u.call.keywords.data[i];
        if (kw->name && strcmp(kw->name, "key") == 0 && kw->value->kind == EXPR_LAMBDA && takes(kw->value, 1)) {
            expect_types(s, kw->value, &elt, 1);
        }
    }
}
