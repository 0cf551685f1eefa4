/* narrow.c - what a function knows, at each point, of its union-typed locals
 * (Optional[int], Union[int, str]): inside `if x is not None:`, after
 * `if x is None: return`, under `assert isinstance(x, str)` ... a read of x is typed as
 * the one member it can be, and the IR builder reads it as that member (a checked
 * unbox or cast of the object the variable holds).
 *
 * Only locals and parameters of the function being checked, and the loop variables of
 * its comprehensions (`[v for v in xs if v is not None]`), that no nested function
 * uses are narrowed: a cell may be rebound by a call in between. An environment is a
 * small immutable array (copied on change, in the arena), so saving one for a branch
 * is a struct copy. Loops and try statements forget what their bodies may rebind. */
#include <string.h>
#include "sema_internal.h"

static bool narrowable(Sema *s, const Symbol *sym)
{
    return s->func && sym && (sym->kind == SYM_LOCAL || sym->kind == SYM_PARAM) && sym->type &&
           sym->type->kind == TY_UNION && !sym->captured &&
           (sym->comp_var || scope_lookup_local(s->func->scope, sym->name) == sym);
}

static const Type *env_get(NarrowEnv env, const Symbol *sym)
{
    for (int i = 0; i < env.len; i++) {
        if (env.v[i].sym == sym) {
            return env.v[i].type;
        }
    }
    return NULL;
}

/* env with sym narrowed to t (t NULL: not narrowed). */
static NarrowEnv env_with(Sema *s, NarrowEnv env, const Symbol *sym, const Type *t)
{
    Narrowed *v = arena_alloc(&s->ctx->arena, sizeof *v * (size_t)(env.len + 1));
    int n = 0;
    for (int i = 0; i < env.len; i++) {
        if (env.v[i].sym != sym) {
            v[n++] = env.v[i];
        }
    }
    if (t) {
        v[n++] = (Narrowed){sym, t};
    }
    return (NarrowEnv){v, n};
}

const Type *sema_narrowed(Sema *s, const Symbol *sym)
{
    return narrowable(s, sym) ? env_get(s->narrow, sym) : NULL;
}

NarrowEnv sema_narrow_meet(Sema *s, NarrowEnv a, NarrowEnv b)
{
    Narrowed *v = arena_alloc(&s->ctx->arena, sizeof *v * (size_t)(a.len + 1));
    int n = 0;
    for (int i = 0; i < a.len; i++) {
        if (env_get(b, a.v[i].sym) == a.v[i].type) {
            v[n++] = a.v[i];
        }
    }
    return (NarrowEnv){v, n};
}

void sema_narrow_kill(Sema *s, const Symbol *sym)
{
    if (env_get(s->narrow, sym)) {
        s->narrow = env_with(s, s->narrow, sym, NULL);
    }
}

/* x = v: x holds the member v's type becomes, known until x changes again. A bool
 * stored where the union has no bool stays a bool object: not narrowed to int, whose
 * reads would show 1 for True. */
void sema_narrow_store(Sema *s, Symbol *sym, const Type *vt)
{
    if (!narrowable(s, sym)) {
        return;
    }
    const Type *m = vt && vt->kind != TY_NONE && vt->kind != TY_OBJECT ? type_union_member_for(sym->type, vt) : NULL;
    if (m && vt->kind == TY_BOOL && m->kind != TY_BOOL) {
        m = NULL;
    }
    s->narrow = env_with(s, s->narrow, sym, m);
}

/* ---- conditions ---- */

static Symbol *narrowable_name(Sema *s, const AstExpr *e)
{
    return e->kind == EXPR_NAME && narrowable(s, e->u.name.sym) ? e->u.name.sym : NULL;
}

static bool is_none_const(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_NONE;
}

/* `x is None`, `x is not None`, `None is x`: x's symbol, *negated for `is not`. */
static Symbol *none_test(Sema *s, const AstExpr *e, bool *negated)
{
    if (e->kind != EXPR_COMPARE || e->u.compare.comparators.len != 1) {
        return NULL;
    }
    AstCmpOp op = e->u.compare.ops.data[0];
    const AstExpr *l = e->u.compare.left, *r = e->u.compare.comparators.data[0];
    if (op != CMPOP_IS && op != CMPOP_ISNOT) {
        return NULL;
    }
    *negated = op == CMPOP_ISNOT;
    return is_none_const(r) ? narrowable_name(s, l) : is_none_const(l) ? narrowable_name(s, r) : NULL;
}

/* The builtin class a name denotes (not rebound in the module): its kind, else -1. */
static int builtin_class(Sema *s, const AstExpr *e)
{
    static const struct { const char *name; TypeKind kind; } classes[] = {
        {"int", TY_INT}, {"float", TY_FLOAT}, {"bool", TY_BOOL}, {"str", TY_STR},
        {"list", TY_LIST}, {"dict", TY_DICT}, {"set", TY_SET}, {"tuple", TY_TUPLE},
    };
    if (e->kind != EXPR_NAME || scope_lookup(s->scope, e->u.name.id)) {
        return -1;
    }
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        if (strcmp(e->u.name.id, classes[i].name) == 0) {
            return (int)classes[i].kind;
        }
    }
    return -1;
}

/* Can a value held as member m be an instance of class k? A float member without an
 * int member holds ints too (union_members.def); an int member holds bools. */
static bool may_be_instance(const Type *u, const Type *m, TypeKind k)
{
    if (m->kind == k) {
        return true;
    }
    if (k == TY_BOOL && m->kind == TY_INT) {
        return true;
    }
    if (k == TY_INT && m->kind == TY_BOOL) {
        return true;
    }
    return (k == TY_INT || k == TY_BOOL) && m->kind == TY_FLOAT && !type_union_member(u, TY_INT);
}

/* Are all values held as member m instances of class k? */
static bool all_instances(const Type *u, const Type *m, TypeKind k)
{
    if (m->kind == TY_FLOAT) {
        return k == TY_FLOAT && type_union_member(u, TY_INT);
    }
    return m->kind == k || (k == TY_INT && m->kind == TY_BOOL);
}

/* isinstance(x, C): then x is the one member that may be a C (when it is exactly a
 * C's member); else x is what remains once the members all of whose values are Cs go. */
static void isinstance_test(Sema *s, Symbol *sym, TypeKind k, NarrowEnv base, NarrowEnv *then, NarrowEnv *els)
{
    const Type *u = sym->type, *cand = NULL, *rest[16];
    int ncand = 0, nrest = 0;
    for (int i = 0; i < u->nargs; i++) {
        const Type *m = u->args[i];
        if (may_be_instance(u, m, k)) {
            cand = m;
            ncand++;
        }
        if (!all_instances(u, m, k)) {
            rest[nrest++] = m;
        }
    }
    *then = ncand == 1 && cand->kind == k ? env_with(s, base, sym, cand) : base;
    const Type *r = type_union(s->sm->types, nrest, rest);
    *els = r && r->kind != TY_UNION && r->kind != TY_NONE ? env_with(s, base, sym, r) : base;
}

static bool isinstance_call(Sema *s, const AstExpr *e, Symbol **sym, int *k)
{
    if (e->kind != EXPR_CALL || e->u.call.args.len != 2 || e->u.call.keywords.len != 0) {
        return false;
    }
    const AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_NAME || strcmp(fn->u.name.id, "isinstance") != 0 || scope_lookup(s->scope, fn->u.name.id)) {
        return false;
    }
    *sym = narrowable_name(s, e->u.call.args.data[0]);
    *k = builtin_class(s, e->u.call.args.data[1]);
    return *sym && *k >= 0;
}

void sema_narrow_cond(Sema *s, const AstExpr *e, NarrowEnv base, NarrowEnv *then, NarrowEnv *els)
{
    *then = *els = base;
    bool negated = false;
    Symbol *sym;
    int k;
    if ((sym = none_test(s, e, &negated))) {
        const Type *t = type_union_member(sym->type, TY_NONE) ? type_union_without(s->sm->types, sym->type, TY_NONE) : NULL;
        NarrowEnv known = t && t->kind != TY_UNION ? env_with(s, base, sym, t) : base;
        NarrowEnv none = env_with(s, base, sym, NULL);
        *then = negated ? known : none;
        *els = negated ? none : known;
    } else if ((sym = narrowable_name(s, e))) {
        /* truthy: not None (None is false); falsy says nothing (0, "" are false too) */
        const Type *t = type_union_member(sym->type, TY_NONE) ? type_union_without(s->sm->types, sym->type, TY_NONE) : NULL;
        *then = t && t->kind != TY_UNION ? env_with(s, base, sym, t) : base;
    } else if (e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NOT) {
        sema_narrow_cond(s, e->u.unaryop.operand, base, els, then);
    } else if (isinstance_call(s, e, &sym, &k)) {
        isinstance_test(s, sym, (TypeKind)k, base, then, els);
    } else if (e->kind == EXPR_BOOLOP) {
        /* and: each operand runs where the ones before were true; or: false */
        bool and = e->u.boolop.op == BOOL_AND;
        NarrowEnv cur = base, other = {0};
        for (int i = 0; i < e->u.boolop.values.len; i++) {
            NarrowEnv t, f;
            sema_narrow_cond(s, e->u.boolop.values.data[i], cur, &t, &f);
            NarrowEnv exit = and ? f : t;
            other = i == 0 ? exit : sema_narrow_meet(s, other, exit);
            cur = and ? t : f;
        }
        *then = and ? cur : other;
        *els = and ? other : cur;
    }
}

/* ---- what a statement may rebind ---- */

typedef struct KillScan {
    Sema *s;
} KillScan;

static void kill_id(Sema *s, const char *id)
{
    for (int i = 0; i < s->narrow.len; i++) {
        if (s->narrow.v[i].sym->name == id) {
            s->narrow = env_with(s, s->narrow, s->narrow.v[i].sym, NULL);
            return;
        }
    }
}

static void kill_expr(AstExpr *e, void *arg)
{
    KillScan *k = arg;
    if (e->kind == EXPR_NAME && e->u.name.ctx != CTX_LOAD) {
        kill_id(k->s, e->u.name.id);
    } else if (e->kind == EXPR_NAMEDEXPR && e->u.namedexpr.target->kind == EXPR_NAME) {
        kill_id(k->s, e->u.namedexpr.target->u.name.id);
    }
}

static void kill_body(Sema *s, AstStmtVec *body);

/* Names bound by statements rather than expressions: def, class, import, except as. */
static void kill_stmt(Sema *s, AstStmt *st)
{
    switch (st->kind) {
    case STMT_FUNCDEF: kill_id(s, st->u.funcdef.name); return;
    case STMT_CLASSDEF: kill_id(s, st->u.classdef.name); return;
    case STMT_IMPORT: case STMT_IMPORTFROM: {
        AstAliasVec *names = st->kind == STMT_IMPORTFROM ? &st->u.importfrom.names : &st->u.import.names;
        for (int i = 0; i < names->len; i++) {
            kill_id(s, sema_alias_target(s, &names->data[i], st->kind == STMT_IMPORTFROM)->u.name.id);
        }
        return;
    }
    case STMT_IF: kill_body(s, &st->u.if_.body); kill_body(s, &st->u.if_.orelse); return;
    case STMT_WHILE: kill_body(s, &st->u.while_.body); kill_body(s, &st->u.while_.orelse); return;
    case STMT_FOR: kill_body(s, &st->u.for_.body); kill_body(s, &st->u.for_.orelse); return;
    case STMT_WITH: kill_body(s, &st->u.with.body); return;
    case STMT_TRY:
        kill_body(s, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            if (st->u.try_.handlers.data[i].name) {
                kill_id(s, st->u.try_.handlers.data[i].name);
            }
            kill_body(s, &st->u.try_.handlers.data[i].body);
        }
        kill_body(s, &st->u.try_.orelse);
        kill_body(s, &st->u.try_.finalbody);
        return;
    default: return;
    }
}

static void kill_body(Sema *s, AstStmtVec *body)
{
    KillScan k = {s};
    for (int i = 0; i < body->len; i++) {
        kill_stmt(s, body->data[i]);
        if (body->data[i]->kind != STMT_FUNCDEF && body->data[i]->kind != STMT_CLASSDEF) {
            sema_walk_stmt(body->data[i], kill_expr, &k);
        }
    }
}

void sema_narrow_kill_stores(Sema *s, AstStmt *st)
{
    if (s->narrow.len > 0) {
        kill_body(s, &(AstStmtVec){&st, 1, 1});
    }
}

void sema_narrow_kill_expr_stores(Sema *s, AstExpr *e)
{
    KillScan k = {s};
    if (s->narrow.len > 0) {
        sema_walk_expr(e, kill_expr, &k);
    }
}

/* ---- does control reach the end of a body? ---- */

static bool stmt_leaves(const AstStmt *st)
{
    switch (st->kind) {
    case STMT_RETURN: case STMT_RAISE: case STMT_BREAK: case STMT_CONTINUE:
        return true;
    case STMT_IF:
        return st->u.if_.orelse.len > 0 && !sema_falls_through(&st->u.if_.body) &&
               !sema_falls_through(&st->u.if_.orelse);
    default:
        return sema_always_returns(&(AstStmtVec){(AstStmt **)&st, 1, 1});
    }
}

bool sema_falls_through(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        if (stmt_leaves(body->data[i])) {
            return false;
        }
    }
    return true;
}
