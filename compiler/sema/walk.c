/* walk.c - visits every expression of a statement tree (all kinds), for checks that
 * must look into code kept as Python too. */
#include "sema_internal.h"

static void walk_exprs(AstExprVec *v, ExprVisitor fn, void *arg);
static void walk_body(bool deep, AstStmtVec *body, ExprVisitor fn, void *arg);

static void walk_args(AstArguments *a, ExprVisitor fn, void *arg)
{
    AstArgVec *lists[3] = {&a->posonly, &a->args, &a->kwonly};
    for (int l = 0; l < 3; l++) {
        for (int i = 0; i < lists[l]->len; i++) {
            sema_walk_expr(lists[l]->data[i].default_, fn, arg);
            sema_walk_expr(lists[l]->data[i].annotation, fn, arg);
        }
    }
}

static void walk_comps(AstCompVec *g, ExprVisitor fn, void *arg)
{
    for (int i = 0; i < g->len; i++) {
        sema_walk_expr(g->data[i].target, fn, arg);
        sema_walk_expr(g->data[i].iter, fn, arg);
        walk_exprs(&g->data[i].ifs, fn, arg);
    }
}

void sema_walk_expr(AstExpr *e, ExprVisitor fn, void *arg)
{
    if (!e) {
        return;
    }
    fn(e, arg);
    switch (e->kind) {
    case EXPR_BOOLOP: walk_exprs(&e->u.boolop.values, fn, arg); break;
    case EXPR_NAMEDEXPR: sema_walk_expr(e->u.namedexpr.value, fn, arg); break;
    case EXPR_BINOP: sema_walk_expr(e->u.binop.left, fn, arg); sema_walk_expr(e->u.binop.right, fn, arg); break;
    case EXPR_UNARYOP: sema_walk_expr(e->u.unaryop.operand, fn, arg); break;
    case EXPR_LAMBDA: walk_args(e->u.lambda.args, fn, arg); sema_walk_expr(e->u.lambda.body, fn, arg); break;
    case EXPR_IFEXP:
        sema_walk_expr(e->u.ifexp.test, fn, arg);
        sema_walk_expr(e->u.ifexp.body, fn, arg);
        sema_walk_expr(e->u.ifexp.orelse, fn, arg);
        break;
    case EXPR_DICT: walk_exprs(&e->u.dict.keys, fn, arg); walk_exprs(&e->u.dict.values, fn, arg); break;
    case EXPR_SET: walk_exprs(&e->u.set.elts, fn, arg); break;
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: case EXPR_GENEXP:
        sema_walk_expr(e->u.comp.elt, fn, arg);
        sema_walk_expr(e->u.comp.value, fn, arg);
        walk_comps(&e->u.comp.generators, fn, arg);
        break;
    case EXPR_AWAIT: sema_walk_expr(e->u.await_.value, fn, arg); break;
    case EXPR_YIELD: case EXPR_YIELDFROM: sema_walk_expr(e->u.yield.value, fn, arg); break;
    case EXPR_COMPARE: sema_walk_expr(e->u.compare.left, fn, arg); walk_exprs(&e->u.compare.comparators, fn, arg); break;
    case EXPR_CALL:
        sema_walk_expr(e->u.call.func, fn, arg);
        walk_exprs(&e->u.call.args, fn, arg);
        for (int i = 0; i < e->u.call.keywords.len; i++) {
            sema_walk_expr(e->u.call.keywords.data[i].value, fn, arg);
        }
        break;
    case EXPR_FSTRING:
        for (int i = 0; i < e->u.fstring.parts.len; i++) {
            sema_walk_expr(e->u.fstring.parts.data[i].value, fn, arg);
            sema_walk_expr(e->u.fstring.parts.data[i].format_spec, fn, arg);
        }
        break;
    case EXPR_ATTRIBUTE: sema_walk_expr(e->u.attribute.value, fn, arg); break;
    case EXPR_SUBSCRIPT: sema_walk_expr(e->u.subscript.value, fn, arg); sema_walk_expr(e->u.subscript.index, fn, arg); break;
    case EXPR_STARRED: sema_walk_expr(e->u.starred.value, fn, arg); break;
    case EXPR_LIST: case EXPR_TUPLE: walk_exprs(&e->u.seq.elts, fn, arg); break;
    case EXPR_SLICE:
        sema_walk_expr(e->u.slice.lower, fn, arg);
        sema_walk_expr(e->u.slice.upper, fn, arg);
        sema_walk_expr(e->u.slice.step, fn, arg);
        break;
    default: break;
    }
}

static void walk_exprs(AstExprVec *v, ExprVisitor fn, void *arg)
{
    for (int i = 0; i < v->len; i++) {
        sema_walk_expr(v->data[i], fn, arg);
    }
}

static void walk_handlers(bool deep, AstHandlerVec *h, ExprVisitor fn, void *arg)
{
    for (int i = 0; i < h->len; i++) {
        sema_walk_expr(h->data[i].type, fn, arg);
        walk_body(deep, &h->data[i].body, fn, arg);
    }
}

/* The expressions of st, and of the statements in its blocks when deep. */
static void walk_stmt(bool deep, AstStmt *st, ExprVisitor fn, void *arg)
{
    switch (st->kind) {
    case STMT_FUNCDEF:
        walk_exprs(&st->u.funcdef.decorators, fn, arg);
        walk_args(st->u.funcdef.args, fn, arg);
        sema_walk_expr(st->u.funcdef.returns, fn, arg);
        walk_body(deep, &st->u.funcdef.body, fn, arg);
        break;
    case STMT_CLASSDEF:
        walk_exprs(&st->u.classdef.decorators, fn, arg);
        walk_exprs(&st->u.classdef.bases, fn, arg);
        for (int i = 0; i < st->u.classdef.keywords.len; i++) {
            sema_walk_expr(st->u.classdef.keywords.data[i].value, fn, arg);
        }
        walk_body(deep, &st->u.classdef.body, fn, arg);
        break;
    case STMT_RETURN: sema_walk_expr(st->u.ret.value, fn, arg); break;
    case STMT_DELETE: walk_exprs(&st->u.delete_.targets, fn, arg); break;
    case STMT_ASSIGN: walk_exprs(&st->u.assign.targets, fn, arg); sema_walk_expr(st->u.assign.value, fn, arg); break;
    case STMT_AUGASSIGN: sema_walk_expr(st->u.augassign.target, fn, arg); sema_walk_expr(st->u.augassign.value, fn, arg); break;
    case STMT_ANNASSIGN:
        sema_walk_expr(st->u.annassign.target, fn, arg);
        sema_walk_expr(st->u.annassign.annotation, fn, arg);
        sema_walk_expr(st->u.annassign.value, fn, arg);
        break;
    case STMT_FOR:
        sema_walk_expr(st->u.for_.target, fn, arg);
        sema_walk_expr(st->u.for_.iter, fn, arg);
        walk_body(deep, &st->u.for_.body, fn, arg);
        walk_body(deep, &st->u.for_.orelse, fn, arg);
        break;
    case STMT_WHILE:
        sema_walk_expr(st->u.while_.test, fn, arg);
        walk_body(deep, &st->u.while_.body, fn, arg);
        walk_body(deep, &st->u.while_.orelse, fn, arg);
        break;
    case STMT_IF:
        sema_walk_expr(st->u.if_.test, fn, arg);
        walk_body(deep, &st->u.if_.body, fn, arg);
        walk_body(deep, &st->u.if_.orelse, fn, arg);
        break;
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            sema_walk_expr(st->u.with.items.data[i].context, fn, arg);
            sema_walk_expr(st->u.with.items.data[i].target, fn, arg);
        }
        walk_body(deep, &st->u.with.body, fn, arg);
        break;
    case STMT_MATCH:
        sema_walk_expr(st->u.match.subject, fn, arg);
        for (int i = 0; i < st->u.match.cases.len; i++) {
            sema_walk_expr(st->u.match.cases.data[i].guard, fn, arg);
            walk_body(deep, &st->u.match.cases.data[i].body, fn, arg);
        }
        break;
    case STMT_RAISE: sema_walk_expr(st->u.raise.exc, fn, arg); sema_walk_expr(st->u.raise.cause, fn, arg); break;
    case STMT_TRY:
        walk_body(deep, &st->u.try_.body, fn, arg);
        walk_handlers(deep, &st->u.try_.handlers, fn, arg);
        walk_body(deep, &st->u.try_.orelse, fn, arg);
        walk_body(deep, &st->u.try_.finalbody, fn, arg);
        break;
    case STMT_ASSERT: sema_walk_expr(st->u.assert_.test, fn, arg); sema_walk_expr(st->u.assert_.msg, fn, arg); break;
    case STMT_EXPR: sema_walk_expr(st->u.expr.value, fn, arg); break;
    case STMT_TYPEALIAS: sema_walk_expr(st->u.typealias.value, fn, arg); break;
    default: break;
    }
}

static void walk_body(bool deep, AstStmtVec *body, ExprVisitor fn, void *arg)
{
    for (int i = 0; deep && i < body->len; i++) {
        walk_stmt(true, body->data[i], fn, arg);
    }
}

void sema_walk_stmt(AstStmt *st, ExprVisitor fn, void *arg)
{
    walk_stmt(true, st, fn, arg);
}

void sema_walk_own(AstStmt *st, ExprVisitor fn, void *arg)
{
    walk_stmt(false, st, fn, arg);
}

void sema_visit_stmts(AstStmtVec *body, StmtVisitor fn, void *arg)
{
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        fn(st, arg);
        switch (st->kind) {
        case STMT_FOR: sema_visit_stmts(&st->u.for_.body, fn, arg); sema_visit_stmts(&st->u.for_.orelse, fn, arg); break;
        case STMT_WHILE: sema_visit_stmts(&st->u.while_.body, fn, arg); sema_visit_stmts(&st->u.while_.orelse, fn, arg); break;
        case STMT_IF: sema_visit_stmts(&st->u.if_.body, fn, arg); sema_visit_stmts(&st->u.if_.orelse, fn, arg); break;
        case STMT_WITH: sema_visit_stmts(&st->u.with.body, fn, arg); break;
        case STMT_TRY:
            sema_visit_stmts(&st->u.try_.body, fn, arg);
            for (int h = 0; h < st->u.try_.handlers.len; h++) {
                sema_visit_stmts(&st->u.try_.handlers.data[h].body, fn, arg);
            }
            sema_visit_stmts(&st->u.try_.orelse, fn, arg);
            sema_visit_stmts(&st->u.try_.finalbody, fn, arg);
            break;
        case STMT_MATCH:
            for (int c = 0; c < st->u.match.cases.len; c++) {
                sema_visit_stmts(&st->u.match.cases.data[c].body, fn, arg);
            }
            break;
        default:
            break;   /* nested defs and classes: their own bodies */
        }
    }
}
