/* loopcopy.c - a copy of a loop's blocks (loopcopy.h): wideacc's 128-bit copy and
 * acc64's int64 tier are both made by it, each with its own steps and exits. */
#include "loopcopy.h"

IrBlock *pass_loopcopy_block(Ctx *ctx, IrFunc *f)
{
    IrBlock *b = ir_new_block(ctx, f);
    b->loop_copy = true;
    return b;
}

IrBlock *pass_loopcopy_target(Ctx *ctx, PassLoopCopy *c, IrBlock *t, int line)
{
    if (!t) {
        return NULL;
    }
    if (pass_in_loop(c->l, t->id)) {
        return c->map[t->id];
    }
    if (!c->exits[t->id]) {
        c->exits[t->id] = pass_loopcopy_block(ctx, c->f);
        c->leave(ctx, c, c->exits[t->id], t, line);
    }
    return c->exits[t->id];
}

static void copy_block(Ctx *ctx, PassLoopCopy *c, const IrBlock *ob)
{
    IrBlock *at = c->map[ob->id];
    for (int j = 0; j < ob->ops.len; j++) {
        int last = j;
        if (c->step(ctx, c, &at, ob, j, &last)) {
            j = last;
            continue;
        }
        const IrOp *op = ob->ops.data[j];
        IrOp *n = ir_copy_op(ctx, op);
        n->target = pass_loopcopy_target(ctx, c, op->target, op->line);
        n->target2 = pass_loopcopy_target(ctx, c, op->target2, op->line);
        vec_push(&ctx->arena, &at->ops, n);
        if (c->copied) {
            c->copied(ctx, c, at, ob, j, n);
        }
    }
    at->strip_edge = ob->strip_edge;
}

IrBlock *pass_loopcopy_run(Ctx *ctx, PassLoopCopy *c)
{
    int n = c->f->blocks.len;
    c->map = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(n + 1));
    c->exits = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(n + 1));
    for (int at = 0; at < c->l->blocks.len; at++) {
        c->map[c->l->blocks.data[at]] = pass_loopcopy_block(ctx, c->f);
    }
    for (int at = 0; at < c->l->blocks.len; at++) {
        copy_block(ctx, c, c->f->blocks.data[c->l->blocks.data[at]]);
    }
    return c->map[c->l->head->id];
}

bool pass_loopcopy_rounds(Ctx *ctx, IrFunc *f, int max_rounds, const PassLoopRounds *r)
{
    bool changed = false;
    VEC(bool) done = {0};   /* per block id: in a loop rewritten (or made by a rewrite) */
    for (int round = 0; round < max_rounds; round++) {
        PassLoopVec loops = pass_find_loops(ctx, f);
        while (done.len < f->blocks.len) {
            vec_push(&ctx->arena, &done, changed);
        }
        if (r->begin) {
            r->begin(ctx, f, r->env);
        }
        bool did = false;
        for (int i = loops.len - 1; i >= 0 && !did; i--) {   /* outermost first */
            PassLoop *l = &loops.data[i];
            bool seen = false;
            for (int k = 0; k < l->blocks.len; k++) {
                seen |= done.data[l->blocks.data[k]];
            }
            if (seen || !r->try_loop(ctx, f, &loops, l, r->env)) {
                continue;
            }
            for (int k = 0; k < l->blocks.len; k++) {
                done.data[l->blocks.data[k]] = true;
            }
            did = changed = true;
        }
        if (!did) {
            break;
        }
    }
    return changed;
}
