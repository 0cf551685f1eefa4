/* lower.h - private to compiler/front: the lowering context, tree-sitter symbol
 * and field enums (resolved once per parse in tsnames.c), and the entry points
 * of each lowering file. Nothing outside compiler/front includes this. */
#ifndef PYC2C_FRONT_LOWER_H
#define PYC2C_FRONT_LOWER_H

#include "ast.h"
#include <tree_sitter/api.h>

/* Named node types of tree-sitter-python we read. X(name) */
#define TS_NAMED_SYMBOLS(X)                                                         \
    X(module) X(block) X(comment) X(identifier) X(keyword_identifier)              \
    X(expression_statement) X(assignment) X(augmented_assignment) X(type)          \
    X(return_statement) X(delete_statement) X(raise_statement) X(pass_statement)   \
    X(break_statement) X(continue_statement) X(global_statement)                   \
    X(nonlocal_statement) X(assert_statement) X(import_statement)                  \
    X(import_from_statement) X(future_import_statement) X(aliased_import)          \
    X(dotted_name) X(relative_import) X(import_prefix) X(wildcard_import)          \
    X(type_alias_statement) X(print_statement) X(exec_statement) X(chevron)        \
    X(if_statement) X(elif_clause) X(else_clause) X(for_statement)                 \
    X(while_statement) X(try_statement) X(except_clause) X(finally_clause)         \
    X(with_statement) X(with_clause) X(with_item) X(as_pattern)                    \
    X(as_pattern_target) X(function_definition) X(class_definition)                \
    X(decorated_definition) X(decorator) X(parameters) X(lambda_parameters)        \
    X(default_parameter) X(typed_parameter) X(typed_default_parameter)             \
    X(list_splat_pattern) X(dictionary_splat_pattern) X(positional_separator)      \
    X(keyword_separator) X(tuple_pattern) X(list_pattern) X(pattern_list)          \
    X(expression_list) X(match_statement) X(case_clause) X(case_pattern)           \
    X(union_pattern) X(class_pattern) X(keyword_pattern) X(dict_pattern)           \
    X(splat_pattern) X(complex_pattern) X(if_clause) X(for_in_clause)              \
    X(boolean_operator) X(not_operator) X(binary_operator) X(unary_operator)       \
    X(comparison_operator) X(named_expression) X(conditional_expression)           \
    X(lambda) X(await) X(yield) X(call) X(argument_list) X(keyword_argument)       \
    X(list_splat) X(dictionary_splat) X(parenthesized_list_splat) X(attribute)     \
    X(subscript) X(slice) X(parenthesized_expression) X(tuple) X(list) X(set)      \
    X(dictionary) X(pair) X(list_comprehension) X(set_comprehension)               \
    X(dictionary_comprehension) X(generator_expression) X(integer) X(float)        \
    X(true) X(false) X(none) X(ellipsis) X(string) X(concatenated_string)          \
    X(string_start) X(string_content) X(string_end) X(interpolation)               \
    X(format_specifier) X(format_expression) X(type_conversion)                    \
    X(escape_sequence) X(escape_interpolation) X(generic_type) X(union_type)       \
    X(member_type) X(splat_type) X(constrained_type) X(type_parameter)             \
    X(line_continuation)

/* Anonymous tokens we read. X(ENUM, "text") */
#define TS_TOKENS(X)                                                                \
    X(PLUS, "+") X(MINUS, "-") X(STAR, "*") X(AT, "@") X(SLASH, "/")               \
    X(DSLASH, "//") X(PERCENT, "%") X(DSTAR, "**") X(LSHIFT, "<<")                 \
    X(RSHIFT, ">>") X(PIPE, "|") X(CARET, "^") X(AMP, "&") X(TILDE, "~")           \
    X(PLUS_EQ, "+=") X(MINUS_EQ, "-=") X(STAR_EQ, "*=") X(AT_EQ, "@=")             \
    X(SLASH_EQ, "/=") X(DSLASH_EQ, "//=") X(PERCENT_EQ, "%=") X(DSTAR_EQ, "**=")   \
    X(LSHIFT_EQ, "<<=") X(RSHIFT_EQ, ">>=") X(PIPE_EQ, "|=") X(CARET_EQ, "^=")     \
    X(AMP_EQ, "&=") X(EQEQ, "==") X(NE, "!=") X(LTGT, "<>") X(LT, "<")             \
    X(LE, "<=") X(GT, ">") X(GE, ">=") X(IN, "in") X(NOT_IN, "not in")             \
    X(IS, "is") X(IS_NOT, "is not") X(AND, "and") X(OR, "or") X(ASYNC, "async")    \
    X(FROM, "from") X(COMMA, ",") X(COLON, ":") X(EQ, "=") X(UNDERSCORE, "_")      \
    X(LPAREN, "(") X(RBRACE, "}")

/* Field names we read. X(name) */
#define TS_FIELDS(X)                                                                \
    X(name) X(parameters) X(body) X(return_type) X(type_parameters) X(left)        \
    X(right) X(type) X(operator) X(operators) X(argument) X(function)              \
    X(arguments) X(object) X(attribute) X(value) X(subscript) X(condition)         \
    X(consequence) X(alternative) X(key) X(alias) X(module_name) X(cause)          \
    X(subject) X(guard) X(definition) X(expression) X(format_specifier)            \
    X(type_conversion) X(superclasses)

typedef enum Sym {
    SYM_UNKNOWN,
#define X(n) SYM_##n,
    TS_NAMED_SYMBOLS(X)
#undef X
#define X(e, t) TOK_##e,
    TS_TOKENS(X)
#undef X
    SYM_COUNT
} Sym;

typedef enum Field {
#define X(n) FLD_##n,
    TS_FIELDS(X)
#undef X
    FLD_COUNT
} Field;

typedef struct TsNames {
    const TSLanguage *lang;
    uint32_t nsymbols;
    uint8_t *sym;                 /* tree-sitter symbol -> Sym */
    TSFieldId field[FLD_COUNT];   /* Field -> tree-sitter field id (0: absent) */
} TsNames;

typedef VEC(TSNode) NodeVec;

typedef struct Lower {
    Ctx *ctx;
    Arena *arena;
    const char *src;
    TsNames ts;
    TSTreeCursor cursor;
    const char *kw_async, *kw_await;   /* keywords tree-sitter lets be names */
    int in_spec;             /* lowering a loop body's second copy (lower_stmt.c) */
    int def_depth;           /* inside a def or class body: no typed copy of a def there */
    TSNode spec_walrus;      /* the `x := ...` of an f-string field that CPython reads as x
                              * and a format spec (strings.c): lowered as its name */
} Lower;

/* tsnames.c */
void tsnames_init(TsNames *t, Arena *a, const TSLanguage *lang);

/* lower.c: helpers */
Sym lw_sym(const Lower *L, TSNode n);
TSNode lw_field(const Lower *L, TSNode n, Field f);
Loc lw_loc(TSNode n);
Loc lw_loc_span(TSNode first, TSNode last);
const char *lw_text(const Lower *L, TSNode n, size_t *len);
const char *lw_name(Lower *L, TSNode n);            /* interned source text */
NodeVec lw_kids(Lower *L, TSNode n, bool named_only);   /* skips comments */
NodeVec lw_field_kids(Lower *L, TSNode n, Field f);
bool lw_has_token(Lower *L, TSNode n, Sym tok);         /* a direct child token */
void lw_error(Lower *L, TSNode n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
AstExpr *lw_new_expr(Lower *L, AstExprKind k, Loc loc);
AstStmt *lw_new_stmt(Lower *L, AstStmtKind k, Loc loc);
AstExpr *lw_bad_expr(Lower *L, TSNode n);           /* reports, returns a placeholder */

/* indent_scan.c: CPython's tokenizer's TabError and indentation limit; false after
 * reporting one */
bool front_check_indentation(Lower *L);
/* limits.c: CPython's nesting limits; false after reporting one passed */
bool front_check_limits(Lower *L, TSNode root);

/* encoding.c: PEP 263 cookies (the text becomes UTF-8) and invalid UTF-8 outside
 * comments; false after reporting */
bool front_decode_source(Ctx *ctx);
bool front_check_utf8(Lower *L, TSNode root);

/* lower_stmt.c */
void lower_block(Lower *L, TSNode block, AstStmtVec *out);
void lower_stmt(Lower *L, TSNode n, AstStmtVec *out);
bool lw_is_print_chevron(Lower *L, TSNode n);       /* `print >>f, x`: an expression */

/* lower_expr.c */
AstExpr *lower_expr(Lower *L, TSNode n);
AstExpr *lower_target(Lower *L, TSNode n, AstCtx ctx);
void lw_check_debug_name(Lower *L, const char *name, Loc loc);   /* "cannot assign to __debug__" */
AstExpr *lower_type(Lower *L, TSNode n);
AstExpr *lower_expr_list(Lower *L, TSNode n);       /* a, b -> unparenthesized tuple */
AstExpr *lower_field_before_spec(Lower *L, TSNode n, TSNode walrus);
void set_ctx(AstExpr *e, AstCtx ctx);
bool binop_for_token(Sym tok, AstBinOp *op);       /* '+' and '+=' -> BINOP_ADD */
void lower_arguments_into(Lower *L, TSNode args, AstExprVec *pos, AstKeywordVec *kws);
AstExpr *make_name(Lower *L, const char *id, Loc loc, AstCtx ctx);

/* lower_params.c */
AstArguments *lower_params(Lower *L, TSNode params);   /* params may be null */

/* lower_match.c */
AstPattern *lower_pattern(Lower *L, TSNode n);
void lower_case(Lower *L, TSNode clause, AstMatchCase *out);

/* strings.c */
AstExpr *lower_number(Lower *L, TSNode n);
AstExpr *lower_string(Lower *L, TSNode n);              /* string, concatenated_string */
const char *base_to_decimal(Arena *a, const char *digits, size_t n, int base);
uint32_t lw_fstring_spec_colon(Lower *L, TSNode field, TSNode *walrus);
bool lw_has_syntax_error(Lower *L, TSNode n);

/* syntax_errors.c */
int syntax_errors_report(Lower *L, TSNode root);

#endif
