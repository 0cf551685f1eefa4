/* call_fit.c - may a call take a compiled method's native entry? Its positional
 * arguments must be exactly the parameters (from `first` on; the ones before are the
 * receiver), of types that convert without a check or with the check the entry makes
 * (sema_arg_checked), and lowered once per path (the
 * direct calls and the generic one each evaluate them, after the method's def is
 * read, as CPython evaluates arguments after the method lookup): names, constants,
 * operators, comparisons, conditionals, and/or, list/tuple/set displays, and calls
 * whose own parts are such (one level of calls:
 * each level multiplies the code), never functions or comprehensions, which would be
 * made twice. The reason a call does not fit is kept on the call (e->u.call.misfit)
 * and listed by --report, since such a call runs as CPython's. */
#include <string.h>
#include "sema_internal.h"

static bool plain(const AstExpr *a, int calls);

static bool all_plain(const AstExprVec *v, int calls)
{
    for (int i = 0; i < v->len; i++) {
        if (v->data[i]->kind == EXPR_STARRED || !plain(v->data[i], calls)) {
            return false;
        }
    }
    return true;
}

static bool plain(const AstExpr *a, int calls)
{
    switch (a->kind) {
    case EXPR_IFEXP:
        return plain(a->u.ifexp.test, calls) && plain(a->u.ifexp.body, calls) && plain(a->u.ifexp.orelse, calls);
    case EXPR_BOOLOP: return all_plain(&a->u.boolop.values, calls);
    case EXPR_LIST: case EXPR_TUPLE: return all_plain(&a->u.seq.elts, calls);
    case EXPR_SET: return all_plain(&a->u.set.elts, calls);
    case EXPR_NAME: case EXPR_CONST: return true;
    case EXPR_FSTRING:   /* f"{x}: {y!r:>{w}}": its values and the specs' */
        for (int i = 0; i < a->u.fstring.parts.len; i++) {
            const AstFStringPart *p = &a->u.fstring.parts.data[i];
            if ((p->value && !plain(p->value, calls)) || (p->format_spec && !plain(p->format_spec, calls))) {
                return false;
            }
        }
        return true;
    case EXPR_DICT:
        for (int i = 0; i < a->u.dict.keys.len; i++) {
            if (!a->u.dict.keys.data[i] || !plain(a->u.dict.keys.data[i], calls)) {
                return false;   /* **d: a mapping unpacked */
            }
        }
        return all_plain(&a->u.dict.values, calls);
    case EXPR_ATTRIBUTE: return plain(a->u.attribute.value, calls);
    case EXPR_UNARYOP: return plain(a->u.unaryop.operand, calls);
    case EXPR_BINOP: return plain(a->u.binop.left, calls) && plain(a->u.binop.right, calls);
    case EXPR_SUBSCRIPT: return a->u.subscript.index->kind != EXPR_SLICE && plain(a->u.subscript.value, calls) &&
                                plain(a->u.subscript.index, calls);
    case EXPR_COMPARE:
        for (int i = 0; i < a->u.compare.comparators.len; i++) {
            if (!plain(a->u.compare.comparators.data[i], calls)) {
                return false;
            }
        }
        return plain(a->u.compare.left, calls);
    case EXPR_CALL:
        if (calls == 0 || a->u.call.keywords.len || !plain(a->u.call.func, calls - 1)) {
            return false;
        }
        for (int i = 0; i < a->u.call.args.len; i++) {
            if (!plain(a->u.call.args.data[i], calls - 1)) {
                return false;
            }
        }
        return true;
    default: return false;
    }
}

bool sema_plain_arg(const AstExpr *a)
{
    return plain(a, 1);
}

/* An argument typed as class C or Optional[C] for a parameter typed as the other:
 * the same object either way, and every use of it is guarded. */
bool sema_same_class(const Type *param, const Type *arg)
{
    return param->kind == TY_INSTANCE && arg->kind == TY_INSTANCE && type_class_derives(arg->cls, param->cls);
}

/* An argument of type at converts to pt as the Python entry would convert its value
 * (None for Optional[C], int for float, bool for int ...), without a check. */
static bool arg_fits_unchecked(const Type *pt, const Type *at)
{
    return at == pt || pt->kind == TY_OBJECT || sema_same_class(pt, at) ||
           (at->kind != TY_OBJECT && at->kind != TY_UNION && type_assignable(pt, at));
}

/* An object (or union) argument for a parameter the entry checks as a scalar, a str or
 * a native class: converted at the call with the check the entry makes (the same
 * TypeError where it fails), after every argument is evaluated, as the entry sees them. */
bool sema_arg_checked(const Type *pt, const Type *at)
{
    bool loose = at->kind == TY_OBJECT || at->kind == TY_UNION;
    return loose && (pt->kind == TY_BOOL || pt->kind == TY_INT || pt->kind == TY_FLOAT || pt->kind == TY_STR ||
                     pt->kind == TY_INSTANCE);
}

static bool arg_fits(const Type *pt, const Type *at)
{
    return arg_fits_unchecked(pt, at) || sema_arg_checked(pt, at);
}

/* Keeps why (NULL: it fits) on call e of `name` for --report, and the call in the
 * module's list of such calls. */
static void note_misfit(Sema *s, AstExpr *e, const char *why, const char *name)
{
    e->u.call.misfit = why;
    if (!why) {
        return;
    }
    e->u.call.misfit_name = name;
    for (int i = 0; i < s->sm->misfit_calls.len; i++) {
        if (s->sm->misfit_calls.data[i] == e) {
            return;
        }
    }
    vec_push(&s->ctx->arena, &s->sm->misfit_calls, e);
}

/* Keeps on the call why it cannot take m's native entry (NULL: it can), for --report. */
void sema_note_misfit(Sema *s, AstExpr *e, const SemaFunc *m, const char *cls, int first)
{
    note_misfit(s, e, sema_call_misfit(&s->ctx->arena, m, e, first),
                arena_printf(&s->ctx->arena, "%s.%s", cls, m->def->u.funcdef.name));
}

/* The same for C(...) of a native class whose __init__ is init. */
void sema_note_construct_misfit(Sema *s, AstExpr *e, const SemaFunc *init, const char *cls)
{
    note_misfit(s, e, sema_construct_misfit(&s->ctx->arena, init, e), cls);
}

static const char *entry_misfit(const SemaFunc *m, int first)
{
    if (!m || !m->sym || m->def->keep_reason || m->memo) {
        return "the method is not a plain compiled def";
    }
    if (sema_closure_cells(m) || m->varargs || m->varkw || m->nkwonly || m->npos < first) {
        return "the method's parameters (*args, keyword-only, a closure)";
    }
    return NULL;
}

/* How --report names an argument: its keyword, else its position i. */
static const char *arg_name(Arena *a, int i, const AstKeyword *kw)
{
    return kw ? arena_printf(a, "\"%s\"", kw->name) : arena_printf(a, "%d", i + 1);
}

static const char *arg_misfit(Arena *a, const AstExpr *arg, const Type *pt, int i, const AstKeyword *kw)
{
    if (!arg->type || !arg_fits(pt, arg->type)) {
        return a ? arena_printf(a, "argument %s is %s where the parameter is %s", arg_name(a, i, kw),
                                arg->type ? type_name(arg->type) : "untyped", type_name(pt))
                 : "";
    }
    return NULL;
}

/* e's positional arguments bound to m's parameters from `first` on, then its keywords to
 * parameters not given positionally (build_call_member and lower_construct put each
 * value in its place, evaluated in source order), every parameter without a default
 * given, each argument fitting its parameter's type and, when plain_only, lowering once
 * per path: NULL, else why not. Where e has keywords, m->npos <= SEMA_MAX_INIT_PARAMS. */
static const char *bind_misfit(Arena *a, const SemaFunc *m, const AstExpr *e, int first, bool plain_only)
{
    int nargs = e->u.call.args.len, nkw = e->u.call.keywords.len;
    bool given[SEMA_MAX_INIT_PARAMS] = {false};
    for (int i = 0; nkw && i < first + nargs; i++) {
        given[i] = true;
    }
    for (int i = 0; i < nargs + nkw; i++) {
        const AstKeyword *kw = i < nargs ? NULL : &e->u.call.keywords.data[i - nargs];
        const AstExpr *arg = kw ? kw->value : e->u.call.args.data[i];
        int p = i + first;
        if (kw) {
            p = kw->name ? sema_keyword_param(m, kw->name) : -1;
            if (p < first || p >= m->npos || given[p]) {
                return "keyword arguments its parameters do not take";
            }
            given[p] = true;
        }
        if (plain_only && !sema_plain_arg(arg)) {
            return a ? arena_printf(a, "argument %s is too complex to evaluate on each path (a lambda, a comprehension, a call in a call)", arg_name(a, i, kw)) : "";
        }
        const char *why = arg_misfit(a, arg, m->params.data[p]->type, i, kw);
        if (why) {
            return why;
        }
    }
    for (int p = first + nargs; p < m->nrequired; p++) {
        if (!nkw || !given[p]) {
            return "a number of arguments its parameters do not take";
        }
    }
    return NULL;
}

const char *sema_call_misfit(Arena *a, const SemaFunc *m, const AstExpr *e, int first)
{
    int nargs = e->u.call.args.len, nkw = e->u.call.keywords.len;
    const char *why = entry_misfit(m, first);
    if (why) {
        return why;
    }
    if (nargs + first > m->npos || nargs + first + nkw < m->nrequired) {
        return "a number of arguments its parameters do not take";
    }
    if (nkw && m->npos > SEMA_MAX_INIT_PARAMS) {
        return "keyword arguments to more parameters than a direct call binds";
    }
    return bind_misfit(a, m, e, first, true);
}

/* C(args) evaluates its arguments once, before the class is asked how it constructs
 * (CPython looks __new__ and __init__ up at the call), so any argument expression
 * fits, and keywords that name a parameter after self. */
const char *sema_construct_misfit(Arena *a, const SemaFunc *init, const AstExpr *e)
{
    int nargs = e->u.call.args.len;
    const char *why = entry_misfit(init, 1);
    if (why) {
        return why;
    }
    if (nargs + 1 > init->npos) {
        return "a number of arguments its parameters do not take";
    }
    if (init->npos > SEMA_MAX_INIT_PARAMS) {
        return "more parameters than a direct construction binds";
    }
    return bind_misfit(a, init, e, 1, false);
}
