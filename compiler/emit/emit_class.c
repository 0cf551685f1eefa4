/* emit_class.c - native classes: their tables (pyc2c_cls_<i>, pyc2c_fields_<i>, read
 * by runtime/native_class.c) and the ops on them. */
#include "emit_internal.h"

/* Is class d a native subclass of class c (any depth)? */
/* Is reg the register the function's IR_CLASS_OF_SELF sets (self's class check, re-checked
 * after calls)? Its re-check takes runtime's Pyc2c_SelfClassRechecked, whose full check is
 * out of line: it fails only when self's class changed under the method. */
static bool self_check_reg(const IrFunc *f, IrReg reg)
{
    for (int b = 0; f && b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_CLASS_OF_SELF && op->dst == reg) {
                return true;
            }
        }
    }
    return false;
}

static bool derives(const IrModule *m, int d, int c)
{
    for (int k = m->classes.data[d]->base; k >= 0; k = m->classes.data[k]->base) {
        if (k == c) {
            return true;
        }
    }
    return false;
}

/* A class no other class of the module derives from: its family is itself, so its checks
 * take runtime's Pyc2c_LeafClass* forms (one compare of type and tag inline; emit.c too). */
bool emit_leaf_class(const IrModule *m, int c)
{
    for (int d = 0; d < m->classes.len; d++) {
        if (derives(m, d, c)) {
            return false;
        }
    }
    return true;
}

/* The method slots every class shares: their names, and per class what its type finds
 * there (runtime/native_class.c fills them). */
static void emit_method_slots(Emitter *E)
{
    int n = E->m->method_slots.len;
    if (n == 0) {
        return;
    }
    emit_line(E, 0, "PYC2C_VAR const char *const pyc2c_mnames[] PYC2C_INIT({");
    for (int k = 0; k < n; k++) {
        emit_line(E, 1, "\"%s\",", E->m->method_slots.data[k]);
    }
    emit_line(E, 0, "});");
    emit_line(E, 0, "PYC2C_VAR PyObject *pyc2c_mpynames[%d];", n);
    for (int i = 0; i < E->m->classes.len; i++) {
        emit_line(E, 0, "PYC2C_VAR PyObject *pyc2c_meths_%d[%d];", i, n);
        emit_line(E, 0, "PYC2C_VAR const Pyc2cFuncDef *pyc2c_vdefs_%d[%d];", i, n);
        emit_line(E, 0, "PYC2C_VAR const Pyc2cVCall *pyc2c_vcalls_%d[%d];", i, n);
    }
}

/* Does class i or a native base hold any object slot or int field (whose word may hold an int)? */
static bool has_object_slots(const IrModule *m, int i)
{
    for (int k = i; k >= 0; k = m->classes.data[k]->base) {
        const IrClass *c = m->classes.data[k];
        for (int j = 0; j < c->fields.len; j++) {
            if (c->fields.data[j].kind == IRF_OBJ || c->fields.data[j].kind == IRF_INT) {
                return true;
            }
        }
    }
    return false;
}

/* The class's GC traverse and clear: its object slots and its native bases' at the
 * offsets the layout was compiled for (runtime/native_class.c installs them once the
 * type is checked to have that layout). CPython's subtype_traverse walks the slot
 * member tables of every base on each visit instead. */
static void emit_gc_slots(Emitter *E, int i)
{
    emit_line(E, 0, "PYC2C_FN int pyc2c_gctraverse_%d(PyObject *o, visitproc visit, void *arg);", i);
    emit_line(E, 0, "PYC2C_FN int pyc2c_gcclear_%d(PyObject *o);", i);
    emit_line(E, 0, "#if PYC2C_IN_PART(0)");
    for (int clear = 0; clear < 2; clear++) {
        if (clear) {
            emit_line(E, 0, "PYC2C_FN int pyc2c_gcclear_%d(PyObject *o)\n{", i);
        } else {
            emit_line(E, 0, "PYC2C_FN int pyc2c_gctraverse_%d(PyObject *o, visitproc visit, void *arg)\n{", i);
            /* A heap type's instances hold it, so traverse visits it. The class itself is
             * held for good by pyc2c_cls_<i>.type (Pyc2c_NativeClassCreate's reference, out
             * of the GC's sight), so it is never garbage and its visit finds no cycle: one
             * call less per instance and collection. Another type here (a Python
             * subclass, whose subtype_traverse leaves the visit to this base) is visited. */
            emit_line(E, 1, "if (Py_TYPE(o) != pyc2c_cls_%d.type) {   /* the class is held for good */", i);
            emit_line(E, 2, "Py_VISIT(Py_TYPE(o));");
            emit_line(E, 1, "}");
        }
        for (int k = i; k >= 0; k = E->m->classes.data[k]->base) {
            const IrClass *c = E->m->classes.data[k];
            for (int j = 0; j < c->fields.len; j++) {
                const IrField *f = &c->fields.data[j];
                if (f->kind == IRF_OBJ) {
                    emit_line(E, 1, clear ? "Py_CLEAR(PYC2C_AT(o, %d, PyObject *));" : "Py_VISIT(PYC2C_AT(o, %d, PyObject *));",
                              f->offset);
                } else if (f->kind == IRF_INT) {   /* a big int or int subclass held in its word */
                    emit_line(E, 1, clear ? "PYC2C_CLEAR_INT_FIELD(o, %d);" : "PYC2C_VISIT_INT_FIELD(o, %d);", f->offset);
                }
            }
        }
        emit_line(E, 1, "return 0;");
        emit_line(E, 0, "}");
    }
    emit_line(E, 0, "#endif");
}

static void emit_class_table(Emitter *E, int i)
{
    const IrClass *c = E->m->classes.data[i];
    if (c->fields.len) {
        emit_line(E, 0, "PYC2C_VAR Pyc2cField pyc2c_fields_%d[] PYC2C_INIT({", i);
        for (int k = 0; k < c->fields.len; k++) {
            const IrField *f = &c->fields.data[k];
            emit_line(E, 1, "{.name = \"%s\", .kind = '%c', .offset = %d, .bitmap = %d, .bit = %uu,", f->name,
                      f->kind, f->offset, f->bitmap, f->bit);
            if (f->cls >= 0) {
                emit_line(E, 2, ".cls = &pyc2c_cls_%d, .or_none = %d,", f->cls, f->or_none);
            }
            emit_line(E, 1, "},");
        }
        emit_line(E, 0, "});");
    }
    emit_line(E, 0, "PYC2C_VAR Pyc2cClass *const pyc2c_subs_%d[] PYC2C_INIT({", i);
    for (int d = 0; d < E->m->classes.len; d++) {
        if (derives(E->m, d, i)) {
            emit_line(E, 1, "&pyc2c_cls_%d,", d);
        }
    }
    emit_line(E, 1, "NULL,");
    emit_line(E, 0, "});");
    bool slots = E->m->method_slots.len > 0;
    bool gc = has_object_slots(E->m, i);
    if (gc) {
        emit_gc_slots(E, i);
    }
    emit_line(E, 0, "PYC2C_VAR Pyc2cClass pyc2c_cls_%d PYC2C_INIT({", i);
    emit_line(E, 1, ".name = \"%s\",", c->name);
    /* (no type's tag, until the class is made: the tag-only class checks, native_class.h) */
    emit_line(E, 1, ".tag = PYC2C_CLASS_NO_TAG,");
    emit_line(E, 1, ".checked_tag = PYC2C_CLASS_NO_TAG,");
    if (c->base >= 0) {
        emit_line(E, 1, ".base = &pyc2c_cls_%d,", c->base);
    }
    emit_line(E, 1, ".subs = pyc2c_subs_%d,", i);
    if (c->source_slots) {
        emit_line(E, 1, ".source_slots = 1,");
    }
    if (c->weakref) {
        emit_line(E, 1, ".weakref = 1,");
    }
    if (c->abc_root) {
        emit_line(E, 1, ".abc_root = 1,");
    }
    emit_line(E, 1, ".base_size = %d, .slots_size = %d, .basicsize = %d,", c->base_size, c->slots_size, c->basicsize);
    if (c->fields.len) {
        emit_line(E, 1, ".nfields = %d, .fields = pyc2c_fields_%d,", c->fields.len, i);
    }
    if (slots) {
        emit_line(E, 1, ".nmethods = %d, .method_names = pyc2c_mnames, .method_pynames = pyc2c_mpynames,",
                  E->m->method_slots.len);
        emit_line(E, 1, ".methods = pyc2c_meths_%d, .vdefs = pyc2c_vdefs_%d, .vcalls = pyc2c_vcalls_%d,", i, i, i);
    }
    if (gc) {
        emit_line(E, 1, ".traverse = pyc2c_gctraverse_%d, .clear = pyc2c_gcclear_%d,", i, i);
    }
    emit_line(E, 0, "});");
}

void emit_class_tables(Emitter *E)
{
    for (int i = 0; i < E->m->classes.len; i++) {
        emit_line(E, 0, "PYC2C_VAR Pyc2cClass pyc2c_cls_%d;", i);
    }
    emit_method_slots(E);
    for (int i = 0; i < E->m->classes.len; i++) {
        emit_class_table(E, i);
    }
}

static const char *r(Emitter *E, IrReg x)
{
    return emit_reg(E, x);
}

static char unboxed_suffix(IrFieldKind kind)
{
    return kind == IRF_FLOAT ? 'F' : kind == IRF_BOOL ? 'B' : kind == IRF_I64 ? 'Q' : kind == IRF_I32 ? 'W' : 'I';
}

/* The class argument of a field op: "&pyc2c_cls_<c>" (the op checks), or "<K>" with the
 * suffix K (a class_of result given as its last operand: classchecks.c). */
static const char *field_guard(Emitter *E, const IrOp *op, int checked_nargs, const char **k)
{
    if (op->nargs == checked_nargs) {
        *k = "K";
        return r(E, op->args[checked_nargs - 1]);
    }
    *k = "";
    return arena_printf(&E->ctx->arena, "&pyc2c_cls_%d", op->u.field.cls);
}

/* pass/borrow.c: does the field op on a borrowed object stay on its fast path (the
 * check holds; a read finds the field set), where no Python code runs? */
static void emit_field_fast(Emitter *E, const IrOp *op)
{
    const char *o = r(E, op->args[0]), *k = r(E, op->args[1]), *d = r(E, op->dst);
    if (op->borrow1 == 1) {   /* a store */
        emit_line(E, 1, "%s = %s != 0;", d, k);
    } else if (op->borrow1 == 2) {   /* a read of an exact list (pass/borrow.c try_field_list) */
        emit_line(E, 1, "%s = %s != 0 && PYC2C_AT(%s, %d, PyObject *) != NULL && PyList_CheckExact(PYC2C_AT(%s, %d, PyObject *));",
                  d, k, o, op->u.field.offset, o, op->u.field.offset);
    } else if (op->u.field.kind == IRF_OBJ) {
        emit_line(E, 1, "%s = %s != 0 && PYC2C_AT(%s, %d, PyObject *) != NULL;", d, k, o, op->u.field.offset);
    } else if (op->u.field.kind == IRF_INT) {
        emit_line(E, 1, "%s = %s != 0 && PYC2C_FIELD_INT_SET(PYC2C_AT(%s, %d, Pyc2cInt));", d, k, o, op->u.field.offset);
    } else {
        emit_line(E, 1, "%s = %s != 0 && (PYC2C_AT(%s, %d, uint32_t) & %uu) != 0;", d, k, o, op->u.field.bitmap,
                  op->u.field.bit);
    }
}

static void emit_field_get(Emitter *E, const IrOp *op)
{
    const char *o = r(E, op->args[0]), *d = r(E, op->dst), *k;
    const char *g = field_guard(E, op, 2, &k);
    int owner = op->u.field.owner, i = op->u.field.field;
    if (op->borrow1 == -2) {   /* its fast path tested (pass/borrow.c): the slot's object, borrowed */
        emit_line(E, 1, "%s = PYC2C_AT(%s, %d, PyObject *);", d, o, op->u.field.offset);
        return;
    }
    if (op->u.field.kind == IRF_OBJ && op->borrow1 == -1 && E->borrow_body && *k) {   /* an accessor's return */
        emit_line(E, 1, "%s = Pyc2c_FieldGetOKB(%s, %s, &pyc2c_fields_%d[%d], %d, pyc2c_owned);", d, o, g, owner, i,
                  op->u.field.offset);
        return;
    }
    if (op->u.field.kind == IRF_OBJ) {
        emit_line(E, 1, "%s = Pyc2c_FieldGetO%s(%s, %s, &pyc2c_fields_%d[%d], %d);", d, k, o, g, owner, i,
                  op->u.field.offset);
        return;
    }
    if (op->u.field.kind == IRF_INT) {   /* its word is its own set test */
        emit_line(E, 1, "%s = Pyc2c_FieldGetI%s(%s, %s, &pyc2c_fields_%d[%d], %d);", d, k, o, g, owner, i,
                  op->u.field.offset);
        return;
    }
    emit_line(E, 1, "%s = Pyc2c_FieldGet%c%s(%s, %s, &pyc2c_fields_%d[%d], %d, %d, %uu);", d,
              unboxed_suffix(op->u.field.kind), k, o, g, owner, i, op->u.field.offset, op->u.field.bitmap,
              op->u.field.bit);
}

/* A read of a float, i64 or i32 field given its check (Pyc2c_FieldGetXK): its fast test,
 * the value it then reads and the slow call otherwise, as C expressions (runtime
 * PYC2C_FIELD_SET_K), for emit_op.c's emit_field_get_tested; false for other reads. */
bool emit_field_get_parts(Emitter *E, const IrOp *op, const char **test, const char **fast, const char **slow)
{
    IrFieldKind kind = op->u.field.kind;
    if (op->kind != IR_FIELD_GET || op->nargs != 2 || op->borrow1 == -2 ||
        (kind != IRF_FLOAT && kind != IRF_I64 && kind != IRF_I32)) {
        return false;
    }
    Arena *a = &E->ctx->arena;
    const char *o = r(E, op->args[0]);
    *test = arena_printf(a, "PYC2C_FIELD_SET_K(%s, %s, %d, %uu)", o, r(E, op->args[1]), op->u.field.bitmap,
                         op->u.field.bit);
    *fast = arena_printf(a, "PYC2C_AT(%s, %d, %s)", o, op->u.field.offset,
                         kind == IRF_FLOAT ? "double" : kind == IRF_I64 ? "int64_t" : "int32_t");
    *slow = arena_printf(a, "Pyc2c_FieldGetSlow%c(%s, &pyc2c_fields_%d[%d])", unboxed_suffix(kind), o,
                         op->u.field.owner, op->u.field.field);
    return true;
}

static void emit_field_set(Emitter *E, const IrOp *op)
{
    const char *o = r(E, op->args[0]), *v = r(E, op->args[1]), *d = r(E, op->dst), *k;
    const char *g = field_guard(E, op, 3, &k);
    int owner = op->u.field.owner, i = op->u.field.field;
    if (op->u.field.kind == IRF_OBJ) {
        emit_line(E, 1, "%s = Pyc2c_FieldSetO%s(%s, %s, &pyc2c_fields_%d[%d], %d, %s);", d, k, o, g, owner, i,
                  op->u.field.offset, v);
        return;
    }
    if (op->u.field.kind == IRF_INT) {
        emit_line(E, 1, "%s = Pyc2c_FieldSetI%s(%s, %s, &pyc2c_fields_%d[%d], %d, %s);", d, k, o, g,
                  owner, i, op->u.field.offset, v);
        return;
    }
    emit_line(E, 1, "%s = Pyc2c_FieldSet%c%s(%s, %s, &pyc2c_fields_%d[%d], %d, %d, %uu, %s);", d,
              unboxed_suffix(op->u.field.kind), k, o, g, owner, i, op->u.field.offset, op->u.field.bitmap,
              op->u.field.bit, v);
}

static void emit_method_def(Emitter *E, const IrOp *op)
{
    if (op->nargs == 2) {
        emit_line(E, 1, "%s = (int64_t)(intptr_t)Pyc2c_MethodDefK(%s, %d);", r(E, op->dst), r(E, op->args[1]),
                  op->u.method.slot);
        return;
    }
    emit_line(E, 1, "%s = (int64_t)(intptr_t)Pyc2c_MethodDef(%s, &pyc2c_cls_%d, %d);", r(E, op->dst),
              r(E, op->args[0]), op->u.method.cls, op->u.method.slot);
}

/* The entry of a call through the vtable (build_vtable.c): with the receiver's check
 * given (classchecks.c), else made here. */
static void emit_vtable_entry(Emitter *E, const IrOp *op)
{
    const char *k = op->nargs == 2 ? r(E, op->args[1])
                                   : arena_printf(&E->ctx->arena, "Pyc2c_ClassChecked(%s, &pyc2c_cls_%d)",
                                                  r(E, op->args[0]), op->u.vtable.cls);
    emit_line(E, 1, "%s = (int64_t)(intptr_t)Pyc2c_VCallEntry(%s, %d, &pyc2c_vkey_%d);", r(E, op->dst), k,
              op->u.vtable.slot, op->u.vtable.key);
}

void emit_class_op(Emitter *E, const IrOp *op)
{
    int c = op->u.cls;
    switch (op->kind) {
    case IR_NCLASS_CREATE:
        emit_line(E, 1, "%s = Pyc2c_NativeClassCreate(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_NCLASS_DECO:
        emit_line(E, 1, "%s = Pyc2c_NativeClassDecorator(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_NCLASS_FINISH:
        emit_line(E, 1, "%s = Pyc2c_NativeClassFinish(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_CAST_INST:   /* args[1]: a class_of of args[0] made just before (classchecks.c) */
        emit_line(E, 1, "%s = %s%s%sPyc2c_%sCastInstanceSteal(%s, &pyc2c_cls_%d, %d);", r(E, op->dst),
                  op->nargs > 1 ? r(E, op->args[1]) : "", op->nargs > 1 ? " != 0 ? " : "",
                  op->nargs > 1 ? arena_printf(&E->ctx->arena, "%s : ", r(E, op->args[0])) : "",
                  emit_leaf_class(E->m, op->u.cast_inst.cls) ? "Leaf" : "", r(E, op->args[0]),
                  op->u.cast_inst.cls, op->u.cast_inst.or_none);
        break;
    case IR_METHOD_DEF: emit_method_def(E, op); break;
    case IR_VTABLE_ENTRY: emit_vtable_entry(E, op); break;
    case IR_METHOD_INTACT:
        emit_line(E, 1, "%s = %s == (int64_t)(intptr_t)&pyc2c_funcdef_%s + %d;", r(E, op->dst), r(E, op->args[0]),
                  emit_c_name(E, op->u.method.method), op->u.method.kind);
        break;
    case IR_CLASS_DEF:
        emit_line(E, 1, "%s = (int64_t)(intptr_t)Pyc2c_ClassSlotDef(%s, &pyc2c_cls_%d, %d);", r(E, op->dst),
                  r(E, op->args[0]), op->u.method.cls, op->u.method.slot);
        break;
    case IR_SUPER_DEF:
        emit_line(E, 1, "%s = (int64_t)(intptr_t)Pyc2c_SuperDef(%s, %s, &pyc2c_cls_%d, %d);", r(E, op->dst),
                  r(E, op->args[0]), op->nargs > 1 ? r(E, op->args[1]) : "NULL", op->u.method.cls, op->u.method.slot);
        break;
    case IR_LAYOUT_IS:   /* args[1]: a class_of of args[0] made just before (classchecks.c) */
        emit_line(E, 1, "%s = %s%sPyc2c_ClassOf(%s, &pyc2c_cls_%d) != NULL;", r(E, op->dst),
                  op->nargs > 1 ? r(E, op->args[1]) : "", op->nargs > 1 ? " != 0 || " : "", r(E, op->args[0]), c);
        break;
    case IR_CLASS_OF:   /* dst holds 0 or the last check of this (object, class) pair */
        if (op->nargs == 2) {   /* after an interrupt check (args[1]): only if it ran the handlers */
            emit_line(E, 1, "if (PYC2C_UNLIKELY(%s != 0)) {", r(E, op->args[1]));
        }
        emit_line(E, op->nargs == 2 ? 2 : 1, "%s = Pyc2c_%sClassRechecked(%s, %s, &pyc2c_cls_%d);", r(E, op->dst),
                  emit_leaf_class(E->m, c) ? "Leaf" : self_check_reg(E->f, op->dst) ? "Self" : "",
                  r(E, op->args[0]), r(E, op->dst), c);
        if (op->nargs == 2) {
            emit_line(E, 1, "}");
        }
        break;
    case IR_CLASS_OF_SELF:
        if (E->selfk_in_body) {
            emit_line(E, 1, "%s = pyc2c_selfk;", r(E, op->dst));
        } else {
            emit_line(E, 1, "%s = Pyc2c_%sClassChecked(%s, &pyc2c_cls_%d);", r(E, op->dst),
                      emit_leaf_class(E->m, c) ? "Leaf" : "", r(E, op->args[0]), c);
        }
        break;
    case IR_CLASS_KEEP:
        emit_line(E, 1, "%s = %s != 0 ? %s : 0;", r(E, op->dst), r(E, op->args[1]), r(E, op->args[0]));
        break;
    case IR_CLASS_NARROW:
        emit_line(E, 1, "%s = Pyc2c_ClassNarrow(%s, &pyc2c_cls_%d);", r(E, op->dst), r(E, op->args[0]), c);
        break;
    case IR_INIT_INTACT:
        emit_line(E, 1, "%s = Pyc2c_InitDef(%s, &pyc2c_cls_%d, %d) == &pyc2c_funcdef_%s;", r(E, op->dst),
                  r(E, op->args[0]), op->u.method.cls, op->u.method.slot, emit_c_name(E, op->u.method.method));
        break;
    case IR_NEW_INST:
        emit_line(E, 1, "%s = Pyc2c_NewInstance(&pyc2c_cls_%d);", r(E, op->dst), c);
        break;
    case IR_CLASS_CELL:
        emit_line(E, 1, "%s = Pyc2c_ClassCell(&pyc2c_cls_%d);", r(E, op->dst), c);
        break;
    case IR_FIELD_GET: emit_field_get(E, op); break;
    case IR_FIELD_FAST: emit_field_fast(E, op); break;
    case IR_FIELD_SET: emit_field_set(E, op); break;
    default: ICE("op %s is not a class op", ir_op_name(op->kind));
    }
}
