/* floatstore.c - in-place float stores into lists.
 * Assumes: the IR as built (before error branches); list_set stores an object it borrows.
 * Guarantees: `%b = float_box %x` whose only reader is a later `list_set %l, %i, %b` in the
 * same block (with %x not written between) becomes one `list_set_float %l, %i, %x`: the
 * runtime (Pyc2cList_SetFloat) overwrites the float already at l[i] when it is an exact
 * float only the list holds, else boxes as before. Nothing else can reach an object only
 * the list holds, so the reuse cannot be seen from Python; errors (IndexError) are the
 * same, raised at the same point. */
#include "pass.h"

static const Prim list_set_float = {
    .name = "list_set_float",
    .result = RT_NONE,
    .nargs = 3,
    .args = {RT_OBJ, RT_INT, RT_FLOAT},
    .c_template = "Pyc2cList_SetFloat($0, $1, $2)",
    .can_fail = true,
};

/* The list_set after ops[at] that stores box, with src unwritten until it; or -1. */
static int store_of(const IrBlock *b, int at, IrReg box, IrReg src)
{
    for (int j = at + 1; j < b->ops.len; j++) {
        const IrOp *op = b->ops.data[j];
        if (pass_prim_is(op, "list_set") && op->args[2] == box && op->args[0] != box && op->args[1] != box) {
            return j;
        }
        if (op->dst == src || op->dst == box) {
            return -1;
        }
    }
    return -1;
}

static void rewrite_block(IrBlock *b, const int *uses)
{
    int n = 0;
    for (int j = 0; j < b->ops.len; j++) {
        IrOp *op = b->ops.data[j];
        if (pass_prim_is(op, "float_box") && op->dst >= 0 && uses[op->dst] == 1) {
            int s = store_of(b, j, op->dst, op->args[0]);
            if (s >= 0) {
                IrOp *store = b->ops.data[s];
                store->u.prim = &list_set_float;
                store->args[2] = op->args[0];
                continue;   /* the box is gone */
            }
        }
        b->ops.data[n++] = op;
    }
    b->ops.len = n;
}

void pass_floatstore(Ctx *ctx, IrFunc *f)
{
    int *uses = pass_count_uses(ctx, f);
    for (int i = 0; i < f->blocks.len; i++) {
        rewrite_block(f->blocks.data[i], uses);
    }
}
