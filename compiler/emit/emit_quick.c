/* emit_quick.c - a frameless leaf's quick form, for the fast clones that call it.
 *
 * A fast clone (emit_fast.c) may call a frameless leaf (emit_leaf.c) inlined, but the
 * leaf's slow paths (the attribute protocol, an int's slow compare) are calls, and a call
 * anywhere in the clone gives it callee-saved registers on every path. A leaf that only
 * reads (no reference taken but its borrowed result, nothing stored or released, no
 * call) gets a quick form, pyc2c_nativetskq_<c>(ts, selfk, ..., [owned,] done): its ops
 * in the clone's forms, and where a guard fails it returns with *done = 0, having done
 * nothing, and the clone hands over at the call, which the full body then makes as
 * before. It runs no Python code and counts no frame, so the clone calls it without a
 * room test. Single-unit modules only (a static function every part would need). */
#include "emit_internal.h"

/* Does op run in a quick form: no reference taken but the accessor's borrowed return,
 * no store, no release, no call? */
static bool quick_op(const Emitter *E, const IrFunc *f, const IrBlock *b, int i)
{
    const IrOp *op = b->ops.data[i];
    switch (op->kind) {
    case IR_ERRBRANCH: {
        const IrOp *t = emit_fast_tested_op(b, i);
        return t && t->kind != IR_CALL;
    }
    case IR_FIELD_GET:
        if (op->nargs != 2) {
            return false;
        }
        if (op->u.field.kind == IRF_OBJ) {
            return op->borrow1 == -2 || (op->borrow1 == -1 && emit_borrow_entry(E, f));
        }
        return true;
    case IR_INCREF: case IR_DECREF: case IR_FIELD_SET: case IR_CALL:
        return false;
    case IR_CONST: {   /* a short int, or a constant borrowed from the pool */
        RType rt = f->regs.data[op->dst].rt;
        return emit_fast_op_class(E, f, op) != FAST_NO && (!rtype_refcounted[rt] || rt == RT_INT || op->borrow1 < 0);
    }
    default:
        return emit_fast_op_class(E, f, op) != FAST_NO;
    }
}

static bool quick_ok(const Emitter *E, const IrFunc *f)
{
    if (E->nparts > 1 || E->ctx->profile || !emit_frameless_leaf(E, f) || f->nsplit > 1 || f->blocks.len == 0) {
        return false;
    }
    for (int b = 0; b < f->blocks.len; b++) {   /* (unreachable blocks too: few in a leaf) */
        const IrBlock *blk = f->blocks.data[b];
        if (blk->is_error_handler) {
            continue;
        }
        for (int i = 0; i < blk->ops.len; i++) {
            if (blk->ops.data[i]->kind == IR_RETURN_ERROR && i == 0) {
                break;   /* the error exit, reached from handlers only */
            }
            if (!quick_op(E, f, blk, i)) {
                return false;
            }
        }
    }
    return true;
}

bool emit_quick_leaf(const Emitter *E, const IrFunc *f)
{
    if (!E->quick) {
        return false;
    }
    if (E->quick[f->index] == 0) {
        E->quick[f->index] = quick_ok(E, f) ? 2 : 1;
    }
    return E->quick[f->index] == 2;
}

void emit_quick_signature(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    sb_puts(sb, "static PYC2C_BODY_INLINE ");
    emit_decl(sb, f->ret, arena_printf(&E->ctx->arena, "pyc2c_nativetskq_%s(", emit_c_name(E, f)));
    sb_puts(sb, "PyThreadState *pyc2c_ts, int64_t pyc2c_selfk");
    for (int i = 0; i < f->params.len; i++) {
        sb_puts(sb, ", ");
        emit_decl(sb, f->params.data[i].rt, arena_printf(&E->ctx->arena, "r%d", i));
    }
    sb_puts(sb, emit_borrow_entry(E, f) ? ", char *pyc2c_owned, char *pyc2c_done)" : ", char *pyc2c_done)");
}

/* After the leaf's body, with its flags (E->borrow_body, E->selfk_in_body) set. */
void emit_quick_body(Emitter *E, const IrFunc *f, const IrBlock **order)
{
    bool *used = arena_alloc(&E->ctx->arena, (size_t)f->regs.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            for (int a = 0; a < op->nargs; a++) {
                used[op->args[a]] = true;
            }
            if (op->dst >= 0) {
                used[op->dst] = true;
            }
        }
    }
    EmitLineMap *lines = E->lines;
    E->lines = NULL;
    E->fast_clone = E->fast_quick = true;
    bool counts = E->counts_frame;
    E->counts_frame = false;
    sb_puts(E->out, "/* its quick form (emit_quick.c) */\n");
    emit_quick_signature(E, f);
    sb_puts(E->out, "\n{\n");
    for (int r = f->params.len; r < f->regs.len; r++) {
        if (used[r]) {
            sb_puts(E->out, "    ");
            emit_decl(E->out, f->regs.data[r].rt, arena_printf(&E->ctx->arena, "r%d", r));
            sb_printf(E->out, " = %s;\n    (void)r%d;\n", rtype_zero_values[f->regs.data[r].rt], r);
        }
    }
    if (E->borrow_body) {
        emit_line(E, 1, "if (pyc2c_owned != NULL) {");
        emit_line(E, 2, "*pyc2c_owned = 1;");
        emit_line(E, 1, "}");
    }
    int n = f->blocks.len;
    for (int i = 0; i < n; i++) {
        const IrBlock *b = order[i];
        if (b->is_error_handler || (b->ops.len > 0 && b->ops.data[0]->kind == IR_RETURN_ERROR)) {
            continue;
        }
        const IrBlock *next = NULL;
        for (int j = i + 1; j < n && !next; j++) {
            const IrBlock *c = order[j];
            next = c->is_error_handler || (c->ops.len > 0 && c->ops.data[0]->kind == IR_RETURN_ERROR) ? NULL : c;
        }
        sb_printf(E->out, "L%d:\n", b->id);
        E->cold_block = false;
        if (b->ops.len == 0) {
            emit_line(E, 1, ";");
        }
        for (int j = 0; j < b->ops.len; j++) {
            emit_fast_op(E, b, j, next);
        }
    }
    emit_line(E, 0, "Q:");
    emit_line(E, 1, "*pyc2c_done = 0;   /* nothing done: the caller hands over */");
    emit_line(E, 1, "return %s;", rtype_zero_values[f->ret]);
    sb_puts(E->out, "}\n");
    E->counts_frame = counts;
    E->fast_clone = E->fast_quick = false;
    E->lines = lines;
}

/* In a fast clone: the call of a quick leaf, or not_done. */
void emit_quick_call(Emitter *E, const IrOp *op, const char *not_done)
{
    const IrFunc *callee = op->u.callee;
    int n = callee->params.len;
    bool borrowed = op->borrow1 > 0;   /* the caller takes a flag: owned or borrowed */
    StrBuf *sb = E->out;
    emit_line(E, 1, "{");
    emit_line(E, 2, "char pyc2c_done = 0;");
    sb_printf(sb, "        %s%spyc2c_nativetskq_%s(pyc2c_ts, %s", op->dst >= 0 ? emit_reg(E, op->dst) : "",
              op->dst >= 0 ? " = " : "", emit_c_name(E, callee), emit_reg(E, op->args[n]));
    for (int i = 0; i < n; i++) {
        sb_printf(sb, ", %s", emit_reg(E, op->args[i]));
    }
    if (emit_borrow_entry(E, callee)) {
        sb_puts(sb, borrowed ? arena_printf(&E->ctx->arena, ", &%s", emit_reg(E, op->borrow1 - 1)) : ", NULL");
    }
    sb_puts(sb, ", &pyc2c_done);\n");
    emit_line(E, 2, "if (PYC2C_UNLIKELY(!pyc2c_done)) {");
    emit_line(E, 3, "%s", not_done);
    emit_line(E, 2, "}");
    emit_line(E, 1, "}");
    if (borrowed && !emit_borrow_entry(E, callee)) {
        emit_line(E, 1, "%s = 1;", emit_reg(E, op->borrow1 - 1));
    }
}
