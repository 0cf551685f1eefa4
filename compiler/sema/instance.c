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
    const AstStmt *d = call->u.call.via_class;
    SemaClass *c = d ? d->u.classdef.native : NULL;
    bool sup = call->u.call.via == 's' || call->u.call.via == 'e';
    return c && !c->def->keep_reason && (!sup || c->base) ? c : NULL;
}

/* super(__class__, x) as sema_zero_arg_super made it ('s'), or super(C, x) of a native
 * class name C ('e', *named set to C); 0 for anything else. */
static char super_form(Sema *s, AstExpr *v, SemaClass **named)
{
    if (v->kind != EXPR_CALL || v->u.call.func->kind != EXPR_NAME || strcmp(v->u.call.func->u.name.id, "super") != 0) {
        return 0;
    }
    sema_zero_arg_super(s, v);
    if (v->u.call.args.len != 2 || v->u.call.keywords.len || v->u.call.args.data[1]->kind != EXPR_NAME ||
        v->u.call.args.data[0]->kind != EXPR_NAME || !v->u.call.func->u.name.frame_free ||
        sema_lookup(s, v->u.call.func->u.name.id)) {
        return 0;
    }
    const char *first = v->u.call.args.data[0]->u.name.id;
    if (strcmp(first, "__class__") == 0) {
        return 's';
    }
    *named = class_named(scope_lookup(s->scope, first));
    return *named && sema_lookup(s, first) == scope_lookup(s->sm->scope, first) ? 'e' : 0;
}

/* Is the name the first parameter of a class method of the current function's class? */
static bool class_method_cls(Sema *s, const AstExpr *v)
{
    SemaFunc *f = s->func;
    if (!f || !f->cls || f->nested || f->npos == 0 || !f->cls->u.classdef.native) {
        return false;
    }
    char kind = 0;
    SemaFunc *m = sema_class_member(s->sm, f->cls->u.classdef.native, f->def->u.funcdef.name, &kind);
    return m == f && kind == 'c' && strcmp(ast_param_at(f->def->u.funcdef.args, 0)->name, v->u.name.id) == 0 &&
           sema_lookup(s, v->u.name.id) == f->params.data[0];
}

bool sema_class_method_cls(Sema *s, const AstExpr *v)
{
    return v->kind == EXPR_NAME && class_method_cls(s, v);
}

/* The native class X names in X.m(...) (e->u.call.via says how), or NULL. */
static SemaClass *via_class(Sema *s, AstExpr *e)
{
    AstExpr *v = e->u.call.func->u.attribute.value;
    if (v->kind == EXPR_NAME) {
        SemaClass *c = class_named(scope_lookup(s->scope, v->u.name.id));
        if (c && sema_lookup(s, v->u.name.id) == scope_lookup(s->sm->scope, v->u.name.id)) {
            e->u.call.via = 'n';
            return c;
        }
        e->u.call.via = 'c';
        return class_method_cls(s, v) ? s->func->cls->u.classdef.native : NULL;
    }
    if (v->kind != EXPR_CALL) {
        return NULL;
    }
    SemaClass *named = NULL;
    sema_super_attr(s, e->u.call.func);
    char sup = super_form(s, v, &named);
    if (sup) {
        /* super() in a method of D: what D's base finds */
        SemaClass *d = sup == 's' && s->func && s->func->cls && !s->func->nested ? s->func->cls->u.classdef.native
                                                                                  : named;
        e->u.call.via = sup;
        return d && d->base ? d : NULL;
    }
    AstExpr *tf = v->u.call.func;
    if (tf->kind == EXPR_NAME && strcmp(tf->u.name.id, "type") == 0 && !sema_lookup(s, tf->u.name.id) &&
        v->u.call.args.len == 1 && v->u.call.keywords.len == 0 && v->u.call.args.data[0]->kind == EXPR_NAME) {
        const Type *xt = infer_expr(s, v->u.call.args.data[0]);
        e->u.call.via = 't';
        return xt->kind == TY_INSTANCE ? (SemaClass *)xt->cls : NULL;
    }
    return NULL;
}

/* The type of a call of what c.name finds (a plain, static or class method), as its
 * declared return; object when it returns nothing or is something else. */
static const Type *member_result(Sema *s, AstExpr *e, const SemaClass *c, const char *name)
{
    char kind = 0;
    SemaFunc *m = c ? sema_class_member(s->sm, c, name, &kind) : NULL;
    sema_infer_object_call(s, e);
    bool bound = e->u.call.via == 's' || e->u.call.via == 'e';
    e->u.call.misfit = NULL;
    if (m && !sema_method_generic_reason(s->sm, m) && !(kind == 'c' && bound)) {
        /* as build_qualified.c passes the receiver: super() binds it, C.m(x) does not */
        sema_note_misfit(s, e, m, c->name, kind == 'c' || (kind == 'f' && bound) ? 1 : 0);
    }
    if (!m || !m->def->u.funcdef.returns || !m->ret || m->ret->kind == TY_NONE) {
        return &ty_object;
    }
    return m->ret;
}

/* X.m(...) where X names a native class (its name, a class method's cls, type(x)) or is
 * super() in a method of one: typed by what m declares. NULL for other calls. */
static const Type *qualified_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    e->u.call.via_class = NULL;   /* set again below by this analysis */
    e->u.call.via = 0;
    if (fn->kind != EXPR_ATTRIBUTE) {
        return NULL;
    }
    SemaClass *c = via_class(s, e);
    if (!c || c->def->keep_reason) {
        return NULL;
    }
    infer_expr(s, fn);
    if (e->u.call.via == 'n' && class_named(fn->u.attribute.value->u.name.sym) != c) {
        return NULL;
    }
    e->u.call.via_class = c->def;
    bool sup = e->u.call.via == 's' || e->u.call.via == 'e';
    return member_result(s, e, sup ? c->base : c, fn->u.attribute.attr);
}

/* An int result that an override in a subclass gives as a bool: an object, so the
 * bool stays a bool (an int holds no bool in compiled code). */
static bool bool_overridden(Sema *s, const SemaClass *c, const char *name, const Type *t)
{
    return t->kind == TY_INT && sema_bool_override(s->sm, c, name) != NULL;
}

const Type *sema_instance_attr(Sema *s, AstExpr *e, const Type *recv)
{
    SemaField *f = sema_class_field(recv->cls, e->u.attribute.attr);
    e->u.attribute.getter = NULL;
    if (f) {
        return f->type;
    }
    SemaFunc *g = e->u.attribute.ctx == CTX_LOAD ? sema_property_decl(s->sm, recv->cls, e->u.attribute.attr) : NULL;
    if (g) {
        e->u.attribute.getter = g;   /* a getter's native entry while the class finds it */
        const AstExpr *ann = g->def->u.funcdef.returns;
        const Type *t = g->ret ? g->ret : &ty_object;
        if (!sema_property_getter(s->sm, recv->cls, e->u.attribute.attr)) {   /* abstract: as annotated */
            t = ann ? sema_annotation(s, g->def->u.funcdef.returns, NULL) : &ty_object;
        }
        return bool_overridden(s, recv->cls, e->u.attribute.attr, t) ? &ty_object : t;
    }
    const Type *ct = sema_class_const_attr(s, e, recv);
    return ct ? ct : &ty_object;
}

const Type *sema_instance_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    if (fn->kind == EXPR_NAME && class_method_cls(s, fn)) {
        /* cls(...) makes an instance of the class or the subclass cls is (mypy's type);
         * the builder casts what the call returns */
        infer_expr(s, fn);
        sema_infer_object_call(s, e);
        e->u.call.via = 'k';
        e->u.call.via_class = s->func->cls;
        return s->func->cls->u.classdef.native->type;
    }
    if (fn->kind == EXPR_NAME) {
        e->u.call.via = 0;
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
        e->u.call.misfit = NULL;
        if (init && !sema_class_method(s->sm, c, "__new__")) {
            sema_check_literal_args(s, e, init, arena_printf(&s->ctx->arena, "\"%s\"", fn->u.name.id));
            if (!sema_method_generic_reason(s->sm, init)) {
                sema_note_construct_misfit(s, e, init, fn->u.name.id);
            }
        }
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
    if (!m) {   /* an @abstractmethod: its overrides run, typed as it is annotated */
        m = sema_abstract_method(s->sm, rt->cls, fn->u.attribute.attr);
    }
    e->u.call.misfit = NULL;
    if (m && !sema_method_generic_reason(s->sm, m)) {
        sema_note_misfit(s, e, m, rt->cls->name, 1);
    }
    if (m) {
        sema_check_literal_args(s, e, m, arena_printf(&s->ctx->arena, "\"%s\" of \"%s\"", fn->u.attribute.attr,
                                                      rt->cls->def->u.classdef.name));
    }
    if (!m || !m->def->u.funcdef.returns || !m->ret || m->ret->kind == TY_NONE) {
        return &ty_object;
    }
    const Type *t = m->ret;
    if (sema_is_abstract(m)) {   /* a stub's result is an object; its overrides' are as annotated */
        t = sema_annotation(s, m->def->u.funcdef.returns, NULL);
    }
    return t->kind == TY_NONE || bool_overridden(s, rt->cls, fn->u.attribute.attr, t) ? &ty_object : t;
}
