/* classes.c - class statements run natively: what builtins.__build_class__ does
 * around the class body (bases' __mro_entries__, the most derived metaclass,
 * __prepare__, the metaclass call), with CPython's error messages. The body itself is
 * compiled code that fills the namespace. */
#include "pyc2c.h"

/* bases with __mro_entries__ replaced (PEP 560); a new reference. */
static PyObject *resolve_bases(PyObject *bases)
{
    PyObject *out = NULL;   /* a list once something changed */
    Py_ssize_t n = PyTuple_GET_SIZE(bases);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *base = PyTuple_GET_ITEM(bases, i);
        PyObject *meth = NULL;
        if (!PyType_Check(base)) {
            meth = PyObject_GetAttrString(base, "__mro_entries__");
            if (meth == NULL) {
                if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
                    goto error;
                }
                PyErr_Clear();
            }
        }
        if (meth == NULL) {
            if (out != NULL && PyList_Append(out, base) < 0) {
                goto error;
            }
            continue;
        }
        PyObject *entries = PyObject_CallOneArg(meth, bases);
        Py_DECREF(meth);
        if (entries == NULL) {
            goto error;
        }
        if (!PyTuple_Check(entries)) {
            PyErr_SetString(PyExc_TypeError, "__mro_entries__ must return a tuple");
            Py_DECREF(entries);
            goto error;
        }
        if (out == NULL) {
            PyObject *head = PyTuple_GetSlice(bases, 0, i);
            out = head ? PySequence_List(head) : NULL;
            Py_XDECREF(head);
            if (out == NULL) {
                Py_DECREF(entries);
                goto error;
            }
        }
        Py_ssize_t len = PyList_GET_SIZE(out);
        int rc = PyList_SetSlice(out, len, len, entries);
        Py_DECREF(entries);
        if (rc < 0) {
            goto error;
        }
    }
    if (out == NULL) {
        Py_INCREF(bases);
        return bases;
    }
    PyObject *t = PyList_AsTuple(out);
    Py_DECREF(out);
    return t;
error:
    Py_XDECREF(out);
    return NULL;
}

static PyObject *winning_metaclass(PyObject *meta, PyObject *bases)
{
    PyTypeObject *winner = (PyTypeObject *)meta;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bases); i++) {
        PyTypeObject *t = Py_TYPE(PyTuple_GET_ITEM(bases, i));
        if (PyType_IsSubtype(winner, t)) {
            continue;
        }
        if (PyType_IsSubtype(t, winner)) {
            winner = t;
            continue;
        }
        PyErr_SetString(PyExc_TypeError, "metaclass conflict: the metaclass of a derived class must be a "
                                         "(non-strict) subclass of the metaclasses of all its bases");
        return NULL;
    }
    Py_INCREF(winner);
    return (PyObject *)winner;
}

PyObject *Pyc2c_ClassPrepare(PyObject *name, PyObject *orig_bases, PyObject *kwds)
{
    PyObject *bases = NULL, *meta = NULL, *kw = NULL, *ns = NULL, *prepare = NULL;
    bases = resolve_bases(orig_bases);
    if (bases == NULL) {
        return NULL;
    }
    if (kwds != Py_None && PyDict_GET_SIZE(kwds) > 0) {
        kw = PyDict_Copy(kwds);
        if (kw == NULL) {
            goto error;
        }
        meta = PyDict_GetItemString(kw, "metaclass");
        if (meta != NULL) {
            Py_INCREF(meta);
            if (PyDict_DelItemString(kw, "metaclass") < 0) {
                goto error;
            }
        }
    }
    if (meta == NULL) {
        meta = PyTuple_GET_SIZE(bases) ? (PyObject *)Py_TYPE(PyTuple_GET_ITEM(bases, 0)) : (PyObject *)&PyType_Type;
        Py_INCREF(meta);
    }
    if (PyType_Check(meta)) {
        PyObject *winner = winning_metaclass(meta, bases);
        Py_SETREF(meta, winner);
        if (meta == NULL) {
            goto error;
        }
    }
    prepare = PyObject_GetAttrString(meta, "__prepare__");
    if (prepare == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
            goto error;
        }
        PyErr_Clear();
        ns = PyDict_New();
    } else {
        PyObject *args[2] = {name, bases};
        ns = PyObject_VectorcallDict(prepare, args, 2, kw);
        Py_DECREF(prepare);
    }
    if (ns == NULL) {
        goto error;
    }
    if (!PyMapping_Check(ns)) {
        PyErr_Format(PyExc_TypeError, "%.200s.__prepare__() must return a mapping, not %.200s",
                     PyType_Check(meta) ? ((PyTypeObject *)meta)->tp_name : "<metaclass>", Py_TYPE(ns)->tp_name);
        goto error;
    }
    PyObject *prep = PyTuple_Pack(6, meta, bases, ns, orig_bases, kw ? kw : Py_None, name);
    Py_DECREF(meta);
    Py_DECREF(bases);
    Py_DECREF(ns);
    Py_XDECREF(kw);
    return prep;
error:
    Py_XDECREF(ns);
    Py_XDECREF(meta);
    Py_XDECREF(kw);
    Py_DECREF(bases);
    return NULL;
}

/* type.__new__ makes `__new__` a static method and `__init_subclass__`,
 * `__class_getitem__` class methods when the namespace holds a Python function there
 * (PyFunction_Check); a compiled function stands in for one, whether the def made it or
 * a decorator returned it (typing's `@_tp_cache def __class_getitem__`). */
static int wrap_implicit_methods(PyObject *ns)
{
    static const char *const names[] = {"__new__", "__init_subclass__", "__class_getitem__"};
    for (int i = 0; i < 3; i++) {
        PyObject *f = PyMapping_GetItemString(ns, names[i]);
        if (f == NULL) {
            if (!PyErr_ExceptionMatches(PyExc_KeyError)) {
                return -1;
            }
            PyErr_Clear();
            continue;
        }
        int rc = 0;
        if (Pyc2cFunction_Check(f)) {
            PyObject *m = i == 0 ? PyStaticMethod_New(f) : PyClassMethod_New(f);
            rc = m == NULL ? -1 : PyMapping_SetItemString(ns, names[i], m);
            Py_XDECREF(m);
        }
        Py_DECREF(f);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

PyObject *Pyc2c_ClassCreate(PyObject *prep)
{
    PyObject *meta = PyTuple_GET_ITEM(prep, 0), *bases = PyTuple_GET_ITEM(prep, 1);
    PyObject *ns = PyTuple_GET_ITEM(prep, 2), *orig = PyTuple_GET_ITEM(prep, 3);
    PyObject *kw = PyTuple_GET_ITEM(prep, 4), *name = PyTuple_GET_ITEM(prep, 5);
    if (bases != orig && PyMapping_SetItemString(ns, "__orig_bases__", orig) < 0) {
        return NULL;
    }
    if (wrap_implicit_methods(ns) < 0) {
        return NULL;
    }
    PyObject *args[3] = {name, bases, ns};
    return PyObject_VectorcallDict(meta, args, 3, kw == Py_None ? NULL : kw);
}

PyObject *Pyc2c_ClassLoadName(PyObject *ns, PyObject *module_dict, PyObject *name)
{
    PyObject *v;
    if (PyDict_CheckExact(ns)) {
        v = PyDict_GetItemWithError(ns, name);
        if (v != NULL) {
            Py_INCREF(v);
            return v;
        }
        if (PyErr_Occurred()) {
            return NULL;
        }
    } else {
        v = PyObject_GetItem(ns, name);
        if (v != NULL || !PyErr_ExceptionMatches(PyExc_KeyError)) {
            return v;
        }
        PyErr_Clear();
    }
    return Pyc2c_LoadGlobal(module_dict, name);
}

char Pyc2c_ClassSet313(PyObject *ns, int64_t line, PyObject *attrs)
{
#if PY_VERSION_HEX >= 0x030D0000
    if (line >= 0) {
        PyObject *n = PyLong_FromLongLong(line);
        int rc = n == NULL ? -1 : PyMapping_SetItemString(ns, "__firstlineno__", n);
        Py_XDECREF(n);
        return rc < 0 ? 2 : 0;
    }
    return PyMapping_SetItemString(ns, "__static_attributes__", attrs) < 0 ? 2 : 0;
#else
    (void)ns, (void)line, (void)attrs;
    return 0;
#endif
}

char Pyc2c_ClassDelName(PyObject *ns, PyObject *name)
{
    if (PyObject_DelItem(ns, name) == 0) {
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_KeyError)) {   /* DELETE_NAME's error */
        PyErr_Clear();
        Pyc2c_RaiseNameNotDefined(name);
    }
    return 2;
}
