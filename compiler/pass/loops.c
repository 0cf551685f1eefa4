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

/* The body of head h's loop: h and what reaches a back-edge source without passing h. */
static void loop_body(Ctx *ctx, const IrFunc *f, const PassPreds *p, const int *idom, PassLoop *l, int cap)
{
    int n = f->blocks.len, h = l->head->id, sp = 0;
    l->in = arena_alloc(&ctx->arena, (size_t)cap);
    int *stack = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    l->in[h] = true;
    l->size = 1;
    for (int k = p->start[h]; k < p->start[h + 1]; k++) {
        int q = p->list[k];
        if (dominates(idom, h, q) && !l->in[q]) {
            l->in[q] = true;
            l->size++;
            stack[sp++] = q;
        }
    }
    while (sp > 0) {
        int b = stack[--sp];
        for (int k = p->start[b]; k < p->start[b + 1]; k++) {
            int q = p->list[k];
            if (!l->in[q] && idom[q] >= 0) {
                l->in[q] = true;
                l->size++;
                stack[sp++] = q;
            }
        }
    }
}

static int by_size(const void *a, const void *b)
{
    const PassLoop *x = a, *y = b;
    return x->size != y->size ? x->size - y->size : x->head->id - y->head->id;
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
            loop_body(ctx, f, &p, idom, &l, n + n + 1);   /* room for a preheader per loop */
            vec_push(&ctx->arena, &loops, l);
        }
    }
    if (loops.len > 1) {
        qsort(loops.data, (size_t)loops.len, sizeof(PassLoop), by_size);
    }
    return loops;
}

/* Is the head an exception handler (entered by unwinding, not by a jump)? */
static bool is_handler(const IrFunc *f, const IrBlock *h)
{
    for (int b = 0; b < f->blocks.len; b++) {
        if (f->blocks.data[b]->unwind == h) {
            return true;
        }
    }
    return false;
}

IrBlock *pass_loop_preheader(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l)
{
    if (l->pre) {
        return l->pre;
    }
    IrBlock *h = l->head;
    if (is_handler(f, h)) {
        return NULL;
    }
    IrBlock *pre = ir_new_block(ctx, f);
    pre->unwind = h->unwind;
    IrOp *go = ir_new_op(ctx, IR_GOTO, h->ops.data[0]->line, -1, 0);
    go->target = h;
    vec_push(&ctx->arena, &pre->ops, go);
    int n = f->blocks.len - 1;
    for (int b = 0; b < n; b++) {   /* every jump into h from outside now enters pre */
        IrBlock *blk = f->blocks.data[b];
        IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (!l->in[b] && ir_op_is_terminator(t->kind)) {
            t->target = t->target == h ? pre : t->target;
            t->target2 = t->target2 == h ? pre : t->target2;
        }
    }
    for (int i = 0; i < loops->len; i++) {   /* pre lies in every loop around h's */
        PassLoop *o = &loops->data[i];
        if (o != l && o->in[h->id]) {
            o->in[pre->id] = true;
            o->size++;
        }
    }
    l->pre = pre;
    return pre;
}

bool pass_loop_writes(const IrFunc *f, const PassLoop *l, IrReg r)
{
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; l->in[b] && j < blk->ops.len; j++) {
            if (pass_op_writes(blk->ops.data[j], r)) {
                return true;
            }
        }
    }
    return false;
}
