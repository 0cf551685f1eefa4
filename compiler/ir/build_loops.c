/* build_loops.c - `for` over typed iterables without the iterator protocol. A loop is
 * planned as a tree of sources: a list, tuple or str walked by an index that re-reads
 * the length each step (as their iterators do), a dict, dict view or set walked by a
 * cursor over its table (runtime/loops.h: CPython's "changed size during iteration"
 * errors; a subclass is walked through its own iterator instead), enumerate() and
 * zip() as the loops of their arguments side by side, an untyped value by index when
 * it is an exact list or tuple and else by its iterator (a guard at each step), and
 * anything else inside those through the iterator protocol. An item a tuple target unpacks is never built as a
 * tuple: each part goes straight to its target. */
#include <string.h>
#include "build.h"

typedef enum SrcKind { SRC_SEQ, SRC_DICT, SRC_SET, SRC_OBJ, SRC_ENUM, SRC_ZIP, SRC_ITER } SrcKind;
enum { VIEW_DICT, VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS };   /* runtime Pyc2cDict_LoopSource */

typedef struct Src {
    SrcKind kind;
    AstExpr *expr;          /* the iterable; DICT: the dict; ENUM: the start or NULL */
    const Type *type;       /* one item's type */
    int view;               /* DICT */
    int nparts;             /* what a tuple target may split: ENUM 2, ZIP n, items() 2 */
    bool const_tuple;       /* SEQ: a display of constants, walked as one tuple constant */
    struct Src *parts;      /* ENUM: parts[0] the argument; ZIP: the arguments */
    IrReg obj, src, pos, left, n0, count;
} Src;

/* One item: a register of `type`, or (n > 0) its parts, not yet made into a tuple. */
typedef struct Item {
    IrReg reg;
    const Type *type;
    int n;
    struct Item *parts;
} Item;

static bool plan(Builder *b, AstExpr *it, Src *s, bool top);

static Src *new_srcs(Builder *b, int n)
{
    Src *p = arena_alloc(&b->ctx->arena, sizeof(Src) * (size_t)n);
    memset(p, 0, sizeof(Src) * (size_t)n);
    return p;
}

/* d.keys(), d.values(), d.items() on a typed dict: the view, else -1. */
static int dict_view(const AstExpr *it)
{
    const Method *m = sema_typed_method(it);
    if (!m || strcmp(m->cls, "dict") != 0) {
        return -1;
    }
    return m->result == MR_KEYS ? VIEW_KEYS : m->result == MR_VALUES ? VIEW_VALUES
         : m->result == MR_ITEMS ? VIEW_ITEMS : -1;
}

/* enumerate(xs[, start]) and zip(a, b, ...) that sema typed; zip only of typed
 * iterables (an object argument keeps zip's own "must support iteration" error). */
static bool plan_builtin(Builder *b, AstExpr *it, Src *s)
{
    const Shim *sh = build_shim_of(it->u.call.func);
    AstExprVec *a = &it->u.call.args;
    if (sh && sh->kind == SHIM_ENUMERATE) {
        s->kind = SRC_ENUM;
        s->expr = sema_enumerate_start(it);
        s->nparts = 2;
        s->parts = new_srcs(b, 1);
        return plan(b, a->data[0], &s->parts[0], false);
    }
    if (!sh || sh->kind != SHIM_ZIP) {
        return false;
    }
    s->kind = SRC_ZIP;
    s->nparts = a->len;
    s->parts = new_srcs(b, a->len);
    for (int i = 0; i < a->len; i++) {
        if (a->data[i]->type->kind == TY_OBJECT || !plan(b, a->data[i], &s->parts[i], false)) {
            return false;
        }
    }
    return true;
}

/* How to walk `it`; false when the loop is left to the iterator protocol (only at the
 * top: inside enumerate/zip any iterable is a SRC_ITER). */
static bool plan(Builder *b, AstExpr *it, Src *s, bool top)
{
    s->expr = it;
    s->type = type_item(it->type) ? type_item(it->type) : &ty_object;
    switch (it->type->kind) {
    case TY_LIST: case TY_TUPLE: case TY_STR: s->kind = SRC_SEQ; return true;
    case TY_DICT: s->kind = SRC_DICT; s->view = VIEW_DICT; return true;
    case TY_SET: s->kind = SRC_SET; return true;
    case TY_OBJECT: s->kind = SRC_OBJ; return true;
    default: break;
    }
    if (it->kind == EXPR_CALL && it->type->kind == TY_ITER) {
        int view = dict_view(it);
        if (view >= 0) {
            s->kind = SRC_DICT;
            s->view = view;
            s->expr = it->u.call.func->u.attribute.value;
            s->nparts = view == VIEW_ITEMS ? 2 : 0;
            return true;
        }
        if (plan_builtin(b, it, s)) {
            return true;
        }
    }
    s->kind = SRC_ITER;
    s->nparts = 0;
    return !top;
}

static IrReg temp_set(Builder *b, RType rt, IrReg v, int line)
{
    IrReg t = bld_temp(b, rt);
    bld_move(b, t, v, line);
    return t;
}

/* Evaluates the iterables, left to right, and sets up each source's state. */
static void init(Builder *b, Src *s, int line)
{
    switch (s->kind) {
    case SRC_SEQ: case SRC_DICT: case SRC_SET: {
        IrConst *k = s->kind == SRC_SEQ && (s->expr->kind == EXPR_LIST || s->expr->kind == EXPR_TUPLE)
                         ? build_const_tuple(b, s->expr) : NULL;
        s->const_tuple = k != NULL;
        s->obj = temp_set(b, RT_OBJ, k ? build_pooled_const(b, k, line) : build_expr_as(b, s->expr, s->expr->type), line);
        s->pos = temp_set(b, RT_I64, build_i64_const(b, 0), line);
        if (s->kind == SRC_DICT) {
            s->src = temp_set(b, RT_OBJ, bld_prim(b, PRIM_DICT_LOOP_SRC, line, s->obj, build_i64_const(b, s->view)), line);
            s->n0 = temp_set(b, RT_I64, bld_prim(b, PRIM_DICT_LEN, line, s->obj, -1), line);
            s->left = temp_set(b, RT_I64, s->n0, line);
        } else if (s->kind == SRC_SET) {
            s->src = temp_set(b, RT_OBJ, bld_prim(b, PRIM_SET_LOOP_SRC, line, s->obj, -1), line);
            s->n0 = temp_set(b, RT_I64, bld_prim(b, PRIM_SET_LEN, line, s->obj, -1), line);
        }
        break;
    }
    case SRC_OBJ:
        s->obj = temp_set(b, RT_OBJ, build_expr_as(b, s->expr, &ty_object), line);
        s->src = temp_set(b, RT_OBJ, bld_prim(b, PRIM_OBJ_LOOP_SRC, line, s->obj, -1), line);
        s->pos = temp_set(b, RT_I64, build_i64_const(b, 0), line);
        break;
    case SRC_ITER:
        s->src = temp_set(b, RT_OBJ, bld_prim(b, PRIM_OBJ_ITER, line, build_expr_as(b, s->expr, &ty_object), -1), line);
        break;
    case SRC_ENUM:
        init(b, &s->parts[0], line);
        s->count = temp_set(b, RT_INT, s->expr ? build_expr_as(b, s->expr, &ty_int) : bld_coerce(b, build_i64_const(b, 0), &ty_i64, &ty_int, line), line);
        break;
    case SRC_ZIP:
        for (int i = 0; i < s->nparts; i++) {
            init(b, &s->parts[i], line);
        }
        break;
    }
}

static Item leaf(IrReg r, const Type *t)
{
    return (Item){.reg = r, .type = t};
}

/* Does target take the item of s apart, part by part? Then the sub-target of part i. */
static bool splits(const AstExpr *target, const Src *s)
{
    if (!target || (target->kind != EXPR_TUPLE && target->kind != EXPR_LIST) || s->nparts == 0 ||
        target->u.seq.elts.len != s->nparts) {
        return false;
    }
    for (int i = 0; i < s->nparts; i++) {
        if (target->u.seq.elts.data[i]->kind == EXPR_STARRED) {
            return false;
        }
    }
    return true;
}

/* The item as one object (a tuple of its parts when split). */
static IrReg materialize(Builder *b, const Item *it, int line)
{
    if (it->n == 0) {
        return bld_coerce(b, it->reg, it->type, &ty_object, line);
    }
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)it->n);
    for (int i = 0; i < it->n; i++) {
        vals[i] = materialize(b, &it->parts[i], line);
    }
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), it->n);
    op->u.build = IRB_TUPLE;
    memcpy(op->args, vals, sizeof(IrReg) * (size_t)it->n);
    return op->dst;
}

static Item parts_item(Builder *b, Item *parts, int n, const Type *t, bool split, int line)
{
    Item whole = {.n = n, .parts = parts, .type = t};
    if (split) {
        return whole;
    }
    return leaf(materialize(b, &whole, line), t);
}

static void next(Builder *b, Src *s, const AstExpr *shape, IrBlock *end, Item *out, int line);

/* Continues in a new block when cond holds, else jumps to end. */
static void go_on_if(Builder *b, IrReg cond, IrBlock *end, int line)
{
    IrBlock *in = bld_block(b);
    bld_branch(b, cond, in, end, line);
    bld_switch(b, in);
}

static void next_seq(Builder *b, Src *s, IrBlock *end, Item *out, int line)
{
    TypeKind k = s->const_tuple ? TY_TUPLE : s->expr->type->kind;
    PrimId len = k == TY_LIST ? PRIM_LIST_LEN : k == TY_TUPLE ? PRIM_TUPLE_LEN : PRIM_STR_LEN;
    go_on_if(b, bld_prim(b, PRIM_I64_LT, line, s->pos, bld_prim(b, len, line, s->obj, -1)), end, line);
    PrimId at = k == TY_LIST ? PRIM_LIST_ITEM_AT : k == TY_TUPLE ? PRIM_TUPLE_ITEM_AT : PRIM_STR_ITEM_AT;
    IrReg item = bld_prim(b, at, line, s->obj, s->pos);
    bld_move(b, s->pos, bld_prim(b, PRIM_I64_INC, line, s->pos, -1), line);
    *out = leaf(item, k == TY_STR ? &ty_str : &ty_object);
}

/* The iterator's next item; at its end (StopIteration cleared, else the error raised)
 * the loop leaves for `end`. */
static IrReg iter_next_or_end(Builder *b, IrReg it, IrBlock *end, int line)
{
    IrReg x = bld_prim(b, PRIM_ITER_NEXT, line, it, -1);
    IrBlock *stop = bld_block(b), *got = bld_block(b);
    bld_branch(b, bld_prim(b, PRIM_OBJ_IS_NULL, line, x, -1), stop, got, line);
    bld_switch(b, stop);
    bld_prim(b, PRIM_ITER_END_CHECK, line, -1, -1);
    bld_goto(b, end, line);
    bld_switch(b, got);
    return x;
}

/* A dict or set whose class is exact walks its table; else s->src is an iterator. */
static void next_table(Builder *b, Src *s, bool split, IrBlock *end, Item *out, int line)
{
    bool dict = s->kind == SRC_DICT, items = dict && s->view == VIEW_ITEMS;
    IrReg r0 = bld_temp(b, RT_OBJ), r1 = split ? bld_temp(b, RT_OBJ) : -1;
    IrBlock *native = bld_block(b), *generic = bld_block(b), *join = bld_block(b);
    bld_branch(b, bld_prim(b, PRIM_LOOP_IS_NATIVE, line, s->src, -1), native, generic, line);
    bld_switch(b, native);
    IrReg p;
    if (dict) {
        bld_prim(b, PRIM_DICT_LOOP_CHECK, line, s->obj, s->n0);
        IrReg args[3] = {s->obj, s->pos, s->left};
        p = bld_prim_p(b, prim(PRIM_DICT_LOOP_NEXT), line, args);
    } else {
        bld_prim(b, PRIM_SET_LOOP_CHECK, line, s->obj, s->n0);
        p = bld_prim(b, PRIM_SET_LOOP_NEXT, line, s->obj, s->pos);
    }
    go_on_if(b, bld_prim(b, PRIM_I64_TRUTH, line, p, -1), end, line);
    bld_move(b, s->pos, p, line);
    if (dict) {
        bld_move(b, s->left, bld_prim(b, PRIM_I64_DEC, line, s->left, -1), line);
    }
    PrimId first = !dict ? PRIM_SET_LOOP_KEY : s->view == VIEW_VALUES ? PRIM_DICT_LOOP_VALUE : PRIM_DICT_LOOP_KEY;
    IrReg k = bld_prim(b, first, line, s->obj, s->pos);
    if (items) {
        IrReg v = bld_prim(b, PRIM_DICT_LOOP_VALUE, line, s->obj, s->pos);
        if (split) {
            bld_move(b, r1, v, line);
        } else {
            IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), 2);
            op->u.build = IRB_TUPLE;
            op->args[0] = k;
            op->args[1] = v;
            k = op->dst;
        }
    }
    bld_move(b, r0, k, line);
    bld_goto(b, join, line);
    bld_switch(b, generic);
    IrReg x = iter_next_or_end(b, s->src, end, line);
    if (split) {   /* CPython's unpacking of whatever the subclass's iterator gave */
        IrReg t = bld_prim(b, PRIM_UNPACK, line, x, build_i64_const(b, 2));
        bld_move(b, r0, bld_prim(b, PRIM_TUPLE_ITEM, line, t, build_i64_const(b, 0)), line);
        bld_move(b, r1, bld_prim(b, PRIM_TUPLE_ITEM, line, t, build_i64_const(b, 1)), line);
    } else {
        bld_move(b, r0, x, line);
    }
    bld_goto(b, join, line);
    bld_switch(b, join);
    if (split) {
        Item *parts = arena_alloc(&b->ctx->arena, sizeof(Item) * 2);
        parts[0] = leaf(r0, &ty_object);
        parts[1] = leaf(r1, &ty_object);
        *out = (Item){.n = 2, .parts = parts, .type = s->type};
    } else {
        *out = leaf(r0, &ty_object);   /* a subclass's iterator may give anything: checked */
    }
}

/* An untyped value: an exact list or tuple by index, else s->src is its iterator. */
static void next_obj(Builder *b, Src *s, IrBlock *end, Item *out, int line)
{
    IrReg r = bld_temp(b, RT_OBJ);
    IrBlock *native = bld_block(b), *generic = bld_block(b), *join = bld_block(b);
    bld_branch(b, bld_prim(b, PRIM_LOOP_IS_NATIVE, line, s->src, -1), native, generic, line);
    bld_switch(b, native);
    go_on_if(b, bld_prim(b, PRIM_SEQ_LOOP_MORE, line, s->obj, s->pos), end, line);
    bld_move(b, r, bld_prim(b, PRIM_SEQ_LOOP_ITEM, line, s->obj, s->pos), line);
    bld_move(b, s->pos, bld_prim(b, PRIM_I64_INC, line, s->pos, -1), line);
    bld_goto(b, join, line);
    bld_switch(b, generic);
    bld_move(b, r, iter_next_or_end(b, s->src, end, line), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    *out = leaf(r, &ty_object);
}

static void next_iter(Builder *b, Src *s, IrBlock *end, Item *out, int line)
{
    *out = leaf(iter_next_or_end(b, s->src, end, line), &ty_object);
}

/* enumerate: the argument's item first, then the count (as CPython's enumerate). */
static void next_enum(Builder *b, Src *s, const AstExpr *shape, bool split, IrBlock *end, Item *out, int line)
{
    Item *parts = arena_alloc(&b->ctx->arena, sizeof(Item) * 2);
    next(b, &s->parts[0], split ? shape->u.seq.elts.data[1] : NULL, end, &parts[1], line);
    IrReg i = temp_set(b, RT_INT, s->count, line);
    AstExpr one = {.kind = EXPR_CONST, .type = &ty_int, .u.constant = {.kind = CONST_INT, .text = "1"}};
    bld_move(b, s->count, bld_prim(b, PRIM_INT_ADD, line, s->count, build_const(b, &one, &ty_int)), line);
    parts[0] = leaf(i, &ty_int);
    *out = parts_item(b, parts, 2, s->type, split, line);
}

static void next_zip(Builder *b, Src *s, const AstExpr *shape, bool split, IrBlock *end, Item *out, int line)
{
    Item *parts = arena_alloc(&b->ctx->arena, sizeof(Item) * (size_t)s->nparts);
    for (int i = 0; i < s->nparts; i++) {
        next(b, &s->parts[i], split ? shape->u.seq.elts.data[i] : NULL, end, &parts[i], line);
    }
    *out = parts_item(b, parts, s->nparts, s->type, split, line);
}

/* One step of s: jumps to end when exhausted, else continues with *out; shape is the
 * target the item goes to (NULL: keep it whole). */
static void next(Builder *b, Src *s, const AstExpr *shape, IrBlock *end, Item *out, int line)
{
    bool split = splits(shape, s);
    switch (s->kind) {
    case SRC_SEQ: next_seq(b, s, end, out, line); break;
    case SRC_DICT: case SRC_SET: next_table(b, s, split, end, out, line); break;
    case SRC_OBJ: next_obj(b, s, end, out, line); break;
    case SRC_ITER: next_iter(b, s, end, out, line); break;
    case SRC_ENUM: next_enum(b, s, shape, split, end, out, line); break;
    case SRC_ZIP: next_zip(b, s, shape, split, end, out, line); break;
    }
}

/* Stores the item: part by part into a tuple target it was split for. */
static void bind(Builder *b, AstExpr *target, const Item *it, int line)
{
    if (it->n > 0) {
        for (int i = 0; i < it->n; i++) {
            bind(b, target->u.seq.elts.data[i], &it->parts[i], line);
        }
        return;
    }
    build_store(b, target, bld_coerce(b, it->reg, it->type, target->type, line), line);
}

/* The loop holds what it walks until it ends (as CPython's iterators do). */
static void release(Builder *b, const Src *s, int line)
{
    if (s->kind == SRC_SEQ || s->kind == SRC_DICT || s->kind == SRC_SET || s->kind == SRC_OBJ) {
        bld_prim(b, PRIM_OBJ_LAST_USE, line, s->obj, -1);
    }
    if (s->kind == SRC_DICT || s->kind == SRC_SET || s->kind == SRC_ITER || s->kind == SRC_OBJ) {
        bld_prim(b, PRIM_OBJ_LAST_USE, line, s->src, -1);
    }
    int n = s->kind == SRC_ENUM ? 1 : s->kind == SRC_ZIP ? s->nparts : 0;
    for (int i = 0; i < n; i++) {
        release(b, &s->parts[i], line);
    }
}

/* The range CPython's GET_ITER and FOR_ITER have: the iterable's on 3.13, before it the
 * loop's (the for statement, or the comprehension being built: b->pos). */
static Loc iter_pos(const Builder *b, const AstExpr *it, Loc loop)
{
    return b->ctx->py_minor >= 13 ? it->loc : loop;
}

bool build_typed_loop(Builder *b, AstStmt *st, void (*body)(Builder *, AstStmt *, IrBlock *, IrBlock *))
{
    Src s;
    memset(&s, 0, sizeof s);
    if (!st->u.for_.iter->type || !plan(b, st->u.for_.iter, &s, true)) {
        return false;
    }
    int line = st->loc.line;
    Loc outer = b->pos;
    b->pos = iter_pos(b, st->u.for_.iter, st->loc);
    init(b, &s, line);
    IrBlock *head = bld_block(b), *step = bld_block(b), *end = bld_block(b), *broke = bld_block(b);
    IrBlock *done = bld_block(b);
    bld_goto(b, head, line);
    bld_switch(b, head);
    Item item;
    AstExpr *t = st->u.for_.target;
    next(b, &s, t, end, &item, line);
    b->pos = outer;
    bind(b, t, &item, line);
    body(b, st, broke, step);
    bld_switch(b, step);
    bld_goto(b, head, line);
    bld_switch(b, broke);
    release(b, &s, line);
    bld_goto(b, done, line);
    bld_switch(b, end);
    release(b, &s, line);
    build_body(b, &st->u.for_.orelse);
    bld_goto(b, done, line);
    bld_switch(b, done);
    return true;
}

struct TypedLoop {
    Src s;
    Loc pos;   /* its iteration's range (iter_pos) */
};

TypedLoop *build_typed_clause_start(Builder *b, AstExpr *it, int line)
{
    TypedLoop *l = arena_alloc(&b->ctx->arena, sizeof *l);
    memset(l, 0, sizeof *l);
    if (!it->type || !plan(b, it, &l->s, true)) {
        return NULL;
    }
    Loc outer = b->pos;
    l->pos = b->pos = iter_pos(b, it, outer);
    init(b, &l->s, line);
    b->pos = outer;
    return l;
}

/* The number of items a clause over a list or tuple walks, as it stands when the
 * walk starts (an I64 register), or -1 for any other source: what a list comprehension
 * reserves room for (its length is re-read each step, so a body that grows or shrinks
 * the list only makes the reservation too small or too large). */
IrReg build_typed_clause_count(Builder *b, TypedLoop *l, int line)
{
    Src *s = &l->s;
    if (s->kind != SRC_SEQ) {
        return -1;
    }
    TypeKind k = s->const_tuple ? TY_TUPLE : s->expr->type->kind;
    if (k != TY_LIST && k != TY_TUPLE) {
        return -1;
    }
    return bld_prim(b, k == TY_LIST ? PRIM_LIST_LEN : PRIM_TUPLE_LEN, line, s->obj, -1);
}

void build_typed_clause_loop(Builder *b, TypedLoop *l, AstExpr *target, RangeBody body, void *ctx, IrBlock *exit,
                             int line)
{
    IrBlock *head = bld_block(b), *end = bld_block(b);
    bld_goto(b, head, line);
    bld_switch(b, head);
    Item item;
    Loc outer = b->pos;
    b->pos = l->pos;
    next(b, &l->s, target, end, &item, line);
    b->pos = outer;
    bind(b, target, &item, line);
    body(b, ctx, head);
    bld_switch(b, end);
    release(b, &l->s, line);
    bld_goto(b, exit, line);
}
