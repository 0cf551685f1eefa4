/* test_runtime_memo.c - the native memo (runtime/memo.c, memo_apply.c): the unboxed
 * int and int-tuple hashes against CPython's, and the compiled-caller entry points
 * (IntsLookup / IntsStore) against the counts and LRU order functools gives. */
#include "pyc2c.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

static PyObject *eval(const char *expr)
{
    PyObject *globals = PyDict_New();
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String(expr, Py_eval_input, globals, globals);
    Py_DECREF(globals);
    if (r == NULL) {
        PyErr_Print();
    }
    assert_non_null(r);
    return r;
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

static void test_hash_matches_cpython(void **state)
{
    (void)state;
    const int64_t vals[] = {0, 1, -1, -2, 2, 1000, -1000, ((int64_t)1 << 61) - 2, ((int64_t)1 << 61) - 1,
                            (int64_t)1 << 61, -((int64_t)1 << 61), ((int64_t)1 << 62) - 1, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        PyObject *o = PyLong_FromLongLong(vals[i]);
        assert_int_equal(Pyc2cMemo_HashI64(vals[i]), PyObject_Hash(o));
        Py_DECREF(o);
    }
}

static void test_tuple_hash_matches_cpython(void **state)
{
    (void)state;
    const int64_t vals[][4] = {{0, 0}, {1, 2}, {-1, -2}, {3, 4, 5}, {INT64_MIN + 1, 7, -9, 1000003},
                               {((int64_t)1 << 61) - 1, 1, 2, 3}};
    const int lens[] = {2, 2, 2, 3, 4, 4};
    assert_int_equal(Pyc2cMemo_TupleHashCheck(), 1);
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        PyObject *t = PyTuple_New(lens[i]);
        for (int k = 0; k < lens[i]; k++) {
            PyTuple_SET_ITEM(t, k, PyLong_FromLongLong(vals[i][k]));
        }
        assert_int_equal(Pyc2cMemo_HashInts(vals[i], lens[i]), PyObject_Hash(t));
        Py_DECREF(t);
    }
}

/* The memo lru_cache(maxsize=2) makes over a Python function. */
static PyObject *bounded_memo(void)
{
    PyObject *deco = eval("__import__('functools').lru_cache(maxsize=2)");
    PyObject *fn = eval("lambda x: x * 10");
    PyObject *memo = Pyc2cMemo_Apply(deco, fn);
    Py_DECREF(deco);
    Py_DECREF(fn);
    assert_non_null(memo);
    assert_true(Py_IS_TYPE(memo, &Pyc2cMemo_Type));
    return memo;
}

/* A compiled call of memo(v): the stored result is v * 10. */
static int call(PyObject *memo, int64_t v)
{
    Pyc2cMemoEntry *e = NULL;
    int k = Pyc2cMemo_IntLookup(memo, v, &e);
    if (k == 0) {
        assert_int_equal(Pyc2cMemo_IntsStoreShort(memo, &v, 1, v * 10), 0);
    } else if (k == 1) {
        assert_int_equal(e->result ? PyLong_AsLongLong(e->result) : e->ires, v * 10);
    }
    return k;
}

static void test_int_path_counts_and_evicts(void **state)
{
    (void)state;
    PyObject *memo = bounded_memo();
    Pyc2cMemo *m = (Pyc2cMemo *)memo;
    assert_int_equal(call(memo, 1), 0);
    assert_int_equal(call(memo, 2), 0);
    assert_int_equal(call(memo, 1), 1);   /* 2 is now the oldest */
    assert_int_equal(call(memo, 3), 0);   /* evicts 2 */
    assert_int_equal(call(memo, 1), 1);
    assert_int_equal(call(memo, 2), 0);
    assert_int_equal(m->hits, 2);
    assert_int_equal(m->misses, 4);
    assert_int_equal(m->count, 2);
    Py_DECREF(memo);
}

/* An entry stored unboxed by a compiled caller is a hit for a Python call, and back. */
static void test_python_and_int_paths_share_entries(void **state)
{
    (void)state;
    PyObject *memo = bounded_memo();
    Pyc2cMemo *m = (Pyc2cMemo *)memo;
    assert_int_equal(call(memo, 7), 0);
    PyObject *arg = PyLong_FromLong(7);
    PyObject *r = PyObject_CallOneArg(memo, arg);
    assert_int_equal(PyLong_AsLong(r), 70);
    Py_DECREF(r);
    Py_DECREF(arg);
    arg = PyLong_FromLong(8);
    r = PyObject_CallOneArg(memo, arg);
    Py_DECREF(r);
    Py_DECREF(arg);
    assert_int_equal(call(memo, 8), 1);
    assert_int_equal(m->hits, 2);
    assert_int_equal(m->misses, 2);
    Py_DECREF(memo);
}

/* Two-int keys: stored unboxed by a compiled caller, found by Python calls whose tuple
 * compares equal ((5.0, 6) and (True, 6) too, as functools' dict finds them), and back. */
static void test_int_pairs_share_entries(void **state)
{
    (void)state;
    PyObject *deco = eval("__import__('functools').lru_cache(maxsize=None)");
    PyObject *fn = eval("lambda a, b: a * 10 + b");
    PyObject *memo = Pyc2cMemo_Apply(deco, fn);
    Pyc2cMemo *m = (Pyc2cMemo *)memo;
    Pyc2cMemoEntry *e = NULL;
    int64_t v[2] = {5, 6};
    assert_int_equal(Pyc2cMemo_IntsLookup(memo, v, 2, &e), 0);
    assert_int_equal(Pyc2cMemo_IntsStoreShort(memo, v, 2, 56), 0);
    const char *calls[] = {"(5, 6)", "(5.0, 6)", "(5, 6.0)"};
    for (size_t i = 0; i < 3; i++) {
        PyObject *args = eval(calls[i]);
        PyObject *r = PyObject_Call(memo, args, NULL);
        assert_int_equal(PyLong_AsLong(r), 56);
        Py_DECREF(r);
        Py_DECREF(args);
    }
    PyObject *args = eval("(1, 2)");
    PyObject *r = PyObject_Call(memo, args, NULL);
    Py_DECREF(r);
    Py_DECREF(args);
    int64_t w[2] = {1, 2};
    assert_int_equal(Pyc2cMemo_IntsLookup(memo, w, 2, &e), 1);
    assert_int_equal(PyLong_AsLong(e->result), 12);
    args = eval("(True, 2)");
    r = PyObject_Call(memo, args, NULL);
    assert_int_equal(PyLong_AsLong(r), 12);
    Py_DECREF(r);
    Py_DECREF(args);
    assert_int_equal(m->hits, 5);
    assert_int_equal(m->misses, 2);
    assert_int_equal(m->count, 2);
    Py_DECREF(memo);
    Py_DECREF(deco);
    Py_DECREF(fn);
}

static void test_other_decorators_are_called(void **state)
{
    (void)state;
    PyObject *deco = eval("lambda f: (f, 'wrapped')");
    PyObject *fn = eval("len");
    PyObject *r = Pyc2cMemo_Apply(deco, fn);
    assert_non_null(r);
    assert_true(PyTuple_Check(r));
    Py_DECREF(r);
    Py_DECREF(deco);
    Py_DECREF(fn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_matches_cpython),
        cmocka_unit_test(test_tuple_hash_matches_cpython),
        cmocka_unit_test(test_int_path_counts_and_evicts),
        cmocka_unit_test(test_int_pairs_share_entries),
        cmocka_unit_test(test_python_and_int_paths_share_entries),
        cmocka_unit_test(test_other_decorators_are_called),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
