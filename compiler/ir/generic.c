/* generic.c - which ops leave the native path: calls of objects, obj_* operators,
 * name and method lookups, iteration of unknown iterables. `--report` counts them per
 * function (report_generic.c) and `--report=json`'s line map marks their lines.  The
 * slow path of a guard (a direct call's check that the name still holds the compiled
 * function, a speculated loop's class check) does not count: it runs only when the
 * program rebinds the name or the guess fails, and the guard itself is reported. */
#include "ir.h"

#include <string.h>

static bool is_generic_prim(const char *name)
{
    static const char *const generic[] = {"load_name", "load_method", "iter_next", "unpack",
                                          "unpack_star", "call_ex", NULL};
    static const char *const native[] = {"obj_is", "obj_is_none", "obj_is_null", "obj_is_str", "obj_is_exact_int",
                                         "obj_is_exact_float", "obj_is_exact_str", "obj_null", "obj_last_use",
                                         "obj_raise", "obj_raise1", "obj_same", NULL};
    if (strncmp(name, "obj_", 4) == 0) {
        for (int i = 0; native[i]; i++) {
            if (strcmp(name, native[i]) == 0) {
                return false;   /* a pointer test, raising, or rebox's same object: no protocol call */
            }
        }
        return true;
    }
    for (int i = 0; generic[i]; i++) {
        if (strcmp(name, generic[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool ir_op_is_generic(const IrOp *op)
{
    switch (op->kind) {
    case IR_CALL_OBJ: case IR_CALL_METHOD: case IR_CALL_GLOBAL:
        return true;
    case IR_PRIM:
        return is_generic_prim(op->u.prim->name);
    default:
        return false;
    }
}

const char *ir_op_generic_why(const IrOp *op)
{
    switch (op->kind) {
    case IR_CALL_OBJ: return "calls an object through the C API";
    case IR_CALL_METHOD: return "calls a method of an object through the C API";
    case IR_CALL_GLOBAL: return "calls what a global name holds through the C API";
    default: break;
    }
    const char *name = op->u.prim->name;
    if (strcmp(name, "load_name") == 0) {
        return "reads a global or builtin from the module dict";
    } else if (strcmp(name, "load_method") == 0) {
        return "looks up a method on an object";
    } else if (strcmp(name, "iter_next") == 0) {
        return "iterates an object of unknown type";
    } else if (strncmp(name, "unpack", 6) == 0) {
        return "unpacks an object of unknown type";
    }
    return name;   /* obj_add, obj_getattr, ...: the generic operation's name */
}

bool ir_op_is_guard(IrOpKind k)
{
    return k == IR_FUNC_INTACT || k == IR_MEMO_INTACT || k == IR_METHOD_INTACT || k == IR_INIT_INTACT ||
           k == IR_LAYOUT_IS;
}

/* Marks in seen every block reachable from b. */
static void reach(const IrBlock *b, bool *seen)
{
    if (!b || seen[b->id]) {
        return;
    }
    seen[b->id] = true;
    const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
    if (t) {
        reach(t->target, seen);
        reach(t->target2, seen);
    }
}

/* The blocks reachable from a guard's false branch but not from its true one. */
static void mark_slow_path(Arena *a, const IrFunc *f, const IrBlock *guard, bool *fallback)
{
    size_t n = (size_t)f->blocks.len;
    bool *fast = arena_alloc(a, n), *slow = arena_alloc(a, n);
    const IrOp *branch = guard->ops.data[guard->ops.len - 1];
    fast[guard->id] = slow[guard->id] = true;   /* not around a loop back to the guard */
    reach(branch->target, fast);
    reach(branch->target2, slow);
    for (size_t i = 0; i < n; i++) {
        fallback[i] |= slow[i] && !fast[i];
    }
}

/* A str method's speculation (build_str_spec.c) tests for an exact str: the only use of
 * that prim. */
static bool is_guard_op(const IrOp *op)
{
    return ir_op_is_guard(op->kind) || (op->kind == IR_PRIM && op->u.prim->name && strcmp(op->u.prim->name, "obj_is_str") == 0);
}

const IrOp *ir_block_guard(const IrBlock *blk)
{
    const IrOp *t = blk->ops.len ? blk->ops.data[blk->ops.len - 1] : NULL;
    for (int i = 0; t && i + 1 < blk->ops.len; i++) {
        const IrOp *op = blk->ops.data[i];
        if (is_guard_op(op) && t->kind == IR_BRANCH && t->args[0] == op->dst) {
            return op;
        }
    }
    return NULL;
}

bool *ir_guard_slow_blocks(Arena *a, const IrFunc *f)
{
    bool *fallback = arena_alloc(a, (size_t)f->blocks.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        if (ir_block_guard(f->blocks.data[b])) {
            mark_slow_path(a, f, f->blocks.data[b], fallback);
        }
    }
    return fallback;
}
