/* emit_module.c - the parts of the extension around the function bodies:
 * module statics, prototypes and function definitions (prologue), the Python
 * entries, and the constant pool and PEP 489 multi-phase init (epilogue). */
#include <string.h>

#include "emit_internal.h"
#include "../../runtime/srchash.h"

static const char *c_string(Emitter *E, const char *s)
{
    StrBuf sb;
    sb_init(&sb);
    emit_c_string(&sb, s, strlen(s));
    const char *lit = arena_strdup(&E->ctx->arena, sb.data);
    sb_free(&sb);
    return lit;
}

/* ---- prologue ---- */

static void emit_globals(Emitter *E)
{
    const IrModule *m = E->m;
    for (int i = 0; i < m->globals.len; i++) {
        const IrGlobal *g = &m->globals.data[i];
        sb_puts(E->out, "PYC2C_VAR ");
        emit_decl(E->out, g->rt, arena_printf(&E->ctx->arena, "pyc2c_global_%d", i));
        sb_printf(E->out, " PYC2C_INIT(%s);  /* %s */\n", rtype_zero_values[g->rt],
                  emit_comment_text(E, g->name));
        if (g->checked) {   /* read before its binding may run: a flag says it was stored */
            emit_line(E, 0, "PYC2C_VAR char pyc2c_global_set_%d PYC2C_INIT(0);", i);
        }
    }
    for (int i = 0; i < m->pool.len; i++) {
        bool is_int = m->pool.data[i]->kind == IRC_INT;
        emit_line(E, 0, "PYC2C_VAR %spyc2c_pool_%s_%d;", is_int ? "Pyc2cInt " : "PyObject *",
                  is_int ? "int" : "str", i);
    }
    for (int i = 0; i < E->kwprints.len; i++) {
        emit_line(E, 0, "PYC2C_VAR PyObject *pyc2c_kwnames_%d;", i);
    }
}

static void emit_lines(Emitter *E, const char *const *lines)
{
    for (int i = 0; lines[i]; i++) {
        emit_line(E, 0, "%s", lines[i]);
    }
}

static int nrequired(const IrFunc *f)
{
    int n = 0;
    while (n < f->npos && f->params.data[n].default_global < 0) {
        n++;
    }
    return n;
}

static const char *c_string_or_null(Emitter *E, const char *s)
{
    return s ? c_string(E, s) : "NULL";
}

/* A qualified name literal; one that differed before 3.12 picks its version's. */
static const char *qualname_expr(Emitter *E, const char *qualname, const char *pre312)
{
    if (!pre312) {
        return c_string(E, qualname);
    }
    return arena_printf(&E->ctx->arena, "PYC2C_QUALNAME(%s, %s)", c_string(E, qualname), c_string(E, pre312));
}

static void emit_pyentry_signature(Emitter *E, const IrFunc *f)
{
    sb_printf(E->out, "PYC2C_FN PyObject *pyc2c_pyentry_%s(PyObject *self, PyObject *const *args, "
                      "size_t nargsf, PyObject *kwnames)", emit_c_name(E, f));
}

/* What the function object (runtime/function.h) knows of f: its Python entry,
 * parameter names, docstring and annotation texts. */
static void emit_funcdef(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    const char *c = emit_c_name(E, f);
    const char *entry = arena_printf(&E->ctx->arena, "pyc2c_pyentry_%s", c), *spec = "NULL", *native = "NULL";
    if (emit_has_shape_entry(E, f)) {
        emit_shape_funcdef_fields(E, f, &entry, &spec, &native);
    } else {
        emit_pyentry_signature(E, f);
        sb_puts(sb, ";\n");
    }
    sb_printf(sb, "PYC2C_VAR const char *const pyc2c_params_%s[] PYC2C_INIT({", c);
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(sb, "%s, ", c_string(E, f->params.data[i].name));
    }
    sb_puts(sb, "NULL});\n");
    /* argument errors name the qualified name (3.9's __name__: runtime/args.c) */
    const char *qual = qualname_expr(E, f->qualname ? f->qualname : f->name, f->qualname_pre312);
    emit_line(E, 0, "PYC2C_VAR const Pyc2cSig pyc2c_sig_%s PYC2C_INIT({%s, %d, %d, pyc2c_params_%s, %d, %d, %d, %d});", c,
              qual, f->npos, nrequired(f), c, f->nposonly, f->nkwonly, f->varargs, f->varkw);
    sb_printf(sb, "PYC2C_VAR const char *const pyc2c_annotations_%s[] PYC2C_INIT({", c);
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(sb, "%s, ", c_string_or_null(E, f->params.data[i].annotation));
    }
    sb_printf(sb, "%s});\n", c_string_or_null(E, f->ret_annotation));
    if (f->free_names) {
        sb_printf(sb, "PYC2C_VAR const char *const pyc2c_freevars_%s[] PYC2C_INIT({", c);
        for (int i = 0; f->free_names[i]; i++) {
            sb_printf(sb, "%s, ", c_string(E, f->free_names[i]));
        }
        sb_puts(sb, "NULL});\n");
    }
    const char *site = emit_profile_site_ref(E, f);
    emit_line(E, 0, "PYC2C_VAR const Pyc2cFuncDef pyc2c_funcdef_%s PYC2C_INIT({%s, %s, %s, %s, &pyc2c_sig_%s, "
              "pyc2c_annotations_%s, %d, %s, %d, %s, %s, %s, pyc2c_srcpath, %s});", c, c_string(E, f->name),
              f->qualname ? qualname_expr(E, f->qualname, f->qualname_pre312) : "NULL",
              c_string_or_null(E, f->doc), entry, c, c, E->m->future_annotations ? 1 : 0,
              site, f->code_line ? f->code_line : f->line, spec, native, emit_vcall_ref(E, f),
              f->free_names ? arena_printf(&E->ctx->arena, "pyc2c_freevars_%s", c) : "NULL");
    if (f->called_directly) {
        emit_line(E, 0, "PYC2C_VAR Pyc2cIntact pyc2c_intact_%s;", c);
    }
}

static void emit_prototypes(Emitter *E)
{
    const IrModule *m = E->m;
    for (int i = 0; i < m->funcs.len; i++) {
        emit_native_signature(E, m->funcs.data[i]);
        sb_puts(E->out, ";\n");
        if (emit_passes_ts(E, m->funcs.data[i])) {
            E->ts_body = true;
            emit_native_signature(E, m->funcs.data[i]);
            sb_puts(E->out, ";\n");
            E->selfk_body = emit_takes_selfk(E, m->funcs.data[i]);
            if (E->selfk_body) {
                emit_native_signature(E, m->funcs.data[i]);
                sb_puts(E->out, ";\n");
            }
            if (E->selfk_body && emit_borrow_entry(E, m->funcs.data[i])) {
                E->ts_body = E->selfk_body = false;
                emit_borrow_signature(E, m->funcs.data[i]);
                sb_puts(E->out, ";\n");
            }
            if (emit_quick_leaf(E, m->funcs.data[i])) {   /* for fast clones (emit_quick.c) */
                E->ts_body = E->selfk_body = false;
                emit_quick_signature(E, m->funcs.data[i]);
                sb_puts(E->out, ";\n");
            }
            E->ts_body = E->selfk_body = false;
        }
    }
    emit_vtable_decls(E);
    for (int i = 0; i < m->funcs.len; i++) {
        if (!m->funcs.data[i]->is_module_init && !m->funcs.data[i]->spec_copy && !m->funcs.data[i]->copy_of &&
            !m->funcs.data[i]->bvec_of) {
            emit_funcdef(E, m->funcs.data[i]);
        }
    }
    emit_memo_helpers(E);
}

/* The source's hash, kept in the extension for Pyc2c_WarnIfStale and `pyc2c check`. */
static void emit_source_stamp(Emitter *E)
{
    const SourceFile *f = E->ctx->file;
    if (f && f->text) {
        emit_line(E, 0, "__attribute__((unused)) static const char pyc2c_source_stamp[] = \"%s%016llx\";", PYC2C_STAMP_PREFIX,
                  (unsigned long long)pyc2c_source_hash(f->text, f->len));
    } else {
        emit_line(E, 0, "__attribute__((unused)) static const char pyc2c_source_stamp[] = \"\";");
    }
}

void emit_module_prologue(Emitter *E)
{
    const char *path = E->m->path ? E->m->path : "<unknown>";
    emit_line(E, 0, "/* generated by pyc2c from %s; do not edit */", emit_comment_text(E, path));
    if (E->nparts > 1) {
        emit_line(E, 0, "/* one translation unit, or PYC2C_NPARTS: compile with -DPYC2C_PART=0, 1, ... and link */");
        emit_line(E, 0, "#define PYC2C_NPARTS %d", E->nparts);
    }
    emit_line(E, 0, "#include \"pyc2c.h\"");
    emit_line(E, 0, "#include \"pyc2c_parts.h\"");
    emit_line(E, 0, "%s", "");
    emit_line(E, 0, "PYC2C_VAR PyObject *pyc2c_module;");
    emit_line(E, 0, "PYC2C_VAR PyObject *pyc2c_module_dict;");
    emit_line(E, 0, "PYC2C_VAR PyObject *pyc2c_modname_obj;");
    emit_line(E, 0, "__attribute__((unused)) static const char pyc2c_srcpath[] = %s;", c_string(E, path));
    emit_source_stamp(E);
    emit_globals(E);
    emit_class_tables(E);
    emit_line(E, 0, "%s", "");
    emit_prototypes(E);
}

/* ---- Python entries ---- */

static void emit_locals(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    emit_line(E, 1, "PyObject *in[%d];", f->params.len > 0 ? f->params.len : 1);
    emit_line(E, 1, "PyObject *defaults = NULL;");
    for (int i = 0; i < f->params.len; i++) {
        RType rt = f->params.data[i].rt;
        sb_puts(sb, "    ");
        emit_decl(sb, rt, arena_printf(&E->ctx->arena, "a%d", i));
        sb_printf(sb, " = %s;\n", rtype_zero_values[rt]);
    }
    sb_puts(sb, "    ");
    emit_decl(sb, f->ret, "r");
    sb_printf(sb, " = %s;\n", rtype_zero_values[f->ret]);
    for (int i = 1; i < f->nsplit; i++) {
        sb_puts(sb, "    ");
        emit_decl(sb, f->split[i], arena_printf(&E->ctx->arena, "r%d", i));
        sb_printf(sb, " = %s;\n", rtype_zero_values[f->split[i]]);
    }
    emit_line(E, 1, "PyObject *res = NULL;");
}

/* The type check an argument must pass before unboxing, or NULL. */
static const char *arg_check(RType rt)
{
    switch (rt) {
    case RT_INT: case RT_I64: case RT_I32: return "PyLong_Check(in[%d])";
    case RT_FLOAT: return "Pyc2cFloat_Check(in[%d])";
    case RT_BOOL: return "PyBool_Check(in[%d])";
    case RT_NONE: return "in[%d] == Py_None";
    default: return NULL;
    }
}

static const char *arg_unbox(RType rt)
{
    switch (rt) {
    case RT_INT: return "Pyc2cInt_Unbox(in[%d])";
    case RT_FLOAT: return "Pyc2cFloat_Unbox(in[%d])";
    case RT_BOOL: return "(char)(in[%d] == Py_True)";
    case RT_NONE: return "(char)(in[%d] != Py_None)";
    case RT_I64: return "Pyc2cI64_Unbox(in[%d])";
    case RT_I32: return "Pyc2cI32_Unbox(in[%d])";
    case RT_OBJ: return "in[%d]";
    default: ICE("parameter of rtype %s", rtype_name(rt));
    }
}

/* Every in[i] is set (a default comes from the function's __defaults__); an unboxed
 * int is owned. */
static void emit_arg(Emitter *E, const IrFunc *f, const IrParam *p, int i)
{
    const char *check = arg_check(p->rt);
    static const char *const obj_checks[][2] = {
        {"str", "PyUnicode_Check(in[%d])"}, {"list", "PyList_Check(in[%d])"}, {"dict", "PyDict_Check(in[%d])"},
        {"set", "PySet_Check(in[%d])"}, {"tuple", "PyTuple_Check(in[%d])"},
    };
    for (size_t k = 0; p->rt == RT_OBJ && p->type_name && k < sizeof obj_checks / sizeof obj_checks[0]; k++) {
        if (strcmp(p->type_name, obj_checks[k][0]) == 0) {
            check = obj_checks[k][1];   /* the class; elements are checked where they are read */
        }
    }
    if (p->cls1 > 0) {
        check = arena_printf(&E->ctx->arena, "%sPyc2c_InstanceCheck(in[%%d], &pyc2c_cls_%d)",
                             p->or_none ? "in[%d] == Py_None || " : "", p->cls1 - 1);
    }
    if (p->union_mask) {
        check = arena_printf(&E->ctx->arena, "Pyc2c_UnionCheck(in[%%d], %lldLL)", p->union_mask);
    }
    if (check) {
        const char *test = p->or_none ? arena_printf(&E->ctx->arena, check, i, i) : arena_printf(&E->ctx->arena, check, i);
        emit_line(E, 1, "if (!(%s)) {", test);
        emit_line(E, 2, "Pyc2c_ArgTypeError(&pyc2c_sig_%s, %d, %s, in[%d]);", emit_c_name(E, f), i,
                  c_string(E, p->type_name ? p->type_name : rtype_name(p->rt)), i);
        emit_line(E, 2, "goto done;");
        emit_line(E, 1, "}");
    }
    emit_line(E, 1, "a%d = %s;", i, arena_printf(&E->ctx->arena, arg_unbox(p->rt), i));
    if (p->rt == RT_INT || p->rt == RT_FLOAT || p->rt == RT_I64 || p->rt == RT_I32) {
        StrBuf t;
        sb_init(&t);
        emit_error_test(&t, p->rt, arena_printf(&E->ctx->arena, "a%d", i));
        emit_line(E, 1, "if (%s) {", t.data);
        emit_line(E, 2, "goto done;");
        emit_line(E, 1, "}");
        sb_free(&t);
    }
}

/* A split function's result as the tuple Python sees (its elements r, r1, ...). */
static void emit_split_tuple(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    sb_printf(sb, "        res = Pyc2c_TupleOfBoxed(%d", f->nsplit);
    for (int i = 0; i < f->nsplit; i++) {
        sb_puts(sb, ", ");
        emit_box_expr(sb, f->split[i], i == 0 ? "r" : arena_printf(&E->ctx->arena, "r%d", i));
    }
    sb_puts(sb, ");\n");
    for (int i = 0; i < f->nsplit; i++) {
        if (f->split[i] == RT_INT) {
            emit_line(E, 2, "Pyc2cInt_DECREF(%s);", i == 0 ? "r" : arena_printf(&E->ctx->arena, "r%d", i));
        }
    }
}

/* Native code reads globals through pyc2c_module_dict: while a function runs, that is
 * the dict of the module object its function object (self) was made in, so that two
 * instances of the module (a fresh re-import) each see their own globals. */
static void emit_call_and_box(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    /* a call from Python counts like a back-edge, as CPython's RESUME checks the eval
     * breaker: sorted(key=f), map(f, ...) and callbacks yield while f runs natively */
    emit_line(E, 1, "if (PYC2C_UNLIKELY(Pyc2c_CheckInterrupts(&pyc2c_entry_tick, &pyc2c_module_dict) == 2)) {");
    emit_line(E, 2, "goto done;");
    emit_line(E, 1, "}");
    emit_line(E, 1, "PyObject *caller_dict = pyc2c_module_dict;");
    emit_line(E, 1, "pyc2c_module_dict = Pyc2cFunction_GLOBALS(self);");
    if (f->class_cell1) {   /* the cell of the class statement that made this function object */
        emit_line(E, 1, "PyObject *caller_cell = pyc2c_cls_%d.cell;", f->class_cell1 - 1);
        emit_line(E, 1, "pyc2c_cls_%d.cell = PyTuple_GET_ITEM(Pyc2cFunction_CLOSURE(self), 0);", f->class_cell1 - 1);
    }
    sb_printf(sb, "    r = pyc2c_native_%s(", emit_c_name(E, f));
    if (f->nfree > 0) {
        sb_puts(sb, f->params.len ? "Pyc2cFunction_CLOSURE(self), " : "Pyc2cFunction_CLOSURE(self)");
    }
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(sb, i > 0 ? ", a%d" : "a%d", i);
    }
    for (int i = 1; i < f->nsplit; i++) {
        sb_printf(sb, f->params.len > 0 || f->nfree > 0 || i > 1 ? ", &r%d" : "&r%d", i);
    }
    sb_puts(sb, ");\n");
    emit_line(E, 1, "pyc2c_module_dict = caller_dict;");
    if (f->class_cell1) {
        emit_line(E, 1, "pyc2c_cls_%d.cell = caller_cell;", f->class_cell1 - 1);
    }
    StrBuf t;
    sb_init(&t);
    emit_error_test(&t, f->ret, "r");
    emit_line(E, 1, "if (!(%s)) {", t.data);
    if (f->nsplit) {
        emit_split_tuple(E, f);
        emit_line(E, 1, "}");
        sb_free(&t);
        return;
    }
    t.len = 0;
    emit_box_expr(&t, f->ret, "r");
    emit_line(E, 2, "res = %s;", f->ret == RT_OBJ ? "r" : t.data);
    if (f->ret == RT_INT) {
        emit_line(E, 2, "Pyc2cInt_DECREF(r);");
    }
    emit_line(E, 1, "}");
    sb_free(&t);
}

/* The vectorcall of f's function object (self), written out. A module split into parts
 * (a big one, emit_parts.c) has its entries from tables instead (emit_shape_entry.c): far
 * less C to compile, for a few ns more per call from Python (the table's loop and calls:
 * +7 ns on a two-argument call, measured). */
static void emit_pyentry(Emitter *E, const IrFunc *f)
{
    sb_puts(E->out, "\n");
    emit_pyentry_signature(E, f);
    sb_puts(E->out, "\n{\n");
    emit_locals(E, f);
    emit_line(E, 1, "if (Pyc2cFunction_BindArgs(self, args, nargsf, kwnames, in, &defaults) < 0) {");
    emit_line(E, 2, "return NULL;");
    emit_line(E, 1, "}");
    for (int i = 0; i < f->params.len; i++) {
        emit_arg(E, f, &f->params.data[i], i);
    }
    emit_call_and_box(E, f);
    emit_line(E, 0, "done:");
    for (int i = 0; i < f->params.len; i++) {
        if (f->params.data[i].rt == RT_INT) {
            emit_line(E, 1, "Pyc2cInt_DECREF(a%d);", i);
        }
    }
    for (int i = f->npos; i < f->params.len; i++) {
        emit_line(E, 1, "Py_DECREF(in[%d]);", i);   /* keyword-only, *args, **kwargs: owned */
    }
    emit_line(E, 1, "Py_XDECREF(defaults);");
    emit_line(E, 1, "return res;");
    emit_line(E, 0, "}");
}

void emit_pyentries(Emitter *E)
{
    for (int i = 0; i < E->m->funcs.len; i++) {
        const IrFunc *f = E->m->funcs.data[i];
        if (!f->is_module_init && !f->spec_copy && !f->copy_of && !f->bvec_of && !emit_has_shape_entry(E, f)) {   /* a copy has no function object */
            emit_pyentry(E, f);
        }
    }
    emit_shape_entries(E);
}

/* ---- epilogue: constants, init ---- */

/* A tuple constant (build_const_tuple): its items are pooled before it. */
static void emit_const_tuple(Emitter *E, int i, const IrConst *k)
{
    emit_line(E, 1, "pyc2c_pool_str_%d = PyTuple_New(%d);", i, k->nitems);
    emit_line(E, 1, "if (pyc2c_pool_str_%d == NULL) {", i);
    emit_line(E, 2, "return -1;");
    emit_line(E, 1, "}");
    for (int j = 0; j < k->nitems; j++) {
        const IrConst *x = k->items[j];
        StrBuf *sb = E->out;
        sb_puts(sb, "    {\n        PyObject *x = ");
        switch (x->kind) {
        case IRC_INT: sb_printf(sb, "PyLong_FromLongLong(%sLL)", x->text); break;
        case IRC_FLOAT:
            sb_puts(sb, "PyFloat_FromDouble(");
            emit_double(sb, x->fval);
            sb_puts(sb, ")");
            break;
        case IRC_BOOL: sb_printf(sb, "Py_%s; Py_INCREF(x)", x->bval ? "True" : "False"); break;
        case IRC_TUPLE: case IRC_STR: case IRC_BYTES:
            sb_printf(sb, "pyc2c_pool_str_%d; Py_INCREF(x)", x->pool_index);
            break;
        default: sb_puts(sb, "Py_None; Py_INCREF(x)"); break;
        }
        sb_puts(sb, ";\n");
        emit_line(E, 2, "if (x == NULL) {");
        emit_line(E, 3, "return -1;");
        emit_line(E, 2, "}");
        emit_line(E, 2, "PyTuple_SET_ITEM(pyc2c_pool_str_%d, %d, x);", i, j);
        emit_line(E, 1, "}");
    }
}

static bool ascii_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            return false;
        }
    }
    return s != NULL;
}

static void emit_pool_const(Emitter *E, int i)
{
    const IrConst *k = E->m->pool.data[i];
    if (k->kind == IRC_TUPLE) {
        emit_const_tuple(E, i, k);
        return;
    }
    if (k->kind == IRC_INT) {
        emit_line(E, 1, "pyc2c_pool_int_%d = Pyc2cInt_FromDecimalString(%s);", i, c_string(E, k->text));
        emit_line(E, 1, "if (pyc2c_pool_int_%d == PYC2C_INT_ERROR) {", i);
    } else if (k->kind == IRC_COMPLEX) {
        sb_printf(E->out, "    pyc2c_pool_str_%d = PyComplex_FromDoubles(0.0, ", i);
        emit_double(E->out, k->fval);
        sb_puts(E->out, ");\n");
        emit_line(E, 1, "if (pyc2c_pool_str_%d == NULL) {", i);
    } else {
        StrBuf lit;
        sb_init(&lit);
        emit_c_string(&lit, k->str ? k->str : "", k->len);
        emit_line(E, 1, "pyc2c_pool_str_%d = %s(%s, %zu);", i,
                  k->kind == IRC_BYTES ? "PyBytes_FromStringAndSize" : "Pyc2c_StrFromSource", lit.data, k->len);
        sb_free(&lit);
        emit_line(E, 1, "if (pyc2c_pool_str_%d == NULL) {", i);
    }
    emit_line(E, 2, "return -1;");
    emit_line(E, 1, "}");
    if (k->kind == IRC_STR) {
        /* names used as dict keys and attribute names: interned, so lookups are pointer compares */
        emit_line(E, 1, "PyUnicode_InternInPlace(&pyc2c_pool_str_%d);", i);
        if (k->len >= 2 && k->len <= 8 && ascii_text(k->str, k->len)) {
            emit_line(E, 1, "Pyc2cStr_PieceSeed(pyc2c_pool_str_%d);", i);   /* runtime/str_pieces.c */
        }
    }
}

static void emit_kwnames_tuple(Emitter *E, int i)
{
    const IrOp *op = E->kwprints.data[i];
    emit_line(E, 1, "pyc2c_kwnames_%d = PyTuple_New(%d);", i, ir_op_kw(op)->n);
    emit_line(E, 1, "if (pyc2c_kwnames_%d == NULL) {", i);
    emit_line(E, 2, "return -1;");
    emit_line(E, 1, "}");
    for (int k = 0; k < ir_op_kw(op)->n; k++) {
        emit_line(E, 1, "if (pyc2c_set_name(pyc2c_kwnames_%d, %d, %s) < 0) {", i, k,
                  c_string(E, ir_op_kw(op)->names[k]));
        emit_line(E, 2, "return -1;");
        emit_line(E, 1, "}");
    }
}

static const char *const set_name_helper[] = {
    "",
    "static int pyc2c_set_name(PyObject *tuple, Py_ssize_t i, const char *name)",
    "{",
    "    PyObject *s = PyUnicode_InternFromString(name);",
    "    if (s == NULL) {",
    "        return -1;",
    "    }",
    "    PyTuple_SET_ITEM(tuple, i, s);",
    "    return 0;",
    "}",
    NULL,
};

enum { CONSTS_PER_PART = 200 };   /* one function of bounded size per part: linear C compile time */

/* pyc2c_init_constants_<part>: pool constants [from, to) (then the kwnames tuples in the
 * last part); runs once per process. */
static void emit_constants_part(Emitter *E, int part, int from, int to, bool last)
{
    emit_line(E, 0, "%s", "");
    emit_line(E, 0, "PYC2C_RUN_ONCE static int pyc2c_init_constants_%d(void)", part);
    emit_line(E, 0, "{");
    for (int i = from; i < to; i++) {
        emit_pool_const(E, i);
    }
    for (int i = 0; last && i < E->kwprints.len; i++) {
        emit_kwnames_tuple(E, i);
    }
    emit_line(E, 1, "return 0;");
    emit_line(E, 0, "}");
}

static void emit_constants(Emitter *E)
{
    emit_lines(E, set_name_helper);
    int n = E->m->pool.len, parts = n / CONSTS_PER_PART + 1;
    for (int p = 0; p < parts; p++) {
        int to = p + 1 == parts ? n : (p + 1) * CONSTS_PER_PART;
        emit_constants_part(E, p, p * CONSTS_PER_PART, to, p + 1 == parts);
    }
    emit_line(E, 0, "%s", "");
    emit_line(E, 0, "/* Constants are immutable: made once, shared by every module object. */");
    emit_line(E, 0, "static int pyc2c_init_constants(void)");
    emit_line(E, 0, "{");
    emit_line(E, 1, "static int done = 0;");
    emit_line(E, 1, "if (done) {");
    emit_line(E, 2, "return 0;");
    emit_line(E, 1, "}");
    for (int p = 0; p < parts; p++) {
        emit_line(E, 1, "if (pyc2c_init_constants_%d() < 0) {", p);
        emit_line(E, 2, "return -1;");
        emit_line(E, 1, "}");
    }
    emit_line(E, 1, "done = 1;");
    emit_line(E, 1, "return 0;");
    emit_line(E, 0, "}");
}

static const char *const exec_func[] = {
    "",
    "/* Py_mod_exec: runs on every fresh import, and on importlib.reload (which CPython",
    " * does not do for extension modules unless the state is given back: imports.c).",
    " * A compiled function that makes a fresh instance keeps reading its own globals:",
    " * the caller's module dict comes back when the body ends, as in a Python entry. */",
    "static int pyc2c_exec(PyObject *module)",
    "{",
    "    if (Pyc2c_WarnIfStale(module, pyc2c_source_stamp) < 0) {",
    "        return -1;",
    "    }",
    "    PyObject *old = pyc2c_module;",
    "    PyObject *caller_dict = pyc2c_module_dict;",
    "    Pyc2c_AllowReexec(module);",
    "    Py_INCREF(module);",
    "    pyc2c_module = module;",
    "    Py_XDECREF(old);",
    "    pyc2c_module_dict = PyModule_GetDict(module);",
    "    Py_XDECREF(pyc2c_modname_obj);",
    "    pyc2c_modname_obj = PyModule_GetNameObject(module);",
    "    int rc = -1;",
    "    if (pyc2c_modname_obj != NULL && pyc2c_init_constants() == 0) {",
    "        rc = Pyc2c_RunModuleBody(pyc2c_module_dict, pyc2c_srcpath, pyc2c_module_body);",
    "    }",
    "    if (caller_dict != NULL) {",
    "        pyc2c_module_dict = caller_dict;",
    "    }",
    "    return rc;",
    "}",
    "",
    "static PyModuleDef_Slot pyc2c_slots[] = {",
    "    {Py_mod_exec, (void *)pyc2c_exec},",
    "#if PY_VERSION_HEX >= 0x030C0000",
    "    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},",
    "#endif",
    "    {0, NULL},",
    "};",
    NULL,
};

static const char *last_component(const char *modname)
{
    const char *dot = strrchr(modname, '.');
    return dot ? dot + 1 : modname;
}

/* PEP 489: PyInit_NAME, or for a name that is not ASCII PyInitU_ and its punycode with
 * '-' written '_' (the driver accepts only UTF-8 names). */
static const char *init_function_name(Emitter *E, const char *name)
{
    for (const char *p = name; *p; p++) {
        if ((unsigned char)*p >= 0x80) {
            char *puny = punycode_encode(&E->ctx->arena, name);
            for (char *q = puny; q && *q; q++) {
                *q = *q == '-' ? '_' : *q;
            }
            return arena_printf(&E->ctx->arena, "PyInitU_%s", puny ? puny : "");
        }
    }
    return arena_printf(&E->ctx->arena, "PyInit_%s", name);
}

static void emit_moduledef(Emitter *E)
{
    emit_line(E, 0, "%s", "");
    emit_line(E, 0, "static struct PyModuleDef pyc2c_moduledef = {");
    emit_line(E, 1, "PyModuleDef_HEAD_INIT,");
    emit_line(E, 1, "%s,", c_string(E, E->modname));
    emit_line(E, 1, "%s,", E->m->doc ? c_string(E, E->m->doc) : "NULL");
    emit_line(E, 1, "0,");
    emit_line(E, 1, "NULL,");
    emit_line(E, 1, "pyc2c_slots,");
    emit_line(E, 1, "NULL,");
    emit_line(E, 1, "NULL,");
    emit_line(E, 1, "NULL,");
    emit_line(E, 0, "};");
    emit_line(E, 0, "%s", "");
    emit_line(E, 0, "PyMODINIT_FUNC %s(void)", init_function_name(E, last_component(E->modname)));
    emit_line(E, 0, "{");
    emit_line(E, 1, "return PyModuleDef_Init(&pyc2c_moduledef);");
    emit_line(E, 0, "}");
}

void emit_module_epilogue(Emitter *E)
{
    emit_constants(E);
    emit_lines(E, exec_func);
    emit_moduledef(E);
}
