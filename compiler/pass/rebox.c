/* rebox.c - boxing an int (or float) that was just unboxed gives back the object it came from.
 * Assumes: the IR as built (before error branches and refcounts); int_unbox reads an
 * object it borrows.
 * Guarantees: where `%u = int_unbox %o` (u a temporary written once) still holds (ops of
 * its block with %o unwritten, or anywhere when %o is a temporary made in u's block
 * just before it),
 *   `%b = int_box %u` becomes `%b = obj_same %o` (the same object, a new reference), and
 *   `%b = int_box %a` where `%a = int_abs %u` (a written once) becomes
 *   `%b = int_abs_box %a, %u, %o`: %o itself when abs left the value as it was and %o
 *   is an exact int. CPython hands on the same int object in both
 * cases (abs of a non-negative int returns it), so `result.append(abs(item))` makes no
 * new int for a non-negative item, as CPython makes none; identity is CPython's too.
 *   `%b = float_box %u` of `%u = float_unbox %o` becomes `%b = float_rebox %u, %o`: %o
 * when it is an exact float (`x - m` over a list[float] with an object m allocates no
 * float for x). */
#include "pass.h"

const Prim pass_prim_obj_same = {
    .name = "obj_same",
    .result = RT_OBJ,
    .nargs = 1,
    .args = {RT_OBJ},
    .c_template = "(Py_INCREF($0), $0)",
};

/* a float unboxed from %o boxed again: %o itself when it is an exact float (an int or
 * a float subclass read as a float makes a new exact float, as the unbox converted it) */
static const Prim float_rebox = {
    .name = "float_rebox",
    .result = RT_OBJ,
    .nargs = 2,
    .args = {RT_FLOAT, RT_OBJ},
    .c_template = "Pyc2cFloat_Rebox($0, $1)",
    .can_fail = true,
};

static const Prim int_abs_box = {
    .name = "int_abs_box",
    .result = RT_OBJ,
    .nargs = 3,
    .args = {RT_INT, RT_INT, RT_OBJ},
    .c_template = "Pyc2cInt_AbsBox($0, $1, $2)",
    .can_fail = true,
};

/* The function: how many ops write each register, and where the last of them is. */
typedef struct Defs {
    const IrFunc *f;
    const int *count;
    IrOp **op;
    IrBlock **block;
    int *index;
} Defs;

/* The op writing r, when it is r's only writer (r a temporary); else NULL. */
static IrOp *only_def(const Defs *d, IrReg r)
{
    return r >= 0 && pass_single_def_temp(d->f, d->count, r) ? d->op[r] : NULL;
}

/* Is reg o written by an op of b in (from, to)? */
static bool written_between(const IrBlock *b, int from, int to, IrReg o)
{
    for (int j = from + 1; j < to; j++) {
        if (pass_op_writes(b->ops.data[j], o)) {
            return true;
        }
    }
    return false;
}

/* The int_unbox that made u, when its object is still the one it read at ops[at] of b:
 * the object unwritten since (the same block), or a temporary made in the unbox's block
 * just before it (each new object is unboxed again before u can be read); else NULL. */
static IrOp *unbox_of(const Defs *d, const IrBlock *b, int at, IrReg u, const char *unbox)
{
    IrOp *un = only_def(d, u);
    if (!un || !pass_prim_is(un, unbox)) {
        return NULL;
    }
    IrReg o = un->args[0];
    IrBlock *ub = d->block[u];
    int ui = d->index[u];
    if (ub == b && ui < at && !written_between(b, ui, at, o)) {
        return un;
    }
    IrOp *made = only_def(d, o);
    if (made && d->block[o] == ub && d->index[o] < ui && !written_between(ub, d->index[o], ui, o)) {
        return un;
    }
    return NULL;
}

/* A variable written once, by a copy of a temporary made just before in its block (the
 * loop variable of `for x in xs` holds the unboxed item): that temporary; else r. */
static IrReg through_move(const Defs *d, IrReg r)
{
    const IrOp *mv = r >= d->f->params.len && d->count[r] == 1 ? d->op[r] : NULL;
    if (!mv || mv->kind != IR_MOVE || !only_def(d, mv->args[0])) {
        return r;
    }
    IrReg src = mv->args[0];
    bool just_before = d->block[src] == d->block[r] && d->index[src] < d->index[r] &&
                       !written_between(d->block[r], d->index[src], d->index[r], src);
    return just_before ? src : r;
}

static void rewrite_float(Ctx *ctx, const Defs *d, IrBlock *b, int j)
{
    IrOp *op = b->ops.data[j];
    IrOp *un = unbox_of(d, b, j, through_move(d, op->args[0]), "float_unbox");
    if (!un) {
        return;
    }
    IrOp *n = ir_new_op(ctx, IR_PRIM, op->line, op->dst, 2);
    n->u.prim = &float_rebox;
    n->args[0] = op->args[0];
    n->args[1] = un->args[0];
    b->ops.data[j] = n;
}

static void rewrite(Ctx *ctx, const Defs *d, IrBlock *b, int j)
{
    IrOp *op = b->ops.data[j];
    IrReg a = op->args[0];
    IrOp *un = unbox_of(d, b, j, through_move(d, a), "int_unbox");
    if (un) {
        op->u.prim = &pass_prim_obj_same;
        op->args[0] = un->args[0];
        return;
    }
    IrOp *abs = only_def(d, a);
    if (!abs || !pass_prim_is(abs, "int_abs") || !(un = unbox_of(d, b, j, through_move(d, abs->args[0]), "int_unbox"))) {
        return;
    }
    IrOp *n = ir_new_op(ctx, IR_PRIM, op->line, op->dst, 3);
    n->u.prim = &int_abs_box;
    n->args[0] = a;
    n->args[1] = abs->args[0];
    n->args[2] = un->args[0];
    b->ops.data[j] = n;
}

static Defs find_defs(Ctx *ctx, const IrFunc *f)
{
    size_t n = (size_t)f->regs.len + 1;
    Defs d = {f, pass_count_defs(ctx, f), arena_alloc(&ctx->arena, n * sizeof(IrOp *)),
              arena_alloc(&ctx->arena, n * sizeof(IrBlock *)), arena_alloc(&ctx->arena, n * sizeof(int))};
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        for (int j = 0; j < b->ops.len; j++) {
            IrOp *op = b->ops.data[j];
            if (op->dst >= 0) {
                d.op[op->dst] = op;
                d.block[op->dst] = b;
                d.index[op->dst] = j;
            }
        }
    }
    return d;
}

void pass_rebox(Ctx *ctx, IrFunc *f)
{
    Defs d = {0};
    for (int i = 0; i < f->blocks.len; i++) {
        IrBlock *b = f->blocks.data[i];
        for (int j = 0; j < b->ops.len; j++) {
            if (pass_prim_is(b->ops.data[j], "int_box")) {
                d = d.f ? d : find_defs(ctx, f);
                rewrite(ctx, &d, b, j);
            } else if (pass_prim_is(b->ops.data[j], "float_box")) {
                d = d.f ? d : find_defs(ctx, f);
                rewrite_float(ctx, &d, b, j);
            }
        }
    }
}
