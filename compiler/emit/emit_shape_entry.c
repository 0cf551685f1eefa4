/* emit_shape_entry.c - Python entries from parameter tables, one per signature shape.
 *
 * A module split into parts (a big one, emit_parts.c) has its functions' Python entries
 * driven by tables (runtime/entry.h): each function gets its parameter table
 * pyc2c_spec_<c_name>, and its funcdef names the entry of its shape (the kinds of its
 * parameters and result, pyc2c_entry_<result>_<params>) with the table and the native
 * function. The 340 functions of bench/compile_speed.py, one shape, have one entry in
 * place of 340: 10 M instructions of cc1 each, about 5% of the module's C compile.
 * A call through it costs an indirect call more than a written-out one would. */
#include "emit_internal.h"

#include <string.h>

/* The kind letter of Pyc2cParamSpec for an rtype (parameter or result), 0 when the
 * table has none. */
static char spec_kind(RType rt)
{
    switch (rt) {
    case RT_INT: return 'i';
    case RT_FLOAT: return 'f';
    case RT_BOOL: return 'b';
    case RT_NONE: return 'n';
    case RT_I64: return 'l';
    case RT_I32: return 'w';
    case RT_OBJ: return 'o';
    default: return 0;
    }
}

static const char *const entry_ends[RT_METH + 1] = {
    [RT_INT] = "Int", [RT_FLOAT] = "Float", [RT_BOOL] = "Bool", [RT_NONE] = "None",
    [RT_I64] = "I64", [RT_I32] = "I32", [RT_OBJ] = "Obj",
};

enum { ENTRY_MAX_PARAMS = 12 };   /* runtime/entry.h: PYC2C_ENTRY_MAX_PARAMS */

bool emit_table_entry_fits(const IrFunc *f)
{
    if (f->nfree > 0 || f->class_cell1 || f->nsplit > 0 || f->params.len > ENTRY_MAX_PARAMS
        || f->ret > RT_METH || !entry_ends[f->ret]) {
        return false;   /* closures (a class cell too: emit_call_and_box) and split results: not yet */
    }
    for (int i = 0; i < f->params.len; i++) {
        if (!spec_kind(f->params.data[i].rt)) {
            return false;
        }
    }
    return true;
}

bool emit_has_shape_entry(const Emitter *E, const IrFunc *f)
{
    return E->nparts > 1 && emit_table_entry_fits(f);
}

/* pyc2c_entry_<result kind>_<parameter kinds>, interned (compares by pointer). */
static const char *shape_name(Emitter *E, const IrFunc *f)
{
    char buf[16 + ENTRY_MAX_PARAMS];
    int n = snprintf(buf, sizeof buf, "%c_", spec_kind(f->ret));
    for (int i = 0; i < f->params.len; i++) {
        buf[n++] = spec_kind(f->params.data[i].rt);
    }
    buf[n] = 0;
    return intern_cstr(E->ctx->names, arena_printf(&E->ctx->arena, "pyc2c_entry_%s", buf));
}

/* Pyc2cParamSpec's check letter of an object parameter (as emit_arg checks it). */
static char spec_check(const IrParam *p)
{
    static const char *const names[] = {"str", "list", "dict", "set", "tuple"};
    static const char letters[] = "sLdSt";
    if (p->rt != RT_OBJ) {
        return 0;
    }
    if (p->union_mask) {
        return 'u';
    }
    if (p->cls1 > 0) {
        return 'c';
    }
    for (size_t k = 0; p->type_name && k < sizeof names / sizeof names[0]; k++) {
        if (strcmp(p->type_name, names[k]) == 0) {
            return letters[k];
        }
    }
    return 0;
}

static void emit_entry_signature(Emitter *E, const char *name)
{
    sb_printf(E->out, "PYC2C_FN PyObject *%s(PyObject *self, PyObject *const *args, size_t nargsf, "
                      "PyObject *kwnames)", name);
}

static bool seen_shape(const Emitter *E, const char *name)
{
    for (int i = 0; i < E->shapes.len; i++) {
        if (E->shapes.data[i] == name) {
            return true;
        }
    }
    return false;
}

/* The funcdef's entry, spec and native fields for f; first declares its parameter table
 * and, the first time, its shape's entry. */
void emit_shape_funcdef_fields(Emitter *E, const IrFunc *f, const char **entry, const char **spec,
                               const char **native)
{
    StrBuf *sb = E->out;
    const char *c = emit_c_name(E, f);
    const char *name = shape_name(E, f);
    if (!seen_shape(E, name)) {
        vec_push(&E->ctx->arena, &E->shapes, name);
        vec_push(&E->ctx->arena, &E->shape_funcs, f);
        emit_entry_signature(E, name);
        sb_puts(sb, ";\n");
    }
    *entry = name;
    *spec = "NULL";
    if (f->params.len > 0) {
        sb_printf(sb, "PYC2C_VAR const Pyc2cParamSpec pyc2c_spec_%s[] PYC2C_INIT({", c);
        for (int i = 0; i < f->params.len; i++) {
            const IrParam *p = &f->params.data[i];
            char check = spec_check(p);
            sb_printf(sb, "%s{'%c', %s, %d, ", i ? ", " : "", spec_kind(p->rt),
                      check ? arena_printf(&E->ctx->arena, "'%c'", check) : "0", p->or_none ? 1 : 0);
            const char *tn = p->type_name ? p->type_name : rtype_name(p->rt);
            emit_c_string(sb, tn, strlen(tn));
            sb_printf(sb, ", %s, %lldLL}",
                      check == 'c' ? arena_printf(&E->ctx->arena, "&pyc2c_cls_%d", p->cls1 - 1) : "NULL",
                      (long long)p->union_mask);
        }
        sb_puts(sb, "});\n");
        *spec = arena_printf(&E->ctx->arena, "pyc2c_spec_%s", c);
    }
    *native = arena_printf(&E->ctx->arena, "(void (*)(void))pyc2c_native_%s", c);
}

/* "Pyc2cInt, double": the parameter types of f's native function. */
static const char *native_params(Emitter *E, const IrFunc *f)
{
    if (f->params.len == 0) {
        return "void";
    }
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(&sb, "%s%s", i ? ", " : "", rtype_c_names[f->params.data[i].rt]);
    }
    const char *s = arena_strdup(&E->ctx->arena, sb.data);
    sb_free(&sb);
    return s;
}

/* One shape's entry: bind, check and unbox by the table in the function's def, call its
 * native function, box the result. f: any function of the shape. */
static void emit_shape_entry(Emitter *E, const IrFunc *f, const char *name)
{
    static const char *const value_fields = "ifbblwo";   /* Pyc2cArgValue's member per kind */
    static const char *const kinds = "ifbnlwo";
    StrBuf *sb = E->out;
    sb_puts(sb, "\n");
    emit_entry_signature(E, name);
    sb_puts(sb, "\n{\n");
    emit_line(E, 1, "const Pyc2cFuncDef *def = ((Pyc2cFunction *)self)->def;");
    const char *params = native_params(E, f);
    sb_puts(sb, "    ");
    emit_decl(sb, f->ret, arena_printf(&E->ctx->arena, "(*native)(%s)", params));
    sb_puts(sb, " = (");
    emit_decl(sb, f->ret, arena_printf(&E->ctx->arena, "(*)(%s)", params));
    sb_puts(sb, ")def->native;\n");
    emit_line(E, 1, "Pyc2cEntry e;");
    emit_line(E, 1, "if (Pyc2c_EntryBegin(&e, self, args, nargsf, kwnames, def->spec, %d, &pyc2c_module_dict) < 0) {",
              f->params.len);
    emit_line(E, 2, "return NULL;");
    emit_line(E, 1, "}");
    sb_printf(sb, "    return Pyc2c_EntryEnd%s(&e, native(", entry_ends[f->ret]);
    for (int i = 0; i < f->params.len; i++) {
        char k = spec_kind(f->params.data[i].rt);
        sb_printf(sb, "%se.v[%d].%c", i ? ", " : "", i, value_fields[strchr(kinds, k) - kinds]);
    }
    sb_puts(sb, "));\n}\n");
}

void emit_shape_entries(Emitter *E)
{
    for (int s = 0; s < E->shapes.len; s++) {
        emit_shape_entry(E, E->shape_funcs.data[s], E->shapes.data[s]);
    }
}
