/* build_unpack_call.c - f(a, *xs, b, **kw, c=1) on any callable, as CPython compiles it:
 * the positional arguments become a tuple (a list extended by each *iterable, then made
 * a tuple; a sole *iterable is passed as is and made a tuple by the call), the keywords
 * a dict (each **mapping and each run of named keywords merged in, duplicates refused),
 * then CALL_EX (runtime/callex.c). Everything is evaluated in source order. */
#include "build.h"

static IrReg positional_args(Builder *b, AstExprVec *args, int line)
{
    if (args->len == 1 && args->data[0]->kind == EXPR_STARRED) {
        return build_expr_as(b, args->data[0]->u.starred.value, &ty_object);
    }
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(args->len + 1));
    int lead = 0;
    for (; lead < args->len && args->data[lead]->kind != EXPR_STARRED; lead++) {
        vals[lead] = build_expr_as(b, args->data[lead], &ty_object);
    }
    if (lead == args->len) {
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
static IrReg named_run(Builder *b, AstKeywordVec *kws, int from, int to, int line)
{
    IrReg *pairs = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(2 * (to - from) + 1));
    for (int i = from; i < to; i++) {
        pairs[2 * (i - from)] = build_str_const(b, kws->data[i].name, line);
        pairs[2 * (i - from) + 1] = build_expr_as(b, kws->data[i].value, &ty_object);
    }
    return bld_build(b, IRB_DICT, pairs, 2 * (to - from), line);
}

static IrReg keyword_args(Builder *b, AstKeywordVec *kws, IrReg fn, int line)
{
    int i = 0;
    while (i < kws->len && kws->data[i].name) {
        i++;
    }
    IrReg dict = named_run(b, kws, 0, i, line);
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
        kw_merge(b, fn, dict, named_run(b, kws, from, i, line), line);
    }
    return dict;
}

IrReg build_unpacking_call(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg fn = build_expr_as(b, e->u.call.func, &ty_object);
    IrReg args[3] = {fn, positional_args(b, &e->u.call.args, line), -1};
    args[2] = keyword_args(b, &e->u.call.keywords, fn, line);
    return bld_prim_p(b, prim(PRIM_CALL_EX), line, args);
}
