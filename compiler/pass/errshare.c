/* errshare.c - error handlers that do the same work share one block.
 * Precondition: error branches and reference counts inserted (the last passes).
 * A handler (pass_error_branches) then releases the slots that may hold a reference,
 * adds a traceback entry for its op's line and jumps on. A function has one handler per
 * op that can fail, and most of them release the same slots: the C compiler spent a
 * third of its time on a typed function compiling them. Handlers that differ only in
 * their line become "line register = N; goto shared", and the shared block adds the
 * traceback entry for the line the register holds. A handler of an op inside a
 * comprehension's (or an inlined body's) frame adds that frame's entry first and the
 * enclosing ones after: only the first entry's line varies, the others (the frames'
 * call lines) belong to the shape. Tracebacks, releases and their order do not change. The module body is left as it is: it is cut into chunks between
 * which no register may be live (emit_chunks.c). */
#include <string.h>
#include "pass.h"

typedef struct Shape {
    IrBlock *b;
    unsigned long hash;      /* of the ops but the traceback's line */
    const IrOp *tb;          /* the traceback op, or NULL */
    IrBlock *shared;         /* the block all handlers of this shape jump to */
    int count;               /* handlers of this shape */
} Shape;

/* Is b a handler of decrefs, clears, tracebacks (of constant lines) and a goto? */
static bool plain_handler(const IrBlock *b)
{
    if (!b->is_error_handler) {
        return false;
    }
    for (int i = 0; i + 1 < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        if (op->kind == IR_TRACEBACK ? op->nargs != 0 : op->kind != IR_DECREF && op->kind != IR_CLEAR) {
            return false;
        }
    }
    return b->ops.data[b->ops.len - 1]->kind == IR_GOTO;
}

static unsigned long mix(unsigned long h, unsigned long v)
{
    return (h ^ v) * 1099511628211UL;
}

static unsigned long shape_hash(const IrBlock *b)
{
    unsigned long h = 14695981039346656037UL;
    bool first = true;
    for (int i = 0; i < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        h = mix(h, (unsigned long)op->kind);
        h = mix(h, op->nargs ? (unsigned long)op->args[0] : 0UL);
        if (op->kind == IR_TRACEBACK) {   /* its frame; the line and range but the first entry's */
            h = mix(h, (unsigned long)(uintptr_t)op->u.callee);
            h = mix(h, first ? 0UL : (unsigned long)ir_traceback_where(op->line, op->pos));
            first = false;
        }
    }
    return mix(h, (unsigned long)(uintptr_t)b->ops.data[b->ops.len - 1]->target);
}

static bool same_shape(const IrBlock *a, const IrBlock *b)
{
    if (a->ops.len != b->ops.len || a->unwind != b->unwind) {
        return false;
    }
    bool first = true;
    for (int i = 0; i < a->ops.len; i++) {
        const IrOp *x = a->ops.data[i], *y = b->ops.data[i];
        if (x->kind != y->kind || x->nargs != y->nargs || (x->nargs && x->args[0] != y->args[0])
            || x->target != y->target) {
            return false;
        }
        if (x->kind == IR_TRACEBACK) {
            if (x->u.callee != y->u.callee ||
                (!first && ir_traceback_where(x->line, x->pos) != ir_traceback_where(y->line, y->pos))) {
                return false;
            }
            first = false;
        }
    }
    return true;
}

static const IrOp *traceback_of(const IrBlock *b)
{
    for (int i = 0; i < b->ops.len; i++) {
        if (b->ops.data[i]->kind == IR_TRACEBACK) {
            return b->ops.data[i];
        }
    }
    return NULL;
}

/* The block every handler of first's shape jumps to: first's ops, its traceback
 * reading the line from line_reg. */
static IrBlock *make_shared(Ctx *ctx, IrFunc *f, const IrBlock *first, IrReg line_reg)
{
    IrBlock *s = ir_new_block(ctx, f);
    s->is_error_handler = true;
    s->unwind = first->unwind;
    const IrOp *tb0 = traceback_of(first);
    for (int i = 0; i < first->ops.len; i++) {
        IrOp *op = first->ops.data[i];
        if (op == tb0) {
            IrOp *tb = ir_new_op(ctx, IR_TRACEBACK, op->line, -1, 1);
            tb->args[0] = line_reg;
            tb->u.callee = op->u.callee;
            op = tb;
        }
        ir_append(ctx, s, op);
    }
    return s;
}

/* b becomes "line_reg = its line; goto shared". */
static void redirect(Ctx *ctx, IrBlock *b, const IrOp *tb, IrBlock *shared, IrReg line_reg)
{
    const IrOp *last = b->ops.data[b->ops.len - 1];
    b->ops.len = 0;
    if (tb) {
        ir_append(ctx, b, ir_where_const(ctx, tb->line, tb->pos, line_reg));
    }
    IrOp *go = ir_new_op(ctx, IR_GOTO, last->line, -1, 0);
    go->target = shared;
    ir_append(ctx, b, go);
}

/* Groups the handlers by shape (open addressing on the hash). */
static Shape **group(Ctx *ctx, Shape *shapes, int n)
{
    int cap = 16;
    while (cap < 2 * n) {
        cap *= 2;
    }
    Shape **table = arena_alloc(&ctx->arena, sizeof(Shape *) * (size_t)cap);
    Shape **rep = arena_alloc(&ctx->arena, sizeof(Shape *) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        Shape *s = &shapes[i];
        int at = (int)(s->hash & (unsigned long)(cap - 1));
        while (table[at] && !(table[at]->hash == s->hash && same_shape(table[at]->b, s->b))) {
            at = (at + 1) & (cap - 1);
        }
        if (!table[at]) {
            table[at] = s;
        }
        rep[i] = table[at];
        rep[i]->count++;
    }
    return rep;
}

void pass_share_errors(Ctx *ctx, IrFunc *f)
{
    if (f->is_module_init) {
        return;
    }
    int nblocks = f->blocks.len;
    Shape *shapes = arena_alloc(&ctx->arena, sizeof(Shape) * (size_t)(nblocks + 1));
    int n = 0;
    for (int i = 0; i < nblocks; i++) {
        IrBlock *b = f->blocks.data[i];
        if (plain_handler(b) && (b->ops.len > 2 || traceback_of(b))) {
            shapes[n++] = (Shape){b, shape_hash(b), traceback_of(b), NULL, 0};
        }
    }
    Shape **rep = group(ctx, shapes, n);
    IrReg line_reg = -1;
    for (int i = 0; i < n; i++) {
        Shape *r = rep[i];
        if (r->count < 2) {
            continue;
        }
        if (line_reg < 0) {
            line_reg = ir_new_reg(ctx, f, RT_I64, NULL);
        }
        if (!r->shared) {
            r->shared = make_shared(ctx, f, r->b, line_reg);
        }
        redirect(ctx, shapes[i].b, shapes[i].tb, r->shared, line_reg);
    }
}
