/* build_instance.c - native classes in the IR: their tables (IrModule.classes), the
 * class statement's native steps, field loads and stores on receivers typed as an
 * instance, and checked casts to an instance type. */
#include <string.h>
#include "build.h"

void build_declare_classes(Builder *b)
{
    for (int i = 0; i < b->sm->classes.len; i++) {
        SemaClass *sc = b->sm->classes.data[i];
        IrClass *c = ARENA_NEW(&b->ctx->arena, IrClass);
        c->name = sc->name;
        c->base = sc->base ? sc->base->index : -1;
        c->base_size = sc->base_size;
        c->slots_size = sc->slots_size;
        c->basicsize = sc->basicsize;
        c->source_slots = sc->source_slots;
        c->weakref = sc->weakref;
        c->abc_root = sc->abc_root;
        for (int k = 0; k < sc->fields.len; k++) {
            SemaField *f = sc->fields.data[k];
            bool inst = f->kind == 'o' && f->type->kind == TY_INSTANCE;
            IrField irf = {f->name, f->kind, f->offset, f->bitmap, f->bit, inst ? f->type->cls->index : -1,
                           inst && f->type->nullable};
            vec_push(&b->ctx->arena, &c->fields, irf);
        }
        vec_push(&b->ctx->arena, &b->m->classes, c);
    }
}

static const Type *storage_type(const SemaField *f)
{
    switch (f->kind) {
    case 'f': return &ty_float;
    case 'b': return &ty_bool;
    case 'i': return &ty_int;
    case 'q': return &ty_i64;
    case 'w': return &ty_i32;
    default: return &ty_object;
    }
}

static IrOp *field_op(Builder *b, IrOpKind kind, const Type *recv, const SemaField *f, IrReg dst, int nargs, int line)
{
    IrOp *op = bld_op(b, kind, line, dst, nargs);
    op->u.field.cls = recv->cls->index;
    op->u.field.owner = f->owner->index;
    op->u.field.field = f->index;
    op->u.field.offset = f->offset;
    op->u.field.bitmap = f->bitmap;
    op->u.field.bit = f->bit;
    op->u.field.kind = f->kind;
    return op;
}

static const SemaField *field_of(AstExpr *attribute)
{
    const Type *rt = attribute->u.attribute.value->type;
    return rt && rt->kind == TY_INSTANCE ? sema_class_field(rt->cls, attribute->u.attribute.attr) : NULL;
}

IrReg build_field_get(Builder *b, AstExpr *e)
{
    const SemaField *f = field_of(e);
    if (!f) {
        return -1;
    }
    int line = e->loc.line;
    IrReg o = build_expr(b, e->u.attribute.value);
    const Type *st = storage_type(f);
    IrOp *op = field_op(b, IR_FIELD_GET, e->u.attribute.value->type, f, bld_temp(b, rtype_of(st)), 1, line);
    op->args[0] = o;
    if (f->kind == 'o' && f->type->kind == TY_INSTANCE) {
        return op->dst;   /* writes from Python are checked (runtime/native_class.c) */
    }
    return bld_coerce(b, op->dst, st, f->type, line);
}

bool build_field_set(Builder *b, AstExpr *target, IrReg value, int line)
{
    const SemaField *f = field_of(target);
    if (!f) {
        return false;
    }
    IrReg v = bld_coerce(b, value, target->type, storage_type(f), line);
    IrReg o = build_expr(b, target->u.attribute.value);
    IrOp *op = field_op(b, IR_FIELD_SET, target->u.attribute.value->type, f, bld_temp(b, RT_NONE), 2, line);
    op->args[0] = o;
    op->args[1] = v;
    return true;
}

IrReg build_cast_instance(Builder *b, IrReg r, const Type *to, int line)
{
    IrOp *op = bld_op(b, IR_CAST_INST, line, bld_temp(b, RT_OBJ), 1);
    op->args[0] = r;
    op->u.cast_inst.cls = to->cls->index;
    op->u.cast_inst.or_none = to->nullable;   /* Optional[C]: None passes */
    return op->dst;
}

IrReg build_native_class_create(Builder *b, AstStmt *st, IrReg prep, int line)
{
    SemaClass *c = st->u.classdef.native;
    if (!c) {
        return bld_prim(b, PRIM_CLASS_CREATE, line, prep, -1);
    }
    IrOp *op = bld_op(b, IR_NCLASS_CREATE, line, bld_temp(b, RT_OBJ), 1);
    op->args[0] = prep;
    op->u.cls = c->index;
    return op->dst;
}

/* dataclass(slots=True) on a native class: applied without slots (the class has its
 * own), decos[0] replaced by what runtime/native_class.c makes of it. */
void build_native_class_decorators(Builder *b, AstStmt *st, IrReg *decos, int line)
{
    SemaClass *c = st->u.classdef.native;
    if (!c || !c->dataclass_slots) {
        return;
    }
    IrOp *op = bld_op(b, IR_NCLASS_DECO, line, bld_temp(b, RT_OBJ), 1);
    op->args[0] = decos[0];
    op->u.cls = c->index;
    decos[0] = op->dst;
}

IrReg build_native_class_finish(Builder *b, AstStmt *st, IrReg cls, int line)
{
    SemaClass *c = st->u.classdef.native;
    if (!c) {
        return cls;
    }
    IrOp *op = bld_op(b, IR_NCLASS_FINISH, line, bld_temp(b, RT_OBJ), 1);
    op->args[0] = cls;
    op->u.cls = c->index;
    return op->dst;
}

/* The method slot of `name` in every class's vtable (IrModule.method_slots). */
int build_method_slot(Builder *b, const char *name)
{
    int k = 0;
    while (k < b->m->method_slots.len && strcmp(b->m->method_slots.data[k], name) != 0) {
        k++;
    }
    if (k == b->m->method_slots.len) {
        vec_push(&b->ctx->arena, &b->m->method_slots, name);
    }
    return k;
}

/* dst (i64): an IR_METHOD_DEF or IR_CLASS_DEF of `name`'s method slot in c, looked up
 * from arg (an instance or a class). */
static IrReg slot_def(Builder *b, IrOpKind kind, const SemaClass *c, const char *name, IrReg arg, int line)
{
    IrOp *op = bld_op(b, kind, line, bld_temp(b, RT_I64), 1);
    op->args[0] = arg;
    op->u.method.cls = c->index;
    op->u.method.slot = build_method_slot(b, name);
    return op->dst;
}

/* dst (i64): the def of the compiled function recv's class (c or a native subclass,
 * unchanged) finds under `name`, as an address; 0 when none (runtime/native_class.h). */
IrReg build_method_def(Builder *b, const SemaClass *c, const char *name, IrReg recv, int line)
{
    return slot_def(b, IR_METHOD_DEF, c, name, recv, line);
}

/* dst (bool): def (a build_method_def) is m's. */
IrReg build_method_intact(Builder *b, IrReg def, IrFunc *m, int line)
{
    IrOp *op = bld_op(b, IR_METHOD_INTACT, line, bld_temp(b, RT_BOOL), 1);
    op->args[0] = def;
    op->u.method.method = m;
    return op->dst;
}

/* dst (bool): o is an instance of c or a native subclass, the class unchanged: code
 * typed for c may use its layout (a loop body's typed copy, sema/speculate.c). */
IrReg build_layout_is(Builder *b, const SemaClass *c, IrReg o, int line)
{
    IrOp *op = bld_op(b, IR_LAYOUT_IS, line, bld_temp(b, RT_BOOL), 1);
    op->args[0] = o;
    op->u.cls = c->index;
    return op->dst;
}

IrReg build_class_slot_def(Builder *b, const SemaClass *c, const char *name, IrReg cls, int line)
{
    return slot_def(b, IR_CLASS_DEF, c, name, cls, line);
}

IrReg build_super_def(Builder *b, const SemaClass *d, const char *name, IrReg self, IrReg named, int line)
{
    IrOp *op = bld_op(b, IR_SUPER_DEF, line, bld_temp(b, RT_I64), named >= 0 ? 2 : 1);
    op->args[0] = self;
    if (named >= 0) {
        op->args[1] = named;
    }
    op->u.method.cls = d->index;
    op->u.method.slot = build_method_slot(b, name);
    return op->dst;
}

/* kind: 'f' a plain def, 's' a staticmethod, 'c' a classmethod, 'p' a property's getter */
IrReg build_member_intact(Builder *b, IrReg def, IrFunc *m, char kind, int line)
{
    IrOp *op = bld_op(b, IR_METHOD_INTACT, line, bld_temp(b, RT_BOOL), 1);
    op->args[0] = def;
    op->u.method.method = m;
    op->u.method.kind = kind == 's' ? 1 : kind == 'c' ? 2 : kind == 'p' ? 3 : 0;
    return op->dst;
}

/* o.p on an instance typed as a native class: the native entry of the getter o's class
 * finds, among the declaring class's own and its subclasses' overrides (those checked to
 * be o's layout first), else CPython's attribute read; the result as the declared type. */
IrReg build_property_get(Builder *b, AstExpr *e)
{
    enum { MAX_GETTERS = 4 };
    const Type *rt = e->u.attribute.value->type;
    SemaFunc *targets[MAX_GETTERS];
    int n = e->u.attribute.getter && rt && rt->kind == TY_INSTANCE
                ? sema_property_targets(b->sm, rt->cls, e->u.attribute.attr, e->type, targets, MAX_GETTERS)
                : 0;
    if (n == 0) {
        return -1;
    }
    int line = e->loc.line;
    IrReg o = build_expr_as(b, e->u.attribute.value, &ty_object);
    IrReg def = build_method_def(b, rt->cls, e->u.attribute.attr, o, line);
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *join = bld_block(b);
    for (int t = 0; t < n; t++) {
        SemaFunc *g = targets[t];
        IrBlock *direct = bld_block(b), *other = bld_block(b);
        const SemaClass *owner = g->cls->u.classdef.native;
        if (owner != rt->cls && !type_class_derives(rt->cls, owner)) {   /* a subclass's: o must be one */
            IrBlock *is = bld_block(b);
            bld_branch(b, build_layout_is(b, owner, o, line), is, other, line);
            bld_switch(b, is);
        }
        IrReg ok = build_member_intact(b, def, b->m->funcs.data[g->sym->slot], 'p', line);
        bld_branch(b, ok, direct, other, line);
        bld_switch(b, direct);
        IrReg r = build_call_self_only(b, g, o, line);
        bld_move(b, result, bld_coerce(b, r, g->ret ? g->ret : &ty_object, e->type, line), line);
        bld_goto(b, join, line);
        bld_switch(b, other);
    }
    IrReg v = bld_prim(b, PRIM_OBJ_GETATTR, line, o, build_str_const(b, e->u.attribute.attr, line));
    bld_move(b, result, bld_coerce(b, v, &ty_object, e->type, line), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}

/* dst (bool): cls (what the class name holds) is c, and calling it is object.__new__
 * then the compiled __init__ init. */
IrReg build_init_intact(Builder *b, const SemaClass *c, IrReg cls, IrFunc *init, int line)
{
    IrOp *op = bld_op(b, IR_INIT_INTACT, line, bld_temp(b, RT_BOOL), 1);
    op->args[0] = cls;
    op->u.method.cls = c->index;
    op->u.method.slot = build_method_slot(b, "__init__");
    op->u.method.method = init;
    return op->dst;
}

IrReg build_new_instance(Builder *b, const SemaClass *c, int line)
{
    IrOp *op = bld_op(b, IR_NEW_INST, line, bld_temp(b, RT_OBJ), 0);
    op->u.cls = c->index;
    return op->dst;
}
