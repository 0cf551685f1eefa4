/* build_comp.c - list, set and dict comprehensions, and generator expressions whose
 * consumer takes them whole (sema/genexp.c: list, tuple, sorted, join, any, all, sum,
 * min, max, set, dict), as inline loops over the iterator protocol, counted loops
 * for clauses over range() (build_range.c), or the loops of typed iterables
 * (build_loops.c). The loop variables are fresh registers of their own symbols, which the
 * enclosing code never names: they neither leak nor clobber its variables. */
#include "build.h"

/* Fresh registers for the symbols a target binds (a finally body lowered twice gets
 * two sets: each copy of the code uses its own). */
static void alloc_targets(Builder *b, AstExpr *t)
{
    switch (t->kind) {
    case EXPR_NAME:
        if (t->u.name.sym->captured) {
            build_new_cell(b, t->u.name.sym, t->loc.line);   /* one cell per run, as CPython */
            break;
        }
        t->u.name.sym->slot = ir_new_reg(b->ctx, b->f, rtype_of(t->u.name.sym->type), t->u.name.sym->name);
        break;
    case EXPR_STARRED: alloc_targets(b, t->u.starred.value); break;
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            alloc_targets(b, t->u.seq.elts.data[i]);
        }
        break;
    default: ICE("comprehension target %s", ast_expr_name(t->kind));
    }
}

/* What the innermost clause does with each element: add it to the result, or (any/all)
 * test it. It ends the block, going back to `next` for the next element. */
typedef struct CompSink {
    AstExpr *e;
    AstExpr *call;           /* the consumer's call (sum, min, max: its other arguments) */
    IrReg result;            /* the list, set, dict or accumulator; -1 for any/all */
    IrReg dflt;              /* min/max: default=, else -1 */
    IrBlock *decided;        /* any/all: where the deciding element goes */
    IrReg it0;               /* Counter's loop: the first clause's iterator, made by the
                              * caller; else -1 */
    IrBlock *released;       /* a genexp's: where the consumer's errors go (its own cleanup
                              * goes there after PEP 479's step) */
} CompSink;

/* What the loops fill: 'l' list, 's' set, 'd' dict, 'c' a Counter (counter.c), 'a' an
 * accumulator (fold.c). */
static char result_kind(const AstExpr *e)
{
    if (e->kind != EXPR_GENEXP) {
        return e->kind == EXPR_SETCOMP ? 's' : e->kind == EXPR_DICTCOMP ? 'd' : 'l';
    }
    char c = e->u.comp.consumer;
    return c == 'S' ? 's' : c == 'D' ? 'd' : c == 'L' ? 'l' : c == 'C' || c == 'U' ? 'c' : 'a';
}

static IrReg none_const(Builder *b, int line)
{
    AstExpr none = {.kind = EXPR_CONST, .type = &ty_none, .loc = {.line = line}, .u.constant = {.kind = CONST_NONE}};
    return build_expr_as(b, &none, &ty_object);
}

/* sum's accumulator (start=, else 0) or min's and max's (key=, default=), made after
 * the first iterable's iterator, as the builtin is called after the genexp is made. */
static void new_accumulator(Builder *b, CompSink *k, int line)
{
    AstExpr *call = k->call;
    char c = k->e->u.comp.consumer;
    if (c == 's') {
        AstExpr *start = call->u.call.args.len > 1 ? call->u.call.args.data[1] : sema_call_keyword(call, "start");
        IrReg r = start ? bld_prim(b, PRIM_SUM_NEW, line, build_expr_as(b, start, &ty_object), -1)
                        : bld_prim(b, PRIM_SUM_NEW0, line, -1, -1);
        bld_move(b, k->result, r, line);
        return;
    }
    AstExpr *key = sema_call_keyword(call, "key"), *dflt = sema_call_keyword(call, "default");
    IrReg kr = key ? build_expr_as(b, key, &ty_object) : none_const(b, line);
    k->dflt = dflt ? build_expr_as(b, dflt, &ty_object) : -1;
    bld_move(b, k->result, bld_prim(b, c == 'M' ? PRIM_MAX_NEW : PRIM_MIN_NEW, line, kr, -1), line);
}

/* Where errors go from here on: a new block of that region. */
static void enter_unwind(Builder *b, IrBlock *unwind, int line)
{
    if (b->unwind == unwind) {
        return;
    }
    b->unwind = unwind;   /* a new block starts the region */
    IrBlock *next = bld_block(b);
    bld_goto(b, next, line);
    bld_switch(b, next);
}

/* The consumer's region, entered for what the consumer does with an element (sum's +,
 * set.add, any's truth test, ...): its caller's frame, not the genexp's, its errors not
 * the genexp's own (a StopIteration it raises stays one: see fill_cleanup). */
typedef struct ConsumerRegion {
    IrFunc *frame;
    int frame_line;
    IrBlock *body;           /* the genexp body's region, taken back after */
} ConsumerRegion;

/* Enters it: the line its ops carry. */
static int enter_consumer(Builder *b, const CompSink *k, int line, ConsumerRegion *r)
{
    *r = (ConsumerRegion){b->frame, b->frame_line, b->unwind};
    enter_unwind(b, k->released, line);
    b->frame = r->frame ? r->frame->inl_caller : NULL;
    b->frame_line = b->frame ? b->frame->inl_call_line : 0;
    return r->frame ? r->frame_line : line;
}

static void leave_consumer(Builder *b, const ConsumerRegion *r)
{
    b->frame = r->frame;
    b->frame_line = r->frame_line;
}

static void consume_p(Builder *b, const CompSink *k, PrimId id, int line, const IrReg *args)
{
    ConsumerRegion r;
    int at = enter_consumer(b, k, line, &r);
    bld_prim_p(b, prim(id), at, args);
    leave_consumer(b, &r);
    enter_unwind(b, r.body, line);
}

static void consume(Builder *b, const CompSink *k, PrimId id, int line, IrReg a0, IrReg a1)
{
    IrReg args[2] = {a0, a1};
    consume_p(b, k, id, line, args);
}

/* any()'s or all()'s truth test of an element, the consumer's (a StopIteration its
 * __bool__ raises stays one). The branch ends the block: the blocks switched to next
 * take the body's region again. */
static void consumer_branch(Builder *b, const CompSink *k, IrReg v, const Type *t, int line, IrBlock *yes, IrBlock *no)
{
    ConsumerRegion r;
    int at = enter_consumer(b, k, line, &r);
    bld_branch(b, build_truth(b, v, t, at), yes, no, at);
    leave_consumer(b, &r);
    b->unwind = r.body;
}

/* One element of sum(), min() or max(): an int or float added unboxed. */
static void fold_element(Builder *b, CompSink *k, AstExpr *elt, int line)
{
    const Type *t = elt->type;
    if (k->e->u.comp.consumer != 's') {
        consume(b, k, PRIM_MINMAX_ADD, line, k->result, build_expr_as(b, elt, &ty_object));
    } else if (t == &ty_int || t == &ty_bool) {
        consume(b, k, PRIM_SUM_ADD_INT, line, k->result, build_expr_as(b, elt, &ty_int));
    } else if (t == &ty_float) {
        consume(b, k, PRIM_SUM_ADD_FLOAT, line, k->result, build_expr_as(b, elt, &ty_float));
    } else {
        consume(b, k, PRIM_SUM_ADD, line, k->result, build_expr_as(b, elt, &ty_object));
    }
}

static void sink_element(Builder *b, CompSink *k, IrBlock *next)
{
    AstExpr *e = k->e, *elt = e->u.comp.elt;
    int line = elt->loc.line;
    char kind = result_kind(e);
    if (k->result < 0) {
        bool any = e->u.comp.consumer == 'a';
        IrBlock *yes = any ? k->decided : next, *no = any ? next : k->decided;
        if (rtype_of(elt->type) != RT_OBJ || elt->kind == EXPR_BOOLOP || elt->kind == EXPR_COMPARE ||
            (elt->kind == EXPR_UNARYOP && elt->u.unaryop.op == UNARY_NOT)) {
            build_branch(b, elt, yes, no);   /* the fused tests: their truth stays in the body */
        } else {
            consumer_branch(b, k, build_expr(b, elt), elt->type, line, yes, no);
        }
        return;
    }
    if (kind == 'a') {
        fold_element(b, k, elt, line);
    } else if (kind == 'c') {
        consume(b, k, PRIM_COUNTER_ADD, line, k->result, build_expr_as(b, elt, &ty_object));
    } else if (kind == 'd') {
        bool pair = e->kind == EXPR_GENEXP;   /* dict((k, v) for ...): the display's parts */
        IrReg key = build_expr_as(b, pair ? elt->u.seq.elts.data[0] : elt, &ty_object);
        IrReg args[3] = {k->result, key, build_expr_as(b, pair ? elt->u.seq.elts.data[1] : e->u.comp.value, &ty_object)};
        if (e->kind == EXPR_GENEXP) {
            consume_p(b, k, PRIM_DICT_SETITEM, line, args);
        } else {   /* a dict comprehension stores in its own frame */
            bld_prim_p(b, prim(PRIM_DICT_SETITEM), line, args);
        }
    } else {
        IrReg v = build_expr_as(b, elt, &ty_object);
        if (e->kind == EXPR_GENEXP) {
            consume(b, k, kind == 's' ? PRIM_SET_ADD : PRIM_LIST_APPEND, line, k->result, v);
        } else {
            bld_prim(b, kind == 's' ? PRIM_SET_ADD : PRIM_LIST_APPEND, line, k->result, v);
        }
    }
    bld_goto(b, next, line);
}

/* The iterators of a comprehension's clauses (COMP_RANGE for a counted range() clause,
 * which has its bounds instead; COMP_TYPED for one over a typed list, tuple, str, dict,
 * set, enumerate or zip, walked as a for statement walks it: build_loops.c). */
typedef struct CompLoops { IrReg *its; RangeBounds *bounds; TypedLoop **typed; } CompLoops;
enum { COMP_RANGE = -1, COMP_TYPED = -2, COMP_SINGLE = -3 };

/* `for y in [v]` or `for y in (v,)` after the first clause: y = v, no display built
 * (CPython 3.9+ compiles the idiom so too; lower_expr.c makes it of a genexp iterable). */
static bool single_display(const AstExpr *it)
{
    return (it->kind == EXPR_LIST || it->kind == EXPR_TUPLE) && it->u.seq.elts.len == 1 &&
           it->u.seq.elts.data[0]->kind != EXPR_STARRED;
}

/* Clause k's iterable `it`, evaluated: its bounds, its typed walk, or its iterator. */
static void start_clause(Builder *b, AstExpr *it, CompLoops *loops, int k)
{
    if (k > 0 && single_display(it)) {
        loops->its[k] = COMP_SINGLE;   /* its value is made where the clause binds it */
    } else if (build_counted_range(it)) {
        loops->its[k] = COMP_RANGE;
        loops->bounds[k] = build_range_bounds(b, it);
    } else if ((loops->typed[k] = build_typed_clause_start(b, it, it->loc.line)) != NULL) {
        loops->its[k] = COMP_TYPED;
    } else {
        loops->its[k] = bld_prim(b, PRIM_OBJ_ITER, it->loc.line, build_expr_as(b, it, &ty_object), -1);
    }
}

static void lower_clause(Builder *b, CompSink *sink, int k, CompLoops *loops, IrBlock *exit);

/* What clause k does with one value of its target: its conditions, then the next
 * clause or the sink; a failed condition or the end goes to next. */
static void clause_body(Builder *b, CompSink *sink, int k, CompLoops *loops, IrBlock *next)
{
    AstExpr *e = sink->e;
    AstComprehension *c = &e->u.comp.generators.data[k];
    for (int i = 0; i < c->ifs.len; i++) {
        IrBlock *pass = bld_block(b);
        build_branch(b, c->ifs.data[i], pass, next);
        bld_switch(b, pass);
    }
    if (k + 1 < e->u.comp.generators.len) {
        start_clause(b, e->u.comp.generators.data[k + 1].iter, loops, k + 1);
        lower_clause(b, sink, k + 1, loops, next);
    } else {
        sink_element(b, sink, next);
    }
}

typedef struct RangeClause { CompSink *sink; int k; CompLoops *loops; } RangeClause;

static void range_clause_body(Builder *b, void *ctx, IrBlock *next)
{
    RangeClause *rc = ctx;
    clause_body(b, rc->sink, rc->k, rc->loops, next);
}

/* The for clause k, over its iterator or counted; when it ends, control goes to exit. */
static void lower_clause(Builder *b, CompSink *sink, int k, CompLoops *loops, IrBlock *exit)
{
    AstComprehension *c = &sink->e->u.comp.generators.data[k];
    int line = c->iter->loc.line;
    if (loops->its[k] == COMP_SINGLE) {
        AstExpr *v = c->iter->u.seq.elts.data[0];
        build_store(b, c->target, build_expr_as(b, v, c->target->type ? c->target->type : &ty_object), line);
        clause_body(b, sink, k, loops, exit);
        return;
    }
    if (loops->its[k] == COMP_TYPED) {
        build_typed_clause_loop(b, loops->typed[k], c->target, range_clause_body, &(RangeClause){sink, k, loops}, exit,
                                line);
        return;
    }
    if (loops->its[k] == COMP_RANGE) {
        RangeLoop l = build_range_start(b, &loops->bounds[k], line);
        IrBlock *end = bld_block(b);
        build_range_loop(b, &l, c->target, range_clause_body, &(RangeClause){sink, k, loops}, end, line);
        bld_switch(b, end);
        bld_goto(b, exit, line);
        return;
    }
    IrReg it = loops->its[k];
    IrBlock *head = bld_block(b), *body = bld_block(b), *end = bld_block(b);
    bld_goto(b, head, line);
    bld_switch(b, head);
    IrReg item = bld_prim(b, PRIM_ITER_NEXT, line, it, -1);
    bld_branch(b, bld_prim(b, PRIM_OBJ_IS_NULL, line, item, -1), end, body, line);
    bld_switch(b, body);
    build_store(b, c->target, bld_coerce(b, item, &ty_object, c->target->type, line), c->target->loc.line);
    clause_body(b, sink, k, loops, head);
    bld_switch(b, end);
    bld_prim(b, PRIM_ITER_END_CHECK, line, -1, -1);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, it, -1);   /* the iterator goes when its loop ends */
    bld_goto(b, exit, line);
}

/* An error inside drops the iterators, innermost first, before any enclosing handler
 * runs (3.12's unwinding of an inlined comprehension; a generator's finally runs then).
 * A genexp's own errors first pass PEP 479's step: a StopIteration leaving the body is a
 * RuntimeError (as the generator would raise to its consumer); the consumer's errors go
 * straight to released. */
static void fill_cleanup(Builder *b, IrBlock *cleanup, IrBlock *released, const IrReg *its, int n, IrReg result,
                         int line)
{
    bld_switch(b, cleanup);
    if (released != cleanup) {
        bld_prim(b, PRIM_GENEXP_STOP, line, -1, -1);
        bld_goto(b, released, line);
        bld_switch(b, released);
    }
    for (int k = n - 1; k >= 0; k--) {
        if (its[k] >= 0) {
            bld_prim(b, PRIM_OBJ_LAST_USE, line, its[k], -1);
        }
    }
    if (result >= 0) {
        bld_prim(b, PRIM_OBJ_LAST_USE, line, result, -1);
    }
    bld_prim(b, PRIM_PROPAGATE, line, -1, -1);
    /* not reached (propagate always fails), and no loop back: the iterators die here */
    bld_op(b, IR_RETURN_ERROR, line, -1, 0);
}

/* The frame e's body runs in, or NULL: a genexp's; before 3.12 also a list, set or
 * dict comprehension's (CPython 3.12 inlined those into their function, PEP 709). */
static const char *comp_frame_name(Builder *b, const AstExpr *e)
{
    int minor = b->ctx->py_minor;
    if (e->kind == EXPR_GENEXP) {
        return "<genexpr>";
    }
    if (minor == 0 || minor >= 12) {
        return NULL;
    }
    return e->kind == EXPR_SETCOMP ? "<setcomp>" : e->kind == EXPR_DICTCOMP ? "<dictcomp>" : "<listcomp>";
}

/* The loops of e, feeding sink; afterwards the current block is where they end. */
static IrReg *lower_loops(Builder *b, CompSink *sink)
{
    AstExpr *e = sink->e;
    int line = e->loc.line;
    AstCompVec *g = &e->u.comp.generators;
    for (int k = 0; k < g->len; k++) {
        alloc_targets(b, g->data[k].target);
    }
    CompLoops loops = {arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)g->len),
                       arena_alloc(&b->ctx->arena, sizeof(RangeBounds) * (size_t)g->len),
                       arena_alloc(&b->ctx->arena, sizeof(TypedLoop *) * (size_t)g->len)};
    for (int k = 0; k < g->len; k++) {
        loops.its[k] = COMP_RANGE;
    }
    if (sink->it0 >= 0) {
        loops.its[0] = sink->it0;
    } else {
        start_clause(b, g->data[0].iter, &loops, 0);   /* evaluated where the comprehension is */
    }
    if (result_kind(e) == 'c') {
        /* the caller's new Counter */
    } else if (sink->result >= 0 && result_kind(e) == 'a') {
        new_accumulator(b, sink, line);
    } else if (sink->result >= 0) {
        IrOp *op = bld_op(b, IR_BUILD, line, sink->result, 0);
        char kind = result_kind(e);
        op->u.build = kind == 's' ? IRB_SET : kind == 'd' ? IRB_DICT : IRB_LIST;
        /* [f(x) for x in xs], xs a list or tuple: the result gets room for len(xs) items
         * at once (a clause with a condition may keep far fewer: left to grow) */
        IrReg n = kind == 'l' && g->len == 1 && g->data[0].ifs.len == 0 && loops.its[0] == COMP_TYPED
                      ? build_typed_clause_count(b, loops.typed[0], line) : -1;
        if (n >= 0) {
            bld_prim(b, PRIM_LIST_RESERVE, line, sink->result, n);
        }
    }
    IrBlock *outer = b->unwind, *cleanup = bld_block(b), *loop = bld_block(b), *done = bld_block(b);
    sink->released = e->kind == EXPR_GENEXP ? bld_block(b) : cleanup;
    bld_goto(b, loop, line);
    b->unwind = cleanup;   /* a new block starts the region */
    bld_switch(b, loop);
    b->comp_depth++;
    IrFunc *frame = b->frame;
    int frame_line = b->frame_line;
    const char *fname = comp_frame_name(b, e);
    if (fname) {   /* what fails inside runs in a <genexpr> frame called by the consumer */
        b->frame = ARENA_NEW(&b->ctx->arena, IrFunc);
        b->frame->name = fname;
        b->frame->inl_caller = frame;
        b->frame_line = b->frame->inl_call_line = sink->call ? sink->call->loc.line : line;
        Loc at = sink->call ? sink->call->loc : e->loc;   /* the range CPython's call of the frame has */
        if (at.line == b->frame_line) {
            b->frame->inl_call_pos = (IrPos){at.col, at.end_line, at.end_col};
        }
    }
    lower_clause(b, sink, 0, &loops, done);
    b->frame = frame;
    b->frame_line = frame_line;
    b->comp_depth--;
    b->unwind = outer;
    fill_cleanup(b, cleanup, sink->released, loops.its, g->len, sink->result, line);
    bld_switch(b, done);
    return loops.its;
}

/* [elt for ...], {elt for ...}, {key: value for ...}, and a genexp built as a list. */
IrReg build_comp(Builder *b, AstExpr *e)
{
    CompSink sink = {.e = e, .result = bld_temp(b, RT_OBJ), .dflt = -1, .it0 = -1};
    lower_loops(b, &sink);
    return sink.result;
}

/* sum/min/max/set/dict(genexp) (sema/genexp.c): the loops fill the set or dict, or
 * feed an accumulator whose result is the call's value. */
IrReg build_fold(Builder *b, AstExpr *call)
{
    AstExpr *e = call->u.call.args.data[0];
    int line = call->loc.line;
    CompSink sink = {.e = e, .call = call, .result = bld_temp(b, RT_OBJ), .dflt = -1, .it0 = -1};
    lower_loops(b, &sink);
    char c = e->u.comp.consumer;
    IrReg r = sink.result;
    if (c == 's') {
        r = bld_prim(b, PRIM_SUM_RESULT, line, sink.result, -1);
    } else if (c == 'm' || c == 'M') {
        r = sink.dflt >= 0 ? bld_prim(b, PRIM_MINMAX_RESULT, line, sink.result, sink.dflt)
                           : bld_prim(b, PRIM_MINMAX_RESULT0, line, sink.result, -1);
    }
    return bld_coerce(b, r, &ty_object, call->type, line);
}

/* any(genexp) / all(genexp): a bool, the loops left at the first deciding element
 * (its iterators released, innermost first, as closing the generator would). */
IrReg build_any_all(Builder *b, AstExpr *call)
{
    AstExpr *e = call->u.call.args.data[0];
    int line = call->loc.line;
    bool any = e->u.comp.consumer == 'a';
    IrReg result = bld_temp(b, RT_BOOL);
    CompSink sink = {.e = e, .call = call, .result = -1, .dflt = -1, .decided = bld_block(b), .it0 = -1};
    IrBlock *join = bld_block(b);
    IrReg *its = lower_loops(b, &sink);
    AstExpr exhausted = {.kind = EXPR_CONST, .type = &ty_bool, .u.constant = {.kind = any ? CONST_FALSE : CONST_TRUE}};
    bld_move(b, result, build_const(b, &exhausted, NULL), line);
    bld_goto(b, join, line);
    bld_switch(b, sink.decided);
    for (int k = e->u.comp.generators.len - 1; k >= 0; k--) {
        if (its[k] >= 0) {
            bld_prim(b, PRIM_OBJ_LAST_USE, line, its[k], -1);
        }
    }
    AstExpr decided = {.kind = EXPR_CONST, .type = &ty_bool, .u.constant = {.kind = any ? CONST_TRUE : CONST_FALSE}};
    bld_move(b, result, build_const(b, &decided, NULL), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}

/* Counter(genexp)'s and x.update(genexp)'s loop (build_counter.c): each element
 * counted into counts, a new Counter or x; it is the first clause's iterator, made by
 * the caller. */
void build_count_loops(Builder *b, AstExpr *call, IrReg it, IrReg counts)
{
    CompSink sink = {.e = call->u.call.args.data[0], .call = call, .result = counts, .dflt = -1, .it0 = it};
    lower_loops(b, &sink);
}
