/* intchain.c - straight-line int chains computed on int64 first:
 *
 *     return 1.0 / (ij * (ij + 1) // 2 + i + 1)
 *
 * Each tagged op (int_mul, int_floordiv, int_add, int_to_float) tests its operands'
 * tags, checks overflow and falls back to a slow call whose result may be an error, so
 * the C compiler keeps every tag test and error test: the slow paths merge back after
 * each op. Here a run of such ops in one block (int arithmetic, comparisons and
 * int_to_float, with constants between) is versioned once:
 *
 *     b:     consts of the run; int_is_short of each operand not known short (two at
 *            once: int_both_short), a branch: all short -> fast, else slow
 *     fast:  the operands' values on int64 (int_short_value), each op on them:
 *            + - * and negation with the overflow flag (i64_add_ok ...: a branch to slow),
 *            // and % in Python's rounding after a divisor test (i64_div_ok: not 0, not
 *            INT64_MIN // -1) unless the divisor is a constant; proven ops (int_add_short
 *            ...) plain; each int the rest of the function reads tested to fit the short
 *            range (i64_fits_short), then written (int_from_short), a float or a
 *            comparison written from the int64 values; goto t
 *     slow:  the run's ops as they were (tagged, exact ints, their exceptions); goto t
 *     t:     the rest of b
 *
 * The fast path writes no register the run had before it has passed every test, so the
 * slow path starts from the same operands and computes the run exactly: whatever the
 * fast path left (an overflow in the middle, a long operand, a zero divisor, a result
 * past the short range) is recomputed with CPython's ints and raises where the run
 * raised before. Nothing in a run calls out or releases an object.
 * Worth it when the tests it saves outweigh those it adds (run_score).
 * Assumes: ranges done (its _short forms), after wideacc (which takes loop totals) and
 * i64copy; before errors and refcount (no error branches yet).
 * Guarantees: the same values and exceptions, each raised by the same op at its line. */
#include <stdlib.h>
#include <string.h>
#include "pass.h"
#include "i64_prims.h"

enum { MAX_RUN = 64, MAX_LEAVES = 16, MIN_SCORE = 6 };

typedef enum Kind {
    K_ADD, K_SUB, K_MUL, K_FLOORDIV, K_MOD, K_NEG, K_AND, K_OR, K_XOR, K_TO_FLOAT,
    K_EQ, K_NE, K_LT, K_LE, K_GT, K_GE, K_MOVE, K_COUNT
} Kind;

/* The ops a run holds; proven: ranges.c showed the result short (// and %: the divisor
 * nonzero), so the op tests nothing. */
static const struct { const char *name; Kind kind; bool proven; } chain_prims[] = {
    {"int_add", K_ADD, false}, {"int_sub", K_SUB, false}, {"int_mul", K_MUL, false},
    {"int_floordiv", K_FLOORDIV, false}, {"int_mod", K_MOD, false}, {"int_neg", K_NEG, false},
    {"int_and", K_AND, false}, {"int_or", K_OR, false}, {"int_xor", K_XOR, false},
    {"int_to_float", K_TO_FLOAT, false},
    {"int_add_short", K_ADD, true}, {"int_sub_short", K_SUB, true}, {"int_mul_short", K_MUL, true},
    {"int_floordiv_short", K_FLOORDIV, true}, {"int_mod_short", K_MOD, true},
    {"int_short_to_float", K_TO_FLOAT, true},
    {"int_eq", K_EQ, true}, {"int_ne", K_NE, true}, {"int_lt", K_LT, true}, {"int_le", K_LE, true},
    {"int_gt", K_GT, true}, {"int_ge", K_GE, true},
    {"int_lt_short", K_LT, true}, {"int_le_short", K_LE, true}, {"int_gt_short", K_GT, true},
    {"int_ge_short", K_GE, true},
    {"move", K_MOVE, true},   /* last: an int move (`ij = i + j`), no prim */
};
enum { MOVE_INDEX = sizeof chain_prims / sizeof chain_prims[0] - 1 };

/* ---- the fast path's primitives (runtime/pyc2c.h, runtime/intchain.h) ---- */
#define FAST_PRIM(id, res, n, a0, a1, tmpl) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = n, .args = {RT_##a0, RT_##a1}, .c_template = tmpl}
#define OK_PRIM(id, n, tmpl) \
    static const Prim id = {.name = #id, .result = RT_BOOL, .nargs = n, .args = {RT_I64, RT_I64}, .out = RT_I64, \
                            .c_template = tmpl}
/* the fast path's first op: nothing in the C, the run's line for --report (report_generic.c) */
static const Prim int_chain_fast = {.name = "int_chain_fast", .result = RT_VOID, .c_template = "(void)0"};
FAST_PRIM(int_both_short, BOOL, 2, INT, INT, "PYC2C_LIKELY(Pyc2cInt_IsShort($0 | $1))");
FAST_PRIM(i64_fits_short, BOOL, 1, I64, VOID, "PYC2C_LIKELY(Pyc2cInt_FitsShort($0))");
FAST_PRIM(int_of_short_i64, INT, 1, I64, VOID, "Pyc2cInt_FromShort($0)");
FAST_PRIM(i64_div_ok, BOOL, 2, I64, I64, "PYC2C_LIKELY($1 != 0 && ($1 != -1 || $0 != INT64_MIN))");
FAST_PRIM(i64_floordiv_py, I64, 2, I64, I64, "Pyc2cI64_FloorDivPy($0, $1)");
FAST_PRIM(i64_mod_py, I64, 2, I64, I64, "Pyc2cI64_ModPy($0, $1)");
OK_PRIM(i64_neg_ok, 1, "PYC2C_LIKELY(!__builtin_sub_overflow((int64_t)0, $0, &$o))");

typedef struct Ic {
    Ctx *ctx;
    IrFunc *f;
    int *defs, *uses;
    PassWriters writers;
    int nregs;         /* registers before this pass: the facts cover these */
} Ic;

/* The run in hand: its ops, leaves (registers read before the run writes them) and the
 * int64 register holding each register's value as the fast path goes. */
typedef struct Run {
    IrBlock *b;
    IrOp **ops;        /* b's ops as they were: the run is ops[from, to) */
    int from, to;
    IrReg leaf[MAX_LEAVES];
    int nleaves;
    IrReg key[2 * MAX_RUN + MAX_LEAVES], val[2 * MAX_RUN + MAX_LEAVES];
    bool fits[2 * MAX_RUN + MAX_LEAVES];   /* the value is known to be in the short range */
    int nvals;
    IrBlock *slow, *cur;
} Run;

static int chain_index(const IrFunc *f, const IrOp *op)
{
    if (op->kind == IR_MOVE) {
        bool ints = f->regs.data[op->dst].rt == RT_INT && f->regs.data[op->args[0]].rt == RT_INT;
        return ints ? MOVE_INDEX : -1;
    }
    if (op->kind != IR_PRIM || op->nouts != 0) {
        return -1;
    }
    for (int i = 0; i < MOVE_INDEX; i++) {
        if (strcmp(op->u.prim->name, chain_prims[i].name) == 0) {
            return i;
        }
    }
    return -1;
}

/* A short int constant's value (the register's one write), in *v. */
static bool const_value(const Ic *s, IrReg r, long long *v)
{
    const PassWriters *w = &s->writers;
    if (r < s->f->params.len || r >= w->nregs || w->start[r + 1] != w->start[r] + 1) {
        return false;
    }
    const IrOp *k = w->ops[w->start[r]];
    if (k->kind != IR_CONST || k->u.konst->kind != IRC_INT || k->u.konst->pool_index >= 0 || !k->u.konst->text) {
        return false;
    }
    char *end;
    long long x = strtoll(k->u.konst->text, &end, 10);
    if (*end != '\0' || x < -(1LL << 61) || x > (1LL << 61)) {
        return false;
    }
    *v = x;
    return true;
}

/* Does every write of r leave a short int (a constant, an op ranges.c proved)? */
static bool known_short(const Ic *s, IrReg r)
{
    long long v;
    if (s->f->never_long && r < s->nregs && s->f->never_long[r]) {
        return true;
    }
    if (const_value(s, r, &v)) {
        return true;
    }
    const PassWriters *w = &s->writers;
    if (r < s->f->params.len || r >= w->nregs || w->start[r + 1] == w->start[r]) {
        return false;
    }
    for (int i = w->start[r]; i < w->start[r + 1]; i++) {
        const IrOp *op = w->ops[i];
        int c = chain_index(s->f, op);
        if (op->kind != IR_PRIM || op->u.prim->result != RT_INT ||
            !(strcmp(op->u.prim->name, "int_from_short") == 0 || (c >= 0 && chain_prims[c].proven))) {
            return false;
        }
    }
    return true;
}

/* A constant the run may move before itself: a temporary written once. */
static bool hoistable(const Ic *s, const IrOp *op)
{
    return op->kind == IR_CONST && op->dst >= 0 && op->dst < s->nregs && pass_single_def_temp(s->f, s->defs, op->dst);
}

/* ---- the value map ---- */

static int find(const Run *r, IrReg key)
{
    for (int i = r->nvals - 1; i >= 0; i--) {
        if (r->key[i] == key) {
            return i;
        }
    }
    return -1;
}

static IrReg lookup(const Run *r, IrReg key)
{
    int i = find(r, key);
    return i >= 0 ? r->val[i] : -1;
}

static bool lookup_fits(const Run *r, IrReg key)
{
    int i = find(r, key);
    return i >= 0 && r->fits[i];
}

static void bind(Run *r, IrReg key, IrReg val, bool fits)
{
    r->key[r->nvals] = key;
    r->fits[r->nvals] = fits;
    r->val[r->nvals++] = val;
}

/* Is op's result short whenever its operands are: a proven op, a move of such a value? */
static bool keeps_short(const Ic *s, const Run *r, const IrOp *op, int c)
{
    return c == MOVE_INDEX ? lookup_fits(r, op->args[0]) : chain_prims[c].proven && s->f->regs.data[op->dst].rt == RT_INT;
}

static bool written_in_run(const Run *r, IrReg x, int before)
{
    for (int j = r->from; j < before; j++) {
        const IrOp *op = r->ops[j];
        if (op->kind != IR_CONST && op->dst == x) {   /* the run's other ops are chain ops */
            return true;
        }
    }
    return false;
}

/* Collects the leaves; false when there are too many or one is not an int. */
static bool find_leaves(const Ic *s, Run *r)
{
    r->nleaves = 0;
    for (int j = r->from; j < r->to; j++) {
        const IrOp *op = r->ops[j];
        for (int k = 0; chain_index(s->f, op) >= 0 && k < op->nargs; k++) {
            IrReg x = op->args[k];
            bool seen = false;
            for (int i = 0; i < r->nleaves; i++) {
                seen |= r->leaf[i] == x;
            }
            if (seen || written_in_run(r, x, j)) {
                continue;
            }
            if (r->nleaves == MAX_LEAVES || s->f->regs.data[x].rt != RT_INT) {
                return false;
            }
            r->leaf[r->nleaves++] = x;
        }
    }
    return true;
}

/* Is the register op writes read outside the run (or named, or written elsewhere)? */
static bool is_exit(const Ic *s, const Run *r, IrReg x)
{
    if (x >= s->nregs || !pass_single_def_temp(s->f, s->defs, x)) {
        return true;
    }
    int inside = 0;
    for (int j = r->from; j < r->to; j++) {
        const IrOp *op = r->ops[j];
        for (int k = 0; k < op->nargs; k++) {
            inside += op->args[k] == x;
        }
    }
    return inside != s->uses[x];
}

/* ---- building the fast path ---- */

static IrBlock *new_block(Ic *s, const IrBlock *like)
{
    IrBlock *nb = ir_new_block(s->ctx, s->f);
    nb->unwind = like->unwind;
    nb->loop_copy = like->loop_copy;
    return nb;
}

/* Ends r->cur in a branch on flag: true goes on in a new block, false to the slow path. */
static void test_or_slow(Ic *s, Run *r, IrReg flag, int line)
{
    IrBlock *next = new_block(s, r->b);
    pass_add_jump(s->ctx, r->cur, flag, next, r->slow, line);
    r->cur = next;
}

static IrReg i64_const(Ic *s, IrBlock *b, long long v, int line)
{
    IrOp *op = ir_new_op(s->ctx, IR_CONST, line, ir_new_reg(s->ctx, s->f, RT_I64, NULL), 0);
    op->u.konst = ARENA_NEW(&s->ctx->arena, IrConst);
    op->u.konst->kind = IRC_INT;
    op->u.konst->text = arena_printf(&s->ctx->arena, "%lld", v);
    op->u.konst->pool_index = -1;
    ir_append(s->ctx, b, op);
    return op->dst;
}

/* x // y or x % y: a test of the divisor unless it is a constant other than 0 and -1. */
static IrReg divide(Ic *s, Run *r, const IrOp *op, IrReg x, IrReg y, Kind k, bool proven)
{
    long long d;
    if (!proven && !(const_value(s, op->args[1], &d) && d != 0 && d != -1)) {
        test_or_slow(s, r, pass_add_prim(s->ctx, s->f, r->cur, &i64_div_ok, -1, x, y, op->line)->dst, op->line);
    }
    return pass_add_prim(s->ctx, s->f, r->cur, k == K_FLOORDIV ? &i64_floordiv_py : &i64_mod_py, -1, x, y, op->line)->dst;
}

/* The int64 value of op's result (a double for int_to_float, a bool for comparisons). */
static IrReg fast_op(Ic *s, Run *r, const IrOp *op, Kind k, bool proven)
{
    static const PrimId proven_ids[K_COUNT] = {[K_ADD] = PRIM_I64_ADD_PROVEN, [K_SUB] = PRIM_I64_SUB_PROVEN,
                                        [K_MUL] = PRIM_I64_MUL_PROVEN, [K_AND] = PRIM_I64_AND,
                                        [K_OR] = PRIM_I64_OR, [K_XOR] = PRIM_I64_XOR,
                                        [K_TO_FLOAT] = PRIM_I64_TO_FLOAT, [K_EQ] = PRIM_I64_EQ,
                                        [K_NE] = PRIM_I64_NE, [K_LT] = PRIM_I64_LT, [K_LE] = PRIM_I64_LE,
                                        [K_GT] = PRIM_I64_GT, [K_GE] = PRIM_I64_GE};
    static const Prim *const ok[K_COUNT] = {[K_ADD] = &i64_add_ok, [K_SUB] = &i64_sub_ok, [K_MUL] = &i64_mul_ok,
                                     [K_NEG] = &i64_neg_ok};
    IrReg x = lookup(r, op->args[0]), y = op->nargs > 1 ? lookup(r, op->args[1]) : -1;
    if (k == K_MOVE) {
        return x;
    }
    if (k == K_FLOORDIV || k == K_MOD) {
        return divide(s, r, op, x, y, k, proven);
    }
    if (k == K_NEG || (!proven && ok[k])) {
        IrOp *t = pass_add_prim(s->ctx, s->f, r->cur, ok[k], -1, x, y, op->line);
        test_or_slow(s, r, t->dst, op->line);
        return t->outs[0];
    }
    return pass_add_prim(s->ctx, s->f, r->cur, prim(proven_ids[k]), -1, x, y, op->line)->dst;
}

/* The run's exits written from their int64 values, after each int one is tested to fit. */
static void write_exits(Ic *s, Run *r)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int j = r->from; j < r->to; j++) {
            const IrOp *op = r->ops[j];
            if (chain_index(s->f, op) < 0 || !is_exit(s, r, op->dst) || written_in_run(r, op->dst, j)) {
                continue;
            }
            IrReg v = lookup(r, op->dst);
            bool is_int = s->f->regs.data[op->dst].rt == RT_INT;
            if (pass == 0 && is_int && !lookup_fits(r, op->dst)) {
                test_or_slow(s, r, pass_add_prim(s->ctx, s->f, r->cur, &i64_fits_short, -1, v, -1, op->line)->dst, op->line);
            } else if (pass == 1) {
                IrOp *w = is_int ? pass_add_prim(s->ctx, s->f, r->cur, &int_of_short_i64, op->dst, v, -1, op->line)
                                 : ir_new_op(s->ctx, IR_MOVE, op->line, op->dst, 1);
                if (!is_int) {
                    w->args[0] = v;
                    ir_append(s->ctx, r->cur, w);
                }
            }
        }
    }
}

/* Versions ops [from, to) of b (see the top); the ops after them go to a new block. */
static void version_run(Ic *s, Run *r)
{
    IrBlock *b = r->b;
    int n = b->ops.len, line = b->ops.data[r->from]->line;
    IrOp **ops = arena_alloc(&s->ctx->arena, sizeof(IrOp *) * (size_t)n);
    memcpy(ops, b->ops.data, sizeof(IrOp *) * (size_t)n);
    IrBlock *t = new_block(s, b);
    t->strip_edge = b->strip_edge;
    b->strip_edge = false;
    for (int j = r->to; j < n; j++) {
        ir_append(s->ctx, t, ops[j]);
    }
    r->slow = new_block(s, b);
    b->ops.len = r->from;
    for (int j = r->from; j < r->to; j++) {
        if (ops[j]->kind == IR_CONST) {
            ir_append(s->ctx, b, ops[j]);
        } else {
            ir_append(s->ctx, r->slow, ops[j]);
        }
    }
    pass_add_jump(s->ctx, r->slow, -1, t, NULL, line);
    r->ops = ops;
    r->cur = b;
    IrReg untested = -1;   /* two leaves share a test: (a | b) & 1 */
    for (int i = 0; i <= r->nleaves; i++) {
        if (i < r->nleaves && known_short(s, r->leaf[i])) {
            continue;
        }
        if (untested >= 0 && i < r->nleaves) {
            test_or_slow(s, r, pass_add_prim(s->ctx, s->f, r->cur, &int_both_short, -1, untested, r->leaf[i], line)->dst, line);
            untested = -1;
        } else if (untested >= 0) {
            test_or_slow(s, r, pass_add_prim(s->ctx, s->f, r->cur, &int_is_short, -1, untested, -1, line)->dst, line);
        } else if (i < r->nleaves) {
            untested = r->leaf[i];
        }
    }
    IrOp *mark = ir_new_op(s->ctx, IR_PRIM, line, -1, 0);
    mark->u.prim = &int_chain_fast;
    ir_append(s->ctx, r->cur, mark);
    r->nvals = 0;
    for (int i = 0; i < r->nleaves; i++) {
        long long v;
        IrReg x = r->leaf[i];
        bind(r, x, const_value(s, x, &v) ? i64_const(s, r->cur, v, line)
                                         : pass_add_prim(s->ctx, s->f, r->cur, &int_short_value, -1, x, -1, line)->dst, true);
    }
    for (int j = r->from; j < r->to; j++) {
        int c = chain_index(s->f, ops[j]);
        if (c >= 0) {
            bool fits = keeps_short(s, r, ops[j], c);
            bind(r, ops[j]->dst, fast_op(s, r, ops[j], chain_prims[c].kind, chain_prims[c].proven), fits);
        }
    }
    write_exits(s, r);
    pass_add_jump(s->ctx, r->cur, -1, t, NULL, line);
}

/* What the fast path saves, in rough instructions: a tagged op's tag test, overflow
 * branch and error test (the slow call's result merges back) against one op and its
 * overflow branch; less each leaf's tag test and untagging and each int the rest of the
 * function reads: its range test (none for a value known short) and tagging.
 * `a, b = b, r` of ints costs more than it saves (tuples' ext_gcd: +5% instructions). */
static int run_score(const Ic *s, Run *r)
{
    int score = 0;
    r->nvals = 0;
    for (int i = 0; i < r->nleaves; i++) {
        score -= known_short(s, r->leaf[i]) ? 1 : 2;
        bind(r, r->leaf[i], -1, true);
    }
    for (int j = r->from; j < r->to; j++) {
        const IrOp *op = r->ops[j];
        int c = chain_index(s->f, op);
        if (c >= 0) {
            score += chain_prims[c].proven ? 0 : 5;
            bind(r, op->dst, -1, keeps_short(s, r, op, c));
        }
    }
    for (int j = r->from; j < r->to; j++) {
        const IrOp *op = r->ops[j];
        if (op->kind != IR_CONST && is_exit(s, r, op->dst) && !written_in_run(r, op->dst, j) &&
            s->f->regs.data[op->dst].rt == RT_INT) {
            score -= lookup_fits(r, op->dst) ? 2 : 4;
        }
    }
    return score;
}

/* Is [from, to) of b a run worth a fast path, an int for every operand? */
static bool worth_it(const Ic *s, Run *r)
{
    return r->to - r->from <= MAX_RUN && find_leaves(s, r) && run_score(s, r) >= MIN_SCORE;
}

/* The runs of b from the back (a versioned run moves what follows it to a new block). */
static void intchain_block(Ic *s, IrBlock *b)
{
    int j = b->ops.len - 1;
    while (j >= 0) {
        while (j >= 0 && chain_index(s->f, b->ops.data[j]) < 0) {
            j--;
        }
        int to = j + 1, from = to;
        while (from > 0 && (chain_index(s->f, b->ops.data[from - 1]) >= 0 || hoistable(s, b->ops.data[from - 1]))) {
            from--;
        }
        while (from < to && b->ops.data[from]->kind == IR_CONST) {
            from++;   /* constants before the first op stay where they are */
        }
        Run r = {.b = b, .ops = b->ops.data, .from = from, .to = to};
        if (to > from && worth_it(s, &r)) {
            version_run(s, &r);
        }
        j = from - 1;
    }
}

void pass_intchain(Ctx *ctx, IrFunc *f)
{
    if (f->generator || f->is_module_init) {
        return;
    }
    Ic s = {.ctx = ctx, .f = f, .nregs = f->regs.len};
    s.defs = pass_count_defs(ctx, f);
    s.uses = pass_count_uses(ctx, f);
    s.writers = pass_writers(ctx, f);
    int nblocks = f->blocks.len;
    for (int bi = 0; bi < nblocks; bi++) {
        intchain_block(&s, f->blocks.data[bi]);
    }
    pass_extend_never_long(ctx, f, s.nregs);
}
