/* emit_class.c - native classes: their tables (pyc2c_cls_<i>, pyc2c_fields_<i>, read
 * by runtime/native_class.c) and the ops on them. */
#include "emit_internal.h"

void emit_class_tables(Emitter *E)
{
    for (int i = 0; i < E->m->classes.len; i++) {
        const IrClass *c = E->m->classes.data[i];
        if (c->fields.len) {
            emit_line(E, 0, "static Pyc2cField pyc2c_fields_%d[] = {", i);
            for (int k = 0; k < c->fields.len; k++) {
                const IrField *f = &c->fields.data[k];
                emit_line(E, 1, "{\"%s\", '%c', %d, %d, %uu, NULL, NULL},", f->name, f->kind, f->offset, f->bitmap,
                          f->bit);
            }
            emit_line(E, 0, "};");
        }
        char base[32] = "NULL";
        if (c->base >= 0) {
            snprintf(base, sizeof base, "&pyc2c_cls_%d", c->base);
        }
        const char *fields = c->fields.len ? arena_printf(&E->ctx->arena, "pyc2c_fields_%d", i) : "NULL";
        const char *names = "NULL", *meths = "NULL";
        if (c->methods.len) {
            emit_line(E, 0, "static const char *pyc2c_mnames_%d[] = {", i);
            for (int k = 0; k < c->methods.len; k++) {
                emit_line(E, 1, "\"%s\",", c->methods.data[k]);
            }
            emit_line(E, 0, "};");
            emit_line(E, 0, "static PyObject *pyc2c_meths_%d[%d];", i, c->methods.len);
            names = arena_printf(&E->ctx->arena, "pyc2c_mnames_%d", i);
            meths = arena_printf(&E->ctx->arena, "pyc2c_meths_%d", i);
        }
        emit_line(E, 0, "static Pyc2cClass pyc2c_cls_%d = {\"%s\", %s, %d, %d, %d, %d, %s, %d, %s, %s, NULL, 0, 0, 0};",
                  i, c->name, base, c->base_size, c->slots_size, c->basicsize, c->fields.len, fields,
                  c->methods.len, names, meths);
    }
}

static const char *r(Emitter *E, IrReg x)
{
    return arena_printf(&E->ctx->arena, "r%d", x);
}

static void emit_field_get(Emitter *E, const IrOp *op)
{
    const char *o = r(E, op->args[0]), *d = r(E, op->dst);
    int c = op->u.field.cls, owner = op->u.field.owner, k = op->u.field.field;
    if (op->u.field.kind == 'o') {
        emit_line(E, 1, "%s = Pyc2c_FieldGetO(%s, &pyc2c_cls_%d, &pyc2c_fields_%d[%d], %d);", d, o, c, owner, k,
                  op->u.field.offset);
        return;
    }
    emit_line(E, 1, "%s = Pyc2c_FieldGet%c(%s, &pyc2c_cls_%d, &pyc2c_fields_%d[%d], %d, %d, %uu);", d,
              op->u.field.kind == 'f' ? 'F' : 'B', o, c, owner, k, op->u.field.offset, op->u.field.bitmap,
              op->u.field.bit);
}

static void emit_field_set(Emitter *E, const IrOp *op)
{
    const char *o = r(E, op->args[0]), *v = r(E, op->args[1]), *d = r(E, op->dst);
    int c = op->u.field.cls, owner = op->u.field.owner, k = op->u.field.field;
    if (op->u.field.kind == 'o') {
        emit_line(E, 1, "%s = Pyc2c_FieldSetO(%s, &pyc2c_cls_%d, &pyc2c_fields_%d[%d], %d, %s);", d, o, c, owner, k,
                  op->u.field.offset, v);
        return;
    }
    emit_line(E, 1, "%s = Pyc2c_FieldSet%c(%s, &pyc2c_cls_%d, &pyc2c_fields_%d[%d], %d, %d, %uu, %s);", d,
              op->u.field.kind == 'f' ? 'F' : 'B', o, c, owner, k, op->u.field.offset, op->u.field.bitmap,
              op->u.field.bit, v);
}

void emit_class_op(Emitter *E, const IrOp *op)
{
    int c = op->u.field.cls;
    switch (op->kind) {
    case IR_NCLASS_CREATE:
        emit_line(E, 1, "%s = Pyc2c_NativeClassCreate(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_NCLASS_FINISH:
        emit_line(E, 1, "%s = Pyc2c_NativeClassFinish(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_CAST_INST:
        emit_line(E, 1, "%s = Pyc2c_CastInstance(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_METHOD_INTACT:
        emit_line(E, 1, "%s = Pyc2c_MethodFast(%s, &pyc2c_cls_%d, %d, &pyc2c_funcdef_%s);", r(E, op->dst),
                  r(E, op->args[0]), c, op->u.field.field, emit_c_name(E, op->u.field.method));
        break;
    case IR_FIELD_GET: emit_field_get(E, op); break;
    case IR_FIELD_SET: emit_field_set(E, op); break;
    default: ICE("op %s is not a class op", ir_op_name(op->kind));
    }
}
