/* loops.c - natural loops and their preheaders, for the passes that move code out of
 * loops (licm.c, bounds.c).
 * A back-edge is an edge t -> h whose target dominates its source (dominators by the
 * Cooper-Harvey-Kennedy iteration over a reverse postorder, unwind edges counted as
 * edges); h's loop is h plus every block that reaches a source of such an edge without
 * passing h. Retreating edges to a block that does not dominate their source (an
 * irreducible cycle) make no loop: nothing is moved out of one.
 * Assumes: block ids are indices in f->blocks. */
#include <stdlib.h>
#include <string.h>
#include "pass.h"

static int succs(const IrBlock *b, IrBlock **out)
{
    int n = 0;
    const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
    if (t && ir_op_is_terminator(t->kind)) {
        if (t->target) {
            out[n++] = t->target;
        }
        if (t->target2 && t->target2 != t->target) {
            out[n++] = t->target2;
        }
    }
    if (b->unwind) {
        out[n++] = b->unwind;
    }
    return n;
}

/* Reverse postorder of the blocks reached from the entry; rpo_index[id] = -1 unreached. */
static int reverse_postorder(Ctx *ctx, const IrFunc *f, int *order, int *rpo_index)
{
    int n = f->blocks.len, done = 0, sp = 0;
    int *stack = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    int *next = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    char *seen = arena_alloc(&ctx->arena, (size_t)n + 1);
    stack[sp++] = 0;
    seen[0] = 1;
    while (sp > 0) {
        int b = stack[sp - 1];
        IrBlock *s[3];
        int ns = succs(f->blocks.data[b], s);
        if (next[b] < ns) {
            int t = s[next[b]++]->id;
            if (!seen[t]) {
                seen[t] = 1;
                stack[sp++] = t;
            }
            continue;
        }
        order[n - 1 - done++] = b;   /* postorder, filled from the back */
        sp--;
    }
    memmove(order, order + (n - done), sizeof(int) * (size_t)done);
    for (int i = 0; i < n; i++) {
        rpo_index[i] = -1;
    }
    for (int i = 0; i < done; i++) {
        rpo_index[order[i]] = i;
    }
    return done;
}

PassPreds pass_predecessors(Ctx *ctx, const IrFunc *f)
{
    int n = f->blocks.len;
    PassPreds p;
    p.start = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 2));
    int *fill = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    IrBlock *s[3];
    for (int b = 0; b < n; b++) {
        int ns = succs(f->blocks.data[b], s);
        for (int k = 0; k < ns; k++) {
            p.start[s[k]->id + 1]++;
        }
    }
    for (int b = 0; b < n; b++) {
        p.start[b + 1] += p.start[b];
    }
    p.list = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(p.start[n] + 1));
    for (int b = 0; b < n; b++) {
        int ns = succs(f->blocks.data[b], s);
        for (int k = 0; k < ns; k++) {
            int t = s[k]->id;
            p.list[p.start[t] + fill[t]++] = b;
        }
    }
    return p;
}

static int intersect(const int *idom, const int *rpo_index, int a, int b)
{
    while (a != b) {
        while (rpo_index[a] > rpo_index[b]) {
            a = idom[a];
        }
        while (rpo_index[b] > rpo_index[a]) {
            b = idom[b];
        }
    }
    return a;
}

static int *dominators(Ctx *ctx, const IrFunc *f, const PassPreds *p, const int *order, int nrpo, const int *rpo_index)
{
    int *idom = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->blocks.len + 1));
    for (int i = 0; i < f->blocks.len; i++) {
        idom[i] = -1;
    }
    idom[0] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 1; i < nrpo; i++) {
            int b = order[i], d = -1;
            for (int k = p->start[b]; k < p->start[b + 1]; k++) {
                int q = p->list[k];
                if (idom[q] >= 0) {
                    d = d < 0 ? q : intersect(idom, rpo_index, q, d);
                }
            }
            if (d != idom[b]) {
                idom[b] = d;
                changed = true;
            }
        }
    }
    return idom;
}

static bool dominates(const int *idom, int a, int b)
{
    while (b != a && b != 0) {
        b = idom[b];
    }
    return b == a;
}

/* Where each block's innermost loop is and which loop is around each: what makes
 * pass_in_loop cost the nesting depth, not a per-loop array of every block. */
struct PassLoopNest {
    VEC(int) innermost; /* per block id: its innermost loop's index, -1 (blocks made
                         * later: pass_loop_adopt) */
    int *parent;        /* per loop: the innermost loop around it, -1 */
    bool *handler;      /* per block id as found: entered by unwinding */
    int nfound;         /* the blocks there were */
    PassPreds preds;    /* as found: the outside jumps into a head, for its preheader */
};

static int by_id(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* The body of head h's loop: h and what reaches a back-edge source without passing h.
 * mark: scratch per block id, all false on entry and on return. */
static void loop_body(Ctx *ctx, const PassPreds *p, const int *idom, PassLoop *l, bool *mark)
{
    int h = l->head->id;
    vec_push(&ctx->arena, &l->blocks, h);
    mark[h] = true;
    for (int k = p->start[h]; k < p->start[h + 1]; k++) {
        int q = p->list[k];
        if (dominates(idom, h, q) && !mark[q]) {
            mark[q] = true;
            vec_push(&ctx->arena, &l->blocks, q);
        }
    }
    for (int at = 1; at < l->blocks.len; at++) {   /* the list is the work stack */
        int b = l->blocks.data[at];
        for (int k = p->start[b]; k < p->start[b + 1]; k++) {
            int q = p->list[k];
            if (!mark[q] && idom[q] >= 0) {
                mark[q] = true;
                vec_push(&ctx->arena, &l->blocks, q);
            }
        }
    }
    for (int at = 0; at < l->blocks.len; at++) {
        mark[l->blocks.data[at]] = false;
    }
    qsort(l->blocks.data, (size_t)l->blocks.len, sizeof(int), by_id);   /* the passes visit in block order */
}

static int by_size(const void *a, const void *b)
{
    const PassLoop *x = a, *y = b;
    return x->blocks.len != y->blocks.len ? x->blocks.len - y->blocks.len : x->head->id - y->head->id;
}

/* Innermost loops and parents, smallest loops first: a block's first loop is its
 * innermost, and a loop's parent is the first later loop holding its head (natural
 * loops of distinct heads are nested or disjoint). */
static void build_nest(Ctx *ctx, const IrFunc *f, PassLoopVec *loops, PassLoopNest *nest)
{
    int n = nest->nfound = f->blocks.len;
    nest->parent = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(loops->len + 1));
    nest->handler = arena_alloc(&ctx->arena, (size_t)n + 1);
    for (int b = 0; b < n; b++) {
        vec_push(&ctx->arena, &nest->innermost, -1);
    }
    for (int b = 0; b < f->blocks.len; b++) {
        if (f->blocks.data[b]->unwind) {
            nest->handler[f->blocks.data[b]->unwind->id] = true;
        }
    }
    for (int i = 0; i < loops->len; i++) {
        PassLoop *l = &loops->data[i];
        l->index = i;
        l->nest = nest;
        nest->parent[i] = -1;
        for (int at = 0; at < l->blocks.len; at++) {
            int b = l->blocks.data[at], k = nest->innermost.data[b];
            if (k < 0) {
                nest->innermost.data[b] = i;
                continue;
            }
            while (nest->parent[k] >= 0 && nest->parent[k] != i) {
                k = nest->parent[k];
            }
            if (k != i) {
                nest->parent[k] = i;
            }
        }
    }
}

PassLoopVec pass_find_loops(Ctx *ctx, IrFunc *f)
{
    PassLoopVec loops = {0};
    int n = f->blocks.len;
    if (n == 0) {
        return loops;
    }
    int *order = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    int *rpo_index = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    int nrpo = reverse_postorder(ctx, f, order, rpo_index);
    PassPreds p = pass_predecessors(ctx, f);
    int *idom = dominators(ctx, f, &p, order, nrpo, rpo_index);
    bool *mark = arena_alloc(&ctx->arena, (size_t)n + 1);
    for (int h = 1; h < n; h++) {
        bool head = false;
        for (int k = p.start[h]; k < p.start[h + 1] && idom[h] >= 0; k++) {
            /* a dominator comes first in reverse postorder: a forward edge is no
             * back-edge, and its source's dominator chain (as long as the function)
             * is not walked */
            int q = p.list[k];
            head |= idom[q] >= 0 && rpo_index[h] <= rpo_index[q] && dominates(idom, h, q);
        }
        if (head) {
            PassLoop l = {.head = f->blocks.data[h]};
            loop_body(ctx, &p, idom, &l, mark);
            vec_push(&ctx->arena, &loops, l);
        }
    }
    if (loops.len > 1) {
        qsort(loops.data, (size_t)loops.len, sizeof(PassLoop), by_size);
    }
    PassLoopNest *nest = ARENA_NEW(&ctx->arena, PassLoopNest);
    nest->preds = p;
    build_nest(ctx, f, &loops, nest);
    return loops;
}

bool pass_in_loop(const PassLoop *l, int b)
{
    const PassLoopNest *nest = l->nest;
    for (int k = b < nest->innermost.len ? nest->innermost.data[b] : -1; k >= 0; k = nest->parent[k]) {
        if (k == l->index) {
            return true;
        }
    }
    return false;
}

bool pass_loop_handler(const PassLoop *l, int b)
{
    return b < l->nest->nfound && l->nest->handler[b];
}

const PassLoop *pass_innermost_loop(const PassLoopVec *loops, int b)
{
    const PassLoopNest *nest = loops->len ? loops->data[0].nest : NULL;
    int k = nest && b < nest->innermost.len ? nest->innermost.data[b] : -1;
    return k >= 0 ? &loops->data[k] : NULL;
}

IrBlock *pass_loop_preheader(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l)
{
    if (l->pre) {
        return l->pre;
    }
    IrBlock *h = l->head;
    PassLoopNest *nest = l->nest;
    if (h->id >= nest->nfound || pass_loop_handler(l, h->id)) {
        return NULL;
    }
    IrBlock *pre = ir_new_block(ctx, f);
    pre->unwind = h->unwind;
    IrOp *go = ir_new_op(ctx, IR_GOTO, h->ops.data[0]->line, -1, 0);
    go->target = h;
    vec_push(&ctx->arena, &pre->ops, go);
    const PassPreds *p = &nest->preds;
    for (int k = p->start[h->id]; k < p->start[h->id + 1]; k++) {   /* jumps in from outside now enter pre */
        IrBlock *blk = f->blocks.data[p->list[k]];
        IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (!pass_in_loop(l, blk->id) && ir_op_is_terminator(t->kind)) {
            t->target = t->target == h ? pre : t->target;
            t->target2 = t->target2 == h ? pre : t->target2;
        }
    }
    pass_loop_adopt(ctx, loops, l, pre);   /* pre lies in every loop around h's */
    l->pre = pre;
    return pre;
}

void pass_loop_adopt(Ctx *ctx, PassLoopVec *loops, const PassLoop *l, const IrBlock *b)
{
    PassLoopNest *nest = l->nest;
    while (nest->innermost.len <= b->id) {
        vec_push(&ctx->arena, &nest->innermost, -1);
    }
    int around = nest->parent[l->index];
    nest->innermost.data[b->id] = around;
    for (int k = around; k >= 0; k = nest->parent[k]) {
        vec_push(&ctx->arena, &loops->data[k].blocks, b->id);
    }
}

bool pass_loop_writes(const IrFunc *f, const PassLoop *l, IrReg r)
{
    for (int at = 0; at < l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            if (pass_op_writes(blk->ops.data[j], r)) {
                return true;
            }
        }
    }
    return false;
}
