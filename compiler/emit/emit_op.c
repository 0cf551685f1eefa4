/* emit_op.c - one emitting function per IR op kind, and the dispatch switch.
 * Ops are statements indented one level; registers are r<n>. */
#include <math.h>
#include <string.h>

#include "emit_internal.h"

static const char *reg(Emitter *E, IrReg r)
{
    return emit_reg(E, r);
}

static RType reg_rt(Emitter *E, IrReg r)
{
    return emit_reg_rt(E, r);
}

/* ---- constants ---- */

void emit_double(StrBuf *sb, double v)
{
    if (isnan(v)) {
        sb_puts(sb, "Py_NAN");
        return;
    }
    if (isinf(v)) {
        sb_puts(sb, v > 0 ? "Py_HUGE_VAL" : "(-Py_HUGE_VAL)");
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    sb_puts(sb, buf);
    if (!strpbrk(buf, ".e")) {
        sb_puts(sb, ".0");
    }
}

static void emit_const_int(Emitter *E, const IrOp *op, const IrConst *k)
{
    const char *d = reg(E, op->dst);
    switch (reg_rt(E, op->dst)) {
    case RT_INT:
        if (k->pool_index >= 0) {
            emit_line(E, 1, "%s = pyc2c_pool_int_%d;", d, k->pool_index);
            emit_line(E, 1, "Pyc2cInt_INCREF(%s);", d);
        } else {
            emit_line(E, 1, "%s = Pyc2cInt_FromShort(INT64_C(%s));", d, k->text);
        }
        break;
    case RT_I64: emit_line(E, 1, "%s = INT64_C(%s);", d, k->text); break;
    case RT_I32: emit_line(E, 1, "%s = (int32_t)INT64_C(%s);", d, k->text); break;
    default: ICE("int constant %s into a %s register", k->text, rtype_name(reg_rt(E, op->dst)));
    }
}

static void emit_const(Emitter *E, const IrOp *op)
{
    const IrConst *k = op->u.konst;
    const char *d = reg(E, op->dst);
    StrBuf *sb = E->out;
    switch (k->kind) {
    case IRC_INT: emit_const_int(E, op, k); break;
    case IRC_FLOAT:
        sb_printf(sb, "    %s = ", d);
        emit_double(sb, k->fval);
        sb_puts(sb, ";\n");
        break;
    case IRC_BOOL: emit_line(E, 1, "%s = %d;", d, k->bval ? 1 : 0); break;
    case IRC_NONE: emit_line(E, 1, "%s = 0;", d); break;
    case IRC_ELLIPSIS: case IRC_DC_FACTORY:
        emit_line(E, 1, "%s = %s;", d, k->kind == IRC_ELLIPSIS ? "Py_Ellipsis" : "Pyc2c_DcFactoryMarker()");
        if (op->borrow1 >= 0) {   /* -1: borrowed (pass/refcount.c borrow_constants) */
            emit_line(E, 1, "Py_INCREF(%s);", d);
        }
        break;
    case IRC_STR: case IRC_BYTES: case IRC_COMPLEX: case IRC_TUPLE:
        emit_line(E, 1, "%s = pyc2c_pool_str_%d;", d, k->pool_index);
        if (op->borrow1 >= 0) {
            emit_line(E, 1, "Py_INCREF(%s);", d);
        }
        break;
    }
}

static void emit_move(Emitter *E, const IrOp *op)
{
    emit_line(E, 1, "%s = %s;", reg(E, op->dst), reg(E, op->args[0]));
}

/* ---- primitives and calls ---- */

/* Substitutes $0 $1 $2 (operands), $r (the result) and $o (the out-register) in a prim's
 * template. */
static char *expand_template(Emitter *E, const IrOp *op)
{
    const char *t = op->u.prim->c_template;
    StrBuf sb;
    sb_init(&sb);
    for (; *t; t++) {
        if (t[0] == '$' && t[1] == 'r') {
            sb_puts(&sb, reg(E, op->dst));
            t++;
        } else if (t[0] == '$' && t[1] == 'o' && op->nouts == 1) {
            sb_puts(&sb, reg(E, op->outs[0]));
            t++;
        } else if (t[0] == '$' && t[1] >= '0' && t[1] < '0' + op->nargs) {
            sb_puts(&sb, reg(E, op->args[t[1] - '0']));
            t++;
        } else {
            sb_putn(&sb, t, 1);
        }
    }
    char *text = arena_strdup(&E->ctx->arena, sb.data ? sb.data : "");
    sb_free(&sb);
    return text;
}

static void emit_prim(Emitter *E, const IrOp *op)
{
    const Prim *p = op->u.prim;
    char *text = expand_template(E, op);
    if (E->leaf_body && p == prim(PRIM_STACK_CHECK)) {   /* emit_leaf.c */
        text = arena_printf(&E->ctx->arena, "(pyc2c_counted ? %s : 0)", text);
    }
    if (strstr(p->c_template, "$r")) {
        size_t n = strlen(text);
        bool closed = n > 0 && (text[n - 1] == ';' || text[n - 1] == '}');
        emit_line(E, 1, "%s%s", text, closed ? "" : ";");
    } else if (op->dst >= 0) {
        emit_line(E, 1, "%s = %s;", reg(E, op->dst), text);
    } else if (p->result == RT_VOID) {
        emit_line(E, 1, "%s;", text);
    } else {
        emit_line(E, 1, "(void)(%s);", text);
    }
}

static void emit_call(Emitter *E, const IrOp *op)
{
    StrBuf *sb = E->out;
    for (int i = 0; i < op->nouts; i++) {
        if (rtype_refcounted[E->f->regs.data[op->outs[i]].rt]) {
            /* released before the call; on an error the callee leaves it unwritten */
            emit_line(E, 1, "%s = 0;", reg(E, op->outs[i]));
        }
    }
    sb_puts(sb, "    ");
    if (op->dst >= 0) {
        sb_printf(sb, "%s = ", reg(E, op->dst));
    }
    /* an int64 copy is entered through its native entry, which holds the jmp_buf its
     * bail-outs go to (emit.c); its own calls go straight to its body */
    bool i64_entry = op->u.callee->i64_copy && op->u.callee != E->f;
    bool pass_ts = E->has_ts && emit_passes_ts(E, op->u.callee) && !i64_entry;
    int nargs = op->nargs;
    const char *selfk = NULL;   /* the receiver's class check, last (pass/classchecks.c) */
    if (nargs > op->u.callee->params.len) {
        nargs--;
        selfk = pass_ts && emit_takes_selfk(E, op->u.callee) ? reg(E, op->args[nargs]) : NULL;
    }
    bool borrowed = op->borrow1 > 0 && selfk && emit_borrow_entry(E, op->u.callee);
    if (borrowed) {   /* sets the flag: is the result a new reference (pass/borrow.c) */
        sb_printf(sb, "pyc2c_nativetskb_%s(pyc2c_ts, %s", emit_c_name(E, op->u.callee), selfk);
    } else if (selfk) {
        sb_printf(sb, "pyc2c_nativetsk_%s(pyc2c_ts, %s", emit_c_name(E, op->u.callee), selfk);
    } else {
        sb_printf(sb, pass_ts ? "pyc2c_nativets_%s(pyc2c_ts" : "pyc2c_native_%s(", emit_c_name(E, op->u.callee));
        if (pass_ts && op->u.callee->chain_depth) {   /* its own call passes the levels left down */
            sb_puts(sb, op->u.callee == E->f ? ", pyc2c_left" : ", Pyc2c_DepthBudget(pyc2c_ts)");
        }
    }
    for (int i = 0; i < nargs; i++) {
        sb_printf(sb, i > 0 || pass_ts ? ", %s" : "%s", reg(E, op->args[i]));
    }
    for (int i = 0; i < op->nouts; i++) {
        sb_printf(sb, nargs > 0 || i > 0 || pass_ts ? ", &%s" : "&%s", reg(E, op->outs[i]));
    }
    if (borrowed) {
        sb_printf(sb, ", &%s);\n", reg(E, op->borrow1 - 1));
    } else {
        sb_puts(sb, ");\n");
    }
    if (op->borrow1 > 0 && !borrowed) {
        emit_line(E, 1, "%s = 1;", reg(E, op->borrow1 - 1));
    }
}

/* The entry a VTABLE_ENTRY found (a pyc2c_nativevt_<c>: emit_vtable.c), called with the
 * receiver's check (its last operand from classchecks.c, else 0: the protocol). */
static void emit_vtable_call(Emitter *E, const IrOp *op)
{
    const IrFunc *f = op->u.vtable.callee;
    int n = f->params.len;
    StrBuf *sb = E->out;
    sb_printf(sb, "    %s = ((", reg(E, op->dst));
    emit_vtable_fn_type(E, f, sb);
    sb_printf(sb, ")(intptr_t)%s)(%s, %s", reg(E, op->args[0]), E->has_ts ? "pyc2c_ts" : "PYC2C_TSTATE()",
              op->nargs > n + 1 ? reg(E, op->args[n + 1]) : "0");
    for (int i = 1; i <= n; i++) {
        sb_printf(sb, ", %s", reg(E, op->args[i]));
    }
    sb_puts(sb, ");\n");
}

/* ---- globals and module attributes ---- */

static void emit_load_global(Emitter *E, const IrOp *op)
{
    emit_line(E, 1, "%s = pyc2c_global_%d;", reg(E, op->dst), op->u.global);
}

/* The global keeps its own reference; the old value is released after the store. */
static void emit_store_global(Emitter *E, const IrOp *op)
{
    RType rt = E->m->globals.data[op->u.global].rt;
    const char *a = reg(E, op->args[0]);
    int g = op->u.global;
    if (E->m->globals.data[g].checked) {
        emit_line(E, 1, "pyc2c_global_set_%d = 1;", g);
    }
    if (!emit_incref_fn(rt)) {
        emit_line(E, 1, "pyc2c_global_%d = %s;", g, a);
        return;
    }
    emit_line(E, 1, "{");
    sb_puts(E->out, "        ");
    emit_decl(E->out, rt, "old");
    sb_printf(E->out, " = pyc2c_global_%d;\n", g);
    emit_line(E, 2, "%s(%s);", emit_incref_fn(rt), a);
    emit_line(E, 2, "pyc2c_global_%d = %s;", g, a);
    emit_line(E, 2, "%s(old);", emit_decref_fn(rt));
    emit_line(E, 1, "}");
}

/* { PyObject *v = <new reference>; dst = set module.<attr> = v; release v } */
static void emit_set_attr_block(Emitter *E, const IrOp *op, const char *value_expr, const char *attr)
{
    StrBuf name;
    sb_init(&name);
    emit_c_string(&name, attr, strlen(attr));
    emit_line(E, 1, "{");
    emit_line(E, 2, "PyObject *v = %s;", value_expr);
    emit_line(E, 2, "%s = v != NULL && PyObject_SetAttrString(pyc2c_module, %s, v) == 0 ? 0 : 2;",
              reg(E, op->dst), name.data);
    emit_line(E, 2, "Py_XDECREF(v);");
    emit_line(E, 1, "}");
    sb_free(&name);
}

static void emit_set_modattr(Emitter *E, const IrOp *op)
{
    StrBuf box;
    sb_init(&box);
    emit_box_expr(&box, reg_rt(E, op->args[0]), reg(E, op->args[0]));
    emit_set_attr_block(E, op, arena_strdup(&E->ctx->arena, box.data), op->u.attr);
    sb_free(&box);
}

/* A new reference to the default of p as the source wrote it (the global may hold it
 * converted: 1 for `x: float = 1` shows as 1, not 1.0). */
static void emit_default_box(Emitter *E, StrBuf *sb, const IrParam *p)
{
    const char *g = arena_printf(&E->ctx->arena, "pyc2c_global_%d", p->default_global);
    if (p->default_rt == RT_BOOL) {
        sb_printf(sb, "PyBool_FromLong(%s != 0)", g);
    } else if (p->default_rt == RT_INT && p->rt == RT_FLOAT) {
        sb_printf(sb, "PyLong_FromDouble(%s)", g);
    } else {
        emit_box_expr(sb, p->rt, g);
    }
}

/* fn given its __kwdefaults__ (from the keyword-only defaults' globals), if any. */
static const char *with_kwdefaults(Emitter *E, const IrFunc *callee, const char *fn)
{
    StrBuf names, values;
    sb_init(&names);
    sb_init(&values);
    int n = 0;
    for (int i = callee->npos; i < callee->npos + callee->nkwonly; i++) {
        const IrParam *p = &callee->params.data[i];
        if (p->default_global >= 0) {
            sb_puts(&names, n ? ", " : "(const char *const[]){");
            sb_puts(&values, n++ ? ", " : "(PyObject *[]){");
            emit_c_string(&names, p->name, strlen(p->name));
            emit_default_box(E, &values, p);
        }
    }
    if (n > 0) {
        fn = arena_printf(&E->ctx->arena, "Pyc2cFunction_SetKwDefaults(%s, %d, %s}, %s})", fn, n, names.data,
                          values.data);
    }
    sb_free(&names);
    sb_free(&values);
    return fn;
}

/* A new function object for callee (runtime/function.h); its __defaults__ box the
 * defaults' globals, just stored by the module body. */
static const char *function_object_expr(Emitter *E, const IrFunc *callee)
{
    StrBuf defaults;
    sb_init(&defaults);
    int n = 0;
    for (int i = 0; i < callee->npos; i++) {
        const IrParam *p = &callee->params.data[i];
        if (p->default_global >= 0) {
            sb_puts(&defaults, n++ ? ", " : "(PyObject *[]){");
            emit_default_box(E, &defaults, p);
        }
    }
    sb_puts(&defaults, n ? "}" : "NULL");
    const char *fn = arena_printf(&E->ctx->arena, "Pyc2cFunction_New(&pyc2c_funcdef_%s, pyc2c_module_dict, %d, %s)",
                                  emit_c_name(E, callee), n, defaults.data);
    sb_free(&defaults);
    return with_kwdefaults(E, callee, fn);
}

static void emit_define_func(Emitter *E, const IrOp *op)
{
    emit_set_attr_block(E, op, function_object_expr(E, op->u.callee), op->u.callee->name);
}

/* A method's or nested function's function object; args[0], if any, its closure. */
static void emit_make_func(Emitter *E, const IrOp *op)
{
    if (op->nargs == 1) {
        emit_line(E, 1, "%s = Pyc2cFunction_SetClosure(%s, %s);", reg(E, op->dst),
                  function_object_expr(E, op->u.callee), reg(E, op->args[0]));
        return;
    }
    emit_line(E, 1, "%s = %s;", reg(E, op->dst), function_object_expr(E, op->u.callee));
}

static void emit_func_intact(Emitter *E, const IrOp *op)
{
    const char *c = emit_c_name(E, op->u.callee);
    emit_line(E, 1, "%s = Pyc2c_FuncIntact(pyc2c_module_dict, &pyc2c_funcdef_%s, &pyc2c_intact_%s);",
              reg(E, op->dst), c, c);
}

static void emit_memo_intact(Emitter *E, const IrOp *op)
{
    const char *c = emit_c_name(E, op->u.callee);
    emit_line(E, 1, "%s = Pyc2c_MemoIntact(pyc2c_module_dict, &pyc2c_funcdef_%s, &pyc2c_intact_%s);",
              reg(E, op->dst), c, c);
}

static void emit_memo_call(Emitter *E, const IrOp *op)
{
    StrBuf *sb = E->out;
    sb_printf(sb, "    %s = pyc2c_memocall_%s(", reg(E, op->dst), emit_c_name(E, op->u.callee));
    for (int i = 0; i < op->nargs; i++) {
        sb_printf(sb, "%s%s", i ? ", " : "", reg(E, op->args[i]));
    }
    sb_puts(sb, ");\n");
}

static const char *c_str_lit(Emitter *E, const char *s)
{
    StrBuf lit;
    sb_init(&lit);
    emit_c_string(&lit, s, strlen(s));
    const char *r = arena_strdup(&E->ctx->arena, lit.data);
    sb_free(&lit);
    return r;
}

/* An import statement: runtime/imports.c runs it as CPython's IMPORT_NAME and
 * IMPORT_FROM would, in the module's globals (which resolve relative imports). */
static void emit_import(Emitter *E, const IrOp *op)
{
    int n = op->u.import.nnames;
    const char *mod = c_str_lit(E, op->u.import.module);
    if (n == 0) {
        emit_line(E, 1, "%s = Pyc2c_ImportStmt(pyc2c_module_dict, %s, %s, %d) < 0 ? 2 : 0;", reg(E, op->dst),
                  mod, c_str_lit(E, op->u.import.asname), op->u.import.top ? 1 : 0);
        return;
    }
    StrBuf names, asnames;
    sb_init(&names);
    sb_init(&asnames);
    for (int i = 0; i < n; i++) {
        sb_printf(&names, "%s%s", i ? ", " : "", c_str_lit(E, op->u.import.names[i].name));
        sb_printf(&asnames, "%s%s", i ? ", " : "", c_str_lit(E, op->u.import.names[i].asname));
    }
    emit_line(E, 1, "{");
    emit_line(E, 2, "static const char *const names[%d] = {%s};", n, names.data);
    emit_line(E, 2, "static const char *const asnames[%d] = {%s};", n, asnames.data);
    emit_line(E, 2, "%s = Pyc2c_ImportFromStmt(pyc2c_module_dict, %s, %d, %d, names, asnames) < 0 ? 2 : 0;",
              reg(E, op->dst), mod, op->u.import.level, n);
    emit_line(E, 1, "}");
    sb_free(&names);
    sb_free(&asnames);
}

/* ---- print ---- */

static int kwnames_index(Emitter *E, const IrOp *op)
{
    for (int i = 0; i < E->kwprints.len; i++) {
        if (E->kwprints.data[i] == op) {
            return i;
        }
    }
    ICE("print op with keywords was not collected");
}

/* `PyObject *name[] = {[NULL,] args[from..]};` opening a block: the C array that
 * print, vectorcall and displays pass to the runtime. */
static void emit_item_array(Emitter *E, const char *name, const IrOp *op, int from, bool leading_null)
{
    StrBuf *sb = E->out;
    int n = op->nargs - from + (leading_null ? 1 : 0);
    emit_line(E, 1, "{");
    sb_printf(sb, "        PyObject *%s[%d] = {%s", name, n > 0 ? n : 1, leading_null ? "NULL" : "");
    for (int i = from; i < op->nargs; i++) {
        sb_printf(sb, i > from || leading_null ? ", %s" : "%s", reg(E, op->args[i]));
    }
    sb_puts(sb, n > 0 ? "};\n" : "NULL};\n");
}

static void emit_print(Emitter *E, const IrOp *op)
{
    int nkw = op->u.print.kw.n;
    emit_item_array(E, "argv", op, 0, false);
    const char *kw = "NULL";
    if (nkw > 0) {
        kw = arena_printf(&E->ctx->arena, "pyc2c_kwnames_%d", kwnames_index(E, op));
    }
    emit_line(E, 2, "%s = Pyc2c_Print(argv, %d, %s) < 0 ? 2 : 0;", reg(E, op->dst), op->nargs - nkw, kw);
    emit_line(E, 1, "}");
}

/* f(*args, **kw) on an object: one vectorcall, the keyword names in a static tuple. */
static void emit_call_obj(Emitter *E, const IrOp *op)
{
    int nkw = op->u.call_obj.kw.n, nargs = op->nargs - 1;
    const char *fast = nkw == 0 ? op->u.call_obj.fast : NULL;
    if (fast && nargs == 1 && (!strcmp(fast, "len") || !strcmp(fast, "type") || !strcmp(fast, "sum"))) {
        emit_line(E, 1, "%s = Pyc2c_Call%s(%s, %s);", reg(E, op->dst),
                  !strcmp(fast, "len") ? "Len" : !strcmp(fast, "sum") ? "Sum" : "Type",
                  reg(E, op->args[0]), reg(E, op->args[1]));
        return;
    }
    if (fast && nargs == 2 && !strcmp(fast, "isinstance")) {
        emit_line(E, 1, "%s = Pyc2c_CallIsInstance(%s, %s, %s);", reg(E, op->dst), reg(E, op->args[0]),
                  reg(E, op->args[1]), reg(E, op->args[2]));
        return;
    }
    emit_item_array(E, "argv", op, 1, true);
    const char *kw = nkw > 0 ? arena_printf(&E->ctx->arena, "pyc2c_kwnames_%d", kwnames_index(E, op)) : "NULL";
    if (op->u.call_obj.fast && !strcmp(op->u.call_obj.fast, "namedtuple")) {
        emit_line(E, 2, "static Pyc2cTupleNew c_;");
        emit_line(E, 2, "%s = Pyc2c_NamedTupleCall(%s, argv + 1, %d | PY_VECTORCALL_ARGUMENTS_OFFSET, %s, &c_);",
                  reg(E, op->dst), reg(E, op->args[0]), nargs - nkw, kw);
    } else {
        emit_line(E, 2, "%s = PyObject_Vectorcall(%s, argv + 1, %d | PY_VECTORCALL_ARGUMENTS_OFFSET, %s);",
                  reg(E, op->dst), reg(E, op->args[0]), nargs - nkw, kw);
    }
    emit_line(E, 1, "}");
}

/* A rebound module function's call (build_call.c): one runtime call that looks the name
 * up, boxes the arguments by the kinds string and calls (runtime/rebound.c), and unboxes
 * the result when dst is an unboxed scalar, so that this rarely taken path is not
 * inline code at every call site. */
static void emit_call_global(Emitter *E, const IrOp *op)
{
    static const char kinds[RT_COUNT] = {[RT_INT] = 'i', [RT_FLOAT] = 'f', [RT_BOOL] = 'b', [RT_NONE] = 'n',
                                         [RT_I64] = 'q', [RT_I32] = 'w', [RT_OBJ] = 'o'};
    StrBuf *sb = E->out;
    int nkw = op->u.call_global.kw.n;
    const char *c = emit_c_name(E, op->u.call_global.callee);
    const char *kw = nkw > 0 ? arena_printf(&E->ctx->arena, "pyc2c_kwnames_%d", kwnames_index(E, op)) : "NULL";
    static const char *const as[RT_COUNT] = {[RT_OBJ] = "", [RT_INT] = "Int", [RT_FLOAT] = "Float",
                                             [RT_BOOL] = "Bool", [RT_I64] = "I64", [RT_I32] = "I32"};
    const char *suffix = as[reg_rt(E, op->dst)];
    if (!suffix) {
        ICE("a rebound call giving %s", rtype_name(reg_rt(E, op->dst)));
    }
    sb_printf(sb, "    %s = Pyc2c_CallGlobal%s(pyc2c_module_dict, &pyc2c_funcdef_%s, %s, \"", reg(E, op->dst),
              suffix, c, kw);
    for (int i = 0; i < op->nargs; i++) {
        char k = kinds[reg_rt(E, op->args[i])];
        if (!k) {
            ICE("a %s argument of a rebound call", rtype_name(reg_rt(E, op->args[i])));
        }
        sb_putn(sb, &k, 1);
    }
    sb_puts(sb, "\"");
    for (int i = 0; i < op->nargs; i++) {
        sb_printf(sb, ", %s", reg(E, op->args[i]));
    }
    sb_puts(sb, ");\n");
}

/* meth(recv, args...) or meth(args...) as LOAD_METHOD found it (runtime Pyc2c_CallMethod);
 * the array's first slot is free for PY_VECTORCALL_ARGUMENTS_OFFSET. */
static void emit_call_method(Emitter *E, const IrOp *op)
{
    int nkw = op->u.call_method.kw.n, nargs = op->nargs - 2;
    emit_item_array(E, "argv", op, 1, true);
    const char *kw = nkw > 0 ? arena_printf(&E->ctx->arena, "pyc2c_kwnames_%d", kwnames_index(E, op)) : "NULL";
    if (nargs == 1 && nkw == 0 && !strcmp(op->u.call_method.name, "append")) {
        emit_line(E, 2, "%s = Pyc2c_CallAppend(%s, argv + 1);", reg(E, op->dst), reg(E, op->args[0]));
    } else if (nargs == nkw && !strcmp(op->u.call_method.name, "_replace")) {
        emit_line(E, 2, "static Pyc2cReplaceSite site_;");
        emit_line(E, 2, "%s = Pyc2c_CallReplace(%s, argv + 1, %d, %s, &site_);", reg(E, op->dst), reg(E, op->args[0]),
                  nkw, kw);
    } else {
        emit_line(E, 2, "%s = Pyc2c_CallMethod(%s, argv + 1, %d, %s);",
                  reg(E, op->dst), reg(E, op->args[0]), nargs - nkw, kw);
    }
    emit_line(E, 1, "}");
}

/* [a, b], (a, b), {a, b}, {k: v}: one runtime call over a C array of the items. */
static void emit_build(Emitter *E, const IrOp *op)
{
    if (op->u.build == IRB_JOINED) {
        emit_format(E, op);
        return;
    }
    static const char *const fns[] = {"Pyc2c_BuildList", "Pyc2c_BuildTuple", "Pyc2c_BuildSet", "Pyc2c_BuildDict",
                                      "Pyc2c_JoinStrs"};
    const char *fn = fns[op->u.build];   /* IrBuildKind order */
    emit_item_array(E, "items", op, 0, false);
    emit_line(E, 2, "%s = %s(%d, items);", reg(E, op->dst), fn, op->nargs);
    emit_line(E, 1, "}");
}

/* A top-level statement kept as Python, compiled by CPython at import time. */
static void emit_exec_kept(Emitter *E, const IrOp *op)
{
    StrBuf lit;
    sb_init(&lit);
    emit_c_string(&lit, op->u.kept.text, op->u.kept.len);
    emit_line(E, 1, "%s = Pyc2c_ExecKept(%s, pyc2c_srcpath, pyc2c_module_dict, %s) < 0 ? 2 : 0;",
              reg(E, op->dst), lit.data, E->m->future_annotations ? "CO_FUTURE_ANNOTATIONS" : "0");
    sb_free(&lit);
}

/* ---- reference counts and tracebacks ---- */

/* On an error path, a decref is a call, not the inline test and branch: error paths
 * are many (one per op that can fail), run rarely, and their inline decrefs were
 * much of the C compiler's work on a big module. */
static const char *cold_decref_fn(RType rt)
{
    switch (rt) {
    case RT_INT: return "Pyc2cInt_DecRefCold(%s);";
    case RT_OBJ: return "Py_DecRef(%s);";
    case RT_METH: return "Py_DecRef(Pyc2cMeth_Object(%s));";
    default: return NULL;
    }
}

static void emit_refcount(Emitter *E, const IrOp *op)
{
    RType rt = reg_rt(E, op->args[0]);
    const char *cold = op->kind == IR_DECREF && E->cold_block ? cold_decref_fn(rt) : NULL;
    if (cold) {
        sb_puts(E->out, "    ");
        sb_printf(E->out, cold, reg(E, op->args[0]));
        sb_puts(E->out, "\n");
        return;
    }
    const char *fn = op->kind == IR_INCREF ? emit_incref_fn(rt) : emit_decref_fn(rt);
    if (op->u.refcount.nonnull && rt == RT_OBJ) {   /* pass/nonnull.c, refcount.c */
        fn = op->kind == IR_INCREF ? "Py_INCREF" : "Py_DECREF";
    }
    if (fn) {
        emit_line(E, 1, "%s(%s);", fn, reg(E, op->args[0]));
    }
}

static void emit_traceback(Emitter *E, const IrOp *op)
{
    const char *name = emit_traceback_name(op->u.callee ? op->u.callee : E->f);   /* an inlined body's frame */
    StrBuf lit;
    sb_init(&lit);
    emit_c_string(&lit, name, strlen(name));
    if (op->nargs == 1) {   /* a handler shared by several lines (pass/errshare.c) */
        emit_line(E, 1, "Pyc2c_AddTraceback(%s, pyc2c_srcpath, %s, pyc2c_module_dict);", lit.data,
                  reg(E, op->args[0]));
    } else {
        long long where = ir_traceback_where(op->line, op->pos);
        emit_line(E, 1, where == op->line ? "Pyc2c_AddTraceback(%s, pyc2c_srcpath, %lld, pyc2c_module_dict);"
                                          : "Pyc2c_AddTraceback(%s, pyc2c_srcpath, INT64_C(%lld), pyc2c_module_dict);",
                  lit.data, where);
    }
    sb_free(&lit);
}

/* ---- terminators ---- */

/* "goto L<id>;", or in a chunk of a split module body (emit_chunks.c), for a block
 * of another chunk, "return <id>;" to the dispatcher. */
static const char *jump(Emitter *E, const IrBlock *target)
{
    const char *handover = emit_fast_jump(E, target);
    if (handover) {
        return handover;
    }
    if (E->chunk_of && E->chunk_of[target->id] != E->chunk) {
        return arena_printf(&E->ctx->arena, "return %d;", target->id);
    }
    return arena_printf(&E->ctx->arena, "goto L%d;", target->id);
}

static void emit_goto(Emitter *E, const IrBlock *target, const IrBlock *next)
{
    if (target != next) {
        emit_line(E, 1, "%s", jump(E, target));
    }
}

/* if (cond) goto yes; else goto no; -- without a goto to the next block. */
static void emit_cond_jump(Emitter *E, const char *cond, const IrBlock *yes, const IrBlock *no,
                           const IrBlock *next)
{
    if (no == next) {
        emit_line(E, 1, "if (%s) {", cond);
        emit_line(E, 2, "%s", jump(E, yes));
        emit_line(E, 1, "}");
    } else if (yes == next) {
        emit_line(E, 1, "if (!(%s)) {", cond);
        emit_line(E, 2, "%s", jump(E, no));
        emit_line(E, 1, "}");
    } else {
        emit_line(E, 1, "if (%s) {", cond);
        emit_line(E, 2, "%s", jump(E, yes));
        emit_line(E, 1, "}");
        emit_line(E, 1, "%s", jump(E, no));
    }
}

static void emit_errbranch(Emitter *E, const IrOp *op, const IrBlock *next)
{
    StrBuf cond;
    sb_init(&cond);
    sb_puts(&cond, "PYC2C_UNLIKELY(");
    emit_error_test_ts(&cond, reg_rt(E, op->args[0]), reg(E, op->args[0]), E->has_ts ? "pyc2c_ts" : NULL);
    sb_puts(&cond, ")");
    emit_cond_jump(E, cond.data, op->target, op->target2, next);
    sb_free(&cond);
}

/* A float, i64 or i32 field read given its check, then the error test of its value: the
 * test only after the slow call. In the call form the C compiler kept it after every
 * fast read too (a compare with the error value and two branches: the value read may
 * equal it), 15 of the 60 instructions of bench/user dataclass_sim's step loop. */
bool emit_field_get_tested(Emitter *E, const IrOp *op, const IrOp *br, const IrBlock *next)
{
    const char *test, *fast, *slow;
    if (br->kind != IR_ERRBRANCH || br->args[0] != op->dst || !emit_field_get_parts(E, op, &test, &fast, &slow)) {
        return false;
    }
    const char *d = reg(E, op->dst);
    StrBuf cond;
    sb_init(&cond);
    emit_error_test_ts(&cond, reg_rt(E, op->dst), d, E->has_ts ? "pyc2c_ts" : NULL);
    emit_line(E, 1, "if (%s) {", test);
    emit_line(E, 2, "%s = %s;", d, fast);
    emit_line(E, 1, "} else {");
    emit_line(E, 2, "%s = %s;", d, slow);
    emit_line(E, 2, "if (PYC2C_UNLIKELY(%s)) {", cond.data);
    emit_line(E, 3, "%s", jump(E, br->target));
    emit_line(E, 2, "}");
    emit_line(E, 1, "}");
    emit_goto(E, br->target2, next);
    sb_free(&cond);
    return true;
}

/* A counted frame left (a frameless leaf's only when its entry counted it: emit_leaf.c). */
static void emit_frame_leave(Emitter *E)
{
    if (E->leaf_body) {
        emit_line(E, 1, "if (pyc2c_counted) {");
        emit_line(E, 2, "Pyc2c_FrameLeave(pyc2c_ts);");
        emit_line(E, 1, "}");
    } else {
        emit_line(E, 1, "Pyc2c_FrameLeave(pyc2c_ts);");
    }
}

static void emit_return(Emitter *E, const IrOp *op)
{
    if (E->counts_frame) {
        emit_frame_leave(E);
    }
    if (E->chunk_of) {
        emit_line(E, 1, "return %d;", EMIT_CHUNK_DONE);
    } else if (E->f->ret == RT_NONE || E->f->is_module_init) {
        emit_line(E, 1, "return 0;");
    } else {
        for (int i = 1; i < op->nargs; i++) {   /* a split return */
            emit_line(E, 1, "*pyc2c_out%d = %s;", i, reg(E, op->args[i]));
        }
        emit_line(E, 1, "return %s;", reg(E, op->args[0]));
    }
}

static void emit_return_error(Emitter *E)
{
    RType rt = E->f->is_module_init ? RT_NONE : E->f->ret;
    if (E->counts_frame) {
        emit_frame_leave(E);
    }
    if (E->chunk_of) {
        emit_line(E, 1, "return %d;", EMIT_CHUNK_ERROR);
    } else {
        emit_line(E, 1, "return %s;", rtype_error_values[rt]);
    }
}

void emit_op(Emitter *E, const IrOp *op, const IrBlock *next)
{
    switch (op->kind) {
    case IR_CONST: emit_const(E, op); break;
    case IR_MOVE: emit_move(E, op); break;
    case IR_PRIM: emit_prim(E, op); break;
    case IR_CALL: emit_call(E, op); break;
    case IR_CALL_VTABLE: emit_vtable_call(E, op); break;
    case IR_LOAD_GLOBAL: emit_load_global(E, op); break;
    case IR_STORE_GLOBAL: emit_store_global(E, op); break;
    case IR_SET_MODATTR: emit_set_modattr(E, op); break;
    case IR_DEFINE_FUNC: emit_define_func(E, op); break;
    case IR_MAKE_FUNC: emit_make_func(E, op); break;
    case IR_FUNC_INTACT: emit_func_intact(E, op); break;
    case IR_MEMO_INTACT: emit_memo_intact(E, op); break;
    case IR_MEMO_CALL: emit_memo_call(E, op); break;
    case IR_IMPORT: emit_import(E, op); break;
    case IR_PRINT: emit_print(E, op); break;
    case IR_CALL_OBJ: emit_call_obj(E, op); break;
    case IR_CALL_GLOBAL: emit_call_global(E, op); break;
    case IR_CALL_METHOD: emit_call_method(E, op); break;
    case IR_EXEC_KEPT: emit_exec_kept(E, op); break;
    case IR_BUILD: emit_build(E, op); break;
    case IR_NCLASS_CREATE: case IR_NCLASS_FINISH: case IR_NCLASS_DECO: case IR_CAST_INST: case IR_METHOD_DEF: case IR_VTABLE_ENTRY: case IR_CLASS_DEF: case IR_SUPER_DEF: case IR_METHOD_INTACT: case IR_LAYOUT_IS: case IR_INIT_INTACT: case IR_NEW_INST: case IR_CLASS_CELL:
    case IR_CLASS_OF: case IR_CLASS_OF_SELF: case IR_CLASS_KEEP: case IR_CLASS_NARROW:
    case IR_FIELD_GET: case IR_FIELD_SET: case IR_FIELD_FAST:
        emit_class_op(E, op);
        break;
    case IR_INCREF: case IR_DECREF: emit_refcount(E, op); break;
    case IR_CLEAR:
        emit_line(E, 1, "%s = %s;", reg(E, op->args[0]), rtype_zero_values[reg_rt(E, op->args[0])]);
        break;
    case IR_TRACEBACK: emit_traceback(E, op); break;
    case IR_GOTO: emit_goto(E, op->target, next); break;
    case IR_BRANCH: emit_cond_jump(E, reg(E, op->args[0]), op->target, op->target2, next); break;
    case IR_ERRBRANCH: emit_errbranch(E, op, next); break;
    case IR_RETURN: emit_return(E, op); break;
    case IR_RETURN_ERROR: emit_return_error(E); break;
    case IR_YIELD: case IR_YIELD_FROM: emit_gen_suspend(E, op); break;
    default: ICE("op %s has no C translation", ir_op_name(op->kind));
    }
}
