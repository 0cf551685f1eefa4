/* generators.c - which functions are generators: a `yield` or `yield from` in the
 * function's own code (not in a nested def or class, which are scopes of their own).
 * A generator's callers get an object (its generator); its `return v` gives
 * StopIteration's value, unchecked, as the annotations of Iterator/Generator allow. */
#include "sema_internal.h"

static bool body_yields(AstStmtVec *body);

static void find_yield(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_YIELD || e->kind == EXPR_YIELDFROM) {
        *(bool *)arg = true;
    }
}

static bool expr_yields(AstExpr *e)
{
    bool found = false;
    sema_walk_expr(e, find_yield, &found);
    return found;
}

static bool handlers_yield(AstHandlerVec *h)
{
    for (int i = 0; i < h->len; i++) {
        if (expr_yields(h->data[i].type) || body_yields(&h->data[i].body)) {
            return true;
        }
    }
    return false;
}

static bool stmt_yields(AstStmt *st)
{
    switch (st->kind) {
    case STMT_FUNCDEF: case STMT_CLASSDEF: return false;
    case STMT_IF:
        return expr_yields(st->u.if_.test) || body_yields(&st->u.if_.body) || body_yields(&st->u.if_.orelse);
    case STMT_WHILE:
        return expr_yields(st->u.while_.test) || body_yields(&st->u.while_.body) ||
               body_yields(&st->u.while_.orelse);
    case STMT_FOR:
        return expr_yields(st->u.for_.target) || expr_yields(st->u.for_.iter) ||
               body_yields(&st->u.for_.body) || body_yields(&st->u.for_.orelse);
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            if (expr_yields(st->u.with.items.data[i].context) || expr_yields(st->u.with.items.data[i].target)) {
                return true;
            }
        }
        return body_yields(&st->u.with.body);
    case STMT_TRY:
        return body_yields(&st->u.try_.body) || handlers_yield(&st->u.try_.handlers) ||
               body_yields(&st->u.try_.orelse) || body_yields(&st->u.try_.finalbody);
    case STMT_MATCH:
        if (expr_yields(st->u.match.subject)) {
            return true;
        }
        for (int i = 0; i < st->u.match.cases.len; i++) {
            if (expr_yields(st->u.match.cases.data[i].guard) || body_yields(&st->u.match.cases.data[i].body)) {
                return true;
            }
        }
        return false;
    default: {
        bool found = false;
        sema_walk_stmt(st, find_yield, &found);
        return found;
    }
    }
}

static bool body_yields(AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        if (stmt_yields(body->data[i])) {
            return true;
        }
    }
    return false;
}

bool sema_is_generator(AstStmt *def)
{
    return !def->u.funcdef.is_async && body_yields(&def->u.funcdef.body);
}

static bool body_returns_value(const AstStmtVec *body);

static bool stmt_returns_value(const AstStmt *st)
{
    switch (st->kind) {
    case STMT_RETURN: return st->u.ret.value != NULL;
    case STMT_IF: return body_returns_value(&st->u.if_.body) || body_returns_value(&st->u.if_.orelse);
    case STMT_WHILE: return body_returns_value(&st->u.while_.body) || body_returns_value(&st->u.while_.orelse);
    case STMT_FOR: return body_returns_value(&st->u.for_.body) || body_returns_value(&st->u.for_.orelse);
    case STMT_WITH: return body_returns_value(&st->u.with.body);
    case STMT_TRY:
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            if (body_returns_value(&st->u.try_.handlers.data[i].body)) {
                return true;
            }
        }
        return body_returns_value(&st->u.try_.body) || body_returns_value(&st->u.try_.orelse) ||
               body_returns_value(&st->u.try_.finalbody);
    case STMT_MATCH:
        for (int i = 0; i < st->u.match.cases.len; i++) {
            if (body_returns_value(&st->u.match.cases.data[i].body)) {
                return true;
            }
        }
        return false;
    default: return false;   /* nested def and class bodies are their own */
    }
}

static bool body_returns_value(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        if (stmt_returns_value(body->data[i])) {
            return true;
        }
    }
    return false;
}

/* Does def return anything but None (a `return v` in its own code)? An unannotated
 * __init__ without one returns None whatever its declared type says. */
bool sema_returns_value(const AstStmt *def)
{
    return body_returns_value(&def->u.funcdef.body);
}

/* yield / yield from: the value goes out as an object, the value sent comes back as one. */
const Type *sema_infer_yield(Sema *s, AstExpr *e)
{
    if (!s->func || !s->func->generator || s->comp_path) {
        return sema_unsupported(s, e->loc, ast_expr_name(e->kind));
    }
    if (e->u.yield.value) {
        const Type *t = infer_expr(s, e->u.yield.value);
        sema_value_ok(s, e->u.yield.value, t);
    }
    return &ty_object;
}
