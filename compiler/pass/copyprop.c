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

/* Function-wide: a temporary written once, by a move from a parameter the function never
 * writes (borrowed from the caller, the same value throughout), is that parameter, in
 * every block: its reads read the parameter and the move goes (dce). The snapshot
 * range(n) takes of its stop then costs no incref, no release at the loop's end and no
 * release on each error path of the loop (a big module's functions: less C to compile).
 * Not in generators, whose frame owns its arguments. */
static void propagate_param_copies(Ctx *ctx, IrFunc *f)
{
    int *defs = pass_count_defs(ctx, f);   /* a parameter counts its entry */
    IrReg *param = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)(f->regs.len + 1));
    for (int r = 0; r < f->regs.len; r++) {
        param[r] = -1;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->kind == IR_MOVE && op->args[0] < f->params.len && !f->regs.data[op->dst].name) {
                param[op->dst] = op->args[0];
            }
        }
    }
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            for (int i = 0; i < op->nargs; i++) {
                IrReg r = op->args[i];
                if (r >= 0 && defs[r] == 1 && param[r] >= 0 && defs[param[r]] == 1) {
                    op->args[i] = param[r];
                }
            }
        }
    }
}

void pass_copyprop(Ctx *ctx, IrFunc *f)
{
    CopyVec live = {0};
    for (int b = 0; b < f->blocks.len; b++) {
        propagate_block(ctx, f, f->blocks.data[b], &live);
    }
    if (!f->generator) {
        propagate_param_copies(ctx, f);
    }
}
