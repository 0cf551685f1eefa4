/* named_tuple.c - classes deriving typing.NamedTuple: instances are tuples, so the class
 * gets no C layout, but its type is a tuple type with field names (types.h). A value of
 * it is checked to be a tuple where it enters typed code; `p.x` reads the attribute
 * through the site's cache (a tuple item where the class's getter says so) and checks
 * the item against x's annotation, as an element read out of a typed container is. */
#include <string.h>
#include "sema_internal.h"

/* typing.NamedTuple (or typing_extensions'), as a name or as typing.NamedTuple; what
 * names another typing class (TypedDict) likewise. */
static bool is_typing_base(Sema *s, const AstExpr *b, const char *what)
{
    if (b->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, b->u.name.id);
        return sym && sym->kind == SYM_TYPE && sym->typing_name && strcmp(sym->typing_name, what) == 0;
    }
    if (b->kind == EXPR_ATTRIBUTE && strcmp(b->u.attribute.attr, what) == 0 &&
        b->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, b->u.attribute.value->u.name.id);
        return mod && mod->kind == SYM_MODULE &&
               (strcmp(mod->module, "typing") == 0 || strcmp(mod->module, "typing_extensions") == 0);
    }
    return false;
}

static bool is_dunder(const char *n)
{
    size_t len = strlen(n);
    return len > 4 && strncmp(n, "__", 2) == 0 && strcmp(n + len - 2, "__") == 0;
}

static bool names_class_var(const AstExpr *ann)
{
    const AstExpr *b = ann->kind == EXPR_SUBSCRIPT ? ann->u.subscript.value : ann;
    const char *n = b->kind == EXPR_NAME ? b->u.name.id : b->kind == EXPR_ATTRIBUTE ? b->u.attribute.attr : "";
    return strcmp(n, "ClassVar") == 0;
}

/* Why the fields of NamedTuple class st cannot be read as typed items, or NULL. Only what
 * changes how an instance behaves as a tuple or how `p.x` is found matters: a dunder
 * other than the printing ones, a method named as a field, a subclass in the module. */
static const char *untyped_why(Sema *s, AstStmt *st)
{
    if (st->u.classdef.decorators.len || st->u.classdef.keywords.len) {
        return "a decorator or class keyword";
    }
    AstStmtVec *body = &st->u.classdef.body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        if (b->kind == STMT_FUNCDEF && is_dunder(b->u.funcdef.name) && strcmp(b->u.funcdef.name, "__repr__") != 0 &&
            strcmp(b->u.funcdef.name, "__str__") != 0 && strcmp(b->u.funcdef.name, "__format__") != 0) {
            return "it defines a special method other than __repr__/__str__/__format__";
        }
        if (b->kind == STMT_ANNASSIGN && names_class_var(b->u.annassign.annotation)) {
            return "a ClassVar";
        }
    }
    for (int i = 0; i < body->len; i++) {
        AstStmt *f = body->data[i];
        for (int j = 0; f->kind == STMT_FUNCDEF && j < body->len; j++) {
            AstStmt *a = body->data[j];
            if (a->kind == STMT_ANNASSIGN && a->u.annassign.target->kind == EXPR_NAME &&
                strcmp(a->u.annassign.target->u.name.id, f->u.funcdef.name) == 0) {
                return "a method named as a field";
            }
        }
    }
    return sema_named_as_base(s, st->u.classdef.name) ? "a subclass in the module" : NULL;
}

/* --report's reason for class st's lack of a C layout; why: what keeps its fields
 * objects, or NULL. */
static void set_reason(Sema *s, AstStmt *st, const char *why)
{
    st->u.classdef.no_layout = why ? arena_printf(&s->ctx->arena, "a NamedTuple (its fields are read as objects: %s)", why)
                                   : "a NamedTuple: its instances are tuples (fields are read as typed items)";
    st->u.classdef.no_layout_loc = st->loc;
    st->u.classdef.no_layout_by_design = true;
}

bool sema_named_tuple_class(Sema *s, AstStmt *st)
{
    AstExprVec *bases = &st->u.classdef.bases;
    if (bases->len != 1 || !is_typing_base(s, bases->data[0], "NamedTuple")) {
        return false;
    }
    const char *why = untyped_why(s, st);
    set_reason(s, st, why);
    Symbol *sym = scope_lookup_local(s->scope, st->u.classdef.name);
    if (sym && !why) {
        sym->named_tuple_def = st;
    }
    return true;
}

/* class Movie(TypedDict) (or deriving such a class of the module, total=False allowed):
 * instances are plain dicts, so an annotation naming it is dict[str, object] (values
 * stay objects: CPython checks no item). */
bool sema_typed_dict_class(Sema *s, AstStmt *st)
{
    AstExprVec *bases = &st->u.classdef.bases;
    for (int i = 0; i < bases->len; i++) {
        const AstExpr *b = bases->data[i];
        Symbol *base = b->kind == EXPR_NAME ? scope_lookup(s->scope, b->u.name.id) : NULL;
        if (!is_typing_base(s, b, "TypedDict") && !(base && base->typed_dict)) {
            return false;
        }
    }
    for (int i = 0; i < st->u.classdef.keywords.len; i++) {
        const char *k = st->u.classdef.keywords.data[i].name;
        if (!k || strcmp(k, "total") != 0) {
            return false;
        }
    }
    Symbol *sym = bases->len ? scope_lookup_local(s->scope, st->u.classdef.name) : NULL;
    if (!sym) {
        return false;
    }
    sym->typed_dict = true;
    st->u.classdef.no_layout = "a TypedDict: its instances are dicts (annotations naming it mean dict[str, object])";
    st->u.classdef.no_layout_loc = st->loc;
    st->u.classdef.no_layout_by_design = true;
    return true;
}

/* The type an annotation naming sym means when sym is a TypedDict class bound once. */
const Type *sema_typed_dict_type(Sema *s, const Symbol *sym)
{
    if (!sym || !sym->typed_dict || sym->kind != SYM_GLOBAL || sym->assignments != 1) {
        return NULL;
    }
    return type_dict(s->sm->types, &ty_str, &ty_object);
}

void sema_named_tuple_settle(Sema *s)
{
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        Symbol *sym = st->kind == STMT_CLASSDEF ? scope_lookup_local(s->sm->scope, st->u.classdef.name) : NULL;
        if (sym && sym->named_tuple_def == st && (sym->kind != SYM_GLOBAL || sym->assignments != 1)) {
            sym->named_tuple_def = NULL;
            set_reason(s, st, "its name is bound more than once");
        }
    }
}

const Type *sema_named_tuple_type(Sema *s, Symbol *sym)
{
    if (!sym || !sym->named_tuple_def || sym->kind != SYM_GLOBAL || sym->assignments != 1) {
        return NULL;
    }
    if (sym->named_tuple) {
        return sym->named_tuple;
    }
    AstStmtVec *body = &sym->named_tuple_def->u.classdef.body;
    int n = 0;
    for (int i = 0; i < body->len; i++) {
        n += body->data[i]->kind == STMT_ANNASSIGN && body->data[i]->u.annassign.target->kind == EXPR_NAME;
    }
    const char **fields = arena_alloc(&s->ctx->arena, sizeof *fields * ((size_t)n + 1));
    AstExpr **anns = arena_alloc(&s->ctx->arena, sizeof *anns * ((size_t)n + 1));
    AstExpr **defaults = arena_alloc(&s->ctx->arena, sizeof *defaults * ((size_t)n + 1));
    n = 0;
    for (int i = 0; i < body->len; i++) {
        AstStmt *b = body->data[i];
        if (b->kind == STMT_ANNASSIGN && b->u.annassign.target->kind == EXPR_NAME) {
            defaults[n] = b->u.annassign.value;   /* `x: T = None`: Optional[T], as for a parameter */
            anns[n] = b->u.annassign.annotation;
            fields[n++] = b->u.annassign.target->u.name.id;
        }
    }
    Type *t = type_named_tuple(&s->ctx->arena, sym->name, n, fields);
    sym->named_tuple = t;   /* before the annotations: a field may name the class itself */
    Scope *saved = s->scope;
    s->scope = s->sm->scope;   /* the class body's annotations name module-level things */
    for (int i = 0; i < n; i++) {
        ((const Type **)t->args)[i] = sema_implicit_optional(s, sema_annotation(s, anns[i], NULL), defaults[i]);
    }
    s->scope = saved;
    return t;
}

/* Does class body `body` bind `name` other than by the def `d`? */
static bool rebinds(const AstStmtVec *body, const AstStmt *d, const char *name)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *b = body->data[i];
        if (b == d) {
            continue;
        }
        if ((b->kind == STMT_FUNCDEF && strcmp(b->u.funcdef.name, name) == 0) ||
            (b->kind == STMT_CLASSDEF && strcmp(b->u.classdef.name, name) == 0)) {
            return true;
        }
        const AstExprVec *targets = b->kind == STMT_ASSIGN ? &b->u.assign.targets : NULL;
        const AstExpr *one = b->kind == STMT_ANNASSIGN ? b->u.annassign.target
                             : b->kind == STMT_AUGASSIGN ? b->u.augassign.target : NULL;
        for (int j = 0; targets && j < targets->len; j++) {
            one = targets->data[j]->kind == EXPR_NAME && strcmp(targets->data[j]->u.name.id, name) == 0
                      ? targets->data[j] : one;
        }
        if (one && one->kind == EXPR_NAME && strcmp(one->u.name.id, name) == 0) {
            return true;
        }
    }
    return false;
}

SemaFunc *sema_named_tuple_method(const SemaModule *sm, const Type *t, const char *name)
{
    if (!type_is_named_tuple(t) || is_dunder(name) || type_tuple_field(t, name) >= 0) {
        return NULL;
    }
    Symbol *sym = scope_lookup_local(sm->scope, t->name);
    if (!sym || sym->named_tuple != t || !sym->named_tuple_def) {
        return NULL;
    }
    const AstStmt *cls = sym->named_tuple_def;
    for (int i = 0; i < sm->funcs.len; i++) {
        SemaFunc *f = sm->funcs.data[i];
        const AstStmt *d = f->def;
        if (f->cls == cls && !f->nested && strcmp(d->u.funcdef.name, name) == 0) {
            bool plain = d->u.funcdef.decorators.len == 0 && !d->u.funcdef.is_async && !f->generator && !f->memo;
            return plain && !rebinds(&cls->u.classdef.body, d, name) ? f : NULL;
        }
    }
    return NULL;
}

const Type *sema_named_tuple_method_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE) {
        return NULL;
    }
    const Type *rt = infer_expr(s, fn->u.attribute.value);
    SemaFunc *m = sema_named_tuple_method(s->sm, rt, fn->u.attribute.attr);
    if (!m) {
        return NULL;
    }
    infer_expr(s, fn);
    sema_infer_object_call(s, e);
    e->u.call.misfit = NULL;
    if (!sema_method_generic_reason(s->sm, m)) {
        sema_note_misfit(s, e, m, rt->name, 1);
    }
    sema_check_literal_args(s, e, m, arena_printf(&s->ctx->arena, "\"%s\" of \"%s\"", fn->u.attribute.attr, rt->name));
    return !m->def->u.funcdef.returns || !m->ret || m->ret->kind == TY_NONE ? &ty_object : m->ret;
}
