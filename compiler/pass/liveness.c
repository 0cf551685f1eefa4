/* liveness.c - backward liveness in persistent sets (pset.h). */

#include "liveness.h"

PredLists pass_pred_lists(Arena *a, const IrFunc *f)
{
    int n = f->blocks.len;
    PredLists p = {arena_alloc(a, sizeof(int) * (size_t)(n + 2)), NULL};
    for (int pass = 0; pass < 2; pass++) {
        for (int bi = 0; bi < n; bi++) {
            const IrBlock *b = f->blocks.data[bi];
            const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
            for (int k = 0; t && k < 2; k++) {
                const IrBlock *s = k == 0 ? t->target : t->target2;
                if (s && pass == 0) {
                    p.at[s->id + 2]++;   /* counted at id + 2, summed, filled at id + 1 */
                } else if (s) {
                    p.preds[p.at[s->id + 1]++] = bi;
                }
            }
        }
        if (pass == 0) {
            for (int i = 2; i <= n + 1; i++) {
                p.at[i] += p.at[i - 1];
            }
            p.preds = arena_alloc(a, sizeof(int) * (size_t)(p.at[n + 1] + 1));
        }
    }
    return p;
}

/* ---- one block's summary: live_in = gen | (live_out - kill) ---- */

typedef struct Summary {
    const PSet *gen, *kill;
} Summary;

typedef struct Walk {
    PSetStore *st;
    const IrFunc *f;
    RegFilter counted;
    char *state;            /* per register, during one block's walk: 0, GEN or KILL */
    IrReg *touched;         /* the registers whose state the walk set */
    int ntouched;
} Walk;
enum { GEN = 1, KILL = 2 };

static void mark(Walk *w, IrReg r, char s)
{
    if (r < 0 || !w->counted(w->f, r)) {
        return;
    }
    if (!w->state[r]) {
        w->touched[w->ntouched++] = r;
    }
    w->state[r] = s;
}

/* The touched registers in state which, as a set. */
static const PSet *collect(Walk *w, char which)
{
    const PSet *s = NULL;
    for (int i = 0; i < w->ntouched; i++) {
        if (w->state[w->touched[i]] == which) {
            s = pset_add(w->st, s, w->touched[i]);
        }
    }
    return s;
}

static Summary summarize(Walk *w, const IrBlock *b)
{
    w->ntouched = 0;
    for (int i = b->ops.len - 1; i >= 0; i--) {
        const IrOp *op = b->ops.data[i];
        mark(w, op->dst, KILL);   /* written here: not live above, unless read above */
        for (int k = 0; k < op->nouts; k++) {
            mark(w, op->outs[k], KILL);
        }
        for (int k = 0; k < op->nargs; k++) {
            mark(w, op->args[k], GEN);
        }
    }
    Summary s = {collect(w, GEN), collect(w, KILL)};
    for (int i = 0; i < w->ntouched; i++) {
        w->state[w->touched[i]] = 0;
    }
    return s;
}

static int block_size(const IrBlock *b)
{
    int n = 0;
    for (int i = 0; i < b->ops.len; i++) {
        n += 1 + b->ops.data[i]->nouts + b->ops.data[i]->nargs;
    }
    return n;
}

static bool is_exit(const IrBlock *b)
{
    IrOpKind k = b->ops.len ? b->ops.data[b->ops.len - 1]->kind : IR_RETURN;
    return k == IR_RETURN || k == IR_RETURN_ERROR;
}

Liveness pass_liveness(PSetStore *st, const IrFunc *f, RegFilter counted, const PSet *exit_live)
{
    Arena *a = st->arena;
    int n = f->blocks.len, biggest = 1;
    for (int bi = 0; bi < n; bi++) {
        int s = block_size(f->blocks.data[bi]);
        biggest = s > biggest ? s : biggest;
    }
    Walk w = {st, f, counted, arena_alloc(a, (size_t)f->regs.len + 1), arena_alloc(a, sizeof(IrReg) * (size_t)biggest), 0};
    Summary *sum = arena_alloc(a, sizeof(Summary) * (size_t)(n + 1));
    Liveness lv = {arena_alloc(a, sizeof(PSet *) * (size_t)(n + 1)), arena_alloc(a, sizeof(PSet *) * (size_t)(n + 1))};
    PredLists p = pass_pred_lists(a, f);
    int *stack = arena_alloc(a, sizeof(int) * (size_t)(n + 1)), len = 0;
    bool *queued = arena_alloc(a, (size_t)n + 1);
    for (int bi = 0; bi < n; bi++) {
        sum[bi] = summarize(&w, f->blocks.data[bi]);
        if (is_exit(f->blocks.data[bi])) {
            lv.out[bi] = exit_live;
        }
        stack[len++] = bi;   /* the last block popped first */
        queued[bi] = true;
    }
    while (len > 0) {
        int bi = stack[--len];
        queued[bi] = false;
        const IrBlock *b = f->blocks.data[bi];
        const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
        for (int k = 0; t && k < 2; k++) {
            const IrBlock *s = k == 0 ? t->target : t->target2;
            if (s) {
                lv.out[bi] = pset_union(st, lv.out[bi], lv.in[s->id]);
            }
        }
        const PSet *in = pset_union(st, pset_diff(st, lv.out[bi], sum[bi].kill), sum[bi].gen);
        in = pset_union(st, lv.in[bi], in);   /* sets only grow: the fixed point ends */
        if (in == lv.in[bi]) {
            continue;
        }
        lv.in[bi] = in;
        for (int q = p.at[bi]; q < p.at[bi + 1]; q++) {
            if (!queued[p.preds[q]]) {
                queued[p.preds[q]] = true;
                stack[len++] = p.preds[q];
            }
        }
    }
    return lv;
}
