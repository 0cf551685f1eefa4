/* webs_names.c - which locals of a function may be split into webs (webs.c): the
 * names its body binds, less those left whole (see webs.c's comment for the list), and
 * the pointer map both files use. */
#include <string.h>
#include "webs.h"

/* ---- the pointer map ---- */

static void map_grow(Arena *a, PtrMap *m);

static int map_slot(const PtrMap *m, const void *key)
{
    uintptr_t h = ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15u;
    int i = (int)(h >> 40) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key) {
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

int webs_map_get(const PtrMap *m, const void *key)
{
    if (!m->cap) {
        return -1;
    }
    int i = map_slot(m, key);
    return m->keys[i] ? m->vals[i] : -1;
}

void webs_map_put(Arena *a, PtrMap *m, const void *key, int val)
{
    if ((m->len + 1) * 2 > m->cap) {
        map_grow(a, m);
    }
    int i = map_slot(m, key);
    m->len += !m->keys[i];
    m->keys[i] = key;
    m->vals[i] = val;
}

static void map_grow(Arena *a, PtrMap *m)
{
    PtrMap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->len = 0;
    m->keys = arena_alloc(a, sizeof(void *) * (size_t)m->cap);
    m->vals = arena_alloc(a, sizeof(int) * (size_t)m->cap);
    for (int i = 0; i < old.cap; i++) {
        if (old.keys[i]) {
            webs_map_put(a, m, old.keys[i], old.vals[i]);
        }
    }
}

/* ---- names ---- */

int webs_name_index(const Webs *w, const char *id)
{
    return webs_map_get(&w->name_of, id);   /* ids are interned */
}

int webs_add_name(Webs *w, const char *id)
{
    int i = webs_name_index(w, id);
    if (i < 0) {
        vec_push(&w->ctx->arena, &w->names, id);
        vec_push(&w->ctx->arena, &w->excluded, false);
        i = w->names.len - 1;
        webs_map_put(&w->ctx->arena, &w->name_of, id, i);
    }
    return i;
}

static void exclude(Webs *w, const char *id)
{
    int i = webs_add_name(w, id);   /* first: it may move excluded.data */
    w->excluded.data[i] = true;
}

bool webs_shadowed(const Webs *w, const char *id)
{
    for (int i = 0; i < w->shadow.len; i++) {
        if (w->shadow.data[i] == id) {
            return true;
        }
    }
    return false;
}

/* ---- the first walk: which names, and the assignments of them ---- */

static void scan_body(Webs *w, AstStmtVec *body);
static void scan_expr(Webs *w, AstExpr *e);

/* Every name e mentions, at any depth, is seen by a nested scope. */
static void exclude_names(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_NAME) {
        exclude(arg, e->u.name.id);
    } else if (e->kind == EXPR_NAMEDEXPR && e->u.namedexpr.target->kind == EXPR_NAME) {
        exclude(arg, e->u.namedexpr.target->u.name.id);
    }
}

static void exclude_body(Webs *w, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        sema_walk_stmt(body->data[i], exclude_names, w);
    }
}

static void forbid_introspection(AstExpr *e, void *arg)
{
    static const char *const frame_readers[] = {"locals", "vars", "dir", "eval", "exec"};
    Webs *w = arg;
    if (e->kind != EXPR_NAME) {
        return;
    }
    for (size_t i = 0; i < sizeof frame_readers / sizeof frame_readers[0]; i++) {
        w->give_up |= strcmp(e->u.name.id, frame_readers[i]) == 0;
    }
}

static void scan_target(Webs *w, AstExpr *t)
{
    switch (t->kind) {
    case EXPR_NAME: webs_add_name(w, t->u.name.id); break;
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            scan_target(w, t->u.seq.elts.data[i]);
        }
        break;
    case EXPR_STARRED: scan_target(w, t->u.starred.value); break;
    default: scan_expr(w, t); break;
    }
}

static void scan_args_defaults(Webs *w, AstArguments *a)
{
    for (int i = 0; i < ast_param_count(a); i++) {
        scan_expr(w, ast_param_at(a, i)->default_);
    }
}

/* One node of an expression (sema_walk_expr visits them all, lambda and generator
 * bodies too): what nested scopes read is left whole; := binds a name here. */
static void scan_node(AstExpr *e, void *arg)
{
    Webs *w = arg;
    switch (e->kind) {
    case EXPR_LAMBDA:
        sema_walk_expr(e->u.lambda.body, exclude_names, w);
        break;
    case EXPR_GENEXP:   /* runs later, but its first iterable here */
        sema_walk_expr(e->u.comp.elt, exclude_names, w);
        for (int i = 0; i < e->u.comp.generators.len; i++) {
            AstComprehension *g = &e->u.comp.generators.data[i];
            if (i > 0) {
                sema_walk_expr(g->iter, exclude_names, w);
            }
            for (int k = 0; k < g->ifs.len; k++) {
                sema_walk_expr(g->ifs.data[k], exclude_names, w);
            }
        }
        break;
    case EXPR_NAMEDEXPR:   /* in a list, set or dict comprehension too: it binds here */
        if (e->u.namedexpr.target->kind == EXPR_NAME) {
            webs_add_name(w, e->u.namedexpr.target->u.name.id);
        }
        break;
    default:
        break;
    }
}

static void scan_expr(Webs *w, AstExpr *e)
{
    sema_walk_expr(e, scan_node, w);
}

static void scan_stmt(Webs *w, AstStmt *st)
{
    switch (st->kind) {
    case STMT_ASSIGN:
        scan_expr(w, st->u.assign.value);
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            scan_target(w, st->u.assign.targets.data[i]);
        }
        break;
    case STMT_AUGASSIGN: scan_target(w, st->u.augassign.target); scan_expr(w, st->u.augassign.value); break;
    case STMT_ANNASSIGN:
        if (st->u.annassign.target->kind == EXPR_NAME) {
            exclude(w, st->u.annassign.target->u.name.id);
        } else {
            scan_expr(w, st->u.annassign.target);
        }
        scan_expr(w, st->u.annassign.value);
        break;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            sema_walk_expr(st->u.delete_.targets.data[i], exclude_names, w);
        }
        break;
    case STMT_FOR:
        scan_expr(w, st->u.for_.iter);
        scan_target(w, st->u.for_.target);
        scan_body(w, &st->u.for_.body);
        scan_body(w, &st->u.for_.spec);
        scan_body(w, &st->u.for_.orelse);
        w->give_up |= st->u.for_.is_async;
        break;
    case STMT_WHILE: scan_expr(w, st->u.while_.test); scan_body(w, &st->u.while_.body); scan_body(w, &st->u.while_.orelse); break;
    case STMT_IF: scan_expr(w, st->u.if_.test); scan_body(w, &st->u.if_.body); scan_body(w, &st->u.if_.orelse); break;
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            scan_expr(w, st->u.with.items.data[i].context);
            if (st->u.with.items.data[i].target) {
                scan_target(w, st->u.with.items.data[i].target);
            }
        }
        scan_body(w, &st->u.with.body);
        w->give_up |= st->u.with.is_async;
        break;
    case STMT_TRY:
        scan_body(w, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            AstExceptHandler *h = &st->u.try_.handlers.data[i];
            scan_expr(w, h->type);
            if (h->name) {
                exclude(w, h->name);
            }
            scan_body(w, &h->body);
        }
        scan_body(w, &st->u.try_.orelse);
        scan_body(w, &st->u.try_.finalbody);
        break;
    case STMT_RETURN: scan_expr(w, st->u.ret.value); break;
    case STMT_RAISE: scan_expr(w, st->u.raise.exc); scan_expr(w, st->u.raise.cause); break;
    case STMT_ASSERT: scan_expr(w, st->u.assert_.test); scan_expr(w, st->u.assert_.msg); break;
    case STMT_EXPR: scan_expr(w, st->u.expr.value); break;
    case STMT_IMPORT: case STMT_IMPORTFROM: {
        bool from = st->kind == STMT_IMPORTFROM;
        AstAliasVec *names = from ? &st->u.importfrom.names : &st->u.import.names;
        for (int i = 0; i < names->len; i++) {
            const char *n = names->data[i].asname ? names->data[i].asname : names->data[i].name;
            const char *dot = strchr(n, '.');
            exclude(w, dot ? intern(w->ctx->names, n, (size_t)(dot - n)) : intern_cstr(w->ctx->names, n));
        }
        break;
    }
    case STMT_GLOBAL: case STMT_NONLOCAL:
        for (int i = 0; i < st->u.global.names.len; i++) {
            exclude(w, st->u.global.names.data[i]);
        }
        break;
    case STMT_FUNCDEF:
        exclude(w, st->u.funcdef.name);
        for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
            scan_expr(w, st->u.funcdef.decorators.data[i]);
        }
        scan_args_defaults(w, st->u.funcdef.args);
        exclude_body(w, &st->u.funcdef.body);
        break;
    case STMT_CLASSDEF:
        exclude(w, st->u.classdef.name);
        for (int i = 0; i < st->u.classdef.decorators.len; i++) {
            scan_expr(w, st->u.classdef.decorators.data[i]);
        }
        for (int i = 0; i < st->u.classdef.bases.len; i++) {
            scan_expr(w, st->u.classdef.bases.data[i]);
        }
        for (int i = 0; i < st->u.classdef.keywords.len; i++) {
            scan_expr(w, st->u.classdef.keywords.data[i].value);
        }
        exclude_body(w, &st->u.classdef.body);
        break;
    case STMT_MATCH: case STMT_TYPEALIAS:
        w->give_up = true;
        break;
    default:
        break;
    }
}

static void scan_body(Webs *w, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        scan_stmt(w, body->data[i]);
    }
}

static void find_super(AstExpr *e, void *arg)
{
    *(bool *)arg |= e->kind == EXPR_NAME && strcmp(e->u.name.id, "super") == 0;
}

static bool calls_super(AstStmtVec *body)
{
    bool found = false;
    for (int i = 0; i < body->len && !found; i++) {
        sema_walk_stmt(body->data[i], find_super, &found);
    }
    return found;
}

void webs_scan_func(Webs *w, AstStmt *def)
{
    AstStmtVec *body = &def->u.funcdef.body;
    for (int i = 0; i < body->len; i++) {
        sema_walk_stmt(body->data[i], forbid_introspection, w);
    }
    AstArguments *a = def->u.funcdef.args;
    for (int i = 0; i < ast_param_count(a); i++) {
        AstArg *p = ast_param_at(a, i);
        int n = webs_add_name(w, p->name);
        w->excluded.data[n] |= p->annotation != NULL || (i == 0 && calls_super(body));
    }
    scan_body(w, body);
}
