/* build_typed.c - operations on values of a known container type or str: indexing,
 * typed methods (methods.def), len/str/ord/list and loops over lists, tuples and
 * strings as counted loops. Elements are objects; reading one where a typed value is
 * wanted goes through bld_coerce (a checked unbox or cast). */
#include <string.h>
#include "build.h"

/* The index register of x[i]: a tagged int for sequences, a boxed key for dicts. */
IrReg build_typed_index(Builder *b, AstExpr *sub)
{
    AstExpr *ix = sub->u.subscript.index;
    bool dict = sub->u.subscript.value->type->kind == TY_DICT;
    return build_expr_as(b, ix, dict ? &ty_object : &ty_int);
}

IrReg build_typed_get(Builder *b, AstExpr *e, IrReg o, IrReg ix)
{
    int line = e->loc.line;
    const Type *vt = e->u.subscript.value->type;
    switch (vt->kind) {
    case TY_LIST:
        if (e->type->kind == TY_INT) {
            return bld_prim(b, PRIM_LIST_GET_INT, line, o, ix);
        }
        if (e->type->kind == TY_BOOL) {
            return bld_prim(b, PRIM_LIST_GET_BOOL, line, o, ix);
        }
        return bld_coerce(b, bld_prim(b, PRIM_LIST_GET, line, o, ix), &ty_object, e->type, line);
    case TY_TUPLE:
        return bld_coerce(b, bld_prim(b, PRIM_TUPLE_GET, line, o, ix), &ty_object, e->type, line);
    case TY_STR:
        return bld_prim(b, PRIM_STR_GET, line, o, ix);
    case TY_DICT:
        return bld_coerce(b, bld_prim(b, PRIM_DICT_GET, line, o, ix), &ty_object, e->type, line);
    default:
        ICE("typed subscript of %s", type_name(vt));
    }
}

/* xs[i] = v, d[k] = v; v has the target's (element) type. */
void build_typed_set(Builder *b, AstExpr *target, IrReg o, IrReg ix, IrReg v, int line)
{
    const Type *vt = target->u.subscript.value->type;
    IrReg args[3] = {o, ix, v};
    if (vt->kind == TY_LIST && (target->type->kind == TY_INT || target->type->kind == TY_BOOL)) {
        bld_prim_p(b, prim(target->type->kind == TY_INT ? PRIM_LIST_SET_INT : PRIM_LIST_SET_BOOL), line, args);
        return;
    }
    args[2] = bld_coerce(b, v, target->type, &ty_object, line);
    bld_prim_p(b, prim(vt->kind == TY_LIST ? PRIM_LIST_SET : PRIM_DICT_SET), line, args);
}

/* recv.m(args) with a typed method of methods.def. */
static IrReg typed_method(Builder *b, AstExpr *e, const Method *m)
{
    int line = e->loc.line;
    AstExpr *recv = e->u.call.func->u.attribute.value;
    IrReg args[3];
    args[0] = build_expr_as(b, recv, recv->type);
    for (int i = 0; i < m->nargs; i++) {
        AstExpr *a = e->u.call.args.data[i];
        const Type *want = sema_method_arg_type(m, i, recv->type);
        IrReg r = build_expr_as(b, a, want);
        args[i + 1] = m->prim.args[i + 1] == RT_OBJ ? bld_coerce(b, r, want, &ty_object, line) : r;
    }
    IrReg r = bld_prim_p(b, &m->prim, line, args);
    if (m->prim.result != RT_OBJ) {
        return r;
    }
    bool checked = m->result == MR_ELT || m->result == MR_VAL || m->result == MR_GET;
    return checked ? bld_coerce(b, r, &ty_object, e->type, line) : r;
}

/* A builtin call sema typed through sema_container_builtin; -1 when it is not one. */
static IrReg typed_builtin(Builder *b, AstExpr *e, const Shim *sh)
{
    int line = e->loc.line;
    AstExpr *a0 = e->u.call.args.len ? e->u.call.args.data[0] : NULL;
    switch (sh->kind) {
    case SHIM_LEN: {
        if (e->type->kind != TY_INT) {
            return -1;
        }
        static const PrimId lens[TY_COUNT] = {[TY_LIST] = PRIM_LIST_LEN, [TY_TUPLE] = PRIM_TUPLE_LEN,
                                              [TY_STR] = PRIM_STR_LEN, [TY_DICT] = PRIM_DICT_LEN,
                                              [TY_SET] = PRIM_SET_LEN};
        IrReg o = build_expr_as(b, a0, a0->type);
        if (a0->type->kind == TY_OBJECT || a0->type->kind == TY_INSTANCE) {
            return bld_prim(b, PRIM_OBJ_LEN, line, o, -1);
        }
        return bld_coerce(b, bld_prim(b, lens[a0->type->kind], line, o, -1), &ty_i64, &ty_int, line);
    }
    case SHIM_STR:
        if (e->type->kind != TY_STR) {
            return -1;
        }
        if (a0->type->kind == TY_INT || a0->type->kind == TY_I64 || a0->type->kind == TY_I32) {
            return bld_prim(b, PRIM_STR_OF_INT, line, build_expr_as(b, a0, &ty_int), -1);
        }
        return bld_prim(b, PRIM_STR_OF, line, build_expr_as(b, a0, &ty_object), -1);
    case SHIM_ORD:
        return e->type->kind == TY_INT ? bld_prim(b, PRIM_STR_ORD, line, build_expr_as(b, a0, &ty_str), -1) : -1;
    case SHIM_LIST:
        return e->type->kind == TY_LIST ? bld_prim(b, PRIM_LIST_OF, line, build_expr_as(b, a0, &ty_object), -1) : -1;
    case SHIM_SORTED: case SHIM_ENUMERATE: case SHIM_ZIP: {
        const Type *t = e->type;
        if (t->kind != TY_LIST && t->kind != TY_ITER) {
            return -1;
        }
        e->type = &ty_object;   /* the ordinary call of the builtin, then its result checked */
        IrReg r = build_call(b, e);
        e->type = t;
        return bld_coerce(b, r, &ty_object, t, line);
    }
    default:
        return -1;
    }
}

IrReg build_typed_call(Builder *b, AstExpr *e, const Shim *sh)
{
    if (sh) {
        return typed_builtin(b, e, sh);
    }
    const Method *m = sema_typed_method(e);
    return m ? typed_method(b, e, m) : -1;
}

/* for x in xs (list, tuple, str): an index that re-reads the length each time, as
 * CPython's iterators do (a list that grows or shrinks in the loop is seen). */
bool build_seq_loop(Builder *b, AstStmt *st, void (*body)(Builder *, AstStmt *, IrBlock *, IrBlock *))
{
    AstExpr *it = st->u.for_.iter;
    TypeKind k = it->type->kind;
    if (k != TY_LIST && k != TY_TUPLE && k != TY_STR) {
        return false;
    }
    int line = st->loc.line;
    IrReg seq = bld_temp(b, RT_OBJ);   /* the loop keeps the object it started with */
    bld_move(b, seq, build_expr_as(b, it, it->type), line);
    IrReg i = bld_temp(b, RT_I64);
    bld_move(b, i, build_i64_const(b, 0), line);
    IrBlock *head = bld_block(b), *step = bld_block(b), *end = bld_block(b), *broke = bld_block(b);
    IrBlock *done = bld_block(b);
    bld_goto(b, head, line);
    bld_switch(b, head);
    PrimId len = k == TY_LIST ? PRIM_LIST_LEN : k == TY_TUPLE ? PRIM_TUPLE_LEN : PRIM_STR_LEN;
    IrReg n = bld_prim(b, len, line, seq, -1);
    IrBlock *in = bld_block(b);
    bld_branch(b, bld_prim(b, PRIM_I64_LT, line, i, n), in, end, line);
    bld_switch(b, in);
    PrimId at = k == TY_LIST ? PRIM_LIST_ITEM_AT : k == TY_TUPLE ? PRIM_TUPLE_ITEM_AT : PRIM_STR_ITEM_AT;
    IrReg item = bld_prim(b, at, line, seq, i);
    bld_move(b, i, bld_prim(b, PRIM_I64_INC, line, i, -1), line);
    AstExpr *t = st->u.for_.target;
    const Type *from = k == TY_STR ? &ty_str : &ty_object;
    build_store(b, t, bld_coerce(b, item, from, t->type, line), line);
    body(b, st, broke, step);
    bld_switch(b, step);
    bld_goto(b, head, line);
    bld_switch(b, broke);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, seq, -1);
    bld_goto(b, done, line);
    bld_switch(b, end);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, seq, -1);
    build_body(b, &st->u.for_.orelse);
    bld_goto(b, done, line);
    bld_switch(b, done);
    return true;
}
