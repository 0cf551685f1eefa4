/* build_split_n.c - `a, b, c = s.split()`: the parts cut where they are, no list.
 *
 *     date, level, service, _, took = line.split()     # split(), split(sep), rsplit(...)
 *     cust, sku, qty, price = line.split(",")
 *
 * CPython makes a list of the parts, then unpacks it. When s is an exact ASCII str and
 * sep is whitespace or one ASCII character (runtime/str_pieces.c), one scan checks that
 * s splits in exactly as many parts as there are targets, and a cursor then cuts each
 * part (end, piece, next start): no list, no unpacking. Anything else (another count,
 * a str subclass, a longer separator, a non-str receiver) takes the call as written and
 * unpacks its result, with CPython's ValueError for too many or too few values
 * (build_split_pair.c's slow path, which also handles `a, b = s.split(sep)`). The
 * receiver is read once; sep is a constant or a name. */
#include "build.h"

#include <string.h>

#define MAX_PARTS 8

/* The targets of a plain `a, b, ... = ...` of 2 to MAX_PARTS names or items, or NULL. */
static AstExprVec *unpack_targets(AstStmt *st)
{
    AstExpr *t = st->u.assign.targets.data[0];
    if (st->u.assign.targets.len != 1 || (t->kind != EXPR_TUPLE && t->kind != EXPR_LIST) || t->u.seq.elts.len < 2 ||
        t->u.seq.elts.len > MAX_PARTS) {
        return NULL;
    }
    for (int i = 0; i < t->u.seq.elts.len; i++) {
        if (t->u.seq.elts.data[i]->kind == EXPR_STARRED) {
            return NULL;
        }
    }
    return &t->u.seq.elts;
}

/* s.split() / s.split(sep) / rsplit (the same parts without maxsplit), sep a str constant
 * or a name: its separator (NULL for none), else false. */
static bool split_call(const AstExpr *e, const AstExpr **sep)
{
    if (e->kind != EXPR_CALL || e->u.call.keywords.len != 0 || sema_call_unpacks(e) ||
        e->u.call.func->kind != EXPR_ATTRIBUTE || e->u.call.args.len > 1) {
        return false;
    }
    const char *name = e->u.call.func->u.attribute.attr;
    if (strcmp(name, "split") != 0 && strcmp(name, "rsplit") != 0) {
        return false;
    }
    *sep = e->u.call.args.len ? e->u.call.args.data[0] : NULL;
    return !*sep || (*sep)->kind == EXPR_NAME || ((*sep)->kind == EXPR_CONST && (*sep)->u.constant.kind == CONST_STR);
}

/* op(s, sep, x), or its whitespace form ws(s, x) when there is no sep. */
static IrReg split_op(Builder *b, PrimId op, PrimId ws, IrReg s, IrReg sep, IrReg x, int line)
{
    if (sep < 0) {
        return bld_prim(b, ws, line, s, x);
    }
    IrReg args[3] = {s, sep, x};
    return bld_prim_p(b, prim(op), line, args);
}

/* The fast side: each part from the cursor at. */
static void cut_parts(Builder *b, IrReg s, IrReg sep, IrReg at, IrReg *parts, int n, int line)
{
    for (int i = 0; i < n; i++) {
        IrReg end = split_op(b, PRIM_STR_SPLIT_END, PRIM_STR_SPLIT_END_WS, s, sep, at, line);
        IrReg args[3] = {s, at, end};
        bld_move(b, parts[i], bld_prim_p(b, prim(PRIM_STR_PIECE), line, args), line);
        if (i + 1 < n) {
            at = split_op(b, PRIM_STR_SPLIT_SKIP, PRIM_STR_SPLIT_SKIP_WS, s, sep, end, line);
        }
    }
}

bool build_split_n_assign(Builder *b, AstStmt *st)
{
    AstExprVec *targets = unpack_targets(st);
    AstExpr *call = st->u.assign.value;
    const AstExpr *sep_e = NULL;
    if (!targets || !split_call(call, &sep_e)) {
        return false;
    }
    const Type *pt;
    const Method *m;
    AstExpr *recv_e = build_split_receiver(call, &pt, &m);
    if (!recv_e) {
        return false;
    }
    int n = targets->len, line = st->loc.line;
    IrReg s = build_expr_as(b, recv_e, pt);
    IrReg sep = sep_e ? build_expr_as(b, (AstExpr *)sep_e, pt) : -1;
    IrReg at = split_op(b, PRIM_STR_SPLIT_COUNT, PRIM_STR_SPLIT_COUNT_WS, s, sep, build_i64_const(b, n), line);
    IrReg parts[MAX_PARTS];
    for (int i = 0; i < n; i++) {
        parts[i] = bld_temp(b, RT_OBJ);
    }
    IrBlock *fast = bld_block(b), *slow = bld_block(b), *done = bld_block(b);
    PrimId guard = m ? PRIM_STR_SPLIT_NATIVE : PRIM_ANY_SPLIT_NATIVE;   /* only the second is speculation */
    bld_branch(b, bld_prim(b, guard, line, at, -1), fast, slow, line);
    bld_switch(b, fast);
    cut_parts(b, s, sep, at, parts, n, line);
    bld_goto(b, done, line);
    bld_switch(b, slow);
    build_split_slow(b, call, m, s, sep, pt, parts, n);
    bld_goto(b, done, line);
    bld_switch(b, done);
    for (int i = 0; i < n; i++) {
        AstExpr *t = targets->data[i];
        build_store(b, t, bld_coerce(b, parts[i], pt, t->type ? t->type : &ty_object, line), line);
    }
    return true;
}
