/* errors.c - after every op that can fail, branch on its result's error value
 * to a handler that records a traceback entry and leaves the function.
 * Precondition: built IR, no ERRBRANCH yet. Postcondition: every failing op
 * is the last non-terminator of its block, followed by an ERRBRANCH. */
#include <string.h>
#include "pass.h"

/* Re-raising keeps the traceback as it was (CPython adds no entry for this frame);
 * kept code's own frames already name its lines. */
static bool adds_traceback(const IrOp *op)
{
    if (op->kind == IR_EXEC_KEPT || (op->kind == IR_CALL && op->u.callee->spec_copy)) {
        return false;   /* a typed copy's frame is the function's own: its entries are there */
    }
    return op->kind != IR_PRIM || (op->u.prim != prim(PRIM_EXC_RERAISE) && op->u.prim != prim(PRIM_RERAISE_HANDLED) &&
                                   op->u.prim != prim(PRIM_PROPAGATE));
}

/* A frame's entry check: its RecursionError comes before the frame runs, and CPython
 * gives the frame no entry (only its caller's, at the call). */
static bool enters_frame(const IrOp *op)
{
    return op->kind == IR_PRIM && (op->u.prim == prim(PRIM_STACK_CHECK) || op->u.prim == prim(PRIM_STACK_CHECK_CHAIN) ||
                                   op->u.prim == prim(PRIM_STACK_PROBE));
}

static IrOp *entry(Ctx *ctx, int line, IrPos pos)
{
    IrOp *tb = ir_new_op(ctx, IR_TRACEBACK, line, -1, 0);
    tb->pos = pos;
    return tb;
}

/* Each entry has its line and range: the failed op's, then (from an inlined body or a
 * comprehension's frame) each caller's call of the frame within. */
static IrBlock *handler_for(Ctx *ctx, IrFunc *f, const IrOp *failed, IrBlock *to)
{
    int line = failed->line;
    IrPos pos = failed->pos;
    IrBlock *h = ir_new_block(ctx, f);
    h->is_error_handler = true;
    if (to->writes_back) {
        ir_append(ctx, h, ir_copy_op(ctx, to->ops.data[0]));
    }
    bool own = !enters_frame(failed);
    if (adds_traceback(failed) && failed->inl) {   /* an inlined body's frame first (pass/leafinline.c) */
        IrOp *tb = entry(ctx, line, pos);
        tb->u.callee = failed->inl;
        if (own) {
            ir_append(ctx, h, tb);
        }
        own = true;
        line = failed->inl_line;
        pos = failed->inl_pos;
        for (IrFunc *up = failed->inl->inl_caller; up; up = up->inl_caller) {   /* nested comprehensions */
            tb = entry(ctx, line, pos);
            tb->u.callee = up;
            ir_append(ctx, h, tb);
            line = up->inl_call_line;
            pos = up->inl_call_pos;
        }
    }
    if (adds_traceback(failed) && own) {
        ir_append(ctx, h, entry(ctx, line, pos));
    }
    IrOp *go = ir_new_op(ctx, IR_GOTO, line, -1, 0);
    go->target = to;
    ir_append(ctx, h, go);
    return h;
}

/* Ends cur after its failing op with a branch to the handler; returns the block that
 * continues the normal path. */
static IrBlock *branch_on_error(Ctx *ctx, IrFunc *f, IrBlock *cur, IrOp *op, IrBlock *unwind,
                                IrBlock **exit_block)
{
    if (!*exit_block && !unwind) {
        *exit_block = ir_new_block(ctx, f);
        ir_append(ctx, *exit_block, ir_new_op(ctx, IR_RETURN_ERROR, op->line, -1, 0));
    }
    IrBlock *rest = ir_new_block(ctx, f);
    rest->unwind = unwind;
    IrOp *br = ir_new_op(ctx, IR_ERRBRANCH, op->line, -1, 1);
    br->args[0] = op->dst;
    br->target = handler_for(ctx, f, op, unwind ? unwind : *exit_block);
    br->target2 = rest;
    vec_push(&ctx->arena, &cur->ops, br);
    return rest;
}

/* One walk over each block's ops, which move to the block that continues after each
 * failing op: linear in the ops, however many of them can fail (a module body). */
void pass_error_branches(Ctx *ctx, IrFunc *f)
{
    IrBlock *exit_block = NULL;
    int nblocks = f->blocks.len;   /* blocks made below are complete */
    for (int bi = 0; bi < nblocks; bi++) {
        IrBlock *b = f->blocks.data[bi];
        if (b->is_error_handler) {
            continue;
        }
        int n = b->ops.len;
        IrOp **ops = arena_alloc(&ctx->arena, sizeof(IrOp *) * (size_t)(n ? n : 1));
        memcpy(ops, b->ops.data, sizeof(IrOp *) * (size_t)n);   /* b's array is rewritten */
        IrBlock *cur = b;
        int from = 0;   /* ops[from..] are not yet in a block */
        for (int i = 0; i < n; i++) {
            IrOp *op = ops[i];
            if (!ir_op_can_fail(op) || op->dst < 0) {
                continue;
            }
            if (cur != b) {
                for (int k = from; k <= i; k++) {
                    vec_push(&ctx->arena, &cur->ops, ops[k]);
                }
            } else {
                b->ops.len = i + 1;   /* b keeps its prefix in place */
            }
            from = i + 1;
            cur = branch_on_error(ctx, f, cur, op, b->unwind, &exit_block);
        }
        if (cur != b) {
            for (int k = from; k < n; k++) {
                vec_push(&ctx->arena, &cur->ops, ops[k]);
            }
        }
    }
}
