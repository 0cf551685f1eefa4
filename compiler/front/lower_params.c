/* lower_params.c - parameter lists of def and lambda -> AstArguments.
 *   parameters:        '(' commaSep(parameter) [','] ')'
 *   lambda_parameters: commaSep1(parameter)
 *   parameter: identifier | typed_parameter | default_parameter |
 *              typed_default_parameter | list_splat_pattern |
 *              dictionary_splat_pattern | positional_separator | keyword_separator */
#include "lower.h"

typedef struct ParamState {
    AstArguments *out;
    bool kwonly;      /* after '*' or '*args' */
    bool seen_default;
    TSNode bare_star;   /* a keyword_separator '*', or a null node */
    int slashes, stars; /* '/' seen; '*' or '*args' seen */
    bool after_kwargs;  /* '**kwargs' seen: nothing may follow */
} ParamState;

static AstArg *new_arg(Lower *L, TSNode name_node, TSNode whole)
{
    AstArg *a = ARENA_NEW(L->arena, AstArg);
    a->name = lw_name(L, name_node);
    a->loc = lw_loc(whole);
    lw_check_debug_name(L, a->name, a->loc);
    return a;
}

static void add_plain(Lower *L, ParamState *st, AstArg *a)
{
    if (!st->kwonly) {
        if (a->default_) {
            st->seen_default = true;
        } else if (st->seen_default) {
            diag_error(&L->ctx->diags, L->ctx->file, a->loc,
                       "parameter without a default follows parameter with a default");
        }
    }
    vec_push(L->arena, st->kwonly ? &st->out->kwonly : &st->out->args, *a);
}

/* list_splat_pattern: '*' identifier;  dictionary_splat_pattern: '**' identifier */
static void add_splat(Lower *L, ParamState *st, TSNode splat, TSNode whole, AstExpr *type)
{
    AstArg *a = new_arg(L, ts_node_named_child(splat, 0), whole);
    a->annotation = type;
    if (lw_sym(L, splat) == SYM_list_splat_pattern) {
        st->out->vararg = a;
        st->kwonly = true;
    } else {
        st->out->kwarg = a;
    }
}

/* positional_separator: '/' -- everything before it is positional-only */
static void mark_posonly(ParamState *st)
{
    st->out->posonly = st->out->args;
    st->out->args.data = NULL;
    st->out->args.len = 0;
    st->out->args.cap = 0;
}

/* typed_parameter: (identifier | list_splat_pattern | dictionary_splat_pattern) ':' type */
static void add_typed(Lower *L, ParamState *st, TSNode p)
{
    TSNode inner = ts_node_named_child(p, 0);
    AstExpr *type = lower_type(L, lw_field(L, p, FLD_type));
    Sym s = lw_sym(L, inner);
    if (s == SYM_list_splat_pattern || s == SYM_dictionary_splat_pattern) {
        add_splat(L, st, inner, p, type);
        return;
    }
    AstArg *a = new_arg(L, inner, p);
    a->annotation = type;
    add_plain(L, st, a);
}

/* default_parameter: name '=' value;  typed_default_parameter: name ':' type '=' value */
static void add_default(Lower *L, ParamState *st, TSNode p)
{
    TSNode name = lw_field(L, p, FLD_name);
    if (lw_sym(L, name) != SYM_identifier) {
        lw_error(L, p, "invalid syntax");
        return;
    }
    AstArg *a = new_arg(L, name, p);
    a->annotation = lower_type(L, lw_field(L, p, FLD_type));
    a->default_ = lower_expr(L, lw_field(L, p, FLD_value));
    add_plain(L, st, a);
}

/* CPython's parser: one '/', one '*', nothing after '**kwargs' (3.9, 3.10: invalid syntax). */
static bool param_order_ok(Lower *L, ParamState *st, TSNode p)
{
    Sym s = lw_sym(L, p);
    TSNode inner = s == SYM_typed_parameter ? ts_node_named_child(p, 0) : p;
    Sym k = lw_sym(L, inner);
    bool new_rules = L->ctx->py_minor == 0 || L->ctx->py_minor >= 11;
    const char *why = NULL;
    if (st->after_kwargs) {
        why = "arguments cannot follow var-keyword argument";
    } else if (s == SYM_positional_separator && st->slashes++ > 0) {
        why = "/ may appear only once";
    } else if ((k == SYM_list_splat_pattern || s == SYM_keyword_separator) && st->stars++ > 0) {
        why = "* argument may appear only once";
    }
    st->after_kwargs = st->after_kwargs || k == SYM_dictionary_splat_pattern;
    if (why) {
        lw_error(L, p, "%s", new_rules ? why : "invalid syntax");
    }
    return why == NULL;
}

static void add_param(Lower *L, ParamState *st, TSNode p)
{
    if (!param_order_ok(L, st, p)) {
        return;
    }
    switch (lw_sym(L, p)) {
    case SYM_identifier:
        add_plain(L, st, new_arg(L, p, p));
        break;
    case SYM_typed_parameter:
        add_typed(L, st, p);
        break;
    case SYM_default_parameter:
    case SYM_typed_default_parameter:
        add_default(L, st, p);
        break;
    case SYM_list_splat_pattern:
    case SYM_dictionary_splat_pattern:
        add_splat(L, st, p, p, NULL);
        break;
    case SYM_positional_separator:
        mark_posonly(st);
        break;
    case SYM_keyword_separator:
        st->kwonly = true;
        st->bare_star = p;
        break;
    default:
        lw_error(L, p, "invalid syntax");   /* python 2 tuple parameters */
        break;
    }
}

/* CPython's symtable rejects a name given twice ("duplicate argument"), whatever
 * else the function holds: it is a syntax error, not a reason to keep it as Python. */
static void check_duplicates(Lower *L, AstArguments *args)
{
    int n = ast_param_count(args);
    for (int i = 1; i < n; i++) {
        AstArg *a = ast_param_at(args, i);
        for (int j = 0; j < i; j++) {
            if (a->name && ast_param_at(args, j)->name == a->name) {   /* interned */
                diag_error(&L->ctx->diags, L->ctx->file, a->loc, "duplicate argument \"%s\" in function definition",
                           a->name);
                break;
            }
        }
    }
}

AstArguments *lower_params(Lower *L, TSNode params)
{
    ParamState st = { .out = ARENA_NEW(L->arena, AstArguments) };
    if (ts_node_is_null(params)) {
        return st.out;
    }
    NodeVec k = lw_kids(L, params, true);
    for (int i = 0; i < k.len; i++) {
        add_param(L, &st, k.data[i]);
    }
    check_duplicates(L, st.out);
    if (!ts_node_is_null(st.bare_star) && st.out->kwonly.len == 0) {
        lw_error(L, st.bare_star, "named arguments must follow bare *");
    }
    return st.out;
}
