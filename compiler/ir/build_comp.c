/* build_comp.c - list, set and dict comprehensions as inline loops over the iterator
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

/* The element (or key and value) added to the result. */
static void add_element(Builder *b, AstExpr *e, IrReg result)
{
    AstExpr *elt = e->u.comp.elt;
    int line = elt->loc.line;
    IrReg v = build_expr_as(b, elt, &ty_object);
    if (e->kind == EXPR_DICTCOMP) {
        IrReg args[3] = {result, v, build_expr_as(b, e->u.comp.value, &ty_object)};
        bld_prim_p(b, prim(PRIM_DICT_SETITEM), line, args);
        return;
    }
    bld_prim(b, e->kind == EXPR_SETCOMP ? PRIM_SET_ADD : PRIM_LIST_APPEND, line, result, v);
}

/* The for clause k over iterator it; when it ends, control goes to exit. */
static void lower_clause(Builder *b, AstExpr *e, int k, IrReg *its, IrReg result, IrBlock *exit)
{
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
        lower_clause(b, e, k + 1, its, result, head);
    } else {
        add_element(b, e, result);
        bld_goto(b, head, line);
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
    bld_prim(b, PRIM_OBJ_LAST_USE, line, result, -1);
    bld_prim(b, PRIM_PROPAGATE, line, -1, -1);
    /* not reached (propagate always fails), and no loop back: the iterators die here */
    bld_op(b, IR_RETURN_ERROR, line, -1, 0);
}

IrReg build_comp(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstCompVec *g = &e->u.comp.generators;
    for (int k = 0; k < g->len; k++) {
        alloc_targets(b, g->data[k].target);
    }
    IrReg *its = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)g->len);
    AstExpr *first = g->data[0].iter;
    its[0] = bld_prim(b, PRIM_OBJ_ITER, first->loc.line, build_expr_as(b, first, &ty_object), -1);
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), 0);
    op->u.build = e->kind == EXPR_LISTCOMP ? 'l' : e->kind == EXPR_SETCOMP ? 's' : 'd';
    IrBlock *outer = b->unwind, *cleanup = bld_block(b), *loop = bld_block(b), *done = bld_block(b);
    bld_goto(b, loop, line);
    b->unwind = cleanup;   /* a new block starts the region */
    bld_switch(b, loop);
    b->comp_depth++;
    lower_clause(b, e, 0, its, op->dst, done);
    b->comp_depth--;
    b->unwind = outer;
    fill_cleanup(b, cleanup, its, g->len, op->dst, line);
    bld_switch(b, done);
    return op->dst;
}
