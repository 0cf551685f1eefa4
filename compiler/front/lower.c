/* lower.c - the frontend's entry: parse with tree-sitter, report syntax errors,
 * lower the module; plus the small helpers every lowering file uses. */
#include "front.h"
#include "lower.h"

#include <stdarg.h>
#include <string.h>

const TSLanguage *tree_sitter_python(void);

/* ---- helpers ---- */

Sym lw_sym(const Lower *L, TSNode n)
{
    if (ts_node_is_null(n)) {
        return SYM_UNKNOWN;
    }
    TSSymbol s = ts_node_symbol(n);
    return s < L->ts.nsymbols ? (Sym)L->ts.sym[s] : SYM_UNKNOWN;
}

TSNode lw_field(const Lower *L, TSNode n, Field f)
{
    TSFieldId id = L->ts.field[f];
    if (ts_node_is_null(n) || id == 0) {
        TSNode none = { 0 };
        return none;
    }
    return ts_node_child_by_field_id(n, id);
}

Loc lw_loc(TSNode n)
{
    return lw_loc_span(n, n);
}

Loc lw_loc_span(TSNode first, TSNode last)
{
    TSPoint s = ts_node_start_point(first), e = ts_node_end_point(last);
    Loc loc = { (int)s.row + 1, (int)s.column + 1, (int)e.row + 1, (int)e.column + 1 };
    return loc;
}

const char *lw_text(const Lower *L, TSNode n, size_t *len)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    *len = e - s;
    return L->src + s;
}

const char *lw_name(Lower *L, TSNode n)
{
    size_t len;
    const char *s = lw_text(L, n, &len);
    return intern(L->ctx->names, s, len);
}

/* Children of n in order, skipping extras (comments, line continuations). */
NodeVec lw_kids(Lower *L, TSNode n, bool named_only)
{
    NodeVec v = { 0 };
    ts_tree_cursor_reset(&L->cursor, n);
    if (!ts_tree_cursor_goto_first_child(&L->cursor)) {
        return v;
    }
    do {
        TSNode c = ts_tree_cursor_current_node(&L->cursor);
        if (ts_node_is_extra(c) || (named_only && !ts_node_is_named(c))) {
            continue;
        }
        vec_push(L->arena, &v, c);
    } while (ts_tree_cursor_goto_next_sibling(&L->cursor));
    return v;
}

NodeVec lw_field_kids(Lower *L, TSNode n, Field f)
{
    NodeVec v = { 0 };
    TSFieldId id = L->ts.field[f];
    ts_tree_cursor_reset(&L->cursor, n);
    if (id == 0 || !ts_tree_cursor_goto_first_child(&L->cursor)) {
        return v;
    }
    do {
        if (ts_tree_cursor_current_field_id(&L->cursor) == id) {
            vec_push(L->arena, &v, ts_tree_cursor_current_node(&L->cursor));
        }
    } while (ts_tree_cursor_goto_next_sibling(&L->cursor));
    return v;
}

bool lw_has_token(Lower *L, TSNode n, Sym tok)
{
    NodeVec v = lw_kids(L, n, false);
    for (int i = 0; i < v.len; i++) {
        if (!ts_node_is_named(v.data[i]) && lw_sym(L, v.data[i]) == tok) {
            return true;
        }
    }
    return false;
}

void lw_error(Lower *L, TSNode n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    diag_error(&L->ctx->diags, L->ctx->file, lw_loc(n), "%s", buf);
}

AstExpr *lw_new_expr(Lower *L, AstExprKind k, Loc loc)
{
    AstExpr *e = ARENA_NEW(L->arena, AstExpr);
    e->kind = k;
    e->loc = loc;
    return e;
}

AstStmt *lw_new_stmt(Lower *L, AstStmtKind k, Loc loc)
{
    AstStmt *s = ARENA_NEW(L->arena, AstStmt);
    s->kind = k;
    s->loc = loc;
    return s;
}

/* Something the lowering does not understand: only reachable from trees that
 * tree-sitter accepted but that we have no rule for. Never crashes. */
AstExpr *lw_bad_expr(Lower *L, TSNode n)
{
    Loc loc = { 0 };
    if (!ts_node_is_null(n)) {
        loc = lw_loc(n);
        if (!ts_node_has_error(n)) {
            lw_error(L, n, "invalid syntax: unexpected %s", ts_node_type(n));
        }
    }
    AstExpr *e = lw_new_expr(L, EXPR_CONST, loc);
    e->u.constant.kind = CONST_NONE;
    return e;
}

/* ---- the module ---- */

static void set_docstring(AstModule *m)
{
    if (m->body.len == 0 || m->body.data[0]->kind != STMT_EXPR) {
        return;
    }
    AstExpr *e = m->body.data[0]->u.expr.value;
    if (e->kind == EXPR_CONST && e->u.constant.kind == CONST_STR) {
        m->docstring = e->u.constant.bytes;
    }
}

/* module: repeat(_statement). Statements holding syntax errors are left out. */
static AstModule *lower_module(Lower *L, TSNode root)
{
    AstModule *m = ARENA_NEW(L->arena, AstModule);
    m->file = L->ctx->file;
    NodeVec kids = lw_kids(L, root, true);
    for (int i = 0; i < kids.len; i++) {
        TSNode k = kids.data[i];
        if (lw_has_syntax_error(L, k)) {
            continue;
        }
        lower_stmt(L, k, &m->body);
    }
    set_docstring(m);
    return m;
}

AstModule *front_parse(Ctx *ctx)
{
    TSParser *parser = ts_parser_new();
    if (!parser || !ts_parser_set_language(parser, tree_sitter_python())) {
        if (parser) {
            ts_parser_delete(parser);
        }
        return NULL;
    }
    if (!front_decode_source(ctx)) {   /* reported: an empty module */
        ts_parser_delete(parser);
        AstModule *m = ARENA_NEW(&ctx->arena, AstModule);
        m->file = ctx->file;
        return m;
    }
    const SourceFile *f = ctx->file;
    TSTree *tree = ts_parser_parse_string(parser, NULL, f->text, (uint32_t)f->len);
    if (!tree) {
        ts_parser_delete(parser);
        return NULL;
    }
    Lower L = { .ctx = ctx, .arena = &ctx->arena, .src = f->text };
    tsnames_init(&L.ts, &ctx->arena, tree_sitter_python());
    L.kw_async = intern_cstr(ctx->names, "async");
    L.kw_await = intern_cstr(ctx->names, "await");
    TSNode root = ts_tree_root_node(tree);
    L.cursor = ts_tree_cursor_new(root);
    AstModule *m;
    if (front_check_indentation(&L) && front_check_limits(&L, root) && front_check_utf8(&L, root)) {
        syntax_errors_report(&L, root);
        m = lower_module(&L, root);
    } else {
        m = ARENA_NEW(L.arena, AstModule);   /* reported: an empty module, not a deep walk */
        m->file = f;
    }
    ts_tree_cursor_delete(&L.cursor);
    ts_tree_delete(tree);
    ts_parser_delete(parser);
    return m;
}
