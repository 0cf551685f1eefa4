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
 *   clause walking it); `obj_last_use %v`; `list_reserve %v, %n` (a comprehension's
 *   room: it goes); the argument of `sum(v)` (call_obj with the
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
#include "objwebs.h"

typedef struct Vec {
    Ctx *ctx;
    IrFunc *f;
    ObjWebs w;          /* made: written by an empty list display */
    const int *uses, *defs;
    int *unboxes;       /* per register: its reads by int_unbox */
    bool *unboxed;      /* per register: may hold an int unboxed from an object (rebox.c
                         * boxes that object again: a bool or subclass stays itself) */
    IrReg *item_of;     /* per item register of a vector: the int register it became */
} Vec;

/* Counts each register's reads by int_unbox and marks the ints unboxed from objects. */
static void count_unboxes(Vec *v)
{
    for (int b = 0; b < v->f->blocks.len; b++) {
        IrBlock *blk = v->f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
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

/* The index in blk of the int_box op making the element %e of the append at ops[j]
 * (its operand not written between), or -1. */
static int element_box(const Vec *v, const IrBlock *blk, int j, IrReg e)
{
    if (e < 0 || v->defs[e] != 1 || v->uses[e] != 1 || v->w.def_block[e] != blk->id || v->w.def_at[e] >= j) {
        return -1;
    }
    int at = v->w.def_at[e];
    const IrOp *box = blk->ops.data[at];
    if (!pass_prim_is(box, "int_box") || v->unboxed[box->args[0]]) {
        return -1;
    }
    for (int k = at + 1; k < j; k++) {
        if (pass_op_writes(blk->ops.data[k], box->args[0])) {
            return -1;
        }
    }
    return at;
}

/* Does op read its operand k (of a web) as a vector may be read? */
static bool vector_read(Vec *v, const IrBlock *blk, int j, int k)
{
    const IrOp *op = blk->ops.data[j];
    if (op->kind == IR_MOVE) {
        return true;
    }
    if (op->kind == IR_CALL_OBJ) {
        const IrKw *kw = ir_op_kw(op);
        return k == 1 && op->nargs == 2 && op->u.call_obj.fast && strcmp(op->u.call_obj.fast, "sum") == 0 &&
               (!kw || kw->n == 0) && objwebs_find(&v->w, op->args[0]) != objwebs_find(&v->w, op->args[1]);
    }
    if (op->kind != IR_PRIM || k != 0) {
        return false;
    }
    if (pass_prim_is(op, "list_len") || pass_prim_is(op, "obj_last_use") || pass_prim_is(op, "list_reserve")) {
        return true;
    }
    if (pass_prim_is(op, "list_item_at")) {
        return op->dst >= 0 && v->defs[op->dst] == 1 && v->unboxes[op->dst] == v->uses[op->dst];
    }
    if (pass_prim_is(op, "list_append")) {
        return element_box(v, blk, j, op->args[1]) >= 0;
    }
    return false;
}

static void check_op(Vec *v, const IrBlock *blk, int j)
{
    const IrOp *op = blk->ops.data[j];
    bool empty_list = op->kind == IR_BUILD && op->u.build == IRB_LIST && op->nargs == 0;
    if (empty_list) {
        objwebs_mark_made(&v->w, op->dst);
    } else if (op->dst >= 0 && !(op->kind == IR_MOVE && objwebs_is_obj(&v->w, op->args[0]))) {
        objwebs_spoil(&v->w, op->dst);
    }
    for (int k = 0; k < op->nouts; k++) {
        objwebs_spoil(&v->w, op->outs[k]);
    }
    for (int k = 0; k < op->nargs; k++) {
        if (objwebs_is_obj(&v->w, op->args[k]) && !vector_read(v, blk, j, k)) {
            objwebs_spoil(&v->w, op->args[k]);
        }
    }
}

static bool is_vector(Vec *v, IrReg r)
{
    return objwebs_is_vector(&v->w, r);
}

static IrOp *new_op(Vec *v, IrOpKind kind, const IrOp *at, IrReg dst, int nargs)
{
    return ir_new_op(v->ctx, kind, at->line, dst, nargs);
}

/* The unbox ops reading a vector's item become moves of the int it is now. */
static void unboxes_to_moves(Vec *v, int nregs)
{
    for (int b = 0; b < v->f->blocks.len; b++) {
        IrBlock *blk = v->f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            IrReg o = op->nargs > 0 ? op->args[0] : -1;
            if (o >= 0 && o < nregs && v->item_of[o] >= 0 && pass_prim_is(op, "int_unbox")) {
                IrOp *mv = new_op(v, IR_MOVE, op, op->dst, 1);
                mv->args[0] = v->item_of[o];
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
        if (pass_prim_is(op, "list_reserve")) {
            gone[j] = true;   /* a vector grows its own array */
        } else if (pass_prim_is(op, "list_len")) {
            op->u.prim = prim(PRIM_IVEC_LEN);
        } else if (pass_prim_is(op, "list_append")) {
            int at = element_box(v, blk, j, op->args[1]);
            gone[at] = true;
            op->u.prim = prim(PRIM_IVEC_APPEND);
            op->args[1] = blk->ops.data[at]->args[0];
        } else if (pass_prim_is(op, "list_item_at")) {
            v->item_of[op->dst] = ir_new_reg(v->ctx, v->f, RT_INT, NULL);
            op->u.prim = prim(PRIM_IVEC_ITEM_AT);
            op->dst = v->item_of[op->dst];
        }
    }
    return true;
}

static void rewrite(Vec *v)
{
    int nregs = v->f->regs.len;
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
    unboxes_to_moves(v, nregs);
}

void pass_intvec(Ctx *ctx, IrFunc *f)
{
    if (f->is_module_init) {
        return;
    }
    int n = f->regs.len;
    Vec v = {.ctx = ctx, .f = f, .uses = pass_count_uses(ctx, f), .defs = pass_count_defs(ctx, f),
             .unboxes = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1)),   /* zeroed */
             .unboxed = arena_alloc(&ctx->arena, (size_t)n + 1),
             .item_of = arena_alloc(&ctx->arena, sizeof(IrReg) * (size_t)(n + 1))};
    for (int r = 0; r < n; r++) {
        v.item_of[r] = -1;
    }
    objwebs_init(&v.w, ctx, f);
    count_unboxes(&v);
    spread_unboxed(&v);
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            check_op(&v, blk, j);
        }
    }
    bool any = objwebs_any_vector(&v.w);
    if (any) {
        rewrite(&v);
    }
}
