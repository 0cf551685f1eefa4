/* guards.c - guard reuse: a func_intact check repeats an earlier one when nothing between
 * them can have changed the module's globals.
 *
 * A `%g = func_intact f` result stays valid while only "clean" code runs after it: consts,
 * moves, value-only primitives (int, float, bool arithmetic and stack checks) over unboxed
 * registers, and direct calls of clean functions. Clean code runs no Python code, so
 * nothing in it can rebind a module global: it holds no object whose release could run a
 * __del__, and makes no call that could reach Python code. A function is clean when all
 * the code it can run while its own checks pass is clean; this is solved as a greatest
 * fixpoint over the module, so a recursive function like fib is clean. On the false side
 * of a check its result may be reused for ever: false leads to the generic call by name,
 * right whatever the globals hold.
 *
 * Assumes: the IR as built (before error branches and refcounts); a check's result is a
 * temporary written once. Accepted limit: before 3.12 an int allocation in clean code can
 * start a garbage collection, whose finalizers are Python code; a finalizer that rebinds
 * the function being called is not seen until the next check not reused.
 * A call of a clean function that checks its own name keeps the states only where that
 * check is known to have passed (the call is then native).
 * A loop's back-edge (or a strip's refill) runs check_interrupts (interrupts.c, run
 * before this pass): signal handlers and other threads may run Python code there, so
 * each check still tracked is made again right after it, into its own register; a loop
 * of clean code (the slow paths of failed checks aside) that checks a callee is given
 * that check in its preheader (loops.c), so the checks inside become moves and the loop
 * checks once per strip instead of once per iteration (whilestrip.c carries the checks
 * made again to its own strip checks).
 * A copy made by selfcall.c (IrFunc.copy_of) is entered only right after its original's
 * name was found intact: it starts knowing that check true (a `const True` made at its
 * entry), its own calls count as the original's, and the branches on checks reusing it
 * fold (constfold.c, cfg.c, run on the copy here).
 * Guarantees: every reused check is replaced by a move of the earlier result; checks on
 * other paths and in loops of unclean code stay. */
#include <string.h>
#include "pass.h"

/* What one path knows of the last check of one callee. */
typedef enum GuardKind { G_NONE, G_MAYBE, G_TRUE, G_FALSE, G_TOP } GuardKind;
typedef struct Guard {
    GuardKind kind;   /* G_MAYBE: reg true implies intact; G_TRUE: reg is true and intact;
                       * G_FALSE: reg is false (reusable whatever ran since) */
    IrReg reg;
    IrReg alias;      /* a later check turned into a move of reg, or -1 */
} Guard;

typedef VEC(IrOp *) OpVec;

typedef struct Guards {
    Ctx *ctx;
    IrModule *m;
    bool *clean;        /* per function: runs only clean code when its name is intact on entry */
    bool *self_checks;  /* per function: checks its own name */
    int *slot;          /* per function: its slot in the function being rewritten, or -1 */
    int nslots;
    const int *defs;
    OpVec keeping;      /* the interrupt checks whose innermost loop is clean: the checks
                         * still tracked there are made again after them */
    IrReg entry_true;   /* a copy's `const True` standing for its caller's check, or -1 */
    bool **item_reads;  /* per function: per register, an item carried to a float unbox */
} Guards;

/* The function whose name f's own checks test: f, or the original of a copy. */
static const IrFunc *name_of(const IrFunc *f)
{
    return f->copy_of ? f->copy_of : f;
}

static bool prim_clean(const IrOp *op)
{
    static const char *const prefixes[] = {"int_", "float_", "bool_", "i64_", "i32_", "range_", "stack_check", "stack_probe",
                                           "strip_ticks", NULL};
    return pass_prim_prefixed(op, prefixes);
}

/* Per register of f: an object temporary that only carries a list's item to the
 * float_unbox right after its list_get (xs[i] where a float is wanted; floatload.c makes
 * the pair one op later). Neither runs Python code (the unbox reads a float, an int's
 * value, or raises TypeError) and the item's release frees nothing: the list still
 * holds it. */
static bool *find_item_reads(Ctx *ctx, const IrFunc *f)
{
    bool *reads = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)(f->regs.len + 1));
    int *uses = pass_count_uses(ctx, f), *defs = pass_count_defs(ctx, f);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j + 1 < blk->ops.len; j++) {
            const IrOp *get = blk->ops.data[j], *unbox = blk->ops.data[j + 1];
            if (pass_prim_is(get, "list_get") && get->dst >= 0 && pass_prim_is(unbox, "float_unbox") &&
                unbox->args[0] == get->dst && uses[get->dst] == 1 && defs[get->dst] == 1 &&
                !f->regs.data[get->dst].name && pass_reg_unboxed(f, get->args[1])) {
                reads[get->dst] = true;
            }
        }
    }
    return reads;
}

static bool item_read(const bool *reads, const IrOp *op)
{
    return reads && ((pass_prim_is(op, "list_get") && op->dst >= 0 && reads[op->dst]) ||
                     (pass_prim_is(op, "float_unbox") && reads[op->args[0]]));
}

/* Clean apart from calls: runs no Python code and releases no object. */
static bool op_clean_local(const Guards *g, const IrFunc *f, const IrOp *op)
{
    if (item_read(g->item_reads[f->index], op)) {
        return true;
    }
    if (!pass_operands_unboxed(f, op)) {
        return false;
    }
    if (op->dst >= 0 && !pass_reg_unboxed(f, op->dst) && op->kind != IR_CONST) {
        return false;   /* a constant object is kept alive by the module: never freed */
    }
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_FUNC_INTACT: case IR_LOAD_GLOBAL: case IR_CALL:
    case IR_GOTO: case IR_BRANCH: case IR_RETURN: case IR_RETURN_ERROR: case IR_TRACEBACK:
        return true;
    case IR_PRIM:
        return prim_clean(op);
    default:
        return false;
    }
}

/* ---- which functions are clean: a greatest fixpoint over the module ---- */

static const IrOp *def_of(const IrFunc *f, IrReg r)
{
    for (int i = 0; i < f->blocks.len; i++) {
        const IrBlock *b = f->blocks.data[i];
        for (int j = 0; j < b->ops.len; j++) {
            if (b->ops.data[j]->dst == r) {
                return b->ops.data[j];
            }
        }
    }
    return NULL;
}

/* A branch on a check of f itself: while f is intact only its true side runs. */
static bool self_check_branch(const IrFunc *f, const IrOp *t)
{
    if (t->kind != IR_BRANCH) {
        return false;
    }
    const IrOp *d = def_of(f, t->args[0]);
    return d && d->kind == IR_FUNC_INTACT && d->u.callee == name_of(f);
}

static bool walk_clean(const Guards *g, const IrFunc *f, IrBlock *b, bool *seen)
{
    while (b && !seen[b->id]) {
        seen[b->id] = true;
        for (int j = 0; j < b->ops.len; j++) {
            const IrOp *op = b->ops.data[j];
            if (!op_clean_local(g, f, op)) {
                return false;
            }
            if (op->kind == IR_CALL && name_of(op->u.callee) != name_of(f) &&
                (!g->clean[op->u.callee->index] || g->self_checks[op->u.callee->index])) {
                return false;
            }
        }
        const IrOp *t = b->ops.data[b->ops.len - 1];
        if (!walk_clean(g, f, b->unwind, seen)) {
            return false;
        }
        if (!self_check_branch(f, t) && !walk_clean(g, f, t->target2, seen)) {
            return false;
        }
        b = t->target;
    }
    return true;
}

static void find_clean(Guards *g)
{
    IrModule *m = g->m;
    for (int i = 0; i < m->funcs.len; i++) {
        IrFunc *f = m->funcs.data[i];
        g->clean[i] = !f->is_module_init;
        for (int b = 0; b < f->blocks.len; b++) {
            for (int j = 0; j < f->blocks.data[b]->ops.len; j++) {
                const IrOp *op = f->blocks.data[b]->ops.data[j];
                g->self_checks[i] |= op->kind == IR_FUNC_INTACT && op->u.callee == name_of(f);
            }
        }
    }
    bool changed = true;
    while (changed) {
        changed = false;
        for (int i = 0; i < m->funcs.len; i++) {
            IrFunc *f = m->funcs.data[i];
            bool *seen = arena_alloc(&g->ctx->arena, sizeof(bool) * (size_t)(f->blocks.len + 1));
            if (g->clean[i] && !walk_clean(g, f, f->blocks.data[0], seen)) {
                g->clean[i] = false;
                changed = true;
            }
        }
    }
}

/* ---- forward dataflow in one function: which checks are still good ---- */

static Guard meet1(Guard a, Guard b)
{
    if (a.kind == G_TOP) return b;
    if (b.kind == G_TOP) return a;
    if (a.kind == G_NONE || b.kind == G_NONE || a.reg != b.reg) return (Guard){G_NONE, -1, -1};
    IrReg alias = a.alias == b.alias ? a.alias : -1;
    return (Guard){a.kind == b.kind ? a.kind : G_MAYBE, a.reg, alias};
}

/* Code that may have run Python: only false results stay good. */
static void kill_all(Guards *g, Guard *st)
{
    for (int s = 0; s < g->nslots; s++) {
        if (st[s].kind != G_FALSE) {
            st[s] = (Guard){G_NONE, -1, -1};
        }
    }
}

static bool call_clean(Guards *g, const IrOp *op, const Guard *st)
{
    int c = op->u.callee->index, s = g->slot[name_of(op->u.callee)->index];
    if (!g->clean[c]) {
        return false;
    }
    return !g->self_checks[c] || (s >= 0 && st[s].kind == G_TRUE);
}

/* After an interrupt check (signal handlers, other threads: any Python code), each check
 * still tracked is made again into its own register (with rewrite: the ops appended to
 * out), so that a loop keeps one register for it round its back-edge. */
static void recheck_after_interrupts(Guards *g, IrFunc *f, IrOp *op, Guard *st, OpVec *out)
{
    bool keep = false;
    for (int i = 0; i < g->keeping.len && !keep; i++) {
        keep = g->keeping.data[i] == op;
    }
    if (!keep) {
        kill_all(g, st);   /* elsewhere a check made there would mostly die unused */
        return;
    }
    for (int c = 0; c < g->m->funcs.len; c++) {
        int s = g->slot[c];
        if (s < 0 || st[s].kind == G_FALSE || st[s].kind == G_NONE || st[s].kind == G_TOP) {
            continue;
        }
        if (out) {
            IrOp *check = ir_new_op(g->ctx, IR_FUNC_INTACT, op->line, st[s].reg, 0);
            check->u.callee = g->m->funcs.data[c];
            vec_push(&g->ctx->arena, out, check);
        }
        st[s] = (Guard){G_MAYBE, st[s].reg, -1};
    }
    (void)f;
}

/* Runs op over st; with rewrite, replaces a check whose result is known by a move. */
static void step(Guards *g, IrFunc *f, IrOp *op, Guard *st, bool rewrite)
{
    if (op->kind == IR_FUNC_INTACT) {
        int s = g->slot[op->u.callee->index];
        if (st[s].kind != G_NONE && st[s].kind != G_TOP) {
            if (pass_single_def_temp(f, g->defs, op->dst)) {
                st[s].alias = op->dst;   /* branches on the copy tell the value too */
            }
            if (!rewrite) {
                return;
            }
            op->kind = IR_MOVE;
            op->nargs = 1;
            op->args = arena_alloc(&g->ctx->arena, sizeof(IrReg));
            op->args[0] = st[s].reg;
            return;   /* the move's register is not tracked: later checks use the first */
        }
        if (pass_single_def_temp(f, g->defs, op->dst)) {
            st[s] = (Guard){G_MAYBE, op->dst, -1};
        }
        return;
    }
    if (op->kind == IR_CALL ? !call_clean(g, op, st) : !op_clean_local(g, f, op)) {
        kill_all(g, st);
    }
}

/* The state along the edge to succ: a branch on a check tells its value. */
static void edge_state(Guards *g, const IrOp *t, const IrBlock *succ, const Guard *st, Guard *out)
{
    memcpy(out, st, sizeof(Guard) * (size_t)g->nslots);
    if (t->kind != IR_BRANCH || t->target == t->target2) {
        return;
    }
    for (int s = 0; s < g->nslots; s++) {
        if ((out[s].reg == t->args[0] || out[s].alias == t->args[0]) && out[s].kind != G_NONE) {
            out[s].kind = succ == t->target ? G_TRUE : G_FALSE;
        }
    }
}

static Guard *state_new(Guards *g, GuardKind k)
{
    Guard *st = arena_alloc(&g->ctx->arena, sizeof(Guard) * (size_t)(g->nslots + 1));
    for (int s = 0; s < g->nslots; s++) {
        st[s] = (Guard){k, -1, -1};
    }
    return st;
}

/* Meets src into dst; true when dst changed. */
static bool meet_into(Guards *g, Guard *dst, const Guard *src)
{
    bool changed = false;
    for (int s = 0; s < g->nslots; s++) {
        Guard n = meet1(dst[s], src[s]);
        changed |= n.kind != dst[s].kind || n.reg != dst[s].reg || n.alias != dst[s].alias;
        dst[s] = n;
    }
    return changed;
}

static bool find_slots(Guards *g, IrFunc *f)
{
    g->nslots = 0;
    for (int i = 0; i < g->m->funcs.len; i++) {
        g->slot[i] = -1;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        for (int j = 0; j < f->blocks.data[b]->ops.len; j++) {
            const IrOp *op = f->blocks.data[b]->ops.data[j];
            if (op->kind == IR_FUNC_INTACT && g->slot[op->u.callee->index] < 0) {
                g->slot[op->u.callee->index] = g->nslots++;
            }
        }
    }
    return g->nslots > 0;
}

/* Block entry states to a fixpoint: entry and handlers know nothing. */
static Guard **solve(Guards *g, IrFunc *f)
{
    int n = f->blocks.len;
    Guard **in = arena_alloc(&g->ctx->arena, sizeof(Guard *) * (size_t)n);
    for (int b = 0; b < n; b++) {
        in[b] = state_new(g, G_TOP);
    }
    in[0] = state_new(g, G_NONE);
    if (g->entry_true >= 0) {
        in[0][g->slot[f->copy_of->index]] = (Guard){G_TRUE, g->entry_true, -1};   /* the caller's check */
    }
    for (int b = 0; b < n; b++) {
        if (f->blocks.data[b]->unwind) {
            in[f->blocks.data[b]->unwind->id] = state_new(g, G_NONE);
        }
    }
    Guard *cur = state_new(g, G_NONE), *edge = state_new(g, G_NONE);
    bool changed = true;
    while (changed) {
        changed = false;
        for (int b = 0; b < n; b++) {
            IrBlock *blk = f->blocks.data[b];
            if (in[b][0].kind == G_TOP) {
                continue;   /* not reached yet */
            }
            memcpy(cur, in[b], sizeof(Guard) * (size_t)g->nslots);
            for (int j = 0; j < blk->ops.len; j++) {
                if (pass_is_interrupt_check(blk->ops.data[j])) {
                    recheck_after_interrupts(g, f, blk->ops.data[j], cur, NULL);
                } else {
                    step(g, f, blk->ops.data[j], cur, false);
                }
            }
            const IrOp *t = blk->ops.data[blk->ops.len - 1];
            IrBlock *succ[2] = {t->target, t->target2};
            for (int k = 0; k < 2; k++) {
                if (succ[k]) {
                    edge_state(g, t, succ[k], cur, edge);
                    changed |= meet_into(g, in[succ[k]->id], edge);
                }
            }
        }
    }
    return in;
}

/* A loop of clean code (interrupt checks, and the slow paths of failed checks, aside)
 * that checks a callee's name is given the check in its preheader too, so that the
 * checks inside reuse it (and the interrupt checks make it again). */
static void check_before_loops(Guards *g, IrFunc *f)
{
    if (f->generator) {
        return;
    }
    PassLoopVec loops = pass_find_loops(g->ctx, f);
    bool *slow = ir_guard_slow_blocks(&g->ctx->arena, f);   /* a false check's path: G_FALSE */
    int nblocks = f->blocks.len;
    for (int i = 0; i < loops.len; i++) {
        PassLoop *l = &loops.data[i];
        VEC(IrFunc *) callees = {0};
        bool clean = true;
        for (int at = 0; at < l->blocks.len && clean; at++) {
            int b = l->blocks.data[at];
            const IrBlock *blk = f->blocks.data[b];
            for (int j = 0; b < nblocks && !slow[b] && j < blk->ops.len && clean; j++) {
                const IrOp *op = blk->ops.data[j];
                if (op->kind == IR_FUNC_INTACT) {
                    vec_push(&g->ctx->arena, &callees, op->u.callee);
                } else if (op->kind == IR_CALL) {
                    clean = name_of(op->u.callee) == name_of(f) || (g->clean[op->u.callee->index] &&
                                                  !g->self_checks[op->u.callee->index]);
                } else {
                    clean = op_clean_local(g, f, op) || pass_is_interrupt_check(op);
                }
            }
        }
        for (int at = 0; at < l->blocks.len && clean; at++) {   /* the checks whose innermost loop is l */
            int b = l->blocks.data[at];
            const IrBlock *blk = f->blocks.data[b];
            bool inner = b < nblocks && pass_innermost_loop(&loops, b) == l;
            for (int j = 0; inner && j < blk->ops.len; j++) {
                if (pass_is_interrupt_check(blk->ops.data[j])) {
                    vec_push(&g->ctx->arena, &g->keeping, blk->ops.data[j]);
                }
            }
        }
        IrBlock *pre = clean && callees.len ? pass_loop_preheader(g->ctx, f, &loops, l) : NULL;
        for (int k = 0; pre && k < callees.len; k++) {
            IrOp *check = ir_new_op(g->ctx, IR_FUNC_INTACT, pre->ops.data[0]->line,
                                    ir_new_reg(g->ctx, f, RT_BOOL, NULL), 0);
            check->u.callee = callees.data[k];
            IrOp *go = pre->ops.data[pre->ops.len - 1];
            pre->ops.data[pre->ops.len - 1] = check;
            vec_push(&g->ctx->arena, &pre->ops, go);
        }
    }
}

static void rewrite(Guards *g, IrFunc *f)
{
    g->keeping.len = 0;
    check_before_loops(g, f);
    if (!find_slots(g, f)) {
        return;
    }
    g->entry_true = -1;
    if (f->copy_of && g->slot[f->copy_of->index] >= 0) {   /* a copy: its caller checked */
        IrBlock *entry = f->blocks.data[0];
        IrOp *k = ir_new_op(g->ctx, IR_CONST, entry->ops.data[0]->line, ir_new_reg(g->ctx, f, RT_BOOL, NULL), 0);
        k->u.konst = ARENA_NEW(&g->ctx->arena, IrConst);
        k->u.konst->kind = IRC_BOOL;
        k->u.konst->bval = true;
        k->u.konst->pool_index = -1;
        vec_push(&g->ctx->arena, &entry->ops, k);
        memmove(entry->ops.data + 1, entry->ops.data, sizeof(IrOp *) * (size_t)(entry->ops.len - 1));
        entry->ops.data[0] = k;
        g->entry_true = k->dst;
    }
    g->defs = pass_count_defs(g->ctx, f);
    Guard **in = solve(g, f);
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        if (in[b][0].kind == G_TOP) {
            continue;
        }
        OpVec out = {0};
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            vec_push(&g->ctx->arena, &out, op);
            if (pass_is_interrupt_check(op)) {
                recheck_after_interrupts(g, f, op, in[b], &out);
            } else {
                step(g, f, op, in[b], true);
            }
        }
        blk->ops.data = out.data;
        blk->ops.len = out.len;
        blk->ops.cap = out.cap;
    }
}

void pass_guards(Ctx *ctx, IrModule *m)
{
    int n = m->funcs.len;
    Guards g = {ctx, m, NULL, NULL, NULL, 0, NULL, {0}, -1, NULL};
    g.clean = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)(n + 1));
    g.self_checks = arena_alloc(&ctx->arena, sizeof(bool) * (size_t)(n + 1));
    g.slot = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(n + 1));
    g.item_reads = arena_alloc(&ctx->arena, sizeof(bool *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        g.item_reads[i] = m->funcs.data[i]->generator ? NULL : find_item_reads(ctx, m->funcs.data[i]);
    }
    find_clean(&g);
    for (int i = 0; i < n; i++) {
        rewrite(&g, m->funcs.data[i]);
        if (m->funcs.data[i]->copy_of) {   /* fold the branches on checks known true */
            pass_constfold(ctx, m->funcs.data[i]);
            pass_cfg(ctx, m->funcs.data[i]);
        }
    }
}
