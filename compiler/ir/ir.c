/* ir.c - IR construction helpers and the rtype/op property tables. */
#include "ir.h"

#include <string.h>

static const struct {
    const char *name;
    bool can_fail, terminator;
    IrDst dst;
    IrRefs refs;
} op_info[IR_COUNT] = {
#define OP(e, name, fail, term, dst, refs) {name, fail, term, IR_DST_##dst, IR_REFS_##refs},
#include "ops.def"
#undef OP
};

const char *ir_op_name(IrOpKind k)
{
    return op_info[k].name;
}

IrDst ir_op_dst(IrOpKind k)
{
    return op_info[k].dst;
}

IrRefs ir_op_refs(IrOpKind k)
{
    return op_info[k].refs;
}

bool ir_op_is_terminator(IrOpKind k)
{
    return op_info[k].terminator;
}

bool ir_op_can_fail(const IrOp *op)
{
    if (op->kind == IR_PRIM) {
        return op->u.prim->can_fail;
    }
    if (op->kind == IR_CALL && op->u.callee->i64_copy) {   /* it leaves by its entry instead */
        return false;
    }
    return op_info[op->kind].can_fail;
}

IrModule *ir_module_new(Ctx *ctx, const char *path)
{
    IrModule *m = ARENA_NEW(&ctx->arena, IrModule);
    m->path = path;
    return m;
}

IrFunc *ir_func_new(Ctx *ctx, IrModule *m, const char *name, RType ret)
{
    IrFunc *f = ARENA_NEW(&ctx->arena, IrFunc);
    f->name = name;
    f->ret = ret;
    f->index = m->funcs.len;
    f->c_name = arena_printf(&ctx->arena, "%s_%d", name, f->index);
    vec_push(&ctx->arena, &m->funcs, f);
    return f;
}

IrReg ir_new_reg(Ctx *ctx, IrFunc *f, RType rt, const char *name)
{
    IrRegInfo info = {rt, name, false};
    vec_push(&ctx->arena, &f->regs, info);
    return f->regs.len - 1;
}

IrBlock *ir_new_block(Ctx *ctx, IrFunc *f)
{
    IrBlock *b = ARENA_NEW(&ctx->arena, IrBlock);
    b->id = f->blocks.len;
    vec_push(&ctx->arena, &f->blocks, b);
    return b;
}

IrOp *ir_new_op(Ctx *ctx, IrOpKind kind, int line, IrReg dst, int nargs)
{
    IrOp *op = ARENA_NEW(&ctx->arena, IrOp);
    op->kind = kind;
    op->line = line;
    op->dst = dst;
    op->nargs = nargs;
    if (nargs > 0) {
        op->args = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)nargs);
    }
    return op;
}

/* (An op without args or outs has NULL arrays, which memcpy may not be given.) */
static IrReg *copy_regs(Ctx *ctx, const IrReg *regs, int n, int room)
{
    if (n + room == 0) {
        return NULL;
    }
    IrReg *c = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)(n + room));
    if (n > 0) {
        memcpy(c, regs, sizeof(IrReg) * (size_t)n);
    }
    return c;
}

long long ir_traceback_where(int line, IrPos pos)
{
    int rows = pos.end_line - line;
    if (pos.col < 1 || pos.col > 0xfff || pos.end_col < 1 || pos.end_col > 0xfff || rows < 0 || rows > 0x7f ||
        (rows == 0 && pos.end_col <= pos.col)) {
        return line;
    }
    unsigned long long range = (unsigned long long)rows << 24 | (unsigned)pos.col << 12 | (unsigned)pos.end_col;
    return (long long)(range << 32 | (unsigned)line);
}

IrOp *ir_where_const(Ctx *ctx, int line, IrPos pos, IrReg dst)
{
    IrOp *k = ir_new_op(ctx, IR_CONST, line, dst, 0);
    k->u.konst = ARENA_NEW(&ctx->arena, IrConst);
    k->u.konst->kind = IRC_INT;
    k->u.konst->text = arena_printf(&ctx->arena, "%lld", ir_traceback_where(line, pos));
    k->u.konst->pool_index = -1;
    k->u.konst->where = true;
    return k;
}

IrOp *ir_copy_op(Ctx *ctx, const IrOp *op)
{
    IrOp *c = ARENA_NEW(&ctx->arena, IrOp);
    *c = *op;
    c->args = copy_regs(ctx, op->args, op->nargs, 0);
    c->outs = copy_regs(ctx, op->outs, op->nouts, 0);
    return c;
}

void ir_append_arg(Ctx *ctx, IrOp *op, IrReg a)
{
    op->args = copy_regs(ctx, op->args, op->nargs, 1);
    op->args[op->nargs++] = a;
}

void ir_append(Ctx *ctx, IrBlock *b, IrOp *op)
{
    if (ir_block_terminated(b)) {
        ICE("append to a terminated block L%d", b->id);
    }
    vec_push(&ctx->arena, &b->ops, op);
}

bool ir_block_terminated(const IrBlock *b)
{
    return b->ops.len > 0 && ir_op_is_terminator(b->ops.data[b->ops.len - 1]->kind);
}

int ir_func_ops(const IrFunc *f)
{
    int ops = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        ops += f->blocks.data[b]->ops.len;
    }
    return ops;
}

int ir_add_global(Ctx *ctx, IrModule *m, const char *name, RType rt, bool is_attr)
{
    IrGlobal g = {.name = name, .rt = rt, .is_attr = is_attr};
    vec_push(&ctx->arena, &m->globals, g);
    return m->globals.len - 1;
}

const IrKw *ir_op_kw(const IrOp *op)
{
    switch (op->kind) {
    case IR_PRINT: return &op->u.print.kw;
    case IR_CALL_OBJ: return &op->u.call_obj.kw;
    case IR_CALL_METHOD: return &op->u.call_method.kw;
    case IR_CALL_GLOBAL: return &op->u.call_global.kw;
    default: ICE("op %s has no keyword arguments", ir_op_name(op->kind));
    }
}
