/* globaltruth.c - `if flag:` on a module global (a tracing or debug switch read in a
 * hot loop) tests the value its read site cached, with no reference taken and no
 * Python code run, when that value is True, False or None.
 * Assumes: the IR as built and optimized up to classchecks (before error branches and
 * refcounts): `%g = load_name %s` then, next, `%t = obj_truth %g`, %g a temporary
 * read by no other op (a loop that wideacc.c copied holds such pairs in one temporary).
 * Guarantees: the block splits into
 *     %c = global_truth %s            0 or 1: the truth of the value the site's cache
 *     %m = i64_global_missed %c       holds (True, False, None); 2: anything else (a
 *     branch %m -> S, F               changed or unfilled cache, another object)
 *   S: %g = load_name %s; %t = obj_truth %g; goto R      (the read and test as before)
 *   F: %t = i64_global_bool %c; goto R
 *   R: the rest of the block.
 * global_truth runs no Python code (classchecks.c counts it clean, so a loop keeps its
 * class checks across the test on F) and allocates nothing; on a missed cache it looks
 * the name up in the module dict and builtins to fill the cache (no reference kept, an
 * error dropped: S raises it). Accepted limit: that lookup compares the name with dict
 * keys of equal hash, so a module dict holding a non-str key of the same hash with an
 * `__eq__` would run Python code there unseen by classchecks. */
#include "pass.h"

static const Prim global_truth = {
    .name = "global_truth",
    .result = RT_I64,
    .nargs = 1,
    .args = {RT_OBJ},
    .c_template = "{ static Pyc2cGlobalCache c_; $r = Pyc2c_GlobalTruthFast(pyc2c_module_dict, $0, &c_); }",
};

static const Prim global_missed = {
    .name = "i64_global_missed",
    .result = RT_BOOL,
    .nargs = 1,
    .args = {RT_I64},
    .c_template = "PYC2C_UNLIKELY($0 == 2)",
};

static const Prim global_bool = {
    .name = "i64_global_bool",
    .result = RT_BOOL,
    .nargs = 1,
    .args = {RT_I64},
    .c_template = "(char)$0",
};

static IrOp *add_prim(Ctx *ctx, IrBlock *b, const Prim *p, IrReg dst, IrReg arg, int line)
{
    IrOp *op = ir_new_op(ctx, IR_PRIM, line, dst, 1);
    op->u.prim = p;
    op->args[0] = arg;
    vec_push(&ctx->arena, &b->ops, op);
    return op;
}

static IrBlock *new_block_like(Ctx *ctx, IrFunc *f, const IrBlock *b)
{
    IrBlock *n = ir_new_block(ctx, f);
    n->unwind = b->unwind;
    n->loop_copy = b->loop_copy;
    return n;
}

/* ops[i] reads the global, ops[i + 1] tests it: b ends in the branch; the block that
 * holds the rest of b is returned. */
static IrBlock *split(Ctx *ctx, IrFunc *f, IrBlock *b, int i)
{
    IrOp *load = b->ops.data[i], *truth = b->ops.data[i + 1];
    int line = truth->line;
    IrBlock *slow = new_block_like(ctx, f, b), *fast = new_block_like(ctx, f, b), *rest = new_block_like(ctx, f, b);
    for (int k = i + 2; k < b->ops.len; k++) {
        vec_push(&ctx->arena, &rest->ops, b->ops.data[k]);
    }
    rest->strip_edge = b->strip_edge;
    b->strip_edge = false;
    b->ops.len = i;
    IrReg c = ir_new_reg(ctx, f, RT_I64, NULL), m = ir_new_reg(ctx, f, RT_BOOL, NULL);
    add_prim(ctx, b, &global_truth, c, load->args[0], load->line);
    add_prim(ctx, b, &global_missed, m, c, line);
    pass_add_jump(ctx, b, m, slow, fast, line);
    vec_push(&ctx->arena, &slow->ops, load);
    vec_push(&ctx->arena, &slow->ops, truth);
    pass_add_jump(ctx, slow, -1, rest, NULL, line);
    add_prim(ctx, fast, &global_bool, truth->dst, c, line);
    pass_add_jump(ctx, fast, -1, rest, NULL, line);
    return rest;
}

/* Is ops[i] of b a global read that ops[i + 1] tests (and the block goes on)? */
static bool pair_at(const IrBlock *b, int i)
{
    if (i + 2 >= b->ops.len) {
        return false;
    }
    const IrOp *load = b->ops.data[i], *truth = b->ops.data[i + 1];
    return pass_prim_is(load, "load_name") && pass_prim_is(truth, "obj_truth") && truth->dst >= 0 &&
           load->dst >= 0 && truth->args[0] == load->dst;
}

/* Per register: its reads by the test right after its read (a loop copied by wideacc.c
 * holds the pair twice, in one temporary). */
static int *paired_reads(Ctx *ctx, const IrFunc *f)
{
    int *paired = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int bi = 0; bi < f->blocks.len; bi++) {
        const IrBlock *b = f->blocks.data[bi];
        for (int i = 0; i < b->ops.len; i++) {
            if (pair_at(b, i)) {
                paired[b->ops.data[i]->dst]++;
            }
        }
    }
    return paired;
}

void pass_globaltruth(Ctx *ctx, IrFunc *f)
{
    if (f->is_module_init || f->generator) {
        return;
    }
    const int *uses = pass_count_uses(ctx, f), *paired = paired_reads(ctx, f);
    int nblocks = f->blocks.len;   /* the blocks made here: a slow path and a rest, scanned as b */
    for (int bi = 0; bi < nblocks; bi++) {
        IrBlock *b = f->blocks.data[bi];
        for (int i = 0; i < b->ops.len; i++) {
            IrReg g = pair_at(b, i) ? b->ops.data[i]->dst : -1;
            if (g >= f->params.len && f->regs.data[g].name == NULL && uses[g] == paired[g]) {
                b = split(ctx, f, b, i);
                i = -1;
            }
        }
    }
}
