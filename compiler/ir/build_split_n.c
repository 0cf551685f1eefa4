/* build_split_n.c - `a, b, c = s.split()`: the parts cut where they are, no list.
 *
 *     date, level, service, _, took = line.split()     # split(), split(sep), rsplit(...)
 *     cust, sku, qty, price = line.split(",")
 *
 * CPython makes a list of the parts, then unpacks it. When s is an exact ASCII str and
 * sep is whitespace or one ASCII character (runtime/str_pieces.c), a cursor cuts each
 * part where it finds it (its span, the piece, the next cursor): no list, no
 * unpacking, one scan of s. No part where one is due, or another after the last, is
 * the unpacking's ValueError (Pyc2cStr_SplitRaise: the call's list unpacked, its
 * message CPython's), the parts cut so far released unseen. Anything else (a str
 * subclass, a longer separator, a non-str receiver) takes the call as written and
 * unpacks its result (build_split_pair.c's slow path, which also handles
 * `a, b = s.split(sep)`). The receiver is read once; sep is a constant or a name. */
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

/* The fast side: each part from the cursor at, cut when there is one (and, for the
 * last, no other after it), else the unpacking's ValueError at missing. */
static void cut_parts(Builder *b, IrReg s, IrReg sep, IrReg at, IrReg *parts, int n, int line, IrBlock *missing)
{
    for (int i = 0; i < n; i++) {
        bool last = i + 1 == n;
        IrReg span = sep < 0 ? bld_prim(b, last ? PRIM_STR_SPLIT_LAST_WS : PRIM_STR_SPLIT_SPAN_WS, line, s, at)
                             : bld_prim_p(b, prim(last ? PRIM_STR_SPLIT_LAST : PRIM_STR_SPLIT_SPAN), line,
                                          (IrReg[3]){s, sep, at});
        IrBlock *found = bld_block(b);
        bld_branch(b, bld_prim(b, PRIM_STR_SPLIT_MISSING, line, span, -1), missing, found, line);
        bld_switch(b, found);
        bld_move(b, parts[i], bld_prim(b, PRIM_STR_SPAN_PIECE, line, s, span), line);
        if (!last) {
            at = bld_prim(b, sep < 0 ? PRIM_STR_SPLIT_AFTER_WS : PRIM_STR_SPLIT_AFTER, line, span, -1);
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
    IrReg at = sep < 0 ? bld_prim(b, PRIM_STR_SPLIT_BEGIN_WS, line, s, -1) : bld_prim(b, PRIM_STR_SPLIT_BEGIN, line, s, sep);
    IrReg parts[MAX_PARTS];
    for (int i = 0; i < n; i++) {
        parts[i] = bld_temp(b, RT_OBJ);
    }
    IrBlock *fast = bld_block(b), *slow = bld_block(b), *done = bld_block(b), *missing = bld_block(b);
    PrimId guard = m ? PRIM_STR_SPLIT_NATIVE : PRIM_ANY_SPLIT_NATIVE;   /* only the second is speculation */
    bld_branch(b, bld_prim(b, guard, line, at, -1), fast, slow, line);
    bld_switch(b, fast);
    cut_parts(b, s, sep, at, parts, n, line, missing);
    bld_goto(b, done, line);
    bld_switch(b, missing);
    IrReg count = build_i64_const(b, n);
    if (sep < 0) {
        bld_prim(b, PRIM_STR_SPLIT_RAISE_WS, line, s, count);
    } else {
        bld_prim_p(b, prim(PRIM_STR_SPLIT_RAISE), line, (IrReg[3]){s, sep, count});
    }
    bld_goto(b, done, line);   /* not taken: the raise always fails */
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
