/* test_runtime_int.c - tagged ints and fixed width ints (runtime/int.c, pyc2c.h).
 * Expected values are written out, and cross-checked against the embedded
 * CPython computing the same expression. */
#include "pyc2c.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* ---- helpers ---- */

static PyObject *eval(const char *expr)
{
    PyObject *globals = PyDict_New();
    PyObject *r;
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    r = PyRun_String(expr, Py_eval_input, globals, globals);
    Py_DECREF(globals);
    if (r == NULL) {
        PyErr_Print();
    }
    assert_non_null(r);
    return r;
}

/* A tagged int holding the value of a Python expression. */
static Pyc2cInt T(const char *expr)
{
    PyObject *o = eval(expr);
    Pyc2cInt t = Pyc2cInt_Unbox(o);
    Py_DECREF(o);
    assert_int_not_equal(t, PYC2C_INT_ERROR);
    return t;
}

/* Asserts t == eval(expr), that t is normalized, and releases t. */
static void check_int(Pyc2cInt t, const char *expr)
{
    PyObject *want;
    PyObject *got;
    if (t == PYC2C_INT_ERROR) {
        PyErr_Print();
    }
    assert_int_not_equal(t, PYC2C_INT_ERROR);
    assert_null(PyErr_Occurred());
    want = eval(expr);
    got = Pyc2cInt_Box(t);
    assert_non_null(got);
    if (PyObject_RichCompareBool(got, want, Py_EQ) != 1) {
        PyObject_Print(got, stderr, 0);
        fprintf(stderr, " != %s\n", expr);
        fail();
    }
    if (!Pyc2cInt_IsShort(t)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(got, &overflow);
        assert_false(overflow == 0 && Pyc2cInt_FitsShort(v));   /* normalized */
        assert_true(PyLong_CheckExact(Pyc2cInt_LongObject(t)));
    }
    Py_DECREF(got);
    Py_DECREF(want);
    Pyc2cInt_DECREF(t);
}

/* Asserts the pending exception is `type` with message `msg`, then clears it. */
static void check_raised(PyObject *type, const char *msg)
{
    PyObject *ptype;
    PyObject *pvalue;
    PyObject *ptb;
    PyObject *s;
    assert_non_null(PyErr_Occurred());
    PyErr_Fetch(&ptype, &pvalue, &ptb);
    PyErr_NormalizeException(&ptype, &pvalue, &ptb);
    assert_true(ptype == type);
    s = PyObject_Str(pvalue);
    assert_string_equal(PyUnicode_AsUTF8(s), msg);
    Py_DECREF(s);
    Py_XDECREF(ptype);
    Py_XDECREF(pvalue);
    Py_XDECREF(ptb);
}

static int setup(void **state)
{
    (void)state;
    Py_Initialize();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return Py_FinalizeEx() < 0 ? -1 : 0;
}

/* ---- representation ---- */

static void test_short_long_boundaries(void **state)
{
    (void)state;
    assert_true(Pyc2cInt_IsShort(T("2**62-1")));
    assert_true(Pyc2cInt_IsShort(T("-2**62")));
    assert_int_equal(Pyc2cInt_ShortValue(T("2**62-1")), PYC2C_SHORT_MAX);
    assert_int_equal(Pyc2cInt_ShortValue(T("-2**62")), PYC2C_SHORT_MIN);
    const char *longs[] = {"2**62", "-2**62-1", "2**63", "-2**63-1", "2**63-1", "-2**63", "10**40"};
    for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
        Pyc2cInt t = T(longs[i]);
        assert_false(Pyc2cInt_IsShort(t));
        check_int(t, longs[i]);
    }
    check_int(Pyc2cInt_FromI64(PYC2C_SHORT_MAX), "2**62-1");
    check_int(Pyc2cInt_FromI64(PYC2C_SHORT_MAX + 1), "2**62");
    check_int(Pyc2cInt_FromI64(INT64_MAX), "2**63-1");
    check_int(Pyc2cInt_FromI64(INT64_MIN), "-2**63");
    check_int(Pyc2cInt_FromShort(-5), "-5");
    Pyc2cInt_INCREF(PYC2C_INT_ERROR);   /* no-ops */
    Pyc2cInt_DECREF(PYC2C_INT_ERROR);
}

static void test_box_unbox(void **state)
{
    (void)state;
    PyObject *o;
    Pyc2cInt t;
    assert_true(Pyc2cInt_Unbox(Py_True) == Pyc2cInt_FromShort(1));
    assert_true(Pyc2cInt_Unbox(Py_False) == Pyc2cInt_FromShort(0));
    assert_true(Pyc2cInt_Check(Py_True));
    /* not an int: error sentinel and no exception */
    o = PyUnicode_FromString("12");
    assert_int_equal(Pyc2cInt_Unbox(o), PYC2C_INT_ERROR);
    assert_null(PyErr_Occurred());
    assert_false(Pyc2cInt_Check(o));
    Py_DECREF(o);
    o = PyFloat_FromDouble(1.0);
    assert_int_equal(Pyc2cInt_Unbox(o), PYC2C_INT_ERROR);
    assert_null(PyErr_Occurred());
    Py_DECREF(o);
    /* int subclass with a big value becomes an exact int */
    o = eval("type('I', (int,), {})(2**70)");
    t = Pyc2cInt_Unbox(o);
    assert_false(Pyc2cInt_IsShort(t));
    assert_true(PyLong_CheckExact(Pyc2cInt_LongObject(t)));
    check_int(t, "2**70");
    Py_DECREF(o);
    /* round trips */
    const char *vals[] = {"0", "-1", "2**62-1", "-2**62", "2**62", "-2**63-1", "-10**50"};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        t = T(vals[i]);
        o = Pyc2cInt_Box(t);
        check_int(Pyc2cInt_FromPyLong(o), vals[i]);
        Py_DECREF(o);
        Pyc2cInt_DECREF(t);
    }
    check_int(Pyc2cInt_FromDecimalString("123456789012345678901234567890"),
              "123456789012345678901234567890");
    check_int(Pyc2cInt_FromDecimalString("-42"), "-42");
    assert_int_equal(Pyc2cInt_FromDecimalString("12x"), PYC2C_INT_ERROR);
    assert_true(PyErr_ExceptionMatches(PyExc_ValueError));
    PyErr_Clear();
}

/* ---- arithmetic ---- */

static void test_add_sub_mul(void **state)
{
    (void)state;
    check_int(Pyc2cInt_Add(T("2**62-1"), T("1")), "2**62");
    check_int(Pyc2cInt_Sub(T("-2**62"), T("1")), "-2**62-1");
    check_int(Pyc2cInt_Sub(T("2**62"), T("1")), "2**62-1");   /* back to short */
    Pyc2cInt back = Pyc2cInt_Sub(T("2**62"), T("1"));
    assert_true(Pyc2cInt_IsShort(back));
    check_int(Pyc2cInt_Add(T("2**64"), T("-2**64")), "0");
    check_int(Pyc2cInt_Add(T("3"), T("4")), "7");
    check_int(Pyc2cInt_Mul(T("-6"), T("7")), "-42");
    check_int(Pyc2cInt_Mul(T("2**31"), T("2**31")), "2**62");
    check_int(Pyc2cInt_Mul(T("2**61"), T("-2")), "-2**62");
    assert_true(Pyc2cInt_IsShort(Pyc2cInt_Mul(T("2**61"), T("-2"))));
    check_int(Pyc2cInt_Mul(T("12345678901234567"), T("98765432109876543")),
              "12345678901234567 * 98765432109876543");
    check_int(Pyc2cInt_Mul(T("10**40"), T("-10**40")), "-10**80");
}

static void test_floordiv_mod(void **state)
{
    (void)state;
    check_int(Pyc2cInt_FloorDiv(T("-7"), T("2")), "-4");
    check_int(Pyc2cInt_FloorDiv(T("7"), T("-2")), "-4");
    check_int(Pyc2cInt_FloorDiv(T("-7"), T("-2")), "3");
    check_int(Pyc2cInt_FloorDiv(T("7"), T("2")), "3");
    check_int(Pyc2cInt_Mod(T("-7"), T("2")), "1");
    check_int(Pyc2cInt_Mod(T("7"), T("-2")), "-1");
    check_int(Pyc2cInt_Mod(T("-7"), T("-2")), "-1");
    check_int(Pyc2cInt_Mod(T("-8"), T("2")), "0");
    check_int(Pyc2cInt_FloorDiv(T("-2**62"), T("-1")), "2**62");
    check_int(Pyc2cInt_FloorDiv(T("10**30"), T("-7")), "10**30 // -7");
    check_int(Pyc2cInt_Mod(T("-10**30"), T("7")), "-10**30 % 7");
    assert_int_equal(Pyc2cInt_FloorDiv(T("1"), T("0")), PYC2C_INT_ERROR);
    check_raised(PyExc_ZeroDivisionError, "integer division or modulo by zero");
    assert_int_equal(Pyc2cInt_Mod(T("10**30"), T("0")), PYC2C_INT_ERROR);
    assert_true(PyErr_ExceptionMatches(PyExc_ZeroDivisionError));   /* message varies by version */
    PyErr_Clear();
}

static void test_bitwise_and_shifts(void **state)
{
    (void)state;
    check_int(Pyc2cInt_And(T("12"), T("-6")), "12 & -6");
    check_int(Pyc2cInt_Or(T("12"), T("-6")), "12 | -6");
    check_int(Pyc2cInt_Xor(T("12"), T("-6")), "12 ^ -6");
    check_int(Pyc2cInt_And(T("2**70 + 5"), T("7")), "5");
    check_int(Pyc2cInt_Lshift(T("1"), T("100")), "1 << 100");
    check_int(Pyc2cInt_Lshift(T("1"), T("61")), "2**61");
    check_int(Pyc2cInt_Lshift(T("1"), T("62")), "2**62");
    check_int(Pyc2cInt_Lshift(T("-1"), T("62")), "-2**62");
    check_int(Pyc2cInt_Lshift(T("-3"), T("5")), "-96");
    check_int(Pyc2cInt_Lshift(T("0"), T("1000")), "0");
    check_int(Pyc2cInt_Rshift(T("-1"), T("5")), "-1");
    check_int(Pyc2cInt_Rshift(T("-7"), T("1")), "-4");
    check_int(Pyc2cInt_Rshift(T("2**62-1"), T("1000")), "0");
    check_int(Pyc2cInt_Rshift(T("-2**62"), T("10**30")), "-1");
    check_int(Pyc2cInt_Rshift(T("2**100"), T("40")), "2**60");
    assert_int_equal(Pyc2cInt_Lshift(T("1"), T("-1")), PYC2C_INT_ERROR);
    check_raised(PyExc_ValueError, "negative shift count");
    assert_int_equal(Pyc2cInt_Rshift(T("1"), T("-1")), PYC2C_INT_ERROR);
    check_raised(PyExc_ValueError, "negative shift count");
}

static void test_pow_and_unary(void **state)
{
    (void)state;
    PyObject *o;
    check_int(Pyc2cInt_Pow(T("3"), T("4")), "81");
    check_int(Pyc2cInt_Pow(T("-2"), T("61")), "-2**61");
    check_int(Pyc2cInt_Pow(T("-2"), T("62")), "2**62");
    check_int(Pyc2cInt_Pow(T("2"), T("200")), "2**200");
    check_int(Pyc2cInt_Pow(T("0"), T("0")), "1");
    check_int(Pyc2cInt_Pow(T("-1"), T("2**62-1")), "-1");
    check_int(Pyc2cInt_Pow(T("10**20"), T("3")), "10**60");
    assert_int_equal(Pyc2cInt_Pow(T("2"), T("-1")), PYC2C_INT_ERROR);
    check_raised(PyExc_ValueError, "pyc2c: negative exponent");
    o = Pyc2cInt_PowObject(T("2"), T("-2"));
    assert_true(PyFloat_CheckExact(o));
    assert_true(PyFloat_AS_DOUBLE(o) == 0.25);
    Py_DECREF(o);
    assert_null(Pyc2cInt_PowObject(T("0"), T("-1")));
    assert_true(PyErr_ExceptionMatches(PyExc_ZeroDivisionError));
    PyErr_Clear();
    check_int(Pyc2cInt_Neg(T("-2**62")), "2**62");
    check_int(Pyc2cInt_Neg(T("2**62")), "-2**62");
    check_int(Pyc2cInt_Abs(T("-2**62")), "2**62");
    check_int(Pyc2cInt_Abs(T("-10**30")), "10**30");
    check_int(Pyc2cInt_Invert(T("5")), "-6");
    check_int(Pyc2cInt_Invert(T("2**62-1")), "-2**62");
    check_int(Pyc2cInt_Invert(T("-2**62-1")), "2**62");
}

/* Every operator against CPython on a grid of boundary values. */
static void test_against_cpython(void **state)
{
    (void)state;
    static const char *vals[] = {
        "0", "1", "-1", "7", "-7", "2**31", "2**53+1", "-2**53-1", "2**62-1", "-2**62",
        "2**62", "-2**62-1", "2**63", "-2**63-1", "3**50", "-3**50", "True",
    };
    typedef Pyc2cInt (*Op)(Pyc2cInt, Pyc2cInt);
    static const struct { const char *sym; Op op; } ops[] = {
        {"+", Pyc2cInt_Add}, {"-", Pyc2cInt_Sub}, {"*", Pyc2cInt_Mul},
        {"//", Pyc2cInt_FloorDiv}, {"%", Pyc2cInt_Mod}, {"&", Pyc2cInt_And},
        {"|", Pyc2cInt_Or}, {"^", Pyc2cInt_Xor},
    };
    size_t n = sizeof vals / sizeof vals[0];
    char expr[256];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            Pyc2cInt a = T(vals[i]);
            Pyc2cInt b = T(vals[j]);
            for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
                Pyc2cInt r = ops[k].op(a, b);
                if (r == PYC2C_INT_ERROR) {
                    assert_true(PyErr_ExceptionMatches(PyExc_ZeroDivisionError));
                    assert_true(Pyc2cInt_Eq(b, 0));
                    PyErr_Clear();
                    continue;
                }
                snprintf(expr, sizeof expr, "(%s) %s (%s)", vals[i], ops[k].sym, vals[j]);
                check_int(r, expr);
            }
            snprintf(expr, sizeof expr, "(%s) < (%s)", vals[i], vals[j]);
            PyObject *lt = eval(expr);
            assert_int_equal(Pyc2cInt_Lt(a, b), lt == Py_True);
            assert_int_equal(Pyc2cInt_Ge(a, b), lt != Py_True);
            Py_DECREF(lt);
            snprintf(expr, sizeof expr, "(%s) == (%s)", vals[i], vals[j]);
            PyObject *eq = eval(expr);
            assert_int_equal(Pyc2cInt_Eq(a, b), eq == Py_True);
            assert_int_equal(Pyc2cInt_Ne(a, b), eq != Py_True);
            Py_DECREF(eq);
            Pyc2cInt_DECREF(a);
            Pyc2cInt_DECREF(b);
        }
    }
}

static void test_comparisons(void **state)
{
    (void)state;
    assert_true(Pyc2cInt_Lt(T("-2**62-1"), T("-2**62")));
    assert_true(Pyc2cInt_Gt(T("2**62"), T("2**62-1")));
    assert_true(Pyc2cInt_Lt(T("-10**30"), T("10**30")));
    assert_true(Pyc2cInt_Le(T("10**30"), T("10**30")));
    assert_true(Pyc2cInt_Eq(T("10**30"), T("10**30")));
    assert_false(Pyc2cInt_Eq(T("10**30"), T("10**30+1")));
    assert_true(Pyc2cInt_Gt(T("5"), T("-2**100")));
    assert_true(Pyc2cInt_IsTrue(T("2**100")));
    assert_false(Pyc2cInt_IsTrue(T("0")));
    assert_true(Pyc2cInt_IsTrue(T("-1")));
}

/* ---- floats ---- */

static void test_true_div(void **state)
{
    (void)state;
    assert_true(Pyc2cInt_TrueDiv(T("1"), T("3")) == 1.0 / 3.0);
    assert_true(Pyc2cInt_TrueDiv(T("-7"), T("2")) == -3.5);
    /* beyond 2**53: correctly rounded like CPython, not (double)a / (double)b */
    assert_true(Pyc2cInt_TrueDiv(T("2**53+1"), T("1")) == 9007199254740992.0);
    assert_true(Pyc2cInt_TrueDiv(T("10**30"), T("10**29")) == 10.0);
    /* here (double)a / (double)b would be off by one ulp */
    assert_true(Pyc2cInt_TrueDiv(T("4271487674665897118"), T("555790")) == 7685434561013.867);
    assert_true(4271487674665897118.0 / 555790.0 != 7685434561013.867);
    assert_true(Pyc2cInt_TrueDiv(T("1"), T("0")) == PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ZeroDivisionError, "division by zero");
    assert_true(Pyc2cInt_TrueDiv(T("10**400"), T("1")) == PYC2C_FLOAT_ERROR);
    check_raised(PyExc_OverflowError, "integer division result too large for a float");
}

static void test_as_double_and_from_double(void **state)
{
    (void)state;
    assert_true(Pyc2cInt_AsDouble(T("2**53+1")) == 9007199254740992.0);
    assert_true(Pyc2cInt_AsDouble(T("2**62+1")) == 4611686018427387904.0);
    assert_true(Pyc2cInt_AsDouble(T("-3")) == -3.0);
    assert_true(Pyc2cInt_AsDouble(T("10**400")) == PYC2C_FLOAT_ERROR);
    check_raised(PyExc_OverflowError, "int too large to convert to float");
    check_int(Pyc2cInt_FromDouble(-2.9), "-2");
    check_int(Pyc2cInt_FromDouble(2.9), "2");
    check_int(Pyc2cInt_FromDouble(-0.0), "0");
    check_int(Pyc2cInt_FromDouble(4611686018427387904.0), "2**62");
    check_int(Pyc2cInt_FromDouble(-4611686018427387904.0), "-2**62");
    check_int(Pyc2cInt_FromDouble(1e30), "int(1e30)");
    assert_int_equal(Pyc2cInt_FromDouble(NAN), PYC2C_INT_ERROR);
    check_raised(PyExc_ValueError, "cannot convert float NaN to integer");
    assert_int_equal(Pyc2cInt_FromDouble(-INFINITY), PYC2C_INT_ERROR);
    check_raised(PyExc_OverflowError, "cannot convert float infinity to integer");
}

static void test_as_i64(void **state)
{
    (void)state;
    assert_int_equal(Pyc2cInt_AsI64(T("-5")), -5);
    assert_true(Pyc2cInt_AsI64(T("2**63-1")) == INT64_MAX);
    assert_true(Pyc2cInt_AsI64(T("-2**63")) == INT64_MIN);
    assert_int_equal(Pyc2cInt_AsI64(T("2**63")), -1);
    assert_true(PyErr_ExceptionMatches(PyExc_OverflowError));
    PyErr_Clear();
}

static void test_cmp_float_exact(void **state)
{
    (void)state;
    double two53 = 9007199254740992.0;
    assert_true(Pyc2cInt_CmpFloat(T("2**53+1"), two53, Py_GT));
    assert_false(Pyc2cInt_CmpFloat(T("2**53+1"), two53, Py_EQ));
    assert_true(Pyc2cInt_CmpFloat(T("2**53+1"), two53, Py_NE));
    assert_true(Pyc2cInt_CmpFloat(T("2**53"), two53, Py_EQ));
    assert_true(Pyc2cInt_CmpFloat(T("2**62-1"), 4611686018427387904.0, Py_LT));
    assert_true(Pyc2cInt_CmpFloat(T("10**400"), INFINITY, Py_LT));
    assert_true(Pyc2cInt_CmpFloat(T("-10**400"), -1e308, Py_LT));
    assert_true(Pyc2cInt_CmpFloat(T("3"), 2.5, Py_GE));
    assert_false(Pyc2cInt_CmpFloat(T("3"), NAN, Py_EQ));
    assert_true(Pyc2cInt_CmpFloat(T("3"), NAN, Py_NE));
    assert_false(Pyc2cInt_CmpFloat(T("2**62"), NAN, Py_LE));
    assert_true(Pyc2cInt_CmpFloat(T("0"), -0.0, Py_EQ));
}

static void test_str(void **state)
{
    (void)state;
    PyObject *s = Pyc2cInt_Str(T("-2**62"));
    assert_string_equal(PyUnicode_AsUTF8(s), "-4611686018427387904");
    Py_DECREF(s);
    Pyc2cInt big = T("10**30");
    s = Pyc2cInt_Str(big);
    assert_string_equal(PyUnicode_AsUTF8(s), "1000000000000000000000000000000");
    Py_DECREF(s);
    Pyc2cInt_DECREF(big);
}

/* ---- i64 / i32 ---- */

static void test_fixed_width(void **state)
{
    (void)state;
    PyObject *o;
    assert_true(Pyc2cI64_Add(INT64_MAX - 1, 1) == INT64_MAX);
    assert_true(Pyc2cI64_Add(INT64_MAX, 1) == PYC2C_I64_ERROR);
    check_raised(PyExc_OverflowError, "integer overflow");
    assert_true(Pyc2cI64_Sub(INT64_MIN, 1) == PYC2C_I64_ERROR);
    check_raised(PyExc_OverflowError, "integer overflow");
    assert_true(Pyc2cI64_Mul(INT64_MAX / 2 + 1, 2) == PYC2C_I64_ERROR);
    check_raised(PyExc_OverflowError, "integer overflow");
    assert_true(Pyc2cI64_FloorDiv(INT64_MIN, -1) == PYC2C_I64_ERROR);
    check_raised(PyExc_OverflowError, "integer overflow");
    assert_int_equal(Pyc2cI64_FloorDiv(-7, 2), -4);
    assert_int_equal(Pyc2cI64_FloorDiv(7, -2), -4);
    assert_int_equal(Pyc2cI64_Mod(-7, 2), 1);
    assert_int_equal(Pyc2cI64_Mod(7, -2), -1);
    assert_int_equal(Pyc2cI64_Mod(INT64_MIN, -1), 0);
    assert_true(Pyc2cI64_FloorDiv(1, 0) == PYC2C_I64_ERROR);
    check_raised(PyExc_ZeroDivisionError, "integer division or modulo by zero");
    assert_true(Pyc2cI64_Mod(1, 0) == PYC2C_I64_ERROR);
    check_raised(PyExc_ZeroDivisionError, PY_VERSION_HEX >= 0x030B0000 ? "integer modulo by zero" : "integer division or modulo by zero");
    /* -113 is also an ordinary value */
    assert_int_equal(Pyc2cI64_Sub(-100, 13), -113);
    assert_false(Pyc2cI64_IsError(-113));
    assert_int_equal(Pyc2cI32_Add(INT32_MAX, 1), PYC2C_I32_ERROR);
    check_raised(PyExc_OverflowError, "integer overflow");
    assert_int_equal(Pyc2cI32_Mul(65536, 32768), PYC2C_I32_ERROR);
    check_raised(PyExc_OverflowError, "integer overflow");
    assert_int_equal(Pyc2cI32_FloorDiv(-7, 2), -4);
    assert_int_equal(Pyc2cI32_Mod(-7, 2), 1);
    /* boxing */
    o = eval("2**63-1");
    assert_true(Pyc2cI64_Unbox(o) == INT64_MAX);
    Py_DECREF(o);
    o = eval("2**63");
    assert_true(Pyc2cI64_IsError(Pyc2cI64_Unbox(o)));
    check_raised(PyExc_OverflowError, "int too large to convert to i64");
    assert_true(Pyc2cI32_IsError(Pyc2cI32_Unbox(o)));
    check_raised(PyExc_OverflowError, "int too large to convert to i32");
    Py_DECREF(o);
    o = eval("-2**31");
    assert_int_equal(Pyc2cI32_Unbox(o), INT32_MIN);
    Py_DECREF(o);
    o = eval("'x'");
    assert_true(Pyc2cI64_Unbox(o) == PYC2C_I64_ERROR);
    assert_null(PyErr_Occurred());
    Py_DECREF(o);
    assert_int_equal(Pyc2cI64_Unbox(Py_True), 1);
    o = Pyc2cI64_Box(INT64_MIN);
    assert_true(PyLong_AsLongLong(o) == INT64_MIN);
    Py_DECREF(o);
    o = Pyc2cI32_Box(-5);
    assert_int_equal(PyLong_AsLong(o), -5);
    Py_DECREF(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_long_boundaries),
        cmocka_unit_test(test_box_unbox),
        cmocka_unit_test(test_add_sub_mul),
        cmocka_unit_test(test_floordiv_mod),
        cmocka_unit_test(test_bitwise_and_shifts),
        cmocka_unit_test(test_pow_and_unary),
        cmocka_unit_test(test_against_cpython),
        cmocka_unit_test(test_comparisons),
        cmocka_unit_test(test_true_div),
        cmocka_unit_test(test_as_double_and_from_double),
        cmocka_unit_test(test_as_i64),
        cmocka_unit_test(test_cmp_float_exact),
        cmocka_unit_test(test_str),
        cmocka_unit_test(test_fixed_width),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
