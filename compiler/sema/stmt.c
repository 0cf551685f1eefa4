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
        if (st->kind == STMT_BREAK) {
            return true;
        }
        if (st->kind == STMT_IF && (contains_break(&st->u.if_.body) || contains_break(&st->u.if_.orelse))) {
            return true;
        }
        if ((st->kind == STMT_WHILE && contains_break(&st->u.while_.orelse)) ||
            (st->kind == STMT_FOR && contains_break(&st->u.for_.orelse))) {
            return true;
        }
    }
    return false;
}

/* Does control never fall off the end of body (return/raise on every path)? */
bool sema_always_returns(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        switch (st->kind) {
        case STMT_RETURN: case STMT_RAISE:
            return true;
        case STMT_IF:
            if (st->u.if_.orelse.len > 0 && sema_always_returns(&st->u.if_.body) &&
                sema_always_returns(&st->u.if_.orelse)) {
                return true;
            }
            break;
        case STMT_WHILE: {
            const AstExpr *t = st->u.while_.test;
            bool forever = t->kind == EXPR_CONST && t->u.constant.kind == CONST_TRUE;
            if (forever && !contains_break(&st->u.while_.body)) {
                return true;
            }
            break;
        }
        default:
            break;
        }
    }
    return false;
}

/* obj.attr = v, obj[i] = v on generic objects. */
static void check_item_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value)
{
    AstExpr *base = target->kind == EXPR_ATTRIBUTE ? target->u.attribute.value : target->u.subscript.value;
    SemaFunc *fn = sema_func_of(s, base);
    if (fn && !fn->def->keep_reason) {
        /* f.__doc__ = ...: a native function object does not take attributes */
        fn->def->keep_reason = "attributes assigned to the function";
        fn->def->keep_loc = target->loc;
        s->newly_kept++;
        return;
    }
    const Type *bt = infer_expr(s, base);
    if (bt->kind != TY_OBJECT) {
        sema_unsupported(s, target->loc, "assignment to an attribute or item of this type");
        return;
    }
    if (target->kind == EXPR_SUBSCRIPT) {
        AstExpr *ix = target->u.subscript.index;
        if (ix->kind == EXPR_SLICE) {
            sema_unsupported(s, ix->loc, "slice assignment");
            return;
        }
        sema_value_ok(s, ix, infer_expr(s, ix));
    }
    target->type = &ty_object;
    sema_value_ok(s, value, vt);
}

void sema_check_store(Sema *s, AstExpr *target, const Type *vt, AstExpr *value)
{
    if (target->kind == EXPR_ATTRIBUTE || target->kind == EXPR_SUBSCRIPT) {
        check_item_store(s, target, vt, value);
        return;
    }
    if (target->kind != EXPR_NAME) {
        sema_unsupported(s, target->loc, target->kind == EXPR_TUPLE || target->kind == EXPR_LIST
                                             ? "unpacking assignment" : "assignment to this target");
        return;
    }
    Symbol *sym = scope_lookup(s->scope, target->u.name.id);
    target->u.name.sym = sym;
    if (!sym || (sym->kind != SYM_LOCAL && sym->kind != SYM_GLOBAL && sym->kind != SYM_PARAM)) {
        sema_unsupported(s, target->loc, "assignment to this name");
        return;
    }
    if (vt->kind == TY_FUNC || vt->kind == TY_SHIM || vt->kind == TY_MODULE || vt->kind == TY_TYPEREF) {
        sema_unsupported(s, value->loc, "a function, module or type as a value");
        return;
    }
    if (vt->kind == TY_STR && sym->type && sym->type->kind != TY_OBJECT && sym->type->kind != TY_STR) {
        sema_error(s, value->loc,
                   "incompatible types in assignment (expression has type \"str\", variable has type \"%s\")",
                   type_name(sym->type));
        return;
    }

    if (sym->is_final && s->report && (s->func || sym->assignments > 1)) {
        sema_error(s, target->loc, "cannot assign to final name \"%s\"", sym->name);
        return;
    }
    if (!sym->type) {
        /* a variable first bound to None is a generic object (it rarely stays None) */
        sym->type = vt->kind == TY_NONE ? &ty_object : vt;
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

static void check_assign(Sema *s, AstStmt *st)
{
    if (check_parallel_assign(s, st)) {
        return;
    }
    const Type *vt = infer_expr(s, st->u.assign.value);
    for (int i = 0; i < st->u.assign.targets.len; i++) {
        sema_check_store(s, st->u.assign.targets.data[i], vt, st->u.assign.value);
    }
}

static void check_annassign(Sema *s, AstStmt *st)
{
    AstExpr *target = st->u.annassign.target;
    if (target->kind != EXPR_NAME) {
        sema_unsupported(s, target->loc, "annotated assignment to this target");
        return;
    }
    bool is_final = false;
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
        sema_check_store(s, target, infer_expr(s, st->u.annassign.value), st->u.annassign.value);
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
    const Type *got = infer_expr(s, v);
    if (want->kind == TY_NONE && got->kind != TY_NONE) {
        sema_error(s, v->loc, "no return value expected");
    } else if (got->kind == TY_FUNC || got->kind == TY_SHIM || got->kind == TY_MODULE || got->kind == TY_TYPEREF) {
        sema_unsupported(s, v->loc, "returning a function, module or type");
    } else if (!type_assignable(want, got) || (got->kind == TY_STR && want->kind != TY_OBJECT)) {
        sema_error(s, v->loc, "incompatible return value type (got \"%s\", expected \"%s\")", type_name(got),
                   type_name(want));
    }
}

static void check_condition(Sema *s, AstExpr *test)
{
    const Type *t = infer_expr(s, test);
    if (!type_is_numeric(t) && t->kind != TY_OBJECT && t->kind != TY_NONE && t->kind != TY_STR) {
        sema_unsupported(s, test->loc, "this condition");
    }
}

static void check_loop_body(Sema *s, AstStmtVec *body, AstStmtVec *orelse)
{
    s->loop_depth++;
    sema_check_body(s, body);
    s->loop_depth--;
    sema_check_body(s, orelse);
}

static bool is_range_call(Sema *s, const AstExpr *e)
{
    if (e->kind != EXPR_CALL) {
        return false;
    }
    const Shim *sh = sema_shim_of(s, e->u.call.func);
    return sh && sh->kind == SHIM_RANGE;
}

static void check_for(Sema *s, AstStmt *st)
{
    AstExpr *it = st->u.for_.iter;
    if (st->u.for_.is_async) {
        sema_unsupported(s, st->loc, "async for");
        return;
    }
    if (!is_range_call(s, it)) {
        sema_unsupported(s, it->loc, "for loop over anything but range()");
        return;
    }
    int n = it->u.call.args.len;
    if (n < 1 || n > 3 || it->u.call.keywords.len > 0) {
        sema_error(s, it->loc, "range expected 1 to 3 positional arguments, got %d", n);
        return;
    }
    const Type *elem = &ty_int;
    for (int i = 0; i < n; i++) {
        const Type *t = infer_expr(s, it->u.call.args.data[i]);
        if (t->kind == TY_OBJECT) {
            sema_unsupported(s, it->u.call.args.data[i]->loc, "range() over untyped values");
        } else if (!type_is_intlike(t)) {
            sema_error(s, it->u.call.args.data[i]->loc, "argument %d to \"range\" has incompatible type \"%s\"; expected \"int\"",
                       i + 1, type_name(t));
        } else if (t->kind == TY_I64) {
            elem = &ty_i64;
        }
    }
    infer_expr(s, it->u.call.func);
    sema_check_store(s, st->u.for_.target, elem, it);
    check_loop_body(s, &st->u.for_.body, &st->u.for_.orelse);
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
        sema_unsupported(s, st->loc, "bare raise");
        return;
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

static void check_stmt(Sema *s, AstStmt *st)
{
    switch (st->kind) {
    case STMT_EXPR: infer_expr(s, st->u.expr.value); break;
    case STMT_ASSIGN: check_assign(s, st); break;
    case STMT_ANNASSIGN: check_annassign(s, st); break;
    case STMT_AUGASSIGN: check_augassign(s, st); break;
    case STMT_RETURN: check_return(s, st); break;
    case STMT_IF:
        check_condition(s, st->u.if_.test);
        sema_check_body(s, &st->u.if_.body);
        sema_check_body(s, &st->u.if_.orelse);
        break;
    case STMT_WHILE:
        check_condition(s, st->u.while_.test);
        check_loop_body(s, &st->u.while_.body, &st->u.while_.orelse);
        break;
    case STMT_FOR: check_for(s, st); break;
    case STMT_BREAK: case STMT_CONTINUE: check_jump(s, st); break;
    case STMT_PASS: case STMT_GLOBAL: break;
    case STMT_RAISE: check_raise(s, st); break;
    case STMT_ASSERT:
        check_condition(s, st->u.assert_.test);
        if (st->u.assert_.msg) {
            sema_value_ok(s, st->u.assert_.msg, infer_expr(s, st->u.assert_.msg));
        }
        break;
    case STMT_FUNCDEF:
        sema_unsupported(s, st->loc, s->func ? "nested function" : "function definition here");
        break;
    default:
        sema_unsupported(s, st->loc, ast_stmt_name(st->kind));
        break;
    }
}
