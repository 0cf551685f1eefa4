/* test_runtime_function.c - the function object of compiled functions
 * (runtime/function.c), over a hand-written Python entry, in an embedded interpreter:
 * argument binding with __defaults__, attributes, binding as a method, annotations. */
#include "pyc2c.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

static PyObject *globals;

static const char *const params[] = {"a", "b", NULL};
static const Pyc2cSig sig = {"f", 2, 1, params, 0, 0, 0, 0};
static const char *const annotations[] = {"int", NULL, "LIMIT"};

/* def f(a: int, b=...) -> LIMIT: return (a, b) */
static PyObject *entry(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyObject *in[2];
    PyObject *defaults;
    if (Pyc2cFunction_BindArgs(self, args, nargsf, kwnames, in, &defaults) < 0) {
        return NULL;
    }
    PyObject *r = PyTuple_Pack(2, in[0], in[1]);
    Py_XDECREF(defaults);
    return r;
}

static const Pyc2cFuncDef def = {"f", NULL, "doc", entry, &sig, annotations, 0, NULL, 1, NULL, NULL, NULL, NULL, NULL};

static int setup(void **state)
{
    (void)state;
    Py_Initialize();
    globals = PyDict_New();
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals, "__name__", PyUnicode_FromString("mod"));
    PyObject *defaults[1] = {PyLong_FromLong(7)};
    PyObject *f = Pyc2cFunction_New(&def, globals, 1, defaults);
    if (f == NULL || PyDict_SetItemString(globals, "f", f) < 0) {
        PyErr_Print();
        return -1;
    }
    Py_DECREF(f);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    Py_CLEAR(globals);
    return Py_FinalizeEx() < 0 ? -1 : 0;
}

/* The repr of the expression, evaluated in globals after running the statements. */
static const char *eval(const char *stmts, const char *expr)
{
    static char buf[512];
    PyObject *r = PyRun_String(stmts, Py_file_input, globals, globals);
    PyObject *v = r ? PyRun_String(expr, Py_eval_input, globals, globals) : NULL;
    PyObject *s = v ? PyObject_Repr(v) : NULL;
    if (s == NULL) {
        PyErr_Print();
        fail_msg("%s / %s failed", stmts, expr);
    }
    snprintf(buf, sizeof buf, "%s", PyUnicode_AsUTF8(s));
    Py_XDECREF(r);
    Py_XDECREF(v);
    Py_XDECREF(s);
    return buf;
}

static void test_defaults(void **state)
{
    (void)state;
    assert_string_equal(eval("", "(f(1), f(1, 2), f(b=3, a=4), f.__defaults__)"), "((1, 7), (1, 2), (4, 3), (7,))");
    /* as in Python, the defaults a call uses are the function's __defaults__ */
    assert_string_equal(eval("f.__defaults__ = (8, 9)", "(f(), f(0))"), "((8, 9), (0, 9))");
    assert_string_equal(eval("f.__defaults__ = None\n"
                             "try:\n    f(1)\nexcept TypeError as e:\n    msg = str(e)\n", "msg"),
                        "\"f() missing 1 required positional argument: 'b'\"");
    assert_string_equal(eval("f.__defaults__ = (7,)", "f.__kwdefaults__"), "None");
}

static void test_attributes(void **state)
{
    (void)state;
    assert_string_equal(eval("", "(f.__name__, f.__qualname__, f.__module__, f.__doc__, type(f).__name__)"),
                        "('f', 'f', 'mod', 'doc', 'function')");
    assert_string_equal(eval("f.__qualname__ = 'C.g'\nf.x = 1", "(repr(f)[:16], f.__dict__)"),
                        "('<function C.g at', {'x': 1})");
    assert_string_equal(eval("try:\n    f.__name__ = 1\nexcept TypeError as e:\n    msg = str(e)\n", "msg"),
                        "'__name__ must be set to a string object'");
    assert_string_equal(eval("f.__qualname__ = 'f'\ndel f.x", "f.__dict__"), "{}");
}

static void test_method_binding(void **state)
{
    (void)state;
    assert_string_equal(eval("class C:\n    m = f\n", "(C.m is f, C().m(5)[1], type(C().m).__name__)"),
                        "(True, 5, 'method')");
}

static void test_annotations(void **state)
{
    (void)state;
    /* evaluated in the module's globals at first access */
    assert_string_equal(eval("LIMIT = 10", "(f.__annotations__, f.__annotations__ is f.__annotations__)"),
                        "({'a': <class 'int'>, 'return': 10}, True)");
    assert_string_equal(eval("import inspect", "str(inspect.signature(f))"), "'(a: int, b=7) -> 10'");
    assert_string_equal(eval("f.__annotations__ = None", "f.__annotations__"), "{}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_method_binding),
        cmocka_unit_test(test_annotations),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
