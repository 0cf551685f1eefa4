/* selfcall.c - recursion through a copy that knows its own name is intact and its int
 * arguments small (issue 17 item 3).
 *
 * A direct call of a module function f (`call f`) is made only right after a check that
 * f's name still holds f (`func_intact f`, as built). A recursive f repeats that check,
 * and the tag and overflow tests of its int parameters, at every level. This pass gives
 * such an f a copy (IrFunc.copy_of = f) entered only from those calls, when every int
 * argument is a small int, |v| < 2**61 (`int_is_small_arg`, tested at the call):
 *  - guards.c starts the copy knowing f's check true: while only clean code runs (all
 *    of fib) its checks become `const True` and the generic calls by name go away;
 *  - ranges.c starts it knowing its int parameters small: `n - 1` after `n < 2`, or the
 *    sum of two, is a word operation, the next call's argument proven small (the test folds) and
 *    the parameters own nothing (no increfs);
 * so a recursion stays in the copy once entered. The copy counts its frame and adds its
 * traceback entries as f does (same name and lines); it has no function object.
 *
 * Assumes: the IR as built plus constfold and cfg (before guards): a direct call of f is
 * the first op of the block a branch on `func_intact f` enters when true, its arguments
 * made before the check. Only such calls enter the copy, so the check is true on entry.
 * Guarantees: calls and their order, frames (RecursionError at the same depth),
 * tracebacks and the generic path of a rebound name are unchanged; only module
 * functions with an int parameter that call themselves directly and have at most
 * MAX_OPS ops get a copy (the copy doubles their C), never generators, closures,
 * memoized or split-return functions, functions with a typed copy of their own, nor with
 * --profile (the copy would report no calls). */
#include <string.h>
#include "pass.h"
#include "../ir/prims.h"

#define MAX_OPS 200

/* The func_intact f that the branch ending blk tests, or NULL. */
static const IrOp *intact_test(const IrBlock *blk)
{
    const IrOp *t = blk->ops.data[blk->ops.len - 1];
    if (t->kind != IR_BRANCH) {
        return NULL;
    }
    for (int j = blk->ops.len - 2; j >= 0; j--) {
        const IrOp *op = blk->ops.data[j];
        if (pass_op_writes(op, t->args[0])) {
            return op->kind == IR_FUNC_INTACT ? op : NULL;
        }
    }
    return NULL;
}

/* How many jumps of g enter each block (its unwind edges aside). */
static int *jumps_into(Ctx *ctx, const IrFunc *g)
{
    int *n = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(g->blocks.len + 1));
    for (int b = 0; b < g->blocks.len; b++) {
        const IrBlock *blk = g->blocks.data[b];
        const IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (t->target) {
            n[t->target->id]++;
        }
        if (t->target2 && t->target2 != t->target) {
            n[t->target2->id]++;
        }
        if (blk->unwind) {
            n[blk->unwind->id]++;
        }
    }
    return n;
}

/* Where the call of a block entered by a passed name check is: after the constants
 * that only its arguments use (`ack(m - 1, 1)` makes its 1 there, since the generic
 * call boxes its own). */
static int call_at(const IrBlock *yes)
{
    int j = 0;
    while (j < yes->ops.len - 1 && yes->ops.data[j]->kind == IR_CONST) {
        j++;
    }
    return j;
}

/* The call that a passed check of its callee's name enters (blk ends in that branch). */
static IrOp *checked_call(const IrBlock *blk, const int *into)
{
    const IrOp *check = intact_test(blk);
    if (!check) {
        return NULL;
    }
    IrBlock *yes = blk->ops.data[blk->ops.len - 1]->target;
    IrOp *call = yes->ops.data[call_at(yes)];
    if (into[yes->id] != 1 || call->kind != IR_CALL || call->u.callee != check->u.callee || call->nouts) {
        return NULL;
    }
    return call;
}

static bool calls_itself(Ctx *ctx, const IrFunc *f)
{
    int *into = jumps_into(ctx, f);
    for (int b = 0; b < f->blocks.len; b++) {
        IrOp *call = checked_call(f->blocks.data[b], into);
        if (call && call->u.callee == f) {
            return true;
        }
    }
    return false;
}

static bool has_int_param(const IrFunc *f)
{
    for (int i = 0; i < f->params.len; i++) {
        if (f->params.data[i].rt == RT_INT) {
            return true;
        }
    }
    return false;
}

/* Without an int parameter a copy saves only the name checks, which guards.c already
 * shares within each call (bench/user tree_walk ran 0.8% more instructions with one);
 * a function with a typed copy of its own (build_spec_entry.c) runs that copy. */
static bool eligible(Ctx *ctx, const IrFunc *f)
{
    return has_int_param(f) && !f->spec && !f->is_module_init && !f->generator && !f->nfree && !f->nsplit && !f->spec_copy &&
           !f->copy_of && !f->varargs && !f->varkw && !f->memo_called && f->blocks.len > 0 &&
           ir_func_ops(f) <= MAX_OPS && calls_itself(ctx, f);
}

/* ---- the copy ---- */

static IrOp *copy_op(Ctx *ctx, const IrOp *op, IrBlock **map)
{
    IrOp *c = ir_copy_op(ctx, op);
    c->target = op->target ? map[op->target->id] : NULL;
    c->target2 = op->target2 ? map[op->target2->id] : NULL;
    return c;
}

IrFunc *pass_copy_func(Ctx *ctx, IrModule *m, IrFunc *f)
{
    IrFunc *c = ir_func_new(ctx, m, f->name, f->ret);
    int index = c->index;
    const char *c_name = c->c_name;
    *c = *f;
    c->index = index;
    c->c_name = c_name;
    c->copy_of = f;
    c->called_directly = c->memo_called = c->inline_body = c->clean_body = false;
    c->spec = NULL;
    c->never_long = NULL;
    c->regs.data = NULL;
    c->regs.len = c->regs.cap = 0;
    for (int i = 0; i < f->regs.len; i++) {
        vec_push(&ctx->arena, &c->regs, f->regs.data[i]);
    }
    c->blocks.data = NULL;
    c->blocks.len = c->blocks.cap = 0;
    IrBlock **map = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(f->blocks.len + 1));
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *nb = ir_new_block(ctx, c);
        const IrBlock *ob = f->blocks.data[b];
        nb->id = ob->id;
        nb->is_error_handler = ob->is_error_handler;
        nb->strip_edge = ob->strip_edge;
        map[ob->id] = nb;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *ob = f->blocks.data[b];
        IrBlock *nb = map[ob->id];
        nb->unwind = ob->unwind ? map[ob->unwind->id] : NULL;
        for (int j = 0; j < ob->ops.len; j++) {
            vec_push(&ctx->arena, &nb->ops, copy_op(ctx, ob->ops.data[j], map));
        }
    }
    return c;
}

/* ---- calls entering the copy ---- */

static IrBlock *block_after(Ctx *ctx, IrFunc *g, const IrBlock *like)
{
    IrBlock *b = ir_new_block(ctx, g);
    b->unwind = like->unwind;
    return b;
}

static IrOp *jump(Ctx *ctx, IrOpKind kind, int line, IrReg cond, IrBlock *t, IrBlock *t2)
{
    IrOp *op = ir_new_op(ctx, kind, line, -1, cond >= 0 ? 1 : 0);
    if (cond >= 0) {
        op->args[0] = cond;
    }
    op->target = t;
    op->target2 = t2;
    return op;
}

/* The blocks made from first_new on move to right after yes: the small tests (made
 * last), then last3's fast call, slow call and rest, so the layout follows the source. */
static void place_after(Ctx *ctx, IrFunc *g, IrBlock *yes, int first_new, IrBlock *const last3[3])
{
    int made = g->blocks.len - first_new, at = 0;
    IrBlock **moved = g->blocks.data + first_new;
    IrBlock **order = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(made + 1));
    for (int i = 3; i < made; i++) {
        order[at++] = moved[i];
    }
    for (int i = 0; i < 3; i++) {
        order[at++] = last3[i];
    }
    int pos = 0;
    while (g->blocks.data[pos] != yes) {
        pos++;
    }
    memmove(g->blocks.data + pos + 1 + made, g->blocks.data + pos + 1,
            sizeof(IrBlock *) * (size_t)(first_new - pos - 1));
    memcpy(g->blocks.data + pos + 1, order, sizeof(IrBlock *) * (size_t)made);
    for (int i = 0; i < g->blocks.len; i++) {
        g->blocks.data[i]->id = i;
    }
}

/* yes = [consts; call f args; rest...] becomes: the constants, then a small test per
 * int argument, each false one going to [call f args; goto rest], all true to
 * [call copy args; goto rest]. */
static void enter_copy(Ctx *ctx, IrFunc *g, IrBlock *yes, int at_call, IrFunc *copy)
{
    IrOp *call = yes->ops.data[at_call];
    int nint = 0;
    for (int i = 0; i < call->nargs; i++) {
        nint += g->regs.data[call->args[i]].rt == RT_INT;
    }
    if (nint == 0) {
        call->u.callee = copy;
        return;
    }
    int line = call->line, first_new = g->blocks.len;
    IrBlock *rest = block_after(ctx, g, yes), *fast = block_after(ctx, g, yes), *slow = block_after(ctx, g, yes);
    for (int j = at_call + 1; j < yes->ops.len; j++) {
        vec_push(&ctx->arena, &rest->ops, yes->ops.data[j]);
    }
    IrOp *fast_call = ir_new_op(ctx, IR_CALL, line, call->dst, 0);
    *fast_call = *call;
    fast_call->u.callee = copy;
    vec_push(&ctx->arena, &fast->ops, fast_call);
    vec_push(&ctx->arena, &fast->ops, jump(ctx, IR_GOTO, line, -1, rest, NULL));
    vec_push(&ctx->arena, &slow->ops, call);
    vec_push(&ctx->arena, &slow->ops, jump(ctx, IR_GOTO, line, -1, rest, NULL));
    yes->ops.len = at_call;
    IrBlock *at = yes;
    for (int i = 0, seen = 0; i < call->nargs; i++) {
        if (g->regs.data[call->args[i]].rt != RT_INT) {
            continue;
        }
        IrBlock *next = ++seen == nint ? fast : block_after(ctx, g, yes);
        IrOp *test = ir_new_op(ctx, IR_PRIM, line, ir_new_reg(ctx, g, RT_BOOL, NULL), 1);
        test->u.prim = prim(PRIM_INT_IS_SMALL_ARG);
        test->args[0] = call->args[i];
        vec_push(&ctx->arena, &at->ops, test);
        vec_push(&ctx->arena, &at->ops, jump(ctx, IR_BRANCH, line, test->dst, next, slow));
        at = next;
    }
    place_after(ctx, g, yes, first_new, (IrBlock *[]){fast, slow, rest});
}

static void redirect(Ctx *ctx, IrFunc *g, IrFunc **copy_of)
{
    int *into = jumps_into(ctx, g);
    int nblocks = g->blocks.len, n = 0;
    IrBlock **yes = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(nblocks + 1));
    for (int b = 0; b < nblocks; b++) {   /* found first: entering a copy renumbers blocks */
        IrBlock *blk = g->blocks.data[b];
        IrOp *call = checked_call(blk, into);
        if (call && copy_of[call->u.callee->index]) {
            yes[n++] = blk->ops.data[blk->ops.len - 1]->target;
        }
    }
    for (int i = 0; i < n; i++) {
        int j = call_at(yes[i]);
        enter_copy(ctx, g, yes[i], j, copy_of[yes[i]->ops.data[j]->u.callee->index]);
    }
    if (n) {
        pass_cfg(ctx, g);
    }
}

void pass_selfcall(Ctx *ctx, IrModule *m)
{
    if (ctx->profile) {
        return;
    }
    int n = m->funcs.len;
    IrFunc **copies = arena_alloc(&ctx->arena, sizeof(IrFunc *) * (size_t)(n + 1));
    bool any = false;
    for (int i = 0; i < n; i++) {
        IrFunc *f = m->funcs.data[i];
        if (eligible(ctx, f)) {
            copies[i] = pass_copy_func(ctx, m, f);
            any = true;
        }
    }
    for (int i = 0; any && i < m->funcs.len; i++) {
        redirect(ctx, m->funcs.data[i], copies);
    }
}
