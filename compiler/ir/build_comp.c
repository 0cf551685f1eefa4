/* build_comp.c - list, set and dict comprehensions, and generator expressions whose
 * consumer takes them whole (sema/genexp.c), as inline loops over the iterator
 * protocol. The loop variables are fresh registers of their own symbols, which the
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
    IrReg result;            /* the list, set or dict; -1 for any/all */
    IrBlock *decided;        /* any/all: where the deciding element goes */
} CompSink;

static void sink_element(Builder *b, CompSink *k, IrBlock *next)
{
    AstExpr *e = k->e, *elt = e->u.comp.elt;
    int line = elt->loc.line;
    if (k->result < 0) {
        bool any = e->u.comp.consumer == 'a';
        build_branch(b, elt, any ? k->decided : next, any ? next : k->decided);
        return;
    }
    IrReg v = build_expr_as(b, elt, &ty_object);
    if (e->kind == EXPR_DICTCOMP) {
        IrReg args[3] = {k->result, v, build_expr_as(b, e->u.comp.value, &ty_object)};
        bld_prim_p(b, prim(PRIM_DICT_SETITEM), line, args);
    } else {
        bld_prim(b, e->kind == EXPR_SETCOMP ? PRIM_SET_ADD : PRIM_LIST_APPEND, line, k->result, v);
    }
    bld_goto(b, next, line);
}

/* The for clause k over iterator it; when it ends, control goes to exit. */
static void lower_clause(Builder *b, CompSink *sink, int k, IrReg *its, IrBlock *exit)
{
    AstExpr *e = sink->e;
    IrReg it = its[k];
    AstComprehension *c = &e->u.comp.generators.data[k];
    int line = c->iter->loc.line;
    IrBlock *head = bld_block(b), *body = bld_block(b), *end = bld_block(b);
    bld_goto(b, head, line);
    bld_switch(b, head);
    IrReg item = bld_prim(b, PRIM_ITER_NEXT, line, it, -1);
    bld_branch(b, bld_prim(b, PRIM_OBJ_IS_NULL, line, item, -1), end, body, line);
    bld_switch(b, body);
    build_store(b, c->target, bld_coerce(b, item, &ty_object, c->target->type, line), c->target->loc.line);
    for (int i = 0; i < c->ifs.len; i++) {
        IrBlock *pass = bld_block(b);
        build_branch(b, c->ifs.data[i], pass, head);
        bld_switch(b, pass);
    }
    if (k + 1 < e->u.comp.generators.len) {
        AstExpr *next = e->u.comp.generators.data[k + 1].iter;
        its[k + 1] = bld_prim(b, PRIM_OBJ_ITER, next->loc.line, build_expr_as(b, next, &ty_object), -1);
        lower_clause(b, sink, k + 1, its, head);
    } else {
        sink_element(b, sink, head);
    }
    bld_switch(b, end);
    bld_prim(b, PRIM_ITER_END_CHECK, line, -1, -1);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, it, -1);   /* the iterator goes when its loop ends */
    bld_goto(b, exit, line);
}

/* An error inside drops the iterators, innermost first, before any enclosing handler
 * runs (3.12's unwinding of an inlined comprehension; a generator's finally runs then). */
static void fill_cleanup(Builder *b, IrBlock *cleanup, const IrReg *its, int n, IrReg result, int line)
{
    bld_switch(b, cleanup);
    for (int k = n - 1; k >= 0; k--) {
        bld_prim(b, PRIM_OBJ_LAST_USE, line, its[k], -1);
    }
    if (result >= 0) {
        bld_prim(b, PRIM_OBJ_LAST_USE, line, result, -1);
    }
    bld_prim(b, PRIM_PROPAGATE, line, -1, -1);
    /* not reached (propagate always fails), and no loop back: the iterators die here */
    bld_op(b, IR_RETURN_ERROR, line, -1, 0);
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
    IrReg *its = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)g->len);
    AstExpr *first = g->data[0].iter;
    its[0] = bld_prim(b, PRIM_OBJ_ITER, first->loc.line, build_expr_as(b, first, &ty_object), -1);
    if (sink->result >= 0) {
        IrOp *op = bld_op(b, IR_BUILD, line, sink->result, 0);
        op->u.build = e->kind == EXPR_SETCOMP ? IRB_SET : e->kind == EXPR_DICTCOMP ? IRB_DICT : IRB_LIST;
    }
    IrBlock *outer = b->unwind, *cleanup = bld_block(b), *loop = bld_block(b), *done = bld_block(b);
    bld_goto(b, loop, line);
    b->unwind = cleanup;   /* a new block starts the region */
    bld_switch(b, loop);
    b->comp_depth++;
    lower_clause(b, sink, 0, its, done);
    b->comp_depth--;
    b->unwind = outer;
    fill_cleanup(b, cleanup, its, g->len, sink->result, line);
    bld_switch(b, done);
    return its;
}

/* [elt for ...], {elt for ...}, {key: value for ...}, and a genexp built as a list. */
IrReg build_comp(Builder *b, AstExpr *e)
{
    CompSink sink = {.e = e, .result = bld_temp(b, RT_OBJ)};
    lower_loops(b, &sink);
    return sink.result;
}

/* any(genexp) / all(genexp): a bool, the loops left at the first deciding element
 * (its iterators released, innermost first, as closing the generator would). */
IrReg build_any_all(Builder *b, AstExpr *call)
{
    AstExpr *e = call->u.call.args.data[0];
    int line = call->loc.line;
    bool any = e->u.comp.consumer == 'a';
    IrReg result = bld_temp(b, RT_BOOL);
    CompSink sink = {.e = e, .result = -1, .decided = bld_block(b)};
    IrBlock *join = bld_block(b);
    IrReg *its = lower_loops(b, &sink);
    AstExpr exhausted = {.kind = EXPR_CONST, .type = &ty_bool, .u.constant = {.kind = any ? CONST_FALSE : CONST_TRUE}};
    bld_move(b, result, build_const(b, &exhausted, NULL), line);
    bld_goto(b, join, line);
    bld_switch(b, sink.decided);
    for (int k = e->u.comp.generators.len - 1; k >= 0; k--) {
        bld_prim(b, PRIM_OBJ_LAST_USE, line, its[k], -1);
    }
    AstExpr decided = {.kind = EXPR_CONST, .type = &ty_bool, .u.constant = {.kind = any ? CONST_TRUE : CONST_FALSE}};
    bld_move(b, result, build_const(b, &decided, NULL), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}
