/* memo.c - which module functions are memoized: those whose one decorator is spelled
 * as functools' cache or lru_cache (`functools.cache`, `ft.lru_cache(maxsize=2)`,
 * `lru_cache` from `from functools import lru_cache`).  The spelling is a promise the
 * program checks: the decorator step recognises the real objects at run time
 * (runtime/memo_apply.c), and compiled callers use the cache only while the name
 * still holds it; otherwise they call whatever it holds, as for direct calls. */
#include <string.h>
#include "sema_internal.h"

/* Names are interned (front/): compared by pointer with the interned spelling. */
static bool is_name(Sema *s, const char *name, const char *spelling)
{
    return name == intern_cstr(s->ctx->names, spelling);
}

/* The functools name id is bound to by a top-level `from functools import x as id`. */
static const char *imported_name(Sema *s, const char *id)
{
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        if (st->kind != STMT_IMPORTFROM || st->u.importfrom.level != 0 || !st->u.importfrom.module ||
            !is_name(s, st->u.importfrom.module, "functools")) {
            continue;
        }
        for (int j = 0; j < st->u.importfrom.names.len; j++) {
            AstAlias *a = &st->u.importfrom.names.data[j];
            if ((a->asname ? a->asname : a->name) == id) {
                return a->name;
            }
        }
    }
    return NULL;
}

/* "cache", "lru_cache" (or another functools name) for functools.X, ft.X or an imported X. */
static const char *functools_name(Sema *s, const AstExpr *e)
{
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->sm->scope, e->u.attribute.value->u.name.id);
        bool is_ft = mod && mod->kind == SYM_MODULE && is_name(s, mod->module, "functools");
        return is_ft ? e->u.attribute.attr : NULL;
    }
    return e->kind == EXPR_NAME ? imported_name(s, e->u.name.id) : NULL;
}

static bool is_memo_decorator(Sema *s, const AstExpr *d)
{
    if (d->kind == EXPR_CALL) {   /* lru_cache(...): its arguments are lru_cache's to check */
        const char *n = functools_name(s, d->u.call.func);
        return n && is_name(s, n, "lru_cache");
    }
    const char *n = functools_name(s, d);
    return n && (is_name(s, n, "cache") || is_name(s, n, "lru_cache"));
}

bool sema_memo_func(Sema *s, SemaFunc *f)
{
    AstExprVec *decos = &f->def->u.funcdef.decorators;
    f->memo = !f->cls && !f->nested && !f->def->keep_reason && decos->len == 1 &&
              is_memo_decorator(s, decos->data[0]);
    return f->memo;
}
