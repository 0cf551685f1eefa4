/* nonnull.c - releases of objects proven set are plain decrefs (issue 15 item 5).
 *
 * The refcount pass releases an object slot with Py_XDECREF: a NULL test, then the
 * decrement's test. Most released slots were set by an op whose error branch was just
 * passed (an object op's error value is NULL), so the NULL test is dead, but the C
 * compiler must still find that out, per release, through jump threading and value
 * ranges: on a big module of generic code that work is a large share of its time.
 * Here a forward "must" dataflow over the final IR finds, per point, the object
 * registers surely non-NULL, and marks a DECREF of one (u.refcount.nonnull), which the
 * emitter prints as Py_DECREF.
 *
 * A register becomes known set on the success edge of its ERRBRANCH, after an INCREF
 * flagged nonnull (a borrowed item that cannot fail), by an object constant and by a MOVE from a
 * known-set register. Any other write (result or out-register), a CLEAR and a DECREF
 * forget it. A block that is some block's unwind target, and the entry, start with
 * nothing known. Generators (their slots cleared at yields by the emitter) and the
 * module body (cold, chunked) are left alone. Runs last, on the IR the emitter prints. */
#include <string.h>
#include "pass.h"

typedef uint64_t Word;

/* Functions whose blocks x registers bitsets would pass this many words are skipped. */
#define NONNULL_MAX_WORDS (1 << 22)

typedef struct NnState {
    const IrFunc *f;
    int words;
    Word **in;       /* per block id: registers surely set on entry */
    bool *fixed;     /* per block id: entered in ways the edges do not show (nothing known) */
    Word *cur;
    int *stack, len;   /* the worklist of block ids */
    bool *queued;
    IrBlock **block;   /* per block id */
} NnState;

static bool is_obj(const IrFunc *f, IrReg r)
{
    return r >= 0 && f->regs.data[r].rt == RT_OBJ;
}

static void set(Word *s, IrReg r) { s[r / 64] |= (Word)1 << (r % 64); }
static void unset(Word *s, IrReg r) { s[r / 64] &= ~((Word)1 << (r % 64)); }
static bool has(const Word *s, IrReg r) { return (s[r / 64] >> (r % 64)) & 1; }

/* The facts after op, given those before it in s; with mark, flags the releases of
 * registers known set. */
static void step(const IrFunc *f, IrOp *op, Word *s, bool mark)
{
    switch (op->kind) {
    case IR_DECREF:
        if (is_obj(f, op->args[0]) && has(s, op->args[0])) {
            if (mark) {
                op->u.refcount.nonnull = true;
            }
        }
        unset(s, op->args[0]);
        return;
    case IR_CLEAR:
        unset(s, op->args[0]);
        return;
    case IR_INCREF:
        if (op->u.refcount.nonnull && is_obj(f, op->args[0])) {
            set(s, op->args[0]);
        }
        return;
    case IR_CONST: {   /* an object constant is a module static, set before any function runs */
        IrConstKind k = op->u.konst->kind;
        bool pooled = k == IRC_STR || k == IRC_BYTES || k == IRC_COMPLEX || k == IRC_TUPLE || k == IRC_ELLIPSIS ||
                      k == IRC_DC_FACTORY;
        pooled && is_obj(f, op->dst) ? set(s, op->dst) : unset(s, op->dst);
        return;
    }
    case IR_MOVE:
        if (op->dst >= 0) {
            bool known = is_obj(f, op->dst) && is_obj(f, op->args[0]) && has(s, op->args[0]);
            known ? set(s, op->dst) : unset(s, op->dst);
        }
        return;
    default:
        break;
    }
    if (op->dst >= 0) {
        unset(s, op->dst);
    }
    for (int i = 0; i < op->nouts; i++) {
        unset(s, op->outs[i]);
    }
}

/* in[to] &= s (to not fixed); a block whose entry changed is queued again. */
static void meet(NnState *st, const IrBlock *to, const Word *s)
{
    if (!to || st->fixed[to->id]) {
        return;
    }
    Word *in = st->in[to->id];
    bool changed = false;
    for (int w = 0; w < st->words; w++) {
        Word v = in[w] & s[w];
        changed |= v != in[w];
        in[w] = v;
    }
    if (changed && !st->queued[to->id]) {
        st->queued[to->id] = true;
        st->stack[st->len++] = to->id;
    }
}

/* Runs block b from its entry facts; passes its exit facts to its successors. */
static void flow_block(NnState *st, IrBlock *b, bool mark)
{
    Word *s = st->cur;
    memcpy(s, st->in[b->id], sizeof(Word) * (size_t)st->words);
    for (int i = 0; i + 1 < b->ops.len; i++) {
        step(st->f, b->ops.data[i], s, mark);
    }
    IrOp *t = b->ops.data[b->ops.len - 1];
    switch (t->kind) {
    case IR_GOTO:
        meet(st, t->target, s);
        break;
    case IR_BRANCH:
        meet(st, t->target, s);
        meet(st, t->target2, s);
        break;
    case IR_ERRBRANCH: {
        IrReg r = t->args[0];
        bool obj = is_obj(st->f, r);
        if (obj) {
            unset(s, r);   /* the error edge: r is NULL */
        }
        meet(st, t->target, s);
        if (obj) {
            set(s, r);
        }
        meet(st, t->target2, s);
        break;
    }
    default:   /* returns: no successor */
        break;
    }
}

void pass_nonnull(Ctx *ctx, IrFunc *f)
{
    if (f->generator || f->is_module_init || f->blocks.len == 0) {
        return;
    }
    int nb = 0;
    for (int i = 0; i < f->blocks.len; i++) {
        nb = f->blocks.data[i]->id + 1 > nb ? f->blocks.data[i]->id + 1 : nb;
        const IrBlock *b = f->blocks.data[i];
        if (b->ops.len == 0 || !ir_op_is_terminator(b->ops.data[b->ops.len - 1]->kind)) {
            return;
        }
    }
    NnState st = {.f = f, .words = (f->regs.len + 63) / 64};
    if (st.words == 0 || (size_t)nb * (size_t)st.words > NONNULL_MAX_WORDS) {
        return;
    }
    st.in = arena_alloc(&ctx->arena, sizeof(Word *) * (size_t)nb);
    st.fixed = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)nb);
    memset(st.fixed, 0, sizeof(bool) * (size_t)nb);
    st.cur = arena_alloc(&ctx->arena, sizeof(Word) * (size_t)st.words);
    for (int i = 0; i < f->blocks.len; i++) {
        const IrBlock *b = f->blocks.data[i];
        st.in[b->id] = arena_alloc(&ctx->arena, sizeof(Word) * (size_t)st.words);
        memset(st.in[b->id], 0xff, sizeof(Word) * (size_t)st.words);   /* "everything": the meet's unit */
        if (b->unwind && b->unwind->id < nb) {
            st.fixed[b->unwind->id] = true;
        }
    }
    st.fixed[f->blocks.data[0]->id] = true;
    for (int i = 0; i < nb; i++) {
        if (st.fixed[i] && st.in[i]) {
            memset(st.in[i], 0, sizeof(Word) * (size_t)st.words);
        }
    }
    /* a worklist from the entry: a block is run again only when its entry shrank */
    st.stack = arena_alloc(&ctx->arena, sizeof(int) * (size_t)nb);
    st.queued = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)nb);
    st.block = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)nb);
    memset(st.queued, 0, sizeof(bool) * (size_t)nb);
    memset(st.block, 0, sizeof(IrBlock *) * (size_t)nb);
    for (int i = f->blocks.len - 1; i >= 0; i--) {   /* every block once (unreachable ones too), the entry first */
        IrBlock *b = f->blocks.data[i];
        st.block[b->id] = b;
        st.queued[b->id] = true;
        st.stack[st.len++] = b->id;
    }
    while (st.len > 0) {
        int id = st.stack[--st.len];
        st.queued[id] = false;
        flow_block(&st, st.block[id], false);
    }
    for (int i = 0; i < f->blocks.len; i++) {
        flow_block(&st, f->blocks.data[i], true);
    }
}
