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
        SemaFunc *init = sema_class_method(s->sm, c, "__init__");
        if (init && !sema_class_method(s->sm, c, "__new__")) {
            sema_check_literal_args(s, e, init, arena_printf(&s->ctx->arena, "\"%s\"", fn->u.name.id));
        }
        return c->type;
    }
    if (fn->kind != EXPR_ATTRIBUTE) {
        return NULL;
    }
    const Type *rt = infer_expr(s, fn->u.attribute.value);
    if (rt->kind != TY_INSTANCE || sema_class_field(rt->cls, fn->u.attribute.attr)) {
        return NULL;
    }
    infer_expr(s, fn);
    sema_infer_object_call(s, e);
    SemaFunc *m = sema_class_method(s->sm, rt->cls, fn->u.attribute.attr);
    if (m) {
        sema_check_literal_args(s, e, m, arena_printf(&s->ctx->arena, "\"%s\" of \"%s\"", fn->u.attribute.attr,
                                                      rt->cls->def->u.classdef.name));
    }
    if (!m || !m->def->u.funcdef.returns || !m->ret || m->ret->kind == TY_NONE) {
        return &ty_object;
    }
    return m->ret;
}
