/* calls.c - calls: module functions (arity, keywords, argument types) and shims. */
#include <string.h>
#include "sema_internal.h"

bool sema_call_unpacks(const AstExpr *e)
{
    for (int i = 0; i < e->u.call.args.len; i++) {
        if (e->u.call.args.data[i]->kind == EXPR_STARRED) {
            return true;
        }
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        if (!e->u.call.keywords.data[i].name) {
            return true;
        }
    }
    return false;
}

/* f(a, *xs, **kw) on any callable (a native function, a builtin too): CPython's own
 * call protocol with the argument tuple and dict built as CALL_FUNCTION_EX wants. */
static const Type *infer_unpacking_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    if (!sema_value_ok(s, fn, infer_expr(s, fn))) {
        return &ty_object;
    }
    for (int i = 0; i < e->u.call.args.len; i++) {
        AstExpr *a = e->u.call.args.data[i];
        if (a->kind == EXPR_STARRED) {
            a->type = &ty_object;
            a = a->u.starred.value;
        }
        if (!sema_value_ok(s, a, infer_expr(s, a))) {
            return &ty_object;
        }
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstExpr *a = e->u.call.keywords.data[i].value;
        if (!sema_value_ok(s, a, infer_expr(s, a))) {
            return &ty_object;
        }
    }
    return &ty_object;
}

static void check_arg(Sema *s, SemaFunc *f, int index, AstExpr *arg, bool by_keyword)
{
    const Type *want = f->params.data[index]->type;
    sema_expect_lambda(s, arg, ast_param_at(f->def->u.funcdef.args, index)->annotation);
    const Type *got = sema_infer_expect(s, arg, want);
    if (want->kind == TY_OBJECT) {
        got = sema_as_value(s, arg, got);   /* a function or type passed as an object */
        if (!got) {
            return;
        }
    }
    if (!type_assignable(want, got)) {
        char which[160];
        if (by_keyword) {
            snprintf(which, sizeof which, "\"%s\"", f->params.data[index]->name);
        } else {
            snprintf(which, sizeof which, "%d", index + 1);
        }
        sema_error(s, arg->loc, "argument %s to \"%s\" has incompatible type \"%s\"; expected \"%s\"",
                   which, f->sym->name, type_name(got), type_name(want));
    }
}

int sema_keyword_param(const SemaFunc *f, const char *name)
{
    for (int i = f->nposonly; i < f->npos + f->nkwonly; i++) {
        if (f->params.data[i]->name == name) {
            return i;
        }
    }
    return -1;
}

/* "missing positional argument "a" in call to "f"", and the same for keyword-only ones */
static void check_missing(Sema *s, AstExpr *e, SemaFunc *f, const bool *given, int from, int to,
                          const char *kind)
{
    StrBuf missing;
    sb_init(&missing);
    int nmissing = 0;
    for (int i = from; i < to; i++) {
        bool has_default = ast_param_at(f->def->u.funcdef.args, i)->default_ != NULL;
        if (!given[i] && !has_default) {
            sb_printf(&missing, "%s\"%s\"", nmissing++ ? ", " : "", f->params.data[i]->name);
        }
    }
    if (nmissing) {
        sema_error(s, e->loc, "missing %s argument%s %s in call to \"%s\"", kind, nmissing > 1 ? "s" : "",
                   missing.data, f->sym->name);
    }
    sb_free(&missing);
}

/* Extra positional arguments go to *args, extra keywords to **kwargs (checked as
 * objects); the rest bind to parameters as in CPython, at compile time. */
static const Type *infer_func_call(Sema *s, AstExpr *e, SemaFunc *f)
{
    int nparams = f->params.len;
    bool given[256] = {false};
    if (nparams > 255) {
        return sema_unsupported(s, e->loc, "functions with more than 255 parameters");
    }
    for (int i = 0; i < e->u.call.args.len; i++) {
        if (i >= f->npos && f->varargs) {
            AstExpr *a = e->u.call.args.data[i];
            sema_value_ok(s, a, infer_expr(s, a));
            continue;
        }
        if (i >= f->npos) {
            sema_error(s, e->u.call.args.data[i]->loc, "too many arguments for \"%s\"", f->sym->name);
            break;
        }
        given[i] = true;
        check_arg(s, f, i, e->u.call.args.data[i], false);
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstKeyword *kw = &e->u.call.keywords.data[i];
        int p = sema_keyword_param(f, kw->name);
        if (p < 0 && f->varkw) {
            sema_value_ok(s, kw->value, infer_expr(s, kw->value));
            continue;
        }
        if (p < 0) {
            sema_error(s, kw->loc, "unexpected keyword argument \"%s\" for \"%s\"", kw->name, f->sym->name);
            infer_expr(s, kw->value);
            continue;
        }
        if (given[p]) {
            sema_error(s, kw->loc, "\"%s\" gets multiple values for keyword argument \"%s\"", f->sym->name, kw->name);
        }
        given[p] = true;
        check_arg(s, f, p, kw->value, true);
    }
    check_missing(s, e, f, given, 0, f->npos, "positional");
    check_missing(s, e, f, given, f->npos, f->npos + f->nkwonly, "keyword-only");
    return f->ret;
}

/* Do the call's arguments fit the shim's native form (count, no keywords, numbers)? */
static bool args_fit(Sema *s, AstExpr *e, const Shim *sh, int min, int max)
{
    int n = e->u.call.args.len;
    if (e->u.call.keywords.len > 0 || n < min || (max >= 0 && n > max)) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        const Type *t = infer_expr(s, e->u.call.args.data[i]);
        if (!type_is_numeric(t) && t->kind != TY_OBJECT) {
            return false;
        }
        if (t->kind == TY_OBJECT && sh->kind != SHIM_MIN && sh->kind != SHIM_MAX) {
            return false;   /* math.sqrt(fraction) on objects: CPython's own protocol */
        }
    }
    return true;
}

#define infer_object_call sema_infer_object_call

/* A builtin called in a form its shim does not cover (max(xs), int("12", 16), range()
 * as a value): a generic call of the object the name denotes, decided by CPython. */
static const Type *generic_shim_call(Sema *s, AstExpr *e)
{
    e->u.call.func->type = &ty_object;
    return infer_object_call(s, e);
}

/* min(xs)/max(xs) of one iterable: runtime/order.c walks it (an element of a typed
 * list or set has the element's type, checked when read). */
static const Type *infer_minmax_of(Sema *s, AstExpr *e)
{
    AstExpr *a = e->u.call.args.data[0];
    const Type *t = sema_as_value(s, a, infer_expr(s, a));
    if (t && (t->kind == TY_LIST || t->kind == TY_SET) && t->nargs == 1) {
        TypeKind k = t->args[0]->kind;
        if (k == TY_INT || k == TY_FLOAT || k == TY_STR) {
            return t->args[0];
        }
    }
    return &ty_object;
}

static const Type *infer_minmax(Sema *s, AstExpr *e, const Shim *sh)
{
    if (e->u.call.args.len == 1 && e->u.call.keywords.len == 0 && !sema_call_unpacks(e) &&
        e->u.call.args.data[0]->kind != EXPR_GENEXP) {
        return infer_minmax_of(s, e);
    }
    if (e->u.call.args.len == 1 && e->u.call.keywords.len == 1 && e->u.call.keywords.data[0].name &&
        strcmp(e->u.call.keywords.data[0].name, "key") == 0 && !sema_call_unpacks(e) &&
        e->u.call.args.data[0]->kind != EXPR_GENEXP) {
        /* max(xs, key=lambda x: ...): the lambda takes, and the call gives, an element
         * (not with default=, which may give something else) */
        AstExpr *a = e->u.call.args.data[0];
        const Type *t = sema_as_value(s, a, infer_expr(s, a));
        const Type *elt = t ? sema_iterated(s, a, t) : NULL;
        sema_expect_key_lambda(s, e, elt);
        generic_shim_call(s, e);
        e->u.call.via = elt && elt->kind != TY_OBJECT ? 'x' : 0;
        return e->u.call.via ? elt : &ty_object;
    }
    if (!args_fit(s, e, sh, 2, -1)) {
        return generic_shim_call(s, e);
    }
    const Type *t = e->u.call.args.data[0]->type;
    for (int i = 1; i < e->u.call.args.len; i++) {
        if (e->u.call.args.data[i]->type != t) {
            return &ty_object;   /* min(1, 2.5) keeps the winner's own type */
        }
    }
    return t;
}

static const Type *infer_print(Sema *s, AstExpr *e, const Shim *sh)
{
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstKeyword *kw = &e->u.call.keywords.data[i];
        const Type *t = sema_as_value(s, kw->value, infer_expr(s, kw->value));
        bool text = strcmp(kw->name, "sep") == 0 || strcmp(kw->name, "end") == 0;
        if (!text) {
            continue;   /* file=, flush= and unknown keywords: print() itself checks them */
        }
        if (t->kind != TY_STR && t->kind != TY_NONE && t->kind != TY_OBJECT && t->kind != TY_BOOL) {
            sema_error(s, kw->value->loc, "argument \"%s\" to \"print\" has incompatible type \"%s\"",
                       kw->name, type_name(t));
        }
    }
    for (int i = 0; i < e->u.call.args.len; i++) {
        AstExpr *a = e->u.call.args.data[i];
        sema_as_value(s, a, infer_expr(s, a));
    }
    (void)sh;
    return &ty_none;
}

/* The SHIM_CALL row (shims.def) a call of sh takes, from its arguments' kinds; NULL:
 * keywords, unpacking or no row. The IR builder looks the row up the same way. */
const Shim *sema_shim_row(const AstExpr *e, const Shim *sh)
{
    int n = e->u.call.args.len;
    if (e->u.call.keywords.len > 0 || n < 1 || n > 2 || sema_call_unpacks(e)) {
        return NULL;
    }
    PyVal kinds[2];
    for (int i = 0; i < n; i++) {
        kinds[i] = pyval_of(e->u.call.args.data[i]->type);
    }
    return shim_call_row(sh, n, kinds);
}

/* What a row with an ITEM result gives (a heapq pop): the items' type of a heap typed
 * list[T] (checked when it arrives, as a read of such a list is), where the item a call
 * pushes first (heapreplace, heappushpop) is a T too (heappushpop may give it back);
 * else an object. */
static const Type *heap_item(const AstExpr *e)
{
    const Type *h = e->u.call.args.data[0]->type;
    const Type *t = h->kind == TY_LIST ? type_item(h) : NULL;
    if (!t || t->kind == TY_OBJECT || (e->u.call.args.len == 2 && e->u.call.args.data[1]->type != t)) {
        return &ty_object;
    }
    return t;
}

static const Type *infer_shim_row(Sema *s, AstExpr *e, const Shim *sh)
{
    int n = e->u.call.args.len;
    if (e->u.call.keywords.len > 0 || n < 1 || n > 2 || sema_call_unpacks(e)) {
        return generic_shim_call(s, e);
    }
    for (int i = 0; i < n; i++) {
        infer_expr(s, e->u.call.args.data[i]);
    }
    sema_private_heap(s, e);
    const Shim *row = sema_shim_row(e, sh);
    if (row && row->call.result == PV_ITEM) {
        return heap_item(e);
    }
    return row ? type_of_pyval(row->call.result) : generic_shim_call(s, e);
}

static const Type *infer_shim_call(Sema *s, AstExpr *e, const Shim *sh)
{
    switch (sh->kind) {
    case SHIM_FN:
        return args_fit(s, e, sh, sh->prim.nargs, sh->prim.nargs) ? type_of_rtype(sh->prim.result) : generic_shim_call(s, e);
    case SHIM_CALL: return infer_shim_row(s, e, sh);
    case SHIM_MIN: case SHIM_MAX: return infer_minmax(s, e, sh);
    case SHIM_BOOL:
        if (e->u.call.args.len == 1 && e->u.call.keywords.len == 0) {
            infer_expr(s, e->u.call.args.data[0]);   /* bool(x) is the truth of any value */
            return &ty_bool;
        }
        return generic_shim_call(s, e);
    case SHIM_PRINT: return infer_print(s, e, sh);
    default: return generic_shim_call(s, e);
    }
}

/* A call of a generic object (a function kept as Python, a class, ...): boxed arguments
 * through the vectorcall protocol, an object result. */
const Type *sema_infer_object_call(Sema *s, AstExpr *e)
{
    for (int i = 0; i < e->u.call.args.len; i++) {
        AstExpr *a = e->u.call.args.data[i];
        if (!sema_as_value(s, a, infer_expr(s, a))) {
            return &ty_object;
        }
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstExpr *a = e->u.call.keywords.data[i].value;
        if (!sema_as_value(s, a, infer_expr(s, a))) {
            return &ty_object;
        }
    }
    return &ty_object;
}

/* vars(x) and dir(x) read x, not the calling frame (only their argument-less forms
 * look at locals): called so, they are ordinary builtins for native code. */
static void frame_free_builtin(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    if (fn->kind == EXPR_NAME && (strcmp(fn->u.name.id, "vars") == 0 || strcmp(fn->u.name.id, "dir") == 0) &&
        e->u.call.args.len == 1 && e->u.call.keywords.len == 0 &&
        e->u.call.args.data[0]->kind != EXPR_STARRED && !sema_lookup(s, fn->u.name.id)) {
        fn->u.name.frame_free = true;
    }
}

/* list(), set() and dict() of the builtins: an empty display, typed as one ([] with its
 * element type from the context or later uses), as CPython's call would make. */
static bool empty_container_call(Sema *s, AstExpr *e)
{
    const Shim *sh = e->u.call.args.len == 0 && e->u.call.keywords.len == 0 ? sema_shim_of(s, e->u.call.func) : NULL;
    AstExprKind k = !sh ? EXPR_CALL : sh->kind == SHIM_LIST ? EXPR_LIST : sh->kind == SHIM_SET ? EXPR_SET
                  : sh->kind == SHIM_DICT ? EXPR_DICT : EXPR_CALL;
    if (k == EXPR_CALL) {
        return false;
    }
    memset(&e->u, 0, sizeof e->u);
    e->kind = k;
    return true;
}

const Type *infer_call(Sema *s, AstExpr *e)
{
    if (sema_call_unpacks(e)) {
        return infer_unpacking_call(s, e);
    }
    if (empty_container_call(s, e)) {
        return sema_infer_display(s, e);
    }
    sema_zero_arg_super(s, e);
    frame_free_builtin(s, e);
    const Type *consumed = sema_genexp_consumer(s, e);
    if (consumed) {
        return consumed;
    }
    const Type *typed = sema_typing_call(s, e);
    if (typed) {
        return typed;
    }
    SemaFunc *f = sema_func_of(s, e->u.call.func);
    if (f) {
        infer_expr(s, e->u.call.func);
        e->u.call.func->u.name.sym = f->sym;   /* a memoized callee's name reads as an object */
        return infer_func_call(s, e, f);
    }
    const Shim *sh = sema_shim_of(s, e->u.call.func);
    if (sh) {
        infer_expr(s, e->u.call.func);
        int errors = s->ctx->diags.errors;
        const Type *ct = sema_container_builtin(s, e, sh);
        if (!ct && s->ctx->diags.errors > errors) {
            return &ty_object;   /* an argument was reported: inferring it again says it twice */
        }
        return ct ? ct : infer_shim_call(s, e, sh);
    }
    const Type *it = sema_instance_call(s, e);
    if (it) {
        return it;
    }
    const Type *nm = sema_named_tuple_method_call(s, e);
    if (nm) {
        return nm;
    }
    const Type *mt = sema_method_call(s, e);
    if (mt) {
        return mt;
    }
    AstExpr *fn = e->u.call.func;
    int errors = s->ctx->diags.errors;
    const Type *ft = infer_expr(s, fn);
    if (s->ctx->diags.errors > errors) {
        return &ty_object;   /* the callee was already reported */
    }
    const Type *nt = fn->kind == EXPR_NAME ? sema_named_tuple_type(s, fn->u.name.sym) : NULL;
    if (ft->kind == TY_OBJECT && nt) {
        infer_object_call(s, e);
        return nt;   /* a NamedTuple made: checked to be a tuple where it is built */
    }
    if (ft->kind == TY_OBJECT && sema_counter_consumer(s, e)) {
        return &ty_object;
    }
    if (ft->kind == TY_OBJECT) {
        return infer_object_call(s, e);
    }
    if (ft->kind == TY_TYPEREF && fn->kind == EXPR_NAME && fn->u.name.sym && !fn->u.name.sym->shim &&
        sema_as_value(s, fn, ft)) {
        return infer_object_call(s, e);   /* TypeVar("T"), NamedTuple("P", ...): typing's objects */
    }
    if (ft->kind == TY_INSTANCE) {
        fn->type = &ty_object;   /* an instance of a native class called: its __call__, generically */
        return infer_object_call(s, e);
    }
    return sema_unsupported(s, e->loc, "this call");
}
