/* function_names.c - names the module binds only to functions.
 *
 *     def logged(fn):
 *         @functools.wraps(fn)
 *         def wrapper(*args): ...
 *         wrapper.calls = []        # an attribute of a function object
 *
 * A store `x.attr = v` outside a class's methods costs every class without that
 * attribute its C layout (native_class.c: x might be one of its instances), unless x
 * is a name every binding of which, anywhere in the module, is a `def` statement whose
 * decorators (if any) are functools.wraps(...), which returns the function itself:
 * `wraps` must then be bound only by `from functools import wraps` and `functools`
 * only by `import functools` (a module's own wraps may return anything).
 * Nothing else may bind the name: no assignment, loop or with target, parameter,
 * import, handler name, walrus, class, del, global/nonlocal declaration; a module
 * with a match statement, a star import, or a use of globals/vars/locals/exec/eval
 * (which may bind any name) answers no for every name. */
#include <limits.h>
#include <string.h>
#include "sema_internal.h"

typedef VEC(const char *) NameVec;

/* What a def's decorators need to return the function: bits of `wraps` bound only
 * by `from functools import wraps`, `functools` only by `import functools`. */
enum { NEEDS_WRAPS = 1, NEEDS_FUNCTOOLS = 2 };

typedef struct FnDef {
    const char *name;
    int needs;
} FnDef;

typedef struct FnNames {
    VEC(FnDef) defs;  /* def names whose decorators return the function (if needs hold) */
    NameVec others;   /* names bound any other way (also a decorated def's) */
    NameVec vouched;  /* `wraps` and `functools` bound by the functools imports */
    NameVec outer;    /* names bound outside functions (module level, class bodies) or
                       * declared global: those a top-level class body may see bound */
    int depth;        /* defs the statement being visited is in */
    bool unknown;               /* a construct that may bind any name */
    Ctx *ctx;
} FnNames;

static void add(Ctx *ctx, NameVec *v, const char *name)
{
    if (name && v) {
        vec_push(&ctx->arena, v, name);
    }
}

/* name bound in the scope being visited: outer too when that is no function's */
static void bind(FnNames *n, NameVec *v, const char *name)
{
    add(n->ctx, v, name);
    if (n->depth == 0) {
        add(n->ctx, &n->outer, name);
    }
}

/* functools.wraps(...) or wraps(...) as a decorator: the NEEDS_ bit it relies on, or 0
 * for another decorator. */
static int returns_function(const AstExpr *d)
{
    if (d->kind != EXPR_CALL) {
        return 0;
    }
    const AstExpr *f = d->u.call.func;
    if (f->kind == EXPR_NAME) {
        return strcmp(f->u.name.id, "wraps") == 0 ? NEEDS_WRAPS : 0;
    }
    return f->kind == EXPR_ATTRIBUTE && strcmp(f->u.attribute.attr, "wraps") == 0 &&
                   f->u.attribute.value->kind == EXPR_NAME &&
                   strcmp(f->u.attribute.value->u.name.id, "functools") == 0
               ? NEEDS_FUNCTOOLS
               : 0;
}

/* `from functools import wraps` or `import functools`, as written (no other name). */
static bool functools_import(const AstStmt *st, const AstAlias *a)
{
    if (st->kind == STMT_IMPORTFROM) {
        return st->u.importfrom.level == 0 && st->u.importfrom.module &&
               strcmp(st->u.importfrom.module, "functools") == 0 && strcmp(a->name, "wraps") == 0 &&
               (!a->asname || strcmp(a->asname, "wraps") == 0);
    }
    return strcmp(a->name, "functools") == 0 && !a->asname;
}

static void add_args(FnNames *n, const AstArguments *a)
{
    if (!a) {
        return;
    }
    const AstArgVec *lists[3] = {&a->posonly, &a->args, &a->kwonly};
    for (int l = 0; l < 3; l++) {
        for (int i = 0; i < lists[l]->len; i++) {
            add(n->ctx, &n->others, lists[l]->data[i].name);
        }
    }
    add(n->ctx, &n->others, a->vararg ? a->vararg->name : NULL);
    add(n->ctx, &n->others, a->kwarg ? a->kwarg->name : NULL);
}

/* Names stored or deleted by expressions (targets, comprehension variables, :=) and
 * lambda parameters. */
static void expr_binds(AstExpr *e, void *arg)
{
    FnNames *n = arg;
    if (e->kind == EXPR_NAME && e->u.name.ctx != CTX_LOAD) {
        bind(n, &n->others, e->u.name.id);
    } else if (e->kind == EXPR_NAME) {
        static const char *const any_binders[] = {"globals", "vars", "locals", "exec", "eval"};
        for (size_t i = 0; i < sizeof any_binders / sizeof any_binders[0]; i++) {
            n->unknown = n->unknown || strcmp(e->u.name.id, any_binders[i]) == 0;
        }
    } else if (e->kind == EXPR_NAMEDEXPR && e->u.namedexpr.target->kind == EXPR_NAME) {
        bind(n, &n->others, e->u.namedexpr.target->u.name.id);
    } else if (e->kind == EXPR_LAMBDA) {
        add_args(n, e->u.lambda.args);
    }
}

/* The name `import a.b` binds: a (the first component), as written in the source. */
static const char *import_binding(FnNames *n, const AstAlias *a, bool from)
{
    if (a->asname || from) {
        return a->asname ? a->asname : a->name;
    }
    const char *dot = strchr(a->name, '.');
    return dot ? intern(n->ctx->names, a->name, (size_t)(dot - a->name)) : a->name;
}

/* The names one statement binds itself, by its own expressions too (sema_visit_stmts
 * walks the blocks of compound statements; a def's or class's body is walked from here). */
static void stmt_binds(AstStmt *st, void *arg)
{
    FnNames *n = arg;
    sema_walk_own(st, expr_binds, n);
    switch (st->kind) {
    case STMT_FUNCDEF: {
        bool plain = true;
        int needs = 0;
        for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
            int r = returns_function(st->u.funcdef.decorators.data[i]);
            plain = plain && r != 0;
            needs |= r;
        }
        if (plain) {
            vec_push(&n->ctx->arena, &n->defs, ((FnDef){st->u.funcdef.name, needs}));
            add(n->ctx, n->depth == 0 ? &n->outer : NULL, st->u.funcdef.name);
        } else {
            bind(n, &n->others, st->u.funcdef.name);
        }
        add_args(n, st->u.funcdef.args);
        n->depth++;
        sema_visit_stmts(&st->u.funcdef.body, stmt_binds, n);
        n->depth--;
        break;
    }
    case STMT_CLASSDEF:
        bind(n, &n->others, st->u.classdef.name);
        sema_visit_stmts(&st->u.classdef.body, stmt_binds, n);
        break;
    case STMT_IMPORT: case STMT_IMPORTFROM: {
        bool from = st->kind == STMT_IMPORTFROM;
        AstAliasVec *names = from ? &st->u.importfrom.names : &st->u.import.names;
        for (int i = 0; i < names->len; i++) {
            if (strcmp(names->data[i].name, "*") == 0) {
                n->unknown = true;
            } else {
                bool ft = functools_import(st, &names->data[i]);
                bind(n, ft ? &n->vouched : &n->others, import_binding(n, &names->data[i], from));
            }
        }
        break;
    }
    case STMT_GLOBAL: case STMT_NONLOCAL:
        for (int i = 0; i < st->u.global.names.len; i++) {
            add(n->ctx, &n->others, st->u.global.names.data[i]);
            add(n->ctx, st->kind == STMT_GLOBAL ? &n->outer : NULL, st->u.global.names.data[i]);
        }
        break;
    case STMT_MATCH: case STMT_TYPEALIAS:
        n->unknown = true;   /* capture patterns, type parameters */
        break;
    case STMT_TRY:
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            bind(n, &n->others, st->u.try_.handlers.data[i].name);
        }
        break;
    default:
        break;
    }
}

static bool listed(const char *const *v, int len, const char *name)
{
    for (int i = 0; i < len; i++) {
        if (v[i] == name) {   /* interned */
            return true;
        }
    }
    return false;
}

/* Every binding in the module: defs, classes, imports, parameters, targets, :=, lambdas. */
static void collect(FnNames *n, AstModule *mod)
{
    sema_visit_stmts(&mod->body, stmt_binds, n);
}

struct ModuleBindings {
    FnNames names;
};

ModuleBindings *sema_collect_bindings(Ctx *ctx, AstModule *mod)
{
    ModuleBindings *b = ARENA_NEW(&ctx->arena, ModuleBindings);
    b->names.ctx = ctx;
    collect(&b->names, mod);
    return b;
}

int sema_binding_count(const ModuleBindings *b, const char *name)
{
    const FnNames *n = &b->names;
    if (n->unknown) {
        return INT_MAX;
    }
    int count = 0;
    for (int i = 0; i < n->others.len; i++) {
        count += n->others.data[i] == name;
    }
    for (int i = 0; i < n->vouched.len; i++) {
        count += n->vouched.data[i] == name;
    }
    for (int i = 0; i < n->defs.len; i++) {
        count += n->defs.data[i].name == name;
    }
    return count;
}

int sema_outer_binding_count(const ModuleBindings *b, const char *name)
{
    const FnNames *n = &b->names;
    int count = 0;
    for (int i = 0; i < n->outer.len; i++) {
        count += n->outer.data[i] == name;
    }
    return n->unknown ? INT_MAX : count;
}

const ModuleBindings *sema_bindings(Sema *s)
{
    if (!s->sm->bindings) {
        s->sm->bindings = sema_collect_bindings(s->ctx, s->sm->ast);
    }
    return s->sm->bindings;
}

static void scan(Sema *s);

bool sema_function_only_name(Sema *s, const char *name)
{
    scan(s);
    return listed(s->sm->fn_only.data, s->sm->fn_only.len, name);
}

bool sema_module_binds_any(Sema *s)
{
    scan(s);
    return s->sm->binds_any;
}

static void scan(Sema *s)
{
    SemaModule *sm = s->sm;
    if (!sm->fn_names_done) {
        const FnNames *n = &sema_bindings(s)->names;
        sm->fn_names_done = true;
        sm->binds_any = n->unknown;
        int holds = 0;   /* the NEEDS_ bits that hold in this module */
        const char *wraps = intern(s->ctx->names, "wraps", 5), *ft = intern(s->ctx->names, "functools", 9);
        if (listed(n->vouched.data, n->vouched.len, wraps) && !listed(n->others.data, n->others.len, wraps)) {
            holds |= NEEDS_WRAPS;
        }
        if (listed(n->vouched.data, n->vouched.len, ft) && !listed(n->others.data, n->others.len, ft)) {
            holds |= NEEDS_FUNCTOOLS;
        }
        for (int i = 0; !n->unknown && i < n->defs.len; i++) {
            const char *d = n->defs.data[i].name;
            if ((n->defs.data[i].needs & ~holds) == 0 && !listed(n->others.data, n->others.len, d) &&
                !listed(sm->fn_only.data, sm->fn_only.len, d)) {
                vec_push(&s->ctx->arena, &sm->fn_only, d);
            }
        }
    }
}

/* Is name bound where a statement of unit's would see it when unit runs: by a top-level
 * statement before unit (module level, or a function's `global`), or in unit's own class
 * body? True also when unit is not top-level or something may bind any name. Only asked
 * when the name's first binding is not before unit, so rarely walked. */
bool sema_bound_before(Sema *s, const char *name, AstStmt *unit)
{
    Symbol *sym = scope_lookup_local(s->sm->scope, name);
    if (sym && sym->loc.line < unit->loc.line) {
        return true;
    }
    AstStmtVec *body = &s->sm->ast->body;
    int i = 0;
    while (i < body->len && body->data[i] != unit) {
        i++;
    }
    if (i == body->len) {
        return true;
    }
    FnNames n = {.ctx = s->ctx};
    AstStmtVec prefix = *body;
    prefix.len = i;
    sema_visit_stmts(&prefix, stmt_binds, &n);
    if (unit->kind == STMT_CLASSDEF) {
        n.depth = 0;
        sema_visit_stmts(&unit->u.classdef.body, stmt_binds, &n);
    }
    return n.unknown || listed(n.outer.data, n.outer.len, name);
}
