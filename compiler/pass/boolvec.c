/* boolvec.c - private lists of bools made by `[b] * n` held as bytes (runtime/bool_vec.c):
 * one byte an item instead of a pointer, no reference count to keep per store (issue 17,
 * sieve: C walks 5 MB of bytes where the list was 40 MB of pointers).
 *
 * A web is the object registers joined by moves. A web becomes a bool vector when
 * - every write of its registers is a move within the web or `list_repeat %l, %n` where
 *   %l is `build l %b` (read only by the repeat) and %b `bool_box %c` (read only by the
 *   build), all three in one block with %c not written between; no parameter is in it;
 * - every read is one of: a move within the web; `list_get_bool %v, %i`;
 *   `list_set_bool %v, %i, %c`; `list_len %v`; `obj_last_use %v`; `return %v`.
 * Every item is then True or False (made so and only stored so), no other code can hold
 * the list, and nothing but these ops reads it; a byte per item is the same list. The
 * rewrite: `bvec_repeat %c, %n` (the one-item list and the box go), `bvec_get`,
 * `bvec_set`, `bvec_len`, and before a return `bvec_to_list`: the caller gets a real
 * list of True and False, made where the function hands it over.
 * Assumes: the IR as built plus constfold, cfg, guards, copyprop (before floatstore,
 * itemmove, licm, ranges, bounds, errors and refcount, none of which knows bvec ops, so
 * they keep what they assume of objects). Guarantees: the same IndexError (negative
 * indices count from the end, indices past 2**63 too), the same errors of `[b] * n`
 * (runtime/bool_vec.c), the same list returned. Not in the module body. */
#include <string.h>
#include "objwebs.h"

typedef struct BVec {
    Ctx *ctx;
    IrFunc *f;
    const bool *returns;   /* NULL: webs made by `[b] * n`; else per function index: it
                            * returns a vector, and webs of its calls' results are wanted */
    IrFunc **copy_of;      /* per function index: its copy returning the vector, once made */
    IrModule *m;
    ObjWebs w;          /* made: written by `[b] * n` (or a call returning a vector) */
    const int *uses;
} BVec;

/* The op in blk before index j writing r, read only once (by the op at j), or NULL. */
static const IrOp *single_def_before(const BVec *v, const IrBlock *blk, int j, IrReg r)
{
    if (r < 0 || v->uses[r] != 1 || v->w.def_block[r] != blk->id || v->w.def_at[r] >= j) {
        return NULL;
    }
    return blk->ops.data[v->w.def_at[r]];
}

/* The `bool_box %c` whose one-item list ops[j] (a list_repeat) repeats, %c not written
 * from the box to the repeat; or NULL. */
static const IrOp *repeated_bool(const BVec *v, const IrBlock *blk, int j)
{
    const IrOp *op = blk->ops.data[j];
    if (!pass_prim_is(op, "list_repeat")) {
        return NULL;
    }
    const IrOp *l = single_def_before(v, blk, j, op->args[0]);
    if (!l || l->kind != IR_BUILD || l->u.build != IRB_LIST || l->nargs != 1) {
        return NULL;
    }
    const IrOp *box = single_def_before(v, blk, v->w.def_at[op->args[0]], l->args[0]);
    if (!box || !pass_prim_is(box, "bool_box")) {
        return NULL;
    }
    for (int k = v->w.def_at[l->args[0]] + 1; k < j; k++) {
        if (pass_op_writes(blk->ops.data[k], box->args[0])) {
            return NULL;
        }
    }
    return box;
}

/* Does op read its operand k (of a web) as a vector may be read? */
static bool vector_read(const IrOp *op, int k)
{
    if (op->kind == IR_MOVE || op->kind == IR_RETURN) {
        return true;
    }
    return op->kind == IR_PRIM && k == 0 &&
           (pass_prim_is(op, "list_get_bool") || pass_prim_is(op, "list_set_bool") ||
            pass_prim_is(op, "list_len") || pass_prim_is(op, "obj_last_use"));
}

/* A call of a function returning a vector (dual webs). */
static bool vector_call(const BVec *v, const IrOp *op)
{
    return v->returns && op->kind == IR_CALL && !op->nouts && op->u.callee->index < v->m->funcs.len &&
           v->returns[op->u.callee->index];
}

static void check_op(BVec *v, const IrBlock *blk, int j)
{
    const IrOp *op = blk->ops.data[j];
    if (op->dst >= 0 && (v->returns ? vector_call(v, op) : repeated_bool(v, blk, j) != NULL)) {
        objwebs_mark_made(&v->w, op->dst);
    } else if (op->dst >= 0 && v->returns && pass_prim_is(op, "cast_list")) {
        ;   /* the generic path's list: the D ops read it as the list */
    } else if (op->dst >= 0 && !(op->kind == IR_MOVE && objwebs_is_obj(&v->w, op->args[0]))) {
        objwebs_spoil(&v->w, op->dst);
    }
    for (int k = 0; k < op->nouts; k++) {
        objwebs_spoil(&v->w, op->outs[k]);
    }
    for (int k = 0; k < op->nargs; k++) {
        if (objwebs_is_obj(&v->w, op->args[k]) && !vector_read(op, k)) {
            objwebs_spoil(&v->w, op->args[k]);
        }
    }
}

static bool is_vector(BVec *v, IrReg r)
{
    return objwebs_is_vector(&v->w, r);
}

/* Rewrites ops[j] of a vector: the ops it no longer needs are marked gone; a return
 * gets its list made first (*list). */
static IrFunc *returning_copy(BVec *v, IrFunc *g);

static void rewrite_op(BVec *v, IrBlock *blk, int j, bool *gone, IrOp **list)
{
    IrOp *op = blk->ops.data[j];
    bool d = v->returns != NULL;
    if (op->dst >= 0 && is_vector(v, op->dst) && vector_call(v, op)) {
        op->u.callee = returning_copy(v, op->u.callee);
    } else if (op->kind == IR_RETURN && op->nargs == 1 && is_vector(v, op->args[0])) {
        *list = ir_new_op(v->ctx, IR_PRIM, op->line, ir_new_reg(v->ctx, v->f, RT_OBJ, NULL), 1);
        (*list)->u.prim = prim(d ? PRIM_BVECD_TO_LIST : PRIM_BVEC_TO_LIST);
        (*list)->args[0] = op->args[0];
        op->args[0] = (*list)->dst;
    } else if (op->kind == IR_PRIM && op->dst >= 0 && is_vector(v, op->dst) && pass_prim_is(op, "list_repeat")) {
        const IrOp *box = repeated_bool(v, blk, j);
        gone[v->w.def_at[op->args[0]]] = gone[v->w.def_at[box->dst]] = true;
        op->u.prim = prim(PRIM_BVEC_REPEAT);
        op->args[0] = box->args[0];
    } else if (op->kind == IR_PRIM && op->nargs > 0 && is_vector(v, op->args[0])) {
        if (pass_prim_is(op, "list_get_bool")) {
            op->u.prim = prim(d ? PRIM_BVECD_GET : PRIM_BVEC_GET);
        } else if (pass_prim_is(op, "list_set_bool")) {
            op->u.prim = prim(d ? PRIM_BVECD_SET : PRIM_BVEC_SET);
        } else if (pass_prim_is(op, "list_len")) {
            op->u.prim = prim(d ? PRIM_BVECD_LEN : PRIM_BVEC_LEN);
        }
    }
}

static void rewrite_block(BVec *v, IrBlock *blk)
{
    int len = blk->ops.len;
    bool *gone = arena_alloc(&v->ctx->arena, (size_t)len + 1);
    memset(gone, 0, (size_t)len + 1);
    IrOp *list = NULL;
    for (int j = 0; j < len; j++) {
        rewrite_op(v, blk, j, gone, &list);
    }
    VEC(IrOp *) ops = {0};
    for (int j = 0; j < len; j++) {
        if (list && j == len - 1) {
            vec_push(&v->ctx->arena, &ops, list);
        }
        if (!gone[j]) {
            vec_push(&v->ctx->arena, &ops, blk->ops.data[j]);
        }
    }
    blk->ops.data = ops.data;
    blk->ops.len = ops.len;
    blk->ops.cap = ops.cap;
}

static void vectors(Ctx *ctx, IrModule *m, IrFunc *f, const bool *returns, IrFunc **copy_of)
{
    if (f->is_module_init) {
        return;
    }
    BVec v = {.ctx = ctx, .f = f, .returns = returns, .copy_of = copy_of, .m = m, .uses = pass_count_uses(ctx, f)};
    objwebs_init(&v.w, ctx, f);
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            check_op(&v, blk, j);
        }
    }
    bool any = objwebs_any_vector(&v.w);
    for (int b = 0; any && b < f->blocks.len; b++) {
        rewrite_block(&v, f->blocks.data[b]);
    }
}

/* ---- functions returning a vector ---- */

/* A plain module function every return of which hands over a vector (bvec_to_list
 * right before it): its copy can return the vector itself. */
static bool returns_vector(const IrFunc *f)
{
    if (f->is_module_init || f->generator || f->copy_of || f->i64_copy || f->bvec_of || f->spec_copy ||
        f->nfree || f->nsplit || f->qualname || f->vkey1 || f->ret != RT_OBJ) {
        return false;
    }
    int returns = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        const IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (t->kind != IR_RETURN) {
            continue;
        }
        const IrOp *prev = blk->ops.len >= 2 ? blk->ops.data[blk->ops.len - 2] : NULL;
        if (t->nargs != 1 || !prev || !pass_prim_is(prev, "bvec_to_list") || prev->dst != t->args[0]) {
            return false;
        }
        returns++;
    }
    return returns > 0;
}

/* g's copy whose returns give the vector (made on first use). */
static IrFunc *returning_copy(BVec *v, IrFunc *g)
{
    if (v->copy_of[g->index]) {
        return v->copy_of[g->index];
    }
    IrFunc *c = pass_copy_func(v->ctx, v->m, g);
    c->copy_of = NULL;
    c->bvec_of = g;
    for (int b = 0; b < c->blocks.len; b++) {
        IrBlock *blk = c->blocks.data[b];
        IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (t->kind == IR_RETURN) {
            t->args[0] = blk->ops.data[blk->ops.len - 2]->args[0];
            blk->ops.data[blk->ops.len - 2] = t;
            blk->ops.len--;
        }
    }
    v->copy_of[g->index] = c;
    return c;
}

void pass_boolvec(Ctx *ctx, IrModule *m)
{
    int n = m->funcs.len;
    for (int i = 0; i < n; i++) {
        vectors(ctx, m, m->funcs.data[i], NULL, NULL);
    }
    bool *returns = arena_alloc(&ctx->arena, (size_t)n + 1);
    IrFunc **copy_of = arena_alloc(&ctx->arena, sizeof(IrFunc *) * (size_t)(n + 1));
    bool any = false;
    for (int i = 0; i < n; i++) {
        returns[i] = returns_vector(m->funcs.data[i]);
        copy_of[i] = NULL;
        any |= returns[i];
    }
    for (int i = 0; any && i < n; i++) {   /* the copies made here keep their callers' lists */
        vectors(ctx, m, m->funcs.data[i], returns, copy_of);
    }
}
