/* itemmove.c - list[int] items moved between slots as the objects they are.
 * Assumes: the IR as built plus floatload (before ranges and bounds, before error
 * branches and refcount): `xs[i]` of a list[int] is `list_get_int`, `xs[j] = v`
 * `list_set_int`.
 * Guarantees:
 * - `t = xs[i]; xs[i] = xs[j]; xs[j] = t` (in one block: `%a = list_get_int %l, %i;
 *   %b = list_get_int %l, %j; list_set_int %l, %i, %b; list_set_int %l, %j, %a`, each
 *   value read by its store alone, nothing but constants and moves between, none of
 *   %l %i %j written there) becomes `list_swap %l, %i, %j` (runtime Pyc2cList_Swap):
 *   IndexError from the read of xs[i], then of xs[j], as the interpreter raises them;
 *   then the two pointers are exchanged. No object is released (each is still held
 *   by the other slot as the interpreter's `t` holds it), so no Python code can run,
 *   and no int is unboxed or boxed.
 * - `ys[j] = xs[i]` (`%v = list_get_int %xs, %i` read only by the `list_set_int %ys, %j,
 *   %v` that follows, constants and moves between) becomes `list_move_item %xs, %i, %ys,
 *   %j` (Pyc2cList_MoveItem): IndexError of the read, then of the store; the object moves
 *   as the interpreter moves it (the old one released, which may run a finalizer, as
 *   interpreted).
 * Either way the item keeps its identity (a long int is not unboxed and made again), and an
 * item of another type is moved as the interpreter moves it instead of raising TypeError.
 * A move `%t = move %a` into a register nothing reads (a local copy propagation made
 * dead) goes with the get. */
#include "pass.h"

static const Prim list_swap = {
    .name = "list_swap",
    .result = RT_NONE,
    .nargs = 3,
    .args = {RT_OBJ, RT_INT, RT_INT},
    .c_template = "Pyc2cList_Swap($0, $1, $2)",
    .can_fail = true,
};

static const Prim list_move_item = {
    .name = "list_move_item",
    .result = RT_NONE,
    .nargs = 4,
    .args = {RT_OBJ, RT_INT, RT_OBJ, RT_INT},
    .c_template = "Pyc2cList_MoveItem($0, $1, $2, $3)",
    .can_fail = true,
};

typedef struct Block {
    Ctx *ctx;
    IrBlock *b;
    const int *uses;
    bool *gone;          /* per op: dropped by a rewrite */
} Block;

/* A move into a register nothing reads: dead, it goes with what it copies. */
static bool dead_move(const Block *k, const IrOp *op)
{
    return op->kind == IR_MOVE && op->dst >= 0 && k->uses[op->dst] == 0;
}

/* The next op after ops[j] that matters: constants and dead moves skipped. -1 at the
 * block's end. Registers in keep[0..nkeep) must not be written by what is skipped. */
static int next_op(const Block *k, int j, const IrReg *keep, int nkeep)
{
    for (j++; j < k->b->ops.len; j++) {
        const IrOp *op = k->b->ops.data[j];
        if (op->kind != IR_CONST && !dead_move(k, op)) {
            return j;
        }
        for (int r = 0; r < nkeep; r++) {
            if (pass_op_writes(op, keep[r])) {
                return -1;
            }
        }
    }
    return -1;
}

/* Does register v have one reader besides dead moves of it? */
static bool read_once(const Block *k, IrReg v)
{
    int dead = 0;
    for (int j = 0; j < k->b->ops.len; j++) {
        const IrOp *op = k->b->ops.data[j];
        dead += dead_move(k, op) && op->args[0] == v;
    }
    return k->uses[v] - dead == 1;
}

static void drop_dead_moves_of(Block *k, IrReg v)
{
    for (int j = 0; j < k->b->ops.len; j++) {
        const IrOp *op = k->b->ops.data[j];
        if (dead_move(k, op) && op->args[0] == v) {
            k->gone[j] = true;
        }
    }
}

static bool is_get(const IrOp *op)
{
    return op && pass_prim_is(op, "list_get_int") && op->dst >= 0;
}

static bool is_set(const IrOp *op)
{
    return op && pass_prim_is(op, "list_set_int");
}

static IrOp *op_at(const Block *k, int j)
{
    return j >= 0 ? k->b->ops.data[j] : NULL;
}

/* ops[j] starts `t = l[i]; l[i] = l[j]; l[j] = t`: rewritten into a list_swap. */
static bool try_swap(Block *k, int j)
{
    IrOp *a = k->b->ops.data[j];
    IrReg l = a->args[0], i = a->args[1];
    IrReg keep[4] = {l, i, a->dst, -1};
    int jb = next_op(k, j, keep, 3);
    IrOp *b = op_at(k, jb);
    if (!is_get(b) || b->args[0] != l || b->args[1] == i) {
        return false;
    }
    keep[3] = b->args[1];
    int jc = next_op(k, jb, keep, 4), jd = jc >= 0 ? next_op(k, jc, keep, 4) : -1;
    IrOp *c = op_at(k, jc), *d = op_at(k, jd);
    if (!is_set(c) || !is_set(d) || c->args[0] != l || c->args[1] != i || c->args[2] != b->dst ||
        d->args[0] != l || d->args[1] != b->args[1] || d->args[2] != a->dst || !read_once(k, a->dst) ||
        !read_once(k, b->dst) || pass_op_writes(c, b->args[1])) {
        return false;
    }
    drop_dead_moves_of(k, a->dst);
    drop_dead_moves_of(k, b->dst);
    k->gone[jb] = k->gone[jc] = true;
    IrReg jreg = b->args[1];
    d->u.prim = &list_swap;
    d->nargs = 3;
    d->args[0] = l;
    d->args[1] = i;
    d->args[2] = jreg;
    k->gone[j] = true;
    return true;
}

/* ops[j] is `%v = xs[i]` stored as it is by `ys[j] = %v` next: a list_move_item. */
static bool try_move(Block *k, int j)
{
    IrOp *a = k->b->ops.data[j];
    IrReg keep[3] = {a->args[0], a->args[1], a->dst};
    int js = next_op(k, j, keep, 3);
    IrOp *s = op_at(k, js);
    if (!is_set(s) || s->args[2] != a->dst || s->args[0] == a->dst || s->args[1] == a->dst ||
        !read_once(k, a->dst)) {
        return false;
    }
    drop_dead_moves_of(k, a->dst);
    IrReg dst = s->args[0], jreg = s->args[1];
    s->u.prim = &list_move_item;
    s->nargs = 4;
    s->args = arena_alloc(&k->ctx->arena, sizeof(IrReg) * 4);
    s->args[0] = a->args[0];
    s->args[1] = a->args[1];
    s->args[2] = dst;
    s->args[3] = jreg;
    k->gone[j] = true;
    return true;
}

static void rewrite_block(Ctx *ctx, IrBlock *b, const int *uses)
{
    Block k = {ctx, b, uses, arena_alloc(&ctx->arena, (size_t)b->ops.len + 1)};
    for (int j = 0; j < b->ops.len; j++) {
        if (!k.gone[j] && is_get(b->ops.data[j]) && !try_swap(&k, j)) {
            try_move(&k, j);
        }
    }
    int n = 0;
    for (int j = 0; j < b->ops.len; j++) {
        if (!k.gone[j]) {
            b->ops.data[n++] = b->ops.data[j];
        }
    }
    b->ops.len = n;
}

void pass_itemmove(Ctx *ctx, IrFunc *f)
{
    const int *uses = pass_count_uses(ctx, f);
    for (int i = 0; i < f->blocks.len; i++) {
        rewrite_block(ctx, f->blocks.data[i], uses);
    }
}
