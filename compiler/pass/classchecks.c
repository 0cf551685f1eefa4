/* classchecks.c - class checks hoisted: field loads and stores and method lookups on one
 * object share a single check of its class, made where the first of them runs, for as
 * long as nothing in between can have changed that class (issue 17's guard hoisting,
 * for native instances).
 *
 * Every FIELD_GET, FIELD_SET and METHOD_DEF on an object o of native class C checks that
 * o's class is C or a native subclass, as made and unchanged (its version tag). Here each
 * (o, C) pair gets one i64 register K, written by `K = class_of o` (the class record, or 0)
 * and given to the ops as a last operand: they use the layout while K is nonzero and the
 * attribute protocol (always right) while it is 0.
 *
 * K stays valid while only clean code runs: consts, moves, value-only primitives, list and
 * tuple reads, identity tests, guards, allocations; none of it runs Python code, so
 * nothing can assign to a class (or to o.__class__). A checked op runs no Python code
 * either while its own K is nonzero; while it is 0 its slow path may run any code, so
 * after a checked field op the other objects' K become 0 too (class_keep), which sends
 * them down the protocol: right, and cheap, since 0 means an instance Python code made
 * unusual. Anything else (calls, generic operations, yields) ends every K, and the next
 * op checks again. The interrupt check on a loop's back-edge or strip refill (where
 * signal handlers may run) is followed by a fresh class_of of every K valid before it
 * whose object no loop writes, made only when the handlers ran, so a loop keeps its Ks
 * round the paths that end none (a scheduler's loop that skips a task); a parameter never
 * rebound that such a loop uses is checked in the loop's preheader (loops.c). A block
 * where an exception lands starts with none.
 *
 * A method whose self is typed as its class and never rebound checks self once, on entry
 * (class_of_self); a direct call of it from code holding a K for the receiver (of that
 * class or a subclass: its record is then in the callee's family) passes that K along,
 * so `self.m()` and `t.m()` after `t.x` check once for both functions (the emitter's
 * pyc2c_nativetsk_<c> entry; other callers go through pyc2c_nativets_<c>, which checks).
 *
 * Assumes: the IR as built and optimized (before error branches and refcounts). Accepted
 * limit, as in guards.c: a finalizer run by a release or by a garbage collection that an
 * allocation in clean code starts is Python code the pass does not see.
 * A cast to the class whose result is checked right after (`for c in self.items: c.m()`)
 * takes that check, moved before it, as its answer (fuse_casts).
 * Guarantees: an op given a K is dominated, on every path, by a class_of of its object
 * (or of the object its cast took) with only clean code (or the op's class_keep) between. */
#include <string.h>
#include "pass.h"

typedef struct Key {
    IrReg obj;
    int cls;
    IrReg k;
    bool steady;   /* obj is written in no loop: worth checking again after an interrupt check */
} Key;
/* The keys of a function. */
typedef struct KeyVec {
    Key *data;
    int len, cap;
} KeyVec;
typedef VEC(IrOp *) OpVec;

static bool prim_clean(const char *name)
{
    /* wide_: 128-bit totals (wideacc.c, runtime/wide.c): C arithmetic on ints, a box */
    static const char *const prefixes[] = {"int_", "float_", "bool_", "i64_", "i32_", "range_", "wide_"};
    static const char *const names[] = {"stack_check", "list_len", "tuple_len", "list_item_at", "tuple_item_at",
                                        "list_get", "list_get_int", "list_get_bool", "list_get_float", "tuple_get",
                                        "cast_list", "cast_tuple", "obj_is", "obj_is_none", "none_box",
                                        "obj_last_use", "strip_ticks",
                                        "global_truth",   /* globaltruth.c: a cached value tested */
                                        /* stores into a typed list (as its item reads: a subclass's
                                         * __setitem__ is not called, a known difference); the old
                                         * item's release is the accepted limit above */
                                        "list_set", "list_set_int", "list_set_bool", "list_set_float",
                                        "list_swap", "list_move_item",
                                        "list_reserve"};   /* a new list's room: an allocation */
    size_t n = strlen(name);
    if (strcmp(name, "int_unbox") == 0 || strcmp(name, "bool_unbox") == 0 || strcmp(name, "list_item_int") == 0 ||
        strcmp(name, "tuple_item_int") == 0) {   /* the item fused with its unbox: itemunbox.c */
        return true;   /* an int's digits (no __index__) or a bool, else TypeError: no Python code */
    }
    if (n > 6 && strcmp(name + n - 6, "_unbox") == 0) {
        return false;   /* float_unbox may call __float__ */
    }
    if (n > 4 && strcmp(name + n - 4, "_idx") == 0) {
        n -= 4;   /* xs[k], k a known non-negative index (ranges.c): the same runtime call */
    }
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
            return true;
        }
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i]) == n && strncmp(name, names[i], n) == 0) {
            return true;
        }
    }
    return false;
}

/* Ops that run no Python code (allocations aside: see the accepted limit). */
static bool op_clean(const IrOp *op)
{
    switch (op->kind) {
    case IR_CONST: case IR_MOVE: case IR_LOAD_GLOBAL: case IR_FUNC_INTACT: case IR_MEMO_INTACT:
    case IR_METHOD_INTACT: case IR_CAST_INST: case IR_LAYOUT_IS: case IR_INIT_INTACT: case IR_NEW_INST: case IR_CLASS_CELL:
    case IR_CLASS_OF: case IR_CLASS_OF_SELF: case IR_CLASS_KEEP: case IR_CLASS_NARROW: case IR_GOTO: case IR_BRANCH:
        return true;
    case IR_CLASS_DEF: case IR_SUPER_DEF:
        /* C.m, cls.m, super().m: a type test, the family cache, a revalidation's MRO
         * lookups (as METHOD_DEF's and INIT_INTACT's): no Python code */
        return true;
    case IR_BUILD:
        return op->u.build == IRB_LIST || op->u.build == IRB_TUPLE;
    case IR_PRIM:
        /* appends to a new list (displays, comprehensions); the method's may call a
         * subclass's override */
        return op->u.prim == prim(PRIM_LIST_APPEND) || prim_clean(op->u.prim->name);
    default:
        return false;
    }
}

static int find_key(const KeyVec *keys, IrReg obj, int cls);

/* The key of a field or method op not yet given a K, or -1. */
static int op_key(const KeyVec *keys, const IrOp *op)
{
    int cls;
    if ((op->kind == IR_FIELD_GET && op->nargs == 1) || (op->kind == IR_FIELD_SET && op->nargs == 2)) {
        cls = op->u.field.cls;
    } else if (op->kind == IR_METHOD_DEF && op->nargs == 1) {
        cls = op->u.method.cls;
    } else if (op->kind == IR_VTABLE_ENTRY && op->nargs == 1) {
        cls = op->u.vtable.cls;
    } else {
        return -1;
    }
    return find_key(keys, op->args[0], cls);
}

/* The (object, class) pairs of f's field and method ops; with regs, each given its K. */
static void collect_keys(Ctx *ctx, IrFunc *f, KeyVec *keys, bool regs)
{
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            bool field = (op->kind == IR_FIELD_GET && op->nargs == 1) || (op->kind == IR_FIELD_SET && op->nargs == 2);
            bool vtable = op->kind == IR_VTABLE_ENTRY && op->nargs == 1;
            if ((field || vtable || (op->kind == IR_METHOD_DEF && op->nargs == 1)) && op_key(keys, op) < 0) {
                Key k = {op->args[0], field ? op->u.field.cls : vtable ? op->u.vtable.cls : op->u.method.cls, -1, false};
                vec_push(&ctx->arena, keys, k);
            }
        }
    }
    for (int i = 0; regs && i < keys->len; i++) {
        keys->data[i].k = ir_new_reg(ctx, f, RT_I64, NULL);
    }
}

static IrOp *new_op(Ctx *ctx, IrOpKind kind, int line, IrReg dst, IrReg a0, IrReg a1, int cls)
{
    IrOp *op = ir_new_op(ctx, kind, line, dst, a1 >= 0 ? 2 : 1);
    op->args[0] = a0;
    if (a1 >= 0) {
        op->args[1] = a1;
    }
    op->u.cls = cls;
    return op;
}

static int find_key(const KeyVec *keys, IrReg obj, int cls)
{
    for (int i = 0; i < keys->len; i++) {
        if (keys->data[i].obj == obj && keys->data[i].cls == cls) {
            return i;
        }
    }
    return -1;
}

/* Is class d c or a native subclass of it? */
static bool derives_or_is(const IrModule *m, int d, int c)
{
    for (; d >= 0; d = m->classes.data[d]->base) {
        if (d == c) {
            return true;
        }
    }
    return false;
}

/* The key whose K a direct call of a method taking self's check gets (the receiver's,
 * of the callee's class or one deriving from it; else of a base class, narrowed), or -1.
 * *narrow: the K is a base class's. */
static int self_key(const IrModule *m, const KeyVec *keys, const IrOp *op, const bool *avail, bool *narrow)
{
    const IrFunc *callee = op->u.callee;
    if (callee->self_class1 == 0 || op->nargs != callee->params.len || op->nouts != 0) {
        return -1;
    }
    int want = callee->self_class1 - 1;
    for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < keys->len; p++) {
            const Key *k = &keys->data[p];
            if (avail[p] && k->obj == op->args[0] &&
                (pass == 0 ? derives_or_is(m, k->cls, want) : derives_or_is(m, want, k->cls))) {
                *narrow = pass == 1;
                return p;
            }
        }
    }
    return -1;
}

/* A direct call of a method taking self's check: the K of the receiver's key (p, from
 * self_key) appended as a last operand, narrowed to the callee's class first when it is a
 * base class's (the call of an override that the receiver's vtable chose: class_narrow,
 * a walk up from the checked class, no lookup). The register passed. */
static IrReg pass_self_check(Ctx *ctx, IrFunc *f, const KeyVec *keys, IrOp *op, int p, bool narrow, OpVec *out)
{
    IrReg k = keys->data[p].k;
    if (narrow) {
        IrReg narrowed = ir_new_reg(ctx, f, RT_I64, NULL);
        vec_push(&ctx->arena, out, new_op(ctx, IR_CLASS_NARROW, op->line, narrowed, k, -1,
                                          op->u.callee->self_class1 - 1));
        k = narrowed;
    }
    ir_append_arg(ctx, op, k);
    return k;
}

/* A call through a vtable gets the receiver's K as a last operand while the one its
 * entry was found with holds (the entry narrows it to its own class: emit_vtable.c).
 * Where the arguments' code ended it the call gets none: its emitter passes 0 (the
 * callee takes the protocol). */
static void pass_vtable_check(Ctx *ctx, const KeyVec *keys, IrOp *op, const bool *avail)
{
    int q = find_key(keys, op->args[1], op->u.vtable.cls);
    if (q >= 0 && avail[q] && op->nargs == op->u.vtable.callee->params.len + 1) {
        ir_append_arg(ctx, op, keys->data[q].k);
    }
}

/* One op's effect on avail (per key: its K is valid); with out, rewrites it into out. */
static void step(Ctx *ctx, IrFunc *f, const IrModule *m, const KeyVec *keys, IrOp *op, bool *avail, OpVec *out)
{
    if (op->kind == IR_CLASS_OF_SELF || op->kind == IR_CLASS_OF) {   /* on entry, in a preheader */
        avail[find_key(keys, op->args[0], op->u.cls)] = true;
    }
    bool narrow = false;
    int self_p = op->kind == IR_CALL ? self_key(m, keys, op, avail, &narrow) : -1;
    IrReg passed = self_p >= 0 && out ? pass_self_check(ctx, f, keys, op, self_p, narrow, out) : -1;
    if (op->kind == IR_CALL_VTABLE && out) {
        pass_vtable_check(ctx, keys, op, avail);
    }
    int q = op_key(keys, op);
    if (q >= 0) {
        const Key *kq = &keys->data[q];
        if (!avail[q] && out) {
            vec_push(&ctx->arena, out, new_op(ctx, IR_CLASS_OF, op->line, kq->k, kq->obj, -1, kq->cls));
        }
        avail[q] = true;
        if (out) {
            ir_append_arg(ctx, op, kq->k);
            vec_push(&ctx->arena, out, op);
        }
        for (int p = 0; out && op->kind != IR_METHOD_DEF && op->kind != IR_VTABLE_ENTRY && p < keys->len; p++) {
            if (p != q && avail[p]) {   /* op's slow path may have run code: only with K_q 0 */
                const Key *kp = &keys->data[p];
                vec_push(&ctx->arena, out, new_op(ctx, IR_CLASS_KEEP, op->line, kp->k, kp->k, kq->k, 0));
            }
        }
    } else if (pass_is_interrupt_check(op)) {
        if (out) {
            vec_push(&ctx->arena, out, op);
        }
        for (int p = 0; p < keys->len; p++) {
            avail[p] = avail[p] && keys->data[p].steady;
        }
        for (int p = 0; out && p < keys->len; p++) {   /* checked again: a loop keeps its Ks */
            if (avail[p] && keys->data[p].steady) {
                /* only when the check ran the handlers (its result nonzero): else no code ran
                 * and K still holds */
                const Key *kp = &keys->data[p];
                vec_push(&ctx->arena, out, new_op(ctx, IR_CLASS_OF, op->line, kp->k, kp->obj, op->dst, kp->cls));
            }
        }
    } else if (self_p >= 0 && op->u.callee->clean_body) {
        /* runs no Python code while the K it was given is nonzero: the other Ks hold, made 0
         * with it (its self ops took the protocol then) */
        if (out) {
            vec_push(&ctx->arena, out, op);
        }
        for (int p = 0; out && p < keys->len; p++) {
            if (avail[p] && keys->data[p].k != passed) {
                const Key *kp = &keys->data[p];
                vec_push(&ctx->arena, out, new_op(ctx, IR_CLASS_KEEP, op->line, kp->k, kp->k, passed, 0));
            }
        }
    } else {
        if (out) {
            vec_push(&ctx->arena, out, op);
        }
        if (!op_clean(op)) {
            memset(avail, 0, (size_t)keys->len);
        }
    }
    for (int p = 0; p < keys->len; p++) {   /* the object register written: another object */
        IrReg o = keys->data[p].obj;
        bool written = op->dst == o;
        for (int i = 0; i < op->nouts; i++) {
            written |= op->outs[i] == o;
        }
        if (written) {
            avail[p] = false;
        }
    }
}

static bool *landing_blocks(Ctx *ctx, const IrFunc *f)
{
    bool *landing = arena_alloc(&ctx->arena, (size_t)f->blocks.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *u = f->blocks.data[b]->unwind;
        if (u) {
            landing[u->id] = true;
        }
    }
    landing[0] = true;
    return landing;
}

/* Forward "K valid" sets: an intersection over the predecessors; entry and landing
 * blocks start empty. */
static bool **available_in(Ctx *ctx, const IrModule *m, IrFunc *f, const KeyVec *keys)
{
    int n = f->blocks.len, nk = keys->len;
    bool **in = arena_alloc(&ctx->arena, sizeof(bool *) * (size_t)n);
    bool *landing = landing_blocks(ctx, f), *seen = arena_alloc(&ctx->arena, (size_t)n);
    bool *cur = arena_alloc(&ctx->arena, (size_t)nk + 1);
    for (int b = 0; b < n; b++) {
        in[b] = arena_alloc(&ctx->arena, (size_t)nk + 1);
        memset(in[b], !landing[b], (size_t)nk);
    }
    seen[0] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (int b = 0; b < n; b++) {
            IrBlock *blk = f->blocks.data[b];
            if (!seen[b]) {
                continue;
            }
            memcpy(cur, in[b], (size_t)nk);
            for (int j = 0; j < blk->ops.len; j++) {
                step(ctx, f, m, keys, blk->ops.data[j], cur, NULL);
            }
            const IrOp *t = blk->ops.data[blk->ops.len - 1];
            IrBlock *succ[2] = {t->target, t->target2};
            for (int s = 0; s < 2; s++) {
                if (!succ[s]) {
                    continue;
                }
                bool first = !seen[succ[s]->id];
                seen[succ[s]->id] = true;
                for (int i = 0; i < nk; i++) {
                    if (in[succ[s]->id][i] && !cur[i]) {
                        in[succ[s]->id][i] = false;
                        changed = true;
                    }
                }
                changed |= first;
            }
        }
    }
    return in;
}

/* Keys whose object no op in a loop writes (a loop's own variable is checked anew on
 * each iteration anyway: checking it again after the interrupt check would be waste). */
static void mark_steady(Ctx *ctx, const IrFunc *f, const PassLoopVec *loops, KeyVec *keys)
{
    bool *written_in_loop = arena_alloc(&ctx->arena, (size_t)f->regs.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        const PassLoop *inner = pass_innermost_loop(loops, b);
        for (int j = 0; inner && j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            for (int k = -1; k < op->nouts; k++) {
                IrReg r = k < 0 ? op->dst : op->outs[k];
                if (r >= 0) {
                    written_in_loop[r] = true;
                }
            }
        }
    }
    for (int p = 0; p < keys->len; p++) {
        keys->data[p].steady = !written_in_loop[keys->data[p].obj];
    }
}

/* Does loop l run only clean code, its field and method ops and interrupt checks aside
 * (so that a check made before it holds round it)? */
static bool loop_clean(const IrFunc *f, const KeyVec *keys, const PassLoop *l)
{
    for (int at = 0; at < l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op_key(keys, op) < 0 && !op_clean(op) && !pass_is_interrupt_check(op)) {
                return false;
            }
        }
    }
    return true;
}

/* Is there a field or method op of key p in loop l, a loop of clean code? */
static bool used_in_clean_loop(const IrFunc *f, const KeyVec *keys, const PassLoop *l, int p)
{
    for (int at = 0; at < l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            if (op_key(keys, blk->ops.data[j]) == p) {
                return loop_clean(f, keys, l);
            }
        }
    }
    return false;
}

/* Does f write register r? */
static bool writes(const IrFunc *f, IrReg r)
{
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            bool w = op->dst == r;
            for (int i = 0; i < op->nouts; i++) {
                w |= op->outs[i] == r;
            }
            if (w) {
                return true;
            }
        }
    }
    return false;
}

/* A method that may take self's check from its caller: self typed as a native class,
 * never rebound, with field or method ops on it. */
static int self_class(Ctx *ctx, IrFunc *f)
{
    if (f->generator || f->is_module_init || f->params.len == 0 || f->params.data[0].rt != RT_OBJ ||
        f->params.data[0].cls1 == 0 || writes(f, 0)) {
        return -1;
    }
    KeyVec keys = {0};
    collect_keys(ctx, f, &keys, false);
    int cls = f->params.data[0].cls1 - 1;
    return find_key(&keys, 0, cls) >= 0 ? cls : -1;
}

/* A key used in a loop of clean code whose object is a parameter never rebound (so
 * always an object) and whose K is not valid on entry to the loop's head: checked once
 * in a preheader, it stays valid round the loop (the interrupt checks check again).
 * True when a check was added. */
static bool check_before_loops(Ctx *ctx, IrFunc *f, PassLoopVec *loops, const KeyVec *keys, bool **in)
{
    int *defs = pass_count_defs(ctx, f);
    bool added = false;
    int nblocks = f->blocks.len;
    for (int i = 0; i < loops->len; i++) {
        PassLoop *l = &loops->data[i];
        for (int p = 0; p < keys->len; p++) {
            const Key *kp = &keys->data[p];
            if (kp->obj >= f->params.len || defs[kp->obj] != 1 || l->head->id >= nblocks ||
                in[l->head->id][p] || !used_in_clean_loop(f, keys, l, p)) {
                continue;
            }
            IrBlock *pre = pass_loop_preheader(ctx, f, loops, l);
            if (pre) {
                IrOp *go = pre->ops.data[pre->ops.len - 1];
                pre->ops.data[pre->ops.len - 1] = new_op(ctx, IR_CLASS_OF, go->line, kp->k, kp->obj, -1, kp->cls);
                vec_push(&ctx->arena, &pre->ops, go);
                added = true;
            }
        }
    }
    return added;
}

/* Where check_at_joins looks ahead: the predecessors and each block's Ks on leaving it,
 * for the n blocks there were when they were found. */
typedef struct Ahead {
    const IrFunc *f;
    const KeyVec *keys;
    const PassPreds *preds;
    bool **in, **out;
    int n;
    bool param;   /* the key's object is a parameter never rebound */
} Ahead;

static bool edge_movable(const KeyVec *keys, const IrBlock *pb, const bool *in, int p, bool param);

/* Would key p's K, valid on the edge from b to s, be valid on entering s: s has no other
 * predecessor, or each of them leaves it valid or can have the check at its end (a later
 * round of check_at_joins adds it there)? Not when s is a loop's head entered with the
 * object just made (playout's `board`): the check would be made for nothing. */
static bool kept_into(const Ahead *a, const IrBlock *b, const IrBlock *s, int p)
{
    if (s->id >= a->n) {
        return true;   /* an edge's block split this round: one predecessor */
    }
    for (int i = a->preds->start[s->id]; i < a->preds->start[s->id + 1]; i++) {
        int q = a->preds->list[i];
        if (q != b->id && !a->out[q][p] && !edge_movable(a->keys, a->f->blocks.data[q], a->in[q], p, a->param)) {
            return false;
        }
    }
    return true;
}

/* Is key p's K used in b, or in a block b leads to (depth blocks deep), before anything
 * ends it? (A use on one arm of a branch counts: the check it saves on that arm is moved
 * onto the paths that ended it, paths with an unclean op, which costs more than the check.)
 * An interrupt check does not end a steady key's K (step checks it again only when the
 * handlers ran); a join on the way where another predecessor lacks the K would end it. */
static bool anticipated(const Ahead *a, const IrBlock *b, int p, int depth)
{
    const KeyVec *keys = a->keys;
    for (int j = 0; j < b->ops.len; j++) {
        const IrOp *op = b->ops.data[j];
        int q = op_key(keys, op);
        if (q == p) {
            return true;
        }
        if (q < 0 && pass_is_interrupt_check(op) && keys->data[p].steady) {
            continue;
        }
        if ((q < 0 && !op_clean(op)) || op->dst == keys->data[p].obj) {
            return false;
        }
    }
    const IrOp *t = b->ops.data[b->ops.len - 1];
    return depth > 0 &&
           ((t->target && kept_into(a, b, t->target, p) && anticipated(a, t->target, p, depth - 1)) ||
            (t->target2 && kept_into(a, b, t->target2, p) && anticipated(a, t->target2, p, depth - 1)));
}

/* Which Ks are valid on leaving b, from in (the block's entry state). */
static void block_out(Ctx *ctx, const IrModule *m, IrFunc *f, const KeyVec *keys, const IrBlock *b,
                      const bool *in, bool *cur)
{
    memcpy(cur, in, (size_t)keys->len);
    for (int j = 0; j < b->ops.len; j++) {
        step(ctx, f, m, keys, b->ops.data[j], cur, NULL);
    }
}

/* Did key p's object hold an object all through b: K valid on entry (so checked, an
 * object) and the register written nowhere in b (a local such as a scheduler's `t`
 * across the slow path of `if flag:`, globaltruth.c)? */
static bool held_through(const KeyVec *keys, const IrBlock *b, const bool *in, int p)
{
    for (int j = 0; in[p] && j < b->ops.len; j++) {
        if (pass_op_writes(b->ops.data[j], keys->data[p].obj)) {
            return false;
        }
    }
    return in[p];
}

/* The edge from pb (ending in a branch) to join split by a new block that goes to join:
 * the block where a check for that edge alone can be made. */
static IrBlock *split_edge(Ctx *ctx, IrFunc *f, IrBlock *pb, IrBlock *join)
{
    IrOp *t = pb->ops.data[pb->ops.len - 1];
    if (t->target != join && t->target2 != join) {   /* split for another key already */
        const IrOp *g = t->target->ops.data[t->target->ops.len - 1];
        return g->kind == IR_GOTO && g->target == join ? t->target : t->target2;
    }
    IrBlock *e = ir_new_block(ctx, f);
    e->unwind = pb->unwind;
    e->loop_copy = pb->loop_copy;
    IrOp *go = ir_new_op(ctx, IR_GOTO, t->line, -1, 0);
    go->target = join;
    vec_push(&ctx->arena, &e->ops, go);
    if (t->target == join) {
        t->target = e;
    } else {
        t->target2 = e;
    }
    return e;
}

/* Can the check of key p missing on pb's edge to a join be made on that edge: pb ends in
 * a goto (at its end), or in a branch to two blocks (on a block of its own that split_edge
 * makes), and p's object is one there (a parameter never rebound, or held through pb)? */
static bool edge_movable(const KeyVec *keys, const IrBlock *pb, const bool *in, int p, bool param)
{
    const IrOp *t = pb->ops.data[pb->ops.len - 1];
    bool branch = t->kind == IR_BRANCH && t->target != t->target2 && !pb->strip_edge;
    return (t->kind == IR_GOTO || branch) && (param || held_through(keys, pb, in, p));
}

/* A join where a K is valid on some incoming edges and used right after, but not valid on
 * others (a method's generic call beside its native one: `done.a(i)` then `done.b(i)`):
 * the check is made at the end of those others (ending in a goto, or on an edge of a
 * branch split for it: a loop's back-edge join where the paths that call ended the K and
 * the paths that do not kept it), so the paths that kept it need none. Only where the
 * object is one on every such path: a parameter never rebound, or held through the
 * predecessor (held_through). True when a check was added. */
static bool check_at_joins(Ctx *ctx, const IrModule *m, IrFunc *f, const KeyVec *keys, bool **in, OpVec *added_ops)
{
    int n = f->blocks.len, nk = keys->len;
    int *defs = pass_count_defs(ctx, f);
    PassPreds preds = pass_predecessors(ctx, f);
    bool **out = arena_alloc(&ctx->arena, sizeof(bool *) * (size_t)n);
    for (int b = 0; b < n; b++) {
        out[b] = arena_alloc(&ctx->arena, (size_t)nk + 1);
        block_out(ctx, m, f, keys, f->blocks.data[b], in[b], out[b]);
    }
    bool *landing = landing_blocks(ctx, f), added = false;
    Ahead ahead = {f, keys, &preds, in, out, n, false};
    for (int j = 0; j < n; j++) {
        IrBlock *join = f->blocks.data[j];
        const int *pred = preds.list + preds.start[j], npred = preds.start[j + 1] - preds.start[j];
        for (int p = 0; p < nk && npred > 1 && !landing[j]; p++) {
            const Key *kp = &keys->data[p];
            bool param = kp->obj < f->params.len && defs[kp->obj] == 1;
            ahead.param = param;
            if (in[j][p] || !anticipated(&ahead, join, p, 3)) {
                continue;
            }
            bool some = false, movable = true;
            for (int i = 0; i < npred; i++) {
                const IrBlock *pb = f->blocks.data[pred[i]];
                some |= out[pred[i]][p];
                movable &= out[pred[i]][p] || edge_movable(keys, pb, in[pred[i]], p, param);
            }
            for (int i = 0; i < npred && some && movable; i++) {
                IrBlock *pb = f->blocks.data[pred[i]];
                IrOp *t = pb->ops.data[pb->ops.len - 1];
                if (!out[pred[i]][p] && t->kind != IR_GOTO) {
                    pb = split_edge(ctx, f, pb, join);
                    t = pb->ops.data[pb->ops.len - 1];   /* its goto (after another key's check) */
                }
                if (!out[pred[i]][p]) {
                    pb->ops.data[pb->ops.len - 1] = new_op(ctx, IR_CLASS_OF, t->line, kp->k, kp->obj, -1, kp->cls);
                    vec_push(&ctx->arena, added_ops, pb->ops.data[pb->ops.len - 1]);
                    vec_push(&ctx->arena, &pb->ops, t);
                    out[pred[i]][p] = true;
                    added = true;
                }
            }
        }
    }
    return added;
}

/* A check check_at_joins added at the end of a predecessor that a loop's other paths
 * make needless: added to every predecessor without the K at once, it also lands on a
 * back-edge whose path keeps the K once the others have theirs (a scheduler's loop: the
 * path that calls a task's run needs one, the path that skips a task does not). Each is
 * taken out again while, without it, the K is still valid where it stood (availability
 * is the greatest fixed point, so a loop's paths may keep the K round the loop). */
static void drop_needless_join_checks(Ctx *ctx, const IrModule *m, IrFunc *f, const KeyVec *keys,
                                      const OpVec *added)
{
    bool *cur = arena_alloc(&ctx->arena, (size_t)keys->len + 1);
    for (int i = 0; i < added->len; i++) {
        IrOp *check = added->data[i];
        IrBlock *blk = NULL;
        for (int b = 0; b < f->blocks.len && !blk; b++) {
            IrBlock *bb = f->blocks.data[b];
            if (bb->ops.len >= 2 && bb->ops.data[bb->ops.len - 2] == check) {
                blk = bb;
            }
        }
        if (!blk) {
            continue;
        }
        IrOp *term = blk->ops.data[blk->ops.len - 1];
        blk->ops.data[blk->ops.len - 2] = term;
        blk->ops.len--;
        bool **in = available_in(ctx, m, f, keys);
        block_out(ctx, m, f, keys, blk, in[blk->id], cur);
        if (!cur[find_key(keys, check->args[0], check->u.cls)]) {
            blk->ops.data[blk->ops.len - 1] = check;
            vec_push(&ctx->arena, &blk->ops, term);
        }
    }
}

/* The cast op that made the object of the class_of at ops[j], through moves only, or -1:
 * `x = cast_inst o; c = move x; K = class_of c`. */
static int cast_before(const IrModule *m, const IrBlock *blk, int j)
{
    const IrOp *check = blk->ops.data[j];
    IrReg src = check->args[0];
    for (int k = j - 1; k >= 0; k--) {
        const IrOp *op = blk->ops.data[k];
        if (op->kind == IR_CAST_INST && op->dst == src && op->nargs == 1 &&
            derives_or_is(m, check->u.cls, op->u.cast_inst.cls)) {
            return k;
        }
        if (op->kind != IR_MOVE || op->dst == check->dst || op->args[0] == check->dst) {
            return -1;
        }
        src = op->dst == src ? op->args[0] : src;
    }
    return -1;
}

/* A cast to a class whose instance is class-checked right after (a list item or a
 * call's result, then its fields or methods) takes its answer from that check, made on
 * the object before the cast: nonzero means an instance of the family, so the cast has
 * nothing left to look up. */
static void fuse_casts(Ctx *ctx, const IrModule *m, IrFunc *f)
{
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *check = blk->ops.data[j];
            int c = check->kind == IR_CLASS_OF ? cast_before(m, blk, j) : -1;
            if (c < 0) {
                continue;
            }
            IrOp *cast = blk->ops.data[c];
            bool clobbered = false;
            for (int k = c + 1; k < j; k++) {
                clobbered |= blk->ops.data[k]->dst == cast->args[0];
            }
            if (clobbered) {
                continue;
            }
            check->args[0] = cast->args[0];
            ir_append_arg(ctx, cast, check->dst);
            memmove(blk->ops.data + c + 1, blk->ops.data + c, sizeof(IrOp *) * (size_t)(j - c));
            blk->ops.data[c] = check;
        }
    }
}

/* The class_of of (obj, cls) that block t starts with, after clean ops that write
 * neither obj nor the check's register, or -1. */
static int leading_check(const IrBlock *t, IrReg obj, int cls)
{
    for (int j = 0; j < t->ops.len; j++) {
        const IrOp *op = t->ops.data[j];
        if (op->kind == IR_CLASS_OF && op->nargs == 1 && op->args[0] == obj && op->u.cls == cls) {
            for (int k = 0; k < j; k++) {
                if (t->ops.data[k]->dst == op->dst) {
                    return -1;
                }
            }
            return j;
        }
        if (!op_clean(op) || op->dst == obj || op->kind == IR_BRANCH || op->kind == IR_GOTO) {
            return -1;
        }
    }
    return -1;
}

/* A layout test (a loop body's typed copy for an object of a native class, speculate.c)
 * whose typed side starts by checking that object's class takes its answer from that
 * check, moved before it: `K = class_of o; t = layout_is o, K` is true at once when K is
 * nonzero (a record of the family, unchanged, as the layout test asks), so an instance of
 * the class makes one check, not the layout test's family lookup and tag compare then the
 * check's own (from 3.11 the check compares the tag only, so C no longer folds the two). */
static void fuse_layouts(Ctx *ctx, IrFunc *f)
{
    PassPreds preds = {0};
    bool have_preds = false;
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        if (blk->ops.len < 2) {
            continue;
        }
        IrOp *br = blk->ops.data[blk->ops.len - 1];
        int j = blk->ops.len - 2;
        while (j >= 0 && blk->ops.data[j]->kind != IR_LAYOUT_IS && op_clean(blk->ops.data[j])) {
            j--;
        }
        if (j < 0 || br->kind != IR_BRANCH || br->target == br->target2) {
            continue;
        }
        IrOp *lay = blk->ops.data[j];
        if (lay->kind != IR_LAYOUT_IS || lay->nargs != 1 || br->args[0] != lay->dst) {
            continue;
        }
        IrBlock *t = br->target;
        int c = leading_check(t, lay->args[0], lay->u.cls);
        if (c < 0) {
            continue;
        }
        if (!have_preds) {
            preds = pass_predecessors(ctx, f);
            have_preds = true;
        }
        if (preds.start[t->id + 1] - preds.start[t->id] != 1) {
            continue;
        }
        IrOp *check = t->ops.data[c];
        memmove(t->ops.data + c, t->ops.data + c + 1, sizeof(IrOp *) * (size_t)(t->ops.len - c - 1));
        t->ops.len--;
        vec_push(&ctx->arena, &blk->ops, br);
        memmove(blk->ops.data + j + 1, blk->ops.data + j, sizeof(IrOp *) * (size_t)(blk->ops.len - 1 - j));
        blk->ops.data[j] = check;
        ir_append_arg(ctx, lay, check->dst);
    }
}

static void rewrite_func(Ctx *ctx, const IrModule *m, IrFunc *f)
{
    KeyVec keys = {0};
    collect_keys(ctx, f, &keys, true);
    if (keys.len == 0) {
        return;
    }
    if (f->self_class1 > 0) {
        const Key *k = &keys.data[find_key(&keys, 0, f->self_class1 - 1)];
        IrBlock *entry = f->blocks.data[0];
        IrOp *check = new_op(ctx, IR_CLASS_OF_SELF, f->line, k->k, 0, -1, k->cls);
        vec_push(&ctx->arena, &entry->ops, check);
        memmove(entry->ops.data + 1, entry->ops.data, sizeof(IrOp *) * (size_t)(entry->ops.len - 1));
        entry->ops.data[0] = check;
        f->self_k1 = k->k + 1;
    }
    PassLoopVec loops = f->generator ? (PassLoopVec){0} : pass_find_loops(ctx, f);
    mark_steady(ctx, f, &loops, &keys);
    bool **in = available_in(ctx, m, f, &keys);
    if (check_before_loops(ctx, f, &loops, &keys, in)) {
        in = available_in(ctx, m, f, &keys);
    }
    OpVec joins = {0};
    for (int round = 0; round < 8 && check_at_joins(ctx, m, f, &keys, in, &joins); round++) {
        in = available_in(ctx, m, f, &keys);   /* a check added at one join may complete another */
    }
    if (joins.len > 0) {
        drop_needless_join_checks(ctx, m, f, &keys, &joins);
        in = available_in(ctx, m, f, &keys);
    }
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        OpVec out = {0};
        for (int j = 0; j < blk->ops.len; j++) {
            step(ctx, f, m, &keys, blk->ops.data[j], in[b], &out);
        }
        blk->ops.data = out.data;
        blk->ops.len = out.len;
        blk->ops.cap = out.cap;
    }
    fuse_casts(ctx, m, f);
    fuse_layouts(ctx, f);
}

/* A block that raises (a failed assert: `assert t is not None`): only clean ops and the
 * exception's name looked up before the raise. Its caller sees an error, and its Ks are
 * not used on an error path (a landing block starts with none), so whatever the raise
 * runs cannot invalidate a check the caller keeps. */
static bool raising_block(const IrBlock *blk)
{
    for (int j = 0; j < blk->ops.len; j++) {
        const IrOp *op = blk->ops.data[j];
        if (op->kind == IR_PRIM && (op->u.prim == prim(PRIM_OBJ_RAISE1) || op->u.prim == prim(PRIM_OBJ_RAISE))) {
            return true;
        }
        if (!op_clean(op) && !(op->kind == IR_PRIM && op->u.prim == prim(PRIM_LOAD_NAME))) {
            return false;
        }
    }
    return false;
}

/* Does f, a method taking self's check, run no Python code while that check is nonzero
 * and it returns normally: only clean ops, returns, field ops on self guarded by that
 * check (a leaf accessor such as `return self.cells[i][0]`), and blocks that raise? Its
 * direct callers keep their checks across it. */
static bool clean_body(const IrFunc *f)
{
    if (f->self_class1 == 0 || f->generator || f->nfree > 0) {
        return false;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len && !raising_block(blk); j++) {
            const IrOp *op = blk->ops.data[j];
            bool on_self = ((op->kind == IR_FIELD_GET && op->nargs == 1) || (op->kind == IR_FIELD_SET && op->nargs == 2)) &&
                           op->args[0] == 0 && op->u.field.cls == f->self_class1 - 1;
            if (!on_self && !op_clean(op) && op->kind != IR_RETURN) {
                return false;
            }
        }
    }
    return true;
}

void pass_classchecks(Ctx *ctx, IrModule *m)
{
    for (int i = 0; i < m->funcs.len; i++) {
        m->funcs.data[i]->self_class1 = self_class(ctx, m->funcs.data[i]) + 1;
    }
    for (int i = 0; i < m->funcs.len; i++) {
        m->funcs.data[i]->clean_body = clean_body(m->funcs.data[i]);
    }
    for (int i = 0; i < m->funcs.len; i++) {
        rewrite_func(ctx, m, m->funcs.data[i]);
    }
}
