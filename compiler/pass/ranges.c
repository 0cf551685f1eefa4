/* ranges.c - value ranges of ints.
 * Assumes: the IR as built (before error branches); an int register holds a Python int
 * (tagged: short ints inline, others boxed), an i64 register a machine word; an op that
 * fails leaves its block through the handler (IrBlock.unwind), never to the next op.
 * Computes, at every point, an interval [lo, hi] for each int and i64 register: a forward
 * analysis over the blocks, from constants, lengths (list_len: at most 2**60, the most
 * items a list can hold), sums and differences, and the outcome of comparisons on the
 * branch edges they decide; intervals are joined at merges and widened to infinity
 * after a few rounds (so a loop counter is bounded by its loop test, not by counting),
 * then narrowed, and met with the hull of each register's writes (a strip's end).
 * Bounds outside the short range [-2**62, 2**62) are infinite. Handlers and generator
 * resume points start knowing nothing; the entry knows the int parameters of a copy
 * made by selfcall.c small, |v| < 2**61 (its callers test them).
 * Guarantees, where the intervals prove it:
 * - int_add, int_sub, int_mul whose operands and result are short ints become plain
 *   machine arithmetic on the tagged words (int_add_short, ...): no tag or overflow check;
 * - int comparisons of two short ints compare the words (int_lt_short, ...);
 * - % and // of short ints by a divisor proven nonzero (//: positive), and a short int
 *   made a float, cannot fail (int_mod_short, int_floordiv_short, int_short_to_float);
 * - i64_add, i64_sub, i64_mul whose result is proven in range lose the overflow check;
 * - a list index proven in [0, 2**62) tells the C compiler so (Pyc2cInt_AssumeIndex):
 *   only the comparison with the list's current size stays, so a list that a called
 *   function or a signal handler shrank still raises IndexError;
 * - an int register that only ever holds short ints (every write proven short, never a
 *   parameter) is listed in IrFunc.never_long: the refcount pass gives it no increfs or
 *   decrefs (a short int owns nothing);
 * - `int_is_small_arg` (selfcall.c) and `int_is_small` (a range() loop's small flag) of a
 *   proven small int are `const True`, a branch on it a goto; constfold and cfg then
 *   drop the generic path of such a loop.
 * Everything not proven keeps the tagged fast path with its overflow fallback. */
#include <string.h>
#include <stdlib.h>
#include "pass.h"

#define NEG_INF INT64_MIN
#define POS_INF INT64_MAX
#define SHORT_MAX (((int64_t)1 << 62) - 1)
#define SHORT_MIN (-SHORT_MAX - 1)
#define SMALL_MAX (((int64_t)1 << 61) - 1)   /* int_is_small: |value| below 2**61 */
#define SEQ_LEN_MAX ((int64_t)1 << 60)   /* PY_SSIZE_T_MAX / sizeof(PyObject *) < 2**60 */
#define WIDEN_AFTER 6                     /* rounds in which a state grew before its growing
                                           * bounds jump to infinity: values that merely
                                           * converge from other paths settle before */
#define THRESHOLD_ROUNDS 8                /* then straight to infinity: bounded work */
#define NARROW_ROUNDS 8                   /* at most: each round usually goes once round a loop */
#define MEET_ROUNDS 2                     /* meet_writes, each followed by narrowing */
#define MAX_STATE_CELLS 1000000           /* tracked registers x blocks (16 bytes each) */

typedef struct Iv { int64_t lo, hi; } Iv;
static const Iv TOP = {NEG_INF, POS_INF};

typedef struct State {
    bool reached;
    bool dirty;         /* changed since the block was last flowed out of (or pulled):
                         * a block whose entry did not change flows out nothing new */
    int changed_sweeps; /* sweeps of the fixpoint in which this state grew */
    int last_sweep;
    Iv *iv;             /* per register, at the block's entry */
    bool *fixed;        /* a loop head's: per live slot, written nowhere in its loops; its
                         * growth is the outer loops' (widened at their heads), so it is
                         * not widened here, where no narrowing could give it back */
    const PassLoop *head;   /* the loop this block heads, or NULL */
} State;

typedef struct Ranges {
    Ctx *ctx;
    IrFunc *f;
    int nregs;          /* tracked registers (int, i64): the length of a walk's state */
    int nlive;          /* the first nlive of them are read in some block before written
                         * there: the length of a block's entry state and of a join */
    int *slot;          /* register -> its index in a state, or -1 */
    State *in;          /* per block index: the entry states */
    bool widening;
    const IrBlock *only;   /* narrowing: flow goes to this block only, into acc */
    const IrBlock *from;   /* the block flowing out */
    Iv *back;           /* a back-edge's state with its loop's fixed slots empty */
    State acc;
    int **preds;        /* narrowing: per block index, its predecessors' indices, -1 ended */
    int64_t *steps;     /* widening thresholds, ascending: c - 1, c, c + 1 for the
                         * function's int constants c and the longest list's length */
    int nsteps;
    int *index_of;      /* block id -> index in f->blocks */
    Iv *entry;          /* the state the entry block starts from */
    int sweep;          /* the fixpoint's round */
    struct RoleMemo *roles;   /* prim -> its role, found by name once per prim */
} Ranges;

/* ---- intervals ---- */

/* Finite bounds stay in the short range: a bound outside it is loosened to infinity
 * (always sound), so no sum or difference of two bounds overflows an int64. */
static Iv iv_norm(Iv v)
{
    if (v.lo < SHORT_MIN || v.lo > SHORT_MAX) {
        v.lo = NEG_INF;
    }
    if (v.hi > SHORT_MAX || v.hi < SHORT_MIN) {
        v.hi = POS_INF;
    }
    return v;
}

static bool iv_short(Iv v)
{
    return v.lo != NEG_INF && v.hi != POS_INF;
}

static Iv iv_const(int64_t c)
{
    return iv_norm((Iv){c, c});
}

/* Finite bounds lie in the short range, so sums and differences of two fit an int64. */
static Iv iv_add(Iv a, Iv b)
{
    Iv r;
    r.lo = (a.lo == NEG_INF || b.lo == NEG_INF) ? NEG_INF : a.lo + b.lo;
    r.hi = (a.hi == POS_INF || b.hi == POS_INF) ? POS_INF : a.hi + b.hi;
    return iv_norm(r);
}

static Iv iv_sub(Iv a, Iv b)
{
    Iv r;
    r.lo = (a.lo == NEG_INF || b.hi == POS_INF) ? NEG_INF : a.lo - b.hi;
    r.hi = (a.hi == POS_INF || b.lo == NEG_INF) ? POS_INF : a.hi - b.lo;
    return iv_norm(r);
}

/* Two non-negative factors, one unbounded above: at least the product of the lower
 * bounds (`ij * (ij + 1)` of a range counter), which keeps a sum of it above zero. */
static Iv iv_mul_nonneg(Iv a, Iv b)
{
    __int128 lo = (__int128)a.lo * b.lo;
    return (Iv){lo <= SHORT_MAX ? (int64_t)lo : NEG_INF, POS_INF};
}

static Iv iv_mul(Iv a, Iv b)
{
    if (a.lo >= 0 && b.lo >= 0 && (!iv_short(a) || !iv_short(b))) {
        return iv_mul_nonneg(a, b);
    }
    if (!iv_short(a) || !iv_short(b)) {
        return TOP;
    }
    __int128 c[4] = {(__int128)a.lo * b.lo, (__int128)a.lo * b.hi, (__int128)a.hi * b.lo,
                     (__int128)a.hi * b.hi};
    __int128 lo = c[0], hi = c[0];
    for (int i = 1; i < 4; i++) {
        lo = c[i] < lo ? c[i] : lo;
        hi = c[i] > hi ? c[i] : hi;
    }
    if (lo < SHORT_MIN || hi > SHORT_MAX) {
        return a.lo >= 0 && b.lo >= 0 ? iv_mul_nonneg(a, b) : TOP;
    }
    return (Iv){(int64_t)lo, (int64_t)hi};
}

/* a % b for b > 0 lies in [0, b - 1] (a negative divisor: [b + 1, 0]), whatever a is. */
static Iv iv_mod(Iv a, Iv b)
{
    if (b.lo > 0) {
        return iv_norm((Iv){0, b.hi == POS_INF ? POS_INF : b.hi - 1});
    }
    if (b.hi < 0) {
        return iv_norm((Iv){b.lo == NEG_INF ? NEG_INF : b.lo + 1, 0});
    }
    return TOP;
}

/* a // b for b >= 1 lies between a and 0. */
static Iv iv_floordiv(Iv a, Iv b)
{
    if (b.lo < 1) {
        return TOP;
    }
    return (Iv){a.lo < 0 ? a.lo : 0, a.hi > 0 ? a.hi : 0};
}

static Iv iv_hull(Iv a, Iv b)
{
    return (Iv){a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
}

static bool iv_empty(Iv v)
{
    return v.lo > v.hi;
}

/* ---- what an op writes ---- */

static bool tracked(const IrFunc *f, IrReg r)
{
    RType rt = f->regs.data[r].rt;
    return rt == RT_INT || rt == RT_I64;
}

static Iv get(const Ranges *r, const Iv *s, IrReg reg)
{
    return r->slot[reg] >= 0 ? s[r->slot[reg]] : TOP;
}

static void set(const Ranges *r, Iv *s, IrReg reg, Iv v)
{
    if (r->slot[reg] >= 0) {
        s[r->slot[reg]] = v;
    }
}

static Iv const_value(const IrConst *k)
{
    if (k->kind != IRC_INT || !k->text) {
        return TOP;
    }
    const char *p = k->text;
    bool neg = *p == '-';
    p += neg;
    int64_t v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > SHORT_MAX / 10) {
            return TOP;
        }
        v = v * 10 + (*p - '0');
    }
    return iv_const(neg ? -v : v);
}

/* ---- what a prim is to the analysis ---- */

/* The role of a prim in the transfer function and on branch edges. A prim is known by
 * its name (the short forms are made by several passes, each its own Prim), so the name
 * is looked up once per prim and the answer kept by the prim's address (RoleMemo): the
 * fixpoint asks for every op of every sweep. */
typedef enum Role {
    ROLE_NONE, ROLE_COPY, ROLE_SEQ_LEN, ROLE_LEN, ROLE_ADD, ROLE_SUB, ROLE_MUL, ROLE_INC,
    ROLE_DEC, ROLE_STRIP_END, ROLE_MOD, ROLE_FLOORDIV, ROLE_CLAMP, ROLE_LT, ROLE_LE, ROLE_GT,
    ROLE_GE, ROLE_SMALL_TEST,
} Role;

static const struct { const char *name; Role role; } role_names[] = {
    {"i64_to_int", ROLE_COPY}, {"int_from_short", ROLE_COPY}, {"int_to_i64", ROLE_COPY},
    {"int_short_to_i64", ROLE_COPY}, {"range_strip_start", ROLE_COPY},
    {"list_len", ROLE_SEQ_LEN}, {"tuple_len", ROLE_SEQ_LEN},
    {"str_len", ROLE_LEN}, {"dict_len", ROLE_LEN}, {"set_len", ROLE_LEN}, {"dict_len_of", ROLE_LEN}, {"set_len_of", ROLE_LEN}, {"str_len_of", ROLE_LEN},
    {"int_add", ROLE_ADD}, {"int_add_short", ROLE_ADD}, {"range_add_small", ROLE_ADD},
    {"i64_add", ROLE_ADD}, {"i64_add_nocheck", ROLE_ADD},
    {"int_sub", ROLE_SUB}, {"int_sub_short", ROLE_SUB}, {"i64_sub", ROLE_SUB},
    {"i64_sub_nocheck", ROLE_SUB},
    {"int_mul", ROLE_MUL}, {"int_mul_short", ROLE_MUL}, {"i64_mul", ROLE_MUL},
    {"i64_mul_nocheck", ROLE_MUL},
    {"i64_inc", ROLE_INC}, {"i64_dec", ROLE_DEC}, {"range_strip_end", ROLE_STRIP_END},
    {"range_strip_end_up", ROLE_STRIP_END}, {"range_strip_end_down", ROLE_STRIP_END},
    {"int_mod", ROLE_MOD}, {"int_mod_short", ROLE_MOD},
    {"int_floordiv", ROLE_FLOORDIV}, {"int_floordiv_short", ROLE_FLOORDIV},
    {"range_clamp", ROLE_CLAMP},
    {"int_lt", ROLE_LT}, {"int_lt_short", ROLE_LT}, {"i64_lt", ROLE_LT},
    {"range_lt_small", ROLE_LT}, {"range_lt_strip", ROLE_LT},
    {"int_le", ROLE_LE}, {"int_le_short", ROLE_LE}, {"i64_le", ROLE_LE},
    {"int_gt", ROLE_GT}, {"int_gt_short", ROLE_GT}, {"i64_gt", ROLE_GT},
    {"range_gt_small", ROLE_GT}, {"range_gt_strip", ROLE_GT},
    {"int_ge", ROLE_GE}, {"int_ge_short", ROLE_GE}, {"i64_ge", ROLE_GE},
    {"int_is_small_arg", ROLE_SMALL_TEST}, {"int_is_small", ROLE_SMALL_TEST},
};

#define ROLE_MEMO_SIZE 256   /* a power of two; a function uses a few dozen prims */

/* Direct-mapped: a collision only costs a lookup by name again. */
typedef struct RoleMemo {
    const Prim *prim[ROLE_MEMO_SIZE];
    unsigned char role[ROLE_MEMO_SIZE];
} RoleMemo;

static Role role_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++) {
        if (strcmp(name, role_names[i].name) == 0) {
            return role_names[i].role;
        }
    }
    return ROLE_NONE;
}

static Role role_of(const Ranges *r, const Prim *p)
{
    size_t h = (size_t)(((uintptr_t)p * 0x9E3779B97F4A7C15u) >> 56) & (ROLE_MEMO_SIZE - 1);
    if (r->roles->prim[h] != p) {
        r->roles->prim[h] = p;
        r->roles->role[h] = (unsigned char)role_by_name(p->name);
    }
    return (Role)r->roles->role[h];
}

/* range_strip_end(counter, stop, step): the end of the strip the counter runs to, never
 * past stop (runtime/pyc2c.h). Its word is tagged, as the counter's: in value units the
 * same bound as stop. */
static Iv strip_end(const Ranges *r, const Iv *s, const IrOp *op)
{
    Iv stop = get(r, s, op->args[1]), step = get(r, s, op->args[2]);
    if (step.lo > 0) {
        return (Iv){NEG_INF, stop.hi};
    }
    if (step.hi < 0) {
        return (Iv){stop.lo, POS_INF};
    }
    return TOP;
}

static Iv prim_value(const Ranges *r, const Iv *s, const IrOp *op)
{
    switch (role_of(r, op->u.prim)) {
    case ROLE_COPY:
        return get(r, s, op->args[0]);
    case ROLE_SEQ_LEN:
        return (Iv){0, SEQ_LEN_MAX};
    case ROLE_LEN:
        return (Iv){0, POS_INF};
    case ROLE_ADD:
        return iv_add(get(r, s, op->args[0]), get(r, s, op->args[1]));
    case ROLE_SUB:
        return iv_sub(get(r, s, op->args[0]), get(r, s, op->args[1]));
    case ROLE_MUL:
        return iv_mul(get(r, s, op->args[0]), get(r, s, op->args[1]));
    case ROLE_INC:
        return iv_add(get(r, s, op->args[0]), iv_const(1));
    case ROLE_DEC:
        return iv_sub(get(r, s, op->args[0]), iv_const(1));
    case ROLE_STRIP_END:
        return strip_end(r, s, op);
    case ROLE_MOD:
        return iv_mod(get(r, s, op->args[0]), get(r, s, op->args[1]));
    case ROLE_FLOORDIV:
        return iv_floordiv(get(r, s, op->args[0]), get(r, s, op->args[1]));
    case ROLE_CLAMP:
        return (Iv){-SMALL_MAX, SMALL_MAX};   /* Pyc2c_RangeClamp: a small int */
    default:
        return TOP;
    }
}

/* The interval of what op writes to its dst, given the state s before it. */
static Iv op_value(const Ranges *r, const Iv *s, const IrOp *op)
{
    switch (op->kind) {
    case IR_CONST:
        return const_value(op->u.konst);
    case IR_MOVE:
        return get(r, s, op->args[0]);
    case IR_PRIM:
        return prim_value(r, s, op);
    default:
        return TOP;
    }
}

static void transfer(const Ranges *r, Iv *s, const IrOp *op)
{
    if (op->dst >= 0) {
        set(r, s, op->dst, op_value(r, s, op));
    }
    for (int k = 0; k < op->nouts; k++) {
        set(r, s, op->outs[k], TOP);
    }
}

/* ---- comparisons on branch edges ---- */

typedef enum Cmp { CMP_NONE, CMP_LT, CMP_LE } Cmp;

/* op as `a < b` or `a <= b` (operands swapped for > and >=). */
static Cmp compare_of(const Ranges *r, const IrOp *op, IrReg *a, IrReg *b)
{
    if (op->kind != IR_PRIM || op->nargs != 2) {
        return CMP_NONE;
    }
    Role role = role_of(r, op->u.prim);
    bool swap = role == ROLE_GT || role == ROLE_GE;
    Cmp c = (role == ROLE_LT || role == ROLE_GT) ? CMP_LT
            : (role == ROLE_LE || role == ROLE_GE) ? CMP_LE : CMP_NONE;
    *a = op->args[swap ? 1 : 0];
    *b = op->args[swap ? 0 : 1];
    return c;
}

/* The comparison a branch at the end of blk tests, its operands unwritten since. */
static Cmp branch_compare(const Ranges *r, const IrBlock *blk, IrReg *a, IrReg *b)
{
    *a = *b = -1;
    const IrOp *br = blk->ops.data[blk->ops.len - 1];
    IrReg c = br->args[0];
    for (int j = blk->ops.len - 2; j >= 0; j--) {
        const IrOp *op = blk->ops.data[j];
        if (op->dst == c) {
            Cmp k = compare_of(r, op, a, b);
            for (int i = j + 1; k != CMP_NONE && i < blk->ops.len; i++) {
                IrReg d = blk->ops.data[i]->dst;
                if (d == *a || d == *b) {
                    return CMP_NONE;
                }
            }
            return *a == *b ? CMP_NONE : k;
        }
        for (int k = 0; k < op->nouts; k++) {
            if (op->outs[k] == c) {
                return CMP_NONE;
            }
        }
    }
    return CMP_NONE;
}

static int64_t dec(int64_t v)
{
    return v == POS_INF || v == NEG_INF ? v : v - 1;
}

static int64_t inc(int64_t v)
{
    return v == POS_INF || v == NEG_INF ? v : v + 1;
}

static int64_t min64(int64_t x, int64_t y) { return x < y ? x : y; }
static int64_t max64(int64_t x, int64_t y) { return x > y ? x : y; }

/* Narrow s by `a < b` (strict) or `a <= b` holding; false: the edge cannot be taken. */
static bool assume_less(const Ranges *r, Iv *s, IrReg a, IrReg b, bool strict)
{
    Iv x = get(r, s, a), y = get(r, s, b);
    x.hi = min64(x.hi, strict ? dec(y.hi) : y.hi);
    y.lo = max64(y.lo, strict ? inc(x.lo) : x.lo);
    if (iv_empty(x) || iv_empty(y)) {
        return false;
    }
    set(r, s, a, iv_norm(x));
    set(r, s, b, iv_norm(y));
    return true;
}

/* ---- the fixpoint ---- */

/* Widening with thresholds: a growing bound jumps to the next constant of the function
 * (or the longest length), then to infinity. A counter bounded by an outer loop's test
 * settles there instead of at infinity, which no narrowing of an inner loop could undo. */
static int64_t step_above(const Ranges *r, int64_t v)
{
    int lo = 0, hi = r->nsteps;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (r->steps[mid] < v) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < r->nsteps ? r->steps[lo] : POS_INF;
}

static int64_t step_below(const Ranges *r, int64_t v)
{
    int lo = 0, hi = r->nsteps;   /* the first step above v */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (r->steps[mid] <= v) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo > 0 ? r->steps[lo - 1] : NEG_INF;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void add_steps(Ranges *r, int64_t c)
{
    for (int64_t d = -1; d <= 1; d++) {
        Iv v = iv_const(c + d);
        if (iv_short(v)) {
            r->steps[r->nsteps++] = v.lo;
        }
    }
}

static void find_steps(Ranges *r)
{
    int nconst = 1;
    for (int b = 0; b < r->f->blocks.len; b++) {
        nconst += r->f->blocks.data[b]->ops.len;
    }
    r->steps = arena_alloc(&r->ctx->arena, sizeof(int64_t) * (size_t)(3 * nconst));
    add_steps(r, SEQ_LEN_MAX);
    for (int b = 0; b < r->f->blocks.len; b++) {
        const IrBlock *blk = r->f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            Iv v = op->kind == IR_CONST ? const_value(op->u.konst) : TOP;
            if (iv_short(v)) {
                add_steps(r, v.lo);
            }
        }
    }
    qsort(r->steps, (size_t)r->nsteps, sizeof(int64_t), cmp_i64);
}

/* t[i] = hull(t[i], s[i]) for every register; true when one grew. Without branches:
 * the joins of the fixpoint are a tenth of the front end's time on typed code. */
static bool hull_into(Iv *t, const Iv *s, int n)
{
    uint64_t grew = 0;
    for (int i = 0; i < n; i++) {
        int64_t lo = s[i].lo < t[i].lo ? s[i].lo : t[i].lo;
        int64_t hi = s[i].hi > t[i].hi ? s[i].hi : t[i].hi;
        grew |= (uint64_t)(lo ^ t[i].lo) | (uint64_t)(hi ^ t[i].hi);
        t[i].lo = lo;
        t[i].hi = hi;
    }
    return grew != 0;
}

/* Join s into target's entry state (narrowing: into acc, when target is the block
 * pulled); true when it changed. */
static bool join_into(Ranges *r, const IrBlock *target, const Iv *s)
{
    if (r->only && target != r->only) {
        return false;
    }
    State *t = r->only ? &r->acc : &r->in[r->index_of[target->id]];
    const State *head = &r->in[r->index_of[target->id]];
    if (head->head && r->from && pass_in_loop(head->head, r->from->id)) {
        /* a back-edge: a slot its loop never writes holds what it held at the head */
        memcpy(r->back, s, sizeof(Iv) * (size_t)r->nlive);
        for (int i = 0; i < r->nlive; i++) {
            if (head->fixed[i]) {
                r->back[i] = (Iv){POS_INF, NEG_INF};
            }
        }
        s = r->back;
    }
    if (!t->reached) {
        t->reached = true;
        t->dirty = true;
        memcpy(t->iv, s, sizeof(Iv) * (size_t)r->nlive);
        return true;
    }
    bool changed = false, widen = r->widening && t->changed_sweeps >= WIDEN_AFTER;
    for (int i = 0; widen && i < r->nlive; i++) {
        Iv old = t->iv[i], h = iv_hull(old, s[i]);
        if (t->fixed && t->fixed[i]) {
            /* hulled as it is */
        } else if (t->changed_sweeps >= WIDEN_AFTER + THRESHOLD_ROUNDS) {
            h.lo = h.lo < old.lo ? NEG_INF : h.lo;
            h.hi = h.hi > old.hi ? POS_INF : h.hi;
        } else {
            h.lo = h.lo < old.lo ? step_below(r, h.lo) : h.lo;
            h.hi = h.hi > old.hi ? step_above(r, h.hi) : h.hi;
        }
        if (h.lo != old.lo || h.hi != old.hi) {
            t->iv[i] = h;
            changed = true;
        }
    }
    if (!widen) {
        changed = hull_into(t->iv, s, r->nlive);
    }
    if (changed && t->last_sweep != r->sweep) {
        t->last_sweep = r->sweep;
        t->changed_sweeps++;
    }
    t->dirty |= changed;
    return changed;
}

static Iv *tops(Ranges *r, int n)
{
    Iv *s = arena_alloc(&r->ctx->arena, sizeof(Iv) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        s[i] = TOP;
    }
    return s;
}

static Iv *all_top(Ranges *r)
{
    return tops(r, r->nregs);
}

/* Flow out of blk whose exit state is s; true when a successor's state changed. */
static bool flow_out(Ranges *r, const IrBlock *blk, const Iv *s, Iv *scratch, const Iv *top)
{
    const IrOp *term = blk->ops.data[blk->ops.len - 1];
    bool changed = false;
    r->from = blk;
    if (blk->unwind) {
        changed |= join_into(r, blk->unwind, top);
    }
    switch (term->kind) {
    case IR_GOTO:
        changed |= join_into(r, term->target, s);
        break;
    case IR_BRANCH: {
        IrReg a, b;
        Cmp c = branch_compare(r, blk, &a, &b);
        size_t size = sizeof(Iv) * (size_t)r->nregs;
        memcpy(scratch, s, size);
        if (c == CMP_NONE || assume_less(r, scratch, a, b, c == CMP_LT)) {
            changed |= join_into(r, term->target, scratch);
        }
        memcpy(scratch, s, size);
        if (c == CMP_NONE || assume_less(r, scratch, b, a, c == CMP_LE)) {   /* not (a < b): b <= a */
            changed |= join_into(r, term->target2, scratch);
        }
        break;
    }
    case IR_YIELD: case IR_YIELD_FROM:
        changed |= join_into(r, term->target, top);
        break;
    default:
        if (term->target) {
            changed |= join_into(r, term->target, top);
        }
        if (term->target2) {
            changed |= join_into(r, term->target2, top);
        }
        break;
    }
    return changed;
}

/* One round over the blocks in order: each reached block whose entry changed since it
 * last flowed (states only grow, so the others would join nothing new) flows its exit
 * to its successors. */
static bool sweep(Ranges *r, Iv *s, Iv *scratch, const Iv *top)
{
    r->from = NULL;
    bool changed = join_into(r, r->f->blocks.data[0], r->entry);
    (void)top;
    for (int b = 0; b < r->f->blocks.len; b++) {
        const IrBlock *blk = r->f->blocks.data[b];
        State *st = &r->in[b];
        if (!st->reached || !st->dirty || blk->ops.len == 0) {
            continue;
        }
        st->dirty = false;
        memcpy(s, st->iv, sizeof(Iv) * (size_t)r->nlive);
        for (int j = 0; j < blk->ops.len - 1; j++) {
            transfer(r, s, blk->ops.data[j]);
        }
        changed |= flow_out(r, blk, s, scratch, top);
    }
    return changed;
}

static State *fresh_states(Ranges *r)
{
    State *st = arena_alloc(&r->ctx->arena, sizeof(State) * (size_t)r->f->blocks.len);
    for (int b = 0; b < r->f->blocks.len; b++) {
        st[b].iv = tops(r, r->nlive);
    }
    return st;
}

/* The successors of block p: its handler and its terminator's targets. */
static int successors(const IrBlock *blk, const IrBlock **out)
{
    const IrOp *term = blk->ops.len ? blk->ops.data[blk->ops.len - 1] : NULL;
    int n = 0;
    out[n] = blk->unwind, n += blk->unwind != NULL;
    out[n] = term ? term->target : NULL, n += out[n] != NULL;
    out[n] = term ? term->target2 : NULL, n += out[n] != NULL;
    return n;
}

/* r->preds: per block, the blocks that may flow into it (a block once), -1 ended. */
static void find_preds(Ranges *r)
{
    int nb = r->f->blocks.len;
    int *count = arena_alloc(&r->ctx->arena, sizeof(int) * (size_t)nb);
    const IrBlock *succ[3];
    for (int pass = 0; pass < 2; pass++) {
        for (int b = 0; pass == 1 && b < nb; b++) {
            r->preds[b] = arena_alloc(&r->ctx->arena, sizeof(int) * (size_t)(count[b] + 1));
            count[b] = 0;
        }
        for (int p = 0; p < nb; p++) {
            int n = successors(r->f->blocks.data[p], succ);
            for (int k = 0; k < n; k++) {
                int b = r->index_of[succ[k]->id];
                if (pass == 0) {
                    count[b]++;
                } else if (count[b] == 0 || r->preds[b][count[b] - 1] != p) {
                    r->preds[b][count[b]++] = p;
                }
            }
        }
        if (pass == 0) {
            r->preds = arena_alloc(&r->ctx->arena, sizeof(int *) * (size_t)nb);
        }
    }
    for (int b = 0; b < nb; b++) {
        r->preds[b][count[b]] = -1;
    }
}

/* Narrowing: block b's entry state recomputed from its predecessors' current states;
 * true when it shrank. */
static bool pull(Ranges *r, int b, Iv *s, Iv *scratch, const Iv *top)
{
    const IrBlock *blk = r->f->blocks.data[b];
    r->only = blk;
    r->acc.reached = false;
    if (b == 0) {
        r->from = NULL;
        join_into(r, blk, r->entry);
    }
    for (int k = 0; r->preds[b][k] >= 0; k++) {
        int p = r->preds[b][k];
        const IrBlock *pb = r->f->blocks.data[p];
        if (!r->in[p].reached || pb->ops.len == 0) {
            continue;
        }
        memcpy(s, r->in[p].iv, sizeof(Iv) * (size_t)r->nlive);
        for (int j = 0; j < pb->ops.len - 1; j++) {
            transfer(r, s, pb->ops.data[j]);
        }
        flow_out(r, pb, s, scratch, top);
    }
    r->only = NULL;
    State *st = &r->in[b];
    size_t size = sizeof(Iv) * (size_t)r->nlive;
    if (st->reached == r->acc.reached && (!st->reached || memcmp(st->iv, r->acc.iv, size) == 0)) {
        return false;
    }
    st->reached = r->acc.reached;
    memcpy(st->iv, r->acc.iv, size);
    return true;
}

/* Narrowing: states recomputed in place from their predecessors' (each step stays
 * sound: the transfer applied to an over-approximation), until none shrinks. */
static void narrow(Ranges *r, Iv *s, Iv *scratch, const Iv *top)
{
    for (int b = 0; b < r->f->blocks.len; b++) {
        r->in[b].dirty = true;   /* here: a predecessor's entry changed since b was pulled */
    }
    const IrBlock *succ[3];
    for (int round = 0, changed = 1; changed && round < NARROW_ROUNDS; round++) {
        changed = 0;
        for (int b = 0; b < r->f->blocks.len; b++) {
            if (!r->in[b].dirty) {
                continue;   /* its predecessors' states are those it was pulled from */
            }
            r->in[b].dirty = false;
            if (pull(r, b, s, scratch, top)) {
                changed = 1;
                for (int n = successors(r->f->blocks.data[b], succ), k = 0; k < n; k++) {
                    r->in[r->index_of[succ[k]->id]].dirty = true;
                }
            }
        }
    }
}

/* Every value a register holds is one of its writes' (or, before any, its parameter's or
 * the zero it starts as): the hull of those bounds it everywhere. Narrowing cannot give
 * back the bound of a register that a loop only carries round (a range() strip's end,
 * written at its refill, widened with the counter that starts it): recomputed from its
 * predecessors, the loop's own back-edge keeps it infinite. Met with the hull of its
 * writes (computed from the narrowed states) it regains it, and the counters it bounds
 * (`j < end`) theirs at the next narrowing. True when a state shrank. */
static bool meet_writes(Ranges *r, Iv *s)
{
    Iv *hull = tops(r, r->nregs);
    for (int i = 0; i < r->nregs; i++) {
        hull[i] = (Iv){0, 0};
    }
    for (int i = 0; i < r->f->params.len; i++) {
        if (r->slot[i] >= 0) {
            hull[r->slot[i]] = get(r, r->entry, i);
        }
    }
    for (int b = 0; b < r->f->blocks.len; b++) {
        const IrBlock *blk = r->f->blocks.data[b];
        const State *st = &r->in[b];
        memcpy(s, st->iv, sizeof(Iv) * (size_t)r->nlive);
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->dst >= 0 && r->slot[op->dst] >= 0) {
                Iv v = st->reached ? op_value(r, s, op) : TOP;
                hull[r->slot[op->dst]] = iv_hull(hull[r->slot[op->dst]], v);
            }
            for (int k = 0; k < op->nouts; k++) {
                if (r->slot[op->outs[k]] >= 0) {
                    hull[r->slot[op->outs[k]]] = TOP;
                }
            }
            transfer(r, s, op);
        }
    }
    bool shrank = false;
    for (int b = 0; b < r->f->blocks.len; b++) {
        Iv *iv = r->in[b].iv;
        for (int i = 0; r->in[b].reached && i < r->nlive; i++) {
            Iv m = {max64(iv[i].lo, hull[i].lo), min64(iv[i].hi, hull[i].hi)};
            if (!iv_empty(m) && (m.lo != iv[i].lo || m.hi != iv[i].hi)) {
                iv[i] = m;
                shrank = true;
            }
        }
    }
    return shrank;
}

/* Widen up to a fixpoint, then narrow: recomputing states in place from their
 * predecessors' gives back the bounds the loop tests imply, which widening threw away;
 * then the registers' writes bound them (meet_writes), and narrowing again passes that
 * on. Each step stays sound: it applies the transfer to an over-approximation. */
static void solve(Ranges *r)
{
    Iv *s = all_top(r), *scratch = all_top(r), *top = all_top(r);
    find_steps(r);
    r->widening = true;
    while (sweep(r, s, scratch, top)) {
        r->sweep++;
    }
    r->widening = false;
    find_preds(r);
    r->acc.iv = tops(r, r->nlive);
    narrow(r, s, scratch, top);
    for (int round = 0; round < MEET_ROUNDS && meet_writes(r, s); round++) {
        narrow(r, s, scratch, top);
    }
}

/* ---- rewriting what the intervals prove ---- */

#define SHORT_PRIM(id, res, tmpl) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = 2, .args = {RT_INT, RT_INT}, .c_template = tmpl}
SHORT_PRIM(int_add_short, INT, "$0 + $1");
SHORT_PRIM(int_sub_short, INT, "$0 - $1");
SHORT_PRIM(int_mul_short, INT, "Pyc2cInt_ShortValue($0) * $1");
SHORT_PRIM(int_lt_short, BOOL, "$0 < $1");
SHORT_PRIM(int_le_short, BOOL, "$0 <= $1");
SHORT_PRIM(int_gt_short, BOOL, "$0 > $1");
SHORT_PRIM(int_ge_short, BOOL, "$0 >= $1");
/* % and // of a short int by one proven nonzero (//: positive), and a short int as a
 * float: none can fail (runtime/pyc2c.h) */
SHORT_PRIM(int_mod_short, INT, "Pyc2cInt_ModShort($0, $1)");
SHORT_PRIM(int_floordiv_short, INT, "Pyc2cInt_FloorDivShort($0, $1)");
static const Prim int_short_to_float = {.name = "int_short_to_float", .result = RT_FLOAT, .nargs = 1,
                                        .args = {RT_INT}, .c_template = "((double)Pyc2cInt_ShortValue($0))"};
/* i64 arithmetic whose result is proven to fit: no overflow check (OverflowError) */
#define I64_PRIM(id, tmpl) \
    static const Prim id = {.name = #id, .result = RT_I64, .nargs = 2, .args = {RT_I64, RT_I64}, .c_template = tmpl}
I64_PRIM(i64_add_nocheck, "$0 + $1");
I64_PRIM(i64_sub_nocheck, "$0 - $1");
I64_PRIM(i64_mul_nocheck, "$0 * $1");

/* The list index prims (index: operand 1) and their forms for a proven index. */
#define INDEX_PRIM(id, res, n, a2, fn) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = n, .args = {RT_OBJ, RT_INT, RT_##a2}, \
                            .c_template = fn "($0, Pyc2cInt_AssumeIndex($1)" ")", .can_fail = true}
#define INDEX_PRIM3(id, res, a2, fn) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = 3, .args = {RT_OBJ, RT_INT, RT_##a2}, \
                            .c_template = fn "($0, Pyc2cInt_AssumeIndex($1), $2)", .can_fail = true}
INDEX_PRIM(list_get_idx, OBJ, 2, VOID, "Pyc2cList_Get");
INDEX_PRIM(list_get_int_idx, INT, 2, VOID, "Pyc2cList_GetInt");
INDEX_PRIM(list_get_bool_idx, BOOL, 2, VOID, "Pyc2cList_GetBool");
INDEX_PRIM(list_get_float_idx, FLOAT, 2, VOID, "Pyc2cList_GetFloat");
INDEX_PRIM3(list_set_idx, NONE, OBJ, "Pyc2cList_Set");
INDEX_PRIM3(list_set_int_idx, NONE, INT, "Pyc2cList_SetInt");
INDEX_PRIM3(list_set_bool_idx, NONE, BOOL, "Pyc2cList_SetBool");
INDEX_PRIM3(list_set_float_idx, NONE, FLOAT, "Pyc2cList_SetFloat");

static const struct { const char *from; const Prim *to; bool arith; } rewrites[] = {
    {"int_add", &int_add_short, true}, {"int_sub", &int_sub_short, true},
    {"int_mul", &int_mul_short, true},
    {"i64_add", &i64_add_nocheck, true}, {"i64_sub", &i64_sub_nocheck, true},
    {"i64_mul", &i64_mul_nocheck, true},
    {"int_lt", &int_lt_short, false}, {"int_le", &int_le_short, false},
    {"int_gt", &int_gt_short, false}, {"int_ge", &int_ge_short, false},
};

/* An i64 proven in the short range tags without the allocation path (that can fail). */
static const Prim int_from_short = {.name = "int_from_short", .result = RT_INT, .nargs = 1,
                                    .args = {RT_I64}, .c_template = "Pyc2cInt_FromShort($0)"};

/* A short int made an i64: its value, without the range check (that can fail). */
static const Prim int_short_to_i64 = {.name = "int_short_to_i64", .result = RT_I64, .nargs = 1,
                                      .args = {RT_INT}, .c_template = "Pyc2cInt_ShortValue($0)"};

static const struct { const char *from; const Prim *to; } index_rewrites[] = {
    {"list_get", &list_get_idx}, {"list_get_int", &list_get_int_idx},
    {"list_get_bool", &list_get_bool_idx}, {"list_get_float", &list_get_float_idx}, {"list_set", &list_set_idx},
    {"list_set_int", &list_set_int_idx}, {"list_set_bool", &list_set_bool_idx},
    {"list_set_float", &list_set_float_idx},
};

static void rewrite_op(const Ranges *r, IrOp *op, const Iv *s)
{
    if (op->kind != IR_PRIM) {
        return;
    }
    const char *name = op->u.prim->name;
    if (strcmp(name, "i64_to_int") == 0 && iv_short(get(r, s, op->args[0]))) {
        op->u.prim = &int_from_short;
        return;
    }
    if (strcmp(name, "int_to_i64") == 0 && iv_short(get(r, s, op->args[0]))) {
        op->u.prim = &int_short_to_i64;
        return;
    }
    if (strcmp(name, "int_to_float") == 0 && iv_short(get(r, s, op->args[0]))) {
        op->u.prim = &int_short_to_float;
        return;
    }
    Iv b = op->nargs == 2 ? get(r, s, op->args[1]) : TOP;
    if (op->nargs == 2 && iv_short(get(r, s, op->args[0])) && iv_short(b)) {
        if (strcmp(name, "int_mod") == 0 && (b.lo > 0 || b.hi < 0)) {
            op->u.prim = &int_mod_short;
            return;
        }
        if (strcmp(name, "int_floordiv") == 0 && b.lo > 0) {
            op->u.prim = &int_floordiv_short;
            return;
        }
    }
    for (size_t i = 0; i < sizeof rewrites / sizeof rewrites[0]; i++) {
        if (strcmp(name, rewrites[i].from) == 0 && iv_short(get(r, s, op->args[0])) && iv_short(get(r, s, op->args[1]))
            && (!rewrites[i].arith || iv_short(op_value(r, s, op)))) {
            op->u.prim = rewrites[i].to;
            return;
        }
    }
    for (size_t i = 0; i < sizeof index_rewrites / sizeof index_rewrites[0]; i++) {
        Iv idx = op->nargs > 1 ? get(r, s, op->args[1]) : TOP;
        if (strcmp(name, index_rewrites[i].from) == 0 && iv_short(idx) && idx.lo >= 0) {
            op->u.prim = index_rewrites[i].to;
            return;
        }
    }
}

/* A division by a float made from an int proven nonzero (`1.0 / (ij * (ij + 1) // 2 + i
 * + 1)`) cannot raise ZeroDivisionError: the C division (IEEE, as Python's float
 * division past its zero test). */
static const Prim float_div_nonzero = {.name = "float_div_nonzero", .result = RT_FLOAT, .nargs = 2,
                                       .args = {RT_FLOAT, RT_FLOAT}, .c_template = "$0 / $1"};

/* The float register the last int_to_float of the block wrote from an int proven
 * nonzero (arg: the int's interval), or -1; a float_div by it becomes float_div_nonzero. */
static IrReg nonzero_float(IrOp *op, Iv arg, IrReg nz)
{
    const char *name = op->kind == IR_PRIM ? op->u.prim->name : "";
    if (nz >= 0 && op->nargs == 2 && op->args[1] == nz && strcmp(name, "float_div") == 0) {
        op->u.prim = &float_div_nonzero;
    }
    if ((strcmp(name, "int_to_float") == 0 || strcmp(name, "int_short_to_float") == 0) && (arg.lo > 0 || arg.hi < 0)) {
        return op->dst;
    }
    return nz >= 0 && pass_op_writes(op, nz) ? -1 : nz;
}

/* `int_is_small_arg` (or a range() loop's `int_is_small`) of a proven small int: true,
 * and a branch on it in its block a goto. */
static void fold_short_test(Ctx *ctx, IrBlock *blk, IrOp *op)
{
    IrReg dst = op->dst;
    op->kind = IR_CONST;
    op->nargs = 0;
    op->u.konst = ARENA_NEW(&ctx->arena, IrConst);
    op->u.konst->kind = IRC_BOOL;
    op->u.konst->bval = true;
    op->u.konst->pool_index = -1;
    IrOp *t = blk->ops.data[blk->ops.len - 1];
    for (int j = blk->ops.len - 2; j >= 0 && blk->ops.data[j] != op; j--) {
        if (pass_op_writes(blk->ops.data[j], dst)) {
            return;
        }
    }
    if (t->kind == IR_BRANCH && t->args[0] == dst) {
        t->kind = IR_GOTO;
        t->nargs = 0;
        t->target2 = NULL;
    }
}

/* The entry's state: nothing known, but a copy's int parameters are small. */
static Iv *entry_state(Ranges *r)
{
    Iv *s = all_top(r);
    for (int i = 0; r->f->copy_of && i < r->f->params.len; i++) {
        set(r, s, i, r->f->params.data[i].rt == RT_INT ? (Iv){-SMALL_MAX, SMALL_MAX} : TOP);
    }
    return s;
}

/* Rewrite each reached block from its entry state; note int registers that may hold a
 * long (*may_long). True when a small test was folded. */
static bool rewrite(Ranges *r, bool *may_long)
{
    bool folded = false;
    Iv *s = all_top(r);
    IrFunc *f = r->f;
    for (int i = 0; i < f->params.len; i++) {
        may_long[i] = !iv_short(get(r, r->entry, i));
    }
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        State *st = &r->in[b];
        if (st->reached) {
            memcpy(s, st->iv, sizeof(Iv) * (size_t)r->nlive);
        }
        IrReg nz = -1;
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            if (!st->reached) {
                may_long[op->dst >= 0 ? op->dst : f->regs.len] = true;
            } else {
                rewrite_op(r, op, s);
                Iv arg = op->kind == IR_PRIM && op->nargs == 1 ? get(r, s, op->args[0]) : TOP;
                if (op->kind == IR_PRIM && role_of(r, op->u.prim) == ROLE_SMALL_TEST &&
                    arg.lo >= -SMALL_MAX && arg.hi <= SMALL_MAX) {
                    fold_short_test(r->ctx, blk, op);
                    folded = true;
                }
                nz = nonzero_float(op, arg, nz);
                transfer(r, s, op);
                if (op->dst >= 0 && !iv_short(get(r, s, op->dst))) {
                    may_long[op->dst] = true;
                }
            }
            for (int k = 0; k < op->nouts; k++) {
                may_long[op->outs[k]] = true;
            }
        }
    }
    return folded;
}

static void note_never_long(Ranges *r, const bool *may_long)
{
    IrFunc *f = r->f;
    bool *never = arena_alloc(&r->ctx->arena, sizeof(bool) * (size_t)(f->regs.len + 1));
    for (int i = 0; i < f->regs.len; i++) {
        never[i] = f->regs.data[i].rt == RT_INT && !may_long[i];
    }
    f->never_long = never;
}

/* Per register: read in some block before any write of it there (live into that
 * block). The others (most temporaries) are written before read in every block: their
 * value at a block's entry is never looked at. */
static bool *read_on_entry(Arena *a, const IrFunc *f)
{
    bool *exposed = arena_alloc(a, sizeof(bool) * (size_t)(f->regs.len + 1));
    int *written_in = arena_alloc(a, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int i = 0; i < f->regs.len; i++) {
        written_in[i] = -1;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            for (int k = 0; k < op->nargs; k++) {
                if (op->args[k] >= 0 && written_in[op->args[k]] != b) {
                    exposed[op->args[k]] = true;
                }
            }
            if (op->dst >= 0) {
                written_in[op->dst] = b;
            }
            for (int k = 0; k < op->nouts; k++) {
                written_in[op->outs[k]] = b;
            }
        }
    }
    return exposed;
}

/* Dense state slots for the int and i64 registers, those read on a block's entry first
 * (only they are kept per block and joined: a third of the registers of typed code);
 * false when the states would be too big to be worth it (a long module body): the
 * function is left as it is. */
static bool assign_slots(Ranges *r)
{
    IrFunc *f = r->f;
    bool *exposed = read_on_entry(&r->ctx->arena, f);
    r->slot = arena_alloc(&r->ctx->arena, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < f->regs.len; i++) {
            if (exposed[i] == (pass == 0)) {
                r->slot[i] = tracked(f, i) ? r->nregs++ : -1;
            }
        }
        r->nlive = pass == 0 ? r->nregs : r->nlive;
    }
    return (int64_t)r->nregs * f->blocks.len <= MAX_STATE_CELLS;
}

/* Per block in a loop, the live slots no block of its innermost loop writes (State.fixed):
 * an outer counter read in an inner loop keeps the bound the outer loop's test gives it.
 * Such a slot's value there is the one it had at the loop's head (which dominates the
 * loop) or less, and grows only as the loops around it go round, widened where they write
 * it, so the fixpoint still ends. */
static void mark_fixed(Ranges *r)
{
    PassLoopVec loops = pass_find_loops(r->ctx, r->f);
    bool **fixed = arena_alloc(&r->ctx->arena, sizeof(bool *) * (size_t)(loops.len + 1));
    for (int l = 0; l < loops.len; l++) {
        const PassLoop *lp = &loops.data[l];
        fixed[l] = arena_alloc(&r->ctx->arena, sizeof(bool) * (size_t)(r->nlive + 1));
        memset(fixed[l], 1, sizeof(bool) * (size_t)r->nlive);
        for (int k = 0; k < lp->blocks.len; k++) {
            const IrBlock *b = r->f->blocks.data[r->index_of[lp->blocks.data[k]]];
            for (int j = 0; j < b->ops.len; j++) {
                const IrOp *op = b->ops.data[j];
                for (int o = -1; o < op->nouts; o++) {
                    IrReg w = o < 0 ? op->dst : op->outs[o];
                    int sl = w >= 0 ? r->slot[w] : -1;
                    if (sl >= 0 && sl < r->nlive) {
                        fixed[l][sl] = false;
                    }
                }
            }
        }
    }
    for (int b = 0; b < r->f->blocks.len; b++) {
        const PassLoop *l = pass_innermost_loop(&loops, r->f->blocks.data[b]->id);
        r->in[b].fixed = l ? fixed[l->index] : NULL;
        r->in[b].head = l && l->head == r->f->blocks.data[b] ? l : NULL;
    }
    r->back = arena_alloc(&r->ctx->arena, sizeof(Iv) * (size_t)(r->nlive + 1));
}

void pass_ranges(Ctx *ctx, IrFunc *f)
{
    RoleMemo roles = {{NULL}, {0}};
    Ranges r = {.ctx = ctx, .f = f, .sweep = 1, .roles = &roles};
    if (f->blocks.len == 0 || !assign_slots(&r)) {
        return;
    }
    int maxid = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        maxid = f->blocks.data[b]->id > maxid ? f->blocks.data[b]->id : maxid;
    }
    r.index_of = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(maxid + 1));
    for (int b = 0; b < f->blocks.len; b++) {
        r.index_of[f->blocks.data[b]->id] = b;
    }
    r.in = fresh_states(&r);
    mark_fixed(&r);
    r.entry = entry_state(&r);
    solve(&r);
    bool *may_long = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)(f->regs.len + 1));
    bool folded = rewrite(&r, may_long);
    note_never_long(&r, may_long);
    if (folded) {
        /* a range() loop's flag `small = int_is_small(start) & int_is_small(stop)`: its
         * branches go to the strips, the generic path goes */
        pass_constfold(ctx, f);
        pass_cfg(ctx, f);
    }
}
