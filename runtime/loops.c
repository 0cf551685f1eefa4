/* loops.c - the slow paths of native loops over dicts and sets (loops.h). */
#include "pyc2c.h"

PyObject *Pyc2cDict_LoopSource(PyObject *d, int64_t view)
{
    static const char *const views[] = {NULL, "keys", "values", "items"};
    if (PyDict_CheckExact(d)) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    if (view == 0) {
        return PyObject_GetIter(d);
    }
    PyObject *v = PyObject_CallMethod(d, views[view], NULL);
    if (v == NULL) {
        return NULL;
    }
    PyObject *it = PyObject_GetIter(v);
    Py_DECREF(v);
    return it;
}

PyObject *Pyc2cSet_LoopSource(PyObject *s)
{
    if (Py_TYPE(s) == &PySet_Type || Py_TYPE(s) == &PyFrozenSet_Type) {   /* PySet_CheckExact is 3.10+ */
        Py_INCREF(Py_None);
        return Py_None;
    }
    return PyObject_GetIter(s);
}

char Pyc2c_LoopSizeChanged(const char *what)
{
    PyErr_Format(PyExc_RuntimeError, "%s changed size during iteration", what);
    return 2;
}

int64_t Pyc2cDict_KeysChanged(void)
{
    PyErr_SetString(PyExc_RuntimeError, "dictionary keys changed during iteration");
    return PYC2C_I64_ERROR;
}
