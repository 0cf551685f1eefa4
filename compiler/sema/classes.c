/* classes.c - class statements compiled natively in generic mode: the class body runs
 * as native code that fills the class namespace (runtime/classes.c does the rest of
 * builtins.__build_class__), and its methods are native functions. Class bodies with
 * statements other than assignments, annotations and defs are kept as Python. */
#include "sema_internal.h"

static const char *unsupported_in_body(const AstStmt *st)
{
    switch (st->kind) {
    case STMT_EXPR: case STMT_PASS:
        return NULL;
    case STMT_ASSIGN:
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            if (st->u.assign.targets.data[i]->kind != EXPR_NAME) {
                return "this assignment in a class body";
            }
        }
        return NULL;
    case STMT_ANNASSIGN:
        return st->u.annassign.target->kind == EXPR_NAME ? NULL : "this assignment in a class body";
    case STMT_FUNCDEF:
        if (st->u.funcdef.is_async || st->u.funcdef.has_type_params) {
            return "this method";
        }
        return NULL;
    default:
        return NULL;   /* the caller names the statement kind */
    }
}

static Symbol *bind_class_name(Sema *s, Scope *cs, const char *name, Loc loc)
{
    Symbol *sym = scope_lookup_local(cs, name);
    if (!sym) {
        sym = scope_add(s->ctx, cs, name, SYM_CLASSVAR, loc);
        sym->type = &ty_object;
    }
    return sym;
}

static void declare_method(Sema *s, AstStmt *cls, AstStmt *def)
{
    SemaFunc *f = ARENA_NEW(&s->ctx->arena, SemaFunc);
    f->def = def;
    f->cls = cls;
    f->sym = ARENA_NEW(&s->ctx->arena, Symbol);   /* in no scope: reached through the class only */
    f->sym->name = def->u.funcdef.name;
    f->sym->kind = SYM_FUNC;
    f->sym->loc = def->u.funcdef.name_loc;
    f->sym->func = f;
    f->sym->type = &ty_func;
    f->qualname = arena_printf(&s->ctx->arena, "%s.%s", cls->u.classdef.name, def->u.funcdef.name);
    vec_push(&s->ctx->arena, &s->sm->funcs, f);
}

/* Returns false (the class is kept as Python) when its body cannot run natively. */
bool sema_declare_class(Sema *s, AstStmt *st)
{
    if (st->u.classdef.has_type_params) {
        sema_unsupported(s, st->loc, "type parameters");
        return false;
    }
    AstStmtVec *body = &st->u.classdef.body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        const char *why = unsupported_in_body(b);
        if (why || (b->kind != STMT_EXPR && b->kind != STMT_PASS && b->kind != STMT_ASSIGN &&
                    b->kind != STMT_ANNASSIGN && b->kind != STMT_FUNCDEF)) {
            sema_unsupported(s, b->loc, why ? why : arena_printf(&s->ctx->arena, "%s in a class body",
                                                                 ast_stmt_name(b->kind)));
            return false;
        }
    }
    Scope *cs = scope_new(s->ctx, s->scope);
    cs->kind = SCOPE_CLASS;
    st->u.classdef.scope = cs;
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        if (b->kind == STMT_ASSIGN) {
            for (int t = 0; t < b->u.assign.targets.len; t++) {
                AstExpr *target = b->u.assign.targets.data[t];
                target->u.name.sym = bind_class_name(s, cs, target->u.name.id, target->loc);
            }
        } else if (b->kind == STMT_ANNASSIGN && b->u.annassign.value) {
            AstExpr *target = b->u.annassign.target;
            target->u.name.sym = bind_class_name(s, cs, target->u.name.id, target->loc);
        } else if (b->kind == STMT_FUNCDEF) {
            bind_class_name(s, cs, b->u.funcdef.name, b->u.funcdef.name_loc);
            declare_method(s, st, b);
        }
    }
    if (!st->u.classdef.name_expr) {
        AstExpr *e = ARENA_NEW(&s->ctx->arena, AstExpr);
        e->kind = EXPR_NAME;
        e->loc = st->loc;
        e->u.name.id = st->u.classdef.name;
        e->u.name.ctx = CTX_STORE;
        st->u.classdef.name_expr = e;
    }
    return true;
}

static void check_values(Sema *s, AstExprVec *v)
{
    for (int i = 0; i < v->len; i++) {
        sema_value_ok(s, v->data[i], infer_expr(s, v->data[i]));
    }
}

/* The class statement's own expressions, in the class scope where the body's are. */
void sema_check_class(Sema *s, AstStmt *st)
{
    if (!st->u.classdef.scope) {
        return;   /* not declared natively: under --strict its error is already out */
    }
    check_values(s, &st->u.classdef.decorators);
    check_values(s, &st->u.classdef.bases);
    for (int i = 0; i < st->u.classdef.keywords.len; i++) {
        AstExpr *v = st->u.classdef.keywords.data[i].value;
        sema_value_ok(s, v, infer_expr(s, v));
    }
    Scope *saved = s->scope;
    s->scope = st->u.classdef.scope;
    s->cls = st;   /* lambdas here are C.<lambda> */
    AstStmtVec *body = &st->u.classdef.body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        switch (b->kind) {
        case STMT_EXPR: sema_value_ok(s, b->u.expr.value, infer_expr(s, b->u.expr.value)); break;
        case STMT_ASSIGN: sema_value_ok(s, b->u.assign.value, infer_expr(s, b->u.assign.value)); break;
        case STMT_ANNASSIGN:
            if (!s->sm->future_annotations) {
                sema_value_ok(s, b->u.annassign.annotation, infer_expr(s, b->u.annassign.annotation));
            }
            if (b->u.annassign.value) {
                sema_value_ok(s, b->u.annassign.value, infer_expr(s, b->u.annassign.value));
            }
            break;
        case STMT_FUNCDEF: {
            check_values(s, &b->u.funcdef.decorators);
            AstArguments *a = b->u.funcdef.args;
            for (int k = 0; k < a->args.len; k++) {
                if (a->args.data[k].default_) {
                    sema_value_ok(s, a->args.data[k].default_, infer_expr(s, a->args.data[k].default_));
                }
            }
            break;
        }
        default: break;
        }
    }
    s->scope = saved;
    s->cls = NULL;
    Symbol *sym = scope_lookup_local(s->scope, st->u.classdef.name);
    st->u.classdef.name_expr->u.name.sym = sym;
    st->u.classdef.name_expr->type = &ty_object;
}
