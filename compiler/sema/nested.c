/* nested.c - functions defined inside functions, and lambdas anywhere. Each is a
 * SemaFunc checked where it is defined, in a scope whose parent is the scope there
 * (class scopes skipped, as in Python). A local of an enclosing function that it reads
 * or writes is "captured": it lives in a cell, which reaches the nested function (and
 * every function between) through its closure (SemaFunc.freevars). */
#include <stdlib.h>
#include <string.h>
#include "sema_internal.h"

/* The scope a function defined here sees as its parent: class bodies are not visible. */
static Scope *enclosing_scope(Sema *s)
{
    Scope *sc = s->scope;
    while (sc && sc->kind == SCOPE_CLASS) {
        sc = sc->parent;
    }
    return sc;
}

/* f.<locals>.name, C.name or name; before 3.12 (pre312) a comprehension around it
 * counts too: f.<locals>.<listcomp>.name, C.<listcomp>.name, <listcomp>.name. */
static const char *qualname_of(Sema *s, const char *name, bool pre312)
{
    const char *prefix = NULL;
    if (s->func) {
        const char *outer = s->func->qualname ? s->func->qualname : s->func->def->u.funcdef.name;
        if (pre312 && s->func->qualname_pre312) {
            outer = s->func->qualname_pre312;
        }
        prefix = arena_printf(&s->ctx->arena, "%s.<locals>", outer);
    } else if (s->cls) {
        prefix = s->cls->u.classdef.name;
    }
    const char *comps = pre312 && s->comp_path ? s->comp_path : "";
    if (!prefix) {
        return *comps ? arena_printf(&s->ctx->arena, "%s.%s", comps + 1, name) : name;
    }
    return arena_printf(&s->ctx->arena, "%s%s.%s", prefix, comps, name);
}

/* The SemaFunc of a nested def (or a lambda's def) in this analysis, made at first sight. */
static SemaFunc *nested_func(Sema *s, AstStmt *def)
{
    SemaFunc *f = def->u.funcdef.func;
    if (f && f->sm == s->sm) {
        return f;
    }
    f = ARENA_NEW(&s->ctx->arena, SemaFunc);
    f->def = def;
    f->sm = s->sm;
    f->parent = s->func;
    f->nested = true;
    f->unit = s->unit;
    f->qualname = qualname_of(s, def->u.funcdef.name, false);
    f->qualname_pre312 = qualname_of(s, def->u.funcdef.name, true);
    if (strcmp(f->qualname_pre312, f->qualname) == 0) {
        f->qualname_pre312 = NULL;
    }
    f->sym = ARENA_NEW(&s->ctx->arena, Symbol);   /* in no scope: the def binds a local */
    f->sym->name = def->u.funcdef.name;
    f->sym->kind = SYM_FUNC;
    f->sym->loc = def->u.funcdef.name_loc;
    f->sym->func = f;
    f->sym->type = &ty_func;
    f->sym->slot = -1;
    def->u.funcdef.func = f;
    vec_push(&s->ctx->arena, &s->sm->funcs, f);
    Scope *saved = s->scope;
    bool report = s->report;
    s->report = true;   /* declared once per analysis: its errors are said now */
    sema_declare_signature(s, f, enclosing_scope(s));
    s->report = report;
    s->scope = saved;
    return f;
}

/* The body, checked here: names resolve through the scopes around the definition. */
static void check_nested_body(Sema *s, SemaFunc *f)
{
    Scope *saved_scope = s->scope;
    SemaFunc *saved_func = s->func;
    AstStmt *saved_cls = s->cls;
    const char *saved_comps = s->comp_path;
    int saved_loops = s->loop_depth;
    NarrowEnv saved_narrow = s->narrow;
    s->narrow = (NarrowEnv){0};
    f->scope->parent = enclosing_scope(s);   /* a comprehension's scope is new in each round */
    s->scope = f->scope;
    s->func = f;
    s->cls = NULL;
    s->comp_path = NULL;
    s->loop_depth = 0;
    int errors = s->ctx->diags.errors;
    sema_check_body(s, &f->def->u.funcdef.body);
    if (s->report && errors == s->ctx->diags.errors && f->ret->kind != TY_NONE && f->ret->kind != TY_OBJECT &&
        sema_missing_return(s, &f->def->u.funcdef.body)) {
        sema_error(s, f->def->u.funcdef.name_loc, "missing return statement");
    }
    s->scope = saved_scope;
    s->func = saved_func;
    s->cls = saved_cls;
    s->comp_path = saved_comps;
    s->loop_depth = saved_loops;
    s->narrow = saved_narrow;
}

static AstExpr *def_name_expr(Sema *s, AstStmt *st)
{
    if (!st->u.funcdef.name_expr) {
        AstExpr *e = ARENA_NEW(&s->ctx->arena, AstExpr);
        e->kind = EXPR_NAME;
        e->loc = st->u.funcdef.name_loc;
        e->u.name.id = st->u.funcdef.name;
        e->u.name.ctx = CTX_STORE;
        st->u.funcdef.name_expr = e;
    }
    return st->u.funcdef.name_expr;
}

/* def inside a function: decorators, defaults, the body, then the name is bound. */
void sema_check_nested_def(Sema *s, AstStmt *st)
{
    if (st->u.funcdef.is_async || st->u.funcdef.has_type_params) {
        sema_unsupported(s, st->loc, st->u.funcdef.is_async ? "nested async function" : "type parameters");
        return;
    }
    for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
        AstExpr *d = st->u.funcdef.decorators.data[i];
        sema_value_ok(s, d, infer_expr(s, d));
    }
    SemaFunc *f = nested_func(s, st);
    sema_check_defaults(s, f);
    check_nested_body(s, f);
    AstExpr *target = def_name_expr(s, st);
    Symbol *sym = sema_lookup(s, target->u.name.id);
    if (sym && sym->type && sym->type->kind != TY_OBJECT && !sym->inferred) {
        sema_unsupported(s, st->loc, "a function bound to a typed variable");
        return;
    }
    sema_check_store(s, target, &ty_object, NULL);
    if (target->u.name.sym) {
        target->u.name.sym->holds_nested = true;
    }
}

/* The SemaFunc of a lambda in this analysis: `def <lambda>(args): return body`. */
SemaFunc *sema_lambda_func(Sema *s, AstExpr *e)
{
    AstStmt *def = e->u.lambda.def;
    if (!def) {
        AstStmt *ret = ARENA_NEW(&s->ctx->arena, AstStmt);
        ret->kind = STMT_RETURN;
        ret->loc = e->u.lambda.body->loc;
        ret->u.ret.value = e->u.lambda.body;
        def = ARENA_NEW(&s->ctx->arena, AstStmt);
        def->kind = STMT_FUNCDEF;
        def->loc = e->loc;
        def->u.funcdef.name = intern_cstr(s->ctx->names, "<lambda>");
        def->u.funcdef.name_loc = e->loc;
        def->u.funcdef.args = e->u.lambda.args;
        vec_push(&s->ctx->arena, &def->u.funcdef.body, ret);
        e->u.lambda.def = def;
    }
    return nested_func(s, def);
}

/* lambda args: body is checked as `def <lambda>(args): return body`. */
const Type *sema_infer_lambda(Sema *s, AstExpr *e)
{
    SemaFunc *f = sema_lambda_func(s, e);
    sema_check_defaults(s, f);
    check_nested_body(s, f);
    return &ty_object;
}

/* f.__code__ on a local bound to a nested function: a Python function has one, ours
 * does not, so the unit stays Python (as module functions read so: module.c). */
void sema_check_nested_attr(Sema *s, AstExpr *e)
{
    static const char *const python_only[] = {"__code__", "__globals__", "__builtins__"};
    AstExpr *base = e->u.attribute.value;
    Symbol *sym = base->kind == EXPR_NAME ? base->u.name.sym : NULL;
    if (base->kind != EXPR_LAMBDA && (!sym || !sym->holds_nested)) {
        return;
    }
    for (size_t i = 0; i < sizeof python_only / sizeof python_only[0]; i++) {
        if (strcmp(e->u.attribute.attr, python_only[i]) == 0) {
            sema_unsupported(s, e->loc, arena_printf(&s->ctx->arena, "%s of a nested function", python_only[i]));
        }
    }
}

/* sym is used by every function from s->func up to (not including) owner. */
static void capture(Sema *s, Symbol *sym, SemaFunc *owner)
{
    sym->captured = true;
    for (SemaFunc *f = s->func; f && f != owner; f = f->parent) {
        int i = 0;
        while (i < f->freevars.len && f->freevars.data[i]->name != sym->name) {
            i++;
        }
        if (i == f->freevars.len) {
            vec_push(&s->ctx->arena, &f->freevars, sym);
        } else {
            f->freevars.data[i] = sym;   /* a comprehension's symbols are remade each round */
        }
    }
}

Symbol *sema_lookup(Sema *s, const char *id)
{
    for (Scope *sc = s->scope; sc; sc = sc->parent) {
        if (sc->kind == SCOPE_FUNC && scope_declared_global(sc, id)) {
            return scope_lookup_local(s->sm->scope, id);
        }
        Symbol *sym = scope_lookup_local(sc, id);
        if (!sym) {
            continue;
        }
        bool local = sc->kind == SCOPE_FUNC || sc->kind == SCOPE_COMP;
        if (local && sc->owner != s->func && (sym->kind == SYM_LOCAL || sym->kind == SYM_PARAM)) {
            capture(s, sym, sc->owner);
        }
        return sym;
    }
    return NULL;
}

/* nonlocal x: x must be a variable of an enclosing function. */
void sema_check_nonlocal(Sema *s, AstStmt *st)
{
    for (int i = 0; i < st->u.global.names.len; i++) {
        const char *id = st->u.global.names.data[i];
        Symbol *sym = s->func ? sema_lookup(s, id) : NULL;
        if (!s->func || (!s->func->parent && !s->func->nested)) {   /* no enclosing function: CPython's SyntaxError */
            sema_error(s, st->loc, s->func ? "no binding for nonlocal '%s' found" : "nonlocal declaration not allowed at module level", id);
            return;
        }
        if (!sym || !sym->captured) {
            sema_unsupported(s, st->loc, "nonlocal without a binding in an enclosing function");
        }
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(Symbol *const *)a)->name, (*(Symbol *const *)b)->name);
}

/* A closure's cells in CPython's co_freevars order (sorted by name), so __closure__
 * and __code__.co_freevars line up as they do there. */
void sema_sort_closures(SemaModule *sm)
{
    for (int i = 0; i < sm->funcs.len; i++) {
        SemaFunc *f = sm->funcs.data[i];
        if (f->freevars.len > 1) {
            qsort(f->freevars.data, (size_t)f->freevars.len, sizeof f->freevars.data[0], by_name);
        }
    }
}

/* Freevars are found again in each round (comprehension symbols are remade). */
void sema_reset_closures(SemaModule *sm)
{
    for (int i = 0; i < sm->funcs.len; i++) {
        sm->funcs.data[i]->freevars.len = 0;
    }
}
