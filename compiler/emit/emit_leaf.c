/* emit_leaf.c - leaf methods that count no frame on their fast path.
 *
 * A method whose body runs no Python code while self's class check holds (IrFunc.
 * clean_body: accessors such as deltablue's input()/output()) and that its callers
 * inline (IrFunc.inline_body) is emitted as a body taking `pyc2c_counted`, called by
 * pyc2c_nativetsk_<c>:
 *   - with 0 while the check is nonzero and two frames of room are left below the
 *     recursion limit (Pyc2c_LeafRoom): nothing counted, nothing to undo on return;
 *   - with 1 otherwise, through an out-of-line cold copy: the frame counted as any other.
 * The count is observable only through the limit: the frame's own entry test, which
 * the room test makes, and the one level of Py_EnterRecursiveCall that a clean op (a
 * big-int comparison) may make, which the second frame of room covers; the body calls
 * nothing that counts frames. Bodies that store an object field are left out: the old
 * value's release may run a finalizer (Python code) while self's check holds. */
#include "emit_internal.h"

bool emit_frameless_leaf(const Emitter *E, const IrFunc *f)
{
    if (!f->clean_body || !f->inline_body || !emit_takes_selfk(E, f) || !E->counted[f->index]) {
        return false;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_FIELD_SET && op->u.field.kind == IRF_OBJ) {
                return false;
            }
        }
    }
    return true;
}

bool emit_borrow_entry(const Emitter *E, const IrFunc *f)
{
    return f->borrow_entry && !E->ctx->profile && emit_frameless_leaf(E, f);
}

/* "(pyc2c_ts, <counted>pyc2c_selfk, r0, ...<owned>)"; owned: the body's pyc2c_owned
 * argument, or NULL for a body without one */
static void forward(Emitter *E, const IrFunc *f, const char *counted, const char *owned)
{
    sb_printf(E->out, "(pyc2c_ts, %spyc2c_selfk%s", counted, f->params.len || f->nfree || f->nsplit > 1 ? ", " : "");
    emit_forward_args(E, f);
    sb_printf(E->out, "%s%s);\n", owned ? ", " : "", owned ? owned : "");
}

void emit_borrow_signature(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    sb_puts(sb, "PYC2C_FN ");
    emit_decl(sb, f->ret, arena_printf(&E->ctx->arena, "pyc2c_nativetskb_%s(", emit_c_name(E, f)));
    sb_puts(sb, "PyThreadState *pyc2c_ts, int64_t pyc2c_selfk");
    for (int i = 0; i < f->params.len; i++) {
        sb_puts(sb, ", ");
        emit_decl(sb, f->params.data[i].rt, arena_printf(&E->ctx->arena, "r%d", i));
    }
    sb_puts(sb, ", char *pyc2c_owned)");
}

/* pyc2c_nativetskb_<c>: the leaf's field borrowed on its fast path (*pyc2c_owned = 0),
 * else what the body or its counted copy returns: a new reference or NULL with an
 * exception (*pyc2c_owned = 1). */
static void emit_borrow_entry_fn(Emitter *E, const IrFunc *f)
{
    const char *c = emit_c_name(E, f);
    StrBuf *sb = E->out;
    sb_puts(sb, "PYC2C_BODY_INLINE ");
    emit_borrow_signature(E, f);
    sb_puts(sb, "\n{\n    *pyc2c_owned = 1;   /* until the body reads the field borrowed */\n");
    sb_puts(sb, "    if (PYC2C_LIKELY(pyc2c_selfk != 0 && Pyc2c_LeafRoom(pyc2c_ts))) {\n");
    sb_printf(sb, "        return pyc2c_nativetskf_%s", c);
    forward(E, f, "0, ", "pyc2c_owned");
    sb_printf(sb, "    }\n    return pyc2c_nativetskc_%s", c);
    forward(E, f, "", NULL);
    sb_puts(sb, "}\n");
}

/* After the body (pyc2c_nativetskf_<c>): its counted copy and the entry choosing. */
void emit_leaf_entries(Emitter *E, const IrFunc *f)
{
    const char *c = emit_c_name(E, f);
    const char *none = E->borrow_body ? "NULL" : NULL;
    E->leaf_sig = EMIT_LEAF_COUNTED;
    emit_native_signature(E, f);
    sb_puts(E->out, "\n{\n    return pyc2c_nativetskf_");
    sb_puts(E->out, c);
    forward(E, f, "1, ", none);
    sb_puts(E->out, "}\n");
    E->leaf_sig = EMIT_LEAF_NONE;
    E->selfk_body = true;
    sb_puts(E->out, "PYC2C_BODY_INLINE ");
    emit_native_signature(E, f);
    E->selfk_body = false;
    sb_puts(E->out, "\n{\n    if (PYC2C_LIKELY(pyc2c_selfk != 0 && Pyc2c_LeafRoom(pyc2c_ts))) {\n");
    sb_printf(E->out, "        return pyc2c_nativetskf_%s", c);
    forward(E, f, "0, ", none);
    sb_printf(E->out, "    }\n    return pyc2c_nativetskc_%s", c);
    forward(E, f, "", NULL);
    sb_puts(E->out, "}\n");
    if (E->borrow_body) {
        emit_borrow_entry_fn(E, f);
    }
}
