/* webs.c - one variable per web: a local rebound to values of another type is split.
 *
 *     def parse(s: str):
 *         n = s.strip()       # web 1: a str
 *         n = int(n)          # web 2: an int
 *         return n * 2
 *
 * Sema types a local by its assignments together, so n would hold objects and every
 * operation on it be generic. A web is a set of assignments and reads of one name that
 * reach each other (reaching definitions, joined through the reads); the webs of a
 * name never meet, so each can be a variable of its own with its own type. Before sema
 * runs, every web but a name's first is renamed "name#k" ('#' is never in an
 * identifier); sema_source_name gives the name back for messages.
 *
 * Reaching definitions are over-approximated, which only joins webs (always correct):
 * a loop's head is reached by every definition in its body, a handler and a finally by
 * every definition in the try (an exception may come from anywhere), the code after a
 * with by every definition in its body (__exit__ may swallow an exception), and an
 * assignment expression (:=) adds a definition without removing the others.
 *
 * Left whole: names declared global or nonlocal, annotated, deleted, bound by import,
 * def, class or `except ... as`, and names any nested scope sees (a def, lambda or class
 * body, a generator expression after its first iterable: they read the variable later,
 * when another web may hold it); the first parameter of a function that calls super()
 * (which reads it); functions that use locals(), vars(), dir(), eval() or exec(), match
 * statements, or are async. Functions with more than MAX_DEFS assignments of the names
 * involved are left as they are (the analysis stays linear in the function's size).
 *
 * When a web is assigned, the other webs of its name no longer hold a value in CPython:
 * the IR builder releases them there (build_release_sibling_webs), so objects die when
 * they would. */
#include <string.h>
#include "webs.h"

/* ---- definitions ---- */

static bool candidate(const Webs *w, const char *id, int *name)
{
    int i = webs_name_index(w, id);
    if (i < 0 || w->excluded.data[i]) {
        return false;
    }
    *name = i;
    return true;
}

static int new_def(Webs *w, AstExpr *node, int name)
{
    DefSite d = {node, name, w->defs.len};
    vec_push(&w->ctx->arena, &w->defs, d);
    if (node) {
        webs_map_put(&w->ctx->arena, &w->def_of, node, d.parent);
    }
    return d.parent;
}

static void number_target(Webs *w, AstExpr *t);

/* Numbers every assignment of a candidate name in source order (the spec copy of a
 * loop body too), so "first web" means the first in the source; each statement keeps
 * the range of numbers given inside it (what may reach its loop head or handlers). */
static void number_walrus(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_NAMEDEXPR) {
        number_target(arg, e->u.namedexpr.target);
    }
}

static void number_expr(Webs *w, AstExpr *e)
{
    sema_walk_expr(e, number_walrus, w);
}

static void number_target(Webs *w, AstExpr *t)
{
    int name;
    if (!t) {
        return;
    }
    if (t->kind == EXPR_NAME && candidate(w, t->u.name.id, &name) && webs_map_get(&w->def_of, t) < 0) {
        new_def(w, t, name);
    } else if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            number_target(w, t->u.seq.elts.data[i]);
        }
    } else if (t->kind == EXPR_STARRED) {
        number_target(w, t->u.starred.value);
    } else {
        number_expr(w, t);
    }
}

static void number_body(Webs *w, AstStmtVec *body);

static void number_stmt(Webs *w, AstStmt *st)
{
    webs_map_put(&w->ctx->arena, &w->range_start, st, w->defs.len);
    switch (st->kind) {
    case STMT_ASSIGN:
        number_expr(w, st->u.assign.value);
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            number_target(w, st->u.assign.targets.data[i]);
        }
        break;
    case STMT_AUGASSIGN: number_expr(w, st->u.augassign.value); number_target(w, st->u.augassign.target); break;
    case STMT_ANNASSIGN: number_expr(w, st->u.annassign.value); break;
    case STMT_FOR:
        number_expr(w, st->u.for_.iter);
        number_target(w, st->u.for_.target);
        number_body(w, &st->u.for_.body);
        number_body(w, &st->u.for_.spec);
        number_body(w, &st->u.for_.orelse);
        break;
    case STMT_WHILE: number_expr(w, st->u.while_.test); number_body(w, &st->u.while_.body); number_body(w, &st->u.while_.orelse); break;
    case STMT_IF: number_expr(w, st->u.if_.test); number_body(w, &st->u.if_.body); number_body(w, &st->u.if_.orelse); break;
    case STMT_WITH:
        for (int i = 0; i < st->u.with.items.len; i++) {
            number_expr(w, st->u.with.items.data[i].context);
            number_target(w, st->u.with.items.data[i].target);
        }
        number_body(w, &st->u.with.body);
        break;
    case STMT_TRY:
        number_body(w, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            number_expr(w, st->u.try_.handlers.data[i].type);
            number_body(w, &st->u.try_.handlers.data[i].body);
        }
        number_body(w, &st->u.try_.orelse);
        number_body(w, &st->u.try_.finalbody);
        break;
    case STMT_RETURN: number_expr(w, st->u.ret.value); break;
    case STMT_RAISE: number_expr(w, st->u.raise.exc); number_expr(w, st->u.raise.cause); break;
    case STMT_ASSERT: number_expr(w, st->u.assert_.test); number_expr(w, st->u.assert_.msg); break;
    case STMT_EXPR: number_expr(w, st->u.expr.value); break;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            number_expr(w, st->u.delete_.targets.data[i]);
        }
        break;
    default:
        break;   /* a def's or class's decorators and defaults bind nothing here we split */
    }
    webs_map_put(&w->ctx->arena, &w->range_end, st, w->defs.len);
}

static void number_body(Webs *w, AstStmtVec *body)
{
    for (int i = 0; i < body->len && w->defs.len <= MAX_DEFS; i++) {
        number_stmt(w, body->data[i]);
    }
}

static int find(Webs *w, int d)
{
    while (w->defs.data[d].parent != d) {
        w->defs.data[d].parent = w->defs.data[w->defs.data[d].parent].parent;
        d = w->defs.data[d].parent;
    }
    return d;
}

static void join(Webs *w, int a, int b)
{
    a = find(w, a);
    b = find(w, b);
    if (a != b) {   /* the earlier definition is the root: it names the web */
        w->defs.data[a > b ? a : b].parent = a < b ? a : b;
    }
}

/* ---- reaching definitions ---- */

typedef struct State {
    Bits in;
    bool live;
} State;

static void bits_or(Bits *a, const Bits *b)
{
    for (int i = 0; i < WORDS; i++) {
        a->w[i] |= b->w[i];
    }
}

static void merge(State *into, const State *other)
{
    if (!other->live) {
        return;
    }
    if (!into->live) {
        *into = *other;
        return;
    }
    bits_or(&into->in, &other->in);
}

static void gen(Bits *b, int d)
{
    b->w[d / 64] |= (uint64_t)1 << (d % 64);
}

/* A definition that replaces the name's others (a statement's assignment). */
static void kill_gen(Webs *w, Bits *b, int d)
{
    const int *ds = w->name_defs[w->defs.data[d].name].data;
    for (int i = 0; i < w->name_defs[w->defs.data[d].name].len; i++) {
        b->w[ds[i] / 64] &= ~((uint64_t)1 << (ds[i] % 64));
    }
    gen(b, d);
}

/* The definitions of name that reach here are one web: the first of them, or -1. */
static int reaching(Webs *w, int name, const Bits *b)
{
    int first = -1;
    for (int i = 0; i < w->name_defs[name].len; i++) {
        int d = w->name_defs[name].data[i];
        if (b->w[d / 64] >> (d % 64) & 1) {
            if (first < 0) {
                first = d;
            } else {
                join(w, first, d);
            }
        }
    }
    return first;
}

static void read_name(Webs *w, AstExpr *e, const Bits *b)
{
    int name;
    if (!candidate(w, e->u.name.id, &name) || webs_shadowed(w, e->u.name.id)) {
        return;
    }
    int first = reaching(w, name, b);
    int u = webs_map_get(&w->use_of, e);
    if (u < 0) {
        UseSite us = {e, first};
        vec_push(&w->ctx->arena, &w->uses, us);
        webs_map_put(&w->ctx->arena, &w->use_of, e, w->uses.len - 1);
    } else if (first >= 0) {
        if (w->uses.data[u].def >= 0) {
            join(w, w->uses.data[u].def, first);
        }
        w->uses.data[u].def = first;
    }
}

/* Every definition anywhere in a statement (the may-reach set of its loop head, its
 * handlers, the code after a with). */
static void gen_inside(Webs *w, AstStmt *st, Bits *b)
{
    int end = webs_map_get(&w->range_end, st);
    for (int d = webs_map_get(&w->range_start, st); d < end; d++) {
        gen(b, d);
    }
}

static void flow_expr(Webs *w, AstExpr *e, State *s);

static void flow_exprs(Webs *w, AstExprVec *v, State *s)
{
    for (int i = 0; i < v->len; i++) {
        flow_expr(w, v->data[i], s);
    }
}

static void push_comp_targets(Webs *w, AstExpr *t)
{
    if (t->kind == EXPR_NAME) {
        vec_push(&w->ctx->arena, &w->shadow, t->u.name.id);
    } else if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            push_comp_targets(w, t->u.seq.elts.data[i]);
        }
    } else if (t->kind == EXPR_STARRED) {
        push_comp_targets(w, t->u.starred.value);
    }
}

/* A list, set or dict comprehension: its first iterable here, the rest once per item
 * with its variables in scope; twice, so that a := in one item reaches the next. */
static void flow_comp(Webs *w, AstExpr *e, State *s)
{
    AstCompVec *gens = &e->u.comp.generators;
    flow_expr(w, gens->data[0].iter, s);
    int mark = w->shadow.len;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < gens->len; i++) {
            if (i > 0) {
                flow_expr(w, gens->data[i].iter, s);
            }
            push_comp_targets(w, gens->data[i].target);
            flow_exprs(w, &gens->data[i].ifs, s);
        }
        flow_expr(w, e->u.comp.elt, s);
        flow_expr(w, e->u.comp.value, s);
        w->shadow.len = mark;
    }
}

static void flow_expr(Webs *w, AstExpr *e, State *s)
{
    if (!e) {
        return;
    }
    switch (e->kind) {
    case EXPR_NAME:
        if (e->u.name.ctx == CTX_LOAD) {
            read_name(w, e, &s->in);
        }
        break;
    case EXPR_NAMEDEXPR: {
        flow_expr(w, e->u.namedexpr.value, s);
        int d = webs_map_get(&w->def_of, e->u.namedexpr.target);
        if (d >= 0) {
            gen(&s->in, d);   /* it may not run (a and (x := y)): adds, replaces nothing */
        }
        break;
    }
    case EXPR_BOOLOP: flow_exprs(w, &e->u.boolop.values, s); break;
    case EXPR_BINOP: flow_expr(w, e->u.binop.left, s); flow_expr(w, e->u.binop.right, s); break;
    case EXPR_UNARYOP: flow_expr(w, e->u.unaryop.operand, s); break;
    case EXPR_LAMBDA: {
        AstArguments *a = e->u.lambda.args;
        for (int i = 0; i < ast_param_count(a); i++) {
            flow_expr(w, ast_param_at(a, i)->default_, s);
        }
        break;   /* the body's names are left whole */
    }
    case EXPR_IFEXP: flow_expr(w, e->u.ifexp.test, s); flow_expr(w, e->u.ifexp.body, s); flow_expr(w, e->u.ifexp.orelse, s); break;
    case EXPR_DICT:
        for (int i = 0; i < e->u.dict.keys.len; i++) {
            flow_expr(w, e->u.dict.keys.data[i], s);
            flow_expr(w, e->u.dict.values.data[i], s);
        }
        break;
    case EXPR_SET: flow_exprs(w, &e->u.set.elts, s); break;
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: flow_comp(w, e, s); break;
    case EXPR_GENEXP: flow_expr(w, e->u.comp.generators.data[0].iter, s); break;
    case EXPR_AWAIT: flow_expr(w, e->u.await_.value, s); break;
    case EXPR_YIELD: case EXPR_YIELDFROM: flow_expr(w, e->u.yield.value, s); break;
    case EXPR_COMPARE: flow_expr(w, e->u.compare.left, s); flow_exprs(w, &e->u.compare.comparators, s); break;
    case EXPR_CALL:
        flow_expr(w, e->u.call.func, s);
        flow_exprs(w, &e->u.call.args, s);
        for (int i = 0; i < e->u.call.keywords.len; i++) {
            flow_expr(w, e->u.call.keywords.data[i].value, s);
        }
        break;
    case EXPR_FSTRING:
        for (int i = 0; i < e->u.fstring.parts.len; i++) {
            flow_expr(w, e->u.fstring.parts.data[i].value, s);
            flow_expr(w, e->u.fstring.parts.data[i].format_spec, s);
        }
        break;
    case EXPR_ATTRIBUTE: flow_expr(w, e->u.attribute.value, s); break;
    case EXPR_SUBSCRIPT: flow_expr(w, e->u.subscript.value, s); flow_expr(w, e->u.subscript.index, s); break;
    case EXPR_STARRED: flow_expr(w, e->u.starred.value, s); break;
    case EXPR_LIST: case EXPR_TUPLE: flow_exprs(w, &e->u.seq.elts, s); break;
    case EXPR_SLICE: flow_expr(w, e->u.slice.lower, s); flow_expr(w, e->u.slice.upper, s); flow_expr(w, e->u.slice.step, s); break;
    default: break;
    }
}

/* An assignment's targets: names are defined; x.a and x[i] read x (and i). */
static void flow_store(Webs *w, AstExpr *t, State *s)
{
    switch (t->kind) {
    case EXPR_NAME: {
        int d = webs_map_get(&w->def_of, t);
        if (d >= 0) {
            kill_gen(w, &s->in, d);
        }
        break;
    }
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            flow_store(w, t->u.seq.elts.data[i], s);
        }
        break;
    case EXPR_STARRED: flow_store(w, t->u.starred.value, s); break;
    case EXPR_ATTRIBUTE: flow_expr(w, t->u.attribute.value, s); break;
    case EXPR_SUBSCRIPT: flow_expr(w, t->u.subscript.value, s); flow_expr(w, t->u.subscript.index, s); break;
    default: flow_expr(w, t, s); break;
    }
}

static void flow_body(Webs *w, AstStmtVec *body, State *s);

static void flow_for(Webs *w, AstStmt *st, State *s)
{
    flow_expr(w, st->u.for_.iter, s);
    State head = *s;   /* reached by every definition of the body (and the target) */
    gen_inside(w, st, &head.in);
    State body = head;
    flow_store(w, st->u.for_.target, &body);
    State spec = body;
    flow_body(w, &st->u.for_.body, &body);
    flow_body(w, &st->u.for_.spec, &spec);
    State out = head;
    flow_body(w, &st->u.for_.orelse, &out);
    merge(&out, &head);   /* a break: no more than the head holds */
    *s = out;
}

static void flow_while(Webs *w, AstStmt *st, State *s)
{
    State head = *s;
    gen_inside(w, st, &head.in);
    flow_expr(w, st->u.while_.test, &head);
    State body = head;
    flow_body(w, &st->u.while_.body, &body);
    State out = head;
    flow_body(w, &st->u.while_.orelse, &out);
    merge(&out, &head);
    *s = out;
}

static void flow_try(Webs *w, AstStmt *st, State *s)
{
    State raised = *s;   /* an exception may come from any point of the body */
    gen_inside(w, st, &raised.in);   /* handlers and finally too: a little more than needed */
    flow_body(w, &st->u.try_.body, s);
    flow_body(w, &st->u.try_.orelse, s);
    State out = *s;
    for (int i = 0; i < st->u.try_.handlers.len; i++) {
        AstExceptHandler *h = &st->u.try_.handlers.data[i];
        State hs = raised;
        flow_expr(w, h->type, &hs);
        flow_body(w, &h->body, &hs);
        merge(&out, &hs);
    }
    if (st->u.try_.finalbody.len > 0) {
        State fin = raised;
        fin.live = true;
        merge(&fin, &out);
        bool live = out.live;
        flow_body(w, &st->u.try_.finalbody, &fin);
        fin.live = fin.live && live;
        out = fin;
    }
    *s = out;
}

static void flow_stmt(Webs *w, AstStmt *st, State *s)
{
    switch (st->kind) {
    case STMT_ASSIGN:
        flow_expr(w, st->u.assign.value, s);
        for (int i = 0; i < st->u.assign.targets.len; i++) {
            flow_store(w, st->u.assign.targets.data[i], s);
        }
        break;
    case STMT_AUGASSIGN: {
        AstExpr *t = st->u.augassign.target;
        flow_expr(w, st->u.augassign.value, s);
        if (t->kind == EXPR_NAME) {
            int d = webs_map_get(&w->def_of, t);
            if (d >= 0) {   /* the read and the write are one node: one web */
                int r = reaching(w, w->defs.data[d].name, &s->in);
                if (r >= 0) {
                    join(w, r, d);
                }
                kill_gen(w, &s->in, d);
            }
        } else {
            flow_store(w, t, s);
        }
        break;
    }
    case STMT_ANNASSIGN:
        flow_expr(w, st->u.annassign.value, s);
        if (st->u.annassign.target->kind != EXPR_NAME) {
            flow_store(w, st->u.annassign.target, s);
        }
        break;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            AstExpr *t = st->u.delete_.targets.data[i];
            if (t->kind != EXPR_NAME) {
                flow_store(w, t, s);
            }
        }
        break;
    case STMT_FOR: flow_for(w, st, s); break;
    case STMT_WHILE: flow_while(w, st, s); break;
    case STMT_IF: {
        flow_expr(w, st->u.if_.test, s);
        State other = *s;
        flow_body(w, &st->u.if_.body, s);
        flow_body(w, &st->u.if_.orelse, &other);
        merge(s, &other);
        break;
    }
    case STMT_WITH: {
        for (int i = 0; i < st->u.with.items.len; i++) {
            flow_expr(w, st->u.with.items.data[i].context, s);
            if (st->u.with.items.data[i].target) {
                flow_store(w, st->u.with.items.data[i].target, s);
            }
        }
        State swallowed = *s;   /* __exit__ may swallow an exception from anywhere in it */
        gen_inside(w, st, &swallowed.in);
        flow_body(w, &st->u.with.body, s);
        merge(s, &swallowed);
        break;
    }
    case STMT_TRY: flow_try(w, st, s); break;
    case STMT_RETURN: flow_expr(w, st->u.ret.value, s); s->live = false; break;
    case STMT_RAISE: flow_expr(w, st->u.raise.exc, s); flow_expr(w, st->u.raise.cause, s); s->live = false; break;
    case STMT_BREAK: case STMT_CONTINUE: s->live = false; break;
    case STMT_ASSERT: flow_expr(w, st->u.assert_.test, s); flow_expr(w, st->u.assert_.msg, s); break;
    case STMT_EXPR: flow_expr(w, st->u.expr.value, s); break;
    case STMT_FUNCDEF: {
        for (int i = 0; i < st->u.funcdef.decorators.len; i++) {
            flow_expr(w, st->u.funcdef.decorators.data[i], s);
        }
        AstArguments *a = st->u.funcdef.args;
        for (int i = 0; i < ast_param_count(a); i++) {
            flow_expr(w, ast_param_at(a, i)->default_, s);
        }
        break;
    }
    case STMT_CLASSDEF:
        flow_exprs(w, &st->u.classdef.decorators, s);
        flow_exprs(w, &st->u.classdef.bases, s);
        for (int i = 0; i < st->u.classdef.keywords.len; i++) {
            flow_expr(w, st->u.classdef.keywords.data[i].value, s);
        }
        break;
    default:
        break;
    }
}

static void flow_body(Webs *w, AstStmtVec *body, State *s)
{
    for (int i = 0; i < body->len; i++) {
        if (!s->live) {   /* unreachable code: its reads find nothing (they never run) */
            memset(&s->in, 0, sizeof s->in);
        }
        bool was_live = s->live;
        s->live = true;
        flow_stmt(w, body->data[i], s);
        s->live = s->live && was_live;
    }
}

/* ---- renaming ---- */

static void rename_webs(Webs *w)
{
    int *web_no = arena_alloc(&w->ctx->arena, sizeof(int) * (size_t)(w->defs.len + 1));
    int *count = arena_alloc(&w->ctx->arena, sizeof(int) * (size_t)(w->names.len + 1));
    for (int d = 0; d < w->defs.len; d++) {   /* roots come first in source order */
        if (find(w, d) == d) {
            web_no[d] = ++count[w->defs.data[d].name];
        }
    }
    for (int d = 0; d < w->defs.len; d++) {
        int k = web_no[find(w, d)];
        AstExpr *node = w->defs.data[d].node;
        if (k > 1 && node) {
            node->u.name.id = sema_web_name(w->ctx, node->u.name.id, k);
        }
    }
    for (int i = 0; i < w->uses.len; i++) {
        UseSite *u = &w->uses.data[i];
        int k = u->def >= 0 ? web_no[find(w, u->def)] : 1;
        if (k > 1) {
            u->node->u.name.id = sema_web_name(w->ctx, u->node->u.name.id, k);
        }
    }
}

const char *sema_web_name(Ctx *ctx, const char *id, int k)
{
    return intern_cstr(ctx->names, arena_printf(&ctx->arena, "%s#%d", id, k));
}

const char *sema_source_name(Ctx *ctx, const char *id)
{
    const char *hash = strchr(id, '#');
    return hash ? intern(ctx->names, id, (size_t)(hash - id)) : id;
}

static void split_func(Ctx *ctx, AstStmt *def)
{
    if (def->u.funcdef.is_async || def->u.funcdef.synthetic) {
        return;
    }
    Webs w = {.ctx = ctx};
    AstStmtVec *body = &def->u.funcdef.body;
    AstArguments *a = def->u.funcdef.args;
    webs_scan_func(&w, def);
    if (w.give_up) {
        return;
    }
    for (int i = 0; i < ast_param_count(a); i++) {   /* a parameter's value on entry */
        int name;
        if (candidate(&w, ast_param_at(a, i)->name, &name)) {
            new_def(&w, NULL, name);
        }
    }
    number_body(&w, body);
    if (w.defs.len > MAX_DEFS || w.defs.len == 0) {
        return;
    }
    w.name_defs = arena_alloc(&ctx->arena, sizeof *w.name_defs * (size_t)w.names.len);
    for (int d = 0; d < w.defs.len; d++) {
        vec_push(&ctx->arena, &w.name_defs[w.defs.data[d].name], d);
    }
    State s = {.live = true};
    for (int d = 0; d < w.defs.len && !w.defs.data[d].node; d++) {
        gen(&s.in, d);
    }
    flow_body(&w, body, &s);
    rename_webs(&w);
}

static void split_body(Ctx *ctx, AstStmtVec *body);

static void split_stmt(Ctx *ctx, AstStmt *st)
{
    switch (st->kind) {
    case STMT_FUNCDEF:
        split_func(ctx, st);
        split_body(ctx, &st->u.funcdef.body);
        if (st->u.funcdef.spec && st->u.funcdef.spec_kinds) {
            split_stmt(ctx, st->u.funcdef.spec);
        }
        break;
    case STMT_CLASSDEF: split_body(ctx, &st->u.classdef.body); break;
    case STMT_IF: split_body(ctx, &st->u.if_.body); split_body(ctx, &st->u.if_.orelse); break;
    case STMT_FOR: split_body(ctx, &st->u.for_.body); split_body(ctx, &st->u.for_.spec); split_body(ctx, &st->u.for_.orelse); break;
    case STMT_WHILE: split_body(ctx, &st->u.while_.body); split_body(ctx, &st->u.while_.orelse); break;
    case STMT_WITH: split_body(ctx, &st->u.with.body); break;
    case STMT_TRY:
        split_body(ctx, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            split_body(ctx, &st->u.try_.handlers.data[i].body);
        }
        split_body(ctx, &st->u.try_.orelse);
        split_body(ctx, &st->u.try_.finalbody);
        break;
    default:
        break;
    }
}

static void split_body(Ctx *ctx, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        split_stmt(ctx, body->data[i]);
    }
}

void sema_split_webs(Ctx *ctx, AstModule *mod)
{
    split_body(ctx, &mod->body);
}
