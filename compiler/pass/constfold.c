/* constfold.c - constant folding and propagation.
 * Assumes: the IR as built (before error branches). A register's constant is known in a
 * block after a const or a move of a known constant there, and everywhere when it is a
 * temporary written once by a const.
 * Guarantees: a primitive whose operands are all known becomes a const when the result is
 * what the runtime would compute: ints only within the short range (|v| < 2**62, so a
 * result that would need a PyLong is left to the runtime), Python's floor division and
 * modulo, IEEE doubles as C computes them (infinities and -0.0 kept, a NaN result left to
 * the runtime: the emitter could not keep its sign); an operation
 * that would raise (division by zero) is never folded. A branch on a known bool becomes a
 * goto (dce then drops the dead side). A move of a known constant becomes the const;
 * `x and True` becomes a move of x, `x and False` False (and the same for or). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "pass.h"

typedef struct Val {
    bool known;
    RType rt;       /* RT_INT (short), RT_FLOAT or RT_BOOL */
    int64_t i;
    double d;
    bool b;
} Val;

static Val from_const(const IrFunc *f, const IrOp *op)
{
    Val v = {0};
    const IrConst *k = op->u.konst;
    RType rt = f->regs.data[op->dst].rt;
    if (k->kind == IRC_INT && rt == RT_INT && k->pool_index < 0) {
        v = (Val){.known = true, .rt = RT_INT, .i = strtoll(k->text, NULL, 10)};
    } else if (k->kind == IRC_FLOAT && rt == RT_FLOAT) {
        v = (Val){.known = true, .rt = RT_FLOAT, .d = k->fval};
    } else if (k->kind == IRC_BOOL && rt == RT_BOOL) {
        v = (Val){.known = true, .rt = RT_BOOL, .b = k->bval};
    }
    return v;
}

static bool fits_short(int64_t v)
{
    return v >= -((int64_t)1 << 62) && v < ((int64_t)1 << 62);
}

static Val int_val(int64_t v, bool ok)
{
    return (Val){.known = ok && fits_short(v), .rt = RT_INT, .i = v};
}
static Val bool_val(bool b) { return (Val){.known = true, .rt = RT_BOOL, .b = b}; }
/* A NaN is not folded: its sign bit, which copysign shows, would not survive emission. */
static Val float_val(double d) { return (Val){.known = !isnan(d), .rt = RT_FLOAT, .d = d}; }

/* Python's a // b and a % b (b != 0): the quotient rounds toward minus infinity. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static Val fold_int2(const char *n, int64_t a, int64_t b)
{
    int64_t r = 0;
    bool ok;
    if (!strcmp(n, "int_add")) { ok = !__builtin_add_overflow(a, b, &r); return int_val(r, ok); }
    if (!strcmp(n, "int_sub")) { ok = !__builtin_sub_overflow(a, b, &r); return int_val(r, ok); }
    if (!strcmp(n, "int_mul")) { ok = !__builtin_mul_overflow(a, b, &r); return int_val(r, ok); }
    if (!strcmp(n, "int_floordiv")) return int_val(b ? floor_div(a, b) : 0, b != 0);
    if (!strcmp(n, "int_mod")) return int_val(b ? a - floor_div(a, b) * b : 0, b != 0);
    if (!strcmp(n, "int_and")) return int_val(a & b, true);
    if (!strcmp(n, "int_or")) return int_val(a | b, true);
    if (!strcmp(n, "int_xor")) return int_val(a ^ b, true);
    if (!strcmp(n, "int_eq")) return bool_val(a == b);
    if (!strcmp(n, "int_ne")) return bool_val(a != b);
    if (!strcmp(n, "int_lt")) return bool_val(a < b);
    if (!strcmp(n, "int_le")) return bool_val(a <= b);
    if (!strcmp(n, "int_gt")) return bool_val(a > b);
    if (!strcmp(n, "int_ge")) return bool_val(a >= b);
    return (Val){0};
}

static Val fold_float2(const char *n, double a, double b)
{
    if (!strcmp(n, "float_add")) return float_val(a + b);
    if (!strcmp(n, "float_sub")) return float_val(a - b);
    if (!strcmp(n, "float_mul")) return float_val(a * b);
    if (!strcmp(n, "float_div")) return b != 0.0 ? float_val(a / b) : (Val){0};
    if (!strcmp(n, "float_eq")) return bool_val(a == b);
    if (!strcmp(n, "float_ne")) return bool_val(a != b);
    if (!strcmp(n, "float_lt")) return bool_val(a < b);
    if (!strcmp(n, "float_le")) return bool_val(a <= b);
    if (!strcmp(n, "float_gt")) return bool_val(a > b);
    if (!strcmp(n, "float_ge")) return bool_val(a >= b);
    return (Val){0};
}

static Val fold_bool2(const char *n, bool a, bool b)
{
    if (!strcmp(n, "bool_and")) return bool_val(a && b);
    if (!strcmp(n, "bool_or")) return bool_val(a || b);
    if (!strcmp(n, "bool_xor") || !strcmp(n, "bool_ne")) return bool_val(a != b);
    if (!strcmp(n, "bool_eq")) return bool_val(a == b);
    return (Val){0};
}

static Val fold_unary(const char *n, Val a)
{
    if (a.rt == RT_INT) {
        int64_t tagged = a.i * 2;   /* int_is_small compares the tagged value */
        if (!strcmp(n, "int_neg")) return int_val(-a.i, true);
        if (!strcmp(n, "int_invert")) return int_val(~a.i, true);
        if (!strcmp(n, "int_truth")) return bool_val(a.i != 0);
        if (!strcmp(n, "int_to_float")) return float_val((double)a.i);
        if (!strcmp(n, "int_is_small")) {
            return bool_val(tagged < ((int64_t)1 << 62) && tagged > -((int64_t)1 << 62));
        }
    } else if (a.rt == RT_FLOAT) {
        if (!strcmp(n, "float_neg")) return float_val(-a.d);
        if (!strcmp(n, "float_abs")) return float_val(fabs(a.d));
        if (!strcmp(n, "float_truth")) return bool_val(a.d != 0.0);
    } else if (a.rt == RT_BOOL) {
        if (!strcmp(n, "bool_not")) return bool_val(!a.b);
        if (!strcmp(n, "bool_to_int")) return int_val(a.b, true);
        if (!strcmp(n, "bool_to_float")) return float_val(a.b);
    }
    return (Val){0};
}

static Val fold_prim(const IrOp *op, const Val *vals)
{
    const Prim *p = op->u.prim;
    for (int i = 0; i < op->nargs; i++) {
        if (!vals[op->args[i]].known) {
            return (Val){0};
        }
    }
    Val r = {0};
    if (op->nargs == 1) {
        r = fold_unary(p->name, vals[op->args[0]]);
    } else if (op->nargs == 2) {
        Val a = vals[op->args[0]], b = vals[op->args[1]];
        if (a.rt == RT_INT && b.rt == RT_INT) {
            r = fold_int2(p->name, a.i, b.i);
        } else if (a.rt == RT_FLOAT && b.rt == RT_FLOAT) {
            r = fold_float2(p->name, a.d, b.d);
        } else if (a.rt == RT_BOOL && b.rt == RT_BOOL) {
            r = fold_bool2(p->name, a.b, b.b);
        }
    }
    return r.known && r.rt == p->result ? r : (Val){0};
}

/* x and True, x or False: the op becomes a move of x; x and False, x or True: a const.
 * Returns the operand to move, -1 when nothing applies (*v set for a const). */
static IrReg simplify_bool(const IrOp *op, const Val *vals, Val *v)
{
    bool is_and = pass_prim_is(op, "bool_and"), is_or = pass_prim_is(op, "bool_or");
    if (!is_and && !is_or) {
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        Val k = vals[op->args[i]];
        if (k.known && k.rt == RT_BOOL) {
            if (k.b == is_and) {
                return op->args[1 - i];   /* the identity: the other operand decides */
            }
            *v = bool_val(k.b);           /* the absorbing value */
            return -1;
        }
    }
    return -1;
}

static IrConst *make_const(Ctx *ctx, Val v)
{
    IrConst *k = ARENA_NEW(&ctx->arena, IrConst);
    k->pool_index = -1;
    if (v.rt == RT_INT) {
        k->kind = IRC_INT;
        k->text = arena_printf(&ctx->arena, "%lld", (long long)v.i);
    } else if (v.rt == RT_FLOAT) {
        k->kind = IRC_FLOAT;
        k->fval = v.d;
    } else {
        k->kind = IRC_BOOL;
        k->bval = v.b;
    }
    return k;
}

static void become_const(Ctx *ctx, IrOp *op, Val v)
{
    op->kind = IR_CONST;
    op->nargs = 0;
    op->args = NULL;
    op->u.konst = make_const(ctx, v);
}

/* Folds what blk knows; returns how many ops changed. */
static int fold_block(Ctx *ctx, IrFunc *f, IrBlock *blk, const Val *global, Val *vals)
{
    int changed = 0;   /* vals is global on entry, and again on return */
    for (int j = 0; j < blk->ops.len; j++) {
        IrOp *op = blk->ops.data[j];
        Val v = {0};
        if (op->kind == IR_CONST) {
            v = from_const(f, op);
        } else if (op->kind == IR_MOVE && vals[op->args[0]].known) {
            v = vals[op->args[0]];
            become_const(ctx, op, v);
            changed++;
        } else if (op->kind == IR_PRIM) {
            v = fold_prim(op, vals);
            IrReg same = v.known ? -1 : simplify_bool(op, vals, &v);
            if (v.known) {
                become_const(ctx, op, v);
                changed++;
            } else if (same >= 0) {
                op->kind = IR_MOVE;
                op->args[0] = same;
                op->nargs = 1;
                changed++;
            }
        } else if (op->kind == IR_BRANCH && vals[op->args[0]].known && vals[op->args[0]].rt == RT_BOOL) {
            op->kind = IR_GOTO;
            op->target = vals[op->args[0]].b ? op->target : op->target2;
            op->target2 = NULL;
            op->nargs = 0;
            changed++;
        }
        if (op->dst >= 0) {
            vals[op->dst] = v;
        }
        for (int k = 0; k < op->nouts; k++) {
            vals[op->outs[k]] = (Val){0};
        }
    }
    for (int j = 0; j < blk->ops.len; j++) {   /* not a copy of all: blocks x registers */
        const IrOp *op = blk->ops.data[j];
        if (op->dst >= 0) {
            vals[op->dst] = global[op->dst];
        }
        for (int k = 0; k < op->nouts; k++) {
            vals[op->outs[k]] = global[op->outs[k]];
        }
    }
    return changed;
}

void pass_constfold(Ctx *ctx, IrFunc *f)
{
    int *defs = pass_count_defs(ctx, f);
    Val *global = arena_alloc(&ctx->arena, sizeof(Val) * (size_t)(f->regs.len + 1));
    Val *vals = arena_alloc(&ctx->arena, sizeof(Val) * (size_t)(f->regs.len + 1));
    int changed;
    do {   /* a fold in one block can make a temporary known in the others */
        for (int b = 0; b < f->blocks.len; b++) {
            IrBlock *blk = f->blocks.data[b];
            for (int j = 0; j < blk->ops.len; j++) {
                IrOp *op = blk->ops.data[j];
                if (op->kind == IR_CONST && pass_single_def_temp(f, defs, op->dst)) {
                    global[op->dst] = from_const(f, op);
                }
            }
        }
        changed = 0;
        memcpy(vals, global, sizeof(Val) * (size_t)f->regs.len);
        for (int b = 0; b < f->blocks.len; b++) {
            changed += fold_block(ctx, f, f->blocks.data[b], global, vals);
        }
    } while (changed);
}
