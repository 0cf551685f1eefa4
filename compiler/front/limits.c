/* limits.c - the nesting limits CPython's tokenizer, parser and compiler impose, checked
 * on the tree before lowering (the lowering and later stages recurse on nesting, so a
 * source past them would otherwise cost unbounded stack). The target version
 * (Ctx.py_minor; 0: unknown, the newest rules) decides where they differ:
 *   - more than 200 open brackets: "too many nested parentheses" (tokenizer MAXLEVEL);
 *   - 100 levels of indentation: "too many levels of indentation" (MAXINDENT; found
 *     first from the text by indent_scan.c, which tree-sitter's tree past ~500 levels
 *     cannot replace);
 *   - more than 20 for/while/try/with statements nested in one function:
 *     "too many statically nested blocks" (CO_MAXBLOCKS, 3.9 .. 3.12; 3.13 has none);
 *   - about 5,967 nested unary or `not` operators: the parser's stack (MAXSTACK), a
 *     MemoryError, worded "Parser stack overflowed ..." from 3.12;
 *   - nesting past what the compiler's recursion allows: about 2,990 levels (3.9 .. 3.12),
 *     about 9,997 (3.13): its RecursionError, as an error here. 3.9's compiler does not
 *     count unary operators. A chain of one boolean operator (`a and b and ...`) is one
 *     node in CPython's AST (BoolOp: a list of values), so its links do not count: such a
 *     chain builds at any length up to the walk's own bound (MAX_TREE_DEPTH).
 * CPython's tokenizer and parser see the whole file before its compiler runs, so a
 * compiler limit is reported only when no tokenizer or parser limit is passed anywhere.
 * The walk is iterative (a tree cursor), so no input can overflow it. */
#include <string.h>
#include "lower.h"

#define MAX_PARENS 200
#define MAX_INDENT 100
#define MAX_STATIC_BLOCKS 20
#define MAX_PARSER_NESTING 5966
/* tree depth = the nesting a module-level `x = ...` reaches, plus its 3 enclosing nodes */
#define MAX_DEPTH_OLD (2989 + 4)
#define MAX_DEPTH_313 (9996 + 4)
/* the walk's own bound: past the deepest nesting CPython builds, room for long and/or chains */
#define MAX_TREE_DEPTH 100000

typedef struct Walk {
    Lower *L;
    int parens, indent, blocks, depth, parser_nesting;
    int compile_depth, max_depth;
    TSNode too_deep, too_many_blocks;   /* the first compiler limit passed (null: none) */
    bool static_blocks;   /* CO_MAXBLOCKS applies (before 3.13) */
    int minor;
    int *saved_blocks;    /* per tree depth: the block count a def/class/lambda hid */
    char *adds;           /* per tree depth: 'i' a block (indent), 's' a static block, 'f' a scope */
    char *boolop;         /* per tree depth: the and/or node entered there ('&', '|'), or 0 */
    uint32_t *start;      /* per tree depth: where the node entered there starts */
} Walk;

/* '&' or '|' for a boolean_operator node, else 0. */
static char boolop_kind(Lower *L, TSNode n)
{
    if (lw_sym(L, n) != SYM_boolean_operator) {
        return 0;
    }
    return lw_sym(L, lw_field(L, n, FLD_operator)) == TOK_AND ? '&' : '|';
}

/* n, entered at depth d, is the left operand of the same and/or: flattened by CPython.
 * (The left operand is the only child starting where its parent starts.) */
static bool flattened_link(Walk *w, TSNode n, char op)
{
    int d = w->depth;
    return op && d > 0 && w->boolop[d - 1] == op && w->start[d - 1] == ts_node_start_byte(n);
}

static bool is_static_block(Sym s)
{
    return s == SYM_for_statement || s == SYM_while_statement || s == SYM_try_statement ||
           s == SYM_with_statement;
}

static bool is_scope(Sym s)
{
    return s == SYM_function_definition || s == SYM_class_definition || s == SYM_lambda;
}

/* Enters n: its counts; false (after the error) when a limit is passed. */
static bool enter(Walk *w, TSNode n)
{
    Lower *L = w->L;
    Sym s = lw_sym(L, n);
    char add = 0;
    bool unary = s == SYM_unary_operator || s == SYM_not_operator;
    if (++w->depth > MAX_TREE_DEPTH) {
        lw_error(L, n, "expression nested too deeply (CPython: maximum recursion depth exceeded during compilation)");
        return false;
    }
    if (unary && ++w->parser_nesting > MAX_PARSER_NESTING) {
        lw_error(L, n, w->minor == 0 || w->minor >= 12
                           ? "Parser stack overflowed - Python source too complex to parse"
                           : "source too complex to parse (CPython raises MemoryError)");
        return false;
    }
    char op = boolop_kind(L, n);
    bool counts = !(unary && w->minor == 9) && !flattened_link(w, n, op);
    w->boolop[w->depth] = op;
    w->start[w->depth] = ts_node_start_byte(n);
    w->compile_depth += counts;
    if (w->compile_depth > w->max_depth && ts_node_is_null(w->too_deep)) {
        w->too_deep = n;
    }
    if (!ts_node_is_named(n) && ts_node_child_count(n) == 0) {
        const char *t = ts_node_type(n);
        if (t[0] && !t[1] && strchr("([{", t[0]) && ++w->parens > MAX_PARENS) {
            lw_error(L, n, "too many nested parentheses");
            return false;
        }
        if (t[0] && !t[1] && strchr(")]}", t[0]) && w->parens > 0) {
            w->parens--;
        }
    } else if (s == SYM_block) {
        add = 'i';
        if (++w->indent >= MAX_INDENT && ts_node_named_child_count(n) > 0) {
            Loc loc = lw_loc(ts_node_named_child(n, 0));
            loc.col = 1;
            diag_error(&L->ctx->diags, L->ctx->file, loc, "too many levels of indentation");
            return false;
        }
    } else if (is_static_block(s)) {
        add = 's';
        if (++w->blocks > MAX_STATIC_BLOCKS && w->static_blocks && ts_node_is_null(w->too_many_blocks)) {
            w->too_many_blocks = n;
        }
    } else if (is_scope(s)) {
        add = 'f';
        w->saved_blocks[w->depth] = w->blocks;
        w->blocks = 0;
    }
    add = unary ? 'u' : add;
    w->adds[w->depth] = counts ? (char)(add | 0x80) : add;   /* bit 0x80: counted in compile_depth */
    return true;
}

static void leave(Walk *w)
{
    w->compile_depth -= (w->adds[w->depth] & 0x80) != 0;
    switch (w->adds[w->depth] & 0x7f) {
    case 'i': w->indent--; break;
    case 's': w->blocks--; break;
    case 'f': w->blocks = w->saved_blocks[w->depth]; break;
    case 'u': w->parser_nesting--; break;
    default: break;
    }
    w->depth--;
}

/* After the whole tree passed the tokenizer's and parser's limits: the compiler's. */
static bool compiler_limits_ok(Walk *w)
{
    if (!ts_node_is_null(w->too_deep)) {
        lw_error(w->L, w->too_deep, "expression nested too deeply (CPython: maximum recursion depth exceeded during compilation)");
        return false;
    }
    if (!ts_node_is_null(w->too_many_blocks)) {
        lw_error(w->L, w->too_many_blocks, "too many statically nested blocks");
        return false;
    }
    return true;
}

bool front_check_limits(Lower *L, TSNode root)
{
    int minor = L->ctx->py_minor;
    Walk w = {.L = L, .minor = minor, .static_blocks = minor != 0 && minor <= 12,
              .max_depth = minor != 0 && minor <= 12 ? MAX_DEPTH_OLD : MAX_DEPTH_313};
    w.saved_blocks = arena_alloc(L->arena, sizeof(int) * (MAX_TREE_DEPTH + 2));
    w.adds = arena_alloc(L->arena, MAX_TREE_DEPTH + 2);
    w.boolop = arena_alloc(L->arena, MAX_TREE_DEPTH + 2);
    w.start = arena_alloc(L->arena, sizeof(uint32_t) * (MAX_TREE_DEPTH + 2));
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool ok = enter(&w, root);
    while (ok) {
        if (ts_tree_cursor_goto_first_child(&c)) {
            ok = enter(&w, ts_tree_cursor_current_node(&c));
            continue;
        }
        leave(&w);
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c)) {
                ts_tree_cursor_delete(&c);
                return compiler_limits_ok(&w);
            }
            leave(&w);
        }
        ok = enter(&w, ts_tree_cursor_current_node(&c));
    }
    ts_tree_cursor_delete(&c);
    return false;
}
