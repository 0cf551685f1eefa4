/* emit_light.c - which functions of a module in parts GCC compiles at -O1
 * (PYC2C_LIGHT, runtime/pyc2c_parts.h): those with no loop, no direct call of compiled
 * code and no arithmetic on unboxed values. Each op runs once per call and the time is
 * in the calls into CPython and the runtime.
 * Not functions with loops, even loops whose every trip calls through Python or formats
 * strings: -O1 calls the small helpers -O2 inlines (Py_DECREF, Pyc2cInt_DECREF, the
 * unboxing fast path; GCC inlines a callee of the TU's -O2 into an -O1 caller only when
 * it is very cheap), and such loops measured 1-2% slower on bench/user programs
 * (csv_report, dataclass_sim) for -2.5% of a part's cc1 (bench/big_modules.md, build15). */
#include "emit_internal.h"
#include "../ir/prims.h"

static bool is_scalar(RType t)
{
    return t == RT_INT || t == RT_FLOAT || t == RT_BOOL || t == RT_I64 || t == RT_I32;
}

/* Work the C compiler's optimization pays for at run time: arithmetic or comparison on
 * unboxed values, or a direct call of a compiled function (vtables included: hot
 * methods such as bench/programs/richards.py's and raytrace.py's Vector ops). */
static bool does_native_work(const IrOp *op)
{
    if (op->kind == IR_CALL || op->kind == IR_MEMO_CALL || op->kind == IR_CALL_VTABLE) {
        return true;
    }
    /* a value given through an out-register (pass/floatout.c) is the op's value */
    if (op->kind != IR_PRIM || op->u.prim->nargs < 2 ||
        !is_scalar(op->u.prim->out != RT_VOID ? op->u.prim->out : op->u.prim->result)) {
        return false;
    }
    for (int a = 0; a < op->u.prim->nargs; a++) {
        if (!is_scalar(op->u.prim->args[a])) {
            return false;
        }
    }
    return true;
}

static bool body_is_light(const IrFunc *f)
{
    if (f->is_module_init || f->generator || f->inline_body || f->chain_depth || f->i64_copy || f->copy_of || f->bvec_of
        || emit_has_interrupt_checks(f)) {
        return false;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            if (does_native_work(blk->ops.data[i])) {
                return false;
            }
        }
    }
    return true;
}

void emit_light_plan(Emitter *E)
{
    if (E->nparts <= 1) {   /* one-part modules: run time first (richards +16% at -O1) */
        return;
    }
    E->light = arena_alloc(&E->ctx->arena, sizeof(bool) * (size_t)(E->m->funcs.len + 1));
    for (int i = 0; i < E->m->funcs.len; i++) {
        E->light[i] = body_is_light(E->m->funcs.data[i]);
    }
}

/* Leaf and profiled signatures keep the module's level. */
bool emit_is_light(const Emitter *E, const IrFunc *f)
{
    return E->light && E->light[f->index] && !E->leaf_sig && !E->profiled_body;
}
