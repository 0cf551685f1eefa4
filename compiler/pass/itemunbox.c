/* itemunbox.c - an item a loop reads from a list or tuple and only unboxes as an int
 * is read as an int in place: no reference taken on the item and released after.
 * Assumes: the IR as built plus the passes up to rebox (before error branches and
 * refcount): a typed loop over a list[int] reads `%o = list_item_at %l, %i` (a borrowed
 * item; refcount.c would incref it) and its target takes `%u = int_unbox %o`.
 * Guarantees: where %o is a temporary written and read once, and its int_unbox comes
 * later in the same block with only constants, moves of unboxed registers and pure
 * primitives (pass_op_pure: no failure, no Python code) between, the read becomes
 * `%n = list_item_int %l, %i` (tuple_item_int) and the unbox `%u = move %n`: the same
 * int (TypeError for a non-int item, now raised where the item is read, with nothing
 * observable between), read at the item's own place so no code can change the list
 * between. Runs after rebox.c, whose `int_box %u` -> `obj_same %o` (a bool or int
 * subclass stored as itself) leaves %o read twice, so such items keep their object. */
#include "pass.h"

/* May ops[from..to) of blk stand between the read and its unbox? */
static bool nothing_seen(const IrFunc *f, const IrBlock *blk, int from, int to)
{
    for (int k = from; k < to; k++) {
        const IrOp *op = blk->ops.data[k];
        bool ok = op->kind == IR_CONST || (op->kind == IR_MOVE && pass_reg_unboxed(f, op->dst)) || pass_op_pure(op);
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* The index of the op after ops[j] that unboxes its result, or -1. */
static int unbox_of(const IrFunc *f, const IrBlock *blk, int j)
{
    IrReg o = blk->ops.data[j]->dst;
    for (int k = j + 1; k < blk->ops.len; k++) {
        const IrOp *op = blk->ops.data[k];
        if (op->kind == IR_PRIM && op->nargs == 1 && op->args[0] == o) {
            return pass_prim_is(op, "int_unbox") && nothing_seen(f, blk, j + 1, k) ? k : -1;
        }
    }
    return -1;
}

static void fuse_block(Ctx *ctx, IrFunc *f, IrBlock *blk, const int *defs, const int *uses)
{
    for (int j = 0; j < blk->ops.len; j++) {
        IrOp *op = blk->ops.data[j];
        bool list = pass_prim_is(op, "list_item_at"), tuple = pass_prim_is(op, "tuple_item_at");
        if ((!list && !tuple) || op->dst < 0 || defs[op->dst] != 1 || uses[op->dst] != 1) {
            continue;
        }
        int k = unbox_of(f, blk, j);
        if (k < 0) {
            continue;
        }
        IrOp *unbox = blk->ops.data[k];
        IrReg n = ir_new_reg(ctx, f, RT_INT, NULL);
        op->u.prim = prim(list ? PRIM_LIST_ITEM_INT : PRIM_TUPLE_ITEM_INT);
        op->dst = n;
        IrOp *mv = ir_new_op(ctx, IR_MOVE, unbox->line, unbox->dst, 1);
        mv->args[0] = n;
        blk->ops.data[k] = mv;
    }
}

void pass_itemunbox(Ctx *ctx, IrFunc *f)
{
    const int *defs = pass_count_defs(ctx, f), *uses = pass_count_uses(ctx, f);
    for (int b = 0; b < f->blocks.len; b++) {
        fuse_block(ctx, f, f->blocks.data[b], defs, uses);
    }
}
