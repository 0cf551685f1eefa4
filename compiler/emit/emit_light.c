/* emit_light.c - which functions of a module in parts GCC compiles at -O1
 * (PYC2C_LIGHT, runtime/pyc2c_parts.h): those whose run time is in the calls they make
 * into CPython and the runtime, which -O1 makes as well as -O2, so the lighter compile
 * costs no speed (bench/big_modules.md, build14 and build15). Two kinds:
 *   - no loop, no direct call of compiled code, no arithmetic on unboxed values: each op
 *     runs once per call;
 *   - loops, each of which runs, on every trip, an op that calls through Python or makes
 *     an object (a call of a Python object or method, a container, an f-string, a
 *     generic operator) and little arithmetic: a trip costs that op's call into
 *     CPython, next to which the loop's own counting and arithmetic are small. */
#include <string.h>
#include "emit_internal.h"
#include "../ir/prims.h"
#include "../pass/pass.h"

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
    if (op->kind != IR_PRIM || op->u.prim->nargs < 2 || !is_scalar(op->u.prim->result)) {
        return false;
    }
    for (int a = 0; a < op->u.prim->nargs; a++) {
        if (!is_scalar(op->u.prim->args[a])) {
            return false;
        }
    }
    return true;
}

/* Prims that dispatch through CPython's generic protocols (operators, items and
 * attributes of objects), format or join strings, or make containers. Not the
 * accessors (list_get, cast_list, dict_get ...): a typed loop reads items with them at
 * a few instructions each. */
static bool prim_does_generic_work(const char *name)
{
    static const char *const prefixes[] = {"obj_", "fstr_", "seq_slice", "call_", "import_", "class_"};
    static const char *const names[] = {"str_concat", "str_of", "str_of_int", "list_of", "list_repeat",
                                        "list_repeat_r", "list_to_tuple", "join_held", "dict_from_held",
                                        "set_from_held", "memo_apply", "load_name", "unpack", "unpack_star"};
    if (strncmp(name, "obj_is", 6) == 0 || strcmp(name, "obj_truth") == 0 || strcmp(name, "obj_len") == 0
        || strcmp(name, "obj_null") == 0 || strcmp(name, "obj_last_use") == 0) {
        return false;   /* tests of an object, inline or nearly */
    }
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
        if (strncmp(name, prefixes[k], strlen(prefixes[k])) == 0) {
            return true;
        }
    }
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (strcmp(name, names[k]) == 0) {
            return true;
        }
    }
    return false;
}

/* An op that always goes through CPython's generic machinery or makes a new object.
 * Not CALL_GLOBAL: it is the fallback of a direct call, off the hot path. */
static bool does_generic_work(const IrOp *op)
{
    switch (op->kind) {
    case IR_CALL_OBJ:
    case IR_CALL_METHOD:
    case IR_BUILD:
    case IR_PRINT:
    case IR_NEW_INST:
    case IR_EXEC_KEPT:
    case IR_MAKE_FUNC:
    case IR_IMPORT:
        return true;
    case IR_PRIM:
        return prim_does_generic_work(op->u.prim->name);
    default:
        return false;
    }
}

/* Arithmetic or a comparison on unboxed values, unary ones included, or a direct call. */
static bool does_loop_native_work(const IrOp *op)
{
    if (does_native_work(op)) {
        return true;
    }
    return op->kind == IR_PRIM && op->u.prim->nargs == 1 && is_scalar(op->u.prim->result)
           && is_scalar(op->u.prim->args[0]);
}

static bool block_does_generic_work(const IrBlock *blk)
{
    for (int i = 0; i < blk->ops.len; i++) {
        if (does_generic_work(blk->ops.data[i])) {
            return true;
        }
    }
    return false;
}

/* The successors of blk a trip takes when no op fails: an errbranch's error target, a
 * handler entered by unwinding, is no way round the loop but the exceptional one. */
static int normal_succs(const IrBlock *blk, const IrBlock **out)
{
    const IrOp *t = blk->ops.len ? blk->ops.data[blk->ops.len - 1] : NULL;
    int n = 0;
    if (t && (t->kind == IR_GOTO || t->kind == IR_BRANCH) && t->target) {
        out[n++] = t->target;
    }
    if (t && (t->kind == IR_BRANCH || t->kind == IR_ERRBRANCH) && t->target2) {
        out[n++] = t->target2;
    }
    return n;
}

/* Does every trip round l that fails no op pass block skip? (A search from the head
 * for a way back to it that avoids skip.) seen: scratch per block id, all false on entry
 * and on return; queue: room for every block. */
static bool each_trip_passes(const IrFunc *f, const PassLoop *l, int skip, bool *seen, int *queue)
{
    int h = l->head->id, len = 0;
    bool avoided = false;
    if (skip == h) {
        return true;
    }
    queue[len++] = h;
    seen[h] = true;
    for (int at = 0; at < len && !avoided; at++) {
        const IrBlock *succ[2];
        int n = normal_succs(f->blocks.data[queue[at]], succ);
        for (int k = 0; k < n && !avoided; k++) {
            int t = succ[k]->id;
            avoided = t == h;
            if (!avoided && t != skip && !seen[t] && pass_in_loop(l, t)) {
                seen[t] = true;
                queue[len++] = t;
            }
        }
    }
    for (int at = 0; at < len; at++) {
        seen[queue[at]] = false;
    }
    return !avoided;
}

/* A loop's trip is generic work when each trip runs ops of CPython's generic machinery
 * (counted once each, in blocks every trip that fails no op passes) and the loop's
 * native ops (on any path) are at most two per such op, plus the two of its own
 * counting. Not a loop that only stores into a container (an append, a dict store: a
 * few dozen instructions): comprehensions reading fields and items into lists ran 5.6%
 * slower at -O1 (bench/big_modules.md, build15). */
static bool loop_is_generic(const IrFunc *f, const PassLoop *l, bool *seen, int *queue)
{
    int generic = 0, native = 0;
    for (int at = 0; at < l->blocks.len; at++) {
        int b = l->blocks.data[at];
        const IrBlock *blk = f->blocks.data[b];
        bool each_trip = block_does_generic_work(blk) && each_trip_passes(f, l, b, seen, queue);
        for (int i = 0; i < blk->ops.len; i++) {
            generic += each_trip && does_generic_work(blk->ops.data[i]);
            native += does_loop_native_work(blk->ops.data[i]);
        }
    }
    return generic > 0 && native <= 2 * generic + 2;
}

/* Is every loop of f generic work? (false without loops) */
static bool loops_are_generic(Ctx *ctx, const IrFunc *f)
{
    for (int b = 0; b < f->blocks.len; b++) {
        if (f->blocks.data[b]->id != b) {
            return false;   /* loops.c wants ids as indices */
        }
    }
    PassLoopVec loops = pass_find_loops(ctx, (IrFunc *)f);
    bool *seen = arena_alloc(&ctx->arena, (size_t)f->blocks.len + 1);
    int *queue = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(f->blocks.len + 1));
    for (int k = 0; k < loops.len; k++) {
        if (!loop_is_generic(f, &loops.data[k], seen, queue)) {
            return false;
        }
    }
    return loops.len > 0;
}

static bool body_is_light(Ctx *ctx, const IrFunc *f)
{
    if (f->is_module_init || f->generator || f->inline_body || f->chain_depth || f->i64_copy || f->copy_of) {
        return false;
    }
    if (emit_has_interrupt_checks(f)) {
        return loops_are_generic(ctx, f);
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
        E->light[i] = body_is_light(E->ctx, E->m->funcs.data[i]);
    }
}

/* Leaf and profiled signatures keep the module's level. */
bool emit_is_light(const Emitter *E, const IrFunc *f)
{
    return E->light && E->light[f->index] && !E->leaf_sig && !E->profiled_body;
}
