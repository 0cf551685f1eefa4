/* constidx.c - one size check for a run of constant-index list accesses:
 *
 *     b = bodies[j]
 *     dx = a[0] - b[0] ... a[3] -= dx * bm ... b[5] += dz * am
 *
 * Each a[k] with a constant k >= 0 (ranges.c made it an *_idx op) compares k with
 * len(a). In a run of quiet ops, one check before the run's first such access,
 * `known = len(a) > ka & len(b) > kb` (ka: the largest constant used on a in the run),
 * serves them all: each takes its *_known form, which skips the compare while the flag
 * holds and makes it when not. A store in the run whose release of the old item could
 * run Python code clears the flag (Pyc2c_ListReleaseK); accesses after it compare again.
 * A run lies in one block. Quiet ops cannot shrink a list, run Python code or rebind an
 * object register (the refcount pass releases the old value there): consts and moves of
 * unboxed values, arithmetic on unboxed values (int_ float_ bool_ i64_ i32_ range_
 * math_), reads of int, bool and float items and of lengths, and stores of items that no
 * other flag covers yet. A run ends before any other op, and after an op at which an
 * object operand dies (the refcount pass releases it right after: a finalizer could
 * run). Liveness is taken here, just before the error branches and refcounts: those add
 * only edges (to handlers), so a register live here is live there; a value live only on
 * a handler edge is released on entry to the first block after the run's last access
 * that cannot fail, and every flagged op can fail.
 * Assumes: ranges done (the *_idx forms); after bounds (whose flagged stores end a run)
 * and classchecks, immediately before errors.
 * Guarantees: an op given the flag reads or writes an item of its list only when the
 * index is below the list's current size; everything else is unchanged. */
#include <stdlib.h>
#include <string.h>
#include "liveness.h"
#include "pass.h"
#include "../ir/prims.h"

enum { MAX_LISTS = 8, MAX_COPY = 400 };   /* lists checked per run; ops copied */

typedef struct Cix {
    Ctx *ctx;
    IrFunc *f;
    PassWriters writers;
    PSetStore sets;
    Liveness lv;
    bool have_lv;
    bool *live;   /* scratch per register, false between blocks */
    bool *dies;   /* per op of the block at hand: an object operand dies at it */
    int dies_cap;
} Cix;

static bool is_object(const IrFunc *f, IrReg r)
{
    return r >= 0 && !pass_reg_unboxed(f, r);
}

/* The constant index of an *_idx op whose index register one IR_CONST writes, else -1. */
static long const_index(const Cix *s, const IrOp *op)
{
    const Prim *known = pass_known_form(op, true);
    if (!known || !pass_is_known_form(known)) {
        return -1;
    }
    IrReg r = op->args[1];
    const char *t = pass_sole_digits(s->f, &s->writers, r);
    if (!t || strlen(t) > 9) {
        return -1;
    }
    return strtol(t, NULL, 10);
}

/* Can op not shrink a list, run Python code, nor rebind an object register? */
static bool quiet(const IrFunc *f, const IrOp *op)
{
    static const char *const arith[] = {"int_", "float_", "bool_", "i64_", "i32_", "range_", "math_", NULL};
    static const char *const reads[] = {"list_get_int", "list_get_bool", "list_get_float", "list_len", NULL};
    if (op->kind != IR_CONST && op->kind != IR_MOVE && op->kind != IR_PRIM) {
        return false;
    }
    if (is_object(f, op->dst)) {
        return false;
    }
    for (int k = 0; k < op->nouts; k++) {
        if (is_object(f, op->outs[k])) {
            return false;
        }
    }
    if (op->kind != IR_PRIM) {
        return true;
    }
    /* a store no flag covers yet (a flagged one clears only its own flag) */
    if (pass_known_form(op, false) || pass_prim_prefixed(op, reads)) {
        return true;
    }
    return pass_operands_unboxed(f, op) && pass_prim_prefixed(op, arith);
}

static bool frame_held_object(const IrFunc *f, IrReg r)
{
    return f->regs.data[r].frame_held && is_object(f, r);
}

/* Liveness of object registers, exits using the frame-held locals (as refcount.c). */
static void need_liveness(Cix *s)
{
    if (s->have_lv) {
        return;
    }
    IrReg *held = arena_alloc(&s->ctx->arena, sizeof(IrReg) * (size_t)(s->f->regs.len + 1));
    int n = 0;
    for (int r = 0; r < s->f->regs.len; r++) {
        if (frame_held_object(s->f, r)) {
            held[n++] = r;
        }
    }
    pset_store_init(&s->sets, &s->ctx->arena);
    s->lv = pass_liveness(&s->sets, s->f, is_object, pset_from(&s->sets, held, n));
    s->live = arena_alloc(&s->ctx->arena, (size_t)s->f->regs.len + 1);
    s->have_lv = true;
}

static void mark_regs(Cix *s, const IrOp *op, const PSet *out, bool clear)
{
    for (int k = -1; k < op->nargs + op->nouts; k++) {
        IrReg r = k < 0 ? op->dst : k < op->nargs ? op->args[k] : op->outs[k - op->nargs];
        if (is_object(s->f, r)) {
            s->live[r] = !clear && pset_has(out, r);
        }
    }
}

/* s->dies[j]: an object operand of op j of b is not live after it. */
static void find_deaths(Cix *s, const IrBlock *b)
{
    need_liveness(s);
    if (b->ops.len > s->dies_cap) {
        s->dies_cap = b->ops.len * 2;
        s->dies = arena_alloc(&s->ctx->arena, (size_t)s->dies_cap);
    }
    const PSet *out = s->lv.out[b->id];
    for (int j = 0; j < b->ops.len; j++) {
        mark_regs(s, b->ops.data[j], out, false);
    }
    for (int j = b->ops.len - 1; j >= 0; j--) {
        const IrOp *op = b->ops.data[j];
        bool term = ir_op_is_terminator(op->kind);
        s->dies[j] = false;
        for (int k = 0; k < op->nargs && !term; k++) {
            s->dies[j] |= is_object(s->f, op->args[k]) && !s->live[op->args[k]];
        }
        for (int k = -1; k < op->nouts; k++) {
            IrReg r = k < 0 ? op->dst : op->outs[k];
            if (is_object(s->f, r)) {
                s->live[r] = false;
            }
        }
        for (int k = 0; k < op->nargs; k++) {
            if (is_object(s->f, op->args[k])) {
                s->live[op->args[k]] = true;
            }
        }
    }
    for (int j = 0; j < b->ops.len; j++) {
        mark_regs(s, b->ops.data[j], out, true);
    }
}

/* ---- one run: ops [from, to) of b ---- */

typedef struct RunLists {
    IrReg list[MAX_LISTS];
    long max[MAX_LISTS];
    int n, accesses, first;
} RunLists;

static int list_slot(RunLists *r, IrReg l)
{
    for (int i = 0; i < r->n; i++) {
        if (r->list[i] == l) {
            return i;
        }
    }
    if (r->n == MAX_LISTS) {
        return -1;
    }
    r->list[r->n] = l;
    r->max[r->n] = -1;
    return r->n++;
}

static RunLists run_lists(const Cix *s, const IrBlock *b, int from, int to)
{
    RunLists r = {.first = -1};
    for (int j = from; j < to; j++) {
        const IrOp *op = b->ops.data[j];
        long k = const_index(s, op);
        int slot = k >= 0 ? list_slot(&r, op->args[0]) : -1;
        if (slot >= 0) {
            r.max[slot] = k > r.max[slot] ? k : r.max[slot];
            r.accesses++;
            r.first = r.first < 0 ? j : r.first;
        }
    }
    return r;
}

static bool tracked(const RunLists *r, IrReg l)
{
    for (int i = 0; i < r->n; i++) {
        if (r->list[i] == l) {
            return true;
        }
    }
    return false;
}

static IrOp *new_prim(Cix *s, PrimId id, IrReg dst, IrReg a0, IrReg a1, int line)
{
    const Prim *p = prim(id);
    IrOp *op = ir_new_op(s->ctx, IR_PRIM, line, dst >= 0 ? dst : ir_new_reg(s->ctx, s->f, p->result, NULL), p->nargs);
    op->u.prim = p;
    op->args[0] = a0;
    if (p->nargs > 1) {
        op->args[1] = a1;
    }
    return op;
}

static IrOp *new_i64_const(Cix *s, long v, int line)
{
    IrOp *op = ir_new_op(s->ctx, IR_CONST, line, ir_new_reg(s->ctx, s->f, RT_I64, NULL), 0);
    op->u.konst = ARENA_NEW(&s->ctx->arena, IrConst);
    op->u.konst->kind = IRC_INT;
    op->u.konst->text = arena_printf(&s->ctx->arena, "%ld", v);
    op->u.konst->pool_index = -1;
    return op;
}

/* Appends to b: known = len(l0) > k0 & len(l1) > k1 & ... */
static void append_check(Cix *s, IrBlock *b, const RunLists *r, IrReg known, int line)
{
    IrReg acc = -1;
    for (int i = 0; i < r->n; i++) {
        bool last = i == r->n - 1;
        IrOp *len = new_prim(s, PRIM_LIST_LEN, -1, r->list[i], -1, line);
        IrOp *k = new_i64_const(s, r->max[i], line);
        IrOp *gt = new_prim(s, PRIM_I64_GT, last && r->n == 1 ? known : -1, len->dst, k->dst, line);
        ir_append(s->ctx, b, len);
        ir_append(s->ctx, b, k);
        ir_append(s->ctx, b, gt);
        if (acc >= 0) {
            gt = new_prim(s, PRIM_BOOL_AND, last ? known : -1, acc, gt->dst, line);
            ir_append(s->ctx, b, gt);
        }
        acc = gt->dst;
    }
}

static IrBlock *new_block(Cix *s, const IrBlock *like, bool copy)
{
    IrBlock *nb = ir_new_block(s->ctx, s->f);
    nb->unwind = like->unwind;
    nb->loop_copy = like->loop_copy || copy;
    return nb;
}

/* The form op takes in the fast copy, or NULL (copied as it is). */
static const Prim *fast_form(const Cix *s, const RunLists *r, const IrOp *op)
{
    return pass_known_form(op, const_index(s, op) >= 0 && tracked(r, op->args[0]));
}

/* Versions ops [first, to) of b, which end with its last flagged op:
 *     b:   ... known = len(a) > ka & ...; branch known -> F0, S0
 *     S*:  the ops as they were (each compares its index)
 *     F*:  copies, the accesses in their *_known forms, stores in forms that clear the
 *          flag; after each store, branch known -> the next F, else the S after it
 *     both end in a goto to T, the rest of b.
 * The copies write the registers the originals write (no pass after this one counts
 * writes). */
static void version_run(Cix *s, IrBlock *b, const RunLists *r, int to)
{
    int n = b->ops.len, first = r->first, line = b->ops.data[first]->line;
    IrOp **ops = arena_alloc(&s->ctx->arena, sizeof(IrOp *) * (size_t)n);
    memcpy(ops, b->ops.data, sizeof(IrOp *) * (size_t)n);
    IrBlock *t = new_block(s, b, false), *slow = new_block(s, b, false), *fast = new_block(s, b, true);
    for (int j = to; j < n; j++) {
        ir_append(s->ctx, t, ops[j]);
    }
    IrReg known = ir_new_reg(s->ctx, s->f, RT_BOOL, NULL);
    b->ops.len = first;
    append_check(s, b, r, known, line);
    pass_add_jump(s->ctx, b, known, fast, slow, line);
    for (int j = first; j < to; j++) {
        const Prim *form = fast_form(s, r, ops[j]);
        IrOp *c = ir_copy_op(s->ctx, ops[j]);
        if (form) {
            pass_give_flag(s->ctx, c, form, known);
        }
        ir_append(s->ctx, slow, ops[j]);
        ir_append(s->ctx, fast, c);
        if (form && strncmp(form->name, "list_set", 8) == 0 && j + 1 < to) {   /* may have cleared it */
            IrBlock *slow2 = new_block(s, b, false), *fast2 = new_block(s, b, true);
            pass_add_jump(s->ctx, slow, -1, slow2, NULL, line);
            pass_add_jump(s->ctx, fast, known, fast2, slow2, line);
            slow = slow2;
            fast = fast2;
        }
    }
    pass_add_jump(s->ctx, slow, -1, t, NULL, line);
    pass_add_jump(s->ctx, fast, -1, t, NULL, line);
}

/* Versions the run's ops from its first access to its last flagged op when it holds two
 * accesses at constant indices. */
static void rewrite_run(Cix *s, IrBlock *b, int from, int to)
{
    RunLists r = run_lists(s, b, from, to);
    if (r.accesses < 2) {
        return;
    }
    while (!fast_form(s, &r, b->ops.data[to - 1])) {
        to--;
    }
    if (to - r.first <= MAX_COPY) {
        version_run(s, b, &r, to);
    }
}

/* Does b hold two accesses at constant indices (worth a liveness)? */
static bool worth_it(const Cix *s, const IrBlock *b)
{
    int n = 0;
    for (int j = 0; j < b->ops.len && n < 2; j++) {
        n += const_index(s, b->ops.data[j]) >= 0;
    }
    return n >= 2;
}

static void constidx_block(Cix *s, IrBlock *b)
{
    find_deaths(s, b);
    int nruns = 0;
    int *bounds = arena_alloc(&s->ctx->arena, sizeof(int) * (size_t)(2 * b->ops.len + 2));
    int from = 0;
    for (int j = 0; j < b->ops.len; j++) {
        const IrOp *op = b->ops.data[j];
        bool term = ir_op_is_terminator(op->kind), q = !term && quiet(s->f, op);
        int end = q && s->dies[j] ? j + 1 : q ? -1 : j;
        if (end >= 0) {
            bounds[2 * nruns] = from;
            bounds[2 * nruns++ + 1] = end;
            from = j + 1;
        }
    }
    for (int i = nruns - 1; i >= 0; i--) {   /* from the back: insertions keep earlier indices */
        rewrite_run(s, b, bounds[2 * i], bounds[2 * i + 1]);
    }
}

void pass_constidx(Ctx *ctx, IrFunc *f)
{
    if (f->generator) {
        return;
    }
    Cix s = {.ctx = ctx, .f = f, .writers = pass_writers(ctx, f)};
    int nblocks = f->blocks.len;
    for (int bi = 0; bi < nblocks; bi++) {
        IrBlock *b = f->blocks.data[bi];
        if (worth_it(&s, b)) {
            constidx_block(&s, b);
        }
    }
}
