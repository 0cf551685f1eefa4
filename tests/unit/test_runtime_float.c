/* test_runtime_float.c - float semantics (runtime/float.c) and math shims
 * (runtime/mathfn.c), with written-out expectations and a bit-for-bit
 * comparison against the embedded CPython on a grid of special values. */
#include "pyc2c.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

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

static int same_double(double a, double b)
{
    if (isnan(a) || isnan(b)) {
        return isnan(a) && isnan(b);
    }
    return memcmp(&a, &b, sizeof a) == 0;
}

static void assert_same(double got, double want)
{
    if (!same_double(got, want)) {
        fprintf(stderr, "got %.17g, want %.17g\n", got, want);
        fail();
    }
}

/* ---- operators ---- */

static void test_div(void **state)
{
    (void)state;
    assert_same(Pyc2cFloat_Div(1.0, 4.0), 0.25);
    assert_same(Pyc2cFloat_Div(-1.0, INFINITY), -0.0);
    assert_same(Pyc2cFloat_Div(1.0, 0.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ZeroDivisionError, "float division by zero");
    assert_same(Pyc2cFloat_Div(0.0, -0.0), PYC2C_FLOAT_ERROR);
    assert_true(PyErr_ExceptionMatches(PyExc_ZeroDivisionError));
    PyErr_Clear();
}

static void test_floordiv_mod_signs(void **state)
{
    (void)state;
    assert_same(Pyc2cFloat_FloorDiv(-7.0, 2.0), -4.0);
    assert_same(Pyc2cFloat_FloorDiv(7.0, -2.0), -4.0);
    assert_same(Pyc2cFloat_FloorDiv(7.5, 2.0), 3.0);
    assert_same(Pyc2cFloat_Mod(-7.0, 2.0), 1.0);
    assert_same(Pyc2cFloat_Mod(7.0, -2.0), -1.0);
    assert_same(Pyc2cFloat_Mod(-7.5, 2.0), 0.5);
    /* zero results take the sign of the divisor; quotient zero keeps a/b's sign */
    assert_same(Pyc2cFloat_Mod(4.0, -2.0), -0.0);
    assert_same(Pyc2cFloat_Mod(-4.0, 2.0), 0.0);
    assert_same(Pyc2cFloat_Mod(-0.0, 2.0), 0.0);
    assert_same(Pyc2cFloat_FloorDiv(-0.0, 2.0), -0.0);
    assert_same(Pyc2cFloat_FloorDiv(0.5, -2.0), -1.0);
    assert_same(Pyc2cFloat_FloorDiv(0.0, -2.0), -0.0);
    assert_same(Pyc2cFloat_Mod(-1.0, INFINITY), INFINITY);
    assert_same(Pyc2cFloat_Mod(1.0, INFINITY), 1.0);
    assert_same(Pyc2cFloat_FloorDiv(1.0, 0.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ZeroDivisionError, "float floor division by zero");
    assert_same(Pyc2cFloat_Mod(1.0, 0.0), PYC2C_FLOAT_ERROR);
    assert_true(PyErr_ExceptionMatches(PyExc_ZeroDivisionError));   /* message varies by version */
    PyErr_Clear();
}

static void test_pow(void **state)
{
    (void)state;
    assert_same(Pyc2cFloat_Pow(2.0, 10.0), 1024.0);
    assert_same(Pyc2cFloat_Pow(-2.0, 3.0), -8.0);
    assert_same(Pyc2cFloat_Pow(-2.0, -2.0), 0.25);
    assert_same(Pyc2cFloat_Pow(NAN, 0.0), 1.0);
    assert_same(Pyc2cFloat_Pow(1.0, NAN), 1.0);
    assert_same(Pyc2cFloat_Pow(-1.0, INFINITY), 1.0);
    assert_same(Pyc2cFloat_Pow(0.5, INFINITY), 0.0);
    assert_same(Pyc2cFloat_Pow(-0.0, 3.0), -0.0);
    assert_same(Pyc2cFloat_Pow(-INFINITY, 3.0), -INFINITY);
    assert_same(Pyc2cFloat_Pow(2.0, -1080.0), 0.0);   /* underflow is silent */
    assert_same(Pyc2cFloat_Pow(0.0, -1.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    assert_same(Pyc2cFloat_Pow(2.0, 10000.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_OverflowError, "(34, 'Numerical result out of range')");
    assert_same(Pyc2cFloat_Pow(-2.0, 10001.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_OverflowError, "(34, 'Numerical result out of range')");
    assert_same(Pyc2cFloat_Pow(-8.0, 1.0 / 3.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "pyc2c: complex result of float power not supported");
}

/* Pyc2cFloat_* against PyNumber_* on every pair of a value grid. */
static void test_against_cpython(void **state)
{
    (void)state;
    static const double vals[] = {
        0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -7.5, 0.1, 1e308, -1e308, 5e-324,
        -5e-324, 1e-300, 9007199254740993.0, 1e16, 1.0 / 3.0, 123.456, -0.75, 10.0, -3.0,
    };
    const double specials[] = {INFINITY, -INFINITY, NAN};
    double grid[sizeof vals / sizeof vals[0] + 3];
    size_t n = 0;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        grid[n++] = vals[i];
    }
    for (size_t i = 0; i < 3; i++) {
        grid[n++] = specials[i];
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double a = grid[i];
            double b = grid[j];
            PyObject *x = PyFloat_FromDouble(a);
            PyObject *y = PyFloat_FromDouble(b);
            PyObject *want[4] = {
                PyNumber_FloorDivide(x, y), NULL, NULL, NULL,
            };
            PyErr_Clear();
            want[1] = PyNumber_Remainder(x, y);
            PyErr_Clear();
            want[2] = PyNumber_Power(x, y, Py_None);
            PyErr_Clear();
            want[3] = PyNumber_TrueDivide(x, y);
            PyErr_Clear();
            double got[4] = {
                Pyc2cFloat_FloorDiv(a, b), Pyc2cFloat_Mod(a, b), 0.0, 0.0,
            };
            PyErr_Clear();
            got[2] = Pyc2cFloat_Pow(a, b);
            int pow_failed = Pyc2cFloat_IsError(got[2]);
            PyErr_Clear();
            got[3] = Pyc2cFloat_Div(a, b);
            PyErr_Clear();
            for (int k = 0; k < 4; k++) {
                if (want[k] == NULL || !PyFloat_Check(want[k])) {
                    assert_same(got[k], PYC2C_FLOAT_ERROR);
                } else {
                    if (!same_double(got[k], PyFloat_AS_DOUBLE(want[k]))) {
                        fprintf(stderr, "op %d on %.17g, %.17g\n", k, a, b);
                    }
                    assert_same(got[k], PyFloat_AS_DOUBLE(want[k]));
                    if (k == 2) {
                        assert_false(pow_failed);
                    }
                }
                Py_XDECREF(want[k]);
            }
            Py_DECREF(x);
            Py_DECREF(y);
        }
    }
}

static void test_box_unbox_str(void **state)
{
    (void)state;
    PyObject *o = Pyc2cFloat_Box(-0.0);
    assert_same(Pyc2cFloat_Unbox(o), -0.0);
    Py_DECREF(o);
    o = PyLong_FromLong(7);
    assert_same(Pyc2cFloat_Unbox(o), 7.0);
    assert_true(Pyc2cFloat_Check(o));
    Py_DECREF(o);
    assert_same(Pyc2cFloat_Unbox(Py_True), 1.0);
    o = PyLong_FromString("9007199254740993", NULL, 10);
    assert_same(Pyc2cFloat_Unbox(o), 9007199254740992.0);
    Py_DECREF(o);
    o = PyLong_FromString("1" "000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000", NULL, 10);
    assert_true(Pyc2cFloat_IsError(Pyc2cFloat_Unbox(o)));
    check_raised(PyExc_OverflowError, "int too large to convert to float");
    Py_DECREF(o);
    o = PyUnicode_FromString("1.5");
    assert_same(Pyc2cFloat_Unbox(o), PYC2C_FLOAT_ERROR);
    assert_null(PyErr_Occurred());
    assert_false(Pyc2cFloat_Check(o));
    Py_DECREF(o);
    assert_false(Pyc2cFloat_IsError(-113.0));   /* an ordinary value without an exception */
    assert_same(Pyc2cFloat_Abs(-0.0), 0.0);
    o = Pyc2cFloat_Str(0.1);
    assert_string_equal(PyUnicode_AsUTF8(o), "0.1");
    Py_DECREF(o);
    o = Pyc2cFloat_Str(1e22);
    assert_string_equal(PyUnicode_AsUTF8(o), "1e+22");
    Py_DECREF(o);
    o = Pyc2cFloat_Str(-INFINITY);
    assert_string_equal(PyUnicode_AsUTF8(o), "-inf");
    Py_DECREF(o);
    o = Pyc2cFloat_Str(3.0);
    assert_string_equal(PyUnicode_AsUTF8(o), "3.0");
    Py_DECREF(o);
}

/* ---- math ---- */

static void test_math_values(void **state)
{
    (void)state;
    assert_same(Pyc2cMath_Sqrt(2.0), sqrt(2.0));
    assert_same(Pyc2cMath_Sqrt(-0.0), -0.0);
    assert_same(Pyc2cMath_Sqrt(INFINITY), INFINITY);
    assert_same(Pyc2cMath_Sin(0.5), sin(0.5));
    assert_same(Pyc2cMath_Cos(0.5), cos(0.5));
    assert_same(Pyc2cMath_Tan(0.5), tan(0.5));
    assert_same(Pyc2cMath_Exp(1.0), exp(1.0));
    assert_same(Pyc2cMath_Exp(-1000.0), 0.0);
    assert_same(Pyc2cMath_Exp(-INFINITY), 0.0);
    assert_same(Pyc2cMath_Log(Py_MATH_E), 1.0);
    assert_same(Pyc2cMath_Log(INFINITY), INFINITY);
    assert_same(Pyc2cMath_Log2Arg(8.0, 2.0), log(8.0) / log(2.0));
    assert_same(Pyc2cMath_Atan2(-0.0, -1.0), -Py_MATH_PI);
    assert_same(Pyc2cMath_Atan2(0.0, -0.0), Py_MATH_PI);
    assert_same(Pyc2cMath_Atan2(INFINITY, INFINITY), Py_MATH_PI / 4);
    assert_same(Pyc2cMath_Pow(2.0, 0.5), pow(2.0, 0.5));
    assert_same(Pyc2cMath_Pow(-2.0, 3.0), -8.0);
    assert_same(Pyc2cMath_Pow(NAN, 0.0), 1.0);
    assert_same(Pyc2cMath_Fabs(-3.5), 3.5);
    assert_same(Pyc2cMath_Hypot(3.0, 4.0), 5.0);
    assert_same(Pyc2cMath_Hypot(1e308, 1e308), 1.4142135623730951e308);
    assert_true(Pyc2cMath_Isnan(NAN));
    assert_false(Pyc2cMath_Isnan(INFINITY));
    assert_true(Pyc2cMath_Isinf(-INFINITY));
    assert_false(Pyc2cMath_Isinf(1e308));
    assert_true(Pyc2cMath_Floor(-2.5) == Pyc2cInt_FromShort(-3));
    assert_true(Pyc2cMath_Ceil(-2.5) == Pyc2cInt_FromShort(-2));
    assert_true(Pyc2cMath_Ceil(2.000001) == Pyc2cInt_FromShort(3));
    Pyc2cInt big = Pyc2cMath_Floor(1e20);
    assert_false(Pyc2cInt_IsShort(big));
    assert_true(Pyc2cInt_AsDouble(big) == 1e20);
    Pyc2cInt_DECREF(big);
}

static void test_math_errors(void **state)
{
    (void)state;
    assert_same(Pyc2cMath_Sqrt(-1.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Sin(INFINITY), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Cos(-INFINITY), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Exp(1000.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_OverflowError, "math range error");
    assert_same(Pyc2cMath_Log(0.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Log(-1.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Log2Arg(2.0, 1.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ZeroDivisionError, "float division by zero");
    assert_same(Pyc2cMath_Pow(0.0, -1.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Pow(-8.0, 0.5), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_ValueError, "math domain error");
    assert_same(Pyc2cMath_Pow(10.0, 400.0), PYC2C_FLOAT_ERROR);
    check_raised(PyExc_OverflowError, "math range error");
    assert_int_equal(Pyc2cMath_Floor(NAN), PYC2C_INT_ERROR);
    check_raised(PyExc_ValueError, "cannot convert float NaN to integer");
    assert_int_equal(Pyc2cMath_Ceil(INFINITY), PYC2C_INT_ERROR);
    check_raised(PyExc_OverflowError, "cannot convert float infinity to integer");
    /* nan in, nan out: no error */
    assert_true(isnan(Pyc2cMath_Sqrt(NAN)));
    assert_null(PyErr_Occurred());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_div),
        cmocka_unit_test(test_floordiv_mod_signs),
        cmocka_unit_test(test_pow),
        cmocka_unit_test(test_against_cpython),
        cmocka_unit_test(test_box_unbox_str),
        cmocka_unit_test(test_math_values),
        cmocka_unit_test(test_math_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
