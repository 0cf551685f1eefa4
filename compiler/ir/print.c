/* print.c - the IR's stable text form (a test oracle and --dump-ir). */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

static void print_reg(const IrFunc *f, IrReg r, FILE *out)
{
    const char *name = f->regs.data[r].name;
    if (name) {
        fprintf(out, "%%%s.%d", name, r);
    } else {
        fprintf(out, "%%%d", r);
    }
}

/* A traceback's where (ir_traceback_where): the line, then " @C-EL:EC" for a range. */
static void print_where(const IrConst *k, FILE *out)
{
    unsigned long long w = strtoull(k->text, NULL, 10);
    unsigned range = (unsigned)(w >> 32), line = (unsigned)w;
    fprintf(out, "%u", line);
    if (range) {
        fprintf(out, " @%u-%u:%u", (range >> 12) & 0xfff, line + ((range >> 24) & 0x7f), range & 0xfff);
    }
}

static void print_const(const IrConst *k, FILE *out)
{
    switch (k->kind) {
    case IRC_INT:
        if (k->where) {
            print_where(k, out);
        } else {
            fprintf(out, "%s", k->text);
        }
        break;
    case IRC_FLOAT: fprintf(out, "%.17g", k->fval); break;
    case IRC_BOOL: fprintf(out, "%s", k->bval ? "True" : "False"); break;
    case IRC_NONE: fprintf(out, "None"); break;
    case IRC_STR: fprintf(out, "str#%d", k->pool_index); break;
    case IRC_BYTES: fprintf(out, "bytes#%d", k->pool_index); break;
    case IRC_ELLIPSIS: fprintf(out, "Ellipsis"); break;
    case IRC_DC_FACTORY: fprintf(out, "<factory>"); break;
    case IRC_COMPLEX: fprintf(out, "%.17gj", k->fval); break;
    case IRC_TUPLE: fprintf(out, "tuple#%d", k->pool_index); break;
    }
}

static void print_payload(const IrOp *op, FILE *out)
{
    switch (op->kind) {
    case IR_CONST: fputc(' ', out); print_const(op->u.konst, out); break;
    case IR_PRIM: fprintf(out, " %s", op->u.prim->name); break;
    case IR_CALL: case IR_DEFINE_FUNC: case IR_MAKE_FUNC: case IR_FUNC_INTACT:
    case IR_MEMO_INTACT: case IR_MEMO_CALL:
        fprintf(out, " %s%s", op->u.callee->name, op->u.callee->i64_copy ? ".i64" : op->u.callee->copy_of ? ".copy" : op->u.callee->bvec_of ? ".bvec" : "");
        break;
    case IR_CALL_GLOBAL: fprintf(out, " %s", op->u.call_global.callee->name); break;
    case IR_LOAD_GLOBAL: case IR_STORE_GLOBAL: fprintf(out, " @%d", op->u.global); break;
    case IR_SET_MODATTR: fprintf(out, " .%s", op->u.attr); break;
    case IR_IMPORT:
        if (op->u.import.nnames == 0) {
            fprintf(out, " %s as %s%s", op->u.import.module, op->u.import.asname, op->u.import.top && strchr(op->u.import.module, '.') ? " (top)" : "");
        } else {
            fprintf(out, " from %.*s%s:", op->u.import.level, "................................", op->u.import.module);
            for (int i = 0; i < op->u.import.nnames; i++) {
                fprintf(out, " %s as %s", op->u.import.names[i].name, op->u.import.names[i].asname);
            }
        }
        break;
    case IR_TRACEBACK:   /* a shared handler's line is in its register (pass/errshare.c) */
        if (op->u.callee) {   /* an inlined body's frame (pass/leafinline.c) */
            fprintf(out, " %s", op->u.callee->name);
        }
        if (op->nargs) {
            fputs(" line", out);
        } else {
            fprintf(out, " line %d", op->line);
        }
        break;
    case IR_BUILD: fprintf(out, " %c", "ltsdj"[op->u.build]); break;   /* as IrBuildKind */
    case IR_EXEC_KEPT: fprintf(out, " lines %d-%d", op->u.kept.line, op->line); break;
    case IR_VTABLE_ENTRY: fprintf(out, " slot %d sig %d", op->u.vtable.slot, op->u.vtable.key); break;
    case IR_CALL_VTABLE: fprintf(out, " sig %d (%s)", op->u.vtable.key, op->u.vtable.callee->name); break;
    default: break;
    }
}

static void print_op(const IrFunc *f, const IrOp *op, FILE *out)
{
    fputs("    ", out);
    if (op->dst >= 0) {
        print_reg(f, op->dst, out);
        fprintf(out, ": %s = ", rtype_name(f->regs.data[op->dst].rt));
    }
    fputs(ir_op_name(op->kind), out);
    print_payload(op, out);
    for (int i = 0; i < op->nargs; i++) {
        fputs(i ? ", " : " ", out);
        print_reg(f, op->args[i], out);
    }
    for (int i = 0; i < op->nouts; i++) {
        fputs(i ? ", " : " -> out ", out);
        print_reg(f, op->outs[i], out);
    }
    if (op->borrow1 > 0 && op->kind == IR_FIELD_FAST) {
        fputs(op->borrow1 == 2 ? " list" : " store", out);
    } else if (op->borrow1 > 0) {
        fputs(" owned ", out);
        print_reg(f, op->borrow1 - 1, out);
    } else if (op->borrow1 < 0) {
        fputs(op->borrow1 == -2 ? " borrowed fast" : " borrowed", out);
    }
    if (op->kind == IR_DECREF && op->u.refcount.nonnull) {
        fputs(" set", out);   /* proven non-NULL (pass/nonnull.c): a plain Py_DECREF */
    }
    if (op->target) {
        fprintf(out, " -> L%d", op->target->id);
    }
    if (op->target2) {
        fprintf(out, ", L%d", op->target2->id);
    }
    fputc('\n', out);
}

void ir_print_func(const IrFunc *f, FILE *out)
{
    fprintf(out, "def %s%s(", f->name, f->i64_copy ? ".i64" : f->copy_of ? ".copy" : f->bvec_of ? ".bvec" : "");
    for (int i = 0; i < f->params.len; i++) {
        fprintf(out, "%s%s: %s", i ? ", " : "", f->params.data[i].name, rtype_name(f->params.data[i].rt));
    }
    fprintf(out, ") -> %s:%s%s\n", rtype_name(f->ret), f->inline_body ? "  # inline" : "",
            f->borrow_entry ? "  # borrowed entry" : "");
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        fprintf(out, "  L%d:%s\n", blk->id, blk->is_error_handler ? "  # error handler" : "");
        for (int i = 0; i < blk->ops.len; i++) {
            print_op(f, blk->ops.data[i], out);
        }
    }
}

void ir_print(const IrModule *m, FILE *out)
{
    for (int g = 0; g < m->globals.len; g++) {
        fprintf(out, "global @%d %s: %s\n", g, m->globals.data[g].name, rtype_name(m->globals.data[g].rt));
    }
    for (int i = 0; i < m->funcs.len; i++) {
        ir_print_func(m->funcs.data[i], out);
    }
}
