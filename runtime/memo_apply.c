/* memo_apply.c - `@functools.cache` and `@functools.lru_cache(...)` on a compiled
 * function: the decorator object is recognised by identity (functools.cache,
 * functools.lru_cache, or the decorating_function closure lru_cache(maxsize, typed)
 * returned, whose cells hold the arguments lru_cache already checked), and the memo
 * object is given cache_parameters and update_wrapper's attributes as functools does. */
#include "pyc2c.h"

/* What is needed of functools, loaded at the first decoration, kept for the process. */
static struct {
    PyObject *cache, *lru_cache, *info_type, *update_wrapper;
    PyObject *decorating_code;       /* lru_cache's inner decorating_function */
    Py_ssize_t maxsize_cell, typed_cell;
    PyObject *default_maxsize;       /* 128: bare @lru_cache */
    int loaded;                      /* 1 once everything was found */
} ft;

Py_ssize_t Pyc2c_CellIndex(PyObject *code, const char *name)
{
    PyObject *names = PyObject_GetAttrString(code, "co_freevars");
    Py_ssize_t found = -1;
    for (Py_ssize_t i = 0; names != NULL && PyTuple_Check(names) && i < PyTuple_GET_SIZE(names); i++) {
        if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(names, i), name) == 0) {
            found = i;
        }
    }
    Py_XDECREF(names);
    return found;
}

static PyObject *find_decorating_code(PyObject *lru_cache)
{
    PyObject *code = PyObject_GetAttrString(lru_cache, "__code__"), *found = NULL;
    PyObject *consts = code ? PyObject_GetAttrString(code, "co_consts") : NULL;
    for (Py_ssize_t i = 0; consts != NULL && PyTuple_Check(consts) && i < PyTuple_GET_SIZE(consts); i++) {
        PyObject *c = PyTuple_GET_ITEM(consts, i);
        if (PyCode_Check(c) && PyUnicode_CompareWithASCIIString(((PyCodeObject *)c)->co_name,
                                                                 "decorating_function") == 0) {
            found = Py_NewRef(c);
        }
    }
    Py_XDECREF(consts);
    Py_XDECREF(code);
    return found;
}

/* functools as imported so far: a decorator can only be one of its objects if it was
 * imported, so nothing is imported here, and a functools that is missing or has not
 * finished importing is looked at again at the next decoration. */
static int load_functools(void)
{
    if (ft.loaded) {
        return 1;
    }
    PyObject *name = PyUnicode_FromString("functools");
    PyObject *mod = name ? PyImport_GetModule(name) : NULL;
    Py_XDECREF(name);
    if (mod != NULL) {
        ft.cache = PyObject_GetAttrString(mod, "cache");
        ft.lru_cache = PyObject_GetAttrString(mod, "lru_cache");
        ft.info_type = PyObject_GetAttrString(mod, "_CacheInfo");
        ft.update_wrapper = PyObject_GetAttrString(mod, "update_wrapper");
        Py_DECREF(mod);
    }
    ft.decorating_code = ft.lru_cache ? find_decorating_code(ft.lru_cache) : NULL;
    if (ft.decorating_code != NULL) {
        ft.maxsize_cell = Pyc2c_CellIndex(ft.decorating_code, "maxsize");
        ft.typed_cell = Pyc2c_CellIndex(ft.decorating_code, "typed");
    }
    if (ft.default_maxsize == NULL) {
        ft.default_maxsize = PyLong_FromLong(128);
    }
    PyErr_Clear();   /* anything missing: decorators are called as usual */
    ft.loaded = ft.cache && ft.info_type && ft.update_wrapper && ft.default_maxsize && ft.decorating_code &&
                ft.maxsize_cell >= 0 && ft.typed_cell >= 0;
    if (!ft.loaded) {
        Py_CLEAR(ft.cache);
        Py_CLEAR(ft.lru_cache);
        Py_CLEAR(ft.info_type);
        Py_CLEAR(ft.update_wrapper);
        Py_CLEAR(ft.decorating_code);
    }
    return ft.loaded;
}

/* 1 with *maxsize and *typed (borrowed) when deco is one of functools' cache decorators. */
static int recognise(PyObject *deco, PyObject **maxsize, PyObject **typed)
{
    if (!load_functools()) {
        return 0;
    }
    *typed = Py_False;
    if (deco == ft.cache) {
        *maxsize = Py_None;
        return 1;
    }
    if (deco == ft.lru_cache) {
        *maxsize = ft.default_maxsize;
        return 1;
    }
    if (!PyFunction_Check(deco) || PyFunction_GET_CODE(deco) != ft.decorating_code) {
        return 0;
    }
    PyObject *closure = PyFunction_GET_CLOSURE(deco);
    if (closure == NULL || !PyTuple_Check(closure) || PyTuple_GET_SIZE(closure) <= ft.maxsize_cell ||
        PyTuple_GET_SIZE(closure) <= ft.typed_cell) {
        return 0;
    }
    *maxsize = PyCell_GET(PyTuple_GET_ITEM(closure, ft.maxsize_cell));
    *typed = PyCell_GET(PyTuple_GET_ITEM(closure, ft.typed_cell));
    return *maxsize != NULL && *typed != NULL;
}

/* functools' lambda: {'maxsize': maxsize, 'typed': typed}, a new dict each call. */
static PyObject *cache_parameters(PyObject *pair, PyObject *unused)
{
    return Py_BuildValue("{sOsO}", "maxsize", PyTuple_GET_ITEM(pair, 0), "typed", PyTuple_GET_ITEM(pair, 1));
}

static PyMethodDef cache_parameters_def = {"cache_parameters", cache_parameters, METH_NOARGS, NULL};

/* The memo's __dict__: cache_parameters, then update_wrapper(memo, func). */
static PyObject *fill_wrapper(PyObject *memo, PyObject *func, PyObject *maxsize_obj, PyObject *typed_obj)
{
    PyObject *pair = PyTuple_Pack(2, maxsize_obj, typed_obj);
    PyObject *params = pair ? PyCFunction_New(&cache_parameters_def, pair) : NULL;
    Py_XDECREF(pair);
    int rc = params ? PyObject_SetAttrString(memo, "cache_parameters", params) : -1;
    Py_XDECREF(params);
    PyObject *r = rc == 0 ? PyObject_CallFunctionObjArgs(ft.update_wrapper, memo, func, NULL) : NULL;
    if (r == NULL) {
        Py_DECREF(memo);
        return NULL;
    }
    Py_DECREF(r);
    return memo;
}

PyObject *Pyc2cMemo_Apply(PyObject *deco, PyObject *func)
{
    PyObject *maxsize_obj, *typed_obj;
    if (!recognise(deco, &maxsize_obj, &typed_obj)) {
        return PyObject_CallOneArg(deco, func);
    }
    Py_ssize_t maxsize = -1;
    if (maxsize_obj != Py_None) {
        if (!PyLong_Check(maxsize_obj)) {
            return PyObject_CallOneArg(deco, func);   /* functools' own errors */
        }
        maxsize = PyLong_AsSsize_t(maxsize_obj);
        if (maxsize == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return PyObject_CallOneArg(deco, func);
        }
        maxsize = maxsize < 0 ? 0 : maxsize;
    }
    int typed = PyObject_IsTrue(typed_obj);
    if (typed < 0) {
        PyErr_Clear();
        return PyObject_CallOneArg(deco, func);
    }
    PyObject *memo = Pyc2cMemo_New(func, maxsize, typed, ft.info_type);
    return memo ? fill_wrapper(memo, func, maxsize_obj, typed_obj) : NULL;
}

int Pyc2c_MemoIntactLookup(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen)
{
    if (seen->name == NULL) {
        seen->name = PyUnicode_InternFromString(def->name);   /* kept for the process */
        if (seen->name == NULL) {
            PyErr_Clear();
            return 0;
        }
    }
    PyObject *v = PyDict_GetItemWithError(dict, seen->name);
    if (v == NULL || !Py_IS_TYPE(v, &Pyc2cMemo_Type) || !Pyc2cFunction_IsOf(((Pyc2cMemo *)v)->func, def, dict)) {
        PyErr_Clear();
        return 0;
    }
    seen->dict = dict;
    seen->version = Pyc2c_DictVersion(dict);
    seen->held = v;
    return 1;
}
