/* licm.c - loop-invariant code motion: a value a loop computes the same way on every
 * iteration is computed once, in a preheader (loops.c) that runs exactly when the loop
 * is entered.
 * Moved: pure primitives (pass_op_pure) over unboxed operands whose result owns no
 * reference, and loads of a Final constant: a global of an unboxed type every store of
 * which (all in the module body) stores one same literal, so that not even a re-import
 * run from inside the loop changes it. Each moved op writes a temporary that no other op
 * writes, from operands that no op in the loop writes (a constant the loop makes for it
 * moves along). None of them can fail, allocate or run Python code, so computing one on
 * an entry where the loop would not have reached it costs time and nothing else.
 * Loops are done innermost first: what leaves an inner loop lands in its preheader,
 * inside the next loop out, and may leave that one too.
 * Left in place: anything that can fail, allocate, release or run Python code; loads of
 * globals a store can change; guards (func_intact, class checks), which the loop's
 * interrupt check may invalidate; generators (their registers live in the frame object).
 * Assumes: the IR as built, interrupt checks inserted, before ranges and whilestrip (a
 * Final loop bound moved out is a register the loop never writes: whilestrip takes it).
 * Guarantees: every use reads the value it read before; the verifier's invariants. */
#include <string.h>
#include "pass.h"

typedef struct Licm {
    Ctx *ctx;
    IrFunc *f;
    const bool *const_global;   /* per global: a Final constant (see above) */
    int *defs;                  /* per register: the ops in the current loop writing it */
    const int *fdefs;           /* per register: the ops in f writing it */
} Licm;

static bool same_const(const IrConst *a, const IrConst *b)
{
    if (a->kind != b->kind) {
        return false;
    }
    switch (a->kind) {
    case IRC_INT: return strcmp(a->text, b->text) == 0;
    case IRC_FLOAT: return memcmp(&a->fval, &b->fval, sizeof(double)) == 0;
    case IRC_BOOL: return a->bval == b->bval;
    default: return false;
    }
}

/* The constant op writing r before index `at` of b, or NULL. */
static const IrConst *const_before(const IrBlock *b, int at, IrReg r)
{
    for (int j = at - 1; j >= 0; j--) {
        const IrOp *op = b->ops.data[j];
        if (pass_op_writes(op, r)) {
            return op->kind == IR_CONST ? op->u.konst : NULL;
        }
    }
    return NULL;
}

static bool unboxed_rt(RType rt)
{
    return rt == RT_INT || rt == RT_FLOAT || rt == RT_BOOL || rt == RT_I64 || rt == RT_I32;
}

/* Per global: stored only by the module body, always the same literal. */
static bool *const_globals(Ctx *ctx, const IrModule *m)
{
    int n = m->globals.len;
    bool *ok = arena_alloc(&ctx->arena, (size_t)n + 1);
    const IrConst **val = arena_alloc(&ctx->arena, sizeof(IrConst *) * (size_t)(n + 1));
    for (int g = 0; g < n; g++) {
        ok[g] = unboxed_rt(m->globals.data[g].rt);
    }
    for (int i = 0; i < m->funcs.len; i++) {
        const IrFunc *f = m->funcs.data[i];
        for (int b = 0; b < f->blocks.len; b++) {
            const IrBlock *blk = f->blocks.data[b];
            for (int j = 0; j < blk->ops.len; j++) {
                const IrOp *op = blk->ops.data[j];
                if (op->kind != IR_STORE_GLOBAL) {
                    continue;
                }
                int g = op->u.global;
                const IrConst *c = f->is_module_init ? const_before(blk, j, op->args[0]) : NULL;
                ok[g] = ok[g] && c && (!val[g] || same_const(val[g], c));
                val[g] = c;
            }
        }
    }
    for (int g = 0; g < n; g++) {
        ok[g] = ok[g] && val[g] != NULL;
    }
    return ok;
}

/* Can op run before the loop, as far as the op itself goes? */
static bool movable_kind(const Licm *s, const IrOp *op)
{
    const IrFunc *f = s->f;
    if (op->dst < 0 || !pass_single_def_temp(f, s->fdefs, op->dst) || op->nouts) {
        return false;
    }
    if (op->kind == IR_LOAD_GLOBAL) {   /* the module body may run before the store */
        return s->const_global[op->u.global] && !f->is_module_init;
    }
    if (!pass_op_pure(op) || op->kind != IR_PRIM || rtype_refcounted[f->regs.data[op->dst].rt] ||
        (op->u.prim->c_template && strstr(op->u.prim->c_template, "pyc2c_tick"))) {
        return false;   /* a strip's end reads the interrupt countdown, which moves */
    }
    for (int i = 0; i < op->nargs; i++) {
        if (!unboxed_rt(f->regs.data[op->args[i]].rt)) {
            return false;
        }
    }
    return true;
}

/* The op in the loop writing r when it is a constant moved as easily, else NULL. */
static IrOp *loop_const(const Licm *s, const PassLoop *l, IrReg r, IrBlock **where)
{
    if (s->defs[r] != 1 || !pass_single_def_temp(s->f, s->fdefs, r) || rtype_refcounted[s->f->regs.data[r].rt]) {
        return NULL;
    }
    for (int at = 0; at < l->blocks.len; at++) {
        IrBlock *blk = s->f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            if (blk->ops.data[j]->dst == r) {
                *where = blk;
                return blk->ops.data[j]->kind == IR_CONST ? blk->ops.data[j] : NULL;
            }
        }
    }
    return NULL;
}

static void remove_op(IrBlock *b, const IrOp *op)
{
    int n = 0;
    for (int j = 0; j < b->ops.len; j++) {
        if (b->ops.data[j] != op) {
            b->ops.data[n++] = b->ops.data[j];
        }
    }
    b->ops.len = n;
}

/* Appends op to the preheader, before its goto. */
static void to_preheader(Licm *s, IrBlock *pre, IrBlock *from, IrOp *op)
{
    remove_op(from, op);
    IrOp *go = pre->ops.data[pre->ops.len - 1];
    vec_push(&s->ctx->arena, &pre->ops, go);
    pre->ops.data[pre->ops.len - 2] = op;
    s->defs[op->dst]--;
}

/* Is every operand of op written nowhere in the loop, once its loop constants move? */
static bool operands_invariant(const Licm *s, const PassLoop *l, const IrOp *op)
{
    for (int i = 0; i < op->nargs; i++) {
        IrBlock *where;
        if (s->defs[op->args[i]] != 0 && !loop_const(s, l, op->args[i], &where)) {
            return false;
        }
    }
    return true;
}

/* One sweep over the loop's ops; true when one moved. */
static bool hoist_sweep(Licm *s, PassLoopVec *loops, PassLoop *l)
{
    bool moved = false;
    IrFunc *f = s->f;
    for (int at = 0; at < l->blocks.len; at++) {
        IrBlock *blk = f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            if (!movable_kind(s, op) || !operands_invariant(s, l, op)) {
                continue;
            }
            IrBlock *pre = pass_loop_preheader(s->ctx, f, loops, l);
            if (!pre) {
                return false;
            }
            for (int i = 0; i < op->nargs; i++) {
                IrBlock *where;
                IrOp *k = s->defs[op->args[i]] ? loop_const(s, l, op->args[i], &where) : NULL;
                if (k) {
                    to_preheader(s, pre, where, k);
                }
            }
            to_preheader(s, pre, blk, op);
            moved = true;
            j = -1;   /* the block's ops shifted: look again from its start */
        }
    }
    return moved;
}

/* Adds delta to the count of every register an op of l writes. */
static void count_loop_defs(Licm *s, const PassLoop *l, int delta)
{
    for (int at = 0; at < l->blocks.len; at++) {
        const IrBlock *blk = s->f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->dst >= 0) {
                s->defs[op->dst] += delta;
            }
            for (int k = 0; k < op->nouts; k++) {
                s->defs[op->outs[k]] += delta;
            }
        }
    }
}

static void licm_func(Licm *s)
{
    IrFunc *f = s->f;
    PassLoopVec loops = pass_find_loops(s->ctx, f);
    s->fdefs = pass_count_defs(s->ctx, f);
    s->defs = arena_alloc(&s->ctx->arena, sizeof(int) * (size_t)(f->regs.len + 1));
    for (int i = 0; i < loops.len; i++) {
        PassLoop *l = &loops.data[i];
        count_loop_defs(s, l, 1);
        while (hoist_sweep(s, &loops, l)) {
        }
        count_loop_defs(s, l, -1);   /* back to zero (moved ops took their counts along), per loop, not per register */
    }
}

void pass_licm(Ctx *ctx, IrModule *m)
{
    Licm s = {ctx, NULL, const_globals(ctx, m), NULL, NULL};
    for (int i = 0; i < m->funcs.len; i++) {
        s.f = m->funcs.data[i];
        if (!s.f->generator && s.f->blocks.len > 1) {
            licm_func(&s);
        }
    }
}
