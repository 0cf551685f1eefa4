/* emit_vtable.c - methods called through vtables (CALL_VTABLE, ir/build_vtable.c): per
 * signature a key (pyc2c_vkey_<k>, a static whose address is the identity), per method
 * an entry of one shape for all methods of its signature, pyc2c_nativevt_<c>(thread
 * state, the receiver's class check, self, the other parameters), and its Pyc2cVCall
 * (runtime/function.h), which its funcdef names and class vtables hold. */
#include "emit_internal.h"

/* "RET (*)(PyThreadState *, int64_t, T0, ...)": the entries' type, f's signature. */
void emit_vtable_fn_type(Emitter *E, const IrFunc *f, StrBuf *sb)
{
    (void)E;
    emit_decl(sb, f->ret, "(*)(PyThreadState *, int64_t");
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(sb, ", %s", rtype_c_names[f->params.data[i].rt]);
    }
    sb_puts(sb, ")");
}

static void vtable_signature(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    sb_puts(sb, "PYC2C_FN ");
    emit_decl(sb, f->ret, arena_printf(&E->ctx->arena, "pyc2c_nativevt_%s(", emit_c_name(E, f)));
    sb_puts(sb, "PyThreadState *pyc2c_ts, int64_t pyc2c_selfk");
    for (int i = 0; i < f->params.len; i++) {
        sb_puts(sb, ", ");
        emit_decl(sb, f->params.data[i].rt, arena_printf(&E->ctx->arena, "r%d", i));
    }
    sb_puts(sb, ")");
}

/* The keys, and each method's entry (declared) and vcall; before the funcdefs. */
void emit_vtable_decls(Emitter *E)
{
    const IrModule *m = E->m;
    for (int k = 0; k < m->vkeys.len; k++) {
        emit_line(E, 0, "PYC2C_VAR char pyc2c_vkey_%d;", k);
    }
    for (int i = 0; i < m->funcs.len; i++) {
        const IrFunc *f = m->funcs.data[i];
        if (f->vkey1 == 0) {
            continue;
        }
        vtable_signature(E, f);
        sb_puts(E->out, ";\n");
        const char *c = emit_c_name(E, f);
        int k = f->vkey1 - 1;
        if (!emit_takes_selfk(E, f)) {   /* the entry ignores the check */
            emit_line(E, 0, "PYC2C_VAR const Pyc2cVCall pyc2c_vcall_%s PYC2C_INIT({&pyc2c_vkey_%d, (Pyc2cVFn)pyc2c_nativevt_%s, "
                      "NULL, &pyc2c_vcall_%s});", c, k, c, c);
            continue;
        }
        /* a class deriving from f's calls its native entry with the check as is */
        emit_line(E, 0, "PYC2C_VAR const Pyc2cVCall pyc2c_vcalln_%s PYC2C_INIT({&pyc2c_vkey_%d, (Pyc2cVFn)pyc2c_nativevt_%s, "
                  "NULL, NULL});", c, k, c);
        emit_line(E, 0, "PYC2C_VAR const Pyc2cVCall pyc2c_vcall_%s PYC2C_INIT({&pyc2c_vkey_%d, (Pyc2cVFn)pyc2c_nativetsk_%s, "
                  "&pyc2c_cls_%d, &pyc2c_vcalln_%s});", c, k, c, f->self_class1 - 1, c);
    }
}

/* The funcdef's vcall field. */
const char *emit_vcall_ref(Emitter *E, const IrFunc *f)
{
    return f->vkey1 ? arena_printf(&E->ctx->arena, "&pyc2c_vcall_%s", emit_c_name(E, f)) : "NULL";
}

/* pyc2c_nativevt_<c>, after f's body (in its part): the native entry a direct call
 * would take, given the receiver's check narrowed to f's class when it takes one (for
 * a class that finds f without deriving from f's class: `A.m = B.m`; the others call
 * pyc2c_nativetsk_<c> itself). */
void emit_vtable_entry_of(Emitter *E, const IrFunc *f)
{
    const char *c = emit_c_name(E, f);
    vtable_signature(E, f);
    sb_puts(E->out, "\n{\n");
    if (emit_takes_selfk(E, f)) {
        sb_printf(E->out, "    return pyc2c_nativetsk_%s(pyc2c_ts, Pyc2c_ClassNarrow(pyc2c_selfk, &pyc2c_cls_%d), ", c,
                  f->self_class1 - 1);
    } else if (emit_passes_ts(E, f)) {
        sb_printf(E->out, "    (void)pyc2c_selfk;\n    return pyc2c_nativets_%s(pyc2c_ts, %s", c,
                  f->chain_depth ? "Pyc2c_DepthBudget(pyc2c_ts), " : "");
    } else {
        sb_printf(E->out, "    (void)pyc2c_ts;\n    (void)pyc2c_selfk;\n    return pyc2c_native_%s(", c);
    }
    emit_forward_args(E, f);
    sb_puts(E->out, ");\n}\n");
}
