/* refcount.c - reference counting for refcounted registers (tagged ints, objects).
 * Model: every register is an owned slot, zero-initialized by the emitter.
 *  - parameters are borrowed from the caller: incref'd on entry so they are owned;
 *  - an op writing a register first releases the slot's old value;
 *  - a move takes a new reference to its source; a global load too;
 *  - return passes out a new reference and every slot is released on each exit.
 * Precondition: error branches inserted. */
#include "pass.h"

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

static void release_all(Ctx *ctx, const IrFunc *f, OpVec *out, int line)
{
    for (int r = 0; r < f->regs.len; r++) {
        if (refcounted(f, r)) {
            vec_push(&ctx->arena, out, rc_op(ctx, IR_DECREF, r, line));
        }
    }
}

static void rewrite_op(Ctx *ctx, const IrFunc *f, IrOp *op, OpVec *out)
{
    int line = op->line;
    if (op->kind == IR_RETURN) {
        if (refcounted(f, op->args[0])) {
            vec_push(&ctx->arena, out, rc_op(ctx, IR_INCREF, op->args[0], line));
        }
        release_all(ctx, f, out, line);
    } else if (op->kind == IR_RETURN_ERROR) {
        release_all(ctx, f, out, line);
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

void pass_refcount(Ctx *ctx, IrFunc *f)
{
    for (int bi = 0; bi < f->blocks.len; bi++) {
        IrBlock *b = f->blocks.data[bi];
        OpVec out = {0};
        if (bi == 0) {
            for (int p = 0; p < f->params.len; p++) {
                if (refcounted(f, p)) {
                    vec_push(&ctx->arena, &out, rc_op(ctx, IR_INCREF, p, f->line));
                }
            }
        }
        for (int i = 0; i < b->ops.len; i++) {
            rewrite_op(ctx, f, b->ops.data[i], &out);
        }
        b->ops.data = out.data;
        b->ops.len = out.len;
        b->ops.cap = out.cap;
    }
}
