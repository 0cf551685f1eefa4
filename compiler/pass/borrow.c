/* borrow.c - accessor results read without taking a reference (issue 19).
 *
 * `self.output().value = self.input().value` (deltablue): input() and output() return a
 * field of self, and the caller only reads and writes an int field of what they return;
 * taking a reference on return and dropping it after the read costs every call. Here
 * such a call's result is borrowed when both sides allow it:
 *
 * The callee (IrFunc.borrow_entry): a frameless-leaf candidate (clean_body, inline_body,
 * self's check taken) whose returns each return an object field of self read by the op
 * just before (that FIELD_GET gets borrow1 = -1), with no store or call in the body. The
 * emitter gives it pyc2c_nativetskb_<c>(..., char *pyc2c_owned): on the fast path (check
 * held, frame room, field set) it returns the slot's object without a reference and sets
 * *pyc2c_owned = 0; on every other path *pyc2c_owned = 1 and it returns what the counted
 * body returns (a new reference, or NULL with an exception).
 *
 * The caller: `R0 = call f(...)` whose only use is `R1 = move R0` in the success block of
 * its errbranch, after class checks only (so nothing is released before the move and R1
 * holds nothing there), R1 not a Python local (those are held until rebound). The call
 * gets the flag (`owned %F`) and a branch on it: owned, the original errbranch and
 * blocks; borrowed, a copy of the blocks from the move to R1's release, without the
 * release. Proof, local: on every path from the move to R1's release each op runs no
 * Python code and frees nothing (class_of/class_keep, const, clear, branches, moves and
 * releases of tagged ints, `is` / `is None`, FIELD_GET and non-object FIELD_SET of R1
 * under a check; none allocates, so no collection runs a finalizer either), so
 * the holder (self of the callee, kept by the caller) still holds R1's object. The field
 * ops run Python code only off their fast path (a failed check, an unset field): in the
 * copy each first tests it (FIELD_FAST) and, off it, takes a reference and goes on at
 * the same op in the original blocks (split there), where R1 is owned and released as
 * before. Anything else on such a path leaves the call as it was.
 *
 * An object field read, `R0 = field_get o, K` then `errbranch R0` (`self.p.n`), is the
 * same with the field op's own fast path as the test: where K holds and the field is
 * set, R0 is the slot's object without a reference (`borrowed fast`), which o keeps (o
 * is released nowhere on the walk), and the copy of the region after it runs.
 * Runs last, after inline.c (the callee's inline_body), on the IR the emitter prints. */
#include <string.h>
#include "pass.h"

/* ---- the callee ---- */

static bool is_release(const IrOp *op)
{
    return op->kind == IR_DECREF || op->kind == IR_CLEAR;
}

/* The op defining r in block b before index i, when it is an object FIELD_GET of param 0
 * and only releases of other registers (tagged ints) or clears lie between. */
static IrOp *returned_read(const IrFunc *f, const IrBlock *b, int i, IrReg r)
{
    for (int j = i - 1; j >= 0; j--) {
        IrOp *op = b->ops.data[j];
        if (op->dst == r) {
            return op->kind == IR_FIELD_GET && op->u.field.kind == IRF_OBJ && op->args[0] == 0 && op->nargs == 2
                       ? op : NULL;
        }
        if (!is_release(op) || (op->kind == IR_DECREF && f->regs.data[op->args[0]].rt != RT_INT)) {
            return NULL;
        }
    }
    return NULL;
}

/* Follows an errbranch's success edge back: the read may end the block before. */
static IrOp *read_before(const IrFunc *f, const IrBlock *b, int i, IrReg r)
{
    IrOp *op = returned_read(f, b, i, r);
    if (op || i > 0) {
        return op;
    }
    for (int p = 0; p < f->blocks.len; p++) {   /* the block whose errbranch leads here */
        const IrBlock *pb = f->blocks.data[p];
        const IrOp *t = pb->ops.len ? pb->ops.data[pb->ops.len - 1] : NULL;
        if (t && t->kind == IR_ERRBRANCH && t->target2 == b && t->args[0] == r) {
            return returned_read(f, pb, pb->ops.len - 1, r);
        }
    }
    return NULL;
}

static bool mark_accessor(IrFunc *f)
{
    if (!f->clean_body || !f->inline_body || f->self_k1 <= 0 || f->generator || f->ret != RT_OBJ ||
        f->params.len < 1 || f->nsplit > 1 || f->nfree > 0) {
        return false;
    }
    int reads = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_FIELD_SET || op->kind == IR_CALL || op->kind == IR_INCREF) {
                return false;
            }
            if (op->kind == IR_RETURN) {
                if (!read_before(f, blk, i, op->args[0])) {
                    return false;
                }
                reads++;
            }
        }
    }
    if (reads == 0) {
        return false;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_RETURN) {
                read_before(f, blk, i, op->args[0])->borrow1 = -1;
            }
        }
    }
    f->borrow_entry = true;
    return true;
}

/* ---- the caller ---- */

typedef struct Walk {
    const IrFunc *f;
    IrReg r1;
    char *seen;       /* per block id: walked from its start */
    bool ok;
    bool exact_list;  /* r1 is an exact list (the field's fast test says so) */
} Walk;

/* A read of the exact list r1 (an item by index, its length): on an exact list these
 * run no Python code and allocate nothing on success; a failing one makes its
 * IndexError once done with the list, or its TypeError holding the item it names
 * (Pyc2cInt_UnboxItemFail: a collection there may run a finalizer that drops the list),
 * and the walk still requires r1's release before any later use. */
static bool list_read_of(const IrOp *op, IrReg r1)
{
    static const char *const reads[] = {"list_get", "list_get_int", "list_len"};
    if (op->nargs < 1 || op->args[0] != r1) {
        return false;
    }
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        if (strcmp(op->u.prim->name, reads[i]) == 0) {
            for (int k = 1; k < op->nargs; k++) {
                if (op->args[k] == r1) {
                    return false;
                }
            }
            return true;
        }
    }
    return false;
}

/* FIELD_GET / FIELD_SET of r1 under a check: Python code runs only off their fast path. */
static bool field_op_on(const IrOp *op, IrReg r1)
{
    return op->args && op->args[0] == r1 &&
           ((op->kind == IR_FIELD_GET && op->nargs == 2) ||
            (op->kind == IR_FIELD_SET && op->nargs == 3 && op->u.field.kind != IRF_OBJ));
}

/* An op that runs no Python code and frees nothing R1's holder may own (its fast path,
 * for the field ops on R1, which the copy guards). */
static bool safe_op(const Walk *w, const IrOp *op)
{
    const IrFunc *f = w->f;
    switch (op->kind) {
    case IR_CLASS_OF: case IR_CLASS_KEEP: case IR_CONST: case IR_CLEAR:
    case IR_GOTO: case IR_BRANCH: case IR_ERRBRANCH:
        return true;
    case IR_MOVE: case IR_DECREF:
        return op->args[0] != w->r1 && f->regs.data[op->args[0]].rt == RT_INT;
    case IR_PRIM:   /* identity tests: a compare of pointers */
        return strcmp(op->u.prim->name, "obj_is_none") == 0 || strcmp(op->u.prim->name, "obj_is") == 0 ||
               (w->exact_list && list_read_of(op, w->r1));
    default:
        return field_op_on(op, w->r1);
    }
}

static bool uses(const IrOp *op, IrReg r)
{
    for (int i = 0; i < op->nargs; i++) {
        if (op->args[i] == r) {
            return true;
        }
    }
    return false;
}

/* Every path from block b's op i on reaches R1's release through safe ops only. */
static void walk_from(Walk *w, const IrBlock *b, int i)
{
    for (; w->ok && i < b->ops.len; i++) {
        const IrOp *op = b->ops.data[i];
        if (op->kind == IR_DECREF && op->args[0] == w->r1) {
            return;   /* released: its value is used no more */
        }
        if (op->dst == w->r1 || !safe_op(w, op) || (op->kind == IR_ERRBRANCH && uses(op, w->r1))) {
            w->ok = false;
            return;
        }
    }
    const IrOp *t = b->ops.data[b->ops.len - 1];
    const IrBlock *next[2] = {t->target, t->target2};
    for (int k = 0; k < 2 && w->ok; k++) {
        if (next[k] && !w->seen[next[k]->id]) {
            w->seen[next[k]->id] = 1;
            walk_from(w, next[k], 0);
        }
    }
}

/* R0's uses other than releases (its errbranch and the move), and its definitions. */
static int count_uses(const IrFunc *f, IrReg r, int *defs)
{
    int n = 0;
    *defs = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            n += !is_release(op) && uses(op, r);
            *defs += op->dst == r;
        }
    }
    return n;
}

/* Block ids past every pass so far are not dense (cfg, errshare drop blocks): a new
 * block takes one more than the largest. */
static IrBlock *new_block_like(Ctx *ctx, IrFunc *f, const IrBlock *like)
{
    int id = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        id = f->blocks.data[b]->id >= id ? f->blocks.data[b]->id + 1 : id;
    }
    IrBlock *nb = ir_new_block(ctx, f);
    nb->id = id;
    nb->unwind = like->unwind;
    nb->loop_copy = like->loop_copy;
    return nb;
}

static IrOp *goto_op(Ctx *ctx, IrBlock *to, int line)
{
    IrOp *g = ir_new_op(ctx, IR_GOTO, line, -1, 0);
    g->target = to;
    return g;
}

/* Block b's ops from i on move to a new block, which b now goes to. */
static void split_at(Ctx *ctx, IrFunc *f, IrBlock *b, int i)
{
    IrBlock *tail = new_block_like(ctx, f, b);
    for (int j = i; j < b->ops.len; j++) {
        vec_push(&ctx->arena, &tail->ops, b->ops.data[j]);
    }
    tail->strip_edge = b->strip_edge;
    b->strip_edge = false;
    b->ops.len = i;
    vec_push(&ctx->arena, &b->ops, goto_op(ctx, tail, tail->ops.data[0]->line));
}

static int max_id(const IrFunc *f)
{
    int id = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        id = f->blocks.data[b]->id > id ? f->blocks.data[b]->id : id;
    }
    return id;
}

/* Walks from the move; splits blocks so that each field op on R1 starts its block (the
 * borrowed copy leaves for the original there). false: a path is not safe. */
static bool walk_and_split(Ctx *ctx, IrFunc *f, Walk *w, IrBlock *ok, int at)
{
    for (;;) {
        w->seen = arena_alloc(&ctx->arena, (size_t)max_id(f) + 1);
        w->ok = true;
        walk_from(w, ok, at + 1);
        if (!w->ok) {
            return false;
        }
        bool split = false;
        for (int b = 0; b < f->blocks.len && !split; b++) {
            IrBlock *blk = f->blocks.data[b];
            if (!w->seen[blk->id] && blk != ok) {
                continue;
            }
            for (int i = blk == ok ? at + 1 : 1; i < blk->ops.len && !split; i++) {   /* at -1: ok from 0 */
                if (field_op_on(blk->ops.data[i], w->r1)) {
                    split_at(ctx, f, blk, i);
                    split = true;
                }
            }
        }
        if (!split) {
            return true;
        }
    }
}

/* The borrowed copy of the region (ok and the blocks walked): R1's releases dropped;
 * a field op on R1 first tests its fast path, and off it takes a reference and goes on
 * in the original block, where R1 is owned. */
static IrBlock *copy_region(Ctx *ctx, IrFunc *f, const Walk *w, IrBlock *ok)
{
    int n = f->blocks.len, ids = max_id(f) + 1;
    IrBlock **copy = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)ids);
    for (int b = 0; b < n; b++) {
        IrBlock *blk = f->blocks.data[b];
        if (w->seen[blk->id] || blk == ok) {
            copy[blk->id] = new_block_like(ctx, f, blk);
        }
    }
    for (int b = 0; b < n; b++) {
        IrBlock *blk = f->blocks.data[b], *out = copy[blk->id];
        if (!out) {
            continue;
        }
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (i == 0 && blk != ok && field_op_on(op, w->r1)) {
                IrReg fast = ir_new_reg(ctx, f, RT_BOOL, NULL);
                IrOp *test = ir_new_op(ctx, IR_FIELD_FAST, op->line, fast, 2);
                test->args[0] = w->r1;
                test->args[1] = op->args[op->nargs - 1];
                test->u.field = op->u.field;
                test->borrow1 = op->kind == IR_FIELD_SET;
                IrBlock *promote = new_block_like(ctx, f, blk), *rest = new_block_like(ctx, f, blk);
                IrOp *inc = ir_new_op(ctx, IR_INCREF, op->line, -1, 1);
                inc->args[0] = w->r1;
                inc->u.refcount.nonnull = true;
                vec_push(&ctx->arena, &promote->ops, inc);
                vec_push(&ctx->arena, &promote->ops, goto_op(ctx, blk, op->line));
                IrOp *br = ir_new_op(ctx, IR_BRANCH, op->line, -1, 1);
                br->args[0] = fast;
                br->target = rest;
                br->target2 = promote;
                vec_push(&ctx->arena, &out->ops, test);
                vec_push(&ctx->arena, &out->ops, br);
                out = rest;
            }
            if (op->kind == IR_DECREF && op->args[0] == w->r1) {
                continue;
            }
            IrOp *c = ir_copy_op(ctx, op);
            for (int k = 0; k < 2; k++) {
                IrBlock **t = k ? &c->target2 : &c->target;
                if (*t && (*t)->id < ids && copy[(*t)->id]) {
                    *t = copy[(*t)->id];
                }
            }
            vec_push(&ctx->arena, &out->ops, c);
        }
    }
    return copy[ok->id];
}

static void try_call(Ctx *ctx, IrFunc *f, IrBlock *b, int i)
{
    IrOp *call = b->ops.data[i];
    IrOp *t = b->ops.data[b->ops.len - 1];
    IrReg r0 = call->dst;
    if (i + 2 != b->ops.len || t->kind != IR_ERRBRANCH || t->args[0] != r0 || !t->target2) {
        return;
    }
    IrBlock *ok = t->target2;
    int at = 0;   /* the move, after class checks kept or made (classchecks.c) */
    while (at < ok->ops.len && (ok->ops.data[at]->kind == IR_CLASS_KEEP || ok->ops.data[at]->kind == IR_CLASS_OF)) {
        at++;
    }
    if (ok->ops.len < at + 2 || ok == b) {
        return;
    }
    IrOp *move = ok->ops.data[at];
    IrReg r1 = move->dst;
    int defs;
    if (move->kind != IR_MOVE || move->args[0] != r0 || r1 < 0 || f->regs.data[r1].frame_held ||
        count_uses(f, r0, &defs) != 2 || defs != 1) {
        return;
    }
    Walk w = {f, r1, NULL, true, false};
    if (!walk_and_split(ctx, f, &w, ok, at)) {
        return;
    }
    IrBlock *borrowed = copy_region(ctx, f, &w, ok);
    /* b: the call tells whether it borrowed; owned (or failed): the original errbranch */
    IrReg owned = ir_new_reg(ctx, f, RT_BOOL, NULL);
    call->borrow1 = owned + 1;
    IrBlock *was = new_block_like(ctx, f, b);
    vec_push(&ctx->arena, &was->ops, t);
    IrOp *br = ir_new_op(ctx, IR_BRANCH, t->line, -1, 1);
    br->args[0] = owned;
    br->target = was;
    br->target2 = borrowed;
    b->ops.data[b->ops.len - 1] = br;
}

/* A read whose fast test (FIELD_FAST) is b's last op but one: the borrowed read (the
 * slot's object), then, for a list, its move to the cast's register, and the copy. */
static void branch_to_copy(Ctx *ctx, IrFunc *f, IrBlock *b, int i, IrBlock *borrowed, IrOp *cast)
{
    IrOp *get = b->ops.data[i];
    IrOp *t = b->ops.data[b->ops.len - 1];
    IrBlock *owned = new_block_like(ctx, f, b), *read = new_block_like(ctx, f, b);
    vec_push(&ctx->arena, &owned->ops, get);
    vec_push(&ctx->arena, &owned->ops, t);
    owned->strip_edge = b->strip_edge;
    b->strip_edge = false;
    b->ops.len = i;
    IrOp *slot = ir_copy_op(ctx, get);
    slot->borrow1 = -2;
    vec_push(&ctx->arena, &read->ops, slot);
    if (cast) {
        IrOp *mv = ir_new_op(ctx, IR_MOVE, get->line, cast->dst, 1);
        mv->args[0] = get->dst;
        vec_push(&ctx->arena, &read->ops, mv);
        IrOp *clr = ir_new_op(ctx, IR_CLEAR, get->line, -1, 1);
        clr->args[0] = get->dst;
        vec_push(&ctx->arena, &read->ops, clr);
    }
    vec_push(&ctx->arena, &read->ops, goto_op(ctx, borrowed, get->line));
    IrReg fast = ir_new_reg(ctx, f, RT_BOOL, NULL);
    IrOp *test = ir_new_op(ctx, IR_FIELD_FAST, get->line, fast, 2);
    test->args[0] = get->args[0];
    test->args[1] = get->args[1];
    test->u.field = get->u.field;
    test->borrow1 = cast ? 2 : 0;
    vec_push(&ctx->arena, &b->ops, test);
    IrOp *br = ir_new_op(ctx, IR_BRANCH, get->line, -1, 1);
    br->args[0] = fast;
    br->target = read;
    br->target2 = owned;
    vec_push(&ctx->arena, &b->ops, br);
}

/* `R0 = field_get o, K`, `errbranch R0`, then `R2 = cast_list R0`, `clear R0`,
 * `errbranch R2` (`self.items[i]`, `len(self.items)`: a list field, checked as compiled
 * code reads it): where K holds and the slot holds an exact list (FIELD_FAST's list
 * form), the cast cannot fail and R2 is the slot's list without a reference, which o
 * keeps; the region after the cast runs in a copy while it only reads the list
 * (list_read_of) up to R2's release. Two reference count writes less a read, and its
 * release's test (hexiom's `len(self.cells[i])`, go's `self.empty_pos[pos]`). */
static bool try_field_list(Ctx *ctx, IrFunc *f, IrBlock *b, int i)
{
    IrOp *get = b->ops.data[i];
    IrBlock *ok = b->ops.data[b->ops.len - 1]->target2;
    if (ok->ops.len != 3) {
        return false;
    }
    IrOp *cast = ok->ops.data[0], *clr = ok->ops.data[1], *t2 = ok->ops.data[2];
    IrReg r0 = get->dst;
    if (cast->kind != IR_PRIM || !pass_prim_is(cast, "cast_list") || cast->nargs != 1 || cast->args[0] != r0 ||
        clr->kind != IR_CLEAR || clr->args[0] != r0 || t2->kind != IR_ERRBRANCH || cast->dst < 0 ||
        t2->args[0] != cast->dst || !t2->target2 || t2->target2 == ok || f->regs.data[cast->dst].frame_held) {
        return false;
    }
    Walk w = {f, cast->dst, NULL, true, true};
    if (!walk_and_split(ctx, f, &w, t2->target2, -1)) {
        return false;
    }
    branch_to_copy(ctx, f, b, i, copy_region(ctx, f, &w, t2->target2), cast);
    return true;
}

/* `R0 = field_get o, K` of an object field, then `errbranch R0`: read borrowed while the
 * field op's fast path holds (the slot's object, which o keeps: o is released nowhere
 * in the region), and the region after it copied as for a call's result. */
static void try_field(Ctx *ctx, IrFunc *f, IrBlock *b, int i)
{
    IrOp *get = b->ops.data[i];
    IrOp *t = b->ops.data[b->ops.len - 1];
    IrReg r0 = get->dst;
    if (i + 2 != b->ops.len || t->kind != IR_ERRBRANCH || t->args[0] != r0 || !t->target2 || t->target2 == b ||
        f->regs.data[r0].frame_held || get->args[0] == r0) {
        return;
    }
    if (try_field_list(ctx, f, b, i)) {
        return;
    }
    IrBlock *ok = t->target2;
    Walk w = {f, r0, NULL, true, false};
    if (!walk_and_split(ctx, f, &w, ok, -1)) {
        return;
    }
    branch_to_copy(ctx, f, b, i, copy_region(ctx, f, &w, ok), NULL);
}

static void borrow_in(Ctx *ctx, IrFunc *f)
{
    int n = f->blocks.len;   /* the blocks made here hold no such op but copies */
    for (int b = 0; b < n; b++) {
        IrBlock *blk = f->blocks.data[b];
        if (blk->ops.len < 2 || blk->is_error_handler) {
            continue;
        }
        int i = blk->ops.len - 2;   /* the op its errbranch tests */
        IrOp *op = blk->ops.data[i];
        if (op->kind == IR_CALL && op->u.callee->borrow_entry && op->dst >= 0 && op->borrow1 == 0 &&
            op->nargs == op->u.callee->params.len + 1 && op->nouts == 0) {
            try_call(ctx, f, blk, i);
        } else if (op->kind == IR_FIELD_GET && op->u.field.kind == IRF_OBJ && op->nargs == 2 && op->borrow1 == 0) {
            try_field(ctx, f, blk, i);
        }
    }
}

void pass_borrow(Ctx *ctx, IrModule *m)
{
    for (int i = 0; i < m->funcs.len; i++) {
        mark_accessor(m->funcs.data[i]);
    }
    for (int i = 0; i < m->funcs.len; i++) {
        if (!m->funcs.data[i]->is_module_init && !m->funcs.data[i]->generator) {   /* their own layouts */
            borrow_in(ctx, m->funcs.data[i]);
        }
    }
}
