/* floatload.c - float items read from lists without a reference.
 * Assumes: the IR as built (before error branches): `xs[i]` of a list[float] is
 * `%x = list_get %l, %i` followed at once by `%f = float_unbox %x` (build_typed.c
 * through bld_coerce).
 * Guarantees: such a pair, %x read by nothing else, becomes one `list_get_float %l, %i`:
 * the runtime (Pyc2cList_GetFloatK) reads the item's double in place when it is an exact
 * float, else unboxes it as float_unbox does (a float subclass, an int, TypeError), all
 * without the incref and decref of the item, the out-of-line unbox call, and the
 * object register. Neither path runs Python code (Pyc2cFloat_Unbox reads a float's or
 * an int's value, never calls __float__), so the item cannot be freed while it is
 * read; IndexError, then TypeError or OverflowError, are raised as before, at the same
 * point. ranges.c gives it its proven-index form, bounds.c its size-known form. */
#include "pass.h"

static const Prim list_get_float = {
    .name = "list_get_float",
    .result = RT_FLOAT,
    .nargs = 2,
    .args = {RT_OBJ, RT_INT},
    .c_template = "Pyc2cList_GetFloat($0, $1)",
    .can_fail = true,
};

/* Is ops[j] `%x = list_get` whose one reader is the float_unbox at ops[j + 1]? */
static bool fusable(const IrBlock *b, int j, const int *uses)
{
    const IrOp *get = b->ops.data[j], *unbox = j + 1 < b->ops.len ? b->ops.data[j + 1] : NULL;
    return unbox && pass_prim_is(get, "list_get") && get->dst >= 0 && uses[get->dst] == 1 &&
           pass_prim_is(unbox, "float_unbox") && unbox->args[0] == get->dst && unbox->dst >= 0;
}

static void rewrite_block(IrBlock *b, const int *uses)
{
    int n = 0;
    for (int j = 0; j < b->ops.len; j++) {
        IrOp *op = b->ops.data[j];
        if (fusable(b, j, uses)) {
            IrOp *unbox = b->ops.data[j + 1];
            op->u.prim = &list_get_float;
            op->dst = unbox->dst;
            j++;   /* the unbox is gone */
        }
        b->ops.data[n++] = op;
    }
    b->ops.len = n;
}

void pass_floatload(Ctx *ctx, IrFunc *f)
{
    int *uses = pass_count_uses(ctx, f);
    for (int i = 0; i < f->blocks.len; i++) {
        rewrite_block(f->blocks.data[i], uses);
    }
}
