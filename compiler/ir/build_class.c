/* build_class.c - a class statement, natively: decorators, bases and keywords are
 * evaluated, runtime/classes.c prepares the namespace (metaclass, __prepare__), the
 * body fills it in CPython's order, the metaclass makes the class, the decorators
 * wrap it, and the name is bound. Methods are native functions (MAKE_FUNC). */
#include <stdlib.h>
#include <string.h>
#include "build.h"

typedef VEC(const char *) NameVec;

static IrReg call1(Builder *b, IrReg fn, IrReg arg, int line)
{
    IrOp *op = bld_op(b, IR_CALL_OBJ, line, bld_temp(b, RT_OBJ), 2);
    op->args[0] = fn;
    op->args[1] = arg;
    return op->dst;
}

static void ns_set(Builder *b, IrReg ns, const char *name, IrReg value, int line)
{
    IrReg args[3] = {ns, build_str_const(b, name, line), value};
    bld_prim_p(b, prim(PRIM_OBJ_SETITEM), line, args);
}

IrReg *build_eval_all(Builder *b, AstExprVec *v)
{
    IrReg *regs = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(v->len + 1));
    for (int i = 0; i < v->len; i++) {
        regs[i] = build_expr_as(b, v->data[i], &ty_object);
    }
    return regs;
}

IrReg build_decorate(Builder *b, IrReg *decos, int n, IrReg value, int line)
{
    for (int i = n - 1; i >= 0; i--) {
        value = call1(b, decos[i], value, line);
    }
    return value;
}

/* A function's decorators: each application checks for functools' cache decorators,
 * which then make a native memo (runtime/memo_apply.c); any other is called. */
IrReg build_decorate_func(Builder *b, const IrReg *decos, int n, IrReg value, int line)
{
    for (int i = n - 1; i >= 0; i--) {
        value = bld_prim(b, PRIM_MEMO_APPLY, line, decos[i], value);
    }
    return value;
}

static bool is_docstring(const AstStmt *st)
{
    return st->kind == STMT_EXPR && st->u.expr.value->kind == EXPR_CONST &&
           st->u.expr.value->u.constant.kind == CONST_STR;
}

/* 3.13's __static_attributes__: names assigned as self.X in the class's methods. */
static void add_self_attr(Builder *b, NameVec *names, const AstExpr *t, const char *self)
{
    if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            add_self_attr(b, names, t->u.seq.elts.data[i], self);
        }
        return;
    }
    if (t->kind == EXPR_STARRED) {
        add_self_attr(b, names, t->u.starred.value, self);
        return;
    }
    if (t->kind != EXPR_ATTRIBUTE || t->u.attribute.value->kind != EXPR_NAME ||
        strcmp(t->u.attribute.value->u.name.id, self) != 0) {
        return;
    }
    for (int i = 0; i < names->len; i++) {
        if (strcmp(names->data[i], t->u.attribute.attr) == 0) {
            return;
        }
    }
    vec_push(&b->ctx->arena, names, t->u.attribute.attr);
}

static void collect_self_attrs(Builder *b, NameVec *names, AstStmtVec *body, const char *self)
{
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        switch (st->kind) {
        case STMT_ASSIGN:
            for (int t = 0; t < st->u.assign.targets.len; t++) {
                add_self_attr(b, names, st->u.assign.targets.data[t], self);
            }
            break;
        case STMT_AUGASSIGN: add_self_attr(b, names, st->u.augassign.target, self); break;
        case STMT_ANNASSIGN: add_self_attr(b, names, st->u.annassign.target, self); break;
        case STMT_FOR:
            add_self_attr(b, names, st->u.for_.target, self);
            collect_self_attrs(b, names, &st->u.for_.body, self);
            collect_self_attrs(b, names, &st->u.for_.orelse, self);
            break;
        case STMT_WHILE:
            collect_self_attrs(b, names, &st->u.while_.body, self);
            collect_self_attrs(b, names, &st->u.while_.orelse, self);
            break;
        case STMT_IF:
            collect_self_attrs(b, names, &st->u.if_.body, self);
            collect_self_attrs(b, names, &st->u.if_.orelse, self);
            break;
        case STMT_WITH:
            for (int k = 0; k < st->u.with.items.len; k++) {
                if (st->u.with.items.data[k].target) {
                    add_self_attr(b, names, st->u.with.items.data[k].target, self);
                }
            }
            collect_self_attrs(b, names, &st->u.with.body, self);
            break;
        case STMT_TRY:
            collect_self_attrs(b, names, &st->u.try_.body, self);
            for (int h = 0; h < st->u.try_.handlers.len; h++) {
                collect_self_attrs(b, names, &st->u.try_.handlers.data[h].body, self);
            }
            collect_self_attrs(b, names, &st->u.try_.orelse, self);
            collect_self_attrs(b, names, &st->u.try_.finalbody, self);
            break;
        default: break;
        }
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static IrReg static_attributes(Builder *b, AstStmt *cls, int line)
{
    NameVec names = {0};
    AstStmtVec *body = &cls->u.classdef.body;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        AstArguments *a = st->kind == STMT_FUNCDEF && !st->u.funcdef.synthetic ? st->u.funcdef.args : NULL;
        const AstArg *first = a && a->posonly.len ? &a->posonly.data[0] : a && a->args.len ? &a->args.data[0] : NULL;
        if (first) {
            collect_self_attrs(b, &names, &st->u.funcdef.body, first->name);
        }
    }
    if (names.len > 1) {
        qsort(names.data, (size_t)names.len, sizeof(const char *), cmp_names);
    }
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(names.len + 1));
    for (int i = 0; i < names.len; i++) {
        vals[i] = build_str_const(b, names.data[i], line);
    }
    return bld_build(b, IRB_TUPLE, vals, names.len, line);
}

static bool has_annotations(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        if (body->data[i]->kind == STMT_ANNASSIGN) {
            return true;
        }
    }
    return false;
}

static SemaFunc *method_sema(Builder *b, AstStmt *def)
{
    for (int i = 0; i < b->sm->funcs.len; i++) {
        if (b->sm->funcs.data[i]->def == def) {
            return b->sm->funcs.data[i];
        }
    }
    ICE("method %s has no function", def->u.funcdef.name);
}

/* A method using super() or __class__ closes over the class cell (its only free
 * variable): the tuple of it, or -1. */
static IrReg method_closure(Builder *b, SemaFunc *sf, int line)
{
    if (sf->freevars.len == 0) {
        return -1;
    }
    IrOp *t = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), sf->freevars.len);
    t->u.build = IRB_TUPLE;
    for (int i = 0; i < sf->freevars.len; i++) {
        t->args[i] = sf->freevars.data[i]->slot;
    }
    return t->dst;
}

static void lower_body_stmt(Builder *b, AstStmt *st, IrReg ns, IrReg anns)
{
    int line = st->loc.line;
    switch (st->kind) {
    case STMT_EXPR: build_expr(b, st->u.expr.value); break;
    case STMT_PASS: break;
    case STMT_ANNASSIGN: {
        const char *name = st->u.annassign.target->u.name.id;
        if (st->u.annassign.value) {
            ns_set(b, ns, name, build_expr_as(b, st->u.annassign.value, &ty_object), line);
        }
        IrReg ann = b->m->future_annotations
                        ? build_str_const(b, build_annotation_text(b, st->u.annassign.annotation), line)
                        : build_expr_as(b, st->u.annassign.annotation, &ty_object);
        IrReg args[3] = {anns, build_str_const(b, name, line), ann};
        bld_prim_p(b, prim(PRIM_OBJ_SETITEM), line, args);
        break;
    }
    case STMT_FUNCDEF: {
        IrReg *decos = build_eval_all(b, &st->u.funcdef.decorators);
        SemaFunc *sf = method_sema(b, st);
        IrFunc *f = b->m->funcs.data[sf->sym->slot];
        build_defaults(b, st, f);
        IrReg closure = method_closure(b, sf, line);
        IrOp *op = bld_op(b, IR_MAKE_FUNC, line, bld_temp(b, RT_OBJ), closure >= 0 ? 1 : 0);
        op->u.callee = f;
        if (closure >= 0) {
            op->args[0] = closure;
        }
        /* __new__, __init_subclass__, __class_getitem__ become static/class methods at
         * class creation, as type.__new__ makes them for Python functions (classes.c) */
        IrReg fn = op->dst;
        ns_set(b, ns, st->u.funcdef.name, build_decorate_func(b, decos, st->u.funcdef.decorators.len, fn, line), line);
        break;
    }
    default:   /* names it binds go to the namespace (build_store) */
        build_body(b, &(AstStmtVec){&st, 1, 1});
        break;
    }
}

void build_class(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    AstExprVec *decorators = &st->u.classdef.decorators;
    int first_line = decorators->len ? decorators->data[0]->loc.line : line;
    IrReg *decos = build_eval_all(b, decorators);
    AstExprVec *bases = &st->u.classdef.bases;
    IrReg base_tuple = bld_build(b, IRB_TUPLE, build_eval_all(b, bases), bases->len, line);
    AstKeywordVec *kws = &st->u.classdef.keywords;
    IrReg *kv = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(2 * kws->len + 1));
    for (int i = 0; i < kws->len; i++) {
        kv[2 * i] = build_str_const(b, kws->data[i].name, line);
        kv[2 * i + 1] = build_expr_as(b, kws->data[i].value, &ty_object);
    }
    IrReg kwds = bld_build(b, IRB_DICT, kv, 2 * kws->len, line);
    IrReg args[3] = {build_str_const(b, st->u.classdef.name, line), base_tuple, kwds};
    IrReg prep = bld_prim_p(b, prim(PRIM_CLASS_PREPARE), line, args);
    IrReg ns = bld_prim(b, PRIM_TUPLE_ITEM, line, prep, build_i64_const(b, 2));
    ns_set(b, ns, "__module__", build_load_name(b, "__name__", line), line);
    ns_set(b, ns, "__qualname__", build_str_const(b, st->u.classdef.name, line), line);
    IrReg p313[3] = {ns, build_i64_const(b, first_line), ns};
    bld_prim_p(b, prim(PRIM_CLASS_PY313), line, p313);
    AstStmtVec *body = &st->u.classdef.body;
    IrReg anns = -1;
    if (has_annotations(body)) {
        anns = bld_build(b, IRB_DICT, NULL, 0, line);
        ns_set(b, ns, "__annotations__", anns, line);
    }
    Symbol *cell = st->u.classdef.cell_scope->syms.data[0];   /* __class__ */
    if (cell->captured) {
        /* type.__new__ fills it with the new class (the namespace's __classcell__) */
        cell->slot = bld_prim(b, PRIM_CELL_NEW, line, -1, -1);
        ns_set(b, ns, "__classcell__", cell->slot, line);
    }
    IrReg saved_ns = b->class_ns;
    b->class_ns = ns;
    IrFunc *frame = b->frame;   /* the body runs in a frame named after the class, called on its line */
    int frame_line = b->frame_line;
    b->frame = ARENA_NEW(&b->ctx->arena, IrFunc);
    b->frame->name = st->u.classdef.name;
    b->frame->inl_caller = frame;
    b->frame_line = b->frame->inl_call_line = line;
    for (int i = 0; i < body->len; i++) {
        if (i == 0 && is_docstring(body->data[0])) {
            ns_set(b, ns, "__doc__", build_expr_as(b, body->data[0]->u.expr.value, &ty_object), line);
            continue;
        }
        lower_body_stmt(b, body->data[i], ns, anns);
    }
    b->frame = frame;
    b->frame_line = frame_line;
    b->class_ns = saved_ns;
    IrReg attrs[3] = {ns, build_i64_const(b, -1), static_attributes(b, st, line)};
    bld_prim_p(b, prim(PRIM_CLASS_PY313), line, attrs);
    IrReg cls = build_native_class_create(b, st, prep, line);
    build_native_class_decorators(b, st, decos, line);
    cls = build_decorate(b, decos, decorators->len, cls, line);
    cls = build_native_class_finish(b, st, cls, line);
    build_store(b, st->u.classdef.name_expr, cls, line);
}
