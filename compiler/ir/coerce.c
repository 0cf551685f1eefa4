/* bld_coerce.c - conversions between native representations: boxing, unboxing,
 * int <-> float <-> fixed width. Every conversion in the IR is made here. */
#include "build.h"

static IrReg box(Builder *b, IrReg r, RType from, int line)
{
    static const PrimId boxes[RT_COUNT] = {
        [RT_INT] = PRIM_INT_BOX, [RT_FLOAT] = PRIM_FLOAT_BOX, [RT_BOOL] = PRIM_BOOL_BOX,
        [RT_NONE] = PRIM_NONE_BOX, [RT_I64] = PRIM_I64_BOX, [RT_I32] = PRIM_I32_BOX,
    };
    if (from == RT_OBJ) {
        return r;
    }
    return bld_prim(b, boxes[from], line, r, -1);
}

static IrReg unbox(Builder *b, IrReg r, RType to, int line)
{
    static const PrimId unboxes[RT_COUNT] = {
        [RT_INT] = PRIM_INT_UNBOX, [RT_FLOAT] = PRIM_FLOAT_UNBOX, [RT_BOOL] = PRIM_BOOL_UNBOX,
        [RT_I64] = PRIM_I64_UNBOX, [RT_I32] = PRIM_I32_UNBOX,
    };
    if (to == RT_NONE) {
        ICE("unbox to None");
    }
    return bld_prim(b, unboxes[to], line, r, -1);
}

/* Between the unboxed numeric representations. */
static IrReg convert(Builder *b, IrReg r, RType from, RType to, int line)
{
    if (from == to) {
        return r;
    }
    switch (from) {
    case RT_BOOL:
        if (to == RT_INT) return bld_prim(b, PRIM_BOOL_TO_INT, line, r, -1);
        if (to == RT_FLOAT) return bld_prim(b, PRIM_BOOL_TO_FLOAT, line, r, -1);
        return convert(b, bld_prim(b, PRIM_BOOL_TO_I64, line, r, -1), RT_I64, to, line);
    case RT_INT:
        if (to == RT_FLOAT) return bld_prim(b, PRIM_INT_TO_FLOAT, line, r, -1);
        return convert(b, bld_prim(b, PRIM_INT_TO_I64, line, r, -1), RT_I64, to, line);
    case RT_I64:
        if (to == RT_INT) return bld_prim(b, PRIM_I64_TO_INT, line, r, -1);
        if (to == RT_FLOAT) return bld_prim(b, PRIM_I64_TO_FLOAT, line, r, -1);
        if (to == RT_I32) return bld_prim(b, PRIM_I64_TO_I32, line, r, -1);
        break;
    case RT_I32:
        return convert(b, bld_prim(b, PRIM_I32_TO_I64, line, r, -1), RT_I64, to, line);
    default:
        break;
    }
    ICE("no conversion from %s to %s", rtype_name(from), rtype_name(to));
}

/* A value stored into a union-typed variable: an unboxed one boxed as the member it
 * becomes (an int stored where only float is a member is a float, as in a float
 * variable); an object checked against the members' classes unless its static type
 * already says it is one of them. */
static IrReg to_union(Builder *b, IrReg r, const Type *from, const Type *u, int line)
{
    if (from->kind == TY_UNION) {
        bool covered = true;
        for (int i = 0; i < from->nargs; i++) {
            const Type *m = type_union_member(u, from->args[i]->kind);
            covered = covered && m && type_assignable(m, from->args[i]);
        }
        if (covered) {
            return r;
        }
    }
    const Type *m = from->kind == TY_UNION ? NULL : type_union_member_for(u, from);
    if (m && m->kind == TY_FLOAT && from->kind != TY_FLOAT) {
        return box(b, convert(b, r, rtype_of(from), RT_FLOAT, line), RT_FLOAT, line);
    }
    if (m) {
        return box(b, r, rtype_of(from), line);
    }
    char text[32];
    snprintf(text, sizeof text, "%lld", type_union_mask(u));
    AstExpr k = {.kind = EXPR_CONST, .type = &ty_int, .u.constant = {.kind = CONST_INT, .text = arena_strdup(&b->ctx->arena, text)}};
    return bld_prim(b, PRIM_CAST_UNION, line, box(b, r, rtype_of(from), line), build_const(b, &k, &ty_i64));
}

IrReg bld_coerce(Builder *b, IrReg r, const Type *from, const Type *to, int line)
{
    RType rf = rtype_of(from), rt = rtype_of(to);
    if (to->kind == TY_UNION && from != to) {
        return to_union(b, r, from, to, line);
    }
    if (from->kind == TY_UNION && to->kind == TY_NONE) {
        ICE("a union read as None");   /* narrowing never makes None (sema/narrow.c) */
    }
    if (rf == RT_OBJ && to->kind == TY_INSTANCE && (from->kind == TY_OBJECT || from->kind == TY_UNION)) {
        return build_cast_instance(b, r, to, line);
    }
    if (rf == RT_OBJ && rt == RT_OBJ && (from->kind == TY_OBJECT || from->kind == TY_UNION) && type_is_checked_obj(to)) {
        static const PrimId casts[TY_COUNT] = {[TY_STR] = PRIM_CAST_STR, [TY_LIST] = PRIM_CAST_LIST,
                                               [TY_DICT] = PRIM_CAST_DICT, [TY_SET] = PRIM_CAST_SET,
                                               [TY_TUPLE] = PRIM_CAST_TUPLE};
        return bld_prim(b, casts[to->kind], line, r, -1);   /* checked once, trusted after */
    }
    if (rf == rt) {
        return r;
    }
    if (rt == RT_OBJ) {
        return box(b, r, rf, line);
    }
    if (rf == RT_OBJ) {
        return unbox(b, r, rt, line);
    }
    return convert(b, r, rf, rt, line);
}
