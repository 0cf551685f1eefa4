/* cfg.c - control-flow cleanup.
 * Assumes: the IR as built (no error branches yet); an except/finally handler is reached
 * through its blocks' `unwind`, so it counts as reachable with them.
 * Guarantees: jumps to a block holding only a goto go straight to its target; a block
 * entered only by a goto from one block, under the same handler, is merged into it; blocks
 * not reachable from the entry are removed, the rest renumbered in order. Ops are neither
 * added nor removed, so what copyprop can see in one block only grows. */
#include "pass.h"

/* Where a goto-only block finally leads (a chain of them, bounded against cycles). */
static IrBlock *thread(IrBlock *b)
{
    for (int hops = 0; b && hops < 8; hops++) {
        IrOp *t = b->ops.data[0];
        if (b->ops.len != 1 || t->kind != IR_GOTO || t->target == b) {
            break;
        }
        b = t->target;
    }
    return b;
}

static void thread_jumps(IrFunc *f)
{
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        IrOp *t = b->ops.data[b->ops.len - 1];
        if (t->kind == IR_GOTO || t->kind == IR_BRANCH || t->kind == IR_ERRBRANCH) {
            t->target = thread(t->target);
            t->target2 = t->kind == IR_GOTO ? NULL : thread(t->target2);
        }
    }
}

static void mark(bool *seen, IrBlock *b)
{
    while (b && !seen[b->id]) {
        seen[b->id] = true;
        IrOp *t = b->ops.data[b->ops.len - 1];
        mark(seen, b->unwind);
        mark(seen, t->target2);
        b = t->target;
    }
}

static void remove_unreachable(Ctx *ctx, IrFunc *f)
{
    bool *seen = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)(f->blocks.len + 1));
    mark(seen, f->blocks.data[0]);
    int n = 0;
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        if (seen[i]) {
            b->id = n;
            f->blocks.data[n++] = b;
        }
    }
    f->blocks.len = n;
}

/* How many edges enter each block (the entry counts one more, a handler one per block
 * it covers). */
static int *count_preds(Ctx *ctx, const IrFunc *f)
{
    int *preds = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->blocks.len + 1));
    preds[0] = 1;
    for (int i = 0; i < f->blocks.len; i++) {
        const IrBlock *b = f->blocks.data[i];
        const IrOp *t = b->ops.data[b->ops.len - 1];
        if (t->target) {
            preds[t->target->id]++;
        }
        if (t->target2) {
            preds[t->target2->id]++;
        }
        if (b->unwind) {
            preds[b->unwind->id]++;
        }
    }
    return preds;
}

static void merge_blocks(Ctx *ctx, IrFunc *f)
{
    int *preds = count_preds(ctx, f);
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        for (;;) {
            IrOp *t = b->ops.data[b->ops.len - 1];
            IrBlock *c = t->target;
            if (t->kind != IR_GOTO || c == b || preds[c->id] != 1 || c->unwind != b->unwind) {
                break;
            }
            b->ops.len--;   /* the goto */
            for (int j = 0; j < c->ops.len; j++) {
                vec_push(&ctx->arena, &b->ops, c->ops.data[j]);
            }
            preds[c->id] = 0;
            c->ops.len = 0;
            vec_push(&ctx->arena, &c->ops, t);   /* c, now unreachable, keeps a terminator */
            t->target = c;
        }
    }
}

void pass_cfg(Ctx *ctx, IrFunc *f)
{
    thread_jumps(f);
    remove_unreachable(ctx, f);
    merge_blocks(ctx, f);
    remove_unreachable(ctx, f);
}
