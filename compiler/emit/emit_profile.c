/* emit_profile.c - `pyc2c build --profile`: each native entry reports call and return
 * to the thread's profile function (runtime/profile.h), so cProfile and sys.setprofile
 * tools see compiled functions with their file, line and name, direct calls between
 * compiled functions included.  The body is emitted as pyc2c_profiled_<c_name>; the
 * native entry is a wrapper of it. */
#include "emit_internal.h"

#include <string.h>

const char *emit_profile_site_ref(Emitter *E, const IrFunc *f)
{
    if (!E->ctx->profile) {
        return "NULL";
    }
    const char *c = emit_c_name(E, f);
    const char *name = f->name;   /* co_name, as profilers show interpreted code */
    sb_printf(E->out, "PYC2C_VAR Pyc2cProfileSite pyc2c_prof_%s PYC2C_INIT({pyc2c_srcpath, ", c);
    emit_c_string(E->out, name, strlen(name));
    sb_printf(E->out, ", %d, NULL});\n", f->line);
    return arena_printf(&E->ctx->arena, "&pyc2c_prof_%s", c);
}

void emit_forward_args(Emitter *E, const IrFunc *f)
{
    const char *sep = "";
    if (f->nfree > 0) {
        sb_puts(E->out, "pyc2c_closure");
        sep = ", ";
    }
    for (int i = 0; i < f->params.len; i++, sep = ", ") {
        sb_printf(E->out, "%sr%d", sep, i);
    }
    for (int i = 1; i < f->nsplit; i++, sep = ", ") {
        sb_printf(E->out, "%spyc2c_out%d", sep, i);
    }
}

void emit_profile_entry(Emitter *E, const IrFunc *f)
{
    const char *c = emit_c_name(E, f);
    emit_native_signature(E, f);
    sb_puts(E->out, "\n{\n");
    emit_line(E, 1, "PyObject *pyc2c_frame = Pyc2cProfile_Enter(&pyc2c_prof_%s, pyc2c_module_dict);", c);
    emit_line(E, 1, "if (pyc2c_frame == (PyObject *)-1) {");
    emit_line(E, 2, "return %s;", rtype_error_values[f->ret]);
    emit_line(E, 1, "}");
    sb_puts(E->out, "    ");
    emit_decl(E->out, f->ret, "pyc2c_result");
    sb_printf(E->out, " = pyc2c_profiled_%s(", c);
    emit_forward_args(E, f);
    sb_puts(E->out, ");\n");
    emit_line(E, 1, "Pyc2cProfile_Leave(pyc2c_frame);");
    emit_line(E, 1, "return pyc2c_result;");
    sb_puts(E->out, "}\n");
}
