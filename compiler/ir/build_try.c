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

/* ---- `try: v = int(s) ... except ValueError: <quiet>` without the exception ----
 * Where the try's first statement converts a local with int() or float() (the builtins,
 * found as INT_OF_OBJ / FLOAT_OF_OBJ rows), its one handler is `except ValueError:` (no
 * name) and the handler cannot observe the exception (below), an exact str the builtin
 * surely refuses runs the handler directly: no exception, message, traceback entry or
 * handled-exception switch is made for it (~2000 instructions each). While CPython's
 * handler runs, its ValueError is sys.exc_info()'s and the __context__ of anything
 * raised, so a quiet handler is one that runs no code that could look: pass, break,
 * continue, `return` of a constant, `name = constant`, `n += 1` on an int or float
 * local (only a MemoryError of an int growing past 62 bits would miss its __context__),
 * and a nested try of the same shape converting the same local (an exact str: its
 * builtin runs no Python code) with a quiet handler itself. The name ValueError is read
 * as the handler reads it (a module global may hide the builtin: then the try runs as
 * written), after the check, as CPython evaluates it after the conversion failed. Anything else - another type, a str
 * the builtin takes or that only CPython's parser can judge - runs the try as written. */

/* The local converted by st, a statement `return f(x)`, `v = f(x)`, `v: T = f(x)`,
 * `v += f(x)` or `f(x)` with f int or float: x (a bound local, read without running code), and *check
 * the primitive telling whether f surely refuses it; NULL when st is not that. */
static AstExpr *converted_local(const AstStmt *st, PrimId *check)
{
    const AstExpr *call = NULL;
    switch (st->kind) {
    case STMT_RETURN: call = st->u.ret.value; break;
    case STMT_EXPR: call = st->u.expr.value; break;
    case STMT_ASSIGN:
        call = st->u.assign.targets.len == 1 && st->u.assign.targets.data[0]->kind == EXPR_NAME ? st->u.assign.value
                                                                                                 : NULL;
        break;
    case STMT_ANNASSIGN:
        call = st->u.annassign.target->kind == EXPR_NAME && st->u.annassign.simple ? st->u.annassign.value : NULL;
        break;
    case STMT_AUGASSIGN:   /* `total += int(s)`: the target read first, which for a bound local runs nothing */
        call = build_plain_local(st->u.augassign.target) ? st->u.augassign.value : NULL;
        break;
    default: break;
    }
    if (!call || call->kind != EXPR_CALL || call->u.call.args.len != 1 || call->u.call.keywords.len != 0 ||
        call->u.call.func->kind != EXPR_NAME || sema_call_unpacks(call) || call->u.call.typing) {
        return NULL;
    }
    const Shim *sh = build_shim_of(call->u.call.func);
    const Shim *row = sh && sh->kind == SHIM_CALL ? sema_shim_row(call, sh) : NULL;
    AstExpr *x = call->u.call.args.data[0];
    if (!row || !build_plain_local(x)) {
        return NULL;
    }
    *check = row->call.prim == PRIM_INT_OF_OBJ ? PRIM_STR_INT_REFUSES
             : row->call.prim == PRIM_FLOAT_OF_OBJ ? PRIM_STR_FLOAT_REFUSES : NO_PRIM;
    return *check != NO_PRIM ? x : NULL;
}

static bool quiet_body(const AstStmtVec *body, const char *local);

/* A constant, or a negated or unsigned numeric one (-1): made without running code. */
static bool plain_constant(const AstExpr *e)
{
    if (e->kind == EXPR_UNARYOP && (e->u.unaryop.op == UNARY_NEG || e->u.unaryop.op == UNARY_POS)) {
        e = e->u.unaryop.operand;
        return e->kind == EXPR_CONST && (e->u.constant.kind == CONST_INT || e->u.constant.kind == CONST_FLOAT);
    }
    return e->kind == EXPR_CONST;
}

/* st's one handler is `except ValueError:` and st converts a local first: that local.
 * local non-NULL: it must be that one, and st's body only that statement (a nested try
 * of a quiet handler, where the rest of its body would run while CPython's handler
 * still holds its exception). An else clause is skipped by the handler as written. */
static AstExpr *quiet_try_local(const AstStmt *st, const char *local, PrimId *check)
{
    if (st->kind != STMT_TRY || st->u.try_.is_star || st->u.try_.handlers.len != 1 || st->u.try_.finalbody.len ||
        st->u.try_.body.len == 0 || (local && (st->u.try_.body.len != 1 || st->u.try_.orelse.len))) {
        return NULL;
    }
    const AstExceptHandler *h = &st->u.try_.handlers.data[0];
    const Symbol *sym = h->type && h->type->kind == EXPR_NAME ? h->type->u.name.sym : NULL;
    if (!h->type || h->type->kind != EXPR_NAME || strcmp(h->type->u.name.id, "ValueError") != 0 || h->name ||
        (sym && sym->kind != SYM_GLOBAL && sym->kind != SYM_SHIM && sym->kind != SYM_TYPE)) {
        return NULL;
    }
    AstExpr *x = converted_local(st->u.try_.body.data[0], check);
    if (!x || (local && strcmp(x->u.name.id, local) != 0) || !quiet_body(&h->body, x->u.name.id)) {
        return NULL;
    }
    return x;
}

/* A handler body that cannot observe its exception, run while local holds an exact str. */
static bool quiet_body(const AstStmtVec *body, const char *local)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *s = body->data[i];
        PrimId check;
        switch (s->kind) {
        case STMT_PASS: case STMT_BREAK: case STMT_CONTINUE: break;
        case STMT_RETURN:
            if (s->u.ret.value && !plain_constant(s->u.ret.value)) {
                return false;
            }
            break;
        case STMT_ASSIGN: {
            const AstExpr *t = s->u.assign.targets.len == 1 ? s->u.assign.targets.data[0] : NULL;
            if (!t || !build_plain_local(t) || !plain_constant(s->u.assign.value) || strcmp(t->u.name.id, local) == 0) {
                return false;
            }
            break;
        }
        case STMT_AUGASSIGN: {   /* `bad += 1` on an int or float local: no code run */
            const AstExpr *t = s->u.augassign.target, *v = s->u.augassign.value;
            const AstExpr *k = v->kind == EXPR_UNARYOP ? v->u.unaryop.operand : v;
            bool num = t->type == &ty_float ? k->kind == EXPR_CONST &&
                                                  (k->u.constant.kind == CONST_INT || k->u.constant.kind == CONST_FLOAT)
                                            : t->type == &ty_int && k->kind == EXPR_CONST && k->u.constant.kind == CONST_INT;
            if (!build_plain_local(t) || strcmp(t->u.name.id, local) == 0 || !num || !plain_constant(v) ||
                (s->u.augassign.op != BINOP_ADD && s->u.augassign.op != BINOP_SUB)) {
                return false;
            }
            break;
        }
        case STMT_TRY:
            if (!quiet_try_local(s, local, &check)) {
                return false;
            }
            break;
        default: return false;
        }
    }
    return true;
}

static void build_try_as_written(Builder *b, AstStmt *st);

void build_try(Builder *b, AstStmt *st)
{
    PrimId check;
    AstExpr *x = b->class_ns < 0 ? quiet_try_local(st, NULL, &check) : NULL;
    if (!x) {
        build_try_as_written(b, st);
        return;
    }
    int line = st->loc.line;
    IrBlock *quiet = bld_block(b), *handler = bld_block(b), *written = bld_block(b), *after = bld_block(b);
    IrReg refused = bld_prim(b, check, line, build_expr_as(b, x, &ty_object), -1);
    bld_branch(b, refused, quiet, written, line);
    bld_switch(b, quiet);
    IrReg name = build_str_const(b, "ValueError", line);
    bld_branch(b, bld_prim(b, PRIM_GLOBAL_IS_VALUE_ERROR, line, name, -1), handler, written, line);
    bld_switch(b, handler);
    build_body(b, &st->u.try_.handlers.data[0].body);
    if (!ir_block_terminated(b->cur)) {
        bld_goto(b, after, line);
    }
    bld_switch(b, written);
    build_try_as_written(b, st);
    if (!ir_block_terminated(b->cur)) {
        bld_goto(b, after, line);
    }
    bld_switch(b, after);
}

static void build_try_as_written(Builder *b, AstStmt *st)
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
