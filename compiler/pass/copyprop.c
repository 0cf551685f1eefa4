/* copyprop.c - copy propagation within a block.
 * Assumes: the IR as built; a move copies a register of the same rtype.
 * Guarantees: after `%a = move %b`, later reads of %a in the same block read %b instead,
 * until either is written again; the move itself stays (dce drops it once unread).
 * Object registers go the other way: later reads of %b read %a, so that %b dies at the
 * move and the move hands its reference over (reading %b would keep both alive: an
 * incref at the move and a decref at %b's last use); a parameter's copies (borrowed,
 * nothing to hand over) read the parameter. The refcount pass works from
 * liveness; the values read are the same either way. */
#include "pass.h"

typedef struct Copy { IrReg dst, src; } Copy;
typedef VEC(Copy) CopyVec;

static IrReg source_of(const CopyVec *live, IrReg r)
{
    for (int i = 0; i < live->len; i++) {
        if (live->data[i].dst == r) {
            return live->data[i].src;
        }
    }
    return r;
}

/* A write to r ends every copy that reads or is r. */
static void kill(CopyVec *live, IrReg r)
{
    int n = 0;
    for (int i = 0; i < live->len; i++) {
        if (live->data[i].dst != r && live->data[i].src != r) {
            live->data[n++] = live->data[i];
        }
    }
    live->len = n;
}

static void propagate_block(Ctx *ctx, const IrFunc *f, IrBlock *blk, CopyVec *live)
{
    live->len = 0;
    for (int j = 0; j < blk->ops.len; j++) {
        IrOp *op = blk->ops.data[j];
        /* a yield hands its operand's reference to the caller: it keeps the temporary
         * the builder made for it (a named local there is still the frame's) */
        bool hands_away = op->kind == IR_YIELD || op->kind == IR_YIELD_FROM;
        for (int i = 0; i < op->nargs && !hands_away; i++) {
            op->args[i] = source_of(live, op->args[i]);
        }
        if (op->dst >= 0) {
            kill(live, op->dst);
        }
        for (int k = 0; k < op->nouts; k++) {
            kill(live, op->outs[k]);
        }
        if (op->kind == IR_MOVE && op->dst != op->args[0]) {
            bool object = f->regs.data[op->dst].rt == RT_OBJ && op->args[0] >= f->params.len;
            Copy c = object ? (Copy){op->args[0], op->dst} : (Copy){op->dst, op->args[0]};
            vec_push(&ctx->arena, live, c);
        }
    }
}

void pass_copyprop(Ctx *ctx, IrFunc *f)
{
    CopyVec live = {0};
    for (int b = 0; b < f->blocks.len; b++) {
        propagate_block(ctx, f, f->blocks.data[b], &live);
    }
}
