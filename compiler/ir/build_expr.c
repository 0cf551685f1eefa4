/* build_expr.c - expressions: constants, names, operators, comparisons,
 * and/or, conditional expressions, and conditions lowered as branches. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"


/* ---- constants ---- */

static IrConst *new_const(Builder *b, IrConstKind kind)
{
    IrConst *k = ARENA_NEW(&b->ctx->arena, IrConst);
    k->kind = kind;
    k->pool_index = -1;
    return k;
}

static IrReg emit_const(Builder *b, IrConst *k, RType rt, int line)
{
    IrReg r = bld_temp(b, rt);
    IrOp *op = bld_op(b, IR_CONST, line, r, 0);
    op->u.konst = k;
    return r;
}

static void add_to_pool(Builder *b, IrConst *k)
{
    k->pool_index = b->m->pool.len;
    vec_push(&b->ctx->arena, &b->m->pool, k);
}

/* k in the pool; an equal bytes constant already there is shared: CPython merges
 * equal constants across a module's code objects (str ones are interned anyway). */
static IrConst *pooled(Builder *b, IrConst *k)
{
    for (int i = 0; k->kind == IRC_BYTES && i < b->m->pool.len; i++) {
        IrConst *o = b->m->pool.data[i];
        if (o->kind == IRC_BYTES && o->len == k->len && memcmp(o->str, k->str, k->len) == 0) {
            return o;
        }
    }
    add_to_pool(b, k);
    return k;
}

/* Does the decimal text (optionally '-') fit in [lo, hi]? */
static bool int_text_fits(const char *text, long long lo, long long hi)
{
    size_t digits = strlen(text) - (text[0] == '-');
    if (digits > 18) {
        return false;
    }
    long long v = strtoll(text, NULL, 10);
    return v >= lo && v <= hi;
}

/* Does the decimal text (optionally '-') fit in int64, INT64_MIN aside (its C literal is
 * no plain one)? Up to 19 digits, where int_text_fits takes 18. */
static bool int_text_fits_i64(const char *text)
{
    size_t digits = strlen(text) - (text[0] == '-');
    if (digits <= 18) {
        return int_text_fits(text, INT64_MIN + 1, INT64_MAX);
    }
    if (digits > 19) {
        return false;
    }
    errno = 0;
    long long v = strtoll(text, NULL, 10);
    return errno != ERANGE && v != INT64_MIN;
}

static IrReg int_const(Builder *b, const char *text, const Type *want, int line)
{
    RType rt = want ? rtype_of(want) : RT_INT;
    if (rt == RT_FLOAT) {
        errno = 0;
        double d = strtod(text, NULL);
        if (errno != ERANGE) {
            IrConst *k = new_const(b, IRC_FLOAT);
            k->fval = d;
            k->text = text;
            return emit_const(b, k, RT_FLOAT, line);
        }
    }
    IrConst *k = new_const(b, IRC_INT);
    k->text = text;
    if (rt == RT_I64 && int_text_fits_i64(text)) {
        return emit_const(b, k, RT_I64, line);
    }
    if (rt == RT_I32 && int_text_fits(text, INT32_MIN, INT32_MAX)) {
        return emit_const(b, k, RT_I32, line);
    }
    if (!int_text_fits(text, -(1LL << 62), (1LL << 62) - 1)) {
        add_to_pool(b, k);
    }
    IrReg r = emit_const(b, k, RT_INT, line);
    return want ? bld_coerce(b, r, &ty_int, want, line) : r;
}

static const char *negated_int_text(Builder *b, const AstExpr *e);

/* The constant a display item is: a short int (negated too), a float, a bool, None, a
 * str or bytes literal (pooled before the tuple) or a tuple display of such; NULL for
 * anything else. */
static IrConst *display_item_const(Builder *b, AstExpr *e)
{
    const char *neg = negated_int_text(b, e);
    if (e->kind == EXPR_TUPLE) {
        return build_const_tuple(b, e);
    }
    if (!neg && e->kind != EXPR_CONST) {
        return NULL;
    }
    AstConstKind ck = neg ? CONST_INT : e->u.constant.kind;
    IrConst *k = NULL;
    if (ck == CONST_INT && int_text_fits(neg ? neg : e->u.constant.text, -(1LL << 62), (1LL << 62) - 1)) {
        k = new_const(b, IRC_INT);
        k->text = neg ? neg : e->u.constant.text;
    } else if (ck == CONST_FLOAT) {
        k = new_const(b, IRC_FLOAT);
        k->fval = e->u.constant.fval;
        k->text = e->u.constant.text;
    } else if (ck == CONST_TRUE || ck == CONST_FALSE) {
        k = new_const(b, IRC_BOOL);
        k->bval = ck == CONST_TRUE;
    } else if (ck == CONST_NONE) {
        k = new_const(b, IRC_NONE);
    } else if (ck == CONST_STR || ck == CONST_BYTES) {
        k = new_const(b, ck == CONST_STR ? IRC_STR : IRC_BYTES);
        k->str = e->u.constant.bytes;
        k->len = e->u.constant.len;
        k = pooled(b, k);
    }
    return k;
}

IrConst *build_const_tuple(Builder *b, AstExpr *display)
{
    AstExprVec *elts = &display->u.seq.elts;
    if (elts->len == 0 || elts->len > 64) {
        return NULL;
    }
    IrConst **items = arena_alloc(&b->ctx->arena, sizeof(IrConst *) * (size_t)elts->len);
    for (int i = 0; i < elts->len; i++) {
        if ((items[i] = display_item_const(b, elts->data[i])) == NULL) {
            return NULL;
        }
    }
    IrConst *k = new_const(b, IRC_TUPLE);
    k->items = items;
    k->nitems = elts->len;
    add_to_pool(b, k);
    return k;
}

IrReg build_pooled_const(Builder *b, IrConst *k, int line)
{
    return emit_const(b, k, RT_OBJ, line);
}

/* -5 as one constant: the text of a negated int literal, or NULL. */
static const char *negated_int_text(Builder *b, const AstExpr *e)
{
    if (e->kind != EXPR_UNARYOP || e->u.unaryop.op != UNARY_NEG) {
        return NULL;
    }
    const AstExpr *o = e->u.unaryop.operand;
    if (o->kind != EXPR_CONST || o->u.constant.kind != CONST_INT) {
        return NULL;
    }
    if (strcmp(o->u.constant.text, "0") == 0) {
        return "0";
    }
    return arena_printf(&b->ctx->arena, "-%s", o->u.constant.text);
}

IrReg build_const(Builder *b, AstExpr *e, const Type *want)
{
    int line = e->loc.line;
    IrConst *k;
    RType rt;
    switch (e->u.constant.kind) {
    case CONST_INT:
        return int_const(b, e->u.constant.text, want, line);
    case CONST_FLOAT:
        k = new_const(b, IRC_FLOAT);
        k->fval = e->u.constant.fval;
        k->text = e->u.constant.text;
        rt = RT_FLOAT;
        break;
    case CONST_TRUE: case CONST_FALSE:
        k = new_const(b, IRC_BOOL);
        k->bval = e->u.constant.kind == CONST_TRUE;
        rt = RT_BOOL;
        break;
    case CONST_NONE:
        k = new_const(b, IRC_NONE);
        rt = RT_NONE;
        break;
    case CONST_ELLIPSIS: case CONST_DC_FACTORY:
        k = new_const(b, e->u.constant.kind == CONST_ELLIPSIS ? IRC_ELLIPSIS : IRC_DC_FACTORY);
        rt = RT_OBJ;
        break;
    case CONST_IMAG:
        k = new_const(b, IRC_COMPLEX);
        k->fval = e->u.constant.fval;
        add_to_pool(b, k);
        rt = RT_OBJ;
        break;
    case CONST_STR: case CONST_BYTES:
        k = new_const(b, e->u.constant.kind == CONST_STR ? IRC_STR : IRC_BYTES);
        k->str = e->u.constant.bytes;
        k->len = e->u.constant.len;
        k = pooled(b, k);
        rt = RT_OBJ;
        break;
    default:
        ICE("constant kind %d reached the IR builder", e->u.constant.kind);
    }
    IrReg r = emit_const(b, k, rt, line);
    return want ? bld_coerce(b, r, e->type, want, line) : r;
}

static IrReg float_const(Builder *b, double v, int line)
{
    IrConst *k = new_const(b, IRC_FLOAT);
    k->fval = v;
    return emit_const(b, k, RT_FLOAT, line);
}

/* ---- names ---- */

/* Raises UnboundLocalError unless the local's flag says it was assigned. */
static void check_bound(Builder *b, Symbol *sym, int line)
{
    Prim *p = ARENA_NEW(&b->ctx->arena, Prim);
    p->name = "check_bound";
    p->result = RT_NONE;
    p->nargs = 1;
    p->args[0] = RT_BOOL;
    p->can_fail = true;
    p->c_template = arena_printf(&b->ctx->arena,
        "if ($0) { $r = 0; } else { %s(\"%s\"); $r = 2; }",
        b->comp_depth ? "Pyc2c_RaiseUnboundFree" : "Pyc2c_RaiseUnboundLocal", sema_source_name(b->ctx, sym->name));
    IrReg args[1] = {sym->bound_slot};
    bld_prim_p(b, p, line, args);
}

void build_check_bound(Builder *b, AstExpr *name, int line)
{
    if (name->u.name.maybe_unbound && !name->u.name.sym->captured) {
        check_bound(b, name->u.name.sym, line);
    }
}

/* A module global (then a builtin) by name: the module dict is the truth. */
IrReg build_load_name(Builder *b, const char *name, int line)
{
    return bld_prim(b, PRIM_LOAD_NAME, line, build_str_const(b, name, line), -1);
}

/* A read of a Final global written before the module body surely bound it (a function
 * defined above the constant, called while the module runs): NameError, as CPython's
 * dict lookup would raise, until the store sets the global's flag. */
static void check_final_bound(Builder *b, Symbol *sym, const AstExpr *e)
{
    IrGlobal *g = &b->m->globals.data[sym->slot];
    if (g->bound_from.line && (e->loc.line > g->bound_from.line ||
                               (e->loc.line == g->bound_from.line && e->loc.col >= g->bound_from.col))) {
        return;
    }
    g->checked = true;
    Prim *p = ARENA_NEW(&b->ctx->arena, Prim);
    p->name = "final_bound";
    p->result = RT_NONE;
    p->can_fail = true;
    p->c_template = arena_printf(&b->ctx->arena,
        "if (pyc2c_global_set_%d) { $r = 0; } else { Pyc2c_RaiseUnboundGlobal(\"%s\"); $r = 2; }",
        sym->slot, sema_source_name(b->ctx, sym->name));
    bld_prim_p(b, p, e->loc.line, NULL);
}

static IrReg lower_name(Builder *b, AstExpr *e)
{
    Symbol *sym = e->u.name.sym;
    if (!sym) {
        return build_load_name(b, e->u.name.id, e->loc.line);   /* a builtin */
    }
    switch (sym->kind) {
    case SYM_LOCAL: case SYM_PARAM:
        if (sym->captured && e->u.name.frame_free) {   /* super()'s __class__ (sema_zero_arg_super) */
            return bld_prim(b, PRIM_CELL_GET_SUPER, e->loc.line, build_load_cell_register(b, sym),
                            build_i64_const(b, e->u.name.super_attr));
        }
        if (sym->captured) {
            return build_load_cell(b, sym, e->loc.line);
        }
        if (e->u.name.maybe_unbound) {
            check_bound(b, sym, e->loc.line);
        }
        if (sym->type && sym->type->kind == TY_UNION && e->type && e->type->kind != TY_OBJECT) {
            /* a union local where sema knows its member (sema/narrow.c): a checked
             * unbox or cast of the object it holds */
            return bld_coerce(b, sym->slot, sym->type, e->type, e->loc.line);
        }
        if (sym->walrus_bound) {   /* f(x, (x := 2)) passes the old x: a copy of it */
            IrReg copy = bld_temp(b, b->f->regs.data[sym->slot].rt);
            bld_move(b, copy, sym->slot, e->loc.line);
            return copy;
        }
        return sym->slot;
    case SYM_GLOBAL: {
        if (!sym->is_final) {
            /* the module dict is the truth: Python code may rebind it */
            IrReg v = build_load_name(b, sym->name, e->loc.line);
            return bld_coerce(b, v, &ty_object, sym->type, e->loc.line);
        }
        check_final_bound(b, sym, e);
        if (sym->final_value && sym->assignments == 1) {
            return build_expr_as(b, sym->final_value, sym->type);   /* the literal it is bound to */
        }
        IrOp *op = bld_op(b, IR_LOAD_GLOBAL, e->loc.line, bld_temp(b, rtype_of(sym->type)), 0);
        op->u.global = sym->slot;
        return op->dst;
    }
    case SYM_CLASSVAR:   /* the class namespace, then globals and builtins */
        return bld_prim(b, PRIM_CLASS_LOAD, e->loc.line, b->class_ns, build_str_const(b, sym->name, e->loc.line));
    case SYM_SHIM:
        if (sym->shim->kind == SHIM_CONST) {
            return float_const(b, sym->shim->fval, e->loc.line);
        }
        return build_load_name(b, sym->name, e->loc.line);   /* called generically */
    default:
        break;
    }
    ICE("name %s of kind %d used as a value", sym->name, sym->kind);
}

/* A str constant from the module's pool (attribute names, ...). */
IrReg build_str_const(Builder *b, const char *s, int line)
{
    IrConst *k = new_const(b, IRC_STR);
    k->str = s;
    k->len = strlen(s);
    add_to_pool(b, k);
    return emit_const(b, k, RT_OBJ, line);
}

static IrReg lower_attribute(Builder *b, AstExpr *e)
{
    AstExpr *base = e->u.attribute.value;
    int line = e->loc.line;
    if (e->u.attribute.final_value) {
        return build_expr_as(b, e->u.attribute.final_value, e->type);   /* a Final class constant */
    }
    if (e->u.attribute.class_const) {   /* a class constant: the site's cache, then its type's check */
        IrReg o = build_expr_as(b, base, &ty_object);
        PrimId id = e->u.attribute.class_const == 'c' ? PRIM_CLASS_ATTR_OF : PRIM_CLASS_ATTR;
        IrReg v = bld_prim(b, id, line, o, build_str_const(b, e->u.attribute.attr, line));
        return bld_coerce(b, v, &ty_object, e->type, line);
    }
    Symbol *mod = base->kind == EXPR_NAME ? base->u.name.sym : NULL;
    if (mod && mod->kind == SYM_MODULE) {
        const Shim *sh = shim_find(mod->module, e->u.attribute.attr);
        if (sh && sh->kind == SHIM_CONST) {
            return float_const(b, sh->fval, line);
        }
        IrReg m = build_load_name(b, mod->name, line);
        return bld_prim(b, PRIM_OBJ_GETATTR, line, m, build_str_const(b, e->u.attribute.attr, line));
    }
    IrReg fr = build_field_get(b, e);
    if (fr < 0) {
        fr = build_property_get(b, e);
    }
    if (fr >= 0) {
        return fr;
    }
    IrReg o = build_expr_as(b, base, &ty_object);
    if (base->type && type_tuple_field(base->type, e->u.attribute.attr) >= 0) {
        /* a NamedTuple's field: the cached site reads the item; checked as annotated */
        IrReg item = bld_prim(b, PRIM_TUPLE_FIELD, line, o, build_str_const(b, e->u.attribute.attr, line));
        return bld_coerce(b, item, &ty_object, e->type, line);
    }
    return bld_prim(b, PRIM_OBJ_GETATTR, line, o, build_str_const(b, e->u.attribute.attr, line));
}

/* x.a op= v, x[i] op= v: x and i already evaluated, by this register (or -1). */
IrReg build_once(const Builder *b, const AstExpr *e)
{
    for (int i = 0; i < 2; i++) {
        if (b->once_expr[i] == e) {
            return b->once_reg[i];
        }
    }
    return -1;
}

/* The index of a subscript: a slice object for a[i:j:k]. */
IrReg build_index(Builder *b, AstExpr *ix)
{
    IrReg once = build_once(b, ix);
    if (once >= 0) {
        return once;
    }
    if (ix->kind != EXPR_SLICE) {
        return build_expr_as(b, ix, &ty_object);
    }
    AstExpr *parts[3] = {ix->u.slice.lower, ix->u.slice.upper, ix->u.slice.step};
    IrReg r[3];
    for (int i = 0; i < 3; i++) {
        if (parts[i]) {
            r[i] = build_expr_as(b, parts[i], &ty_object);
        } else {
            AstExpr none = {.kind = EXPR_CONST, .type = &ty_none, .u.constant = {.kind = CONST_NONE}};
            r[i] = build_const(b, &none, &ty_object);
        }
    }
    IrReg args[3] = {r[0], r[1], r[2]};
    return bld_prim_p(b, prim(PRIM_OBJ_SLICE), ix->loc.line, args);
}

/* Past this many elements a display is filled as its elements are made, not built from
 * all of them at once: every value made is live until the build, so each op that can
 * fail on the way would release all the earlier ones (code quadratic in the display:
 * a 400-entry table was 6 MB of C). Only where the order of effects stays CPython's:
 * a dict or set hashes its keys as it inserts them (display_tail). */
#define INCREMENTAL_DISPLAY 32

static bool literal_keys(const AstExprVec *keys)
{
    for (int i = 0; i < keys->len; i++) {
        if (!keys->data[i] || keys->data[i]->kind != EXPR_CONST) {
            return false;
        }
    }
    return true;
}

static bool has_unpacking(const AstExprVec *keys)
{
    for (int i = 0; i < keys->len; i++) {
        if (!keys->data[i]) {
            return true;
        }
    }
    return false;
}

/* From which element on a display's elements are all made before any is inserted
 * (its length: each is inserted as it is made; 0: built at once), as the target
 * CPython does it. Lists, tuples and literal keys: inserting shows no effect. From
 * 3.10 (compile.c's dict and set displays, STACK_USE_GUIDELINE) a set of more than
 * 30 elements adds each as it is made; a dict of 16 items or more goes in groups of
 * 17 items inserted one by one, then a last group, inserted as made if it has 16
 * items, else made whole and then inserted. 3.9 makes every element first (held_display). */
static int display_tail(Builder *b, AstExpr *e, int n)
{
    int minor = b->ctx->py_minor;
    bool new_rules = minor == 0 || minor >= 10;
    if (e->kind == EXPR_DICT && !literal_keys(&e->u.dict.keys)) {
        if (!new_rules || n < 16 || has_unpacking(&e->u.dict.keys)) {
            return 0;
        }
        int tail = n - n % 17;
        return n - tail >= 16 ? n : tail;
    }
    if (e->kind == EXPR_SET && !literal_keys(&e->u.set.elts)) {
        return new_rules && n > 30 ? n : 0;
    }
    return n > INCREMENTAL_DISPLAY ? n : 0;
}

/* Inserts element i (made: its key k, or -1, and value v) into the display r; star:
 * v is a `*x` (`**m` in a dict) whose items go in. */
static void insert_element(Builder *b, AstExpr *e, IrReg r, IrReg k, IrReg v, bool star, int line)
{
    if (star) {
        PrimId id = e->kind == EXPR_DICT ? PRIM_DICT_UPDATE_STAR : e->kind == EXPR_SET ? PRIM_SET_UPDATE_STAR
                                                                                        : PRIM_LIST_EXTEND_STAR;
        bld_prim(b, id, line, r, v);
    } else if (e->kind == EXPR_DICT) {
        IrReg args[3] = {r, k, v};
        bld_prim_p(b, prim(PRIM_DICT_SETITEM), line, args);
    } else {
        bld_prim(b, e->kind == EXPR_SET ? PRIM_SET_ADD : PRIM_LIST_APPEND, line, r, v);
    }
}

/* The display made empty, then filled: elements before tail inserted as each is
 * made, the rest made first and inserted in order at the end. */
static IrReg fill_display(Builder *b, AstExpr *e, AstExprVec *elts, int tail)
{
    int line = e->loc.line, n = elts->len;
    bool dict = e->kind == EXPR_DICT;
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), 0);
    op->u.build = dict ? IRB_DICT : e->kind == EXPR_SET ? IRB_SET : IRB_LIST;
    IrReg r = op->dst;
    IrReg *keys = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    bool *star = arena_alloc(&b->ctx->arena, sizeof(bool) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        AstExpr *x = elts->data[i];
        star[i] = dict ? !e->u.dict.keys.data[i] : x->kind == EXPR_STARRED;
        keys[i] = dict && !star[i] ? build_expr_as(b, e->u.dict.keys.data[i], &ty_object) : -1;
        vals[i] = build_expr_as(b, !dict && star[i] ? x->u.starred.value : x, &ty_object);
        if (i < tail) {
            insert_element(b, e, r, keys[i], vals[i], star[i], line);   /* CPython: the display's line */
        }
    }
    for (int i = tail; i < n; i++) {
        insert_element(b, e, r, keys[i], vals[i], star[i], line);
    }
    return e->kind == EXPR_TUPLE ? bld_prim(b, PRIM_LIST_TO_TUPLE, line, r, -1) : r;
}

/* A big dict or set display of computed keys for 3.9, which makes every element before
 * inserting any: the elements are appended to a private list as they are made (only
 * the list is live, so no op's error path releases all the earlier ones), then
 * inserted from it in display order (runtime/build.c Pyc2c_DictFromHeld). */
static bool held_display(Builder *b, AstExpr *e, int n)
{
    int minor = b->ctx->py_minor;
    if (n <= INCREMENTAL_DISPLAY || minor == 0 || minor >= 10) {
        return false;
    }
    if (e->kind == EXPR_DICT) {
        return !literal_keys(&e->u.dict.keys) && !has_unpacking(&e->u.dict.keys);
    }
    return e->kind == EXPR_SET && !literal_keys(&e->u.set.elts);
}

static IrReg hold_display(Builder *b, AstExpr *e, AstExprVec *elts)
{
    int line = e->loc.line;
    bool dict = e->kind == EXPR_DICT;
    IrReg held = bld_build(b, IRB_LIST, NULL, 0, line);
    for (int i = 0; i < elts->len; i++) {
        if (dict) {
            bld_prim(b, PRIM_LIST_APPEND, line, held, build_expr_as(b, e->u.dict.keys.data[i], &ty_object));
        }
        bld_prim(b, PRIM_LIST_APPEND, line, held, build_expr_as(b, elts->data[i], &ty_object));
    }
    return bld_prim(b, dict ? PRIM_DICT_FROM_HELD : PRIM_SET_FROM_HELD, line, held, -1);
}

/* [*x, y], {**m, k: v}: made empty and filled one element at a time, as CPython's
 * LIST_EXTEND / SET_UPDATE / DICT_UPDATE fill it. */
static bool display_unpacks(const AstExpr *e, const AstExprVec *elts)
{
    if (e->kind == EXPR_DICT) {
        return has_unpacking(&e->u.dict.keys);
    }
    for (int i = 0; i < elts->len; i++) {
        if (elts->data[i]->kind == EXPR_STARRED) {
            return true;
        }
    }
    return false;
}

static IrReg lower_display(Builder *b, AstExpr *e)
{
    bool dict = e->kind == EXPR_DICT;
    AstExprVec *elts = dict ? &e->u.dict.values : e->kind == EXPR_SET ? &e->u.set.elts : &e->u.seq.elts;
    int tail = display_unpacks(e, elts) ? elts->len : display_tail(b, e, elts->len);
    if (tail > 0) {
        return fill_display(b, e, elts, tail);
    }
    if (held_display(b, e, elts->len)) {
        return hold_display(b, e, elts);
    }
    /* a tuple of constants is one constant made at import, as CPython folds it (the same
     * object each time it is evaluated) */
    IrConst *k = e->kind == EXPR_TUPLE ? build_const_tuple(b, e) : NULL;
    if (k) {
        return build_pooled_const(b, k, e->loc.line);
    }
    int n = elts->len * (dict ? 2 : 1);
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    for (int i = 0; i < elts->len; i++) {
        if (dict) {
            vals[2 * i] = build_expr_as(b, e->u.dict.keys.data[i], &ty_object);
            vals[2 * i + 1] = build_expr_as(b, elts->data[i], &ty_object);
        } else {
            vals[i] = build_expr_as(b, elts->data[i], &ty_object);
        }
    }
    IrOp *op = bld_op(b, IR_BUILD, e->loc.line, bld_temp(b, RT_OBJ), n);
    op->u.build = dict ? IRB_DICT : e->kind == EXPR_SET ? IRB_SET : e->kind == EXPR_TUPLE ? IRB_TUPLE : IRB_LIST;
    for (int i = 0; i < n; i++) {
        op->args[i] = vals[i];
    }
    return op->dst;
}

static IrReg lower_subscript(Builder *b, AstExpr *e)
{
    IrReg p = build_partition_item(b, e);
    if (p >= 0) {
        return p;
    }
    IrReg o = build_expr_as(b, e->u.subscript.value, &ty_object);
    if (sema_is_typed_index(e)) {
        IrReg ix = build_once(b, e->u.subscript.index);
        return build_typed_get(b, e, o, ix >= 0 ? ix : build_typed_index(b, e));
    }
    IrReg sl = build_once(b, e->u.subscript.index) < 0 ? build_typed_slice(b, e, o) : -1;
    if (sl >= 0) {
        return sl;
    }
    PrimId get = build_is_str_const(e->u.subscript.index) ? PRIM_OBJ_GETITEM_STR : PRIM_OBJ_GETITEM;
    IrReg r = bld_prim(b, get, e->loc.line, o, build_index(b, e->u.subscript.index));
    return bld_coerce(b, r, &ty_object, e->type, e->loc.line);   /* a slice of a list is a list */
}

/* ---- arithmetic ---- */

/* `a op b` by the row sema chose (operators.def): the operands are brought to the
 * primitive's argument types, its value made into the expression's type as the row says. */
static IrReg lower_row_binop(Builder *b, AstExpr *e, const PrimOp *row)
{
    int line = e->loc.line;
    const Prim *p = prim(row->prim);
    if (pyval_rtype(row->result) != rtype_of(e->type)) {
        ICE("operator row for %s gives %s, the expression is %s", ast_binop_token(e->u.binop.op),
            rtype_name(pyval_rtype(row->result)), type_name(e->type));
    }
    AstExpr *left = e->u.binop.left, *right = e->u.binop.right;
    const Type *lwant = type_of_rtype(p->args[0]);
    /* An int made a float can raise OverflowError; CPython converts at the operation,
     * after the right operand's effects and errors (`huge * f()` calls f first). */
    bool late = left->type && left->type->kind == TY_INT && lwant->kind == TY_FLOAT &&
                left->kind != EXPR_CONST && right->kind != EXPR_CONST && !build_plain_local(right);
    IrReg l = late ? build_expr(b, left) : build_expr_as(b, left, lwant);
    IrReg r = build_expr_as(b, right, type_of_rtype(p->args[1]));
    if (late) {
        l = bld_coerce(b, l, left->type, lwant, line);
    }
    IrReg v = bld_prim(b, row->prim, line, l, r);
    switch (row->how) {
    case PRIM_EXACT: return v;
    case PRIM_CHECK: return bld_coerce(b, v, &ty_object, e->type, line);
    default: return bld_coerce(b, v, type_of_rtype(p->result), e->type, line);
    }
}

static IrReg lower_binop(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg fused = build_fused_mod(b, e);
    if (fused >= 0) {
        return fused;
    }
    IrReg formatted = build_percent_format(b, e);
    if (formatted >= 0) {
        return bld_coerce(b, formatted, &ty_str, e->type, e->loc.line);
    }
    if (e->u.binop.row) {
        return lower_row_binop(b, e, e->u.binop.row);
    }
    /* containers, objects: the generic operation, its result checked */
    IrReg l = build_expr_as(b, e->u.binop.left, &ty_object);
    AstExpr *m = e->u.binop.right;
    if (e->u.binop.op == BINOP_ADD && m->kind == EXPR_BINOP && m->u.binop.op == BINOP_MUL && !m->u.binop.row &&
        !m->u.binop.inplace && m->type->kind == TY_OBJECT && build_once(b, m) < 0) {
        /* x + a * b: a and b read in order, then one op multiplies and adds */
        IrReg a = build_expr_as(b, m->u.binop.left, &ty_object);
        IrReg args[3] = {l, a, build_expr_as(b, m->u.binop.right, &ty_object)};
        PrimId p = e->u.binop.inplace ? PRIM_OBJ_IMULADD : PRIM_OBJ_MULADD;
        return bld_coerce(b, bld_prim_p(b, prim(p), line, args), &ty_object, e->type, line);
    }
    IrReg r = build_expr_as(b, e->u.binop.right, &ty_object);
    const PrimOp *row = prim_binary(e->u.binop.op, PV_OBJ, PV_OBJ, e->u.binop.inplace ? PRIM_WHEN_INPLACE : 0);
    IrReg v = bld_prim(b, row->prim, line, l, r);
    return bld_coerce(b, v, &ty_object, e->type, line);
}

static IrReg lower_unary(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstExpr *o = e->u.unaryop.operand;
    AstUnaryOp op = e->u.unaryop.op;
    if (op == UNARY_NOT) {
        return bld_prim(b, PRIM_BOOL_NOT, line, build_truth(b, build_expr(b, o), o->type, line), -1);
    }
    const char *neg = negated_int_text(b, e);
    if (neg) {
        return int_const(b, neg, e->type, line);
    }
    IrReg v = build_expr_as(b, o, e->type);
    if (op == UNARY_POS) {
        return e->type->kind == TY_OBJECT ? bld_prim(b, prim_unary(op, PV_OBJ)->prim, line, v, -1) : v;
    }
    return bld_prim(b, prim_unary(op, pyval_of(e->type))->prim, line, v, -1);
}

/* ---- truth and conditions ---- */

IrReg build_truth(Builder *b, IrReg r, const Type *t, int line)
{
    switch (rtype_of(t)) {
    case RT_BOOL: return r;
    case RT_INT: return bld_prim(b, PRIM_INT_TRUTH, line, r, -1);
    case RT_FLOAT: return bld_prim(b, PRIM_FLOAT_TRUTH, line, r, -1);
    case RT_I64: return bld_prim(b, PRIM_I64_TRUTH, line, r, -1);
    case RT_I32: return bld_prim(b, PRIM_I32_TRUTH, line, r, -1);
    case RT_OBJ: {
        bool sized = t->kind == TY_STR || t->kind == TY_LIST || t->kind == TY_TUPLE || t->kind == TY_DICT ||
                     t->kind == TY_SET;
        return bld_prim(b, sized ? PRIM_SIZED_TRUTH : PRIM_OBJ_TRUTH, line, r, -1);
    }
    case RT_NONE: {
        IrConst *k = new_const(b, IRC_BOOL);
        return emit_const(b, k, RT_BOOL, line);
    }
    default: ICE("truth of %s", type_name(t));
    }
}

static IrReg lower_operand(Builder *b, AstExpr *e, const Type *other, const Type **t);

/* `if a < b` of one comparison: where it compares objects (obj_lt), the op becomes its
 * truth form (obj_lt_truth: a bool, no bool object made and tested). */
static void branch_on_compare(Builder *b, AstExpr *e, IrBlock *then, IrBlock *els)
{
    static const PrimId truth[] = {PRIM_OBJ_EQ_TRUTH, PRIM_OBJ_NE_TRUTH, PRIM_OBJ_LT_TRUTH,
                                   PRIM_OBJ_LE_TRUTH, PRIM_OBJ_GT_TRUTH, PRIM_OBJ_GE_TRUTH};
    static const PrimId plain[] = {PRIM_OBJ_EQ, PRIM_OBJ_NE, PRIM_OBJ_LT, PRIM_OBJ_LE, PRIM_OBJ_GT, PRIM_OBJ_GE};
    int line = e->loc.line;
    AstCmpOp op = e->u.compare.ops.data[0];
    const Type *lt, *rt;
    IrReg l = lower_operand(b, e->u.compare.left, e->u.compare.comparators.data[0]->type, &lt);
    IrReg r = lower_operand(b, e->u.compare.comparators.data[0], lt, &rt);
    IrReg c = build_compare_pair(b, op, l, lt, r, rt, line);
    IrBlock *cur = b->cur;
    IrOp *last = cur->ops.len ? cur->ops.data[cur->ops.len - 1] : NULL;
    if (last && last->dst == c && last->kind == IR_PRIM && last->u.prim == prim(plain[op])) {
        last->u.prim = prim(truth[op]);
        last->dst = bld_temp(b, RT_BOOL);
        bld_branch(b, last->dst, then, els, line);
        return;
    }
    const Type *ct = b->f->regs.data[c].rt == RT_OBJ ? &ty_object : &ty_bool;
    bld_branch(b, build_truth(b, c, ct, line), then, els, line);
}

void build_branch(Builder *b, AstExpr *e, IrBlock *then, IrBlock *els)
{
    if (e->kind == EXPR_BOOLOP) {
        bool is_and = e->u.boolop.op == BOOL_AND;
        int n = e->u.boolop.values.len;
        for (int i = 0; i < n - 1; i++) {
            IrBlock *next = bld_block(b);
            build_branch(b, e->u.boolop.values.data[i], is_and ? next : then, is_and ? els : next);
            bld_switch(b, next);
        }
        build_branch(b, e->u.boolop.values.data[n - 1], then, els);
        return;
    }
    if (e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NOT) {
        build_branch(b, e->u.unaryop.operand, els, then);
        return;
    }
    AstExpr *l = e->kind == EXPR_COMPARE && e->u.compare.ops.len == 1 ? e->u.compare.left : NULL;
    AstExpr *r = l ? e->u.compare.comparators.data[0] : NULL;
    AstCmpOp op = l ? e->u.compare.ops.data[0] : CMPOP_IN;
    if (l && (op == CMPOP_EQ || op == CMPOP_NE) && l->type && r->type && l->type->kind == TY_STR &&
        r->type->kind == TY_STR) {
        /* `if s == "buy"`: the test itself, no bool object made and tested */
        IrReg lv = build_expr_as(b, l, &ty_str), rv = build_expr_as(b, r, &ty_str);
        IrReg c = bld_prim(b, op == CMPOP_EQ ? PRIM_STR_EQ_TRUTH : PRIM_STR_NE_TRUTH, e->loc.line, lv, rv);
        bld_branch(b, c, then, els, e->loc.line);
        return;
    }
    if (l && op <= CMPOP_GE && build_once(b, e) < 0 && l->type && r->type &&
        (rtype_of(l->type) == RT_OBJ || rtype_of(r->type) == RT_OBJ)) {
        branch_on_compare(b, e, then, els);
        return;
    }
    IrReg c = build_isinstance_truth(b, e);
    if (c < 0) {
        c = build_truth(b, build_expr(b, e), e->type, e->loc.line);
    }
    bld_branch(b, c, then, els, e->loc.line);
}

/* a and b / a or b: the value of the operand that decided. */
static IrReg lower_boolop(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *done = bld_block(b);
    bool is_and = e->u.boolop.op == BOOL_AND;
    int n = e->u.boolop.values.len;
    for (int i = 0; i < n; i++) {
        AstExpr *v = e->u.boolop.values.data[i];
        IrReg r = build_expr(b, v);
        bld_move(b, result, bld_coerce(b, r, v->type, e->type, line), line);
        if (i == n - 1) {
            break;
        }
        IrBlock *next = bld_block(b);
        IrReg c = build_truth(b, r, v->type, line);
        bld_branch(b, c, is_and ? next : done, is_and ? done : next, line);
        bld_switch(b, next);
    }
    bld_goto(b, done, line);
    bld_switch(b, done);
    return result;
}

static IrReg lower_ifexp(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *then = bld_block(b), *els = bld_block(b), *done = bld_block(b);
    build_branch(b, e->u.ifexp.test, then, els);
    bld_switch(b, then);
    bld_move(b, result, build_expr_as(b, e->u.ifexp.body, e->type), line);
    bld_goto(b, done, line);
    bld_switch(b, els);
    bld_move(b, result, build_expr_as(b, e->u.ifexp.orelse, e->type), line);
    bld_goto(b, done, line);
    bld_switch(b, done);
    return result;
}

/* ---- comparisons ---- */

/* The operator table's comparison of rtypes l and r (operators.def). */
static IrReg compare_prim(Builder *b, AstCmpOp op, RType lt, IrReg l, RType rt, IrReg r, int line)
{
    const PrimOp *row = prim_compare(op, pyval_of_rtype(lt), pyval_of_rtype(rt));
    if (!row) {
        ICE("no comparison %s on %s and %s", ast_cmpop_token(op), rtype_name(lt), rtype_name(rt));
    }
    return bld_prim(b, row->prim, line, l, r);
}

/* a op b == b mirror(op) a */
static const AstCmpOp mirrored[] = {CMPOP_EQ, CMPOP_NE, CMPOP_GT, CMPOP_GE, CMPOP_LT, CMPOP_LE};

IrReg build_compare_pair(Builder *b, AstCmpOp op, IrReg l, const Type *lt, IrReg r, const Type *rt, int line)
{
    if ((op == CMPOP_IS || op == CMPOP_ISNOT) && (lt->kind == TY_NONE || rt->kind == TY_NONE) &&
        rtype_of(lt->kind == TY_NONE ? rt : lt) == RT_OBJ) {   /* x is None: no None boxed */
        IrReg c = bld_prim(b, PRIM_OBJ_IS_NONE, line, lt->kind == TY_NONE ? r : l, -1);
        return op == CMPOP_ISNOT ? bld_prim(b, PRIM_BOOL_NOT, line, c, -1) : c;
    }
    if (op == CMPOP_IN || op == CMPOP_NOTIN || op == CMPOP_IS || op == CMPOP_ISNOT) {
        l = bld_coerce(b, l, lt, &ty_object, line);
        r = bld_coerce(b, r, rt, &ty_object, line);
        PrimId p = PRIM_OBJ_IS;
        if (op == CMPOP_IN || op == CMPOP_NOTIN) {
            const PrimOp *row = prim_contains(pyval_of(lt), pyval_of(rt));   /* operators.def */
            if (!row) {
                ICE("no `in` row for %s in %s", type_name(lt), type_name(rt));
            }
            p = row->prim;
        }
        IrReg c = bld_prim(b, p, line, l, r);
        return op == CMPOP_NOTIN || op == CMPOP_ISNOT ? bld_prim(b, PRIM_BOOL_NOT, line, c, -1) : c;
    }
    if (rtype_of(lt) == RT_OBJ || rtype_of(rt) == RT_OBJ || lt->kind == TY_NONE || rt->kind == TY_NONE) {
        l = bld_coerce(b, l, lt, &ty_object, line);
        r = bld_coerce(b, r, rt, &ty_object, line);
        if ((lt->kind == TY_NONE || rt->kind == TY_NONE) && (op == CMPOP_EQ || op == CMPOP_NE)) {
            return bld_prim(b, op == CMPOP_EQ ? PRIM_OBJ_EQ_GENERIC : PRIM_OBJ_NE_GENERIC, line, l, r);
        }
        if (lt->kind == TY_STR && rt->kind == TY_STR && (op == CMPOP_EQ || op == CMPOP_NE)) {
            return bld_prim(b, op == CMPOP_EQ ? PRIM_STR_EQ : PRIM_STR_NE, line, l, r);
        }
        return compare_prim(b, op, RT_OBJ, l, RT_OBJ, r, line);
    }
    if (lt->kind == TY_FLOAT && rt->kind == TY_FLOAT) {
        return compare_prim(b, op, RT_FLOAT, l, RT_FLOAT, r, line);
    }
    if (lt->kind == TY_FLOAT || rt->kind == TY_FLOAT) {
        /* exact int/float comparison with the int on the left */
        bool int_left = rt->kind == TY_FLOAT;
        IrReg i = int_left ? bld_coerce(b, l, lt, &ty_int, line) : bld_coerce(b, r, rt, &ty_int, line);
        return compare_prim(b, int_left ? op : mirrored[op], RT_INT, i, RT_FLOAT, int_left ? r : l, line);
    }
    if (lt->kind == TY_BOOL && rt->kind == TY_BOOL && (op == CMPOP_EQ || op == CMPOP_NE)) {
        return compare_prim(b, op, RT_BOOL, l, RT_BOOL, r, line);
    }
    if (lt->kind == rt->kind && lt->kind == TY_I64) {
        return compare_prim(b, op, RT_I64, l, RT_I64, r, line);
    }
    if (lt->kind == rt->kind && lt->kind == TY_I32) {
        return compare_prim(b, op, RT_I32, l, RT_I32, r, line);
    }
    l = bld_coerce(b, l, lt, &ty_int, line);
    r = bld_coerce(b, r, rt, &ty_int, line);
    return compare_prim(b, op, RT_INT, l, RT_INT, r, line);
}

/* An int literal small enough to be exact as a double (|v| < 10**15 < 2**53). */
static bool is_int_literal(const AstExpr *e)
{
    if (e->kind == EXPR_CONST && e->u.constant.kind == CONST_INT) {
        return strlen(e->u.constant.text) <= 15;
    }
    return e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG && is_int_literal(e->u.unaryop.operand);
}

/* An int literal compared with a fixed-width or float value is lowered in that type. */
static IrReg lower_operand(Builder *b, AstExpr *e, const Type *other, const Type **t)
{
    bool narrow = other->kind == TY_I64 || other->kind == TY_I32 || other->kind == TY_FLOAT;
    if (narrow && is_int_literal(e)) {
        *t = other;
        return build_expr_as(b, e, other);
    }
    *t = e->type;
    return build_expr(b, e);
}

static IrReg lower_compare(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    int n = e->u.compare.comparators.len;
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *done = bld_block(b);
    const Type *lt;
    AstExpr *first = e->u.compare.comparators.data[0];
    IrReg l = lower_operand(b, e->u.compare.left, first->type, &lt);
    for (int i = 0; i < n; i++) {
        AstExpr *re = e->u.compare.comparators.data[i];
        const Type *rt;
        IrReg r = lower_operand(b, re, lt, &rt);
        IrReg c = build_compare_pair(b, e->u.compare.ops.data[i], l, lt, r, rt, line);
        const Type *ct = b->f->regs.data[c].rt == RT_OBJ ? &ty_object : &ty_bool;
        bld_move(b, result, bld_coerce(b, c, ct, e->type, line), line);
        if (i == n - 1) {
            break;
        }
        IrBlock *next = bld_block(b);
        bld_branch(b, build_truth(b, c, ct, line), next, done, line);
        bld_switch(b, next);
        l = r;
        lt = rt;
    }
    bld_goto(b, done, line);
    bld_switch(b, done);
    return result;
}

/* ---- dispatch ---- */

static IrReg build_expr_kind(Builder *b, AstExpr *e);

/* Ops made for e itself (after its operands) carry e's range, as CPython's instruction
 * for it does (a BINARY_OP the BinOp's, a CALL the Call's): its traceback carets. */
IrReg build_expr(Builder *b, AstExpr *e)
{
    Loc outer = b->pos;
    b->pos = e->loc;
    IrReg r = build_expr_kind(b, e);
    b->pos = outer;
    return r;
}

static IrReg build_expr_kind(Builder *b, AstExpr *e)
{
    IrReg once = build_once(b, e);
    if (once >= 0) {
        return once;
    }
    switch (e->kind) {
    case EXPR_CONST: return build_const(b, e, NULL);
    case EXPR_NAME: return lower_name(b, e);
    case EXPR_ATTRIBUTE: return lower_attribute(b, e);
    case EXPR_BINOP: return lower_binop(b, e);
    case EXPR_UNARYOP: return lower_unary(b, e);
    case EXPR_BOOLOP: return lower_boolop(b, e);
    case EXPR_COMPARE: return lower_compare(b, e);
    case EXPR_IFEXP: return lower_ifexp(b, e);
    case EXPR_CALL: {
        IrReg r = build_typed_call(b, e, e->u.call.func->type && e->u.call.func->type->kind == TY_SHIM
                                             ? build_shim_of(e->u.call.func) : NULL);
        return r >= 0 ? r : build_call(b, e);
    }
    case EXPR_SUBSCRIPT: return lower_subscript(b, e);
    case EXPR_LIST: case EXPR_TUPLE: case EXPR_SET: case EXPR_DICT: return lower_display(b, e);
    case EXPR_FSTRING: return build_fstring(b, e);
    case EXPR_LAMBDA: return build_lambda(b, e);
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: return build_comp(b, e);
    case EXPR_YIELD: case EXPR_YIELDFROM: return build_yield(b, e);
    case EXPR_NAMEDEXPR: {
        AstExpr *t = e->u.namedexpr.target;
        IrReg v = build_expr_as(b, e->u.namedexpr.value, t->type);
        build_store(b, t, v, e->loc.line);
        return v;
    }
    case EXPR_GENEXP:
        if (e->u.comp.as_call) {
            return build_expr(b, e->u.comp.as_call);
        }
        if (e->u.comp.consumer != 'L') {
            ICE("generator expression survived sema");
        }
        return build_comp(b, e);
    default: ICE("expression %s reached the IR builder", ast_expr_name(e->kind));
    }
}

IrReg build_expr_as(Builder *b, AstExpr *e, const Type *want)
{
    if (!want) {
        return build_expr(b, e);
    }
    if (e->kind == EXPR_CONST) {
        return build_const(b, e, want);
    }
    const char *neg = negated_int_text(b, e);
    if (neg) {
        return int_const(b, neg, want, e->loc.line);
    }
    if (want->kind == TY_FLOAT && e->type->kind == TY_OBJECT && build_once(b, e) < 0) {
        Loc outer = b->pos;
        b->pos = e->loc;
        IrReg d = build_float_of(b, e, true);   /* float(x) read as the double it makes */
        b->pos = outer;
        if (d >= 0) {
            return d;
        }
    }
    return bld_coerce(b, build_expr(b, e), e->type, want, e->loc.line);
}
