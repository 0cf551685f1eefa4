/* lower_stmt.c - statements: tree-sitter-python statement nodes -> AstStmt.
 * One static function per statement kind, headed by the grammar rule it reads. */
#include <string.h>
#include "lower.h"

static void push(Lower *L, AstStmtVec *out, AstStmt *s)
{
    vec_push(L->arena, out, s);
}

/* The first named child of n that is not `skip` (for rules mixing a field
 * and an unnamed child, such as raise_statement). */
static TSNode first_kid_except(Lower *L, TSNode n, TSNode skip)
{
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        if (ts_node_is_null(skip) || !ts_node_eq(k.data[i], skip)) {
            return k.data[i];
        }
    }
    TSNode none = { 0 };
    return none;
}

/* block: repeat(_statement) */
void lower_block(Lower *L, TSNode block, AstStmtVec *out)
{
    if (ts_node_is_null(block)) {
        return;
    }
    NodeVec k = lw_kids(L, block, true);
    for (int i = 0; i < k.len; i++) {
        lower_stmt(L, k.data[i], out);
    }
}

/* ---- simple statements ---- */

/* assignment: left ':' type ['=' right]   (annotated) */
static AstStmt *lower_annassign(Lower *L, TSNode n, TSNode loc_node)
{
    AstStmt *s = lw_new_stmt(L, STMT_ANNASSIGN, lw_loc(loc_node));
    TSNode left = lw_field(L, n, FLD_left);
    TSNode right = lw_field(L, n, FLD_right);
    s->u.annassign.target = lower_target(L, left, CTX_STORE);
    s->u.annassign.annotation = lower_type(L, lw_field(L, n, FLD_type));
    if (!ts_node_is_null(right)) {
        s->u.annassign.value = lower_expr(L, right);
    }
    s->u.annassign.simple = lw_sym(L, left) == SYM_identifier;
    return s;
}

/* assignment: left '=' right, right may itself be an assignment (a = b = 1) */
static AstStmt *lower_assign(Lower *L, TSNode n, TSNode loc_node)
{
    if (!ts_node_is_null(lw_field(L, n, FLD_type))) {
        return lower_annassign(L, n, loc_node);
    }
    AstStmt *s = lw_new_stmt(L, STMT_ASSIGN, lw_loc(loc_node));
    TSNode cur = n;
    while (lw_sym(L, cur) == SYM_assignment) {
        if (!ts_node_is_null(lw_field(L, cur, FLD_type))) {
            lw_error(L, cur, "invalid syntax");
            break;
        }
        AstExpr *t = lower_target(L, lw_field(L, cur, FLD_left), CTX_STORE);
        vec_push(L->arena, &s->u.assign.targets, t);
        cur = lw_field(L, cur, FLD_right);
    }
    if (lw_sym(L, cur) == SYM_augmented_assignment) {
        lw_error(L, cur, "invalid syntax");
    }
    s->u.assign.value = lower_expr(L, cur);
    return s;
}

/* augmented_assignment: left ('+=' | '-=' | ...) right */
static AstStmt *lower_augassign(Lower *L, TSNode n, TSNode loc_node)
{
    AstStmt *s = lw_new_stmt(L, STMT_AUGASSIGN, lw_loc(loc_node));
    s->u.augassign.target = lower_target(L, lw_field(L, n, FLD_left), CTX_STORE);
    AstExprKind tk = s->u.augassign.target->kind;
    if (tk == EXPR_TUPLE || tk == EXPR_LIST) {
        lw_error(L, lw_field(L, n, FLD_left), "'%s' is an illegal expression for augmented assignment",
                 tk == EXPR_TUPLE ? "tuple" : "list");
    }
    if (!binop_for_token(lw_sym(L, lw_field(L, n, FLD_operator)), &s->u.augassign.op)) {
        lw_error(L, n, "invalid syntax");
    }
    TSNode right = lw_field(L, n, FLD_right);
    if (lw_sym(L, right) == SYM_assignment || lw_sym(L, right) == SYM_augmented_assignment) {
        lw_error(L, right, "invalid syntax");
    }
    s->u.augassign.value = lower_expr(L, right);
    return s;
}

/* expression_statement: expression | expression (',' expression)* [','] |
 *                       assignment | augmented_assignment | yield */
static AstStmt *lower_expr_stmt(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    if (k.len == 1 && lw_sym(L, k.data[0]) == SYM_assignment) {
        return lower_assign(L, k.data[0], n);
    }
    if (k.len == 1 && lw_sym(L, k.data[0]) == SYM_augmented_assignment) {
        return lower_augassign(L, k.data[0], n);
    }
    AstStmt *s = lw_new_stmt(L, STMT_EXPR, lw_loc(n));
    if (k.len == 1 && !lw_has_token(L, n, TOK_COMMA)) {
        s->u.expr.value = lower_expr(L, k.data[0]);
        return s;
    }
    AstExpr *t = lw_new_expr(L, EXPR_TUPLE, lw_loc(n));
    for (int i = 0; i < k.len; i++) {
        vec_push(L->arena, &t->u.seq.elts, lower_expr(L, k.data[i]));
    }
    s->u.expr.value = t;
    return s;
}

/* return_statement: 'return' [expression | expression_list] */
static AstStmt *lower_return(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_RETURN, lw_loc(n));
    TSNode v = first_kid_except(L, n, (TSNode){ 0 });
    if (!ts_node_is_null(v)) {
        s->u.ret.value = lower_expr(L, v);
    }
    return s;
}

/* delete_statement: 'del' (expression | expression_list) */
static AstStmt *lower_delete(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_DELETE, lw_loc(n));
    TSNode v = first_kid_except(L, n, (TSNode){ 0 });
    if (lw_sym(L, v) == SYM_expression_list) {
        NodeVec k = lw_kids(L, v, true);
        for (int i = 0; i < k.len; i++) {
            vec_push(L->arena, &s->u.delete_.targets, lower_target(L, k.data[i], CTX_DEL));
        }
    } else {
        vec_push(L->arena, &s->u.delete_.targets, lower_target(L, v, CTX_DEL));
    }
    return s;
}

/* raise_statement: 'raise' [expression | expression_list] ['from' cause] */
static AstStmt *lower_raise(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_RAISE, lw_loc(n));
    TSNode cause = lw_field(L, n, FLD_cause);
    TSNode exc = first_kid_except(L, n, cause);
    if (!ts_node_is_null(exc)) {
        s->u.raise.exc = lower_expr(L, exc);
    }
    if (!ts_node_is_null(cause)) {
        s->u.raise.cause = lower_expr(L, cause);
    }
    return s;
}

/* global_statement: 'global' commaSep1(identifier);  nonlocal_statement alike */
static AstStmt *lower_global(Lower *L, TSNode n, AstStmtKind kind)
{
    AstStmt *s = lw_new_stmt(L, kind, lw_loc(n));
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        vec_push(L->arena, &s->u.global.names, lw_name(L, k.data[i]));
    }
    return s;
}

/* assert_statement: 'assert' expression [',' expression] */
static AstStmt *lower_assert(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_ASSERT, lw_loc(n));
    NodeVec k = lw_kids(L, n, true);
    s->u.assert_.test = lower_expr(L, k.len > 0 ? k.data[0] : (TSNode){ 0 });
    if (k.len > 1) {
        s->u.assert_.msg = lower_expr(L, k.data[1]);
    }
    return s;
}

/* dotted_name: identifier ('.' identifier)*  -- interned as written, without spaces */
static const char *dotted(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    if (k.len == 1) {
        return lw_name(L, k.data[0]);
    }
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < k.len; i++) {
        size_t len;
        const char *t = lw_text(L, k.data[i], &len);
        if (i > 0) {
            sb_putn(&sb, ".", 1);
        }
        sb_putn(&sb, t, len);
    }
    const char *r = intern(L->ctx->names, sb.data, sb.len);
    sb_free(&sb);
    return r;
}

/* dotted_name | aliased_import: dotted_name 'as' identifier */
static AstAlias lower_alias(Lower *L, TSNode n)
{
    AstAlias a = { .loc = lw_loc(n) };
    if (lw_sym(L, n) == SYM_aliased_import) {
        a.name = dotted(L, lw_field(L, n, FLD_name));
        a.asname = lw_name(L, lw_field(L, n, FLD_alias));
    } else {
        a.name = dotted(L, n);
    }
    return a;
}

static void lower_aliases(Lower *L, TSNode n, AstAliasVec *out)
{
    NodeVec names = lw_field_kids(L, n, FLD_name);
    for (int i = 0; i < names.len; i++) {
        vec_push(L->arena, out, lower_alias(L, names.data[i]));
    }
}

/* import_statement: 'import' commaSep1(dotted_name | aliased_import) */
static AstStmt *lower_import(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_IMPORT, lw_loc(n));
    lower_aliases(L, n, &s->u.import.names);
    return s;
}

/* import_from_statement: 'from' (relative_import | dotted_name) 'import'
 *     (wildcard_import | commaSep1(dotted_name | aliased_import) | '(' ... ')')
 * relative_import: import_prefix [dotted_name];  import_prefix: '.'+ */
static AstStmt *lower_import_from(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_IMPORTFROM, lw_loc(n));
    TSNode mod = lw_field(L, n, FLD_module_name);
    if (lw_sym(L, mod) == SYM_relative_import) {
        NodeVec k = lw_kids(L, mod, true);
        for (int i = 0; i < k.len; i++) {
            if (lw_sym(L, k.data[i]) == SYM_import_prefix) {
                s->u.importfrom.level = (int)(ts_node_end_byte(k.data[i]) -
                                              ts_node_start_byte(k.data[i]));
            } else {
                s->u.importfrom.module = dotted(L, k.data[i]);
            }
        }
    } else {
        s->u.importfrom.module = dotted(L, mod);
    }
    lower_aliases(L, n, &s->u.importfrom.names);
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        if (lw_sym(L, k.data[i]) == SYM_wildcard_import) {
            AstAlias star = { .name = intern_cstr(L->ctx->names, "*"), .loc = lw_loc(k.data[i]) };
            vec_push(L->arena, &s->u.importfrom.names, star);
        }
    }
    return s;
}

/* future_import_statement: 'from' '__future__' 'import' commaSep1(...) */
static AstStmt *lower_future(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_IMPORTFROM, lw_loc(n));
    s->u.importfrom.module = intern_cstr(L->ctx->names, "__future__");
    lower_aliases(L, n, &s->u.importfrom.names);
    static const char *const features[] = {"nested_scopes", "generators", "division", "absolute_import",
                                           "with_statement", "print_function", "unicode_literals",
                                           "barry_as_FLUFL", "generator_stop", "annotations"};
    for (int i = 0; i < s->u.importfrom.names.len; i++) {   /* CPython's future.c */
        const char *f = s->u.importfrom.names.data[i].name;
        bool known = false;
        for (size_t k = 0; k < sizeof features / sizeof features[0]; k++) {
            known = known || strcmp(f, features[k]) == 0;
        }
        Loc at = s->u.importfrom.names.data[i].loc;
        if (!known && strcmp(f, "braces") == 0) {
            diag_error(&L->ctx->diags, L->ctx->file, at, "not a chance");
        } else if (!known) {
            diag_error(&L->ctx->diags, L->ctx->file, at, "future feature %s is not defined", f);
        }
    }
    return s;
}

/* The leftmost primary of a misread `type(...)...` target, with the
 * keyword put back as a name: (x) and (x, y) become calls, [x] a subscript. */
static AstExpr *type_spine(Lower *L, TSNode kw, TSNode n)
{
    Loc loc = lw_loc_span(kw, n);
    AstExpr *type = make_name(L, lw_name(L, kw), lw_loc(kw), CTX_LOAD);
    AstExpr *e;
    switch (lw_sym(L, n)) {
    case SYM_attribute:
        e = lower_expr(L, n);
        e->u.attribute.value = type_spine(L, kw, lw_field(L, n, FLD_object));
        break;
    case SYM_subscript:
        e = lower_expr(L, n);
        e->u.subscript.value = type_spine(L, kw, lw_field(L, n, FLD_value));
        break;
    case SYM_call:
        e = lower_expr(L, n);
        e->u.call.func = type_spine(L, kw, lw_field(L, n, FLD_function));
        break;
    case SYM_parenthesized_expression:
    case SYM_tuple: {
        e = lw_new_expr(L, EXPR_CALL, loc);
        e->u.call.func = type;
        AstExpr *inner = lower_expr(L, n);
        if (inner->kind == EXPR_TUPLE && inner->u.seq.parenthesized) {
            e->u.call.args = inner->u.seq.elts;
        } else {
            vec_push(L->arena, &e->u.call.args, inner);
        }
        return e;
    }
    case SYM_list: {
        e = lw_new_expr(L, EXPR_SUBSCRIPT, loc);
        e->u.subscript.value = type;
        AstExpr *list = lower_expr(L, n);
        list->kind = EXPR_TUPLE;
        e->u.subscript.index = list->u.seq.elts.len == 1 ? list->u.seq.elts.data[0] : list;
        return e;
    }
    default:
        lw_error(L, n, "invalid syntax");
        return type;
    }
    e->loc = loc;
    return e;
}

/* tree-sitter reads `type(x).a = b` as a type alias, but Python's soft
 * keyword needs a name after it: this is an assignment to type(x).a. */
static AstStmt *misread_type_alias(Lower *L, TSNode n, TSNode left)
{
    AstStmt *s = lw_new_stmt(L, STMT_ASSIGN, lw_loc(n));
    AstExpr *target = type_spine(L, ts_node_child(n, 0), left);
    set_ctx(target, CTX_STORE);
    vec_push(L->arena, &s->u.assign.targets, target);
    s->u.assign.value = lower_type(L, lw_field(L, n, FLD_right));
    return s;
}

/* type_alias_statement: 'type' left '=' right  (left: name [type_parameter]) */
static AstStmt *lower_type_alias(Lower *L, TSNode n)
{
    TSNode left = lw_field(L, n, FLD_left);
    TSNode inner = ts_node_named_child(left, 0);
    Sym ls = lw_sym(L, inner);
    if (ls != SYM_identifier && ls != SYM_generic_type) {
        return misread_type_alias(L, n, inner);
    }
    AstStmt *s = lw_new_stmt(L, STMT_TYPEALIAS, lw_loc(n));
    AstExpr *name = lower_type(L, lw_field(L, n, FLD_left));
    if (name && name->kind == EXPR_SUBSCRIPT) {
        name = name->u.subscript.value;      /* type X[T] = ...: type params dropped */
    }
    if (name) {
        set_ctx(name, CTX_STORE);
    }
    s->u.typealias.name = name;
    s->u.typealias.value = lower_type(L, lw_field(L, n, FLD_right));
    return s;
}

/* ---- compound statements ---- */

/* else_clause: 'else' ':' body */
static void lower_else(Lower *L, TSNode n, AstStmtVec *out)
{
    if (!ts_node_is_null(n)) {
        lower_block(L, lw_field(L, n, FLD_body), out);
    }
}

/* if_statement: 'if' condition ':' consequence elif_clause* [else_clause]
 * elif_clause: 'elif' condition ':' consequence -- nested as an IF in orelse */
static AstStmt *lower_if(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_IF, lw_loc(n));
    s->u.if_.test = lower_expr(L, lw_field(L, n, FLD_condition));
    lower_block(L, lw_field(L, n, FLD_consequence), &s->u.if_.body);
    AstStmtVec *orelse = &s->u.if_.orelse;
    NodeVec alts = lw_field_kids(L, n, FLD_alternative);
    for (int i = 0; i < alts.len; i++) {
        TSNode a = alts.data[i];
        if (lw_sym(L, a) == SYM_else_clause) {
            lower_else(L, a, orelse);
            continue;
        }
        AstStmt *e = lw_new_stmt(L, STMT_IF, lw_loc_span(a, n));
        e->u.if_.test = lower_expr(L, lw_field(L, a, FLD_condition));
        lower_block(L, lw_field(L, a, FLD_consequence), &e->u.if_.body);
        push(L, orelse, e);
        orelse = &e->u.if_.orelse;
    }
    return s;
}

static bool name_char(unsigned char c)
{
    return c == '_' || c == '.' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The body's source reads an attribute of the loop variable `id` (`id.` after a
 * character that cannot end a longer name). */
static bool reads_attr_of(Lower *L, TSNode body, const char *id)
{
    size_t len, n = strlen(id);
    const char *text = lw_text(L, body, &len), *end = text + len;
    for (const char *p = text; p + n < end; p++) {
        if (p[n] == '.' && memcmp(p, id, n) == 0 &&
            (p == text || !name_char((unsigned char)p[-1]))) {
            return true;
        }
    }
    return false;
}

/* Is id an operand of arithmetic or a comparison in the body's text (an operator
 * character, other than a lone '=', next to it)? */
static bool arith_use_of(Lower *L, TSNode body, const char *id)
{
    size_t len, n = strlen(id);
    const char *text = lw_text(L, body, &len), *end = text + len;
    for (const char *p = text; p + n <= end; p++) {
        if (memcmp(p, id, n) != 0 || (p > text && name_char((unsigned char)p[-1])) ||
            (p + n < end && name_char((unsigned char)p[n]))) {
            continue;
        }
        const char *q = p + n, *r = p;
        while (q < end && *q == ' ') {
            q++;
        }
        while (r > text && r[-1] == ' ') {
            r--;
        }
        bool after = q < end && strchr("+-*/%<>=!&|^", *q) && !(*q == '=' && (q + 1 == end || q[1] != '='));
        bool before = r > text && strchr("+-*/%<>&|^", r[-1]);
        if (after || before) {
            return true;
        }
    }
    return false;
}

/* A target of 2..4 plain names, one of them used in arithmetic in the body: sema may
 * type the copy for tuples of exact ints (sema/speculate.c). */
static bool int_tuple_target(Lower *L, TSNode body, const AstExpr *t)
{
    if ((t->kind != EXPR_TUPLE && t->kind != EXPR_LIST) || t->u.seq.elts.len < 2 || t->u.seq.elts.len > 4) {
        return false;
    }
    bool arith = false;
    for (int i = 0; i < t->u.seq.elts.len; i++) {
        const AstExpr *e = t->u.seq.elts.data[i];
        if (e->kind != EXPR_NAME) {
            return false;
        }
        arith = arith || arith_use_of(L, body, e->u.name.id);
    }
    return arith;
}

/* for_statement: ['async'] 'for' left 'in' right ':' body [else_clause]
 * A body that reads attributes of a plain loop variable, or does arithmetic on the
 * names a tuple target binds, is lowered twice: sema may type the copy for instances
 * of one native class, or for tuples of exact ints, run behind a guard. */
static AstStmt *lower_for(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_FOR, lw_loc(n));
    s->u.for_.target = lower_target(L, lw_field(L, n, FLD_left), CTX_STORE);
    s->u.for_.iter = lower_expr(L, lw_field(L, n, FLD_right));
    int diags = L->ctx->diags.list.len;
    TSNode body = lw_field(L, n, FLD_body);
    lower_block(L, body, &s->u.for_.body);
    AstExpr *t = s->u.for_.target;
    if (!L->in_spec && diags == L->ctx->diags.list.len && ((t->kind == EXPR_NAME && reads_attr_of(L, body, t->u.name.id)) || int_tuple_target(L, body, t))) {
        L->in_spec++;   /* the copy's own loops get no copy: the growth stays linear */
        lower_block(L, body, &s->u.for_.spec);
        L->in_spec--;
    }
    lower_else(L, lw_field(L, n, FLD_alternative), &s->u.for_.orelse);
    s->u.for_.is_async = lw_has_token(L, n, TOK_ASYNC);
    return s;
}

/* while_statement: 'while' condition ':' body [else_clause] */
static AstStmt *lower_while(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_WHILE, lw_loc(n));
    s->u.while_.test = lower_expr(L, lw_field(L, n, FLD_condition));
    lower_block(L, lw_field(L, n, FLD_body), &s->u.while_.body);
    lower_else(L, lw_field(L, n, FLD_alternative), &s->u.while_.orelse);
    return s;
}

/* The block child of a clause that has it unnamed (except_clause, finally_clause). */
static TSNode clause_block(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        if (lw_sym(L, k.data[i]) == SYM_block) {
            return k.data[i];
        }
    }
    TSNode none = { 0 };
    return none;
}

/* except_clause: 'except' ['*'] [value ['as' alias]] ':' block
 * (the grammar gives `E as e` as one as_pattern value) */
static AstExceptHandler lower_handler(Lower *L, TSNode n)
{
    AstExceptHandler h = { .loc = lw_loc(n) };
    NodeVec vals = lw_field_kids(L, n, FLD_value);
    if (vals.len == 1 && lw_sym(L, vals.data[0]) == SYM_as_pattern) {
        NodeVec k = lw_kids(L, vals.data[0], true);
        h.type = lower_expr(L, k.data[0]);
        TSNode target = lw_field(L, vals.data[0], FLD_alias);
        h.name = lw_name(L, ts_node_named_child(target, 0));
    } else if (vals.len == 1) {
        h.type = lower_expr(L, vals.data[0]);
    } else if (vals.len > 1) {
        h.type = lw_new_expr(L, EXPR_TUPLE, lw_loc_span(vals.data[0], vals.data[vals.len - 1]));
        for (int i = 0; i < vals.len; i++) {
            vec_push(L->arena, &h.type->u.seq.elts, lower_expr(L, vals.data[i]));
        }
    }
    TSNode alias = lw_field(L, n, FLD_alias);
    if (!ts_node_is_null(alias)) {
        h.name = lw_name(L, alias);
    }
    lower_block(L, clause_block(L, n), &h.body);
    return h;
}

/* try_statement: 'try' ':' body (except_clause+ [else_clause] [finally_clause] |
 *                                finally_clause) */
static AstStmt *lower_try(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_TRY, lw_loc(n));
    lower_block(L, lw_field(L, n, FLD_body), &s->u.try_.body);
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        TSNode c = k.data[i];
        switch (lw_sym(L, c)) {
        case SYM_except_clause:
            vec_push(L->arena, &s->u.try_.handlers, lower_handler(L, c));
            s->u.try_.is_star |= lw_has_token(L, c, TOK_STAR);
            break;
        case SYM_else_clause:
            lower_else(L, c, &s->u.try_.orelse);
            break;
        case SYM_finally_clause:
            lower_block(L, clause_block(L, c), &s->u.try_.finalbody);
            break;
        default:
            break;
        }
    }
    return s;
}

/* with_item: value, where value may be an as_pattern (expr 'as' target) */
static AstWithItem lower_with_item(Lower *L, TSNode item)
{
    AstWithItem w = { 0 };
    TSNode v = lw_field(L, item, FLD_value);
    NodeVec inner = lw_kids(L, v, true);
    if (lw_sym(L, v) == SYM_parenthesized_expression && inner.len == 1 &&
        lw_sym(L, inner.data[0]) == SYM_as_pattern) {
        v = inner.data[0];   /* with (cm() as x): */
    }
    if (lw_sym(L, v) != SYM_as_pattern) {
        w.context = lower_expr(L, v);
        return w;
    }
    NodeVec k = lw_kids(L, v, true);
    w.context = lower_expr(L, k.data[0]);
    TSNode target = lw_field(L, v, FLD_alias);
    w.target = lower_target(L, ts_node_named_child(target, 0), CTX_STORE);
    return w;
}

/* with_statement: ['async'] 'with' with_clause ':' body
 * with_clause: commaSep1(with_item) | '(' commaSep1(with_item) [','] ')' */
static AstStmt *lower_with(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_WITH, lw_loc(n));
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        if (lw_sym(L, k.data[i]) != SYM_with_clause) {
            continue;
        }
        NodeVec items = lw_kids(L, k.data[i], true);
        for (int j = 0; j < items.len; j++) {
            vec_push(L->arena, &s->u.with.items, lower_with_item(L, items.data[j]));
        }
    }
    lower_block(L, lw_field(L, n, FLD_body), &s->u.with.body);
    s->u.with.is_async = lw_has_token(L, n, TOK_ASYNC);
    return s;
}

/* function_definition: ['async'] 'def' name [type_parameters] parameters
 *                      ['->' return_type] ':' body */
static AstStmt *lower_def_once(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_FUNCDEF, lw_loc(n));
    TSNode name = lw_field(L, n, FLD_name);
    s->u.funcdef.name = lw_name(L, name);
    s->u.funcdef.name_loc = lw_loc(name);
    s->u.funcdef.args = lower_params(L, lw_field(L, n, FLD_parameters));
    s->u.funcdef.returns = lower_type(L, lw_field(L, n, FLD_return_type));
    L->def_depth++;
    lower_block(L, lw_field(L, n, FLD_body), &s->u.funcdef.body);
    L->def_depth--;
    s->u.funcdef.is_async = lw_has_token(L, n, TOK_ASYNC);
    s->u.funcdef.has_type_params = !ts_node_is_null(lw_field(L, n, FLD_type_parameters));
    return s;
}

/* Has the def a positional parameter without an annotation? */
static bool has_untyped_param(AstArguments *a)
{
    for (int i = 0; i < a->posonly.len + a->args.len; i++) {
        if (!ast_param_at(a, i)->annotation) {
            return true;
        }
    }
    return false;
}

/* A module-level def with untyped parameters is lowered twice: sema may check the copy
 * with parameters typed int, float or str, which the def then runs for such arguments. */
static AstStmt *lower_funcdef(Lower *L, TSNode n)
{
    int diags = L->ctx->diags.list.len;
    AstStmt *s = lower_def_once(L, n);
    if (L->def_depth == 0 && !L->in_spec && !s->u.funcdef.is_async && diags == L->ctx->diags.list.len &&
        has_untyped_param(s->u.funcdef.args)) {
        s->u.funcdef.spec = lower_def_once(L, n);   /* defs in its body get no copy: at most twice */
        s->u.funcdef.spec->u.funcdef.spec_of = s;
    }
    return s;
}

/* class_definition: 'class' name [type_parameters] [superclasses] ':' body */
static AstStmt *lower_classdef(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_CLASSDEF, lw_loc(n));
    s->u.classdef.name = lw_name(L, lw_field(L, n, FLD_name));
    TSNode sup = lw_field(L, n, FLD_superclasses);
    if (!ts_node_is_null(sup)) {
        lower_arguments_into(L, sup, &s->u.classdef.bases, &s->u.classdef.keywords);
    }
    L->def_depth++;
    lower_block(L, lw_field(L, n, FLD_body), &s->u.classdef.body);
    L->def_depth--;
    s->u.classdef.has_type_params = !ts_node_is_null(lw_field(L, n, FLD_type_parameters));
    return s;
}

/* decorated_definition: decorator+ definition;  decorator: '@' expression */
static void lower_decorated(Lower *L, TSNode n, AstStmtVec *out)
{
    AstExprVec decos = { 0 };
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        if (lw_sym(L, k.data[i]) == SYM_decorator) {
            NodeVec e = lw_kids(L, k.data[i], true);
            vec_push(L->arena, &decos, lower_expr(L, e.len ? e.data[0] : (TSNode){ 0 }));
        }
    }
    int before = out->len;
    lower_stmt(L, lw_field(L, n, FLD_definition), out);
    if (out->len == before) {
        return;
    }
    AstStmt *def = out->data[out->len - 1];
    if (def->kind == STMT_FUNCDEF) {
        def->u.funcdef.decorators = decos;
    } else if (def->kind == STMT_CLASSDEF) {
        def->u.classdef.decorators = decos;
    }
}

/* match_statement: 'match' commaSep1(subject) ':' block(case_clause+) */
static AstStmt *lower_match(Lower *L, TSNode n)
{
    AstStmt *s = lw_new_stmt(L, STMT_MATCH, lw_loc(n));
    NodeVec subj = lw_field_kids(L, n, FLD_subject);
    if (subj.len == 1 && !lw_has_token(L, n, TOK_COMMA)) {
        s->u.match.subject = lower_expr(L, subj.data[0]);
    } else {
        AstExpr *t = lw_new_expr(L, EXPR_TUPLE, lw_loc_span(subj.data[0], subj.data[subj.len - 1]));
        for (int i = 0; i < subj.len; i++) {
            vec_push(L->arena, &t->u.seq.elts, lower_expr(L, subj.data[i]));
        }
        s->u.match.subject = t;
    }
    NodeVec cases = lw_kids(L, lw_field(L, n, FLD_body), true);
    for (int i = 0; i < cases.len; i++) {
        if (lw_sym(L, cases.data[i]) == SYM_case_clause) {
            AstMatchCase c = { 0 };
            lower_case(L, cases.data[i], &c);
            vec_push(L->arena, &s->u.match.cases, c);
        }
    }
    return s;
}

/* ---- dispatch ---- */

static AstStmt *lower_simple(Lower *L, TSNode n, Sym s)
{
    switch (s) {
    case SYM_expression_statement:
        return lower_expr_stmt(L, n);
    case SYM_return_statement:
        return lower_return(L, n);
    case SYM_delete_statement:
        return lower_delete(L, n);
    case SYM_raise_statement:
        return lower_raise(L, n);
    case SYM_pass_statement:
        return lw_new_stmt(L, STMT_PASS, lw_loc(n));
    case SYM_break_statement:
        return lw_new_stmt(L, STMT_BREAK, lw_loc(n));
    case SYM_continue_statement:
        return lw_new_stmt(L, STMT_CONTINUE, lw_loc(n));
    case SYM_global_statement:
        return lower_global(L, n, STMT_GLOBAL);
    case SYM_nonlocal_statement:
        return lower_global(L, n, STMT_NONLOCAL);
    case SYM_assert_statement:
        return lower_assert(L, n);
    case SYM_import_statement:
        return lower_import(L, n);
    case SYM_import_from_statement:
        return lower_import_from(L, n);
    case SYM_future_import_statement:
        return lower_future(L, n);
    case SYM_type_alias_statement:
        return lower_type_alias(L, n);
    default:
        return NULL;
    }
}

static AstStmt *lower_compound(Lower *L, TSNode n, Sym s)
{
    switch (s) {
    case SYM_if_statement:
        return lower_if(L, n);
    case SYM_for_statement:
        return lower_for(L, n);
    case SYM_while_statement:
        return lower_while(L, n);
    case SYM_try_statement:
        return lower_try(L, n);
    case SYM_with_statement:
        return lower_with(L, n);
    case SYM_function_definition:
        return lower_funcdef(L, n);
    case SYM_class_definition:
        return lower_classdef(L, n);
    case SYM_match_statement:
        return lower_match(L, n);
    default:
        return NULL;
    }
}

/* `print >>f, x` is valid Python 3: the expression statement (print >> f, x), which
 * CPython compiles (the >> raises TypeError when it runs); tree-sitter reads it by its
 * Python 2 rule as a print_statement with a chevron. */
bool lw_is_print_chevron(Lower *L, TSNode n)
{
    return lw_sym(L, n) == SYM_print_statement && ts_node_named_child_count(n) > 0 &&
           lw_sym(L, ts_node_named_child(n, 0)) == SYM_chevron;
}

static AstStmt *lower_print_chevron(Lower *L, TSNode n)
{
    NodeVec k = lw_kids(L, n, true);   /* the chevron, then the arguments */
    TSNode word = ts_node_child(n, 0), chevron = k.data[0];
    AstExpr *shift = lw_new_expr(L, EXPR_BINOP, lw_loc_span(word, chevron));
    shift->u.binop.op = BINOP_RSHIFT;
    shift->u.binop.left = make_name(L, lw_name(L, word), lw_loc(word), CTX_LOAD);
    shift->u.binop.right = lower_expr(L, ts_node_named_child(chevron, 0));
    AstStmt *st = lw_new_stmt(L, STMT_EXPR, lw_loc(n));
    if (k.len == 1 && !lw_has_token(L, n, TOK_COMMA)) {
        st->u.expr.value = shift;
        return st;
    }
    AstExpr *t = lw_new_expr(L, EXPR_TUPLE, lw_loc(n));
    vec_push(L->arena, &t->u.seq.elts, shift);
    for (int i = 1; i < k.len; i++) {
        vec_push(L->arena, &t->u.seq.elts, lower_expr(L, k.data[i]));
    }
    st->u.expr.value = t;
    return st;
}

void lower_stmt(Lower *L, TSNode n, AstStmtVec *out)
{
    if (ts_node_is_null(n) || lw_has_syntax_error(L, n)) {
        return;   /* reported by syntax_errors.c */
    }
    Sym s = lw_sym(L, n);
    if (s == SYM_decorated_definition) {
        lower_decorated(L, n, out);
        return;
    }
    if (lw_is_print_chevron(L, n)) {
        push(L, out, lower_print_chevron(L, n));
        return;
    }
    if (s == SYM_print_statement || s == SYM_exec_statement) {
        return;   /* python 2: reported by syntax_errors.c */
    }
    AstStmt *st = lower_simple(L, n, s);
    if (!st) {
        st = lower_compound(L, n, s);
    }
    if (st) {
        push(L, out, st);
    } else {
        lw_error(L, n, "invalid syntax: unexpected %s", ts_node_type(n));
    }
}
