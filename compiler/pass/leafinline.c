/* leafinline.c - small leaf functions' bodies copied into their direct callers' IR.
 *
 * A call `call g` (on the true side of g's name check, as built) of a leaf g: a plain
 * module function whose body, after its stack check, is only constants, moves, jumps,
 * returns and int/float/bool/i64/i32 primitives over unboxed values, with no loop and
 * unboxed parameters and result. Such a body runs no Python code and calls nothing, so
 * its frame is seen only by its own entry test and by tracebacks. The call becomes the
 * body itself: parameters are moves of the arguments, each return a move into the call's
 * result and a jump to what followed the call, the stack check `stack_probe` (the entry's
 * limit test, no frame counted: runtime/depth.h Pyc2c_FrameProbe), and every copied op
 * remembers g and the call's line (IrOp.inl), so errors.c gives a failure g's traceback
 * entry, then the caller's at the call. Later passes see the body with the caller's
 * facts: ranges.c knows the arguments' intervals (a range counter's `i + j` is a word
 * add), guards.c sees a loop of clean code and checks g's name once per strip.
 * Assumes: selfcall.c has run (a recursive g is no leaf anyway); the caller counts its
 * frame (its thread state is at hand). Not with --profile (calls are reported there).
 * Accepted limit: before 3.12 a big-int comparison in the body that enters one
 * recursion level of its own sees one frame fewer at the recursion limit. */
#include "pass.h"

/* A body of up to LEAF_MAX_OPS ops is copied; a caller takes at most LEAF_MAX_SITES. */
enum { LEAF_MAX_OPS = 40, LEAF_MAX_SITES = 16 };

static bool is_stack_check(const IrOp *op)
{
    return op->kind == IR_PRIM && op->u.prim == prim(PRIM_STACK_CHECK);
}

static bool leaf_op(const IrFunc *g, const IrOp *op)
{
    static const char *const prefixes[] = {"int_", "float_", "bool_", "i64_", "i32_", NULL};
    if (!pass_operands_unboxed(g, op) || (op->dst >= 0 && !pass_reg_unboxed(g, op->dst)) || op->nouts) {
        return false;
    }
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_GOTO: case IR_BRANCH:
        return true;
    case IR_RETURN:
        return op->nargs == 1;
    case IR_PRIM:
        return pass_prim_prefixed(op, prefixes);
    default:
        return false;
    }
}

/* Does a jump from block b reach a block on the walk's path (a loop)? */
static bool has_cycle(const IrFunc *g, const IrBlock *b, char *state)
{
    if (state[b->id] == 1) {
        return true;
    }
    if (state[b->id] == 2) {
        return false;
    }
    state[b->id] = 1;
    const IrOp *t = b->ops.data[b->ops.len - 1];
    if ((t->target && has_cycle(g, t->target, state)) || (t->target2 && has_cycle(g, t->target2, state))) {
        return true;
    }
    state[b->id] = 2;
    return false;
}

static bool is_leaf(Ctx *ctx, const IrFunc *g)
{
    if (g->is_module_init || g->generator || g->nfree || g->nsplit || g->varargs || g->varkw || g->copy_of ||
        g->spec_copy || g->class_cell1 || g->vkey1 || g->qualname || g->memo_called || g->blocks.len == 0 ||
        g->ret == RT_OBJ || g->ret == RT_METH || g->ret == RT_VOID || ir_func_ops(g) > LEAF_MAX_OPS) {
        return false;
    }
    for (int p = 0; p < g->params.len; p++) {
        if (!pass_reg_unboxed(g, p)) {
            return false;
        }
    }
    const IrBlock *entry = g->blocks.data[0];
    if (entry->ops.len < 2 || !is_stack_check(entry->ops.data[0])) {
        return false;
    }
    for (int b = 0; b < g->blocks.len; b++) {
        const IrBlock *blk = g->blocks.data[b];
        if (blk->unwind || blk->is_error_handler || !ir_block_terminated(blk)) {
            return false;
        }
        for (int i = blk == entry; i < blk->ops.len; i++) {
            if (!leaf_op(g, blk->ops.data[i])) {
                return false;
            }
        }
    }
    char *state = arena_alloc(&ctx->arena, (size_t)g->blocks.len + 1);
    return !has_cycle(g, entry, state);
}

/* ---- the copy ---- */

typedef struct Site {
    IrFunc *f, *g;
    IrReg *regs;         /* g's register r is f's regs[r] */
    IrBlock **blocks;    /* g's block b is f's blocks[b] */
    const IrOp *call;
    IrBlock *after;      /* what followed the call */
} Site;

static IrOp *copy_body_op(Ctx *ctx, const Site *s, const IrOp *op)
{
    IrOp *c = ir_copy_op(ctx, op);
    for (int a = 0; a < c->nargs; a++) {
        c->args[a] = s->regs[op->args[a]];
    }
    c->dst = op->dst >= 0 ? s->regs[op->dst] : -1;
    c->target = op->target ? s->blocks[op->target->id] : NULL;
    c->target2 = op->target2 ? s->blocks[op->target2->id] : NULL;
    c->inl = s->g;
    c->inl_line = s->call->line;
    c->inl_pos = s->call->pos;
    if (is_stack_check(op)) {
        c->u.prim = prim(PRIM_STACK_PROBE);
    }
    return c;
}

/* g's `return v`: the call's result = v, then on after the call. */
static void copy_return(Ctx *ctx, const Site *s, IrBlock *nb, const IrOp *ret)
{
    if (s->call->dst >= 0) {
        IrOp *mv = ir_new_op(ctx, IR_MOVE, ret->line, s->call->dst, 1);
        mv->args[0] = s->regs[ret->args[0]];
        mv->inl = s->g;
        mv->inl_line = s->call->line;
        mv->inl_pos = s->call->pos;
        ir_append(ctx, nb, mv);
    }
    IrOp *go = ir_new_op(ctx, IR_GOTO, s->call->line, -1, 0);
    go->target = s->after;
    ir_append(ctx, nb, go);
}

static void copy_body(Ctx *ctx, Site *s, IrBlock *unwind)
{
    const IrFunc *g = s->g;
    s->regs = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)(g->regs.len + 1));
    for (int r = 0; r < g->regs.len; r++) {
        s->regs[r] = ir_new_reg(ctx, s->f, g->regs.data[r].rt, NULL);
    }
    s->blocks = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(g->blocks.len + 1));
    for (int b = 0; b < g->blocks.len; b++) {
        s->blocks[b] = ir_new_block(ctx, s->f);
        s->blocks[b]->unwind = unwind;
    }
    for (int b = 0; b < g->blocks.len; b++) {
        const IrBlock *ob = g->blocks.data[b];
        for (int i = 0; i < ob->ops.len; i++) {
            const IrOp *op = ob->ops.data[i];
            if (op->kind == IR_RETURN) {
                copy_return(ctx, s, s->blocks[b], op);
            } else {
                ir_append(ctx, s->blocks[b], copy_body_op(ctx, s, op));
            }
        }
    }
}

/* Block b's op at is the call: b keeps the ops before it, sets g's parameters and jumps
 * into the copy; the ops after it move to a new block the returns jump to. */
static void inline_at(Ctx *ctx, IrFunc *f, IrBlock *b, int at)
{
    const IrOp *call = b->ops.data[at];
    Site s = {f, call->u.callee, NULL, NULL, call, ir_new_block(ctx, f)};
    s.after->unwind = b->unwind;
    for (int i = at + 1; i < b->ops.len; i++) {
        ir_append(ctx, s.after, b->ops.data[i]);
    }
    b->ops.len = at;
    copy_body(ctx, &s, b->unwind);
    for (int p = 0; p < s.g->params.len; p++) {
        IrOp *mv = ir_new_op(ctx, IR_MOVE, call->line, s.regs[p], 1);
        mv->args[0] = call->args[p];
        ir_append(ctx, b, mv);
    }
    IrOp *go = ir_new_op(ctx, IR_GOTO, call->line, -1, 0);
    go->target = s.blocks[0];
    ir_append(ctx, b, go);
}

static bool counts_frame(const IrFunc *f)
{
    return !f->is_module_init && !f->generator && f->blocks.len > 0 && f->blocks.data[0]->ops.len > 0 &&
           is_stack_check(f->blocks.data[0]->ops.data[0]);
}

static void inline_calls(Ctx *ctx, IrFunc *f, const bool *leaf)
{
    int sites = 0;
    for (int b = 0; b < f->blocks.len && sites < LEAF_MAX_SITES; b++) {   /* bodies copied hold no call */
        IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len && sites < LEAF_MAX_SITES; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_CALL && op->u.callee != f && leaf[op->u.callee->index] && !op->nouts &&
                op->nargs == op->u.callee->params.len) {
                inline_at(ctx, f, blk, i);
                sites++;
                break;   /* the rest of blk moved to a new block, looked at later */
            }
        }
    }
    if (sites) {
        pass_cfg(ctx, f);
    }
}

void pass_leafinline(Ctx *ctx, IrModule *m)
{
    if (ctx->profile) {
        return;
    }
    bool *leaf = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)(m->funcs.len + 1));
    for (int i = 0; i < m->funcs.len; i++) {
        leaf[i] = is_leaf(ctx, m->funcs.data[i]);
    }
    int n = m->funcs.len;
    for (int i = 0; i < n; i++) {
        IrFunc *f = m->funcs.data[i];
        if (counts_frame(f)) {
            inline_calls(ctx, f, leaf);
        }
    }
}
