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
 *    still hold a reference is released on each exit;
 *  - an error handler's releases (the values held that the path no longer uses) are
 *    chains of blocks shared by handlers (release_chains), so that a function of n
 *    values live across n ops that can fail has n releases on its error paths, not n^2.
 * Per block, the live and may-hold sets are persistent (pset.h): in a function of
 * thousands of object locals each set holds thousands, and as copies they were blocks x
 * locals (3,200 locals in one def: 1.2 GB). Within a block, an Overlay records the
 * block's changes to its entry set.
 * Precondition: error branches inserted. */
#include <stdlib.h>
#include <string.h>
#include "liveness.h"
#include "pass.h"

typedef uint64_t Word;

/* A persistent set and the changes one block makes to it (at most the registers the
 * block names): a query costs the trie's depth, not a copy of the set. */
typedef struct Overlay {
    const PSet *base;
    signed char *state;   /* per register: 0 as in base, 1 added, -1 removed */
    IrReg *touched;
    int n;
} Overlay;

/* A handler's releases, made into chains once every block is rewritten. */
typedef struct Pending {
    IrBlock *b;
    const PSet *dead;     /* what it releases */
    IrBlock *to;          /* where it went */
    int prev, next;       /* the handlers before and after it going to `to` (or -1) */
} Pending;
typedef VEC(Pending) PendingVec;

typedef struct RcState {
    Ctx *ctx;
    IrFunc *f;
    PSetStore sets;
    int words;       /* bitset size in words */
    bool *owned;     /* per register: may the function own the slot's value? */
    const PSet **live_out, **live_in;   /* per block */
    const PSet **hold_in; /* registers that may hold a reference on entry */
    Overlay live, hold;   /* the block at hand's */
    /* dense scratch sets, one per function, kept clear between uses: each use clears
     * the bits it set, so a block costs its own size, not the register count */
    Word *dying;
    Word *seen;      /* dying_lists marks an op's repeated operands in it */
    IrReg *members;  /* scratch for release_held: room for every register */
    /* per op of the block at hand, the registers whose last use it is (dying_lists):
     * dying_regs[dying_from[i] .. dying_to[i]), ascending */
    int *dying_from, *dying_to;
    IrReg *dying_regs;
    int dying_cap;
    PendingVec pending;   /* handlers whose releases release_chains makes */
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

static void ov_init(Overlay *o, const PSet *base)
{
    o->base = base;
    o->n = 0;
}

static bool ov_has(const Overlay *o, IrReg r)
{
    return o->state[r] ? o->state[r] > 0 : pset_has(o->base, r);
}

static void ov_set(Overlay *o, IrReg r, bool in)
{
    if (!o->state[r]) {
        o->touched[o->n++] = r;
    }
    o->state[r] = in ? 1 : -1;
}

/* The set with the block's changes applied; the overlay is cleared. */
static const PSet *ov_result(PSetStore *st, Overlay *o)
{
    const PSet *s = o->base;
    for (int i = 0; i < o->n; i++) {
        IrReg r = o->touched[i];
        s = o->state[r] > 0 ? pset_add(st, s, r) : pset_remove(st, s, r);
        o->state[r] = 0;
    }
    o->n = 0;
    return s;
}

static void ov_clear(Overlay *o)
{
    for (int i = 0; i < o->n; i++) {
        o->state[o->touched[i]] = 0;
    }
    o->n = 0;
}

static IrBlock *successor(const IrBlock *b, int k)
{
    const IrOp *t = b->ops.data[b->ops.len - 1];
    return k == 0 ? t->target : t->target2;
}

/* ---- backward liveness of refcounted registers ---- */

static void live_step(const IrFunc *f, const IrOp *op, Overlay *live)
{
    if (op->dst >= 0 && refcounted(f, op->dst)) {
        ov_set(live, op->dst, false);
    }
    for (int i = 0; i < op->nouts; i++) {
        if (refcounted(f, op->outs[i])) {
            ov_set(live, op->outs[i], false);
        }
    }
    for (int i = 0; i < op->nargs; i++) {
        if (refcounted(f, op->args[i])) {
            ov_set(live, op->args[i], true);
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
    Liveness lv = pass_liveness(&st->sets, st->f, refcounted, pset_from(&st->sets, held, n));
    st->live_in = lv.in;
    st->live_out = lv.out;
}

/* The refcounted registers op writes now may hold a reference. */
static void hold_defs(const IrFunc *f, const bool *owned, const IrOp *op, Overlay *hold)
{
    if (refcounted(f, op->dst) && owned[op->dst]) {   /* a borrowed constant's slot holds nothing */
        ov_set(hold, op->dst, true);
    }
    for (int i = 0; i < op->nouts; i++) {
        if (refcounted(f, op->outs[i])) {
            ov_set(hold, op->outs[i], true);
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

static int reg_cmp(const void *a, const void *b)
{
    return *(const IrReg *)a - *(const IrReg *)b;
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

/* Releases every slot that may hold a reference, in register order, but for those
 * the return op ret (or NULL) hands over. */
static void release_held(RcState *st, const Overlay *hold, const IrOp *ret, OpVec *out, int line)
{
    IrReg *m = st->members;
    int n = pset_members(hold->base, m);
    for (int i = 0; i < hold->n; i++) {
        if (hold->state[hold->touched[i]] > 0) {
            m[n++] = hold->touched[i];
        }
    }
    qsort(m, (size_t)n, sizeof(IrReg), reg_cmp);
    for (int i = 0; i < n; i++) {
        IrReg r = m[i];
        if ((i == 0 || m[i - 1] != r) && ov_has(hold, r) && !returned(st, ret, r) && refcounted(st->f, r)) {
            push(st, out, IR_DECREF, r, line);
        }
    }
}

/* A return hands each value's reference to the caller (all the elements of a split
 * return): an owned slot's own, else (a borrowed parameter, a register returned
 * twice) a new one; the other held slots are released. */
static void rewrite_return(RcState *st, const IrOp *op, const Overlay *hold, OpVec *out)
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

/* For each op of b, the registers whose last use it is (dead after it), its destination
 * excluded: one backward walk, so a block costs its ops plus its arguments, not its ops
 * times the registers. */
static void dying_lists(RcState *st, const IrBlock *b)
{
    Word *seen = st->seen;
    Overlay *live = &st->live;
    ov_init(live, st->live_out[b->id]);
    int pos = st->dying_cap;
    for (int i = b->ops.len - 1; i >= 0; i--) {
        const IrOp *op = b->ops.data[i];
        st->dying_to[i] = pos;
        for (int k = 0; k < op->nargs && !ir_op_is_terminator(op->kind); k++) {
            IrReg a = op->args[k];   /* terminators release at the exits instead */
            if (refcounted(st->f, a) && st->owned[a] && a != op->dst && !ov_has(live, a) && !bit(seen, a)) {
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
    ov_clear(live);
}

/* A yield hands its value's reference to the generator's caller (the emitter clears
 * the slot); the other slots keep theirs in the frame across the suspension. */
static void hand_over_yielded(RcState *st, const IrOp *op, Overlay *hold, OpVec *out)
{
    if (op->kind != IR_YIELD && op->kind != IR_YIELD_FROM) {
        return;
    }
    IrReg v = op->args[0];
    if (!st->owned[v]) {
        push(st, out, IR_INCREF, v, op->line);
    }
    ov_set(hold, v, false);
}

/* An op whose refcounted operands die at it takes its releasing form (releasing.def): an
 * int op releases them on its slow path (short ints, the fast path's, own nothing), an
 * object op takes their reference; no decref follows the op (a test and a branch per
 * operand, much of the C compiler's work). An operand given twice is released once. */
static void take_releasing_form(RcState *st, IrOp *op, const Word *dying)
{
    if (op->kind != IR_PRIM || op->u.prim->steals || op->nargs > 2) {
        return;
    }
    unsigned mask = 0;
    for (int i = 0; i < op->nargs; i++) {
        IrReg a = op->args[i];
        bool again = i == 1 && op->args[0] == a;
        if (!again && refcounted(st->f, a) && bit(dying, a)) {
            mask |= 1u << i;
        }
    }
    const Prim *form = prim_releasing(op->u.prim, mask);
    if (form) {
        op->u.prim = form;
    }
}

static void rewrite_op(RcState *st, IrOp *op, Overlay *hold, const Word *dying, int i_op, OpVec *out)
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
        if (refcounted(f, op->dst) && ov_has(hold, op->dst)) {
            push(st, out, IR_DECREF, op->dst, line);   /* only a slot that may hold a value */
        }
    }
    for (int i = 0; i < op->nouts; i++) {
        if (refcounted(f, op->outs[i]) && ov_has(hold, op->outs[i])) {
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
    hold_defs(f, st->owned, op, hold);
    for (int k = st->dying_from[i_op]; k < st->dying_to[i_op]; k++) {
        IrReg r = st->dying_regs[k];
        if (!steals_reg(op, r)) {
            push(st, out, IR_DECREF, r, line);
        }
        push(st, out, IR_CLEAR, r, line);
        ov_set(hold, r, false);
    }
}

/* The values held on entry to b that it no longer uses (a loop's iterator when an error
 * leaves the loop for a handler): released on entry, as CPython pops them. Every member
 * of a hold set is an owned refcounted slot (the params' seeds and hold_defs'). */
static const PSet *dead_on_entry(RcState *st, const IrBlock *b)
{
    return pset_diff(&st->sets, st->hold_in[b->id], st->live_in[b->id]);
}

static void release_dead_on_entry(RcState *st, const IrBlock *b, const PSet *dead, OpVec *out)
{
    int n = pset_members(dead, st->members);
    int line = b->ops.len ? b->ops.data[0]->line : st->f->line;
    for (int i = 0; i < n; i++) {
        push(st, out, IR_DECREF, st->members[i], line);
        push(st, out, IR_CLEAR, st->members[i], line);
    }
}

/* Are b's releases on entry left to release_chains? A handler made by the error pass (a
 * traceback and a goto) jumps to a chain instead. Not in the module body: its chunks
 * share no block (emit_chunks.c). */
static bool chained(const RcState *st, const IrBlock *b, const PSet *dead)
{
    return dead && b->is_error_handler && !st->f->is_module_init && b->ops.len <= 2
           && b->ops.data[b->ops.len - 1]->kind == IR_GOTO;
}

/* Rewrites block b. */
static void rewrite_block(RcState *st, IrBlock *b)
{
    OpVec out = {0};
    Word *dying = st->dying;   /* clear: set and cleared around each op */
    Overlay *hold = &st->hold;
    dying_lists(st, b);
    const PSet *dead = dead_on_entry(st, b);
    ov_init(hold, pset_diff(&st->sets, st->hold_in[b->id], dead));
    if (b->id == 0 && !st->f->generator) {
        for (int p = 0; p < st->f->params.len; p++) {
            if (st->owned[p] && refcounted(st->f, p)) {
                push(st, &out, IR_INCREF, p, st->f->line);
            }
        }
    }
    if (chained(st, b, dead)) {
        IrOp *go = b->ops.data[b->ops.len - 1];
        vec_push(&st->ctx->arena, &st->pending, ((Pending){b, dead, go->target, -1, -1}));
    } else {
        release_dead_on_entry(st, b, dead, &out);
    }
    for (int i = 0; i < b->ops.len; i++) {
        for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
            bit_set(dying, st->dying_regs[k]);
        }
        rewrite_op(st, b->ops.data[i], hold, dying, i, &out);
        for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
            bit_clear(dying, st->dying_regs[k]);
        }
    }
    ov_clear(hold);
    b->ops.data = out.data;
    b->ops.len = out.len;
    b->ops.cap = out.cap;
}

/* Does an error edge of b lose its tested register from what may hold a reference?
 * On an error branch's error edge the register it tests holds its error value (NULL,
 * PYC2C_INT_ERROR), which owns nothing, so the handler does not release it (and more
 * handlers release the same slots). */
static IrReg error_value_on_edge(RcState *st, const IrBlock *b, int k, const PSet *hold)
{
    const IrOp *t = b->ops.data[b->ops.len - 1];
    if (k != 0 || t->kind != IR_ERRBRANCH || !refcounted(st->f, t->args[0]) ||
        !pset_has(hold, t->args[0]) || rtype_error_needs_occurred[st->f->regs.data[t->args[0]].rt]) {
        return -1;
    }
    return t->args[0];
}

/* What may hold a reference on leaving b, from what may on entry (hold_in[b]). */
static const PSet *hold_out(RcState *st, const IrBlock *b)
{
    Overlay *hold = &st->hold;
    ov_init(hold, pset_inter(&st->sets, st->hold_in[b->id], st->live_in[b->id]));   /* release_dead_on_entry */
    dying_lists(st, b);
    for (int i = 0; i < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        hold_defs(st->f, st->owned, op, hold);
        if (op->kind == IR_YIELD || op->kind == IR_YIELD_FROM) {
            ov_set(hold, op->args[0], false);
        }
        for (int k = st->dying_from[i]; k < st->dying_to[i]; k++) {
            ov_set(hold, st->dying_regs[k], false);
        }
    }
    return ov_result(&st->sets, hold);
}

/* Forward "may hold a reference" sets, then the rewrite in one sweep per block.
 * The hold sets are computed on the original ops, simulating the rewrite. */
static void compute_hold(RcState *st)
{
    IrFunc *f = st->f;
    Arena *a = &st->ctx->arena;
    int n = f->blocks.len;
    st->hold_in = arena_alloc(a, sizeof(PSet *) * (size_t)(n + 1));
    IrReg *params = arena_alloc(a, sizeof(IrReg) * (size_t)(f->params.len + 1));
    int np = 0;
    for (int p = 0; p < f->params.len; p++) {
        if (st->owned[p] && refcounted(f, p)) {
            params[np++] = p;
        }
    }
    st->hold_in[0] = pset_from(&st->sets, params, np);
    int *stack = arena_alloc(a, sizeof(int) * (size_t)(n + 1)), len = 0;
    bool *queued = arena_alloc(a, (size_t)n + 1);
    for (int bi = n - 1; bi >= 0; bi--) {
        stack[len++] = bi;   /* the entry popped first */
        queued[bi] = true;
    }
    while (len > 0) {
        int bi = stack[--len];
        queued[bi] = false;
        IrBlock *b = f->blocks.data[bi];
        const PSet *out = hold_out(st, b);
        for (int k = 0; k < 2; k++) {
            IrBlock *s = successor(b, k);
            if (!s) {
                continue;
            }
            IrReg lost = error_value_on_edge(st, b, k, out);
            const PSet *e = lost >= 0 ? pset_remove(&st->sets, out, lost) : out;
            const PSet *in = pset_union(&st->sets, st->hold_in[s->id], e);
            if (in != st->hold_in[s->id]) {
                st->hold_in[s->id] = in;
                if (!queued[s->id]) {
                    queued[s->id] = true;
                    stack[len++] = s->id;
                }
            }
        }
    }
}

/* Is op an object constant of the module's pool (a string, bytes, complex, tuple) or
 * Ellipsis? The module holds it for as long as any of its code runs. */
static bool pooled_const(const IrFunc *f, const IrOp *op)
{
    if (op->kind != IR_CONST || f->regs.data[op->dst].rt != RT_OBJ) {
        return false;
    }
    IrConstKind k = op->u.konst->kind;
    return k == IRC_STR || k == IRC_BYTES || k == IRC_COMPLEX || k == IRC_TUPLE || k == IRC_ELLIPSIS ||
           k == IRC_DC_FACTORY;
}

/* A temporary or local written only by pooled constants borrows them: no incref at the
 * constant, no release where it dies (a test, a branch and a call each, much of the C
 * of generic code); an op that steals it, a return or a move gets a new reference, as
 * for a parameter. Those constants get borrow1 = -1 (the emitter leaves out the incref).
 * Not in generators (their frame owns every slot) or the module body (chunked). */
static void borrow_constants(Ctx *ctx, IrFunc *f, bool *owned)
{
    if (f->generator || f->is_module_init) {
        return;
    }
    char *only = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);   /* 1: only pooled constants write it */
    memset(only, 0, (size_t)f->regs.len + 1);
    for (int pass = 0; pass < 2; pass++) {
        for (int bi = 0; bi < f->blocks.len; bi++) {
            const IrBlock *b = f->blocks.data[bi];
            for (int i = 0; i < b->ops.len; i++) {
                IrOp *op = b->ops.data[i];
                if (pass == 1) {
                    if (op->dst >= 0 && only[op->dst] == 1) {
                        op->borrow1 = -1;
                    }
                    continue;
                }
                if (op->dst >= 0) {
                    only[op->dst] = pooled_const(f, op) && op->dst >= f->params.len && only[op->dst] != 2 ? 1 : 2;
                }
                for (int k = 0; k < op->nouts; k++) {
                    only[op->outs[k]] = 2;
                }
            }
        }
    }
    for (int r = 0; r < f->regs.len; r++) {
        if (only[r] == 1) {
            owned[r] = false;
        }
    }
}

/* Slots the function owns: all but the parameters it never writes and the slots of
 * borrowed constants. */
static bool *owned_slots(Ctx *ctx, IrFunc *f)
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
    borrow_constants(ctx, f, owned);
    return owned;
}

/* ---- release chains: handlers that release the same values share the releases ---- */

/* The chain releasing `dead` and going on to `to`, found by the pair. */
typedef struct ChainSlot {
    const IrBlock *to;
    const PSet *dead;
    IrBlock *chain;
} ChainSlot;
typedef struct ChainMemo {
    ChainSlot *slots;
    unsigned long cap;
} ChainMemo;

static ChainSlot *memo_slot(ChainMemo *m, const IrBlock *to, const PSet *dead)
{
    unsigned long h = ((unsigned long)(uintptr_t)to * 1099511628211UL) ^ (unsigned long)(uintptr_t)dead;
    unsigned long at = (h ^ (h >> 31)) & (m->cap - 1);
    while (m->slots[at].chain && (m->slots[at].to != to || m->slots[at].dead != dead)) {
        at = (at + 1) & (m->cap - 1);
    }
    return &m->slots[at];
}

static IrBlock *memo_get(ChainMemo *m, const IrBlock *to, const PSet *dead)
{
    return memo_slot(m, to, dead)->chain;
}

/* The largest set among cands that a chain already releases and that dead contains;
 * cands[0] and [1] are dead less one member, the others other handlers' sets. */
static const PSet *best_tail(RcState *st, ChainMemo *m, const Pending *p, const PSet **cands, int n)
{
    const PSet *best = NULL;
    for (int i = 0; i < n; i++) {
        const PSet *c = cands[i];
        if (c && c != p->dead && pset_size(c) > pset_size(best) && memo_get(m, p->to, c)
            && (i < 2 || !pset_diff(&st->sets, c, p->dead))) {
            best = c;
        }
    }
    return best;
}

/* The chain for handler p: its releases past the largest chain it can end in (the
 * latest made first, as CPython pops its value stack), then a jump there. */
static IrBlock *chain_for(RcState *st, ChainMemo *m, const Pending *p)
{
    IrBlock *known = memo_get(m, p->to, p->dead);
    if (known) {
        return known;
    }
    const Pending *ps = st->pending.data;
    const PSet *cands[4] = {pset_remove(&st->sets, p->dead, pset_max(p->dead)),
                            pset_remove(&st->sets, p->dead, pset_min(p->dead)),
                            p->prev >= 0 ? ps[p->prev].dead : NULL, p->next >= 0 ? ps[p->next].dead : NULL};
    const PSet *tail = best_tail(st, m, p, cands, 4);
    IrBlock *c = ir_new_block(st->ctx, st->f);
    c->is_error_handler = true;
    c->unwind = p->b->unwind;
    int line = p->b->ops.data[p->b->ops.len - 1]->line;
    int n = pset_members(pset_diff(&st->sets, p->dead, tail), st->members);
    for (int i = n - 1; i >= 0; i--) {
        ir_append(st->ctx, c, rc_op(st->ctx, IR_DECREF, st->members[i], line));
        ir_append(st->ctx, c, rc_op(st->ctx, IR_CLEAR, st->members[i], line));
    }
    IrOp *go = ir_new_op(st->ctx, IR_GOTO, line, -1, 0);
    go->target = tail ? memo_get(m, p->to, tail) : p->to;
    ir_append(st->ctx, c, go);
    *memo_slot(m, p->to, p->dead) = (ChainSlot){p->to, p->dead, c};
    return c;
}

typedef struct BySize {
    int size, index;
} BySize;

static int by_size(const void *a, const void *b)
{
    const BySize *x = a, *y = b;
    return x->size != y->size ? x->size - y->size : x->index - y->index;
}

/* Each pending handler jumps to a chain of releases instead of making its own. The
 * smallest sets are made first, so that a larger one finds the chains it can end in:
 * the handler before or after it (to the same place; values made one by one) or its
 * set less its first or last member. n handlers with one more value held each (or one
 * fewer) make n blocks of one release. */
static void release_chains(RcState *st)
{
    int n = st->pending.len;
    if (n == 0) {
        return;
    }
    Pending *ps = st->pending.data;
    int *last = arena_alloc(&st->ctx->arena, sizeof(int) * (size_t)(st->f->blocks.len + 1));
    memset(last, 0xff, sizeof(int) * (size_t)(st->f->blocks.len + 1));   /* -1 */
    BySize *order = arena_alloc(&st->ctx->arena, sizeof(BySize) * (size_t)n);
    for (int i = 0; i < n; i++) {
        int at = ps[i].to->id;
        ps[i].prev = last[at];
        if (last[at] >= 0) {
            ps[last[at]].next = i;
        }
        last[at] = i;
        order[i] = (BySize){pset_size(ps[i].dead), i};
    }
    qsort(order, (size_t)n, sizeof(BySize), by_size);
    ChainMemo m = {NULL, 16};
    while (m.cap < 2 * (unsigned long)n) {
        m.cap *= 2;
    }
    m.slots = arena_alloc(&st->ctx->arena, sizeof(ChainSlot) * m.cap);
    for (int i = 0; i < n; i++) {
        const Pending *p = &ps[order[i].index];
        p->b->ops.data[p->b->ops.len - 1]->target = chain_for(st, &m, p);
    }
}

static void alloc_scratch(RcState *st)
{
    int max_ops = 1, max_args = 1, max_names = 1;
    for (int bi = 0; bi < st->f->blocks.len; bi++) {
        const IrBlock *b = st->f->blocks.data[bi];
        int nargs = 0, names = 0;
        for (int i = 0; i < b->ops.len; i++) {
            nargs += b->ops.data[i]->nargs;
            names += 1 + b->ops.data[i]->nouts + b->ops.data[i]->nargs;
        }
        max_ops = b->ops.len > max_ops ? b->ops.len : max_ops;
        max_args = nargs > max_args ? nargs : max_args;
        max_names = names > max_names ? names : max_names;
    }
    Arena *a = &st->ctx->arena;
    int regs = st->f->regs.len + 1;
    max_names += st->f->params.len;   /* block 0 */
    st->live = (Overlay){NULL, arena_alloc(a, (size_t)regs), arena_alloc(a, sizeof(IrReg) * (size_t)max_names), 0};
    st->hold = (Overlay){NULL, arena_alloc(a, (size_t)regs), arena_alloc(a, sizeof(IrReg) * (size_t)max_names), 0};
    st->members = arena_alloc(a, sizeof(IrReg) * (size_t)(regs + max_names));
    st->dying = bits_new(st);
    st->seen = bits_new(st);
    st->dying_from = arena_alloc(a, sizeof(int) * (size_t)max_ops);
    st->dying_to = arena_alloc(a, sizeof(int) * (size_t)max_ops);
    st->dying_regs = arena_alloc(a, sizeof(IrReg) * (size_t)max_args);
    st->dying_cap = max_args;
}

void pass_refcount(Ctx *ctx, IrFunc *f)
{
    RcState st = {.ctx = ctx, .f = f, .words = f->regs.len / 64 + 1, .owned = owned_slots(ctx, f)};
    pset_store_init(&st.sets, &ctx->arena);
    for (int i = 0; i < f->blocks.len; i++) {
        if (f->blocks.data[i]->id != i) {
            ICE("%s: block ids out of order", f->name);
        }
    }
    alloc_scratch(&st);
    compute_liveness(&st);
    compute_hold(&st);
    int n = f->blocks.len;   /* release_chains adds blocks */
    for (int bi = 0; bi < n; bi++) {
        rewrite_block(&st, f->blocks.data[bi]);
    }
    release_chains(&st);
}
