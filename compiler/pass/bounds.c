/* bounds.c - bounds-check elimination for a range() loop over a list's indices:
 *
 *     for i in range(len(xs)):        (or n = len(xs) ... for i in range(n))
 *         ... xs[i] ... xs[i] = v ...
 *
 * An index op on xs with the loop's counter c, where 0 <= c (ranges.c made it a *_idx
 * op) and c < stop on every path from the loop tests to it, with stop taken from
 * len(xs) before the loop, is in bounds while xs has kept at least that many items.
 * Nothing in the loop may shrink xs: every op is arithmetic on unboxed values, a read
 * of an int or bool item, a store of any item, the strip's bookkeeping, or an interrupt
 * check; no op writes an object register (so no release the refcount pass inserts can
 * run a finalizer), and a store whose release of the old item could run Python code (an
 * object only the list held, not an exact int or float) clears the flag itself
 * (Pyc2c_ListReleaseK). The interrupt check at a strip's refill may run Python code (a
 * signal handler): a flag register `known = len(xs) >= len0` is set in the preheader
 * and again after every interrupt check in the loop, and the index ops become their
 * *_known forms, which skip the size compare while the flag holds and check it when not.
 * How c < stop is known: c is written in the loop only by `c = move (range_add_small c,
 * k)`; true edges of `range_lt_small c, stop` and of `range_lt_strip c, end` (every write
 * of end: range_strip_start c, or range_strip_end c, stop, k with k > 0, which is at most
 * stop) establish it; a write of c ends it; blocks entered otherwise (the head, a
 * handler) start without it.
 * Assumes: ranges done (the *_idx forms), before error branches and refcounts.
 * Guarantees: an index op given the flag reads or writes an item of the list only when
 * the index is below its current size; everything else is unchanged. */
#include <string.h>
#include "pass.h"
#include "../ir/prims.h"

/* What every loop of the function asks, found once: per loop, only its own blocks are
 * visited, so a function of n loops stays linear. */
typedef struct BceFunc {
    const int *defs;
    PassWriters writers;
    bool *below;         /* scratch per block id for below_at_entry, false between loops */
} BceFunc;

typedef struct Bce {
    Ctx *ctx;
    IrFunc *f;
    const BceFunc *fn;
    const int *defs;
    PassLoop *l;
    IrReg c, stop, end, list, len0;
    int while_len_at;    /* find_while_len: where the head's flag is set, else -1 */
} Bce;

static IrBlock *loop_block(const Bce *s, int at)
{
    return s->f->blocks.data[s->l->blocks.data[at]];
}

/* The op writing r, when exactly one op does (a parameter never does), else NULL. */
static IrOp *only_def(const Bce *s, IrReg r)
{
    const PassWriters *w = &s->fn->writers;
    if (r >= w->nregs || s->defs[r] != 1 || r < s->f->params.len || w->start[r + 1] != w->start[r] + 1) {
        return NULL;
    }
    return w->ops[w->start[r]];
}

/* The op that made r's value, through moves of registers written once. */
static IrOp *origin(const Bce *s, IrReg r)
{
    IrOp *op = only_def(s, r);
    for (int hops = 0; op && op->kind == IR_MOVE && hops < 8; hops++) {
        op = only_def(s, op->args[0]);
    }
    return op;
}

static bool positive_const(const Bce *s, IrReg r)
{
    const IrOp *k = origin(s, r);
    return k && k->kind == IR_CONST && k->u.konst->kind == IRC_INT && k->u.konst->text[0] >= '1' &&
           k->u.konst->text[0] <= '9';
}

/* stop = range_clamp(int_from_short(len0)), len0 = list_len xs; xs written once. */
static bool stop_is_len(Bce *s)
{
    const IrOp *clamp = origin(s, s->stop), *conv = NULL, *len = NULL;
    if (clamp && pass_prim_is(clamp, "range_clamp")) {
        conv = origin(s, clamp->args[0]);
    }
    if (conv && (pass_prim_is(conv, "int_from_short") || pass_prim_is(conv, "i64_to_int"))) {
        len = origin(s, conv->args[0]);
    }
    if (!len || !pass_prim_is(len, "list_len") || s->defs[len->args[0]] > 1 || pass_loop_writes(s->f, s->l, len->dst)) {
        return false;
    }
    s->list = len->args[0];
    s->len0 = len->dst;
    return !pass_loop_writes(s->f, s->l, s->list);
}

/* Every write of end: range_strip_start c, or range_strip_end(_up) c, stop, k > 0. */
static bool end_below_stop(const Bce *s)
{
    const PassWriters *w = &s->fn->writers;
    if (s->end >= w->nregs) {
        return false;
    }
    for (int k = w->start[s->end]; k < w->start[s->end + 1]; k++) {
        const IrOp *op = w->ops[k];
        const IrOp *v = op->kind == IR_MOVE ? only_def(s, op->args[0]) : op;
        bool start = v && pass_prim_is(v, "range_strip_start") && v->args[0] == s->c;
        bool strip = v && (pass_prim_is(v, "range_strip_end") || pass_prim_is(v, "range_strip_end_up")) &&
                     v->args[0] == s->c && v->args[1] == s->stop && positive_const(s, v->args[2]);
        if (!start && !strip) {
            return false;
        }
    }
    return true;
}

/* The loop's counter, stop and strip end, from its refill test and its head's test. */
static bool find_counter(Bce *s)
{
    IrBlock *h = s->l->head;
    const IrOp *t = h->ops.data[h->ops.len - 1];
    const IrOp *test = t->kind == IR_BRANCH ? only_def(s, t->args[0]) : NULL;
    if (!test || !pass_prim_is(test, "range_lt_strip")) {
        return false;
    }
    s->c = test->args[0];
    s->end = test->args[1];
    s->stop = -1;
    int cwrites = 0;
    for (int at = 0; at < s->l->blocks.len; at++) {
        IrBlock *blk = loop_block(s, at);
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (pass_prim_is(op, "range_lt_small") && op->args[0] == s->c) {
                s->stop = op->args[1];
            }
            if (pass_op_writes(op, s->c)) {
                const IrOp *add = op->kind == IR_MOVE ? only_def(s, op->args[0]) : NULL;
                cwrites += add && pass_prim_is(add, "range_add_small") && add->args[0] == s->c &&
                           positive_const(s, add->args[1]) ? 1 : 2;
            }
        }
    }
    return s->stop >= 0 && cwrites == 1 && !pass_loop_writes(s->f, s->l, s->stop) && end_below_stop(s) &&
           stop_is_len(s);
}

/* `while c < len(xs)`: the head reads len0 = list_len xs, stop = int_from_short len0,
 * and branches on int_lt_short c, stop (xs written at most once, never in the loop).
 * Each iteration compares with the length it has just read, so the flag is set in the
 * head, right after that read, instead of in a preheader. */
static bool find_while_len(Bce *s)
{
    IrBlock *h = s->l->head;
    const IrOp *t = h->ops.data[h->ops.len - 1];
    const IrOp *test = t->kind == IR_BRANCH ? only_def(s, t->args[0]) : NULL;
    const IrOp *conv = test && pass_prim_is(test, "int_lt_short") ? only_def(s, test->args[1]) : NULL;
    const IrOp *len = conv && pass_prim_is(conv, "int_from_short") ? only_def(s, conv->args[0]) : NULL;
    if (!len || !pass_prim_is(len, "list_len") || s->defs[len->args[0]] > 1 ||
        pass_loop_writes(s->f, s->l, len->args[0])) {
        return false;
    }
    for (int j = 0; j < h->ops.len; j++) {
        if (h->ops.data[j] == len) {
            s->c = test->args[0];
            s->stop = test->args[1];
            s->list = len->args[0];
            s->len0 = len->dst;
            s->end = -1;
            s->while_len_at = j + 1;
            return true;
        }
    }
    return false;
}

static bool prefixed(const char *name, const char *const *prefixes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
            return true;
        }
    }
    return false;
}

static const Prim *known_form(const Bce *s, const IrOp *op, bool holds);

/* Can op not shrink a list (nor run Python code that could)? Stores: those whose
 * release of the old item clears the flag once rewritten (known_form). */
static bool op_keeps_lists(const Bce *s, const IrOp *op)
{
    static const char *const arith[] = {"int_", "float_", "bool_", "i64_", "i32_", "range_"};
    static const char *const items[] = {"list_len", "list_get_int", "list_get_bool", "list_get_float", "check_interrupts",
                                        "strip_ticks", "stack_check"};
    const IrFunc *f = s->f;
    if (op->dst >= 0 && !(f->regs.data[op->dst].rt != RT_OBJ && f->regs.data[op->dst].rt != RT_METH)) {
        return false;
    }
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_GOTO: case IR_BRANCH:
        return true;
    case IR_PRIM:
        break;
    default:
        return false;
    }
    const char *name = op->u.prim->name;
    if (strncmp(name, "list_set", 8) == 0) {
        return known_form(s, op, false) != NULL;
    }
    if (prefixed(name, items, sizeof items / sizeof items[0])) {
        return true;
    }
    for (int i = 0; i < op->nargs; i++) {
        RType rt = f->regs.data[op->args[i]].rt;
        if (rt == RT_OBJ || rt == RT_METH) {
            return false;   /* float_unbox may call __float__, ... */
        }
    }
    return prefixed(name, arith, sizeof arith / sizeof arith[0]);
}

static bool loop_keeps_lists(const Bce *s)
{
    for (int at = 0; at < s->l->blocks.len; at++) {
        IrBlock *blk = loop_block(s, at);
        for (int j = 0; j < blk->ops.len; j++) {
            if (!op_keeps_lists(s, blk->ops.data[j])) {
                return false;
            }
        }
    }
    return true;
}

/* ---- where c < stop holds: a forward must-analysis over the loop ---- */

/* Does the branch ending blk, taken to succ, tell c < stop? */
static bool edge_tells(const Bce *s, const IrBlock *blk, const IrBlock *succ)
{
    const IrOp *t = blk->ops.data[blk->ops.len - 1];
    if (t->kind != IR_BRANCH || t->target != succ || t->target2 == succ) {
        return false;
    }
    for (int j = blk->ops.len - 2; j >= 0; j--) {
        const IrOp *op = blk->ops.data[j];
        if (op->dst == t->args[0]) {
            return (pass_prim_is(op, "range_lt_small") && op->args[1] == s->stop) ||
                   (pass_prim_is(op, "range_lt_strip") && op->args[1] == s->end) ||
                   (s->while_len_at >= 0 && pass_prim_is(op, "int_lt_short") && op->args[0] == s->c &&
                    op->args[1] == s->stop);
        }
        if (pass_op_writes(op, s->c)) {
            return false;
        }
    }
    return false;
}

/* Per block id: c < stop holds on entry (false outside the loop; the scratch array is
 * cleared again by clear_below). */
static bool *below_at_entry(Bce *s)
{
    bool *in = s->fn->below;
    for (int at = 0; at < s->l->blocks.len; at++) {
        IrBlock *blk = loop_block(s, at);
        in[blk->id] = blk != s->l->head && !pass_loop_handler(s->l, blk->id);
    }
    for (bool changed = true; changed;) {   /* greatest fixpoint: knock out what fails */
        changed = false;
        for (int at = 0; at < s->l->blocks.len; at++) {
            IrBlock *blk = loop_block(s, at);
            int b = blk->id;
            bool out = in[b];
            for (int j = 0; j < blk->ops.len; j++) {
                out = out && !pass_op_writes(blk->ops.data[j], s->c);
            }
            const IrOp *t = blk->ops.data[blk->ops.len - 1];
            IrBlock *succ[2] = {t->target, t->target2};
            for (int k = 0; k < 2; k++) {
                IrBlock *x = succ[k];
                if (x && in[x->id] && !(out || edge_tells(s, blk, x))) {
                    in[x->id] = false;
                    changed = true;
                }
            }
        }
    }
    return in;
}

/* ---- the rewrite ---- */

/* The form op takes: its *_known form when proven (holds), else for a store the form
 * that clears the flag, else NULL (op unchanged). */
static const Prim *known_form(const Bce *s, const IrOp *op, bool holds)
{
    return pass_known_form(op, holds && op->nargs > 1 && op->args[0] == s->list && op->args[1] == s->c);
}

static IrOp *prim_op(Ctx *ctx, IrFunc *f, PrimId id, IrReg dst, IrReg a0, IrReg a1, int line)
{
    const Prim *p = prim(id);
    IrOp *op = ir_new_op(ctx, IR_PRIM, line, dst >= 0 ? dst : ir_new_reg(ctx, f, p->result, NULL), p->nargs);
    op->u.prim = p;
    op->args[0] = a0;
    if (p->nargs > 1) {
        op->args[1] = a1;
    }
    return op;
}

/* Inserts `known = list_len(xs) >= len0` into b at index at. */
static void set_known(Bce *s, IrBlock *b, int at, IrReg known, int line)
{
    IrOp *len = prim_op(s->ctx, s->f, PRIM_LIST_LEN, -1, s->list, -1, line);
    IrOp *ge = prim_op(s->ctx, s->f, PRIM_I64_GE, known, len->dst, s->len0, line);
    vec_push(&s->ctx->arena, &b->ops, ge);
    vec_push(&s->ctx->arena, &b->ops, ge);
    memmove(b->ops.data + at + 2, b->ops.data + at, sizeof(IrOp *) * (size_t)(b->ops.len - 2 - at));
    b->ops.data[at] = len;
    b->ops.data[at + 1] = ge;
}

/* Inserts `known = const True` into b at index at: the length just read is len0. */
static void set_true(Bce *s, IrBlock *b, int at, IrReg known)
{
    IrConst *k = ARENA_NEW(&s->ctx->arena, IrConst);
    k->kind = IRC_BOOL;
    k->bval = true;
    k->pool_index = -1;
    IrOp *op = ir_new_op(s->ctx, IR_CONST, b->ops.data[at - 1]->line, known, 0);
    op->u.konst = k;
    vec_push(&s->ctx->arena, &b->ops, op);
    memmove(b->ops.data + at + 1, b->ops.data + at, sizeof(IrOp *) * (size_t)(b->ops.len - 1 - at));
    b->ops.data[at] = op;
}

/* Gives the proven index ops the flag, and stores the form that clears it; false when
 * no op was proven (with apply false: only looks). */
static bool rewrite_index_ops(Bce *s, const bool *below, IrReg known, bool apply)
{
    bool any = false;
    for (int at = 0; at < s->l->blocks.len; at++) {
        IrBlock *blk = loop_block(s, at);
        bool holds = below[blk->id];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            const Prim *to = known_form(s, op, holds);
            if (to) {
                any |= pass_is_known_form(to);
                if (apply) {
                    pass_give_flag(s->ctx, op, to, known);
                }
            }
            holds = holds && !pass_op_writes(op, s->c);
        }
    }
    return any;
}

/* Is op j of blk followed only by a goto to the loop's head (which sets the flag of a
 * `while c < len(xs)` loop again)? */
static bool goes_to_head(const Bce *s, const IrBlock *blk, int j)
{
    const IrOp *t = blk->ops.data[blk->ops.len - 1];
    return j == blk->ops.len - 2 && t->kind == IR_GOTO && t->target == s->l->head;
}

static void bce_loop(Bce *s, PassLoopVec *loops)
{
    bool counted = find_counter(s);
    if (!counted && !find_while_len(s)) {
        return;
    }
    if (!loop_keeps_lists(s) || (counted && !pass_loop_preheader(s->ctx, s->f, loops, s->l))) {
        return;
    }
    IrReg known = ir_new_reg(s->ctx, s->f, RT_BOOL, NULL);
    bool *below = below_at_entry(s);
    bool proven = rewrite_index_ops(s, below, known, false);
    if (proven) {
        rewrite_index_ops(s, below, known, true);
    }
    for (int at = 0; at < s->l->blocks.len; at++) {
        IrBlock *blk = loop_block(s, at);
        below[blk->id] = false;
    }
    if (!proven) {
        return;
    }
    for (int at = 0; at < s->l->blocks.len; at++) {
        IrBlock *blk = loop_block(s, at);
        for (int j = 0; j < blk->ops.len; j++) {
            if (pass_is_interrupt_check(blk->ops.data[j]) && !(!counted && goes_to_head(s, blk, j))) {
                set_known(s, blk, j + 1, known, blk->ops.data[j]->line);
                j += 2;
            }
        }
    }
    if (counted) {
        IrBlock *pre = s->l->pre;
        set_known(s, pre, pre->ops.len - 1, known, pre->ops.data[0]->line);
    } else {
        set_true(s, s->l->head, s->while_len_at, known);
    }
}

void pass_bounds(Ctx *ctx, IrFunc *f)
{
    if (f->generator) {
        return;
    }
    PassLoopVec loops = pass_find_loops(ctx, f);
    if (loops.len == 0) {
        return;
    }
    /* the rewrites add registers, ops writing only those, and preheaders: what is
     * counted here stays true for the registers it covers */
    int cap = f->blocks.len + loops.len + 1;
    BceFunc fn = {pass_count_defs(ctx, f), pass_writers(ctx, f), arena_alloc(&ctx->arena, (size_t)cap)};
    for (int i = 0; i < loops.len; i++) {
        Bce s = {ctx, f, &fn, fn.defs, &loops.data[i], -1, -1, -1, -1, -1, -1};
        bce_loop(&s, &loops);
    }
}
