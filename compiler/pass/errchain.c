/* errchain.c - an error handler whose releases include another's does its own part and
 * jumps to that one. Precondition: errshare ran (handlers alike share a block).
 * In `f(g(1), g(2), ..., g(n))` the handler of the k-th g releases the k-1 arguments
 * made before it: n handlers of up to n releases each, quadratic C (16 MB for 400
 * arguments). A handler whose releases, in register order, begin with all of another's
 * (same traceback and continuation) releases the rest and jumps there: linear. The
 * values released are the same; the later-made ones go first, as CPython pops its
 * value stack. The module body is left as it is (emit_chunks.c). */
#include "pass.h"

typedef struct Handler {
    IrBlock *b;
    int npairs;              /* leading "decref r; clear r" pairs */
    const IrOp *tb;          /* the traceback op after them, or NULL */
    const IrOp *go;          /* the closing goto */
    unsigned long *prefix;   /* hash of the first i pairs' registers, i = 0..npairs */
} Handler;

static unsigned long mix(unsigned long h, unsigned long v)
{
    return (h ^ v) * 1099511628211UL;
}

static IrReg pair_reg(const IrBlock *b, int i)
{
    return b->ops.data[2 * i]->args[0];
}

/* "decref r; clear r" pairs, then at most a traceback, then a goto; false otherwise. */
static bool parse(Ctx *ctx, IrBlock *b, Handler *h)
{
    if (!b->is_error_handler || b->ops.len < 1) {
        return false;
    }
    int n = 0;
    while (2 * n + 1 < b->ops.len && b->ops.data[2 * n]->kind == IR_DECREF
           && b->ops.data[2 * n + 1]->kind == IR_CLEAR
           && b->ops.data[2 * n + 1]->args[0] == b->ops.data[2 * n]->args[0]) {
        n++;
    }
    int rest = b->ops.len - 2 * n;
    const IrOp *tb = rest == 2 ? b->ops.data[2 * n] : NULL;
    const IrOp *go = b->ops.data[b->ops.len - 1];
    if (n < 1 || go->kind != IR_GOTO || rest > 2 || (rest == 2 && tb->kind != IR_TRACEBACK)) {
        return false;
    }
    *h = (Handler){b, n, tb, go, arena_alloc(&ctx->arena, sizeof(unsigned long) * (size_t)(n + 1))};
    h->prefix[0] = 14695981039346656037UL;
    for (int i = 0; i < n; i++) {
        h->prefix[i + 1] = mix(h->prefix[i], (unsigned long)pair_reg(b, i));
    }
    return true;
}

/* The hash of what must match for one handler to end in another: its continuation,
 * whether it adds a traceback entry, and its first len releases. */
static unsigned long key(const Handler *h, int len)
{
    unsigned long k = mix(h->prefix[len], (unsigned long)(uintptr_t)h->go->target);
    k = mix(k, (unsigned long)(uintptr_t)h->b->unwind);
    return mix(mix(k, h->tb != NULL), (unsigned long)len);
}

/* Can h (its first g->npairs releases being g's) end by jumping to g? Tracebacks: none
 * in both, or g's reads the line register (h sets it), or both name the same line and
 * range. */
static bool fits(const Handler *h, const Handler *g)
{
    if (g->go->target != h->go->target || g->b->unwind != h->b->unwind || !g->tb != !h->tb
        || g->npairs >= h->npairs) {
        return false;
    }
    if (g->tb && g->tb->nargs == 0 &&
        (h->tb->nargs != 0 || ir_traceback_where(h->tb->line, h->tb->pos) != ir_traceback_where(g->tb->line, g->tb->pos))) {
        return false;
    }
    if (g->tb && g->tb->nargs == 1 && h->tb->nargs == 1 && h->tb->args[0] != g->tb->args[0]) {
        return false;
    }
    for (int i = 0; i < g->npairs; i++) {
        if (pair_reg(h->b, i) != pair_reg(g->b, i)) {
            return false;
        }
    }
    return true;
}

/* h becomes its releases past g's (the latest first), the line register set when g's
 * traceback reads it and h's named its line, and a jump to g. */
static void chain(Ctx *ctx, Handler *h, const Handler *g)
{
    IrBlock *b = h->b;
    IrOp **old = b->ops.data;
    int len = b->ops.len;
    b->ops.data = NULL;
    b->ops.len = b->ops.cap = 0;
    for (int i = h->npairs - 1; i >= g->npairs; i--) {
        ir_append(ctx, b, old[2 * i]);
        ir_append(ctx, b, old[2 * i + 1]);
    }
    if (g->tb && g->tb->nargs == 1 && h->tb->nargs == 0) {
        ir_append(ctx, b, ir_where_const(ctx, h->tb->line, h->tb->pos, g->tb->args[0]));
    }
    IrOp *go = ir_new_op(ctx, IR_GOTO, old[len - 1]->line, -1, 0);
    go->target = g->b;
    ir_append(ctx, b, go);
}

/* The handlers by (key of all their releases): open addressing. */
static Handler **index_handlers(Ctx *ctx, Handler *hs, int n, int *capp)
{
    int cap = 16;
    while (cap < 2 * n) {
        cap *= 2;
    }
    Handler **table = arena_alloc(&ctx->arena, sizeof(Handler *) * (size_t)cap);
    for (int i = 0; i < n; i++) {
        int at = (int)(key(&hs[i], hs[i].npairs) & (unsigned long)(cap - 1));
        while (table[at]) {
            at = (at + 1) & (cap - 1);
        }
        table[at] = &hs[i];
    }
    *capp = cap;
    return table;
}

/* The handler with the most releases that h's begin with, or NULL. */
static const Handler *longest_prefix(Handler **table, int cap, const Handler *h)
{
    for (int len = h->npairs - 1; len >= 1; len--) {
        unsigned long k = key(h, len);
        for (int at = (int)(k & (unsigned long)(cap - 1)); table[at]; at = (at + 1) & (cap - 1)) {
            const Handler *g = table[at];
            if (g->npairs == len && key(g, len) == k && fits(h, g)) {
                return g;
            }
        }
    }
    return NULL;
}

void pass_chain_errors(Ctx *ctx, IrFunc *f)
{
    if (f->is_module_init) {
        return;
    }
    Handler *hs = arena_alloc(&ctx->arena, sizeof(Handler) * (size_t)(f->blocks.len + 1));
    int n = 0;
    for (int i = 0; i < f->blocks.len; i++) {
        n += parse(ctx, f->blocks.data[i], &hs[n]);
    }
    if (n < 2) {
        return;
    }
    int cap;
    Handler **table = index_handlers(ctx, hs, n, &cap);
    const Handler **to = arena_alloc(&ctx->arena, sizeof(Handler *) * (size_t)n);
    for (int i = 0; i < n; i++) {   /* found on the handlers as they are, then rewritten */
        to[i] = longest_prefix(table, cap, &hs[i]);
    }
    for (int i = 0; i < n; i++) {
        if (to[i]) {
            chain(ctx, &hs[i], to[i]);
        }
    }
}
