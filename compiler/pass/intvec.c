/* intvec.c - private lists of ints held as int vectors (runtime/int_vec.c): an array of
 * tagged ints instead of a list of int objects, so no int object is made per element.
 *
 * A web is the object registers joined by moves. A web becomes an int vector when
 * - every write of its registers is an empty list display (`build l`, what a list
 *   comprehension or `v = []` starts with) or a move from the web, and no parameter is
 *   in it;
 * - every read is one of: a move within the web; `list_append %v, %b` where %b is an
 *   `int_box %t` read only there, earlier in the block with %t not written between (a
 *   comprehension's or v.append's element made by int code), %t never an int unboxed
 *   from an object (nor its abs), which rebox.c boxes back into that object, so that a
 *   bool or an int subclass stays itself in a list; `list_len %v`;
 *   `%o = list_item_at %v, %i` whose %o only `int_unbox` ops read (a typed for loop or
 *   clause walking it); `obj_last_use %v`; the argument of `sum(v)` (call_obj with the
 *   runtime's sum fast path).
 * Then each item was made by boxing a tagged int and is only ever unboxed again, so
 * keeping the tagged int is the same value (unbox of box is the identity on tagged
 * ints; identity of the objects is never seen, as nothing else reads them). The
 * rewrite: `ivec_new`, `ivec_append %v, %t` (the box goes), `ivec_len`,
 * `%n = ivec_item_at %v, %i` with each unbox a move of %n.
 * sum(v) stays a call: the runtime sums the array when the name sum still holds the
 * builtin, else makes the vector a real list ("list mode") and calls the callee with it;
 * from then on every read of the vector reads that list (its length re-read each step,
 * each item unboxed, TypeError for a non-int as the typed list's read gives), so what
 * the callee did to the list is seen as with the list itself.
 * Assumes: the IR as built plus constfold, cfg, guards, copyprop (before itemmove,
 * licm, ranges, bounds and the refcount pass, which never see list ops of a vector).
 * Not in the module body (its chunks share no register). */
#include <string.h>
#include "pass.h"

typedef struct Vec {
    Ctx *ctx;
    IrFunc *f;
    int *parent;        /* union-find over registers: the webs */
    bool *bad;          /* per web root: not a vector */
    bool *built;        /* per web root: written by an empty list display */
    const int *uses, *defs;
    int *unboxes;       /* per register: its reads by int_unbox */
    bool *unboxed;      /* per register: may hold an int unboxed from an object (rebox.c
                         * boxes that object again: a bool or subclass stays itself) */
} Vec;

static int find(Vec *v, int r)
{
    while (v->parent[r] != r) {
        v->parent[r] = v->parent[v->parent[r]];
        r = v->parent[r];
    }
    return r;
}

static bool is_obj(const Vec *v, IrReg r)
{
    return r >= 0 && v->f->regs.data[r].rt == RT_OBJ;
}

static void join_moves(Vec *v)
{
    for (int b = 0; b < v->f->blocks.len; b++) {
        IrBlock *blk = v->f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            if (op->kind == IR_MOVE && is_obj(v, op->dst) && is_obj(v, op->args[0])) {
                v->parent[find(v, op->dst)] = find(v, op->args[0]);
            }
            if (op->kind == IR_PRIM && pass_prim_is(op, "int_unbox")) {
                v->unboxes[op->args[0]]++;
            }
            if (op->dst >= 0 && (pass_prim_is(op, "int_unbox") || pass_prim_is(op, "int_abs"))) {
                v->unboxed[op->dst] = true;
            }
        }
    }
}

/* unboxed spreads along moves (a few rounds: chains of moves are short) */
static void spread_unboxed(Vec *v)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (int b = 0; b < v->f->blocks.len; b++) {
            IrBlock *blk = v->f->blocks.data[b];
            for (int j = 0; j < blk->ops.len; j++) {
                IrOp *op = blk->ops.data[j];
                if (op->kind == IR_MOVE && op->dst >= 0 && v->unboxed[op->args[0]] && !v->unboxed[op->dst]) {
                    v->unboxed[op->dst] = changed = true;
                }
            }
        }
    }
}

static void spoil(Vec *v, IrReg r)
{
    if (is_obj(v, r)) {
        v->bad[find(v, r)] = true;
    }
}

/* The int_box op making the element %e of the append at ops[j], or NULL. */
static IrOp *element_box(const Vec *v, const IrBlock *blk, int j, IrReg e)
{
    if (e < 0 || v->defs[e] != 1 || v->uses[e] != 1) {
        return NULL;
    }
    for (int k = j - 1; k >= 0; k--) {
        IrOp *op = blk->ops.data[k];
        if (op->dst == e) {
            return pass_prim_is(op, "int_box") && !v->unboxed[op->args[0]] ? op : NULL;
        }
    }
    return NULL;
}

static bool box_operand_kept(const IrBlock *blk, int j, const IrOp *box)
{
    for (int k = j - 1; k >= 0 && blk->ops.data[k] != box; k--) {
        if (pass_op_writes(blk->ops.data[k], box->args[0])) {
            return false;
        }
    }
    return true;
}

/* Does op read its operand k (of a web) as a vector may be read? */
static bool vector_read(const Vec *v, const IrBlock *blk, int j, int k)
{
    const IrOp *op = blk->ops.data[j];
    if (op->kind == IR_MOVE) {
        return true;
    }
    if (op->kind == IR_CALL_OBJ) {
        const IrKw *kw = ir_op_kw(op);
        return k == 1 && op->nargs == 2 && op->u.call_obj.fast && strcmp(op->u.call_obj.fast, "sum") == 0 &&
               (!kw || kw->n == 0) && find((Vec *)v, op->args[0]) != find((Vec *)v, op->args[1]);
    }
    if (op->kind != IR_PRIM || k != 0) {
        return false;
    }
    if (pass_prim_is(op, "list_len") || pass_prim_is(op, "obj_last_use")) {
        return true;
    }
    if (pass_prim_is(op, "list_item_at")) {
        return op->dst >= 0 && v->defs[op->dst] == 1 && v->unboxes[op->dst] == v->uses[op->dst];
    }
    if (pass_prim_is(op, "list_append")) {
        const IrOp *box = element_box(v, blk, j, op->args[1]);
        return box && box_operand_kept(blk, j, box);
    }
    return false;
}

static void check_op(Vec *v, const IrBlock *blk, int j)
{
    const IrOp *op = blk->ops.data[j];
    bool empty_list = op->kind == IR_BUILD && op->u.build == IRB_LIST && op->nargs == 0;
    if (empty_list) {
        v->built[find(v, op->dst)] = true;
    } else if (op->dst >= 0 && !(op->kind == IR_MOVE && is_obj(v, op->args[0]))) {
        spoil(v, op->dst);
    }
    for (int k = 0; k < op->nouts; k++) {
        spoil(v, op->outs[k]);
    }
    for (int k = 0; k < op->nargs; k++) {
        if (is_obj(v, op->args[k]) && !vector_read(v, blk, j, k)) {
            spoil(v, op->args[k]);
        }
    }
}

static bool is_vector(Vec *v, IrReg r)
{
    if (!is_obj(v, r)) {
        return false;
    }
    int w = find(v, r);
    return v->built[w] && !v->bad[w];
}

static IrOp *new_op(Vec *v, IrOpKind kind, const IrOp *at, IrReg dst, int nargs)
{
    return ir_new_op(v->ctx, kind, at->line, dst, nargs);
}

/* The unbox ops reading %o become moves of %n. */
static void unboxes_to_moves(Vec *v, IrReg o, IrReg n)
{
    for (int b = 0; b < v->f->blocks.len; b++) {
        IrBlock *blk = v->f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            if (op->kind == IR_PRIM && pass_prim_is(op, "int_unbox") && op->args[0] == o) {
                IrOp *mv = new_op(v, IR_MOVE, op, op->dst, 1);
                mv->args[0] = n;
                blk->ops.data[j] = mv;
            }
        }
    }
}

/* Rewrites ops[j] of a vector; false when the op goes. */
static bool rewrite_op(Vec *v, IrBlock *blk, int j, bool *gone)
{
    IrOp *op = blk->ops.data[j];
    if (op->kind == IR_BUILD && is_vector(v, op->dst)) {
        IrOp *nw = new_op(v, IR_PRIM, op, op->dst, 0);
        nw->u.prim = prim(PRIM_IVEC_NEW);
        blk->ops.data[j] = nw;
    } else if (op->kind == IR_PRIM && op->nargs > 0 && is_vector(v, op->args[0])) {
        if (pass_prim_is(op, "list_len")) {
            op->u.prim = prim(PRIM_IVEC_LEN);
        } else if (pass_prim_is(op, "list_append")) {
            IrOp *box = element_box(v, blk, j, op->args[1]);
            for (int k = 0; k < j; k++) {
                gone[k] = gone[k] || blk->ops.data[k] == box;
            }
            op->u.prim = prim(PRIM_IVEC_APPEND);
            op->args[1] = box->args[0];
        } else if (pass_prim_is(op, "list_item_at")) {
            IrReg n = ir_new_reg(v->ctx, v->f, RT_INT, NULL);
            IrReg o = op->dst;
            op->u.prim = prim(PRIM_IVEC_ITEM_AT);
            op->dst = n;
            unboxes_to_moves(v, o, n);
        }
    }
    return true;
}

static void rewrite(Vec *v)
{
    for (int b = 0; b < v->f->blocks.len; b++) {
        IrBlock *blk = v->f->blocks.data[b];
        bool *gone = arena_alloc(&v->ctx->arena, (size_t)blk->ops.len + 1);
        memset(gone, 0, (size_t)blk->ops.len + 1);
        for (int j = 0; j < blk->ops.len; j++) {
            rewrite_op(v, blk, j, gone);
        }
        int n = 0;
        for (int j = 0; j < blk->ops.len; j++) {
            if (!gone[j]) {
                blk->ops.data[n++] = blk->ops.data[j];
            }
        }
        blk->ops.len = n;
    }
}

void pass_intvec(Ctx *ctx, IrFunc *f)
{
    if (f->is_module_init) {
        return;
    }
    int n = f->regs.len;
    Vec v = {ctx, f, arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1)),
             arena_alloc(&ctx->arena, (size_t)n + 1), arena_alloc(&ctx->arena, (size_t)n + 1),
             pass_count_uses(ctx, f), pass_count_defs(ctx, f), arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1)),
             arena_alloc(&ctx->arena, (size_t)n + 1)};
    for (int r = 0; r < n; r++) {
        v.parent[r] = r;
        v.bad[r] = v.built[r] = v.unboxed[r] = false;
        v.unboxes[r] = 0;
    }
    join_moves(&v);
    spread_unboxed(&v);
    bool any = false;
    for (int r = 0; r < f->params.len; r++) {
        spoil(&v, r);
    }
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            check_op(&v, blk, j);
        }
    }
    for (int r = 0; r < n && !any; r++) {
        any = is_vector(&v, r);
    }
    if (any) {
        rewrite(&v);
    }
}
