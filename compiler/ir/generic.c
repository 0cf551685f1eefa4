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
    static const char *const native[] = {"obj_is", "obj_is_none", "obj_is_null", "obj_is_str", "obj_is_dict", "obj_is_exact_int",
                                         "obj_is_exact_float", "obj_is_exact_str", "obj_null", "obj_last_use",
                                         "obj_raise", "obj_raise1", "obj_same",
                                         "obj_loop_src", NULL};   /* a guard's source: reported with the guard */
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
    case IR_CALL_OBJ:   /* a NamedTuple made: the instance allocated without its __new__ */
        return !op->u.call_obj.fast || strcmp(op->u.call_obj.fast, "namedtuple") != 0;
    case IR_CALL_METHOD: case IR_CALL_GLOBAL:
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

/* Marks in seen every block reachable from b (seen[stop] set: not passed). */
static void reach(Arena *a, const IrFunc *f, const IrBlock *b, bool *seen)
{
    if (!b || seen[b->id]) {
        return;
    }
    int *stack = arena_alloc(a, sizeof(int) * (size_t)(f->blocks.len + 1)), sp = 0;
    seen[b->id] = true;
    stack[sp++] = b->id;
    while (sp > 0) {
        const IrBlock *x = f->blocks.data[stack[--sp]];
        const IrOp *t = x->ops.len ? x->ops.data[x->ops.len - 1] : NULL;
        for (int k = 0; t && k < 2; k++) {
            const IrBlock *s = k == 0 ? t->target : t->target2;
            if (s && !seen[s->id]) {
                seen[s->id] = true;
                stack[sp++] = s->id;
            }
        }
    }
}

/* The blocks reachable from a guard's false branch but not from its true one (the
 * general case: time and memory in the function's size, for each such guard). */
static void mark_slow_path(Arena *a, const IrFunc *f, const IrBlock *guard, bool *fallback)
{
    size_t n = (size_t)f->blocks.len;
    bool *fast = arena_alloc(a, n), *slow = arena_alloc(a, n);
    const IrOp *branch = guard->ops.data[guard->ops.len - 1];
    fast[guard->id] = slow[guard->id] = true;   /* not around a loop back to the guard */
    reach(a, f, branch->target, fast);
    reach(a, f, branch->target2, slow);
    for (size_t i = 0; i < n; i++) {
        fallback[i] |= slow[i] && !fast[i];
    }
}

/* A str method's speculation (build_str_spec.c) tests for an exact str, a dict method's
 * for an exact dict: the only uses of those prims; a loop over a dict or set (build_loops.c next_table) walks the table of an
 * exact one, and iterates a subclass on its false side; `a, b, c = s.partition(sep)`
 * (build_idioms.c) calls a subclass's method and unpacks its tuple on its false side;
 * `a, b = s.split(sep)` (build_split_pair.c) makes the call and unpacks it on its false side. */
static bool is_guard_op(const IrOp *op)
{
    if (ir_op_is_guard(op->kind)) {
        return true;
    }
    const char *name = op->kind == IR_PRIM ? op->u.prim->name : NULL;
    return name && (strcmp(name, "obj_is_str") == 0 || strcmp(name, "obj_is_dict") == 0 ||
                    strcmp(name, "loop_is_native") == 0 ||
                    strcmp(name, "partition_native") == 0 || strcmp(name, "split_native") == 0 ||
                    strcmp(name, "any_split_native") == 0 || strcmp(name, "objs_are_exact_ints") == 0);
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

/* ---- dominators (Cooper, Harvey, Kennedy), over branch and goto edges ---- */

typedef struct Cfg {
    int n, nrpo;
    int *order, *rpo_index;   /* reverse postorder from the entry; -1: not reached */
    int *pred_at, *preds;     /* b's predecessors: preds[pred_at[b] .. pred_at[b + 1]) */
    int *idom;
} Cfg;

static const IrBlock *succ(const IrBlock *b, int k)
{
    const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
    return !t ? NULL : k == 0 ? t->target : t->target2;
}

static void rpo(Arena *a, const IrFunc *f, Cfg *g)
{
    int n = g->n, done = 0, sp = 0;
    int *stack = arena_alloc(a, sizeof(int) * (size_t)(n + 1)), *next = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    char *seen = arena_alloc(a, (size_t)n + 1);
    g->order = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    g->rpo_index = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    stack[sp++] = 0;
    seen[0] = 1;
    while (sp > 0) {
        int b = stack[sp - 1];
        const IrBlock *s = next[b] < 2 ? succ(f->blocks.data[b], next[b]++) : NULL;
        if (s && !seen[s->id]) {
            seen[s->id] = 1;
            stack[sp++] = s->id;
        } else if (next[b] >= 2) {
            g->order[n - 1 - done++] = b;   /* postorder, filled from the back */
            sp--;
        }
    }
    memmove(g->order, g->order + (n - done), sizeof(int) * (size_t)done);
    g->nrpo = done;
    for (int i = 0; i < n; i++) {
        g->rpo_index[i] = -1;
    }
    for (int i = 0; i < done; i++) {
        g->rpo_index[g->order[i]] = i;
    }
}

static void preds(Arena *a, const IrFunc *f, Cfg *g)
{
    g->pred_at = arena_alloc(a, sizeof(int) * (size_t)(g->n + 2));
    for (int pass = 0; pass < 2; pass++) {
        for (int b = 0; b < g->n; b++) {
            for (int k = 0; k < 2; k++) {
                const IrBlock *s = succ(f->blocks.data[b], k);
                if (s && pass == 0) {
                    g->pred_at[s->id + 2]++;
                } else if (s) {
                    g->preds[g->pred_at[s->id + 1]++] = b;
                }
            }
        }
        if (pass == 0) {
            for (int i = 2; i <= g->n + 1; i++) {
                g->pred_at[i] += g->pred_at[i - 1];
            }
            g->preds = arena_alloc(a, sizeof(int) * (size_t)(g->pred_at[g->n + 1] + 1));
        }
    }
}

static int intersect(const Cfg *g, int x, int y)
{
    while (x != y) {
        while (g->rpo_index[x] > g->rpo_index[y]) {
            x = g->idom[x];
        }
        while (g->rpo_index[y] > g->rpo_index[x]) {
            y = g->idom[y];
        }
    }
    return x;
}

static Cfg dominators(Arena *a, const IrFunc *f)
{
    Cfg g = {.n = f->blocks.len};
    rpo(a, f, &g);
    preds(a, f, &g);
    g.idom = arena_alloc(a, sizeof(int) * (size_t)(g.n + 1));
    for (int i = 0; i < g.n; i++) {
        g.idom[i] = -1;
    }
    g.idom[0] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 1; i < g.nrpo; i++) {
            int b = g.order[i], d = -1;
            for (int k = g.pred_at[b]; k < g.pred_at[b + 1]; k++) {
                int q = g.preds[k];
                if (g.idom[q] >= 0) {
                    d = d < 0 ? q : intersect(&g, q, d);
                }
            }
            if (d != g.idom[b]) {
                g.idom[b] = d;
                changed = true;
            }
        }
    }
    return g;
}

/* The slow paths of all guards. A guard's false target entered only from the guard
 * (as the builder makes it) starts a slow path of exactly the blocks it dominates
 * (those are unreachable from the true target without passing the guard, and the
 * blocks it does not dominate are reachable some other way, which a structured
 * slow path's blocks are not); one walk in reverse postorder marks them all, so a
 * module body of 20,000 guarded calls costs its size, not its size squared. Other
 * guards take the general walk. */
/* The op of blk writing r, or NULL. */
static const IrOp *block_def(const IrBlock *blk, IrReg r)
{
    for (int i = 0; i < blk->ops.len; i++) {
        if (blk->ops.data[i]->dst == r) {
            return blk->ops.data[i];
        }
    }
    return NULL;
}

/* Does blk end in the branch on a vtable entry found (build_vtable.c), whose false side
 * is the call by name a chain of METHOD_INTACT guards would fall back to? */
static bool ends_in_vtable_branch(const IrBlock *blk)
{
    const IrOp *t = blk->ops.len ? blk->ops.data[blk->ops.len - 1] : NULL;
    const IrOp *truth = t && t->kind == IR_BRANCH ? block_def(blk, t->args[0]) : NULL;
    const IrOp *found = truth && truth->kind == IR_PRIM && truth->nargs == 1 ? block_def(blk, truth->args[0]) : NULL;
    return found && found->kind == IR_VTABLE_ENTRY;
}

/* Is b a guard's block whose false side (only) goes to s? */
static bool guard_false_edge(const IrFunc *f, int b, int s)
{
    const IrBlock *blk = f->blocks.data[b];
    if (!ir_block_guard(blk) && !ends_in_vtable_branch(blk)) {
        return false;
    }
    const IrOp *branch = blk->ops.data[blk->ops.len - 1];
    return branch->target2->id == s && branch->target->id != s;
}

/* Is every way into s the false side of a guard (a chain of guards, as o.p over several
 * getters, failing into one generic path)? */
static bool only_guard_false_edges(const IrFunc *f, const Cfg *g, int s)
{
    for (int k = g->pred_at[s]; k < g->pred_at[s + 1]; k++) {
        if (!guard_false_edge(f, g->preds[k], s)) {
            return false;
        }
    }
    return g->pred_at[s + 1] > g->pred_at[s];
}

bool *ir_guard_slow_blocks(Arena *a, const IrFunc *f)
{
    bool *fallback = arena_alloc(a, (size_t)f->blocks.len + 1);
    bool *starts = arena_alloc(a, (size_t)f->blocks.len + 1);
    Cfg g = dominators(a, f);
    for (int b = 0; b < f->blocks.len; b++) {
        if (!ir_block_guard(f->blocks.data[b]) && !ends_in_vtable_branch(f->blocks.data[b])) {
            continue;
        }
        const IrOp *branch = f->blocks.data[b]->ops.data[f->blocks.data[b]->ops.len - 1];
        int s = branch->target2->id;
        if (branch->target != branch->target2 && g.rpo_index[b] >= 0 && only_guard_false_edges(f, &g, s)) {
            starts[s] = true;
        } else {
            mark_slow_path(a, f, f->blocks.data[b], fallback);
        }
    }
    for (int i = 1; i < g.nrpo; i++) {
        int b = g.order[i];
        fallback[b] |= starts[b] || fallback[g.idom[b]];
    }
    return fallback;
}
