/* speculate_params.c - typed copies of module functions for their untyped parameters.
 *
 *     def build(depth, start=0):
 *         if depth == 0:
 *             return None
 *         mid = start + (1 << (depth - 1)) - 1
 *
 * depth and start are objects, so every operation on them is generic. The front end
 * lowered such a def twice (AstStmt.u.funcdef.spec); here, before webs and sema, each
 * untyped positional parameter the body never rebinds gets a kind when the code says
 * what it holds: an operand of arithmetic or of a comparison with an int (float, str)
 * literal, an argument of range(), the receiver of a method only str has, a literal
 * default, a str whose characters (x[i], x[i:j]) take str methods or are compared with
 * str literals (a tokenizer's `src`); and its reads are such uses, tests, locals' new
 * values, f-string fields, or for a str len(x), x[i], x[i:j], `for c in x`, `c in x`,
 * three times as often as reads the copy would box again (a call's argument, an item,
 * the result: an allocation the generic code does not make). The copy's such
 * parameters are annotated with that type; sema checks the copy as a function of its
 * own (one that fails to check is dropped: module.c), and
 * the def's entry runs it when every such argument is exactly of its type
 * (ir/build.c): the guess CPython's specializing interpreter makes per instruction,
 * made once per call. Lambdas and generator expressions in the body are copied with it
 * (the copy's read the typed parameters, which no code rebinds). Nothing is guessed for
 * code with nested defs or classes, generators, match statements, powers other than
 * by an int literal (a typed float power has no complex result), or parameters that are assigned, deleted or declared
 * global anywhere in the body. */
#include <string.h>
#include "sema_internal.h"

#define MAX_PARAMS 16

typedef struct Guess {
    const char *names[MAX_PARAMS];
    char kind[MAX_PARAMS];     /* 0 no evidence yet, 'i' int, 'f' float, 's' str, 'x' conflicting or rebound */
    int loads[MAX_PARAMS];     /* reads of the parameter ... */
    int typed[MAX_PARAMS];     /* ... and those where its type pays: an operand, a test, range() */
    int seq[MAX_PARAMS];       /* ... and those where it pays for a str: len(), x[i], iteration, in */
    int n;
    bool bad;                  /* the whole function is left alone */
} Guess;

/* A read of parameter e (if it is one) where the copy uses it unboxed. */
static void typed_use(Guess *g, const AstExpr *e);

static int param_index(const Guess *g, const AstExpr *e)
{
    if (!e || e->kind != EXPR_NAME) {
        return -1;
    }
    for (int i = 0; i < g->n; i++) {
        if (strcmp(g->names[i], e->u.name.id) == 0) {
            return i;
        }
    }
    return -1;
}

/* x[i] or x[i:j] of parameter x: x's index, else -1. */
static int item_of_param(const Guess *g, const AstExpr *e)
{
    return e && e->kind == EXPR_SUBSCRIPT ? param_index(g, e->u.subscript.value) : -1;
}

/* A read of parameter e (if it is one) that pays if it is a str. */
static void seq_use(Guess *g, const AstExpr *e)
{
    int i = param_index(g, e);
    if (i >= 0 && e->u.name.ctx == CTX_LOAD) {
        g->seq[i]++;
    }
}

static void vote(Guess *g, int i, char k)
{
    if (i < 0 || !k || g->kind[i] == 'x') {
        return;
    }
    g->kind[i] = g->kind[i] == 0 || g->kind[i] == k ? k : 'x';
}

/* The kind a literal says (bool is not an int here: True + x is rare and odd). */
static char literal_kind(const AstExpr *e)
{
    if (e && e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG) {
        e = e->u.unaryop.operand;
    }
    if (!e || e->kind != EXPR_CONST) {
        return 0;
    }
    switch (e->u.constant.kind) {
    case CONST_INT: return 'i';
    case CONST_FLOAT: return 'f';
    case CONST_STR: return 's';
    default: return 0;
    }
}

/* x op literal or literal op x: arithmetic of an int/float, concatenation of a str */
static void binop_evidence(Guess *g, const AstExpr *e)
{
    const AstExpr *sides[2] = {e->u.binop.left, e->u.binop.right};
    typed_use(g, sides[0]);
    typed_use(g, sides[1]);
    for (int s = 0; s < 2; s++) {
        int i = param_index(g, sides[s]);
        char k = literal_kind(sides[1 - s]);
        if (i < 0 || !k) {
            continue;
        }
        if (k == 's') {
            k = e->u.binop.op == BINOP_ADD ? 's' : 0;   /* "%d" % x says nothing of x */
        } else if (e->u.binop.op == BINOP_MOD && s == 1) {
            k = 0;
        }
        vote(g, i, k);
    }
}

static void compare_evidence(Guess *g, const AstExpr *e)
{
    const AstExpr *prev = e->u.compare.left;
    for (int c = 0; c < e->u.compare.comparators.len; c++) {
        const AstExpr *next = e->u.compare.comparators.data[c];
        AstCmpOp op = e->u.compare.ops.data[c];
        if (op == CMPOP_IN || op == CMPOP_NOTIN) {
            seq_use(g, next);
        } else if (op != CMPOP_IS && op != CMPOP_ISNOT) {
            vote(g, param_index(g, prev), literal_kind(next));
            vote(g, param_index(g, next), literal_kind(prev));
            /* src[i] == "_": src holds characters (a list of str would too, but a
             * wrong guess only costs the entry's type check) */
            vote(g, item_of_param(g, prev), literal_kind(next) == 's' ? 's' : 0);
            vote(g, item_of_param(g, next), literal_kind(prev) == 's' ? 's' : 0);
            typed_use(g, next);
            if (c == 0) {
                typed_use(g, prev);
            }
        }
        prev = next;
    }
}

/* Methods str has and int, float, list, dict, bytes do not. */
static bool str_only_method(const char *m)
{
    static const char *const names[] = {"strip", "lstrip", "rstrip", "split", "rsplit", "lower", "upper",
                                        "startswith", "endswith", "isdigit", "isalpha", "isspace", "isalnum",
                                        "isdecimal", "isnumeric", "islower", "isupper",
                                        "splitlines", "casefold", "format", "encode", NULL};
    for (int i = 0; names[i]; i++) {
        if (strcmp(m, names[i]) == 0) {
            return true;
        }
    }
    return false;
}

static void call_evidence(Guess *g, const AstExpr *e)
{
    const AstExpr *fn = e->u.call.func;
    g->bad |= fn->kind == EXPR_NAME && strcmp(fn->u.name.id, "pow") == 0;
    if (fn->kind == EXPR_NAME && strcmp(fn->u.name.id, "range") == 0) {
        for (int a = 0; a < e->u.call.args.len; a++) {
            vote(g, param_index(g, e->u.call.args.data[a]), 'i');
            typed_use(g, e->u.call.args.data[a]);
        }
    } else if (fn->kind == EXPR_ATTRIBUTE && str_only_method(fn->u.attribute.attr)) {
        vote(g, param_index(g, fn->u.attribute.value), 's');
        vote(g, item_of_param(g, fn->u.attribute.value), 's');
        typed_use(g, fn->u.attribute.value);
    } else if (fn->kind == EXPR_NAME && strcmp(fn->u.name.id, "len") == 0 && e->u.call.args.len == 1) {
        seq_use(g, e->u.call.args.data[0]);
    }
}

/* 3, -2: an exponent no power of a float makes complex */
static bool int_literal(const AstExpr *e)
{
    if (e->kind == EXPR_UNARYOP && (e->u.unaryop.op == UNARY_NEG || e->u.unaryop.op == UNARY_POS)) {
        e = e->u.unaryop.operand;
    }
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_INT;
}

static void scan_expr(AstExpr *e, void *arg)
{
    Guess *g = arg;
    switch (e->kind) {
    case EXPR_YIELD: case EXPR_YIELDFROM: case EXPR_AWAIT:
        g->bad = true;
        break;
    case EXPR_NAME: {
        int i = param_index(g, e);
        if (i >= 0 && e->u.name.ctx != CTX_LOAD) {
            g->kind[i] = 'x';   /* rebound: the copy's annotation would refuse other values */
        } else if (i >= 0) {
            g->loads[i]++;
        }
        break;
    }
    case EXPR_SUBSCRIPT: seq_use(g, e->u.subscript.value); break;
    case EXPR_UNARYOP: typed_use(g, e->u.unaryop.operand); break;
    case EXPR_IFEXP: typed_use(g, e->u.ifexp.test); break;
    case EXPR_NAMEDEXPR: {
        int i = param_index(g, e->u.namedexpr.target);
        if (i >= 0) {
            g->kind[i] = 'x';
        }
        break;
    }
    case EXPR_BINOP:
        /* a typed float power cannot give CPython's complex result ((-4.0) ** 0.5,
         * (-4) ** 0.5): no copy where one may be taken (an int literal exponent is real) */
        g->bad |= e->u.binop.op == BINOP_POW && !int_literal(e->u.binop.right);
        binop_evidence(g, e);
        break;
    case EXPR_COMPARE: compare_evidence(g, e); break;
    case EXPR_CALL: call_evidence(g, e); break;
    case EXPR_FSTRING:   /* {x} of an int or str formats it without a protocol call */
        for (int p = 0; p < e->u.fstring.parts.len; p++) {
            AstFStringPart *part = &e->u.fstring.parts.data[p];
            if (part->value && !part->conversion && !part->format_spec && !part->debug_text) {
                typed_use(g, part->value);
            }
        }
        break;
    default: break;
    }
}

static void typed_use(Guess *g, const AstExpr *e)
{
    int i = param_index(g, e);
    if (i >= 0 && e->u.name.ctx == CTX_LOAD) {
        g->typed[i]++;
    }
}

static void scan_body(Guess *g, AstStmtVec *body);

/* Statements that bind names without an expression the walk sees, or make scopes;
 * reads as tests, as a local's new value or as an augmented assignment's operand are
 * typed uses. */
static void scan_stmt(Guess *g, AstStmt *st)
{
    switch (st->kind) {
    case STMT_FUNCDEF: case STMT_CLASSDEF: case STMT_MATCH: case STMT_IMPORT: case STMT_IMPORTFROM:
    case STMT_GLOBAL: case STMT_NONLOCAL: case STMT_TYPEALIAS:
        g->bad = true;
        return;
    case STMT_IF:
        typed_use(g, st->u.if_.test);
        scan_body(g, &st->u.if_.body);
        scan_body(g, &st->u.if_.orelse);
        break;
    case STMT_WHILE:
        typed_use(g, st->u.while_.test);
        scan_body(g, &st->u.while_.body);
        scan_body(g, &st->u.while_.orelse);
        break;
    case STMT_AUGASSIGN:
        g->bad |= st->u.augassign.op == BINOP_POW && !int_literal(st->u.augassign.value);
        if (st->u.augassign.target->kind == EXPR_NAME) {
            typed_use(g, st->u.augassign.value);
        }
        break;
    case STMT_ASSIGN:
        if (st->u.assign.targets.len == 1 && st->u.assign.targets.data[0]->kind == EXPR_NAME) {
            typed_use(g, st->u.assign.value);
        }
        break;
    case STMT_FOR: seq_use(g, st->u.for_.iter); scan_body(g, &st->u.for_.body); scan_body(g, &st->u.for_.orelse); g->bad |= st->u.for_.is_async; break;
    case STMT_WITH: scan_body(g, &st->u.with.body); g->bad |= st->u.with.is_async; break;
    case STMT_TRY:
        scan_body(g, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            AstExceptHandler *h = &st->u.try_.handlers.data[i];
            for (int p = 0; h->name && p < g->n; p++) {
                if (strcmp(h->name, g->names[p]) == 0) {
                    g->kind[p] = 'x';
                }
            }
            scan_body(g, &h->body);
        }
        scan_body(g, &st->u.try_.orelse);
        scan_body(g, &st->u.try_.finalbody);
        break;
    default: break;
    }
}

static void scan_body(Guess *g, AstStmtVec *body)
{
    for (int i = 0; i < body->len && !g->bad; i++) {
        scan_stmt(g, body->data[i]);
    }
}

const char *sema_spec_kind_type(char kind)
{
    return kind == 'i' ? "int" : kind == 'f' ? "float" : "str";
}

static AstExpr *annotation_for(Ctx *ctx, char kind, Loc loc)
{
    AstExpr *e = ARENA_NEW(&ctx->arena, AstExpr);
    e->kind = EXPR_NAME;
    e->loc = loc;
    e->u.name.id = intern_cstr(ctx->names, sema_spec_kind_type(kind));
    e->u.name.ctx = CTX_LOAD;
    return e;
}

/* Decides def's copy: its parameters' kinds, their annotations; or no copy. */
static void guess(Ctx *ctx, AstStmt *def)
{
    AstStmt *copy = def->u.funcdef.spec;
    AstArguments *a = def->u.funcdef.args;
    int npos = a->posonly.len + a->args.len;
    Guess g = {.n = npos};
    g.bad = npos > MAX_PARAMS || def->u.funcdef.decorators.len > 0 || sema_is_generator(def);
    for (int i = 0; i < npos && !g.bad; i++) {
        AstArg *p = ast_param_at(a, i);
        g.names[i] = p->name;
        g.kind[i] = p->annotation ? 'x' : literal_kind(p->default_);
        if (p->default_ && p->default_->kind == EXPR_CONST && p->default_->u.constant.kind == CONST_NONE) {
            g.kind[i] = 'x';   /* an optional argument: None is its other kind */
        }
    }
    if (!g.bad) {
        scan_body(&g, &def->u.funcdef.body);
    }
    for (int i = 0; i < def->u.funcdef.body.len && !g.bad; i++) {
        sema_walk_stmt(def->u.funcdef.body.data[i], scan_expr, &g);
    }
    char *kinds = arena_alloc(&ctx->arena, (size_t)npos + 1);
    bool any = false;
    for (int i = 0; i < npos; i++) {
        /* a read where the copy would box the value again (a call's argument, an item,
         * the result) costs an allocation the generic code does not make: worth it only
         * where typed uses are three times as many (`items.append(n)` alone was 1.49x
         * slower in a copy) */
        int paying = g.typed[i] + (g.kind[i] == 's' ? g.seq[i] : 0), boxing = g.loads[i] - paying;
        char k = g.bad || paying == 0 || paying < 3 * boxing ? 0 : g.kind[i];   /* a default alone is no use */
        kinds[i] = k == 'i' || k == 'f' || k == 's' ? k : '-';
        any |= kinds[i] != '-';
    }
    if (!any) {
        def->u.funcdef.spec = NULL;
        return;
    }
    def->u.funcdef.spec_kinds = kinds;
    for (int i = 0; i < npos; i++) {
        if (kinds[i] != '-') {
            AstArg *p = ast_param_at(copy->u.funcdef.args, i);
            p->annotation = annotation_for(ctx, kinds[i], p->loc);
        }
    }
}

/* Does module code bind one of the names the copies' annotations use? */
static bool shadows_builtin_types(const AstModule *mod)
{
    static const char *const names[] = {"int", "float", "str"};
    for (int i = 0; i < mod->body.len; i++) {
        const AstStmt *st = mod->body.data[i];
        const char *bound = st->kind == STMT_FUNCDEF ? st->u.funcdef.name : st->kind == STMT_CLASSDEF ? st->u.classdef.name : NULL;
        const AstExpr *t = st->kind == STMT_ASSIGN && st->u.assign.targets.len == 1 ? st->u.assign.targets.data[0] : NULL;
        if (t && t->kind == EXPR_NAME) {
            bound = t->u.name.id;
        }
        if (st->kind == STMT_IMPORT || st->kind == STMT_IMPORTFROM) {
            const AstAliasVec *v = st->kind == STMT_IMPORT ? &st->u.import.names : &st->u.importfrom.names;
            for (int j = 0; j < v->len; j++) {
                const AstAlias *al = &v->data[j];
                const char *as = al->asname ? al->asname : al->name;
                for (int k = 0; k < 3; k++) {
                    if (strcmp(as, names[k]) == 0) {
                        return true;
                    }
                }
            }
        }
        for (int k = 0; bound && k < 3; k++) {
            if (strcmp(bound, names[k]) == 0) {
                return true;
            }
        }
    }
    return false;
}

void sema_speculate_params(Ctx *ctx, AstModule *mod)
{
    /* profiled builds (`pyc2c hot`) time each function once, under its own name */
    bool shadowed = ctx->profile || shadows_builtin_types(mod);
    for (int i = 0; i < mod->body.len; i++) {
        AstStmt *st = mod->body.data[i];
        if (st->kind != STMT_FUNCDEF || !st->u.funcdef.spec) {
            continue;
        }
        if (shadowed) {
            st->u.funcdef.spec = NULL;
        } else {
            guess(ctx, st);
        }
    }
}
