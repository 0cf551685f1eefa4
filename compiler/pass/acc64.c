/* acc64.c - a 128-bit accumulator loop (wideacc.c) runs an int64 tier first.
 *
 * wideacc's copy of `total += i * i` holds the total in a Pyc2cWide: each step is a
 * 128-bit multiply-add and a test of the high word (wide_ok), some 14 instructions where
 * C's loop has 6. Most totals never leave int64, so the wide copy itself gets a copy in
 * which each total lives in an int64_t register and each step is
 *
 *     wide_muladd_short w, a, b   ->  i64_mul_ok (va, vb) -> p ; i64_add_ok (t, p) -> t'
 *     wide_add w, x               ->  int_is_short x ; i64_add_ok (t, vx) -> t'
 *
 * (the overflow flag of the multiply and of the add; the operands' int64 values taken
 * with int_short_value, after a tag test unless ranges.c proved them short). When a test
 * fails, every total is widened (acc64_widen) and the wide copy runs that same step,
 * from its block split at the step, and stays in charge: the int64 tier writes no total
 * before its tests pass, so the wide step starts from the same operands. Every other
 * exit of the int64 tier widens the totals and goes where the wide copy went (which
 * boxes them). The wide copy's preheader enters the int64 tier when every total fits
 * int64 (acc64_fits), else the wide copy.
 *
 * Taken: a loop in which every op touching a WIDE register is a step of wideacc's shape
 * (the step, `wide_ok` of its sum, a branch on it whose other edge leaves the loop, and
 * the move of the sum into the total): the wide copy, not the loops around it (their
 * preheaders convert and their exits box). Modulo steps stay in 128 bits (their step
 * already multiplies on int64 values).
 * Assumes: right after wideacc (its shapes, before dce and cfg merge its blocks
 * differently), no handlers in the loop (wideacc refused those).
 * Guarantees: the same exact ints (the wide copy redoes any step that overflowed int64);
 * the int64 tier runs the ops of the wide copy, but the steps, in the same order. */
#include <stdlib.h>
#include <string.h>
#include "pass.h"
#include "liveness.h"
#include "../ir/prims.h"
#include "i64_prims.h"
#include "loopcopy.h"

#define MAX_TOTALS 4
#define MAX_STEPS 16
#define MAX_BLOCKS 96
#define MAX_IVS 4

#define FAST_PRIM(id, res, n, a0, a1, tmpl) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = n, .args = {RT_##a0, RT_##a1}, .c_template = tmpl}
FAST_PRIM(acc64_fits, BOOL, 1, WIDE, VOID, "PYC2C_LIKELY((Pyc2cWide)(int64_t)$0 == $0)");
FAST_PRIM(acc64_narrow, I64, 1, WIDE, VOID, "((int64_t)$0)");
FAST_PRIM(acc64_widen, WIDE, 1, I64, VOID, "((Pyc2cWide)$0)");
FAST_PRIM(acc64_both_short, BOOL, 2, INT, INT, "PYC2C_LIKELY(Pyc2cInt_IsShort($0 | $1))");
/* no C value: the register's value hidden from the C compiler (runtime/pyc2c.h) */
FAST_PRIM(acc64_opaque_int, VOID, 1, INT, VOID, "PYC2C_OPAQUE($0)");
FAST_PRIM(acc64_opaque_i64, VOID, 1, I64, VOID, "PYC2C_OPAQUE($0)");
FAST_PRIM(acc64_opaque_bool, VOID, 1, BOOL, VOID, "PYC2C_OPAQUE($0)");
FAST_PRIM(acc64_undo_add, I64, 2, I64, I64, "(int64_t)((uint64_t)$0 - (uint64_t)$1)");
FAST_PRIM(acc64_undo_sub, I64, 2, I64, I64, "(int64_t)((uint64_t)$0 + (uint64_t)$1)");
FAST_PRIM(acc64_iv_add, I64, 2, I64, I64, "($0 + $1)");
FAST_PRIM(acc64_iv_sub, I64, 2, I64, I64, "($0 - $1)");

/* A step of the wide copy: ops [at, at + 3) of blk (the step, wide_ok, the branch). */
typedef struct Step {
    IrBlock *blk;
    int at;
    int total;           /* index in Acc.wide */
    bool sub, mul, proven;
    IrReg sum;           /* the step's WIDE result */
    IrReg t;             /* its int64 result in the tier */
    IrBlock *spill;      /* the tier's block widening the totals for this step */
    IrOp *spill_goto;    /* its jump into the wide copy, aimed once split */
} Step;

/* A short int a step reads (a counter: `for i in range(n)`, `i += 1`): the tier keeps
 * its int64 value beside it, updated where the loop writes it (sx += sc for x = x + c),
 * so a step reads sx instead of untagging x (a shift per step that competes with the
 * overflow jumps for the same ports: sum_loop's loop ran 1.6x slower with it). */
typedef struct Iv {
    IrReg x, c;
    bool sub;
    IrReg sx, sc;        /* their int64 values in the tier */
    const IrOp *konst;   /* c's only write, a constant in the loop: made at entry too */
} Iv;

typedef struct Acc {
    IrFunc *f;
    const PassLoop *l;
    IrReg wide[MAX_TOTALS], narrow[MAX_TOTALS];
    int n;
    Step steps[MAX_STEPS];
    int nsteps;
    Iv ivs[MAX_IVS];
    int nivs;
} Acc;

/* ---- which loops ---- */

static bool step_prim(const IrOp *op, bool *sub, bool *mul, bool *proven)
{
    static const struct { PrimId id; bool sub, mul, proven; } forms[] = {
        {PRIM_WIDE_ADD, false, false, false}, {PRIM_WIDE_SUB, true, false, false},
        {PRIM_WIDE_MULADD, false, true, false}, {PRIM_WIDE_MULSUB, true, true, false},
        {PRIM_WIDE_ADD_SHORT, false, false, true}, {PRIM_WIDE_SUB_SHORT, true, false, true},
        {PRIM_WIDE_MULADD_SHORT, false, true, true}, {PRIM_WIDE_MULSUB_SHORT, true, true, true},
    };
    for (size_t k = 0; op->kind == IR_PRIM && k < sizeof forms / sizeof forms[0]; k++) {
        if (op->u.prim == prim(forms[k].id)) {
            *sub = forms[k].sub;
            *mul = forms[k].mul;
            *proven = forms[k].proven;
            return true;
        }
    }
    return false;
}

static bool is_wide(const Acc *a, IrReg r)
{
    return r >= 0 && a->f->regs.data[r].rt == RT_WIDE;
}

static int total_index(Acc *a, IrReg w)
{
    for (int k = 0; k < a->n; k++) {
        if (a->wide[k] == w) {
            return k;
        }
    }
    if (a->n == MAX_TOTALS) {
        return -1;
    }
    a->wide[a->n] = w;
    return a->n++;
}

/* blk->ops[j] begins wideacc's step shape: the step, wide_ok of its sum, a branch on
 * that whose false edge leaves the loop. */
static bool step_at(Acc *a, IrBlock *blk, int j)
{
    Step s = {.blk = blk, .at = j};
    const IrOp *op = blk->ops.data[j];
    if (!step_prim(op, &s.sub, &s.mul, &s.proven) || j + 2 >= blk->ops.len || a->nsteps == MAX_STEPS) {
        return false;
    }
    const IrOp *ok = blk->ops.data[j + 1], *br = blk->ops.data[j + 2];
    if (ok->kind != IR_PRIM || ok->u.prim != prim(PRIM_WIDE_OK) || ok->args[0] != op->dst || br->kind != IR_BRANCH ||
        br->args[0] != ok->dst || j + 3 != blk->ops.len || pass_in_loop(a->l, br->target2->id) ||
        !pass_in_loop(a->l, br->target->id)) {
        return false;
    }
    for (int k = 1; k < op->nargs; k++) {
        if (is_wide(a, op->args[k])) {
            return false;
        }
    }
    s.total = total_index(a, op->args[0]);
    s.sum = op->dst;
    if (s.total < 0) {
        return false;
    }
    a->steps[a->nsteps++] = s;
    return true;
}

static const Step *step_of_sum(const Acc *a, IrReg r)
{
    for (int i = 0; i < a->nsteps; i++) {
        if (a->steps[i].sum == r) {
            return &a->steps[i];
        }
    }
    return NULL;
}

/* Does op touch a WIDE register? */
static bool touches_wide(const Acc *a, const IrOp *op)
{
    bool any = is_wide(a, op->dst);
    for (int k = 0; k < op->nargs; k++) {
        any |= is_wide(a, op->args[k]);
    }
    for (int k = 0; k < op->nouts; k++) {
        any |= is_wide(a, op->outs[k]);
    }
    return any;
}

/* Every op of the loop touching a WIDE register is a step (with its test and branch) or
 * the move of a step's sum into its own total. */
static bool only_steps(Acc *a)
{
    const IrFunc *f = a->f;
    for (int at = 0; at < a->l->blocks.len; at++) {
        IrBlock *blk = f->blocks.data[a->l->blocks.data[at]];
        if (blk->unwind) {
            return false;
        }
        for (int j = 0; j < blk->ops.len; j++) {
            if (step_at(a, blk, j)) {
                j += 2;
                continue;
            }
            const IrOp *op = blk->ops.data[j];
            if (!touches_wide(a, op)) {
                continue;
            }
            if (op->kind != IR_MOVE || !is_wide(a, op->dst)) {
                return false;
            }
        }
    }
    /* the moves: a step's sum into that step's total (checked once all steps are known) */
    for (int at = 0; at < a->l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[a->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->kind == IR_MOVE && is_wide(a, op->dst)) {
                const Step *s = step_of_sum(a, op->args[0]);
                if (!s || a->wide[s->total] != op->dst) {
                    return false;
                }
            }
        }
    }
    for (int i = 0; i < a->nsteps; i++) {   /* a total is never another step's sum */
        if (step_of_sum(a, a->wide[a->steps[i].total])) {
            return false;
        }
    }
    return a->nsteps > 0;
}

/* ---- counters ---- */

static bool is_iv_step(const IrOp *op, bool *sub)
{
    *sub = pass_prim_is(op, "int_sub_short");
    return op->kind == IR_PRIM && op->nargs == 2 && (*sub || pass_prim_is(op, "range_add_small") || pass_prim_is(op, "int_add_short"));
}

static bool proven_short(const IrFunc *f, IrReg r)
{
    return f->never_long && r < f->regs.len && f->never_long[r] && f->regs.data[r].rt == RT_INT;
}

/* The op of the loop writing r, when exactly one does. */
static const IrOp *only_writer(const Acc *a, IrReg r)
{
    const IrOp *found = NULL;
    for (int at = 0; at < a->l->blocks.len; at++) {
        const IrBlock *blk = a->f->blocks.data[a->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            if (pass_op_writes(blk->ops.data[j], r)) {
                if (found) {
                    return NULL;
                }
                found = blk->ops.data[j];
            }
        }
    }
    return found;
}

/* Is blk->ops[j] x = x + c for x's c: directly, or the move of such a sum made by the op
 * just before (so x is unchanged between)? Fills c and sub when they are still unknown
 * (c = -1). */
static bool increments(const IrBlock *blk, int j, IrReg x, IrReg *c, bool *sub)
{
    const IrOp *op = blk->ops.data[j];
    const IrOp *add = op->kind != IR_MOVE ? op : j > 0 && blk->ops.data[j - 1]->dst == op->args[0] ? blk->ops.data[j - 1] : NULL;
    bool minus;
    if (!add || op->nouts > 0 || !is_iv_step(add, &minus) || add->args[0] != x || add->args[1] == x ||
        (*c >= 0 && (*c != add->args[1] || *sub != minus))) {
        return false;
    }
    *c = add->args[1];
    *sub = minus;
    return true;
}

/* Is every write of c in f the constant k writes (copies of a loop write it too)? Then
 * writing it once more, early, changes nothing. */
static bool same_const_everywhere(const IrFunc *f, IrReg c, const IrOp *k)
{
    if (k->kind != IR_CONST || k->u.konst->kind != IRC_INT) {
        return false;
    }
    for (int i = 0; i < f->params.len; i++) {
        if (i == c) {
            return false;
        }
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (pass_op_writes(op, c) && (op->kind != IR_CONST || op->u.konst->kind != IRC_INT ||
                                          strcmp(op->u.konst->text, k->u.konst->text) != 0)) {
                return false;
            }
        }
    }
    return true;
}

/* x, a step's operand proven short, gets an int64 twin in the tier: each write of x in
 * the loop updates it, by sx += sc where the write is x = x + c (c short and unwritten
 * in the loop), else by untagging x there (a loop around a counter's loop resets it). */
static bool counter(const Acc *a, IrReg x, Iv *iv)
{
    *iv = (Iv){.x = x, .c = -1};
    if (!proven_short(a->f, x)) {
        return false;
    }
    for (int at = 0; at < a->l->blocks.len; at++) {
        const IrBlock *blk = a->f->blocks.data[a->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (pass_op_writes(op, x) && op->dst != x) {
                return false;   /* an out-register */
            }
            if (op->dst == x && iv->c < 0) {
                increments(blk, j, x, &iv->c, &iv->sub);
            }
        }
    }
    if (iv->c >= 0 && pass_loop_writes(a->f, a->l, iv->c)) {   /* a loop's step made in the loop around */
        iv->konst = only_writer(a, iv->c);
        iv->konst = iv->konst && same_const_everywhere(a->f, iv->c, iv->konst) ? iv->konst : NULL;
        iv->c = iv->konst ? iv->c : -1;
    }
    iv->c = iv->c >= 0 && proven_short(a->f, iv->c) ? iv->c : -1;
    return true;
}

static const Iv *iv_of(const Acc *a, IrReg x)
{
    for (int k = 0; k < a->nivs; k++) {
        if (a->ivs[k].x == x) {
            return &a->ivs[k];
        }
    }
    return NULL;
}

static void find_ivs(Acc *a)
{
    for (int i = 0; i < a->nsteps; i++) {
        const IrOp *op = a->steps[i].blk->ops.data[a->steps[i].at];
        for (int k = 1; k < op->nargs && a->nivs < MAX_IVS; k++) {
            Iv iv;
            if (!iv_of(a, op->args[k]) && counter(a, op->args[k], &iv)) {
                a->ivs[a->nivs++] = iv;
            }
        }
    }
}

/* ---- the int64 tier ---- */

static IrBlock *new_block(Ctx *ctx, IrFunc *f)
{
    return pass_loopcopy_block(ctx, f);
}

/* The totals widened into their WIDE registers, then a goto (returned) to `to`. */
static IrOp *widen_all(Ctx *ctx, const Acc *a, IrBlock *b, IrBlock *to, int line)
{
    for (int k = 0; k < a->n; k++) {
        pass_add_prim(ctx, a->f, b, &acc64_widen, a->wide[k], a->narrow[k], -1, line);
    }
    return pass_add_jump(ctx, b, -1, to, NULL, line);
}

/* An exit of the tier: the totals widened, then on to `to` (where the wide copy went:
 * its boxes). */
static void leave_widened(Ctx *ctx, PassLoopCopy *c, IrBlock *b, IrBlock *to, int line)
{
    widen_all(ctx, c->env, b, to, line);
}

/* x's int64 value in the tier: its counter's, or untagged here. */
static IrReg value_of(Ctx *ctx, const Acc *a, IrBlock *at, IrReg x, int line)
{
    const Iv *iv = iv_of(a, x);
    return iv ? iv->sx : pass_add_prim(ctx, a->f, at, &int_short_value, -1, x, -1, line)->dst;
}

/* The step on int64 values: each test false goes to a block widening the totals and
 * then into the wide copy at the step (s->spill_goto, aimed once split); where it held,
 * its int64 sum s->t goes where the wide step's branch went. */
static void tier_step(Ctx *ctx, Acc *a, PassLoopCopy *c, IrBlock *at, Step *s)
{
    IrFunc *f = a->f;
    const IrOp *op = s->blk->ops.data[s->at];
    const IrOp *br = s->blk->ops.data[s->at + 2];
    int line = op->line;
    IrBlock *spill = new_block(ctx, f);
    s->spill = spill;
    s->spill_goto = widen_all(ctx, a, spill, NULL, line);
    IrReg x = op->args[1], y = op->nargs > 2 ? op->args[2] : -1;
    if (!s->proven) {
        IrOp *test = s->mul ? pass_add_prim(ctx, f, at, &acc64_both_short, -1, x, y, line) : pass_add_prim(ctx, f, at, &int_is_short, -1, x, -1, line);
        IrBlock *next = new_block(ctx, f);
        pass_add_jump(ctx, at, test->dst, next, spill, line);
        at = next;
    }
    IrReg v = value_of(ctx, a, at, x, line);
    if (s->mul) {
        IrReg w = y == x ? v : value_of(ctx, a, at, y, line);
        IrOp *m = pass_add_prim(ctx, f, at, &i64_mul_ok, -1, v, w, line);
        IrBlock *next = new_block(ctx, f);
        pass_add_jump(ctx, at, m->dst, next, spill, line);
        at = next;
        v = m->outs[0];
    }
    IrOp *sum = pass_add_prim(ctx, f, at, s->sub ? &i64_sub_ok : &i64_add_ok, -1, a->narrow[s->total], v, line);
    sum->outs[0] = s->t;
    /* a sum that overflowed gives the total back (wrapping arithmetic undoes itself): the
     * old total is then dead once added, and GCC adds in place instead of copying it */
    IrBlock *undo = new_block(ctx, f);
    pass_add_prim(ctx, f, undo, s->sub ? &acc64_undo_sub : &acc64_undo_add, a->narrow[s->total], s->t, v, line);
    pass_add_jump(ctx, undo, -1, spill, NULL, line);
    pass_add_jump(ctx, at, sum->dst, pass_loopcopy_target(ctx, c, br->target, line), undo, line);
}

/* A register of the wide copy as the tier names it: a total's int64 register, a step
 * sum's int64 result. */
static IrReg tier_reg(const Acc *a, IrReg r)
{
    for (int k = 0; k < a->n; k++) {
        if (a->wide[k] == r) {
            return a->narrow[k];
        }
    }
    const Step *s = step_of_sum(a, r);
    return s ? s->t : r;
}

static Step *step_starting(Acc *a, const IrBlock *blk, int j)
{
    for (int i = 0; i < a->nsteps; i++) {
        if (a->steps[i].blk == blk && a->steps[i].at == j) {
            return &a->steps[i];
        }
    }
    return NULL;
}

/* The loop copy's hook: a step of the wide copy becomes the tier's int64 step, which
 * ends the block. */
static bool copy_tier_step(Ctx *ctx, PassLoopCopy *c, IrBlock **at, const IrBlock *ob, int j, int *last)
{
    Step *s = step_starting(c->env, ob, j);
    if (!s) {
        return false;
    }
    tier_step(ctx, c->env, c, *at, s);
    *last = ob->ops.len - 1;   /* the step's branch ended the block */
    return true;
}

/* Every other op of the tier names the tier's registers; a counter's write updates its
 * twin beside it. */
static void copied_to_tier(Ctx *ctx, PassLoopCopy *c, IrBlock *at, const IrBlock *ob, int j, IrOp *n)
{
    Acc *a = c->env;
    n->dst = n->dst >= 0 ? tier_reg(a, n->dst) : n->dst;
    for (int k = 0; k < n->nargs; k++) {
        n->args[k] = tier_reg(a, n->args[k]);
    }
    const Iv *iv = n->dst >= 0 ? iv_of(a, n->dst) : NULL;
    IrReg inc = iv ? iv->c : -1;
    bool sub = iv && iv->sub;
    if (iv && inc >= 0 && increments(ob, j, iv->x, &inc, &sub)) {   /* sx += sc beside it */
        pass_add_prim(ctx, a->f, at, iv->sub ? &acc64_iv_sub : &acc64_iv_add, iv->sx, iv->sx, iv->sc, n->line);
    } else if (iv) {
        pass_add_prim(ctx, a->f, at, &int_short_value, iv->sx, iv->x, -1, n->line);
    }
}

/* Each step's block in the wide copy splits at the step; the tier's spills go there.
 * Later steps of a block first, so earlier indices stay valid. */
static void split_wide(Ctx *ctx, Acc *a)
{
    for (int i = a->nsteps - 1; i >= 0; i--) {
        Step *s = &a->steps[i];
        IrBlock *rest = ir_new_block(ctx, a->f);
        rest->strip_edge = s->blk->strip_edge;
        rest->loop_copy = s->blk->loop_copy;
        s->blk->strip_edge = false;
        for (int k = s->at; k < s->blk->ops.len; k++) {
            vec_push(&ctx->arena, &rest->ops, s->blk->ops.data[k]);
        }
        s->blk->ops.len = s->at;
        pass_add_jump(ctx, s->blk, -1, rest, NULL, rest->ops.data[0]->line);
        s->spill_goto->target = rest;
    }
}

/* The preheader enters the tier when every total fits int64, else the wide copy. */
static void enter(Ctx *ctx, Acc *a, IrBlock *pre, IrBlock *tier_head)
{
    IrBlock *head = a->l->head, *into = new_block(ctx, a->f);
    int line = pre->ops.data[pre->ops.len - 1]->line;
    pre->ops.len--;
    IrBlock *at = pre;
    for (int k = 0; k < a->n; k++) {
        IrReg ok = pass_add_prim(ctx, a->f, at, &acc64_fits, -1, a->wide[k], -1, line)->dst;
        IrBlock *next = k + 1 == a->n ? into : ir_new_block(ctx, a->f);
        pass_add_jump(ctx, at, ok, next, head, line);
        pass_add_prim(ctx, a->f, into, &acc64_narrow, a->narrow[k], a->wide[k], -1, line);
        at = next;
    }
    for (int k = 0; k < a->nivs; k++) {
        if (a->ivs[k].konst) {
            vec_push(&ctx->arena, &into->ops, ir_copy_op(ctx, a->ivs[k].konst));
        }
        if (a->ivs[k].c >= 0) {
            pass_add_prim(ctx, a->f, into, &int_short_value, a->ivs[k].sc, a->ivs[k].c, -1, line);
        }
        pass_add_prim(ctx, a->f, into, &int_short_value, a->ivs[k].sx, a->ivs[k].x, -1, line);
    }
    pass_add_jump(ctx, into, -1, tier_head, NULL, line);
}

static bool launderable(const IrFunc *f, IrReg r)
{
    RType rt = f->regs.data[r].rt;
    return rt == RT_INT || rt == RT_I64 || rt == RT_BOOL;
}

/* Each spill launders (PYC2C_OPAQUE) the int, int64 and bool registers the loop writes
 * that are live into the wide copy's step: GCC then finds no expression computed on
 * both the tier's path and the spill's, and hoists none above the step's overflow jump.
 * Dead registers are left alone: laundering one would keep it live through the tier. */
static void launder(Ctx *ctx, Acc *a)
{
    IrFunc *f = a->f;
    bool *written = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int at = 0; at < a->l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[a->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            written[blk->ops.data[j]->dst >= 0 ? blk->ops.data[j]->dst : f->regs.len] = true;
        }
    }
    PSetStore st;
    pset_store_init(&st, &ctx->arena);
    Liveness lv = pass_liveness(&st, f, launderable, NULL);
    IrReg *live = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)(f->regs.len + 1));
    for (int i = 0; i < a->nsteps; i++) {
        IrBlock *spill = a->steps[i].spill;
        int n = pset_members(lv.in[a->steps[i].spill_goto->target->id], live);
        spill->ops.len--;   /* the goto, pushed back after */
        for (int k = 0; k < n; k++) {
            RType rt = f->regs.data[live[k]].rt;
            if (written[live[k]]) {
                pass_add_prim(ctx, f, spill, rt == RT_INT ? &acc64_opaque_int : rt == RT_I64 ? &acc64_opaque_i64 : &acc64_opaque_bool,
                       -1, live[k], -1, spill->ops.data[0]->line);
            }
        }
        vec_push(&ctx->arena, &spill->ops, a->steps[i].spill_goto);
    }
}

static int by_position(const void *x, const void *y)
{
    const Step *a = x, *b = y;
    return a->blk->id != b->blk->id ? a->blk->id - b->blk->id : a->at - b->at;
}

static void rewrite(Ctx *ctx, Acc *a, IrBlock *pre)
{
    IrFunc *f = a->f;
    qsort(a->steps, (size_t)a->nsteps, sizeof(Step), by_position);
    for (int k = 0; k < a->n; k++) {
        a->narrow[k] = ir_new_reg(ctx, f, RT_I64, NULL);
    }
    find_ivs(a);
    for (int k = 0; k < a->nivs; k++) {
        a->ivs[k].sx = ir_new_reg(ctx, f, RT_I64, NULL);
        a->ivs[k].sc = ir_new_reg(ctx, f, RT_I64, NULL);
    }
    /* steps first: their int64 results name the moves the other blocks copy */
    for (int i = 0; i < a->nsteps; i++) {
        a->steps[i].t = ir_new_reg(ctx, f, RT_I64, NULL);
    }
    PassLoopCopy c = {.f = f, .l = a->l, .env = a, .leave = leave_widened, .step = copy_tier_step,
                      .copied = copied_to_tier};
    IrBlock *head = pass_loopcopy_run(ctx, &c);
    split_wide(ctx, a);
    enter(ctx, a, pre, head);
    launder(ctx, a);
}

/* ---- driver ---- */

static bool try_loop(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l)
{
    if (l->blocks.len > MAX_BLOCKS) {
        return false;
    }
    Acc a = {.f = f, .l = l};
    if (!only_steps(&a)) {
        return false;
    }
    IrBlock *pre = pass_loop_preheader(ctx, f, loops, l);
    if (!pre) {
        return false;
    }
    rewrite(ctx, &a, pre);
    return true;
}

static bool try_loop_env(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l, void *env)
{
    (void)env;
    return try_loop(ctx, f, loops, l);
}

void pass_acc64(Ctx *ctx, IrFunc *f)
{
    if (f->generator || f->is_module_init || f->blocks.len == 0) {
        return;
    }
    PassLoopRounds rounds = {.try_loop = try_loop_env};
    if (pass_loopcopy_rounds(ctx, f, 8, &rounds)) {
        pass_cfg(ctx, f);
    }
}
