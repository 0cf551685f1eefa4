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

#include <string.h>

/* syntax_hints.c: lexical findings (unterminated strings, unbalanced
 * brackets), handed over one by one. */
typedef void (*SynHintFn)(void *ud, uint32_t byte, uint32_t len, const char *msg);
void synhints_scan(const char *src, size_t len, SynHintFn emit, void *ud);

typedef struct Hint {
    uint32_t byte, len;
    const char *msg;
} Hint;

typedef struct ErrWalk {
    Lower *L;
    NodeVec groups;      /* statements (or ERROR nodes) already reported */
    VEC(Hint) hints;
    bool hints_scanned;
    int last_line;
    int count;
    uint32_t spec_from, spec_to;   /* the format spec of f"{x:=...}" (lw_fstring_spec_colon):
                                    * text tree-sitter read as an expression */
    bool spec_skipped;             /* errors in such a spec were passed over */
} ErrWalk;

/* What to say and where. */
typedef struct Explained {
    Loc loc;
    const char *msg;
} Explained;

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

/* ---- positions ---- */

static Loc loc_of_byte(const Lower *L, uint32_t byte, uint32_t len)
{
    Loc loc = { 1, 1, 1, 2 };
    uint32_t line_start = 0;
    for (uint32_t i = 0; i < byte && L->src[i]; i++) {
        if (L->src[i] == '\n') {
            loc.line++;
            line_start = i + 1;
        }
    }
    loc.col = (int)(byte - line_start) + 1;
    loc.end_line = loc.line;
    loc.end_col = loc.col + (int)(len ? len : 1);
    return loc;
}

/* The position just after n: where a missing token would go. */
static Loc loc_after(TSNode n)
{
    TSPoint e = ts_node_end_point(n);
    Loc loc = { (int)e.row + 1, (int)e.column + 1, (int)e.row + 1, (int)e.column + 2 };
    return loc;
}

/* The first token of n, a one-line range. */
static Loc loc_token(TSNode n)
{
    Loc loc = lw_loc(n);
    if (loc.end_line != loc.line) {
        loc.end_line = loc.line;
        loc.end_col = loc.col + 1;
    }
    return loc;
}

static bool skippable(TSNode n)
{
    return ts_node_is_extra(n) || ts_node_is_null(n);
}

/* The first leaf of n (n itself when it has no children). */
static TSNode first_leaf(TSNode n)
{
    for (;;) {
        TSNode next = { 0 };
        uint32_t count = ts_node_child_count(n);
        for (uint32_t i = 0; i < count && ts_node_is_null(next); i++) {
            TSNode c = ts_node_child(n, i);
            if (!skippable(c)) {
                next = c;
            }
        }
        if (ts_node_is_null(next)) {
            return n;
        }
        n = next;
    }
}

/* The leaf after n in the tree, or a null node at the end. */
static TSNode next_leaf(TSNode n)
{
    while (!ts_node_is_null(n)) {
        TSNode s = ts_node_next_sibling(n);
        while (!ts_node_is_null(s) && skippable(s)) {
            s = ts_node_next_sibling(s);
        }
        if (!ts_node_is_null(s)) {
            return first_leaf(s);
        }
        n = ts_node_parent(n);
    }
    return n;
}

static void collect_leaves(TSNode n, NodeVec *out, Arena *a)
{
    uint32_t count = ts_node_child_count(n);
    if (count == 0) {
        if (out->len < 4096) {
            vec_push(a, out, n);
        }
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (!skippable(c)) {
            collect_leaves(c, out, a);
        }
    }
}

/* ---- the lexical hints ---- */

static void add_hint(void *ud, uint32_t byte, uint32_t len, const char *msg)
{
    ErrWalk *w = ud;
    Hint h = { byte, len, arena_strdup(w->L->arena, msg) };
    vec_push(w->L->arena, &w->hints, h);
}

/* The first lexical finding inside n, if any: the scan reports brackets
 * never closed last, after everything it met on the way. */
static const Hint *hint_in(ErrWalk *w, TSNode n)
{
    if (!w->hints_scanned) {
        const SourceFile *f = w->L->ctx->file;
        synhints_scan(f->text, f->len, add_hint, w);
        w->hints_scanned = true;
    }
    uint32_t from = ts_node_start_byte(n), to = ts_node_end_byte(n);
    for (int i = 0; i < w->hints.len; i++) {   /* in the order found, as CPython */
        const Hint *h = &w->hints.data[i];
        if (h->byte >= from && h->byte < to) {
            return h;
        }
    }
    return NULL;
}

/* ---- what an ERROR node means ---- */

static bool text_is(const Lower *L, TSNode n, const char *s)
{
    size_t len;
    const char *t = lw_text(L, n, &len);
    return strlen(s) == len && memcmp(t, s, len) == 0;
}

static bool is_compound_keyword(const Lower *L, TSNode n)
{
    static const char *const kws[] = { "if", "elif", "else", "while", "for", "with", "def",
                                       "class", "try", "except", "finally" };
    for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
        if (!ts_node_is_named(n) || lw_sym(L, n) == SYM_identifier) {
            if (text_is(L, n, kws[i])) {
                return true;
            }
        }
    }
    return false;
}

static bool starts_line(const Lower *L, TSNode n)
{
    uint32_t b = ts_node_start_byte(n);
    while (b > 0 && (L->src[b - 1] == ' ' || L->src[b - 1] == '\t' || L->src[b - 1] == '\f')) {
        b--;
    }
    return b == 0 || L->src[b - 1] == '\n';
}

/* For a compound statement header starting at byte b: the end of its last
 * token when the logical line has no ':' outside brackets, else -1. */
static long header_missing_colon(const Lower *L, uint32_t b)
{
    const char *s = L->src;
    int depth = 0;
    long last = -1;
    for (uint32_t i = b; s[i]; i++) {
        char c = s[i];
        if (c == '#' || (c == '\n' && depth == 0)) {
            break;
        }
        if (c == '\\' && s[i + 1] == '\n') {
            i++;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        } else if (c == ':' && depth == 0 && s[i + 1] != '=') {
            return -1;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            last = (long)i + 1;
        }
    }
    return last;
}

static bool is_literal(Sym s)
{
    return s == SYM_integer || s == SYM_float || s == SYM_string ||
           s == SYM_concatenated_string || s == SYM_true || s == SYM_false || s == SYM_none ||
           s == SYM_ellipsis;
}

/* A token after which an operand must follow. */
static bool expects_operand(const Lower *L, TSNode n)
{
    static const char *const ops[] = {
        "+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "|", "^", "&", "<", ">", "<=",
        ">=", "==", "!=", "and", "or", "not", "in", "is", "=", "+=", "-=", "*=", "/=", "//=",
        "%=", "**=", "@=", "<<=", ">>=", "|=", "^=", "&=", ".", ":=", "~",
    };
    if (ts_node_is_named(n)) {
        return false;
    }
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (text_is(L, n, ops[i])) {
            return true;
        }
    }
    return false;
}

/* A token that may begin an operand (after a binary operator). */
static bool starts_operand(const Lower *L, TSNode n)
{
    static const char *const toks[] = { "(", "[", "{", "-", "+", "~", "not", "lambda",
                                        "await", "yield", "None", "True", "False" };
    if (ts_node_is_named(n)) {
        return true;   /* identifiers, literals, string starts */
    }
    for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++) {
        if (text_is(L, n, toks[i])) {
            return true;
        }
    }
    return false;
}

/* Binary operator followed by a token that cannot start an operand, or by
 * the end of the line: where the operand is missing. */
static bool find_missing_operand(const Lower *L, TSNode err, NodeVec *leaves, Explained *out)
{
    for (int i = 0; i < leaves->len; i++) {
        TSNode t = leaves->data[i];
        if (!expects_operand(L, t)) {
            continue;
        }
        TSNode next = i + 1 < leaves->len ? leaves->data[i + 1] : next_leaf(err);
        if (ts_node_is_null(next) || ts_node_start_point(next).row > ts_node_end_point(t).row) {
            out->loc = loc_after(t);
            return true;
        }
        if (!starts_operand(L, next)) {
            out->loc = loc_token(next);
            return true;
        }
    }
    return false;
}

/* An ERROR inside a call's arguments or a display, right after an element:
 * a comma is missing between them. */
static bool missing_comma(const Lower *L, TSNode err, Explained *out)
{
    TSNode parent = ts_node_parent(err);
    Sym ps = lw_sym(L, parent);
    if (ps != SYM_argument_list && ps != SYM_list && ps != SYM_tuple && ps != SYM_set) {
        return false;
    }
    TSNode prev = ts_node_prev_sibling(err);
    if (ts_node_is_null(prev) || !ts_node_is_named(prev) || !starts_operand(L, first_leaf(err)) ||
        !ts_node_is_named(first_leaf(err))) {
        return false;
    }
    out->loc = lw_loc_span(prev, err);
    out->msg = "invalid syntax. Perhaps you forgot a comma?";
    return true;
}

static bool assign_to_literal(const Lower *L, TSNode err, Explained *out)
{
    TSNode first = ts_node_named_child(err, 0);
    if (ts_node_is_null(first) || !is_literal(lw_sym(L, first))) {
        return false;
    }
    TSNode next = ts_node_next_sibling(first);
    if (ts_node_is_null(next) || lw_sym(L, next) != TOK_EQ ||
        ts_node_start_byte(first) != ts_node_start_byte(err)) {
        return false;
    }
    out->loc = lw_loc(first);
    out->msg = "cannot assign to literal";
    return true;
}

static void explain_error(ErrWalk *w, TSNode err, Explained *out)
{
    const Lower *L = w->L;
    TSNode first = first_leaf(err);
    out->loc = loc_token(first);
    out->msg = "invalid syntax";
    if (is_compound_keyword(L, first) && starts_line(L, first)) {
        long end = header_missing_colon(L, ts_node_start_byte(first));
        if (end >= 0) {
            out->loc = loc_of_byte(L, (uint32_t)end, 1);
            out->msg = "expected ':'";
            return;
        }
    }
    if (assign_to_literal(L, err, out) || missing_comma(L, err, out)) {
        return;
    }
    NodeVec leaves = { 0 };
    collect_leaves(err, &leaves, w->L->arena);
    find_missing_operand(L, err, &leaves, out);
}

/* Explains n (an ERROR, MISSING or python 2 statement) from the tree. */
static void explain_node(ErrWalk *w, TSNode n, Explained *out)
{
    if (ts_node_is_missing(n)) {
        out->loc = lw_loc(n);
        out->msg = arena_printf(w->L->arena, ts_node_is_named(n) ? "invalid syntax: expected %s"
                                                                 : "invalid syntax: expected '%s'",
                                ts_node_type(n));
    } else if (ts_node_is_error(n)) {
        explain_error(w, n, out);
    } else {
        Sym s = lw_sym(w->L, n);
        out->loc = lw_loc(n);
        out->msg = s == SYM_print_statement
                       ? "Missing parentheses in call to 'print'. Did you mean print(...)?"
                   : s == SYM_exec_statement
                       ? "Missing parentheses in call to 'exec'. Did you mean exec(...)?"
                       : "invalid syntax";
    }
}

/* Explains n; a lexical finding inside scope (the innermost simple
 * statement holding n, or n) wins when it is met no later than the line the
 * tree points at, as CPython's tokenizer would report it first. */
static void explain(ErrWalk *w, TSNode n, TSNode scope, Explained *out)
{
    explain_node(w, n, out);
    const Hint *h = hint_in(w, scope);
    if (!h && !ts_node_eq(scope, n)) {
        h = hint_in(w, n);
    }
    if (h) {
        Loc loc = loc_of_byte(w->L, h->byte, h->len);
        if (loc.line <= out->loc.line) {
            out->loc = loc;
            out->msg = h->msg;
        }
    }
}

/* Reports once per group (the statement, or n itself). */
static void report_loc(ErrWalk *w, TSNode group, Loc loc, const char *msg)
{
    if (already_reported(w, group, loc.line)) {
        return;
    }
    vec_push(w->L->arena, &w->groups, group);
    w->last_line = loc.line;
    w->count++;
    diag_error(&w->L->ctx->diags, w->L->ctx->file, loc, "%s", msg);
}

static void report_error(ErrWalk *w, TSNode n, TSNode stmt)
{
    TSNode group = ts_node_is_null(stmt) ? n : stmt;
    bool simple = !ts_node_is_null(stmt) && !holds_statements(lw_sym(w->L, stmt));
    Explained e;
    explain(w, n, simple ? stmt : n, &e);
    report_loc(w, group, e.loc, e.msg);
}

/* ---- what tree-sitter accepts but Python does not ---- */

/* tree-sitter-python accepts statements indented deeper than their
 * neighbours; Python does not. Statements of one module or block that start
 * a line must start in the same column (the module's: column 1). A
 * statement that follows something else on its line (after an ERROR, or
 * ';') is not checked. */
typedef struct IndentCheck {
    bool active;
    int ref_col;          /* -1 until the block's first statement */
    TSNode prev;          /* the previous statement */
} IndentCheck;

/* The column of the last statement starting a line inside n (n itself
 * included), descending into compound statements; -1 if none. */
static int innermost_last_col(const Lower *L, TSNode n)
{
    int col = -1;
    while (!ts_node_is_null(n)) {
        if ((is_statement(lw_sym(L, n)) || lw_sym(L, n) == SYM_block) && starts_line(L, n)) {
            col = (int)ts_node_start_point(n).column;
        }
        TSNode last = { 0 };
        for (uint32_t i = ts_node_named_child_count(n); i > 0 && ts_node_is_null(last); i--) {
            TSNode c = ts_node_named_child(n, i - 1);
            if (!ts_node_is_extra(c)) {
                last = c;
            }
        }
        Sym s = lw_sym(L, n);
        if (!holds_statements(s) || ts_node_is_null(last)) {
            break;
        }
        n = last;
    }
    return col;
}

static void check_indent(ErrWalk *w, IndentCheck *ic, TSNode c)
{
    if (!ic->active || !ts_node_is_named(c) || ts_node_is_extra(c) || ts_node_is_error(c) ||
        ts_node_is_missing(c)) {
        return;
    }
    TSNode prev = ic->prev;
    ic->prev = c;
    if (!starts_line(w->L, c)) {
        return;
    }
    int col = (int)ts_node_start_point(c).column;
    if (ic->ref_col < 0) {
        ic->ref_col = col;
        return;
    }
    if (col == ic->ref_col) {
        return;
    }
    Loc loc = loc_token(first_leaf(c));
    bool dedent = col < ic->ref_col ||
                  (!ts_node_is_null(prev) && innermost_last_col(w->L, prev) > col);
    report_loc(w, c, loc,
               dedent ? "unindent does not match any outer indentation level" : "unexpected indent");
}

/* "function definition", "'if' statement", ... for the header of a block. */
static const char *block_owner(const Lower *L, TSNode owner)
{
    switch (lw_sym(L, owner)) {
    case SYM_function_definition: return "function definition";
    case SYM_class_definition: return "class definition";
    case SYM_if_statement: return "'if' statement";
    case SYM_elif_clause: return "'elif' statement";
    case SYM_else_clause: return "'else' statement";
    case SYM_for_statement: return "'for' statement";
    case SYM_while_statement: return "'while' statement";
    case SYM_with_statement: return "'with' statement";
    case SYM_try_statement: return "'try' statement";
    case SYM_except_clause: return "'except' statement";
    case SYM_finally_clause: return "'finally' statement";
    case SYM_case_clause: return "'case' statement";
    default: return NULL;
    }
}

/* Where CPython points for a missing block: the next line's first token
 * (past blank and comment lines), or the end of the header at EOF. */
static Loc empty_block_loc(const Lower *L, TSNode block)
{
    const char *s = L->src;
    uint32_t i = ts_node_start_byte(block);
    while (s[i] && s[i] != '\n') {
        i++;
    }
    for (;;) {
        while (s[i] == '\n' || s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f') {
            i++;
        }
        if (s[i] != '#') {
            break;
        }
        while (s[i] && s[i] != '\n') {
            i++;
        }
    }
    if (!s[i]) {
        return lw_loc(block);
    }
    uint32_t n = 1;
    while (s[i + n] == '_' || ((s[i + n] | 0x20) >= 'a' && (s[i + n] | 0x20) <= 'z')) {
        n++;
    }
    return loc_of_byte(L, i, n);
}

static void check_empty_block(ErrWalk *w, TSNode block)
{
    TSNode owner = ts_node_parent(block);
    const char *what = block_owner(w->L, owner);
    Loc loc = empty_block_loc(w->L, block);
    const char *msg = what ? arena_printf(w->L->arena, "expected an indented block after %s on line %d",
                                          what, (int)ts_node_start_point(owner).row + 1)
                           : "expected an indented block";
    report_loc(w, block, loc, msg);
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
        if (i == 0 && !(is_statement(lw_sym(w->L, c)) && ts_node_has_error(c))) {
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
    if (w->spec_to != 0 && ts_node_start_byte(n) >= w->spec_from && ts_node_end_byte(n) <= w->spec_to) {
        w->spec_skipped |= ts_node_is_error(n) || ts_node_is_missing(n) || ts_node_has_error(n);
        return;
    }
    TSNode walrus;
    uint32_t colon = ts_node_has_error(n) ? lw_fstring_spec_colon(w->L, n, &walrus) : 0;
    if (colon != 0) {
        uint32_t from = w->spec_from, to = w->spec_to;
        w->spec_from = colon;
        w->spec_to = ts_node_end_byte(n);
        visit_children(w, cur, n, s, stmt);
        w->spec_from = from;
        w->spec_to = to;
        return;
    }
    if (ts_node_is_error(n)) {
        TSNode focus = ts_node_is_null(stmt) ? error_focus(w, n) : n;
        if (ts_node_is_error(focus) && !ts_node_eq(focus, n)) {
            focus = error_focus(w, focus);
        }
        if (!ts_node_is_error(focus) && !ts_node_is_missing(focus)) {
            focus = n;
        }
        report_error(w, focus, ts_node_is_null(stmt) ? n : stmt);
        return;
    }
    if (ts_node_is_missing(n)) {
        report_error(w, n, stmt);
        return;
    }
    if ((s == SYM_print_statement && !lw_is_print_chevron(w->L, n)) || s == SYM_exec_statement) {
        report_error(w, n, n);
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
    IndentCheck ic = { .active = s == SYM_module || s == SYM_block,
                       .ref_col = s == SYM_module ? 0 : -1 };
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
        check_empty_block(w, n);
    }
    if (s == SYM_try_statement && !handlers && !ts_node_has_error(n)) {
        report_loc(w, n, loc_token(first_leaf(n)), "expected 'except' or 'finally' block");
    }
}

int syntax_errors_report(Lower *L, TSNode root)
{
    ErrWalk w = { .L = L, .last_line = 0 };
    ts_tree_cursor_reset(&L->cursor, root);
    TSNode none = { 0 };
    visit(&w, &L->cursor, none);
    if (w.count == 0 && ts_node_has_error(root) && !w.spec_skipped) {
        report_error(&w, first_error(root), none);   /* never stay silent */
    }
    return w.count;
}
