/* dce.c - dead code and dead store elimination.
 * Assumes: the IR as built (no error branches yet).
 * Guarantees: a pure op (pass_op_pure) whose result nothing reads is removed, which also
 * drops stores to variables never read again and the moves copyprop left unread; then the
 * control flow is cleaned again (cfg.c), since branches folded since leave dead blocks.
 * Ops with effects or that can fail all stay, and so do stores to frame-held locals
 * (IrRegInfo): the local keeps its object alive until the function exits. */
#include "pass.h"

/* One sweep; true when it removed something. */
static bool remove_dead_ops(Ctx *ctx, IrFunc *f)
{
    int *uses = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        for (int j = 0; j < b->ops.len; j++) {
            for (int k = 0; k < b->ops.data[j]->nargs; k++) {
                uses[b->ops.data[j]->args[k]]++;
            }
        }
    }
    bool removed = false;
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        int n = 0;
        for (int j = 0; j < b->ops.len; j++) {
            IrOp *op = b->ops.data[j];
            if (pass_op_pure(op) && uses[op->dst] == 0 && !f->regs.data[op->dst].frame_held) {
                removed = true;
                continue;
            }
            b->ops.data[n++] = op;
        }
        b->ops.len = n;
    }
    return removed;
}

void pass_dce(Ctx *ctx, IrFunc *f)
{
    pass_cfg(ctx, f);
    while (remove_dead_ops(ctx, f)) {
    }
}
