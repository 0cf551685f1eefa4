/* liveness.c - sparse register sets (sorted arrays) and backward liveness with them. */
#include <stdlib.h>
#include <string.h>

#include "liveness.h"

bool regset_has(const RegSet *s, IrReg r)
{
    int lo = 0, hi = s->len;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (s->r[mid] < r) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < s->len && s->r[lo] == r;
}

/* Room for n members; grown by doubling, so the arena keeps at most twice the sets. */
void regset_reserve(Arena *a, RegSet *s, int n)
{
    if (n <= s->cap) {
        return;
    }
    int cap = s->cap ? s->cap : 4;
    while (cap < n) {
        cap *= 2;
    }
    IrReg *r = arena_alloc(a, sizeof(IrReg) * (size_t)cap);
    if (s->len) {
        memcpy(r, s->r, sizeof(IrReg) * (size_t)s->len);
    }
    s->r = r;
    s->cap = cap;
}

bool regset_union(Arena *a, RegSet *dst, const RegSet *src)
{
    int extra = 0;
    for (int i = 0, j = 0; j < src->len; j++) {
        while (i < dst->len && dst->r[i] < src->r[j]) {
            i++;
        }
        extra += i == dst->len || dst->r[i] != src->r[j];
    }
    if (extra == 0) {
        return false;   /* the usual case once a fixed point settles: nothing written */
    }
    int n = dst->len + extra;
    regset_reserve(a, dst, n);
    /* merge from the back, in place: exactly n members end at index 0 */
    for (int i = dst->len - 1, j = src->len - 1, k = n - 1; k >= 0; k--) {
        if (j < 0 || (i >= 0 && dst->r[i] > src->r[j])) {
            dst->r[k] = dst->r[i--];
        } else {
            if (i >= 0 && dst->r[i] == src->r[j]) {
                i--;
            }
            dst->r[k] = src->r[j--];
        }
    }
    dst->len = n;
    return true;
}

void regset_filter(Arena *a, RegSet *dst, const RegSet *x, const RegSet *y, bool keep_common)
{
    regset_reserve(a, dst, x->len);
    int n = 0;
    for (int i = 0, j = 0; i < x->len; i++) {
        while (j < y->len && y->r[j] < x->r[i]) {
            j++;
        }
        bool common = j < y->len && y->r[j] == x->r[i];
        if (common == keep_common) {
            dst->r[n++] = x->r[i];
        }
    }
    dst->len = n;
}

void regset_remove(RegSet *s, IrReg r)
{
    for (int i = 0; i < s->len; i++) {
        if (s->r[i] == r) {
            memmove(s->r + i, s->r + i + 1, sizeof(IrReg) * (size_t)(s->len - i - 1));
            s->len--;
            return;
        }
    }
}

static int reg_cmp(const void *x, const void *y)
{
    return *(const IrReg *)x - *(const IrReg *)y;
}

void regset_from(Arena *a, RegSet *s, IrReg *list, int n)
{
    if (n > 1) {   /* an empty list may be NULL, which qsort must not get */
        qsort(list, (size_t)n, sizeof(IrReg), reg_cmp);
    }
    regset_reserve(a, s, n);
    s->len = 0;
    for (int i = 0; i < n; i++) {
        if (s->len == 0 || s->r[s->len - 1] != list[i]) {
            s->r[s->len++] = list[i];
        }
    }
}

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
    RegSet gen, kill;
} Summary;

typedef struct Walk {
    Arena *a;
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

/* The members of the touched registers in state s, as a set. */
static void collect(Walk *w, RegSet *s, char which)
{
    regset_reserve(w->a, s, w->ntouched);
    int n = 0;
    for (int i = 0; i < w->ntouched; i++) {
        if (w->state[w->touched[i]] == which) {
            s->r[n++] = w->touched[i];
        }
    }
    regset_from(w->a, s, s->r, n);
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
    Summary s = {{0}, {0}};
    collect(w, &s.gen, GEN);
    collect(w, &s.kill, KILL);
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

Liveness pass_liveness(Arena *a, const IrFunc *f, RegFilter counted, const RegSet *exit_live)
{
    int n = f->blocks.len, biggest = 1;
    for (int bi = 0; bi < n; bi++) {
        int s = block_size(f->blocks.data[bi]);
        biggest = s > biggest ? s : biggest;
    }
    Walk w = {a, f, counted, arena_alloc(a, (size_t)f->regs.len + 1), arena_alloc(a, sizeof(IrReg) * (size_t)biggest), 0};
    Summary *sum = arena_alloc(a, sizeof(Summary) * (size_t)(n + 1));
    Liveness lv = {arena_alloc(a, sizeof(RegSet) * (size_t)(n + 1)), arena_alloc(a, sizeof(RegSet) * (size_t)(n + 1))};
    PredLists p = pass_pred_lists(a, f);
    int *stack = arena_alloc(a, sizeof(int) * (size_t)(n + 1)), len = 0;
    bool *queued = arena_alloc(a, (size_t)n + 1);
    for (int bi = 0; bi < n; bi++) {
        sum[bi] = summarize(&w, f->blocks.data[bi]);
        if (exit_live && is_exit(f->blocks.data[bi])) {
            regset_union(a, &lv.out[bi], exit_live);
        }
        stack[len++] = bi;   /* the last block popped first */
        queued[bi] = true;
    }
    RegSet scratch = {0};
    while (len > 0) {
        int bi = stack[--len];
        queued[bi] = false;
        const IrBlock *b = f->blocks.data[bi];
        const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
        for (int k = 0; t && k < 2; k++) {
            const IrBlock *s = k == 0 ? t->target : t->target2;
            if (s) {
                regset_union(a, &lv.out[bi], &lv.in[s->id]);
            }
        }
        regset_filter(a, &scratch, &lv.out[bi], &sum[bi].kill, false);
        regset_union(a, &scratch, &sum[bi].gen);
        if (!regset_union(a, &lv.in[bi], &scratch)) {
            continue;
        }
        for (int q = p.at[bi]; q < p.at[bi + 1]; q++) {
            if (!queued[p.preds[q]]) {
                queued[p.preds[q]] = true;
                stack[len++] = p.preds[q];
            }
        }
    }
    return lv;
}
