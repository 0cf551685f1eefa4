/* emit_memo.c - the helper behind MEMO_CALL: pyc2c_memocall_<c>(a0, ...) calls a
 * memoized function of one to four int parameters through its memo (runtime/memo.h),
 * which the MEMO_INTACT check before it left in pyc2c_intact_<c>.held.  Short ints look
 * the table up unboxed (no key tuple); a miss runs the native entry and stores the
 * result; a long int or a typed cache goes through the memo object's own call. */
#include "emit_internal.h"

/* The function's return value from a cached result `hit` (borrowed), as a new reference. */
static const char *unbox_result(RType rt)
{
    switch (rt) {
    case RT_INT: return "Pyc2cInt_Unbox(hit)";
    case RT_FLOAT: return "PyFloat_AS_DOUBLE(hit)";
    case RT_BOOL: return "(char)(hit == Py_True)";
    case RT_NONE: return "(char)0";
    case RT_OBJ: return "(Py_INCREF(hit), hit)";
    default: ICE("memo call returning rtype %s", rtype_name(rt));
    }
}

static void emit_signature(Emitter *E, const IrFunc *f)
{
    sb_printf(E->out, "static %s%spyc2c_memocall_%s(", rtype_c_names[f->ret], f->ret == RT_OBJ ? "" : " ",
              emit_c_name(E, f));
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(E->out, "%sPyc2cInt a%d", i ? ", " : "", i);
    }
    sb_puts(E->out, ")");
}

/* "a0, a1, ..." */
static const char *arg_list(Emitter *E, const IrFunc *f)
{
    StrBuf sb = {0};
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(&sb, "%sa%d", i ? ", " : "", i);
    }
    const char *r = arena_strdup(&E->ctx->arena, sb.data ? sb.data : "");
    sb_free(&sb);
    return r;
}

/* A miss: the native entry (the memo is held: the call may rebind the name), then the store. */
static void emit_miss(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    const char *decref = emit_decref_fn(f->ret);
    emit_line(E, 1, "if (k == 0) {");
    emit_line(E, 2, "Py_INCREF(memo);");
    /* counted as CPython counts its call of the lru_cache wrapper (runtime/depth.h) */
    emit_line(E, 2, "PyThreadState *ts = PYC2C_TSTATE();");
    emit_line(E, 2, "char deep = Pyc2c_CallEnter(ts);");
    emit_line(E, 2, "deep |= Pyc2c_MemoMissEnter(ts);");
    emit_line(E, 2, "r = deep ? %s : pyc2c_native_%s(%s);", rtype_error_values[f->ret], emit_c_name(E, f),
              arg_list(E, f));
    emit_line(E, 2, "Pyc2c_MemoMissLeave(ts);");
    emit_line(E, 2, "Pyc2c_CallLeave(ts);");
    sb_puts(sb, "        if (!(");
    emit_error_test(sb, f->ret, "r");
    sb_puts(sb, ")) {\n");
    if (f->ret == RT_INT) {   /* a short int result stays unboxed in the cache */
        emit_line(E, 3, "PyObject *box = Pyc2cInt_IsShort(r) ? NULL : Pyc2cInt_Box(r);");
        emit_line(E, 3, "if (box == NULL ? !Pyc2cInt_IsShort(r) || Pyc2cMemo_IntsStoreShort(memo, v, %d, "
                  "Pyc2cInt_ShortValue(r)) < 0 : Pyc2cMemo_IntsStore(memo, v, %d, box) < 0) {",
                  f->params.len, f->params.len);
    } else {
        sb_puts(sb, "            PyObject *box = ");
        emit_box_expr(sb, f->ret, "r");
        sb_puts(sb, ";\n");
        emit_line(E, 3, "if (box == NULL || Pyc2cMemo_IntsStore(memo, v, %d, box) < 0) {", f->params.len);
    }
    if (decref) {
        emit_line(E, 4, "%s(r);", decref);
    }
    emit_line(E, 4, "r = %s;", rtype_error_values[f->ret]);
    emit_line(E, 3, "}");
    emit_line(E, 3, "Py_XDECREF(box);");
    emit_line(E, 2, "}");
    emit_line(E, 2, "Py_DECREF(memo);");
    emit_line(E, 2, "return r;");
    emit_line(E, 1, "}");
}

/* A long int, or a typed cache: the memo object's call, as Python would make it. */
static void emit_object_call(Emitter *E, const IrFunc *f)
{
    const char *err = rtype_error_values[f->ret];
    int n = f->params.len;
    emit_line(E, 1, "PyObject *argv[%d] = {NULL};", n + 1);
    for (int i = 0; i < n; i++) {
        emit_line(E, 1, "if ((argv[%d] = Pyc2cInt_Box(a%d)) == NULL) {", i + 1, i);
        for (int k = 1; k <= i; k++) {
            emit_line(E, 2, "Py_DECREF(argv[%d]);", k);
        }
        emit_line(E, 2, "return %s;", err);
        emit_line(E, 1, "}");
    }
    emit_line(E, 1, "hit = PyObject_Vectorcall(memo, argv + 1, %d | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);", n);
    for (int i = 0; i < n; i++) {
        emit_line(E, 1, "Py_DECREF(argv[%d]);", i + 1);
    }
    emit_line(E, 1, "if (hit == NULL) {");
    emit_line(E, 2, "return %s;", err);
    emit_line(E, 1, "}");
    emit_line(E, 1, "r = %s;", unbox_result(f->ret));
    emit_line(E, 1, "Py_DECREF(hit);");
    emit_line(E, 1, "return r;");
}

static void emit_helper(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    emit_signature(E, f);
    sb_puts(sb, "\n{\n");
    emit_line(E, 1, "PyObject *memo = pyc2c_intact_%s.held, *hit = NULL;", emit_c_name(E, f));
    emit_line(E, 1, "Pyc2cMemoEntry *e = NULL;");
    sb_puts(sb, "    ");
    emit_decl(sb, f->ret, "r");
    sb_puts(sb, ";\n");
    StrBuf vals = {0}, shorts = {0};
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(&vals, "%sPyc2cInt_ShortValue(a%d)", i ? ", " : "", i);
        sb_printf(&shorts, "%sPyc2cInt_IsShort(a%d)", i ? " && " : "", i);
    }
    emit_line(E, 1, "int64_t v[%d] = {%s};", f->params.len, vals.data);
    emit_line(E, 1, "int k = %s ? Pyc2cMemo_IntsLookup(memo, v, %d, &e) : 2;", shorts.data, f->params.len);
    sb_free(&vals);
    sb_free(&shorts);
    emit_line(E, 1, "if (PYC2C_LIKELY(k == 1)) {");
    if (f->ret == RT_INT) {
        emit_line(E, 2, "if (e->result == NULL) {");
        emit_line(E, 3, "return Pyc2cInt_FromShort(e->ires);");
        emit_line(E, 2, "}");
    }
    emit_line(E, 2, "hit = e->result;");
    emit_line(E, 2, "return %s;", unbox_result(f->ret));
    emit_line(E, 1, "}");
    emit_miss(E, f);
    emit_object_call(E, f);
    sb_puts(sb, "}\n\n");
}

void emit_memo_helpers(Emitter *E)
{
    const IrModule *m = E->m;
    for (int i = 0; i < m->funcs.len; i++) {
        const IrFunc *f = m->funcs.data[i];
        if (f->memo_called) {
            if (!f->called_directly) {
                emit_line(E, 0, "PYC2C_VAR Pyc2cIntact pyc2c_intact_%s;", emit_c_name(E, f));
            }
            emit_line(E, 0, "%s", "");
            emit_helper(E, f);
        }
    }
}
