/* chaindepth.c - a recursion that runs no Python code counts its frames in a register
 * (issue 17 item 3: the recursion check paid once per chain, not per level in memory).
 *
 * Every compiled frame counts itself in the thread state (runtime/depth.h
 * Pyc2c_FrameEnter/Leave): a decrement and store on entry, an increment and store on
 * exit. In a tight recursion such as fib these loads and stores of one memory word form
 * one long dependency chain through all calls, which bounds its speed more than the
 * instructions do. A copy made by selfcall.c whose whole body is
 *   consts, moves, jumps, returns, name checks (func_intact), int/float/bool/i64/i32
 *   primitives over unboxed values, and calls of itself
 * runs no Python code (no call out, no object released but ints, no interrupt check), so
 * nothing can read the count while it runs. Its `stack_check` becomes
 * `stack_check_chain`: the frames it may still enter come in as a parameter
 * (pyc2c_left, read from the thread state by whoever enters the chain,
 * Pyc2c_DepthBudget), each level takes one, and its own calls pass the rest down; the
 * thread state is not touched. Past the limit, the slow path (Pyc2c_ChainEnterSlow)
 * shows the interpreter the chain's depth: RecursionError at the same level with the same
 * message. Every 8th level the C stack is compared with its safe range, as before.
 *
 * Assumes: the IR after the optimizer (before errors and refcount); selfcall.c's copies.
 * Accepted limit, as guards.c's: before 3.12 an int allocation may start a garbage
 * collection whose finalizers (Python code) see the depth where the chain was entered.
 * Guarantees: the depth where RecursionError is raised and its message are unchanged. */
#include <string.h>
#include "pass.h"
#include "../ir/prims.h"

bool pass_op_keeps_chain(const IrFunc *f, const IrOp *op)
{
    static const char *const value_prims[] = {"int_", "float_", "bool_", "i64_", "i32_", NULL};
    if (!pass_operands_unboxed(f, op) || op->nouts || (op->dst >= 0 && !pass_reg_unboxed(f, op->dst))) {
        return false;
    }
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_GOTO: case IR_BRANCH: case IR_RETURN: case IR_FUNC_INTACT:
        return true;
    case IR_CALL:
        return op->u.callee == f;
    case IR_PRIM:
        return op->u.prim == prim(PRIM_STACK_CHECK) || pass_prim_prefixed(op, value_prims);
    default:
        return false;
    }
}

static bool runs_no_python(const IrFunc *f)
{
    int checks = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        if (blk->unwind) {
            return false;
        }
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (!pass_op_keeps_chain(f, op)) {
                return false;
            }
            checks += op->kind == IR_PRIM && op->u.prim == prim(PRIM_STACK_CHECK);
        }
    }
    return checks == 1;
}

void pass_chaindepth(Ctx *ctx, IrFunc *f)
{
    if (!f->copy_of || ctx->profile || !runs_no_python(f)) {
        return;
    }
    f->chain_depth = true;
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            if (op->kind == IR_PRIM && op->u.prim == prim(PRIM_STACK_CHECK)) {
                op->u.prim = prim(PRIM_STACK_CHECK_CHAIN);
            }
        }
    }
}
