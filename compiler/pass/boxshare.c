/* boxshare.c - an int (or float) boxed again while it is unchanged reuses the first box.
 * Assumes: the IR as built (before error branches and refcounts); after rebox (whose
 * obj_same forms it leaves alone) and wideacc.
 * Guarantees: `%b2 = int_box %v` where an earlier `%b1 = int_box %v` (b1 a temporary
 * written once) holds on every path to it, %v unwritten since, becomes
 * `%b2 = obj_same %b1` (the same object, a new reference; refcount.c keeps %b1 alive to
 * there), and so for float_box. CPython holds one object per variable, so `q not in d`,
 * `yield q`, `d[q]`, `del d[q]` on an unannotated int local made one PyLong each per
 * item (primes_gen's incremental sieve: 406K allocations, a quarter of its instructions)
 * and now make one; identity (`is`) becomes CPython's too.
 * Availability is a forward "must" dataflow (intersection over predecessors); blocks
 * entered by unwinding and the entry start empty. Not run on the module body (its chunks
 * share no register) nor on functions where blocks x boxes passes MAX_CELLS. */
#include <string.h>
#include "pass.h"

#define MAX_CELLS (4 << 20)

typedef struct Key {
    const IrOp *op;     /* the box op as found (it may be rewritten, its key stays) */
    const Prim *prim;   /* int_box or float_box */
    IrReg v, dst;
} Key;

/* The boxes whose result is a temporary written once, and per register the keys that
 * box it (by_v[start[r] .. start[r + 1])) and the key held in it (or -1). */
typedef struct Boxes {
    Key *key;
    int n;
    int *start, *by_v, *held;
} Boxes;

static bool is_box(const IrOp *op)
{
    return pass_prim_is(op, "int_box") || pass_prim_is(op, "float_box");
}

static void index_boxes(Ctx *ctx, const IrFunc *f, Boxes *bx)
{
    int nregs = f->regs.len;
    bx->start = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(nregs + 2));
    bx->by_v = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(bx->n + 1));
    bx->held = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(nregs + 1));
    int *fill = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(nregs + 1));
    for (int r = 0; r < nregs; r++) {
        bx->held[r] = -1;
    }
    for (int k = 0; k < bx->n; k++) {
        bx->start[bx->key[k].v + 1]++;
        bx->held[bx->key[k].dst] = k;
    }
    for (int r = 0; r < nregs; r++) {
        bx->start[r + 1] += bx->start[r];
    }
    for (int k = 0; k < bx->n; k++) {
        IrReg v = bx->key[k].v;
        bx->by_v[bx->start[v] + fill[v]++] = k;
    }
}

static Boxes find_boxes(Ctx *ctx, const IrFunc *f)
{
    const int *defs = pass_count_defs(ctx, f);
    Boxes bx = {0};
    int total = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        total += f->blocks.data[b]->ops.len;
    }
    bx.key = arena_alloc(&ctx->arena, sizeof(Key) * (size_t)(total + 1));
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (is_box(op) && pass_single_def_temp(f, defs, op->dst)) {
                bx.key[bx.n++] = (Key){op, op->u.prim, op->args[0], op->dst};
            }
        }
    }
    return bx;
}

static void kill_writes_of(const Boxes *bx, IrReg r, bool *cur)
{
    for (int i = bx->start[r]; i < bx->start[r + 1]; i++) {
        cur[bx->by_v[i]] = false;
    }
    if (bx->held[r] >= 0) {
        cur[bx->held[r]] = false;
    }
}

/* One op's effect on the available set: what it writes kills the boxes of it and the
 * box held in it; a box op then makes its own available. */
static void step(const Boxes *bx, const IrOp *op, bool *cur)
{
    if (op->dst >= 0) {
        kill_writes_of(bx, op->dst, cur);
    }
    for (int k = 0; k < op->nouts; k++) {
        kill_writes_of(bx, op->outs[k], cur);
    }
    int self = op->dst >= 0 ? bx->held[op->dst] : -1;
    if (self >= 0 && bx->key[self].op == op) {
        cur[self] = true;
    }
}

/* An available box of the same kind and value as the box op, other than its own, or -1. */
static int available(const Boxes *bx, const IrOp *op, const bool *cur)
{
    IrReg v = op->args[0];
    for (int i = bx->start[v]; i < bx->start[v + 1]; i++) {
        const Key *k = &bx->key[bx->by_v[i]];
        if (cur[bx->by_v[i]] && k->op != op && k->prim == op->u.prim) {
            return bx->by_v[i];
        }
    }
    return -1;
}

/* Meets cur into the entry set of succ; true when that changed it or first reached it. */
static bool meet(bool **in, bool *seen, const IrBlock *succ, const bool *cur, int nk)
{
    bool changed = !seen[succ->id];
    seen[succ->id] = true;
    for (int k = 0; k < nk; k++) {
        if (in[succ->id][k] && !cur[k]) {
            in[succ->id][k] = false;
            changed = true;
        }
    }
    return changed;
}

static bool **available_in(Ctx *ctx, const IrFunc *f, const Boxes *bx)
{
    int n = f->blocks.len, nk = bx->n;
    bool **in = arena_alloc(&ctx->arena, sizeof(bool *) * (size_t)n);
    bool *seen = arena_alloc(&ctx->arena, (size_t)n + 1);
    bool *cur = arena_alloc(&ctx->arena, (size_t)nk + 1);
    for (int b = 0; b < n; b++) {
        in[b] = arena_alloc(&ctx->arena, (size_t)nk + 1);
        memset(in[b], 1, (size_t)nk);
    }
    for (int b = 0; b < n; b++) {
        const IrBlock *u = f->blocks.data[b]->unwind;
        if (u) {
            memset(in[u->id], 0, (size_t)nk);   /* entered from anywhere in b */
        }
    }
    memset(in[0], 0, (size_t)nk);
    seen[0] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (int b = 0; b < n; b++) {
            const IrBlock *blk = f->blocks.data[b];
            if (!seen[b] || blk->ops.len == 0) {
                continue;
            }
            memcpy(cur, in[b], (size_t)nk);
            for (int j = 0; j < blk->ops.len; j++) {
                step(bx, blk->ops.data[j], cur);
            }
            const IrOp *t = blk->ops.data[blk->ops.len - 1];
            if (!ir_op_is_terminator(t->kind)) {
                continue;
            }
            if (t->target) {
                changed |= meet(in, seen, t->target, cur, nk);
            }
            if (t->target2) {
                changed |= meet(in, seen, t->target2, cur, nk);
            }
        }
    }
    for (int b = 0; b < n; b++) {
        if (!seen[b]) {
            memset(in[b], 0, (size_t)nk);   /* unreached: nothing to share */
        }
    }
    return in;
}

void pass_boxshare(Ctx *ctx, IrFunc *f)
{
    if (f->is_module_init) {
        return;
    }
    Boxes bx = find_boxes(ctx, f);
    if (bx.n < 2 || (int64_t)bx.n * f->blocks.len > MAX_CELLS) {
        return;
    }
    index_boxes(ctx, f, &bx);
    bool **in = available_in(ctx, f, &bx);
    bool *cur = arena_alloc(&ctx->arena, (size_t)bx.n + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        memcpy(cur, in[b], (size_t)bx.n);
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            int k = is_box(op) ? available(&bx, op, cur) : -1;
            step(&bx, op, cur);
            if (k >= 0) {
                op->u.prim = &pass_prim_obj_same;
                op->args[0] = bx.key[k].dst;
            }
        }
    }
}
