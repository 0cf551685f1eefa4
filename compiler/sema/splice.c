/* splice.c - a generator expression that is the first iterable of a comprehension runs
 * inline:
 *
 *     [E for t in (G for x in XS if C) if D]
 *
 * is checked and built as `[E for x in XS if C for t in [G] if D]`, whose last clause
 * binds t = G without making a list (build_comp.c). No generator object is made and
 * resumed per item, and typed clauses and narrowing see G's type. CPython evaluates XS
 * where the comprehension starts and runs C, G, D and E in this order either way; only
 * names differ: the genexp's variables were its own scope's, and names it reads were
 * the enclosing function's. So the splice is made only when the rest of the
 * comprehension uses no name the genexp binds and the genexp (past its first iterable)
 * uses no name the comprehension binds. Runs before the webs and sema, on every
 * function and its typed copy. */
#include <string.h>
#include "sema_internal.h"

#define MAX_NAMES 32

typedef struct Names {
    const char *ids[MAX_NAMES];
    int n;
    bool full;   /* more than MAX_NAMES: no splice */
} Names;

static void add_name(Names *ns, const char *id)
{
    for (int i = 0; i < ns->n; i++) {
        if (strcmp(ns->ids[i], id) == 0) {
            return;
        }
    }
    if (ns->n == MAX_NAMES) {
        ns->full = true;
        return;
    }
    ns->ids[ns->n++] = id;
}

static void collect(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_NAME) {
        add_name(arg, e->u.name.id);
    } else if (e->kind == EXPR_NAMEDEXPR && e->u.namedexpr.target->kind == EXPR_NAME) {
        add_name(arg, e->u.namedexpr.target->u.name.id);
    }
}

static bool meet(const Names *a, const Names *b)
{
    for (int i = 0; i < a->n; i++) {
        for (int j = 0; j < b->n; j++) {
            if (strcmp(a->ids[i], b->ids[j]) == 0) {
                return true;
            }
        }
    }
    return a->full || b->full;
}

/* The names clauses g bind (their targets) and use past the first iterable (which
 * runs in the enclosing scope: the iterables after it, the conditions). */
static void collect_clauses(AstCompVec *g, Names *binds, Names *uses)
{
    for (int k = 0; k < g->len; k++) {
        sema_walk_expr(g->data[k].target, collect, binds);
        if (k > 0) {
            sema_walk_expr(g->data[k].iter, collect, uses);
        }
        for (int i = 0; i < g->data[k].ifs.len; i++) {
            sema_walk_expr(g->data[k].ifs.data[i], collect, uses);
        }
    }
}

static bool async_clauses(const AstCompVec *g)
{
    for (int k = 0; k < g->len; k++) {
        if (g->data[k].is_async) {
            return true;
        }
    }
    return false;
}

static void try_splice(Ctx *ctx, AstExpr *e)
{
    AstCompVec *g = &e->u.comp.generators;
    AstExpr *inner = g->len > 0 ? g->data[0].iter : NULL;
    if (!inner || inner->kind != EXPR_GENEXP || async_clauses(g) || async_clauses(&inner->u.comp.generators)) {
        return;
    }
    AstCompVec *ig = &inner->u.comp.generators;
    Names inner_binds = {0}, inner_reads = {0}, outer_binds = {0}, outer_uses = {0};
    collect_clauses(ig, &inner_binds, &inner_reads);
    sema_walk_expr(inner->u.comp.elt, collect, &inner_reads);
    collect_clauses(g, &outer_binds, &outer_uses);
    sema_walk_expr(e->u.comp.elt, collect, &outer_uses);
    sema_walk_expr(e->u.comp.value, collect, &outer_uses);
    if (meet(&inner_binds, &outer_uses) || meet(&inner_binds, &outer_binds) || meet(&outer_binds, &inner_reads)) {
        return;
    }
    AstExpr *one = arena_alloc(&ctx->arena, sizeof *one);
    memset(one, 0, sizeof *one);
    one->kind = EXPR_LIST;
    one->loc = inner->u.comp.elt->loc;
    vec_push(&ctx->arena, &one->u.seq.elts, inner->u.comp.elt);
    AstCompVec spliced = {0};
    for (int k = 0; k < ig->len; k++) {
        vec_push(&ctx->arena, &spliced, ig->data[k]);
    }
    AstComprehension bind = g->data[0];
    bind.iter = one;
    vec_push(&ctx->arena, &spliced, bind);
    for (int k = 1; k < g->len; k++) {
        vec_push(&ctx->arena, &spliced, g->data[k]);
    }
    *g = spliced;
}

static void visit(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_LISTCOMP || e->kind == EXPR_SETCOMP || e->kind == EXPR_DICTCOMP || e->kind == EXPR_GENEXP) {
        try_splice(arg, e);
    }
}

void sema_splice_genexps(Ctx *ctx, AstModule *mod)
{
    for (int i = 0; i < mod->body.len; i++) {
        AstStmt *st = mod->body.data[i];
        sema_walk_stmt(st, visit, ctx);
        if (st->kind == STMT_FUNCDEF && st->u.funcdef.spec) {
            sema_walk_stmt(st->u.funcdef.spec, visit, ctx);
        }
    }
}
