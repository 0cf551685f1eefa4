/* dataclass_init.c - the __init__ a plain @dataclass would generate, as a def in the
 * class body, so that it compiles natively and C(...) on a native class builds the
 * instance without running Python code. dataclass() leaves an __init__ the class
 * defines in place (it still builds and checks its own first: field order errors are
 * its TypeError as before). Only for what the def says exactly: no base class or one
 * such dataclass of the module (its fields first, in dataclasses' order); every field a
 * class-level annotation with no default, a constant one, or a field() whose default is
 * a constant or whose default_factory is list, dict or set (options that do not change
 * __init__ allowed); no ClassVar, InitVar or KW_ONLY, no field named self (dataclass
 * renames its own first parameter then); not init=False, frozen=True or kw_only=True.
 * A __post_init__ is called last. Its parameters are typed by the annotations only when
 * the class gets a C layout (sema_declare_signature): a plain class keeps CPython's
 * unchecked values. */
#include <string.h>
#include "sema_internal.h"

static bool false_const(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_FALSE;
}

static bool true_const(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_TRUE;
}

/* What this file made for one class: its __init__'s parameters and what they need. */
typedef struct DcInit {
    AstStmt *cls;
    AstArgVec params;
    AstExprVec factories;   /* per parameter: its default_factory name, or NULL */
    bool post_init;         /* the class or a base defines __post_init__ */
} DcInit;
typedef VEC(DcInit) DcInitVec;

/* The module the __init__s are made for, and its bindings, collected once. */
typedef struct DcModule {
    Ctx *ctx;
    AstModule *mod;
    ModuleBindings *binds;   /* collected before any __init__ is added: their parameters
                              * bind nothing global */
    DcInitVec made;          /* the classes given an __init__, in order */
} DcModule;

/* NULL for a plain @dataclass / @dataclass(options that leave __init__ as written here);
 * "" when the class is no dataclass of dataclasses', or its __init__ is not dataclasses'
 * (init=...); else why dataclasses' own __init__ stays (--report). */
static const char *plain_dataclass(DcModule *m, const AstStmt *cls)
{
    const AstExprVec *d = &cls->u.classdef.decorators;
    if (d->len != 1 || cls->u.classdef.bases.len > 1 || cls->u.classdef.keywords.len) {
        return "";
    }
    const AstExpr *e = d->data[0];
    if (!sema_dataclasses_name(m->binds, m->mod, e->kind == EXPR_CALL ? e->u.call.func : e, "dataclass")) {
        return "";
    }
    if (e->kind != EXPR_CALL) {
        return NULL;
    }
    const char *why = e->u.call.args.len ? "dataclass() with positional arguments" : NULL;
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        const AstKeyword *k = &e->u.call.keywords.data[i];
        if (k->name && strcmp(k->name, "init") == 0 && !true_const(k->value)) {
            return "";
        }
        bool must_be_false = k->name && (strcmp(k->name, "frozen") == 0 || strcmp(k->name, "kw_only") == 0);
        if (!k->name) {
            why = "dataclass(**options)";
        } else if (must_be_false && !false_const(k->value)) {
            why = "dataclass(frozen=...) or dataclass(kw_only=...)";
        }
    }
    return why;
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

/* The value of a field(...) default: its constant default, the <factory> marker for
 * default_factory=list|dict|set (*factory set), NULL for none; *why when it is more. */
static AstExpr *field_default(DcModule *m, AstExpr *v, AstExpr **factory, const char **why)
{
    AstExpr *dflt = NULL;
    *factory = NULL;
    if (v->u.call.args.len) {
        *why = "a field() with positional arguments";
        return NULL;
    }
    /* list, dict or set as a default_factory while nothing may rebind the name:
     * dataclasses calls the object it was given, the __init__ made here names it */
    for (int i = 0; i < v->u.call.keywords.len; i++) {
        AstKeyword *k = &v->u.call.keywords.data[i];
        const char *n = k->name ? k->name : "**";
        if (strcmp(n, "default") == 0 && constant(k->value)) {
            dflt = k->value;
        } else if (strcmp(n, "default_factory") == 0 && k->value->kind == EXPR_NAME &&
                   (strcmp(k->value->u.name.id, "list") == 0 || strcmp(k->value->u.name.id, "dict") == 0 ||
                    strcmp(k->value->u.name.id, "set") == 0) &&
                   sema_outer_binding_count(m->binds, k->value->u.name.id) == 0) {
            *factory = k->value;
            dflt = ARENA_NEW(&m->ctx->arena, AstExpr);
            dflt->kind = EXPR_CONST;
            dflt->loc = k->value->loc;
            dflt->u.constant.kind = CONST_DC_FACTORY;
        } else if (strcmp(n, "repr") != 0 && strcmp(n, "compare") != 0 && strcmp(n, "hash") != 0 &&
                   strcmp(n, "metadata") != 0) {
            *why = strcmp(n, "default") == 0 ? "a field() default that is not a constant"
                   : strcmp(n, "default_factory") == 0
                       ? "a default_factory other than list, dict or set (or one the module rebinds)"
                       : "a field() option that changes __init__";
            return NULL;
        }
    }
    return dflt;
}

/* Whether a top-level statement of mod binds `bound` as dataclasses' `attr`
 * (`import dataclasses` for bound "dataclasses", `from dataclasses import attr`). */
static bool imports_from_dataclasses(const AstModule *mod, const char *bound, const char *attr)
{
    for (int i = 0; i < mod->body.len; i++) {
        const AstStmt *st = mod->body.data[i];
        for (int k = 0; st->kind == STMT_IMPORT && !attr && k < st->u.import.names.len; k++) {
            const AstAlias *a = &st->u.import.names.data[k];
            if (strcmp(a->name, "dataclasses") == 0 && !a->asname && strcmp(bound, "dataclasses") == 0) {
                return true;
            }
        }
        for (int k = 0; st->kind == STMT_IMPORTFROM && attr && k < st->u.importfrom.names.len; k++) {
            const AstAlias *a = &st->u.importfrom.names.data[k];
            if (st->u.importfrom.level == 0 && st->u.importfrom.module &&
                strcmp(st->u.importfrom.module, "dataclasses") == 0 && strcmp(a->name, attr) == 0 &&
                strcmp(a->asname ? a->asname : a->name, bound) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* e names dataclasses' attr (`dataclass`, `field`): a name only `from dataclasses import
 * attr` binds, or `dataclasses.attr` where only `import dataclasses` binds the module. A
 * module's own function of that name (or another module's) is not dataclasses'. */
bool sema_dataclasses_name(const ModuleBindings *binds, const AstModule *mod, const AstExpr *e, const char *attr)
{
    if (e->kind == EXPR_NAME) {
        return strcmp(e->u.name.id, attr) == 0 && imports_from_dataclasses(mod, e->u.name.id, attr) &&
               sema_outer_binding_count(binds, e->u.name.id) == 1;
    }
    const AstExpr *v = e->kind == EXPR_ATTRIBUTE ? e->u.attribute.value : NULL;
    return v && v->kind == EXPR_NAME && strcmp(e->u.attribute.attr, attr) == 0 &&
           strcmp(v->u.name.id, "dataclasses") == 0 && imports_from_dataclasses(mod, v->u.name.id, NULL) &&
           sema_outer_binding_count(binds, v->u.name.id) == 1;
}

static bool is_field_call(DcModule *m, const AstExpr *v)
{
    return v->kind == EXPR_CALL && sema_dataclasses_name(m->binds, m->mod, v->u.call.func, "field");
}

/* The base's DcInit when cls derives a dataclass this file made an __init__ for, bound
 * by its class statement only; *why when it derives anything else. */
static const DcInit *base_init(DcModule *m, AstStmt *cls, const char **why)
{
    const DcInitVec *made = &m->made;
    if (!cls->u.classdef.bases.len) {
        return NULL;
    }
    const AstExpr *b = cls->u.classdef.bases.data[0];
    for (int i = 0; b->kind == EXPR_NAME && i < made->len; i++) {
        if (made->data[i].cls->u.classdef.name == b->u.name.id) {
            if (sema_outer_binding_count(m->binds, b->u.name.id) == 1) {
                return &made->data[i];
            }
            break;
        }
    }
    *why = "a base class that is not a dataclass compiled with its __init__ in this module";
    return NULL;
}

static int param_index(const AstArgVec *params, const char *name)
{
    for (int j = 0; j < params->len; j++) {
        if (params->data[j].name == name) {   /* interned */
            return j;
        }
    }
    return -1;
}

/* The fields as parameters, the base's first (a field declared again keeps its place,
 * as in dataclasses), or why the class is not one this file handles ("": no reason to
 * tell, as when the class defines __init__). */
static const char *collect_params(DcModule *m, AstStmt *cls, const DcInit *base, DcInit *out)
{
    Ctx *ctx = m->ctx;
    AstStmtVec *body = &cls->u.classdef.body;
    if (base) {
        for (int i = 0; i < base->params.len; i++) {
            vec_push(&ctx->arena, &out->params, base->params.data[i]);
            vec_push(&ctx->arena, &out->factories, base->factories.data[i]);
        }
        out->post_init = base->post_init;
    }
    int own = out->params.len;   /* parameters from here on are this class's fields */
    for (int i = 0; i < body->len; i++) {
        AstStmt *st = body->data[i];
        if (st->kind == STMT_FUNCDEF && strcmp(st->u.funcdef.name, "__init__") == 0) {
            return "";   /* the class's own */
        }
        out->post_init |= st->kind == STMT_FUNCDEF && strcmp(st->u.funcdef.name, "__post_init__") == 0;
        if (st->kind == STMT_ASSIGN) {
            for (int t = 0; t < st->u.assign.targets.len; t++) {
                const AstExpr *e = st->u.assign.targets.data[t];
                if (e->kind == EXPR_NAME && strcmp(e->u.name.id, "__post_init__") == 0) {
                    return "a __post_init__ bound other than by def";
                }
            }
        }
        if (st->kind != STMT_ANNASSIGN) {
            continue;
        }
        AstExpr *t = st->u.annassign.target, *v = st->u.annassign.value, *factory = NULL;
        const char *why = NULL;
        if (v && is_field_call(m, v)) {
            v = field_default(m, v, &factory, &why);
            if (why) {
                return why;
            }
        } else if (v && v->kind == EXPR_CALL && v->u.call.func->kind == EXPR_NAME &&
                   strcmp(v->u.call.func->u.name.id, "field") == 0) {
            return "a field(...) whose name is not only dataclasses' field (rebound or imported from elsewhere)";
        } else if (v && !constant(v)) {
            return "a field default that is not a constant";
        }
        if (t->kind != EXPR_NAME || special_annotation(st->u.annassign.annotation) ||
            strncmp(t->u.name.id, "__", 2) == 0 || strcmp(t->u.name.id, "self") == 0) {
            return "a ClassVar, InitVar or KW_ONLY annotation, or a field dataclasses names specially";
        }
        AstArg a = {.name = t->u.name.id, .annotation = st->u.annassign.annotation, .loc = st->loc};
        if (v) {
            a.default_ = ARENA_NEW(&ctx->arena, AstExpr);
            *a.default_ = *v;
        }
        int at = param_index(&out->params, a.name);
        if (at >= own) {
            return "a field annotated twice";   /* CPython keeps the first place, the last type */
        } else if (at >= 0) {
            out->params.data[at] = a;   /* a base's field declared again */
            out->factories.data[at] = factory;
        } else {
            vec_push(&ctx->arena, &out->params, a);
            vec_push(&ctx->arena, &out->factories, factory);
        }
    }
    for (int i = 1; i < out->params.len; i++) {
        if (out->params.data[i - 1].default_ && !out->params.data[i].default_) {
            return "";   /* dataclasses raises its TypeError */
        }
    }
    return out->params.len > 0 ? NULL : "";
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

static AstStmt *assign_attr(Ctx *ctx, const char *self, const AstArg *p, AstExpr *value)
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
    st->u.assign.value = value;
    return st;
}

/* self.<field> = <field>, or for a default_factory F, as dataclasses writes it:
 * self.<field> = F() if <field> is <factory> else <field> */
static AstStmt *store(Ctx *ctx, const char *self, const AstArg *p, AstExpr *factory)
{
    AstExpr *value = name(ctx, p->name, p->loc, CTX_LOAD);
    if (factory) {
        AstExpr *call = ARENA_NEW(&ctx->arena, AstExpr), *test = ARENA_NEW(&ctx->arena, AstExpr);
        call->kind = EXPR_CALL;
        call->loc = factory->loc;
        call->u.call.func = name(ctx, factory->u.name.id, factory->loc, CTX_LOAD);
        test->kind = EXPR_COMPARE;
        test->loc = p->loc;
        test->u.compare.left = name(ctx, p->name, p->loc, CTX_LOAD);
        vec_push(&ctx->arena, &test->u.compare.ops, CMPOP_IS);
        vec_push(&ctx->arena, &test->u.compare.comparators, p->default_);
        AstExpr *pick = ARENA_NEW(&ctx->arena, AstExpr);
        pick->kind = EXPR_IFEXP;
        pick->loc = p->loc;
        pick->u.ifexp.test = test;
        pick->u.ifexp.body = call;
        pick->u.ifexp.orelse = value;
        value = pick;
    }
    return assign_attr(ctx, self, p, value);
}

static void add_init(DcModule *m, AstStmt *cls)
{
    Ctx *ctx = m->ctx;
    const char *why = plain_dataclass(m, cls);
    if (why) {
        cls->u.classdef.no_native_init = *why ? why : NULL;
        return;
    }
    DcInit init = {.cls = cls};
    const DcInit *base = base_init(m, cls, &why);
    if (!why) {
        why = collect_params(m, cls, base, &init);
    }
    if (why) {
        cls->u.classdef.no_native_init = *why ? why : NULL;
        return;
    }
    AstArgVec params = init.params;
    AstExprVec factories = init.factories;
    bool post_init = init.post_init;
    vec_push(&ctx->arena, &m->made, init);
    const char *self = intern_cstr(ctx->names, "self");
    AstArguments *args = ARENA_NEW(&ctx->arena, AstArguments);
    vec_push(&ctx->arena, &args->args, ((AstArg){.name = self, .loc = cls->loc}));
    AstStmt *def = ARENA_NEW(&ctx->arena, AstStmt);
    def->kind = STMT_FUNCDEF;
    def->loc = cls->loc;
    def->loc.end_line = 0;   /* its lines are the header's (--report: not the methods' ops) */
    def->u.funcdef.name = intern_cstr(ctx->names, "__init__");
    def->u.funcdef.name_loc = cls->loc;
    def->u.funcdef.args = args;
    def->u.funcdef.synthetic = true;
    for (int i = 0; i < params.len; i++) {
        vec_push(&ctx->arena, &args->args, params.data[i]);
        vec_push(&ctx->arena, &def->u.funcdef.body, store(ctx, self, &params.data[i], factories.data[i]));
    }
    if (post_init) {   /* self.__post_init__(), looked up on the instance as dataclasses does */
        AstExpr *meth = ARENA_NEW(&ctx->arena, AstExpr), *call = ARENA_NEW(&ctx->arena, AstExpr);
        meth->kind = EXPR_ATTRIBUTE;
        meth->loc = cls->loc;
        meth->u.attribute.value = name(ctx, self, cls->loc, CTX_LOAD);
        meth->u.attribute.attr = intern_cstr(ctx->names, "__post_init__");
        meth->u.attribute.ctx = CTX_LOAD;
        call->kind = EXPR_CALL;
        call->loc = cls->loc;
        call->u.call.func = meth;
        AstStmt *st = ARENA_NEW(&ctx->arena, AstStmt);
        st->kind = STMT_EXPR;
        st->loc = cls->loc;
        st->u.expr.value = call;
        vec_push(&ctx->arena, &def->u.funcdef.body, st);
    }
    AstExpr *none = ARENA_NEW(&ctx->arena, AstExpr);
    none->kind = EXPR_CONST;
    none->u.constant.kind = CONST_NONE;   /* no source: line 0 (build_annotation_text) */
    def->u.funcdef.returns = none;
    vec_push(&ctx->arena, &cls->u.classdef.body, def);
}

void sema_dataclass_inits(Ctx *ctx, AstModule *mod)
{
    DcModule m = {.ctx = ctx, .mod = mod, .binds = sema_collect_bindings(ctx, mod)};
    for (int i = 0; i < mod->body.len; i++) {
        if (mod->body.data[i]->kind == STMT_CLASSDEF) {
            add_init(&m, mod->body.data[i]);
        }
    }
}
