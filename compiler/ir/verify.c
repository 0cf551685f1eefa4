/* verify.c - structural invariants of a function's IR; an ICE on violation. */
#include "ir.h"

/* The destination ops.def's dst column promises. */
static void verify_dst(const IrFunc *f, const IrBlock *b, const IrOp *op)
{
    IrDst want = ir_op_dst(op->kind);
    if (want == IR_DST_PRIM) {
        want = op->u.prim->result == RT_VOID ? IR_DST_NONE : IR_DST_VALUE;
    }
    bool has = op->dst >= 0;
    if (has != (want != IR_DST_NONE) || (want == IR_DST_ERROR && f->regs.data[op->dst].rt != RT_NONE)) {
        ICE("%s: L%d: %s %s", f->name, b->id, ir_op_name(op->kind),
            want == IR_DST_NONE ? "has a destination" : want == IR_DST_ERROR ? "needs a None error register" : "needs a destination");
    }
}

static void verify_op(const IrFunc *f, const IrBlock *b, const IrOp *op, bool last)
{
    if (ir_op_is_terminator(op->kind) != last) {
        ICE("%s: L%d: terminator misplaced (%s)", f->name, b->id, ir_op_name(op->kind));
    }
    if (op->dst >= f->regs.len) {
        ICE("%s: L%d: bad destination register", f->name, b->id);
    }
    verify_dst(f, b, op);
    for (int i = 0; i < op->nargs; i++) {
        if (op->args[i] < 0 || op->args[i] >= f->regs.len) {
            ICE("%s: L%d: bad argument register in %s", f->name, b->id, ir_op_name(op->kind));
        }
    }
    if (op->kind == IR_PRIM) {
        for (int i = 0; i < op->nargs; i++) {
            if (f->regs.data[op->args[i]].rt != op->u.prim->args[i]) {
                ICE("%s: L%d: %s argument %d has rtype %s", f->name, b->id, op->u.prim->name, i,
                    rtype_name(f->regs.data[op->args[i]].rt));
            }
        }
        if (op->dst >= 0 && f->regs.data[op->dst].rt != op->u.prim->result) {
            ICE("%s: L%d: %s result rtype mismatch", f->name, b->id, op->u.prim->name);
        }
    }
    if (op->kind == IR_PRIM) {
        bool out = op->u.prim->out != RT_VOID;
        if (op->nouts != (out ? 1 : 0) || (out && (op->outs[0] < 0 || op->outs[0] >= f->regs.len ||
                                                   f->regs.data[op->outs[0]].rt != op->u.prim->out))) {
            ICE("%s: L%d: %s needs one out register of rtype %s", f->name, b->id, op->u.prim->name,
                rtype_name(op->u.prim->out));
        }
    }
    for (int i = 0; i < op->nouts && op->kind != IR_PRIM; i++) {
        if (op->kind != IR_CALL || op->outs[i] < 0 || op->outs[i] >= f->regs.len ||
            f->regs.data[op->outs[i]].rt != op->u.callee->split[i + 1]) {
            ICE("%s: L%d: bad out register of a split call", f->name, b->id);
        }
    }
    if (op->kind == IR_RETURN && f->nsplit && op->nargs != f->nsplit) {
        ICE("%s: L%d: a split return of %d values", f->name, b->id, op->nargs);
    }
    if (op->kind == IR_MOVE && f->regs.data[op->dst].rt != f->regs.data[op->args[0]].rt) {
        ICE("%s: L%d: move between rtypes", f->name, b->id);
    }
}

void ir_verify(const IrFunc *f)
{
    for (int i = 0; i < f->blocks.len; i++) {
        const IrBlock *b = f->blocks.data[i];
        if (b->ops.len == 0) {
            ICE("%s: empty block L%d", f->name, b->id);
        }
        for (int j = 0; j < b->ops.len; j++) {
            verify_op(f, b, b->ops.data[j], j == b->ops.len - 1);
        }
    }
}
