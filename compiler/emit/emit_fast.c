/* emit_fast.c - a lean clone of a function's first steps, handing over to the full body.
 *
 * A counted function whose path from its entry can reach a return through ops that
 * call nothing (field reads of checked objects, class checks, short-int compares:
 * go's Square.find on a root) gets two C functions:
 *   - pyc2c_<entry>_<c>, the clone: the blocks of that region only, every slow case
 *     (a failed check, a big int, an op that calls) a handover to the full body at that
 *     point. It calls nothing but the handover, so GCC gives it no callee-saved
 *     registers and no stack frame;
 *   - pyc2c_<entry>_<c>_r, the full body, taking `pyc2c_at` (0: from the entry; k: the
 *     k-th point the clone hands over at) and the registers the clone may have written.
 *     It resumes at that op with the clone's values, so nothing runs twice.
 * The clone counts no frame: it runs no Python code, so only the frame's own entry test
 * could see the count, and it makes that test itself: Pyc2c_FrameFree, room below the
 * recursion limit and no C stack look due at this depth (else it hands over at 0, and
 * the full body counts the frame and raises where it would have). A resumed body counts
 * the frame then (Pyc2c_FrameResume): the count is the one the entry saw, so that
 * cannot fail, and every exit of the full body leaves the frame as before. */
#include <ctype.h>
#include <string.h>
#include "emit_internal.h"
#include "../ir/prims.h"
#include "../pass/liveness.h"


#define FAST_MAX_POINTS 32   /* handovers of one clone: small methods only */

static bool int_compare(const Prim *p)
{
    static const char *const names[] = {"int_eq", "int_ne", "int_lt", "int_le", "int_gt", "int_ge"};
    if (p->nargs != 2 || p->args[0] != RT_INT || p->args[1] != RT_INT || p->result != RT_BOOL) {
        return false;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(p->name, names[i], n) == 0 && (p->name[n] == 0 || p->name[n] == '_')) {
            return true;
        }
    }
    return false;
}

/* A primitive written as C operators on its operands ("$0 < $1", "($0 == Py_None)") or
 * the runtime's one-expression helpers: no call, nothing to fail. */
static bool plain_expression(const Prim *p)
{
    static const char *const helpers[] = {"Pyc2c_Is("};
    if (p->can_fail || p->steals || p->borrowed || p->out != RT_VOID || strstr(p->c_template, "pyc2c_")) {
        return false;   /* (pyc2c_tick: a local the clone has not) */
    }
    for (const char *t = p->c_template; *t; t++) {
        bool helper = false;
        for (size_t i = 0; i < sizeof helpers / sizeof helpers[0]; i++) {
            size_t n = strlen(helpers[i]);
            if (strncmp(t, helpers[i], n) == 0) {
                t += n - 1;
                helper = true;
            }
        }
        if (!helper && *t == '(' && t > p->c_template && (isalnum((unsigned char)t[-1]) || t[-1] == '_')) {
            return false;   /* a call */
        }
    }
    return true;
}

/* A direct call of a frameless leaf (emit_leaf.c) with the receiver's check: it runs no
 * Python code while that check is nonzero and three frames of room are left (the clone's
 * own, uncounted, the leaf's and one level of Py_EnterRecursiveCall in it). It may raise
 * (an unset field): its error branch hands over to the handler. */
static bool leaf_call(const Emitter *E, const IrOp *op)
{
    const IrFunc *callee = op->u.callee;
    return op->nouts == 0 && op->nargs == callee->params.len + 1 && emit_passes_ts(E, callee) &&
           emit_takes_selfk(E, callee) && emit_frameless_leaf(E, callee);
}

/* A direct call of another compiled body that counts its own frame, with no outputs:
 * the clone makes it once its own frame is counted (Pyc2c_FrameResume, which cannot
 * fail after Pyc2c_FrameFree), and goes on as a counted frame (go's Square.find past
 * its recursive call). The callee may run any code: the count is the body's. */
static bool counted_call(const Emitter *E, const IrOp *op)
{
    const IrFunc *callee = op->u.callee;
    return op->nouts == 0 && emit_passes_ts(E, callee) && !(callee->i64_copy && callee != E->f);
}

/* The op of block b whose result the error branch at i tests, or NULL (one before b). */
const IrOp *emit_fast_tested_op(const IrBlock *b, int i)
{
    IrReg r = b->ops.data[i]->args[0];
    for (int j = i - 1; j >= 0; j--) {
        if (b->ops.data[j]->dst == r) {
            return b->ops.data[j];
        }
    }
    return NULL;
}

/* How the clone runs op: as in the body (PURE: calls nothing), after a test of its fast
 * case (GUARD: the slow case hands over), or not at all (NO: the clone hands over). */
int emit_fast_op_class(const Emitter *E, const IrFunc *f, const IrOp *op)
{
    RType rt = op->dst >= 0 ? f->regs.data[op->dst].rt : RT_VOID;
    if (op->nouts > 0) {
        return FAST_NO;
    }
    switch (op->kind) {
    case IR_CONST:   /* a pooled int may be big: its incref calls */
        return op->u.konst->kind == IRC_INT && rt == RT_INT && op->u.konst->pool_index >= 0 ? FAST_NO : FAST_PURE;
    case IR_MOVE: case IR_CLEAR: case IR_CLASS_OF_SELF: case IR_CLASS_KEEP: case IR_FIELD_FAST:
    case IR_METHOD_INTACT: case IR_GOTO: case IR_BRANCH: case IR_ERRBRANCH:
        return FAST_PURE;
    case IR_METHOD_DEF:
        return op->nargs == 2 ? FAST_PURE : FAST_NO;
    case IR_CLASS_OF:   /* an instance of the class itself: a native subclass's hands over */
        return op->nargs == 1 ? FAST_GUARD : FAST_NO;
    case IR_FIELD_GET:
        if (op->nargs != 2) {
            return FAST_NO;
        }
        if (op->borrow1 == -2) {
            return FAST_PURE;
        }
        return op->u.field.kind == IRF_OBJ && op->borrow1 == -1 && E->borrow_body ? FAST_NO : FAST_GUARD;
    case IR_INCREF: {   /* a big int's incref calls */
        RType a = f->regs.data[op->args[0]].rt;
        return a == RT_OBJ ? FAST_PURE : a == RT_INT ? FAST_GUARD : FAST_NO;
    }
    case IR_DECREF: {   /* while it frees nothing */
        RType a = f->regs.data[op->args[0]].rt;
        return a == RT_OBJ || a == RT_INT ? FAST_GUARD : FAST_NO;
    }
    case IR_PRIM:
        if (op->u.prim == prim(PRIM_STACK_CHECK)) {
            return FAST_PURE;
        }
        return int_compare(op->u.prim) ? FAST_GUARD : plain_expression(op->u.prim) ? FAST_PURE : FAST_NO;
    case IR_FIELD_SET:   /* a short int into an int field holding no int object; an object
                            * into an object field whose old value it does not free */
        return op->nargs == 3 && (op->u.field.kind == IRF_INT || op->u.field.kind == IRF_OBJ) ? FAST_GUARD : FAST_NO;
    case IR_CALL:
        return leaf_call(E, op) ? FAST_GUARD : counted_call(E, op) ? FAST_COUNT : FAST_NO;
    case IR_RETURN:
        return FAST_RETURN;
    default:
        return FAST_NO;
    }
}

static int point(EmitFast *p, int b, int i)
{
    for (int k = 0; k < p->n; k++) {
        if (p->at_block[k] == b && p->at_op[k] == i) {
            return k + 1;
        }
    }
    if (p->n == FAST_MAX_POINTS) {
        return 0;
    }
    p->at_block[p->n] = b;
    p->at_op[p->n] = i;
    return ++p->n;
}

static bool any_reg(const IrFunc *f, IrReg r)
{
    (void)f;
    return r >= 0;
}

/* Per handover point, the registers the clone may have written that the full body reads
 * after it (the rest it finds zero, as at its entry), each passed in a word (a slot);
 * the most slots a point takes, or -1: a value is no word, or too many. */
static int pass_live(Emitter *E, const IrFunc *f, EmitFast *p, const bool *written)
{
    int budget = EMIT_FAST_MAX_ARGS - 2 - f->params.len;   /* pyc2c_ts, pyc2c_at, the parameters */
    if (budget < (E->selfk_in_body ? 1 : 0)) {
        return -1;
    }
    /* class checks (0: none made): a body resumed without one makes it again */
    char *keys = arena_alloc(&E->ctx->arena, (size_t)f->regs.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->dst >= 0) {
                bool key = op->kind == IR_CLASS_OF || op->kind == IR_CLASS_OF_SELF || op->kind == IR_CLASS_KEEP ||
                           op->kind == IR_CLASS_NARROW;
                keys[op->dst] = keys[op->dst] == 2 || !key ? 2 : 1;
            }
        }
    }
    for (int r = 0; r < f->regs.len; r++) {
        keys[r] = keys[r] == 1;
    }
    PSetStore sets;
    pset_store_init(&sets, &E->ctx->arena);
    Liveness lv = pass_liveness(&sets, f, any_reg, NULL);
    int n = 0;
    for (int k = 0; k < p->n; k++) {
        const IrBlock *b = f->blocks.data[p->at_block[k]];
        const PSet *live = lv.out[b->id];
        for (int j = b->ops.len - 1; j >= p->at_op[k]; j--) {   /* back to the op resumed at */
            const IrOp *op = b->ops.data[j];
            if (op->dst >= 0) {
                live = pset_remove(&sets, live, op->dst);
            }
            for (int i = 0; i < op->nouts; i++) {
                live = pset_remove(&sets, live, op->outs[i]);
            }
            for (int i = 0; i < op->nargs; i++) {
                live = pset_add(&sets, live, op->args[i]);
            }
        }
        int m = 0;
        for (int pass = 0; pass < 2; pass++) {   /* values first, then checks while slots last */
            for (int r = f->params.len; r < f->regs.len; r++) {
                if (!written[r] || !pset_has(live, r) || (keys[r] != 0) != (pass == 1)) {
                    continue;
                }
                RType rt = f->regs.data[r].rt;
                if (rt == RT_FLOAT || rt == RT_WIDE) {
                    return -1;   /* not a word */
                }
                if (m == budget) {
                    if (pass == 0) {
                        return -1;
                    }
                    break;   /* a check left 0 is taken again where it is used */
                }
                p->slot_reg[k][m++] = r;
            }
        }
        p->nslot_regs[k] = m;
        n = m > n ? m : n;
    }
    return n;
}

bool emit_fast_wanted(const Emitter *E, const IrFunc *f)
{
    return E->ts_body && E->counts_frame && !E->leaf_body && !E->profiled_body && !E->ctx->profile &&
           !E->chunk_of && !f->inline_body && !f->chain_depth && !f->i64_copy && !f->generator &&
           !f->is_module_init && f->nfree == 0 && f->nsplit <= 1 && f->blocks.len > 0;
}

/* op's class in a plan that may (count) or may not go past a counted call, in the clone
 * or (counted) in _c. An object field store runs in _c only: in the clone it would move
 * the handover of a method that goes on to call anyway (richards' schedule) further in. */
static int plan_class(const Emitter *E, const IrFunc *f, const IrOp *op, bool count, bool counted)
{
    int c = emit_fast_op_class(E, f, op);
    if (c == FAST_GUARD && !counted && op->kind == IR_FIELD_SET && op->u.field.kind == IRF_OBJ) {
        return FAST_NO;
    }
    return c == FAST_COUNT && !count ? FAST_NO : c;
}

/* Is b run by the clone (or _c) from its first op? */
static bool enters(const Emitter *E, const IrFunc *f, const IrBlock *b, bool count, bool counted)
{
    return !b->is_error_handler && (b->ops.len == 0 || plan_class(E, f, b->ops.data[0], count, counted) != FAST_NO);
}

/* The clone's blocks, walked from the entry: before any counted call (p->in, stopping
 * at one, which hands over to _c) and, in _c, from each such call on (p->in_c, the frame
 * counted). Only a clone that can return before counting is worth having. */
static EmitFast *plan(Emitter *E, const IrFunc *f, bool count)
{
    Arena *a = &E->ctx->arena;
    int nb = f->blocks.len;
    EmitFast *p = arena_alloc(a, sizeof *p);
    p->in = arena_alloc(a, (size_t)nb + 1);
    p->in_c = arena_alloc(a, (size_t)nb + 1);
    p->stop = arena_alloc(a, sizeof(int) * (size_t)(nb + 1));
    p->stop_c = arena_alloc(a, sizeof(int) * (size_t)(nb + 1));
    p->at_block = arena_alloc(a, sizeof(int) * FAST_MAX_POINTS);
    p->at_op = arena_alloc(a, sizeof(int) * FAST_MAX_POINTS);
    p->flow = arena_alloc(a, FAST_MAX_POINTS);
    p->entry = arena_alloc(a, FAST_MAX_POINTS);
    p->entry_stop = arena_alloc(a, sizeof(int) * FAST_MAX_POINTS);
    p->h_used = arena_alloc(a, FAST_MAX_POINTS);
    p->hc_used = arena_alloc(a, FAST_MAX_POINTS);
    p->nslot_regs = arena_alloc(a, sizeof(int) * FAST_MAX_POINTS);
    p->slot_reg = arena_alloc(a, sizeof(*p->slot_reg) * FAST_MAX_POINTS);
    p->used = arena_alloc(a, (size_t)f->regs.len + 1);
    int nmax = 2 * nb + FAST_MAX_POINTS + 2;
    const IrBlock **work = arena_alloc(a, sizeof(IrBlock *) * (size_t)nmax);
    int *work_from = arena_alloc(a, sizeof(int) * (size_t)nmax);   /* -1: from op 0 */
    bool *work_counted = arena_alloc(a, (size_t)nmax);
    bool *written = arena_alloc(a, (size_t)f->regs.len + 1);
    int nwork = 0;
    bool returns = false;
    p->in[0] = true;
    work_from[nwork] = -1;
    work[nwork++] = f->blocks.data[0];
    while (nwork > 0) {
        const IrBlock *b = work[--nwork];
        bool counted = work_counted[nwork];
        int from = work_from[nwork];
        int *stop = from >= 0 ? &p->entry_stop[from] : counted ? &p->stop_c[b->id] : &p->stop[b->id];
        *stop = b->ops.len;
        for (int i = from >= 0 ? p->at_op[from] : 0; i < b->ops.len; i++) {
            const IrOp *op = b->ops.data[i];
            int c = plan_class(E, f, op, count, counted);
            const IrOp *tested = op->kind == IR_ERRBRANCH ? emit_fast_tested_op(b, i) : NULL;
            if (op->kind == IR_ERRBRANCH && !tested) {
                c = FAST_NO;   /* the result of an op before this block */
            }
            if (c == FAST_NO || (c == FAST_GUARD && !point(p, b->id, i)) || (c == FAST_COUNT && !counted)) {
                *stop = i;
                int k = point(p, b->id, i);
                if (!k) {
                    return NULL;
                }
                p->flow[k - 1] = c != FAST_GUARD;
                if (c == FAST_COUNT && !p->entry[k - 1]) {   /* _c runs on from here */
                    p->entry[k - 1] = true;
                    work_counted[nwork] = true;
                    work_from[nwork] = k - 1;
                    work[nwork++] = b;
                }
                break;
            }
            returns |= c == FAST_RETURN && !counted;
            for (int j = 0; j < op->nargs; j++) {
                p->used[op->args[j]] = true;
            }
            if (op->dst >= 0) {
                p->used[op->dst] = true;
            }
            if (op->dst >= f->params.len) {
                written[op->dst] = true;
            }
            if (op->kind == IR_CALL && op->borrow1 > 0) {   /* its result's flag: owned or not */
                p->used[op->borrow1 - 1] = written[op->borrow1 - 1] = true;
            }
            /* the clone's ops cannot fail (a failure is a guard's handover): its error
             * branches go on, and the handlers are no handover points */
            bool may_fail = tested && tested->kind == IR_CALL;
            const IrBlock *succ[2] = {op->kind == IR_ERRBRANCH && !may_fail ? NULL : op->target, op->target2};
            bool *in = counted ? p->in_c : p->in;
            for (int s = 0; s < 2; s++) {
                if (!succ[s] || in[succ[s]->id]) {
                    continue;
                }
                if (!enters(E, f, succ[s], count, counted)) {
                    int k = point(p, succ[s]->id, 0);
                    if (!k) {
                        return NULL;
                    }
                    p->flow[k - 1] = true;
                    continue;
                }
                in[succ[s]->id] = true;
                work_counted[nwork] = counted;
                work_from[nwork] = -1;
                work[nwork++] = succ[s];
            }
        }
    }
    if (!returns) {
        return NULL;
    }
    p->nslots = pass_live(E, f, p, written);
    if (p->nslots < 0) {
        return NULL;
    }
    if (E->selfk_in_body && p->nslots == 0) {
        p->nslots = 1;   /* the entry's handover passes self's check */
    }
    return p;
}

/* A clone that goes on past counted calls; failing that (too many points or slots),
 * one that stops at them. */
EmitFast *emit_fast_plan(Emitter *E, const IrFunc *f)
{
    if (!emit_fast_wanted(E, f)) {
        return NULL;
    }
    EmitFast *p = plan(E, f, true);
    return p ? p : plan(E, f, false);
}

/* The resume point of op i of block b (1-based), 0 if none. */
int emit_fast_point(const EmitFast *p, int b, int i)
{
    for (int k = 0; k < p->n; k++) {
        if (p->at_block[k] == b && p->at_op[k] == i) {
            return k + 1;
        }
    }
    return 0;
}

/* ", int pyc2c_at, int64_t pyc2c_s1, ..." after the body's own parameters: few enough
 * that the handover is a jump, with no stack arguments. */
void emit_fast_params(Emitter *E, const IrFunc *f)
{
    sb_puts(E->out, ", int pyc2c_at");   /* after pyc2c_ts at least */
    for (int i = 1; i <= E->fast->nslots; i++) {
        sb_printf(E->out, ", int64_t pyc2c_s%d", i);
    }
}

static void emit_unslot(Emitter *E, const IrFunc *f, int k, int indent, const char *label)
{
    for (int i = 0; i < E->fast->nslot_regs[k - 1]; i++) {
        IrReg r = E->fast->slot_reg[k - 1][i];
        RType rt = f->regs.data[r].rt;
        emit_line(E, indent, "r%d = (%s)%spyc2c_s%d;", r, rtype_c_names[rt],
                  rt == RT_OBJ || rt == RT_METH ? "(intptr_t)" : "", i + 1);
    }
    emit_line(E, indent, "goto %s%d;", label, k);
}

/* The full body's resumption: the frame counted, the registers out of their slots, then
 * a jump to the op; the points of the clone's control flow first (its failed checks are
 * rare). Self's check comes in slot 1 from the entry's handover only. */
void emit_fast_dispatch(Emitter *E, const IrFunc *f)
{
    const EmitFast *p = E->fast;
    if (E->selfk_in_body) {
        emit_line(E, 1, "int64_t pyc2c_selfk = pyc2c_at == 0 ? pyc2c_s1 : 0;");
        emit_line(E, 1, "(void)pyc2c_selfk;");
    }
    emit_line(E, 1, "if (pyc2c_at != 0) {");
    emit_line(E, 2, "Pyc2c_FrameResume(pyc2c_ts);   /* the clone saw room for it (Pyc2c_FrameFree) */");
    for (int k = 1; k <= p->n; k++) {
        if (p->flow[k - 1] && !p->entry[k - 1]) {   /* (entries go to _c) */
            emit_line(E, 2, "if (PYC2C_LIKELY(pyc2c_at == %d)) {", k);
            emit_unslot(E, f, k, 3, "P");
            emit_line(E, 2, "}");
        }
    }
    emit_line(E, 2, "switch (pyc2c_at) {");
    for (int k = 1; k <= p->n; k++) {
        if (!p->flow[k - 1]) {
            emit_line(E, 2, "case %d:", k);
            emit_unslot(E, f, k, 3, "P");
        }
    }
    emit_line(E, 2, "default: break;");
    emit_line(E, 2, "}");
    emit_line(E, 1, "}");
}

/* "return pyc2c_<entry>_<c>_r(pyc2c_ts, <params>, k, <slots>);" (_c: a counted call's
 * point, from the clone) */
static void emit_handover(Emitter *E, const IrFunc *f, int k)
{
    const EmitFast *p = E->fast;
    StrBuf *sb = E->out;
    bool to_c = k > 0 && p->entry[k - 1] && !E->fast_counting;
    sb_printf(sb, "    return %s%s_%s(pyc2c_ts", E->selfk_in_body ? "pyc2c_nativetsk_" : "pyc2c_nativets_",
              emit_c_name(E, f), to_c ? "c" : "r");
    sb_puts(sb, f->params.len ? ", " : "");
    emit_forward_args(E, f);
    sb_printf(sb, ", %d", k);
    for (int i = 0; i < p->nslots; i++) {
        if (k == 0) {
            sb_puts(sb, i == 0 && E->selfk_in_body ? ", pyc2c_selfk" : ", 0");
        } else if (i < p->nslot_regs[k - 1]) {
            IrReg r = p->slot_reg[k - 1][i];
            RType rt = f->regs.data[r].rt;
            sb_printf(sb, ", (int64_t)%sr%d", rt == RT_OBJ || rt == RT_METH ? "(intptr_t)" : "", r);
        } else {
            sb_puts(sb, ", 0");
        }
    }
    sb_puts(sb, ");\n");
}

static const char *reg(Emitter *E, IrReg r)
{
    return emit_reg(E, r);
}

/* "goto H<k>;", or past a counted call "goto HC<k>;" (which leaves the frame first). */
static const char *hand(Emitter *E, int k)
{
    bool counted = E->fast_counting;
    (counted ? E->fast->hc_used : E->fast->h_used)[k - 1] = true;
    return arena_printf(&E->ctx->arena, counted ? "goto HC%d;" : "goto H%d;", k);
}

/* The test of op's fast case, or NULL: the op runs as in the body. */
static const char *guard(Emitter *E, const IrOp *op)
{
    Arena *a = &E->ctx->arena;
    switch (op->kind) {
    case IR_CLASS_OF:
        return arena_printf(a, "PYC2C_TYPE_IS_RECORDED(Py_TYPE(%s), pyc2c_cls_%d.type, pyc2c_cls_%d.checked_tag)",
                            reg(E, op->args[0]), op->u.cls, op->u.cls);
    case IR_FIELD_GET:
        if (op->u.field.kind == IRF_OBJ) {
            return arena_printf(a, "%s != 0 && PYC2C_AT(%s, %d, PyObject *) != NULL", reg(E, op->args[1]),
                                reg(E, op->args[0]), op->u.field.offset);
        }
        if (op->u.field.kind == IRF_INT) {
            return arena_printf(a, "%s != 0 && PYC2C_FIELD_INT_SET(PYC2C_AT(%s, %d, Pyc2cInt))", reg(E, op->args[1]),
                                reg(E, op->args[0]), op->u.field.offset);
        }
        return arena_printf(a, "%s != 0 && (PYC2C_AT(%s, %d, uint32_t) & %uu) != 0", reg(E, op->args[1]),
                            reg(E, op->args[0]), op->u.field.bitmap, op->u.field.bit);
    case IR_INCREF:
        return arena_printf(a, "Pyc2cInt_IsShort(%s)", reg(E, op->args[0]));
    case IR_DECREF:
        if (E->f->regs.data[op->args[0]].rt == RT_INT) {
            return arena_printf(a, "Pyc2cInt_IsShort(%s)", reg(E, op->args[0]));
        }
        return arena_printf(a, "%s == NULL || Py_REFCNT(%s) > 1", reg(E, op->args[0]), reg(E, op->args[0]));
    case IR_FIELD_SET:
        if (op->u.field.kind == IRF_OBJ) {   /* the old value (if any) is not freed */
            return arena_printf(a, "%s != 0 && (PYC2C_AT(%s, %d, PyObject *) == NULL || Py_REFCNT(PYC2C_AT(%s, %d, PyObject *)) > 1)",
                                reg(E, op->args[2]), reg(E, op->args[0]), op->u.field.offset, reg(E, op->args[0]),
                                op->u.field.offset);
        }
        return arena_printf(a, "%s != 0 && Pyc2cInt_IsShort(%s) && !PYC2C_FIELD_INT_HOLDS_OBJ(PYC2C_AT(%s, %d, Pyc2cInt))",
                            reg(E, op->args[2]), reg(E, op->args[1]), reg(E, op->args[0]), op->u.field.offset);
    case IR_CALL:   /* a quick leaf (emit_quick.c) runs no Python code and counts nothing */
        return arena_printf(a, emit_quick_leaf(E, op->u.callee) ? "%s != 0" : "%s != 0 && Pyc2c_ClonedLeafRoom(pyc2c_ts)",
                            reg(E, op->args[op->nargs - 1]));
    case IR_PRIM:
        if (!int_compare(op->u.prim)) {
            return NULL;
        }
        return arena_printf(a, "PYC2C_BOTH_SHORT(%s, %s)", reg(E, op->args[0]), reg(E, op->args[1]));
    default:
        return NULL;
    }
}

/* One op of the clone: its guard, then its fast form (the body's, with the slow case
 * dead after the guard). */
void emit_fast_op(Emitter *E, const IrBlock *b, int i, const IrBlock *next)
{
    const IrOp *op = b->ops.data[i];
    int k = E->fast_quick ? 0 : emit_fast_point(E->fast, b->id, i);
    bool counted_call = op->kind == IR_CALL && emit_fast_op_class(E, E->f, op) == FAST_COUNT;   /* in _c */
    const char *g = (k || E->fast_quick) && !counted_call ? guard(E, op) : NULL;
    bool quick_call = op->kind == IR_CALL && emit_quick_leaf(E, op->u.callee);
    const char *out = !g && !quick_call ? NULL : k ? hand(E, k) : "goto Q;";   /* quick: not done */
    if (g) {
        emit_line(E, 1, "if (PYC2C_UNLIKELY(!(%s))) {", g);
        emit_line(E, 2, "%s", out);
        emit_line(E, 1, "}");
    }
    if (quick_call) {
        emit_quick_call(E, op, out);
    } else if (op->kind == IR_FIELD_GET && op->borrow1 == -1 && E->fast_quick && E->borrow_body) {
        emit_line(E, 1, "%s = PYC2C_AT(%s, %d, PyObject *);", reg(E, op->dst), reg(E, op->args[0]),
                  op->u.field.offset);
        emit_line(E, 1, "if (pyc2c_owned != NULL) {   /* an accessor's return: borrowed when asked */");
        emit_line(E, 2, "*pyc2c_owned = 0;");
        emit_line(E, 1, "} else {");
        emit_line(E, 2, "Py_INCREF(%s);", reg(E, op->dst));
        emit_line(E, 1, "}");
    } else if (op->kind == IR_RETURN && E->fast_quick) {
        emit_line(E, 1, "*pyc2c_done = 1;");
        emit_op(E, op, next);
    } else if (op->kind == IR_ERRBRANCH && emit_fast_tested_op(b, i)->kind != IR_CALL) {   /* its op did not fail */
        if (op->target2 != next) {
            const char *h = emit_fast_jump(E, op->target2);
            emit_line(E, 1, "%s", h ? h : arena_printf(&E->ctx->arena, "goto L%d;", op->target2->id));
        }
    } else if (op->kind == IR_PRIM && op->u.prim == prim(PRIM_STACK_CHECK)) {
        emit_line(E, 1, "%s = 0;   /* counted by the full body only */", reg(E, op->dst));
    } else if (op->kind == IR_PRIM && int_compare(op->u.prim)) {   /* an int compare: tagged shorts compare as their words */
        static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
        static const char *const names[] = {"int_eq", "int_ne", "int_lt", "int_le", "int_gt", "int_ge"};
        int c = 0;
        while (strncmp(op->u.prim->name, names[c], 6) != 0) {
            c++;
        }
        emit_line(E, 1, "%s = %s %s %s;", reg(E, op->dst), reg(E, op->args[0]), ops[c], reg(E, op->args[1]));
    } else if (op->kind == IR_DECREF && E->f->regs.data[op->args[0]].rt == RT_OBJ) {   /* frees nothing */
        emit_line(E, 1, "if (%s != NULL) {", reg(E, op->args[0]));
        emit_line(E, 2, "Py_DECREF(%s);", reg(E, op->args[0]));
        emit_line(E, 1, "}");
    } else if (op->kind == IR_CLASS_OF) {
        emit_line(E, 1, "%s = (int64_t)(intptr_t)&pyc2c_cls_%d;", reg(E, op->dst), op->u.cls);
    } else if (op->kind == IR_FIELD_GET && op->u.field.kind == IRF_OBJ && op->borrow1 != -2) {
        emit_line(E, 1, "%s = PYC2C_AT(%s, %d, PyObject *);", reg(E, op->dst), reg(E, op->args[0]),
                  op->u.field.offset);
        emit_line(E, 1, "Py_INCREF(%s);", reg(E, op->dst));
    } else {
        emit_op(E, op, next);
    }
}

/* Does the clone jump to target through a handover? Its label, or NULL. */
const char *emit_fast_jump(Emitter *E, const IrBlock *target)
{
    if (!E->fast_clone || E->fast_quick) {
        return NULL;
    }
    if (E->fast_counting && E->fast->in_c[target->id]) {
        return arena_printf(&E->ctx->arena, "goto LC%d;", target->id);
    }
    if (!E->fast_counting && E->fast->in[target->id]) {
        return NULL;
    }
    return hand(E, emit_fast_point(E->fast, target->id, 0));
}

/* Ops from..stop of block b in clone form, then the handover at stop if it stops early. */
static void emit_clone_ops(Emitter *E, const IrBlock *b, int from, int stop, const IrBlock *next)
{
    E->cold_block = false;   /* no handler runs in the clone */
    if (b->ops.len == 0) {
        emit_line(E, 1, ";");
    }
    for (int j = from; j < stop; j++) {
        emit_fast_op(E, b, j, next);
    }
    if (stop < b->ops.len) {
        emit_line(E, 1, "%s", hand(E, emit_fast_point(E->fast, b->id, stop)));
    }
}

/* The blocks of one state in layout order: L<id> in the clone, LC<id> in _c. */
static void emit_clone_blocks(Emitter *E, const IrBlock **order, bool counted)
{
    const EmitFast *p = E->fast;
    const bool *in = counted ? p->in_c : p->in;
    int n = E->f->blocks.len;
    for (int i = 0; i < n; i++) {
        const IrBlock *b = order[i];
        if (!in[b->id]) {
            continue;
        }
        const IrBlock *next = NULL;
        for (int j = i + 1; j < n && !next; j++) {
            next = in[order[j]->id] ? order[j] : NULL;
        }
        sb_printf(E->out, counted ? "LC%d:\n" : "L%d:\n", b->id);
        emit_clone_ops(E, b, 0, (counted ? p->stop_c : p->stop)[b->id], next);
    }
}

/* The handovers used: H<k> from the clone, HC<k> from _c (which leaves its frame: the
 * body counts it again where it resumes). */
static void emit_handovers(Emitter *E, const IrFunc *f, bool counted)
{
    const EmitFast *p = E->fast;
    for (int k = 1; k <= p->n; k++) {
        if (counted ? p->hc_used[k - 1] : p->h_used[k - 1]) {
            sb_printf(E->out, counted ? "HC%d:\n" : "H%d:\n", k);
            if (counted) {
                emit_line(E, 1, "Pyc2c_FrameLeave(pyc2c_ts);");
            }
            emit_handover(E, f, k);
        }
    }
}

static void emit_clone_locals(Emitter *E, const IrFunc *f)
{
    for (int r = f->params.len; r < f->regs.len; r++) {   /* the registers it names */
        if (E->fast->used[r]) {
            sb_puts(E->out, "    ");
            emit_decl(E->out, f->regs.data[r].rt, arena_printf(&E->ctx->arena, "r%d", r));
            sb_printf(E->out, " = %s;\n    (void)r%d;\n", rtype_zero_values[f->regs.data[r].rt], r);
        }
    }
}

/* _c, the clone's counted continuation: entered at a counted call (entry point k) by a
 * sibling jump from the clone, it counts the frame (Pyc2c_FrameResume: the clone's
 * Pyc2c_FrameFree saw room) and runs on from the call as a counted frame; its own
 * handovers leave the frame and go to the full body. A function of its own, so that
 * the registers kept across its calls are saved there, not on the clone's way to its
 * uncounted returns (GCC does not shrink-wrap them). */
static void emit_counted_continuation(Emitter *E, const IrFunc *f)
{
    const EmitFast *p = E->fast;
    int last = 0;
    for (int k = 1; k <= p->n; k++) {
        last = p->entry[k - 1] ? k : last;
    }
    if (!last) {
        return;
    }
    sb_puts(E->out, "/* its counted continuation (emit_fast.c) */\n");
    E->fast_sig = 2;
    E->selfk_body = E->selfk_in_body;   /* (its name's) */
    emit_native_signature(E, f);
    E->selfk_body = false;
    E->fast_sig = 0;
    sb_puts(E->out, "\n{\n");
    emit_clone_locals(E, f);
    if (E->selfk_in_body) {
        emit_line(E, 1, "int64_t pyc2c_selfk = 0;   /* (self's check is in a slot) */");
        emit_line(E, 1, "(void)pyc2c_selfk;");
    }
    emit_line(E, 1, "Pyc2c_FrameResume(pyc2c_ts);   /* the clone saw room for it (Pyc2c_FrameFree) */");
    for (int k = 1; k <= last; k++) {
        if (p->entry[k - 1] && k < last) {
            emit_line(E, 1, "if (pyc2c_at == %d) {", k);
            emit_unslot(E, f, k, 2, "E");
            emit_line(E, 1, "}");
        }
    }
    emit_unslot(E, f, last, 1, "E");
    E->fast_counting = E->counts_frame = true;
    for (int k = 1; k <= p->n; k++) {
        if (p->entry[k - 1]) {
            const IrBlock *b = f->blocks.data[p->at_block[k - 1]];
            sb_printf(E->out, "E%d:\n", k);
            emit_clone_ops(E, b, p->at_op[k - 1], p->entry_stop[k - 1], NULL);
        }
    }
    emit_clone_blocks(E, E->fast_order, true);
    emit_handovers(E, f, true);
    sb_puts(E->out, "}\n");
    E->fast_counting = E->counts_frame = false;
}

void emit_fast_clone(Emitter *E, const IrFunc *f, const IrBlock **order)
{
    EmitLineMap *lines = E->lines;
    E->lines = NULL;
    E->fast_clone = true;
    E->fast_order = order;
    emit_counted_continuation(E, f);
    sb_puts(E->out, "/* its fast clone (emit_fast.c) */\n");
    E->selfk_body = E->selfk_in_body;
    emit_native_signature(E, f);
    E->selfk_body = false;
    sb_puts(E->out, "\n{\n");
    emit_clone_locals(E, f);
    emit_line(E, 1, "if (PYC2C_UNLIKELY(!Pyc2c_FrameFree(pyc2c_ts))) {");
    emit_handover(E, f, 0);
    emit_line(E, 1, "}");
    E->fast_counting = E->counts_frame = false;   /* its returns leave no frame */
    emit_clone_blocks(E, order, false);
    emit_handovers(E, f, false);
    sb_puts(E->out, "}\n");
    E->counts_frame = true;
    E->fast_clone = false;
    E->lines = lines;
}
