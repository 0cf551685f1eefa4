/* bound.c - definite assignment of locals. A read of a local that some path
 * reaches before any assignment is marked, so the IR checks a flag there and
 * raises UnboundLocalError as CPython would. */
#include <string.h>
#include "sema_internal.h"

typedef struct Bound {
    Ctx *ctx;
    Scope *scope;
    int n;
} Bound;

static int sym_index(const Bound *b, const Symbol *sym)
{
    for (int i = 0; i < b->n; i++) {
        if (b->scope->syms.data[i] == sym) {
            return i;
        }
    }
    return -1;
}

static bool *copy_set(Bound *b, const bool *set)
{
    bool *c = arena_alloc(&b->ctx->arena, (size_t)b->n + 1);
    memcpy(c, set, (size_t)b->n);
    return c;
}

typedef struct ReadCheck {
    Bound *b;
    const bool *set;
} ReadCheck;

/* A read of a local that may not be assigned yet gets a bound flag check. */
static void check_read(AstExpr *e, void *arg)
{
    ReadCheck *rc = arg;
    if (e->kind != EXPR_NAME || e->u.name.ctx != CTX_LOAD) {
        return;
    }
    Symbol *sym = e->u.name.sym;
    int i = sym && sym->kind == SYM_LOCAL ? sym_index(rc->b, sym) : -1;
    if (i >= 0 && !rc->set[i]) {
        e->u.name.maybe_unbound = true;   /* never reset: a finally body is visited twice */
    }
    if (i >= 0 && e->u.name.maybe_unbound) {
        sym->needs_bound_flag = true;
    }
}

/* Every kind of expression, through the shared walker: a read hidden in an
 * attribute, subscript or f-string must be checked too. */
static void visit_expr(Bound *b, AstExpr *e, const bool *set)
{
    ReadCheck rc = {b, set};
    sema_walk_expr(e, check_read, &rc);
}

static void mark(Bound *b, AstExpr *target, bool *set)
{
    if (target->kind == EXPR_TUPLE || target->kind == EXPR_LIST) {
        for (int i = 0; i < target->u.seq.elts.len; i++) {
            mark(b, target->u.seq.elts.data[i], set);
        }
        return;
    }
    if (target->kind == EXPR_ATTRIBUTE || target->kind == EXPR_SUBSCRIPT || target->kind == EXPR_STARRED) {
        visit_expr(b, target, set);   /* x.a = v and x[i] = v read x */
        if (target->kind == EXPR_STARRED) {
            mark(b, target->u.starred.value, set);
        }
        return;
    }
    if (target->kind == EXPR_NAME && target->u.name.sym) {
        int i = sym_index(b, target->u.name.sym);
        if (i >= 0) {
            set[i] = true;
        }
    }
}

/* del target: reads it (UnboundLocalError if unbound), then the local is unbound again. */
static void unmark(Bound *b, AstExpr *target, bool *set)
{
    if (target->kind == EXPR_TUPLE || target->kind == EXPR_LIST) {
        for (int i = 0; i < target->u.seq.elts.len; i++) {
            unmark(b, target->u.seq.elts.data[i], set);
        }
        return;
    }
    if (target->kind != EXPR_NAME) {
        visit_expr(b, target, set);
        return;
    }
    Symbol *sym = target->u.name.sym;
    int i = sym && sym->kind == SYM_LOCAL ? sym_index(b, sym) : -1;
    if (i >= 0) {
        target->u.name.maybe_unbound = !set[i];
        sym->needs_bound_flag = true;
        set[i] = false;
    }
}

/* Visits body; returns false when control cannot fall off its end. */
static bool visit_body(Bound *b, AstStmtVec *body, bool *set);

static void meet(Bound *b, bool *set, const bool *x, bool x_live, const bool *y, bool y_live)
{
    for (int i = 0; i < b->n; i++) {
        set[i] = (!x_live || x[i]) && (!y_live || y[i]);
    }
}

static bool visit_if(Bound *b, AstStmt *st, bool *set)
{
    visit_expr(b, st->u.if_.test, set);
    bool *t = copy_set(b, set), *e = copy_set(b, set);
    bool t_live = visit_body(b, &st->u.if_.body, t);
    bool e_live = visit_body(b, &st->u.if_.orelse, e);
    if (t_live || e_live) {
        meet(b, set, t, t_live, e, e_live);
    }
    return t_live || e_live;
}

/* An exception may come from any point of the try body: handlers and the finally body
 * start from what was assigned before the try. */
static bool visit_try(Bound *b, AstStmt *st, bool *set)
{
    bool *start = copy_set(b, set);
    bool *body = copy_set(b, set);
    bool live = visit_body(b, &st->u.try_.body, body) && visit_body(b, &st->u.try_.orelse, body);
    bool *out = copy_set(b, body);
    for (int i = 0; i < st->u.try_.handlers.len; i++) {
        AstExceptHandler *h = &st->u.try_.handlers.data[i];
        bool *hs = copy_set(b, start);
        if (h->name_expr) {
            mark(b, h->name_expr, hs);
            Symbol *sym = h->name_expr->u.name.sym;
            if (sym && sym->kind == SYM_LOCAL) {
                sym->needs_bound_flag = true;   /* unbound again after the clause */
            }
        }
        bool h_live = visit_body(b, &h->body, hs);
        if (h->name_expr) {
            Symbol *sym = h->name_expr->u.name.sym;
            int k = sym && sym->kind == SYM_LOCAL ? sym_index(b, sym) : -1;
            if (k >= 0) {
                hs[k] = false;
            }
        }
        if (h_live) {
            meet(b, out, out, live, hs, true);
            live = true;
        }
    }
    if (st->u.try_.finalbody.len > 0) {
        visit_body(b, &st->u.try_.finalbody, copy_set(b, start));   /* reads, as on the exception path */
        if (!visit_body(b, &st->u.try_.finalbody, out)) {
            live = false;
        }
    }
    memcpy(set, out, (size_t)b->n);
    return live;
}

static bool visit_stmt(Bound *b, AstStmt *st, bool *set)
{
    switch (st->kind) {
    case STMT_ASSIGN:
        visit_expr(b, st->u.assign.value, set);
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            mark(b, st->u.assign.targets.data[i], set);
        }
        return true;
    case STMT_ANNASSIGN:
        if (st->u.annassign.value) {
            visit_expr(b, st->u.annassign.value, set);
            mark(b, st->u.annassign.target, set);
        }
        return true;
    case STMT_AUGASSIGN:
        visit_expr(b, st->u.augassign.as_binop, set);
        mark(b, st->u.augassign.target, set);
        return true;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            unmark(b, st->u.delete_.targets.data[i], set);
        }
        return true;
    case STMT_EXPR: visit_expr(b, st->u.expr.value, set); return true;
    case STMT_RETURN: visit_expr(b, st->u.ret.value, set); return false;
    case STMT_BREAK: case STMT_CONTINUE: return false;
    case STMT_IF: return visit_if(b, st, set);
    case STMT_WHILE:
        visit_expr(b, st->u.while_.test, set);
        visit_body(b, &st->u.while_.body, copy_set(b, set));
        visit_body(b, &st->u.while_.orelse, copy_set(b, set));
        return true;
    case STMT_FOR: {
        visit_expr(b, st->u.for_.iter, set);
        bool *body = copy_set(b, set);
        mark(b, st->u.for_.target, body);
        bool *spec = copy_set(b, body);
        visit_body(b, &st->u.for_.body, body);
        visit_body(b, &st->u.for_.spec, spec);   /* the body's typed copy (sema/speculate.c) */
        visit_body(b, &st->u.for_.orelse, copy_set(b, set));
        return true;
    }
    case STMT_TRY: return visit_try(b, st, set);
    case STMT_FUNCDEF: {   /* a nested def reads its decorators and defaults, binds its name */
        AstArgVec *args = &st->u.funcdef.args->args;
        for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
            visit_expr(b, st->u.funcdef.decorators.data[i], set);
        }
        for (int i = 0; i < args->len; i++) {
            visit_expr(b, args->data[i].default_, set);
        }
        if (st->u.funcdef.name_expr) {
            mark(b, st->u.funcdef.name_expr, set);
        }
        return true;
    }
    case STMT_WITH: {
        for (int i = 0; i < st->u.with.items.len; i++) {
            visit_expr(b, st->u.with.items.data[i].context, set);
            if (st->u.with.items.data[i].target) {
                mark(b, st->u.with.items.data[i].target, set);
            }
        }
        /* __exit__ may swallow an exception: what the body assigns is not sure after it */
        bool *body = copy_set(b, set);
        visit_body(b, &st->u.with.body, body);
        return true;
    }
    default: return true;
    }
}

static bool visit_body(Bound *b, AstStmtVec *body, bool *set)
{
    bool live = true;
    for (int i = 0; i < body->len; i++) {
        if (!visit_stmt(b, body->data[i], set)) {
            live = false;   /* what follows is unreachable: still visited, from a full set */
            for (int j = 0; j < b->n; j++) {
                set[j] = true;
            }
        }
    }
    return live;
}

void sema_check_bound(Ctx *ctx, SemaFunc *f)
{
    Bound b = {ctx, f->scope, f->scope->syms.len};
    bool *set = arena_alloc(&ctx->arena, (size_t)b.n + 1);
    visit_body(&b, &f->def->u.funcdef.body, set);
}
