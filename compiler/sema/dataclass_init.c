/* dataclass_init.c - the __init__ a plain @dataclass would generate, as a def in the
 * class body, so that it compiles natively and C(...) on a native class builds the
 * instance without running Python code. dataclass() leaves an __init__ the class
 * defines in place (it still builds and checks its own first: field order errors are
 * its TypeError as before). Only for what the def says exactly: no base class, every
 * field a class-level annotation with no default or a constant one, no field(),
 * ClassVar, InitVar or KW_ONLY, no field named self (dataclass renames its own first
 * parameter then), no __post_init__, and not init=False, frozen=True or
 * kw_only=True. Its parameters are typed by the annotations only when the class gets
 * a C layout (sema_declare_signature): a plain class keeps CPython's unchecked values. */
#include <string.h>
#include "sema_internal.h"

static bool false_const(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_FALSE;
}

static bool plain_dataclass(const AstStmt *cls)
{
    const AstExprVec *d = &cls->u.classdef.decorators;
    if (d->len != 1 || cls->u.classdef.bases.len || cls->u.classdef.keywords.len) {
        return false;
    }
    const AstExpr *e = d->data[0], *fn = e->kind == EXPR_CALL ? e->u.call.func : e;
    const char *n = fn->kind == EXPR_NAME ? fn->u.name.id
                    : fn->kind == EXPR_ATTRIBUTE && fn->u.attribute.value->kind == EXPR_NAME &&
                              strcmp(fn->u.attribute.value->u.name.id, "dataclasses") == 0
                        ? fn->u.attribute.attr
                        : NULL;
    if (!n || strcmp(n, "dataclass") != 0) {
        return false;
    }
    if (e->kind != EXPR_CALL) {
        return true;
    }
    if (e->u.call.args.len) {
        return false;
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        const AstKeyword *k = &e->u.call.keywords.data[i];
        bool must_be_false = k->name && (strcmp(k->name, "frozen") == 0 || strcmp(k->name, "kw_only") == 0);
        if (!k->name || (strcmp(k->name, "init") == 0 && false_const(k->value)) ||
            (must_be_false && !false_const(k->value))) {
            return false;
        }
    }
    return true;
}

static bool constant(const AstExpr *e)
{
    if (e->kind == EXPR_UNARYOP) {
        e = e->u.unaryop.operand;
    }
    return e->kind == EXPR_CONST && e->u.constant.kind != CONST_ELLIPSIS;
}

static bool special_annotation(const AstExpr *ann)
{
    const AstExpr *b = ann->kind == EXPR_SUBSCRIPT ? ann->u.subscript.value : ann;
    const char *n = b->kind == EXPR_NAME ? b->u.name.id : b->kind == EXPR_ATTRIBUTE ? b->u.attribute.attr : NULL;
    return ann->kind == EXPR_CONST ||   /* a string: may spell ClassVar */
           (n && (strcmp(n, "ClassVar") == 0 || strcmp(n, "InitVar") == 0 || strcmp(n, "KW_ONLY") == 0));
}

/* The fields as parameters, or false when the class is not one this file handles. */
static bool collect_params(Ctx *ctx, AstStmt *cls, AstArgVec *params)
{
    AstStmtVec *body = &cls->u.classdef.body;
    bool defaults = false;
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        if (st->kind == STMT_FUNCDEF &&
            (strcmp(st->u.funcdef.name, "__init__") == 0 || strcmp(st->u.funcdef.name, "__post_init__") == 0)) {
            return false;
        }
        if (st->kind != STMT_ANNASSIGN) {
            continue;
        }
        AstExpr *t = st->u.annassign.target, *v = st->u.annassign.value;
        if (t->kind != EXPR_NAME || special_annotation(st->u.annassign.annotation) || (v && !constant(v)) ||
            (defaults && !v) || strncmp(t->u.name.id, "__", 2) == 0 || strcmp(t->u.name.id, "self") == 0) {
            return false;
        }
        for (int j = 0; j < params->len; j++) {
            if (params->data[j].name == t->u.name.id) {
                return false;   /* a field annotated twice: CPython keeps the first place, the last type */
            }
        }
        defaults |= v != NULL;
        AstArg a = {.name = t->u.name.id, .annotation = st->u.annassign.annotation, .loc = st->loc};
        if (v) {
            a.default_ = ARENA_NEW(&ctx->arena, AstExpr);
            *a.default_ = *v;
        }
        vec_push(&ctx->arena, params, a);
    }
    return params->len > 0;
}

static AstExpr *name(Ctx *ctx, const char *id, Loc loc, AstCtx c)
{
    AstExpr *e = ARENA_NEW(&ctx->arena, AstExpr);
    e->kind = EXPR_NAME;
    e->loc = loc;
    e->u.name.id = id;
    e->u.name.ctx = c;
    return e;
}

/* self.<field> = <field> */
static AstStmt *store(Ctx *ctx, const char *self, const AstArg *p)
{
    AstExpr *t = ARENA_NEW(&ctx->arena, AstExpr);
    t->kind = EXPR_ATTRIBUTE;
    t->loc = p->loc;
    t->u.attribute.value = name(ctx, self, p->loc, CTX_LOAD);
    t->u.attribute.attr = p->name;
    t->u.attribute.ctx = CTX_STORE;
    AstStmt *st = ARENA_NEW(&ctx->arena, AstStmt);
    st->kind = STMT_ASSIGN;
    st->loc = p->loc;
    vec_push(&ctx->arena, &st->u.assign.targets, t);
    st->u.assign.value = name(ctx, p->name, p->loc, CTX_LOAD);
    return st;
}

static void add_init(Ctx *ctx, AstStmt *cls)
{
    AstArgVec params = {0};
    if (!plain_dataclass(cls) || !collect_params(ctx, cls, &params)) {
        return;
    }
    const char *self = intern_cstr(ctx->names, "self");
    AstArguments *args = ARENA_NEW(&ctx->arena, AstArguments);
    vec_push(&ctx->arena, &args->args, ((AstArg){.name = self, .loc = cls->loc}));
    AstStmt *def = ARENA_NEW(&ctx->arena, AstStmt);
    def->kind = STMT_FUNCDEF;
    def->loc = cls->loc;
    def->u.funcdef.name = intern_cstr(ctx->names, "__init__");
    def->u.funcdef.name_loc = cls->loc;
    def->u.funcdef.args = args;
    def->u.funcdef.synthetic = true;
    for (int i = 0; i < params.len; i++) {
        vec_push(&ctx->arena, &args->args, params.data[i]);
        vec_push(&ctx->arena, &def->u.funcdef.body, store(ctx, self, &params.data[i]));
    }
    AstExpr *none = ARENA_NEW(&ctx->arena, AstExpr);
    none->kind = EXPR_CONST;
    none->u.constant.kind = CONST_NONE;   /* no source: line 0 (build_annotation_text) */
    def->u.funcdef.returns = none;
    vec_push(&ctx->arena, &cls->u.classdef.body, def);
}

void sema_dataclass_inits(Ctx *ctx, AstModule *mod)
{
    for (int i = 0; i < mod->body.len; i++) {
        if (mod->body.data[i]->kind == STMT_CLASSDEF) {
            add_init(ctx, mod->body.data[i]);
        }
    }
}
