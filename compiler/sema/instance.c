/* instance.c - expressions on native classes: C(...) makes an instance of C, obj.f on
 * an instance is a field of its class, obj.m(...) returns what m is declared to. */
#include <string.h>
#include "sema_internal.h"

static SemaClass *class_named(const Symbol *sym)
{
    return sym && sym->cls && sym->kind == SYM_GLOBAL && sym->assignments == 1 && !sym->cls->def->keep_reason
               ? sym->cls : NULL;
}

SemaClass *sema_constructed_class(const AstExpr *call)
{
    const AstExpr *fn = call->u.call.func;
    return fn->kind == EXPR_NAME ? class_named(fn->u.name.sym) : NULL;
}

SemaClass *sema_qualified_class(const AstExpr *call)
{
    const AstExpr *fn = call->u.call.func;
    return fn->kind == EXPR_ATTRIBUTE && fn->u.attribute.value->kind == EXPR_NAME
               ? class_named(fn->u.attribute.value->u.name.sym) : NULL;
}

/* super(__class__, x) as sema_zero_arg_super made it, in a method of class D. */
static bool zero_arg_super(const AstExpr *v)
{
    return v->kind == EXPR_CALL && v->u.call.func->kind == EXPR_NAME &&
           strcmp(v->u.call.func->u.name.id, "super") == 0 && v->u.call.func->u.name.explicit_super &&
           !v->u.call.func->u.name.sym && v->u.call.args.len == 2 && v->u.call.keywords.len == 0 &&
           v->u.call.args.data[0]->kind == EXPR_NAME && strcmp(v->u.call.args.data[0]->u.name.id, "__class__") == 0 &&
           v->u.call.args.data[1]->kind == EXPR_NAME;
}

SemaClass *sema_super_class(const SemaModule *sm, const AstExpr *call)
{
    (void)sm;
    const AstStmt *d = call->u.call.super_of;
    SemaClass *c = d ? d->u.classdef.native : NULL;
    return c && c->base && !c->def->keep_reason ? c : NULL;
}

/* The type of a call of what c.name finds (a plain, static or class method), as its
 * declared return; object when it returns nothing or is something else. */
static const Type *member_result(Sema *s, AstExpr *e, const SemaClass *c, const char *name)
{
    char kind = 0;
    SemaFunc *m = c ? sema_class_member(s->sm, c, name, &kind) : NULL;
    sema_infer_object_call(s, e);
    if (!m || !m->def->u.funcdef.returns || !m->ret || m->ret->kind == TY_NONE) {
        return &ty_object;
    }
    return m->ret;
}

/* C.m(...) on a native class name, super().m(...) in a method of a native class with a
 * native base: typed by what m declares. NULL for other calls. */
static const Type *qualified_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    e->u.call.super_of = NULL;   /* set again below by this analysis */
    if (fn->kind != EXPR_ATTRIBUTE) {
        return NULL;
    }
    AstExpr *v = fn->u.attribute.value;
    if (v->kind == EXPR_NAME) {
        SemaClass *c = class_named(scope_lookup(s->scope, v->u.name.id));
        if (!c || sema_lookup(s, v->u.name.id) != scope_lookup(s->sm->scope, v->u.name.id)) {
            return NULL;
        }
        infer_expr(s, fn);
        if (class_named(v->u.name.sym) != c) {
            return NULL;
        }
        return member_result(s, e, c, fn->u.attribute.attr);
    }
    if (v->kind == EXPR_CALL) {
        sema_zero_arg_super(s, v);
        if (!zero_arg_super(v) || !s->func || !s->func->cls || s->func->nested ||
            sema_lookup(s, v->u.call.func->u.name.id)) {
            return NULL;
        }
        const SemaClass *d = s->func->cls->u.classdef.native;
        if (!d || !d->base) {
            return NULL;
        }
        infer_expr(s, fn);
        e->u.call.super_of = s->func->cls;
        return member_result(s, e, d->base, fn->u.attribute.attr);
    }
    return NULL;
}

const Type *sema_instance_attr(Sema *s, AstExpr *e, const Type *recv)
{
    (void)s;
    SemaField *f = sema_class_field(recv->cls, e->u.attribute.attr);
    return f ? f->type : &ty_object;
}

const Type *sema_instance_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    if (fn->kind == EXPR_NAME) {
        SemaClass *c = class_named(scope_lookup(s->scope, fn->u.name.id));
        if (!c || sema_lookup(s, fn->u.name.id) != scope_lookup(s->sm->scope, fn->u.name.id)) {
            return NULL;
        }
        infer_expr(s, fn);
        if (fn->type->kind != TY_OBJECT || class_named(fn->u.name.sym) != c) {
            return NULL;
        }
        sema_infer_object_call(s, e);
        return c->type;
    }
    if (fn->kind != EXPR_ATTRIBUTE) {
        return NULL;
    }
    const Type *qt = qualified_call(s, e);
    if (qt) {
        return qt;
    }
    const Type *rt = infer_expr(s, fn->u.attribute.value);
    if (rt->kind != TY_INSTANCE || sema_class_field(rt->cls, fn->u.attribute.attr)) {
        return NULL;
    }
    infer_expr(s, fn);
    sema_infer_object_call(s, e);
    SemaFunc *m = sema_class_method(s->sm, rt->cls, fn->u.attribute.attr);
    if (!m || !m->def->u.funcdef.returns || !m->ret || m->ret->kind == TY_NONE) {
        return &ty_object;
    }
    return m->ret;
}
