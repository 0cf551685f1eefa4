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
#include "liveness.h"
#include "pass.h"

typedef uint64_t Word;
typedef struct RcState {
    Ctx *ctx;
    IrFunc *f;
    int words;       /* bitset size in words */
    bool *owned;     /* per register: may the function own the slot's value? */
    /* per block, sparse (liveness.h): a dense set per block made memory grow with
     * blocks x registers, gigabytes for a display of thousands of computed items */
    RegSet *live_out, *live_in;
    RegSet *hold_in; /* registers that may hold a reference on entry */
    /* dense scratch sets, one per function, kept clear between uses: each use clears
     * the bits it set, so a block costs its own size, not the register count */
    Word *dying, *hold, *live;
    Word *seen;      /* dying_lists marks an op's repeated operands in it */
    RegSet cand;     /* the registers the block at hand may hold (block_candidates) */
    IrReg *defs;     /* scratch for block_candidates: room for any block's writes */
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
static void bit_set(Word *s, int i) { s[i / 64] |= (Word)1 << (i % 64); }
static void bit_clear(Word *s, int i) { s[i / 64] &= ~((Word)1 << (i % 64)); }

static void bits_clear_list(Word *s, const IrReg *r, int n)
{
    for (int i = 0; i < n; i++) {
        bit_clear(s, r[i]);
    }
}

static void bits_set_list(Word *s, const IrReg *r, int n)
{
    for (int i = 0; i < n; i++) {
        bit_set(s, r[i]);
    }
}

/* Clears every bit an op of b names (the dense scratch sets' cleanup). */
static void clear_block_regs(Word *s, const IrBlock *b)
{
    for (int i = 0; i < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        if (op->dst >= 0) {
            bit_clear(s, op->dst);
        }
        for (int k = 0; k < op->nouts; k++) {
            bit_clear(s, op->outs[k]);
        }
        for (int k = 0; k < op->nargs; k++) {
            if (op->args[k] >= 0) {
                bit_clear(s, op->args[k]);
            }
        }
    }
}

static IrBlock *successor(const IrBlock *b, int k)
{
    const IrOp *t = b->ops.data[b->ops.len - 1];
    return k == 0 ? t->target : t->target2;
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

/* Liveness; an exit's live-out is the frame-held locals, which it releases. */
static void compute_liveness(RcState *st)
{
    IrReg *held = arena_alloc(&st->ctx->arena, sizeof(IrReg) * (size_t)(st->f->regs.len + 1));
    int n = 0;
    for (int r = 0; r < st->f->regs.len; r++) {
        if (st->f->regs.data[r].frame_held && refcounted(st->f, r)) {
            held[n++] = r;
        }
    }
    RegSet exit_live = {held, n, n};
    Liveness lv = pass_liveness(&st->ctx->arena, st->f, refcounted, &exit_live);
    st->live_in = lv.in;
    st->live_out = lv.out;
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

/* Is r an owned slot that the return op hands to its caller? */
static bool returned(const RcState *st, const IrOp *ret, IrReg r)
{
    for (int i = 0; ret && i < ret->nargs; i++) {
        if (ret->args[i] == r) {
            return st->owned[r];
        }
    }
    return false;
}

/* Releases every slot that may hold a reference (the block's candidates whose bit is
 * set), but for those the return op ret (or NULL) hands over. */
static void release_held(RcState *st, const Word *hold, const IrOp *ret, OpVec *out, int line)
{
    for (int i = 0; i < st->cand.len; i++) {
        IrReg r = st->cand.r[i];
        if (bit(hold, r) && !returned(st, ret, r) && refcounted(st->f, r)) {
            push(st, out, IR_DECREF, r, line);
        }
    }
}

/* A return hands each value's reference to the caller (all the elements of a split
 * return): an owned slot's own, else (a borrowed parameter, a register returned
 * twice) a new one; the other held slots are released. */
static void rewrite_return(RcState *st, const IrOp *op, const Word *hold, OpVec *out)
{
    for (int i = 0; i < op->nargs; i++) {
        IrReg v = op->args[i];
        bool again = false;   /* returned by an earlier element: that one has the slot's */
        for (int k = 0; k < i; k++) {
            again |= op->args[k] == v;
        }
        if (refcounted(st->f, v) && (!st->owned[v] || again)) {
            push(st, out, IR_INCREF, v, op->line);
        }
    }
    release_held(st, hold, op, out, op->line);
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
    Word *live = st->live;
    bits_set_list(live, st->live_out[b->id].r, st->live_out[b->id].len);
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
    bits_clear_list(live, st->live_out[b->id].r, st->live_out[b->id].len);
    clear_block_regs(live, b);
}

/* st->cand = base and the registers b's ops write: the slots that may hold a
 * reference somewhere in b when base may on entry. */
static void block_candidates(RcState *st, const IrBlock *b, const RegSet *base)
{
    IrReg *defs = st->defs;
    int n = 0;
    for (int i = 0; i < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        if (op->dst >= 0 && refcounted(st->f, op->dst)) {
            defs[n++] = op->dst;
        }
        for (int k = 0; k < op->nouts; k++) {
            if (refcounted(st->f, op->outs[k])) {
                defs[n++] = op->outs[k];
            }
        }
    }
    regset_from(&st->ctx->arena, &st->cand, defs, n);
    regset_union(&st->ctx->arena, &st->cand, base);
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

/* An int op whose tagged-int operands die at it takes its releasing form (releasing.def):
 * the form releases them on its slow path, so no decref follows the op (a test and a
 * branch per operand, much of the C compiler's work on int code; short ints, the fast
 * path's, own nothing). An operand given twice is released once. */
static void take_releasing_form(RcState *st, IrOp *op, const Word *dying)
{
    if (op->kind != IR_PRIM || op->u.prim->steals || op->nargs > 2) {
        return;
    }
    unsigned mask = 0;
    for (int i = 0; i < op->nargs; i++) {
        IrReg a = op->args[i];
        bool again = i == 1 && op->args[0] == a;
        if (!again && st->f->regs.data[a].rt == RT_INT && refcounted(st->f, a) && bit(dying, a)) {
            mask |= 1u << i;
        }
    }
    const Prim *form = prim_releasing(op->u.prim, mask);
    if (form) {
        op->u.prim = form;
    }
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
        take_releasing_form(st, op, dying);
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
    const RegSet *in = &st->hold_in[b->id];
    for (int i = 0; i < in->len; i++) {
        IrReg r = in->r[i];
        if (bit(hold, r) && !regset_has(&st->live_in[b->id], r) && st->owned[r] && refcounted(st->f, r)) {
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
    Word *dying = st->dying;   /* clear: set and cleared around each op */
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

/* Does an error edge of b lose its tested register from what may hold a reference?
 * On an error branch's error edge the register it tests holds its error value (NULL,
 * PYC2C_INT_ERROR), which owns nothing, so the handler does not release it (and more
 * handlers release the same slots). */
static IrReg error_value_on_edge(RcState *st, const IrBlock *b, int k, const RegSet *hold)
{
    const IrOp *t = b->ops.data[b->ops.len - 1];
    if (k != 0 || t->kind != IR_ERRBRANCH || !refcounted(st->f, t->args[0]) ||
        !regset_has(hold, t->args[0]) || rtype_error_needs_occurred[st->f->regs.data[t->args[0]].rt]) {
        return -1;
    }
    return t->args[0];
}

/* What may hold a reference on leaving b, from what may on entry (hold_in[b]). */
static void hold_out(RcState *st, const IrBlock *b, RegSet *out)
{
    Arena *a = &st->ctx->arena;
    regset_filter(a, out, &st->hold_in[b->id], &st->live_in[b->id], true);   /* release_dead_on_entry */
    block_candidates(st, b, out);
    Word *hold = st->hold;
    bits_set_list(hold, out->r, out->len);
    dying_lists(st, b);
    for (int i = 0; i < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        hold_defs(st->f, op, hold);
        if (op->kind == IR_YIELD || op->kind == IR_YIELD_FROM) {
            bit_clear(hold, op->args[0]);
        }
        for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
            bit_clear(hold, st->dying_regs[k]);
        }
    }
    regset_reserve(&st->ctx->arena, out, st->cand.len);
    out->len = 0;
    for (int i = 0; i < st->cand.len; i++) {
        if (bit(hold, st->cand.r[i])) {
            out->r[out->len++] = st->cand.r[i];
        }
    }
    bits_clear_list(hold, st->cand.r, st->cand.len);
}

/* Forward "may hold a reference" sets, then the rewrite in one sweep per block.
 * The hold sets are computed on the original ops, simulating the rewrite. */
static void compute_hold(RcState *st)
{
    IrFunc *f = st->f;
    Arena *a = &st->ctx->arena;
    int n = f->blocks.len;
    st->hold_in = arena_alloc(a, sizeof(RegSet) * (size_t)(n + 1));
    IrReg *params = arena_alloc(a, sizeof(IrReg) * (size_t)(f->params.len + 1));
    int np = 0;
    for (int p = 0; p < f->params.len; p++) {
        if (st->owned[p] && refcounted(f, p)) {
            params[np++] = p;
        }
    }
    regset_from(a, &st->hold_in[0], params, np);
    int *stack = arena_alloc(a, sizeof(int) * (size_t)(n + 1)), len = 0;
    bool *queued = arena_alloc(a, (size_t)n + 1);
    for (int bi = n - 1; bi >= 0; bi--) {
        stack[len++] = bi;   /* the entry popped first */
        queued[bi] = true;
    }
    RegSet out = {0}, edge = {0};
    while (len > 0) {
        int bi = stack[--len];
        queued[bi] = false;
        IrBlock *b = f->blocks.data[bi];
        hold_out(st, b, &out);
        for (int k = 0; k < 2; k++) {
            IrBlock *s = successor(b, k);
            if (!s) {
                continue;
            }
            const RegSet *e = &out;
            IrReg lost = error_value_on_edge(st, b, k, &out);
            if (lost >= 0) {
                edge.len = 0;
                regset_union(a, &edge, &out);
                regset_remove(&edge, lost);
                e = &edge;
            }
            if (regset_union(a, &st->hold_in[s->id], e) && !queued[s->id]) {
                queued[s->id] = true;
                stack[len++] = s->id;
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
    int max_ops = 1, max_args = 1, max_defs = 1;
    for (int bi = 0; bi < st->f->blocks.len; bi++) {
        const IrBlock *b = st->f->blocks.data[bi];
        int nargs = 0, ndefs = 0;
        for (int i = 0; i < b->ops.len; i++) {
            nargs += b->ops.data[i]->nargs;
            ndefs += 1 + b->ops.data[i]->nouts;
        }
        max_ops = b->ops.len > max_ops ? b->ops.len : max_ops;
        max_args = nargs > max_args ? nargs : max_args;
        max_defs = ndefs > max_defs ? ndefs : max_defs;
    }
    st->defs = arena_alloc(&st->ctx->arena, sizeof(IrReg) * (size_t)max_defs);
    st->dying = bits_new(st);
    st->hold = bits_new(st);
    st->live = bits_new(st);
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
    for (int bi = 0; bi < f->blocks.len; bi++) {
        const RegSet *in = &st.hold_in[bi];
        block_candidates(&st, f->blocks.data[bi], in);
        bits_set_list(st.hold, in->r, in->len);
        rewrite_block(&st, f->blocks.data[bi], st.hold);
        bits_clear_list(st.hold, st.cand.r, st.cand.len);
    }
}
