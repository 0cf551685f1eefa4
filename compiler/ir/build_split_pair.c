/* build_split_pair.c - `a, b = s.split(sep)`: two parts cut from where sep is.
 *
 *     key, rest = line.split("=", 1)     # split, rsplit; maxsplit 1 or none
 *
 * CPython makes a list of the two parts, then unpacks it. When s and sep are exact strs
 * and s splits in exactly two, the parts are made from where sep is, with no list and
 * no unpacking (runtime/str_args.c Pyc2cStr_SplitAt). Anything else takes the call as
 * written and unpacks its result, with CPython's errors (ValueError for a line with no
 * or too many separators, a str subclass's own split, a separator that is not a str):
 * an untyped receiver by name, a typed str by its C function. The receiver is read
 * once; sep is a constant or a name, read on either path (only one runs). */
#include "build.h"

#include <string.h>

/* how for Pyc2cStr_SplitAt (0 split, 1 split(sep, 1), 2 rsplit, 3 rsplit(sep, 1)), or
 * -1 when e is not such a call with a plain separator. */
static int split_how(const AstExpr *e)
{
    if (e->kind != EXPR_CALL || e->u.call.keywords.len != 0 || sema_call_unpacks(e) ||
        e->u.call.func->kind != EXPR_ATTRIBUTE) {
        return -1;
    }
    const char *name = e->u.call.func->u.attribute.attr;
    int right = strcmp(name, "rsplit") == 0, n = e->u.call.args.len;
    if ((!right && strcmp(name, "split") != 0) || n < 1 || n > 2) {
        return -1;
    }
    const AstExpr *sep = e->u.call.args.data[0];
    if (sep->kind != EXPR_NAME && !(sep->kind == EXPR_CONST && sep->u.constant.kind == CONST_STR)) {
        return -1;
    }
    if (n == 2) {
        const AstExpr *m = e->u.call.args.data[1];
        if (m->kind != EXPR_CONST || m->u.constant.kind != CONST_INT || !m->u.constant.text ||
            strcmp(m->u.constant.text, "1") != 0) {
            return -1;
        }
    }
    return 2 * right + (n == 2);
}

/* The two targets of a plain `a, b = ...`, or NULL. */
static AstExprVec *pair_targets(AstStmt *st)
{
    AstExpr *t = st->u.assign.targets.data[0];
    if (st->u.assign.targets.len != 1 || (t->kind != EXPR_TUPLE && t->kind != EXPR_LIST) || t->u.seq.elts.len != 2) {
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        if (t->u.seq.elts.data[i]->kind == EXPR_STARRED) {
            return NULL;
        }
    }
    return &t->u.seq.elts;
}

/* The call as written on the receiver recv (and separator sep, when it has one) already
 * read, unpacked into n objects (build_split_n.c shares it). */
void build_split_slow(Builder *b, AstExpr *call, const Method *m, IrReg recv, IrReg sep, const Type *pt, IrReg *parts,
                      int n)
{
    int line = call->loc.line;
    IrReg v;
    if (m) {
        IrReg args[3] = {recv, sep, -1};
        if (m->nargs == 2) {
            args[2] = build_expr_as(b, call->u.call.args.data[1], &ty_int);
        }
        v = bld_prim_p(b, &m->prim, line, args);
    } else {
        IrBlock *called = bld_block(b);
        v = build_generic_call_joined(b, call, recv, bld_temp(b, RT_OBJ), called);
    }
    IrReg items = bld_prim(b, PRIM_UNPACK, line, v, build_i64_const(b, n));
    for (int i = 0; i < n; i++) {
        IrReg item = bld_prim(b, PRIM_TUPLE_ITEM, line, items, build_i64_const(b, i));
        bld_move(b, parts[i], bld_coerce(b, item, &ty_object, pt, line), line);   /* a subclass's items checked */
    }
}

/* The receiver of s.split(...) when it is a str whose method sema resolved with these
 * arguments (*pt str, *m that method) or an untyped object (*pt object, *m NULL); NULL
 * otherwise. */
AstExpr *build_split_receiver(AstExpr *call, const Type **pt, const Method **m)
{
    AstExpr *recv_e = call->u.call.func->u.attribute.value;
    bool typed = recv_e->type && recv_e->type->kind == TY_STR;
    const Method *method = typed ? sema_typed_method(call) : NULL;
    if (typed ? !method || method->nargs != call->u.call.args.len : !build_untyped_receiver(recv_e)) {
        return NULL;
    }
    *pt = typed ? &ty_str : &ty_object;
    *m = method;
    return recv_e;
}

bool build_split_pair_assign(Builder *b, AstStmt *st)
{
    AstExprVec *targets = pair_targets(st);
    AstExpr *call = st->u.assign.value;
    int how = targets ? split_how(call) : -1;
    if (how < 0) {
        return false;
    }
    const Type *pt;
    const Method *m;
    AstExpr *recv_e = build_split_receiver(call, &pt, &m);
    if (!recv_e) {
        return false;
    }
    int line = st->loc.line;
    IrReg args[4];
    args[0] = build_expr_as(b, recv_e, pt);
    args[1] = build_expr_as(b, call->u.call.args.data[0], pt);
    args[2] = build_i64_const(b, how);
    args[2] = bld_prim_p(b, prim(PRIM_STR_SPLIT_AT), line, args);
    IrReg parts[2] = {bld_temp(b, RT_OBJ), bld_temp(b, RT_OBJ)};
    IrBlock *fast = bld_block(b), *slow = bld_block(b), *done = bld_block(b);
    PrimId guard = m ? PRIM_STR_SPLIT_NATIVE : PRIM_ANY_SPLIT_NATIVE;   /* only the second is speculation */
    bld_branch(b, bld_prim(b, guard, line, args[2], -1), fast, slow, line);
    bld_switch(b, fast);
    for (int i = 0; i < 2; i++) {
        args[3] = build_i64_const(b, i);
        bld_move(b, parts[i], bld_prim_p(b, prim(PRIM_STR_SPLIT_PART), line, args), line);
    }
    bld_goto(b, done, line);
    bld_switch(b, slow);
    build_split_slow(b, call, m, args[0], args[1], pt, parts, 2);
    bld_goto(b, done, line);
    bld_switch(b, done);
    for (int i = 0; i < 2; i++) {
        AstExpr *t = targets->data[i];
        build_store(b, t, bld_coerce(b, parts[i], pt, t->type ? t->type : &ty_object, line), line);
    }
    return true;
}
