/* stmt.c - statements inside function bodies (and module-level code). */
#include <string.h>
#include "sema_internal.h"

static void check_stmt(Sema *s, AstStmt *st);

void sema_check_body(Sema *s, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        check_stmt(s, body->data[i]);
    }
}

/* Is there a break that leaves this loop (not one of a nested loop)? */
static bool contains_break(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        bool found = false;
        switch (st->kind) {
        case STMT_BREAK: return true;
        case STMT_IF: found = contains_break(&st->u.if_.body) || contains_break(&st->u.if_.orelse); break;
        case STMT_WHILE: found = contains_break(&st->u.while_.orelse); break;
        case STMT_FOR: found = contains_break(&st->u.for_.orelse); break;
        case STMT_WITH: found = contains_break(&st->u.with.body); break;
        case STMT_TRY:
            found = contains_break(&st->u.try_.body) || contains_break(&st->u.try_.orelse) ||
                    contains_break(&st->u.try_.finalbody);
            for (int h = 0; !found && h < st->u.try_.handlers.len; h++) {
                found = contains_break(&st->u.try_.handlers.data[h].body);
            }
            break;
        case STMT_MATCH:
            for (int c = 0; !found && c < st->u.match.cases.len; c++) {
                found = contains_break(&st->u.match.cases.data[c].body);
            }
            break;
        default: break;
        }
        if (found) {
            return true;
        }
    }
    return false;
}

static bool ends(const AstStmtVec *body, Sema *exits);

/* A loop's else that always returns, with no break out of the loop: nothing after the
 * loop runs (`for x in xs: if ...: return x` / `else: return None`). */
static bool loop_else_ends(const AstStmtVec *body, const AstStmtVec *orelse, Sema *exits)
{
    return orelse->len > 0 && ends(orelse, exits) && !contains_break(body);
}

/* A match whose last case is irrefutable (`case _:` or a bare capture, no guard) and
 * every case of which always returns. */
static bool match_ends(const AstStmt *st, Sema *exits)
{
    const AstCaseVec *cs = &st->u.match.cases;
    if (cs->len == 0) {
        return false;
    }
    const AstMatchCase *last = &cs->data[cs->len - 1];
    if (last->guard || last->pattern->kind != PATTERN_AS || last->pattern->u.as.pattern) {
        return false;
    }
    for (int c = 0; c < cs->len; c++) {
        if (!ends(&cs->data[c].body, exits)) {
            return false;
        }
    }
    return true;
}

/* A module def annotated `-> NoReturn` (or Never), as written. */
static bool noreturn_def(Sema *s, const char *name)
{
    AstStmtVec *body = &s->sm->ast->body;
    for (int i = 0; i < body->len; i++) {
        const AstStmt *d = body->data[i];
        const AstExpr *r = d->kind == STMT_FUNCDEF ? d->u.funcdef.returns : NULL;
        const char *n = !r ? NULL : r->kind == EXPR_NAME ? r->u.name.id
                                  : r->kind == EXPR_ATTRIBUTE ? r->u.attribute.attr : NULL;
        if (n && strcmp(d->u.funcdef.name, name) == 0 && (strcmp(n, "NoReturn") == 0 || strcmp(n, "Never") == 0)) {
            return true;
        }
    }
    return false;
}

/* A call a type checker knows never returns: sys.exit(), os._exit(), os.abort(), exit(),
 * quit(), a module def annotated NoReturn; and `assert False`. */
static bool exits_call(Sema *s, const AstStmt *st)
{
    if (st->kind == STMT_ASSERT) {
        const AstExpr *t = st->u.assert_.test;
        return t->kind == EXPR_CONST && t->u.constant.kind == CONST_FALSE;
    }
    const AstExpr *c = st->kind == STMT_EXPR ? st->u.expr.value : NULL;
    if (!c || c->kind != EXPR_CALL) {
        return false;
    }
    const AstExpr *f = c->u.call.func;
    if (f->kind == EXPR_NAME) {
        const char *n = f->u.name.id;
        return strcmp(n, "exit") == 0 || strcmp(n, "quit") == 0 || noreturn_def(s, n);
    }
    if (f->kind != EXPR_ATTRIBUTE || f->u.attribute.value->kind != EXPR_NAME) {
        return false;
    }
    const char *mod = f->u.attribute.value->u.name.id, *attr = f->u.attribute.attr;
    return (strcmp(mod, "sys") == 0 && strcmp(attr, "exit") == 0) ||
           (strcmp(mod, "os") == 0 && (strcmp(attr, "_exit") == 0 || strcmp(attr, "abort") == 0));
}

/* `while 1:`, `while "x":`: a constant a checker takes for always true, as True. */
static bool const_truthy(const AstExpr *t)
{
    switch (t->u.constant.kind) {
    case CONST_INT: return strcmp(t->u.constant.text, "0") != 0;
    case CONST_STR: case CONST_BYTES: return t->u.constant.len > 0;
    default: return false;
    }
}

/* A test a type checker narrows by (isinstance, is / is not, == / !=, in, not, a name or
 * attribute's truth): after enough such tests the operand may have no type left, and
 * mypy then takes the implicit else for unreachable (`if x is None: ... elif x is not
 * None: ...`, an enum's members, `if isinstance(x, int)` of an int x). */
static bool narrowing_test(const AstExpr *t)
{
    switch (t->kind) {
    case EXPR_NAME: case EXPR_ATTRIBUTE: return true;
    case EXPR_UNARYOP: return t->u.unaryop.op == UNARY_NOT;
    case EXPR_CALL:
        return t->u.call.func->kind == EXPR_NAME && strcmp(t->u.call.func->u.name.id, "isinstance") == 0;
    case EXPR_COMPARE: {
        AstCmpOp op = t->u.compare.ops.data[0];
        return t->u.compare.ops.len == 1 &&
               (op == CMPOP_IS || op == CMPOP_ISNOT || op == CMPOP_EQ || op == CMPOP_NE || op == CMPOP_IN);
    }
    default: return false;
    }
}

/* An if/elif chain without a final else, every branch of which ends, that mypy may take
 * for exhaustive (above): two or more narrowing tests, or one isinstance(). The
 * missing-return check only: a valid module is not refused where the checker accepts
 * it (a path that does fall off returns None, which the annotation then refuses). */
static bool chain_may_be_exhaustive(const AstStmt *st, Sema *exits)
{
    int links = 0;
    bool all_narrow = true, isinst = false;
    for (;;) {
        if (!ends(&st->u.if_.body, exits)) {
            return false;
        }
        links++;
        all_narrow &= narrowing_test(st->u.if_.test);
        isinst = st->u.if_.test->kind == EXPR_CALL && narrowing_test(st->u.if_.test);
        const AstStmtVec *e = &st->u.if_.orelse;
        if (e->len == 0) {
            return all_narrow && (links >= 2 || isinst);
        }
        if (e->len != 1 || e->data[0]->kind != STMT_IF) {
            return false;   /* a real else: ends() judged it */
        }
        st = e->data[0];
    }
}

/* Does control never fall off the end of body (return/raise on every path)? With
 * exits, calls that never return end a path too (the missing-return check); without,
 * only what surely leaves does (narrowing: a mocked sys.exit returns). */
static bool ends(const AstStmtVec *body, Sema *exits)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        switch (st->kind) {
        case STMT_RETURN: case STMT_RAISE:
            return true;
        case STMT_IF:
            if (st->u.if_.orelse.len > 0 && ends(&st->u.if_.body, exits) && ends(&st->u.if_.orelse, exits)) {
                return true;
            }
            if (exits && chain_may_be_exhaustive(st, exits)) {
                return true;
            }
            break;
        case STMT_TRY: {
            if (ends(&st->u.try_.finalbody, exits)) {
                return true;
            }
            bool all = ends(&st->u.try_.body, exits) || ends(&st->u.try_.orelse, exits);
            for (int h = 0; all && h < st->u.try_.handlers.len; h++) {
                all = ends(&st->u.try_.handlers.data[h].body, exits);
            }
            if (all) {
                return true;
            }
            break;
        }
        case STMT_WITH:   /* as mypy: a context manager that swallows the exception is rare */
            if (ends(&st->u.with.body, exits)) {
                return true;
            }
            break;
        case STMT_WHILE: {
            const AstExpr *t = st->u.while_.test;
            bool forever = t->kind == EXPR_CONST && (t->u.constant.kind == CONST_TRUE || const_truthy(t));
            if ((forever && !contains_break(&st->u.while_.body)) ||
                loop_else_ends(&st->u.while_.body, &st->u.while_.orelse, exits)) {
                return true;
            }
            break;
        }
        case STMT_FOR:
            if (loop_else_ends(&st->u.for_.body, &st->u.for_.orelse, exits)) {
                return true;
            }
            break;
        case STMT_MATCH:
            if (match_ends(st, exits)) {
                return true;
            }
            break;
        default:
            if (exits && exits_call(exits, st)) {
                return true;
            }
            break;
        }
    }
    return false;
}

bool sema_always_returns(const AstStmtVec *body)
{
    return ends(body, NULL);
}

bool sema_missing_return(Sema *s, const AstStmtVec *body)
{
    return !ends(body, s);
}

/* Is e the first parameter of the method being checked (self)? */
static bool self_receiver(Sema *s, const AstExpr *e)
{
    SemaFunc *f = s->func;
    return e->kind == EXPR_NAME && f && f->cls && !f->nested && f->npos > 0 &&
           sema_lookup(s, e->u.name.id) == f->params.data[0];
}

/* obj.attr = v, obj[i] = v on generic objects. */
static void check_item_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value)
{
    AstExpr *base = target->kind == EXPR_ATTRIBUTE ? target->u.attribute.value : target->u.subscript.value;
    /* f.attr = v on a native function: a plain attribute (registry.names = []) is a
     * store on the function object read from the module dict; a dunder (__defaults__,
     * which native callers use: sema/module.c) keeps the statement */
    const Type *bt = infer_expr(s, base);
    if (bt->kind == TY_FUNC && base->kind == EXPR_NAME && target->kind == EXPR_ATTRIBUTE &&
        strncmp(target->u.attribute.attr, "__", 2) != 0) {
        bt = sema_as_value(s, base, bt);
    }
    if (bt->kind != TY_OBJECT && !type_is_checked_obj(bt)) {
        sema_unsupported(s, target->loc, "assignment to an attribute or item of this type");
        return;
    }
    target->type = &ty_object;
    if (vt && value) {
        vt = sema_as_value(s, value, vt);   /* self.parse = helper: the function object */
        if (!vt) {
            return;
        }
    }
    SemaField *fld = bt->kind == TY_INSTANCE && target->kind == EXPR_ATTRIBUTE
                         ? sema_class_field(bt->cls, target->u.attribute.attr) : NULL;
    if (fld) {
        Loc at = value ? value->loc : target->loc;
        bool via_self = self_receiver(s, base);
        sema_field_stored(s, fld, vt, at);
        if (sema_field_widens(s, fld, vt, at, via_self)) {
            target->type = &ty_object;   /* the next analysis makes it an object field */
            return;
        }
        if (vt && !type_assignable(fld->type, vt)) {
            sema_error(s, value ? value->loc : target->loc,
                       "incompatible types in assignment (expression has type \"%s\", variable has type \"%s\")",
                       type_name(vt), type_name(fld->type));
        }
        target->type = fld->type;
        return;
    }
    if (bt->kind == TY_INSTANCE && target->kind == EXPR_SUBSCRIPT) {
        sema_check_index(s, target->u.subscript.index);
        return;
    }
    if (target->kind == EXPR_SUBSCRIPT) {
        sema_check_index(s, target->u.subscript.index);
        if (!sema_private_store(s, base, target->u.subscript.index->type, vt)) {
            return;   /* a store of another type: generic now, objects in the next analysis */
        }
        if (sema_is_typed_index(target) && (bt->kind == TY_LIST || bt->kind == TY_DICT) && vt &&
            vt->kind != TY_OBJECT) {
            /* xs[i] = v, d[k] = v: v is stored as the element type */
            const Type *et = bt->kind == TY_LIST ? bt->args[0] : bt->args[1];
            if (!sema_func_is_typed(s->func) && !type_assignable(et, vt)) {
                return;   /* unchecked code may store anything: a generic store */
            }
            target->type = et;
            if (vt && !type_assignable(target->type, vt) && value) {
                sema_error(s, value->loc,
                           "incompatible types in assignment (expression has type \"%s\", target has type \"%s\")",
                           type_name(vt), type_name(target->type));
            }
        }
    }
}

/* mypy checks a function only when it has annotations; so do we. */
bool sema_func_is_typed(const SemaFunc *f)
{
    if (!f) {
        return true;
    }
    /* a typed copy of an unannotated def (speculate_params.c) keeps the def's rules: its
     * containers may hold anything, as the def's */
    const AstStmt *def = f->def->kind == STMT_FUNCDEF && f->def->u.funcdef.spec_of ? f->def->u.funcdef.spec_of : f->def;
    if (def->u.funcdef.returns) {
        return true;
    }
    const AstArguments *a = def->u.funcdef.args;
    const AstArgVec *lists[3] = {&a->posonly, &a->args, &a->kwonly};
    for (int l = 0; l < 3; l++) {
        for (int i = 0; i < lists[l]->len; i++) {
            if (lists[l]->data[i].annotation) {
                return true;
            }
        }
    }
    return (a->vararg && a->vararg->annotation) || (a->kwarg && a->kwarg->annotation);
}

/* An inferred local assigned a value of another type is an object from its first
 * assignment on: remembered on the function, and the module analysed again. */
static bool widened_before(Sema *s, const Symbol *sym)
{
    if (!s->func || sym->kind != SYM_LOCAL) {
        return false;
    }
    for (int i = 0; i < s->func->def->u.funcdef.object_locals.len; i++) {
        if (strcmp(s->func->def->u.funcdef.object_locals.data[i], sym->name) == 0) {
            return true;
        }
    }
    return false;
}

static void widen(Sema *s, Symbol *sym)
{
    if (!widened_before(s, sym)) {
        vec_push(&s->ctx->arena, &s->func->def->u.funcdef.object_locals, sym->name);
        s->newly_widened++;
    }
    sym->type = &ty_object;
}

/* Values unpacked from an object are objects; a starred target gets a list. */
static void check_unpack_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value)
{
    if (vt->kind != TY_OBJECT && !type_is_checked_obj(vt) && vt->kind != TY_ITER) {
        sema_unsupported(s, value->loc, arena_printf(&s->ctx->arena, "unpacking %s", type_name(vt)));
        return;
    }
    bool starred = false;
    for (int i = 0; i < target->u.seq.elts.len; i++) {
        starred = starred || target->u.seq.elts.data[i]->kind == EXPR_STARRED;
    }
    int stars = 0;
    for (int i = 0; i < target->u.seq.elts.len; i++) {
        AstExpr *t = target->u.seq.elts.data[i];
        if (t->kind == EXPR_STARRED) {
            stars++;
            t->type = &ty_object;
            t = t->u.starred.value;
        }
        sema_check_store(s, t, starred ? &ty_object : sema_unpacked_type(vt, i, target->u.seq.elts.len), value);
    }
    if (stars > 1) {
        sema_unsupported(s, target->loc, "multiple starred expressions in assignment");
    }
    target->u.seq.of_tuple = !starred && vt->kind == TY_TUPLE && !vt->varlen && vt->nargs == target->u.seq.elts.len;
    target->type = &ty_object;
}

static void check_name_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value);

void sema_check_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value)
{
    if (target->kind == EXPR_ATTRIBUTE || target->kind == EXPR_SUBSCRIPT) {
        check_item_store(s, target, vt, value);
        return;
    }
    if (target->kind == EXPR_TUPLE || target->kind == EXPR_LIST) {
        check_unpack_store(s, target, vt, value);
        return;
    }
    check_name_store(s, target, vt, value);
    if (target->kind == EXPR_NAME && target->u.name.sym) {
        sema_narrow_store(s, target->u.name.sym, vt);
    }
}

static void check_name_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value)
{
    if (target->kind != EXPR_NAME) {
        sema_unsupported(s, target->loc, "assignment to this target");
        return;
    }
    Symbol *sym = sema_lookup(s, target->u.name.id);
    target->u.name.sym = sym;
    if (!sym || (sym->kind != SYM_LOCAL && sym->kind != SYM_GLOBAL && sym->kind != SYM_PARAM &&
                 sym->kind != SYM_CLASSVAR)) {
        sema_unsupported(s, target->loc, "assignment to this name");
        return;
    }
    if (vt->kind == TY_FUNC || vt->kind == TY_SHIM || vt->kind == TY_MODULE || vt->kind == TY_TYPEREF) {
        vt = value ? sema_as_value(s, value, vt) : NULL;
        if (!vt) {
            sema_unsupported(s, target->loc, "a function, module or type as a value");
            return;
        }
    }
    if (vt->kind == TY_STR && sym->type && !sym->inferred && sym->type->kind != TY_OBJECT &&
        sym->type->kind != TY_STR && sym->type->kind != TY_UNION) {
        sema_error(s, value->loc,
                   "incompatible types in assignment (expression has type \"str\", variable has type \"%s\")",
                   type_name(sym->type));
        return;
    }

    if (value && value->kind == EXPR_LAMBDA) {
        sym->holds_nested = true;
    }
    if (sym->is_final && s->report && (s->func || sym->assignments > 1)) {
        sema_error(s, target->loc, "cannot assign to final name \"%s\"", sym->name);
        return;
    }
    if (!sym->type) {
        /* a variable first bound to None is a generic object (it rarely stays None); so is
         * a global of a module whose globals()[k] = v (or exec) may rebind it to anything,
         * and an unannotated flag (`DEBUG = False`): drivers and tests set such flags to
         * ints (`m.VERBOSE = 2`), and a truth test of an object costs what the bool check
         * did */
        bool module_level = sym->kind == SYM_GLOBAL && !s->func;
        sym->type = vt->kind == TY_NONE || widened_before(s, sym) ||
                            (module_level && (sema_module_binds_any(s) || (vt->kind == TY_BOOL && !sym->is_final)))
                        ? &ty_object : vt;
        sym->inferred = sym->kind == SYM_LOCAL || (sym->kind == SYM_GLOBAL && !s->func);
        target->type = sym->type;
        return;
    }
    /* An unannotated name holds whatever is assigned to it (gradual typing): rebinding it
     * to another type is never an error, it makes the name an object. */
    if (sym->inferred && sym->type != vt && sym->type->kind != TY_OBJECT &&
        (vt->kind == TY_OBJECT || !sema_func_is_typed(s->func) || !type_assignable(sym->type, vt))) {
        if (sym->kind == SYM_GLOBAL) {
            sym->type = &ty_object;   /* module code and functions are checked again (run_round) */
        } else {
            widen(s, sym);   /* t = 0; t = t + x: t holds whatever x makes of it */
        }
        target->type = sym->type;
        return;
    }
    target->type = sym->type;
    if (!type_assignable(sym->type, vt)) {
        sema_error(s, value->loc,
                   "incompatible types in assignment (expression has type \"%s\", variable has type \"%s\")",
                   type_name(vt), type_name(sym->type));
    }
}

AstExpr *sema_handler_name(Sema *s, AstExceptHandler *h)
{
    if (!h->name_expr) {
        AstExpr *e = ARENA_NEW(&s->ctx->arena, AstExpr);
        e->kind = EXPR_NAME;
        e->loc = h->loc;
        e->u.name.id = h->name;
        e->u.name.ctx = CTX_STORE;
        h->name_expr = e;
    }
    return h->name_expr;
}

AstExpr *sema_alias_target(Sema *s, AstAlias *a, bool from_import)
{
    if (!a->target) {
        const char *bound = a->asname;
        if (!bound) {
            const char *dot = from_import ? NULL : strchr(a->name, '.');
            bound = dot ? intern(s->ctx->names, a->name, (size_t)(dot - a->name)) : a->name;
        }
        AstExpr *e = ARENA_NEW(&s->ctx->arena, AstExpr);
        e->kind = EXPR_NAME;
        e->loc = a->loc;
        e->u.name.id = bound;
        e->u.name.ctx = CTX_STORE;
        a->target = e;
    }
    return a->target;
}

/* (x := v): a store whose value is also the expression's. Its target was declared in
 * the enclosing function or module (sema_walrus_targets). */
const Type *sema_infer_walrus(Sema *s, AstExpr *e)
{
    AstExpr *target = e->u.namedexpr.target;
    if (s->scope != s->sm->scope && !s->func) {
        return sema_unsupported(s, e->loc, "an assignment expression here");
    }
    const Type *vt = infer_expr(s, e->u.namedexpr.value);
    if (!sema_value_ok(s, e->u.namedexpr.value, vt)) {
        return &ty_object;
    }
    sema_check_store(s, target, vt, e->u.namedexpr.value);
    if (target->kind == EXPR_NAME && target->u.name.sym) {
        target->u.name.sym->walrus_bound = true;
    }
    return target->type ? target->type : &ty_object;
}

/* Names bound by := in the expressions of a body (comprehensions included: theirs
 * bind in the enclosing scope), handed to bind; nested defs and lambdas have scopes of
 * their own, so a := inside a lambda's body is reported instead (one beside a lambda
 * binds here as any other). */
typedef struct WalrusScan {
    Sema *s;
    void (*bind)(Sema *s, AstExpr *target);
    VEC(AstExpr *) inner;   /* the := inside lambda bodies seen so far (pre-order walk) */
    bool in_lambda;
    Loc loc;
} WalrusScan;

static void note_inner(AstExpr *e, void *arg)
{
    WalrusScan *w = arg;
    if (e->kind == EXPR_NAMEDEXPR) {
        if (!w->in_lambda) {
            w->loc = e->loc;
        }
        w->in_lambda = true;
        vec_push(&w->s->ctx->arena, &w->inner, e);
    }
}

static void scan_walrus(AstExpr *e, void *arg)
{
    WalrusScan *w = arg;
    if (e->kind == EXPR_LAMBDA) {
        sema_walk_expr(e->u.lambda.body, note_inner, w);
    } else if (e->kind == EXPR_NAMEDEXPR) {
        for (int i = 0; i < w->inner.len; i++) {
            if (w->inner.data[i] == e) {
                return;
            }
        }
        w->bind(w->s, e->u.namedexpr.target);
    }
}

static void scan_body(WalrusScan *w, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        if (st->kind != STMT_FUNCDEF && st->kind != STMT_CLASSDEF) {
            sema_walk_stmt(st, scan_walrus, w);
        }
    }
}

void sema_walrus_targets(Sema *s, AstStmtVec *body, void (*bind)(Sema *s, AstExpr *target))
{
    WalrusScan w = {.s = s, .bind = bind};
    scan_body(&w, body);
    if (w.in_lambda) {
        sema_unsupported(s, w.loc, "an assignment expression in a lambda");
    }
}

/* An import in a function or class body binds a local or class name, whatever the
 * module holds; one nested in module-level code binds globals that module.c declared. */
static void check_import(Sema *s, AstStmt *st)
{
    bool from = st->kind == STMT_IMPORTFROM;
    AstAliasVec *names = from ? &st->u.importfrom.names : &st->u.import.names;
    for (int i = 0; i < names->len; i++) {
        if (strcmp(names->data[i].name, "*") == 0) {
            sema_unsupported(s, names->data[i].loc, "star import");
            return;
        }
        if (s->scope != s->sm->scope) {
            sema_check_store(s, sema_alias_target(s, &names->data[i], from), &ty_object, NULL);
        }
    }
}

static bool is_seq(const AstExpr *e)
{
    return e->kind == EXPR_TUPLE || e->kind == EXPR_LIST;
}

/* a, b = x, y: pairwise, all values evaluated before any store. */
static bool check_parallel_assign(Sema *s, AstStmt *st)
{
    AstExpr *t = st->u.assign.targets.data[0], *v = st->u.assign.value;
    if (st->u.assign.targets.len != 1 || !is_seq(t) || v->kind != EXPR_TUPLE) {
        return false;
    }
    if (t->u.seq.elts.len != v->u.seq.elts.len) {
        sema_unsupported(s, st->loc, "unpacking a tuple of another length");
        return true;
    }
    for (int i = 0; i < v->u.seq.elts.len; i++) {
        AstExpr *ti = t->u.seq.elts.data[i], *vi = v->u.seq.elts.data[i];
        if (ti->kind == EXPR_STARRED || vi->kind == EXPR_STARRED) {
            sema_unsupported(s, st->loc, "starred unpacking");
            return true;
        }
        sema_check_store(s, ti, infer_expr(s, vi), vi);
    }
    return true;
}

/* x = v where x is a name or field with a declared type: what v is expected to be. */
static const Type *declared_type(Sema *s, AstStmt *st)
{
    if (st->u.assign.targets.len != 1) {
        return NULL;
    }
    AstExpr *t = st->u.assign.targets.data[0];
    if (t->kind == EXPR_NAME) {
        Symbol *sym = sema_lookup(s, t->u.name.id);
        return sym && sym->type && !sym->inferred && sym->kind != SYM_FUNC ? sym->type : NULL;
    }
    if (t->kind == EXPR_ATTRIBUTE && t->u.attribute.value->type &&
        t->u.attribute.value->type->kind == TY_INSTANCE) {
        SemaField *fld = sema_class_field(t->u.attribute.value->type->cls, t->u.attribute.attr);
        return fld ? fld->type : NULL;
    }
    return NULL;
}

/* p = d.get(k), p = f() of an Optional result: an unannotated local takes the union
 * the value is (checked against its members where stored), so `if p is None: return`
 * narrows it as it narrows an annotated one. */
static const Type *assigned_type(Sema *s, AstExpr *target, const Type *vt, const AstExpr *value)
{
    if (vt->kind != TY_OBJECT || !value->union_type || target->kind != EXPR_NAME || !s->func) {
        return vt;
    }
    Symbol *sym = sema_lookup(s, target->u.name.id);
    bool fits = sym && sym->kind == SYM_LOCAL && !sym->captured &&
                (!sym->type ? !widened_before(s, sym) : sym->inferred && sym->type == value->union_type);
    return fits ? value->union_type : vt;
}

static void check_assign(Sema *s, AstStmt *st)
{
    if (check_parallel_assign(s, st)) {
        return;
    }
    AstExpr *value = st->u.assign.value;
    const Type *vt = sema_infer_expect(s, value, declared_type(s, st));
    for (int i = 0; i < st->u.assign.targets.len; i++) {
        AstExpr *target = st->u.assign.targets.data[i];
        sema_check_store(s, target, assigned_type(s, target, vt, value), value);
    }
}

/* A Final global's value that its reads may repeat: a number or bool literal, or a
 * negated number, of the variable's own type (`Final[float] = 1` holds the int 1). */
static AstExpr *final_literal(AstExpr *v, const Type *t)
{
    AstExpr *lit = v->kind == EXPR_UNARYOP && v->u.unaryop.op == UNARY_NEG ? v->u.unaryop.operand : v;
    if (lit->kind != EXPR_CONST || !t || !v->type || v->type != t) {
        return NULL;
    }
    AstConstKind k = lit->u.constant.kind;
    bool number = k == CONST_INT || k == CONST_FLOAT;
    return (number || (lit == v && (k == CONST_TRUE || k == CONST_FALSE))) &&
                   (t->kind == TY_INT || t->kind == TY_FLOAT || t->kind == TY_BOOL)
               ? v
               : NULL;
}

static void check_annassign(Sema *s, AstStmt *st)
{
    AstExpr *target = st->u.annassign.target;
    AstExpr *value = st->u.annassign.value;
    if (target->kind != EXPR_NAME && value && s->func && s->scope->kind == SCOPE_FUNC &&
        (target->kind == EXPR_ATTRIBUTE || target->kind == EXPR_SUBSCRIPT)) {
        /* `self.items: list[int] = []` in a function: CPython neither evaluates nor
         * stores the annotation there, so this is the plain store (a class field
         * already takes its type from the annotation, sema/native_class.c). */
        sema_check_store(s, target, infer_expr(s, value), value);
        return;
    }
    if (target->kind != EXPR_NAME) {
        sema_unsupported(s, target->loc, "annotated assignment to this target");
        return;
    }
    bool is_final = false;
    if (!s->func && s->scope == s->sm->scope && !s->sm->future_annotations) {
        /* module code stores the evaluated annotation in __annotations__ */
        AstExpr *ann = st->u.annassign.annotation;
        if (!sema_value_ok(s, ann, infer_expr(s, ann))) {
            return;
        }
    }
    const Type *t = sema_annotation(s, st->u.annassign.annotation, s->func ? NULL : &is_final);
    Symbol *sym = scope_lookup(s->scope, target->u.name.id);
    if (sym && is_final) {
        sym->is_final = true;
    }
    if (sym && !sym->type && t) {
        if (t->kind == TY_NONE) {
            sema_unsupported(s, st->u.annassign.annotation->loc, "None-typed variable");
            return;
        }
        sym->type = t;
    } else if (sym && sym->type && t && sym->type != t && s->report) {
        sema_error(s, target->loc, "name \"%s\" already defined with type \"%s\"", sym->name, type_name(sym->type));
    }
    if (st->u.annassign.value) {
        const Type *want = sym && sym->type ? sym->type : t;
        sema_expect_lambda(s, st->u.annassign.value, st->u.annassign.annotation);
        sema_check_store(s, target, sema_infer_expect(s, st->u.annassign.value, want), st->u.annassign.value);
        if (sym && is_final && sym->kind == SYM_GLOBAL) {
            sym->final_value = final_literal(st->u.annassign.value, sym->type);
        }
    } else if (is_final) {
        sema_error(s, st->loc, "Final name must be initialized with a value");
    }
}

/* x op= v is checked as x = x op v. */
static void check_augassign(Sema *s, AstStmt *st)
{
    if (st->u.augassign.as_binop) {
        AstExpr *bin = st->u.augassign.as_binop;
        sema_check_store(s, st->u.augassign.target, infer_expr(s, bin), bin);
        return;
    }
    AstExpr *bin = ARENA_NEW(&s->ctx->arena, AstExpr);
    AstExpr *load = ARENA_NEW(&s->ctx->arena, AstExpr);
    *load = *st->u.augassign.target;
    if (load->kind == EXPR_NAME) {
        load->u.name.ctx = CTX_LOAD;
    }
    bin->kind = EXPR_BINOP;
    bin->loc = st->loc;
    bin->u.binop.op = st->u.augassign.op;
    bin->u.binop.left = load;
    bin->u.binop.right = st->u.augassign.value;
    bin->u.binop.inplace = true;
    st->u.augassign.as_binop = bin;   /* the IR builder lowers this expression */
    sema_check_store(s, st->u.augassign.target, infer_expr(s, bin), bin);
}

static void check_return(Sema *s, AstStmt *st)
{
    if (!s->func) {
        sema_error(s, st->loc, "'return' outside function");
        return;
    }
    const Type *want = s->func->ret;
    AstExpr *v = st->u.ret.value;
    if (!v) {
        if (want->kind != TY_NONE && want->kind != TY_OBJECT) {
            sema_error(s, st->loc, "return value expected");
        }
        return;
    }
    sema_expect_lambda(s, v, s->func->def->u.funcdef.returns);
    const Type *got = sema_infer_expect(s, v, want);
    if (want->kind == TY_NONE && got->kind != TY_NONE) {
        sema_error(s, v->loc, "no return value expected");
    } else if ((got->kind == TY_FUNC || got->kind == TY_SHIM || got->kind == TY_MODULE || got->kind == TY_TYPEREF) &&
               !(got = sema_as_value(s, v, got))) {
        return;
    } else if (!type_assignable(want, got) ||
               (got->kind == TY_STR && want->kind != TY_OBJECT && want->kind != TY_STR && want->kind != TY_UNION)) {
        sema_error(s, v->loc, "incompatible return value type (got \"%s\", expected \"%s\")", type_name(got),
                   type_name(want));
    }
}

static void check_condition(Sema *s, AstExpr *test)
{
    const Type *t = sema_as_value(s, test, infer_expr(s, test));   /* if TYPE_CHECKING: */
    if (!t) {
        return;
    }
    if (!type_is_numeric(t) && t->kind != TY_OBJECT && t->kind != TY_NONE && !type_is_checked_obj(t)) {
        sema_unsupported(s, test->loc, "this condition");
    }
}

/* The body runs where the loop's condition held; the else clause and the code after
 * the loop only know what held on entry (the loop's own stores forgotten already). */
static void check_loop_body(Sema *s, AstStmtVec *body, AstStmtVec *orelse, NarrowEnv then)
{
    NarrowEnv entry = s->narrow;
    s->narrow = then;
    s->loop_depth++;
    sema_check_body(s, body);
    s->loop_depth--;
    s->narrow = entry;
    sema_check_body(s, orelse);
    s->narrow = entry;
}

/* A call of the builtin range (not a rebinding of the name). */
bool sema_is_range_call(Sema *s, const AstExpr *e)
{
    if (e->kind != EXPR_CALL) {
        return false;
    }
    const Shim *sh = sema_shim_of(s, e->u.call.func);
    return sh && sh->kind == SHIM_RANGE;
}

/* range(a[, b[, c]]) as a loop can count it: the counter's type (int; i64 when every
 * bound is one), else NULL. A bound of unknown type is converted as range() converts
 * it (__index__), so the loop still counts on ints: range() yields nothing else. Marks
 * the call (its type) for the IR builder. */
const Type *sema_counted_range(Sema *s, AstExpr *it)
{
    if (!sema_is_range_call(s, it)) {
        return NULL;
    }
    int n = it->u.call.args.len;
    if (n < 1 || n > 3 || it->u.call.keywords.len != 0) {
        return NULL;
    }
    const Type *elem = &ty_int;
    bool untyped_bound = false;
    for (int i = 0; i < n; i++) {
        AstExpr *arg = it->u.call.args.data[i];
        const Type *t = infer_expr(s, arg);
        if (arg->kind == EXPR_STARRED || !(type_is_intlike(t) || t->kind == TY_OBJECT)) {
            return NULL;   /* range() over other types: CPython's range object decides */
        }
        untyped_bound |= t->kind == TY_OBJECT;
        elem = t->kind == TY_I64 ? &ty_i64 : elem;
    }
    infer_expr(s, it->u.call.func);
    it->type = untyped_bound ? &ty_int : elem;
    return it->type;
}

/* for x in <any iterable>: the iterator protocol; str yields str. */
static void check_for_iter(Sema *s, AstStmt *st)
{
    AstExpr *it = st->u.for_.iter;
    const Type *t = infer_expr(s, it);
    const Type *item = type_item(t);
    if (!type_iterable(t)) {
        sema_unsupported(s, it->loc, arena_printf(&s->ctx->arena, "for loop over %s", type_name(t)));
        return;
    }
    sema_check_store(s, st->u.for_.target, item ? item : &ty_object, it);
    NarrowEnv entry = s->narrow;
    check_loop_body(s, &st->u.for_.body, &st->u.for_.orelse, s->narrow);
    NarrowEnv after = s->narrow;
    s->narrow = entry;
    sema_speculate_for(s, st);
    s->narrow = after;
}

static void check_for(Sema *s, AstStmt *st)
{
    sema_narrow_kill_stores(s, st);   /* a later iteration sees what the body stored */
    if (st->u.for_.is_async) {
        sema_unsupported(s, st->loc, "async for");
        return;
    }
    const Type *elem = sema_counted_range(s, st->u.for_.iter);
    if (!elem) {
        check_for_iter(s, st);
        return;
    }
    sema_check_store(s, st->u.for_.target, elem, st->u.for_.iter);
    check_loop_body(s, &st->u.for_.body, &st->u.for_.orelse, s->narrow);
}

static void check_jump(Sema *s, AstStmt *st)
{
    if (s->loop_depth == 0) {
        sema_error(s, st->loc, "'%s' outside loop", st->kind == STMT_BREAK ? "break" : "continue");
    }
}

static void check_raise(Sema *s, AstStmt *st)
{
    if (!st->u.raise.exc) {
        return;   /* re-raises the handled exception (RuntimeError if none) */
    }
    const Type *t = infer_expr(s, st->u.raise.exc);
    if (t->kind != TY_OBJECT) {
        sema_unsupported(s, st->u.raise.exc->loc, "raising this value");
        return;
    }
    if (st->u.raise.cause) {
        const Type *c = infer_expr(s, st->u.raise.cause);
        if (c->kind != TY_OBJECT && c->kind != TY_NONE) {
            sema_unsupported(s, st->u.raise.cause->loc, "this exception cause");
        }
    }
}

/* del x, del x.a, del x[i], del (a, b) */
static void check_del_target(Sema *s, AstExpr *t)
{
    switch (t->kind) {
    case EXPR_TUPLE: case EXPR_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            check_del_target(s, t->u.seq.elts.data[i]);
        }
        return;
    case EXPR_ATTRIBUTE: case EXPR_SUBSCRIPT: {
        AstExpr *base = t->kind == EXPR_ATTRIBUTE ? t->u.attribute.value : t->u.subscript.value;
        const Type *bt = infer_expr(s, base);
        if (bt->kind != TY_OBJECT && !type_is_checked_obj(bt)) {   /* containers and str: the generic del */
            sema_unsupported(s, t->loc, "del on a value of this type");
            return;
        }
        if (t->kind == EXPR_SUBSCRIPT) {
            sema_check_index(s, t->u.subscript.index);
        }
        return;
    }
    case EXPR_NAME: {
        Symbol *sym = sema_lookup(s, t->u.name.id);
        t->u.name.sym = sym;
        if (sym) {
            sema_narrow_kill(s, sym);
        }
        if (!sym || (sym->kind != SYM_LOCAL && sym->kind != SYM_GLOBAL && sym->kind != SYM_CLASSVAR) ||
            sym->is_final) {
            sema_unsupported(s, t->loc, "del of this name");
        } else if (!sym->type) {
            sym->type = &ty_object;   /* deleted before any assignment */
        }
        return;
    }
    default:
        sema_unsupported(s, t->loc, "del of this target");
        return;
    }
}

static void check_try(Sema *s, AstStmt *st)
{
    if (st->u.try_.is_star) {
        sema_unsupported(s, st->loc, "except*");
        return;
    }
    /* a handler or finally may start anywhere in the body: only what no part of the
     * statement rebinds is known there, and after it */
    sema_narrow_kill_stores(s, st);
    NarrowEnv entry = s->narrow;
    sema_check_body(s, &st->u.try_.body);
    for (int i = 0; i < st->u.try_.handlers.len; i++) {
        AstExceptHandler *h = &st->u.try_.handlers.data[i];
        s->narrow = entry;
        if (h->type) {
            sema_value_ok(s, h->type, infer_expr(s, h->type));
        }
        if (h->name) {
            sema_check_store(s, sema_handler_name(s, h), &ty_object, h->type);
        }
        sema_check_body(s, &h->body);
    }
    s->narrow = entry;
    sema_check_body(s, &st->u.try_.orelse);
    s->narrow = entry;
    sema_check_body(s, &st->u.try_.finalbody);
    s->narrow = entry;
}

static void check_with(Sema *s, AstStmt *st)
{
    if (st->u.with.is_async) {
        sema_unsupported(s, st->loc, "async with");
        return;
    }
    for (int i = 0; i < st->u.with.items.len; i++) {
        AstWithItem *item = &st->u.with.items.data[i];
        if (!sema_value_ok(s, item->context, infer_expr(s, item->context))) {
            return;
        }
        if (item->target) {
            sema_check_store(s, item->target, &ty_object, item->context);
        }
    }
    /* __exit__ may swallow an exception raised anywhere in the body */
    sema_narrow_kill_stores(s, st);
    NarrowEnv entry = s->narrow;
    sema_check_body(s, &st->u.with.body);
    s->narrow = entry;
}

/* Each branch runs where the test says; after the statement, what holds at the end of
 * every branch that gets there. */
static void check_if(Sema *s, AstStmt *st)
{
    NarrowEnv then, els;
    check_condition(s, st->u.if_.test);
    sema_narrow_cond(s, st->u.if_.test, s->narrow, &then, &els);
    s->narrow = then;
    sema_check_body(s, &st->u.if_.body);
    then = s->narrow;
    s->narrow = els;
    sema_check_body(s, &st->u.if_.orelse);
    els = s->narrow;
    bool t = sema_falls_through(&st->u.if_.body), e = sema_falls_through(&st->u.if_.orelse);
    s->narrow = t && e ? sema_narrow_meet(s, then, els) : t ? then : els;
}

static void check_stmt(Sema *s, AstStmt *st)
{
    switch (st->kind) {
    case STMT_EXPR:   /* a bare `f` or `os` is a value: read from the module dict */
        sema_as_value(s, st->u.expr.value, infer_expr(s, st->u.expr.value));
        break;
    case STMT_ASSIGN: check_assign(s, st); break;
    case STMT_ANNASSIGN: check_annassign(s, st); break;
    case STMT_AUGASSIGN: check_augassign(s, st); break;
    case STMT_RETURN: check_return(s, st); break;
    case STMT_IF: check_if(s, st); break;
    case STMT_WHILE: {
        sema_narrow_kill_stores(s, st);   /* the test runs again after the body */
        NarrowEnv then, els;
        check_condition(s, st->u.while_.test);
        sema_narrow_cond(s, st->u.while_.test, s->narrow, &then, &els);
        check_loop_body(s, &st->u.while_.body, &st->u.while_.orelse, then);
        break;
    }
    case STMT_FOR: check_for(s, st); break;
    case STMT_BREAK: case STMT_CONTINUE: check_jump(s, st); break;
    case STMT_PASS: case STMT_GLOBAL: break;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            check_del_target(s, st->u.delete_.targets.data[i]);
        }
        break;
    case STMT_RAISE: check_raise(s, st); break;
    case STMT_TRY: check_try(s, st); break;
    case STMT_WITH: check_with(s, st); break;
    case STMT_ASSERT: {
        check_condition(s, st->u.assert_.test);
        NarrowEnv then, els;
        sema_narrow_cond(s, st->u.assert_.test, s->narrow, &then, &els);
        if (st->u.assert_.msg) {
            s->narrow = els;   /* the message is evaluated when the test failed */
            sema_value_ok(s, st->u.assert_.msg, infer_expr(s, st->u.assert_.msg));
        }
        s->narrow = then;   /* compiled asserts always run (ir/build_stmt.c) */
        break;
    }
    case STMT_FUNCDEF:
        if (s->func) {
            sema_check_nested_def(s, st);
        } else {
            sema_unsupported(s, st->loc, "function definition here");
        }
        break;
    case STMT_IMPORT: case STMT_IMPORTFROM: check_import(s, st); break;
    case STMT_NONLOCAL: sema_check_nonlocal(s, st); break;
    default:
        sema_unsupported(s, st->loc, ast_stmt_name(st->kind));
        break;
    }
}
