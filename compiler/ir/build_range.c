/* build_range.c - counted loops over range(start, stop, step) on a hidden counter, for
 * `for` statements (build_stmt.c) and comprehension clauses (build_comp.c). sema marks
 * the call (sema_counted_range): its type is the counter's, int or i64. */
#include "build.h"

#include <string.h>

/* Did sema mark this iterable as a counted range() (sema_counted_range)? */
bool build_counted_range(const AstExpr *it)
{
    return it->kind == EXPR_CALL && it->type && (it->type->kind == TY_INT || it->type->kind == TY_I64);
}

/* The sign of a range step known at compile time: +1, -1, or 0 when unknown. */
static int static_sign(const AstExpr *e)
{
    if (e->kind == EXPR_CONST && e->u.constant.kind == CONST_INT) {
        return strcmp(e->u.constant.text, "0") == 0 ? 0 : 1;
    }
    if (e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG && static_sign(e->u.unaryop.operand) == 1) {
        return -1;
    }
    return 0;
}

/* The value of an int literal (or its negation) of at most max in magnitude. */
static bool literal_within(const AstExpr *e, int64_t max, int64_t *out)
{
    bool neg = e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG;
    const AstExpr *k = neg ? e->u.unaryop.operand : e;
    if (k->kind != EXPR_CONST || k->u.constant.kind != CONST_INT || !k->u.constant.text) {
        return false;
    }
    int64_t v = 0;
    for (const char *p = k->u.constant.text; *p; p++) {
        if (*p < '0' || *p > '9' || v > max) {
            return false;
        }
        v = v * 10 + (*p - '0');
    }
    *out = neg ? -v : v;
    return v <= max;
}

/* A counter that starts at a small literal and steps by at most this much needs 2**51
 * iterations (weeks of looping) to leave the short ints: such a loop runs on short ints
 * only, its stop clamped to the short range (Pyc2c_RangeClamp); reaching the clamp raises
 * OverflowError instead of going on with long ints (Pyc2c_RangeClampExit). */
enum { RANGE_BOUNDED_STEP_MAX = 1024, RANGE_BOUNDED_START_MAX = 1 << 30 };

/* A step literal of at most this much (tagged: twice it) times a strip's ticks (an int)
 * stays below 2**43, so a short counter (below 2**62) plus it cannot overflow a word: the
 * strip's end needs no overflow test (Pyc2c_RangeStripEndUp/Down). */
enum { RANGE_LITERAL_STEP_MAX = 1 << 20 };

static bool literal_step(const AstExprVec *a)
{
    int64_t step = 1;
    return a->len < 3 || (literal_within(a->data[2], RANGE_LITERAL_STEP_MAX, &step) && step != 0);
}

static bool bounded_counter(const AstExprVec *a, const Type *ct)
{
    int64_t start = 0, step = 1;
    if (ct->kind != TY_INT) {
        return false;
    }
    if (a->len >= 2 && !literal_within(a->data[0], RANGE_BOUNDED_START_MAX, &start)) {
        return false;
    }
    if (a->len == 3 && (!literal_within(a->data[2], RANGE_BOUNDED_STEP_MAX, &step) || step == 0)) {
        return false;
    }
    return true;
}

static IrReg small_const(Builder *b, const char *text, const Type *want, int line)
{
    AstExpr k = {.kind = EXPR_CONST, .loc = {.line = line}, .type = &ty_int,
                 .u.constant = {.kind = CONST_INT, .text = text}};
    return build_const(b, &k, want);
}

/* range() evaluates its arguments, then converts each (an untyped one by __index__, as
 * range() does), once: later stores to those variables do not count. A zero step of
 * unknown sign raises here, as range() does. */
RangeBounds build_range_bounds(Builder *b, AstExpr *call)
{
    AstExprVec *a = &call->u.call.args;
    int line = call->loc.line;
    const Type *ct = call->type;
    RangeBounds r = {.ct = ct, .sign = a->len == 3 ? static_sign(a->data[2]) : 1, .bounded = bounded_counter(a, ct),
                     .literal_step = literal_step(a)};
    IrReg bound[3] = {-1, -1, -1};
    r.start = a->len == 1 ? small_const(b, "0", ct, line) : -1;
    for (int i = 0; i < a->len; i++) {
        bool untyped = a->data[i]->type->kind == TY_OBJECT;
        bound[i] = build_expr_as(b, a->data[i], untyped ? &ty_object : ct);
    }
    for (int i = 0; i < a->len; i++) {
        if (a->data[i]->type->kind == TY_OBJECT) {
            bound[i] = bld_prim(b, PRIM_INT_INDEX, line, bound[i], -1);
        }
    }
    r.start = a->len == 1 ? r.start : bound[0];
    IrReg stop = a->len == 1 ? bound[0] : bound[1];
    IrReg step = a->len == 3 ? bound[2] : small_const(b, "1", ct, line);
    r.stop = bld_temp(b, rtype_of(ct));
    r.step = bld_temp(b, rtype_of(ct));
    bld_move(b, r.stop, stop, line);
    bld_move(b, r.step, step, line);
    if (r.sign == 0) {
        bld_prim(b, ct->kind == TY_I64 ? PRIM_I64_STEP_CHECK : PRIM_RANGE_STEP_CHECK, line, r.step, -1);
    }
    return r;
}

typedef struct RangeOps { PrimId lt, gt, add; } RangeOps;

/* A range() loop over small ints runs in strips of as many iterations as the function's
 * interrupt countdown has left: its fast test compares the counter with the strip's end
 * (no back-edge check, pass/interrupts.c), and only at that end does it look at stop,
 * count the strip's ticks (signals, other threads) and start the next strip. */
typedef struct Strip { IrReg counter, stop, step, end, len; int sign; bool literal_step; } Strip;

static void strip_refill(Builder *b, const Strip *s, IrBlock *body, IrBlock *els, int line)
{
    IrBlock *refill = bld_block(b), *more = bld_block(b);
    PrimId in_strip = s->sign > 0 ? PRIM_RANGE_LT_STRIP : PRIM_RANGE_GT_STRIP;
    bld_branch(b, bld_prim(b, in_strip, line, s->counter, s->end), body, refill, line);
    bld_switch(b, refill);
    PrimId in_range = s->sign > 0 ? PRIM_RANGE_LT_SMALL : PRIM_RANGE_GT_SMALL;
    bld_branch(b, bld_prim(b, in_range, line, s->counter, s->stop), more, els, line);
    bld_switch(b, more);
    bld_prim(b, PRIM_CHECK_INTERRUPTS_STRIP, line, s->len, -1);
    bld_move(b, s->len, bld_prim(b, PRIM_STRIP_TICKS, line, -1, -1), line);
    IrReg args[3] = {s->counter, s->stop, s->step};
    PrimId end = !s->literal_step ? PRIM_RANGE_STRIP_END : s->sign > 0 ? PRIM_RANGE_STRIP_END_UP
                                                                        : PRIM_RANGE_STRIP_END_DOWN;
    bld_move(b, s->end, bld_prim_p(b, prim(end), line, args), line);
    bld_goto(b, body, line);
}

/* A bounded counter's loop (bounded_counter): strips only, up to the stop clamped to the
 * short range; the counter is short throughout, which pass/ranges.c then proves. */
static void bounded_loop(Builder *b, const RangeLoop *l, AstExpr *target, RangeBody body, void *ctx,
                         IrBlock *els, int line)
{
    const RangeBounds *r = &l->r;
    bool up = r->sign > 0;
    IrReg stop = bld_temp(b, RT_INT);
    bld_move(b, stop, bld_prim(b, PRIM_RANGE_CLAMP, line, r->stop, -1), line);
    Strip s = {l->counter, stop, r->step, bld_temp(b, RT_I64), bld_temp(b, RT_I64), r->sign, r->literal_step};
    bld_move(b, s.end, bld_prim(b, PRIM_RANGE_STRIP_START, line, l->counter, -1), line);
    bld_move(b, s.len, small_const(b, "0", &ty_i64, line), line);
    bld_goto(b, l->head, line);
    bld_switch(b, l->head);
    IrBlock *done = bld_block(b);
    strip_refill(b, &s, l->loop, done, line);
    bld_switch(b, done);
    bld_prim(b, up ? PRIM_RANGE_CLAMP_EXIT_UP : PRIM_RANGE_CLAMP_EXIT_DOWN, line, r->stop, -1);
    bld_goto(b, els, line);
    bld_switch(b, l->loop);
    build_store(b, target, bld_coerce(b, l->counter, r->ct, target->type, line), line);
    body(b, ctx, l->next);
    bld_switch(b, l->next);
    bld_move(b, l->counter, bld_prim(b, PRIM_RANGE_ADD_SMALL, line, l->counter, r->step), line);
    bld_goto(b, l->head, line);
    b->cur->strip_edge = true;
}

/* The loop's counter (at start) and blocks; the caller allocates its own (else, break
 * targets) after these, then builds the loop. */
RangeLoop build_range_start(Builder *b, const RangeBounds *r, int line)
{
    RangeLoop l = {.r = *r, .counter = bld_temp(b, rtype_of(r->ct))};
    bld_move(b, l.counter, r->start, line);
    l.head = bld_block(b);
    l.loop = bld_block(b);
    l.next = bld_block(b);
    return l;
}

/* The loop: each value stored into target, then body (which ends its block going to
 * the next iteration); when the range is done, control goes to els. */
void build_range_loop(Builder *b, const RangeLoop *l, AstExpr *target, RangeBody body, void *ctx,
                      IrBlock *els, int line)
{
    const RangeBounds *r = &l->r;
    if (r->bounded) {
        bounded_loop(b, l, target, body, ctx, els, line);
        return;
    }
    const Type *ct = r->ct;
    bool i64 = ct->kind == TY_I64;
    RangeOps ops = i64 ? (RangeOps){PRIM_I64_LT, PRIM_I64_GT, PRIM_I64_ADD}
                       : (RangeOps){PRIM_INT_LT, PRIM_INT_GT, PRIM_INT_ADD};
    int sign = r->sign;
    IrReg counter = l->counter;
    IrBlock *head = l->head, *loop = l->loop, *next = l->next;
    IrReg small = -1;
    if (sign != 0 && !i64) {
        small = bld_prim(b, PRIM_BOOL_AND, line, bld_prim(b, PRIM_INT_IS_SMALL, line, r->start, -1),
                         bld_prim(b, PRIM_INT_IS_SMALL, line, r->stop, -1));
        small = bld_prim(b, PRIM_BOOL_AND, line, small, bld_prim(b, PRIM_INT_IS_SMALL, line, r->step, -1));
    }
    IrReg strip_end = -1, strip_len = -1;
    if (small >= 0) {   /* the first test fails into the refill, which counts no ticks */
        strip_end = bld_temp(b, RT_I64);
        strip_len = bld_temp(b, RT_I64);
        bld_move(b, strip_end, bld_prim(b, PRIM_RANGE_STRIP_START, line, counter, -1), line);
        bld_move(b, strip_len, small_const(b, "0", &ty_i64, line), line);
    }
    bld_goto(b, head, line);
    bld_switch(b, head);
    if (small >= 0) {
        IrBlock *fast = bld_block(b), *slow = bld_block(b);
        bld_branch(b, small, fast, slow, line);
        bld_switch(b, fast);
        strip_refill(b, &(Strip){counter, r->stop, r->step, strip_end, strip_len, sign, r->literal_step}, loop, els,
                     line);
        bld_switch(b, slow);
        bld_branch(b, bld_prim(b, sign > 0 ? ops.lt : ops.gt, line, counter, r->stop), loop, els, line);
    } else if (sign != 0) {
        bld_branch(b, bld_prim(b, sign > 0 ? ops.lt : ops.gt, line, counter, r->stop), loop, els, line);
    } else {
        IrBlock *up = bld_block(b), *down = bld_block(b);
        bld_branch(b, bld_prim(b, ops.gt, line, r->step, small_const(b, "0", ct, line)), up, down, line);
        bld_switch(b, up);
        bld_branch(b, bld_prim(b, ops.lt, line, counter, r->stop), loop, els, line);
        bld_switch(b, down);
        bld_branch(b, bld_prim(b, ops.gt, line, counter, r->stop), loop, els, line);
    }
    bld_switch(b, loop);
    build_store(b, target, bld_coerce(b, counter, ct, target->type, line), line);
    body(b, ctx, next);
    bld_switch(b, next);
    if (small >= 0) {
        IrBlock *fast = bld_block(b), *slow = bld_block(b);
        bld_branch(b, small, fast, slow, line);
        bld_switch(b, fast);
        bld_move(b, counter, bld_prim(b, PRIM_RANGE_ADD_SMALL, line, counter, r->step), line);
        bld_goto(b, head, line);
        b->cur->strip_edge = true;
        bld_switch(b, slow);
    }
    bld_move(b, counter, bld_prim(b, ops.add, line, counter, r->step), line);
    bld_goto(b, head, line);
}
