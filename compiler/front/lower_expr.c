/* lower_expr.c - expressions: tree-sitter-python expression nodes -> AstExpr.
 * Each static function is headed by the grammar rule it reads. */
#include "lower.h"
#include <string.h>

/* ---- small builders ---- */

AstExpr *make_name(Lower *L, const char *id, Loc loc, AstCtx ctx)
{
    AstExpr *e = lw_new_expr(L, EXPR_NAME, loc);
    e->u.name.id = id;
    e->u.name.ctx = ctx;
    return e;
}

static AstExpr *make_const(Lower *L, TSNode n, AstConstKind k)
{
    AstExpr *e = lw_new_expr(L, EXPR_CONST, lw_loc(n));
    e->u.constant.kind = k;
    return e;
}

static AstExpr *make_starred(Lower *L, Loc loc, AstExpr *value)
{
    AstExpr *e = lw_new_expr(L, EXPR_STARRED, loc);
    e->u.starred.value = value;
    return e;
}

/* tree-sitter-python binds a display's '*' tighter than '.', '[', '(' and
 * binary operators ([*a.b] reads as [(*a).b]); Python binds it looser
 * ([*(a.b)]). When the leftmost operand `*slot` of e came out starred, the
 * star moves out to wrap e. */
static AstExpr *hoist_star(Lower *L, AstExpr *e, AstExpr **slot)
{
    AstExpr *inner = *slot;
    if (!inner || inner->kind != EXPR_STARRED) {
        return e;
    }
    *slot = inner->u.starred.value;
    Loc loc = e->loc;
    loc.line = inner->loc.line;
    loc.col = inner->loc.col;
    return make_starred(L, loc, e);
}

static AstExpr *make_binop(Lower *L, Loc loc, AstBinOp op, AstExpr *l, AstExpr *r)
{
    AstExpr *e = lw_new_expr(L, EXPR_BINOP, loc);
    e->u.binop.op = op;
    e->u.binop.left = l;
    e->u.binop.right = r;
    return hoist_star(L, e, &e->u.binop.left);
}

void set_ctx(AstExpr *e, AstCtx ctx)
{
    switch (e->kind) {
    case EXPR_NAME:
        e->u.name.ctx = ctx;
        break;
    case EXPR_ATTRIBUTE:
        e->u.attribute.ctx = ctx;
        break;
    case EXPR_SUBSCRIPT:
        e->u.subscript.ctx = ctx;
        break;
    case EXPR_STARRED:
        e->u.starred.ctx = ctx;
        set_ctx(e->u.starred.value, ctx);
        break;
    case EXPR_TUPLE:
    case EXPR_LIST:
        e->u.seq.ctx = ctx;
        for (int i = 0; i < e->u.seq.elts.len; i++) {
            set_ctx(e->u.seq.elts.data[i], ctx);
        }
        break;
    default:
        break;
    }
}

/* CPython's compiler refuses any binding of __debug__ (a constant of the interpreter). */
void lw_check_debug_name(Lower *L, const char *name, Loc loc)
{
    if (name && strcmp(name, "__debug__") == 0) {
        diag_error(&L->ctx->diags, L->ctx->file, loc, "cannot assign to __debug__");
    }
}

static void check_debug_target(Lower *L, const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        lw_check_debug_name(L, e->u.name.id, e->loc);
    } else if (e->kind == EXPR_ATTRIBUTE) {
        lw_check_debug_name(L, e->u.attribute.attr, e->loc);
    } else if (e->kind == EXPR_STARRED) {
        check_debug_target(L, e->u.starred.value);
    } else if (e->kind == EXPR_TUPLE || e->kind == EXPR_LIST) {
        for (int i = 0; i < e->u.seq.elts.len; i++) {
            check_debug_target(L, e->u.seq.elts.data[i]);
        }
    }
}

AstExpr *lower_target(Lower *L, TSNode n, AstCtx ctx)
{
    AstExpr *e = lower_expr(L, n);
    set_ctx(e, ctx);
    if (ctx == CTX_STORE) {
        check_debug_target(L, e);
    }
    return e;
}

bool binop_for_token(Sym tok, AstBinOp *op)
{
    static const struct { Sym tok, aug; AstBinOp op; } table[] = {
        { TOK_PLUS, TOK_PLUS_EQ, BINOP_ADD },       { TOK_MINUS, TOK_MINUS_EQ, BINOP_SUB },
        { TOK_STAR, TOK_STAR_EQ, BINOP_MUL },       { TOK_AT, TOK_AT_EQ, BINOP_MATMUL },
        { TOK_SLASH, TOK_SLASH_EQ, BINOP_DIV },     { TOK_DSLASH, TOK_DSLASH_EQ, BINOP_FLOORDIV },
        { TOK_PERCENT, TOK_PERCENT_EQ, BINOP_MOD }, { TOK_DSTAR, TOK_DSTAR_EQ, BINOP_POW },
        { TOK_LSHIFT, TOK_LSHIFT_EQ, BINOP_LSHIFT },{ TOK_RSHIFT, TOK_RSHIFT_EQ, BINOP_RSHIFT },
        { TOK_PIPE, TOK_PIPE_EQ, BINOP_BITOR },     { TOK_CARET, TOK_CARET_EQ, BINOP_BITXOR },
        { TOK_AMP, TOK_AMP_EQ, BINOP_BITAND },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].tok == tok || table[i].aug == tok) {
            *op = table[i].op;
            return true;
        }
    }
    return false;
}

/* ---- displays ---- */

/* An element of a tuple, list or set display: expression | list_splat |
 * parenthesized_list_splat | yield */
static AstExpr *lower_elt(Lower *L, TSNode n)
{
    return lower_expr(L, n);
}

static AstExpr *lower_seq(Lower *L, TSNode n, AstExprKind k, bool parenthesized)
{
    AstExpr *e = lw_new_expr(L, k, lw_loc(n));
    NodeVec kids = lw_kids(L, n, true);
    for (int i = 0; i < kids.len; i++) {
        vec_push(L->arena, &e->u.seq.elts, lower_elt(L, kids.data[i]));
    }
    e->u.seq.parenthesized = parenthesized;
    return e;
}

/* expression_list: expression (',' expression)* [','] -- a bare tuple */
AstExpr *lower_expr_list(Lower *L, TSNode n)
{
    return lower_seq(L, n, EXPR_TUPLE, false);
}

/* The expression of an f-string field whose `:=` (the node walrus, in n) begins its
 * format spec (strings.c): n with that node read as its name, and of an expression
 * list only the items up to the one holding it (a tuple only when a comma is before
 * the ':'). */
AstExpr *lower_field_before_spec(Lower *L, TSNode n, TSNode walrus)
{
    TSNode outer = L->spec_walrus;
    L->spec_walrus = walrus;
    AstExpr *e;
    Sym s = lw_sym(L, n);
    if (s == SYM_expression_list || s == SYM_pattern_list) {
        NodeVec kids = lw_kids(L, n, true);
        uint32_t at = ts_node_start_byte(walrus);
        int last = 0;
        while (last + 1 < kids.len && ts_node_start_byte(kids.data[last + 1]) <= at) {
            last++;
        }
        if (last == 0) {
            e = lower_expr(L, kids.data[0]);
        } else {
            e = lw_new_expr(L, EXPR_TUPLE, lw_loc(n));
            for (int i = 0; i <= last; i++) {
                vec_push(L->arena, &e->u.seq.elts, lower_elt(L, kids.data[i]));
            }
        }
    } else {
        e = lower_expr(L, n);
    }
    L->spec_walrus = outer;
    return e;
}

/* set: '{' commaSep1(expression | list_splat | ...) '}' */
static AstExpr *lower_set(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_SET, lw_loc(n));
    NodeVec kids = lw_kids(L, n, true);
    for (int i = 0; i < kids.len; i++) {
        vec_push(L->arena, &e->u.set.elts, lower_elt(L, kids.data[i]));
    }
    return e;
}

/* dictionary: '{' commaSep(pair | dictionary_splat) '}'
 * pair: key ':' value;  dictionary_splat: '**' expression */
static AstExpr *lower_dict(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_DICT, lw_loc(n));
    NodeVec kids = lw_kids(L, n, true);
    for (int i = 0; i < kids.len; i++) {
        TSNode k = kids.data[i];
        AstExpr *key = NULL, *value;
        if (lw_sym(L, k) == SYM_pair) {
            key = lower_expr(L, lw_field(L, k, FLD_key));
            value = lower_expr(L, lw_field(L, k, FLD_value));
        } else {
            value = lower_expr(L, ts_node_named_child(k, 0));
        }
        vec_push(L->arena, &e->u.dict.keys, key);
        vec_push(L->arena, &e->u.dict.values, value);
    }
    return e;
}

/* list_splat: '*' expression  (also list_splat_pattern, parenthesized_list_splat) */
static AstExpr *lower_splat(Lower *L, TSNode n)
{
    TSNode inner = ts_node_named_child(n, 0);
    if (lw_sym(L, n) == SYM_parenthesized_list_splat) {
        return lower_expr(L, inner);
    }
    return make_starred(L, lw_loc(n), lower_expr(L, inner));
}

/* ---- comprehensions ---- */

/* An `x := v` anywhere in n (CPython refuses one even in a lambda there), or a null node. */
static TSNode find_walrus(Lower *L, TSNode n)
{
    if (lw_sym(L, n) == SYM_named_expression) {
        return n;
    }
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
        TSNode w = find_walrus(L, ts_node_named_child(n, i));
        if (!ts_node_is_null(w)) {
            return w;
        }
    }
    return (TSNode){0};
}

/* for_in_clause: ['async'] 'for' left 'in' right (',' right)* */
static AstComprehension lower_for_in(Lower *L, TSNode n)
{
    AstComprehension c = { 0 };
    c.target = lower_target(L, lw_field(L, n, FLD_left), CTX_STORE);
    NodeVec rights = lw_field_kids(L, n, FLD_right);
    AstExprVec iters = { 0 };
    for (int i = 0; i < rights.len; i++) {
        TSNode walrus = ts_node_is_named(rights.data[i]) ? find_walrus(L, rights.data[i]) : (TSNode){0};
        if (!ts_node_is_null(walrus)) {
            lw_error(L, walrus, "assignment expression cannot be used in a comprehension iterable expression");
        }
        if (ts_node_is_named(rights.data[i])) {
            vec_push(L->arena, &iters, lower_expr(L, rights.data[i]));
        }
    }
    if (iters.len > 1) {   /* Python 2's `for x in a, b`: Python 3's grammar takes one disjunction */
        for (int i = 0; i < rights.len; i++) {
            if (!ts_node_is_named(rights.data[i])) {
                lw_error(L, rights.data[i], "invalid syntax");
                break;
            }
        }
    }
    if (iters.len == 1) {
        c.iter = iters.data[0];
    } else {
        c.iter = lw_new_expr(L, EXPR_TUPLE, lw_loc_span(rights.data[0], rights.data[rights.len - 1]));
        c.iter->u.seq.elts = iters;
    }
    c.is_async = lw_has_token(L, n, TOK_ASYNC);
    return c;
}

/* list_comprehension | set_comprehension | generator_expression |
 * dictionary_comprehension: body (for_in_clause | if_clause)+ */
static AstExpr *lower_comp(Lower *L, TSNode n, AstExprKind k)
{
    AstExpr *e = lw_new_expr(L, k, lw_loc(n));
    TSNode body = lw_field(L, n, FLD_body);
    if (k == EXPR_DICTCOMP) {
        e->u.comp.elt = lower_expr(L, lw_field(L, body, FLD_key));
        e->u.comp.value = lower_expr(L, lw_field(L, body, FLD_value));
    } else {
        e->u.comp.elt = lower_expr(L, body);
    }
    NodeVec kids = lw_kids(L, n, true);
    for (int i = 0; i < kids.len; i++) {
        TSNode c = kids.data[i];
        Sym s = lw_sym(L, c);
        if (s == SYM_for_in_clause) {
            vec_push(L->arena, &e->u.comp.generators, lower_for_in(L, c));
        } else if (s == SYM_if_clause && e->u.comp.generators.len > 0) {
            AstComprehension *g = &e->u.comp.generators.data[e->u.comp.generators.len - 1];
            vec_push(L->arena, &g->ifs, lower_expr(L, ts_node_named_child(c, 0)));
        }
    }
    return e;
}

/* ---- operators ---- */

/* Python's precedence among the bitwise operators: | < ^ < &; 0: not one. */
static int bitwise_prec(AstBinOp op)
{
    return op == BINOP_BITOR ? 1 : op == BINOP_BITXOR ? 2 : op == BINOP_BITAND ? 3 : 0;
}

static int bitwise_prec_of(Lower *L, TSNode n)
{
    AstBinOp op;
    if (lw_sym(L, n) != SYM_binary_operator ||
        !binop_for_token(lw_sym(L, lw_field(L, n, FLD_operator)), &op)) {
        return 0;
    }
    return bitwise_prec(op);
}

typedef struct BitChain {
    NodeVec operands;
    VEC(AstBinOp) ops;       /* ops[i] sits between operands i and i+1 */
} BitChain;

/* In-order walk of a tree of |, ^, & operators: the source token order. */
static void flatten_bitwise(Lower *L, TSNode n, BitChain *c)
{
    AstBinOp op = BINOP_BITOR;
    if (bitwise_prec_of(L, n) == 0) {
        vec_push(L->arena, &c->operands, n);
        return;
    }
    binop_for_token(lw_sym(L, lw_field(L, n, FLD_operator)), &op);
    flatten_bitwise(L, lw_field(L, n, FLD_left), c);
    vec_push(L->arena, &c->ops, op);
    flatten_bitwise(L, lw_field(L, n, FLD_right), c);
}

/* Precedence climbing over the chain; *i is the next operand. */
static AstExpr *climb(Lower *L, BitChain *c, int *i, int min_prec)
{
    int first = *i;
    AstExpr *lhs = lower_expr(L, c->operands.data[(*i)++]);
    while (*i - 1 < c->ops.len && bitwise_prec(c->ops.data[*i - 1]) >= min_prec) {
        AstBinOp op = c->ops.data[*i - 1];
        AstExpr *rhs = climb(L, c, i, bitwise_prec(op) + 1);
        Loc loc = lw_loc_span(c->operands.data[first], c->operands.data[*i - 1]);
        lhs = make_binop(L, loc, op, lhs, rhs);
    }
    return lhs;
}

/* tree-sitter-python gives ^ a higher precedence than &, Python the reverse:
 * a tree of bitwise operators is re-parsed from its token order. */
static AstExpr *lower_bitwise(Lower *L, TSNode n)
{
    BitChain c = { 0 };
    flatten_bitwise(L, n, &c);
    int i = 0;
    return climb(L, &c, &i, 1);
}

/* binary_operator: left operator right */
static AstExpr *lower_binary(Lower *L, TSNode n)
{
    AstBinOp op;
    TSNode opn = lw_field(L, n, FLD_operator);
    if (!binop_for_token(lw_sym(L, opn), &op)) {
        return lw_bad_expr(L, n);
    }
    if (bitwise_prec(op) > 0) {
        return lower_bitwise(L, n);
    }
    return make_binop(L, lw_loc(n), op, lower_expr(L, lw_field(L, n, FLD_left)),
                      lower_expr(L, lw_field(L, n, FLD_right)));
}

/* unary_operator: ('+' | '-' | '~') argument;  not_operator: 'not' argument */
static AstExpr *lower_unary(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_UNARYOP, lw_loc(n));
    if (lw_sym(L, n) == SYM_not_operator) {
        e->u.unaryop.op = UNARY_NOT;
    } else {
        Sym op = lw_sym(L, lw_field(L, n, FLD_operator));
        e->u.unaryop.op = op == TOK_MINUS ? UNARY_NEG : op == TOK_PLUS ? UNARY_POS : UNARY_INVERT;
    }
    e->u.unaryop.operand = lower_expr(L, lw_field(L, n, FLD_argument));
    return e;
}

static AstBoolOp boolop_of(Lower *L, TSNode n)
{
    return lw_sym(L, lw_field(L, n, FLD_operator)) == TOK_AND ? BOOL_AND : BOOL_OR;
}

/* Flattens a chain of the same operator, as CPython's ast does. */
static void collect_bool(Lower *L, TSNode n, AstBoolOp op, AstExprVec *out)
{
    if (lw_sym(L, n) == SYM_boolean_operator && boolop_of(L, n) == op) {
        collect_bool(L, lw_field(L, n, FLD_left), op, out);
        collect_bool(L, lw_field(L, n, FLD_right), op, out);
        return;
    }
    vec_push(L->arena, out, lower_expr(L, n));
}

/* boolean_operator: left ('and' | 'or') right */
static AstExpr *lower_bool(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_BOOLOP, lw_loc(n));
    e->u.boolop.op = boolop_of(L, n);
    collect_bool(L, n, e->u.boolop.op, &e->u.boolop.values);
    return e;
}

static bool cmpop_of(Sym tok, AstCmpOp *op)
{
    static const struct { Sym tok; AstCmpOp op; } table[] = {
        { TOK_EQEQ, CMPOP_EQ }, { TOK_NE, CMPOP_NE },     { TOK_LT, CMPOP_LT },
        { TOK_LE, CMPOP_LE },   { TOK_GT, CMPOP_GT },     { TOK_GE, CMPOP_GE },
        { TOK_IS, CMPOP_IS },   { TOK_IS_NOT, CMPOP_ISNOT }, { TOK_IN, CMPOP_IN },
        { TOK_NOT_IN, CMPOP_NOTIN },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].tok == tok) {
            *op = table[i].op;
            return true;
        }
    }
    return false;
}

/* comparison_operator: primary_expression (operators primary_expression)+ */
static AstExpr *lower_compare(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_COMPARE, lw_loc(n));
    NodeVec ops = lw_field_kids(L, n, FLD_operators);
    for (int i = 0; i < ops.len; i++) {
        AstCmpOp op;
        if (!cmpop_of(lw_sym(L, ops.data[i]), &op)) {
            lw_error(L, ops.data[i], "invalid syntax");
            op = CMPOP_NE;
        }
        vec_push(L->arena, &e->u.compare.ops, op);
    }
    NodeVec operands = lw_kids(L, n, true);
    e->u.compare.left = lower_expr(L, operands.data[0]);
    for (int i = 1; i < operands.len; i++) {
        vec_push(L->arena, &e->u.compare.comparators, lower_expr(L, operands.data[i]));
    }
    return e;
}

/* ---- other compound expressions ---- */

/* named_expression: name ':=' value */
static AstExpr *lower_named(Lower *L, TSNode n)
{
    if (ts_node_eq(n, L->spec_walrus)) {   /* f"{x:=10}": x, the spec is "=10" */
        return lower_expr(L, lw_field(L, n, FLD_name));
    }
    AstExpr *e = lw_new_expr(L, EXPR_NAMEDEXPR, lw_loc(n));
    e->u.namedexpr.target = lower_target(L, lw_field(L, n, FLD_name), CTX_STORE);
    e->u.namedexpr.value = lower_expr(L, lw_field(L, n, FLD_value));
    return e;
}

/* conditional_expression: expression 'if' expression 'else' expression */
static AstExpr *lower_ifexp(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    if (k.len != 3) {
        return lw_bad_expr(L, n);
    }
    AstExpr *e = lw_new_expr(L, EXPR_IFEXP, lw_loc(n));
    e->u.ifexp.body = lower_expr(L, k.data[0]);
    e->u.ifexp.test = lower_expr(L, k.data[1]);
    e->u.ifexp.orelse = lower_expr(L, k.data[2]);
    return e;
}

/* lambda: 'lambda' [lambda_parameters] ':' body */
static AstExpr *lower_lambda(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_LAMBDA, lw_loc(n));
    e->u.lambda.args = lower_params(L, lw_field(L, n, FLD_parameters));
    e->u.lambda.body = lower_expr(L, lw_field(L, n, FLD_body));
    return e;
}

/* await: 'await' primary_expression */
static AstExpr *lower_await(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_AWAIT, lw_loc(n));
    e->u.await_.value = lower_expr(L, ts_node_named_child(n, 0));
    return e;
}

/* yield: 'yield' ['from' expression | expression | expression_list] */
static AstExpr *lower_yield(Lower *L, TSNode n)
{
    bool from = lw_has_token(L, n, TOK_FROM);
    AstExpr *e = lw_new_expr(L, from ? EXPR_YIELDFROM : EXPR_YIELD, lw_loc(n));
    NodeVec k = lw_kids(L, n, true);
    if (k.len > 0) {
        e->u.yield.value = lower_expr(L, k.data[0]);
    }
    return e;
}

/* parenthesized_expression: '(' (expression | yield | list_splat | ...) ')'
 * Transparent: the inner expression keeps its own location. */
static AstExpr *lower_paren(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    if (k.len != 1) {
        return lw_bad_expr(L, n);
    }
    return lower_expr(L, k.data[0]);
}

/* attribute: object '.' attribute */
static AstExpr *lower_attribute(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_ATTRIBUTE, lw_loc(n));
    e->u.attribute.value = lower_expr(L, lw_field(L, n, FLD_object));
    e->u.attribute.attr = lw_name(L, lw_field(L, n, FLD_attribute));
    return hoist_star(L, e, &e->u.attribute.value);
}

/* slice: [expression] ':' [expression] [':' [expression]] */
static AstExpr *lower_slice(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_SLICE, lw_loc(n));
    NodeVec k = lw_kids(L, n, false);
    int colons = 0;
    for (int i = 0; i < k.len; i++) {
        TSNode c = k.data[i];
        if (!ts_node_is_named(c)) {
            colons += lw_sym(L, c) == TOK_COLON;
            continue;
        }
        AstExpr *x = lower_expr(L, c);
        if (colons == 0) {
            e->u.slice.lower = x;
        } else if (colons == 1) {
            e->u.slice.upper = x;
        } else {
            e->u.slice.step = x;
        }
    }
    return e;
}

/* subscript: value '[' commaSep1(expression | slice) [','] ']' */
static AstExpr *lower_subscript(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_SUBSCRIPT, lw_loc(n));
    e->u.subscript.value = lower_expr(L, lw_field(L, n, FLD_value));
    NodeVec idx = lw_field_kids(L, n, FLD_subscript);
    if (idx.len == 0) {
        return lw_bad_expr(L, n);
    }
    AstExpr *t = lw_new_expr(L, EXPR_TUPLE, lw_loc_span(idx.data[0], idx.data[idx.len - 1]));
    for (int i = 0; i < idx.len; i++) {
        vec_push(L->arena, &t->u.seq.elts, lower_expr(L, idx.data[i]));
    }
    bool single = idx.len == 1 && !lw_has_token(L, n, TOK_COMMA);
    /* a[x] indexes by x, but a[*x] by the tuple (*x,) */
    e->u.subscript.index = single && t->u.seq.elts.data[0]->kind != EXPR_STARRED
                               ? t->u.seq.elts.data[0] : t;
    return hoist_star(L, e, &e->u.subscript.value);
}

/* One argument: expression | list_splat | dictionary_splat | keyword_argument */
static void lower_argument(Lower *L, TSNode a, AstExpr *call)
{
    Sym s = lw_sym(L, a);
    if (s == SYM_keyword_argument || s == SYM_dictionary_splat) {
        AstKeyword kw = { .loc = lw_loc(a) };
        if (s == SYM_keyword_argument) {
            kw.name = lw_name(L, lw_field(L, a, FLD_name));
            lw_check_debug_name(L, kw.name, kw.loc);
            kw.value = lower_expr(L, lw_field(L, a, FLD_value));
            for (int i = 0; kw.name && i < call->u.call.keywords.len; i++) {
                if (call->u.call.keywords.data[i].name == kw.name) {   /* interned; a compile-time error */
                    lw_error(L, a, "keyword argument repeated: %s", kw.name);
                    break;
                }
            }
        } else {
            kw.value = lower_expr(L, ts_node_named_child(a, 0));
        }
        vec_push(L->arena, &call->u.call.keywords, kw);
        return;
    }
    vec_push(L->arena, &call->u.call.args, lower_expr(L, a));
}

/* CPython's parser: a positional argument (or *x) after a keyword argument or **m. */
static void check_argument_order(Lower *L, NodeVec *k)
{
    bool kw = false, kwsplat = false;
    for (int i = 0; i < k->len; i++) {
        Sym s = lw_sym(L, k->data[i]);
        if (s == SYM_keyword_argument) {
            kw = true;
        } else if (s == SYM_dictionary_splat) {
            kwsplat = true;
        } else if (s == SYM_list_splat && kwsplat) {
            lw_error(L, k->data[i], "iterable argument unpacking follows keyword argument unpacking");
            return;
        } else if (s != SYM_list_splat && s != SYM_comment && (kw || kwsplat)) {
            lw_error(L, k->data[i], kwsplat ? "positional argument follows keyword argument unpacking"
                                            : "positional argument follows keyword argument");
            return;
        }
    }
}

/* f(x for x in a, b): tree-sitter reads the comma into the last for clause's iterable;
 * CPython sees a genexp followed by more arguments. */
static bool genexp_then_more(Lower *L, TSNode g)
{
    NodeVec kids = lw_kids(L, g, true);
    for (int i = 0; i < kids.len; i++) {
        if (lw_sym(L, kids.data[i]) == SYM_for_in_clause) {
            NodeVec rights = lw_field_kids(L, kids.data[i], FLD_right);
            if (rights.len > 1) {
                return true;
            }
        }
    }
    return false;
}

/* A node below n that makes a scope or binds in one (a lambda, a comprehension, a
 * genexp, :=, yield, await): lowered twice, it would be two. */
static bool has_scoped(Lower *L, TSNode n)
{
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
        TSNode c = ts_node_named_child(n, i);
        Sym s = lw_sym(L, c);
        if (s == SYM_lambda || s == SYM_list_comprehension || s == SYM_set_comprehension ||
            s == SYM_dictionary_comprehension || s == SYM_generator_expression || s == SYM_named_expression ||
            s == SYM_yield || s == SYM_await || has_scoped(L, c)) {
            return true;
        }
    }
    return false;
}

/* Counter(genexp), collections.Counter(genexp) and x.update(genexp), the genexp the
 * sole argument: it is lowered again, the generator the call falls back to when its
 * loop (sema/genexp.c) cannot count (the name holds something else, x is no Counter).
 * Not in a loop body's second copy (the growth stays linear), nor when lowering it
 * reported anything. */
static void lower_twin(Lower *L, AstExpr *e, TSNode g, int diags)
{
    AstExpr *fn = e->u.call.func;
    const char *id = fn->kind == EXPR_NAME ? fn->u.name.id : fn->kind == EXPR_ATTRIBUTE ? fn->u.attribute.attr : NULL;
    AstExpr *arg = e->u.call.args.len == 1 ? e->u.call.args.data[0] : NULL;
    bool update = fn->kind == EXPR_ATTRIBUTE && strcmp(id, "update") == 0;
    if (!id || (strcmp(id, "Counter") != 0 && !update) || !arg || arg->kind != EXPR_GENEXP || e->u.call.keywords.len ||
        L->in_spec || diags != L->ctx->diags.list.len || has_scoped(L, g)) {
        return;
    }
    arg->u.comp.twin = lower_comp(L, g, EXPR_GENEXP);
}

/* call: function (argument_list | generator_expression)
 * argument_list: '(' commaSep(argument) [','] ')' */
static AstExpr *lower_call(Lower *L, TSNode n)
{
    AstExpr *e = lw_new_expr(L, EXPR_CALL, lw_loc(n));
    e->u.call.func = lower_expr(L, lw_field(L, n, FLD_function));
    TSNode args = lw_field(L, n, FLD_arguments);
    if (lw_sym(L, args) == SYM_generator_expression && genexp_then_more(L, args)) {
        lw_error(L, args, "Generator expression must be parenthesized");
        return e;
    }
    int diags = L->ctx->diags.list.len;
    if (lw_sym(L, args) == SYM_generator_expression) {
        vec_push(L->arena, &e->u.call.args, lower_expr(L, args));
        lower_twin(L, e, args, diags);
        return hoist_star(L, e, &e->u.call.func);
    }
    NodeVec k = lw_kids(L, args, true);
    check_argument_order(L, &k);
    for (int i = 0; i < k.len; i++) {
        lower_argument(L, k.data[i], e);
    }
    if (k.len == 1 && lw_sym(L, k.data[0]) == SYM_generator_expression) {
        lower_twin(L, e, k.data[0], diags);
    }
    return hoist_star(L, e, &e->u.call.func);
}

/* Used by class definitions: superclasses is an argument_list. */
void lower_arguments_into(Lower *L, TSNode args, AstExprVec *pos, AstKeywordVec *kws)
{
    AstExpr tmp = { 0 };
    NodeVec k = lw_kids(L, args, true);
    check_argument_order(L, &k);
    for (int i = 0; i < k.len; i++) {
        lower_argument(L, k.data[i], &tmp);
    }
    *pos = tmp.u.call.args;
    *kws = tmp.u.call.keywords;
}

/* ---- annotations ----
 * type: expression | generic_type | union_type | member_type | splat_type |
 *       constrained_type */
static AstExpr *lower_type_inner(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    switch (lw_sym(L, n)) {
    case SYM_type:
        return k.len == 1 ? lower_type_inner(L, k.data[0]) : lw_bad_expr(L, n);
    case SYM_generic_type: {
        /* generic_type: identifier type_parameter;  type_parameter: '[' type, ... ']' */
        AstExpr *e = lw_new_expr(L, EXPR_SUBSCRIPT, lw_loc(n));
        e->u.subscript.value = lower_expr(L, k.data[0]);
        NodeVec params = lw_kids(L, k.data[k.len - 1], true);
        if (params.len == 1 && lw_sym(L, lw_kids(L, params.data[0], true).data[0]) != SYM_splat_type) {
            e->u.subscript.index = lower_type_inner(L, params.data[0]);
            return e;
        }
        AstExpr *t = lw_new_expr(L, EXPR_TUPLE, lw_loc(k.data[k.len - 1]));
        for (int i = 0; i < params.len; i++) {
            vec_push(L->arena, &t->u.seq.elts, lower_type_inner(L, params.data[i]));
        }
        e->u.subscript.index = t;
        return e;
    }
    case SYM_union_type: {
        AstExpr *e = lower_type_inner(L, k.data[0]);
        for (int i = 1; i < k.len; i++) {
            Loc loc = lw_loc_span(k.data[0], k.data[i]);
            e = make_binop(L, loc, BINOP_BITOR, e, lower_type_inner(L, k.data[i]));
        }
        return e;
    }
    case SYM_member_type: {
        AstExpr *e = lw_new_expr(L, EXPR_ATTRIBUTE, lw_loc(n));
        e->u.attribute.value = lower_type_inner(L, k.data[0]);
        e->u.attribute.attr = lw_name(L, k.data[k.len - 1]);
        return e;
    }
    case SYM_splat_type:
        return make_starred(L, lw_loc(n), lower_expr(L, k.data[0]));
    case SYM_constrained_type:
        return lower_type_inner(L, k.data[0]);
    default:
        return lower_expr(L, n);
    }
}

AstExpr *lower_type(Lower *L, TSNode n)
{
    if (ts_node_is_null(n)) {
        return NULL;
    }
    return lower_type_inner(L, n);
}

/* ---- dispatch ---- */

static AstExpr *lower_atom(Lower *L, TSNode n, Sym s)
{
    switch (s) {
    case SYM_identifier:
    case SYM_keyword_identifier: {
        const char *id = lw_name(L, n);
        if (id == L->kw_async || id == L->kw_await) {
            lw_error(L, n, "invalid syntax");
        }
        return make_name(L, id, lw_loc(n), CTX_LOAD);
    }
    case SYM_true:
        return make_const(L, n, CONST_TRUE);
    case SYM_false:
        return make_const(L, n, CONST_FALSE);
    case SYM_none:
        return make_const(L, n, CONST_NONE);
    case SYM_ellipsis:
        return make_const(L, n, CONST_ELLIPSIS);
    case SYM_integer:
    case SYM_float:
        return lower_number(L, n);
    case SYM_string:
    case SYM_concatenated_string:
        return lower_string(L, n);
    default:
        return NULL;
    }
}

static AstExpr *lower_display(Lower *L, TSNode n, Sym s)
{
    switch (s) {
    case SYM_tuple_pattern:
        if (ts_node_named_child_count(n) == 1 && !lw_has_token(L, n, TOK_COMMA)) {
            return lower_expr(L, lw_kids(L, n, true).data[0]);   /* (x): int */
        }
        return lower_seq(L, n, EXPR_TUPLE, true);
    case SYM_tuple:
        return lower_seq(L, n, EXPR_TUPLE, true);
    case SYM_expression_list:
    case SYM_pattern_list:
        return lower_seq(L, n, EXPR_TUPLE, false);
    case SYM_list:
    case SYM_list_pattern:
        return lower_seq(L, n, EXPR_LIST, false);
    case SYM_set:
        return lower_set(L, n);
    case SYM_dictionary:
        return lower_dict(L, n);
    case SYM_list_comprehension:
        return lower_comp(L, n, EXPR_LISTCOMP);
    case SYM_set_comprehension:
        return lower_comp(L, n, EXPR_SETCOMP);
    case SYM_dictionary_comprehension:
        return lower_comp(L, n, EXPR_DICTCOMP);
    case SYM_generator_expression:
        return lower_comp(L, n, EXPR_GENEXP);
    default:
        return NULL;
    }
}

static AstExpr *lower_compound(Lower *L, TSNode n, Sym s)
{
    switch (s) {
    case SYM_binary_operator:
        return lower_binary(L, n);
    case SYM_unary_operator:
    case SYM_not_operator:
        return lower_unary(L, n);
    case SYM_boolean_operator:
        return lower_bool(L, n);
    case SYM_comparison_operator:
        return lower_compare(L, n);
    case SYM_named_expression:
        return lower_named(L, n);
    case SYM_conditional_expression:
        return lower_ifexp(L, n);
    case SYM_lambda:
        return lower_lambda(L, n);
    case SYM_await:
        return lower_await(L, n);
    case SYM_yield:
        return lower_yield(L, n);
    case SYM_parenthesized_expression:
        return lower_paren(L, n);
    case SYM_attribute:
        return lower_attribute(L, n);
    case SYM_subscript:
        return lower_subscript(L, n);
    case SYM_slice:
        return lower_slice(L, n);
    case SYM_call:
        return lower_call(L, n);
    case SYM_list_splat:
    case SYM_list_splat_pattern:
    case SYM_parenthesized_list_splat:
        return lower_splat(L, n);
    case SYM_type:
        return lower_type(L, n);
    default:
        return NULL;
    }
}

AstExpr *lower_expr(Lower *L, TSNode n)
{
    if (ts_node_is_null(n) || ts_node_is_error(n) || ts_node_is_missing(n)) {
        return lw_bad_expr(L, n);
    }
    Sym s = lw_sym(L, n);
    AstExpr *e = lower_atom(L, n, s);
    if (!e) {
        e = lower_display(L, n, s);
    }
    if (!e) {
        e = lower_compound(L, n, s);
    }
    return e ? e : lw_bad_expr(L, n);
}
