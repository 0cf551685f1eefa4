/* test_runtime_args.c - argument parsing (runtime/args.c), tracebacks
 * (runtime/errors.c) and print (runtime/builtins.c).  Messages are compared with
 * the exact strings CPython 3.11 prints and with a Python function of the same
 * signature called the same way in the embedded interpreter. */
#include "pyc2c.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static PyObject *globals;

static int setup(void **state)
{
    (void)state;
    Py_Initialize();
    globals = PyDict_New();
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String("def f(a, b=None): pass\n"
                               "def g(a, b, c): pass\n"
                               "def h(): pass\n"
                               "def k(a): pass\n"
                               "def d(a=None): pass\n"
                               "def p(a, /, b, *, c): pass\n",
                               Py_file_input, globals, globals);
    if (r == NULL) {
        PyErr_Print();
        return -1;
    }
    Py_DECREF(r);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    Py_CLEAR(globals);
    return Py_FinalizeEx() < 0 ? -1 : 0;
}

/* Takes the pending exception; returns its message (static buffer) or "" if none. */
static const char *take_error(PyObject **type_out)
{
    static char buf[512];
    PyObject *ptype;
    PyObject *pvalue;
    PyObject *ptb;
    buf[0] = '\0';
    *type_out = NULL;
    if (!PyErr_Occurred()) {
        return buf;
    }
    PyErr_Fetch(&ptype, &pvalue, &ptb);
    PyErr_NormalizeException(&ptype, &pvalue, &ptb);
    PyObject *s = PyObject_Str(pvalue);
    snprintf(buf, sizeof buf, "%s", PyUnicode_AsUTF8(s));
    Py_DECREF(s);
    *type_out = ptype;
    Py_XDECREF(ptype);   /* exception types are immortal enough for a comparison */
    Py_XDECREF(pvalue);
    Py_XDECREF(ptb);
    return buf;
}

static const char *const AB[] = {"a", "b", "c"};
static const Pyc2cSig SIG_F = {"f", 2, 1, AB, 0, 0, 0, 0};
static const Pyc2cSig SIG_G = {"g", 3, 3, AB, 0, 0, 0, 0};
static const Pyc2cSig SIG_H = {"h", 0, 0, NULL, 0, 0, 0, 0};
static const Pyc2cSig SIG_K = {"k", 1, 1, AB, 0, 0, 0, 0};
static const Pyc2cSig SIG_D = {"d", 1, 0, AB, 0, 0, 0, 0};
static const Pyc2cSig SIG_P = {"p", 2, 2, AB, 1, 1, 0, 0};   /* a positional-only, c keyword-only */

/* Calls sig with npos ints 1..npos and keywords (names, values 10, 11, ...);
 * returns ParseArgs' result and checks the message against `want` and against
 * the Python function of the same name called the same way. */
static int call(const Pyc2cSig *sig, int npos, const char *kwcsv, const char *want,
                PyObject **out)
{
    PyObject *args[16];
    PyObject *kwnames = NULL;
    Py_ssize_t nkw = 0;
    char pycall[256];
    int len = snprintf(pycall, sizeof pycall, "%s(", sig->name);
    for (int i = 0; i < npos; i++) {
        args[i] = PyLong_FromLong(i + 1);
        len += snprintf(pycall + len, sizeof pycall - (size_t)len, "%d,", i + 1);
    }
    if (kwcsv != NULL) {
        char names[128];
        snprintf(names, sizeof names, "%s", kwcsv);
        kwnames = PyTuple_New(0);
        for (char *tok = strtok(names, ","); tok != NULL; tok = strtok(NULL, ",")) {
            _PyTuple_Resize(&kwnames, nkw + 1);
            PyTuple_SET_ITEM(kwnames, nkw, PyUnicode_FromString(tok));
            args[npos + nkw] = PyLong_FromLong(10 + nkw);
            len += snprintf(pycall + len, sizeof pycall - (size_t)len, "%s=%d,", tok, (int)(10 + nkw));
            nkw++;
        }
    }
    snprintf(pycall + len, sizeof pycall - (size_t)len, ")");
    int rc = Pyc2c_ParseArgs(args, npos, kwnames, sig, out);
    PyObject *type;
    char got[512];
    snprintf(got, sizeof got, "%s", take_error(&type));
    assert_string_equal(got, want);
    if (rc < 0) {
        assert_true(type == PyExc_TypeError);
    }
    /* the oracle: CPython calling a def with the same signature */
    PyObject *r = PyRun_String(pycall, Py_eval_input, globals, globals);
    Py_XDECREF(r);
    PyObject *pytype;
    assert_string_equal(take_error(&pytype), want);
    for (Py_ssize_t i = 0; i < npos + nkw; i++) {
        if (rc == 0) {
            /* keep the objects alive for the caller's checks */
            continue;
        }
        Py_DECREF(args[i]);
    }
    Py_XDECREF(kwnames);
    return rc;
}

static long as_long(PyObject *o)
{
    return o == NULL ? -1 : PyLong_AsLong(o);
}

static void test_parse_ok(void **state)
{
    (void)state;
    PyObject *out[3];
    assert_int_equal(call(&SIG_F, 1, NULL, "", out), 0);
    assert_int_equal(as_long(out[0]), 1);
    assert_null(out[1]);
    assert_int_equal(call(&SIG_F, 2, NULL, "", out), 0);
    assert_int_equal(as_long(out[1]), 2);
    assert_int_equal(call(&SIG_F, 0, "b,a", "", out), 0);
    assert_int_equal(as_long(out[0]), 11);
    assert_int_equal(as_long(out[1]), 10);
    assert_int_equal(call(&SIG_G, 1, "c,b", "", out), 0);
    assert_int_equal(as_long(out[0]), 1);
    assert_int_equal(as_long(out[1]), 11);
    assert_int_equal(as_long(out[2]), 10);
    assert_int_equal(call(&SIG_H, 0, NULL, "", out), 0);
    assert_int_equal(call(&SIG_D, 0, NULL, "", out), 0);
    assert_null(out[0]);
}

static void test_parse_too_many(void **state)
{
    (void)state;
    PyObject *out[3];
    call(&SIG_F, 3, NULL, "f() takes from 1 to 2 positional arguments but 3 were given", out);
    call(&SIG_G, 4, NULL, "g() takes 3 positional arguments but 4 were given", out);
    call(&SIG_K, 2, NULL, "k() takes 1 positional argument but 2 were given", out);
    call(&SIG_H, 1, NULL, "h() takes 0 positional arguments but 1 was given", out);
    call(&SIG_D, 2, NULL, "d() takes from 0 to 1 positional arguments but 2 were given", out);
}

static void test_parse_missing(void **state)
{
    (void)state;
    PyObject *out[3];
    call(&SIG_F, 0, NULL, "f() missing 1 required positional argument: 'a'", out);
    call(&SIG_F, 0, "b", "f() missing 1 required positional argument: 'a'", out);
    call(&SIG_G, 1, NULL, "g() missing 2 required positional arguments: 'b' and 'c'", out);
    call(&SIG_G, 0, NULL, "g() missing 3 required positional arguments: 'a', 'b', and 'c'", out);
    call(&SIG_G, 0, "b", "g() missing 2 required positional arguments: 'a' and 'c'", out);
}

static void test_parse_keywords(void **state)
{
    (void)state;
    PyObject *out[3];
    call(&SIG_F, 1, "z", "f() got an unexpected keyword argument 'z'", out);
    call(&SIG_F, 1, "a", "f() got multiple values for argument 'a'", out);
    /* keywords are checked before the positional count, as in CPython */
    call(&SIG_F, 3, "z", "f() got an unexpected keyword argument 'z'", out);
    call(&SIG_F, 3, "a", "f() got multiple values for argument 'a'", out);
    call(&SIG_H, 0, "x", "h() got an unexpected keyword argument 'x'", out);
}

static void test_parse_posonly_kwonly(void **state)
{
    (void)state;
    PyObject *out[3];
    assert_int_equal(call(&SIG_P, 2, "c", "", out), 0);
    assert_int_equal(as_long(out[2]), 10);
    call(&SIG_P, 0, "a,b,c", "p() got some positional-only arguments passed as keyword arguments: 'a'", out);
    call(&SIG_P, 2, NULL, "p() missing 1 required keyword-only argument: 'c'", out);
    call(&SIG_P, 3, "c", "p() takes 2 positional arguments but 3 positional arguments (and 1 keyword-only "
                         "argument) were given", out);
    call(&SIG_P, 1, "c,b", "", out);
}

static void test_keywords_must_be_strings(void **state)
{
    (void)state;
    PyObject *out[3];
    PyObject *args[2] = {PyLong_FromLong(1), PyLong_FromLong(2)};
    PyObject *kwnames = PyTuple_Pack(1, args[0]);
    PyObject *type;
    assert_int_equal(Pyc2c_ParseArgs(args, 1, kwnames, &SIG_F, out), -1);
    assert_string_equal(take_error(&type), "f() keywords must be strings");
    assert_true(type == PyExc_TypeError);
    Py_DECREF(kwnames);
    Py_DECREF(args[0]);
    Py_DECREF(args[1]);
}

static void test_type_errors(void **state)
{
    (void)state;
    PyObject *type;
    PyObject *s = PyUnicode_FromString("x");
    Pyc2c_ArgTypeError(&SIG_G, 1, "int", s);
    assert_string_equal(take_error(&type), "g() argument 'b' must be int, not str");
    assert_true(type == PyExc_TypeError);
    Pyc2c_ArgTypeError(&SIG_G, 0, "float", Py_None);
    assert_string_equal(take_error(&type), "g() argument 'a' must be float, not None");
    Pyc2c_TypeError("int", s);
    assert_string_equal(take_error(&type), "expected int, got str");
    assert_true(type == PyExc_TypeError);
    Py_DECREF(s);
}

/* ---- tracebacks ---- */

static PyObject *run(const char *code)
{
    PyObject *r = PyRun_String(code, Py_file_input, globals, globals);
    if (r == NULL) {
        PyErr_Print();
    }
    assert_non_null(r);
    return r;
}

static void test_traceback(void **state)
{
    (void)state;
    char path[] = "/tmp/pyc2c_tb_XXXXXX.py";
    int fd = mkstemps(path, 3);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("def inner():\n    return 1 // 0\ndef outer():\n    return inner()\n", f);
    fclose(f);

    PyErr_SetString(PyExc_ZeroDivisionError, "integer division or modulo by zero");
    Pyc2c_AddTraceback("inner", path, 2, globals);
    Pyc2c_AddTraceback("outer", path, 4, globals);
    PyObject *ptype;
    PyObject *pvalue;
    PyObject *ptb;
    PyErr_Fetch(&ptype, &pvalue, &ptb);
    assert_true(ptype == PyExc_ZeroDivisionError);   /* the exception survives */
    assert_non_null(ptb);
    PyDict_SetItemString(globals, "tb", ptb);
    Py_DECREF(run("import traceback\n"
                  "entries = [(e.name, e.lineno, e.line) for e in traceback.extract_tb(tb)]\n"));
    PyObject *entries = PyDict_GetItemString(globals, "entries");
    PyObject *want = PyRun_String("[('outer', 4, 'return inner()'), ('inner', 2, 'return 1 // 0')]",
                                  Py_eval_input, globals, globals);
    if (PyObject_RichCompareBool(entries, want, Py_EQ) != 1) {
        PyObject_Print(entries, stderr, 0);
        fail();
    }
    Py_DECREF(want);
    PyErr_Restore(ptype, pvalue, ptb);
    PyErr_Clear();

    /* without globals, and with no exception text lost */
    PyErr_SetString(PyExc_ValueError, "boom");
    Pyc2c_AddTraceback("lonely", path, 3, NULL);
    PyObject *type;
    assert_string_equal(take_error(&type), "boom");
    assert_true(type == PyExc_ValueError);
    remove(path);
}

/* ---- print ---- */

static void test_print(void **state)
{
    (void)state;
    Py_DECREF(run("import io, sys\nsaved = sys.stdout\nsys.stdout = io.StringIO()\n"));
    PyObject *args[4] = {
        PyLong_FromLong(1), PyUnicode_FromString("a"), PyFloat_FromDouble(2.5),
        PyUnicode_FromString("-"),
    };
    PyObject *kwnames = Py_BuildValue("(s)", "sep");
    assert_int_equal(Pyc2c_Print(args, 3, kwnames), 0);
    assert_int_equal(Pyc2c_Print(args, 0, NULL), 0);
    assert_int_equal(Pyc2c_Print(args + 1, 2, NULL), 0);
    Py_DECREF(run("out = sys.stdout.getvalue()\nsys.stdout = saved\n"));
    assert_string_equal(PyUnicode_AsUTF8(PyDict_GetItemString(globals, "out")), "1-a-2.5\n\na 2.5\n");
    /* a bad keyword fails like print() itself */
    PyObject *bad = Py_BuildValue("(s)", "bogus");
    assert_int_equal(Pyc2c_Print(args, 1, bad), -1);
    assert_true(PyErr_ExceptionMatches(PyExc_TypeError));
    PyErr_Clear();
    Py_DECREF(bad);
    Py_DECREF(kwnames);
    for (int i = 0; i < 4; i++) {
        Py_DECREF(args[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_too_many),
        cmocka_unit_test(test_parse_missing),
        cmocka_unit_test(test_parse_keywords),
        cmocka_unit_test(test_parse_posonly_kwonly),
        cmocka_unit_test(test_keywords_must_be_strings),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_traceback),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
