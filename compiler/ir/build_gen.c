/* build_gen.c - yield and yield from. A yield ends its block: YIELD hands the value
 * out and names the block the generator resumes at, which starts by taking the value
 * sent in (GEN_SENT: an exception thrown in fails there, so the handlers around the
 * yield see it, with a traceback entry at its line). Registers live in the generator's
 * frame (emit_gen.c), so nothing is saved or restored here. */
#include "build.h"

/* Ends the block with a suspension (YIELD or YIELD_FROM of v, a new reference of its
 * own); returns what the resumed point receives. */
static IrReg suspend(Builder *b, IrOpKind kind, IrReg v, int line)
{
    IrBlock *resume = bld_block(b);
    IrOp *op = bld_op(b, kind, line, -1, 1);
    op->args[0] = v;
    op->target = resume;
    vec_push(&b->ctx->arena, &b->f->yield_lines, line);
    op->u.resume = b->f->yield_lines.len;
    bld_switch(b, resume);
    return bld_prim(b, PRIM_GEN_SENT, line, -1, -1);
}

IrReg build_yield(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstExpr none = {.kind = EXPR_CONST, .loc = e->loc, .type = &ty_none};
    none.u.constant.kind = CONST_NONE;
    IrReg v = build_expr_as(b, e->u.yield.value ? e->u.yield.value : &none, &ty_object);
    if (e->kind == EXPR_YIELDFROM) {
        return suspend(b, IR_YIELD_FROM, bld_prim(b, PRIM_OBJ_ITER, line, v, -1), line);
    }
    IrReg out = bld_temp(b, RT_OBJ);   /* its own register: the yield hands its reference out */
    bld_move(b, out, v, line);
    return suspend(b, IR_YIELD, out, line);
}
