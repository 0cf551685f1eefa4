/* lower_match.c - match statement cases and patterns -> AstMatchCase/AstPattern.
 * Each static function is headed by the grammar rule it reads. */
#include "lower.h"

static AstPattern *new_pattern(Lower *L, AstPatternKind k, TSNode n)
{
    AstPattern *p = ARENA_NEW(L->arena, AstPattern);
    p->kind = k;
    p->loc = lw_loc(n);
    return p;
}

/* '_': the wildcard, an AS pattern with neither pattern nor name. */
static AstPattern *wildcard(Lower *L, TSNode n)
{
    return new_pattern(L, PATTERN_AS, n);
}

static AstPattern *value_pattern(Lower *L, TSNode n, AstExpr *value)
{
    AstPattern *p = new_pattern(L, PATTERN_VALUE, n);
    p->u.value = value;
    return p;
}

static AstPattern *singleton(Lower *L, TSNode n, AstConstKind k)
{
    AstPattern *p = new_pattern(L, PATTERN_SINGLETON, n);
    p->u.singleton = k;
    return p;
}

/* -number, where the grammar leaves '-' as a token beside the number */
static AstPattern *negative(Lower *L, TSNode minus, TSNode num)
{
    AstExpr *u = lw_new_expr(L, EXPR_UNARYOP, lw_loc_span(minus, num));
    u->u.unaryop.op = UNARY_NEG;
    u->u.unaryop.operand = lower_expr(L, num);
    AstPattern *p = value_pattern(L, num, u);
    p->loc = u->loc;
    return p;
}

/* dotted_name: identifier ('.' identifier)* as a Name/Attribute chain */
static AstExpr *dotted_expr(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    AstExpr *e = make_name(L, lw_name(L, k.data[0]), lw_loc(k.data[0]), CTX_LOAD);
    for (int i = 1; i < k.len; i++) {
        AstExpr *a = lw_new_expr(L, EXPR_ATTRIBUTE, lw_loc_span(k.data[0], k.data[i]));
        a->u.attribute.value = e;
        a->u.attribute.attr = lw_name(L, k.data[i]);
        e = a;
    }
    return e;
}

/* complex_pattern: ['-'] number [('+' | '-') number] */
static AstExpr *complex_expr(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, false);
    AstExpr *e = NULL;
    bool neg = false;
    Sym op = SYM_UNKNOWN;
    for (int i = 0; i < k.len; i++) {
        TSNode c = k.data[i];
        if (!ts_node_is_named(c)) {
            Sym s = lw_sym(L, c);
            if (e) {
                op = s;
            } else {
                neg = s == TOK_MINUS;
            }
            continue;
        }
        AstExpr *num = lower_expr(L, c);
        if (neg && !e) {
            AstExpr *u = lw_new_expr(L, EXPR_UNARYOP, lw_loc_span(k.data[0], c));
            u->u.unaryop.op = UNARY_NEG;
            u->u.unaryop.operand = num;
            num = u;
        }
        if (!e) {
            e = num;
            continue;
        }
        AstExpr *b = lw_new_expr(L, EXPR_BINOP, lw_loc(n));
        b->u.binop.op = op == TOK_MINUS ? BINOP_SUB : BINOP_ADD;
        b->u.binop.left = e;
        b->u.binop.right = num;
        e = b;
    }
    return e ? e : lw_bad_expr(L, n);
}

static AstPattern *seq_pattern(Lower *L, TSNode n, AstPatternKind k)
{
    AstPattern *p = new_pattern(L, k, n);
    NodeVec kids = lw_kids(L, n, true);
    for (int i = 0; i < kids.len; i++) {
        vec_push(L->arena, &p->u.patterns, lower_pattern(L, kids.data[i]));
    }
    return p;
}

/* tuple_pattern: '(' pattern ')' is a group, '(' [pattern (',' pattern)* [',']] ')'
 * a sequence */
static AstPattern *group_or_sequence(Lower *L, TSNode n)
{
    NodeVec kids = lw_kids(L, n, true);
    if (kids.len == 1 && !lw_has_token(L, n, TOK_COMMA)) {
        return lower_pattern(L, kids.data[0]);
    }
    return seq_pattern(L, n, PATTERN_SEQUENCE);
}

/* splat_pattern: ('*' | '**') (identifier | '_') */
static const char *splat_name(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    return k.len ? lw_name(L, k.data[0]) : NULL;
}

/* dict_pattern: '{' commaSep(key ':' value | splat_pattern) '}'
 * A key may be preceded by a '-' token of its own (negative numbers). */
static AstPattern *mapping_pattern(Lower *L, TSNode n)
{
    AstPattern *p = new_pattern(L, PATTERN_MAPPING, n);
    NodeVec k = lw_kids(L, n, false);
    bool neg = false;
    for (int i = 0; i < k.len; i++) {
        TSNode c = k.data[i];
        Sym s = lw_sym(L, c);
        if (s == TOK_MINUS) {
            neg = true;
        } else if (s == SYM_splat_pattern) {
            p->u.mapping.rest = splat_name(L, c);
        } else if (s == SYM_case_pattern) {
            vec_push(L->arena, &p->u.mapping.patterns, lower_pattern(L, c));
        } else if (ts_node_is_named(c)) {
            AstExpr *key = s == SYM_dotted_name ? dotted_expr(L, c)
                         : s == SYM_complex_pattern ? complex_expr(L, c) : lower_expr(L, c);
            if (neg) {
                AstExpr *u = lw_new_expr(L, EXPR_UNARYOP, lw_loc(c));
                u->u.unaryop.op = UNARY_NEG;
                u->u.unaryop.operand = key;
                key = u;
                neg = false;
            }
            vec_push(L->arena, &p->u.mapping.keys, key);
        }
    }
    return p;
}

/* keyword_pattern: identifier '=' pattern ('_' is a token here) */
static void keyword_pattern(Lower *L, TSNode n, AstPattern *cls)
{
    NodeVec k = lw_kids(L, n, false);
    vec_push(L->arena, &cls->u.cls.kwd_attrs, lw_name(L, k.data[0]));
    TSNode v = k.data[k.len - 1];
    AstPattern *p = ts_node_is_named(v) ? lower_pattern(L, v) : wildcard(L, v);
    if (k.len >= 2 && lw_sym(L, k.data[k.len - 2]) == TOK_MINUS) {
        p = negative(L, k.data[k.len - 2], v);   /* x=-1 */
    }
    vec_push(L->arena, &cls->u.cls.kwd_patterns, p);
}

/* class_pattern: dotted_name '(' commaSep(case_pattern) [','] ')' */
static AstPattern *class_pattern(Lower *L, TSNode n)
{
    AstPattern *p = new_pattern(L, PATTERN_CLASS, n);
    NodeVec k = lw_kids(L, n, true);
    p->u.cls.cls = dotted_expr(L, k.data[0]);
    for (int i = 1; i < k.len; i++) {
        NodeVec inner = lw_kids(L, k.data[i], true);
        if (inner.len == 1 && lw_sym(L, inner.data[0]) == SYM_keyword_pattern) {
            keyword_pattern(L, inner.data[0], p);
        } else {
            vec_push(L->arena, &p->u.cls.patterns, lower_pattern(L, k.data[i]));
        }
    }
    return p;
}

/* as_pattern: case_pattern 'as' identifier */
static AstPattern *as_pattern(Lower *L, TSNode n)
{
    AstPattern *p = new_pattern(L, PATTERN_AS, n);
    NodeVec k = lw_kids(L, n, true);
    p->u.as.pattern = lower_pattern(L, k.data[0]);
    TSNode name = k.data[k.len - 1];
    if (lw_sym(L, name) == SYM_as_pattern_target) {
        name = ts_node_named_child(name, 0);
    }
    p->u.as.name = lw_name(L, name);
    return p;
}

/* union_pattern: pattern ('|' pattern)+ -- flattened into one OR */
static void collect_or(Lower *L, TSNode n, AstPattern *out)
{
    NodeVec k = lw_kids(L, n, false);
    for (int i = 0; i < k.len; i++) {
        TSNode c = k.data[i];
        Sym s = lw_sym(L, c);
        if (s == TOK_MINUS && i + 1 < k.len) {
            vec_push(L->arena, &out->u.patterns, negative(L, c, k.data[i + 1]));
            i++;
        } else if (s == SYM_union_pattern) {
            collect_or(L, c, out);
        } else if (ts_node_is_named(c)) {
            vec_push(L->arena, &out->u.patterns, lower_pattern(L, c));
        }
    }
}

/* dotted_name as a pattern: a single name captures, a dotted one is a value. */
static AstPattern *name_pattern(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    if (k.len == 1) {
        AstPattern *p = new_pattern(L, PATTERN_AS, n);
        p->u.as.name = lw_name(L, k.data[0]);
        return p;
    }
    return value_pattern(L, n, dotted_expr(L, n));
}

/* case_pattern: one of the pattern forms, or the '_' token */
AstPattern *lower_pattern(Lower *L, TSNode n)
{
    switch (lw_sym(L, n)) {
    case SYM_case_pattern: {
        if (lw_has_token(L, n, TOK_MINUS)) {
            return value_pattern(L, n, complex_expr(L, n));   /* case -1: */
        }
        NodeVec k = lw_kids(L, n, true);
        return k.len ? lower_pattern(L, k.data[0]) : wildcard(L, n);
    }
    case SYM_as_pattern:
        return as_pattern(L, n);
    case SYM_union_pattern: {
        AstPattern *p = new_pattern(L, PATTERN_OR, n);
        collect_or(L, n, p);
        return p;
    }
    case SYM_tuple_pattern:
        return group_or_sequence(L, n);
    case SYM_list_pattern:
        return seq_pattern(L, n, PATTERN_SEQUENCE);
    case SYM_dict_pattern:
        return mapping_pattern(L, n);
    case SYM_class_pattern:
        return class_pattern(L, n);
    case SYM_splat_pattern: {
        AstPattern *p = new_pattern(L, PATTERN_STAR, n);
        p->u.star_name = splat_name(L, n);
        return p;
    }
    case SYM_dotted_name:
        return name_pattern(L, n);
    case SYM_none:
        return singleton(L, n, CONST_NONE);
    case SYM_true:
        return singleton(L, n, CONST_TRUE);
    case SYM_false:
        return singleton(L, n, CONST_FALSE);
    case SYM_complex_pattern:
        return value_pattern(L, n, complex_expr(L, n));
    case TOK_UNDERSCORE:
        return wildcard(L, n);
    default:
        return value_pattern(L, n, lower_expr(L, n));
    }
}

/* case_clause: 'case' commaSep1(case_pattern) [','] [guard] ':' consequence */
void lower_case(Lower *L, TSNode clause, AstMatchCase *out)
{
    NodeVec pats = { 0 };
    NodeVec k = lw_kids(L, clause, true);
    for (int i = 0; i < k.len; i++) {
        if (lw_sym(L, k.data[i]) == SYM_case_pattern) {
            vec_push(L->arena, &pats, k.data[i]);
        }
    }
    if (pats.len == 1 && !lw_has_token(L, clause, TOK_COMMA)) {
        out->pattern = lower_pattern(L, pats.data[0]);
    } else if (pats.len > 0) {
        AstPattern *p = ARENA_NEW(L->arena, AstPattern);
        p->kind = PATTERN_SEQUENCE;
        p->loc = lw_loc_span(pats.data[0], pats.data[pats.len - 1]);
        for (int i = 0; i < pats.len; i++) {
            vec_push(L->arena, &p->u.patterns, lower_pattern(L, pats.data[i]));
        }
        out->pattern = p;
    }
    TSNode guard = lw_field(L, clause, FLD_guard);
    if (!ts_node_is_null(guard)) {
        out->guard = lower_expr(L, ts_node_named_child(guard, 0));
    }
    lower_block(L, lw_field(L, clause, FLD_consequence), &out->body);
}
