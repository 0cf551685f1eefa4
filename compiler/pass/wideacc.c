/* wideacc.c - int totals of a loop held in 128 bits (issue 17 scope item 3).
 *
 * `total += i * i` past 2**62 makes a new PyLong per step: the tagged int's fast path
 * ends at the short range. When a loop only ever adds to an int local (every read of it
 * in the loop is the left operand of `int_add`/`int_sub`, or either operand of
 * `int_add`, and every write the result of such a step), the loop gets a copy in which
 * the total lives in a Pyc2cWide register (runtime/wide.h: __int128 where the C compiler
 * has it): a step is `wide_add w, x` (`wide_muladd w, a, b` when x is a product made
 * just before it for this step only), a 128-bit add, a product of two short ints in one
 * multiply; the total is held while it lies in [-2**126, 2**126), which `wide_ok`
 * tests by its high word (no overflow flags: a step adds at most 2**126). The preheader converts the total (`wide_of_int`) and
 * enters the copy; every edge leaving the copy boxes the totals again (`wide_box`).
 *
 * A total kept below a modulus (`t = t * b % m`, `t = (t + i * i) % m`: build_fused.c's
 * int_muladd_mod with the total one factor or the addend, not the modulus) is held the
 * same way, its step `wide_muladd_mod` (`wide_addmul_mod` for the addend): the operands'
 * int64 values, the product and sum in 128 bits, the remainder with Python's sign, which
 * lies within |m| <= 2**63: a remainder past 2**62 makes no PyLong. An operand past
 * int64 or m = 0 is not held: the original loop runs that step (and raises).
 *
 * Fallback: a step whose result is not held (past 2**126, or an operand that is not a
 * short int and does not fit) boxes the totals as they were before the step and jumps
 * into the original loop at that step (its block split there), which runs the step
 * with tagged ints, exactly, and stays in the original loop from then on; a total that
 * does not fit at entry starts the original loop. A step whose operands ranges.c proved
 * short (IrFunc.never_long: range counters) takes the _SHORT form: no tag test, and in a
 * 128-bit build (`wide_exact`, a C constant) its sum is exact even when no longer held,
 * so its slow path boxes that sum and goes on in the original loop after the step: the
 * old total is dead once the step ran (no register copy per step).
 *
 * Assumes: the IR before errors and refcount, after ranges (a total proven short is
 * `int_add_short`, never a candidate); block ids are indices. Refused: generators, the
 * module body, loops with a handler (an exception would reach code that reads the total
 * from its tagged register), loops of more than MAX_BLOCKS blocks.
 * Guarantees: the same values (exact ints, CPython's), the same ops in the same order
 * but the steps; a step runs no Python code and raises nothing (a MemoryError of the
 * tagged path may come later, from a box, or not at all). */
#include <stdlib.h>
#include <string.h>
#include "pass.h"
#include "../ir/prims.h"
#include "loopcopy.h"

#define MAX_TOTALS 4
#define MAX_BLOCKS 64     /* the copy doubles the loop's C */
#define MAX_REWRITES 8    /* loops per function */

/* `t = t + x` in the loop: ops [first, first + nops) of blk (the product, the add, the
 * move of the sum into t). */
typedef struct Step {
    IrBlock *blk;
    int first, nops;
    int total;            /* index in Wide.regs */
    PrimId prim;          /* PRIM_WIDE_ADD, _SUB, _MULADD, _MULSUB, or their _SHORT forms */
    IrReg x, a, b;        /* the addend, or the product's operands (a modulo step: the
                           * operands but the total, in the prim's order) */
    IrReg m;              /* a modulo step's modulus, else -1 */
    IrOp *back;           /* the slow path's goto into the original loop, set once split */
    IrOp *after;          /* a _SHORT step's exact slow path: its goto to the original
                           * loop after the step, set once split */
} Step;

typedef struct Wide {
    IrFunc *f;
    PassLoop *l;
    const int *defs, *uses;
    const bool *paired;   /* per register: see paired_temps */
    const bool *literal;  /* per register: every write of it is a small int literal */
    IrReg regs[MAX_TOTALS], wide[MAX_TOTALS];
    int n;
    VEC(Step) steps;
} Wide;

/* ---- which registers are totals ---- */

static bool reads(const IrOp *op, IrReg r)
{
    for (int k = 0; k < op->nargs; k++) {
        if (op->args[k] == r) {
            return true;
        }
    }
    return false;
}

/* Per register: written only by int literals below 2**20 in magnitude. A total that
 * only counts by such steps needs 2**42 of them to leave the short range, and one that
 * only adds values proven short (a range counter, a length: IrFunc.never_long) some
 * 2**31 of them at least: for those the tagged add (one add, one overflow jump) is
 * cheaper than the wide one, its check and the second register it keeps live through
 * the loop (sieve's `total += k`: 3% more instructions). A product, or any other
 * addend, makes the loop worth a copy. */
static bool *small_literals(Ctx *ctx, const IrFunc *f)
{
    bool *lit = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1), *other = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int i = 0; i < f->params.len; i++) {
        other[i] = true;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->dst < 0) {
                continue;
            }
            const IrConst *k = op->kind == IR_CONST ? op->u.konst : NULL;
            bool small = k && k->kind == IRC_INT && strlen(k->text) <= 6;   /* |v| < 10**6 < 2**20 */
            lit[op->dst] |= small;
            other[op->dst] |= !small;
            for (int o = 0; o < op->nouts; o++) {
                other[op->outs[o]] = true;
            }
        }
    }
    for (int r = 0; r < f->regs.len; r++) {
        lit[r] = lit[r] && !other[r];
    }
    return lit;
}

/* Per register: a temporary each write of which is read once, by the op that follows
 * it, and nowhere else. Usually written once; whilestrip.c's strip copy of a while loop
 * writes the same temporaries in both copies, each still dead after that read. */
static bool *paired_temps(Ctx *ctx, const IrFunc *f, const int *defs, const int *uses)
{
    int *pairs = arena_alloc(&ctx->arena, sizeof(int) * ((size_t)f->regs.len + 1));
    bool *paired = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j + 1 < blk->ops.len; j++) {
            IrReg r = blk->ops.data[j]->dst;
            int n = 0;
            for (int k = 0; r >= 0 && k < blk->ops.data[j + 1]->nargs; k++) {
                n += blk->ops.data[j + 1]->args[k] == r;
            }
            pairs[r >= 0 ? r : f->regs.len] += n == 1 && blk->ops.data[j + 1]->dst != r;
        }
    }
    for (IrReg r = f->params.len; r < f->regs.len; r++) {
        paired[r] = f->regs.data[r].name == NULL && defs[r] >= 1 && pairs[r] == defs[r] && uses[r] == defs[r];
    }
    return paired;
}

/* A temporary written and read once (by the op that follows), or so at each write. */
static bool passing_temp(const Wide *w, IrReg r)
{
    return (pass_single_def_temp(w->f, w->defs, r) && w->uses[r] == 1) || w->paired[r];
}

static bool proven_short(const Wide *w, IrReg r)
{
    return w->f->never_long && w->f->never_long[r];
}

/* A step whose operands ranges.c proved short takes the _SHORT form: no tag test, and
 * (in a 128-bit build) an exact sum even when it is no longer held. */
static void short_form(const Wide *w, Step *s)
{
    if (s->a >= 0 ? proven_short(w, s->a) && proven_short(w, s->b) : proven_short(w, s->x)) {
        s->prim = s->prim == PRIM_WIDE_ADD ? PRIM_WIDE_ADD_SHORT : s->prim == PRIM_WIDE_SUB ? PRIM_WIDE_SUB_SHORT
                  : s->prim == PRIM_WIDE_MULADD ? PRIM_WIDE_MULADD_SHORT : PRIM_WIDE_MULSUB_SHORT;
    }
}

static bool is_short_form(PrimId p)
{
    return p == PRIM_WIDE_ADD_SHORT || p == PRIM_WIDE_SUB_SHORT || p == PRIM_WIDE_MULADD_SHORT || p == PRIM_WIDE_MULSUB_SHORT;
}

/* The step's result goes into t: the op writes t, or a temporary moved into t next. */
static bool result_into(const Wide *w, const IrBlock *blk, int j, IrReg t, Step *s)
{
    const IrOp *op = blk->ops.data[j];
    if (op->dst != t) {
        const IrOp *mv = j + 1 < blk->ops.len ? blk->ops.data[j + 1] : NULL;
        if (!mv || mv->kind != IR_MOVE || mv->dst != t || mv->args[0] != op->dst || !passing_temp(w, op->dst)) {
            return false;
        }
        s->nops = 2;
    }
    return true;
}

/* `t = t * y % m`, `t = (t * y + c) % m`, `t = (t + a * b) % m` (build_fused.c's
 * int_muladd_mod, int_nmuladd_mod): t once among the product and the addend, not the
 * modulus. In the copy t is held as a value below |m| and the step runs in 128 bits
 * (runtime/wide.h Pyc2cWide_MulAddMod): no PyLong for a remainder past 2**62. */
static bool mod_step_at(const Wide *w, IrBlock *blk, int j, IrReg t, Step *s)
{
    const IrOp *op = blk->ops.data[j];
    bool neg = pass_prim_is(op, "int_nmuladd_mod");
    if (!neg && !pass_prim_is(op, "int_muladd_mod")) {
        return false;
    }
    IrReg a = op->args[0], b = op->args[1], c = op->args[2], m = op->args[3];
    if ((a == t) + (b == t) + (c == t) != 1 || m == t) {
        return false;
    }
    *s = (Step){.blk = blk, .first = j, .nops = 1, .x = -1, .m = m};
    if (c == t) {
        s->prim = neg ? PRIM_WIDE_NADDMUL_MOD : PRIM_WIDE_ADDMUL_MOD;
        s->a = a;
        s->b = b;
    } else {
        s->prim = neg ? PRIM_WIDE_NMULADD_MOD : PRIM_WIDE_MULADD_MOD;
        s->a = a == t ? b : a;
        s->b = c;
    }
    return result_into(w, blk, j, t, s);
}

/* Is blk->ops[j] a step of total t? Fills s (but s->total) when it is. */
static bool step_at(const Wide *w, IrBlock *blk, int j, IrReg t, Step *s)
{
    if (mod_step_at(w, blk, j, t, s)) {
        return true;
    }
    const IrOp *op = blk->ops.data[j];
    bool add = pass_prim_is(op, "int_add"), sub = pass_prim_is(op, "int_sub");
    if (!(add || sub) || op->nargs != 2) {
        return false;
    }
    IrReg x = op->args[0] == t ? op->args[1] : add && op->args[1] == t ? op->args[0] : -1;
    if (x < 0 || x == t) {
        return false;
    }
    *s = (Step){.blk = blk, .first = j, .nops = 1, .prim = add ? PRIM_WIDE_ADD : PRIM_WIDE_SUB, .x = x, .a = -1, .b = -1, .m = -1};
    if (!result_into(w, blk, j, t, s)) {
        return false;
    }
    const IrOp *mul = j > 0 ? blk->ops.data[j - 1] : NULL;
    if (mul && pass_prim_is(mul, "int_mul") && mul->dst == x && passing_temp(w, x) && !reads(mul, t)) {
        s->prim = add ? PRIM_WIDE_MULADD : PRIM_WIDE_MULSUB;
        s->a = mul->args[0];
        s->b = mul->args[1];
        s->first--;
        s->nops++;
    }
    short_form(w, s);
    return true;
}

/* Does every op of the loop that reads or writes t belong to a step of t? The steps
 * found are added to w->steps (as total w->n) only when all do. */
static bool only_steps(Ctx *ctx, Wide *w, IrReg t)
{
    int before = w->steps.len;
    bool any = false, counts_only = true;
    for (int at = 0; at < w->l->blocks.len; at++) {
        IrBlock *blk = w->f->blocks.data[w->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            Step s;
            if (step_at(w, blk, j, t, &s)) {
                s.total = w->n;
                j = s.first + s.nops - 1;
                vec_push(&ctx->arena, &w->steps, s);
                any = true;
                counts_only &= s.a < 0 && (w->literal[s.x] || (w->f->never_long && w->f->never_long[s.x]));
            } else if (reads(op, t) || pass_op_writes(op, t)) {
                w->steps.len = before;
                return false;
            }
        }
    }
    if (counts_only) {
        w->steps.len = before;
    }
    return any && !counts_only;
}

/* The int registers the loop writes, tried as totals (at most MAX_TOTALS). */
static void find_totals(Ctx *ctx, Wide *w)
{
    IrFunc *f = w->f;
    bool *tried = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int at = 0; at < w->l->blocks.len && w->n < MAX_TOTALS; at++) {
        IrBlock *blk = f->blocks.data[w->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len && w->n < MAX_TOTALS; j++) {
            IrReg t = blk->ops.data[j]->dst;
            if (t < 0 || tried[t] || f->regs.data[t].rt != RT_INT || !f->regs.data[t].name ||
                (f->never_long && f->never_long[t])) {
                continue;
            }
            tried[t] = true;
            if (only_steps(ctx, w, t)) {
                w->regs[w->n++] = t;
            }
        }
    }
}

static bool loop_fits(const IrFunc *f, const PassLoop *l)
{
    if (l->blocks.len > MAX_BLOCKS) {
        return false;
    }
    for (int at = 0; at < l->blocks.len; at++) {
        if (f->blocks.data[l->blocks.data[at]]->unwind) {
            return false;
        }
    }
    return true;
}

/* ---- the rewrite ---- */

static IrReg add_prim(Ctx *ctx, IrFunc *f, IrBlock *b, PrimId id, IrReg dst, const IrReg *args, int nargs, int line)
{
    const Prim *p = prim(id);
    dst = dst >= 0 ? dst : ir_new_reg(ctx, f, p->result, NULL);
    IrOp *op = ir_new_op(ctx, IR_PRIM, line, dst, nargs);
    op->u.prim = p;
    if (nargs) {
        memcpy(op->args, args, sizeof(IrReg) * (size_t)nargs);
    }
    vec_push(&ctx->arena, &b->ops, op);
    return dst;
}

/* The totals boxed back into their int registers, then a goto (returned) to `to`. */
static IrOp *box_all(Ctx *ctx, const Wide *w, IrBlock *b, IrBlock *to, int line)
{
    for (int k = 0; k < w->n; k++) {
        add_prim(ctx, w->f, b, PRIM_WIDE_BOX, w->regs[k], &w->wide[k], 1, line);
    }
    return pass_add_jump(ctx, b, -1, to, NULL, line);
}

static Step *step_starting(const Wide *w, const IrBlock *blk, int j)
{
    for (int i = 0; i < w->steps.len; i++) {
        if (w->steps.data[i].blk == blk && w->steps.data[i].first == j) {
            return &w->steps.data[i];
        }
    }
    return NULL;
}

/* An exit of the copy: the totals boxed back into their int registers, then on to `to`. */
static void leave_boxed(Ctx *ctx, PassLoopCopy *c, IrBlock *b, IrBlock *to, int line)
{
    box_all(ctx, c->env, b, to, line);
}

/* A _SHORT step's slow path: where the sum is exact (wide_exact, a C constant), the
 * totals are boxed with that sum and the original loop goes on after the step (s->after);
 * else as any step's. */
static IrBlock *exact_exit(Ctx *ctx, Wide *w, IrBlock *slow, Step *s, IrReg sum, int line)
{
    IrFunc *f = w->f;
    IrReg exact = add_prim(ctx, f, slow, PRIM_WIDE_EXACT, -1, NULL, 0, line);
    IrBlock *after = ir_new_block(ctx, f), *before = ir_new_block(ctx, f);
    pass_add_jump(ctx, slow, exact, after, before, line);
    for (int k = 0; k < w->n; k++) {
        add_prim(ctx, f, after, PRIM_WIDE_BOX, w->regs[k], k == s->total ? &sum : &w->wide[k], 1, line);
    }
    s->after = pass_add_jump(ctx, after, -1, NULL, NULL, line);
    return before;
}

/* The step in the copy: the wide op, then on to `cont` when it held, else box and back
 * to the original loop (s->back, targeted once the original is split). */
static IrBlock *copy_step(Ctx *ctx, Wide *w, IrBlock *at, Step *s)
{
    IrFunc *f = w->f;
    int line = s->blk->ops.data[s->first + s->nops - 1]->line;
    IrReg args[4] = {w->wide[s->total], s->a >= 0 ? s->a : s->x, s->b, s->m};
    bool addend = s->prim == PRIM_WIDE_ADDMUL_MOD || s->prim == PRIM_WIDE_NADDMUL_MOD;
    if (addend) {   /* the total is the third operand */
        args[0] = s->a;
        args[1] = s->b;
        args[2] = w->wide[s->total];
    }
    IrReg sum = add_prim(ctx, f, at, s->prim, -1, args, s->m >= 0 ? 4 : s->a >= 0 ? 3 : 2, line);
    IrReg ok = add_prim(ctx, f, at, PRIM_WIDE_OK, -1, &sum, 1, line);
    IrBlock *cont = ir_new_block(ctx, f), *slow = ir_new_block(ctx, f);
    pass_add_jump(ctx, at, ok, cont, slow, line);
    if (is_short_form(s->prim)) {
        slow = exact_exit(ctx, w, slow, s, sum, line);
    }
    s->back = box_all(ctx, w, slow, NULL, line);
    IrOp *mv = ir_new_op(ctx, IR_MOVE, line, w->wide[s->total], 1);
    mv->args[0] = sum;
    vec_push(&ctx->arena, &cont->ops, mv);
    return cont;
}

/* The loop copy's hook: a step of the loop becomes its wide form. */
static bool copy_wide_step(Ctx *ctx, PassLoopCopy *c, IrBlock **at, const IrBlock *ob, int j, int *last)
{
    Wide *w = c->env;
    Step *s = step_starting(w, ob, j);
    if (!s) {
        return false;
    }
    *at = copy_step(ctx, w, *at, s);
    *last = j + s->nops - 1;
    return true;
}

/* Each step's block in the original loop splits at the step (and a _SHORT step's after
 * it too); the copy's slow paths of the step go there. Later steps of a block first, so
 * earlier indices stay valid. */
static void split_original(Ctx *ctx, Wide *w)
{
    for (int i = w->steps.len - 1; i >= 0; i--) {
        Step *s = &w->steps.data[i];
        IrBlock *rest = pass_split_at(ctx, w->f, s->blk, s->first);
        s->back->target = rest;
        if (s->after) {
            s->after->target = pass_split_at(ctx, w->f, rest, s->nops);
        }
    }
}

static int by_position(const void *x, const void *y)
{
    const Step *a = x, *b = y;
    return a->blk->id != b->blk->id ? a->blk->id - b->blk->id : a->first - b->first;
}

/* The preheader converts each total and enters the copy when all fit, else the loop.
 * The copy is entered through a block of its own (the moves into the wide registers),
 * where the refcount pass releases the tagged totals, once, not at the copy's head. */
static void enter(Ctx *ctx, Wide *w, IrBlock *pre, IrBlock *copy_head)
{
    IrBlock *head = w->l->head, *into = ir_new_block(ctx, w->f);
    int line = pre->ops.data[pre->ops.len - 1]->line;
    pre->ops.len--;
    IrBlock *at = pre;
    for (int k = 0; k < w->n; k++) {
        IrReg v = add_prim(ctx, w->f, at, PRIM_WIDE_OF_INT, -1, &w->regs[k], 1, line);
        IrReg ok = add_prim(ctx, w->f, at, PRIM_WIDE_OK, -1, &v, 1, line);
        IrBlock *next = k + 1 == w->n ? into : ir_new_block(ctx, w->f);
        pass_add_jump(ctx, at, ok, next, head, line);
        IrOp *mv = ir_new_op(ctx, IR_MOVE, line, w->wide[k], 1);
        mv->args[0] = v;
        vec_push(&ctx->arena, &into->ops, mv);
        at = next;
    }
    pass_add_jump(ctx, into, -1, copy_head, NULL, line);
}

static void rewrite(Ctx *ctx, Wide *w, IrBlock *pre)
{
    IrFunc *f = w->f;
    qsort(w->steps.data, (size_t)w->steps.len, sizeof(Step), by_position);
    for (int k = 0; k < w->n; k++) {
        w->wide[k] = ir_new_reg(ctx, f, RT_WIDE, NULL);
    }
    PassLoopCopy c = {.f = f, .l = w->l, .env = w, .leave = leave_boxed, .step = copy_wide_step};
    IrBlock *head = pass_loopcopy_run(ctx, &c);
    split_original(ctx, w);
    enter(ctx, w, pre, head);
}

/* ---- driver ---- */

/* What every loop of a round asks of the function, found once per round (a rewrite
 * ends the round), so that trying n loops costs their size, not n times the function's. */
typedef struct Facts {
    const int *defs, *uses;
    const bool *literal, *paired;
} Facts;

static bool try_loop(Ctx *ctx, IrFunc *f, const Facts *facts, PassLoopVec *loops, PassLoop *l)
{
    if (!loop_fits(f, l)) {
        return false;
    }
    Wide w = {.f = f, .l = l, .defs = facts->defs, .uses = facts->uses, .literal = facts->literal,
              .paired = facts->paired};
    find_totals(ctx, &w);
    if (w.n == 0) {
        return false;
    }
    IrBlock *pre = pass_loop_preheader(ctx, f, loops, l);
    if (!pre) {
        return false;
    }
    rewrite(ctx, &w, pre);
    return true;
}

static void find_facts(Ctx *ctx, IrFunc *f, void *env)
{
    Facts *facts = env;
    *facts = (Facts){pass_count_defs(ctx, f), pass_count_uses(ctx, f), small_literals(ctx, f), NULL};
    facts->paired = paired_temps(ctx, f, facts->defs, facts->uses);
}

static bool try_loop_env(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l, void *env)
{
    return try_loop(ctx, f, env, loops, l);
}

void pass_wideacc(Ctx *ctx, IrFunc *f)
{
    if (f->generator || f->is_module_init || f->blocks.len == 0) {
        return;
    }
    int nregs = f->regs.len;
    Facts facts;
    PassLoopRounds rounds = {.env = &facts, .begin = find_facts, .try_loop = try_loop_env};
    if (pass_loopcopy_rounds(ctx, f, MAX_REWRITES, &rounds)) {
        pass_extend_never_long(ctx, f, nregs);
        pass_cfg(ctx, f);
    }
}
