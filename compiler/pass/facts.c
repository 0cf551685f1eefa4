/* facts.c - what the optimizer passes ask of ops and registers. */
#include <string.h>
#include "pass.h"

bool pass_prim_is(const IrOp *op, const char *name)
{
    return op->kind == IR_PRIM && strcmp(op->u.prim->name, name) == 0;
}

bool pass_is_interrupt_check(const IrOp *op)
{
    return pass_prim_is(op, "check_interrupts") || pass_prim_is(op, "check_interrupts_strip");
}

bool pass_reg_unboxed(const IrFunc *f, IrReg r)
{
    RType rt = f->regs.data[r].rt;
    return rt != RT_OBJ && rt != RT_METH;
}

bool pass_operands_unboxed(const IrFunc *f, const IrOp *op)
{
    for (int i = 0; i < op->nargs; i++) {
        if (!pass_reg_unboxed(f, op->args[i])) {
            return false;
        }
    }
    for (int k = 0; k < op->nouts; k++) {
        if (!pass_reg_unboxed(f, op->outs[k])) {
            return false;
        }
    }
    return true;
}

bool pass_prim_prefixed(const IrOp *op, const char *const *prefixes)
{
    for (int i = 0; op->kind == IR_PRIM && prefixes[i]; i++) {
        if (strncmp(op->u.prim->name, prefixes[i], strlen(prefixes[i])) == 0) {
            return true;
        }
    }
    return false;
}

bool pass_op_writes(const IrOp *op, IrReg r)
{
    if (op->dst == r) {
        return true;
    }
    for (int k = 0; k < op->nouts; k++) {
        if (op->outs[k] == r) {
            return true;
        }
    }
    return false;
}

/* Value-only primitives: arithmetic and comparisons on unboxed values that cannot fail,
 * allocate or call back into Python. */
static bool prim_pure(const Prim *p)
{
    static const char *const prefixes[] = {"int_", "float_", "bool_", "i64_", "i32_", "range_"};
    /* boxes of a singleton: a new reference to None, True or False, nothing else (the
     * value of a call of a method returning None, dropped by an expression statement) */
    if (strcmp(p->name, "none_box") == 0 || strcmp(p->name, "bool_box") == 0) {
        return true;
    }
    if (p->can_fail || p->result == RT_OBJ || p->result == RT_METH || p->result == RT_VOID) {
        return false;
    }
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        if (strncmp(p->name, prefixes[i], strlen(prefixes[i])) == 0) {
            return true;
        }
    }
    return false;
}

bool pass_op_pure(const IrOp *op)
{
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_FUNC_INTACT: case IR_LOAD_GLOBAL:
        return op->dst >= 0;
    case IR_PRIM:
        return op->dst >= 0 && prim_pure(op->u.prim);
    default:
        return false;
    }
}

int *pass_count_defs(Ctx *ctx, const IrFunc *f)
{
    int *defs = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int i = 0; i < f->params.len; i++) {
        defs[i]++;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->dst >= 0) {
                defs[op->dst]++;
            }
            for (int k = 0; k < op->nouts; k++) {
                defs[op->outs[k]]++;
            }
        }
    }
    return defs;
}

int *pass_count_uses(Ctx *ctx, const IrFunc *f)
{
    int *uses = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            for (int k = 0; k < op->nargs; k++) {
                uses[op->args[k]]++;
            }
        }
    }
    return uses;
}

static void each_write(const IrFunc *f, PassWriters *w, int *fill)
{
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            for (int k = -1; k < op->nouts; k++) {
                IrReg r = k < 0 ? op->dst : op->outs[k];
                if (r < 0) {
                    continue;
                }
                if (fill) {
                    w->blocks[fill[r]] = b;
                    w->ops[fill[r]++] = op;
                } else {
                    w->start[r + 1]++;
                }
            }
        }
    }
}

PassWriters pass_writers(Ctx *ctx, const IrFunc *f)
{
    int n = f->regs.len;
    PassWriters w = {arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 2)), NULL, NULL, n};
    each_write(f, &w, NULL);
    for (int r = 0; r < n; r++) {
        w.start[r + 1] += w.start[r];
    }
    w.ops = arena_alloc(&ctx->arena, sizeof(IrOp *) * (size_t)(w.start[n] + 1));
    w.blocks = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(w.start[n] + 1));
    int *fill = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    memcpy(fill, w.start, sizeof(int) * (size_t)n);
    each_write(f, &w, fill);
    return w;
}

bool pass_single_def_temp(const IrFunc *f, const int *defs, IrReg r)
{
    return r >= f->params.len && defs[r] == 1 && f->regs.data[r].name == NULL;
}

void pass_extend_never_long(Ctx *ctx, IrFunc *f, int nregs)
{
    if (!f->never_long || nregs == f->regs.len) {
        return;
    }
    bool *never = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    memcpy(never, f->never_long, (size_t)nregs);
    f->never_long = never;
}

IrOp *pass_add_jump(Ctx *ctx, IrBlock *b, IrReg cond, IrBlock *yes, IrBlock *no, int line)
{
    IrOp *op = ir_new_op(ctx, cond >= 0 ? IR_BRANCH : IR_GOTO, line, -1, cond >= 0);
    if (cond >= 0) {
        op->args[0] = cond;
    }
    op->target = yes;
    op->target2 = no;
    vec_push(&ctx->arena, &b->ops, op);
    return op;
}

IrBlock *pass_split_at(Ctx *ctx, IrFunc *f, IrBlock *blk, int j)
{
    IrBlock *rest = ir_new_block(ctx, f);
    rest->unwind = blk->unwind;
    rest->strip_edge = blk->strip_edge;
    blk->strip_edge = false;
    for (int k = j; k < blk->ops.len; k++) {
        vec_push(&ctx->arena, &rest->ops, blk->ops.data[k]);
    }
    blk->ops.len = j;
    pass_add_jump(ctx, blk, -1, rest, NULL, rest->ops.data[0]->line);
    return rest;
}

IrOp *pass_add_prim(Ctx *ctx, IrFunc *f, IrBlock *b, const Prim *p, IrReg dst, IrReg a0, IrReg a1, int line)
{
    dst = dst >= 0 || p->result == RT_VOID ? dst : ir_new_reg(ctx, f, p->result, NULL);
    IrOp *op = ir_new_op(ctx, IR_PRIM, line, dst, p->nargs);
    op->u.prim = p;
    if (p->nargs > 0) {
        op->args[0] = a0;
    }
    if (p->nargs > 1) {
        op->args[1] = a1;
    }
    if (p->out != RT_VOID) {
        op->outs = arena_alloc(&ctx->arena, sizeof(IrReg));
        op->outs[0] = ir_new_reg(ctx, f, p->out, NULL);
        op->nouts = 1;
    }
    ir_append(ctx, b, op);
    return op;
}

const char *pass_sole_digits(const IrFunc *f, const PassWriters *w, IrReg r)
{
    if (r < f->params.len || r >= w->nregs || w->start[r + 1] != w->start[r] + 1) {
        return NULL;
    }
    const IrOp *k = w->ops[w->start[r]];
    if (k->kind != IR_CONST || k->u.konst->kind != IRC_INT || k->u.konst->pool_index >= 0) {
        return NULL;
    }
    const char *t = k->u.konst->text;
    return t && t[0] >= '0' && t[0] <= '9' ? t : NULL;
}
