/* syntax_errors.c - turns tree-sitter's ERROR and MISSING nodes, and the
 * python 2 statements tree-sitter accepts, into "invalid syntax" diagnostics.
 *
 * Grouping: every error belongs to the innermost statement enclosing it (an
 * ERROR directly in the module or a block is its own group, however many
 * lines it spans). Each group is reported once, at its first error; a second
 * group starting on a line already reported is dropped as a cascade. We
 * never descend into an ERROR node. Statements indented deeper (or less)
 * than their neighbours are reported too, which tree-sitter accepts. */
#include "lower.h"

typedef struct ErrWalk {
    Lower *L;
    NodeVec groups;      /* statements (or ERROR nodes) already reported */
    int last_line;
    int count;
} ErrWalk;

static bool is_statement(Sym s)
{
    switch (s) {
    case SYM_expression_statement: case SYM_return_statement: case SYM_delete_statement:
    case SYM_raise_statement: case SYM_pass_statement: case SYM_break_statement:
    case SYM_continue_statement: case SYM_global_statement: case SYM_nonlocal_statement:
    case SYM_assert_statement: case SYM_import_statement: case SYM_import_from_statement:
    case SYM_future_import_statement: case SYM_type_alias_statement:
    case SYM_print_statement: case SYM_exec_statement: case SYM_if_statement:
    case SYM_for_statement: case SYM_while_statement: case SYM_try_statement:
    case SYM_with_statement: case SYM_function_definition: case SYM_class_definition:
    case SYM_decorated_definition: case SYM_match_statement:
        return true;
    default:
        return false;
    }
}

/* Nodes whose children may be statements: walked even without errors, to
 * find python 2 print/exec statements. */
static bool holds_statements(Sym s)
{
    switch (s) {
    case SYM_module: case SYM_block: case SYM_if_statement: case SYM_elif_clause:
    case SYM_else_clause: case SYM_for_statement: case SYM_while_statement:
    case SYM_try_statement: case SYM_except_clause: case SYM_finally_clause:
    case SYM_with_statement: case SYM_function_definition: case SYM_class_definition:
    case SYM_decorated_definition: case SYM_match_statement: case SYM_case_clause:
        return true;
    default:
        return false;
    }
}

static bool already_reported(ErrWalk *w, TSNode group, int line)
{
    if (line == w->last_line) {
        return true;
    }
    for (int i = 0; i < w->groups.len; i++) {
        if (ts_node_eq(w->groups.data[i], group)) {
            return true;
        }
    }
    return false;
}

/* Reports n once per group, with msg or the default for its kind. */
static void report(ErrWalk *w, TSNode n, TSNode stmt, const char *msg)
{
    TSNode group = ts_node_is_null(stmt) ? n : stmt;
    Loc loc = lw_loc(n);
    if (already_reported(w, group, loc.line)) {
        return;
    }
    vec_push(w->L->arena, &w->groups, group);
    w->last_line = loc.line;
    w->count++;
    Diags *d = &w->L->ctx->diags;
    const SourceFile *f = w->L->ctx->file;
    if (msg) {
        diag_error(d, f, loc, "%s", msg);
    } else if (ts_node_is_missing(n)) {
        const char *t = ts_node_type(n);
        diag_error(d, f, loc, ts_node_is_named(n) ? "invalid syntax: expected %s"
                                                  : "invalid syntax: expected '%s'", t);
    } else {
        diag_error(d, f, loc, "invalid syntax");
    }
}

/* tree-sitter-python accepts statements indented deeper than their
 * neighbours; Python does not. Statements of one module or block that start
 * a line must start in the same column (the module's: column 1). */
typedef struct IndentCheck {
    bool active;
    int ref_col;          /* -1 until the block's first statement */
    int64_t prev_end_row;
} IndentCheck;

static void check_indent(ErrWalk *w, IndentCheck *ic, TSNode c)
{
    if (!ic->active || !ts_node_is_named(c) || ts_node_is_extra(c) || ts_node_is_error(c) ||
        ts_node_is_missing(c)) {
        return;
    }
    TSPoint p = ts_node_start_point(c);
    bool same_line = (int64_t)p.row == ic->prev_end_row;   /* after ';' */
    ic->prev_end_row = ts_node_end_point(c).row;
    if (same_line) {
        return;
    }
    if (ic->ref_col < 0) {
        ic->ref_col = (int)p.column;
    } else if ((int)p.column > ic->ref_col) {
        report(w, c, c, "invalid syntax: unexpected indent");
    } else if ((int)p.column < ic->ref_col) {
        report(w, c, c, "invalid syntax: unindent does not match any outer indentation level");
    }
}

/* The first ERROR or MISSING node inside n (which has an error). */
static TSNode first_error(TSNode n)
{
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (ts_node_is_error(c) || ts_node_is_missing(c)) {
            return c;
        }
        if (ts_node_has_error(c)) {
            return first_error(c);
        }
    }
    return n;
}

/* Where to point for an ERROR node: tree-sitter sometimes wraps a long run
 * of valid statements into one ERROR; skip those and point at the first
 * child that is not one (descending into nested errors). */
static TSNode error_focus(ErrWalk *w, TSNode err)
{
    uint32_t count = ts_node_child_count(err);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(err, i);
        if (ts_node_is_extra(c)) {
            continue;
        }
        bool valid_stmt = is_statement(lw_sym(w->L, c)) && !ts_node_has_error(c);
        if (valid_stmt) {
            continue;
        }
        if (i == 0) {
            return err;
        }
        if (ts_node_is_error(c)) {
            return error_focus(w, c);
        }
        return ts_node_has_error(c) ? first_error(c) : c;
    }
    return err;
}

static void visit_children(ErrWalk *w, TSTreeCursor *cur, TSNode n, Sym s, TSNode stmt);

static void visit(ErrWalk *w, TSTreeCursor *cur, TSNode stmt)
{
    TSNode n = ts_tree_cursor_current_node(cur);
    Sym s = lw_sym(w->L, n);
    if (ts_node_is_error(n)) {
        TSNode focus = ts_node_is_null(stmt) ? error_focus(w, n) : n;
        if (ts_node_is_error(focus) && !ts_node_eq(focus, n)) {
            focus = error_focus(w, focus);
        }
        report(w, focus, ts_node_is_null(stmt) ? n : stmt, NULL);
        return;
    }
    if (ts_node_is_missing(n)) {
        report(w, n, stmt, NULL);
        return;
    }
    if (s == SYM_print_statement || s == SYM_exec_statement) {
        report(w, n, n, NULL);
        return;
    }
    if (!ts_node_has_error(n) && !holds_statements(s)) {
        return;
    }
    if (is_statement(s)) {
        stmt = n;
    } else if (s == SYM_block) {
        stmt = (TSNode){ 0 };   /* an ERROR among statements is its own group */
    }
    visit_children(w, cur, n, s, stmt);
}

/* Walks the children of n (the cursor's node), checking what tree-sitter
 * lets through: indentation, empty blocks, a try without handlers. */
static void visit_children(ErrWalk *w, TSTreeCursor *cur, TSNode n, Sym s, TSNode stmt)
{
    IndentCheck ic = { s == SYM_module || s == SYM_block, s == SYM_module ? 0 : -1, -1 };
    int statements = 0;
    bool handlers = false;
    if (ts_tree_cursor_goto_first_child(cur)) {
        do {
            TSNode c = ts_tree_cursor_current_node(cur);
            Sym cs = lw_sym(w->L, c);
            statements += ts_node_is_named(c) && !ts_node_is_extra(c);
            handlers |= cs == SYM_except_clause || cs == SYM_finally_clause;
            check_indent(w, &ic, c);
            visit(w, cur, stmt);
        } while (ts_tree_cursor_goto_next_sibling(cur));
        ts_tree_cursor_goto_parent(cur);
    }
    if (s == SYM_block && statements == 0 && !ts_node_has_error(ts_node_parent(n))) {
        report(w, n, n, "invalid syntax: expected an indented block");
    }
    if (s == SYM_try_statement && !handlers && !ts_node_has_error(n)) {
        report(w, n, n, "invalid syntax: expected 'except' or 'finally' block");
    }
}

int syntax_errors_report(Lower *L, TSNode root)
{
    ErrWalk w = { .L = L, .last_line = 0 };
    ts_tree_cursor_reset(&L->cursor, root);
    TSNode none = { 0 };
    visit(&w, &L->cursor, none);
    return w.count;
}
