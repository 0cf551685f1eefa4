/* tailacc.c - an int64 recursion's last call made a loop with an accumulator (issue 17,
 * fib at C speed).
 *
 * GCC turns C's `return fib(n - 1) + fib(n - 2)` into a loop that adds into an
 * accumulator (the sum is associative on C's wrapping ints), then unrolls the rest; an
 * i64 copy's sum checks overflow (i64_add_bail), which it cannot reassociate, so every
 * level stayed two calls. Here, in each int64 copy g (i64copy.c), a block ending in
 * `%c = call g args` whose value goes to a return through moves and at most one add or
 * multiply `OP %x, %c` (each value read by the next op only; the way may go on through
 * gotos into blocks holding only such ops, a join shared with other paths, which stay)
 * ends instead in `%acc = OP_bail %acc, %x` (none for a plain `return g(args)`), the parameters set to
 * args (through temporaries: args read parameters), and a jump back to g's first ops;
 * every return of v returns `OP_bail %acc, v`. %acc starts at OP's identity (0 or 1) in
 * a new entry block. One OP per function (the first found); sites with the other stay
 * calls, whose results the returns still combine with %acc.
 * Why this is exact: g computes with the mathematical ints (every step either exact or
 * it bails: leaves by longjmp and the caller recomputes with exact ints), and a sum or
 * product of exact ints does not depend on grouping; a different grouping may overflow
 * where the original did not (or the reverse), which only decides whether g bails, never
 * its result. The levels are unchanged: the loop goes back above g's stack_check_bail,
 * which takes one level per iteration from the same budget the call would have taken
 * it from, and the calls left pass what is left, so g bails at the same depth (and the
 * exact copy raises RecursionError where CPython would). g runs no Python code and no
 * call's order changes, so nothing else could tell.
 * Assumes: i64copy done (g's ops i64 values, one stack_check_bail on every path from
 * its entry to a call or a return). */
#include <string.h>
#include "pass.h"
#include "../ir/prims.h"

typedef struct Site {
    IrBlock *blk;  /* ends in the call, then moves of its value and a goto or the return */
    int call;      /* index of the call of g */
    int kind;      /* 1 an add, 2 a multiply combines the value on the way, 0 none */
    IrReg x;       /* the combining op's other operand */
} Site;

static bool is_add(const IrOp *op)
{
    return op->kind == IR_PRIM && (op->u.prim == prim(PRIM_I64_ADD_BAIL) || op->u.prim == prim(PRIM_I64_ADD_PROVEN));
}

static bool is_mul(const IrOp *op)
{
    return op->kind == IR_PRIM && (op->u.prim == prim(PRIM_I64_MUL_BAIL) || op->u.prim == prim(PRIM_I64_MUL_PROVEN));
}

/* One op of the way from the call to the return: a move of the value, or (once) an add
 * or multiply of it and x. Each value is read by the next op only. */
static bool chain_op(const IrOp *op, const int *uses, IrReg *cur, Site *s)
{
    if (uses[*cur] != 1 || op->nargs < 1 || (op->kind != IR_MOVE && op->nargs != 2)) {
        return false;
    }
    if (op->kind == IR_MOVE && op->args[0] == *cur) {
        *cur = op->dst;
        return true;
    }
    if (s->kind || !(is_add(op) || is_mul(op)) || op->args[0] == op->args[1] ||
        (op->args[0] != *cur && op->args[1] != *cur)) {
        return false;
    }
    s->kind = is_add(op) ? 1 : 2;
    s->x = op->args[0] == *cur ? op->args[1] : op->args[0];
    *cur = op->dst;
    return true;
}

/* Does the value of blk's call at j reach a return through chain ops only (in blk, then
 * in the blocks its gotos lead to, which stay as they are: other paths share them)? */
static bool tail_site(const IrFunc *g, IrBlock *blk, int j, const int *uses, Site *s)
{
    const IrOp *call = blk->ops.data[j];
    if (call->kind != IR_CALL || call->u.callee != g || call->nouts || call->nargs != g->params.len) {
        return false;
    }
    *s = (Site){blk, j, 0, -1};
    IrReg cur = call->dst;
    const IrBlock *b = blk;
    for (int hops = 0; hops < 4; hops++) {
        for (j = b == blk ? j + 1 : 0; j < b->ops.len - 1; j++) {
            if (!chain_op(b->ops.data[j], uses, &cur, s) || s->x == cur) {
                return false;   /* x is read at the call: no value on the way */
            }
        }
        const IrOp *t = b->ops.data[b->ops.len - 1];
        if (t->kind == IR_RETURN) {
            return t->nargs == 1 && t->args[0] == cur && uses[cur] == 1 && s->x != call->dst;
        }
        if (t->kind != IR_GOTO || t->target->unwind != blk->unwind) {
            return false;
        }
        b = t->target;
    }
    return false;
}

/* Does g's entry block hold its stack check (so the loop back to it takes a level)? */
static bool entry_checks(const IrFunc *g)
{
    const IrBlock *entry = g->blocks.data[0];
    for (int j = 0; j < entry->ops.len; j++) {
        const IrOp *op = entry->ops.data[j];
        if (op->kind == IR_PRIM && op->u.prim == prim(PRIM_STACK_CHECK_BAIL)) {
            return true;
        }
    }
    return false;
}

static IrOp *new_prim(Ctx *ctx, PrimId id, IrReg dst, IrReg a, IrReg b, int line)
{
    IrOp *op = ir_new_op(ctx, IR_PRIM, line, dst, 2);
    op->u.prim = prim(id);
    op->args[0] = a;
    op->args[1] = b;
    return op;
}

static IrOp *new_move(Ctx *ctx, IrReg dst, IrReg src, int line)
{
    IrOp *op = ir_new_op(ctx, IR_MOVE, line, dst, 1);
    op->args[0] = src;
    return op;
}

/* The site's block: its ops up to the call, acc combined with %x, the parameters set,
 * a jump to head. */
static void make_loop(Ctx *ctx, IrFunc *g, const Site *s, IrReg acc, PrimId bail, IrBlock *head)
{
    IrBlock *blk = s->blk;
    IrOp *call = blk->ops.data[s->call];
    int line = call->line;
    blk->ops.len = s->call;
    if (s->kind) {   /* right after x is made: GCC keeps the sum off the next call's path */
        int at = 0;
        for (int j = 0; j < s->call; j++) {
            at = pass_op_writes(blk->ops.data[j], s->x) ? j + 1 : at;
        }
        vec_push(&ctx->arena, &blk->ops, NULL);
        memmove(&blk->ops.data[at + 1], &blk->ops.data[at], sizeof(IrOp *) * (size_t)(blk->ops.len - 1 - at));
        blk->ops.data[at] = new_prim(ctx, bail, acc, acc, s->x, line);
    }
    IrReg *tmp = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)(call->nargs + 1));
    for (int k = 0; k < call->nargs; k++) {
        tmp[k] = ir_new_reg(ctx, g, g->regs.data[call->args[k]].rt, NULL);
        vec_push(&ctx->arena, &blk->ops, new_move(ctx, tmp[k], call->args[k], line));
    }
    for (int k = 0; k < call->nargs; k++) {
        vec_push(&ctx->arena, &blk->ops, new_move(ctx, k, tmp[k], line));
    }
    pass_add_jump(ctx, blk, -1, head, NULL, line);
}

/* Every `return v` becomes `%t = OP_bail %acc, v; return %t`. */
static void combine_returns(Ctx *ctx, IrFunc *g, IrReg acc, PrimId bail)
{
    for (int b = 0; b < g->blocks.len; b++) {
        IrBlock *blk = g->blocks.data[b];
        IrOp *ret = blk->ops.data[blk->ops.len - 1];
        if (ret->kind != IR_RETURN || ret->nargs != 1) {
            continue;
        }
        IrReg t = ir_new_reg(ctx, g, RT_I64, NULL);
        blk->ops.data[blk->ops.len - 1] = new_prim(ctx, bail, t, acc, ret->args[0], ret->line);
        ret->args[0] = t;
        vec_push(&ctx->arena, &blk->ops, ret);
    }
}

/* g's entry's ops move to a new block, the loop's head; the entry sets %acc (if any) and jumps. */
static IrBlock *split_entry(Ctx *ctx, IrFunc *g, IrReg acc, long long identity)
{
    IrBlock *entry = g->blocks.data[0];
    IrBlock *head = ir_new_block(ctx, g);
    head->unwind = entry->unwind;
    head->ops = entry->ops;
    entry->ops.data = NULL;
    entry->ops.len = entry->ops.cap = 0;
    if (acc >= 0) {
        IrOp *k = ir_new_op(ctx, IR_CONST, g->line, acc, 0);
        k->u.konst = ARENA_NEW(&ctx->arena, IrConst);
        k->u.konst->kind = IRC_INT;
        k->u.konst->pool_index = -1;
        k->u.konst->text = identity ? "1" : "0";
        vec_push(&ctx->arena, &entry->ops, k);
    }
    pass_add_jump(ctx, entry, -1, head, NULL, g->line);
    return head;
}

static void rewrite(Ctx *ctx, IrFunc *g)
{
    int *uses = pass_count_uses(ctx, g);
    VEC(Site) sites = {0};
    int kind = 0;   /* 1 add, 2 multiply, 0 none seen yet */
    for (int b = 0; b < g->blocks.len; b++) {
        IrBlock *blk = g->blocks.data[b];
        Site s;
        int j = blk->ops.len - 2;   /* the block's last call */
        while (j >= 0 && blk->ops.data[j]->kind != IR_CALL) {
            j--;
        }
        if (j < 0 || !tail_site(g, blk, j, uses, &s) || (kind && s.kind && s.kind != kind)) {
            continue;
        }
        kind = kind ? kind : s.kind;
        vec_push(&ctx->arena, &sites, s);
    }
    if (sites.len == 0) {
        return;
    }
    PrimId bail = kind == 2 ? PRIM_I64_MUL_BAIL : PRIM_I64_ADD_BAIL;
    IrReg acc = kind ? ir_new_reg(ctx, g, RT_I64, NULL) : -1;   /* none for plain tail calls */
    if (kind) {
        combine_returns(ctx, g, acc, bail);   /* before the sites lose their returns */
    }
    IrBlock *head = split_entry(ctx, g, acc, kind == 2);
    for (int i = 0; i < sites.len; i++) {
        make_loop(ctx, g, &sites.data[i], acc, bail, head);
    }
    pass_cfg(ctx, g);   /* a shared return every site left is dropped */
}

void pass_tailacc(Ctx *ctx, IrFunc *f)
{
    if (f->i64_copy && entry_checks(f)) {
        rewrite(ctx, f);
    }
}
