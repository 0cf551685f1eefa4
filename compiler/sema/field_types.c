/* field_types.c - types of native class fields that no annotation gives, found from
 * what the module stores in them, across analyses of the module.
 *
 * native_class.c types a field when its methods are read: by an annotation, a
 * parameter's annotation or a literal stored. Other stored values (`self.data = [0] *
 * n`, `self.pairs = [(a, b) for ...]`, `self.input = msg.link`) are typed by inference,
 * which runs after the layout is fixed. So each analysis records what it saw on the
 * class statement, and the next analysis starts from it:
 * - refined: a field no literal or parameter typed, whose every store has one type (or
 *   None and one class: Optional[C]), takes that type;
 * - widened: a field typed so far that is given a value of another type, or any value
 *   in an unannotated function, or an object (unknown) by a method of its class through
 *   self, holds objects (gradual typing, as an inferred local does). As mypy infers an
 *   attribute's type from what the class's methods store through self, other stores of
 *   objects (through another receiver, or from Python) are checked against it.
 * Refinements come first: a widening seen while some field was still being refined may
 * come from a value read from that field as an object, so it is recorded only by an
 * analysis that refined nothing. Each field is refined at most once and widened at most
 * once, so the analyses stop. */
#include <string.h>
#include "sema_internal.h"

const AstWidened *sema_field_widened(const AstStmt *def, const char *name)
{
    for (int i = 0; i < def->u.classdef.widened.len; i++) {
        if (strcmp(def->u.classdef.widened.data[i].field, name) == 0) {
            return &def->u.classdef.widened.data[i];
        }
    }
    return NULL;
}

static bool refinable(const Type *t)
{
    switch (t->kind) {
    case TY_INSTANCE: case TY_NONE: case TY_LIST: case TY_DICT: case TY_SET: case TY_STR: case TY_TUPLE:
    case TY_INT: case TY_FLOAT: case TY_BOOL: case TY_I64: case TY_I32:
        return true;
    default:
        return false;
    }
}

static bool names_class(const Type *t)
{
    if (t->kind == TY_INSTANCE) {
        return true;
    }
    for (int i = 0; i < t->nargs; i++) {
        if (names_class(t->args[i])) {
            return true;
        }
    }
    return false;
}

/* The nearest native class both derive from, or NULL. */
static const SemaClass *common_class(const SemaClass *a, const SemaClass *b)
{
    for (; a; a = a->base) {
        if (type_class_derives(b, a)) {
            return a;
        }
    }
    return NULL;
}

const Type *sema_join_stored(const Type *a, const Type *b)
{
    if (a == b) {
        return a;
    }
    if (a->kind == TY_NONE || b->kind == TY_NONE) {
        const Type *i = a->kind == TY_NONE ? b : a;
        return i->kind == TY_INSTANCE ? i->cls->opt_type : NULL;
    }
    if (a->kind == TY_INSTANCE && b->kind == TY_INSTANCE) {
        const SemaClass *c = common_class(a->cls, b->cls);
        return !c ? NULL : a->nullable || b->nullable ? c->opt_type : c->type;
    }
    return NULL;
}

void sema_field_stored(Sema *s, SemaField *f, const Type *vt, Loc at)
{
    if (f->kind != 'o' || f->ann || f->declared || f->type != &ty_object || f->stored_mixed) {
        return;
    }
    if (vt && vt->kind == TY_OBJECT && sema_func_is_typed(s->func)) {
        /* maybe read from a field not typed yet (self.x = self.x / n): once the other
         * stores type it, the next analysis checks this one (sema_field_widens) */
        if (!f->object_why) {
            f->object_why = "a store of an object";
            f->object_line = at.line;
        }
        return;
    }
    if (sema_field_widened(f->owner->def, f->name)) {
        f->stored_mixed = true;
        return;
    }
    if (!vt || !refinable(vt) || !sema_func_is_typed(s->func)) {
        f->stored_mixed = true;
        f->object_why = !sema_func_is_typed(s->func) ? "a store in a function without annotations"
                        : arena_printf(&s->ctx->arena, "a store of %s %s", vt && vt->kind == TY_OBJECT ? "an" : "a",
                                       vt ? type_name(vt) : "object");
        f->object_line = at.line;
        return;
    }
    const Type *j = f->stored ? sema_join_stored(f->stored, vt) : vt;
    if (!j) {
        f->object_why = arena_printf(&s->ctx->arena, "stores of %s and %s", type_name(f->stored), type_name(vt));
        f->object_line = at.line;
    }
    f->stored = j;
    f->stored_mixed = j == NULL;
}

static const AstRefined *refined_entry(const AstStmt *def, const char *name)
{
    for (int i = 0; i < def->u.classdef.nrefined; i++) {
        if (strcmp(def->u.classdef.refined[i].field, name) == 0) {
            return &def->u.classdef.refined[i];
        }
    }
    return NULL;
}

static void remember(Sema *s, AstStmt *def, const SemaField *f)
{
    int n = def->u.classdef.nrefined;
    AstRefined *r = arena_alloc(&s->ctx->arena, sizeof *r * (size_t)(n + 1));
    if (n) {
        memcpy(r, def->u.classdef.refined, sizeof *r * (size_t)n);
    }
    r[n].field = f->name;
    r[n].type = f->stored;
    def->u.classdef.refined = r;
    def->u.classdef.nrefined = n + 1;
}

/* Not when some unit is kept as Python, whose stores sema does not see. */
int sema_native_class_refine(Sema *s)
{
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        if (body->data[i]->keep_reason) {
            return 0;
        }
    }
    int found = 0;
    for (int i = 0; i < s->sm->classes.len; i++) {
        SemaClass *c = s->sm->classes.data[i];
        for (int k = 0; k < c->fields.len; k++) {
            SemaField *f = c->fields.data[k];
            if (f->kind == 'o' && !f->ann && !f->declared && f->type == &ty_object && !f->stored_mixed &&
                f->stored && f->stored->kind != TY_NONE && !refined_entry(c->def, f->name) &&
                !sema_field_widened(c->def, f->name)) {
                remember(s, c->def, f);
                found++;
            }
        }
    }
    return found;
}

/* A type found by an earlier analysis, its classes those of this one (classes are made
 * again by each analysis: their statements stay); NULL when one has no layout now. */
static const Type *remap(TypeTable *tt, const Type *t)
{
    if (t->kind == TY_INSTANCE) {
        const SemaClass *c = t->cls->def->u.classdef.native;
        return !c ? NULL : t->nullable ? c->opt_type : c->type;
    }
    if (t->nargs == 0) {
        return t;
    }
    const Type *args[16];
    if (t->nargs > 16) {
        return NULL;
    }
    for (int i = 0; i < t->nargs; i++) {
        if (!(args[i] = remap(tt, t->args[i]))) {
            return NULL;
        }
    }
    switch (t->kind) {
    case TY_LIST: return type_list(tt, args[0]);
    case TY_SET: return type_set(tt, args[0]);
    case TY_DICT: return type_dict(tt, args[0], args[1]);
    case TY_TUPLE: return type_tuple(tt, t->nargs, args, t->varlen);
    default: return NULL;
    }
}

void sema_field_apply_refined(TypeTable *tt, SemaClass *c, bool late)
{
    for (int i = 0; i < c->def->u.classdef.nrefined; i++) {
        AstRefined *r = &c->def->u.classdef.refined[i];
        SemaField *f = sema_class_field(c, r->field);
        if (!f || f->owner != c || f->ann || f->declared || f->type != &ty_object ||
            names_class(r->type) != late || sema_field_widened(c->def, f->name)) {
            continue;
        }
        const Type *t = late ? remap(tt, r->type) : r->type;
        if (t && (!late || f->kind == 'o')) {
            f->type = t;
        }
    }
}

/* An int stored where a float was inferred (a bool where an int was) stays an int in
 * CPython: the field is not one of floats then, though annotations would allow it. */
static bool promoted(const Type *field, const Type *vt)
{
    return (field->kind == TY_FLOAT && (vt->kind == TY_INT || vt->kind == TY_BOOL)) ||
           (field->kind == TY_INT && vt->kind == TY_BOOL);
}

bool sema_field_widens(Sema *s, SemaField *f, const Type *vt, Loc at, bool through_self)
{
    if (f->declared || f->type->kind == TY_OBJECT || !vt || vt == f->type ||
        (sema_func_is_typed(s->func) && type_assignable(f->type, vt) && !promoted(f->type, vt) &&
         (vt->kind != TY_OBJECT || !through_self))) {
        return false;
    }
    AstStmt *def = f->owner->def;
    for (int i = 0; i < s->widen.len; i++) {
        if (s->widen_owner.data[i] == def && strcmp(s->widen.data[i].field, f->name) == 0) {
            return true;   /* seen before in this analysis */
        }
    }
    const char *why = !sema_func_is_typed(s->func)
                          ? "a store in a function without annotations"
                          : arena_printf(&s->ctx->arena, "a store of %s %s, not %s",
                                         vt->kind == TY_OBJECT ? "an" : "a", type_name(vt), type_name(f->type));
    AstWidened w = {f->name, why, at.line};
    vec_push(&s->ctx->arena, &s->widen, w);
    vec_push(&s->ctx->arena, &s->widen_owner, def);
    return true;
}

int sema_field_widen_commit(Sema *s)
{
    int n = 0;
    for (int i = 0; i < s->widen.len; i++) {
        AstStmt *def = s->widen_owner.data[i];
        if (!sema_field_widened(def, s->widen.data[i].field)) {
            vec_push(&s->ctx->arena, &def->u.classdef.widened, s->widen.data[i]);
            n++;
        }
    }
    return n;
}
