/* class_final.c - C.X where X is a class attribute declared `X: Final = <literal>` in
 * the body of a module class C (or of the module class it derives from): read as that
 * constant, with the literal's type (or T of Final[T]), as mypy and mypyc treat a Final
 * name. Anything that could make the class attribute differ at run time (a metaclass
 * or class keyword, a decorator that could replace the class, a second binding in the
 * body, a store to C.X or cls.X anywhere in the module) leaves the read generic. */
#include <string.h>
#include "sema_internal.h"

/* The module-level class statement that binds name once, or NULL. */
static AstStmt *module_class(Sema *s, const char *name)
{
    Symbol *sym = scope_lookup(s->sm->scope, name);
    if (!sym || sym->kind != SYM_GLOBAL || sym->assignments != 1) {
        return NULL;
    }
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        if (st->kind == STMT_CLASSDEF && strcmp(st->u.classdef.name, name) == 0) {
            return st->u.classdef.scope && !st->keep_reason ? st : NULL;
        }
    }
    return NULL;
}

/* No metaclass, no keyword, only decorators that hand back the class they are given. */
static bool plain_class(Sema *s, AstStmt *c)
{
    if (c->u.classdef.keywords.len) {
        return false;
    }
    for (int i = 0; i < c->u.classdef.decorators.len; i++) {
        bool interpreted = false;
        if (!sema_marker_decorator(s, c->u.classdef.decorators.data[i], &interpreted)) {
            return false;
        }
    }
    return true;
}

static bool literal(const AstExpr *v)
{
    if (v->kind == EXPR_UNARYOP && (v->u.unaryop.op == UNARY_NEG || v->u.unaryop.op == UNARY_POS)) {
        v = v->u.unaryop.operand;
        return v->kind == EXPR_CONST && (v->u.constant.kind == CONST_INT || v->u.constant.kind == CONST_FLOAT);
    }
    if (v->kind != EXPR_CONST) {
        return false;
    }
    switch (v->u.constant.kind) {
    case CONST_INT: case CONST_FLOAT: case CONST_STR: case CONST_TRUE: case CONST_FALSE: return true;
    default: return false;
    }
}

static bool binds_name(const AstExpr *t, const char *name)
{
    if (t->kind == EXPR_NAME) {
        return strcmp(t->u.name.id, name) == 0;
    }
    if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            if (binds_name(t->u.seq.elts.data[i], name)) {
                return true;
            }
        }
    }
    return t->kind == EXPR_STARRED && binds_name(t->u.starred.value, name);
}

/* The one binding of name in the class body (an annotated or plain assignment of that
 * name alone; NULL when there are more, or another kind: *found says it binds it at all). */
static AstStmt *one_binding(AstStmt *c, const char *name, bool *found)
{
    AstStmt *decl = NULL;
    int bindings = 0;
    AstStmtVec *body = &c->u.classdef.body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        switch (b->kind) {
        case STMT_ANNASSIGN:
            if (b->u.annassign.value && binds_name(b->u.annassign.target, name)) {
                bindings++;
                decl = b->u.annassign.target->kind == EXPR_NAME ? b : NULL;
            }
            break;
        case STMT_ASSIGN:
            for (int t = 0; t < b->u.assign.targets.len; t++) {
                if (binds_name(b->u.assign.targets.data[t], name)) {
                    bindings++;
                    bool plain = b->u.assign.targets.len == 1 && b->u.assign.targets.data[t]->kind == EXPR_NAME;
                    decl = plain ? b : NULL;
                }
            }
            break;
        case STMT_AUGASSIGN: bindings += binds_name(b->u.augassign.target, name); break;
        case STMT_FUNCDEF: bindings += strcmp(b->u.funcdef.name, name) == 0; break;
        case STMT_EXPR: case STMT_PASS: break;
        default: bindings += 2; break;   /* a block or import may bind it: not a constant */
        }
    }
    *found = bindings > 0 || (c->u.classdef.scope && scope_lookup_local(c->u.classdef.scope, name) != NULL);
    return bindings == 1 ? decl : NULL;
}

/* The Final declaration of name in the class body: its statement when it is the one
 * binding of the name there (*found: the body binds the name at all). */
static AstStmt *final_decl(AstStmt *c, const char *name, bool *found)
{
    AstStmt *decl = one_binding(c, name, found);
    return decl && decl->kind == STMT_ANNASSIGN ? decl : NULL;
}

typedef struct Stores {
    const char *attr;
    bool found;
} Stores;

static void attr_store(AstExpr *e, void *arg)
{
    Stores *st = arg;
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.ctx != CTX_LOAD && strcmp(e->u.attribute.attr, st->attr) == 0) {
        st->found = true;
    }
    if (e->kind == EXPR_CALL && e->u.call.func->kind == EXPR_NAME &&
        (strcmp(e->u.call.func->u.name.id, "setattr") == 0 || strcmp(e->u.call.func->u.name.id, "delattr") == 0)) {
        st->found = true;
    }
}

/* Does any code of the module store or delete an attribute of that name (on any
 * receiver: the class may be reached through another name) or call setattr/delattr? */
static bool stored_anywhere(Sema *s, const char *attr)
{
    Stores st = {attr, false};
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len && !st.found; i++) {
        sema_walk_stmt(body->data[i], attr_store, &st);
    }
    return st.found;
}

/* The declaration a read of X through class c finds: c's own, else its one base's
 * when that is a module class too. */
static AstStmt *lookup_final(Sema *s, AstStmt *c, const char *attr)
{
    for (int depth = 0; c && depth < 32; depth++) {
        if (!plain_class(s, c)) {
            return NULL;
        }
        bool found = false;
        AstStmt *decl = final_decl(c, attr, &found);
        if (found) {
            return decl;
        }
        AstExprVec *bases = &c->u.classdef.bases;
        if (bases->len == 0) {
            return NULL;
        }
        const AstExpr *b = bases->data[0];
        if (bases->len != 1 || b->kind != EXPR_NAME) {
            return NULL;
        }
        c = strcmp(b->u.name.id, "object") == 0 ? NULL : module_class(s, b->u.name.id);
    }
    return NULL;
}

const Type *sema_class_final_attr(Sema *s, AstExpr *e)
{
    AstExpr *base = e->u.attribute.value;
    e->u.attribute.final_value = NULL;
    if (base->kind != EXPR_NAME || e->u.attribute.ctx != CTX_LOAD ||
        sema_lookup(s, base->u.name.id) != scope_lookup(s->sm->scope, base->u.name.id)) {
        return NULL;
    }
    AstStmt *c = module_class(s, base->u.name.id);
    AstStmt *decl = c ? lookup_final(s, c, e->u.attribute.attr) : NULL;
    if (!decl || !literal(decl->u.annassign.value) || stored_anywhere(s, e->u.attribute.attr)) {
        return NULL;
    }
    bool is_final = false;
    const Type *t = sema_annotation(s, decl->u.annassign.annotation, &is_final);
    if (!is_final) {
        return NULL;
    }
    AstExpr *v = decl->u.annassign.value;
    const Type *vt = infer_expr(s, v);
    if ((t && t != vt) || (!type_is_numeric(vt) && vt->kind != TY_STR)) {
        return NULL;   /* Final[float] = 1 holds the int 1: CPython reads an int */
    }
    t = vt;
    e->u.attribute.final_value = v;
    return t;
}

/* ---- class constants: self.X, C.X and cls.X of `X = <literal>` in a class body ----
 * Not Final, so a read goes through the site's class cache (runtime/attrs.h
 * Pyc2c_ClassAttr: the value the receiver's type finds while its version tag stands, else
 * the attribute protocol), then is checked as the constant's type: a Python subclass, an
 * instance __dict__ or a rebinding from outside gives what CPython gives, and a value of
 * another type a TypeError, as a write from Python to an inferred field. Typed only while
 * every class of the module that binds X binds the same type of literal and no code of
 * the module stores X on any receiver or calls setattr/delattr. */

static bool const_value(const AstExpr *v)
{
    if (v->kind == EXPR_TUPLE) {
        for (int i = 0; i < v->u.seq.elts.len; i++) {
            if (!const_value(v->u.seq.elts.data[i])) {
                return false;
            }
        }
        return true;
    }
    return literal(v);
}

static AstExpr *binding_value(const AstStmt *d)
{
    return d->kind == STMT_ANNASSIGN ? d->u.annassign.value : d->u.assign.value;
}

/* The class one base above c, when that is a plain module class bound once. */
static AstStmt *base_class(Sema *s, AstStmt *c)
{
    AstExprVec *bases = &c->u.classdef.bases;
    const AstExpr *b = bases->len == 1 ? bases->data[0] : NULL;
    if (!b || b->kind != EXPR_NAME || strcmp(b->u.name.id, "object") == 0) {
        return NULL;
    }
    return module_class(s, b->u.name.id);
}

/* Does every class from c up derive only from plain module classes and object (no
 * Enum, NamedTuple or foreign base, whose metaclass or descriptors make X something else)? */
static bool plain_hierarchy(Sema *s, AstStmt *c)
{
    for (int depth = 0; c && depth < 32; depth++) {
        AstExprVec *bases = &c->u.classdef.bases;
        if (!plain_class(s, c)) {
            return false;
        }
        if (bases->len == 0 || (bases->len == 1 && bases->data[0]->kind == EXPR_NAME &&
                                strcmp(bases->data[0]->u.name.id, "object") == 0 &&
                                !sema_lookup(s, "object"))) {
            return true;
        }
        c = base_class(s, c);
    }
    return false;
}

typedef struct Overrides {
    Sema *s;
    const char *attr;
    const Type *type;
    AstStmt *skip[33];   /* the class that binds it and those above: not overrides */
    int nskip;
    bool ok;
} Overrides;

/* Every other class statement of the module (nested ones too) that binds the name binds
 * a literal of the same type, in a class no decorator or metaclass replaces. */
static void check_override(AstStmt *st, void *arg)
{
    Overrides *o = arg;
    if (st->kind == STMT_FUNCDEF) {
        sema_visit_stmts(&st->u.funcdef.body, check_override, arg);
        return;
    }
    if (st->kind != STMT_CLASSDEF) {
        return;
    }
    sema_visit_stmts(&st->u.classdef.body, check_override, arg);
    for (int i = 0; i < o->nskip; i++) {
        if (o->skip[i] == st) {
            return;
        }
    }
    bool found = false;
    AstStmt *d = one_binding(st, o->attr, &found);
    AstExpr *v = d ? binding_value(d) : NULL;
    if (found && (!v || !const_value(v) || !plain_class(o->s, st) || infer_expr(o->s, v) != o->type)) {
        o->ok = false;
    }
}

/* --report: a constant of class nc that a read leaves an object, once per name. */
static const Type *note_generic(Sema *s, SemaClass *nc, const char *name, const char *why, int line)
{
    for (int i = 0; nc && i < nc->const_notes.len; i++) {
        if (strcmp(nc->const_notes.data[i].name, name) == 0) {
            return NULL;
        }
    }
    if (nc) {
        SemaConstNote n = {name, why, line};
        vec_push(&s->ctx->arena, &nc->const_notes, n);
    }
    return NULL;
}

/* X read through class c (its instance, or c itself): the constant's type, else NULL. */
static const Type *class_const(Sema *s, AstExpr *e, AstStmt *c, char how)
{
    const char *attr = e->u.attribute.attr;
    SemaClass *nc = c->u.classdef.native;
    if (e->u.attribute.ctx != CTX_LOAD || strncmp(attr, "__", 2) == 0 || (nc && sema_class_field(nc, attr))) {
        return NULL;
    }
    AstStmt *decl = NULL;
    int depth = 0;
    if (!plain_hierarchy(s, c)) {
        return NULL;
    }
    for (bool found = false; c && depth < 32; c = base_class(s, c), depth++) {
        decl = one_binding(c, attr, &found);
        if (found) {
            break;
        }
    }
    AstExpr *v = decl && c ? binding_value(decl) : NULL;
    if (!v) {
        return NULL;   /* a method, or no binding the module shows */
    }
    int line = decl->loc.line;
    const Type *t = const_value(v) ? infer_expr(s, v) : &ty_object;
    if (t->kind != TY_INT && t->kind != TY_FLOAT && t->kind != TY_BOOL && t->kind != TY_STR && t->kind != TY_TUPLE) {
        return note_generic(s, nc, attr, "not an int, float, str or bool literal or a tuple of them", line);
    }
    if (stored_anywhere(s, attr)) {
        return note_generic(s, nc, attr, "the module stores or deletes an attribute of that name, or calls "
                            "setattr/delattr", line);
    }
    Overrides o = {s, attr, t, {0}, 0, true};
    for (AstStmt *k = c; k && o.nskip < 33; k = base_class(s, k)) {
        o.skip[o.nskip++] = k;
    }
    sema_visit_stmts(&s->sm->ast->body, check_override, &o);
    if (!o.ok) {
        return note_generic(s, nc, attr, "another class statement binds it to something else", line);
    }
    e->u.attribute.class_const = how;
    return t;
}

const Type *sema_class_const_attr(Sema *s, AstExpr *e, const Type *recv)
{
    return recv->kind == TY_INSTANCE && recv->cls ? class_const(s, e, recv->cls->def, 'i') : NULL;
}

const Type *sema_class_const_of(Sema *s, AstExpr *e)
{
    AstExpr *base = e->u.attribute.value;
    if (base->kind != EXPR_NAME) {
        return NULL;
    }
    if (sema_class_method_cls(s, base)) {
        return class_const(s, e, s->func->cls, 'c');
    }
    if (sema_lookup(s, base->u.name.id) != scope_lookup(s->sm->scope, base->u.name.id)) {
        return NULL;
    }
    AstStmt *c = module_class(s, base->u.name.id);
    return c ? class_const(s, e, c, 'c') : NULL;
}
