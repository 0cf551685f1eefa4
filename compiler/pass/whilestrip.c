/* whilestrip.c - a counted while loop runs in strips, as a range() loop does
 * (ir/build_stmt.c, lower_for): its back-edge carries no interrupt check.
 * Assumes: interrupt checks inserted, ranges done (its proofs stay true: the body is
 * still entered only while i < n), no error branches yet.
 * Finds a loop head H `%c = int_lt %i, %n; branch %c -> B, E` (or int_gt, either _short)
 * whose loop (the blocks B reaches without passing H) never writes %n, writes %i once,
 * `%i = move (int_add %i, const k)` (int_sub for >; 0 < k < 2**20), in the one block N
 * that goes back to H (check_interrupts; goto H: no continue elsewhere). Then:
 *   H: small i and n? -> F, else S       F: i < n (words) -> M, E
 *   M: count the last strip's ticks; end = i + ticks * k, at most n; -> B
 *   S: the original test -> T, E         T: check_interrupts; end shut; -> B
 *   N: ...; i < end (words) -> B, else H
 * Guarantees: the same iterations; a strip's ticks are counted at its refill (the
 * slow path counts one per iteration), so signals and threads are served as before. */
#include <string.h>
#include <stdlib.h>
#include "pass.h"
#include "../ir/prims.h"

typedef struct Loop {
    const PassLoop *nat;   /* H's natural loop (loops.c): the blocks that go back to H */
    IrBlock *head, *body, *exit, *next;
    IrReg i, n;
    int nconsts;        /* H's leading constants, which stay in H */
    int nrechecks;      /* N's func_intact checks made again after its interrupt check
                         * (guards.c): they follow the strip's checks instead */
    int add_at;         /* the increment's int_add (int_sub) in N */
    const char *step;   /* k as decimal text (a literal), or NULL: */
    IrReg k;            /* k's register, which the loop never writes */
    int sign;           /* +1: i < n, i += k; -1: i > n, i -= k */
    bool inclusive;     /* <= or >=: the strips stop at n + 1 (n - 1) */
} Loop;

static bool prim_named(const IrOp *op, const char *a, const char *b)
{
    return op && (pass_prim_is(op, a) || pass_prim_is(op, b));
}

static IrOp *terminator(const IrBlock *b)
{
    return b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
}

/* H's ops: constants (a literal bound), the comparison, maybe a move of its result,
 * the branch on it. */
static bool loop_head(const IrBlock *h, Loop *l)
{
    IrOp *t = terminator(h);
    int c = 0;
    while (c < h->ops.len && h->ops.data[c]->kind == IR_CONST) {
        c++;
    }
    int rest = h->ops.len - c;
    if (!t || t->kind != IR_BRANCH || rest < 2 || rest > 3) {
        return false;
    }
    IrOp *cmp = h->ops.data[c];
    if (rest == 3 && (h->ops.data[c + 1]->kind != IR_MOVE || h->ops.data[c + 1]->args[0] != cmp->dst)) {
        return false;
    }
    bool le = prim_named(cmp, "int_le", "int_le_short"), ge = prim_named(cmp, "int_ge", "int_ge_short");
    l->inclusive = le || ge;
    l->sign = le || prim_named(cmp, "int_lt", "int_lt_short") ? 1 : ge || prim_named(cmp, "int_gt", "int_gt_short") ? -1 : 0;
    if (l->sign == 0 || t->args[0] != cmp->dst || cmp->args[0] == cmp->args[1]) {
        return false;
    }
    l->nconsts = c;
    l->i = cmp->args[0];
    l->n = cmp->args[1];
    l->body = t->target;
    l->exit = t->target2;
    return true;
}

/* The increment `%t = int_add %i, %k; %i = move %t` at the op before index `at` of N:
 * k's text when a literal, "" when another register (l->k), NULL when neither fits. */
static const char *increment_step(const IrBlock *nb, int at, Loop *l)
{
    const IrOp *mv = nb->ops.data[at];
    if (mv->kind != IR_MOVE || mv->dst != l->i) {
        return NULL;
    }
    const IrOp *add = NULL, *k = NULL;
    for (int j = at - 1; j >= 0 && !add; j--) {
        add = nb->ops.data[j]->dst == mv->args[0] ? nb->ops.data[j] : NULL;
        l->add_at = j;
    }
    bool up = prim_named(add, "int_add", "int_add_short"), down = prim_named(add, "int_sub", "int_sub_short");
    if (!add || !(l->sign > 0 ? up : down) || add->args[0] != l->i) {
        return NULL;
    }
    l->k = add->args[1];
    for (int j = 0; j < nb->ops.len && !k; j++) {
        k = nb->ops.data[j]->dst == add->args[1] ? nb->ops.data[j] : NULL;
    }
    if (!k || k->kind != IR_CONST) {
        return "";   /* a register: checked at each refill, and unwritten in the loop */
    }
    const char *text = k->u.konst->kind == IRC_INT ? k->u.konst->text : "";
    size_t digits = strspn(text, "0123456789");
    return digits > 0 && digits <= 6 && text[digits] == '\0' && text[0] != '0' ? text : NULL;
}

/* The loop writes n never and i once, in N, N's check and goto being the only way back. */
static bool counted(const IrFunc *f, Loop *l)
{
    const PassLoop *nat = l->nat;
    if (!pass_in_loop(nat, l->body->id) || pass_in_loop(nat, l->exit->id)) {
        return false;
    }
    int iwrites = 0, at = -1;
    const IrBlock *writer = NULL;
    l->next = NULL;
    for (int k = 0; k < nat->blocks.len; k++) {
        IrBlock *b = f->blocks.data[nat->blocks.data[k]];
        if (b == l->head) {
            continue;   /* its constants (a literal n) are made on each test */
        }
        IrOp *t = terminator(b);
        if (t && (t->target == l->head || t->target2 == l->head)) {
            int r = 0;
            while (b->ops.len >= r + 3 && b->ops.data[b->ops.len - 2 - r]->kind == IR_FUNC_INTACT) {
                r++;
            }
            if (l->next || t->kind != IR_GOTO || b->ops.len < r + 2 ||
                !prim_named(b->ops.data[b->ops.len - 2 - r], "check_interrupts", "check_interrupts")) {
                return false;
            }
            l->next = b;
            l->nrechecks = r;
        }
        for (int j = 0; j < b->ops.len; j++) {
            if (pass_op_writes(b->ops.data[j], l->n)) {
                return false;
            }
            if (pass_op_writes(b->ops.data[j], l->i)) {
                iwrites++;
                writer = b;
                at = j;
            }
        }
    }
    if (!l->next || iwrites != 1 || writer != l->next || !(l->step = increment_step(l->next, at, l))) {
        return false;
    }
    if (l->step[0] == '\0') {   /* a register step: unwritten in the loop */
        l->step = NULL;
        for (int k = 0; k < nat->blocks.len; k++) {
            const IrBlock *b = f->blocks.data[nat->blocks.data[k]];
            for (int j = 0; b != l->head && j < b->ops.len; j++) {
                if (pass_op_writes(b->ops.data[j], l->k)) {
                    return false;
                }
            }
        }
    }
    return l->k != l->i && l->k != l->n;
}

/* ---- the rewrite ---- */

static IrReg add_op(Ctx *ctx, IrFunc *f, IrBlock *b, IrOpKind kind, const Prim *p, RType rt,
                    IrReg a0, IrReg a1, IrReg a2, int line)
{
    IrReg dst = rt == RT_VOID ? -1 : ir_new_reg(ctx, f, rt, NULL);
    int nargs = (a0 >= 0) + (a1 >= 0) + (a2 >= 0);
    IrOp *op = ir_new_op(ctx, kind, line, dst, nargs);
    op->u.prim = p;
    IrReg args[3] = {a0, a1, a2};
    for (int k = 0; k < nargs; k++) {
        op->args[k] = args[k];
    }
    vec_push(&ctx->arena, &b->ops, op);
    return dst;
}

static IrReg add_prim(Ctx *ctx, IrFunc *f, IrBlock *b, PrimId id, IrReg a0, IrReg a1, IrReg a2, int line)
{
    const Prim *p = prim(id);
    return add_op(ctx, f, b, IR_PRIM, p, p->result, a0, a1, a2, line);
}

static IrReg add_const(Ctx *ctx, IrFunc *f, IrBlock *b, RType rt, const char *text, int line)
{
    IrReg dst = ir_new_reg(ctx, f, rt, NULL);
    IrOp *op = ir_new_op(ctx, IR_CONST, line, dst, 0);
    op->u.konst = ARENA_NEW(&ctx->arena, IrConst);
    op->u.konst->kind = IRC_INT;
    op->u.konst->text = text;
    op->u.konst->pool_index = -1;
    vec_push(&ctx->arena, &b->ops, op);
    return dst;
}

static void add_move(Ctx *ctx, IrBlock *b, IrReg dst, IrReg src, int line)
{
    IrOp *op = ir_new_op(ctx, IR_MOVE, line, dst, 1);
    op->args[0] = src;
    vec_push(&ctx->arena, &b->ops, op);
}

/* Copies of N's checks made again after its interrupt check, after a strip's check. */
static void add_rechecks(Ctx *ctx, IrBlock *b, IrOp *const *rechecks, int n)
{
    for (int k = 0; k < n; k++) {
        IrOp *op = ARENA_NEW(&ctx->arena, IrOp);
        *op = *rechecks[k];
        vec_push(&ctx->arena, &b->ops, op);
    }
}

static IrBlock *new_block(Ctx *ctx, IrFunc *f, const IrBlock *like)
{
    IrBlock *b = ir_new_block(ctx, f);
    b->unwind = like->unwind;
    return b;
}

/* ---- the strip's own copy of the body ----
 * Inside a strip i and n are small (|v| < 2**61), k is below 2**39 (a literal below
 * 10**6), and i stays between its value at the refill and the strip's end, which is at
 * most n + 1 (at least n - 1 counting down): i + k (i - k) is below 2**61 + 2**39 in
 * magnitude, a short int. The body that the strips run is a copy of the loop's (blocks
 * marked loop_copy: --report counts the original's sites), whose increment is the
 * machine add of the tagged words (int_add_short: no tag test, no overflow branch, no
 * error exit); the slow path (big ints, a step that does not fit) runs the original. A
 * small body only (code size), with no loop or handler inside. */
#define COPY_MAX_OPS 48

static const Prim strip_add_short = {.name = "int_add_short", .result = RT_INT, .nargs = 2,
                                     .args = {RT_INT, RT_INT}, .c_template = "$0 + $1"};
static const Prim strip_sub_short = {.name = "int_sub_short", .result = RT_INT, .nargs = 2,
                                     .args = {RT_INT, RT_INT}, .c_template = "$0 - $1"};

static bool copy_fits(const IrFunc *f, const PassLoopVec *loops, const Loop *l)
{
    const IrOp *add = l->next->ops.data[l->add_at];
    if (!prim_named(add, "int_add", "int_sub")) {
        return false;   /* already short (ranges.c): the copy would gain nothing */
    }
    int ops = 0;
    for (int k = 0; k < l->nat->blocks.len; k++) {
        int id = l->nat->blocks.data[k];
        if (id == l->head->id) {
            continue;
        }
        if (pass_loop_handler(l->nat, id) || pass_innermost_loop(loops, id) != l->nat) {
            return false;
        }
        ops += f->blocks.data[id]->ops.len;
    }
    return ops <= COPY_MAX_OPS;
}

static IrBlock *copy_target(IrBlock *const *map, IrBlock *t)
{
    return t && map[t->id] ? map[t->id] : t;
}

/* The body's copy, entered from the refill block `more` (its goto to the body). */
static void copy_body(Ctx *ctx, IrFunc *f, const Loop *l, IrBlock *more)
{
    int n = f->blocks.len;
    IrBlock **map = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)n);
    memset(map, 0, sizeof(IrBlock *) * (size_t)n);
    for (int k = 0; k < l->nat->blocks.len; k++) {
        int id = l->nat->blocks.data[k];
        if (id != l->head->id) {
            map[id] = ir_new_block(ctx, f);
            map[id]->loop_copy = true;
        }
    }
    for (int k = 0; k < l->nat->blocks.len; k++) {
        const IrBlock *ob = f->blocks.data[l->nat->blocks.data[k]];
        IrBlock *nb = map[ob->id];
        if (!nb) {
            continue;
        }
        nb->unwind = copy_target(map, ob->unwind);
        nb->strip_edge = ob->strip_edge;
        for (int j = 0; j < ob->ops.len; j++) {
            IrOp *op = ir_copy_op(ctx, ob->ops.data[j]);
            op->target = copy_target(map, op->target);
            op->target2 = copy_target(map, op->target2);
            if (ob == l->next && j == l->add_at) {
                op->u.prim = l->sign > 0 ? &strip_add_short : &strip_sub_short;
            }
            vec_push(&ctx->arena, &nb->ops, op);
        }
    }
    IrOp *into = terminator(more);
    into->target = copy_target(map, into->target);
}

static void rewrite(Ctx *ctx, IrFunc *f, const Loop *l, bool copy)
{
    IrBlock *h = l->head;
    int line = terminator(h)->line;
    IrReg end = ir_new_reg(ctx, f, RT_I64, NULL), len = ir_new_reg(ctx, f, RT_I64, NULL);
    IrBlock *fast = new_block(ctx, f, h), *more = new_block(ctx, f, h);
    IrBlock *slow = new_block(ctx, f, h), *slow_more = new_block(ctx, f, h);
    /* S: the original test (H's ops), to the slow path's check */
    for (int j = l->nconsts; j < h->ops.len; j++) {
        vec_push(&ctx->arena, &slow->ops, h->ops.data[j]);
    }
    terminator(slow)->target = slow_more;
    h->ops.len = l->nconsts;
    IrReg small_i = add_prim(ctx, f, h, PRIM_INT_IS_SMALL, l->i, -1, -1, line);   /* i first: --report */
    IrReg small = add_prim(ctx, f, h, PRIM_BOOL_AND, small_i, add_prim(ctx, f, h, PRIM_INT_IS_SMALL, l->n, -1, -1, line),
                           -1, line);
    if (!l->step) {   /* a register step must be small and go the loop's way */
        IrReg ok = add_prim(ctx, f, h, PRIM_STRIP_STEP_OK, l->k, -1, -1, line);
        small = add_prim(ctx, f, h, PRIM_BOOL_AND, small, ok, -1, line);
    }
    pass_add_jump(ctx, h, small, fast, slow, line);
    h->strip_head = true;
    /* i <= n is i < n + 1 (n small: no overflow); i >= n is i > n - 1 */
    IrReg stop = !l->inclusive ? l->n : add_prim(ctx, f, fast, l->sign > 0 ? PRIM_STRIP_STOP_UP : PRIM_STRIP_STOP_DOWN,
                                                 l->n, -1, -1, line);
    IrReg lt = add_prim(ctx, f, fast, l->sign > 0 ? PRIM_RANGE_LT_SMALL : PRIM_RANGE_GT_SMALL, l->i, stop, -1, line);
    pass_add_jump(ctx, fast, lt, more, l->exit, line);
    IrBlock *nb = l->next;
    IrOp **rechecks = nb->ops.data + nb->ops.len - 1 - l->nrechecks;
    add_prim(ctx, f, more, PRIM_CHECK_INTERRUPTS_STRIP, len, -1, -1, line);
    add_rechecks(ctx, more, rechecks, l->nrechecks);
    add_move(ctx, more, len, add_prim(ctx, f, more, PRIM_STRIP_TICKS, -1, -1, -1, line), line);
    IrReg step;
    if (l->step) {
        step = add_const(ctx, f, more, RT_INT, l->sign > 0 ? l->step : arena_printf(&ctx->arena, "-%s", l->step), line);
    } else {
        step = l->sign > 0 ? l->k : add_prim(ctx, f, more, PRIM_STRIP_NEG, l->k, -1, -1, line);
    }
    add_move(ctx, more, end, add_prim(ctx, f, more, PRIM_RANGE_STRIP_END, l->i, stop, step, line), line);
    pass_add_jump(ctx, more, -1, l->body, NULL, line);
    add_prim(ctx, f, slow_more, PRIM_CHECK_INTERRUPTS, -1, -1, -1, line);
    add_rechecks(ctx, slow_more, rechecks, l->nrechecks);
    add_move(ctx, slow_more, len, add_const(ctx, f, slow_more, RT_I64, "0", line), line);
    add_move(ctx, slow_more, end, add_prim(ctx, f, slow_more, l->sign > 0 ? PRIM_STRIP_SHUT_LT : PRIM_STRIP_SHUT_GT,
                                           -1, -1, -1, line), line);
    pass_add_jump(ctx, slow_more, -1, l->body, NULL, line);
    /* N: its check and goto become the strip's test */
    nb->ops.len -= 2 + l->nrechecks;
    IrReg in_strip = add_prim(ctx, f, nb, l->sign > 0 ? PRIM_RANGE_LT_STRIP : PRIM_RANGE_GT_STRIP, l->i, end, -1, line);
    pass_add_jump(ctx, nb, in_strip, l->body, h, line);
    nb->strip_edge = true;
    if (copy) {
        copy_body(ctx, f, l, more);
    }
}

/* ---- short loops: no check at all ----
 * A loop of at most SHORT_TRIPS iterations (i starts at a literal, the one other write of
 * i; n is a literal in H) whose ops are all on unboxed values (floats, bools, fixed-width
 * and proven-short ints: no call, no object, nothing whose time grows with its operands)
 * runs for microseconds at most: its back-edge needs no check, as a straight line of
 * code has none (mandelbrot's `while it < MAX_ITER` is entered 250,000 times a run, and
 * a strip's refill at each entry cost 9% of its instructions). The enclosing loop's
 * checks still run, and the slow path adapts its budget to wall time. */
#define SHORT_TRIPS 1000

static bool literal_int(const IrOp *op, long *v)
{
    if (!op || op->kind != IR_CONST || op->u.konst->kind != IRC_INT) {
        return false;
    }
    const char *t = op->u.konst->text;
    size_t digits = strspn(t + (t[0] == '-'), "0123456789");
    if (digits == 0 || digits > 9 || t[(t[0] == '-') + digits] != '\0') {
        return false;
    }
    *v = strtol(t, NULL, 10);
    return true;
}

static bool unboxed_op(const IrFunc *f, const IrOp *op)
{
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_BRANCH: case IR_GOTO: case IR_RETURN:
        return true;
    case IR_PRIM:
        break;
    default:
        return false;
    }
    const char *name = op->u.prim->name;
    size_t len = strlen(name);
    bool short_int = (len > 6 && strcmp(name + len - 6, "_short") == 0) || strcmp(name, "int_is_small") == 0;
    for (int k = -1; k < op->nargs; k++) {
        IrReg r = k < 0 ? op->dst : op->args[k];
        RType rt = r >= 0 ? f->regs.data[r].rt : RT_NONE;
        if (rt == RT_OBJ || (rt == RT_INT && !short_int)) {
            return false;
        }
    }
    return true;
}

/* The value i has on entering the loop: its one write outside it, a literal. */
static bool entry_literal(const IrFunc *f, const PassWriters *w, const Loop *l, long *v)
{
    const IrOp *def = NULL;
    IrReg i = l->i;
    if (i < f->params.len || i >= w->nregs) {
        return false;
    }
    for (int k = w->start[i]; k < w->start[i + 1]; k++) {
        if (!pass_in_loop(l->nat, w->blocks[k])) {
            if (def) {
                return false;
            }
            def = w->ops[k];
        }
    }
    return literal_int(def, v);
}

static bool short_loop(const IrFunc *f, const PassWriters *w, const Loop *l)
{
    long i0, n, k;
    const IrOp *ndef = NULL;
    for (int j = 0; j < l->nconsts; j++) {
        ndef = l->head->ops.data[j]->dst == l->n ? l->head->ops.data[j] : ndef;
    }
    if (!l->step || !literal_int(ndef, &n) || (k = strtol(l->step, NULL, 10)) <= 0) {
        return false;
    }
    if (!entry_literal(f, w, l, &i0)) {
        return false;
    }
    long span = l->sign > 0 ? n - i0 : i0 - n;
    if (span + l->inclusive > (long)SHORT_TRIPS * k) {
        return false;
    }
    for (int at = 0; at < l->nat->blocks.len; at++) {
        const IrBlock *b = f->blocks.data[l->nat->blocks.data[at]];
        for (int j = 0; j < b->ops.len; j++) {
            const IrOp *op = b->ops.data[j];
            if (!unboxed_op(f, op) && !(b == l->next && j == b->ops.len - 2 - l->nrechecks)) {
                return false;   /* (N's own check_interrupts is the one dropped) */
            }
        }
    }
    return true;
}

/* N's check_interrupts dropped; its goto stays. */
static void drop_check(const Loop *l)
{
    IrBlock *nb = l->next;
    int at = nb->ops.len - 2 - l->nrechecks;
    memmove(nb->ops.data + at, nb->ops.data + at + 1, sizeof(IrOp *) * (size_t)(nb->ops.len - at - 1));
    nb->ops.len--;
}

static int by_head(const void *a, const void *b)
{
    return (*(const PassLoop *const *)a)->head->id - (*(const PassLoop *const *)b)->head->id;
}

void pass_while_strips(Ctx *ctx, IrFunc *f)
{
    if (f->generator) {
        return;
    }
    int nregs = f->regs.len;
    PassLoopVec loops = pass_find_loops(ctx, f);
    if (loops.len == 0) {
        return;
    }
    /* a rewrite adds registers and ops writing only those: the writers found here stay
     * true for the registers they cover */
    PassWriters w = pass_writers(ctx, f);
    PassLoop **order = arena_alloc(&ctx->arena, sizeof(PassLoop *) * (size_t)loops.len);
    for (int i = 0; i < loops.len; i++) {
        order[i] = &loops.data[i];
    }
    qsort(order, (size_t)loops.len, sizeof(PassLoop *), by_head);   /* as the blocks come */
    for (int i = 0; i < loops.len; i++) {
        Loop l = {.nat = order[i], .head = order[i]->head};
        if (loop_head(l.head, &l) && counted(f, &l) && f->regs.data[l.i].rt == RT_INT &&
            f->regs.data[l.n].rt == RT_INT) {
            if (short_loop(f, &w, &l)) {
                drop_check(&l);
                continue;
            }
            int made = f->blocks.len;
            rewrite(ctx, f, &l, copy_fits(f, &loops, &l));
            for (int b = made; b < f->blocks.len; b++) {   /* the strip's blocks join the loops around */
                pass_loop_adopt(ctx, &loops, order[i], f->blocks.data[b]);
            }
        }
    }
    pass_extend_never_long(ctx, f, nregs);
}
