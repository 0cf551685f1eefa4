/* genexp_gen.c - a generator expression whose consumer does not take it whole becomes
 * what CPython makes of it: a nested generator function `<genexpr>` called with the
 * iterator of its first iterable (evaluated where the genexp is, so a non-iterable
 * fails there):
 *     (elt for a in A if c for b in B)
 *  -> (lambda-like def <genexpr>(.0): for a in .0: if c: for b in B: yield elt)(iter(A))
 * The def is checked as a nested function (sema/nested.c), so the names it reads from
 * the enclosing function are captured in cells, as CPython's closure does. */
#include "sema_internal.h"

static AstStmt *new_stmt(Sema *s, AstStmtKind kind, Loc loc)
{
    AstStmt *st = ARENA_NEW(&s->ctx->arena, AstStmt);
    st->kind = kind;
    st->loc = loc;
    return st;
}

static AstExpr *new_expr(Sema *s, AstExprKind kind, Loc loc)
{
    AstExpr *e = ARENA_NEW(&s->ctx->arena, AstExpr);
    e->kind = kind;
    e->loc = loc;
    return e;
}

static AstExpr *name(Sema *s, const char *id, Loc loc)
{
    AstExpr *n = new_expr(s, EXPR_NAME, loc);
    n->u.name.id = intern_cstr(s->ctx->names, id);
    n->u.name.ctx = CTX_LOAD;
    return n;
}

/* The loops of clauses k.. around `yield elt`, as the body they go in. */
static void nest(Sema *s, AstExpr *e, int k, AstStmtVec *body)
{
    AstCompVec *g = &e->u.comp.generators;
    if (k == g->len) {
        AstExpr *y = new_expr(s, EXPR_YIELD, e->u.comp.elt->loc);
        y->u.yield.value = e->u.comp.elt;
        AstStmt *st = new_stmt(s, STMT_EXPR, e->u.comp.elt->loc);
        st->u.expr.value = y;
        vec_push(&s->ctx->arena, body, st);
        return;
    }
    AstComprehension *c = &g->data[k];
    AstStmt *loop = new_stmt(s, STMT_FOR, c->iter->loc);
    loop->u.for_.target = c->target;
    loop->u.for_.iter = k == 0 ? name(s, ".0", c->iter->loc) : c->iter;
    vec_push(&s->ctx->arena, body, loop);
    AstStmtVec *inner = &loop->u.for_.body;
    for (int i = 0; i < c->ifs.len; i++) {
        AstStmt *test = new_stmt(s, STMT_IF, c->ifs.data[i]->loc);
        test->u.if_.test = c->ifs.data[i];
        vec_push(&s->ctx->arena, inner, test);
        inner = &test->u.if_.body;
    }
    nest(s, e, k + 1, inner);
}

/* The generator function alone, as a lambda-like def of .0. */
static AstExpr *genexp_func(Sema *s, AstExpr *e)
{
    AstStmt *def = new_stmt(s, STMT_FUNCDEF, e->loc);
    def->u.funcdef.name = intern_cstr(s->ctx->names, "<genexpr>");
    def->u.funcdef.name_loc = e->loc;
    def->u.funcdef.args = ARENA_NEW(&s->ctx->arena, AstArguments);
    AstArg arg = {.name = intern_cstr(s->ctx->names, ".0"), .loc = e->loc};
    vec_push(&s->ctx->arena, &def->u.funcdef.args->args, arg);
    nest(s, e, 0, &def->u.funcdef.body);
    AstExpr *fn = new_expr(s, EXPR_LAMBDA, e->loc);
    fn->u.lambda.args = def->u.funcdef.args;
    fn->u.lambda.def = def;
    return fn;
}

static AstExpr *genexp_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = genexp_func(s, e);
    AstExpr *it = new_expr(s, EXPR_CALL, e->loc);
    it->u.call.func = name(s, "iter", e->loc);
    vec_push(&s->ctx->arena, &it->u.call.args, e->u.comp.generators.data[0].iter);
    AstExpr *call = new_expr(s, EXPR_CALL, e->loc);
    call->u.call.func = fn;
    vec_push(&s->ctx->arena, &call->u.call.args, it);
    return call;
}

static bool has_async(Sema *s, AstExpr *e)
{
    for (int k = 0; k < e->u.comp.generators.len; k++) {
        if (e->u.comp.generators.data[k].is_async) {
            sema_unsupported(s, e->loc, "async generator expression");
            return true;
        }
    }
    return false;
}

const Type *sema_infer_genexp_call(Sema *s, AstExpr *e)
{
    if (has_async(s, e)) {
        return &ty_object;
    }
    if (!e->u.comp.as_call) {
        e->u.comp.as_call = genexp_call(s, e);
    }
    infer_expr(s, e->u.comp.as_call);
    return &ty_object;
}

/* A genexp's twin (front/lower_expr.c): its as_call is the generator function alone,
 * which the fallback calls with the iterator the loop would have walked (its own first
 * iterable is never evaluated). */
void sema_infer_genexp_func(Sema *s, AstExpr *e)
{
    if (has_async(s, e)) {
        return;
    }
    if (!e->u.comp.as_call) {
        e->u.comp.as_call = genexp_func(s, e);
    }
    infer_expr(s, e->u.comp.as_call);
}
