/* speculate.c - guarded speculation for loops over untyped containers.
 *
 *     def step(ps: list, dt: float):
 *         for p in ps:
 *             p.x += p.v * dt
 *
 * p is an object, so each attribute is a generic read or write (a boxed float each
 * time for a field the class stores unboxed). The front end lowered such a body twice
 * (AstStmt.u.for_.spec); when every attribute the body reads or writes on p is a
 * field or method of one native class C, the copy is checked with p typed as C, and
 * the loop runs it whenever p is an instance of C (or a native subclass) whose class
 * is unchanged (IR_LAYOUT_IS), the generic body otherwise: what CPython's
 * specializing interpreter does per instruction, done once per iteration. (Not for
 * NamedTuple classes: their items are not checked against the annotations when made,
 * so a typed copy could change what untyped code computes: an int in a float field.)
 *
 * The copy must mean what the body means for such a p: it may not rebind p, define
 * functions, lambdas, comprehensions or generators (their scopes are made once per
 * body), and checking it may not fail (a store the typed code refuses, such as a str
 * into a float field, raises at run time in the generic body: no speculation then). */
#include <string.h>
#include "sema_internal.h"

#define MAX_ATTRS 32

typedef struct Scan {
    const char *id;                  /* the loop variable */
    const char *more[3];             /* a tuple target's other names */
    bool arith[4];                   /* id, more[k]: an operand of arithmetic or a comparison */
    const char *attrs[MAX_ATTRS];    /* read or written on it */
    bool stored[MAX_ATTRS];
    int n;
    bool bad;
} Scan;

static void note_attr(Scan *sc, const char *attr, bool store)
{
    for (int i = 0; i < sc->n; i++) {
        if (strcmp(sc->attrs[i], attr) == 0) {
            sc->stored[i] |= store;
            return;
        }
    }
    if (sc->n == MAX_ATTRS) {
        sc->bad = true;
        return;
    }
    sc->attrs[sc->n] = attr;
    sc->stored[sc->n++] = store;
}

static bool is_target(const Scan *sc, const char *id)
{
    if (strcmp(id, sc->id) == 0) {
        return true;
    }
    for (int i = 0; i < 3; i++) {
        if (sc->more[i] && strcmp(id, sc->more[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* e, if it is a read of a target's name, is an operand. */
static void note_operand(Scan *sc, const AstExpr *e)
{
    if (!e || e->kind != EXPR_NAME) {
        return;
    }
    for (int i = 0; i < 4; i++) {
        const char *id = i == 0 ? sc->id : sc->more[i - 1];
        if (id && strcmp(id, e->u.name.id) == 0) {
            sc->arith[i] = true;
        }
    }
}

static void scan_expr(AstExpr *e, void *arg)
{
    Scan *sc = arg;
    switch (e->kind) {
    case EXPR_BINOP:
        note_operand(sc, e->u.binop.left);
        note_operand(sc, e->u.binop.right);
        break;
    case EXPR_UNARYOP:
        note_operand(sc, e->u.unaryop.operand);
        break;
    case EXPR_COMPARE:
        note_operand(sc, e->u.compare.left);
        for (int i = 0; i < e->u.compare.comparators.len; i++) {
            note_operand(sc, e->u.compare.comparators.data[i]);
        }
        break;
    case EXPR_LAMBDA: case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: case EXPR_GENEXP:
    case EXPR_YIELD: case EXPR_YIELDFROM: case EXPR_AWAIT: case EXPR_NAMEDEXPR:
        sc->bad = true;
        break;
    case EXPR_NAME:
        if (e->u.name.ctx != CTX_LOAD && is_target(sc, e->u.name.id)) {
            sc->bad = true;   /* p rebound or deleted */
        }
        break;
    case EXPR_ATTRIBUTE: {
        AstExpr *v = e->u.attribute.value;
        if (v->kind == EXPR_NAME && strcmp(v->u.name.id, sc->id) == 0) {
            if (e->u.attribute.ctx == CTX_DEL) {
                sc->bad = true;
            }
            note_attr(sc, e->u.attribute.attr, e->u.attribute.ctx == CTX_STORE);
        }
        break;
    }
    default:
        break;
    }
}

static void scan_body(Scan *sc, AstStmtVec *body);

static void scan_stmt(Scan *sc, AstStmt *st)
{
    switch (st->kind) {
    case STMT_AUGASSIGN:
        note_operand(sc, st->u.augassign.value);
        sema_walk_stmt(st, scan_expr, sc);
        break;
    case STMT_EXPR: case STMT_ASSIGN: case STMT_RETURN:
    case STMT_PASS: case STMT_BREAK: case STMT_CONTINUE:
        sema_walk_stmt(st, scan_expr, sc);
        break;
    case STMT_IF:
        sema_walk_expr(st->u.if_.test, scan_expr, sc);
        scan_body(sc, &st->u.if_.body);
        scan_body(sc, &st->u.if_.orelse);
        break;
    case STMT_WHILE:
        sema_walk_expr(st->u.while_.test, scan_expr, sc);
        scan_body(sc, &st->u.while_.body);
        scan_body(sc, &st->u.while_.orelse);
        break;
    case STMT_FOR:
        sema_walk_expr(st->u.for_.target, scan_expr, sc);
        sema_walk_expr(st->u.for_.iter, scan_expr, sc);
        sc->bad |= st->u.for_.is_async;
        scan_body(sc, &st->u.for_.body);
        scan_body(sc, &st->u.for_.orelse);
        break;
    default:
        sc->bad = true;   /* try, with, def, class, del, global, import, ... */
        break;
    }
}

static void scan_body(Scan *sc, AstStmtVec *body)
{
    for (int i = 0; i < body->len && !sc->bad; i++) {
        scan_stmt(sc, body->data[i]);
    }
}

/* The first native class (source order) of which every attribute is a field, or a
 * method when only read; at least one must be a field. */
static SemaClass *pick_class(Sema *s, const Scan *sc)
{
    for (int k = 0; k < s->sm->classes.len; k++) {
        SemaClass *c = s->sm->classes.data[k];
        bool fits = true, field = false;
        for (int i = 0; i < sc->n && fits; i++) {
            bool is_field = sema_class_field(c, sc->attrs[i]) != NULL;
            field |= is_field;
            fits = is_field || (!sc->stored[i] && sema_class_method(s->sm, c, sc->attrs[i]));
        }
        if (fits && field) {
            return c;
        }
    }
    return NULL;
}

/* Checks the copy with the target typed as t: false, and nothing recorded, when
 * that fails anywhere. */
static bool check_copy(Sema *s, AstStmt *st, const Symbol *sym, const Type *t)
{
    const char *reason = s->unit_reason;
    Loc reason_loc = s->unit_loc;
    int errors = s->ctx->diags.errors, len = s->ctx->diags.list.len;
    NarrowEnv entry = s->narrow;
    const Symbol *outer_sym = s->spec_sym;
    const Type *outer_type = s->spec_type;
    s->spec_sym = sym;
    s->spec_type = t;
    s->loop_depth++;
    sema_check_body(s, &st->u.for_.spec);
    s->loop_depth--;
    s->spec_sym = outer_sym;
    s->spec_type = outer_type;
    s->narrow = entry;
    if (s->unit_reason == reason && s->ctx->diags.errors == errors && s->ctx->diags.list.len == len) {
        return true;
    }
    s->unit_reason = reason;
    s->unit_loc = reason_loc;
    s->ctx->diags.errors = errors;
    s->ctx->diags.list.len = len;
    return false;
}

/* A local of the function holding objects, not captured, not already typed here. */
static bool object_local(const Sema *s, const Symbol *sym)
{
    if (!sym || sym->kind != SYM_LOCAL || sym->captured || !sym->type || sym->type->kind != TY_OBJECT ||
        sym == s->spec_sym) {
        return false;
    }
    for (int i = 0; i < s->n_spec_ints; i++) {
        if (sym == s->spec_ints[i]) {
            return false;
        }
    }
    return true;
}

/* `for a, b, c in items:` whose copy does arithmetic on (or compares) some of the
 * names: the copy is checked with those (at most three) read as ints, and runs while
 * they hold exact ints (ir/build_stmt.c int_tuple_copy). The copy may not rebind any. */
static void speculate_int_tuple(Sema *s, AstStmt *st)
{
    AstExprVec *elts = &st->u.for_.target->u.seq.elts;
    Scan sc = {.id = elts->data[0]->u.name.id};
    const Symbol *syms[4], *ints[4];
    for (int i = 0; i < elts->len; i++) {
        syms[i] = elts->data[i]->u.name.sym;
        if (!object_local(s, syms[i])) {
            return;
        }
        for (int j = 0; j < i; j++) {
            if (syms[j] == syms[i]) {
                return;   /* `for a, a in ...` */
            }
        }
        if (i > 0) {
            sc.more[i - 1] = elts->data[i]->u.name.id;
        }
    }
    scan_body(&sc, &st->u.for_.spec);
    int n = 0;
    unsigned mask = 0;
    for (int i = 0; i < elts->len; i++) {
        if (sc.arith[i]) {
            ints[n++] = syms[i];
            mask |= 1u << i;
        }
    }
    if (sc.bad || n == 0 || n > 3) {
        return;
    }
    int outer_n = s->n_spec_ints;
    const Symbol *outer[4];
    memcpy(outer, s->spec_ints, sizeof outer);
    s->n_spec_ints = n;
    memcpy(s->spec_ints, ints, (size_t)n * sizeof ints[0]);
    bool ok = check_copy(s, st, s->spec_sym, s->spec_type);
    s->n_spec_ints = outer_n;
    memcpy(s->spec_ints, outer, sizeof outer);
    if (ok) {
        st->u.for_.spec_type = &ty_int;
        st->u.for_.spec_ints = (unsigned char)mask;
    }
}

void sema_speculate_for(Sema *s, AstStmt *st)
{
    st->u.for_.spec_type = NULL;   /* decided again each round */
    AstExpr *t = st->u.for_.target;
    if (s->func && st->u.for_.spec.len > 0 && (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST)) {
        speculate_int_tuple(s, st);
        return;
    }
    if (!s->func || st->u.for_.spec.len == 0 || t->kind != EXPR_NAME) {
        return;
    }
    Symbol *sym = t->u.name.sym;
    if (!object_local(s, sym)) {
        return;
    }
    Scan sc = {.id = t->u.name.id};
    scan_body(&sc, &st->u.for_.spec);
    SemaClass *c = sc.bad ? NULL : pick_class(s, &sc);
    if (c && check_copy(s, st, sym, c->type)) {
        st->u.for_.spec_type = c->type;
    }
}
