/* build_typed.c - operations on values of a known container type or str: indexing,
 * typed methods (methods.def) and len/str/ord/list (loops: build_loops.c). Elements
 * are objects; reading one where a typed value is
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
    case TY_DICT: {
        IrReg args[3] = {o, ix, b->once_hash};
        PrimId get = build_is_str_const(e->u.subscript.index) ? PRIM_DICT_GET_STR : PRIM_DICT_GET;
        IrReg r = b->once_hash >= 0 && e->u.subscript.index == b->once_expr[1] ? bld_prim_p(b, prim(PRIM_DICT_GET_HASHED), line, args)
                                                            : bld_prim(b, get, line, o, ix);
        return bld_coerce(b, r, &ty_object, e->type, line);
    }
    default:
        ICE("typed subscript of %s", type_name(vt));
    }
}

/* xs[i] = v, d[k] = v; v has the target's (element) type. */
void build_typed_set(Builder *b, AstExpr *target, IrReg o, IrReg ix, IrReg v, int line)
{
    const Type *vt = target->u.subscript.value->type;
    IrReg args[4] = {o, ix, v, b->once_hash};
    if (vt->kind == TY_LIST && (target->type->kind == TY_INT || target->type->kind == TY_BOOL)) {
        bld_prim_p(b, prim(target->type->kind == TY_INT ? PRIM_LIST_SET_INT : PRIM_LIST_SET_BOOL), line, args);
        return;
    }
    args[2] = bld_coerce(b, v, target->type, &ty_object, line);
    bool hashed = vt->kind == TY_DICT && b->once_hash >= 0 && target->u.subscript.index == b->once_expr[1];
    bld_prim_p(b, prim(hashed ? PRIM_DICT_SET_HASHED : vt->kind == TY_LIST ? PRIM_LIST_SET : PRIM_DICT_SET), line, args);
}

/* d.setdefault(k, []) or d.setdefault(k, {}) with an empty display: the prim that makes
 * the default only when k goes in, else NO_PRIM. */
static PrimId fresh_default(const Method *m, const AstExpr *e)
{
    if (m->nargs != 2 || strcmp(m->cls, "dict") != 0 || strcmp(m->name, "setdefault") != 0) {
        return NO_PRIM;
    }
    const AstExpr *a = e->u.call.args.data[1];
    if (a->kind == EXPR_LIST && a->u.seq.elts.len == 0) {
        return PRIM_DICT_SETDEFAULT_LIST;
    }
    return a->kind == EXPR_DICT && a->u.dict.keys.len == 0 ? PRIM_DICT_SETDEFAULT_DICT : NO_PRIM;
}

/* What argument i is built as: a key goes in as the object it is, as for d[k] (a float
 * or str looked up in a dict[int, V] finds what CPython finds, or nothing). */
static const Type *arg_want(const Method *m, int i, const Type *recv)
{
    return m->args[i] == MA_KEY ? &ty_object : sema_method_arg_type(m, i, recv);
}

/* recv.m(args) with a typed method of methods.def. */
static IrReg typed_method(Builder *b, AstExpr *e, const Method *m)
{
    int line = e->loc.line;
    AstExpr *recv = e->u.call.func->u.attribute.value;
    IrReg args[3];
    args[0] = build_expr_as(b, recv, recv->type);
    PrimId fresh = fresh_default(m, e);
    if (fresh != NO_PRIM) {
        AstExpr *k = e->u.call.args.data[0];
        IrReg key = build_expr_as(b, k, arg_want(m, 0, recv->type));
        return bld_coerce(b, bld_prim(b, fresh, line, args[0], key), &ty_object, e->type, line);
    }
    for (int i = 0; i < m->nargs; i++) {
        AstExpr *a = e->u.call.args.data[i];
        const Type *want = arg_want(m, i, recv->type);
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
    case SHIM_LIST:
        return e->type->kind == TY_LIST ? bld_prim(b, PRIM_LIST_OF, line, build_expr_as(b, a0, &ty_object), -1) : -1;
    case SHIM_SORTED: case SHIM_ENUMERATE: case SHIM_ZIP: case SHIM_DICT: {
        const Type *t = e->type;
        if (t->kind != TY_LIST && t->kind != TY_ITER && t->kind != TY_DICT) {
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

static bool int_bound(const AstExpr *x)
{
    if (!x) {
        return true;
    }
    TypeKind k = x->type ? x->type->kind : TY_OBJECT;
    return k == TY_INT || k == TY_BOOL || k == TY_I64 || k == TY_I32;
}

/* An int bound of an untyped receiver's slice: not a bool (its __getitem__ would see
 * 1 for True). */
static bool plain_int_bound(const AstExpr *x)
{
    return int_bound(x) && (!x || x->type->kind != TY_BOOL);
}

/* x is v[lo:hi] (no step, either bound missing but not both, each a plain int) of a str
 * or an untyped v: the parts, and v's kind; else false. */
static bool text_slice(AstExpr *x, AstExpr **v, AstExpr **lo, AstExpr **hi, TypeKind *k)
{
    if (!x || x->kind != EXPR_SUBSCRIPT || x->u.subscript.index->kind != EXPR_SLICE) {
        return false;
    }
    AstExpr *ix = x->u.subscript.index;
    *v = x->u.subscript.value;
    *lo = ix->u.slice.lower;
    *hi = ix->u.slice.upper;
    *k = (*v)->type ? (*v)->type->kind : TY_OBJECT;
    return (*k == TY_STR || *k == TY_OBJECT) && !ix->u.slice.step && (*lo || *hi) && plain_int_bound(*lo) &&
           plain_int_bound(*hi);
}

/* int(s[a:b]) (either bound may be missing, no step) of a str or an untyped object:
 * Pyc2cInt_OfSlice reads an exact str's digits where they are (no str made for them);
 * anything else is sliced and converted as CPython would. -1 when the call is not one. */
IrReg build_int_of_slice(Builder *b, AstExpr *call)
{
    AstExpr *x = call->u.call.args.len == 1 && call->u.call.keywords.len == 0 ? call->u.call.args.data[0] : NULL;
    AstExpr *v, *lo, *hi;
    TypeKind k;
    if (!text_slice(x, &v, &lo, &hi, &k)) {
        return -1;
    }
    IrReg args[3];
    int n = 0;
    args[n++] = build_expr_as(b, v, k == TY_STR ? &ty_str : &ty_object);
    if (lo) {
        args[n++] = build_expr_as(b, lo, &ty_int);
    }
    if (hi) {
        args[n++] = build_expr_as(b, hi, &ty_int);
    }
    PrimId p = lo && hi ? PRIM_INT_OF_SLICE : lo ? PRIM_INT_OF_SLICE_FROM : PRIM_INT_OF_SLICE_TO;
    return bld_prim_p(b, prim(p), call->loc.line, args);
}

/* float(x) as the float shim's FLOAT_OF_OBJ row reads it (x a str or untyped value):
 * float(s[a:b]) (bounds as int(s[a:b])'s) parses an exact str's text in place, and
 * where the call is an operand of arithmetic (unboxed) the value comes as a double, no
 * float object made (runtime/num_parse.c, slices.c). Anything else is float()'s own
 * path: the same value, the same errors. -1 when the call is not float(x). */
IrReg build_float_of(Builder *b, AstExpr *call, bool unboxed)
{
    const Shim *sh = call->kind == EXPR_CALL ? build_shim_of(call->u.call.func) : NULL;
    const Shim *row = sh && sh->kind == SHIM_CALL ? sema_shim_row(call, sh) : NULL;
    if (!row || row->call.prim != PRIM_FLOAT_OF_OBJ || call->u.call.args.len != 1 || call->u.call.keywords.len) {
        return -1;
    }
    AstExpr *x = call->u.call.args.data[0], *v, *lo, *hi;
    TypeKind k;
    if (!text_slice(x, &v, &lo, &hi, &k)) {
        return unboxed ? bld_prim(b, PRIM_FLOAT_OF_OBJ_D, call->loc.line, build_expr_as(b, x, &ty_object), -1) : -1;
    }
    IrReg args[4];
    args[0] = build_expr_as(b, v, k == TY_STR ? &ty_str : &ty_object);
    args[1] = lo ? build_expr_as(b, lo, &ty_int) : -1;
    args[2] = hi ? build_expr_as(b, hi, &ty_int) : args[1];
    args[1] = lo ? args[1] : args[2];   /* a missing bound's operand repeats the other, unread */
    args[3] = build_i64_const(b, (lo ? 1 : 0) | (hi ? 2 : 0));
    return bld_prim_p(b, prim(unboxed ? PRIM_FLOAT_OF_SLICE_D : PRIM_FLOAT_OF_SLICE), call->loc.line, args);
}

/* xs[a:b:c] of a typed list, tuple or str with int bounds and step (each may be
 * missing): Pyc2cSeq_Slice / Pyc2cSeq_SliceStep (no slice object); -1 when the
 * subscript stays generic. An untyped receiver with such bounds takes them too: an
 * exact list, tuple or str is sliced in C, anything else through its own __getitem__
 * with the slice CPython would make (`took[:-2]` of a str from split(): no slice
 * object, no PyObject_GetItem). */
IrReg build_typed_slice(Builder *b, AstExpr *e, IrReg o)
{
    AstExpr *ix = e->u.subscript.index;
    TypeKind k = e->u.subscript.value->type ? e->u.subscript.value->type->kind : TY_OBJECT;
    if (ix->kind != EXPR_SLICE) {
        return -1;
    }
    bool seq = k == TY_LIST || k == TY_TUPLE || k == TY_STR;
    bool (*ok)(const AstExpr *) = seq ? int_bound : plain_int_bound;
    if ((!seq && k != TY_OBJECT) || !ok(ix->u.slice.lower) || !ok(ix->u.slice.upper) || !ok(ix->u.slice.step)) {
        return -1;
    }
    int line = e->loc.line;
    AstExpr *lo = ix->u.slice.lower, *hi = ix->u.slice.upper, *step = ix->u.slice.step;
    IrReg a = lo ? build_expr_as(b, lo, &ty_int) : -1;
    IrReg c = hi ? build_expr_as(b, hi, &ty_int) : -1;
    IrReg s = step ? build_expr_as(b, step, &ty_int) : -1;
    /* by the bounds present: both, lower only, upper only, none */
    static const PrimId plain[4] = {PRIM_SEQ_SLICE, PRIM_SEQ_SLICE_FROM, PRIM_SEQ_SLICE_TO, PRIM_SEQ_SLICE_ALL};
    static const PrimId stepped[4] = {PRIM_SEQ_SLICE_STEP, PRIM_SEQ_SLICE_STEP_FROM, PRIM_SEQ_SLICE_STEP_TO,
                                      PRIM_SEQ_SLICE_STEP_ALL};
    int shape = lo && hi ? 0 : lo ? 1 : hi ? 2 : 3;
    IrReg args[4];
    int n = 0;
    args[n++] = o;
    if (lo) {
        args[n++] = a;
    }
    if (hi) {
        args[n++] = c;
    }
    if (step) {
        args[n++] = s;
    }
    IrReg r = bld_prim_p(b, prim(step ? stepped[shape] : plain[shape]), line, args);
    return bld_coerce(b, r, &ty_object, e->type, line);   /* a subclass's __getitem__ may give anything */
}
