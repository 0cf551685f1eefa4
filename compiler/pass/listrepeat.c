/* listrepeat.c - `[x] * n` (and `n * [x]`) makes its list at once: no one-item list is
 * built first only to be repeated and released.
 * Assumes: the IR as built and optimized up to boolvec (which takes the `[b] * n` of
 * bools it holds as bytes) and before error branches and refcounts.
 * Guarantees: where `%r = list_repeat %l, %n` (or list_repeat_r %n, %l) reads a
 * temporary %l written once and read once, by `%l = build l %x` earlier in the same
 * block with %x not written between, the build goes and the repeat becomes
 * `%r = list_repeat_item %x, %n`: the same new list of n references to x (none for
 * n <= 0), built in place for a short n; any other n (a big int: OverflowError) takes
 * the general path of [x] * n. Python evaluates x, then n, then the product, as here;
 * the one-item list was never seen by Python code. */
#include <string.h>
#include "pass.h"

static const Prim list_repeat_item = {
    .name = "list_repeat_item",
    .result = RT_OBJ,
    .nargs = 2,
    .args = {RT_OBJ, RT_INT},
    .c_template = "Pyc2cList_RepeatItem($0, $1)",
    .can_fail = true,
};

/* The index in blk, before j, of the one-item list display the repeat at j reads, or -1. */
static int display_of(const IrFunc *f, const IrBlock *blk, int j, IrReg l, const int *defs, const int *uses)
{
    if (!pass_single_def_temp(f, defs, l) || uses[l] != 1) {
        return -1;
    }
    for (int i = j - 1; i >= 0; i--) {
        const IrOp *op = blk->ops.data[i];
        if (op->dst != l) {
            continue;
        }
        if (op->kind != IR_BUILD || op->u.build != IRB_LIST || op->nargs != 1) {
            return -1;
        }
        for (int k = i + 1; k < j; k++) {
            if (pass_op_writes(blk->ops.data[k], op->args[0])) {
                return -1;
            }
        }
        return i;
    }
    return -1;
}

static void rewrite_block(IrFunc *f, IrBlock *blk, const int *defs, const int *uses)
{
    for (int j = 0; j < blk->ops.len; j++) {
        IrOp *op = blk->ops.data[j];
        bool left = pass_prim_is(op, "list_repeat"), right = pass_prim_is(op, "list_repeat_r");
        if (!left && !right) {
            continue;
        }
        IrReg l = op->args[right ? 1 : 0], n = op->args[right ? 0 : 1];
        int i = display_of(f, blk, j, l, defs, uses);
        if (i < 0) {
            continue;
        }
        op->u.prim = &list_repeat_item;
        op->args[0] = blk->ops.data[i]->args[0];
        op->args[1] = n;
        memmove(blk->ops.data + i, blk->ops.data + i + 1, sizeof(IrOp *) * (size_t)(blk->ops.len - i - 1));
        blk->ops.len--;
        j--;
    }
}

void pass_listrepeat(Ctx *ctx, IrFunc *f)
{
    const int *defs = pass_count_defs(ctx, f), *uses = pass_count_uses(ctx, f);
    for (int b = 0; b < f->blocks.len; b++) {
        rewrite_block(f, f->blocks.data[b], defs, uses);
    }
}
