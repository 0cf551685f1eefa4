/* callex.c - calls with *args and **kwargs unpacking (see calls.h). */
#include "pyc2c.h"

/* "mod.qualname()" as CPython's _PyObject_FunctionStr names a callable in these
 * messages ("print()" for a builtin; str(func) without a __qualname__). */
static PyObject *function_str(PyObject *func)
{
    PyObject *qualname = PyObject_GetAttrString(func, "__qualname__");
    if (qualname == NULL) {
        PyErr_Clear();
        return PyObject_Str(func);
    }
    PyObject *module = PyObject_GetAttrString(func, "__module__");
    PyObject *r;
    if (module == NULL) {
        PyErr_Clear();
    }
    if (module != NULL && module != Py_None &&
        !(PyUnicode_Check(module) && PyUnicode_CompareWithASCIIString(module, "builtins") == 0)) {
        r = PyUnicode_FromFormat("%S.%S()", module, qualname);
    } else {
        r = PyUnicode_FromFormat("%S()", qualname);
    }
    Py_XDECREF(module);
    Py_DECREF(qualname);
    return r;
}

static int is_iterable(PyObject *o)
{
    return Py_TYPE(o)->tp_iter != NULL || PySequence_Check(o);
}

int Pyc2c_CallArgsExtend(PyObject *list, PyObject *iterable)
{
    if (!is_iterable(iterable)) {
        PyErr_Format(PyExc_TypeError, "Value after * must be an iterable, not %.200s", Py_TYPE(iterable)->tp_name);
        return -1;
    }
    Py_ssize_t end = PyList_GET_SIZE(list);
    return PyList_SetSlice(list, end, end, iterable);   /* takes any iterable, as list.extend */
}

static void kw_error(PyObject *func, const char *fmt, PyObject *arg)
{
    PyObject *name = function_str(func);
    if (name != NULL) {
        PyErr_Format(PyExc_TypeError, fmt, name, arg);
        Py_DECREF(name);
    }
}

static int kw_add(PyObject *func, PyObject *kwargs, PyObject *key, PyObject *value)
{
    int has = PyDict_Contains(kwargs, key);
    if (has > 0) {
        kw_error(func, "%U got multiple values for keyword argument '%S'", key);
    }
    return has != 0 ? -1 : PyDict_SetItem(kwargs, key, value);
}

/* A mapping other than a dict: its keys(), then mapping[key] for each (dict.update's way). */
static int merge_mapping(PyObject *func, PyObject *kwargs, PyObject *mapping)
{
    PyObject *keys = PyMapping_Keys(mapping);
    if (keys == NULL) {
        if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
            PyErr_Clear();
            PyObject *tname = PyUnicode_FromString(Py_TYPE(mapping)->tp_name);
            if (tname != NULL) {
                kw_error(func, "%U argument after ** must be a mapping, not %U", tname);
                Py_DECREF(tname);
            }
        }
        return -1;
    }
    int rc = 0;
    for (Py_ssize_t i = 0; rc == 0 && i < PyList_GET_SIZE(keys); i++) {
        PyObject *key = PyList_GET_ITEM(keys, i);
        PyObject *value = PyObject_GetItem(mapping, key);
        rc = value ? kw_add(func, kwargs, key, value) : -1;
        Py_XDECREF(value);
    }
    Py_DECREF(keys);
    return rc;
}

int Pyc2c_CallKwMerge(PyObject *func, PyObject *kwargs, PyObject *mapping)
{
    if (!PyDict_Check(mapping)) {
        return merge_mapping(func, kwargs, mapping);
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(mapping, &pos, &key, &value)) {
        if (kw_add(func, kwargs, key, value) < 0) {
            return -1;
        }
    }
    return 0;
}

PyObject *Pyc2c_CallEx(PyObject *func, PyObject *args, PyObject *kwargs)
{
    PyObject *tuple = args;
    if (!PyTuple_CheckExact(args)) {
        if (!is_iterable(args)) {
            PyObject *tname = PyUnicode_FromString(Py_TYPE(args)->tp_name);
            if (tname != NULL) {
                kw_error(func, "%U argument after * must be an iterable, not %U", tname);
                Py_DECREF(tname);
            }
            return NULL;
        }
        tuple = PySequence_Tuple(args);
        if (tuple == NULL) {
            return NULL;
        }
    } else {
        Py_INCREF(tuple);
    }
    PyObject *r = PyObject_Call(func, tuple, PyDict_GET_SIZE(kwargs) ? kwargs : NULL);
    Py_DECREF(tuple);
    return r;
}
