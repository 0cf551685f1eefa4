/* typing_names.c - what typing, typing_extensions and mypy_extensions export that a typed
 * program calls or decorates with: cast(T, x), the fixed-width conversions i64(x),
 * i32(x), i16(x), u8(x), and the marker decorators (typing.final, mypy_extensions.trait,
 * mypyc_attr(...)) that return what they decorate (typing.overload does not: it is
 * left to the ordinary decorator path). Each is found
 * by identity (the shim an imported name or module attribute denotes), never by spelling. */
#include <string.h>
#include "sema_internal.h"

/* The shim any name or module.attr denotes, types included (i64, Final ...), or NULL. */
const Shim *sema_typing_shim(Sema *s, const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, e->u.name.id);
        return sym && (sym->kind == SYM_SHIM || sym->kind == SYM_TYPE) ? sym->shim : NULL;
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, e->u.attribute.value->u.name.id);
        return mod && mod->kind == SYM_MODULE ? shim_find(mod->module, e->u.attribute.attr) : NULL;
    }
    return NULL;
}

static bool plain_args(const AstExpr *e, int n)
{
    return e->u.call.args.len == n && e->u.call.keywords.len == 0;
}

/* cast(T, x): the value of x, typed T where that narrows what is known of x (an object,
 * a union, a base class); the narrowing is checked at run time as mypyc checks it. T is
 * not evaluated. A cast between two known types (int to float) leaves x's own type: the
 * value is not converted in CPython either. */
static const Type *infer_cast(Sema *s, AstExpr *e)
{
    AstExpr *x = e->u.call.args.data[1];
    const Type *xt = sema_as_value(s, x, infer_expr(s, x));
    const Type *t = sema_annotation(s, e->u.call.args.data[0], NULL);
    e->u.call.typing = 'c';
    bool loose = xt->kind == TY_OBJECT || xt->kind == TY_UNION ||
                 (xt->kind == TY_INSTANCE && t->kind == TY_INSTANCE && type_class_derives(t->cls, xt->cls));
    if (t->kind == TY_OBJECT || !loose) {
        return xt;
    }
    return t->kind == TY_NONE ? xt : t;
}

/* i64(x) and friends are int(x) at run time; the result takes the width where the
 * compiler has one (i64, i32) and is a plain int otherwise (i16, u8). */
static const Type *infer_width_conversion(Sema *s, AstExpr *e, const Shim *sh)
{
    AstExpr *x = e->u.call.args.data[0];
    const Type *xt = sema_as_value(s, x, infer_expr(s, x));
    if (xt->kind != TY_INT && xt->kind != TY_BOOL && xt->kind != TY_FLOAT && xt->kind != TY_I64 &&
        xt->kind != TY_I32 && xt->kind != TY_OBJECT) {
        sema_as_value(s, e->u.call.func, infer_expr(s, e->u.call.func));
        return sema_infer_object_call(s, e);   /* i64(str) and the like: the run-time helper */
    }
    e->u.call.typing = 'w';
    return strcmp(sh->name, "i64") == 0 ? &ty_i64 : strcmp(sh->name, "i32") == 0 ? &ty_i32 : &ty_int;
}

static bool is_width_type(const Shim *sh)
{
    static const char *const names[] = {"i64", "i32", "i16", "u8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(sh->module, "mypy_extensions") == 0 && strcmp(sh->name, names[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* globals() of the builtins: the module dict, which native code reads its globals from
 * too (the frame-free form; vars() and dir() without arguments still look at a frame). */
static const Type *infer_globals_call(Sema *s, AstExpr *e)
{
    const AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_NAME || strcmp(fn->u.name.id, "globals") != 0 || !plain_args(e, 0) ||
        sema_lookup(s, fn->u.name.id) || s->sm->star_import) {
        return NULL;
    }
    e->u.call.typing = 'g';
    return &ty_object;
}

const Type *sema_typing_call(Sema *s, AstExpr *e)
{
    const Type *g = infer_globals_call(s, e);
    if (g) {
        return g;
    }
    const Shim *sh = sema_typing_shim(s, e->u.call.func);
    if (!sh || sema_call_unpacks(e)) {
        return NULL;
    }
    if (sh->kind == SHIM_CAST && plain_args(e, 2)) {
        return infer_cast(s, e);
    }
    if (sh->kind == SHIM_TYPE && is_width_type(sh) && plain_args(e, 1)) {
        return infer_width_conversion(s, e, sh);
    }
    return NULL;
}

static bool keyword_false(const AstExpr *d, const char *name)
{
    for (int i = 0; i < d->u.call.keywords.len; i++) {
        const AstKeyword *k = &d->u.call.keywords.data[i];
        if (k->name && strcmp(k->name, name) == 0) {
            return k->value->kind == EXPR_CONST && k->value->u.constant.kind == CONST_FALSE;
        }
    }
    return false;
}

/* A decorator that hands back the class or function it is given: typing.final,
 * mypy_extensions.trait, mypyc_attr(...). *interpreted is set for
 * mypyc_attr(native_class=False), which asks for a plain Python class. */
bool sema_marker_decorator(Sema *s, const AstExpr *d, bool *interpreted)
{
    const AstExpr *fn = d->kind == EXPR_CALL ? d->u.call.func : d;
    const Shim *sh = sema_typing_shim(s, fn);
    if (!sh || sh->kind != SHIM_MARKER) {
        return false;
    }
    bool factory = strcmp(sh->name, "mypyc_attr") == 0;
    if (factory != (d->kind == EXPR_CALL)) {
        return false;   /* mypyc_attr must be called, the others must not */
    }
    if (interpreted && factory) {
        *interpreted = keyword_false(d, "native_class");
    }
    return true;
}

static const Type *literal_type(const AstExpr *v)
{
    if (v->kind == EXPR_UNARYOP && v->u.unaryop.op == UNARY_NEG) {
        v = v->u.unaryop.operand;
    }
    if (v->kind != EXPR_CONST) {
        return &ty_object;
    }
    switch (v->u.constant.kind) {
    case CONST_INT: return &ty_int;
    case CONST_STR: return &ty_str;
    case CONST_TRUE: case CONST_FALSE: return &ty_bool;
    default: return &ty_object;   /* None, bytes, an enum member ... */
    }
}

const Type *sema_literal_annotation(const AstExpr *index)
{
    if (index->kind != EXPR_TUPLE) {
        return literal_type(index);
    }
    const Type *t = NULL;
    for (int i = 0; i < index->u.seq.elts.len; i++) {
        const Type *m = literal_type(index->u.seq.elts.data[i]);
        if (t && m != t) {
            return &ty_object;
        }
        t = m;
    }
    return t ? t : &ty_object;
}
