/* build_unpack_call.c - f(a, *xs, b, **kw, c=1) on any callable, as CPython compiles it:
 * the positional arguments become a tuple (a list extended by each *iterable, then made
 * a tuple; a sole *iterable is passed as is and made a tuple by the call), the keywords
 * a dict (each **mapping and each run of named keywords merged in, duplicates refused),
 * then CALL_EX (runtime/callex.c). Everything is evaluated in source order.
 * A call of more than MANY_VALUES computed arguments is made the same way, its
 * arguments gathered as they are made (appended to the list, stored in the dict): made
 * all first, each would be live until the call and every op on the way that can fail
 * would release all the earlier ones (IR quadratic in the call: 800 arguments took
 * 350 MB in the front end). */
#include "build.h"

bool build_many_args(const AstExpr *e)
{
    int computed = 0;
    for (int i = 0; i < e->u.call.args.len; i++) {
        computed += e->u.call.args.data[i]->kind != EXPR_CONST;
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        computed += e->u.call.keywords.data[i].value->kind != EXPR_CONST;
    }
    return computed > MANY_VALUES;
}

static IrReg positional_args(Builder *b, AstExprVec *args, bool gather, int line)
{
    if (args->len == 1 && args->data[0]->kind == EXPR_STARRED) {
        return build_expr_as(b, args->data[0]->u.starred.value, &ty_object);
    }
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(args->len + 1));
    int lead = 0;
    for (; !gather && lead < args->len && args->data[lead]->kind != EXPR_STARRED; lead++) {
        vals[lead] = build_expr_as(b, args->data[lead], &ty_object);
    }
    if (lead == args->len && !gather) {
        return bld_build(b, IRB_TUPLE, vals, lead, line);
    }
    IrReg list = bld_build(b, IRB_LIST, vals, lead, line);
    for (int i = lead; i < args->len; i++) {
        AstExpr *a = args->data[i];
        if (a->kind == EXPR_STARRED) {
            bld_prim(b, PRIM_CALL_EXTEND, line, list, build_expr_as(b, a->u.starred.value, &ty_object));
        } else {
            bld_prim(b, PRIM_LIST_APPEND, line, list, build_expr_as(b, a, &ty_object));
        }
    }
    return bld_prim(b, PRIM_LIST_TO_TUPLE, line, list, -1);
}

static void kw_merge(Builder *b, IrReg fn, IrReg dict, IrReg mapping, int line)
{
    IrReg args[3] = {fn, dict, mapping};
    bld_prim_p(b, prim(PRIM_CALL_KW_MERGE), line, args);
}

/* The named keywords kws[from..to) as a dict. */
static IrReg named_run(Builder *b, AstKeywordVec *kws, int from, int to, bool gather, int line)
{
    if (gather) {   /* str keys: storing one has no effect to order */
        IrReg dict = bld_build(b, IRB_DICT, NULL, 0, line);
        for (int i = from; i < to; i++) {
            IrReg args[3] = {dict, build_str_const(b, kws->data[i].name, line), -1};
            args[2] = build_expr_as(b, kws->data[i].value, &ty_object);
            bld_prim_p(b, prim(PRIM_DICT_SETITEM), line, args);
        }
        return dict;
    }
    IrReg *pairs = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(2 * (to - from) + 1));
    for (int i = from; i < to; i++) {
        pairs[2 * (i - from)] = build_str_const(b, kws->data[i].name, line);
        pairs[2 * (i - from) + 1] = build_expr_as(b, kws->data[i].value, &ty_object);
    }
    return bld_build(b, IRB_DICT, pairs, 2 * (to - from), line);
}

static IrReg keyword_args(Builder *b, AstKeywordVec *kws, IrReg fn, bool gather, int line)
{
    int i = 0;
    while (i < kws->len && kws->data[i].name) {
        i++;
    }
    IrReg dict = named_run(b, kws, 0, i, gather, line);
    while (i < kws->len) {
        if (!kws->data[i].name) {
            kw_merge(b, fn, dict, build_expr_as(b, kws->data[i].value, &ty_object), line);
            i++;
            continue;
        }
        int from = i;
        while (i < kws->len && kws->data[i].name) {
            i++;
        }
        kw_merge(b, fn, dict, named_run(b, kws, from, i, gather, line), line);
    }
    return dict;
}

/* The callee as an object: a module function or a type called by name (sema typed
 * the call as theirs) is what the name holds now, read as a name used as a value is. */
static IrReg callee_value(Builder *b, AstExpr *fn)
{
    Symbol *sym = fn->kind == EXPR_NAME ? fn->u.name.sym : NULL;
    if (sym && (sym->kind == SYM_FUNC || sym->kind == SYM_TYPE)) {
        return build_load_name(b, fn->u.name.id, fn->loc.line);
    }
    return build_expr_as(b, fn, &ty_object);
}

IrReg build_unpacking_call(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    bool gather = build_many_args(e);
    IrReg fn = callee_value(b, e->u.call.func);
    IrReg args[3] = {fn, positional_args(b, &e->u.call.args, gather, line), -1};
    args[2] = keyword_args(b, &e->u.call.keywords, fn, gather, line);
    return bld_prim_p(b, prim(PRIM_CALL_EX), line, args);
}
