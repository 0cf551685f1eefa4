/* module.c - the module scope: imports, functions, module-level constants;
 * then signatures, locals, and two inference rounds (the second reports). */
#include <string.h>
#include "sema_internal.h"

static void declare_kept(Sema *s, AstStmt *st);
static void bind_kept_name(Sema *s, const char *name, Loc loc);

static void declare_import(Sema *s, AstStmt *st)
{
    for (int i = 0; i < st->u.import.names.len; i++) {
        AstAlias *a = &st->u.import.names.data[i];
        const char *bound = a->asname;
        if (!bound) {
            const char *dot = strchr(a->name, '.');
            bound = dot ? intern(s->ctx->names, a->name, (size_t)(dot - a->name)) : a->name;
        }
        Symbol *sym = scope_add(s->ctx, s->scope, bound, SYM_MODULE, a->loc);
        sym->module = a->asname || !strchr(a->name, '.') ? a->name : bound;
    }
}

/* Kept imports the compiler still recognises: `from collections.abc import Callable` is a
 * generic global like any kept import, but in annotations the same Callable[[A, B], R] as
 * typing's (lambda_expect.c reads it); `from abc import ABC` may be a native class's base
 * (sema/native_class.c). */
static void mark_known_kept(Sema *s, AstStmt *st, const char *name, const char *mark)
{
    for (int i = 0; i < st->u.importfrom.names.len; i++) {
        AstAlias *a = &st->u.importfrom.names.data[i];
        Symbol *sym = strcmp(a->name, name) == 0
                          ? scope_lookup_local(s->scope, a->asname ? a->asname : a->name) : NULL;
        if (sym && sym->kind == SYM_GLOBAL) {
            sym->typing_name = mark;
        }
    }
}

static void declare_from_import(Sema *s, AstStmt *st)
{
    const char *mod = st->u.importfrom.module;
    bool relative = st->u.importfrom.level > 0;
    if (!relative && strcmp(mod, "__future__") == 0) {
        return;
    }
    if (relative || !shim_known_module(mod)) {
        /* the names it binds are plain module globals, read through the module dict */
        for (int i = 0; i < st->u.importfrom.names.len; i++) {
            AstAlias *a = &st->u.importfrom.names.data[i];
            if (strcmp(a->name, "*") == 0) {
                s->sm->star_import = true;   /* any unknown name may come from it */
                sema_unsupported(s, a->loc, "star import");
                return;
            }
        }
        declare_kept(s, st);
        if (!relative && strcmp(mod, "collections.abc") == 0) {
            mark_known_kept(s, st, "Callable", "Callable");
        }
        if (!relative && strcmp(mod, "abc") == 0) {
            mark_known_kept(s, st, "ABC", "abc.ABC");
        }
        return;
    }
    for (int i = 0; i < st->u.importfrom.names.len; i++) {
        AstAlias *a = &st->u.importfrom.names.data[i];
        if (strcmp(a->name, "*") == 0) {
            s->sm->star_import = true;
            sema_unsupported(s, a->loc, "star import");
            continue;
        }
        const Shim *sh = shim_find(mod, a->name);
        if (!sh) {
            bool typing_only = strcmp(mod, "typing") == 0 || strcmp(mod, "typing_extensions") == 0 ||
                               strcmp(mod, "mypy_extensions") == 0;
            if (typing_only) {
                /* bound at run time; an annotation using it is reported where it is used */
                Symbol *t = scope_add(s->ctx, s->scope, a->asname ? a->asname : a->name, SYM_TYPE, a->loc);
                t->typing_name = a->name;
            } else {
                bind_kept_name(s, a->asname ? a->asname : a->name, a->loc);   /* a generic global */
            }
            continue;
        }
        Symbol *sym = scope_add(s->ctx, s->scope, a->asname ? a->asname : a->name,
                                sh->kind == SHIM_TYPE ? SYM_TYPE : SYM_SHIM, a->loc);
        sym->shim = sh;
    }
}

static void declare_global(Sema *s, AstExpr *target)
{
    if (target->kind == EXPR_STARRED) {
        declare_global(s, target->u.starred.value);
        return;
    }
    if (target->kind == EXPR_TUPLE || target->kind == EXPR_LIST) {
        for (int i = 0; i < target->u.seq.elts.len; i++) {
            declare_global(s, target->u.seq.elts.data[i]);
        }
        return;
    }
    if (target->kind == EXPR_ATTRIBUTE || target->kind == EXPR_SUBSCRIPT) {
        return;   /* binds no name; checked as a store */
    }
    if (target->kind != EXPR_NAME) {
        sema_unsupported(s, target->loc, "module-level assignment to this target");
        return;
    }
    Symbol *sym = scope_lookup_local(s->scope, target->u.name.id);
    if (!sym) {
        sym = scope_add(s->ctx, s->scope, target->u.name.id, SYM_GLOBAL, target->loc);
    } else if (sym->kind != SYM_GLOBAL) {
        sema_unsupported(s, target->loc, "rebinding an imported or defined name");
        return;
    }
    sym->assignments++;
}

/* An @overload signature that a later definition of the same name replaces: it runs as
 * Python (typing registers it) and binds nothing the compiled code needs to know. */
static bool is_overload_stub(const Sema *s, const AstStmt *st)
{
    bool overload = false;
    for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
        const AstExpr *d = st->u.funcdef.decorators.data[i];
        overload = overload || (d->kind == EXPR_NAME && strcmp(d->u.name.id, "overload") == 0) ||
                   (d->kind == EXPR_ATTRIBUTE && strcmp(d->u.attribute.attr, "overload") == 0);
    }
    const AstStmtVec *body = &s->sm->ast->body;
    bool after = false;
    for (int i = 0; overload && i < body->len; i++) {
        const AstStmt *o = body->data[i];
        if (after && o->kind == STMT_FUNCDEF && o->u.funcdef.name == st->u.funcdef.name) {
            return true;
        }
        after = after || o == st;
    }
    return false;
}

static void declare_func(Sema *s, AstStmt *st)
{
    if (is_overload_stub(s, st)) {
        sema_unsupported(s, st->loc, "an @overload signature (CPython registers it)");
        return;
    }
    if (scope_lookup_local(s->scope, st->u.funcdef.name)) {
        sema_unsupported(s, st->u.funcdef.name_loc, "a redefined name");
        declare_kept(s, st);
        return;
    }
    SemaFunc *f = ARENA_NEW(&s->ctx->arena, SemaFunc);
    f->def = st;
    f->sym = scope_add(s->ctx, s->scope, st->u.funcdef.name, SYM_FUNC, st->u.funcdef.name_loc);
    f->sym->func = f;
    f->sym->type = &ty_func;
    vec_push(&s->ctx->arena, &s->sm->funcs, f);
}

static void declare_stmt(Sema *s, AstStmt *st);

static void declare_body(Sema *s, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        declare_stmt(s, body->data[i]);
    }
}

/* `global a` / `nonlocal a` where a is a parameter: CPython's symtable refuses it. */
static void param_declared(Sema *s, AstStmt *st, const char *id, const char *how)
{
    Symbol *sym = s->scope != s->sm->scope ? scope_lookup_local(s->scope, id) : NULL;
    if (sym && sym->kind == SYM_PARAM) {
        sema_error(s, st->loc, "name '%s' is parameter and %s", id, how);
    }
}

static void declare_stmt(Sema *s, AstStmt *st)
{
    switch (st->kind) {
    case STMT_AUGASSIGN: declare_global(s, st->u.augassign.target); break;
    case STMT_FOR:
        declare_global(s, st->u.for_.target);
        declare_body(s, &st->u.for_.body);
        declare_body(s, &st->u.for_.orelse);
        break;
    case STMT_WHILE:
        declare_body(s, &st->u.while_.body);
        declare_body(s, &st->u.while_.orelse);
        break;
    case STMT_IF:
        declare_body(s, &st->u.if_.body);
        declare_body(s, &st->u.if_.orelse);
        break;
    case STMT_BREAK: case STMT_CONTINUE: break;
    case STMT_IMPORT: declare_import(s, st); break;
    case STMT_IMPORTFROM: declare_from_import(s, st); break;
    case STMT_FUNCDEF: declare_func(s, st); break;
    case STMT_ASSIGN:
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            declare_global(s, st->u.assign.targets.data[i]);
        }
        break;
    case STMT_ANNASSIGN: declare_global(s, st->u.annassign.target); break;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            declare_global(s, st->u.delete_.targets.data[i]);
        }
        break;
    case STMT_TRY:
        declare_body(s, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            AstExceptHandler *h = &st->u.try_.handlers.data[i];
            if (h->name) {
                declare_global(s, sema_handler_name(s, h));
            }
            declare_body(s, &h->body);
        }
        declare_body(s, &st->u.try_.orelse);
        declare_body(s, &st->u.try_.finalbody);
        break;
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            if (st->u.with.items.data[i].target) {
                declare_global(s, st->u.with.items.data[i].target);
            }
        }
        declare_body(s, &st->u.with.body);
        break;
    case STMT_CLASSDEF:
        if (!sema_declare_class(s, st)) {
            declare_kept(s, st);
            break;
        }
        declare_global(s, st->u.classdef.name_expr);
        if (scope_lookup_local(s->scope, st->u.classdef.name)) {
            scope_lookup_local(s->scope, st->u.classdef.name)->type = &ty_object;
        }
        sema_native_class(s, st);
        break;
    case STMT_EXPR: case STMT_PASS: case STMT_RAISE: case STMT_ASSERT: break;
    default:
        sema_unsupported(s, st->loc, ast_stmt_name(st->kind));
        declare_kept(s, st);   /* its names exist either way: no "not defined" cascades */
        break;
    }
}

/* ---- statements kept as Python: the names they bind are plain module globals ---- */

static void bind_kept_name(Sema *s, const char *name, Loc loc)
{
    Symbol *sym = scope_lookup_local(s->scope, name);
    if (!sym) {
        sym = scope_add(s->ctx, s->scope, name, SYM_GLOBAL, loc);
    }
    if (sym->kind == SYM_FUNC && !sym->func->def->keep_reason && sym->func->def->u.funcdef.returns) {
        /* a typed native function rebound by other code: its callers would check what
         * the new object returns against the annotation, which CPython does not do.
         * An unannotated one stays native: direct calls see the rebinding at run time. */
        sym->func->def->keep_reason = "rebound by code kept as Python";
        sym->func->def->keep_loc = loc;
        s->newly_kept++;
    } else if (sym->kind == SYM_MODULE || sym->kind == SYM_SHIM || sym->kind == SYM_TYPE) {
        sym->kind = SYM_GLOBAL;   /* read through the module dict from now on */
        sym->shim = NULL;
    }
    if (sym->kind == SYM_GLOBAL) {
        sym->type = &ty_object;   /* CPython may bind anything to it */
        sym->is_final = false;
        sym->assignments++;
    }
}

static void bind_kept_target(Sema *s, AstExpr *t)
{
    if (t->kind == EXPR_NAME) {
        bind_kept_name(s, t->u.name.id, t->loc);
    } else if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            bind_kept_target(s, t->u.seq.elts.data[i]);
        }
    } else if (t->kind == EXPR_STARRED) {
        bind_kept_target(s, t->u.starred.value);
    }
}

static void declare_kept(Sema *s, AstStmt *st);

static void declare_kept_body(Sema *s, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        declare_kept(s, body->data[i]);
    }
}

static void declare_kept_import(Sema *s, AstStmt *st)
{
    AstAliasVec *names = st->kind == STMT_IMPORT ? &st->u.import.names : &st->u.importfrom.names;
    for (int i = 0; i < names->len; i++) {
        AstAlias *a = &names->data[i];
        const char *bound = a->asname ? a->asname : a->name;
        const char *dot = st->kind == STMT_IMPORT && !a->asname ? strchr(bound, '.') : NULL;
        if (strcmp(bound, "*") != 0) {
            bind_kept_name(s, dot ? intern(s->ctx->names, bound, (size_t)(dot - bound)) : bound, a->loc);
        }
    }
}

static void declare_kept(Sema *s, AstStmt *st)
{
    switch (st->kind) {
    case STMT_FUNCDEF:
        if (!is_overload_stub(s, st)) {
            bind_kept_name(s, st->u.funcdef.name, st->loc);
        }
        break;
    case STMT_CLASSDEF: bind_kept_name(s, st->u.classdef.name, st->loc); break;
    case STMT_IMPORT: case STMT_IMPORTFROM: declare_kept_import(s, st); break;
    case STMT_ASSIGN:
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            bind_kept_target(s, st->u.assign.targets.data[i]);
        }
        break;
    case STMT_ANNASSIGN: if (st->u.annassign.value) bind_kept_target(s, st->u.annassign.target); break;
    case STMT_AUGASSIGN: bind_kept_target(s, st->u.augassign.target); break;
    case STMT_FOR:
        bind_kept_target(s, st->u.for_.target);
        declare_kept_body(s, &st->u.for_.body);
        declare_kept_body(s, &st->u.for_.orelse);
        break;
    case STMT_WHILE: declare_kept_body(s, &st->u.while_.body); declare_kept_body(s, &st->u.while_.orelse); break;
    case STMT_IF: declare_kept_body(s, &st->u.if_.body); declare_kept_body(s, &st->u.if_.orelse); break;
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            if (st->u.with.items.data[i].target) {
                bind_kept_target(s, st->u.with.items.data[i].target);
            }
        }
        declare_kept_body(s, &st->u.with.body);
        break;
    case STMT_TRY:
        declare_kept_body(s, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            AstExceptHandler *h = &st->u.try_.handlers.data[i];
            if (h->name) {
                bind_kept_name(s, h->name, h->loc);
            }
            declare_kept_body(s, &h->body);
        }
        declare_kept_body(s, &st->u.try_.orelse);
        declare_kept_body(s, &st->u.try_.finalbody);
        break;
    default: break;
    }
}

/* Locals: every name bound in the body, unless declared global or nonlocal. */
static void collect_locals(Sema *s, AstStmtVec *body);
static void bind_local_name(Sema *s, const char *id, Loc loc);

static void bind_local(Sema *s, AstExpr *target)
{
    if (target->kind == EXPR_STARRED) {
        bind_local(s, target->u.starred.value);
        return;
    }
    if (target->kind == EXPR_TUPLE || target->kind == EXPR_LIST) {
        for (int i = 0; i < target->u.seq.elts.len; i++) {
            bind_local(s, target->u.seq.elts.data[i]);
        }
        return;
    }
    if (target->kind != EXPR_NAME) {
        return;   /* reported when the statement is checked */
    }
    bind_local_name(s, target->u.name.id, target->loc);
}

static void bind_local_name(Sema *s, const char *id, Loc loc)
{
    if (scope_declared_nonlocal(s->scope, id)) {
        return;   /* a variable of an enclosing function */
    }
    if (scope_declared_global(s->scope, id)) {
        Symbol *g = scope_lookup_local(s->sm->scope, id);
        if (!g) {
            g = scope_add(s->ctx, s->sm->scope, id, SYM_GLOBAL, loc);
        } else if (g->kind != SYM_GLOBAL) {
            sema_unsupported(s, loc, "rebinding an imported or defined name");
        }
        return;
    }
    if (!scope_lookup_local(s->scope, id)) {
        scope_add(s->ctx, s->scope, id, SYM_LOCAL, loc);
    }
}

static void collect_stmt_locals(Sema *s, AstStmt *st)
{
    switch (st->kind) {
    case STMT_ASSIGN:
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            bind_local(s, st->u.assign.targets.data[i]);
        }
        break;
    case STMT_ANNASSIGN: bind_local(s, st->u.annassign.target); break;
    case STMT_AUGASSIGN: bind_local(s, st->u.augassign.target); break;
    case STMT_FOR:
        bind_local(s, st->u.for_.target);
        collect_locals(s, &st->u.for_.body);
        collect_locals(s, &st->u.for_.spec);   /* its own webs of a name (sema/webs.c) */
        collect_locals(s, &st->u.for_.orelse);
        break;
    case STMT_WHILE:
        collect_locals(s, &st->u.while_.body);
        collect_locals(s, &st->u.while_.orelse);
        break;
    case STMT_IF:
        collect_locals(s, &st->u.if_.body);
        collect_locals(s, &st->u.if_.orelse);
        break;
    case STMT_DELETE:   /* `del x` makes x local, as an assignment does */
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            bind_local(s, st->u.delete_.targets.data[i]);
        }
        break;
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            if (st->u.with.items.data[i].target) {
                bind_local(s, st->u.with.items.data[i].target);
            }
        }
        collect_locals(s, &st->u.with.body);
        break;
    case STMT_TRY:
        collect_locals(s, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            AstExceptHandler *h = &st->u.try_.handlers.data[i];
            if (h->name) {
                bind_local(s, sema_handler_name(s, h));
            }
            collect_locals(s, &h->body);
        }
        collect_locals(s, &st->u.try_.orelse);
        collect_locals(s, &st->u.try_.finalbody);
        break;
    case STMT_IMPORT: case STMT_IMPORTFROM: {
        bool from = st->kind == STMT_IMPORTFROM;
        AstAliasVec *names = from ? &st->u.importfrom.names : &st->u.import.names;
        for (int i = 0; i < names->len; i++) {
            if (strcmp(names->data[i].name, "*") != 0) {
                bind_local(s, sema_alias_target(s, &names->data[i], from));
            }
        }
        break;
    }
    case STMT_GLOBAL:
        for (int i = 0; i < st->u.global.names.len; i++) {
            param_declared(s, st, st->u.global.names.data[i], "global");
            vec_push(&s->ctx->arena, &s->scope->global_decls, st->u.global.names.data[i]);
        }
        break;
    case STMT_NONLOCAL:
        for (int i = 0; i < st->u.global.names.len; i++) {
            param_declared(s, st, st->u.global.names.data[i], "nonlocal");
            vec_push(&s->ctx->arena, &s->scope->nonlocal_decls, st->u.global.names.data[i]);
        }
        break;
    case STMT_FUNCDEF: bind_local_name(s, st->u.funcdef.name, st->u.funcdef.name_loc); break;
    case STMT_CLASSDEF: {   /* not compiled inside functions yet: bound all the same */
        bind_local_name(s, st->u.classdef.name, st->loc);
        Symbol *c = scope_lookup_local(s->scope, st->u.classdef.name);
        if (c && !c->type) {
            c->type = &ty_object;
        }
        break;
    }
    default:
        break;
    }
}

static void collect_locals(Sema *s, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        collect_stmt_locals(s, body->data[i]);
    }
}

/* The top-level statement a function belongs to: a method's is its class. */
static AstStmt *unit_of(const SemaFunc *f)
{
    return f->unit ? f->unit : f->cls ? f->cls : f->def;
}

/* kind: 'p' positional, 'k' keyword-only, '*' for *args and **kwargs (a tuple and a
 * dict whatever their annotation says of the items). */
/* `size: int = None` means Optional[int] (PEP 484's implicit Optional, as the stdlib's
 * typing.py writes it): the annotation does not contradict its default. */
const Type *sema_implicit_optional(Sema *s, const Type *t, const AstExpr *dflt)
{
    if (!dflt || dflt->kind != EXPR_CONST || dflt->u.constant.kind != CONST_NONE || type_assignable(t, &ty_none)) {
        return t;
    }
    if (t->kind == TY_INSTANCE) {
        return t->cls->opt_type;
    }
    const Type *u = type_union(s->sm->types, 2, (const Type *[]){t, &ty_none});
    return u ? u : &ty_object;
}

static void declare_param(Sema *s, SemaFunc *f, AstArg *arg, char kind)
{
    /* a name given twice is a syntax error (front/lower_params.c): every parameter has its slot */
    Symbol *p = scope_add(s->ctx, f->scope, arg->name, SYM_PARAM, arg->loc);
    /* a dataclass's __init__ made by sema checks the annotations only for a native class */
    bool typed = !f->def->u.funcdef.synthetic || (f->cls && f->cls->u.classdef.native);
    /* ... but not where the <factory> marker stands for a default_factory's value */
    typed &= !arg->default_ || arg->default_->kind != EXPR_CONST ||
             arg->default_->u.constant.kind != CONST_DC_FACTORY;
    p->type = arg->annotation && kind != '*' && typed ? sema_annotation(s, arg->annotation, NULL) : &ty_object;
    if (p->type->kind == TY_NONE) {
        sema_unsupported(s, arg->annotation->loc, "None-typed parameter");
    }
    p->type = sema_implicit_optional(s, p->type, arg->default_);
    arg->sym = p;
    vec_push(&s->ctx->arena, &f->params, p);
    if (kind != 'p') {
        return;
    }
    if (!arg->default_) {
        if (f->nrequired != f->params.len - 1) {
            sema_error(s, arg->loc, "non-default argument follows default argument");
        }
        f->nrequired = f->params.len;
    }
}

/* Is the def a property's getter, setter or deleter (`@property`, `@x.setter`,
 * `@x.deleter`, property not rebound by the module)? Its self is the instance the
 * property is read on, as a plain method's. */
static bool property_accessor(Sema *s, const AstStmt *d)
{
    const AstExprVec *decos = &d->u.funcdef.decorators;
    if (decos->len != 1) {
        return false;
    }
    const AstExpr *e = decos->data[0];
    if (e->kind == EXPR_NAME) {
        return strcmp(e->u.name.id, "property") == 0 && !scope_lookup_local(s->sm->scope, e->u.name.id);
    }
    return e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME &&
           strcmp(e->u.attribute.value->u.name.id, d->u.funcdef.name) == 0 &&
           (strcmp(e->u.attribute.attr, "setter") == 0 || strcmp(e->u.attribute.attr, "deleter") == 0);
}

/* `self` of a plain method or property accessor of a native class is an instance of it;
 * of a NamedTuple class, a tuple of its type. */
static void type_self(Sema *s, SemaFunc *f)
{
    SemaClass *c = f->cls && !f->nested ? f->cls->u.classdef.native : NULL;
    const Type *nt = f->cls && !f->nested && !c
                         ? sema_named_tuple_type(s, scope_lookup_local(s->sm->scope, f->cls->u.classdef.name)) : NULL;
    AstStmt *d = f->def;
    const char *n = d->u.funcdef.name;
    if ((!c && !nt) || f->npos == 0 || (!sema_only_markers(s->sm, d) && !(c && property_accessor(s, d))) ||
        ast_param_at(d->u.funcdef.args, 0)->annotation ||
        strcmp(n, "__new__") == 0 || strcmp(n, "__init_subclass__") == 0 || strcmp(n, "__class_getitem__") == 0) {
        return;
    }
    f->params.data[0]->type = c ? c->type : nt;
}

static void find_not_implemented(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_NAME && strcmp(e->u.name.id, "NotImplemented") == 0) {
        *(bool *)arg = true;
    }
}

/* A body that uses NotImplemented (`return NotImplemented` from a binary dunder) may
 * return it whatever the annotation says: type checkers accept it for any return type
 * and CPython's operator protocol relies on it, so such a function returns an object
 * (a checked bool or instance return would raise TypeError instead). */
static bool mentions_not_implemented(AstStmtVec *body)
{
    bool found = false;
    for (int i = 0; i < body->len && !found; i++) {
        sema_walk_stmt(body->data[i], find_not_implemented, &found);
    }
    return found;
}

/* A method of the binary operator or rich comparison protocol (`__add__`, `__radd__`,
 * `__iadd__`, `__eq__` ...): it may hand back NotImplemented from anything it calls
 * (`return self.__add__(o)`), which the protocol relies on. */
static bool operator_method(const SemaFunc *f)
{
    static const char *const ops[] = {"add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod",
                                      "pow", "lshift", "rshift", "and", "xor", "or", NULL};
    static const char *const cmps[] = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", NULL};
    const char *n = f->def->u.funcdef.name;
    size_t len = strlen(n);
    if (!f->cls || len < 5 || strncmp(n, "__", 2) != 0 || strcmp(n + len - 2, "__") != 0) {
        return false;
    }
    for (int i = 0; cmps[i]; i++) {
        if (strcmp(n, cmps[i]) == 0) {
            return true;
        }
    }
    const char *core = n + 2 + (n[2] == 'r' || n[2] == 'i');
    for (int k = 0; k < 2; k++, core = n + 2) {   /* __rand__ / __iand__ then __rshift__ as is */
        for (int i = 0; ops[i]; i++) {
            size_t m = strlen(ops[i]);
            if (strncmp(core, ops[i], m) == 0 && strcmp(core + m, "__") == 0) {
                return true;
            }
        }
    }
    return false;
}

/* A body that is only a docstring and `...` or `pass`: a stub (a protocol or abstract
 * method), which mypy accepts under any return annotation. */
static bool stub_body(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        const AstExpr *v = st->kind == STMT_EXPR ? st->u.expr.value : NULL;
        bool doc = i == 0 && v && v->kind == EXPR_CONST && v->u.constant.kind == CONST_STR;
        bool dots = v && v->kind == EXPR_CONST && v->u.constant.kind == CONST_ELLIPSIS;
        if (!doc && !dots && st->kind != STMT_PASS) {
            return false;
        }
    }
    return body->len > 0;
}

/* Parameters and locals of f, whose scope's parent is parent (the module's for
 * top-level functions and methods, the defining scope's for nested ones). */
void sema_declare_signature(Sema *s, SemaFunc *f, Scope *parent)
{
    AstStmt *st = f->def;
    AstArguments *args = st->u.funcdef.args;
    f->scope = scope_new(s->ctx, parent);
    f->scope->kind = SCOPE_FUNC;
    f->scope->owner = f;
    st->u.funcdef.scope = f->scope;
    if (st->u.funcdef.is_async || st->u.funcdef.has_type_params) {
        sema_unsupported(s, st->loc, st->u.funcdef.is_async ? "async function" : "type parameters");
    }
    for (int i = 0; i < ast_param_count(args); i++) {
        AstArg *a = ast_param_at(args, i);
        bool positional = i < args->posonly.len + args->args.len;
        declare_param(s, f, a, positional ? 'p' : a == args->vararg || a == args->kwarg ? '*' : 'k');
    }
    f->nposonly = args->posonly.len;
    f->npos = args->posonly.len + args->args.len;
    f->nkwonly = args->kwonly.len;
    f->varargs = args->vararg != NULL;
    f->varkw = args->kwarg != NULL;
    f->ret = st->u.funcdef.returns ? sema_annotation(s, st->u.funcdef.returns, NULL) : &ty_object;
    f->generator = strcmp(st->u.funcdef.name, "<lambda>") != 0 && sema_is_generator(st);
    if (f->generator) {
        f->ret = &ty_object;   /* Iterator[T], Generator[Y, S, R]: callers get the generator */
    }
    AstStmtVec *body = &st->u.funcdef.body;
    if (f->ret->kind != TY_NONE && (stub_body(body) || mentions_not_implemented(body) || operator_method(f))) {
        f->ret = &ty_object;   /* may return None or NotImplemented: its callers get an object */
    }
    type_self(s, f);
    Scope *saved = s->scope;
    s->scope = f->scope;
    collect_locals(s, &st->u.funcdef.body);
    sema_walrus_targets(s, &st->u.funcdef.body, bind_local);
    s->scope = saved;
}

void sema_check_defaults(Sema *s, SemaFunc *f)
{
    AstArguments *args = f->def->u.funcdef.args;
    for (int i = 0; i < ast_param_count(args); i++) {
        AstArg *a = ast_param_at(args, i);
        if (a->default_ && a->sym) {
            sema_expect_lambda(s, a->default_, a->annotation);
            const Type *t = sema_infer_expect(s, a->default_, a->sym->type);
            if (!sema_value_ok(s, a->default_, t)) {
                continue;
            }
            if (!type_assignable(a->sym->type, t) && !(t->kind == TY_STR && a->sym->type->kind == TY_OBJECT)) {
                sema_error(s, a->default_->loc, "incompatible default for argument \"%s\" (default has type \"%s\", argument has type \"%s\")",
                           a->name, type_name(t), type_name(a->sym->type));
            }
        }
    }
}

/* The typed copies of module functions (speculate_params.c): functions of their own,
 * bound to no name, which the function's entry calls. */
static void declare_spec_copies(Sema *s)
{
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        if (st->kind != STMT_FUNCDEF || !st->u.funcdef.spec || !st->u.funcdef.spec_kinds || st->keep_reason ||
            st->u.funcdef.spec->keep_reason) {
            continue;
        }
        Symbol *sym = scope_lookup_local(s->sm->scope, st->u.funcdef.name);
        if (!sym || sym->kind != SYM_FUNC || sym->func->def != st) {
            continue;
        }
        SemaFunc *f = ARENA_NEW(&s->ctx->arena, SemaFunc);
        f->def = st->u.funcdef.spec;
        f->sym = ARENA_NEW(&s->ctx->arena, Symbol);
        f->sym->name = st->u.funcdef.name;
        f->sym->kind = SYM_FUNC;
        f->sym->loc = st->u.funcdef.name_loc;
        f->sym->func = f;
        f->sym->type = &ty_func;
        f->sym->slot = -1;
        f->spec_of = sym->func;
        sym->func->spec = f;
        vec_push(&s->ctx->arena, &s->sm->funcs, f);
    }
}

/* A typed copy reports nothing (what it shares with its function the function
 * reports); one that does not check (a parameter's guessed type refused somewhere) is
 * dropped: the next analysis runs without it. */
static void drop_failed_copy(Sema *s, SemaFunc *f, int errors, int listed)
{
    if (!f->spec_of) {
        return;
    }
    const Diag *first = NULL;   /* what --report says of the dropped copy */
    for (int i = listed; i < s->ctx->diags.list.len && !first; i++) {
        first = s->ctx->diags.list.data[i].severity == DIAG_ERROR ? &s->ctx->diags.list.data[i] : NULL;
    }
    if (s->ctx->diags.errors != errors) {
        f->def->keep_reason = first ? arena_printf(&s->ctx->arena, "line %d: %s", first->loc.line, first->message)
                                    : "its typed copy does not check";
        s->ctx->diags.errors = errors;
        s->newly_kept++;
    }
    s->ctx->diags.list.len = listed;
}

static void check_func_body(Sema *s, SemaFunc *f)
{
    if (f->nested || unit_of(f)->keep_reason) {   /* nested ones: where they are defined */
        return;
    }
    int errors_before = s->ctx->diags.errors, listed_before = s->ctx->diags.list.len;
    sema_unit_begin(s, unit_of(f));
    s->scope = f->scope;
    s->func = f;
    s->narrow = (NarrowEnv){0};
    int errors = s->ctx->diags.errors;
    sema_check_body(s, &f->def->u.funcdef.body);
    if (s->report && errors == s->ctx->diags.errors && f->ret->kind != TY_NONE && f->ret->kind != TY_OBJECT &&
        sema_missing_return(s, &f->def->u.funcdef.body)) {
        sema_error(s, f->def->u.funcdef.name_loc, "missing return statement");
    }
    s->scope = s->sm->scope;
    s->func = NULL;
    s->narrow = (NarrowEnv){0};
    sema_unit_end(s);
    drop_failed_copy(s, f, errors_before, listed_before);
}

/* Module-level statements in source order: definitions' defaults, constants, calls. */
static void check_module_stmt(Sema *s, AstStmt *st)
{
    if (st->keep_reason) {
        return;
    }
    sema_unit_begin(s, st);
    switch (st->kind) {
    case STMT_FUNCDEF: {
        Symbol *sym = scope_lookup_local(s->scope, st->u.funcdef.name);
        for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
            AstExpr *d = st->u.funcdef.decorators.data[i];
            sema_value_ok(s, d, infer_expr(s, d));
        }
        sema_check_annotation_names(s, st);
        if (sym && sym->func && sym->func->def == st) {
            sema_check_defaults(s, sym->func);
        }
        break;
    }
    case STMT_ASSIGN: case STMT_ANNASSIGN: case STMT_EXPR: case STMT_AUGASSIGN:
    case STMT_IF: case STMT_WHILE: case STMT_FOR: case STMT_BREAK: case STMT_CONTINUE: case STMT_DELETE:
    case STMT_TRY: case STMT_WITH: case STMT_RAISE: case STMT_ASSERT:
        sema_check_body(s, &(AstStmtVec){&st, 1, 1});
        break;
    case STMT_CLASSDEF: sema_check_class(s, st); break;
    default:
        break;
    }
    sema_unit_end(s);
}

static void run_round(Sema *s, bool report)
{
    s->report = report;
    sema_reset_closures(s->sm);
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        check_module_stmt(s, body->data[i]);
    }
    for (int i = 0; i < s->sm->funcs.len; i++) {
        check_func_body(s, s->sm->funcs.data[i]);
    }
}

/* A native function is a function object (runtime/function.h) that has what code may
 * read or set on a Python function, except these: code reading them anywhere (native
 * or kept) keeps the function as Python. */
static const char *const python_only_attrs[] = {"__code__", "__globals__", "__builtins__", "__type_params__"};

/* Native callers use the defaults compiled in: code assigning them keeps it as Python too. */
static bool needs_python_function(const AstExpr *attr)
{
    const char *name = attr->u.attribute.attr;
    if (attr->u.attribute.ctx != CTX_LOAD) {
        return strcmp(name, "__defaults__") == 0 || strcmp(name, "__kwdefaults__") == 0;
    }
    for (size_t i = 0; i < sizeof python_only_attrs / sizeof python_only_attrs[0]; i++) {
        if (strcmp(name, python_only_attrs[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* `type(g())` of a module generator function g: the code wants CPython's generator type
 * (types.py: GeneratorType = type(_g())), which a native generator is not. */
static AstExpr *generator_type_probe(const AstExpr *e)
{
    if (e->kind != EXPR_CALL || e->u.call.func->kind != EXPR_NAME ||
        strcmp(e->u.call.func->u.name.id, "type") != 0 || e->u.call.args.len != 1) {
        return NULL;
    }
    AstExpr *inner = e->u.call.args.data[0];
    return inner->kind == EXPR_CALL && inner->u.call.func->kind == EXPR_NAME ? inner->u.call.func : NULL;
}

static void keep_introspected(AstExpr *e, void *arg)
{
    Sema *s = arg;
    AstExpr *probed = generator_type_probe(e);
    if (probed) {
        Symbol *sym = scope_lookup_local(s->sm->scope, probed->u.name.id);
        if (sym && sym->kind == SYM_FUNC && sym->func->generator && !sym->func->def->keep_reason) {
            sym->func->def->keep_reason = "the type of its generator is read (CPython's generator type)";
            sym->func->def->keep_loc = e->loc;
            s->newly_kept++;
        }
        return;
    }
    if (e->kind != EXPR_ATTRIBUTE || e->u.attribute.value->kind != EXPR_NAME || !needs_python_function(e)) {
        return;
    }
    Symbol *sym = scope_lookup_local(s->sm->scope, e->u.attribute.value->u.name.id);
    if (sym && sym->kind == SYM_FUNC && !sym->func->def->keep_reason) {
        sym->func->def->keep_reason = arena_printf(&s->ctx->arena, "its %s is %s", e->u.attribute.attr,
                                                   e->u.attribute.ctx == CTX_LOAD ? "read" : "assigned");
        sym->func->def->keep_loc = e->loc;
        s->newly_kept++;
    }
}

/* One pass of the whole analysis over the module, with the statements already known to
 * need CPython kept as Python. */
static bool has_future_annotations(const AstModule *mod)
{
    for (int i = 0; i < mod->body.len; i++) {
        const AstStmt *st = mod->body.data[i];
        if (st->kind != STMT_IMPORTFROM || !st->u.importfrom.module ||
            strcmp(st->u.importfrom.module, "__future__") != 0) {
            continue;
        }
        for (int j = 0; j < st->u.importfrom.names.len; j++) {
            if (strcmp(st->u.importfrom.names.data[j].name, "annotations") == 0) {
                return true;
            }
        }
    }
    return false;
}

static SemaModule *analyse(Ctx *ctx, AstModule *mod, TypeTable *types, int *newly_kept, int *private_changes)
{
    SemaModule *sm = ARENA_NEW(&ctx->arena, SemaModule);
    sm->types = types;   /* one table for every round: a type keeps its identity */
    sm->ast = mod;
    sm->future_annotations = has_future_annotations(mod);
    sm->scope = scope_new(ctx, NULL);
    sm->scope->kind = SCOPE_MODULE;
    Sema s = {.ctx = ctx, .sm = sm, .scope = sm->scope, .report = true};
    static const char *const dunders[] = {"__name__", "__file__", "__doc__"};
    for (size_t i = 0; i < sizeof dunders / sizeof dunders[0]; i++) {
        Symbol *d = scope_add(ctx, sm->scope, intern_cstr(ctx->names, dunders[i]), SYM_GLOBAL, (Loc){0});
        d->type = &ty_object;
    }
    for (int i = 0; i < mod->body.len; i++) {
        AstStmt *st = mod->body.data[i];
        sema_unit_begin(&s, st);
        AstStmtVec one = {&st, 1, 1};
        if (st->keep_reason) {
            declare_kept(&s, st);
            sema_walrus_targets(&s, &one, bind_kept_target);
        } else {
            declare_stmt(&s, st);
            sema_walrus_targets(&s, &one, declare_global);
        }
        sema_unit_end(&s);
    }
    sema_named_tuple_settle(&s);   /* before retype reads field annotations again */
    sema_native_class_retype(&s);
    declare_spec_copies(&s);
    for (int i = 0; i < sm->funcs.len; i++) {
        sema_unit_begin(&s, unit_of(sm->funcs.data[i]));
        SemaFunc *f = sm->funcs.data[i];
        sema_private_commit(f);
        sema_declare_signature(&s, f, f->cls ? f->cls->u.classdef.cell_scope : sm->scope);
        sema_unit_end(&s);
    }
    for (int i = 0; i < mod->body.len; i++) {
        sema_walk_stmt(mod->body.data[i], keep_introspected, &s);
    }
    run_round(&s, false);
    run_round(&s, true);
    int refined = sema_native_class_refine(&s);
    int widened = refined ? 0 : sema_field_widen_commit(&s);
    if (refined) {
        /* locals widened because they read those fields as objects may not be now */
        for (int i = 0; i < sm->funcs.len; i++) {
            sm->funcs.data[i]->def->u.funcdef.object_locals.len = 0;
        }
    }
    for (int i = 0; i < mod->body.len; i++) {
        AstStmt *st = mod->body.data[i];
        if (st->keep_reason && st->kind == STMT_FUNCDEF && !is_overload_stub(&s, st) &&
            !stub_body(&st->u.funcdef.body)) {
            sema_check_kept_func(&s, st);
        }
    }
    for (int i = 0; i < sm->funcs.len; i++) {
        SemaFunc *f = sm->funcs.data[i];
        if (!unit_of(f)->keep_reason) {
            int errors = ctx->diags.errors, listed = ctx->diags.list.len;
            sema_check_bound(ctx, f);
            drop_failed_copy(&s, f, errors, listed);
        }
    }
    for (int i = 0; i < mod->body.len; i++) {
        sm->kept += mod->body.data[i]->keep_reason != NULL;
    }
    *newly_kept = s.newly_kept + s.newly_widened + refined + widened;
    *private_changes = s.private_changes;
    return sm;
}

SemaModule *sema_run(Ctx *ctx, AstModule *mod)
{
    int errors = ctx->diags.errors, listed = ctx->diags.list.len;
    SemaModule *sm = NULL;
    sema_dataclass_inits(ctx, mod);
    sema_splice_genexps(ctx, mod);
    sema_speculate_params(ctx, mod);
    sema_split_webs(ctx, mod);
    TypeTable *types = type_table_new(&ctx->arena);
    /* Keeping a statement as Python turns the names it binds into plain globals, which
     * may change how other statements check: repeat until nothing new is kept. */
    /* Private containers' guesses (private_containers.c) take a few more analyses; if
     * they have not settled by then, their containers hold objects, which one more
     * analysis makes consistent. */
    bool gave_up = false;
    for (int pass = 0;; pass++) {
        int newly_kept = 0, private_changes = 0;
        ctx->diags.errors = errors;
        ctx->diags.list.len = listed;
        sm = analyse(ctx, mod, types, &newly_kept, &private_changes);
        if (newly_kept == 0 || gave_up || (pass >= mod->body.len && private_changes == 0)) {
            break;
        }
        if (pass >= mod->body.len + 4) {
            for (int i = 0; i < sm->funcs.len; i++) {
                sema_private_give_up(sm->funcs.data[i]);
            }
            gave_up = true;
        }
    }
    if (sm) {
        sema_sort_closures(sm);
    }
    if (ctx->strict) {
        sema_strict_layouts(ctx, mod);
        if (sm) {
            sema_strict_misfit_calls(ctx, sm);
        }
    }
    return ctx->diags.errors > errors ? NULL : sm;
}
