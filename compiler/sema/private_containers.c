/* private_containers.c - element types for a function's private containers.
 *
 * A local bound once to a display (`out = []`, `dist = {start: 0}`) or a comprehension
 * (`orders = [parse(l) for l in lines]`) whose every other
 * use only reads it or stores into it by name (subscripts, append/add/insert/
 * setdefault, heapq's push and pop on a list, `for`, `in`, len() and such, `return`)
 * is private: no other code can put anything into it while the function runs. (heapq's
 * functions run natively while heapq holds them; a program that patches one with a
 * function storing items of another type meets the checks every read of a typed list
 * makes: a TypeError, not a crash.) Its element types can then be the join of
 * what the function itself stores, even where the function has no annotations (whose
 * containers otherwise hold objects, sema/containers.c) or where the display is empty
 * (which says nothing of its elements).
 *
 * The guess starts from the display's own elements and grows with each store the
 * analysis sees; a store of another type (joins are exact: int and float, or bool and
 * int, make object) gives the container object elements. What one analysis learns is
 * used by the next (each change asks for one, s->newly_widened), so every read and
 * store of one analysis sees the same element types; the guess only moves up (none,
 * one type, object), so this ends. */
#include <string.h>
#include "webs.h"   /* PtrMap */

struct PrivateContainer {
    const char *name;
    AstStmt *binding;       /* the one assignment that binds it */
    AstExpr *display;       /* its value */
    const Type *elt, *key;  /* the element types of this analysis; NULL: objects */
    bool dead;              /* not private, or stores of different types: objects */
    const Type *next_elt, *next_key;   /* joined from this analysis's stores */
    bool dying;                        /* ... which did not agree */
};

/* Methods that neither let the container escape nor store what the join does not see. */
static const char *const safe_methods[] = {
    "append", "insert", "add", "setdefault", "get", "pop", "index", "count", "remove", "discard",
    "clear", "reverse", "sort", "popitem",
};
/* Views that only a loop may take: elsewhere (sorted(d.items())) they would make a
 * typed container other code could store into. */
static const char *const loop_views[] = {"items", "keys", "values"};
/* Builtins that only read their argument and return no container of its elements. */
static const char *const reading_builtins[] = {"len", "sum", "min", "max", "any", "all"};
/* Calls that reach the function's locals by name. */
static const char *const frame_readers[] = {"locals", "vars", "eval", "exec"};

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], name) == 0) {
            return true;
        }
    }
    return false;
}

typedef struct Scan {
    Sema *s;
    SemaFunc *f;
    AstPrivateVec *list;
    PtrMap safe;            /* name loads in a context above (value 1) */
} Scan;

static PrivateContainer *candidate(Scan *sc, const char *id)
{
    for (int i = 0; i < sc->list->len; i++) {
        if (sc->list->data[i]->name == id) {
            return sc->list->data[i];
        }
    }
    return NULL;
}

static void kill_name(Scan *sc, const char *id)
{
    PrivateContainer *pc = id ? candidate(sc, id) : NULL;
    if (pc) {
        pc->dead = true;
    }
}

static bool is_display(const AstExpr *e)
{
    return e->kind == EXPR_LIST || e->kind == EXPR_DICT || e->kind == EXPR_SET || e->kind == EXPR_LISTCOMP;
}

static void mark_safe(Scan *sc, AstExpr *e)
{
    if (e && e->kind == EXPR_NAME && candidate(sc, e->u.name.id)) {
        webs_map_put(&sc->s->ctx->arena, &sc->safe, e, 1);
    }
}

/* A loop's iterable: the container or a view of it. */
static void mark_iterated(Scan *sc, AstExpr *e)
{
    if (e->kind == EXPR_CALL && e->u.call.func->kind == EXPR_ATTRIBUTE && e->u.call.args.len == 0 &&
        e->u.call.keywords.len == 0 &&
        in_list(e->u.call.func->u.attribute.attr, loop_views, sizeof loop_views / sizeof *loop_views)) {
        e = e->u.call.func->u.attribute.value;
    }
    mark_safe(sc, e);
}

static bool marked_safe(const Scan *sc, const AstExpr *e)
{
    return webs_map_get(&sc->safe, e) == 1;   /* a hash map: functions of thousands of uses */
}

static bool reading_builtin(Scan *sc, const AstExpr *fn)
{
    if (fn->kind != EXPR_NAME || !in_list(fn->u.name.id, reading_builtins, sizeof reading_builtins / sizeof *reading_builtins)) {
        return false;
    }
    Symbol *sym = scope_lookup(sc->f->scope, fn->u.name.id);   /* none: the builtin */
    return sym ? sym->kind == SYM_SHIM : !sc->s->sm->star_import;
}

/* heapq.heappush(h, x) and its kin (shims.def rows, positional arguments): h is the
 * first argument, an item the second. */
static bool heap_call(Sema *s, const AstExpr *call)
{
    const Shim *sh = call->kind == EXPR_CALL ? sema_shim_of(s, call->u.call.func) : NULL;
    int n = call->kind == EXPR_CALL ? call->u.call.args.len : 0;
    return sh && sh->kind == SHIM_CALL && strcmp(sh->module, "heapq") == 0 && n >= 1 && n <= 2 &&
           call->u.call.keywords.len == 0 && !sema_call_unpacks(call);
}

/* Inside a nested def, class or lambda: not private (it may run at any time, typed
 * by its own analysis). */
static void kill_inside(AstExpr *e, void *arg)
{
    if (e->kind == EXPR_NAME) {
        kill_name(arg, e->u.name.id);
    }
}

/* Pre-order: a context marks its container operand before the walk reaches it. */
static void visit_expr(AstExpr *e, void *arg)
{
    Scan *sc = arg;
    switch (e->kind) {
    case EXPR_SUBSCRIPT:
        if (e->u.subscript.index->kind != EXPR_SLICE) {
            mark_safe(sc, e->u.subscript.value);
        }
        break;
    case EXPR_CALL: {
        AstExpr *fn = e->u.call.func;
        if (fn->kind == EXPR_ATTRIBUTE &&
            in_list(fn->u.attribute.attr, safe_methods, sizeof safe_methods / sizeof *safe_methods)) {
            mark_safe(sc, fn->u.attribute.value);
        } else if (reading_builtin(sc, fn) && e->u.call.args.len == 1 && e->u.call.keywords.len == 0) {
            mark_safe(sc, e->u.call.args.data[0]);
        } else if (heap_call(sc->s, e)) {
            AstExpr *h = e->u.call.args.data[0];
            PrivateContainer *pc = h->kind == EXPR_NAME ? candidate(sc, h->u.name.id) : NULL;
            if (pc && (pc->display->kind == EXPR_LIST || pc->display->kind == EXPR_LISTCOMP)) {
                mark_safe(sc, h);   /* a heap of another kind reaches heapq's own function */
            }
        } else if (fn->kind == EXPR_NAME && in_list(fn->u.name.id, frame_readers, sizeof frame_readers / sizeof *frame_readers)) {
            for (int i = 0; i < sc->list->len; i++) {   /* they see every local */
                sc->list->data[i]->dead = true;
            }
        }
        break;
    }
    case EXPR_COMPARE:
        for (int i = 0; i < e->u.compare.ops.len; i++) {
            AstCmpOp op = e->u.compare.ops.data[i];
            if (op == CMPOP_IN || op == CMPOP_NOTIN) {
                mark_safe(sc, e->u.compare.comparators.data[i]);
            }
        }
        break;
    case EXPR_UNARYOP:
        if (e->u.unaryop.op == UNARY_NOT) {
            mark_safe(sc, e->u.unaryop.operand);
        }
        break;
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: case EXPR_GENEXP:
        for (int i = 0; i < e->u.comp.generators.len; i++) {
            mark_iterated(sc, e->u.comp.generators.data[i].iter);
        }
        break;
    case EXPR_LAMBDA:
        sema_walk_expr(e->u.lambda.body, kill_inside, sc);
        break;
    case EXPR_NAMEDEXPR:
        kill_name(sc, e->u.namedexpr.target->u.name.id);
        break;
    case EXPR_NAME: {
        PrivateContainer *pc = candidate(sc, e->u.name.id);
        bool binding = pc && pc->binding->u.assign.targets.data[0] == e;
        if (pc && !binding && (e->u.name.ctx != CTX_LOAD || !marked_safe(sc, e))) {
            pc->dead = true;
        }
        break;
    }
    default:
        break;
    }
}

/* Statement contexts and bindings the expression walk does not see. */
static void visit_stmt(AstStmt *st, void *arg)
{
    Scan *sc = arg;
    switch (st->kind) {
    case STMT_FOR: mark_iterated(sc, st->u.for_.iter); break;
    case STMT_RETURN: mark_safe(sc, st->u.ret.value); break;
    case STMT_IF: mark_safe(sc, st->u.if_.test); break;
    case STMT_WHILE: mark_safe(sc, st->u.while_.test); break;
    case STMT_FUNCDEF:
        kill_name(sc, st->u.funcdef.name);
        sema_walk_stmt(st, kill_inside, sc);
        break;
    case STMT_CLASSDEF:
        kill_name(sc, st->u.classdef.name);
        sema_walk_stmt(st, kill_inside, sc);
        break;
    case STMT_IMPORT: case STMT_IMPORTFROM: {
        AstAliasVec *names = st->kind == STMT_IMPORT ? &st->u.import.names : &st->u.importfrom.names;
        for (int i = 0; i < names->len; i++) {
            AstExpr *t = sema_alias_target(sc->s, &names->data[i], st->kind == STMT_IMPORTFROM);
            kill_name(sc, t->u.name.id);
        }
        break;
    }
    case STMT_TRY:
        for (int i = 0; i < st->u.try_.handlers.len; i++) {
            kill_name(sc, st->u.try_.handlers.data[i].name);
        }
        break;
    case STMT_MATCH:   /* capture patterns bind names */
        for (int i = 0; i < sc->list->len; i++) {
            sc->list->data[i]->dead = true;
        }
        break;
    default:
        break;
    }
}

static void find_candidate(AstStmt *st, void *arg)
{
    Scan *sc = arg;
    if (st->kind != STMT_ASSIGN || st->u.assign.targets.len != 1 || st->u.assign.targets.data[0]->kind != EXPR_NAME ||
        !is_display(st->u.assign.value)) {
        return;
    }
    const char *id = st->u.assign.targets.data[0]->u.name.id;
    PrivateContainer *pc = candidate(sc, id);
    if (pc) {
        pc->dead = true;   /* bound twice */
        return;
    }
    Symbol *sym = scope_lookup_local(sc->f->scope, id);
    bool typed = sema_func_is_typed(sc->f);
    AstExpr *v = st->u.assign.value;
    int n = v->kind == EXPR_DICT ? v->u.dict.values.len : v->kind == EXPR_SET ? v->u.set.elts.len
            : v->kind == EXPR_LIST ? v->u.seq.elts.len : 1;   /* a comprehension stores its elements */
    pc = ARENA_NEW(&sc->s->ctx->arena, PrivateContainer);
    pc->name = id;
    pc->binding = st;
    pc->display = v;
    /* typed functions type their non-empty displays already (and check stores into them) */
    pc->dead = !sym || sym->kind != SYM_LOCAL || sym->captured || (typed && n > 0);
    vec_push(&sc->s->ctx->arena, sc->list, pc);
}

/* The function's private containers, found once per function definition. */
static void scan(Sema *s, SemaFunc *f)
{
    AstStmt *def = f->def;
    def->u.funcdef.privates_scanned = true;
    Scan sc = {.s = s, .f = f, .list = &def->u.funcdef.privates};
    AstStmtVec *body = &def->u.funcdef.body;
    sema_visit_stmts(body, find_candidate, &sc);
    if (sc.list->len == 0) {
        return;
    }
    sema_visit_stmts(body, visit_stmt, &sc);
    for (int i = 0; i < body->len; i++) {
        sema_walk_stmt(body->data[i], visit_expr, &sc);
    }
}

static PrivateContainer *live_of(Sema *s, bool (*match)(const PrivateContainer *, const AstExpr *), const AstExpr *e)
{
    SemaFunc *f = s->func;
    if (!f || f->nested || f->def->kind != STMT_FUNCDEF) {
        return NULL;
    }
    if (!f->def->u.funcdef.privates_scanned) {
        scan(s, f);
    }
    for (int i = 0; i < f->def->u.funcdef.privates.len; i++) {
        PrivateContainer *pc = f->def->u.funcdef.privates.data[i];
        if (!pc->dead && match(pc, e)) {
            return pc;
        }
    }
    return NULL;
}

void sema_private_commit(SemaFunc *f)
{
    AstStmt *def = f->def;
    bool changed = false;
    for (int i = 0; def->kind == STMT_FUNCDEF && i < def->u.funcdef.privates.len; i++) {
        PrivateContainer *pc = def->u.funcdef.privates.data[i];
        changed = changed || pc->elt != pc->next_elt || pc->key != pc->next_key || (pc->dying && !pc->dead);
        pc->elt = pc->next_elt;
        pc->key = pc->next_key;
        pc->dead = pc->dead || pc->dying;
    }
    if (changed) {   /* locals widened for reading its objects may not be now */
        def->u.funcdef.object_locals.len = 0;
    }
}

void sema_private_give_up(SemaFunc *f)
{
    for (int i = 0; f->def->kind == STMT_FUNCDEF && i < f->def->u.funcdef.privates.len; i++) {
        f->def->u.funcdef.privates.data[i]->dying = true;
    }
}

static bool is_its_display(const PrivateContainer *pc, const AstExpr *e)
{
    return pc->display == e;
}

static bool is_its_name(const PrivateContainer *pc, const AstExpr *e)
{
    return e->kind == EXPR_NAME && e->u.name.id == pc->name;
}

/* A type elements may have here: not an object, None or a mutable container of typed
 * elements (an alias of it could take other stores unseen), nor a tuple holding one. */
static bool joinable(const Type *t)
{
    if (!t || t->kind == TY_OBJECT || t->kind == TY_NONE || t->kind == TY_FUNC || t->kind == TY_SHIM ||
        t->kind == TY_MODULE || t->kind == TY_TYPEREF) {
        return false;
    }
    if (t->kind == TY_LIST || t->kind == TY_SET || t->kind == TY_DICT) {
        for (int i = 0; i < (t->kind == TY_DICT ? 2 : 1); i++) {
            if (t->args[i]->kind != TY_OBJECT) {
                return false;
            }
        }
    }
    for (int i = 0; t->kind == TY_TUPLE && i < t->nargs; i++) {
        if (t->args[i]->kind != TY_OBJECT && !joinable(t->args[i])) {
            return false;
        }
    }
    return true;
}

/* Guesses outlive the analysis that made them, and each analysis makes its classes'
 * instance types anew: an instance type is its class statement's. */
static bool same_type(const Type *a, const Type *b)
{
    if (a == b) {
        return true;
    }
    if (!a || !b || a->kind != b->kind) {
        return false;
    }
    if (a->kind == TY_INSTANCE) {
        return a->cls->def == b->cls->def && a->nullable == b->nullable;
    }
    if (a->kind != TY_TUPLE || a->nargs != b->nargs || a->varlen != b->varlen || !a->fields != !b->fields) {
        return false;
    }
    if (a->fields) {   /* a NamedTuple: its class */
        return strcmp(a->name, b->name) == 0;
    }
    for (int i = 0; i < a->nargs; i++) {
        if (!same_type(a->args[i], b->args[i])) {
            return false;
        }
    }
    return true;
}

/* A guess made by an earlier analysis in this analysis's types; NULL when its class is
 * not native any more. */
static const Type *current_type(Sema *s, const Type *t)
{
    if (t->kind == TY_INSTANCE) {
        for (int i = 0; i < s->sm->classes.len; i++) {
            SemaClass *c = s->sm->classes.data[i];
            if (c->def == t->cls->def) {
                return t->nullable ? c->opt_type : c->type;
            }
        }
        return NULL;
    }
    if (t->kind != TY_TUPLE) {
        return t;   /* scalars; containers here hold objects (joinable) */
    }
    if (t->fields) {   /* a NamedTuple class's own type, NULL when it is not one now */
        return sema_named_tuple_type(s, scope_lookup_local(s->sm->scope, t->name));
    }
    const Type **args = arena_alloc(&s->ctx->arena, (size_t)(t->nargs ? t->nargs : 1) * sizeof *args);
    for (int i = 0; i < t->nargs; i++) {
        args[i] = current_type(s, t->args[i]);
        if (!args[i]) {
            return NULL;
        }
    }
    return type_tuple(s->sm->types, t->nargs, args, t->varlen);
}

/* Is a what b is with some parts known only as objects (a tuple part by part)? */
static bool less_known(const Type *a, const Type *b)
{
    if (a->kind == TY_OBJECT) {
        return true;
    }
    if (a->kind != TY_TUPLE || b->kind != TY_TUPLE || a->fields || b->fields || a->nargs != b->nargs ||
        a->varlen != b->varlen) {
        return same_type(a, b);
    }
    for (int i = 0; i < a->nargs; i++) {
        if (!less_known(a->args[i], b->args[i])) {
            return false;
        }
    }
    return true;
}

/* Joins a stored type into the next analysis's guess; false when they disagree. An
 * object stored while this analysis reads objects may be a read of the container itself
 * (d[k] = d.get(k, 0) + 1, or a part of a tuple: heappush(h, (prio + 1, name)) of a
 * prio popped from h): it is judged again by the next analysis, which reads typed
 * elements if anything else was stored. */
static bool join_into(Sema *s, const Type *now, const Type **next, const Type *t)
{
    if (!now && t && t->kind == TY_OBJECT) {
        return true;
    }
    if (!now && t && *next && !same_type(*next, t) && joinable(t)) {
        if (less_known(t, *next)) {
            return true;
        }
        if (less_known(*next, t)) {
            *next = t;   /* the better known guess; the next analysis checks both stores */
            s->newly_widened++;
            s->private_changes++;
            return true;
        }
    }
    if (!joinable(t)) {
        return false;
    }
    if (*next == NULL) {
        *next = t;
        s->newly_widened++;
        s->private_changes++;
        return true;
    }
    return same_type(*next, t);
}

/* Joins one store; true when it agrees with this analysis's element types. */
static bool store(Sema *s, PrivateContainer *pc, const Type *key, const Type *elt)
{
    bool ok = join_into(s, pc->elt, &pc->next_elt, elt) &&
              (!key || join_into(s, pc->key, &pc->next_key, key));
    if (!ok && !pc->dying) {
        pc->dying = true;
        s->newly_widened++;
        s->private_changes++;
    }
    return ok && same_type(elt, pc->elt) && (!key || same_type(key, pc->key));
}

const Type *sema_private_display(Sema *s, AstExpr *e, const Type *elt, const Type *key)
{
    PrivateContainer *pc = live_of(s, is_its_display, e);
    if (!pc) {
        return NULL;
    }
    if (elt) {   /* a non-empty display stores its elements */
        store(s, pc, e->kind == EXPR_DICT ? key : NULL, elt);
    }
    const Type *et = pc->elt ? current_type(s, pc->elt) : &ty_object;
    const Type *kt = pc->key ? current_type(s, pc->key) : &ty_object;
    if (!et || !kt) {
        pc->dying = true;   /* its class is not native now: objects from the next analysis */
        s->newly_widened++;
        s->private_changes++;
        return NULL;
    }
    switch (e->kind) {
    case EXPR_LIST: case EXPR_LISTCOMP: return type_list(s->sm->types, et);
    case EXPR_SET: return type_set(s->sm->types, et);
    default: return type_dict(s->sm->types, kt, et);
    }
}

bool sema_private_store(Sema *s, const AstExpr *base, const Type *key, const Type *elt)
{
    PrivateContainer *pc = live_of(s, is_its_name, base);
    return !pc || store(s, pc, pc->display->kind == EXPR_DICT ? key : NULL, elt);
}

/* Method calls that store into a private receiver: append/add(v), insert(i, v),
 * setdefault(k[, v]); unknown: arguments the analysis cannot type (a starred one, a
 * function object). */
void sema_private_method(Sema *s, const AstExpr *call, bool unknown)
{
    const AstExpr *fn = call->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE) {
        return;
    }
    PrivateContainer *pc = live_of(s, is_its_name, fn->u.attribute.value);
    const char *m = fn->u.attribute.attr;
    if (!pc) {
        return;
    }
    const AstExprVec *args = &call->u.call.args;
    int n = args->len;
    bool put = strcmp(m, "append") == 0 || strcmp(m, "add") == 0;
    bool insert = strcmp(m, "insert") == 0, setdefault = strcmp(m, "setdefault") == 0;
    if (!put && !insert && !setdefault) {
        return;
    }
    bool fits = !unknown && call->u.call.keywords.len == 0 && (put ? n == 1 : insert ? n == 2 : n == 1 || n == 2);
    if (!fits) {
        store(s, pc, NULL, &ty_none);   /* disagrees: objects */
    } else if (setdefault) {
        store(s, pc, pc->display->kind == EXPR_DICT ? args->data[0]->type : NULL, n == 2 ? args->data[1]->type : &ty_none);
    } else {
        store(s, pc, NULL, args->data[n - 1]->type);
    }
}

void sema_private_heap(Sema *s, const AstExpr *call)
{
    if (!heap_call(s, call) || call->u.call.args.len != 2) {
        return;   /* a pop stores nothing */
    }
    PrivateContainer *pc = live_of(s, is_its_name, call->u.call.args.data[0]);
    if (pc) {
        store(s, pc, NULL, call->u.call.args.data[1]->type);
    }
}

const Type *sema_private_get_default(Sema *s, const AstExpr *call)
{
    const AstExpr *fn = call->u.call.func;
    PrivateContainer *pc = live_of(s, is_its_name, fn->u.attribute.value);
    const Type *dflt = call->u.call.args.len == 2 ? call->u.call.args.data[1]->type : NULL;
    return pc && !pc->elt && pc->display->kind == EXPR_DICT && joinable(dflt) ? dflt : NULL;
}

bool sema_private_iterable(Sema *s, const AstExpr *e)
{
    if (e->kind == EXPR_CALL && e->u.call.func->kind == EXPR_ATTRIBUTE && e->u.call.args.len == 0) {
        const char *m = e->u.call.func->u.attribute.attr;
        if (strcmp(m, "items") == 0 || strcmp(m, "keys") == 0 || strcmp(m, "values") == 0) {
            e = e->u.call.func->u.attribute.value;
        }
    }
    return live_of(s, is_its_name, e) != NULL;
}
