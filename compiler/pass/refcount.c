/* refcount.c - reference counting for refcounted registers (tagged ints, objects).
 * Model: every register is an owned slot, zero-initialized by the emitter.
 *  - parameters are borrowed from the caller; one that the function writes is
 *    incref'd on entry so that it is owned like any other slot;
 *  - an op writing a register first releases the slot's old value;
 *  - a move takes a new reference to its source; a global load too;
 *  - return hands its register's reference to the caller (a borrowed parameter
 *    is incref'd first); every other owned slot is released on each exit.
 * Precondition: error branches inserted. */
#include "pass.h"

typedef struct RcState {
    const IrFunc *f;
    bool *owned;     /* per register: does the function own the slot's value? */
} RcState;

static bool refcounted(const IrFunc *f, IrReg r)
{
    return r >= 0 && rtype_refcounted[f->regs.data[r].rt];
}

static IrOp *rc_op(Ctx *ctx, IrOpKind kind, IrReg r, int line)
{
    IrOp *op = ir_new_op(ctx, kind, line, -1, 1);
    op->args[0] = r;
    return op;
}

typedef VEC(IrOp *) OpVec;

static void release_all(Ctx *ctx, const RcState *st, IrReg keep, OpVec *out, int line)
{
    for (int r = 0; r < st->f->regs.len; r++) {
        if (r != keep && st->owned[r] && refcounted(st->f, r)) {
            vec_push(&ctx->arena, out, rc_op(ctx, IR_DECREF, r, line));
        }
    }
}

static void rewrite_op(Ctx *ctx, const RcState *st, IrOp *op, OpVec *out)
{
    const IrFunc *f = st->f;
    int line = op->line;
    if (op->kind == IR_RETURN) {
        IrReg v = op->args[0];
        bool transfer = refcounted(f, v) && st->owned[v];
        if (refcounted(f, v) && !transfer) {
            vec_push(&ctx->arena, out, rc_op(ctx, IR_INCREF, v, line));
        }
        release_all(ctx, st, transfer ? v : -1, out, line);
    } else if (op->kind == IR_RETURN_ERROR) {
        release_all(ctx, st, -1, out, line);
    } else if (op->kind == IR_MOVE && refcounted(f, op->dst)) {
        vec_push(&ctx->arena, out, rc_op(ctx, IR_INCREF, op->args[0], line));
        vec_push(&ctx->arena, out, rc_op(ctx, IR_DECREF, op->dst, line));
    } else if (refcounted(f, op->dst)) {
        vec_push(&ctx->arena, out, rc_op(ctx, IR_DECREF, op->dst, line));
    }
    vec_push(&ctx->arena, out, op);
    if (op->kind == IR_LOAD_GLOBAL && refcounted(f, op->dst)) {
        vec_push(&ctx->arena, out, rc_op(ctx, IR_INCREF, op->dst, line));
    }
}

/* Slots the function owns: all but the parameters it never writes. */
static bool *owned_slots(Ctx *ctx, const IrFunc *f)
{
    bool *owned = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int r = 0; r < f->regs.len; r++) {
        owned[r] = r >= f->params.len;
    }
    for (int bi = 0; bi < f->blocks.len; bi++) {
        const IrBlock *b = f->blocks.data[bi];
        for (int i = 0; i < b->ops.len; i++) {
            if (b->ops.data[i]->dst >= 0) {
                owned[b->ops.data[i]->dst] = true;
            }
        }
    }
    return owned;
}

void pass_refcount(Ctx *ctx, IrFunc *f)
{
    RcState st = {f, owned_slots(ctx, f)};
    for (int bi = 0; bi < f->blocks.len; bi++) {
        IrBlock *b = f->blocks.data[bi];
        OpVec out = {0};
        if (bi == 0) {
            for (int p = 0; p < f->params.len; p++) {
                if (st.owned[p] && refcounted(f, p)) {
                    vec_push(&ctx->arena, &out, rc_op(ctx, IR_INCREF, p, f->line));
                }
            }
        }
        for (int i = 0; i < b->ops.len; i++) {
            rewrite_op(ctx, &st, b->ops.data[i], &out);
        }
        b->ops.data = out.data;
        b->ops.len = out.len;
        b->ops.cap = out.cap;
    }
}
