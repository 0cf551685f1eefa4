/* refcount.c - reference counting for refcounted registers (tagged ints, objects).
 * Model: every register is an owned slot, zero-initialized by the emitter.
 *  - parameters are borrowed from the caller; one that the function writes is
 *    incref'd on entry so that it is owned like any other slot;
 *  - an op writing a register first releases the slot's old value, if it may hold one;
 *  - an op that steals an operand (a move; a PRIM_RC row's steals column) is given a
 *    new reference, or the operand's own when it dies there; a borrowed result (a
 *    global load; a BORROWED prim) is incref'd after the op;
 *  - a slot is released right after its last use (liveness) and cleared, which
 *    keeps fewer values alive across calls; a frame-held local (IrRegInfo) counts as
 *    used by every exit, so it keeps its object until rebound, deleted or the exit,
 *    as CPython's frame does (a weakref or __del__ sees no earlier death);
 *  - return hands its register's reference to the caller; every slot that may
 *    still hold a reference is released on each exit.
 * Precondition: error branches inserted. */
#include <stdlib.h>
#include <string.h>
#include "pass.h"

typedef uint64_t Word;
typedef struct RcState {
    Ctx *ctx;
    IrFunc *f;
    int words;       /* bitset size in words */
    bool *owned;     /* per register: may the function own the slot's value? */
    Word **live_out; /* per block */
    Word **hold_in;  /* per block: registers that may hold a reference on entry */
    Word **live_in;  /* per block */
    /* scratch sets, allocated once per function and reused by every block and every
     * round of the fixed points (fresh sets per round made memory grow with
     * rounds x blocks x registers: gigabytes for a call with 400 computed arguments) */
    Word *tmp_a, *tmp_b, *tmp_c;
    Word *seen;      /* kept clear: dying_lists marks an op's repeated operands in it */
    /* per op of the block at hand, the registers whose last use it is (dying_lists):
     * dying_regs[dying_from[i] .. dying_to[i]), ascending */
    int *dying_from, *dying_to;
    IrReg *dying_regs;
    int dying_cap;
} RcState;
typedef VEC(IrOp *) OpVec;

static bool refcounted(const IrFunc *f, IrReg r)
{
    return r >= 0 && rtype_refcounted[f->regs.data[r].rt] && !(f->never_long && f->never_long[r]);
}

static Word *bits_new(RcState *st)
{
    return arena_alloc(&st->ctx->arena, sizeof(Word) * (size_t)st->words);
}
static bool bit(const Word *s, int i) { return (s[i / 64] >> (i % 64)) & 1; }
/* The next register from r on whose bit is set in s, or n: skips empty words, so a
 * walk over a sparse set does not test every register. */
static int next_bit(const Word *s, int r, int n)
{
    while (r < n && s[r / 64] >> (r % 64) == 0) {
        r = (r / 64 + 1) * 64;
    }
    while (r < n && !bit(s, r)) {
        r++;
    }
    return r < n ? r : n;
}
static void bit_set(Word *s, int i) { s[i / 64] |= (Word)1 << (i % 64); }
static void bit_clear(Word *s, int i) { s[i / 64] &= ~((Word)1 << (i % 64)); }

/* OR src into dst; true if dst changed. */
static bool bits_union(Word *dst, const Word *src, int words)
{
    bool changed = false;
    for (int i = 0; i < words; i++) {
        Word n = dst[i] | src[i];
        changed |= n != dst[i];
        dst[i] = n;
    }
    return changed;
}

static IrBlock *successor(const IrBlock *b, int k)
{
    const IrOp *t = b->ops.data[b->ops.len - 1];
    return k == 0 ? t->target : t->target2;
}

/* ---- the blocks whose sets may still change (both fixed points) ---- */

typedef struct Worklist {
    int *stack, len;
    bool *queued;
    int *pred_at, *preds;   /* block b's predecessors: preds[pred_at[b] .. pred_at[b + 1]) */
} Worklist;

static void worklist_push(Worklist *wl, int b)
{
    if (!wl->queued[b]) {
        wl->queued[b] = true;
        wl->stack[wl->len++] = b;
    }
}

static int worklist_pop(Worklist *wl)
{
    if (wl->len == 0) {
        return -1;
    }
    int b = wl->stack[--wl->len];
    wl->queued[b] = false;
    return b;
}

/* Every block queued, the last first when backward (liveness), the entry first when
 * forward; with the predecessor lists a backward walk revisits. Revisiting only what
 * changed keeps a function of many blocks from sweeping them all once per round. */
static Worklist worklist_new(RcState *st, bool backward)
{
    Arena *a = &st->ctx->arena;
    int n = st->f->blocks.len;
    Worklist wl = {arena_alloc(a, sizeof(int) * (size_t)(n + 1)), 0, arena_alloc(a, (size_t)n + 1),
                   arena_alloc(a, sizeof(int) * (size_t)(n + 2)), NULL};
    for (int bi = 0; bi < n; bi++) {
        worklist_push(&wl, backward ? bi : n - 1 - bi);
        for (int k = 0; k < 2; k++) {
            IrBlock *s = successor(st->f->blocks.data[bi], k);
            if (s) {
                wl.pred_at[s->id + 2]++;   /* counted at id + 2, summed, filled at id + 1 */
            }
        }
    }
    for (int i = 2; i <= n + 1; i++) {
        wl.pred_at[i] += wl.pred_at[i - 1];
    }
    wl.preds = arena_alloc(a, sizeof(int) * (size_t)(wl.pred_at[n + 1] + 1));
    for (int bi = 0; bi < n; bi++) {
        for (int k = 0; k < 2; k++) {
            IrBlock *s = successor(st->f->blocks.data[bi], k);
            if (s) {
                wl.preds[wl.pred_at[s->id + 1]++] = bi;
            }
        }
    }
    return wl;
}

/* ---- backward liveness of refcounted registers ---- */

static void live_step(const IrFunc *f, const IrOp *op, Word *live)
{
    if (op->dst >= 0 && refcounted(f, op->dst)) {
        bit_clear(live, op->dst);
    }
    for (int i = 0; i < op->nouts; i++) {
        if (refcounted(f, op->outs[i])) {
            bit_clear(live, op->outs[i]);
        }
    }
    for (int i = 0; i < op->nargs; i++) {
        if (refcounted(f, op->args[i])) {
            bit_set(live, op->args[i]);
        }
    }
}

/* An exit block's live-out: the frame-held locals, which it releases. */
static void exit_uses(RcState *st, const IrBlock *b, Word *live_out)
{
    IrOpKind k = b->ops.data[b->ops.len - 1]->kind;
    if (k != IR_RETURN && k != IR_RETURN_ERROR) {
        return;
    }
    for (int r = 0; r < st->f->regs.len; r++) {
        if (st->f->regs.data[r].frame_held && refcounted(st->f, r)) {
            bit_set(live_out, r);
        }
    }
}

static void compute_liveness(RcState *st)
{
    IrFunc *f = st->f;
    int n = f->blocks.len;
    st->live_out = arena_alloc(&st->ctx->arena, sizeof(Word *) * (size_t)n);
    Word **live_in = st->live_in = arena_alloc(&st->ctx->arena, sizeof(Word *) * (size_t)n);
    for (int i = 0; i < n; i++) {
        st->live_out[i] = bits_new(st);
        live_in[i] = bits_new(st);
        exit_uses(st, f->blocks.data[i], st->live_out[i]);
    }
    Worklist wl = worklist_new(st, true);
    for (int bi; (bi = worklist_pop(&wl)) >= 0;) {
        IrBlock *b = f->blocks.data[bi];
        for (int k = 0; k < 2; k++) {
            IrBlock *s = successor(b, k);
            if (s) {
                bits_union(st->live_out[bi], live_in[s->id], st->words);
            }
        }
        Word *in = st->tmp_a;
        memcpy(in, st->live_out[bi], sizeof(Word) * (size_t)st->words);
        for (int i = b->ops.len - 1; i >= 0; i--) {
            live_step(f, b->ops.data[i], in);
        }
        if (bits_union(live_in[bi], in, st->words)) {
            for (int p = wl.pred_at[bi]; p < wl.pred_at[bi + 1]; p++) {
                worklist_push(&wl, wl.preds[p]);
            }
        }
    }
}

/* The refcounted registers op writes now may hold a reference. */
static void hold_defs(const IrFunc *f, const IrOp *op, Word *hold)
{
    if (refcounted(f, op->dst)) {
        bit_set(hold, op->dst);
    }
    for (int i = 0; i < op->nouts; i++) {
        if (refcounted(f, op->outs[i])) {
            bit_set(hold, op->outs[i]);
        }
    }
}

/* ---- what an op does with references (prims.def's PRIM_RC rows, ops.def) ---- */

/* Does op take over the reference of its operand i (ops.def's refs; a PRIM_RC's steals)? */
static bool steals_arg(const IrOp *op, int i)
{
    if (op->kind == IR_PRIM) {
        return (op->u.prim->steals >> i) & 1;
    }
    return ir_op_refs(op->kind) == IR_REFS_STEAL0 && i == 0;
}

static bool steals_reg(const IrOp *op, IrReg r)
{
    for (int i = 0; i < op->nargs; i++) {
        if (op->args[i] == r && steals_arg(op, i)) {
            return true;
        }
    }
    return false;
}

/* Is op's result a borrowed reference (ops.def's refs; a PRIM_RC's BORROWED)? */
static bool result_borrowed(const IrOp *op)
{
    if (op->kind == IR_PRIM) {
        return op->u.prim->borrowed;
    }
    return ir_op_refs(op->kind) == IR_REFS_BORROWED;
}

/* ---- rewriting ---- */

static IrOp *rc_op(Ctx *ctx, IrOpKind kind, IrReg r, int line)
{
    IrOp *op = ir_new_op(ctx, kind, line, -1, 1);
    op->args[0] = r;
    return op;
}

static void push(RcState *st, OpVec *out, IrOpKind kind, IrReg r, int line)
{
    vec_push(&st->ctx->arena, out, rc_op(st->ctx, kind, r, line));
}

static void release_held(RcState *st, const Word *hold, const Word *keep, OpVec *out, int line)
{
    for (int r = next_bit(hold, 0, st->f->regs.len); r < st->f->regs.len; r = next_bit(hold, r + 1, st->f->regs.len)) {
        if (!(keep && bit(keep, r)) && refcounted(st->f, r)) {
            push(st, out, IR_DECREF, r, line);
        }
    }
}

/* A return hands each value's reference to the caller (all the elements of a split
 * return): an owned slot's own, else (a borrowed parameter, a register returned
 * twice) a new one; the other held slots are released. */
static void rewrite_return(RcState *st, const IrOp *op, const Word *hold, OpVec *out)
{
    Word *kept = bits_new(st);
    for (int i = 0; i < op->nargs; i++) {
        IrReg v = op->args[i];
        if (!refcounted(st->f, v)) {
            continue;
        }
        if (st->owned[v] && !bit(kept, v)) {
            bit_set(kept, v);
        } else {
            push(st, out, IR_INCREF, v, op->line);
        }
    }
    release_held(st, hold, kept, out, op->line);
}

static int reg_cmp(const void *a, const void *b)
{
    return *(const IrReg *)a - *(const IrReg *)b;
}

/* For each op of b, the registers whose last use it is (dead after it), its destination
 * excluded: one backward walk, so a block costs its ops plus its arguments, not its ops
 * times the registers. */
static void dying_lists(RcState *st, const IrBlock *b)
{
    Word *seen = st->seen;
    Word *live = st->tmp_c;
    memcpy(live, st->live_out[b->id], sizeof(Word) * (size_t)st->words);
    int pos = st->dying_cap;
    for (int i = b->ops.len - 1; i >= 0; i--) {
        const IrOp *op = b->ops.data[i];
        st->dying_to[i] = pos;
        for (int k = 0; k < op->nargs && !ir_op_is_terminator(op->kind); k++) {
            IrReg a = op->args[k];   /* terminators release at the exits instead */
            if (refcounted(st->f, a) && st->owned[a] && a != op->dst && !bit(live, a) && !bit(seen, a)) {
                bit_set(seen, a);
                st->dying_regs[--pos] = a;
            }
        }
        st->dying_from[i] = pos;
        for (int k = pos; k < st->dying_to[i]; k++) {
            bit_clear(seen, st->dying_regs[k]);
        }
        qsort(st->dying_regs + pos, (size_t)(st->dying_to[i] - pos), sizeof(IrReg), reg_cmp);
        live_step(st->f, op, live);
    }
}

/* A yield hands its value's reference to the generator's caller (the emitter clears
 * the slot); the other slots keep theirs in the frame across the suspension. */
static void hand_over_yielded(RcState *st, const IrOp *op, Word *hold, OpVec *out)
{
    if (op->kind != IR_YIELD && op->kind != IR_YIELD_FROM) {
        return;
    }
    IrReg v = op->args[0];
    if (!st->owned[v]) {
        push(st, out, IR_INCREF, v, op->line);
    }
    bit_clear(hold, v);
}

static void rewrite_op(RcState *st, IrOp *op, Word *hold, const Word *dying, int i_op, OpVec *out)
{
    IrFunc *f = st->f;
    int line = op->line;
    if (op->kind == IR_RETURN) {
        rewrite_return(st, op, hold, out);
    } else if (op->kind == IR_RETURN_ERROR) {
        release_held(st, hold, NULL, out, line);
    } else {
        /* a stolen operand that lives on (or is not the function's to give) gets a new reference */
        for (int i = 0; i < op->nargs; i++) {
            if (steals_arg(op, i) && refcounted(f, op->args[i]) && !bit(dying, op->args[i])) {
                push(st, out, IR_INCREF, op->args[i], line);
            }
        }
        if (refcounted(f, op->dst) && bit(hold, op->dst)) {
            push(st, out, IR_DECREF, op->dst, line);   /* only a slot that may hold a value */
        }
    }
    for (int i = 0; i < op->nouts; i++) {
        if (refcounted(f, op->outs[i]) && bit(hold, op->outs[i])) {
            push(st, out, IR_DECREF, op->outs[i], line);
        }
    }
    hand_over_yielded(st, op, hold, out);
    vec_push(&st->ctx->arena, out, op);
    if (result_borrowed(op) && refcounted(f, op->dst)) {
        push(st, out, IR_INCREF, op->dst, line);
        /* a borrowed item of a prim that cannot fail is never NULL: no test */
        out->data[out->len - 1]->u.refcount.nonnull = op->kind == IR_PRIM && !op->u.prim->can_fail;
    }
    hold_defs(f, op, hold);
    for (int k = st->dying_from[i_op]; k < st->dying_to[i_op]; k++) {
        IrReg r = st->dying_regs[k];
        if (!steals_reg(op, r)) {
            push(st, out, IR_DECREF, r, line);
        }
        push(st, out, IR_CLEAR, r, line);
        bit_clear(hold, r);
    }
}

/* A value held on entry to b but not used from there on (a loop's iterator when an
 * error leaves the loop for a handler) is released at once, as CPython pops it. */
static void release_dead_on_entry(RcState *st, const IrBlock *b, Word *hold, OpVec *out)
{
    for (int r = next_bit(hold, 0, st->f->regs.len); r < st->f->regs.len; r = next_bit(hold, r + 1, st->f->regs.len)) {
        if (!bit(st->live_in[b->id], r) && st->owned[r] && refcounted(st->f, r)) {
            int line = b->ops.len ? b->ops.data[0]->line : st->f->line;
            push(st, out, IR_DECREF, r, line);
            push(st, out, IR_CLEAR, r, line);
            bit_clear(hold, r);
        }
    }
}

/* Rewrites block b starting from hold (updated in place to the block's exit state). */
static void rewrite_block(RcState *st, IrBlock *b, Word *hold)
{
    OpVec out = {0};
    Word *dying = st->tmp_a;   /* clear: set and cleared around each op */
    memset(dying, 0, sizeof(Word) * (size_t)st->words);
    dying_lists(st, b);
    if (b->id == 0 && !st->f->generator) {
        for (int p = 0; p < st->f->params.len; p++) {
            if (st->owned[p] && refcounted(st->f, p)) {
                push(st, &out, IR_INCREF, p, st->f->line);
                bit_set(hold, p);
            }
        }
    }
    release_dead_on_entry(st, b, hold, &out);
    for (int i = 0; i < b->ops.len; i++) {
        for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
            bit_set(dying, st->dying_regs[k]);
        }
        rewrite_op(st, b->ops.data[i], hold, dying, i, &out);
        for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
            bit_clear(dying, st->dying_regs[k]);
        }
    }
    b->ops.data = out.data;
    b->ops.len = out.len;
    b->ops.cap = out.cap;
}

/* What may hold a reference along b's edge k: on an error branch's error edge, the
 * register it tests holds its error value (NULL, PYC2C_INT_ERROR), which owns nothing,
 * so the handler does not release it (and more handlers release the same slots). */
static const Word *edge_hold(RcState *st, const IrBlock *b, int k, const Word *hold)
{
    const IrOp *t = b->ops.data[b->ops.len - 1];
    if (k != 0 || t->kind != IR_ERRBRANCH || !refcounted(st->f, t->args[0]) ||
        !bit(hold, t->args[0]) || rtype_error_needs_occurred[st->f->regs.data[t->args[0]].rt]) {
        return hold;
    }
    Word *h = st->tmp_c;
    memcpy(h, hold, sizeof(Word) * (size_t)st->words);
    bit_clear(h, t->args[0]);
    return h;
}

/* Forward "may hold a reference" sets, then the rewrite in one sweep per block.
 * The hold sets are computed on the original ops, simulating the rewrite. */
static void compute_hold(RcState *st)
{
    IrFunc *f = st->f;
    int n = f->blocks.len;
    st->hold_in = arena_alloc(&st->ctx->arena, sizeof(Word *) * (size_t)n);
    for (int i = 0; i < n; i++) {
        st->hold_in[i] = bits_new(st);
    }
    for (int p = 0; p < f->params.len; p++) {
        if (st->owned[p] && refcounted(f, p)) {
            bit_set(st->hold_in[0], p);
        }
    }
    Worklist wl = worklist_new(st, false);
    for (int bi; (bi = worklist_pop(&wl)) >= 0;) {
        IrBlock *b = f->blocks.data[bi];
        Word *hold = st->tmp_b;
        memcpy(hold, st->hold_in[bi], sizeof(Word) * (size_t)st->words);
        for (int w = 0; w < st->words; w++) {
            hold[w] &= st->live_in[bi][w];   /* release_dead_on_entry */
        }
        dying_lists(st, b);
        for (int i = 0; i < b->ops.len; i++) {
            const IrOp *op = b->ops.data[i];
            hold_defs(f, op, hold);
            if (op->kind == IR_YIELD || op->kind == IR_YIELD_FROM) {
                bit_clear(hold, op->args[0]);
            }
            for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
                bit_clear(hold, st->dying_regs[k]);
            }
        }
        for (int k = 0; k < 2; k++) {
            IrBlock *s = successor(b, k);
            if (s && bits_union(st->hold_in[s->id], edge_hold(st, b, k, hold), st->words)) {
                worklist_push(&wl, s->id);
            }
        }
    }
}

/* Slots the function owns: all but the parameters it never writes. */
static bool *owned_slots(Ctx *ctx, const IrFunc *f)
{
    bool *owned = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int r = 0; r < f->regs.len; r++) {
        owned[r] = r >= f->params.len || f->generator;   /* a generator's frame owns its arguments */
    }
    for (int bi = 0; bi < f->blocks.len; bi++) {
        const IrBlock *b = f->blocks.data[bi];
        for (int i = 0; i < b->ops.len; i++) {
            const IrOp *op = b->ops.data[i];
            if (op->dst >= 0) {
                owned[op->dst] = true;
            }
            for (int k = 0; k < op->nouts; k++) {
                owned[op->outs[k]] = true;
            }
        }
    }
    return owned;
}

static void alloc_scratch(RcState *st)
{
    int max_ops = 1, max_args = 1;
    for (int bi = 0; bi < st->f->blocks.len; bi++) {
        const IrBlock *b = st->f->blocks.data[bi];
        int nargs = 0;
        for (int i = 0; i < b->ops.len; i++) {
            nargs += b->ops.data[i]->nargs;
        }
        max_ops = b->ops.len > max_ops ? b->ops.len : max_ops;
        max_args = nargs > max_args ? nargs : max_args;
    }
    st->tmp_a = bits_new(st);
    st->tmp_b = bits_new(st);
    st->tmp_c = bits_new(st);
    st->seen = bits_new(st);
    st->dying_from = arena_alloc(&st->ctx->arena, sizeof(int) * (size_t)max_ops);
    st->dying_to = arena_alloc(&st->ctx->arena, sizeof(int) * (size_t)max_ops);
    st->dying_regs = arena_alloc(&st->ctx->arena, sizeof(IrReg) * (size_t)max_args);
    st->dying_cap = max_args;
}

void pass_refcount(Ctx *ctx, IrFunc *f)
{
    RcState st = {.ctx = ctx, .f = f, .words = f->regs.len / 64 + 1, .owned = owned_slots(ctx, f)};
    for (int i = 0; i < f->blocks.len; i++) {
        if (f->blocks.data[i]->id != i) {
            ICE("%s: block ids out of order", f->name);
        }
    }
    alloc_scratch(&st);
    compute_liveness(&st);
    compute_hold(&st);
    Word *hold = bits_new(&st);
    for (int bi = 0; bi < f->blocks.len; bi++) {
        memcpy(hold, st.hold_in[bi], sizeof(Word) * (size_t)st.words);
        rewrite_block(&st, f->blocks.data[bi], hold);
    }
}
