/* build_split.c - split returns. A module function declared to return a fixed tuple
 * of unboxed values (`-> tuple[int, float]`, 2 to IR_MAX_SPLIT elements) returns them
 * as separate C values: the first as its result, the others through out-pointers
 * (IrFunc.split, IrOp.outs). `q, r = f(x)` and `return a, b` then build no tuple and
 * box nothing; a call used as a value, the Python entry and a rebound name build or
 * take the tuple as before. */
#include "build.h"

/* The representations of sf's result elements when it returns split, else 0 (a
 * NamedTuple keeps its class: never split). Only
 * functions called by name through their native entry: not methods (vtables), nested
 * functions or memoized ones (their callers and caches take one object). */
int build_split_rtypes(const SemaFunc *sf, RType *out)
{
    const Type *t = sf->ret;
    if (!t || t->kind != TY_TUPLE || t->varlen || type_is_named_tuple(t) || t->nargs < 2 || t->nargs > IR_MAX_SPLIT || sf->cls ||
        sf->nested || sf->memo || sf->freevars.len > 0) {
        return 0;
    }
    for (int i = 0; i < t->nargs; i++) {
        TypeKind k = t->args[i]->kind;
        if (k != TY_INT && k != TY_FLOAT && k != TY_BOOL && k != TY_I64 && k != TY_I32) {
            return 0;
        }
        out[i] = rtype_of(t->args[i]);
    }
    return t->nargs;
}

/* The tuple of a split result's elements (of tuple type t). */
IrReg build_split_box(Builder *b, const IrReg *parts, const Type *t, int line)
{
    IrReg boxed[IR_MAX_SPLIT];
    for (int i = 0; i < t->nargs; i++) {
        boxed[i] = bld_coerce(b, parts[i], t->args[i], &ty_object, line);
    }
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), t->nargs);
    op->u.build = IRB_TUPLE;
    for (int i = 0; i < t->nargs; i++) {
        op->args[i] = boxed[i];
    }
    return op->dst;
}

/* The elements of an object that should be a tuple of type t, each checked as any
 * object entering typed code is (unpacking's ValueError on a wrong length). */
void build_split_unpack(Builder *b, IrReg obj, const Type *t, IrReg *parts, int line)
{
    IrReg items = bld_prim(b, PRIM_UNPACK, line, obj, build_i64_const(b, t->nargs));
    for (int i = 0; i < t->nargs; i++) {
        IrReg item = bld_prim(b, PRIM_TUPLE_ITEM, line, items, build_i64_const(b, i));
        parts[i] = bld_coerce(b, item, &ty_object, t->args[i], line);
    }
}

static bool plain_tuple_display(const AstExpr *e, int n)
{
    if (e->kind != EXPR_TUPLE || e->u.seq.elts.len != n) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (e->u.seq.elts.data[i]->kind == EXPR_STARRED) {
            return false;
        }
    }
    return true;
}

/* The elements a split function returns for `return value`, into parts. */
void build_split_return_values(Builder *b, AstExpr *value, IrReg *parts)
{
    const Type *t = b->ret_type;
    int line = value->loc.line;
    if (plain_tuple_display(value, t->nargs)) {
        for (int i = 0; i < t->nargs; i++) {
            parts[i] = build_expr_as(b, value->u.seq.elts.data[i], t->args[i]);
        }
        return;
    }
    const Type *vt = value->type;
    if (vt && vt->kind == TY_TUPLE && !vt->varlen && vt->nargs == t->nargs && build_split_call(b, value, parts)) {
        for (int i = 0; i < t->nargs; i++) {
            parts[i] = bld_coerce(b, parts[i], vt->args[i], t->args[i], line);
        }
        return;
    }
    build_split_unpack(b, build_expr_as(b, value, &ty_object), t, parts, line);
}

/* `a, b = f(x)` with f split into as many elements: each stored from its register. */
bool build_split_assign(Builder *b, AstStmt *st)
{
    AstExpr *target = st->u.assign.targets.data[0], *value = st->u.assign.value;
    const Type *vt = value->type;
    if (st->u.assign.targets.len != 1 || (target->kind != EXPR_TUPLE && target->kind != EXPR_LIST) || !vt ||
        vt->kind != TY_TUPLE || vt->varlen || vt->nargs > IR_MAX_SPLIT) {
        return false;
    }
    AstExprVec *elts = &target->u.seq.elts;
    for (int i = 0; i < elts->len; i++) {
        if (elts->data[i]->kind == EXPR_STARRED) {
            return false;
        }
    }
    IrReg parts[IR_MAX_SPLIT];
    if (elts->len != vt->nargs || !(build_partition_parts(b, value, parts) || build_split_call(b, value, parts))) {
        return false;
    }
    for (int i = 0; i < elts->len; i++) {
        AstExpr *ti = elts->data[i];
        build_store(b, ti, bld_coerce(b, parts[i], vt->args[i], ti->type ? ti->type : &ty_object, st->loc.line),
                    st->loc.line);
    }
    return true;
}
