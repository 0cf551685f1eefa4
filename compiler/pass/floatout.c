/* floatout.c - float values given through an out-register where failure has its own path.
 *
 * A FLOAT result signals failure by the value -113.0 with an exception set, so after
 * every op that can fail the emitted C compares the double and reads the thread state:
 * three instructions and a branch after each list[float] read, unbox, division and sqrt, which
 * the C compiler cannot drop (any double may be -113.0). The *_out forms write the value
 * through a pointer and return 0, or 2 on failure; inlined, their fast path returns the
 * constant 0 and the error test folds away.
 *     %x: FLOAT = prim float_div %a, %b
 * becomes
 *     %s: NONE = prim float_div_out %a, %b -> out %x
 * Assumes: the optimizer passes done (none of them knows the *_out forms), before errors.
 * Guarantees: the same values and exceptions; only the op's shape changes. */
#include <string.h>
#include "pass.h"

#define OUT_PRIM(id, n, a0, a1, a2, tmpl) \
    static const Prim id = {.name = #id, .result = RT_NONE, .nargs = n, .args = {RT_##a0, RT_##a1, RT_##a2}, \
                            .out = RT_FLOAT, .c_template = tmpl, .can_fail = true}
OUT_PRIM(list_get_float_out, 2, OBJ, INT, VOID, "Pyc2cList_GetFloatKO($0, $1, 0, &$o)");
OUT_PRIM(list_get_float_idx_out, 2, OBJ, INT, VOID, "Pyc2cList_GetFloatKO($0, Pyc2cInt_AssumeIndex($1), 0, &$o)");
OUT_PRIM(list_get_float_known_out, 3, OBJ, INT, BOOL, "Pyc2cList_GetFloatKO($0, $1, $2, &$o)");
OUT_PRIM(float_div_out, 2, FLOAT, FLOAT, VOID, "Pyc2cFloat_DivO($0, $1, &$o)");
OUT_PRIM(math_sqrt_out, 1, FLOAT, VOID, VOID, "Pyc2cMath_SqrtO($0, &$o)");
OUT_PRIM(float_unbox_out, 1, OBJ, VOID, VOID, "Pyc2cFloat_UnboxO($0, &$o)");

static const struct { const char *from; const Prim *to; } forms[] = {
    {"list_get_float", &list_get_float_out}, {"list_get_float_idx", &list_get_float_idx_out},
    {"list_get_float_known", &list_get_float_known_out}, {"float_div", &float_div_out},
    {"math_sqrt", &math_sqrt_out}, {"float_unbox", &float_unbox_out},
};

static const Prim *out_form(const IrOp *op)
{
    for (size_t i = 0; op->kind == IR_PRIM && op->dst >= 0 && i < sizeof forms / sizeof forms[0]; i++) {
        if (strcmp(op->u.prim->name, forms[i].from) == 0 && op->nargs == forms[i].to->nargs) {
            return forms[i].to;
        }
    }
    return NULL;
}

void pass_floatout(Ctx *ctx, IrFunc *f)
{
    for (int bi = 0; bi < f->blocks.len; bi++) {
        IrBlock *b = f->blocks.data[bi];
        for (int j = 0; j < b->ops.len; j++) {
            IrOp *op = b->ops.data[j];
            const Prim *to = out_form(op);
            if (to) {
                op->outs = arena_alloc(&ctx->arena, sizeof(IrReg));
                op->outs[0] = op->dst;
                op->nouts = 1;
                op->dst = ir_new_reg(ctx, f, RT_NONE, NULL);
                op->u.prim = to;
            }
        }
    }
}
