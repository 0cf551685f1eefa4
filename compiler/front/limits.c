/* limits.c - the nesting limits CPython's tokenizer and compiler impose, checked on
 * the tree before lowering (the lowering and later stages recurse on nesting, so a
 * source past them would otherwise cost unbounded stack):
 *   - more than 200 open brackets: "too many nested parentheses" (tokenizer MAXLEVEL);
 *   - 100 levels of indentation: "too many levels of indentation" (MAXINDENT);
 *   - more than 20 for/while/try/with statements nested in one function:
 *     "too many statically nested blocks" (CO_MAXBLOCKS, 3.9 .. 3.12);
 *   - nesting past what CPython's compiler recursion allows (about 3,000 levels):
 *     its RecursionError, as an error here.
 * The walk is iterative (a tree cursor), so no input can overflow it. */
#include <string.h>
#include "lower.h"

#define MAX_PARENS 200
#define MAX_INDENT 100
#define MAX_STATIC_BLOCKS 20
#define MAX_DEPTH 3100

typedef struct Walk {
    Lower *L;
    int parens, indent, blocks, depth;
    int *saved_blocks;    /* per tree depth: the block count a def/class/lambda hid */
    char *adds;           /* per tree depth: 'i' a block (indent), 's' a static block, 'f' a scope */
} Walk;

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
    if (++w->depth > MAX_DEPTH) {
        lw_error(L, n, "expression nested too deeply (CPython: maximum recursion depth exceeded during compilation)");
        return false;
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
        if (++w->blocks > MAX_STATIC_BLOCKS) {
            lw_error(L, n, "too many statically nested blocks");
            return false;
        }
    } else if (is_scope(s)) {
        add = 'f';
        w->saved_blocks[w->depth] = w->blocks;
        w->blocks = 0;
    }
    w->adds[w->depth] = add;
    return true;
}

static void leave(Walk *w)
{
    switch (w->adds[w->depth]) {
    case 'i': w->indent--; break;
    case 's': w->blocks--; break;
    case 'f': w->blocks = w->saved_blocks[w->depth]; break;
    default: break;
    }
    w->depth--;
}

bool front_check_limits(Lower *L, TSNode root)
{
    Walk w = {.L = L};
    w.saved_blocks = arena_alloc(L->arena, sizeof(int) * (MAX_DEPTH + 2));
    w.adds = arena_alloc(L->arena, MAX_DEPTH + 2);
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
                return true;
            }
            leave(&w);
        }
        ok = enter(&w, ts_tree_cursor_current_node(&c));
    }
    ts_tree_cursor_delete(&c);
    return false;
}
