/* errors.c - after every op that can fail, branch on its result's error value
 * to a handler that records a traceback entry and leaves the function.
 * Precondition: built IR, no ERRBRANCH yet. Postcondition: every failing op
 * is the last non-terminator of its block, followed by an ERRBRANCH. */
#include "pass.h"

/* Re-raising keeps the traceback as it was (CPython adds no entry for this frame);
 * kept code's own frames already name its lines. */
static bool adds_traceback(const IrOp *op)
{
    if (op->kind == IR_EXEC_KEPT) {
        return false;
    }
    return op->kind != IR_PRIM || (op->u.prim != prim(PRIM_EXC_RERAISE) && op->u.prim != prim(PRIM_RERAISE_HANDLED) &&
                                   op->u.prim != prim(PRIM_PROPAGATE));
}

static IrBlock *handler_for(Ctx *ctx, IrFunc *f, const IrOp *failed, IrBlock *to)
{
    int line = failed->line;
    IrBlock *h = ir_new_block(ctx, f);
    h->is_error_handler = true;
    if (adds_traceback(failed)) {
        ir_append(ctx, h, ir_new_op(ctx, IR_TRACEBACK, line, -1, 0));
    }
    IrOp *go = ir_new_op(ctx, IR_GOTO, line, -1, 0);
    go->target = to;
    ir_append(ctx, h, go);
    return h;
}

/* Moves ops[from..] of b into a new block and returns it. */
static IrBlock *split_after(Ctx *ctx, IrFunc *f, IrBlock *b, int from)
{
    IrBlock *rest = ir_new_block(ctx, f);
    for (int i = from; i < b->ops.len; i++) {
        vec_push(&ctx->arena, &rest->ops, b->ops.data[i]);
    }
    b->ops.len = from;
    return rest;
}

void pass_error_branches(Ctx *ctx, IrFunc *f)
{
    IrBlock *exit_block = NULL;
    int nblocks = f->blocks.len;   /* blocks appended below are handled in the loop too */
    for (int bi = 0; bi < f->blocks.len; bi++) {
        IrBlock *b = f->blocks.data[bi];
        if (b->is_error_handler || b == exit_block) {
            continue;
        }
        for (int i = 0; i < b->ops.len; i++) {
            IrOp *op = b->ops.data[i];
            if (!ir_op_can_fail(op) || op->dst < 0) {
                continue;
            }
            if (!exit_block && !b->unwind) {
                exit_block = ir_new_block(ctx, f);
                ir_append(ctx, exit_block, ir_new_op(ctx, IR_RETURN_ERROR, op->line, -1, 0));
            }
            IrBlock *rest = split_after(ctx, f, b, i + 1);
            rest->unwind = b->unwind;
            IrOp *br = ir_new_op(ctx, IR_ERRBRANCH, op->line, -1, 1);
            br->args[0] = op->dst;
            br->target = handler_for(ctx, f, op, b->unwind ? b->unwind : exit_block);
            br->target2 = rest;
            vec_push(&ctx->arena, &b->ops, br);
            break;   /* the rest is scanned when the loop reaches its block */
        }
    }
    (void)nblocks;
}
