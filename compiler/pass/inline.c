/* inline.c - which compiled bodies the C compiler inlines into their direct callers.
 *
 * A body is marked (IrFunc.inline_body; the emitter defines it PYC2C_BODY_INLINE) when
 * it is no part of a cycle of direct calls (IR_CALL, IR_MEMO_CALL: a memo miss calls
 * the native entry) and its size, counting the marked bodies it calls as inlined into
 * it, stays within the limits below. Runs last, on the IR the emitter prints, so sizes are
 * those of the C. Nothing about the call changes but where its code sits: the caller
 * still checks that the name holds the function (func_intact) before the direct call,
 * the callee still counts its frame, checks its receiver and adds its own traceback
 * entry, so rebinding, RecursionError and tracebacks are as without it. */
#include "pass.h"

/* A body of up to INLINE_ANY_OPS (with what it inlines) is inlined wherever it is
 * called: accessors and comparisons such as deltablue's input()/output(). A bigger one,
 * up to INLINE_MAX_OPS, only while its copies add at most INLINE_GROWTH_OPS to the
 * module: a C compiler's time grows with the code it optimizes (issue 15). */
enum { INLINE_ANY_OPS = 40, INLINE_MAX_OPS = 120, INLINE_GROWTH_OPS = 360 };

typedef struct Tarjan {
    IrModule *m;
    int *index, *low, *stack, *comp;
    bool *on_stack;
    int next, sp, ncomp;
    int *order;          /* functions by component, callees' components first */
    int norder;
} Tarjan;

static bool is_direct_call(const IrOp *op)
{
    return op->kind == IR_CALL || op->kind == IR_MEMO_CALL;
}

static void strong_connect(Tarjan *t, int v);

static void visit_callees(Tarjan *t, int v)
{
    const IrFunc *f = t->m->funcs.data[v];
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (!is_direct_call(op)) {
                continue;
            }
            int w = op->u.callee->index;
            if (t->index[w] < 0) {
                strong_connect(t, w);
                t->low[v] = t->low[v] < t->low[w] ? t->low[v] : t->low[w];
            } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];
            }
        }
    }
}

/* Tarjan's algorithm: components come out callees first. Recursion depth is the
 * longest chain of direct calls, which the module's source bounds. */
static void strong_connect(Tarjan *t, int v)
{
    t->index[v] = t->low[v] = t->next++;
    t->stack[t->sp++] = v;
    t->on_stack[v] = true;
    visit_callees(t, v);
    if (t->low[v] != t->index[v]) {
        return;
    }
    int w;
    do {
        w = t->stack[--t->sp];
        t->on_stack[w] = false;
        t->comp[w] = t->ncomp;
        t->order[t->norder++] = w;
    } while (w != v);
    t->ncomp++;
}

/* Does f call anything in its own component (itself included)? */
static bool in_cycle(const Tarjan *t, const IrFunc *f)
{
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (is_direct_call(op) && t->comp[op->u.callee->index] == t->comp[f->index]) {
                return true;
            }
        }
    }
    return false;
}

/* f's size with the marked bodies it calls counted where they are called. */
static int inlined_size(const IrFunc *f, const int *size)
{
    int total = ir_func_ops(f);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_CALL && op->u.callee->inline_body) {
                total += size[op->u.callee->index];
            }
        }
    }
    return total;
}

/* Direct call sites of each function in the module. */
static int *count_sites(Ctx *ctx, const IrModule *m)
{
    int *sites = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(m->funcs.len + 1));
    for (int fi = 0; fi < m->funcs.len; fi++) {
        const IrFunc *f = m->funcs.data[fi];
        for (int b = 0; b < f->blocks.len; b++) {
            const IrBlock *blk = f->blocks.data[b];
            for (int i = 0; i < blk->ops.len; i++) {
                if (blk->ops.data[i]->kind == IR_CALL) {
                    sites[blk->ops.data[i]->u.callee->index]++;
                }
            }
        }
    }
    return sites;
}

static bool may_inline(Ctx *ctx, const IrFunc *f)
{
    return !f->is_module_init && !f->generator && !ctx->profile;
}

void pass_inline(Ctx *ctx, IrModule *m)
{
    int n = m->funcs.len;
    Tarjan t = {m, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, 0};
    t.index = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    t.low = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    t.stack = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    t.comp = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    t.order = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    t.on_stack = arena_alloc(&ctx->arena, (size_t)n + 1);
    int *size = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        t.index[i] = -1;
    }
    for (int i = 0; i < n; i++) {
        if (t.index[i] < 0) {
            strong_connect(&t, i);
        }
    }
    int *sites = count_sites(ctx, m);
    for (int k = 0; k < t.norder; k++) {
        IrFunc *f = m->funcs.data[t.order[k]];
        f->inline_body = false;
        if (!may_inline(ctx, f) || in_cycle(&t, f)) {
            continue;
        }
        size[f->index] = inlined_size(f, size);
        int sz = size[f->index];
        f->inline_body = sz <= INLINE_ANY_OPS ||
                         (sz <= INLINE_MAX_OPS && sz * (sites[f->index] - 1) <= INLINE_GROWTH_OPS);
    }
}
