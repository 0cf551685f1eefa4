/* native_class.c - which module classes get a C layout, their fields and layout.
 * A class qualifies when everything about its instances is known: no metaclass or
 * keywords, no base but object, abc.ABC or an earlier native class, no decorator but
 * dataclasses.dataclass, no attribute hooks (__getattr__, __setattr__ ...), no
 * __slots__ with __dict__, no class attribute but methods unless the source has
 * __slots__ (an instance could shadow it), no store of an undeclared attribute outside
 * its methods' self. Its fields: class-level annotations, __slots__ names, and
 * self.X assigned in its methods. Anything else stays a plain Python class. */
#include <stdlib.h>
#include <string.h>
#include "sema_internal.h"

#define OBJ_HEAD 16   /* sizeof(PyObject) on the 64-bit targets; checked at run time */

bool type_class_derives(const SemaClass *sub, const SemaClass *base)
{
    for (; sub; sub = sub->base) {
        if (sub == base) {
            return true;
        }
    }
    return false;
}

SemaField *sema_class_field(const SemaClass *c, const char *name)
{
    for (; c; c = c->base) {
        for (int i = 0; i < c->fields.len; i++) {
            if (c->fields.data[i]->name == name || strcmp(c->fields.data[i]->name, name) == 0) {
                return c->fields.data[i];
            }
        }
    }
    return NULL;
}

/* typing's final or override (typing_extensions' too) as a plain name: it hands back
 * the function it marks (an attribute set on it at most). */
static bool marker(const SemaModule *sm, const AstExpr *e)
{
    const Symbol *sym = e->kind == EXPR_NAME ? scope_lookup_local(sm->scope, e->u.name.id) : NULL;
    return sym && sym->kind == SYM_SHIM && sym->shim && sym->shim->kind == SHIM_MARKER &&
           strcmp(sym->shim->module, "typing") == 0;
}

bool sema_only_markers(const SemaModule *sm, const AstStmt *def)
{
    for (int i = 0; i < def->u.funcdef.decorators.len; i++) {
        if (!marker(sm, def->u.funcdef.decorators.data[i])) {
            return false;
        }
    }
    return true;
}

/* 's' for @staticmethod, 'c' for @classmethod (the builtins' names), 'f' for no
 * decorator, 0 for anything else; markers (@final, @override) aside. */
static char member_kind(const SemaModule *sm, const AstStmt *def)
{
    const AstExprVec *d = &def->u.funcdef.decorators;
    const AstExpr *e = NULL;
    int n = 0;
    for (int i = 0; i < d->len; i++) {
        if (!marker(sm, d->data[i])) {
            e = d->data[i];
            n++;
        }
    }
    if (n == 0) {
        return 'f';
    }
    if (n != 1 || e->kind != EXPR_NAME || scope_lookup_local(sm->scope, e->u.name.id)) {
        return 0;
    }
    return strcmp(e->u.name.id, "staticmethod") == 0 ? 's' : strcmp(e->u.name.id, "classmethod") == 0 ? 'c' : 0;
}

/* The def of `name` c or its nearest native base holds, or NULL (none, or a class
 * attribute of that name that is not a def hides a base's). */
static SemaFunc *member_def(const SemaModule *sm, const SemaClass *c, const char *name)
{
    for (; c; c = c->base) {
        for (int i = 0; i < sm->funcs.len; i++) {
            SemaFunc *f = sm->funcs.data[i];
            if (f->cls == c->def && !f->nested && strcmp(f->def->u.funcdef.name, name) == 0) {
                return f;
            }
        }
        if (scope_lookup_local(c->def->u.classdef.scope, name)) {
            return NULL;
        }
    }
    return NULL;
}

SemaFunc *sema_abstract_method(const SemaModule *sm, const SemaClass *c, const char *name)
{
    SemaFunc *f = member_def(sm, c, name);
    return f && f->def->u.funcdef.decorators.len == 1 && sema_is_abstract(f) ? f : NULL;
}

SemaFunc *sema_class_member(const SemaModule *sm, const SemaClass *c, const char *name, char *kind)
{
    for (; c; c = c->base) {
        for (int i = 0; i < sm->funcs.len; i++) {
            SemaFunc *f = sm->funcs.data[i];
            if (f->cls == c->def && !f->nested && strcmp(f->def->u.funcdef.name, name) == 0) {
                *kind = member_kind(sm, f->def);
                return *kind ? f : NULL;
            }
        }
        /* a class attribute of that name (not a def) hides a base's method */
        Symbol *sym = scope_lookup_local(c->def->u.classdef.scope, name);
        if (sym) {
            return NULL;
        }
    }
    return NULL;
}

/* A plain method of a native class whose only free variable is its class statement's
 * __class__ cell (it uses super() or __class__): its native entry reads that cell from
 * the class's record (runtime Pyc2cClass.cell, set by the class statement's first run;
 * a call through the function object sets it from the closure while the body starts),
 * so compiled callers call it as any method. Generators and memoized methods keep it. */
bool sema_reads_class_cell(const SemaFunc *f)
{
    const AstStmt *c = f->cls;
    return f->freevars.len == 1 && c && !f->nested && !f->generator && !f->memo && c->u.classdef.native &&
           c->u.classdef.cell_scope && c->u.classdef.cell_scope->syms.len > 0 &&
           f->freevars.data[0] == c->u.classdef.cell_scope->syms.data[0];
}

/* The cells f's native entry takes as its closure (its free variables but the class
 * cell a method reads from its class). */
int sema_closure_cells(const SemaFunc *f)
{
    return f->freevars.len - (sema_reads_class_cell(f) ? 1 : 0);
}

/* Why compiled callers cannot call method m of a native class through its native entry
 * (they call it as CPython does), or NULL when they can (obj.m(...), C.m(...), super()). */
const char *sema_method_generic_reason(const SemaModule *sm, const SemaFunc *m)
{
    if (m->def->keep_reason) {
        return "kept as Python";
    }
    if (!member_kind(sm, m->def)) {
        const AstExpr *d = m->def->u.funcdef.decorators.data[0];   /* the first: the reason's name */
        d = d->kind == EXPR_CALL ? d->u.call.func : d;
        const char *n = d->kind == EXPR_NAME ? d->u.name.id : d->kind == EXPR_ATTRIBUTE ? d->u.attribute.attr : NULL;
        return !n ? "a decorator" : strcmp(n, "property") == 0 || strcmp(n, "setter") == 0 || strcmp(n, "deleter") == 0
                   ? "a property (read through the attribute protocol)"
                   : strcmp(n, "staticmethod") == 0 || strcmp(n, "classmethod") == 0
                         ? "more than one decorator" : "a decorator other than staticmethod or classmethod";
    }
    if (m->varargs || m->varkw) {
        return "*args or **kwargs";
    }
    if (m->nkwonly) {
        return "keyword-only parameters";
    }
    if (sema_closure_cells(m)) {
        return "a closure";
    }
    return NULL;
}

/* The getter of property `name` of c or a native base (`@property def name(self)` in
 * its body, property not rebound by the module), called natively for o.name while o's
 * class finds that getter; NULL for anything else (a field, a method, a setter-only
 * name, a class attribute of that name hiding a base's). */
static bool named(const AstExpr *e, const char *module, const char *name)
{
    return (e->kind == EXPR_NAME && strcmp(e->u.name.id, name) == 0) ||
           (module && e->kind == EXPR_ATTRIBUTE && strcmp(e->u.attribute.attr, name) == 0 &&
            e->u.attribute.value->kind == EXPR_NAME && strcmp(e->u.attribute.value->u.name.id, module) == 0);
}

/* The def declaring property `name` for c (c's or its nearest native base's first def of
 * the name: a getter precedes its setter) when it is a plain getter (`@property` alone,
 * *abstract false) or an abstract one (`@property` over `@abstractmethod`, *abstract
 * true: never called, its subclasses' getters are); NULL for anything else. */
static SemaFunc *property_decl(const SemaModule *sm, const SemaClass *c, const char *name, bool *abstract)
{
    for (; c; c = c->base) {
        SemaFunc *found = NULL;
        for (int i = 0; i < sm->funcs.len && !found; i++) {
            SemaFunc *f = sm->funcs.data[i];
            if (f->cls == c->def && !f->nested && strcmp(f->def->u.funcdef.name, name) == 0) {
                found = f;
            }
        }
        if (found) {
            const AstExprVec *d = &found->def->u.funcdef.decorators;
            bool getter = d->len >= 1 && d->len <= 2 && named(d->data[0], NULL, "property") &&
                          !scope_lookup_local(sm->scope, "property");
            *abstract = d->len == 2;
            if (*abstract && !named(d->data[1], "abc", "abstractmethod")) {
                return NULL;
            }
            bool plain = found->npos == 1 && !found->varargs && !found->varkw && found->nkwonly == 0 &&
                         !found->generator && !found->memo && !found->def->keep_reason && sema_closure_cells(found) == 0;
            return getter && plain ? found : NULL;
        }
        if (scope_lookup_local(c->def->u.classdef.scope, name)) {
            return NULL;
        }
    }
    return NULL;
}

bool sema_is_abstract(const SemaFunc *m)
{
    const AstExprVec *d = &m->def->u.funcdef.decorators;
    for (int i = 0; i < d->len; i++) {
        if (named(d->data[i], "abc", "abstractmethod")) {
            return true;
        }
    }
    return false;
}

SemaFunc *sema_property_getter(const SemaModule *sm, const SemaClass *c, const char *name)
{
    bool abstract = false;
    SemaFunc *g = property_decl(sm, c, name, &abstract);
    return abstract ? NULL : g;
}

SemaFunc *sema_property_decl(const SemaModule *sm, const SemaClass *c, const char *name)
{
    bool abstract = false;
    return property_decl(sm, c, name, &abstract);
}

int sema_property_targets(const SemaModule *sm, const SemaClass *c, const char *name, const Type *type, SemaFunc **out,
                          int max)
{
    int n = 0;
    SemaFunc *own = sema_property_getter(sm, c, name), *decl = sema_property_decl(sm, c, name);
    bool any = type->kind == TY_OBJECT;   /* every getter's result boxes to it */
    if (own && (own->ret == type || any)) {
        out[n++] = own;
    }
    for (int i = 0; decl && i < sm->classes.len && n < max; i++) {
        const SemaClass *k = sm->classes.data[i];
        SemaFunc *g = k != c && type_class_derives(k, c) && !k->def->keep_reason ? sema_property_getter(sm, k, name)
                                                                                : NULL;
        bool seen = false;
        for (int j = 0; j < n; j++) {
            seen |= out[j] == g;
        }
        if (g && !seen && g->cls == k->def && (g->ret == type || any)) {
            out[n++] = g;   /* k's own override, of the declared type */
        }
    }
    return n;
}

/* Does a subclass of c (kept as Python or not) define `name` returning bool, where c's
 * returns int? Compiled code holds an int as a tagged word, so a bool read through c's
 * int type would be 0 or 1: such a call or property read is typed object. */
const SemaFunc *sema_bool_override(const SemaModule *sm, const SemaClass *c, const char *name)
{
    for (int i = 0; i < sm->funcs.len; i++) {
        const SemaFunc *f = sm->funcs.data[i];
        const SemaClass *k = f->cls && !f->nested ? f->cls->u.classdef.native : NULL;
        if (k && k != c && f->ret && f->ret->kind == TY_BOOL && strcmp(f->def->u.funcdef.name, name) == 0 &&
            type_class_derives(k, c)) {
            return f;
        }
    }
    return NULL;
}

/* The method `name` defined by a plain def in c or a native base, or NULL. */
SemaFunc *sema_class_method(const SemaModule *sm, const SemaClass *c, const char *name)
{
    char kind = 0;
    SemaFunc *f = sema_class_member(sm, c, name, &kind);
    return kind == 'f' ? f : NULL;
}

static const char *dotted(const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        return e->u.name.id;
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME &&
        strcmp(e->u.attribute.value->u.name.id, "dataclasses") == 0) {
        return e->u.attribute.attr;
    }
    return NULL;
}

static bool is_true(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_TRUE;
}

/* field(init=False, default=v): dataclass's __init__ leaves the field unset and reads
 * fall back to the class attribute v, which a field descriptor would hide. */
static bool default_left_on_class(const AstExpr *v)
{
    if (v->kind != EXPR_CALL || !dotted(v->u.call.func) || strcmp(dotted(v->u.call.func), "field") != 0) {
        return false;
    }
    bool init = true, dflt = false;
    for (int i = 0; i < v->u.call.keywords.len; i++) {
        const AstKeyword *k = &v->u.call.keywords.data[i];
        init &= !k->name || strcmp(k->name, "init") != 0 || is_true(k->value);
        dflt |= !k->name || strcmp(k->name, "default") == 0;
    }
    return !init && dflt;
}

/* @dataclass(init=...) other than True: dataclass makes no __init__, so a default stays
 * a class attribute that instances read until they set their own (a slot would hide it). */
static bool dataclass_init_off(const AstStmt *cls)
{
    const AstExpr *d = cls->u.classdef.decorators.data[0];
    for (int i = 0; d->kind == EXPR_CALL && i < d->u.call.keywords.len; i++) {
        const AstKeyword *k = &d->u.call.keywords.data[i];
        if (k->name && strcmp(k->name, "init") == 0 && !is_true(k->value)) {
            return true;
        }
    }
    return false;
}

/* @dataclass or @dataclass(k=v, ...); slots=True (which makes another class) only
 * spelled so and without frozen=True or weakref_slot: the run time applies dataclass
 * without it to the native class, which has slots of its own (*slots). */
static bool dataclass_decorator(const AstExpr *d, bool *slots)
{
    const AstExpr *fn = d->kind == EXPR_CALL ? d->u.call.func : d;
    const char *n = dotted(fn);
    if (!n || strcmp(n, "dataclass") != 0) {
        return false;
    }
    if (d->kind != EXPR_CALL) {
        return true;
    }
    if (d->u.call.args.len) {
        return false;
    }
    bool frozen = false;
    for (int i = 0; i < d->u.call.keywords.len; i++) {
        const AstKeyword *k = &d->u.call.keywords.data[i];
        if (!k->name || strcmp(k->name, "weakref_slot") == 0 || (strcmp(k->name, "slots") == 0 && !is_true(k->value))) {
            return false;
        }
        *slots |= strcmp(k->name, "slots") == 0;
        frozen |= strcmp(k->name, "frozen") == 0 && !(k->value->kind == EXPR_CONST && k->value->u.constant.kind == CONST_FALSE);
    }
    return !(*slots && frozen);
}

typedef struct Collect {
    Sema *s;
    SemaClass *c;
    bool ok;
    bool slotted;   /* the source declares __slots__: its instances have no __dict__ either */
    const char *why;   /* the first reason the class gets no layout (--report) */
    Loc where;
    bool by_design;    /* that reason makes a plain class as written (no --strict error) */
    bool class_level;  /* scanning a method whose first parameter is the class itself */
} Collect;

static void refuse(Collect *k, Loc where, const char *why)
{
    if (k->ok) {
        k->why = why;
        k->where = where;
    }
    k->ok = false;
}

static void refuse_by_design(Collect *k, Loc where, const char *why)
{
    k->by_design |= k->ok;
    refuse(k, where, why);
}

/* A subclass stores a value of another type in an inferred field of a native base:
 * the base's field holds objects from the next analysis on (CPython lets any subclass
 * store anything); a declared one (`self.v: int`) makes the subclass lose its layout. */
static void widen_base_field(Collect *k, SemaField *bf, const Type *t, Loc at)
{
    if (bf->declared || bf->ann) {
        refuse(k, at, "an attribute of a base class assigned a value of another type");
        return;
    }
    AstStmt *def = bf->owner->def;
    if (!sema_field_widened(def, bf->name)) {
        const char *why = arena_printf(&k->s->ctx->arena, "a store of %s %s in subclass %s",
                                       t->kind == TY_OBJECT ? "an" : "a", type_name(t), k->c->name);
        AstWidened w = {bf->name, why, at.line};
        vec_push(&k->s->ctx->arena, &def->u.classdef.widened, w);
        k->s->newly_widened++;
    }
}

/* t NULL: a value whose type inference finds (a field it first types keeps its type;
 * the store is checked there). */
static SemaField *add_field(Collect *k, Loc at, const char *name, const Type *t, AstExpr *ann, bool declared)
{
    if (strncmp(name, "__", 2) == 0) {
        refuse(k, at, "a private (name-mangled) attribute");
        return NULL;
    }
    if (k->c->base && sema_class_field(k->c->base, name)) {
        /* the base's field: a store of an unknown value is checked where it is made */
        const Type *bt = sema_class_field(k->c->base, name)->type;
        bool same = !t || t->kind == TY_NONE || t == bt || t == &ty_object || bt == &ty_object ||
                    (t->kind == TY_INSTANCE && bt->kind == TY_INSTANCE && type_class_derives(t->cls, bt->cls));
        if (!same) {
            widen_base_field(k, sema_class_field(k->c->base, name), t, at);
        }
        return NULL;
    }
    SemaField *f = sema_class_field(k->c, name);
    if (t && t->kind == TY_NONE) {
        /* None beside an instance makes it Optional (none_stored); else inference joins */
        t = NULL;
        f = f ? f : add_field(k, at, name, NULL, NULL, false);
        f->none_stored = true;
        f->none_line = f->none_line ? f->none_line : at.line;
        return f;
    }
    const AstWidened *w = declared ? NULL : sema_field_widened(k->c->def, name);
    if (w) {
        t = &ty_object;   /* a store of another type was found in an earlier analysis */
    }
    if (f && f->declared) {
        return f;   /* `self.x: T = v` typed it: other stores are checked where they are made */
    }
    if (f && (f->untyped || (f->tentative && t) || (t && ann && declared))) {   /* __slots__ named it, or only values
                                                       * inference types: this gives its type */
        f->untyped = f->tentative = false;
        f->type = t ? t : &ty_object;
        f->ann = ann;
        f->declared = declared;
        return f;
    }
    if (f) {
        if (t && f->type != t) {
            /* assigned values of different types: Optional[C] and C, two subclasses of B */
            const Type *j = f->type->kind == TY_INSTANCE && t->kind == TY_INSTANCE ? sema_join_stored(f->type, t) : NULL;
            if (!j && !f->object_why) {
                f->object_why = w ? w->why : arena_printf(&k->s->ctx->arena, "stores of %s and %s", type_name(f->type),
                                                          type_name(t));
                f->object_line = w ? w->line : at.line;
            }
            f->type = j ? j : &ty_object;
        }
        if (t && f->ann != ann) {
            f->ann = NULL;
        }
        return f;
    }
    f = ARENA_NEW(&k->s->ctx->arena, SemaField);
    f->name = name;
    f->type = t ? t : &ty_object;
    f->tentative = !t;
    f->declared = declared;
    f->object_why = w ? w->why : NULL;
    f->object_line = w ? w->line : 0;
    f->ann = ann;
    f->owner = k->c;
    vec_push(&k->s->ctx->arena, &k->c->fields, f);
    return f;
}

static bool is_classvar(const AstExpr *ann)
{
    const AstExpr *b = ann->kind == EXPR_SUBSCRIPT ? ann->u.subscript.value : ann;
    const char *n = b->kind == EXPR_NAME ? b->u.name.id : b->kind == EXPR_ATTRIBUTE ? b->u.attribute.attr : NULL;
    /* PEP 591: a Final name assigned in a class body is a class constant, not a field */
    return n && (strcmp(n, "ClassVar") == 0 || strcmp(n, "InitVar") == 0 || strcmp(n, "Final") == 0);
}

static void slots_names(Collect *k, const AstExpr *v)
{
    if (v->kind == EXPR_CONST && v->u.constant.kind == CONST_STR) {
        if (strcmp(v->u.constant.bytes, "__dict__") == 0 || strcmp(v->u.constant.bytes, "__weakref__") == 0) {
            refuse(k, v->loc, "__slots__ naming __dict__ or __weakref__");
        } else if (!sema_class_field(k->c, v->u.constant.bytes)) {
            SemaField *f = add_field(k, v->loc, intern_cstr(k->s->ctx->names, v->u.constant.bytes), &ty_object, NULL, false);
            if (f) {
                f->untyped = true;
            }
        }
        return;
    }
    if (v->kind != EXPR_TUPLE && v->kind != EXPR_LIST) {
        refuse(k, v->loc, "__slots__ that is not a literal tuple or list");
        return;
    }
    for (int i = 0; i < v->u.seq.elts.len; i++) {
        slots_names(k, v->u.seq.elts.data[i]);
    }
}

/* The annotation of the parameter a value stored into self.X names, or NULL. */
static AstExpr *param_annotation(SemaFunc *m, const AstExpr *v)
{
    if (v->kind != EXPR_NAME || !m) {
        return NULL;
    }
    AstArguments *a = m->def->u.funcdef.args;
    for (int i = 0; i < ast_param_count(a); i++) {
        AstArg *p = ast_param_at(a, i);
        if (strcmp(p->name, v->u.name.id) == 0 && p != a->vararg && p != a->kwarg) {
            return p->annotation;
        }
    }
    return NULL;
}

static bool is_param(SemaFunc *m, const AstExpr *v)
{
    if (v->kind != EXPR_NAME || !m) {
        return false;
    }
    AstArguments *a = m->def->u.funcdef.args;
    for (int i = 0; i < ast_param_count(a); i++) {
        if (strcmp(ast_param_at(a, i)->name, v->u.name.id) == 0) {
            return true;
        }
    }
    return false;
}

/* The type a value stored into self.X gives the field: a parameter's annotation or a
 * literal's type; an unannotated parameter an object; anything else NULL (known only
 * once inferred: the store is checked there, sema_field_widens). */
static const Type *value_type(Sema *s, SemaFunc *m, const AstExpr *v)
{
    if (v->kind == EXPR_CONST) {
        switch (v->u.constant.kind) {
        case CONST_INT: return &ty_int;
        case CONST_FLOAT: return &ty_float;
        case CONST_STR: return &ty_str;
        case CONST_TRUE: case CONST_FALSE: return &ty_bool;
        case CONST_NONE: return &ty_none;
        default: return &ty_object;
        }
    }
    AstExpr *ann = param_annotation(m, v);
    if (ann) {
        return sema_annotation(s, ann, NULL);
    }
    return is_param(m, v) ? &ty_object : NULL;
}

static void self_store(Collect *k, SemaFunc *m, const char *self, const AstExpr *t, const AstExpr *value,
                       const AstExpr *ann)
{
    if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            self_store(k, m, self, t->u.seq.elts.data[i], NULL, NULL);
        }
        return;
    }
    if (t->kind == EXPR_STARRED) {
        self_store(k, m, self, t->u.starred.value, NULL, NULL);
        return;
    }
    if (t->kind != EXPR_ATTRIBUTE || t->u.attribute.value->kind != EXPR_NAME ||
        strcmp(t->u.attribute.value->u.name.id, self) != 0) {
        return;
    }
    if (k->class_level) {
        /* cls.x = v sets a class attribute, which a slot of the same name would hide */
        refuse_by_design(k, t->loc, "an attribute stored on the class by a class method");
        return;
    }
    const char *name = t->u.attribute.attr;
    SemaField *known = sema_class_field(k->c, name);
    if (known && known->owner == k->c && known->index < 0) {
        return;   /* annotated at class level: that type */
    }
    const Type *vt = ann ? sema_annotation(k->s, (AstExpr *)ann, NULL) : value ? value_type(k->s, m, value) : NULL;
    add_field(k, t->loc, name, vt, (AstExpr *)(ann ? ann : value ? param_annotation(m, value) : NULL), ann != NULL);
}

/* Is the first parameter of this method the class (a classmethod, or one type.__new__
 * makes a class method: __init_subclass__, __class_getitem__)? */
static bool class_level_method(const AstStmt *def)
{
    const char *n = def->u.funcdef.name;
    if (strcmp(n, "__init_subclass__") == 0 || strcmp(n, "__class_getitem__") == 0) {
        return true;
    }
    for (int i = 0; i < def->u.funcdef.decorators.len; i++) {
        const AstExpr *d = def->u.funcdef.decorators.data[i];
        if (d->kind == EXPR_NAME && strcmp(d->u.name.id, "classmethod") == 0) {
            return true;
        }
    }
    return false;
}

static void scan_stores(Collect *k, SemaFunc *m, const char *self, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        switch (st->kind) {
        case STMT_ASSIGN:
            for (int t = 0; t < st->u.assign.targets.len; t++) {
                self_store(k, m, self, st->u.assign.targets.data[t],
                           st->u.assign.targets.len == 1 ? st->u.assign.value : NULL, NULL);
            }
            break;
        case STMT_ANNASSIGN: self_store(k, m, self, st->u.annassign.target, NULL, st->u.annassign.annotation); break;
        case STMT_AUGASSIGN: self_store(k, m, self, st->u.augassign.target, NULL, NULL); break;
        case STMT_FOR: self_store(k, m, self, st->u.for_.target, NULL, NULL);
            scan_stores(k, m, self, &st->u.for_.body); scan_stores(k, m, self, &st->u.for_.orelse); break;
        case STMT_WHILE: scan_stores(k, m, self, &st->u.while_.body); scan_stores(k, m, self, &st->u.while_.orelse); break;
        case STMT_IF: scan_stores(k, m, self, &st->u.if_.body); scan_stores(k, m, self, &st->u.if_.orelse); break;
        case STMT_WITH: scan_stores(k, m, self, &st->u.with.body); break;
        case STMT_TRY:
            scan_stores(k, m, self, &st->u.try_.body);
            for (int h = 0; h < st->u.try_.handlers.len; h++) {
                scan_stores(k, m, self, &st->u.try_.handlers.data[h].body);
            }
            scan_stores(k, m, self, &st->u.try_.orelse);
            scan_stores(k, m, self, &st->u.try_.finalbody);
            break;
        default: break;
        }
    }
}

static bool hook_name(const char *n)
{
    static const char *const hooks[] = {"__getattr__", "__getattribute__", "__setattr__", "__delattr__",
                                        "__slots__", "__dict__", "__new__"};
    for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++) {
        if (strcmp(n, hooks[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* functools.cached_property (as a decorator or called in the class body) caches in
 * the instance __dict__: a class without __slots__ must keep its __dict__ for it. */
static bool is_cached_property(const AstExpr *e)
{
    if (e->kind == EXPR_CALL) {
        e = e->u.call.func;
    }
    const char *n = e->kind == EXPR_NAME ? e->u.name.id : e->kind == EXPR_ATTRIBUTE ? e->u.attribute.attr : NULL;
    return n && strcmp(n, "cached_property") == 0;
}

static bool uses_cached_property(const AstStmt *b)
{
    if (b->kind == STMT_FUNCDEF) {
        for (int i = 0; i < b->u.funcdef.decorators.len; i++) {
            if (is_cached_property(b->u.funcdef.decorators.data[i])) {
                return true;
            }
        }
        return false;
    }
    return b->kind == STMT_ASSIGN && b->u.assign.value->kind == EXPR_CALL && is_cached_property(b->u.assign.value);
}

/* A field some method sets to None: Optional[C] beside instances of C; beside another
 * type, an object. */
static void none_beside(Collect *k, SemaField *f)
{
    if (!f->none_stored || f->declared || f->tentative || f->type->kind == TY_OBJECT) {
        return;
    }
    if (f->type->kind == TY_INSTANCE) {
        f->type = f->type->cls->opt_type;
        return;
    }
    f->object_why = arena_printf(&k->s->ctx->arena, "stores of %s and None", type_name(f->type));
    f->object_line = f->none_line;
    f->type = &ty_object;
}

/* The type of a class attribute's value an instance may shadow (a constant, signed or
 * not: no descriptor whose __set__ a store would call), or NULL for anything else. */
static const Type *default_type(const AstExpr *v)
{
    if (v->kind == EXPR_UNARYOP && (v->u.unaryop.op == UNARY_NEG || v->u.unaryop.op == UNARY_POS) &&
        v->u.unaryop.operand->kind == EXPR_CONST) {
        const Type *t = default_type(v->u.unaryop.operand);
        return t == &ty_int || t == &ty_float ? t : &ty_object;
    }
    return v->kind == EXPR_CONST ? value_type(NULL, NULL, v) : NULL;
}

typedef struct StoredAttr {
    const char *name;
    bool found;
} StoredAttr;

static void attr_store_named(AstExpr *e, void *arg)
{
    StoredAttr *a = arg;
    a->found |= e->kind == EXPR_ATTRIBUTE && e->u.attribute.ctx != CTX_LOAD && strcmp(e->u.attribute.attr, a->name) == 0;
}

/* Does code of the module store or delete attribute name on some receiver (`acct.owner
 * = ...` in a function, kept as Python or not)? */
static bool module_stores_attr(Sema *s, const char *name)
{
    StoredAttr a = {name, false};
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len && !a.found; i++) {
        sema_walk_stmt(body->data[i], attr_store_named, &a);
    }
    return a.found;
}

/* A subclass body's `sides = 3` for base field bf: a constant bf's reads may give (its
 * type, an int for a float, anything for an object field) of a base without __slots__. */
static bool overrides_default(const SemaField *bf, const AstExpr *v)
{
    const Type *vt = default_type(v);
    return vt && !bf->owner->source_slots &&
           (bf->type->kind == TY_OBJECT || vt == bf->type || (bf->type == &ty_float && vt == &ty_int));
}

/* `n = 0` in the class body beside `self.n = ...` in its methods, or beside `x.n = ...`
 * elsewhere in the module (the instance variable with a class default, unannotated): a
 * field whose unset reads give the class attribute (runtime unset_read), typed by the
 * join of that constant and the stores. */
static void class_defaults(Collect *k)
{
    AstStmtVec *body = &k->c->def->u.classdef.body;
    for (int i = 0; i < body->len && k->ok && !k->slotted; i++) {
        AstStmt *b = body->data[i];
        for (int j = 0; b->kind == STMT_ASSIGN && j < b->u.assign.targets.len; j++) {
            const AstExpr *t = b->u.assign.targets.data[j];
            SemaField *f = t->kind == EXPR_NAME ? sema_class_field(k->c, t->u.name.id) : NULL;
            if (!f && t->kind == EXPR_NAME && strncmp(t->u.name.id, "__", 2) != 0 && b->u.assign.targets.len == 1 &&
                default_type(b->u.assign.value) && !(k->c->base && sema_class_field(k->c->base, t->u.name.id)) &&
                module_stores_attr(k->s, t->u.name.id)) {
                /* the stores it is given out there are unchecked: it holds objects */
                f = add_field(k, b->loc, t->u.name.id, &ty_object, NULL, false);
                f->object_why = "stores on receivers other than self";
                f->object_line = b->loc.line;
            }
            if (!f || f->owner != k->c) {
                continue;
            }
            const Type *vt = b->u.assign.targets.len == 1 ? default_type(b->u.assign.value) : NULL;
            if (!vt) {
                refuse(k, b->loc, arena_printf(&k->s->ctx->arena, "class attribute '%s' is also assigned on "
                                               "instances and its value is not a constant", f->name));
                return;
            }
            add_field(k, b->loc, f->name, f->declared || f->object_why ? NULL : vt, NULL, false);
            f->class_default = true;
        }
    }
}

static void scan_body(Collect *k)
{
    AstStmtVec *body = &k->c->def->u.classdef.body;
    for (int i = 0; i < body->len && k->ok; i++) {
        AstStmt *b = body->data[i];
        if (b->kind == STMT_ANNASSIGN && b->u.annassign.target->kind == EXPR_NAME) {
            AstExpr *v = b->u.annassign.value;
            const char *name = b->u.annassign.target->u.name.id;
            if (is_classvar(b->u.annassign.annotation) || (v && k->slotted && !k->c->dataclass)) {
                continue;   /* a class attribute (clashes() refuses one instances assign too): beside
                             * __slots__ naming it, type() refuses the class as CPython does */
            }
            if (v && k->c->dataclass && (default_left_on_class(v) || dataclass_init_off(k->c->def))) {
                refuse(k, b->loc, "a dataclass default that would hide a base's field");
                break;
            }
            if (v && k->c->base && sema_class_field(k->c->base, name)) {
                const SemaField *bf = sema_class_field(k->c->base, name);
                if (!k->c->dataclass && overrides_default(bf, v) &&
                    sema_annotation(k->s, b->u.annassign.annotation, NULL) == bf->type) {
                    continue;   /* the subclass's own default for the base's field (runtime override_defaults) */
                }
                refuse(k, b->loc, k->c->dataclass ? "a dataclass default that would hide a base's field"
                                                  : "a class-level default of another type or not a constant for a "
                                                    "field of a base class");
                break;
            }
            /* PEP 526: `n: int = 0` declares an instance variable whose default is the
             * class attribute (a field; runtime unset_read serves the class value) */
            SemaField *f = add_field(k, b->loc, name, sema_annotation(k->s, b->u.annassign.annotation, NULL),
                                     b->u.annassign.annotation, true);
            if (f) {
                f->index = -1;   /* typed by its annotation */
                f->class_default |= v != NULL;
            }
        } else if (b->kind == STMT_ASSIGN && b->u.assign.targets.len == 1 &&
                   b->u.assign.targets.data[0]->kind == EXPR_NAME &&
                   strcmp(b->u.assign.targets.data[0]->u.name.id, "__slots__") == 0) {
            slots_names(k, b->u.assign.value);
        } else if (b->kind == STMT_AUGASSIGN && !k->slotted) {
            refuse(k, b->loc, "a class attribute updated in the class body");
        } else if (b->kind == STMT_FUNCDEF && hook_name(b->u.funcdef.name)) {
            refuse(k, b->loc, "an attribute hook (__getattr__, __setattr__, __new__ ...)");
        } else if (!k->slotted && uses_cached_property(b)) {
            refuse_by_design(k, b->loc, "a cached_property (it caches in the instance __dict__)");
        }
    }
    for (int i = 0; i < k->s->sm->funcs.len && k->ok; i++) {
        SemaFunc *m = k->s->sm->funcs.data[i];
        AstArguments *a = m->def->u.funcdef.args;
        if (m->cls != k->c->def || m->nested || a->posonly.len + a->args.len == 0) {
            continue;
        }
        k->class_level = class_level_method(m->def);
        scan_stores(k, m, ast_param_at(a, 0)->name, &m->def->u.funcdef.body);
        k->class_level = false;
    }
    class_defaults(k);
    for (int i = 0; i < k->c->fields.len; i++) {
        none_beside(k, k->c->fields.data[i]);
    }
    sema_field_apply_refined(k->s->sm->types, k->c, false);   /* int, float, bool ... before the layout */
}

/* Fields named by the body as class attributes too (x = 1 beside self.x) are not
 * slots: CPython's __slots__ refuses them. */
/* Does a base's class body bind name other than by a def that is undecorated or a
 * static or class method: a property (or another descriptor, a class attribute) that
 * the subclass's own slot would hide, where CPython calls its getter and setter? */
static bool base_binds(const SemaClass *b, const char *name)
{
    for (; b; b = b->base) {
        const AstStmtVec *body = &b->def->u.classdef.body;
        for (int i = 0; i < body->len; i++) {
            const AstStmt *st = body->data[i];
            if (st->kind == STMT_FUNCDEF && strcmp(st->u.funcdef.name, name) == 0) {
                const AstExprVec *d = &st->u.funcdef.decorators;
                bool plain = d->len == 0 || (d->len == 1 && d->data[0]->kind == EXPR_NAME &&
                                             (strcmp(d->data[0]->u.name.id, "staticmethod") == 0 ||
                                              strcmp(d->data[0]->u.name.id, "classmethod") == 0));
                if (!plain) {
                    return true;
                }
            }
            const AstExprVec *targets = st->kind == STMT_ASSIGN ? &st->u.assign.targets : NULL;
            for (int j = 0; targets && j < targets->len; j++) {
                if (targets->data[j]->kind == EXPR_NAME && strcmp(targets->data[j]->u.name.id, name) == 0) {
                    return true;
                }
            }
            if (st->kind == STMT_ANNASSIGN && st->u.annassign.value && st->u.annassign.target->kind == EXPR_NAME &&
                strcmp(st->u.annassign.target->u.name.id, name) == 0 && !b->dataclass) {
                return true;
            }
        }
    }
    return false;
}

/* Does a class body bind name (an assignment, a def, an annotation with a value)? */
static bool body_binds(const AstStmtVec *body, const char *name)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        const AstExpr *t = st->kind == STMT_ANNASSIGN && st->u.annassign.value ? st->u.annassign.target
                           : st->kind == STMT_AUGASSIGN                       ? st->u.augassign.target
                                                                              : NULL;
        bool found = (t && t->kind == EXPR_NAME && strcmp(t->u.name.id, name) == 0) ||
                     ((st->kind == STMT_FUNCDEF || st->kind == STMT_CLASSDEF) &&
                      strcmp(st->kind == STMT_FUNCDEF ? st->u.funcdef.name : st->u.classdef.name, name) == 0);
        for (int j = 0; st->kind == STMT_ASSIGN && j < st->u.assign.targets.len; j++) {
            t = st->u.assign.targets.data[j];
            found = found || (t->kind == EXPR_NAME && strcmp(t->u.name.id, name) == 0);
        }
        if (found || (st->kind == STMT_IF && (body_binds(&st->u.if_.body, name) || body_binds(&st->u.if_.orelse, name))) ||
            (st->kind == STMT_TRY && (body_binds(&st->u.try_.body, name) || body_binds(&st->u.try_.orelse, name)))) {
            return true;
        }
    }
    return false;
}

/* The statement of a class body binding name (first found), or NULL. */
static const AstStmt *body_binder(const AstStmtVec *body, const char *name)
{
    for (int i = 0; i < body->len; i++) {
        AstStmtVec one = {&body->data[i], 1, 1};
        if (body_binds(&one, name)) {
            return body->data[i];
        }
    }
    return NULL;
}

/* How many statements of a class body bind name (first, when a plain assignment: its
 * only target is the name itself, not `a, sides = ...`). */
static int binders(const AstStmtVec *body, const AstExpr *first, const char *name)
{
    int n = first && first->kind != EXPR_NAME ? 2 : 0;
    for (int i = 0; i < body->len; i++) {
        AstStmtVec one = {&body->data[i], 1, 1};
        n += body_binds(&one, name);
    }
    return n;
}

/* A name both instances and the class body bind where a slot cannot stand for both
 * (a method, a property, a class attribute a subclass body rebinds): the reason names
 * it and the line of the class-level binding. */
static bool clashes(Collect *k)
{
    Scope *cs = k->c->def->u.classdef.scope;
    for (const SemaClass *b = k->c->base; b; b = b->base) {
        for (int i = 0; i < b->fields.len; i++) {
            const AstStmt *st = body_binder(&k->c->def->u.classdef.body, b->fields.data[i]->name);
            bool override = st && !k->c->dataclass && binders(&k->c->def->u.classdef.body, st->kind == STMT_ASSIGN
                                                                ? st->u.assign.targets.data[0] : NULL,
                                                                b->fields.data[i]->name) == 1 &&
                            ((st->kind == STMT_ASSIGN && st->u.assign.targets.len == 1 &&
                              overrides_default(b->fields.data[i], st->u.assign.value)) ||
                             (st->kind == STMT_ANNASSIGN && st->u.annassign.value));   /* scan_body checked it */
            if (st && !override) {
                refuse(k, st->loc, arena_printf(&k->s->ctx->arena, "'%s', a field of base class %s, bound in the "
                                                "class body other than to one constant of its type", b->fields.data[i]->name, b->name));
                return true;
            }
        }
    }
    for (int i = 0; i < k->c->fields.len; i++) {
        const SemaField *f = k->c->fields.data[i];
        Symbol *sym = scope_lookup_local(cs, f->name);
        if (sym && !f->class_default && !(k->c->dataclass && f->index == -1)) {
            const AstStmt *st = body_binder(&k->c->def->u.classdef.body, f->name);
            refuse(k, st ? st->loc : k->c->def->loc,
                   arena_printf(&k->s->ctx->arena, "instance attribute '%s' is also %s", f->name,
                                st && st->kind == STMT_FUNCDEF ? "a method or property of the class"
                                                               : "a class attribute"));
            return true;
        }
        if (base_binds(k->c->base, f->name)) {
            refuse(k, k->c->def->loc, arena_printf(&k->s->ctx->arena, "instance attribute '%s' is a class attribute, "
                                                   "method or property of a base class", f->name));
            return true;
        }
    }
    return false;
}

static int cmp_fields(const void *a, const void *b)
{
    return strcmp((*(SemaField *const *)a)->name, (*(SemaField *const *)b)->name);
}

static char field_kind(const Type *t)
{
    switch (t->kind) {
    case TY_FLOAT: return 'f';
    case TY_BOOL: return 'b';
    case TY_INT: return 'i';
    case TY_I64: return 'q';   /* fixed width: raw C integers, boxed only for Python readers */
    case TY_I32: return 'w';
    default: return 'o';
    }
}

static bool has_kind(const SemaClass *c, char kind)
{
    for (int i = 0; i < c->fields.len; i++) {
        if (c->fields.data[i]->kind == kind) {
            return true;
        }
    }
    return false;
}

/* Unboxed field f at *at (its own size on), with the next set bit; an int takes none
 * (its word is 0 when it holds no short int: runtime/native_class.h). */
static void place(SemaClass *c, SemaField *f, int *at, int *nbits)
{
    f->offset = *at;
    *at += f->kind == 'b' ? 1 : f->kind == 'w' ? 4 : 8;
    if (f->kind != 'i') {
        f->bitmap = c->slots_size;
        f->bit = 1u << (*nbits < 32 ? *nbits : 0);
        (*nbits)++;
    }
}

/* Object slots sorted by name (as type() lays out __slots__), then, when a float, bool or fixed-width field needs set
 * bits, a uint32_t of them beside one i32 or up to four bools, then the ints, the
 * doubles, the i64s, the other i32s and bools (largest first: each stays aligned).
 * Smaller instances: the GC walks fewer cache lines. */
static bool lay_out(SemaClass *c)
{
    int n = c->fields.len, nobj = 0, nbits = 0;
    SemaField **sorted = malloc(sizeof(SemaField *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        sorted[i] = c->fields.data[i];
        sorted[i]->kind = field_kind(sorted[i]->type);
        sorted[i]->index = i;
        sorted[i]->offset = sorted[i]->bitmap = 0;   /* not placed yet */
        sorted[i]->bit = 0;
    }
    qsort(sorted, (size_t)n, sizeof(SemaField *), cmp_fields);
    c->base_size = c->base ? c->base->basicsize : OBJ_HEAD;
    for (int i = 0; i < n; i++) {
        if (sorted[i]->kind == 'o') {
            sorted[i]->offset = c->base_size + 8 * nobj++;
        }
    }
    free(sorted);
    c->weakref = !c->base && !c->source_slots;
    c->slots_size = c->base_size + 8 * nobj + (c->weakref ? 8 : 0);
    bool bits = has_kind(c, 'f') || has_kind(c, 'b') || has_kind(c, 'q') || has_kind(c, 'w');
    int at = c->slots_size + 4, tail = c->slots_size + (bits ? 8 : 0);
    for (int i = 0; i < n && bits; i++) {
        SemaField *f = c->fields.data[i];
        int size = f->kind == 'b' ? 1 : f->kind == 'w' ? 4 : 0;
        if (size && at + size <= tail && (f->kind == 'w' || !has_kind(c, 'w'))) {
            place(c, f, &at, &nbits);
        }
    }
    static const char unboxed[] = {'i', 'f', 'q', 'w', 'b'};
    for (size_t u = 0; u < sizeof unboxed; u++) {
        for (int i = 0; i < n; i++) {
            SemaField *f = c->fields.data[i];
            if (f->kind == unboxed[u] && f->offset == 0) {
                place(c, f, &tail, &nbits);
            }
        }
    }
    c->basicsize = (tail + 7) / 8 * 8;
    return nbits <= 32;
}

/* Stores and deletes, on receivers other than a method's self, of attributes that no
 * class of the module declares (self.X or a class-level annotation), setattr/delattr
 * calls, and reads of an instance's __dict__ (vars(x), x.__dict__): code of the module
 * that may give an instance an attribute a plain class would take in its __dict__, or
 * that needs the __dict__ itself. */
typedef struct Outside {
    const SemaClass *c;
    Sema *s;
    bool found;
    Loc at;
} Outside;

static bool declared_in(AstStmtVec *body, const char *name, bool in_class);

/* `@name.setter def name(...)` in a class body: a store of .name calls the property's
 * setter, which a layout keeps (a data descriptor of the type, never the __dict__). */
static bool is_setter_named(const AstStmt *fd, const char *name)
{
    if (strcmp(fd->u.funcdef.name, name) != 0) {
        return false;
    }
    const AstExprVec *decos = &fd->u.funcdef.decorators;
    for (int i = 0; i < decos->len; i++) {
        const AstExpr *e = decos->data[i];
        if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME &&
            strcmp(e->u.attribute.value->u.name.id, name) == 0 && strcmp(e->u.attribute.attr, "setter") == 0) {
            return true;
        }
    }
    return false;
}

static bool declared_by(AstStmt *st, const char *name, bool in_class)
{
    switch (st->kind) {
    case STMT_CLASSDEF: return declared_in(&st->u.classdef.body, name, true);
    case STMT_FUNCDEF: return in_class && (is_setter_named(st, name) || declared_in(&st->u.funcdef.body, name, false));
    case STMT_ANNASSIGN: {
        const AstExpr *t = st->u.annassign.target;
        return (in_class && t->kind == EXPR_NAME && strcmp(t->u.name.id, name) == 0) ||
               (t->kind == EXPR_ATTRIBUTE && strcmp(t->u.attribute.attr, name) == 0);
    }
    case STMT_ASSIGN:
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            const AstExpr *t = st->u.assign.targets.data[i];
            if (t->kind == EXPR_ATTRIBUTE && t->u.attribute.value->kind == EXPR_NAME &&
                strcmp(t->u.attribute.value->u.name.id, "self") == 0 && strcmp(t->u.attribute.attr, name) == 0) {
                return true;
            }
        }
        return false;
    case STMT_FOR: return declared_in(&st->u.for_.body, name, in_class) || declared_in(&st->u.for_.orelse, name, in_class);
    case STMT_WHILE: return declared_in(&st->u.while_.body, name, in_class);
    case STMT_IF: return declared_in(&st->u.if_.body, name, in_class) || declared_in(&st->u.if_.orelse, name, in_class);
    case STMT_WITH: return declared_in(&st->u.with.body, name, in_class);
    case STMT_TRY: return declared_in(&st->u.try_.body, name, in_class);
    default: return false;
    }
}

static bool declared_in(AstStmtVec *body, const char *name, bool in_class)
{
    for (int i = 0; i < body->len; i++) {
        if (declared_by(body->data[i], name, in_class)) {
            return true;
        }
    }
    return false;
}

/* A class statement of the module's top level binds name. */
static bool module_class_named(Sema *s, const char *name)
{
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        if (body->data[i]->kind == STMT_CLASSDEF && strcmp(body->data[i]->u.classdef.name, name) == 0) {
            return true;
        }
    }
    return false;
}

static void outside_store(AstExpr *e, void *arg)
{
    Outside *o = arg;
    if (o->found) {
        return;
    }
    if (e->kind == EXPR_CALL && e->u.call.func->kind == EXPR_NAME &&
        (strcmp(e->u.call.func->u.name.id, "setattr") == 0 || strcmp(e->u.call.func->u.name.id, "delattr") == 0 ||
         (strcmp(e->u.call.func->u.name.id, "vars") == 0 && e->u.call.args.len > 0))) {
        o->found = true;   /* vars(x) reads (and lets callers write) the __dict__ */
        o->at = e->loc;
    }
    if (e->kind == EXPR_ATTRIBUTE && strcmp(e->u.attribute.attr, "__dict__") == 0 &&
        !(e->u.attribute.value->kind == EXPR_NAME && module_class_named(o->s, e->u.attribute.value->u.name.id))) {
        o->found = true;   /* x.__dict__ of what may be an instance (a class's own is a mappingproxy) */
        o->at = e->loc;
    }
    if (e->kind != EXPR_ATTRIBUTE || e->u.attribute.ctx == CTX_LOAD) {
        return;
    }
    const AstExpr *r = e->u.attribute.value;
    bool self = r->kind == EXPR_NAME && strcmp(r->u.name.id, "self") == 0;
    if (r->kind == EXPR_NAME && sema_function_only_name(o->s, r->u.name.id)) {
        return;   /* `wrapper.calls = []`: an attribute of a function */
    }
    if (!self && !sema_class_field(o->c, e->u.attribute.attr) &&
        !declared_in(&o->s->sm->ast->body, e->u.attribute.attr, false)) {
        o->found = true;
        o->at = e->loc;
    }
}

static bool stored_from_outside(Sema *s, const SemaClass *c, Loc *at)
{
    Outside o = {c, s, false, {0}};
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len && !o.found; i++) {
        sema_walk_stmt(body->data[i], outside_store, &o);
    }
    *at = o.at;
    return o.found;
}

/* abc.ABC, bound once by `from abc import ABC` or read as abc.ABC after `import abc`:
 * a base with no layout (empty __slots__) whose metaclass ABCMeta makes the class as
 * type does, and whose abstract methods only forbid calling the class (new_ok). */
static bool is_abc_base(Sema *s, const AstExpr *b)
{
    if (b->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, b->u.name.id);
        return sym && sym->kind == SYM_GLOBAL && sym->assignments == 1 && sym->typing_name &&
               strcmp(sym->typing_name, "abc.ABC") == 0;
    }
    if (b->kind == EXPR_ATTRIBUTE && strcmp(b->u.attribute.attr, "ABC") == 0 &&
        b->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, b->u.attribute.value->u.name.id);
        return mod && mod->kind == SYM_MODULE && strcmp(mod->module, "abc") == 0;
    }
    return false;
}

static SemaClass *native_base(Sema *s, AstStmt *st, Collect *k, bool *abc_root)
{
    AstExprVec *bases = &st->u.classdef.bases;
    if (bases->len > 1) {
        refuse_by_design(k, bases->data[1]->loc, "more than one base class");
        return NULL;
    }
    if (bases->len == 0) {
        return NULL;
    }
    AstExpr *b = bases->data[0];
    if (b->kind == EXPR_NAME && strcmp(b->u.name.id, "object") == 0 && !scope_lookup(s->scope, "object")) {
        return NULL;
    }
    if (is_abc_base(s, b)) {
        *abc_root = true;
        return NULL;
    }
    Symbol *sym = b->kind == EXPR_NAME ? scope_lookup(s->scope, b->u.name.id) : NULL;
    if (!sym || !sym->cls || sym->assignments != 1) {
        refuse_by_design(k, b->loc, sym && sym->kind == SYM_GLOBAL && sym->assignments == 1 && !sym->cls
                              ? "its base class has no C layout" : "a base class that is not a class of this module");
        return NULL;
    }
    return sym->cls;
}

static bool has_slots(Sema *s, AstStmt *st)
{
    return scope_lookup_local(st->u.classdef.scope, intern_cstr(s->ctx->names, "__slots__")) != NULL;
}

/* C as a type (TY_INSTANCE), and Optional[C] (None passes too). */
static void make_types(Sema *s, SemaClass *c)
{
    Type *t = ARENA_NEW(&s->ctx->arena, Type);
    t->kind = TY_INSTANCE;
    t->name = c->name;
    t->cls = c;
    c->type = t;
    Type *o = ARENA_NEW(&s->ctx->arena, Type);
    *o = *t;
    o->name = arena_printf(&s->ctx->arena, "Optional[%s]", c->name);
    o->nullable = true;
    c->opt_type = o;
}

/* Decorators a layout survives: one dataclass (alone), or markers that return the
 * class they are given (typing.final, mypy_extensions.trait, mypyc_attr(...)). */
static void check_decorators(Sema *s, AstStmt *st, Collect *k, bool *dataclass, bool *slots)
{
    AstExprVec *decos = &st->u.classdef.decorators;
    const AstExpr *d = decos->len == 1 ? decos->data[0] : NULL;
    if (d && sema_dataclasses_name(sema_bindings(s), s->sm->ast, d->kind == EXPR_CALL ? d->u.call.func : d, "dataclass") &&
        dataclass_decorator(d, slots)) {
        *dataclass = true;
        return;
    }
    for (int i = 0; i < decos->len; i++) {
        bool interpreted = false;
        if (!sema_marker_decorator(s, decos->data[i], &interpreted)) {
            refuse(k, decos->data[i]->loc, "a class decorator");
        } else if (interpreted) {
            refuse_by_design(k, decos->data[i]->loc, "mypyc_attr(native_class=False)");
        }
    }
}

/* How a class statement of the module names the class among its bases: 0 not at all,
 * 1 as its only base, 2 beside other bases (two laid-out bases would conflict). */
int sema_named_as_base(Sema *s, const char *name)
{
    AstStmtVec *body = &s->sm->ast->body;
    int how = 0;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        for (int b = 0; st->kind == STMT_CLASSDEF && b < st->u.classdef.bases.len; b++) {
            AstExpr *e = st->u.classdef.bases.data[b];
            if (e->kind == EXPR_NAME && strcmp(e->u.name.id, name) == 0) {
                how = st->u.classdef.bases.len > 1 ? 2 : how > 0 ? how : 1;
            }
        }
    }
    return how;
}

static bool has_methods(const AstStmt *st)
{
    for (int i = 0; i < st->u.classdef.body.len; i++) {
        if (st->u.classdef.body.data[i]->kind == STMT_FUNCDEF) {
            return true;
        }
    }
    return false;
}

static bool has_class_attrs(const AstStmt *st)
{
    for (int i = 0; i < st->u.classdef.body.len; i++) {
        AstStmtKind kind = st->u.classdef.body.data[i]->kind;
        if (kind == STMT_ASSIGN || kind == STMT_ANNASSIGN) {
            return true;
        }
    }
    return false;
}

static void check_layout(Sema *s, AstStmt *st, Collect *k)
{
    SemaClass *c = k->c;
    Loc at;
    scan_body(k);
    /* a class with no field and no subclass gains nothing from a layout, and such a class
     * is often given attributes from outside (an instance's method monkeypatched, a
     * namespace); an empty base keeps one so that its subclasses' layouts share it */
    int as_base = sema_named_as_base(s, c->name);
    if (k->ok && as_base == 2) {
        refuse_by_design(k, st->loc, "a base of a class with several bases");
    }
    if (k->ok && !c->base && c->fields.len == 0 && !has_slots(s, st) && as_base == 0) {
        refuse_by_design(k, st->loc, has_methods(st) ? "declares no attribute"
                                     : has_class_attrs(st) ? "declares only class attributes (no instance attribute or method)"
                                                           : "declares no attribute or method");
    }
    if (k->ok) {
        clashes(k);   /* refuses with the name and line */
    }
    if (k->ok && stored_from_outside(s, c, &at)) {
        /* the class as written takes attributes from outside: it needs its __dict__ */
        refuse_by_design(k, at, "an attribute stored from outside its methods (or setattr/delattr, vars(x), x.__dict__)");
    }
    c->source_slots = k->slotted;
    if (k->ok && !lay_out(c)) {
        refuse(k, st->loc, "more than 32 unboxed fields");
    }
}

void sema_native_class(Sema *s, AstStmt *st)
{
    st->u.classdef.native = NULL;
    st->u.classdef.no_layout = NULL;
    if (sema_named_tuple_class(s, st) || sema_typed_dict_class(s, st)) {
        return;
    }
    SemaClass *c = ARENA_NEW(&s->ctx->arena, SemaClass);
    Collect k = {s, c, true, false, NULL, st->loc, false, false};
    bool dataclass = false, slots = false;
    if (st->u.classdef.keywords.len) {
        refuse_by_design(&k, st->u.classdef.keywords.data[0].loc, "a metaclass or class keyword");
    }
    check_decorators(s, st, &k, &dataclass, &slots);
    bool abc_root = false;
    SemaClass *base = k.ok ? native_base(s, st, &k, &abc_root) : NULL;
    if (k.ok) {
        c->def = st;
        c->abc_root = abc_root;
        c->name = st->u.classdef.name;
        c->base = base;
        c->dataclass = dataclass;
        c->dataclass_slots = slots;
        make_types(s, c);
        k.slotted = has_slots(s, st) || slots;
    }
    /* bound while the fields are collected: a method's Optional["C"] parameter types one */
    Symbol *sym = scope_lookup_local(s->scope, st->u.classdef.name);
    if (sym && k.ok) {
        sym->cls = c;
    }
    if (k.ok) {
        check_layout(s, st, &k);
    }
    if (!k.ok) {
        if (sym) {
            sym->cls = NULL;
        }
        st->u.classdef.no_layout = k.why;
        st->u.classdef.no_layout_loc = k.where;
        st->u.classdef.no_layout_by_design = k.by_design;
        return;
    }
    c->source_slots = k.slotted;
    c->index = s->sm->classes.len;
    vec_push(&s->ctx->arena, &s->sm->classes, c);
    st->u.classdef.native = c;
}

/* Once every class is known: object fields annotated with a class declared later
 * ("C", Optional["C"]) get its type. Their layout is the same (an object slot). */
void sema_native_class_retype(Sema *s)
{
    for (int i = 0; i < s->sm->classes.len; i++) {
        SemaClass *c = s->sm->classes.data[i];
        sema_field_apply_refined(s->sm->types, c, true);   /* types naming classes: object slots */
        for (int k = 0; k < c->fields.len; k++) {
            SemaField *f = c->fields.data[k];
            if (f->ann && f->kind == 'o' && (f->type->kind == TY_OBJECT || f->type->nargs)) {
                const Type *t = sema_annotation(s, f->ann, NULL);
                f->type = rtype_of(t) == RT_OBJ && (t->kind == TY_INSTANCE || t->nargs) ? t : f->type;
            }
        }
    }
}

/* The type of a value that is either an a or a b: instances of two native classes are
 * instances of their nearest common native base (Optional of it when either may be
 * None); object for anything else. */
const Type *sema_join_classes(const Type *a, const Type *b)
{
    if (a->kind != TY_INSTANCE || b->kind != TY_INSTANCE) {
        return &ty_object;
    }
    for (const SemaClass *k = a->cls; k; k = k->base) {
        if (type_class_derives(b->cls, k)) {
            if (k->def->keep_reason) {
                return &ty_object;
            }
            return a->nullable || b->nullable ? k->opt_type : k->type;
        }
    }
    return &ty_object;
}
