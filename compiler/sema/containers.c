/* containers.c - types of list/dict/set/tuple/str values: annotations, displays,
 * subscripts, typed methods (stdlib-shims/methods.def) and the builtins that make or
 * read containers (len, str, ord, list, sorted, enumerate, zip). */
#include <stdlib.h>
#include <string.h>
#include "sema_internal.h"

/* list, List, dict ...: the container an annotation's base names, or TY_OBJECT. */
static TypeKind container_kind(const char *base)
{
    static const struct { const char *name; TypeKind kind; } bases[] = {
        {"list", TY_LIST}, {"List", TY_LIST}, {"dict", TY_DICT}, {"Dict", TY_DICT},
        {"set", TY_SET}, {"Set", TY_SET}, {"tuple", TY_TUPLE}, {"Tuple", TY_TUPLE},
    };
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        if (strcmp(bases[i].name, base) == 0) {
            return bases[i].kind;
        }
    }
    return TY_OBJECT;
}

/* Elements are boxed: None and the non-value types are plain objects there. */
static const Type *element(const Type *t)
{
    if (!t || t->kind == TY_NONE || t->kind == TY_FUNC || t->kind == TY_SHIM || t->kind == TY_MODULE ||
        t->kind == TY_TYPEREF) {
        return &ty_object;
    }
    return t;
}

const Type *sema_container_named(Sema *s, const char *base)
{
    switch (container_kind(base)) {
    case TY_LIST: return type_list(s->sm->types, &ty_object);
    case TY_DICT: return type_dict(s->sm->types, &ty_object, &ty_object);
    case TY_SET: return type_set(s->sm->types, &ty_object);
    case TY_TUPLE: return type_tuple(s->sm->types, 1, (const Type *[]){&ty_object}, true);
    default: return NULL;
    }
}

const Type *sema_container_annotation(Sema *s, const char *base, AstExpr *index)
{
    TypeKind k = container_kind(base);
    if (k == TY_OBJECT) {
        return NULL;
    }
    AstExpr *one[1] = {index};
    AstExpr **argv = index->kind == EXPR_TUPLE ? index->u.seq.elts.data : one;
    int n = index->kind == EXPR_TUPLE ? index->u.seq.elts.len : 1;
    if (n > 16) {
        return NULL;
    }
    const Type *a[16];
    bool varlen = false;
    for (int i = 0; i < n; i++) {
        AstExpr *x = argv[i];
        if (x->kind == EXPR_CONST && x->u.constant.kind == CONST_ELLIPSIS) {
            if (k != TY_TUPLE || i != 1 || n != 2) {
                return NULL;
            }
            varlen = true;
            n = 1;
            break;
        }
        a[i] = element(sema_annotation(s, x, NULL));
    }
    if (k == TY_TUPLE) {
        if (index->kind == EXPR_TUPLE && index->u.seq.elts.len == 0) {
            return type_tuple(s->sm->types, 0, a, false);   /* Tuple[()] */
        }
        return type_tuple(s->sm->types, n, a, varlen);
    }
    if (n != (k == TY_DICT ? 2 : 1)) {
        return NULL;
    }
    return k == TY_LIST ? type_list(s->sm->types, a[0]) : k == TY_SET ? type_set(s->sm->types, a[0]) : type_dict(s->sm->types, a[0], a[1]);
}

/* The one type of all values, or object. */
static const Type *join(const Type *a, const Type *b)
{
    return !a ? b : a == b ? a : &ty_object;
}

/* [*a, b], (*a,), {*a}, {**m, k: v}: filled by the iterator protocol (mapping
 * protocol), of objects. */
static const Type *unpacking_display(Sema *s, AstExpr *e, AstExprVec *elts)
{
    for (int i = 0; i < elts->len; i++) {
        AstExpr *x = elts->data[i];
        AstExpr *k = e->kind == EXPR_DICT ? e->u.dict.keys.data[i] : NULL;
        AstExpr *v = x->kind == EXPR_STARRED && e->kind != EXPR_DICT ? x->u.starred.value : x;
        if (x->kind == EXPR_STARRED && e->kind == EXPR_DICT) {
            return sema_unsupported(s, x->loc, "unpacking in a display");
        }
        if (k) {
            sema_as_value(s, k, infer_expr(s, k));
        }
        sema_as_value(s, v, infer_expr(s, v));
        x->type = v->type;
    }
    switch (e->kind) {
    case EXPR_LIST: return type_list(s->sm->types, &ty_object);
    case EXPR_SET: return type_set(s->sm->types, &ty_object);
    case EXPR_DICT: return type_dict(s->sm->types, &ty_object, &ty_object);
    default: return type_tuple(s->sm->types, 1, (const Type *[]){&ty_object}, true);
    }
}

static bool unpacks(const AstExpr *e, const AstExprVec *elts)
{
    for (int i = 0; elts && i < elts->len; i++) {
        if (elts->data[i]->kind == EXPR_STARRED || (e->kind == EXPR_DICT && !e->u.dict.keys.data[i])) {
            return true;
        }
    }
    return false;
}

bool sema_display_unpacks(const AstExpr *e)
{
    const AstExprVec *elts = e->kind == EXPR_DICT ? &e->u.dict.values : e->kind == EXPR_SET ? &e->u.set.elts
                             : e->kind == EXPR_LIST || e->kind == EXPR_TUPLE ? &e->u.seq.elts : NULL;
    return unpacks(e, elts);
}

/* [a, b], (a, b), {a, b}, {k: v}: typed by their elements (empty: of objects). */
const Type *sema_infer_display(Sema *s, AstExpr *e)
{
    AstExprVec *elts = e->kind == EXPR_DICT ? &e->u.dict.values
                       : e->kind == EXPR_SET ? &e->u.set.elts : &e->u.seq.elts;
    const Type *et = NULL, *kt = NULL;
    const Type *tup[16];
    if (unpacks(e, elts)) {
        return unpacking_display(s, e, elts);
    }
    for (int i = 0; i < elts->len; i++) {
        AstExpr *x = elts->data[i];
        const Type *xt = sema_as_value(s, x, infer_expr(s, x));
        et = join(et, element(xt));
        if (i < 16) {
            tup[i] = element(xt);
        }
        if (e->kind == EXPR_DICT) {
            AstExpr *k = e->u.dict.keys.data[i];
            kt = join(kt, element(sema_as_value(s, k, infer_expr(s, k))));
        }
    }
    const Type *private_type = e->kind != EXPR_TUPLE ? sema_private_display(s, e, et, kt) : NULL;
    if (private_type) {
        return private_type;
    }
    et = et ? et : &ty_object;
    if (!sema_func_is_typed(s->func)) {
        /* unannotated code is not type checked: its containers may hold anything */
        et = kt = &ty_object;
        for (int i = 0; i < elts->len && i < 16; i++) {
            tup[i] = &ty_object;
        }
    }
    switch (e->kind) {
    case EXPR_LIST: return type_list(s->sm->types, et);
    case EXPR_SET: return type_set(s->sm->types, et);
    case EXPR_DICT: return type_dict(s->sm->types, kt ? kt : &ty_object, et);
    default:
        return elts->len <= 16 ? type_tuple(s->sm->types, elts->len, tup, false) : type_tuple(s->sm->types, 1, &et, true);
    }
}

static bool is_int_literal(const AstExpr *e, long *v)
{
    bool neg = e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG;
    const AstExpr *k = neg ? e->u.unaryop.operand : e;
    if (k->kind != EXPR_CONST || k->u.constant.kind != CONST_INT || strlen(k->u.constant.text) > 9) {
        return false;
    }
    *v = strtol(k->u.constant.text, NULL, 0);
    *v = neg ? -*v : *v;
    return true;
}

/* x[i] on a typed value: NULL when it stays a generic subscript. */
const Type *sema_typed_subscript(Sema *s, AstExpr *e, const Type *vt)
{
    AstExpr *ix = e->u.subscript.index;
    if (ix->kind == EXPR_SLICE) {
        sema_check_index(s, ix);
        return vt->kind == TY_LIST || vt->kind == TY_STR ? vt
             : vt->kind == TY_TUPLE ? type_tuple(s->sm->types, 1, (const Type *[]){type_item(vt)}, true) : &ty_object;
    }
    const Type *it = infer_expr(s, ix);
    if (vt->kind == TY_DICT) {
        sema_value_ok(s, ix, it);
        return vt->args[1];
    }
    if (!type_is_intlike(it) || it->kind == TY_I64 || it->kind == TY_I32) {
        sema_value_ok(s, ix, it);
        return vt->kind == TY_SET ? sema_error(s, e->loc, "value of type \"%s\" is not indexable", type_name(vt))
                                  : &ty_object;
    }
    long k;
    const Type *r = type_index_result(vt, is_int_literal(ix, &k) ? &k : NULL);
    if (!r) {
        return sema_error(s, e->loc, "value of type \"%s\" is not indexable", type_name(vt));
    }
    return r;
}

/* Is x[i] (load or store) one the IR lowers with a typed primitive? */
bool sema_is_typed_index(const AstExpr *sub)
{
    const Type *vt = sub->u.subscript.value->type;
    const AstExpr *ix = sub->u.subscript.index;
    if (!vt || ix->kind == EXPR_SLICE || !ix->type) {
        return false;
    }
    if (vt->kind == TY_DICT) {
        return true;
    }
    bool int_ix = ix->type->kind == TY_INT || ix->type->kind == TY_BOOL;
    return int_ix && (vt->kind == TY_LIST || vt->kind == TY_TUPLE || vt->kind == TY_STR);
}

static const Type *arg_type(const Method *m, int i, const Type *recv)
{
    switch (m->args[i]) {
    case MA_ELT: case MA_KEY: return recv->args[0];
    case MA_VAL: return recv->args[1];
    case MA_INT: return &ty_int;
    case MA_STR: return &ty_str;
    default: return &ty_object;
    }
}

/* A tuple display of strs (`("a", "b")`): its items are strs where unannotated code
 * types the tuple's as objects (and what speculated str methods take, build_str_spec.c). */
bool sema_str_tuple_display(const AstExpr *e)
{
    if (e->kind != EXPR_TUPLE || e->u.seq.elts.len == 0) {
        return false;
    }
    for (int i = 0; i < e->u.seq.elts.len; i++) {
        const Type *t = e->u.seq.elts.data[i]->type;
        if (!t || t->kind != TY_STR) {
            return false;
        }
    }
    return true;
}

/* A tuple of strs (startswith(("a", "b"))). */
static bool is_str_tuple(const Type *t)
{
    if (t->kind != TY_TUPLE || t->nargs == 0) {
        return false;
    }
    for (int i = 0; i < t->nargs; i++) {
        if (t->args[i]->kind != TY_STR) {
            return false;
        }
    }
    return true;
}

/* Do the call's arguments have the kinds row m takes? */
static bool args_fit(const Method *m, const AstExpr *call, const Type *recv)
{
    for (int i = 0; i < m->nargs; i++) {
        const AstExpr *a = call->u.call.args.data[i];
        if (!a->type || a->kind == EXPR_STARRED) {
            return false;
        }
        if (m->args[i] == MA_STRS) {
            if (!is_str_tuple(a->type) && !sema_str_tuple_display(a)) {
                return false;
            }
            continue;
        }
        const Type *want = arg_type(m, i, recv);
        if ((m->args[i] == MA_INT && !type_is_intlike(a->type)) || (m->args[i] == MA_STR && a->type->kind != TY_STR) ||
            (!type_assignable(want, a->type) && a->type->kind != TY_OBJECT)) {
            return false;
        }
    }
    return true;
}

const Method *sema_typed_method(const AstExpr *call)
{
    const AstExpr *fn = call->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE || call->u.call.keywords.len > 0) {
        return NULL;
    }
    const Type *recv = fn->u.attribute.value->type;
    if (!recv || !type_is_checked_obj(recv) || recv->kind == TY_TUPLE) {
        return NULL;
    }
    const char *cls = type_class_name(recv), *name = fn->u.attribute.attr;
    int n = call->u.call.args.len;
    for (const Method *m = method_find(cls, name, n); m; m = method_find_after(m, cls, name, n)) {
        if (args_fit(m, call, recv)) {
            return m;
        }
    }
    return NULL;
}

const Type *sema_method_arg_type(const Method *m, int i, const Type *recv)
{
    return arg_type(m, i, recv);
}

static const Type *method_result(Sema *s, const Method *m, const AstExpr *call, const Type *recv)
{
    switch (m->result) {
    case MR_NONE: return &ty_none;
    case MR_INT: return &ty_int;
    case MR_BOOL: return &ty_bool;
    case MR_STR: return &ty_str;
    case MR_ELT: return recv->args[0];
    case MR_VAL: return recv->args[1];
    case MR_LISTSTR: return type_list(s->sm->types, &ty_str);
    case MR_STR3: return type_tuple(s->sm->types, 3, (const Type *[]){&ty_str, &ty_str, &ty_str}, false);
    case MR_GET: {
        const Type *guess = m->nargs == 2 ? sema_private_get_default(s, call) : NULL;
        if (guess) {
            return guess;
        }
        if (m->nargs == 2) {
            return call->u.call.args.data[1]->type == recv->args[1] ? recv->args[1] : &ty_object;
        }
        /* d.get(k): the value or None, as Optional[V] (a union, narrowed by `is None`) */
        const Type *v = recv->args[1];
        if (v->kind == TY_INSTANCE) {
            return v->cls->opt_type;
        }
        const Type *u = v->kind == TY_OBJECT ? NULL : type_union(s->sm->types, 2, (const Type *[]){v, &ty_none});
        return u ? u : &ty_object;
    }
    case MR_ITEMS: return type_iter(s->sm->types, type_tuple(s->sm->types, 2, recv->args, false));
    case MR_KEYS: return type_iter(s->sm->types, recv->args[0]);
    case MR_VALUES: return type_iter(s->sm->types, recv->args[1]);
    }
    return &ty_object;
}

/* recv.m(args) on a typed receiver: its result type, or NULL (an ordinary call). */
const Type *sema_method_call(Sema *s, AstExpr *e)
{
    AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE) {
        return NULL;
    }
    if (sema_call_unpacks(e)) {
        sema_private_method(s, e, true);
        return NULL;
    }
    AstExpr *recv = fn->u.attribute.value;
    if (recv->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, recv->u.name.id);
        if (sym && sym->kind == SYM_MODULE) {
            return NULL;
        }
    }
    const Type *rt = infer_expr(s, recv);
    if (!type_is_checked_obj(rt)) {
        return NULL;
    }
    if (rt->kind == TY_LIST && strcmp(fn->u.attribute.attr, "sort") == 0) {
        sema_expect_key_lambda(s, e, rt->args[0]);   /* xs.sort(key=lambda x: ...) */
    }
    for (int i = 0; i < e->u.call.args.len; i++) {
        AstExpr *a = e->u.call.args.data[i];
        if (!sema_value_ok(s, a, infer_expr(s, a))) {
            sema_private_method(s, e, true);
            return &ty_object;
        }
    }
    sema_private_method(s, e, false);
    const Method *m = sema_typed_method(e);
    if (!m) {
        return NULL;
    }
    fn->type = &ty_object;
    return method_result(s, m, e, rt);
}

/* What iterating e yields, or object (always in unannotated code, which is unchecked). */
const Type *sema_iterated(Sema *s, AstExpr *e, const Type *t)
{
    if (!sema_func_is_typed(s->func) && !sema_private_iterable(s, e)) {
        return &ty_object;
    }
    if (sema_is_range_call(s, e)) {
        return &ty_int;
    }
    const Type *it = type_item(t);
    return it ? it : &ty_object;
}

/* sorted(), enumerate(), zip(): the ordinary call of the builtin, whose result type is
 * known (a list is checked on return). */
static const Type *generic_typed(Sema *s, AstExpr *e, const Type *result)
{
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        AstExpr *v = e->u.call.keywords.data[i].value;
        if (!sema_value_ok(s, v, infer_expr(s, v))) {
            return NULL;
        }
    }
    sema_as_value(s, e->u.call.func, &ty_shim);   /* loaded by name, called generically */
    return result;
}

/* The start of enumerate(xs, start) or enumerate(xs, start=k); NULL when there is none
 * (or the call has another keyword). */
AstExpr *sema_enumerate_start(const AstExpr *call)
{
    if (call->u.call.args.len == 2 && call->u.call.keywords.len == 0) {
        return call->u.call.args.data[1];
    }
    if (call->u.call.args.len == 1 && call->u.call.keywords.len == 1 && call->u.call.keywords.data[0].name &&
        strcmp(call->u.call.keywords.data[0].name, "start") == 0) {
        return call->u.call.keywords.data[0].value;
    }
    return NULL;
}

/* len, str, ord, list, sorted, enumerate, zip: a result type, or NULL (generic call). */
const Type *sema_container_builtin(Sema *s, AstExpr *e, const Shim *sh)
{
    int n = e->u.call.args.len;
    if (sema_call_unpacks(e)) {
        return NULL;
    }
    const Type *a0 = n > 0 ? infer_expr(s, e->u.call.args.data[0]) : NULL;
    bool plain = e->u.call.keywords.len == 0;
    switch (sh->kind) {
    case SHIM_LIST:
        if (!plain || n != 1 || !sema_value_ok(s, e->u.call.args.data[0], a0)) {
            return NULL;
        }
        return type_list(s->sm->types, sema_iterated(s, e->u.call.args.data[0], a0));
    case SHIM_SORTED: {
        if (n != 1 || !sema_value_ok(s, e->u.call.args.data[0], a0)) {
            return NULL;
        }
        const Type *elt = sema_iterated(s, e->u.call.args.data[0], a0);
        sema_expect_key_lambda(s, e, elt);
        return generic_typed(s, e, type_list(s->sm->types, elt));
    }
    case SHIM_DICT: {
        /* dict(pairs) of a typed list, tuple, set or iterator of 2-tuples (zip(keys, values),
         * d.items()): dict[K, V]; a mapping argument or anything else is the plain call */
        if (!plain || n != 1 || !sema_value_ok(s, e->u.call.args.data[0], a0) ||
            (a0->kind != TY_LIST && a0->kind != TY_TUPLE && a0->kind != TY_SET && a0->kind != TY_ITER)) {
            return NULL;
        }
        const Type *pair = sema_iterated(s, e->u.call.args.data[0], a0);
        if (pair->kind != TY_TUPLE || pair->nargs != 2 || pair->varlen || type_is_named_tuple(pair) ||
            (pair->args[0]->kind == TY_OBJECT && pair->args[1]->kind == TY_OBJECT)) {
            return NULL;
        }
        return generic_typed(s, e, type_dict(s->sm->types, pair->args[0], pair->args[1]));
    }
    case SHIM_ENUMERATE: {
        AstExpr *start = sema_enumerate_start(e);
        if (n < 1 || n + e->u.call.keywords.len > 2 || (!plain && !start) || !sema_value_ok(s, e->u.call.args.data[0], a0)) {
            return NULL;
        }
        const Type *st = start ? infer_expr(s, start) : NULL;
        if (st && st->kind != TY_INT && st->kind != TY_I64 && st->kind != TY_I32) {
            return NULL;   /* enumerate's own TypeError for a start that is not an int */
        }
        return generic_typed(s, e, type_iter(s->sm->types, type_tuple(s->sm->types, 2, (const Type *[]){&ty_int, sema_iterated(s, e->u.call.args.data[0], a0)}, false)));
    }
    case SHIM_ZIP: {
        if (!plain || n < 1 || n > 16) {
            return NULL;
        }
        const Type *elts[16];
        for (int i = 0; i < n; i++) {
            AstExpr *x = e->u.call.args.data[i];
            if (!sema_value_ok(s, x, infer_expr(s, x))) {
                return NULL;
            }
            elts[i] = sema_iterated(s, x, x->type);
        }
        return generic_typed(s, e, type_iter(s->sm->types, type_tuple(s->sm->types, n, elts, false)));
    }
    default:
        return NULL;
    }
}

/* The type of each target of `a, b = value` where value has type vt. */
const Type *sema_unpacked_type(const Type *vt, int i, int n)
{
    if (vt->kind == TY_TUPLE && !vt->varlen) {
        return vt->nargs == n ? vt->args[i] : &ty_object;
    }
    const Type *it = type_item(vt);
    return it ? it : &ty_object;
}
