/* ast_dump.c - the AST as S-expressions, one node per line, indented by two
 * spaces per level; stable, used as a test oracle. Also the kind names. */
#include "ast.h"

#include <stdarg.h>
#include <string.h>

static const char *const stmt_names[] = {
#define STMT(k, name) name,
#include "ast_kinds.def"
#undef STMT
};
static const char *const expr_names[] = {
#define EXPR(k, name) name,
#include "ast_kinds.def"
#undef EXPR
};
static const char *const binop_tokens[] = {
#define BINOP(k, tok, dunder) tok,
#include "../prim/pyops.def"
#undef BINOP
};
static const char *const cmpop_tokens[] = {
#define CMPOP(k, tok) tok,
#include "../prim/pyops.def"
#undef CMPOP
};

const char *ast_stmt_name(AstStmtKind k)
{
    return k < STMT_COUNT ? stmt_names[k] : "?";
}

const char *ast_expr_name(AstExprKind k)
{
    return k < EXPR_COUNT ? expr_names[k] : "?";
}

const char *ast_binop_token(AstBinOp op)
{
    return op < BINOP_COUNT ? binop_tokens[op] : "?";
}

const char *ast_cmpop_token(AstCmpOp op)
{
    return op < CMPOP_COUNT ? cmpop_tokens[op] : "?";
}

typedef struct Dumper {
    FILE *out;
    int depth;
    bool started;
} Dumper;

/* Starts a node on a new line: "(" followed by the formatted header. */
static void open_(Dumper *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void open_(Dumper *d, const char *fmt, ...)
{
    if (d->started) {
        fputc('\n', d->out);
    }
    d->started = true;
    fprintf(d->out, "%*s(", d->depth * 2, "");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    d->depth++;
}

static void close_(Dumper *d)
{
    fputc(')', d->out);
    d->depth--;
}

static void text(Dumper *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text(Dumper *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
}

static void quoted(Dumper *d, const char *s, size_t n, bool bytes)
{
    fputc('"', d->out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fprintf(d->out, "\\%c", c);
        } else if (c == '\n') {
            fputs("\\n", d->out);
        } else if (c == '\t') {
            fputs("\\t", d->out);
        } else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
            fprintf(d->out, "\\x%02x", c);
        } else {
            fputc(c, d->out);
        }
    }
    fputc('"', d->out);
}

static void expr(Dumper *d, const AstExpr *e);
static void stmts(Dumper *d, const char *label, const AstStmtVec *v);
static void pattern(Dumper *d, const AstPattern *p);

static const char *ctx_suffix(AstCtx c)
{
    return c == CTX_STORE ? " store" : c == CTX_DEL ? " del" : "";
}

static void exprs(Dumper *d, const AstExprVec *v)
{
    for (int i = 0; i < v->len; i++) {
        expr(d, v->data[i]);
    }
}

/* (label child) when child is present */
static void labeled(Dumper *d, const char *label, const AstExpr *e)
{
    if (e) {
        open_(d, "%s", label);
        expr(d, e);
        close_(d);
    }
}

static void keywords(Dumper *d, const AstKeywordVec *v)
{
    for (int i = 0; i < v->len; i++) {
        open_(d, "keyword %s", v->data[i].name ? v->data[i].name : "**");
        expr(d, v->data[i].value);
        close_(d);
    }
}

static void arg(Dumper *d, const char *tag, const AstArg *a)
{
    open_(d, "%s %s", tag, a->name);
    labeled(d, "annotation", a->annotation);
    labeled(d, "default", a->default_);
    close_(d);
}

static void arguments(Dumper *d, const AstArguments *a)
{
    open_(d, "arguments");
    for (int i = 0; i < a->posonly.len; i++) {
        arg(d, "posonly", &a->posonly.data[i]);
    }
    for (int i = 0; i < a->args.len; i++) {
        arg(d, "arg", &a->args.data[i]);
    }
    if (a->vararg) {
        arg(d, "vararg", a->vararg);
    }
    for (int i = 0; i < a->kwonly.len; i++) {
        arg(d, "kwonly", &a->kwonly.data[i]);
    }
    if (a->kwarg) {
        arg(d, "kwarg", a->kwarg);
    }
    close_(d);
}

static void constant(Dumper *d, const AstExpr *e)
{
    switch (e->u.constant.kind) {
    case CONST_NONE: open_(d, "Const None"); break;
    case CONST_TRUE: open_(d, "Const True"); break;
    case CONST_FALSE: open_(d, "Const False"); break;
    case CONST_ELLIPSIS: open_(d, "Const Ellipsis"); break;
    case CONST_DC_FACTORY: open_(d, "Const <factory>"); break;
    case CONST_INT: open_(d, "Const int %s", e->u.constant.text); break;
    case CONST_FLOAT: open_(d, "Const float %.17g", e->u.constant.fval); break;
    case CONST_IMAG: open_(d, "Const imag %.17g", e->u.constant.fval); break;
    case CONST_STR:
    case CONST_BYTES:
        open_(d, "Const %s ", e->u.constant.kind == CONST_STR ? "str" : "bytes");
        quoted(d, e->u.constant.bytes, e->u.constant.len, e->u.constant.kind == CONST_BYTES);
        break;
    }
    close_(d);
}

static void fstring(Dumper *d, const AstExpr *e)
{
    open_(d, "FString");
    for (int i = 0; i < e->u.fstring.parts.len; i++) {
        const AstFStringPart *p = &e->u.fstring.parts.data[i];
        if (!p->value) {
            open_(d, "text ");
            quoted(d, p->text, p->text_len, false);
            close_(d);
            continue;
        }
        open_(d, "value");
        if (p->conversion) {
            text(d, " !%c", p->conversion);
        }
        if (p->debug_text) {
            text(d, " debug ");
            quoted(d, p->debug_text, strlen(p->debug_text), false);
        }
        expr(d, p->value);
        labeled(d, "spec", p->format_spec);
        close_(d);
    }
    close_(d);
}

static void comprehension(Dumper *d, const AstExpr *e)
{
    open_(d, "%s", e->kind == EXPR_LISTCOMP ? "ListComp" : e->kind == EXPR_SETCOMP ? "SetComp"
                   : e->kind == EXPR_DICTCOMP ? "DictComp" : "GenExp");
    expr(d, e->u.comp.elt);
    if (e->u.comp.value) {
        expr(d, e->u.comp.value);
    }
    for (int i = 0; i < e->u.comp.generators.len; i++) {
        const AstComprehension *c = &e->u.comp.generators.data[i];
        open_(d, "for%s", c->is_async ? " async" : "");
        expr(d, c->target);
        expr(d, c->iter);
        for (int j = 0; j < c->ifs.len; j++) {
            labeled(d, "if", c->ifs.data[j]);
        }
        close_(d);
    }
    close_(d);
}

static void compare(Dumper *d, const AstExpr *e)
{
    open_(d, "Compare");
    for (int i = 0; i < e->u.compare.ops.len; i++) {
        text(d, " %s", ast_cmpop_token(e->u.compare.ops.data[i]));
    }
    expr(d, e->u.compare.left);
    exprs(d, &e->u.compare.comparators);
    close_(d);
}

static void dict(Dumper *d, const AstExpr *e)
{
    open_(d, "Dict");
    for (int i = 0; i < e->u.dict.keys.len; i++) {
        const AstExpr *k = e->u.dict.keys.data[i];
        open_(d, "%s", k ? "pair" : "**");
        if (k) {
            expr(d, k);
        }
        expr(d, e->u.dict.values.data[i]);
        close_(d);
    }
    close_(d);
}

static const char *unary_name(AstUnaryOp op)
{
    return op == UNARY_NEG ? "-" : op == UNARY_POS ? "+" : op == UNARY_INVERT ? "~" : "not";
}

/* Expressions with a fixed shape: header, then children. */
static void expr_simple(Dumper *d, const AstExpr *e)
{
    switch (e->kind) {
    case EXPR_BOOLOP:
        open_(d, "BoolOp %s", e->u.boolop.op == BOOL_AND ? "and" : "or");
        exprs(d, &e->u.boolop.values);
        break;
    case EXPR_NAMEDEXPR:
        open_(d, "NamedExpr");
        expr(d, e->u.namedexpr.target);
        expr(d, e->u.namedexpr.value);
        break;
    case EXPR_BINOP:
        open_(d, "BinOp %s", ast_binop_token(e->u.binop.op));
        expr(d, e->u.binop.left);
        expr(d, e->u.binop.right);
        break;
    case EXPR_UNARYOP:
        open_(d, "UnaryOp %s", unary_name(e->u.unaryop.op));
        expr(d, e->u.unaryop.operand);
        break;
    case EXPR_LAMBDA:
        open_(d, "Lambda");
        arguments(d, e->u.lambda.args);
        expr(d, e->u.lambda.body);
        break;
    case EXPR_IFEXP:
        open_(d, "IfExp");
        expr(d, e->u.ifexp.test);
        expr(d, e->u.ifexp.body);
        expr(d, e->u.ifexp.orelse);
        break;
    case EXPR_SET:
        open_(d, "Set");
        exprs(d, &e->u.set.elts);
        break;
    case EXPR_AWAIT:
        open_(d, "Await");
        expr(d, e->u.await_.value);
        break;
    case EXPR_YIELD:
    case EXPR_YIELDFROM:
        open_(d, "%s", e->kind == EXPR_YIELD ? "Yield" : "YieldFrom");
        if (e->u.yield.value) {
            expr(d, e->u.yield.value);
        }
        break;
    default:
        open_(d, "?");
        break;
    }
    close_(d);
}

static void expr_access(Dumper *d, const AstExpr *e)
{
    switch (e->kind) {
    case EXPR_CALL:
        open_(d, "Call");
        expr(d, e->u.call.func);
        exprs(d, &e->u.call.args);
        keywords(d, &e->u.call.keywords);
        break;
    case EXPR_ATTRIBUTE:
        open_(d, "Attribute %s%s", e->u.attribute.attr, ctx_suffix(e->u.attribute.ctx));
        expr(d, e->u.attribute.value);
        break;
    case EXPR_SUBSCRIPT:
        open_(d, "Subscript%s", ctx_suffix(e->u.subscript.ctx));
        expr(d, e->u.subscript.value);
        expr(d, e->u.subscript.index);
        break;
    case EXPR_STARRED:
        open_(d, "Starred%s", ctx_suffix(e->u.starred.ctx));
        expr(d, e->u.starred.value);
        break;
    case EXPR_NAME:
        open_(d, "Name %s%s", e->u.name.id, ctx_suffix(e->u.name.ctx));
        break;
    case EXPR_LIST:
    case EXPR_TUPLE:
        open_(d, "%s%s%s", e->kind == EXPR_LIST ? "List" : "Tuple", ctx_suffix(e->u.seq.ctx),
              e->u.seq.parenthesized ? " paren" : "");
        exprs(d, &e->u.seq.elts);
        break;
    case EXPR_SLICE:
        open_(d, "Slice");
        labeled(d, "lower", e->u.slice.lower);
        labeled(d, "upper", e->u.slice.upper);
        labeled(d, "step", e->u.slice.step);
        break;
    default:
        open_(d, "?");
        break;
    }
    close_(d);
}

static void expr(Dumper *d, const AstExpr *e)
{
    if (!e) {
        open_(d, "null");
        close_(d);
        return;
    }
    switch (e->kind) {
    case EXPR_CONST:
        constant(d, e);
        break;
    case EXPR_FSTRING:
        fstring(d, e);
        break;
    case EXPR_LISTCOMP:
    case EXPR_SETCOMP:
    case EXPR_DICTCOMP:
    case EXPR_GENEXP:
        comprehension(d, e);
        break;
    case EXPR_COMPARE:
        compare(d, e);
        break;
    case EXPR_DICT:
        dict(d, e);
        break;
    case EXPR_CALL:
    case EXPR_ATTRIBUTE:
    case EXPR_SUBSCRIPT:
    case EXPR_STARRED:
    case EXPR_NAME:
    case EXPR_LIST:
    case EXPR_TUPLE:
    case EXPR_SLICE:
        expr_access(d, e);
        break;
    default:
        expr_simple(d, e);
        break;
    }
}

/* ---- patterns ---- */

static void patterns(Dumper *d, const AstPatternVec *v)
{
    for (int i = 0; i < v->len; i++) {
        pattern(d, v->data[i]);
    }
}

static void pattern(Dumper *d, const AstPattern *p)
{
    switch (p->kind) {
    case PATTERN_VALUE:
        open_(d, "MatchValue");
        expr(d, p->u.value);
        break;
    case PATTERN_SINGLETON:
        open_(d, "MatchSingleton %s", p->u.singleton == CONST_NONE ? "None"
                                    : p->u.singleton == CONST_TRUE ? "True" : "False");
        break;
    case PATTERN_SEQUENCE:
    case PATTERN_OR:
        open_(d, "%s", p->kind == PATTERN_OR ? "MatchOr" : "MatchSequence");
        patterns(d, &p->u.patterns);
        break;
    case PATTERN_MAPPING:
        open_(d, "MatchMapping");
        if (p->u.mapping.rest) {
            text(d, " **%s", p->u.mapping.rest);
        }
        for (int i = 0; i < p->u.mapping.keys.len; i++) {
            open_(d, "key");
            expr(d, p->u.mapping.keys.data[i]);
            if (i < p->u.mapping.patterns.len) {
                pattern(d, p->u.mapping.patterns.data[i]);
            }
            close_(d);
        }
        break;
    case PATTERN_CLASS:
        open_(d, "MatchClass");
        expr(d, p->u.cls.cls);
        patterns(d, &p->u.cls.patterns);
        for (int i = 0; i < p->u.cls.kwd_attrs.len; i++) {
            open_(d, "kw %s", p->u.cls.kwd_attrs.data[i]);
            pattern(d, p->u.cls.kwd_patterns.data[i]);
            close_(d);
        }
        break;
    case PATTERN_STAR:
        open_(d, "MatchStar %s", p->u.star_name ? p->u.star_name : "_");
        break;
    case PATTERN_AS:
        open_(d, "MatchAs %s", p->u.as.name ? p->u.as.name : "_");
        if (p->u.as.pattern) {
            pattern(d, p->u.as.pattern);
        }
        break;
    default:
        open_(d, "?");
        break;
    }
    close_(d);
}

/* ---- statements ---- */

static void stmt(Dumper *d, const AstStmt *s);

static void stmts(Dumper *d, const char *label, const AstStmtVec *v)
{
    if (v->len == 0) {
        return;
    }
    open_(d, "%s", label);
    for (int i = 0; i < v->len; i++) {
        stmt(d, v->data[i]);
    }
    close_(d);
}

static void decorators(Dumper *d, const AstExprVec *v)
{
    if (v->len > 0) {
        open_(d, "decorators");
        exprs(d, v);
        close_(d);
    }
}

static void funcdef(Dumper *d, const AstStmt *s)
{
    open_(d, "FunctionDef %s%s%s", s->u.funcdef.name, s->u.funcdef.is_async ? " async" : "",
          s->u.funcdef.has_type_params ? " typeparams" : "");
    decorators(d, &s->u.funcdef.decorators);
    arguments(d, s->u.funcdef.args);
    labeled(d, "returns", s->u.funcdef.returns);
    stmts(d, "body", &s->u.funcdef.body);
}

static void classdef(Dumper *d, const AstStmt *s)
{
    open_(d, "ClassDef %s%s", s->u.classdef.name,
          s->u.classdef.has_type_params ? " typeparams" : "");
    decorators(d, &s->u.classdef.decorators);
    if (s->u.classdef.bases.len > 0) {
        open_(d, "bases");
        exprs(d, &s->u.classdef.bases);
        close_(d);
    }
    keywords(d, &s->u.classdef.keywords);
    stmts(d, "body", &s->u.classdef.body);
}

static void try_(Dumper *d, const AstStmt *s)
{
    open_(d, "%s", s->u.try_.is_star ? "TryStar" : "Try");
    stmts(d, "body", &s->u.try_.body);
    for (int i = 0; i < s->u.try_.handlers.len; i++) {
        const AstExceptHandler *h = &s->u.try_.handlers.data[i];
        open_(d, "except%s%s", h->name ? " as " : "", h->name ? h->name : "");
        if (h->type) {
            expr(d, h->type);
        }
        stmts(d, "body", &h->body);
        close_(d);
    }
    stmts(d, "orelse", &s->u.try_.orelse);
    stmts(d, "finally", &s->u.try_.finalbody);
}

static void aliases(Dumper *d, const AstAliasVec *v)
{
    for (int i = 0; i < v->len; i++) {
        const AstAlias *a = &v->data[i];
        open_(d, "alias %s%s%s", a->name, a->asname ? " as " : "", a->asname ? a->asname : "");
        close_(d);
    }
}

static void names(Dumper *d, const char *tag, const AstNameVec *v)
{
    open_(d, "%s", tag);
    for (int i = 0; i < v->len; i++) {
        text(d, " %s", v->data[i]);
    }
}

static void match(Dumper *d, const AstStmt *s)
{
    open_(d, "Match");
    expr(d, s->u.match.subject);
    for (int i = 0; i < s->u.match.cases.len; i++) {
        const AstMatchCase *c = &s->u.match.cases.data[i];
        open_(d, "case");
        pattern(d, c->pattern);
        labeled(d, "guard", c->guard);
        stmts(d, "body", &c->body);
        close_(d);
    }
}

static void with(Dumper *d, const AstStmt *s)
{
    open_(d, "With%s", s->u.with.is_async ? " async" : "");
    for (int i = 0; i < s->u.with.items.len; i++) {
        open_(d, "item");
        expr(d, s->u.with.items.data[i].context);
        if (s->u.with.items.data[i].target) {
            expr(d, s->u.with.items.data[i].target);
        }
        close_(d);
    }
    stmts(d, "body", &s->u.with.body);
}

static void stmt_flow(Dumper *d, const AstStmt *s)
{
    switch (s->kind) {
    case STMT_FOR:
        open_(d, "For%s", s->u.for_.is_async ? " async" : "");
        expr(d, s->u.for_.target);
        expr(d, s->u.for_.iter);
        stmts(d, "body", &s->u.for_.body);
        stmts(d, "orelse", &s->u.for_.orelse);
        break;
    case STMT_WHILE:
    case STMT_IF:
        open_(d, "%s", s->kind == STMT_IF ? "If" : "While");
        expr(d, s->u.if_.test);
        stmts(d, "body", &s->u.if_.body);
        stmts(d, "orelse", &s->u.if_.orelse);
        break;
    case STMT_RAISE:
        open_(d, "Raise");
        if (s->u.raise.exc) {
            expr(d, s->u.raise.exc);
        }
        labeled(d, "cause", s->u.raise.cause);
        break;
    case STMT_RETURN:
        open_(d, "Return");
        if (s->u.ret.value) {
            expr(d, s->u.ret.value);
        }
        break;
    case STMT_PASS:
        open_(d, "Pass");
        break;
    case STMT_BREAK:
        open_(d, "Break");
        break;
    case STMT_CONTINUE:
        open_(d, "Continue");
        break;
    default:
        open_(d, "?");
        break;
    }
}

static void stmt_simple(Dumper *d, const AstStmt *s)
{
    switch (s->kind) {
    case STMT_DELETE:
        open_(d, "Delete");
        exprs(d, &s->u.delete_.targets);
        break;
    case STMT_ASSIGN:
        open_(d, "Assign");
        exprs(d, &s->u.assign.targets);
        expr(d, s->u.assign.value);
        break;
    case STMT_AUGASSIGN:
        open_(d, "AugAssign %s=", ast_binop_token(s->u.augassign.op));
        expr(d, s->u.augassign.target);
        expr(d, s->u.augassign.value);
        break;
    case STMT_ANNASSIGN:
        open_(d, "AnnAssign%s", s->u.annassign.simple ? " simple" : "");
        expr(d, s->u.annassign.target);
        expr(d, s->u.annassign.annotation);
        if (s->u.annassign.value) {
            expr(d, s->u.annassign.value);
        }
        break;
    case STMT_ASSERT:
        open_(d, "Assert");
        expr(d, s->u.assert_.test);
        if (s->u.assert_.msg) {
            expr(d, s->u.assert_.msg);
        }
        break;
    case STMT_IMPORT:
        open_(d, "Import");
        aliases(d, &s->u.import.names);
        break;
    case STMT_IMPORTFROM:
        open_(d, "ImportFrom %.*s%s", s->u.importfrom.level, "................................",
              s->u.importfrom.module ? s->u.importfrom.module : "");
        aliases(d, &s->u.importfrom.names);
        break;
    case STMT_GLOBAL:
    case STMT_NONLOCAL:
        names(d, s->kind == STMT_GLOBAL ? "Global" : "Nonlocal", &s->u.global.names);
        break;
    case STMT_EXPR:
        open_(d, "Expr");
        expr(d, s->u.expr.value);
        break;
    case STMT_TYPEALIAS:
        open_(d, "TypeAlias");
        expr(d, s->u.typealias.name);
        expr(d, s->u.typealias.value);
        break;
    default:
        stmt_flow(d, s);
        break;
    }
}

static void stmt(Dumper *d, const AstStmt *s)
{
    switch (s->kind) {
    case STMT_FUNCDEF:
        funcdef(d, s);
        break;
    case STMT_CLASSDEF:
        classdef(d, s);
        break;
    case STMT_TRY:
        try_(d, s);
        break;
    case STMT_MATCH:
        match(d, s);
        break;
    case STMT_WITH:
        with(d, s);
        break;
    default:
        stmt_simple(d, s);
        break;
    }
    close_(d);
}

void ast_dump(const AstModule *m, FILE *out)
{
    Dumper d = { out, 0, false };
    open_(&d, "Module");
    for (int i = 0; i < m->body.len; i++) {
        stmt(&d, m->body.data[i]);
    }
    close_(&d);
    fputc('\n', out);
}
