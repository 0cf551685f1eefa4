/* test_emit.c - the C emitter (compiler/emit/) on hand-built IR that went
 * through the real error-branch and refcount passes.  Text checks look for
 * the expected pieces; the build test compiles the C with the runtime into an
 * extension (warnings are errors) and runs a Python script against it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/emit/emit_internal.h"
#include "../../compiler/pass/pass.h"

#ifndef PYC2C_RUNTIME_DIR
#define PYC2C_RUNTIME_DIR "runtime"
#endif

/* ---- primitives used by the test IR (as prims.def spells them) ---- */
static const Prim p_int_add = {"int_add", RT_INT, 2, {RT_INT, RT_INT}, "Pyc2cInt_Add($0, $1)", true, 0, false, RT_VOID};
static const Prim p_float_mul = {"float_mul", RT_FLOAT, 2, {RT_FLOAT, RT_FLOAT}, "$0 * $1", false, 0, false, RT_VOID};
static const Prim p_i64_le = {"i64_le", RT_BOOL, 2, {RT_I64, RT_I64}, "$0 <= $1", false, 0, false, RT_VOID};
static const Prim p_i64_sub = {"i64_sub", RT_I64, 2, {RT_I64, RT_I64}, "Pyc2cI64_Sub($0, $1)", true, 0, false, RT_VOID};
static const Prim p_i64_mul = {"i64_mul", RT_I64, 2, {RT_I64, RT_I64}, "Pyc2cI64_Mul($0, $1)", true, 0, false, RT_VOID};
static const Prim p_bool_box = {"bool_box", RT_OBJ, 1, {RT_BOOL}, "PyBool_FromLong($0)", false, 0, false, RT_VOID};
static const Prim p_obj_truth = {"obj_truth", RT_BOOL, 1, {RT_OBJ},
                                 "{ int t_ = PyObject_IsTrue($0); $r = t_ < 0 ? 2 : (char)t_; }", true, 0, false, RT_VOID};

/* ---- a tiny IR builder ---- */
typedef struct TB {
    Ctx *ctx;
    IrModule *m;
    IrFunc *f;
    IrBlock *b;
    int line;
} TB;

static IrOp *op(TB *t, IrOpKind kind, IrReg dst, int nargs, ...)
{
    IrOp *o = ir_new_op(t->ctx, kind, t->line, dst, nargs);
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++) {
        o->args[i] = va_arg(ap, IrReg);
    }
    va_end(ap);
    ir_append(t->ctx, t->b, o);
    return o;
}

static IrReg reg(TB *t, RType rt)
{
    return ir_new_reg(t->ctx, t->f, rt, NULL);
}

static IrConst *konst(TB *t, IrConstKind kind, bool pooled)
{
    IrConst *k = ARENA_NEW(&t->ctx->arena, IrConst);
    k->kind = kind;
    k->pool_index = -1;
    if (pooled) {
        k->pool_index = t->m->pool.len;
        vec_push(&t->ctx->arena, &t->m->pool, k);
    }
    return k;
}

static IrReg c_int(TB *t, RType rt, const char *text, bool pooled)
{
    IrReg r = reg(t, rt);
    IrConst *k = konst(t, IRC_INT, pooled);
    k->text = text;
    op(t, IR_CONST, r, 0)->u.konst = k;
    return r;
}

static IrReg c_float(TB *t, double v)
{
    IrReg r = reg(t, RT_FLOAT);
    IrConst *k = konst(t, IRC_FLOAT, false);
    k->fval = v;
    op(t, IR_CONST, r, 0)->u.konst = k;
    return r;
}

static IrReg c_str(TB *t, const char *s, size_t len)
{
    IrReg r = reg(t, RT_OBJ);
    IrConst *k = konst(t, IRC_STR, true);
    k->str = s;
    k->len = len;
    op(t, IR_CONST, r, 0)->u.konst = k;
    return r;
}

static IrReg c_none(TB *t)
{
    IrReg r = reg(t, RT_NONE);
    op(t, IR_CONST, r, 0)->u.konst = konst(t, IRC_NONE, false);
    return r;
}

static IrReg prim_op(TB *t, const Prim *p, IrReg a, IrReg b)
{
    IrReg r = reg(t, p->result);
    IrOp *o = op(t, IR_PRIM, r, p->nargs, a, b);
    o->u.prim = p;
    return r;
}

static void ret(TB *t, IrReg r)
{
    op(t, IR_RETURN, -1, 1, r);
}

/* A function whose params are (name, rtype, type name, default global) quads. */
static IrFunc *func(TB *t, const char *name, RType rt, int nparams, ...)
{
    t->f = ir_func_new(t->ctx, t->m, name, rt);
    t->f->line = t->line;
    va_list ap;
    va_start(ap, nparams);
    for (int i = 0; i < nparams; i++) {
        IrParam p;
        p.name = va_arg(ap, const char *);
        p.rt = (RType)va_arg(ap, int);
        p.type_name = va_arg(ap, const char *);
        p.default_global = va_arg(ap, int);
        vec_push(&t->ctx->arena, &t->f->params, p);
        ir_new_reg(t->ctx, t->f, p.rt, p.name);
    }
    va_end(ap);
    t->f->npos = nparams;   /* all positional-or-keyword */
    t->b = ir_new_block(t->ctx, t->f);
    return t->f;
}

static void run_passes(TB *t)
{
    for (int i = 0; i < t->m->funcs.len; i++) {
        pass_error_branches(t->ctx, t->m->funcs.data[i]);
        pass_refcount(t->ctx, t->m->funcs.data[i]);
        ir_verify(t->m->funcs.data[i]);
    }
}

/* def add1(x: int) -> int: return x + 1 */
static IrFunc *build_add1(TB *t)
{
    t->line = 3;
    IrFunc *f = func(t, "add1", RT_INT, 1, "x", RT_INT, "int", -1);
    f->doc = "Adds one.";
    t->line = 4;
    IrReg one = c_int(t, RT_INT, "1", false);
    ret(t, prim_op(t, &p_int_add, 0, one));
    return f;
}

static IrFunc *begin_init(TB *t)
{
    t->line = 1;
    IrFunc *init = func(t, "<module>", RT_NONE, 0);
    init->is_module_init = true;
    t->m->init = init;
    return init;
}

static void define(TB *t, IrFunc *init, IrFunc *f)
{
    t->f = init;
    op(t, IR_DEFINE_FUNC, reg(t, RT_NONE), 0)->u.callee = f;
}

/* module m: def add1(x: int) -> int: return x + 1 */
static IrModule *add1_module(Ctx *ctx)
{
    TB t = {.ctx = ctx, .m = ir_module_new(ctx, "/src/we*/ird?\?/m.py")};
    IrFunc *init = begin_init(&t);
    IrBlock *body = t.b;
    IrFunc *add1 = build_add1(&t);
    t.b = body;
    define(&t, init, add1);
    ret(&t, c_none(&t));
    run_passes(&t);
    return t.m;
}

static char *emit_text(Ctx *ctx, IrModule *m, const char *modname)
{
    StrBuf sb;
    sb_init(&sb);
    assert_true(emit_module(ctx, m, modname, &sb));
    char *text = arena_strdup(&ctx->arena, sb.data);
    sb_free(&sb);
    return text;
}

#define assert_contains(text, piece)                                     \
    do {                                                                 \
        if (!strstr((text), (piece))) {                                  \
            fail_msg("missing in emitted C: %s\n----\n%s", piece, text); \
        }                                                                \
    } while (0)

/* ---- text checks ---- */

/* A module in several parts (a big one) has its Python entries from parameter tables
 * (runtime/entry.c), one entry per signature shape (emit_shape_entry.c) that finds the
 * table and the native function in the funcdef. */
static void test_parts_have_table_entries(void **state)
{
    (void)state;
    Ctx ctx;
    ctx_init(&ctx);
    setenv("PYC2C_PARTS", "2", 1);
    char *c = emit_text(&ctx, add1_module(&ctx), "pkg.m");
    unsetenv("PYC2C_PARTS");
    assert_contains(c, "#define PYC2C_NPARTS 2");
    assert_contains(c, "PYC2C_VAR const Pyc2cParamSpec pyc2c_spec_add1_1[] PYC2C_INIT({{'i', 0, 0, \"int\", NULL, 0LL}});");
    assert_contains(c, "pyc2c_entry_i_i, &pyc2c_sig_add1_1, pyc2c_annotations_add1_1, 0, NULL, 3, pyc2c_spec_add1_1, "
                       "(void (*)(void))pyc2c_native_add1_1, NULL, pyc2c_srcpath, NULL});");
    assert_contains(c, "PYC2C_FN PyObject *pyc2c_entry_i_i(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)\n{");
    assert_contains(c, "Pyc2cInt (*native)(Pyc2cInt) = (Pyc2cInt (*)(Pyc2cInt))def->native;");
    assert_contains(c, "if (Pyc2c_EntryBegin(&e, self, args, nargsf, kwnames, def->spec, 1, &pyc2c_module_dict) < 0) {");
    assert_contains(c, "return Pyc2c_EntryEndInt(&e, native(e.v[0].i));");
    assert_null(strstr(c, "pyc2c_pyentry_add1_1"));
    assert_null(strstr(c, "Pyc2c_ArgTypeError(&pyc2c_sig_add1_1"));
    ctx_free(&ctx);
}

static void test_add1_text(void **state)
{
    (void)state;
    Ctx ctx;
    ctx_init(&ctx);
    char *c = emit_text(&ctx, add1_module(&ctx), "pkg.m");
    assert_contains(c, "/* generated by pyc2c from /src/we* /ird? ?/m.py; do not edit */");
    assert_contains(c, "pyc2c_srcpath[] = \"/src/we*/ird\\077\\077/m.py\";");
    assert_contains(c, "#include \"pyc2c.h\"");
    assert_contains(c, "PYC2C_FN Pyc2cInt pyc2c_native_add1_1(Pyc2cInt r0);");
    assert_contains(c, "PYC2C_FN char pyc2c_module_body(void);");
    assert_contains(c, "r1 = Pyc2cInt_FromShort(INT64_C(1));");
    assert_contains(c, "r2 = Pyc2cInt_Add(r0, r1);");
    assert_contains(c, "if (PYC2C_UNLIKELY(r2 == PYC2C_INT_ERROR)) {");
    assert_contains(c, "Pyc2c_AddTraceback(\"add1\", pyc2c_srcpath, 4, pyc2c_module_dict);");
    assert_contains(c, "return PYC2C_INT_ERROR;");
    assert_contains(c, "return r2;");
    assert_contains(c, "Pyc2cFunction_New(&pyc2c_funcdef_add1_1, pyc2c_module_dict, 0, NULL)");
    assert_contains(c, "PYC2C_VAR const Pyc2cFuncDef pyc2c_funcdef_add1_1 PYC2C_INIT({\"add1\", NULL, \"Adds one.\", "
                       "pyc2c_pyentry_add1_1, &pyc2c_sig_add1_1, pyc2c_annotations_add1_1, 0, NULL, 3, NULL, NULL, NULL, "
                       "pyc2c_srcpath, NULL});");
    assert_contains(c, "PYC2C_VAR const Pyc2cSig pyc2c_sig_add1_1 PYC2C_INIT({\"add1\", 1, 1, pyc2c_params_add1_1, 0, 0, 0, 0});");
    assert_contains(c, "Pyc2c_ArgTypeError(&pyc2c_sig_add1_1, 0, \"int\", in[0]);");
    assert_contains(c, "PyMODINIT_FUNC PyInit_m(void)");
    assert_contains(c, "\"pkg.m\",");
    assert_contains(c, "Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED");
    ctx_free(&ctx);
}

/* --profile: the native entry wraps the body and reports to the profile function. */
static void test_add1_profile_text(void **state)
{
    (void)state;
    Ctx ctx;
    ctx_init(&ctx);
    ctx.profile = true;
    char *c = emit_text(&ctx, add1_module(&ctx), "pkg.m");
    assert_contains(c, "PYC2C_VAR Pyc2cProfileSite pyc2c_prof_add1_1 PYC2C_INIT({pyc2c_srcpath, \"add1\", 3, NULL});");
    assert_contains(c, "pyc2c_annotations_add1_1, 0, &pyc2c_prof_add1_1, 3, NULL, NULL, NULL, pyc2c_srcpath, NULL});");
    assert_contains(c, "static Pyc2cInt pyc2c_profiled_add1_1(Pyc2cInt r0)\n{");
    assert_contains(c, "PYC2C_FN Pyc2cInt pyc2c_native_add1_1(Pyc2cInt r0)\n{\n"
                       "    PyObject *pyc2c_frame = Pyc2cProfile_Enter(&pyc2c_prof_add1_1, pyc2c_module_dict);");
    assert_contains(c, "    Pyc2cInt pyc2c_result = pyc2c_profiled_add1_1(r0);\n"
                       "    Pyc2cProfile_Leave(pyc2c_frame);\n    return pyc2c_result;");
    ctx_free(&ctx);
}

static void check_double(double v, const char *want)
{
    StrBuf sb;
    sb_init(&sb);
    emit_double(&sb, v);
    assert_string_equal(sb.data, want);
    if (isfinite(v)) {
        assert_true(strtod(sb.data, NULL) == v);
        assert_true(signbit(strtod(sb.data, NULL)) == signbit(v));
    }
    sb_free(&sb);
}

static void test_double_literals(void **state)
{
    (void)state;
    check_double(1.0, "1.0");
    check_double(0.1, "0.10000000000000001");
    check_double(1e308, "1e+308");
    check_double(5e-324, "4.9406564584124654e-324");
    check_double(-0.0, "-0.0");
    check_double(1e22, "1e+22");
    check_double(123456789012345678.0, "1.2345678901234568e+17");
    check_double(HUGE_VAL, "Py_HUGE_VAL");
    check_double(-HUGE_VAL, "(-Py_HUGE_VAL)");
    check_double(NAN, "Py_NAN");
}

static void test_c_string_escapes(void **state)
{
    (void)state;
    StrBuf sb;
    sb_init(&sb);
    emit_c_string(&sb, "a?\?=\"\\\0" "1\xc3\xa9\n", 11);
    assert_string_equal(sb.data, "\"a\\077\\077=\\042\\134\\0001\\303\\251\\012\"");
    sb_free(&sb);
}

static void test_emitter_helpers(void **state)
{
    (void)state;
    StrBuf sb;
    sb_init(&sb);
    emit_error_test(&sb, RT_FLOAT, "r3");
    assert_string_equal(sb.data, "r3 == PYC2C_FLOAT_ERROR && PyErr_Occurred()");
    sb.len = 0;
    emit_error_test(&sb, RT_BOOL, "r1");
    assert_string_equal(sb.data, "r1 == 2");
    sb.len = 0;
    emit_box_expr(&sb, RT_I32, "r2");
    assert_string_equal(sb.data, "Pyc2cI32_Box(r2)");
    sb.len = 0;
    emit_decl(&sb, RT_OBJ, "r9");
    assert_string_equal(sb.data, "PyObject *r9");
    sb_free(&sb);
}

/* ---- a richer module, compiled and imported ----
 *   import math; from os.path import join as pjoin; import os.path
 *   BIG: int = 2**70;  NAME: str = "h\u00e9llo?? \0!"
 *   def add1(x: int) -> int                      (above)
 *   def scale(x: float, k: float = 2.5) -> float: return x * k
 *   def big_plus(x: int = 2**70) -> int: return x + BIG
 *   def greet(flag: bool) -> None: print(NAME, flag, sep="|", end="!\n")
 *   def fact(n: i64) -> i64: return 1 if n <= 1 else n * fact(n - 1)
 *   def tiny() -> float: return 5e-324;  def neg_inf() -> float: return -inf
 *   def truthy(o: object) -> bool: return bool(o)
 *   def café(o: object) -> object: return o
 *   def get_math() -> object: return math    (and get_len: len, get_nope: nope)
 *   print("loaded", end="?\n") */

static const char NAME_BYTES[] = "h\xc3\xa9llo?? \0!";

static IrFunc *build_scale(TB *t)
{
    IrFunc *f = func(t, "scale", RT_FLOAT, 2, "x", RT_FLOAT, "float", -1, "k", RT_FLOAT, "float",
                     ir_add_global(t->ctx, t->m, "scale.default.1", RT_FLOAT, false));
    ret(t, prim_op(t, &p_float_mul, 0, 1));
    return f;
}

static IrFunc *build_big_plus(TB *t, int g_big)
{
    IrFunc *f = func(t, "big_plus", RT_INT, 1, "x", RT_INT, "int",
                     ir_add_global(t->ctx, t->m, "big_plus.default.0", RT_INT, false));
    IrReg big = reg(t, RT_INT);
    op(t, IR_LOAD_GLOBAL, big, 0)->u.global = g_big;
    ret(t, prim_op(t, &p_int_add, 0, big));
    return f;
}

static IrFunc *build_greet(TB *t, int g_name)
{
    t->line = 20;
    IrFunc *f = func(t, "greet", RT_NONE, 1, "flag", RT_BOOL, "bool", -1);
    IrReg name = reg(t, RT_OBJ);
    op(t, IR_LOAD_GLOBAL, name, 0)->u.global = g_name;
    IrReg flag = prim_op(t, &p_bool_box, 0, -1);
    IrReg sep = c_str(t, "|", 1), end = c_str(t, "!\n", 2);
    IrOp *p = op(t, IR_PRINT, reg(t, RT_NONE), 4, name, flag, sep, end);
    static const char *kw[] = {"sep", "end"};
    p->u.print.kw = (IrKw){kw, 2};
    ret(t, c_none(t));
    return f;
}

static IrFunc *build_fact(TB *t)
{
    t->line = 30;
    IrFunc *f = func(t, "fact", RT_I64, 1, "n", RT_I64, "i64", -1);
    IrReg one = c_int(t, RT_I64, "1", false);
    IrReg le = prim_op(t, &p_i64_le, 0, one);
    IrOp *br = op(t, IR_BRANCH, -1, 1, le);
    br->target = ir_new_block(t->ctx, f);
    br->target2 = ir_new_block(t->ctx, f);
    t->b = br->target;
    ret(t, one);
    t->b = br->target2;
    t->line = 31;
    IrReg n1 = prim_op(t, &p_i64_sub, 0, one);
    IrReg rec = reg(t, RT_I64);
    op(t, IR_CALL, rec, 1, n1)->u.callee = f;
    ret(t, prim_op(t, &p_i64_mul, 0, rec));
    return f;
}

static IrFunc *build_float_const(TB *t, const char *name, double v)
{
    IrFunc *f = func(t, name, RT_FLOAT, 0);
    ret(t, c_float(t, v));
    return f;
}

static IrFunc *build_truthy(TB *t)
{
    t->line = 40;
    IrFunc *f = func(t, "truthy", RT_BOOL, 1, "o", RT_OBJ, "object", -1);
    ret(t, prim_op(t, &p_obj_truth, 0, -1));
    return f;
}

/* def café(o: object) -> object: return o   (a non-ASCII name) */
static IrFunc *build_cafe(TB *t)
{
    IrFunc *f = func(t, "caf\xc3\xa9", RT_OBJ, 1, "o", RT_OBJ, "object", -1);
    ret(t, 0);
    return f;
}

/* def lookup() -> object: return <name>   (a global read by name) */
static IrFunc *build_lookup(TB *t, const char *fname, const char *name)
{
    t->line = 45;
    IrFunc *f = func(t, fname, RT_OBJ, 0);
    IrReg v = prim_op(t, prim_get("load_name"), c_str(t, name, strlen(name)), -1);
    ret(t, v);
    return f;
}

/* import name as asname (top: import a.b binding a), or from name import attr as asname */
static void body_import(TB *t, const char *name, const char *asname, const char *attr, bool top)
{
    IrOp *o = op(t, IR_IMPORT, reg(t, RT_NONE), 0);
    o->u.import.module = name;
    if (attr) {
        IrImportName *n = arena_alloc(&t->ctx->arena, sizeof *n);
        n->name = attr;
        n->asname = asname;
        o->u.import.names = n;
        o->u.import.nnames = 1;
    } else {
        o->u.import.asname = asname;
        o->u.import.top = top;
    }
}

static void body_store(TB *t, int g, const char *attr, IrReg v)
{
    op(t, IR_STORE_GLOBAL, -1, 1, v)->u.global = g;
    if (attr) {
        op(t, IR_SET_MODATTR, reg(t, RT_NONE), 1, v)->u.attr = attr;
    }
}

static void body_print_loaded(TB *t)
{
    IrReg s = c_str(t, "loaded", 6), end = c_str(t, "?\n", 2);
    IrOp *p = op(t, IR_PRINT, reg(t, RT_NONE), 2, s, end);
    static const char *kw[] = {"end"};
    p->u.print.kw = (IrKw){kw, 1};
}

static void build_body(TB *t, IrFunc **fs, int nf, int g_big, int g_name)
{
    body_import(t, "math", "math", NULL, true);
    body_import(t, "os.path", "pjoin", "join", false);
    body_import(t, "os.path", "os", NULL, true);
    body_store(t, g_big, "BIG", c_int(t, RT_INT, "1180591620717411303424", true));
    body_store(t, g_name, "NAME", c_str(t, NAME_BYTES, sizeof NAME_BYTES - 1));
    body_store(t, fs[1]->params.data[1].default_global, NULL, c_float(t, 2.5));
    body_store(t, fs[2]->params.data[0].default_global, NULL,
               c_int(t, RT_INT, "1180591620717411303424", true));
    for (int i = 0; i < nf; i++) {
        define(t, t->f, fs[i]);
    }
    body_print_loaded(t);
    ret(t, c_none(t));
}

static IrModule *rich_module(Ctx *ctx, const char *path)
{
    TB t = {.ctx = ctx, .m = ir_module_new(ctx, path)};
    t.m->doc = "A test module.";
    IrFunc *init = begin_init(&t);
    IrBlock *body = t.b;
    int g_big = ir_add_global(ctx, t.m, "BIG", RT_INT, true);
    int g_name = ir_add_global(ctx, t.m, "NAME", RT_OBJ, true);
    IrFunc *fs[12];
    fs[0] = build_add1(&t);
    fs[1] = build_scale(&t);
    fs[2] = build_big_plus(&t, g_big);
    fs[3] = build_greet(&t, g_name);
    fs[4] = build_fact(&t);
    fs[5] = build_float_const(&t, "tiny", 5e-324);
    fs[6] = build_float_const(&t, "neg_inf", -HUGE_VAL);
    fs[7] = build_truthy(&t);
    fs[8] = build_cafe(&t);
    fs[9] = build_lookup(&t, "get_math", "math");
    fs[10] = build_lookup(&t, "get_len", "len");
    fs[11] = build_lookup(&t, "get_nope", "nope");
    t.f = init;
    t.b = body;
    t.line = 50;
    build_body(&t, fs, 12, g_big, g_name);
    run_passes(&t);
    return t.m;
}

static const char CHECK_PY[] =
    "import io, os, sys, math, traceback, contextlib\n"
    "import emitmod as m\n"
    "assert m.__doc__ == 'A test module.', m.__doc__\n"
    "assert m.add1(41) == 42 and m.add1(x=-5) == -4 and m.add1(True) == 2\n"
    "assert m.add1(2**62 - 1) == 2**62 and m.add1(2**62) == 2**62 + 1\n"
    "assert m.add1(-2**62) == -2**62 + 1 and m.add1(10**30) == 10**30 + 1\n"
    "def te(f, *a, **k):\n"
    "    try:\n"
    "        f(*a, **k)\n"
    "    except TypeError as e:\n"
    "        return str(e)\n"
    "    raise AssertionError('no TypeError')\n"
    "assert te(m.add1, x='a') == \"add1() argument 'x' must be int, not str\", te(m.add1, x='a')\n"
    "assert te(m.add1, 1.5) == \"add1() argument 'x' must be int, not float\"\n"
    "assert 'missing 1 required positional argument' in te(m.add1)\n"
    "assert 'takes 0 positional arguments but 1 was given' in te(m.tiny, 1)\n"
    "assert m.add1.__doc__ == 'Adds one.' and m.add1.__module__ == 'emitmod'\n"
    "assert m.add1.__name__ == 'add1'\n"
    "assert m.scale(2.0) == 5.0 and m.scale(2, k=3) == 6.0 and m.scale(-113.0, 1.0) == -113.0\n"
    "assert te(m.scale, 'a') == \"scale() argument 'x' must be float, not str\"\n"
    "try:\n"
    "    m.scale(10**400)\n"
    "    raise AssertionError('no OverflowError')\n"
    "except OverflowError:\n"
    "    pass\n"
    "assert m.BIG == 2**70 and m.big_plus() == 2**71 and m.big_plus(1) == 2**70 + 1\n"
    "assert m.NAME == 'h\\u00e9llo?? \\x00!', repr(m.NAME)\n"
    "assert m.math is math and m.pjoin is os.path.join and m.os is os\n"
    "buf = io.StringIO()\n"
    "with contextlib.redirect_stdout(buf):\n"
    "    assert m.greet(True) is None\n"
    "assert buf.getvalue() == m.NAME + '|True!\\n', repr(buf.getvalue())\n"
    "assert te(m.greet, 1) == \"greet() argument 'flag' must be bool, not int\"\n"
    "assert m.fact(20) == 2432902008176640000 and m.fact(-3) == 1\n"
    "try:\n"
    "    m.fact(25)\n"
    "    raise AssertionError('no OverflowError')\n"
    "except OverflowError:\n"
    "    tb = traceback.extract_tb(sys.exc_info()[2])\n"
    "    names = [(f.name, f.lineno) for f in tb]\n"
    "    assert ('fact', 31) in names and names.count(('fact', 31)) >= 5, names\n"
    "    assert tb[-1].filename.endswith('emitmod.py'), tb[-1].filename\n"
    "try:\n"
    "    m.fact(2**70)\n"
    "    raise AssertionError('no OverflowError')\n"
    "except OverflowError:\n"
    "    pass\n"
    "assert m.tiny() == 5e-324 and m.neg_inf() == -math.inf\n"
    "assert m.truthy([1]) is True and m.truthy(0) is False\n"
    "class Bad:\n"
    "    def __bool__(self):\n"
    "        raise ValueError('nope')\n"
    "try:\n"
    "    m.truthy(Bad())\n"
    "    raise AssertionError('no ValueError')\n"
    "except ValueError:\n"
    "    tb = traceback.extract_tb(sys.exc_info()[2])\n"
    "    assert ('truthy', 40) in [(f.name, f.lineno) for f in tb]\n"
    "cafe = getattr(m, 'caf\\u00e9')\n"
    "x = object()\n"
    "assert cafe(x) is x and cafe.__name__ == 'caf\\u00e9'\n"
    "def stable(f, obj):\n"
    "    f()\n"
    "    before = sys.getrefcount(obj)\n"
    "    for _ in range(1000):\n"
    "        f()\n"
    "    assert sys.getrefcount(obj) == before, (f, before, sys.getrefcount(obj))\n"
    "big = 10**30\n"
    "stable(lambda: m.add1(big), big)\n"
    "stable(lambda: m.big_plus(), m.BIG)\n"
    "stable(lambda: m.big_plus(big), big)\n"
    "stable(lambda: cafe(x), x)\n"
    "def quiet_greet():\n"
    "    with contextlib.redirect_stdout(io.StringIO()):\n"
    "        m.greet(False)\n"
    "stable(quiet_greet, m.NAME)\n"
    "stable(lambda: te(m.add1, x=big, y=1), big)\n"
    "assert m.get_math() is math and m.get_len() is len\n"
    "try:\n"
    "    m.get_nope()\n"
    "    raise AssertionError('no NameError')\n"
    "except NameError as e:\n"
    "    assert str(e) == \"name 'nope' is not defined\", str(e)\n"
    "m.nope = 7\n"
    "assert m.get_nope() == 7\n"
    "stable(m.get_math, math)\n"
    "print('ok')\n";

static char *run_capture(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    pclose(p);
    while (n > 0 && buf[n - 1] == '\n') {
        buf[--n] = '\0';
    }
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_build_and_import(void **state)
{
    (void)state;
    const char *py = getenv("PYTHON") ? getenv("PYTHON") : "python3";
    char cmd[4096], dir[] = "/tmp/pyc2c_emit_XXXXXX", path[512];
    if (access(PYC2C_RUNTIME_DIR "/pyc2c.h", R_OK) != 0 || !mkdtemp(dir)) {
        skip();
    }
    snprintf(cmd, sizeof cmd, "%s -c 'import sysconfig as s; print(s.get_paths()[\"include\"])'", py);
    char *inc = strdup(run_capture(cmd));
    snprintf(cmd, sizeof cmd, "%s -c 'import sysconfig as s; print(s.get_config_var(\"EXT_SUFFIX\"))'", py);
    char *suffix = strdup(run_capture(cmd));
    Ctx ctx;
    ctx_init(&ctx);
    snprintf(path, sizeof path, "%s/emitmod.py", dir);
    char *c = emit_text(&ctx, rich_module(&ctx, path), "emitmod");
    snprintf(path, sizeof path, "%s/emitmod.c", dir);
    write_file(path, c);
    snprintf(cmd, sizeof cmd,
             "cc -shared -fPIC -std=c11 -O1 -Wall -Wextra -Wno-unused-parameter -Wno-unused-label "
             "-Wno-unused-function -Werror -I%s -I%s %s/emitmod.c %s/*.c -o %s/emitmod%s -lm",
             inc, PYC2C_RUNTIME_DIR, dir, PYC2C_RUNTIME_DIR, dir, suffix);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/check.py", dir);
    write_file(path, CHECK_PY);
    snprintf(cmd, sizeof cmd, "cd %s && %s check.py 2>&1", dir, py);
    const char *out = run_capture(cmd);
    if (strcmp(out, "loaded?\nok") != 0) {
        fail_msg("check.py in %s said:\n%s", dir, out);
    }
    if (getenv("PYC2C_TEST_KEEP")) {
        printf("kept %s\n", dir);   /* the generated C, for a reader */
    } else {
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
    }
    free(inc);
    free(suffix);
    ctx_free(&ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add1_text),
        cmocka_unit_test(test_parts_have_table_entries),
        cmocka_unit_test(test_add1_profile_text),
        cmocka_unit_test(test_double_literals),
        cmocka_unit_test(test_c_string_escapes),
        cmocka_unit_test(test_emitter_helpers),
        cmocka_unit_test(test_build_and_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
