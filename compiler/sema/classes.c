/* classes.c - class statements compiled natively in generic mode: the class body runs
 * as native code that fills the class namespace (runtime/classes.c does the rest of
 * builtins.__build_class__), and its methods are native functions. Class bodies with
 * nested classes, imports, or expressions with scopes of their own are kept as Python. */
#include <string.h>
#include "sema_internal.h"

/* A name read in a class body is looked up in the namespace, then globals: a
 * comprehension's own scope skips the namespace (sema/comp.c does not model that) and
 * a walrus binds in the enclosing scope, so those keep the class as Python. Lambdas
 * skip it too, which sema/nested.c does model. */
static void find_scoped_expr(AstExpr *e, void *arg)
{
    const char **why = arg;
    if (*why) {
        return;
    }
    switch (e->kind) {
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: case EXPR_GENEXP:
        *why = "a comprehension in a class body";
        break;
    case EXPR_NAMEDEXPR: *why = "an assignment expression in a class body"; break;
    case EXPR_YIELD: case EXPR_YIELDFROM: case EXPR_AWAIT: *why = "yield or await in a class body"; break;
    default: break;
    }
}

static const char *unsupported_in_stmt(AstStmt *st, bool top)
{
    const char *why = NULL;
    switch (st->kind) {
    case STMT_FUNCDEF:
        if (!top) {
            return "a def nested in a class body statement";
        }
        if (st->u.funcdef.is_async || st->u.funcdef.has_type_params) {
            return st->u.funcdef.is_async ? "an async method" : "a method with type parameters";
        }
        for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
            sema_walk_expr(st->u.funcdef.decorators.data[i], find_scoped_expr, &why);
        }
        AstArguments *a = st->u.funcdef.args;
        AstArgVec *lists[3] = {&a->posonly, &a->args, &a->kwonly};
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < lists[l]->len; i++) {
                sema_walk_expr(lists[l]->data[i].default_, find_scoped_expr, &why);
            }
        }
        return why;
    case STMT_ANNASSIGN:
        if (st->u.annassign.target->kind != EXPR_NAME) {
            return "this assignment in a class body";
        }
        break;
    case STMT_CLASSDEF: case STMT_GLOBAL: case STMT_NONLOCAL:
    case STMT_RETURN: case STMT_MATCH: case STMT_TYPEALIAS:
        return NULL;   /* the caller names the statement kind */
    default:
        break;
    }
    sema_walk_stmt(st, find_scoped_expr, &why);
    return why;
}

static bool body_stmt_ok(AstStmt *st)
{
    switch (st->kind) {
    case STMT_EXPR: case STMT_PASS: case STMT_ASSIGN: case STMT_ANNASSIGN: case STMT_AUGASSIGN:
    case STMT_FUNCDEF: case STMT_FOR: case STMT_WHILE: case STMT_IF: case STMT_TRY: case STMT_WITH:
    case STMT_RAISE: case STMT_ASSERT: case STMT_DELETE: case STMT_BREAK: case STMT_CONTINUE:
    case STMT_IMPORT: case STMT_IMPORTFROM:
        return true;
    default:
        return false;
    }
}

/* The first statement of the body (nested blocks included) that keeps the class. */
static bool body_supported(Sema *s, AstStmtVec *body, bool top)
{
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        const char *why = unsupported_in_stmt(b, top);
        if (why || !body_stmt_ok(b)) {
            sema_unsupported(s, b->loc, why ? why : arena_printf(&s->ctx->arena, "%s in a class body",
                                                                 ast_stmt_name(b->kind)));
            return false;
        }
        bool ok = true;
        switch (b->kind) {
        case STMT_FOR:
            ok = body_supported(s, &b->u.for_.body, false) && body_supported(s, &b->u.for_.orelse, false);
            break;
        case STMT_WHILE:
            ok = body_supported(s, &b->u.while_.body, false) && body_supported(s, &b->u.while_.orelse, false);
            break;
        case STMT_IF:
            ok = body_supported(s, &b->u.if_.body, false) && body_supported(s, &b->u.if_.orelse, false);
            break;
        case STMT_WITH: ok = body_supported(s, &b->u.with.body, false); break;
        case STMT_TRY:
            ok = body_supported(s, &b->u.try_.body, false) && body_supported(s, &b->u.try_.orelse, false) &&
                 body_supported(s, &b->u.try_.finalbody, false);
            for (int h = 0; ok && h < b->u.try_.handlers.len; h++) {
                ok = body_supported(s, &b->u.try_.handlers.data[h].body, false);
            }
            break;
        default: break;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
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

static void bind_targets(Sema *s, Scope *cs, AstExpr *t)
{
    switch (t->kind) {
    case EXPR_NAME: bind_class_name(s, cs, t->u.name.id, t->loc); break;
    case EXPR_STARRED: bind_targets(s, cs, t->u.starred.value); break;
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            bind_targets(s, cs, t->u.seq.elts.data[i]);
        }
        break;
    default: break;   /* attributes and items bind no name */
    }
}

/* Every name the body binds lives in the class namespace. */
static void bind_body(Sema *s, AstStmt *cls, Scope *cs, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        switch (b->kind) {
        case STMT_ASSIGN:
            for (int t = 0; t < b->u.assign.targets.len; t++) {
                bind_targets(s, cs, b->u.assign.targets.data[t]);
            }
            break;
        case STMT_ANNASSIGN:
            if (b->u.annassign.value) {
                bind_targets(s, cs, b->u.annassign.target);
            }
            break;
        case STMT_AUGASSIGN: bind_targets(s, cs, b->u.augassign.target); break;
        case STMT_DELETE:
            for (int t = 0; t < b->u.delete_.targets.len; t++) {
                bind_targets(s, cs, b->u.delete_.targets.data[t]);
            }
            break;
        case STMT_FOR:
            bind_targets(s, cs, b->u.for_.target);
            bind_body(s, cls, cs, &b->u.for_.body);
            bind_body(s, cls, cs, &b->u.for_.orelse);
            break;
        case STMT_WHILE:
            bind_body(s, cls, cs, &b->u.while_.body);
            bind_body(s, cls, cs, &b->u.while_.orelse);
            break;
        case STMT_IF:
            bind_body(s, cls, cs, &b->u.if_.body);
            bind_body(s, cls, cs, &b->u.if_.orelse);
            break;
        case STMT_WITH:
            for (int k = 0; k < b->u.with.items.len; k++) {
                if (b->u.with.items.data[k].target) {
                    bind_targets(s, cs, b->u.with.items.data[k].target);
                }
            }
            bind_body(s, cls, cs, &b->u.with.body);
            break;
        case STMT_TRY:
            bind_body(s, cls, cs, &b->u.try_.body);
            for (int h = 0; h < b->u.try_.handlers.len; h++) {
                AstExceptHandler *eh = &b->u.try_.handlers.data[h];
                if (eh->name) {
                    bind_class_name(s, cs, eh->name, b->loc);
                }
                bind_body(s, cls, cs, &eh->body);
            }
            bind_body(s, cls, cs, &b->u.try_.orelse);
            bind_body(s, cls, cs, &b->u.try_.finalbody);
            break;
        case STMT_FUNCDEF:
            bind_class_name(s, cs, b->u.funcdef.name, b->u.funcdef.name_loc);
            declare_method(s, cls, b);
            break;
        case STMT_IMPORT: case STMT_IMPORTFROM: {
            bool from = b->kind == STMT_IMPORTFROM;
            AstAliasVec *names = from ? &b->u.importfrom.names : &b->u.import.names;
            for (int k = 0; k < names->len; k++) {
                if (strcmp(names->data[k].name, "*") != 0) {
                    bind_targets(s, cs, sema_alias_target(s, &names->data[k], from));
                }
            }
            break;
        }
        default: break;
        }
    }
}

/* Returns false (the class is kept as Python) when its body cannot run natively. */
bool sema_declare_class(Sema *s, AstStmt *st)
{
    if (st->u.classdef.has_type_params) {
        sema_unsupported(s, st->loc, "type parameters");
        return false;
    }
    if (!body_supported(s, &st->u.classdef.body, true)) {
        return false;
    }
    Scope *cs = scope_new(s->ctx, s->scope);
    cs->kind = SCOPE_CLASS;
    st->u.classdef.scope = cs;
    /* CPython's implicit __class__ cell: a variable of an enclosing "function" (owner
     * NULL) that the methods using super() or __class__ capture (sema/nested.c) */
    Scope *cell = scope_new(s->ctx, s->sm->scope);
    cell->kind = SCOPE_FUNC;
    st->u.classdef.cell_scope = cell;
    scope_add(s->ctx, cell, intern_cstr(s->ctx->names, "__class__"), SYM_LOCAL, st->loc)->type = &ty_object;
    bind_body(s, st, cs, &st->u.classdef.body);
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

static AstExpr *name_expr(Sema *s, const char *id, Loc loc)
{
    AstExpr *e = ARENA_NEW(&s->ctx->arena, AstExpr);
    e->kind = EXPR_NAME;
    e->loc = loc;
    e->u.name.id = id;
    e->u.name.ctx = CTX_LOAD;
    return e;
}

/* super() in a method is super(__class__, <first argument>), as CPython's compiler
 * arranges; elsewhere (nested functions, no argument) it stays a frame builtin.
 * super(C, obj) with its arguments is an ordinary call. */
void sema_zero_arg_super(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    SemaFunc *f = s->func;
    if (fn->kind == EXPR_NAME && strcmp(fn->u.name.id, "super") == 0 && e->u.call.args.len > 0) {
        fn->u.name.frame_free = true;   /* super(C, obj) needs no frame */
        return;
    }
    if (fn->kind != EXPR_NAME || strcmp(fn->u.name.id, "super") != 0 || fn->u.name.frame_free ||
        e->u.call.args.len != 0 ||
        e->u.call.keywords.len != 0 || !f || !f->cls || f->nested || f->npos == 0 ||
        sema_lookup(s, fn->u.name.id)) {
        return;
    }
    AstArg *self = ast_param_at(f->def->u.funcdef.args, 0);
    AstExpr *cls = name_expr(s, intern_cstr(s->ctx->names, "__class__"), e->loc);
    cls->u.name.frame_free = true;   /* super()'s own read: an empty cell is its RuntimeError */
    vec_push(&s->ctx->arena, &e->u.call.args, cls);
    vec_push(&s->ctx->arena, &e->u.call.args, name_expr(s, self->name, e->loc));
    fn->u.name.frame_free = true;
}

/* super().name read: marks the __class__ sema_zero_arg_super gave it (super_attr). */
void sema_super_attr(Sema *s, AstExpr *attr)
{
    AstExpr *v = attr->u.attribute.value;
    if (attr->u.attribute.ctx != CTX_LOAD || v->kind != EXPR_CALL) {
        return;
    }
    sema_zero_arg_super(s, v);
    AstExpr *first = v->u.call.args.len == 2 ? v->u.call.args.data[0] : NULL;
    if (first && first->kind == EXPR_NAME && first->u.name.frame_free && strcmp(first->u.name.id, "__class__") == 0) {
        first->u.name.super_attr = true;
    }
}

static void check_values(Sema *s, AstExprVec *v)
{
    for (int i = 0; i < v->len; i++) {
        sema_value_ok(s, v->data[i], infer_expr(s, v->data[i]));
    }
}

/* The class statement's own expressions, in the class scope where the body's are. */
static SemaFunc *method_of(Sema *s, const AstStmt *def)
{
    for (int i = 0; i < s->sm->funcs.len; i++) {
        if (s->sm->funcs.data[i]->def == def) {
            return s->sm->funcs.data[i];
        }
    }
    return NULL;
}

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
            sema_check_annotation_names(s, b);
            SemaFunc *m = method_of(s, b);
            if (m) {
                sema_check_defaults(s, m);   /* against the annotations, as a function's */
                break;
            }
            AstArguments *a = b->u.funcdef.args;
            for (int k = 0; k < ast_param_count(a); k++) {
                AstExpr *d = ast_param_at(a, k)->default_;
                if (d) {
                    sema_value_ok(s, d, infer_expr(s, d));
                }
            }
            break;
        }
        default:   /* as at module level; names are stored in the namespace */
            sema_check_body(s, &(AstStmtVec){&body->data[i], 1, 1});
            break;
        }
    }
    s->scope = saved;
    s->cls = NULL;
    Symbol *sym = scope_lookup_local(s->scope, st->u.classdef.name);
    st->u.classdef.name_expr->u.name.sym = sym;
    st->u.classdef.name_expr->type = &ty_object;
}
