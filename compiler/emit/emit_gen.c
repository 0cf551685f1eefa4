/* emit_gen.c - a generator function (IrFunc.generator) as C:
 *   struct pyc2c_frame_<c>   its registers, inside the generator object (runtime/gen.h)
 *   pyc2c_genstep_<c>        the body: a switch on the yield it resumes at, then the
 *                            blocks as in any function, registers read as F->rN
 *   pyc2c_genbody_<c>        the step with the module's globals in place
 *   pyc2c_genclear_<c>, pyc2c_gentraverse_<c>, pyc2c_gendef_<c>
 *   pyc2c_native_<c>         the native entry: a new generator holding the arguments */
#include <string.h>

#include "emit_internal.h"

static void emit_frame_struct(Emitter *E, const IrFunc *f, const char *c)
{
    emit_line(E, 0, "struct pyc2c_frame_%s {", c);
    for (int r = 0; r < f->regs.len; r++) {
        sb_puts(E->out, "    ");
        emit_decl(E->out, f->regs.data[r].rt == RT_VOID ? RT_BOOL : f->regs.data[r].rt,
                  arena_printf(&E->ctx->arena, "r%d", r));
        sb_puts(E->out, ";\n");
    }
    emit_line(E, 1, "char pyc2c_end;");
    emit_line(E, 0, "};");
}

static void emit_resume_switch(Emitter *E, const IrFunc *f)
{
    emit_line(E, 1, "int pyc2c_at = pyc2c_gen->resume;");
    emit_line(E, 1, "pyc2c_gen->resume = -1;");
    emit_line(E, 1, "switch (pyc2c_at) {");
    for (int bi = 0; bi < f->blocks.len; bi++) {
        const IrBlock *b = f->blocks.data[bi];
        const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
        if (t && (t->kind == IR_YIELD || t->kind == IR_YIELD_FROM)) {
            emit_line(E, 1, "case %d: goto L%d;", t->u.resume, t->target->id);
        }
    }
    emit_line(E, 1, "default: break;");
    emit_line(E, 1, "}");
}

/* --profile: the site runtime/gen.c reports each resume of the generator with (creating
 * it reports nothing, as in CPython). */
static void emit_profile_site(Emitter *E, const IrFunc *f, const char *c)
{
    sb_printf(E->out, "static Pyc2cProfileSite pyc2c_genprof_%s = {pyc2c_srcpath, ", c);
    emit_c_string(E->out, f->name, strlen(f->name));
    sb_printf(E->out, ", %d, NULL};\n", f->line);
}

static void emit_step(Emitter *E, const IrFunc *f, const char *c)
{
    emit_line(E, 0, "static PyObject *pyc2c_genstep_%s(Pyc2cGen *pyc2c_gen, PyObject *pyc2c_sent)", c);
    emit_line(E, 0, "{");
    emit_line(E, 1, "struct pyc2c_frame_%s *F = Pyc2cGen_FRAME(pyc2c_gen);", c);
    emit_line(E, 1, "(void)pyc2c_sent;");
    if (emit_has_interrupt_checks(f)) {
        /* the countdown of back-edges starts again at each resume: a local of the step */
        emit_line(E, 1, "int pyc2c_tick = pyc2c_tick_budget;");
    }
    if (f->nfree > 0) {
        emit_line(E, 1, "PyObject *pyc2c_closure = pyc2c_gen->closure;");
    }
    emit_fetch_ts(E, f);   /* once per resume: a resume runs in one thread */
    emit_resume_switch(E, f);
    const IrBlock **order = emit_layout_blocks(E, f);
    emit_linemap_begin_func(E, f);   /* --report=json: this body's slow paths, not the last function's */
    for (int i = 0; i < f->blocks.len; i++) {
        emit_block(E, order[i], i + 1 < f->blocks.len ? order[i + 1] : NULL);
    }
    E->has_ts = false;
    emit_line(E, 0, "}");
    emit_line(E, 0, "static PyObject *pyc2c_genbody_%s(Pyc2cGen *pyc2c_gen, PyObject *pyc2c_sent)", c);
    emit_line(E, 0, "{");
    emit_line(E, 1, "PyObject *caller_dict = pyc2c_module_dict;");
    emit_line(E, 1, "pyc2c_module_dict = pyc2c_gen->globals;");
    emit_line(E, 1, "PyObject *r = pyc2c_genstep_%s(pyc2c_gen, pyc2c_sent);", c);
    emit_line(E, 1, "pyc2c_module_dict = caller_dict;");
    emit_line(E, 1, "return r;");
    emit_line(E, 0, "}");
}

/* Releases what the frame of an abandoned generator holds: unheld slots are zero. */
static void emit_clear_and_traverse(Emitter *E, const IrFunc *f, const char *c)
{
    emit_line(E, 0, "static void pyc2c_genclear_%s(void *frame)", c);
    emit_line(E, 0, "{");
    emit_line(E, 1, "struct pyc2c_frame_%s *F = frame;", c);
    for (int r = 0; r < f->regs.len; r++) {
        const char *dec = emit_decref_fn(f->regs.data[r].rt);
        if (dec) {
            emit_line(E, 1, "%s(F->r%d);", dec, r);
        }
    }
    emit_line(E, 1, "memset(F, 0, sizeof *F);");
    emit_line(E, 0, "}");
    emit_line(E, 0, "static int pyc2c_gentraverse_%s(void *frame, visitproc visit, void *arg)", c);
    emit_line(E, 0, "{");
    emit_line(E, 1, "struct pyc2c_frame_%s *F = frame;", c);
    emit_line(E, 1, "(void)F;");
    for (int r = 0; r < f->regs.len; r++) {
        if (f->regs.data[r].rt == RT_OBJ) {
            emit_line(E, 1, "Py_VISIT(F->r%d);", r);
        }
    }
    emit_line(E, 1, "return 0;");
    emit_line(E, 0, "}");
}

static const char *c_str(Emitter *E, const char *s)
{
    StrBuf sb;
    sb_init(&sb);
    emit_c_string(&sb, s, strlen(s));
    const char *out = arena_strdup(&E->ctx->arena, sb.data);
    sb_free(&sb);
    return out;
}

static void emit_gendef(Emitter *E, const IrFunc *f, const char *c)
{
    if (E->ctx->profile) {
        emit_profile_site(E, f, c);
    }
    sb_printf(E->out, "static const int pyc2c_yieldlines_%s[] = {%d", c, f->line);
    for (int i = 0; i < f->yield_lines.len; i++) {
        sb_printf(E->out, ", %d", f->yield_lines.data[i]);
    }
    sb_puts(E->out, "};\n");
    emit_line(E, 0, "static const Pyc2cGenDef pyc2c_gendef_%s = {pyc2c_genbody_%s, pyc2c_genclear_%s, "
              "pyc2c_gentraverse_%s, sizeof(struct pyc2c_frame_%s), %s, %s, pyc2c_srcpath, %d, pyc2c_yieldlines_%s, %s};",
              c, c, c, c, c, c_str(E, f->name), c_str(E, f->qualname ? f->qualname : f->name), f->line, c,
              E->ctx->profile ? arena_printf(&E->ctx->arena, "&pyc2c_genprof_%s", c) : "NULL");
}

/* The native entry: the generator, its frame holding new references to the arguments. */
static void emit_entry(Emitter *E, const IrFunc *f, const char *c)
{
    emit_native_signature(E, f);
    sb_puts(E->out, "\n{\n");
    emit_line(E, 1, "PyObject *g = Pyc2cGen_New(&pyc2c_gendef_%s, pyc2c_module_dict, %s);", c,
              f->nfree > 0 ? "pyc2c_closure" : "NULL");
    emit_line(E, 1, "if (g == NULL) {");
    emit_line(E, 2, "return NULL;");
    emit_line(E, 1, "}");
    emit_line(E, 1, "struct pyc2c_frame_%s *F = Pyc2cGen_FRAME(g);", c);
    emit_line(E, 1, "(void)F;");
    for (int i = 0; i < f->params.len; i++) {
        const char *inc = emit_incref_fn(f->params.data[i].rt);
        if (inc) {
            emit_line(E, 1, "%s(r%d);", inc, i);
        }
        emit_line(E, 1, "F->r%d = r%d;", i, i);
    }
    emit_line(E, 1, "return g;");
    emit_line(E, 0, "}");
}

void emit_gen_func(Emitter *E, const IrFunc *f)
{
    E->f = f;
    const char *c = emit_c_name(E, f);
    sb_printf(E->out, "\n/* generator %s, line %d */\n", emit_comment_text(E, f->name), f->line);
    emit_frame_struct(E, f, c);
    emit_step(E, f, c);
    emit_clear_and_traverse(E, f, c);
    emit_gendef(E, f, c);
    E->f = NULL;
    emit_entry(E, f, c);
}

void emit_gen_suspend(Emitter *E, const IrOp *op)
{
    const char *v = emit_reg(E, op->args[0]);
    emit_line(E, 1, "pyc2c_gen->resume = %d;", op->u.resume);
    if (op->kind == IR_YIELD_FROM) {
        emit_line(E, 1, "pyc2c_gen->yieldfrom = %s;", v);
        emit_line(E, 1, "%s = NULL;", v);
        emit_line(E, 1, "return NULL;");
        return;
    }
    emit_line(E, 1, "{");
    emit_line(E, 2, "PyObject *pyc2c_value = %s;", v);
    emit_line(E, 2, "%s = NULL;", v);
    emit_line(E, 2, "return pyc2c_value;");
    emit_line(E, 1, "}");
}
