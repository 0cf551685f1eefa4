/* contradict.c - a function kept as Python still gets the errors a type checker would
 * give it for certain: a literal returned against its return annotation (`-> str` with
 * `return None`) and a missing return. Its other diagnostics are dropped with the unit
 * (infer.c): they may only say that the native subset could not follow the code.
 * A literal argument of a method or constructor call (a generic call) is checked
 * against the parameter it binds to as well. */
#include <stdio.h>
#include "sema_internal.h"

/* The type of a literal (None, True, 1, -2.5, "s"), else NULL. */
const Type *sema_literal_type(const AstExpr *e)
{
    if (e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG) {
        const Type *t = sema_literal_type(e->u.unaryop.operand);
        return t && (t->kind == TY_INT || t->kind == TY_FLOAT) ? t : NULL;
    }
    if (e->kind != EXPR_CONST) {
        return NULL;
    }
    const Type *t = sema_const_type(e);
    return t != &ty_object ? t : NULL;
}

static void check_returns(Sema *s, const AstStmtVec *body, const Type *want);

static void check_return(Sema *s, const AstStmt *st, const Type *want)
{
    const AstExpr *v = st->u.ret.value;
    if (!v) {
        if (want->kind != TY_NONE) {   /* mypy: Optional[T] too */
            sema_error(s, st->loc, "return value expected");
        }
        return;
    }
    const Type *got = sema_literal_type(v);
    bool str_mismatch = got && got->kind == TY_STR && want->kind != TY_STR && want->kind != TY_UNION;
    if (got && (!type_assignable(want, got) || str_mismatch)) {
        sema_error(s, v->loc, "incompatible return value type (got \"%s\", expected \"%s\")", type_name(got),
                   type_name(want));
    }
}

static void check_returns_in(Sema *s, const AstStmt *st, const Type *want)
{
    switch (st->kind) {
    case STMT_RETURN: check_return(s, st, want); break;
    case STMT_IF: check_returns(s, &st->u.if_.body, want); check_returns(s, &st->u.if_.orelse, want); break;
    case STMT_FOR: check_returns(s, &st->u.for_.body, want); check_returns(s, &st->u.for_.orelse, want); break;
    case STMT_WHILE:
        check_returns(s, &st->u.while_.body, want);
        check_returns(s, &st->u.while_.orelse, want);
        break;
    case STMT_WITH: check_returns(s, &st->u.with.body, want); break;
    case STMT_TRY:
        check_returns(s, &st->u.try_.body, want);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            check_returns(s, &st->u.try_.handlers.data[i].body, want);
        }
        check_returns(s, &st->u.try_.orelse, want);
        check_returns(s, &st->u.try_.finalbody, want);
        break;
    default: break;   /* nested functions and classes return for themselves */
    }
}

static void check_returns(Sema *s, const AstStmtVec *body, const Type *want)
{
    for (int i = 0; i < body->len; i++) {
        check_returns_in(s, body->data[i], want);
    }
}

static void find_yield(AstExpr *e, void *arg)
{
    *(bool *)arg |= e->kind == EXPR_YIELD || e->kind == EXPR_YIELDFROM;
}

/* The declared return type, read without reporting anything, or NULL. */
static const Type *declared_return(Sema *s, AstStmt *def)
{
    if (!def->u.funcdef.returns) {
        return NULL;
    }
    bool report = s->report;
    sema_unit_begin(s, def);
    s->report = false;
    const Type *t = sema_annotation(s, def->u.funcdef.returns, NULL);
    s->report = report;
    sema_unit_end(s);
    return t && t->kind != TY_OBJECT && t->kind != TY_TYPEREF ? t : NULL;
}

void sema_check_kept_func(Sema *s, AstStmt *def)
{
    const Type *want = declared_return(s, def);
    bool generator = false;
    for (int i = 0; want && i < def->u.funcdef.body.len; i++) {
        sema_walk_stmt(def->u.funcdef.body.data[i], find_yield, &generator);
    }
    if (!want || generator) {
        return;
    }
    check_returns(s, &def->u.funcdef.body, want);
    if (want->kind != TY_NONE && sema_missing_return(s, &def->u.funcdef.body)) {
        sema_error(s, def->u.funcdef.name_loc, "missing return statement");
    }
}

static void check_literal_arg(Sema *s, const AstExpr *arg, SemaFunc *m, int p, const char *which, const char *callee)
{
    const Type *got = sema_literal_type(arg);
    const Type *want = m->params.data[p]->type;
    bool str_mismatch = got && got->kind == TY_STR && want->kind != TY_STR && want->kind != TY_UNION &&
                        want->kind != TY_OBJECT;
    if (got && (!type_assignable(want, got) || str_mismatch)) {
        sema_error(s, arg->loc, "argument %s to %s has incompatible type \"%s\"; expected \"%s\"", which, callee,
                   type_name(got), type_name(want));
    }
}

/* call binds its arguments to method m after self (an __init__ for a constructor):
 * each literal among them must fit its parameter, as mypy says ("argument 1 to "scale"
 * of "Vec""). Other arguments are objects to this call; CPython binds them. */
void sema_check_literal_args(Sema *s, const AstExpr *call, SemaFunc *m, const char *callee)
{
    char which[160];
    for (int i = 0; i < call->u.call.args.len && i + 1 < m->npos; i++) {
        if (call->u.call.args.data[i]->kind == EXPR_STARRED) {
            return;
        }
        snprintf(which, sizeof which, "%d", i + 1);
        check_literal_arg(s, call->u.call.args.data[i], m, i + 1, which, callee);
    }
    for (int i = 0; i < call->u.call.keywords.len; i++) {
        const AstKeyword *kw = &call->u.call.keywords.data[i];
        int p = kw->name ? sema_keyword_param(m, kw->name) : -1;
        if (p > 0) {
            snprintf(which, sizeof which, "\"%s\"", kw->name);
            check_literal_arg(s, kw->value, m, p, which, callee);
        }
    }
}
