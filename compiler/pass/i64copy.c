/* i64copy.c - a recursion on int64, recomputed with exact ints past 2**63 (issue 17 item 3).
 *
 * A copy made by selfcall.c that runs no Python code (chaindepth.c's rule, fib's) still
 * carries tagged ints and an error test after every call, and tests the C stack every 8
 * levels: GCC cannot turn such a recursion into loops as it does C's fib. This pass
 * gives such a copy c of an int function a copy g on int64 (IrFunc.i64_copy) that never
 * returns an error:
 *  - c's steps proven short (int_add_short, ...; ranges.c) are plain word operations
 *    (i64_add_proven): g's parameters come in as small as c's (the same tests guard
 *    every entry), so the same proofs hold;
 *  - any other int_add, int_sub, int_mul is i64_add_bail, ...: on overflow it leaves g
 *    by longjmp to g's entry (Pyc2c_I64Bail, runtime/depth.h); so does running out of
 *    levels (stack_check_bail: the levels are the recursion budget, capped at entry by
 *    the C stack left, so no level tests the stack);
 *  - c's small tests of its next arguments (int_is_small_arg) test the value
 *    (i64_is_small), and the call of the original f that a failed test makes (`n - 1`
 *    after `if n == 0` is -2**61 at worst: chaindepth refuses such a c) becomes i64_bail:
 *    g leaves there, so f's code never runs inside g and g's arguments stay small;
 *  - comparisons, constants and moves carry over; anything else refuses the copy, and
 *    so does a body with no path to a return but through a call (`return f(n + 1)`).
 * Every call of c from outside c (the original function's, a typed caller's) calls g's
 * entry (pyc2c_native_<g>, which holds the jmp_buf) with the arguments' values
 * (int_small_to_i64) and boxes the result (i64_to_int), but when the entry says it left
 * (PYC2C_I64_ERROR; a true -113 is recomputed too, harmlessly) calls c with the same
 * arguments, which computes the exact int or raises RecursionError where CPython would.
 * g runs no Python code, holds no reference and has no effect but its result, so running
 * g and then c is indistinguishable from running c.
 *
 * Assumes: the IR after chaindepth (before errors and refcount); c's int parameters
 * small at every call (selfcall.c's tests). Guarantees: CPython's exact ints, the same
 * RecursionError depth and traceback (c's); --report says where a call is speculated. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "pass.h"
#include "../ir/prims.h"

static const struct { const char *from; PrimId to; } int_ops[] = {
    {"int_add_short", PRIM_I64_ADD_PROVEN}, {"int_sub_short", PRIM_I64_SUB_PROVEN}, {"int_mul_short", PRIM_I64_MUL_PROVEN},
    {"int_add", PRIM_I64_ADD_BAIL}, {"int_sub", PRIM_I64_SUB_BAIL}, {"int_mul", PRIM_I64_MUL_BAIL},
    {"int_lt", PRIM_I64_LT}, {"int_lt_short", PRIM_I64_LT}, {"int_le", PRIM_I64_LE}, {"int_le_short", PRIM_I64_LE},
    {"int_gt", PRIM_I64_GT}, {"int_gt_short", PRIM_I64_GT}, {"int_ge", PRIM_I64_GE}, {"int_ge_short", PRIM_I64_GE},
    {"int_eq", PRIM_I64_EQ}, {"int_ne", PRIM_I64_NE}, {"int_truth", PRIM_I64_TRUTH},
    {"int_is_small_arg", PRIM_I64_IS_SMALL},
};

/* The row of an int prim, or -1. */
static int int_op(const IrOp *op)
{
    for (size_t i = 0; i < sizeof int_ops / sizeof int_ops[0]; i++) {
        if (pass_prim_is(op, int_ops[i].from)) {
            return (int)i;
        }
    }
    return -1;
}

static bool touches_int(const IrFunc *f, const IrOp *op)
{
    bool any = op->dst >= 0 && f->regs.data[op->dst].rt == RT_INT;
    for (int k = 0; k < op->nargs; k++) {
        any |= f->regs.data[op->args[k]].rt == RT_INT;
    }
    return any;
}

static bool fits_i64(const IrConst *k)
{
    errno = 0;
    char *end;
    (void)strtoll(k->text, &end, 10);
    return errno == 0 && *end == '\0';   /* an I64 register takes its text */
}

static bool is_stack_check(const IrOp *op)
{
    return op->kind == IR_PRIM && (op->u.prim == prim(PRIM_STACK_CHECK) || op->u.prim == prim(PRIM_STACK_CHECK_CHAIN));
}

/* A call of the original f: made where an argument failed its small test (`n - 1` after
 * `n == 0` may be -2**61); g leaves by it instead (i64_bail), so the original's code,
 * which may run Python (a rebound name), never runs inside g. */
static bool calls_original(const IrFunc *c, const IrOp *op)
{
    return op->kind == IR_CALL && op->u.callee == c->copy_of && !op->nouts && pass_operands_unboxed(c, op);
}

/* Does op run no Python code (chaindepth.c's rule, or a call g leaves by) and have an
 * int64 form? */
static bool op_converts(const IrFunc *c, const IrOp *op)
{
    if (!calls_original(c, op) && !pass_op_keeps_chain(c, op) && !is_stack_check(op)) {
        return false;
    }
    switch (op->kind) {
    case IR_CONST:
        return op->u.konst->kind != IRC_INT || fits_i64(op->u.konst);
    case IR_MOVE: case IR_GOTO: case IR_BRANCH: case IR_RETURN: case IR_FUNC_INTACT:
        return true;
    case IR_CALL:
        return op->u.callee == c || op->u.callee == c->copy_of;
    case IR_PRIM:
        return int_op(op) >= 0 || !touches_int(c, op);
    default:
        return false;
    }
}

static bool block_calls(const IrFunc *c, const IrBlock *blk)
{
    for (int j = 0; j < blk->ops.len; j++) {
        const IrOp *op = blk->ops.data[j];
        if (op->kind == IR_CALL && (op->u.callee == c || op->u.callee == c->copy_of)) {
            return true;
        }
    }
    return false;
}

/* Does a path from the entry reach a return without a call of c or of the original? A
 * body without one (`return f(n + 1)`) only ever raises RecursionError; its int64 copy
 * would only ever leave, and GCC warns that it recurses forever. */
static bool has_base_case(Ctx *ctx, const IrFunc *c)
{
    bool *seen = arena_alloc(&ctx->arena, (size_t)c->blocks.len + 1);
    const IrBlock **work = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(c->blocks.len + 1));
    int n = 0;
    work[n++] = c->blocks.data[0];
    seen[c->blocks.data[0]->id] = true;
    while (n > 0) {
        const IrBlock *blk = work[--n];
        if (block_calls(c, blk)) {
            continue;
        }
        const IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (t->kind == IR_RETURN) {
            return true;
        }
        const IrBlock *next[2] = {t->target, t->target2};
        for (int k = 0; k < 2; k++) {
            if (next[k] && !seen[next[k]->id]) {
                seen[next[k]->id] = true;
                work[n++] = next[k];
            }
        }
    }
    return false;
}

/* A selfcall copy whose every op converts, with one stack check (each level takes one
 * of g's levels), no handler and a base case. Not only chain_depth copies: a copy that calls the
 * original for an argument that is not small is one too (fib with `if n == 0`). */
static bool eligible(Ctx *ctx, const IrFunc *c)
{
    if (!c->copy_of || c->i64_copy || c->ret != RT_INT) {
        return false;
    }
    int checks = 0;
    for (int b = 0; b < c->blocks.len; b++) {
        const IrBlock *blk = c->blocks.data[b];
        if (blk->unwind) {
            return false;
        }
        for (int j = 0; j < blk->ops.len; j++) {
            if (!op_converts(c, blk->ops.data[j])) {
                return false;
            }
            checks += is_stack_check(blk->ops.data[j]);
        }
    }
    return checks == 1 && has_base_case(ctx, c);
}

/* ---- the int64 copy ---- */

static IrOp *new_prim(Ctx *ctx, IrFunc *f, PrimId id, IrReg dst, int nargs)
{
    const Prim *p = prim(id);
    IrOp *op = ir_new_op(ctx, IR_PRIM, 0, dst >= 0 ? dst : ir_new_reg(ctx, f, p->result, NULL), nargs);
    op->u.prim = p;
    return op;
}

static void convert_block(IrFunc *c, IrFunc *g, IrBlock *blk)
{
    for (int j = 0; j < blk->ops.len; j++) {
        IrOp *op = blk->ops.data[j];
        if (op->kind == IR_CALL && op->u.callee == c) {
            op->u.callee = g;
        } else if (op->kind == IR_CALL) {   /* the original's: leave */
            op->kind = IR_PRIM;
            op->u.prim = prim(PRIM_I64_BAIL);
            op->nargs = 0;
        } else if (is_stack_check(op)) {
            op->u.prim = prim(PRIM_STACK_CHECK_BAIL);
        } else if (op->kind == IR_PRIM && int_op(op) >= 0) {
            op->u.prim = prim(int_ops[int_op(op)].to);
        }
    }
}

static IrFunc *make_i64_copy(Ctx *ctx, IrModule *m, IrFunc *c)
{
    IrFunc *g = pass_copy_func(ctx, m, c);
    g->copy_of = c->copy_of;
    g->i64_copy = g->chain_depth = true;
    g->ret = RT_I64;
    VEC(IrParam) params = {0};
    for (int i = 0; i < c->params.len; i++) {
        IrParam p = c->params.data[i];
        p.rt = p.rt == RT_INT ? RT_I64 : p.rt;
        vec_push(&ctx->arena, &params, p);
    }
    g->params.data = params.data;
    g->params.len = g->params.cap = params.len;
    for (int r = 0; r < g->regs.len; r++) {
        if (g->regs.data[r].rt == RT_INT) {
            g->regs.data[r].rt = RT_I64;
        }
    }
    for (int b = 0; b < g->blocks.len; b++) {
        convert_block(c, g, g->blocks.data[b]);
    }
    return g;
}

/* ---- callers ---- */

/* blk->ops[j], a call of c, becomes: the call of g on the arguments' values; if it
 * says "overflowed", the call of c; else its result boxed. */
static IrBlock *enter_i64(Ctx *ctx, IrFunc *h, IrBlock *blk, int j, IrFunc *g)
{
    IrOp *call = blk->ops.data[j];
    int line = call->line;
    IrBlock *redo = ir_new_block(ctx, h), *box = ir_new_block(ctx, h), *rest = ir_new_block(ctx, h);
    redo->unwind = box->unwind = rest->unwind = blk->unwind;
    for (int k = j + 1; k < blk->ops.len; k++) {
        vec_push(&ctx->arena, &rest->ops, blk->ops.data[k]);
    }
    blk->ops.len = j;
    IrOp *fast = ir_new_op(ctx, IR_CALL, line, ir_new_reg(ctx, h, RT_I64, NULL), call->nargs);
    fast->u.callee = g;
    for (int k = 0; k < call->nargs; k++) {
        IrReg a = call->args[k];
        if (h->regs.data[a].rt == RT_INT) {
            IrOp *v = new_prim(ctx, h, PRIM_INT_SMALL_TO_I64, -1, 1);
            v->line = line;
            v->args[0] = a;
            vec_push(&ctx->arena, &blk->ops, v);
            a = v->dst;
        }
        fast->args[k] = a;
    }
    vec_push(&ctx->arena, &blk->ops, fast);
    IrOp *test = new_prim(ctx, h, PRIM_I64_OVERFLOWED, -1, 1);
    test->line = line;
    test->args[0] = fast->dst;
    vec_push(&ctx->arena, &blk->ops, test);
    pass_add_jump(ctx, blk, test->dst, redo, box, line);
    vec_push(&ctx->arena, &redo->ops, call);
    pass_add_jump(ctx, redo, -1, rest, NULL, line);
    IrOp *boxed = new_prim(ctx, h, PRIM_I64_TO_INT, call->dst, 1);
    boxed->line = line;
    boxed->args[0] = fast->dst;
    vec_push(&ctx->arena, &box->ops, boxed);
    pass_add_jump(ctx, box, -1, rest, NULL, line);
    return redo;
}

static void redirect(Ctx *ctx, IrFunc *h, IrFunc *const *i64_of, int nfuncs)
{
    VEC(IrBlock *) redo = {0};   /* the calls of c made here stay */
    for (int b = 0; b < h->blocks.len; b++) {   /* blocks made here are scanned too: the rest */
        IrBlock *blk = h->blocks.data[b];
        bool made = false;
        for (int i = 0; i < redo.len; i++) {
            made |= redo.data[i] == blk;
        }
        for (int j = 0; j < blk->ops.len && !made; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->kind == IR_CALL && op->u.callee->index < nfuncs && i64_of[op->u.callee->index]) {
                vec_push(&ctx->arena, &redo, enter_i64(ctx, h, blk, j, i64_of[op->u.callee->index]));
                break;
            }
        }
    }
}

void pass_i64copy(Ctx *ctx, IrModule *m)
{
    if (ctx->profile) {
        return;
    }
    int n = m->funcs.len;
    IrFunc **i64_of = arena_alloc(&ctx->arena, sizeof(IrFunc *) * (size_t)(n + 1));
    bool any = false;
    for (int i = 0; i < n; i++) {
        IrFunc *c = m->funcs.data[i];
        if (eligible(ctx, c)) {
            i64_of[i] = make_i64_copy(ctx, m, c);
            any = true;
        }
    }
    for (int i = 0; any && i < n; i++) {
        IrFunc *h = m->funcs.data[i];
        if (!i64_of[i]) {
            redirect(ctx, h, i64_of, n);
        }
    }
}
