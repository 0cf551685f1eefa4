/* build_try.c - try/except/else/finally, with, bare raise.
 * Errors inside a protected region go to its handler block (IrBlock.unwind, used by
 * pass_error_branches); return/break/continue leaving such a region first run its
 * exit actions: finally bodies, restoring the previously handled exception, __exit__.
 * While an except, finally (on the exception path) or __exit__ handles an exception,
 * it is the "handled" exception: sys.exc_info(), bare raise and implicit chaining
 * (__context__) see it, as in CPython. */
#include <string.h>
#include "build.h"

/* Continues in a new block whose errors go to unwind. */
static void enter_region(Builder *b, IrBlock *unwind, int line)
{
    IrBlock *blk = bld_block(b);
    bld_goto(b, blk, line);
    b->unwind = unwind;
    bld_switch(b, blk);
}

static void push_exit(Builder *b, ExitKind kind, AstStmtVec *finalbody, IrReg reg, IrBlock *unwind, int line)
{
    ExitAction a = {kind, finalbody, reg, unwind, line};
    vec_push(&b->ctx->arena, &b->exits, a);
}

/* Leaves a protected region whose errors must propagate further: restores the
 * handled exception, then fails without a new traceback entry. */
static void fill_cleanup(Builder *b, IrBlock *cleanup, IrReg prev, IrBlock *outer, int line)
{
    IrBlock *saved = b->cur;
    IrBlock *saved_unwind = b->unwind;
    b->unwind = outer;
    bld_switch(b, cleanup);
    bld_prim(b, PRIM_EXC_EXIT, line, prev, -1);
    bld_prim(b, PRIM_PROPAGATE, line, -1, -1);
    /* not reached (propagate always fails); a goto back here would make every try a
     * loop for loops.c and its users */
    bld_op(b, IR_RETURN_ERROR, line, -1, 0);
    b->cur = saved;
    b->unwind = saved_unwind;
}

/* One exit action, run where a jump leaves its region; index is its depth. */
static void run_exit(Builder *b, ExitAction a, int index)
{
    IrBlock *saved_unwind = b->unwind;
    int saved_len = b->exits.len;
    size_t n = (size_t)(saved_len - index);
    ExitAction *saved = arena_alloc(&b->ctx->arena, sizeof(ExitAction) * n);
    memcpy(saved, b->exits.data + index, sizeof(ExitAction) * n);
    b->exits.len = index;   /* code run here sees only the actions outside it */
    enter_region(b, a.unwind, a.line);
    switch (a.kind) {
    case EXIT_FINALLY: build_body(b, a.finalbody); break;
    case EXIT_HANDLED: bld_prim(b, PRIM_EXC_EXIT, a.line, a.reg, -1); break;
    case EXIT_WITH: bld_prim(b, PRIM_WITH_EXIT_NONE, a.line, a.reg, -1); break;
    }
    enter_region(b, saved_unwind, a.line);
    b->exits.len = index;
    for (size_t i = 0; i < n; i++) {
        vec_push(&b->ctx->arena, &b->exits, saved[i]);
    }
}

void build_run_exits(Builder *b, int depth, int line)
{
    (void)line;
    for (int i = b->exits.len - 1; i >= depth; i--) {
        run_exit(b, b->exits.data[i], i);
    }
}

void build_bare_raise(Builder *b, int line)
{
    bld_prim(b, PRIM_RERAISE_HANDLED, line, -1, -1);
}

/* except clauses: dispatch takes the exception, makes it the handled one, and tries
 * each clause in order; no match raises it again. */
static void lower_handlers(Builder *b, AstStmt *st, IrBlock *dispatch, IrBlock *outer, IrBlock *done)
{
    int line = st->loc.line;
    b->unwind = outer;
    bld_switch(b, dispatch);
    IrReg exc = bld_prim(b, PRIM_EXC_CATCH, line, -1, -1);
    IrReg prev = bld_prim(b, PRIM_EXC_ENTER, line, exc, -1);
    IrBlock *cleanup = bld_block(b);
    fill_cleanup(b, cleanup, prev, outer, line);
    enter_region(b, cleanup, line);
    int depth = b->exits.len;
    push_exit(b, EXIT_HANDLED, NULL, prev, outer, line);
    for (int i = 0; i < st->u.try_.handlers.len; i++) {
        AstExceptHandler *h = &st->u.try_.handlers.data[i];
        int hline = h->loc.line;
        IrBlock *no = NULL;
        if (h->type) {
            IrBlock *yes = bld_block(b);
            no = bld_block(b);
            IrReg t = build_expr_as(b, h->type, &ty_object);
            bld_branch(b, bld_prim(b, PRIM_EXC_MATCH, hline, exc, t), yes, no, hline);
            bld_switch(b, yes);
        }
        if (h->name_expr) {
            build_store(b, h->name_expr, bld_coerce(b, exc, &ty_object, h->name_expr->type, hline), hline);
        }
        build_body(b, &h->body);
        if (!ir_block_terminated(b->cur)) {
            if (h->name_expr) {
                build_unbind(b, h->name_expr, hline);   /* CPython deletes the name after the clause */
            }
            bld_prim(b, PRIM_EXC_EXIT, hline, prev, -1);
            bld_goto(b, done, hline);
        }
        if (!no) {
            b->exits.len = depth;
            return;   /* a bare except matches everything: later clauses are unreachable */
        }
        bld_switch(b, no);
    }
    b->exits.len = depth;
    bld_prim(b, PRIM_EXC_EXIT, line, prev, -1);
    enter_region(b, outer, line);
    bld_prim(b, PRIM_EXC_RERAISE, line, exc, -1);
    bld_goto(b, done, line);   /* not reached: re-raising always fails */
}

void build_try(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    IrBlock *outer = b->unwind;
    AstStmtVec *fin = &st->u.try_.finalbody;
    int depth = b->exits.len;
    IrBlock *after = bld_block(b), *done = bld_block(b);
    IrBlock *fin_exc = fin->len > 0 ? bld_block(b) : NULL;
    IrBlock *inner = fin_exc ? fin_exc : outer;   /* errors in the else and except bodies */
    if (fin_exc) {
        push_exit(b, EXIT_FINALLY, fin, -1, outer, line);
    }
    IrBlock *dispatch = st->u.try_.handlers.len > 0 ? bld_block(b) : NULL;
    enter_region(b, dispatch ? dispatch : inner, line);
    build_body(b, &st->u.try_.body);
    enter_region(b, inner, line);
    build_body(b, &st->u.try_.orelse);
    bld_goto(b, done, line);
    if (dispatch) {
        lower_handlers(b, st, dispatch, inner, done);
    }
    b->exits.len = depth;
    b->unwind = outer;
    bld_switch(b, done);
    if (!fin_exc) {
        bld_goto(b, after, line);
        bld_switch(b, after);
        return;
    }
    build_body(b, fin);   /* the normal path */
    bld_goto(b, after, line);
    /* the exception path: the exception is handled while the finally body runs */
    bld_switch(b, fin_exc);
    IrReg exc = bld_prim(b, PRIM_EXC_CATCH, line, -1, -1);
    IrReg prev = bld_prim(b, PRIM_EXC_ENTER, line, exc, -1);
    IrBlock *cleanup = bld_block(b);
    fill_cleanup(b, cleanup, prev, outer, line);
    enter_region(b, cleanup, line);
    push_exit(b, EXIT_HANDLED, NULL, prev, outer, line);
    build_body(b, fin);
    b->exits.len = depth;
    if (!ir_block_terminated(b->cur)) {   /* else a return or break in it dropped the exception */
        bld_prim(b, PRIM_EXC_EXIT, line, prev, -1);
        enter_region(b, outer, line);
        bld_prim(b, PRIM_EXC_RERAISE, line, exc, -1);
        bld_goto(b, after, line);
    }
    b->unwind = outer;
    bld_switch(b, after);
}

/* The range CPython gives the calls of __enter__ and __exit__ (BEFORE_WITH and the exit
 * calls): the item's context expression on 3.13, the whole statement's before (3.9, 3.10
 * have only lines: the statement's). */
static Loc with_pos(const Builder *b, const AstStmt *st, const AstWithItem *item)
{
    return b->ctx->py_minor >= 13 ? item->context->loc : st->loc;
}

/* The line of body's last statement (3.9's exit calls have it), else dflt. */
static int last_stmt_line(const AstStmtVec *body, int dflt)
{
    return body->len > 0 ? body->data[body->len - 1]->loc.line : dflt;
}

/* with a as x, b as y: body  ==  nested withs. */
static void lower_with_item(Builder *b, AstStmt *st, int i)
{
    if (i == st->u.with.items.len) {
        build_body(b, &st->u.with.body);
        return;
    }
    AstWithItem *item = &st->u.with.items.data[i];
    int line = item->context->loc.line;
    IrBlock *outer = b->unwind;
    IrReg mgr = build_expr_as(b, item->context, &ty_object);
    Loc outer_pos = b->pos, at = with_pos(b, st, item);
    b->pos = at;
    IrReg exit = bld_prim(b, PRIM_WITH_EXIT, at.line, mgr, -1);
    IrReg val = bld_prim(b, PRIM_WITH_ENTER, at.line, mgr, -1);
    b->pos = outer_pos;
    int exit_line = b->ctx->py_minor == 9 ? last_stmt_line(&st->u.with.body, at.line) : at.line;
    IrBlock *exc_path = bld_block(b), *after = bld_block(b);
    int depth = b->exits.len;
    enter_region(b, exc_path, line);
    push_exit(b, EXIT_WITH, NULL, exit, outer, line);
    if (item->target) {
        build_store(b, item->target, bld_coerce(b, val, &ty_object, item->target->type, line), line);
    }
    lower_with_item(b, st, i + 1);
    b->exits.len = depth;
    enter_region(b, outer, line);
    b->pos = at;
    bld_prim(b, PRIM_WITH_EXIT_NONE, exit_line, exit, -1);
    b->pos = outer_pos;
    bld_goto(b, after, line);
    /* an exception in the body: __exit__(type, exc, tb) decides whether it goes on */
    b->unwind = outer;
    bld_switch(b, exc_path);
    IrReg exc = bld_prim(b, PRIM_EXC_CATCH, line, -1, -1);
    IrReg prev = bld_prim(b, PRIM_EXC_ENTER, line, exc, -1);
    IrBlock *cleanup = bld_block(b), *suppress = bld_block(b), *reraise = bld_block(b);
    fill_cleanup(b, cleanup, prev, outer, line);
    enter_region(b, cleanup, line);
    b->pos = at;
    IrReg res = bld_prim(b, PRIM_WITH_EXIT_EXC, exit_line, exit, exc);
    b->pos = outer_pos;
    bld_branch(b, build_truth(b, res, &ty_object, line), suppress, reraise, line);
    bld_switch(b, suppress);
    bld_prim(b, PRIM_EXC_EXIT, line, prev, -1);
    bld_goto(b, after, line);
    bld_switch(b, reraise);
    bld_prim(b, PRIM_EXC_EXIT, line, prev, -1);
    enter_region(b, outer, line);
    bld_prim(b, PRIM_EXC_RERAISE, line, exc, -1);
    bld_goto(b, after, line);
    bld_switch(b, after);
}

void build_with(Builder *b, AstStmt *st)
{
    lower_with_item(b, st, 0);
}
