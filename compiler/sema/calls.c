/* calls.c - calls: module functions (arity, keywords, argument types) and shims. */
#include <string.h>
#include "sema_internal.h"

static bool no_star_args(Sema *s, AstExpr *e)
{
    for (int i = 0; i < e->u.call.args.len; i++) {
        if (e->u.call.args.data[i]->kind == EXPR_STARRED) {
            sema_unsupported(s, e->u.call.args.data[i]->loc, "*args in a call");
            return false;
        }
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        if (!e->u.call.keywords.data[i].name) {
            sema_unsupported(s, e->u.call.keywords.data[i].loc, "**kwargs in a call");
            return false;
        }
    }
    return true;
}

static void check_arg(Sema *s, SemaFunc *f, int index, AstExpr *arg, bool by_keyword)
{
    const Type *want = f->params.data[index]->type;
    const Type *got = infer_expr(s, arg);
    if (!type_assignable(want, got)) {
        char which[160];
        if (by_keyword) {
            snprintf(which, sizeof which, "\"%s\"", f->params.data[index]->name);
        } else {
            snprintf(which, sizeof which, "%d", index + 1);
        }
        sema_error(s, arg->loc, "argument %s to \"%s\" has incompatible type \"%s\"; expected \"%s\"",
                   which, f->sym->name, type_name(got), type_name(want));
    }
}

static int param_index(SemaFunc *f, const char *name)
{
    for (int i = 0; i < f->params.len; i++) {
        if (f->params.data[i]->name == name) {
            return i;
        }
    }
    return -1;
}

static const Type *infer_func_call(Sema *s, AstExpr *e, SemaFunc *f)
{
    int nparams = f->params.len;
    bool given[256] = {false};
    if (nparams > 255) {
        return sema_unsupported(s, e->loc, "functions with more than 255 parameters");
    }
    for (int i = 0; i < e->u.call.args.len; i++) {
        if (i >= nparams) {
            sema_error(s, e->u.call.args.data[i]->loc, "too many arguments for \"%s\"", f->sym->name);
            break;
        }
        given[i] = true;
        check_arg(s, f, i, e->u.call.args.data[i], false);
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstKeyword *kw = &e->u.call.keywords.data[i];
        int p = param_index(f, kw->name);
        if (p < 0) {
            sema_error(s, kw->loc, "unexpected keyword argument \"%s\" for \"%s\"", kw->name, f->sym->name);
            infer_expr(s, kw->value);
            continue;
        }
        if (given[p]) {
            sema_error(s, kw->loc, "\"%s\" gets multiple values for keyword argument \"%s\"", f->sym->name, kw->name);
        }
        given[p] = true;
        check_arg(s, f, p, kw->value, true);
    }
    StrBuf missing;
    sb_init(&missing);
    int nmissing = 0;
    for (int i = 0; i < f->nrequired; i++) {
        if (!given[i]) {
            sb_printf(&missing, "%s\"%s\"", nmissing++ ? ", " : "", f->params.data[i]->name);
        }
    }
    if (nmissing) {
        sema_error(s, e->loc, "missing positional argument%s %s in call to \"%s\"", nmissing > 1 ? "s" : "",
                   missing.data, f->sym->name);
    }
    sb_free(&missing);
    return f->ret;
}

static const Type *shim_result(const Shim *sh)
{
    switch (sh->prim.result) {
    case RT_FLOAT: return &ty_float;
    case RT_BOOL: return &ty_bool;
    case RT_INT: return &ty_int;
    default: return &ty_object;
    }
}

/* Do the call's arguments fit the shim's native form (count, no keywords, numbers)? */
static bool args_fit(Sema *s, AstExpr *e, const Shim *sh, int min, int max)
{
    int n = e->u.call.args.len;
    if (e->u.call.keywords.len > 0 || n < min || (max >= 0 && n > max)) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        const Type *t = infer_expr(s, e->u.call.args.data[i]);
        if (!type_is_numeric(t) && t->kind != TY_OBJECT) {
            return false;
        }
        if (t->kind == TY_OBJECT && sh->kind != SHIM_MIN && sh->kind != SHIM_MAX) {
            return false;   /* math.sqrt(fraction), int(x), abs(x) on objects: CPython's own protocol */
        }
    }
    return true;
}

static const Type *infer_object_call(Sema *s, AstExpr *e);

/* A builtin called in a form its shim does not cover (max(xs), int("12", 16), range()
 * as a value): a generic call of the object the name denotes, decided by CPython. */
static const Type *generic_shim_call(Sema *s, AstExpr *e)
{
    e->u.call.func->type = &ty_object;
    return infer_object_call(s, e);
}

static const Type *infer_minmax(Sema *s, AstExpr *e, const Shim *sh)
{
    if (!args_fit(s, e, sh, 2, -1)) {
        return generic_shim_call(s, e);
    }
    const Type *t = e->u.call.args.data[0]->type;
    for (int i = 1; i < e->u.call.args.len; i++) {
        if (e->u.call.args.data[i]->type != t) {
            return &ty_object;   /* min(1, 2.5) keeps the winner's own type */
        }
    }
    return t;
}

static const Type *infer_print(Sema *s, AstExpr *e, const Shim *sh)
{
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstKeyword *kw = &e->u.call.keywords.data[i];
        if (strcmp(kw->name, "sep") != 0 && strcmp(kw->name, "end") != 0 && strcmp(kw->name, "flush") != 0) {
            return sema_unsupported(s, kw->loc, "this keyword argument to print()");
        }
        const Type *t = infer_expr(s, kw->value);
        if (t->kind != TY_STR && t->kind != TY_NONE && t->kind != TY_OBJECT && t->kind != TY_BOOL) {
            sema_error(s, kw->value->loc, "argument \"%s\" to \"print\" has incompatible type \"%s\"",
                       kw->name, type_name(t));
        }
    }
    for (int i = 0; i < e->u.call.args.len; i++) {
        AstExpr *a = e->u.call.args.data[i];
        sema_as_value(s, a, infer_expr(s, a));
    }
    (void)sh;
    return &ty_none;
}

static const Type *infer_shim_call(Sema *s, AstExpr *e, const Shim *sh)
{
    switch (sh->kind) {
    case SHIM_FN:
        return args_fit(s, e, sh, sh->prim.nargs, sh->prim.nargs) ? shim_result(sh) : generic_shim_call(s, e);
    case SHIM_ABS: {
        if (!args_fit(s, e, sh, 1, 1)) {
            return generic_shim_call(s, e);
        }
        const Type *t = e->u.call.args.data[0]->type;
        return t->kind == TY_BOOL ? &ty_int : t;
    }
    case SHIM_MIN: case SHIM_MAX: return infer_minmax(s, e, sh);
    case SHIM_INT: case SHIM_FLOOR: case SHIM_CEIL:
        return args_fit(s, e, sh, 1, 1) ? &ty_int : generic_shim_call(s, e);
    case SHIM_LOG:
        return args_fit(s, e, sh, 1, 2) ? &ty_float : generic_shim_call(s, e);
    case SHIM_FLOAT:
        return args_fit(s, e, sh, 1, 1) ? &ty_float : generic_shim_call(s, e);
    case SHIM_BOOL:
        if (e->u.call.args.len == 1 && e->u.call.keywords.len == 0) {
            infer_expr(s, e->u.call.args.data[0]);   /* bool(x) is the truth of any value */
            return &ty_bool;
        }
        return generic_shim_call(s, e);
    case SHIM_PRINT: return infer_print(s, e, sh);
    default: return generic_shim_call(s, e);
    }
}

/* A call of a generic object (a function kept as Python, a class, ...): boxed arguments
 * through the vectorcall protocol, an object result. */
static const Type *infer_object_call(Sema *s, AstExpr *e)
{
    for (int i = 0; i < e->u.call.args.len; i++) {
        AstExpr *a = e->u.call.args.data[i];
        if (!sema_as_value(s, a, infer_expr(s, a))) {
            return &ty_object;
        }
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstExpr *a = e->u.call.keywords.data[i].value;
        if (!sema_as_value(s, a, infer_expr(s, a))) {
            return &ty_object;
        }
    }
    return &ty_object;
}

const Type *infer_call(Sema *s, AstExpr *e)
{
    if (!no_star_args(s, e)) {
        return &ty_object;
    }
    const Type *consumed = sema_genexp_consumer(s, e);
    if (consumed) {
        return consumed;
    }
    SemaFunc *f = sema_func_of(s, e->u.call.func);
    if (f) {
        infer_expr(s, e->u.call.func);
        return infer_func_call(s, e, f);
    }
    const Shim *sh = sema_shim_of(s, e->u.call.func);
    if (sh) {
        infer_expr(s, e->u.call.func);
        return infer_shim_call(s, e, sh);
    }
    AstExpr *fn = e->u.call.func;
    int errors = s->ctx->diags.errors;
    const Type *ft = infer_expr(s, fn);
    if (s->ctx->diags.errors > errors) {
        return &ty_object;   /* the callee was already reported */
    }
    if (ft->kind == TY_OBJECT) {
        return infer_object_call(s, e);
    }
    return sema_unsupported(s, e->loc, "this call");
}
